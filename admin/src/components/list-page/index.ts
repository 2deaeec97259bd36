/**
 * The list-page building block: `useListQuery` (filters from a declarative spec in the address, paging, sort,
 * keyset cursors), `ListPage` (filter bar, saved views, table, paging, export, empty and error states) and
 * `ListTable` (column priorities, ellipsis with tooltips, fixed row actions) for lists inside other pages.
 */
export {
  useListQuery,
  filterKeys,
  type FilterSpec,
  type FilterOption,
  type FilterValues,
  type ListQuery,
} from './use-list-query.ts';
export { FilterBar, type FilterPreset } from './filter-bar.tsx';
export { ListTable, fitColumns, type ListColumn, type ListTableProps, type RowActions } from './list-table.tsx';
export { ListPage, totalText, type ListData, type ListExport, type ListPageProps, type ListResult } from './list-page.tsx';
