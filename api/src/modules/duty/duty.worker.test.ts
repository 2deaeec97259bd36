/**
 * The duty sweep through the real worker (BullMQ on Redis): the `duty-sweep` scheduler exists, a sweep job sends
 * each reminder once, and after Redis loses everything the worker re-creates the scheduler and a new sweep sends
 * nothing again (the `duty_notices` ledger is in the database).
 */
import { Redis } from 'ioredis';
import { addDays, localDate } from '@yuanan/domain';
import { createTestEnv, userWithRole, zoneWithAdmin, type TestEnv } from '../../testing/test-env.ts';

let env: TestEnv;
let zone: Awaited<ReturnType<typeof zoneWithAdmin>>;

const sql = <T = any>(q: string, params: unknown[] = []) =>
  env.api.c.orm.em.getConnection().execute(q, params, 'all') as Promise<T[]>;
const reminders = async () =>
  Number(
    (
      await sql<{ n: number }>("SELECT COUNT(*) AS n FROM notifications WHERE tenant_id = ? AND kind = 'duty.reminder'", [
        zone.tenant.id,
      ])
    )[0]!.n,
  );

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  env = await createTestEnv({ worker: true });
  zone = await zoneWithAdmin(env, 'dutyw');
}, 120_000);
afterAll(() => env.close());

test('sweep jobs remind once; after a Redis flush the scheduler is back and nothing is sent twice', async () => {
  const api = (method: string, path: string, body?: unknown) => env.req(method, `/api/v1${path}`, { token: zone.token, body });
  const a = await userWithRole(env, zone, 'rescue_member');
  const b = await userWithRole(env, zone, 'rescue_member');
  const team = await api('POST', '/duty/teams', { name: '救援队', kind: 'rescue_squad', minOnDuty: 1 });
  for (const u of [a, b]) await api('POST', `/duty/teams/${team.body.id}/members`, { userId: u.id });
  const today = localDate(new Date(), 'Asia/Shanghai');
  const rot = await api('POST', '/duty/rotations', {
    teamId: team.body.id,
    name: '24小时',
    pattern: 'daily24',
    handoffTime: '08:00',
    order: [a.id, b.id],
    startsOn: addDays(today, -1),
  });
  expect(rot.status).toBe(201);
  expect((await api('PATCH', '/tenant/settings', { dutyReminderHours: 60 })).status).toBe(200);
  const queues = env.worker!.c.queues;
  const schedulers = async () => (await queues.queue('maintenance').getJobSchedulers()).map((s) => s.key);
  expect(await until(schedulers, (k) => k.includes('duty-sweep'))).toContain('duty-sweep');
  await queues.add('duty.sweep', { tenantId: zone.tenant.id }, { jobId: 'duty-sweep-test-1' });
  const sent = await until(reminders, (n) => n >= 2);
  expect(sent).toBeGreaterThanOrEqual(2);
  // Redis loses everything: the worker notices and re-creates its schedulers
  const raw = new Redis(env.config.REDIS_URL);
  const keys = await raw.keys(`${env.config.REDIS_PREFIX}*`);
  if (keys.length) await raw.del(...keys);
  raw.disconnect();
  expect(await until(schedulers, (k) => k.includes('duty-sweep'))).toContain('duty-sweep');
  await queues.add('duty.sweep', { tenantId: zone.tenant.id }, { jobId: 'duty-sweep-test-2' });
  // the second sweep has run when its job is done; nothing more was sent
  const done = async () => (await queues.queue('maintenance').getJob('duty-sweep-test-2'))?.finishedOn ?? null;
  expect(await until(done, (v) => v !== null)).not.toBeNull();
  expect(await reminders()).toBe(sent);
  const ledger = await sql<{ n: number }>("SELECT COUNT(*) AS n FROM duty_notices WHERE tenant_id = ? AND kind = 'reminder'", [
    zone.tenant.id,
  ]);
  expect(Number(ledger[0]!.n)).toBe(sent);
}, 120_000);
