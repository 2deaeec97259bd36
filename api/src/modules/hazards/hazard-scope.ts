import { isEnterpriseRole } from '@yuanan/contracts';
import type { Actor } from '../../core/context/request-scope.ts';
import type { Em } from '../../core/db/orm.ts';
import { notFound } from '../../core/http/problem.ts';
import { User } from '../identity/identity.entity.ts';
import { inspectorEnterpriseIds } from '../inspections/inspection-scope.ts';
import { Hazard } from './hazard.entity.ts';

/**
 * Which hazards an actor sees: enterprise users their enterprise's; grid workers those in their grids and those
 * they reported; inspectors those of the enterprises their agency's contracts cover today (the enterprise scope,
 * enterprise-scope.ts: from the contract's startDate to its endDate in the zone's time zone) and nothing else — not
 * even the hazards they reported once the contract has ended (DOMAIN.md: an inspector sees the enterprises of its
 * agency's contract "during the contract window only"); everyone else in the zone, all.
 */
export async function hazardWhere(em: Em, actor: Actor): Promise<Record<string, unknown>> {
  if (isEnterpriseRole(actor.role)) return { enterpriseId: actor.enterpriseId ?? '-' };
  if (actor.role === 'inspector') {
    const ids = await inspectorEnterpriseIds(em, actor);
    return { enterpriseId: { $in: ids.length ? ids : ['-'] } };
  }
  if (actor.role === 'grid_worker') {
    const me = await em.findOne(User, { id: actor.userId }, { fields: ['gridIds'] });
    const grids = me?.gridIds ?? [];
    return { $or: [{ reportedBy: actor.userId }, ...(grids.length ? [{ gridId: { $in: grids } }] : [])] };
  }
  return {};
}

export async function visibleHazard(em: Em, actor: Actor, id: string): Promise<Hazard> {
  const h = await em.findOne(Hazard, { $and: [await hazardWhere(em, actor), { id }] });
  if (!h) throw notFound('hazard');
  return h;
}
