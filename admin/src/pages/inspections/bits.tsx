import { Space, Tag } from 'antd';
import { ClockCircleOutlined, WarningOutlined } from '@ant-design/icons';
import { useMessages } from '../../i18n/feature.ts';
import { insMessages, type InsKey } from './messages.ts';

export type TaskStatus = 'scheduled' | 'open' | 'in_progress' | 'done' | 'missed';
export type Outcome = 'pass' | 'fail' | 'na';

export const TASK_STATUSES: TaskStatus[] = ['scheduled', 'open', 'in_progress', 'done', 'missed'];
export const STATUS_COLOURS: Record<TaskStatus, string> = {
  scheduled: 'default',
  open: 'blue',
  in_progress: 'processing',
  done: 'green',
  missed: 'red',
};
/** The calendar's dots: the same hues as the tags. */
export const STATUS_HEX: Record<TaskStatus, string> = {
  scheduled: '#bfbfbf',
  open: '#1677ff',
  in_progress: '#13c2c2',
  done: '#52c41a',
  missed: '#ff4d4f',
};

export const statusKey = (s: string) => `st_${s}` as InsKey;

/**
 * A task's state: 逾期未检 (missed: the window closed before anyone started) in red; a done task completed after
 * its complete-by date carries a separate orange 超期完成 (late) tag, so the two never read alike.
 */
export function TaskStatusTag({ status, late }: { status: TaskStatus; late?: boolean }) {
  const t = useMessages(insMessages);
  return (
    <Space size={4} wrap>
      <Tag
        color={STATUS_COLOURS[status]}
        icon={status === 'missed' ? <WarningOutlined /> : undefined}
        style={{ marginInlineEnd: 0 }}
        data-testid="ins-status"
        data-status={status}
      >
        {t(statusKey(status))}
      </Tag>
      {late && (
        <Tag color="orange" icon={<ClockCircleOutlined />} style={{ marginInlineEnd: 0 }} data-testid="ins-late">
          {t('late')}
        </Tag>
      )}
    </Space>
  );
}

export function OutcomeTag({ outcome }: { outcome: Outcome }) {
  const t = useMessages(insMessages);
  const colour = outcome === 'pass' ? 'green' : outcome === 'fail' ? 'red' : 'default';
  return (
    <Tag color={colour} style={{ marginInlineEnd: 0 }} data-testid="ins-outcome" data-outcome={outcome}>
      {t(`outcome_${outcome}` as InsKey)}
    </Tag>
  );
}

/** Whether an agency contract is in force on `today` (YYYY-MM-DD, the zone's date). */
export function contractState(c: { startDate: string; endDate: string }, today: string): 'active' | 'expired' | 'pending' {
  if (today > c.endDate) return 'expired';
  if (today < c.startDate) return 'pending';
  return 'active';
}
