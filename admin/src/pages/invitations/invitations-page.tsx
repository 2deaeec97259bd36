import { useState } from 'react';
import { App, Button, Popconfirm, Space, Tag, Typography } from 'antd';
import { PlusOutlined, QrcodeOutlined } from '@ant-design/icons';
import type { Role } from '@yuanan/contracts';
import { errorText } from '../../api/errors.ts';
import { useEnterpriseNames, useInvitations, useRevokeInvitation } from '../../api/zone-queries.ts';
import { hasPermission } from '../../auth/access.ts';
import { useSession } from '../../auth/session.tsx';
import { ListPage, useListQuery } from '../../components/list-page/index.ts';
import { useRoleLabel } from '../../components/role-label.ts';
import { fmtMinute, fmtTime } from '../../components/time.ts';
import { useT } from '../../i18n/i18n.tsx';
import { CreateInvitationModal, InvitationCodeModal, type InvitationRow } from './create-invitation-modal.tsx';

type Status = InvitationRow['status'];
const STATUS_COLOR: Record<Status, string> = { pending: 'processing', used: 'success', expired: 'default', revoked: 'error' };

/** Invitation codes: create for a role (and enterprise), show the code and its QR, list with status, revoke. */
export function InvitationsPage() {
  const t = useT();
  const { message } = App.useApp();
  const roleName = useRoleLabel();
  const lq = useListQuery({
    filters: [
      {
        key: 'status',
        kind: 'segmented',
        defaultValue: '',
        options: [
          { value: '', label: t('common.all') },
          ...(['pending', 'used', 'expired', 'revoked'] as const).map((v) => ({ value: v, label: t(`inv.status.${v}`) })),
        ],
      },
    ],
  });
  const [creating, setCreating] = useState(false);
  const [showing, setShowing] = useState<InvitationRow | null>(null);
  const list = useInvitations(lq.params);
  const revoke = useRevokeInvitation();
  const { effective } = useSession();
  const withEnterprise = (list.data?.items ?? []).some((i) => i.enterpriseId);
  const enterpriseNames = useEnterpriseNames(withEnterprise && hasPermission(effective, 'enterprises.read'));

  return (
    <ListPage<InvitationRow>
      title={t('inv.title')}
      description={t('inv.createDesc')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="invite-create">
          {t('inv.create')}
        </Button>
      }
      lq={lq}
      list={list}
      testId="inv"
      tableTitle={t('inv.list')}
      emptyText={t('inv.empty')}
      table={{
        rowKey: 'id',
        testId: 'invitations-table',
        columns: [
          {
            key: 'code',
            title: t('inv.code'),
            dataIndex: 'code',
            width: 150,
            fixed: 'left',
            render: (c: string) => (
              <Typography.Text className="mono" strong copyable style={{ fontSize: 15, letterSpacing: 1, whiteSpace: 'nowrap' }}>
                {c}
              </Typography.Text>
            ),
          },
          {
            key: 'role',
            title: t('inv.role'),
            dataIndex: 'role',
            width: 130,
            render: (r: Role) => <Tag color="blue">{roleName(r)}</Tag>,
          },
          { key: 'name', title: t('inv.name'), dataIndex: 'name', width: 110, ellipsis: true },
          {
            key: 'enterprise',
            title: t('inv.enterprise'),
            dataIndex: 'enterpriseId',
            width: 180,
            grow: true,
            ellipsis: true,
            render: (v: string | null) => (v ? (enterpriseNames.get(v) ?? t('users.enterpriseAccount')) : '—'),
          },
          { key: 'phone', title: t('inv.phone'), dataIndex: 'phone', width: 125, priority: 2 },
          {
            key: 'status',
            title: t('common.status'),
            dataIndex: 'status',
            width: 90,
            render: (st: Status) => <Tag color={STATUS_COLOR[st]}>{t(`inv.status.${st}`)}</Tag>,
          },
          {
            key: 'expiresAt',
            title: t('inv.expiresAt'),
            dataIndex: 'expiresAt',
            width: 150,
            priority: 2,
            render: (v: string) => fmtMinute(v),
          },
          {
            key: 'createdAt',
            title: t('common.createdAt'),
            dataIndex: 'createdAt',
            width: 150,
            priority: 3,
            render: (v: string) => fmtMinute(v),
          },
        ],
        actions: {
          width: 170,
          render: (inv: InvitationRow) =>
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
              <Typography.Text type="secondary" ellipsis={{ tooltip: inv.usedAt ? fmtTime(inv.usedAt) : undefined }}>
                {inv.usedAt ? `${t('inv.usedAt')} ${fmtMinute(inv.usedAt)}` : '—'}
              </Typography.Text>
            ),
        },
      }}
    >
      <CreateInvitationModal open={creating} onClose={() => setCreating(false)} onCreated={(inv) => setShowing(inv)} />
      <InvitationCodeModal invitation={showing} onClose={() => setShowing(null)} />
    </ListPage>
  );
}
