import { HAZARD_DUE_SOON_DAYS, type HazardsQuery } from '@yuanan/contracts';
import { addDays, endOfLocalDay } from '@yuanan/domain';
import type { Actor } from '../../core/context/request-scope.ts';
import { afterCursor, cappedCount, cursorAfter, decodeCursor, selectKeys, type KeyOrder } from '../../core/db/keyset.ts';
import type { Em } from '../../core/db/orm.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import { Hazard, HazardExtension } from './hazard.entity.ts';
import { hazardWhere } from './hazard-scope.ts';

/** Statuses in which a hazard can be overdue (a deadline is running). */
const OPEN = ['confirmed', 'rectifying'];

/**
 * The ledger's sorts (contracts' HAZARD_SORTS). Ties are broken by id in the sort's direction, so one index
 * scan (forward or backward) yields the order; a mixed `deadline ASC, id DESC` would sort every match.
 */
const ORDERS: Record<string, Omit<KeyOrder, 'dir' | 'idDir'>> = {
  reportedAt: { field: 'reportedAt', nullable: false, kind: 'date' },
  deadline: { field: 'deadline', nullable: true, kind: 'date' },
  updatedAt: { field: 'updatedAt', nullable: false, kind: 'date' },
  code: { field: 'code', nullable: false, kind: 'string' },
};

/** One page of the ledger: full rows in order, the (capped) total, and the cursor of the next page. */
export interface LedgerPage {
  rows: Hazard[];
  /** Matching hazards, exact up to COUNT_CAP (10,000); beyond it COUNT_CAP with `totalCapped`. */
  total: number;
  totalCapped: boolean;
  /** Pass as `cursor` for the page after this one; null on the last page. */
  nextCursor: string | null;
}

/**
 * The hazard ledger (台账) query, index-bound so its cost does not grow with the zone's history:
 * - ids of the page come first from an index in the sort's order (`(tenant, [grid,] status, reported_at, deadline)`,
 *   `(tenant, reported_at)`, `(tenant, status, deadline)`), one ordered read per status of an IN-list, and only the
 *   page's rows are loaded;
 * - `cursor` (keyset on sort value + id) pages without OFFSET; `page` still works (offset on the index);
 * - the count stops at COUNT_CAP.
 * Filters and visibility are those of the ledger before (hazard-scope.ts); `overdue=true` is "confirmed or
 * rectifying with the deadline passed", `dueSoon=true` the same with the deadline within HAZARD_DUE_SOON_DAYS from
 * now (the workbench's 7 日内到期), each intersected with `status` when both are given; `extension=pending` those
 * with an extension request waiting for a decision.
 */
export async function hazardLedger(
  em: Em,
  actor: Actor,
  tenant: TenantInfo,
  q: HazardsQuery & { cursor?: string },
  lang: 'zh-CN' | 'en' = 'zh-CN',
): Promise<LedgerPage> {
  // The tenant condition is explicit (query-builder SQL), besides the global filter.
  const where: Record<string, unknown>[] = [{ tenantId: tenant.id }, await hazardWhere(em, actor)];
  let statuses: string[] | null = q.status ? [...new Set(q.status.split(','))] : null;
  if (q.overdue === 'true') {
    statuses = statuses ? statuses.filter((s) => OPEN.includes(s)) : [...OPEN];
    where.push({ deadline: { $lt: new Date() } });
  }
  if (q.dueSoon === 'true') {
    const now = Date.now();
    statuses = statuses ? statuses.filter((s) => OPEN.includes(s)) : [...OPEN];
    where.push({ deadline: { $gte: new Date(now), $lte: new Date(now + HAZARD_DUE_SOON_DAYS * 86400_000) } });
  }
  if (q.extension === 'pending') {
    // Pending requests are few (one per hazard at most, decided within days): their hazards by id.
    const ids = (await em.find(HazardExtension, { status: 'pending' }, { fields: ['hazardId'], limit: 10_000 })).map(
      (x) => x.hazardId,
    );
    if (!ids.length) return { rows: [], total: 0, totalCapped: false, nextCursor: null };
    where.push({ id: { $in: ids } });
  }
  if (statuses && !statuses.length) return { rows: [], total: 0, totalCapped: false, nextCursor: null };
  if (statuses) where.push({ status: statuses.length === 1 ? statuses[0] : { $in: statuses } });
  if (q.grade) where.push({ grade: q.grade });
  if (q.categoryCode) where.push({ categoryCode: q.categoryCode });
  if (q.source) where.push({ source: q.source });
  if (q.enterpriseId) where.push({ enterpriseId: q.enterpriseId });
  if (q.gridId) where.push({ gridId: q.gridId });
  if (q.mine === 'true') where.push({ $or: [{ reportedBy: actor.userId }, { responsibleUserId: actor.userId }] });
  if (q.q) where.push({ $or: [{ code: { $like: `%${q.q}%` } }, { description: { $like: `%${q.q}%` } }] });
  if (q.from) where.push({ reportedAt: { $gte: endOfLocalDay(addDays(q.from, -1), tenant.timeZone) } });
  if (q.to) where.push({ reportedAt: { $lte: endOfLocalDay(q.to, tenant.timeZone) } });

  const sort = q.sort ?? '-reportedAt';
  const dir = sort.startsWith('-') ? 'desc' : 'asc';
  const order: KeyOrder = { ...ORDERS[sort.replace(/^-/, '')]!, dir, idDir: dir };
  const filtered = { $and: where };
  const paged = q.cursor ? { $and: [...where, afterCursor(order, decodeCursor(q.cursor, sort, order, lang))] } : filtered;
  const offset = q.cursor ? 0 : (q.page - 1) * q.pageSize;
  const split = statuses && statuses.length > 1 ? { field: 'status', values: statuses } : undefined;

  const keys = await selectKeys(em, Hazard, paged, order, q.pageSize + 1, offset, split);
  const pageKeys = keys.slice(0, q.pageSize);
  const [loaded, count] = [
    pageKeys.length ? await em.find(Hazard, { id: { $in: pageKeys.map((k) => k.id) } }) : [],
    await cappedCount(em, Hazard, filtered),
  ];
  const byId = new Map(loaded.map((h) => [h.id, h]));
  const last = pageKeys.at(-1);
  return {
    rows: pageKeys.map((k) => byId.get(k.id)).filter((h): h is Hazard => Boolean(h)),
    total: count.total,
    totalCapped: count.capped,
    nextCursor: keys.length > q.pageSize && last ? cursorAfter(sort, order, last) : null,
  };
}
