import { defineEntity, p } from '@mikro-orm/core';
import { tenantProperties } from '../../core/db/base-entity.ts';

/** One message to one user. `dedupeKey` makes creating it idempotent when a job is retried. */
export const NotificationSchema = defineEntity({
  name: 'Notification',
  tableName: 'notifications',
  uniques: [{ properties: ['tenantId', 'dedupeKey'] }],
  indexes: [{ properties: ['tenantId', 'userId', 'readAt'] }],
  properties: {
    ...tenantProperties,
    userId: p.string().length(36),
    kind: p.string().length(60),
    title: p.string().length(120),
    body: p.string().length(1000),
    link: p.string().length(300).nullable(),
    severity: p.enum(['info', 'warning', 'critical'] as const).default('info'),
    dedupeKey: p.string().length(200),
    readAt: p.datetime(3).nullable(),
  },
});
export class Notification extends NotificationSchema.class {}
NotificationSchema.setClass(Notification);

/** Delivery of a notification over an external channel, retried with backoff, sent at most once. */
export const NotificationDeliverySchema = defineEntity({
  name: 'NotificationDelivery',
  tableName: 'notification_deliveries',
  uniques: [{ properties: ['tenantId', 'notificationId', 'channel'] }],
  indexes: [{ properties: ['tenantId', 'status'] }],
  properties: {
    ...tenantProperties,
    notificationId: p.string().length(36),
    channel: p.enum(['wechat', 'sms'] as const),
    status: p.enum(['pending', 'sent', 'failed', 'skipped'] as const).default('pending'),
    attempts: p.integer().default(0),
    providerMessageId: p.string().length(100).nullable(),
    lastError: p.string().length(500).nullable(),
    sentAt: p.datetime(3).nullable(),
  },
});
export class NotificationDelivery extends NotificationDeliverySchema.class {}
NotificationDeliverySchema.setClass(NotificationDelivery);
