import type { EntityName } from '@mikro-orm/core';
import { afterCursor, cursorAfter, decodeCursor, type KeyOrder, type KeyRow } from './keyset.ts';
import type { Em } from './orm.ts';

/**
 * One page of a small list read straight with the ORM (no id-only selection, uncounted cap): the rows matching
 * `where` in `order` (its field, then the id), after `q.cursor` when given (offset 0), else page `q.page` of
 * `q.pageSize`. `total` counts every match. `nextCursor` is the cursor after the page's last row when more follow,
 * else null. A cursor of another sort or a broken one → 400 (decodeCursor, message in `lang`).
 */
export async function keysetPage<T extends { id: string }>(
  em: Em,
  entity: EntityName<T>,
  where: Record<string, unknown>,
  order: KeyOrder,
  q: { page: number; pageSize: number; cursor?: string },
  lang: 'zh-CN' | 'en',
): Promise<{ items: T[]; total: number; nextCursor: string | null }> {
  const total = await em.count(entity, where as never);
  const filter = q.cursor ? { $and: [where, afterCursor(order, decodeCursor(q.cursor, order.field, order, lang))] } : where;
  const rows = await em.find(entity, filter as never, {
    orderBy: { [order.field]: order.dir, id: order.idDir } as never,
    limit: q.pageSize + 1,
    offset: q.cursor ? 0 : (q.page - 1) * q.pageSize,
  });
  const more = rows.length > q.pageSize;
  const items = rows.slice(0, q.pageSize) as T[];
  const last = items.at(-1);
  return { items, total, nextCursor: more && last ? cursorAfter(order.field, order, last as unknown as KeyRow) : null };
}
