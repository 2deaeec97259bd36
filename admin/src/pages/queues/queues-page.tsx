import { useCallback, useMemo } from 'react';
import { App, Button, Card, Col, Flex, Popconfirm, Row, Statistic, Table, Tag, Typography } from 'antd';
import { RedoOutlined, ReloadOutlined } from '@ant-design/icons';
import { errorText } from '../../api/errors.ts';
import { useQueueJobs, useQueues, useRetryJob, useTenants, type JobRow } from '../../api/platform-queries.ts';
import { EChart, type ChartOption } from '../../components/echart.tsx';
import { ListPage, useListQuery, type ListColumn, type RowActions } from '../../components/list-page/index.ts';
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

/** The platform's job queues: counts by state and the chart, then the jobs of a queue on the list-page block
 * (queue and state in the address, paging), with retry of failed jobs. */
export function QueuesPage() {
  const t = useT();
  const { message } = App.useApp();
  const queues = useQueues();
  const zones = useTenants({ pageSize: 200 });
  const retry = useRetryJob();
  const queueName = useCallback(
    (n: string) => {
      const key = `queues.name.${n}` as MessageKey;
      const label = t(key);
      return label === key ? n : label;
    },
    [t],
  );
  const lq = useListQuery({
    filters: [
      {
        key: 'queue',
        kind: 'select',
        label: t('queues.queue'),
        width: 200,
        testId: 'queues-queue',
        // Without a queue in the address the first one is shown: the select says which.
        placeholder: queues.data?.[0] ? queueName(queues.data[0].name) : undefined,
        options: (queues.data ?? []).map((q) => ({ value: q.name, label: queueName(q.name) })),
      },
      {
        key: 'state',
        kind: 'segmented',
        defaultValue: 'failed',
        testId: 'queues-state',
        options: STATES.map((s) => ({ value: s, label: t(`queues.state.${s}`) })),
      },
    ],
  });
  // No queue in the address: the first one (the api lists them in a fixed order).
  const selected = lq.filters.queue ?? queues.data?.[0]?.name ?? null;
  const state = (lq.filters.state ?? 'failed') as JobState;
  const jobs = useQueueJobs(selected, state, lq.page, lq.pageSize);
  const pick = (name: string) => lq.setFilters({ ...lq.urlFilters, queue: name });
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

  const columns: ListColumn<JobRow>[] = [
    {
      key: 'id',
      title: t('queues.jobId'),
      dataIndex: 'id',
      width: 170,
      ellipsis: true,
      render: (v: string) => <span className="mono">{v}</span>,
    },
    {
      key: 'name',
      title: t('queues.jobName'),
      dataIndex: 'name',
      width: 170,
      ellipsis: true,
      render: (v: string) => <span className="mono">{v}</span>,
    },
    {
      key: 'tenant',
      title: t('queues.tenant'),
      dataIndex: 'tenantId',
      width: 140,
      ellipsis: { tip: (j) => zoneName(j.tenantId) },
      render: (v: string | null) => zoneName(v),
    },
    { key: 'attempts', title: t('queues.attempts'), dataIndex: 'attemptsMade', width: 90, align: 'right', priority: 3 },
    {
      key: 'failedReason',
      title: t('queues.failedReason'),
      dataIndex: 'failedReason',
      width: 220,
      grow: true,
      ellipsis: { tip: (j) => j.failedReason },
      render: (v: string | null) => (v ? <Typography.Text type="danger">{v}</Typography.Text> : '—'),
    },
    {
      key: 'createdAt',
      title: t('common.createdAt'),
      dataIndex: 'createdAt',
      width: 170,
      priority: 2,
      render: (v: string) => fmtTime(v),
    },
    {
      key: 'when',
      title: state === 'delayed' ? t('queues.runAt') : t('queues.finishedAt'),
      width: 170,
      priority: 2,
      render: (_: unknown, j) => fmtTime(state === 'delayed' ? j.runAt : j.finishedAt),
    },
  ];
  const actions: RowActions<JobRow> | null =
    state === 'failed'
      ? {
          width: 100,
          render: (j) => (
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
              <Button type="link" size="small" icon={<RedoOutlined />} data-testid="queues-retry">
                {t('queues.retry')}
              </Button>
            </Popconfirm>
          ),
        }
      : null;

  return (
    <ListPage<JobRow>
      title={t('queues.title')}
      extra={
        <Button icon={<ReloadOutlined />} onClick={() => void queues.refetch()}>
          {t('common.refresh')}
        </Button>
      }
      lq={lq}
      list={jobs}
      testId="queues"
      tableTitle={t('queues.jobs')}
      emptyText={t('queues.empty')}
      before={
        queues.isError && !queues.data ? (
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
                    onRow={(q) => ({ onClick: () => pick(q.name), style: { cursor: 'pointer' } })}
                    rowClassName={(q) => (q.name === selected ? 'ant-table-row-selected' : '')}
                    data-testid="queues-overview"
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
          </>
        )
      }
      table={{ rowKey: 'id', columns, actions, testId: 'queues-table' }}
    />
  );
}
