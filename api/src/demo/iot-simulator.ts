/**
 * IoT simulator (design §9; root `npm run iot:simulate`, started by `npm start` unless IOT_SIMULATE=0): publishes
 * signed readings of every enabled device of the demo zones over MQTT at each device's interval, with realistic
 * noise — combustible gas 0–3 %LEL, NH₃ 2–8 ppm, H₂S/CO/Cl₂ near zero, smoke near zero, no flame, temperature by
 * the time of day, the tower's wind direction wandering and speed 1–6 m/s, cameras and gateways a heartbeat — and
 * every 6–12 minutes a gas leak on one combustible-gas detector: it rises to ~30 %LEL, then ~55 %LEL over about a
 * minute (first-, then second-level alarm), stays a little and falls back.
 *
 * Options: `--zones siqi,suxi` (default the two demo zones), `--leak-now` (a leak at once; `--leak-device CODE`
 * picks the detector), `--once` (one reading per device, then exit — for tests and smoke checks).
 * `--leak-now` does not start a second simulator: it asks the running one for a leak over the MQTT control topic
 * `yuanan/_sim/leak` (answered on `yuanan/_sim/leak/ack`) and exits; only when no simulator answers within
 * LEAK_REQUEST_TIMEOUT_MS does it publish the leak of that one detector itself (every 2 s for LEAK_SECONDS) and exit.
 * The demo's offline device(s) (DEMO_OFFLINE_DEVICE_CODES) are never published, so they stay offline.
 * Devices are read from the database (re-read every minute, so new ones join) and each message is signed with the
 * device's derived secret (`signPayload`, device-auth.ts), as a real device would.
 */
import { parseArgs } from 'node:util';
import { createConnection, type Connection } from 'mysql2/promise';
import { connectAsync, type MqttClient } from 'mqtt';
import { IOT_DEVICE_TYPE_SPECS, iotTopic, type IotDeviceType, type IotQuantity } from '@yuanan/contracts';
import { configOrExit } from '../core/boot.ts';
import type { Config } from '../core/config/config.ts';
import { deviceSecret, iotDeviceKey, signPayload } from '../modules/iot/device-auth.ts';
import { DEMO_OFFLINE_DEVICE_CODES } from '../cli/demo/demo-iot.ts';

/** A device the simulator publishes for. */
export interface SimDevice {
  tenantId: string;
  zoneCode: string;
  timeZone: string;
  id: string;
  code: string;
  type: IotDeviceType;
  intervalSeconds: number;
  secret: string;
}

/** The demo zones (demo-seed). */
export const DEMO_ZONES = ['siqi', 'suxi'] as const;

/** Enabled devices of the given zones, with their derived secrets — but for the demo zones' offline device(s). */
export async function loadSimDevices(conn: Connection, zones: readonly string[], key: string): Promise<SimDevice[]> {
  if (!zones.length) return [];
  const [rows] = await conn.query(
    `SELECT d.id, d.code, d.type, d.interval_seconds, d.credential_version, t.id AS tenant_id, t.code AS zone_code, t.time_zone
       FROM iot_devices d JOIN tenants t ON t.id = d.tenant_id
      WHERE t.code IN (?) AND t.status = 'active' AND d.status = 'enabled' ORDER BY t.code, d.code`,
    [zones],
  );
  return (rows as Array<Record<string, unknown>>)
    .filter((r) => String(r.type) in IOT_DEVICE_TYPE_SPECS)
    .filter((r) => !isDemoOfflineDevice(String(r.zone_code), String(r.code)))
    .map((r) => ({
      tenantId: String(r.tenant_id),
      zoneCode: String(r.zone_code),
      timeZone: String(r.time_zone || 'Asia/Shanghai'),
      id: String(r.id),
      code: String(r.code),
      type: r.type as IotDeviceType,
      intervalSeconds: Math.max(1, Number(r.interval_seconds) || IOT_DEVICE_TYPE_SPECS[r.type as IotDeviceType].intervalSeconds),
      secret: deviceSecret(key, String(r.tenant_id), String(r.id), Number(r.credential_version)),
    }));
}

/** True for the demo's offline device(s) (demo-iot.ts) in a demo zone: the simulator leaves them silent. */
export function isDemoOfflineDevice(zoneCode: string, code: string): boolean {
  return (DEMO_ZONES as readonly string[]).includes(zoneCode) && DEMO_OFFLINE_DEVICE_CODES.includes(code);
}

/** A running leak: the detector and when it started (ms). */
interface Leak {
  deviceId: string;
  startedAt: number;
}
/** Leak profile (seconds since start → %LEL): ~30 within 30 s, ~55 at 60 s, held, back to background by 150 s. */
const LEAK_PROFILE: Array<[number, number]> = [
  [0, 2],
  [15, 14],
  [30, 30],
  [45, 42],
  [60, 55],
  [90, 57],
  [110, 35],
  [130, 12],
  [150, 1.5],
];
/** How long a leak lasts (s) and how often a leaking detector reports (s). */
export const LEAK_SECONDS = 150;
const LEAK_EVERY_S = 2;

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;

/** The hour of day (fractional) at ms in a time zone. */
function hourIn(ms: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: 'numeric',
    minute: 'numeric',
    hourCycle: 'h23',
  }).formatToParts(new Date(ms));
  const h = Number(parts.find((p) => p.type === 'hour')?.value ?? 0);
  const m = Number(parts.find((p) => p.type === 'minute')?.value ?? 0);
  return h + m / 60;
}

/**
 * The readings' generator and clock: which device reports when, and with what values. Pure but for `random`
 * (injectable), so a test can drive it; `publish` does the I/O.
 */
export class IotSimulator {
  #devices: SimDevice[] = [];
  readonly #next = new Map<string, number>();
  readonly #walk = new Map<string, number>();
  #leak: Leak | null = null;
  #nextLeakAt: number;
  readonly #random: () => number;
  readonly #publish: (topic: string, payload: string) => Promise<unknown>;
  readonly counters = { published: 0, leaks: 0, errors: 0 };

  constructor(publish: (topic: string, payload: string) => Promise<unknown>, opts: { random?: () => number; now?: number } = {}) {
    this.#publish = publish;
    this.#random = opts.random ?? Math.random;
    this.#nextLeakAt = (opts.now ?? Date.now()) + this.#leakGap();
  }

  #leakGap(): number {
    return (6 + this.#random() * 6) * 60_000;
  }

  /** Replaces the device list (new devices start at a random phase of their interval). */
  setDevices(devices: SimDevice[], now = Date.now()): void {
    this.#devices = devices;
    for (const d of devices) if (!this.#next.has(d.id)) this.#next.set(d.id, now + this.#random() * d.intervalSeconds * 1000);
  }

  get devices(): readonly SimDevice[] {
    return this.#devices;
  }

  /**
   * Starts a leak on a combustible-gas detector (by code, else a random one; of the given zones when some are given);
   * returns it, or null if none.
   */
  startLeak(now = Date.now(), code?: string, zones?: readonly string[]): SimDevice | null {
    const gas = this.#devices.filter(
      (d) => d.type === 'gas_combustible' && (!code || d.code === code) && (!zones?.length || zones.includes(d.zoneCode)),
    );
    if (!gas.length) return null;
    const d = gas[Math.floor(this.#random() * gas.length)]!;
    this.#leak = { deviceId: d.id, startedAt: now };
    this.#next.set(d.id, now);
    this.counters.leaks++;
    return d;
  }

  /** The leaking detector's value at ms (null when no leak runs on it). */
  leakValue(deviceId: string, now: number): number | null {
    if (!this.#leak || this.#leak.deviceId !== deviceId) return null;
    const s = (now - this.#leak.startedAt) / 1000;
    if (s > LEAK_SECONDS) return null;
    for (let i = 1; i < LEAK_PROFILE.length; i++) {
      const [t1, v1] = LEAK_PROFILE[i]!;
      const [t0, v0] = LEAK_PROFILE[i - 1]!;
      if (s <= t1) return v0 + ((v1 - v0) * (s - t0)) / (t1 - t0);
    }
    return LEAK_PROFILE.at(-1)![1];
  }

  /** A random walk kept inside [lo, hi] (per device and quantity). */
  #wander(key: string, start: number, step: number, lo: number, hi: number): number {
    const v = clamp((this.#walk.get(key) ?? start) + (this.#random() - 0.5) * 2 * step, lo, hi);
    this.#walk.set(key, v);
    return v;
  }

  /** The values a device reports at ms. */
  valuesOf(d: SimDevice, now: number): Partial<Record<IotQuantity, number>> {
    const k = (q: string) => `${d.id}:${q}`;
    const leak = this.leakValue(d.id, now);
    switch (d.type) {
      case 'gas_combustible':
        return { gas_lel: round(leak !== null ? leak + this.#random() : this.#wander(k('gas_lel'), 1, 0.4, 0, 3), 1) };
      case 'gas_nh3':
        return { nh3: round(this.#wander(k('nh3'), 4, 0.6, 2, 8), 1) };
      case 'gas_h2s':
        return { h2s: round(this.#wander(k('h2s'), 0.3, 0.15, 0, 1.5), 1) };
      case 'gas_co':
        return { co: round(this.#wander(k('co'), 2, 0.8, 0, 6), 0) };
      case 'gas_cl2':
        return { cl2: round(this.#wander(k('cl2'), 0.02, 0.01, 0, 0.08), 2) };
      case 'smoke':
        return { smoke: round(this.#wander(k('smoke'), 0.2, 0.08, 0, 0.6), 1) };
      case 'flame':
        return { flame: 0 };
      case 'temperature':
      case 'weather_tower': {
        // 8 ℃ of daily swing peaking at 15:00 around 18 ℃ (indoor sensors a few degrees warmer).
        const h = hourIn(now, d.timeZone);
        const base = 18 + 8 * Math.sin(((h - 9) / 24) * 2 * Math.PI) + (d.type === 'temperature' ? 6 : 0);
        const temperature = round(base + this.#wander(k('t'), 0, 0.3, -1.5, 1.5), 1);
        if (d.type === 'temperature') return { temperature };
        const dir = (this.#wander(k('dir'), 135, 12, -1e9, 1e9) % 360) + 360;
        return {
          wind_dir: round(dir % 360, 0),
          wind_speed: round(this.#wander(k('ws'), 3, 0.5, 1, 6), 1),
          temperature,
        };
      }
      default:
        return {};
    }
  }

  /** The topic and signed message of one reading. */
  message(d: SimDevice, now: number): { topic: string; payload: string } {
    const topic = iotTopic(d.zoneCode, d.code);
    return { topic, payload: signPayload(d.secret, topic, JSON.stringify({ ts: now, v: this.valuesOf(d, now) })) };
  }

  /** Publishes what is due at `now` (and starts the periodic leak when its time comes); returns how many. */
  async tick(now = Date.now()): Promise<number> {
    if (now >= this.#nextLeakAt) {
      this.#nextLeakAt = now + this.#leakGap();
      const d = this.startLeak(now);
      if (d) process.stdout.write(`leak: ${d.zoneCode}/${d.code} rises to ~55 %LEL over a minute\n`);
    }
    if (this.#leak && now - this.#leak.startedAt > LEAK_SECONDS * 1000) this.#leak = null;
    let n = 0;
    const sends: Array<Promise<unknown>> = [];
    for (const d of this.#devices) {
      const due = this.#next.get(d.id) ?? now;
      if (due > now) continue;
      const leaking = this.#leak?.deviceId === d.id;
      this.#next.set(d.id, Math.max(due + (leaking ? LEAK_EVERY_S : d.intervalSeconds) * 1000, now + 500));
      const m = this.message(d, now);
      sends.push(
        this.#publish(m.topic, m.payload).then(
          () => void this.counters.published++,
          () => void this.counters.errors++,
        ),
      );
      n++;
    }
    await Promise.all(sends);
    return n;
  }

  /** One reading of every device now (`--once`). */
  async once(now = Date.now()): Promise<number> {
    for (const d of this.#devices) this.#next.set(d.id, now);
    return this.tick(now);
  }
}

/** The control topics: a leak request (`LeakRequest` JSON) and the running simulator's answer (`LeakAck` JSON). */
export const LEAK_REQUEST_TOPIC = 'yuanan/_sim/leak';
export const LEAK_ACK_TOPIC = 'yuanan/_sim/leak/ack';
/** How long `--leak-now` waits for a running simulator's answer before it simulates the leak itself (ms). */
export const LEAK_REQUEST_TIMEOUT_MS = 2500;
/** The control topics (a test passes its own pair, so parallel runs never answer each other). */
export interface LeakTopics {
  request: string;
  ack: string;
}
const LEAK_TOPICS: LeakTopics = { request: LEAK_REQUEST_TOPIC, ack: LEAK_ACK_TOPIC };

/** A request for a leak: `id` pairs it with its answer; `device` a detector code, `zones` the zones to pick from. */
export interface LeakRequest {
  id: string;
  device?: string;
  zones?: string[];
}
/** The running simulator's answer: the leaking detector as `zone/code`, or null when it has no such detector. */
export interface LeakAck {
  id: string;
  device: string | null;
}

/**
 * The running simulator's side of `--leak-now`: subscribes the control topic and answers each request by starting
 * the leak on `sim` (its own clock then publishes it, so no device is published twice).
 */
export async function serveLeakRequests(mqtt: MqttClient, sim: IotSimulator, topics = LEAK_TOPICS): Promise<void> {
  mqtt.on('message', (topic, buf) => {
    if (topic !== topics.request) return;
    let req: LeakRequest;
    try {
      req = JSON.parse(buf.toString()) as LeakRequest;
    } catch {
      return;
    }
    if (!req || typeof req.id !== 'string') return;
    const zones = Array.isArray(req.zones) ? req.zones.map(String) : undefined;
    const d = sim.startLeak(Date.now(), typeof req.device === 'string' ? req.device : undefined, zones);
    if (d) process.stdout.write(`leak (requested): ${d.zoneCode}/${d.code} rises to ~55 %LEL over a minute\n`);
    const ack: LeakAck = { id: req.id, device: d ? `${d.zoneCode}/${d.code}` : null };
    void mqtt.publishAsync(topics.ack, JSON.stringify(ack), { qos: 1 }).catch(() => undefined);
  });
  await mqtt.subscribeAsync(topics.request, { qos: 1 });
}

/**
 * The `--leak-now` side: asks a running simulator for a leak; resolves with its answer, or null when no simulator
 * answers within `timeoutMs` (then nothing was started).
 */
export async function requestLeak(
  mqtt: MqttClient,
  req: Omit<LeakRequest, 'id'>,
  timeoutMs = LEAK_REQUEST_TIMEOUT_MS,
  topics = LEAK_TOPICS,
): Promise<LeakAck | null> {
  const id = `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  await mqtt.subscribeAsync(topics.ack, { qos: 1 });
  return new Promise<LeakAck | null>((resolve) => {
    const onMessage = (topic: string, buf: Buffer) => {
      if (topic !== topics.ack) return;
      try {
        const ack = JSON.parse(buf.toString()) as LeakAck;
        if (ack?.id !== id) return;
        done(ack);
      } catch {
        /* not ours */
      }
    };
    const timer = setTimeout(() => done(null), timeoutMs);
    const done = (ack: LeakAck | null) => {
      clearTimeout(timer);
      mqtt.off('message', onMessage);
      resolve(ack);
    };
    mqtt.on('message', onMessage);
    void mqtt.publishAsync(topics.request, JSON.stringify({ ...req, id }), { qos: 1 }).catch(() => done(null));
  });
}

/**
 * No simulator runs: publishes the leak of one detector alone (every 2 s until the leak is over), then returns.
 * Returns the detector, or null when there is none.
 */
export async function simulateLeakAlone(
  devices: SimDevice[],
  publish: (topic: string, payload: string) => Promise<unknown>,
  opts: { code?: string; zones?: readonly string[]; now?: () => number; sleep?: (ms: number) => Promise<void> } = {},
): Promise<SimDevice | null> {
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const picker = new IotSimulator(publish, { now: now() });
  picker.setDevices(devices, now());
  const d = picker.startLeak(now(), opts.code, opts.zones);
  if (!d) return null;
  const sim = new IotSimulator(publish, { now: now() });
  sim.setDevices([d], now());
  const t0 = now();
  sim.startLeak(t0, d.code);
  while (now() - t0 <= LEAK_SECONDS * 1000) {
    await sim.tick(now());
    await sleep(250);
  }
  return d;
}

async function connectDb(config: Config): Promise<Connection> {
  const url = new URL(config.DATABASE_URL);
  return createConnection({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username || 'root'),
    password: decodeURIComponent(url.password),
    database: url.pathname.slice(1),
  });
}

/** The command line: see the file's comment. */
export async function main(argv = process.argv.slice(2)): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      zones: { type: 'string' },
      'leak-now': { type: 'boolean', default: false },
      'leak-device': { type: 'string' },
      once: { type: 'boolean', default: false },
    },
  });
  const config = configOrExit();
  const zones = values.zones ? values.zones.split(',').map((z) => z.trim().toLowerCase()) : [...DEMO_ZONES];
  const key = iotDeviceKey(config);
  const db = await connectDb(config);
  const mqtt: MqttClient = await connectAsync(config.MQTT_URL, {
    clientId: `yuanan-sim-${process.pid}`,
    clean: true,
    reconnectPeriod: 1000,
    username: config.MQTT_USERNAME,
    password: config.MQTT_PASSWORD,
  });
  const publish = (topic: string, payload: string) => mqtt.publishAsync(topic, payload, { qos: 1 });
  const close = async () => {
    await mqtt.endAsync().catch(() => undefined);
    await db.end().catch(() => undefined);
  };
  if (values['leak-now'] || values['leak-device']) {
    // Ask the running simulator (npm start's) first; a second full simulator would publish every device twice.
    const ack = await requestLeak(mqtt, { device: values['leak-device'], zones });
    if (ack) {
      process.stdout.write(
        ack.device
          ? `leak: ${ack.device} rises to ~55 %LEL over a minute (started by the running simulator)\n`
          : 'leak: the running simulator has no such combustible-gas detector\n',
      );
      await close();
      return;
    }
    process.stdout.write('leak: no simulator is running — publishing the leak of one detector here\n');
    const d = await simulateLeakAlone(await loadSimDevices(db, zones, key), publish, {
      code: values['leak-device'],
      zones,
    });
    process.stdout.write(d ? `leak: ${d.zoneCode}/${d.code} done\n` : 'leak: no combustible-gas detector\n');
    await close();
    return;
  }
  const sim = new IotSimulator(publish);
  const reload = async () => sim.setDevices(await loadSimDevices(db, zones, key));
  await reload();
  process.stdout.write(`iot simulator: ${sim.devices.length} devices of ${zones.join(', ')} on ${config.MQTT_URL}\n`);
  if (values.once) {
    const n = await sim.once();
    process.stdout.write(`published ${n} readings\n`);
    await mqtt.endAsync();
    await db.end();
    return;
  }
  await serveLeakRequests(mqtt, sim);
  const timer = setInterval(() => void sim.tick().catch(() => undefined), 250);
  const refresh = setInterval(() => void reload().catch((e: unknown) => console.warn('iot simulator: reload failed', e)), 60_000);
  const stop = async () => {
    clearInterval(timer);
    clearInterval(refresh);
    await mqtt.endAsync().catch(() => undefined);
    await db.end().catch(() => undefined);
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

if (import.meta.main) {
  main().catch((e: unknown) => {
    console.error('iot simulator failed:', e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
