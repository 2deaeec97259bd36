import { useState } from 'react';
import { App, AutoComplete, Button, DatePicker, Flex, Form, Input, InputNumber, Modal, Select, Space, Typography } from 'antd';
import { AimOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { IOT_DEVICE_TYPE_SPECS, type IotDeviceType } from '@yuanan/contracts';
import { ApiError } from '@yuanan/sdk';
import { applyFormErrors, errorText } from '../../api/errors.ts';
import { useRiskMap } from '../../api/risk-queries.ts';
import { EnterprisePicker } from '../../components/enterprise-picker.tsx';
import { validated } from '../../components/validated.ts';
import { useMessages } from '../../i18n/feature.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { usePunct } from '../../i18n/punct.ts';
import { useDeviceMutations, useDevices, type IotDevice } from './iot-queries.ts';
import { typeOptions } from './labels.tsx';
import { iotMessages } from './messages.ts';
import { SitePlanMap } from './site-plan.tsx';

interface DeviceValues {
  code: string;
  name: string;
  type: IotDeviceType;
  enterpriseId?: string | null;
  keyPlace?: string;
  location?: string;
  lat?: number | null;
  lng?: number | null;
  installedOn?: Dayjs | null;
  calibrationDueOn?: Dayjs | null;
  certificateNo?: string;
  intervalSeconds?: number;
  gatewayId?: string | null;
  manufacturer?: string;
  model?: string;
}

const KEY_PLACES = ['液氨制冷', '粉尘涉爆', '喷涂作业', '危化品使用', '有限空间', '锂电池'];
const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);
const text = (s: string | undefined) => s?.trim() || null;

/**
 * 登记 / 编辑设备: code and type are fixed once created (the code is the MQTT topic segment); the site-plan position
 * is picked by clicking the plan (fractions of its size, like enterprises'). A new device's secret is handed to
 * `onCreated` to be shown once.
 */
export function DeviceFormModal({
  device,
  onClose,
  onCreated,
}: {
  device: IotDevice | null;
  onClose: () => void;
  onCreated: (d: IotDevice, secret: string) => void;
}) {
  const t = useMessages(iotMessages);
  const { lang } = useI18n();
  const pn = usePunct();
  const { message } = App.useApp();
  const { create, update } = useDeviceMutations();
  const plan = useRiskMap({ view: 'plan' });
  const gateways = useDevices({ type: 'gateway', pageSize: 200 });
  const [form] = Form.useForm<DeviceValues>();
  const [point, setPoint] = useState<{ x: number; y: number } | null>(
    device?.mapX != null && device.mapY != null ? { x: device.mapX, y: device.mapY } : null,
  );
  const [picking, setPicking] = useState(false);
  const type = Form.useWatch('type', form) ?? device?.type;
  const sitePlan = plan.data?.sitePlan ?? null;

  const submit = async () => {
    const v = await validated(form, { scroll: true });
    if (!v) return;
    const fields = {
      name: v.name.trim(),
      enterpriseId: v.enterpriseId ?? null,
      keyPlace: text(v.keyPlace),
      location: text(v.location),
      mapX: point?.x ?? null,
      mapY: point?.y ?? null,
      lat: v.lat ?? null,
      lng: v.lng ?? null,
      installedOn: day(v.installedOn),
      calibrationDueOn: day(v.calibrationDueOn),
      certificateNo: text(v.certificateNo),
      intervalSeconds: v.intervalSeconds ?? undefined,
      gatewayId: v.gatewayId ?? null,
      manufacturer: text(v.manufacturer),
      model: text(v.model),
    };
    try {
      if (device) await update.mutateAsync({ id: device.id, version: device.version, ...fields });
      else {
        const r = await create.mutateAsync({ code: v.code.trim(), type: v.type, ...fields });
        onCreated(r.device, r.secret);
      }
      message.success(t('deviceSaved'));
      onClose();
    } catch (e) {
      if (applyFormErrors(form, e)) return;
      if (e instanceof ApiError && e.status === 409) message.warning(errorText(e));
      else message.error(errorText(e));
    }
  };

  return (
    <Modal
      open
      title={device ? t('editDevice') : t('newDevice')}
      okText={t('save')}
      cancelText={t('cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={create.isPending || update.isPending}
      okButtonProps={{ 'data-testid': 'iot-device-save' }}
      width={760}
      data-testid="iot-device-form"
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={
          device
            ? {
                ...device,
                enterpriseId: device.enterpriseId,
                keyPlace: device.keyPlace ?? undefined,
                location: device.location ?? undefined,
                certificateNo: device.certificateNo ?? undefined,
                manufacturer: device.manufacturer ?? undefined,
                model: device.model ?? undefined,
                installedOn: device.installedOn ? dayjs(device.installedOn) : null,
                calibrationDueOn: device.calibrationDueOn ? dayjs(device.calibrationDueOn) : null,
              }
            : {}
        }
        onValuesChange={(changed: Partial<DeviceValues>) => {
          if (changed.type) form.setFieldValue('intervalSeconds', IOT_DEVICE_TYPE_SPECS[changed.type].intervalSeconds);
        }}
      >
        <Space wrap size={16} align="start">
          <Form.Item
            name="code"
            label={t('deviceCode')}
            extra={!device && t('codeRule')}
            rules={[{ required: true, pattern: /^[A-Za-z0-9_-]{2,40}$/, message: t('codeRule') }]}
          >
            <Input className="mono" style={{ width: 200 }} disabled={!!device} data-testid="iot-device-code-input" />
          </Form.Item>
          <Form.Item name="type" label={t('deviceType')} rules={[{ required: true }]}>
            <Select
              style={{ width: 220 }}
              disabled={!!device}
              placeholder={t('selectPh')}
              options={typeOptions(lang)}
              data-testid="iot-device-type"
            />
          </Form.Item>
          <Form.Item name="intervalSeconds" label={t('interval')}>
            <InputNumber min={1} max={86400} style={{ width: 130 }} />
          </Form.Item>
        </Space>
        <Form.Item name="name" label={t('deviceName')} rules={[{ required: true, whitespace: true, max: 100 }]}>
          <Input data-testid="iot-device-name" />
        </Form.Item>
        <Space wrap size={16} align="start">
          <Form.Item name="enterpriseId" label={t('enterprise')} extra={t('zoneDevice')}>
            <EnterprisePicker
              allowClear
              style={{ width: 280 }}
              testId="iot-device-enterprise-input"
              current={device?.enterpriseId ? { id: device.enterpriseId, name: device.enterpriseName ?? '' } : null}
            />
          </Form.Item>
          <Form.Item name="keyPlace" label={t('keyPlace')} rules={[{ max: 60 }]}>
            <AutoComplete style={{ width: 180 }} allowClear options={KEY_PLACES.map((k) => ({ value: k }))} />
          </Form.Item>
        </Space>
        <Form.Item name="location" label={t('location')} rules={[{ max: 200 }]}>
          <Input />
        </Form.Item>
        <Form.Item label={t('mapPoint')}>
          <Flex vertical gap={8}>
            <Space wrap>
              <Typography.Text type={point ? undefined : 'secondary'} data-testid="iot-point">
                {point ? `${t('pointSet')} (${point.x}, ${point.y})` : t('pointNone')}
              </Typography.Text>
              {sitePlan && (
                <Button
                  size="small"
                  icon={<AimOutlined />}
                  type={picking ? 'primary' : 'default'}
                  onClick={() => setPicking(!picking)}
                  data-testid="iot-pick-point"
                >
                  {t('pickPoint')}
                </Button>
              )}
              {point && (
                <Button size="small" type="link" onClick={() => setPoint(null)}>
                  {t('clearPoint')}
                </Button>
              )}
            </Space>
            {picking && sitePlan && (
              <>
                <Typography.Text type="secondary">{t('pickHint')}</Typography.Text>
                <div className="iot-picker">
                  <SitePlanMap plan={sitePlan} markers={[]} picked={point} onPick={setPoint} testId="iot-picker" />
                </div>
              </>
            )}
          </Flex>
        </Form.Item>
        <Space wrap size={16} align="start">
          <Form.Item name="lat" label={t('lat')}>
            <InputNumber min={-90} max={90} step={0.000001} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="lng" label={t('lng')}>
            <InputNumber min={-180} max={180} step={0.000001} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="gatewayId" label={t('gateway')}>
            <Select
              allowClear
              style={{ width: 220 }}
              options={(gateways.data?.items ?? [])
                .filter((g) => g.id !== device?.id)
                .map((g) => ({ value: g.id, label: `${g.name}${pn.paren(g.code)}` }))}
            />
          </Form.Item>
        </Space>
        <Space wrap size={16} align="start">
          <Form.Item name="installedOn" label={t('installedOn')}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="calibrationDueOn" label={t('calibrationDue')}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="certificateNo" label={t('certificateNo')} rules={[{ max: 60 }]}>
            <Input style={{ width: 200 }} />
          </Form.Item>
        </Space>
        <Space wrap size={16} align="start">
          <Form.Item name="manufacturer" label={t('manufacturer')} rules={[{ max: 100 }]}>
            <Input style={{ width: 260 }} />
          </Form.Item>
          <Form.Item name="model" label={t('model')} rules={[{ max: 100 }]}>
            <Input style={{ width: 200 }} />
          </Form.Item>
        </Space>
        {type && IOT_DEVICE_TYPE_SPECS[type] && (
          <Typography.Text type="secondary">
            {IOT_DEVICE_TYPE_SPECS[type].quantities.length ? '' : t('noConditions')}
          </Typography.Text>
        )}
      </Form>
    </Modal>
  );
}
