/**
 * The IoT device registry and rules over HTTP with the real MariaDB and Redis: CRUD and the optimistic lock, enterprise
 * scope (own devices only, another's and another zone's 404), the secret shown once and rotation invalidating the old
 * one (checked with device-auth's verification), versioned rules with 422 field errors, the Excel import (dry run,
 * refusal with bad rows, commit, re-import as update), readings downsampled, the live view, calibration to-dos.
 */
import ExcelJS from 'exceljs';
import { IOT_IMPORT_COLUMNS, iotTopic } from '@yuanan/contracts';
import { addDays, localDate } from '@yuanan/domain';
import { multipart } from '../../testing/fixtures.ts';
import { createEnterprise, inZone } from '../../testing/scope-fixtures.ts';
import { createTestEnv, userWithRole, zoneWithAdmin, type TestEnv } from '../../testing/test-env.ts';
import { Task } from '../tasks/task.entity.ts';
import { checkCalibration, IOT_CALIBRATION_TASK } from './calibration.jobs.ts';
import { deviceSecret, iotDeviceKey, signPayload, verifyPayload } from './device-auth.ts';
import { IotAlarm, IotDevice } from './iot.entity.ts';
import { insertReadings, latestKey, type ReadingRow } from './telemetry-store.ts';

type Zone = Awaited<ReturnType<typeof zoneWithAdmin>>;
type U = Awaited<ReturnType<typeof userWithRole>>;

let env: TestEnv;
let zone: Zone;
let other: Zone;
let entA: string;
let entB: string;
let adminA: U;
let officer: U;
let grid: U;
let seq = 0;

const api = (method: string, path: string, token: string, body?: unknown) => env.req(method, `/api/v1${path}`, { token, body });

async function device(extra: Record<string, unknown> = {}, z = zone, token = z.token) {
  const r = await api('POST', '/iot/devices', token, {
    code: `GAS-${String(++seq).padStart(4, '0')}`,
    name: `测试探测器${seq}`,
    type: 'gas_combustible',
    ...extra,
  });
  if (r.status !== 201) throw new Error(JSON.stringify(r.body));
  return r.body as { device: { id: string; code: string; version: number; credentialVersion: number }; secret: string };
}

async function workbook(rows: Array<Array<string | number>>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('物联网设备');
  ws.addRow([...IOT_IMPORT_COLUMNS]);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const importFile = async (rows: Array<Array<string | number>>, commit: boolean, token = zone.token) =>
  env.req('POST', '/api/v1/iot/devices/import', {
    token,
    raw: multipart(
      await workbook(rows),
      'devices.xlsx',
      { commit: commit ? 'true' : 'false' },
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ),
  });

beforeAll(async () => {
  env = await createTestEnv();
  zone = await zoneWithAdmin(env, 'iota');
  other = await zoneWithAdmin(env, 'iotb');
  entA = await createEnterprise(env, zone.token, 'MA4K0001', '物联测试甲企业');
  entB = await createEnterprise(env, zone.token, 'MA4K0002', '物联测试乙企业');
  adminA = await userWithRole(env, zone, 'enterprise_admin', { enterpriseId: entA });
  officer = await userWithRole(env, zone, 'safety_officer');
  grid = await userWithRole(env, zone, 'grid_worker');
}, 120_000);
afterAll(() => env.close());

test('CRUD: create answers the secret once, the detail never; patch on the version; duplicate code 409; bad input 4xx', async () => {
  const { device: d, secret } = await device({ enterpriseId: entA, location: '1号罐区', mapX: 0.1, mapY: 0.2 });
  expect(secret).toBe(deviceSecret(iotDeviceKey(env.config), zone.tenant.id, d.id, 1));
  expect(d).toMatchObject({
    type: 'gas_combustible',
    intervalSeconds: 10,
    status: 'enabled',
    online: false,
    credentialVersion: 1,
  });
  const got = await api('GET', `/iot/devices/${d.id}`, grid.token);
  expect(got.status).toBe(200);
  expect(JSON.stringify(got.body)).not.toContain(secret);
  expect(got.body).toMatchObject({
    enterpriseName: '物联测试甲企业',
    topic: iotTopic('iota', d.code),
    ruleSource: 'default',
    rules: { conditions: [{ quantity: 'gas_lel', level1: 25, level2: 50 }] },
    latest: null,
    activeAlarms: [],
  });
  const patched = await api('PATCH', `/iot/devices/${d.id}`, officer.token, {
    version: d.version,
    location: '1号罐区东侧',
    calibrationDueOn: '2027-06-30',
  });
  expect(patched.status).toBe(200);
  expect(patched.body).toMatchObject({ location: '1号罐区东侧', calibrationDueOn: '2027-06-30' });
  expect(patched.body.version).toBeGreaterThan(d.version);
  // The version seen before: stale.
  expect((await api('PATCH', `/iot/devices/${d.id}`, officer.token, { version: d.version, name: 'x' })).status).toBe(409);
  const dup = await api('POST', '/iot/devices', zone.token, { code: d.code, name: '重复', type: 'smoke' });
  expect(dup.status).toBe(409);
  expect((await api('POST', '/iot/devices', zone.token, { code: 'a b', name: 'x', type: 'smoke' })).status).toBe(400);
  expect((await api('POST', '/iot/devices', zone.token, { code: 'OK-1', name: 'x', type: 'nope' })).status).toBe(400);
  // A gateway must be a gateway.
  const notGateway = await api('POST', '/iot/devices', zone.token, { code: 'GW-BAD', name: 'x', type: 'smoke', gatewayId: d.id });
  expect(notGateway.status).toBe(422);
  const list = await api('GET', '/iot/devices?type=gas_combustible&q=东侧', officer.token);
  expect(list.body.items.map((x: { id: string }) => x.id)).toEqual([d.id]);
  // Disable / enable.
  const dis = await api('POST', `/iot/devices/${d.id}/disable`, officer.token, {});
  expect(dis.status).toBe(200);
  expect(dis.body.status).toBe('disabled');
  expect((await api('POST', `/iot/devices/${d.id}/enable`, officer.token, { version: dis.body.version })).body.status).toBe(
    'enabled',
  );
  expect((await api('POST', `/iot/devices/${d.id}/enable`, officer.token, { version: dis.body.version })).status).toBe(409);
  // The catalogue with effective type rules.
  const types = await api('GET', '/iot/device-types', adminA.token);
  expect(types.body.types.find((x: { type: string }) => x.type === 'gas_nh3')).toMatchObject({
    quantities: ['nh3'],
    ruleSource: 'default',
    rules: { conditions: [{ level1: 43, level2: 86 }] },
  });
});

test('scope: an enterprise user sees only its own devices; another enterprise’s and another zone’s are 404; only the office manages', async () => {
  const mine = (await device({ enterpriseId: entA })).device;
  const theirs = (await device({ enterpriseId: entB })).device;
  const zoneDevice = (await device({ type: 'weather_tower', code: `TOWER-${++seq}` })).device;
  const elsewhere = (await device({}, other)).device;
  const list = await api('GET', '/iot/devices?pageSize=200', adminA.token);
  const ids = list.body.items.map((x: { id: string }) => x.id);
  expect(ids).toContain(mine.id);
  expect(ids).not.toContain(theirs.id);
  expect(ids).not.toContain(zoneDevice.id);
  expect(ids).not.toContain(elsewhere.id);
  expect((await api('GET', `/iot/devices/${mine.id}`, adminA.token)).status).toBe(200);
  expect((await api('GET', `/iot/devices/${theirs.id}`, adminA.token)).status).toBe(404);
  expect(
    (await api('GET', `/iot/devices/${theirs.id}/readings?from=2026-12-01T00:00:00Z&to=2026-12-01T01:00:00Z`, adminA.token))
      .status,
  ).toBe(404);
  expect((await api('GET', `/iot/rules?deviceId=${theirs.id}`, adminA.token)).status).toBe(404);
  const live = await api('GET', '/iot/live', adminA.token);
  expect(live.body.items.map((x: { id: string }) => x.id)).toContain(mine.id);
  expect(live.body.items.map((x: { id: string }) => x.id)).not.toContain(theirs.id);
  // Another zone's ids: 404 for reads and writes, also for the office.
  for (const [m, p] of [
    ['GET', `/iot/devices/${elsewhere.id}`],
    ['PATCH', `/iot/devices/${elsewhere.id}`],
    ['POST', `/iot/devices/${elsewhere.id}/disable`],
    ['POST', `/iot/devices/${elsewhere.id}/credentials`],
  ] as const)
    expect([m, p, (await api(m, p, zone.token, m === 'GET' ? undefined : { version: 1 })).status]).toEqual([m, p, 404]);
  expect(
    (
      await api('POST', '/iot/devices', zone.token, {
        code: 'X-1',
        name: 'x',
        type: 'smoke',
        enterpriseId: await createEnterprise(env, other.token, 'MA4K0009', '他园区企业'),
      })
    ).status,
  ).toBe(404);
  expect(
    (await api('PUT', '/iot/rules', zone.token, { scope: 'device', deviceId: elsewhere.id, rules: { conditions: [] } })).status,
  ).toBe(404);
  // Enterprise users and grid workers read, never manage.
  expect(
    (await api('POST', '/iot/devices', adminA.token, { code: 'E-1', name: 'x', type: 'smoke', enterpriseId: entA })).status,
  ).toBe(403);
  expect((await api('PATCH', `/iot/devices/${mine.id}`, grid.token, { version: 1, name: 'x' })).status).toBe(403);
});

test('rotation: a new secret once, the old one stops verifying', async () => {
  const { device: d, secret } = await device();
  const topic = iotTopic('iota', d.code);
  const signed = signPayload(secret, topic, '{"ts":1764547200000,"v":{"gas_lel":2.5}}');
  expect(verifyPayload(secret, topic, signed)).not.toBeNull();
  const r = await api('POST', `/iot/devices/${d.id}/credentials`, zone.token, { version: d.version });
  expect(r.status).toBe(200);
  expect(r.body.credentialVersion).toBe(2);
  expect(r.body.secret).not.toBe(secret);
  // The derived secret of the device's current version is the new one; the old signature does not verify with it.
  const current = await inZone(env, zone.tenant.id, (em) => em.findOneOrFail(IotDevice, { id: d.id }));
  const now = deviceSecret(iotDeviceKey(env.config), zone.tenant.id, d.id, current.credentialVersion);
  expect(now).toBe(r.body.secret);
  expect(verifyPayload(now, topic, signed)).toBeNull();
  expect(verifyPayload(now, topic, signPayload(now, topic, '{"ts":1,"v":{}}'))).not.toBeNull();
  expect(JSON.stringify((await api('GET', `/iot/devices/${d.id}`, zone.token)).body)).not.toContain(r.body.secret);
});

test('rules: versions with history, device rules override the type, a rule that cannot work is 422 with field errors', async () => {
  const empty = await api('GET', '/iot/rules?deviceType=gas_nh3', grid.token);
  expect(empty.body).toMatchObject({ source: 'default', active: null, history: [] });
  const cond = {
    quantity: 'nh3',
    direction: 'above',
    level1: 30,
    level2: 60,
    durationSeconds: 5,
    hysteresis: 3,
    clearDelaySeconds: 30,
    rateOfRise: null,
  };
  const v1 = await api('PUT', '/iot/rules', officer.token, {
    scope: 'type',
    deviceType: 'gas_nh3',
    rules: { conditions: [cond], offlineFactor: 3 },
    note: '首版',
  });
  expect(v1.status).toBe(200);
  expect(v1.body).toMatchObject({ source: 'type', active: { version: 1, active: true, note: '首版' } });
  const v2 = await api('PUT', '/iot/rules', officer.token, {
    scope: 'type',
    deviceType: 'gas_nh3',
    rules: { conditions: [{ ...cond, level1: 25 }] },
  });
  expect(v2.body.active).toMatchObject({ version: 2, rules: { conditions: [{ level1: 25 }], offlineFactor: 3 } });
  expect(v2.body.history.map((h: { version: number; active: boolean }) => [h.version, h.active])).toEqual([
    [2, true],
    [1, false],
  ]);
  // A device of the type follows the type; its own set overrides it.
  const { device: d } = await device({ type: 'gas_nh3', code: `NH3-${++seq}` });
  expect((await api('GET', `/iot/devices/${d.id}`, zone.token)).body).toMatchObject({ ruleSource: 'type', ruleVersion: 2 });
  const own = await api('PUT', '/iot/rules', officer.token, {
    scope: 'device',
    deviceId: d.id,
    rules: { conditions: [{ ...cond, level1: 20, level2: 40 }] },
  });
  expect(own.status).toBe(200);
  expect((await api('GET', `/iot/devices/${d.id}`, zone.token)).body).toMatchObject({
    ruleSource: 'device',
    ruleVersion: 1,
    rules: { conditions: [{ level1: 20 }] },
  });
  // Bad rules: 422 naming the field.
  const bad = async (c: Record<string, unknown>, target: Record<string, unknown> = { scope: 'type', deviceType: 'gas_nh3' }) =>
    api('PUT', '/iot/rules', officer.token, { ...target, rules: { conditions: [{ ...cond, ...c }] } });
  const l2 = await bad({ level2: 20 });
  expect(l2.status).toBe(422);
  expect(l2.body.errors.map((e: { path: string }) => e.path)).toContain('rules.conditions.0.level2');
  const hyst = await bad({ hysteresis: 30 });
  expect(hyst.status).toBe(422);
  expect(hyst.body.errors.map((e: { path: string }) => e.path)).toContain('rules.conditions.0.hysteresis');
  const range = await bad({ level2: 5000 });
  expect(range.body.errors.map((e: { path: string }) => e.path)).toContain('rules.conditions.0.level2');
  const wrongQuantity = await bad({ quantity: 'gas_lel' }, { scope: 'device', deviceId: d.id });
  expect(wrongQuantity.status).toBe(422);
  expect(wrongQuantity.body.errors.map((e: { path: string }) => e.path)).toContain('rules.conditions.0.quantity');
  expect((await bad({ durationSeconds: 99999 })).status).toBe(400);
  expect((await api('PUT', '/iot/rules', officer.token, { scope: 'type', rules: { conditions: [] } })).status).toBe(400);
  // A device's set with a second, unrelated type (or a type's set naming a device): 400 naming the field.
  const mixed = await api('PUT', '/iot/rules', officer.token, {
    scope: 'device',
    deviceId: d.id,
    deviceType: 'smoke',
    rules: { conditions: [cond] },
  });
  expect(mixed.status).toBe(400);
  expect(mixed.body.errors.map((e: { path: string }) => e.path)).toEqual(['deviceType']);
  const typeWithDevice = await api('PUT', '/iot/rules', officer.token, {
    scope: 'type',
    deviceType: 'gas_nh3',
    deviceId: d.id,
    rules: { conditions: [cond] },
  });
  expect(typeWithDevice.status).toBe(400);
  expect(typeWithDevice.body.errors.map((e: { path: string }) => e.path)).toEqual(['deviceId']);
  // Nothing bad was saved; enterprise users may not save.
  expect((await api('GET', '/iot/rules?deviceType=gas_nh3', zone.token)).body.history).toHaveLength(2);
  expect(
    (await api('PUT', '/iot/rules', adminA.token, { scope: 'type', deviceType: 'gas_nh3', rules: { conditions: [cond] } }))
      .status,
  ).toBe(403);
  expect((await api('GET', '/iot/rules', zone.token)).status).toBe(400);
});

test('import: the dry run reports every row; a commit with bad rows writes nothing; a commit creates (secrets once) and a re-import updates', async () => {
  const row = (code: string, name: string, type: string, ent = '', gw = '') => [
    code,
    name,
    type,
    ent,
    '液氨制冷',
    '冷库',
    10,
    20,
    '',
    '',
    '2025-01-01',
    '2026-12-31',
    'JD-1',
    '',
    gw,
    '汉威',
    'BS01',
  ];
  const rows = [
    row('IMP-GW', '导入网关', '物联网网关'),
    row('IMP-1', '导入氨气', '氨气探测器', '物联测试甲企业', 'IMP-GW'),
    row('IMP-2', '导入温度', 'temperature', '没有这家企业'),
    row('IMP-3', '导入错误', '不存在的类型'),
  ];
  const dry = await importFile(rows, false);
  expect(dry.status).toBe(200);
  expect(dry.body).toMatchObject({ dryRun: true, total: 4, valid: 2, toCreate: 2, created: 0, secrets: [] });
  expect(dry.body.rows.find((r: { code: string }) => r.code === 'IMP-2').errors[0].field).toBe('所属企业');
  expect(dry.body.rows.find((r: { code: string }) => r.code === 'IMP-3').errors[0].field).toBe('设备类型');
  const refused = await importFile(rows, true);
  expect(refused.status).toBe(422);
  expect(await inZone(env, zone.tenant.id, (em) => em.count(IotDevice, { code: { $like: 'IMP-%' } }))).toBe(0);
  const ok = await importFile(rows.slice(0, 2), true);
  expect(ok.status).toBe(200);
  expect(ok.body).toMatchObject({ dryRun: false, created: 2, updated: 0 });
  expect(ok.body.secrets.map((s: { code: string }) => s.code).sort()).toEqual(['IMP-1', 'IMP-GW']);
  const [gw, nh3] = await inZone(env, zone.tenant.id, async (em) => [
    await em.findOneOrFail(IotDevice, { code: 'IMP-GW' }),
    await em.findOneOrFail(IotDevice, { code: 'IMP-1' }),
  ]);
  expect(nh3).toMatchObject({
    type: 'gas_nh3',
    enterpriseId: entA,
    gatewayId: gw.id,
    intervalSeconds: 10,
    calibrationDueOn: '2026-12-31',
  });
  expect(ok.body.secrets.find((s: { code: string }) => s.code === 'IMP-1').secret).toBe(
    deviceSecret(iotDeviceKey(env.config), zone.tenant.id, nh3.id, 1),
  );
  // Re-import (an edited export): the same code updates; a changed type is refused.
  const again = await importFile([row('IMP-1', '导入氨气(改)', '氨气探测器', '物联测试甲企业', 'IMP-GW')], true);
  expect(again.body).toMatchObject({ created: 0, updated: 1, secrets: [] });
  const typeChange = await importFile([row('IMP-1', 'x', '烟雾', '')], false);
  expect(typeChange.body.valid).toBe(0);
  // The template and the export are workbooks; enterprise users cannot import.
  const tpl = await env.req('GET', '/api/v1/iot/devices/template.xlsx', { token: zone.token });
  expect(tpl.status).toBe(200);
  const exp = await env.req('GET', '/api/v1/iot/devices/export.xlsx?q=IMP', { token: zone.token });
  expect(exp.status).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(
    Buffer.from(
      await (
        await fetch(`${env.url}/api/v1/iot/devices/export.xlsx?q=IMP`, { headers: { authorization: `Bearer ${zone.token}` } })
      ).arrayBuffer(),
    ) as unknown as ArrayBuffer,
  );
  const codes: string[] = [];
  wb.worksheets[0]!.eachRow((r, n) => void (n > 1 && codes.push(String(r.getCell(1).value))));
  expect(codes.sort()).toEqual(['IMP-1', 'IMP-GW']);
  expect((await importFile(rows.slice(0, 1), false, adminA.token)).status).toBe(403);
});

test('readings: a day of 10-second readings comes back as ≤ 600 buckets with avg, max and min', async () => {
  const { device: d } = await device({ enterpriseId: entA });
  const from = Date.UTC(2026, 10, 28, 0, 0, 0);
  const rows: ReadingRow[] = [];
  for (let i = 0; i < 8640; i++)
    rows.push({
      tenantId: zone.tenant.id,
      deviceId: d.id,
      quantity: 'gas_lel',
      ts: from + i * 10_000,
      value: i % 30 === 7 ? 40 : 2,
    });
  await inZone(env, zone.tenant.id, (em) => insertReadings(em.getConnection(), rows));
  const q = `from=${new Date(from).toISOString()}&to=${new Date(from + 86400_000).toISOString()}`;
  const r = await api('GET', `/iot/devices/${d.id}/readings?${q}`, adminA.token);
  expect(r.status).toBe(200);
  expect(r.body.bucketSeconds).toBe(145);
  const pts = r.body.series[0].points as Array<{ ts: number; avg: number; max: number; min: number }>;
  expect(r.body.series[0]).toMatchObject({ quantity: 'gas_lel', unit: '%LEL' });
  expect(pts.length).toBeLessThanOrEqual(600);
  expect(pts.length).toBeGreaterThan(590);
  expect(Math.max(...pts.map((p) => p.max))).toBe(40);
  expect(Math.min(...pts.map((p) => p.min))).toBe(2);
  // Each bucket's average lies between its min and max; the buckets are in time order on bucket boundaries.
  for (const p of pts) expect(p.avg >= p.min && p.avg <= p.max).toBe(true);
  expect(pts.every((p, i) => i === 0 || p.ts > pts[i - 1]!.ts)).toBe(true);
  expect(pts.every((p) => ((p.ts - from) / 1000) % 145 === 0)).toBe(true);
  // An hour: buckets of 7 s, one reading each.
  const hour = await api(
    'GET',
    `/iot/devices/${d.id}/readings?quantity=gas_lel&from=${new Date(from).toISOString()}&to=${new Date(from + 3600_000).toISOString()}`,
    zone.token,
  );
  expect(hour.body.series[0].points).toHaveLength(360);
  expect(hour.body.series[0].points[0]).toEqual({ ts: from, avg: 2, max: 2, min: 2 });
  // A quantity the type does not measure: 422; more than 7 days: 400.
  expect((await api('GET', `/iot/devices/${d.id}/readings?quantity=nh3&${q}`, zone.token)).status).toBe(422);
  const long = `from=${new Date(from).toISOString()}&to=${new Date(from + 8 * 86400_000).toISOString()}`;
  expect((await api('GET', `/iot/devices/${d.id}/readings?${long}`, zone.token)).status).toBe(400);
});

test('live: latest values from Redis and the most severe active alarm per device', async () => {
  const { device: d } = await device({ enterpriseId: entA, mapX: 0.5, mapY: 0.6 });
  const ts = Date.now() - 5000;
  await env.api.c.redis.hset(latestKey(zone.tenant.id), d.id, JSON.stringify({ ts, v: { gas_lel: 31.5 } }));
  await inZone(env, zone.tenant.id, async (em) => {
    const base = {
      deviceId: d.id,
      enterpriseId: entA,
      kind: 'threshold' as const,
      quantity: 'gas_lel',
      startedAt: new Date(),
      lastAt: new Date(),
      firstValue: 31,
      lastValue: 31,
      peakValue: 31,
    };
    em.create(IotAlarm, {
      ...base,
      type: 'gas_lel.rate_of_rise',
      kind: 'rate_of_rise',
      severity: 'minor',
      level: null,
      activeKey: `${d.id}:gas_lel.rate_of_rise`,
    } as never);
    em.create(IotAlarm, {
      ...base,
      type: 'gas_lel.threshold',
      severity: 'major',
      level: 1,
      activeKey: `${d.id}:gas_lel.threshold`,
    } as never);
    await em.flush();
  });
  const live = await api('GET', '/iot/live', grid.token);
  const item = live.body.items.find((x: { id: string }) => x.id === d.id);
  expect(item).toMatchObject({
    mapX: 0.5,
    mapY: 0.6,
    latest: { ts, v: { gas_lel: 31.5 } },
    alarm: { severity: 'major', level: 1, status: 'active_unack' },
  });
  const detail = await api('GET', `/iot/devices/${d.id}`, adminA.token);
  expect(detail.body.latest).toEqual({ ts, v: { gas_lel: 31.5 } });
  expect(detail.body.activeAlarms).toHaveLength(2);
});

test('calibration: a to-do once per device and due date; a later date closes it', async () => {
  const today = localDate(new Date(), 'Asia/Shanghai');
  const { device: d } = await device({ enterpriseId: entA, calibrationDueOn: addDays(today, 10) });
  const late = (await device({ calibrationDueOn: addDays(today, -3) })).device;
  const far = (await device({ enterpriseId: entA, calibrationDueOn: addDays(today, 90) })).device;
  const t = (await env.api.c.tenants.byId(zone.tenant.id))!;
  const run = () => inZone(env, zone.tenant.id, (em) => checkCalibration(em, t, env.api.services.tasks));
  const first = await run();
  expect(first.raised).toBeGreaterThanOrEqual(2);
  const tasks = await inZone(env, zone.tenant.id, (em) => em.find(Task, { kind: IOT_CALIBRATION_TASK, status: 'open' }));
  const subjects = tasks.map((x) => x.subjectId);
  expect(subjects).toContain(d.id);
  expect(subjects).toContain(late.id);
  expect(subjects).not.toContain(far.id);
  expect(tasks.find((x) => x.subjectId === late.id)!.title).toContain('已过期');
  expect(tasks.find((x) => x.subjectId === d.id)!.enterpriseId).toBe(entA);
  expect((await run()).raised).toBe(0);
  const cur = await inZone(env, zone.tenant.id, (em) => em.findOneOrFail(IotDevice, { id: d.id }));
  await api('PATCH', `/iot/devices/${d.id}`, zone.token, { version: cur.version, calibrationDueOn: addDays(today, 365) });
  expect((await run()).closed).toBe(1);
  expect(
    await inZone(env, zone.tenant.id, (em) => em.count(Task, { kind: IOT_CALIBRATION_TASK, subjectId: d.id, status: 'open' })),
  ).toBe(0);
});

test('workbench: the IoT cards count only what the caller sees', async () => {
  const today = localDate(new Date(), 'Asia/Shanghai');
  const mine = (await device({ enterpriseId: entA, calibrationDueOn: addDays(today, 5) })).device;
  const theirs = (await device({ enterpriseId: entB, calibrationDueOn: addDays(today, 5) })).device;
  const card = async (token: string, key: string) => {
    const w = await env.req('GET', '/api/v1/workbench?limit=20', { token });
    return (w.body.cards as Array<{ key: string; count: number; items: Array<{ id: string }> }>).find((c) => c.key === key);
  };
  const ent = await card(adminA.token, 'iot.calibration');
  expect(ent!.items.map((i) => i.id)).toContain(mine.id);
  expect(ent!.items.map((i) => i.id)).not.toContain(theirs.id);
  const office = await card(officer.token, 'iot.calibration');
  expect(office!.items.map((i) => i.id)).toEqual(expect.arrayContaining([mine.id, theirs.id]));
  expect(office!.count).toBeGreaterThan(ent!.count);
  const offlineEnt = await card(adminA.token, 'iot.offline');
  expect(offlineEnt!.items.map((i) => i.id)).not.toContain(theirs.id);
  expect(await card(grid.token, 'iot.unacked')).toBeDefined();
  expect(await card(grid.token, 'iot.calibration')).toBeUndefined();
});
