import { ENTERPRISE_ROLES, type Role } from '@yuanan/contracts';
import type { EscalationLevel } from '@yuanan/domain';
import type { Em } from '../../core/db/orm.ts';
import { Enterprise } from '../enterprises/enterprise.entity.ts';
import { gridWorkersOf } from '../enterprises/enterprise.jobs.ts';
import { User } from '../identity/identity.entity.ts';
import type { Hazard } from './hazard.entity.ts';

async function byRole(em: Em, role: Role): Promise<string[]> {
  return (await em.find(User, { role, status: 'active' }, { fields: ['id'] })).map((u) => u.id);
}

/** The people at one level of a hazard's escalation chain. */
export async function recipientsAt(em: Em, h: Hazard, level: EscalationLevel): Promise<string[]> {
  switch (level) {
    case 'responsible': {
      const ent = await em.find(
        User,
        { enterpriseId: h.enterpriseId, role: { $in: [...ENTERPRISE_ROLES] }, status: 'active' },
        { fields: ['id'] },
      );
      return [...new Set([...(h.responsibleUserId ? [h.responsibleUserId] : []), ...ent.map((u) => u.id)])];
    }
    case 'grid_worker': {
      const e = await em.findOne(Enterprise, { id: h.enterpriseId }, { fields: ['gridId'] });
      return e ? gridWorkersOf(em, e) : byRole(em, 'safety_officer');
    }
    case 'safety_office':
      return byRole(em, 'safety_officer');
    case 'zone_admin':
      return byRole(em, 'zone_admin');
  }
}

/** The people at every level for many hazards, resolved with a fixed number of queries (see `recipientDirectory`). */
export interface RecipientDirectory {
  /** Users at `level` for hazard `h` (the same answer `recipientsAt` gives). */
  at(h: Pick<Hazard, 'enterpriseId' | 'responsibleUserId'>, level: EscalationLevel): string[];
  /** The enterprise's name ('' when it is gone). */
  enterpriseName(enterpriseId: string): string;
}

/**
 * Loads, in five queries whatever the number of hazards, everyone the escalation chain of `hazards` can reach:
 * their enterprises (name, grid), the enterprises' active accounts, and the zone's active grid workers, safety
 * officers and administrators. Grid workers are those whose grids include the enterprise's grid; unlike
 * `recipientsAt`, a level without anyone answers [] (the caller walks up the chain and says so on the timeline).
 */
export async function recipientDirectory(em: Em, hazards: Array<Pick<Hazard, 'enterpriseId'>>): Promise<RecipientDirectory> {
  const entIds = [...new Set(hazards.map((h) => h.enterpriseId))];
  const ents = new Map<string, { name: string; gridId: string | null }>();
  const staff = new Map<string, string[]>();
  for (let i = 0; i < entIds.length; i += 1000) {
    const chunk = entIds.slice(i, i + 1000);
    for (const e of await em.find(Enterprise, { id: { $in: chunk } }, { fields: ['id', 'name', 'gridId'] }))
      ents.set(e.id, { name: e.name, gridId: e.gridId ?? null });
    for (const u of await em.find(
      User,
      { enterpriseId: { $in: chunk }, role: { $in: [...ENTERPRISE_ROLES] }, status: 'active' },
      { fields: ['id', 'enterpriseId'] },
    ))
      staff.set(u.enterpriseId!, [...(staff.get(u.enterpriseId!) ?? []), u.id]);
  }
  const zone = await em.find(
    User,
    { role: { $in: ['grid_worker', 'safety_officer', 'zone_admin'] }, status: 'active' },
    { fields: ['id', 'role', 'gridIds'] },
  );
  const office = zone.filter((u) => u.role === 'safety_officer').map((u) => u.id);
  const admins = zone.filter((u) => u.role === 'zone_admin').map((u) => u.id);
  const byGrid = new Map<string, string[]>();
  for (const u of zone)
    if (u.role === 'grid_worker') for (const g of u.gridIds ?? []) byGrid.set(g, [...(byGrid.get(g) ?? []), u.id]);
  return {
    at(h, level) {
      switch (level) {
        case 'responsible':
          return [...new Set([...(h.responsibleUserId ? [h.responsibleUserId] : []), ...(staff.get(h.enterpriseId) ?? [])])];
        case 'grid_worker': {
          const grid = ents.get(h.enterpriseId)?.gridId;
          return grid ? (byGrid.get(grid) ?? []) : [];
        }
        case 'safety_office':
          return office;
        case 'zone_admin':
          return admins;
      }
    },
    enterpriseName: (id) => ents.get(id)?.name ?? '',
  };
}
