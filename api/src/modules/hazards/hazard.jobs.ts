import { localDate } from '@yuanan/domain';
import { REALTIME_EVENTS } from '@yuanan/contracts';
import type { Container } from '../../core/container.ts';
import { tenantEm } from '../../core/db/orm.ts';
import type { EventSubscriberDef, JobHandler } from '../../core/queue/job-registry.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import { Enterprise } from '../enterprises/enterprise.entity.ts';
import type { Reconciler } from '../maintenance/maintenance.jobs.ts';
import type { NotificationService } from '../notifications/notification.service.ts';
import { Hazard } from './hazard.entity.ts';
import { recipientsAt } from './hazard-recipients.ts';
import { escalationProfile } from './escalation-profile.ts';
import { BUCKET_JOB, loadAlarmRows, reconcileAlarms, rescheduleAlarms } from './escalation/alarms.ts';
import { requestSweep, type SweepDeps } from './escalation/sweep.ts';
import { HAZARD_CHANGED } from './hazard.service.ts';

const ZONE_ROLES = ['zone_admin', 'safety_officer', 'grid_worker', 'city_supervisor', 'platform_admin'] as const;

async function tenantOf(c: Container, id: string | null): Promise<TenantInfo> {
  const t = id ? await c.tenants.byId(id) : null;
  if (!t) throw new Error(`unknown tenant ${id}`);
  return t;
}

/** Who a hazard step notifies: roles relative to the hazard (its reporter, responsible person, grid worker) or the zone's. */
export type HazardNoticeTarget = 'responsible' | 'grid_worker' | 'safety_office' | 'zone_admin' | 'reporter';

/**
 * What each transition tells whom (in-app, and WeChat/SMS by the users' preferences), by timeline action. The
 * demo seeder writes its history's notifications from the same table.
 */
export const HAZARD_NOTICES: Readonly<
  Record<string, { to: HazardNoticeTarget[]; title: string; severity?: 'info' | 'warning' | 'critical' }>
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
  // The audit chain of a burst's rows is built once the burst pauses (its pages of hashing and UPDATEs compete
  // with the burst for the database), or at the latest AUDIT_CHAIN_MAX_DEFER_MS after the first deferred batch.
  const chainDue = new Map<string, { timer: NodeJS.Timeout; since: number }>();
  const chainAfterBurst = (tenantId: string) => {
    const prev = chainDue.get(tenantId);
    if (prev) clearTimeout(prev.timer);
    const since = prev?.since ?? Date.now();
    const run = () => {
      chainDue.delete(tenantId);
      c.audit.schedule(tenantId);
    };
    if (Date.now() - since >= AUDIT_CHAIN_MAX_DEFER_MS) return run();
    // Unref'd: a worker that stops meanwhile leaves the rows to the periodic chaining job.
    chainDue.set(tenantId, { timer: setTimeout(run, AUDIT_CHAIN_QUIET_MS).unref(), since });
  };
  const deps: SweepDeps = { c, notifications, chainAudit: chainAfterBurst };
  const handlers: JobHandler[] = [
    {
      // A bucket: wakes the sweep of its zone's due alarms (escalation/alarms.ts). A job of the per-hazard era (with
      // a hazardId) sweeps the same way.
      name: BUCKET_JOB,
      handle: async (p, { job }) => {
        // How late the queue handed the bucket over (its due time to now): the part of lateness a sweep can't cut.
        escalationProfile.add('dequeued_late', Date.now() - job.timestamp - (job.opts.delay ?? 0));
        return requestSweep(deps, String(p.tenantId));
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
        // The hazard's alarm from its current state (a closed or submitted hazard's is cleared; its bucket finds nothing).
        const rows = await loadAlarmRows(em, t.id, [String(p.hazardId)]);
        return { scheduled: rows.length ? await rescheduleAlarms(c, em, t, rows) : 0 };
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
        const notice = HAZARD_NOTICES[String(p.action)];
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
  const reconcilers: Reconciler[] = [{ name: 'hazards', run: (cc, em, t) => reconcileAlarms(cc, em, t) }];
  return { handlers, subscribers, reconcilers };
}

/** The audit chain of escalation rows waits for this long a pause in the zone's batches... */
const AUDIT_CHAIN_QUIET_MS = 1000;
/** ...but never longer than this after the first batch it waits for. */
const AUDIT_CHAIN_MAX_DEFER_MS = 10_000;
