import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { Alert, App, Button, Card, Flex, Select, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { DownloadOutlined, QuestionCircleOutlined } from '@ant-design/icons';
import type { CityHazardPeriodFigures } from '@yuanan/contracts';
import { mainClient } from '../../api/client.ts';
import { downloadFile } from '../../api/download.ts';
import { errorText } from '../../api/errors.ts';
import { useCityHazardStats } from '../../api/supervision-queries.ts';
import { PageContainer } from '../../components/page-container.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { fmtMinute, zoneToday } from '../../components/time.ts';
import { useMessages } from '../../i18n/feature.ts';
import { pct, useLeaveZoneView } from './city-bits.tsx';
import { cityMessages } from './messages.ts';
import { NoZonesNotice } from '../supervision/no-zones-notice.tsx';

interface Row extends CityHazardPeriodFigures {
  key: string;
  zoneName: string;
  /** Rows the zone's name spans (its first period's row), 0 for the others. */
  span: number;
  totals: boolean;
  periodLabel: string;
}

/** A year the api takes (contracts cityHazardStatsQuery): four digits, 2000–2100. */
const YEAR = /^(20\d\d|2100)$/;
/** The figure columns a period not started spans with 未开始. */
const FIGURES = 9;

/**
 * 隐患统计 across the granted zones: for the chosen year (`?year=`, shareable), each zone's quarters and the whole
 * year — reported (general / major), closed, closed with a deadline, closed on time and the rate (on time ÷ closed
 * with a deadline), open and overdue at the period's end (as
 * of today for the period under way; nothing for one not started) — with the totals; 导出 Excel. A wrong year in the
 * address is said once, on the page: nothing is asked of the api and the export waits for a good year. A bureau
 * with no zone (never granted, or its grants ended) sees NoZonesNotice and cannot export. The column headers are the
 * workbook's (api city-stats-export CITY_STATS_HEADER), so the page and the export read alike.
 */
export function CityHazardStatsPage() {
  useLeaveZoneView();
  const t = useMessages(cityMessages);
  const { message } = App.useApp();
  const [sp, setSp] = useSearchParams();
  const thisYear = Number(zoneToday().slice(0, 4));
  const raw = sp.get('year');
  const year = raw == null ? thisYear : YEAR.test(raw) ? Number(raw) : null;
  const s = useCityHazardStats(year);
  const [exporting, setExporting] = useState(false);

  const labels = new Map((s.data?.periods ?? []).map((p) => [p.period, p.label]));
  const rows: Row[] = [];
  const add = (zoneKey: string, zoneName: string, periods: CityHazardPeriodFigures[], totals: boolean) =>
    periods.forEach((p, i) =>
      rows.push({
        ...p,
        key: `${zoneKey}:${p.period}`,
        zoneName,
        span: i === 0 ? periods.length : 0,
        totals,
        periodLabel: labels.get(p.period) ?? p.period,
      }),
    );
  // A bureau with no zone to read (never granted, or its grants ended) gets the city views' notice, not an empty
  // table, and nothing to export.
  const noZones = s.data != null && s.data.zones.length === 0;
  for (const z of s.data?.zones ?? []) add(z.zoneId, z.name, z.periods, false);
  if ((s.data?.zones.length ?? 0) > 1) add('totals', t('totals'), s.data!.totals, true);

  const exportXlsx = async () => {
    if (year == null) return;
    setExporting(true);
    try {
      const name = await downloadFile(mainClient, mainClient.supervision.hazardStatsExportUrl(year), `隐患统计-${year}.xlsx`);
      message.success(t('exported', { name }));
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setExporting(false);
    }
  };

  // A period not started shows 未开始 once across the figure columns (its zeros are no figures).
  const notStarted = (first: boolean) => (r: Row) => (r.notStarted ? { colSpan: first ? FIGURES : 0 } : {});
  const num = (k: keyof CityHazardPeriodFigures, title: string, danger = false, first = false) => ({
    key: k,
    title,
    dataIndex: k,
    width: 90,
    align: 'right' as const,
    onCell: (r: Row) => ({ ...notStarted(first)(r), 'data-testid': `cell-${k}` }),
    render: (v: number, r: Row) =>
      r.notStarted ? (
        <Typography.Text type="secondary" data-testid="city-stats-not-started">
          {t('notStarted')}
        </Typography.Text>
      ) : danger && v > 0 ? (
        <Typography.Text type="danger" strong>
          {v}
        </Typography.Text>
      ) : (
        v
      ),
  });
  const columns: TableColumnsType<Row> = [
    {
      key: 'zone',
      title: t('zone'),
      dataIndex: 'zoneName',
      width: 150,
      onCell: (r) => ({ rowSpan: r.span }),
      render: (v: string) => <Typography.Text strong>{v}</Typography.Text>,
    },
    {
      key: 'period',
      title: t('period'),
      dataIndex: 'periodLabel',
      width: 190,
      // The year's row (period `2026`, quarters are `2026-Q1`…) stands out; a period under way says its end
      // figures are as of today.
      render: (v: string, r) => (
        <Flex gap={4} align="center" wrap={false}>
          {r.period.includes('Q') ? v : <Typography.Text strong>{v}</Typography.Text>}
          {r.asOfToday && !r.notStarted && (
            <Tooltip title={t('asOfTodayHelp')}>
              <Tag color="blue" style={{ marginInlineEnd: 0 }} data-testid="city-stats-as-of-today">
                {t('asOfToday')}
              </Tag>
            </Tooltip>
          )}
        </Flex>
      ),
    },
    num('reported', t('reported'), false, true),
    num('general', t('general')),
    num('major', t('major'), true),
    num('closed', t('closed')),
    num('closedWithDeadline', t('closedWithDeadline')),
    num('closedOnTime', t('closedOnTime')),
    {
      key: 'rate',
      title: (
        <Tooltip title={t('rateHelp')}>
          <span data-testid="city-stats-rate-title">
            {t('rate')} <QuestionCircleOutlined style={{ color: 'rgba(0,0,0,0.45)' }} />
          </span>
        </Tooltip>
      ),
      dataIndex: 'onTimeRate',
      width: 90,
      align: 'right',
      onCell: notStarted(false),
      render: (v: number | null) => pct(v),
    },
    num('openAtEnd', t('openAtEnd')),
    num('overdueAtEnd', t('overdueAtEnd'), true),
  ];

  return (
    <PageContainer
      title={t('statsTitle')}
      description={t('statsDesc')}
      extra={
        <Button
          icon={<DownloadOutlined />}
          loading={exporting}
          disabled={year == null || s.isError || noZones}
          onClick={() => void exportXlsx()}
          data-testid="city-stats-export"
        >
          {t('exportExcel')}
        </Button>
      }
    >
      <Card
        size="small"
        title={
          <Flex align="center" gap={8}>
            {t('year')}
            <Select
              value={year ?? undefined}
              onChange={(y: number) => setSp({ year: String(y) })}
              style={{ width: 110 }}
              options={[
                ...new Set([
                  ...(year != null && year > thisYear ? [year] : []),
                  ...Array.from({ length: 6 }, (_, i) => thisYear - i),
                ]),
                ...(year != null && year < thisYear - 5 ? [year] : []),
              ].map((y) => ({ value: y, label: String(y) }))}
              data-testid="city-stats-year"
            />
          </Flex>
        }
        extra={
          s.data && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('asOf', { time: fmtMinute(s.data.asOf) })}
            </Typography.Text>
          )
        }
        styles={{ body: { padding: 0 } }}
      >
        {year == null ? (
          <Alert
            type="error"
            showIcon
            title={t('badYear', { year: raw ?? '' })}
            style={{ margin: 12 }}
            data-testid="city-stats-bad-year"
          />
        ) : s.isError && !s.data ? (
          <QueryError error={s.error} onRetry={() => void s.refetch()} />
        ) : noZones ? (
          <NoZonesNotice testId="city-stats-no-zones" />
        ) : (
          <Table<Row>
            rowKey="key"
            size="small"
            bordered
            loading={s.isFetching}
            dataSource={rows}
            columns={columns}
            pagination={false}
            scroll={{ x: 'max-content' }}
            onRow={(r) => ({ style: r.period.includes('Q') ? undefined : { background: '#fafafa' } })}
            locale={{ emptyText: t('noStats') }}
            data-testid="city-stats-table"
          />
        )}
      </Card>
    </PageContainer>
  );
}
