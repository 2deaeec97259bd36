import type { EnterprisesQuery } from '@yuanan/contracts';
import { NoTenantContextError, type Actor } from '../../core/context/request-scope.ts';
import { afterCursor, cappedCount, cursorAfter, decodeCursor, selectKeys, type KeyOrder } from '../../core/db/keyset.ts';
import type { Em } from '../../core/db/orm.ts';
import { emTenantId } from '../../core/db/tenant-guard.ts';
import { CountCache } from '../../core/db/count-cache.ts';
import { Enterprise } from './enterprise.entity.ts';
import { enterpriseFingerprint } from './enterprise-fingerprint.ts';
import { enterpriseWhere } from './enterprise-scope.ts';

/**
 * The list's sorts (contracts' ENTERPRISE_SORTS). Ties are broken by id in the sort's direction, so one index
 * scan (forward or backward) yields the order.
 */
const ORDERS: Record<string, Omit<KeyOrder, 'dir' | 'idDir'>> = {
  name: { field: 'name', nullable: false, kind: 'string' },
  riskScore: { field: 'riskScore', nullable: true, kind: 'number' },
  employees: { field: 'employees', nullable: true, kind: 'number' },
  createdAt: { field: 'createdAt', nullable: false, kind: 'date' },
  updatedAt: { field: 'updatedAt', nullable: false, kind: 'date' },
};

/** The list's totals per zone, filters and visibility, valid while the zone's enterprises are unchanged. */
export const enterpriseCounts = new CountCache();

/** One page of the enterprise list: rows in order, the (capped) total, and the next page's cursor. */
export interface EnterprisePage {
  rows: Enterprise[];
  /** Exact up to COUNT_CAP (10,000); beyond it COUNT_CAP with `totalCapped`. */
  total: number;
  totalCapped: boolean;
  nextCursor: string | null;
}

/**
 * The enterprise list query (一企一档 list), index-bound: the page's ids come from `(tenant, colour, name, tags)`,
 * `(tenant, grid, name)` or `(tenant, name)` in order (the tag is matched in the index), then only those rows
 * are loaded; `cursor` pages by keyset, `page` by offset; the count stops at COUNT_CAP and is reused while the
 * zone's enterprises are unchanged (enterpriseCounts, keyed by the zone's fingerprint: paging, sorting and
 * re-opening the list cost no count). Filters and visibility are those of the list before (enterprise-scope.ts).
 */
export async function enterpriseList(
  em: Em,
  actor: Actor,
  q: EnterprisesQuery & { cursor?: string },
  lang: 'zh-CN' | 'en' = 'zh-CN',
): Promise<EnterprisePage> {
  const scope = await enterpriseWhere(em, actor);
  if (!scope) return { rows: [], total: 0, totalCapped: false, nextCursor: null };
  const tenantId = emTenantId(em);
  if (!tenantId) throw new NoTenantContextError();
  // The tenant condition is explicit (query-builder SQL), besides the global filter.
  const where: Record<string, unknown>[] = [{ tenantId }, scope];
  if (q.q) where.push({ $or: [{ name: { $like: `%${q.q}%` } }, { creditCode: { $like: `${q.q.toUpperCase()}%` } }] });
  if (q.gridId) where.push({ gridId: q.gridId });
  if (q.industryCode) where.push({ industryCode: { $like: `${q.industryCode}%` } });
  if (q.tag) where.push({ keyPlaceTagsText: { $like: `%,${q.tag},%` } });
  if (q.colour) where.push({ riskColour: q.colour });
  if (q.sizeBand) where.push({ sizeBand: q.sizeBand });
  if (q.status) where.push({ status: q.status });

  // Read before the count: a count is then cached under a version no newer than the data it counted, and a
  // write in between only makes the next request count again.
  const version = (await enterpriseFingerprint(em, tenantId)).key;
  const sort = q.sort ?? 'name';
  const dir = sort.startsWith('-') ? 'desc' : 'asc';
  const order: KeyOrder = { ...ORDERS[sort.replace(/^-/, '')]!, dir, idDir: dir };
  const filtered = { $and: where };
  const paged = q.cursor ? { $and: [...where, afterCursor(order, decodeCursor(q.cursor, sort, order, lang))] } : filtered;
  const keys = await selectKeys(em, Enterprise, paged, order, q.pageSize + 1, q.cursor ? 0 : (q.page - 1) * q.pageSize);
  const pageKeys = keys.slice(0, q.pageSize);
  const loaded = pageKeys.length ? await em.find(Enterprise, { id: { $in: pageKeys.map((k) => k.id) } }) : [];
  const { q: text, gridId, industryCode, tag, colour, sizeBand, status } = q;
  const countKey = JSON.stringify([tenantId, scope, text, gridId, industryCode, tag, colour, sizeBand, status]);
  const count = await enterpriseCounts.get(countKey, version, () => cappedCount(em, Enterprise, filtered));
  const byId = new Map(loaded.map((e) => [e.id, e]));
  const last = pageKeys.at(-1);
  return {
    rows: pageKeys.map((k) => byId.get(k.id)).filter((e): e is Enterprise => Boolean(e)),
    total: count.total,
    totalCapped: count.capped,
    nextCursor: keys.length > q.pageSize && last ? cursorAfter(sort, order, last) : null,
  };
}
