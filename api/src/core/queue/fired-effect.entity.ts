import { defineEntity, p } from '@mikro-orm/core';
import { tenantProperties } from '../db/base-entity.ts';

/**
 * Timed effects that happened (a reminder sent, an escalation stage fired). The unique key makes a timed job
 * idempotent: a retried or re-created job finds its effect done and does nothing.
 */
export const FiredEffectSchema = defineEntity({
  name: 'FiredEffect',
  tableName: 'fired_effects',
  uniques: [{ properties: ['tenantId', 'key'] }],
  properties: {
    ...tenantProperties,
    key: p.string().length(150),
    firedAt: p.datetime(3),
  },
});
export class FiredEffect extends FiredEffectSchema.class {}
FiredEffectSchema.setClass(FiredEffect);
