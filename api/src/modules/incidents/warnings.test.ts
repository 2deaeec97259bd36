/**
 * Downwind warnings (下风向预警) and sensitive targets (敏感目标) on real MariaDB, Redis and BullMQ, with an SMS gateway
 * stood up here (SMS_PROVIDER=http) so the messages that leave the platform are counted: the sector from the tower's
 * latest wind or a wind entered by hand (wind FROM the north → the plume goes south), what lies inside, warnings to
 * the enterprises' people (critical: in-app + SMS) and to a target's contact (SMS), warning again updates, the
 * enterprise acknowledges; a drill's warnings are simulated and NOTHING leaves; another zone sees nothing.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { compassName, localDate } from '@yuanan/domain';
import type { Em } from '../../core/db/orm.ts';
import { createEnterprise, inZone as inZoneOf } from '../../testing/scope-fixtures.ts';
import { sleep, until } from '../../testing/poll.ts';
import { createTestEnv, userWithRole, zoneWithAdmin, type TestEnv } from '../../testing/test-env.ts';
import { Enterprise } from '../enterprises/enterprise.entity.ts';
import { IotDevice } from '../iot/iot.entity.ts';
import { latestKey } from '../iot/telemetry-store.ts';
import { BLANK_INCIDENT } from './incident-blank.ts';
import { Incident, IncidentEvent } from './incident.entity.ts';

type Zone = Awaited<ReturnType<typeof zoneWithAdmin>>;
type U = Awaited<ReturnType<typeof userWithRole>>;

let env: TestEnv;
let zone: Zone;
let other: Zone;
let office: U;
let member: U;
let staffSouth: U;
let staffNorth: U;
let otherStaff: U;
let south: string;
let north: string;
let farSouth: string;
let otherEnt: string;
let school: string;
let hospital: string;
let gateway: Server;
const sms: Array<{ to: string; text: string }> = [];
let seq = 0;

const ORIGIN = { lat: 29.1, lng: 119.65 };
/** Metres → degrees of latitude (near enough for placing points 0.8–3 km away). */
const dLat = (m: number) => m / 111_320;
const api = (method: string, path: string, token: string, body?: unknown) => env.req(method, `/api/v1${path}`, { token, body });
const inZone = <T>(fn: (em: Em) => Promise<T>, tenantId = zone.tenant.id) => inZoneOf(env, tenantId, fn);
const sql = <T = any>(q: string, params: unknown[] = []) =>
  env.api.c.orm.em.getConnection().execute(q, params, 'all') as Promise<T[]>;

async function incident(opts: { isDrill?: boolean; located?: boolean; tenantId?: string } = {}) {
  return inZone(async (em) => {
    const now = new Date();
    const i = em.create(Incident, {
      ...BLANK_INCIDENT,
      no: `SJ${localDate(now, 'Asia/Shanghai').replace(/-/g, '')}-${String(800 + ++seq)}`,
      type: 'fire',
      source: 'desk',
      status: 'responding',
      level: 'II',
      severity: 3,
      isDrill: opts.isDrill ?? false,
      enterpriseId: null,
      lat: opts.located === false ? null : ORIGIN.lat,
      lng: opts.located === false ? null : ORIGIN.lng,
      address: '丙类仓库',
      description: '仓库起火，浓烟',
      reporterName: '值班员',
      occurredAt: now,
      learnedAt: now,
      fileIds: [],
    } as never) as Incident;
    await em.flush();
    return i;
  }, opts.tenantId ?? zone.tenant.id);
}

async function placed(token: string, code: string, name: string, lat: number, lng: number, tenantId = zone.tenant.id) {
  const id = await createEnterprise(env, token, code, name);
  await inZone(async (em) => {
    const e = await em.findOneOrFail(Enterprise, { id });
    e.lat = lat;
    e.lng = lng;
    await em.flush();
  }, tenantId);
  return id;
}

const warningNotes = (userId: string) =>
  sql<{ title: string; body: string; severity: string; link: string }>(
    "SELECT title, body, severity, link FROM notifications WHERE user_id = ? AND kind = 'incident.warning' ORDER BY created_at",
    [userId],
  );

beforeAll(async () => {
  gateway = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      try {
        const b = JSON.parse(body) as { to: string; text: string };
        sms.push({ to: b.to, text: b.text });
      } catch {
        // not ours
      }
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ id: `gw-${sms.length}` }));
    });
  });
  await new Promise<void>((r) => gateway.listen(0, '127.0.0.1', r));
  const port = (gateway.address() as AddressInfo).port;
  env = await createTestEnv({ worker: true, env: { SMS_PROVIDER: 'http', SMS_HTTP_URL: `http://127.0.0.1:${port}/sms` } });
  zone = await zoneWithAdmin(env, 'incwarn');
  other = await zoneWithAdmin(env, 'incwarno');
  office = await userWithRole(env, zone, 'safety_officer');
  member = await userWithRole(env, zone, 'rescue_member');
  south = await placed(zone.token, 'MA2KW001', '南侧化工', ORIGIN.lat - dLat(800), ORIGIN.lng);
  north = await placed(zone.token, 'MA2KW002', '北侧制冷', ORIGIN.lat + dLat(800), ORIGIN.lng);
  farSouth = await placed(zone.token, 'MA2KW003', '远南物流', ORIGIN.lat - dLat(3000), ORIGIN.lng);
  otherEnt = await placed(other.token, 'MA2KW004', '外区企业', ORIGIN.lat - dLat(500), ORIGIN.lng, other.tenant.id);
  staffSouth = await userWithRole(env, zone, 'enterprise_admin', { enterpriseId: south, phone: '13812340001' });
  staffNorth = await userWithRole(env, zone, 'enterprise_admin', { enterpriseId: north, phone: '13812340002' });
  otherStaff = await userWithRole(env, other, 'enterprise_admin', { enterpriseId: otherEnt });
}, 180_000);
afterAll(async () => {
  await env?.close();
  await new Promise<void>((r) => gateway.close(() => r()));
});

test('sensitive targets: the office keeps the list (validated, versioned, archived); readers see it; another zone gets 404', async () => {
  const s = await api('POST', '/sensitive-targets', office.token, {
    kind: 'school',
    name: '园区实验小学',
    lat: ORIGIN.lat - dLat(600),
    lng: ORIGIN.lng + 0.001,
    population: 1200,
    contactName: '王校长',
    contactPhone: '139 0579 0111',
  });
  expect(s.status).toBe(201);
  expect(s.body).toMatchObject({ kind: 'school', contactPhone: '13905790111', active: true, version: 1 });
  school = s.body.id;
  const h = await api('POST', '/sensitive-targets', office.token, {
    kind: 'hospital',
    name: '园区医院',
    lat: ORIGIN.lat + dLat(700),
    lng: ORIGIN.lng,
    contactPhone: '0579-85201234',
  });
  expect(h.status).toBe(201);
  hospital = h.body.id;
  // Bad input: a bad phone (422 with the field), a latitude out of range, an unknown kind (400).
  const badPhone = await api('POST', '/sensitive-targets', office.token, {
    kind: 'school',
    name: '某小学',
    lat: 29,
    lng: 119,
    contactPhone: '12345',
  });
  expect(badPhone.status).toBe(422);
  expect(badPhone.body.errors[0].path).toBe('contactPhone');
  expect(
    (await api('POST', '/sensitive-targets', office.token, { kind: 'school', name: '某小学', lat: 95, lng: 119 })).status,
  ).toBe(400);
  expect(
    (await api('POST', '/sensitive-targets', office.token, { kind: 'mall', name: '某商场', lat: ORIGIN.lat, lng: ORIGIN.lng }))
      .status,
  ).toBe(400);
  // Same name and kind twice: 409.
  expect(
    (
      await api('POST', '/sensitive-targets', office.token, {
        kind: 'school',
        name: '园区实验小学',
        lat: ORIGIN.lat,
        lng: ORIGIN.lng,
      })
    ).status,
  ).toBe(409);
  // Only the office manages; a member reads.
  expect(
    (await api('POST', '/sensitive-targets', member.token, { kind: 'school', name: '某小学', lat: ORIGIN.lat, lng: ORIGIN.lng }))
      .status,
  ).toBe(403);
  const list = await api('GET', '/sensitive-targets?pageSize=1', member.token);
  expect(list.status).toBe(200);
  expect(list.body).toMatchObject({ total: 2, pageSize: 1 });
  const next = await api('GET', `/sensitive-targets?pageSize=1&cursor=${list.body.nextCursor}`, member.token);
  expect([...list.body.items, ...next.body.items].map((x: { id: string }) => x.id).sort()).toEqual([school, hospital].sort());
  // Versioned edit: stale → 409.
  const e = await api('PATCH', `/sensitive-targets/${school}`, office.token, { version: 1, population: 1300 });
  expect(e.status).toBe(200);
  expect(e.body).toMatchObject({ population: 1300, version: 2 });
  expect((await api('PATCH', `/sensitive-targets/${school}`, office.token, { version: 1, population: 1 })).status).toBe(409);
  // Another zone: invisible.
  expect((await api('PATCH', `/sensitive-targets/${school}`, other.token, { version: 2, population: 1 })).status).toBe(404);
  expect((await api('DELETE', `/sensitive-targets/${school}`, other.token)).status).toBe(404);
  expect((await api('GET', '/sensitive-targets', other.token)).body.total).toBe(0);
  // Archive and restore a throwaway.
  const x = await api('POST', '/sensitive-targets', office.token, {
    kind: 'other',
    name: '临时目标',
    lat: ORIGIN.lat,
    lng: ORIGIN.lng,
  });
  const arch = await api('DELETE', `/sensitive-targets/${x.body.id}`, office.token);
  expect(arch.status).toBe(200);
  expect(arch.body.active).toBe(false);
  expect((await api('GET', '/sensitive-targets', office.token)).body.total).toBe(2);
  expect((await api('GET', '/sensitive-targets?active=all', office.token)).body.total).toBe(3);
}, 60_000);

test('the downwind sector: the tower wind or one given; wind from the north puts the southern neighbours and the school inside', async () => {
  const i = await incident();
  // No tower reading and none given: 422 with the words.
  const none = await api('GET', `/incidents/${i.id}/downwind`, office.token);
  expect(none.status).toBe(422);
  expect(none.body.detail).toContain('请填写风向风速');
  // Half a wind: 400.
  expect((await api('GET', `/incidents/${i.id}/downwind?windFromDeg=0`, office.token)).status).toBe(400);
  const m = await api('GET', `/incidents/${i.id}/downwind?windFromDeg=0&windSpeed=3`, office.token);
  expect(m.status).toBe(200);
  expect(m.body.wind).toMatchObject({ fromDeg: 0, speed: 3, source: 'manual' });
  expect(m.body.sector).toMatchObject({ toDeg: 180, halfAngleDeg: 30, distanceM: 1000, calm: false });
  expect(m.body.sector.polygon.length).toBeGreaterThanOrEqual(24);
  // 800 m south is inside the 1000 m reach; 3000 m south is not; north is upwind.
  expect(m.body.enterprises.map((e: { enterpriseId: string }) => e.enterpriseId)).toEqual([south]);
  expect(m.body.enterprises.map((e: { enterpriseId: string }) => e.enterpriseId)).not.toContain(farSouth);
  expect(m.body.enterprises[0].distanceM).toBeGreaterThan(780);
  expect(m.body.enterprises[0].distanceM).toBeLessThan(820);
  expect(Math.round(m.body.enterprises[0].bearingDeg)).toBe(180);
  expect(m.body.targets.map((x: { targetId: string }) => x.targetId)).toEqual([school]);
  // Wind from the south: the north side instead.
  const s = await api('GET', `/incidents/${i.id}/downwind?windFromDeg=180&windSpeed=3`, office.token);
  expect(s.body.enterprises.map((e: { enterpriseId: string }) => e.enterpriseId)).toEqual([north]);
  expect(s.body.targets.map((x: { targetId: string }) => x.targetId)).toEqual([hospital]);
  // Calm: a full circle of the reach, both sides.
  const calm = await api('GET', `/incidents/${i.id}/downwind?windFromDeg=90&windSpeed=0.2`, office.token);
  expect(calm.body.sector).toMatchObject({ calm: true, halfAngleDeg: 180 });
  expect(calm.body.enterprises.map((e: { enterpriseId: string }) => e.enterpriseId).sort()).toEqual([south, north].sort());
  // The tower's latest reading (the IoT module's Redis hash) when none is given.
  const tower = await inZone(async (em) => {
    const d = em.create(IotDevice, {
      code: 'WX-01',
      name: '气象塔',
      type: 'weather_tower',
      enterpriseId: null,
      intervalSeconds: 10,
      status: 'enabled',
      credentialVersion: 1,
      online: true,
    } as never) as IotDevice;
    await em.flush();
    return d.id;
  });
  await env.api.c.redis.hset(
    latestKey(zone.tenant.id),
    tower,
    JSON.stringify({ ts: Date.now() - 5000, v: { wind_dir: 0, wind_speed: 4.2 } }),
  );
  const t = await api('GET', `/incidents/${i.id}/downwind`, office.token);
  expect(t.status).toBe(200);
  expect(t.body.wind).toMatchObject({ fromDeg: 0, speed: 4.2, source: 'tower', deviceCode: 'WX-01' });
  expect(t.body.enterprises.map((e: { enterpriseId: string }) => e.enterpriseId)).toEqual([south]);
  // A stale tower reading (over an hour old) is not used.
  await env.api.c.redis.hset(
    latestKey(zone.tenant.id),
    tower,
    JSON.stringify({ ts: Date.now() - 2 * 3600_000, v: { wind_dir: 0, wind_speed: 4.2 } }),
  );
  expect((await api('GET', `/incidents/${i.id}/downwind`, office.token)).status).toBe(422);
  // No position: 422; another zone: 404; a member: 403.
  const nowhere = await incident({ located: false });
  const np = await api('GET', `/incidents/${nowhere.id}/downwind?windFromDeg=0&windSpeed=3`, office.token);
  expect(np.status).toBe(422);
  expect(np.body.detail).toContain('没有经纬度位置');
  expect((await api('GET', `/incidents/${i.id}/downwind?windFromDeg=0&windSpeed=3`, other.token)).status).toBe(404);
  expect((await api('GET', `/incidents/${i.id}/downwind?windFromDeg=0&windSpeed=3`, member.token)).status).toBe(403);
}, 60_000);

test('warnings reach the enterprise (critical, SMS) and the target contact (SMS); warning again updates; the enterprise acknowledges', async () => {
  const i = await incident();
  const before = sms.length;
  const r = await api('POST', `/incidents/${i.id}/warnings`, office.token, { windFromDeg: 0, windSpeed: 3 });
  expect(r.status).toBe(200);
  expect(r.body).toMatchObject({ created: 2, updated: 0 });
  const items = r.body.items as Array<{
    id: string;
    targetKind: string;
    enterpriseId: string | null;
    targetId: string | null;
    simulated: boolean;
    message: string;
  }>;
  expect(items.map((w) => w.enterpriseId ?? w.targetId).sort()).toEqual([south, school].sort());
  expect(items.every((w) => !w.simulated)).toBe(true);
  expect(items[0]!.message).toContain('下风向');
  const ws = items.find((w) => w.enterpriseId === south)!;
  // The enterprise's people: a critical in-app notice; the northern one nothing.
  const n = await until(
    () => warningNotes(staffSouth.id),
    (x) => x.length > 0,
    5000,
  );
  expect(n[0]).toMatchObject({ severity: 'critical', title: `下风向预警：${i.no}` });
  expect(await warningNotes(staffNorth.id)).toHaveLength(0);
  // Messages that left: the school's contact and the southern enterprise's phone.
  const out = await until(
    async () => sms.slice(before),
    (x) => x.some((m) => m.to === '13905790111') && x.some((m) => m.to === '13812340001'),
    20_000,
  );
  expect(out.filter((m) => m.to === '13905790111')).toHaveLength(1);
  expect(out.some((m) => m.to === '13812340002')).toBe(false);
  // The wind is stored on the incident; the timeline says what was sent.
  const row = await inZone((em) => em.findOneOrFail(Incident, { id: i.id }, { refresh: true }));
  expect(row).toMatchObject({ windFromDeg: 0, windSpeed: 3, windSource: 'manual' });
  // Again with a new message: updated, not duplicated; the ack starts over.
  const ack = await api('POST', `/incidents/warnings/${ws.id}/ack`, staffSouth.token);
  expect(ack.status).toBe(200);
  expect(ack.body).toMatchObject({ acknowledgedBy: staffSouth.id });
  const again = await api('POST', `/incidents/${i.id}/warnings`, office.token, {
    windFromDeg: 0,
    windSpeed: 3,
    message: '请立即关闭门窗，停止室外作业',
    enterpriseIds: [south],
  });
  expect(again.status).toBe(200);
  expect(again.body).toMatchObject({ created: 0, updated: 1 });
  expect(again.body.items[0]).toMatchObject({ id: ws.id, acknowledgedAt: null, message: '请立即关闭门窗，停止室外作业' });
  expect((await sql('SELECT COUNT(*) AS n FROM incident_warnings WHERE incident_id = ?', [i.id]))[0].n).toBe(2);
  // The enterprise's list and acknowledgement; another enterprise cannot acknowledge it.
  const mine = await api('GET', '/incidents/warnings/mine', staffSouth.token);
  expect(mine.status).toBe(200);
  expect(mine.body.items.map((w: { id: string; incident: { no: string } }) => [w.id, w.incident.no])).toEqual([[ws.id, i.no]]);
  expect((await api('GET', '/incidents/warnings/mine', staffNorth.token)).body.items).toEqual([]);
  expect((await api('POST', `/incidents/warnings/${ws.id}/ack`, staffNorth.token)).status).toBe(404);
  expect((await api('POST', `/incidents/warnings/${ws.id}/ack`, otherStaff.token)).status).toBe(404);
  const a2 = await api('POST', `/incidents/warnings/${ws.id}/ack`, staffSouth.token);
  expect(a2.status).toBe(200);
  expect(a2.body.acknowledgedAt).toEqual(expect.any(String));
  const kinds = (await inZone((em) => em.find(IncidentEvent, { incidentId: i.id }, { refresh: true }))).map((e) => e.kind);
  expect(kinds.filter((k) => k === 'warning_sent')).toHaveLength(2);
  expect(kinds.filter((k) => k === 'warning_acked')).toHaveLength(2);
  // Refusals: nothing inside (a wind that points away from everybody), another zone's enterprise, other zone's desk.
  const empty = await api('POST', `/incidents/${i.id}/warnings`, office.token, { windFromDeg: 90, windSpeed: 5 });
  expect(empty.status).toBe(422);
  expect(
    (await api('POST', `/incidents/${i.id}/warnings`, office.token, { windFromDeg: 0, windSpeed: 3, enterpriseIds: [otherEnt] }))
      .status,
  ).toBe(404);
  expect((await api('POST', `/incidents/${i.id}/warnings`, other.token, { windFromDeg: 0, windSpeed: 3 })).status).toBe(404);
  expect((await api('POST', `/incidents/${i.id}/warnings`, staffSouth.token, { windFromDeg: 0, windSpeed: 3 })).status).toBe(403);
}, 60_000);

test('a drill: the warnings are recorded as simulated and nothing leaves the platform (no notice, no SMS)', async () => {
  const i = await incident({ isDrill: true });
  const before = sms.length;
  const notesBefore = (await warningNotes(staffSouth.id)).length;
  const r = await api('POST', `/incidents/${i.id}/warnings`, office.token, { windFromDeg: 0, windSpeed: 3 });
  expect(r.status).toBe(200);
  expect(r.body.created).toBe(2);
  expect(
    r.body.items.every((w: { simulated: boolean; message: string }) => w.simulated && w.message.startsWith('【演练】')),
  ).toBe(true);
  const ev = (await inZone((em) => em.find(IncidentEvent, { incidentId: i.id, kind: 'warning_sent' }, { refresh: true })))[0]!;
  expect(ev.text).toContain('【演练】模拟发布');
  // Give the worker every chance to send something.
  await sleep(3000);
  expect((await warningNotes(staffSouth.id)).length).toBe(notesBefore);
  expect(sms.slice(before)).toEqual([]);
  const rows = await sql<{ sms_sent_at: unknown; simulated: number }>(
    'SELECT sms_sent_at, simulated FROM incident_warnings WHERE incident_id = ?',
    [i.id],
  );
  expect(rows.every((x) => x.sms_sent_at === null && Number(x.simulated) === 1)).toBe(true);
  // The enterprise still sees it (marked) and may acknowledge it — the drill exercises that too.
  const ws = r.body.items.find((w: { enterpriseId: string | null }) => w.enterpriseId === south);
  expect((await api('POST', `/incidents/warnings/${ws.id}/ack`, staffSouth.token)).status).toBe(200);
}, 30_000);

test('the warning text: a neighbour reads the direction (8-point compass, the same words as the desk card) and distance; the incident’s own enterprise reads 事发地即贵单位, never “约 0 米”', async () => {
  const i = await incident();
  await sql('UPDATE incidents SET enterprise_id = ? WHERE id = ?', [north, i.id]);
  const r = await api('POST', `/incidents/${i.id}/warnings`, office.token, {
    windFromDeg: 0,
    windSpeed: 3,
    enterpriseIds: [north, south],
  });
  expect(r.status).toBe(200);
  const items = r.body.items as Array<{ enterpriseId: string; message: string; bearingDeg: number; distanceM: number }>;
  const own = items.find((w) => w.enterpriseId === north)!;
  expect(own.message).toContain('事发地即贵单位');
  expect(own.message).not.toMatch(/约 \d+ ?米|0 ?m/);
  const s = items.find((w) => w.enterpriseId === south)!;
  expect(s.message).toContain(`贵单位位于事发点${compassName(s.bearingDeg).zh}方向约 ${s.distanceM} 米`);
  expect(compassName(s.bearingDeg).zh).toBe('南');
}, 30_000);

test('an SOS pressed inside an enterprise (no enterpriseId on the incident, the enterprise within 50 m of the point) reads 事发地即贵单位, never “北方向约 0 米”', async () => {
  const i = await incident();
  const far = { lat: ORIGIN.lat + dLat(40_000), lng: ORIGIN.lng };
  await sql('UPDATE incidents SET lat = ?, lng = ? WHERE id = ?', [far.lat, far.lng, i.id]);
  const onSite = await placed(zone.token, 'MA2KW0F2', '事发点企业', far.lat + dLat(20), far.lng);
  // An enterprise with no position on file, chosen by hand: no direction or distance (not 约 0 米, not 事发地即).
  const unplaced = await createEnterprise(env, zone.token, 'MA2KW0F3', '无坐标企业');
  try {
    const r = await api('POST', `/incidents/${i.id}/warnings`, office.token, {
      windFromDeg: 0,
      windSpeed: 3,
      enterpriseIds: [onSite, unplaced],
    });
    expect(r.status).toBe(200);
    const items = r.body.items as Array<{ enterpriseId: string; message: string }>;
    const w = items.find((x) => x.enterpriseId === onSite)!;
    expect(w.message).toContain('事发地即贵单位');
    expect(w.message).not.toMatch(/约 \d+ ?米/);
    const u = items.find((x) => x.enterpriseId === unplaced)!;
    expect(u.message).toContain('贵单位处于下风向影响范围');
    expect(u.message).not.toMatch(/约 \d+ ?米|事发地即/);
  } finally {
    await sql("UPDATE enterprises SET status = 'closed' WHERE id IN (?, ?)", [onSite, unplaced]);
  }
}, 30_000);

test('a sensitive target far from the zone (0/0, Beijing) is refused with the distance; a near one is taken; a move far away too', async () => {
  for (const p of [
    { lat: 0, lng: 0 },
    { lat: 39.9, lng: 116.4 },
  ]) {
    const r = await api('POST', '/sensitive-targets', office.token, { kind: 'school', name: '远处小学', ...p });
    expect(r.status).toBe(422);
    expect(r.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['lat', 'lng']);
    expect(r.body.detail).toMatch(/位置距园区约 \d+ 公里/);
  }
  const near = await api('POST', '/sensitive-targets', office.token, {
    kind: 'other',
    name: '近处目标',
    lat: ORIGIN.lat + dLat(5000),
    lng: ORIGIN.lng,
  });
  expect(near.status).toBe(201);
  const moved = await api('PATCH', `/sensitive-targets/${near.body.id}`, office.token, { version: 1, lat: 39.9, lng: 116.4 });
  expect(moved.status).toBe(422);
  expect(moved.body.detail).toMatch(/约 \d{3,} 公里/);
  expect((await api('DELETE', `/sensitive-targets/${near.body.id}`, office.token)).status).toBe(200);
}, 30_000);

test('a closed incident’s downwind is the wind stored on it (the one its warnings used, at the time it was entered), not the live tower', async () => {
  const i = await incident();
  const sent = await api('POST', `/incidents/${i.id}/warnings`, office.token, {
    windFromDeg: 90,
    windSpeed: 2,
    enterpriseIds: [south],
  });
  expect(sent.status).toBe(200);
  const [stored] = await sql<{ wind_at: Date }>('SELECT wind_at FROM incidents WHERE id = ?', [i.id]);
  const enteredAt = new Date(stored!.wind_at).toISOString();
  const tower = await inZone(async (em) => (await em.findOneOrFail(IotDevice, { code: 'WX-01' })).id);
  await env.api.c.redis.hset(
    latestKey(zone.tenant.id),
    tower,
    JSON.stringify({ ts: Date.now() - 1000, v: { wind_dir: 182, wind_speed: 5 } }),
  );
  await sleep(50);
  await sql("UPDATE incidents SET status = 'closed', closed_at = NOW(3) WHERE id = ?", [i.id]);
  const d = await api('GET', `/incidents/${i.id}/downwind`, office.token);
  expect(d.status).toBe(200);
  expect(d.body.wind).toEqual({ fromDeg: 90, speed: 2, source: 'manual', at: enteredAt, deviceCode: null });
  expect(d.body.sector.toDeg).toBe(270);
  // A wind given explicitly is still drawn as given.
  const given = await api('GET', `/incidents/${i.id}/downwind?windFromDeg=0&windSpeed=3`, office.token);
  expect(given.body.wind).toMatchObject({ fromDeg: 0, speed: 3, source: 'manual' });
}, 30_000);
