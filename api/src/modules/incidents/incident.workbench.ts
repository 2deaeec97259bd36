import {
  INCIDENT_OPEN_STATUSES,
  INCIDENT_STATUS_LABELS,
  INCIDENT_TYPE_LABELS,
  type IncidentStatus,
  type IncidentType,
} from '@yuanan/contracts';
import { cappedCount } from '../../core/db/keyset.ts';
import { t } from '../../core/http/problem.ts';
import { OFFICE_ROLES, severityWhenAny, type WorkbenchContext, type WorkbenchRegistry } from '../workbench/workbench.registry.ts';
import { Incident } from './incident.entity.ts';

const openWhere = () => ({ status: { $in: [...INCIDENT_OPEN_STATUSES] } });

/** A rescuer's dispatches waiting for an acknowledgement (B's table, read raw so this card needs no import of B). */
async function pendingAcks(c: WorkbenchContext, limit: number) {
  try {
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
  } catch {
    return []; // the dispatch table is not there yet
  }
}
const sqlDate = (v: unknown) => (v == null ? null : v instanceof Date ? v : new Date(`${String(v).replace(' ', 'T')}Z`));

/**
 * The incidents' workbench cards: 处置中的事件 (open incidents, for the duty desk and the equipment keeper) and
 * 待确认出警 (a rescuer's dispatches waiting for the acknowledgement, with the deadline).
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
    items: async (c, limit) => {
      if (limit <= 0) return [];
      const rows = await c.em.find(Incident, openWhere(), { orderBy: { learnedAt: 'desc' }, limit });
      const en = c.lang === 'en';
      return rows.map((i) => {
        const type = INCIDENT_TYPE_LABELS[i.type as IncidentType];
        return {
          id: i.id,
          title: `${i.isDrill ? (en ? '[Drill] ' : '【演练】') : ''}${i.no} ${en ? type.en : type.zh}`,
          subtitle: i.address ?? i.description.slice(0, 60),
          at: i.learnedAt.toISOString(),
          tag: en ? INCIDENT_STATUS_LABELS[i.status as IncidentStatus].en : INCIDENT_STATUS_LABELS[i.status as IncidentStatus].zh,
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
}
