import type { ReactNode } from 'react';
import { Button, Flex, Result, Spin } from 'antd';
import { Navigate, useLocation } from 'react-router';
import { useT } from '../i18n/i18n.tsx';
import { loginPath, useSession } from './session.tsx';

/** Signed-in pages: sends others to sign in (and back afterwards), and first-time users to change the password. */
export function RequireAuth({ children, passwordPage = false }: { children: ReactNode; passwordPage?: boolean }) {
  const t = useT();
  const location = useLocation();
  const { status, me, acting, loadError, reloadMe, ended } = useSession();
  if (status === 'loading') {
    return (
      <Flex justify="center" align="center" style={{ minHeight: '100vh' }}>
        <Spin size="large" description={t('app.loading')} />
      </Flex>
    );
  }
  if (status === 'error') {
    return (
      <Result
        status="warning"
        title={t('app.sessionCheckFailed')}
        subTitle={loadError}
        extra={
          <Button type="primary" onClick={() => void reloadMe()}>
            {t('common.retry')}
          </Button>
        }
      />
    );
  }
  if (status === 'anonymous' || !me) {
    return (
      <Navigate
        to={loginPath(location, ended?.reason)}
        replace
        state={ended?.username ? { username: ended.username } : undefined}
      />
    );
  }
  if (me.mustChangePassword && !acting && !passwordPage) {
    const next = location.pathname + location.search;
    return <Navigate to={`/change-password${next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`} replace />;
  }
  return <>{children}</>;
}
