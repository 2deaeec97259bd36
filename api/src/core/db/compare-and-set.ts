import { IsolationLevel, LockMode, OptimisticLockError, type EntityName, type FilterQuery, type Loaded } from '@mikro-orm/core';
import type { LocalText } from '@yuanan/contracts';
import { AppError, notFound } from '../http/problem.ts';
import type { Em } from './orm.ts';
import { isLockConflict } from './retry.ts';

/**
 * THE way to decide on a record that two people may act on at the same moment (approve/reject, review, grade,
 * check-out, complete/dismiss, accept/revoke …): compare, then set, as one step that only one caller can win.
 *
 * Mechanism — a row lock, not a retry loop: inside a transaction the record is read again with
 * `SELECT … FOR UPDATE` (MikroORM `LockMode.PESSIMISTIC_WRITE`), so a second decision on the same record waits at
 * that read until the first commits or rolls back, then sees the decided state and is refused by `expect`.
 * The transaction runs at READ COMMITTED, so every further read in it (the pending extensions of a hazard, the
 * enterprise a change request applies to) sees what the winner committed. Writes go through the unit of work as
 * usual, so the audit trail and the outbox events are written in the same transaction.
 *
 * Rules for callers:
 * - Lock the aggregate root the decision is about (the hazard for its extensions, the enterprise for its change
 *   requests) first, then read or lock its children: one lock order everywhere, so decisions do not deadlock.
 * - Put every check that depends on the record's state in `expect` (or in `set`, throwing an AppError): never
 *   decide on a copy read before the lock.
 * - "Only one X per record" (one pending extension per hazard) is a check under the parent's lock.
 *
 * Databases: `SELECT … FOR UPDATE` and `SET TRANSACTION ISOLATION LEVEL READ COMMITTED` behave the same on
 * MariaDB 10.11, MySQL 8 (InnoDB) and TiDB in pessimistic mode (its default since v3.0.8). Under TiDB's optimistic
 * mode the lock does not wait; the loser's commit fails with a write conflict (error 9007), which is retried here
 * like a deadlock, and the retry then sees the decided state. A deadlock victim (1213) or a lock-wait timeout
 * (1205) is retried as a whole (the server rolled it back); an entity whose `version` moved under us
 * (OptimisticLockError) is the caller's `lost` refusal.
 *
 * Errors: 404 `not_found` when the row is not visible in the tenant; whatever `expect`/`set` throw; 409 with the
 * `lost` code when an optimistic version check fails at flush.
 */
export interface Decision<E extends object, T> {
  /** The entity of the record being decided (the aggregate root). */
  entity: EntityName<E>;
  /** Which row; the tenant filter is added by the EntityManager. */
  where: FilterQuery<E>;
  /** What to call it in a 404 (a key of problem-text.ts NOUNS: 'hazard', 'change request' …). */
  what: string;
  /** The compare: a refusal when the locked row is no longer in a state this decision starts from, else null. */
  expect?: (row: Loaded<E>) => AppError | null;
  /** The set: changes the locked row (and may read or lock more rows with `tx`). Flushed and committed after. */
  set: (row: Loaded<E>, tx: Em) => T | Promise<T>;
  /** The refusal when a version check fails at flush (default: `conflict`). */
  lost?: () => AppError;
}

/** MySQL/MariaDB deadlock or lock-wait timeout, or TiDB's optimistic write conflict (9007): safe to redo. */
function redoable(e: unknown): boolean {
  if (isLockConflict(e)) return true;
  const err = e as { errno?: number; cause?: { errno?: number } } | null;
  return err?.errno === 9007 || err?.cause?.errno === 9007;
}

/**
 * Runs one decision: lock the row, compare, set, commit — see the module comment. Returns what `set` returns;
 * the entities it touched are merged back into `em` after the commit.
 */
export async function compareAndSet<E extends object, T>(em: Em, d: Decision<E, T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await em.transactional(
        async (tx) => {
          const row = await lockRow<E>(tx, d.entity, d.where as FilterQuery<NoInfer<E>>);
          if (!row) throw notFound(d.what);
          const refusal = d.expect?.(row);
          if (refusal) throw refusal;
          const out = await d.set(row, tx);
          await tx.flush();
          return out;
        },
        { isolationLevel: IsolationLevel.READ_COMMITTED, clear: true },
      );
    } catch (e) {
      if (e instanceof OptimisticLockError) throw d.lost?.() ?? new AppError(409, 'conflict');
      if (i >= attempts || !redoable(e)) throw e;
      await new Promise((r) => setTimeout(r, 10 * i + Math.random() * 20));
    }
  }
}

/**
 * Reads one row afresh with an exclusive lock held until the transaction ends (`SELECT … FOR UPDATE`). Only
 * inside {@link compareAndSet}'s `set` (or another transaction); null when the row is not visible.
 */
export function lockRow<E extends object>(
  tx: Em,
  entity: EntityName<E>,
  where: FilterQuery<NoInfer<E>>,
): Promise<Loaded<E> | null> {
  return tx.findOne(entity, where, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true }) as Promise<Loaded<E> | null>;
}

/**
 * The loser's answer when someone else decided first: 409 `already_decided` ("该事项已处理过"), with what
 * happened to the record as the detail (`t('该申请已被驳回', 'the request was rejected')`).
 */
export function alreadyDecided(what?: LocalText): AppError {
  return new AppError(409, 'already_decided', what);
}
