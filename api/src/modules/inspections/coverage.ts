import type { CoverageQuery, CoverageRow } from '@yuanan/contracts';
import { addDays, endOfLocalDay, localDate } from '@yuanan/domain';
import type { Em } from '../../core/db/orm.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import { Enterprise } from '../enterprises/enterprise.entity.ts';
import { User } from '../identity/identity.entity.ts';
import { CatalogItem } from '../tenants/tenant.entity.ts';
import { InspectionAgency, InspectionTask } from './inspection.entity.ts';

/**
 * 覆盖率: was every enterprise inspected at its required frequency? Per grid worker or per agency, over the tasks
 * whose complete-by falls in [from, to] (zone dates):
 * - required: those tasks, except the ones still pending whose complete-by has not come yet (not a failure yet);
 * - done, onTime (done by complete-by), late (超期完成), missed (逾期未检);
 * - onTimeRate = onTime / required; hazardsFound = hazards raised by the done tasks; per inspection = / done.
 * A grid worker answers for tasks assigned to them and for the grid-worker-role tasks of their grids (a grid with
 * two workers counts for both); role tasks of a grid without a worker are one row, `unassigned`. An agency answers
 * for its tasks. One aggregate query, summed in SQL from a covering index (inspection_tasks_coverage_index): a range
 * of index entries and a handful of result rows, whatever the history's size.
 */

/** One key's sums, as the aggregate returns them (DECIMAL sums arrive as strings). */
interface Group {
  assignee_user_id?: string | null;
  grid_id?: string | null;
  agency_id?: string | null;
  required: number | string | null;
  done: number | string | null;
  late: number | string | null;
  missed: number | string | null;
  hazards: number | string | null;
}

interface Tally {
  required: number;
  done: number;
  onTime: number;
  late: number;
  missed: number;
  hazardsFound: number;
}

const zero = (): Tally => ({ required: 0, done: 0, onTime: 0, late: 0, missed: 0, hazardsFound: 0 });

function add(t: Tally, g: Group): void {
  const done = Number(g.done ?? 0);
  const late = Number(g.late ?? 0);
  t.required += Number(g.required ?? 0);
  t.done += done;
  t.late += late;
  t.onTime += done - late;
  t.missed += Number(g.missed ?? 0);
  t.hazardsFound += Number(g.hazards ?? 0);
}

function row(key: string, name: string, t: Tally): CoverageRow {
  return {
    key,
    name,
    ...t,
    onTimeRate: t.required ? Math.round((t.onTime / t.required) * 10000) / 10000 : null,
    hazardsPerInspection: t.done ? Math.round((t.hazardsFound / t.done) * 100) / 100 : null,
  };
}

/**
 * The coverage aggregate: per key (grid worker view: assignee and grid; agency view: agency) the sums, in SQL, from
 * the covering index inspection_tasks_coverage_index (tenant_id, due_at, status, late, hazard_count, assignee_role,
 * assignee_user_id, grid_id, agency_id): a range of it, no row read. Pending tasks whose complete-by has not come are
 * not required yet; an in-progress one past it is required and neither done nor missed. Exported for the benchmark's
 * EXPLAIN.
 */
export function coverageAggregate(
  tenant: TenantInfo,
  q: Pick<CoverageQuery, 'from' | 'to' | 'by'>,
  now: Date,
): { sql: string; params: unknown[] } {
  const from = new Date(endOfLocalDay(addDays(q.from, -1), tenant.timeZone).getTime() + 1);
  const to = endOfLocalDay(q.to, tenant.timeZone);
  const byAgency = q.by === 'agency';
  const keys = byAgency ? 'agency_id' : 'assignee_user_id, grid_id';
  return {
    sql: `SELECT ${keys},
            SUM(CASE WHEN status IN ('done', 'missed')
                       OR (status IN ('scheduled', 'open', 'in_progress') AND due_at <= ?) THEN 1 ELSE 0 END) AS required,
            SUM(CASE WHEN status = 'done' THEN 1 ELSE 0 END) AS done,
            SUM(CASE WHEN status = 'done' AND late <> 0 THEN 1 ELSE 0 END) AS late,
            SUM(CASE WHEN status = 'missed' THEN 1 ELSE 0 END) AS missed,
            SUM(CASE WHEN status = 'done' THEN hazard_count ELSE 0 END) AS hazards
       FROM inspection_tasks
      WHERE tenant_id = ? AND due_at >= ? AND due_at <= ?
        AND ${byAgency ? 'agency_id IS NOT NULL' : "(assignee_role = 'grid_worker' OR assignee_user_id IS NOT NULL)"}
      GROUP BY ${keys}
      ORDER BY NULL`,
    params: [now, tenant.id, from, to],
  };
}

export async function coverage(
  em: Em,
  tenant: TenantInfo,
  q: Pick<CoverageQuery, 'from' | 'to' | 'by'>,
  now = new Date(),
): Promise<{ rows: CoverageRow[] }> {
  const byAgency = q.by === 'agency';
  const aggregate = coverageAggregate(tenant, q, now);
  const groups = (await em.getConnection().execute(aggregate.sql, aggregate.params, 'all')) as Group[];

  if (byAgency) {
    const agencies = await em.find(InspectionAgency, {}, { fields: ['id', 'name'], orderBy: { name: 'asc', id: 'asc' } });
    const tallies = new Map(agencies.map((a) => [a.id, zero()]));
    for (const g of groups) {
      if (!g.agency_id) continue;
      if (!tallies.has(g.agency_id)) tallies.set(g.agency_id, zero());
      add(tallies.get(g.agency_id)!, g);
    }
    const name = new Map(agencies.map((a) => [a.id, a.name]));
    return { rows: [...tallies].map(([id, t]) => row(id, name.get(id) ?? id, t)) };
  }

  const workers = await em.find(
    User,
    { role: 'grid_worker' },
    { fields: ['id', 'name', 'gridIds', 'status'], orderBy: { name: 'asc', id: 'asc' } },
  );
  const workerIds = new Set(workers.map((w) => w.id));
  const byGrid = new Map<string, string[]>();
  for (const w of workers)
    if (w.status === 'active') for (const g of w.gridIds ?? []) byGrid.set(g, [...(byGrid.get(g) ?? []), w.id]);
  const tallies = new Map<string, Tally>(workers.filter((w) => w.status === 'active').map((w) => [w.id, zero()]));
  const unassigned = new Map<string, Tally>();
  for (const g of groups) {
    if (g.assignee_user_id) {
      // Tasks assigned to one person count for them when they are a grid worker.
      if (!workerIds.has(g.assignee_user_id)) continue;
      if (!tallies.has(g.assignee_user_id)) tallies.set(g.assignee_user_id, zero());
      add(tallies.get(g.assignee_user_id)!, g);
      continue;
    }
    const who = g.grid_id ? (byGrid.get(g.grid_id) ?? []) : [];
    if (!who.length) {
      const key = `unassigned:${g.grid_id ?? ''}`;
      if (!unassigned.has(key)) unassigned.set(key, zero());
      add(unassigned.get(key)!, g);
      continue;
    }
    for (const id of who) add(tallies.get(id)!, g);
  }
  const name = new Map(workers.map((w) => [w.id, w.name]));
  const gridIds = [...unassigned.keys()].map((k) => k.slice('unassigned:'.length)).filter(Boolean);
  const grids = gridIds.length ? await em.find(CatalogItem, { id: { $in: gridIds } }, { fields: ['id', 'name'] }) : [];
  const gridName = new Map(grids.map((g) => [g.id, g.name]));
  return {
    rows: [
      ...[...tallies].map(([id, t]) => row(id, name.get(id) ?? id, t)),
      ...[...unassigned].map(([key, t]) => {
        const grid = key.slice('unassigned:'.length);
        return row(key, `${grid ? (gridName.get(grid) ?? grid) : '无网格'}（无网格员）`, t);
      }),
    ],
  };
}

/**
 * A day's check-ins (签到) for the map, of the tasks the caller sees (`scope` from inspection-scope.ts): where and
 * when each was made, inside the geofence or flagged.
 */
export async function checkIns(em: Em, tenant: TenantInfo, scope: Record<string, unknown>, date: string | undefined) {
  const day = date ?? localDate(new Date(), tenant.timeZone);
  const from = new Date(endOfLocalDay(addDays(day, -1), tenant.timeZone).getTime() + 1);
  const to = endOfLocalDay(day, tenant.timeZone);
  // A check-in starts the task (startedAt: when the server got it); one made offline arrives later, up to days.
  const range = { $gte: from, $lte: new Date(to.getTime() + 3 * 86_400_000) };
  const tasks = (
    await em.find(
      InspectionTask,
      { $and: [scope, { $or: [{ startedAt: range }, { completedAt: range }], checkIn: { $ne: null } }] },
      { orderBy: { startedAt: 'asc', id: 'asc' }, limit: 5000 },
    )
  ).filter((t) => {
    const at = Date.parse(t.checkIn?.at ?? '');
    return at >= from.getTime() && at <= to.getTime();
  });
  const ents = tasks.length
    ? await em.find(Enterprise, { id: { $in: [...new Set(tasks.map((t) => t.enterpriseId))] } }, { fields: ['id', 'name'] })
    : [];
  const userIds = [...new Set(tasks.flatMap((t) => (t.assigneeUserId ? [t.assigneeUserId] : [])))];
  const agencyIds = [...new Set(tasks.flatMap((t) => (t.agencyId ? [t.agencyId] : [])))];
  const [users, agencies] = await Promise.all([
    userIds.length ? em.find(User, { id: { $in: userIds } }, { fields: ['id', 'name'] }) : [],
    agencyIds.length ? em.find(InspectionAgency, { id: { $in: agencyIds } }, { fields: ['id', 'name'] }) : [],
  ]);
  const entName = new Map(ents.map((e) => [e.id, e.name]));
  const userName = new Map(users.map((u) => [u.id, u.name]));
  const agencyName = new Map(agencies.map((a) => [a.id, a.name]));
  return {
    date: day,
    items: tasks
      .map((t) => ({
        taskId: t.id,
        enterpriseId: t.enterpriseId,
        enterpriseName: entName.get(t.enterpriseId) ?? '',
        assigneeName:
          (t.assigneeUserId ? userName.get(t.assigneeUserId) : null) ?? (t.agencyId ? agencyName.get(t.agencyId) : null) ?? null,
        method: t.checkIn!.method,
        at: t.checkIn!.at,
        lat: t.checkIn!.lat ?? null,
        lng: t.checkIn!.lng ?? null,
        inside: t.checkIn!.inside,
        flagged: t.checkIn!.flagged,
        status: t.status,
      }))
      .sort((a, b) => Date.parse(a.at) - Date.parse(b.at)),
  };
}
