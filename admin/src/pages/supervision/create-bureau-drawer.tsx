import { useState } from 'react';
import { Alert, App, Button, Divider, Drawer, Form, Input, Select, Space } from 'antd';
import { applyFieldErrors, errorText } from '../../api/errors.ts';
import { useCreateBureau } from '../../api/supervision-queries.ts';
import { CredentialsModal, type Credentials } from '../../components/credentials-modal.tsx';
import { useT } from '../../i18n/i18n.tsx';
import { useMessages } from '../../i18n/feature.ts';
import { supMessages } from './messages.ts';

interface Values {
  code: string;
  name: string;
  region: string;
  timeZone: string;
  user: { username: string; name: string; password?: string };
}

const TIME_ZONES = ['Asia/Shanghai', 'Asia/Urumqi', 'Asia/Hong_Kong', 'Asia/Macau', 'Asia/Taipei'];

/** Opens a supervising bureau with its first user (a city supervisor); a generated password is shown once. */
export function CreateBureauDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useMessages(supMessages);
  const tc = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreateBureau();
  const [error, setError] = useState<string | null>(null);
  const [credentials, setCredentials] = useState<Credentials | null>(null);

  const submit = async (v: Values) => {
    setError(null);
    try {
      const r = await create.mutateAsync({
        code: v.code.trim().toLowerCase(),
        name: v.name.trim(),
        region: v.region.trim(),
        timeZone: v.timeZone,
        user: { username: v.user.username.trim(), name: v.user.name.trim(), password: v.user.password || undefined },
      });
      if (!r.created) {
        form.setFields([{ name: 'code', errors: [t('bureauExists', { code: r.bureau.code })] }]);
        return;
      }
      form.resetFields();
      onClose();
      message.success(t('bureauCreated', { name: r.bureau.name }));
      if (r.user.initialPassword)
        setCredentials({
          title: t('credentialsTitle', { name: r.bureau.name }),
          username: `${r.bureau.code} / ${r.user.username}`,
          password: r.user.initialPassword,
        });
    } catch (e) {
      const shown = applyFieldErrors(form, e, {
        code: 'code',
        name: 'name',
        region: 'region',
        timeZone: 'timeZone',
        'user.username': ['user', 'username'],
        'user.name': ['user', 'name'],
        'user.password': ['user', 'password'],
      });
      if (!shown) setError(errorText(e));
    }
  };

  return (
    <>
      <Drawer
        open={open}
        title={t('createBureau')}
        size={520}
        onClose={onClose}
        destroyOnHidden
        forceRender
        footer={
          <Space style={{ float: 'right' }}>
            <Button onClick={onClose}>{t('cancel')}</Button>
            <Button type="primary" loading={create.isPending} onClick={() => form.submit()} data-testid="bureau-submit">
              {tc('common.create')}
            </Button>
          </Space>
        }
      >
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
        <Form
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={{ timeZone: 'Asia/Shanghai', user: { username: 'city' } }}
        >
          <Form.Item
            name="code"
            label={t('bureauCode')}
            extra={t('bureauCodeHelp')}
            normalize={(v: string) => v?.toLowerCase()}
            rules={[{ required: true }, { pattern: /^[a-z][a-z0-9-]{1,31}$/, message: t('bureauCodeHelp') }]}
          >
            <Input className="mono" placeholder="yiwu" autoComplete="off" data-testid="bureau-code" />
          </Form.Item>
          <Form.Item name="name" label={t('bureauName')} rules={[{ required: true, whitespace: true, min: 2, max: 64 }]}>
            <Input placeholder={t('namePh')} data-testid="bureau-name" />
          </Form.Item>
          <Form.Item name="region" label={t('region')} rules={[{ required: true, whitespace: true, min: 2, max: 64 }]}>
            <Input placeholder={t('regionPh')} data-testid="bureau-region" />
          </Form.Item>
          <Form.Item name="timeZone" label={t('timeZone')} rules={[{ required: true }]}>
            <Select options={TIME_ZONES.map((z) => ({ value: z, label: z }))} />
          </Form.Item>
          <Divider titlePlacement="start" plain>
            {t('firstUser')}
          </Divider>
          <Form.Item
            name={['user', 'username']}
            label={t('username')}
            rules={[{ required: true }, { pattern: /^[a-zA-Z][a-zA-Z0-9_.-]{2,31}$/, message: tc('users.usernameInvalid') }]}
          >
            <Input autoComplete="off" data-testid="bureau-username" />
          </Form.Item>
          <Form.Item name={['user', 'name']} label={t('userName')} rules={[{ required: true, whitespace: true, max: 32 }]}>
            <Input data-testid="bureau-user-name" />
          </Form.Item>
          <Form.Item name={['user', 'password']} label={t('password')} extra={t('passwordHelp')}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </Form>
      </Drawer>
      <CredentialsModal value={credentials} onClose={() => setCredentials(null)} />
    </>
  );
}
