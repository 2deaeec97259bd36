import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { buildCreditCode, endOfLocalDay, localDate } from '@yuanan/domain';
import { runInScope } from '../../core/context/request-scope.ts';
import { tenantEm } from '../../core/db/orm.ts';
import { createTestEnv, userWithRole, zoneWithAdmin, type TestEnv } from '../../testing/test-env.ts';
import { NotificationDelivery } from '../notifications/notification.entity.ts';

/** A local SMS gateway that fails the first attempt of every message, then accepts; it counts what it accepted. */
async function flakySmsGateway() {
  const accepted = new Map<string, number>();
  const seen = new Set<string>();
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const { clientMessageId } = JSON.parse(body) as { clientMessageId: string };
      if (!seen.has(clientMessageId)) {
        seen.add(clientMessageId);
        res.writeHead(500).end('{"error":"busy"}');
        return;
      }
      accepted.set(clientMessageId, (accepted.get(clientMessageId) ?? 0) + 1);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `sms-${clientMessageId}` }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`,
    accepted,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

let env: TestEnv;
let sms: Awaited<ReturnType<typeof flakySmsGateway>>;
let zone: Awaited<ReturnType<typeof zoneWithAdmin>>;
let ent: { id: string };
let staff: { token: string; id: string };
let safety: { token: string; id: string };

beforeAll(async () => {
  sms = await flakySmsGateway();
  // Its own Redis database: this file flushes it.
  env = await createTestEnv({
    worker: true,
    env: { REDIS_URL: 'redis://127.0.0.1:6379/7', SMS_PROVIDER: 'http', SMS_HTTP_URL: sms.url },
  });
  zone = await zoneWithAdmin(env, 'esc');
  ent = (
    await env.req('POST', '/api/v1/enterprises', {
      token: zone.token,
      body: { creditCode: buildCreditCode('91', '330782', 'MA2E0001'), name: '升级测试企业', principalName: '张三' },
    })
  ).body;
  staff = await userWithRole(env, zone, 'enterprise_admin', { enterpriseId: ent.id, phone: '13812345678' });
  safety = await userWithRole(env, zone, 'safety_officer');
});
afterAll(async () => {
  await env.close();
  await sms.close();
});

/** A policy whose stages fire `seconds` from now (the deadline is the end of today in the zone). */
async function policyFiringIn(...seconds: number[]) {
  const deadline = endOfLocalDay(localDate(new Date(), 'Asia/Shanghai'), 'Asia/Shanghai');
  const now = Date.now();
  const stages = seconds.map((s, i) => ({
    key: `s${i + 1}`,
    offsetSeconds: Math.round((now + s * 1000 - deadline.getTime()) / 1000),
    target: i === 0 ? 'responsible' : 'safety_office',
  }));
  const r = await env.req('PATCH', '/api/v1/tenant/settings', {
    token: zone.token,
    body: { escalationPolicy: { stages, majorStartsHigher: false } },
  });
  expect(r.status).toBe(200);
  await new Promise((res) => setTimeout(res, 50));
  env.api.c.tenants.invalidate();
  env.worker!.c.tenants.invalidate();
  return stages.map((s) => new Date(deadline.getTime() + s.offsetSeconds * 1000));
}

async function confirmedHazard(n = 1) {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = await env.req('POST', '/api/v1/hazards', {
      token: safety.token,
      body: { enterpriseId: ent.id, source: 'safety_inspection', categoryCode: 'fire', description: `消防通道堆放杂物 ${i}` },
    });
    const c = await env.req('POST', `/api/v1/hazards/${r.body.id}/transitions`, {
      token: safety.token,
      body: {
        action: 'confirm',
        version: r.body.version,
        grade: 'general',
        treatment: 'deadline',
        deadline: localDate(new Date(), 'Asia/Shanghai'),
        responsibleName: '张三',
        responsibleUserId: staff.id,
      },
    });
    expect(c.status).toBe(200);
    ids.push(r.body.id);
  }
  return ids;
}

async function escalationNotes(token: string, hazardIds: string[]) {
  const r = await env.req('GET', '/api/v1/notifications?pageSize=100', { token });
  return r.body.items.filter(
    (n: { kind: string; link: string }) =>
      ['hazard.reminder', 'hazard.overdue'].includes(n.kind) && hazardIds.some((id) => n.link === `/hazards/${id}`),
  );
}

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms: number): Promise<T> {
  const end = Date.now() + ms;
  let v = await fn();
  while (!ok(v) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 200));
    v = await fn();
  }
  return v;
}

test('escalation stages fire on time with real BullMQ: the responsible person first, then the safety office', async () => {
  const [at1, at2] = await policyFiringIn(3, 5);
  const [id] = await confirmedHazard();
  const staffNotes = await until(
    () => escalationNotes(staff.token, [id!]),
    (n) => n.length >= 1,
    15_000,
  );
  const officeNotes = await until(
    () => escalationNotes(safety.token, [id!]),
    (n) => n.length >= 1,
    15_000,
  );
  expect(staffNotes).toHaveLength(1);
  expect(officeNotes).toHaveLength(1);
  const late1 = new Date(staffNotes[0].createdAt).getTime() - at1!.getTime();
  const late2 = new Date(officeNotes[0].createdAt).getTime() - at2!.getTime();
  expect(late1).toBeGreaterThanOrEqual(-50);
  expect(late1).toBeLessThan(3000);
  expect(late2).toBeLessThan(3000);
  const detail = await env.req('GET', `/api/v1/hazards/${id}`, { token: safety.token });
  expect(detail.body.events.filter((e: { action: string }) => e.action === 'escalated')).toHaveLength(2);
});

test('closing the hazard stops the escalation; moving the deadline moves it', async () => {
  await policyFiringIn(3, 4);
  const [closed, moved] = await confirmedHazard(2);
  const cur = await env.req('GET', `/api/v1/hazards/${closed}`, { token: safety.token });
  await env.req('POST', `/api/v1/hazards/${closed}/transitions`, {
    token: safety.token,
    body: { action: 'dismiss', version: cur.body.version, reason: '复核后不属于隐患' },
  });
  const x = await env.req('POST', `/api/v1/hazards/${moved}/extensions`, {
    token: staff.token,
    body: { requestedDeadline: '2099-01-31', reason: '等待设备到货' },
  });
  await env.req('POST', `/api/v1/hazards/${moved}/extensions/${x.body.id}/decision`, {
    token: safety.token,
    body: { approve: true },
  });
  await new Promise((r) => setTimeout(r, 6000));
  expect(await escalationNotes(staff.token, [closed!, moved!])).toHaveLength(0);
});

test('Redis loses everything: every due escalation still fires, rebuilt from the database', async () => {
  await policyFiringIn(4, 6);
  const ids = await confirmedHazard(3);
  const timers = env.worker!.c.queues.queue('timers');
  const alarms = async () =>
    (await timers.getJobs(['delayed', 'waiting'])).filter((j) => j && ids.some((id) => j.id!.includes(id)));
  // One alarm per hazard: its next stage.
  const scheduled = await until(alarms, (j) => j.length === 3, 5000);
  expect(scheduled.map((j) => j.data.stage)).toEqual(['s1', 's1', 's1']);
  const raw = new Redis('redis://127.0.0.1:6379/7');
  await raw.flushdb();
  expect(await raw.dbsize()).toBe(0);
  raw.disconnect();
  // The worker notices (sentinel gone), re-creates its schedulers and reconciles every timed job from the database.
  const rebuilt = await until(alarms, (j) => j.length === 3, 5000);
  expect(rebuilt.map((j) => j.id).sort()).toEqual(scheduled.map((j) => j.id).sort());
  const staffNotes = await until(
    () => escalationNotes(staff.token, ids),
    (n) => n.length >= 3,
    20_000,
  );
  const officeNotes = await until(
    () => escalationNotes(safety.token, ids),
    (n) => n.length >= 3,
    20_000,
  );
  expect(staffNotes).toHaveLength(3);
  expect(officeNotes).toHaveLength(3);
  const schedulers = await env.worker!.c.queues.queue('maintenance').getJobSchedulers();
  expect(schedulers.map((s) => s.key).sort()).toEqual(expect.arrayContaining(['chain-audit', 'reconcile', 'risk-nightly']));
});

test('SMS delivery retries a failing gateway and never sends twice, even when the job runs again', async () => {
  await env.req('PUT', '/api/v1/me/notification-preferences', {
    token: staff.token,
    body: { wechat: true, sms: true, quietHours: null },
  });
  const em = tenantEm(env.api.c.orm, zone.tenant.id);
  const [n] = await runInScope(
    { requestId: 't', tenantId: zone.tenant.id, em, actor: null, ip: null, userAgent: null, action: 'test' },
    () =>
      env.api.services.notifications.notify(em, {
        userIds: [staff.id],
        kind: 'test.sms',
        title: '短信测试',
        body: '请处理隐患',
        dedupeKey: 'sms-test-1',
      }),
  );
  const delivery = await until(
    () => tenantEm(env.api.c.orm, zone.tenant.id).findOne(NotificationDelivery, { notificationId: n!.id, channel: 'sms' }),
    (d) => d?.status === 'sent',
    20_000,
  );
  expect(delivery).toMatchObject({ status: 'sent', attempts: 2, providerMessageId: `sms-${delivery!.id}` });
  expect(sms.accepted.get(delivery!.id)).toBe(1);
  // The same job again (a retry after a lost acknowledgement): nothing is sent.
  const handler = env.worker!.registry.handler('notify.deliver')!;
  const again = await handler.handle({ tenantId: zone.tenant.id, deliveryId: delivery!.id }, {
    c: env.worker!.c,
    job: { attemptsMade: 0, opts: { attempts: 6 } },
  } as never);
  expect(again).toEqual({ skipped: 'sent' });
  expect(sms.accepted.get(delivery!.id)).toBe(1);
  // And the same notification again creates nothing new.
  const dup = await runInScope(
    { requestId: 't', tenantId: zone.tenant.id, em, actor: null, ip: null, userAgent: null, action: 'test' },
    () =>
      env.api.services.notifications.notify(em, {
        userIds: [staff.id],
        kind: 'test.sms',
        title: '短信测试',
        body: '请处理隐患',
        dedupeKey: 'sms-test-1',
      }),
  );
  expect(dup).toEqual([]);
}, 60_000);
