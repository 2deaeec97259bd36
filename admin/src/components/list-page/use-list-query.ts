import { useCallback, useMemo, useRef, type ReactElement, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';

export interface FilterOption {
  value: string;
  label: ReactNode;
}

/**
 * One filter of a list page, declared once: the filter bar draws it, the address (URL query) carries it, saved
 * views store it and the list's api / export endpoint receive it under the same name.
 * - `text`: free text (trimmed; `normalize` may change it further);
 * - `select` / `multi`: one value / several (comma-joined in the address, as the api expects);
 * - `dateRange`: two address keys (`keys`, e.g. `from`/`to`) as `YYYY-MM-DD`, or ISO instants with `time`;
 * - `check`: `'true'` when ticked;
 * - `segmented`: tabs in the table's header, applied at once; `defaultValue` is what an empty address means
 *   (`''` = no filter);
 * - `custom`: any form control (`control` gets value/onChange from the form), e.g. the enterprise picker;
 * - `hidden`: only in the address (links from other pages), shown as an active filter and cleared by Reset.
 */
export interface FilterSpec {
  key: string;
  kind: 'text' | 'select' | 'multi' | 'dateRange' | 'check' | 'segmented' | 'custom' | 'hidden';
  label?: ReactNode;
  options?: FilterOption[];
  placeholder?: string;
  /** Control width in px. */
  width?: number;
  testId?: string;
  /** dateRange: the two address keys. */
  keys?: [string, string];
  /** dateRange: pick times too (the address holds ISO instants). */
  time?: boolean;
  /** segmented: the value of an empty address. */
  defaultValue?: string;
  /** custom: the control. */
  control?: ReactElement;
  /** text / custom: the value as it goes into the address (undefined drops it). */
  normalize?: (v: string) => string | undefined;
  /** false hides the filter (e.g. without the permission its options need). */
  show?: boolean;
}

export type FilterValues = Record<string, string>;

/** The address keys a filter uses. */
export function filterKeys(f: FilterSpec): string[] {
  return f.kind === 'dateRange' ? (f.keys ?? [`${f.key}From`, `${f.key}To`]) : [f.key];
}

export interface ListQueryOptions {
  filters: FilterSpec[];
  /** Rows per page when the address does not say (default 20). */
  pageSize?: number;
  /** The order when the address does not say (e.g. `-reportedAt`); undefined lets the api choose. */
  defaultSort?: string;
  /** Page forward with the api's keyset cursor (`nextCursor`) where known, else by page number. */
  cursor?: boolean;
}

/** What a list page knows about its query; made by `useListQuery`, read by `ListPage` and the page's api hook. */
export interface ListQuery {
  spec: FilterSpec[];
  /** Active filters by address key, segmented defaults filled in, empty values dropped. */
  filters: FilterValues;
  /** Filters as they are in the address (what a saved view stores), with `sort`. */
  urlFilters: FilterValues;
  /** A filter other than the tabs is set: an empty list is then "nothing matches", not "nothing yet". */
  hasFilters: boolean;
  page: number;
  pageSize: number;
  defaultPageSize: number;
  sort: string | undefined;
  /** The api query: filters, sort and either `page` or `cursor`, plus `pageSize`. */
  params: Record<string, string | number>;
  setFilters: (next: Record<string, string | undefined>) => void;
  setPage: (page: number, pageSize: number) => void;
  setSort: (sort: string | undefined) => void;
  /** Remembers the api's cursor after `page` (cursor mode), so the next page is read by keyset. */
  noteNextCursor: (page: number, cursor: string | null | undefined) => void;
}

/**
 * The state of a list page, all of it in the address (shareable, kept on reload and back/forward): filters from a
 * declarative spec, page, page size, sort; in cursor mode also the keyset cursors of pages already seen.
 */
export function useListQuery(opts: ListQueryOptions): ListQuery {
  const [sp, setSp] = useSearchParams();
  const { filters: spec, defaultSort } = opts;
  const defaultPageSize = opts.pageSize ?? 20;
  const cursors = useRef(new Map<string, string>());
  const spKey = sp.toString();

  const derived = useMemo(() => {
    const urlFilters: FilterValues = {};
    const filters: FilterValues = {};
    let hasFilters = false;
    for (const f of spec) {
      for (const k of filterKeys(f)) {
        const v = sp.get(k);
        if (v) {
          urlFilters[k] = v;
          filters[k] = v;
          if (f.kind !== 'segmented') hasFilters = true;
        } else if (f.kind === 'segmented' && f.defaultValue) filters[k] = f.defaultValue;
      }
    }
    const sort = sp.get('sort') ?? undefined;
    if (sort) urlFilters.sort = sort;
    const page = Math.max(1, Number(sp.get('page') ?? 1) || 1);
    const pageSize = Math.min(200, Math.max(1, Number(sp.get('pageSize') ?? defaultPageSize) || defaultPageSize));
    return { urlFilters, filters, hasFilters, sort, page, pageSize };
    // spKey stands for the address's contents (sp itself is a new object on every render).
  }, [spKey, spec, defaultPageSize]);

  const { filters, sort, page, pageSize } = derived;
  const baseKey = JSON.stringify([filters, sort ?? defaultSort, pageSize]);
  const cursor = opts.cursor && page > 1 ? cursors.current.get(`${baseKey}|${page}`) : undefined;
  const params = useMemo(() => {
    const p: Record<string, string | number> = { ...filters, pageSize };
    if (sort ?? defaultSort) p.sort = (sort ?? defaultSort)!;
    if (cursor) p.cursor = cursor;
    else p.page = page;
    return p;
  }, [filters, pageSize, sort, defaultSort, cursor, page]);

  // From the address as it is when the update runs (not as it was at render): two quick updates both land.
  const write = useCallback(
    (mutate: (next: URLSearchParams) => void) =>
      setSp((prev) => {
        const next = new URLSearchParams(prev);
        mutate(next);
        return next;
      }),
    [setSp],
  );

  const setFilters = useCallback(
    (values: Record<string, string | undefined>) =>
      write((next) => {
        for (const f of spec)
          for (const k of filterKeys(f)) {
            const v = values[k];
            if (v && !(f.kind === 'segmented' && v === (f.defaultValue ?? ''))) next.set(k, v);
            else next.delete(k);
          }
        if ('sort' in values) {
          if (values.sort) next.set('sort', values.sort);
          else next.delete('sort');
        }
        next.delete('page');
      }),
    [write, spec],
  );
  const setPage = useCallback(
    (p: number, ps: number) =>
      write((next) => {
        if (ps !== pageSize) p = 1;
        if (p > 1) next.set('page', String(p));
        else next.delete('page');
        if (ps !== defaultPageSize) next.set('pageSize', String(ps));
        else next.delete('pageSize');
      }),
    [write, pageSize, defaultPageSize],
  );
  const setSort = useCallback(
    (s: string | undefined) =>
      write((next) => {
        if (s) next.set('sort', s);
        else next.delete('sort');
        next.delete('page');
      }),
    [write],
  );
  const noteNextCursor = useCallback(
    (p: number, c: string | null | undefined) => {
      if (opts.cursor && c) cursors.current.set(`${baseKey}|${p + 1}`, c);
    },
    [opts.cursor, baseKey],
  );

  return { spec, ...derived, defaultPageSize, params, setFilters, setPage, setSort, noteNextCursor };
}
