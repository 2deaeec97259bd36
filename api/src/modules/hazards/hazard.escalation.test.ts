import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { buildCreditCode, endOfLocalDay, localDate, addDays } from '@yuanan/domain';
import { runInScope } from '../../core/context/request-scope.ts';
import { tenantEm } from '../../core/db/orm.ts';
import { createTestEnv, userWithRole, zoneWithAdmin, type TestEnv } from '../../testing/test-env.ts';
import { FiredEffect } from '../../core/queue/fired-effect.entity.ts';
import { NotificationDelivery } from '../notifications/notification.entity.ts';

/** A date `n` days from today in the test zones (Asia/Shanghai): deadlines are refused more than a year ahead. */
const inDays = (n: number) => addDays(localDate(new Date(), 'Asia/Shanghai'), n);

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

async function confirmedHazard(n = 1, enterpriseId = ent.id, responsibleUserId: string | null = staff.id) {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = await env.req('POST', '/api/v1/hazards', {
      token: safety.token,
      body: { enterpriseId, source: 'safety_inspection', categoryCode: 'fire', description: `消防通道堆放杂物 ${i}` },
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
        ...(responsibleUserId ? { responsibleUserId } : {}),
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
  // Slack for confirming on a loaded machine: a stage already past when scheduled would collapse into the next.
  const [at1, at2] = await policyFiringIn(8, 12);
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
  // Slack for the calls below on a loaded machine: the alarms must not fire before the hazard is closed/moved.
  const [, at2] = await policyFiringIn(8, 9);
  const [closed, moved] = await confirmedHazard(2);
  const cur = await env.req('GET', `/api/v1/hazards/${closed}`, { token: safety.token });
  await env.req('POST', `/api/v1/hazards/${closed}/transitions`, {
    token: safety.token,
    body: { action: 'dismiss', version: cur.body.version, reason: '复核后不属于隐患' },
  });
  const x = await env.req('POST', `/api/v1/hazards/${moved}/extensions`, {
    token: staff.token,
    body: { requestedDeadline: inDays(200), reason: '等待设备到货' },
  });
  await env.req('POST', `/api/v1/hazards/${moved}/extensions/${x.body.id}/decision`, {
    token: safety.token,
    body: { approve: true },
  });
  await new Promise((r) => setTimeout(r, Math.max(0, at2!.getTime() + 2000 - Date.now())));
  expect(await escalationNotes(staff.token, [closed!, moved!])).toHaveLength(0);
});

test('Redis loses everything: every due escalation still fires, rebuilt from the database', async () => {
  // Far enough ahead that s1 has not fired yet when the alarms are compared, even on a loaded machine.
  await policyFiringIn(14, 20);
  const ids = await confirmedHazard(3);
  const timers = env.worker!.c.queues.queue('timers');
  const conn = env.api.c.orm.em.getConnection();
  // The alarms live in the database: each hazard's next stage and its instant.
  const alarms = async () =>
    (await conn.execute(
      `SELECT next_escalation_stage AS stage, next_escalation_at AS at FROM hazards WHERE id IN (?, ?, ?)`,
      ids,
    )) as Array<{ stage: string | null; at: Date | null }>;
  const stored = await until(alarms, (a) => a.every((x) => x.stage === 's1'), 5000);
  expect(stored.map((x) => x.stage)).toEqual(['s1', 's1', 's1']);
  const at = new Date(stored[0]!.at!).getTime();
  // Redis holds one bucket job for the zone's instant, not one job per hazard.
  const buckets = async () =>
    (await timers.getJobs(['delayed', 'waiting'])).filter(
      (j) => j && j.name === 'hazard.escalate' && j.data.tenantId === zone.tenant.id && j.data.at === at,
    );
  expect(await until(buckets, (b) => b.length === 1, 5000)).toHaveLength(1);
  const raw = new Redis('redis://127.0.0.1:6379/7');
  // (The running worker may write a key again at once, so the flush itself is what is checked.)
  expect(await raw.flushdb()).toBe('OK');
  raw.disconnect();
  // The worker notices (sentinel gone), re-creates its schedulers and the buckets of every alarm in the database.
  expect(await until(buckets, (b) => b.length === 1, 5000)).toHaveLength(1);
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

async function escalatedEvents(id: string): Promise<Array<{ comment: string }>> {
  const detail = await env.req('GET', `/api/v1/hazards/${id}`, { token: safety.token });
  return detail.body.events.filter((e: { action: string }) => e.action === 'escalated');
}

test('stages already past when a hazard is confirmed collapse: due today, only the 1-day reminder fires, the 3-day one is recorded as superseded', async () => {
  const DAY = 86400;
  const r = await env.req('PATCH', '/api/v1/tenant/settings', {
    token: zone.token,
    body: {
      escalationPolicy: {
        stages: [
          { key: 'remind-3d', offsetSeconds: -3 * DAY, target: 'responsible' },
          { key: 'remind-1d', offsetSeconds: -DAY, target: 'responsible' },
          { key: 'due', offsetSeconds: 0, target: 'grid_worker' },
          { key: 'overdue-1d', offsetSeconds: DAY, target: 'safety_office' },
          { key: 'overdue-3d', offsetSeconds: 3 * DAY, target: 'zone_admin' },
        ],
        majorStartsHigher: true,
      },
    },
  });
  expect(r.status).toBe(200);
  await new Promise((res) => setTimeout(res, 50));
  env.api.c.tenants.invalidate();
  env.worker!.c.tenants.invalidate();
  const [id] = await confirmedHazard();
  await until(
    () => escalationNotes(staff.token, [id!]),
    (n) => n.length >= 1,
    15_000,
  );
  // Time for a second reminder to show up, if one were coming (the old code sent both within 40 ms).
  await new Promise((res) => setTimeout(res, 2000));
  const notes = await escalationNotes(staff.token, [id!]);
  expect(notes).toHaveLength(1);
  expect(notes[0].kind).toBe('hazard.reminder');
  // Batched notifications still reach the external channels (the staff chose SMS in the test above).
  const sms = await until(
    () => tenantEm(env.api.c.orm, zone.tenant.id).findOne(NotificationDelivery, { notificationId: notes[0].id, channel: 'sms' }),
    (d) => d !== null,
    10_000,
  );
  expect(sms).not.toBeNull();
  const events = await escalatedEvents(id!);
  expect(events).toHaveLength(1);
  expect(events[0]!.comment).toContain('期限前 1 天');
  expect(events[0]!.comment).toContain('已通知整改责任人（1 人）');
  expect(events[0]!.comment).toContain('已过时、不再单独发送：期限前 3 天');
  // Both stages are claimed (the 3-day one as superseded): nothing re-fires it after a reconciliation.
  const fired = await tenantEm(env.api.c.orm, zone.tenant.id).find(FiredEffect, { key: { $like: `hazard:${id}:%` } });
  expect(fired.map((f) => f.key.split(':').at(-1)).sort()).toEqual(['remind-1d', 'remind-3d']);
});

test('a reminder that reaches nobody (the enterprise has no accounts) goes on up the chain, and the timeline says who was told', async () => {
  const lonely = (
    await env.req('POST', '/api/v1/enterprises', {
      token: zone.token,
      body: { creditCode: buildCreditCode('91', '330782', 'MA2E0002'), name: '无账号企业', principalName: '李四' },
    })
  ).body as { id: string };
  const [at1] = await policyFiringIn(2);
  const [id] = await confirmedHazard(1, lonely.id, null);
  // No enterprise account, no grid worker for its grid: the safety office is told instead.
  const officeNotes = await until(
    () => escalationNotes(safety.token, [id!]),
    (n) => n.length >= 1,
    15_000,
  );
  expect(officeNotes).toHaveLength(1);
  expect(new Date(officeNotes[0].createdAt).getTime() - at1!.getTime()).toBeLessThan(3000);
  const events = await escalatedEvents(id!);
  expect(events).toHaveLength(1);
  expect(events[0]!.comment).toContain('整改责任人、网格员无可通知人员，已通知安监办（1 人）');
  expect(events[0]!.comment).not.toContain('（0 人）');
});
