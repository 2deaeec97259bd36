import { Button, Card, DatePicker, Empty, Flex, Select, Space, Table, Typography } from 'antd';
import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useSearchParams } from 'react-router';
import { useFairness, type DutyFairnessRow } from '../../api/duty-queries.ts';
import { useDownload } from '../../api/use-download.ts';
import { hasPermission } from '../../auth/access.ts';
import { useApi, useSession } from '../../auth/session.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { useMessages } from '../../i18n/feature.ts';
import { useTeamOptions } from './bits.tsx';
import { dutyMessages } from './messages.ts';

const hrs = (n: number) => (Math.round(n * 10) / 10).toFixed(1);

/**
 * 值班统计: the fairness report of a month — per person (per team): scheduled hours, actual hours from duty-room
 * check-ins, shifts, night shifts and holiday shifts, with a total row; the same as an Excel workbook.
 */
export function FairnessPage() {
  const t = useMessages(dutyMessages);
  const api = useApi();
  const { effective } = useSession();
  const [sp, setSp] = useSearchParams();
  const teams = useTeamOptions();
  const month = /^\d{4}-\d{2}$/.test(sp.get('month') ?? '') ? sp.get('month')! : dayjs().format('YYYY-MM');
  const teamId = sp.get('teamId') ?? undefined;
  const q = { month, ...(teamId ? { teamId } : {}) };
  const report = useFairness(q);
  const { busy, download } = useDownload();
  const canExport = hasPermission(effective, 'duty.export');
  const set = (k: string, v: string | undefined) => {
    const next = new URLSearchParams(sp);
    if (v) next.set(k, v);
    else next.delete(k);
    setSp(next, { replace: true });
  };

  const rows = report.data?.rows ?? [];
  const sum = (k: 'scheduledHours' | 'actualHours' | 'extraHours' | 'shifts' | 'nights' | 'holidayShifts') =>
    rows.reduce((n, r) => n + r[k], 0);
  // A past month's actual hours well under the scheduled ones stand out (a month under way is not done yet).
  const past = month < dayjs().format('YYYY-MM');
  const multiTeam = new Set(rows.map((r) => r.teamId)).size > 1;

  return (
    <PageContainer
      title={t('fairnessTitle')}
      description={t('fairnessDesc')}
      extra={
        canExport && (
          <Button
            icon={<DownloadOutlined />}
            loading={busy}
            onClick={() =>
              void download(api.duty.fairnessXlsxUrl(q), `duty-fairness-${month}.xlsx`, (name) => t('exported', { name }))
            }
            data-testid="duty-fairness-export"
          >
            {t('exportExcel')}
          </Button>
        )
      }
    >
      <Card size="small">
        <Flex gap={16} wrap align="center">
          <Space>
            <Typography.Text>{t('month')}</Typography.Text>
            <DatePicker
              picker="month"
              value={dayjs(`${month}-01`)}
              onChange={(d) => set('month', d ? d.format('YYYY-MM') : undefined)}
              allowClear={false}
              data-testid="duty-fairness-month"
            />
          </Space>
          <Space>
            <Typography.Text>{t('team')}</Typography.Text>
            <Select
              value={teamId}
              onChange={(v?: string) => set('teamId', v)}
              allowClear
              placeholder={t('allTeams')}
              options={teams.options}
              style={{ width: 260 }}
              data-testid="duty-fairness-team"
            />
          </Space>
          <Button type="text" icon={<ReloadOutlined />} onClick={() => void report.refetch()} aria-label="refresh" />
          {report.data?.holidaySource && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('holidaySource', { src: report.data.holidaySource })}
            </Typography.Text>
          )}
        </Flex>
      </Card>
      <Card size="small">
        {report.isError && !report.data ? (
          <QueryError error={report.error} onRetry={() => void report.refetch()} />
        ) : (
          <Table<DutyFairnessRow>
            size="middle"
            rowKey={(r) => `${r.teamId}:${r.userId}`}
            loading={report.isFetching}
            dataSource={rows}
            pagination={false}
            data-testid="duty-fairness-table"
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('fairnessEmpty')} /> }}
            columns={[
              ...(multiTeam
                ? [
                    {
                      key: 'team',
                      title: t('team'),
                      dataIndex: 'teamName',
                      width: 200,
                      render: (v: string) => <span data-user-text>{v}</span>,
                    },
                  ]
                : []),
              {
                key: 'name',
                title: t('member'),
                dataIndex: 'name',
                width: 120,
                render: (v: string) => <span data-user-text>{v}</span>,
              },
              {
                key: 'scheduled',
                title: t('scheduledHours'),
                dataIndex: 'scheduledHours',
                align: 'right',
                sorter: (a, b) => a.scheduledHours - b.scheduledHours,
                render: hrs,
              },
              {
                key: 'actual',
                title: t('actualHours'),
                dataIndex: 'actualHours',
                align: 'right',
                sorter: (a, b) => a.actualHours - b.actualHours,
                render: (v: number, r) => (
                  <Typography.Text type={past && r.scheduledHours > 0 && v < r.scheduledHours * 0.8 ? 'warning' : undefined}>
                    {hrs(v)}
                  </Typography.Text>
                ),
              },
              {
                key: 'extra',
                title: t('extraHours'),
                dataIndex: 'extraHours',
                align: 'right',
                sorter: (a, b) => a.extraHours - b.extraHours,
                render: hrs,
              },
              { key: 'shifts', title: t('shifts'), dataIndex: 'shifts', align: 'right', sorter: (a, b) => a.shifts - b.shifts },
              { key: 'nights', title: t('nights'), dataIndex: 'nights', align: 'right', sorter: (a, b) => a.nights - b.nights },
              {
                key: 'holidays',
                title: t('holidays'),
                dataIndex: 'holidayShifts',
                align: 'right',
                sorter: (a, b) => a.holidayShifts - b.holidayShifts,
              },
            ]}
            summary={() =>
              rows.length ? (
                <Table.Summary.Row style={{ fontWeight: 600 }}>
                  <Table.Summary.Cell index={0} colSpan={multiTeam ? 2 : 1}>
                    {t('totalRow')}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={2} align="right">
                    {hrs(sum('scheduledHours'))}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={3} align="right">
                    {hrs(sum('actualHours'))}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={4} align="right">
                    {hrs(sum('extraHours'))}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={5} align="right">
                    {sum('shifts')}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={6} align="right">
                    {sum('nights')}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={7} align="right">
                    {sum('holidayShifts')}
                  </Table.Summary.Cell>
                </Table.Summary.Row>
              ) : null
            }
          />
        )}
      </Card>
    </PageContainer>
  );
}
