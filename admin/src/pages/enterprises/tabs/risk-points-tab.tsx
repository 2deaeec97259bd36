import { Alert, Col, DatePicker, Form, Input, Radio, Row, Select, Space, Tag, Typography } from 'antd';
import { useRiskModels } from '../../../api/risk-queries.ts';
import type { RiskColour, RiskPoint } from '../../../api/types.ts';
import { ColourTag, useColourLabel } from '../../../components/risk-colour.tsx';
import { fmtDate } from '../../../components/time.ts';
import { useI18n, type Lang } from '../../../i18n/i18n.tsx';
import { useMessages } from '../../../i18n/feature.ts';
import { entMessages } from '../messages.ts';
import { fromDay, orNull, RecordTable, toDay } from '../record-table.tsx';

type Scale = Array<{ v: number; zh: string; en: string }>;

/** The classic LEC scales (作业条件危险性评价法) and the 5 × 5 LS matrix: only these values are accepted. */
const LEC_L: Scale = [
  { v: 10, zh: '完全可以预料', en: 'Expected' },
  { v: 6, zh: '相当可能', en: 'Quite possible' },
  { v: 3, zh: '可能，但不经常', en: 'Unusual but possible' },
  { v: 1, zh: '可能性小，完全意外', en: 'Remotely possible' },
  { v: 0.5, zh: '很不可能，可以设想', en: 'Conceivable' },
  { v: 0.2, zh: '极不可能', en: 'Practically impossible' },
  { v: 0.1, zh: '实际不可能', en: 'Virtually impossible' },
];
const LEC_E: Scale = [
  { v: 10, zh: '连续暴露', en: 'Continuous' },
  { v: 6, zh: '每天工作时间内暴露', en: 'Daily' },
  { v: 3, zh: '每周一次或偶然暴露', en: 'Weekly or occasionally' },
  { v: 2, zh: '每月一次暴露', en: 'Monthly' },
  { v: 1, zh: '每年几次暴露', en: 'A few times a year' },
  { v: 0.5, zh: '非常罕见地暴露', en: 'Very rarely' },
];
const LEC_C: Scale = [
  { v: 100, zh: '大灾难，许多人死亡', en: 'Catastrophe, many deaths' },
  { v: 40, zh: '灾难，数人死亡', en: 'Disaster, several deaths' },
  { v: 15, zh: '非常严重，一人死亡', en: 'Very serious, one death' },
  { v: 7, zh: '严重，重伤', en: 'Serious injury' },
  { v: 3, zh: '重大，致残', en: 'Disabling injury' },
  { v: 1, zh: '引人关注，需要救护', en: 'Noticeable, first aid' },
];
const LS_L: Scale = [
  { v: 5, zh: '极有可能发生', en: 'Almost certain' },
  { v: 4, zh: '很可能发生', en: 'Likely' },
  { v: 3, zh: '可能发生', en: 'Possible' },
  { v: 2, zh: '不太可能发生', en: 'Unlikely' },
  { v: 1, zh: '极不可能发生', en: 'Rare' },
];
const LS_S: Scale = [
  { v: 5, zh: '特别重大（多人死亡）', en: 'Catastrophic' },
  { v: 4, zh: '重大（死亡）', en: 'Major' },
  { v: 3, zh: '较大（重伤）', en: 'Moderate' },
  { v: 2, zh: '一般（轻伤）', en: 'Minor' },
  { v: 1, zh: '轻微', en: 'Insignificant' },
];
const opts = (s: Scale, lang: Lang) => s.map((x) => ({ value: x.v, label: `${x.v} — ${lang === 'en' ? x.en : x.zh}` }));

const DEFAULT_BANDS = { lec: { red: 320, orange: 160, yellow: 70 }, ls: { red: 20, orange: 9, yellow: 4 } };

/** What the server will compute (the same rules as the domain package): for the preview only. */
function assess(method: 'LEC' | 'LS', f: Record<string, number | undefined>, bands: typeof DEFAULT_BANDS) {
  if (method === 'LEC') {
    if (f.l == null || f.e == null || f.c == null) return null;
    const score = Math.round(f.l * f.e * f.c * 100) / 100;
    const b = bands.lec;
    const colour: RiskColour = score > b.red ? 'red' : score > b.orange ? 'orange' : score > b.yellow ? 'yellow' : 'blue';
    return { score, colour, formula: `D = ${f.l} × ${f.e} × ${f.c}` };
  }
  if (f.l == null || f.s == null) return null;
  const score = f.l * f.s;
  const b = bands.ls;
  const colour: RiskColour = score >= b.red ? 'red' : score >= b.orange ? 'orange' : score >= b.yellow ? 'yellow' : 'blue';
  return { score, colour, formula: `R = ${f.l} × ${f.s}` };
}

export function RiskPointsTab({ enterpriseId, canWrite }: { enterpriseId: string; canWrite: boolean }) {
  const t = useMessages(entMessages);
  const { lang } = useI18n();
  const colourLabel = useColourLabel();
  const models = useRiskModels();
  const active = models.data?.find((m) => m.active) ?? models.data?.[0];
  const bands = active ? { lec: active.params.lec, ls: active.params.ls } : DEFAULT_BANDS;
  return (
    <RecordTable<RiskPoint>
      enterpriseId={enterpriseId}
      kind="risk-points"
      title={t('tabRiskPoints')}
      addLabel={t('rpAdd')}
      canWrite={canWrite}
      testId="risk-points"
      modalWidth={760}
      columns={[
        { title: t('rpName'), dataIndex: 'name', width: 150 },
        { title: t('rpArea'), dataIndex: 'area', width: 120, render: (v) => v ?? '—' },
        { title: t('rpMethod'), dataIndex: 'method', width: 90 },
        {
          title: t('rpFactors'),
          dataIndex: 'factors',
          width: 150,
          render: (f: Record<string, number>, r) => (
            <span className="mono" style={{ fontSize: 12 }}>
              {r.method === 'LEC' ? `L=${f.l} E=${f.e} C=${f.c}` : `L=${f.l} S=${f.s}`}
            </span>
          ),
        },
        { title: t('rpScore'), dataIndex: 'score', width: 80, align: 'right' },
        {
          title: t('rpColour'),
          dataIndex: 'colour',
          width: 110,
          render: (c: RiskColour) => <ColourTag colour={c} testId="rp-colour" />,
        },
        { title: t('rpHazardFactors'), dataIndex: 'hazardFactors', width: 200, ellipsis: true, render: (v) => v ?? '—' },
        { title: t('rpMeasures'), dataIndex: 'controlMeasures', width: 220, ellipsis: true, render: (v) => v ?? '—' },
        { title: t('rpResponsible'), dataIndex: 'responsiblePerson', width: 90, render: (v) => v ?? '—' },
        {
          title: t('rpReview'),
          dataIndex: 'reviewDate',
          width: 130,
          render: (v: string | null, r) => (
            <Space size={4}>
              {fmtDate(v)}
              {r.reviewOverdue && <Tag color="red">{t('rpReviewOverdue')}</Tag>}
            </Space>
          ),
        },
      ]}
      initialValues={{ method: 'LEC' }}
      toForm={(r) => ({
        ...r,
        l: r.factors.l,
        e: r.factors.e,
        c: r.factors.c,
        s: r.factors.s,
        reviewDate: toDay(r.reviewDate),
      })}
      toBody={(v) => ({
        name: v.name,
        area: orNull(v.area),
        method: v.method,
        factors: v.method === 'LEC' ? { l: v.l, e: v.e, c: v.c } : { l: v.l, s: v.s },
        hazardFactors: orNull(v.hazardFactors),
        controlMeasures: orNull(v.controlMeasures),
        responsiblePerson: orNull(v.responsiblePerson),
        reviewDate: fromDay(v.reviewDate as never),
      })}
      fields={(form) => (
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="name" label={t('rpName')} rules={[{ required: true, whitespace: true }]}>
              <Input maxLength={60} data-testid="rp-name" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="area" label={t('rpArea')}>
              <Input maxLength={60} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="method" label={t('rpMethod')} rules={[{ required: true }]}>
              <Radio.Group
                onChange={() => form.setFieldsValue({ l: undefined, e: undefined, c: undefined, s: undefined })}
                options={[
                  { value: 'LEC', label: t('rpLec') },
                  { value: 'LS', label: t('rpLs') },
                ]}
                data-testid="rp-method"
              />
            </Form.Item>
          </Col>
          <Form.Item noStyle dependencies={['method']}>
            {({ getFieldValue }) =>
              getFieldValue('method') === 'LS' ? (
                <>
                  <Col span={12}>
                    <Form.Item name="l" label={t('rpLsL')} rules={[{ required: true }]}>
                      <Select options={opts(LS_L, lang)} data-testid="rp-l" />
                    </Form.Item>
                  </Col>
                  <Col span={12}>
                    <Form.Item name="s" label={t('rpLsS')} rules={[{ required: true }]}>
                      <Select options={opts(LS_S, lang)} data-testid="rp-s" />
                    </Form.Item>
                  </Col>
                </>
              ) : (
                <>
                  <Col span={8}>
                    <Form.Item name="l" label={t('rpL')} rules={[{ required: true }]}>
                      <Select options={opts(LEC_L, lang)} data-testid="rp-l" popupMatchSelectWidth={false} />
                    </Form.Item>
                  </Col>
                  <Col span={8}>
                    <Form.Item name="e" label={t('rpE')} rules={[{ required: true }]}>
                      <Select options={opts(LEC_E, lang)} data-testid="rp-e" popupMatchSelectWidth={false} />
                    </Form.Item>
                  </Col>
                  <Col span={8}>
                    <Form.Item name="c" label={t('rpC')} rules={[{ required: true }]}>
                      <Select options={opts(LEC_C, lang)} data-testid="rp-c" popupMatchSelectWidth={false} />
                    </Form.Item>
                  </Col>
                </>
              )
            }
          </Form.Item>
          <Col span={24}>
            <Form.Item noStyle dependencies={['method', 'l', 'e', 'c', 's']}>
              {({ getFieldsValue }) => {
                const v = getFieldsValue(['method', 'l', 'e', 'c', 's']) as Record<string, never>;
                const r = assess(v.method, v, bands);
                return (
                  <Alert
                    type={r ? 'info' : 'warning'}
                    showIcon={!r}
                    style={{ marginBottom: 16 }}
                    title={
                      r ? (
                        <Space>
                          <span>{t('rpPreview', { formula: r.formula, score: r.score, colour: colourLabel(r.colour) })}</span>
                          <ColourTag colour={r.colour} testId="rp-preview" />
                        </Space>
                      ) : (
                        t('rpPreviewHint')
                      )
                    }
                    description={r ? <Typography.Text type="secondary">{t('rpPreviewHint')}</Typography.Text> : undefined}
                  />
                );
              }}
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="hazardFactors" label={t('rpHazardFactors')}>
              <Input.TextArea maxLength={500} rows={2} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="controlMeasures" label={t('rpMeasures')}>
              <Input.TextArea maxLength={1000} rows={3} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="responsiblePerson" label={t('rpResponsible')}>
              <Input maxLength={32} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="reviewDate" label={t('rpReview')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
      )}
    />
  );
}
