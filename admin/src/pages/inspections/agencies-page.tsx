import { useState } from 'react';
import { App, Button, DatePicker, Flex, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { applyFormErrors, errorText } from '../../api/errors.ts';
import {
  useAgencyMutations,
  useAgencyPage,
  useContracts,
  usePublishedTemplates,
  type InspectionAgency,
  type InspectionContract,
} from '../../api/inspection-queries.ts';
import { hasPermission } from '../../auth/access.ts';
import { useSession } from '../../auth/session.tsx';
import { ListPage, useListQuery, type FilterSpec, type ListColumn } from '../../components/list-page/index.ts';
import { fmtDate, zoneToday } from '../../components/time.ts';
import { useMessages } from '../../i18n/feature.ts';
import { usePunct } from '../../i18n/punct.ts';
import { insMessages } from './messages.ts';
import { EnterpriseMultiPicker, useStaffOptions } from './pickers.tsx';

/** 生效中 / 已到期 / 未开始 of a contract (the api says whether it is in force today in the zone). */
export function ContractStateTag({ c }: { c: Pick<InspectionContract, 'active' | 'endDate'> }) {
  const t = useMessages(insMessages);
  const expired = !c.active && c.endDate < zoneToday();
  return c.active ? (
    <Tag color="green" style={{ marginInlineEnd: 0 }} data-testid="ct-state" data-state="active">
      {t('ctActive')}
    </Tag>
  ) : expired ? (
    <Tag color="default" style={{ marginInlineEnd: 0 }} data-testid="ct-state" data-state="expired">
      {t('ctExpired')}
    </Tag>
  ) : (
    <Tag color="blue" style={{ marginInlineEnd: 0 }} data-testid="ct-state" data-state="pending">
      {t('ctPending')}
    </Tag>
  );
}

interface AgencyValues {
  name: string;
  creditCode?: string | null;
  contactName: string;
  contactPhone: string;
  memberUserIds: string[];
}
interface ContractValues {
  name: string;
  enterpriseIds: string[];
  templateIds: string[];
  dates: [Dayjs, Dayjs];
}

/**
 * 第三方机构: the agencies with their inspectors and contact, each with its contracts (enterprises covered, term,
 * checklists) and whether each is in force; those who manage agencies add and edit both.
 */
export function AgenciesPage() {
  const t = useMessages(insMessages);
  const { effective } = useSession();
  const canManage = hasPermission(effective, 'inspections.agencies.manage');
  const spec: FilterSpec[] = [{ key: 'q', kind: 'text', label: t('agName'), width: 200 }];
  const lq = useListQuery({ filters: spec, pageSize: 50 });
  const list = useAgencyPage(lq.params);
  const [agency, setAgency] = useState<InspectionAgency | 'new' | null>(null);
  const [contract, setContract] = useState<{ agency: InspectionAgency; contract: InspectionContract | null } | null>(null);
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const rows = list.data?.items ?? [];

  const columns: ListColumn<InspectionAgency>[] = [
    {
      key: 'name',
      title: t('agName'),
      dataIndex: 'name',
      width: 220,
      grow: true,
      ellipsis: true,
      render: (v: string) => <span data-user-text>{v}</span>,
    },
    {
      key: 'credit',
      title: t('agCredit'),
      dataIndex: 'creditCode',
      width: 190,
      priority: 3,
      render: (v: string | null) => <span className="mono">{v ?? '—'}</span>,
    },
    {
      key: 'contact',
      title: t('agContact'),
      width: 180,
      render: (_: unknown, a) => <span data-user-text>{`${a.contactName} ${a.contactPhone}`}</span>,
    },
    {
      key: 'members',
      title: t('agMembers'),
      width: 220,
      priority: 2,
      render: (_: unknown, a) =>
        a.members.length ? (
          <Flex gap={4} wrap>
            {a.members.map((m) => (
              <Tag key={m.id} style={{ marginInlineEnd: 0 }} data-user-text>
                {m.name}
              </Tag>
            ))}
          </Flex>
        ) : (
          '—'
        ),
    },
    {
      key: 'active',
      title: t('agContracts'),
      dataIndex: 'activeContracts',
      width: 100,
      render: (n: number) => (
        <Tag color={n ? 'green' : 'default'} style={{ marginInlineEnd: 0 }}>
          {t('ctActive')} {n}
        </Tag>
      ),
    },
  ];

  return (
    <ListPage<InspectionAgency>
      title={t('agTitle')}
      description={t('agDesc')}
      extra={
        canManage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAgency('new')} data-testid="ag-create">
            {t('agCreate')}
          </Button>
        )
      }
      lq={lq}
      list={list}
      testId="ag"
      emptyText={t('agEmpty')}
      table={{
        rowKey: 'id',
        columns,
        testId: 'ag-table',
        expandable: {
          expandedRowKeys: rows.filter((a) => !collapsed.has(a.id)).map((a) => a.id),
          onExpand: (open, a) => {
            const next = new Set(collapsed);
            if (open) next.delete(a.id);
            else next.add(a.id);
            setCollapsed(next);
          },
          expandedRowRender: (a) => (
            <AgencyContracts agency={a} canManage={canManage} onEdit={(c) => setContract({ agency: a, contract: c })} />
          ),
        },
        actions: canManage
          ? {
              width: 190,
              render: (a) => (
                <Space size={0}>
                  <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setAgency(a)}>
                    {t('edit')}
                  </Button>
                  <Button
                    size="small"
                    type="link"
                    icon={<PlusOutlined />}
                    onClick={() => setContract({ agency: a, contract: null })}
                    data-testid="ct-create"
                  >
                    {t('ctCreate')}
                  </Button>
                </Space>
              ),
            }
          : null,
      }}
    >
      {agency && <AgencyModal agency={agency === 'new' ? null : agency} onClose={() => setAgency(null)} />}
      {contract && <ContractModal agency={contract.agency} contract={contract.contract} onClose={() => setContract(null)} />}
    </ListPage>
  );
}

function AgencyContracts({
  agency,
  canManage,
  onEdit,
}: {
  agency: InspectionAgency;
  canManage: boolean;
  onEdit: (c: InspectionContract) => void;
}) {
  const t = useMessages(insMessages);
  const pn = usePunct();
  const contracts = useContracts(agency.id);
  const templates = usePublishedTemplates();
  const tplName = new Map((templates.data?.items ?? []).map((x) => [x.id, x.name]));
  return (
    <div data-testid="ag-contracts">
      <Typography.Text strong>{t('agContracts')}</Typography.Text>
      <Table<InspectionContract>
        size="small"
        rowKey="id"
        loading={contracts.isLoading}
        pagination={false}
        style={{ marginTop: 6 }}
        dataSource={contracts.data?.items ?? []}
        locale={{ emptyText: t('ctNone') }}
        columns={[
          { key: 'name', title: t('ctName'), dataIndex: 'name', render: (v: string) => <span data-user-text>{v}</span> },
          { key: 'state', title: t('status'), width: 90, render: (_: unknown, c) => <ContractStateTag c={c} /> },
          {
            key: 'dates',
            title: t('ctDates'),
            width: 210,
            render: (_: unknown, c) => `${fmtDate(c.startDate)} ~ ${fmtDate(c.endDate)}`,
          },
          {
            key: 'ent',
            title: t('ctEnterprises'),
            width: 110,
            render: (_: unknown, c) => t('enterprisesN', { n: c.enterpriseIds.length }),
          },
          {
            key: 'tpl',
            title: t('ctTemplates'),
            render: (_: unknown, c) =>
              c.templateIds.length ? (
                <span data-user-text>{pn.list(c.templateIds.map((id) => tplName.get(id) ?? id))}</span>
              ) : (
                t('all')
              ),
          },
          ...(canManage
            ? [
                {
                  key: 'op',
                  title: '',
                  width: 80,
                  render: (_: unknown, c: InspectionContract) => (
                    <Button size="small" type="link" icon={<EditOutlined />} onClick={() => onEdit(c)}>
                      {t('edit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
    </div>
  );
}

function AgencyModal({ agency, onClose }: { agency: InspectionAgency | null; onClose: () => void }) {
  const t = useMessages(insMessages);
  const { message } = App.useApp();
  const ops = useAgencyMutations();
  const inspectors = useStaffOptions('inspector');
  const [form] = Form.useForm<AgencyValues>();
  const submit = async (v: AgencyValues) => {
    const body = {
      name: v.name.trim(),
      creditCode: v.creditCode?.trim() || null,
      contactName: v.contactName.trim(),
      contactPhone: v.contactPhone.trim(),
      memberUserIds: v.memberUserIds ?? [],
    };
    try {
      if (agency) await ops.updateAgency.mutateAsync({ id: agency.id, ...body });
      else await ops.createAgency.mutateAsync(body);
      message.success(agency ? t('agSaved') : t('agCreated'));
      onClose();
    } catch (e) {
      applyFormErrors(form, e);
      message.error(errorText(e));
    }
  };
  return (
    <Modal
      open
      title={agency ? t('agEdit') : t('agCreate')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('save')}
      cancelText={t('cancel')}
      confirmLoading={ops.createAgency.isPending || ops.updateAgency.isPending}
      width={620}
      okButtonProps={{ 'data-testid': 'ag-save' } as Record<string, string>}
    >
      <Form<AgencyValues>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={
          agency
            ? {
                name: agency.name,
                creditCode: agency.creditCode,
                contactName: agency.contactName,
                contactPhone: agency.contactPhone,
                memberUserIds: agency.memberUserIds,
              }
            : { memberUserIds: [] }
        }
      >
        <Form.Item name="name" label={t('agName')} rules={[{ required: true, whitespace: true, min: 2 }]}>
          <Input maxLength={100} data-testid="ag-name" />
        </Form.Item>
        <Form.Item name="creditCode" label={t('agCredit')}>
          <Input maxLength={18} className="mono" />
        </Form.Item>
        <Form.Item name="contactName" label={t('agContact')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={32} data-testid="ag-contact" />
        </Form.Item>
        <Form.Item name="contactPhone" label={t('agPhone')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={20} data-testid="ag-phone" />
        </Form.Item>
        <Form.Item name="memberUserIds" label={t('agMembers')} extra={t('agMembersHint')}>
          <Select mode="multiple" options={inspectors} optionFilterProp="label" data-testid="ag-members" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ContractModal({
  agency,
  contract,
  onClose,
}: {
  agency: InspectionAgency;
  contract: InspectionContract | null;
  onClose: () => void;
}) {
  const t = useMessages(insMessages);
  const pn = usePunct();
  const { message } = App.useApp();
  const ops = useAgencyMutations();
  const templates = usePublishedTemplates();
  const [form] = Form.useForm<ContractValues>();
  const submit = async (v: ContractValues) => {
    const body = {
      name: v.name.trim(),
      enterpriseIds: v.enterpriseIds ?? [],
      templateIds: v.templateIds ?? [],
      startDate: v.dates[0].format('YYYY-MM-DD'),
      endDate: v.dates[1].format('YYYY-MM-DD'),
    };
    try {
      if (contract) await ops.updateContract.mutateAsync({ id: contract.id, ...body });
      else await ops.createContract.mutateAsync({ agencyId: agency.id, ...body });
      message.success(contract ? t('ctSaved') : t('ctCreated'));
      onClose();
    } catch (e) {
      applyFormErrors(form, e, { startDate: 'dates', endDate: 'dates' });
      message.error(errorText(e));
    }
  };
  return (
    <Modal
      open
      title={`${contract ? t('ctEdit') : t('ctCreate')}${pn.paren(agency.name)}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('save')}
      cancelText={t('cancel')}
      confirmLoading={ops.createContract.isPending || ops.updateContract.isPending}
      width={680}
      okButtonProps={{ 'data-testid': 'ct-save' } as Record<string, string>}
    >
      <Form<ContractValues>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={
          contract
            ? {
                name: contract.name,
                enterpriseIds: contract.enterpriseIds,
                templateIds: contract.templateIds,
                dates: [dayjs(contract.startDate), dayjs(contract.endDate)],
              }
            : { enterpriseIds: [], templateIds: [] }
        }
      >
        <Form.Item name="name" label={t('ctName')} rules={[{ required: true, whitespace: true, min: 2 }]}>
          <Input maxLength={100} placeholder={t('ctNamePh')} data-testid="ct-name" />
        </Form.Item>
        <Form.Item name="dates" label={t('ctDates')} rules={[{ required: true }]}>
          <DatePicker.RangePicker style={{ width: '100%' }} data-testid="ct-dates" />
        </Form.Item>
        <Form.Item name="enterpriseIds" label={t('ctEnterprises')} rules={[{ required: true, type: 'array', min: 1 }]}>
          <EnterpriseMultiPicker testId="ct-enterprises" />
        </Form.Item>
        <Form.Item name="templateIds" label={t('ctTemplates')}>
          <Select
            mode="multiple"
            optionFilterProp="label"
            placeholder={t('all')}
            options={(templates.data?.items ?? []).map((x) => ({ value: x.id, label: `${x.name} v${x.version}` }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
