import { io as connect, type Socket } from 'socket.io-client';
import { createTestEnv, platformOperator, zoneWithAdmin, type TestEnv } from '../../testing/test-env.ts';
import { tenantEm } from '../db/orm.ts';
import type { RunningApi } from '../../main.ts';

let env: TestEnv;
let second: RunningApi;
let a: Awaited<ReturnType<typeof zoneWithAdmin>>;
let b: Awaited<ReturnType<typeof zoneWithAdmin>>;
const sockets: Socket[] = [];

function client(url: string, token: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(url, { path: '/socket.io', auth: { token }, transports: ['websocket'], reconnection: false });
    sockets.push(s);
    s.on('ready', () => resolve(s));
    s.on('connect_error', reject);
  });
}
function collect(s: Socket, event: string): unknown[] {
  const got: unknown[] = [];
  s.on(event, (d: unknown) => got.push(d));
  return got;
}
const settle = (ms = 300) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  env = await createTestEnv();
  second = await env.startSecondApi();
  await env.startWorker();
  a = await zoneWithAdmin(env, 'rta');
  b = await zoneWithAdmin(env, 'rtb');
});
afterAll(async () => {
  sockets.forEach((s) => s.disconnect());
  await env.close();
});

test('events reach clients on every api instance, from an api and from the worker; never another zone', async () => {
  const a1 = await client(env.url, a.token);
  const a2 = await client(second.url, a.token);
  const b2 = await client(second.url, b.token);
  const [ga1, ga2, gb2] = [collect(a1, 'ping'), collect(a2, 'ping'), collect(b2, 'ping')];
  env.api.c.realtime.toTenant(a.tenant.id, 'ping', { from: 'api-1' });
  env.worker!.c.realtime.toTenant(a.tenant.id, 'ping', { from: 'worker' });
  second.c.realtime.toUser(a.tenant.id, a.user.id, 'ping', { from: 'api-2 to user' });
  await settle();
  expect(ga1).toEqual(expect.arrayContaining([{ from: 'api-1' }, { from: 'worker' }, { from: 'api-2 to user' }]));
  expect(ga2).toHaveLength(3);
  expect(gb2).toHaveLength(0);
  // And the other way round.
  env.worker!.c.realtime.toTenant(b.tenant.id, 'ping', { from: 'worker to b' });
  await settle();
  expect(gb2).toEqual([{ from: 'worker to b' }]);
  expect(ga1).toHaveLength(3);
});

test('the handshake needs a valid access token', async () => {
  await expect(client(env.url, 'forged.token.here')).rejects.toMatchObject({ data: { code: 'token_invalid' } });
  await expect(client(env.url, '')).rejects.toMatchObject({ data: { code: 'unauthenticated' } });
});

test('disabling a zone stops its logins, tokens, sockets and jobs — and not another zone', async () => {
  const op = await platformOperator(env);
  const z = await zoneWithAdmin(env, 'rtoff');
  const s1 = await client(env.url, z.token);
  const s2 = await client(second.url, z.token);
  const other = await client(env.url, b.token);
  const disconnected: string[] = [];
  s1.on('disconnect', () => disconnected.push('s1'));
  s2.on('disconnect', () => disconnected.push('s2'));
  other.on('disconnect', () => disconnected.push('other'));
  const off = await env.req('PATCH', `/api/v1/platform/tenants/${z.tenant.id}`, {
    token: op.token,
    body: { status: 'disabled' },
  });
  expect(off.status).toBe(200);
  await settle(500);
  expect(disconnected.sort()).toEqual(['s1', 's2']);
  expect((await env.req('GET', '/api/v1/me', { token: z.token })).body.code).toBe('tenant_disabled');
  expect(
    (await env.req('POST', '/api/v1/auth/login', { body: { tenant: 'rtoff', username: 'admin', password: 'x' } })).body.code,
  ).toBe('tenant_disabled');
  await expect(client(env.url, z.token)).rejects.toMatchObject({ data: { code: 'tenant_disabled' } });
  // A job of the disabled zone does nothing.
  const { processJob } = await import('../queue/worker-runtime.ts');
  let ran = 0;
  const registry = { handler: () => ({ handle: async () => void ran++ }), subscriber: () => undefined } as never;
  const skipped = await processJob(env.worker!.c, registry, {
    name: 'maintenance.reconcile',
    id: 'x',
    data: { tenantId: z.tenant.id },
  } as never);
  expect(skipped).toEqual({ skipped: 'tenant_inactive' });
  await processJob(env.worker!.c, registry, { name: 'maintenance.reconcile', id: 'y', data: { tenantId: b.tenant.id } } as never);
  expect(ran).toBe(1);
  // Enabled again, it works again.
  await env.req('PATCH', `/api/v1/platform/tenants/${z.tenant.id}`, { token: op.token, body: { status: 'active' } });
  expect((await env.req('GET', '/api/v1/me', { token: z.token })).status).toBe(200);
});

test('a live notification carries its English beside the Chinese (each window shows its own language)', async () => {
  const s = await client(env.url, a.token);
  const got = collect(s, 'notification') as Array<{ title: string; en?: { title: string; body: string } }>;
  const notifications = env.api.services.notifications;
  const em = tenantEm(env.api.c.orm, a.tenant.id);
  const created = await em.transactional((tx) =>
    notifications.insertMany(tx, [
      {
        userIds: [a.user.id],
        kind: 'hazard.overdue',
        title: '隐患逾期未整改：YH-RT-0001',
        body: '某企业：消防通道堆放杂物',
        dedupeKey: `rt-en-${Date.now()}`,
      },
    ]),
  );
  await notifications.published(em, created);
  await settle();
  expect(got).toHaveLength(1);
  expect(got[0]).toMatchObject({ title: '隐患逾期未整改：YH-RT-0001', en: { title: 'Hazard overdue: YH-RT-0001' } });
});
