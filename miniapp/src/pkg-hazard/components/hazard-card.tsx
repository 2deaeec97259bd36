import { Text, View } from '@tarojs/components';
import type { Hazard } from '@yuanan/contracts';
import { formatTime, isoDay } from '../../services/format';
import { GRADE_LABELS, STATUS_LABELS, deadlineText, statusTone } from '../services/hazard-ui';
import './hazard-card.scss';

/** One hazard in a list: code and status, what, where, grade and the deadline (overdue in red). */
export function HazardCard({
  h,
  showEnterprise,
  syncing,
  onOpen,
}: {
  h: Hazard;
  showEnterprise: boolean;
  /** A rectification for it waits in the outbox. */
  syncing?: boolean;
  onOpen: () => void;
}) {
  const due = deadlineText(h, isoDay());
  return (
    <View className={`hazard-card ${h.overdue ? 'hazard-card--overdue' : ''}`} onClick={onOpen}>
      <View className="hazard-card__head">
        <Text className="hazard-card__code">{h.code}</Text>
        {h.grade === 'major' ? <Text className="tag tag--red hazard-card__grade">{GRADE_LABELS.major}</Text> : null}
        <View className="hazard-card__spacer" />
        {syncing ? <Text className="tag tag--yellow hazard-card__sync">整改待同步</Text> : null}
        <Text className={`tag tag--${statusTone(h.status)} hazard-card__status`}>{STATUS_LABELS[h.status]}</Text>
      </View>
      <View className="hazard-card__desc">{h.description}</View>
      <View className="hazard-card__meta">
        <Text>
          {showEnterprise ? `${h.enterpriseName} · ` : ''}
          {h.categoryName ?? h.categoryCode}
          {h.place ? ` · ${h.place}` : ''}
        </Text>
      </View>
      <View className="hazard-card__foot">
        <Text className="hazard-card__time">
          {formatTime(h.reportedAt)} · {h.reportedByName ?? ''}上报
        </Text>
        {due ? <Text className={`hazard-card__due hazard-card__due--${due.tone}`}>{due.text}</Text> : null}
      </View>
    </View>
  );
}

/** A report that waits in the outbox: what the user sees until it is sent. */
export function PendingReportCard({
  label,
  enterpriseName,
  categoryName,
  queuedAt,
  failed,
  error,
  onOpen,
}: {
  label: string;
  enterpriseName?: string;
  categoryName?: string;
  queuedAt: string;
  failed: boolean;
  error: string | null;
  onOpen: () => void;
}) {
  return (
    <View className="hazard-card hazard-card--pending" onClick={onOpen}>
      <View className="hazard-card__head">
        <Text className="hazard-card__code">未编号</Text>
        <View className="hazard-card__spacer" />
        <Text className={`tag ${failed ? 'tag--red' : 'tag--yellow'} hazard-card__status`}>{failed ? '未能提交' : '待同步'}</Text>
      </View>
      <View className="hazard-card__desc">{label}</View>
      <View className="hazard-card__meta">
        <Text>
          {enterpriseName ? `${enterpriseName} · ` : ''}
          {categoryName ?? ''}
        </Text>
      </View>
      <View className="hazard-card__foot">
        <Text className="hazard-card__time">{formatTime(queuedAt)} 保存在本机</Text>
        <Text className={`hazard-card__due ${failed ? 'hazard-card__due--danger' : ''}`}>
          {failed ? `原因：${error ?? '服务器拒绝'}` : '联网后自动上报'}
        </Text>
      </View>
    </View>
  );
}
