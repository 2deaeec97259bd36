import { useState } from 'react';
import { App, Button, Form, Input, Modal, Popconfirm, Space, Typography } from 'antd';
import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { DUTY_SWAP_STATUSES } from '@yuanan/contracts';
import { errorText } from '../../api/errors.ts';
import { useSwapAction, useSwaps, type DutySwap } from '../../api/duty-queries.ts';
import { ListPage, useListQuery, type FilterSpec, type ListColumn } from '../../components/list-page/index.ts';
import { fmtMinute } from '../../components/time.ts';
import { useMessages } from '../../i18n/feature.ts';
import { SwapStatusTag, useTeamOptions } from './bits.tsx';
import { dutyMessages, type DutyKey } from './messages.ts';

/** The tabs of the queue: what waits for a decision first, then the other states, then everything. */
const TABS = ['accepted', 'requested', 'approved', 'all'] as const;

/**
 * 换班审批: the zone's swap requests (a leader sees their teams'). A swap a colleague accepted waits for approval
 * (the default tab); approving it puts both members on each other's slots in the roster at once. What the signed-in
 * person may do to a row comes from the api (`actions`), so a leader never approves their own swap.
 */
export function SwapsPage() {
  const t = useMessages(dutyMessages);
  const { message } = App.useApp();
  const teams = useTeamOptions();
  const act = useSwapAction();
  const [rejecting, setRejecting] = useState<DutySwap | null>(null);
  const [form] = Form.useForm<{ note?: string }>();
  const spec: FilterSpec[] = [
    {
      key: 'status',
      kind: 'segmented',
      defaultValue: 'accepted',
      testId: 'duty-swap-tabs',
      options: TABS.map((s) => ({ value: s, label: s === 'all' ? t('all') : t(`swapStatus_${s}` as DutyKey) })),
    },
    { key: 'teamId', kind: 'select', label: t('team'), width: 240, options: teams.options },
    // Swaps I asked for or was asked (the workbench's 待我回应的换班 links with it).
    { key: 'mine', kind: 'check', label: t('mineOnly') },
  ];
  const lq = useListQuery({ filters: spec });
  const params = { ...lq.params };
  if (params.status === 'all' || !(DUTY_SWAP_STATUSES as readonly string[]).includes(String(params.status))) delete params.status;
  const list = useSwaps(params);

  const approve = async (s: DutySwap) => {
    try {
      await act.mutateAsync({ id: s.id, action: 'approve' });
      message.success(t('swapApproved'));
    } catch (e) {
      message.error(errorText(e));
    }
  };
  const reject = async (note?: string) => {
    if (!rejecting) return;
    try {
      await act.mutateAsync({ id: rejecting.id, action: 'reject', note: note?.trim() || undefined });
      message.success(t('swapRejected'));
      setRejecting(null);
      form.resetFields();
    } catch (e) {
      message.error(errorText(e));
    }
  };

  const columns: ListColumn<DutySwap>[] = [
    {
      key: 'team',
      title: t('team'),
      dataIndex: 'teamName',
      width: 150,
      ellipsis: true,
      priority: 2,
      render: (v: string) => <span data-user-text>{v}</span>,
    },
    {
      key: 'requester',
      title: t('requester'),
      dataIndex: 'requesterName',
      width: 90,
      render: (v: string) => <span data-user-text>{v}</span>,
    },
    {
      key: 'requesterSlot',
      title: t('requesterSlot'),
      width: 140,
      render: (_: unknown, r) => <span data-testid="duty-swap-slot">{fmtMinute(r.requesterSlotStart)}</span>,
    },
    {
      key: 'counterpart',
      title: t('counterpart'),
      dataIndex: 'counterpartName',
      width: 90,
      render: (v: string) => <span data-user-text>{v}</span>,
    },
    {
      key: 'counterpartSlot',
      title: t('counterpartSlot'),
      width: 140,
      render: (_: unknown, r) =>
        r.counterpartSlotStart ? (
          fmtMinute(r.counterpartSlotStart)
        ) : (
          <Typography.Text type="secondary">{t('coverOnly')}</Typography.Text>
        ),
    },
    {
      key: 'reason',
      title: t('reason'),
      dataIndex: 'reason',
      width: 140,
      grow: true,
      ellipsis: true,
      render: (v: string | null) => <span data-user-text>{v ?? '—'}</span>,
    },
    {
      key: 'status',
      title: t('status'),
      width: 100,
      render: (_: unknown, r) => <SwapStatusTag status={r.status} />,
    },
    {
      key: 'createdAt',
      title: t('createdAt'),
      dataIndex: 'createdAt',
      width: 140,
      priority: 3,
      render: (v: string) => fmtMinute(v),
    },
    {
      key: 'decidedAt',
      title: t('decidedAt'),
      dataIndex: 'decidedAt',
      width: 140,
      priority: 3,
      render: (v: string | null, r) => (v ? `${fmtMinute(v)}${r.decisionNote ? ` · ${r.decisionNote}` : ''}` : '—'),
    },
  ];

  return (
    <ListPage<DutySwap>
      title={t('swapsTitle')}
      description={t('swapsDesc')}
      lq={lq}
      list={list}
      testId="duty-swaps"
      emptyText={t('swapsEmpty')}
      table={{
        rowKey: 'id',
        columns,
        testId: 'duty-swap-table',
        actions: {
          width: 150,
          render: (r) => (
            <Space size={0}>
              {r.actions.includes('approve') && (
                <Popconfirm
                  title={t('swapApproveConfirm')}
                  onConfirm={() => approve(r)}
                  okButtonProps={{ 'data-testid': 'duty-swap-approve-ok' }}
                >
                  <Button size="small" type="link" icon={<CheckOutlined />} data-testid="duty-swap-approve">
                    {t('approve')}
                  </Button>
                </Popconfirm>
              )}
              {r.actions.includes('reject') && (
                <Button
                  size="small"
                  type="link"
                  danger
                  icon={<CloseOutlined />}
                  onClick={() => setRejecting(r)}
                  data-testid="duty-swap-reject"
                >
                  {t('reject')}
                </Button>
              )}
            </Space>
          ),
        },
      }}
    >
      <Modal
        open={!!rejecting}
        title={t('reject')}
        onCancel={() => setRejecting(null)}
        onOk={() => form.submit()}
        okButtonProps={{ danger: true, loading: act.isPending, 'data-testid': 'duty-swap-reject-ok' }}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(v) => reject(v.note)}>
          <Form.Item name="note" label={t('rejectReason')}>
            <Input.TextArea maxLength={200} rows={3} data-testid="duty-swap-reject-note" />
          </Form.Item>
        </Form>
      </Modal>
    </ListPage>
  );
}
