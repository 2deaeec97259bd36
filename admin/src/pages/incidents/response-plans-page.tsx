import { useState } from 'react';
import { App, Button, Flex, Form, Input, InputNumber, Modal, Select, Space, Switch, Tag, Typography } from 'antd';
import { DeleteOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { applyFormErrors, errorText } from '../../api/errors.ts';
import { useResponsePlanMutations, useResponsePlans, type ResponsePlan } from '../../api/incident-queries.ts';
import { ConfirmAction } from '../../components/confirm-action.tsx';
import { hasPermission } from '../../auth/access.ts';
import { useSession } from '../../auth/session.tsx';
import { EnterprisePicker } from '../../components/enterprise-picker.tsx';
import { ListPage, useListQuery, type FilterSpec, type ListColumn } from '../../components/list-page/index.ts';
import { validated } from '../../components/validated.ts';
import { useMessages } from '../../i18n/feature.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { LevelTag, levelOptions, typeOptions, typeText } from './labels.tsx';
import { incidentMessages } from './messages.ts';
import './incidents.css';

interface StepValues {
  key: string;
  who: string;
  action: string;
  withinMinutes: number;
}
interface PlanValues {
  title: string;
  enterpriseId?: string | null;
  incidentTypes: string[];
  levels: string[];
  steps: StepValues[];
  active: boolean;
}

/**
 * 应急预案（响应步骤）: the zone's and enterprises' plans with their response steps (who, what, within how many
 * minutes) per incident type and warning level. The safety office creates, edits and archives them; others read.
 */
export function ResponsePlansPage() {
  const t = useMessages(incidentMessages);
  const { lang } = useI18n();
  const { effective } = useSession();
  const canManage = hasPermission(effective, 'incidents.plans.manage');
  const m = useResponsePlanMutations();
  const [editing, setEditing] = useState<ResponsePlan | 'new' | null>(null);
  const spec: FilterSpec[] = [
    {
      key: 'active',
      kind: 'segmented',
      defaultValue: 'true',
      options: [
        { value: 'true', label: t('active') },
        { value: 'false', label: t('archived') },
        { value: 'all', label: t('all') },
      ],
    },
    { key: 'q', kind: 'text', label: t('keyword'), width: 200 },
    { key: 'type', kind: 'select', label: t('type'), width: 150, options: typeOptions(lang) },
  ];
  const lq = useListQuery({ filters: spec, cursor: true });
  const list = useResponsePlans({ ...lq.params, active: lq.params.active || 'true' });
  const columns: ListColumn<ResponsePlan>[] = [
    {
      key: 'title',
      title: t('planTitle'),
      width: 260,
      grow: true,
      ellipsis: true,
      render: (_: unknown, r) =>
        canManage ? (
          <Typography.Link onClick={() => setEditing(r)} data-testid="inc-plan-link" data-id={r.id} data-user-text>
            {r.title}
          </Typography.Link>
        ) : (
          <span data-user-text>{r.title}</span>
        ),
    },
    {
      key: 'owner',
      title: t('planOwner'),
      width: 180,
      ellipsis: true,
      render: (_: unknown, r) => <span data-user-text>{r.enterpriseName ?? t('zoneWide')}</span>,
    },
    {
      key: 'types',
      title: t('incidentTypes'),
      width: 200,
      render: (_: unknown, r) => r.incidentTypes.map((x) => typeText(x, lang)).join(lang === 'en' ? ', ' : '、'),
    },
    {
      key: 'levels',
      title: t('levels'),
      width: 220,
      priority: 2,
      render: (_: unknown, r) => (
        <Space size={2} wrap>
          {r.levels.map((l) => (
            <LevelTag key={l} level={l} lang={lang} />
          ))}
        </Space>
      ),
    },
    { key: 'steps', title: t('steps'), width: 80, render: (_: unknown, r) => r.steps.length },
    {
      key: 'active',
      title: t('status'),
      width: 90,
      render: (_: unknown, r) => (r.active ? <Tag color="green">{t('active')}</Tag> : <Tag>{t('archived')}</Tag>),
    },
    ...(canManage
      ? [
          {
            key: 'ops',
            title: t('actions'),
            width: 90,
            render: (_: unknown, r: ResponsePlan) =>
              r.active && (
                <ConfirmAction
                  confirm={t('archiveConfirm')}
                  okText={t('ok')}
                  cancelText={t('cancel')}
                  label={t('archive')}
                  icon={<DeleteOutlined />}
                  danger
                  doneText={t('archived')}
                  run={() => m.archive.mutateAsync(r.id)}
                />
              ),
          },
        ]
      : []),
  ];

  return (
    <ListPage<ResponsePlan>
      title={t('plansTitle')}
      description={t('plansDesc')}
      lq={lq}
      list={list}
      testId="inc-plans"
      emptyText={t('plansEmpty')}
      extra={
        canManage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="inc-plan-new">
            {t('newPlan')}
          </Button>
        )
      }
      table={{ rowKey: 'id', columns, testId: 'inc-plan-table' }}
    >
      {editing && <PlanDialog plan={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </ListPage>
  );
}

function PlanDialog({ plan, onClose }: { plan: ResponsePlan | null; onClose: () => void }) {
  const t = useMessages(incidentMessages);
  const { lang } = useI18n();
  const { message } = App.useApp();
  const m = useResponsePlanMutations();
  const [form] = Form.useForm<PlanValues>();
  const submit = async () => {
    const v = await validated(form);
    if (!v) return;
    const steps = v.steps.map((s, i) => ({
      key: s.key?.trim() || `s${i + 1}`,
      order: i + 1,
      who: s.who.trim(),
      action: s.action.trim(),
      withinMinutes: s.withinMinutes,
    }));
    const body = {
      title: v.title.trim(),
      incidentTypes: v.incidentTypes as ResponsePlan['incidentTypes'],
      levels: v.levels as ResponsePlan['levels'],
      steps,
      active: v.active,
    };
    try {
      if (plan) await m.update.mutateAsync({ id: plan.id, version: plan.version, ...body });
      else await m.create.mutateAsync({ ...body, enterpriseId: v.enterpriseId ?? null });
      message.success(t('saved'));
      onClose();
    } catch (e) {
      if (!applyFormErrors(form, e)) message.error(errorText(e));
    }
  };
  return (
    <Modal
      open
      width={820}
      title={plan ? t('editPlan') : t('newPlan')}
      okText={t('save')}
      cancelText={t('cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={m.create.isPending || m.update.isPending}
      okButtonProps={{ 'data-testid': 'inc-plan-save' }}
      data-testid="inc-plan-dialog"
      styles={{ body: { maxHeight: '66vh', overflow: 'auto' } }}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={
          plan
            ? {
                title: plan.title,
                enterpriseId: plan.enterpriseId,
                incidentTypes: plan.incidentTypes,
                levels: plan.levels,
                active: plan.active,
                steps: plan.steps.map((s) => ({ key: s.key, who: s.who, action: s.action, withinMinutes: s.withinMinutes })),
              }
            : { levels: ['I', 'II', 'III', 'IV'], active: true, steps: [{ key: 's1', who: '', action: '', withinMinutes: 2 }] }
        }
      >
        <Flex gap={12}>
          <Form.Item
            name="title"
            label={t('planTitle')}
            rules={[{ required: true, whitespace: true, min: 2, max: 100 }]}
            style={{ flex: 2 }}
          >
            <Input data-testid="inc-plan-title" />
          </Form.Item>
          {/* The owner is fixed once the plan exists (the api changes the rest). */}
          {plan ? (
            <Form.Item label={t('planOwner')} style={{ flex: 1 }}>
              <Input value={plan.enterpriseName ?? t('zoneWide')} disabled />
            </Form.Item>
          ) : (
            <Form.Item name="enterpriseId" label={t('planOwner')} style={{ flex: 1 }}>
              <EnterprisePicker allowClear placeholder={t('zoneWide')} />
            </Form.Item>
          )}
        </Flex>
        <Flex gap={12}>
          <Form.Item name="incidentTypes" label={t('incidentTypes')} rules={[{ required: true }]} style={{ flex: 1 }}>
            <Select mode="multiple" options={typeOptions(lang)} data-testid="inc-plan-types" />
          </Form.Item>
          <Form.Item name="levels" label={t('levels')} rules={[{ required: true }]} style={{ flex: 1 }}>
            <Select mode="multiple" options={levelOptions(lang)} />
          </Form.Item>
          <Form.Item name="active" label={t('active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Flex>
        <Typography.Text strong>{t('steps')}</Typography.Text>
        <Form.List name="steps">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => (
                <Flex key={f.key} gap={8} align="flex-start" data-testid="inc-plan-step">
                  <Typography.Text style={{ width: 20, paddingTop: 5 }}>{i + 1}</Typography.Text>
                  <Form.Item name={[f.name, 'key']} hidden>
                    <Input />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'who']}
                    rules={[
                      { required: true, whitespace: true, message: t('stepWhoRequired', { n: i + 1 }) },
                      { max: 60, message: t('stepTooLong', { n: i + 1, max: 60 }) },
                    ]}
                    style={{ width: 140, marginBottom: 8 }}
                  >
                    <Input placeholder={t('stepWho')} />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'action']}
                    rules={[
                      { required: true, whitespace: true, message: t('stepActionRequired', { n: i + 1 }) },
                      { max: 500, message: t('stepTooLong', { n: i + 1, max: 500 }) },
                    ]}
                    style={{ flex: 1, marginBottom: 8 }}
                  >
                    <Input placeholder={t('stepAction')} />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'withinMinutes']}
                    rules={[{ required: true, message: t('stepMinutesRequired', { n: i + 1 }) }]}
                    style={{ width: 120, marginBottom: 8 }}
                  >
                    <InputNumber
                      min={0}
                      max={1440}
                      placeholder={t('stepMinutes')}
                      style={{ width: '100%' }}
                      suffix={lang === 'en' ? 'min' : '分钟'}
                    />
                  </Form.Item>
                  <Button
                    type="text"
                    icon={<MinusCircleOutlined />}
                    onClick={() => remove(f.name)}
                    disabled={fields.length <= 1}
                  />
                </Flex>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ key: `s${Date.now().toString(36)}`, who: '', action: '', withinMinutes: 10 })}
                disabled={fields.length >= 50}
              >
                {t('addStep')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
