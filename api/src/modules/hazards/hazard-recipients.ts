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
