import { useMemo, useState } from 'react';
import { App, Button, DatePicker, Form, Input, Modal, Popconfirm, Select, Space } from 'antd';
import { CheckOutlined, CloseOutlined, PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { DUTY_LEAVE_STATUSES } from '@yuanan/contracts';
import { applyFormErrors, errorText } from '../../api/errors.ts';
import { useCanManageDuty, useLeaveMutations, useLeaves, type DutyLeave } from '../../api/duty-queries.ts';
import { ListPage, useListQuery, type FilterSpec, type ListColumn } from '../../components/list-page/index.ts';
import { fmtMinute } from '../../components/time.ts';
import { useMessages } from '../../i18n/feature.ts';
import { LeaveStatusTag, useTeamOptions } from './bits.tsx';
import { dutyMessages, type DutyKey } from './messages.ts';

interface Values {
  teamId?: string | null;
  userId?: string;
  range?: [Dayjs, Dayjs];
  reason?: string;
}

/**
 * 请假: leave of the teams' members. A member's own request waits for approval (approve / reject here); leave a
 * leader or the office enters for someone is approved at once. Approved leave takes the person off the slots it
 * overlaps (the roster shows the gap) and blocks covers and swaps into it.
 */
export function LeavesPage() {
  const t = useMessages(dutyMessages);
  const { message } = App.useApp();
  const canManage = useCanManageDuty();
  const teams = useTeamOptions();
  const ops = useLeaveMutations();
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm<Values>();
  const pickedTeam = Form.useWatch('teamId', form);
  const spec: FilterSpec[] = [
    {
      key: 'status',
      kind: 'segmented',
      defaultValue: '',
      testId: 'duty-leave-tabs',
      options: [
        { value: '', label: t('all') },
        ...DUTY_LEAVE_STATUSES.map((s) => ({ value: s, label: t(`leaveStatus_${s}` as DutyKey) })),
      ],
    },
    { key: 'teamId', kind: 'select', label: t('team'), width: 240, options: teams.options },
  ];
  const lq = useListQuery({ filters: spec });
  const list = useLeaves(lq.params);

  /** Members of the chosen team, else of every team (once each). */
  const people = useMemo(() => {
    const seen = new Map<string, string>();
    for (const team of teams.teams)
      if (!pickedTeam || team.id === pickedTeam) for (const m of team.members) if (m.active) seen.set(m.userId, m.name);
    return [...seen].map(([value, label]) => ({ value, label }));
  }, [teams.teams, pickedTeam]);

  const decide = async (l: DutyLeave, approve: boolean) => {
    try {
      await ops.decide.mutateAsync({ id: l.id, approve });
      message.success(approve ? t('leaveApproved') : t('leaveRejected'));
    } catch (e) {
      message.error(errorText(e));
    }
  };

  const submit = async (v: Values) => {
    try {
      await ops.create.mutateAsync({
        userId: v.userId!,
        teamId: v.teamId ?? null,
        startsAt: v.range![0].toISOString(),
        endsAt: v.range![1].toISOString(),
        ...(v.reason?.trim() ? { reason: v.reason.trim() } : {}),
      });
      message.success(t('leaveCreated'));
      setAdding(false);
      form.resetFields();
    } catch (e) {
      applyFormErrors(form, e, { startsAt: 'range', endsAt: 'range' });
      message.error(errorText(e));
    }
  };

  const teamName = (id: string | null) => (id ? (teams.byId.get(id)?.name ?? '—') : t('allTeams'));
  const columns: ListColumn<DutyLeave>[] = [
    {
      key: 'user',
      title: t('member'),
      dataIndex: 'userName',
      width: 110,
      render: (v: string) => <span data-user-text>{v}</span>,
    },
    {
      key: 'team',
      title: t('team'),
      dataIndex: 'teamId',
      width: 180,
      ellipsis: true,
      priority: 2,
      render: (v: string | null) => <span data-user-text>{teamName(v)}</span>,
    },
    {
      key: 'period',
      title: t('leaveRange'),
      width: 290,
      render: (_: unknown, r) => `${fmtMinute(r.startsAt)} — ${fmtMinute(r.endsAt)}`,
    },
    {
      key: 'reason',
      title: t('reason'),
      dataIndex: 'reason',
      width: 160,
      grow: true,
      ellipsis: true,
      render: (v: string | null) => <span data-user-text>{v ?? '—'}</span>,
    },
    { key: 'status', title: t('status'), width: 100, render: (_: unknown, r) => <LeaveStatusTag status={r.status} /> },
    {
      key: 'createdAt',
      title: t('createdAt'),
      dataIndex: 'createdAt',
      width: 140,
      priority: 3,
      render: (v: string) => fmtMinute(v),
    },
  ];

  return (
    <ListPage<DutyLeave>
      title={t('leavesTitle')}
      description={t('leavesDesc')}
      extra={
        canManage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="duty-leave-create">
            {t('leaveCreate')}
          </Button>
        )
      }
      lq={lq}
      list={list}
      testId="duty-leaves"
      emptyText={t('leavesEmpty')}
      table={{
        rowKey: 'id',
        columns,
        testId: 'duty-leave-table',
        actions: canManage
          ? {
              width: 150,
              render: (r) =>
                r.status === 'requested' ? (
                  <Space size={0}>
                    <Popconfirm
                      title={t('leaveApproveConfirm')}
                      onConfirm={() => decide(r, true)}
                      okButtonProps={{ 'data-testid': 'duty-leave-approve-ok' }}
                    >
                      <Button size="small" type="link" icon={<CheckOutlined />} data-testid="duty-leave-approve">
                        {t('approve')}
                      </Button>
                    </Popconfirm>
                    <Popconfirm
                      title={t('leaveRejectConfirm')}
                      onConfirm={() => decide(r, false)}
                      okButtonProps={{ 'data-testid': 'duty-leave-reject-ok' }}
                    >
                      <Button size="small" type="link" danger icon={<CloseOutlined />} data-testid="duty-leave-reject">
                        {t('reject')}
                      </Button>
                    </Popconfirm>
                  </Space>
                ) : null,
            }
          : null,
      }}
    >
      <Modal
        open={adding}
        title={t('leaveCreate')}
        onCancel={() => setAdding(false)}
        onOk={() => form.submit()}
        okButtonProps={{ loading: ops.create.isPending, 'data-testid': 'duty-leave-save' }}
        okText={t('save')}
        destroyOnHidden
        width={560}
      >
        <Form<Values> form={form} layout="vertical" onFinish={submit} preserve={false}>
          <Form.Item name="teamId" label={t('team')} extra={t('teamOptional')}>
            <Select allowClear options={teams.options} placeholder={t('allTeams')} data-testid="duty-leave-team" />
          </Form.Item>
          <Form.Item name="userId" label={t('member')} rules={[{ required: true, message: t('memberRequired') }]}>
            <Select
              options={people}
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('selectPh')}
              data-testid="duty-leave-user"
            />
          </Form.Item>
          <Form.Item name="range" label={t('leaveRange')} rules={[{ required: true, message: t('leaveRangeRequired') }]}>
            <DatePicker.RangePicker
              showTime={{ format: 'HH:mm' }}
              format="YYYY-MM-DD HH:mm"
              style={{ width: '100%' }}
              data-testid="duty-leave-range"
            />
          </Form.Item>
          <Form.Item name="reason" label={t('reason')}>
            <Input maxLength={200} placeholder={t('reasonPh')} data-testid="duty-leave-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </ListPage>
  );
}
