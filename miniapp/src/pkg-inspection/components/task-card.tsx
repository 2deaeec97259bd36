import { Text, View } from '@tarojs/components';
import type { InspectionTask } from '@yuanan/contracts';
import { KIND_LABELS, STATUS_LABELS, STATUS_TONES, dueText, formatDistance, isOverdue } from '../services/inspection-ui';
import './task-card.scss';

/** One inspection task in a list: enterprise, checklist, status, due line (overdue in red), distance. */
export function TaskCard({
  t,
  pending,
  onOpen,
}: {
  t: InspectionTask;
  /** Its check-in or record waits on the phone (待同步). */
  pending?: boolean;
  onOpen: () => void;
}) {
  const due = dueText(t);
  const overdue = isOverdue(t);
  return (
    <View
      className={`task-card ${overdue ? 'task-card--overdue' : ''}`}
      data-testid="task-card"
      data-status={t.status}
      data-id={t.id}
      onClick={onOpen}
    >
      <View className="task-card__head">
        <Text className="task-card__name">{t.enterpriseName}</Text>
        {pending ? <Text className="tag tag--yellow task-card__sync">待同步</Text> : null}
        <Text className={`tag tag--${STATUS_TONES[t.status]} task-card__status`}>{STATUS_LABELS[t.status]}</Text>
      </View>
      <View className="task-card__meta">
        {KIND_LABELS[t.kind]} · {t.templateName}
        {t.gridName ? ` · ${t.gridName}` : ''}
      </View>
      <View className="task-card__foot">
        <Text className={`task-card__due task-card__due--${due.tone}`}>
          {overdue && t.status !== 'missed' ? '⚠ ' : ''}
          {due.text}
        </Text>
        {t.distanceM != null ? <Text className="task-card__dist">距离 {formatDistance(t.distanceM)}</Text> : null}
        {t.checkIn && t.status !== 'done' ? <Text className="task-card__checked">已签到</Text> : null}
        {t.status === 'done' && t.summary ? (
          <Text className={`task-card__result ${t.summary.failed ? 'task-card__result--fail' : ''}`}>
            {t.summary.failed ? `${t.summary.failed} 项不合格` : '全部合格'}
          </Text>
        ) : null}
      </View>
    </View>
  );
}
