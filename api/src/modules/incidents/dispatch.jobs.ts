/**
 * The worker side of dispatch: the acknowledgement timeout (`incident.dispatch.ack-timeout`, one delayed job per
 * dispatch, id `inc-ack:{dispatchId}:ack`, fired at `ack_due_at`) that escalates an unacknowledged dispatch to the
 * next available person and tells the team leader(s) and the duty desk; the roll call (`incident.rollcall`, a
 * repeating delayed job per incident with people on scene, id `inc-roll:{incidentId}:{epochMs}`) that asks everyone
 * on scene every accountabilityMinutes and reports those who did not answer within ROLL_CALL_ANSWER_MINUTES; and the
 * reconciler (`incident-dispatch`) that re-adds both from the rows after Redis lost its data. The truth is always the
 * row (like iot/alarm-escalation.ts): a job that finds nothing due does nothing, or queues itself again.
 */
import { IsolationLevel, LockMode } from '@mikro-orm/core';
import { INCIDENT_REALTIME_EVENTS, type Role } from '@yuanan/contracts';
import type { Container } from '../../core/container.ts';
import { tenantEm, type Em } from '../../core/db/orm.ts';
import type { JobHandler } from '../../core/queue/job-registry.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import { DutyTeam } from '../duty/duty.entity.ts';
import type { DutyService } from '../duty/duty.service.ts';
import { User } from '../identity/identity.entity.ts';
import type { Reconciler } from '../maintenance/maintenance.jobs.ts';
import type { Notification } from '../notifications/notification.entity.ts';
import type { NotificationService } from '../notifications/notification.service.ts';
import { escalatedMemberNotice, escalationNotice, rollCallMissedNotice, rollCallNotice } from './dispatch-notices.ts';
import { IncidentDispatch } from './dispatch.entity.ts';
import {
  DISPATCHABLE_ROLES,
  OPEN_INCIDENT_STATUSES,
  ROLL_CALL_ANSWER_MINUTES,
  policyOf,
  summaryOf,
  type DispatchService,
  type DispatchTimers,
} from './dispatch.service.ts';
import { Incident } from './incident.entity.ts';
import { announceIncident, recordEvent } from './incident-timeline.ts';

/** The job that escalates one unacknowledged dispatch (catalogued on the 'timers' queue). */
export const ACK_TIMEOUT_JOB = 'incident.dispatch.ack-timeout';
/** The job that runs the roll call of one incident (catalogued on the 'timers' queue). */
export const ROLL_CALL_JOB = 'incident.rollcall';
/** A job may run this much before its instant (clocks of the processes differ a little) and still fire. */
export const SKEW_MS = 1000;
const MINUTE = 60_000;

/** The job id of a dispatch's ack timeout (BullMQ allows exactly two ':' in a custom id). */
export const ackJobId = (dispatchId: string) => `inc-ack:${dispatchId}:ack`;
/** The job id of an incident's roll call at one instant. */
export const rollCallJobId = (incidentId: string, at: Date) => `inc-roll:${incidentId}:${at.getTime()}`;

/** Queues the ack timeout of one dispatch at `at` (idempotent; `again`: a distinct id for a job re-queued by itself). */
export async function queueAckTimeout(c: Container, tenantId: string, dispatchId: string, at: Date, again = false) {
  await c.queues.add(
    ACK_TIMEOUT_JOB,
    { tenantId, dispatchId },
    {
      jobId: again ? `${ackJobId(dispatchId)}@${at.getTime()}` : ackJobId(dispatchId),
      delay: Math.max(0, at.getTime() - Date.now()),
      removeOnComplete: true,
      attempts: 5,
      backoff: { type: 'exponential', delay: 1000 },
    },
  );
}

/** Queues the roll call of one incident at `at` (idempotent per instant). */
export async function queueRollCall(c: Container, tenantId: string, incidentId: string, at: Date) {
  await c.queues.add(
    ROLL_CALL_JOB,
    { tenantId, incidentId },
    {
      jobId: rollCallJobId(incidentId, at),
      delay: Math.max(0, at.getTime() - Date.now()),
      removeOnComplete: true,
      attempts: 5,
      backoff: { type: 'exponential', delay: 1000 },
    },
  );
}

/** The timers the service uses (set on DispatchService.timers by the module). */
export function dispatchTimers(c: Container): DispatchTimers {
  return {
    ackTimeout: (tenantId, dispatchId, at) => queueAckTimeout(c, tenantId, dispatchId, at),
    rollCall: (tenantId, incidentId, at) => queueRollCall(c, tenantId, incidentId, at),
  };
}

/**
 * The next person for an escalated dispatch: on duty now, an active rescuer, not committed to an open incident and
 * never dispatched to this one — first of the escalated person's team, then of the other teams on duty (in the
 * roster's order). Their user row is locked before the committed check so two escalations cannot take one person.
 */
async function nextPerson(
  tx: Em,
  svc: DispatchService,
  duty: DutyService,
  incidentId: string,
  teamId: string | null,
  now: Date,
): Promise<{ user: User; team: { teamId: string; leader: boolean } } | null> {
  const onDuty = await duty.onDutyNow(tx, now);
  const ordered = [...onDuty.filter((x) => x.team.id === teamId), ...onDuty.filter((x) => x.team.id !== teamId)];
  const tried = new Set((await tx.find(IncidentDispatch, { incidentId }, { fields: ['userId'] })).map((d) => d.userId));
  for (const x of ordered)
    for (const userId of x.userIds) {
      if (tried.has(userId)) continue;
      tried.add(userId);
      const u = await tx.findOne(User, { id: userId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!u || u.status !== 'active' || !DISPATCHABLE_ROLES.includes(u.role as Role)) continue;
      if ((await svc.committed(tx, [userId])).has(userId)) continue;
      return { user: u, team: { teamId: x.team.id, leader: x.team.leaderUserId === userId } };
    }
  return null;
}

/**
 * Fires the ack timeout of one dispatch under the incident's and the dispatch's row locks: nothing when it was
 * acknowledged, stood down or the incident ended meanwhile; queued again when it is not due yet. Otherwise the
 * dispatch becomes `escalated` (event `escalated`), the next person is dispatched with the same rule (event
 * `dispatched`, their own ack deadline and job), and the team leader(s) (when the zone's escalateToLeader) and the
 * duty desk are told (critical); so is the member, truthfully: who took over, or that nobody did.
 */
export async function fireAckTimeout(
  c: Container,
  svc: DispatchService,
  duty: DutyService,
  notifications: NotificationService,
  t: TenantInfo,
  dispatchId: string,
): Promise<{ escalated: boolean; replacement?: string | null; reason?: string }> {
  const em = tenantEm(c.orm, t.id);
  const seen = await em.findOne(IncidentDispatch, { id: dispatchId });
  if (!seen) return { escalated: false, reason: 'missing' };
  const policy = policyOf(t);
  const out = await em.fork().transactional(
    async (tx) => {
      const i = await tx.findOne(Incident, { id: seen.incidentId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
      const d = await tx.findOne(IncidentDispatch, { id: dispatchId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
      if (!i || !d) return { escalated: false, reason: 'missing' } as const;
      if (d.status !== 'pending_ack' || d.acknowledgedAt) return { escalated: false, reason: 'handled' } as const;
      if (!(OPEN_INCIDENT_STATUSES as readonly string[]).includes(i.status))
        return { escalated: false, reason: 'closed' } as const;
      const now = new Date();
      if (d.ackDueAt.getTime() > now.getTime() + SKEW_MS)
        return { escalated: false, reason: 'early', requeue: d.ackDueAt } as const;
      d.status = 'escalated';
      d.escalatedAt = now;
      const minutes = Math.max(1, Math.round((d.ackDueAt.getTime() - d.dispatchedAt.getTime()) / MINUTE));
      const next = await nextPerson(tx, svc, duty, i.id, d.teamId ?? null, now);
      await recordEvent(tx, {
        incidentId: i.id,
        kind: 'escalated',
        actor: null,
        text: next
          ? `${d.userName} 未在 ${minutes} 分钟内确认，已升级改派 ${next.user.name}`
          : `${d.userName} 未在 ${minutes} 分钟内确认，无可替补的值班人员，请人工调派`,
        data: { dispatchId: d.id, userId: d.userId, replacementUserId: next?.user.id ?? null },
        at: now,
      });
      const created: Notification[] = [];
      let replacement: IncidentDispatch | null = null;
      if (next) {
        const r = await svc.dispatchReplacement(tx, i, next.user, next.team, d.id, now, policy.ackMinutes);
        replacement = r.row;
        created.push(...r.created);
      }
      // The leader(s) of the escalated person's team (and of the replacement's), and the duty desk.
      const told = new Set<string>(await svc.deskUsers(tx));
      if (policy.escalateToLeader) {
        const teamIds = [d.teamId, next?.team.teamId].filter((x): x is string => Boolean(x));
        if (teamIds.length)
          for (const team of await tx.find(DutyTeam, { id: { $in: teamIds } }, { fields: ['leaderUserId'] }))
            if (team.leaderUserId) told.add(team.leaderUserId);
      }
      told.delete(d.userId);
      created.push(
        ...(await notifications.stageMany(tx, [
          {
            userIds: [...told],
            kind: 'incident.escalate',
            ...escalationNotice(i, d.userName, minutes, next?.user.name ?? null),
            link: `/incidents/${i.id}`,
            severity: 'critical',
            dedupeKey: `inc-esc:${d.id}`,
          },
          // The member: who took over, or that nobody did (a late ack still lets them go).
          {
            userIds: [d.userId],
            kind: 'incident.escalated',
            ...escalatedMemberNotice(i, minutes, next?.user.name ?? null),
            link: `/pkg-incident/pages/dispatch/index?id=${d.id}`,
            severity: 'critical',
            dedupeKey: `inc-esc-member:${d.id}`,
          },
        ])),
      );
      await tx.flush();
      return { escalated: true, replacement, created, incident: i } as const;
    },
    { isolationLevel: IsolationLevel.READ_COMMITTED },
  );
  if ('requeue' in out && out.requeue) {
    await queueAckTimeout(c, t.id, dispatchId, out.requeue, true);
    return { escalated: false, reason: 'early' };
  }
  if (!out.escalated) return { escalated: false, reason: out.reason };
  await notifications.published(em, out.created);
  if (out.replacement) {
    await queueAckTimeout(c, t.id, out.replacement.id, out.replacement.ackDueAt);
    c.realtime.toUser(t.id, out.replacement.userId, INCIDENT_REALTIME_EVENTS.dispatch, {
      id: out.replacement.id,
      incidentId: out.incident.id,
      status: out.replacement.status,
    });
  }
  announceIncident(c, t.id, summaryOf(out.incident, 'escalated'));
  return { escalated: true, replacement: out.replacement?.id ?? null };
}

/** The next instant the roll call of these on-scene dispatches needs the job: a roll call due, or an answer due. */
export function nextRollCallAt(rows: Array<Pick<IncidentDispatch, 'rollCallDueAt' | 'rollCallSentAt'>>): Date | null {
  let best: number | null = null;
  for (const r of rows) {
    for (const at of [
      r.rollCallDueAt?.getTime(),
      r.rollCallSentAt ? r.rollCallSentAt.getTime() + ROLL_CALL_ANSWER_MINUTES * MINUTE : undefined,
    ])
      if (at !== undefined && (best === null || at < best)) best = at;
  }
  return best === null ? null : new Date(best);
}

/**
 * Runs the roll call of one incident under its row lock: people on scene who did not answer a roll call within
 * ROLL_CALL_ANSWER_MINUTES → event `roll_call_missed` + a critical notice to the duty desk (once per roll call);
 * people whose roll call is due → asked now (event `roll_call`, critical notice to each, next one in
 * accountabilityMinutes). Then the job of the next instant is queued. Nothing for a closed or cancelled incident.
 */
export async function fireRollCall(
  c: Container,
  svc: DispatchService,
  notifications: NotificationService,
  t: TenantInfo,
  incidentId: string,
): Promise<{ asked: number; missed: number }> {
  const em = tenantEm(c.orm, t.id);
  const every = policyOf(t).accountabilityMinutes;
  const out = await em.fork().transactional(
    async (tx) => {
      const i = await tx.findOne(Incident, { id: incidentId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
      if (!i || !(OPEN_INCIDENT_STATUSES as readonly string[]).includes(i.status)) return null;
      const rows = await tx.find(
        IncidentDispatch,
        { incidentId, status: 'on_scene' },
        { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true, orderBy: { id: 'asc' } },
      );
      const now = new Date();
      const soon = now.getTime() + SKEW_MS;
      // A roll call is answered by clearing rollCallSentAt (DispatchService.rollCallAnswer): still set after the
      // answer window → missed.
      const missed = rows.filter(
        (d) => d.rollCallSentAt && d.rollCallSentAt.getTime() + ROLL_CALL_ANSWER_MINUTES * MINUTE <= soon,
      );
      const created: Notification[] = [];
      if (missed.length) {
        const names = missed.map((d) => d.userName);
        await recordEvent(tx, {
          incidentId,
          kind: 'roll_call_missed',
          actor: null,
          text: `${names.join('、')} 未在 ${ROLL_CALL_ANSWER_MINUTES} 分钟内回复人员清点`,
          data: { dispatchIds: missed.map((d) => d.id), userIds: missed.map((d) => d.userId) },
          at: now,
        });
        created.push(
          ...(await notifications.stageMany(tx, [
            {
              userIds: await svc.deskUsers(tx),
              kind: 'incident.rollcall.missed',
              ...rollCallMissedNotice(i, names, ROLL_CALL_ANSWER_MINUTES),
              link: `/incidents/${i.id}`,
              severity: 'critical',
              dedupeKey: `inc-roll-miss:${missed[0]!.id}:${missed[0]!.rollCallSentAt!.getTime()}`,
            },
          ])),
        );
        for (const d of missed) d.rollCallSentAt = null;
      }
      const due = rows.filter((d) => d.rollCallDueAt && d.rollCallDueAt.getTime() <= soon);
      if (due.length) {
        await recordEvent(tx, {
          incidentId,
          kind: 'roll_call',
          actor: null,
          text: `人员清点：${due.map((d) => d.userName).join('、')}`,
          data: { dispatchIds: due.map((d) => d.id) },
          at: now,
        });
        created.push(
          ...(await notifications.stageMany(
            tx,
            due.map((d) => ({
              userIds: [d.userId],
              kind: 'incident.rollcall',
              ...rollCallNotice(i, ROLL_CALL_ANSWER_MINUTES),
              link: `/pkg-incident/pages/dispatch/index?id=${d.id}`,
              severity: 'critical' as const,
              dedupeKey: `inc-roll:${d.id}:${d.rollCallDueAt!.getTime()}`,
            })),
          )),
        );
        for (const d of due) {
          d.rollCallSentAt = now;
          d.rollCallDueAt = new Date(now.getTime() + every * MINUTE);
        }
      }
      await tx.flush();
      return { incident: i, created, asked: due.length, missed: missed.length, next: nextRollCallAt(rows) };
    },
    { isolationLevel: IsolationLevel.READ_COMMITTED },
  );
  if (!out) return { asked: 0, missed: 0 };
  await notifications.published(em, out.created);
  if (out.next) await queueRollCall(c, t.id, incidentId, out.next);
  if (out.asked || out.missed) announceIncident(c, t.id, summaryOf(out.incident, out.missed ? 'roll_call_missed' : 'roll_call'));
  return { asked: out.asked, missed: out.missed };
}

/**
 * Re-adds the ack-timeout job of every pending dispatch of an open incident from the rows (after Redis lost its data;
 * at worker start; on the maintenance schedule). Idempotent: a job already queued is kept. Returns how many.
 */
export async function reconcileAckTimeouts(c: Container, em: Em, t: TenantInfo): Promise<number> {
  const pending = await em.find(
    IncidentDispatch,
    { status: 'pending_ack', acknowledgedAt: null },
    { fields: ['id', 'incidentId', 'ackDueAt'], orderBy: { ackDueAt: 'asc' }, limit: 5000 },
  );
  const open = await openIncidents(
    em,
    pending.map((d) => d.incidentId),
  );
  let n = 0;
  for (const d of pending) {
    if (!open.has(d.incidentId)) continue;
    await queueAckTimeout(c, t.id, d.id, d.ackDueAt);
    n++;
  }
  return n;
}

/**
 * Re-adds the roll-call job of every open incident with people on scene, at its next instant (a roll call due or an
 * answer due), from the rows. Idempotent per instant. Returns how many incidents were (re)queued.
 */
export async function reconcileRollCalls(c: Container, em: Em, t: TenantInfo): Promise<number> {
  const onScene = await em.find(
    IncidentDispatch,
    { status: 'on_scene' },
    { fields: ['id', 'incidentId', 'rollCallDueAt', 'rollCallSentAt'], limit: 5000 },
  );
  const open = await openIncidents(
    em,
    onScene.map((d) => d.incidentId),
  );
  const byIncident = new Map<string, Array<Pick<IncidentDispatch, 'rollCallDueAt' | 'rollCallSentAt'>>>();
  for (const d of onScene) if (open.has(d.incidentId)) byIncident.set(d.incidentId, [...(byIncident.get(d.incidentId) ?? []), d]);
  let n = 0;
  for (const [incidentId, rows] of byIncident) {
    const at = nextRollCallAt(rows);
    if (!at) continue;
    await queueRollCall(c, t.id, incidentId, at);
    n++;
  }
  return n;
}

/** Which of these incidents are still open. */
async function openIncidents(em: Em, ids: string[]): Promise<Set<string>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Set();
  return new Set(
    (await em.find(Incident, { id: { $in: unique }, status: { $in: [...OPEN_INCIDENT_STATUSES] } }, { fields: ['id'] })).map(
      (i) => i.id,
    ),
  );
}

async function tenantOf(c: Container, id: unknown): Promise<TenantInfo> {
  const t = id ? await c.tenants.byId(String(id)) : null;
  if (!t) throw new Error(`unknown tenant ${String(id)}`);
  return t;
}

/** Handlers and the reconciler of dispatch (wired in incidents.module.ts; job names in ../job-catalog.ts). */
export function dispatchJobs(
  c: Container,
  svc: DispatchService,
  duty: DutyService,
  notifications: NotificationService,
): { handlers: JobHandler[]; reconcilers: Reconciler[] } {
  return {
    handlers: [
      {
        name: ACK_TIMEOUT_JOB,
        handle: async (p) => fireAckTimeout(c, svc, duty, notifications, await tenantOf(c, p.tenantId), String(p.dispatchId)),
      },
      {
        name: ROLL_CALL_JOB,
        handle: async (p) => fireRollCall(c, svc, notifications, await tenantOf(c, p.tenantId), String(p.incidentId)),
      },
    ],
    reconcilers: [
      { name: 'incident-dispatch', run: (cc, em, t) => reconcileAckTimeouts(cc, em, t) },
      { name: 'incident-rollcall', run: (cc, em, t) => reconcileRollCalls(cc, em, t) },
    ],
  };
}
