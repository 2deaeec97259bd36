import { runInScope } from '../../core/context/request-scope.ts';
import { tenantEm } from '../../core/db/orm.ts';
import type { EventSubscriberDef } from '../../core/queue/job-registry.ts';
import type { Reconciler } from '../maintenance/maintenance.jobs.ts';
import { ESCALATION_POLICY_CHANGED } from './tenant.service.ts';

/**
 * What follows a change of zone settings in the worker. A new escalation policy applies to the hazards already
 * open, not only to those confirmed later: the escalation reconcilers (`escalation`: the hazards module's, which
 * recompute every open hazard's next alarm from the zone's policy and the stages already fired) run for that zone
 * at once instead of at the next periodic reconcile. Stages already fired stay fired (their `fired_effects` keys
 * name the stage), so a kept stage is not sent twice. Idempotent. Returns what each reconciler counted.
 */
export function tenantJobs(escalation: Reconciler[]): { subscribers: EventSubscriberDef[] } {
  return {
    subscribers: [
      {
        event: ESCALATION_POLICY_CHANGED,
        name: 'tenants.reschedule-escalations',
        handle: async (p, { c }) => {
          const out: Record<string, number> = {};
          if (!p.tenantId) return out;
          // This process may still hold the zone as it was before the change.
          c.tenants.invalidate(p.tenantId);
          const t = await c.tenants.byId(p.tenantId);
          if (!t || t.status !== 'active') return out;
          for (const r of escalation) {
            const em = tenantEm(c.orm, t.id);
            out[r.name] = await runInScope(
              {
                requestId: `settings:${p.eventId}`,
                tenantId: t.id,
                em,
                actor: null,
                ip: null,
                userAgent: null,
                action: 'tenant.escalation_policy_changed',
              },
              () => r.run(c, em, t),
            );
          }
          return out;
        },
      },
    ],
  };
}
