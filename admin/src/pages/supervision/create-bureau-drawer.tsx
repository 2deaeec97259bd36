import { useState } from 'react';
import { App } from 'antd';
import { useCreateBureau } from '../../api/supervision-queries.ts';
import { CredentialsModal, type Credentials } from '../../components/credentials-modal.tsx';
import { OrganisationDrawer, trimmedOrganisation } from '../../components/organisation-drawer.tsx';
import { useMessages } from '../../i18n/feature.ts';
import { useT } from '../../i18n/i18n.tsx';
import { supMessages } from './messages.ts';

/** Opens a supervising bureau with its first user (a city supervisor); a generated password is shown once. */
export function CreateBureauDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useMessages(supMessages);
  const tc = useT();
  const { message } = App.useApp();
  const create = useCreateBureau();
  const [credentials, setCredentials] = useState<Credentials | null>(null);

  return (
    <>
      <OrganisationDrawer
        open={open}
        onClose={onClose}
        userField="user"
        testId="bureau"
        initialUser={{ username: 'city' }}
        pending={create.isPending}
        text={{
          title: t('createBureau'),
          code: t('bureauCode'),
          codeHelp: t('bureauCodeHelp'),
          codeInvalid: t('bureauCodeHelp'),
          codePlaceholder: 'yiwu',
          name: t('bureauName'),
          namePlaceholder: t('namePh'),
          region: t('region'),
          regionPlaceholder: t('regionPh'),
          timeZone: t('timeZone'),
          firstUser: t('firstUser'),
          username: t('username'),
          usernameHelp: tc('users.usernameHelp'),
          userName: t('userName'),
          password: t('password'),
          passwordHelp: t('passwordHelp'),
        }}
        onSubmit={async (v, form) => {
          const r = await create.mutateAsync(trimmedOrganisation(v));
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
        }}
      />
      <CredentialsModal value={credentials} onClose={() => setCredentials(null)} />
    </>
  );
}
