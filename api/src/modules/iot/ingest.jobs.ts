import { DEFAULT_ALARM_RULES, IOT_DEVICE_TYPES, type AlarmRuleSet, type IotDeviceType } from '@yuanan/contracts';
import { isOffline } from '@yuanan/domain';
import type { Container } from '../../core/container.ts';
import type { JobHandler, ScheduleDef } from '../../core/queue/job-registry.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import type { Reconciler } from '../maintenance/maintenance.jobs.ts';
import { iotDevicesChangedChannel } from './device.service.ts';
import {
  deleteZoneReadingsBefore,
  dropPartitionsBefore,
  ensurePartitionsAhead,
  heartbeatFresh,
  latestKey,
  readIngestHeartbeat,
  utcDay,
  type SqlConnection,
} from './telemetry-store.ts';

export const IOT_OFFLINE_SWEEP_JOB = 'iot.offline-sweep';
export const IOT_RETENTION_JOB = 'iot.retention';
/** The offline sweep's period (design §4: every 30 s). */
export const IOT_OFFLINE_SWEEP_EVERY_MS = 30_000;
/** Default telemetry retention of a zone without the setting (days). */
export const DEFAULT_TELEMETRY_RETENTION_DAYS = 180;
const DAY_MS = 86_400_000;

/** What the offline sweep needs of the alarm service (helper C's AlarmService). */
export interface OfflineAlarms {
  raiseOffline(tenant: TenantInfo, deviceIds: string[], at?: Date): Promise<unknown>;
}

/** One zone's offline sweep result. */
export interface OfflineSweepResult {
  /** Devices found offline (enabled, silent longer than interval × offlineFactor). */
  offline: number;
  /** Offline alarms raised (devices that had no active one). */
  raised: number;
  /** Devices switched from online to offline. */
  wentOffline: number;
  /** True when the sweep judged nothing because the MQTT ingest has no fresh heartbeat (nothing is listening). */
  notListening?: boolean;
}

/** When the sweep first found no fresh ingest heartbeat (it logs once per such period), or null. */
let notListeningSince: number | null = null;

function effectiveRules(rows: Array<{ scope: string; device_type: string | null; device_id: string | null; rules: unknown }>) {
  const byType = new Map<string, AlarmRuleSet>();
  const byDevice = new Map<string, AlarmRuleSet>();
  for (const r of rows) {
    const set = (typeof r.rules === 'string' ? JSON.parse(r.rules) : r.rules) as AlarmRuleSet | null;
    if (!set || typeof set.offlineFactor !== 'number') continue;
    if (r.scope === 'device' && r.device_id) byDevice.set(r.device_id, set);
    if (r.scope === 'type' && r.device_type) byType.set(r.device_type, set);
  }
  return (id: string, type: IotDeviceType) => byDevice.get(id) ?? byType.get(type) ?? DEFAULT_ALARM_RULES[type];
}

/**
 * Offline sweep of one zone (design §4): enabled devices with no reading for more than interval × offlineFactor
 * (their effective rules' factor; "last reading" = the later of last_seen_at — written at most every 30 s — and the
 * latest value's ts in Redis, so a device reporting every 10 s is never seen late). A device that has never reported
 * (registered, not installed yet) is not swept — as `last_seen_at < now − …` says. Raises an `offline` alarm for
 * those without an active one (AlarmService.raiseOffline), sets online = false, and tells the ingest pipelines
 * (`iot.devices.changed`) so the next reading clears the alarm.
 *
 * The ingest's own downtime is not the devices' silence: the MQTT ingest keeps a heartbeat `{ startedAt, beatAt }`
 * in Redis (telemetry-store.ts). Without a fresh one nothing is listening, so nothing can be judged offline: the
 * sweep does nothing (and logs that once). With one, a device's silence counts from the later of its last reading
 * and `startedAt`, up to `beatAt` (what the ingest has actually listened through) — so a restarted ingest gives
 * every device its interval × factor again instead of raising a flood of offline alarms for its own pause.
 */
export async function sweepOffline(
  c: Container,
  t: TenantInfo,
  alarms: OfflineAlarms,
  now = Date.now(),
): Promise<OfflineSweepResult> {
  const hb = await readIngestHeartbeat(c.redis);
  if (!hb || !heartbeatFresh(hb, now)) {
    if (notListeningSince === null) {
      notListeningSince = now;
      c.logger.warn(
        { lastBeatAt: hb ? new Date(hb.beatAt).toISOString() : null },
        'iot offline sweep: the MQTT ingest is not running (no fresh heartbeat) — no device is judged offline until it is back',
      );
    }
    return { offline: 0, raised: 0, wentOffline: 0, notListening: true };
  }
  if (notListeningSince !== null) {
    c.logger.info({ since: new Date(hb.startedAt).toISOString() }, 'iot offline sweep: the MQTT ingest is listening again');
    notListeningSince = null;
  }
  // Judged at the last beat (what the ingest has listened through), silence counted from its start at the earliest.
  const judgeAt = Math.min(now, hb.beatAt);
  const heardFrom = (ms: number | null) => (ms === null ? null : Math.max(ms, hb.startedAt));
  const conn = c.orm.em.getConnection() as unknown as SqlConnection;
  const devices = (await conn.execute(
    `SELECT id, type, interval_seconds, online, last_seen_at, created_at FROM iot_devices
      WHERE tenant_id = ? AND status = 'enabled' AND last_seen_at IS NOT NULL`,
    [t.id],
  )) as Array<{
    id: string;
    type: IotDeviceType;
    interval_seconds: number;
    online: number | boolean;
    last_seen_at: Date | null;
    created_at: Date;
  }>;
  if (!devices.length) return { offline: 0, raised: 0, wentOffline: 0 };
  const ruleRows = (await conn.execute(
    `SELECT scope, device_type, device_id, rules FROM iot_rules WHERE tenant_id = ? AND active = 1`,
    [t.id],
  )) as Array<{ scope: string; device_type: string | null; device_id: string | null; rules: unknown }>;
  const rulesOf = effectiveRules(ruleRows);
  const ms = (d: Date | string | null) =>
    d === null ? null : d instanceof Date ? d.getTime() : Date.parse(`${d.replace(' ', 'T')}Z`);
  // Candidates by the database's view, then the Redis latest values of those only (a reading may be newer).
  const candidates = devices.filter((d) => {
    if (!IOT_DEVICE_TYPES.includes(d.type)) return false;
    const seen = heardFrom(ms(d.last_seen_at));
    return isOffline(seen, Number(d.interval_seconds), rulesOf(d.id, d.type).offlineFactor, judgeAt);
  });
  if (!candidates.length) return { offline: 0, raised: 0, wentOffline: 0 };
  const latest = await c.redis.hmget(latestKey(t.id), ...candidates.map((d) => d.id)).catch(() => candidates.map(() => null));
  const offline = candidates.filter((d, i) => {
    let ts: number | null;
    try {
      ts = latest[i] ? Number((JSON.parse(latest[i]) as { ts?: unknown }).ts) : null;
    } catch {
      ts = null;
    }
    if (ts === null || !Number.isFinite(ts)) return true;
    return isOffline(heardFrom(Math.min(ts, now)), Number(d.interval_seconds), rulesOf(d.id, d.type).offlineFactor, judgeAt);
  });
  if (!offline.length) return { offline: 0, raised: 0, wentOffline: 0 };
  const ids = offline.map((d) => d.id);
  const marks = ids.map(() => '?').join(', ');
  const active = (await conn.execute(
    `SELECT device_id FROM iot_alarms WHERE tenant_id = ? AND type = 'offline' AND active_key IS NOT NULL AND device_id IN (${marks})`,
    [t.id, ...ids],
  )) as Array<{ device_id: string }>;
  const hasActive = new Set(active.map((a) => a.device_id));
  const raise = ids.filter((id) => !hasActive.has(id));
  if (raise.length) await alarms.raiseOffline(t, raise, new Date(now));
  const wasOnline = offline.filter((d) => Boolean(Number(d.online))).map((d) => d.id);
  if (wasOnline.length) {
    await conn.execute(
      `UPDATE iot_devices SET online = 0 WHERE tenant_id = ? AND id IN (${wasOnline.map(() => '?').join(', ')})`,
      [t.id, ...wasOnline],
      'run',
    );
  }
  if (wasOnline.length || raise.length)
    await c.redis
      .publish(iotDevicesChangedChannel(c.config.REDIS_PREFIX), JSON.stringify({ tenantId: t.id }))
      .catch(() => undefined);
  return { offline: offline.length, raised: raise.length, wentOffline: wasOnline.length };
}

/** What the retention run did. */
export interface RetentionResult {
  partitionsCreated: string[];
  partitionsDropped: string[];
  /** Rows deleted in batches per zone code (zones with a retention shorter than the longest). */
  deleted: Record<string, number>;
  /** The longest retention of any zone (days): partitions older than that are dropped whole. */
  maxRetentionDays: number;
}

/**
 * Telemetry retention (design §3): keeps partitions 7 days ahead, drops whole daily partitions older than the
 * longest retention of any zone (`telemetryRetentionDays`, 30..1095, default 180 — 30 is the minimum for
 * major-hazard-source records), and deletes the readings of zones with a shorter retention in batches of 5,000
 * rows with pauses. `now` is injectable (tests).
 */
export async function runRetention(c: Container, opts: { now?: number; pauseMs?: number } = {}): Promise<RetentionResult> {
  const now = opts.now ?? Date.now();
  const conn = c.orm.em.getConnection() as unknown as SqlConnection;
  // Every zone, disabled ones too (their readings follow their setting).
  const zones = (await conn.execute(`SELECT id, code, settings FROM tenants WHERE kind = 'zone'`, [])) as Array<{
    id: string;
    code: string;
    settings: unknown;
  }>;
  const retentionOf = (s: unknown): number => {
    const o = (typeof s === 'string' ? JSON.parse(s) : s) as { telemetryRetentionDays?: unknown } | null;
    const d = Number(o?.telemetryRetentionDays);
    return Number.isInteger(d) && d >= 30 ? d : DEFAULT_TELEMETRY_RETENTION_DAYS;
  };
  const withDays = zones.map((z) => ({ ...z, days: retentionOf(z.settings) }));
  const maxDays = withDays.reduce((m, z) => Math.max(m, z.days), 0) || DEFAULT_TELEMETRY_RETENTION_DAYS;
  const partitionsCreated = await ensurePartitionsAhead(conn, now);
  const partitionsDropped = await dropPartitionsBefore(conn, utcDay(now) - maxDays * DAY_MS);
  const deleted: Record<string, number> = {};
  for (const z of withDays) {
    if (z.days >= maxDays) continue;
    const n = await deleteZoneReadingsBefore(conn, z.id, now - z.days * DAY_MS, { pauseMs: opts.pauseMs });
    if (n) deleted[z.code] = n;
  }
  if (partitionsDropped.length || Object.keys(deleted).length)
    c.logger.info({ partitionsDropped, deleted, maxDays }, 'iot retention: old readings removed');
  return { partitionsCreated, partitionsDropped, deleted, maxRetentionDays: maxDays };
}

/**
 * The ingest's jobs (worker): `iot.offline-sweep` every 30 s in every active zone, `iot.retention` daily at 03:30
 * (Asia/Shanghai), and a reconciler that keeps the partitions ahead when the worker starts or Redis came back
 * (the schedulers themselves are re-created by the worker).
 */
export function ingestJobs(
  c: Container,
  alarms: OfflineAlarms,
): { handlers: JobHandler[]; schedules: ScheduleDef[]; reconcilers: Reconciler[] } {
  return {
    handlers: [
      {
        name: IOT_OFFLINE_SWEEP_JOB,
        handle: async (p) => {
          const zone = p.tenantId ? await c.tenants.byId(p.tenantId) : null;
          if (p.tenantId && !zone) throw new Error(`unknown tenant ${String(p.tenantId)}`);
          const zones = zone ? [zone] : await c.tenants.active();
          const out: Record<string, OfflineSweepResult> = {};
          for (const t of zones)
            if (t.status === 'active' && t.kind === 'zone') {
              const r = await sweepOffline(c, t, alarms);
              if (r.offline) out[t.code] = r;
            }
          return out;
        },
      },
      { name: IOT_RETENTION_JOB, handle: async () => runRetention(c) },
    ],
    schedules: [
      { id: 'iot-offline-sweep', job: IOT_OFFLINE_SWEEP_JOB, every: IOT_OFFLINE_SWEEP_EVERY_MS },
      { id: 'iot-retention', job: IOT_RETENTION_JOB, pattern: '30 3 * * *', tz: 'Asia/Shanghai' },
    ],
    reconcilers: [
      {
        // Partition upkeep when the worker starts (and at most hourly after): the days ahead exist even if the daily
        // job has not run for a while. The table is shared by every zone, so once per round, not per zone.
        name: 'iot-partitions',
        run: async (cc) => {
          if (Date.now() - lastPartitionCheck < 3600_000) return 0;
          lastPartitionCheck = Date.now();
          return (await ensurePartitionsAhead(cc.orm.em.getConnection() as unknown as SqlConnection)).length;
        },
      },
    ],
  };
}
let lastPartitionCheck = 0;
