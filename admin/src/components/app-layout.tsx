import { createContext, lazy, Suspense, useContext, useEffect, useMemo, useState } from 'react';
import { Breadcrumb, Button, Flex, Layout, Menu, Tag, Tooltip, Typography, type MenuProps } from 'antd';
import {
  EnvironmentOutlined,
  LoginOutlined,
  MenuFoldOutlined,
  MenuUnfoldOutlined,
  SafetyCertificateFilled,
} from '@ant-design/icons';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { pageAccess } from '../auth/access.ts';
import { useSession } from '../auth/session.tsx';
import { useT } from '../i18n/i18n.tsx';
import { MENU_GROUPS, PAGES, pageByKey, pageForPath, type MenuGroup } from '../pages.tsx';
import { ActingBanner } from './acting-banner.tsx';
import { LangSwitch } from './lang-switch.tsx';
import { NotificationBell } from './notification-bell.tsx';
import { UserMenu } from './user-menu.tsx';
import { useZoneSwitcher, ZoneSwitcherProvider } from './zone-switcher.tsx';

type MenuItem = Required<MenuProps>['items'][number];

/** The IoT alarm banner (own chunk: the frame's first download stays small). */
const AlarmBanner = lazy(() => import('./alarm-banner.tsx').then((m) => ({ default: m.AlarmBanner })));

const CrumbCtx = createContext<(title: string | null) => void>(() => undefined);

/** A detail page names what it shows (an enterprise, a hazard) in the breadcrumb. */
export function useCrumbTitle(title: string | null): void {
  const set = useContext(CrumbCtx);
  useEffect(() => {
    set(title);
    return () => set(null);
  }, [set, title]);
}

/** The console frame: side menu from the permission matrix, header with zone, bell, language and user. */
export function AppLayout() {
  return (
    <ZoneSwitcherProvider>
      <Frame />
    </ZoneSwitcherProvider>
  );
}

function Frame() {
  const t = useT();
  const location = useLocation();
  const navigate = useNavigate();
  const { me, effective, acting } = useSession();
  const switcher = useZoneSwitcher();
  const [collapsed, setCollapsed] = useState(() => globalThis.localStorage?.getItem('yuanan:admin:menu') === 'collapsed');
  const current = pageForPath(location.pathname);
  const parent = pageByKey(current?.parent);
  const [crumbTitle, setCrumbTitle] = useState<string | null>(null);

  const items = useMemo<MenuItem[]>(() => {
    // Inside a zone read-only, a bureau user's menu is the zone's (as the role may read it); the banner leads back.
    const visible = PAGES.filter(
      (p) => p.inMenu && pageAccess(me, effective, p.scope, p.permission) === 'ok' && !(acting && p.scope === 'bureau'),
    );
    const out: MenuItem[] = [];
    const groups = new Map<MenuGroup, MenuItem[]>();
    for (const p of visible) {
      const item: MenuItem = { key: p.path, icon: p.icon, label: t(p.label) };
      if (!p.group) {
        out.push(item);
        continue;
      }
      if (!groups.has(p.group)) {
        const children: MenuItem[] = [];
        groups.set(p.group, children);
        out.push({ key: `group:${p.group}`, icon: MENU_GROUPS[p.group].icon, label: t(MENU_GROUPS[p.group].label), children });
      }
      groups.get(p.group)!.push(item);
    }
    return out;
  }, [me, effective, acting, t]);

  const openKeys = useMemo(() => (Object.keys(MENU_GROUPS) as MenuGroup[]).map((g) => `group:${g}`), []);

  const crumbs = [{ title: <Link to="/">{t('menu.home')}</Link> }];
  if (current && current.key !== 'home') {
    if (current.group) crumbs.push({ title: <span>{t(MENU_GROUPS[current.group].label)}</span> });
    if (parent) crumbs.push({ title: <Link to={parent.path}>{t(parent.label)}</Link> });
    crumbs.push({ title: <span>{crumbTitle ?? t(current.label)}</span> });
  }

  const isOperator = me?.tenant.kind === 'platform';
  const toggle = () => {
    globalThis.localStorage?.setItem('yuanan:admin:menu', collapsed ? 'open' : 'collapsed');
    setCollapsed(!collapsed);
  };

  return (
    <Layout className="app-shell">
      <Layout.Sider width={220} collapsedWidth={64} collapsed={collapsed} theme="dark" className="app-sider" trigger={null}>
        <Link to="/" className="brand" aria-label={t('app.fullName')}>
          <SafetyCertificateFilled className="brand-icon" />
          {!collapsed && (
            <span className="brand-text">
              {t('app.name')}
              <small>{t('app.slogan')}</small>
            </span>
          )}
        </Link>
        <Menu
          theme="dark"
          mode="inline"
          items={items}
          selectedKeys={current ? [parent?.path ?? current.path] : []}
          defaultOpenKeys={openKeys}
          onClick={({ key }) => navigate(key)}
          data-testid="side-menu"
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header className="app-header">
          <Flex align="center" gap={12} style={{ minWidth: 0 }}>
            <Tooltip title={t('layout.collapse')}>
              <Button
                type="text"
                className="header-btn"
                onClick={toggle}
                icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
              />
            </Tooltip>
            <Tag
              icon={<EnvironmentOutlined />}
              color={acting?.supervising ? 'geekblue' : acting ? 'orange' : isOperator ? 'purple' : 'blue'}
              className="zone-tag"
              data-testid="zone-name"
            >
              {effective?.tenant.kind === 'platform' ? t('layout.platform') : effective?.tenant.name}
            </Tag>
            {isOperator && (
              <Button size="small" icon={<LoginOutlined />} onClick={() => switcher.open()} data-testid="switch-zone">
                {acting ? t('layout.switchOtherZone') : t('layout.switchZone')}
              </Button>
            )}
          </Flex>
          <Flex align="center" gap={4}>
            <NotificationBell />
            <LangSwitch />
            <UserMenu />
          </Flex>
        </Layout.Header>
        {acting && <ActingBanner />}
        <Suspense fallback={null}>
          <AlarmBanner />
        </Suspense>
        {/* The path this frame was drawn for: a navigation is a transition, and React keeps the old page on screen
            while the next page's code loads (tests wait until this matches the address). */}
        <Layout.Content className="app-content" data-route-path={location.pathname}>
          <Breadcrumb items={crumbs} className="app-crumbs" />
          <CrumbCtx.Provider value={setCrumbTitle}>
            <Outlet />
          </CrumbCtx.Provider>
        </Layout.Content>
        <Layout.Footer className="app-footer">
          <Typography.Text type="secondary">{t('app.fullName')}</Typography.Text>
        </Layout.Footer>
      </Layout>
    </Layout>
  );
}
