import { useState } from 'react';
import { App, Button, Card, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import type { CatalogItem } from '@yuanan/contracts';
import { applyFormErrors, errorText } from '../../api/errors.ts';
import { useCatalog, useUpdateCatalogItem } from '../../api/zone-queries.ts';
import { useMessages } from '../../i18n/feature.ts';
import { settingsMessages } from './messages.ts';
import { useAddCatalogItem } from './settings-queries.ts';

const GROUPS = ['place', 'enterprise', 'risk'] as const;

/**
 * One zone list (hazard categories or key-place tags) through the catalogue api: add, rename, enable or disable.
 * Codes are fixed once saved (records refer to them); disabling keeps old records readable.
 */
export function CatalogCard({ kind, canEdit }: { kind: 'hazard_category' | 'key_place_tag'; canEdit: boolean }) {
  const t = useMessages(settingsMessages);
  const { message } = App.useApp();
  const list = useCatalog(kind);
  const update = useUpdateCatalogItem();
  const add = useAddCatalogItem();
  const [editing, setEditing] = useState<CatalogItem | 'new' | null>(null);
  const [form] = Form.useForm<{ code?: string; name: string; group?: string }>();
  const tags = kind === 'key_place_tag';

  const save = async (v: { code?: string; name: string; group?: string }) => {
    try {
      if (editing === 'new')
        await add.mutateAsync({ kind, code: v.code!.trim(), name: v.name.trim(), ...(tags ? { group: v.group ?? null } : {}) });
      else if (editing)
        await update.mutateAsync({ id: editing.id, name: v.name.trim(), ...(tags ? { group: v.group ?? null } : {}) });
      message.success(t('saved'));
      setEditing(null);
    } catch (e) {
      if (!applyFormErrors(form, e)) message.error(errorText(e));
    }
  };

  return (
    <Card
      title={t(tags ? 'tags' : 'categories')}
      data-testid={`settings-catalog-${kind}`}
      extra={
        canEdit && (
          <Button
            icon={<PlusOutlined />}
            onClick={() => {
              form.resetFields();
              setEditing('new');
            }}
          >
            {t('addItem')}
          </Button>
        )
      }
    >
      <Table<CatalogItem>
        rowKey="id"
        size="small"
        loading={list.isFetching}
        dataSource={[...(list.data ?? [])].sort((a, b) => a.sort - b.sort)}
        pagination={false}
        columns={[
          { title: t('catName'), dataIndex: 'name' },
          { title: t('catCode'), dataIndex: 'code', render: (c: string) => <span className="mono">{c}</span> },
          ...(tags
            ? [
                {
                  title: t('catGroup'),
                  dataIndex: 'group',
                  render: (g: string | null) =>
                    g && (GROUPS as readonly string[]).includes(g) ? t(`group_${g as (typeof GROUPS)[number]}`) : '—',
                },
              ]
            : []),
          {
            title: '',
            dataIndex: 'enabled',
            width: 90,
            render: (v: boolean) => (v ? <Tag color="green">{t('enabled')}</Tag> : <Tag>{t('disabled')}</Tag>),
          },
          ...(canEdit
            ? [
                {
                  title: '',
                  key: 'actions',
                  width: 160,
                  render: (_: unknown, r: CatalogItem) => (
                    <Space size={0}>
                      <Button
                        type="link"
                        size="small"
                        icon={<EditOutlined />}
                        onClick={() => {
                          form.setFieldsValue({ name: r.name, group: r.group ?? undefined });
                          setEditing(r);
                        }}
                      >
                        {t('rename')}
                      </Button>
                      <Button
                        type="link"
                        size="small"
                        danger={r.enabled}
                        onClick={async () => {
                          try {
                            await update.mutateAsync({ id: r.id, enabled: !r.enabled });
                            message.success(t('saved'));
                          } catch (e) {
                            message.error(errorText(e));
                          }
                        }}
                      >
                        {r.enabled ? t('disable') : t('enable')}
                      </Button>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={!!editing}
        title={editing === 'new' ? t('addTitle') : t('renameTitle')}
        okText={t('save')}
        cancelText={t('cancel')}
        confirmLoading={add.isPending || update.isPending}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        forceRender
      >
        <Form form={form} layout="vertical" onFinish={save}>
          {editing === 'new' && (
            <Form.Item
              name="code"
              label={t('catCode')}
              extra={t('codeHelp')}
              rules={[{ required: true, pattern: /^[a-z0-9_-]{1,40}$/, message: t('codeHelp') }]}
            >
              <Input maxLength={40} />
            </Form.Item>
          )}
          <Form.Item name="name" label={t('catName')} rules={[{ required: true, whitespace: true, max: 40 }]}>
            <Input maxLength={40} showCount />
          </Form.Item>
          {tags && (
            <Form.Item name="group" label={t('catGroup')}>
              <Select allowClear options={GROUPS.map((g) => ({ value: g, label: t(`group_${g}`) }))} />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Card>
  );
}
