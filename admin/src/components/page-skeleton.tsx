import { Card, Skeleton } from 'antd';

/** What a page shows while its code or first data loads. */
export function PageSkeleton() {
  return (
    <div className="page" data-testid="page-skeleton">
      <Skeleton.Input active style={{ width: 220, marginBottom: 20 }} />
      <Card>
        <Skeleton active paragraph={{ rows: 6 }} />
      </Card>
    </div>
  );
}
