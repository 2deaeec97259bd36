import type { Container } from '../../core/container.ts';
import type { EventSubscriberDef, JobHandler } from '../../core/queue/job-registry.ts';
import type { Reconciler } from '../maintenance/maintenance.jobs.ts';
import type { NotificationService } from '../notifications/notification.service.ts';
import { deliverAttempt } from './webhook-delivery.ts';
import { webhookFanout } from './webhook-fanout.ts';
import { WEBHOOK_DELIVER_JOB, type WebhookService } from './webhook.service.ts';

/**
 * The webhooks' jobs: `webhook.deliver` (one attempt of one delivery), the outbox subscribers that fan public
 * events out (webhook-fanout.ts), and the reconciler that re-queues deliveries whose job Redis lost.
 */
export function webhookJobs(
  c: Container,
  svc: WebhookService,
  notifications: NotificationService,
): { handlers: JobHandler[]; subscribers: EventSubscriberDef[]; reconcilers: Reconciler[] } {
  return {
    handlers: [
      {
        name: WEBHOOK_DELIVER_JOB,
        handle: async (p) => {
          const t = await c.tenants.byId(String(p.tenantId));
          if (!t) return { skipped: 'tenant' };
          return deliverAttempt(c, svc, notifications, t, String(p.deliveryId), Number(p.attempt) || 1);
        },
      },
    ],
    subscribers: webhookFanout(c, svc),
    reconcilers: [
      {
        name: 'webhooks',
        /**
         * Pending deliveries whose next attempt is due for more than a minute (their job should have run), and
         * `sending` ones past their lease (a worker died mid-send): queued again as attempt `attempts + 1` (the
         * claim's compare-and-set makes a job that still exists, or runs twice, harmless).
         */
        run: async (_c, em, t) => {
          const now = Date.now();
          const rows = (await em.getConnection().execute(
            `SELECT id, attempts FROM webhook_deliveries
              WHERE tenant_id = ? AND ((status = 'pending' AND next_attempt_at < ?) OR (status = 'sending' AND lease_until < ?))
              ORDER BY next_attempt_at LIMIT 2000`,
            [t.id, new Date(now - 60_000), new Date(now)],
            'all',
          )) as Array<{ id: string; attempts: number }>;
          for (const r of rows) await svc.enqueue(t.id, r.id, Number(r.attempts) + 1, 0);
          return rows.length;
        },
      },
    ],
  };
}
