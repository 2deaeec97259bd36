import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { InspectionTask } from '@yuanan/contracts';
import { client } from '../../services/api';
import { loadCached } from '../../services/cache';
import { formatTime } from '../../services/format';
import { INSPECTION_PAGES } from '../services/pages';
import { dueText, isOverdue, sortTasks } from '../services/inspection-ui';
import './today-card.scss';

/**
 * 今日检查 on a grid worker's / safety officer's / inspector's home: how many of my tasks are open (待检查 and 检查中),
 * how many of them are overdue, and the first three by due time; tap → 今日任务. Kept on the phone for offline
 * reading like the rest of the home; reloaded each time the home shows.
 */
export function TodayInspectionsCard() {
  const [data, setData] = useState<{ total: number; items: InspectionTask[] } | null>(null);
  const [offlineSince, setOfflineSince] = useState<string | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  useDidShow(() => {
    void loadCached('inspection-today', () =>
      client.inspections.tasks.list({ mine: 'true', status: 'open,in_progress', pageSize: 50 }),
    )
      .then((r) => {
        setData({ total: r.data.total, items: sortTasks(r.data.items) });
        setOfflineSince(r.offlineSince);
        setFailed(null);
      })
      .catch((e: unknown) => setFailed(e instanceof Error ? e.message : String(e)));
  });
  const open = (url: string) => void Taro.navigateTo({ url });
  const overdue = data?.items.filter((t) => isOverdue(t)).length ?? 0;
  return (
    <View className="today" data-testid="today-inspections">
      <View className="today__head" onClick={() => open(INSPECTION_PAGES.list)}>
        <Text className="today__title">今日检查</Text>
        {data ? (
          <Text className={`today__count ${overdue ? 'today__count--danger' : ''}`} data-testid="today-count">
            {data.total}
          </Text>
        ) : null}
        <Text className="today__all">全部 ›</Text>
      </View>
      {offlineSince ? <View className="today__note">网络不可用，显示的是 {formatTime(offlineSince)} 的内容</View> : null}
      {!data && !failed ? <View className="today__note">加载中…</View> : null}
      {!data && failed ? <View className="today__note">检查任务加载失败：{failed}</View> : null}
      {data && data.total === 0 ? <View className="today__note">暂无待检查的任务</View> : null}
      {data && overdue ? <View className="today__overdue">其中 {overdue} 项已逾期，请尽快检查</View> : null}
      {data?.items.slice(0, 3).map((t) => {
        const due = dueText(t);
        return (
          <View key={t.id} className="today__item" onClick={() => open(`${INSPECTION_PAGES.task}?id=${t.id}`)}>
            <View className="today__bd">
              <View className="today__name">{t.enterpriseName}</View>
              <View className="today__sub">{t.templateName}</View>
            </View>
            <Text className={`today__due today__due--${due.tone}`}>{due.text}</Text>
          </View>
        );
      })}
    </View>
  );
}
