import { App, Button, Drawer, Form, Space } from 'antd';
import { useNavigate } from 'react-router';
import { useCreateEnterprise } from '../../api/enterprise-queries.ts';
import { applyFormErrors, errorText } from '../../api/errors.ts';
import type { CreateEnterprise } from '../../api/types.ts';
import { useMessages } from '../../i18n/feature.ts';
import { useT } from '../../i18n/i18n.tsx';
import { EnterpriseFields, normalise, type EnterpriseFormValues } from './enterprise-form.tsx';
import { entMessages } from './messages.ts';
import { validated } from '../../components/validated.ts';

/** A new enterprise file: the same fields as the detail page; errors stay on their fields, values are kept. */
export function CreateEnterpriseDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useMessages(entMessages);
  const tc = useT();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<EnterpriseFormValues>();
  const create = useCreateEnterprise();

  const submit = async () => {
    const values = await validated(form);
    if (!values) return;
    const body = Object.fromEntries(Object.entries(normalise(values)).filter(([, v]) => v !== null)) as CreateEnterprise;
    try {
      const e = await create.mutateAsync(body);
      message.success(t('created', { name: e.name }));
      onClose();
      navigate(`/enterprises/${e.id}`);
    } catch (e) {
      applyFormErrors(form, e);
      message.error(errorText(e));
    }
  };

  return (
    <Drawer
      open={open}
      title={t('createTitle')}
      size={880}
      onClose={onClose}
      destroyOnHidden
      footer={
        <Space style={{ float: 'right' }}>
          <Button onClick={onClose}>{tc('common.cancel')}</Button>
          <Button type="primary" loading={create.isPending} onClick={() => void submit()} data-testid="ef-submit">
            {t('create')}
          </Button>
        </Space>
      }
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ isIndustryTrade: true, keyPlaceTags: [], status: 'active' }}
        requiredMark
        scrollToFirstError
      >
        <EnterpriseFields mode="create" />
      </Form>
    </Drawer>
  );
}
