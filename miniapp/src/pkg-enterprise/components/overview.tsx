import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { client } from '../../services/api';
import { loadCached } from '../../services/cache';
import { formatTime } from '../../services/format';
import { HAZARD_PAGES } from '../../services/routes';
import { COLOUR_NAMES, ENTERPRISE_PAGES, textOn, taskTarget, type Palette } from '../services/enterprise-ui';
import { loadPalette } from '../services/data';
import './overview.scss';

type Colour = Awaited<ReturnType<typeof client.enterprises.colour>>;
type Task = Awaited<ReturnType<typeof client.tasks.list>>['items'][number];

/** The enterprise home's own part: its colour (tap: why), open hazards, and the system's to-dos (待办). */
export function EnterpriseOverview({ enterpriseId }: { enterpriseId: string }) {
  const [colour, setColour] = useState<Colour | null>(null);
  const [palette, setPalette] = useState<Palette | null>(null);
  const [tasks, setTasks] = useState<Task[] | null>(null);
  const [hazards, setHazards] = useState<{ open: number; overdue: number } | null>(null);
  const [offlineSince, setOfflineSince] = useState<string | null>(null);

  const load = () => {
    void loadPalette().then(setPalette);
    void loadCached(`colour:${enterpriseId}`, () => client.enterprises.colour(enterpriseId))
      .then((r) => setColour(r.data))
      .catch(() => undefined);
    void loadCached(
      `tasks:${enterpriseId}`,
      async () => (await client.tasks.list({ enterpriseId, status: 'open', pageSize: 50 })).items,
    )
      .then((r) => {
        setTasks(r.data);
        setOfflineSince(r.offlineSince);
      })
      .catch(() => setTasks((t) => t ?? []));
    void loadCached(`hazard-counts:${enterpriseId}`, async () => {
      const [open, overdue] = await Promise.all([
        client.hazards.list({ status: 'confirmed,rectifying', pageSize: 1 }),
        client.hazards.list({ overdue: 'true', pageSize: 1 }),
      ]);
      return { open: open.total, overdue: overdue.total };
    })
      .then((r) => setHazards(r.data))
      .catch(() => undefined);
  };
  useDidShow(load);

  const c = colour?.colour ? palette?.[colour.colour] : null;
  const open = (url: string) => void Taro.navigateTo({ url });

  return (
    <View className="overview">
      <View className="overview__row">
        <View
          className="overview__colour"
          style={c ? { background: c.color, color: textOn(c.color) } : undefined}
          onClick={() => open(ENTERPRISE_PAGES.colour)}
        >
          <Text className="overview__small">风险等级</Text>
          <Text className="overview__big">{c ? c.label : colour ? '未评定' : '…'}</Text>
          <Text className="overview__small">
            {colour?.colour ? `${COLOUR_NAMES[colour.colour]} · ${colour.score ?? '-'} 分 · 查看原因` : '查看原因'}
          </Text>
        </View>
        <View className="overview__hazards" onClick={() => open(`${HAZARD_PAGES.list}?tab=rectifying`)}>
          <Text className="overview__small">待整改隐患</Text>
          <Text className={`overview__big ${hazards && hazards.overdue > 0 ? 'overview__big--danger' : ''}`}>
            {hazards ? hazards.open : '…'}
          </Text>
          <Text className={`overview__small ${hazards && hazards.overdue > 0 ? 'overview__danger' : ''}`}>
            {hazards ? (hazards.overdue > 0 ? `其中逾期 ${hazards.overdue} 项` : '无逾期') : ''}
          </Text>
        </View>
      </View>

      <View className="wx-section-title overview__title">
        待办{tasks && tasks.length > 0 ? <Text className="overview__count">（{tasks.length}）</Text> : null}
      </View>
      {offlineSince ? <View className="wx-tips">网络不可用，待办为 {formatTime(offlineSince)} 的内容</View> : null}
      <View className="wx-cells overview__tasks">
        {tasks === null ? <View className="wx-cell overview__empty">加载中…</View> : null}
        {tasks && tasks.length === 0 ? <View className="wx-cell overview__empty">暂无待办，继续保持</View> : null}
        {tasks?.map((t) => {
          const target = taskTarget(t.kind);
          return (
            <View
              key={t.id}
              className={`wx-cell overview__task ${target ? 'wx-cell--link' : ''}`}
              onClick={() => {
                if (target) open(ENTERPRISE_PAGES[target]);
                else void Taro.showModal({ title: t.title, content: t.detail ?? '', showCancel: false, confirmText: '知道了' });
              }}
            >
              <View
                className={`overview__dot overview__dot--${t.kind.includes('expired') || t.kind.includes('overdue') ? 'red' : 'orange'}`}
              />
              <View className="wx-cell__bd">
                <View className="overview__task-title">{t.title}</View>
                {t.detail ? <View className="wx-cell__desc">{t.detail}</View> : null}
              </View>
            </View>
          );
        })}
      </View>
    </View>
  );
}
