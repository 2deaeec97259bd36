import { can, isEnterpriseRole, type Permission } from '@yuanan/contracts';
import type { Actor } from '../../core/context/request-scope.ts';
import type { Em } from '../../core/db/orm.ts';
import { forbidden, notFound } from '../../core/http/problem.ts';
import { inspectorEnterpriseIds } from '../inspections/inspection-scope.ts';
import { Enterprise } from './enterprise.entity.ts';

/**
 * Inside a zone, who sees which enterprise: enterprise users only their own; third-party inspectors (read only)
 * the enterprises covered by a contract of their agency in force today in the zone's time zone
 * (inspection-scope.ts `inspectorEnterpriseIds`: from startDate to endDate inclusive, none the day after); every
 * other zone role, all of them. `null` = nothing (fail closed: no tenant, no agency, no contract in force).
 * `tenant` saves reading the zone's time zone when the caller has it.
 */
export async function enterpriseWhere(
  em: Em,
  actor: Actor,
  tenant?: { timeZone: string },
  now: Date = new Date(),
): Promise<Record<string, unknown> | null> {
  if (isEnterpriseRole(actor.role)) return actor.enterpriseId ? { id: actor.enterpriseId } : null;
  if (actor.role === 'inspector') {
    const ids = await inspectorEnterpriseIds(em, actor, tenant, now);
    // Sorted: the filter is part of cache keys (list counts, map ETag).
    return ids.length ? { id: { $in: [...ids].sort() } } : null;
  }
  return {};
}

export async function visibleEnterprise(em: Em, actor: Actor, id: string): Promise<Enterprise> {
  const where = await enterpriseWhere(em, actor);
  if (!where) throw notFound('enterprise');
  // Both conditions, never a spread: the scope's own `id` must not be overwritten by the requested one.
  const e = await em.findOne(Enterprise, { $and: [where, { id }] });
  if (!e) throw notFound('enterprise');
  return e;
}

/** Writing an enterprise's records: zone staff with the permission, or the enterprise's own users. */
export async function writableEnterprise(
  em: Em,
  actor: Actor,
  id: string,
  zonePermission: Permission = 'enterprises.manage',
): Promise<Enterprise> {
  const e = await visibleEnterprise(em, actor, id);
  if (isEnterpriseRole(actor.role) ? actor.enterpriseId !== e.id : !can(actor.role, zonePermission)) throw forbidden();
  return e;
}
