import { useState } from 'react';
import { App, Button, Flex, Form, Input, InputNumber, Modal, Select, Tag } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { applyFormErrors, errorText } from '../../api/errors.ts';
import { useSensitiveTargetMutations, useSensitiveTargets, type SensitiveTarget } from '../../api/incident-queries.ts';
import { ConfirmAction } from '../../components/confirm-action.tsx';
import { hasPermission } from '../../auth/access.ts';
import { useSession } from '../../auth/session.tsx';
import { ListPage, useListQuery, type FilterSpec, type ListColumn } from '../../components/list-page/index.ts';
import { phoneRule } from '../../components/phone-rule.ts';
import { validated } from '../../components/validated.ts';
import { useMessages } from '../../i18n/feature.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { targetKindOptions, targetKindText } from './labels.tsx';
import { incidentMessages } from './messages.ts';
import './incidents.css';

type Values = {
  kind: SensitiveTarget['kind'];
  name: string;
  lat: number;
  lng: number;
  population?: number | null;
  contactName?: string;
  contactPhone?: string;
  note?: string;
};

/**
 * 敏感目标: schools, kindergartens, hospitals, residential areas and care homes near the zone (name, kind, position,
 * people, contact). The desk marks those inside a downwind sector and can text their contacts. The safety office
 * manages the list; others read it.
 */
export function SensitiveTargetsPage() {
  const t = useMessages(incidentMessages);
  const { lang } = useI18n();
  const { effective } = useSession();
  const canManage = hasPermission(effective, 'incidents.plans.manage');
  const m = useSensitiveTargetMutations();
  const [editing, setEditing] = useState<SensitiveTarget | 'new' | null>(null);
  const spec: FilterSpec[] = [
    { key: 'q', kind: 'text', label: t('keyword'), width: 200 },
    { key: 'kind', kind: 'select', label: t('targetKind'), width: 150, options: targetKindOptions(lang) },
  ];
  const lq = useListQuery({ filters: spec, cursor: true });
  const list = useSensitiveTargets(lq.params);
  const columns: ListColumn<SensitiveTarget>[] = [
    {
      key: 'name',
      title: t('targetName'),
      width: 220,
      grow: true,
      ellipsis: true,
      render: (_: unknown, r) =>
        canManage ? (
          <a onClick={() => setEditing(r)} data-testid="inc-target-link" data-id={r.id} data-user-text>
            {r.name}
          </a>
        ) : (
          <span data-user-text>{r.name}</span>
        ),
    },
    { key: 'kind', title: t('targetKind'), width: 110, render: (_: unknown, r) => <Tag>{targetKindText(r.kind, lang)}</Tag> },
    { key: 'population', title: t('population'), width: 90, render: (_: unknown, r) => r.population ?? '—' },
    {
      key: 'contact',
      title: t('contactName'),
      width: 200,
      priority: 2,
      render: (_: unknown, r) => <span data-user-text>{[r.contactName, r.contactPhone].filter(Boolean).join(' · ') || '—'}</span>,
    },
    {
      key: 'pos',
      title: `${t('lat')} / ${t('lng')}`,
      width: 190,
      priority: 3,
      render: (_: unknown, r) => <span className="mono">{`${r.lat.toFixed(5)}, ${r.lng.toFixed(5)}`}</span>,
    },
    ...(canManage
      ? [
          {
            key: 'ops',
            title: t('actions'),
            width: 90,
            render: (_: unknown, r: SensitiveTarget) => (
              <ConfirmAction
                confirm={t('removeConfirm')}
                okText={t('ok')}
                cancelText={t('cancel')}
                label={t('remove')}
                icon={<DeleteOutlined />}
                danger
                doneText={t('removed')}
                run={() => m.remove.mutateAsync(r.id)}
              />
            ),
          },
        ]
      : []),
  ];
  return (
    <ListPage<SensitiveTarget>
      title={t('targetsTitle')}
      description={t('targetsDesc')}
      lq={lq}
      list={list}
      testId="inc-targets"
      emptyText={t('targetsEmpty')}
      extra={
        canManage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="inc-target-new">
            {t('newTarget')}
          </Button>
        )
      }
      table={{ rowKey: 'id', columns, testId: 'inc-target-table' }}
    >
      {editing && <TargetDialog target={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </ListPage>
  );
}

function TargetDialog({ target, onClose }: { target: SensitiveTarget | null; onClose: () => void }) {
  const t = useMessages(incidentMessages);
  const { lang } = useI18n();
  const { message } = App.useApp();
  const m = useSensitiveTargetMutations();
  const [form] = Form.useForm<Values>();
  const submit = async () => {
    const v = await validated(form);
    if (!v) return;
    const body = {
      kind: v.kind,
      name: v.name.trim(),
      lat: v.lat,
      lng: v.lng,
      population: v.population ?? null,
      contactName: v.contactName?.trim() || null,
      contactPhone: v.contactPhone?.trim() || null,
      note: v.note?.trim() || null,
    };
    try {
      if (target) await m.update.mutateAsync({ id: target.id, version: target.version, ...body });
      else await m.create.mutateAsync(body);
      message.success(t('saved'));
      onClose();
    } catch (e) {
      if (!applyFormErrors(form, e)) message.error(errorText(e));
    }
  };
  return (
    <Modal
      open
      width={600}
      title={target ? t('editTarget') : t('newTarget')}
      okText={t('save')}
      cancelText={t('cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={m.create.isPending || m.update.isPending}
      okButtonProps={{ 'data-testid': 'inc-target-save' }}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={
          target
            ? {
                kind: target.kind,
                name: target.name,
                lat: target.lat,
                lng: target.lng,
                population: target.population,
                contactName: target.contactName ?? undefined,
                contactPhone: target.contactPhone ?? undefined,
                note: target.note ?? undefined,
              }
            : { kind: 'school' }
        }
      >
        <Flex gap={12}>
          <Form.Item name="kind" label={t('targetKind')} rules={[{ required: true }]} style={{ width: 160 }}>
            <Select options={targetKindOptions(lang)} />
          </Form.Item>
          <Form.Item
            name="name"
            label={t('targetName')}
            rules={[{ required: true, whitespace: true, min: 2, max: 100 }]}
            style={{ flex: 1 }}
          >
            <Input data-testid="inc-target-name" />
          </Form.Item>
        </Flex>
        <Flex gap={12}>
          <Form.Item name="lat" label={t('lat')} rules={[{ required: true }]} style={{ flex: 1 }}>
            <InputNumber min={-90} max={90} step={0.0001} style={{ width: '100%' }} data-testid="inc-target-lat" />
          </Form.Item>
          <Form.Item name="lng" label={t('lng')} rules={[{ required: true }]} style={{ flex: 1 }}>
            <InputNumber min={-180} max={180} step={0.0001} style={{ width: '100%' }} data-testid="inc-target-lng" />
          </Form.Item>
          <Form.Item name="population" label={t('population')} style={{ width: 120 }}>
            <InputNumber min={0} max={1_000_000} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Flex>
        <Flex gap={12}>
          <Form.Item name="contactName" label={t('contactName')} rules={[{ max: 60 }]} style={{ flex: 1 }}>
            <Input />
          </Form.Item>
          <Form.Item name="contactPhone" label={t('contactPhone')} rules={[phoneRule()]} style={{ flex: 1 }}>
            <Input />
          </Form.Item>
        </Flex>
        <Form.Item name="note" label={t('note')} rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
