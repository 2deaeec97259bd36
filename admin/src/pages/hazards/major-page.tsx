import { useState } from 'react';
import { Button, Card, Col, Row, Segmented, Space, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import { CheckCircleFilled, ExclamationCircleFilled } from '@ant-design/icons';
import { Link } from 'react-router';
import { useHazards } from '../../api/hazard-queries.ts';
import { useRealtimeEvent } from '../../api/socket.ts';
import type { Hazard } from '../../api/types.ts';
import { PageContainer } from '../../components/page-container.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { fmtDate } from '../../components/time.ts';
import { useMessages } from '../../i18n/feature.ts';
import { DeadlineCell, StatusTag } from './hazard-bits.tsx';
import { hzMessages } from './messages.ts';

type Scope = 'open' | 'closed' | 'all';
const STATUS: Record<Scope, string | undefined> = {
  open: 'reported,confirmed,rectifying,pending_review',
  closed: 'closed',
  all: undefined,
};

function Check({ ok, text, missing }: { ok: boolean; text?: React.ReactNode; missing: string }) {
  return ok ? (
    <Space size={4}>
      <CheckCircleFilled style={{ color: '#52c41a' }} />
      {text}
    </Space>
  ) : (
    <Space size={4}>
      <ExclamationCircleFilled style={{ color: '#fa8c16' }} />
      <Typography.Text type="warning">{missing}</Typography.Text>
    </Space>
  );
}

/** 重大隐患督办: every major hazard with its plan, listing, report and acceptance, and what is missing. */
export function MajorPage() {
  const t = useMessages(hzMessages);
  const [scope, setScope] = useState<Scope>('open');
  const list = useHazards({ grade: 'major', status: STATUS[scope], sort: 'deadline', pageSize: 200 });
  useRealtimeEvent('hazard.changed', () => void list.refetch());
  const items = list.data?.items ?? [];
  const open = items.filter((h) => h.status !== 'closed' && h.status !== 'dismissed');
  return (
    <PageContainer title={t('majorBoardTitle')} description={t('majorBoardDesc')}>
      <Row gutter={[16, 16]}>
        <Col xs={12} xl={6}>
          <Card>
            <Statistic title={t('majorCount')} value={items.length} />
          </Card>
        </Col>
        <Col xs={12} xl={6}>
          <Card>
            <Statistic
              title={t('majorNoPlan')}
              value={open.filter((h) => !h.governancePlan).length}
              styles={{ content: { color: '#d46b08' } }}
            />
          </Card>
        </Col>
        <Col xs={12} xl={6}>
          <Card>
            <Statistic
              title={t('majorUnlisted')}
              value={open.filter((h) => !h.supervision).length}
              styles={{ content: { color: '#d46b08' } }}
            />
          </Card>
        </Col>
        <Col xs={12} xl={6}>
          <Card>
            <Statistic title={t('majorAwaiting')} value={open.filter((h) => h.acceptanceRequestedAt && !h.acceptedAt).length} />
          </Card>
        </Col>
      </Row>
      <Card
        title={
          <Segmented<Scope>
            value={scope}
            onChange={setScope}
            options={[
              { value: 'open', label: t('majorOpen') },
              { value: 'closed', label: t('majorClosed') },
              { value: 'all', label: t('majorAll') },
            ]}
          />
        }
      >
        {list.isError && !list.data ? (
          <QueryError error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<Hazard>
            rowKey="id"
            loading={list.isFetching}
            dataSource={items}
            pagination={false}
            scroll={{ x: 1300 }}
            data-testid="major-table"
            locale={{ emptyText: t('majorEmpty') }}
            columns={[
              {
                title: t('code'),
                dataIndex: 'code',
                width: 150,
                fixed: 'left',
                render: (v: string, h) => (
                  <Link to={`/hazards/${h.id}`} className="mono">
                    {v}
                  </Link>
                ),
              },
              {
                title: t('enterprise'),
                dataIndex: 'enterpriseName',
                width: 190,
                render: (v: string, h) => <Link to={`/enterprises/${h.enterpriseId}?tab=hazards`}>{v}</Link>,
              },
              {
                title: t('description'),
                dataIndex: 'description',
                render: (v: string) => (
                  <Typography.Paragraph ellipsis={{ rows: 2, tooltip: v }} style={{ margin: 0, minWidth: 180 }}>
                    {v}
                  </Typography.Paragraph>
                ),
              },
              { title: t('status'), dataIndex: 'status', width: 90, render: (s: Hazard['status']) => <StatusTag status={s} /> },
              { title: t('deadline'), key: 'dl', width: 170, render: (_: unknown, h) => <DeadlineCell hazard={h} /> },
              {
                title: t('plan'),
                key: 'plan',
                width: 110,
                render: (_: unknown, h) => <Check ok={!!h.governancePlan} text={t('plan')} missing={t('planMissing')} />,
              },
              {
                title: t('supervision'),
                key: 'sup',
                width: 170,
                render: (_: unknown, h) =>
                  h.supervision ? (
                    <Tooltip title={`${fmtDate(h.supervision.listedAt)} ${h.supervision.listedByName ?? ''}`}>
                      <Tag color={h.supervision.cancelledAt ? 'green' : 'volcano'}>
                        {h.supervision.cancelledAt ? t('supervisedCancelled') : h.supervision.ledgerNo}
                      </Tag>
                    </Tooltip>
                  ) : (
                    <Check ok={false} missing={t('majorUnlisted')} />
                  ),
              },
              {
                title: t('reportedToAuthority'),
                key: 'rep',
                width: 140,
                render: (_: unknown, h) => (
                  <Check ok={!!h.reportedToAuthorityAt} text={fmtDate(h.reportedToAuthorityAt)} missing={t('majorUnreported')} />
                ),
              },
              {
                title: t('acceptance'),
                key: 'acc',
                width: 180,
                render: (_: unknown, h) =>
                  h.acceptedAt ? (
                    <Tag color="green">{t('acceptanceDone', { at: fmtDate(h.acceptedAt) })}</Tag>
                  ) : h.acceptanceRequestedAt ? (
                    <Tag color="purple">
                      {t('acceptanceRequested', { at: fmtDate(h.acceptanceRequestedAt), due: fmtDate(h.acceptanceDueAt) })}
                    </Tag>
                  ) : (
                    <Typography.Text type="secondary">{t('acceptanceNone')}</Typography.Text>
                  ),
              },
              {
                title: '',
                key: 'go',
                width: 100,
                fixed: 'right',
                render: (_: unknown, h) => (
                  <Link to={`/hazards/${h.id}`}>
                    <Button size="small" type="link">
                      {t('handle')}
                    </Button>
                  </Link>
                ),
              },
            ]}
          />
        )}
      </Card>
    </PageContainer>
  );
}
