import { useState } from 'react';
import { App, Button, Descriptions, Modal, Result, Typography } from 'antd';
import { useCreateTenant } from '../../api/platform-queries.ts';
import { OrganisationDrawer, trimmedOrganisation } from '../../components/organisation-drawer.tsx';
import { useT } from '../../i18n/i18n.tsx';

interface Created {
  name: string;
  code: string;
  username: string;
  initialPassword?: string;
}

/** Opens a zone with its first administrator; the generated password is shown once. */
export function CreateZoneDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const create = useCreateTenant();
  const [created, setCreated] = useState<Created | null>(null);

  return (
    <>
      <OrganisationDrawer
        open={open}
        onClose={onClose}
        userField="admin"
        testId="zone"
        initialUser={{ username: 'admin', name: '园区管理员' }}
        pending={create.isPending}
        text={{
          title: t('zones.create'),
          code: t('zones.code'),
          codeHelp: t('zones.codeHelp'),
          codeRequired: t('zones.codeRequired'),
          codeInvalid: t('zones.codeInvalid'),
          codePlaceholder: 'jinhua-kfq',
          name: t('zones.name'),
          namePlaceholder: '金华经济技术开发区',
          region: t('zones.region'),
          regionPlaceholder: t('zones.regionPlaceholder'),
          timeZone: t('zones.timeZone'),
          firstUser: t('zones.admin'),
          username: t('zones.adminUsername'),
          usernameHelp: t('users.usernameHelp'),
          userName: t('zones.adminName'),
          password: t('zones.adminPassword'),
          passwordHelp: t('zones.adminPasswordHelp'),
        }}
        onSubmit={async (v, form) => {
          const { user, ...zone } = trimmedOrganisation(v);
          const r = await create.mutateAsync({ ...zone, admin: user });
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
        }}
      />
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
