import { ENTERPRISE_ROLES, isEnterpriseRole } from '@yuanan/contracts';
import { cappedCount } from '../../core/db/keyset.ts';
import { t } from '../../core/http/problem.ts';
import { enterpriseNames } from '../workbench/workbench.helpers.ts';
import { OFFICE_ROLES, type WorkbenchContext, type WorkbenchRegistry } from '../workbench/workbench.registry.ts';
import { Task } from './task.entity.ts';
import { taskText } from './task-text.ts';

/** The enterprise file's tab where a task of each kind is done (admin console `?tab=`). */
const TAB_OF: Record<string, string> = {
  certificate_expiring: 'certificates',
  certificate_expired: 'certificates',
  supply_expired: 'supplies',
  supply_low: 'supplies',
  supply_below_minimum: 'supplies',
  drill_overdue: 'plans',
  risk_point_review: 'riskPoints',
};

const scope = (c: WorkbenchContext): Record<string, unknown> =>
  isEnterpriseRole(c.actor.role) ? { enterpriseId: c.actor.enterpriseId ?? '-' } : {};

/**
 * The tasks module's card: open to-dos the system raised from the enterprise files (expired certificates and
 * supplies, stock below minimum, overdue drills), each linked to the record's tab. Enterprise users: their own.
 */
export function registerTaskCards(wb: WorkbenchRegistry): void {
  wb.register({
    key: 'tasks.open',
    module: 'tasks',
    order: 50,
    roles: [...OFFICE_ROLES, ...ENTERPRISE_ROLES],
    when: (a) => !isEnterpriseRole(a.role) || Boolean(a.enterpriseId),
    title: t('待办任务', 'Open to-dos'),
    description: t(
      '系统根据企业档案生成的待办：证书、物资、演练',
      'Raised from the enterprise files: certificates, supplies, drills',
    ),
    count: (c) => cappedCount(c.em, Task, { tenantId: c.tenant.id, status: 'open', ...scope(c) }),
    items: async (c, limit) => {
      const rows = await c.em.find(Task, { status: 'open', ...scope(c) }, { orderBy: { createdAt: 'desc', id: 'desc' }, limit });
      const names = await enterpriseNames(
        c.em,
        rows.map((r) => r.enterpriseId),
      );
      return rows.map((r) => {
        // The stored sentence in the reader's language (names stay as entered).
        const text = taskText(r, c.lang);
        return {
          id: r.id,
          title: text.title,
          subtitle: isEnterpriseRole(c.actor.role)
            ? text.detail
            : [r.enterpriseId ? names.get(r.enterpriseId) : null, text.detail].filter(Boolean).join(' · ') || null,
          at: (r.dueAt ?? r.createdAt).toISOString(),
          tag: null,
          link: r.enterpriseId && TAB_OF[r.kind] ? `/enterprises/${r.enterpriseId}?tab=${TAB_OF[r.kind]}` : '/tasks',
        };
      });
    },
    link: '/tasks',
  });
}
