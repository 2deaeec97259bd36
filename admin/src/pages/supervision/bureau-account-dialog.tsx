import { useEffect, useState } from 'react';
import { Alert, Form, Input } from 'antd';
import type { Bureau } from '@yuanan/contracts';
import { applyFieldErrors } from '../../api/errors.ts';
import { useBureauUser } from '../../api/supervision-queries.ts';
import { CredentialsModal, type Credentials } from '../../components/credentials-modal.tsx';
import { FormDialog } from '../../components/form-dialog.tsx';
import { useT } from '../../i18n/i18n.tsx';
import { useMessages } from '../../i18n/feature.ts';
import { supMessages } from './messages.ts';

/**
 * 账号 of a bureau (platform operator): a new city supervisor, or a new password for an existing username — the
 * bureau has no user management of its own. The generated password is shown once (CredentialsModal).
 * The api's refusals name `username` or `name` (a new username without a name; a taken username with another
 * name): they are put on those fields here, by name — FormDialog's own mapping only finds fields that hold a value,
 * and an empty 姓名 holds none, so "新账号须填写姓名" was shown with no field marked.
 */
export function BureauAccountDialog({ bureau, onClose }: { bureau: Bureau | null; onClose: () => void }) {
  const t = useMessages(supMessages);
  const tc = useT();
  const [form] = Form.useForm<{ username: string; name?: string }>();
  const save = useBureauUser();
  const [credentials, setCredentials] = useState<Credentials | null>(null);
  // Empty at every opening: the form outlives the dialog, and a name left from another bureau's (or a cancelled)
  // try would be sent with a new username — an account named after someone nobody typed (fresh tester).
  useEffect(() => {
    if (bureau) form.resetFields();
  }, [bureau, form]);
  return (
    <>
      {bureau && (
        <FormDialog<{ username: string; name?: string }>
          form={form}
          title={t('accountTitle', { bureau: bureau.name })}
          okText={t('accountOk')}
          cancelText={tc('common.cancel')}
          pending={save.isPending}
          okTestId="bureau-account-ok"
          before={<Alert type="info" showIcon title={t('accountHelp')} style={{ marginBottom: 16 }} />}
          submit={async (v) => {
            const r = await save
              .mutateAsync({ bureauId: bureau.id, username: v.username.trim(), name: v.name?.trim() || undefined })
              .catch((e: unknown) => {
                // marked at its field: the dialog stays open; anything else FormDialog shows as a message
                if (applyFieldErrors(form, e, { username: 'username', name: 'name' })) return null;
                throw e;
              });
            if (!r) return false;
            setCredentials({
              title: t('credentialsTitle', { name: `${bureau.name} · ${r.name}` }),
              username: `${bureau.code} / ${r.username}`,
              password: r.initialPassword,
            });
            return true;
          }}
          onClose={onClose}
        >
          <Form.Item
            name="username"
            label={t('username')}
            extra={tc('users.usernameHelp')}
            rules={[{ required: true }, { pattern: /^[a-zA-Z][a-zA-Z0-9_.-]{2,31}$/, message: tc('users.usernameInvalid') }]}
          >
            <Input autoComplete="off" data-testid="bureau-account-username" />
          </Form.Item>
          <Form.Item name="name" label={t('accountName')} extra={t('accountNameHelp')} rules={[{ whitespace: true, max: 32 }]}>
            <Input data-testid="bureau-account-name" />
          </Form.Item>
        </FormDialog>
      )}
      <CredentialsModal value={credentials} onClose={() => setCredentials(null)} />
    </>
  );
}
