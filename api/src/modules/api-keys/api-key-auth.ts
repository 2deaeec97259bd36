import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'koa';
import { API_KEY_PATTERN, API_KEY_SCOPE_LABELS, type ApiKeyScope } from '@yuanan/contracts';
import type { Authenticated } from '../../core/auth/authenticate.ts';
import type { AccessClaims } from '../../core/auth/tokens.ts';
import type { Container } from '../../core/container.ts';
import type { Actor } from '../../core/context/request-scope.ts';
import { AppError, t } from '../../core/http/problem.ts';

/*
 * Authentication of API keys (issue 14 §3) — the one place that reads `api_keys` across tenants: a key's text
 * carries no tenant, so its row is found by its unique prefix; the tenant comes from that row and nowhere else.
 * Every other read of `api_keys` goes through the tenant-bound EntityManager (api-key.service.ts).
 */

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `n` base62 characters from the CSPRNG (rejection sampling: no bias). */
function base62(n: number): string {
  let out = '';
  while (out.length < n) {
    for (const b of randomBytes(n * 2)) {
      if (b < 248) out += BASE62[b % 62];
      if (out.length === n) break;
    }
  }
  return out;
}

/** sha256 hex of the whole key text: what `api_keys.secret_hash` stores. */
export function hashApiKey(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * A new key: `yak_<12 base62>_<43 base64url>` — the prefix (≈71 bits, unique index) finds the row, the secret is
 * 256 random bits. Returns the text (to show once), its prefix and hash (to store).
 */
export function newApiKey(): { text: string; prefix: string; hash: string } {
  const prefix = base62(12);
  const text = `yak_${prefix}_${randomBytes(32).toString('base64url')}`;
  return { text, prefix, hash: hashApiKey(text) };
}

/** 401 `api_key_invalid`: malformed, unknown prefix or wrong secret (never says which). */
const invalidKey = () =>
  new AppError(
    401,
    'api_key_invalid',
    t('API 密钥无效：请检查密钥是否完整（yak_ 开头）', 'Invalid API key: check that the whole key (yak_…) is sent'),
  );

/**
 * The API key a request carries, or null when it carries none: `X-API-Key: yak_…` or `Authorization: Bearer yak_…`
 * (a Bearer token that is not `yak_…` is a person's token: null). An `X-API-Key` header that is not a key's text
 * → 401 `api_key_invalid`. Both an `X-API-Key` and an `Authorization` header → 400 `ambiguous_credentials`: which
 * one acts is never chosen silently (a key must not ride along a person's token, nor the other way round).
 */
export function apiKeyOf(ctx: Context): string | null {
  if (ctx.headers['x-api-key'] !== undefined && ctx.headers.authorization !== undefined)
    throw new AppError(
      400,
      'ambiguous_credentials',
      t(
        '请求同时带了 X-API-Key 和 Authorization 两种凭证，请只发送其中一个',
        'The request carries two credentials, X-API-Key and Authorization; send only one',
      ),
    );
  const header = ctx.get('x-api-key');
  if (header) {
    const v = header.trim();
    if (!API_KEY_PATTERN.test(v)) throw invalidKey();
    return v;
  }
  const m = /^Bearer\s+(yak_\S*)$/i.exec(ctx.get('authorization') ?? '');
  if (!m) return null;
  if (!API_KEY_PATTERN.test(m[1]!)) throw invalidKey();
  return m[1]!;
}

interface KeyRow {
  id: string;
  tenant_id: string;
  name: string;
  secret_hash: string;
  scopes: string | ApiKeyScope[];
  rate_limit_per_minute: number;
  expires_at: Date | string;
  revoked_at: Date | string | null;
}

/** The authenticated key of a request (`ctx.state.apiKey`). */
export interface ApiKeyCaller {
  id: string;
  tenantId: string;
  name: string;
  scopes: ApiKeyScope[];
  rateLimitPerMinute: number;
}

const asDate = (v: Date | string) =>
  v instanceof Date ? v : new Date(String(v).replace(' ', 'T') + (/[zZ+]/.test(String(v)) ? '' : 'Z'));

/**
 * Authenticates a key's text: lookup by prefix, constant-time comparison of the sha256, then revoked (401
 * `api_key_revoked`), expired (401 `api_key_expired`; a rotated key after its grace too), the zone disabled (403
 * `tenant_disabled`). The actor is the key: `{ userId: key.id, name: 'API 密钥 ' + name, role: 'api_client',
 * apiKeyId }`, so the audit trail records the key as who acted.
 */
export async function authenticateApiKey(
  c: Container,
  text: string,
  now = new Date(),
): Promise<Authenticated & { apiKey: ApiKeyCaller }> {
  const m = API_KEY_PATTERN.exec(text);
  if (!m) throw invalidKey();
  const rows = (await c.orm.em
    .getConnection()
    .execute(
      'SELECT id, tenant_id, name, secret_hash, scopes, rate_limit_per_minute, expires_at, revoked_at FROM api_keys WHERE key_prefix = ?',
      [m[1]],
    )) as KeyRow[];
  const row = rows[0];
  // Compare even when no row exists, so an unknown prefix costs the same as a wrong secret.
  const want = Buffer.from(row?.secret_hash ?? '0'.repeat(64), 'utf8');
  const got = Buffer.from(hashApiKey(text), 'utf8');
  const same = want.length === got.length && timingSafeEqual(want, got);
  if (!row || !same) throw invalidKey();
  if (row.revoked_at) throw new AppError(401, 'api_key_revoked', t('该 API 密钥已被吊销', 'This API key was revoked'));
  if (asDate(row.expires_at).getTime() <= now.getTime())
    throw new AppError(
      401,
      'api_key_expired',
      t('该 API 密钥已过期，请使用新密钥', 'This API key has expired; use its replacement'),
    );
  const tenant = await c.tenants.byId(row.tenant_id);
  if (!tenant) throw invalidKey();
  if (tenant.status !== 'active') throw new AppError(403, 'tenant_disabled');
  const scopes = (typeof row.scopes === 'string' ? JSON.parse(row.scopes) : row.scopes) as ApiKeyScope[];
  const name = `API 密钥 ${row.name}`;
  const actor: Actor = {
    userId: row.id,
    name,
    role: 'api_client',
    enterpriseId: null,
    sessionId: null,
    actingAs: null,
    apiKeyId: row.id,
  };
  // A key has no token: the claims a handler might read say who it is, with no session.
  const claims = { sub: row.id, tid: tenant.id, role: 'api_client', eid: null, sid: '', act: null, name } as AccessClaims;
  return {
    claims,
    actor,
    tenant,
    apiKey: { id: row.id, tenantId: tenant.id, name: row.name, scopes, rateLimitPerMinute: Number(row.rate_limit_per_minute) },
  };
}

/** 403 `api_key_scope`: the route declares no scope, or one the key does not hold. */
export function checkApiKeyScope(key: ApiKeyCaller, scope: ApiKeyScope | undefined): void {
  if (scope && key.scopes.includes(scope)) return;
  throw new AppError(
    403,
    'api_key_scope',
    scope
      ? t(
          `该 API 密钥没有「${scope}」权限（${API_KEY_SCOPE_LABELS[scope].zh}）`,
          `The API key lacks the scope "${scope}" (${API_KEY_SCOPE_LABELS[scope].en})`,
        )
      : t('API 密钥只能调用标明了密钥权限范围的接口', 'An API key may call only endpoints that declare an API-key scope'),
  );
}

/** Redis key (under the `P:` prefix) of a key's request counter in minute `minute` (epoch minutes). */
export const rateKey = (tenantId: string, id: string, minute: number) => `t:{${tenantId}}:apikey:${id}:rl:${minute}`;
/** Redis key of the "last use written this minute" guard. */
export const usedKey = (tenantId: string, id: string) => `t:{${tenantId}}:apikey:${id}:used`;

/**
 * Counts the request in the key's fixed one-minute window (`INCR` + `EXPIRE`), sets `RateLimit-Limit`,
 * `RateLimit-Remaining` and `RateLimit-Reset` (seconds to the window's end) on the response, and refuses the
 * request past the limit: 429 `rate_limited` with `Retry-After`. Redis unreachable → 503 (fail closed).
 */
export async function applyRateLimit(c: Container, ctx: Context, key: ApiKeyCaller, now = Date.now()): Promise<void> {
  const minute = Math.floor(now / 60_000);
  const k = rateKey(key.tenantId, key.id, minute);
  const res = await c.redis.multi().incr(k).expire(k, 120).exec();
  const count = Number(res?.[0]?.[1] ?? 0);
  if (!res || res[0]?.[0]) throw new AppError(503, 'service_unavailable');
  const reset = Math.max(1, Math.ceil(((minute + 1) * 60_000 - now) / 1000));
  const limit = key.rateLimitPerMinute;
  ctx.set('RateLimit-Limit', String(limit));
  ctx.set('RateLimit-Remaining', String(Math.max(0, limit - count)));
  ctx.set('RateLimit-Reset', String(reset));
  if (count > limit)
    throw new AppError(
      429,
      'rate_limited',
      t(
        `该 API 密钥每分钟最多 ${limit} 次请求，请 ${reset} 秒后再试`,
        `This API key may make ${limit} requests a minute; retry in ${reset} s`,
      ),
      {
        headers: {
          'Retry-After': String(reset),
          'RateLimit-Limit': String(limit),
          'RateLimit-Remaining': '0',
          'RateLimit-Reset': String(reset),
        },
      },
    );
}

/**
 * Writes `last_used_at/ip` at most once a minute per key (Redis `SET NX EX 60` guard; plain SQL, not audited).
 * A failure is logged, never fails the request.
 */
export async function touchApiKey(c: Container, key: ApiKeyCaller, ip: string | null, now = new Date()): Promise<void> {
  try {
    const first = await c.redis.set(usedKey(key.tenantId, key.id), '1', 'EX', 60, 'NX');
    if (first !== 'OK') return;
    await c.orm.em
      .getConnection()
      .execute('UPDATE api_keys SET last_used_at = ?, last_used_ip = ? WHERE id = ? AND tenant_id = ?', [
        now,
        ip ? ip.slice(0, 45) : null,
        key.id,
        key.tenantId,
      ]);
  } catch (err) {
    c.logger.warn({ err, apiKeyId: key.id }, 'api key: last use not recorded');
  }
}
