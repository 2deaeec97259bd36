import type { EntityManager, EventArgs, EventSubscriber } from '@mikro-orm/core';
import { currentScope, NoTenantContextError } from '../context/request-scope.ts';

export class CrossTenantWriteError extends Error {
  constructor(entity: string) {
    super(`Refusing to write ${entity} into another tenant than the current one`);
    this.name = 'CrossTenantWriteError';
  }
}

/** The tenant an EntityManager works for: the filter parameter set when the fork was made. */
export function emTenantId(em: EntityManager): string | undefined {
  const params = em.getFilterParams<{ tenantId?: string }>('tenant');
  return params?.tenantId ?? currentScope()?.tenantId ?? undefined;
}

/**
 * Inserts are not filtered by the ORM: this stamps the current tenant on every new tenant-owned row and refuses
 * a row stamped with another tenant. No tenant in context means no write (fail closed).
 */
export class TenantGuard implements EventSubscriber {
  readonly #scoped: Set<string>;
  constructor(scoped: Set<string>) {
    this.#scoped = scoped;
  }
  beforeCreate(args: EventArgs<Record<string, unknown>>): void {
    if (!this.#scoped.has(args.meta.className)) return;
    const tenantId = emTenantId(args.em);
    if (!tenantId) throw new NoTenantContextError(args.meta.className);
    const row = args.entity;
    if (row.tenantId == null) row.tenantId = tenantId;
    else if (row.tenantId !== tenantId) throw new CrossTenantWriteError(args.meta.className);
  }
  beforeUpdate(args: EventArgs<Record<string, unknown>>): void {
    if (!this.#scoped.has(args.meta.className)) return;
    const tenantId = emTenantId(args.em);
    if (!tenantId) throw new NoTenantContextError(args.meta.className);
    if (args.entity.tenantId !== tenantId) throw new CrossTenantWriteError(args.meta.className);
  }
}
