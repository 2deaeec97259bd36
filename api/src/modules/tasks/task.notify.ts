import { ENTERPRISE_ROLES } from '@yuanan/contracts';
import { localDate } from '@yuanan/domain';
import type { Container } from '../../core/container.ts';
import { tenantEm } from '../../core/db/orm.ts';
import type { EventSubscriberDef } from '../../core/queue/job-registry.ts';
import { Enterprise } from '../enterprises/enterprise.entity.ts';
import { User } from '../identity/identity.entity.ts';
import type { NotificationService } from '../notifications/notification.service.ts';
import { Task } from './task.entity.ts';

/** Outbox event: the system raised a new to-do (`{ taskId, kind }`), committed with it (task.service.ts). */
export const TASK_RAISED = 'task.raised';

/** Kinds whose own timer job already tells the enterprise (enterprise.jobs.ts), so the raise says nothing more. */
const NOTIFIED_ELSEWHERE = new Set(['certificate_expired', 'certificate_expiring', 'supply_expired']);

/** The enterprise file's tab where a task of each kind is done. */
const TAB_OF: Record<string, string> = {
  supply_below_minimum: 'supplies',
  supply_low: 'supplies',
  drill_overdue: 'plans',
  risk_point_review: 'riskPoints',
};

/**
 * Tells an enterprise's users of a to-do the system raised for them that nothing else announces (stock below the
 * minimum, an overdue drill): one notification per enterprise and day (dedupe key by enterprise and local date),
 * naming the enterprise and the to-do — an import or the nightly run that raises many at once rings once, and the
 * rest are on the workbench.
 */
export function taskNotices(c: Container, notifications: NotificationService): EventSubscriberDef[] {
  return [
    {
      event: TASK_RAISED,
      name: 'tasks.notifyRaised',
      handle: async (p) => {
        if (NOTIFIED_ELSEWHERE.has(String(p.kind))) return { notified: 0 };
        const t = await c.tenants.byId(String(p.tenantId));
        if (!t) return { notified: 0 };
        const em = tenantEm(c.orm, t.id);
        const task = await em.findOne(Task, { id: String(p.taskId) });
        if (!task || task.status !== 'open' || !task.enterpriseId) return { notified: 0 };
        const e = await em.findOne(Enterprise, { id: task.enterpriseId }, { fields: ['id', 'name'] });
        const users = await em.find(
          User,
          { enterpriseId: task.enterpriseId, role: { $in: [...ENTERPRISE_ROLES] }, status: 'active' },
          { fields: ['id'] },
        );
        const tab = TAB_OF[task.kind];
        const created = await notifications.notify(em, {
          userIds: users.map((u) => u.id),
          kind: `task.${task.kind}`,
          title: `新待办：${task.title}`,
          body: `${e?.name ?? ''}：${task.detail ?? task.title}。请及时处理，其他待办见首页「待办事项」。`,
          link: tab ? `/enterprises/${task.enterpriseId}?tab=${tab}` : '/tasks',
          severity: 'warning',
          dedupeKey: `tasks:${task.enterpriseId}:${localDate(new Date(), t.timeZone)}`,
        });
        return { notified: created.length };
      },
    },
  ];
}
