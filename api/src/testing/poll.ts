/** Waits `ms` milliseconds. */
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Polls `fn` every `stepMs` (default 200 ms) until `ok` accepts its value or `ms` milliseconds have passed, and
 * returns the last value either way (the test's own expect then fails with what it saw). For waiting on queue
 * workers, jobs and fan-outs in integration tests.
 */
export async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms: number, stepMs = 200): Promise<T> {
  const end = Date.now() + ms;
  let v = await fn();
  while (!ok(v) && Date.now() < end) {
    await sleep(stepMs);
    v = await fn();
  }
  return v;
}
