import { ENTERPRISE_ROLES } from '@yuanan/contracts';
import { addDays, localDate, zonedToUtc } from '@yuanan/domain';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { Container } from '../../core/container.ts';
import { runInScope } from '../../core/context/request-scope.ts';
import { tenantEm, type Em } from '../../core/db/orm.ts';
import { FiredEffect } from '../../core/queue/fired-effect.entity.ts';
import { emitEvent } from '../../core/queue/outbox.ts';
import type { EventSubscriberDef, JobHandler, ScheduleDef } from '../../core/queue/job-registry.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import { User } from '../identity/identity.entity.ts';
import type { Reconciler } from '../maintenance/maintenance.jobs.ts';
import type { NotificationService } from '../notifications/notification.service.ts';
import { MODEL_CHANGED, type RiskService } from '../risk/risk.service.ts';
import type { TaskService } from '../tasks/task.service.ts';
import { Enterprise } from './enterprise.entity.ts';
import { CertifiedWorker, Drill, EmergencyPlan, EmergencySupply } from './enterprise-records.entity.ts';
import { INPUTS_CHANGED } from './enterprise.service.ts';

/** Timed jobs are only queued this far ahead; the reconciler queues later ones as they come within reach. */
export const HORIZON_DAYS = 35;
const HOUR_LOCAL = 9;

interface Deps {
  risk: RiskService;
  tasks: TaskService;
  notifications: NotificationService;
}

/** Records that a timed effect happened; false when it already had (a retried or re-created job). */
export async function claimEffect(em: Em, key: string): Promise<boolean> {
  const fork = em.fork({ clear: true });
  fork.create(FiredEffect, { key, firedAt: new Date() });
  try {
    await fork.flush();
    return true;
  } catch (e) {
    if (e instanceof UniqueConstraintViolationException) return false;
    throw e;
  }
}

/** Adds a delayed job with a deterministic id (BullMQ ignores a second add of the same id). */
export async function scheduleAt(
  c: Container,
  name: string,
  jobId: string,
  fireAt: Date,
  payload: Record<string, unknown> & { tenantId: string },
) {
  await c.queues.add(name, payload, { jobId, delay: Math.max(0, fireAt.getTime() - Date.now()) });
}

const at = (date: string, tz: string, hour = HOUR_LOCAL) => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return zonedToUtc(y, m, d, hour, 0, 0, tz);
};

export interface CertStage {
  key: string;
  fireAt: Date;
}

/** Reminder stages before expiry and the escalation after; of reminders already past, only the latest counts. */
export function certificateStages(expiresOn: string, t: TenantInfo, now = new Date()): CertStage[] {
  const reminders = [...t.settings.certificateReminderDays]
    .sort((a, b) => b - a)
    .map((d) => ({ key: `remind-${d}`, fireAt: at(addDays(expiresOn, -d), t.timeZone) }));
  const past = reminders.filter((r) => r.fireAt <= now);
  const live = [...(past.length ? [past.at(-1)!] : []), ...reminders.filter((r) => r.fireAt > now)];
  const expiredAt = at(addDays(expiresOn, t.settings.certificateEscalationDays), t.timeZone);
  // After expiry, reminders are pointless: only the escalation remains.
  const expiresAt = at(addDays(expiresOn, 1), t.timeZone, 0);
  return [...(expiresAt > now ? live : []), { key: 'expired', fireAt: expiredAt }];
}

async function enterpriseUsers(em: Em, enterpriseId: string): Promise<string[]> {
  const rows = await em.find(User, { enterpriseId, role: { $in: [...ENTERPRISE_ROLES] }, status: 'active' }, { fields: ['id'] });
  return rows.map((u) => u.id);
}

/** The grid workers of an enterprise's grid; the safety office when the grid has none. */
export async function gridWorkersOf(em: Em, e: Pick<Enterprise, 'gridId'>): Promise<string[]> {
  const workers = await em.find(User, { role: 'grid_worker', status: 'active' }, { fields: ['id', 'gridIds'] });
  const mine = workers.filter((w) => e.gridId && (w.gridIds ?? []).includes(e.gridId)).map((w) => w.id);
  if (mine.length) return mine;
  return (await em.find(User, { role: 'safety_officer', status: 'active' }, { fields: ['id'] })).map((u) => u.id);
}

async function scheduleCertificate(
  c: Container,
  t: TenantInfo,
  cert: Pick<CertifiedWorker, 'id' | 'expiresOn'>,
): Promise<number> {
  const horizon = Date.now() + HORIZON_DAYS * 86400_000;
  let n = 0;
  for (const s of certificateStages(cert.expiresOn, t)) {
    if (s.fireAt.getTime() > horizon) continue;
    await scheduleAt(c, 'certificate.timer', `cert.${cert.id}.${cert.expiresOn}.${s.key}`, s.fireAt, {
      tenantId: t.id,
      certificateId: cert.id,
      expiresOn: cert.expiresOn,
      stage: s.key,
    });
    n++;
  }
  return n;
}

async function scheduleSupply(c: Container, t: TenantInfo, s: Pick<EmergencySupply, 'id' | 'expiresOn'>): Promise<number> {
  if (!s.expiresOn) return 0;
  const fireAt = at(addDays(s.expiresOn, 1), t.timeZone, 0);
  if (fireAt.getTime() > Date.now() + HORIZON_DAYS * 86400_000) return 0;
  await scheduleAt(c, 'supply.expire', `supply.${s.id}.${s.expiresOn}`, fireAt, {
    tenantId: t.id,
    supplyId: s.id,
    expiresOn: s.expiresOn,
  });
  return 1;
}

async function tenantOf(c: Container, tenantId: string | null): Promise<TenantInfo> {
  const t = tenantId ? await c.tenants.byId(tenantId) : null;
  if (!t) throw new Error(`unknown tenant ${tenantId}`);
  return t;
}

/** Daily: recolour every enterprise (hazards become overdue, certificates expire) and raise what became due. */
async function nightly(c: Container, d: Deps, em: Em, t: TenantInfo, reason = 'nightly'): Promise<Record<string, number>> {
  const today = localDate(new Date(), t.timeZone);
  let raised = 0;
  for (const s of await em.find(EmergencySupply, { minimumStock: { $ne: null } })) {
    if (s.quantity >= (s.minimumStock ?? 0)) continue;
    if (
      await d.tasks.raise(em, {
        kind: 'supply_below_minimum',
        subjectType: 'EmergencySupply',
        subjectId: s.id,
        enterpriseId: s.enterpriseId,
        title: `应急物资不足：${s.name}`,
        detail: `现有 ${s.quantity}${s.unit}，最低库存 ${s.minimumStock}${s.unit}（${s.location || '未注明地点'}）`,
        cause: String(s.minimumStock),
      })
    )
      raised++;
  }
  for (const s of await em.find(EmergencySupply, { expiresOn: { $lt: today } })) {
    if (
      await d.tasks.raise(em, {
        kind: 'supply_expired',
        subjectType: 'EmergencySupply',
        subjectId: s.id,
        enterpriseId: s.enterpriseId,
        title: `应急物资已过期：${s.name}`,
        detail: `有效期至 ${s.expiresOn}（${s.location || '未注明地点'}）`,
        cause: s.expiresOn!,
      })
    )
      raised++;
  }
  for (const cert of await em.find(CertifiedWorker, { expiresOn: { $lt: today } })) {
    if (
      await d.tasks.raise(em, {
        kind: 'certificate_expired',
        subjectType: 'CertifiedWorker',
        subjectId: cert.id,
        enterpriseId: cert.enterpriseId,
        title: `特种作业证已过期：${cert.personName}（${cert.category}）`,
        detail: `证号 ${cert.certNumber}，有效期至 ${cert.expiresOn}`,
        cause: cert.expiresOn,
      })
    )
      raised++;
  }
  const months = t.settings.drillIntervalMonths;
  const drills = await em.find(Drill, {}, { fields: ['enterpriseId', 'planId', 'kind', 'heldOn'] });
  for (const p of await em.find(EmergencyPlan, {})) {
    const last = drills
      .filter((x) => x.enterpriseId === p.enterpriseId && (x.planId === p.id || (!x.planId && x.kind === p.kind)))
      .map((x) => x.heldOn)
      .sort()
      .at(-1);
    const since = last ?? p.issuedOn ?? p.createdAt.toISOString().slice(0, 10);
    const due = addDays(since, Math.round(months[p.kind] * 30.44));
    if (
      due < today &&
      (await d.tasks.raise(em, {
        kind: 'drill_overdue',
        subjectType: 'EmergencyPlan',
        subjectId: p.id,
        enterpriseId: p.enterpriseId,
        title: `应急演练逾期：${p.title}`,
        detail: `上次演练 ${last ?? '无记录'}，应于 ${due} 前演练`,
        cause: due,
      }))
    )
      raised++;
  }
  await em.flush();
  const recoloured = await d.risk.recompute(em, t, 'all', reason);
  return { raised, recoloured };
}

export function enterpriseJobs(
  c: Container,
  d: Deps,
): {
  handlers: JobHandler[];
  subscribers: EventSubscriberDef[];
  schedules: ScheduleDef[];
  reconcilers: Reconciler[];
  refreshTenant: (tenantId: string) => Promise<unknown>;
} {
  const handlers: JobHandler[] = [
    {
      name: 'certificate.timer',
      handle: async (p) => {
        const t = await tenantOf(c, p.tenantId);
        const em = tenantEm(c.orm, t.id);
        const cert = await em.findOne(CertifiedWorker, { id: String(p.certificateId) });
        // The certificate changed or went: a new schedule replaced this job.
        if (!cert || cert.expiresOn !== p.expiresOn) return { skipped: 'stale' };
        const key = `cert:${cert.id}:${cert.expiresOn}:${String(p.stage)}`;
        if (!(await claimEffect(em, key))) return { skipped: 'done' };
        const e = await em.findOneOrFail(Enterprise, { id: cert.enterpriseId });
        if (p.stage === 'expired') {
          await d.tasks.raise(em, {
            kind: 'certificate_expired',
            subjectType: 'CertifiedWorker',
            subjectId: cert.id,
            enterpriseId: e.id,
            title: `特种作业证已过期：${cert.personName}（${cert.category}）`,
            detail: `证号 ${cert.certNumber}，有效期至 ${cert.expiresOn}`,
            cause: cert.expiresOn,
          });
          await em.flush();
          await d.notifications.notify(em, {
            userIds: [...(await gridWorkersOf(em, e)), ...(await enterpriseUsers(em, e.id))],
            kind: 'certificate.expired',
            title: '持证人员证书已过期',
            body: `${e.name}：${cert.personName}的${cert.category}证书已于 ${cert.expiresOn} 到期，过期证书上岗属于事故隐患，请督促复审或换证。`,
            link: `/enterprises/${e.id}?tab=certificates`,
            severity: 'warning',
            dedupeKey: key,
          });
          emitEvent(em, INPUTS_CHANGED, { enterpriseId: e.id, reason: 'certificate_expired' });
          await em.flush();
        } else {
          await d.notifications.notify(em, {
            userIds: await enterpriseUsers(em, e.id),
            kind: 'certificate.expiring',
            title: '特种作业证即将到期',
            body: `${cert.personName}的${cert.category}证书（${cert.certNumber}）将于 ${cert.expiresOn} 到期，请及时办理复审或换证。`,
            link: `/enterprises/${e.id}?tab=certificates`,
            severity: 'info',
            dedupeKey: key,
          });
        }
        return { fired: key };
      },
    },
    {
      name: 'supply.expire',
      handle: async (p) => {
        const t = await tenantOf(c, p.tenantId);
        const em = tenantEm(c.orm, t.id);
        const s = await em.findOne(EmergencySupply, { id: String(p.supplyId) });
        if (!s || s.expiresOn !== p.expiresOn) return { skipped: 'stale' };
        const key = `supply:${s.id}:${s.expiresOn}:expired`;
        if (!(await claimEffect(em, key))) return { skipped: 'done' };
        await d.tasks.raise(em, {
          kind: 'supply_expired',
          subjectType: 'EmergencySupply',
          subjectId: s.id,
          enterpriseId: s.enterpriseId,
          title: `应急物资已过期：${s.name}`,
          detail: `有效期至 ${s.expiresOn}（${s.location || '未注明地点'}）`,
          cause: s.expiresOn!,
        });
        await em.flush();
        await d.notifications.notify(em, {
          userIds: await enterpriseUsers(em, s.enterpriseId),
          kind: 'supply.expired',
          title: '应急物资已过期',
          body: `${s.name}（${s.location || '未注明地点'}）已于 ${s.expiresOn} 过期，请更换或补充。`,
          link: `/enterprises/${s.enterpriseId}?tab=supplies`,
          severity: 'warning',
          dedupeKey: key,
        });
        return { fired: key };
      },
    },
    {
      name: 'risk.nightly',
      handle: async (_p) => {
        const out: Record<string, Record<string, number>> = {};
        for (const t of await c.tenants.active()) {
          const em = tenantEm(c.orm, t.id);
          out[t.code] = await runInScope(
            { requestId: 'risk.nightly', tenantId: t.id, em, actor: null, ip: null, userAgent: null, action: 'risk.nightly' },
            () => nightly(c, d, em, t),
          );
        }
        return out;
      },
    },
  ];
  const subscribers: EventSubscriberDef[] = [
    {
      event: INPUTS_CHANGED,
      name: 'risk.recolourEnterprise',
      handle: async (p) => {
        const t = await tenantOf(c, p.tenantId);
        return {
          changed: await d.risk.recompute(
            tenantEm(c.orm, t.id),
            t,
            [String(p.enterpriseId)],
            String(p.reason ?? 'input_changed'),
          ),
        };
      },
    },
    {
      event: MODEL_CHANGED,
      name: 'risk.recolourZone',
      handle: async (p) => {
        const t = await tenantOf(c, p.tenantId);
        const em = tenantEm(c.orm, t.id);
        const points = await d.risk.rescoreRiskPoints(em);
        return { points, enterprises: await d.risk.recompute(em, t, 'all', 'model_changed') };
      },
    },
    {
      event: 'certificate.changed',
      name: 'certificates.schedule',
      handle: async (p) => {
        const t = await tenantOf(c, p.tenantId);
        const cert = await tenantEm(c.orm, t.id).findOne(CertifiedWorker, { id: String(p.certificateId) });
        return { scheduled: cert ? await scheduleCertificate(c, t, cert) : 0 };
      },
    },
    {
      event: 'supply.changed',
      name: 'supplies.schedule',
      handle: async (p) => {
        const t = await tenantOf(c, p.tenantId);
        const s = await tenantEm(c.orm, t.id).findOne(EmergencySupply, { id: String(p.supplyId) });
        return { scheduled: s ? await scheduleSupply(c, t, s) : 0 };
      },
    },
  ];
  const reconcilers: Reconciler[] = [
    {
      name: 'certificates',
      run: async (cc, em, t) => {
        const today = localDate(new Date(), t.timeZone);
        const from = addDays(today, -(t.settings.certificateEscalationDays + 2));
        const to = addDays(today, Math.max(0, ...t.settings.certificateReminderDays) + HORIZON_DAYS);
        let n = 0;
        for (const cert of await em.find(
          CertifiedWorker,
          { expiresOn: { $gte: from, $lte: to } },
          { fields: ['id', 'expiresOn'] },
        ))
          n += await scheduleCertificate(cc, t, cert);
        return n;
      },
    },
    {
      name: 'supplies',
      run: async (cc, em, t) => {
        const today = localDate(new Date(), t.timeZone);
        let n = 0;
        for (const s of await em.find(
          EmergencySupply,
          { expiresOn: { $gte: addDays(today, -2), $lte: addDays(today, HORIZON_DAYS) } },
          { fields: ['id', 'expiresOn'] },
        ))
          n += await scheduleSupply(cc, t, s);
        return n;
      },
    },
  ];
  /** After a bulk change (an import): tasks, colours and timers of one zone brought up to date at once. */
  const refreshTenant = async (tenantId: string) => {
    const t = await tenantOf(c, tenantId);
    const em = tenantEm(c.orm, t.id);
    const out: Record<string, number> = await nightly(c, d, em, t, 'import');
    for (const r of reconcilers) out[r.name] = await r.run(c, em, t);
    return out;
  };
  return {
    handlers,
    subscribers,
    schedules: [{ id: 'risk-nightly', job: 'risk.nightly', pattern: '0 2 * * *', tz: 'Asia/Shanghai' }],
    reconcilers,
    refreshTenant,
  };
}
