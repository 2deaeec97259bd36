import { createTestEnv, platformOperator, zoneWithAdmin, type TestEnv } from '../../testing/test-env.ts';

let env: TestEnv;
let op: Awaited<ReturnType<typeof platformOperator>>;

beforeAll(async () => {
  env = await createTestEnv();
  op = await platformOperator(env);
});
afterAll(() => env.close());

test('the operator creates a zone with its defaults; doing it again changes nothing', async () => {
  const body = { code: 'newzone', name: '新园区', region: '浙江省义乌市', admin: { username: 'admin', name: '新园区管理员' } };
  const first = await env.req('POST', '/api/v1/platform/tenants', { token: op.token, body });
  expect(first.status).toBe(201);
  expect(first.body.created).toBe(true);
  expect(first.body.admin.initialPassword).toMatch(/.{12,}/);
  const again = await env.req('POST', '/api/v1/platform/tenants', { token: op.token, body });
  expect(again.status).toBe(200);
  expect(again.body.created).toBe(false);
  expect(again.body.tenant.id).toBe(first.body.tenant.id);
  expect(again.body.admin.initialPassword).toBeUndefined();
  const login = await env.req('POST', '/api/v1/auth/login', {
    body: { tenant: 'newzone', username: 'admin', password: first.body.admin.initialPassword },
  });
  expect(login.body.user.mustChangePassword).toBe(true);
  // The generated password opens nothing until the admin has chosen their own.
  const held = await env.req('GET', '/api/v1/catalog', { token: login.body.accessToken });
  expect([held.status, held.body.code]).toEqual([403, 'password_change_required']);
  const changed = await env.req('POST', '/api/v1/me/password', {
    token: login.body.accessToken,
    body: { currentPassword: first.body.admin.initialPassword, newPassword: 'Newzone#Chosen-2026' },
  });
  expect(changed.status).toBe(204);
  const catalog = await env.req('GET', '/api/v1/catalog', { token: login.body.accessToken });
  const kinds = new Set(catalog.body.map((i: { kind: string }) => i.kind));
  expect(kinds).toEqual(new Set(['role', 'hazard_category', 'key_place_tag']));
  expect(
    catalog.body.find((i: { code: string; kind: string }) => i.code === 'confined_space' && i.kind === 'key_place_tag').name,
  ).toBe('有限空间作业场所');
  expect(catalog.body.filter((i: { kind: string }) => i.kind === 'hazard_category')).toHaveLength(12);
  const list = await env.req('GET', '/api/v1/platform/tenants', { token: op.token });
  expect(list.body.items.map((t: { code: string }) => t.code)).toContain('newzone');
});

test('a zone code that is not a code, and a weak given password, are refused', async () => {
  const bad = await env.req('POST', '/api/v1/platform/tenants', {
    token: op.token,
    body: { code: 'Bad Code', name: '坏', region: '浙江', admin: { username: 'admin', name: 'x' } },
  });
  expect(bad.status).toBe(400);
  expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['code', 'name']));
  const weak = await env.req('POST', '/api/v1/platform/tenants', {
    token: op.token,
    body: { code: 'weakpw', name: '弱密码园区', region: '浙江', admin: { username: 'admin', name: 'x', password: '123' } },
  });
  expect(weak.body.code).toBe('password_policy');
  expect((await env.req('GET', '/api/v1/platform/tenants?q=weakpw', { token: op.token })).body.total).toBe(0);
});

test('without "act as" the operator cannot touch zone data; acting is audited in both trails', async () => {
  const zone = await zoneWithAdmin(env, 'actz');
  expect((await env.req('GET', '/api/v1/users', { token: op.token })).status).toBe(403);
  const act = await env.req('POST', '/api/v1/platform/act-as', {
    token: op.token,
    body: { tenantId: zone.tenant.id, reason: '协助排查登录问题' },
  });
  expect(act.status).toBe(200);
  expect(act.body.user.actingAs).toMatchObject({ reason: '协助排查登录问题' });
  const users = await env.req('GET', '/api/v1/users', { token: act.body.accessToken });
  expect(users.status).toBe(200);
  expect(users.body.items.some((u: { username: string }) => u.username === 'admin')).toBe(true);
  // The acting token is not a platform token any more.
  expect((await env.req('GET', '/api/v1/platform/tenants', { token: act.body.accessToken })).status).toBe(403);
  await env.api.c.audit.idle();
  const zoneTrail = await env.req('GET', '/api/v1/audit?action=platform.actAs', { token: zone.token });
  expect(zoneTrail.body.items[0]).toMatchObject({
    action: 'platform.actAs',
    actorName: expect.stringContaining('代行'),
    diff: { reason: '协助排查登录问题' },
  });
  const opTrail = await env.req('GET', '/api/v1/audit?action=platform.actAs', { token: op.token });
  expect(opTrail.body.items[0].diff.zone).toBe('actz');
  // Writes while acting carry the operator as actor.
  const inv = await env.req('POST', '/api/v1/invitations', { token: act.body.accessToken, body: { role: 'grid_worker' } });
  expect(inv.status).toBe(201);
  await env.api.c.audit.idle();
  const invTrail = await env.req('GET', `/api/v1/audit?entityType=Invitation&entityId=${inv.body.id}`, { token: zone.token });
  expect(invTrail.body.items[0]).toMatchObject({ actorId: op.userId, role: 'platform_admin' });
  // A zone admin cannot act as anyone.
  expect(
    (
      await env.req('POST', '/api/v1/platform/act-as', {
        token: zone.token,
        body: { tenantId: zone.tenant.id, reason: '越权尝试一下' },
      })
    ).status,
  ).toBe(403);
});

test('the queue dashboard lists every queue with counts', async () => {
  const r = await env.req('GET', '/api/v1/platform/queues', { token: op.token });
  expect(r.status).toBe(200);
  expect(r.body.map((q: { name: string }) => q.name).sort()).toEqual(['events', 'imports', 'maintenance', 'notify', 'timers']);
  expect(r.body[0].counts).toHaveProperty('failed');
  const jobs = await env.req('GET', '/api/v1/platform/queues/timers/jobs?state=delayed', { token: op.token });
  expect(jobs.status).toBe(200);
  expect((await env.req('GET', '/api/v1/platform/queues/nope/jobs', { token: op.token })).status).toBe(400);
});
