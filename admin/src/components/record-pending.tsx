import { Button, Card, Result, Skeleton } from 'antd';
import { useNavigate } from 'react-router';
import { isApiError } from '../api/errors.ts';
import { QueryError } from './query-error.tsx';

/**
 * What a record's detail page shows until its record is loaded: 404 with a way back to the list when the id is
 * unknown (or not an id), the failure with a retry, a skeleton while it loads.
 */
export function RecordPending({
  query,
  notFound,
  back,
  backTo,
}: {
  query: { isError: boolean; error: unknown; refetch: () => unknown };
  /** The 404's title. */
  notFound: string;
  /** The label of the way back, and where it goes. */
  back: string;
  backTo: string;
}) {
  const navigate = useNavigate();
  if (query.isError) {
    if (isApiError(query.error, 'not_found') || isApiError(query.error, 'validation_failed'))
      return <Result status="404" title={notFound} extra={<Button onClick={() => navigate(backTo)}>{back}</Button>} />;
    return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  }
  return (
    <Card>
      <Skeleton active paragraph={{ rows: 8 }} />
    </Card>
  );
}
