import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useMemo, useState } from 'react';
import { View } from '@tarojs/components';
import { isEnterpriseRole, type CursorPage, type IotAlarm } from '@yuanan/contracts';
import { ListTabs } from '../../../components/list-tabs';
import { RecordList, useRecordPages } from '../../../components/record-list';
import { Loading, Screen } from '../../../components/screen';
import { client } from '../../../services/api';
import { loadCached } from '../../../services/cache';
import { onOutboxSent } from '../../../services/offline';
import { usePageTitle } from '../../../services/page-title';
import { IOT_PAGES } from '../../../services/routes';
import { useSignedInMe } from '../../../services/use-session';
import { AlarmCard } from '../../components/alarm-card';
import { ALARM_TABS, IOT_POLL_MS, gridFirst, type AlarmTab } from '../../services/iot-ui';
import { usePolling } from '../../../services/use-polling';
import './index.scss';

/** A grid worker's list holds the zone's open alarms at once (their grid's on top), not page by page. */
const PAGE_SIZE = 100;

/**
 * 物联网报警: an enterprise user sees their enterprise's alarms (the api scopes them); a grid worker or safety officer
 * sees the zone's, those of the enterprises of their grid(s) first (我的网格), then the rest of the zone. Tabs:
 * 未处置 (not closed), 报警中, 未确认, 已恢复 (cleared, to handle), 已处置. Reloaded every 15 s while shown (no socket in the mini-program), on
 * show and on pull-down; the first page of each tab is kept for reading offline.
 */
export default function IotAlarmsPage() {
  const me = useSignedInMe();
  const router = useRouter();
  const enterpriseUser = me ? isEnterpriseRole(me.role) : true;
  const [tab, setTab] = useState<AlarmTab>(
    (ALARM_TABS.find((t) => t.key === router.params.tab)?.key as AlarmTab | undefined) ?? 'open',
  );
  const status = ALARM_TABS.find((t) => t.key === tab)!.status;
  // The enterprises of a grid worker's grids (to put their alarms first); null for everyone else.
  const [gridEnterprises, setGridEnterprises] = useState<Set<string> | null>(null);
  const gridIds = me && !enterpriseUser ? me.gridIds : [];
  const gridKey = gridIds.join(',');
  useEffect(() => {
    if (!gridKey) return;
    let live = true;
    void (async () => {
      const ids = new Set<string>();
      for (const gridId of gridKey.split(',')) {
        const r = await loadCached(`iot:grid-enterprises:${gridId}`, () =>
          client.enterprises.list({ gridId, pageSize: 200 }),
        ).catch(() => null);
        for (const e of r?.data.items ?? []) ids.add(e.id);
      }
      if (live) setGridEnterprises(ids);
    })();
    return () => {
      live = false;
    };
  }, [gridKey]);

  const list = useRecordPages<IotAlarm>(
    async (page) => {
      const q = { status, page, pageSize: PAGE_SIZE };
      if (page > 1) return client.iot.alarms.list(q);
      const r = await loadCached<CursorPage<IotAlarm>>(`iot:alarms:${status}`, () => client.iot.alarms.list(q));
      return { items: r.data.items, total: r.data.total, offlineSince: r.offlineSince };
    },
    { key: status, enabled: !!me },
  );
  const { reload } = list;
  usePolling(() => reload(), { ms: IOT_POLL_MS, enabled: !!me });
  useEffect(() => onOutboxSent((item) => item.kind.startsWith('iot.') && void reload()), [reload]);
  usePageTitle(me ? (enterpriseUser ? '本企业报警' : '物联网报警') : null);

  const parts = useMemo(() => gridFirst(list.items, gridEnterprises), [list.items, gridEnterprises]);
  const ordered = useMemo(() => ({ ...list, items: [...parts.mine, ...parts.others] }), [list, parts]);

  if (!me) {
    return (
      <Screen>
        <Loading />
      </Screen>
    );
  }

  const firstOther = parts.others[0]?.id;
  const grouped = gridEnterprises !== null && parts.mine.length > 0;

  return (
    <Screen className="iot-alarms">
      <ListTabs block="iot-alarms" tabs={ALARM_TABS} value={tab} onChange={setTab} />
      <RecordList<IotAlarm>
        source={ordered}
        errorText="报警加载失败"
        emptyText={
          tab === 'closed'
            ? '没有已处置的报警'
            : tab === 'open'
              ? '没有未处置的报警'
              : tab === 'cleared'
                ? '没有已恢复待处置的报警'
                : '当前没有报警'
        }
        emptyDesc={tab === 'closed' ? undefined : '设备报警时会推送消息通知，并出现在这里'}
        header={
          grouped ? (
            <View className="wx-section-title iot-alarms__section" data-testid="iot-my-grid">
              我的网格（{parts.mine.length}）
            </View>
          ) : null
        }
        renderItem={(a) => (
          <>
            {grouped && a.id === firstOther ? (
              <View className="wx-section-title iot-alarms__section">园区其他（{parts.others.length}）</View>
            ) : null}
            <AlarmCard
              a={a}
              showEnterprise={!enterpriseUser}
              onOpen={() => void Taro.navigateTo({ url: `${IOT_PAGES.alarm}?id=${a.id}` })}
            />
          </>
        )}
        after={<View className="wx-tips">页面显示时每 15 秒自动刷新。</View>}
      />
    </Screen>
  );
}
