/**
 * Issue 11 benchmark (IoT ingest), figures side by side from one run on this machine:
 * 1. `iot.raw_insert` — the raw batched-insert rate of iot_readings: multi-row INSERT IGNORE of 2,000 rows straight
 *    from this process (the ceiling the pipeline works against).
 * 2. `iot.mqtt.step` / `iot.mqtt` — readings/s over MQTT: signed single-reading messages of BENCH_IOT_DEVICES (2,000)
 *    combustible-gas detectors published open-loop by 4 clients to the real Mosquitto at rising offered rates
 *    (BENCH_IOT_RATES, default 5,000, 10,000, 20,000/s, BENCH_IOT_STEP_S = 10 s each), through the ingest PROCESS
 *    (`api/src/ingest.ts`, started as `npm start` does): verified, stored, evaluated against the rules. A step's rate
 *    = stored readings / (last stored − first published); what the broker dropped (a subscriber that fell behind
 *    loses QoS 0 messages past Mosquitto's queue) is `lost`. `iot.mqtt` is the best step that lost nothing (≤ 0.1 %),
 *    with its ratio to the raw rate.
 * 3. `iot.mqtt.alarm_latency` — p50/p99 from publish to the `iot.alarm` socket.io event an office user receives, for
 *    readings that cross the second level (one probe detector each, ~10/s) sent during that step's load.
 * 4. `iot.http` — sustained readings/s over `POST /iot/ingest`: batches of 1,000 from 20 gateways (100 detectors each),
 *    4 requests in flight, to the api's pipeline (same work: stored and evaluated).
 * 5. `iot.ingest.rss` — RSS of the ingest process (peak during the MQTT load, and after).
 * Knobs: BENCH_IOT_DEVICES, BENCH_IOT_RATES, BENCH_IOT_STEP_S, BENCH_IOT_HTTP, BENCH_IOT_RAW, BENCH_IOT_NODE_FLAGS (of the
 * ingest process), BENCH_IOT_PROFILE (a dir:
 * CPU profile of the ingest process).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { connectAsync, type MqttClient } from 'mqtt';
import { io as connectSocket } from 'socket.io-client';
import { uuidv7 } from '../../api/src/core/db/ids.ts';
import { deviceSecret, signPayload } from '../../api/src/modules/iot/device-auth.ts';
import { insertReadings, type ReadingRow } from '../../api/src/modules/iot/telemetry-store.ts';
import { createTestEnv, zoneWithAdmin } from '../../api/src/testing/test-env.ts';
import { figure, percentile } from './lib.ts';
import { bulkInsert } from './seed.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const DEVICES = Number(process.env.BENCH_IOT_DEVICES ?? 2000);
/** Offered MQTT rates (readings/s), one step each of STEP_S seconds. */
const RATES = (process.env.BENCH_IOT_RATES ?? '5000,10000,20000').split(',').map(Number);
const STEP_S = Number(process.env.BENCH_IOT_STEP_S ?? 10);
const HTTP_N = Number(process.env.BENCH_IOT_HTTP ?? 200_000);
const RAW_N = Number(process.env.BENCH_IOT_RAW ?? 200_000);
const PROBES = 100 * RATES.length;
const GATEWAYS = 20;
const KEY = 'bench-iot-device-key-0123456789abcdef';

const env = await createTestEnv({ env: { LOG_LEVEL: 'warn', IOT_DEVICE_KEY: KEY } });
const conn = () => env.api.c.orm.em.getConnection();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const code = 'iotbench';
let ingest: ChildProcess | null = null;
const clients: MqttClient[] = [];

function rssMb(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
  } catch {
    return NaN;
  }
}
async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
async function stored(tenantId: string): Promise<number> {
  const [r] = (await conn().execute('SELECT COUNT(*) AS n FROM iot_readings WHERE tenant_id = ?', [tenantId])) as Array<{
    n: number;
  }>;
  return Number(r!.n);
}

try {
  const zone = await zoneWithAdmin(env, code, '物联网基准园区');
  const tid = zone.tenant.id;
  const now = new Date();
  // Devices: DEVICES detectors for MQTT, PROBES for the latency probes, GATEWAYS gateways with DEVICES detectors for HTTP.
  type Dev = { id: string; code: string; secret: string };
  const mk = (prefix: string, i: number): Dev => {
    const id = uuidv7();
    return { id, code: `${prefix}-${String(i).padStart(5, '0')}`, secret: deviceSecret(KEY, tid, id, 1) };
  };
  const mqttDevs = Array.from({ length: DEVICES }, (_, i) => mk('M', i));
  const probes = Array.from({ length: PROBES }, (_, i) => mk('P', i));
  const gateways = Array.from({ length: GATEWAYS }, (_, i) => mk('GW', i));
  const httpDevs = Array.from({ length: DEVICES }, (_, i) => mk('H', i));
  const row = (d: Dev, type: string, gatewayId: string | null) => [
    d.id,
    now,
    now,
    tid,
    d.code,
    d.code,
    type,
    10,
    'enabled',
    gatewayId,
    1,
    0,
    1,
  ];
  await bulkInsert(
    conn(),
    'iot_devices',
    [
      'id',
      'created_at',
      'updated_at',
      'tenant_id',
      'code',
      'name',
      'type',
      'interval_seconds',
      'status',
      'gateway_id',
      'credential_version',
      'online',
      'version',
    ],
    [
      ...mqttDevs.map((d) => row(d, 'gas_combustible', null)),
      ...probes.map((d) => row(d, 'gas_combustible', null)),
      ...gateways.map((d) => row(d, 'gateway', null)),
      ...httpDevs.map((d, i) => row(d, 'gas_combustible', gateways[i % GATEWAYS]!.id)),
    ],
  );

  // 1. Raw batched inserts into the same table (another zone id, so the counts below stay apart).
  const rawTenant = uuidv7();
  const rawDevices = Array.from({ length: 1000 }, () => uuidv7());
  const t0 = Date.now() - 3600_000;
  const rawRows: ReadingRow[] = Array.from({ length: RAW_N }, (_, i) => ({
    tenantId: rawTenant,
    deviceId: rawDevices[i % 1000]!,
    quantity: 'gas_lel',
    ts: t0 + Math.floor(i / 1000) * 10,
    value: (i % 30) / 10,
  }));
  const r0 = performance.now();
  await insertReadings(conn(), rawRows);
  const rawRate = RAW_N / ((performance.now() - r0) / 1000);
  figure('iot.raw_insert', rawRate, 'rows/s', { rows: RAW_N, chunk: 2000 });

  // 2. The ingest process, as npm start runs it.
  const port = await freePort();
  const url = new URL(env.config.DATABASE_URL);
  url.pathname = `/${env.dbName}`;
  const profile = process.env.BENCH_IOT_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_IOT_PROFILE}`] : [];
  ingest = spawn(
    process.execPath,
    [...profile, ...(process.env.BENCH_IOT_NODE_FLAGS ?? '').split(' ').filter(Boolean), join(ROOT, 'api/src/ingest.ts')],
    {
      env: {
        ...process.env,
        NODE_ENV: 'development',
        LOG_LEVEL: 'warn',
        DATABASE_URL: url.toString(),
        REDIS_URL: env.config.REDIS_URL,
        REDIS_PREFIX: env.config.REDIS_PREFIX,
        IOT_DEVICE_KEY: KEY,
        INGEST_HEALTH_PORT: String(port),
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  for (;;) {
    if (ingest.exitCode !== null) throw new Error(`ingest exited with ${ingest.exitCode}`);
    if (
      await fetch(`http://127.0.0.1:${port}/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await sleep(100);
  }
  const idleRss = rssMb(ingest.pid!);

  // The office user's socket: time from publish to the iot.alarm raise of each probe.
  const socket = connectSocket(env.url, { path: '/socket.io', auth: { token: zone.token }, transports: ['websocket'] });
  await new Promise<void>((resolve, reject) => {
    socket.once('ready', () => resolve());
    socket.once('connect_error', reject);
  });
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  socket.on('iot.alarm', (p: { deviceId: string; action: string }) => {
    const t = sentAt.get(p.deviceId);
    if (p.action === 'raise' && t !== undefined) {
      latencies.push(performance.now() - t);
      sentAt.delete(p.deviceId);
    }
  });

  for (let i = 0; i < 4; i++)
    clients.push(await connectAsync('mqtt://127.0.0.1:1883', { clientId: `bench-iot-${process.pid}-${i}`, clean: true }));
  const topic = (d: Dev) => `yuanan/${code}/${d.code}/up`;
  let peakRss = idleRss;
  const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, rssMb(ingest!.pid!))), 200);
  // Steps of rising offered rate; messages signed beforehand, so the publisher measures the ingest, not its HMACs.
  type Step = {
    rate: number;
    offered: number;
    stored: number;
    lost: number;
    achieved: number;
    p50: number;
    p99: number;
    samples: number;
  };
  const steps: Step[] = [];
  let probeNext = 0;
  let storedSoFar = await stored(tid);
  for (const [si, rate] of RATES.entries()) {
    const total = rate * STEP_S;
    // Per device 60 ms apart in ts (the flood rule refuses more than 20 readings of a device within a second of ts),
    // steps ten minutes apart: all distinct.
    const baseTs = Date.now() - 50 * 60_000 + si * 10 * 60_000;
    const messages = Array.from({ length: total }, (_, i) => {
      const d = mqttDevs[i % DEVICES]!;
      const ts = baseTs + Math.floor(i / DEVICES) * 60;
      return [topic(d), signPayload(d.secret, topic(d), `{"ts":${ts},"v":{"gas_lel":${(i % 25) / 10}}}`)] as const;
    });
    latencies.length = 0;
    const m0 = performance.now();
    let sent = 0;
    let lastProbe = m0;
    let probes0 = probeNext;
    while (sent < total) {
      const tickStart = performance.now();
      // Open loop: whatever the target rate says should have been sent by now.
      const due = Math.min(total, Math.round(((tickStart - m0) / 1000 + 0.01) * rate));
      for (; sent < due; sent++) clients[sent % 4]!.publish(messages[sent]![0], messages[sent]![1], { qos: 0 });
      if (performance.now() - lastProbe >= 100 && probeNext < PROBES) {
        lastProbe = performance.now();
        const p = probes[probeNext++]!;
        sentAt.set(p.id, performance.now());
        clients[0]!.publish(topic(p), signPayload(p.secret, topic(p), `{"ts":${Date.now()},"v":{"gas_lel":60}}`), { qos: 0 });
      }
      const spent = performance.now() - tickStart;
      if (spent < 10) await sleep(10 - spent);
    }
    // Wait until all are stored, or the count has not moved for 10 s (what the broker dropped never comes).
    const expected = storedSoFar + total + (probeNext - probes0);
    let n = storedSoFar;
    let lastChange = performance.now();
    let doneAt = lastChange;
    while (performance.now() - lastChange < 10_000 && n < expected) {
      await sleep(500);
      const now2 = await stored(tid);
      if (now2 !== n) {
        n = now2;
        lastChange = doneAt = performance.now();
      }
    }
    await sleep(500);
    const got = n - storedSoFar;
    storedSoFar = n;
    const sorted = [...latencies].sort((a, b) => a - b);
    const step: Step = {
      rate,
      offered: total + (probeNext - probes0),
      stored: got,
      lost: total + (probeNext - probes0) - got,
      achieved: Math.round(got / ((doneAt - m0) / 1000)),
      p50: Math.round(percentile(sorted, 50)),
      p99: Math.round(percentile(sorted, 99)),
      samples: sorted.length,
    };
    steps.push(step);
    figure('iot.mqtt.step', step.achieved, 'readings/s', { ...step });
    probes0 = probeNext;
  }
  clearInterval(rssTimer);
  // The sustained rate: the best step that lost (almost) nothing.
  const clean = steps.filter((x) => x.lost <= x.offered * 0.001);
  const best = (clean.length ? clean : steps).reduce((a, b) => (b.achieved > a.achieved ? b : a));
  figure('iot.mqtt', best.achieved, 'readings/s', {
    offeredRate: best.rate,
    stored: best.stored,
    lost: best.lost,
    devices: DEVICES,
    ratioToRawInsert: Math.round((best.achieved / rawRate) * 1000) / 1000,
    noLossAtAnyStep: clean.length === steps.length,
  });
  figure('iot.mqtt.alarm_latency', best.p99, 'ms', { p50: best.p50, samples: best.samples, atOfferedRate: best.rate });
  figure('iot.ingest.rss', peakRss, 'MB', { idle: Math.round(idleRss), after: Math.round(rssMb(ingest.pid!)) });

  // 4. HTTP batches from gateways to the api's pipeline.
  const before = await stored(tid);
  const batches: Array<{ gw: Dev; readings: unknown[] }> = [];
  const perGateway = DEVICES / GATEWAYS;
  const hBase = Date.now() - 60 * 60_000;
  for (let i = 0, b = 0; i < HTTP_N; b++) {
    const gw = gateways[b % GATEWAYS]!;
    const g = b % GATEWAYS;
    const readings: unknown[] = [];
    for (let k = 0; k < 1000 && i < HTTP_N; k++, i++) {
      const d = httpDevs[g + (k % perGateway) * GATEWAYS]!;
      readings.push({
        device: d.code,
        // A gateway's batch: 10 readings per device, 60 ms apart; its next batch a second later (flood rule: ≤ 20/s of ts).
        ts: hBase + Math.floor(b / GATEWAYS) * 1000 + Math.floor(k / perGateway) * 60,
        v: { gas_lel: (k % 20) / 10 },
      });
    }
    batches.push({ gw, readings });
  }
  const h0 = performance.now();
  let accepted = 0;
  let rejected = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < batches.length) {
        const { gw, readings } = batches[next++]!;
        const res = await fetch(`${env.url}/api/v1/iot/ingest`, {
          method: 'POST',
          headers: {
            authorization: `Basic ${Buffer.from(`${code}/${gw.code}:${gw.secret}`).toString('base64')}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({ readings }),
        });
        const body = (await res.json()) as { accepted: number; rejected: number };
        accepted += body.accepted;
        rejected += body.rejected;
      }
    }),
  );
  const httpSecs = (performance.now() - h0) / 1000;
  figure('iot.http', accepted / httpSecs, 'readings/s', {
    readings: HTTP_N,
    accepted,
    rejected,
    stored: (await stored(tid)) - before,
    batch: 1000,
    inFlight: 4,
    ratioToRawInsert: Math.round((accepted / httpSecs / rawRate) * 1000) / 1000,
  });
  socket.disconnect();
} finally {
  for (const c of clients) await c.endAsync().catch(() => undefined);
  if (ingest && ingest.exitCode === null) {
    const exited = new Promise((r) => ingest!.once('exit', r));
    ingest.kill('SIGTERM');
    await exited;
  }
  // The ingest holds a persistent session ({prefix}-ingest): end it, or the broker keeps queueing for it.
  await connectAsync('mqtt://127.0.0.1:1883', { clientId: `${env.config.REDIS_PREFIX}-ingest`, clean: true })
    .then((c) => c.endAsync())
    .catch(() => undefined);
  await env.close();
}
