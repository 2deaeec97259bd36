/**
 * City views' SQL (城市总览, issue 14 §2): THE one repository of cross-zone reads. Every function takes the zone ids
 * explicitly — the caller gets them from `grantedZones` (supervision-scope.ts) and nowhere else — and runs plain
 * `GROUP BY tenant_id` aggregates over `tenant_id IN (…)`, each bound to a composite index that starts with
 * tenant_id (see Migration20261215110000_city_indexes for the ones added for these views). No zone's rows are loaded
 * into Node: a handful of result rows per zone. Raw SQL bypasses the ORM's tenant filter ON PURPOSE, which is why it
 * lives here only and never takes a zone id that did not come through the grant check.
 *
 * Each statement names its index (FORCE INDEX, MariaDB/MySQL/TiDB alike): with `tenant_id IN` 100 zones the
 * optimiser otherwise dives into every index that starts with tenant_id for every zone before choosing (measured:
 * 2–7 s in the "Statistics" phase at 100 zones × 1,000 enterprises on a loaded 2-core machine, ~0.2 s with the hint),
 * and these are the indexes it would pick anyway (EXPLAIN in the benchmark).
 *
 * The builders (`*Sql`) return `{ sql, params }` so the benchmark runs the very same statements through mysql2 (the
 * ceiling); the runners execute them and shape the numbers.
 */
import { INCIDENT_OPEN_STATUSES, type CityColourCounts, type CityFigures, type CityHazardPeriodFigures } from '@yuanan/contracts';
import { addDays, daysOverdue, endOfLocalDay, localDate } from '@yuanan/domain';
import { reportingPeriods } from '../hazards/hazard-stats.ts';

/** Something that runs one SQL statement and answers its rows (the ORM connection or a mysql2 connection). */
export type CitySql = (sql: string, params: unknown[]) => Promise<Array<Record<string, unknown>>>;

/** A statement and its parameters. */
export interface Stmt {
  sql: string;
  params: unknown[];
}

/** A zone as the queries need it: id and time zone (months and quarters are the zone's calendar). */
export interface CityZone {
  zoneId: string;
  timeZone: string;
}

/** Open hazards: a deadline may be running or the hazard awaits grading/review (hazard.service `counts`). */
export const OPEN_HAZARD_STATUSES = ['reported', 'confirmed', 'rectifying', 'pending_review'] as const;
/** Statuses in which a hazard can be overdue (hazard-ledger.ts OPEN). */
export const RUNNING_HAZARD_STATUSES = ['confirmed', 'rectifying'] as const;
/** The on-time rectification rate looks back this many days. */
export const RECTIFICATION_WINDOW_DAYS = 90;
const DAY_MS = 86_400_000;

const marks = (n: number) => Array(n).fill('?').join(', ');
const num = (v: unknown) => Number(v ?? 0);
const rate = (part: number, whole: number) => (whole ? Math.round((part / whole) * 10000) / 10000 : null);
const inList = (values: readonly string[]) => `(${values.map((v) => `'${v}'`).join(', ')})`;

/** The first instant of a local date in a time zone (UTC). */
export function startOfLocalDay(date: string, timeZone: string): Date {
  return new Date(endOfLocalDay(addDays(date, -1), timeZone).getTime() + 1);
}

/** Zones grouped by time zone: statements with calendar bounds run once per time zone (usually one). */
function byTimeZone(zones: CityZone[]): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const z of zones) m.set(z.timeZone, [...(m.get(z.timeZone) ?? []), z.zoneId]);
  return m;
}

// ---------------------------------------------------------------------------------------------------------------
// Statements
// ---------------------------------------------------------------------------------------------------------------

/** Active enterprises per zone and colour; from enterprises_map_markers_index (tenant, status, colour, …) alone. */
export function enterpriseColoursSql(ids: string[]): Stmt {
  return {
    sql: `SELECT tenant_id, risk_colour, COUNT(*) AS n FROM enterprises FORCE INDEX (enterprises_map_markers_index)
           WHERE tenant_id IN (${marks(ids.length)}) AND status = 'active'
           GROUP BY tenant_id, risk_colour ORDER BY NULL`,
    params: ids,
  };
}

/**
 * Open hazards per zone: open, overdue (running with the deadline before `now`), major open, major overdue; from
 * hazards_city_open_index (tenant, status, grade, deadline) alone.
 */
export function openHazardsSql(ids: string[], now: Date): Stmt {
  const running = inList(RUNNING_HAZARD_STATUSES);
  return {
    sql: `SELECT tenant_id, COUNT(*) AS open,
                 SUM(CASE WHEN status IN ${running} AND deadline < ? THEN 1 ELSE 0 END) AS overdue,
                 SUM(CASE WHEN grade = 'major' THEN 1 ELSE 0 END) AS major_open,
                 SUM(CASE WHEN grade = 'major' AND status IN ${running} AND deadline < ? THEN 1 ELSE 0 END) AS major_overdue
            FROM hazards FORCE INDEX (hazards_city_open_index)
           WHERE tenant_id IN (${marks(ids.length)}) AND status IN ${inList(OPEN_HAZARD_STATUSES)}
           GROUP BY tenant_id ORDER BY NULL`,
    params: [now, now, ...ids],
  };
}

/**
 * 整改按期率 inputs per zone: hazards closed in the last RECTIFICATION_WINDOW_DAYS days that had a deadline, and of
 * those the ones closed by it; from hazards_city_closed_index (tenant, status, closed_at, deadline) alone.
 */
export function rectificationSql(ids: string[], now: Date): Stmt {
  return {
    sql: `SELECT tenant_id, COUNT(*) AS closed, SUM(CASE WHEN closed_at <= deadline THEN 1 ELSE 0 END) AS on_time
            FROM hazards FORCE INDEX (hazards_city_closed_index)
           WHERE tenant_id IN (${marks(ids.length)}) AND status = 'closed' AND closed_at >= ? AND closed_at <= ?
             AND deadline IS NOT NULL
           GROUP BY tenant_id ORDER BY NULL`,
    params: [...ids, new Date(now.getTime() - RECTIFICATION_WINDOW_DAYS * DAY_MS), now],
  };
}

/** This month's bounds in a time zone: [first instant, last instant] of the local calendar month of `now`. */
export function localMonth(now: Date, timeZone: string): { from: Date; to: Date; month: string } {
  const today = localDate(now, timeZone);
  const first = `${today.slice(0, 7)}-01`;
  const [y, m] = first.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  return { from: startOfLocalDay(first, timeZone), to: endOfLocalDay(addDays(next, -1), timeZone), month: first.slice(0, 7) };
}

/**
 * 检查覆盖率 of the month per zone, with the inspections module's rule (inspections/coverage.ts `coverageAggregate`):
 * tasks whose complete-by falls in the month; required = done or missed, or still scheduled/open/in progress past
 * complete-by (a pending one not due yet is not a failure yet); done = done. The tasks either coverage view counts
 * (grid workers' and assigned ones, agencies'). From inspection_tasks_coverage_index (tenant, due_at, status, …) alone.
 */
export function inspectionCoverageSql(ids: string[], from: Date, to: Date, now: Date): Stmt {
  return {
    sql: `SELECT tenant_id,
                 SUM(CASE WHEN status IN ('done', 'missed')
                            OR (status IN ('scheduled', 'open', 'in_progress') AND due_at <= ?) THEN 1 ELSE 0 END) AS required,
                 SUM(CASE WHEN status = 'done' THEN 1 ELSE 0 END) AS done
            FROM inspection_tasks FORCE INDEX (inspection_tasks_coverage_index)
           WHERE tenant_id IN (${marks(ids.length)}) AND due_at >= ? AND due_at <= ?
             AND (assignee_role = 'grid_worker' OR assignee_user_id IS NOT NULL OR agency_id IS NOT NULL)
           GROUP BY tenant_id ORDER BY NULL`,
    params: [now, ...ids, from, to],
  };
}

/** Active (not cleared) IoT alarms per zone; from the (tenant, cleared_at, started_at) index alone. */
export function activeAlarmsSql(ids: string[]): Stmt {
  return {
    sql: `SELECT tenant_id, COUNT(*) AS n FROM iot_alarms FORCE INDEX (iot_alarms_tenant_id_cleared_at_started_at_index)
           WHERE tenant_id IN (${marks(ids.length)}) AND cleared_at IS NULL
           GROUP BY tenant_id ORDER BY NULL`,
    params: ids,
  };
}

/** Open incidents per zone (reported, responding, controlled), drills excluded; (tenant, status) index. */
export function openIncidentsSql(ids: string[]): Stmt {
  return {
    sql: `SELECT tenant_id, COUNT(*) AS n FROM incidents FORCE INDEX (incidents_tenant_id_status_index)
           WHERE tenant_id IN (${marks(ids.length)}) AND status IN ${inList(INCIDENT_OPEN_STATUSES)} AND is_drill = 0
           GROUP BY tenant_id ORDER BY NULL`,
    params: ids,
  };
}

/** Every statement of the overview for these zones at `now` (the benchmark's ceiling runs exactly these). */
export function overviewStatements(zones: CityZone[], now: Date): Stmt[] {
  const ids = zones.map((z) => z.zoneId);
  if (!ids.length) return [];
  const coverage = [...byTimeZone(zones)].map(([tz, zs]) => {
    const m = localMonth(now, tz);
    return inspectionCoverageSql(zs, m.from, m.to, now);
  });
  return [
    enterpriseColoursSql(ids),
    openHazardsSql(ids, now),
    rectificationSql(ids, now),
    activeAlarmsSql(ids),
    openIncidentsSql(ids),
    ...coverage,
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// Figures
// ---------------------------------------------------------------------------------------------------------------

/** All zeros (a zone without any data). */
export function emptyFigures(): CityFigures {
  return {
    enterprises: { total: 0, red: 0, orange: 0, yellow: 0, blue: 0, unrated: 0 },
    hazards: { open: 0, overdue: 0, majorOpen: 0, majorOverdue: 0 },
    rectification: { closed: 0, onTime: 0, rate: null },
    inspections: { required: 0, done: 0, rate: null },
    activeAlarms: 0,
    openIncidents: 0,
  };
}

function addColour(c: CityColourCounts, colour: unknown, n: number): void {
  c.total += n;
  if (colour === 'red' || colour === 'orange' || colour === 'yellow' || colour === 'blue') c[colour] += n;
  else c.unrated += n;
}

/**
 * The overview's figures of each zone at `now`: six aggregates (run side by side on the pool), one result row per
 * zone and key. Zones without data get zeros. Rates are fractions 0–1 (4 decimals), null when nothing counted.
 */
export async function zoneFigures(run: CitySql, zones: CityZone[], now: Date): Promise<Map<string, CityFigures>> {
  const out = new Map(zones.map((z) => [z.zoneId, emptyFigures()]));
  if (!zones.length) return out;
  const [colours, open, rect, alarms, incidents, ...coverage] = await Promise.all(
    overviewStatements(zones, now).map((s) => run(s.sql, s.params)),
  );
  const at = (r: Record<string, unknown>) => out.get(String(r.tenant_id));
  for (const r of colours!) {
    const f = at(r);
    if (f) addColour(f.enterprises, r.risk_colour, num(r.n));
  }
  for (const r of open!) {
    const f = at(r);
    if (f)
      f.hazards = {
        open: num(r.open),
        overdue: num(r.overdue),
        majorOpen: num(r.major_open),
        majorOverdue: num(r.major_overdue),
      };
  }
  for (const r of rect!) {
    const f = at(r);
    if (f) f.rectification = { closed: num(r.closed), onTime: num(r.on_time), rate: rate(num(r.on_time), num(r.closed)) };
  }
  for (const r of alarms!) {
    const f = at(r);
    if (f) f.activeAlarms = num(r.n);
  }
  for (const r of incidents!) {
    const f = at(r);
    if (f) f.openIncidents = num(r.n);
  }
  for (const rows of coverage)
    for (const r of rows) {
      const f = at(r);
      if (f) f.inspections = { required: num(r.required), done: num(r.done), rate: rate(num(r.done), num(r.required)) };
    }
  return out;
}

/** The sum of several zones' figures; rates recomputed from the summed counts. */
export function totalFigures(all: Iterable<CityFigures>): CityFigures {
  const t = emptyFigures();
  for (const f of all) {
    for (const k of ['total', 'red', 'orange', 'yellow', 'blue', 'unrated'] as const) t.enterprises[k] += f.enterprises[k];
    for (const k of ['open', 'overdue', 'majorOpen', 'majorOverdue'] as const) t.hazards[k] += f.hazards[k];
    t.rectification.closed += f.rectification.closed;
    t.rectification.onTime += f.rectification.onTime;
    t.inspections.required += f.inspections.required;
    t.inspections.done += f.inspections.done;
    t.activeAlarms += f.activeAlarms;
    t.openIncidents += f.openIncidents;
  }
  t.rectification.rate = rate(t.rectification.onTime, t.rectification.closed);
  t.inspections.rate = rate(t.inspections.done, t.inspections.required);
  return t;
}

// ---------------------------------------------------------------------------------------------------------------
// One zone's drill-down lists
// ---------------------------------------------------------------------------------------------------------------

/** A zone's red enterprises (active), highest score first, at most `limit`, with their open hazards. */
export function redEnterprisesSql(zoneId: string, limit = 20): Stmt {
  return {
    sql: `SELECT e.id, e.name, e.risk_score,
                 (SELECT COUNT(*) FROM hazards h
                   WHERE h.tenant_id = e.tenant_id AND h.enterprise_id = e.id
                     AND h.status IN ${inList(OPEN_HAZARD_STATUSES)}) AS open_hazards
            FROM enterprises e FORCE INDEX (enterprises_map_markers_index)
           WHERE e.tenant_id = ? AND e.status = 'active' AND e.risk_colour = 'red'
           ORDER BY e.risk_score DESC, e.name, e.id
           LIMIT ${Math.max(1, Math.min(100, Math.trunc(limit)))}`,
    params: [zoneId],
  };
}

/** A zone's overdue major hazards (running, deadline before `now`), the longest overdue first, at most `limit`. */
export function overdueMajorHazardsSql(zoneId: string, now: Date, limit = 20): Stmt {
  return {
    sql: `SELECT h.id, h.code, h.enterprise_id, e.name AS enterprise_name, LEFT(h.description, 200) AS description,
                 h.status, h.deadline
            FROM hazards h FORCE INDEX (hazards_city_open_index)
            LEFT JOIN enterprises e ON e.tenant_id = h.tenant_id AND e.id = h.enterprise_id
           WHERE h.tenant_id = ? AND h.status IN ${inList(RUNNING_HAZARD_STATUSES)} AND h.grade = 'major' AND h.deadline < ?
           ORDER BY h.deadline, h.id
           LIMIT ${Math.max(1, Math.min(100, Math.trunc(limit)))}`,
    params: [zoneId, now],
  };
}

const asDate = (v: unknown) =>
  v instanceof Date ? v : new Date(String(v).replace(' ', 'T') + (String(v).endsWith('Z') ? '' : 'Z'));

/** The drill-down lists of one zone (see the two statements above). */
export async function zoneLists(run: CitySql, zoneId: string, now: Date, timeZone: string) {
  const [red, major] = await Promise.all([
    run(redEnterprisesSql(zoneId).sql, redEnterprisesSql(zoneId).params),
    run(overdueMajorHazardsSql(zoneId, now).sql, overdueMajorHazardsSql(zoneId, now).params),
  ]);
  return {
    redEnterprises: red.map((r) => ({
      id: String(r.id),
      name: String(r.name),
      riskScore: r.risk_score == null ? null : Number(r.risk_score),
      openHazards: num(r.open_hazards),
    })),
    overdueMajorHazards: major.map((r) => {
      const deadline = asDate(r.deadline);
      return {
        id: String(r.id),
        code: String(r.code),
        enterpriseId: String(r.enterprise_id),
        enterpriseName: r.enterprise_name == null ? '' : String(r.enterprise_name),
        description: String(r.description ?? ''),
        status: String(r.status),
        deadline: deadline.toISOString(),
        // calendar days in the zone, as the zone's own hazard pages count them
        overdueDays: Math.max(1, daysOverdue(deadline, now, timeZone)),
      };
    }),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Map
// ---------------------------------------------------------------------------------------------------------------

/** The zones' map centres from their settings (`mapCenter`); platform-owned `tenants`, by explicit ids. */
export function zoneCentresSql(ids: string[]): Stmt {
  return {
    sql: `SELECT id, JSON_EXTRACT(settings, '$.mapCenter.lat') AS lat, JSON_EXTRACT(settings, '$.mapCenter.lng') AS lng
            FROM tenants WHERE id IN (${marks(ids.length)})`,
    params: ids,
  };
}

/** The centroid of each zone's active enterprises with a position (the fallback centre); markers index alone. */
export function enterpriseCentroidsSql(ids: string[]): Stmt {
  return {
    sql: `SELECT tenant_id, AVG(lat) AS lat, AVG(lng) AS lng FROM enterprises FORCE INDEX (enterprises_map_markers_index)
           WHERE tenant_id IN (${marks(ids.length)}) AND status = 'active' AND lat IS NOT NULL AND lng IS NOT NULL
           GROUP BY tenant_id ORDER BY NULL`,
    params: ids,
  };
}

/** Each zone's centre: settings `mapCenter`, else its enterprises' centroid, else null (with where it came from). */
export async function zoneCentres(
  run: CitySql,
  ids: string[],
): Promise<Map<string, { centre: { lat: number; lng: number } | null; source: 'settings' | 'enterprises' | null }>> {
  const out = new Map(
    ids.map((id) => [
      id,
      { centre: null as { lat: number; lng: number } | null, source: null as 'settings' | 'enterprises' | null },
    ]),
  );
  if (!ids.length) return out;
  const s = zoneCentresSql(ids);
  for (const r of await run(s.sql, s.params)) {
    const lat = Number(r.lat);
    const lng = Number(r.lng);
    if (r.lat != null && r.lng != null && Number.isFinite(lat) && Number.isFinite(lng))
      out.set(String(r.id), { centre: { lat, lng }, source: 'settings' });
  }
  const missing = ids.filter((id) => !out.get(id)!.centre);
  if (missing.length) {
    const c = enterpriseCentroidsSql(missing);
    for (const r of await run(c.sql, c.params))
      out.set(String(r.tenant_id), {
        centre: { lat: Math.round(Number(r.lat) * 1e6) / 1e6, lng: Math.round(Number(r.lng) * 1e6) / 1e6 },
        source: 'enterprises',
      });
  }
  return out;
}

/** Colours and open/overdue/major hazards per zone for the map (two of the overview's statements). */
export async function mapFigures(run: CitySql, ids: string[], now: Date): Promise<Map<string, CityFigures>> {
  const out = new Map(ids.map((id) => [id, emptyFigures()]));
  if (!ids.length) return out;
  const [colours, open] = await Promise.all(
    [enterpriseColoursSql(ids), openHazardsSql(ids, now)].map((s) => run(s.sql, s.params)),
  );
  for (const r of colours!) {
    const f = out.get(String(r.tenant_id));
    if (f) addColour(f.enterprises, r.risk_colour, num(r.n));
  }
  for (const r of open!) {
    const f = out.get(String(r.tenant_id));
    if (f)
      f.hazards = {
        open: num(r.open),
        overdue: num(r.overdue),
        majorOpen: num(r.major_open),
        majorOverdue: num(r.major_overdue),
      };
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Hazard statistics by reporting period
// ---------------------------------------------------------------------------------------------------------------

/** Where a period stands at `now` in a zone: not started (no figures), under way (end figures as of now), or over. */
export interface PeriodPhase {
  notStarted: boolean;
  asOfToday: boolean;
}

/** A reporting period's bounds as instants in a time zone: [from, to); `cut` = min(to, now) for "at the end". */
export interface PeriodBounds extends PeriodPhase {
  period: string;
  from: Date;
  to: Date;
  cut: Date;
}

/**
 * The periods of `year` (hazard-stats.ts reportingPeriods: Q1–Q4, the year) as instants in `timeZone`, each with
 * its phase at `now`: a period whose first day is after today in the zone has not started; one that has started
 * and not ended is under way.
 */
export function periodBounds(year: number, timeZone: string, now: Date): PeriodBounds[] {
  return reportingPeriods(year).map((p) => {
    const from = startOfLocalDay(p.from, timeZone);
    const to = startOfLocalDay(p.to, timeZone);
    return { period: p.period, from, to, cut: to < now ? to : now, notStarted: from > now, asOfToday: from <= now && now < to };
  });
}

/**
 * The two statements of the hazard statistics for zones of one time zone (`bounds`: periodBounds, Q1–Q4 then the
 * year). Each reads hazards_city_stats_index (tenant, reported_at, status, grade, closed_at, deadline) alone and
 * groups by a few small values, so the database does a handful of comparisons per hazard (the single statement with
 * 45 CASE sums it replaces spent ~3.4 s on 600k hazards; see the city-overview bench).
 *
 * Every instant is put in a bucket of the year: -1 before Q1, 0–3 the quarter, 9 at or after the year's cut
 * (min(end, now)), NULL for none. A quarter's additive figures are its bucket; "at the end of period p" is every
 * bucket ≤ p (the bucket of a quarter under way stops at now). Open and overdue at a cut `c` are differences of
 * cumulative counts:
 * - open(c) = R(c) − C(c): R = not dismissed, reported before c; C = closed, reported and closed before c;
 * - overdue(c) = D(c) − DC(c): D = neither dismissed nor awaiting review now, reported and due before c
 *   (max(reported_at, deadline) < c); DC = closed, reported, due and closed before c.
 * That is: open at c = reported before c, not dismissed, not closed before c; overdue at c = open at c, due before c
 * and not awaiting review (as the overview's `overdue`).
 */
export function hazardStatsSql(ids: string[], bounds: PeriodBounds[]): { reported: Stmt; closed: Stmt } {
  const quarters = bounds.slice(0, 4);
  const yearCut = bounds[4]!.cut;
  type Bucket = (x: string, none?: string) => string;
  const statement = (select: (bucket: Bucket) => string, where: string, group: string): Stmt => {
    const params: unknown[] = [];
    // `none`: when the instant is none (NULL bucket); by default when it is NULL.
    const bucket: Bucket = (x, none = `${x} IS NULL`) => {
      params.push(yearCut, ...quarters.map((q) => q.from));
      return `CASE WHEN ${none} THEN NULL WHEN ${x} >= ? THEN 9 WHEN ${x} < ? THEN -1 WHEN ${x} < ? THEN 0 WHEN ${x} < ? THEN 1 WHEN ${x} < ? THEN 2 ELSE 3 END`;
    };
    const columns = select(bucket);
    return {
      sql: `SELECT tenant_id, ${columns}, COUNT(*) AS n
              FROM hazards FORCE INDEX (hazards_city_stats_index)
             WHERE tenant_id IN (${marks(ids.length)}) AND reported_at < ?${where}
             GROUP BY tenant_id, ${group} ORDER BY NULL`,
      params: [...params, ...ids, yearCut],
    };
  };
  // A closed hazard's "closed before c" also needs "reported before c" (a row closed before it was reported is
  // not counted open before its report either): its instant is the later of the two.
  const closedAt = 'GREATEST(reported_at, COALESCE(closed_at, reported_at))';
  return {
    // dq: D's instant, for hazards neither dismissed nor awaiting review with a deadline (else NULL: not counted)
    reported: statement(
      (b) =>
        `${b('reported_at')} AS rq, grade, CASE WHEN status = 'dismissed' THEN 1 ELSE 0 END AS dis,
         ${b('GREATEST(reported_at, deadline)', "deadline IS NULL OR status IN ('dismissed', 'pending_review')")} AS dq`,
      '',
      'rq, grade, dis, dq',
    ),
    closed: statement(
      (b) =>
        `${b('closed_at')} AS cq, CASE WHEN deadline IS NULL THEN 0 ELSE 1 END AS wd,
         CASE WHEN closed_at <= deadline THEN 1 ELSE 0 END AS ot, ${b(closedAt)} AS ccq,
         ${b(`GREATEST(${closedAt}, deadline)`)} AS dcq`,
      " AND status = 'closed'",
      'cq, wd, ot, ccq, dcq',
    ),
  };
}

/** Zero figures of a period (by default one that is over). */
export function emptyPeriod(
  period: string,
  phase: PeriodPhase = { notStarted: false, asOfToday: false },
): CityHazardPeriodFigures {
  return {
    period,
    notStarted: phase.notStarted,
    asOfToday: phase.asOfToday,
    reported: 0,
    general: 0,
    major: 0,
    closed: 0,
    closedWithDeadline: 0,
    closedOnTime: 0,
    onTimeRate: null,
    openAtEnd: 0,
    overdueAtEnd: 0,
  };
}

/** Every statement of the hazard statistics for these zones (two per time zone). */
export function hazardStatsStatements(zones: CityZone[], year: number, now: Date): Stmt[] {
  return [...byTimeZone(zones)].flatMap(([tz, ids]) => Object.values(hazardStatsSql(ids, periodBounds(year, tz, now))));
}

/** Per zone, counts by bucket (-1…3; 9 and NULL are dropped) of one measure. */
class BucketCounts {
  readonly #m = new Map<string, number[]>();
  add(zoneId: string, bucket: unknown, n: number): void {
    const b = bucket === null || bucket === undefined ? NaN : Number(bucket);
    if (!(b >= -1 && b <= 3)) return;
    const row = this.#m.get(zoneId) ?? [0, 0, 0, 0, 0];
    row[b + 1]! += n;
    this.#m.set(zoneId, row);
  }
  /** In bucket `q` (0–3), or over the year's quarters (4). */
  in(zoneId: string, q: number): number {
    const row = this.#m.get(zoneId);
    if (!row) return 0;
    return q === 4 ? row.slice(1).reduce((a, b) => a + b, 0) : row[q + 1]!;
  }
  /** Up to and including bucket `q` (the year: 4 = up to 3), from before the year. */
  upTo(zoneId: string, q: number): number {
    const row = this.#m.get(zoneId);
    return row ? row.slice(0, Math.min(q, 3) + 2).reduce((a, b) => a + b, 0) : 0;
  }
}

/**
 * Per zone, the periods of `year` (Q1–Q4, year) with their figures; zones without hazards get zeros. A period not
 * started in the zone keeps zeros whatever was counted (its "end" would be now: today's open hazards are no figure
 * of a quarter that has not begun).
 */
export async function hazardPeriodFigures(
  run: CitySql,
  zones: CityZone[],
  year: number,
  now: Date,
): Promise<Map<string, CityHazardPeriodFigures[]>> {
  const periods = reportingPeriods(year).map((p) => p.period);
  const phases = new Map(zones.map((z) => [z.zoneId, periodBounds(year, z.timeZone, now)]));
  const out = new Map(zones.map((z) => [z.zoneId, phases.get(z.zoneId)!.map((b) => emptyPeriod(b.period, b))]));
  if (!zones.length) return out;
  const [reported, general, major, notDismissed] = [0, 1, 2, 3].map(() => new BucketCounts());
  const [closed, closedWd, onTime, closedBefore, dueClosedBefore, due] = [0, 1, 2, 3, 4, 5].map(() => new BucketCounts());
  await Promise.all(
    [...byTimeZone(zones)].map(async ([tz, ids]) => {
      const s = hazardStatsSql(ids, periodBounds(year, tz, now));
      const [r, c] = await Promise.all([s.reported, s.closed].map((x) => run(x.sql, x.params)));
      for (const row of r) {
        const z = String(row.tenant_id);
        const n = num(row.n);
        reported!.add(z, row.rq, n);
        if (row.grade === 'general') general!.add(z, row.rq, n);
        if (row.grade === 'major') major!.add(z, row.rq, n);
        if (!num(row.dis)) notDismissed!.add(z, row.rq, n);
        due!.add(z, row.dq, n);
      }
      for (const row of c) {
        const z = String(row.tenant_id);
        const n = num(row.n);
        closed!.add(z, row.cq, n);
        if (num(row.wd)) closedWd!.add(z, row.cq, n);
        if (num(row.ot)) onTime!.add(z, row.cq, n);
        closedBefore!.add(z, row.ccq, n);
        dueClosedBefore!.add(z, row.dcq, n);
      }
    }),
  );
  for (const z of zones) {
    const list = out.get(z.zoneId)!;
    const phase = phases.get(z.zoneId)!;
    periods.forEach((period, i) => {
      const { notStarted, asOfToday } = phase[i]!;
      if (notStarted) return;
      const closedWithDeadline = closedWd!.in(z.zoneId, i);
      const closedOnTime = onTime!.in(z.zoneId, i);
      list[i] = {
        period,
        notStarted,
        asOfToday,
        reported: reported!.in(z.zoneId, i),
        general: general!.in(z.zoneId, i),
        major: major!.in(z.zoneId, i),
        closed: closed!.in(z.zoneId, i),
        closedWithDeadline,
        closedOnTime,
        onTimeRate: rate(closedOnTime, closedWithDeadline),
        openAtEnd: notDismissed!.upTo(z.zoneId, i) - closedBefore!.upTo(z.zoneId, i),
        overdueAtEnd: due!.upTo(z.zoneId, i) - dueClosedBefore!.upTo(z.zoneId, i),
      };
    });
  }
  return out;
}

/**
 * The per-period sums of several zones; rates recomputed from the sums. A total period has not started when it has
 * started in no zone, and is under way when it is in any (zones in different time zones may differ for a few hours
 * at a boundary); with no zones the phases are `fallback`'s (the bureau's calendar).
 */
export function totalPeriods(
  all: Iterable<CityHazardPeriodFigures[]>,
  periods: string[],
  fallback?: PeriodPhase[],
): CityHazardPeriodFigures[] {
  const lists = [...all];
  const t = periods.map((period, i) =>
    emptyPeriod(
      period,
      lists.length
        ? { notStarted: lists.every((l) => l[i]?.notStarted), asOfToday: lists.some((l) => l[i]?.asOfToday) }
        : fallback?.[i],
    ),
  );
  for (const list of lists)
    list.forEach((p, i) => {
      const s = t[i]!;
      for (const k of [
        'reported',
        'general',
        'major',
        'closed',
        'closedWithDeadline',
        'closedOnTime',
        'openAtEnd',
        'overdueAtEnd',
      ] as const)
        s[k] += p[k];
    });
  for (const s of t) s.onTimeRate = rate(s.closedOnTime, s.closedWithDeadline);
  return t;
}
