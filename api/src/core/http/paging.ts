import type { Page, PagingQuery } from '@yuanan/contracts';

export function pageOf<T>(items: T[], total: number, q: PagingQuery): Page<T> {
  return { items, total, page: q.page, pageSize: q.pageSize };
}
export function offsetOf(q: PagingQuery): { limit: number; offset: number } {
  return { limit: q.pageSize, offset: (q.page - 1) * q.pageSize };
}
/** `-createdAt` → { createdAt: 'desc' }; the sort value was already whitelisted by the contract. */
export function orderOf(sort: string | undefined, fallback: Record<string, 'asc' | 'desc'>): Record<string, 'asc' | 'desc'> {
  if (!sort) return fallback;
  return sort.startsWith('-') ? { [sort.slice(1)]: 'desc' } : { [sort]: 'asc' };
}
