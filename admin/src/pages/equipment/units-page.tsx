import { useState } from 'react';
import { App, Button, DatePicker, Flex, Form, Input, Modal, Select, Space, Tag, Tooltip, Typography } from 'antd';
import { CloseOutlined, CloudUploadOutlined, PlusOutlined, PrinterOutlined, WarningFilled } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { EQUIPMENT_CONDITIONS } from '@yuanan/contracts';
import { Link } from 'react-router';
import { useAllModels, useUnitMutations, useUnits, type EquipmentUnit } from '../../api/equipment-queries.ts';
import { applyFormErrors, errorText } from '../../api/errors.ts';
import { useDownload } from '../../api/use-download.ts';
import { hasPermission } from '../../auth/access.ts';
import { useApi, useSession } from '../../auth/session.tsx';
import { ListPage, useListQuery, type FilterSpec, type ListColumn } from '../../components/list-page/index.ts';
import { fmtDate } from '../../components/time.ts';
import { validated } from '../../components/validated.ts';
import { useMessages } from '../../i18n/feature.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { usePunct } from '../../i18n/punct.ts';
import { ImportModal } from './import-modal.tsx';
import { categoryLabel, categoryOptions, conditionLabel, ConditionTag, statusOptions, UnitStatusTag } from './labels.tsx';
import { eqMessages } from './messages.ts';

/** The ledger's columns: tag (opens the unit), model, state, condition, place, who holds it, next reservation, maintenance. */
function useUnitColumns(): ListColumn<EquipmentUnit>[] {
  const t = useMessages(eqMessages);
  const { lang } = useI18n();
  const pn = usePunct();
  return [
    {
      key: 'assetTag',
      title: t('assetTag'),
      dataIndex: 'assetTag',
      width: 130,
      fixed: 'left',
      render: (v: string, r) => (
        <Link to={`/equipment/units/${r.id}`} className="mono" data-testid="eq-unit-link" data-user-text>
          {v}
        </Link>
      ),
    },
    {
      key: 'model',
      title: t('modelName'),
      dataIndex: 'modelName',
      width: 170,
      grow: true,
      ellipsis: true,
      render: (v: string) => <span data-user-text>{v}</span>,
    },
    { key: 'category', title: t('category'), dataIndex: 'category', width: 100, render: (c: string) => categoryLabel(c, lang) },
    {
      key: 'status',
      title: t('status'),
      width: 150,
      render: (_: unknown, r) => (
        <Space size={4} wrap>
          <UnitStatusTag status={r.status} />
          {r.lendableBlockedReason && (
            <Tooltip title={r.lendableBlockedReason}>
              <Tag color="red" style={{ marginInlineEnd: 0 }} data-testid="eq-blocked">
                {t('blocked')}
              </Tag>
            </Tooltip>
          )}
        </Space>
      ),
    },
    {
      key: 'condition',
      title: t('condition'),
      dataIndex: 'condition',
      width: 80,
      priority: 2,
      render: (c: string) => <ConditionTag condition={c} />,
    },
    {
      key: 'location',
      title: t('location'),
      dataIndex: 'location',
      width: 130,
      priority: 3,
      ellipsis: true,
      render: (v: string | null) => <span data-user-text>{v ?? '—'}</span>,
    },
    {
      key: 'loan',
      title: t('borrower'),
      width: 190,
      priority: 2,
      render: (_: unknown, r) =>
        r.currentLoan ? (
          <Flex vertical gap={0}>
            <span data-user-text>{r.currentLoan.borrowerName ?? '—'}</span>
            <Typography.Text type={r.currentLoan.overdue ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
              {r.currentLoan.overdue && <WarningFilled style={{ marginInlineEnd: 4 }} />}
              {pn.labelled(t('dueAt'), fmtDate(r.currentLoan.dueAt))}
            </Typography.Text>
          </Flex>
        ) : r.nextReservation ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('ev_reservation', { from: fmtDate(r.nextReservation.startsAt), to: fmtDate(r.nextReservation.endsAt) })}
          </Typography.Text>
        ) : (
          '—'
        ),
    },
    {
      key: 'nextMaintenanceOn',
      title: t('nextMaintenance'),
      dataIndex: 'nextMaintenanceOn',
      width: 110,
      priority: 3,
      render: (v: string | null) => fmtDate(v),
    },
  ];
}

/**
 * 器材台账: every unit of the zone with its state, filtered by state, category, model and text (in the address);
 * label sheet (PDF with QR codes) of the selected units, Excel import (dry run, then all or nothing) and export.
 */
export function UnitsPage() {
  const t = useMessages(eqMessages);
  const { lang } = useI18n();
  const api = useApi();
  const { effective } = useSession();
  const models = useAllModels();
  const canManage = hasPermission(effective, 'equipment.manage');
  const canExport = hasPermission(effective, 'equipment.export');
  const spec: FilterSpec[] = [
    { key: 'q', kind: 'text', label: t('keyword'), placeholder: t('unitsQPh'), width: 220, testId: 'eq-q' },
    { key: 'status', kind: 'select', label: t('status'), width: 130, options: statusOptions(lang), testId: 'eq-status-filter' },
    { key: 'category', kind: 'select', label: t('category'), width: 130, options: categoryOptions(lang) },
    {
      key: 'modelId',
      kind: 'select',
      label: t('model'),
      width: 200,
      options: (models.data?.items ?? []).map((m) => ({ value: m.id, label: m.name })),
    },
    { key: 'overdue', kind: 'check', label: t('overdueOnly'), testId: 'eq-overdue-filter' },
  ];
  const lq = useListQuery({ filters: spec });
  const list = useUnits(lq.params);
  const columns = useUnitColumns();
  const [selected, setSelected] = useState<EquipmentUnit[]>([]);
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const { busy: printing, download } = useDownload();

  const labels = () =>
    download(api.equipment.units.labelsPdfUrl({ ids: selected.map((u) => u.id) }), '器材标签.pdf', (name) =>
      t('labelsSaved', { name }),
    );

  return (
    <ListPage<EquipmentUnit>
      title={t('unitsTitle')}
      description={t('unitsDesc')}
      extra={
        canManage && (
          <>
            <Button icon={<CloudUploadOutlined />} onClick={() => setImporting(true)} data-testid="eq-import">
              {t('import')}
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="eq-unit-create">
              {t('newUnit')}
            </Button>
          </>
        )
      }
      lq={lq}
      list={list}
      testId="eq-units"
      views="equipment-units"
      exports={
        canExport
          ? [
              {
                key: 'xlsx',
                label: t('exportLedger'),
                href: (f) => api.equipment.units.xlsxUrl(f),
                fileName: '器材台账.xlsx',
              },
            ]
          : []
      }
      tableTitle={t('unitsList')}
      emptyText={t('unitsEmpty')}
      above={
        selected.length > 0 && (
          <Flex align="center" gap={8} className="bulk-bar" wrap data-testid="eq-bulk">
            <Typography.Text strong>{t('selected', { n: selected.length })}</Typography.Text>
            <Tooltip title={t('labelsTip')}>
              <Button
                size="small"
                icon={<PrinterOutlined />}
                loading={printing}
                onClick={() => void labels()}
                data-testid="eq-labels"
              >
                {t('labels')}
              </Button>
            </Tooltip>
            <Button size="small" type="text" icon={<CloseOutlined />} onClick={() => setSelected([])}>
              {t('clearSelection')}
            </Button>
          </Flex>
        )
      }
      table={{
        rowKey: 'id',
        columns,
        testId: 'eq-unit-table',
        rowClassName: (u) => (u.currentLoan?.overdue ? 'row-danger' : ''),
        rowSelection: {
          selectedRowKeys: selected.map((u) => u.id),
          onChange: (_keys, rows) => setSelected(rows),
          preserveSelectedRowKeys: true,
        },
      }}
    >
      {creating && <CreateUnitModal onClose={() => setCreating(false)} />}
      {importing && <ImportModal onClose={() => setImporting(false)} />}
    </ListPage>
  );
}

interface UnitValues {
  modelId: string;
  assetTag: string;
  serial?: string;
  location?: string;
  purchasedOn?: Dayjs;
  warrantyUntil?: Dayjs;
  condition: (typeof EQUIPMENT_CONDITIONS)[number];
}

/** 登记器材: one unit of a model with its tag, serial, place, dates and condition. */
function CreateUnitModal({ onClose }: { onClose: () => void }) {
  const t = useMessages(eqMessages);
  const { lang } = useI18n();
  const { message } = App.useApp();
  const models = useAllModels();
  const { create } = useUnitMutations();
  const [form] = Form.useForm<UnitValues>();
  const submit = async () => {
    const v = await validated(form);
    if (!v) return;
    try {
      await create.mutateAsync({
        modelId: v.modelId,
        assetTag: v.assetTag.trim(),
        serial: v.serial?.trim() || undefined,
        location: v.location?.trim() || undefined,
        purchasedOn: v.purchasedOn?.format('YYYY-MM-DD'),
        warrantyUntil: v.warrantyUntil?.format('YYYY-MM-DD'),
        condition: v.condition,
      });
      message.success(t('unitSaved'));
      onClose();
    } catch (e) {
      applyFormErrors(form, e);
      message.error(errorText(e));
    }
  };
  return (
    <Modal
      open
      title={t('newUnit')}
      okText={t('save')}
      cancelText={t('cancel')}
      confirmLoading={create.isPending}
      onOk={() => void submit()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'eq-unit-save' }}
    >
      <Form form={form} layout="vertical" initialValues={{ condition: 'good' }}>
        <Form.Item name="modelId" label={t('model')} rules={[{ required: true }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('selectPh')}
            options={(models.data?.items ?? []).map((m) => ({ value: m.id, label: `${m.name}${m.model ? ` ${m.model}` : ''}` }))}
          />
        </Form.Item>
        <Space wrap size={16}>
          <Form.Item name="assetTag" label={t('assetTag')} rules={[{ required: true, whitespace: true, max: 40 }]}>
            <Input className="mono" style={{ width: 200 }} data-testid="eq-unit-tag" />
          </Form.Item>
          <Form.Item name="serial" label={t('serial')} rules={[{ max: 80 }]}>
            <Input style={{ width: 200 }} />
          </Form.Item>
        </Space>
        <Form.Item name="location" label={t('location')} rules={[{ max: 100 }]}>
          <Input />
        </Form.Item>
        <Space wrap size={16}>
          <Form.Item name="purchasedOn" label={t('purchasedOn')}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="warrantyUntil" label={t('warrantyUntil')}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="condition" label={t('condition')} rules={[{ required: true }]}>
            <Select
              style={{ width: 120 }}
              options={EQUIPMENT_CONDITIONS.map((c) => ({ value: c, label: conditionLabel(c, lang) }))}
            />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}
