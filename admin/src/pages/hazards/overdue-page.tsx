import { useMemo } from 'react';
import { Card, Col, Row, Statistic, Tag, Typography } from 'antd';
import { ClockCircleOutlined, FieldTimeOutlined, WarningOutlined } from '@ant-design/icons';
import { useHazards } from '../../api/hazard-queries.ts';
import { useTenant } from '../../api/risk-queries.ts';
import { useRealtimeEvent } from '../../api/socket.ts';
import type { Hazard } from '../../api/types.ts';
import { PageContainer } from '../../components/page-container.tsx';
import type { ListColumn } from '../../components/list-page/index.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { useMessages } from '../../i18n/feature.ts';
import { useHazardRowActions } from './hazard-row-actions.tsx';
import { HazardTable } from './hazard-table.tsx';
import { ESCALATION_LEVELS, targetLabel } from './labels.ts';
import { hzMessages } from './messages.ts';

const DEFAULT_STAGES = [
  { offsetSeconds: -3 * 86400, target: 'responsible' },
  { offsetSeconds: -86400, target: 'responsible' },
  { offsetSeconds: 0, target: 'grid_worker' },
  { offsetSeconds: 86400, target: 'safety_office' },
  { offsetSeconds: 3 * 86400, target: 'zone_admin' },
];

/** 逾期督办: overdue hazards, most overdue first, with who the escalation has reached; and those due within 3 days. */
export function OverduePage() {
  const t = useMessages(hzMessages);
  const { lang } = useI18n();
  const tenant = useTenant();
  const row = useHazardRowActions();
  const overdue = useHazards({ overdue: 'true', sort: 'deadline', pageSize: 200 }, { refetchInterval: 60_000 });
  const open = useHazards({ status: 'confirmed,rectifying', sort: 'deadline', pageSize: 200 }, { refetchInterval: 60_000 });
  useRealtimeEvent('hazard.changed', () => {
    void overdue.refetch();
    void open.refetch();
  });
  const policy = tenant.data?.settings.escalationPolicy ?? { stages: DEFAULT_STAGES, majorStartsHigher: true };

  /** The last stage of the zone's escalation policy that has fired for this hazard. */
  const reached = (h: Hazard): string | null => {
    if (!h.deadline) return null;
    const elapsed = (Date.now() - new Date(h.deadline).getTime()) / 1000;
    const fired = policy.stages.filter((s) => s.offsetSeconds <= elapsed).sort((a, b) => a.offsetSeconds - b.offsetSeconds);
    const last = fired[fired.length - 1];
    if (!last) return null;
    const shift = h.grade === 'major' && policy.majorStartsHigher ? 1 : 0;
    const i = Math.min(
      ESCALATION_LEVELS.indexOf(last.target as (typeof ESCALATION_LEVELS)[number]) + shift,
      ESCALATION_LEVELS.length - 1,
    );
    return ESCALATION_LEVELS[i]!;
  };

  const items = overdue.data?.items ?? [];
  const soon = useMemo(
    () =>
      (open.data?.items ?? []).filter((h) => {
        if (!h.deadline || h.overdue) return false;
        const left = new Date(h.deadline).getTime() - Date.now();
        return left >= 0 && left <= 3 * 86_400_000;
      }),
    [open.data],
  );
  const major = items.filter((h) => h.grade === 'major').length;
  const over3 = items.filter((h) => h.overdueDays > 3).length;

  const responsible: ListColumn<Hazard> = {
    key: 'responsible',
    title: t('responsible'),
    dataIndex: 'responsibleName',
    width: 100,
    ellipsis: true,
  };
  const extra: ListColumn<Hazard>[] = [
    {
      title: t('overdue'),
      key: 'days',
      width: 90,
      render: (_: unknown, h: Hazard) => (
        <Typography.Text type="danger" strong>
          {t('overdueDays', { n: h.overdueDays })}
        </Typography.Text>
      ),
    },
    responsible,
    {
      title: t('escalatedTo'),
      key: 'esc',
      width: 110,
      render: (_: unknown, h: Hazard) => {
        const r = reached(h);
        return r ? (
          <Tag color={r === 'zone_admin' ? 'red' : r === 'safety_office' ? 'volcano' : 'orange'}>{targetLabel(r, lang)}</Tag>
        ) : (
          '—'
        );
      },
    },
  ];

  return (
    <PageContainer title={t('overdueTitle')} description={t('overdueDesc')}>
      <Row gutter={[16, 16]}>
        <Col xs={12} xl={6}>
          <Card>
            <Statistic
              title={t('overdueCount')}
              value={items.length}
              prefix={<ClockCircleOutlined />}
              styles={{ content: { color: items.length ? '#cf1322' : undefined } }}
            />
          </Card>
        </Col>
        <Col xs={12} xl={6}>
          <Card>
            <Statistic
              title={t('overdueMajor')}
              value={major}
              prefix={<WarningOutlined />}
              styles={{ content: { color: major ? '#cf1322' : undefined } }}
            />
          </Card>
        </Col>
        <Col xs={12} xl={6}>
          <Card>
            <Statistic title={t('overdue3')} value={over3} />
          </Card>
        </Col>
        <Col xs={12} xl={6}>
          <Card>
            <Statistic
              title={t('dueSoon')}
              value={soon.length}
              prefix={<FieldTimeOutlined />}
              styles={{ content: { color: soon.length ? '#d46b08' : undefined } }}
            />
          </Card>
        </Col>
      </Row>
      <Card title={t('overdueTitle')}>
        <HazardTable
          items={items}
          loading={overdue.isFetching}
          error={overdue.error}
          onRetry={() => void overdue.refetch()}
          extraColumns={extra}
          actions={row.actions}
          testId="overdue-table"
        />
      </Card>
      <Card title={t('dueSoonTitle')}>
        <HazardTable
          items={soon}
          loading={open.isFetching}
          error={open.error}
          onRetry={() => void open.refetch()}
          testId="due-soon-table"
          actions={row.actions}
          extraColumns={[responsible]}
        />
        {row.dialog}
      </Card>
    </PageContainer>
  );
}
