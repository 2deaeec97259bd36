import { can, isEnterpriseRole } from '@yuanan/contracts';
import { localDate } from '@yuanan/domain';
import type { Actor } from '../../core/context/request-scope.ts';
import type { Em } from '../../core/db/orm.ts';
import { emTenantId } from '../../core/db/tenant-guard.ts';
import { AppError, t } from '../../core/http/problem.ts';
import { User } from '../identity/identity.entity.ts';
import { InspectionAgency, InspectionContract, InspectionTask } from './inspection.entity.ts';

/** 404 for a task the caller may not see (or of another zone). */
export const inspectionTaskNotFound = () => new AppError(404, 'not_found', t('未找到该检查任务', 'Inspection task not found'));

/** A filter that matches no row (MikroORM renders an empty `$in` as `1 = 0`). */
const NOTHING = { id: { $in: [] as string[] } };

/** Zone roles that see every task of the zone (`api_client`: an API key with `inspections.read`, read only). */
const ZONE_WIDE = new Set(['zone_admin', 'safety_officer', 'platform_admin', 'city_supervisor', 'api_client']);

/** The agencies the actor works for (an inspector may be listed by more than one). */
export async function actorAgencyIds(em: Em, actor: Actor): Promise<string[]> {
  // A zone has a handful of agencies: read them and look in the member lists here, the same on every database.
  const agencies = await em.find(InspectionAgency, {}, { fields: ['id', 'memberUserIds'] });
  return agencies.filter((a) => (a.memberUserIds ?? []).includes(actor.userId)).map((a) => a.id);
}

/**
 * The agencies an inspector works for and the enterprises their contracts cover today: a contract counts from its
 * startDate to its endDate inclusive, as dates in the zone's time zone (on endDate still covered, the day after
 * not).
 */
export async function inspectorCoverage(
  em: Em,
  actor: Actor,
  tenant: { timeZone: string },
  now: Date = new Date(),
): Promise<{ agencyIds: string[]; enterpriseIds: string[] }> {
  const agencyIds = await actorAgencyIds(em, actor);
  if (!agencyIds.length) return { agencyIds, enterpriseIds: [] };
  const today = localDate(now, tenant.timeZone);
  const contracts = await em.find(
    InspectionContract,
    { agencyId: { $in: agencyIds }, startDate: { $lte: today }, endDate: { $gte: today } },
    { fields: ['id', 'enterpriseIds'] },
  );
  return { agencyIds, enterpriseIds: [...new Set(contracts.flatMap((c) => c.enterpriseIds ?? []))] };
}

/**
 * The enterprises an inspector may read today (the enterprise scope, enterprise-scope.ts): those
 * {@link inspectorCoverage} covers. Without `tenant`, the zone's time zone is read from the tenant row of the
 * current zone; no zone: none (fail closed).
 */
export async function inspectorEnterpriseIds(
  em: Em,
  actor: Actor,
  tenant?: { timeZone: string },
  now: Date = new Date(),
): Promise<string[]> {
  let zone = tenant;
  if (!zone) {
    const tenantId = emTenantId(em);
    if (!tenantId) return [];
    const rows = (await em.getConnection().execute('SELECT time_zone FROM tenants WHERE id = ?', [tenantId])) as Array<{
      time_zone: string;
    }>;
    if (!rows[0]) return [];
    zone = { timeZone: String(rows[0].time_zone) };
  }
  return (await inspectorCoverage(em, actor, zone, now)).enterpriseIds;
}

/**
 * Which inspection tasks an actor sees (one function for every task route, never the UI):
 * - office (zone admin, safety officer, platform operator acting in the zone) and the city supervisor: all;
 * - grid worker: tasks assigned to them and tasks of enterprises in their grids;
 * - inspector: tasks of their agency (or assigned to them) of enterprises an agency contract covers today in the
 *   zone's time zone — outside the contract window nothing (a task then answers 404);
 * - enterprise users: their enterprise's tasks;
 * - anyone else: nothing.
 */
export async function inspectionTaskWhere(
  em: Em,
  actor: Actor,
  tenant: { timeZone: string },
  now: Date = new Date(),
): Promise<Record<string, unknown>> {
  if (ZONE_WIDE.has(actor.role)) return {};
  if (isEnterpriseRole(actor.role)) return actor.enterpriseId ? { enterpriseId: actor.enterpriseId } : NOTHING;
  if (actor.role === 'grid_worker') {
    const me = await em.findOne(User, { id: actor.userId }, { fields: ['gridIds'] });
    const grids = me?.gridIds ?? [];
    return { $or: [{ assigneeUserId: actor.userId }, ...(grids.length ? [{ gridId: { $in: grids } }] : [])] };
  }
  if (actor.role === 'inspector') {
    const { agencyIds, enterpriseIds } = await inspectorCoverage(em, actor, tenant, now);
    if (!enterpriseIds.length) return NOTHING;
    return {
      enterpriseId: { $in: enterpriseIds },
      $or: [{ assigneeUserId: actor.userId }, ...(agencyIds.length ? [{ agencyId: { $in: agencyIds } }] : [])],
    };
  }
  return NOTHING;
}

/** A task the actor may see, or 404 (never 403: another zone's or another scope's task does not exist for them). */
export async function visibleInspectionTask(
  em: Em,
  actor: Actor,
  tenant: { timeZone: string },
  id: string,
  now: Date = new Date(),
): Promise<InspectionTask> {
  // Both conditions, never a spread: the scope's own keys must not be overwritten by the requested id.
  const task = await em.findOne(InspectionTask, { $and: [await inspectionTaskWhere(em, actor, tenant, now), { id }] });
  if (!task) throw inspectionTaskNotFound();
  return task;
}

/**
 * Whether the actor may check in and submit a task they can see (`inspections.perform`): office staff any; enterprise
 * users only self-inspections (企业自查) of their own enterprise; a grid worker tasks assigned to them or to the
 * grid-worker role; an inspector tasks assigned to them or to their agency. Call it on a task from
 * {@link visibleInspectionTask}, so an inspector outside the contract window never gets here.
 */
export function canPerformInspectionTask(
  actor: Actor,
  task: Pick<InspectionTask, 'kind' | 'enterpriseId' | 'assigneeUserId' | 'assigneeRole' | 'agencyId'>,
  agencyIds: readonly string[] = [],
): boolean {
  if (!can(actor.role, 'inspections.perform')) return false;
  if (isEnterpriseRole(actor.role))
    return task.kind === 'self_check' && !!actor.enterpriseId && task.enterpriseId === actor.enterpriseId;
  if (task.assigneeUserId) return task.assigneeUserId === actor.userId || ZONE_WIDE.has(actor.role);
  if (ZONE_WIDE.has(actor.role)) return true;
  if (actor.role === 'grid_worker') return task.assigneeRole === 'grid_worker';
  if (actor.role === 'inspector') return !!task.agencyId && agencyIds.includes(task.agencyId);
  return false;
}
