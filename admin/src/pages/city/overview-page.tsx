import { useMemo, type ReactNode } from 'react';
import { Button, Card, Empty, Flex, Table, Tooltip, Typography, type TableColumnsType } from 'antd';
import { QuestionCircleOutlined, ReloadOutlined } from '@ant-design/icons';
import type { CityFigures, CityZoneFigures } from '@yuanan/contracts';
import { Link } from 'react-router';
import { useCityOverview } from '../../api/supervision-queries.ts';
import { PageContainer } from '../../components/page-container.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { fmtMinute } from '../../components/time.ts';
import { useMessages } from '../../i18n/feature.ts';
import { ColourBar, ColourLegend, pct, useLeaveZoneView } from './city-bits.tsx';
import { NoZonesNotice } from '../supervision/no-zones-notice.tsx';
import { cityMessages } from './messages.ts';

type Row = CityZoneFigures & { totals?: boolean };

/** A count that matters when above zero (overdue, major): red then. */
function Alarming({ n, testId }: { n: number; testId?: string }) {
  return (
    <Typography.Text type={n > 0 ? 'danger' : 'secondary'} strong={n > 0} data-testid={testId}>
      {n}
    </Typography.Text>
  );
}

function HelpTitle({ title, help }: { title: string; help: string }) {
  return (
    <Tooltip title={help}>
      <span>
        {title} <QuestionCircleOutlined style={{ color: 'rgba(0,0,0,0.45)' }} />
      </span>
    </Tooltip>
  );
}

const by = (f: (x: CityFigures) => number | null) => (a: Row, b: Row) => (f(a.figures) ?? -1) - (f(b.figures) ?? -1);

/**
 * 城市总览: every zone granted to the bureau side by side — enterprises by colour, open / overdue / major hazards,
 * the on-time rate, this month's inspection coverage, alarms and incidents — sortable, with the totals. A zone's
 * name opens its summary.
 */
export function CityOverviewPage() {
  useLeaveZoneView();
  const t = useMessages(cityMessages);
  const o = useCityOverview();
  const max = useMemo(() => Math.max(0, ...(o.data?.zones ?? []).map((z) => z.figures.enterprises.total)), [o.data]);

  const columns: TableColumnsType<Row> = [
    {
      key: 'zone',
      title: t('zone'),
      dataIndex: 'name',
      width: 150,
      sorter: (a, b) => a.name.localeCompare(b.name, 'zh-CN'),
      render: (name: string, r) =>
        r.totals ? (
          <Typography.Text strong>{t('totals')}</Typography.Text>
        ) : (
          <Flex vertical>
            <Link to={`/city/zones/${r.zoneId}`} data-testid={`city-zone-link-${r.code}`}>
              <Typography.Text strong style={{ color: 'inherit' }}>
                {name}
              </Typography.Text>
            </Link>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {r.region}
            </Typography.Text>
          </Flex>
        ),
    },
    {
      key: 'enterprises',
      title: t('enterprises'),
      width: 70,
      align: 'right',
      sorter: by((f) => f.enterprises.total),
      render: (_, r) => <span data-testid="cell-enterprises">{r.figures.enterprises.total}</span>,
    },
    {
      key: 'colours',
      title: t('colours'),
      width: 180,
      sorter: by((f) => f.enterprises.red),
      render: (_, r) => <ColourBar counts={r.figures.enterprises} max={r.totals ? undefined : max} testId="cell-colours" />,
    },
    {
      key: 'open',
      title: t('hazardsOpen'),
      width: 100,
      align: 'right',
      sorter: by((f) => f.hazards.open),
      render: (_, r) => <span data-testid="cell-open">{r.figures.hazards.open}</span>,
    },
    {
      key: 'overdue',
      title: t('hazardsOverdue'),
      width: 70,
      align: 'right',
      sorter: by((f) => f.hazards.overdue),
      render: (_, r) => <Alarming n={r.figures.hazards.overdue} testId="cell-overdue" />,
    },
    {
      key: 'majorOpen',
      title: t('majorOpen'),
      width: 84,
      align: 'right',
      sorter: by((f) => f.hazards.majorOpen),
      render: (_, r) => <Alarming n={r.figures.hazards.majorOpen} testId="cell-major" />,
    },
    {
      key: 'majorOverdue',
      title: t('majorOverdue'),
      width: 84,
      align: 'right',
      sorter: by((f) => f.hazards.majorOverdue),
      render: (_, r) => <Alarming n={r.figures.hazards.majorOverdue} testId="cell-major-overdue" />,
    },
    {
      key: 'onTime',
      title: <HelpTitle title={t('onTimeRate')} help={t('onTimeHelp')} />,
      width: 110,
      align: 'right',
      sorter: by((f) => f.rectification.rate),
      render: (_, r) => (
        <Tooltip title={t('ratio', { a: r.figures.rectification.onTime, b: r.figures.rectification.closed })}>
          <span data-testid="cell-ontime">{pct(r.figures.rectification.rate)}</span>
        </Tooltip>
      ),
    },
    {
      key: 'coverage',
      title: <HelpTitle title={t('coverage')} help={t('coverageHelp')} />,
      width: 110,
      align: 'right',
      sorter: by((f) => f.inspections.rate),
      render: (_, r) => (
        <Tooltip title={t('ratio', { a: r.figures.inspections.done, b: r.figures.inspections.required })}>
          <span data-testid="cell-coverage">{pct(r.figures.inspections.rate)}</span>
        </Tooltip>
      ),
    },
    {
      key: 'alarms',
      title: t('alarms'),
      width: 76,
      align: 'right',
      sorter: by((f) => f.activeAlarms),
      render: (_, r) => <Alarming n={r.figures.activeAlarms} testId="cell-alarms" />,
    },
    {
      key: 'incidents',
      title: t('incidents'),
      width: 90,
      align: 'right',
      sorter: by((f) => f.openIncidents),
      render: (_, r) => <Alarming n={r.figures.openIncidents} testId="cell-incidents" />,
    },
  ];

  const body = () => {
    if (o.isError && !o.data) return <QueryError error={o.error} onRetry={() => void o.refetch()} />;
    if (o.data && o.data.zones.length === 0) return <NoZonesNotice />;
    return (
      <Table<Row>
        rowKey="zoneId"
        size="middle"
        loading={o.isFetching && !o.data}
        dataSource={o.data?.zones ?? []}
        columns={columns}
        pagination={false}
        // Fits the console's width (headers wrap in English) rather than scrolling sideways past the last columns.
        tableLayout="auto"
        locale={{ emptyText: <Empty description={t('noZones')} /> }}
        onRow={(r) => ({ 'data-testid': `city-row-${r.code}`, 'data-zone-id': r.zoneId }) as object}
        summary={() =>
          o.data && o.data.zones.length > 1 ? (
            <Table.Summary fixed="bottom">
              <Table.Summary.Row data-testid="city-row-totals">
                {columns.map((c, i) => (
                  <Table.Summary.Cell key={String(c.key)} index={i} align={c.align}>
                    {(c.render as (v: unknown, r: Row, i: number) => ReactNode)(
                      undefined,
                      { zoneId: 'totals', code: 'totals', name: '', region: '', figures: o.data!.totals, totals: true },
                      -1,
                    )}
                  </Table.Summary.Cell>
                ))}
              </Table.Summary.Row>
            </Table.Summary>
          ) : null
        }
        data-testid="city-overview-table"
      />
    );
  };

  return (
    <PageContainer
      title={t('overviewTitle')}
      description={t('overviewDesc')}
      extra={
        <Button icon={<ReloadOutlined />} loading={o.isFetching} onClick={() => void o.refetch()}>
          {t('refresh')}
        </Button>
      }
    >
      <Card
        title={
          <Flex align="center" gap={16} wrap>
            <ColourLegend />
          </Flex>
        }
        extra={
          o.data && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="city-asof">
              {t('asOf', { time: fmtMinute(o.data.asOf) })}
            </Typography.Text>
          )
        }
        styles={{ body: { padding: 0 } }}
      >
        {body()}
      </Card>
    </PageContainer>
  );
}
