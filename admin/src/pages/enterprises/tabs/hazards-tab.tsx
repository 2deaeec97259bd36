import { useState } from 'react';
import { Button, Card } from 'antd';
import { FileSearchOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useHazards } from '../../../api/hazard-queries.ts';
import { useMessages } from '../../../i18n/feature.ts';
import { HazardTable } from '../../hazards/hazard-table.tsx';
import { entMessages } from '../messages.ts';

/** 隐患: this enterprise's hazards, newest first. */
export function HazardsTab({ enterpriseId }: { enterpriseId: string }) {
  const t = useMessages(entMessages);
  const navigate = useNavigate();
  const [page, setPage] = useState({ page: 1, pageSize: 10 });
  const list = useHazards({ enterpriseId, ...page });
  return (
    <Card
      size="small"
      title={t('tabHazards')}
      extra={
        <Button size="small" icon={<FileSearchOutlined />} onClick={() => navigate(`/hazards?enterpriseId=${enterpriseId}`)}>
          {t('hzReport')}
        </Button>
      }
    >
      <HazardTable
        items={list.data?.items ?? []}
        loading={list.isFetching}
        error={list.error}
        onRetry={() => void list.refetch()}
        pagination={{
          current: page.page,
          pageSize: page.pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          onChange: (p, ps) => setPage({ page: p, pageSize: ps }),
        }}
        hideEnterprise
        testId="ent-hazards"
      />
    </Card>
  );
}
