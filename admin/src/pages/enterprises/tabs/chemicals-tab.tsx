import {
  Alert,
  Card,
  Col,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Skeleton,
  Switch,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { GB18218_CATEGORIES } from '@yuanan/contracts';
import { useMajorHazard } from '../../../api/enterprise-queries.ts';
import type { Chemical, MajorHazardReport } from '../../../api/types.ts';
import { useI18n } from '../../../i18n/i18n.tsx';
import { useMessages } from '../../../i18n/feature.ts';
import { usePunct } from '../../../i18n/punct.ts';
import { entMessages } from '../messages.ts';
import { orNull, RecordTable } from '../record-table.tsx';

type Unit = MajorHazardReport['units'][number];
type Contribution = Unit['contributions'][number];

const GRADE_COLOURS: Record<number, string> = { 1: 'red', 2: 'volcano', 3: 'orange', 4: 'gold' };
const fixed = (n: number, d = 3) => (Math.round(n * 10 ** d) / 10 ** d).toString();

/** GB 18218-2018 per unit: S = Σ q/Q (≥ 1 is a major hazard source), R = α Σ β q/Q and its grade. */
function MajorHazardCard({ enterpriseId }: { enterpriseId: string }) {
  const t = useMessages(entMessages);
  const { lang } = useI18n();
  const pn = usePunct();
  const r = useMajorHazard(enterpriseId);
  const gradeName = (g: number) => t('gbGradeN', { n: lang === 'en' ? g : (['', '一', '二', '三', '四'][g] ?? g) });
  const grade = (g: number | null) => (g ? <Tag color={GRADE_COLOURS[g]}>{gradeName(g)}</Tag> : '—');
  return (
    <Card size="small" title={t('gbTitle')} data-testid="gb18218">
      {r.isLoading || !r.data ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : !r.data.units.length ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('gbNone')} />
      ) : (
        <Flex vertical gap={12}>
          <Flex align="center" gap={12} wrap>
            {r.data.grade ? (
              <Tag color="red" style={{ fontSize: 14, padding: '4px 10px' }} data-testid="gb-result">
                {t('gbMajor', { grade: gradeName(r.data.grade) })}
              </Tag>
            ) : (
              <Tag color="green" style={{ fontSize: 14, padding: '4px 10px' }} data-testid="gb-result">
                {t('gbNotMajor')}
              </Tag>
            )}
            <Typography.Text type="secondary">
              {r.data.peopleWithin500m != null ? t('gbPeople', { n: r.data.peopleWithin500m }) : t('gbPeopleUnknown')}
            </Typography.Text>
          </Flex>
          {!r.data.tableReviewed && <Alert type="info" showIcon title={t('gbUnreviewed')} />}
          {(() => {
            const all = r.data.units.flatMap((u) => u.unmatchedDetails.map((d) => ({ ...d, unitName: u.unitName })));
            return all.length ? (
              <Alert
                type="warning"
                showIcon
                data-testid="gb-unmatched-all"
                title={t('chemUnmatchedTitle', { n: all.length })}
                description={
                  <ul style={{ margin: 0, paddingLeft: 18 }}>
                    {all.map((d) => (
                      <li key={`${d.unitName}/${d.label}`}>
                        {d.unitName} · {pn.labelled(d.label, d.message)}
                      </li>
                    ))}
                  </ul>
                }
              />
            ) : null;
          })()}
          <Table<Unit>
            rowKey="unitName"
            size="small"
            pagination={false}
            dataSource={r.data.units}
            expandable={{
              defaultExpandAllRows: r.data.units.length <= 3,
              expandedRowRender: (u) => (
                <>
                  <Table<Contribution>
                    rowKey="label"
                    size="small"
                    pagination={false}
                    dataSource={u.contributions}
                    columns={[
                      { title: t('gbSubstance'), dataIndex: 'label' },
                      { title: t('gbQty'), dataIndex: 'tonnes', align: 'right', render: (v: number) => fixed(v) },
                      { title: t('gbCrit'), dataIndex: 'criticalTonnes', align: 'right' },
                      { title: t('gbRatio'), dataIndex: 'ratio', align: 'right', render: (v: number) => fixed(v, 4) },
                      {
                        title: t('gbBeta'),
                        dataIndex: 'beta',
                        align: 'right',
                        render: (v: number, c) =>
                          c.betaReview ? (
                            <Tooltip title={t('gbBetaReview')}>
                              <span data-testid="gb-beta-review">{v}*</span>
                            </Tooltip>
                          ) : (
                            v
                          ),
                      },
                      {
                        title: t('gbBasis'),
                        dataIndex: 'basis',
                        render: (v: string) => <Typography.Text type="secondary">{v}</Typography.Text>,
                      },
                    ]}
                  />
                  {u.unmatchedDetails.length > 0 && (
                    <Alert
                      type="warning"
                      showIcon
                      style={{ marginTop: 8 }}
                      data-testid="gb-unmatched"
                      title={t('gbUnmatched', { list: pn.list(u.unmatched) })}
                      description={
                        <ul style={{ margin: 0, paddingLeft: 18 }}>
                          {u.unmatchedDetails.map((d) => (
                            <li key={d.label}>{pn.labelled(d.label, d.message)}</li>
                          ))}
                        </ul>
                      }
                    />
                  )}
                </>
              ),
            }}
            columns={[
              { title: t('gbUnit'), dataIndex: 'unitName' },
              {
                title: t('gbS'),
                dataIndex: 's',
                align: 'right',
                render: (v: number) => <span style={{ fontWeight: v >= 1 ? 600 : undefined }}>{fixed(v)}</span>,
              },
              { title: t('gbAlpha'), dataIndex: 'alpha', align: 'right' },
              { title: t('gbR'), dataIndex: 'r', align: 'right', render: (v: number) => fixed(v, 2) },
              {
                title: t('gbIsMajor'),
                dataIndex: 'isMajor',
                render: (v: boolean) => (v ? <Tag color="red">{t('yes')}</Tag> : <Tag>{t('no')}</Tag>),
              },
              { title: t('gbGrade'), dataIndex: 'grade', render: grade },
            ]}
          />
        </Flex>
      )}
    </Card>
  );
}

export function ChemicalsTab({ enterpriseId, canWrite }: { enterpriseId: string; canWrite: boolean }) {
  const t = useMessages(entMessages);
  return (
    <Flex vertical gap={16}>
      <MajorHazardCard enterpriseId={enterpriseId} />
      <RecordTable<Chemical>
        enterpriseId={enterpriseId}
        kind="chemicals"
        title={t('tabChemicals')}
        canWrite={canWrite}
        testId="chemicals"
        columns={[
          { title: t('chemName'), dataIndex: 'name', width: 170 },
          { title: t('chemCas'), dataIndex: 'cas', width: 120, render: (v) => (v ? <span className="mono">{v}</span> : '—') },
          { title: t('chemUnitName'), dataIndex: 'unitName', width: 140 },
          {
            title: t('chemMax'),
            dataIndex: 'maxQuantity',
            width: 110,
            align: 'right',
            render: (v: number, r) => `${v} ${r.unit}`,
          },
          {
            title: t('chemCategories'),
            dataIndex: 'categories',
            width: 120,
            render: (v: string[]) => (v.length ? v.map((c) => <Tag key={c}>{c}</Tag>) : '—'),
          },
          {
            title: t('chemCritical'),
            dataIndex: 'criticalTonnes',
            width: 130,
            align: 'right',
            render: (v: number | null, r) =>
              r.unmatched ? (
                <Tooltip title={r.unmatched.message}>
                  <Tag color="warning" data-testid="chem-unmatched">
                    {t('chemUnmatched')}
                  </Tag>
                </Tooltip>
              ) : v == null ? (
                '—'
              ) : (
                `${v} t`
              ),
          },
          { title: t('chemPlace'), dataIndex: 'storagePlace', width: 150, render: (v) => v ?? '—' },
          {
            title: t('chemKey'),
            dataIndex: 'keySupervised',
            width: 90,
            render: (v: boolean) => (v ? <Tag color="red">{t('chemKey')}</Tag> : '—'),
          },
        ]}
        initialValues={{ unit: 't', unitName: '全厂', keySupervised: false, categories: [] }}
        toBody={(v) => ({
          name: v.name,
          cas: orNull(v.cas),
          categories: Array.isArray(v.categories) ? v.categories : [],
          maxQuantity: v.maxQuantity,
          unit: v.unit,
          unitName: String(v.unitName ?? '').trim() || '全厂',
          storagePlace: orNull(v.storagePlace),
          keySupervised: !!v.keySupervised,
        })}
        fields={() => (
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item name="name" label={t('chemName')} rules={[{ required: true, whitespace: true }]}>
                <Input maxLength={80} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="cas" label={t('chemCas')}>
                <Input maxLength={12} className="mono" placeholder="7664-41-7" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="maxQuantity" label={t('chemMax')} rules={[{ required: true }]}>
                <InputNumber min={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="unit" label={t('chemUnit')}>
                <Select
                  options={[
                    { value: 't', label: '吨 (t)' },
                    { value: 'kg', label: '千克 (kg)' },
                    { value: 'm3', label: '立方米 (m³)' },
                    { value: 'L', label: '升 (L)' },
                  ]}
                />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="unitName" label={t('chemUnitName')} extra={t('chemUnitNamePh')}>
                <Input maxLength={60} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="storagePlace" label={t('chemPlace')}>
                <Input maxLength={80} />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item name="categories" label={t('chemCategories')} extra={t('chemCategoriesExtra')}>
                <Select
                  mode="multiple"
                  allowClear
                  data-testid="chem-categories"
                  optionFilterProp="label"
                  options={GB18218_CATEGORIES.map((c) => ({ value: c.symbol, label: `${c.symbol} ${c.label}` }))}
                />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="keySupervised" label={t('chemKey')} valuePropName="checked">
                <Switch />
              </Form.Item>
            </Col>
          </Row>
        )}
      />
    </Flex>
  );
}
