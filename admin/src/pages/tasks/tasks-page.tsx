import { useState } from 'react';
import { App, Button, Card, Empty, Popconfirm, Segmented, Space, Table, Tag, Typography } from 'antd';
import { CheckOutlined, ReloadOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useResolveTask, useTasks } from '../../api/enterprise-queries.ts';
import { errorText } from '../../api/errors.ts';
import type { Task } from '../../api/types.ts';
import { useEnterpriseNames } from '../../api/zone-queries.ts';
import { hasPermission } from '../../auth/access.ts';
import { useSession } from '../../auth/session.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { fmtMinute } from '../../components/time.ts';
import { useI18n, useT } from '../../i18n/i18n.tsx';
import { useMessages } from '../../i18n/feature.ts';
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
  const tc = useT();
  const { lang } = useI18n();
  const { message } = App.useApp();
  const { effective } = useSession();
  const [status, setStatus] = useState<Status>('open');
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const list = useTasks({ status, ...page });
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
    <PageContainer title={t('tasksTitle')} description={t('tasksDesc')}>
      <Card
        title={
          <Segmented<Status>
            value={status}
            onChange={(v) => {
              setStatus(v);
              setPage((p) => ({ ...p, page: 1 }));
            }}
            options={[
              { value: 'open', label: t('taskOpen') },
              { value: 'done', label: t('taskDone') },
              { value: 'dismissed', label: t('taskDismissed') },
            ]}
          />
        }
        extra={
          <Button type="text" icon={<ReloadOutlined />} onClick={() => void list.refetch()} aria-label={tc('common.refresh')} />
        }
      >
        {list.isError && !list.data ? (
          <QueryError error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<Task>
            rowKey="id"
            loading={list.isFetching}
            dataSource={list.data?.items ?? []}
            data-testid="tasks-table"
            locale={{ emptyText: <Empty description={t('tasksEmpty')} /> }}
            pagination={{
              current: page.page,
              pageSize: page.pageSize,
              total: list.data?.total ?? 0,
              showSizeChanger: true,
              onChange: (p, ps) => setPage({ page: p, pageSize: ps }),
            }}
            columns={[
              {
                title: t('taskKind'),
                dataIndex: 'kind',
                width: 130,
                render: (k: string) => {
                  const x = KINDS[k];
                  return <Tag color={x?.color}>{x ? (lang === 'en' ? x.en : x.zh) : k}</Tag>;
                },
              },
              {
                title: t('taskTitle'),
                dataIndex: 'title',
                render: (v: string, r) => (
                  <div>
                    <Typography.Text>{v}</Typography.Text>
                    {r.detail && (
                      <Typography.Paragraph type="secondary" style={{ margin: 0, fontSize: 12 }}>
                        {r.detail}
                      </Typography.Paragraph>
                    )}
                  </div>
                ),
              },
              {
                title: t('taskEnterprise'),
                dataIndex: 'enterpriseId',
                width: 240,
                render: (id: string | null, r) =>
                  id ? (
                    <Link to={`/enterprises/${id}${TAB_OF[r.kind] ? `?tab=${TAB_OF[r.kind]}` : ''}`}>
                      {names.get(id) ?? id.slice(-8)}
                    </Link>
                  ) : (
                    '—'
                  ),
              },
              { title: t('taskCreated'), dataIndex: 'createdAt', width: 150, render: (v: string) => fmtMinute(v) },
              ...(status === 'open'
                ? canResolve
                  ? [
                      {
                        title: tc('common.actions'),
                        key: 'a',
                        width: 150,
                        render: (_: unknown, r: Task) => (
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
                      },
                    ]
                  : []
                : [
                    { title: t('taskResolved'), dataIndex: 'resolvedAt', width: 150, render: (v: string | null) => fmtMinute(v) },
                  ]),
            ]}
          />
        )}
      </Card>
    </PageContainer>
  );
}
