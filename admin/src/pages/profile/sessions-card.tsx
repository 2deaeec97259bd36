import { App, Button, Card, Empty, Popconfirm, Table, Tag, Typography } from 'antd';
import { errorText } from '../../api/errors.ts';
import { useRevokeSession, useSessions } from '../../api/me-queries.ts';
import { QueryError } from '../../components/query-error.tsx';
import { fmtTime, fromNow } from '../../components/time.ts';
import { useT } from '../../i18n/i18n.tsx';

type SessionRow = NonNullable<ReturnType<typeof useSessions>['data']>[number];

/** A short, readable name for a browser's user agent. */
function agentName(ua: string | null): string {
  if (!ua) return '—';
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /MicroMessenger/.test(ua)
      ? '微信'
      : /Chrome\//.test(ua)
        ? 'Chrome'
        : /Firefox\//.test(ua)
          ? 'Firefox'
          : /Safari\//.test(ua)
            ? 'Safari'
            : null;
  const os = /Windows/.test(ua)
    ? 'Windows'
    : /Mac OS X/.test(ua)
      ? 'macOS'
      : /Android/.test(ua)
        ? 'Android'
        : /iPhone|iPad/.test(ua)
          ? 'iOS'
          : /Linux/.test(ua)
            ? 'Linux'
            : null;
  return [browser, os].filter(Boolean).join(' · ') || ua.slice(0, 40);
}

/** My signed-in devices, each can be signed out (except this one: use 退出登录). */
export function SessionsCard() {
  const t = useT();
  const { message } = App.useApp();
  const sessions = useSessions();
  const revoke = useRevokeSession();
  return (
    <Card title={t('profile.sessions')}>
      {sessions.isError && !sessions.data ? (
        <QueryError error={sessions.error} onRetry={() => void sessions.refetch()} />
      ) : (
        <Table<SessionRow>
          rowKey="id"
          loading={sessions.isLoading}
          dataSource={sessions.data ?? []}
          pagination={false}
          scroll={{ x: 800 }}
          locale={{ emptyText: <Empty description={t('profile.noSessions')} /> }}
          columns={[
            {
              title: t('profile.sessionClient'),
              dataIndex: 'client',
              width: 200,
              render: (c: SessionRow['client'], s) => (
                <span>
                  {t(`profile.client.${c}`)}
                  {s.current && (
                    <Tag color="green" style={{ marginLeft: 8 }}>
                      {t('profile.sessionCurrent')}
                    </Tag>
                  )}
                </span>
              ),
            },
            {
              title: t('profile.sessionAgent'),
              dataIndex: 'userAgent',
              render: (ua: string | null) => (
                <Typography.Text ellipsis={{ tooltip: ua }} style={{ maxWidth: 260 }}>
                  {agentName(ua)}
                </Typography.Text>
              ),
            },
            {
              title: t('profile.sessionIp'),
              dataIndex: 'ip',
              width: 150,
              render: (v: string | null) => <span className="mono">{v ?? '—'}</span>,
            },
            { title: t('profile.sessionCreated'), dataIndex: 'createdAt', width: 180, render: (v: string) => fmtTime(v) },
            { title: t('profile.sessionLastUsed'), dataIndex: 'lastUsedAt', width: 130, render: (v: string) => fromNow(v) },
            {
              title: t('common.actions'),
              key: 'actions',
              width: 130,
              render: (_, s) =>
                s.current ? null : (
                  <Popconfirm
                    title={t('profile.sessionRevokeConfirm')}
                    okText={t('profile.sessionRevoke')}
                    okButtonProps={{ danger: true }}
                    cancelText={t('common.cancel')}
                    onConfirm={async () => {
                      try {
                        await revoke.mutateAsync(s.id);
                        message.success(t('profile.sessionRevoked'));
                      } catch (e) {
                        message.error(errorText(e));
                      }
                    }}
                  >
                    <Button type="link" size="small" danger>
                      {t('profile.sessionRevoke')}
                    </Button>
                  </Popconfirm>
                ),
            },
          ]}
        />
      )}
    </Card>
  );
}
