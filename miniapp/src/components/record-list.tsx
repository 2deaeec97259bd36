import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Fragment, useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import { errorMessage, reportError } from '../services/feedback';
import { formatTime } from '../services/format';
import { Empty, Failed, Loading } from './screen';
import './record-list.scss';

/** One page of records as a `fetchPage` answers it. */
export interface RecordPage<T, X = undefined> {
  items: T[];
  /** All records there are; absent when the answer is the whole list (no paging, no "load more"). */
  total?: number;
  /** Set when the answer is the copy kept on the phone because the network is down (ISO time it was saved). */
  offlineSince?: string | null;
  /** Anything else the page needs beside the records (the chemicals' GB 18218 report…), from the first page. */
  extra?: X;
}

/** What a record list shows: the records so far and how loading went. `useRecordPages` makes one. */
export interface RecordSource<T, X = undefined> {
  items: T[];
  /** Undefined for a whole (unpaged) list. */
  total?: number;
  loading: boolean;
  /** Why the last load failed (shown with 重新加载 when there is nothing to show). */
  error: string | null;
  offlineSince: string | null;
  hasMore: boolean;
  extra?: X;
  reload: () => Promise<void>;
  loadMore: () => Promise<void>;
}

/**
 * A page-fetching record source: loads page 1 at once and whenever `key` changes (the filters), again when the
 * user comes back to the page (`refreshOnShow`), and page n + 1 on `loadMore`, de-duplicated by `keyOf`. Answers
 * that arrive after a newer load started are dropped. Nothing loads while `enabled` is false (e.g. before the
 * signed-in user is known).
 */
export function useRecordPages<T, X = undefined>(
  fetchPage: (page: number) => Promise<RecordPage<T, X>>,
  opts: { key?: string | null; enabled?: boolean; refreshOnShow?: boolean; keyOf?: (item: T) => string } = {},
): RecordSource<T, X> {
  const { enabled = true, refreshOnShow = true } = opts;
  const key = opts.key ?? '';
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;
  const keyOf = opts.keyOf ?? ((item: T) => (item as { id: string }).id);
  const keyOfRef = useRef(keyOf);
  keyOfRef.current = keyOf;
  const [items, setItems] = useState<T[]>([]);
  const [total, setTotal] = useState<number | undefined>(undefined);
  const [page, setPage] = useState(1);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [offlineSince, setOfflineSince] = useState<string | null>(null);
  const [extra, setExtra] = useState<X | undefined>(undefined);
  const seq = useRef(0);
  const busy = useRef(false);

  const reload = useCallback(async () => {
    if (!enabled) return;
    const mine = ++seq.current;
    setLoading(true);
    try {
      const r = await fetchRef.current(1);
      if (mine !== seq.current) return;
      setItems(r.items);
      setTotal(r.total);
      setPage(1);
      setOfflineSince(r.offlineSince ?? null);
      setExtra(r.extra);
      setError(null);
    } catch (e) {
      if (mine === seq.current) setError(errorMessage(e));
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }, [enabled]);

  // A new filter: start from an empty list (the spinner, not the last filter's records).
  useEffect(() => {
    setItems([]);
    setTotal(undefined);
    setError(null);
    void reload();
  }, [reload, key]);

  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current && refreshOnShow) void reload();
    shown.current = true;
  });

  const hasMore = total !== undefined && items.length < total;
  const loadMore = useCallback(async () => {
    if (busy.current || loading || !hasMore) return;
    busy.current = true;
    const mine = seq.current;
    try {
      const r = await fetchRef.current(page + 1);
      if (mine !== seq.current) return;
      setItems((prev) => {
        const have = new Set(prev.map((p) => keyOfRef.current(p)));
        return [...prev, ...r.items.filter((i) => !have.has(keyOfRef.current(i)))];
      });
      setTotal(r.total);
      setPage(page + 1);
    } catch (e) {
      void reportError(e, { what: '加载更多' });
    } finally {
      busy.current = false;
    }
  }, [hasMore, loading, page]);

  return { items, total, loading, error, offlineSince, hasMore, extra, reload, loadMore };
}

type Slot<T, X> = ReactNode | ((s: RecordSource<T, X>) => ReactNode);
const fill = <T, X>(slot: Slot<T, X>, s: RecordSource<T, X>): ReactNode => (typeof slot === 'function' ? slot(s) : slot);

/** The props of `RecordList` (see there). */
export type RecordListProps<T, X = undefined> = {
  /** One item (a card, a cell). Give it the test ids and classes the page had. */
  renderItem: (item: T, index: number) => ReactNode;
  /** Default: `item.id`. */
  keyOf?: (item: T) => string;
  /** The empty state: `emptyText` (e.g. 还没有登记应急物资) and a hint what to do. */
  emptyText: string;
  emptyDesc?: string;
  /** The failure's lead (`证书加载失败` → "证书加载失败：<why>" with 重新加载). Default 加载失败. */
  errorText?: string;
  /** A primary button in the bottom action bar (新增物资, 上报隐患…), opening `url`. */
  add?: { label: string; url: string; className?: string };
  /** Above the records once they are loaded: a summary, a result card; a function gets the source. */
  header?: Slot<T, X>;
  /** Always on top, also while loading or failed (tabs, filters, records waiting on the phone). */
  top?: ReactNode;
  /**
   * How many records `top` shows (reports waiting to sync): while there are any, no spinner and no empty state,
   * and a failure shows `pendingErrorText` as a tip instead of the 重新加载 block.
   */
  pendingCount?: number;
  pendingErrorText?: string;
  /** Below the records (tips); a function gets the source. */
  after?: Slot<T, X>;
  /** The class of the element around the items (e.g. `wx-cells notification-list`). */
  listClassName?: string;
  /** The line under a paged list when everything is shown. Default `共 N 条`. */
  endText?: string;
  /** The offline note. Default: 网络不可用，显示的是 <time> 保存在本机的内容. */
  offlineText?: (since: string) => string;
  /** Pull-to-refresh and reach-bottom for this page (the page config needs `enablePullDownRefresh`). Default true. */
  pageGestures?: boolean;
  /** Show at most this many records, with no footer (a preview on a home). */
  limit?: number;
} & (
  | {
      /** Fetch page n (1-based). A whole list answers all items and no `total`. */
      fetchPage: (page: number) => Promise<RecordPage<T, X>>;
      /** Reload from page 1 when this changes (the filters); see `useRecordPages`. */
      fetchKey?: string | null;
      /** False until the fetch can run (e.g. the user is not known yet): the spinner shows. */
      enabled?: boolean;
      source?: never;
    }
  | {
      /** A source kept elsewhere (`useRecordPages` in the page, `useNotifications`). */
      source: RecordSource<T, X>;
      fetchPage?: never;
      fetchKey?: never;
      enabled?: never;
    }
);

/**
 * 记录列表: the one list of the mini-program's record pages (certificates, supplies, chemicals, hazards, messages,
 * and the modules to come). It shows the spinner while the first page loads, "<errorText>：<why>" with 重新加载
 * when it failed, the empty state (`emptyText`, `emptyDesc`), the offline note when the records are the phone's
 * copy, the records (`renderItem`), "上拉加载更多" / `endText` under a paged list, and the `add` button in the
 * action bar; pull-to-refresh reloads and reaching the bottom loads the next page.
 *
 * Records come either from `fetchPage(page) → { items, total?, offlineSince?, extra? }` (the list loads itself, on
 * show and when `fetchKey` changes) or from a `source` (`useRecordPages(fetchPage, { key, enabled })` in the page
 * when the page needs to reload it too, or any `RecordSource<T>`). Sort in `fetchPage`, not in `renderItem`.
 *
 * ```tsx
 * <RecordList<Supply>
 *   fetchPage={async () => { const r = await loadRecords<Supply>(id, 'supplies'); return { items: r.data, offlineSince: r.offlineSince }; }}
 *   renderItem={(s) => <SupplyCard s={s} />}
 *   emptyText="还没有登记应急物资"
 *   add={{ label: '新增物资', url: ENTERPRISE_PAGES.supplyEdit }}
 * />
 * ```
 */
export function RecordList<T, X = undefined>(props: RecordListProps<T, X>) {
  const own = useRecordPages<T, X>(props.fetchPage ?? (() => Promise.resolve({ items: [] })), {
    key: props.fetchKey,
    enabled: !props.source && props.enabled !== false,
    keyOf: props.keyOf,
  });
  const s = props.source ?? own;
  const gestures = props.pageGestures !== false && props.limit === undefined;
  const sourceRef = useRef(s);
  sourceRef.current = s;
  usePullDownRefresh(() => {
    if (!gestures) return;
    void sourceRef.current.reload().finally(() => Taro.stopPullDownRefresh());
  });
  useReachBottom(() => {
    if (gestures) void sourceRef.current.loadMore();
  });

  const pending = props.pendingCount ?? 0;
  const items = props.limit === undefined ? s.items : s.items.slice(0, props.limit);
  const keyOf = props.keyOf ?? ((item: T) => (item as { id: string }).id);
  const first = s.items.length === 0;
  const waiting = first && (s.loading || (!props.source && props.enabled === false));
  const failed = first && !waiting && !!s.error;

  let body: ReactNode;
  if (waiting) body = pending ? null : <Loading />;
  else if (failed)
    body = pending ? (
      props.pendingErrorText ? (
        <View className="wx-tips">{props.pendingErrorText}</View>
      ) : null
    ) : (
      <Failed message={`${props.errorText ?? '加载失败'}：${s.error}`} onRetry={() => void s.reload()} />
    );
  else
    body = (
      <>
        {fill(props.header, s)}
        {items.length === 0 && pending === 0 ? <Empty text={props.emptyText} desc={props.emptyDesc} /> : null}
        {items.length > 0 ? (
          <View className={`record-list ${props.listClassName ?? ''}`} data-testid="record-list">
            {items.map((item, i) => (
              <Fragment key={keyOf(item)}>{props.renderItem(item, i)}</Fragment>
            ))}
          </View>
        ) : null}
        {gestures && s.total !== undefined && items.length > 0 ? (
          <View className="wx-footer record-list__more" onClick={() => void s.loadMore()}>
            {s.hasMore ? '上拉或点击加载更多' : (props.endText ?? `共 ${s.total} 条`)}
          </View>
        ) : null}
        {fill(props.after, s)}
      </>
    );

  return (
    <>
      {props.top}
      {s.offlineSince ? (
        <View className="wx-tips record-list__offline">
          {props.offlineText
            ? props.offlineText(formatTime(s.offlineSince))
            : `网络不可用，显示的是 ${formatTime(s.offlineSince)} 保存在本机的内容`}
        </View>
      ) : null}
      {body}
      {props.add ? (
        <>
          <View className="action-bar-space" />
          <View className="action-bar">
            <View
              className={`wx-btn wx-btn--primary ${props.add.className ?? ''}`}
              onClick={() => void Taro.navigateTo({ url: props.add!.url })}
            >
              {props.add.label}
            </View>
          </View>
        </>
      ) : null}
    </>
  );
}
