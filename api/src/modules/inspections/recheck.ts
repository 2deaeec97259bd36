import { addDays, endOfLocalDay, localDate, zonedToUtc } from '@yuanan/domain';
import type { Actor } from '../../core/context/request-scope.ts';
import type { Em } from '../../core/db/orm.ts';
import { AppError, t } from '../../core/http/problem.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import type { Hazard } from '../hazards/hazard.entity.ts';
import type { HazardTransitionHook } from '../hazards/hazard.service.ts';
import { InspectionTask, notStartedTask } from './inspection.entity.ts';

/**
 * Re-check (复查) of hazards raised by an inspection, when the zone asks for it (`inspectionRecheckRequired`):
 * - when such a hazard's rectification is submitted (→ pending_review), a `recheck` task is made for the original
 *   task's assignee (same template; only the item that raised the hazard is asked), due in RECHECK_DAYS; one open
 *   re-check at a time per hazard (a rejected and resubmitted rectification reuses the open one);
 * - the review may not pass (approve → closed) while the hazard's latest re-check is not done, nor when it found
 *   the item still failing.
 * Runs as a hook of the hazard service's transitions, inside their transaction under the hazard's row lock.
 */
export const RECHECK_DAYS = 3;

/** The done inspection (not a re-check) whose failed item raised this hazard, if any. */
export async function originTask(em: Em, h: Pick<Hazard, 'id' | 'enterpriseId'>): Promise<InspectionTask | null> {
  // Bounded by the enterprise (index tenant, enterprise, status); hazardIds is a short json array.
  // Only the ids are read for the scan; the one task is then read whole.
  const done = await em.find(
    InspectionTask,
    { enterpriseId: h.enterpriseId, status: 'done', kind: { $ne: 'recheck' } },
    { fields: ['id', 'hazardIds'], orderBy: { completedAt: 'desc', id: 'desc' } },
  );
  const hit = done.find((task) => (task.hazardIds ?? []).includes(h.id));
  return hit ? em.findOne(InspectionTask, { id: hit.id }, { refresh: true }) : null;
}

/** The latest re-check task of a hazard. */
export function latestRecheck(em: Em, hazardId: string): Promise<InspectionTask | null> {
  return em.findOne(InspectionTask, { recheckOfHazardId: hazardId }, { orderBy: { createdAt: 'desc', id: 'desc' } });
}

export function recheckHook(): HazardTransitionHook {
  return {
    async before(em: Em, _actor: Actor, tenant: TenantInfo, h: Hazard, action) {
      if (action !== 'approve' || !tenant.settings.inspectionRecheckRequired) return;
      const recheck = await latestRecheck(em, h.id);
      if (!recheck) return;
      if (recheck.status !== 'done')
        throw new AppError(
          409,
          'invalid_transition',
          t(
            '该隐患由检查发现，须先完成复查任务才能复核通过',
            'This hazard was found by an inspection: its re-check must be done before the review can pass',
          ),
        );
      if ((recheck.summary?.failed ?? 0) > 0)
        throw new AppError(
          409,
          'invalid_transition',
          t(
            '复查发现该项仍不合格，请复核不通过并退回整改',
            'The re-check found the item still failing: fail the review and send it back',
          ),
        );
    },
    async after(em: Em, _actor: Actor, tenant: TenantInfo, h: Hazard, _action, _from) {
      if (h.status !== 'pending_review' || !tenant.settings.inspectionRecheckRequired) return;
      const open = await em.findOne(InspectionTask, { recheckOfHazardId: h.id, status: { $ne: 'done' } });
      if (open) return;
      const origin = await originTask(em, h);
      if (!origin) return;
      const now = new Date();
      const today = localDate(now, tenant.timeZone);
      const [y, m, d] = today.split('-').map(Number) as [number, number, number];
      em.create(InspectionTask, {
        planId: null,
        enterpriseId: origin.enterpriseId,
        gridId: origin.gridId ?? null,
        templateId: origin.templateId,
        kind: 'recheck',
        assigneeUserId: origin.assigneeUserId ?? null,
        assigneeRole: origin.assigneeRole ?? null,
        agencyId: origin.agencyId ?? null,
        periodKey: today,
        startAt: zonedToUtc(y, m, d, 0, 0, 0, tenant.timeZone),
        dueAt: endOfLocalDay(addDays(today, RECHECK_DAYS - 1), tenant.timeZone),
        status: 'open',
        ...notStartedTask(),
        recheckOfHazardId: h.id,
        reminderSentAt: null,
      } as never);
    },
  };
}
