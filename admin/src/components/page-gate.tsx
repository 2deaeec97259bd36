import { Suspense } from 'react';
import { Button, Result } from 'antd';
import { LoginOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { pageAccess } from '../auth/access.ts';
import { useSession } from '../auth/session.tsx';
import { useT } from '../i18n/i18n.tsx';
import type { PageDef } from '../pages.tsx';
import { PageSkeleton } from './page-skeleton.tsx';
import { useZoneSwitcher } from './zone-switcher.tsx';

/** Opens a page when the permission matrix allows it; explains why not otherwise. */
export function PageGate({ page }: { page: PageDef }) {
  const t = useT();
  const navigate = useNavigate();
  const { me, effective } = useSession();
  const switcher = useZoneSwitcher();
  const access = pageAccess(me, effective, page.scope, page.permission);
  if (access === 'need_zone') {
    return (
      <Result
        status="info"
        title={t('acting.needZone')}
        subTitle={t('acting.needZoneDesc')}
        extra={
          <Button type="primary" icon={<LoginOutlined />} onClick={() => switcher.open()}>
            {t('layout.switchZone')}
          </Button>
        }
      />
    );
  }
  if (access === 'forbidden') {
    return (
      <Result
        status="403"
        title={t('forbidden.title')}
        subTitle={t('forbidden.desc')}
        extra={<Button onClick={() => navigate('/')}>{t('notFound.home')}</Button>}
      />
    );
  }
  const Page = page.component;
  return (
    <Suspense fallback={<PageSkeleton />}>
      <Page />
    </Suspense>
  );
}

export function NotFound() {
  const t = useT();
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title={t('notFound.title')}
      subTitle={t('notFound.desc')}
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          {t('notFound.home')}
        </Button>
      }
    />
  );
}
