import { lazy, Suspense, useMemo } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, Button, ConfigProvider, Flex, Result, Spin, theme } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { createBrowserRouter, Outlet, RouterProvider, useRouteError } from 'react-router';
import { ApiError } from '@yuanan/sdk';
import { RequireAuth } from './auth/require-auth.tsx';
import { SessionProvider } from './auth/session.tsx';
import { AppLayout } from './components/app-layout.tsx';
import { NotFound, PageGate } from './components/page-gate.tsx';
import { I18nProvider, useI18n, useT } from './i18n/i18n.tsx';
import { PAGES } from './pages.tsx';

const LoginPage = lazy(() => import('./pages/login/login-page.tsx').then((m) => ({ default: m.LoginPage })));
const ForcePasswordPage = lazy(() =>
  import('./pages/login/force-password-page.tsx').then((m) => ({ default: m.ForcePasswordPage })),
);

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: false,
      // Retry what may pass later (network, 429, 5xx); a 4xx answer will not change.
      retry: (n, e) => n < 2 && e instanceof ApiError && e.retryable,
    },
  },
});

function FullPageSpin() {
  const t = useT();
  return (
    <Flex justify="center" align="center" style={{ minHeight: '100vh' }}>
      <Spin size="large" description={t('app.loading')} />
    </Flex>
  );
}

/** A route that failed to render or whose code failed to download (e.g. after a new deployment). */
function RouteError() {
  const t = useT();
  const error = useRouteError();
  return (
    <Result
      status="warning"
      title={t('app.loadFailed')}
      subTitle={error instanceof Error ? error.message : undefined}
      extra={
        <Button type="primary" onClick={() => window.location.reload()}>
          {t('app.reload')}
        </Button>
      }
    />
  );
}

function Root() {
  return (
    <SessionProvider>
      <Outlet />
    </SessionProvider>
  );
}

const router = createBrowserRouter([
  {
    element: <Root />,
    errorElement: <RouteError />,
    children: [
      {
        path: '/login',
        element: (
          <Suspense fallback={<FullPageSpin />}>
            <LoginPage />
          </Suspense>
        ),
      },
      {
        path: '/change-password',
        element: (
          <RequireAuth passwordPage>
            <Suspense fallback={<FullPageSpin />}>
              <ForcePasswordPage />
            </Suspense>
          </RequireAuth>
        ),
      },
      {
        element: (
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        ),
        errorElement: <RouteError />,
        children: [...PAGES.map((p) => ({ path: p.path, element: <PageGate page={p} /> })), { path: '*', element: <NotFound /> }],
      },
    ],
  },
]);

function Themed() {
  const { lang } = useI18n();
  const locale = lang === 'en' ? enUS : zhCN;
  const themeConfig = useMemo(
    () => ({
      algorithm: theme.defaultAlgorithm,
      token: {
        colorPrimary: '#1f5fbf',
        borderRadius: 6,
        fontFamily:
          '-apple-system, BlinkMacSystemFont, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
      },
      components: {
        Layout: { headerBg: '#ffffff', headerHeight: 56, headerPadding: '0 16px', siderBg: '#0f2747' },
        Menu: { darkItemBg: '#0f2747', darkSubMenuItemBg: '#0b1f3a' },
      },
    }),
    [],
  );
  return (
    <ConfigProvider locale={locale} theme={themeConfig}>
      {/* Live notifications pile up bottom right, three at most, away from the toolbars at the top of pages. */}
      <AntApp notification={{ placement: 'bottomRight', maxCount: 3 }}>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <I18nProvider>
      <Themed />
    </I18nProvider>
  );
}
