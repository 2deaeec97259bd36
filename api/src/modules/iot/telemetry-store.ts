import { tenantKey, type Redis } from '../../core/redis/redis.ts';

/**
 * The raw telemetry table `iot_readings` (design §3) — not an entity, plain SQL only (MariaDB 10.11, MySQL 8):
 * `(tenant_id, device_id, quantity, ts datetime(3), value double)`, primary key (tenant_id, device_id, quantity, ts),
 * `PARTITION BY RANGE COLUMNS(ts)` in daily UTC partitions `pYYYYMMDD` (rows of that day) plus `pmax`.
 *
 * Writes are multi-row `INSERT IGNORE` statements (the primary key is the duplicate check: affected rows tell how
 * many were new). Retention: partitions are added ahead (`REORGANIZE PARTITION pmax`), whole days older than the
 * longest retention of any zone are dropped (`DROP PARTITION`, instant), and a zone with a shorter retention is
 * deleted in batches of 5,000 rows with short pauses — never a row-by-row or one-statement delete of a big table.
 */

/** The table. */
export const READINGS_TABLE = 'iot_readings';
/** Most rows in one INSERT statement (design §4: one multi-row INSERT IGNORE per ≤ 2000 rows). */
export const INSERT_CHUNK = 2000;
/** Rows per retention DELETE statement. */
export const DELETE_BATCH = 5000;
/** Days of partitions kept ahead of today. */
export const PARTITION_DAYS_AHEAD = 7;
const DAY_MS = 86_400_000;

/** The part of MikroORM's connection the store needs (`em.getConnection()`). */
export interface SqlConnection {
  execute(sql: string, params?: readonly unknown[], method?: 'all' | 'get' | 'run'): Promise<unknown>;
}

/** One stored value: a device's quantity at ts (epoch ms) — one row of iot_readings. */
export interface ReadingRow {
  tenantId: string;
  deviceId: string;
  quantity: string;
  ts: number;
  value: number;
}

const SAFE_ID = /^[0-9a-zA-Z-]{1,36}$/;
const SAFE_QUANTITY = /^[a-z0-9_]{1,20}$/;

/** `2026-12-04 13:05:09.123` (UTC) for a datetime(3) column. */
export function sqlTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 23).replace('T', ' ');
}

/** The duplicate key of a row: `${deviceId}|${quantity}|${ts}`. */
export function readingKey(r: Pick<ReadingRow, 'deviceId' | 'quantity' | 'ts'>): string {
  return `${r.deviceId}|${r.quantity}|${r.ts}`;
}

/**
 * A row as an SQL tuple, written out (no placeholders: formatting ~10k parameters per statement costs more than the
 * insert). Safe because every part is checked: ids and quantity by pattern, ts and value finite numbers.
 */
function tuple(r: ReadingRow): string {
  if (!SAFE_ID.test(r.tenantId) || !SAFE_ID.test(r.deviceId) || !SAFE_QUANTITY.test(r.quantity))
    throw new Error(`iot_readings: unsafe row ${JSON.stringify(r)}`);
  if (!Number.isFinite(r.ts) || !Number.isFinite(r.value)) throw new Error('iot_readings: ts and value must be finite');
  return `('${r.tenantId}','${r.deviceId}','${r.quantity}','${sqlTime(r.ts)}',${String(r.value)})`;
}

/**
 * Inserts rows with multi-row `INSERT IGNORE` statements of ≤ `chunk` rows; returns how many were new (the rest
 * were duplicates of rows already stored: same tenant, device, quantity and ts).
 */
export async function insertReadings(conn: SqlConnection, rows: ReadingRow[], chunk = INSERT_CHUNK): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < rows.length; i += chunk) {
    const part = rows.slice(i, i + chunk);
    const r = (await conn.execute(
      `INSERT IGNORE INTO ${READINGS_TABLE} (tenant_id, device_id, quantity, ts, value) VALUES ${part.map(tuple).join(',')}`,
      [],
      'run',
    )) as { affectedRows?: number };
    inserted += r.affectedRows ?? 0;
  }
  return inserted;
}

/**
 * Which of `rows` are already stored (their readingKey). For readings the pipeline cannot tell new from repeated
 * by memory (older than the last one it saw of that device and quantity), so the per-reading report is exact.
 */
export async function storedKeys(conn: SqlConnection, rows: ReadingRow[], chunk = 500): Promise<Set<string>> {
  const out = new Set<string>();
  const byTenant = new Map<string, ReadingRow[]>();
  for (const r of rows) (byTenant.get(r.tenantId) ?? byTenant.set(r.tenantId, []).get(r.tenantId)!).push(r);
  for (const [tenantId, list] of byTenant) {
    for (let i = 0; i < list.length; i += chunk) {
      const part = list.slice(i, i + chunk);
      const found = (await conn.execute(
        `SELECT device_id, quantity, ts FROM ${READINGS_TABLE} WHERE tenant_id = ? AND (device_id, quantity, ts) IN (${part
          .map(() => '(?, ?, ?)')
          .join(', ')})`,
        [tenantId, ...part.flatMap((r) => [r.deviceId, r.quantity, sqlTime(r.ts)])],
      )) as Array<{ device_id: string; quantity: string; ts: Date | string }>;
      for (const f of found) {
        const ms = f.ts instanceof Date ? f.ts.getTime() : Date.parse(`${String(f.ts).replace(' ', 'T')}Z`);
        out.add(readingKey({ deviceId: f.device_id, quantity: f.quantity, ts: ms }));
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Partitions

/** A partition of iot_readings: its name and upper bound (rows with ts < lessThan; null for MAXVALUE). */
export interface ReadingsPartition {
  name: string;
  /** Epoch ms of the bound (UTC midnight), or null for pmax. */
  lessThan: number | null;
  rows: number;
}

/** `p20261204`: the partition of the UTC day that starts at dayStartMs. */
export function partitionNameOf(dayStartMs: number): string {
  return `p${new Date(dayStartMs).toISOString().slice(0, 10).replace(/-/g, '')}`;
}

/** UTC midnight at or before ms. */
export function utcDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/** The partitions of iot_readings in the current database, in order (approximate row counts). */
export async function listPartitions(conn: SqlConnection): Promise<ReadingsPartition[]> {
  const rows = (await conn.execute(
    `SELECT PARTITION_NAME AS name, PARTITION_DESCRIPTION AS bound, TABLE_ROWS AS n FROM information_schema.PARTITIONS
      WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND PARTITION_NAME IS NOT NULL ORDER BY PARTITION_ORDINAL_POSITION`,
    [READINGS_TABLE],
  )) as Array<{ name: string; bound: string; n: number | string | null }>;
  return rows.map((r) => {
    const m = /(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}:\d{2}))?/.exec(String(r.bound));
    return {
      name: r.name,
      lessThan: m ? Date.parse(`${m[1]}T${m[2] ?? '00:00:00'}Z`) : null,
      rows: Number(r.n ?? 0),
    };
  });
}

/**
 * Makes sure daily partitions exist up to `daysAhead` days after nowMs's day, by splitting pmax (cheap while pmax
 * is empty, which it is when this runs daily). Returns the partitions created. Idempotent.
 */
export async function ensurePartitionsAhead(
  conn: SqlConnection,
  nowMs = Date.now(),
  daysAhead = PARTITION_DAYS_AHEAD,
): Promise<string[]> {
  const parts = await listPartitions(conn);
  const bounded = parts.filter((p) => p.lessThan !== null);
  const hasMax = parts.some((p) => p.lessThan === null);
  if (!hasMax) throw new Error('iot_readings has no pmax partition');
  const lastBound = bounded.length ? bounded[bounded.length - 1]!.lessThan! : utcDay(nowMs);
  const wantBound = utcDay(nowMs) + (daysAhead + 1) * DAY_MS;
  const clauses: string[] = [];
  const names: string[] = [];
  for (let start = lastBound; start < wantBound; start += DAY_MS) {
    names.push(partitionNameOf(start));
    clauses.push(`PARTITION ${partitionNameOf(start)} VALUES LESS THAN ('${sqlTime(start + DAY_MS).slice(0, 19)}')`);
  }
  if (!clauses.length) return [];
  await conn.execute(
    `ALTER TABLE ${READINGS_TABLE} REORGANIZE PARTITION pmax INTO (${clauses.join(', ')}, PARTITION pmax VALUES LESS THAN (MAXVALUE))`,
    [],
    'run',
  );
  return names;
}

/**
 * Drops every partition whose rows are all older than cutoffMs (its bound ≤ cutoffMs) — whole days, instant,
 * no row deletes. Always keeps at least one bounded partition before pmax (RANGE partitioning needs one to hold
 * older rows). Returns the partitions dropped.
 */
export async function dropPartitionsBefore(conn: SqlConnection, cutoffMs: number): Promise<string[]> {
  const parts = (await listPartitions(conn)).filter((p) => p.lessThan !== null);
  const old = parts.filter((p) => p.lessThan! <= cutoffMs);
  // Never drop them all: the first partition left receives anything older (and the table keeps a shape to grow).
  const drop = old.length === parts.length ? old.slice(0, -1) : old;
  if (!drop.length) return [];
  await conn.execute(`ALTER TABLE ${READINGS_TABLE} DROP PARTITION ${drop.map((p) => p.name).join(', ')}`, [], 'run');
  return drop.map((p) => p.name);
}

/**
 * Deletes one zone's readings older than cutoffMs in batches of `batch` rows with a pause between batches (other
 * writers keep going). Returns the rows deleted.
 */
export async function deleteZoneReadingsBefore(
  conn: SqlConnection,
  tenantId: string,
  cutoffMs: number,
  opts: { batch?: number; pauseMs?: number; maxBatches?: number } = {},
): Promise<number> {
  const batch = opts.batch ?? DELETE_BATCH;
  const pause = opts.pauseMs ?? 50;
  const max = opts.maxBatches ?? 100_000;
  let total = 0;
  for (let i = 0; i < max; i++) {
    const r = (await conn.execute(
      `DELETE FROM ${READINGS_TABLE} WHERE tenant_id = ? AND ts < ? LIMIT ${Number(batch)}`,
      [tenantId, sqlTime(cutoffMs)],
      'run',
    )) as { affectedRows?: number };
    const n = r.affectedRows ?? 0;
    total += n;
    if (n < batch) break;
    if (pause > 0) await new Promise((res) => setTimeout(res, pause));
  }
  return total;
}

// ---------------------------------------------------------------------------------------------------------------
// Redis: latest values and rule state (under the tenant's hash tag)

/** `t:{tenantId}:iot:latest` — hash deviceId → JSON `{ ts, v: { quantity: value } }` (the dashboards' latest values). */
export function latestKey(tenantId: string): string {
  return tenantKey(tenantId, 'iot', 'latest');
}

/** `t:{tenantId}:iot:rule-state` — hash `${deviceId}:${quantity}` → JSON ConditionState (written behind). */
export function ruleStateKey(tenantId: string): string {
  return tenantKey(tenantId, 'iot', 'rule-state');
}

/** `t:{tenantId}:iot:accepted` — hash day of the zone's calendar (YYYY-MM-DD) → readings accepted that day (both ingest paths). */
export function acceptedKey(tenantId: string): string {
  return tenantKey(tenantId, 'iot', 'accepted');
}

/** A device's latest values as kept in the latest hash. */
export interface LatestValues {
  ts: number;
  v: Record<string, number>;
}

// ---------------------------------------------------------------------------------------------------------------
// Redis: the MQTT ingest's heartbeat (global, under the deployment's prefix)

/**
 * `iot:ingest:heartbeat` (under the command client's `REDIS_PREFIX:`) — string JSON {@link IngestHeartbeat}, written
 * by the MQTT ingest process every {@link INGEST_HEARTBEAT_EVERY_MS} while it is connected to the broker and
 * subscribed. The offline sweep reads it: while no fresh heartbeat exists nothing is listening, so no device can be
 * judged offline; and a device is judged by the later of its last_seen_at and `startedAt`, so the ingest's own
 * downtime never counts as the devices' silence.
 */
export const INGEST_HEARTBEAT_KEY = 'iot:ingest:heartbeat';
/** How often the ingest writes its heartbeat (ms). */
export const INGEST_HEARTBEAT_EVERY_MS = 10_000;
/** A heartbeat older than this (three beats) is stale: the ingest is not listening (ms). */
export const INGEST_HEARTBEAT_FRESH_MS = 30_000;

/** The MQTT ingest's heartbeat: `startedAt` — epoch ms since when it has been listening (subscribed, without a break); `beatAt` — its last beat. */
export interface IngestHeartbeat {
  startedAt: number;
  beatAt: number;
}

/** Writes the heartbeat (expires after a minute, so a killed ingest leaves nothing behind for long). */
export async function writeIngestHeartbeat(redis: Redis, hb: IngestHeartbeat): Promise<void> {
  await redis.set(INGEST_HEARTBEAT_KEY, JSON.stringify(hb), 'PX', 60_000);
}

/** The heartbeat as written, or null when there is none (or it cannot be read / is not the expected shape). */
export async function readIngestHeartbeat(redis: Redis): Promise<IngestHeartbeat | null> {
  const raw = await redis.get(INGEST_HEARTBEAT_KEY).catch(() => null);
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as Partial<IngestHeartbeat>;
    return Number.isFinite(v.startedAt) && Number.isFinite(v.beatAt)
      ? { startedAt: Number(v.startedAt), beatAt: Number(v.beatAt) }
      : null;
  } catch {
    return null;
  }
}

/** Whether a heartbeat is fresh at `now` (the ingest is listening). */
export function heartbeatFresh(hb: IngestHeartbeat, now: number): boolean {
  return now - hb.beatAt <= INGEST_HEARTBEAT_FRESH_MS;
}
