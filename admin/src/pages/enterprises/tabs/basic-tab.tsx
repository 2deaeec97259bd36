import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Flex, Form, Space } from 'antd';
import { SaveOutlined, UndoOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useUpdateEnterprise } from '../../../api/enterprise-queries.ts';
import { applyFormErrors, errorText, isApiError } from '../../../api/errors.ts';
import { useScope } from '../../../api/keys.ts';
import type { Enterprise } from '../../../api/types.ts';
import { useApi } from '../../../auth/session.tsx';
import { fmtTime } from '../../../components/time.ts';
import { useI18n } from '../../../i18n/i18n.tsx';
import { useMessages } from '../../../i18n/feature.ts';
import { usePunct } from '../../../i18n/punct.ts';
import {
  changedFields,
  EnterpriseFields,
  geofenceErrorNames,
  toFormValues,
  type EnterpriseFormValues,
} from '../enterprise-form.tsx';
import { enterpriseFieldLabel } from '../labels.ts';
import { entMessages } from '../messages.ts';
import { validated } from '../../../components/validated.ts';

/**
 * 基本信息: edited against the version that was loaded. When someone else saved first (409), the latest data is
 * loaded, the person's edits stay in the form, and the fields that now differ are named.
 */
export function BasicTab({ enterprise, canEdit }: { enterprise: Enterprise; canEdit: boolean }) {
  const t = useMessages(entMessages);
  const { lang } = useI18n();
  const pn = usePunct();
  const { message } = App.useApp();
  const api = useApi();
  const scope = useScope();
  const qc = useQueryClient();
  const [form] = Form.useForm<EnterpriseFormValues>();
  const update = useUpdateEnterprise();
  // The version the person's edits are based on (moves on after a conflict reload).
  const [base, setBase] = useState<Enterprise>(enterprise);
  const [conflict, setConflict] = useState<string[] | null>(null);
  const [dirty, setDirty] = useState(false);

  // A fresh copy from the server (another tab, the worker's recolouring) replaces an untouched form.
  useEffect(() => {
    if (!dirty && !conflict) {
      setBase(enterprise);
      form.setFieldsValue(toFormValues(enterprise));
    }
  }, [enterprise, dirty, conflict, form]);

  const save = async () => {
    const values = await validated(form);
    if (!values) return;
    const patch = changedFields(base, values);
    if (!Object.keys(patch).length) {
      message.info(t('noChanges'));
      return;
    }
    try {
      const r = await update.mutateAsync({ id: enterprise.id, ...patch, version: base.version });
      setConflict(null);
      setDirty(false);
      setBase(r.enterprise);
      form.setFieldsValue(toFormValues(r.enterprise));
      message.success(r.changeRequest ? t('sentForApproval') : t('saved'));
    } catch (e) {
      if (isApiError(e, 'conflict')) {
        const latest = await api.enterprises.get(enterprise.id);
        qc.setQueryData([scope, 'enterprise', enterprise.id], latest);
        const differ = Object.keys(changedFields(latest, values));
        setBase(latest);
        setConflict(differ);
        message.warning(t('conflictTitle'));
        return;
      }
      applyFormErrors(form, e, geofenceErrorNames(e));
      message.error(errorText(e));
    }
  };

  const discard = () => {
    form.resetFields();
    form.setFieldsValue(toFormValues(enterprise));
    setBase(enterprise);
    setConflict(null);
    setDirty(false);
  };

  return (
    <Card size="small">
      {conflict && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('conflictTitle')}
          description={t('conflictDesc', {
            fields: conflict.length
              ? t('conflictFields', { list: pn.list(conflict.map((f) => enterpriseFieldLabel(f, lang))) })
              : '',
          })}
          action={
            <Button size="small" icon={<UndoOutlined />} onClick={discard}>
              {t('discardMine')}
            </Button>
          }
          data-testid="ent-conflict"
        />
      )}
      <Form
        form={form}
        layout="vertical"
        disabled={!canEdit}
        initialValues={toFormValues(enterprise)}
        onValuesChange={() => setDirty(true)}
        scrollToFirstError
        data-testid="ent-basic-form"
      >
        <EnterpriseFields mode="edit" enterprise={base} />
      </Form>
      {canEdit && (
        <Flex justify="space-between" align="center" className="form-footer">
          <span className="muted">
            v{base.version} · {fmtTime(base.updatedAt)}
          </span>
          <Space>
            <Button icon={<UndoOutlined />} disabled={!dirty && !conflict} onClick={discard}>
              {lang === 'en' ? 'Reset' : '重置'}
            </Button>
            <Button
              type="primary"
              icon={<SaveOutlined />}
              loading={update.isPending}
              onClick={() => void save()}
              data-testid="ent-basic-save"
            >
              {t('saveBasic')}
            </Button>
          </Space>
        </Flex>
      )}
    </Card>
  );
}
