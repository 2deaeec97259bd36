import { defineEntity, p } from '@mikro-orm/core';
import { tenantProperties } from '../db/base-entity.ts';

/** A create call remembered by its Idempotency-Key, so an offline retry returns the first answer. */
export const IdempotencyRecordSchema = defineEntity({
  name: 'IdempotencyRecord',
  tableName: 'idempotency_records',
  uniques: [{ properties: ['tenantId', 'userId', 'key'] }],
  properties: {
    ...tenantProperties,
    userId: p.string().length(36),
    key: p.string().length(100),
    requestHash: p.string().length(64),
    status: p.integer(),
    response: p.json<unknown>().nullable(),
  },
});
export class IdempotencyRecord extends IdempotencyRecordSchema.class {}
IdempotencyRecordSchema.setClass(IdempotencyRecord);
