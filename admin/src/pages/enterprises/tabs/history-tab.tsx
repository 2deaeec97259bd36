import { useMemo, useState } from 'react';
import { Card, Empty, Table, Tag, Typography } from 'antd';
import { useHistory } from '../../../api/enterprise-queries.ts';
import type { HistoryEntry } from '../../../api/types.ts';
import { DiffViewer } from '../../../components/diff-viewer.tsx';
import { QueryError } from '../../../components/query-error.tsx';
import { fmtTime } from '../../../components/time.ts';
import { useI18n } from '../../../i18n/i18n.tsx';
import { useMessages } from '../../../i18n/feature.ts';
import { useZoneLists } from '../catalog.ts';
import { enterpriseFieldLabel, entityLabel, historyActionLabel, opLabel } from '../labels.ts';
import { entMessages } from '../messages.ts';

const HIDE = ['id', 'tenantId', 'enterpriseId', 'createdAt', 'updatedAt', 'version', 'keyPlaceTagsText', 'result'];
const OP_COLOURS: Record<string, string> = { create: 'green', update: 'blue', delete: 'red', event: 'default' };

/** 变更记录: every change to the file and its records, from the audit trail, with before → after. */
export function HistoryTab({ enterpriseId }: { enterpriseId: string }) {
  const t = useMessages(entMessages);
  const { lang } = useI18n();
  const lists = useZoneLists();
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const h = useHistory(enterpriseId, page.page, page.pageSize);
  const names = useMemo(() => Object.fromEntries(lists.gridName), [lists.gridName]);
  if (h.isError && !h.data) return <QueryError error={h.error} onRetry={() => void h.refetch()} />;
  return (
    <Card size="small">
      <Table<HistoryEntry & { key: string }>
        size="small"
        loading={h.isFetching}
        dataSource={(h.data?.items ?? []).map((e, i) => ({ ...e, key: `${e.at}-${i}` }))}
        data-testid="history-table"
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('hEmpty')} /> }}
        expandable={{
          expandedRowRender: (e) => (
            <DiffViewer op={e.op as 'create'} diff={e.diff} names={names} hide={HIDE} fieldName={enterpriseFieldLabel} />
          ),
          rowExpandable: (e) => Object.keys(e.diff).some((k) => !HIDE.includes(k)),
        }}
        pagination={{
          current: page.page,
          pageSize: page.pageSize,
          total: h.data?.total ?? 0,
          showSizeChanger: true,
          onChange: (p, ps) => setPage({ page: p, pageSize: ps }),
        }}
        columns={[
          { title: t('hAt'), dataIndex: 'at', width: 170, render: (v: string) => fmtTime(v) },
          {
            title: t('hActor'),
            dataIndex: 'actorName',
            width: 120,
            render: (v: string | null) => v ?? <Typography.Text type="secondary">{t('hSystem')}</Typography.Text>,
          },
          { title: t('hAction'), dataIndex: 'action', width: 180, render: (v: string) => historyActionLabel(v, lang) },
          { title: t('hEntity'), dataIndex: 'entityType', width: 130, render: (v: string) => entityLabel(v, lang) },
          {
            title: t('hOp'),
            dataIndex: 'op',
            render: (v: string) => <Tag color={OP_COLOURS[v]}>{opLabel(v, lang)}</Tag>,
          },
        ]}
      />
    </Card>
  );
}
