import Taro from '@tarojs/taro';
import type { KeyValueStore } from '@yuanan/sdk';

/**
 * The sdk's KeyValueStore on Taro storage (wx.setStorageSync in WeChat, localStorage in H5). Values are strings;
 * storage errors (quota, private mode) never break a page: a failed write is simply not persisted.
 */
export function taroStore(prefix = 'yuanan:'): KeyValueStore {
  return {
    get(key) {
      try {
        const v: unknown = Taro.getStorageSync(prefix + key);
        return typeof v === 'string' && v !== '' ? v : null;
      } catch {
        return null;
      }
    },
    set(key, value) {
      try {
        Taro.setStorageSync(prefix + key, value);
      } catch {
        // not persisted
      }
    },
    remove(key) {
      try {
        Taro.removeStorageSync(prefix + key);
      } catch {
        // nothing to remove
      }
    },
  };
}

export const store = taroStore();

/** JSON helpers on the store. */
export function readJson<T>(key: string): T | null {
  const raw = store.get(key);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return null;
  }
}
export function writeJson(key: string, value: unknown): void {
  if (value === null || value === undefined) store.remove(key);
  else store.set(key, JSON.stringify(value));
}
