import { useCallback, useMemo, useState } from 'react';
import { App, Button, Card, Col, Empty, Flex, Popconfirm, Row, Segmented, Select, Statistic, Table, Tag, Typography } from 'antd';
import { RedoOutlined, ReloadOutlined } from '@ant-design/icons';
import { errorText } from '../../api/errors.ts';
import { useQueueJobs, useQueues, useRetryJob, useTenants, type JobRow } from '../../api/platform-queries.ts';
import { EChart, type ChartOption } from '../../components/echart.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { fmtTime } from '../../components/time.ts';
import { useT } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/zh-CN.ts';

const STATES = ['failed', 'waiting', 'active', 'delayed', 'completed'] as const;
type JobState = (typeof STATES)[number];
const STATE_COLOR: Record<JobState, string> = {
  failed: '#d9363e',
  waiting: '#faad14',
  active: '#1677ff',
  delayed: '#8c8c8c',
  completed: '#52c41a',
};

/** The platform's job queues: counts by state, jobs of a queue, retry of failed jobs. */
export function QueuesPage() {
  const t = useT();
  const { message } = App.useApp();
  const queues = useQueues();
  const zones = useTenants({ pageSize: 200 });
  const [queue, setQueue] = useState<string | null>(null);
  const [state, setState] = useState<JobState>('failed');
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const selected = queue ?? queues.data?.[0]?.name ?? null;
  const jobs = useQueueJobs(selected, state, page.page, page.pageSize);
  const retry = useRetryJob();
  const queueName = useCallback(
    (n: string) => {
      const key = `queues.name.${n}` as MessageKey;
      const label = t(key);
      return label === key ? n : label;
    },
    [t],
  );
  const zoneName = (id: string | null) =>
    id ? (zones.data?.items.find((z) => z.id === id)?.name ?? id.slice(-8)) : t('queues.platformWide');

  const option = useMemo<ChartOption>(() => {
    const data = queues.data ?? [];
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 40, bottom: 28 },
      xAxis: { type: 'category', data: data.map((q) => queueName(q.name)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: STATES.filter((s) => s !== 'completed').map((s) => ({
        name: t(`queues.state.${s}`),
        type: 'bar',
        stack: 'jobs',
        itemStyle: { color: STATE_COLOR[s] },
        data: data.map((q) => q.counts[s] ?? 0),
      })),
    };
  }, [queues.data, t, queueName]);

  const totals = STATES.map((s) => ({ s, n: (queues.data ?? []).reduce((sum, q) => sum + (q.counts[s] ?? 0), 0) }));

  return (
    <PageContainer
      title={t('queues.title')}
      extra={
        <Button icon={<ReloadOutlined />} onClick={() => void queues.refetch()}>
          {t('common.refresh')}
        </Button>
      }
    >
      {queues.isError && !queues.data ? (
        <QueryError error={queues.error} onRetry={() => void queues.refetch()} />
      ) : (
        <>
          <Row gutter={[16, 16]}>
            {totals.map(({ s, n }) => (
              <Col key={s} xs={12} md={8} xl={{ flex: '1 1 0' }}>
                <Card size="small">
                  <Statistic
                    title={t(`queues.state.${s}`)}
                    value={n}
                    loading={queues.isLoading}
                    styles={{ content: { color: s === 'failed' && n > 0 ? STATE_COLOR.failed : undefined } }}
                  />
                </Card>
              </Col>
            ))}
          </Row>
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={14}>
              <Card title={t('queues.chart')}>
                <EChart option={option} height={280} testId="queues-chart" />
              </Card>
            </Col>
            <Col xs={24} xl={10}>
              <Card title={t('queues.overview')}>
                <Table
                  size="small"
                  rowKey="name"
                  pagination={false}
                  loading={queues.isLoading}
                  dataSource={queues.data ?? []}
                  onRow={(q) => ({ onClick: () => setQueue(q.name), style: { cursor: 'pointer' } })}
                  rowClassName={(q) => (q.name === selected ? 'ant-table-row-selected' : '')}
                  columns={[
                    {
                      title: t('queues.queue'),
                      dataIndex: 'name',
                      render: (n: string, q) => (
                        <Flex gap={6} align="center" wrap>
                          <span>{queueName(n)}</span>
                          <Typography.Text type="secondary" className="mono" style={{ fontSize: 12 }}>
                            {n}
                          </Typography.Text>
                          {q.paused && <Tag color="orange">{t('queues.paused')}</Tag>}
                        </Flex>
                      ),
                    },
                    {
                      title: t('queues.state.failed'),
                      key: 'failed',
                      align: 'right',
                      width: 72,
                      render: (_, q) => (
                        <span style={{ color: (q.counts.failed ?? 0) > 0 ? STATE_COLOR.failed : undefined }}>
                          {q.counts.failed ?? 0}
                        </span>
                      ),
                    },
                    {
                      title: t('queues.state.waiting'),
                      key: 'waiting',
                      align: 'right',
                      width: 80,
                      render: (_, q) => q.counts.waiting ?? 0,
                    },
                    {
                      title: t('queues.state.delayed'),
                      key: 'delayed',
                      align: 'right',
                      width: 72,
                      render: (_, q) => q.counts.delayed ?? 0,
                    },
                  ]}
                />
              </Card>
            </Col>
          </Row>
          <Card
            title={t('queues.jobs')}
            extra={
              <Flex gap={8} wrap>
                <Select
                  value={selected ?? undefined}
                  style={{ width: 180 }}
                  onChange={(v: string) => {
                    setQueue(v);
                    setPage((p) => ({ ...p, page: 1 }));
                  }}
                  options={(queues.data ?? []).map((q) => ({ value: q.name, label: queueName(q.name) }))}
                />
                <Segmented<JobState>
                  value={state}
                  onChange={(v) => {
                    setState(v);
                    setPage((p) => ({ ...p, page: 1 }));
                  }}
                  options={STATES.map((s) => ({ value: s, label: t(`queues.state.${s}`) }))}
                />
              </Flex>
            }
          >
            <Table<JobRow>
              rowKey="id"
              loading={jobs.isFetching}
              dataSource={jobs.data?.items ?? []}
              scroll={{ x: 1300 }}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('queues.empty')} /> }}
              pagination={{
                current: page.page,
                pageSize: page.pageSize,
                total: jobs.data?.total ?? 0,
                showTotal: (total) => t('common.total', { total }),
                onChange: (p, ps) => setPage({ page: p, pageSize: ps }),
              }}
              columns={[
                {
                  title: t('queues.jobId'),
                  dataIndex: 'id',
                  width: 200,
                  render: (v: string) => (
                    <Typography.Text className="mono" ellipsis={{ tooltip: v }} style={{ maxWidth: 180 }}>
                      {v}
                    </Typography.Text>
                  ),
                },
                {
                  title: t('queues.jobName'),
                  dataIndex: 'name',
                  width: 180,
                  render: (v: string) => <span className="mono">{v}</span>,
                },
                { title: t('queues.tenant'), dataIndex: 'tenantId', width: 160, render: (v: string | null) => zoneName(v) },
                { title: t('queues.attempts'), dataIndex: 'attemptsMade', width: 90, align: 'right' },
                {
                  title: t('queues.failedReason'),
                  dataIndex: 'failedReason',
                  width: 300,
                  render: (v: string | null) =>
                    v ? (
                      <Typography.Text type="danger" ellipsis={{ tooltip: v }} style={{ maxWidth: 280 }}>
                        {v}
                      </Typography.Text>
                    ) : (
                      '—'
                    ),
                },
                { title: t('common.createdAt'), dataIndex: 'createdAt', width: 170, render: (v: string) => fmtTime(v) },
                {
                  title: state === 'delayed' ? t('queues.runAt') : t('queues.finishedAt'),
                  key: 'when',
                  width: 170,
                  render: (_, j) => fmtTime(state === 'delayed' ? j.runAt : j.finishedAt),
                },
                ...(state === 'failed'
                  ? [
                      {
                        title: t('common.actions'),
                        key: 'actions',
                        width: 100,
                        fixed: 'right' as const,
                        render: (_: unknown, j: JobRow) => (
                          <Popconfirm
                            title={`${t('queues.retry')} ${j.name}?`}
                            okText={t('queues.retry')}
                            cancelText={t('common.cancel')}
                            onConfirm={async () => {
                              try {
                                await retry.mutateAsync({ queue: selected!, jobId: j.id });
                                message.success(t('queues.retried'));
                              } catch (e) {
                                message.error(errorText(e));
                              }
                            }}
                          >
                            <Button type="link" size="small" icon={<RedoOutlined />}>
                              {t('queues.retry')}
                            </Button>
                          </Popconfirm>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          </Card>
        </>
      )}
    </PageContainer>
  );
}
