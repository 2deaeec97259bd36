import { createHash } from 'node:crypto';
import type { Orm } from '../db/orm.ts';
import type { Logger } from '../log/logger.ts';
import { retryOnLockConflict } from '../db/retry.ts';

export const GENESIS = '0'.repeat(64);

interface Row {
  id: string;
  tenant_id: string;
  seq: number | null;
  at: Date;
  actor_id: string | null;
  actor_name: string | null;
  role: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  scope_id: string | null;
  op: string;
  diff: unknown;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  prev_hash: string | null;
  hash: string | null;
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v as object)
        .sort()
        .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}

/** The hash of a row covers its whole content, its place in the chain and the previous row's hash. */
export function rowHash(r: Row, seq: number, prevHash: string): string {
  const diff = typeof r.diff === 'string' ? JSON.parse(r.diff) : r.diff;
  const content = JSON.stringify([
    r.tenant_id,
    seq,
    new Date(r.at).toISOString(),
    r.actor_id,
    r.actor_name,
    r.role,
    r.action,
    r.entity_type,
    r.entity_id,
    r.scope_id,
    r.op,
    canonical(diff),
    r.ip,
    r.user_agent,
    r.request_id,
    prevHash,
  ]);
  return createHash('sha256').update(content).digest('hex');
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  headSeq: number | null;
  firstBroken: { seq: number; id: string; reason: 'hash_mismatch' | 'prev_mismatch' | 'gap' } | null;
}

/**
 * Chains each tenant's audit rows in insertion order. Business transactions only insert; this takes the
 * tenant's head row lock briefly, so writers never wait on one another for the audit trail.
 */
export class AuditChain {
  readonly #orm: Orm;
  readonly #log: Logger;
  readonly #running = new Map<string, Promise<void>>();
  readonly #again = new Set<string>();
  constructor(orm: Orm, log: Logger) {
    this.#orm = orm;
    this.#log = log;
  }

  /** Chains soon, coalescing bursts; errors are logged (the periodic job retries). */
  schedule(tenantId: string): void {
    if (this.#running.has(tenantId)) {
      this.#again.add(tenantId);
      return;
    }
    const p = this.chain(tenantId)
      .then(() => undefined)
      .catch((e: unknown) => this.#log.warn({ err: e, tenantId }, 'audit chaining deferred'))
      .finally(() => {
        this.#running.delete(tenantId);
        if (this.#again.delete(tenantId)) this.schedule(tenantId);
      });
    this.#running.set(tenantId, p);
  }

  /** Resolves when scheduled chaining has finished (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.#running.size) await Promise.all([...this.#running.values()]);
  }

  /** Chains every pending row of a tenant; returns how many rows were chained. */
  async chain(tenantId: string): Promise<number> {
    const conn = this.#orm.em.getConnection();
    let total = 0;
    for (;;) {
      // Another api instance or the worker may chain the same zone at the same moment. The head is locked
      // exclusively first (an INSERT IGNORE on an existing row would take a shared lock and deadlock two chainers);
      // only a zone's very first chaining inserts it, and the loser of that race is rolled back and runs again.
      const n = await retryOnLockConflict(() =>
        conn.transactional(async (trx) => {
          const lockHead = async () =>
            (await conn.execute(
              'SELECT last_seq, last_hash FROM audit_heads WHERE tenant_id = ? FOR UPDATE',
              [tenantId],
              'all',
              trx,
            )) as Array<{ last_seq: number | string; last_hash: string }>;
          let [head] = await lockHead();
          if (!head) {
            await conn.execute(
              'INSERT IGNORE INTO audit_heads (tenant_id, last_seq, last_hash, last_id) VALUES (?, 0, ?, 0)',
              [tenantId, GENESIS],
              'run',
              trx,
            );
            [head] = await lockHead();
          }
          const rows = (await conn.execute(
            'SELECT * FROM audit_log WHERE tenant_id = ? AND seq IS NULL ORDER BY id LIMIT 500',
            [tenantId],
            'all',
            trx,
          )) as Row[];
          if (rows.length === 0) return 0;
          let seq = Number(head!.last_seq);
          let prev = head!.last_hash;
          const chained: Array<{ id: Row['id']; seq: number; prev: string; hash: string }> = [];
          for (const r of rows) {
            seq += 1;
            const hash = rowHash(r, seq, prev);
            chained.push({ id: r.id, seq, prev, hash });
            prev = hash;
          }
          // One statement for the whole page (a round trip per row dominated bursts of writes); plain CASE, portable.
          const cases = (pick: (c: (typeof chained)[number]) => unknown) => ({
            sql: `CASE id ${chained.map(() => 'WHEN ? THEN ?').join(' ')} END`,
            params: chained.flatMap((c) => [c.id, pick(c)]),
          });
          const [s1, s2, s3] = [cases((c) => c.seq), cases((c) => c.prev), cases((c) => c.hash)];
          await conn.execute(
            `UPDATE audit_log SET seq = ${s1.sql}, prev_hash = ${s2.sql}, hash = ${s3.sql} WHERE tenant_id = ? AND id IN (${chained.map(() => '?').join(', ')})`,
            [...s1.params, ...s2.params, ...s3.params, tenantId, ...chained.map((c) => c.id)],
            'run',
            trx,
          );
          await conn.execute(
            'UPDATE audit_heads SET last_seq = ?, last_hash = ?, last_id = ? WHERE tenant_id = ?',
            [seq, prev, rows[rows.length - 1]!.id, tenantId],
            'run',
            trx,
          );
          return rows.length;
        }),
      );
      total += n;
      if (n < 500) return total;
    }
  }

  /** Tenants that have rows waiting to be chained (the periodic job's work list). */
  async pendingTenants(): Promise<string[]> {
    const rows = (await this.#orm.em
      .getConnection()
      .execute('SELECT DISTINCT tenant_id FROM audit_log WHERE seq IS NULL')) as Array<{ tenant_id: string }>;
    return rows.map((r) => r.tenant_id);
  }

  /** Walks the tenant's chain from the start and names the first broken link. */
  async verify(tenantId: string): Promise<VerifyResult> {
    await this.chain(tenantId);
    const conn = this.#orm.em.getConnection();
    let prev = GENESIS;
    let expected = 1;
    let checked = 0;
    for (;;) {
      const rows = (await conn.execute(
        'SELECT * FROM audit_log WHERE tenant_id = ? AND seq IS NOT NULL AND seq >= ? ORDER BY seq LIMIT 2000',
        [tenantId, expected],
      )) as Row[];
      for (const r of rows) {
        const seq = Number(r.seq);
        if (seq !== expected)
          return { ok: false, checked, headSeq: null, firstBroken: { seq: expected, id: String(r.id), reason: 'gap' } };
        if (r.prev_hash !== prev)
          return { ok: false, checked, headSeq: null, firstBroken: { seq, id: String(r.id), reason: 'prev_mismatch' } };
        if (rowHash(r, seq, prev) !== r.hash)
          return { ok: false, checked, headSeq: null, firstBroken: { seq, id: String(r.id), reason: 'hash_mismatch' } };
        prev = r.hash!;
        expected = seq + 1;
        checked += 1;
      }
      if (rows.length < 2000) break;
    }
    const [head] = (await conn.execute('SELECT last_seq, last_hash FROM audit_heads WHERE tenant_id = ?', [tenantId])) as Array<{
      last_seq: number | string;
      last_hash: string;
    }>;
    // Rows cut off the end of the chain show as a head that points past the last row.
    if (head && (Number(head.last_seq) !== expected - 1 || head.last_hash !== prev)) {
      return { ok: false, checked, headSeq: Number(head.last_seq), firstBroken: { seq: expected, id: '', reason: 'gap' } };
    }
    return { ok: true, checked, headSeq: head ? Number(head.last_seq) : null, firstBroken: null };
  }
}
