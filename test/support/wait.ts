/**
 * Polls `read` every `everyMs` until `want(value)` holds or `timeoutMs` passes, and returns the last value read:
 * assert on it, so a timeout fails showing what the page or the api last said (the machine is shared and slow;
 * never a fixed sleep as an assertion).
 */
export async function eventually<T>(
  read: () => Promise<T>,
  want: (v: T) => boolean,
  timeoutMs = 20_000,
  everyMs = 250,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last = await read();
  while (!want(last) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, everyMs));
    last = await read();
  }
  return last;
}
