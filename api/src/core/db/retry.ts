import { DeadlockException, LockWaitTimeoutException } from '@mikro-orm/core';

/** A transaction that lost a lock race (MySQL/MariaDB errno 1213 deadlock, 1205 lock wait timeout): safe to redo. */
export function isLockConflict(e: unknown): boolean {
  if (e instanceof DeadlockException || e instanceof LockWaitTimeoutException) return true;
  const err = e as { errno?: number; code?: string; cause?: unknown } | null;
  if (!err || typeof err !== 'object') return false;
  if (err.errno === 1213 || err.errno === 1205 || err.code === 'ER_LOCK_DEADLOCK' || err.code === 'ER_LOCK_WAIT_TIMEOUT') {
    return true;
  }
  return err.cause !== undefined && err.cause !== e && isLockConflict(err.cause);
}

/**
 * Runs a whole transaction again when the database chose it as a deadlock victim: the server rolled it back, so
 * redoing it is the documented remedy. Anything else is thrown as is.
 */
export async function retryOnLockConflict<T>(fn: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if (i >= attempts || !isLockConflict(e)) throw e;
      await new Promise((r) => setTimeout(r, 10 * i + Math.random() * 20));
    }
  }
}
