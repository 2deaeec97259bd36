import { useEffect, useState } from 'react';
import { Alert, App, Button, Drawer, Form, Input, Select, Space } from 'antd';
import type { PersonRole, User } from '@yuanan/contracts';
import { applyFieldErrors, errorText } from '../../api/errors.ts';
import { useCatalog, useCreateUser, useUpdateUser } from '../../api/zone-queries.ts';
import { CredentialsModal, type Credentials } from '../../components/credentials-modal.tsx';
import { useRoleLabel } from '../../components/role-label.ts';
import { phoneRule } from '../../components/phone-rule.ts';
import { useT } from '../../i18n/i18n.tsx';
import { usePunct } from '../../i18n/punct.ts';
import { generatePassword, isEnterprise, ZONE_USER_ROLES } from './role-options.ts';

interface Values {
  username: string;
  name: string;
  /** Only people's roles are offered (never `api_client`). */
  role: PersonRole;
  password: string;
  phone?: string;
  gridIds?: string[];
}

const FIELDS = { username: 'username', name: 'name', role: 'role', password: 'password', phone: 'phone', gridIds: 'gridIds' };

/** Create a console user with a temporary password, or edit one (name, role, phone, grids). */
export function UserDrawer({
  state,
  onClose,
}: {
  state: { mode: 'create' } | { mode: 'edit'; user: User } | null;
  onClose: () => void;
}) {
  const t = useT();
  const pn = usePunct();
  const { message } = App.useApp();
  const roleName = useRoleLabel();
  const [form] = Form.useForm<Values>();
  const create = useCreateUser();
  const update = useUpdateUser();
  const grids = useCatalog('grid', !!state);
  const [error, setError] = useState<string | null>(null);
  const [credentials, setCredentials] = useState<Credentials | null>(null);
  const role = Form.useWatch('role', form);
  const editing = state?.mode === 'edit' ? state.user : null;

  useEffect(() => {
    setError(null);
    if (!state) return;
    form.resetFields();
    if (state.mode === 'edit') {
      form.setFieldsValue({
        name: state.user.name,
        role: state.user.role as PersonRole,
        phone: state.user.phone ?? undefined,
        gridIds: state.user.gridIds,
      });
    } else {
      form.setFieldsValue({ password: generatePassword() });
    }
  }, [state, form]);

  // Zone and enterprise roles do not mix: an enterprise person stays in enterprise roles.
  const roles = ZONE_USER_ROLES.filter((r) => (editing ? isEnterprise(r) === isEnterprise(editing.role) : !isEnterprise(r)));

  const submit = async (v: Values) => {
    setError(null);
    try {
      if (editing) {
        await update.mutateAsync({
          id: editing.id,
          name: v.name.trim(),
          role: v.role,
          phone: v.phone?.trim() ? v.phone.trim() : null,
          gridIds: v.gridIds ?? [],
        });
        message.success(t('common.saved'));
        onClose();
      } else {
        const u = await create.mutateAsync({
          username: v.username.trim(),
          name: v.name.trim(),
          role: v.role,
          password: v.password,
          phone: v.phone?.trim() || undefined,
          gridIds: v.gridIds?.length ? v.gridIds : undefined,
        });
        message.success(t('users.created', { name: u.name }));
        onClose();
        setCredentials({ title: t('users.created', { name: u.name }), username: u.username ?? v.username, password: v.password });
      }
    } catch (e) {
      if (!applyFieldErrors(form, e, FIELDS)) setError(errorText(e));
    }
  };

  return (
    <>
      <Drawer
        open={!!state}
        title={editing ? pn.labelled(t('users.edit'), editing.name) : t('users.create')}
        size={520}
        onClose={onClose}
        forceRender
        footer={
          <Space style={{ float: 'right' }}>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button
              type="primary"
              loading={create.isPending || update.isPending}
              onClick={() => form.submit()}
              data-testid="user-submit"
            >
              {editing ? t('common.save') : t('common.create')}
            </Button>
          </Space>
        }
      >
        {!editing && <Alert type="info" showIcon title={t('users.createDesc')} style={{ marginBottom: 16 }} />}
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
        <Form form={form} layout="vertical" onFinish={submit}>
          {!editing && (
            <Form.Item
              name="username"
              label={t('users.username')}
              extra={t('users.usernameHelp')}
              rules={[
                { required: true, message: t('users.usernameRequired') },
                { pattern: /^[a-zA-Z][a-zA-Z0-9_.-]{2,31}$/, message: t('users.usernameInvalid') },
              ]}
            >
              <Input className="mono" autoComplete="off" />
            </Form.Item>
          )}
          <Form.Item
            name="name"
            label={t('users.name')}
            rules={[{ required: true, whitespace: true, max: 32, message: t('users.nameRequired') }]}
          >
            <Input />
          </Form.Item>
          <Form.Item name="role" label={t('users.role')} rules={[{ required: true, message: t('users.roleRequired') }]}>
            <Select
              options={roles.map((r) => ({ value: r, label: roleName(r) }))}
              disabled={!!editing && isEnterprise(editing.role) && roles.length < 2}
            />
          </Form.Item>
          {!editing && (
            <Form.Item label={t('users.tempPassword')} extra={`${t('users.tempPasswordHelp')}。${t('password.policy')}`} required>
              <Space.Compact style={{ width: '100%' }}>
                <Form.Item name="password" noStyle rules={[{ required: true, message: t('password.required') }]}>
                  <Input className="mono" autoComplete="new-password" />
                </Form.Item>
                <Button onClick={() => form.setFieldsValue({ password: generatePassword() })}>{t('common.generate')}</Button>
              </Space.Compact>
            </Form.Item>
          )}
          <Form.Item name="phone" label={t('users.phone')} rules={[phoneRule('mobile')]}>
            <Input inputMode="tel" maxLength={30} />
          </Form.Item>
          {(role === 'grid_worker' || (editing?.gridIds.length ?? 0) > 0) && (
            <Form.Item name="gridIds" label={t('users.grids')}>
              <Select
                mode="multiple"
                loading={grids.isLoading}
                options={(grids.data ?? []).filter((g) => g.enabled).map((g) => ({ value: g.id, label: g.name }))}
              />
            </Form.Item>
          )}
        </Form>
      </Drawer>
      <CredentialsModal value={credentials} onClose={() => setCredentials(null)} />
    </>
  );
}
