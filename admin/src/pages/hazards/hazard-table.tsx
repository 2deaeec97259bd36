import { Empty, Table, Typography } from 'antd';
import type { TableRowSelection } from 'antd/es/table/interface';
import { Link } from 'react-router';
import type { Hazard } from '../../api/types.ts';
import { fmtMinute } from '../../components/time.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { useMessages } from '../../i18n/feature.ts';
import { DeadlineCell, GradeTag, StatusTag } from './hazard-bits.tsx';
import { sourceLabel } from './labels.ts';
import { hzMessages } from './messages.ts';

/** Hazards as a ledger table (the ledger, an enterprise's hazards, the boards). */
export function HazardTable({
  items,
  total,
  loading,
  page,
  pageSize,
  onPage,
  hideEnterprise,
  rowSelection,
  extraColumns = [],
  testId = 'hz-table',
}: {
  items: Hazard[];
  total?: number;
  loading?: boolean;
  page?: number;
  pageSize?: number;
  onPage?: (page: number, pageSize: number) => void;
  hideEnterprise?: boolean;
  rowSelection?: TableRowSelection<Hazard>;
  extraColumns?: NonNullable<Parameters<typeof Table<Hazard>>[0]['columns']>;
  testId?: string;
}) {
  const t = useMessages(hzMessages);
  const { lang } = useI18n();
  return (
    <Table<Hazard>
      rowKey="id"
      size="middle"
      loading={loading}
      dataSource={items}
      rowSelection={rowSelection}
      scroll={{ x: 'max-content' }}
      data-testid={testId}
      rowClassName={(h) => (h.overdue ? 'row-danger' : '')}
      locale={{ emptyText: <Empty description={t('empty')} /> }}
      pagination={
        onPage
          ? {
              current: page,
              pageSize,
              total,
              showSizeChanger: true,
              showTotal: (n) => (lang === 'en' ? `${n} in all` : `共 ${n} 项`),
              onChange: onPage,
            }
          : false
      }
      columns={[
        {
          title: t('code'),
          dataIndex: 'code',
          width: 172,
          fixed: 'left',
          render: (v: string, h) => (
            <Link to={`/hazards/${h.id}`} className="mono" data-testid="hz-link">
              {v}
            </Link>
          ),
        },
        ...(hideEnterprise
          ? []
          : [
              {
                title: t('enterprise'),
                dataIndex: 'enterpriseName',
                width: 200,
                render: (v: string, h: Hazard) => (
                  <Typography.Text ellipsis={{ tooltip: v }} style={{ maxWidth: 185 }}>
                    <Link to={`/enterprises/${h.enterpriseId}?tab=hazards`}>{v}</Link>
                  </Typography.Text>
                ),
              },
            ]),
        {
          title: t('description'),
          dataIndex: 'description',
          width: 300,
          render: (v: string) => (
            <Typography.Paragraph ellipsis={{ rows: 2, tooltip: v }} style={{ margin: 0, width: 280 }}>
              {v}
            </Typography.Paragraph>
          ),
        },
        { title: t('category'), dataIndex: 'categoryName', width: 90, render: (v: string | null, h) => v ?? h.categoryCode },
        { title: t('source'), dataIndex: 'source', width: 100, render: (v: string) => sourceLabel(v, lang) },
        { title: t('grade'), dataIndex: 'grade', width: 100, render: (g: Hazard['grade']) => <GradeTag grade={g} /> },
        { title: t('status'), dataIndex: 'status', width: 90, render: (s: Hazard['status']) => <StatusTag status={s} /> },
        { title: t('deadline'), key: 'deadline', width: 170, render: (_: unknown, h) => <DeadlineCell hazard={h} /> },
        ...extraColumns,
        { title: t('reportedAt'), dataIndex: 'reportedAt', width: 150, render: (v: string) => fmtMinute(v) },
        { title: t('reportedBy'), dataIndex: 'reportedByName', width: 100, render: (v: string | null) => v ?? '—' },
      ]}
    />
  );
}
