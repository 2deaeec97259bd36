import {
  CHECKLIST_ITEM_KINDS,
  CHECKLIST_ITEM_MAX_CITATIONS,
  type ChecklistItem,
  type ChecklistItemKind,
} from '@yuanan/contracts';
import {
  Button,
  Card,
  Checkbox,
  Col,
  Divider,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Space,
  Switch,
  Tag,
  Tooltip,
  Typography,
  type FormInstance,
} from 'antd';
import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  CameraOutlined,
  DeleteOutlined,
  PlusOutlined,
  WarningFilled,
} from '@ant-design/icons';
import { useI18n } from '../../i18n/i18n.tsx';
import { useMessages } from '../../i18n/feature.ts';
import { usePunct } from '../../i18n/punct.ts';
import { insMessages, type InsKey } from './messages.ts';
import { LawCitationLinks } from '../../components/law-citation/law-citation-links.tsx';
import { LawCitationPicker } from '../../components/law-citation/law-citation-picker.tsx';

export type ItemKind = ChecklistItemKind;
export const ITEM_KINDS: readonly ItemKind[] = CHECKLIST_ITEM_KINDS;

/** A checklist item as the form holds it: the contract's item, where a cleared optional field may be null. */
export type ItemValues = {
  [K in keyof ChecklistItem]: undefined extends ChecklistItem[K] ? ChecklistItem[K] | null : ChecklistItem[K];
};
export interface SectionValues {
  title: string;
  items: ItemValues[];
}
export interface TemplateValues {
  name: string;
  description?: string | null;
  industries: string[];
  tags: string[];
  sections: SectionValues[];
}

const KEY_RE = /^[a-z0-9_]{1,40}$/;
/** A GB/T 4754 section letter, optionally with 2–4 digits (C, C26, C2614). */
const INDUSTRY_RE = /^[A-Ta-t](\d{2,4})?$/;

/** A fresh item key not yet used in the template (`item_3`, `item_4`…). */
function nextKey(form: FormInstance<TemplateValues>): string {
  const used = new Set(
    ((form.getFieldValue('sections') as SectionValues[] | undefined) ?? []).flatMap((s) => (s?.items ?? []).map((i) => i?.key)),
  );
  let n = used.size + 1;
  while (used.has(`item_${n}`)) n++;
  return `item_${n}`;
}

export function newItem(form: FormInstance<TemplateValues>): ItemValues {
  return { key: nextKey(form), text: '', kind: 'yes_no', photoRequired: false };
}

export interface CatalogOption {
  value: string;
  label: string;
}

/**
 * The checklist's fields: name, description, applicability (industry prefixes, key-place tags) and the sections
 * with their items, each with the fields its kind needs (number: unit and range; choice: options with the ones
 * that fail). `readOnly` shows a published version as it is. Server field errors (`sections.0.items.2.key`) land on
 * the field they name (applyFormErrors).
 */
export function TemplateFields({
  form,
  readOnly,
  tagOptions,
  categoryOptions,
  clauseOptions,
}: {
  form: FormInstance<TemplateValues>;
  readOnly: boolean;
  tagOptions: CatalogOption[];
  categoryOptions: CatalogOption[];
  clauseOptions: CatalogOption[];
}) {
  const t = useMessages(insMessages);
  const pn = usePunct();
  const allKeys = () =>
    ((form.getFieldValue('sections') as SectionValues[] | undefined) ?? []).flatMap((s) => (s?.items ?? []).map((i) => i?.key));
  return (
    <>
      <Row gutter={12}>
        <Col span={24}>
          <Form.Item name="name" label={t('tplName')} rules={[{ required: true, whitespace: true, message: t('nameRequired') }]}>
            <Input maxLength={100} placeholder={t('tplNamePh')} data-testid="tpl-name" />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name="description" label={t('tplDescription')}>
            <Input.TextArea maxLength={500} rows={2} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            name="industries"
            label={t('tplIndustries')}
            extra={t('tplIndustriesHint')}
            rules={[
              {
                validator: (_, v: string[] | undefined) =>
                  (v ?? []).every((x) => INDUSTRY_RE.test(x.trim()))
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('industryBad'))),
              },
            ]}
          >
            <Select
              mode="tags"
              tokenSeparators={[',', ' ', '，']}
              notFoundContent={null}
              disabled={readOnly}
              data-testid="tpl-industries"
            />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="tags" label={t('tplTags')} extra={t('tplTagsHint')}>
            <Select mode="multiple" options={tagOptions} optionFilterProp="label" disabled={readOnly} />
          </Form.Item>
        </Col>
      </Row>
      <Form.List name="sections">
        {(sections, sectionOps) => (
          <Flex vertical gap={12}>
            {sections.map((s, si) => (
              <Card
                key={s.key}
                size="small"
                className="tpl-section"
                data-testid="tpl-section"
                title={
                  <Form.Item
                    name={[s.name, 'title']}
                    noStyle
                    rules={[{ required: true, whitespace: true, message: t('sectionTitle') }]}
                  >
                    <Input
                      variant="borderless"
                      placeholder={t('sectionTitlePh')}
                      prefix={<Typography.Text type="secondary">{t('section') + pn.colon}</Typography.Text>}
                      style={{ fontWeight: 600 }}
                      data-testid="tpl-section-title"
                    />
                  </Form.Item>
                }
                extra={
                  !readOnly && (
                    <Space size={0}>
                      <Tooltip title={t('moveUp')}>
                        <Button
                          type="text"
                          size="small"
                          icon={<ArrowUpOutlined />}
                          disabled={si === 0}
                          onClick={() => sectionOps.move(si, si - 1)}
                        />
                      </Tooltip>
                      <Tooltip title={t('moveDown')}>
                        <Button
                          type="text"
                          size="small"
                          icon={<ArrowDownOutlined />}
                          disabled={si === sections.length - 1}
                          onClick={() => sectionOps.move(si, si + 1)}
                        />
                      </Tooltip>
                      <Tooltip title={t('removeSection')}>
                        <Button
                          type="text"
                          size="small"
                          danger
                          icon={<DeleteOutlined />}
                          onClick={() => sectionOps.remove(s.name)}
                        />
                      </Tooltip>
                    </Space>
                  )
                }
              >
                <Form.List name={[s.name, 'items']}>
                  {(items, itemOps) => (
                    <Flex vertical gap={8}>
                      {items.map((it, ii) => (
                        <div key={it.key} className="tpl-item" data-testid="tpl-item">
                          <Row gutter={8} align="top">
                            <Col flex="none" style={{ paddingTop: 5, width: 28 }}>
                              <Typography.Text type="secondary">{ii + 1}.</Typography.Text>
                            </Col>
                            <Col flex="auto">
                              <Form.Item
                                name={[it.name, 'text']}
                                rules={[{ required: true, whitespace: true, message: t('itemText') }]}
                                style={{ marginBottom: 8 }}
                              >
                                <Input.TextArea
                                  autoSize={{ minRows: 1, maxRows: 4 }}
                                  maxLength={300}
                                  placeholder={t('itemTextPh')}
                                  data-testid="tpl-item-text"
                                />
                              </Form.Item>
                            </Col>
                            <Col flex="none">
                              {!readOnly && (
                                <Space size={0}>
                                  <Button
                                    type="text"
                                    size="small"
                                    icon={<ArrowUpOutlined />}
                                    disabled={ii === 0}
                                    onClick={() => itemOps.move(ii, ii - 1)}
                                    aria-label={t('moveUp')}
                                  />
                                  <Button
                                    type="text"
                                    size="small"
                                    icon={<ArrowDownOutlined />}
                                    disabled={ii === items.length - 1}
                                    onClick={() => itemOps.move(ii, ii + 1)}
                                    aria-label={t('moveDown')}
                                  />
                                  <Button
                                    type="text"
                                    size="small"
                                    danger
                                    icon={<DeleteOutlined />}
                                    onClick={() => itemOps.remove(it.name)}
                                    aria-label={t('removeItem')}
                                  />
                                </Space>
                              )}
                            </Col>
                          </Row>
                          <Row gutter={8} style={{ paddingLeft: 28 }}>
                            <Col span={6}>
                              <Form.Item
                                name={[it.name, 'key']}
                                label={t('itemKey')}
                                tooltip={t('itemKeyHint')}
                                rules={[
                                  { required: true, pattern: KEY_RE, message: t('itemKeyBad') },
                                  {
                                    validator: (_, v: string) =>
                                      allKeys().filter((k) => k === v).length > 1
                                        ? Promise.reject(new Error(t('itemKeyDup')))
                                        : Promise.resolve(),
                                  },
                                ]}
                              >
                                <Input className="mono" maxLength={40} />
                              </Form.Item>
                            </Col>
                            <Col span={6}>
                              <Form.Item name={[it.name, 'kind']} label={t('itemKind')} rules={[{ required: true }]}>
                                <Select
                                  disabled={readOnly}
                                  options={ITEM_KINDS.map((k) => ({ value: k, label: t(`ik_${k}` as InsKey) }))}
                                  data-testid="tpl-item-kind"
                                />
                              </Form.Item>
                            </Col>
                            <Col span={6}>
                              <Form.Item name={[it.name, 'categoryCode']} label={t('category')} tooltip={t('categoryHint')}>
                                <Select
                                  allowClear
                                  disabled={readOnly}
                                  options={categoryOptions}
                                  optionFilterProp="label"
                                  showSearch
                                />
                              </Form.Item>
                            </Col>
                            <Col span={6}>
                              <Form.Item name={[it.name, 'photoRequired']} label={t('photoRequired')} valuePropName="checked">
                                <Switch size="small" disabled={readOnly} />
                              </Form.Item>
                            </Col>
                            <KindFields path={['sections', s.name, 'items', it.name]} name={it.name} />
                            <Col span={12}>
                              <Form.Item name={[it.name, 'legalBasis']} label={t('legalBasis')}>
                                <Input maxLength={300} placeholder={t('legalBasisPh')} />
                              </Form.Item>
                            </Col>
                            <Col span={12}>
                              <Form.Item name={[it.name, 'majorClause']} label={t('major')} tooltip={t('majorHint')}>
                                <Select
                                  allowClear
                                  showSearch
                                  disabled={readOnly}
                                  optionFilterProp="label"
                                  options={clauseOptions}
                                  popupMatchSelectWidth={520}
                                />
                              </Form.Item>
                            </Col>
                            <Col span={24}>
                              <Form.Item name={[it.name, 'citations']} label={t('citations')} tooltip={t('citationsHint')}>
                                <LawCitationPicker
                                  max={CHECKLIST_ITEM_MAX_CITATIONS}
                                  basisField={['sections', s.name, 'items', it.name, 'legalBasis']}
                                  disabled={readOnly}
                                  testId="tpl-item-citations"
                                />
                              </Form.Item>
                            </Col>
                          </Row>
                          {ii < items.length - 1 && <Divider style={{ margin: '4px 0 8px' }} />}
                        </div>
                      ))}
                      {!readOnly && (
                        <Button
                          type="dashed"
                          icon={<PlusOutlined />}
                          onClick={() => itemOps.add(newItem(form))}
                          data-testid="tpl-add-item"
                        >
                          {t('addItem')}
                        </Button>
                      )}
                    </Flex>
                  )}
                </Form.List>
              </Card>
            ))}
            {!sections.length && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noSections')} />}
            {!readOnly && (
              <Button
                icon={<PlusOutlined />}
                onClick={() => sectionOps.add({ title: '', items: [newItem(form)] })}
                data-testid="tpl-add-section"
              >
                {t('addSection')}
              </Button>
            )}
          </Flex>
        )}
      </Form.List>
    </>
  );
}

/** The fields of the item's kind: a number's unit and range, a choice's options (at least two). */
function KindFields({ path, name }: { path: (string | number)[]; name: number }) {
  const t = useMessages(insMessages);
  return (
    <Form.Item noStyle dependencies={[[...path, 'kind']]}>
      {({ getFieldValue }) => {
        const kind = getFieldValue([...path, 'kind']) as ItemKind | undefined;
        if (kind === 'number')
          return (
            <>
              <Col span={8}>
                <Form.Item name={[name, 'unit']} label={t('unit')}>
                  <Input maxLength={20} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name={[name, 'min']} label={t('min')}>
                  <InputNumber style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item
                  name={[name, 'max']}
                  label={t('max')}
                  dependencies={[[...path, 'min']]}
                  rules={[
                    {
                      validator: (_, v: number | null | undefined) => {
                        const min = getFieldValue([...path, 'min']) as number | null | undefined;
                        return v != null && min != null && min > v ? Promise.reject(new Error(t('minMax'))) : Promise.resolve();
                      },
                    },
                  ]}
                >
                  <InputNumber style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </>
          );
        if (kind === 'choice')
          return (
            <Col span={24}>
              <Form.List
                name={[name, 'options']}
                rules={[
                  {
                    validator: (_, v: unknown[] | undefined) =>
                      (v?.length ?? 0) < 2 ? Promise.reject(new Error(t('optionsRequired'))) : Promise.resolve(),
                  },
                ]}
              >
                {(opts, ops, { errors }) => (
                  <Form.Item label={t('options')}>
                    <Flex vertical gap={4}>
                      {opts.map((o) => (
                        <Space key={o.key} align="baseline" wrap>
                          <Form.Item name={[o.name, 'value']} noStyle rules={[{ required: true, whitespace: true }]}>
                            <Input placeholder={t('optionValue')} style={{ width: 110 }} maxLength={40} className="mono" />
                          </Form.Item>
                          <Form.Item name={[o.name, 'label']} noStyle rules={[{ required: true, whitespace: true }]}>
                            <Input placeholder={t('optionLabel')} style={{ width: 200 }} maxLength={60} />
                          </Form.Item>
                          <Form.Item name={[o.name, 'fails']} noStyle valuePropName="checked">
                            <Checkbox>{t('optionFails')}</Checkbox>
                          </Form.Item>
                          <Button type="text" size="small" danger icon={<DeleteOutlined />} onClick={() => ops.remove(o.name)} />
                        </Space>
                      ))}
                      <Button
                        size="small"
                        type="dashed"
                        icon={<PlusOutlined />}
                        onClick={() => ops.add({ value: `opt${opts.length + 1}`, label: '', fails: false })}
                        style={{ width: 160 }}
                      >
                        {t('addOption')}
                      </Button>
                      <Form.ErrorList errors={errors} />
                    </Flex>
                  </Form.Item>
                )}
              </Form.List>
            </Col>
          );
        return null;
      }}
    </Form.Item>
  );
}

/** The preview of one item as the inspector's form shows it (no values are kept). */
export function PreviewItem({ item, n }: { item: ItemValues; n: number }) {
  const t = useMessages(insMessages);
  const { lang } = useI18n();
  const range =
    item.min != null && item.max != null
      ? `${item.min} ~ ${item.max}`
      : item.min != null
        ? `≥ ${item.min}`
        : item.max != null
          ? `≤ ${item.max}`
          : null;
  return (
    <div className="tpl-preview-item" data-testid="tpl-preview-item">
      <Typography.Text strong>
        {n}. <span data-user-text>{item.text || '…'}</span>
      </Typography.Text>
      {item.majorClause && (
        <Tag color="red" icon={<WarningFilled />} style={{ marginInlineStart: 6 }}>
          {t('major')}
        </Tag>
      )}
      {item.photoRequired && item.kind !== 'photo' && (
        <Tag icon={<CameraOutlined />} style={{ marginInlineStart: 6 }}>
          {t('photoRequired')}
        </Tag>
      )}
      <div style={{ marginTop: 6 }}>
        {item.kind === 'yes_no' && (
          <Radio.Group
            optionType="button"
            size="small"
            options={[
              { value: 'yes', label: t('answerYes') },
              { value: 'no', label: t('answerNo') },
              { value: 'na', label: t('outcome_na') },
            ]}
          />
        )}
        {item.kind === 'number' && (
          <Space>
            <InputNumber size="small" placeholder={t('numberPh')} suffix={item.unit ?? undefined} style={{ width: 160 }} />
            {range && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('range', { range: `${range}${item.unit ? ` ${item.unit}` : ''}` })}
              </Typography.Text>
            )}
          </Space>
        )}
        {item.kind === 'choice' && (
          <Radio.Group size="small">
            <Space orientation="vertical" size={2}>
              {(item.options ?? []).map((o, i) => (
                <Radio key={`${o?.value}-${i}`} value={o?.value}>
                  <span data-user-text>{o?.label || o?.value}</span>
                  {o?.fails && (
                    <Typography.Text type="danger" style={{ fontSize: 12, marginInlineStart: 4 }}>
                      {lang === 'en' ? '(fails)' : '（不合格）'}
                    </Typography.Text>
                  )}
                </Radio>
              ))}
            </Space>
          </Radio.Group>
        )}
        {item.kind === 'text' && <Input.TextArea size="small" rows={2} />}
        {(item.kind === 'photo' || item.photoRequired) && (
          <div className="tpl-photo-slot">
            <CameraOutlined />
            <span>{t('photoSlot')}</span>
          </div>
        )}
      </div>
      {item.legalBasis && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '4px 0 0' }}>
          {t('legalBasis')}
          {lang === 'en' ? ': ' : '：'}
          <span data-user-text>{item.legalBasis}</span>
        </Typography.Paragraph>
      )}
      {!!item.citations?.length && (
        <div style={{ fontSize: 12, marginTop: 4 }}>
          <LawCitationLinks citations={item.citations} vertical={false} />
        </div>
      )}
    </div>
  );
}

/** The whole form as the inspector sees it, live from the editor's values. */
export function TemplatePreview({ values }: { values: Partial<TemplateValues> | undefined }) {
  const t = useMessages(insMessages);
  const sections = (values?.sections ?? []).filter(Boolean);
  if (!sections.some((s) => s.items?.length))
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('previewEmpty')} />;
  let n = 0;
  return (
    <div className="tpl-preview" data-testid="tpl-preview">
      <Typography.Title level={5} style={{ marginTop: 0 }} data-user-text>
        {values?.name}
      </Typography.Title>
      {values?.description && (
        <Typography.Paragraph type="secondary" data-user-text>
          {values.description}
        </Typography.Paragraph>
      )}
      {sections.map((s, i) => (
        <div key={i} style={{ marginBottom: 16 }}>
          <div className="tpl-preview-section" data-user-text>
            {s.title || '…'}
          </div>
          <Flex vertical gap={12}>
            {(s.items ?? []).filter(Boolean).map((it) => (
              <PreviewItem key={it.key} item={it} n={++n} />
            ))}
          </Flex>
        </div>
      ))}
    </div>
  );
}
