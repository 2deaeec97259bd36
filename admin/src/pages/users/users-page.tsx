import { useState } from 'react';
import {
  App,
  Button,
  Card,
  Dropdown,
  Empty,
  Form,
  Input,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import {
  EditOutlined,
  KeyOutlined,
  MoreOutlined,
  PlusOutlined,
  ReloadOutlined,
  SafetyCertificateOutlined,
  SearchOutlined,
  WechatOutlined,
} from '@ant-design/icons';
import type { Role, User } from '@yuanan/contracts';
import { errorText } from '../../api/errors.ts';
import { useEnterpriseNames, useUpdateUser, useUsers } from '../../api/zone-queries.ts';
import { hasPermission } from '../../auth/access.ts';
import { useSession } from '../../auth/session.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { useRoleLabel } from '../../components/role-label.ts';
import { fmtMinute } from '../../components/time.ts';
import { useT } from '../../i18n/i18n.tsx';
import { ResetPasswordModal } from './reset-password-modal.tsx';
import { ZONE_USER_ROLES } from './role-options.ts';
import { UserDrawer } from './user-drawer.tsx';

interface Filters {
  q?: string;
  role?: Role;
  status?: 'active' | 'disabled';
}

/** The zone's people: filter, create console users, edit, disable / enable, reset a password. */
export function UsersPage() {
  const t = useT();
  const { message } = App.useApp();
  const { effective } = useSession();
  const roleName = useRoleLabel();
  const canManage = hasPermission(effective, 'users.manage');
  const [form] = Form.useForm<Filters>();
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [drawer, setDrawer] = useState<{ mode: 'create' } | { mode: 'edit'; user: User } | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);
  const list = useUsers({ ...filters, ...page });
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
    <PageContainer
      title={t('users.title')}
      extra={
        canManage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawer({ mode: 'create' })} data-testid="user-create">
            {t('users.create')}
          </Button>
        )
      }
    >
      <Card size="small">
        <Form
          form={form}
          layout="inline"
          className="filter-bar"
          onFinish={(v) => {
            setFilters({ q: v.q?.trim() || undefined, role: v.role, status: v.status });
            setPage((p) => ({ ...p, page: 1 }));
          }}
        >
          <Form.Item name="q" label={t('common.keyword')}>
            <Input allowClear placeholder={t('users.searchPlaceholder')} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="role" label={t('users.role')}>
            <Select
              allowClear
              placeholder={t('common.all')}
              style={{ width: 180 }}
              options={ZONE_USER_ROLES.map((r) => ({ value: r, label: roleName(r) }))}
            />
          </Form.Item>
          <Form.Item name="status" label={t('common.status')}>
            <Select
              allowClear
              placeholder={t('common.all')}
              style={{ width: 120 }}
              options={[
                { value: 'active', label: t('users.active') },
                { value: 'disabled', label: t('users.disabledTag') },
              ]}
            />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
              {t('common.search')}
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                setFilters({});
              }}
            >
              {t('common.reset')}
            </Button>
          </Space>
        </Form>
      </Card>
      <Card
        title={t('users.list')}
        extra={
          <Button type="text" icon={<ReloadOutlined />} onClick={() => void list.refetch()} aria-label={t('common.refresh')} />
        }
      >
        {list.isError && !list.data ? (
          <QueryError error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<User>
            rowKey="id"
            loading={list.isFetching}
            dataSource={list.data?.items ?? []}
            scroll={{ x: 1050 }}
            locale={{ emptyText: <Empty description={t('users.empty')} /> }}
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
                title: t('users.name'),
                dataIndex: 'name',
                width: 160,
                render: (v: string, u) => (
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
                title: t('users.username'),
                dataIndex: 'username',
                width: 130,
                render: (v: string | null) => <span className="mono">{v ?? '—'}</span>,
              },
              {
                title: t('users.role'),
                dataIndex: 'role',
                width: 120,
                render: (r: Role) => <Tag color="blue">{roleName(r)}</Tag>,
              },
              {
                title: t('users.enterprise'),
                dataIndex: 'enterpriseId',
                width: 150,
                render: (v: string | null) =>
                  v ? (
                    enterpriseNames.get(v) ? (
                      <Typography.Text ellipsis={{ tooltip: enterpriseNames.get(v) }} style={{ maxWidth: 130 }}>
                        {enterpriseNames.get(v)}
                      </Typography.Text>
                    ) : (
                      <Tooltip title={v}>
                        <Tag>{t('users.enterpriseAccount')}</Tag>
                      </Tooltip>
                    )
                  ) : (
                    '—'
                  ),
              },
              { title: t('users.phone'), dataIndex: 'phone', width: 125, render: (v: string | null) => v ?? '—' },
              {
                title: t('common.status'),
                dataIndex: 'status',
                width: 80,
                render: (s: User['status']) =>
                  s === 'active' ? <Tag color="green">{t('users.active')}</Tag> : <Tag>{t('users.disabledTag')}</Tag>,
              },
              {
                title: t('users.lastLogin'),
                dataIndex: 'lastLoginAt',
                width: 150,
                render: (v: string | null) =>
                  v ? fmtMinute(v) : <Typography.Text type="secondary">{t('users.never')}</Typography.Text>,
              },
              ...(canManage
                ? [
                    {
                      title: t('common.actions'),
                      key: 'actions',
                      width: 140,
                      fixed: 'right' as const,
                      render: (_: unknown, u: User) => (
                        <Space size={0}>
                          <Button
                            type="link"
                            size="small"
                            icon={<EditOutlined />}
                            onClick={() => setDrawer({ mode: 'edit', user: u })}
                          >
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
                              items: [
                                { key: 'reset', icon: <KeyOutlined />, label: t('users.resetPassword'), disabled: !u.username },
                              ],
                              onClick: () => setResetting(u),
                            }}
                          >
                            <Button type="text" size="small" icon={<MoreOutlined />} aria-label={t('common.actions')} />
                          </Dropdown>
                        </Space>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        )}
      </Card>
      <UserDrawer state={drawer} onClose={() => setDrawer(null)} />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />
    </PageContainer>
  );
}
