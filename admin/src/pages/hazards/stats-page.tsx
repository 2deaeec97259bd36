import { useMemo, useState } from 'react';
import { Card, Col, Empty, Row, Select, Skeleton, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import { QuestionCircleOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { Link, useNavigate } from 'react-router';
import { HAZARD_STATUSES } from '@yuanan/contracts';
import { useHazardStats } from '../../api/hazard-queries.ts';
import type { HazardStats } from '../../api/types.ts';
import { barOption, EChart, type ChartOption } from '../../components/echart.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { fmtDate, zoneToday } from '../../components/time.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { useMessages } from '../../i18n/feature.ts';
import { gradeLabel, statusLabel } from './labels.ts';
import { hzMessages } from './messages.ts';

const STATUS_HEX: Record<string, string> = {
  reported: '#faad14',
  confirmed: '#13c2c2',
  rectifying: '#1677ff',
  pending_review: '#722ed1',
  closed: '#52c41a',
  dismissed: '#bfbfbf',
};
type Period = HazardStats['periods'][number];
type EntRow = HazardStats['byEnterprise'][number];

/** 隐患统计: the year by status, category, grade, grid and enterprise; the on-time rate; the reporting periods. */
export function HazardStatsPage() {
  const t = useMessages(hzMessages);
  const { lang } = useI18n();
  const navigate = useNavigate();
  const thisYear = dayjs().year();
  const [year, setYear] = useState(thisYear);
  const s = useHazardStats(year);
  const today = zoneToday();

  const charts = useMemo(() => {
    if (!s.data) return null;
    const d = s.data;
    const statuses = HAZARD_STATUSES.filter((x) => (d.byStatus[x] ?? 0) > 0);
    const grades = Object.entries(d.byGrade).filter(([, n]) => n > 0);
    return {
      status: barOption(
        statuses.map((x) => statusLabel(x, lang)),
        statuses.map((x) => d.byStatus[x] ?? 0),
        { colours: statuses.map((x) => STATUS_HEX[x] ?? '#1f5fbf') },
      ),
      statuses,
      category: barOption(
        d.byCategory.map((c) => c.name),
        d.byCategory.map((c) => c.count),
      ),
      categories: d.byCategory,
      grade: {
        tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
        legend: { bottom: 0, icon: 'circle' },
        series: [
          {
            type: 'pie',
            radius: ['45%', '72%'],
            center: ['50%', '45%'],
            itemStyle: { borderColor: '#fff', borderWidth: 2 },
            label: { show: true, position: 'inside', formatter: '{c}', color: '#fff', fontWeight: 600 },
            data: grades.map(([g, n]) => ({
              name: g === 'none' || g === 'null' ? t('ungraded') : gradeLabel(g, lang),
              value: n,
              itemStyle: { color: g === 'major' ? '#d9363e' : g === 'general' ? '#1677ff' : '#bfbfbf' },
            })),
          },
        ],
      } as ChartOption,
      grid: barOption(
        d.byGrid.map((g) => g.gridName),
        d.byGrid.map((g) => g.count),
        { horizontal: true },
      ),
      gridHeight: Math.max(200, d.byGrid.length * 36 + 40),
    };
  }, [s.data, lang, t]);

  const years = Array.from({ length: 5 }, (_, i) => thisYear - i);
  const head = (
    <Select
      value={year}
      onChange={setYear}
      style={{ width: 120 }}
      options={years.map((y) => ({ value: y, label: lang === 'en' ? String(y) : `${y} 年` }))}
      data-testid="stats-year"
    />
  );

  if (s.isError && !s.data) return <QueryError error={s.error} onRetry={() => void s.refetch()} />;
  if (!s.data || !charts)
    return (
      <PageContainer title={t('statsTitle')} extra={head}>
        <Card>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      </PageContainer>
    );
  const d = s.data;
  const total = Object.values(d.byStatus).reduce((a, b) => a + b, 0);
  const nextDue = d.periods.filter((p) => p.dueOn >= today).sort((a, b) => a.dueOn.localeCompare(b.dueOn))[0];
  const empty = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noData')} />;

  return (
    <PageContainer title={t('statsTitle')} description={t('statsDesc')} extra={head}>
      <Row gutter={[16, 16]}>
        <Col xs={12} xl={6}>
          <Card>
            <Statistic title={t('totalReported')} value={total} data-testid="stats-total" />
          </Card>
        </Col>
        <Col xs={12} xl={6}>
          <Card>
            <Statistic title={t('totalClosed')} value={d.byStatus.closed ?? 0} styles={{ content: { color: '#389e0d' } }} />
          </Card>
        </Col>
        <Col xs={12} xl={6}>
          <Card>
            <Statistic
              title={t('totalMajor')}
              value={d.byGrade.major ?? 0}
              styles={{ content: { color: d.byGrade.major ? '#cf1322' : undefined } }}
            />
          </Card>
        </Col>
        <Col xs={12} xl={6}>
          <Card>
            <Statistic
              title={
                <span>
                  {t('onTimeRate')}{' '}
                  <Tooltip title={t('onTimeHint')}>
                    <QuestionCircleOutlined />
                  </Tooltip>
                </span>
              }
              value={d.onTimeRate == null ? '—' : Math.round(d.onTimeRate * 1000) / 10}
              suffix={d.onTimeRate == null ? undefined : '%'}
              data-testid="stats-ontime"
            />
          </Card>
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card title={t('byStatus')} style={{ height: '100%' }}>
            {total ? (
              <EChart
                option={charts.status}
                height={280}
                testId="stats-status"
                onClick={(p) => {
                  const st = charts.statuses[p.dataIndex];
                  if (st) navigate(`/hazards?status=${st}`);
                }}
              />
            ) : (
              empty
            )}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('byCategory')} style={{ height: '100%' }}>
            {d.byCategory.length ? (
              <EChart
                option={charts.category}
                height={280}
                testId="stats-category"
                onClick={(p) => {
                  const c = charts.categories[p.dataIndex];
                  if (c) navigate(`/hazards?categoryCode=${c.code}`);
                }}
              />
            ) : (
              empty
            )}
          </Card>
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={8}>
          <Card title={t('byGrade')} style={{ height: '100%' }}>
            {total ? <EChart option={charts.grade} height={280} testId="stats-grade" /> : empty}
          </Card>
        </Col>
        <Col xs={24} xl={16}>
          <Card title={t('byGrid')} style={{ height: '100%' }}>
            {d.byGrid.length ? <EChart option={charts.grid} height={charts.gridHeight} testId="stats-grid" /> : empty}
          </Card>
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card title={t('byEnterprise')} style={{ height: '100%' }}>
            <Table<EntRow>
              rowKey="enterpriseId"
              size="small"
              dataSource={d.byEnterprise}
              pagination={d.byEnterprise.length > 10 ? { pageSize: 10 } : false}
              data-testid="stats-enterprises"
              locale={{ emptyText: empty }}
              columns={[
                {
                  title: t('enterprise'),
                  dataIndex: 'enterpriseName',
                  render: (v: string, r) => <Link to={`/hazards?enterpriseId=${r.enterpriseId}`}>{v}</Link>,
                },
                { title: t('count'), dataIndex: 'count', width: 80, align: 'right' },
                {
                  title: t('open'),
                  dataIndex: 'open',
                  width: 80,
                  align: 'right',
                  render: (v: number) => (v ? <Typography.Text type="danger">{v}</Typography.Text> : 0),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('periods')} style={{ height: '100%' }}>
            <Table<Period>
              rowKey="period"
              size="small"
              pagination={false}
              dataSource={d.periods}
              data-testid="stats-periods"
              rowClassName={(p) => (p.period === nextDue?.period ? 'ant-table-row-selected' : '')}
              columns={[
                { title: t('period'), dataIndex: 'label' },
                {
                  title: t('dueOn'),
                  dataIndex: 'dueOn',
                  width: 170,
                  render: (v: string, p) => (
                    <span>
                      {fmtDate(v)}{' '}
                      {p.period === nextDue?.period ? (
                        <Tag color="blue">{t('periodNext')}</Tag>
                      ) : v < today ? (
                        <Tag>{t('periodPast')}</Tag>
                      ) : null}
                    </span>
                  ),
                },
                { title: t('reported'), dataIndex: 'reported', width: 70, align: 'right' },
                { title: t('closed'), dataIndex: 'closed', width: 70, align: 'right' },
                { title: t('major'), dataIndex: 'major', width: 70, align: 'right' },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </PageContainer>
  );
}
