import type { ChangeSet, EntityManager, EventSubscriber, FlushEventArgs, TransactionEventArgs } from '@mikro-orm/core';
import { currentScope } from '../context/request-scope.ts';
import { emTenantId } from '../db/tenant-guard.ts';
import { AuditLog } from './audit.entity.ts';

/** Never stored in a diff, whatever the entity. */
const SECRET_HASHES = new Set(['passwordHash', 'tokenHash', 'secretHash']);
/**
 * Fields the trail shows as `[secret]`: the hashes of credentials, and every sealed or encrypted column (`…Sealed`,
 * `…Enc`: a webhook's signing secret, a contact's phone) — ciphertext tells a reader nothing and need not travel.
 */
const SECRET_FIELDS = { has: (k: string) => SECRET_HASHES.has(k) || /(Sealed|Enc)$/.test(k) };
/** Writes that are bookkeeping, not business: not audited row by row. */
const NOT_AUDITED = new Set([
  'AuditLog',
  'AuditHead',
  'OutboxEvent',
  'IdempotencyRecord',
  'RefreshToken',
  'HazardCounter',
  'FiredEffect',
]);

/** Marks, in the committed set, that outbox events were written (the relay can be woken). */
export const OUTBOX_MARK = '';

export type AuditOp = 'create' | 'update' | 'delete' | 'event';

function plain(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  if (v && typeof v === 'object' && 'id' in (v as object) && (v as { __helper?: unknown }).__helper) {
    return (v as { id: unknown }).id;
  }
  return v;
}

function diffOf(cs: ChangeSet<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const before = (cs.originalEntity ?? {}) as Record<string, unknown>;
  if (cs.type === 'create') {
    for (const [k, v] of Object.entries(cs.payload ?? {})) out[k] = SECRET_FIELDS.has(k) ? '[secret]' : plain(v);
  } else if (cs.type === 'delete' || cs.type === 'delete_early') {
    for (const [k, v] of Object.entries(before)) out[k] = SECRET_FIELDS.has(k) ? '[secret]' : plain(v);
  } else {
    for (const [k, v] of Object.entries(cs.payload ?? {})) {
      if (k === 'updatedAt') continue;
      out[k] = SECRET_FIELDS.has(k) ? ['[secret]', '[secret]'] : [plain(before[k] ?? null), plain(v)];
    }
  }
  return out;
}

/** What every audit row says about who acted, where from and why. */
export function auditContext() {
  const s = currentScope();
  const a = s?.actor;
  return {
    actorId: a?.actingAs?.platformUserId ?? a?.userId ?? null,
    actorName: a ? (a.actingAs ? `${a.actingAs.platformUserName}（代行）` : a.name) : null,
    role: a?.role ?? null,
    ip: s?.ip ?? null,
    userAgent: s?.userAgent?.slice(0, 300) ?? null,
    requestId: s?.requestId?.slice(0, 64) ?? null,
    action: s?.action ?? 'system',
  };
}

/**
 * Every ORM write leaves an audit row in the same flush (so the same transaction): who, what, before/after.
 * After commit the tenant's chainer gives the rows their sequence and hashes.
 */
export class AuditRecorder implements EventSubscriber {
  readonly #onCommitted: (tenantIds: Set<string>) => void;
  readonly #pending = new WeakMap<EntityManager, Set<string>>();
  /** `tenantIds` had audit rows committed; an empty-string member means outbox events were committed too. */
  constructor(onCommitted: (tenantIds: Set<string>) => void) {
    this.#onCommitted = onCommitted;
  }

  onFlush(args: FlushEventArgs): void {
    const ctx = auditContext();
    const touched = new Set<string>();
    for (const cs of args.uow.getChangeSets() as ChangeSet<Record<string, unknown>>[]) {
      const name = cs.meta.className;
      if (name === 'OutboxEvent') touched.add(OUTBOX_MARK);
      if (NOT_AUDITED.has(name)) continue;
      const tenantId = (cs.entity.tenantId as string | undefined) ?? emTenantId(args.em);
      if (!tenantId) continue; // the tenant guard refuses such writes for tenant-scoped rows
      const op = cs.type === 'create' ? 'create' : cs.type === 'update' || cs.type === 'update_early' ? 'update' : 'delete';
      const diff = diffOf(cs);
      if (op === 'update' && Object.keys(diff).length === 0) continue;
      const entityId = String(cs.getPrimaryKey() ?? cs.entity.id ?? '');
      const log = args.em.create(AuditLog, {
        tenantId,
        at: new Date(),
        entityType: name,
        entityId,
        scopeId: (cs.entity.enterpriseId as string | null | undefined) ?? (name === 'Enterprise' ? entityId : null),
        op,
        diff,
        ...ctx,
        seq: null,
        prevHash: null,
        hash: null,
      });
      args.uow.computeChangeSet(log);
      touched.add(tenantId);
    }
    if (touched.size === 0) return;
    if (args.em.isInTransaction()) {
      const set = this.#pending.get(args.em) ?? new Set<string>();
      touched.forEach((t) => set.add(t));
      this.#pending.set(args.em, set);
    } else {
      // Implicit flush transaction: committed by the time afterFlush runs.
      this.#pending.set(args.em, touched);
    }
  }

  afterFlush(args: FlushEventArgs): void {
    if (args.em.isInTransaction()) return;
    const set = this.#pending.get(args.em);
    if (set) {
      this.#pending.delete(args.em);
      this.#onCommitted(set);
    }
  }

  afterTransactionCommit(args: TransactionEventArgs): void {
    const set = this.#pending.get(args.em);
    if (set) {
      this.#pending.delete(args.em);
      this.#onCommitted(set);
    }
  }
}

/** An audit row for something that is not a row change (a login, a verification, an act-as). */
export function recordEvent(
  em: EntityManager,
  entry: {
    tenantId?: string;
    entityType: string;
    entityId?: string | null;
    scopeId?: string | null;
    action?: string;
    details?: Record<string, unknown>;
    /** Who, when the scope has no actor yet (sign-in). */
    actor?: { id: string; name: string; role: string };
  },
): AuditLog {
  const ctx = auditContext();
  const tenantId = entry.tenantId ?? emTenantId(em);
  if (!tenantId) throw new Error('recordEvent needs a tenant');
  return em.create(AuditLog, {
    ...ctx,
    ...(entry.actor && !ctx.actorId ? { actorId: entry.actor.id, actorName: entry.actor.name, role: entry.actor.role } : {}),
    action: entry.action ?? ctx.action,
    tenantId,
    at: new Date(),
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    scopeId: entry.scopeId ?? null,
    op: 'event',
    diff: entry.details ?? {},
    seq: null,
    prevHash: null,
    hash: null,
  });
}
