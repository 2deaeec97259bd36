import { useEffect, useState, type ReactNode } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined, SendOutlined } from '@ant-design/icons';
import { applyFormErrors, errorText } from '../../api/errors.ts';
import { usePublishModel, useRiskModels } from '../../api/risk-queries.ts';
import type { RiskColour, RiskModel, RiskModelParams } from '../../api/types.ts';
import { hasPermission } from '../../auth/access.ts';
import { useSession } from '../../auth/session.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { COLOURS, ColourTag, useColourLabel } from '../../components/risk-colour.tsx';
import { fmtMinute } from '../../components/time.ts';
import { useI18n, useT } from '../../i18n/i18n.tsx';
import { useMessages } from '../../i18n/feature.ts';
import { useZoneLists } from '../enterprises/catalog.ts';
import { riskMessages } from './messages.ts';
import { validated } from '../../components/validated.ts';

type FloorValue = RiskColour | 'none';
interface FormValues {
  params: Omit<RiskModelParams, 'colour'> & {
    colour: Omit<RiskModelParams['colour'], 'keyPlaceTag' | 'floors'> & {
      keyPlaceTag: { per: number; max: number; weights: Array<{ tag: string; points: number }> };
      floors: Record<keyof RiskModelParams['colour']['floors'], FloorValue>;
    };
  };
}

function toForm(p: RiskModelParams): FormValues {
  return {
    params: {
      ...p,
      colour: {
        ...p.colour,
        keyPlaceTag: {
          per: p.colour.keyPlaceTag.per,
          max: p.colour.keyPlaceTag.max,
          weights: Object.entries(p.colour.keyPlaceTag.weights).map(([tag, points]) => ({ tag, points })),
        },
        floors: Object.fromEntries(
          Object.entries(p.colour.floors).map(([k, v]) => [k, v ?? 'none']),
        ) as FormValues['params']['colour']['floors'],
      },
    },
  };
}
function fromForm(v: FormValues): RiskModelParams {
  const c = v.params.colour;
  return {
    ...v.params,
    colour: {
      ...c,
      keyPlaceTag: {
        per: c.keyPlaceTag.per,
        max: c.keyPlaceTag.max,
        weights: Object.fromEntries((c.keyPlaceTag.weights ?? []).filter((w) => w?.tag).map((w) => [w.tag, w.points ?? 0])),
      },
      floors: Object.fromEntries(
        Object.entries(c.floors).map(([k, f]) => [k, f === 'none' ? null : f]),
      ) as RiskModelParams['colour']['floors'],
    },
  };
}

const num = (min = 0, max = 200) => <InputNumber min={min} max={max} style={{ width: '100%' }} />;

/** 评分模型: the versioned colour model — view it, edit it, publish a new version (the worker recolours the zone). */
export function RiskModelPage() {
  const t = useMessages(riskMessages);
  const tc = useT();
  const { lang } = useI18n();
  const { message } = App.useApp();
  const { effective } = useSession();
  const colourLabel = useColourLabel();
  const lists = useZoneLists();
  const models = useRiskModels();
  const publish = usePublishModel();
  const [form] = Form.useForm<FormValues>();
  const [noteForm] = Form.useForm<{ note: string }>();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [viewing, setViewing] = useState<RiskModel | null>(null);
  const canPublish = hasPermission(effective, 'risk.model.manage');
  const sorted = [...(models.data ?? [])].sort((a, b) => b.version - a.version);
  const active = sorted.find((m) => m.active) ?? sorted[0];
  const shown = viewing ?? active;
  const nextVersion = (sorted[0]?.version ?? 0) + 1;

  useEffect(() => {
    if (shown && !editing) form.setFieldsValue(toForm(shown.params));
  }, [shown, editing, form]);

  const doPublish = async () => {
    const noted = await validated(noteForm);
    if (!noted) return;
    const { note } = noted;
    const values = await validated(form);
    if (!values) {
      setConfirming(false);
      return;
    }
    try {
      const m = await publish.mutateAsync({ params: fromForm(values), note: note.trim() });
      message.success(t('published', { v: m.version }));
      setConfirming(false);
      setEditing(false);
      setViewing(null);
      noteForm.resetFields();
    } catch (e) {
      setConfirming(false);
      applyFormErrors(form, e, { 'params.colour.thresholds': ['params', 'colour', 'thresholds', 'red'] });
      message.error(errorText(e));
    }
  };

  if (models.isError && !models.data) return <QueryError error={models.error} onRetry={() => void models.refetch()} />;
  if (!shown)
    return (
      <PageContainer title={t('modelTitle')}>
        <Card>
          <Skeleton active />
        </Card>
      </PageContainer>
    );

  const section = (title: string, hint: string | null, children: ReactNode) => (
    <Card
      size="small"
      title={title}
      extra={
        hint && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {hint}
          </Typography.Text>
        )
      }
    >
      {children}
    </Card>
  );
  const colourItems = (path: (string | number)[], keys: readonly string[], suffix = t('points')) => (
    <Row gutter={12}>
      {keys.map((k) => (
        <Col key={k} xs={12} md={6}>
          <Form.Item
            name={[...path, k]}
            label={COLOURS.includes(k as RiskColour) ? <ColourTag colour={k as RiskColour} /> : k}
            rules={[{ required: true }]}
          >
            <InputNumber min={0} max={100000} style={{ width: '100%' }} suffix={suffix} />
          </Form.Item>
        </Col>
      ))}
    </Row>
  );
  const capped = (key: 'expiredCertificate' | 'openHazard' | 'overdueHazard' | 'openMajorHazard') => (
    <Col xs={24} md={12} xl={6} key={key}>
      <Typography.Text strong>{t(key)}</Typography.Text>
      <Row gutter={8} style={{ marginTop: 6 }}>
        <Col span={12}>
          <Form.Item name={['params', 'colour', key, 'per']} label={t('per')} rules={[{ required: true }]}>
            {num(0, 100)}
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name={['params', 'colour', key, 'max']} label={t('max')} rules={[{ required: true }]}>
            {num(0, 200)}
          </Form.Item>
        </Col>
      </Row>
    </Col>
  );
  const floorOptions = [{ value: 'none', label: t('floorNone') }, ...COLOURS.map((c) => ({ value: c, label: colourLabel(c) }))];

  return (
    <PageContainer
      title={t('modelTitle')}
      description={t('modelDesc')}
      extra={
        canPublish &&
        (editing ? (
          <>
            <Button
              onClick={() => {
                setEditing(false);
                form.setFieldsValue(toForm(shown.params));
              }}
            >
              {t('cancelEdit')}
            </Button>
            <Button type="primary" icon={<SendOutlined />} onClick={() => setConfirming(true)} data-testid="model-publish">
              {t('publish')}
            </Button>
          </>
        ) : (
          <Button
            type="primary"
            icon={<EditOutlined />}
            onClick={() => {
              setViewing(null);
              form.setFieldsValue(toForm(active!.params));
              setEditing(true);
            }}
            data-testid="model-edit"
          >
            {t('edit')}
          </Button>
        ))
      }
    >
      {!canPublish && <Alert type="info" showIcon title={t('readOnly')} />}
      <Card size="small">
        <Descriptions
          size="small"
          column={{ xs: 1, md: 3 }}
          items={[
            {
              key: 'v',
              label: viewing && !viewing.active ? t('versionN', { v: viewing.version }) : t('current'),
              children: (
                <Space>
                  {t('versionN', { v: shown.version })}
                  {shown.active && <Tag color="green">{t('active')}</Tag>}
                  {editing && <Tag color="blue">→ {t('versionN', { v: nextVersion })}</Tag>}
                </Space>
              ),
            },
            { key: 'at', label: t('publishedAt'), children: fmtMinute(shown.createdAt) },
            { key: 'n', label: t('note'), children: shown.note ?? '—' },
          ]}
        />
      </Card>
      <Form
        form={form}
        layout="vertical"
        disabled={!editing}
        className={editing ? undefined : 'form-readable'}
        data-testid="model-form"
      >
        <Flex vertical gap={16}>
          {section(t('secRiskPoint'), t('secRiskPointHint'), colourItems(['params', 'colour', 'worstRiskPoint'], COLOURS))}
          {section(
            t('secTags'),
            t('secTagsHint'),
            <Row gutter={12}>
              <Col xs={12} md={6}>
                <Form.Item name={['params', 'colour', 'keyPlaceTag', 'per']} label={t('tagPer')} rules={[{ required: true }]}>
                  {num(0, 100)}
                </Form.Item>
              </Col>
              <Col xs={12} md={6}>
                <Form.Item name={['params', 'colour', 'keyPlaceTag', 'max']} label={t('tagMax')} rules={[{ required: true }]}>
                  {num(0, 200)}
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Typography.Text>{t('tagWeights')}</Typography.Text>
                <Form.List name={['params', 'colour', 'keyPlaceTag', 'weights']}>
                  {(fields, { add, remove }) => (
                    <Flex vertical gap={6} style={{ marginTop: 6 }}>
                      {fields.map((f) => (
                        <Space key={f.key} align="start">
                          <Form.Item name={[f.name, 'tag']} noStyle rules={[{ required: true }]}>
                            <Select
                              style={{ width: 200 }}
                              options={lists.tagOptions}
                              showSearch={{ optionFilterProp: 'label' }}
                            />
                          </Form.Item>
                          <Form.Item name={[f.name, 'points']} noStyle rules={[{ required: true }]}>
                            <InputNumber min={0} max={100} suffix={t('points')} style={{ width: 110 }} />
                          </Form.Item>
                          {editing && <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} />}
                        </Space>
                      ))}
                      {editing && (
                        <Button
                          type="dashed"
                          size="small"
                          icon={<PlusOutlined />}
                          onClick={() => add({ points: 10 })}
                          style={{ width: 160 }}
                        >
                          {t('addWeight')}
                        </Button>
                      )}
                    </Flex>
                  )}
                </Form.List>
              </Col>
            </Row>,
          )}
          {section(
            t('secMajorSource'),
            null,
            <Row gutter={12}>
              {(['1', '2', '3', '4'] as const).map((g) => (
                <Col key={g} xs={12} md={6}>
                  <Form.Item
                    name={['params', 'colour', 'majorHazardSource', g]}
                    label={t('gradeN', { n: lang === 'en' ? g : ['一', '二', '三', '四'][Number(g) - 1]! })}
                    rules={[{ required: true }]}
                  >
                    <InputNumber min={0} max={200} style={{ width: '100%' }} suffix={t('points')} />
                  </Form.Item>
                </Col>
              ))}
            </Row>,
          )}
          {section(
            t('secCounts'),
            null,
            <Row gutter={16}>
              {capped('expiredCertificate')}
              {capped('openHazard')}
              {capped('overdueHazard')}
              {capped('openMajorHazard')}
              <Col xs={24} md={12} xl={6}>
                <Form.Item name={['params', 'colour', 'landlordTenant']} label={t('landlordTenant')} rules={[{ required: true }]}>
                  <InputNumber min={0} max={100} style={{ width: '100%' }} suffix={t('points')} />
                </Form.Item>
              </Col>
            </Row>,
          )}
          <Row gutter={16}>
            <Col xs={24} xl={12}>
              {section(
                t('secThresholds'),
                t('secThresholdsHint'),
                colourItems(['params', 'colour', 'thresholds'], ['red', 'orange', 'yellow']),
              )}
            </Col>
            <Col xs={24} xl={12}>
              {section(
                t('secFloors'),
                t('secFloorsHint'),
                <Row gutter={12}>
                  {(
                    [
                      ['openMajorHazard', t('floorOpenMajor')],
                      ['majorHazardSourceGrade1', t('floorGrade1')],
                      ['redRiskPoint', t('floorRedPoint')],
                    ] as const
                  ).map(([k, l]) => (
                    <Col key={k} xs={24} md={8}>
                      <Form.Item name={['params', 'colour', 'floors', k]} label={l}>
                        <Select options={floorOptions} />
                      </Form.Item>
                    </Col>
                  ))}
                </Row>,
              )}
            </Col>
          </Row>
          {section(
            t('secBands'),
            t('secBandsHint'),
            <Row gutter={16}>
              <Col xs={24} xl={12}>
                <Typography.Text strong>{t('lec')}</Typography.Text>
                {colourItems(['params', 'lec'], ['red', 'orange', 'yellow'], '')}
              </Col>
              <Col xs={24} xl={12}>
                <Typography.Text strong>{t('ls')}</Typography.Text>
                {colourItems(['params', 'ls'], ['red', 'orange', 'yellow'], '')}
              </Col>
            </Row>,
          )}
        </Flex>
      </Form>
      <Card size="small" title={t('history')}>
        <Table<RiskModel>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={sorted}
          rowClassName={(m) => (m.id === shown.id ? 'ant-table-row-selected' : '')}
          onRow={(m) => ({
            onClick: () => !editing && setViewing(m.active ? null : m),
            style: { cursor: editing ? undefined : 'pointer' },
          })}
          columns={[
            { title: t('version'), dataIndex: 'version', width: 110, render: (v: number) => t('versionN', { v }) },
            { title: t('publishedAt'), dataIndex: 'createdAt', width: 170, render: (v: string) => fmtMinute(v) },
            { title: t('note'), dataIndex: 'note', render: (v: string | null) => v ?? '—' },
            {
              title: '',
              dataIndex: 'active',
              width: 90,
              render: (a: boolean) => (a ? <Tag color="green">{t('active')}</Tag> : null),
            },
          ]}
        />
      </Card>
      <Modal
        open={confirming}
        title={t('publishConfirm', { v: nextVersion })}
        okText={t('publish')}
        cancelText={tc('common.cancel')}
        confirmLoading={publish.isPending}
        onOk={() => void doPublish()}
        onCancel={() => setConfirming(false)}
        forceRender
      >
        <Typography.Paragraph type="secondary">{t('publishConfirmDesc')}</Typography.Paragraph>
        <Form form={noteForm} layout="vertical">
          <Form.Item name="note" label={t('note')} rules={[{ required: true, whitespace: true, message: t('noteRequired') }]}>
            <Input maxLength={200} placeholder={t('notePh')} data-testid="model-note" />
          </Form.Item>
        </Form>
      </Modal>
    </PageContainer>
  );
}
