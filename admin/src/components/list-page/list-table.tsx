import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { Descriptions, Table, Typography } from 'antd';
import type { ColumnType, ExpandableConfig, TablePaginationConfig, TableRowSelection } from 'antd/es/table/interface';
import { QueryError } from '../query-error.tsx';
import { useMessages } from '../../i18n/feature.ts';
import { listMessages } from './messages.ts';

/**
 * A column of a list table.
 * - `width` (px) is required: the table adds the widths up to decide what fits.
 * - `priority`: 1 (default) is always shown; when the table's box is narrower than the columns, priority 3 goes
 *   first, then 2 (the last such column first). Dropped columns are not lost: they show in the row's expansion.
 * - `ellipsis`: one line (or `rows` lines) cut with "…", the full text in a tooltip (`tip`, else the cell's text).
 * - `grow`: takes the room left over (its `width` is then its minimum).
 * - `sortKey`: the api's sort field; the header sorts by it (when the table has `onSort`).
 */
export interface ListColumn<T> {
  key: string;
  title: ReactNode;
  dataIndex?: string;
  width: number;
  render?: (value: any, row: T, index: number) => ReactNode; // eslint-disable-line @typescript-eslint/no-explicit-any
  priority?: 1 | 2 | 3;
  ellipsis?: boolean | { rows?: number; tip?: (row: T) => ReactNode };
  grow?: boolean;
  fixed?: 'left';
  sortKey?: string;
  align?: 'left' | 'right' | 'center';
}

/** The row's actions, in a column fixed on the right. */
export interface RowActions<T> {
  width: number;
  title?: ReactNode;
  render: (row: T) => ReactNode;
}

export interface ListTableProps<T> {
  rowKey: string | ((row: T) => string);
  columns: ListColumn<T>[];
  actions?: RowActions<T> | null;
  items: T[];
  loading?: boolean;
  /** A failed load with nothing to show: the query-error block with a retry instead of the table. */
  error?: unknown;
  onRetry?: () => void;
  /** What an empty table says. */
  empty?: ReactNode;
  pagination?: TablePaginationConfig | false;
  /** The api's sort (`field` / `-field`) and how to change it. */
  sort?: string;
  onSort?: (sort: string | undefined) => void;
  rowSelection?: TableRowSelection<T>;
  expandable?: ExpandableConfig<T>;
  rowClassName?: (row: T) => string;
  size?: 'small' | 'middle' | 'large';
  testId?: string;
}

const SELECT_WIDTH = 40;
const EXPAND_WIDTH = 40;

/** The width of an element's content box, followed as it changes (undefined before the first layout). */
function useBoxWidth(): [React.RefObject<HTMLDivElement>, number | undefined] {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState<number | undefined>(undefined);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const ro = new ResizeObserver((entries) => {
      const w = entries[0]?.contentRect.width;
      if (w !== undefined) setWidth(Math.floor(w));
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, width];
}

/** The columns that fit `room` px, dropping priority 3, then 2 (rightmost first); and those dropped. */
export function fitColumns<T>(columns: ListColumn<T>[], room: number): { shown: ListColumn<T>[]; hidden: ListColumn<T>[] } {
  const shown = [...columns];
  const hidden: ListColumn<T>[] = [];
  const sum = () => shown.reduce((n, c) => n + c.width, 0);
  for (const level of [3, 2] as const) {
    for (let i = shown.length - 1; i >= 0 && sum() > room; i--) {
      if ((shown[i]!.priority ?? 1) === level) hidden.unshift(...shown.splice(i, 1));
    }
  }
  return { shown, hidden: columns.filter((c) => hidden.includes(c)) };
}

function cellValue<T>(c: ListColumn<T>, row: T): unknown {
  return c.dataIndex ? (row as Record<string, unknown>)[c.dataIndex] : undefined;
}

function renderCell<T>(c: ListColumn<T>, row: T, i: number): ReactNode {
  const v = cellValue(c, row);
  return c.render ? c.render(v, row, i) : v === null || v === undefined || v === '' ? '—' : String(v as string);
}

function antColumn<T>(c: ListColumn<T>, sort: string | undefined, sortable: boolean): ColumnType<T> {
  const e = c.ellipsis;
  const rows = typeof e === 'object' ? (e.rows ?? 1) : 1;
  return {
    key: c.key,
    title: c.title,
    dataIndex: c.dataIndex,
    width: c.grow ? undefined : c.width,
    fixed: c.fixed,
    align: c.align,
    // One-line cells never wrap or spill; the tooltip carries the whole text.
    ellipsis: e && rows === 1 ? { showTitle: false } : undefined,
    sorter: sortable && c.sortKey ? true : undefined,
    sortOrder: sortable && c.sortKey ? (sort === c.sortKey ? 'ascend' : sort === `-${c.sortKey}` ? 'descend' : null) : undefined,
    render: (_: unknown, row: T, i: number) => {
      const content = renderCell(c, row, i);
      if (!e) return content;
      const tip =
        (typeof e === 'object' && e.tip ? e.tip(row) : undefined) ?? (typeof content === 'string' ? content : undefined);
      return rows > 1 ? (
        <Typography.Paragraph ellipsis={{ rows, tooltip: tip }} style={{ margin: 0 }}>
          {content}
        </Typography.Paragraph>
      ) : (
        <Typography.Text ellipsis={{ tooltip: tip }} style={{ maxWidth: '100%' }}>
          {content}
        </Typography.Text>
      );
    },
  };
}

/**
 * The table of a list page: columns by priority so the table fits its box without sideways scrolling (what does
 * not fit folds into the row's expansion), ellipsis with tooltips, the row actions fixed on the right, header
 * sorting bound to the api's sort, and the load's error / empty states.
 */
export function ListTable<T extends object>({
  rowKey,
  columns,
  actions,
  items,
  loading,
  error,
  onRetry,
  empty,
  pagination = false,
  sort,
  onSort,
  rowSelection,
  expandable,
  rowClassName,
  size = 'middle',
  testId,
}: ListTableProps<T>) {
  const t = useMessages(listMessages);
  const [box, boxWidth] = useBoxWidth();
  // Before the first layout: a guess from the window (sider and paddings), so the first paint rarely reflows.
  const room = boxWidth ?? Math.max(600, (globalThis.innerWidth ?? 1440) - 320);
  const fixed = (rowSelection ? SELECT_WIDTH : 0) + (actions?.width ?? 0);
  let fit = fitColumns(columns, room - fixed - (expandable ? EXPAND_WIDTH : 0));
  if (fit.hidden.length && !expandable) fit = fitColumns(columns, room - fixed - EXPAND_WIDTH);
  const { shown, hidden } = fit;
  const scrollX = shown.reduce((n, c) => n + c.width, 0) + fixed + (hidden.length || expandable ? EXPAND_WIDTH : 0);

  const folded = (row: T) => (
    <Descriptions
      size="small"
      column={{ xs: 1, md: 2, xl: 3 }}
      items={hidden.map((c) => ({ key: c.key, label: c.title, children: renderCell(c, row, 0) }))}
    />
  );
  const expansion: ExpandableConfig<T> | undefined =
    hidden.length || expandable
      ? {
          ...expandable,
          columnWidth: EXPAND_WIDTH,
          rowExpandable: hidden.length ? () => true : expandable?.rowExpandable,
          expandedRowRender: (row, i, indent, exp) => (
            <>
              {hidden.length > 0 && folded(row)}
              {expandable?.expandedRowRender?.(row, i, indent, exp)}
            </>
          ),
        }
      : undefined;

  if (error && !items.length) return <QueryError error={error} onRetry={() => onRetry?.()} />;
  return (
    <div ref={box} className="list-table">
      <Table<T>
        rowKey={rowKey}
        size={size}
        loading={loading}
        dataSource={items}
        rowSelection={rowSelection ? { columnWidth: SELECT_WIDTH, ...rowSelection } : undefined}
        expandable={expansion}
        rowClassName={rowClassName}
        scroll={{ x: scrollX }}
        tableLayout="fixed"
        data-testid={testId}
        data-hidden-columns={hidden.map((c) => c.key).join(',')}
        locale={{ emptyText: empty }}
        pagination={pagination}
        onChange={(_p, _f, s, extra) => {
          if (extra.action !== 'sort' || !onSort) return;
          const sorter = Array.isArray(s) ? s[0] : s;
          const col = columns.find((c) => c.key === sorter?.columnKey);
          onSort(col?.sortKey && sorter?.order ? (sorter.order === 'descend' ? `-${col.sortKey}` : col.sortKey) : undefined);
        }}
        columns={[
          ...shown.map((c) => antColumn(c, sort, !!onSort)),
          ...(actions
            ? [
                {
                  key: 'actions',
                  title: actions.title ?? t('actions'),
                  width: actions.width,
                  fixed: 'right' as const,
                  render: (_: unknown, row: T) => actions.render(row),
                },
              ]
            : []),
        ]}
      />
    </div>
  );
}
