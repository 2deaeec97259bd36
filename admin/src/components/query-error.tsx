import { Button, Result } from 'antd';
import { errorText } from '../api/errors.ts';
import { useT } from '../i18n/i18n.tsx';

/** A failed load, with what went wrong and a way to try again. */
export function QueryError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const t = useT();
  return (
    <Result
      status="warning"
      title={t('common.loadFailed')}
      subTitle={errorText(error)}
      extra={
        <Button type="primary" onClick={onRetry}>
          {t('common.retry')}
        </Button>
      }
    />
  );
}
