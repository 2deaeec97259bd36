import type { Container } from '../../core/container.ts';
import { runInScope } from '../../core/context/request-scope.ts';
import { tenantEm, type Em } from '../../core/db/orm.ts';
import type { JobHandler, ScheduleDef } from '../../core/queue/job-registry.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';

/**
 * A module's reconciler: re-creates, from database state, the timed jobs of one tenant that Redis should
 * hold (escalations, reminders). Must be idempotent — it runs at worker start and on a schedule.
 */
export interface Reconciler {
  name: string;
  run: (c: Container, em: Em, tenant: TenantInfo) => Promise<number>;
}

export async function reconcileAll(c: Container, reconcilers: Reconciler[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of await c.tenants.active()) {
    for (const r of reconcilers) {
      const em = tenantEm(c.orm, t.id);
      const n = await runInScope(
        {
          requestId: `reconcile:${r.name}`,
          tenantId: t.id,
          em,
          actor: null,
          ip: null,
          userAgent: null,
          action: `reconcile:${r.name}`,
        },
        () => r.run(c, em, t),
      );
      out[r.name] = (out[r.name] ?? 0) + n;
    }
  }
  return out;
}

/**
 * Days a zone's law searches (law_search_log: the query text, hits, time — the zone's "history" suggestions) are
 * kept. Search terms a person typed are kept no longer than their use needs (个人信息保护法 Art. 19); half a year of
 * history is plenty for suggestions.
 */
export const LAW_SEARCH_LOG_RETENTION_DAYS = 180;

/**
 * Deletes law_search_log rows older than {@link LAW_SEARCH_LOG_RETENTION_DAYS} before `now` (ms), every tenant, in
 * batches of 5,000 (short locks). Returns the rows deleted.
 */
export async function pruneLawSearchLog(c: Container, now = Date.now()): Promise<number> {
  const cutoff = new Date(now - LAW_SEARCH_LOG_RETENTION_DAYS * 86400_000);
  const batch = 5000;
  let deleted = 0;
  for (;;) {
    const r = (await c.orm.em
      .getConnection()
      .execute(`DELETE FROM law_search_log WHERE at < ? LIMIT ${batch}`, [cutoff], 'run')) as { affectedRows?: number };
    deleted += r.affectedRows ?? 0;
    if ((r.affectedRows ?? 0) < batch) return deleted;
  }
}

export function maintenanceJobs(reconcilers: Reconciler[]): {
  handlers: JobHandler[];
  schedules: (c: Container) => ScheduleDef[];
} {
  return {
    handlers: [
      {
        name: 'maintenance.chainAudit',
        handle: async (_p, { c }) => {
          let n = 0;
          for (const t of await c.audit.pendingTenants()) n += await c.audit.chain(t);
          return { chained: n };
        },
      },
      {
        name: 'maintenance.reconcile',
        handle: async (_p, { c }) => reconcileAll(c, reconcilers),
      },
      {
        name: 'maintenance.outboxCleanup',
        handle: async (_p, { c }) => {
          const cutoff = new Date(Date.now() - 7 * 86400_000);
          const r = (await c.orm.em
            .getConnection()
            .execute(
              'DELETE FROM outbox_events WHERE dispatched_at IS NOT NULL AND dispatched_at < ? LIMIT 10000',
              [cutoff],
              'run',
            )) as { affectedRows?: number };
          return { deleted: r.affectedRows ?? 0 };
        },
      },
      {
        name: 'maintenance.lawSearchLogRetention',
        handle: async (_p, { c }) => ({ deleted: await pruneLawSearchLog(c) }),
      },
    ],
    schedules: (c) => [
      { id: 'chain-audit', job: 'maintenance.chainAudit', every: 60_000 },
      { id: 'reconcile', job: 'maintenance.reconcile', every: c.config.RECONCILE_EVERY_MINUTES * 60_000 },
      { id: 'outbox-cleanup', job: 'maintenance.outboxCleanup', pattern: '30 3 * * *', tz: 'Asia/Shanghai' },
      { id: 'law-search-log-retention', job: 'maintenance.lawSearchLogRetention', pattern: '40 3 * * *', tz: 'Asia/Shanghai' },
    ],
  };
}
