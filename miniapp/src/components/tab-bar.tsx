import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { useObservable } from '../services/observable';
import { PAGES, routesOf } from '../services/routes';
import { meState } from '../services/session';
import './tab-bar.scss';

export type TabKey = 'home' | 'messages' | 'profile';

/**
 * A custom bottom bar (首页 / 消息 / 我的). Native tabBar pages must live in the main package; the role homes live
 * in their subpackages, so the bar is ours and switches pages with redirectTo (no growing page stack).
 */
export function TabBar({ current, unread = 0 }: { current: TabKey; unread?: number }) {
  const me = useObservable(meState);
  if (!me) return null;
  const routes = routesOf(me.role);
  const items: Array<{ key: TabKey; label: string; url: string | null }> = [
    { key: 'home', label: '首页', url: routes.home },
    { key: 'messages', label: '消息', url: routes.messages },
    { key: 'profile', label: '我的', url: PAGES.profile },
  ];
  return (
    <View className="tab-bar-placeholder">
      <View className="tab-bar">
        {items
          .filter((i) => i.url)
          .map((i) => (
            <View
              key={i.key}
              className={`tab-bar__item ${i.key === current ? 'tab-bar__item--active' : ''}`}
              data-tab={i.key}
              onClick={() => {
                if (i.key !== current && i.url) void Taro.redirectTo({ url: i.url });
              }}
            >
              <View className={`tab-icon tab-icon--${i.key}`}>
                {i.key === 'messages' && unread > 0 ? (
                  <Text className="tab-bar__badge">{unread > 99 ? '99+' : unread}</Text>
                ) : null}
              </View>
              <Text className="tab-bar__label">{i.label}</Text>
            </View>
          ))}
      </View>
    </View>
  );
}
