/**
 * Escalation of unacknowledged active IoT alarms (design §5): the zone's `iotEscalationPolicy` stages, seconds after
 * the alarm started, each notifying one level of the chain (domain `escalationPlan`; critical alarms start one
 * level higher when `criticalStartsHigher`, like major hazards). The stages at 0 s are the raise notification
 * itself (alarm.jobs.ts tells the enterprise and the grid worker at once); later stages fire from a delayed BullMQ
 * job `iot.alarm.escalate` with the deterministic id `iot-alarm:{id}:{stage}`. The truth is the row:
 * `iot_alarms.next_escalation_at` (when) and `escalation_stage` (the last stage fired); the reconciler re-adds the
 * job of every unacknowledged active alarm from them after Redis lost its data.
 */
import { collapsePastStages, escalationPlan, type PlannedStage } from '@yuanan/domain';
import type { AlarmSeverity } from '@yuanan/contracts';
import type { Container } from '../../core/container.ts';
import type { Em } from '../../core/db/orm.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';

/** A job may run this much before its stage's instant (clocks of the processes differ a little) and still fire it. */
export const ESCALATION_SKEW_MS = 1000;

/** The BullMQ job that fires one stage of one alarm (catalogued on the 'timers' queue). */
export const ESCALATE_JOB = 'iot.alarm.escalate';

/** The job id and notification dedupe key of one stage of one alarm (BullMQ allows exactly two ':' in a custom id). */
export const escalationKey = (alarmId: string, stage: string) => `iot-alarm:${alarmId}:${stage}`;

/** The plan of an alarm under its zone's policy: stages from `startedAt`, critical ones one level higher. */
export function alarmPlan(t: TenantInfo, a: { startedAt: Date; severity: AlarmSeverity }): PlannedStage[] {
  const policy = t.settings.iotEscalationPolicy;
  return escalationPlan(a.startedAt, policy.stages, {
    major: a.severity === 'critical',
    majorStartsHigher: policy.criticalStartsHigher,
  });
}

/** The escalation columns of a new alarm: stages at or before the start count as fired by the raise notice. */
export function initialEscalation(
  t: TenantInfo,
  a: { startedAt: Date; severity: AlarmSeverity },
): { escalationStage: string | null; nextEscalationAt: Date | null; nextStage: string | null } {
  const plan = alarmPlan(t, a);
  const fired = plan.filter((s) => s.fireAt.getTime() <= a.startedAt.getTime());
  const next = plan.find((s) => s.fireAt.getTime() > a.startedAt.getTime()) ?? null;
  return {
    escalationStage: fired.length ? fired.at(-1)!.key : null,
    nextEscalationAt: next?.fireAt ?? null,
    nextStage: next?.key ?? null,
  };
}

/** The stages of the plan after the last fired one (`fired` is the stored column; null: none fired yet). */
export function stagesAfter(plan: PlannedStage[], fired: string | null): PlannedStage[] {
  if (!fired) return plan;
  const i = plan.findIndex((s) => s.key === fired);
  return i < 0 ? plan : plan.slice(i + 1);
}

/**
 * What to fire at `now` for an alarm: of the stages not fired yet, the latest one already due (earlier due ones
 * are superseded: the grid worker's 5-minute reminder is pointless once the office's 15-minute one is due), and
 * the stage to wait for afterwards. `due` null: nothing is due yet (`next` is the one to queue a job for).
 */
export function escalationStep(
  plan: PlannedStage[],
  fired: string | null,
  now: Date,
  /** A stage due within this many ms counts as due (a job woken a little early by another process's clock). */
  skewMs = 0,
): { due: PlannedStage | null; superseded: PlannedStage[]; next: PlannedStage | null } {
  const pending = stagesAfter(plan, fired);
  const { next, superseded } = collapsePastStages(pending, now);
  if (!next) return { due: null, superseded: [], next: null };
  if (next.fireAt.getTime() > now.getTime() + skewMs) return { due: null, superseded: [], next };
  const after = pending.find((s) => s.fireAt.getTime() > next.fireAt.getTime()) ?? null;
  return { due: next, superseded, next: after };
}

/** Queues the job of one stage (idempotent: a job with that id already there is kept). */
export async function queueEscalation(
  c: Container,
  tenantId: string,
  alarmId: string,
  stage: string,
  at: Date,
  /** For a job queued again by the running job of the same stage (its id is still taken): a distinct id. */
  again = false,
): Promise<void> {
  await c.queues.add(
    ESCALATE_JOB,
    { tenantId, alarmId, stage },
    {
      jobId: again ? `${escalationKey(alarmId, stage)}@${at.getTime()}` : escalationKey(alarmId, stage),
      delay: Math.max(0, at.getTime() - Date.now()),
      // Removed once done, so a reconciler may queue the same stage again if the row still waits for it.
      removeOnComplete: true,
      attempts: 5,
      backoff: { type: 'exponential', delay: 1000 },
    },
  );
}

/**
 * Re-adds the job of every unacknowledged active alarm that waits for a stage (after Redis lost its data; at
 * worker start; on the maintenance schedule). Idempotent: a job already queued is kept. Returns how many were
 * (re)queued.
 */
export async function reconcileEscalations(c: Container, em: Em, t: TenantInfo): Promise<number> {
  const rows = (await em.getConnection().execute(
    `SELECT id, started_at, severity, escalation_stage, next_escalation_at FROM iot_alarms
        WHERE tenant_id = ? AND next_escalation_at IS NOT NULL AND cleared_at IS NULL AND acknowledged_at IS NULL
          AND closed_at IS NULL
        ORDER BY next_escalation_at LIMIT 5000`,
    [t.id],
    'all',
  )) as Array<{ id: string; started_at: unknown; severity: AlarmSeverity; escalation_stage: string | null }>;
  let n = 0;
  const now = new Date();
  for (const r of rows) {
    const plan = alarmPlan(t, { startedAt: sqlDate(r.started_at)!, severity: r.severity });
    const step = escalationStep(plan, r.escalation_stage, now);
    const stage = step.due ?? step.next;
    if (!stage) continue;
    await queueEscalation(c, t.id, r.id, stage.key, stage.fireAt);
    n++;
  }
  return n;
}

/** A date column read by a raw query (the connection runs in UTC; a driver that answers text gives the same instant). */
export function sqlDate(v: unknown): Date | null {
  if (v == null) return null;
  return v instanceof Date ? v : new Date(`${String(v).replace(' ', 'T')}Z`);
}
