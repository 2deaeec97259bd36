import type { Em } from './orm.ts';
import { auditContext } from '../audit/audit-recorder.ts';
import { emTenantId } from './tenant-guard.ts';

/** A value of one column of a row written by `insertRows`. */
export type SqlValue = string | number | Date | null;

/**
 * Inserts many rows of one tenant-owned table in multi-row statements (chunks of `chunk` rows) inside `em`'s
 * transaction, bypassing the unit of work: for set-based jobs where hydrating thousands of entities is the cost.
 * Every row must carry `tenant_id` of `em`'s tenant (checked). Plain SQL (MariaDB, MySQL 8, TiDB).
 */
export async function insertRows(em: Em, table: string, rows: Array<Record<string, SqlValue>>, chunk = 500): Promise<void> {
  if (!rows.length) return;
  const tenantId = emTenantId(em);
  if (!tenantId || rows.some((r) => r.tenant_id !== tenantId)) throw new Error(`insertRows(${table}): rows outside the tenant`);
  const columns = Object.keys(rows[0]!);
  const conn = em.getConnection();
  const ctx = em.getTransactionContext();
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  for (let i = 0; i < rows.length; i += chunk) {
    const part = rows.slice(i, i + chunk);
    await conn.execute(
      `INSERT INTO ${table} (${columns.map((c) => `\`${c}\``).join(', ')}) VALUES ${part.map(() => tuple).join(', ')}`,
      part.flatMap((r) => columns.map((c) => r[c] ?? null)),
      'run',
      ctx,
    );
  }
}

/**
 * The audit rows the ORM's recorder would write for rows created by `insertRows` (op 'create', the row as its
 * diff, who/where/why from the current scope), written the same way; the caller schedules the tenant's chainer
 * after its commit (`c.audit.schedule`).
 */
export async function auditCreates(
  em: Em,
  entityType: string,
  rows: Array<{ id: string; scopeId: string | null; diff: Record<string, unknown> }>,
): Promise<void> {
  const tenantId = emTenantId(em)!;
  const ctx = auditContext();
  const at = new Date();
  await insertRows(
    em,
    'audit_log',
    rows.map((r) => ({
      tenant_id: tenantId,
      at,
      actor_id: ctx.actorId,
      actor_name: ctx.actorName,
      role: ctx.role,
      action: ctx.action.slice(0, 100),
      entity_type: entityType,
      entity_id: r.id,
      scope_id: r.scopeId,
      op: 'create',
      diff: JSON.stringify(r.diff),
      ip: ctx.ip,
      user_agent: ctx.userAgent,
      request_id: ctx.requestId,
    })),
  );
}
