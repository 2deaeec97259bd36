import { useState } from 'react';
import { App, Button, Flex, Form, Input, Modal, Space, Tag, Typography } from 'antd';
import { CheckOutlined, CloseOutlined, WarningFilled } from '@ant-design/icons';
import dayjs from 'dayjs';
import { MAINTENANCE_STATUSES } from '@yuanan/contracts';
import { Link } from 'react-router';
import { useMaintenance, useMaintenanceMutations, type EquipmentMaintenance } from '../../api/equipment-queries.ts';
import { applyFormErrors, errorText } from '../../api/errors.ts';
import { hasPermission } from '../../auth/access.ts';
import { useSession } from '../../auth/session.tsx';
import { ListPage, useListQuery, type FilterSpec, type ListColumn } from '../../components/list-page/index.ts';
import { fmtDate, fmtMinute } from '../../components/time.ts';
import { validated } from '../../components/validated.ts';
import { useMessages } from '../../i18n/feature.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { MAINTENANCE_COLOURS, maintenanceSourceLabel, maintenanceStatusLabel } from './labels.tsx';
import { eqMessages } from './messages.ts';
import { PhotoUpload, usePhotoState } from './photo-upload.tsx';

/** A job still to do whose due date has passed (the zone's day as the browser shows it). */
const isOverdue = (m: EquipmentMaintenance) => m.status === 'due' && m.dueOn < dayjs().format('YYYY-MM-DD');

/**
 * 保养: the maintenance board — jobs due (by the models' intervals, or a damaged return), overdue ones in red,
 * failed ones (the unit cannot be lent until a later pass) and the record of passes. 合格 / 不合格 record the
 * result with a note and photos.
 */
export function MaintenancePage() {
  const t = useMessages(eqMessages);
  const { lang } = useI18n();
  const { effective } = useSession();
  const canManage = hasPermission(effective, 'equipment.manage');
  const spec: FilterSpec[] = [
    {
      key: 'status',
      kind: 'segmented',
      defaultValue: 'due',
      options: [
        ...MAINTENANCE_STATUSES.map((s) => ({ value: s, label: maintenanceStatusLabel(s, lang) })),
        { value: '', label: t('all') },
      ],
      testId: 'eq-mt-tabs',
    },
    { key: 'due', kind: 'hidden' },
  ];
  const lq = useListQuery({ filters: spec });
  const params = { ...lq.params };
  const list = useMaintenance(params);
  const [deciding, setDeciding] = useState<{ job: EquipmentMaintenance; pass: boolean } | null>(null);
  const today = dayjs().format('YYYY-MM-DD');

  const columns: ListColumn<EquipmentMaintenance>[] = [
    {
      key: 'assetTag',
      title: t('assetTag'),
      dataIndex: 'assetTag',
      width: 130,
      fixed: 'left',
      render: (v: string, r) => (
        <Link to={`/equipment/units/${r.unitId}`} className="mono" data-user-text>
          {v}
        </Link>
      ),
    },
    {
      key: 'model',
      title: t('modelName'),
      dataIndex: 'modelName',
      width: 160,
      ellipsis: true,
      render: (v: string) => <span data-user-text>{v}</span>,
    },
    {
      key: 'label',
      title: t('ruleLabel'),
      dataIndex: 'label',
      width: 160,
      grow: true,
      render: (v: string) => <span data-user-text>{v}</span>,
    },
    {
      key: 'dueOn',
      title: t('dueOn'),
      dataIndex: 'dueOn',
      width: 130,
      render: (v: string, r) =>
        isOverdue(r) ? (
          <Typography.Text type="danger">
            <WarningFilled style={{ marginInlineEnd: 4 }} />
            {fmtDate(v)}
          </Typography.Text>
        ) : (
          fmtDate(v)
        ),
    },
    {
      key: 'source',
      title: t('source'),
      dataIndex: 'source',
      width: 100,
      priority: 2,
      render: (s: string) => maintenanceSourceLabel(s, lang),
    },
    {
      key: 'status',
      title: t('status'),
      width: 110,
      render: (_: unknown, r) => (
        <Space size={4} wrap>
          <Tag
            color={MAINTENANCE_COLOURS[r.status]}
            style={{ marginInlineEnd: 0 }}
            data-testid="eq-mt-status"
            data-status={r.status}
          >
            {maintenanceStatusLabel(r.status, lang)}
          </Tag>
          {isOverdue(r) && (
            <Tag color="red" style={{ marginInlineEnd: 0 }}>
              {t('mt_overdue')}
            </Tag>
          )}
        </Space>
      ),
    },
    {
      key: 'result',
      title: t('resultNote'),
      width: 200,
      priority: 2,
      render: (_: unknown, r) =>
        r.performedAt ? (
          <Flex vertical gap={0}>
            <Typography.Text ellipsis style={{ maxWidth: 190 }} data-user-text>
              {r.resultNote ?? '—'}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              <span data-user-text>{r.performedByName ?? ''}</span> {fmtMinute(r.performedAt)}
            </Typography.Text>
          </Flex>
        ) : (
          '—'
        ),
    },
  ];

  return (
    <ListPage<EquipmentMaintenance>
      title={t('maintenanceTitle')}
      description={t('maintenanceDesc')}
      lq={lq}
      list={list}
      testId="eq-mt"
      emptyText={t('maintenanceEmpty')}
      presets={[{ key: 'due', label: t('dueOnly'), values: { status: 'due', due: today } }]}
      table={{
        rowKey: 'id',
        columns,
        testId: 'eq-mt-table',
        rowClassName: (r) => (isOverdue(r) ? 'row-danger' : ''),
        actions: canManage
          ? {
              width: 180,
              render: (r) =>
                r.status === 'passed' ? null : (
                  <Space size={0} className="row-actions">
                    <Button
                      type="link"
                      size="small"
                      icon={<CheckOutlined />}
                      onClick={() => setDeciding({ job: r, pass: true })}
                      data-testid="eq-mt-pass"
                    >
                      {t('pass')}
                    </Button>
                    {r.status === 'due' && (
                      <Button
                        type="link"
                        size="small"
                        danger
                        icon={<CloseOutlined />}
                        onClick={() => setDeciding({ job: r, pass: false })}
                        data-testid="eq-mt-fail"
                      >
                        {t('fail')}
                      </Button>
                    )}
                  </Space>
                ),
            }
          : null,
      }}
    >
      {deciding && <ResultModal {...deciding} onClose={() => setDeciding(null)} />}
    </ListPage>
  );
}

/** 合格 / 不合格: the record (required for a fail: why the unit cannot be lent) and photos. */
function ResultModal({ job, pass, onClose }: { job: EquipmentMaintenance; pass: boolean; onClose: () => void }) {
  const t = useMessages(eqMessages);
  const { message } = App.useApp();
  const { result } = useMaintenanceMutations();
  const [form] = Form.useForm<{ note?: string }>();
  const { photos, setPhotos, ready: photosReady } = usePhotoState();
  const submit = async () => {
    const v = await validated(form);
    if (!v) return;
    if (!photosReady()) return;
    try {
      await result.mutateAsync({ id: job.id, pass, note: v.note?.trim() || undefined, photoFileIds: photos.ids });
      message.success(pass ? t('passed') : t('failed'));
      onClose();
    } catch (e) {
      applyFormErrors(form, e);
      message.error(errorText(e));
    }
  };
  return (
    <Modal
      open
      title={pass ? t('passTitle', { tag: job.assetTag }) : t('failTitle', { tag: job.assetTag })}
      okText={pass ? t('pass') : t('fail')}
      cancelText={t('cancel')}
      okButtonProps={{ danger: !pass, 'data-testid': 'eq-mt-ok' }}
      confirmLoading={result.isPending}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        <span data-user-text>
          {job.modelName} · {job.label}
        </span>
      </Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item name="note" label={t('resultNote')} rules={[{ required: !pass, whitespace: true }, { max: 1000 }]}>
          <Input.TextArea rows={3} placeholder={t('resultNotePh')} data-testid="eq-mt-note" />
        </Form.Item>
        <Form.Item label={t('photos')}>
          <PhotoUpload onChange={setPhotos} testId="eq-mt-photos" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
