import { useMemo } from 'react';
import { INSPECTION_TASK_KIND_LABELS, INSPECTION_TASK_KINDS } from '@yuanan/contracts';
import { Alert, Badge, Calendar, Card, Flex, Segmented, Space, Spin, Tag, Typography } from 'antd';
import { CalendarOutlined, EnvironmentOutlined, UnorderedListOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { Link, useSearchParams } from 'react-router';
import { useAgencies, useTaskMonth, useTasks, type InspectionTask } from '../../api/inspection-queries.ts';
import { hasPermission } from '../../auth/access.ts';
import { useSession } from '../../auth/session.tsx';
import { EnterprisePicker } from '../../components/enterprise-picker.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { FilterBar, ListPage, useListQuery, type FilterSpec, type ListColumn } from '../../components/list-page/index.ts';
import { COLOURS, useColourLabel } from '../../components/risk-colour.tsx';
import { useRoleLabel } from '../../components/role-label.ts';
import { fmtDate, fmtMinute, zoned, zoneToday } from '../../components/time.ts';
import { useMessages } from '../../i18n/feature.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { useZoneLists } from '../enterprises/catalog.ts';
import { STATUS_HEX, TASK_STATUSES, TaskStatusTag, statusKey, type TaskStatus } from './bits.tsx';
import { insMessages, type InsKey } from './messages.ts';

/** The task list's columns: enterprise, template, kind, who, complete-by, state (missed vs late), result. */
function useTaskColumns(): ListColumn<InspectionTask>[] {
  const t = useMessages(insMessages);
  const roleName = useRoleLabel();
  return [
    {
      key: 'enterprise',
      title: t('enterprise'),
      dataIndex: 'enterpriseName',
      width: 190,
      fixed: 'left',
      ellipsis: { tip: (r) => r.enterpriseName },
      render: (v: string, r) => (
        <Link to={`/inspections/tasks/${r.id}`} data-testid="ins-task-link" data-user-text>
          {v ?? r.enterpriseId}
        </Link>
      ),
    },
    {
      key: 'template',
      title: t('template'),
      dataIndex: 'templateName',
      width: 160,
      grow: true,
      ellipsis: true,
      render: (v: string | null | undefined) => <span data-user-text>{v ?? '—'}</span>,
    },
    {
      key: 'kind',
      title: t('kind'),
      dataIndex: 'kind',
      width: 90,
      priority: 3,
      render: (k: string) => t(`kind_${k}` as InsKey),
    },
    {
      key: 'assignee',
      title: t('assignee'),
      width: 130,
      priority: 2,
      ellipsis: true,
      render: (_: unknown, r) =>
        r.assigneeUserName || r.agencyName ? (
          <span data-user-text>{r.assigneeUserName ?? r.agencyName}</span>
        ) : r.assigneeRole ? (
          roleName(r.assigneeRole)
        ) : (
          '—'
        ),
    },
    {
      key: 'dueAt',
      title: t('dueAt'),
      dataIndex: 'dueAt',
      width: 110,
      render: (v: string) => fmtDate(v),
    },
    {
      key: 'status',
      title: t('status'),
      width: 170,
      render: (_: unknown, r) => (
        <Space size={4} wrap>
          <TaskStatusTag status={r.status} late={r.late} />
          {r.checkIn?.flagged && (
            <Tag color="volcano" icon={<EnvironmentOutlined />} style={{ marginInlineEnd: 0 }}>
              {t('flagged')}
            </Tag>
          )}
        </Space>
      ),
    },
    {
      key: 'result',
      title: t('result'),
      width: 190,
      priority: 2,
      render: (_: unknown, r) =>
        r.summary ? (
          <Space size={6} wrap>
            <Typography.Text type={r.summary.failed ? 'danger' : undefined} style={{ fontSize: 12 }}>
              {t('resultSummary', { passed: r.summary.passed, failed: r.summary.failed, na: r.summary.na })}
            </Typography.Text>
            {(r.hazardIds?.length ?? 0) > 0 && (
              <Tag color="red" style={{ marginInlineEnd: 0 }}>
                {t('hazardsN', { n: r.hazardIds.length })}
              </Tag>
            )}
          </Space>
        ) : (
          '—'
        ),
    },
    {
      key: 'completedAt',
      title: t('completedAt'),
      dataIndex: 'completedAt',
      width: 130,
      priority: 3,
      render: (v: string | null) => fmtMinute(v),
    },
  ];
}

/**
 * 检查任务: every inspection task of the zone, filtered by status (several at once), kind, grid, agency, enterprise,
 * colour, the complete-by dates and 只看我的 (in the address: the workbench cards link here with theirs), as a list or as a month calendar (tasks per day by status). 逾期未检 and
 * 超期完成 are different tags.
 */
export function TasksPage() {
  const t = useMessages(insMessages);
  const { lang } = useI18n();
  const lists = useZoneLists();
  const { effective } = useSession();
  const canAgencies = hasPermission(effective, 'inspections.agencies.manage');
  const agencies = useAgencies(canAgencies);
  const colourLabel = useColourLabel();
  const [sp, setSp] = useSearchParams();
  const view = sp.get('view') === 'calendar' ? 'calendar' : 'list';
  const spec: FilterSpec[] = [
    // Several statuses at once (the api takes them comma-separated): 我的任务 links with `open,in_progress`.
    {
      key: 'status',
      kind: 'multi',
      label: t('status'),
      width: 220,
      testId: 'ins-status-filter',
      options: TASK_STATUSES.map((s) => ({ value: s, label: t(statusKey(s)) })),
    },
    {
      key: 'kind',
      kind: 'select',
      label: t('kind'),
      width: 150,
      testId: 'ins-kind-filter',
      options: INSPECTION_TASK_KINDS.map((k) => ({
        value: k,
        label: INSPECTION_TASK_KIND_LABELS[k][lang === 'en' ? 'en' : 'zh'],
      })),
    },
    { key: 'gridId', kind: 'select', label: t('grid'), width: 160, options: lists.gridOptions },
    {
      key: 'agencyId',
      kind: 'select',
      label: t('agency'),
      width: 180,
      show: canAgencies,
      options: (agencies.data?.items ?? []).map((a) => ({ value: a.id, label: a.name })),
    },
    {
      key: 'enterpriseId',
      kind: 'custom',
      label: t('enterprise'),
      control: <EnterprisePicker allowClear placeholder={t('selectPh')} style={{ width: 220 }} testId="ins-enterprise-filter" />,
    },
    {
      key: 'colour',
      kind: 'select',
      label: t('colour'),
      width: 120,
      options: COLOURS.map((c) => ({ value: c, label: colourLabel(c) })),
    },
    { key: 'range', kind: 'dateRange', keys: ['from', 'to'], label: t('dueRange'), width: 240 },
    // Assigned to me, my role or my agency (the api's `mine`): the workbench's 我的检查任务 links with it.
    { key: 'mine', kind: 'check', label: t('mineOnly'), testId: 'ins-mine-filter' },
    // Checked in outside the geofence: the workbench's 围栏外签到 links with it and checkedInFrom.
    { key: 'flagged', kind: 'check', label: t('flaggedOnly'), testId: 'ins-flagged-filter' },
    { key: 'checkedInFrom', kind: 'hidden', label: t('checkedInFrom') },
  ];
  const lq = useListQuery({ filters: spec, cursor: true });
  const list = useTasks(lq.params, view === 'list');
  const columns = useTaskColumns();

  const setView = (v: string) => {
    const next = new URLSearchParams(sp);
    if (v === 'calendar') next.set('view', 'calendar');
    else next.delete('view');
    next.delete('page');
    setSp(next);
  };

  // A day of the calendar: that day's tasks as a list.
  const pickDay = (d: string) => {
    const next = new URLSearchParams(sp);
    next.set('from', d);
    next.set('to', d);
    for (const k of ['view', 'month', 'page']) next.delete(k);
    setSp(next);
  };

  const switcher = (
    <Segmented
      value={view}
      onChange={(v) => setView(String(v))}
      options={[
        { value: 'list', label: t('viewList'), icon: <UnorderedListOutlined /> },
        { value: 'calendar', label: t('viewCalendar'), icon: <CalendarOutlined /> },
      ]}
      data-testid="ins-view"
    />
  );

  if (view === 'calendar')
    return (
      <PageContainer title={t('tasksTitle')} description={t('tasksDesc')} extra={switcher}>
        <Card size="small">
          <FilterBar lq={lq} testId="ins-tasks" />
        </Card>
        <TaskCalendar filters={lq.filters} onPick={pickDay} />
      </PageContainer>
    );

  return (
    <ListPage<InspectionTask>
      title={t('tasksTitle')}
      description={t('tasksDesc')}
      extra={switcher}
      lq={lq}
      list={list}
      testId="ins-tasks"
      views="inspection-tasks"
      tableTitle={t('tasksList')}
      emptyText={t('tasksEmpty')}
      table={{
        rowKey: 'id',
        columns,
        testId: 'ins-task-table',
        rowClassName: (r) => (r.status === 'missed' ? 'row-danger' : ''),
      }}
    />
  );
}

/** The month of the calendar: the `from` filter's month, else this month. */
function monthOf(filters: Record<string, string>): Dayjs {
  return filters.from ? dayjs(filters.from).startOf('month') : dayjs(zoneToday()).startOf('month');
}

/**
 * The month calendar: per day, how many tasks are due by status (coloured dots with counts). Other filters
 * (status, kind, grid, agency, enterprise, colour, 只看我的) apply; a click on a day lists that day's tasks.
 */
function TaskCalendar({ filters, onPick }: { filters: Record<string, string>; onPick: (date: string) => void }) {
  const t = useMessages(insMessages);
  const [sp, setSp] = useSearchParams();
  const month = sp.get('month') ? dayjs(`${sp.get('month')}-01`) : monthOf(filters);
  const rest = { ...filters };
  delete rest.from;
  delete rest.to;
  const data = useTaskMonth(month.format('YYYY-MM'), rest);
  const byDay = useMemo(() => {
    const out = new Map<string, Partial<Record<TaskStatus, number>>>();
    for (const task of data.data?.items ?? []) {
      const d = zoned(task.dueAt).format('YYYY-MM-DD');
      const m = out.get(d) ?? {};
      m[task.status] = (m[task.status] ?? 0) + 1;
      out.set(d, m);
    }
    return out;
  }, [data.data]);
  const setMonth = (d: Dayjs) => {
    const next = new URLSearchParams(sp);
    next.set('month', d.format('YYYY-MM'));
    setSp(next, { replace: true });
  };

  return (
    <Card size="small" data-testid="ins-calendar">
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Text type="secondary">{t('calendarHint')}</Typography.Text>
        <Space size={12} wrap>
          {TASK_STATUSES.map((s) => (
            <Badge key={s} color={STATUS_HEX[s]} text={t(statusKey(s))} />
          ))}
          {data.isFetching && <Spin size="small" />}
        </Space>
      </Flex>
      {data.data?.capped && (
        <Alert type="warning" showIcon style={{ marginTop: 8 }} title={t('calendarMore', { n: data.data.items.length })} />
      )}
      <Calendar
        // Today when it is in the month shown (the calendar marks its value), else the month's first day.
        value={dayjs().isSame(month, 'month') ? dayjs() : month}
        onPanelChange={(d) => setMonth(d)}
        onSelect={(d, info) => {
          if (info.source === 'date') onPick(d.format('YYYY-MM-DD'));
          else setMonth(d);
        }}
        cellRender={(d, info) => {
          if (info.type !== 'date') return info.originNode;
          const counts = byDay.get(d.format('YYYY-MM-DD'));
          if (!counts) return null;
          return (
            <Flex vertical gap={0} data-testid="ins-calendar-day" data-date={d.format('YYYY-MM-DD')}>
              {TASK_STATUSES.filter((s) => counts[s]).map((s) => (
                <Badge
                  key={s}
                  color={STATUS_HEX[s]}
                  text={
                    <span style={{ fontSize: 12 }} data-status={s}>
                      {t(statusKey(s))} {counts[s]}
                    </span>
                  }
                />
              ))}
            </Flex>
          );
        }}
      />
    </Card>
  );
}
