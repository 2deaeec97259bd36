import { useState } from 'react';
import { App, Button, Card, Empty, Form, Input, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { EditOutlined, LoginOutlined, PlusOutlined, ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import type { Tenant } from '@yuanan/contracts';
import { errorText } from '../../api/errors.ts';
import { useTenants, useUpdateTenant } from '../../api/platform-queries.ts';
import { PageContainer } from '../../components/page-container.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { fmtTime } from '../../components/time.ts';
import { useZoneSwitcher } from '../../components/zone-switcher.tsx';
import { useT } from '../../i18n/i18n.tsx';
import { CreateZoneDrawer } from './create-zone-drawer.tsx';
import { EditZoneModal } from './edit-zone-modal.tsx';

interface Filters {
  q?: string;
  status?: 'active' | 'disabled';
}

/** The platform's zones: list, open a new one, rename, disable / enable, enter (act as). */
export function ZonesPage() {
  const t = useT();
  const { message } = App.useApp();
  const switcher = useZoneSwitcher();
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Tenant | null>(null);
  const [form] = Form.useForm<Filters>();
  const list = useTenants({ ...filters, ...page });
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
    <PageContainer
      title={t('zones.title')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="zone-create">
          {t('zones.create')}
        </Button>
      }
    >
      <Card size="small">
        <Form
          form={form}
          layout="inline"
          className="filter-bar"
          onFinish={(v) => {
            setFilters({ q: v.q?.trim() || undefined, status: v.status });
            setPage((p) => ({ ...p, page: 1 }));
          }}
        >
          <Form.Item name="q" label={t('common.keyword')}>
            <Input allowClear placeholder={t('zones.searchPlaceholder')} style={{ width: 220 }} />
          </Form.Item>
          <Form.Item name="status" label={t('common.status')}>
            <Select
              allowClear
              placeholder={t('common.all')}
              style={{ width: 140 }}
              options={[
                { value: 'active', label: t('zones.active') },
                { value: 'disabled', label: t('zones.disabledTag') },
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
        title={t('zones.list')}
        extra={
          <Button type="text" icon={<ReloadOutlined />} onClick={() => void list.refetch()} aria-label={t('common.refresh')} />
        }
      >
        {list.isError && !list.data ? (
          <QueryError error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<Tenant>
            rowKey="id"
            loading={list.isFetching}
            dataSource={list.data?.items ?? []}
            scroll={{ x: 960 }}
            locale={{ emptyText: <Empty description={t('zones.empty')} /> }}
            pagination={{
              current: page.page,
              pageSize: page.pageSize,
              total: list.data?.total ?? 0,
              showSizeChanger: true,
              showTotal: (total) => t('common.total', { total }),
              onChange: (p, ps) => setPage({ page: p, pageSize: ps }),
            }}
            columns={[
              { title: t('zones.name'), dataIndex: 'name', render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
              {
                title: t('zones.code'),
                dataIndex: 'code',
                render: (v: string) => (
                  <Typography.Text className="mono" copyable>
                    {v}
                  </Typography.Text>
                ),
              },
              { title: t('zones.region'), dataIndex: 'region' },
              { title: t('zones.timeZone'), dataIndex: 'timeZone', width: 140 },
              {
                title: t('common.status'),
                dataIndex: 'status',
                width: 100,
                render: (s: Tenant['status']) =>
                  s === 'active' ? (
                    <Tag color="green">{t('zones.active')}</Tag>
                  ) : (
                    <Tag color="default">{t('zones.disabledTag')}</Tag>
                  ),
              },
              { title: t('common.createdAt'), dataIndex: 'createdAt', width: 180, render: (v: string) => fmtTime(v) },
              {
                title: t('common.actions'),
                key: 'actions',
                width: 220,
                fixed: 'right',
                render: (_, z) => (
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
                      description={
                        z.status === 'active' ? <div style={{ maxWidth: 280 }}>{t('zones.disableDesc')}</div> : undefined
                      }
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
            ]}
          />
        )}
      </Card>
      <CreateZoneDrawer open={creating} onClose={() => setCreating(false)} />
      <EditZoneModal zone={editing} onClose={() => setEditing(null)} />
    </PageContainer>
  );
}
