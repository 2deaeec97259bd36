import { Text, View } from '@tarojs/components';
import { useNotifications } from '../services/notifications';
import { useSignedInMe } from '../services/use-session';
import { NotificationList } from './notification-list';
import { Loading, Screen } from './screen';
import './messages-screen.scss';

/** The role's message centre: the user's notifications from the api, read marks work offline too. */
export function MessagesScreen({ emptyDesc }: { emptyDesc: string }) {
  const me = useSignedInMe();
  const n = useNotifications(20);
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
      <NotificationList
        source={n}
        onOpen={(x) => void n.markRead(x)}
        emptyText="暂无消息通知"
        emptyDesc={emptyDesc}
        endText="没有更多了"
        offlineText={(since) => `网络不可用，显示的是 ${since} 保存的消息`}
      />
    </Screen>
  );
}
