import { useCallback, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { App, Badge, Button, Dropdown, Empty, Flex, Spin, Tooltip, Typography } from 'antd';
import { BellOutlined, CheckOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import type { Notification } from '@yuanan/contracts';
import { meKeys, useMarkAllRead, useMarkRead, useNotifications } from '../api/me-queries.ts';
import { useRealtime } from '../api/socket.ts';
import { useSession } from '../auth/session.tsx';
import { useT } from '../i18n/i18n.tsx';
import { fromNow } from './time.ts';

const SEVERITY_COLOR: Record<Notification['severity'], string> = { info: '#1677ff', warning: '#fa8c16', critical: '#d9363e' };

/**
 * The bell: unread count from /notifications, live pushes over socket.io, a dropdown list, mark read. The platform
 * operator (no stored notifications) sees the pushes of the session instead; the count is always a number.
 */
export function NotificationBell() {
  const t = useT();
  const navigate = useNavigate();
  const { notification } = App.useApp();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const { me } = useSession();
  // The api serves /notifications to zone accounts only; the platform operator still gets live pushes.
  const listable = me?.tenant.kind === 'zone';
  const list = useNotifications(listable);
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();

  // The platform operator has no stored list: what was pushed this session is their list (unread until opened).
  const [pushed, setPushed] = useState<Notification[]>([]);
  const onPush = useCallback(
    (n: Notification) => {
      if (listable) void qc.invalidateQueries({ queryKey: meKeys.notifications });
      else setPushed((p) => [n, ...p.filter((x) => x.id !== n.id)].slice(0, 20));
      const show =
        n.severity === 'critical' ? notification.error : n.severity === 'warning' ? notification.warning : notification.info;
      show({ title: n.title, description: n.body, duration: n.severity === 'critical' ? false : 6 });
    },
    [qc, notification, listable],
  );
  const realtime = useRealtime(true, onPush);

  // Always a number (0 until the list is in): never a dash.
  const unread = listable ? (list.data?.unread ?? 0) : pushed.filter((n) => !n.readAt).length;
  const items = listable ? (list.data?.items ?? []) : pushed;
  const readNow = (ids: string[] | 'all') =>
    setPushed((p) =>
      p.map((n) => (ids === 'all' || ids.includes(n.id) ? { ...n, readAt: n.readAt ?? new Date().toISOString() } : n)),
    );

  const openItem = (n: Notification) => {
    if (!n.readAt) {
      if (listable) markRead.mutate(n.id);
      else readNow([n.id]);
    }
    if (n.link && n.link.startsWith('/')) {
      setOpen(false);
      navigate(n.link);
    }
  };

  const panel = (
    <div className="bell-panel" data-testid="bell-panel">
      <Flex justify="space-between" align="center" className="bell-head">
        <Typography.Text strong>
          {t('notify.title')}
          {unread > 0 && (
            <Typography.Text type="secondary" style={{ fontWeight: 'normal', marginLeft: 8 }}>
              {t('notify.unread', { n: unread })}
            </Typography.Text>
          )}
        </Typography.Text>
        <Button
          type="link"
          size="small"
          icon={<CheckOutlined />}
          disabled={!unread}
          loading={markAll.isPending}
          onClick={() => (listable ? markAll.mutate() : readNow('all'))}
        >
          {t('notify.markAll')}
        </Button>
      </Flex>
      <div className="bell-body">
        {listable && list.isLoading ? (
          <Flex justify="center" style={{ padding: 32 }}>
            <Spin />
          </Flex>
        ) : listable && list.isError ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notify.loadFailed')} />
        ) : items.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notify.empty')} />
        ) : (
          items.map((n) => (
            <div
              key={n.id}
              className={`bell-item${n.readAt ? '' : ' bell-unread'}`}
              role="button"
              tabIndex={0}
              onClick={() => openItem(n)}
              onKeyDown={(e) => e.key === 'Enter' && openItem(n)}
            >
              <span className="bell-dot" style={{ background: n.readAt ? 'transparent' : SEVERITY_COLOR[n.severity] }} />
              <div style={{ minWidth: 0, flex: 1 }}>
                <Typography.Text strong={!n.readAt} ellipsis style={{ display: 'block' }}>
                  {n.title}
                </Typography.Text>
                <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ margin: 0, fontSize: 12 }}>
                  {n.body}
                </Typography.Paragraph>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {fromNow(n.createdAt)}
                </Typography.Text>
              </div>
            </div>
          ))
        )}
      </div>
    </div>
  );

  return (
    <Dropdown open={open} onOpenChange={setOpen} trigger={['click']} placement="bottomRight" popupRender={() => panel}>
      <Tooltip
        title={realtime === 'online' ? t('layout.realtimeOn') : t('layout.realtimeOff')}
        placement="left"
        open={open ? false : undefined}
      >
        <Button type="text" className="header-btn" aria-label={t('notify.title')} data-testid="bell">
          <Badge count={unread} size="small" overflowCount={99} data-testid="bell-unread" data-unread={unread}>
            <BellOutlined style={{ fontSize: 18 }} />
          </Badge>
          <span className={`live-dot ${realtime === 'online' ? 'live-on' : 'live-off'}`} />
        </Button>
      </Tooltip>
    </Dropdown>
  );
}
