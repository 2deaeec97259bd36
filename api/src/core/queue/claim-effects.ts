import type { Em } from '../db/orm.ts';
import { uuidv7 } from '../db/ids.ts';
import { emTenantId } from '../db/tenant-guard.ts';

/**
 * Records many timed effects at once and returns the keys this call recorded (the others had already fired). One
 * multi-row `INSERT … ON DUPLICATE KEY UPDATE` (a no-op on a key that exists) with ids of our own, then one locking
 * read of whose id each key holds: a row with our id is ours. Run it in the transaction that performs the effects,
 * so a rollback un-claims them; a concurrent claimer of the same key waits on the row lock and then sees it taken.
 * Plain SQL accepted by MariaDB, MySQL 8 and TiDB (no RETURNING).
 */
export async function claimEffects(em: Em, keys: string[]): Promise<Set<string>> {
  const tenantId = emTenantId(em);
  if (!tenantId) throw new Error('claimEffects needs a tenant');
  // Sorted: two batches claiming overlapping keys lock them in the same order (no deadlock).
  const unique = [...new Set(keys)].sort();
  const ours = new Set<string>();
  const conn = em.getConnection();
  const ctx = em.getTransactionContext();
  for (let i = 0; i < unique.length; i += 1000) {
    const chunk = unique.slice(i, i + 1000);
    const now = new Date();
    const mine = new Map(chunk.map((k) => [k, uuidv7()]));
    await conn.execute(
      `INSERT INTO fired_effects (id, created_at, updated_at, tenant_id, \`key\`, fired_at) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}
         ON DUPLICATE KEY UPDATE \`key\` = \`key\``,
      chunk.flatMap((k) => [mine.get(k)!, now, now, tenantId, k, now]),
      'run',
      ctx,
    );
    const rows = (await conn.execute(
      `SELECT id, \`key\` FROM fired_effects WHERE tenant_id = ? AND \`key\` IN (${chunk.map(() => '?').join(', ')}) FOR UPDATE`,
      [tenantId, ...chunk],
      'all',
      ctx,
    )) as Array<{ id: string; key: string }>;
    for (const r of rows) if (mine.get(r.key) === r.id) ours.add(r.key);
  }
  return ours;
}
