import { useEffect } from 'react';
import { App, Form, Input, Modal } from 'antd';
import type { Tenant } from '@yuanan/contracts';
import { applyFieldErrors, errorText } from '../../api/errors.ts';
import { useUpdateTenant } from '../../api/platform-queries.ts';
import { useT } from '../../i18n/i18n.tsx';

/** Rename a zone or change its region (the code never changes: people type it to sign in). */
export function EditZoneModal({ zone, onClose }: { zone: Tenant | null; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: string; region: string }>();
  const update = useUpdateTenant();
  useEffect(() => {
    if (zone) form.setFieldsValue({ name: zone.name, region: zone.region });
  }, [zone, form]);
  return (
    <Modal
      open={!!zone}
      title={t('zones.editTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={update.isPending}
      onCancel={onClose}
      onOk={() => form.submit()}
      forceRender
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={async (v) => {
          try {
            await update.mutateAsync({ id: zone!.id, name: v.name.trim(), region: v.region.trim() });
            message.success(t('common.saved'));
            onClose();
          } catch (e) {
            if (!applyFieldErrors(form, e, { name: 'name', region: 'region' })) message.error(errorText(e));
          }
        }}
      >
        <Form.Item label={t('zones.code')}>
          <Input value={zone?.code} disabled className="mono" />
        </Form.Item>
        <Form.Item name="name" label={t('zones.name')} rules={[{ required: true, whitespace: true, min: 2, max: 64 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="region" label={t('zones.region')} rules={[{ required: true, whitespace: true, min: 2, max: 64 }]}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}
