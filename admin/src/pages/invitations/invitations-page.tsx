import { useState } from 'react';
import { App, Button, Card, Empty, Popconfirm, Segmented, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined, QrcodeOutlined, ReloadOutlined } from '@ant-design/icons';
import type { Role } from '@yuanan/contracts';
import { errorText } from '../../api/errors.ts';
import { useEnterpriseNames, useInvitations, useRevokeInvitation } from '../../api/zone-queries.ts';
import { hasPermission } from '../../auth/access.ts';
import { useSession } from '../../auth/session.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { useRoleLabel } from '../../components/role-label.ts';
import { fmtTime } from '../../components/time.ts';
import { useT } from '../../i18n/i18n.tsx';
import { CreateInvitationModal, InvitationCodeModal, type InvitationRow } from './create-invitation-modal.tsx';

type Status = InvitationRow['status'];
const STATUS_COLOR: Record<Status, string> = { pending: 'processing', used: 'success', expired: 'default', revoked: 'error' };

/** Invitation codes: create for a role (and enterprise), show the code and its QR, list with status, revoke. */
export function InvitationsPage() {
  const t = useT();
  const { message } = App.useApp();
  const roleName = useRoleLabel();
  const [status, setStatus] = useState<Status | 'all'>('all');
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [creating, setCreating] = useState(false);
  const [showing, setShowing] = useState<InvitationRow | null>(null);
  const list = useInvitations({ status: status === 'all' ? undefined : status, ...page });
  const revoke = useRevokeInvitation();
  const { effective } = useSession();
  const withEnterprise = (list.data?.items ?? []).some((i) => i.enterpriseId);
  const enterpriseNames = useEnterpriseNames(withEnterprise && hasPermission(effective, 'enterprises.read'));

  return (
    <PageContainer
      title={t('inv.title')}
      description={t('inv.createDesc')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="invite-create">
          {t('inv.create')}
        </Button>
      }
    >
      <Card
        title={t('inv.list')}
        extra={
          <Space>
            <Segmented<Status | 'all'>
              value={status}
              onChange={(v) => {
                setStatus(v);
                setPage((p) => ({ ...p, page: 1 }));
              }}
              options={[
                { value: 'all', label: t('common.all') },
                { value: 'pending', label: t('inv.status.pending') },
                { value: 'used', label: t('inv.status.used') },
                { value: 'expired', label: t('inv.status.expired') },
                { value: 'revoked', label: t('inv.status.revoked') },
              ]}
            />
            <Button type="text" icon={<ReloadOutlined />} onClick={() => void list.refetch()} aria-label={t('common.refresh')} />
          </Space>
        }
      >
        {list.isError && !list.data ? (
          <QueryError error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<InvitationRow>
            rowKey="id"
            loading={list.isFetching}
            dataSource={list.data?.items ?? []}
            scroll={{ x: 1100 }}
            locale={{ emptyText: <Empty description={t('inv.empty')} /> }}
            data-testid="invitations-table"
            pagination={{
              current: page.page,
              pageSize: page.pageSize,
              total: list.data?.total ?? 0,
              showSizeChanger: true,
              showTotal: (total) => t('common.total', { total }),
              onChange: (p, ps) => setPage({ page: p, pageSize: ps }),
            }}
            columns={[
              {
                title: t('inv.code'),
                dataIndex: 'code',
                width: 160,
                render: (c: string) => (
                  <Typography.Text className="mono" strong copyable style={{ fontSize: 15, letterSpacing: 1 }}>
                    {c}
                  </Typography.Text>
                ),
              },
              { title: t('inv.role'), dataIndex: 'role', width: 140, render: (r: Role) => <Tag color="blue">{roleName(r)}</Tag> },
              { title: t('inv.name'), dataIndex: 'name', render: (v: string | null) => v ?? '—' },
              {
                title: t('inv.enterprise'),
                dataIndex: 'enterpriseId',
                render: (v: string | null) => (v ? (enterpriseNames.get(v) ?? t('users.enterpriseAccount')) : '—'),
              },
              { title: t('inv.phone'), dataIndex: 'phone', width: 130, render: (v: string | null) => v ?? '—' },
              {
                title: t('common.status'),
                dataIndex: 'status',
                width: 100,
                render: (s: Status) => <Tag color={STATUS_COLOR[s]}>{t(`inv.status.${s}`)}</Tag>,
              },
              { title: t('inv.expiresAt'), dataIndex: 'expiresAt', width: 170, render: (v: string) => fmtTime(v) },
              { title: t('common.createdAt'), dataIndex: 'createdAt', width: 170, render: (v: string) => fmtTime(v) },
              {
                title: t('common.actions'),
                key: 'actions',
                width: 150,
                fixed: 'right',
                render: (_, inv) =>
                  inv.status === 'pending' ? (
                    <Space size={0}>
                      <Button type="link" size="small" icon={<QrcodeOutlined />} onClick={() => setShowing(inv)}>
                        {t('inv.qr')}
                      </Button>
                      <Popconfirm
                        title={t('inv.revokeConfirm', { code: inv.code })}
                        description={t('inv.revokeDesc')}
                        okText={t('inv.revoke')}
                        okButtonProps={{ danger: true }}
                        cancelText={t('common.cancel')}
                        onConfirm={async () => {
                          try {
                            await revoke.mutateAsync(inv.id);
                            message.success(t('inv.revoked', { code: inv.code }));
                          } catch (e) {
                            message.error(errorText(e));
                          }
                        }}
                      >
                        <Button type="link" size="small" danger>
                          {t('inv.revoke')}
                        </Button>
                      </Popconfirm>
                    </Space>
                  ) : (
                    <Typography.Text type="secondary">
                      {inv.usedAt ? `${t('inv.usedAt')} ${fmtTime(inv.usedAt)}` : '—'}
                    </Typography.Text>
                  ),
              },
            ]}
          />
        )}
      </Card>
      <CreateInvitationModal open={creating} onClose={() => setCreating(false)} onCreated={(inv) => setShowing(inv)} />
      <InvitationCodeModal invitation={showing} onClose={() => setShowing(null)} />
    </PageContainer>
  );
}
