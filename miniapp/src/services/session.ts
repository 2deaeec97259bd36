import Taro from '@tarojs/taro';
import type { Me, TokenPair } from '@yuanan/contracts';
import { client, setSessionExpiredHandler, tokens, type ApiError } from './api';
import { setDisplayTimeZone } from './format';
import { observable } from './observable';
import { PAGES, homeOf } from './routes';
import { readJson, store, writeJson } from './storage';

export interface Zone {
  code: string;
  name: string;
  region: string;
}

/** The chosen zone (tenant), kept across launches. */
export const zoneState = observable<Zone | null>(readJson<Zone>('zone'));
/** The signed-in user, cached so the app opens (read-only) without a network. */
export const meState = observable<Me | null>(readJson<Me>('me'));
// Times are shown on the zone's clock from the first paint, the cached user's zone until the session is refreshed.
setDisplayTimeZone(meState.get()?.tenant?.timeZone);

export function setZone(zone: Zone | null): void {
  writeJson('zone', zone);
  zoneState.set(zone);
}

export function setMe(me: Me | null): void {
  writeJson('me', me);
  setDisplayTimeZone(me?.tenant?.timeZone);
  meState.set(me);
}

export function isSignedIn(): boolean {
  return tokens.get() !== null;
}

/** After a successful sign-in or binding: keep the tokens and the user, forget the binding step. */
export function signedIn(pair: TokenPair): Me {
  client.setTokens({ accessToken: pair.accessToken, refreshToken: pair.refreshToken });
  setMe(pair.user);
  store.remove('bind');
  return pair.user;
}

/** Signs out here and, when reachable, on the server too (a network failure does not keep anyone signed in). */
export async function signOut(): Promise<void> {
  if (tokens.get()) {
    try {
      await client.auth.logout();
    } catch {
      // offline or already expired: the local session ends anyway
    }
  }
  client.setTokens(null);
  setMe(null);
}

/** Fetches who we are; keeps the cached copy when the network is down. */
export async function refreshMe(): Promise<Me> {
  const me = await client.me.get();
  setMe(me);
  return me;
}

export function goHome(me: Me): void {
  void Taro.reLaunch({ url: homeOf(me.role) });
}

let expiring = false;
setSessionExpiredHandler((e: ApiError) => {
  setMe(null);
  if (expiring) return;
  expiring = true;
  // the sign-in page says why (登录已过期 / 该会话已退出 …) from the problem code
  void Taro.reLaunch({ url: `${PAGES.login}?expired=${encodeURIComponent(e.code)}` }).finally(() => {
    expiring = false;
  });
});
