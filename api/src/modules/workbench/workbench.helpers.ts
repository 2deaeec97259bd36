import { addDays, daysOverdue, endOfLocalDay, localDate } from '@yuanan/domain';
import type { Em } from '../../core/db/orm.ts';
import { Enterprise } from '../enterprises/enterprise.entity.ts';
import type { WorkbenchContext } from './workbench.registry.ts';

/** Names of enterprises by id, one query (ids of a card's few items). */
export async function enterpriseNames(em: Em, ids: Array<string | null | undefined>): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((x): x is string => Boolean(x)))];
  if (!wanted.length) return new Map();
  const rows = await em.find(Enterprise, { id: { $in: wanted } }, { fields: ['id', 'name'] });
  return new Map(rows.map((e) => [e.id, e.name]));
}

/** Whole days from the zone's today to a local date (`YYYY-MM-DD`): negative when it is past. */
export function daysUntil(c: WorkbenchContext, date: string): number {
  const today = localDate(c.now, c.tenant.timeZone);
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86400_000);
}

/** The zone's local date `days` from today (`YYYY-MM-DD`). */
export function localDay(c: WorkbenchContext, days = 0): string {
  return addDays(localDate(c.now, c.tenant.timeZone), days);
}

/** "逾期 3 天" / "今天到期" / "2 天后到期" in the caller's language, from a deadline instant or a local date. */
export function dueTag(c: WorkbenchContext, due: Date | string): string {
  const date = typeof due === 'string' ? due : localDate(due, c.tenant.timeZone);
  const d = daysUntil(c, date);
  const en = c.lang === 'en';
  if (typeof due !== 'string' && due.getTime() < c.now.getTime()) {
    const late = Math.max(1, daysOverdue(due, c.now, c.tenant.timeZone));
    return en ? `${late} day${late > 1 ? 's' : ''} overdue` : `逾期 ${late} 天`;
  }
  if (d < 0) return en ? `expired ${-d} day${-d > 1 ? 's' : ''} ago` : `已过期 ${-d} 天`;
  if (d === 0) return en ? 'due today' : '今天到期';
  return en ? `due in ${d} day${d > 1 ? 's' : ''}` : `${d} 天后到期`;
}

/** A local date (`YYYY-MM-DD`) as the ISO instant its day starts in the zone, for an item's `at`. */
export function dateAt(c: WorkbenchContext, date: string): string {
  return new Date(endOfLocalDay(addDays(date, -1), c.tenant.timeZone).getTime() + 1).toISOString();
}
