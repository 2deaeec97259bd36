/**
 * API keys end to end on real MariaDB and Redis (issue 14 §3): create shows the key once and stores only its
 * sha256; a key calls the routes of its scopes (Bearer and X-API-Key), nothing else (403 api_key_scope — admin
 * routes, the key routes themselves); expired / revoked / unknown → 401; rotate with a grace period; the
 * per-minute limit (429 + Retry-After + RateLimit-*); zone A's key cannot see zone B's rows; the IoT ingest with a
 * key; last use written; the audit trail names the key; hostile bodies → 400 problem+json; the OpenAPI marks.
 */
import { createHash } from 'node:crypto';
import { API_KEY_SCOPES } from '@yuanan/contracts';
import { auditContext } from '../../core/audit/audit-recorder.ts';
import { runInScope } from '../../core/context/request-scope.ts';
import { tenantEm } from '../../core/db/orm.ts';
import { seedDemoApiKeys } from '../../cli/demo/demo-integration-keys.ts';
import { enterpriseWhere } from '../enterprises/enterprise-scope.ts';
import { hazardWhere } from '../hazards/hazard-scope.ts';
import { incidentScope } from '../incidents/incident.service.ts';
import { inspectionTaskWhere } from '../inspections/inspection-scope.ts';
import { createEnterprise } from '../../testing/scope-fixtures.ts';
import { createTestEnv, userWithRole, zoneWithAdmin, type TestEnv } from '../../testing/test-env.ts';
import { authenticateApiKey } from './api-key-auth.ts';

type Zone = Awaited<ReturnType<typeof zoneWithAdmin>>;

let env: TestEnv;
let A: Zone;
let B: Zone;
let entA: string;
let entB: string;

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();
const conn = () => env.api.c.orm.em.getConnection();
const sql = (q: string, p: unknown[] = []) => conn().execute(q, p) as Promise<Array<Record<string, any>>>;

/** A key of `zone` made through the api; its text and row id. */
async function makeKey(zone: Zone, scopes: string[], extra: Record<string, unknown> = {}) {
  const r = await env.req('POST', '/api/v1/api-keys', {
    token: zone.token,
    body: { name: `测试密钥${Math.random().toString(36).slice(2, 6)}`, scopes, expiresAt: inDays(30), ...extra },
  });
  if (r.status !== 201) throw new Error(JSON.stringify(r.body));
  return { key: r.body.key as string, id: r.body.apiKey.id as string, body: r.body };
}
const withKey = (method: string, path: string, key: string, body?: unknown) =>
  env.req(method, `/api/v1${path}`, { token: key, body });
const withHeader = (method: string, path: string, key: string) =>
  env.req(method, `/api/v1${path}`, { headers: { 'x-api-key': key } });

beforeAll(async () => {
  env = await createTestEnv();
  A = await zoneWithAdmin(env, 'akza');
  B = await zoneWithAdmin(env, 'akzb');
  entA = await createEnterprise(env, A.token, 'AKEYA001', '甲化工有限公司');
  entB = await createEnterprise(env, B.token, 'AKEYB001', '乙化工有限公司');
}, 120_000);
afterAll(async () => {
  await env.close();
});

test('create shows the key once; only its sha256 is stored; the list never shows it; the audit hides the hash', async () => {
  const { key, id, body } = await makeKey(A, ['hazards.read', 'enterprises.read'], { rateLimitPerMinute: 300 });
  expect(key).toMatch(/^yak_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
  expect(body.apiKey).toMatchObject({ scopes: ['hazards.read', 'enterprises.read'], rateLimitPerMinute: 300, status: 'active' });
  expect(key.startsWith(`yak_${body.apiKey.keyPrefix}_`)).toBe(true);
  const [row] = await sql('SELECT * FROM api_keys WHERE id = ?', [id]);
  expect(row!.secret_hash).toBe(createHash('sha256').update(key).digest('hex'));
  // The key's secret part is in no column.
  const secret = key.split('_').slice(2).join('_');
  expect(JSON.stringify(row)).not.toContain(secret);
  const list = await env.req('GET', '/api/v1/api-keys', { token: A.token });
  expect(list.status).toBe(200);
  expect(list.body.items.map((k: { id: string }) => k.id)).toContain(id);
  expect(JSON.stringify(list.body)).not.toContain(secret);
  expect(JSON.stringify(list.body)).not.toContain(row!.secret_hash);
  // Audited with the admin as actor; the hash is never in the diff.
  const audit = await sql("SELECT actor_id, action, diff FROM audit_log WHERE entity_type = 'ApiKey' AND entity_id = ?", [id]);
  expect(audit).toHaveLength(1);
  expect(audit[0]!.action).toBe('apiKeys.create');
  expect(audit[0]!.actor_id).toBe(A.user.id);
  const diff = typeof audit[0]!.diff === 'string' ? JSON.parse(audit[0]!.diff) : audit[0]!.diff;
  expect(diff.secretHash).toBe('[secret]');
  // Zone B does not see A's key.
  const other = await env.req('GET', '/api/v1/api-keys', { token: B.token });
  expect(other.body.items.map((k: { id: string }) => k.id)).not.toContain(id);
  expect((await env.req('POST', `/api/v1/api-keys/${id}/revoke`, { token: B.token })).status).toBe(404);
});

test('a key calls the routes of its scopes (Bearer and X-API-Key), with RateLimit headers, and last use is written', async () => {
  const { key, id } = await makeKey(A, ['hazards.read', 'enterprises.read']);
  const r = await withKey('GET', '/hazards', key);
  expect(r.status).toBe(200);
  expect(r.headers.get('ratelimit-limit')).toBe('120');
  expect(r.headers.get('ratelimit-remaining')).toBe('119');
  expect(Number(r.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
  const ents = await withHeader('GET', '/enterprises', key);
  expect(ents.status).toBe(200);
  expect(ents.body.items.map((e: { id: string }) => e.id)).toEqual([entA]);
  expect((await withKey('GET', `/enterprises/${entA}`, key)).status).toBe(200);
  const xlsx = await withKey('GET', '/hazards/export', key);
  expect(xlsx.status).toBe(200);
  expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
  const [row] = await sql('SELECT last_used_at, last_used_ip FROM api_keys WHERE id = ?', [id]);
  expect(row!.last_used_at).not.toBeNull();
  expect(row!.last_used_ip).toMatch(/127\.0\.0\.1/);
});

test('zone A’s key cannot see zone B’s rows (404 / not listed)', async () => {
  const { key } = await makeKey(A, ['enterprises.read', 'hazards.read']);
  const r = await withKey('GET', `/enterprises/${entB}`, key);
  expect(r.status).toBe(404);
  expect(r.body.code).toBe('not_found');
  const list = await withKey('GET', '/enterprises', key);
  expect(list.body.items.map((e: { id: string }) => e.id)).not.toContain(entB);
  // And B's key sees B's, not A's.
  const kb = await makeKey(B, ['enterprises.read']);
  expect((await withKey('GET', `/enterprises/${entB}`, kb.key)).status).toBe(200);
  expect((await withKey('GET', `/enterprises/${entA}`, kb.key)).status).toBe(404);
});

test('a key may call only routes declaring a scope it holds: 403 api_key_scope elsewhere (admin routes, keys, writes)', async () => {
  const { key } = await makeKey(A, ['hazards.read']);
  const refused: Array<[string, string, unknown?]> = [
    ['GET', '/enterprises'], // a scope the key lacks
    ['GET', '/users'], // no scope at all: admin
    ['GET', '/api-keys'], // the key routes themselves
    ['POST', '/api-keys', { name: 'x', scopes: ['hazards.read'], expiresAt: inDays(3) }],
    ['GET', '/audit'],
    ['GET', '/me'],
    ['POST', '/enterprises', { name: 'x' }],
    ['GET', '/iot/devices'],
  ];
  for (const [method, path, body] of refused) {
    const r = await withKey(method, path, key, body);
    expect([method, path, r.status, r.body.code]).toEqual([method, path, 403, 'api_key_scope']);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
  }
  // Nothing was created.
  expect(await sql("SELECT id FROM api_keys WHERE name = 'x'")).toEqual([]);
});

test('expired, revoked, unknown and malformed keys → 401 with their codes', async () => {
  const expired = await makeKey(A, ['hazards.read']);
  await sql('UPDATE api_keys SET expires_at = ? WHERE id = ?', [new Date(Date.now() - 1000), expired.id]);
  const e = await withKey('GET', '/hazards', expired.key);
  expect([e.status, e.body.code]).toEqual([401, 'api_key_expired']);

  const revoked = await makeKey(A, ['hazards.read']);
  expect((await withKey('GET', '/hazards', revoked.key)).status).toBe(200);
  const rv = await env.req('POST', `/api/v1/api-keys/${revoked.id}/revoke`, { token: A.token });
  expect([rv.status, rv.body.status]).toEqual([200, 'revoked']);
  const r = await withKey('GET', '/hazards', revoked.key);
  expect([r.status, r.body.code]).toEqual([401, 'api_key_revoked']);
  expect((await withHeader('GET', '/hazards', revoked.key)).body.code).toBe('api_key_revoked');
  // a revoked key's row stays as it was: no new limit or scopes on a key that never works again
  const edit = await env.req('PATCH', `/api/v1/api-keys/${revoked.id}`, { token: A.token, body: { rateLimitPerMinute: 10 } });
  expect([edit.status, edit.body.code]).toEqual([409, 'conflict']);
  // its rows in the trail are named after the key (操作留痕's 对象), not an id tail
  const trail = await env.req('GET', `/api/v1/audit?entityType=ApiKey&entityId=${revoked.id}&pageSize=20`, { token: A.token });
  expect(trail.body.items.length).toBeGreaterThan(0);
  for (const a of trail.body.items) expect(a.entityName).toBe(revoked.body.apiKey.name);

  // Right prefix, wrong secret; unknown prefix; not a key at all in X-API-Key.
  const wrong = revoked.key.slice(0, -4) + (revoked.key.endsWith('AAAA') ? 'BBBB' : 'AAAA');
  const forged = await makeKey(A, ['hazards.read']);
  const forgedWrong = forged.key.slice(0, -4) + (forged.key.endsWith('AAAA') ? 'BBBB' : 'AAAA');
  for (const bad of [forgedWrong, `yak_ZZZZZZZZZZZZ_${'a'.repeat(43)}`]) {
    const x = await withKey('GET', '/hazards', bad);
    expect([x.status, x.body.code]).toEqual([401, 'api_key_invalid']);
  }
  expect((await withKey('GET', '/hazards', wrong)).status).toBe(401);
  for (const bad of ['nonsense', 'yak_short', `Bearer ${forged.key}`]) {
    const x = await withHeader('GET', '/hazards', bad);
    expect([x.status, x.body.code]).toEqual([401, 'api_key_invalid']);
  }
  expect((await withKey('GET', '/hazards', 'yak_short')).body.code).toBe('api_key_invalid');
  // The list shows the computed statuses.
  const list = await env.req('GET', '/api/v1/api-keys?status=expired', { token: A.token });
  expect(list.body.items.map((k: { id: string }) => k.id)).toContain(expired.id);
  expect(list.body.items.every((k: { status: string }) => k.status === 'expired')).toBe(true);
});

test('rotate with a grace period: both keys work until the grace ends, then the old one is 401; grace 0 stops it now', async () => {
  const old = await makeKey(A, ['hazards.read'], { rateLimitPerMinute: 50 });
  const rot = await env.req('POST', `/api/v1/api-keys/${old.id}/rotate`, { token: A.token, body: { graceHours: 2 } });
  expect(rot.status).toBe(201);
  expect(rot.body.key).not.toBe(old.key);
  expect(rot.body.apiKey).toMatchObject({ scopes: ['hazards.read'], rateLimitPerMinute: 50, status: 'active' });
  expect(rot.body.previous).toMatchObject({ id: old.id, rotatedToId: rot.body.apiKey.id, status: 'active' });
  const graceEnd = Date.parse(rot.body.previous.expiresAt);
  expect(Math.abs(graceEnd - (Date.now() + 2 * 3600_000))).toBeLessThan(60_000);
  expect((await withKey('GET', '/hazards', old.key)).status).toBe(200);
  expect((await withKey('GET', '/hazards', rot.body.key)).status).toBe(200);
  // Rotating the old one again → 409.
  expect((await env.req('POST', `/api/v1/api-keys/${old.id}/rotate`, { token: A.token, body: {} })).status).toBe(409);
  // The grace ends (moved to the past as time would).
  await sql('UPDATE api_keys SET expires_at = ? WHERE id = ?', [new Date(Date.now() - 1), old.id]);
  const after = await withKey('GET', '/hazards', old.key);
  expect([after.status, after.body.code]).toEqual([401, 'api_key_expired']);
  expect((await withKey('GET', '/hazards', rot.body.key)).status).toBe(200);

  const now = await makeKey(A, ['hazards.read']);
  const r0 = await env.req('POST', `/api/v1/api-keys/${now.id}/rotate`, { token: A.token, body: { graceHours: 0 } });
  expect(r0.status).toBe(201);
  expect((await withKey('GET', '/hazards', now.key)).body.code).toBe('api_key_expired');
  expect((await withKey('GET', '/hazards', r0.body.key)).status).toBe(200);
  // Audited as rotate.
  const audit = await sql("SELECT action FROM audit_log WHERE entity_type = 'ApiKey' AND entity_id = ?", [now.id]);
  expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['apiKeys.create', 'apiKeys.rotate']));
});

test('three rotations of one key at once: one 201, the others 409 creating nothing; one live replacement', async () => {
  const old = await makeKey(A, ['hazards.read']);
  const rotate = () => env.req('POST', `/api/v1/api-keys/${old.id}/rotate`, { token: A.token, body: { graceHours: 1 } });
  const race = await Promise.all([rotate(), rotate(), rotate()]);
  expect(race.map((r) => r.status).sort()).toEqual([201, 409, 409]);
  const won = race.find((r) => r.status === 201)!.body;
  for (const r of race.filter((x) => x.status === 409)) {
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.body.detail).toBe('该密钥已轮换过，请轮换新密钥');
  }
  // Exactly two keys of that name: the old one (pointing at the winner) and its one replacement.
  const rows = await sql('SELECT id, rotated_to_id, revoked_at FROM api_keys WHERE name = ? ORDER BY created_at, id', [
    old.body.apiKey.name,
  ]);
  expect(rows.map((r) => [r.id, r.rotated_to_id])).toEqual([
    [old.id, won.apiKey.id],
    [won.apiKey.id, null],
  ]);
  expect((await withKey('GET', '/hazards', won.key)).status).toBe(200);
  expect((await withKey('GET', '/hazards', old.key)).status).toBe(200);
});

test('a rotated key in its grace is frozen: PATCH → 409 api_key_superseded, its scopes and limit as they were', async () => {
  const old = await makeKey(A, ['hazards.read'], { rateLimitPerMinute: 50 });
  const rot = await env.req('POST', `/api/v1/api-keys/${old.id}/rotate`, { token: A.token, body: { graceHours: 24 } });
  expect(rot.status).toBe(201);
  // The attacker holding the old key, or an admin's slip: widen the old key while it still works.
  for (const body of [
    { scopes: ['hazards.read', 'enterprises.read', 'iot.readings.write'] },
    { rateLimitPerMinute: 6000 },
    { name: '改名' },
  ]) {
    const r = await env.req('PATCH', `/api/v1/api-keys/${old.id}`, { token: A.token, body });
    expect([r.status, r.body.code]).toEqual([409, 'api_key_superseded']);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.body.detail).toContain('已轮换');
  }
  const [row] = await sql('SELECT name, scopes, rate_limit_per_minute FROM api_keys WHERE id = ?', [old.id]);
  const scopes = typeof row!.scopes === 'string' ? JSON.parse(row!.scopes) : row!.scopes;
  expect([scopes, Number(row!.rate_limit_per_minute), row!.name]).toEqual([['hazards.read'], 50, old.body.apiKey.name]);
  // Still only what it had: no enterprise reads through the old key.
  expect((await withKey('GET', '/enterprises', old.key)).body.code).toBe('api_key_scope');
  expect((await withKey('GET', '/hazards', old.key)).status).toBe(200);
  // The replacement is the one to change.
  const fresh = await env.req('PATCH', `/api/v1/api-keys/${rot.body.apiKey.id}`, {
    token: A.token,
    body: { scopes: ['hazards.read', 'enterprises.read'] },
  });
  expect([fresh.status, fresh.body.scopes]).toEqual([200, ['hazards.read', 'enterprises.read']]);
});

test('revoking the new key ends the grace of the key it replaced: both refused at once (401 api_key_revoked)', async () => {
  const k = await makeKey(A, ['hazards.read']);
  const r1 = await env.req('POST', `/api/v1/api-keys/${k.id}/rotate`, { token: A.token, body: { graceHours: 48 } });
  const k2 = { id: r1.body.apiKey.id as string, key: r1.body.key as string };
  // A second rotation while the first grace still runs: the chain K → K2 → K3.
  const r2 = await env.req('POST', `/api/v1/api-keys/${k2.id}/rotate`, { token: A.token, body: { graceHours: 48 } });
  const k3 = { id: r2.body.apiKey.id as string, key: r2.body.key as string };
  for (const key of [k.key, k2.key, k3.key]) expect((await withKey('GET', '/hazards', key)).status).toBe(200);
  const rv = await env.req('POST', `/api/v1/api-keys/${k3.id}/revoke`, { token: A.token });
  expect([rv.status, rv.body.status]).toEqual([200, 'revoked']);
  for (const key of [k.key, k2.key, k3.key]) {
    const r = await withKey('GET', '/hazards', key);
    expect([r.status, r.body.code]).toEqual([401, 'api_key_revoked']);
  }
  const rows = await sql('SELECT id, revoked_at FROM api_keys WHERE id IN (?, ?, ?)', [k.id, k2.id, k3.id]);
  expect(rows.every((r) => r.revoked_at !== null)).toBe(true);
  // Revoking a key replaced by nothing touches no other key; an unrelated key goes on.
  const other = await makeKey(A, ['hazards.read']);
  const alone = await makeKey(A, ['hazards.read']);
  await env.req('POST', `/api/v1/api-keys/${alone.id}/revoke`, { token: A.token });
  expect((await withKey('GET', '/hazards', other.key)).status).toBe(200);
});

test('a key carried twice (X-API-Key and Authorization) is refused: 400 ambiguous_credentials, whichever would win', async () => {
  const k = await makeKey(A, ['hazards.read']);
  const admin = A.token;
  const cases: Record<string, string>[] = [
    { 'x-api-key': k.key, authorization: `Bearer ${admin}` },
    { 'x-api-key': k.key, authorization: `Bearer ${k.key}` },
    { 'x-api-key': k.key, authorization: 'Basic YTpi' },
  ];
  for (const headers of cases) {
    const r = await env.req('GET', '/api/v1/hazards', { headers });
    expect([r.status, r.body.code]).toEqual([400, 'ambiguous_credentials']);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.body.detail).toContain('只发送其中一个');
  }
  // Not even on a route only the person's token could call (the key would be refused there).
  const users = await env.req('GET', '/api/v1/users', { headers: { 'x-api-key': k.key, authorization: `Bearer ${admin}` } });
  expect(users.body.code).toBe('ambiguous_credentials');
  const en = await env.req('GET', '/api/v1/hazards', {
    headers: { 'x-api-key': k.key, authorization: `Bearer ${admin}`, 'accept-language': 'en' },
  });
  expect(en.body.detail).toBe('The request carries two credentials, X-API-Key and Authorization; send only one');
  // Each alone still works.
  expect((await withHeader('GET', '/hazards', k.key)).status).toBe(200);
  expect((await env.req('GET', '/api/v1/hazards', { token: admin })).status).toBe(200);
});

test('the list names who created a key (createdByName), not only the user id', async () => {
  const admin2 = await userWithRole(env, A, 'zone_admin');
  const k = await env.req('POST', '/api/v1/api-keys', {
    token: admin2.token,
    body: { name: '建者测试', scopes: ['hazards.read'], expiresAt: inDays(30) },
  });
  expect(k.status).toBe(201);
  expect(k.body.apiKey).toMatchObject({ createdBy: admin2.id, createdByName: '测试zone_admin' });
  const list = await env.req('GET', '/api/v1/api-keys', { token: A.token });
  const row = list.body.items.find((i: { id: string }) => i.id === k.body.apiKey.id);
  expect(row).toMatchObject({ createdBy: admin2.id, createdByName: '测试zone_admin' });
  const mine = list.body.items.find((i: { createdBy: string | null }) => i.createdBy === A.user.id);
  expect(mine.createdByName).toBe(A.user.name);
});

test('the per-minute limit: the N+1th call in the window is 429 rate_limited with Retry-After and RateLimit-*', async () => {
  // Stay inside one minute window.
  const s = new Date().getUTCSeconds();
  if (s > 50) await new Promise((r) => setTimeout(r, (61 - s) * 1000));
  const { key } = await makeKey(A, ['hazards.read'], { rateLimitPerMinute: 3 });
  for (let i = 1; i <= 3; i++) {
    const r = await withKey('GET', '/hazards', key);
    expect(r.status).toBe(200);
    expect(r.headers.get('ratelimit-remaining')).toBe(String(3 - i));
  }
  const r = await withKey('GET', '/hazards', key);
  expect(r.status).toBe(429);
  expect(r.body.code).toBe('rate_limited');
  expect(r.headers.get('content-type')).toContain('application/problem+json');
  const retry = Number(r.headers.get('retry-after'));
  expect(retry).toBeGreaterThan(0);
  expect(retry).toBeLessThanOrEqual(60);
  expect(r.headers.get('ratelimit-limit')).toBe('3');
  expect(r.headers.get('ratelimit-remaining')).toBe('0');
  expect(r.headers.get('ratelimit-reset')).toBe(String(retry));
  // Another key of the zone has its own window.
  const other = await makeKey(A, ['hazards.read'], { rateLimitPerMinute: 3 });
  expect((await withKey('GET', '/hazards', other.key)).status).toBe(200);
  // PATCH raises the limit: the next call passes.
  const k = (await env.req('GET', '/api/v1/api-keys', { token: A.token })).body.items.find((x: { keyPrefix: string }) =>
    key.startsWith(`yak_${x.keyPrefix}_`),
  );
  const p = await env.req('PATCH', `/api/v1/api-keys/${k.id}`, { token: A.token, body: { rateLimitPerMinute: 10 } });
  expect([p.status, p.body.rateLimitPerMinute]).toEqual([200, 10]);
  expect((await withKey('GET', '/hazards', key)).status).toBe(200);
});

test('IoT ingest: a key with iot.readings.write reports for any device of its zone; without the scope 403', async () => {
  const d = await env.req('POST', '/api/v1/iot/devices', {
    token: A.token,
    body: { code: 'AK-GAS1', name: '测试探测器', type: 'gas_combustible' },
  });
  expect(d.status).toBe(201);
  const dB = await env.req('POST', '/api/v1/iot/devices', {
    token: B.token,
    body: { code: 'AK-GASB', name: '乙探测器', type: 'gas_combustible' },
  });
  expect(dB.status).toBe(201);
  const { key } = await makeKey(A, ['iot.readings.write']);
  const ts = Date.now() - 2000;
  const r = await env.req('POST', '/api/v1/iot/ingest', {
    headers: { 'x-api-key': key },
    body: {
      readings: [
        { device: 'AK-GAS1', ts, v: { gas_lel: 3.5 } },
        { device: 'AK-GASB', ts, v: { gas_lel: 1 } },
      ],
    },
  });
  expect(r.status).toBe(200);
  expect(r.body.accepted).toBe(1);
  // B's device is not a device of A's zone.
  expect(r.body.results).toEqual([{ index: 1, status: 'rejected', reason: 'unknown_device' }]);
  const rows = await sql('SELECT value FROM iot_readings WHERE device_id = ?', [d.body.device.id]);
  expect(rows.map((x) => Number(x.value))).toEqual([3.5]);
  expect(await sql('SELECT value FROM iot_readings WHERE device_id = ?', [dB.body.device.id])).toEqual([]);
  // A read-only key may not write readings; a readings key may not read devices.
  const ro = await makeKey(A, ['iot.read']);
  const refused = await env.req('POST', '/api/v1/iot/ingest', {
    token: ro.key,
    body: { readings: [{ device: 'AK-GAS1', ts: ts + 1, v: { gas_lel: 3 } }] },
  });
  expect([refused.status, refused.body.code]).toEqual([403, 'api_key_scope']);
  expect((await withKey('GET', '/iot/devices', key)).body.code).toBe('api_key_scope');
  expect((await withKey('GET', '/iot/devices', ro.key)).status).toBe(200);
  expect((await withKey('GET', '/iot/alarms', ro.key)).status).toBe(200);
});

test('the other marked routes answer a key of their scope (whole-zone read)', async () => {
  const all = await makeKey(A, [...API_KEY_SCOPES]);
  for (const path of ['/inspection-tasks', '/incidents', '/iot/devices', '/iot/alarms', '/enterprises/export', '/hazards']) {
    const r = await withKey('GET', path, all.key);
    expect([path, r.status]).toEqual([path, 200]);
  }
  // A grid worker without grids sees no hazards; a key sees the zone's.
  const h = await env.req('POST', '/api/v1/hazards', {
    token: A.token,
    body: {
      enterpriseId: entA,
      source: 'grid_patrol',
      categoryCode: 'electrical',
      description: '配电箱门缺失，线路裸露',
      place: '二号车间',
    },
  });
  expect(h.status).toBe(201);
  const seen = await withKey('GET', '/hazards', all.key);
  expect(seen.body.items.map((x: { id: string }) => x.id)).toContain(h.body.id);
  expect((await withKey('GET', `/hazards/${h.body.id}`, all.key)).status).toBe(200);
  const grid = await userWithRole(env, A, 'grid_worker');
  expect((await env.req('GET', '/api/v1/hazards', { token: grid.token })).body.items).toEqual([]);
});

test('the audit trail names the key as the actor of what it does', async () => {
  const { key, id } = await makeKey(A, ['hazards.read']);
  const auth = await authenticateApiKey(env.api.c, key);
  expect(auth.actor).toMatchObject({ userId: id, role: 'api_client', apiKeyId: id });
  expect(auth.actor.name).toMatch(/^API 密钥 测试密钥/);
  const ctx = runInScope(
    {
      requestId: 'r',
      tenantId: A.tenant.id,
      em: null,
      actor: auth.actor,
      ip: '10.0.0.9',
      userAgent: 'ua',
      action: 'hazards.list',
    },
    () => auditContext(),
  );
  expect(ctx).toMatchObject({ actorId: id, role: 'api_client', ip: '10.0.0.9', action: 'hazards.list' });
  expect(ctx.actorName).toBe(auth.actor.name);
  // The data scopes of the marked routes read the whole zone for the key's role (none narrows like a person's).
  const em = tenantEm(env.api.c.orm, A.tenant.id);
  expect(await inspectionTaskWhere(em, auth.actor, { timeZone: 'Asia/Shanghai' })).toEqual({});
  expect(incidentScope(auth.actor)).toEqual({});
  expect(await hazardWhere(em, auth.actor)).toEqual({});
  expect(await enterpriseWhere(em, auth.actor)).toEqual({});
  // …while an enterprise user's is narrowed (the check can fail).
  expect(incidentScope({ ...auth.actor, role: 'enterprise_staff' })).not.toEqual({});
});

test('hostile bodies → 400 problem+json with field errors, nothing saved; admin-only writes', async () => {
  const before = (await sql('SELECT COUNT(*) AS n FROM api_keys'))[0]!.n;
  const base = { name: '对接', scopes: ['hazards.read'], expiresAt: inDays(10) };
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ ...base, scopes: ['admin.all'] }, 'scopes'],
    [{ ...base, scopes: [] }, 'scopes'],
    [{ ...base, scopes: ['hazards.read', 'hazards.read'] }, 'scopes'],
    [{ ...base, scopes: 'hazards.read' }, 'scopes'],
    [{ ...base, expiresAt: inDays(-1) }, 'expiresAt'],
    [{ ...base, expiresAt: inDays(800) }, 'expiresAt'],
    [{ ...base, expiresAt: 'tomorrow' }, 'expiresAt'],
    [{ ...base, rateLimitPerMinute: 0 }, 'rateLimitPerMinute'],
    [{ ...base, rateLimitPerMinute: 6001 }, 'rateLimitPerMinute'],
    [{ ...base, rateLimitPerMinute: 1.5 }, 'rateLimitPerMinute'],
    [{ ...base, name: '' }, 'name'],
    [{ ...base, name: 'x'.repeat(61) }, 'name'],
    [{ ...base, secretHash: 'f'.repeat(64) }, ''],
    [{ scopes: ['hazards.read'], expiresAt: inDays(10) }, 'name'],
    [{ name: 'x', scopes: ['hazards.read'] }, 'expiresAt'],
  ];
  for (const [body, field] of cases) {
    const r = await env.req('POST', '/api/v1/api-keys', { token: A.token, body });
    expect([JSON.stringify(body), r.status]).toEqual([JSON.stringify(body), 400]);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.body.code).toBe('validation_failed');
    if (field) expect(r.body.errors.map((e: { path: string }) => e.path.split('.')[0])).toContain(field);
  }
  expect((await sql('SELECT COUNT(*) AS n FROM api_keys'))[0]!.n).toBe(before);
  const { id } = await makeKey(A, ['hazards.read']);
  for (const body of [{ graceHours: 169 }, { graceHours: -1 }, { graceHours: 'x' }, { expiresAt: inDays(-2) }]) {
    const r = await env.req('POST', `/api/v1/api-keys/${id}/rotate`, { token: A.token, body });
    expect([JSON.stringify(body), r.status, r.body.code]).toEqual([JSON.stringify(body), 400, 'validation_failed']);
  }
  for (const body of [{ scopes: ['nope'] }, { rateLimitPerMinute: 0 }, { keyPrefix: 'abc' }]) {
    const r = await env.req('PATCH', `/api/v1/api-keys/${id}`, { token: A.token, body });
    expect([JSON.stringify(body), r.status]).toEqual([JSON.stringify(body), 400]);
  }
  expect((await env.req('POST', '/api/v1/api-keys/not-a-uuid/revoke', { token: A.token })).status).toBe(400);
  // A safety officer reads the keys but does not manage them.
  const officer = await userWithRole(env, A, 'safety_officer');
  expect((await env.req('GET', '/api/v1/api-keys', { token: officer.token })).status).toBe(200);
  expect((await env.req('POST', '/api/v1/api-keys', { token: officer.token, body: base })).status).toBe(403);
  // Nobody makes a person with the key's role.
  const u = await env.req('POST', '/api/v1/users', {
    token: A.token,
    body: { username: 'apiclient1', name: '密钥', role: 'api_client', password: 'Choose#A-Str0ng-One' },
  });
  expect([u.status, u.body.code]).toEqual([400, 'validation_failed']);
  const inv = await env.req('POST', '/api/v1/invitations', { token: A.token, body: { role: 'api_client' } });
  expect(inv.status).toBe(400);
});

test('OpenAPI: the apiKey security scheme, per-operation security and x-api-key-scope, and the scope table', async () => {
  const doc = (await env.req('GET', '/api/v1/openapi.json')).body;
  expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
  expect(doc.components.securitySchemes.apiKeyHeader).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-API-Key' });
  for (const sc of API_KEY_SCOPES) expect(doc.info.description).toContain(`\`${sc}\``);
  const ops = new Map<string, any>();
  for (const [path, item] of Object.entries<any>(doc.paths))
    for (const [method, op] of Object.entries<any>(item)) ops.set(op.operationId, { ...op, method, path });
  const expected: Record<string, string> = {
    'enterprises.list': 'enterprises.read',
    'enterprises.get': 'enterprises.read',
    'enterprises.export': 'enterprises.read',
    'hazards.list': 'hazards.read',
    'hazards.get': 'hazards.read',
    'hazards.export': 'hazards.read',
    'inspectionTasks.list': 'inspections.read',
    'iot.devices.list': 'iot.read',
    'iot.alarms.list': 'iot.read',
    'incidents.list': 'incidents.read',
    'incidents.get': 'incidents.read',
    'iot.ingest': 'iot.readings.write',
  };
  for (const [opId, scope] of Object.entries(expected)) {
    const op = ops.get(opId);
    expect([opId, op?.['x-api-key-scope']]).toEqual([opId, scope]);
    expect(op.security).toEqual(expect.arrayContaining([{ apiKey: [scope] }]));
  }
  expect(ops.get('hazards.list').security).toEqual(expect.arrayContaining([{ bearer: [] }]));
  // Only marked operations carry the mark: never the admin or the key routes.
  for (const opId of ['users.list', 'apiKeys.list', 'apiKeys.create', 'hazards.create', 'audit.list'])
    if (ops.has(opId)) expect([opId, ops.get(opId)['x-api-key-scope']]).toEqual([opId, undefined]);
  const marked = [...ops.values()].filter((o) => o['x-api-key-scope']);
  for (const o of marked) expect(API_KEY_SCOPES).toContain(o['x-api-key-scope']);
  // Every marked operation is a read, but the ingest.
  for (const o of marked) if (o.operationId !== 'iot.ingest') expect([o.operationId, o.method]).toEqual([o.operationId, 'get']);
});

test('the demo keys: the provincial key rotated once (old expired, replaced), the gateway key in use; a second seed adds nothing', async () => {
  const zone = await zoneWithAdmin(env, 'akdemo');
  const em = tenantEm(env.api.c.orm, zone.tenant.id);
  const seed = () =>
    runInScope(
      { requestId: 'demo', tenantId: zone.tenant.id, em, actor: null, ip: null, userAgent: null, action: 'demo.seed' },
      () => seedDemoApiKeys(em),
    );
  expect(await seed()).toEqual({ keys: 3, skipped: false });
  expect(await seed()).toEqual({ keys: 0, skipped: true });
  const list = (await env.req('GET', '/api/v1/api-keys', { token: zone.token })).body.items as Array<Record<string, any>>;
  const prov = list.filter((k) => k.name === '省平台数据对接');
  expect(prov.map((k) => k.status).sort()).toEqual(['active', 'expired']);
  const old = prov.find((k) => k.status === 'expired')!;
  const cur = prov.find((k) => k.status === 'active')!;
  expect(old.rotatedToId).toBe(cur.id);
  expect(cur.scopes).toEqual(['hazards.read', 'enterprises.read']);
  const gw = list.find((k) => k.name === '园区IoT网关')!;
  expect(gw).toMatchObject({ status: 'active', scopes: ['iot.readings.write'], rateLimitPerMinute: 600 });
  expect(Date.now() - Date.parse(gw.lastUsedAt)).toBeLessThan(10 * 60_000);
});
