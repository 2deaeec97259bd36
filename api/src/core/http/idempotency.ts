import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { Em } from '../db/orm.ts';
import { sha256Hex } from '../crypto/pii.ts';
import { IdempotencyRecord } from './idempotency.entity.ts';
import { AppError } from './problem.ts';

export interface Replay {
  status: number;
  body: unknown;
}

/**
 * Create calls with an Idempotency-Key run once per (tenant, user, key). A placeholder row claims the key
 * before the handler runs; a concurrent duplicate waits for the first answer, and a failure frees the key so
 * the client may retry.
 */
export async function withIdempotency(
  em: Em,
  userId: string,
  key: string,
  fingerprint: string,
  run: () => Promise<{ status: number; body: unknown }>,
): Promise<{ status: number; body: unknown; replayed: boolean }> {
  if (!/^[A-Za-z0-9_\-:.]{8,100}$/.test(key)) {
    throw new AppError(400, 'validation_failed', 'Idempotency-Key must be 8–100 characters of [A-Za-z0-9_-:.]');
  }
  const requestHash = sha256Hex(fingerprint);
  const claimEm = em.fork({ clear: true });
  const existing = await claimEm.findOne(IdempotencyRecord, { userId, key });
  if (existing) return { ...(await waitForAnswer(claimEm, existing.id, requestHash)), replayed: true };
  const claim = claimEm.create(IdempotencyRecord, { userId, key, requestHash, status: 0, response: null });
  try {
    await claimEm.flush();
  } catch (e) {
    if (!(e instanceof UniqueConstraintViolationException)) throw e;
    const other = await em.fork({ clear: true }).findOneOrFail(IdempotencyRecord, { userId, key });
    return { ...(await waitForAnswer(em.fork({ clear: true }), other.id, requestHash)), replayed: true };
  }
  try {
    const result = await run();
    claim.status = result.status;
    claim.response = result.body ?? null;
    await claimEm.flush();
    return { ...result, replayed: false };
  } catch (e) {
    await claimEm.nativeDelete(IdempotencyRecord, { id: claim.id });
    throw e;
  }
}

async function waitForAnswer(em: Em, id: string, requestHash: string): Promise<Replay> {
  for (let i = 0; i < 100; i++) {
    const row = await em.fork({ clear: true }).findOne(IdempotencyRecord, { id });
    if (!row) throw new AppError(409, 'conflict', 'The first request with this Idempotency-Key failed; retry');
    if (row.requestHash !== requestHash) throw new AppError(422, 'idempotency_conflict');
    if (row.status !== 0) return { status: row.status, body: row.response };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new AppError(409, 'conflict', 'The first request with this Idempotency-Key is still running');
}
