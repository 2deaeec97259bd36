import Taro from '@tarojs/taro';
import type { Me } from '@yuanan/contracts';
import { ApiError, client } from './api';
import { signedIn } from './session';
import { readJson, store, writeJson } from './storage';

/** How this device proves a WeChat identity: wx.login in WeChat, a development code in a browser. */
export type LoginMethod = { kind: 'wechat' } | { kind: 'dev'; code: string };

/** The pending binding: a WeChat identity the zone does not know yet (the bind token lives 10 minutes). */
export interface BindState {
  zone: string;
  method: LoginMethod;
  bindToken: string;
  at: number;
}
const BIND_TOKEN_TTL_MS = 9 * 60 * 1000;

export function bindState(): BindState | null {
  return readJson<BindState>('bind');
}

/** The development usernames pre-bound by the demo seed (`dev:demo:<zone>:<username>`). */
export const DEMO_IDENTITIES: Array<{ username: string; label: string }> = [
  { username: 'ent-admin', label: '企业负责人' },
  { username: 'ent-staff', label: '企业安全员' },
  { username: 'grid1', label: '网格员' },
  { username: 'inspector', label: '第三方检查员' },
  { username: 'rescue1', label: '救援队员' },
  { username: 'rescue-lead', label: '救援队长' },
  { username: 'keeper', label: '器材管理员' },
  { username: 'safety', label: '安监人员' },
];

export function demoCode(zone: string, username: string): string {
  return `dev:demo:${zone}:${username}`;
}

function randomId(n: number): string {
  const chars = 'abcdefghijkmnpqrstuvwxyz23456789';
  let s = '';
  for (let i = 0; i < n; i++) s += chars[Math.floor(Math.random() * chars.length)];
  return s;
}

/** "A new WeChat identity" for the browser: a random development code kept in storage (same user next time). */
export function devIdentity(): string {
  let code = store.get('dev-identity');
  if (!code) {
    code = `dev:${Date.now().toString(36)}-${randomId(12)}`;
    store.set('dev-identity', code);
  }
  return code;
}
export function resetDevIdentity(): string {
  store.remove('dev-identity');
  return devIdentity();
}

/**
 * Whether this server offers the development login (never in production). Asks /public/config; a server without
 * that endpoint is asked the direct way: a development code is accepted (→ true) or refused (dev_login_disabled).
 */
export async function devLoginAvailable(zone: string): Promise<boolean> {
  try {
    const cfg = await client.tenant.publicConfig();
    return cfg.devLogin === true;
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 404) throw e;
  }
  try {
    await client.auth.wechatLogin({ tenant: zone, code: 'dev:probe' });
    return true;
  } catch (e) {
    if (e instanceof ApiError && (e.code === 'dev_login_disabled' || e.code === 'wechat_login_failed')) return false;
    throw e;
  }
}

async function codeFor(method: LoginMethod): Promise<string> {
  if (method.kind === 'dev') return method.code;
  const r = await Taro.login();
  if (!r.code) throw new ApiError({ status: 0, code: 'wechat_login_failed', message: '未能获取微信登录凭证，请重试' });
  return r.code;
}

export type LoginOutcome = { status: 'ok'; me: Me } | { status: 'unbound'; bind: BindState };

/** Signs in with a WeChat identity; an identity the zone does not know yet must bind with an invitation code. */
export async function loginWith(zone: string, method: LoginMethod): Promise<LoginOutcome> {
  const code = await codeFor(method);
  const r = await client.auth.wechatLogin({ tenant: zone, code });
  if (r.status === 'ok') return { status: 'ok', me: signedIn(r) };
  const bind: BindState = { zone, method, bindToken: r.bindToken, at: Date.now() };
  writeJson('bind', bind);
  return { status: 'unbound', bind };
}

/**
 * Binds with an invitation code. A bind token that is missing or too old is renewed first (one more wx.login), and
 * once more if the server says it expired, so a user who comes back later does not have to start over.
 */
export async function bindWith(zone: string, method: LoginMethod, input: { invitationCode: string; name?: string }): Promise<Me> {
  const fresh = async (): Promise<string | Me> => {
    const r = await loginWith(zone, method);
    return r.status === 'ok' ? r.me : r.bind.bindToken;
  };
  const state = bindState();
  let token: string | Me =
    state && state.zone === zone && Date.now() - state.at < BIND_TOKEN_TTL_MS ? state.bindToken : await fresh();
  if (typeof token !== 'string') return token; // meanwhile bound (another device): signed in
  const bind = (bindToken: string) =>
    client.auth.wechatBind({ bindToken, invitationCode: input.invitationCode, name: input.name || undefined });
  try {
    return signedIn(await bind(token));
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 401) throw e;
    token = await fresh();
    if (typeof token !== 'string') return token;
    return signedIn(await bind(token));
  }
}
