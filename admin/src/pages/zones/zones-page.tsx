import { useState } from 'react';
import { App, Button, Popconfirm, Space, Tag, Typography } from 'antd';
import { EditOutlined, LoginOutlined, PlusOutlined } from '@ant-design/icons';
import type { Tenant } from '@yuanan/contracts';
import { errorText } from '../../api/errors.ts';
import { useTenants, useUpdateTenant } from '../../api/platform-queries.ts';
import { ListPage, useListQuery } from '../../components/list-page/index.ts';
import { fmtTime } from '../../components/time.ts';
import { useZoneSwitcher } from '../../components/zone-switcher.tsx';
import { useT } from '../../i18n/i18n.tsx';
import { CreateZoneDrawer } from './create-zone-drawer.tsx';
import { EditZoneModal } from './edit-zone-modal.tsx';

/** The platform's zones: list, open a new one, rename, disable / enable, enter (act as). */
export function ZonesPage() {
  const t = useT();
  const { message } = App.useApp();
  const switcher = useZoneSwitcher();
  const lq = useListQuery({
    filters: [
      { key: 'q', kind: 'text', label: t('common.keyword'), placeholder: t('zones.searchPlaceholder'), width: 220 },
      {
        key: 'status',
        kind: 'select',
        label: t('common.status'),
        placeholder: t('common.all'),
        width: 140,
        options: [
          { value: 'active', label: t('zones.active') },
          { value: 'disabled', label: t('zones.disabledTag') },
        ],
      },
    ],
  });
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Tenant | null>(null);
  const list = useTenants(lq.params);
  const update = useUpdateTenant();

  const toggle = async (z: Tenant) => {
    const status = z.status === 'active' ? 'disabled' : 'active';
    try {
      await update.mutateAsync({ id: z.id, status });
      message.success(t(status === 'disabled' ? 'zones.disabledOk' : 'zones.enabledOk', { name: z.name }));
    } catch (e) {
      message.error(errorText(e));
    }
  };

  return (
    <ListPage<Tenant>
      title={t('zones.title')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="zone-create">
          {t('zones.create')}
        </Button>
      }
      lq={lq}
      list={list}
      testId="zones"
      tableTitle={t('zones.list')}
      emptyText={t('zones.empty')}
      table={{
        rowKey: 'id',
        columns: [
          {
            key: 'name',
            title: t('zones.name'),
            dataIndex: 'name',
            width: 200,
            grow: true,
            ellipsis: true,
            render: (v: string) => <Typography.Text strong>{v}</Typography.Text>,
          },
          {
            key: 'code',
            title: t('zones.code'),
            dataIndex: 'code',
            width: 150,
            render: (v: string) => (
              <Typography.Text className="mono" copyable>
                {v}
              </Typography.Text>
            ),
          },
          { key: 'region', title: t('zones.region'), dataIndex: 'region', width: 160, ellipsis: true },
          { key: 'timeZone', title: t('zones.timeZone'), dataIndex: 'timeZone', width: 140, priority: 3 },
          {
            key: 'status',
            title: t('common.status'),
            dataIndex: 'status',
            width: 90,
            render: (st: Tenant['status']) =>
              st === 'active' ? (
                <Tag color="green">{t('zones.active')}</Tag>
              ) : (
                <Tag color="default">{t('zones.disabledTag')}</Tag>
              ),
          },
          {
            key: 'createdAt',
            title: t('common.createdAt'),
            dataIndex: 'createdAt',
            width: 170,
            priority: 2,
            render: (v: string) => fmtTime(v),
          },
        ],
        actions: {
          width: 220,
          render: (z: Tenant) => (
            <Space size={4}>
              <Button
                type="link"
                size="small"
                icon={<LoginOutlined />}
                disabled={z.status !== 'active'}
                onClick={() => switcher.open(z.id)}
              >
                {t('zones.enter')}
              </Button>
              <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(z)}>
                {t('common.edit')}
              </Button>
              <Popconfirm
                title={t(z.status === 'active' ? 'zones.disableConfirm' : 'zones.enableConfirm', { name: z.name })}
                description={z.status === 'active' ? <div style={{ maxWidth: 280 }}>{t('zones.disableDesc')}</div> : undefined}
                okText={z.status === 'active' ? t('common.disable') : t('common.enable')}
                okButtonProps={{ danger: z.status === 'active' }}
                cancelText={t('common.cancel')}
                onConfirm={() => toggle(z)}
              >
                <Button type="link" size="small" danger={z.status === 'active'}>
                  {z.status === 'active' ? t('common.disable') : t('common.enable')}
                </Button>
              </Popconfirm>
            </Space>
          ),
        },
      }}
    >
      <CreateZoneDrawer open={creating} onClose={() => setCreating(false)} />
      <EditZoneModal zone={editing} onClose={() => setEditing(null)} />
    </ListPage>
  );
}
