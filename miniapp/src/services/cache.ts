import { errorKind } from './feedback';
import { meState, zoneState } from './session';
import { readJson, writeJson } from './storage';

interface Cached<T> {
  data: T;
  at: string;
}

/** A per-zone, per-user storage key (what one user sees is never shown to another). */
export function userKey(name: string): string | null {
  const zone = zoneState.get();
  const me = meState.get();
  return zone && me ? `cache:${name}:${zone.code}:${me.id}` : null;
}

/** The last copy kept on the phone (to show at once, or when the network is down). */
export function cachedCopy<T>(name: string): Cached<T> | null {
  const key = userKey(name);
  return key ? readJson<Cached<T>>(key) : null;
}

/**
 * Loads from the server and keeps a copy; without a network, answers with the kept copy (`offlineSince` says
 * from when). Other failures are thrown.
 */
export async function loadCached<T>(name: string, load: () => Promise<T>): Promise<{ data: T; offlineSince: string | null }> {
  try {
    const data = await load();
    const key = userKey(name);
    if (key) writeJson(key, { data, at: new Date().toISOString() } satisfies Cached<T>);
    return { data, offlineSince: null };
  } catch (e) {
    const copy = cachedCopy<T>(name);
    if (copy && (errorKind(e) === 'network' || errorKind(e) === 'server')) return { data: copy.data, offlineSince: copy.at };
    throw e;
  }
}
