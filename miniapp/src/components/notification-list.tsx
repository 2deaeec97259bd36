import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { Notification } from '@yuanan/contracts';
import { formatTime } from '../services/format';
import { SEVERITY_LABELS } from '../services/notifications';
import { pageOfLink } from '../services/routes';
import { Empty } from './screen';
import './notification-list.scss';

/** WeUI-style message cells: unread dot, severity tag, title, body, time. */
export function NotificationList({
  items,
  onOpen,
  emptyText = '暂无消息',
  emptyDesc,
}: {
  items: Notification[];
  onOpen: (n: Notification) => void;
  emptyText?: string;
  emptyDesc?: string;
}) {
  if (items.length === 0) return <Empty text={emptyText} desc={emptyDesc} />;
  return (
    <View className="wx-cells notification-list">
      {items.map((n) => (
        <View
          key={n.id}
          className={`wx-cell notification ${n.readAt ? 'notification--read' : 'notification--unread'}`}
          onClick={() => {
            onOpen(n);
            const page = pageOfLink(n.link);
            if (page) void Taro.navigateTo({ url: page });
          }}
        >
          <View className="wx-cell__bd">
            <View className="notification__head">
              {n.readAt ? null : <View className="notification__dot" />}
              {n.severity !== 'info' ? (
                <Text className={`notification__tag notification__tag--${n.severity}`}>{SEVERITY_LABELS[n.severity]}</Text>
              ) : null}
              <Text className="notification__title">{n.title}</Text>
            </View>
            <View className="notification__body">{n.body}</View>
            <View className="notification__time">{formatTime(n.createdAt)}</View>
          </View>
        </View>
      ))}
    </View>
  );
}
