import type { Container } from '../../core/container.ts';
import { runInScope } from '../../core/context/request-scope.ts';
import { tenantEm, type Em } from '../../core/db/orm.ts';
import type { JobHandler, ScheduleDef } from '../../core/queue/job-registry.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import type { Reconciler } from '../maintenance/maintenance.jobs.ts';
import type { NotificationService } from '../notifications/notification.service.ts';
import { sweepEquipment, type EquipmentSweepResult } from './equipment-sweep.ts';

export const EQUIPMENT_SWEEP_JOB = 'equipment.sweep';
/** The sweep's period: reservations starting and lapsing, maintenance due, overdue reminders. */
export const EQUIPMENT_SWEEP_EVERY_MS = 15 * 60_000;

function inZone<T>(c: Container, t: TenantInfo, action: string, fn: (em: Em) => Promise<T>): Promise<T> {
  const em = tenantEm(c.orm, t.id);
  return runInScope({ requestId: action, tenantId: t.id, em, actor: null, ip: null, userAgent: null, action }, () => fn(em));
}

/** Runs one zone's sweep (equipment-sweep.ts) and schedules its audit chain when it wrote anything. */
export async function sweepZone(c: Container, notifications: NotificationService, t: TenantInfo): Promise<EquipmentSweepResult> {
  const r = await inZone(c, t, EQUIPMENT_SWEEP_JOB, (em) => sweepEquipment(em, t, notifications));
  if (Object.values(r).some((n) => n > 0)) c.audit.schedule(t.id);
  return r;
}

/**
 * The equipment room's job: `equipment.sweep` every 15 minutes in every active zone (a job scheduler, re-created with
 * the others after a Redis loss by worker.ts), and a reconciler that runs the sweep at once when the worker starts
 * or Redis came back — reminders are once-only by the equipment_notices ledger in the database, so running it again
 * sends nothing twice.
 */
export function equipmentJobs(
  c: Container,
  notifications: NotificationService,
): { handlers: JobHandler[]; schedules: ScheduleDef[]; reconcilers: Reconciler[] } {
  return {
    handlers: [
      {
        name: EQUIPMENT_SWEEP_JOB,
        handle: async (p) => {
          const zone = p.tenantId ? await c.tenants.byId(p.tenantId as string) : null;
          if (p.tenantId && !zone) throw new Error(`unknown tenant ${String(p.tenantId)}`);
          const zones = zone ? [zone] : await c.tenants.active();
          const out: Record<string, EquipmentSweepResult> = {};
          for (const t of zones)
            if (t.status === 'active' && t.kind === 'zone') out[t.code] = await sweepZone(c, notifications, t);
          return out;
        },
      },
    ],
    schedules: [{ id: 'equipment-sweep', job: EQUIPMENT_SWEEP_JOB, every: EQUIPMENT_SWEEP_EVERY_MS }],
    reconcilers: [
      {
        name: 'equipment',
        run: async (cc, em, t) => {
          const r = await sweepEquipment(em, t, notifications);
          if (Object.values(r).some((n) => n > 0)) cc.audit.schedule(t.id);
          return r.reminded + r.escalated + r.maintenanceRaised + r.reserved + r.lapsed;
        },
      },
    ],
  };
}
