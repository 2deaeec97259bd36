/** Small helpers shared by the benchmarks: timing, percentiles and the one output format. */
export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

/** One figure per line, JSON, so CI logs and scripts can read them. */
export function figure(name: string, value: number, unit: string, extra: Record<string, unknown> = {}): void {
  console.log(JSON.stringify({ figure: name, value: Math.round(value * 100) / 100, unit, ...extra }));
}

/** Samples this process's memory while `fn` runs; returns the peaks (MB). */
export async function withPeakMemory<T>(fn: () => Promise<T>): Promise<{ result: T; peakRssMb: number; peakHeapMb: number }> {
  let peakRss = 0;
  let peakHeap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  const t = setInterval(sample, 50);
  try {
    const result = await fn();
    sample();
    return { result, peakRssMb: peakRss / 2 ** 20, peakHeapMb: peakHeap / 2 ** 20 };
  } finally {
    clearInterval(t);
  }
}

export async function latencies(n: number, call: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await call(i);
    out.push(performance.now() - t);
  }
  return out.sort((a, b) => a - b);
}
