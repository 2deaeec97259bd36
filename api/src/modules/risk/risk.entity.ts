import { defineEntity, p } from '@mikro-orm/core';
import type { ColourModel, ColourResult } from '@yuanan/domain';
import { tenantProperties } from '../../core/db/base-entity.ts';

/** A risk point (风险点) with its assessment; the raw factors are kept so the colour can be recomputed. */
export const RiskPointSchema = defineEntity({
  name: 'RiskPoint',
  tableName: 'risk_points',
  indexes: [{ properties: ['tenantId', 'enterpriseId'] }, { properties: ['tenantId', 'colour'] }],
  properties: {
    ...tenantProperties,
    enterpriseId: p.string().length(36),
    name: p.string().length(60),
    area: p.string().length(60).nullable(),
    method: p.enum(['LEC', 'LS'] as const),
    factors: p.json<Record<string, number>>(),
    score: p.decimal('number').precision(10).scale(2),
    colour: p.enum(['red', 'orange', 'yellow', 'blue'] as const),
    hazardFactors: p.string().length(500).nullable(),
    controlMeasures: p.string().length(1000).nullable(),
    responsiblePerson: p.string().length(32).nullable(),
    reviewDate: p.string().length(10).nullable(),
  },
});
export class RiskPoint extends RiskPointSchema.class {}
RiskPointSchema.setClass(RiskPoint);

export interface RiskModelParams {
  colour: ColourModel;
  lec: { red: number; orange: number; yellow: number };
  ls: { red: number; orange: number; yellow: number };
}

/** The zone's scoring model; every change is a new version, and the zone is recomputed with it. */
export const RiskModelSchema = defineEntity({
  name: 'RiskModel',
  tableName: 'risk_models',
  uniques: [{ properties: ['tenantId', 'version'] }],
  properties: {
    ...tenantProperties,
    version: p.integer(),
    params: p.json<RiskModelParams>(),
    active: p.boolean(),
    note: p.string().length(200).nullable(),
    createdBy: p.string().length(36).nullable(),
  },
});
export class RiskModel extends RiskModelSchema.class {}
RiskModelSchema.setClass(RiskModel);

/** Every computed colour, with its explanation: the colour history of an enterprise. */
export const EnterpriseColourSchema = defineEntity({
  name: 'EnterpriseColour',
  tableName: 'enterprise_colours',
  indexes: [{ properties: ['tenantId', 'enterpriseId', 'computedAt'] }],
  properties: {
    ...tenantProperties,
    enterpriseId: p.string().length(36),
    modelVersion: p.integer(),
    score: p.decimal('number').precision(8).scale(2),
    colour: p.enum(['red', 'orange', 'yellow', 'blue'] as const),
    result: p.json<ColourResult>(),
    reason: p.string().length(40),
    computedAt: p.datetime(3),
  },
});
export class EnterpriseColour extends EnterpriseColourSchema.class {}
EnterpriseColourSchema.setClass(EnterpriseColour);
