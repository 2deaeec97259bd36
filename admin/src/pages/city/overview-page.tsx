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

  /** A right-aligned, sortable count; `alarming`: above zero it is drawn red (overdue, major, alarms). */
  const count = (key: string, title: string, width: number, pick: (f: CityFigures) => number, testId: string, alarming = true) =>
    ({
      key,
      title,
      width,
      align: 'right',
      sorter: by(pick),
      render: (_: unknown, r: Row) =>
        alarming ? <Alarming n={pick(r.figures)} testId={testId} /> : <span data-testid={testId}>{pick(r.figures)}</span>,
    }) as const;

  /** A rate (a ÷ b as a percentage, the two counts on hover), sortable, its title explained on hover. */
  const rate = <K extends string>(
    key: string,
    title: string,
    help: string,
    pick: (f: CityFigures) => Record<K, number> & { rate: number | null },
    a: K,
    b: K,
    testId: string,
  ) =>
    ({
      key,
      title: <HelpTitle title={title} help={help} />,
      width: 110,
      align: 'right',
      sorter: by((f) => pick(f).rate),
      render: (_: unknown, r: Row) => {
        const v = pick(r.figures);
        return (
          <Tooltip title={t('ratio', { a: v[a], b: v[b] })}>
            <span data-testid={testId}>{pct(v.rate)}</span>
          </Tooltip>
        );
      },
    }) as const;

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
    count('enterprises', t('enterprises'), 70, (f) => f.enterprises.total, 'cell-enterprises', false),
    {
      key: 'colours',
      title: t('colours'),
      width: 180,
      sorter: by((f) => f.enterprises.red),
      render: (_, r) => <ColourBar counts={r.figures.enterprises} max={r.totals ? undefined : max} testId="cell-colours" />,
    },
    count('open', t('hazardsOpen'), 100, (f) => f.hazards.open, 'cell-open', false),
    count('overdue', t('hazardsOverdue'), 70, (f) => f.hazards.overdue, 'cell-overdue'),
    count('majorOpen', t('majorOpen'), 84, (f) => f.hazards.majorOpen, 'cell-major'),
    count('majorOverdue', t('majorOverdue'), 84, (f) => f.hazards.majorOverdue, 'cell-major-overdue'),
    rate('onTime', t('onTimeRate'), t('onTimeHelp'), (f) => f.rectification, 'onTime', 'closed', 'cell-ontime'),
    rate('coverage', t('coverage'), t('coverageHelp'), (f) => f.inspections, 'done', 'required', 'cell-coverage'),
    count('alarms', t('alarms'), 76, (f) => f.activeAlarms, 'cell-alarms'),
    count('incidents', t('incidents'), 90, (f) => f.openIncidents, 'cell-incidents'),
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
