import { defineEntity, p } from '@mikro-orm/core';
import { baseProperties, tenantProperties } from '../../core/db/base-entity.ts';

/**
 * A bureau's read access to one zone for a time (issue 14 §1). Platform-owned like `tenants`: not tenant-scoped
 * (it joins two tenants); read only through supervision-scope.ts (grants in force) and the platform's routes.
 * In force at t iff `revokedAt IS NULL AND validFrom <= t < validUntil` and both tenants are active.
 */
export const SupervisionGrantSchema = defineEntity({
  name: 'SupervisionGrant',
  tableName: 'supervision_grants',
  indexes: [{ properties: ['bureauId', 'zoneId'] }, { properties: ['zoneId'] }],
  properties: {
    ...baseProperties,
    bureauId: p.string().length(36),
    zoneId: p.string().length(36),
    validFrom: p.datetime(3),
    validUntil: p.datetime(3),
    revokedAt: p.datetime(3).nullable(),
    /** Name of the platform operator who revoked it. */
    revokedBy: p.string().length(64).nullable(),
    /** Name of the platform operator who granted it. */
    createdBy: p.string().length(64),
    note: p.string().length(200).nullable(),
  },
});
export class SupervisionGrant extends SupervisionGrantSchema.class {}
SupervisionGrantSchema.setClass(SupervisionGrant);

/**
 * One request a bureau's supervisor made inside a zone (a `sup` token), or one zone a city view covered. Scoped to
 * the ZONE (`tenantId` = zone): the zone reads who from the city looked at it. Written by raw insert (bookkeeping,
 * not audited row by row), before the response is sent.
 */
export const SupervisionReadSchema = defineEntity({
  name: 'SupervisionRead',
  tableName: 'supervision_reads',
  indexes: [{ properties: ['tenantId', 'at'] }, { properties: ['bureauId', 'at'] }],
  properties: {
    ...tenantProperties,
    bureauId: p.string().length(36),
    grantId: p.string().length(36).nullable(),
    userId: p.string().length(36),
    userName: p.string().length(64),
    bureauName: p.string().length(64),
    operationId: p.string().length(80),
    method: p.string().length(8),
    /** Path without the query string, at most 255 characters. */
    path: p.string().length(255),
    resourceId: p.string().length(64).nullable(),
    status: p.integer(),
    at: p.datetime(3),
  },
});
export class SupervisionRead extends SupervisionReadSchema.class {}
SupervisionReadSchema.setClass(SupervisionRead);
