import {
  App,
  Alert,
  Button,
  DatePicker,
  Descriptions,
  Divider,
  Flex,
  Form,
  Input,
  List,
  Modal,
  Popconfirm,
  Select,
  Tag,
  Typography,
} from 'antd';
import { CheckOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { applyFormErrors, errorText } from '../../api/errors.ts';
import { useOverrideMutations, type DutyRoster, type DutySlot, type DutyTeam } from '../../api/duty-queries.ts';
import { useMessages } from '../../i18n/feature.ts';
import { usePunct } from '../../i18n/punct.ts';
import { memberOptions } from './bits.tsx';
import { dutyMessages, type DutyKey } from './messages.ts';
import { zoneMinute } from './zone-time.ts';

interface Values {
  userId?: string;
  replacesUserId?: string | null;
  range: [Dayjs, Dayjs];
  reason?: string;
}

const overlaps = (aStart: string, aEnd: string, bStart: string, bEnd: string) =>
  Date.parse(aStart) < Date.parse(bEnd) && Date.parse(bStart) < Date.parse(aEnd);

/**
 * 安排顶班: a slot's detail (who is on, who leave took off, check-ins) with the covers and swaps touching it (undo
 * one), and — for a manager — the form posting a cover: who covers (pre-filled when a name was dropped on the
 * slot), whom they replace (none = one more person), the period (the whole slot by default) and why.
 */
export function OverrideDialog({
  slot,
  team,
  teamName,
  initialUserId,
  roster,
  tz,
  canManage,
  onClose,
}: {
  slot: DutySlot;
  team: DutyTeam | undefined;
  teamName: string;
  initialUserId?: string;
  roster: DutyRoster | undefined;
  tz: string;
  canManage: boolean;
  onClose: () => void;
}) {
  const t = useMessages(dutyMessages);
  const pn = usePunct();
  const { message } = App.useApp();
  const ops = useOverrideMutations();
  const [form] = Form.useForm<Values>();
  const overrides = (roster?.overrides ?? []).filter(
    (o) => o.teamId === slot.teamId && overlaps(o.startsAt, o.endsAt, slot.start, slot.end),
  );
  const checkIns = (roster?.checkIns ?? []).filter(
    (c) => c.teamId === slot.teamId && overlaps(c.checkedInAt, c.checkedOutAt ?? new Date().toISOString(), slot.start, slot.end),
  );
  const members = memberOptions(team);
  const kind = t(`kind_${slot.kind}` as DutyKey);

  const submit = async (v: Values) => {
    try {
      await ops.create.mutateAsync({
        teamId: slot.teamId,
        userId: v.userId!,
        replacesUserId: v.replacesUserId ?? null,
        startsAt: v.range[0].toISOString(),
        endsAt: v.range[1].toISOString(),
        ...(v.reason?.trim() ? { reason: v.reason.trim() } : {}),
      });
      message.success(t('overrideCreated'));
      onClose();
    } catch (e) {
      applyFormErrors(form, e, { startsAt: 'range', endsAt: 'range', userId: 'userId', replacesUserId: 'replacesUserId' });
      message.error(errorText(e));
    }
  };

  const remove = async (id: string) => {
    try {
      await ops.remove.mutateAsync(id);
      message.success(t('overrideDeleted'));
    } catch (e) {
      message.error(errorText(e));
    }
  };

  return (
    <Modal
      open
      title={t('overrideTitle')}
      onCancel={onClose}
      width={620}
      destroyOnHidden
      footer={
        canManage ? (
          <Flex justify="flex-end" gap={8}>
            <Button onClick={onClose}>{t('cancel')}</Button>
            <Button type="primary" loading={ops.create.isPending} onClick={() => form.submit()} data-testid="duty-override-save">
              {t('save')}
            </Button>
          </Flex>
        ) : (
          <Button onClick={onClose}>{t('cancel')}</Button>
        )
      }
      data-testid="duty-override-dialog"
    >
      <Descriptions
        size="small"
        column={1}
        bordered
        items={[
          { key: 'team', label: t('team'), children: <span data-user-text>{teamName}</span> },
          {
            key: 'slot',
            label: t('slotInfo'),
            children: (
              <span data-testid="duty-dialog-slot">
                {zoneMinute(slot.start, tz)} — {zoneMinute(slot.end, tz)}
                {pn.paren(kind)}
              </span>
            ),
          },
          {
            key: 'on',
            label: t('onDutyNow'),
            children: (
              <Flex wrap gap={4} data-testid="duty-dialog-on">
                {slot.assignees.length ? (
                  slot.assignees.map((a) => (
                    <Tag key={a.userId} color={a.source === 'rotation' ? 'default' : 'blue'} data-user-text>
                      {a.name}
                      {a.source !== 'rotation' && pn.paren(t(a.source === 'swap' ? 'swapMark' : 'overrideMark'))}
                      {a.checkedIn && <CheckOutlined style={{ color: '#52c41a', marginLeft: 4 }} />}
                    </Tag>
                  ))
                ) : (
                  <Typography.Text type="danger">{t('nobody')}</Typography.Text>
                )}
                {slot.removed.map((r) => (
                  <Tag key={`off-${r.userId}`} style={{ textDecoration: 'line-through' }} data-user-text>
                    {r.name}
                    {pn.paren(t(r.reason === 'leave' ? 'onLeave' : r.reason === 'swap' ? 'swapMark' : 'overrideMark'))}
                  </Tag>
                ))}
                {slot.gap && (
                  <Tag color="red" style={{ marginInlineEnd: 0 }}>
                    {t('gapN', { n: Math.max(0, slot.minOnDuty - slot.userIds.length) })}
                  </Tag>
                )}
              </Flex>
            ),
          },
          ...(checkIns.length
            ? [
                {
                  key: 'ci',
                  label: t('checkInsOfSlot'),
                  children: (
                    <Flex vertical>
                      {checkIns.map((c) => (
                        <span key={c.id} data-user-text>
                          {c.userName} {zoneMinute(c.checkedInAt, tz)} — {c.checkedOutAt ? zoneMinute(c.checkedOutAt, tz) : ''}
                        </span>
                      ))}
                    </Flex>
                  ),
                },
              ]
            : []),
        ]}
      />
      {overrides.length > 0 && (
        <>
          <Divider titlePlacement="start" style={{ margin: '14px 0 6px' }}>
            {t('overridesOfSlot')}
          </Divider>
          <List
            size="small"
            dataSource={overrides}
            data-testid="duty-dialog-overrides"
            renderItem={(o) => (
              <List.Item
                data-testid="duty-override"
                data-id={o.id}
                actions={
                  // A swap's covers go with the swap (the api refuses to delete one on its own).
                  canManage && o.source === 'manual'
                    ? [
                        <Popconfirm
                          key="del"
                          title={t('overrideDeleteConfirm')}
                          onConfirm={() => remove(o.id)}
                          okButtonProps={{ 'data-testid': 'duty-override-delete-ok' }}
                        >
                          <Button size="small" danger type="link" data-testid="duty-override-delete">
                            {t('overrideDelete')}
                          </Button>
                        </Popconfirm>,
                      ]
                    : []
                }
              >
                <Flex vertical gap={0}>
                  <span>
                    <Tag color={o.source === 'swap' ? 'purple' : 'blue'}>{t(`source_${o.source}` as DutyKey)}</Tag>
                    <span data-user-text>{o.userName}</span>{' '}
                    {o.replacesUserName ? (
                      <span data-user-text>{t('replacing', { name: o.replacesUserName })}</span>
                    ) : (
                      pn.paren(t('extraPerson'))
                    )}
                  </span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {zoneMinute(o.startsAt, tz)} — {zoneMinute(o.endsAt, tz)}
                    {o.reason ? ` · ${o.reason}` : ''}
                  </Typography.Text>
                </Flex>
              </List.Item>
            )}
          />
        </>
      )}
      {canManage ? (
        <>
          <Divider titlePlacement="start" style={{ margin: '14px 0 10px' }}>
            {t('overrideTitle')}
          </Divider>
          <Form<Values>
            form={form}
            layout="vertical"
            onFinish={submit}
            initialValues={{
              userId: initialUserId,
              replacesUserId: undefined,
              range: [dayjs(slot.start), dayjs(slot.end)],
            }}
          >
            <Flex gap={12}>
              <Form.Item
                name="userId"
                label={t('coverBy')}
                rules={[{ required: true, message: t('coverByRequired') }]}
                style={{ flex: 1 }}
              >
                <Select
                  options={members}
                  placeholder={t('coverByPh')}
                  showSearch={{ optionFilterProp: 'label' }}
                  data-testid="duty-override-user"
                />
              </Form.Item>
              <Form.Item name="replacesUserId" label={t('replaces')} extra={t('replacesHint')} style={{ flex: 1 }}>
                <Select
                  allowClear
                  placeholder={t('replacesExtra')}
                  options={slot.assignees.map((a) => ({ value: a.userId, label: a.name }))}
                  data-testid="duty-override-replaces"
                />
              </Form.Item>
            </Flex>
            <Form.Item name="range" label={t('overrideRange')} extra={t('overrideRangeHint')} rules={[{ required: true }]}>
              <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="reason" label={t('reason')}>
              <Input maxLength={200} placeholder={t('reasonPh')} data-testid="duty-override-reason" />
            </Form.Item>
          </Form>
        </>
      ) : (
        <Alert type="info" showIcon style={{ marginTop: 12 }} title={t('noManage')} />
      )}
    </Modal>
  );
}
