import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { isConsoleRole, type CatalogItem } from '@yuanan/contracts';
import { errorText } from '../../api/errors.ts';
import { useCatalog, useUpdateCatalogItem } from '../../api/zone-queries.ts';
import { hasPermission } from '../../auth/access.ts';
import { useSession } from '../../auth/session.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { isRole, roleLabel } from '../../i18n/labels.ts';

/** The zone's role list (its catalogue): rename to local terms, enable or disable for new invitations. */
export function RolesPage() {
  const { t, lang } = useI18n();
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
            scroll={{ x: 800 }}
            columns={[
              { title: t('roles.name'), dataIndex: 'name', render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
              { title: t('roles.standard'), dataIndex: 'code', key: 'standard', render: (c: string) => roleLabel(c, lang) },
              { title: t('roles.code'), dataIndex: 'code', render: (c: string) => <span className="mono">{c}</span> },
              {
                title: t('roles.where'),
                dataIndex: 'code',
                key: 'where',
                render: (c: string) =>
                  isRole(c) && isConsoleRole(c) ? (
                    <Tag color="geekblue">{t('roles.console')}</Tag>
                  ) : (
                    <Tag>{t('roles.miniapp')}</Tag>
                  ),
              },
              {
                title: t('common.status'),
                dataIndex: 'enabled',
                width: 100,
                render: (v: boolean) => (v ? <Tag color="green">{t('common.enabled')}</Tag> : <Tag>{t('common.disabled')}</Tag>),
              },
              ...(canManage
                ? [
                    {
                      title: t('common.actions'),
                      key: 'actions',
                      width: 180,
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
