import { useState } from 'react';
import { Alert, App, Form, Input, Modal, Select } from 'antd';
import { useNavigate } from 'react-router';
import { applyFieldErrors, errorText } from '../api/errors.ts';
import { useTenants } from '../api/platform-queries.ts';
import { useSession } from '../auth/session.tsx';
import { useT } from '../i18n/i18n.tsx';
import { usePunct } from '../i18n/punct.ts';

interface Values {
  tenantId: string;
  reason: string;
}

/** Pick a zone and give a reason; the act-as grant is audited in both trails and lasts 15 minutes. */
export function ZoneSwitcherModal({ open, tenantId, onClose }: { open: boolean; tenantId?: string; onClose: () => void }) {
  const t = useT();
  const pn = usePunct();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { startActing } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<Values>();
  const zones = useTenants({ status: 'active', pageSize: 200 }, open);

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const grant = await startActing(v.tenantId, v.reason.trim());
      onClose();
      message.success(t('acting.entered', { zone: grant.me.tenant.name }));
      navigate('/');
    } catch (e) {
      if (!applyFieldErrors(form, e, { reason: 'reason', tenantId: 'tenantId' })) setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('acting.modalTitle')}
      okText={t('acting.enter')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      forceRender
    >
      <Alert type="info" showIcon title={t('acting.modalDesc')} style={{ marginBottom: 16 }} />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ tenantId }}>
        <Form.Item name="tenantId" label={t('acting.zone')} rules={[{ required: true, message: t('acting.zoneRequired') }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={zones.isLoading}
            placeholder={t('acting.zoneRequired')}
            options={(zones.data?.items ?? []).map((z) => ({ value: z.id, label: `${z.name}${pn.paren(z.code)}` }))}
            data-testid="act-zone"
          />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('acting.reasonLabel')}
          rules={[
            { required: true, whitespace: true, message: t('acting.reasonRequired') },
            { min: 4, max: 200, message: t('acting.reasonRequired') },
          ]}
        >
          <Input.TextArea
            rows={3}
            maxLength={200}
            showCount
            placeholder={t('acting.reasonPlaceholder')}
            data-testid="act-reason"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
