import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { isEnterpriseRole, type Hazard, type Page } from '@yuanan/contracts';
import { ListTabs } from '../../../components/list-tabs';
import { RecordList, useRecordPages } from '../../../components/record-list';
import { Loading, Screen } from '../../../components/screen';
import { client } from '../../../services/api';
import { loadCached } from '../../../services/cache';
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
  // 只看逾期 / 7 日内到期 (the workbench's cards open the list with one of them on).
  const [due, setDue] = useState<'all' | 'overdue' | 'soon'>(
    router.params.due === 'overdue' || router.params.overdue === '1' ? 'overdue' : router.params.due === 'soon' ? 'soon' : 'all',
  );
  const toggleDue = (d: 'overdue' | 'soon') => setDue(due === d ? 'all' : d);
  const outbox = useObservable(outboxItems);
  const activeTab = tabs.find((t) => t.key === tab) ?? tabs[0];
  const status = activeTab?.status;
  const mine = !enterpriseUser && scope === 'mine' ? 'true' : undefined;
  const overdue = due === 'overdue' ? 'true' : undefined;
  const dueSoon = due === 'soon' ? 'true' : undefined;

  // The first page of each filter is kept on the phone (loadCached); later pages come from the api.
  const list = useRecordPages<Hazard>(
    async (page) => {
      const q = { page, pageSize: PAGE_SIZE, status, mine, overdue, dueSoon, sort: due !== 'all' ? 'deadline' : '-reportedAt' };
      if (page > 1) return client.hazards.list(q);
      const r = await loadCached<Page<Hazard>>(`hazards:${status ?? 'all'}:${mine ?? ''}:${due}`, () => client.hazards.list(q));
      return { items: r.data.items, total: r.data.total, offlineSince: r.offlineSince };
    },
    { key: `${status ?? 'all'}:${mine ?? ''}:${due}`, enabled: !!me },
  );
  const { reload } = list;

  usePageTitle(me ? (isEnterpriseRole(me.role) ? '本企业隐患' : scope === 'mine' ? '我上报的隐患' : '隐患') : null);

  // A report was just sent from the outbox: fresh data (back from a detail page is the list's own reload on show).
  useEffect(() => onOutboxSent((item) => item.kind.startsWith('hazard.') && void reload()), [reload]);

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
      <ListTabs block="hazard-list" tabs={tabs} value={activeTab?.key} onChange={setTab}>
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
          <Text className={`chip ${due === 'overdue' ? 'chip--active' : ''}`} onClick={() => toggleDue('overdue')}>
            只看逾期
          </Text>
          <Text className={`chip ${due === 'soon' ? 'chip--active' : ''}`} onClick={() => toggleDue('soon')}>
            7 日内到期
          </Text>
        </View>
      </ListTabs>

      <RecordList<Hazard>
        source={list}
        pendingCount={pendingReports.length}
        pendingErrorText="网络不可用，联网后显示已上报的隐患。"
        top={pendingReports.map((i) => (
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
        errorText="隐患加载失败"
        emptyText={due === 'overdue' ? '没有逾期的隐患' : due === 'soon' ? '7 日内没有到期的隐患' : '暂无隐患'}
        emptyDesc={activeTab?.key === 'all' || activeTab?.key === 'todo' ? '发现隐患请点下方“上报隐患”' : undefined}
        renderItem={(h) => (
          <HazardCard
            h={h}
            showEnterprise={!enterpriseUser}
            syncing={syncingIds.has(h.id)}
            onOpen={() => void Taro.navigateTo({ url: `${HAZARD_PAGES.detail}?id=${h.id}` })}
          />
        )}
        add={{ label: '上报隐患', url: HAZARD_PAGES.report, className: 'hazard-list__report' }}
      />
    </Screen>
  );
}
