import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { formatTime } from '../services/format';
import { useNotifications } from '../services/notifications';
import { useSignedInMe } from '../services/use-session';
import { NotificationList } from './notification-list';
import { Failed, Loading, Screen } from './screen';
import './messages-screen.scss';

/** The role's message centre: the user's notifications from the api, read marks work offline too. */
export function MessagesScreen({ emptyDesc }: { emptyDesc: string }) {
  const me = useSignedInMe();
  const n = useNotifications(20);
  usePullDownRefresh(() => {
    void n.reload().finally(() => Taro.stopPullDownRefresh());
  });
  useReachBottom(() => {
    void n.loadMore();
  });
  if (!me) {
    return (
      <Screen>
        <Loading />
      </Screen>
    );
  }
  return (
    <Screen tab="messages" unread={n.unread}>
      <View className="messages__bar">
        <Text className="messages__count">
          共 {n.total} 条{n.unread > 0 ? `，${n.unread} 条未读` : ''}
        </Text>
        {n.unread > 0 ? (
          <Text className="wx-link messages__all" onClick={() => void n.markAllRead()}>
            全部已读
          </Text>
        ) : null}
      </View>
      {n.offlineSince ? (
        <View className="messages__offline">网络不可用，显示的是 {formatTime(n.offlineSince)} 保存的消息</View>
      ) : null}
      {n.loading && n.items.length === 0 ? <Loading /> : null}
      {!n.loading && n.error && n.items.length === 0 ? (
        <Failed message={`消息加载失败：${n.error}`} onRetry={() => void n.reload()} />
      ) : null}
      {n.items.length > 0 || (!n.loading && !n.error) ? (
        <NotificationList items={n.items} onOpen={(x) => void n.markRead(x)} emptyText="暂无消息通知" emptyDesc={emptyDesc} />
      ) : null}
      {n.items.length > 0 ? (
        <View className="wx-footer" onClick={() => void n.loadMore()}>
          {n.hasMore ? '上拉或点击加载更多' : '没有更多了'}
        </View>
      ) : null}
    </Screen>
  );
}
