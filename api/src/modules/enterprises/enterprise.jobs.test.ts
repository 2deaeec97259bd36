import { addDays, buildCreditCode, localDate } from '@yuanan/domain';
import { createTestEnv, userWithRole, zoneWithAdmin, type TestEnv } from '../../testing/test-env.ts';
import { reconcileAll } from '../maintenance/maintenance.jobs.ts';
import { certificateStages } from './enterprise.jobs.ts';

let env: TestEnv;
let zone: Awaited<ReturnType<typeof zoneWithAdmin>>;

beforeAll(async () => {
  env = await createTestEnv({ worker: true });
  zone = await zoneWithAdmin(env, 'certz');
  await env.req('PATCH', '/api/v1/tenant/settings', {
    token: zone.token,
    body: { certificateReminderDays: [60, 30, 7], certificateEscalationDays: 0 },
  });
});
afterAll(() => env.close());

const today = () => localDate(new Date(), 'Asia/Shanghai');
async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  let v = await fn();
  while (!ok(v) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 200));
    v = await fn();
  }
  return v;
}

test('stages: of reminders already past only the latest counts; after expiry only the escalation is left', () => {
  const t = {
    timeZone: 'Asia/Shanghai',
    settings: { certificateReminderDays: [60, 30, 7], certificateEscalationDays: 1 },
  } as never;
  const now = new Date();
  expect(certificateStages(addDays(today(), 3), t, now).map((s) => s.key)).toEqual(['remind-7', 'expired']);
  expect(certificateStages(addDays(today(), 45), t, now).map((s) => s.key)).toEqual([
    'remind-60',
    'remind-30',
    'remind-7',
    'expired',
  ]);
  expect(certificateStages(addDays(today(), -3), t, now).map((s) => s.key)).toEqual(['expired']);
});

test('certificates remind the enterprise before expiry and escalate to the grid worker after, once each, through the worker', async () => {
  const grid = await env.req('POST', '/api/v1/catalog', {
    token: zone.token,
    body: { kind: 'grid', code: 'g1', name: '第一网格' },
  });
  const e = await env.req('POST', '/api/v1/enterprises', {
    token: zone.token,
    body: {
      creditCode: buildCreditCode('91', '330782', 'MA2CERT1'),
      name: '持证测试企业',
      principalName: '张三',
      gridId: grid.body.id,
    },
  });
  const staff = await userWithRole(env, zone, 'enterprise_admin', { enterpriseId: e.body.id });
  const gw = await userWithRole(env, zone, 'grid_worker', { gridIds: [grid.body.id] });
  const expiring = await env.req('POST', `/api/v1/enterprises/${e.body.id}/certificates`, {
    token: zone.token,
    body: {
      personName: '王电工',
      certKind: 'special_operation',
      category: '电工作业',
      certNumber: 'T0001EXPIRING',
      issuedOn: '2020-01-01',
      expiresOn: addDays(today(), 3),
    },
  });
  expect(expiring.body.state).toBe('expiring');
  const expired = await env.req('POST', `/api/v1/enterprises/${e.body.id}/certificates`, {
    token: zone.token,
    body: {
      personName: '李焊工',
      certKind: 'special_operation',
      category: '焊接与热切割作业',
      certNumber: 'T0002EXPIRED',
      issuedOn: '2019-01-01',
      expiresOn: addDays(today(), -1),
    },
  });
  expect(expired.body.state).toBe('expired');
  const staffNotes = await until(
    () => env.req('GET', '/api/v1/notifications', { token: staff.token }),
    (r) =>
      r.body.items.filter((n: { kind: string }) => n.kind === 'certificate.expiring').length >= 1 &&
      r.body.items.some((n: { kind: string }) => n.kind === 'certificate.expired'),
  );
  const reminders = staffNotes.body.items.filter((n: { kind: string }) => n.kind === 'certificate.expiring');
  expect(reminders).toHaveLength(1); // remind-60 and remind-30 were superseded
  expect(reminders[0].body).toContain('王电工');
  const gwNotes = await until(
    () => env.req('GET', '/api/v1/notifications', { token: gw.token }),
    (r) => r.body.total >= 1,
  );
  expect(gwNotes.body.items[0]).toMatchObject({ kind: 'certificate.expired', severity: 'warning' });
  expect(gwNotes.body.items[0].body).toContain('李焊工');
  const tasks = await env.req('GET', `/api/v1/tasks?enterpriseId=${e.body.id}&status=open`, { token: zone.token });
  expect(tasks.body.items.map((t: { kind: string }) => t.kind)).toContain('certificate_expired');
  // The expired certificate counts in the colour.
  const colour = await until(
    () => env.req('GET', `/api/v1/enterprises/${e.body.id}/colour`, { token: zone.token }),
    (r) => r.body.score > 0,
  );
  expect(colour.body.contributions.find((c: { input: string }) => c.input === 'expiredCertificates')).toMatchObject({
    value: '1 张',
    points: 5,
  });

  // Reconciling again re-adds the same job ids: nothing fires twice.
  await reconcileAll(env.worker!.c, env.worker!.services.reconcilers);
  await new Promise((r) => setTimeout(r, 1500));
  const again = await env.req('GET', '/api/v1/notifications', { token: staff.token });
  expect(again.body.items.filter((n: { kind: string }) => n.kind === 'certificate.expiring')).toHaveLength(1);
  expect((await env.req('GET', '/api/v1/notifications', { token: gw.token })).body.total).toBe(gwNotes.body.total);

  // Renewing the certificate closes the task.
  await env.req('PUT', `/api/v1/enterprises/${e.body.id}/certificates/${expired.body.id}`, {
    token: zone.token,
    body: {
      personName: '李焊工',
      certKind: 'special_operation',
      category: '焊接与热切割作业',
      certNumber: 'T0002EXPIRED',
      issuedOn: today(),
      expiresOn: addDays(today(), 6 * 365),
    },
  });
  const after = await env.req('GET', `/api/v1/tasks?enterpriseId=${e.body.id}&status=open`, { token: zone.token });
  expect(after.body.items.map((t: { kind: string }) => t.kind)).not.toContain('certificate_expired');
});

test('a future reminder lost with Redis is rebuilt from the database by the reconciler', async () => {
  const e = await env.req('POST', '/api/v1/enterprises', {
    token: zone.token,
    body: { creditCode: buildCreditCode('91', '330782', 'MA2CERT2'), name: '重建测试企业', principalName: '张三' },
  });
  const cert = await env.req('POST', `/api/v1/enterprises/${e.body.id}/certificates`, {
    token: zone.token,
    body: {
      personName: '赵叉车',
      certKind: 'special_equipment',
      category: '叉车司机',
      certNumber: 'N0003FUTURE',
      issuedOn: '2022-01-01',
      expiresOn: addDays(today(), 31),
    },
  });
  const timers = env.worker!.c.queues.queue('timers');
  const jobId = `cert.${cert.body.id}.${addDays(today(), 31)}.remind-30`;
  const job = await until(
    () => timers.getJob(jobId),
    (j) => Boolean(j),
  );
  expect(await job!.getState()).toBe('delayed');
  // Redis loses it.
  await job!.remove();
  expect(await timers.getJob(jobId)).toBeUndefined();
  const n = await reconcileAll(env.worker!.c, env.worker!.services.reconcilers);
  expect(n.certificates).toBeGreaterThan(0);
  const rebuilt = await timers.getJob(jobId);
  expect(await rebuilt!.getState()).toBe('delayed');
  // It wakes when the reminder is due (30 days before expiry, at the zone's reminder hour), still ahead — not a
  // fixed number of hours from now, which depended on the time of day the test ran.
  const t = await env.worker!.c.tenants.byId(zone.tenant.id);
  const due = certificateStages(addDays(today(), 31), t!)
    .find((s) => s.key === 'remind-30')!
    .fireAt.getTime();
  expect(due).toBeGreaterThan(Date.now());
  expect(Math.abs(rebuilt!.timestamp + rebuilt!.opts.delay! - due)).toBeLessThan(5_000);
});
