import { defineEntity, p } from '@mikro-orm/core';
import { uuidv7 } from '../db/ids.ts';

/**
 * Domain events, written in the same transaction as the change that caused them and relayed to BullMQ by the
 * worker (at least once). Not tenant-filtered: the relay reads across tenants; every row carries its tenant.
 */
export const OutboxEventSchema = defineEntity({
  name: 'OutboxEvent',
  tableName: 'outbox_events',
  indexes: [{ properties: ['dispatchedAt', 'availableAt'] }, { properties: ['tenantId', 'type'] }],
  properties: {
    id: p
      .string()
      .length(36)
      .primary()
      .onCreate(() => uuidv7()),
    tenantId: p.string().length(36),
    type: p.string().length(80),
    payload: p.json<Record<string, unknown>>(),
    createdAt: p.datetime(3).onCreate(() => new Date()),
    availableAt: p.datetime(3).onCreate(() => new Date()),
    dispatchedAt: p.datetime(3).nullable(),
    attempts: p.integer().default(0),
    lastError: p.string().length(500).nullable(),
  },
});
export class OutboxEvent extends OutboxEventSchema.class {}
OutboxEventSchema.setClass(OutboxEvent);
