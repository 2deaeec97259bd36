import Taro, { useDidShow, usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { isEnterpriseRole, type Hazard, type Page } from '@yuanan/contracts';
import { Empty, Failed, Loading, Screen } from '../../../components/screen';
import { client } from '../../../services/api';
import { loadCached } from '../../../services/cache';
import { errorMessage, reportError } from '../../../services/feedback';
import { formatTime } from '../../../services/format';
import { useObservable } from '../../../services/observable';
import { onOutboxSent, outboxItems } from '../../../services/offline';
import { usePageTitle } from '../../../services/page-title';
import { HAZARD_PAGES, PAGES } from '../../../services/routes';
import { useSignedInMe } from '../../../services/use-session';
import { HazardCard, PendingReportCard } from '../../components/hazard-card';
import { listTabs } from '../../services/hazard-ui';
import './index.scss';

const PAGE_SIZE = 20;

/**
 * 隐患 lists: an enterprise sees its own (本企业隐患); grid workers, safety officers and inspectors see theirs or
 * all they may (我上报的 / 全部). Reports still waiting on the phone are shown on top (待同步). Deadlines and
 * overdue marks on every card. The first page of each filter is kept for reading offline.
 */
export default function HazardListPage() {
  const me = useSignedInMe();
  const router = useRouter();
  const enterpriseUser = me ? isEnterpriseRole(me.role) : true;
  const tabs = me ? listTabs(me.role) : [];
  const [tab, setTab] = useState<string>(router.params.tab ?? '');
  const [scope, setScope] = useState<'all' | 'mine'>(router.params.scope === 'mine' ? 'mine' : 'all');
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [items, setItems] = useState<Hazard[] | null>(null);
  const [total, setTotal] = useState(0);
  const [page, setPage] = useState(1);
  const [error, setError] = useState<string | null>(null);
  const [offlineSince, setOfflineSince] = useState<string | null>(null);
  const outbox = useObservable(outboxItems);
  const loading = useRef(false);
  const activeTab = tabs.find((t) => t.key === tab) ?? tabs[0];

  const query = useCallback(
    (p: number) => ({
      page: p,
      pageSize: PAGE_SIZE,
      status: activeTab?.status,
      mine: !enterpriseUser && scope === 'mine' ? 'true' : undefined,
      overdue: overdueOnly ? 'true' : undefined,
      sort: overdueOnly ? 'deadline' : '-reportedAt',
    }),
    [activeTab?.status, enterpriseUser, scope, overdueOnly],
  );

  const reload = useCallback(async () => {
    if (!me) return;
    loading.current = true;
    try {
      const q = query(1);
      const r = await loadCached<Page<Hazard>>(`hazards:${q.status ?? 'all'}:${q.mine ?? ''}:${q.overdue ?? ''}`, () =>
        client.hazards.list(q),
      );
      setItems(r.data.items);
      setTotal(r.data.total);
      setPage(1);
      setOfflineSince(r.offlineSince);
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      loading.current = false;
      Taro.stopPullDownRefresh();
    }
  }, [me, query]);

  useEffect(() => {
    setItems(null);
    void reload();
  }, [reload]);

  usePageTitle(me ? (isEnterpriseRole(me.role) ? '本企业隐患' : scope === 'mine' ? '我上报的隐患' : '隐患') : null);

  // Back from a detail page, or a report was just sent from the outbox: fresh data.
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) void reload();
    shown.current = true;
  });
  useEffect(() => onOutboxSent((item) => item.kind.startsWith('hazard.') && void reload()), [reload]);
  usePullDownRefresh(() => void reload());
  useReachBottom(async () => {
    if (loading.current || !items || items.length >= total) return;
    loading.current = true;
    try {
      const r = await client.hazards.list(query(page + 1));
      setItems((prev) => [...(prev ?? []), ...r.items.filter((h) => !(prev ?? []).some((p) => p.id === h.id))]);
      setTotal(r.total);
      setPage(page + 1);
    } catch (e) {
      void reportError(e, { what: '加载更多' });
    } finally {
      loading.current = false;
    }
  });

  if (!me) {
    return (
      <Screen>
        <Loading />
      </Screen>
    );
  }

  const pendingReports = outbox.filter((i) => i.kind === 'hazard.report');
  const syncingIds = new Set(outbox.filter((i) => i.meta?.hazardId && !i.failed).map((i) => i.meta!.hazardId));

  return (
    <Screen className="hazard-list">
      <View className="hazard-list__bar">
        <View className="hazard-list__tabs">
          {tabs.map((t) => (
            <Text
              key={t.key}
              className={`hazard-list__tab ${t.key === activeTab?.key ? 'hazard-list__tab--on' : ''}`}
              onClick={() => setTab(t.key)}
            >
              {t.label}
            </Text>
          ))}
        </View>
        <View className="hazard-list__filters">
          {!enterpriseUser ? (
            <>
              <Text className={`chip ${scope === 'all' ? 'chip--active' : ''}`} onClick={() => setScope('all')}>
                {me.role === 'grid_worker' ? '我的网格' : '全部'}
              </Text>
              <Text className={`chip ${scope === 'mine' ? 'chip--active' : ''}`} onClick={() => setScope('mine')}>
                我上报的
              </Text>
            </>
          ) : null}
          <Text className={`chip ${overdueOnly ? 'chip--active' : ''}`} onClick={() => setOverdueOnly(!overdueOnly)}>
            只看逾期
          </Text>
        </View>
      </View>

      {offlineSince ? <View className="wx-tips">网络不可用，显示的是 {formatTime(offlineSince)} 保存在本机的内容</View> : null}

      {pendingReports.map((i) => (
        <PendingReportCard
          key={i.id}
          label={i.meta?.description ?? i.label}
          enterpriseName={enterpriseUser ? undefined : i.meta?.enterpriseName}
          categoryName={i.meta?.categoryName}
          queuedAt={i.queuedAt}
          failed={i.failed}
          error={i.lastError}
          onOpen={() => void Taro.navigateTo({ url: PAGES.outbox })}
        />
      ))}

      {items === null && !error && pendingReports.length === 0 ? <Loading /> : null}
      {error && items === null && pendingReports.length === 0 ? (
        <Failed message={`隐患加载失败：${error}`} onRetry={() => void reload()} />
      ) : null}
      {error && items === null && pendingReports.length > 0 ? (
        <View className="wx-tips">网络不可用，联网后显示已上报的隐患。</View>
      ) : null}
      {items && items.length === 0 && pendingReports.length === 0 ? (
        <Empty
          text={overdueOnly ? '没有逾期的隐患' : '暂无隐患'}
          desc={activeTab?.key === 'all' || activeTab?.key === 'todo' ? '发现隐患请点下方“上报隐患”' : undefined}
        />
      ) : null}
      {items?.map((h) => (
        <HazardCard
          key={h.id}
          h={h}
          showEnterprise={!enterpriseUser}
          syncing={syncingIds.has(h.id)}
          onOpen={() => void Taro.navigateTo({ url: `${HAZARD_PAGES.detail}?id=${h.id}` })}
        />
      ))}
      {items && items.length > 0 ? (
        <View className="wx-footer">{items.length < total ? '上拉加载更多' : `共 ${total} 条`}</View>
      ) : null}

      <View className="action-bar-space" />
      <View className="action-bar">
        <View
          className="wx-btn wx-btn--primary hazard-list__report"
          onClick={() => void Taro.navigateTo({ url: HAZARD_PAGES.report })}
        >
          上报隐患
        </View>
      </View>
    </Screen>
  );
}
