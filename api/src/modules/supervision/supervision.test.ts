/**
 * City supervision (issue 14 §1): bureaus and grants kept by the platform, entering a granted zone read-only, the
 * grant re-checked on every request (expiry mid-session, revocation), and every read logged for the zone and the
 * bureau. Real MariaDB and Redis.
 */
import { createTestEnv, DEMO_PW, platformOperator, zoneWithAdmin, type TestEnv } from '../../testing/test-env.ts';
import type { Socket } from 'socket.io-client';
import { realtimeClient } from '../../testing/realtime.ts';
import { GRANT_CACHE_MS } from './supervision-scope.ts';
import { expireGrant } from '../../testing/supervision-fixtures.ts';

let env: TestEnv;
let op: Awaited<ReturnType<typeof platformOperator>>;
let A: Awaited<ReturnType<typeof zoneWithAdmin>>;
let B: Awaited<ReturnType<typeof zoneWithAdmin>>;
const DAY = 86_400_000;

async function bureau(code: string, name: string) {
  const r = await env.req('POST', '/api/v1/platform/bureaus', {
    token: op.token,
    body: { code, name, region: '浙江省义乌市', user: { username: 'city', name: '冯立群', password: DEMO_PW } },
  });
  expect(r.status).toBe(201);
  const login = await env.req('POST', '/api/v1/auth/login', { body: { tenant: code, username: 'city', password: DEMO_PW } });
  expect(login.status).toBe(200);
  return { id: r.body.bureau.id as string, token: login.body.accessToken as string, body: r.body, me: login.body.user };
}

async function grant(bureauId: string, zoneId: string, extra: Record<string, unknown> = {}) {
  const r = await env.req('POST', '/api/v1/platform/supervision-grants', {
    token: op.token,
    body: { bureauId, zoneId, validUntil: new Date(Date.now() + 30 * DAY).toISOString(), ...extra },
  });
  expect(r.status).toBe(201);
  return r.body;
}

const enter = (token: string, zoneId: string) => env.req('POST', `/api/v1/supervision/zones/${zoneId}/enter`, { token });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  env = await createTestEnv();
  op = await platformOperator(env);
  A = await zoneWithAdmin(env, 'supa');
  B = await zoneWithAdmin(env, 'supb');
}, 120_000);
afterAll(() => env.close());

test('the platform creates a bureau with its first user; the bureau is no zone', async () => {
  const yiwu = await bureau('yiwu', '义乌市应急管理局');
  expect(yiwu.body).toMatchObject({ bureau: { code: 'yiwu', activeGrants: 0, users: 1 }, created: true });
  expect(yiwu.me).toMatchObject({ role: 'city_supervisor', tenant: { kind: 'bureau', code: 'yiwu' } });
  // idempotent by code; a zone's code is refused
  const again = await env.req('POST', '/api/v1/platform/bureaus', {
    token: op.token,
    body: { code: 'yiwu', name: '义乌市应急管理局', region: '浙江省义乌市', user: { username: 'city', name: '冯立群' } },
  });
  expect(again.status).toBe(200);
  // a repeated POST naming another user does not add a second supervisor
  const other = await env.req('POST', '/api/v1/platform/bureaus', {
    token: op.token,
    body: { code: 'yiwu', name: '义乌市应急管理局', region: '浙江省义乌市', user: { username: 'city2', name: '另一人' } },
  });
  expect(other.status).toBe(409);
  expect((await env.req('GET', '/api/v1/platform/bureaus', { token: op.token })).body.items[0].users).toBe(1);
  const taken = await env.req('POST', '/api/v1/platform/bureaus', {
    token: op.token,
    body: { code: 'supa', name: '冒名', region: '浙江省', user: { username: 'city', name: '某' } },
  });
  expect(taken.status).toBe(409);
  // a weak given password is refused at the field the request named (user.password, not the zone's admin.password)
  const weak = await env.req('POST', '/api/v1/platform/bureaus', {
    token: op.token,
    body: { code: 'weakbureau', name: '弱密码局', region: '浙江省', user: { username: 'city', name: '某', password: '123' } },
  });
  expect([weak.status, weak.body.code, weak.body.errors?.[0]?.path]).toEqual([400, 'password_policy', 'user.password']);
  // zone routes refuse a bureau token; bureau routes refuse zone and platform tokens; 'any' serves the bureau
  const zoneRoute = await env.req('GET', '/api/v1/enterprises', { token: yiwu.token });
  expect(zoneRoute.status).toBe(403);
  expect((await env.req('GET', '/api/v1/supervision/zones', { token: A.token })).status).toBe(403);
  expect((await env.req('GET', '/api/v1/supervision/zones', { token: op.token })).status).toBe(403);
  const me = await env.req('GET', '/api/v1/me', { token: yiwu.token });
  expect(me.status).toBe(200);
  expect(me.body.tenant.kind).toBe('bureau');
  const list = await env.req('GET', '/api/v1/platform/bureaus', { token: op.token });
  expect(list.body.items.map((b: { code: string }) => b.code)).toEqual(['yiwu']);
  // only the platform operator manages bureaus
  expect((await env.req('GET', '/api/v1/platform/bureaus', { token: A.token })).status).toBe(403);
});

test('grants: a bureau sees and enters only granted zones; enter B → 404; reads are logged for zone and bureau', async () => {
  const b = await bureau('yw2', '义乌市应急管理局二');
  const g = await grant(b.id, A.tenant.id, { note: '年度监管' });
  expect(g).toMatchObject({ state: 'active', bureauName: '义乌市应急管理局二', zoneCode: 'supa', note: '年度监管' });

  const zones = await env.req('GET', '/api/v1/supervision/zones', { token: b.token });
  expect(zones.body.map((z: { zoneId: string }) => z.zoneId)).toEqual([A.tenant.id]);

  expect((await enter(b.token, B.tenant.id)).status).toBe(404);
  expect((await enter(b.token, '0190f1a2-0000-7000-8000-000000000000')).status).toBe(404);
  const e = await enter(b.token, A.tenant.id);
  expect(e.status).toBe(200);
  expect(e.body.user).toMatchObject({
    role: 'city_supervisor',
    name: '冯立群',
    tenant: { id: A.tenant.id, kind: 'zone' },
    supervising: { bureauId: b.id, grantId: g.id },
  });
  const tok = e.body.accessToken as string;

  // reads inside the zone work; writes are refused before the permission check
  const list = await env.req('GET', '/api/v1/enterprises', { token: tok });
  expect(list.status).toBe(200);
  const me = await env.req('GET', '/api/v1/me', { token: tok });
  expect(me.body.supervising.bureauName).toBe('义乌市应急管理局二');
  // 我的会话 inside the zone lists the supervisor's own sessions (they live in the bureau), this one marked current
  const sessions = await env.req('GET', '/api/v1/me/sessions', { token: tok });
  expect(sessions.status).toBe(200);
  expect(sessions.body.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
  const write = await env.req('POST', '/api/v1/catalog', { token: tok, body: { kind: 'grid', code: 'x1', name: '网格' } });
  expect(write).toMatchObject({ status: 403, body: { code: 'supervision_read_only' } });
  const pw = await env.req('POST', '/api/v1/me/password', { token: tok, body: { currentPassword: DEMO_PW, newPassword: 'x' } });
  expect(pw.body).toMatchObject({ code: 'supervision_read_only', detail: expect.stringContaining('返回本机构') });
  // the zone's own trail (who did what from where) stays closed inside it; the bureau's own trail is open to it
  expect((await env.req('GET', '/api/v1/audit', { token: tok })).status).toBe(403);
  expect(me.body.permissions).not.toContain('audit.read');
  const own = await env.req('GET', '/api/v1/audit?pageSize=100', { token: b.token });
  expect(own.status).toBe(200);
  expect(own.body.items.map((a: { action: string }) => a.action)).toContain('supervision.grants.create');
  // its creation is a bureau's (监管机构), not a zone's
  const born = own.body.items.find((a: { action: string }) => a.action === 'supervision.bureaus.create');
  expect(born).toMatchObject({ entityType: 'Bureau', entityName: '义乌市应急管理局二' });
  // the token is for zone A only: bureau routes refuse it
  expect((await env.req('GET', '/api/v1/supervision/zones', { token: tok })).status).toBe(403);

  // an id that is not zone A's (here zone B's own id): 404, and A's log keeps the route, not B's id
  expect((await env.req('GET', `/api/v1/enterprises/${B.tenant.id}`, { token: tok })).status).toBe(404);
  // the zone sees who read it, with a per-day summary; the bureau sees its own trail
  const zoneSide = await env.req('GET', '/api/v1/supervision-reads', { token: A.token });
  expect(zoneSide.status).toBe(200);
  expect(zoneSide.body.items).toContainEqual(
    expect.objectContaining({ status: 404, path: '/api/v1/enterprises/:id', resourceId: null }),
  );
  expect(JSON.stringify(zoneSide.body)).not.toContain(B.tenant.id);
  const ops = zoneSide.body.items.map((r: { operationId: string }) => r.operationId);
  expect(ops).toEqual(expect.arrayContaining(['enterprises.list', 'catalog.create', 'me.changePassword']));
  // the console's session plumbing (who am I) is not a read of the zone's records
  expect(ops).not.toContain('me.get');
  expect(zoneSide.body.items.every((r: { bureauId: string }) => r.bureauId === b.id)).toBe(true);
  const refused = zoneSide.body.items.find((r: { operationId: string }) => r.operationId === 'catalog.create');
  expect(refused).toMatchObject({ status: 403, method: 'POST', path: '/api/v1/catalog', userName: '冯立群' });
  expect(zoneSide.body.days).toEqual([
    expect.objectContaining({ id: b.id, name: '义乌市应急管理局二', reads: zoneSide.body.total, users: 1 }),
  ]);
  // zone B has none; B's admin cannot filter its way into A's
  const other = await env.req('GET', '/api/v1/supervision-reads', { token: B.token });
  expect(other.body).toMatchObject({ total: 0, items: [], days: [] });
  const mine = await env.req('GET', '/api/v1/supervision/reads', { token: b.token });
  expect(mine.body.total).toBe(zoneSide.body.total);
  expect(mine.body.items[0]).toMatchObject({ zoneId: A.tenant.id, zoneName: A.tenant.name });
  // signing out is allowed (it changes nothing of the zone's), and the session is over
  const out = await env.req('POST', '/api/v1/auth/logout', { token: tok, body: {} });
  expect(out.status).toBe(204);
  expect((await env.req('GET', '/api/v1/supervision/zones', { token: b.token })).status).toBe(401);

  // grants are in the platform's, the zone's and the bureau's trails
  const trail = async (token: string) =>
    ((await env.req('GET', '/api/v1/audit?pageSize=100', { token })).body.items as Array<{ action: string }>).map(
      (r) => r.action,
    );
  expect(await trail(A.token)).toContain('supervision.grants.create');
  expect(await trail(op.token)).toContain('supervision.grants.create');
});

test('revocation ends an entered session at the next request; expiry mid-session → 403 supervision_grant_ended', async () => {
  const b = await bureau('yw3', '义乌市应急管理局三');
  const g = await grant(b.id, A.tenant.id);
  const tok = (await enter(b.token, A.tenant.id)).body.accessToken as string;
  expect((await env.req('GET', '/api/v1/enterprises', { token: tok })).status).toBe(200);
  const rv = await env.req('POST', `/api/v1/platform/supervision-grants/${g.id}/revoke`, { token: op.token, body: {} });
  expect(rv.body).toMatchObject({ state: 'revoked', revokedBy: '平台运营员' });
  const after = await env.req('GET', '/api/v1/enterprises', { token: tok });
  expect(after).toMatchObject({ status: 403, body: { code: 'supervision_grant_ended' } });
  // the refused attempt is in the zone's read log as well, beside the read before the revocation
  const log = await env.req('GET', '/api/v1/supervision-reads?pageSize=100', { token: A.token });
  const ours = (log.body.items as Array<{ bureauId: string; operationId: string; status: number }>).filter(
    (r) => r.bureauId === b.id && r.operationId === 'enterprises.list',
  );
  expect(ours.map((r) => r.status).sort()).toEqual([200, 403]);
  expect((await enter(b.token, A.tenant.id)).status).toBe(404);
  expect((await env.req('GET', '/api/v1/supervision/zones', { token: b.token })).body).toEqual([]);
  // a revoked grant cannot be changed
  const patch = await env.req('PATCH', `/api/v1/platform/supervision-grants/${g.id}`, {
    token: op.token,
    body: { validUntil: new Date(Date.now() + 99 * DAY).toISOString() },
  });
  expect(patch.status).toBe(409);

  // a grant that lapses while the supervisor reads: refused once it ends (the cache never outlives the grant)
  const short = await grant(b.id, A.tenant.id, { validUntil: new Date(Date.now() + 2500).toISOString() });
  const tok2 = (await enter(b.token, A.tenant.id)).body.accessToken as string;
  expect((await env.req('GET', '/api/v1/enterprises', { token: tok2 })).status).toBe(200);
  await sleep(2600);
  const lapsed = await env.req('GET', '/api/v1/enterprises', { token: tok2 });
  expect(lapsed).toMatchObject({ status: 403, body: { code: 'supervision_grant_ended' } });
  expect(short.state).toBe('active');
  // a request refused because its grant ended read nothing, and the zone still sees the attempt (status 403)
  const zoneSide = await env.req('GET', `/api/v1/supervision-reads?bureauId=${b.id}`, { token: A.token });
  const refusedRows = zoneSide.body.items.filter((r: { status: number; grantId: string }) => r.status === 403);
  expect(refusedRows.length).toBeGreaterThanOrEqual(2);
  expect(GRANT_CACHE_MS).toBeLessThanOrEqual(5000);
}, 30_000);

test('PATCH changes validity; an expired grant cannot be entered; the range is checked', async () => {
  const b = await bureau('yw4', '义乌市应急管理局四');
  const g = await grant(b.id, B.tenant.id);
  const bad = await env.req('PATCH', `/api/v1/platform/supervision-grants/${g.id}`, {
    token: op.token,
    body: { validUntil: new Date(Date.now() - 10 * DAY).toISOString() },
  });
  expect(bad.status).toBe(400);
  // moving the end into the past would rewrite when access ended: refused, pointing at 撤销
  const past = await env.req('PATCH', `/api/v1/platform/supervision-grants/${g.id}`, {
    token: op.token,
    body: { validFrom: new Date(Date.now() - 60 * DAY).toISOString(), validUntil: new Date(Date.now() - DAY).toISOString() },
  });
  expect(past.body).toMatchObject({ status: 400, errors: [{ message: expect.stringContaining('撤销') }] });
  const still = await env.req('GET', `/api/v1/platform/supervision-grants?bureauId=${b.id}`, { token: op.token });
  expect(still.body.items.map((x: { state: string }) => x.state)).toEqual(['active']);
  await expireGrant(env, g.id);
  expect((await enter(b.token, B.tenant.id)).status).toBe(404);
  const list = await env.req('GET', `/api/v1/platform/supervision-grants?bureauId=${b.id}&state=expired`, { token: op.token });
  expect(list.body.items.map((x: { id: string }) => x.id)).toEqual([g.id]);
  const create = await env.req('POST', '/api/v1/platform/supervision-grants', {
    token: op.token,
    body: { bureauId: b.id, zoneId: B.tenant.id, validUntil: new Date(Date.now() - DAY).toISOString() },
  });
  expect(create.status).toBe(400);
  const noBureau = await env.req('POST', '/api/v1/platform/supervision-grants', {
    token: op.token,
    body: { bureauId: A.tenant.id, zoneId: B.tenant.id, validUntil: new Date(Date.now() + DAY).toISOString() },
  });
  expect(noBureau.status).toBe(404);
});

test('a bureau without a grant sees nothing on every bureau list route', async () => {
  const none = await bureau('nogrant', '无授权应急管理局');
  const doc = (await env.req('GET', '/api/v1/openapi.json')).body as {
    paths: Record<string, Record<string, { 'x-tenant'?: string; parameters?: Array<{ in: string }> }>>;
  };
  const bureauGets = Object.entries(doc.paths)
    .filter(([path, ops]) => ops.get && path.startsWith('/api/v1/supervision/') && !path.includes('{'))
    .map(([path]) => path);
  expect(bureauGets).toEqual(expect.arrayContaining(['/api/v1/supervision/zones', '/api/v1/supervision/reads']));
  for (const path of bureauGets) {
    const r = await env.req('GET', path, { token: none.token });
    const text = JSON.stringify(r.body);
    // no zone's id or code in any answer, and nothing listed
    expect([A.tenant.id, B.tenant.id, 'supa', 'supb'].filter((x) => text.includes(x))).toEqual([]);
    if (r.status === 200) {
      const items = Array.isArray(r.body) ? r.body : (r.body.items ?? r.body.zones ?? []);
      expect(items).toEqual([]);
    } else expect([403, 404]).toContain(r.status);
  }
  expect((await enter(none.token, A.tenant.id)).status).toBe(404);
});

test('city_supervisor belongs to bureaus only: zones refuse it in users and invitations', async () => {
  const u = await env.req('POST', '/api/v1/users', {
    token: A.token,
    body: { username: 'fakecity', name: '冒充', role: 'city_supervisor', password: DEMO_PW },
  });
  expect(u).toMatchObject({ status: 400, body: { code: 'role_bureau_only' } });
  const inv = await env.req('POST', '/api/v1/invitations', { token: A.token, body: { role: 'city_supervisor' } });
  expect(inv.body.code).toBe('role_bureau_only');
  const g = await env.req('POST', '/api/v1/users', {
    token: A.token,
    body: { username: 'gw1', name: '网格员', role: 'grid_worker', password: DEMO_PW },
  });
  const up = await env.req('PATCH', `/api/v1/users/${g.body.id}`, { token: A.token, body: { role: 'city_supervisor' } });
  expect(up.body.code).toBe('role_bureau_only');
  // nor is it among the zone's roles to rename (a zone provisioned before bureaus existed holds its row: hidden)
  await env.api.c.orm.em
    .getConnection()
    .execute(
      "INSERT INTO catalog_items (id, created_at, updated_at, tenant_id, kind, code, name, sort, enabled) VALUES (UUID(), NOW(3), NOW(3), ?, 'role', 'city_supervisor', '市应急管理局', 500, 1)",
      [A.tenant.id],
    );
  const legacy = (await env.api.c.orm.em
    .getConnection()
    .execute("SELECT id FROM catalog_items WHERE tenant_id = ? AND code = 'city_supervisor'", [A.tenant.id])) as Array<{
    id: string;
  }>;
  const roles = await env.req('GET', '/api/v1/catalog?kind=role', { token: A.token });
  expect(roles.body.map((r: { code: string }) => r.code)).not.toContain('city_supervisor');
  expect(roles.body.map((r: { code: string }) => r.code)).toContain('grid_worker');
  const rename = await env.req('PATCH', `/api/v1/catalog/${legacy[0]!.id}`, { token: A.token, body: { name: '园区内部监管' } });
  expect(rename.status).toBe(404);
});

test('disabling a bureau ends its sign-ins and its entered zone tokens at once; enabling restores the grant', async () => {
  const b = await bureau('yw5', '义乌市应急管理局五');
  await grant(b.id, B.tenant.id);
  const tok = (await enter(b.token, B.tenant.id)).body.accessToken as string;
  expect((await env.req('GET', '/api/v1/enterprises', { token: tok })).status).toBe(200);
  const off = await env.req('PATCH', `/api/v1/platform/bureaus/${b.id}`, { token: op.token, body: { status: 'disabled' } });
  // a disabled bureau's grant gives no access: not counted as in force
  expect(off.body).toMatchObject({ status: 'disabled', activeGrants: 0 });
  const ended = (await env.req('GET', '/api/v1/enterprises', { token: tok })).body;
  // the grant itself is fine: the refusal says the bureau is disabled, not "expired or revoked"
  expect(ended).toMatchObject({ code: 'supervision_grant_ended', detail: expect.stringContaining('本监管机构已停用') });
  expect((await env.req('GET', '/api/v1/supervision/zones', { token: b.token })).body.code).toBe('tenant_disabled');
  // a zone is not a bureau
  expect(
    (await env.req('PATCH', `/api/v1/platform/bureaus/${A.tenant.id}`, { token: op.token, body: { name: '改名' } })).status,
  ).toBe(404);
  await env.req('PATCH', `/api/v1/platform/bureaus/${b.id}`, { token: op.token, body: { status: 'active' } });
  expect((await env.req('GET', '/api/v1/enterprises', { token: tok })).status).toBe(200);
});

test('a supervisor’s live socket is closed once the grant is revoked', async () => {
  const b = await bureau('yw6', '义乌市应急管理局六');
  const g = await grant(b.id, A.tenant.id);
  const tok = (await enter(b.token, A.tenant.id)).body.accessToken as string;
  const sockets: Socket[] = [];
  try {
    const s = await realtimeClient(env.url, tok, sockets);
    const closed = new Promise<string>((resolve) => s.on('disconnect', (reason) => resolve(reason)));
    await env.req('POST', `/api/v1/platform/supervision-grants/${g.id}/revoke`, { token: op.token, body: {} });
    const reason = await Promise.race([closed, sleep(GRANT_CACHE_MS + 3000).then(() => 'still open')]);
    expect(reason).toBe('io server disconnect');
    // and a new socket is refused
    await expect(realtimeClient(env.url, tok, sockets)).rejects.toThrow('supervision_grant_ended');
  } finally {
    for (const s of sockets) s.disconnect();
  }
}, 20_000);

test('one grant per bureau and zone at a time: a second overlapping one → 409, revoking the first frees the pair', async () => {
  const b = await bureau('yw9', '义乌市应急管理局九');
  const g = await grant(b.id, A.tenant.id);
  const post = (body: Record<string, unknown>) =>
    env.req('POST', '/api/v1/platform/supervision-grants', {
      token: op.token,
      body: { bureauId: b.id, zoneId: A.tenant.id, ...body },
    });
  const twice = await post({ validUntil: new Date(Date.now() + 90 * DAY).toISOString() });
  expect(twice.status).toBe(409);
  expect(twice.body.detail).toMatch(/已有生效或待生效的授权/);
  // a window wholly in the past would never apply
  const past = await post({
    validFrom: new Date(Date.now() - 60 * DAY).toISOString(),
    validUntil: new Date(Date.now() - DAY).toISOString(),
  });
  expect(past.status).toBe(400);
  // a later window that does not overlap is fine (a renewal scheduled ahead)
  const later = await post({
    validFrom: new Date(Date.now() + 40 * DAY).toISOString(),
    validUntil: new Date(Date.now() + 400 * DAY).toISOString(),
  });
  expect(later.status).toBe(201);
  expect(later.body.state).toBe('scheduled');
  await env.req('POST', `/api/v1/platform/supervision-grants/${g.id}/revoke`, { token: op.token, body: {} });
  expect((await enter(b.token, A.tenant.id)).status).toBe(404);
  const renewed = await post({ validUntil: new Date(Date.now() + 30 * DAY).toISOString() });
  expect(renewed.status).toBe(201);
  expect((await enter(b.token, A.tenant.id)).status).toBe(200);
});

test('a grant whose bureau or zone is disabled reads suspended: listed, filtered and counted so', async () => {
  const b = await bureau('yw10', '义乌市应急管理局十');
  const C = await zoneWithAdmin(env, 'supc');
  const g = await grant(b.id, C.tenant.id);
  const list = (state: string) =>
    env.req('GET', `/api/v1/platform/supervision-grants?bureauId=${b.id}&state=${state}`, { token: op.token });
  const ids = (r: { body: { items: Array<{ id: string }> } }) => r.body.items.map((x) => x.id);
  const count = async () =>
    ((await env.req('GET', '/api/v1/platform/bureaus?q=yw10', { token: op.token })).body.items[0] as { activeGrants: number })
      .activeGrants;
  expect(ids(await list('active'))).toEqual([g.id]);
  expect(await count()).toBe(1);

  // the zone disabled: no access, and the platform's list says why
  expect(
    (await env.req('PATCH', `/api/v1/platform/tenants/${C.tenant.id}`, { token: op.token, body: { status: 'disabled' } })).status,
  ).toBe(200);
  const suspended = await list('suspended');
  expect(suspended.body).toMatchObject({ total: 1, items: [{ id: g.id, state: 'suspended', suspendedBy: 'zone' }] });
  expect(await list('active')).toMatchObject({ body: { total: 0, items: [] } });
  expect(await count()).toBe(0);
  expect((await enter(b.token, C.tenant.id)).status).toBe(404);

  // the bureau disabled too: both
  await env.req('PATCH', `/api/v1/platform/bureaus/${b.id}`, { token: op.token, body: { status: 'disabled' } });
  expect((await list('suspended')).body.items[0]).toMatchObject({ state: 'suspended', suspendedBy: 'both' });
  // the zone enabled again: the bureau alone
  await env.req('PATCH', `/api/v1/platform/tenants/${C.tenant.id}`, { token: op.token, body: { status: 'active' } });
  expect((await list('suspended')).body.items[0]).toMatchObject({ state: 'suspended', suspendedBy: 'bureau' });
  // both enabled: active again
  await env.req('PATCH', `/api/v1/platform/bureaus/${b.id}`, { token: op.token, body: { status: 'active' } });
  expect((await list('active')).body.items).toEqual([expect.objectContaining({ id: g.id, state: 'active', suspendedBy: null })]);
  expect(ids(await list('suspended'))).toEqual([]);
  expect(await count()).toBe(1);
  // an unknown state is a 400, not an empty list
  expect((await list('paused')).status).toBe(400);
});

test('PATCH cannot make two grants of a pair overlap (409, the end named on the zone’s clock)', async () => {
  const b = await bureau('yw11', '义乌市应急管理局十一');
  // now … +30 days, and a renewal +40 … +400 days (Beijing 2026-… times are checked below)
  const first = await grant(b.id, A.tenant.id);
  const renewalFrom = new Date(Date.now() + 40 * DAY);
  const renewal = await grant(b.id, A.tenant.id, {
    validFrom: renewalFrom.toISOString(),
    validUntil: new Date(Date.now() + 400 * DAY).toISOString(),
  });
  // stretching the first into the renewal's window → 409, naming the renewal's end in Beijing time
  const stretch = await env.req('PATCH', `/api/v1/platform/supervision-grants/${first.id}`, {
    token: op.token,
    body: { validUntil: new Date(Date.now() + 50 * DAY).toISOString() },
  });
  expect(stretch.status).toBe(409);
  const end = new Date(renewal.validUntil);
  const beijing = new Date(end.getTime() + 8 * 3_600_000).toISOString().replace('T', ' ').slice(0, 16);
  expect(stretch.body.detail).toBe(`该监管机构对该园区已有生效或待生效的授权（至 ${beijing}，北京时间），请修改其期限或先撤销`);
  const en = await env.req('PATCH', `/api/v1/platform/supervision-grants/${first.id}`, {
    token: op.token,
    headers: { 'accept-language': 'en' },
    body: { validUntil: new Date(Date.now() + 50 * DAY).toISOString() },
  });
  expect(en.body.detail).toContain(`(until ${beijing}, China Standard Time)`);
  // moving the renewal back onto the first → 409 too; nothing was changed
  const back = await env.req('PATCH', `/api/v1/platform/supervision-grants/${renewal.id}`, {
    token: op.token,
    body: { validFrom: new Date(Date.now() + 10 * DAY).toISOString() },
  });
  expect(back.status).toBe(409);
  expect(back.body.detail).toContain(
    new Date(new Date(first.validUntil).getTime() + 8 * 3_600_000).toISOString().replace('T', ' ').slice(0, 16),
  );
  const now = await env.req('GET', `/api/v1/platform/supervision-grants?bureauId=${b.id}`, { token: op.token });
  expect(now.body.items.map((x: { validUntil: string }) => x.validUntil).sort()).toEqual(
    [first.validUntil, renewal.validUntil].sort(),
  );
  // up to the renewal's start is fine (validUntil exclusive)
  const adjoin = await env.req('PATCH', `/api/v1/platform/supervision-grants/${first.id}`, {
    token: op.token,
    body: { validUntil: renewal.validFrom },
  });
  expect(adjoin).toMatchObject({ status: 200, body: { validUntil: renewal.validFrom } });
  // and the create's message is on the same clock
  const dup = await env.req('POST', '/api/v1/platform/supervision-grants', {
    token: op.token,
    body: { bureauId: b.id, zoneId: A.tenant.id, validUntil: new Date(Date.now() + 20 * DAY).toISOString() },
  });
  expect(dup.status).toBe(409);
  expect(dup.body.detail).toContain(
    `至 ${new Date(new Date(renewal.validFrom).getTime() + 8 * 3_600_000).toISOString().replace('T', ' ').slice(0, 16)}，北京时间`,
  );
});

test('grant changes are audited as before → after of what changed, named bureau → zone; an empty change is none', async () => {
  const b = await bureau('yw12', '义乌市应急管理局十二');
  const g = await grant(b.id, B.tenant.id, { note: '初次' });
  type Row = { action: string; entityType: string; entityId: string; entityName: string | null; diff: Record<string, unknown> };
  const rows = async (token: string) =>
    (
      (await env.req('GET', `/api/v1/audit?entityType=SupervisionGrant&entityId=${g.id}&pageSize=100`, { token })).body
        .items as Row[]
    ).filter((r) => r.action === 'supervision.grants.update');
  // the bureau's users cannot read its trail (no audit.read): straight from the table
  const bureauRows = async () =>
    (
      (await env.api.c.orm.em
        .getConnection()
        .execute("SELECT diff FROM audit_log WHERE tenant_id = ? AND entity_id = ? AND action = 'supervision.grants.update'", [
          b.id,
          g.id,
        ])) as Array<{ diff: string | Record<string, unknown> }>
    ).map((r) => (typeof r.diff === 'string' ? JSON.parse(r.diff) : r.diff) as Record<string, unknown>);
  const patch = (body: Record<string, unknown>) =>
    env.req('PATCH', `/api/v1/platform/supervision-grants/${g.id}`, { token: op.token, body });

  // nothing changes: 200 with the grant as it is, no audit anywhere
  const same = await patch({ validUntil: g.validUntil, note: '初次' });
  expect(same).toMatchObject({ status: 200, body: { id: g.id, validUntil: g.validUntil, note: '初次', updatedAt: g.updatedAt } });
  expect((await patch({})).status).toBe(200);
  expect(await rows(op.token)).toEqual([]);
  expect(await rows(B.token)).toEqual([]);
  expect(await bureauRows()).toEqual([]);

  // a real change: before and after of the changed fields only, in all three trails, named
  const until = new Date(Date.now() + 60 * DAY).toISOString();
  expect((await patch({ validUntil: until, note: '初次' })).status).toBe(200);
  const name = `义乌市应急管理局十二 → ${B.tenant.name}`;
  const [zoneRow] = await rows(B.token);
  expect(zoneRow).toMatchObject({ entityName: name, diff: { validUntil: [g.validUntil, until] } });
  const [bureauDiff] = await bureauRows();
  for (const diff of [zoneRow!.diff, bureauDiff!]) {
    expect(diff).toMatchObject({ grantId: g.id, validUntil: [g.validUntil, until] });
    expect(diff).not.toHaveProperty('validFrom');
    expect(diff).not.toHaveProperty('note');
  }
  const [platformRow] = await rows(op.token);
  expect(platformRow).toMatchObject({ entityName: name, diff: { validUntil: [g.validUntil, until] } });
  expect(Object.keys(platformRow!.diff)).toEqual(['validUntil']);
  // the create is named too
  const created = (
    await env.req('GET', `/api/v1/audit?entityType=SupervisionGrant&entityId=${g.id}&pageSize=100`, { token: B.token })
  ).body.items as Row[];
  expect(created.find((r) => r.action === 'supervision.grants.create')?.entityName).toBe(name);
});

test('inside a zone a supervisor enters another granted zone by the bureau; an ungranted one stays 404', async () => {
  const b = await bureau('yw13', '义乌市应急管理局十三');
  await grant(b.id, A.tenant.id);
  const inA = (await enter(b.token, A.tenant.id)).body.accessToken as string;
  const before = (await env.req('GET', `/api/v1/supervision-reads?bureauId=${b.id}`, { token: A.token })).body.total as number;
  // B not granted: not found (not "read only")
  expect(await enter(inA, B.tenant.id)).toMatchObject({ status: 404, body: { code: 'not_found' } });
  const g = await grant(b.id, B.tenant.id);
  const hop = await enter(inA, B.tenant.id);
  expect(hop.status).toBe(200);
  expect(hop.body.user).toMatchObject({ tenant: { id: B.tenant.id }, supervising: { bureauId: b.id, grantId: g.id } });
  const inB = hop.body.accessToken as string;
  expect((await env.req('GET', '/api/v1/enterprises', { token: inB })).status).toBe(200);
  // still read-only in B; and A's read log does not name B (entering is not a read of A)
  expect(
    (await env.req('POST', '/api/v1/catalog', { token: inB, body: { kind: 'grid', code: 'x', name: '网格' } })).body.code,
  ).toBe('supervision_read_only');
  const aSide = await env.req('GET', `/api/v1/supervision-reads?bureauId=${b.id}`, { token: A.token });
  expect(aSide.body.total).toBe(before);
  expect(JSON.stringify(aSide.body)).not.toContain(B.tenant.id);
  // the entry is in B's and the bureau's trails
  const trail = (await env.req('GET', '/api/v1/audit?action=supervision.enter&pageSize=50', { token: B.token })).body
    .items as Array<{ diff: { bureau?: string; grantId?: string } }>;
  expect(trail.filter((r) => r.diff.bureau === '义乌市应急管理局十三').map((r) => r.diff.grantId)).toEqual([g.id]);
});

test('a bureau sees its own grants (zone name and window only): why its city views are empty', async () => {
  const b = await bureau('yw14', '义乌市应急管理局十四');
  expect((await env.req('GET', '/api/v1/supervision/grants', { token: b.token })).body).toEqual([]);
  const g = await grant(b.id, A.tenant.id);
  await expireGrant(env, g.id);
  const mine = await env.req('GET', '/api/v1/supervision/grants', { token: b.token });
  expect(mine.status).toBe(200);
  expect(mine.body).toEqual([
    {
      id: g.id,
      zoneName: A.tenant.name,
      validFrom: expect.any(String),
      validUntil: expect.any(String),
      revokedAt: null,
      state: 'expired',
    },
  ]);
  expect(JSON.stringify(mine.body)).not.toContain(A.tenant.id);
  expect((await env.req('GET', '/api/v1/supervision/zones', { token: b.token })).body).toEqual([]);
  // bureau only
  expect((await env.req('GET', '/api/v1/supervision/grants', { token: A.token })).status).toBe(403);
});

test('the platform gives a bureau a second account and resets a forgotten password; nobody else can', async () => {
  const b = await bureau('yw20', '义乌市应急管理局二十');
  const users = (body: Record<string, unknown>, token = op.token, id = b.id) =>
    env.req('POST', `/api/v1/platform/bureaus/${id}/users`, { token, body });
  // a new account: generated password, answered once, to be changed first
  const second = await users({ username: 'city2', name: '值班科员' });
  expect(second.status).toBe(201);
  expect(second.body).toMatchObject({ username: 'city2', name: '值班科员', created: true });
  const login2 = await env.req('POST', '/api/v1/auth/login', {
    body: { tenant: 'yw20', username: 'city2', password: second.body.initialPassword },
  });
  expect(login2.body.user).toMatchObject({ role: 'city_supervisor', mustChangePassword: true });
  expect((await env.req('GET', '/api/v1/supervision/zones', { token: login2.body.accessToken })).body.code).toBe(
    'password_change_required',
  );
  // a new account needs a name
  expect((await users({ username: 'city3' })).body).toMatchObject({ status: 400, errors: [{ path: 'name' }] });
  // a taken username with someone else's name: refused, naming whose it is — nobody is reset, renamed or signed out
  const taken = await users({ username: 'city2', name: '赵新人' });
  expect(taken.body).toMatchObject({ status: 409, code: 'bureau_user_exists', errors: [{ path: 'name' }] });
  expect(taken.body.detail).toContain('值班科员');
  expect((await env.req('GET', '/api/v1/me', { token: login2.body.accessToken })).body.name).toBe('值班科员');
  // the same person's name is a reset like no name
  expect((await users({ username: 'city2', name: '值班科员' })).status).toBe(200);
  // a forgotten password: the old one stops, the first user is signed out everywhere, a new one must be changed
  const reset = await users({ username: 'city' });
  expect(reset.status).toBe(200);
  expect(reset.body).toMatchObject({ username: 'city', created: false });
  expect((await env.req('GET', '/api/v1/supervision/zones', { token: b.token })).status).toBe(401);
  const old = await env.req('POST', '/api/v1/auth/login', { body: { tenant: 'yw20', username: 'city', password: DEMO_PW } });
  expect(old.status).toBe(401);
  const fresh = await env.req('POST', '/api/v1/auth/login', {
    body: { tenant: 'yw20', username: 'city', password: reset.body.initialPassword },
  });
  expect(fresh.body.user.mustChangePassword).toBe(true);
  expect((await env.req('GET', '/api/v1/platform/bureaus?q=yw20', { token: op.token })).body.items[0].users).toBe(2);
  // only the platform: not the bureau itself, not a zone; a zone's id is no bureau
  expect((await users({ username: 'xx1', name: '某' }, fresh.body.accessToken)).status).toBe(403);
  expect((await users({ username: 'xx1', name: '某' }, A.token)).status).toBe(403);
  expect((await users({ username: 'xx1', name: '某' }, op.token, A.tenant.id)).status).toBe(404);
  expect((await users({ username: '1bad', name: '某' })).status).toBe(400);
  // the platform's own trail names each account given, new or reset, and to which bureau
  const platformTrail = await env.req('GET', '/api/v1/audit?action=supervision.bureaus.user&pageSize=50', { token: op.token });
  const given = platformTrail.body.items.filter((a: { entityId: string }) => a.entityId === b.id);
  expect(given.map((a: { diff: { username: string; created: boolean } }) => [a.diff.username, a.diff.created])).toEqual(
    expect.arrayContaining([
      ['city2', true],
      ['city', false],
    ]),
  );
  expect(given[0]).toMatchObject({ entityType: 'Bureau', entityName: '义乌市应急管理局二十' });
});
