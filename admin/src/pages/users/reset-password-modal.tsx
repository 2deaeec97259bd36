import { useEffect, useState } from 'react';
import { Alert, App, Button, Form, Input, Modal, Space, Typography } from 'antd';
import type { User } from '@yuanan/contracts';
import { applyFieldErrors, errorText } from '../../api/errors.ts';
import { useUpdateUser } from '../../api/zone-queries.ts';
import { CredentialsModal, type Credentials } from '../../components/credentials-modal.tsx';
import { useT } from '../../i18n/i18n.tsx';
import { generatePassword } from './role-options.ts';

/** Sets a temporary password that the user must change at the next sign-in. */
export function ResetPasswordModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ password: string }>();
  const update = useUpdateUser();
  const [error, setError] = useState<string | null>(null);
  const [credentials, setCredentials] = useState<Credentials | null>(null);
  useEffect(() => {
    setError(null);
    if (user) form.setFieldsValue({ password: generatePassword() });
  }, [user, form]);
  return (
    <>
      <Modal
        open={!!user}
        title={user ? t('users.resetTitle', { name: user.name }) : ''}
        okText={t('users.resetPassword')}
        okButtonProps={{ danger: true }}
        cancelText={t('common.cancel')}
        confirmLoading={update.isPending}
        onCancel={onClose}
        onOk={() => form.submit()}
        forceRender
      >
        <Typography.Paragraph type="secondary">{t('users.resetDesc')}</Typography.Paragraph>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
        <Form
          form={form}
          layout="vertical"
          onFinish={async ({ password }) => {
            if (!user) return;
            try {
              await update.mutateAsync({ id: user.id, resetPassword: password });
              message.success(t('users.resetDone', { name: user.name }));
              onClose();
              setCredentials({ title: t('users.resetDone', { name: user.name }), username: user.username ?? '', password });
            } catch (e) {
              if (!applyFieldErrors(form, e, { resetPassword: 'password' })) setError(errorText(e));
            }
          }}
        >
          <Form.Item label={t('users.tempPassword')} extra={t('password.policy')} required>
            <Space.Compact style={{ width: '100%' }}>
              <Form.Item name="password" noStyle rules={[{ required: true, message: t('password.required') }]}>
                <Input className="mono" autoComplete="new-password" />
              </Form.Item>
              <Button onClick={() => form.setFieldsValue({ password: generatePassword() })}>{t('common.generate')}</Button>
            </Space.Compact>
          </Form.Item>
        </Form>
      </Modal>
      <CredentialsModal value={credentials} onClose={() => setCredentials(null)} />
    </>
  );
}
