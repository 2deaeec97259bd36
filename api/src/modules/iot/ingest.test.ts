/**
 * The IoT ingest against the real broker (Mosquitto 127.0.0.1:1883), MariaDB and Redis: an MQTT reading becomes a
 * row of iot_readings and the latest value in Redis; every rejection reason is counted while the subscriber keeps
 * running and the good readings of a batch are kept; a device of zone A cannot publish into zone B; the HTTP batch
 * answers per reading; duplicates are found in memory and, after a restart, in the store; a running "for N
 * seconds" timer survives a restart of the ingest; offline devices raise and clear their alarm; retention drops old
 * partitions and deletes a shorter-retention zone's rows in batches. Fixes of the tester's findings: the offline sweep
 * waits for the ingest's heartbeat and counts silence from its start; seeded (or Redis-lost) active alarms clear on
 * normal readings; flood is judged by the readings' own ts plus a message arrival limit; device auth has its own
 * problems; stats days are the zone's; a non-number value is malformed; a disabled device is refused at once over HTTP.
 * Each run uses its own zone codes (topics) and MQTT client id, so parallel test files never see each other's messages.
 */
import { randomBytes } from 'node:crypto';
import { connectAsync, type MqttClient } from 'mqtt';
import { io as connectSocket, type Socket } from 'socket.io-client';
import type { RuleEvent } from '@yuanan/domain';
import { startIngest, type RunningIngest } from '../../ingest.ts';
import { createTestEnv, zoneWithAdmin, type TestEnv } from '../../testing/test-env.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import { createConnection } from 'mysql2/promise';
import { addDays, localDate } from '@yuanan/domain';
import { IotSimulator, loadSimDevices } from '../../demo/iot-simulator.ts';
import { iotDeviceKey, signPayload } from './device-auth.ts';
import { IngestPipeline, TsWindow, type AlarmSink } from './ingest-pipeline.ts';
import { ingestStats } from './ingest.routes.ts';
import { runRetention, sweepOffline } from './ingest.jobs.ts';
import {
  deleteZoneReadingsBefore,
  INGEST_HEARTBEAT_KEY,
  insertReadings,
  latestKey,
  listPartitions,
  readIngestHeartbeat,
  ruleStateKey,
  sqlTime,
  utcDay,
  writeIngestHeartbeat,
} from './telemetry-store.ts';

type Zone = Awaited<ReturnType<typeof zoneWithAdmin>>;
interface Dev {
  id: string;
  code: string;
  secret: string;
}

const run = randomBytes(3).toString('hex');
const codeA = `inga${run}`;
const codeB = `ingb${run}`;
const ghost = `ingx${run}`;
let env: TestEnv;
let zoneA: Zone;
let zoneB: Zone;
let ingest: RunningIngest;
let pub: MqttClient;
const events: Array<{ tenant: string; e: RuleEvent & { deviceId: string } }> = [];
const backOnline: string[] = [];

const DAY = 86_400_000;
const conn = () => env.api.c.orm.em.getConnection();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

async function device(z: Zone, code: string, type = 'gas_combustible', extra: Record<string, unknown> = {}): Promise<Dev> {
  const r = await env.req('POST', '/api/v1/iot/devices', { token: z.token, body: { code, name: `测试${code}`, type, ...extra } });
  if (r.status !== 201) throw new Error(JSON.stringify(r.body));
  return { id: r.body.device.id, code, secret: r.body.secret };
}

const topicOf = (zoneCode: string, d: { code: string }) => `yuanan/${zoneCode}/${d.code}/up`;
/** A signed message of device d for topic (default: its own). */
const signed = (d: Dev, body: unknown, topic = topicOf(codeA, d)) => signPayload(d.secret, topic, JSON.stringify(body));
const publish = (topic: string, payload: string) => pub.publishAsync(topic, payload, { qos: 1 });

async function rows(deviceId: string): Promise<Array<{ quantity: string; ts: Date; value: number }>> {
  return (await conn().execute('SELECT quantity, ts, value FROM iot_readings WHERE device_id = ? ORDER BY ts', [
    deviceId,
  ])) as Array<{
    quantity: string;
    ts: Date;
    value: number;
  }>;
}
const count = (reason: string) => ingest.pipeline.counters.byReason.get(reason as never) ?? 0;

/** Forwards to the real AlarmService and records what the pipeline handed over. */
function recordingSink(): AlarmSink {
  const alarms = env.api.services.iot.services.alarms;
  return {
    applyRuleEvents: async (t: TenantInfo, list) => {
      for (const e of list) events.push({ tenant: t.id, e });
      await alarms.applyRuleEvents(t, list);
    },
    clearOffline: async (t: TenantInfo, ids) => {
      backOnline.push(...ids);
      await alarms.clearOffline(t, ids);
    },
  };
}

async function startOwnIngest(): Promise<RunningIngest> {
  return startIngest(env.config, {
    dbName: env.dbName,
    healthPort: 0,
    sink: recordingSink(),
    mqtt: {
      topics: [`yuanan/${codeA}/+/up`, `yuanan/${codeB}/+/up`, `yuanan/${ghost}/+/up`],
      clientId: `t-ingest-${run}-${Date.now()}`,
      // One beat when subscribed (checked below); the offline tests write the heartbeat they need themselves.
      heartbeatEveryMs: 3600_000,
    },
  });
}

beforeAll(async () => {
  env = await createTestEnv();
  zoneA = await zoneWithAdmin(env, codeA);
  zoneB = await zoneWithAdmin(env, codeB);
  ingest = await startOwnIngest();
  pub = await connectAsync('mqtt://127.0.0.1:1883', { clientId: `t-pub-${run}`, clean: true });
}, 120_000);
afterAll(async () => {
  await pub?.endAsync();
  await ingest?.close();
  await env.close();
});

test('an MQTT reading becomes a row of iot_readings, the latest value in Redis, and the device online', async () => {
  const d = await device(zoneA, 'GAS-MQ1');
  await ingest.pipeline.reload(zoneA.tenant.id);
  const ts = Date.now() - 1000;
  await publish(topicOf(codeA, d), signed(d, { ts, v: { gas_lel: 2.5 } }));
  const stored = await until('the row', async () => (await rows(d.id)).length === 1 && rows(d.id));
  expect(stored[0]).toMatchObject({ quantity: 'gas_lel', value: 2.5 });
  expect(new Date(stored[0]!.ts).getTime()).toBe(ts);
  // Then (same flush, after the insert) the latest value in Redis and the device online.
  const latest = await until('the latest value', () => env.api.c.redis.hget(latestKey(zoneA.tenant.id), d.id));
  expect(JSON.parse(latest)).toEqual({ ts, v: { gas_lel: 2.5 } });
  const dev = await until('online', async () => {
    const [x] = (await conn().execute('SELECT online, last_seen_at FROM iot_devices WHERE id = ?', [d.id])) as Array<{
      online: number;
      last_seen_at: Date | null;
    }>;
    return Number(x?.online) === 1 && x;
  });
  expect(dev!.last_seen_at).not.toBeNull();
  // A buffered batch {"r": [...]} of the same device.
  await publish(topicOf(codeA, d), signed(d, { r: [ts + 1000, ts + 2000].map((t) => ({ ts: t, v: { gas_lel: 3 } })) }));
  await until('the batch', async () => (await rows(d.id)).length === 3);
});

test('MQTT → alarm → socket: a second-level reading reaches the office user as iot.alarm, readings as iot.reading', async () => {
  const d = await device(zoneA, 'GAS-SK1');
  await ingest.pipeline.reload(zoneA.tenant.id);
  const socket: Socket = connectSocket(env.url, {
    path: '/socket.io',
    auth: { token: zoneA.token },
    transports: ['websocket'],
    reconnection: false,
  });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('ready', () => resolve());
      socket.once('connect_error', reject);
    });
    const alarms: Array<{ deviceId: string; action: string; severity: string; level: number | null; value: number }> = [];
    const readings: Array<{ deviceId: string; ts: number; v: Record<string, number> }> = [];
    socket.on('iot.alarm', (p: (typeof alarms)[number]) => alarms.push(p));
    socket.on('iot.reading', (p: (typeof readings)[number]) => readings.push(p));
    const ts = Date.now();
    const t0 = performance.now();
    await publish(topicOf(codeA, d), signed(d, { ts, v: { gas_lel: 58 } }));
    const raise = await until('the iot.alarm event', async () => alarms.find((a) => a.deviceId === d.id && a.action === 'raise'));
    const ms = performance.now() - t0;
    expect(raise).toMatchObject({ severity: 'critical', level: 2, value: 58 });
    expect(ms).toBeLessThan(5000);
    await until('the iot.reading event', async () => readings.find((r) => r.deviceId === d.id));
    expect(readings.find((r) => r.deviceId === d.id)).toEqual({ deviceId: d.id, ts, v: { gas_lel: 58 } });
    // The same alarm again: no second raise, one active alarm of the type.
    await publish(topicOf(codeA, d), signed(d, { ts: ts + 1000, v: { gas_lel: 59 } }));
    await sleep(500);
    expect(alarms.filter((a) => a.deviceId === d.id && a.action === 'raise')).toHaveLength(1);
    const active = (await conn().execute('SELECT type FROM iot_alarms WHERE device_id = ? AND active_key IS NOT NULL', [
      d.id,
    ])) as Array<{
      type: string;
    }>;
    expect(active.map((a) => a.type)).toContain('gas_lel.threshold');
    expect(active.filter((a) => a.type === 'gas_lel.threshold')).toHaveLength(1);
  } finally {
    socket.disconnect();
  }
});

test('every rejection is counted, the subscriber keeps running and the good readings of a batch are kept', async () => {
  const d = await device(zoneA, 'GAS-REJ');
  const off = await device(zoneA, 'GAS-OFF');
  const calm = await device(zoneA, 'GAS-CALM');
  expect(
    (await env.req('POST', `/api/v1/iot/devices/${off.id}/disable`, { token: zoneA.token, body: { version: 1 } })).status,
  ).toBe(200);
  await ingest.pipeline.reload(zoneA.tenant.id);
  const before = Object.fromEntries(ingest.pipeline.counters.byReason);
  const now = Date.now();
  const t = topicOf(codeA, d);
  await publish(t, 'not json at all');
  await publish(t, '{"ts": 1, "v": ');
  await publish(t, JSON.stringify({ ts: now, v: { gas_lel: 1 }, sig: 'A'.repeat(43) }));
  await publish(t, JSON.stringify({ ts: now, v: { gas_lel: 1 } }));
  await publish(topicOf(codeA, { code: 'NOPE-1' }), signed({ ...d, code: 'NOPE-1' }, { ts: now, v: { gas_lel: 1 } }));
  await publish(topicOf(ghost, d), signed(d, { ts: now, v: { gas_lel: 1 } }, topicOf(ghost, d)));
  await publish(topicOf(codeA, off), signed(off, { ts: now, v: { gas_lel: 1 } }));
  // One batch with good and bad readings mixed: only the bad ones go.
  const batch = [
    { ts: now - 5000, v: { gas_lel: 4 } }, // good
    { ts: now - 4000, v: { nh3: 4 } }, // unknown_quantity
    { ts: now - 3000, v: { gas_lel: 140 } }, // absurd_value
    { ts: now - 2500, v: { gas_lel: 'x' } }, // malformed (not a number)
    { ts: now - 2400, v: { gas_lel: '12' } }, // malformed (a number in a string is still not a number)
    { ts: now - 2300, v: { gas_lel: null } }, // malformed
    { ts: now + 10 * 60_000, v: { gas_lel: 4 } }, // future
    { ts: now - 25 * 3600_000, v: { gas_lel: 4 } }, // too_old
    { ts: 'yesterday', v: { gas_lel: 4 } }, // malformed
    { ts: now - 2000, v: { gas_lel: 5 } }, // good
    { ts: now - 2000, v: { gas_lel: 5 } }, // duplicate (same ts)
    { ts: new Date(now - 1000).toISOString(), v: { gas_lel: 6 } }, // good (ISO ts)
  ];
  await publish(t, signed(d, { r: batch }));
  await until('the good readings', async () => (await rows(d.id)).length === 3);
  // The same reading again: a duplicate.
  await publish(t, signed(d, { ts: now - 5000, v: { gas_lel: 4 } }));
  // A flood: 130 readings of one device within 130 ms of ts — 20 within a second are taken, the rest are flood.
  await publish(t, signed(d, { r: Array.from({ length: 130 }, (_, i) => ({ ts: now + 1 + i, v: { gas_lel: 1 } })) }));
  const delta = (r: string) => count(r) - (before[r] ?? 0);
  await until('the flood counted', async () => delta('flood') >= 110);
  await until('the 20 of the flood stored', async () => (await rows(d.id)).length === 23);
  expect(delta('malformed')).toBe(6);
  expect(delta('bad_signature')).toBe(2);
  expect(delta('unknown_device')).toBe(1);
  expect(delta('unknown_zone')).toBe(1);
  expect(delta('disabled_device')).toBe(1);
  expect(delta('unknown_quantity')).toBe(1);
  expect(delta('absurd_value')).toBe(1);
  expect(delta('future')).toBe(1);
  expect(delta('too_old')).toBe(1);
  expect(delta('duplicate')).toBe(2);
  expect(delta('flood')).toBe(110);
  // Still running: a good reading after all that is stored.
  await publish(topicOf(codeA, calm), signed(calm, { ts: now, v: { gas_lel: 2 } }));
  await until('a reading after the bad ones', async () => (await rows(calm.id)).length === 1);
  // The zone's counters reach iot_ingest_stats (the unknown zone's only memory) and the stats route.
  await ingest.pipeline.writeStats();
  const stats = await env.req('GET', '/api/v1/iot/ingest/stats?days=1', { token: zoneA.token });
  expect(stats.status).toBe(200);
  const by = Object.fromEntries(
    (stats.body.byReason as Array<{ reason: string; count: number }>).map((r) => [r.reason, r.count]),
  );
  expect(by).toMatchObject({ malformed: 6, bad_signature: 2, unknown_device: 1, disabled_device: 1, duplicate: 2, too_old: 1 });
  expect(by.flood).toBe(110);
  expect(by.unknown_zone).toBeUndefined();
  expect(stats.body.accepted).toBeGreaterThanOrEqual(3);
});

test('a device of zone A cannot publish into zone B', async () => {
  const a = await device(zoneA, 'GAS-X1');
  const b = await device(zoneB, 'GAS-X1'); // the same code in zone B
  await ingest.pipeline.reload();
  const before = count('bad_signature');
  const beforeUnknown = count('unknown_device');
  const now = Date.now();
  // A's secret, signed for B's topic; A's message (signed for A's topic) replayed on B's topic.
  await publish(topicOf(codeB, b), signed(a, { ts: now, v: { gas_lel: 9 } }, topicOf(codeB, b)));
  await publish(topicOf(codeB, b), signed(a, { ts: now + 1, v: { gas_lel: 9 } }, topicOf(codeA, a)));
  // A device code B does not have.
  await publish(
    topicOf(codeB, { code: 'GAS-MQ1' }),
    signed(a, { ts: now, v: { gas_lel: 9 } }, topicOf(codeB, { code: 'GAS-MQ1' })),
  );
  // B's own device, for contrast, is stored.
  await publish(topicOf(codeB, b), signed(b, { ts: now + 2, v: { gas_lel: 1 } }, topicOf(codeB, b)));
  await until('B’s own reading', async () => (await rows(b.id)).length === 1);
  expect(count('bad_signature') - before).toBe(2);
  expect(count('unknown_device') - beforeUnknown).toBe(1);
  expect((await rows(b.id)).map((r) => r.value)).toEqual([1]);
  expect(await rows(a.id)).toEqual([]);
});

test('HTTP batch: per-reading report, gateway scope, duplicates, 401 and 400', async () => {
  const gw = await device(zoneA, 'GW-T1', 'gateway');
  const child = await device(zoneA, 'GAS-C1', 'gas_combustible', { gatewayId: gw.id });
  const stranger = await device(zoneA, 'GAS-C2');
  const basic = (z: string, d: Dev, secret = d.secret) => `Basic ${Buffer.from(`${z}/${d.code}:${secret}`).toString('base64')}`;
  const post = (body: unknown, auth = basic(codeA, gw)) =>
    env.req('POST', '/api/v1/iot/ingest', { body, headers: { authorization: auth } });
  const now = Date.now();
  const readings = [
    { device: child.code, ts: now - 3000, v: { gas_lel: 1.5 } }, // 0 accepted
    { device: stranger.code, ts: now - 3000, v: { gas_lel: 1.5 } }, // 1 wrong_topic (not behind this gateway)
    { device: 'NOPE-9', ts: now, v: { gas_lel: 1 } }, // 2 unknown_device
    { device: child.code, ts: now - 2000, v: { gas_lel: 1000 } }, // 3 absurd_value
    'garbage', // 4 malformed
    { device: gw.code, ts: now - 2000, v: {} }, // 5 accepted (the gateway's heartbeat)
    { device: child.code, ts: now - 3000, v: { gas_lel: 1.5 } }, // 6 duplicate of 0
    { device: child.code, ts: now - 1000, v: { gas_lel: 2 } }, // 7 accepted
  ];
  const r = await post({ readings });
  expect(r.status).toBe(200);
  expect(r.body).toEqual({
    accepted: 3,
    rejected: 5,
    results: [
      { index: 1, status: 'rejected', reason: 'wrong_topic' },
      { index: 2, status: 'rejected', reason: 'unknown_device' },
      { index: 3, status: 'rejected', reason: 'absurd_value' },
      { index: 4, status: 'rejected', reason: 'malformed' },
      { index: 6, status: 'rejected', reason: 'duplicate' },
    ],
  });
  expect((await rows(child.id)).map((x) => x.value)).toEqual([1.5, 2]);
  // The api's pipeline is not the ingest process's: after a "restart" (a second api has a fresh memory) the
  // store still says which readings it has, one by one.
  const second = await env.startSecondApi();
  const again = await fetch(`${second.url}/api/v1/iot/ingest`, {
    method: 'POST',
    headers: { authorization: basic(codeA, gw), 'content-type': 'application/json' },
    body: JSON.stringify({ readings: [readings[0], { device: child.code, ts: now - 500, v: { gas_lel: 2.5 } }] }),
  });
  expect(await again.json()).toEqual({
    accepted: 1,
    rejected: 1,
    results: [{ index: 0, status: 'rejected', reason: 'duplicate' }],
  });
  expect((await rows(child.id)).length).toBe(3);
  // Bad credentials: 401 problem+json; wrong shape: 400.
  const bad = await post({ readings }, basic(codeA, gw, 'x'.repeat(43)));
  expect(bad.status).toBe(401);
  expect(bad.headers.get('content-type')).toMatch(/problem\+json/);
  expect(bad.headers.get('www-authenticate')).toMatch(/^Basic/);
  expect(bad.body).toMatchObject({ code: 'device_unauthorized', title: '设备认证失败（区域/设备编码或密钥不对）' });
  expect((await post({ readings }, 'Bearer nope')).status).toBe(401);
  expect((await post({ readings }, basic(codeB, gw))).status).toBe(401);
  expect((await post({ readings: [] })).status).toBe(400);
  expect((await post({ nothing: true })).status).toBe(400);
  expect((await post({ readings: Array.from({ length: 5001 }, () => readings[0]) })).status).toBe(400);
});

test('a running "for N seconds" timer survives a restart of the ingest process', async () => {
  // Temperature: level 1 at 60 ℃ held for 30 s (default rules).
  const d = await device(zoneA, 'TEMP-R1', 'temperature');
  await ingest.pipeline.reload(zoneA.tenant.id);
  const t0 = Date.now() - 40_000;
  const t = topicOf(codeA, d);
  await publish(t, signed(d, { ts: t0, v: { temperature: 65 } }));
  await until('the timer in Redis', async () => {
    const raw = await env.api.c.redis.hget(ruleStateKey(zoneA.tenant.id), `${d.id}:temperature`);
    return raw && JSON.parse(raw).pendingSince === t0;
  });
  expect(events.filter((x) => x.e.deviceId === d.id)).toEqual([]);
  // Restart: a new process memory; the state comes back from Redis on first sight of the device.
  await ingest.close();
  ingest = await startOwnIngest();
  await publish(t, signed(d, { ts: Date.now(), v: { temperature: 66 } }));
  const raised = await until('the raise', async () => events.find((x) => x.e.deviceId === d.id && x.e.kind === 'raise'));
  expect(raised.e).toMatchObject({ type: 'temperature.threshold', level: 1, severity: 'major', value: 66 });
  const alarm = await until('the alarm row', async () => {
    const [a] = (await conn().execute('SELECT type, severity, level, started_at FROM iot_alarms WHERE device_id = ?', [
      d.id,
    ])) as Array<{
      type: string;
      severity: string;
      level: number;
    }>;
    return a;
  });
  expect(alarm).toMatchObject({ type: 'temperature.threshold', severity: 'major', level: 1 });
});

test('offline: a silent device raises its offline alarm in the sweep, and its next reading clears it', async () => {
  const d = await device(zoneA, 'GAS-OL1', 'gas_combustible', { intervalSeconds: 10 });
  const fresh = await device(zoneA, 'GAS-OL2', 'gas_combustible', { intervalSeconds: 10 }); // never reports
  await ingest.pipeline.reload(zoneA.tenant.id);
  await publish(topicOf(codeA, d), signed(d, { ts: Date.now() - 1000, v: { gas_lel: 1 } }));
  await until('online', async () => {
    const [x] = (await conn().execute('SELECT online FROM iot_devices WHERE id = ?', [d.id])) as Array<{ online: number }>;
    return Number(x?.online) === 1;
  });
  const zone = (await env.api.c.tenants.byId(zoneA.tenant.id))!;
  const alarms = env.api.services.iot.services.alarms;
  // The ingest has been listening for an hour (its heartbeat): silence counts from the last reading.
  const listening = (beatAt: number) => writeIngestHeartbeat(env.api.c.redis, { startedAt: Date.now() - 3600_000, beatAt });
  await listening(Date.now());
  // Not yet: seen a moment ago.
  expect((await sweepOffline(env.api.c, zone, alarms)).offline).toBe(0);
  // 40 s later (> 3 × 10 s) with no reading: offline (the other silent test devices too).
  const later = Date.now() + 40_000;
  await listening(later);
  const r = await sweepOffline(env.api.c, zone, alarms, later);
  expect(r.raised).toBeGreaterThanOrEqual(1);
  const active = async () =>
    (await conn().execute("SELECT id FROM iot_alarms WHERE device_id = ? AND type = 'offline' AND active_key IS NOT NULL", [
      d.id,
    ])) as unknown[];
  expect(await active()).toHaveLength(1);
  // A device that never reported (not installed yet) is not offline.
  expect(await conn().execute("SELECT id FROM iot_alarms WHERE device_id = ? AND type = 'offline'", [fresh.id])).toHaveLength(0);
  // A second sweep raises nothing new for it.
  const again = await sweepOffline(env.api.c, zone, alarms, later);
  expect(again.raised).toBe(0);
  // The pipeline learns it went offline (iot.devices.changed); its next reading clears the alarm.
  await until('the pipeline sees it offline', async () => {
    await ingest.pipeline.reload(zoneA.tenant.id);
    return true;
  });
  await publish(topicOf(codeA, d), signed(d, { ts: Date.now(), v: { gas_lel: 1 } }));
  await until('cleared', async () => backOnline.includes(d.id) && (await active()).length === 0);
});

test('the simulator reads the zone’s enabled devices and its signed readings are accepted', async () => {
  const tower = await device(zoneB, 'TOWER-01', 'weather_tower');
  const cam = await device(zoneB, 'CAM-01', 'camera');
  await ingest.pipeline.reload(zoneB.tenant.id);
  const url = new URL(env.config.DATABASE_URL);
  const db = await createConnection({ host: url.hostname, port: Number(url.port || 3306), user: 'root', database: env.dbName });
  try {
    const list = await loadSimDevices(db, [codeB], iotDeviceKey(env.config));
    expect(list.map((d) => d.code).sort()).toEqual(['CAM-01', 'GAS-X1', 'TOWER-01']);
    const before = count('bad_signature');
    const sim = new IotSimulator((topic, payload) => publish(topic, payload));
    sim.setDevices(list);
    expect(await sim.once(Date.now() + 5)).toBe(3);
    await until('the tower’s three quantities', async () => (await rows(tower.id)).length === 3);
    expect((await rows(tower.id)).map((r) => r.quantity).sort()).toEqual(['temperature', 'wind_dir', 'wind_speed']);
    // The camera's heartbeat stores nothing but makes it online.
    await until('the camera online', async () => {
      const [x] = (await conn().execute('SELECT online FROM iot_devices WHERE id = ?', [cam.id])) as Array<{ online: number }>;
      return Number(x?.online) === 1;
    });
    expect(count('bad_signature')).toBe(before);
  } finally {
    await db.end();
  }
});

test('offline sweep waits for the ingest: nothing is judged without a fresh heartbeat, silence counts from its start', async () => {
  // A zone of its own (no other test's silent devices); a detector last heard 10 minutes ago, before the ingest stopped.
  const zoneD = await zoneWithAdmin(env, `ingd${run}`);
  const d = await device(zoneD, 'GAS-HB1', 'gas_combustible', { intervalSeconds: 10 });
  await conn().execute('UPDATE iot_devices SET last_seen_at = ?, online = 1 WHERE id = ?', [sqlTime(Date.now() - 600_000), d.id]);
  const zone = (await env.api.c.tenants.byId(zoneD.tenant.id))!;
  const alarms = env.api.services.iot.services.alarms;
  const redis = env.api.c.redis;
  const offlineAlarms = async () =>
    (await conn().execute("SELECT id FROM iot_alarms WHERE device_id = ? AND type = 'offline'", [d.id])) as unknown[];
  // 1. The ingest stopped (it removes its heartbeat): nothing listens, so nothing is judged.
  await redis.del(INGEST_HEARTBEAT_KEY);
  await ingest.close();
  expect(await readIngestHeartbeat(redis)).toBeNull();
  expect(await sweepOffline(env.api.c, zone, alarms)).toEqual({ offline: 0, raised: 0, wentOffline: 0, notListening: true });
  // A stale heartbeat (an ingest killed 40 s ago, no goodbye) is no better.
  await writeIngestHeartbeat(redis, { startedAt: Date.now() - 3600_000, beatAt: Date.now() - 40_000 });
  expect((await sweepOffline(env.api.c, zone, alarms)).notListening).toBe(true);
  expect(await offlineAlarms()).toHaveLength(0);
  // 2. The ingest starts again: its heartbeat says since when it listens.
  const t0 = Date.now();
  ingest = await startOwnIngest();
  const beat = await until('the ingest’s heartbeat', async () => {
    const h = await readIngestHeartbeat(redis);
    return h && h.startedAt >= t0 && h;
  });
  expect(beat.beatAt).toBeGreaterThanOrEqual(beat.startedAt);
  // Right after the restart the detector — silent for 10 minutes, but only while nothing listened — is not offline.
  expect(await sweepOffline(env.api.c, zone, alarms)).toMatchObject({ offline: 0, raised: 0 });
  // Judged at the last beat, not the sweep's clock: 45 s after the start with a beat of 20 s after it (fresh, the
  // ingest may have died since) the detector has been heard-for silent 20 s only.
  await writeIngestHeartbeat(redis, { startedAt: beat.startedAt, beatAt: beat.startedAt + 20_000 });
  expect(await sweepOffline(env.api.c, zone, alarms, beat.startedAt + 45_000)).toMatchObject({ offline: 0, raised: 0 });
  // Silent for more than 3 × 10 s of listening: offline.
  await writeIngestHeartbeat(redis, { startedAt: beat.startedAt, beatAt: beat.startedAt + 31_000 });
  expect(await sweepOffline(env.api.c, zone, alarms, beat.startedAt + 31_000)).toMatchObject({ offline: 1, raised: 1 });
  expect(await offlineAlarms()).toHaveLength(1);
  // Stopping removes the heartbeat it wrote (same listening period).
  await ingest.close();
  expect(await readIngestHeartbeat(redis)).toBeNull();
  ingest = await startOwnIngest();
});

test('an active alarm with no stored rule state (seeded by the demo, or Redis lost) clears on normal readings', async () => {
  const d = await device(zoneA, 'GAS-SEED');
  await ingest.pipeline.reload(zoneA.tenant.id);
  const zone = (await env.api.c.tenants.byId(zoneA.tenant.id))!;
  const t0 = Date.now() - 120_000;
  // Raised elsewhere (not by these rules' state): a second-level threshold alarm and a rate-of-rise alarm.
  await env.api.services.iot.services.alarms.applyRuleEvents(zone, [
    {
      kind: 'raise',
      type: 'gas_lel.threshold',
      alarmKind: 'threshold',
      level: 2,
      severity: 'critical',
      value: 60,
      ts: t0,
      deviceId: d.id,
    },
    {
      kind: 'raise',
      type: 'gas_lel.rate_of_rise',
      alarmKind: 'rate_of_rise',
      level: 0,
      severity: 'minor',
      value: 60,
      ts: t0,
      deviceId: d.id,
    },
  ]);
  const active = async () =>
    (
      (await conn().execute('SELECT type FROM iot_alarms WHERE device_id = ? AND active_key IS NOT NULL ORDER BY type', [
        d.id,
      ])) as Array<{ type: string }>
    ).map((a) => a.type);
  expect(await active()).toEqual(['gas_lel.rate_of_rise', 'gas_lel.threshold']);
  expect(await env.api.c.redis.hget(ruleStateKey(zoneA.tenant.id), `${d.id}:gas_lel`)).toBeNull();
  // The first normal reading: the condition starts from the active alarms (level 2, peak 60, rising) and the clear
  // debounce begins…
  const t = topicOf(codeA, d);
  await publish(t, signed(d, { ts: t0 + 10_000, v: { gas_lel: 1 } }));
  const s = await until('the condition seeded', async () => ingest.pipeline.conditionState(d.id, 'gas_lel'));
  expect(s).toMatchObject({ level: 2, peak: 60, rising: true, clearSince: t0 + 10_000 });
  // …and normal readings past the clear delay (30 s) clear both.
  await publish(t, signed(d, { ts: t0 + 45_000, v: { gas_lel: 1.2 } }));
  await until('both cleared', async () => (await active()).length === 0);
  const cleared = events.filter((x) => x.e.deviceId === d.id && x.e.kind === 'clear').map((x) => x.e.type);
  expect(cleared.sort()).toEqual(['gas_lel.rate_of_rise', 'gas_lel.threshold']);
});

const basicOf = (zoneCode: string, d: Dev, secret = d.secret) =>
  `Basic ${Buffer.from(`${zoneCode}/${d.code}:${secret}`).toString('base64')}`;
const postBatch = (body: unknown, auth: string, lang?: string) =>
  env.req('POST', '/api/v1/iot/ingest', { body, headers: { authorization: auth, ...(lang ? { 'accept-language': lang } : {}) } });

test('flood: a backlog at its own spacing is taken whole; > 20 readings of a device within a second of ts are flood', async () => {
  const d = await device(zoneA, 'GAS-BL1');
  const now = Date.now();
  // 5,000 buffered readings 100 ms apart (the last 500 s), in one batch.
  const backlog = Array.from({ length: 5000 }, (_, i) => ({
    device: d.code,
    ts: now - 500_000 + i * 100,
    v: { gas_lel: 1 + (i % 10) / 10 },
  }));
  const r = await postBatch({ readings: backlog }, basicOf(codeA, d));
  expect(r.status).toBe(200);
  expect(r.body).toEqual({ accepted: 5000, rejected: 0, results: [] });
  expect(await rows(d.id)).toHaveLength(5000);
  // 30 readings within 0.9 s of ts: 20 taken, the rest flood.
  const burst = Array.from({ length: 30 }, (_, i) => ({ device: d.code, ts: now + 1000 + i * 30, v: { gas_lel: 1 } }));
  const f = await postBatch({ readings: burst }, basicOf(codeA, d));
  expect(f.body).toEqual({
    accepted: 20,
    rejected: 10,
    results: Array.from({ length: 10 }, (_, i) => ({ index: 20 + i, status: 'rejected', reason: 'flood' })),
  });
  // The window slides: a second after the first of the burst, there is room again.
  const later = await postBatch({ readings: [{ device: d.code, ts: now + 2000, v: { gas_lel: 1 } }] }, basicOf(codeA, d));
  expect(later.body).toEqual({ accepted: 1, rejected: 0, results: [] });
  // The window itself, out of order too.
  const w = new TsWindow(3);
  expect([1000, 1500, 1999, 1999, 2000, 2499, 2500, 500].map((ts) => w.take(ts))).toEqual([
    true,
    true,
    true,
    false,
    true,
    false,
    true,
    true,
  ]);
});

test('flood: messages (not readings) per device are limited to 20/s, burst 100, whatever their ts', async () => {
  const d = await device(zoneA, 'GAS-MSG1');
  let clock = Date.now();
  const p = new IngestPipeline(env.api.c, { now: () => clock, statsEveryMs: 3600_000 });
  await p.start();
  const flood = () => p.counters.byReason.get('flood') ?? 0;
  try {
    const t = topicOf(codeA, d);
    const base = clock - 3600_000;
    const msg = (i: number) => signed(d, { ts: base + i * 1000, v: { gas_lel: 1 } });
    // 130 messages at one instant, their readings a second apart (no flood by ts): the burst of 100 is taken.
    for (let i = 0; i < 130; i++) p.handleMessage(t, msg(i));
    expect(flood()).toBe(30);
    // A second later, 20 more.
    clock += 1000;
    for (let i = 130; i < 160; i++) p.handleMessage(t, msg(i));
    expect(flood()).toBe(40);
    // A cut batch message: all of its readings are flood.
    p.handleMessage(t, signed(d, { r: [1, 2, 3].map((k) => ({ ts: base + 500_000 + k * 1000, v: { gas_lel: 1 } })) }));
    expect(flood()).toBe(43);
    await p.drain();
    expect(await rows(d.id)).toHaveLength(120);
  } finally {
    await p.stop();
  }
});

test('device auth: 401 device_unauthorized, a disabled device 403 device_disabled (counted), refused at once', async () => {
  const gw = await device(zoneA, 'GW-T2', 'gateway');
  const child = await device(zoneA, 'GAS-C3', 'gas_combustible', { gatewayId: gw.id });
  const CJK = /[\u3400-\u9FFF]/;
  let ts = Date.now() - 60_000;
  const one = (d: Dev) => ({ readings: [{ device: d.code, ts: (ts += 1000), v: { gas_lel: 1 } }] });
  const disabledCount = async () => {
    const s = await env.req('GET', '/api/v1/iot/ingest/stats?days=1', { token: zoneA.token });
    return (s.body.perDay as Array<{ source: string; reason: string; count: number }>)
      .filter((r) => r.source === 'http' && r.reason === 'disabled_device')
      .reduce((n, r) => n + r.count, 0);
  };
  expect((await postBatch(one(child), basicOf(codeA, gw))).body).toMatchObject({ accepted: 1 });
  // A wrong secret, an unknown device, no Basic at all: device_unauthorized, in the caller's language.
  for (const auth of [basicOf(codeA, child, 'y'.repeat(43)), basicOf(codeA, { ...child, code: 'NOPE-7' }), 'Bearer x']) {
    const zh = await postBatch(one(child), auth);
    expect(zh.status).toBe(401);
    expect(zh.body).toMatchObject({ code: 'device_unauthorized', title: '设备认证失败（区域/设备编码或密钥不对）' });
    expect(zh.body.detail).toMatch(CJK);
    const en = await postBatch(one(child), auth, 'en');
    expect(en.status).toBe(401);
    expect(en.body).toMatchObject({
      code: 'device_unauthorized',
      title: 'Device authentication failed (wrong zone/device code or secret)',
    });
    expect(en.body.detail).not.toMatch(CJK);
  }
  // Disabled behind the cache's back (the database only, no iot.devices.changed message): refused by the very
  // next batch — 403 device_disabled, counted.
  const before = await disabledCount();
  await conn().execute("UPDATE iot_devices SET status = 'disabled' WHERE id = ?", [gw.id]);
  const off = await postBatch(one(child), basicOf(codeA, gw));
  expect(off.status).toBe(403);
  expect(off.body).toMatchObject({ code: 'device_disabled', title: '设备已停用' });
  expect(off.body.detail).toMatch(CJK);
  const offEn = await postBatch(one(child), basicOf(codeA, gw), 'en');
  expect(offEn.status).toBe(403);
  expect(offEn.body).toMatchObject({ code: 'device_disabled', title: 'This device is disabled' });
  expect(offEn.body.detail).not.toMatch(CJK);
  // The gateway enabled again, the device behind it disabled (again the database only): its reading is refused.
  await conn().execute("UPDATE iot_devices SET status = CASE WHEN id = ? THEN 'enabled' ELSE 'disabled' END WHERE id IN (?, ?)", [
    gw.id,
    gw.id,
    child.id,
  ]);
  expect((await postBatch(one(child), basicOf(codeA, gw))).body).toEqual({
    accepted: 0,
    rejected: 1,
    results: [{ index: 0, status: 'rejected', reason: 'disabled_device' }],
  });
  // And through the route: /disable answered, the next batch refused.
  await conn().execute("UPDATE iot_devices SET status = 'enabled' WHERE id = ?", [child.id]);
  const dev = await env.req('GET', `/api/v1/iot/devices/${child.id}`, { token: zoneA.token });
  const dis = await env.req('POST', `/api/v1/iot/devices/${child.id}/disable`, {
    token: zoneA.token,
    body: { version: dev.body.version },
  });
  expect(dis.status).toBe(200);
  expect((await postBatch(one(child), basicOf(codeA, child))).status).toBe(403);
  await until('the refusals counted', async () => (await disabledCount()) >= before + 4, 20_000);
});

test('ingest stats count the days of the zone’s calendar (05:50 in Shanghai is already that day there)', async () => {
  const day = localDate(new Date(), 'Asia/Shanghai');
  const at = Date.parse(`${day}T05:50:00+08:00`); // 21:50 UTC of the day before
  expect(new Date(at).toISOString().slice(0, 10)).toBe(addDays(day, -1));
  const p = new IngestPipeline(env.api.c, { now: () => at, statsEveryMs: 3600_000 });
  await p.start();
  try {
    p.reject(zoneB.tenant.id, 'http', 'future', 7);
    await p.writeStats();
  } finally {
    await p.stop();
  }
  const stored = (await conn().execute(
    "SELECT day, count FROM iot_ingest_stats WHERE tenant_id = ? AND source = 'http' AND reason = 'future'",
    [zoneB.tenant.id],
  )) as Array<{ day: string; count: number }>;
  expect(stored.map((r) => [r.day, Number(r.count)])).toEqual([[day, 7]]);
  const stats = await ingestStats(env.api.c, zoneB.tenant.id, 1, at, 'Asia/Shanghai');
  expect(stats.perDay).toContainEqual({ day, source: 'http', reason: 'future', count: 7 });
  expect(new Set(stats.perDay.map((x) => x.day))).toEqual(new Set([day]));
  // The route asks for the zone's days as well (today there, by the real clock, is `day`).
  const r = await env.req('GET', '/api/v1/iot/ingest/stats?days=1', { token: zoneB.token });
  expect(r.body.perDay).toContainEqual({ day, source: 'http', reason: 'future', count: 7 });
});

test('retention: whole old partitions dropped, a shorter-retention zone deleted in batches', async () => {
  const today = utcDay(Date.now());
  const codeC = `ingc${run}`;
  const zoneC = await zoneWithAdmin(env, codeC);
  const a = await device(zoneC, 'GAS-RT1');
  const b = await device(zoneB, 'GAS-RT1');
  const row = (tenantId: string, deviceId: string, ts: number, value = 1) => ({
    tenantId,
    deviceId,
    quantity: 'gas_lel',
    ts,
    value,
  });
  await insertReadings(conn(), [
    row(zoneC.tenant.id, a.id, today - 2 * DAY + 5000),
    row(zoneB.tenant.id, b.id, today - 2 * DAY + 5000),
    ...[1, 2, 3, 4, 5].map((i) => row(zoneC.tenant.id, a.id, today + 3 * DAY + i * 1000)),
    row(zoneB.tenant.id, b.id, today + 3 * DAY + 1000),
  ]);
  // Batches of 2: the row of day −2 and the first two of day +3.
  expect(await deleteZoneReadingsBefore(conn(), zoneC.tenant.id, today + 3 * DAY + 2500, { batch: 2, pauseMs: 0 })).toBe(3);
  expect((await rows(a.id)).length).toBe(3);
  // Every zone keeps 60 days, zone C 30. Run 61 days from now: the partitions up to tomorrow go whole (every zone's
  // rows there); zone C's rows of day +3 (older than its 30 days) are deleted in batches, zone B's (within 60) stay.
  await conn().execute(
    "UPDATE tenants SET settings = JSON_SET(settings, '$.telemetryRetentionDays', CASE WHEN id = ? THEN 30 ELSE 60 END) WHERE kind = 'zone'",
    [zoneC.tenant.id],
  );
  const before = await listPartitions(conn());
  const r = await runRetention(env.api.c, { now: today + 61 * DAY + 3600_000, pauseMs: 0 });
  expect(r.maxRetentionDays).toBe(60);
  expect(r.partitionsDropped).toEqual(before.filter((p) => p.lessThan !== null && p.lessThan <= today + DAY).map((p) => p.name));
  expect(r.partitionsDropped).toContain(`p${new Date(today - 2 * DAY).toISOString().slice(0, 10).replace(/-/g, '')}`);
  expect(r.deleted).toEqual({ [codeC]: 3 });
  expect(await rows(a.id)).toEqual([]);
  expect((await rows(b.id)).map((x) => new Date(x.ts).getTime())).toEqual([today + 3 * DAY + 1000]);
  // Partitions now reach 7 days past that "now"; running again changes nothing.
  const after = await listPartitions(conn());
  expect(after.at(-1)!.lessThan).toBeNull();
  expect(after.at(-2)!.lessThan).toBe(today + 61 * DAY + 8 * DAY);
  expect(await runRetention(env.api.c, { now: today + 61 * DAY + 3600_000, pauseMs: 0 })).toMatchObject({
    partitionsCreated: [],
    partitionsDropped: [],
    deleted: {},
  });
});
