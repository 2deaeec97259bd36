import { useMemo } from 'react';
import { Card, Col, Empty, Row, Skeleton, Statistic, Table, Typography } from 'antd';
import { CarryOutOutlined, DiffOutlined, ShopOutlined, WarningOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import { useDashboard, usePalette } from '../../api/risk-queries.ts';
import type { Dashboard, RiskColour } from '../../api/types.ts';
import { EChart, type ChartOption } from '../../components/echart.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { COLOURS, ColourTag, useColourLabel } from '../../components/risk-colour.tsx';
import { fmtDate } from '../../components/time.ts';
import { useMessages } from '../../i18n/feature.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { riskMessages } from './messages.ts';

const NONE = '#bfbfbf';
type Key = RiskColour | 'none';
const KEYS: Key[] = [...COLOURS, 'none'];

/** 风险看板: the zone's colours at a glance, where they are, and what needs doing. */
export function RiskDashboardPage() {
  const t = useMessages(riskMessages);
  const { lang } = useI18n();
  const navigate = useNavigate();
  const palette = usePalette();
  const colourLabel = useColourLabel();
  const d = useDashboard();
  const label = (k: Key) => (k === 'none' ? colourLabel(null) : colourLabel(k));
  const colour = (k: Key) => (k === 'none' ? NONE : palette[k].color);

  const charts = useMemo(() => {
    if (!d.data) return null;
    const x: Dashboard = d.data;
    const slices = KEYS.filter((k) => (x.byColour[k] ?? 0) > 0).map((k) => ({
      name: label(k),
      value: x.byColour[k] ?? 0,
      itemStyle: { color: colour(k) },
    }));
    const countOf = new Map(slices.map((sl) => [sl.name, sl.value]));
    const pie: ChartOption = {
      tooltip: { trigger: 'item', formatter: t('pieTip') },
      legend: { bottom: 0, icon: 'circle', formatter: (name: string) => `${name}  ${countOf.get(name) ?? 0}` },
      title: {
        text: String(x.total),
        subtext: t('total'),
        left: 'center',
        top: '36%',
        textStyle: { fontSize: 26, fontWeight: 600, color: '#1f2a37' },
        subtextStyle: { fontSize: 12, color: '#8c8c8c' },
      },
      series: [
        {
          type: 'pie',
          radius: ['50%', '74%'],
          center: ['50%', '45%'],
          itemStyle: { borderColor: '#fff', borderWidth: 2 },
          label: { show: false },
          data: slices,
        },
      ],
    };
    const stacked = (cats: string[], rows: Array<Record<string, number>>): ChartOption => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { bottom: 0, icon: 'circle' },
      grid: { left: 8, right: 24, top: 8, bottom: 36, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: cats, inverse: true, axisLabel: { width: 150, overflow: 'truncate' } },
      series: KEYS.filter((k) => rows.some((r) => (r[k] ?? 0) > 0)).map((k) => ({
        name: label(k),
        type: 'bar',
        stack: 'all',
        barMaxWidth: 22,
        itemStyle: { color: colour(k) },
        data: rows.map((r) => r[k] ?? 0),
      })),
    });
    const industries = [...x.byIndustry]
      .map((i) => ({ ...i, n: Object.values(i.counts).reduce((a, b) => a + b, 0) }))
      .sort((a, b) => b.n - a.n)
      .slice(0, 10);
    return {
      pie,
      grid: stacked(
        x.byGrid.map((g) => g.gridName),
        x.byGrid.map((g) => g.counts),
      ),
      gridIds: x.byGrid.map((g) => g.gridId),
      industry: stacked(
        // The standard's category names are Chinese (GB/T 4754 has no official English); only "not given" is ours.
        industries.map((i) => (lang === 'en' && !i.code ? 'Not given' : i.industry)),
        industries.map((i) => i.counts),
      ),
      industryHeight: Math.max(240, industries.length * 34 + 60),
      gridHeight: Math.max(200, x.byGrid.length * 40 + 60),
    };
  }, [d.data, palette, t, lang]);

  if (d.isError && !d.data) return <QueryError error={d.error} onRetry={() => void d.refetch()} />;
  if (!d.data || !charts)
    return (
      <PageContainer title={t('dashTitle')}>
        <Card>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      </PageContainer>
    );
  const x = d.data;
  const redOrange = (x.byColour.red ?? 0) + (x.byColour.orange ?? 0);
  return (
    <PageContainer title={t('dashTitle')} description={t('dashDesc')}>
      <Row gutter={[16, 16]}>
        <Col xs={12} xl={6}>
          <Card hoverable onClick={() => navigate('/enterprises')}>
            <Statistic title={t('total')} value={x.total} prefix={<ShopOutlined />} suffix={t('unitEnt')} />
          </Card>
        </Col>
        <Col xs={12} xl={6}>
          <Card hoverable onClick={() => navigate('/enterprises?sort=-riskScore')}>
            <Statistic
              title={t('redOrange')}
              value={redOrange}
              prefix={<WarningOutlined />}
              suffix={t('unitEnt')}
              styles={{ content: { color: redOrange ? palette.orange.color : undefined } }}
            />
          </Card>
        </Col>
        <Col xs={12} xl={6}>
          <Card hoverable onClick={() => navigate('/tasks')} data-testid="dash-tasks">
            <Statistic title={t('openTasks')} value={x.openTasks} prefix={<CarryOutOutlined />} suffix={t('unitItem')} />
          </Card>
        </Col>
        <Col xs={12} xl={6}>
          <Card hoverable onClick={() => navigate('/enterprises/changes')} data-testid="dash-changes">
            <Statistic
              title={t('pendingChanges')}
              value={x.pendingChanges}
              prefix={<DiffOutlined />}
              suffix={t('unitItem')}
              styles={{ content: { color: x.pendingChanges ? '#d48806' : undefined } }}
            />
          </Card>
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={8}>
          <Card title={t('byColour')} style={{ height: '100%' }}>
            {x.total ? (
              <EChart
                option={charts.pie}
                height={300}
                testId="dash-pie"
                onClick={(p) => {
                  const k = KEYS.find((c) => label(c) === p.name);
                  if (k && k !== 'none') navigate(`/enterprises?colour=${k}`);
                }}
              />
            ) : (
              <Empty description={t('noData')} />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={16}>
          <Card title={t('byGrid')} style={{ height: '100%' }}>
            <EChart
              option={charts.grid}
              height={charts.gridHeight}
              testId="dash-grid"
              onClick={(p) => {
                const id = charts.gridIds[p.dataIndex];
                if (id) navigate(`/enterprises?gridId=${id}`);
              }}
            />
          </Card>
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card title={t('byIndustry')} style={{ height: '100%' }}>
            <EChart option={charts.industry} height={charts.industryHeight} testId="dash-industry" />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card
            title={t('highest')}
            style={{ height: '100%' }}
            extra={<Link to="/enterprises?sort=-riskScore">{t('viewAll')}</Link>}
          >
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={x.highestRisk}
              data-testid="dash-highest"
              columns={[
                {
                  title: t('enterprise'),
                  dataIndex: 'name',
                  render: (v: string, r) => <Link to={`/enterprises/${r.id}?tab=colour`}>{v}</Link>,
                },
                {
                  title: t('colour'),
                  dataIndex: 'colour',
                  width: 130,
                  render: (c: RiskColour | null, r) => <ColourTag colour={c} score={r.score} />,
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <Card title={t('certsExpiring')}>
        {x.certificatesExpiringSoon.length ? (
          <Table
            rowKey="id"
            size="small"
            pagination={x.certificatesExpiringSoon.length > 10 ? { pageSize: 10 } : false}
            dataSource={x.certificatesExpiringSoon}
            columns={[
              {
                title: t('enterprise'),
                dataIndex: 'enterpriseName',
                render: (v: string, r) => <Link to={`/enterprises/${r.enterpriseId}?tab=certificates`}>{v}</Link>,
              },
              { title: t('certPerson'), dataIndex: 'personName', width: 120 },
              { title: t('certCategory'), dataIndex: 'category', width: 200 },
              {
                title: t('certExpires'),
                dataIndex: 'expiresOn',
                width: 130,
                render: (v: string) => <Typography.Text type="warning">{fmtDate(v)}</Typography.Text>,
              },
            ]}
          />
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noData')} />
        )}
      </Card>
    </PageContainer>
  );
}
