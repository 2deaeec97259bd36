import { runInScope } from '../context/request-scope.ts';
import { createTestEnv, zoneWithAdmin, type TestEnv } from '../../testing/test-env.ts';
import { User } from '../../modules/identity/identity.entity.ts';
import { systemEm, tenantEm } from './orm.ts';

let env: TestEnv;
let a: Awaited<ReturnType<typeof zoneWithAdmin>>;
let b: Awaited<ReturnType<typeof zoneWithAdmin>>;

beforeAll(async () => {
  env = await createTestEnv();
  a = await zoneWithAdmin(env, 'zonea');
  b = await zoneWithAdmin(env, 'zoneb');
});
afterAll(() => env.close());

test('a query on tenant data without a tenant context throws (fail closed)', async () => {
  const em = systemEm(env.api.c.orm);
  await expect(em.find(User, {})).rejects.toThrow(/No tenant context/);
  await expect(em.count(User, {})).rejects.toThrow(/No tenant context/);
  await expect(em.nativeUpdate(User, {}, { name: 'x' })).rejects.toThrow(/No tenant context/);
});

test('a tenant-bound EntityManager sees only its tenant, reads and bulk updates alike', async () => {
  const emA = tenantEm(env.api.c.orm, a.tenant.id);
  const users = await emA.find(User, {});
  expect(users.length).toBeGreaterThan(0);
  expect(users.every((u) => u.tenantId === a.tenant.id)).toBe(true);
  expect(await emA.findOne(User, { id: b.user.id })).toBeNull();
  expect(await emA.nativeUpdate(User, { id: b.user.id }, { name: 'hijacked' })).toBe(0);
  const emB = tenantEm(env.api.c.orm, b.tenant.id);
  expect((await emB.findOneOrFail(User, { id: b.user.id })).name).not.toBe('hijacked');
});

test('inserts are stamped with the current tenant; another tenant id is refused', async () => {
  const scope = { requestId: 't', tenantId: a.tenant.id, em: null, actor: null, ip: null, userAgent: null, action: 'test' };
  await runInScope(scope, async () => {
    const em = tenantEm(env.api.c.orm, a.tenant.id);
    const u = em.create(User, { username: 'stamped', name: '盖章', role: 'grid_worker' } as never);
    await em.flush();
    expect((u as User).tenantId).toBe(a.tenant.id);
    const em2 = tenantEm(env.api.c.orm, a.tenant.id);
    em2.create(User, { username: 'intruder', name: '越界', role: 'grid_worker', tenantId: b.tenant.id } as never);
    await expect(em2.flush()).rejects.toThrow(/another tenant/);
  });
  // No tenant at all: refused too.
  const sys = systemEm(env.api.c.orm);
  sys.create(User, { username: 'orphan', name: '无主', role: 'grid_worker' } as never);
  await expect(sys.flush()).rejects.toThrow(/No tenant context/);
});

test('a token of zone A cannot read zone B data through the api', async () => {
  const r = await env.req('GET', `/api/v1/users/${b.user.id}`, { token: a.token });
  expect(r.status).toBe(404);
  const list = await env.req('GET', '/api/v1/users', { token: a.token });
  expect(JSON.stringify(list.body)).not.toContain(b.user.id);
});
