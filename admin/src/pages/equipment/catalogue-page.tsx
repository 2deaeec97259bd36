import { useState } from 'react';
import { App, Button, Drawer, Flex, Form, Image, Input, InputNumber, Select, Space, Switch, Tag, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { EQUIPMENT_CATEGORIES, type EquipmentCategory } from '@yuanan/contracts';
import { Link } from 'react-router';
import { useFiles, useModelMutations, useModels, type EquipmentModel } from '../../api/equipment-queries.ts';
import { applyFormErrors, errorText } from '../../api/errors.ts';
import { hasPermission } from '../../auth/access.ts';
import { useSession } from '../../auth/session.tsx';
import { ListPage, useListQuery, type FilterSpec, type ListColumn } from '../../components/list-page/index.ts';
import { validated } from '../../components/validated.ts';
import { useMessages } from '../../i18n/feature.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { usePunct } from '../../i18n/punct.ts';
import { categoryLabel, categoryOptions } from './labels.tsx';
import { eqMessages } from './messages.ts';
import { PhotoUpload, usePhotoState } from './photo-upload.tsx';

/**
 * 器材目录: the models of the equipment room with their category, specifications, maintenance rules, whether they
 * are lent to enterprises, and how many units there are and are free now (a click opens the model's units).
 */
export function CataloguePage() {
  const t = useMessages(eqMessages);
  const { lang } = useI18n();
  const pn = usePunct();
  const { effective } = useSession();
  const canManage = hasPermission(effective, 'equipment.manage');
  const spec: FilterSpec[] = [
    { key: 'q', kind: 'text', label: t('keyword'), placeholder: t('modelName'), width: 180, testId: 'eq-models-q' },
    { key: 'category', kind: 'select', label: t('category'), width: 140, options: categoryOptions(lang) },
    {
      key: 'lendable',
      kind: 'select',
      label: t('lendable'),
      width: 110,
      options: [
        { value: 'true', label: t('yes') },
        { value: 'false', label: t('no') },
      ],
    },
  ];
  const lq = useListQuery({ filters: spec });
  const list = useModels(lq.params);
  const [editing, setEditing] = useState<EquipmentModel | 'new' | null>(null);

  const columns: ListColumn<EquipmentModel>[] = [
    {
      key: 'name',
      title: t('modelName'),
      dataIndex: 'name',
      width: 200,
      fixed: 'left',
      render: (v: string, r) => (
        <Flex vertical gap={0}>
          <Typography.Link onClick={() => setEditing(r)} data-testid="eq-model-link" data-user-text>
            {v}
          </Typography.Link>
          {(r.model || r.manufacturer) && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-user-text>
              {[r.model, r.manufacturer].filter(Boolean).join(' · ')}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    { key: 'category', title: t('category'), dataIndex: 'category', width: 110, render: (c: string) => categoryLabel(c, lang) },
    {
      key: 'specs',
      title: t('specs'),
      width: 220,
      grow: true,
      priority: 2,
      ellipsis: { rows: 2 },
      render: (_: unknown, r) => <span data-user-text>{pn.list(r.specs.map((s) => pn.labelled(s.key, s.value)))}</span>,
    },
    {
      key: 'rules',
      title: t('rules'),
      width: 200,
      priority: 2,
      render: (_: unknown, r) =>
        r.maintenanceRules.length ? (
          <Space size={4} wrap>
            {r.maintenanceRules.map((m) => (
              <Tag key={m.kind} style={{ marginInlineEnd: 0 }} data-user-text>
                {m.label} · {t('monthsN', { n: m.intervalMonths })}
              </Tag>
            ))}
          </Space>
        ) : (
          '—'
        ),
    },
    {
      key: 'lendable',
      title: t('lendable'),
      dataIndex: 'lendable',
      width: 90,
      render: (v: boolean) => (v ? <Tag color="green">{t('lendable')}</Tag> : <Tag>{t('notLendable')}</Tag>),
    },
    {
      key: 'counts',
      title: `${t('freeCount')} / ${t('unitsCount')}`,
      width: 120,
      align: 'right',
      render: (_: unknown, r) => (
        <Link to={`/equipment/units?modelId=${r.id}`} data-testid="eq-model-units">
          {r.availableCount} / {r.unitCount}
        </Link>
      ),
    },
  ];

  return (
    <ListPage<EquipmentModel>
      title={t('catalogueTitle')}
      description={t('catalogueDesc')}
      extra={
        canManage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="eq-model-create">
            {t('newModel')}
          </Button>
        )
      }
      lq={lq}
      list={list}
      testId="eq-models"
      tableTitle={t('catalogueList')}
      emptyText={t('catalogueEmpty')}
      table={{ rowKey: 'id', columns, testId: 'eq-model-table' }}
    >
      {editing && (
        <ModelDrawer model={editing === 'new' ? null : editing} readOnly={!canManage} onClose={() => setEditing(null)} />
      )}
    </ListPage>
  );
}

interface ModelValues {
  category: EquipmentCategory;
  name: string;
  model?: string;
  manufacturer?: string;
  specs: { key: string; value: string }[];
  maintenanceRules: { kind: string; label: string; intervalMonths: number }[];
  lendable: boolean;
  description?: string;
}

/** A model's form (new or edit): fields, specification lines, maintenance rules and photos. */
function ModelDrawer({ model, readOnly, onClose }: { model: EquipmentModel | null; readOnly: boolean; onClose: () => void }) {
  const t = useMessages(eqMessages);
  const { lang } = useI18n();
  const { message } = App.useApp();
  const { create, update } = useModelMutations();
  const [form] = Form.useForm<ModelValues>();
  const [kept, setKept] = useState<string[]>(model?.photoFileIds ?? []);
  const { photos: added, setPhotos: setAdded, ready: photosReady } = usePhotoState();
  const files = useFiles(model?.photoFileIds ?? []);
  const saving = create.isPending || update.isPending;

  const submit = async () => {
    const v = await validated(form, { scroll: true });
    if (!v) return;
    if (!photosReady()) return;
    const body = {
      category: v.category,
      name: v.name.trim(),
      model: v.model?.trim() || undefined,
      manufacturer: v.manufacturer?.trim() || undefined,
      specs: (v.specs ?? []).map((s) => ({ key: s.key.trim(), value: s.value.trim() })),
      maintenanceRules: (v.maintenanceRules ?? []).map((r) => ({ ...r, label: r.label.trim() })),
      lendable: v.lendable,
      description: v.description?.trim() || undefined,
      photoFileIds: [...kept, ...added.ids],
    };
    try {
      if (model) await update.mutateAsync({ id: model.id, ...body });
      else await create.mutateAsync(body);
      message.success(t('modelSaved'));
      onClose();
    } catch (e) {
      applyFormErrors(form, e);
      message.error(errorText(e));
    }
  };

  return (
    <Drawer
      open
      size={720}
      title={model ? model.name : t('newModel')}
      onClose={onClose}
      destroyOnHidden
      data-testid="eq-model-drawer"
      footer={
        !readOnly && (
          <Space style={{ float: 'right' }}>
            <Button onClick={onClose}>{t('cancel')}</Button>
            <Button type="primary" loading={saving} onClick={() => void submit()} data-testid="eq-model-save">
              {t('save')}
            </Button>
          </Space>
        )
      }
    >
      <Form<ModelValues>
        form={form}
        layout="vertical"
        disabled={readOnly}
        initialValues={
          model
            ? {
                category: model.category,
                name: model.name,
                model: model.model ?? undefined,
                manufacturer: model.manufacturer ?? undefined,
                specs: model.specs,
                maintenanceRules: model.maintenanceRules,
                lendable: model.lendable,
                description: model.description ?? undefined,
              }
            : { category: 'other', specs: [], maintenanceRules: [], lendable: true }
        }
      >
        <Space wrap size={16} align="start">
          <Form.Item name="category" label={t('category')} rules={[{ required: true }]}>
            <Select
              style={{ width: 160 }}
              options={EQUIPMENT_CATEGORIES.map((c) => ({ value: c, label: categoryLabel(c, lang) }))}
            />
          </Form.Item>
          <Form.Item name="name" label={t('modelName')} rules={[{ required: true, whitespace: true, max: 100 }]}>
            <Input style={{ width: 260 }} data-testid="eq-model-name" />
          </Form.Item>
          <Form.Item name="lendable" label={t('lendable')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
        <Space wrap size={16} align="start">
          <Form.Item name="model" label={t('model')} rules={[{ max: 100 }]}>
            <Input style={{ width: 220 }} />
          </Form.Item>
          <Form.Item name="manufacturer" label={t('manufacturer')} rules={[{ max: 100 }]}>
            <Input style={{ width: 260 }} />
          </Form.Item>
        </Space>
        <Typography.Title level={5}>{t('specs')}</Typography.Title>
        <Form.List name="specs">
          {(fields, { add, remove }) => (
            <Flex vertical gap={0}>
              {fields.map((f) => (
                <Space key={f.key} align="start">
                  <Form.Item name={[f.name, 'key']} rules={[{ required: true, whitespace: true, max: 40 }]}>
                    <Input placeholder={t('specKey')} style={{ width: 180 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'value']} rules={[{ required: true, whitespace: true, max: 200 }]}>
                    <Input placeholder={t('specValue')} style={{ width: 320 }} />
                  </Form.Item>
                  <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('cancel')} />
                </Space>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ key: '', value: '' })} style={{ alignSelf: 'flex-start' }}>
                {t('addSpec')}
              </Button>
            </Flex>
          )}
        </Form.List>
        <Typography.Title level={5} style={{ marginTop: 16 }}>
          {t('rules')}
        </Typography.Title>
        <Form.List name="maintenanceRules">
          {(fields, { add, remove }) => (
            <Flex vertical gap={0}>
              {fields.map((f) => (
                <Space key={f.key} align="start">
                  <Form.Item
                    name={[f.name, 'kind']}
                    rules={[{ required: true, pattern: /^[a-z0-9_]{1,40}$/, message: t('ruleKindRule') }]}
                  >
                    <Input placeholder={t('ruleKind')} style={{ width: 140 }} className="mono" />
                  </Form.Item>
                  <Form.Item name={[f.name, 'label']} rules={[{ required: true, whitespace: true, max: 60 }]}>
                    <Input placeholder={t('ruleLabel')} style={{ width: 220 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'intervalMonths']} rules={[{ required: true }]}>
                    <InputNumber min={1} max={120} placeholder={t('ruleInterval')} style={{ width: 130 }} />
                  </Form.Item>
                  <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('cancel')} />
                </Space>
              ))}
              <Button
                icon={<PlusOutlined />}
                onClick={() => add({ kind: '', label: '', intervalMonths: 12 })}
                style={{ alignSelf: 'flex-start' }}
              >
                {t('addRule')}
              </Button>
            </Flex>
          )}
        </Form.List>
        <Form.Item name="description" label={t('description')} style={{ marginTop: 16 }} rules={[{ max: 2000 }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item label={t('photos')}>
          <Flex vertical gap={8}>
            {kept.length > 0 && (
              <Image.PreviewGroup>
                <Flex gap={8} wrap>
                  {kept.map((id) => {
                    const f = files.data?.find((x) => x?.id === id);
                    return (
                      <Flex key={id} vertical align="center" gap={2}>
                        {f?.url ? (
                          <Image src={f.url} width={96} height={72} style={{ objectFit: 'cover', borderRadius: 6 }} />
                        ) : (
                          <div style={{ width: 96, height: 72, background: '#f5f5f5', borderRadius: 6 }} />
                        )}
                        {!readOnly && (
                          <Button
                            size="small"
                            type="text"
                            icon={<DeleteOutlined />}
                            onClick={() => setKept((k) => k.filter((x) => x !== id))}
                          />
                        )}
                      </Flex>
                    );
                  })}
                </Flex>
              </Image.PreviewGroup>
            )}
            {!readOnly && <PhotoUpload onChange={setAdded} max={Math.max(0, 12 - kept.length)} testId="eq-model-photos" />}
          </Flex>
        </Form.Item>
      </Form>
    </Drawer>
  );
}
