import type { KeyValueStore } from '@yuanan/sdk';
import { LAW_VERSION_CACHE_LIMIT, rememberRecent } from './law-cache';

/** An in-memory store like Taro storage. */
function memory(): KeyValueStore & { keys: () => string[] } {
  const m = new Map<string, string>();
  return {
    get: (k) => m.get(k) ?? null,
    set: (k, v) => void m.set(k, v),
    remove: (k) => void m.delete(k),
    keys: () => [...m.keys()],
  };
}

const INDEX = 'cache:law-version-recent:Z:u1';
const copy = (id: string) => `cache:law-version:${id}:Z:u1`;

test('keeps the 5 most recently read versions and removes the least recently read one', () => {
  const s = memory();
  expect(LAW_VERSION_CACHE_LIMIT).toBe(5);
  for (const id of ['v1', 'v2', 'v3', 'v4', 'v5']) {
    s.set(copy(id), '{}');
    expect(rememberRecent(s, INDEX, copy(id), LAW_VERSION_CACHE_LIMIT)).toEqual([]);
  }
  // v1 read again: now v2 is the least recently read.
  expect(rememberRecent(s, INDEX, copy('v1'), LAW_VERSION_CACHE_LIMIT)).toEqual([]);
  s.set(copy('v6'), '{}');
  expect(rememberRecent(s, INDEX, copy('v6'), LAW_VERSION_CACHE_LIMIT)).toEqual([copy('v2')]);
  expect(s.get(copy('v2'))).toBeNull();
  expect(s.get(copy('v1'))).toBe('{}');
  expect(JSON.parse(s.get(INDEX)!)).toEqual(['v6', 'v1', 'v5', 'v4', 'v3'].map(copy));
  expect(s.keys().filter((k) => k.startsWith('cache:law-version:'))).toHaveLength(5);
});

test('copies saved before the list existed count as the oldest; a damaged list starts again', () => {
  const s = memory();
  const old = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map(copy);
  for (const k of old) s.set(k, '{}');
  s.set(INDEX, 'not json');
  const removed = rememberRecent(s, INDEX, copy('new'), 5, old);
  expect(removed).toEqual(old.slice(4));
  expect(JSON.parse(s.get(INDEX)!)).toEqual([copy('new'), ...old.slice(0, 4)]);
  for (const k of removed) expect(s.get(k)).toBeNull();
});
