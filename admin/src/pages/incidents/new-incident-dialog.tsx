import { useState } from 'react';
import { Alert, App, Checkbox, Flex, Form, Input, Modal, Segmented, Select } from 'antd';
import { applyFormErrors, errorText } from '../../api/errors.ts';
import { useIncidentMutations, type IncidentDetail } from '../../api/incident-queries.ts';
import { EnterprisePicker } from '../../components/enterprise-picker.tsx';
import { phoneRule } from '../../components/phone-rule.ts';
import { validated } from '../../components/validated.ts';
import { useMessages } from '../../i18n/feature.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { levelOptions, typeOptions } from './labels.tsx';
import { incidentMessages } from './messages.ts';
import { PlanPointField, usePlanPoints, type PlanPoint } from './plan-point.tsx';

interface Values {
  source: 'phone' | 'desk';
  type?: string;
  level: string;
  enterpriseId?: string;
  address?: string;
  description: string;
  callerName?: string;
  callerPhone?: string;
  isDrill?: boolean;
}

/** An IoT alarm the incident is opened from: type, enterprise and position default from its device on the api. */
export interface FromAlarm {
  id: string;
  label: string;
  enterpriseId?: string | null;
  /** A suggested incident type from the device (gas → leak_poisoning, flame/smoke → fire). */
  type?: string;
}

/**
 * 接警录入: the duty desk logs a phone call (or its own observation) as an incident — type, warning level, drill,
 * enterprise, place, position on the site plan (a click), what happened and who called. From an IoT alarm
 * (`alarm`): source iot_alarm, the api fills type/enterprise/position from the device where not given.
 */
export function NewIncidentDialog({
  alarm,
  onClose,
  onCreated,
}: {
  alarm?: FromAlarm;
  onClose: () => void;
  onCreated: (inc: IncidentDetail) => void;
}) {
  const t = useMessages(incidentMessages);
  const { lang } = useI18n();
  const { message } = App.useApp();
  const { create } = useIncidentMutations();
  const { latLngOf } = usePlanPoints();
  const [form] = Form.useForm<Values>();
  const [point, setPoint] = useState<PlanPoint | null>(null);
  const isDrill = Form.useWatch('isDrill', form);

  const submit = async () => {
    const v = await validated(form);
    if (!v) return;
    try {
      const inc = await create.mutateAsync({
        source: alarm ? 'iot_alarm' : v.source,
        alarmId: alarm?.id,
        type: v.type as IncidentDetail['type'],
        level: v.level as IncidentDetail['level'],
        isDrill: !!v.isDrill,
        enterpriseId: v.enterpriseId || undefined,
        address: v.address?.trim() || undefined,
        description: v.description.trim(),
        callerName: v.callerName?.trim() || undefined,
        callerPhone: v.callerPhone?.trim() || undefined,
        ...(point ? { planX: point.x, planY: point.y } : {}),
        // A plan point also gets its lat/lng (the downwind sector needs them) when the plan can be fitted.
        ...(point && latLngOf ? latLngOf(point) : {}),
      });
      message.success(t('created', { no: inc.no }));
      onCreated(inc);
    } catch (e) {
      if (!applyFormErrors(form, e)) message.error(errorText(e));
    }
  };

  return (
    <Modal
      open
      width={720}
      title={alarm ? t('newFromAlarm') : t('newTitle')}
      okText={t('createIncident')}
      cancelText={t('cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={create.isPending}
      okButtonProps={{ danger: true, 'data-testid': 'inc-new-ok' }}
      data-testid="inc-new-dialog"
    >
      {alarm && (
        <Alert type="info" showIcon title={t('alarmIncidentHint')} description={alarm.label} style={{ marginBottom: 12 }} />
      )}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ source: 'phone', level: 'III', type: alarm?.type, enterpriseId: alarm?.enterpriseId ?? undefined }}
      >
        {!alarm && (
          <Form.Item name="source" label={t('source')}>
            <Segmented
              options={[
                { value: 'phone', label: lang === 'en' ? 'Phone call' : '电话报警' },
                { value: 'desk', label: lang === 'en' ? 'Desk entry' : '值班台录入' },
              ]}
            />
          </Form.Item>
        )}
        <Flex gap={12}>
          <Form.Item name="type" label={t('type')} rules={[{ required: !alarm }]} style={{ flex: 1 }}>
            <Select
              options={typeOptions(lang)}
              placeholder={alarm ? t('typeFromAlarm') : t('selectPh')}
              data-testid="inc-new-type"
              allowClear={!!alarm}
            />
          </Form.Item>
          <Form.Item name="level" label={t('level')} rules={[{ required: true }]} style={{ flex: 1 }}>
            <Select options={levelOptions(lang)} data-testid="inc-new-level" />
          </Form.Item>
        </Flex>
        <Flex gap={12}>
          <Form.Item name="enterpriseId" label={t('enterprise')} style={{ flex: 1 }}>
            <EnterprisePicker allowClear placeholder={t('selectPh')} testId="inc-new-enterprise" />
          </Form.Item>
          <Form.Item name="address" label={t('address')} rules={[{ max: 200 }]} style={{ flex: 1 }}>
            <Input placeholder={t('addressPh')} data-testid="inc-new-address" />
          </Form.Item>
        </Flex>
        <Form.Item name="description" label={t('description')} rules={[{ required: true, whitespace: true, min: 2, max: 2000 }]}>
          <Input.TextArea rows={3} placeholder={t('descriptionPh')} data-testid="inc-new-description" />
        </Form.Item>
        {!alarm && (
          <Flex gap={12}>
            <Form.Item name="callerName" label={t('callerName')} rules={[{ max: 50 }]} style={{ flex: 1 }}>
              <Input data-testid="inc-new-caller" />
            </Form.Item>
            <Form.Item name="callerPhone" label={t('callerPhone')} rules={[phoneRule()]} style={{ flex: 1 }}>
              <Input data-testid="inc-new-phone" />
            </Form.Item>
          </Flex>
        )}
        <PlanPointField value={point} onChange={setPoint} testId="inc-new" />
        <Form.Item name="isDrill" valuePropName="checked" style={{ marginBottom: isDrill ? 8 : 0 }}>
          <Checkbox data-testid="inc-new-drill">{t('isDrill')}</Checkbox>
        </Form.Item>
        {isDrill && <Alert type="info" showIcon title={t('isDrillHint')} />}
      </Form>
    </Modal>
  );
}
