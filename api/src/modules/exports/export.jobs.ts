import type { Container } from '../../core/container.ts';
import { runInScope } from '../../core/context/request-scope.ts';
import { tenantEm, type Em } from '../../core/db/orm.ts';
import { AppError } from '../../core/http/problem.ts';
import type { JobHandler, JobPayload } from '../../core/queue/job-registry.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import { jobCatalog } from '../job-catalog.ts';
import type { Reconciler } from '../maintenance/maintenance.jobs.ts';
import { ExportTarget } from './export.entity.ts';
import type { ExportService } from './export.service.ts';

/** The job of a scheduled run (payload: tenantId, targetId). */
export const EXPORT_RUN_JOB = 'export.run';
/** The stable BullMQ job-scheduler id of a target's schedule. */
export const exportSchedulerId = (targetId: string) => `export:${targetId}`;

const queueOf = (c: Container) => c.queues.queue(jobCatalog[EXPORT_RUN_JOB]);

/**
 * The cron pattern of a target's schedule in the zone's time zone — `0 <hour> * * *` daily, `0 <hour> * * <dow>`
 * weekly (cron's 0 = Sunday; ours 7) — or null when it has none or is disabled.
 */
export function exportCron(t: Pick<ExportTarget, 'schedule' | 'scheduleHour' | 'scheduleWeekday' | 'enabled'>): string | null {
  if (!t.enabled || t.schedule === 'none') return null;
  if (t.schedule === 'daily') return `0 ${t.scheduleHour} * * *`;
  return `0 ${t.scheduleHour} * * ${t.scheduleWeekday % 7}`;
}

/**
 * Makes Redis hold what the database says for one target: its job scheduler `export:{id}` upserted (pattern and
 * time zone), or removed when the target has no schedule, is disabled or is gone (`target` null).
 */
export async function syncExportSchedule(
  c: Container,
  tenant: Pick<TenantInfo, 'id' | 'timeZone'>,
  targetId: string,
  target: ExportTarget | null,
): Promise<'upserted' | 'removed'> {
  const q = queueOf(c);
  const pattern = target ? exportCron(target) : null;
  if (!pattern) {
    await q.removeJobScheduler(exportSchedulerId(targetId));
    return 'removed';
  }
  await q.upsertJobScheduler(
    exportSchedulerId(targetId),
    { pattern, tz: tenant.timeZone },
    { name: EXPORT_RUN_JOB, data: { tenantId: tenant.id, targetId }, opts: { attempts: 1 } },
  );
  return 'upserted';
}

/**
 * The same after a change through the api: Redis trouble must not fail a change the database has committed — it
 * is logged, and the worker's reconciler (at start and every RECONCILE_EVERY_MINUTES) repairs the scheduler.
 */
export async function syncExportScheduleSoon(c: Container, tenant: TenantInfo, targetId: string, target: ExportTarget | null) {
  try {
    await syncExportSchedule(c, tenant, targetId, target);
  } catch (e) {
    c.logger.warn({ err: e, targetId }, 'export schedule not synced (the reconciler will)');
  }
}

/**
 * Schedulers of one zone from its targets: every scheduled, enabled target gets its scheduler; schedulers of this
 * zone whose target is gone, disabled or unscheduled are removed. Returns the schedulers upserted.
 */
export async function reconcileExportSchedules(c: Container, em: Em, tenant: TenantInfo): Promise<number> {
  const targets = await em.find(ExportTarget, {});
  const wanted = new Set<string>();
  let n = 0;
  for (const tg of targets) {
    if (!exportCron(tg)) continue;
    wanted.add(exportSchedulerId(tg.id));
    await syncExportSchedule(c, tenant, tg.id, tg);
    n++;
  }
  const q = queueOf(c);
  for (const s of await q.getJobSchedulers(0, -1)) {
    const id = s.key;
    const data = s.template?.data as JobPayload | undefined;
    if (id.startsWith('export:') && data?.tenantId === tenant.id && !wanted.has(id)) await q.removeJobScheduler(id);
  }
  return n;
}

/**
 * Handlers and reconciler of exports. `export.run` runs one target in its zone (the worker already skipped a
 * disabled zone); a target that is gone or no longer scheduled drops its scheduler and does nothing, a target whose
 * previous run is still going skips this turn.
 */
export function exportJobs(c: Container, svc: ExportService): { handlers: JobHandler[]; reconcilers: Reconciler[] } {
  return {
    handlers: [
      {
        name: EXPORT_RUN_JOB,
        handle: async (p) => {
          const targetId = String(p.targetId ?? '');
          const tenant = p.tenantId ? await c.tenants.byId(p.tenantId) : null;
          if (!tenant || tenant.status !== 'active' || tenant.kind !== 'zone') return { skipped: 'tenant_inactive' };
          const em = tenantEm(c.orm, tenant.id);
          return runInScope(
            {
              requestId: `export:${targetId}`,
              tenantId: tenant.id,
              em,
              actor: null,
              ip: null,
              userAgent: null,
              action: EXPORT_RUN_JOB,
            },
            async () => {
              const target = await em.findOne(ExportTarget, { id: targetId });
              if (!target || !exportCron(target)) {
                await syncExportSchedule(c, tenant, targetId, target);
                return { skipped: target ? 'not_scheduled' : 'target_gone' };
              }
              try {
                const run = await svc.execute(em, tenant, targetId, 'schedule', null);
                c.audit.schedule(tenant.id);
                return { runId: run.id, status: run.status, rows: run.rowCount };
              } catch (e) {
                if (e instanceof AppError && e.code === 'export_run_busy') return { skipped: 'busy' };
                throw e;
              }
            },
          );
        },
      },
    ],
    reconcilers: [{ name: 'exports', run: (cc, em, t) => reconcileExportSchedules(cc, em, t) }],
  };
}
