import { useEffect, useMemo, useState } from 'react';
import {
  Alert,
  App,
  Checkbox,
  Col,
  DatePicker,
  Empty,
  Form,
  Input,
  Modal,
  Radio,
  Row,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEnterprise } from '../../api/enterprise-queries.ts';
import { applyFormErrors, errorText, isApiError } from '../../api/errors.ts';
import { useChecklist, useTransition } from '../../api/hazard-queries.ts';
import { useTenant } from '../../api/risk-queries.ts';
import type { HazardDetail, TransitionBody } from '../../api/types.ts';
import { useCatalog } from '../../api/zone-queries.ts';
import { useI18n, useT } from '../../i18n/i18n.tsx';
import { useMessages } from '../../i18n/feature.ts';
import { eventLabel, sectionLabel, statusLabel } from './labels.ts';
import { hzMessages } from './messages.ts';

export type OfficeAction = 'confirm' | 'dismiss' | 'reopen' | 'reject' | 'approve' | 'start';

interface Values {
  grade?: 'general' | 'major';
  treatment?: 'immediate' | 'deadline';
  deadline?: Dayjs;
  responsibleName?: string;
  categoryCode?: string;
  majorChecklistItems?: string[];
  legalBasis?: string;
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
      });
    }
    // The form is filled once per opening.
  }, [action, hazard.id]);

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

  const grouped = useMemo(() => {
    const out = new Map<string, NonNullable<typeof checklist.data>['items']>();
    for (const i of checklist.data?.items ?? []) {
      if (!out.has(i.section)) out.set(i.section, []);
      out.get(i.section)!.push(i);
    }
    return [...out.entries()];
  }, [checklist.data]);

  const submit = async () => {
    if (!action) return;
    const v = await form.validateFields();
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
      });
    }
    if (action === 'dismiss' || action === 'reopen') body.reason = v.reason?.trim();
    if (action === 'reject') body.comment = v.comment?.trim();
    if (action === 'approve' && v.comment?.trim()) body.comment = v.comment.trim();
    try {
      await transition.mutateAsync({ id: hazard.id, ...body });
      // Named by the action (复核通过), not by the dialog's question.
      message.success(t('actionDone', { action: eventLabel(action, lang) }));
      onClose();
    } catch (e) {
      if (isApiError(e, 'conflict') || isApiError(e, 'invalid_transition')) {
        const fresh = await onReload();
        if (fresh && fresh.availableActions.includes(action) && isApiError(e, 'conflict')) {
          setConflict(statusLabel(fresh.status, lang));
          message.warning(t('conflict'));
        } else {
          message.warning(`${t('conflict')}${fresh ? `（${statusLabel(fresh.status, lang)}）` : ''}`);
          if (isApiError(e, 'invalid_transition')) message.error(errorText(e));
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
              <Col span={12}>
                <Form.Item
                  name="grade"
                  label={t('grade')}
                  rules={[{ required: true }]}
                  extra={forcedMajor ? <Typography.Text type="danger">{t('gradeMajorForced')}</Typography.Text> : undefined}
                >
                  <Radio.Group
                    optionType="button"
                    buttonStyle="solid"
                    onChange={(e) => {
                      if (e.target.value === 'major') form.setFieldsValue({ treatment: 'deadline' });
                      form.setFieldValue('deadline', dayjs().add(days[e.target.value as 'general' | 'major'], 'day'));
                    }}
                    options={[
                      { value: 'general', label: t('gradeGeneral'), disabled: forcedMajor },
                      { value: 'major', label: t('gradeMajor') },
                    ]}
                    data-testid="hz-grade"
                  />
                </Form.Item>
              </Col>
              <Col span={12}>
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
                    <Col span={8}>
                      <Form.Item
                        name="deadline"
                        label={t('deadline')}
                        rules={[{ required: true }]}
                        extra={t('deadlineDefault', { n: days[(getFieldValue('grade') as 'general' | 'major') ?? 'general'] })}
                      >
                        <DatePicker
                          style={{ width: '100%' }}
                          disabledDate={(d) => d.isBefore(dayjs(), 'day')}
                          data-testid="hz-deadline"
                        />
                      </Form.Item>
                    </Col>
                  ) : null
                }
              </Form.Item>
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
              {checklist.data && (
                <>
                  <Typography.Text strong>
                    {t('checklistTitle', { title: checklist.data.title, issuer: checklist.data.issuer })}
                  </Typography.Text>
                  <Typography.Paragraph type="secondary" style={{ margin: '4px 0 8px' }}>
                    {t('checklistHint')}
                  </Typography.Paragraph>
                </>
              )}
              {checklist.data && !checklist.data.items.length ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('checklistNone')} />
              ) : (
                <Form.Item name="majorChecklistItems" noStyle>
                  <Checkbox.Group style={{ display: 'block' }}>
                    {grouped.map(([section, items]) => (
                      <div key={section} className="checklist-section">
                        <Typography.Text type="secondary" strong style={{ fontSize: 12 }}>
                          {sectionLabel(section, lang)}
                        </Typography.Text>
                        {items.map((i) => (
                          <div key={i.code} className="checklist-item" data-testid={`hz-clause-${i.code}`}>
                            <Checkbox value={i.code}>
                              <span className="checklist-article">{i.article}</span> {i.text}
                              {!i.checked && (
                                <Tag color="default" style={{ marginLeft: 6, fontSize: 11 }}>
                                  {t('checklistUnverified')}
                                </Tag>
                              )}
                            </Checkbox>
                          </div>
                        ))}
                      </div>
                    ))}
                  </Checkbox.Group>
                </Form.Item>
              )}
            </div>
            <Form.Item name="legalBasis" label={t('legalBasis')} style={{ marginTop: 12 }}>
              <Input.TextArea maxLength={1000} rows={2} placeholder={t('legalBasisPh')} />
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
