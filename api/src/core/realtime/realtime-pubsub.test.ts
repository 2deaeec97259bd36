import { io as connect, type Socket } from 'socket.io-client';
import { createTestEnv, zoneWithAdmin, type TestEnv } from '../../testing/test-env.ts';

// The classic adapter stays available (REALTIME_ADAPTER=pubsub, for a Redis older than 7); realtime.test.ts
// covers the default sharded one.
let env: TestEnv;
const sockets: Socket[] = [];
beforeAll(async () => {
  env = await createTestEnv({ worker: true, env: { REALTIME_ADAPTER: 'pubsub' } });
});
afterAll(async () => {
  sockets.forEach((s) => s.disconnect());
  await env.close();
});

test('with the classic pub/sub adapter, the worker and a second api reach clients of the first', async () => {
  const second = await env.startSecondApi();
  const z = await zoneWithAdmin(env, 'rtp');
  const s: Socket = await new Promise((resolve, reject) => {
    const c = connect(env.url, { path: '/socket.io', auth: { token: z.token }, transports: ['websocket'], reconnection: false });
    sockets.push(c);
    c.on('ready', () => resolve(c));
    c.on('connect_error', reject);
  });
  const got: unknown[] = [];
  s.on('ping', (d: unknown) => got.push(d));
  env.worker!.c.realtime.toTenant(z.tenant.id, 'ping', { from: 'worker' });
  second.c.realtime.toUser(z.tenant.id, z.user.id, 'ping', { from: 'api-2' });
  await new Promise((r) => setTimeout(r, 300));
  expect(got).toEqual(expect.arrayContaining([{ from: 'worker' }, { from: 'api-2' }]));
  expect(got).toHaveLength(2);
});
