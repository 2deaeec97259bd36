import Taro from '@tarojs/taro';
import { useEffect } from 'react';
import { userKey } from '../../services/cache';
import { store } from '../../services/storage';
import { LAW_ARTICLE_CACHE_LIMIT, LAW_VERSION_CACHE_LIMIT, rememberRecent } from './law-cache';

/** storage.ts's `store` prefixes every key with this (Taro's key list shows it). */
const STORE_PREFIX = 'yuanan:';

/**
 * Marks the law copy cached under `name` (`law-version:<id>` or `law-article:<id>:<key>`, a services/cache.ts name)
 * as just read by this user, and drops this user's least recently read copies of that family beyond its limit
 * ({@link LAW_VERSION_CACHE_LIMIT} versions, {@link LAW_ARTICLE_CACHE_LIMIT} articles). Storage errors are ignored.
 */
export function keepRecentLawCopy(family: 'law-version' | 'law-article', name: string): void {
  const entry = userKey(name);
  const index = userKey(`${family}-recent`);
  if (!entry || !index) return;
  // The same user's copies of this family already on the phone (a copy saved before the list existed counts too).
  const owner = entry.slice(`cache:${name}`.length);
  let found: string[] = [];
  try {
    found = Taro.getStorageInfoSync()
      .keys.filter((k) => k.startsWith(`${STORE_PREFIX}cache:${family}:`) && k.endsWith(owner))
      .map((k) => k.slice(STORE_PREFIX.length));
  } catch {
    // no key list on this platform: the recency list alone bounds it
  }
  rememberRecent(store, index, entry, family === 'law-version' ? LAW_VERSION_CACHE_LIMIT : LAW_ARTICLE_CACHE_LIMIT, found);
}

/** Calls {@link keepRecentLawCopy} each time the page has the record `loaded` (from the server or the phone's copy). */
export function useRecentLawCopy(family: 'law-version' | 'law-article', name: string | null, loaded: unknown): void {
  useEffect(() => {
    if (name && loaded) keepRecentLawCopy(family, name);
  }, [family, name, loaded]);
}
