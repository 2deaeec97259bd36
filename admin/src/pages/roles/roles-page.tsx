import { useState } from 'react';
import { Alert, App, Button, Card, Flex, Form, Input, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { can, isConsoleRole, type CatalogItem, type Role } from '@yuanan/contracts';
import { errorText } from '../../api/errors.ts';
import { useCatalog, useUpdateCatalogItem } from '../../api/zone-queries.ts';
import { hasPermission } from '../../auth/access.ts';
import { useSession } from '../../auth/session.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { isPersonRole, isRole, roleLabel } from '../../i18n/labels.ts';
import { useMessages } from '../../i18n/feature.ts';
import { usePunct } from '../../i18n/punct.ts';
import { PAGES } from '../../pages.tsx';
import { roleWhereMessages } from './messages.ts';
import type { MessageKey } from '../../i18n/zh-CN.ts';

/** The console pages a role opens, by the same permission check the menu uses (zone pages; the home page aside). */
function consolePages(role: Role): MessageKey[] {
  if (!isConsoleRole(role)) return [];
  return PAGES.filter(
    (p) =>
      p.inMenu &&
      p.key !== 'home' &&
      p.permission !== 'self' &&
      (role === 'platform_admin' ? p.scope !== 'zone' : p.scope !== 'platform') &&
      can(role, p.permission),
  ).map((p) => p.label);
}

/** The zone's role list (its catalogue): rename to local terms, enable or disable for new invitations. */
export function RolesPage() {
  const { t, lang } = useI18n();
  const pn = usePunct();
  const w = useMessages(roleWhereMessages);
  const { message } = App.useApp();
  const { effective } = useSession();
  const canManage = hasPermission(effective, 'catalog.manage');
  const roles = useCatalog('role');
  const update = useUpdateCatalogItem();
  const [renaming, setRenaming] = useState<CatalogItem | null>(null);
  const [form] = Form.useForm<{ name: string }>();

  const save = async (item: CatalogItem, patch: { name?: string; enabled?: boolean }) => {
    try {
      await update.mutateAsync({ id: item.id, ...patch });
      message.success(t('common.saved'));
      return true;
    } catch (e) {
      message.error(errorText(e));
      return false;
    }
  };

  return (
    <PageContainer title={t('roles.title')} description={t('roles.desc')}>
      {!canManage && <Alert type="info" showIcon title={t('roles.readonly')} />}
      <Card title={t('roles.list')}>
        {roles.isError && !roles.data ? (
          <QueryError error={roles.error} onRetry={() => void roles.refetch()} />
        ) : (
          <Table<CatalogItem>
            rowKey="id"
            loading={roles.isFetching}
            dataSource={[...(roles.data ?? [])].sort((a, b) => a.sort - b.sort)}
            pagination={false}
            // Every column fits the content area of a 1440 px screen (the menu beside it); narrower, the table scrolls.
            tableLayout="fixed"
            scroll={{ x: 1100 }}
            columns={[
              {
                title: t('roles.name'),
                dataIndex: 'name',
                width: 120,
                render: (v: string) => <Typography.Text strong>{v}</Typography.Text>,
              },
              {
                title: t('roles.standard'),
                dataIndex: 'code',
                key: 'standard',
                width: 150,
                // The standard name, its code under it (one column: the table has the room for the two lists).
                render: (c: string) => (
                  <Flex vertical>
                    <span>{roleLabel(c, lang)}</span>
                    <Typography.Text type="secondary" className="mono" style={{ fontSize: 12 }}>
                      {c}
                    </Typography.Text>
                  </Flex>
                ),
              },
              {
                title: w('consoleCol'),
                dataIndex: 'code',
                width: 230,
                key: 'console',
                render: (c: string) => {
                  const pages = isRole(c) ? consolePages(c) : [];
                  return pages.length ? (
                    <Typography.Text style={{ fontSize: 12 }} data-testid={`role-console-${c}`}>
                      {pn.list(pages.map((k) => t(k)))}
                    </Typography.Text>
                  ) : (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {isRole(c) && isConsoleRole(c) ? t('menu.home') : w('noConsole')}
                    </Typography.Text>
                  );
                },
              },
              {
                title: w('miniappCol'),
                dataIndex: 'code',
                key: 'miniapp',
                width: 170,
                render: (c: string) => (
                  <Typography.Text style={{ fontSize: 12 }}>{isPersonRole(c) ? w(`mini_${c}`) : w('none')}</Typography.Text>
                ),
              },
              {
                title: w('comingCol'),
                dataIndex: 'code',
                key: 'coming',
                // The rest of the row (about 170 px at 1440 px): the last list, wrapped.
                render: (c: string) => (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {isPersonRole(c) ? w(`soon_${c}`) : w('none')}
                  </Typography.Text>
                ),
              },
              {
                title: t('common.status'),
                dataIndex: 'enabled',
                width: 90,
                render: (v: boolean) => (v ? <Tag color="green">{t('common.enabled')}</Tag> : <Tag>{t('common.disabled')}</Tag>),
              },
              ...(canManage
                ? [
                    {
                      title: t('common.actions'),
                      key: 'actions',
                      width: 190,
                      render: (_: unknown, r: CatalogItem) => (
                        <Space size={0}>
                          <Button
                            type="link"
                            size="small"
                            icon={<EditOutlined />}
                            onClick={() => {
                              form.setFieldsValue({ name: r.name });
                              setRenaming(r);
                            }}
                          >
                            {t('roles.rename')}
                          </Button>
                          <Popconfirm
                            title={t(r.enabled ? 'roles.disableConfirm' : 'roles.enableConfirm', { name: r.name })}
                            description={r.enabled ? t('roles.disableDesc') : undefined}
                            okText={r.enabled ? t('common.disable') : t('common.enable')}
                            okButtonProps={{ danger: r.enabled }}
                            cancelText={t('common.cancel')}
                            onConfirm={() => save(r, { enabled: !r.enabled })}
                          >
                            <Button type="link" size="small" danger={r.enabled}>
                              {r.enabled ? t('common.disable') : t('common.enable')}
                            </Button>
                          </Popconfirm>
                        </Space>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        )}
      </Card>
      <Modal
        open={!!renaming}
        title={t('roles.renameTitle')}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={update.isPending}
        onCancel={() => setRenaming(null)}
        onOk={() => form.submit()}
        forceRender
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={async ({ name }) => {
            if (renaming && (await save(renaming, { name: name.trim() }))) setRenaming(null);
          }}
        >
          <Form.Item label={t('roles.standard')}>
            <Input value={renaming ? roleLabel(renaming.code, lang) : ''} disabled />
          </Form.Item>
          <Form.Item name="name" label={t('roles.name')} rules={[{ required: true, whitespace: true, max: 40 }]}>
            <Input maxLength={40} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </PageContainer>
  );
}
