/**
 * The incident core end to end on real MariaDB, Redis and BullMQ (issue 12, helper A): SOS replay and merge, the
 * desk's intake (also from an IoT alarm), zone and enterprise boundaries, casualties and the accident grade, the
 * authority report and the reporting clock (real delayed jobs; a reconciler that rebuilds them from the rows), plans
 * and checklists, the life cycle, drills (nothing outside, a Drill record in the enterprise file), statistics and the
 * two documents.
 */
import { randomUUID } from 'node:crypto';
import JSZip from 'jszip';
import type { Socket } from 'socket.io-client';
import sharp from 'sharp';
import { mp4Audio } from '../../core/files/testdata/audio.ts';
import { multipart } from '../../testing/fixtures.ts';
import { createEnterprise, inZone } from '../../testing/scope-fixtures.ts';
import { sleep, until } from '../../testing/poll.ts';
import { BLANK_DEVICE } from '../../testing/iot-fixtures.ts';
import { realtimeClient } from '../../testing/realtime.ts';
import { createTestEnv, userWithRole, zoneWithAdmin, type TestEnv } from '../../testing/test-env.ts';
import { supervisorIn } from '../../testing/supervision-fixtures.ts';
import type { AlarmService } from '../iot/alarm.service.ts';
import { IotDevice } from '../iot/iot.entity.ts';
import { notificationText } from '../notifications/notification-text.ts';
import { IncidentDispatch, IncidentWarning } from './dispatch.entity.ts';
import { recordEvent } from './incident-timeline.ts';
import { Incident } from './incident.entity.ts';
import { clockPlan, reconcileClocks } from './incident.jobs.ts';

type Zone = Awaited<ReturnType<typeof zoneWithAdmin>>;
type U = Awaited<ReturnType<typeof userWithRole>>;

let env: TestEnv;
let zone: Zone;
let other: Zone;
let entA: string;
let entB: string;
let staffA: U;
let staffA2: U;
let staffB: U;
let office: U;
let member: U;
let grid: U;

const api = (method: string, path: string, token: string, body?: unknown, headers?: Record<string, string>) =>
  env.req(method, `/api/v1${path}`, { token, body, headers });
const alarms = (): AlarmService =>
  (env.api.services as unknown as { iot: { services: { alarms: AlarmService } } }).iot.services.alarms;
const sos = (token: string, body: Record<string, unknown>) => api('POST', '/incidents/sos', token, body);
const notes = async (token: string, kind?: string) =>
  (
    (await api('GET', '/notifications?pageSize=100', token)).body.items as Array<{
      kind: string;
      title: string;
      body: string;
      link: string;
      severity: string;
    }>
  ).filter((n) => !kind || n.kind === kind);
async function desk(body: Record<string, unknown> = {}, token = zone.token) {
  const r = await api('POST', '/incidents', token, {
    source: 'phone',
    type: 'fire',
    level: 'III',
    description: '仓库冒烟，有明火',
    callerName: '李师傅',
    callerPhone: '13905790102',
    ...body,
  });
  expect(r.status).toBe(201);
  return r.body;
}

beforeAll(async () => {
  env = await createTestEnv({ worker: true });
  zone = await zoneWithAdmin(env, 'incidents');
  other = await zoneWithAdmin(env, 'incother');
  entA = await createEnterprise(env, zone.token, 'MA2K8001', '甲化工', {
    lat: 29.101,
    lng: 119.652,
    planX: 0.4,
    planY: 0.6,
    address: '纬三路 18 号',
  });
  entB = await createEnterprise(env, zone.token, 'MA2K8002', '乙制冷');
  staffA = await userWithRole(env, zone, 'enterprise_admin', { enterpriseId: entA });
  staffA2 = await userWithRole(env, zone, 'enterprise_staff', { enterpriseId: entA });
  staffB = await userWithRole(env, zone, 'enterprise_admin', { enterpriseId: entB });
  office = await userWithRole(env, zone, 'safety_officer', { phone: '13905790111' });
  member = await userWithRole(env, zone, 'rescue_member');
  grid = await userWithRole(env, zone, 'grid_worker');
}, 120_000);
afterAll(async () => {
  await env?.close();
});

test('SOS: a replayed clientKey answers the same incident; a second press within the merge window merges; an enterprise user’s SOS gets the enterprise and its place', async () => {
  const key = randomUUID();
  const first = await sos(staffA.token, { clientKey: key, type: 'leak_poisoning', description: '罐区有刺鼻气味' });
  expect(first.status).toBe(201);
  expect(first.body.merged).toBe(false);
  const inc = first.body.incident;
  expect(inc).toMatchObject({
    source: 'sos',
    status: 'reported',
    type: 'leak_poisoning',
    enterpriseId: entA,
    enterpriseName: '甲化工',
    lat: 29.101,
    lng: 119.652,
    planX: 0.4,
    isDrill: false,
    level: 'IV',
    severity: 1,
  });
  expect(inc.no).toMatch(/^SJ\d{8}-\d{3}$/);
  expect(inc.clock.state).toBe('pending');
  expect(inc.events.map((e: { kind: string }) => e.kind)).toEqual(['reported']);
  // The same press again (weak network): the same incident, 200, nothing new.
  const replay = await sos(staffA.token, { clientKey: key, type: 'leak_poisoning' });
  expect(replay.status).toBe(200);
  expect(replay.body.incident.id).toBe(inc.id);
  expect(replay.body.incident.events).toHaveLength(1);
  // A second press (another key) within 60 s: merged into the first.
  const again = await sos(staffA.token, {
    clientKey: randomUUID(),
    type: 'fire',
    lat: 29.2,
    lng: 119.7,
    description: '开始冒烟',
  });
  expect(again.status).toBe(200);
  expect(again.body.merged).toBe(true);
  expect(again.body.incident.id).toBe(inc.id);
  expect(again.body.incident.events.map((e: { kind: string }) => e.kind)).toEqual(['reported', 'sos_merged']);
  // The phone's position replaces the enterprise's address the first SOS fell back to.
  expect(again.body.incident).toMatchObject({ lat: 29.2, lng: 119.7 });
  // Another person of the same enterprise: a new incident.
  const colleague = await sos(staffA2.token, { clientKey: randomUUID(), type: 'leak_poisoning' });
  expect(colleague.status).toBe(201);
  expect(colleague.body.incident.id).not.toBe(inc.id);
  // Someone else's key: refused, not answered with their incident.
  const stolen = await sos(staffB.token, { clientKey: key, type: 'other' });
  expect(stolen.status).toBe(409);
  // The desk was told at once (critical), linked to the incident.
  const told = await until(
    () => notes(office.token, 'incident.sos'),
    (l) => l.some((n) => n.link === `/incidents/${inc.id}`),
    5000,
  );
  expect(told.find((n) => n.link === `/incidents/${inc.id}`)).toMatchObject({ severity: 'critical' });
});

test('SOS: an offline press keeps the phone’s press time as occurredAt (learnedAt stays the arrival); an implausible phone time is ignored and the timeline says so', async () => {
  const u = await userWithRole(env, zone, 'rescue_member');
  const pressed = new Date(Date.now() - 75_000); // pressed 75 s ago, queued on the phone
  const before = Date.now();
  const r = await sos(u.token, { clientKey: randomUUID(), type: 'fire', pressedAt: pressed.toISOString() });
  expect(r.status).toBe(201);
  const inc = r.body.incident;
  expect(inc.occurredAt).toBe(pressed.toISOString());
  expect(Date.parse(inc.learnedAt)).toBeGreaterThanOrEqual(before - 1000);
  expect(inc.events[0].text).toContain('按下，网络原因延迟送达');
  expect(inc.events[0].data).toMatchObject({ pressedAt: pressed.toISOString(), pressedAtIgnored: null });
  // A phone clock an hour ahead: the server's time, and the timeline says the phone's time was ignored.
  const v = await userWithRole(env, zone, 'rescue_member');
  const ahead = await sos(v.token, {
    clientKey: randomUUID(),
    type: 'fire',
    pressedAt: new Date(Date.now() + 3600_000).toISOString(),
  });
  expect(ahead.status).toBe(201);
  expect(ahead.body.incident.occurredAt).toBe(ahead.body.incident.learnedAt);
  expect(ahead.body.incident.events[0].text).toContain('不可信，发生时间按接报时间记录');
  expect(ahead.body.incident.events[0].data.pressedAtIgnored).toBe('future');
  // Two days old: ignored too.
  const w = await userWithRole(env, zone, 'rescue_member');
  const old = await sos(w.token, {
    clientKey: randomUUID(),
    type: 'fire',
    pressedAt: new Date(Date.now() - 48 * 3600_000).toISOString(),
  });
  expect(old.body.incident.occurredAt).toBe(old.body.incident.learnedAt);
  expect(old.body.incident.events[0].data.pressedAtIgnored).toBe('too_old');
  // Not a time at all: 400 on the field, never a 500.
  const bad = await sos(w.token, { clientKey: randomUUID(), type: 'fire', pressedAt: 'yesterday' });
  expect(bad.status).toBe(400);
});

test('SOS voice note: the reporter’s own recording uploaded as incident media is attached; someone else’s, a photo or a hazard photo as voice → 422', async () => {
  const upload = async (token: string, data: Buffer, name: string, purpose: string) => {
    const r = await env.req('POST', '/api/v1/files', { token, raw: multipart(data, name, { purpose }) });
    expect(r.status).toBe(201);
    return r.body.id as string;
  };
  const rep = await userWithRole(env, zone, 'enterprise_staff', { enterpriseId: entA });
  const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#c84' } })
    .png()
    .toBuffer();
  const voiceA2 = await upload(rep.token, mp4Audio(), 'a2.m4a', 'incident_media');
  const photoA2 = await upload(rep.token, png, 'p.png', 'incident_media');
  const hazardPhoto = await upload(rep.token, png, 'h.png', 'hazard_photo');
  const colleagues = await upload(staffA.token, mp4Audio(), 'a.m4a', 'incident_media');
  for (const voiceFileId of [colleagues, photoA2, hazardPhoto]) {
    const r = await sos(rep.token, { clientKey: randomUUID(), type: 'fire', voiceFileId });
    expect(r.status).toBe(422);
    expect(r.body.errors[0].path).toBe('voiceFileId');
  }
  // Another enterprise's file is not even visible: 404.
  expect((await sos(staffB.token, { clientKey: randomUUID(), type: 'fire', voiceFileId: voiceA2 })).status).toBe(404);
  const ok = await sos(rep.token, { clientKey: randomUUID(), type: 'fire', voiceFileId: voiceA2, photoFileIds: [photoA2] });
  expect(ok.status).toBe(201);
  expect(ok.body.incident.fileIds).toEqual([photoA2, voiceA2]);
  // The desk can play it.
  const f = await api('GET', `/files/${voiceA2}`, zone.token);
  expect(f.body).toMatchObject({ purpose: 'incident_media', mime: 'audio/mp4' });
});

test('SOS: two presses racing (different keys) make ONE incident; a bad key or position is refused, never a 500', async () => {
  // Six at once: a press that read the clock before the first but got the lock after it still merges.
  const r = await Promise.all([0, 1, 2, 3, 4, 5].map(() => sos(grid.token, { clientKey: randomUUID(), type: 'other' })));
  expect(r.map((x) => x.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
  expect(new Set(r.map((x) => x.body.incident.id)).size).toBe(1);
  expect((await sos(grid.token, { clientKey: 'abc', type: 'other' })).status).toBe(400);
  expect((await sos(grid.token, { clientKey: randomUUID(), type: 'volcano' })).status).toBe(400);
  expect((await sos(grid.token, { clientKey: randomUUID(), type: 'other', lat: 91, lng: 0 })).status).toBe(400);
  const half = await sos(member.token, { clientKey: randomUUID(), type: 'other', lat: 29 });
  expect(half.status).toBe(422);
  expect(half.body.errors[0].path).toBe('lng');
  // A city supervisor has no SOS.
  const sup = await supervisorIn(env, zone);
  expect((await sos(sup.token, { clientKey: randomUUID(), type: 'other' })).status).toBe(403);
});

test('boundaries: another zone never sees an incident; enterprise users see their own and their enterprise’s only', async () => {
  const inc = (await sos(staffB.token, { clientKey: randomUUID(), type: 'fire' })).body.incident;
  // Another zone: 404 on every route, absent from lists.
  expect((await api('GET', `/incidents/${inc.id}`, other.token)).status).toBe(404);
  expect((await api('PATCH', `/incidents/${inc.id}`, other.token, { version: inc.version, level: 'I' })).status).toBe(404);
  expect((await api('POST', `/incidents/${inc.id}/close`, other.token, { version: inc.version, summary: '越权' })).status).toBe(
    404,
  );
  expect(
    (
      await api('PUT', `/incidents/${inc.id}/casualties`, other.token, {
        version: 1,
        deaths: 0,
        missing: 0,
        seriousInjuries: 0,
        minorInjuries: 0,
        directLossWan: 0,
      })
    ).status,
  ).toBe(404);
  expect(
    ((await api('GET', '/incidents?pageSize=200', other.token)).body.items as Array<{ id: string }>).some((i) => i.id === inc.id),
  ).toBe(false);
  // Another enterprise of the same zone: 404; its own people: 200; the list is the staff's only.
  expect((await api('GET', `/incidents/${inc.id}`, staffA.token)).status).toBe(404);
  expect((await api('GET', `/incidents/${inc.id}`, staffB.token)).status).toBe(200);
  expect((await api('GET', '/incidents', staffB.token)).status).toBe(403);
  const mineA = (await api('GET', '/incidents/mine', staffA.token)).body.items as Array<{ id: string; enterpriseId: string }>;
  expect(mineA.length).toBeGreaterThan(0);
  expect(mineA.every((i) => i.enterpriseId === entA)).toBe(true);
  // The zone's staff and rescuers see it; an enterprise user cannot act on it.
  expect((await api('GET', `/incidents/${inc.id}`, member.token)).status).toBe(200);
  expect(
    (await api('POST', `/incidents/${inc.id}/cancel`, staffB.token, { version: inc.version, reason: '自己取消' })).status,
  ).toBe(403);
});

test('enterprise view: an enterprise user reads their incident redacted — own warnings only, no rescuer phones, no desk-internal timeline, no other enterprise’s name', async () => {
  const inc = await desk({ enterpriseId: entA, callerName: '王保安', callerPhone: '13905790188' });
  await api('POST', `/incidents/${inc.id}/notes`, zone.token, { text: '内部：乙制冷的罐区也要关注' });
  await inZone(env, zone.tenant.id, async (em) => {
    const now = new Date();
    em.create(IncidentDispatch, {
      incidentId: inc.id,
      userId: randomUUID(),
      userName: '赵队员',
      phone: '13905790177',
      status: 'en_route',
      dispatchedAt: now,
      dispatchedBy: null,
      ackDueAt: new Date(now.getTime() + 180_000),
      lat: 29.1,
      lng: 119.6,
    } as never);
    const w = (enterpriseId: string, name: string, acked: boolean) =>
      em.create(IncidentWarning, {
        incidentId: inc.id,
        targetKind: 'enterprise',
        targetKey: `e:${enterpriseId}`,
        enterpriseId,
        name,
        distanceM: 300,
        bearingDeg: 90,
        message: `${name}：请关闭门窗`,
        sentAt: now,
        acknowledgedAt: acked ? now : null,
        acknowledgedByName: acked ? '乙安全员' : null,
      } as never);
    const wa = w(entA, '甲化工', false);
    const wb = w(entB, '乙制冷', true);
    recordEvent(em, {
      incidentId: inc.id,
      kind: 'dispatched',
      actor: null,
      text: '调派 赵队员，须在 3 分钟内确认（13905790177）',
      data: {},
    } as never);
    recordEvent(em, {
      incidentId: inc.id,
      kind: 'warning_sent',
      actor: null,
      text: '发布下风向预警 2 个对象：甲化工、乙制冷',
      data: { warningIds: [wa.id, wb.id], simulated: false },
    } as never);
    recordEvent(em, {
      incidentId: inc.id,
      kind: 'warning_acked',
      actor: null,
      text: '乙制冷 确认收到下风向预警（乙安全员）',
      data: { warningId: wb.id, enterpriseId: entB },
    } as never);
    recordEvent(em, {
      incidentId: inc.id,
      kind: 'equipment_deployed',
      actor: null,
      text: '调用器材 正压式呼吸器（SCBA-01）',
    } as never);
    await em.flush();
  });
  // The desk sees everything.
  const full = (await api('GET', `/incidents/${inc.id}`, zone.token)).body;
  expect(full.warnings).toHaveLength(2);
  expect(full.dispatches[0].phone).toBe('13905790177');
  expect(full.events.map((e: { kind: string }) => e.kind)).toContain('note');
  // The enterprise's own user: the public part only.
  const r = await api('GET', `/incidents/${inc.id}`, staffA.token);
  expect(r.status).toBe(200);
  const seen = r.body;
  expect(seen.warnings.map((w: { enterpriseId: string }) => w.enterpriseId)).toEqual([entA]);
  expect(seen.dispatches).toHaveLength(1);
  expect(seen.dispatches[0]).toMatchObject({ userName: '赵队员', status: 'en_route', phone: null, lat: null, lng: null });
  expect(seen.checklist).toEqual([]);
  expect(seen.reporterPhone).toBeNull();
  const kinds = seen.events.map((e: { kind: string }) => e.kind);
  expect(kinds).toEqual(['reported', 'dispatched', 'warning_sent']);
  expect(seen.events.find((e: { kind: string }) => e.kind === 'dispatched').text).toBe('已调派救援队员，累计 1 人次');
  expect(seen.events.find((e: { kind: string }) => e.kind === 'warning_sent').text).toBe('向本企业发布下风向预警');
  expect(seen.events.every((e: { data: unknown }) => e.data === null)).toBe(true);
  const json = JSON.stringify(seen);
  expect(json).not.toContain('乙制冷');
  expect(json).not.toContain('13905790177');
  expect(json).not.toContain('13905790188');
  expect(json).not.toContain('内部：');
  expect(json).not.toContain('SCBA-01');
  // The other enterprise still gets a 404, not a redacted copy.
  expect((await api('GET', `/incidents/${inc.id}`, staffB.token)).status).toBe(404);
});

test('desk from an IoT alarm: type, enterprise and place from the device; the alarm is commented; the same alarm twice → 409', async () => {
  const deviceId = await inZone(env, zone.tenant.id, async (em) => {
    const d = em.create(IotDevice, {
      ...BLANK_DEVICE,
      code: 'NH3-INC-1',
      name: '液氨罐区探测器',
      type: 'gas_nh3',
      enterpriseId: entB,
      location: '液氨罐区',
      mapX: 0.7,
      mapY: 0.2,
      lat: 29.11,
      lng: 119.66,
    } as never);
    await em.flush();
    return d.id;
  });
  const tenant = (await env.api.c.tenants.byId(zone.tenant.id))!;
  await alarms().applyRuleEvents(tenant, [
    {
      kind: 'raise',
      type: 'nh3.threshold',
      alarmKind: 'threshold',
      level: 2,
      severity: 'critical',
      value: 80,
      ts: Date.now(),
      deviceId,
    },
  ]);
  const alarm = (await api('GET', `/iot/alarms?deviceId=${deviceId}`, zone.token)).body.items[0];
  const d = await desk({ source: 'iot_alarm', alarmId: alarm.id, type: undefined, description: '液氨泄漏报警，现场核实中' });
  expect(d).toMatchObject({
    source: 'iot_alarm',
    type: 'leak_poisoning',
    enterpriseId: entB,
    lat: 29.11,
    planX: 0.7,
    address: '液氨罐区',
    alarmId: alarm.id,
  });
  expect(d.events.map((e: { kind: string }) => e.kind)).toEqual(['reported', 'reading']);
  const tl = (await api('GET', `/iot/alarms/${alarm.id}`, zone.token)).body.timeline as Array<{
    action: string;
    comment: string;
  }>;
  expect(tl.some((e) => e.action === 'comment' && e.comment.includes(d.no))).toBe(true);
  const twice = await api('POST', '/incidents', zone.token, { source: 'iot_alarm', alarmId: alarm.id, description: '再次立案' });
  expect(twice.status).toBe(409);
  expect(twice.body.detail).toContain(d.no);
  // An alarm of another zone is not found; a phone call without a type is a 400.
  const foreign = await api('POST', '/incidents', other.token, {
    source: 'iot_alarm',
    alarmId: alarm.id,
    description: '越权立案',
  });
  expect(foreign.status).toBe(404);
  expect((await api('POST', '/incidents', zone.token, { source: 'phone', description: '没有类型' })).status).toBe(400);
  // A rescue member cannot raise at the desk.
  expect((await api('POST', '/incidents', member.token, { source: 'phone', type: 'fire', description: '队员立案' })).status).toBe(
    403,
  );
});

test('casualties: negative, fractional, absurd or over-precise figures are a 422 on the field; the grade follows 条例 Art. 3 (以上 includes the number; the missing are not counted)', async () => {
  let d = await desk();
  const put = (b: Record<string, unknown>) =>
    api('PUT', `/incidents/${d.id}/casualties`, zone.token, {
      version: d.version,
      deaths: 0,
      missing: 0,
      seriousInjuries: 0,
      minorInjuries: 0,
      directLossWan: 0,
      ...b,
    });
  for (const [field, value] of [
    ['deaths', -1],
    ['seriousInjuries', 1.5],
    ['minorInjuries', 1_000_000],
    ['directLossWan', 12.345],
    ['directLossWan', -3],
    ['directLossWan', 20_000_000],
  ] as const) {
    const r = await put({ [field]: value });
    expect(r.status).toBe(422);
    expect(r.body.errors[0].path).toBe(field);
  }
  expect((await put({ deaths: '3' })).status).toBe(400);
  expect((await put({ deaths: null })).status).toBe(400);
  // Nothing was saved by the refusals.
  expect((await api('GET', `/incidents/${d.id}`, zone.token)).body.version).toBe(d.version);
  const grade = async (b: Record<string, unknown>) => {
    const r = await put(b);
    expect(r.status).toBe(200);
    d = r.body;
    return d.grade;
  };
  expect(await grade({ missing: 50 })).toBe('general');
  expect(await grade({ deaths: 2, seriousInjuries: 9, directLossWan: 999.99 })).toBe('general');
  expect(await grade({ deaths: 3 })).toBe('larger');
  expect(await grade({ seriousInjuries: 50 })).toBe('major');
  expect(await grade({ directLossWan: 10000 })).toBe('especially_major');
  expect(await grade({})).toBeNull();
  const ev = d.events.filter((e: { kind: string }) => e.kind === 'casualties');
  expect(ev.length).toBe(6);
  expect(ev[2].data.before).toMatchObject({ deaths: 2, grade: 'general' });
  expect(ev[2].data.after).toMatchObject({ deaths: 3, grade: 'larger' });
  // A stale version: 409.
  expect(
    (
      await api('PUT', `/incidents/${d.id}/casualties`, zone.token, {
        version: 1,
        deaths: 0,
        missing: 0,
        seriousInjuries: 0,
        minorInjuries: 0,
        directLossWan: 0,
      })
    ).status,
  ).toBe(409);
});

test('the reporting clock: reminders at 40 min and at the hour (real jobs) to the office; the authority report stops it; later casualty changes ask for a 续报', async () => {
  // Learned 45 minutes ago: the 40-minute reminder is due at once, the hour in 15 minutes.
  const soon = await desk({
    learnedAt: new Date(Date.now() - 45 * 60_000).toISOString(),
    occurredAt: new Date(Date.now() - 50 * 60_000).toISOString(),
  });
  expect(soon.clock).toMatchObject({ state: 'pending' });
  expect(soon.clock.remainingMs).toBeGreaterThan(14 * 60_000);
  expect(soon.clock.remainingMs).toBeLessThan(15 * 60_000 + 1000);
  const warn = await until(
    () => notes(office.token, 'incident.clock.warn'),
    (l) => l.some((n) => n.link === `/incidents/${soon.id}`),
    8000,
  );
  expect(warn.find((n) => n.link === `/incidents/${soon.id}`)).toMatchObject({ severity: 'critical' });
  // Learned 61 minutes ago: overdue, the office is told it is late.
  const late = await desk({ learnedAt: new Date(Date.now() - 61 * 60_000).toISOString() });
  expect(late.clock.state).toBe('overdue');
  expect(late.clock.remainingMs).toBeLessThan(0);
  const over = await until(
    () => notes(office.token, 'incident.clock.overdue'),
    (l) => l.some((n) => n.link === `/incidents/${late.id}`),
    8000,
  );
  expect(over.length).toBeGreaterThan(0);
  const lateNow = (await api('GET', `/incidents/${late.id}`, zone.token)).body;
  expect(lateNow.events.some((e: { kind: string }) => e.kind === 'authority_due')).toBe(true);
  // The report: stored with the Art. 12 snapshot, the clock done, the follow-up window set (30 days; fire: 7).
  await api('PUT', `/incidents/${late.id}/casualties`, zone.token, {
    version: lateNow.version,
    deaths: 1,
    missing: 1,
    seriousInjuries: 0,
    minorInjuries: 2,
    directLossWan: 12.5,
  });
  const cur = (await api('GET', `/incidents/${late.id}`, zone.token)).body;
  const rep = await api('POST', `/incidents/${late.id}/authority-report`, zone.token, {
    version: cur.version,
    reportedAt: new Date().toISOString(),
    authority: '金华市应急管理局',
    channel: 'phone',
    reporterName: '王主任',
  });
  expect(rep.status).toBe(200);
  expect(rep.body.clock.state).toBe('done');
  expect(rep.body.authorityReport.fields).toMatchObject({
    deaths: 1,
    missing: 1,
    minorInjuries: 2,
    directLossWan: 12.5,
    grade: 'general',
    type: 'fire',
  });
  expect(rep.body.authorityReport.fields.measures).toEqual(expect.any(String));
  const followDays = (Date.parse(rep.body.followUpUntil) - Date.parse(rep.body.occurredAt)) / 86400_000;
  expect(followDays).toBeGreaterThan(7);
  expect(followDays).toBeLessThan(9); // fire: 7 calendar days after the day of the accident
  expect(rep.body.events.find((e: { kind: string }) => e.kind === 'authority_reported').data.onTime).toBe(false);
  // A second report: 409.
  expect(
    (
      await api('POST', `/incidents/${late.id}/authority-report`, zone.token, {
        version: rep.body.version,
        reportedAt: new Date().toISOString(),
        authority: 'x局',
        channel: 'fax',
        reporterName: '王',
      })
    ).status,
  ).toBe(409);
  // A casualty change within the window: the office is asked for a 续报.
  const changed = await api('PUT', `/incidents/${late.id}/casualties`, zone.token, {
    version: rep.body.version,
    deaths: 2,
    missing: 0,
    seriousInjuries: 0,
    minorInjuries: 2,
    directLossWan: 12.5,
  });
  expect(changed.status).toBe(200);
  expect(changed.body.events.at(-1).data.followUp).toBe(true);
  const follow = await until(
    () => notes(office.token, 'incident.followUp'),
    (l) => l.some((n) => n.link === `/incidents/${late.id}`),
    5000,
  );
  expect(follow.length).toBeGreaterThan(0);
});

test('the clock survives a Redis flush: the reconciler re-adds the reminder jobs from the rows', async () => {
  const tenant = (await env.api.c.tenants.byId(zone.tenant.id))!;
  // A row the api never queued a job for (as after a Redis flush): learned 61 minutes ago.
  const id = await inZone(env, zone.tenant.id, async (em) => {
    const at = new Date(Date.now() - 61 * 60_000);
    const i = em.create(Incident, {
      no: `SJ-RECON-${Date.now() % 100000}`,
      type: 'explosion',
      source: 'desk',
      status: 'reported',
      level: 'II',
      severity: 3,
      isDrill: false,
      description: '调和罐爆燃',
      reporterName: '值班员',
      occurredAt: at,
      learnedAt: at,
      fileIds: [],
    } as never);
    await em.flush();
    return i.id;
  });
  await sleep(1500);
  expect((await notes(office.token, 'incident.clock.overdue')).some((n) => n.link === `/incidents/${id}`)).toBe(false);
  const n = await inZone(env, zone.tenant.id, (em) => reconcileClocks(env.api.c, em, tenant));
  expect(n).toBeGreaterThan(0);
  const over = await until(
    () => notes(office.token, 'incident.clock.overdue'),
    (l) => l.some((x) => x.link === `/incidents/${id}`),
    8000,
  );
  expect(over.some((x) => x.link === `/incidents/${id}`)).toBe(true);
  // The plan: 20 minutes before the hour, then the hour.
  const plan = clockPlan(tenant, new Date('2026-12-05T02:00:00Z'));
  expect(plan.map((p) => [p.stage, p.at.toISOString()])).toEqual([
    ['warn', '2026-12-05T02:40:00.000Z'],
    ['due', '2026-12-05T03:00:00.000Z'],
  ]);
});

test('drills: nothing leaves the platform — no clock, no authority report, notices marked 【演练】 and not critical; closing writes a Drill record into the enterprise file; statistics keep drills apart', async () => {
  const drill = (await sos(staffA2.token, { clientKey: randomUUID(), type: 'fire', isDrill: true, description: '消防演练' })).body
    .incident;
  // The colleague's earlier real SOS is still open but a drill never merges into a real one.
  expect(drill.isDrill).toBe(true);
  expect(drill.clock.state).toBe('not_required');
  const told = await until(
    () => notes(office.token, 'incident.sos'),
    (l) => l.some((n) => n.link === `/incidents/${drill.id}`),
    5000,
  );
  const n = told.find((x) => x.link === `/incidents/${drill.id}`)!;
  expect(n.title.startsWith('【演练】')).toBe(true);
  expect(n.severity).not.toBe('critical');
  // No SMS planned for the drill's notice (the office user has a phone; a critical notice would go by SMS).
  const sms = await inZone(env, zone.tenant.id, async (em) =>
    em.getConnection().execute(
      `SELECT COUNT(*) AS n FROM notification_deliveries d JOIN notifications x ON x.id = d.notification_id
        WHERE x.tenant_id = ? AND x.link = ? AND d.channel = 'sms'`,
      [zone.tenant.id, `/incidents/${drill.id}`],
      'all',
    ),
  );
  expect(Number((sms as Array<{ n: number }>)[0]!.n)).toBe(0);
  const rep = await api('POST', `/incidents/${drill.id}/authority-report`, zone.token, {
    version: drill.version,
    reportedAt: new Date().toISOString(),
    authority: '应急管理局',
    channel: 'phone',
    reporterName: '王',
  });
  expect(rep.status).toBe(422);
  expect(rep.body.detail).toContain('演练');
  // Closing the drill feeds the enterprise's drill records.
  const closed = await api('POST', `/incidents/${drill.id}/close`, zone.token, {
    version: drill.version,
    summary: '演练顺利完成，疏散用时 4 分钟',
  });
  expect(closed.status).toBe(200);
  expect(closed.body.status).toBe('closed');
  const drills = await api('GET', `/enterprises/${entA}/drills`, zone.token);
  expect(drills.status).toBe(200);
  const rec = (drills.body.items ?? drills.body) as Array<{ kind: string; summary: string }>;
  expect(rec.some((r) => r.summary.startsWith('【演练】') && r.summary.includes(drill.no) && r.kind === 'special')).toBe(true);
  // The after-action report carries the 演练 line.
  const doc = await fetch(`${env.url}/api/v1/incidents/${drill.id}/after-action-report.docx`, {
    headers: { authorization: `Bearer ${zone.token}` },
  });
  expect(doc.status).toBe(200);
  const xml = await (await JSZip.loadAsync(Buffer.from(await doc.arrayBuffer()))).file('word/document.xml')!.async('string');
  expect(xml).toContain('【演练】');
  expect(xml).toContain('演练顺利完成');
  // Statistics: drills apart.
  const from = new Date(Date.now() - 86400_000).toISOString();
  const to = new Date(Date.now() + 86400_000).toISOString();
  const st = await api('GET', `/incidents/stats?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, zone.token);
  expect(st.status).toBe(200);
  expect(st.body.drills.total).toBe(1);
  expect(st.body.real.total).toBeGreaterThan(3);
  expect(st.body.real.byType.some((x: { type: string }) => x.type === 'fire')).toBe(true);
  const onlyDrills = await api('GET', '/incidents?drill=only', zone.token);
  expect(onlyDrills.body.items.map((i: { id: string }) => i.id)).toEqual([drill.id]);
});

test('response plans: proposals (the enterprise’s first), the checklist with due times, ticks; refusals', async () => {
  const step = (key: string, order: number, action: string, withinMinutes: number) => ({
    key,
    order,
    who: '值班员',
    action,
    withinMinutes,
  });
  const zonePlan = await api('POST', '/response-plans', zone.token, {
    title: '园区火灾专项应急预案',
    incidentTypes: ['fire', 'explosion'],
    levels: ['I', 'II', 'III', 'IV'],
    steps: [step('verify', 1, '接警核实', 2), step('notify', 2, '通知救援队', 3), step('report', 3, '上报应急管理局', 60)],
  });
  expect(zonePlan.status).toBe(201);
  const entPlan = await api('POST', '/response-plans', zone.token, {
    enterpriseId: entA,
    title: '甲化工火灾现场处置方案',
    incidentTypes: ['fire'],
    levels: ['III', 'IV'],
    steps: [step('cut', 1, '切断物料', 5), step('evacuate', 2, '疏散警戒', 10)],
  });
  expect(entPlan.status).toBe(201);
  // Duplicate step keys, a member creating, an archived plan: refused.
  expect(
    (
      await api('POST', '/response-plans', zone.token, {
        title: '重复',
        incidentTypes: ['fire'],
        levels: ['I'],
        steps: [step('a', 1, 'x', 1), step('a', 2, 'y', 2)],
      })
    ).status,
  ).toBe(400);
  // A type or a level listed twice: 422 on that field (not silently merged); on an edit too.
  for (const [field, body] of [
    ['incidentTypes', { incidentTypes: ['fire', 'fire'], levels: ['I'] }],
    ['levels', { incidentTypes: ['fire'], levels: ['I', 'II', 'I'] }],
  ] as const) {
    const twice = await api('POST', '/response-plans', zone.token, { title: '重复类型', ...body, steps: [step('a', 1, 'x', 1)] });
    expect(twice.status).toBe(422);
    expect(twice.body.errors[0].path).toBe(field);
    expect(twice.body.detail).toMatch(/重复：(火灾|.*级)/);
  }
  const editTwice = await api('PATCH', `/response-plans/${entPlan.body.id}`, zone.token, { version: 1, levels: ['IV', 'IV'] });
  expect(editTwice.status).toBe(422);
  expect(editTwice.body.errors[0].path).toBe('levels');
  expect(
    (
      await api('POST', '/response-plans', member.token, {
        title: '队员预案',
        incidentTypes: ['fire'],
        levels: ['I'],
        steps: [step('a', 1, 'x', 1)],
      })
    ).status,
  ).toBe(403);
  const inc = await desk({ enterpriseId: entA, level: 'III' });
  const props = await api('GET', `/incidents/${inc.id}/plan-proposals`, zone.token);
  expect(props.body.items.map((p: { id: string }) => p.id)).toEqual([entPlan.body.id, zonePlan.body.id]);
  // Another enterprise's incident is not offered A's plan, and cannot apply it.
  const incB = await desk({ enterpriseId: entB, level: 'III' });
  expect(
    (await api('GET', `/incidents/${incB.id}/plan-proposals`, zone.token)).body.items.map((p: { id: string }) => p.id),
  ).toEqual([zonePlan.body.id]);
  expect((await api('POST', `/incidents/${incB.id}/plan`, zone.token, { planId: entPlan.body.id })).status).toBe(422);
  const applied = await api('POST', `/incidents/${inc.id}/plan`, zone.token, { planId: zonePlan.body.id });
  expect(applied.status).toBe(200);
  expect(applied.body.plan.id).toBe(zonePlan.body.id);
  const cl = applied.body.checklist as Array<{ id: string; stepKey: string; dueAt: string; doneAt: string | null }>;
  expect(cl.map((c) => c.stepKey)).toEqual(['verify', 'notify', 'report']);
  expect(Date.parse(cl[2]!.dueAt) - Date.parse(inc.learnedAt)).toBe(60 * 60_000);
  const ticked = await api('POST', `/incidents/${inc.id}/checklist/${cl[0]!.id}`, zone.token, {
    done: true,
    note: '已联系报警人',
  });
  expect(ticked.body.checklist[0]).toMatchObject({ doneByName: expect.any(String), note: '已联系报警人' });
  expect(ticked.body.checklist[0].doneAt).not.toBeNull();
  // A step of another incident: 404. Another zone's plan: 404.
  expect((await api('POST', `/incidents/${incB.id}/checklist/${cl[0]!.id}`, zone.token, { done: true })).status).toBe(404);
  // An unknown item of an incident that exists: 404 that says so (not 未找到该事件).
  const noItem = await api('POST', `/incidents/${inc.id}/checklist/0190a5b0-0000-7000-8000-0000000000ff`, zone.token, {
    done: true,
  });
  expect(noItem.status).toBe(404);
  expect(noItem.body.detail).toBe('未找到该清单项');
  expect((await api('POST', `/incidents/${inc.id}/plan`, other.token, { planId: zonePlan.body.id })).status).toBe(404);
  expect((await api('GET', `/response-plans/${zonePlan.body.id}`, other.token)).status).toBe(404);
  // Archive: no longer proposed.
  expect((await api('DELETE', `/response-plans/${zonePlan.body.id}`, zone.token)).body.active).toBe(false);
  expect((await api('GET', `/incidents/${incB.id}/plan-proposals`, zone.token)).body.items).toEqual([]);
  // Stale plan version: 409.
  expect((await api('PATCH', `/response-plans/${entPlan.body.id}`, zone.token, { version: 99, title: '改名' })).status).toBe(409);
});

test('life cycle: controlled → closed; cancelled only from reported/responding; stale versions 409; closed is final; documents', async () => {
  const a = await desk();
  const ctl = await api('POST', `/incidents/${a.id}/status`, zone.token, { version: a.version, status: 'controlled' });
  expect(ctl.status).toBe(200);
  expect(ctl.body.status).toBe('controlled');
  expect((await api('POST', `/incidents/${a.id}/cancel`, zone.token, { version: ctl.body.version, reason: '误报' })).status).toBe(
    409,
  );
  expect((await api('POST', `/incidents/${a.id}/close`, zone.token, { version: a.version, summary: '旧版本' })).status).toBe(409);
  // The after-action report exists only once closed.
  expect((await api('GET', `/incidents/${a.id}/after-action-report.docx`, zone.token)).status).toBe(409);
  const ini = await fetch(`${env.url}/api/v1/incidents/${a.id}/initial-report.docx`, {
    headers: { authorization: `Bearer ${zone.token}` },
  });
  expect(ini.status).toBe(200);
  const iniXml = await (await JSZip.loadAsync(Buffer.from(await ini.arrayBuffer()))).file('word/document.xml')!.async('string');
  expect(iniXml).toContain('已经采取的措施');
  expect(iniXml).not.toContain('【演练】');
  const closed = await api('POST', `/incidents/${a.id}/close`, zone.token, {
    version: ctl.body.version,
    summary: '明火扑灭，无人员伤亡',
  });
  expect(closed.status).toBe(200);
  expect(closed.body).toMatchObject({ status: 'closed', summary: '明火扑灭，无人员伤亡', closedByName: expect.any(String) });
  const late = await api('PATCH', `/incidents/${a.id}`, zone.token, { version: closed.body.version, level: 'I' });
  expect(late.status).toBe(409);
  expect(late.body.detail).toBe('事件已结案，不能再修改'); // one 已 (the label already says 已结案)
  expect(closed.body.clock.state).toBe('not_required'); // closed without casualties: nothing to report
  // Cancel from reported, with a reason; the note goes on the timeline.
  const b = await desk();
  const noted = await api('POST', `/incidents/${b.id}/notes`, zone.token, { text: '回电确认为误报' });
  expect(noted.body.events.at(-1)).toMatchObject({ kind: 'note', text: '回电确认为误报' });
  const cancelled = await api('POST', `/incidents/${b.id}/cancel`, zone.token, {
    version: noted.body.version,
    reason: '误报：烧烤烟雾',
  });
  expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelReason: '误报：烧烤烟雾' });
  // Update records what changed.
  const c = await desk();
  const up = await api('PATCH', `/incidents/${c.id}`, zone.token, { version: c.version, level: 'I', type: 'explosion' });
  expect(up.body).toMatchObject({ level: 'I', severity: 4, type: 'explosion' });
  expect(up.body.events.at(-1).kind).toBe('updated');
  // Lists: open filter and text search.
  const open = (await api('GET', '/incidents?status=open&pageSize=200', zone.token)).body.items as Array<{ id: string }>;
  expect(open.some((i) => i.id === c.id)).toBe(true);
  expect(open.some((i) => i.id === a.id)).toBe(false);
  const found = (await api('GET', `/incidents?q=${encodeURIComponent(c.no)}`, zone.token)).body.items as Array<{ id: string }>;
  expect(found.map((i) => i.id)).toEqual([c.id]);
});

test('every incident notice the office received reads in English too (notification-text templates)', async () => {
  const mine = (await notes(office.token)).filter((n) => n.kind.startsWith('incident.'));
  const kinds = new Set(mine.map((n) => n.kind));
  for (const k of ['incident.sos', 'incident.reported', 'incident.clock.warn', 'incident.clock.overdue', 'incident.followUp'])
    expect(kinds.has(k)).toBe(true);
  for (const n of mine) {
    const en = notificationText(n, 'en');
    expect(en.title).not.toBe(n.title);
    expect(en.body).not.toBe(n.body);
    expect(en.title).not.toMatch(/一键求救|新事件|上报|续报/);
  }
});

test('realtime: incident.changed reaches the zone’s console at once (SOS, changes), never another zone or an enterprise user', async () => {
  const sockets: Socket[] = [];
  const reporter = await userWithRole(env, zone, 'grid_worker');
  const client = (token: string) => realtimeClient(env.url, token, sockets);
  try {
    const [desk, foreign, ent] = await Promise.all([client(office.token), client(other.token), client(staffB.token)]);
    const got: Array<{ id: string; kind: string; status: string; no: string; isDrill: boolean }> = [];
    const leaked: unknown[] = [];
    desk.on('incident.changed', (d) => got.push(d));
    foreign.on('incident.changed', (d) => leaked.push(d));
    ent.on('incident.changed', (d) => leaked.push(d));
    const t0 = Date.now();
    const inc = (await sos(reporter.token, { clientKey: randomUUID(), type: 'electric_shock' })).body.incident;
    await until(
      async () => got,
      (l) => l.some((x) => x.id === inc.id),
      3000,
    );
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(got.find((x) => x.id === inc.id)).toMatchObject({ kind: 'created', status: 'reported', no: inc.no, isDrill: false });
    await api('POST', `/incidents/${inc.id}/notes`, zone.token, { text: '已电话联系' });
    await until(
      async () => got,
      (l) => l.some((x) => x.id === inc.id && x.kind === 'note'),
      3000,
    );
    expect(got.filter((x) => x.id === inc.id).map((x) => x.kind)).toEqual(['created', 'note']);
    await sleep(300);
    expect(leaked).toEqual([]);
  } finally {
    sockets.forEach((s) => s.disconnect());
  }
});

test('statistics: medians from learnedAt to the first dispatch, acknowledgement and arrival (B’s dispatch rows)', async () => {
  const z = await zoneWithAdmin(env, 'incstats');
  const learned = Date.now() - 60 * 60_000;
  const mk = async (offsets: [number, number, number]) => {
    const inc = await desk({ learnedAt: new Date(learned).toISOString() }, z.token);
    await inZone(env, z.tenant.id, async (em) => {
      const at = (m: number) => new Date(learned + m * 60_000);
      em.create(IncidentDispatch, {
        incidentId: inc.id,
        userId: inc.reporterUserId ?? randomUUID(),
        userName: '队员',
        status: 'on_scene',
        dispatchedAt: at(offsets[0]),
        dispatchedBy: null,
        ackDueAt: at(offsets[0] + 3),
        acknowledgedAt: at(offsets[1]),
        onSceneAt: at(offsets[2]),
      } as never);
      await em.flush();
    });
  };
  await mk([2, 3, 8]);
  await mk([4, 6, 12]);
  await desk({ learnedAt: new Date(learned).toISOString() }, z.token); // no dispatch: not in the medians
  const from = new Date(learned - 86400_000).toISOString();
  const to = new Date(Date.now() + 60_000).toISOString();
  const st = await api('GET', `/incidents/stats?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, z.token);
  expect(st.status).toBe(200);
  expect(st.body.real.total).toBe(3);
  expect(st.body.real.medianMinutes).toEqual({ toDispatch: 3, toAck: 4.5, toOnScene: 10 });
  expect(st.body.drills).toMatchObject({ total: 0, medianMinutes: { toDispatch: null, toAck: null, toOnScene: null } });
  // A period over a year, or backwards: 400.
  expect(
    (await api('GET', `/incidents/stats?from=${encodeURIComponent(to)}&to=${encodeURIComponent(from)}`, z.token)).status,
  ).toBe(400);
});

test('zone settings: the incident policy is checked as a person types it (Art. 9 hour is the ceiling; calm < low wind; toxic ≥ normal distance)', async () => {
  const z = await zoneWithAdmin(env, 'incpolicy');
  const base = {
    ackMinutes: 1,
    escalateToLeader: true,
    accountabilityMinutes: 5,
    sosMergeSeconds: 30,
    authorityReportMinutes: 45,
    downwind: {
      halfAngleDeg: 30,
      lowWindHalfAngleDeg: 60,
      lowWindSpeed: 1.5,
      calmSpeed: 0.5,
      distanceM: 1000,
      toxicDistanceM: 2000,
    },
  };
  const patch = (incidentPolicy: unknown) => api('PATCH', '/tenant/settings', z.token, { incidentPolicy });
  expect((await patch({ ...base, authorityReportMinutes: 61 })).status).toBe(400);
  expect((await patch({ ...base, ackMinutes: 0 })).status).toBe(400);
  const calm = await patch({ ...base, downwind: { ...base.downwind, calmSpeed: 2 } });
  expect(calm.status).toBe(400);
  expect(calm.body.errors[0].path).toContain('calmSpeed');
  expect((await patch({ ...base, downwind: { ...base.downwind, toxicDistanceM: 500 } })).status).toBe(400);
  const ok = await patch(base);
  expect(ok.status).toBe(200);
  expect(ok.body.incidentPolicy ?? ok.body.settings?.incidentPolicy).toMatchObject({ ackMinutes: 1, authorityReportMinutes: 45 });
});

test('close and cancel end every active dispatch in the same transaction (on scene → done, the others stood down)', async () => {
  const inc = await desk();
  const ids = await inZone(env, zone.tenant.id, async (em) => {
    const now = new Date();
    const mk = (status: string, name: string) =>
      em.create(IncidentDispatch, {
        incidentId: inc.id,
        userId: randomUUID(),
        userName: name,
        status,
        dispatchedAt: now,
        dispatchedBy: null,
        ackDueAt: new Date(now.getTime() + 180_000),
        onSceneAt: status === 'on_scene' ? now : null,
      } as never);
    const a = mk('on_scene', '张队员');
    const b = mk('pending_ack', '李队员');
    await em.flush();
    return [a.id, b.id];
  });
  const closed = await api('POST', `/incidents/${inc.id}/close`, zone.token, { version: inc.version, summary: '处置完毕' });
  expect(closed.status).toBe(200);
  const byId = new Map((closed.body.dispatches as Array<{ id: string; status: string }>).map((d) => [d.id, d.status]));
  expect([byId.get(ids[0]!), byId.get(ids[1]!)]).toEqual(['done', 'stood_down']);
  expect(closed.body.events.map((e: { kind: string }) => e.kind)).toEqual(['reported', 'stood_down', 'closed']);
});

test('list paging: the cursor walks every incident once, newest first, like the pages; a broken cursor is a 400 on the field', async () => {
  for (let k = 0; k < 3; k++) await desk({ description: `翻页测试${k}` });
  const all = (await api('GET', '/incidents?pageSize=200', zone.token)).body as { items: Array<{ id: string }>; total: number };
  expect(all.items.length).toBeGreaterThanOrEqual(3);
  const walked: string[] = [];
  let cursor: string | null = null;
  do {
    const r = await api('GET', `/incidents?pageSize=2${cursor ? `&cursor=${cursor}` : ''}`, zone.token);
    expect(r.status).toBe(200);
    expect(r.body.total).toBe(all.total);
    walked.push(...(r.body.items as Array<{ id: string }>).map((i) => i.id));
    cursor = r.body.nextCursor as string | null;
  } while (cursor);
  expect(walked).toEqual(all.items.map((i) => i.id));
  const page2 = (await api('GET', '/incidents?pageSize=2&page=2', zone.token)).body.items as Array<{ id: string }>;
  expect(page2.map((i) => i.id)).toEqual(walked.slice(2, 4));
  const bad = await api('GET', '/incidents?cursor=not-a-cursor', zone.token);
  expect(bad.status).toBe(400);
  expect(JSON.stringify(bad.body)).toContain('cursor');
});

test('odd dates and places: a desk incident dated more than 30 days back → 422 on the field; an SOS 50 km from the zone is taken but flagged on the timeline and to the desk', async () => {
  const old = await api('POST', '/incidents', zone.token, {
    source: 'phone',
    type: 'fire',
    description: '旧事故补录',
    occurredAt: '1970-01-01T00:00:00.000Z',
  });
  expect(old.status).toBe(422);
  expect(old.body.errors[0].path).toBe('occurredAt');
  expect(old.body.detail).toContain('30 天前');
  const oldLearned = await api('POST', '/incidents', zone.token, {
    source: 'phone',
    type: 'fire',
    description: '旧事故补录',
    learnedAt: new Date(Date.now() - 31 * 86_400_000).toISOString(),
  });
  expect(oldLearned.status).toBe(422);
  expect(oldLearned.body.errors[0].path).toBe('learnedAt');
  const future = await api('POST', '/incidents', zone.token, {
    source: 'phone',
    type: 'fire',
    description: '未来事故',
    occurredAt: new Date(Date.now() + 86_400_000).toISOString(),
  });
  expect(future.status).toBeGreaterThanOrEqual(400);
  expect(future.status).toBeLessThan(500);
  expect(JSON.stringify(future.body)).toContain('occurredAt');
  // 29 days back is fine.
  await desk({ occurredAt: new Date(Date.now() - 29 * 86_400_000).toISOString() });
  // An SOS from about 51 km away (the zone has no map centre: its enterprises' centroid is 甲化工).
  const u = await userWithRole(env, zone, 'rescue_member');
  const far = await sos(u.token, { clientKey: randomUUID(), type: 'fire', lat: 29.101 + 0.46, lng: 119.652 });
  expect(far.status).toBe(201);
  const ev = far.body.incident.events[0];
  expect(ev.text).toMatch(/位置距园区约 5\d km，请核实/);
  expect(ev.data.farFromZoneKm).toBeGreaterThan(49);
  const told = await until(
    () => notes(office.token, 'incident.sos'),
    (l) => l.some((n) => n.link === `/incidents/${far.body.incident.id}`),
    5000,
  );
  expect(told.find((n) => n.link === `/incidents/${far.body.incident.id}`)!.body).toMatch(/位置距园区约 5\d km，请核实/);
  // A press next door: no flag.
  const v = await userWithRole(env, zone, 'rescue_member');
  const near = await sos(v.token, { clientKey: randomUUID(), type: 'fire', lat: 29.102, lng: 119.653 });
  expect(near.body.incident.events[0].text).not.toContain('请核实');
  expect(near.body.incident.events[0].data.farFromZoneKm).toBeNull();
});
