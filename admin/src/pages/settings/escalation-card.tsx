import { Alert, App, Button, Card, Flex, Form, InputNumber, Select, Space, Switch, Tag, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { ESCALATION_TARGETS, type EscalationStage, type EscalationTarget, type TenantSettings } from '@yuanan/contracts';
import { applyFormErrors, errorText } from '../../api/errors.ts';
import { useMessages } from '../../i18n/feature.ts';
import { usePunct } from '../../i18n/punct.ts';
import { settingsMessages } from './messages.ts';
import { useUpdateSettings } from './settings-queries.ts';

const DAY = 86400;

interface StageRow {
  key?: string;
  days: number;
  target: EscalationTarget;
}
interface Values {
  stages: StageRow[];
  majorStartsHigher: boolean;
}

/** A stage key from its offset (remind-3d, due, overdue-1d), made unique among `taken`. */
function keyFor(days: number, taken: Set<string>): string {
  const base = days === 0 ? 'due' : days < 0 ? `remind-${Math.abs(days)}d` : `overdue-${days}d`;
  let k = base.replace(/\./g, '-').slice(0, 28);
  for (let i = 2; taken.has(k); i++) k = `${base.slice(0, 28)}-${i}`;
  taken.add(k);
  return k;
}

/**
 * The escalation policy (逾期升级策略) as a list of stages — days relative to the deadline and the level told — with
 * the plan it gives a general and a major hazard. Stage keys stay as they were for kept stages (the record of
 * what fired names them); new stages get a key from their offset. The api refuses stages out of order or going
 * down the chain; its field errors land on the rows.
 */
export function EscalationCard({ settings, canEdit }: { settings: TenantSettings; canEdit: boolean }) {
  const t = useMessages(settingsMessages);
  const pn = usePunct();
  const { message } = App.useApp();
  const save = useUpdateSettings();
  const [form] = Form.useForm<Values>();
  const initial: Values = {
    stages: settings.escalationPolicy.stages.map((s) => ({
      key: s.key,
      days: Math.round((s.offsetSeconds / DAY) * 100) / 100,
      target: s.target,
    })),
    majorStartsHigher: settings.escalationPolicy.majorStartsHigher,
  };
  const watched = Form.useWatch([], form) as Values | undefined;
  const stages = (watched?.stages ?? initial.stages).filter((s) => s && typeof s.days === 'number' && s.target);
  const higher = watched?.majorStartsHigher ?? initial.majorStartsHigher;

  const when = (days: number) =>
    days === 0 ? t('due') : days < 0 ? t('before', { n: Math.abs(days) }) : t('after', { n: days });
  const level = (target: EscalationTarget, major: boolean) =>
    ESCALATION_TARGETS[Math.min(ESCALATION_TARGETS.indexOf(target) + (major && higher ? 1 : 0), ESCALATION_TARGETS.length - 1)]!;
  const plan = (major: boolean) =>
    [...stages]
      .sort((a, b) => a.days - b.days)
      .map((s, i) => (
        <Tag key={i} color={s.days < 0 ? 'blue' : s.days === 0 ? 'gold' : 'red'}>
          {when(s.days)} → {t(`target_${level(s.target, major)}`)}
        </Tag>
      ));

  const submit = async (v: Values) => {
    // Rows in time order (a stage added at the bottom may belong earlier); the api checks the levels go up.
    const rows = [...v.stages].sort((a, b) => a.days - b.days);
    form.setFieldsValue({ stages: rows });
    const taken = new Set(rows.map((s) => s.key).filter((k): k is string => !!k));
    const out: EscalationStage[] = rows.map((s) => ({
      key: s.key ?? keyFor(s.days, taken),
      offsetSeconds: Math.round(s.days * DAY),
      target: s.target,
    }));
    try {
      await save.mutateAsync({ escalationPolicy: { stages: out, majorStartsHigher: v.majorStartsHigher } });
      message.success(t('saved'));
    } catch (e) {
      // escalationPolicy.stages.1.offsetSeconds → the row's days field.
      const rename: Record<string, (string | number)[]> = {};
      out.forEach((_, i) => {
        rename[`escalationPolicy.stages.${i}.offsetSeconds`] = ['stages', i, 'days'];
        rename[`escalationPolicy.stages.${i}.target`] = ['stages', i, 'target'];
        rename[`escalationPolicy.stages.${i}.key`] = ['stages', i, 'days'];
      });
      applyFormErrors(form, e, rename);
      message.error(errorText(e));
    }
  };

  return (
    <Card title={t('escalationCard')} data-testid="settings-escalation">
      <Typography.Paragraph type="secondary">{t('escalationHelp')}</Typography.Paragraph>
      <Form<Values> form={form} initialValues={initial} onFinish={submit} disabled={!canEdit}>
        <Form.List name="stages">
          {(fields, { add, remove }) => (
            <Flex vertical gap={0}>
              {fields.map((f, i) => (
                <Space key={f.key} align="start" wrap data-testid={`stage-${i}`}>
                  <Form.Item name={[f.name, 'key']} hidden>
                    <input />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'days']}
                    label={t('stageOffset')}
                    rules={[{ required: true, type: 'number', min: -60, max: 365 }]}
                  >
                    <InputNumber step={1} style={{ width: 110 }} data-testid={`stage-days-${i}`} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'target']} label={t('stageTarget')} rules={[{ required: true }]}>
                    <Select
                      style={{ width: 160 }}
                      data-testid={`stage-target-${i}`}
                      options={ESCALATION_TARGETS.map((v) => ({ value: v, label: t(`target_${v}`) }))}
                    />
                  </Form.Item>
                  {canEdit && (
                    <Button
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      disabled={fields.length <= 1}
                      onClick={() => remove(f.name)}
                      aria-label={t('removeStage')}
                    />
                  )}
                </Space>
              ))}
              {canEdit && fields.length < 12 && (
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  style={{ width: 320, marginBottom: 16 }}
                  data-testid="stage-add"
                  onClick={() => {
                    const last = (form.getFieldValue('stages') as StageRow[]).at(-1);
                    add({ days: (last?.days ?? 0) + 1, target: last?.target ?? 'zone_admin' });
                  }}
                >
                  {t('addStage')}
                </Button>
              )}
            </Flex>
          )}
        </Form.List>
        <Form.Item name="majorStartsHigher" label={t('majorHigher')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Alert
          type="info"
          style={{ marginBottom: 16 }}
          title={t('preview')}
          description={
            <Flex vertical gap={6} data-testid="escalation-preview">
              <div>
                <Typography.Text strong>
                  {t('previewGeneral')}
                  {pn.colon}
                </Typography.Text>
                {plan(false)}
              </div>
              <div>
                <Typography.Text strong>
                  {t('previewMajor')}
                  {pn.colon}
                </Typography.Text>
                {plan(true)}
              </div>
            </Flex>
          }
        />
        {canEdit && (
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="escalation-save">
            {t('save')}
          </Button>
        )}
      </Form>
    </Card>
  );
}
