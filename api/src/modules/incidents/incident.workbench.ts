import {
  DISPATCH_STATUS_LABELS,
  ENTERPRISE_ROLES,
  INCIDENT_OPEN_STATUSES,
  INCIDENT_STATUS_LABELS,
  INCIDENT_TYPE_LABELS,
  type DispatchStatus,
  type IncidentStatus,
  type IncidentType,
} from '@yuanan/contracts';
import { cappedCount } from '../../core/db/keyset.ts';
import { t } from '../../core/http/problem.ts';
import { OFFICE_ROLES, severityWhenAny, type WorkbenchContext, type WorkbenchRegistry } from '../workbench/workbench.registry.ts';
import { IncidentWarning } from './dispatch.entity.ts';
import { ROLL_CALL_ANSWER_MINUTES } from './dispatch.service.ts';
import { Incident } from './incident.entity.ts';
import { clockOf } from './incident.service.ts';

const openWhere = () => ({ status: { $in: [...INCIDENT_OPEN_STATUSES] } });

/** A rescuer's dispatches waiting for an acknowledgement, with their incidents (one joined query). */
async function pendingAcks(c: WorkbenchContext, limit: number) {
  return (await c.em.getConnection().execute(
    `SELECT d.id, d.incident_id, d.ack_due_at, i.no, i.type, i.is_drill, i.address, i.description
         FROM incident_dispatches d JOIN incidents i ON i.id = d.incident_id AND i.tenant_id = d.tenant_id
        WHERE d.tenant_id = ? AND d.user_id = ? AND d.status = 'pending_ack'
        ORDER BY d.ack_due_at LIMIT ?`,
    [c.tenant.id, c.actor.userId, Math.max(1, limit)],
    'all',
  )) as Array<{
    id: string;
    incident_id: string;
    ack_due_at: unknown;
    no: string;
    type: IncidentType;
    is_drill: number | boolean;
    address: string | null;
    description: string;
  }>;
}
/**
 * A rescuer's current missions: their dispatches acknowledged, en route or on scene on an open incident, with the
 * roll call waiting for their answer (rollCallSentAt) or the next one due (rollCallDueAt). Raw like pendingAcks.
 */
async function activeMissions(c: WorkbenchContext, limit: number) {
  return (await c.em.getConnection().execute(
    `SELECT d.id, d.incident_id, d.status, d.roll_call_due_at, d.roll_call_sent_at, i.no, i.type, i.is_drill,
              i.address, i.description, i.learned_at
         FROM incident_dispatches d JOIN incidents i ON i.id = d.incident_id AND i.tenant_id = d.tenant_id
        WHERE d.tenant_id = ? AND d.user_id = ? AND d.status IN ('acknowledged', 'en_route', 'on_scene')
          AND i.status IN (${INCIDENT_OPEN_STATUSES.map(() => '?').join(', ')})
        ORDER BY d.roll_call_sent_at IS NULL, d.roll_call_due_at IS NULL, d.roll_call_due_at, i.learned_at DESC
        LIMIT ?`,
    [c.tenant.id, c.actor.userId, ...INCIDENT_OPEN_STATUSES, Math.max(1, limit)],
    'all',
  )) as Array<{
    id: string;
    incident_id: string;
    status: DispatchStatus;
    roll_call_due_at: unknown;
    roll_call_sent_at: unknown;
    no: string;
    type: IncidentType;
    is_drill: number | boolean;
    address: string | null;
    description: string;
  }>;
}
/** How long a person has to answer a roll call once it is sent. */
const ROLL_CALL_ANSWER_MS = ROLL_CALL_ANSWER_MINUTES * 60_000;

/** How many open incidents the desk card sorts (real before drills, overdue reporting clocks first) before cutting. */
const OPEN_SORT_WINDOW = 200;

const sqlDate = (v: unknown) => (v == null ? null : v instanceof Date ? v : new Date(`${String(v).replace(' ', 'T')}Z`));

/**
 * The incidents' workbench cards: 处置中的事件 (open incidents, for the duty desk and the equipment keeper: real ones
 * before drills, overdue reporting clocks first), 待确认出警 (a rescuer's dispatches waiting for the acknowledgement,
 * with the deadline), 当前出警任务 (a rescuer's acknowledged / en route / on scene dispatches, a roll call to answer
 * first) and 未确认的预警 (an enterprise's downwind warnings not yet acknowledged; its link opens the mini-program's
 * 预警通知 page, miniapp/src/services/workbench-links.ts).
 */
export function registerIncidentCards(wb: WorkbenchRegistry): void {
  wb.register({
    key: 'incidents.open',
    module: 'incidents',
    order: 0,
    roles: [...OFFICE_ROLES, 'rescue_leader', 'equipment_keeper'],
    title: t('处置中的事件', 'Open incidents'),
    description: t(
      '已接报、处置中或已控制但尚未结案的应急事件（含演练）',
      'Incidents reported, responding or controlled, not closed yet (drills included)',
    ),
    count: (c) => cappedCount(c.em, Incident, openWhere()),
    // Real incidents before drills; among them, an overdue authority report (条例 Art. 9) first, then the clock
    // closest to its deadline, then the newest.
    items: async (c, limit) => {
      if (limit <= 0) return [];
      const rows = await c.em.find(Incident, openWhere(), { orderBy: { learnedAt: 'desc' }, limit: OPEN_SORT_WINDOW });
      const en = c.lang === 'en';
      const ranked = rows.map((i) => ({ i, clock: clockOf(c.tenant, i, c.now) }));
      const urgency = (x: (typeof ranked)[number]) => (x.clock.state === 'overdue' ? 0 : x.clock.state === 'pending' ? 1 : 2);
      ranked.sort(
        (a, b) =>
          Number(a.i.isDrill) - Number(b.i.isDrill) ||
          urgency(a) - urgency(b) ||
          (urgency(a) === 1 ? (a.clock.remainingMs ?? 0) - (b.clock.remainingMs ?? 0) : 0) ||
          b.i.learnedAt.getTime() - a.i.learnedAt.getTime(),
      );
      return ranked.slice(0, limit).map(({ i, clock }) => {
        const type = INCIDENT_TYPE_LABELS[i.type as IncidentType];
        const status = INCIDENT_STATUS_LABELS[i.status as IncidentStatus];
        const overdue = clock.state === 'overdue';
        return {
          id: i.id,
          title: `${i.isDrill ? (en ? '[Drill] ' : '【演练】') : ''}${i.no} ${en ? type.en : type.zh}`,
          subtitle: i.address ?? i.description.slice(0, 60),
          at: i.learnedAt.toISOString(),
          tag: overdue ? (en ? 'Report overdue' : '报告超时') : en ? status.en : status.zh,
          severity: i.isDrill ? ('warning' as const) : ('critical' as const),
          link: `/incidents/${i.id}`,
        };
      });
    },
    link: '/incidents?status=open',
    severity: severityWhenAny('critical'),
  });
  wb.register({
    key: 'incidents.pendingAck',
    module: 'incidents',
    order: 0,
    roles: ['rescue_leader', 'rescue_member'],
    title: t('待确认出警', 'Dispatches to acknowledge'),
    description: t('您被调派的出警任务，请在时限内确认接警', 'You were dispatched: acknowledge before the deadline'),
    count: async (c) => (await pendingAcks(c, 100)).length,
    items: async (c, limit) => {
      if (limit <= 0) return [];
      const en = c.lang === 'en';
      return (await pendingAcks(c, limit)).map((d) => {
        const type = INCIDENT_TYPE_LABELS[d.type];
        const due = sqlDate(d.ack_due_at);
        return {
          id: d.id,
          title: `${d.is_drill ? (en ? '[Drill] ' : '【演练】') : ''}${d.no} ${en ? type.en : type.zh}`,
          subtitle: d.address ?? d.description.slice(0, 60),
          at: due ? due.toISOString() : null,
          tag: en ? 'acknowledge' : '待确认',
          severity: 'critical' as const,
          link: `/incidents/${d.incident_id}`,
        };
      });
    },
    link: '/incidents/my-dispatches',
    severity: severityWhenAny('critical'),
  });
  wb.register({
    key: 'incidents.myMission',
    module: 'incidents',
    order: 0,
    roles: ['rescue_leader', 'rescue_member'],
    title: t('当前出警任务', 'Current mission'),
    description: t(
      '您已确认、出发或到场的出警任务；人员清点待回复的排在最前',
      'Dispatches you acknowledged, are en route to or on scene at; a roll call waiting for your answer first',
    ),
    count: async (c) => (await activeMissions(c, 100)).length,
    items: async (c, limit) => {
      if (limit <= 0) return [];
      const en = c.lang === 'en';
      return (await activeMissions(c, limit)).map((d) => {
        const type = INCIDENT_TYPE_LABELS[d.type];
        const sent = sqlDate(d.roll_call_sent_at);
        const next = sqlDate(d.roll_call_due_at);
        const status = DISPATCH_STATUS_LABELS[d.status];
        return {
          id: d.id,
          title: `${d.is_drill ? (en ? '[Drill] ' : '【演练】') : ''}${d.no} ${en ? type.en : type.zh}`,
          subtitle: d.address ?? d.description.slice(0, 60),
          // the answer's deadline when a roll call waits; else the next roll call
          at: sent ? new Date(sent.getTime() + ROLL_CALL_ANSWER_MS).toISOString() : next ? next.toISOString() : null,
          tag: sent ? (en ? 'Roll call: answer now' : '人员清点待回复') : en ? status.en : status.zh,
          severity: sent ? ('critical' as const) : ('warning' as const),
          // the incident: the leader's desk in the console, the mission page in the mini-program (workbench-links.ts)
          link: `/incidents/${d.incident_id}`,
        };
      });
    },
    link: '/incidents/my-dispatches',
    severity: severityWhenAny('warning'),
  });
  wb.register({
    key: 'incidents.warningsToAck',
    module: 'incidents',
    order: 0,
    roles: [...ENTERPRISE_ROLES],
    when: (a) => !!a.enterpriseId,
    title: t('未确认的预警', 'Warnings to acknowledge'),
    description: t(
      '园区发给本企业的下风向预警，请确认收到',
      'Downwind warnings the zone sent to your enterprise: acknowledge them',
    ),
    count: (c) => cappedCount(c.em, IncidentWarning, { enterpriseId: c.actor.enterpriseId!, acknowledgedAt: null }),
    items: async (c, limit) => {
      if (limit <= 0) return [];
      const en = c.lang === 'en';
      const rows = await c.em.find(
        IncidentWarning,
        { enterpriseId: c.actor.enterpriseId!, acknowledgedAt: null },
        { orderBy: { sentAt: 'desc' }, limit },
      );
      return rows.map((w) => ({
        id: w.id,
        title: `${w.simulated ? (en ? '[Drill] ' : '【演练】') : ''}${en ? 'Downwind warning' : '下风向预警'}`,
        subtitle: w.message.slice(0, 80),
        at: w.sentAt.toISOString(),
        tag: en ? 'acknowledge' : '待确认',
        severity: w.simulated ? ('warning' as const) : ('critical' as const),
        link: `/incidents/warnings?id=${w.id}`,
      }));
    },
    link: '/incidents/warnings',
    severity: severityWhenAny('critical'),
  });
}
