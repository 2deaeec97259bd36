import { useMemo } from 'react';
import { Checkbox, Col, DatePicker, Empty, Form, Radio, Tag, Tooltip, Typography, type FormItemProps } from 'antd';
import dayjs from 'dayjs';
import type { useChecklist } from '../../api/hazard-queries.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { useMessages } from '../../i18n/feature.ts';
import { sectionLabel } from './labels.ts';
import { hzMessages } from './messages.ts';

export type Grade = 'general' | 'major';
type Checklist = ReturnType<typeof useChecklist>['data'];

/**
 * The grading decision of a hazard — grade, treatment (a major hazard is always put right by a deadline) and the
 * deadline when there is one, with the zone's default days — as the columns of the caller's `Row`. Shared by the
 * confirm dialog (action-modal.tsx) and the registration drawer (register-hazard-drawer.tsx); each says what a
 * change of grade does to its other fields.
 */
export function GradeFields({
  grade,
  days,
  spans,
  forcedMajor = false,
  onGradeChange,
  testIds,
}: {
  /** The grade as the form holds it now (Form.useWatch). */
  grade: Grade | undefined;
  /** The zone's default deadline in days per grade. */
  days: Record<Grade, number>;
  spans: { grade: number; treatment: number; deadline: number };
  /** A ticked clause of the checklist: the hazard is major, general is not offered. */
  forcedMajor?: boolean;
  onGradeChange: (g: Grade) => void;
  testIds: { grade: string; deadline: string };
}) {
  const t = useMessages(hzMessages);
  return (
    <>
      <Col span={spans.grade}>
        <Form.Item
          name="grade"
          label={t('grade')}
          rules={[{ required: true }]}
          extra={forcedMajor ? <Typography.Text type="danger">{t('gradeMajorForced')}</Typography.Text> : undefined}
        >
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            onChange={(e) => onGradeChange(e.target.value as Grade)}
            options={[
              { value: 'general', label: t('gradeGeneral'), disabled: forcedMajor },
              { value: 'major', label: t('gradeMajor') },
            ]}
            data-testid={testIds.grade}
          />
        </Form.Item>
      </Col>
      <Col span={spans.treatment}>
        <Form.Item
          name="treatment"
          label={t('treatment')}
          rules={[{ required: true }]}
          extra={grade === 'major' ? t('majorDeadlineOnly') : undefined}
        >
          <Radio.Group
            optionType="button"
            options={[
              { value: 'immediate', label: t('treatmentImmediate'), disabled: grade === 'major' },
              { value: 'deadline', label: t('treatmentDeadline') },
            ]}
          />
        </Form.Item>
      </Col>
      <Form.Item noStyle dependencies={['treatment', 'grade']}>
        {({ getFieldValue }) =>
          getFieldValue('grade') === 'major' || getFieldValue('treatment') === 'deadline' ? (
            <Col span={spans.deadline}>
              <Form.Item
                name="deadline"
                label={t('deadline')}
                rules={[{ required: true }]}
                extra={t('deadlineDefault', { n: days[(getFieldValue('grade') as Grade | undefined) ?? 'general'] })}
              >
                <DatePicker
                  style={{ width: '100%' }}
                  disabledDate={(d) => d.isBefore(dayjs(), 'day')}
                  data-testid={testIds.deadline}
                />
              </Form.Item>
            </Col>
          ) : null
        }
      </Form.Item>
    </>
  );
}

/** A clause whose text was transcribed by hand and waits for a safety engineer's check: a small grey tag. */
export function UnverifiedTag() {
  const t = useMessages(hzMessages);
  return (
    <Tooltip title={t('checklistUnverifiedTip')}>
      <Tag
        variant="filled"
        className="checklist-unverified"
        style={{ marginInlineStart: 6, fontSize: 11, lineHeight: '16px', paddingInline: 4, color: 'rgba(0,0,0,0.45)' }}
        data-testid="hz-clause-unverified"
      >
        {t('checklistUnverified')}
      </Tag>
    </Tooltip>
  );
}

/**
 * The statutory checklist (应急管理部令第10号, the sections that apply to the enterprise): its title and hint, the
 * clauses by section as the `majorChecklistItems` field (a ticked clause makes the hazard major), or that none
 * apply. `item` is the field's own props (rules, noStyle…); clause boxes get `${testIdPrefix}-${code}`.
 */
export function ChecklistClauses({
  checklist,
  testIdPrefix,
  item,
}: {
  checklist: Checklist;
  testIdPrefix: string;
  item?: Omit<FormItemProps, 'name' | 'children'>;
}) {
  const t = useMessages(hzMessages);
  const { lang } = useI18n();
  const grouped = useMemo(() => {
    const out = new Map<string, NonNullable<Checklist>['items']>();
    for (const i of checklist?.items ?? []) {
      if (!out.has(i.section)) out.set(i.section, []);
      out.get(i.section)!.push(i);
    }
    return [...out.entries()];
  }, [checklist]);
  return (
    <>
      {checklist && (
        <>
          <Typography.Text strong>{t('checklistTitle', { title: checklist.title, issuer: checklist.issuer })}</Typography.Text>
          <Typography.Paragraph type="secondary" style={{ margin: '4px 0 8px' }}>
            {t('checklistHint')}
          </Typography.Paragraph>
        </>
      )}
      {checklist && !checklist.items.length ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('checklistNone')} />
      ) : (
        <Form.Item name="majorChecklistItems" {...item}>
          <Checkbox.Group style={{ display: 'block' }}>
            {grouped.map(([section, items]) => (
              <div key={section} className="checklist-section">
                <Typography.Text type="secondary" strong style={{ fontSize: 12 }}>
                  {sectionLabel(section, lang)}
                </Typography.Text>
                {items.map((i) => (
                  <div key={i.code} className="checklist-item" data-testid={`${testIdPrefix}-${i.code}`}>
                    <Checkbox value={i.code}>
                      <span className="checklist-article">{i.article}</span> {i.text}
                      {!i.checked && <UnverifiedTag />}
                    </Checkbox>
                  </div>
                ))}
              </div>
            ))}
          </Checkbox.Group>
        </Form.Item>
      )}
    </>
  );
}
