import { defineEntity, p } from '@mikro-orm/core';
import type { EnterpriseGeofence } from '@yuanan/contracts';
import { tenantProperties } from '../../core/db/base-entity.ts';

/** 一企一档: the enterprise file. Phones are sealed at rest and masked for most roles. */
export const EnterpriseSchema = defineEntity({
  name: 'Enterprise',
  tableName: 'enterprises',
  uniques: [{ properties: ['tenantId', 'creditCode'] }],
  indexes: [
    // List filters in the default order (name, id); the colour index carries the tag text (after the id, which
    // must precede it for the order) so colour + tag is filtered and counted in the index.
    { properties: ['tenantId', 'gridId', 'name'] },
    { properties: ['tenantId', 'riskColour', 'name', 'id', 'keyPlaceTagsText'], name: 'enterprises_list_colour_index' },
    { properties: ['tenantId', 'industryCode'] },
    { properties: ['tenantId', 'name'] },
    { properties: ['tenantId', 'sizeBand'] },
    // The risk map's markers, read from the index alone.
    {
      properties: ['tenantId', 'status', 'riskColour', 'name', 'riskScore', 'lat', 'lng', 'planX', 'planY', 'gridId'],
      name: 'enterprises_map_markers_index',
    },
    // The risk map's cache fingerprint: MAX of each in O(log n) (map-data.ts).
    { properties: ['tenantId', 'updatedAt'], name: 'enterprises_map_updated_index' },
    { properties: ['tenantId', 'colourComputedAt'], name: 'enterprises_map_coloured_index' },
  ],
  properties: {
    ...tenantProperties,
    creditCode: p.string().length(18),
    name: p.string().length(100),
    legalRepresentative: p.string().length(32).nullable(),
    principalName: p.string().length(32),
    principalPhoneSealed: p.string().length(200).nullable().hidden(),
    principalPhoneMasked: p.string().length(20).nullable(),
    safetyManagerName: p.string().length(32).nullable(),
    safetyManagerPhoneSealed: p.string().length(200).nullable().hidden(),
    safetyManagerPhoneMasked: p.string().length(20).nullable(),
    /** GB/T 4754 code, e.g. C2614, and its name. */
    industryCode: p.string().length(8).nullable(),
    industryName: p.string().length(60).nullable(),
    /** 工贸 (industry & trade) enterprises are judged by 应急管理部令第10号 for major hazards. */
    isIndustryTrade: p.boolean().default(true),
    ownership: p.string().length(20).nullable(),
    employees: p.integer().nullable(),
    /** 万元 */
    annualRevenue: p.decimal('number').precision(14).scale(2).nullable(),
    annualOutput: p.decimal('number').precision(14).scale(2).nullable(),
    sizeBand: p.enum(['large', 'medium', 'small', 'micro'] as const).nullable(),
    address: p.string().length(200).nullable(),
    lat: p.double().$type<number>().nullable(),
    lng: p.double().$type<number>().nullable(),
    /** Position on the zone's site plan, as fractions of its width and height (0–1). */
    planX: p.double().$type<number>().nullable(),
    planY: p.double().$type<number>().nullable(),
    gridId: p.string().length(36).nullable(),
    buildingStructure: p.string().length(20).nullable(),
    hasSprinklers: p.boolean().nullable(),
    /** 厂中厂/园中园: the landlord enterprise whose plant this one works in. */
    landlordEnterpriseId: p.string().length(36).nullable(),
    standardisationLevel: p.string().length(20).nullable(),
    keyPlaceTags: p.json<string[]>().onCreate(() => []),
    /** ",tag1,tag2," — the tags searchable with LIKE on both databases (kept in step by the service). */
    keyPlaceTagsText: p.string().length(500).default(','),
    /** People who may be within 500 m (GB 18218 α). */
    peopleWithin500m: p.integer().nullable(),
    status: p.enum(['active', 'closed'] as const).default('active'),
    riskColour: p.enum(['red', 'orange', 'yellow', 'blue'] as const).nullable(),
    riskScore: p.decimal('number').precision(8).scale(2).nullable(),
    colourComputedAt: p.datetime(3).nullable(),
    /** Where a check-in counts as on site: `{radiusM}` or `{polygon}`; null = the zone's radius around lat/lng. */
    geofence: p.json<EnterpriseGeofence>().nullable(),
    version: p.integer().version(),
  },
});
export class Enterprise extends EnterpriseSchema.class {}
EnterpriseSchema.setClass(Enterprise);
