import { Button, Card, Col, Row, Space, Statistic, Tag, Tooltip, Typography } from 'antd';
import { CheckCircleFilled, ExclamationCircleFilled } from '@ant-design/icons';
import { Link } from 'react-router';
import { useHazards } from '../../api/hazard-queries.ts';
import { useRealtimeEvent } from '../../api/socket.ts';
import type { Hazard } from '../../api/types.ts';
import { ListPage, useListQuery, type ListColumn } from '../../components/list-page/index.ts';
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
  const lq = useListQuery({
    pageSize: 200,
    filters: [
      {
        key: 'scope',
        kind: 'segmented',
        defaultValue: 'open',
        testId: 'major-scope',
        options: [
          { value: 'open', label: t('majorOpen') },
          { value: 'closed', label: t('majorClosed') },
          { value: 'all', label: t('majorAll') },
        ],
      },
    ],
  });
  const scope = (lq.filters.scope ?? 'open') as Scope;
  const list = useHazards({ grade: 'major', status: STATUS[scope], sort: 'deadline', page: lq.page, pageSize: lq.pageSize });
  useRealtimeEvent('hazard.changed', () => void list.refetch());
  const items = list.data?.items ?? [];
  const open = items.filter((h) => h.status !== 'closed' && h.status !== 'dismissed');
  const columns: ListColumn<Hazard>[] = [
    {
      key: 'code',
      title: t('code'),
      dataIndex: 'code',
      width: 160,
      fixed: 'left',
      render: (v: string, h) => (
        <Link to={`/hazards/${h.id}`} className="mono" style={{ whiteSpace: 'nowrap' }}>
          {v}
        </Link>
      ),
    },
    {
      key: 'enterprise',
      title: t('enterprise'),
      dataIndex: 'enterpriseName',
      width: 150,
      ellipsis: { tip: (h) => h.enterpriseName },
      render: (v: string, h) => <Link to={`/enterprises/${h.enterpriseId}?tab=hazards`}>{v}</Link>,
    },
    { key: 'description', title: t('description'), dataIndex: 'description', width: 170, grow: true, ellipsis: { rows: 2 } },
    {
      key: 'status',
      title: t('status'),
      dataIndex: 'status',
      width: 84,
      render: (s: Hazard['status']) => <StatusTag status={s} />,
    },
    { key: 'deadline', title: t('deadline'), width: 140, priority: 2, render: (_: unknown, h) => <DeadlineCell hazard={h} /> },
    {
      key: 'plan',
      title: t('plan'),
      width: 100,
      priority: 3,
      render: (_: unknown, h) => <Check ok={!!h.governancePlan} text={t('plan')} missing={t('planMissing')} />,
    },
    {
      key: 'supervision',
      title: t('supervision'),
      width: 130,
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
      key: 'reported',
      title: t('reportedToAuthority'),
      width: 150,
      render: (_: unknown, h) => (
        <Check ok={!!h.reportedToAuthorityAt} text={fmtDate(h.reportedToAuthorityAt)} missing={t('majorUnreported')} />
      ),
    },
    {
      key: 'acceptance',
      title: t('acceptance'),
      width: 170,
      priority: 3,
      ellipsis: true,
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
  ];
  return (
    <ListPage<Hazard>
      title={t('majorBoardTitle')}
      description={t('majorBoardDesc')}
      lq={lq}
      list={list}
      testId="major"
      emptyText={t('majorEmpty')}
      before={
        <Row gutter={[16, 16]}>
          <Col xs={12} xl={6}>
            <Card>
              <Statistic title={t('majorCount')} value={list.data?.total ?? items.length} />
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
      }
      table={{
        rowKey: 'id',
        columns,
        testId: 'major-table',
        actions: {
          width: 90,
          title: '',
          render: (h) => (
            <Link to={`/hazards/${h.id}`}>
              <Button size="small" type="link">
                {t('handle')}
              </Button>
            </Link>
          ),
        },
      }}
    />
  );
}
