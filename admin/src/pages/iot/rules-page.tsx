import { useEffect, useMemo, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Segmented,
  Select,
  Skeleton,
  Space,
  Table,
  Tag,
} from 'antd';
import { DeleteOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import {
  alarmConditionProblems,
  IOT_DEVICE_TYPE_SPECS,
  IOT_DEVICE_TYPES,
  IOT_QUANTITY_SPECS,
  type AlarmRuleCondition,
  type IotDeviceType,
  type IotQuantity,
  type IotRule,
} from '@yuanan/contracts';
import { ApiError } from '@yuanan/sdk';
import { useSearchParams } from 'react-router';
import { errorText } from '../../api/errors.ts';
import { hasPermission } from '../../auth/access.ts';
import { useSession } from '../../auth/session.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { fmtTime } from '../../components/time.ts';
import { validated } from '../../components/validated.ts';
import { useMessages } from '../../i18n/feature.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { usePunct } from '../../i18n/punct.ts';
import { useDevices, useRules, useSaveRules } from './iot-queries.ts';
import { quantityLabel, typeLabel } from './labels.tsx';
import { iotMessages } from './messages.ts';
import './iot.css';

type Scope = 'type' | 'device';

/** A condition as the form holds it (rate of rise split into a tick and two numbers). */
interface RowValues {
  quantity: IotQuantity;
  direction: 'above' | 'below';
  level1: number | null;
  level2: number | null;
  durationSeconds: number;
  hysteresis: number;
  clearDelaySeconds: number;
  rate: boolean;
  delta: number | null;
  windowSeconds: number | null;
}
interface RulesValues {
  conditions: RowValues[];
  offlineFactor: number;
  note?: string;
}

const toRow = (c: AlarmRuleCondition): RowValues => ({
  quantity: c.quantity,
  direction: c.direction,
  level1: c.level1,
  level2: c.level2,
  durationSeconds: c.durationSeconds,
  hysteresis: c.hysteresis,
  clearDelaySeconds: c.clearDelaySeconds,
  rate: !!c.rateOfRise,
  delta: c.rateOfRise?.delta ?? null,
  windowSeconds: c.rateOfRise?.windowSeconds ?? null,
});
const toCondition = (r: RowValues): AlarmRuleCondition => ({
  quantity: r.quantity,
  direction: r.direction,
  level1: r.level1 ?? null,
  level2: r.level2 ?? null,
  durationSeconds: r.durationSeconds ?? 0,
  hysteresis: r.hysteresis ?? 0,
  clearDelaySeconds: r.clearDelaySeconds ?? 30,
  rateOfRise: r.rate && r.delta != null && r.windowSeconds != null ? { delta: r.delta, windowSeconds: r.windowSeconds } : null,
});

/**
 * 报警规则: per device type or per device, one row per measured quantity (set points L1 / L2, duration,
 * hysteresis, clear delay, rate of rise) and the offline factor. The form checks each row as the api does
 * (contracts `alarmConditionProblems`) and shows problems on the field; the api's field errors land there too.
 * Every save is a new version; the history lists them, and an old one can be loaded back into the form.
 */
export function RulesPage() {
  const t = useMessages(iotMessages);
  const { lang } = useI18n();
  const pn = usePunct();
  const { message } = App.useApp();
  const { effective } = useSession();
  const canManage = hasPermission(effective, 'iot.manage');
  const [sp, setSp] = useSearchParams();
  const scope: Scope = sp.get('scope') === 'device' ? 'device' : 'type';
  const deviceType = (sp.get('deviceType') as IotDeviceType | null) ?? 'gas_combustible';
  const deviceId = sp.get('deviceId');
  const [deviceQ, setDeviceQ] = useState('');
  const devices = useDevices({ q: deviceQ || undefined, pageSize: 50 }, scope === 'device');
  const query = scope === 'type' ? { deviceType } : deviceId ? { deviceId } : null;
  const rules = useRules(query);
  const save = useSaveRules();
  const [form] = Form.useForm<RulesValues>();
  const r = rules.data;
  const type: IotDeviceType = r?.deviceType ?? deviceType;
  const quantities = IOT_DEVICE_TYPE_SPECS[type].quantities;

  const load = (set: { conditions: AlarmRuleCondition[]; offlineFactor: number }) => {
    form.resetFields();
    form.setFieldsValue({ conditions: set.conditions.map(toRow), offlineFactor: set.offlineFactor, note: undefined });
  };
  useEffect(() => {
    if (r) load(r.effective as { conditions: AlarmRuleCondition[]; offlineFactor: number });
  }, [r]);

  const setParam = (next: Record<string, string | null>) => {
    const p = new URLSearchParams(sp);
    for (const [k, v] of Object.entries(next)) {
      if (v) p.set(k, v);
      else p.delete(k);
    }
    setSp(p, { replace: true });
  };

  const submit = async () => {
    const v = await validated(form);
    if (!v) return;
    const conditions = (v.conditions ?? []).map(toCondition);
    // The api's checks, run here first: each problem on its field.
    const local = conditions.flatMap((c, i) =>
      alarmConditionProblems(c).map((p) => ({
        name: ['conditions', i, p.path[0] === 'rateOfRise' ? 'delta' : p.path[0]!] as (string | number)[],
        errors: [lang === 'en' ? p.text.en : p.text.zh],
      })),
    );
    if (local.length) {
      form.setFields(local as Parameters<typeof form.setFields>[0]);
      return;
    }
    try {
      const res = await save.mutateAsync({
        scope,
        deviceType: scope === 'type' ? type : undefined,
        deviceId: scope === 'device' ? deviceId! : undefined,
        rules: { conditions, offlineFactor: v.offlineFactor },
        note: v.note?.trim() || undefined,
      });
      message.success(t('ruleSaved', { v: res.active?.version ?? '' }));
    } catch (e) {
      if (e instanceof ApiError && Object.keys(e.fieldErrors).length) {
        const fields = Object.entries(e.fieldErrors).map(([path, msg]) => {
          const parts = path
            .replace(/^rules\./, '')
            .split('.')
            .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
          if (parts[0] === 'conditions' && parts[2] === 'rateOfRise') parts.splice(2, 2, 'delta');
          return { name: parts, errors: [msg] };
        });
        form.setFields(fields as Parameters<typeof form.setFields>[0]);
      }
      message.error(errorText(e));
    }
  };

  const history = r?.history ?? [];
  const sourceText = r
    ? r.source === 'default'
      ? t('useDefault')
      : r.source === 'type' && scope === 'device'
        ? t('inherited')
        : r.active
          ? t('versionN', { v: r.active.version })
          : ''
    : '';
  const typeOpts = useMemo(() => IOT_DEVICE_TYPES.map((d) => ({ value: d, label: typeLabel(d, lang) })), [lang]);

  return (
    <PageContainer title={t('rulesTitle')} description={t('rulesDesc')}>
      <Card size="small">
        <Flex gap={12} wrap align="center">
          <Segmented<Scope>
            value={scope}
            onChange={(s) => setParam({ scope: s, deviceId: null })}
            options={[
              { value: 'type', label: t('scopeType') },
              { value: 'device', label: t('scopeDevice') },
            ]}
            data-testid="iot-rule-scope"
          />
          {scope === 'type' ? (
            <Select
              style={{ width: 240 }}
              value={deviceType}
              options={typeOpts}
              onChange={(v) => setParam({ deviceType: v })}
              data-testid="iot-rule-type"
            />
          ) : (
            <Select
              style={{ width: 320 }}
              showSearch={{ filterOption: false, onSearch: setDeviceQ }}
              placeholder={t('pickDevice')}
              value={deviceId ?? undefined}
              onChange={(v: string) => setParam({ deviceId: v })}
              options={(devices.data?.items ?? []).map((d) => ({ value: d.id, label: `${d.name}${pn.paren(d.code)}` }))}
              data-testid="iot-rule-device"
            />
          )}
          {sourceText && <Tag color={r?.source === 'default' ? 'default' : 'blue'}>{sourceText}</Tag>}
        </Flex>
      </Card>
      {!query ? (
        <Card>
          <Empty description={t('pickDevice')} />
        </Card>
      ) : rules.isLoading || !r ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : (
        <Card
          size="small"
          title={
            <span>
              {typeLabel(type, lang)}
              {scope === 'device' && (
                <span data-user-text> · {devices.data?.items.find((d) => d.id === deviceId)?.name ?? ''}</span>
              )}
            </span>
          }
        >
          <Form form={form} layout="vertical" disabled={!canManage} data-testid="iot-rule-form">
            <Form.List name="conditions">
              {(fields, { add, remove }) => (
                <Flex vertical gap={8}>
                  {fields.length === 0 && <Alert type="info" showIcon title={t('noConditions')} />}
                  {fields.map((f) => {
                    const q = form.getFieldValue(['conditions', f.name, 'quantity']) as IotQuantity;
                    const unit = IOT_QUANTITY_SPECS[q]?.unit ?? '';
                    return (
                      <Card
                        key={f.key}
                        size="small"
                        type="inner"
                        title={`${quantityLabel(q, lang)}${pn.paren(unit)}`}
                        extra={
                          canManage && (
                            <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} />
                          )
                        }
                        data-testid="iot-rule-row"
                        data-quantity={q}
                      >
                        <Flex gap={12} wrap className="iot-rule-table" align="flex-start">
                          <Form.Item name={[f.name, 'quantity']} hidden>
                            <Input />
                          </Form.Item>
                          <Form.Item name={[f.name, 'direction']} label={t('direction')} style={{ width: 90 }}>
                            <Select
                              style={{ width: 90 }}
                              options={[
                                { value: 'above', label: t('above') },
                                { value: 'below', label: t('below') },
                              ]}
                            />
                          </Form.Item>
                          <Form.Item name={[f.name, 'level1']} label={t('level1')} style={{ width: 140 }}>
                            <InputNumber style={{ width: '100%' }} data-testid="iot-rule-l1" />
                          </Form.Item>
                          <Form.Item name={[f.name, 'level2']} label={t('level2')} style={{ width: 140 }}>
                            <InputNumber style={{ width: '100%' }} data-testid="iot-rule-l2" />
                          </Form.Item>
                          <Form.Item
                            name={[f.name, 'durationSeconds']}
                            label={t('duration')}
                            rules={[{ type: 'number', min: 0, max: 3600 }]}
                            style={{ width: 110 }}
                          >
                            <InputNumber style={{ width: '100%' }} precision={0} />
                          </Form.Item>
                          <Form.Item
                            name={[f.name, 'hysteresis']}
                            label={t('hysteresis')}
                            rules={[{ type: 'number', min: 0 }]}
                            style={{ width: 160 }}
                          >
                            <InputNumber style={{ width: 100 }} data-testid="iot-rule-hysteresis" />
                          </Form.Item>
                          <Form.Item
                            name={[f.name, 'clearDelaySeconds']}
                            label={t('clearDelay')}
                            rules={[{ type: 'number', min: 0, max: 3600 }]}
                            style={{ width: 120 }}
                          >
                            <InputNumber style={{ width: '100%' }} precision={0} />
                          </Form.Item>
                          <div className="iot-rule-rate">
                            <Form.Item name={[f.name, 'rate']} label=" " valuePropName="checked">
                              <Checkbox>{t('rateOfRise')}</Checkbox>
                            </Form.Item>
                            <Form.Item
                              name={[f.name, 'delta']}
                              label={`${t('rateDelta')}${pn.paren(unit)}`}
                              rules={[{ type: 'number', min: 0 }]}
                              style={{ width: 150 }}
                            >
                              <InputNumber style={{ width: '100%' }} />
                            </Form.Item>
                            <Form.Item
                              name={[f.name, 'windowSeconds']}
                              label={t('rateWindow')}
                              rules={[{ type: 'number', min: 1, max: 3600 }]}
                              style={{ width: 110 }}
                            >
                              <InputNumber style={{ width: '100%' }} precision={0} />
                            </Form.Item>
                          </div>
                        </Flex>
                      </Card>
                    );
                  })}
                  {canManage &&
                    quantities
                      .filter(
                        (q) => !(form.getFieldValue('conditions') as RowValues[] | undefined)?.some((c) => c.quantity === q),
                      )
                      .map((q) => (
                        <Button
                          key={q}
                          icon={<PlusOutlined />}
                          type="dashed"
                          style={{ alignSelf: 'flex-start' }}
                          onClick={() =>
                            add({
                              quantity: q,
                              direction: 'above',
                              level1: null,
                              level2: null,
                              durationSeconds: 0,
                              hysteresis: 0,
                              clearDelaySeconds: 30,
                              rate: false,
                              delta: null,
                              windowSeconds: null,
                            } satisfies RowValues)
                          }
                        >
                          {quantityLabel(q, lang)}
                        </Button>
                      ))}
                </Flex>
              )}
            </Form.List>
            <Space wrap size={16} align="start" style={{ marginTop: 16 }}>
              <Form.Item
                name="offlineFactor"
                label={t('offlineFactor')}
                rules={[{ required: true, type: 'number', min: 2, max: 20 }]}
              >
                <InputNumber style={{ width: 120 }} precision={0} />
              </Form.Item>
              <Form.Item name="note" label={t('ruleNote')} rules={[{ max: 500 }]}>
                <Input style={{ width: 420 }} data-testid="iot-rule-note" />
              </Form.Item>
            </Space>
            {canManage && (
              <div>
                <Button
                  type="primary"
                  icon={<SaveOutlined />}
                  loading={save.isPending}
                  onClick={() => void submit()}
                  data-testid="iot-rule-save"
                >
                  {t('save')}
                </Button>
              </div>
            )}
          </Form>
        </Card>
      )}
      {r && (
        <Card size="small" title={t('history')}>
          <Table<IotRule>
            size="small"
            rowKey="id"
            dataSource={history}
            pagination={history.length > 10 ? { pageSize: 10 } : false}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noHistory')} /> }}
            data-testid="iot-rule-history"
            columns={[
              {
                title: t('version'),
                dataIndex: 'version',
                width: 150,
                render: (v: number, row) => (
                  <Space size={4} wrap={false} style={{ whiteSpace: 'nowrap' }}>
                    {t('versionN', { v })}
                    {row.active && <Tag color="green">{t('activeVersion')}</Tag>}
                  </Space>
                ),
              },
              {
                title: t('level1') + ' / ' + t('level2'),
                render: (_: unknown, row) =>
                  row.rules.conditions
                    .map((c) => `${quantityLabel(c.quantity, lang)} ${c.level1 ?? '—'} / ${c.level2 ?? '—'}`)
                    .join(lang === 'en' ? '; ' : '；') || '—',
              },
              { title: t('ruleNote'), dataIndex: 'note', render: (v: string | null) => <span data-user-text>{v ?? '—'}</span> },
              {
                title: t('createdBy'),
                dataIndex: 'createdByName',
                width: 110,
                render: (v: string | null) => <span data-user-text>{v ?? '—'}</span>,
              },
              { title: t('createdAt'), dataIndex: 'createdAt', width: 170, render: (v: string) => fmtTime(v) },
              {
                title: '',
                width: 120,
                render: (_: unknown, row) =>
                  canManage &&
                  !row.active && (
                    <Button
                      type="link"
                      size="small"
                      onClick={() => load(row.rules as { conditions: AlarmRuleCondition[]; offlineFactor: number })}
                    >
                      {t('restore')}
                    </Button>
                  ),
              },
            ]}
          />
        </Card>
      )}
    </PageContainer>
  );
}
