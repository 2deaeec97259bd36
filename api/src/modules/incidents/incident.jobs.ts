/**
 * The worker side of the incident core (A): the authority-report clock (生产安全事故报告和调查处理条例 Art. 9: report
 * within 1 hour of learning of the accident). Two reminders per real incident not yet reported — `warn` when 20
 * minutes are left (40 min with the default hour) and `due` at the deadline — to the safety office and the zone admin
 * (critical: they bypass quiet hours), each a delayed BullMQ job `incident.clock` with the deterministic id
 * `inc-clock:{incidentId}:{stage}`. The truth is the row (learned_at, authority_reported_at, clock_stage = the last
 * stage fired): the reconciler `incident-clock` re-adds the jobs of every incident still waiting after Redis lost its
 * data. Drills, cancelled incidents and incidents already reported get none (演练不上报).
 */
import { IsolationLevel, LockMode } from '@mikro-orm/core';
import { DEFAULT_INCIDENT_POLICY } from '@yuanan/contracts';
import { localMinute } from '@yuanan/domain';
import type { Container } from '../../core/container.ts';
import { tenantEm, type Em } from '../../core/db/orm.ts';
import type { EventSubscriberDef, JobHandler } from '../../core/queue/job-registry.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import { User } from '../identity/identity.entity.ts';
import type { Reconciler } from '../maintenance/maintenance.jobs.ts';
import type { NotificationService } from '../notifications/notification.service.ts';
import { announceIncident, recordEvent } from './incident-timeline.ts';
import { Incident } from './incident.entity.ts';
import type { IncidentService } from './incident.service.ts';

/** The job that fires one reminder of one incident's clock (catalogued on the 'timers' queue). */
export const CLOCK_JOB = 'incident.clock';
/** The reminders, in order. */
export const CLOCK_STAGES = ['warn', 'due'] as const;
export type ClockStage = (typeof CLOCK_STAGES)[number];
/** Minutes before the deadline the `warn` reminder fires (half the window when the zone's is shorter than 40 min). */
export const CLOCK_WARN_BEFORE_MINUTES = 20;
/** A job may run this much before its instant (clocks of the processes differ a little) and still fire. */
const SKEW_MS = 1000;

/** The job id and notification dedupe key of one reminder (BullMQ allows exactly two ':' in a custom id). */
export const clockKey = (incidentId: string, stage: ClockStage) => `inc-clock:${incidentId}:${stage}`;

/** When each reminder fires for an incident learned at `learnedAt` under the zone's policy. */
export function clockPlan(t: TenantInfo, learnedAt: Date): Array<{ stage: ClockStage; at: Date }> {
  const minutes = (t.settings.incidentPolicy ?? DEFAULT_INCIDENT_POLICY).authorityReportMinutes;
  const due = learnedAt.getTime() + minutes * 60_000;
  const warnBefore = Math.min(CLOCK_WARN_BEFORE_MINUTES, minutes / 2) * 60_000;
  return [
    { stage: 'warn', at: new Date(due - warnBefore) },
    { stage: 'due', at: new Date(due) },
  ];
}

/** The reminders not fired yet (after `fired`, the stored clock_stage). */
function pending(plan: Array<{ stage: ClockStage; at: Date }>, fired: string | null) {
  const i = fired ? CLOCK_STAGES.indexOf(fired as ClockStage) : -1;
  return plan.filter((p) => CLOCK_STAGES.indexOf(p.stage) > i);
}

/** Queues the jobs of the reminders still to fire (idempotent: a job with that id already there is kept). */
export async function queueClock(
  c: Container,
  t: TenantInfo,
  i: Pick<Incident, 'id' | 'learnedAt' | 'clockStage' | 'isDrill' | 'authorityReportedAt'>,
): Promise<number> {
  if (i.isDrill || i.authorityReportedAt) return 0;
  let n = 0;
  for (const p of pending(clockPlan(t, i.learnedAt), i.clockStage ?? null)) {
    await c.queues.add(
      CLOCK_JOB,
      { tenantId: t.id, incidentId: i.id, stage: p.stage },
      {
        jobId: clockKey(i.id, p.stage),
        delay: Math.max(0, p.at.getTime() - Date.now()),
        removeOnComplete: true,
        attempts: 5,
        backoff: { type: 'exponential', delay: 1000 },
      },
    );
    n++;
  }
  return n;
}

/** Removes the waiting reminders of an incident (reported, closed or cancelled). The job checks the row anyway. */
export async function cancelClock(c: Container, incidentId: string): Promise<void> {
  for (const s of CLOCK_STAGES) await c.queues.remove(CLOCK_JOB, clockKey(incidentId, s)).catch(() => undefined);
}

/**
 * Fires one reminder under the incident's row lock: nothing when it was reported, cancelled, closed, is a drill, or
 * this stage (or a later one) already fired; a job woken early is queued again. Notifies the safety office and the
 * zone admin (dedupe `inc-clock:{id}:{stage}`), writes `authority_due` on the timeline and moves clock_stage.
 */
export async function fireClock(
  c: Container,
  notifications: NotificationService,
  t: TenantInfo,
  incidentId: string,
  stage: ClockStage,
): Promise<{ fired: ClockStage | null; reason?: string }> {
  const em = tenantEm(c.orm, t.id);
  const out = await em.fork().transactional(
    async (tx) => {
      const i = await tx.findOne(Incident, { id: incidentId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!i) return { fired: null, reason: 'missing' } as const;
      if (i.isDrill || i.authorityReportedAt || i.status === 'cancelled' || i.status === 'closed')
        return { fired: null, reason: 'handled' } as const;
      const todo = pending(clockPlan(t, i.learnedAt), i.clockStage ?? null);
      const mine = todo.find((p) => p.stage === stage);
      if (!mine) return { fired: null, reason: 'fired' } as const;
      if (mine.at.getTime() > Date.now() + SKEW_MS) return { fired: null, reason: 'early', requeue: mine } as const;
      const due = clockPlan(t, i.learnedAt).at(-1)!.at;
      const users = (
        await tx.find(User, { role: { $in: ['zone_admin', 'safety_officer'] }, status: 'active' } as never, { fields: ['id'] })
      ).map((u) => u.id);
      const minutesLeft = Math.max(0, Math.round((due.getTime() - Date.now()) / 60_000));
      const title = stage === 'due' ? `事故上报已超时：${i.no}` : `事故上报时限将到：${i.no}（剩余 ${minutesLeft} 分钟）`;
      const body =
        stage === 'due'
          ? `${i.no}（${i.description.slice(0, 60)}）于 ${localMinute(i.learnedAt, t.timeZone)} 接报，已超过 1 小时上报时限仍未登记上报。请立即向应急管理部门报告并在系统中登记。`
          : `${i.no}（${i.description.slice(0, 60)}）须于 ${localMinute(due, t.timeZone)} 前向应急管理部门报告（生产安全事故报告和调查处理条例第九条）。`;
      const created = await notifications.stageMany(tx, [
        {
          userIds: users,
          kind: stage === 'due' ? 'incident.clock.overdue' : 'incident.clock.warn',
          title,
          body,
          link: `/incidents/${i.id}`,
          severity: 'critical',
          dedupeKey: clockKey(i.id, stage),
        },
      ]);
      i.clockStage = stage;
      recordEvent(tx, {
        incidentId: i.id,
        kind: 'authority_due',
        actor: null,
        text:
          stage === 'due'
            ? '已超过上报时限，已提醒园区安全办和管理员'
            : `距上报时限还有 ${minutesLeft} 分钟，已提醒园区安全办和管理员`,
        data: { stage, dueAt: due.toISOString(), notified: users.length },
      });
      await tx.flush();
      return { fired: stage, created, summary: { id: i.id, no: i.no, status: i.status, isDrill: i.isDrill } } as const;
    },
    { isolationLevel: IsolationLevel.READ_COMMITTED },
  );
  if ('requeue' in out && out.requeue) {
    await c.queues.add(
      CLOCK_JOB,
      { tenantId: t.id, incidentId, stage },
      {
        jobId: `${clockKey(incidentId, stage)}@${out.requeue.at.getTime()}`,
        delay: Math.max(0, out.requeue.at.getTime() - Date.now()),
        removeOnComplete: true,
      },
    );
    return { fired: null, reason: 'early' };
  }
  if (!out.fired) return { fired: null, reason: out.reason };
  if ('created' in out) {
    await notifications.published(em, out.created);
    announceIncident(c, t.id, { ...out.summary, kind: 'authority_due' });
  }
  return { fired: out.fired };
}

/**
 * Re-adds the reminder jobs of every real incident of the zone still waiting for its authority report (learned
 * within the last 2 days: older ones have fired both reminders long ago or were handled). Idempotent.
 */
export async function reconcileClocks(c: Container, em: Em, t: TenantInfo): Promise<number> {
  const rows = await em.find(
    Incident,
    {
      isDrill: false,
      authorityReportedAt: null,
      status: { $in: ['reported', 'responding', 'controlled'] },
      $or: [{ clockStage: null }, { clockStage: { $ne: 'due' } }],
      learnedAt: { $gte: new Date(Date.now() - 2 * 86400_000) },
    } as never,
    { fields: ['id', 'learnedAt', 'clockStage', 'isDrill', 'authorityReportedAt'], limit: 5000 },
  );
  let n = 0;
  for (const r of rows) n += await queueClock(c, t, r);
  return n;
}

async function tenantOf(c: Container, id: unknown): Promise<TenantInfo> {
  const t = id ? await c.tenants.byId(String(id)) : null;
  if (!t) throw new Error(`unknown tenant ${String(id)}`);
  return t;
}

/** Handlers, subscribers and the reconciler of the incident core (wired in incidents.module.ts). */
export function incidentJobs(c: Container, notifications: NotificationService, _incidents: IncidentService) {
  const handlers: JobHandler[] = [
    {
      name: CLOCK_JOB,
      handle: async (p) =>
        fireClock(c, notifications, await tenantOf(c, p.tenantId), String(p.incidentId), String(p.stage) as ClockStage),
    },
  ];
  const subscribers: EventSubscriberDef[] = [];
  const reconcilers: Reconciler[] = [{ name: 'incident-clock', run: (cc, em, t) => reconcileClocks(cc, em, t) }];
  return { handlers, subscribers, reconcilers };
}
