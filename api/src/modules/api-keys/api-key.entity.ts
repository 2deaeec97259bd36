import { defineEntity, p } from '@mikro-orm/core';
import type { ApiKeyScope } from '@yuanan/contracts';
import { tenantProperties } from '../../core/db/base-entity.ts';

/**
 * An API key of a zone (issue 14 §3). The key text `yak_<keyPrefix>_<secret>` is shown once; only
 * `secretHash` = sha256 hex of the whole text is stored. A key carries 256 random bits, so a fast hash is the right
 * one: nobody can guess or brute-force 2^256 candidates, and a slow password hash (argon2/bcrypt) would only add
 * tens of milliseconds to every API call. `keyPrefix` (12 base62 characters, unique across all zones) finds the
 * row without knowing the tenant. `lastUsedAt/Ip` are bookkeeping written by plain SQL at most once a minute
 * (api-key-auth.ts), not audited row by row.
 */
export const ApiKeySchema = defineEntity({
  name: 'ApiKey',
  tableName: 'api_keys',
  indexes: [{ properties: ['tenantId', 'createdAt'] }],
  uniques: [{ properties: ['keyPrefix'] }],
  properties: {
    ...tenantProperties,
    name: p.string().length(60),
    keyPrefix: p.string().length(12),
    secretHash: p.string().length(64),
    scopes: p.json<ApiKeyScope[]>(),
    rateLimitPerMinute: p.integer().default(120),
    expiresAt: p.datetime(3),
    lastUsedAt: p.datetime(3).nullable(),
    lastUsedIp: p.string().length(45).nullable(),
    revokedAt: p.datetime(3).nullable(),
    rotatedToId: p.string().length(36).nullable(),
    createdBy: p.string().length(36).nullable(),
  },
});
export class ApiKey extends ApiKeySchema.class {}
ApiKeySchema.setClass(ApiKey);
