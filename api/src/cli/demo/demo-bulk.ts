/**
 * Rows of many entities written set-based (core/db/bulk-write.ts) instead of through the unit of work, with the
 * audit rows the ORM's recorder would have written for them (op 'create', the entity's fields as the diff, the
 * current scope's actor and action). Column names come from the ORM's metadata, so the rows are the entity's.
 */
import type { EntityClass } from '@mikro-orm/core';
import { auditCreates, insertRows, type SqlValue } from '../../core/db/bulk-write.ts';
import { uuidv7 } from '../../core/db/ids.ts';
import type { Em } from '../../core/db/orm.ts';

type Fields = Record<string, unknown>;
/** Never stored in an audit diff (as the ORM's recorder, core/audit/audit-recorder.ts). */
const SECRET_FIELDS = new Set(['passwordHash', 'phoneSealed', 'mfaSecretSealed', 'tokenHash']);

export class BulkRows {
  readonly #tenantId: string;
  readonly #now = new Date();
  readonly #rows = new Map<EntityClass<object>, Fields[]>();
  constructor(tenantId: string) {
    this.#tenantId = tenantId;
  }

  /** Adds a row of `entity` (fields by property name); id, tenant and timestamps are filled. Returns the row. */
  add<T extends Fields>(entity: EntityClass<object>, fields: T): T & { id: string } {
    const row = { id: uuidv7(), createdAt: this.#now, updatedAt: this.#now, tenantId: this.#tenantId, ...fields };
    const list = this.#rows.get(entity) ?? [];
    list.push(row);
    this.#rows.set(entity, list);
    return row as T & { id: string };
  }

  get size(): number {
    let n = 0;
    for (const l of this.#rows.values()) n += l.length;
    return n;
  }

  /** Writes every row (multi-row inserts per table) and their audit rows, in `em`'s transaction. */
  async write(em: Em): Promise<void> {
    for (const [entity, rows] of this.#rows) {
      const meta = em.getMetadata().get(entity);
      await insertRows(
        em,
        meta.tableName,
        rows.map((r) => columnsOf(em, entity, r)),
      );
      await auditCreates(
        em,
        meta.className,
        rows.map((r) => ({
          id: String(r.id),
          scopeId: (r.enterpriseId as string | undefined) ?? null,
          diff: Object.fromEntries(
            Object.entries(r).map(([k, v]) => [k, SECRET_FIELDS.has(k) ? '[secret]' : v instanceof Date ? v.toISOString() : v]),
          ),
        })),
      );
    }
    this.#rows.clear();
  }
}

/** The column row of an entity's fields (by the ORM's metadata: column names, JSON columns serialised). */
export function columnsOf(em: Em, entity: EntityClass<object> | string, fields: Fields): Record<string, SqlValue> {
  const meta = em.getMetadata().get(entity as EntityClass<object>);
  const out: Record<string, SqlValue> = {};
  for (const [k, v] of Object.entries(fields)) {
    const prop = meta.properties[k as never] as { fieldNames?: string[]; runtimeType?: string; type?: string } | undefined;
    if (!prop?.fieldNames?.[0]) throw new Error(`${meta.className} has no column for ${k}`);
    out[prop.fieldNames[0]] =
      v === undefined || v === null
        ? null
        : v instanceof Date || typeof v !== 'object'
          ? typeof v === 'boolean'
            ? v
              ? 1
              : 0
            : (v as SqlValue)
          : JSON.stringify(v);
  }
  return out;
}
