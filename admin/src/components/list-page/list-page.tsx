import { useEffect, useState, type ReactNode } from 'react';
import { App, Button, Card, Dropdown, Empty, Flex, Segmented, Space } from 'antd';
import { DownloadOutlined, DownOutlined, ReloadOutlined } from '@ant-design/icons';
import { downloadFile } from '../../api/download.ts';
import { errorText } from '../../api/errors.ts';
import { useApi } from '../../auth/session.tsx';
import { useMessages } from '../../i18n/feature.ts';
import { PageContainer } from '../page-container.tsx';
import { FilterBar, type FilterPreset } from './filter-bar.tsx';
import { ListTable, type ListTableProps } from './list-table.tsx';
import { listMessages } from './messages.ts';
import type { FilterValues, ListQuery } from './use-list-query.ts';

/** A page of a list as the api returns it (`totalCapped`: the count stopped at 10,000; `nextCursor`: keyset). */
export interface ListData<T> {
  items: T[];
  total: number;
  totalCapped?: boolean;
  nextCursor?: string | null;
}

/** The parts of a react-query result a list page reads. */
export interface ListResult<T> {
  data?: ListData<T>;
  isFetching: boolean;
  error: unknown;
  refetch: () => unknown;
}

/** An export of the list: the endpoint's address for the current filters (and sort), and the fallback file name. */
export interface ListExport {
  key: string;
  label: ReactNode;
  href: (filters: FilterValues) => string;
  fileName: string;
}

export interface ListPageProps<T> {
  title: ReactNode;
  description?: ReactNode;
  /** The page's own actions in its header (create, import, register…). */
  extra?: ReactNode;
  lq: ListQuery;
  list: ListResult<T>;
  /** Prefix of the stable test ids: `<id>-search`, `<id>-export`, `<id>-views`, `<id>-save-view`, `<id>-table`… */
  testId: string;
  /** Saved views of this page (the api's per-user saved views under this page name). */
  views?: string;
  /** The chip that clears every filter (default 全部). */
  allViewLabel?: ReactNode;
  presets?: FilterPreset[];
  /** One export is a button, several a menu. */
  exports?: ListExport[];
  tableTitle?: ReactNode;
  /** More controls in the table's header, left of the export and refresh buttons. */
  toolbar?: ReactNode;
  /** Above the table inside its card (e.g. the bulk-action bar). */
  above?: ReactNode;
  /** Between the page header and the filters (alerts, statistics). */
  before?: ReactNode;
  /** After the table (dialogs, drawers). */
  children?: ReactNode;
  /** What an empty list says when no filter is set: that there is nothing yet (and what makes some). */
  emptyText: ReactNode;
  table: Omit<ListTableProps<T>, 'items' | 'loading' | 'error' | 'onRetry' | 'empty' | 'pagination' | 'sort' | 'onSort'>;
  /** Server paging (default); false shows every row the query returned. */
  paging?: boolean;
  /** Header sorting writes the address's `sort`. */
  sortable?: boolean;
}

/** "共 10,000+ 条" for a capped count. */
export function totalText(n: number, capped: boolean | undefined, t: (k: 'total', v: { total: string }) => string): string {
  return t('total', { total: `${n.toLocaleString()}${capped ? '+' : ''}` });
}

/**
 * One list page: header, filter bar from the spec (address-synced, saved views), the table with column
 * priorities and fixed actions, server paging (page numbers, keyset cursor forward where the api gives one),
 * the "10,000+" total, export with the same filters, an empty state that says whether filters hide the rows,
 * and the load error with a retry.
 */
export function ListPage<T extends object>(p: ListPageProps<T>) {
  const t = useMessages(listMessages);
  const { message } = App.useApp();
  const api = useApi();
  const { lq, list } = p;
  const [exporting, setExporting] = useState(false);
  const data = list.data;

  useEffect(() => {
    if (data) lq.noteNextCursor(lq.page, data.nextCursor);
  }, [data]); // only when a new page arrives (lq is a new object on every render)

  const run = async (x: ListExport) => {
    setExporting(true);
    try {
      const name = await downloadFile(api, x.href({ ...lq.filters, ...(lq.sort ? { sort: lq.sort } : {}) }), x.fileName);
      message.success(t('exported', { name }));
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setExporting(false);
    }
  };

  const clearFilters = () => {
    const next: Record<string, string | undefined> = {};
    for (const s of lq.spec) if (s.kind === 'segmented') next[s.key] = lq.urlFilters[s.key];
    lq.setFilters(next);
  };
  const empty = lq.hasFilters ? (
    <Empty description={t('emptyFiltered')} data-testid={`${p.testId}-empty-filtered`}>
      <Button onClick={clearFilters}>{t('clearFilters')}</Button>
    </Empty>
  ) : (
    <Empty description={p.emptyText} data-testid={`${p.testId}-empty`} />
  );

  const tabs = lq.spec.filter((s) => s.kind === 'segmented' && s.show !== false);
  const exports = p.exports ?? [];
  const exportButton =
    exports.length === 1 ? (
      <Button
        icon={<DownloadOutlined />}
        loading={exporting}
        onClick={() => void run(exports[0]!)}
        data-testid={`${p.testId}-export`}
      >
        {exports[0]!.label}
      </Button>
    ) : exports.length > 1 ? (
      <Dropdown
        trigger={['click']}
        menu={{
          items: exports.map((x) => ({ key: x.key, label: x.label })),
          onClick: ({ key }) => void run(exports.find((x) => x.key === key)!),
        }}
      >
        <Button icon={<DownloadOutlined />} loading={exporting} data-testid={`${p.testId}-export`}>
          {t('export')} <DownOutlined />
        </Button>
      </Dropdown>
    ) : null;

  return (
    <PageContainer title={p.title} description={p.description} extra={p.extra}>
      {p.before}
      {(lq.spec.some((s) => s.kind !== 'segmented' && s.kind !== 'hidden' && s.show !== false) || p.views) && (
        <Card size="small">
          <FilterBar lq={lq} views={p.views} allViewLabel={p.allViewLabel} presets={p.presets} testId={p.testId} />
        </Card>
      )}
      <Card
        title={
          (p.tableTitle || tabs.length > 0) && (
            <Flex align="center" gap={12} wrap>
              {p.tableTitle}
              {tabs.map((s) => (
                <Segmented<string>
                  key={s.key}
                  value={lq.filters[s.key] ?? ''}
                  onChange={(v) => lq.setFilters({ ...lq.urlFilters, [s.key]: v })}
                  options={(s.options ?? []).map((o) => ({ value: o.value, label: o.label }))}
                  data-testid={s.testId}
                />
              ))}
            </Flex>
          )
        }
        extra={
          <Space>
            {p.toolbar}
            {exportButton}
            <Button type="text" icon={<ReloadOutlined />} onClick={() => void list.refetch()} aria-label={t('refresh')} />
          </Space>
        }
      >
        {p.above}
        <ListTable<T>
          {...p.table}
          testId={p.table.testId ?? `${p.testId}-table`}
          items={data?.items ?? []}
          loading={list.isFetching}
          error={list.error}
          onRetry={() => void list.refetch()}
          empty={empty}
          sort={lq.sort}
          onSort={p.sortable ? lq.setSort : undefined}
          pagination={
            p.paging === false
              ? false
              : {
                  current: lq.page,
                  pageSize: lq.pageSize,
                  total: data?.total ?? 0,
                  showSizeChanger: true,
                  showTotal: (n) => totalText(n, data?.totalCapped, t),
                  onChange: lq.setPage,
                }
          }
        />
      </Card>
      {p.children}
    </PageContainer>
  );
}
