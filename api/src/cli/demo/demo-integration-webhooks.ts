import type { WebhookEvent } from '@yuanan/contracts';
import type { Container } from '../../core/container.ts';
import { uuidv7 } from '../../core/db/ids.ts';
import type { Em } from '../../core/db/orm.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import { Enterprise } from '../../modules/enterprises/enterprise.entity.ts';
import { Hazard } from '../../modules/hazards/hazard.entity.ts';
import { User } from '../../modules/identity/identity.entity.ts';
import type { Services } from '../../modules/index.ts';
import { WebhookDelivery, WebhookSubscription } from '../../modules/webhooks/webhook.entity.ts';
import { newWebhookSecret, payloadOf, publicEventId } from '../../modules/webhooks/webhook.service.ts';

/** What the demo's webhooks look like after a seed. */
export interface DemoWebhookReport {
  subscriptions: number;
  deliveries: number;
  skipped: boolean;
}

export const DEMO_WEBHOOK_NAME = '园区数据中台（内网接收端）';
/** The zone's data platform on its intranet: the platform operator allowed siqi's private targets for it. */
export const DEMO_WEBHOOK_URL = 'http://10.20.0.30:8080/yuanan/webhooks';

const DAY = 86_400_000;
const MIN = 60_000;
const EVENTS: WebhookEvent[] = [
  'hazard.created',
  'hazard.graded',
  'hazard.closed',
  'hazard.overdue',
  'alarm.raised',
  'alarm.cleared',
];

/**
 * Webhook 订阅 in the demo zone (issue 14 §7): one subscription of the zone's data platform on its intranet
 * (the platform allowed private targets for siqi), subscribed 3 weeks ago to the hazard and alarm events. Its
 * delivery log, built from the zone's real hazards: two weeks of deliveries that succeeded (some after a retry or
 * two: a 502 from the receiver's gateway, a timeout), then — the data platform's server was moved 2 days ago — a run
 * of deliveries that failed all 8 attempts (connection refused), after which the subscription was disabled
 * automatically (10 in a row) and the zone's admin told. Nothing is sent: the subscription is disabled and its URL
 * answers nobody. A second seed changes nothing (by name).
 */
export async function seedDemoWebhooks(
  c: Container,
  s: Services,
  em: Em,
  info: TenantInfo,
  now = new Date(),
): Promise<DemoWebhookReport> {
  if (await em.count(WebhookSubscription, { name: DEMO_WEBHOOK_NAME })) return { subscriptions: 0, deliveries: 0, skipped: true };
  if (!info.settings.allowPrivateWebhookTargets) await s.tenants.updateSettings(info.id, { allowPrivateWebhookTargets: true });
  const admin = await em.findOne(User, { username: 'admin' }, { fields: ['id', 'name'] });
  const ago = (ms: number) => new Date(now.getTime() - ms);
  const disabledAt = ago(2 * DAY - 5 * 60 * MIN);
  const sub = em.create(WebhookSubscription, {
    name: DEMO_WEBHOOK_NAME,
    url: DEMO_WEBHOOK_URL,
    events: EVENTS,
    secretEnc: c.cipher.seal(newWebhookSecret()),
    status: 'disabled',
    disabledReason: 'failures',
    disabledAt,
    consecutiveFailures: 10,
    createdBy: admin?.id ?? null,
  } as never) as WebhookSubscription;
  await em.flush();
  Object.assign(sub, { createdAt: ago(21 * DAY) });

  const hazards = await em.find(Hazard, { reportedAt: { $gte: ago(16 * DAY) } }, { orderBy: { reportedAt: 'asc' }, limit: 48 });
  const names = new Map(
    (
      await em.find(Enterprise, { id: { $in: [...new Set(hazards.map((h) => h.enterpriseId))] } }, { fields: ['id', 'name'] })
    ).map((e) => [e.id, e.name]),
  );
  let n = 0;
  const failuresFrom = hazards.length - 10;
  for (const [i, h] of hazards.entries()) {
    // The time of the event: the report's, kept inside the log's two weeks and before the disable.
    const at = new Date(
      Math.min(h.reportedAt?.getTime() ?? now.getTime(), disabledAt.getTime() - (hazards.length - i) * 20 * MIN),
    );
    const outbox = uuidv7(at.getTime());
    const type: WebhookEvent = h.grade && i % 3 === 1 ? 'hazard.graded' : 'hazard.created';
    const ev = {
      id: publicEventId(outbox, type, h.id),
      type,
      occurredAt: at,
      data: {
        hazardId: h.id,
        code: h.code,
        enterpriseId: h.enterpriseId,
        enterpriseName: names.get(h.enterpriseId) ?? null,
        ...(type === 'hazard.graded'
          ? {
              grade: h.grade,
              treatment: h.treatment ?? null,
              deadline: h.deadline?.toISOString() ?? null,
              responsibleName: h.responsibleName ?? null,
            }
          : {
              description: h.description,
              categoryCode: h.categoryCode ?? null,
              source: h.source,
              status: 'reported',
              grade: null,
              reportedAt: at.toISOString(),
            }),
      },
    };
    const failed = i >= failuresFrom;
    const retried = !failed && i % 7 === 3 ? 2 : !failed && i % 11 === 5 ? 3 : 1;
    // A success clears the error of its earlier attempts (as the delivery job does).
    const lastError = failed ? 'ECONNREFUSED: connect ECONNREFUSED 10.20.0.30:8080' : null; // as the delivery job records it
    const d = em.create(WebhookDelivery, {
      id: uuidv7(at.getTime() + 150),
      subscriptionId: sub.id,
      eventId: ev.id,
      eventType: type,
      payload: payloadOf(info, ev),
      status: failed ? 'failed' : 'succeeded',
      attempts: failed ? 8 : retried,
      nextAttemptAt: null,
      leaseUntil: null,
      lastStatusCode: failed ? null : 200,
      lastError,
      lastDurationMs: failed ? 3 : 40 + ((i * 37) % 180),
      deliveredAt: failed ? null : new Date(at.getTime() + (retried === 1 ? 400 : retried === 2 ? 11_000 : 72_000)),
      replayOf: null,
      replayKey: '',
    } as never) as WebhookDelivery;
    Object.assign(d, { createdAt: at });
    n++;
  }
  await em.flush();
  // One replay: the office re-sent a delivery the data platform said it lost (same event id).
  const lost = await em.findOne(
    WebhookDelivery,
    { subscriptionId: sub.id, status: 'succeeded' },
    { orderBy: { createdAt: 'asc' } },
  );
  if (lost) {
    const at = new Date(lost.createdAt.getTime() + 3 * 3600_000);
    const rid = uuidv7(at.getTime());
    const r = em.create(WebhookDelivery, {
      id: rid,
      subscriptionId: sub.id,
      eventId: lost.eventId,
      eventType: lost.eventType,
      payload: lost.payload,
      status: 'succeeded',
      attempts: 1,
      lastStatusCode: 200,
      lastDurationMs: 55,
      deliveredAt: new Date(at.getTime() + 300),
      replayOf: lost.id,
      replayKey: rid,
    } as never);
    Object.assign(r, { createdAt: at });
    n++;
  }
  await em.flush();
  // The admin was told when it was disabled (as webhook-delivery.ts does).
  if (admin)
    await s.notifications.notify(em, {
      userIds: [admin.id],
      kind: 'webhook.disabled',
      title: `Webhook 订阅已自动停用：${DEMO_WEBHOOK_NAME}`,
      body: '连续 10 次投递失败，最后错误：connect ECONNREFUSED 10.20.0.30:8080。请检查接收地址后重新启用。',
      link: `/integration/webhooks?id=${sub.id}`,
      severity: 'warning',
      dedupeKey: `webhook-disabled:${sub.id}:demo`,
    });
  return { subscriptions: 1, deliveries: n, skipped: false };
}
