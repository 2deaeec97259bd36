import { AsyncLocalStorage } from 'node:async_hooks';
import type { EntityManager } from '@mikro-orm/core';
import type { Role } from '@yuanan/contracts';

/** Who is acting. Absent for system work (jobs) that acts on a tenant's behalf. */
export interface Actor {
  userId: string;
  name: string;
  role: Role;
  enterpriseId: string | null;
  sessionId: string | null;
  /** Set when a platform operator acts inside a zone. */
  actingAs: { platformUserId: string; platformUserName: string; reason: string } | null;
  /** Set when a bureau's supervisor reads inside a zone through a grant (read-only, issue 14 §1). */
  supervising?: { bureauId: string; bureauName: string; grantId: string } | null;
  /** Set when the caller is an API key (role `api_client`, `userId` = the key's id): issue 14 §3. */
  apiKeyId?: string | null;
}

/** Everything that must follow a request or a job across awaits. */
export interface RequestScope {
  requestId: string;
  tenantId: string | null;
  em: EntityManager | null;
  actor: Actor | null;
  ip: string | null;
  userAgent: string | null;
  /** The operation being performed, recorded as the audit action. */
  action: string | null;
}

const storage = new AsyncLocalStorage<RequestScope>();

export function runInScope<T>(scope: RequestScope, fn: () => T): T {
  return storage.run(scope, fn);
}
export function currentScope(): RequestScope | undefined {
  return storage.getStore();
}

export class NoTenantContextError extends Error {
  constructor(what = 'tenant-scoped data') {
    super(`No tenant context: refusing to touch ${what} outside a tenant (fail closed)`);
    this.name = 'NoTenantContextError';
  }
}

/** The tenant of the current request or job. Throws when there is none: tenant-scoped code fails closed. */
export function requireTenantId(): string {
  const id = storage.getStore()?.tenantId;
  if (!id) throw new NoTenantContextError();
  return id;
}
export function currentActor(): Actor | null {
  return storage.getStore()?.actor ?? null;
}
export function requireActor(): Actor {
  const a = storage.getStore()?.actor;
  if (!a) throw new Error('No authenticated actor in scope');
  return a;
}
export function requireEm(): EntityManager {
  const em = storage.getStore()?.em;
  if (!em) throw new Error('No EntityManager in scope');
  return em;
}
