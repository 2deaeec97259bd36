import Taro from '@tarojs/taro';
import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import { formatDateTime, formatTime } from '../services/format';
import type { OutboxItem } from '../services/outbox-core';
import { PAGES } from '../services/routes';
import { Failed, Loading, Screen } from './screen';
import './record-detail.scss';

/**
 * The pieces of a record's page (a hazard, an alarm…): its labelled rows, the notes on top (shown offline, a
 * change of it waiting in the outbox), the timeline, and the screen while it loads.
 */

/** A label and its value, one row of a card. `className` adds a modifier (`detail-row--warn`). */
export function DetailRow({
  label,
  children,
  className = '',
  testId,
}: {
  label: string;
  children: ReactNode;
  className?: string;
  testId?: string;
}) {
  return (
    <View className={`detail-row ${className}`} data-testid={testId}>
      <Text className="detail-row__label">{label}</Text>
      <View className="detail-row__value">{children}</View>
    </View>
  );
}

/**
 * The notes above a record: it is the copy kept on the phone (`offlineSince`, ISO time), and a change of it is
 * waiting in the outbox (or was refused: tap to open the outbox).
 */
export function RecordNotices({ offlineSince, waiting }: { offlineSince: string | null; waiting: OutboxItem | undefined }) {
  return (
    <>
      {offlineSince ? <View className="wx-tips">网络不可用，显示的是 {formatTime(offlineSince)} 保存在本机的内容</View> : null}
      {waiting ? (
        <View className="detail-notice" onClick={() => void Taro.navigateTo({ url: PAGES.outbox })}>
          {waiting.failed
            ? `「${waiting.label}」未能提交：${waiting.lastError ?? ''}（点击处理）`
            : `「${waiting.label}」已保存在本机，联网后自动提交（待同步）`}
        </View>
      ) : null}
    </>
  );
}

/** One event of a timeline. */
export interface TimelineEvent {
  id: string;
  /** The event's kind (set as `data-action`). */
  action: string;
  label: string;
  /** Beside the label (a value, the status it led to). */
  note?: string | null;
  who: string;
  /** ISO time. */
  at: string;
  comment?: string | null;
  /** Under the comment (photos). */
  children?: ReactNode;
}

/**
 * A record's history, newest first (the latest dot lit), in a card: `events` oldest first as the api lists them.
 * `className` / `eventClassName` add the page's own hooks to the card and to each event.
 */
export function Timeline({
  events,
  className = '',
  eventClassName = '',
}: {
  events: TimelineEvent[];
  className?: string;
  eventClassName?: string;
}) {
  return (
    <View className={`wx-card timeline ${className}`}>
      {[...events].reverse().map((e, i) => (
        <View
          key={e.id}
          className={`timeline-event ${i === 0 ? 'timeline-event--latest' : ''} ${eventClassName}`}
          data-action={e.action}
        >
          <View className="timeline-event__dot" />
          <View className="timeline-event__body">
            <View className="timeline-event__head">
              <Text className="timeline-event__action">{e.label}</Text>
              {e.note ? <Text className="timeline-event__note">{e.note}</Text> : null}
            </View>
            <View className="timeline-event__who">
              {e.who} · {formatDateTime(e.at)}
            </View>
            {e.comment ? <View className="timeline-event__comment">{e.comment}</View> : null}
            {e.children}
          </View>
        </View>
      ))}
    </View>
  );
}

/** The screen before a record is there: loading, or why it could not be loaded (`failed`) with 重新加载. */
export function RecordPending({ failed, onRetry }: { failed: string | null; onRetry: () => void }) {
  return <Screen>{failed ? <Failed message={failed} onRetry={onRetry} /> : <Loading />}</Screen>;
}
