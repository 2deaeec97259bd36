import { Space, Tag, Typography } from 'antd';
import { WarningFilled } from '@ant-design/icons';
import type { Hazard } from '../../api/types.ts';
import { fmtDate } from '../../components/time.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { useMessages } from '../../i18n/feature.ts';
import { daysOverdue, gradeLabel, statusLabel, STATUS_COLOURS } from './labels.ts';
import { hzMessages } from './messages.ts';

export function StatusTag({ status }: { status: Hazard['status'] }) {
  const { lang } = useI18n();
  return (
    <Tag color={STATUS_COLOURS[status]} data-testid="hz-status" data-status={status} style={{ marginInlineEnd: 0 }}>
      {statusLabel(status, lang)}
    </Tag>
  );
}

export function GradeTag({ grade }: { grade: Hazard['grade'] }) {
  const { lang } = useI18n();
  if (!grade) return <Typography.Text type="secondary">{gradeLabel(null, lang)}</Typography.Text>;
  return (
    <Tag
      color={grade === 'major' ? 'red' : 'blue'}
      icon={grade === 'major' ? <WarningFilled /> : undefined}
      style={{ marginInlineEnd: 0 }}
    >
      {gradeLabel(grade, lang)}
    </Tag>
  );
}

/** The deadline, with how overdue (red) or how close (orange) it is while the hazard is open. */
export function DeadlineCell({
  hazard,
}: {
  hazard: Pick<Hazard, 'deadline' | 'deadlineDate' | 'overdue' | 'overdueDays' | 'status'>;
}) {
  const t = useMessages(hzMessages);
  if (!hazard.deadlineDate) return <>—</>;
  const open = hazard.status === 'confirmed' || hazard.status === 'rectifying';
  const d = daysOverdue(hazard.deadline);
  return (
    <Space size={4} wrap>
      <span>{fmtDate(hazard.deadlineDate)}</span>
      {hazard.overdue ? (
        <Tag color="red" style={{ marginInlineEnd: 0 }} data-testid="hz-overdue">
          {t('overdueDays', { n: hazard.overdueDays })}
        </Tag>
      ) : open && d === -1 ? (
        <Tag color="orange" style={{ marginInlineEnd: 0 }}>
          {t('dueToday')}
        </Tag>
      ) : open && -d < 3 ? (
        <Tag color="orange" style={{ marginInlineEnd: 0 }}>
          {t('dueInDays', { n: -d })}
        </Tag>
      ) : null}
    </Space>
  );
}
