import type { Container } from '../../core/container.ts';
import { tenantEm, type Em } from '../../core/db/orm.ts';
import type { EventSubscriberDef } from '../../core/queue/job-registry.ts';
import { User } from '../identity/identity.entity.ts';
import type { NotificationService } from '../notifications/notification.service.ts';
import { Enterprise } from './enterprise.entity.ts';
import { EnterpriseChangeRequest } from './enterprise-records.entity.ts';
import { ENTERPRISE_FIELD_LABELS } from './import/columns.ts';

/** Outbox event: an enterprise user's key-field change is waiting for the safety office (`{ changeRequestId }`). */
export const CHANGE_REQUESTED = 'enterprise.changeRequested';
/** Outbox event: the safety office approved or rejected a change request (`{ changeRequestId }`). */
export const CHANGE_DECIDED = 'enterprise.changeDecided';

/** Active users of a role; the zone's administrators when nobody holds it (someone must hear of the work). */
async function office(em: Em): Promise<string[]> {
  for (const role of ['safety_officer', 'zone_admin'] as const) {
    const ids = (await em.find(User, { role, status: 'active' }, { fields: ['id'] })).map((u) => u.id);
    if (ids.length) return ids;
  }
  return [];
}

/**
 * Notifications of enterprise change requests (relayed from the outbox, so they follow the commit): a request
 * rings the safety office's bell the way a hazard report does (their zone's safety officers; the zone
 * administrators when there are none), naming the enterprise, who asked and which fields; the decision tells the
 * requester. Each once (dedupe key per request and step); a request superseded before the job ran is skipped.
 */
export function changeRequestNotices(c: Container, notifications: NotificationService): EventSubscriberDef[] {
  const load = async (p: { tenantId?: unknown; changeRequestId?: unknown }) => {
    const em = tenantEm(c.orm, String(p.tenantId));
    const cr = await em.findOne(EnterpriseChangeRequest, { id: String(p.changeRequestId) });
    const e = cr ? await em.findOne(Enterprise, { id: cr.enterpriseId }, { fields: ['id', 'name'] }) : null;
    return { em, cr, e };
  };
  const fieldsOf = (cr: EnterpriseChangeRequest) =>
    Object.keys(cr.changes ?? {})
      .map((f) => ENTERPRISE_FIELD_LABELS.get(f) ?? f)
      .join('、');
  return [
    {
      event: CHANGE_REQUESTED,
      name: 'enterprises.notifyChangeRequested',
      handle: async (p) => {
        const { em, cr, e } = await load(p);
        if (!cr || !e || cr.status !== 'pending') return { notified: 0 };
        const created = await notifications.notify(em, {
          userIds: await office(em),
          kind: 'enterprise.change_requested',
          title: `企业档案变更待审核：${e.name}`,
          body: `${e.name}的${cr.requestedByName}申请修改${fieldsOf(cr)}，请在「企业变更审核」中核对后通过或驳回。`,
          link: `/enterprises/changes?enterpriseId=${e.id}`,
          severity: 'info',
          dedupeKey: `change-request:${cr.id}:requested`,
        });
        return { notified: created.length };
      },
    },
    {
      event: CHANGE_DECIDED,
      name: 'enterprises.notifyChangeDecided',
      handle: async (p) => {
        const { em, cr, e } = await load(p);
        if (!cr || !e || (cr.status !== 'approved' && cr.status !== 'rejected')) return { notified: 0 };
        const approved = cr.status === 'approved';
        const created = await notifications.notify(em, {
          userIds: [cr.requestedBy],
          kind: approved ? 'enterprise.change_approved' : 'enterprise.change_rejected',
          title: `${approved ? '档案变更已通过' : '档案变更未通过'}：${e.name}`,
          body: `您申请修改的${fieldsOf(cr)}${approved ? '已通过审核并生效' : '未通过审核'}${cr.comment ? `。意见：${cr.comment}` : '。'}`,
          link: `/enterprises/${e.id}`,
          severity: approved ? 'info' : 'warning',
          dedupeKey: `change-request:${cr.id}:decided`,
        });
        return { notified: created.length };
      },
    },
  ];
}
