import { Alert, Col, DatePicker, Flex, Form, Input, InputNumber, Row, Select, Tag } from 'antd';
import { PLAN_KINDS } from '@yuanan/contracts';
import { useRecords } from '../../../api/enterprise-queries.ts';
import type { Drill, Plan } from '../../../api/types.ts';
import { fmtDate } from '../../../components/time.ts';
import { useI18n } from '../../../i18n/i18n.tsx';
import { useMessages } from '../../../i18n/feature.ts';
import { planKindLabel } from '../labels.ts';
import { entMessages } from '../messages.ts';
import { fromDay, orNull, RecordTable, toDay } from '../record-table.tsx';

/** 应急预案与演练: the plans with their drill status (overdue flags), and the drills held. */
export function PlansTab({ enterpriseId, canWrite }: { enterpriseId: string; canWrite: boolean }) {
  const t = useMessages(entMessages);
  const { lang } = useI18n();
  const plans = useRecords<Plan>(enterpriseId, 'plans');
  const planTitle = new Map((plans.data ?? []).map((p) => [p.id, p.title]));
  const kindOptions = PLAN_KINDS.map((k) => ({ value: k, label: planKindLabel(k, lang) }));
  return (
    <Flex vertical gap={16}>
      <RecordTable<Plan>
        enterpriseId={enterpriseId}
        kind="plans"
        title={t('plans')}
        addLabel={t('addPlan')}
        canWrite={canWrite}
        testId="plans"
        above={(rows) => {
          const n = rows.filter((r) => r.drillOverdue).length;
          return n ? <Alert type="warning" showIcon title={t('drillsOverdueAlert', { n })} style={{ marginBottom: 12 }} /> : null;
        }}
        rowClassName={(r) => (r.drillOverdue ? 'row-warn' : '')}
        columns={[
          { title: t('planKind'), dataIndex: 'kind', width: 130, render: (v: string) => planKindLabel(v, lang) },
          {
            title: t('planTitle'),
            dataIndex: 'title',
            render: (v: string, r) =>
              r.fileUrl ? (
                <a href={r.fileUrl} target="_blank" rel="noreferrer">
                  {v}
                </a>
              ) : (
                v
              ),
          },
          { title: t('planIssued'), dataIndex: 'issuedOn', width: 110, render: (v: string | null) => fmtDate(v) },
          {
            title: t('planLastDrill'),
            dataIndex: 'lastDrillOn',
            width: 110,
            render: (v: string | null) => (v ? fmtDate(v) : t('planNoDrill')),
          },
          {
            title: t('planState'),
            dataIndex: 'drillOverdue',
            width: 100,
            render: (v: boolean) =>
              v ? (
                <Tag color="red" data-testid="plan-overdue">
                  {t('planDrillOverdue')}
                </Tag>
              ) : (
                <Tag color="green">{t('planDrillOk')}</Tag>
              ),
          },
        ]}
        initialValues={{ kind: 'special' }}
        toForm={(r) => ({ ...r, issuedOn: toDay(r.issuedOn) })}
        toBody={(v) => ({ kind: v.kind, title: v.title, issuedOn: fromDay(v.issuedOn as never) })}
        fields={() => (
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item name="kind" label={t('planKind')} rules={[{ required: true }]}>
                <Select options={kindOptions} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="issuedOn" label={t('planIssued')}>
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item name="title" label={t('planTitle')} rules={[{ required: true, whitespace: true }]}>
                <Input maxLength={100} />
              </Form.Item>
            </Col>
          </Row>
        )}
      />
      <RecordTable<Drill>
        enterpriseId={enterpriseId}
        kind="drills"
        title={t('drills')}
        addLabel={t('addDrill')}
        canWrite={canWrite}
        testId="drills"
        columns={[
          { title: t('drillHeldOn'), dataIndex: 'heldOn', width: 110, render: (v: string) => fmtDate(v) },
          { title: t('drillKind'), dataIndex: 'kind', width: 130, render: (v: string) => planKindLabel(v, lang) },
          {
            title: t('drillPlan'),
            dataIndex: 'planId',
            width: 260,
            render: (v: string | null) => (v ? (planTitle.get(v) ?? '—') : '—'),
          },
          { title: t('drillParticipants'), dataIndex: 'participants', width: 90, align: 'right', render: (v) => v ?? '—' },
          { title: t('drillSummary'), dataIndex: 'summary', render: (v) => v ?? '—' },
        ]}
        toForm={(r) => ({ ...r, heldOn: toDay(r.heldOn) })}
        toBody={(v) => ({
          planId: v.planId ?? null,
          kind: v.kind,
          heldOn: fromDay(v.heldOn as never),
          participants: v.participants ?? null,
          summary: orNull(v.summary),
        })}
        fields={(form) => (
          <Row gutter={16}>
            <Col span={24}>
              <Form.Item name="planId" label={t('drillPlan')}>
                <Select
                  allowClear
                  options={(plans.data ?? []).map((p) => ({ value: p.id, label: `${planKindLabel(p.kind, lang)} · ${p.title}` }))}
                  onChange={(id: string | undefined) => {
                    const p = (plans.data ?? []).find((x) => x.id === id);
                    if (p) form.setFieldValue('kind', p.kind);
                  }}
                />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="kind" label={t('drillKind')} rules={[{ required: true }]}>
                <Select options={kindOptions} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="heldOn" label={t('drillHeldOn')} rules={[{ required: true }]}>
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="participants" label={t('drillParticipants')}>
                <InputNumber min={0} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item name="summary" label={t('drillSummary')}>
                <Input.TextArea maxLength={500} rows={3} />
              </Form.Item>
            </Col>
          </Row>
        )}
      />
    </Flex>
  );
}
