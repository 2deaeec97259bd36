import { useEffect, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Col,
  DatePicker,
  Divider,
  Drawer,
  Flex,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Radio,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { EditOutlined, EyeOutlined, PlusOutlined, ThunderboltOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { INSPECTION_ASSIGNEE_ROLES, INSPECTION_FREQUENCIES } from '@yuanan/contracts';
import { applyFormErrors, errorText } from '../../api/errors.ts';
import {
  useAgencies,
  usePlanMutations,
  usePlanPreview,
  usePlans,
  usePublishedTemplates,
  type CreatePlan,
  type InspectionPlan,
} from '../../api/inspection-queries.ts';
import { useTenant } from '../../api/risk-queries.ts';
import type { RiskColour } from '../../api/types.ts';
import { hasPermission } from '../../auth/access.ts';
import { useSession } from '../../auth/session.tsx';
import { ListPage, useListQuery, type FilterSpec, type ListColumn } from '../../components/list-page/index.ts';
import { ColourDot, ColourTag, COLOURS, useColourLabel } from '../../components/risk-colour.tsx';
import { useRoleLabel } from '../../components/role-label.ts';
import { fmtDate } from '../../components/time.ts';
import { useMessages } from '../../i18n/feature.ts';
import { usePunct } from '../../i18n/punct.ts';
import { useZoneLists } from '../enterprises/catalog.ts';
import { insMessages, type InsKey } from './messages.ts';
import { EnterpriseMultiPicker, useStaffOptions } from './pickers.tsx';

interface Values {
  name: string;
  kind: 'routine' | 'campaign';
  assigneeKind: 'user' | 'role' | 'agency';
  assigneeUserId?: string | null;
  assigneeRole?: (typeof INSPECTION_ASSIGNEE_ROLES)[number] | null;
  agencyId?: string | null;
  gridIds: string[];
  tags: string[];
  colours: RiskColour[];
  enterpriseIds: string[];
  templateIds: string[];
  frequency: (typeof INSPECTION_FREQUENCIES)[number];
  startDate: Dayjs;
  endDate?: Dayjs | null;
  windowDays?: number | null;
  enabled: boolean;
}

const DEFAULT_DAYS: Record<RiskColour, number> = { red: 7, orange: 14, yellow: 30, blue: 90 };

/** The api's field paths → the form's fields (the target's axes are flat in the form). */
const RENAME: Record<string, string> = {
  'target.gridIds': 'gridIds',
  'target.tags': 'tags',
  'target.colours': 'colours',
  'target.enterpriseIds': 'enterpriseIds',
};

function toValues(p: InspectionPlan): Values {
  return {
    name: p.name,
    kind: p.kind,
    assigneeKind: p.assigneeKind,
    assigneeUserId: p.assigneeUserId,
    assigneeRole: p.assigneeRole,
    agencyId: p.agencyId,
    gridIds: p.target.gridIds,
    tags: p.target.tags,
    colours: p.target.colours,
    enterpriseIds: p.target.enterpriseIds,
    templateIds: p.templateIds,
    frequency: p.frequency,
    startDate: dayjs(p.startDate),
    endDate: p.endDate ? dayjs(p.endDate) : null,
    windowDays: p.windowDays,
    enabled: p.enabled,
  };
}

function toBody(v: Values): CreatePlan {
  return {
    name: v.name.trim(),
    kind: v.kind,
    assigneeKind: v.assigneeKind,
    assigneeUserId: v.assigneeKind === 'user' ? (v.assigneeUserId ?? null) : null,
    assigneeRole: v.assigneeKind === 'role' ? (v.assigneeRole ?? null) : null,
    agencyId: v.assigneeKind === 'agency' ? (v.agencyId ?? null) : null,
    target: { gridIds: v.gridIds ?? [], tags: v.tags ?? [], colours: v.colours ?? [], enterpriseIds: v.enterpriseIds ?? [] },
    templateIds: v.templateIds ?? [],
    frequency: v.frequency,
    startDate: v.startDate.format('YYYY-MM-DD'),
    endDate: v.endDate ? v.endDate.format('YYYY-MM-DD') : null,
    windowDays: v.windowDays ?? null,
    enabled: v.enabled,
  };
}

/** Who a plan assigns its tasks to, in words. */
function useAssigneeText() {
  const t = useMessages(insMessages);
  const roleName = useRoleLabel();
  return (p: InspectionPlan) =>
    p.assigneeKind === 'user'
      ? (p.assigneeUserName ?? '—')
      : p.assigneeKind === 'agency'
        ? (p.agencyName ?? '—')
        : t('byRole', { role: roleName(p.assigneeRole) });
}

/**
 * 检查计划: the zone's plans (who, which enterprises, which checklists, how often), enabled or not; a drawer creates
 * or edits one and shows how many enterprises it reaches now; 立即生成 makes the current period's tasks.
 */
export function PlansPage() {
  const t = useMessages(insMessages);
  const { message } = App.useApp();
  const { effective } = useSession();
  const canManage = hasPermission(effective, 'inspections.plans.manage');
  const assignee = useAssigneeText();
  const colourLabel = useColourLabel();
  const lists = useZoneLists();
  const pn = usePunct();
  const ops = usePlanMutations();
  const [editing, setEditing] = useState<InspectionPlan | 'new' | null>(null);
  const spec: FilterSpec[] = [
    { key: 'q', kind: 'text', label: t('planName'), width: 180 },
    {
      key: 'kind',
      kind: 'select',
      label: t('planKind'),
      width: 150,
      options: (['routine', 'campaign'] as const).map((k) => ({ value: k, label: t(`planKind_${k}` as InsKey) })),
    },
    {
      key: 'enabled',
      kind: 'select',
      label: t('status'),
      width: 110,
      options: [
        { value: 'true', label: t('enabled') },
        { value: 'false', label: t('disabled') },
      ],
    },
  ];
  const lq = useListQuery({ filters: spec });
  const list = usePlans(lq.params);

  const toggle = async (p: InspectionPlan) => {
    try {
      await ops.update.mutateAsync({ id: p.id, enabled: !p.enabled, version: p.version });
      message.success(p.enabled ? t('disabledDone') : t('enabledDone'));
    } catch (e) {
      message.error(errorText(e));
    }
  };
  const generate = async (p: InspectionPlan) => {
    try {
      const r = await ops.generate.mutateAsync(p.id);
      message.success(t('generatedN', { n: r.created }));
    } catch (e) {
      message.error(errorText(e));
    }
  };

  const targetText = (p: InspectionPlan) => {
    const parts: string[] = [];
    if (p.target.gridIds.length) parts.push(pn.list(p.target.gridIds.map((g) => lists.gridName.get(g) ?? g)));
    if (p.target.tags.length) parts.push(pn.list(p.target.tags.map((g) => lists.tagName.get(g) ?? g)));
    if (p.target.colours.length) parts.push(pn.list(p.target.colours.map((c) => colourLabel(c))));
    if (p.target.enterpriseIds.length) parts.push(t('enterprisesN', { n: p.target.enterpriseIds.length }));
    return parts.length ? parts.join(' · ') : t('all');
  };

  const columns: ListColumn<InspectionPlan>[] = [
    {
      key: 'name',
      title: t('planName'),
      dataIndex: 'name',
      width: 200,
      fixed: 'left',
      ellipsis: true,
      render: (v: string, p) => (
        <Typography.Link onClick={() => setEditing(p)} data-testid="plan-link" data-user-text>
          {v}
        </Typography.Link>
      ),
    },
    {
      key: 'kind',
      title: t('planKind'),
      dataIndex: 'kind',
      width: 100,
      priority: 3,
      render: (k: string) => t(`planKind_${k}` as InsKey),
    },
    {
      key: 'assignee',
      title: t('assignee'),
      width: 160,
      ellipsis: true,
      render: (_: unknown, p) => (p.assigneeKind === 'role' ? assignee(p) : <span data-user-text>{assignee(p)}</span>),
    },
    { key: 'target', title: t('target'), width: 200, grow: true, ellipsis: true, render: (_: unknown, p) => targetText(p) },
    {
      key: 'frequency',
      title: t('frequency'),
      dataIndex: 'frequency',
      width: 100,
      render: (f: string) => t(`freq_${f}` as InsKey),
    },
    {
      key: 'templates',
      title: t('templates'),
      width: 180,
      priority: 2,
      ellipsis: true,
      render: (_: unknown, p) => <span data-user-text>{pn.list(p.templates.map((x) => x.name))}</span>,
    },
    {
      key: 'dates',
      title: t('startDate'),
      width: 190,
      priority: 3,
      render: (_: unknown, p) => `${fmtDate(p.startDate)} ~ ${p.endDate ? fmtDate(p.endDate) : ''}`,
    },
    {
      key: 'enabled',
      title: t('status'),
      dataIndex: 'enabled',
      width: 80,
      render: (v: boolean) => (
        <Tag color={v ? 'green' : 'default'} style={{ marginInlineEnd: 0 }} data-testid="plan-enabled" data-enabled={String(v)}>
          {v ? t('enabled') : t('disabled')}
        </Tag>
      ),
    },
  ];

  return (
    <ListPage<InspectionPlan>
      title={t('plansTitle')}
      description={t('plansDesc')}
      extra={
        canManage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="plan-create">
            {t('planCreate')}
          </Button>
        )
      }
      lq={lq}
      list={list}
      testId="plan"
      emptyText={t('plansEmpty')}
      table={{
        rowKey: 'id',
        columns,
        testId: 'plan-table',
        actions: canManage
          ? {
              width: 220,
              render: (p) => (
                <Space size={0}>
                  <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setEditing(p)}>
                    {t('edit')}
                  </Button>
                  <Popconfirm title={p.enabled ? t('disable') : t('enable')} onConfirm={() => void toggle(p)}>
                    <Button size="small" type="link" data-testid="plan-toggle">
                      {p.enabled ? t('disable') : t('enable')}
                    </Button>
                  </Popconfirm>
                  <Button
                    size="small"
                    type="link"
                    icon={<ThunderboltOutlined />}
                    disabled={!p.enabled}
                    loading={ops.generate.isPending && ops.generate.variables === p.id}
                    onClick={() => void generate(p)}
                    data-testid="plan-generate"
                  >
                    {t('generate')}
                  </Button>
                </Space>
              ),
            }
          : {
              width: 80,
              render: (p) => (
                <Button size="small" type="link" icon={<EyeOutlined />} onClick={() => setEditing(p)}>
                  {t('view')}
                </Button>
              ),
            },
      }}
    >
      {editing && (
        <PlanDrawer
          key={editing === 'new' ? 'new' : editing.id}
          plan={editing === 'new' ? null : editing}
          readOnly={!canManage}
          onClose={() => setEditing(null)}
          onSaved={(p) => setEditing(p)}
        />
      )}
    </ListPage>
  );
}

/** The zone's by-colour intervals (园区设置), shown under 按风险等级. */
function FrequencyTable() {
  const t = useMessages(insMessages);
  const tenant = useTenant();
  const days = (tenant.data?.settings.inspectionFrequencyDays as Record<RiskColour, number> | undefined) ?? DEFAULT_DAYS;
  return (
    <div data-testid="plan-frequency-table">
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('freqTable')}
      </Typography.Text>
      <Table
        size="small"
        pagination={false}
        rowKey="colour"
        style={{ maxWidth: 360, marginTop: 4 }}
        dataSource={COLOURS.map((c) => ({ colour: c, days: days[c] }))}
        columns={[
          { key: 'c', title: t('colour'), render: (_: unknown, r) => <ColourTag colour={r.colour} /> },
          { key: 'd', title: t('frequency'), render: (_: unknown, r) => t('freqDays', { n: r.days }) },
        ]}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('noColour')}
      </Typography.Text>
    </div>
  );
}

/** How many enterprises the saved plan reaches now, with a few names. */
function PlanPreview({ id }: { id: string }) {
  const t = useMessages(insMessages);
  const p = usePlanPreview(id);
  if (p.isError) return <Alert type="error" showIcon title={errorText(p.error)} />;
  if (!p.data) return null;
  return (
    <Alert
      type="info"
      showIcon
      data-testid="plan-preview"
      title={<span data-testid="plan-preview-count">{t('matched', { n: p.data.enterprises })}</span>}
      description={
        p.data.sample.length > 0 && (
          <Flex gap={6} wrap align="center">
            {t('matchedSample', { names: '' })}
            {p.data.sample.map((e) => (
              <span key={e.id} style={{ whiteSpace: 'nowrap' }}>
                <ColourDot colour={e.colour} /> <span data-user-text>{e.name}</span>
              </span>
            ))}
          </Flex>
        )
      }
    />
  );
}

function PlanDrawer({
  plan,
  readOnly,
  onClose,
  onSaved,
}: {
  plan: InspectionPlan | null;
  readOnly: boolean;
  onClose: () => void;
  onSaved: (p: InspectionPlan) => void;
}) {
  const t = useMessages(insMessages);
  const { message } = App.useApp();
  const roleName = useRoleLabel();
  const colourLabel = useColourLabel();
  const lists = useZoneLists();
  const ops = usePlanMutations();
  const agencies = useAgencies();
  const templates = usePublishedTemplates();
  const staff = useStaffOptions();
  const [form] = Form.useForm<Values>();
  const assigneeKind = Form.useWatch('assigneeKind', form);
  const frequency = Form.useWatch('frequency', form);
  const kind = Form.useWatch('kind', form);
  // A campaign (专项检查) happens once: the api refuses a repeating frequency for it, so the form offers none.
  useEffect(() => {
    if (kind === 'campaign' && frequency !== 'once') form.setFieldValue('frequency', 'once');
  }, [kind, frequency, form]);
  const saving = ops.create.isPending || ops.update.isPending;

  useEffect(() => {
    if (plan) form.setFieldsValue(toValues(plan));
  }, [plan, form]);

  const submit = async (v: Values) => {
    try {
      const body = toBody(v);
      const r = plan
        ? await ops.update.mutateAsync({ id: plan.id, ...body, version: plan.version })
        : await ops.create.mutateAsync(body);
      message.success(plan ? t('planSaved') : t('planCreated'));
      onSaved(r);
    } catch (e) {
      applyFormErrors(form, e, RENAME);
      message.error(errorText(e));
    }
  };

  return (
    <Drawer
      open
      size={760}
      title={plan ? plan.name : t('planCreate')}
      onClose={onClose}
      data-testid="plan-drawer"
      footer={
        !readOnly && (
          <Space style={{ float: 'right' }}>
            <Button onClick={onClose}>{t('cancel')}</Button>
            <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="plan-save">
              {t('save')}
            </Button>
          </Space>
        )
      }
    >
      {plan ? <PlanPreview id={plan.id} /> : <Typography.Text type="secondary">{t('saveFirst')}</Typography.Text>}
      <Form<Values>
        form={form}
        layout="vertical"
        disabled={readOnly}
        style={{ marginTop: 16 }}
        scrollToFirstError={{ block: 'center' }}
        onFinish={(v) => void submit(v)}
        initialValues={{
          kind: 'routine',
          assigneeKind: 'role',
          assigneeRole: 'grid_worker',
          frequency: 'by_colour',
          startDate: dayjs(),
          gridIds: [],
          tags: [],
          colours: [],
          enterpriseIds: [],
          templateIds: [],
          enabled: true,
        }}
      >
        <Row gutter={16}>
          <Col span={14}>
            <Form.Item
              name="name"
              label={t('planName')}
              rules={[{ required: true, whitespace: true, min: 2, message: t('nameRequired') }]}
            >
              <Input maxLength={100} placeholder={t('planNamePh')} data-testid="plan-name" />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item name="kind" label={t('planKind')}>
              <Radio.Group
                optionType="button"
                options={(['routine', 'campaign'] as const).map((k) => ({ value: k, label: t(`planKind_${k}` as InsKey) }))}
              />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="assigneeKind" label={t('assigneeKind')}>
              <Radio.Group
                optionType="button"
                buttonStyle="solid"
                options={(['user', 'role', 'agency'] as const).map((k) => ({ value: k, label: t(`assignee_${k}` as InsKey) }))}
                data-testid="plan-assignee-kind"
              />
            </Form.Item>
          </Col>
          <Col span={14}>
            {assigneeKind === 'user' && (
              <Form.Item name="assigneeUserId" label={t('assigneeUser')} rules={[{ required: true, message: t('pickUser') }]}>
                <Select showSearch={{ optionFilterProp: 'label' }} options={staff} data-testid="plan-assignee-user" />
              </Form.Item>
            )}
            {assigneeKind === 'role' && (
              <Form.Item name="assigneeRole" label={t('assigneeRole')} rules={[{ required: true, message: t('pickRole') }]}>
                <Select
                  options={INSPECTION_ASSIGNEE_ROLES.map((r) => ({ value: r, label: roleName(r) }))}
                  data-testid="plan-assignee-role"
                />
              </Form.Item>
            )}
            {assigneeKind === 'agency' && (
              <Form.Item name="agencyId" label={t('agency')} rules={[{ required: true, message: t('pickAgency') }]}>
                <Select
                  options={(agencies.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }))}
                  data-testid="plan-agency"
                />
              </Form.Item>
            )}
          </Col>
        </Row>
        <Divider titlePlacement="start">{t('target')}</Divider>
        <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
          {t('targetHint')}
        </Typography.Paragraph>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="gridIds" label={t('targetGrids')}>
              <Select
                mode="multiple"
                options={lists.gridOptions}
                optionFilterProp="label"
                placeholder={t('all')}
                data-testid="plan-grids"
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="tags" label={t('targetTags')}>
              <Select mode="multiple" options={lists.tagOptions} optionFilterProp="label" placeholder={t('all')} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="colours" label={t('targetColours')}>
              <Select
                mode="multiple"
                options={COLOURS.map((c) => ({ value: c, label: colourLabel(c) }))}
                placeholder={t('all')}
                data-testid="plan-colours"
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="enterpriseIds" label={t('targetEnterprises')}>
              <EnterpriseMultiPicker placeholder={t('all')} testId="plan-enterprises" />
            </Form.Item>
          </Col>
        </Row>
        <Divider titlePlacement="start">{t('templates')}</Divider>
        <Form.Item
          name="templateIds"
          label={t('templates')}
          extra={t('templatesHint')}
          rules={[{ required: true, type: 'array', min: 1, message: t('pickTemplate') }]}
        >
          <Select
            mode="multiple"
            optionFilterProp="label"
            loading={templates.isLoading}
            options={(templates.data?.items ?? []).map((x) => ({ value: x.id, label: `${x.name} v${x.version}` }))}
            data-testid="plan-templates"
          />
        </Form.Item>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="frequency" label={t('frequency')} rules={[{ required: true }]}>
              <Select
                options={INSPECTION_FREQUENCIES.map((f) => ({
                  value: f,
                  label: t(`freq_${f}` as InsKey),
                  disabled: kind === 'campaign' && f !== 'once',
                }))}
                data-testid="plan-frequency"
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="windowDays" label={t('windowDays')} extra={t('windowDaysHint')}>
              <InputNumber min={1} max={366} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          {frequency === 'by_colour' && (
            <Col span={24} style={{ marginBottom: 16 }}>
              <FrequencyTable />
            </Col>
          )}
          <Col span={12}>
            <Form.Item name="startDate" label={t('startDate')} rules={[{ required: true }]}>
              <DatePicker style={{ width: '100%' }} data-testid="plan-start" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="endDate"
              label={t('endDate')}
              dependencies={['frequency']}
              rules={[{ required: frequency === 'once', message: t('endDateOnce') }]}
            >
              <DatePicker style={{ width: '100%' }} data-testid="plan-end" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="enabled" label={t('enabled')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Drawer>
  );
}
