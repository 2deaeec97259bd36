import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { isEnterpriseRole, type InspectionTask } from '@yuanan/contracts';
import { ListTabs } from '../../../components/list-tabs';
import { RecordList, useRecordPages } from '../../../components/record-list';
import { Loading, Screen } from '../../../components/screen';
import { client } from '../../../services/api';
import { loadCached } from '../../../services/cache';
import { useObservable } from '../../../services/observable';
import { onOutboxSent, outboxItems } from '../../../services/offline';
import { usePageTitle } from '../../../services/page-title';
import { useSignedInMe } from '../../../services/use-session';
import { TaskCard } from '../../components/task-card';
import { INSPECTION_PAGES } from '../../services/pages';
import { LIST_TABS, isOverdue, sortTasks } from '../../services/inspection-ui';
import { recentPosition } from '../../services/where';
import './index.scss';

const PAGE_SIZE = 30;

/**
 * 今日任务: the inspection tasks assigned to me (grid worker, safety officer, inspector: `mine=true`), or my
 * enterprise's 企业自查 tasks (enterprise users), with where the phone is so the nearest come first among those due
 * the same day. Status tabs, 只看逾期, and tasks whose check-in or record waits on the phone marked 待同步. The
 * first page of each tab is kept for reading offline.
 */
export default function InspectionListPage() {
  const me = useSignedInMe();
  const router = useRouter();
  const enterpriseUser = me ? isEnterpriseRole(me.role) : false;
  const [tab, setTab] = useState<string>(LIST_TABS.some((t) => t.key === router.params.tab) ? router.params.tab! : 'todo');
  const [overdueOnly, setOverdueOnly] = useState(router.params.overdue === '1');
  const [where, setWhere] = useState<{ lat: number; lng: number } | null | undefined>(undefined);
  const outbox = useObservable(outboxItems);
  const active = LIST_TABS.find((t) => t.key === tab) ?? LIST_TABS[0]!;

  usePageTitle(me ? (enterpriseUser ? '企业自查' : '今日任务') : null);

  // Where the phone is, once (never blocking: without it the list is sorted by due time only).
  const asked = useRef(false);
  useEffect(() => {
    if (asked.current) return;
    asked.current = true;
    void recentPosition().then((p) => setWhere(p.ok ? { lat: p.lat, lng: p.lng } : null));
  }, []);

  const list = useRecordPages<InspectionTask>(
    async (page) => {
      const load = () =>
        client.inspections.tasks.list({
          page,
          pageSize: PAGE_SIZE,
          status: active.status,
          mine: enterpriseUser ? undefined : 'true',
          kind: enterpriseUser ? 'self_check' : undefined,
          lat: where?.lat,
          lng: where?.lng,
        });
      if (page > 1) {
        const r = await load();
        return { items: sortTasks(r.items), total: r.total };
      }
      const r = await loadCached(`inspection-tasks:${active.key}`, load);
      return { items: sortTasks(r.data.items), total: r.data.total, offlineSince: r.offlineSince };
    },
    { key: `${active.key}:${where ? 'here' : 'nowhere'}`, enabled: !!me && where !== undefined },
  );
  const { reload } = list;
  useEffect(() => onOutboxSent((item) => item.kind.startsWith('inspection.') && void reload()), [reload]);

  if (!me) {
    return (
      <Screen>
        <Loading />
      </Screen>
    );
  }

  const pendingTasks = new Set(
    outbox.filter((i) => i.kind.startsWith('inspection.') && i.meta?.taskId).map((i) => i.meta!.taskId),
  );
  const shown: InspectionTask[] = overdueOnly ? list.items.filter((t) => isOverdue(t)) : list.items;
  const source = { ...list, items: shown };

  return (
    <Screen className="insp-list">
      <ListTabs block="insp-list" tabs={LIST_TABS} value={active.key} onChange={setTab}>
        <View className="insp-list__filters">
          <Text className={`chip ${overdueOnly ? 'chip--active' : ''}`} onClick={() => setOverdueOnly(!overdueOnly)}>
            只看逾期
          </Text>
          <Text className="insp-list__where">
            {where === undefined ? '正在定位…' : where ? '按到期时间、距离排序' : '未获取定位，按到期时间排序'}
          </Text>
        </View>
      </ListTabs>

      <RecordList<InspectionTask>
        source={source}
        errorText="检查任务加载失败"
        emptyText={
          overdueOnly
            ? '没有逾期的检查任务'
            : active.key === 'todo'
              ? enterpriseUser
                ? '暂无待完成的企业自查'
                : '今天没有待检查的任务'
              : '暂无检查任务'
        }
        emptyDesc={
          active.key === 'todo'
            ? enterpriseUser
              ? '园区安排企业自查后，任务会出现在这里'
              : '检查计划由园区安监办制定，派给您的任务会出现在这里'
            : undefined
        }
        renderItem={(t) => (
          <TaskCard
            t={t}
            pending={pendingTasks.has(t.id)}
            onOpen={() => void Taro.navigateTo({ url: `${INSPECTION_PAGES.task}?id=${t.id}` })}
          />
        )}
      />
    </Screen>
  );
}
