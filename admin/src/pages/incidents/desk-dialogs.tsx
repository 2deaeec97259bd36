import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Flex, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import type { FormInstance } from 'antd';
import { AuditOutlined, EditOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { CASUALTY_LIMITS } from '@yuanan/contracts';
import { applyFormErrors } from '../../api/errors.ts';
import { useIncidentMutations, type IncidentDetail } from '../../api/incident-queries.ts';
import { EnterprisePicker } from '../../components/enterprise-picker.tsx';
import { fmtMinute, zoned } from '../../components/time.ts';
import { FormDialog } from '../../components/form-dialog.tsx';
import { useMessages } from '../../i18n/feature.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import type { Run } from './desk-page.tsx';
import { GradeTag, levelOptions, typeOptions } from './labels.tsx';
import { incidentMessages } from './messages.ts';
import { PlanPointField, usePlanPoints, type PlanPoint } from './plan-point.tsx';

/**
 * Runs a save whose refusal may name form fields: done → `done` is said and true; a refusal naming fields marks them
 * on the form (false, the dialog stays open); any other error goes to the desk's `run` (its message and reload).
 */
async function saveShowingFieldErrors(
  form: FormInstance,
  run: Run,
  message: ReturnType<typeof App.useApp>['message'],
  done: string,
  save: () => Promise<unknown>,
): Promise<boolean> {
  try {
    await save();
    message.success(done);
    return true;
  } catch (e) {
    if (!applyFormErrors(form, e)) await run(() => Promise.reject(e), '');
    return false;
  }
}

const NUMBERS = ['deaths', 'missing', 'seriousInjuries', 'minorInjuries', 'directLossWan'] as const;

/** 结案: the summary (required); a drill's closing feeds the enterprise file's drill record (the api does it). */
export function CloseDialog({ inc, run, onClose }: { inc: IncidentDetail; run: Run; onClose: () => void }) {
  const t = useMessages(incidentMessages);
  const { close } = useIncidentMutations();
  const [form] = Form.useForm<{ summary: string }>();
  return (
    <FormDialog
      form={form}
      title={t('closeTitle')}
      okText={t('close')}
      cancelText={t('cancel')}
      pending={close.isPending}
      okTestId="inc-close-ok"
      width={600}
      submit={(v) => run(() => close.mutateAsync({ id: inc.id, version: inc.version, summary: v.summary.trim() }), t('closedOk'))}
      onClose={onClose}
    >
      <Form.Item name="summary" label={t('summary')} rules={[{ required: true, whitespace: true, min: 4, max: 5000 }]}>
        <Input.TextArea rows={6} placeholder={t('summaryPh')} data-testid="inc-summary" />
      </Form.Item>
    </FormDialog>
  );
}

/** 误报/取消: the reason (required). */
export function CancelDialog({ inc, run, onClose }: { inc: IncidentDetail; run: Run; onClose: () => void }) {
  const t = useMessages(incidentMessages);
  const { cancel } = useIncidentMutations();
  const [form] = Form.useForm<{ reason: string }>();
  return (
    <FormDialog
      form={form}
      title={t('cancelTitle')}
      okText={t('ok')}
      cancelText={t('cancel')}
      pending={cancel.isPending}
      okTestId="inc-cancel-ok"
      danger
      submit={(v) =>
        run(() => cancel.mutateAsync({ id: inc.id, version: inc.version, reason: v.reason.trim() }), t('cancelledOk'))
      }
      onClose={onClose}
    >
      <Form.Item name="reason" label={t('cancelReason')} rules={[{ required: true, whitespace: true, min: 2, max: 1000 }]}>
        <Input.TextArea rows={3} placeholder={t('cancelReasonPh')} data-testid="inc-cancel-reason" />
      </Form.Item>
    </FormDialog>
  );
}

interface EditValues {
  type: string;
  level: string;
  enterpriseId?: string | null;
  address?: string;
  description: string;
  lat?: number | null;
  lng?: number | null;
}

/** 修改信息: type, level, enterprise, place, description and position (lat/lng). */
export function EditDialog({ inc, run, onClose }: { inc: IncidentDetail; run: Run; onClose: () => void }) {
  const t = useMessages(incidentMessages);
  const { lang } = useI18n();
  const { message } = App.useApp();
  const { update } = useIncidentMutations();
  const [form] = Form.useForm<EditValues>();
  const { latLngOf } = usePlanPoints();
  const [point, setPoint] = useState<PlanPoint | null>(
    inc.planX != null && inc.planY != null ? { x: inc.planX, y: inc.planY } : null,
  );
  /** A point picked on the plan fills latitude and longitude when the plan can be fitted. */
  const pick = (p: PlanPoint | null) => {
    setPoint(p);
    if (p && latLngOf) form.setFieldsValue(latLngOf(p));
  };
  const submit = (v: EditValues) =>
    saveShowingFieldErrors(form, run, message, t('updated'), () =>
      update.mutateAsync({
        id: inc.id,
        version: inc.version,
        type: v.type as IncidentDetail['type'],
        level: v.level as IncidentDetail['level'],
        enterpriseId: v.enterpriseId ?? null,
        address: v.address?.trim() || null,
        description: v.description.trim(),
        lat: v.lat ?? null,
        lng: v.lng ?? null,
        planX: point?.x ?? null,
        planY: point?.y ?? null,
      }),
    );
  return (
    <FormDialog
      form={form}
      title={t('editIncident')}
      okText={t('save')}
      cancelText={t('cancel')}
      pending={update.isPending}
      okTestId="inc-edit-ok"
      width={640}
      initialValues={{
        type: inc.type,
        level: inc.level,
        enterpriseId: inc.enterpriseId ?? undefined,
        address: inc.address ?? undefined,
        description: inc.description,
        lat: inc.lat ?? undefined,
        lng: inc.lng ?? undefined,
      }}
      submit={submit}
      onClose={onClose}
    >
      <Flex gap={12}>
        <Form.Item name="type" label={t('type')} rules={[{ required: true }]} style={{ flex: 1 }}>
          <Select options={typeOptions(lang)} />
        </Form.Item>
        <Form.Item name="level" label={t('level')} rules={[{ required: true }]} style={{ flex: 1 }}>
          <Select options={levelOptions(lang)} />
        </Form.Item>
      </Flex>
      <Form.Item name="enterpriseId" label={t('enterprise')}>
        <EnterprisePicker
          allowClear
          placeholder={t('selectPh')}
          current={inc.enterpriseId && inc.enterpriseName ? { id: inc.enterpriseId, name: inc.enterpriseName } : null}
        />
      </Form.Item>
      <Form.Item name="address" label={t('address')} rules={[{ max: 200 }]}>
        <Input placeholder={t('addressPh')} />
      </Form.Item>
      <Flex gap={12}>
        <Form.Item name="lat" label={t('lat')} style={{ flex: 1 }}>
          <InputNumber min={-90} max={90} step={0.0001} style={{ width: '100%' }} data-testid="inc-edit-lat" />
        </Form.Item>
        <Form.Item name="lng" label={t('lng')} style={{ flex: 1 }}>
          <InputNumber min={-180} max={180} step={0.0001} style={{ width: '100%' }} data-testid="inc-edit-lng" />
        </Form.Item>
      </Flex>
      <PlanPointField value={point} onChange={pick} testId="inc-edit" />
      <Form.Item name="description" label={t('description')} rules={[{ required: true, whitespace: true, max: 2000 }]}>
        <Input.TextArea rows={3} />
      </Form.Item>
    </FormDialog>
  );
}

/**
 * 伤亡与损失: deaths, missing, serious and minor injuries, direct loss and the computed grade (条例 Art. 3; missing
 * shown apart); 更新 records a change (the api keeps before/after on the timeline); 向应急管理部门报告 records the
 * Art. 12 report (refused for drills: 演练不上报).
 */
export function CasualtiesCard({ inc, canManage, run }: { inc: IncidentDetail; canManage: boolean; run: Run }) {
  const t = useMessages(incidentMessages);
  const { lang } = useI18n();
  const [dialog, setDialog] = useState<'casualties' | 'report' | null>(null);
  return (
    <Card
      size="small"
      title={
        <Space size={6}>
          {t('casualties')}
          <GradeTag grade={inc.grade} lang={lang} none={t('noGrade')} />
        </Space>
      }
      extra={
        canManage && (
          <Button size="small" icon={<EditOutlined />} onClick={() => setDialog('casualties')} data-testid="inc-casualties-edit">
            {t('edit')}
          </Button>
        )
      }
      data-testid="inc-casualties"
    >
      <div className="inc-kv">
        {NUMBERS.map((k) => (
          <div key={k} data-testid={`inc-n-${k}`}>
            <b>{k === 'directLossWan' ? Number(inc[k]) : inc[k]}</b>
            <span>{t(k === 'seriousInjuries' ? 'seriousInjuries' : k).replace(/（.*）|\(.*\)/, '')}</span>
          </div>
        ))}
      </div>
      <Flex justify="space-between" align="center" style={{ marginTop: 8 }} gap={8} wrap>
        {inc.authorityReportedAt ? (
          <Typography.Text type="success" data-testid="inc-reported">
            {t('authorityReported')} {fmtMinute(inc.authorityReportedAt)}
            {inc.followUpUntil && (
              <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>
                {t('followUpUntil', { d: fmtMinute(inc.followUpUntil).slice(0, 10) })}
              </Typography.Text>
            )}
          </Typography.Text>
        ) : (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {inc.isDrill ? t('clockDrill') : t('clockHint')}
          </Typography.Text>
        )}
        {canManage && !inc.isDrill && !inc.authorityReportedAt && (
          <Button
            size="small"
            type="primary"
            danger
            icon={<AuditOutlined />}
            onClick={() => setDialog('report')}
            data-testid="inc-report-open"
          >
            {t('authorityReport')}
          </Button>
        )}
      </Flex>
      {dialog === 'casualties' && <CasualtiesDialog inc={inc} run={run} onClose={() => setDialog(null)} />}
      {dialog === 'report' && <AuthorityDialog inc={inc} run={run} onClose={() => setDialog(null)} />}
    </Card>
  );
}

type CasualtyValues = Record<(typeof NUMBERS)[number], number> & { note?: string };

function CasualtiesDialog({ inc, run, onClose }: { inc: IncidentDetail; run: Run; onClose: () => void }) {
  const t = useMessages(incidentMessages);
  const { message } = App.useApp();
  const { casualties } = useIncidentMutations();
  const [form] = Form.useForm<CasualtyValues>();
  const submit = (v: CasualtyValues) =>
    saveShowingFieldErrors(form, run, message, t('casualtiesSaved'), () =>
      casualties.mutateAsync({
        id: inc.id,
        version: inc.version,
        deaths: v.deaths,
        missing: v.missing,
        seriousInjuries: v.seriousInjuries,
        minorInjuries: v.minorInjuries,
        directLossWan: v.directLossWan,
        note: v.note?.trim() || undefined,
      }),
    );
  return (
    <FormDialog
      form={form}
      title={t('casualties')}
      okText={t('save')}
      cancelText={t('cancel')}
      pending={casualties.isPending}
      okTestId="inc-casualties-ok"
      width={600}
      before={<Alert type="info" showIcon title={t('gradeHint')} style={{ marginBottom: 12 }} />}
      initialValues={{
        deaths: inc.deaths,
        missing: inc.missing,
        seriousInjuries: inc.seriousInjuries,
        minorInjuries: inc.minorInjuries,
        directLossWan: Number(inc.directLossWan),
      }}
      submit={submit}
      onClose={onClose}
    >
      <Flex gap={12} wrap>
        {NUMBERS.map((k) => (
          <Form.Item
            key={k}
            name={k}
            label={t(k)}
            rules={[{ required: true }]}
            style={{ width: k === 'seriousInjuries' || k === 'directLossWan' ? 240 : 150 }}
          >
            <InputNumber
              min={0}
              max={k === 'directLossWan' ? CASUALTY_LIMITS.lossWan : CASUALTY_LIMITS.people}
              precision={k === 'directLossWan' ? 2 : 0}
              style={{ width: '100%' }}
              data-testid={`inc-c-${k}`}
            />
          </Form.Item>
        ))}
      </Flex>
      <Form.Item name="note" label={t('casualtiesNote')} rules={[{ max: 1000 }]}>
        <Input.TextArea rows={2} />
      </Form.Item>
    </FormDialog>
  );
}

interface ReportValues {
  reportedAt: Dayjs;
  authority: string;
  channel: 'phone' | 'fax' | 'online' | 'document';
  reporterName: string;
  note?: string;
}

/** 向应急管理部门报告: when, to which authority, how, by whom (the api stores the Art. 12 snapshot). */
function AuthorityDialog({ inc, run, onClose }: { inc: IncidentDetail; run: Run; onClose: () => void }) {
  const t = useMessages(incidentMessages);
  const { authorityReport } = useIncidentMutations();
  const [form] = Form.useForm<ReportValues>();
  const submit = (v: ReportValues) =>
    run(
      () =>
        authorityReport.mutateAsync({
          id: inc.id,
          version: inc.version,
          reportedAt: v.reportedAt.toISOString(),
          authority: v.authority.trim(),
          channel: v.channel,
          reporterName: v.reporterName.trim(),
          note: v.note?.trim() || undefined,
        }),
      t('reportedOk'),
    );
  return (
    <FormDialog
      form={form}
      title={t('authorityReport')}
      okText={t('save')}
      cancelText={t('cancel')}
      pending={authorityReport.isPending}
      okTestId="inc-report-ok"
      before={<Alert type="info" showIcon title={t('clockHint')} style={{ marginBottom: 12 }} />}
      initialValues={{ reportedAt: zoned(), channel: 'phone' }}
      submit={submit}
      onClose={onClose}
    >
      <Form.Item name="reportedAt" label={t('authorityReportedAt')} rules={[{ required: true }]}>
        <DatePicker showTime style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="authority" label={t('authority')} rules={[{ required: true, whitespace: true, max: 100 }]}>
        <Input placeholder={t('authorityPh')} data-testid="inc-report-authority" />
      </Form.Item>
      <Form.Item name="channel" label={t('channel')} rules={[{ required: true }]}>
        <Select options={(['phone', 'fax', 'online', 'document'] as const).map((c) => ({ value: c, label: t(`ch_${c}`) }))} />
      </Form.Item>
      <Form.Item name="reporterName" label={t('reporterName')} rules={[{ required: true, whitespace: true, max: 50 }]}>
        <Input data-testid="inc-report-reporter" />
      </Form.Item>
      <Form.Item name="note" label={t('casualtiesNote')} rules={[{ max: 1000 }]}>
        <Input.TextArea rows={2} />
      </Form.Item>
    </FormDialog>
  );
}
