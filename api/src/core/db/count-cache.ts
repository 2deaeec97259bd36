import { LRUCache } from 'lru-cache';

/** A cached count: the total and whether it stopped at the cap, valid for one data version. */
export interface CachedCount {
  total: number;
  capped: boolean;
}

/**
 * Counts of filtered lists kept per process, keyed by the query and checked against a cheap version of the data
 * (a "fingerprint" read from an index in O(log n), e.g. the latest write time of a zone's rows). A count is
 * reused only while the version is unchanged, so it is as exact as the version; `ttlMs` bounds the staleness
 * when two writes share one version (the same millisecond). Concurrent misses of one key share one computation.
 * Why: a capped `COUNT(*)` still reads every matching index entry up to the cap, so the list's latency grew with
 * the data (issue 8 §2) while the page itself is index-bound.
 */
export class CountCache {
  readonly #cache: LRUCache<string, CachedCount & { version: string }>;
  readonly #inflight = new Map<string, Promise<CachedCount>>();
  hits = 0;
  misses = 0;

  /** `max` entries (a few hundred bytes each), each kept at most `ttlMs` milliseconds. */
  constructor(max = 10_000, ttlMs = 60_000) {
    this.#cache = new LRUCache({ max, ttl: ttlMs });
  }

  /** The count of `key` at data version `version`, computed by `compute` when not cached for that version. */
  async get(key: string, version: string, compute: () => Promise<CachedCount>): Promise<CachedCount> {
    const hit = this.#cache.get(key);
    if (hit && hit.version === version) {
      this.hits++;
      return { total: hit.total, capped: hit.capped };
    }
    const flightKey = `${version}\u0000${key}`;
    const running = this.#inflight.get(flightKey);
    if (running) return running;
    this.misses++;
    const p = compute()
      .then((c) => {
        this.#cache.set(key, { ...c, version });
        return c;
      })
      .finally(() => this.#inflight.delete(flightKey));
    this.#inflight.set(flightKey, p);
    return p;
  }
}
