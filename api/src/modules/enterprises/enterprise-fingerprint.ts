import type { Em } from '../../core/db/orm.ts';

/**
 * A cheap version of a zone's enterprises (the risk map's cache key, and the list's count cache key): the latest
 * `updated_at` (every ORM write: inserts, moves, renames, status) and `colour_computed_at` (the colour recompute writes raw SQL that leaves `updated_at` alone), each
 * read from its (tenant, column) index in O(log n). Enterprises are never deleted (closing is a status).
 * Written timestamps come from the api's clocks: keep them in sync (NTP) across replicas.
 */
export async function enterpriseFingerprint(em: Em, tenantId: string): Promise<EnterpriseFingerprint> {
  const rows = (await em
    .getConnection()
    .execute(
      'SELECT MAX(updated_at) AS u, MAX(colour_computed_at) AS c FROM enterprises WHERE tenant_id = ?',
      [tenantId],
      'all',
      em.getTransactionContext(),
    )) as Array<{ u: Date | string | null; c: Date | string | null }>;
  const date = (v: Date | string | null | undefined) => (v == null ? null : v instanceof Date ? v : new Date(v));
  const updated = date(rows[0]?.u);
  const coloured = date(rows[0]?.c);
  return { key: `${updated?.toISOString() ?? '-'}|${coloured?.toISOString() ?? '-'}`, updated, coloured };
}

/** A zone's enterprises version: the two latest write times and a key made of them. */
export interface EnterpriseFingerprint {
  key: string;
  updated: Date | null;
  coloured: Date | null;
}
