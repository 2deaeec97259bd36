import type { EntityName } from '@mikro-orm/core';
import type { EntityManager as SqlEm } from '@mikro-orm/mysql';
import { AppError } from '../http/problem.ts';
import type { Em } from './orm.ts';

/**
 * Index-bound list reads shared by the hot lists (hazard ledger, enterprise list): keyset (cursor) paging on
 * `(sort field, id)`, id-only page selection that a covering index answers, and counts that stop at a cap.
 * Only portable SQL (MariaDB 10.11, MySQL 8, TiDB): row comparisons are spelled out as OR-ed ranges, counts
 * use a derived table with LIMIT.
 */

/** Counts stop here: a list larger than this reports `total = COUNT_CAP` and `totalCapped = true` ("10,000+"). */
export const COUNT_CAP = 10_000;

type Where = Record<string, unknown>;
export type Dir = 'asc' | 'desc';
/** The order of a list: the sort field, then the id as tie-breaker (ids are unique, so the order is total). */
export interface KeyOrder {
  field: string;
  dir: Dir;
  idDir: Dir;
  /** The field may be NULL (MySQL orders NULL first ascending, last descending). */
  nullable: boolean;
  /** How the field's value is written into a cursor and read back. */
  kind: 'date' | 'string' | 'number';
}
type KeyValue = Date | string | number | null;
/** A decoded cursor: the last row's sort value and id. */
export interface Cursor {
  v: KeyValue;
  id: string;
}

const sqlEm = (em: Em) => em as unknown as SqlEm;

/** Opaque cursor: base64url of `[sort, value, id]`, so a cursor of another sort is refused, not misread. */
export function encodeCursor(sort: string, v: KeyValue, id: string): string {
  return Buffer.from(JSON.stringify([sort, v instanceof Date ? v.toISOString() : v, id])).toString('base64url');
}

/** Reads a cursor made by `encodeCursor` for the same sort. Throws a 400 problem (field `cursor`) otherwise. */
export function decodeCursor(raw: string, sort: string, order: KeyOrder, lang: 'zh-CN' | 'en'): Cursor {
  const bad = () =>
    new AppError(400, 'validation_failed', undefined, {
      errors: [
        {
          path: 'cursor',
          code: 'invalid',
          message:
            lang === 'en'
              ? 'This page position is no longer valid (the sort changed?): reload from the first page'
              : '翻页位置无效（排序已改变？），请从第一页重新加载',
        },
      ],
    });
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (!Array.isArray(parsed) || parsed.length !== 3 || parsed[0] !== sort || typeof parsed[2] !== 'string') throw bad();
  const [, v, id] = parsed as [string, unknown, string];
  if (!/^[0-9a-f-]{36}$/.test(id)) throw bad();
  if (v === null) {
    if (!order.nullable) throw bad();
    return { v: null, id };
  }
  if (order.kind === 'date') {
    const d = typeof v === 'string' ? new Date(v) : null;
    if (!d || Number.isNaN(d.getTime())) throw bad();
    return { v: d, id };
  }
  if (order.kind === 'number' ? typeof v !== 'number' : typeof v !== 'string') throw bad();
  return { v: v as string | number, id };
}

/** The rows strictly after `c` in `order`, as a filter (OR-ed ranges an index on `(…, field)` + id answers). */
export function afterCursor(order: KeyOrder, c: Cursor): Where {
  const f = order.field;
  const fOp = order.dir === 'desc' ? '$lt' : '$gt';
  const idAfter = { id: { [order.idDir === 'desc' ? '$lt' : '$gt']: c.id } };
  if (c.v === null) {
    // NULLs sort first ascending: after a NULL come the other NULLs past the id, then every value.
    return order.dir === 'asc' ? { $or: [{ [f]: null, ...idAfter }, { [f]: { $ne: null } }] } : { [f]: null, ...idAfter };
  }
  const ors: Where[] = [{ [f]: { [fOp]: c.v } }, { [f]: c.v, ...idAfter }];
  if (order.nullable && order.dir === 'desc') ors.push({ [f]: null });
  return { $or: ors };
}

export type KeyRow = { id: string } & Record<string, unknown>;

/** A row's sort value in the cursor's type (drivers may return DATETIME and DECIMAL as strings). */
export function keyValue(order: KeyOrder, row: KeyRow): KeyValue {
  const v = row[order.field];
  if (v === null || v === undefined) return null;
  if (order.kind === 'number') return Number(v);
  if (order.kind === 'date') return v instanceof Date ? v : new Date(`${String(v).replace(' ', 'T')}Z`);
  return String(v);
}

/** The cursor after `row`, the last row of a page. */
export function cursorAfter(sort: string, order: KeyOrder, row: KeyRow): string {
  return encodeCursor(sort, keyValue(order, row), row.id);
}

/**
 * The ids (and sort values) of one page, selected on the sort's index without touching the rows.
 * `split` runs one query per value of an IN-list (e.g. `status IN (confirmed, rectifying)`) and merges them:
 * each part reads its index in order and stops after `offset + limit` entries, where a single query with the
 * IN-list would sort every match.
 */
export async function selectKeys(
  em: Em,
  entity: EntityName<object>,
  where: Where,
  order: KeyOrder,
  limit: number,
  offset: number,
  split?: { field: string; values: string[] },
): Promise<KeyRow[]> {
  const parts = split && split.values.length > 1 ? split.values.map((v) => ({ [split.field]: v })) : [{}];
  const rows: KeyRow[] = [];
  for (const part of parts) {
    const qb = sqlEm(em)
      .createQueryBuilder(entity)
      .select((order.field === 'id' ? ['id'] : ['id', order.field]) as never)
      .where({ $and: [where, part] })
      .orderBy({ [order.field]: order.dir, id: order.idDir })
      .limit(parts.length > 1 ? offset + limit : limit, parts.length > 1 ? 0 : offset);
    await qb.applyFilters();
    rows.push(...((await qb.execute('all')) as KeyRow[]));
  }
  if (parts.length === 1) return rows;
  rows.sort((a, b) => compareKeys(order, a, b));
  return rows.slice(offset, offset + limit);
}

/** Orders two rows as MySQL would under `order` (NULL lowest, then the id). */
export function compareKeys(order: KeyOrder, a: KeyRow, b: KeyRow): number {
  const key = (r: KeyRow) => {
    const v = keyValue(order, r);
    return v instanceof Date ? v.getTime() : v;
  };
  const va = key(a);
  const vb = key(b);
  let c = 0;
  if (va !== vb) {
    if (va === null) c = -1;
    else if (vb === null) c = 1;
    else c = va < vb ? -1 : 1;
  }
  if (order.dir === 'desc') c = -c;
  if (c) return c;
  const ic = a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  return order.idDir === 'desc' ? -ic : ic;
}

/**
 * `COUNT(*)` that reads at most `cap + 1` index entries: `SELECT COUNT(*) FROM (SELECT id … LIMIT cap+1)`.
 * Returns the exact total below the cap, else `{ total: cap, capped: true }`.
 */
export async function cappedCount(
  em: Em,
  entity: EntityName<object>,
  where: Where,
  cap = COUNT_CAP,
): Promise<{ total: number; capped: boolean }> {
  const qb = sqlEm(em)
    .createQueryBuilder(entity)
    .select('id' as never)
    .where(where)
    .limit(cap + 1);
  await qb.applyFilters();
  const { sql, params } = qb.toQuery();
  const [row] = (await em
    .getConnection()
    .execute(`select count(*) as n from (${sql}) as capped`, [...params], 'all', em.getTransactionContext())) as Array<{
    n: number | string;
  }>;
  const n = Number(row?.n ?? 0);
  return n > cap ? { total: cap, capped: true } : { total: n, capped: false };
}
