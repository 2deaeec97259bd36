import { useEffect, useState } from 'react';
import { Alert, App, Flex, Form, Input, InputNumber, Modal, Result, Select, Typography } from 'antd';
import { INVITABLE_BY, isEnterpriseRole, type PersonRole, type Role } from '@yuanan/contracts';
import type { ApiClient } from '@yuanan/sdk';
import { applyFieldErrors, errorText } from '../../api/errors.ts';
import { useCatalog, useCreateInvitation } from '../../api/zone-queries.ts';
import { useSession } from '../../auth/session.tsx';
import { EnterprisePicker } from '../../components/enterprise-picker.tsx';
import { QrCode } from '../../components/qr-code.tsx';
import { useRoleLabel } from '../../components/role-label.ts';
import { fmtTime } from '../../components/time.ts';
import { phoneRule } from '../../components/phone-rule.ts';
import { useT } from '../../i18n/i18n.tsx';

export type InvitationRow = Awaited<ReturnType<ApiClient['invitations']['list']>>['items'][number];

interface Values {
  role: Role;
  name?: string;
  phone?: string;
  enterpriseId?: string;
  expiresInDays: number;
}

/** Invite someone for a role (enterprise roles also name the enterprise). */
export function CreateInvitationModal({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (inv: InvitationRow) => void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const { effective, acting } = useSession();
  const roleName = useRoleLabel();
  const catalog = useCatalog('role', open);
  const create = useCreateInvitation();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const role = Form.useWatch('role', form);
  const inviter: Role | undefined = acting ? 'zone_admin' : effective?.role;
  const disabled = new Set((catalog.data ?? []).filter((c) => !c.enabled).map((c) => c.code));
  const roles = (inviter ? (INVITABLE_BY[inviter] ?? []) : []).filter((r) => !disabled.has(r));
  const needsEnterprise = !!role && isEnterpriseRole(role) && !!inviter && !isEnterpriseRole(inviter);

  useEffect(() => {
    if (open) {
      setError(null);
      form.resetFields();
    }
  }, [open, form]);

  const submit = async (v: Values) => {
    setError(null);
    try {
      const inv = await create.mutateAsync({
        // Only invitable roles are offered (never `api_client`).
        role: v.role as PersonRole,
        name: v.name?.trim() || undefined,
        phone: v.phone?.trim() || undefined,
        enterpriseId: needsEnterprise ? v.enterpriseId?.trim() : undefined,
        expiresInDays: v.expiresInDays,
      });
      onClose();
      onCreated(inv);
    } catch (e) {
      const shown = applyFieldErrors(form, e, {
        role: 'role',
        name: 'name',
        phone: 'phone',
        enterpriseId: 'enterpriseId',
        expiresInDays: 'expiresInDays',
      });
      if (!shown) {
        setError(errorText(e));
        message.error(errorText(e));
      }
    }
  };

  return (
    <Modal
      open={open}
      title={t('inv.createTitle')}
      okText={t('inv.create')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
      okButtonProps={{ disabled: roles.length === 0 }}
      onCancel={onClose}
      onOk={() => form.submit()}
      forceRender
      width={560}
    >
      <Typography.Paragraph type="secondary">{t('inv.createDesc')}</Typography.Paragraph>
      {roles.length === 0 && <Alert type="warning" showIcon title={t('inv.noRoles')} style={{ marginBottom: 16 }} />}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ expiresInDays: 7 }}>
        <Form.Item name="role" label={t('inv.role')} rules={[{ required: true, message: t('users.roleRequired') }]}>
          <Select
            options={roles.map((r) => ({ value: r, label: roleName(r) }))}
            data-testid="invite-role"
            placeholder={t('users.roleRequired')}
          />
        </Form.Item>
        {needsEnterprise && (
          <Form.Item
            name="enterpriseId"
            label={t('inv.enterprise')}
            rules={[{ required: true, message: t('inv.enterpriseRequired') }]}
          >
            <EnterprisePicker />
          </Form.Item>
        )}
        <Flex gap={16}>
          <Form.Item name="name" label={t('inv.name')} style={{ flex: 1 }} rules={[{ max: 32 }]}>
            <Input placeholder={t('inv.namePlaceholder')} data-testid="invite-name" />
          </Form.Item>
          <Form.Item name="phone" label={t('inv.phone')} style={{ flex: 1 }} rules={[phoneRule('mobile')]}>
            <Input placeholder={t('inv.phonePlaceholder')} inputMode="tel" maxLength={30} />
          </Form.Item>
        </Flex>
        <Form.Item name="expiresInDays" label={t('inv.expiresIn')} rules={[{ required: true }]}>
          <InputNumber min={1} max={30} precision={0} suffix={t('inv.days', { n: '' }).trim()} style={{ width: 160 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The 8-character code, big, with its QR code, to send to the invitee. */
export function InvitationCodeModal({ invitation, onClose }: { invitation: InvitationRow | null; onClose: () => void }) {
  const t = useT();
  const { effective } = useSession();
  const roleName = useRoleLabel();
  return (
    <Modal
      open={!!invitation}
      onCancel={onClose}
      onOk={onClose}
      okText={t('common.ok')}
      cancelButtonProps={{ style: { display: 'none' } }}
      width={520}
    >
      {invitation && (
        <Result
          status="success"
          icon={<QrCode value={invitation.code} size={180} testId="invite-qr" />}
          title={
            <Typography.Text className="invite-code" copyable={{ text: invitation.code }} data-testid="invite-code">
              {invitation.code}
            </Typography.Text>
          }
          subTitle={
            <Flex vertical gap={4} align="center">
              <span>
                {roleName(invitation.role)}
                {invitation.name ? ` · ${invitation.name}` : ''} · {t('inv.expiresAt')} {fmtTime(invitation.expiresAt)}
              </span>
              <span>{t('inv.createdDesc', { zone: effective?.tenant.name ?? '' })}</span>
            </Flex>
          }
          style={{ padding: '24px 0 8px' }}
        />
      )}
    </Modal>
  );
}
