import {
  DEFAULT_ALARM_RULES,
  IOT_DEVICE_TYPE_SPECS,
  IOT_INGEST_LIMITS,
  IOT_QUANTITY_SPECS,
  REALTIME_EVENTS,
  type AlarmRuleSet,
  type IotDeviceType,
  type IotIngestReport,
  type IotIngestSource,
  type IotQuantity,
  type IotReadingPush,
  type IotRejectReason,
} from '@yuanan/contracts';
import {
  evaluateCondition,
  initialConditionState,
  localDate,
  type AlarmLevel,
  type ConditionState,
  type RuleEvent,
} from '@yuanan/domain';
import type { Container } from '../../core/container.ts';
import { uuidv7 } from '../../core/db/ids.ts';
import { createRedis, type Redis } from '../../core/redis/redis.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import { iotDevicesChangedChannel } from './device.service.ts';
import { deviceSecret, iotDeviceKey, sameSecret, splitSignature, signatureOf } from './device-auth.ts';
import {
  acceptedKey,
  insertReadings,
  latestKey,
  readingKey,
  ruleStateKey,
  sqlTime,
  storedKeys,
  type LatestValues,
  type ReadingRow,
  type SqlConnection,
} from './telemetry-store.ts';

/**
 * The IoT ingest pipeline (design §4): one class for both paths — the MQTT subscriber (api/src/ingest.ts) and
 * `POST /iot/ingest` in the api process. It
 * 1. validates each reading against a device cache (zone code → devices; refreshed on the Redis pub/sub message
 *    `iot.devices.changed`, every 60 s, and at most every 10 s when an unknown zone or device shows up);
 * 2. buffers accepted readings and every 100 ms (or at 2,000 rows) flushes them: multi-row `INSERT IGNORE` into
 *    iot_readings, then rule evaluation IN PROCESS (domain `evaluateCondition`) with the condition state kept in
 *    memory and written behind to Redis, the flush's rule events handed to the alarm sink (one call per zone per
 *    flush), offline alarms of devices that report again cleared, the latest values written to Redis (one
 *    pipeline per zone per flush), throttled `iot.reading` realtime pushes, and `last_seen_at`/`online` updated at
 *    most every 30 s per device (one UPDATE per zone);
 * 3. counts what it rejects, per zone, day, source and reason, and upserts the counters into iot_ingest_stats
 *    every few seconds (an unknown zone's rejections are counted in memory only).
 * Never one job per reading. A reading is `{ ts, v: { quantity: value } }` of one device; its values are stored as
 * one row each. Validation order: malformed (a value that is not a number is malformed too) → unknown_quantity →
 * absurd_value → future → too_old → duplicate (all of a reading's values already stored) → flood.
 *
 * Flood is judged on two things: the readings' own timestamps — more than 20 readings of one device within one second
 * of `ts` (a sliding window over the device's accepted ts), so a gateway's buffered backlog at its normal spacing is
 * taken whole however fast it arrives — and the arrival of messages (an MQTT message, an HTTP batch) per sending
 * device, a token bucket of 20/s with a burst of 100, so a device hammering the ingest is still cut (all of a cut
 * message's readings are `flood`).
 */

/** A rule event of a device as the pipeline hands it over (`ruleVersion`: the version of the rule set, null for defaults). */
export type IngestRuleEvent = RuleEvent & { deviceId: string; ruleVersion?: number | null };

/** Where rule events go: helper C's AlarmService implements it (iot.module.ts wires it). */
export interface AlarmSink {
  /** The rule events of one flush for one zone, in reading order (raise / update / clear, design §5). */
  applyRuleEvents(tenant: TenantInfo, events: IngestRuleEvent[]): Promise<unknown>;
  /** Devices that reported again: clear their active offline alarm, if any. */
  clearOffline(tenant: TenantInfo, deviceIds: string[]): Promise<unknown>;
}

/** A sink that drops everything (until an alarm service is wired; tests record instead). */
export const NO_ALARM_SINK: AlarmSink = { applyRuleEvents: async () => undefined, clearOffline: async () => undefined };

/** A device as the pipeline knows it (from iot_devices and the effective rules). */
export interface CachedDevice {
  id: string;
  tenantId: string;
  code: string;
  type: IotDeviceType;
  status: 'enabled' | 'disabled';
  enterpriseId: string | null;
  gatewayId: string | null;
  intervalSeconds: number;
  credentialVersion: number;
  /** The derived secret of the current credential version. */
  secret: string;
  online: boolean;
  quantities: ReadonlySet<string>;
  rules: AlarmRuleSet;
  /** Version of the effective rule set (null: the built-in defaults). */
  ruleVersion: number | null;
}

interface ZoneDevices {
  tenant: TenantInfo;
  byCode: Map<string, CachedDevice>;
  byId: Map<string, CachedDevice>;
}

/** A validated reading waiting for the next flush. */
interface PendingReading {
  device: CachedDevice;
  ts: number;
  values: Array<[string, number]>;
  source: IotIngestSource;
  /** Some value is older than the newest seen of its quantity (or none seen yet): the store is asked first. */
  uncertain: boolean;
  /** Resolved by the flush: accepted, or duplicate when every value was already stored. */
  done?: (outcome: 'accepted' | 'duplicate' | Error) => void;
}

/** Per device and quantity: the newest ts seen and the recent ones (duplicate detection without the database). */
interface SeenTs {
  max: number;
  recent: Set<number>;
  order: number[];
}
const RECENT_TS = 32;

/** Token bucket: `rate` tokens per second, at most `burst` (the message arrival limit per device: 20/s, burst 100). */
export class TokenBucket {
  readonly rate: number;
  readonly burst: number;
  #tokens: number;
  #at: number;
  constructor(rate: number, burst: number, now: number) {
    this.rate = rate;
    this.burst = burst;
    this.#tokens = burst;
    this.#at = now;
  }
  /** Takes one token; false when the bucket is empty (the message is a flood). */
  take(now: number): boolean {
    this.#tokens = Math.min(this.burst, this.#tokens + ((now - this.#at) / 1000) * this.rate);
    this.#at = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}

/**
 * The readings of one device by their own timestamps: at most `limit` accepted readings within any `windowMs`
 * ending at a reading's ts (more → `flood`). Keeps the newest `keep` accepted ts, sorted; a reading older than all
 * kept is judged on what is kept (the message arrival limit bounds what a device can send that way).
 */
export class TsWindow {
  readonly #ts: number[] = [];
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #keep: number;
  constructor(limit: number, windowMs = 1000, keep = 64) {
    this.#limit = limit;
    this.#windowMs = windowMs;
    this.#keep = Math.max(keep, limit + 1);
  }
  /** First index with ts ≥ x. */
  #lower(x: number): number {
    let lo = 0;
    let hi = this.#ts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#ts[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
  /** Takes a reading at `ts`: false (a flood) when `limit` readings are already in (ts − windowMs, ts]. */
  take(ts: number): boolean {
    const upto = this.#lower(ts + 1);
    const from = this.#lower(ts - this.#windowMs + 1);
    if (upto - from >= this.#limit) return false;
    this.#ts.splice(upto, 0, ts);
    if (this.#ts.length > this.#keep) this.#ts.shift();
    return true;
  }
}

/** The outcome of an HTTP batch's device authentication. */
export type HttpAuthResult =
  | { ok: true; zone: ZoneDevices; device: CachedDevice }
  | { ok: false; reason: 'unknown_zone' | 'unknown_device' | 'bad_signature' | 'disabled_device' };

export interface IngestPipelineOptions {
  sink?: AlarmSink;
  /** Redis pub/sub channel of device/rule changes (full name; default `${REDIS_PREFIX}:iot.devices.changed`). */
  changesChannel?: string;
  flushEveryMs?: number;
  flushRows?: number;
  /** Device cache refresh period (ms). */
  refreshEveryMs?: number;
  /** Rejection counters written to iot_ingest_stats this often (ms). */
  statsEveryMs?: number;
  /** last_seen_at written at most this often per device (ms). */
  lastSeenEveryMs?: number;
  /** iot.reading pushes at most this often per device (ms). */
  pushEveryMs?: number;
  /** …and at most this many per second per zone (default 200). */
  pushesPerSecond?: number;
  /** Readings of one device within one second of their ts before the rest is `flood` (default 20). */
  readingsPerSecond?: number;
  /** Message arrival limit per sending device: sustained messages per second and burst (default 20 and 100). */
  messagesPerSecond?: number;
  messageBurst?: number;
  /** The clock (tests). */
  now?: () => number;
}

const UUID = /^[0-9a-f-]{36}$/i;

/** The IoT ingest pipeline (see the file's comment). Start it, feed it, stop it (flushes what it holds). */
export class IngestPipeline {
  readonly #c: Container;
  readonly #conn: SqlConnection;
  readonly #key: string;
  readonly #opts: Required<Omit<IngestPipelineOptions, 'sink' | 'changesChannel'>>;
  readonly #channel: string;
  #sink: AlarmSink;
  #zones = new Map<string, ZoneDevices>();
  readonly #zonesById = new Map<string, ZoneDevices>();
  #buffer: PendingReading[] = [];
  #bufferRows = 0;
  #flushing: Promise<void> | null = null;
  /** The chain of post-insert work (rules, alarms, Redis, pushes, last seen), one flushed batch after another. */
  #after: Promise<void> = Promise.resolve();
  #afterPending = 0;
  readonly #timers: NodeJS.Timeout[] = [];
  #sub: Redis | null = null;
  #started = false;
  #stopped = false;
  #lastZoneReload = 0;
  readonly #lastZoneDeviceReload = new Map<string, number>();
  /** Message arrival per sending device. */
  readonly #buckets = new Map<string, TokenBucket>();
  /** Readings per device by their own ts. */
  readonly #windows = new Map<string, TsWindow>();
  readonly #seen = new Map<string, SeenTs>();
  readonly #states = new Map<string, ConditionState>();
  readonly #latest = new Map<string, LatestValues>();
  readonly #lastSeenWritten = new Map<string, number>();
  readonly #lastPush = new Map<string, number>();
  readonly #pushBudget = new Map<string, { tokens: number; at: number }>();
  readonly #stateWritten = new Map<string, number>();
  /** Rejections not yet written: `${tenantId}|${day}|${source}|${reason}` → count. */
  #rejections = new Map<string, number>();
  /** Every rejection and acceptance since start (including an unknown zone's), for metrics and tests. */
  readonly counters = {
    accepted: 0,
    acceptedRows: 0,
    byReason: new Map<IotRejectReason, number>(),
    acceptedByTenant: new Map<string, number>(),
    flushes: 0,
    flushErrors: 0,
    sinkErrors: 0,
  };

  constructor(c: Container, opts: IngestPipelineOptions = {}) {
    this.#c = c;
    this.#conn = c.orm.em.getConnection() as unknown as SqlConnection;
    this.#key = iotDeviceKey(c.config);
    this.#sink = opts.sink ?? NO_ALARM_SINK;
    this.#channel = opts.changesChannel ?? iotDevicesChangedChannel(c.config.REDIS_PREFIX);
    this.#opts = {
      flushEveryMs: opts.flushEveryMs ?? 100,
      flushRows: opts.flushRows ?? 2000,
      refreshEveryMs: opts.refreshEveryMs ?? 60_000,
      statsEveryMs: opts.statsEveryMs ?? 5000,
      lastSeenEveryMs: opts.lastSeenEveryMs ?? 30_000,
      pushEveryMs: opts.pushEveryMs ?? 2000,
      pushesPerSecond: opts.pushesPerSecond ?? 200,
      readingsPerSecond: opts.readingsPerSecond ?? IOT_INGEST_LIMITS.floodPerSecond,
      messagesPerSecond: opts.messagesPerSecond ?? IOT_INGEST_LIMITS.floodPerSecond,
      messageBurst: opts.messageBurst ?? IOT_INGEST_LIMITS.floodBurst,
      now: opts.now ?? Date.now,
    };
  }

  /** Sets the alarm sink (iot.module.ts wires the AlarmService once both exist). */
  setSink(sink: AlarmSink): void {
    this.#sink = sink;
  }

  /** Loads the device cache, subscribes to device changes and starts the flush, refresh and stats timers. */
  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    await this.reload();
    const sub = createRedis(this.#c.config, 'subscriber');
    this.#sub = sub;
    sub.on('error', (e: Error) => this.#c.logger.debug({ err: e.message }, 'iot ingest: redis subscriber error'));
    sub.on('message', (_ch: string, raw: string) => {
      let tenantId: string | undefined;
      try {
        const m = JSON.parse(raw) as { tenantId?: unknown };
        if (typeof m?.tenantId === 'string') tenantId = m.tenantId;
      } catch {
        // any message means "something changed": reload everything
      }
      void this.reload(tenantId).catch((e: unknown) => this.#c.logger.warn({ err: e }, 'iot ingest: device reload failed'));
    });
    await sub.subscribe(this.#channel).catch((e: unknown) => this.#c.logger.warn({ err: e }, 'iot ingest: subscribe failed'));
    const every = (ms: number, fn: () => Promise<unknown>) => {
      const t = setInterval(() => void fn().catch((e: unknown) => this.#c.logger.warn({ err: e }, 'iot ingest timer')), ms);
      t.unref();
      this.#timers.push(t);
    };
    every(this.#opts.flushEveryMs, () => this.flush());
    every(this.#opts.refreshEveryMs, () => this.reload());
    every(this.#opts.statsEveryMs, () => this.writeStats());
  }

  /** Stops the timers, flushes the buffer and the counters, closes the subscription. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    for (const t of this.#timers) clearInterval(t);
    await this.drain().catch((e: unknown) => this.#c.logger.warn({ err: e }, 'iot ingest: last flush failed'));
    await this.writeStats().catch((e: unknown) => this.#c.logger.warn({ err: e }, 'iot ingest: last stats write failed'));
    this.#sub?.disconnect();
  }

  // -------------------------------------------------------------------------------------------------------------
  // Device cache

  /** (Re)loads the device cache: every active zone, or one zone by tenant id. */
  async reload(tenantId?: string): Promise<void> {
    const zones = tenantId
      ? [await this.#c.tenants.byId(tenantId)].filter((t): t is TenantInfo => !!t && t.status === 'active' && t.kind === 'zone')
      : await this.#c.tenants.active();
    if (tenantId) this.#c.tenants.invalidate(tenantId);
    const built = await this.#loadZones(zones);
    if (tenantId) {
      const old = this.#zonesById.get(tenantId);
      if (old) this.#zones.delete(old.tenant.code);
      this.#zonesById.delete(tenantId);
      for (const z of built) {
        this.#zones.set(z.tenant.code, z);
        this.#zonesById.set(z.tenant.id, z);
      }
      return;
    }
    this.#zones = new Map(built.map((z) => [z.tenant.code, z]));
    this.#zonesById.clear();
    for (const z of built) this.#zonesById.set(z.tenant.id, z);
  }

  async #loadZones(zones: TenantInfo[]): Promise<ZoneDevices[]> {
    if (!zones.length) return [];
    const ids = zones.map((z) => z.id);
    const marks = ids.map(() => '?').join(', ');
    const devices = (await this.#conn.execute(
      `SELECT id, tenant_id, code, type, status, enterprise_id, gateway_id, interval_seconds, credential_version, online
         FROM iot_devices WHERE tenant_id IN (${marks})`,
      ids,
    )) as Array<{
      id: string;
      tenant_id: string;
      code: string;
      type: IotDeviceType;
      status: 'enabled' | 'disabled';
      enterprise_id: string | null;
      gateway_id: string | null;
      interval_seconds: number;
      credential_version: number;
      online: number | boolean;
    }>;
    const rules = (await this.#conn.execute(
      `SELECT tenant_id, scope, device_type, device_id, version, rules FROM iot_rules WHERE tenant_id IN (${marks}) AND active = 1`,
      ids,
    )) as Array<{
      tenant_id: string;
      scope: 'type' | 'device';
      device_type: string | null;
      device_id: string | null;
      version: number;
      rules: unknown;
    }>;
    const parse = (r: unknown): AlarmRuleSet | null => {
      const v = typeof r === 'string' ? (JSON.parse(r) as unknown) : r;
      return v && typeof v === 'object' && Array.isArray((v as AlarmRuleSet).conditions) ? (v as AlarmRuleSet) : null;
    };
    type Versioned = { set: AlarmRuleSet; version: number };
    const byType = new Map<string, Versioned>();
    const byDevice = new Map<string, Versioned>();
    for (const r of rules) {
      const set = parse(r.rules);
      if (!set) continue;
      const v = { set, version: Number(r.version) };
      if (r.scope === 'device' && r.device_id) byDevice.set(r.device_id, v);
      if (r.scope === 'type' && r.device_type) byType.set(`${r.tenant_id}|${r.device_type}`, v);
    }
    const out = new Map<string, ZoneDevices>(zones.map((t) => [t.id, { tenant: t, byCode: new Map(), byId: new Map() }]));
    for (const d of devices) {
      const z = out.get(d.tenant_id);
      if (!z || !UUID.test(d.id) || !UUID.test(d.tenant_id) || !(d.type in IOT_DEVICE_TYPE_SPECS)) continue;
      const effective = byDevice.get(d.id) ?? byType.get(`${d.tenant_id}|${d.type}`);
      const cached: CachedDevice = {
        id: d.id,
        tenantId: d.tenant_id,
        code: d.code,
        type: d.type,
        status: d.status,
        enterpriseId: d.enterprise_id,
        gatewayId: d.gateway_id,
        intervalSeconds: Number(d.interval_seconds),
        credentialVersion: Number(d.credential_version),
        secret: deviceSecret(this.#key, d.tenant_id, d.id, Number(d.credential_version)),
        online: Boolean(Number(d.online)),
        quantities: new Set(IOT_DEVICE_TYPE_SPECS[d.type].quantities),
        rules: effective?.set ?? DEFAULT_ALARM_RULES[d.type],
        ruleVersion: effective?.version ?? null,
      };
      z.byCode.set(d.code, cached);
      z.byId.set(d.id, cached);
    }
    return [...out.values()];
  }

  /** The zone of a code; an unknown one triggers a (rate-limited) reload in case the zone is new. */
  #zone(code: string): ZoneDevices | undefined {
    const z = this.#zones.get(code);
    if (!z && this.#opts.now() - this.#lastZoneReload > 10_000) {
      this.#lastZoneReload = this.#opts.now();
      void this.reload().catch(() => undefined);
    }
    return z;
  }

  /** A device of a zone by code; an unknown one triggers a (rate-limited) reload of that zone. */
  #device(z: ZoneDevices, code: string): CachedDevice | undefined {
    const d = z.byCode.get(code);
    if (!d) {
      const last = this.#lastZoneDeviceReload.get(z.tenant.id) ?? 0;
      if (this.#opts.now() - last > 10_000) {
        this.#lastZoneDeviceReload.set(z.tenant.id, this.#opts.now());
        void this.reload(z.tenant.id).catch(() => undefined);
      }
    }
    return d;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Intake

  /**
   * Counts `n` rejected readings (tenant null: unknown zone, memory only) on the day of the zone's calendar (its
   * time zone; `timeZone` for a zone the cache does not hold, default Asia/Shanghai).
   */
  reject(tenantId: string | null, source: IotIngestSource, reason: IotRejectReason, n = 1, timeZone?: string): void {
    this.counters.byReason.set(reason, (this.counters.byReason.get(reason) ?? 0) + n);
    if (!tenantId) return;
    const tz = this.#zonesById.get(tenantId)?.tenant.timeZone ?? timeZone ?? 'Asia/Shanghai';
    const k = `${tenantId}|${localDate(new Date(this.#opts.now()), tz)}|${source}|${reason}`;
    this.#rejections.set(k, (this.#rejections.get(k) ?? 0) + n);
  }

  /** Takes one message of a sending device from its arrival bucket; false: the message is a flood. */
  #messageAllowed(deviceId: string, now: number): boolean {
    let bucket = this.#buckets.get(deviceId);
    if (!bucket)
      this.#buckets.set(deviceId, (bucket = new TokenBucket(this.#opts.messagesPerSecond, this.#opts.messageBurst, now)));
    return bucket.take(now);
  }

  /**
   * One MQTT message: topic `yuanan/{zoneCode}/{deviceCode}/up`, payload `{"ts","v","sig"}` or `{"r":[…],"sig"}`
   * (sig last, see device-auth.ts). Never throws: anything wrong is counted.
   */
  handleMessage(topic: string, payload: Buffer | string): void {
    try {
      this.#handleMessage(topic, typeof payload === 'string' ? payload : payload.toString('utf8'));
    } catch (e) {
      this.#c.logger.warn({ err: e, topic }, 'iot ingest: message handling failed');
      this.reject(null, 'mqtt', 'malformed');
    }
  }

  #handleMessage(topic: string, raw: string): void {
    const parts = topic.split('/');
    if (parts.length !== 4 || parts[3] !== 'up' || !parts[1] || !parts[2]) return this.reject(null, 'mqtt', 'malformed');
    const zone = this.#zone(parts[1].toLowerCase());
    if (!zone) return this.reject(null, 'mqtt', 'unknown_zone');
    const tid = zone.tenant.id;
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return this.reject(tid, 'mqtt', 'malformed');
    }
    if (!body || typeof body !== 'object' || Array.isArray(body)) return this.reject(tid, 'mqtt', 'malformed');
    const device = this.#device(zone, parts[2]);
    if (!device) return this.reject(tid, 'mqtt', 'unknown_device');
    const signed = splitSignature(raw);
    if (!signed || !sameSecret(signatureOf(device.secret, topic, signed.canonical), signed.sig))
      return this.reject(tid, 'mqtt', 'bad_signature');
    if (device.status !== 'enabled') return this.reject(tid, 'mqtt', 'disabled_device');
    const b = body as { r?: unknown; ts?: unknown; v?: unknown };
    let entries: unknown[];
    if (b.r !== undefined) {
      if (!Array.isArray(b.r) || b.r.length === 0 || b.r.length > IOT_INGEST_LIMITS.mqttBatchMax)
        return this.reject(tid, 'mqtt', 'malformed');
      entries = b.r;
    } else entries = [b];
    const now = this.#opts.now();
    // Arrival limit on messages (not readings): a device sending messages faster than 20/s (burst 100) is cut.
    if (!this.#messageAllowed(device.id, now)) return this.reject(tid, 'mqtt', 'flood', entries.length);
    for (const e of entries) {
      const r = this.#validate(device, e, now);
      if (typeof r === 'string') this.reject(tid, 'mqtt', r);
      else this.#enqueue({ ...r, source: 'mqtt' });
    }
  }

  /**
   * Authenticates an HTTP batch's sender: Basic `zoneCode/deviceCode:secret` (the device's current secret).
   * A disabled sender is refused too. Call {@link recheck} first for an up-to-date status.
   */
  authenticate(zoneCode: string, deviceCode: string, secret: string): HttpAuthResult {
    const zone = this.#zone(zoneCode.toLowerCase());
    if (!zone) return { ok: false, reason: 'unknown_zone' };
    const device = this.#device(zone, deviceCode);
    if (!device) return { ok: false, reason: 'unknown_device' };
    if (!sameSecret(device.secret, secret)) return { ok: false, reason: 'bad_signature' };
    if (device.status !== 'enabled') return { ok: false, reason: 'disabled_device' };
    return { ok: true, zone, device };
  }

  /**
   * Re-reads from the database the status, gateway and credential version of the sender and the devices of an HTTP
   * batch (one indexed query per batch) and updates the cache with them, so a device disabled (or a secret rotated)
   * a moment ago is refused by the very next batch — the pub/sub refresh alone may arrive a few milliseconds after
   * the change was answered. A device the cache does not know yet (registered a moment ago) reloads the zone.
   */
  async recheck(zoneCode: string, codes: string[]): Promise<void> {
    const zone = this.#zones.get(zoneCode.toLowerCase());
    const wanted = [...new Set(codes.filter((x) => typeof x === 'string' && x.length > 0 && x.length <= 40))];
    if (!zone || !wanted.length) return;
    const found = (await this.#conn.execute(
      `SELECT id, code, status, gateway_id, credential_version FROM iot_devices
        WHERE tenant_id = ? AND code IN (${wanted.map(() => '?').join(', ')})`,
      [zone.tenant.id, ...wanted],
    )) as Array<{
      id: string;
      code: string;
      status: 'enabled' | 'disabled';
      gateway_id: string | null;
      credential_version: number;
    }>;
    let unknown = false;
    for (const r of found) {
      const d = zone.byCode.get(r.code);
      if (!d || d.id !== r.id) {
        unknown = true;
        continue;
      }
      d.status = r.status;
      d.gatewayId = r.gateway_id;
      if (Number(r.credential_version) !== d.credentialVersion) {
        d.credentialVersion = Number(r.credential_version);
        d.secret = deviceSecret(this.#key, d.tenantId, d.id, d.credentialVersion);
      }
    }
    // Gone from the database (deleted): drop from the cache.
    const present = new Set(found.map((r) => r.code));
    for (const code of wanted) if (!present.has(code)) zone.byCode.delete(code);
    if (unknown) await this.reload(zone.tenant.id);
  }

  /**
   * The zone of an API key's batch (issue 14 §3: a key with `iot.readings.write` reports for any device of its
   * zone), loaded into the cache when absent; null when it is not an active zone.
   */
  async zoneById(tenantId: string): Promise<ZoneDevices | null> {
    if (!this.#zonesById.has(tenantId)) await this.reload(tenantId);
    return this.#zonesById.get(tenantId) ?? null;
  }

  /**
   * An HTTP batch from an authenticated sender: each reading `{ device, ts, v }` is checked on its own (a gateway
   * may report itself and the devices whose gateway it is; any other device is `wrong_topic`); resolves after the
   * accepted ones are stored, with the per-reading report (rejected ones only, plus counts).
   */
  async ingestBatch(
    auth: { zone: ZoneDevices; device: CachedDevice | null; senderId?: string },
    readings: unknown[],
  ): Promise<IotIngestReport> {
    const tid = auth.zone.tenant.id;
    const now = this.#opts.now();
    const results: IotIngestReport['results'] = [];
    const waits: Array<Promise<void>> = [];
    let accepted = 0;
    // Arrival limit on messages: a batch is one message of its sender (a device, or an API key: `senderId`).
    if (!this.#messageAllowed(auth.device?.id ?? auth.senderId ?? 'api-key', now)) {
      this.reject(tid, 'http', 'flood', readings.length);
      return {
        accepted: 0,
        rejected: readings.length,
        results: readings.map((_, index) => ({ index, status: 'rejected' as const, reason: 'flood' as const })),
      };
    }
    readings.forEach((raw, index) => {
      const rejected = (reason: IotRejectReason) => {
        this.reject(tid, 'http', reason);
        results.push({ index, status: 'rejected', reason });
      };
      const code = raw && typeof raw === 'object' ? (raw as { device?: unknown }).device : undefined;
      if (typeof code !== 'string' || !code) return rejected('malformed');
      const device = this.#device(auth.zone, code);
      if (!device) return rejected('unknown_device');
      // A device sends for itself and the devices behind it (gateway); an API key (no device) for any device of its zone.
      if (auth.device && device.id !== auth.device.id && device.gatewayId !== auth.device.id) return rejected('wrong_topic');
      if (device.status !== 'enabled') return rejected('disabled_device');
      const r = this.#validate(device, raw, now, true);
      if (typeof r === 'string') return rejected(r);
      waits.push(
        new Promise<void>((resolve, reject) => {
          this.#enqueue({
            ...r,
            source: 'http',
            done: (o) => {
              if (o instanceof Error) reject(o);
              else if (o === 'duplicate') results.push({ index, status: 'rejected', reason: 'duplicate' });
              else accepted++;
              resolve();
            },
          });
        }),
      );
    });
    await Promise.all(waits);
    results.sort((a, b) => a.index - b.index);
    return { accepted, rejected: readings.length - accepted, results };
  }

  /** Checks one reading of a known, enabled device; returns the pending reading or the reason to reject it. */
  #validate(
    device: CachedDevice,
    raw: unknown,
    now: number,
    http = false,
  ): Omit<PendingReading, 'source' | 'done'> | IotRejectReason {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return 'malformed';
    const e = raw as Record<string, unknown>;
    for (const k of Object.keys(e)) if (k !== 'ts' && k !== 'v' && k !== (http ? 'device' : 'sig')) return 'malformed';
    let ts: number;
    if (typeof e.ts === 'number' && Number.isInteger(e.ts) && e.ts >= 0) ts = e.ts;
    else if (typeof e.ts === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})$/.test(e.ts))
      ts = Date.parse(e.ts);
    else return 'malformed';
    if (!Number.isFinite(ts)) return 'malformed';
    if (!e.v || typeof e.v !== 'object' || Array.isArray(e.v)) return 'malformed';
    const values: Array<[string, number]> = [];
    for (const [q, v] of Object.entries(e.v as Record<string, unknown>)) {
      if (!device.quantities.has(q)) return 'unknown_quantity';
      // A string ("12"), null, an object… is not a reading of the quantity at all: malformed. A number outside the
      // plausible range (or 1e999, which JSON makes Infinity) is an absurd value.
      if (typeof v !== 'number') return 'malformed';
      if (!Number.isFinite(v)) return 'absurd_value';
      const spec = IOT_QUANTITY_SPECS[q as IotQuantity];
      if (v < spec.min || v > spec.max) return 'absurd_value';
      values.push([q, v]);
    }
    if (ts > now + IOT_INGEST_LIMITS.futureMs) return 'future';
    if (ts < now - IOT_INGEST_LIMITS.tooOldMs) return 'too_old';
    // Duplicates: a ts seen recently is one for sure; a ts newer than every one seen is new for sure; anything else
    // (older, or the first since start) is checked against the store at the flush.
    let dup = values.length > 0;
    let uncertain = false;
    for (const [q] of values) {
      const k = `${device.id}:${q}`;
      const seen = this.#seen.get(k);
      if (seen?.recent.has(ts)) continue;
      dup = false;
      if (!seen || ts <= seen.max) uncertain = true;
    }
    if (dup) return 'duplicate';
    // Flood by the readings' own timestamps: more than readingsPerSecond of this device within one second of ts.
    let window = this.#windows.get(device.id);
    if (!window) this.#windows.set(device.id, (window = new TsWindow(this.#opts.readingsPerSecond)));
    if (!window.take(ts)) return 'flood';
    for (const [q] of values) {
      const k = `${device.id}:${q}`;
      let seen = this.#seen.get(k);
      if (!seen) this.#seen.set(k, (seen = { max: ts, recent: new Set(), order: [] }));
      if (seen.recent.has(ts)) continue;
      seen.max = Math.max(seen.max, ts);
      seen.recent.add(ts);
      seen.order.push(ts);
      if (seen.order.length > RECENT_TS) seen.recent.delete(seen.order.shift()!);
    }
    return { device, ts, values, uncertain };
  }

  #enqueue(p: PendingReading): void {
    this.#buffer.push(p);
    this.#bufferRows += Math.max(1, p.values.length);
    if (this.#bufferRows >= this.#opts.flushRows && !this.#flushing) void this.flush().catch(() => undefined);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Flush

  /** Flushes everything buffered now (and whatever arrives while it runs), one batch at a time. */
  async flush(): Promise<void> {
    if (this.#flushing) return this.#flushing;
    if (!this.#buffer.length) return;
    this.#flushing = (async () => {
      try {
        while (this.#buffer.length) {
          // Take the whole buffer (new readings go to a fresh one) and store it in batches of ≤ flushRows rows
          // (no Array#shift: on a backlog of 100k readings that is quadratic).
          const all = this.#buffer;
          this.#buffer = [];
          for (let i = 0; i < all.length;) {
            const take: PendingReading[] = [];
            let rows = 0;
            while (i < all.length && rows < this.#opts.flushRows) {
              const p = all[i++]!;
              rows += Math.max(1, p.values.length);
              take.push(p);
            }
            this.#bufferRows -= rows;
            await this.#flushBatch(take);
          }
        }
      } finally {
        this.#flushing = null;
      }
    })();
    return this.#flushing;
  }

  async #flushBatch(batch: PendingReading[]): Promise<void> {
    const now = this.#opts.now();
    this.counters.flushes++;
    // 1. Readings that may repeat stored ones: ask the store which values it has.
    const uncertainRows: ReadingRow[] = [];
    for (const p of batch)
      if (p.uncertain)
        for (const [q, v] of p.values)
          uncertainRows.push({ tenantId: p.device.tenantId, deviceId: p.device.id, quantity: q, ts: p.ts, value: v });
    const accepted: PendingReading[] = [];
    try {
      const stored = uncertainRows.length ? await storedKeys(this.#conn, uncertainRows) : new Set<string>();
      for (const p of batch) {
        if (p.uncertain && p.values.length) {
          const fresh = p.values.filter(([q]) => !stored.has(readingKey({ deviceId: p.device.id, quantity: q, ts: p.ts })));
          if (!fresh.length) {
            this.reject(p.device.tenantId, p.source, 'duplicate');
            p.done?.('duplicate');
            continue;
          }
          p.values = fresh;
        }
        accepted.push(p);
      }
      // 2. Store: one multi-row INSERT IGNORE per ≤ 2000 rows of one zone.
      const byTenant = new Map<string, ReadingRow[]>();
      for (const p of accepted)
        for (const [q, v] of p.values) {
          const list = byTenant.get(p.device.tenantId) ?? byTenant.set(p.device.tenantId, []).get(p.device.tenantId)!;
          list.push({ tenantId: p.device.tenantId, deviceId: p.device.id, quantity: q, ts: p.ts, value: v });
        }
      for (const [tenantId, rows] of byTenant) {
        const inserted = await insertReadings(this.#conn, rows);
        // Rows another process stored meanwhile (two paths for one device): duplicates, counted.
        if (inserted < rows.length)
          this.reject(
            tenantId,
            accepted.find((p) => p.device.tenantId === tenantId)!.source,
            'duplicate',
            rows.length - inserted,
          );
        this.counters.acceptedRows += inserted;
      }
    } catch (e) {
      this.counters.flushErrors++;
      this.#c.logger.error({ err: e, readings: batch.length }, 'iot ingest: storing readings failed');
      for (const p of batch) p.done?.(e instanceof Error ? e : new Error(String(e)));
      // MQTT readings go back to the buffer (up to a bound) to be tried again; HTTP senders were told and resend.
      const retry = batch.filter((p) => !p.done);
      if (this.#bufferRows < 200_000) {
        this.#buffer.unshift(...retry);
        this.#bufferRows += retry.reduce((n, p) => n + Math.max(1, p.values.length), 0);
      }
      await new Promise((r) => setTimeout(r, 500));
      return;
    }
    this.counters.accepted += accepted.length;
    for (const p of accepted)
      this.counters.acceptedByTenant.set(p.device.tenantId, (this.counters.acceptedByTenant.get(p.device.tenantId) ?? 0) + 1);
    for (const p of accepted) p.done?.('accepted');
    // 3. Rules, alarms, latest values, pushes, last seen — per zone, in batch order, while the next batch is being
    // inserted (at most a few batches behind: beyond that the next insert waits).
    const byZone = new Map<string, PendingReading[]>();
    for (const p of accepted)
      (byZone.get(p.device.tenantId) ?? byZone.set(p.device.tenantId, []).get(p.device.tenantId)!).push(p);
    this.#afterPending++;
    this.#after = this.#after.then(async () => {
      try {
        for (const [tenantId, list] of byZone) {
          const zone = this.#zonesById.get(tenantId);
          if (!zone) continue;
          await this.#afterStore(zone.tenant, list, now).catch((e: unknown) =>
            this.#c.logger.error({ err: e, tenantId }, 'iot ingest: rules/latest after store failed'),
          );
        }
      } finally {
        this.#afterPending--;
      }
    });
    if (this.#afterPending > 3) await this.#after;
  }

  /** Flushes the buffer and waits until the rules, alarms and latest values of everything flushed are done. */
  async drain(): Promise<void> {
    await this.flush();
    await this.#after;
  }

  async #afterStore(tenant: TenantInfo, list: PendingReading[], now: number): Promise<void> {
    const redis = this.#c.redis;
    list.sort((a, b) => a.ts - b.ts);
    // Condition states not in memory (first sight since start): read back what was written behind; a condition with
    // nothing stored starts from the device's active alarms in the database (below).
    const missing = new Set<string>();
    for (const p of list)
      for (const c of p.device.rules.conditions) {
        const k = `${p.device.id}:${c.quantity}`;
        if (!this.#states.has(k) && p.values.some(([q]) => q === c.quantity)) missing.add(k);
      }
    if (missing.size) {
      const fields = [...missing];
      const got = await redis.hmget(ruleStateKey(tenant.id), ...fields).catch((e: unknown) => {
        this.#c.logger.warn({ err: e }, 'iot ingest: rule state read failed (starting fresh)');
        return fields.map(() => null);
      });
      const none: string[] = [];
      fields.forEach((f, i) => {
        let s: ConditionState | null;
        try {
          s = got[i] ? (JSON.parse(got[i]) as ConditionState) : null;
        } catch {
          s = null;
        }
        if (s) this.#states.set(f, s);
        else none.push(f);
      });
      const seeded = none.length ? await this.#statesFromAlarms(tenant.id, none) : new Map<string, ConditionState>();
      for (const f of none) this.#states.set(f, seeded.get(f) ?? initialConditionState());
    }
    const events: IngestRuleEvent[] = [];
    const changed = new Map<string, ConditionState>();
    const backOnline: string[] = [];
    const latest = new Map<string, LatestValues>();
    for (const p of list) {
      const d = p.device;
      for (const c of d.rules.conditions) {
        const value = p.values.find(([q]) => q === c.quantity)?.[1];
        if (value === undefined) continue;
        const k = `${d.id}:${c.quantity}`;
        const before = this.#states.get(k) ?? initialConditionState();
        const r = evaluateCondition(c, before, { ts: p.ts, value });
        this.#states.set(k, r.state);
        if (this.#worthWriting(k, before, r.state, now)) changed.set(k, r.state);
        for (const ev of r.events) events.push({ ...ev, deviceId: d.id, ruleVersion: d.ruleVersion });
      }
      if (!d.online) {
        d.online = true;
        backOnline.push(d.id);
        this.#lastSeenWritten.delete(d.id);
      }
      const prev = this.#latest.get(d.id);
      if (!prev || p.ts >= prev.ts) {
        const v = prev ? { ...prev.v } : {};
        for (const [q, val] of p.values) v[q] = val;
        const next = { ts: p.ts, v };
        this.#latest.set(d.id, next);
        latest.set(d.id, next);
      }
    }
    // Alarms: one call per zone per flush.
    if (events.length)
      await this.#sink.applyRuleEvents(tenant, events).catch((e: unknown) => {
        this.counters.sinkErrors++;
        this.#c.logger.error({ err: e, tenantId: tenant.id, events: events.length }, 'iot ingest: applying rule events failed');
      });
    if (backOnline.length)
      await this.#sink.clearOffline(tenant, backOnline).catch((e: unknown) => {
        this.counters.sinkErrors++;
        this.#c.logger.error({ err: e, tenantId: tenant.id }, 'iot ingest: clearing offline alarms failed');
      });
    // Latest values and rule state: one Redis pipeline.
    {
      const pipe = redis.pipeline();
      pipe.hincrby(acceptedKey(tenant.id), localDate(new Date(now), tenant.timeZone), list.length);
      if (latest.size) pipe.hset(latestKey(tenant.id), Object.fromEntries([...latest].map(([id, l]) => [id, JSON.stringify(l)])));
      if (changed.size)
        pipe.hset(ruleStateKey(tenant.id), Object.fromEntries([...changed].map(([k, s]) => [k, JSON.stringify(s)])));
      await pipe.exec().catch((e: unknown) => this.#c.logger.warn({ err: e }, 'iot ingest: redis write failed'));
    }
    // Live charts: iot.reading at most every pushEveryMs per device, to the office roles — and at most
    // pushesPerSecond per zone (the least recently pushed devices first), so a zone of thousands of detectors does
    // not turn the socket into a firehose no screen can draw.
    const budget = this.#pushBudget.get(tenant.id) ?? { tokens: this.#opts.pushesPerSecond, at: now };
    budget.tokens = Math.min(this.#opts.pushesPerSecond, budget.tokens + ((now - budget.at) / 1000) * this.#opts.pushesPerSecond);
    budget.at = now;
    this.#pushBudget.set(tenant.id, budget);
    const duePush = [...latest]
      .map(([deviceId, l]) => ({ deviceId, l, last: this.#lastPush.get(deviceId) ?? 0 }))
      .filter((x) => now - x.last >= this.#opts.pushEveryMs);
    if (duePush.length > budget.tokens) duePush.sort((a, b) => a.last - b.last);
    for (const { deviceId, l } of duePush.slice(0, Math.floor(budget.tokens))) {
      budget.tokens -= 1;
      this.#lastPush.set(deviceId, now);
      const push: IotReadingPush = { deviceId, ts: l.ts, v: l.v };
      this.#c.realtime.toRole(tenant.id, 'zone_admin', REALTIME_EVENTS.iotReading, push);
      this.#c.realtime.toRole(tenant.id, 'safety_officer', REALTIME_EVENTS.iotReading, push);
    }
    // last_seen_at / online: at most every lastSeenEveryMs per device, one UPDATE per zone.
    const due: string[] = [];
    for (const p of list) {
      const at = this.#lastSeenWritten.get(p.device.id);
      if (at === undefined || now - at >= this.#opts.lastSeenEveryMs) {
        this.#lastSeenWritten.set(p.device.id, now);
        due.push(p.device.id);
      }
    }
    if (due.length)
      await this.#conn.execute(
        `UPDATE iot_devices SET last_seen_at = ?, online = 1 WHERE tenant_id = ? AND id IN (${due.map(() => '?').join(', ')})`,
        [sqlTime(now), tenant.id, ...due],
        'run',
      );
  }

  /**
   * Condition states (`${deviceId}:${quantity}` fields with nothing stored — Redis lost, or alarms the rules never
   * raised, such as the demo's seeded ones) seeded from the devices' ACTIVE alarms in the database: a threshold alarm
   * → its level and peak, a rate-of-rise alarm → rising. Without that the condition starts at level 0, so normal
   * readings never clear the alarm; with it they clear it after the clear delay, as if the state had never been
   * lost. A field without an active alarm is left out (it starts fresh). A database error starts them fresh too.
   */
  async #statesFromAlarms(tenantId: string, fields: string[]): Promise<Map<string, ConditionState>> {
    const out = new Map<string, ConditionState>();
    const deviceIds = [...new Set(fields.map((f) => f.slice(0, f.indexOf(':'))))];
    const want = new Set(fields);
    let rows: Array<{
      device_id: string;
      type: string;
      quantity: string | null;
      kind: string;
      level: number | null;
      peak_value: number | null;
    }>;
    try {
      rows = (await this.#conn.execute(
        `SELECT device_id, type, quantity, kind, level, peak_value FROM iot_alarms
          WHERE tenant_id = ? AND active_key IS NOT NULL AND kind IN ('threshold', 'rate_of_rise')
            AND device_id IN (${deviceIds.map(() => '?').join(', ')})`,
        [tenantId, ...deviceIds],
      )) as typeof rows;
    } catch (e) {
      this.#c.logger.warn({ err: e }, 'iot ingest: active alarms not read (conditions start fresh)');
      return out;
    }
    for (const r of rows) {
      // The alarm type is `${quantity}.${kind}`; the quantity column says the same.
      const f = `${r.device_id}:${r.quantity ?? r.type.split('.')[0]}`;
      if (!want.has(f)) continue;
      const s = out.get(f) ?? initialConditionState();
      if (r.kind === 'threshold') {
        s.level = (Number(r.level) === 2 ? 2 : 1) as AlarmLevel;
        s.peak = r.peak_value === null ? null : Number(r.peak_value);
      } else s.rising = true;
      out.set(f, s);
    }
    if (out.size)
      this.#c.logger.info({ tenantId, conditions: out.size }, 'iot ingest: condition state seeded from active alarms');
    return out;
  }

  /**
   * Whether a condition state goes to Redis in this flush: always when a timer, level or alarm flag changed (what a
   * restart must not lose), otherwise (only lastTs / window moved) at most every 10 s per condition.
   */
  #worthWriting(k: string, a: ConditionState, b: ConditionState, now: number): boolean {
    const timers =
      a.level !== b.level ||
      a.pendingLevel !== b.pendingLevel ||
      a.pendingSince !== b.pendingSince ||
      a.level1Since !== b.level1Since ||
      a.clearSince !== b.clearSince ||
      a.peak !== b.peak ||
      a.rising !== b.rising ||
      a.risingClearSince !== b.risingClearSince;
    const last = this.#stateWritten.get(k) ?? 0;
    if (!timers && now - last < 10_000) return false;
    this.#stateWritten.set(k, now);
    return true;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Counters

  /** Upserts the rejection counters gathered since the last write into iot_ingest_stats. */
  async writeStats(): Promise<void> {
    if (!this.#rejections.size) return;
    const take = this.#rejections;
    this.#rejections = new Map();
    const at = sqlTime(this.#opts.now());
    const rows = [...take].map(([k, n]) => {
      const [tenantId, day, source, reason] = k.split('|') as [string, string, string, string];
      return [uuidv7(), at, at, tenantId, day, source, reason, n];
    });
    try {
      await this.#conn.execute(
        `INSERT INTO iot_ingest_stats (id, created_at, updated_at, tenant_id, day, source, reason, count) VALUES ${rows
          .map(() => '(?, ?, ?, ?, ?, ?, ?, ?)')
          .join(', ')} ON DUPLICATE KEY UPDATE count = count + VALUES(count), updated_at = VALUES(updated_at)`,
        rows.flat(),
        'run',
      );
    } catch (e) {
      // Put them back: the next write tries again.
      for (const [k, n] of take) this.#rejections.set(k, (this.#rejections.get(k) ?? 0) + n);
      throw e;
    }
  }

  /** Readings waiting for the next flush (rows). */
  get pendingRows(): number {
    return this.#bufferRows;
  }

  /** The condition state the pipeline holds for a device's quantity (tests, diagnostics). */
  conditionState(deviceId: string, quantity: string): ConditionState | undefined {
    return this.#states.get(`${deviceId}:${quantity}`);
  }
}

/**
 * The api process's pipeline for `POST /iot/ingest`, started on the first batch (so the worker and other processes
 * that build the services do not load a device cache or subscribe), stopped — flushed — with the container.
 */
export function lazyPipeline(c: Container, sink: AlarmSink): { get: () => Promise<IngestPipeline>; stop: () => Promise<void> } {
  let started: Promise<IngestPipeline> | null = null;
  return {
    get: () =>
      (started ??= (async () => {
        const p = new IngestPipeline(c, { sink });
        await p.start();
        return p;
      })().catch((e: unknown) => {
        started = null;
        throw e;
      })),
    stop: async () => {
      const p = started ? await started.catch(() => null) : null;
      started = null;
      await p?.stop();
    },
  };
}
