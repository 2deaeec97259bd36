import { useState } from 'react';
import { App, Button, Card, Descriptions, Form, Input, Modal, Popconfirm, Space, Steps, Tag, Typography } from 'antd';
import { AuditOutlined, FlagOutlined, FormOutlined, SendOutlined } from '@ant-design/icons';
import { GOVERNANCE_PLAN_LABELS } from '@yuanan/contracts';
import { applyFormErrors, errorText } from '../../api/errors.ts';
import { useMajorAction } from '../../api/hazard-queries.ts';
import { useTenant } from '../../api/risk-queries.ts';
import type { GovernancePlan, Hazard } from '../../api/types.ts';
import { fmtDate, fmtMinute } from '../../components/time.ts';
import { useT } from '../../i18n/i18n.tsx';
import { useMessages } from '../../i18n/feature.ts';
import { hzMessages } from './messages.ts';
import { validated } from '../../components/validated.ts';

const PLAN_KEYS = Object.keys(GOVERNANCE_PLAN_LABELS) as (keyof typeof GOVERNANCE_PLAN_LABELS)[];

/** A major hazard's governance: plan, supervision listing (挂牌督办), report to the authority, acceptance. */
export function MajorPanel({ hazard, canManage }: { hazard: Hazard; canManage: boolean }) {
  const t = useMessages(hzMessages);
  const tc = useT();
  const { message } = App.useApp();
  const op = useMajorAction();
  const tenant = useTenant();
  const [planOpen, setPlanOpen] = useState(false);
  const [listOpen, setListOpen] = useState(false);
  const [planForm] = Form.useForm<GovernancePlan>();
  const [listForm] = Form.useForm<{ ledgerNo: string; comment?: string }>();
  const open = hazard.status !== 'closed' && hazard.status !== 'dismissed';
  const s = hazard.supervision;

  const run = async (a: Parameters<typeof op.mutateAsync>[0], ok: string, form?: typeof planForm | typeof listForm) => {
    try {
      await op.mutateAsync(a);
      message.success(ok);
      return true;
    } catch (e) {
      if (form) applyFormErrors(form as never, e);
      message.error(errorText(e));
      return false;
    }
  };

  const steps = [
    { title: t('plan'), done: !!hazard.governancePlan },
    { title: t('supervision'), done: !!s },
    { title: t('reportedToAuthority'), done: !!hazard.reportedToAuthorityAt },
    { title: t('acceptance'), done: !!hazard.acceptedAt },
  ];

  return (
    <Card size="small" title={t('majorTitle')} data-testid="hz-major">
      <Steps
        size="small"
        current={steps.findIndex((x) => !x.done) === -1 ? steps.length : steps.findIndex((x) => !x.done)}
        items={steps.map((x) => ({ title: x.title, status: x.done ? 'finish' : 'wait' }))}
        style={{ marginBottom: 16 }}
      />
      <Descriptions
        size="small"
        column={1}
        bordered
        items={[
          {
            key: 'plan',
            label: t('plan'),
            children: hazard.governancePlan ? (
              <Descriptions
                size="small"
                column={1}
                items={PLAN_KEYS.map((k) => ({ key: k, label: GOVERNANCE_PLAN_LABELS[k], children: hazard.governancePlan![k] }))}
              />
            ) : (
              <Space>
                <Tag color="red">{t('planMissing')}</Tag>
                {open && canManage && (
                  <Button size="small" icon={<FormOutlined />} onClick={() => setPlanOpen(true)}>
                    {t('planEdit')}
                  </Button>
                )}
              </Space>
            ),
          },
          {
            key: 'sup',
            label: t('supervision'),
            children: s ? (
              <Space wrap>
                <Tag color="volcano" icon={<FlagOutlined />}>
                  {t('supervised', { no: s.ledgerNo })}
                </Tag>
                <Typography.Text type="secondary">
                  {fmtMinute(s.listedAt)} {s.listedByName}
                </Typography.Text>
                {s.cancelledAt && (
                  <Tag color="green">
                    {t('supervisedCancelled')} {fmtDate(s.cancelledAt)}
                  </Tag>
                )}
              </Space>
            ) : open && canManage ? (
              <Button
                size="small"
                type="primary"
                danger
                icon={<FlagOutlined />}
                onClick={() => setListOpen(true)}
                data-testid="hz-supervise"
              >
                {t('supervise')}
              </Button>
            ) : (
              '—'
            ),
          },
          {
            key: 'rep',
            label: t('reportedToAuthority'),
            children: hazard.reportedToAuthorityAt ? (
              fmtMinute(hazard.reportedToAuthorityAt)
            ) : (
              <Space wrap>
                <Typography.Text type="warning">
                  {t('reportDue', { h: tenant.data?.settings.majorHazardReportHours ?? 24 })}
                </Typography.Text>
                {open && canManage && (
                  <Popconfirm
                    title={t('reportedConfirm')}
                    onConfirm={() => run({ op: 'reported', id: hazard.id }, t('reportedOk'))}
                    okText={tc('common.ok')}
                    cancelText={tc('common.cancel')}
                  >
                    <Button size="small" icon={<SendOutlined />} data-testid="hz-reported">
                      {t('markReported')}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
          {
            key: 'acc',
            label: t('acceptance'),
            children: hazard.acceptedAt ? (
              <Tag color="green" icon={<AuditOutlined />}>
                {t('acceptanceDone', { at: fmtMinute(hazard.acceptedAt) })}
              </Tag>
            ) : hazard.acceptanceRequestedAt ? (
              <Tag color="purple">
                {t('acceptanceRequested', { at: fmtDate(hazard.acceptanceRequestedAt), due: fmtDate(hazard.acceptanceDueAt) })}
              </Tag>
            ) : (
              <Typography.Text type="secondary">{t('acceptanceNone')}</Typography.Text>
            ),
          },
        ]}
      />
      <Modal
        open={planOpen}
        title={t('plan')}
        width={720}
        okText={tc('common.save')}
        cancelText={tc('common.cancel')}
        confirmLoading={op.isPending}
        onCancel={() => setPlanOpen(false)}
        onOk={async () => {
          const plan = await validated(planForm);
          if (!plan) return;
          if (await run({ op: 'plan', id: hazard.id, plan }, t('planSaved'), planForm)) setPlanOpen(false);
        }}
        forceRender
      >
        <Form form={planForm} layout="vertical">
          {PLAN_KEYS.map((k) => (
            <Form.Item key={k} name={k} label={GOVERNANCE_PLAN_LABELS[k]} rules={[{ required: true, whitespace: true, min: 2 }]}>
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
          ))}
        </Form>
      </Modal>
      <Modal
        open={listOpen}
        title={t('supervise')}
        okText={tc('common.ok')}
        cancelText={tc('common.cancel')}
        okButtonProps={{ 'data-testid': 'hz-supervise-ok' }}
        confirmLoading={op.isPending}
        onCancel={() => setListOpen(false)}
        onOk={async () => {
          const v = await validated(listForm);
          if (!v) return;
          if (
            await run(
              { op: 'supervise', id: hazard.id, ledgerNo: v.ledgerNo.trim(), comment: v.comment?.trim() || undefined },
              t('superviseOk'),
              listForm,
            )
          )
            setListOpen(false);
        }}
        forceRender
      >
        <Form form={listForm} layout="vertical">
          <Form.Item name="ledgerNo" label={t('ledgerNo')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={40} placeholder={t('ledgerNoPh')} data-testid="hz-ledger-no" />
          </Form.Item>
          <Form.Item name="comment" label={t('comment')}>
            <Input.TextArea maxLength={500} rows={2} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
