import type { ReactNode } from 'react';
import { Tooltip, Typography } from 'antd';
import { WarningFilled } from '@ant-design/icons';
import { Link } from 'react-router';
import type { Hazard } from '../../api/types.ts';
import { ListTable, type ListColumn, type ListTableProps } from '../../components/list-page/index.ts';
import { fmtMinute } from '../../components/time.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { useMessages } from '../../i18n/feature.ts';
import { DeadlineCell, GradeTag, StatusTag } from './hazard-bits.tsx';
import { sourceLabel } from './labels.ts';
import { hzMessages } from './messages.ts';

/**
 * The ledger's columns, by priority: code, enterprise, description, grade, status always; deadline and report
 * time next; category, source and reporter fold into the row's expansion first on a narrow screen. `extra`
 * columns go after the deadline (boards add overdue days, responsible, escalation).
 */
export function useHazardColumns({
  hideEnterprise,
  extra = [],
}: { hideEnterprise?: boolean; extra?: ListColumn<Hazard>[] } = {}): ListColumn<Hazard>[] {
  const t = useMessages(hzMessages);
  const { lang } = useI18n();
  return [
    {
      key: 'code',
      title: t('code'),
      dataIndex: 'code',
      width: lang === 'en' ? 150 : 160,
      fixed: 'left',
      sortKey: 'code',
      render: (v: string, h) => (
        <>
          <Link to={`/hazards/${h.id}`} className="mono" style={{ whiteSpace: 'nowrap' }} data-testid="hz-link">
            {v}
          </Link>
          {/* 引用待复核: a cited article was amended, repealed or is missing. */}
          {h.citationFlag && (
            <Tooltip title={t('citationFlagDesc')}>
              <WarningFilled style={{ color: '#fa8c16', marginInlineStart: 4 }} data-testid="hz-citation-flag" />
            </Tooltip>
          )}
        </>
      ),
    },
    ...(hideEnterprise
      ? []
      : [
          {
            key: 'enterprise',
            title: t('enterprise'),
            dataIndex: 'enterpriseName',
            width: 150,
            ellipsis: { tip: (h: Hazard) => h.enterpriseName },
            render: (v: string, h: Hazard) => <Link to={`/enterprises/${h.enterpriseId}?tab=hazards`}>{v}</Link>,
          } satisfies ListColumn<Hazard>,
        ]),
    {
      key: 'description',
      title: t('description'),
      dataIndex: 'description',
      width: lang === 'en' ? 150 : 170,
      grow: true,
      ellipsis: { rows: 2 },
    },
    {
      key: 'category',
      title: t('category'),
      dataIndex: 'categoryName',
      width: 90,
      priority: 3,
      ellipsis: true,
      render: (v: string | null, h) => v ?? h.categoryCode,
    },
    {
      key: 'source',
      title: t('source'),
      dataIndex: 'source',
      width: 100,
      priority: 3,
      ellipsis: true,
      render: (v: string) => sourceLabel(v, lang),
    },
    { key: 'grade', title: t('grade'), dataIndex: 'grade', width: 90, render: (g: Hazard['grade']) => <GradeTag grade={g} /> },
    {
      key: 'status',
      title: t('status'),
      dataIndex: 'status',
      // English status names are longer (Pending review, Rectifying): the column widens, the code narrows.
      width: lang === 'en' ? 118 : 80,
      render: (s: Hazard['status']) => <StatusTag status={s} />,
    },
    {
      key: 'deadline',
      title: t('deadline'),
      width: 130,
      priority: 2,
      sortKey: 'deadline',
      render: (_: unknown, h) => <DeadlineCell hazard={h} />,
    },
    ...extra,
    {
      key: 'reportedAt',
      title: t('reportedAt'),
      dataIndex: 'reportedAt',
      width: 120,
      priority: 2,
      sortKey: 'reportedAt',
      render: (v: string) => fmtMinute(v),
    },
    {
      key: 'reportedBy',
      title: t('reportedBy'),
      dataIndex: 'reportedByName',
      width: 90,
      priority: 3,
      ellipsis: true,
      render: (v: string | null) => v ?? '—',
    },
  ];
}

/** Hazards as a ledger table inside another page (an enterprise's hazards, the boards): overdue rows in red. */
export function HazardTable({
  items,
  loading,
  error,
  onRetry,
  hideEnterprise,
  extraColumns,
  empty,
  testId = 'hz-table',
  ...rest
}: {
  items: Hazard[];
  loading?: boolean;
  error?: unknown;
  onRetry?: () => void;
  hideEnterprise?: boolean;
  extraColumns?: ListColumn<Hazard>[];
  empty?: ReactNode;
  testId?: string;
} & Pick<ListTableProps<Hazard>, 'pagination' | 'actions' | 'rowSelection' | 'sort' | 'onSort'>) {
  const t = useMessages(hzMessages);
  const columns = useHazardColumns({ hideEnterprise, extra: extraColumns });
  return (
    <ListTable<Hazard>
      rowKey="id"
      items={items}
      loading={loading}
      error={error}
      onRetry={onRetry}
      columns={columns}
      testId={testId}
      rowClassName={(h) => (h.overdue ? 'row-danger' : '')}
      empty={empty ?? <Typography.Text type="secondary">{t('empty')}</Typography.Text>}
      {...rest}
    />
  );
}
