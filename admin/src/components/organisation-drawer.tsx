import { useState } from 'react';
import { Alert, Button, Divider, Drawer, Form, Input, Select, Space } from 'antd';
import type { FormInstance } from 'antd';
import { applyFieldErrors, errorText } from '../api/errors.ts';
import { useT } from '../i18n/i18n.tsx';

/** What opening an organisation asks — a zone (园区) or a supervising bureau (监管机构) — with its first user. */
export interface OrganisationValues {
  code: string;
  name: string;
  region: string;
  timeZone: string;
  user: { username: string; name: string; password?: string };
}

/** The values trimmed (the code lower-cased, an empty password left out: the api then generates one). */
export function trimmedOrganisation(v: OrganisationValues) {
  return {
    code: v.code.trim().toLowerCase(),
    name: v.name.trim(),
    region: v.region.trim(),
    timeZone: v.timeZone,
    user: { username: v.user.username.trim(), name: v.user.name.trim(), password: v.user.password || undefined },
  };
}

/** The words of one kind of organisation's drawer, already in the reader's language. */
export interface OrganisationDrawerText {
  title: string;
  code: string;
  codeHelp: string;
  codeRequired?: string;
  codeInvalid: string;
  codePlaceholder: string;
  name: string;
  namePlaceholder: string;
  region: string;
  regionPlaceholder: string;
  timeZone: string;
  firstUser: string;
  username: string;
  usernameHelp?: string;
  userName: string;
  password: string;
  passwordHelp: string;
}

const TIME_ZONES = ['Asia/Shanghai', 'Asia/Urumqi', 'Asia/Hong_Kong', 'Asia/Macau', 'Asia/Taipei'];

/**
 * The drawer that opens a zone or a bureau with its first user (platform operator). `userField`: what the api calls
 * the first user in its body ('admin' for a zone, 'user' for a bureau), so its field errors land on the right
 * inputs; `testId`: the prefix of the inputs' test ids (`<p>-code`, `<p>-name-input`, `<p>-region`,
 * `<p>-admin-username`, `<p>-submit`). `onSubmit` may throw the api's error: field errors are shown at their
 * fields, any other in the drawer.
 */
export function OrganisationDrawer({
  open,
  onClose,
  text,
  userField,
  testId,
  initialUser,
  pending,
  onSubmit,
}: {
  open: boolean;
  onClose: () => void;
  text: OrganisationDrawerText;
  userField: 'admin' | 'user';
  testId: string;
  initialUser: { username: string; name?: string };
  pending: boolean;
  onSubmit: (values: OrganisationValues, form: FormInstance<OrganisationValues>) => Promise<void>;
}) {
  const t = useT();
  const [form] = Form.useForm<OrganisationValues>();
  const [error, setError] = useState<string | null>(null);

  const submit = async (v: OrganisationValues) => {
    setError(null);
    try {
      await onSubmit(v, form);
    } catch (e) {
      const shown = applyFieldErrors(form, e, {
        code: 'code',
        name: 'name',
        region: 'region',
        timeZone: 'timeZone',
        [`${userField}.username`]: ['user', 'username'],
        [`${userField}.name`]: ['user', 'name'],
        [`${userField}.password`]: ['user', 'password'],
      });
      if (!shown) setError(errorText(e));
    }
  };

  return (
    <Drawer
      open={open}
      title={text.title}
      size={520}
      onClose={onClose}
      destroyOnHidden
      forceRender
      footer={
        <Space style={{ float: 'right' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={pending} onClick={() => form.submit()} data-testid={`${testId}-submit`}>
            {t('common.create')}
          </Button>
        </Space>
      }
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ timeZone: 'Asia/Shanghai', user: initialUser }}>
        <Form.Item
          name="code"
          label={text.code}
          extra={text.codeHelp}
          normalize={(v: string) => v?.toLowerCase()}
          rules={[
            { required: true, message: text.codeRequired },
            { pattern: /^[a-z][a-z0-9-]{1,31}$/, message: text.codeInvalid },
          ]}
        >
          <Input className="mono" placeholder={text.codePlaceholder} autoComplete="off" data-testid={`${testId}-code`} />
        </Form.Item>
        <Form.Item name="name" label={text.name} rules={[{ required: true, whitespace: true, min: 2, max: 64 }]}>
          <Input placeholder={text.namePlaceholder} data-testid={`${testId}-name-input`} />
        </Form.Item>
        <Form.Item name="region" label={text.region} rules={[{ required: true, whitespace: true, min: 2, max: 64 }]}>
          <Input placeholder={text.regionPlaceholder} data-testid={`${testId}-region`} />
        </Form.Item>
        <Form.Item name="timeZone" label={text.timeZone} rules={[{ required: true }]}>
          <Select options={TIME_ZONES.map((z) => ({ value: z, label: z }))} />
        </Form.Item>
        <Divider titlePlacement="start" plain>
          {text.firstUser}
        </Divider>
        <Form.Item
          name={['user', 'username']}
          label={text.username}
          extra={text.usernameHelp}
          rules={[
            { required: true, message: t('users.usernameRequired') },
            { pattern: /^[a-zA-Z][a-zA-Z0-9_.-]{2,31}$/, message: t('users.usernameInvalid') },
          ]}
        >
          <Input autoComplete="off" data-testid={`${testId}-admin-username`} />
        </Form.Item>
        <Form.Item name={['user', 'name']} label={text.userName} rules={[{ required: true, whitespace: true, max: 32 }]}>
          <Input data-testid={`${testId}-admin-name`} />
        </Form.Item>
        <Form.Item name={['user', 'password']} label={text.password} extra={text.passwordHelp}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
