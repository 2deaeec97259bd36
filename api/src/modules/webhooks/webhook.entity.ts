import { defineEntity, p } from '@mikro-orm/core';
import { WEBHOOK_DELIVERY_STATUSES, WEBHOOK_DISABLED_REASONS, WEBHOOK_STATUSES, type WebhookPayload } from '@yuanan/contracts';
import { tenantProperties } from '../../core/db/base-entity.ts';

/**
 * A zone's webhook subscription (issue 14 §4). The HMAC secret is sealed with the field cipher (core/crypto/pii.ts:
 * HMAC needs the raw secret, so a hash would not do). `consecutiveFailures` counts deliveries that failed for good
 * in a row; at the configured number the subscription is disabled (`disabledReason` 'failures').
 */
export const WebhookSubscriptionSchema = defineEntity({
  name: 'WebhookSubscription',
  tableName: 'webhook_subscriptions',
  indexes: [{ name: 'webhook_subscriptions_tenant_status_index', properties: ['tenantId', 'status'] }],
  properties: {
    ...tenantProperties,
    name: p.string().length(60),
    url: p.string().length(2048),
    events: p.json<string[]>(),
    secretEnc: p.string().length(200),
    /** After a rotation: the old secret, still signing beside the new one until `previousSecretUntil`. */
    previousSecretEnc: p.string().length(200).nullable(),
    previousSecretUntil: p.datetime(3).nullable(),
    status: p.enum([...WEBHOOK_STATUSES]).default('active'),
    disabledReason: p.enum([...WEBHOOK_DISABLED_REASONS]).nullable(),
    disabledAt: p.datetime(3).nullable(),
    consecutiveFailures: p.integer().default(0),
    createdBy: p.string().length(36).nullable(),
  },
});
export class WebhookSubscription extends WebhookSubscriptionSchema.class {}
WebhookSubscriptionSchema.setClass(WebhookSubscription);

/**
 * One event to one subscription: the payload snapshot (a replay sends the same), the attempts, the last answer.
 * UNIQUE (tenant, subscription, event, replay key): the at-least-once outbox relay can run a fan-out twice and still
 * make one delivery. `replayKey` is '' for an original and the replay's own id for a replay (MariaDB lets NULLs
 * repeat in a unique index, so the nullable `replayOf` could not be in it). `leaseUntil`: a `sending` claim older
 * than this is stale (a worker died mid-send) and may be claimed again.
 */
export const WebhookDeliverySchema = defineEntity({
  name: 'WebhookDelivery',
  tableName: 'webhook_deliveries',
  uniques: [{ name: 'webhook_deliveries_event_unique', properties: ['tenantId', 'subscriptionId', 'eventId', 'replayKey'] }],
  indexes: [
    { name: 'webhook_deliveries_due_index', properties: ['tenantId', 'status', 'nextAttemptAt'] },
    { name: 'webhook_deliveries_subscription_index', properties: ['tenantId', 'subscriptionId', 'createdAt'] },
    { name: 'webhook_deliveries_created_index', properties: ['tenantId', 'createdAt'] },
  ],
  properties: {
    ...tenantProperties,
    subscriptionId: p.string().length(36),
    eventId: p.string().length(80),
    eventType: p.string().length(40),
    payload: p.json<WebhookPayload>(),
    status: p.enum([...WEBHOOK_DELIVERY_STATUSES]).default('pending'),
    attempts: p.integer().default(0),
    nextAttemptAt: p.datetime(3).nullable(),
    leaseUntil: p.datetime(3).nullable(),
    lastStatusCode: p.integer().nullable(),
    lastError: p.string().length(500).nullable(),
    lastDurationMs: p.integer().nullable(),
    deliveredAt: p.datetime(3).nullable(),
    replayOf: p.string().length(36).nullable(),
    replayKey: p.string().length(36).default(''),
  },
});
export class WebhookDelivery extends WebhookDeliverySchema.class {}
WebhookDeliverySchema.setClass(WebhookDelivery);
