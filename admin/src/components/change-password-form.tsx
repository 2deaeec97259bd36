import { useState } from 'react';
import { Alert, Button, Form, Input } from 'antd';
import { applyFieldErrors, errorText, isApiError } from '../api/errors.ts';
import { useChangePassword } from '../api/me-queries.ts';
import { useT } from '../i18n/i18n.tsx';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** Current and new password; the policy's reasons appear on the new-password field. */
export function ChangePasswordForm({ onDone, submitText }: { onDone: () => void; submitText?: string }) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const change = useChangePassword();
  const [error, setError] = useState<string | null>(null);

  const submit = async (v: Values) => {
    setError(null);
    try {
      await change.mutateAsync({ currentPassword: v.currentPassword, newPassword: v.newPassword });
      form.resetFields();
      onDone();
    } catch (e) {
      if (isApiError(e, 'wrong_password')) {
        form.setFields([{ name: 'currentPassword', errors: [e.message] }]);
        return;
      }
      if (isApiError(e, 'password_policy')) {
        const reasons = e.fieldErrors.newPassword ?? e.problem?.detail ?? e.message;
        form.setFields([{ name: 'newPassword', errors: [reasons] }]);
        return;
      }
      if (!applyFieldErrors(form, e, { currentPassword: 'currentPassword', newPassword: 'newPassword' })) setError(errorText(e));
    }
  };

  return (
    <Form form={form} layout="vertical" onFinish={submit} style={{ maxWidth: 440 }} data-testid="change-password-form">
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form.Item
        name="currentPassword"
        label={t('password.current')}
        rules={[{ required: true, message: t('password.required') }]}
      >
        <Input.Password autoComplete="current-password" data-testid="pw-current" />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={t('password.new')}
        extra={t('password.policy')}
        rules={[{ required: true, message: t('password.required') }]}
      >
        <Input.Password autoComplete="new-password" data-testid="pw-new" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={t('password.confirm')}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('password.required') },
          ({ getFieldValue }) => ({
            validator: (_, value: string) =>
              !value || value === getFieldValue('newPassword')
                ? Promise.resolve()
                : Promise.reject(new Error(t('password.mismatch'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid="pw-confirm" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={change.isPending} data-testid="pw-submit">
        {submitText ?? t('password.submit')}
      </Button>
    </Form>
  );
}
