import { escalationPlan, ESCALATION_LEVEL_LABELS, localDate, pendingStages } from '@yuanan/domain';
import { HAZARD_STATUS_LABELS, REALTIME_EVENTS, type HazardStatus } from '@yuanan/contracts';
import type { Container } from '../../core/container.ts';
import { tenantEm, type Em } from '../../core/db/orm.ts';
import { FiredEffect } from '../../core/queue/fired-effect.entity.ts';
import type { EventSubscriberDef, JobHandler } from '../../core/queue/job-registry.ts';
import { emitEvent } from '../../core/queue/outbox.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import { claimEffect, HORIZON_DAYS } from '../enterprises/enterprise.jobs.ts';
import { Enterprise } from '../enterprises/enterprise.entity.ts';
import { INPUTS_CHANGED } from '../enterprises/enterprise.service.ts';
import type { Reconciler } from '../maintenance/maintenance.jobs.ts';
import type { NotificationService } from '../notifications/notification.service.ts';
import { Hazard, HazardEvent } from './hazard.entity.ts';
import { recipientsAt } from './hazard-recipients.ts';
import { HAZARD_CHANGED } from './hazard.service.ts';

const ESCALATING: readonly HazardStatus[] = ['confirmed', 'rectifying'];
const ZONE_ROLES = ['zone_admin', 'safety_officer', 'grid_worker', 'city_supervisor', 'platform_admin'] as const;

/** The deterministic job id of one stage: the deadline is in it, so moving the deadline makes new jobs. */
export const escalationJobId = (hazardId: string, deadline: Date, stage: string) =>
  `hazard.${hazardId}.${deadline.getTime()}.${stage}`;

/**
 * One alarm per hazard: only the next stage not fired yet is a job in Redis (past-due ones fire at once); when it
 * fires it schedules the one after. Redis holds one small job per open hazard instead of one per stage.
 */
export async function scheduleEscalations(c: Container, em: Em, t: TenantInfo, hazards: Hazard[]): Promise<number> {
  const live = hazards.filter((h) => h.deadline && ESCALATING.includes(h.status));
  if (!live.length) return 0;
  const plans = live.map((h) => ({
    h,
    plan: escalationPlan(h.deadline!, t.settings.escalationPolicy.stages, {
      major: h.grade === 'major',
      majorStartsHigher: t.settings.escalationPolicy.majorStartsHigher,
    }),
  }));
  const keys = plans.flatMap(({ h, plan }) => plan.map((s) => `hazard:${h.id}:${h.deadline!.getTime()}:${s.key}`));
  const fired = new Set<string>();
  for (let i = 0; i < keys.length; i += 2000) {
    for (const f of await em.find(FiredEffect, { key: { $in: keys.slice(i, i + 2000) } }, { fields: ['key'] })) fired.add(f.key);
  }
  const horizon = Date.now() + HORIZON_DAYS * 86400_000;
  const jobs = [];
  for (const { h, plan } of plans) {
    const prefix = `hazard:${h.id}:${h.deadline!.getTime()}:`;
    const next = pendingStages(
      plan,
      [...plan.map((s) => s.key)].filter((k) => fired.has(prefix + k)),
    )[0];
    if (!next || next.fireAt.getTime() > horizon) continue;
    jobs.push({
      name: 'hazard.escalate',
      data: { tenantId: t.id, hazardId: h.id, deadline: h.deadline!.getTime(), stage: next.key, target: next.target },
      opts: { jobId: escalationJobId(h.id, h.deadline!, next.key), delay: Math.max(0, next.fireAt.getTime() - Date.now()) },
    });
  }
  // One pipelined round trip per batch; BullMQ ignores a job id it already has.
  for (let i = 0; i < jobs.length; i += 1000) await c.queues.queue('timers').addBulk(jobs.slice(i, i + 1000));
  return jobs.length;
}

async function tenantOf(c: Container, id: string | null): Promise<TenantInfo> {
  const t = id ? await c.tenants.byId(id) : null;
  if (!t) throw new Error(`unknown tenant ${id}`);
  return t;
}

/** What each transition tells whom (in-app, and WeChat/SMS by the users' preferences). */
const NOTICES: Record<
  string,
  {
    to: Array<'responsible' | 'grid_worker' | 'safety_office' | 'zone_admin' | 'reporter'>;
    title: string;
    severity?: 'info' | 'warning' | 'critical';
  }
> = {
  report: { to: ['safety_office', 'grid_worker'], title: '新隐患待确认' },
  confirm: { to: ['responsible'], title: '隐患已确认，请按期整改', severity: 'warning' },
  dismiss: { to: ['reporter'], title: '上报的隐患未予认定' },
  submit: { to: ['safety_office'], title: '整改已提交，待复核' },
  approve: { to: ['responsible', 'reporter'], title: '隐患整改已复核通过，闭环' },
  reject: { to: ['responsible'], title: '整改复核未通过，请继续整改', severity: 'warning' },
  fix_on_spot: { to: ['responsible'], title: '隐患已即查即改' },
  reopen: { to: ['responsible'], title: '隐患已重新打开，请整改', severity: 'warning' },
  extension_requested: { to: ['safety_office'], title: '整改延期申请待审批' },
  extension_approved: { to: ['responsible'], title: '延期申请已批准' },
  extension_rejected: { to: ['responsible'], title: '延期申请未批准', severity: 'warning' },
  major_list: { to: ['responsible', 'zone_admin'], title: '重大隐患已挂牌督办', severity: 'critical' },
  major_acceptance: { to: ['safety_office'], title: '重大隐患申请验收' },
};

export function hazardJobs(
  c: Container,
  notifications: NotificationService,
): { handlers: JobHandler[]; subscribers: EventSubscriberDef[]; reconcilers: Reconciler[] } {
  const handlers: JobHandler[] = [
    {
      name: 'hazard.escalate',
      handle: async (p) => {
        const t = await tenantOf(c, p.tenantId);
        const em = tenantEm(c.orm, t.id);
        const h = await em.findOne(Hazard, { id: String(p.hazardId) });
        // Closed, dismissed, submitted, or the deadline moved: this stage no longer applies.
        if (!h || !h.deadline || h.deadline.getTime() !== Number(p.deadline) || !ESCALATING.includes(h.status))
          return { skipped: 'stale' };
        const key = `hazard:${h.id}:${h.deadline.getTime()}:${String(p.stage)}`;
        if (!(await claimEffect(em, key))) return { skipped: 'done' };
        const target = p.target as Parameters<typeof recipientsAt>[2];
        const users = await recipientsAt(em, h, target);
        const e = await em.findOne(Enterprise, { id: h.enterpriseId }, { fields: ['name'] });
        const overdue = h.deadline.getTime() <= Date.now();
        const deadline = localDate(h.deadline, t.timeZone);
        await notifications.notify(em, {
          userIds: users,
          kind: overdue ? 'hazard.overdue' : 'hazard.reminder',
          title: overdue ? `隐患逾期未整改：${h.code}` : `隐患整改即将到期：${h.code}`,
          body: `${e?.name ?? ''}：${h.description.slice(0, 60)}（${h.grade === 'major' ? '重大隐患' : '一般隐患'}，期限 ${deadline}，${HAZARD_STATUS_LABELS[h.status]}）`,
          link: `/hazards/${h.id}`,
          severity: overdue ? (h.grade === 'major' ? 'critical' : 'warning') : 'info',
          dedupeKey: key,
        });
        em.create(HazardEvent, {
          hazardId: h.id,
          action: 'escalated',
          fromStatus: h.status,
          toStatus: h.status,
          actorId: null,
          actorName: '系统',
          role: null,
          comment: `${overdue ? '逾期升级' : '到期提醒'}：已通知${ESCALATION_LEVEL_LABELS[target]}（${users.length} 人）`,
          photoIds: [],
          lat: null,
          lng: null,
          at: new Date(),
        });
        if (overdue) emitEvent(em, INPUTS_CHANGED, { enterpriseId: h.enterpriseId, reason: 'hazard_overdue' });
        await em.flush();
        // The next alarm of the chain.
        await scheduleEscalations(c, em, t, [h]);
        return { fired: key, notified: users.length };
      },
    },
  ];
  const subscribers: EventSubscriberDef[] = [
    {
      event: HAZARD_CHANGED,
      name: 'hazards.schedule',
      handle: async (p) => {
        const t = await tenantOf(c, p.tenantId);
        const em = tenantEm(c.orm, t.id);
        const h = await em.findOne(Hazard, { id: String(p.hazardId) });
        if (!h) return { scheduled: 0 };
        // Jobs of other deadlines or closed hazards are found stale when they run; remove the obvious ones now.
        if (!ESCALATING.includes(h.status) || !h.deadline) {
          const timers = c.queues.queue('timers');
          for (const j of await timers.getJobs(['delayed'], 0, 2000))
            if (j?.id?.startsWith(`hazard.${h.id}.`)) await j.remove().catch(() => undefined);
          return { scheduled: 0 };
        }
        return { scheduled: await scheduleEscalations(c, em, t, [h]) };
      },
    },
    {
      event: HAZARD_CHANGED,
      name: 'hazards.notify',
      handle: async (p) => {
        const t = await tenantOf(c, p.tenantId);
        const em = tenantEm(c.orm, t.id);
        const h = await em.findOne(Hazard, { id: String(p.hazardId) });
        if (!h) return { notified: 0 };
        for (const role of ZONE_ROLES)
          c.realtime.toRole(t.id, role, REALTIME_EVENTS.hazardChanged, { id: h.id, status: h.status, action: p.action });
        c.realtime.toEnterprise(t.id, h.enterpriseId, REALTIME_EVENTS.hazardChanged, {
          id: h.id,
          status: h.status,
          action: p.action,
        });
        const notice = NOTICES[String(p.action)];
        if (!notice) return { notified: 0 };
        const users = new Set<string>();
        for (const who of notice.to) {
          if (who === 'reporter') {
            if (h.reportedBy) users.add(h.reportedBy);
          } else for (const u of await recipientsAt(em, h, who)) users.add(u);
        }
        const e = await em.findOne(Enterprise, { id: h.enterpriseId }, { fields: ['name'] });
        const created = await notifications.notify(em, {
          userIds: [...users],
          kind: `hazard.${String(p.action)}`,
          title: `${notice.title}：${h.code}`,
          body: `${e?.name ?? ''}：${h.description.slice(0, 80)}${h.deadline ? `（期限 ${localDate(h.deadline, t.timeZone)}）` : ''}`,
          link: `/hazards/${h.id}`,
          severity: notice.severity ?? (h.grade === 'major' ? 'warning' : 'info'),
          dedupeKey: `hazard-event:${String(p.eventId)}`,
        });
        return { notified: created.length };
      },
    },
  ];
  const reconcilers: Reconciler[] = [
    {
      name: 'hazards',
      run: async (cc, em, t) => {
        const horizon = new Date(Date.now() + HORIZON_DAYS * 86400_000 + 4 * 86400_000);
        let n = 0;
        let after = '';
        for (;;) {
          const rows = await em.find(
            Hazard,
            { id: { $gt: after }, status: { $in: [...ESCALATING] }, deadline: { $ne: null, $lt: horizon } },
            { orderBy: { id: 'asc' }, limit: 1000 },
          );
          if (!rows.length) break;
          n += await scheduleEscalations(cc, em, t, rows);
          after = rows.at(-1)!.id;
          em.clear();
        }
        return n;
      },
    },
  ];
  return { handlers, subscribers, reconcilers };
}
