import Taro, { useDidShow } from '@tarojs/taro';
import { useRef, type ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import { ROLE_LABELS, isEnterpriseRole, type Me } from '@yuanan/contracts';
import { greeting } from '../services/format';
import { useNotifications } from '../services/notifications';
import { useObservable } from '../services/observable';
import { routesOf } from '../services/routes';
import { preloadPackagesOf } from '../services/preload';
import { zoneState } from '../services/session';
import { NotificationList } from './notification-list';
import { Loading, Screen } from './screen';
import './role-home.scss';

/**
 * A tile on the role's work bench. A feature of a later release (no `url`) is not a tile that does nothing: it is
 * listed under 即将开放 with what it will do (`desc`), never with made-up data.
 */
export interface WorkEntry {
  label: string;
  /** One character drawn in the tile. */
  mark: string;
  color: string;
  /** A page to open; absent for features that are not released yet. */
  url?: string;
  /** What a coming feature will let the role do (shown under 即将开放). */
  desc?: string;
  /** A count waiting on this tile (e.g. unacknowledged warnings): a small red badge when above 0. */
  badge?: number;
}

export type HomeTheme = 'enterprise' | 'grid' | 'inspector' | 'rescue' | 'equipment';

/** The role's home: who and where, the work bench, and the latest messages. */
export function RoleHome({
  me,
  title,
  theme,
  entries,
  note,
  extra,
}: {
  me: Me | null;
  title: string;
  theme: HomeTheme;
  entries: WorkEntry[];
  note?: string;
  /** The role's own sections between the work bench and the messages (to-dos, the enterprise's colour…). */
  extra?: ReactNode;
}) {
  const zone = useObservable(zoneState);
  const n = useNotifications(5);
  // Back on the home (from a page above it): fresh messages.
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) void n.reload();
    shown.current = true;
    // H5: fetch the pages this home links to (WeChat does it from app.config's preloadRule)
    const path = Taro.getCurrentInstance().router?.path;
    if (path) preloadPackagesOf(path);
  });
  if (!me) {
    return (
      <Screen>
        <Loading />
      </Screen>
    );
  }
  const routes = routesOf(me.role);
  const open = (e: WorkEntry) => {
    if (e.url) void Taro.navigateTo({ url: e.url });
  };
  const ready = entries.filter((e) => e.url);
  const coming = entries.filter((e) => !e.url);
  return (
    <Screen tab="home" unread={n.unread}>
      <View className={`role-home__header role-home__header--${theme}`}>
        <View className="role-home__zone">{zone?.name ?? me.tenant.name}</View>
        <View className="role-home__title">{title}</View>
        <View className="role-home__who">
          <Text className="role-home__greet">
            {greeting()}，{me.name}
          </Text>
          <Text className="role-home__role">{ROLE_LABELS[me.role].zh}</Text>
        </View>
        {isEnterpriseRole(me.role) ? (
          <View className="role-home__enterprise">{me.enterpriseName ?? '（未关联企业，请联系园区管理员）'}</View>
        ) : null}
      </View>

      <View className="wx-section-title">工作台</View>
      <View className="role-home__grid">
        {ready.map((e) => (
          <View key={e.label} className="role-home__entry" onClick={() => open(e)}>
            <View className="role-home__mark" style={{ background: e.color }}>
              {e.mark}
            </View>
            {e.badge ? (
              <Text className="role-home__badge" data-testid="tile-badge">
                {e.badge > 99 ? '99+' : e.badge}
              </Text>
            ) : null}
            <Text className="role-home__label">{e.label}</Text>
          </View>
        ))}
      </View>
      {note ? <View className="wx-tips">{note}</View> : null}
      {extra}

      <View className="role-home__section">
        <Text className="role-home__section-title">
          最新消息{n.unread > 0 ? <Text className="role-home__unread">（{n.unread} 条未读）</Text> : null}
        </Text>
        {routes.messages ? (
          <Text className="wx-link role-home__more" onClick={() => void Taro.redirectTo({ url: routes.messages! })}>
            全部消息
          </Text>
        ) : null}
      </View>
      <NotificationList
        source={n}
        limit={3}
        onOpen={(x) => void n.markRead(x)}
        emptyText="暂无消息"
        emptyDesc="隐患、任务和值班提醒会出现在这里"
      />
      {/* What is coming goes last: the day's work and messages come first (a new user saw to-dos pushed below). */}
      {coming.length ? (
        <View className="role-home__coming" data-testid="role-home-coming">
          <View className="wx-section-title">即将开放</View>
          {coming.map((e) => (
            <View key={e.label} className="role-home__coming-item">
              <View className="role-home__coming-mark" style={{ background: e.color }}>
                {e.mark}
              </View>
              <View className="role-home__coming-text">
                <Text className="role-home__coming-label">{e.label}</Text>
                {e.desc ? <Text className="role-home__coming-desc">{e.desc}</Text> : null}
              </View>
            </View>
          ))}
        </View>
      ) : null}
      <View className="wx-footer">园安 · 园区安全与应急管理</View>
    </Screen>
  );
}
