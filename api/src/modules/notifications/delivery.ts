import { notificationPreferences } from '@yuanan/contracts';
import type { Container } from '../../core/container.ts';
import { tenantEm, type Em } from '../../core/db/orm.ts';
import { createProviders, type ChannelProvider } from '../../core/notify/providers.ts';
import type { JobHandler } from '../../core/queue/job-registry.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import { User, WechatBinding } from '../identity/identity.entity.ts';
import type { Reconciler } from '../maintenance/maintenance.jobs.ts';
import { Notification, NotificationDelivery } from './notification.entity.ts';
import type { NotificationRow } from './notification.service.ts';

/** Minutes until the end of the user's quiet hours (0 when not in them), in the zone's time zone. */
export function quietDelayMs(quiet: { from: string; to: string } | null, now: Date, tz: string): number {
  if (!quiet) return 0;
  const hm = new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(now);
  const toMin = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));
  const n = toMin(hm);
  const f = toMin(quiet.from);
  const t = toMin(quiet.to);
  const inside = f <= t ? n >= f && n < t : n >= f || n < t;
  if (!inside) return 0;
  return ((t - n + 1440) % 1440 || 1440) * 60_000;
}

/**
 * How long a delivery waits before it is sent (ms): an SMS waits out the user's quiet hours, except for a critical
 * notification (a second-level gas alarm, a flame) — that goes at once, day or night. WeChat messages never wait.
 */
export function deliveryDelayMs(
  channel: 'wechat' | 'sms',
  severity: 'info' | 'warning' | 'critical' | null,
  quiet: { from: string; to: string } | null,
  now: Date,
  tz: string,
): number {
  if (channel !== 'sms' || severity === 'critical') return 0;
  return quietDelayMs(quiet, now, tz);
}

/**
 * External channels for in-app notifications: WeChat subscribe messages and SMS, by each user's preferences
 * (critical notices also go by SMS). A delivery row per channel is the record; jobs retry with backoff; a sent
 * delivery is never sent again.
 */
export class DeliveryService {
  readonly #c: Container;
  readonly providers: Record<'wechat' | 'sms', ChannelProvider>;
  constructor(c: Container, providers?: Record<'wechat' | 'sms', ChannelProvider>) {
    this.#c = c;
    this.providers = providers ?? createProviders(c.config, c.logger);
  }

  /** Called right after notifications are stored (in their tenant's EntityManager). */
  async plan(em: Em, created: NotificationRow[]): Promise<void> {
    if (!created.length) return;
    const users = await em.find(
      User,
      { id: { $in: [...new Set(created.map((n) => n.userId))] } },
      { fields: ['id', 'phoneSealed', 'notificationPrefs'] },
    );
    const bound = new Set(
      (await em.find(WechatBinding, { userId: { $in: users.map((u) => u.id) } }, { fields: ['userId'] })).map((b) => b.userId),
    );
    const rows: NotificationDelivery[] = [];
    for (const n of created) {
      const u = users.find((x) => x.id === n.userId);
      if (!u) continue;
      const prefs = notificationPreferences.parse(u.notificationPrefs ?? {});
      if (prefs.wechat && bound.has(u.id))
        rows.push(
          em.create(NotificationDelivery, {
            notificationId: n.id,
            channel: 'wechat',
            status: 'pending',
            attempts: 0,
            providerMessageId: null,
            lastError: null,
            sentAt: null,
          }),
        );
      if ((prefs.sms || n.severity === 'critical') && u.phoneSealed)
        rows.push(
          em.create(NotificationDelivery, {
            notificationId: n.id,
            channel: 'sms',
            status: 'pending',
            attempts: 0,
            providerMessageId: null,
            lastError: null,
            sentAt: null,
          }),
        );
    }
    if (!rows.length) return;
    await em.flush();
    const t = await this.#c.tenants.byId(rows[0]!.tenantId);
    for (const d of rows) {
      const n = created.find((x) => x.id === d.notificationId);
      await this.enqueue(d, t, prefsOf(users.find((u) => n?.userId === u.id)), n?.severity ?? null);
    }
  }

  /** Queues a delivery; `severity` critical bypasses the quiet hours (`deliveryDelayMs`). */
  async enqueue(
    d: NotificationDelivery,
    t: TenantInfo | null,
    prefs: { quietHours: { from: string; to: string } | null } | null,
    severity: 'info' | 'warning' | 'critical' | null = null,
  ): Promise<void> {
    const delay = t ? deliveryDelayMs(d.channel, severity, prefs?.quietHours ?? null, new Date(), t.timeZone) : 0;
    await this.#c.queues
      .add(
        'notify.deliver',
        { tenantId: d.tenantId, deliveryId: d.id },
        { jobId: `deliver.${d.id}`, delay, attempts: 6, backoff: { type: 'exponential', delay: 3000 } },
      )
      .catch((e: unknown) => this.#c.logger.warn({ err: e, deliveryId: d.id }, 'delivery queued later by the reconciler'));
  }

  handlers(): JobHandler[] {
    return [
      {
        name: 'notify.deliver',
        handle: async (p, { job }) => {
          const em = tenantEm(this.#c.orm, String(p.tenantId));
          const d = await em.findOne(NotificationDelivery, { id: String(p.deliveryId) });
          if (!d || d.status !== 'pending') return { skipped: d?.status ?? 'missing' };
          const n = await em.findOneOrFail(Notification, { id: d.notificationId });
          const u = await em.findOne(User, { id: n.userId }, { fields: ['phoneSealed'] });
          const binding = d.channel === 'wechat' ? await em.findOne(WechatBinding, { userId: n.userId }) : null;
          d.attempts++;
          try {
            const r = await this.providers[d.channel].send({
              deliveryId: d.id,
              title: n.title,
              body: n.body,
              link: n.link ?? null,
              at: n.createdAt,
              phone: d.channel === 'sms' && u?.phoneSealed ? this.#c.cipher.open(u.phoneSealed) : null,
              openid: binding?.openid ?? null,
            });
            d.status = 'sent';
            d.sentAt = new Date();
            d.providerMessageId = r.providerMessageId;
            d.lastError = null;
            await em.flush();
            return { sent: d.id };
          } catch (e) {
            d.lastError = String((e as Error).message).slice(0, 500);
            const permanent = (e as { permanent?: boolean }).permanent === true;
            const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
            if (permanent || last) d.status = permanent ? 'skipped' : 'failed';
            await em.flush();
            if (permanent) return { skipped: 'permanent' };
            throw e;
          }
        },
      },
    ];
  }

  /** Pending deliveries whose job Redis lost are queued again. */
  reconciler(): Reconciler {
    return {
      name: 'deliveries',
      run: async (_c, em, t) => {
        const rows = await em.find(
          NotificationDelivery,
          { status: 'pending', createdAt: { $lt: new Date(Date.now() - 60_000) } },
          { limit: 2000 },
        );
        for (const d of rows) await this.enqueue(d, t, null);
        return rows.length;
      },
    };
  }
}

function prefsOf(u: { notificationPrefs?: unknown } | undefined) {
  return u ? notificationPreferences.parse(u.notificationPrefs ?? {}) : null;
}
