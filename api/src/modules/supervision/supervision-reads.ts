import type { Context } from 'koa';
import { auditActionLabel, type SupervisionRead as ReadDto, type SupervisionReadDay } from '@yuanan/contracts';
import { addDays, localDate, localDayRange } from '@yuanan/domain';
import { refusedSupervisor, type Authenticated } from '../../core/auth/authenticate.ts';
import type { Container } from '../../core/container.ts';
import { uuidv7 } from '../../core/db/ids.ts';
import { AppError, t } from '../../core/http/problem.ts';
import type { AnyRoute } from '../../core/http/route.ts';
import { API_PREFIX } from '../../core/http/router.ts';

/*
 * The audited cross-zone reads of city supervision (issue 14 §1): every request made with a supervisor's zone
 * token leaves one row in the zone's `supervision_reads`, and every city view one row per zone it covered. The row
 * is written before the response is sent; when it cannot be written the request fails with 503 (fail closed: no
 * unlogged read). Rows are bookkeeping written by plain INSERT, not audited one by one.
 */

/** One read to log. `zoneId` is the tenant of the row: the zone read. */
export interface ReadEntry {
  zoneId: string;
  bureauId: string;
  bureauName: string;
  grantId: string | null;
  userId: string;
  userName: string;
  operationId: string;
  method: string;
  /** Without the query string; cut to 255 characters. */
  path: string;
  resourceId: string | null;
  status: number;
  at?: Date;
}

/**
 * Inserts the rows in one statement. Throws 503 `supervision_log_unavailable` when the database refuses (the caller
 * must not answer the read). City views call it with one entry per zone covered, operation e.g. `supervision.overview`.
 */
export async function recordSupervisionReads(c: Container, entries: ReadEntry[]): Promise<void> {
  if (!entries.length) return;
  const now = new Date();
  const values: unknown[] = [];
  for (const e of entries) {
    const at = e.at ?? now;
    values.push(
      uuidv7(at.getTime()),
      now,
      now,
      e.zoneId,
      e.bureauId,
      e.grantId,
      e.userId,
      e.userName.slice(0, 64),
      e.bureauName.slice(0, 64),
      e.operationId.slice(0, 80),
      e.method.toUpperCase().slice(0, 8),
      e.path.split('?')[0]!.slice(0, 255),
      e.resourceId?.slice(0, 64) ?? null,
      e.status,
      at,
    );
  }
  const row = `(${new Array(15).fill('?').join(', ')})`;
  try {
    await c.orm.em.getConnection().execute(
      `INSERT INTO supervision_reads (id, created_at, updated_at, tenant_id, bureau_id, grant_id, user_id, user_name,
         bureau_name, operation_id, method, path, resource_id, status, at)
       VALUES ${entries.map(() => row).join(', ')}`,
      values,
    );
  } catch (err) {
    c.logger.error({ err, rows: entries.length }, 'supervision read log write failed');
    throw new AppError(
      503,
      'supervision_log_unavailable',
      t('查看记录写入失败，本次查看已拒绝', 'The read log could not be written; the read was refused'),
    );
  }
}

/**
 * What the console asks on every page for the supervisor's own session (who am I, the zone's vocabulary, saved views,
 * own notifications, signing out): not a read of the zone's records, and logging it buried the real reads in the
 * zone's 上级查看记录 (fresh tester, issue 14).
 */
export const SESSION_PLUMBING: ReadonlySet<string> = new Set([
  'me.get',
  'catalog.list',
  'savedViews.list',
  'notifications.list',
  'auth.logout',
  // Entering another zone from inside this one reads nothing of this zone's (and would name the other zone here).
  'supervision.enter',
]);

/**
 * Runs a route and, when the caller read with a supervisor's zone token (the router marks `ctx.state.supervised`),
 * logs the request with its final status — success or refusal — before Koa sends the answer (session plumbing
 * excepted: SESSION_PLUMBING). A failed log write
 * turns the answer into 503.
 */
export async function withSupervisionLog(c: Container, r: AnyRoute, ctx: Context, run: () => Promise<void>): Promise<void> {
  let failure: unknown = null;
  try {
    await run();
  } catch (e) {
    failure = e;
  }
  // A request refused because the grant ended is logged too (the zone sees the attempt).
  const auth = (ctx.state.supervised as Authenticated | undefined) ?? refusedSupervisor(failure);
  if (auth?.claims.sup && !SESSION_PLUMBING.has(r.operationId)) {
    const status = failure ? statusOf(failure) : ctx.status;
    const params = (ctx.params ?? {}) as Record<string, string | undefined>;
    // A 404 asked for an id that is not this zone's (another zone's record, or none): the zone's log keeps the
    // route, not the id, which would tell the zone something of another's.
    const notHere = status === 404;
    await recordSupervisionReads(c, [
      {
        zoneId: auth.tenant.id,
        bureauId: auth.claims.sup.stid,
        bureauName: auth.claims.sup.bname,
        grantId: auth.claims.sup.gid,
        userId: auth.actor.userId,
        userName: auth.actor.name,
        operationId: r.operationId,
        method: r.method,
        path: notHere ? `${API_PREFIX}${r.path}` : ctx.path,
        resourceId: notHere ? null : (params.id ?? null),
        status,
      },
    ]);
  }
  if (failure) throw failure;
}

function statusOf(e: unknown): number {
  const s = (e as { status?: unknown }).status;
  return typeof s === 'number' && s >= 100 && s < 600 ? s : 500;
}

/** A date range in `timeZone` ([from 00:00, to+1 00:00) as UTC instants); default the last 30 days. */
export function readRange(q: { from?: string; to?: string }, timeZone: string): { from: Date; to: Date; offsetMin: number } {
  const today = localDate(new Date(), timeZone);
  const toDate = q.to ?? today;
  const fromDate = q.from ?? addDays(toDate, -29);
  if (fromDate > toDate) {
    const message = t('开始日期不能晚于结束日期', 'The start date is after the end date');
    throw new AppError(400, 'validation_failed', message, { errors: [{ path: 'from', code: 'invalid', message }] });
  }
  const start = localDayRange(fromDate, timeZone).start;
  const end = localDayRange(toDate, timeZone).end;
  // The zone's offset from UTC at the range's start, to cut days in SQL (zones of China keep one offset all year).
  const offsetMin = Math.round((Date.parse(`${fromDate}T00:00:00Z`) - start.getTime()) / 60000);
  return { from: start, to: end, offsetMin };
}

export interface ReadRow {
  id: string;
  tenant_id: string;
  zone_name?: string | null;
  bureau_id: string;
  bureau_name: string;
  grant_id: string | null;
  user_id: string;
  user_name: string;
  operation_id: string;
  method: string;
  path: string;
  resource_id: string | null;
  status: number;
  at: Date;
}

/** The record each kind of read names: its table and the column people call it by (a hazard's code, a name). */
const NAMED: Record<string, { table: string; column: string }> = {
  hazards: { table: 'hazards', column: 'code' },
  enterprises: { table: 'enterprises', column: 'name' },
};

/**
 * `zoneId:resourceId` → what the read record is called (隐患编号, 企业名称), for reads of one record (`hazards.get`,
 * `enterprises.get`, …): a zone's reader sees "查看隐患 YH-2026-0012", not a path with an id. Looked up in the
 * read's own zone only (one statement per kind), so another zone's record is never named.
 */
export async function readResourceNames(c: Container, rows: ReadRow[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const conn = c.orm.em.getConnection();
  for (const [prefix, { table, column }] of Object.entries(NAMED)) {
    const wanted = rows.filter((r) => r.resource_id && r.operation_id.startsWith(`${prefix}.`));
    if (!wanted.length) continue;
    // By primary key, within the reads' zones; each row is then matched to its own read's zone (a row-constructor
    // IN would not use the key).
    const ids = [...new Set(wanted.map((r) => r.resource_id!))];
    const zones = [...new Set(wanted.map((r) => r.tenant_id))];
    const found = (await conn.execute(
      `SELECT tenant_id, id, ${column} AS name FROM ${table}
        WHERE id IN (${ids.map(() => '?').join(', ')}) AND tenant_id IN (${zones.map(() => '?').join(', ')})`,
      [...ids, ...zones],
    )) as Array<{ tenant_id: string; id: string; name: string | null }>;
    const zonesOf = new Set(wanted.map((r) => `${r.tenant_id}:${r.resource_id}`));
    for (const f of found) {
      const k = `${f.tenant_id}:${f.id}`;
      if (f.name && zonesOf.has(k)) names.set(k, String(f.name));
    }
  }
  return names;
}

export function readDto(r: ReadRow, lang: 'zh-CN' | 'en', names?: Map<string, string>): ReadDto {
  return {
    id: r.id,
    zoneId: r.tenant_id,
    zoneName: r.zone_name ?? null,
    bureauId: r.bureau_id,
    bureauName: r.bureau_name,
    grantId: r.grant_id,
    userId: r.user_id,
    userName: r.user_name,
    operationId: r.operation_id,
    operationLabel: auditActionLabel(r.operation_id, lang),
    method: r.method,
    path: r.path,
    resourceId: r.resource_id,
    resourceName: (r.resource_id && names?.get(`${r.tenant_id}:${r.resource_id}`)) || null,
    status: Number(r.status),
    at: new Date(r.at).toISOString(),
  };
}

/**
 * The zone's side (上级查看记录): who from which bureau read the zone, newest first, and a per-day summary per bureau.
 * `zoneId` is the caller's own zone (explicit tenant id).
 */
export async function zoneReads(
  c: Container,
  zoneId: string,
  timeZone: string,
  q: { from?: string; to?: string; bureauId?: string; page: number; pageSize: number },
  lang: 'zh-CN' | 'en',
) {
  const { from, to, offsetMin } = readRange(q, timeZone);
  const conn = c.orm.em.getConnection();
  const where = `tenant_id = ? AND at >= ? AND at < ?${q.bureauId ? ' AND bureau_id = ?' : ''}`;
  const args: unknown[] = [zoneId, from, to, ...(q.bureauId ? [q.bureauId] : [])];
  const [rows, [count], days] = await Promise.all([
    conn.execute(`SELECT * FROM supervision_reads WHERE ${where} ORDER BY at DESC, id DESC LIMIT ? OFFSET ?`, [
      ...args,
      q.pageSize,
      (q.page - 1) * q.pageSize,
    ]) as Promise<ReadRow[]>,
    conn.execute(`SELECT COUNT(*) AS n FROM supervision_reads WHERE ${where}`, args) as Promise<Array<{ n: number }>>,
    conn.execute(
      `SELECT DATE(at + INTERVAL ? MINUTE) AS d, bureau_id AS id, MAX(bureau_name) AS name, COUNT(*) AS n_reads,
              COUNT(DISTINCT user_id) AS users
         FROM supervision_reads WHERE ${where}
        GROUP BY d, bureau_id ORDER BY d DESC, name`,
      [offsetMin, ...args],
    ) as Promise<DayRow[]>,
  ]);
  const names = await readResourceNames(c, rows);
  return {
    items: rows.map((r) => readDto(r, lang, names)),
    total: Number(count?.n ?? 0),
    page: q.page,
    pageSize: q.pageSize,
    days: days.map(dayDto),
  };
}

export interface DayRow {
  d: Date | string;
  id: string;
  name: string;
  n_reads: number | string;
  users: number | string;
}
export function dayDto(r: DayRow): SupervisionReadDay {
  const date = r.d instanceof Date ? r.d.toISOString().slice(0, 10) : String(r.d).slice(0, 10);
  return { date, id: String(r.id), name: String(r.name ?? ''), reads: Number(r.n_reads), users: Number(r.users) };
}
