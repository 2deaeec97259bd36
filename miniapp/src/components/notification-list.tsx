import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { Notification } from '@yuanan/contracts';
import { formatTime } from '../services/format';
import { SEVERITY_LABELS } from '../services/notifications';
import { pageOfLink } from '../services/routes';
import { meState } from '../services/session';
import { miniPageOf } from '../services/workbench-links';
import { RecordList, type RecordSource } from './record-list';
import './notification-list.scss';

/** One WeUI-style message cell: unread dot, severity tag, title, body, time; a tap opens the linked page. */
export function NotificationCell({ n, onOpen }: { n: Notification; onOpen: (n: Notification) => void }) {
  return (
    <View
      className={`wx-cell notification ${n.readAt ? 'notification--read' : 'notification--unread'}`}
      onClick={() => {
        onOpen(n);
        // hazards and inspections for anyone; 值班, 器材 and 应急联动 by the reader's role
        const role = meState.get()?.role;
        const own = role && /^\/(duty|equipment|incidents|pkg-incident)\//.test(n.link ?? '');
        const page = pageOfLink(n.link) ?? (own ? miniPageOf(n.link, role) : null);
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
  );
}

/**
 * The user's messages as a record list (`useNotifications` is the source): the message centre pages with paging
 * and pull-to-refresh, or the first few on a home (`limit`, no gestures).
 */
export function NotificationList({
  source,
  onOpen,
  emptyText = '暂无消息',
  emptyDesc,
  limit,
  endText,
  offlineText,
}: {
  source: RecordSource<Notification>;
  onOpen: (n: Notification) => void;
  emptyText?: string;
  emptyDesc?: string;
  limit?: number;
  endText?: string;
  offlineText?: (since: string) => string;
}) {
  return (
    <RecordList<Notification>
      source={source}
      listClassName="wx-cells notification-list"
      renderItem={(n) => <NotificationCell n={n} onOpen={onOpen} />}
      errorText="消息加载失败"
      emptyText={emptyText}
      emptyDesc={emptyDesc}
      limit={limit}
      endText={endText}
      offlineText={offlineText}
    />
  );
}
