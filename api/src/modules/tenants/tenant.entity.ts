import { defineEntity, p } from '@mikro-orm/core';
import type { TenantSettings } from '@yuanan/contracts';
import { baseProperties, tenantProperties } from '../../core/db/base-entity.ts';

/** A zone (tenant), the platform operator's own pseudo-zone (kind 'platform') or a supervising bureau (kind 'bureau', issue 14). Not tenant-scoped itself. */
export const TenantSchema = defineEntity({
  name: 'Tenant',
  tableName: 'tenants',
  properties: {
    ...baseProperties,
    code: p.string().length(32).unique(),
    name: p.string().length(64),
    region: p.string().length(64),
    timeZone: p.string().length(64),
    kind: p.enum(['zone', 'platform', 'bureau'] as const),
    status: p.enum(['active', 'disabled'] as const),
    settings: p.json<TenantSettings>(),
  },
});
export class Tenant extends TenantSchema.class {}
TenantSchema.setClass(Tenant);

/** Zone-editable lists: hazard categories, key-place tags, grids. */
export const CatalogItemSchema = defineEntity({
  name: 'CatalogItem',
  tableName: 'catalog_items',
  uniques: [{ properties: ['tenantId', 'kind', 'code'] }],
  properties: {
    ...tenantProperties,
    kind: p.string().length(32),
    code: p.string().length(40),
    name: p.string().length(40),
    group: p.string().length(20).nullable(),
    sort: p.integer().default(0),
    enabled: p.boolean().default(true),
  },
});
export class CatalogItem extends CatalogItemSchema.class {}
CatalogItemSchema.setClass(CatalogItem);
