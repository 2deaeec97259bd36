import type { Me } from '@yuanan/contracts';
import {
  ApiClient,
  fetchTransport,
  localStorageStore,
  memoryStore,
  TokenStore,
  type ApiError,
  type KeyValueStore,
  type Transport,
} from '@yuanan/sdk';
import { getLang } from '../i18n/i18n.tsx';

export const API_BASE = '/api/v1';

export type ExpiryScope = 'main' | 'acting';
type ExpiryListener = (scope: ExpiryScope, reason: ApiError) => void;
const expiryListeners = new Set<ExpiryListener>();

/** Subscribes to "this session cannot be renewed any more" (the main sign-in or an act-as grant). */
export function onSessionExpired(fn: ExpiryListener): () => void {
  expiryListeners.add(fn);
  return () => void expiryListeners.delete(fn);
}
function emitExpired(scope: ExpiryScope, reason: ApiError): void {
  for (const fn of expiryListeners) fn(scope, reason);
}

type TokenListener = () => void;
const tokenListeners = new Set<TokenListener>();
/** Called when the main tokens change (refresh, sign-in, sign-out): sockets reconnect with the new token. */
export function onMainTokens(fn: TokenListener): () => void {
  tokenListeners.add(fn);
  return () => void tokenListeners.delete(fn);
}

let sentToPasswordChange = false;
/**
 * While a person's password is an initial or reset one, the api answers 403 `password_change_required` to all but
 * their profile, the change itself and signing out. RequireAuth sends such a person to change it first; when the
 * password is reset while they are signed in, the first refused call loads the change-password page (a full load:
 * the profile is read again and says so), and back to this page afterwards.
 */
function passwordChangeAware(inner: Transport): Transport {
  return {
    async request(req) {
      const res = await inner.request(req);
      if (res.status === 403 && (res.data as { code?: unknown } | null)?.code === 'password_change_required') {
        const loc = globalThis.location;
        if (loc && !sentToPasswordChange && !/^\/(change-password|login)/.test(loc.pathname)) {
          sentToPasswordChange = true;
          const next = loc.pathname + loc.search;
          loc.assign(`/change-password${next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`);
        }
      }
      return res;
    },
  };
}

const persistent = localStorageStore('yuanan:admin:');
export const mainTokens = new TokenStore(persistent, 'tokens');

/**
 * The signed-in person's own client: a zone user, or the platform operator on the platform. Tokens live in
 * localStorage so a reload keeps the session; the sdk refreshes them when the access token expires.
 */
export const mainClient = new ApiClient({
  baseUrl: API_BASE,
  transport: passwordChangeAware(fetchTransport()),
  tokens: mainTokens,
  lang: getLang,
  onSessionExpired: (e) => emitExpired('main', e),
  onTokens: () => tokenListeners.forEach((fn) => fn()),
});

/** A platform operator's act-as grant: a short-lived zone token, never refreshed (the grant is audited). */
export interface ActingGrant {
  accessToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  reason: string;
  me: Me;
  /**
   * Set when a city supervisor (a bureau's user) entered a zone read-only: the bureau's name for the banner. The
   * zone token is never refreshed either; the grant is re-checked by the api on every request.
   */
  supervising?: { bureauName: string; zoneId: string };
}

function sessionStore(prefix: string): KeyValueStore {
  return {
    get: (k) => globalThis.sessionStorage?.getItem(prefix + k) ?? null,
    set: (k, v) => globalThis.sessionStorage?.setItem(prefix + k, v),
    remove: (k) => globalThis.sessionStorage?.removeItem(prefix + k),
  };
}
const actingStore = sessionStore('yuanan:admin:');

/** The act-as grant survives a reload of this tab only (sessionStorage), never other tabs. */
export function loadActingGrant(): ActingGrant | null {
  const raw = actingStore.get('acting');
  if (!raw) return null;
  try {
    const g = JSON.parse(raw) as ActingGrant;
    return g.expiresAt > Date.now() + 5_000 ? g : null;
  } catch {
    return null;
  }
}
export function saveActingGrant(g: ActingGrant | null): void {
  if (g) actingStore.set('acting', JSON.stringify(g));
  else actingStore.remove('acting');
}

export function createActingClient(g: ActingGrant): ApiClient {
  const tokens = new TokenStore(memoryStore());
  tokens.set({ accessToken: g.accessToken, refreshToken: null });
  return new ApiClient({
    baseUrl: API_BASE,
    transport: fetchTransport(),
    tokens,
    lang: getLang,
    onSessionExpired: (e) => emitExpired('acting', e),
  });
}

const LAST_ZONE = 'yuanan:admin:lastZone';
export function lastZoneCode(): string {
  return globalThis.localStorage?.getItem(LAST_ZONE) ?? '';
}
export function rememberZoneCode(code: string): void {
  globalThis.localStorage?.setItem(LAST_ZONE, code.trim());
}
