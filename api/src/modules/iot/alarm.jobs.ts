/**
 * The worker side of IoT alarms: the notices of a raise, a rise to level 2 and an assignment (outbox event
 * `iot.alarm.changed` → subscriber `iot.alarms.notify`), the escalation stages (`iot.alarm.escalate`, delayed jobs
 * with deterministic ids) and their reconciler (`iot-alarms`: re-adds the job of every unacknowledged active alarm
 * after Redis lost its data).
 */
import { IsolationLevel } from '@mikro-orm/core';
import { ESCALATION_TARGETS, type AlarmKind, type AlarmSeverity, type EscalationTarget } from '@yuanan/contracts';
import { ESCALATION_LEVEL_LABELS, escalationChainFrom } from '@yuanan/domain';
import type { Container } from '../../core/container.ts';
import { insertRows } from '../../core/db/bulk-write.ts';
import { uuidv7 } from '../../core/db/ids.ts';
import { tenantEm, type Em } from '../../core/db/orm.ts';
import type { EventSubscriberDef, JobHandler } from '../../core/queue/job-registry.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import { Enterprise } from '../enterprises/enterprise.entity.ts';
import type { Hazard } from '../hazards/hazard.entity.ts';
import { recipientsAt } from '../hazards/hazard-recipients.ts';
import type { Reconciler } from '../maintenance/maintenance.jobs.ts';
import type { NotificationService } from '../notifications/notification.service.ts';
import {
  ESCALATE_JOB,
  ESCALATION_SKEW_MS,
  alarmPlan,
  escalationKey,
  escalationStep,
  queueEscalation,
  reconcileEscalations,
  sqlDate,
} from './alarm-escalation.ts';
import { IOT_SYSTEM_NAME } from './alarm-hazard.ts';
import { escalationNotice, noticeSeverity, raiseNotice, type NoticeAlarm, type NoticeWhere } from './alarm-notices.ts';
import type { AlarmService } from './alarm.service.ts';
import { IOT_ALARM_CHANGED } from './alarm.service.ts';
import { IotAlarm, IotDevice } from './iot.entity.ts';

async function tenantOf(c: Container, id: unknown): Promise<TenantInfo> {
  const t = id ? await c.tenants.byId(String(id)) : null;
  if (!t) throw new Error(`unknown tenant ${String(id)}`);
  return t;
}

/** The people at one level of an alarm's chain (hazard-recipients.ts: the enterprise's accounts, its grid's worker…). */
async function alarmRecipients(em: Em, enterpriseId: string | null, level: EscalationTarget): Promise<string[]> {
  // A zone device has no enterprise: nobody is "responsible", its grid is none — the office is told instead.
  if (!enterpriseId && (level === 'responsible' || level === 'grid_worker')) return [];
  return recipientsAt(em, { enterpriseId: enterpriseId ?? '', responsibleUserId: null } as unknown as Hazard, level);
}

/** Users at `level`, or — when nobody is there — at the first level above it that has anyone. */
async function reachable(em: Em, enterpriseId: string | null, level: EscalationTarget) {
  for (const l of escalationChainFrom(level)) {
    const users = await alarmRecipients(em, enterpriseId, l);
    if (users.length) return { level: l, users };
  }
  return { level, users: [] as string[] };
}

/** The notice fields of an alarm row. */
function noticeAlarm(a: IotAlarm): NoticeAlarm {
  return {
    kind: a.kind as AlarmKind,
    severity: a.severity as AlarmSeverity,
    quantity: a.quantity ?? null,
    lastValue: a.lastValue == null ? null : Number(a.lastValue),
    peakValue: a.peakValue == null ? null : Number(a.peakValue),
    lastAt: a.lastAt,
  };
}

async function noticeWhereOf(em: Em, a: Pick<IotAlarm, 'deviceId' | 'enterpriseId'>): Promise<NoticeWhere> {
  const d = await em.findOne(IotDevice, { id: a.deviceId }, { fields: ['name', 'location'] });
  const e = a.enterpriseId ? await em.findOne(Enterprise, { id: a.enterpriseId }, { fields: ['name'] }) : null;
  return { enterpriseName: e?.name ?? null, deviceName: d?.name ?? '', location: d?.location ?? null };
}

/**
 * Fires the escalation due for one alarm, under its row lock: nothing when it was acknowledged, cleared or closed
 * meanwhile (or nothing is due yet: the job of the next stage is queued again). Notifies the stage's level — or the
 * first level above with anyone — with the dedupe key `iot-alarm:{id}:{stage}`, writes the `escalate` timeline
 * entry, moves `escalation_stage` / `next_escalation_at`, then queues the next stage's job.
 */
export async function fireEscalation(
  c: Container,
  notifications: NotificationService,
  alarms: AlarmService,
  t: TenantInfo,
  alarmId: string,
): Promise<{ fired: string | null; reason?: string }> {
  const em = tenantEm(c.orm, t.id);
  const out = await em.fork().transactional(
    async (tx) => {
      const conn = tx.getConnection();
      const ctx = tx.getTransactionContext();
      const [row] = (await conn.execute(
        `SELECT id, device_id, enterprise_id, severity, started_at, acknowledged_at, cleared_at, closed_at,
            escalation_stage, next_escalation_at
           FROM iot_alarms WHERE id = ? AND tenant_id = ? FOR UPDATE`,
        [alarmId, t.id],
        'all',
        ctx,
      )) as Array<{
        id: string;
        device_id: string;
        enterprise_id: string | null;
        severity: AlarmSeverity;
        started_at: unknown;
        acknowledged_at: unknown;
        cleared_at: unknown;
        closed_at: unknown;
        escalation_stage: string | null;
        next_escalation_at: unknown;
      }>;
      if (!row) return { fired: null, reason: 'missing' } as const;
      if (row.acknowledged_at || row.cleared_at || row.closed_at || !row.next_escalation_at)
        return { fired: null, reason: 'handled' } as const;
      const now = new Date();
      const plan = alarmPlan(t, { startedAt: sqlDate(row.started_at)!, severity: row.severity });
      const step = escalationStep(plan, row.escalation_stage, now, ESCALATION_SKEW_MS);
      if (!step.due) return { fired: null, reason: 'early', requeue: step.next } as const;
      const { level, users } = await reachable(tx, row.enterprise_id, step.due.target);
      const a = await tx.findOneOrFail(IotAlarm, { id: alarmId });
      const where = await noticeWhereOf(tx, a);
      const minutes = Math.max(1, Math.round((now.getTime() - sqlDate(row.started_at)!.getTime()) / 60_000));
      const text = escalationNotice(noticeAlarm(a), where, minutes);
      const created = await notifications.stageMany(tx, [
        {
          userIds: users,
          kind: 'iot.alarm.escalate',
          ...text,
          link: `/iot/alarms/${alarmId}`,
          severity: noticeSeverity(row.severity),
          dedupeKey: escalationKey(alarmId, step.due.key),
        },
      ]);
      await conn.execute(
        'UPDATE iot_alarms SET escalation_stage = ?, next_escalation_at = ?, updated_at = ? WHERE id = ? AND tenant_id = ?',
        [step.due.key, step.next?.fireAt ?? null, now, alarmId, t.id],
        'run',
        ctx,
      );
      const label = ESCALATION_LEVEL_LABELS[level];
      const skipped = ESCALATION_TARGETS.slice(ESCALATION_TARGETS.indexOf(step.due.target), ESCALATION_TARGETS.indexOf(level));
      await insertRows(tx, 'iot_alarm_events', [
        {
          id: uuidv7(),
          created_at: now,
          updated_at: now,
          tenant_id: t.id,
          alarm_id: alarmId,
          action: 'escalate',
          actor_id: null,
          actor_name: IOT_SYSTEM_NAME,
          at: now,
          level: a.level ?? null,
          value: a.lastValue == null ? null : Number(a.lastValue),
          comment: users.length
            ? `${skipped.length ? `${skipped.map((l) => ESCALATION_LEVEL_LABELS[l]).join('、')}无可通知人员，` : ''}已通知${label}（${users.length} 人）`
            : '无可通知人员',
          data: JSON.stringify({
            stage: step.due.key,
            target: step.due.target,
            notified: level,
            users: users.length,
            superseded: step.superseded.map((s) => s.key),
          }),
        },
      ]);
      return { fired: step.due.key, created, next: step.next } as const;
    },
    { isolationLevel: IsolationLevel.READ_COMMITTED },
  );
  if ('requeue' in out) {
    if (out.requeue) await queueEscalation(c, t.id, alarmId, out.requeue.key, out.requeue.fireAt, true);
    return { fired: null, reason: 'early' };
  }
  if (!out.fired) return { fired: null, reason: out.reason };
  await notifications.published(em, out.created);
  if (out.next) await queueEscalation(c, t.id, alarmId, out.next.key, out.next.fireAt);
  await alarms.push(t, new Map([[alarmId, 'escalate']]));
  return { fired: out.fired };
}

/** Handlers, subscribers and the reconciler of the alarm part (wired in iot.module.ts). */
export function alarmJobs(
  c: Container,
  notifications: NotificationService,
  alarms: AlarmService,
): { handlers: JobHandler[]; subscribers: EventSubscriberDef[]; reconcilers: Reconciler[] } {
  const handlers: JobHandler[] = [
    {
      name: ESCALATE_JOB,
      handle: async (p) => fireEscalation(c, notifications, alarms, await tenantOf(c, p.tenantId), String(p.alarmId)),
    },
  ];
  const subscribers: EventSubscriberDef[] = [
    {
      event: IOT_ALARM_CHANGED,
      name: 'iot.alarms.notify',
      handle: async (p) => {
        const t = await tenantOf(c, p.tenantId);
        const em = tenantEm(c.orm, t.id);
        const a = await em.findOne(IotAlarm, { id: String(p.alarmId) });
        if (!a) return { notified: 0 };
        const where = await noticeWhereOf(em, a);
        const action = String(p.action);
        if (action === 'assign') {
          const text = raiseNotice(noticeAlarm(a), where, t.timeZone, 'assigned');
          const created = await notifications.notify(em, {
            userIds: [String(p.assigneeId)],
            kind: 'iot.alarm.assign',
            ...text,
            link: `/iot/alarms/${a.id}`,
            severity: noticeSeverity(a.severity as AlarmSeverity),
            dedupeKey: `iot-alarm-event:${String(p.eventId)}`,
          });
          return { notified: created.length };
        }
        // A raise (or a rise to level 2): the enterprise's people and its grid's worker at once — the 0 s stage of
        // the escalation; a zone device's alarm (or an enterprise nobody can be told at) goes up to the office.
        const users = new Set<string>();
        for (const level of ['responsible', 'grid_worker'] as const)
          for (const u of await alarmRecipients(em, a.enterpriseId ?? null, level)) users.add(u);
        if (!users.size) for (const u of (await reachable(em, null, 'safety_office')).users) users.add(u);
        const text = raiseNotice(noticeAlarm(a), where, t.timeZone, action === 'level' ? 'rose' : 'raise');
        const created = await notifications.notify(em, {
          userIds: [...users],
          kind: action === 'level' ? 'iot.alarm.level' : 'iot.alarm.raise',
          ...text,
          link: `/iot/alarms/${a.id}`,
          severity: action === 'level' ? 'critical' : noticeSeverity(a.severity as AlarmSeverity),
          dedupeKey: `iot-alarm:${a.id}:${action === 'level' ? 'level2' : 'raise'}`,
        });
        return { notified: created.length };
      },
    },
  ];
  const reconcilers: Reconciler[] = [{ name: 'iot-alarms', run: (cc, em, t) => reconcileEscalations(cc, em, t) }];
  return { handlers, subscribers, reconcilers };
}
