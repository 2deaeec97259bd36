import { p } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/core';
import { uuidv7 } from './ids.ts';
import { emTenantId } from './tenant-guard.ts';

/** Columns every table has: an opaque time-ordered id and timestamps with milliseconds (UTC). */
export const baseProperties = {
  id: p
    .string()
    .length(36)
    .primary()
    .onCreate(() => uuidv7()),
  createdAt: p.datetime(3).onCreate(() => new Date()),
  updatedAt: p
    .datetime(3)
    .onCreate(() => new Date())
    .onUpdate(() => new Date()),
};

/**
 * Tenant-owned tables: `tenant_id` is non-null, stamped on insert from the scope (see tenant-guard.ts),
 * and filtered on every read by the global `tenant` filter. Put it first in composite indexes.
 */
export const tenantProperties = {
  ...baseProperties,
  // Stamped from the EntityManager's tenant on insert; the tenant guard then refuses any mismatch.
  tenantId: p
    .string()
    .length(36)
    .onCreate((_e: unknown, em: EntityManager) => emTenantId(em) as string),
};

/** Entity names that carry `tenantId` and so are filtered; filled by defineTenantEntity callers. */
export const TENANT_SCOPED = new Set<string>();
