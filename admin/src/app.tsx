import { lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react';
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
import { formValidateMessages } from './i18n/form-messages.ts';
import { I18nProvider, useI18n, useT } from './i18n/i18n.tsx';
import { PAGES } from './pages.tsx';

const LoginPage = lazy(() => import('./pages/login/login-page.tsx').then((m) => ({ default: m.LoginPage })));
const ForcePasswordPage = lazy(() =>
  import('./pages/login/force-password-page.tsx').then((m) => ({ default: m.ForcePasswordPage })),
);
/** 应急指挥大厅: the command hall's 1920×1080 wall screen, full screen outside the console frame. */
const CommandHallPage = lazy(() =>
  import('./pages/command-hall/command-hall-page.tsx').then((m) => ({ default: m.CommandHallPage })),
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
        path: '/command-hall',
        element: (
          <RequireAuth>
            <Suspense fallback={<FullPageSpin />}>
              <CommandHallPage />
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

/**
 * The console's fonts per language. Chinese fonts first for Chinese; for English the Latin fonts come first: a
 * Chinese font draws the typographic quotes (’ “ ”) full width, so "zone’s" read as "zone’ s" and English text
 * took the Chinese font's wide punctuation. Chinese words in English pages (user data) still find a Chinese font.
 */
const CJK_FONTS =
  '"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei"';
const LATIN_FONTS = '"Segoe UI", Roboto, "Helvetica Neue", Arial, "Liberation Sans", "DejaVu Sans"';
const FONTS_ZH = `-apple-system, BlinkMacSystemFont, ${CJK_FONTS}, ${LATIN_FONTS}, sans-serif`;
const FONTS_EN = `-apple-system, BlinkMacSystemFont, ${LATIN_FONTS}, ${CJK_FONTS}, sans-serif`;

/** Whether the person asked the system for less motion (prefers-reduced-motion), followed live. */
function usePrefersReducedMotion(): boolean {
  const query = typeof window !== 'undefined' ? window.matchMedia?.('(prefers-reduced-motion: reduce)') : undefined;
  const [reduced, setReduced] = useState(query?.matches ?? false);
  useEffect(() => {
    if (!query) return;
    const onChange = (e: MediaQueryListEvent) => setReduced(e.matches);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, [query]);
  return reduced;
}

function Themed() {
  const { lang } = useI18n();
  // Opening drawers and dropdowns do not slide or zoom for people who asked for less motion (the browser tests
  // ask too: an option clicked while its dropdown was still animating in was lost under load).
  const reducedMotion = usePrefersReducedMotion();
  const locale = lang === 'en' ? enUS : zhCN;
  // The api words some answers in the caller's language (task titles, the timeline, colour factors, audit
  // labels): after a language switch every shown answer is fetched again in the new language.
  const shownLang = useRef(lang);
  useEffect(() => {
    if (shownLang.current === lang) return;
    shownLang.current = lang;
    void queryClient.invalidateQueries();
  }, [lang]);
  const themeConfig = useMemo(
    () => ({
      algorithm: theme.defaultAlgorithm,
      token: {
        colorPrimary: '#1f5fbf',
        borderRadius: 6,
        fontFamily: lang === 'en' ? FONTS_EN : FONTS_ZH,
        motion: !reducedMotion,
      },
      components: {
        Layout: { headerBg: '#ffffff', headerHeight: 56, headerPadding: '0 16px', siderBg: '#0f2747' },
        Menu: { darkItemBg: '#0f2747', darkSubMenuItemBg: '#0b1f3a' },
        // A label's colon (drawn by antd) sits against the word in English ("Category: "), as English writes it.
        ...(lang === 'en' ? { Descriptions: { colonMarginLeft: 0 }, Form: { labelColonMarginInlineStart: 0 } } : {}),
      },
    }),
    [lang, reducedMotion],
  );
  return (
    <ConfigProvider locale={locale} theme={themeConfig} form={{ validateMessages: formValidateMessages(lang) }}>
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
