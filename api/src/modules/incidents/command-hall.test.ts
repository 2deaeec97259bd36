/**
 * The command hall's snapshot (GET /command-hall) on real MariaDB: a zone with a site plan and enterprises placed on
 * it (three with both lat/lng and a plan point fit the transform, a fourth with lat/lng only is put on the plan
 * through it), a duty team on shift, open incidents (a real leak with a wind → downwind sector on both grounds and an
 * overdue reporting clock; a drill → no clock), dispatches holding a member, active and cleared IoT alarms, a hazard
 * reported today. Checked against the figures built here; another zone sees none of it; who may look.
 */
import sharp from 'sharp';
import type { Socket } from 'socket.io-client';
import { fitPlanTransform } from '@yuanan/domain';
import { uuidv7 } from '../../core/db/ids.ts';
import { createEnterprise, inZone } from '../../testing/scope-fixtures.ts';
import { BLANK_DEVICE } from '../../testing/iot-fixtures.ts';
import { realtimeClient } from '../../testing/realtime.ts';
import { createTestEnv, userWithRole, zoneWithAdmin, type TestEnv } from '../../testing/test-env.ts';
import { supervisorIn } from '../../testing/supervision-fixtures.ts';
import { IotAlarm, IotDevice } from '../iot/iot.entity.ts';
import { BLANK_DISPATCH, BLANK_INCIDENT } from './incident-blank.ts';
import { IncidentDispatch } from './dispatch.entity.ts';
import { Incident } from './incident.entity.ts';

type Zone = Awaited<ReturnType<typeof zoneWithAdmin>>;
type U = Awaited<ReturnType<typeof userWithRole>>;

let env: TestEnv;
let zone: Zone;
let other: Zone;
let leader: U;
let m1: U;
let m2: U;
let keeper: U;
/** A city supervisor entered into the zone (a bureau's user: issue 14). */
let supervisor: { token: string };
let member: U;
let entUser: U;
const ents: Record<string, string> = {};
let n = 0;

const api = (method: string, path: string, token: string, body?: unknown) => env.req(method, `/api/v1${path}`, { token, body });
const MIN = 60_000;

/** The enterprises' control points: lat/lng ↔ plan fraction (an affine map, so the fit is exact). */
const PLACES = [
  { code: 'MA2KC001', name: '甲化工', lat: 30.1, lng: 120.1, x: 0.2, y: 0.8 },
  { code: 'MA2KC002', name: '乙制冷', lat: 30.1, lng: 120.2, x: 0.8, y: 0.8 },
  { code: 'MA2KC003', name: '丙涂装', lat: 30.2, lng: 120.1, x: 0.2, y: 0.2 },
];

async function upload(token: string, body: Buffer, name: string, mime: string, purpose = 'site_plan'): Promise<string> {
  const form = new FormData();
  form.append('purpose', purpose);
  form.append('file', new Blob([new Uint8Array(body)], { type: mime }), name);
  const r = await fetch(`${env.url}/api/v1/files`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  expect(r.status).toBe(201);
  return ((await r.json()) as { id: string }).id;
}

/** An incident row written straight (the incident routes are tested in incidents.test.ts). */
async function incident(fields: Partial<Record<keyof Incident, unknown>>, tenantId = zone.tenant.id): Promise<string> {
  n++;
  const now = new Date();
  return inZone(env, tenantId, async (em) => {
    const i = em.create(Incident, {
      ...BLANK_INCIDENT,
      no: `SJ20261201-${String(100 + n)}`,
      type: 'fire',
      source: 'desk',
      status: 'reported',
      level: 'III',
      severity: 2,
      isDrill: false,
      enterpriseId: null,
      lat: null,
      lng: null,
      address: null,
      description: '测试事件',
      reporterName: '值班员',
      occurredAt: now,
      learnedAt: now,
      ...fields,
    } as never);
    await em.flush();
    return i.id;
  });
}

async function dispatch(incidentId: string, user: U, status: string) {
  await inZone(env, zone.tenant.id, async (em) => {
    const now = new Date();
    em.create(IncidentDispatch, {
      ...BLANK_DISPATCH,
      incidentId,
      userId: user.id,
      userName: user.username,
      phone: null,
      teamId: null,
      isLeader: false,
      status,
      dispatchedAt: now,
      dispatchedBy: null,
      ackDueAt: new Date(now.getTime() + 3 * MIN),
      acknowledgedAt: status === 'pending_ack' ? null : now,
    } as never);
    await em.flush();
  });
}

/** A detector of an enterprise with its active (or cleared) alarm. */
async function alarm(enterpriseId: string, severity: 'critical' | 'major', active: boolean, at: Date) {
  n++;
  return inZone(env, zone.tenant.id, async (em) => {
    const d = em.create(IotDevice, {
      ...BLANK_DEVICE,
      code: `GAS-CH-${n}`,
      name: `可燃气体探测器${n}`,
      type: 'gas_combustible',
      enterpriseId,
      mapX: 0.5,
      mapY: 0.5,
    } as never);
    const id = uuidv7();
    em.create(IotAlarm, {
      id,
      deviceId: d.id,
      enterpriseId,
      type: 'gas_lel.threshold',
      kind: 'threshold',
      quantity: 'gas_lel',
      severity,
      peakSeverity: severity,
      level: severity === 'critical' ? 2 : 1,
      activeKey: active ? `${d.id}:gas_lel.threshold` : null,
      startedAt: at,
      lastAt: at,
      clearedAt: active ? null : at,
      firstValue: 30,
      lastValue: severity === 'critical' ? 58 : 31,
      peakValue: 58,
      count: 1,
      acknowledgedAt: null,
      acknowledgedBy: null,
      assigneeId: null,
      closedAt: null,
      closedBy: null,
      handling: null,
      hazardId: null,
      ruleVersion: null,
      escalationStage: null,
      nextEscalationAt: null,
    } as never);
    await em.flush();
    return { alarmId: id, deviceId: d.id };
  });
}

const hall = async (token = zone.token) => {
  const r = await api('GET', '/command-hall', token);
  expect(r.status).toBe(200);
  return r.body;
};

let leak: string;
let drill: string;
let closed: string;
let minor: string;
let critical: { alarmId: string; deviceId: string };

beforeAll(async () => {
  env = await createTestEnv();
  zone = await zoneWithAdmin(env, 'hall');
  other = await zoneWithAdmin(env, 'hallother');
  leader = await userWithRole(env, zone, 'rescue_leader');
  m1 = await userWithRole(env, zone, 'rescue_member');
  m2 = await userWithRole(env, zone, 'rescue_member');
  member = await userWithRole(env, zone, 'rescue_member');
  keeper = await userWithRole(env, zone, 'equipment_keeper');
  supervisor = await supervisorIn(env, zone);
  for (const p of PLACES)
    ents[p.code] = await createEnterprise(env, zone.token, p.code, p.name, { lat: p.lat, lng: p.lng, planX: p.x, planY: p.y });
  // lat/lng only: put on the plan through the fitted transform.
  ents.MA2KC004 = await createEnterprise(env, zone.token, 'MA2KC004', '丁仓储', { lat: 30.15, lng: 120.15 });
  // No position at all: not on the map.
  ents.MA2KC005 = await createEnterprise(env, zone.token, 'MA2KC005', '戊机械');
  entUser = await userWithRole(env, zone, 'enterprise_admin', { enterpriseId: ents.MA2KC001 });
  await createEnterprise(env, other.token, 'MA2KC009', '他区企业', { lat: 30.1, lng: 120.1, planX: 0.5, planY: 0.5 });

  const planImage = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#e8e4d8' } })
    .png()
    .toBuffer();
  const fileId = await upload(zone.token, planImage, 'plan.png', 'image/png');
  expect((await api('PATCH', '/tenant/settings', zone.token, { sitePlan: { fileId, width: 1, height: 1 } })).status).toBe(200);

  // A squad of two on shift now (minimum three: a gap).
  const team = await api('POST', '/duty/teams', zone.token, {
    name: '救援一队',
    kind: 'rescue_squad',
    leaderUserId: leader.id,
    minOnDuty: 3,
  });
  expect(team.status).toBe(201);
  for (const m of [m1, m2])
    expect((await api('POST', `/duty/teams/${team.body.id}/members`, leader.token, { userId: m.id, skills: [] })).status).toBe(
      200,
    );
  const yesterday = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
  const rot = await api('POST', '/duty/rotations', leader.token, {
    teamId: team.body.id,
    name: '24小时轮班',
    pattern: 'daily24',
    handoffTime: '08:00',
    perShift: 2,
    order: [m1.id, m2.id],
    startsOn: yesterday,
  });
  expect(rot.status).toBe(201);

  const now = Date.now();
  // A real leak learned 70 minutes ago (the hour is over), wind from the north at 3 m/s: the sector goes south.
  leak = await incident({
    type: 'leak_poisoning',
    level: 'II',
    severity: 3,
    status: 'responding',
    enterpriseId: ents.MA2KC004,
    lat: 30.15,
    lng: 120.15,
    learnedAt: new Date(now - 70 * MIN),
    occurredAt: new Date(now - 72 * MIN),
    windFromDeg: 0,
    windSpeed: 3,
    windSource: 'manual',
    windAt: new Date(now - 5 * MIN),
    deaths: 1,
    seriousInjuries: 2,
    grade: 'general',
  });
  drill = await incident({
    isDrill: true,
    level: 'IV',
    severity: 1,
    planX: 0.3,
    planY: 0.4,
    learnedAt: new Date(now - 90 * MIN),
  });
  closed = await incident({ status: 'closed', closedAt: new Date() });
  minor = await incident({ status: 'cancelled', cancelReason: '误报' });
  await incident({ description: '他区事件' }, other.tenant.id);
  await dispatch(leak, m1, 'acknowledged');
  await dispatch(leak, m2, 'pending_ack');
  await dispatch(leak, leader, 'done');

  critical = await alarm(ents.MA2KC001, 'critical', true, new Date(now - 2 * MIN));
  await alarm(ents.MA2KC002, 'major', true, new Date(now - MIN));
  await alarm(ents.MA2KC002, 'major', false, new Date(now - 30 * MIN));

  const hz = await api('POST', '/hazards', zone.token, {
    enterpriseId: ents.MA2KC003,
    source: 'safety_inspection',
    categoryCode: 'fire',
    description: '消防通道堆放杂物',
  });
  expect(hz.status).toBe(201);
}, 120_000);

afterAll(() => env.close());

test('the snapshot: site plan, enterprises on it (own point or through the fitted transform), nothing without a position', async () => {
  const h = await hall();
  expect(h.zone.name).toBe(zone.tenant.name);
  expect(h.zone.timeZone).toBe('Asia/Shanghai');
  expect(h.zone.sitePlan).toMatchObject({ width: 400, height: 300 });
  expect(h.zone.sitePlan.url).toMatch(/\/files\//);
  const byName = new Map<string, any>(h.enterprises.map((e: any) => [e.name, e]));
  expect([...byName.keys()].sort()).toEqual(['丁仓储', '丙涂装', '乙制冷', '甲化工']);
  expect(byName.get('甲化工')).toMatchObject({ lat: 30.1, lng: 120.1, planX: 0.2, planY: 0.8 });
  // 30.15, 120.15 is the middle of the control points: (0.5, 0.5) on the plan, as the domain's fit says.
  const fit = fitPlanTransform(PLACES.map((p) => ({ lat: p.lat, lng: p.lng, x: p.x, y: p.y })))!;
  const expected = fit(30.15, 120.15);
  expect(byName.get('丁仓储').planX).toBeCloseTo(expected.x, 3);
  expect(byName.get('丁仓储').planX).toBeCloseTo(0.5, 3);
  expect(byName.get('丁仓储').planY).toBeCloseTo(0.5, 3);
});

test('open incidents only, with dispatch counts, the reporting clock, drills marked, and the downwind sector', async () => {
  const h = await hall();
  const ids = h.incidents.map((i: any) => i.id);
  expect(ids).toContain(leak);
  expect(ids).toContain(drill);
  expect(ids).not.toContain(closed);
  expect(ids).not.toContain(minor);
  expect(h.incidents).toHaveLength(2);
  const l = h.incidents.find((i: any) => i.id === leak);
  expect(l).toMatchObject({
    type: 'leak_poisoning',
    status: 'responding',
    level: 'II',
    severity: 3,
    isDrill: false,
    enterpriseName: '丁仓储',
    deaths: 1,
    seriousInjuries: 2,
    grade: 'general',
    dispatchCounts: { acknowledged: 1, pending_ack: 1, done: 1 },
  });
  // Learned 70 minutes ago: overdue by about 10 minutes (Art. 9: one hour).
  expect(l.clock.state).toBe('overdue');
  expect(l.clock.remainingMs).toBeLessThan(-9 * MIN);
  expect(l.clock.remainingMs).toBeGreaterThan(-11 * MIN);
  expect(Date.parse(l.clock.authorityDueAt) - Date.parse(l.learnedAt)).toBe(60 * MIN);
  // Placed through the transform; the toxic reach (2,000 m) to the south (wind FROM north).
  expect(l.planX).toBeCloseTo(0.5, 3);
  expect(l.sector).toMatchObject({ toDeg: 180, halfAngleDeg: 30, distanceM: 2000, calm: false });
  const south = Math.min(...l.sector.polygon.map((p: any) => p.lat));
  expect(south).toBeLessThan(30.15 - 0.017);
  expect(Math.max(...l.sector.polygon.map((p: any) => p.lat))).toBeCloseTo(30.15, 5);
  // On the plan the sector points down (y grows southwards).
  expect(l.sector.planPolygon.length).toBe(l.sector.polygon.length);
  expect(Math.max(...l.sector.planPolygon.map((p: any) => p.y))).toBeGreaterThan(0.5 + 0.05);
  const d = h.incidents.find((i: any) => i.id === drill);
  expect(d).toMatchObject({ isDrill: true, planX: 0.3, planY: 0.4, sector: null, dispatchCounts: {} });
  expect(d.clock).toMatchObject({ state: 'not_required', authorityDueAt: null, remainingMs: null });
});

test('on duty now with who is held by an incident; active alarms most severe first; equipment; today', async () => {
  const h = await hall();
  expect(h.onDuty).toHaveLength(1);
  expect(h.onDuty[0].teamName).toBe('救援一队');
  expect(h.onDuty[0].gap).toBe(true);
  expect(h.onDuty[0].people.map((p: any) => p.name)).toEqual(['测试rescue_member', '测试rescue_member']);
  const statuses = h.onDuty[0].people.map((p: any) => p.status).sort();
  // m1 acknowledged and m2 awaits the ack: both held by the leak.
  expect(statuses).toEqual(['committed', 'committed']);

  expect(h.alarmsTotal).toBe(2);
  expect(h.alarms.map((a: any) => a.severity)).toEqual(['critical', 'major']);
  expect(h.alarms[0]).toMatchObject({
    id: critical.alarmId,
    deviceId: critical.deviceId,
    enterpriseName: '甲化工',
    level: 2,
    value: 58,
    acknowledged: false,
    planX: 0.5,
    planY: 0.5,
  });
  expect(h.equipment).toEqual({ byStatus: [], deployable: 0, total: 0 });
  expect(h.today).toMatchObject({ hazardsReported: 1, hazardsOpen: 1, hazardsOverdue: 0, inspectionsDone: 0 });
});

test('a dispatch that ends frees the person: the status follows the rows', async () => {
  await inZone(env, zone.tenant.id, async (em) => {
    const rows = await em.find(IncidentDispatch, { incidentId: leak, userId: m2.id });
    for (const r of rows) r.status = 'escalated';
    await em.flush();
  });
  const h = await hall();
  const statuses = h.onDuty[0].people.map((p: any) => p.status).sort();
  expect(statuses).toEqual(['available', 'committed']);
  expect(h.incidents.find((i: any) => i.id === leak).dispatchCounts).toEqual({ acknowledged: 1, escalated: 1, done: 1 });
});

test('another zone sees only its own; the roles without command_hall.view are refused', async () => {
  const o = await hall(other.token);
  expect(o.enterprises.map((e: any) => e.name)).toEqual(['他区企业']);
  expect(o.incidents.map((i: any) => i.description)).toEqual(['他区事件']);
  expect(o.alarmsTotal).toBe(0);
  expect(o.onDuty).toEqual([]);
  expect(o.zone.sitePlan).toBeNull();
  for (const u of [leader, keeper, supervisor]) expect((await api('GET', '/command-hall', u.token)).status).toBe(200);
  for (const u of [member, entUser]) {
    const r = await api('GET', '/command-hall', u.token);
    expect(r.status).toBe(403);
    expect(r.headers.get('content-type')).toMatch(/problem\+json/);
  }
  expect((await env.req('GET', '/api/v1/command-hall')).status).toBe(401);
});

test('iot.alarm reaches every role that may open the hall (rescue leader, equipment room, supervisor), not a member or another zone', async () => {
  const sockets: Socket[] = [];
  const client = (token: string) => realtimeClient(env.url, token, sockets);
  try {
    const a = await alarm(ents.MA2KC002, 'critical', true, new Date());
    const watchers = { leader, keeper, supervisor, office: { token: zone.token } };
    const got = new Map<string, Array<{ id: string; action: string }>>();
    for (const [name, u] of Object.entries(watchers)) {
      const s = await client(u.token);
      got.set(name, []);
      s.on('iot.alarm', (p: { id: string; action: string }) => got.get(name)!.push(p));
    }
    const leaked: unknown[] = [];
    for (const token of [member.token, other.token]) (await client(token)).on('iot.alarm', (p: unknown) => leaked.push(p));

    const cur = await api('GET', `/iot/alarms/${a.alarmId}`, zone.token);
    expect(cur.status).toBe(200);
    const ack = await api('POST', `/iot/alarms/${a.alarmId}/ack`, zone.token, { version: cur.body.version });
    expect(ack.status).toBe(200);
    const deadline = Date.now() + 5000;
    while ([...got.values()].some((l) => !l.some((p) => p.id === a.alarmId)) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    for (const [name, list] of got) expect([name, list.find((p) => p.id === a.alarmId)?.action]).toEqual([name, 'ack']);
    await new Promise((r) => setTimeout(r, 300));
    expect(leaked).toEqual([]);
  } finally {
    sockets.forEach((s) => s.disconnect());
  }
});
