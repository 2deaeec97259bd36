import { can, isEnterpriseRole, type Permission } from '@yuanan/contracts';
import type { Actor } from '../../core/context/request-scope.ts';
import type { Em } from '../../core/db/orm.ts';
import { forbidden, notFound } from '../../core/http/problem.ts';
import { Enterprise } from './enterprise.entity.ts';

/**
 * Inside a zone, who sees which enterprise: enterprise users only their own; third-party inspectors only the
 * enterprises their agency's contract assigns (the inspections module brings assignments — until then, none:
 * fail closed); every other zone role, all of them.
 */
export function enterpriseWhere(actor: Actor): Record<string, unknown> | null {
  if (isEnterpriseRole(actor.role)) return actor.enterpriseId ? { id: actor.enterpriseId } : null;
  if (actor.role === 'inspector') return null;
  return {};
}

export async function visibleEnterprise(em: Em, actor: Actor, id: string): Promise<Enterprise> {
  const where = enterpriseWhere(actor);
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
