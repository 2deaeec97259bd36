/** Key-value persistence: localStorage in browsers, Taro storage in the mini-program, memory in tests. */
export interface KeyValueStore {
  get(key: string): string | null;
  set(key: string, value: string): void;
  remove(key: string): void;
}

export function memoryStore(): KeyValueStore {
  const m = new Map<string, string>();
  return { get: (k) => m.get(k) ?? null, set: (k, v) => void m.set(k, v), remove: (k) => void m.delete(k) };
}

export function localStorageStore(prefix = 'yuanan:'): KeyValueStore {
  return {
    get: (k) => globalThis.localStorage?.getItem(prefix + k) ?? null,
    set: (k, v) => globalThis.localStorage?.setItem(prefix + k, v),
    remove: (k) => globalThis.localStorage?.removeItem(prefix + k),
  };
}

export interface Tokens {
  accessToken: string;
  refreshToken: string | null;
}

/** Where the session's tokens live between page loads. */
export class TokenStore {
  readonly #store: KeyValueStore;
  readonly #key: string;
  constructor(store: KeyValueStore, key = 'tokens') {
    this.#store = store;
    this.#key = key;
  }
  get(): Tokens | null {
    const raw = this.#store.get(this.#key);
    if (!raw) return null;
    try {
      return JSON.parse(raw) as Tokens;
    } catch {
      return null;
    }
  }
  set(t: Tokens | null): void {
    if (t) this.#store.set(this.#key, JSON.stringify(t));
    else this.#store.remove(this.#key);
  }
}
