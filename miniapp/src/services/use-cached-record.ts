import Taro from '@tarojs/taro';
import { useCallback, useRef, useState } from 'react';
import { loadCached } from './cache';
import { errorMessage } from './feedback';

/** A record loaded through the phone's cache, and how the last load went. */
export interface CachedRecord<T> {
  data: T | null;
  /** Why the last load failed (the copy on the phone could not stand in either). */
  error: string | null;
  /** Set when `data` is the copy kept on the phone because the network is down (ISO time it was saved). */
  offlineSince: string | null;
  /** Loads it again (the page calls it on show, on pull-down, after its outbox item is sent…). */
  load: () => Promise<void>;
}

/**
 * One record of a page (a hazard, an alarm) by `loadCached` under `cacheKey`: `load` fetches it, keeps the copy,
 * and ends a pull-down refresh. Nothing loads while `cacheKey` is null (no id in the route).
 */
export function useCachedRecord<T>(cacheKey: string | null, fetch: () => Promise<T>): CachedRecord<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [offlineSince, setOfflineSince] = useState<string | null>(null);
  const fetchRef = useRef(fetch);
  fetchRef.current = fetch;
  const load = useCallback(async () => {
    if (!cacheKey) return;
    try {
      const r = await loadCached(cacheKey, () => fetchRef.current());
      setData(r.data);
      setOfflineSince(r.offlineSince);
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      Taro.stopPullDownRefresh();
    }
  }, [cacheKey]);
  return { data, error, offlineSince, load };
}
