import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Dropdown, Empty, Flex, Form, Input, Modal, Select, Space, Spin, Tag, Typography } from 'antd';
import { MoreOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { EQUIPMENT_REQUEST_STATUSES } from '@yuanan/contracts';
import {
  useAvailability,
  useRequestMutations,
  useRequests,
  type EquipmentRequest,
  type EquipmentReservation,
} from '../../api/equipment-queries.ts';
import { errorText } from '../../api/errors.ts';
import { hasPermission } from '../../auth/access.ts';
import { useApi, useSession } from '../../auth/session.tsx';
import { useSearchParams } from 'react-router';
import { ListPage, useListQuery, type FilterSpec, type ListColumn } from '../../components/list-page/index.ts';
import { fmtMinute } from '../../components/time.ts';
import { validated } from '../../components/validated.ts';
import { useMessages } from '../../i18n/feature.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { usePunct } from '../../i18n/punct.ts';
import { RequestStatusTag, requestStatusLabel } from './labels.tsx';
import { CheckOutDialog } from './loan-dialogs.tsx';
import './equipment.css';
import { eqMessages } from './messages.ts';

/**
 * 借用申请: the requests queue (待审批 first). 批准 opens the unit picking (free units of each model over the
 * request's dates, up to the quantity asked: fewer approves it in part); 驳回 asks for the reason. An approved request's reserved units are
 * checked out from here too (出借 per unit).
 */
export function RequestsPage() {
  const t = useMessages(eqMessages);
  const { lang } = useI18n();
  const { effective } = useSession();
  const canLend = hasPermission(effective, 'equipment.lend');
  const spec: FilterSpec[] = [
    {
      key: 'status',
      kind: 'segmented',
      defaultValue: 'submitted',
      options: [
        ...EQUIPMENT_REQUEST_STATUSES.map((s) => ({ value: s, label: requestStatusLabel(s, lang) })),
        { value: '', label: t('all') },
      ],
      testId: 'eq-req-tabs',
    },
  ];
  const lq = useListQuery({ filters: spec });
  const list = useRequests(lq.params);
  // A workbench item links with the request's id: its row is marked.
  const [sp] = useSearchParams();
  const focus = sp.get('id');
  const [approving, setApproving] = useState<EquipmentRequest | null>(null);
  const [rejecting, setRejecting] = useState<EquipmentRequest | null>(null);
  const [checkingOut, setCheckingOut] = useState<{ request: EquipmentRequest; unitId: string } | null>(null);
  const pn = usePunct();

  const columns: ListColumn<EquipmentRequest>[] = [
    {
      key: 'who',
      title: t('borrower'),
      width: 200,
      fixed: 'left',
      render: (_: unknown, r) => (
        <Flex vertical gap={0}>
          <span data-user-text>{r.enterpriseName ?? r.requestedByName}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} data-user-text>
            {r.contactName}
            {r.contactPhone ? ` · ${r.contactPhone}` : ''}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      key: 'items',
      title: t('items'),
      width: 200,
      render: (_: unknown, r) => (
        <Flex vertical gap={2}>
          {r.items.map((i) => (
            <span key={i.modelId} data-user-text>
              {t('itemN', { name: i.modelName, n: i.quantity })}
            </span>
          ))}
          {r.reservations.length > 0 && (
            <Space size={4} wrap>
              {r.reservations.map((x) => (
                <Tag key={x.id} className="mono" style={{ marginInlineEnd: 0 }} data-testid="eq-req-unit">
                  {x.assetTag}
                </Tag>
              ))}
            </Space>
          )}
        </Flex>
      ),
    },
    {
      key: 'dates',
      title: t('dates'),
      width: 220,
      render: (_: unknown, r) => `${fmtMinute(r.startsAt)} – ${fmtMinute(r.endsAt)}`,
    },
    {
      key: 'purpose',
      title: t('purpose'),
      dataIndex: 'purpose',
      width: 180,
      grow: true,
      priority: 2,
      ellipsis: { rows: 2 },
      render: (v: string) => <span data-user-text>{v}</span>,
    },
    {
      key: 'status',
      title: t('status'),
      width: 160,
      render: (_: unknown, r) => (
        <Flex vertical gap={2}>
          <RequestStatusTag status={r.status} />
          {r.rejectReason && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-user-text>
              {r.rejectReason}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    {
      key: 'createdAt',
      title: t('submittedAt'),
      dataIndex: 'createdAt',
      width: 140,
      priority: 3,
      render: (v: string) => fmtMinute(v),
    },
  ];

  return (
    <ListPage<EquipmentRequest>
      title={t('requestsTitle')}
      description={t('requestsDesc')}
      lq={lq}
      list={list}
      testId="eq-requests"
      tableTitle={t('requestsList')}
      emptyText={t('requestsEmpty')}
      table={{
        rowKey: 'id',
        columns,
        testId: 'eq-req-table',
        rowClassName: (r) => (r.id === focus ? 'eq-row-focus' : ''),
        actions: canLend
          ? {
              width: 130,
              render: (r) => {
                if (r.status === 'submitted')
                  return (
                    <Space size={0} className="row-actions">
                      <Button type="link" size="small" onClick={() => setApproving(r)} data-testid="eq-row-approve">
                        {t('approve')}
                      </Button>
                      <Dropdown
                        trigger={['click']}
                        menu={{ items: [{ key: 'reject', label: t('reject'), danger: true }], onClick: () => setRejecting(r) }}
                      >
                        <Button
                          type="text"
                          size="small"
                          icon={<MoreOutlined />}
                          aria-label={t('more')}
                          data-testid="eq-row-more"
                        />
                      </Dropdown>
                    </Space>
                  );
                const waiting = r.status === 'approved' ? r.reservations.filter((x) => x.status === 'active') : [];
                if (!waiting.length) return null;
                return (
                  <Dropdown
                    trigger={['click']}
                    menu={{
                      items: waiting.map((x) => ({ key: x.unitId, label: `${t('checkOut')}${pn.paren(x.assetTag)}` })),
                      onClick: ({ key }) => setCheckingOut({ request: r, unitId: key }),
                    }}
                  >
                    <Button type="link" size="small" data-testid="eq-row-checkout">
                      {t('checkOut')}
                    </Button>
                  </Dropdown>
                );
              },
            }
          : null,
      }}
    >
      {approving && <ApproveModal request={approving} onClose={() => setApproving(null)} />}
      {rejecting && <RejectModal request={rejecting} onClose={() => setRejecting(null)} />}
      {checkingOut && <RequestCheckOut {...checkingOut} onClose={() => setCheckingOut(null)} />}
    </ListPage>
  );
}

/** The check-out of one reserved unit of an approved request: its reservation read, then the dialog. */
function RequestCheckOut({ request, unitId, onClose }: { request: EquipmentRequest; unitId: string; onClose: () => void }) {
  const api = useApi();
  const [reservation, setReservation] = useState<EquipmentReservation | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const { message } = App.useApp();
  useEffect(() => {
    const id = request.reservations.find((x) => x.unitId === unitId)?.id;
    void api.equipment.reservations
      .list({ unitId, status: 'active', pageSize: 50 })
      .then((r) => setReservation(r.items.find((x) => x.id === id) ?? null))
      .catch((e: unknown) => {
        setFailed(errorText(e));
        message.error(errorText(e));
      });
  }, [api, request, unitId, message]);
  if (failed) return null;
  if (!reservation) return <Spin fullscreen />;
  return <CheckOutDialog reservation={reservation} onClose={onClose} />;
}

/** A request's dates as the zone's local days (the availability query's inclusive range). */
function localDays(r: EquipmentRequest): { from: string; to: string } {
  return {
    from: dayjs(r.startsAt).format('YYYY-MM-DD'),
    to: dayjs(r.endsAt).subtract(1, 'millisecond').format('YYYY-MM-DD'),
  };
}

/**
 * 批准: for each item of the request, up to `quantity` units of that model (fewer: approved in part) free over the whole request (a free
 * range of the unit covers [startsAt, endsAt)); the api checks again and reserves them in one transaction.
 */
function ApproveModal({ request, onClose }: { request: EquipmentRequest; onClose: () => void }) {
  const t = useMessages(eqMessages);
  const { message } = App.useApp();
  const { approve } = useRequestMutations();
  const avail = useAvailability(localDays(request));
  const [picked, setPicked] = useState<Record<string, string[]>>({});
  const start = Date.parse(request.startsAt);
  const end = Date.parse(request.endsAt);
  const freeByModel = useMemo(() => {
    const out = new Map<string, { value: string; label: string }[]>();
    for (const u of avail.data?.units ?? []) {
      if (!u.free.some((f) => Date.parse(f.start) <= start && Date.parse(f.end) >= end)) continue;
      const list = out.get(u.modelId) ?? [];
      list.push({ value: u.unitId, label: u.assetTag });
      out.set(u.modelId, list);
    }
    return out;
  }, [avail.data, start, end]);
  // At least one unit; fewer than asked approves the request in part (the requester is told which part).
  const count = (modelId: string) => picked[modelId]?.length ?? 0;
  const complete = request.items.some((i) => count(i.modelId) > 0);
  const partial = complete && request.items.some((i) => count(i.modelId) < i.quantity);

  const submit = async () => {
    try {
      await approve.mutateAsync({
        id: request.id,
        items: request.items.map((i) => ({ modelId: i.modelId, unitIds: picked[i.modelId] ?? [] })),
      });
      message.success(t('approved'));
      onClose();
    } catch (e) {
      message.error(errorText(e));
      void avail.refetch();
    }
  };

  return (
    <Modal
      open
      title={t('approveTitle')}
      width={620}
      okText={t('approve')}
      cancelText={t('cancel')}
      okButtonProps={{ disabled: !complete, 'data-testid': 'eq-approve-ok' }}
      confirmLoading={approve.isPending}
      onOk={() => void submit()}
      onCancel={onClose}
      data-testid="eq-approve"
    >
      <Typography.Paragraph type="secondary">
        <span data-user-text>{request.enterpriseName ?? request.requestedByName}</span>
        {' · '}
        {fmtMinute(request.startsAt)} – {fmtMinute(request.endsAt)}
        <br />
        <span data-user-text>{request.purpose}</span>
      </Typography.Paragraph>
      <Alert type="info" showIcon title={t('pickUnits')} style={{ marginBottom: 12 }} />
      {partial ? (
        <Alert
          type="warning"
          showIcon
          title={t('approvePartial')}
          style={{ marginBottom: 12 }}
          data-testid="eq-approve-partial"
        />
      ) : null}
      {avail.isLoading ? (
        <Spin />
      ) : (
        <Flex vertical gap={12}>
          {request.items.map((i) => {
            const options = freeByModel.get(i.modelId) ?? [];
            return (
              <div key={i.modelId} data-testid="eq-approve-item" data-model={i.modelId}>
                <Typography.Text strong data-user-text>
                  {t('itemN', { name: i.modelName, n: i.quantity })}
                </Typography.Text>
                {options.length ? (
                  i.quantity > 1 ? (
                    <Select
                      mode="multiple"
                      style={{ width: '100%', marginTop: 4 }}
                      value={picked[i.modelId] ?? []}
                      onChange={(ids: string[]) => setPicked((p) => ({ ...p, [i.modelId]: ids.slice(0, i.quantity) }))}
                      placeholder={t('pickUnitsExact', { n: i.quantity })}
                      options={options}
                      data-testid="eq-approve-units"
                    />
                  ) : (
                    // One unit: a plain choice, closed once picked.
                    <Select
                      style={{ width: '100%', marginTop: 4 }}
                      value={picked[i.modelId]?.[0]}
                      onChange={(id: string) => setPicked((p) => ({ ...p, [i.modelId]: [id] }))}
                      placeholder={t('pickUnitsExact', { n: 1 })}
                      options={options}
                      data-testid="eq-approve-units"
                    />
                  )
                ) : (
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noFreeUnits')} />
                )}
              </div>
            );
          })}
        </Flex>
      )}
    </Modal>
  );
}

/** 驳回 with the reason the requester reads. */
function RejectModal({ request, onClose }: { request: EquipmentRequest; onClose: () => void }) {
  const t = useMessages(eqMessages);
  const { message } = App.useApp();
  const { reject } = useRequestMutations();
  const [form] = Form.useForm<{ reason: string }>();
  const submit = async () => {
    const v = await validated(form);
    if (!v) return;
    try {
      await reject.mutateAsync({ id: request.id, reason: v.reason.trim() });
      message.success(t('rejected'));
      onClose();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <Modal
      open
      title={t('rejectTitle')}
      okText={t('reject')}
      cancelText={t('cancel')}
      okButtonProps={{ danger: true, 'data-testid': 'eq-reject-ok' }}
      confirmLoading={reject.isPending}
      onOk={() => void submit()}
      onCancel={onClose}
    >
      <Form form={form} layout="vertical">
        <Form.Item name="reason" label={t('reason')} rules={[{ required: true, whitespace: true, min: 2, max: 500 }]}>
          <Input.TextArea rows={3} placeholder={t('reasonPh')} data-testid="eq-reject-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
