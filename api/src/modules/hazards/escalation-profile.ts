/**
 * Where escalation time goes: milliseconds and calls per stage (load, claim, recipients, notify, timeline,
 * schedule...), summed over the process. The benchmark prints it; production code only pays a few clock reads.
 */
export const escalationProfile = {
  stages: new Map<string, { ms: number; calls: number; items: number }>(),
  /** Adds `ms` spent in `stage` for `items` escalations (one call). */
  add(stage: string, ms: number, items = 1): void {
    const s = this.stages.get(stage) ?? { ms: 0, calls: 0, items: 0 };
    s.ms += ms;
    s.calls += 1;
    s.items += items;
    this.stages.set(stage, s);
  },
  reset(): void {
    this.stages.clear();
  },
};

/** Runs `fn` and adds its wall time to `stage`. */
export async function timed<T>(stage: string, items: number, fn: () => Promise<T>): Promise<T> {
  const t = performance.now();
  try {
    return await fn();
  } finally {
    escalationProfile.add(stage, performance.now() - t, items);
  }
}
