/**
 * Seeded pseudo-randomness for the demo: the same seed gives the same zone on every machine and every run, so
 * seeding stays idempotent and screenshots stay comparable. Not for anything secret (it is mulberry32, a 32-bit
 * generator: fast, well distributed for picking names and dates, predictable by design).
 */
export class Rng {
  #s: number;
  /** `seed`: any string (hashed with FNV-1a) or 32-bit number. */
  constructor(seed: string | number) {
    if (typeof seed === 'number') this.#s = seed >>> 0;
    else {
      let h = 0x811c9dc5;
      for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193);
      this.#s = h >>> 0;
    }
  }
  /** A float in [0, 1). */
  next(): number {
    this.#s = (this.#s + 0x6d2b79f5) >>> 0;
    let t = this.#s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** An integer in [min, max] (both included). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** One element of a non-empty list. */
  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)]!;
  }
  /** One element by weight (`[value, weight]` pairs, weights > 0). */
  weighted<T>(list: ReadonlyArray<readonly [T, number]>): T {
    const total = list.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [v, w] of list) if ((r -= w) < 0) return v;
    return list.at(-1)![0];
  }
  /** `n` distinct elements (all when the list is shorter), in random order. */
  sample<T>(list: readonly T[], n: number): T[] {
    const a = [...list];
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [a[i], a[j]] = [a[j]!, a[i]!];
    }
    return a.slice(0, n);
  }
  /** A float in [min, max) rounded to `digits` decimals. */
  float(min: number, max: number, digits = 2): number {
    return Number((min + this.next() * (max - min)).toFixed(digits));
  }
}
