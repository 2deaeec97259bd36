import type { EntityName, FilterQuery } from '@mikro-orm/core';
import { NoTenantContextError } from '../../core/context/request-scope.ts';
import type { Em } from '../../core/db/orm.ts';
import { emTenantId } from '../../core/db/tenant-guard.ts';

/**
 * The read path of the law library: the ONE place that opens more than the caller's tenant. A zone sees its own
 * documents and the platform's library (the platform tenant, tenants.kind = 'platform'); the platform operator sees
 * the platform tenant only. Fail closed: an EntityManager without a tenant is refused; every query is limited to
 * `tenant_id IN (tenantIds)` — never an id taken from input. Writes never use this: they go through the caller's
 * tenant em, so a zone cannot touch a platform document.
 */
export interface LawScope {
  /** The caller's tenant. */
  tenantId: string;
  /** The platform tenant (null when there is none yet). */
  platformId: string | null;
  /** The tenants readable: [own] or [own, platform]. */
  tenantIds: string[];
  /** Whether `tenantId` is the platform's own tenant. */
  isPlatform: boolean;
  /** Which side a row belongs to, for the `scope` field of the views. */
  scopeOf(rowTenantId: string): 'platform' | 'zone';
  find<E extends object>(em: Em, entity: EntityName<E>, where: FilterQuery<E>, opts?: LawFindOptions): Promise<E[]>;
  findOne<E extends object>(em: Em, entity: EntityName<E>, where: FilterQuery<E>): Promise<E | null>;
  count<E extends object>(em: Em, entity: EntityName<E>, where: FilterQuery<E>): Promise<number>;
}

/** The find options the law library uses (order, limit, a subset of columns). */
export interface LawFindOptions {
  orderBy?: Record<string, 'asc' | 'desc'>;
  limit?: number;
  fields?: string[];
  exclude?: string[];
}

/** The platform tenant's id per database (a process may hold several in tests); only a found id is cached. */
const platformIds = new WeakMap<object, string>();

async function platformTenantId(em: Em): Promise<string | null> {
  const key = em.getMetadata();
  const hit = platformIds.get(key);
  if (hit) return hit;
  const rows = (await em
    .getConnection()
    .execute(
      "SELECT id FROM tenants WHERE kind = 'platform' ORDER BY created_at LIMIT 1",
      [],
      'all',
      em.getTransactionContext(),
    )) as Array<{
    id: string;
  }>;
  const id = rows[0]?.id ?? null;
  if (id) platformIds.set(key, id);
  return id;
}

/** The readable tenants of the caller of `em` (see {@link LawScope}). Throws NoTenantContextError without a tenant. */
export async function lawScope(em: Em): Promise<LawScope> {
  const tenantId = emTenantId(em);
  if (!tenantId) throw new NoTenantContextError('the law library');
  const platformId = await platformTenantId(em);
  const isPlatform = platformId === tenantId;
  const tenantIds = platformId && !isPlatform ? [tenantId, platformId] : [tenantId];
  // $and: a caller's own tenant condition (the list's scope filter) can only narrow, never widen, the two tenants.
  const within = (where: unknown) => ({ $and: [where, { tenantId: { $in: tenantIds } }] }) as never;
  return {
    tenantId,
    platformId,
    tenantIds,
    isPlatform,
    scopeOf: (rowTenantId) => (rowTenantId === platformId ? 'platform' : 'zone'),
    find: (em2, entity, where, opts) =>
      em2.find(entity, within(where), { ...opts, filters: { tenant: false } } as never) as never,
    findOne: (em2, entity, where) => em2.findOne(entity, within(where), { filters: { tenant: false } }),
    count: (em2, entity, where) => em2.count(entity, within(where), { filters: { tenant: false } }),
  };
}
