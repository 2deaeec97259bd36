import type { KeyValueStore } from '@yuanan/sdk';

/*
 * The phone keeps a copy of each law text read (to show offline), but WeChat storage is 10 MB per mini-program and
 * one full version (安全生产法) is ~0.3 MB of JSON: only the most recently read ones are kept (LRU). Pure (no Taro):
 * unit-tested in law-cache.test.ts; the pages call it through law-cache-taro.ts.
 */

/** Law versions (the reader's full texts) kept on the phone. */
export const LAW_VERSION_CACHE_LIMIT = 5;
/** Single articles (the article page, a few kB each) kept on the phone. */
export const LAW_ARTICLE_CACHE_LIMIT = 30;

/**
 * Marks `entryKey` as just read in the recency list stored under `indexKey` (JSON string[], most recent first) and
 * removes from `store` every entry beyond `limit`. `found` are keys of the same family already on the phone but not
 * in the list (copies saved before the list existed): they count as the oldest. Returns the removed keys.
 */
export function rememberRecent(
  store: KeyValueStore,
  indexKey: string,
  entryKey: string,
  limit: number,
  found: readonly string[] = [],
): string[] {
  let list: string[] = [];
  try {
    const raw = store.get(indexKey);
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    if (Array.isArray(parsed)) list = parsed.filter((k): k is string => typeof k === 'string');
  } catch {
    // a damaged list: start again (the found keys still get trimmed)
  }
  const order = [...new Set([entryKey, ...list, ...found])];
  const kept = order.slice(0, Math.max(1, limit));
  const removed = order.slice(kept.length);
  for (const k of removed) store.remove(k);
  store.set(indexKey, JSON.stringify(kept));
  return removed;
}
