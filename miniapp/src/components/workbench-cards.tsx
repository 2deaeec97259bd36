import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { Role, Workbench, WorkbenchCard } from '@yuanan/contracts';
import { client } from '../services/api';
import { loadCached } from '../services/cache';
import { formatTime } from '../services/format';
import { miniPageOf } from '../services/workbench-links';
import './workbench-cards.scss';

/** Open a link's page, or say what the item is when it has no page in the mini-program. */
function openLink(link: string | null, role: Role, title: string, detail: string | null): void {
  const page = miniPageOf(link, role);
  if (page) void Taro.navigateTo({ url: page });
  else void Taro.showModal({ title, content: detail ?? '', showCancel: false, confirmText: '知道了' });
}

function Card({ card, role }: { card: WorkbenchCard; role: Role }) {
  if (card.status === 'coming') {
    return (
      <View className="wb-card wb-card--coming" data-card={card.key}>
        <View className="wb-card__head">
          <Text className="wb-card__title">{card.title}</Text>
          <Text className="wb-card__soon">即将开放</Text>
        </View>
        {card.description ? <View className="wb-card__desc">{card.description}</View> : null}
      </View>
    );
  }
  const all = miniPageOf(card.link, role);
  return (
    <View className={`wb-card wb-card--${card.severity}`} data-card={card.key}>
      <View className="wb-card__head" onClick={all ? () => void Taro.navigateTo({ url: all }) : undefined}>
        <Text className="wb-card__title">{card.title}</Text>
        <Text className={`wb-card__count wb-card__count--${card.severity}`} data-testid="wb-count">
          {card.count}
          {card.countCapped ? '+' : ''}
        </Text>
        {all ? <Text className="wb-card__all">全部 ›</Text> : null}
      </View>
      {card.items.map((i) => (
        <View
          key={i.id}
          className="wb-item"
          data-testid="wb-item"
          data-link={i.link}
          onClick={() => openLink(i.link, role, i.title, i.subtitle)}
        >
          <View className={`wb-item__dot wb-item__dot--${i.severity}`} />
          <View className="wb-item__bd">
            <View className="wb-item__title">{i.title}</View>
            {i.subtitle ? <View className="wb-item__sub">{i.subtitle}</View> : null}
          </View>
          {i.tag ? <Text className={`wb-item__tag wb-item__tag--${i.severity}`}>{i.tag}</Text> : null}
        </View>
      ))}
    </View>
  );
}

/**
 * 待办事项 on a role's home: the caller's cards from GET /workbench (the admin console's 工作台 cards, scoped by the
 * api to the caller — an enterprise user's enterprise, a grid worker's grids): cards with work first (count, the
 * first items, 全部 › to the list), then the quiet ones (count 0) in one line, then the cards of modules still to
 * come. An item opens its page here (`miniPageOf`), or says what it is when the mini-program has no page for it.
 * Kept on the phone (`cacheKey`) for reading offline like the rest of the home; reloaded each time the home shows.
 */
export function WorkbenchCards({ role, cacheKey }: { role: Role; cacheKey: string }) {
  const [wb, setWb] = useState<Workbench | null>(null);
  const [offlineSince, setOfflineSince] = useState<string | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  useDidShow(() => {
    void loadCached(cacheKey, () => client.get<Workbench>('/workbench', { limit: 5 }))
      .then((r) => {
        setWb(r.data);
        setOfflineSince(r.offlineSince);
        setFailed(null);
      })
      .catch((e: unknown) => setFailed(e instanceof Error ? e.message : String(e)));
  });
  const ready = wb?.cards.filter((c) => c.status === 'ready') ?? [];
  const busy = ready.filter((c) => (c.count ?? 0) > 0);
  const quiet = ready.filter((c) => c.count === 0);
  const coming = wb?.cards.filter((c) => c.status === 'coming') ?? [];
  return (
    <View className="wb" data-testid="workbench">
      <View className="wx-section-title wb__title">待办事项</View>
      {offlineSince ? <View className="wx-tips">网络不可用，显示的是 {formatTime(offlineSince)} 的内容</View> : null}
      {!wb && !failed ? <View className="wb__empty">加载中…</View> : null}
      {!wb && failed ? <View className="wx-tips">待办加载失败：{failed}</View> : null}
      {wb && ready.length > 0 && busy.length === 0 ? <View className="wb__empty">暂无待办，继续保持</View> : null}
      {busy.map((c) => (
        <Card key={c.key} card={c} role={role} />
      ))}
      {quiet.length ? (
        <View className="wb__quiet" data-testid="wb-quiet">
          {quiet.map((c) => (
            <Text key={c.key} className="wb__quiet-item" data-card={c.key}>
              {c.title} 0
            </Text>
          ))}
        </View>
      ) : null}
      {coming.map((c) => (
        <Card key={c.key} card={c} role={role} />
      ))}
    </View>
  );
}
