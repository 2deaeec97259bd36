import { Alert, Button, Card, Col, Result, Row, Skeleton, Statistic, Table, Tag, Typography } from 'antd';
import { EyeOutlined, RollbackOutlined } from '@ant-design/icons';
import type { CityZoneSummary } from '@yuanan/contracts';
import { useNavigate, useParams } from 'react-router';
import { isApiError } from '../../api/errors.ts';
import { useCityZoneSummary } from '../../api/supervision-queries.ts';
import { useCrumbTitle } from '../../components/app-layout.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { fmtDate, fmtMinute } from '../../components/time.ts';
import { useMessages } from '../../i18n/feature.ts';
import { ColourBar, ColourLegend, pct, useEnterZone, useLeaveZoneView } from './city-bits.tsx';
import { cityMessages } from './messages.ts';

type RedEnterprise = CityZoneSummary['redEnterprises'][number];
type OverdueMajor = CityZoneSummary['overdueMajorHazards'][number];

/**
 * One granted zone at a glance, without entering it: its figures, its red enterprises and its overdue major
 * hazards (first 20 each), and the way in — "进入园区只读查看" swaps to the zone's read-only token.
 */
export function CityZoneSummaryPage() {
  useLeaveZoneView();
  const t = useMessages(cityMessages);
  const navigate = useNavigate();
  const { zoneId } = useParams<{ zoneId: string }>();
  const s = useCityZoneSummary(zoneId);
  const { enter, busy } = useEnterZone();
  useCrumbTitle(s.data?.zone.name ?? null);

  if (s.isError && !s.data) {
    if (isApiError(s.error, 'not_found') || isApiError(s.error, 'validation_failed'))
      return (
        <Result
          status="404"
          title={t('zoneNotFound')}
          extra={<Button onClick={() => navigate('/city/overview')}>{t('backToOverview')}</Button>}
        />
      );
    return <QueryError error={s.error} onRetry={() => void s.refetch()} />;
  }
  if (!s.data)
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 8 }} />
      </Card>
    );
  const d = s.data;
  const f = d.zone.figures;
  const enterButton = (
    <Button
      type="primary"
      icon={<EyeOutlined />}
      loading={busy}
      onClick={() => void enter(d.zone.zoneId)}
      data-testid="city-enter-zone"
    >
      {t('enterRead')}
    </Button>
  );

  return (
    <PageContainer
      title={t('summaryTitle', { zone: d.zone.name })}
      description={
        <span>
          {d.zone.region} · {t('asOf', { time: fmtMinute(d.asOf) })}
        </span>
      }
      extra={
        <>
          <Button icon={<RollbackOutlined />} onClick={() => navigate('/city/overview')}>
            {t('backToOverview')}
          </Button>
          {enterButton}
        </>
      }
    >
      <Alert type="info" showIcon title={t('enterHelp')} />
      <Row gutter={[16, 16]} data-testid="city-zone-figures">
        <Col xs={24} lg={8}>
          <Card size="small" title={t('colours')} style={{ height: '100%' }}>
            <Statistic title={t('enterprises')} value={f.enterprises.total} />
            <div style={{ margin: '8px 0' }}>
              <ColourBar counts={f.enterprises} testId="city-zone-colours" />
            </div>
            <ColourLegend />
          </Card>
        </Col>
        <Col xs={24} lg={16}>
          <Card size="small" style={{ height: '100%' }}>
            <Row gutter={[16, 16]}>
              {(
                [
                  ['hazardsOpen', f.hazards.open, false],
                  ['hazardsOverdue', f.hazards.overdue, true],
                  ['majorOpen', f.hazards.majorOpen, true],
                  ['majorOverdue', f.hazards.majorOverdue, true],
                  ['alarms', f.activeAlarms, true],
                  ['incidents', f.openIncidents, true],
                ] as const
              ).map(([k, v, alarm]) => (
                <Col key={k} xs={12} md={8} xl={6}>
                  <Statistic
                    title={t(k)}
                    value={v}
                    styles={{ content: { color: alarm && v > 0 ? '#d9363e' : undefined } }}
                    data-testid={`city-stat-${k}`}
                  />
                </Col>
              ))}
              {(
                [
                  ['onTimeRate', f.rectification.rate, f.rectification.onTime, f.rectification.closed],
                  ['coverage', f.inspections.rate, f.inspections.done, f.inspections.required],
                ] as const
              ).map(([k, rate, a, b]) => (
                <Col key={k} xs={12} md={8} xl={6}>
                  <Statistic
                    title={t(k)}
                    value={pct(rate)}
                    suffix={
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('ratio', { a, b })}
                      </Typography.Text>
                    }
                  />
                </Col>
              ))}
            </Row>
          </Card>
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          <Card
            size="small"
            title={
              <span>
                {t('redEnterprises')}{' '}
                <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
                  {t('redEnterprisesTop')}
                </Typography.Text>
              </span>
            }
          >
            <Table<RedEnterprise>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={d.redEnterprises}
              locale={{ emptyText: t('noRed') }}
              data-testid="city-red-enterprises"
              columns={[
                {
                  key: 'name',
                  title: t('enterprise'),
                  dataIndex: 'name',
                  ellipsis: true,
                  render: (v: string, e) => (
                    <Button
                      type="link"
                      size="small"
                      style={{ padding: 0, height: 'auto' }}
                      disabled={busy}
                      onClick={() => void enter(d.zone.zoneId, `/enterprises/${e.id}`)}
                      data-testid="city-red-enterprise"
                    >
                      {v}
                    </Button>
                  ),
                },
                { key: 'score', title: t('score'), dataIndex: 'riskScore', width: 80, align: 'right' },
                { key: 'open', title: t('openHazards'), dataIndex: 'openHazards', width: 100, align: 'right' },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card size="small" title={t('overdueMajor')}>
            <Table<OverdueMajor>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={d.overdueMajorHazards}
              locale={{ emptyText: t('noOverdueMajor') }}
              data-testid="city-overdue-major"
              columns={[
                {
                  key: 'code',
                  title: t('hazardCode'),
                  dataIndex: 'code',
                  width: 180,
                  render: (v: string, h) => (
                    <Button
                      type="link"
                      size="small"
                      className="mono"
                      style={{ padding: 0, height: 'auto', whiteSpace: 'nowrap' }}
                      disabled={busy}
                      onClick={() => void enter(d.zone.zoneId, `/hazards/${h.id}`)}
                      data-testid="city-overdue-major-hazard"
                    >
                      {v}
                    </Button>
                  ),
                },
                {
                  key: 'enterprise',
                  title: t('enterprise'),
                  dataIndex: 'enterpriseName',
                  width: 160,
                  ellipsis: true,
                },
                { key: 'description', title: t('description'), dataIndex: 'description', ellipsis: true },
                {
                  key: 'deadline',
                  title: t('deadline'),
                  dataIndex: 'deadline',
                  width: 190,
                  render: (v: string, h) => (
                    <span>
                      {fmtDate(v)} <Tag color="red">{t('overdueDays', { n: h.overdueDays })}</Tag>
                    </span>
                  ),
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </PageContainer>
  );
}
