import { useState } from 'react';
import { Alert, App, Button, Descriptions, Divider, Drawer, Form, Input, Modal, Result, Select, Space, Typography } from 'antd';
import { applyFieldErrors, errorText } from '../../api/errors.ts';
import { useCreateTenant } from '../../api/platform-queries.ts';
import { useT } from '../../i18n/i18n.tsx';

interface Values {
  code: string;
  name: string;
  region: string;
  timeZone: string;
  admin: { username: string; name: string; password?: string };
}

interface Created {
  name: string;
  code: string;
  username: string;
  initialPassword?: string;
}

const TIME_ZONES = ['Asia/Shanghai', 'Asia/Urumqi', 'Asia/Hong_Kong', 'Asia/Macau', 'Asia/Taipei'];

/** Opens a zone with its first administrator; the generated password is shown once. */
export function CreateZoneDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreateTenant();
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<Created | null>(null);

  const submit = async (v: Values) => {
    setError(null);
    try {
      const r = await create.mutateAsync({
        code: v.code.trim().toLowerCase(),
        name: v.name.trim(),
        region: v.region.trim(),
        timeZone: v.timeZone,
        admin: { username: v.admin.username.trim(), name: v.admin.name.trim(), password: v.admin.password || undefined },
      });
      if (!r.created) {
        form.setFields([{ name: 'code', errors: [t('zones.exists', { code: r.tenant.code })] }]);
        message.warning(t('zones.exists', { code: r.tenant.code }));
        return;
      }
      form.resetFields();
      onClose();
      setCreated({
        name: r.tenant.name,
        code: r.tenant.code,
        username: r.admin.username,
        initialPassword: r.admin.initialPassword,
      });
    } catch (e) {
      const shown = applyFieldErrors(form, e, {
        code: 'code',
        name: 'name',
        region: 'region',
        timeZone: 'timeZone',
        'admin.username': ['admin', 'username'],
        'admin.name': ['admin', 'name'],
        'admin.password': ['admin', 'password'],
      });
      if (!shown) setError(errorText(e));
    }
  };

  return (
    <>
      <Drawer
        open={open}
        title={t('zones.create')}
        size={520}
        onClose={onClose}
        destroyOnHidden
        forceRender
        footer={
          <Space style={{ float: 'right' }}>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="primary" loading={create.isPending} onClick={() => form.submit()} data-testid="zone-submit">
              {t('common.create')}
            </Button>
          </Space>
        }
      >
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
        <Form
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={{ timeZone: 'Asia/Shanghai', admin: { username: 'admin', name: '园区管理员' } }}
        >
          <Form.Item
            name="code"
            label={t('zones.code')}
            extra={t('zones.codeHelp')}
            normalize={(v: string) => v?.toLowerCase()}
            rules={[
              { required: true, message: t('zones.codeRequired') },
              { pattern: /^[a-z][a-z0-9-]{1,31}$/, message: t('zones.codeInvalid') },
            ]}
          >
            <Input className="mono" placeholder="jinhua-kfq" autoComplete="off" data-testid="zone-code" />
          </Form.Item>
          <Form.Item name="name" label={t('zones.name')} rules={[{ required: true, whitespace: true, min: 2, max: 64 }]}>
            <Input placeholder="金华经济技术开发区" data-testid="zone-name-input" />
          </Form.Item>
          <Form.Item name="region" label={t('zones.region')} rules={[{ required: true, whitespace: true, min: 2, max: 64 }]}>
            <Input placeholder={t('zones.regionPlaceholder')} data-testid="zone-region" />
          </Form.Item>
          <Form.Item name="timeZone" label={t('zones.timeZone')} rules={[{ required: true }]}>
            <Select options={TIME_ZONES.map((z) => ({ value: z, label: z }))} />
          </Form.Item>
          <Divider titlePlacement="start" plain>
            {t('zones.admin')}
          </Divider>
          <Form.Item
            name={['admin', 'username']}
            label={t('zones.adminUsername')}
            extra={t('users.usernameHelp')}
            rules={[
              { required: true, message: t('users.usernameRequired') },
              { pattern: /^[a-zA-Z][a-zA-Z0-9_.-]{2,31}$/, message: t('users.usernameInvalid') },
            ]}
          >
            <Input autoComplete="off" data-testid="zone-admin-username" />
          </Form.Item>
          <Form.Item
            name={['admin', 'name']}
            label={t('zones.adminName')}
            rules={[{ required: true, whitespace: true, max: 32 }]}
          >
            <Input />
          </Form.Item>
          <Form.Item name={['admin', 'password']} label={t('zones.adminPassword')} extra={t('zones.adminPasswordHelp')}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </Form>
      </Drawer>
      <Modal
        open={!!created}
        onCancel={() => setCreated(null)}
        footer={
          <Button type="primary" onClick={() => setCreated(null)}>
            {t('common.ok')}
          </Button>
        }
        width={560}
      >
        {created && (
          <Result
            status="success"
            title={t('zones.createdTitle', { name: created.name })}
            subTitle={t('zones.createdDesc')}
            style={{ padding: '16px 0 0' }}
            data-testid="zone-created"
          >
            <Descriptions column={1} bordered size="small">
              <Descriptions.Item label={t('zones.code')}>
                <Typography.Text className="mono" copyable>
                  {created.code}
                </Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('zones.adminUsername')}>
                <Typography.Text className="mono" copyable>
                  {created.username}
                </Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('zones.initialPassword')}>
                {created.initialPassword ? (
                  <Typography.Text className="mono" strong copyable data-testid="initial-password" style={{ fontSize: 16 }}>
                    {created.initialPassword}
                  </Typography.Text>
                ) : (
                  <Typography.Text type="secondary">{t('zones.passwordYours')}</Typography.Text>
                )}
              </Descriptions.Item>
            </Descriptions>
          </Result>
        )}
      </Modal>
    </>
  );
}
