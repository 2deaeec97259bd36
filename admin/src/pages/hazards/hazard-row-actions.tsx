import { useState, type CSSProperties, type ReactNode } from 'react';
import { App, Button, DatePicker, Dropdown, Form, Input, Modal, Space, Tooltip, Typography } from 'antd';
import { MoreOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useNavigate } from 'react-router';
import { useDecideExtension, useRequestExtension } from '../../api/hazard-queries.ts';
import { errorText } from '../../api/errors.ts';
import type { Hazard, HazardDetail } from '../../api/types.ts';
import { hasPermission } from '../../auth/access.ts';
import { useApi, useSession } from '../../auth/session.tsx';
import type { RowActions } from '../../components/list-page/index.ts';
import { listMessages } from '../../components/list-page/messages.ts';
import { useI18n, useT } from '../../i18n/i18n.tsx';
import { useMessages } from '../../i18n/feature.ts';
import { usePunct } from '../../i18n/punct.ts';
import { ActionModal, type OfficeAction } from './action-modal.tsx';
import { actionVerb } from './labels.ts';
import { hzMessages } from './messages.ts';
import { validated } from '../../components/validated.ts';

/** The step a row offers first (grading, then review), the others in its menu, in the detail page's order. */
const MAIN: OfficeAction[] = ['confirm', 'approve'];
const OTHERS: OfficeAction[] = ['reject', 'start', 'dismiss', 'reopen'];
/** A deadline may be moved while the hazard is being put right (the api's rule for extension requests). */
const EXTENDABLE: Hazard['status'][] = ['confirmed', 'rectifying'];
/** The row's button never spills out of the fixed column (which would scroll the table sideways). */
const CLIP: CSSProperties = {
  display: 'inline-block',
  maxWidth: 72,
  overflow: 'hidden',
  textOverflow: 'ellipsis',
  whiteSpace: 'nowrap',
  verticalAlign: 'bottom',
};

/**
 * The ledger's action column: the steps the signed-in person may take on each row now (the api's
 * `availableActions` for them; a pending extension to decide, or a later deadline to ask for), through the detail
 * page's dialog, so a hazard need not be opened for each step; 查看 opens it. Every row has at least 查看, for
 * every viewer. Returns the column and the dialogs to render once.
 */
export function useHazardRowActions(): { actions: RowActions<Hazard>; dialog: ReactNode } {
  const t = useMessages(hzMessages);
  const tl = useMessages(listMessages);
  const { lang } = useI18n();
  const pn = usePunct();
  const { message } = App.useApp();
  const api = useApi();
  const navigate = useNavigate();
  const { effective } = useSession();
  const decide = useDecideExtension();
  const [acting, setActing] = useState<{ hazard: HazardDetail; action: OfficeAction } | null>(null);
  const [extending, setExtending] = useState<Hazard | null>(null);
  const canManage = hasPermission(effective, 'hazards.manage');

  const open = (h: Hazard, action: OfficeAction) => setActing({ hazard: { ...h, events: [], citations: [] }, action });
  const view = (h: Hazard) => navigate(`/hazards/${h.id}`);
  const decideExt = async (h: Hazard, approve: boolean) => {
    if (!h.pendingExtension) return;
    try {
      await decide.mutateAsync({ id: h.id, extId: h.pendingExtension.id, approve });
      message.success(approve ? t('extensionApproved') : t('extensionRejected'));
    } catch (e) {
      message.error(errorText(e));
    }
  };
  const rowLabel = (a: OfficeAction) =>
    a === 'confirm' ? t('rowConfirm') : a === 'approve' ? t('rowApprove') : actionVerb(a, lang);

  const actions: RowActions<Hazard> = {
    width: 130,
    render: (h) => {
      const main = canManage ? MAIN.find((a) => h.availableActions.includes(a)) : undefined;
      const others = canManage ? OTHERS.filter((a) => h.availableActions.includes(a)) : [];
      // 四眼原则: one's own extension request is decided by another officer (not offered here).
      const ext = canManage && !h.pendingExtension?.requestedByMe ? h.pendingExtension : null;
      const canRequest = canManage && !h.pendingExtension && EXTENDABLE.includes(h.status);
      const items = [
        ...(ext
          ? [
              { key: 'ext-approve', label: `${t('extensionApprove')}${pn.paren(ext.requestedDeadline)}` },
              { key: 'ext-reject', label: t('extensionReject'), danger: true },
            ]
          : []),
        ...(canRequest ? [{ key: 'ext-request', label: t('requestExtension') }] : []),
        ...others.map((a) => ({ key: a, label: actionVerb(a, lang), danger: a === 'dismiss' || a === 'reject' })),
        // 查看 is the row's button when there is no step to take first, else the menu's last entry.
        ...(main || ext ? [{ key: 'view', label: t('rowView') }] : []),
      ];
      const first = main ? (
        <Button type="link" size="small" onClick={() => open(h, main)} data-testid={`hz-row-${main}`}>
          <span style={CLIP}>{rowLabel(main)}</span>
        </Button>
      ) : ext ? (
        <Tooltip title={t('rowExtApproveTip', { date: ext.requestedDeadline })}>
          <Button type="link" size="small" onClick={() => void decideExt(h, true)} data-testid="hz-row-ext-approve">
            <span style={CLIP}>{t('rowExtApprove')}</span>
          </Button>
        </Tooltip>
      ) : (
        <Button type="link" size="small" onClick={() => view(h)} data-testid="hz-row-view">
          <span style={CLIP}>{t('rowView')}</span>
        </Button>
      );
      return (
        <Space size={0} className="row-actions">
          {first}
          {items.length > 0 && (
            <Dropdown
              trigger={['click']}
              menu={{
                items,
                onClick: ({ key }) => {
                  if (key === 'ext-approve' || key === 'ext-reject') void decideExt(h, key === 'ext-approve');
                  else if (key === 'ext-request') setExtending(h);
                  else if (key === 'view') view(h);
                  else open(h, key as OfficeAction);
                },
              }}
            >
              <Button type="text" size="small" icon={<MoreOutlined />} aria-label={tl('more')} data-testid="hz-row-more" />
            </Dropdown>
          )}
        </Space>
      );
    },
  };

  const dialog = (
    <>
      {acting && (
        <ActionModal
          hazard={acting.hazard}
          action={acting.action}
          onClose={() => setActing(null)}
          onReload={async () => {
            try {
              const fresh = await api.hazards.get(acting.hazard.id);
              setActing((a) => (a ? { ...a, hazard: fresh } : a));
              return fresh;
            } catch {
              return undefined;
            }
          }}
        />
      )}
      {extending && <ExtensionRequestModal hazard={extending} onClose={() => setExtending(null)} />}
    </>
  );
  return { actions, dialog };
}

/** 申请延期 from the ledger: the new deadline (after the current one) and the reason; the api decides the rest. */
function ExtensionRequestModal({ hazard, onClose }: { hazard: Hazard; onClose: () => void }) {
  const t = useMessages(hzMessages);
  const tc = useT();
  const { message } = App.useApp();
  const request = useRequestExtension();
  const [form] = Form.useForm<{ deadline: Dayjs; reason: string }>();
  const current = hazard.deadlineDate ? dayjs(hazard.deadlineDate) : null;
  const submit = async () => {
    const v = await validated(form);
    if (!v) return;
    try {
      await request.mutateAsync({ id: hazard.id, requestedDeadline: v.deadline.format('YYYY-MM-DD'), reason: v.reason.trim() });
      message.success(t('extRequested'));
      onClose();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <Modal
      open
      title={t('extRequestTitle', { code: hazard.code })}
      okText={tc('common.ok')}
      cancelText={tc('common.cancel')}
      okButtonProps={{ 'data-testid': 'hz-ext-request-ok' }}
      confirmLoading={request.isPending}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
    >
      {current && <Typography.Paragraph type="secondary">{t('extCurrent', { date: hazard.deadlineDate! })}</Typography.Paragraph>}
      <Form form={form} layout="vertical">
        <Form.Item name="deadline" label={t('extNewDeadline')} rules={[{ required: true }]}>
          <DatePicker
            style={{ width: 200 }}
            disabledDate={(d) => d.isBefore(dayjs(), 'day') || (!!current && !d.isAfter(current, 'day'))}
            data-testid="hz-ext-deadline"
          />
        </Form.Item>
        <Form.Item name="reason" label={t('extReason')} rules={[{ required: true, whitespace: true, min: 4, max: 500 }]}>
          <Input.TextArea rows={3} maxLength={500} placeholder={t('extReasonPh')} data-testid="hz-ext-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
