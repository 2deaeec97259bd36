import { useState } from 'react';
import { App, Button, Dropdown, Popconfirm, Space, Tag, Tooltip, Typography } from 'antd';
import {
  EditOutlined,
  KeyOutlined,
  MoreOutlined,
  PlusOutlined,
  SafetyCertificateOutlined,
  WechatOutlined,
} from '@ant-design/icons';
import type { Role, User } from '@yuanan/contracts';
import { errorText } from '../../api/errors.ts';
import { useEnterpriseNames, useUpdateUser, useUsers } from '../../api/zone-queries.ts';
import { hasPermission } from '../../auth/access.ts';
import { useSession } from '../../auth/session.tsx';
import { ListPage, useListQuery } from '../../components/list-page/index.ts';
import { useRoleLabel } from '../../components/role-label.ts';
import { fmtMinute } from '../../components/time.ts';
import { useT } from '../../i18n/i18n.tsx';
import { ResetPasswordModal } from './reset-password-modal.tsx';
import { ZONE_USER_ROLES } from './role-options.ts';
import { UserDrawer } from './user-drawer.tsx';

/** The zone's people: filter, create console users, edit, disable / enable, reset a password. */
export function UsersPage() {
  const t = useT();
  const { message } = App.useApp();
  const { effective } = useSession();
  const roleName = useRoleLabel();
  const canManage = hasPermission(effective, 'users.manage');
  const lq = useListQuery({
    filters: [
      { key: 'q', kind: 'text', label: t('common.keyword'), placeholder: t('users.searchPlaceholder'), width: 200 },
      {
        key: 'role',
        kind: 'select',
        label: t('users.role'),
        placeholder: t('common.all'),
        width: 180,
        options: ZONE_USER_ROLES.map((r) => ({ value: r, label: roleName(r) })),
      },
      {
        key: 'status',
        kind: 'select',
        label: t('common.status'),
        placeholder: t('common.all'),
        width: 120,
        options: [
          { value: 'active', label: t('users.active') },
          { value: 'disabled', label: t('users.disabledTag') },
        ],
      },
    ],
  });
  const [drawer, setDrawer] = useState<{ mode: 'create' } | { mode: 'edit'; user: User } | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);
  const list = useUsers(lq.params);
  const update = useUpdateUser();
  const hasEnterpriseUsers = (list.data?.items ?? []).some((u) => u.enterpriseId);
  const enterpriseNames = useEnterpriseNames(hasEnterpriseUsers && hasPermission(effective, 'enterprises.read'));

  const toggle = async (u: User) => {
    const status = u.status === 'active' ? 'disabled' : 'active';
    try {
      await update.mutateAsync({ id: u.id, status });
      message.success(t(status === 'disabled' ? 'users.disabledOk' : 'users.enabledOk', { name: u.name }));
    } catch (e) {
      message.error(errorText(e));
    }
  };

  return (
    <ListPage<User>
      title={t('users.title')}
      extra={
        canManage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawer({ mode: 'create' })} data-testid="user-create">
            {t('users.create')}
          </Button>
        )
      }
      lq={lq}
      list={list}
      testId="users"
      views="users"
      tableTitle={t('users.list')}
      emptyText={t('users.empty')}
      table={{
        rowKey: 'id',
        columns: [
          {
            key: 'name',
            title: t('users.name'),
            dataIndex: 'name',
            width: 170,
            fixed: 'left',
            render: (v: string, u: User) => (
              <Space size={6}>
                <Typography.Text strong>
                  {v}
                  {u.id === effective?.id && <Typography.Text type="secondary">{t('users.self')}</Typography.Text>}
                </Typography.Text>
                {u.mfaEnabled && (
                  <Tooltip title={t('users.mfaOn')}>
                    <SafetyCertificateOutlined style={{ color: '#13a8a8' }} aria-label={t('users.mfaOn')} />
                  </Tooltip>
                )}
                {u.wechatBound && (
                  <Tooltip title={t('users.wechatBound')}>
                    <WechatOutlined style={{ color: '#07c160' }} aria-label={t('users.wechatBound')} />
                  </Tooltip>
                )}
              </Space>
            ),
          },
          {
            key: 'username',
            title: t('users.username'),
            dataIndex: 'username',
            width: 130,
            ellipsis: true,
            render: (v: string | null) => <span className="mono">{v ?? '—'}</span>,
          },
          {
            key: 'role',
            title: t('users.role'),
            dataIndex: 'role',
            width: 130,
            render: (r: Role) => <Tag color="blue">{roleName(r)}</Tag>,
          },
          {
            key: 'enterprise',
            title: t('users.enterprise'),
            dataIndex: 'enterpriseId',
            width: 170,
            grow: true,
            ellipsis: { tip: (u: User) => (u.enterpriseId ? (enterpriseNames.get(u.enterpriseId) ?? u.enterpriseId) : null) },
            render: (v: string | null) => (v ? (enterpriseNames.get(v) ?? <Tag>{t('users.enterpriseAccount')}</Tag>) : '—'),
          },
          { key: 'phone', title: t('users.phone'), dataIndex: 'phone', width: 125, priority: 2 },
          {
            key: 'status',
            title: t('common.status'),
            dataIndex: 'status',
            width: 80,
            render: (st: User['status']) =>
              st === 'active' ? <Tag color="green">{t('users.active')}</Tag> : <Tag>{t('users.disabledTag')}</Tag>,
          },
          {
            key: 'lastLogin',
            title: t('users.lastLogin'),
            dataIndex: 'lastLoginAt',
            width: 140,
            priority: 2,
            render: (v: string | null) =>
              v ? fmtMinute(v) : <Typography.Text type="secondary">{t('users.never')}</Typography.Text>,
          },
        ],
        actions: canManage
          ? {
              width: 170,
              render: (u: User) => (
                <Space size={0}>
                  <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setDrawer({ mode: 'edit', user: u })}>
                    {t('common.edit')}
                  </Button>
                  <Popconfirm
                    title={t(u.status === 'active' ? 'users.disableConfirm' : 'users.enableConfirm', { name: u.name })}
                    description={u.status === 'active' ? t('users.disableDesc') : undefined}
                    okText={u.status === 'active' ? t('common.disable') : t('common.enable')}
                    okButtonProps={{ danger: u.status === 'active' }}
                    cancelText={t('common.cancel')}
                    onConfirm={() => toggle(u)}
                    disabled={u.id === effective?.id}
                  >
                    <Button type="link" size="small" danger={u.status === 'active'} disabled={u.id === effective?.id}>
                      {u.status === 'active' ? t('common.disable') : t('common.enable')}
                    </Button>
                  </Popconfirm>
                  <Dropdown
                    trigger={['click']}
                    menu={{
                      items: [{ key: 'reset', icon: <KeyOutlined />, label: t('users.resetPassword'), disabled: !u.username }],
                      onClick: () => setResetting(u),
                    }}
                  >
                    <Button type="text" size="small" icon={<MoreOutlined />} aria-label={t('common.actions')} />
                  </Dropdown>
                </Space>
              ),
            }
          : null,
      }}
    >
      <UserDrawer state={drawer} onClose={() => setDrawer(null)} />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />
    </ListPage>
  );
}
