/**
 * IoT alarms end to end on real MariaDB and Redis (design §5): the rule engine's events through
 * `AlarmService.applyRuleEvents` (as the ingest pipeline hands them over), the people's actions through the api,
 * escalation through real BullMQ jobs with stages of 1–2 s, hazards opened by the system, and the statistics.
 */
import { Redis } from 'ioredis';
import type { IotDeviceType } from '@yuanan/contracts';
import { createEnterprise, inZone } from '../../testing/scope-fixtures.ts';
import { createTestEnv, userWithRole, zoneWithAdmin, type TestEnv } from '../../testing/test-env.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import { notificationText } from '../notifications/notification-text.ts';
import { alarmPlan, escalationStep, initialEscalation } from './alarm-escalation.ts';
import { escalationNotice, raiseNotice } from './alarm-notices.ts';
import type { AlarmRuleEvent, AlarmService } from './alarm.service.ts';
import { IotDevice } from './iot.entity.ts';

type Zone = Awaited<ReturnType<typeof zoneWithAdmin>>;
type U = Awaited<ReturnType<typeof userWithRole>>;

let env: TestEnv;
let zone: Zone;
let other: Zone;
let tenant: TenantInfo;
let entA: string;
let entB: string;
let staffA: U;
let staffB: U;
let office: U;
let n = 0;

const api = (method: string, path: string, token: string, body?: unknown) => env.req(method, `/api/v1${path}`, { token, body });
const alarms = (): AlarmService =>
  (env.api.services as unknown as { iot: { services: { alarms: AlarmService } } }).iot.services.alarms;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms: number): Promise<T> {
  const end = Date.now() + ms;
  let v = await fn();
  while (!ok(v) && Date.now() < end) {
    await sleep(200);
    v = await fn();
  }
  return v;
}

/** A device of the zone (written directly: the registry's routes are tested in devices.test.ts). */
async function device(enterpriseId: string | null, type: IotDeviceType = 'gas_combustible', tenantId = zone.tenant.id) {
  n++;
  return inZone(env, tenantId, async (em) => {
    const d = em.create(IotDevice, {
      code: `GAS-${String(n).padStart(4, '0')}`,
      name: `Detector ${n}`,
      type,
      enterpriseId,
      keyPlace: null,
      location: `Workshop ${n}`,
      mapX: null,
      mapY: null,
      lat: null,
      lng: null,
      installedOn: null,
      calibrationDueOn: null,
      certificateNo: null,
      intervalSeconds: 10,
      status: 'enabled',
      gatewayId: null,
      credentialVersion: 1,
      credentialIssuedAt: null,
      lastSeenAt: null,
      online: true,
      manufacturer: null,
      model: null,
    } as never);
    await em.flush();
    return d.id;
  });
}

const raise = (deviceId: string, level: 1 | 2, value: number, ts = Date.now()): AlarmRuleEvent => ({
  kind: 'raise',
  type: 'gas_lel.threshold',
  alarmKind: 'threshold',
  level,
  severity: level === 2 ? 'critical' : 'major',
  value,
  ts,
  deviceId,
});
const update = (deviceId: string, level: 1 | 2, value: number, peak: number, ts = Date.now()): AlarmRuleEvent => ({
  kind: 'update',
  type: 'gas_lel.threshold',
  level,
  severity: level === 2 ? 'critical' : 'major',
  value,
  peak,
  ts,
  deviceId,
});
const clear = (deviceId: string, value: number, ts = Date.now()): AlarmRuleEvent => ({
  kind: 'clear',
  type: 'gas_lel.threshold',
  value,
  ts,
  deviceId,
});

async function alarmsOf(deviceId: string, token = zone.token) {
  const r = await api('GET', `/iot/alarms?deviceId=${deviceId}&pageSize=50`, token);
  expect(r.status).toBe(200);
  return r.body.items as Array<
    { id: string; status: string; version: number; count: number; level: number | null } & Record<string, unknown>
  >;
}
async function detail(id: string, token = zone.token) {
  return api('GET', `/iot/alarms/${id}`, token);
}

async function setPolicy(stages: Array<{ key: string; offsetSeconds: number; target: string }>, criticalStartsHigher = false) {
  const r = await api('PATCH', '/tenant/settings', zone.token, { iotEscalationPolicy: { stages, criticalStartsHigher } });
  expect(r.status).toBe(200);
  await sleep(50);
  env.api.c.tenants.invalidate();
  env.worker!.c.tenants.invalidate();
  tenant = (await env.api.c.tenants.byId(zone.tenant.id))!;
}

async function escalationNotes(token: string, alarmId: string) {
  const r = await api('GET', '/notifications?pageSize=100', token);
  return (r.body.items as Array<{ kind: string; link: string; severity: string }>).filter(
    (x) => x.kind === 'iot.alarm.escalate' && x.link === `/iot/alarms/${alarmId}`,
  );
}

beforeAll(async () => {
  env = await createTestEnv({ worker: true });
  zone = await zoneWithAdmin(env, 'iotalarm');
  other = await zoneWithAdmin(env, 'iotother');
  tenant = (await env.api.c.tenants.byId(zone.tenant.id))!;
  entA = await createEnterprise(env, zone.token, 'MA2K7001', '甲化工');
  entB = await createEnterprise(env, zone.token, 'MA2K7002', '乙制冷');
  staffA = await userWithRole(env, zone, 'enterprise_admin', { enterpriseId: entA });
  staffB = await userWithRole(env, zone, 'enterprise_admin', { enterpriseId: entB });
  office = await userWithRole(env, zone, 'safety_officer');
  // The default policy escalates after 5 minutes: nothing fires during the tests until a test shortens it.
}, 120_000);
afterAll(async () => {
  await env?.close();
});

test('concurrent raises of one device and type make ONE active alarm (the unique active key), counting the repeats', async () => {
  const d = await device(entA);
  const ts = Date.now();
  await Promise.all(Array.from({ length: 8 }, (_, i) => alarms().applyRuleEvents(tenant, [raise(d, 1, 26 + i, ts + i)])));
  const list = await alarmsOf(d);
  expect(list).toHaveLength(1);
  expect(list[0]).toMatchObject({ status: 'active_unack', count: 8, level: 1, severity: 'major', kind: 'threshold' });
  // One raise on the timeline; the repeats only count.
  const tl = (await detail(list[0]!.id)).body.timeline as Array<{ action: string }>;
  expect(tl.filter((e) => e.action === 'raise')).toHaveLength(1);
  // After a clear, a new excursion is a new alarm.
  await alarms().applyRuleEvents(tenant, [clear(d, 10, ts + 100)]);
  await alarms().applyRuleEvents(tenant, [raise(d, 1, 27, ts + 200)]);
  const after = await alarmsOf(d);
  expect(after.map((a) => a.status).sort()).toEqual(['active_unack', 'cleared_unack']);
  // A raise, a clear and a raise again in one flush: applied in order.
  const d2 = await device(entA);
  await alarms().applyRuleEvents(tenant, [raise(d2, 1, 30, ts), clear(d2, 5, ts + 10), raise(d2, 1, 31, ts + 20)]);
  expect((await alarmsOf(d2)).map((a) => a.status).sort()).toEqual(['active_unack', 'cleared_unack']);
});

test('severity follows the level up and down; the raise notifies the enterprise; level 2 opens a hazard that stays open after the clear', async () => {
  const d = await device(entA);
  const t0 = Date.now();
  await alarms().applyRuleEvents(tenant, [raise(d, 1, 28, t0)]);
  let [a] = await alarmsOf(d);
  expect(a).toMatchObject({ severity: 'major', level: 1, hazardId: null });
  await alarms().applyRuleEvents(tenant, [update(d, 2, 55, 55, t0 + 1000)]);
  [a] = await alarmsOf(d);
  expect(a).toMatchObject({ severity: 'critical', level: 2, peakValue: 55, lastValue: 55 });
  expect(a!.hazardId).toEqual(expect.any(String));
  await alarms().applyRuleEvents(tenant, [update(d, 1, 40, 55, t0 + 2000)]);
  [a] = await alarmsOf(d);
  expect(a).toMatchObject({ severity: 'major', level: 1, peakValue: 55, lastValue: 40, status: 'active_unack' });
  await alarms().applyRuleEvents(tenant, [clear(d, 2, t0 + 3000)]);
  const r = await detail(a!.id);
  expect(r.status).toBe(200);
  expect(r.body.status).toBe('cleared_unack');
  expect(r.body.timeline.map((e: { action: string }) => e.action)).toEqual(['raise', 'level', 'hazard', 'level', 'clear']);
  expect(r.body.hazard).toMatchObject({ id: a!.hazardId, status: 'reported' });
  expect(r.body.hazard.description).toContain('【物联网报警】Detector');
  expect(r.body.hazard.description).toContain('二级报警');
  // The hazard is the office's to confirm: it follows the closed loop, the normal reading does not close it.
  const h = await api('GET', `/hazards/${a!.hazardId}`, office.token);
  expect(h.status).toBe(200);
  expect(h.body).toMatchObject({ source: 'iot_alarm', status: 'reported', enterpriseId: entA, reportedByName: '物联网平台' });
  // The enterprise's people were told at the raise, and again (critical) when it rose to level 2.
  const notes = await until(
    async () =>
      (
        (await api('GET', '/notifications?pageSize=100', staffA.token)).body.items as Array<{
          kind: string;
          link: string;
          severity: string;
        }>
      ).filter((x) => x.link === `/iot/alarms/${a!.id}`),
    (x) => x.length >= 2,
    15_000,
  );
  expect(notes.map((x) => [x.kind, x.severity]).sort()).toEqual([
    ['iot.alarm.level', 'critical'],
    ['iot.alarm.raise', 'warning'],
  ]);
  // A raised straight at level 2: the hazard at once. A zone device (no enterprise) opens none.
  const d2 = await device(entB);
  const zoneDevice = await device(null);
  await alarms().applyRuleEvents(tenant, [raise(d2, 2, 60), raise(zoneDevice, 2, 61)]);
  expect((await alarmsOf(d2))[0]!.hazardId).toEqual(expect.any(String));
  expect((await alarmsOf(zoneDevice))[0]!.hazardId).toBeNull();
  // A hazard the zone refuses (here: the device's enterprise is not in the zone) costs the alarm nothing.
  const orphan = await device('0190a5b0-0000-7000-8000-00000000dead');
  await alarms().applyRuleEvents(tenant, [raise(orphan, 2, 62)]);
  const [o] = await alarmsOf(orphan);
  expect(o).toMatchObject({ status: 'active_unack', severity: 'critical', hazardId: null });
}, 60_000);

test('a critical alarm reaches the phone by SMS at once even in the quiet hours; a first-level one waits for them to end', async () => {
  const ent = await createEnterprise(env, zone.token, 'MA2K7004', '丁喷涂');
  const sleeper = await userWithRole(env, zone, 'enterprise_admin', { enterpriseId: ent, phone: '13812345679' });
  const hm = (ms: number) =>
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
      new Date(Date.now() + ms),
    );
  const prefs = await api('PUT', '/me/notification-preferences', sleeper.token, {
    wechat: false,
    sms: true,
    quietHours: { from: hm(-3600_000), to: hm(3600_000) },
  });
  expect(prefs.status).toBe(200);
  const critical = await device(ent);
  const major = await device(ent);
  await alarms().applyRuleEvents(tenant, [raise(critical, 2, 60), raise(major, 1, 30)]);
  const [c] = await alarmsOf(critical);
  const [m] = await alarmsOf(major);
  const smsJob = async (alarmId: string) =>
    inZone(env, zone.tenant.id, async (em) => {
      const rows = (await em.getConnection().execute(
        `SELECT d.id FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id
            WHERE n.user_id = ? AND n.link = ? AND d.channel = 'sms'`,
        [sleeper.id, `/iot/alarms/${alarmId}`],
        'all',
      )) as Array<{ id: string }>;
      return rows[0] ? env.worker!.c.queues.queue('notify').getJob(`deliver.${rows[0].id}`) : null;
    });
  const now = await until(
    () => smsJob(c!.id),
    (j) => !!j,
    15_000,
  );
  expect(now!.opts.delay ?? 0).toBe(0);
  const later = await until(
    () => smsJob(m!.id),
    (j) => !!j,
    15_000,
  );
  expect(later!.opts.delay).toBeGreaterThan(30 * 60_000);
}, 60_000);

test('ack and clear are independent; an ack racing the automatic clear ends cleared and acknowledged either way', async () => {
  const d = await device(entA);
  await alarms().applyRuleEvents(tenant, [raise(d, 1, 30)]);
  let [a] = await alarmsOf(d);
  const ack = await api('POST', `/iot/alarms/${a!.id}/ack`, staffA.token, { version: a!.version });
  expect(ack.status).toBe(200);
  expect(ack.body).toMatchObject({ status: 'active_ack', acknowledgedBy: staffA.id, acknowledgedByName: expect.any(String) });
  // The action answers the detail: the acknowledgement is on the timeline already.
  expect(ack.body.timeline.map((e: { action: string }) => e.action)).toEqual(['raise', 'ack']);
  // Acknowledged again with the old version: 409.
  expect((await api('POST', `/iot/alarms/${a!.id}/ack`, staffA.token, { version: a!.version })).status).toBe(409);
  await alarms().applyRuleEvents(tenant, [clear(d, 5)]);
  [a] = await alarmsOf(d);
  expect(a!.status).toBe('cleared_ack');
  // Cleared first, acknowledged after with the version seen before the clear: the clear never moved it.
  await alarms().applyRuleEvents(tenant, [raise(d, 1, 31)]);
  const fresh = (await alarmsOf(d)).find((x) => x.status === 'active_unack')!;
  await alarms().applyRuleEvents(tenant, [clear(d, 4)]);
  const late = await api('POST', `/iot/alarms/${fresh.id}/ack`, staffA.token, { version: fresh.version });
  expect(late.status).toBe(200);
  expect(late.body.status).toBe('cleared_ack');
  // The race proper, ten times: both end in cleared_ack, whichever commits first.
  for (let i = 0; i < 10; i++) {
    const dev = await device(entA);
    await alarms().applyRuleEvents(tenant, [raise(dev, 1, 30)]);
    const [x] = await alarmsOf(dev);
    const [r] = await Promise.all([
      api('POST', `/iot/alarms/${x!.id}/ack`, staffA.token, { version: x!.version }),
      alarms().applyRuleEvents(tenant, [clear(dev, 3)]),
    ]);
    expect(r.status).toBe(200);
    const end = await detail(x!.id);
    expect([i, end.body.status]).toEqual([i, 'cleared_ack']);
  }
}, 60_000);

test('close needs the alarm cleared (422 while active, unless the office force-clears), the current version (409) and a handling record (400)', async () => {
  const d = await device(entA);
  await alarms().applyRuleEvents(tenant, [raise(d, 1, 30)]);
  const [a] = await alarmsOf(d);
  const handling = { cause: 'sensor_fault', measures: '探头漂移，已重新标定', photoIds: [] };
  const active = await api('POST', `/iot/alarms/${a!.id}/close`, staffA.token, { version: a!.version, handling });
  expect(active.status).toBe(422);
  expect(active.headers.get('content-type')).toContain('problem+json');
  expect((await api('POST', `/iot/alarms/${a!.id}/close`, staffA.token, { version: a!.version })).status).toBe(400);
  // forceClear is the office's.
  expect(
    (await api('POST', `/iot/alarms/${a!.id}/close`, staffA.token, { version: a!.version, handling, forceClear: true })).status,
  ).toBe(403);
  const comment = await api('POST', `/iot/alarms/${a!.id}/comment`, staffA.token, { comment: '已安排人员到现场' });
  expect(comment.status).toBe(200);
  await alarms().applyRuleEvents(tenant, [clear(d, 2)]);
  const stale = await api('POST', `/iot/alarms/${a!.id}/close`, staffA.token, { version: a!.version + 5, handling });
  expect(stale.status).toBe(409);
  expect(stale.body.detail).toContain('已被他人处理或状态已变化');
  const cur = (await detail(a!.id)).body;
  const closed = await api('POST', `/iot/alarms/${a!.id}/close`, staffA.token, { version: cur.version, handling });
  expect(closed.status).toBe(200);
  expect(closed.body).toMatchObject({ status: 'closed', handling: { cause: 'sensor_fault' }, hazardId: null });
  // Closed twice: 409.
  expect((await api('POST', `/iot/alarms/${a!.id}/close`, staffA.token, { version: closed.body.version, handling })).status).toBe(
    409,
  );
  // The office force-clears an active one; a cause of equipment opens a hazard.
  const d2 = await device(entA);
  await alarms().applyRuleEvents(tenant, [raise(d2, 1, 33)]);
  const [b] = await alarmsOf(d2);
  const forced = await api('POST', `/iot/alarms/${b!.id}/close`, office.token, {
    version: b!.version,
    handling: { cause: 'equipment', measures: '法兰垫片老化泄漏，已更换', photoIds: [] },
    forceClear: true,
  });
  expect(forced.status).toBe(200);
  expect(forced.body.status).toBe('closed');
  expect(forced.body.clearedAt).not.toBeNull();
  expect(forced.body.hazardId).toEqual(expect.any(String));
  const h = await api('GET', `/hazards/${forced.body.hazardId}`, office.token);
  expect(h.body).toMatchObject({ source: 'iot_alarm', status: 'reported' });
  expect(h.body.description).toContain('设备设施缺陷');
  // The condition the device's rules carry comes with the detail (set points for the chart).
  expect((await detail(b!.id)).body.condition).toMatchObject({ quantity: 'gas_lel', level1: 25, level2: 50 });
});

test('a manual clear of an active alarm is for the office only: the enterprise user and the grid worker get 403 and cannot clear-then-close', async () => {
  const grid = await userWithRole(env, zone, 'grid_worker');
  const d = await device(entA);
  await alarms().applyRuleEvents(tenant, [raise(d, 2, 70)]);
  const [a] = await alarmsOf(d);
  const handling = { cause: 'sensor_fault', measures: '现场复核', photoIds: [] };
  for (const who of [staffA, grid]) {
    const r = await api('POST', `/iot/alarms/${a!.id}/clear`, who.token, { version: a!.version, comment: '看着没事' });
    expect(r.status).toBe(403);
    expect(r.headers.get('content-type')).toContain('problem+json');
    expect(r.body.detail).toContain('只有安监办可以手动解除');
    // ...so the close that would follow is still refused while the reading is high.
    expect((await api('POST', `/iot/alarms/${a!.id}/close`, who.token, { version: a!.version, handling })).status).toBe(422);
  }
  // Still active, unacknowledged, escalating, at level 2.
  const still = (await detail(a!.id)).body;
  expect(still).toMatchObject({ status: 'active_unack', level: 2, severity: 'critical', version: a!.version, clearedAt: null });
  expect(still.nextEscalationAt).not.toBeNull();
  // They may still acknowledge it; the office may clear it.
  const ack = await api('POST', `/iot/alarms/${a!.id}/ack`, grid.token, { version: a!.version });
  expect(ack.status).toBe(200);
  const cleared = await api('POST', `/iot/alarms/${a!.id}/clear`, office.token, { version: ack.body.version });
  expect(cleared.status).toBe(200);
  expect(cleared.body.status).toBe('cleared_ack');
  // Once cleared, a second clear is a 409 for anyone.
  expect((await api('POST', `/iot/alarms/${a!.id}/clear`, staffA.token, { version: cleared.body.version })).status).toBe(409);
});

test('scope: another zone gets 404, an enterprise user sees only its own enterprise (404 for others)', async () => {
  const d = await device(entA);
  await alarms().applyRuleEvents(tenant, [raise(d, 1, 30)]);
  const [a] = await alarmsOf(d);
  expect((await detail(a!.id, other.token)).status).toBe(404);
  expect((await api('POST', `/iot/alarms/${a!.id}/ack`, other.token, { version: a!.version })).status).toBe(404);
  expect((await api('GET', `/iot/alarms?deviceId=${d}`, other.token)).body.items).toEqual([]);
  expect((await detail(a!.id, staffB.token)).status).toBe(404);
  expect((await api('POST', `/iot/alarms/${a!.id}/ack`, staffB.token, { version: a!.version })).status).toBe(404);
  expect((await api('POST', `/iot/alarms/${a!.id}/comment`, staffB.token, { comment: 'x' })).status).toBe(404);
  const mine = await api('GET', '/iot/alarms?pageSize=200', staffB.token);
  expect(mine.body.items.every((x: { enterpriseId: string }) => x.enterpriseId === entB)).toBe(true);
  expect((await api('GET', `/iot/alarms?enterpriseId=${entA}`, staffB.token)).status).toBe(404);
  expect((await detail(a!.id, staffA.token)).status).toBe(200);
  // Assigning to another enterprise's user is refused; to the office, allowed.
  const bad = await api('POST', `/iot/alarms/${a!.id}/assign`, zone.token, { version: a!.version, assigneeId: staffB.id });
  expect(bad.status).toBe(400);
  const ok = await api('POST', `/iot/alarms/${a!.id}/assign`, zone.token, { version: a!.version, assigneeId: office.id });
  expect(ok.status).toBe(200);
  expect(ok.body.assigneeId).toBe(office.id);
});

test('offline alarms: one per device however often the sweep raises, cleared when a reading comes', async () => {
  const d = await device(entB);
  await alarms().raiseOffline(tenant, [d]);
  await alarms().raiseOffline(tenant, [d]);
  let list = await alarmsOf(d);
  expect(list).toHaveLength(1);
  expect(list[0]).toMatchObject({ type: 'offline', kind: 'offline', severity: 'warning', count: 1 });
  await alarms().clearOffline(tenant, [d]);
  list = await alarmsOf(d);
  expect(list[0]!.status).toBe('cleared_unack');
});

test('escalation with stages of 1–2 s notifies the next level; an ack stops it', async () => {
  await setPolicy([
    { key: 'r', offsetSeconds: 0, target: 'responsible' },
    { key: 'o', offsetSeconds: 1, target: 'safety_office' },
    { key: 'a', offsetSeconds: 2, target: 'zone_admin' },
  ]);
  const d = await device(entA);
  const acked = await device(entA);
  await alarms().applyRuleEvents(tenant, [raise(d, 1, 30), raise(acked, 1, 30)]);
  const [x] = await alarmsOf(d);
  const [y] = await alarmsOf(acked);
  expect(x).toMatchObject({ escalationStage: 'r', nextEscalationAt: expect.any(String) });
  expect((await api('POST', `/iot/alarms/${y!.id}/ack`, staffA.token, { version: y!.version })).status).toBe(200);
  const toOffice = await until(
    () => escalationNotes(office.token, x!.id),
    (v) => v.length >= 1,
    15_000,
  );
  expect(toOffice).toHaveLength(1);
  const toAdmin = await until(
    () => escalationNotes(zone.token, x!.id),
    (v) => v.length >= 1,
    15_000,
  );
  expect(toAdmin).toHaveLength(1);
  const tl = (await detail(x!.id)).body.timeline as Array<{ action: string; comment: string | null }>;
  expect(tl.filter((e) => e.action === 'escalate').map((e) => e.comment)).toEqual([
    expect.stringContaining('已通知安监办（'),
    expect.stringContaining('已通知园区管理员（'),
  ]);
  expect((await detail(x!.id)).body.nextEscalationAt).toBeNull();
  // In English: the system's sentences translated.
  const en = await env.req('GET', `/api/v1/iot/alarms/${x!.id}`, { token: zone.token, headers: { 'accept-language': 'en' } });
  const esc = (en.body.timeline as Array<{ action: string; comment: string; actorName: string }>).filter(
    (e) => e.action === 'escalate',
  );
  expect(esc.map((e) => [e.actorName, e.comment])).toEqual([
    ['IoT platform', expect.stringMatching(/^told the safety office \(\d+ people\)$/)],
    ['IoT platform', expect.stringMatching(/^told the zone admin \(\d+ people\)$/)],
  ]);
  // The acknowledged one never escalated.
  await sleep(1000);
  expect(await escalationNotes(office.token, y!.id)).toHaveLength(0);
  expect(await escalationNotes(zone.token, y!.id)).toHaveLength(0);
}, 60_000);

test('after Redis loses everything the reconciler re-creates the escalation job from the database and it still fires', async () => {
  await setPolicy([
    { key: 'r', offsetSeconds: 0, target: 'responsible' },
    { key: 'o', offsetSeconds: 8, target: 'safety_office' },
  ]);
  const d = await device(entA);
  await alarms().applyRuleEvents(tenant, [raise(d, 1, 30)]);
  const [x] = await alarmsOf(d);
  const timers = env.worker!.c.queues.queue('timers');
  const job = () => timers.getJob(`iot-alarm:${x!.id}:o`);
  expect(await until(job, (j) => !!j, 5000)).toBeTruthy();
  // Every key of this test's prefix goes: the queues, the worker's sentinel, everything.
  const raw = new Redis(env.config.REDIS_URL);
  const keys = await raw.keys(`${env.config.REDIS_PREFIX}:*`);
  expect(keys.length).toBeGreaterThan(0);
  for (let i = 0; i < keys.length; i += 500) await raw.del(...keys.slice(i, i + 500));
  raw.disconnect();
  expect(await job()).toBeFalsy();
  // The worker notices (sentinel gone) and reconciles: the job is back, from iot_alarms.next_escalation_at.
  expect(await until(job, (j) => !!j, 10_000)).toBeTruthy();
  const notes = await until(
    () => escalationNotes(office.token, x!.id),
    (v) => v.length >= 1,
    20_000,
  );
  expect(notes).toHaveLength(1);
}, 60_000);

test('statistics of a known set: counts, nuisance ratio, MTTA and MTTC', async () => {
  const ent = await createEnterprise(env, zone.token, 'MA2K7003', '丙锂电');
  const d1 = await device(ent);
  const d2 = await device(ent, 'gas_nh3');
  const day = Date.parse('2026-06-10T02:00:00Z');
  const events: AlarmRuleEvent[] = [
    raise(d1, 1, 30, day),
    raise(d2, 2, 90, day),
    { ...raise(d2, 1, 50, day), type: 'nh3.threshold' },
    {
      kind: 'raise',
      type: 'gas_lel.rate_of_rise',
      alarmKind: 'rate_of_rise',
      level: 0,
      severity: 'minor',
      value: 12,
      ts: day,
      deviceId: d1,
    },
  ];
  // Four alarms at 10:00 local of one day (two on d2: gas_lel and nh3 are different types).
  await alarms().applyRuleEvents(tenant, events);
  const rows = await inZone(
    env,
    zone.tenant.id,
    async (em) =>
      (await em
        .getConnection()
        .execute(
          'SELECT id, type, device_id FROM iot_alarms WHERE enterprise_id = ? ORDER BY type, device_id',
          [ent],
          'all',
        )) as Array<{
        id: string;
      }>,
  );
  expect(rows).toHaveLength(4);
  // Acknowledged after 60 s and 120 s (two of them), cleared after 300 s and 600 s, closed with causes.
  const set = [
    { ack: 60, clr: 300, cause: 'sensor_fault' },
    { ack: 120, clr: 600, cause: 'test' },
    { ack: null, clr: null, cause: null },
    { ack: null, clr: 600, cause: 'equipment' },
  ];
  await inZone(env, zone.tenant.id, async (em) => {
    for (const [i, s] of set.entries())
      await em.getConnection().execute(
        `UPDATE iot_alarms SET acknowledged_at = ?, cleared_at = ?, active_key = IF(? IS NULL, active_key, NULL), closed_at = ?, handling = ?
            WHERE id = ?`,
        [
          s.ack === null ? null : new Date(day + s.ack * 1000),
          s.clr === null ? null : new Date(day + s.clr * 1000),
          s.clr,
          s.cause ? new Date(day + 3600_000) : null,
          s.cause ? JSON.stringify({ cause: s.cause, measures: 'x', photoIds: [] }) : null,
          rows[i]!.id,
        ],
        'run',
      );
  });
  const r = await api(
    'GET',
    `/iot/alarms/stats?from=${encodeURIComponent('2026-06-01T00:00:00+08:00')}&to=${encodeURIComponent('2026-07-01T00:00:00+08:00')}&enterpriseId=${ent}`,
    zone.token,
  );
  expect(r.status).toBe(200);
  expect(r.body).toMatchObject({
    total: 4,
    closed: 3,
    nuisance: 2,
    nuisanceRatio: 0.6667,
    mttaSeconds: 90,
    mttcSeconds: 500,
    byEnterprise: [{ enterpriseId: ent, enterpriseName: '丙锂电', count: 4 }],
    perDay: [{ day: '2026-06-10', total: 4, critical: 1, major: 2, minor: 1, warning: 0 }],
  });
  expect(r.body.byCause).toEqual(
    expect.arrayContaining([
      { cause: 'sensor_fault', count: 1 },
      { cause: 'test', count: 1 },
      { cause: 'equipment', count: 1 },
    ]),
  );
  expect(r.body.byType).toEqual(
    expect.arrayContaining([
      { type: 'gas_lel.threshold', count: 2 },
      { type: 'nh3.threshold', count: 1 },
      { type: 'gas_lel.rate_of_rise', count: 1 },
    ]),
  );
  expect(r.body.bySeverity).toEqual([
    { severity: 'critical', count: 1 },
    { severity: 'major', count: 2 },
    { severity: 'minor', count: 1 },
    { severity: 'warning', count: 0 },
  ]);
  // An enterprise user asking for another enterprise's statistics: 404; for its own, its own only.
  expect(
    (await api('GET', `/iot/alarms/stats?from=2026-06-01T00:00:00Z&to=2026-07-01T00:00:00Z&enterpriseId=${ent}`, staffA.token))
      .status,
  ).toBe(404);
  const own = await api('GET', '/iot/alarms/stats?from=2026-06-01T00:00:00Z&to=2026-07-01T00:00:00Z', staffA.token);
  expect(own.body.total).toBe(0);
});

test('statistics by severity count the HIGHEST severity an alarm reached; the list and detail show current and highest', async () => {
  const ent = await createEnterprise(env, zone.token, 'MA2K7005', '丁储运');
  const [d1, d2, d3] = [await device(ent), await device(ent), await device(ent)];
  const day = Date.parse('2026-05-12T02:00:00Z');
  // d1: level 2 (critical), falls to level 1 (major) and clears. d2: level 1 → 2 → 1. d3: level 1 only.
  await alarms().applyRuleEvents(tenant, [raise(d1, 2, 70, day), raise(d2, 1, 30, day), raise(d3, 1, 28, day)]);
  await alarms().applyRuleEvents(tenant, [update(d1, 1, 40, 70, day + 60_000), update(d2, 2, 55, 55, day + 60_000)]);
  await alarms().applyRuleEvents(tenant, [update(d2, 1, 35, 55, day + 120_000)]);
  await alarms().applyRuleEvents(tenant, [clear(d1, 2, day + 300_000)]);
  const [a1] = await alarmsOf(d1);
  const [a2] = await alarmsOf(d2);
  const [a3] = await alarmsOf(d3);
  expect([a1, a2, a3].map((a) => [a!.severity, a!.peakSeverity])).toEqual([
    ['major', 'critical'],
    ['major', 'critical'],
    ['major', 'major'],
  ]);
  expect((await detail(a1!.id)).body).toMatchObject({ severity: 'major', peakSeverity: 'critical', level: 1 });
  const r = await api(
    'GET',
    `/iot/alarms/stats?from=${encodeURIComponent('2026-05-01T00:00:00+08:00')}&to=${encodeURIComponent('2026-06-01T00:00:00+08:00')}&enterpriseId=${ent}`,
    zone.token,
  );
  expect(r.status).toBe(200);
  expect(r.body.bySeverity).toEqual([
    { severity: 'critical', count: 2 },
    { severity: 'major', count: 1 },
    { severity: 'minor', count: 0 },
    { severity: 'warning', count: 0 },
  ]);
  expect(r.body.perDay).toEqual([{ day: '2026-05-12', total: 3, critical: 2, major: 1, minor: 0, warning: 0 }]);
});

test('every alarm notice the platform writes reads in English (names stay as entered)', () => {
  const CJK = /[\u3400-\u9fff\uff08\uff09\uff1a\uff0c\u3001\uff1b]/;
  const where = { enterpriseName: 'ACME', deviceName: 'GAS-01', location: 'East hall' };
  const strip = (s: string) => s.replace(/（East hall）/g, '');
  for (const severity of ['critical', 'major', 'minor', 'warning'] as const)
    for (const kind of ['threshold', 'rate_of_rise', 'offline'] as const)
      for (const quantity of ['gas_lel', 'nh3', 'temperature', 'smoke'])
        for (const how of ['raise', 'rose', 'assigned'] as const) {
          const a = { kind, severity, quantity, lastValue: 12.5, peakValue: 30, lastAt: new Date() };
          for (const text of [raiseNotice(a, where, 'Asia/Shanghai', how), escalationNotice(a, where, 7)]) {
            const en = notificationText(text, 'en');
            expect([text.title, strip(en.title), strip(en.body)]).toEqual([
              text.title,
              expect.not.stringMatching(CJK),
              expect.not.stringMatching(CJK),
            ]);
          }
        }
});

test('escalation steps: stages at 0 s are the raise notice, past stages collapse to the latest, a stage within the skew fires', () => {
  const start = new Date('2026-12-01T00:00:00Z');
  const at = (s: number) => new Date(start.getTime() + s * 1000);
  const z = {
    ...tenant,
    settings: {
      ...tenant.settings,
      iotEscalationPolicy: {
        stages: [
          { key: 'r', offsetSeconds: 0, target: 'responsible' as const },
          { key: 'g', offsetSeconds: 300, target: 'grid_worker' as const },
          { key: 'o', offsetSeconds: 900, target: 'safety_office' as const },
          { key: 'a-very-long-stage-key-of-32-char', offsetSeconds: 1800, target: 'zone_admin' as const },
        ],
        criticalStartsHigher: true,
      },
    },
  };
  expect(initialEscalation(z, { startedAt: start, severity: 'major' })).toEqual({
    escalationStage: 'r',
    nextEscalationAt: at(300),
    nextStage: 'g',
  });
  const plan = alarmPlan(z, { startedAt: start, severity: 'major' });
  expect(escalationStep(plan, 'r', at(100))).toMatchObject({ due: null, next: { key: 'g' } });
  expect(escalationStep(plan, 'r', at(299.5), 1000)).toMatchObject({ due: { key: 'g' }, next: { key: 'o' } });
  // Worker down for 20 minutes: the office's stage fires, the grid worker's is superseded.
  const late = escalationStep(plan, 'r', at(1200));
  expect([late.due?.key, late.superseded.map((s) => s.key), late.next?.key]).toEqual([
    'o',
    ['g'],
    'a-very-long-stage-key-of-32-char',
  ]);
  // The column holds the whole 32-character key; the step after the last one reads as "nothing left".
  expect(escalationStep(plan, 'a-very-long-stage-key-of-32-char', at(4000)).due).toBeNull();
  // Critical alarms start one level higher.
  expect(alarmPlan(z, { startedAt: start, severity: 'critical' }).map((s) => s.target)).toEqual([
    'grid_worker',
    'safety_office',
    'zone_admin',
    'zone_admin',
  ]);
});
