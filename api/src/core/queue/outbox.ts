import type { EntityManager } from '@mikro-orm/core';
import { emTenantId } from '../db/tenant-guard.ts';
import { OutboxEvent } from './outbox.entity.ts';

/**
 * Records a domain event in the caller's unit of work: it is committed with the change or not at all, and the
 * worker's relay turns it into jobs (at least once).
 */
export function emitEvent(em: EntityManager, type: string, payload: Record<string, unknown>, availableAt?: Date): OutboxEvent {
  const tenantId = emTenantId(em);
  if (!tenantId) throw new Error(`Event ${type} emitted outside a tenant`);
  return em.create(OutboxEvent, {
    tenantId,
    type,
    payload,
    createdAt: new Date(),
    availableAt: availableAt ?? new Date(),
    dispatchedAt: null,
    attempts: 0,
    lastError: null,
  });
}
