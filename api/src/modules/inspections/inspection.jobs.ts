import { localDate } from '@yuanan/domain';
import type { Container } from '../../core/container.ts';
import { runInScope } from '../../core/context/request-scope.ts';
import { tenantEm, type Em } from '../../core/db/orm.ts';
import { FiredEffect } from '../../core/queue/fired-effect.entity.ts';
import type { EventSubscriberDef, JobHandler, ScheduleDef } from '../../core/queue/job-registry.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import { claimEffect } from '../enterprises/enterprise.jobs.ts';
import type { Reconciler } from '../maintenance/maintenance.jobs.ts';
import type { NotificationService } from '../notifications/notification.service.ts';
import { COLOURS_CHANGED } from '../risk/risk.service.ts';
import { dailyZone, generateZone, replanEnterprises, sweepZone } from './generation.ts';

export const INSPECTION_GENERATE_JOB = 'inspection.generate';
export const INSPECTION_SWEEP_JOB = 'inspection.sweep';
/** The status sweep's period (scheduled → open, → missed, reminders). */
export const SWEEP_EVERY_MS = 15 * 60_000;

/** The marker of a zone's generation for a zone date (fired_effects): the reconciler catches up a lost daily run. */
const generatedKey = (date: string) => `inspections:generated:${date}`;

async function tenantOf(c: Container, id: string | null): Promise<TenantInfo> {
  const t = id ? await c.tenants.byId(id) : null;
  if (!t) throw new Error(`unknown tenant ${id}`);
  return t;
}

function inZone<T>(c: Container, t: TenantInfo, action: string, fn: (em: Em) => Promise<T>): Promise<T> {
  const em = tenantEm(c.orm, t.id);
  return runInScope({ requestId: action, tenantId: t.id, em, actor: null, ip: null, userAgent: null, action }, () => fn(em));
}

/**
 * The inspection jobs: the daily generation (sweep, then every enabled plan's current period, in every active
 * zone — disabled zones are skipped), the status sweep every 15 minutes, the re-plan of by_colour tasks when
 * enterprises change colour (risk.coloursChanged, through the outbox), and a reconciler that runs the day's
 * generation when it has not run (a daily job lost with Redis, a worker down at midnight). The schedulers are
 * re-created with the others after a Redis loss (worker.ts); generation is idempotent on the tasks' unique key.
 */
export function inspectionJobs(
  c: Container,
  notifications: NotificationService,
): { handlers: JobHandler[]; subscribers: EventSubscriberDef[]; schedules: ScheduleDef[]; reconcilers: Reconciler[] } {
  const daily = async (cc: Container, em: Em, t: TenantInfo) => {
    const now = new Date();
    const out = await dailyZone(cc, em, t, notifications, now);
    await claimEffect(em, generatedKey(localDate(now, t.timeZone)));
    return out;
  };
  const handlers: JobHandler[] = [
    {
      name: INSPECTION_GENERATE_JOB,
      handle: async (p) => {
        const zones = p.tenantId ? [await tenantOf(c, p.tenantId)] : await c.tenants.active();
        const out: Record<string, Record<string, number>> = {};
        for (const t of zones) {
          if (t.status !== 'active') continue;
          out[t.code] = await inZone(c, t, INSPECTION_GENERATE_JOB, (em) => daily(c, em, t));
        }
        return out;
      },
    },
    {
      name: INSPECTION_SWEEP_JOB,
      handle: async (p) => {
        const zones = p.tenantId ? [await tenantOf(c, p.tenantId)] : await c.tenants.active();
        const out: Record<string, Record<string, number>> = {};
        for (const t of zones) {
          if (t.status !== 'active') continue;
          out[t.code] = await inZone(c, t, INSPECTION_SWEEP_JOB, async (em) => {
            const now = new Date();
            const swept = await sweepZone(em, t, notifications, now);
            // A missed by_colour task restarts its enterprise's chain today: its next task is due now.
            const generated = swept.planIds.length
              ? await generateZone(em, t, now, { planIds: swept.planIds })
              : { created: 0, existing: 0, plans: 0 };
            if (swept.opened || swept.missed || swept.reminded || generated.created) c.audit.schedule(t.id);
            return { opened: swept.opened, missed: swept.missed, reminded: swept.reminded, created: generated.created };
          });
        }
        return out;
      },
    },
  ];
  const subscribers: EventSubscriberDef[] = [
    {
      event: COLOURS_CHANGED,
      name: 'inspections.replan',
      handle: async (p) => {
        const t = await tenantOf(c, p.tenantId);
        if (t.status !== 'active') return { skipped: 'zone disabled' };
        const ids = Array.isArray(p.enterpriseIds) ? (p.enterpriseIds as string[]) : [];
        // The same action name the worker gives every event subscriber's writes (worker-runtime.ts: `event:<name>`).
        const r = await inZone(c, t, 'event:inspections.replan', (em) => replanEnterprises(em, t, ids));
        if (r.replanned || r.created) c.audit.schedule(t.id);
        return r;
      },
    },
  ];
  const reconcilers: Reconciler[] = [
    {
      name: 'inspections',
      run: async (cc, em, t) => {
        const today = localDate(new Date(), t.timeZone);
        if (await em.count(FiredEffect, { key: generatedKey(today) })) return 0;
        return (await daily(cc, em, t)).created ?? 0;
      },
    },
  ];
  return {
    handlers,
    subscribers,
    schedules: [
      { id: 'inspection-generate', job: INSPECTION_GENERATE_JOB, pattern: '5 0 * * *', tz: 'Asia/Shanghai' },
      { id: 'inspection-sweep', job: INSPECTION_SWEEP_JOB, every: SWEEP_EVERY_MS },
    ],
    reconcilers,
  };
}
