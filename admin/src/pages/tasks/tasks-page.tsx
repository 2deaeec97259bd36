import { App, Button, Popconfirm, Space, Tag, Typography } from 'antd';
import { CheckOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useResolveTask, useTasks } from '../../api/enterprise-queries.ts';
import { errorText } from '../../api/errors.ts';
import type { Task } from '../../api/types.ts';
import { useEnterpriseNames } from '../../api/zone-queries.ts';
import { hasPermission } from '../../auth/access.ts';
import { useSession } from '../../auth/session.tsx';
import { ListPage, useListQuery } from '../../components/list-page/index.ts';
import { fmtMinute } from '../../components/time.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { useMessages } from '../../i18n/feature.ts';
import { usePunct } from '../../i18n/punct.ts';
import { riskMessages } from '../risk/messages.ts';

type Status = Task['status'];
const KINDS: Record<string, { zh: string; en: string; color: string }> = {
  certificate_expiring: { zh: '证书即将到期', en: 'Certificate expiring', color: 'orange' },
  certificate_expired: { zh: '证书已过期', en: 'Certificate expired', color: 'red' },
  supply_expired: { zh: '物资过期', en: 'Supply expired', color: 'red' },
  supply_low: { zh: '物资不足', en: 'Supply below minimum', color: 'orange' },
  supply_below_minimum: { zh: '物资不足', en: 'Supply below minimum', color: 'orange' },
  drill_overdue: { zh: '演练逾期', en: 'Drill overdue', color: 'gold' },
  risk_point_review: { zh: '风险点复评', en: 'Risk point review', color: 'blue' },
};
const TAB_OF: Record<string, string> = {
  certificate_expiring: 'certificates',
  certificate_expired: 'certificates',
  supply_expired: 'supplies',
  supply_low: 'supplies',
  supply_below_minimum: 'supplies',
  drill_overdue: 'plans',
  risk_point_review: 'riskPoints',
};

/** 待办任务: what the system raised from the enterprise files (expiring certificates, supplies, drills). */
export function TasksPage() {
  const t = useMessages(riskMessages);
  const { lang } = useI18n();
  const pn = usePunct();
  const { message } = App.useApp();
  const { effective } = useSession();
  const lq = useListQuery({
    filters: [
      {
        key: 'status',
        kind: 'segmented',
        defaultValue: 'open',
        options: [
          { value: 'open', label: t('taskOpen') },
          { value: 'done', label: t('taskDone') },
          { value: 'dismissed', label: t('taskDismissed') },
        ],
      },
      { key: 'kind', kind: 'hidden' },
      { key: 'enterpriseId', kind: 'hidden' },
    ],
  });
  const status = lq.filters.status as Status;
  const list = useTasks(lq.params);
  const resolve = useResolveTask();
  const names = useEnterpriseNames(hasPermission(effective, 'enterprises.read'));
  const canResolve = hasPermission(effective, 'tasks.resolve');

  const act = async (task: Task, to: 'done' | 'dismissed') => {
    try {
      await resolve.mutateAsync({ id: task.id, status: to });
      message.success(t('resolved'));
    } catch (e) {
      message.error(errorText(e));
    }
  };

  return (
    <ListPage<Task>
      title={t('tasksTitle')}
      description={t('tasksDesc')}
      lq={lq}
      list={list}
      testId="tasks"
      emptyText={t('tasksEmpty')}
      table={{
        rowKey: 'id',
        testId: 'tasks-table',
        columns: [
          {
            key: 'kind',
            title: t('taskKind'),
            dataIndex: 'kind',
            width: 130,
            render: (k: string) => {
              const x = KINDS[k];
              return <Tag color={x?.color}>{x ? (lang === 'en' ? x.en : x.zh) : k}</Tag>;
            },
          },
          {
            key: 'title',
            title: t('taskTitle'),
            dataIndex: 'title',
            width: 260,
            grow: true,
            ellipsis: { rows: 2, tip: (r: Task) => (r.detail ? pn.labelled(r.title, r.detail) : r.title) },
            render: (v: string, r: Task) => (
              <>
                {v}
                {r.detail && <Typography.Text type="secondary"> · {r.detail}</Typography.Text>}
              </>
            ),
          },
          {
            key: 'enterprise',
            title: t('taskEnterprise'),
            dataIndex: 'enterpriseId',
            width: 220,
            ellipsis: { tip: (r: Task) => (r.enterpriseId ? (names.get(r.enterpriseId) ?? null) : null) },
            render: (id: string | null, r: Task) =>
              id ? (
                <Link to={`/enterprises/${id}${TAB_OF[r.kind] ? `?tab=${TAB_OF[r.kind]}` : ''}`}>
                  {names.get(id) ?? id.slice(-8)}
                </Link>
              ) : (
                '—'
              ),
          },
          {
            key: 'createdAt',
            title: t('taskCreated'),
            dataIndex: 'createdAt',
            width: 140,
            priority: 2,
            render: (v: string) => fmtMinute(v),
          },
          ...(status === 'open'
            ? []
            : [
                {
                  key: 'resolvedAt',
                  title: t('taskResolved'),
                  dataIndex: 'resolvedAt',
                  width: 140,
                  render: (v: string | null) => fmtMinute(v),
                },
              ]),
        ],
        actions:
          status === 'open' && canResolve
            ? {
                width: 160,
                render: (r: Task) => (
                  <Space size={0}>
                    <Button type="link" size="small" icon={<CheckOutlined />} onClick={() => void act(r, 'done')}>
                      {t('markDone')}
                    </Button>
                    <Popconfirm title={`${t('dismiss')}？`} onConfirm={() => act(r, 'dismissed')}>
                      <Button type="link" size="small">
                        {t('dismiss')}
                      </Button>
                    </Popconfirm>
                  </Space>
                ),
              }
            : null,
      }}
    />
  );
}
