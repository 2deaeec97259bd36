import { useEffect, useRef } from 'react';
import { Button, Card, DatePicker, Empty, Flex, Progress, Segmented, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { Link, useSearchParams } from 'react-router';
import type { CoverageBy } from '@yuanan/contracts';
import { useCheckIns, useCoverage, type CheckInPoint, type CoverageRow } from '../../api/inspection-queries.ts';
import { useTenant } from '../../api/risk-queries.ts';
import { hasPermission } from '../../auth/access.ts';
import { useApi, useSession } from '../../auth/session.tsx';
import { useDownload } from '../../api/use-download.ts';
import { PageContainer } from '../../components/page-container.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { fmtMinute, zoneToday } from '../../components/time.ts';
import { useMessages } from '../../i18n/feature.ts';
import { insMessages } from './messages.ts';

const pct = (r: number | null) => (r == null ? '—' : `${Math.round(r * 1000) / 10}%`);
const ratio = (r: number | null) => (r == null ? '—' : (Math.round(r * 100) / 100).toFixed(2));

/**
 * 覆盖率: per grid worker or agency over a date range — tasks required, done, on time, missed (逾期未检), late
 * (超期完成), on-time rate and hazards found per inspection — with the Excel export of the same; below, today's
 * check-ins on a map.
 */
export function CoveragePage() {
  const t = useMessages(insMessages);
  const api = useApi();
  const { effective } = useSession();
  const [sp, setSp] = useSearchParams();
  const from = sp.get('from') ?? `${zoneToday().slice(0, 7)}-01`;
  const to = sp.get('to') ?? zoneToday();
  const by: CoverageBy = sp.get('by') === 'agency' ? 'agency' : 'grid_worker';
  const q = { from, to, by };
  const cov = useCoverage(q);
  const { busy: exporting, download } = useDownload();
  const canExport = hasPermission(effective, 'inspections.export');
  const set = (k: string, v: string | undefined) => {
    const next = new URLSearchParams(sp);
    if (v) next.set(k, v);
    else next.delete(k);
    setSp(next, { replace: true });
  };
  const setRange = (r: [Dayjs | null, Dayjs | null] | null) => {
    const next = new URLSearchParams(sp);
    if (r?.[0] && r[1]) {
      next.set('from', r[0].format('YYYY-MM-DD'));
      next.set('to', r[1].format('YYYY-MM-DD'));
    } else {
      next.delete('from');
      next.delete('to');
    }
    setSp(next, { replace: true });
  };
  const exportXlsx = () =>
    download(api.inspections.coverageXlsxUrl(q), 'coverage.xlsx', (name) => t('recordDownloaded', { name }));

  const rows = cov.data?.rows ?? [];
  const sum = (k: 'required' | 'done' | 'onTime' | 'late' | 'missed' | 'hazardsFound') => rows.reduce((n, r) => n + r[k], 0);
  const total = {
    required: sum('required'),
    done: sum('done'),
    onTime: sum('onTime'),
    late: sum('late'),
    missed: sum('missed'),
    hazardsFound: sum('hazardsFound'),
  };

  return (
    <PageContainer
      title={t('cvTitle')}
      description={t('cvDesc')}
      extra={
        canExport && (
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportXlsx()} data-testid="cv-export">
            {t('cvExport')}
          </Button>
        )
      }
    >
      <Card size="small">
        <Flex gap={16} wrap align="center">
          <Space>
            <Typography.Text>{t('cvRange')}</Typography.Text>
            <DatePicker.RangePicker
              value={[dayjs(from), dayjs(to)]}
              onChange={(r) => setRange(r as [Dayjs | null, Dayjs | null] | null)}
              allowClear={false}
              data-testid="cv-range"
            />
          </Space>
          <Space>
            <Typography.Text>{t('cvBy')}</Typography.Text>
            <Segmented<CoverageBy>
              value={by}
              onChange={(v) => set('by', v === 'grid_worker' ? undefined : v)}
              options={[
                { value: 'grid_worker', label: t('cvByGridWorker') },
                { value: 'agency', label: t('cvByAgency') },
              ]}
              data-testid="cv-by"
            />
          </Space>
          <Button type="text" icon={<ReloadOutlined />} onClick={() => void cov.refetch()} aria-label="refresh" />
        </Flex>
      </Card>
      <Card size="small">
        {cov.isError && !cov.data ? (
          <QueryError error={cov.error} onRetry={() => void cov.refetch()} />
        ) : (
          <Table<CoverageRow>
            size="middle"
            rowKey="key"
            loading={cov.isFetching}
            dataSource={rows}
            pagination={false}
            data-testid="cv-table"
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cvEmpty')} /> }}
            onRow={() => ({ 'data-testid': 'cv-row' }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              {
                key: 'name',
                title: t('cvName'),
                dataIndex: 'name',
                width: 180,
                render: (v: string) => <span data-user-text>{v}</span>,
              },
              { key: 'required', title: t('cvRequired'), dataIndex: 'required', align: 'right', width: 80 },
              { key: 'done', title: t('cvDone'), dataIndex: 'done', align: 'right', width: 80 },
              { key: 'onTime', title: t('cvOnTime'), dataIndex: 'onTime', align: 'right', width: 90 },
              {
                key: 'rate',
                title: t('cvOnTimeRate'),
                dataIndex: 'onTimeRate',
                width: 170,
                render: (r: number | null) =>
                  r == null ? (
                    '—'
                  ) : (
                    <Progress
                      percent={Math.round(r * 1000) / 10}
                      size="small"
                      status={r < 0.6 ? 'exception' : r < 0.9 ? 'normal' : 'success'}
                      format={() => pct(r)}
                    />
                  ),
              },
              {
                key: 'missed',
                title: t('cvMissed'),
                dataIndex: 'missed',
                align: 'right',
                width: 90,
                render: (n: number) => (n ? <Typography.Text type="danger">{n}</Typography.Text> : n),
              },
              {
                key: 'late',
                title: t('cvLate'),
                dataIndex: 'late',
                align: 'right',
                width: 90,
                render: (n: number) => (n ? <Typography.Text type="warning">{n}</Typography.Text> : n),
              },
              { key: 'hz', title: t('cvHazards'), dataIndex: 'hazardsFound', align: 'right', width: 90 },
              {
                key: 'hpi',
                title: t('cvPerInspection'),
                dataIndex: 'hazardsPerInspection',
                align: 'right',
                width: 130,
                render: (r: number | null) => ratio(r),
              },
            ]}
            summary={() =>
              rows.length > 1 ? (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0}>
                    <Typography.Text strong>{t('cvTotal')}</Typography.Text>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={1} align="right">
                    {total.required}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={2} align="right">
                    {total.done}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={3} align="right">
                    {total.onTime}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={4}>{pct(total.required ? total.onTime / total.required : null)}</Table.Summary.Cell>
                  <Table.Summary.Cell index={5} align="right">
                    {total.missed}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={6} align="right">
                    {total.late}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={7} align="right">
                    {total.hazardsFound}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={8} align="right">
                    {ratio(total.done ? total.hazardsFound / total.done : null)}
                  </Table.Summary.Cell>
                </Table.Summary.Row>
              ) : null
            }
          />
        )}
      </Card>
      <CheckInsCard />
    </PageContainer>
  );
}

/** 今日签到: today's check-in points on a map (green inside the geofence, red flagged) and as a list. */
function CheckInsCard() {
  const t = useMessages(insMessages);
  const data = useCheckIns();
  const tenant = useTenant();
  const items = (data.data?.items ?? []).filter((p) => p.lat != null && p.lng != null);
  return (
    <Card size="small" title={t('checkIns')} data-testid="cv-checkins">
      {!data.data?.items.length ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('checkInsEmpty')} />
      ) : (
        <Flex gap={16} wrap>
          <div style={{ flex: '1 1 420px', minWidth: 320 }}>
            <CheckInMap points={items} tileUrl={tenant.data?.settings.mapTileUrl ?? null} />
          </div>
          <div style={{ flex: '1 1 320px', maxHeight: 320, overflow: 'auto' }}>
            {data.data.items.map((p) => (
              <Flex
                key={p.taskId}
                justify="space-between"
                gap={8}
                style={{ padding: '4px 0', borderBottom: '1px solid #f0f0f0' }}
              >
                <Link to={`/inspections/tasks/${p.taskId}`} data-user-text>
                  {p.enterpriseName}
                </Link>
                <Space size={6}>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    <span data-user-text>{p.assigneeName ?? ''}</span> {fmtMinute(p.at).slice(11)}
                  </Typography.Text>
                  {p.flagged && (
                    <Tag color="red" style={{ marginInlineEnd: 0 }}>
                      {t('flagged')}
                    </Tag>
                  )}
                </Space>
              </Flex>
            ))}
          </div>
        </Flex>
      )}
    </Card>
  );
}

function CheckInMap({ points, tileUrl }: { points: CheckInPoint[]; tileUrl: string | null }) {
  const el = useRef<HTMLDivElement>(null);
  const key = JSON.stringify([points.map((p) => [p.taskId, p.lat, p.lng, p.flagged]), tileUrl]);
  useEffect(() => {
    if (!el.current || !points.length) return;
    const m = L.map(el.current, { attributionControl: false, zoomSnap: 0.25, maxZoom: 19 });
    if (tileUrl) L.tileLayer(tileUrl, { maxZoom: 19, subdomains: 'abc' }).addTo(m);
    const b = L.latLngBounds([]);
    for (const p of points) {
      const colour = p.flagged || !p.inside ? '#d9363e' : '#389e0d';
      L.circleMarker([p.lat!, p.lng!], { radius: 7, color: '#fff', weight: 2, fillColor: colour, fillOpacity: 1 })
        .bindTooltip(`${p.enterpriseName}${p.assigneeName ? ` · ${p.assigneeName}` : ''}`)
        .addTo(m);
      b.extend([p.lat!, p.lng!]);
    }
    m.fitBounds(b.pad(0.3), { maxZoom: 16 });
    L.control.scale({ imperial: false, position: 'bottomright' }).addTo(m);
    return () => void m.remove();
  }, [key]); // the points' contents
  return <div ref={el} className="risk-map-geo" style={{ height: 320, borderRadius: 8, position: 'relative', zIndex: 0 }} />;
}
