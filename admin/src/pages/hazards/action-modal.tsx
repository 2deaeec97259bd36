import { useEffect, useState } from 'react';
import { Alert, App, Col, Form, Input, Modal, Row, Select, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEnterprise } from '../../api/enterprise-queries.ts';
import { applyFormErrors, errorText, isApiError } from '../../api/errors.ts';
import { useChecklist, useHazard, useTransition } from '../../api/hazard-queries.ts';
import { useTenant } from '../../api/risk-queries.ts';
import type { HazardDetail, TransitionBody } from '../../api/types.ts';
import { useCatalog } from '../../api/zone-queries.ts';
import { useI18n, useT } from '../../i18n/i18n.tsx';
import { useMessages } from '../../i18n/feature.ts';
import { punct } from '../../i18n/punct.ts';
import { ChecklistClauses, GradeFields } from './grading-fields.tsx';
import { actionVerb, statusLabel } from './labels.ts';
import { hzMessages } from './messages.ts';
import { validated } from '../../components/validated.ts';
import { LawCitationPicker } from '../../components/law-citation/law-citation-picker.tsx';
import { HAZARD_MAX_CITATIONS, type LawCitationRef } from '@yuanan/contracts';

export type OfficeAction = 'confirm' | 'dismiss' | 'reopen' | 'reject' | 'approve' | 'start';

interface Values {
  grade?: 'general' | 'major';
  treatment?: 'immediate' | 'deadline';
  deadline?: Dayjs;
  responsibleName?: string;
  categoryCode?: string;
  majorChecklistItems?: string[];
  legalBasis?: string;
  citations?: LawCitationRef[];
  reason?: string;
  comment?: string;
}

/**
 * One step of the closed loop from the console. The version the person saw goes with it: when someone acted
 * first (409 conflict), the hazard is reloaded, the dialog says so and keeps what was typed; when the step is no
 * longer possible, the dialog closes with the reason.
 */
export function ActionModal({
  hazard,
  action,
  onClose,
  onReload,
}: {
  hazard: HazardDetail;
  action: OfficeAction | null;
  onClose: () => void;
  onReload: () => Promise<HazardDetail | undefined>;
}) {
  const t = useMessages(hzMessages);
  const tc = useT();
  const { lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const transition = useTransition();
  const [conflict, setConflict] = useState<string | null>(null);
  const isConfirm = action === 'confirm';
  const checklist = useChecklist(hazard.enterpriseId, isConfirm);
  const enterprise = useEnterprise(isConfirm ? hazard.enterpriseId : undefined);
  const tenant = useTenant();
  const categories = useCatalog('hazard_category', isConfirm);
  const days = tenant.data?.settings.hazardDeadlineDays ?? { general: 7, major: 30 };
  // A ledger row carries no citations: the detail has them (the same cache as the detail page).
  const detail = useHazard(isConfirm ? hazard.id : undefined);
  const checked = Form.useWatch('majorChecklistItems', form) ?? [];
  const grade = Form.useWatch('grade', form);
  const forcedMajor = checked.length > 0;

  useEffect(() => {
    if (!action) return;
    setConflict(null);
    form.resetFields();
    if (action === 'confirm') {
      const g = hazard.majorChecklistItems.length ? 'major' : (hazard.grade ?? undefined);
      form.setFieldsValue({
        grade: g,
        treatment: g === 'major' ? 'deadline' : (hazard.treatment ?? 'deadline'),
        deadline: dayjs().add(days[g ?? 'general'], 'day'),
        responsibleName: hazard.responsibleName ?? undefined,
        categoryCode: hazard.categoryCode,
        majorChecklistItems: hazard.majorChecklistItems,
        legalBasis: hazard.legalBasis ?? undefined,
        citations: (detail.data ?? hazard).citations.map((c) => ({ versionId: c.versionId, articleKey: c.articleKey })),
      });
    }
    // The form is filled once per opening.
  }, [action, hazard.id]);

  // The cited articles arrive with the detail when the dialog was opened from a ledger row.
  useEffect(() => {
    if (isConfirm && detail.data && !form.isFieldTouched('citations'))
      form.setFieldValue(
        'citations',
        detail.data.citations.map((c) => ({ versionId: c.versionId, articleKey: c.articleKey })),
      );
  }, [isConfirm, detail.data, form]);

  // The principal is the usual responsible person: offered when nobody was named yet.
  useEffect(() => {
    if (isConfirm && enterprise.data && !form.getFieldValue('responsibleName'))
      form.setFieldValue('responsibleName', enterprise.data.principalName);
  }, [isConfirm, enterprise.data, form]);

  useEffect(() => {
    if (forcedMajor && form.getFieldValue('grade') !== 'major') {
      form.setFieldsValue({ grade: 'major', treatment: 'deadline', deadline: dayjs().add(days.major, 'day') });
    }
  }, [forcedMajor, form, days.major]);

  const submit = async () => {
    if (!action) return;
    // A refused field is shown and scrolled to; the refusal is not an error of the page (no unhandled rejection).
    const v = await validated(form, { scroll: true });
    if (!v) return;
    const body: TransitionBody = { action, version: hazard.version };
    if (action === 'confirm') {
      Object.assign(body, {
        grade: v.grade,
        treatment: v.grade === 'major' ? 'deadline' : v.treatment,
        deadline: (v.grade === 'major' ? 'deadline' : v.treatment) === 'deadline' ? v.deadline?.format('YYYY-MM-DD') : undefined,
        responsibleName: v.responsibleName?.trim(),
        categoryCode: v.categoryCode,
        majorChecklistItems: v.majorChecklistItems ?? [],
        legalBasis: v.legalBasis?.trim() || undefined,
        // Only a change is sent: left out, the hazard keeps what it cites.
        citations: form.isFieldTouched('citations') ? (v.citations ?? []) : undefined,
      });
    }
    if (action === 'dismiss' || action === 'reopen') body.reason = v.reason?.trim();
    if (action === 'reject') body.comment = v.comment?.trim();
    if (action === 'approve' && v.comment?.trim()) body.comment = v.comment.trim();
    try {
      await transition.mutateAsync({ id: hazard.id, ...body });
      // Named by the action (复核通过), not by the dialog's question.
      message.success(t('actionDone', { action: actionVerb(action, lang) }));
      onClose();
    } catch (e) {
      if (isApiError(e, 'conflict') || isApiError(e, 'invalid_transition')) {
        const fresh = await onReload();
        if (fresh && fresh.availableActions.includes(action) && isApiError(e, 'conflict')) {
          setConflict(statusLabel(fresh.status, lang));
          message.warning(t('conflict'));
        } else {
          // Someone else's step made this one impossible: one warning naming the state it is in now (the api's
          // refusal would say the same as an error, as if the person had done something wrong).
          message.warning(`${t('conflict')}${fresh ? punct(lang).paren(statusLabel(fresh.status, lang)) : ''}`);
          if (isApiError(e, 'invalid_transition') && !fresh) message.error(errorText(e));
          onClose();
        }
        return;
      }
      applyFormErrors(form, e);
      message.error(errorText(e));
    }
  };

  const title =
    action === 'confirm'
      ? t('confirmTitle')
      : action === 'dismiss'
        ? t('dismissTitle')
        : action === 'reopen'
          ? t('reopenTitle')
          : action === 'reject'
            ? t('rejectTitle')
            : action === 'approve'
              ? t('approveTitle')
              : t('startTitle');

  return (
    <Modal
      open={!!action}
      title={
        <Space>
          {title}
          <Typography.Text type="secondary" className="mono" style={{ fontWeight: 'normal' }}>
            {hazard.code}
          </Typography.Text>
        </Space>
      }
      width={isConfirm ? 860 : 560}
      okText={tc('common.ok')}
      cancelText={tc('common.cancel')}
      okButtonProps={{ danger: action === 'dismiss' || action === 'reject', 'data-testid': 'hz-action-ok' }}
      confirmLoading={transition.isPending}
      onOk={() => void submit()}
      onCancel={onClose}
      forceRender
      styles={{ body: { maxHeight: 'calc(100vh - 240px)', overflowY: 'auto' } }}
    >
      {conflict && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('conflict')}
          description={t('conflictDesc', { status: conflict })}
          data-testid="hz-conflict"
        />
      )}
      <Form form={form} layout="vertical" data-testid="hz-action-form">
        {isConfirm && (
          <>
            <Row gutter={16}>
              <GradeFields
                grade={grade}
                days={days}
                spans={{ grade: 12, treatment: 12, deadline: 8 }}
                forcedMajor={forcedMajor}
                onGradeChange={(g) => {
                  if (g === 'major') form.setFieldsValue({ treatment: 'deadline' });
                  form.setFieldValue('deadline', dayjs().add(days[g], 'day'));
                }}
                testIds={{ grade: 'hz-grade', deadline: 'hz-deadline' }}
              />
              <Col span={8}>
                <Form.Item name="responsibleName" label={t('responsible')} rules={[{ required: true, whitespace: true }]}>
                  <Input maxLength={32} placeholder={t('responsiblePh')} data-testid="hz-responsible" />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="categoryCode" label={t('category')}>
                  <Select
                    options={(categories.data ?? []).filter((c) => c.enabled).map((c) => ({ value: c.code, label: c.name }))}
                  />
                </Form.Item>
              </Col>
            </Row>
            <div className="checklist-box" data-testid="hz-checklist">
              <ChecklistClauses checklist={checklist.data} testIdPrefix="hz-clause" item={{ noStyle: true }} />
            </div>
            <Form.Item name="legalBasis" label={t('legalBasis')} style={{ marginTop: 12 }}>
              <Input.TextArea maxLength={1000} rows={2} placeholder={t('legalBasisPh')} />
            </Form.Item>
            <Form.Item name="citations" label={t('citations')} extra={t('citationsHint')}>
              <LawCitationPicker max={HAZARD_MAX_CITATIONS} basisField="legalBasis" testId="hz-citations" />
            </Form.Item>
          </>
        )}
        {(action === 'dismiss' || action === 'reopen') && (
          <Form.Item name="reason" label={t('reason')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea
              maxLength={500}
              rows={3}
              placeholder={action === 'dismiss' ? t('reasonPh') : undefined}
              data-testid="hz-reason"
            />
          </Form.Item>
        )}
        {action === 'reject' && (
          <Form.Item name="comment" label={t('comment')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea maxLength={1000} rows={3} placeholder={t('rejectPh')} data-testid="hz-comment" />
          </Form.Item>
        )}
        {action === 'approve' && (
          <>
            <Typography.Paragraph>{hazard.grade === 'major' ? t('approveMajorDesc') : t('approveDesc')}</Typography.Paragraph>
            <Form.Item name="comment" label={t('comment')}>
              <Input.TextArea maxLength={1000} rows={2} data-testid="hz-comment" />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
