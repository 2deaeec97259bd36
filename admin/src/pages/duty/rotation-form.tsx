import { App, Button, DatePicker, Flex, Form, Input, InputNumber, Modal, Radio, Select, Switch, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { DUTY_PATTERNS, type DutyPattern } from '@yuanan/contracts';
import { applyFormErrors, errorText } from '../../api/errors.ts';
import { useRotationMutations, type CreateRotation, type DutyRotation, type DutyTeam } from '../../api/duty-queries.ts';
import { useMessages } from '../../i18n/feature.ts';
import { memberOptions } from './bits.tsx';
import { dutyMessages, type DutyKey } from './messages.ts';

const WEEKDAYS = ['1', '2', '3', '4', '5', '6', '7'] as const;
type Weekday = (typeof WEEKDAYS)[number];

interface Values {
  name: string;
  pattern: DutyPattern;
  handoffTime: string;
  perShift: number;
  assignBy: 'order' | 'weekday';
  order: string[];
  weekday: Partial<Record<Weekday, string[]>>;
  startsOn: Dayjs;
  endsOn?: Dayjs | null;
  active: boolean;
}

function toValues(r: DutyRotation | null): Partial<Values> {
  if (!r)
    return {
      pattern: 'daily24',
      handoffTime: '08:00',
      perShift: 1,
      assignBy: 'order',
      order: [],
      weekday: {},
      startsOn: dayjs().startOf('day'),
      endsOn: null,
      active: true,
    };
  return {
    name: r.name,
    pattern: r.pattern,
    handoffTime: r.handoffTime,
    perShift: r.perShift,
    assignBy: r.weekdayPattern ? 'weekday' : 'order',
    order: r.order ?? [],
    weekday: (r.weekdayPattern ?? {}) as Values['weekday'],
    startsOn: dayjs(r.startsOn),
    endsOn: r.endsOn ? dayjs(r.endsOn) : null,
    active: r.active,
  };
}

/**
 * An ordered list of members: chosen in a select, each row moves up or down (the order is who takes the next
 * slot). Used as a form control (value / onChange).
 */
function OrderEditor({
  value = [],
  onChange,
  options,
}: {
  value?: string[];
  onChange?: (v: string[]) => void;
  options: { value: string; label: string }[];
}) {
  const t = useMessages(dutyMessages);
  const name = new Map(options.map((o) => [o.value, o.label]));
  const move = (i: number, d: -1 | 1) => {
    const next = [...value];
    const j = i + d;
    if (j < 0 || j >= next.length) return;
    [next[i], next[j]] = [next[j]!, next[i]!];
    onChange?.(next);
  };
  return (
    <Flex vertical gap={6}>
      <Select
        mode="multiple"
        value={value}
        onChange={onChange}
        options={options}
        showSearch={{ optionFilterProp: 'label' }}
        placeholder={t('selectPh')}
        data-testid="duty-rot-order"
      />
      {value.map((id, i) => (
        <div key={id} className="duty-order-row" data-testid="duty-rot-order-row">
          <Typography.Text type="secondary" style={{ width: 20 }}>
            {i + 1}
          </Typography.Text>
          <span style={{ flex: 1 }} data-user-text>
            {name.get(id) ?? id}
          </span>
          <Button
            size="small"
            type="text"
            icon={<ArrowUpOutlined />}
            disabled={i === 0}
            onClick={() => move(i, -1)}
            aria-label={t('moveUp')}
          />
          <Button
            size="small"
            type="text"
            icon={<ArrowDownOutlined />}
            disabled={i === value.length - 1}
            onClick={() => move(i, 1)}
            aria-label={t('moveDown')}
          />
        </div>
      ))}
    </Flex>
  );
}

/**
 * 轮班规则 editor: pattern (24-hour, day/night, weekly), the handoff time (zone wall clock), people per shift, who —
 * an order taking turns or fixed people per weekday — and the dates it applies. Creates or patches one rotation of
 * the team; the api's field errors land on the fields.
 */
export function RotationForm({
  team,
  rotation,
  onClose,
}: {
  team: DutyTeam;
  rotation: DutyRotation | null;
  onClose: () => void;
}) {
  const t = useMessages(dutyMessages);
  const { message } = App.useApp();
  const ops = useRotationMutations();
  const [form] = Form.useForm<Values>();
  const pattern = Form.useWatch('pattern', form) ?? rotation?.pattern ?? 'daily24';
  const assignBy = Form.useWatch('assignBy', form) ?? (rotation?.weekdayPattern ? 'weekday' : 'order');
  const members = memberOptions(team);

  const submit = async (v: Values) => {
    const weekdayPattern = Object.fromEntries(WEEKDAYS.filter((d) => v.weekday?.[d]?.length).map((d) => [d, v.weekday[d]!]));
    const body: Omit<CreateRotation, 'teamId'> = {
      name: v.name.trim(),
      pattern: v.pattern,
      handoffTime: v.handoffTime.trim(),
      perShift: v.perShift,
      order: v.assignBy === 'order' ? v.order : null,
      weekdayPattern: v.assignBy === 'weekday' ? weekdayPattern : null,
      startsOn: v.startsOn.format('YYYY-MM-DD'),
      endsOn: v.endsOn ? v.endsOn.format('YYYY-MM-DD') : null,
      active: v.active,
    };
    try {
      if (rotation) await ops.update.mutateAsync({ id: rotation.id, ...body });
      else await ops.create.mutateAsync({ teamId: team.id, ...body });
      message.success(rotation ? t('saved') : t('rotationCreated'));
      onClose();
    } catch (e) {
      applyFormErrors(form, e, { weekdayPattern: 'weekday' });
      message.error(errorText(e));
    }
  };

  return (
    <Modal
      open
      title={rotation ? t('rotationEdit') : t('rotationCreate')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: ops.create.isPending || ops.update.isPending, 'data-testid': 'duty-rot-save' }}
      okText={t('save')}
      width={640}
      destroyOnHidden
    >
      <Form<Values> form={form} layout="vertical" initialValues={toValues(rotation)} onFinish={submit}>
        <Form.Item
          name="name"
          label={t('rotationName')}
          rules={[{ required: true, whitespace: true, message: t('rotationNameRequired') }]}
        >
          <Input maxLength={60} placeholder={t('rotationNamePh')} data-testid="duty-rot-name" />
        </Form.Item>
        <Form.Item name="pattern" label={t('pattern')} extra={t(`patternHint_${pattern}` as DutyKey)}>
          <Radio.Group
            optionType="button"
            options={DUTY_PATTERNS.map((p) => ({ value: p, label: t(`pattern_${p}` as DutyKey) }))}
            data-testid="duty-rot-pattern"
          />
        </Form.Item>
        <Flex gap={12}>
          <Form.Item
            name="handoffTime"
            label={t('handoff')}
            rules={[{ required: true, pattern: /^([01]\d|2[0-3]):[0-5]\d$/, message: t('handoffRequired') }]}
            style={{ flex: 1 }}
          >
            <Input placeholder="08:00" maxLength={5} data-testid="duty-rot-handoff" />
          </Form.Item>
          <Form.Item name="perShift" label={t('perShift')} rules={[{ required: true }]} style={{ flex: 1 }}>
            <InputNumber min={1} max={20} precision={0} style={{ width: '100%' }} data-testid="duty-rot-per-shift" />
          </Form.Item>
        </Flex>
        <Form.Item name="assignBy" label={t('assignBy')}>
          <Radio.Group
            options={[
              { value: 'order', label: t('assign_order') },
              { value: 'weekday', label: t('assign_weekday') },
            ]}
            data-testid="duty-rot-assign-by"
          />
        </Form.Item>
        {assignBy === 'order' ? (
          <Form.Item
            name="order"
            label={t('order')}
            extra={t('orderHint')}
            rules={[{ required: true, type: 'array', min: 1, message: t('orderRequired') }]}
          >
            <OrderEditor options={members} />
          </Form.Item>
        ) : (
          <Flex vertical gap={0} data-testid="duty-rot-weekdays">
            {WEEKDAYS.map((d) => (
              <Form.Item
                key={d}
                name={['weekday', d]}
                label={t('weekdayN', { d: t(`weekday_${d}` as DutyKey) })}
                style={{ marginBottom: 8 }}
              >
                <Select
                  mode="multiple"
                  options={members}
                  showSearch={{ optionFilterProp: 'label' }}
                  placeholder={t('selectPh')}
                />
              </Form.Item>
            ))}
          </Flex>
        )}
        <Flex gap={12}>
          <Form.Item
            name="startsOn"
            label={t('startsOn')}
            rules={[{ required: true, message: t('startsOnRequired') }]}
            style={{ flex: 1 }}
          >
            <DatePicker style={{ width: '100%' }} data-testid="duty-rot-starts" />
          </Form.Item>
          <Form.Item name="endsOn" label={t('endsOn')} extra={t('endsOnHint')} style={{ flex: 1 }}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="active" label={t('active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Flex>
      </Form>
    </Modal>
  );
}
