import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import {
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Drawer,
  Dropdown,
  Flex,
  Form,
  Input,
  Segmented,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import {
  EditOutlined,
  EyeOutlined,
  MoreOutlined,
  PlusOutlined,
  QuestionCircleOutlined,
  RedoOutlined,
  SendOutlined,
} from '@ant-design/icons';
import { errorText } from '../../api/errors.ts';
import { hasPermission } from '../../auth/access.ts';
import { useSession } from '../../auth/session.tsx';
import { FormDialog } from '../../components/form-dialog.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { fmtMinute, fmtTime } from '../../components/time.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { useMessages } from '../../i18n/feature.ts';
import { deliveryErrorText } from './delivery-error.ts';
import { disabledReasonLabel, EVENTS, eventLabel } from './labels.ts';
import { integrationMessages } from './messages.ts';
import {
  inner,
  onceSecret,
  useCreateWebhook,
  useDeleteWebhook,
  useDeliveries,
  useDelivery,
  useDisableWebhook,
  useEnableWebhook,
  usePingWebhook,
  useReplayDelivery,
  useRotateWebhookSecret,
  useUpdateWebhook,
  useWebhooks,
  type DeliveryRow,
  type WebhookInput,
  type WebhookRow,
} from './queries.ts';
import { SecretOnceModal, type OnceSecret } from './secret-once-modal.tsx';

const D_COLOR: Record<DeliveryRow['status'], string> = {
  pending: 'default',
  sending: 'processing',
  succeeded: 'success',
  failed: 'error',
};

/** 新建 / 编辑 a subscription: name, receiver URL, events. */
function HookDialog({
  editing,
  onClose,
  onCreated,
}: {
  editing: WebhookRow | null;
  onClose: () => void;
  onCreated: (s: OnceSecret) => void;
}) {
  const t = useMessages(integrationMessages);
  const { lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<WebhookInput>();
  const create = useCreateWebhook();
  const update = useUpdateWebhook();
  return (
    <FormDialog<WebhookInput>
      form={form}
      title={editing ? t('hookEdit') : t('hooksCreate')}
      okText={t('save')}
      cancelText={t('cancel')}
      pending={create.isPending || update.isPending}
      okTestId="hook-save"
      width={600}
      initialValues={
        editing ? { name: editing.name, url: editing.url, events: editing.events as WebhookInput['events'] } : { events: [] }
      }
      submit={async (v) => {
        const body = { name: v.name.trim(), url: v.url.trim(), events: v.events };
        if (editing) {
          await update.mutateAsync({ id: editing.id, ...body });
          message.success(t('saved'));
        } else {
          const r = await create.mutateAsync(body);
          const row = inner<WebhookRow>(r);
          onCreated({ kind: 'secret', name: row.name ?? body.name, value: onceSecret(r) });
        }
        return true;
      }}
      onClose={onClose}
    >
      <Form.Item name="name" label={t('hookName')} rules={[{ required: true, whitespace: true, max: 60 }]}>
        <Input placeholder={t('hookNamePh')} maxLength={60} data-testid="hook-name" />
      </Form.Item>
      <Form.Item
        name="url"
        label={t('hookUrl')}
        rules={[
          { required: true, max: 2048 },
          { pattern: /^https?:\/\/\S+$/i, message: t('hookUrlInvalid') },
        ]}
      >
        <Input placeholder={t('hookUrlPh')} className="mono" data-testid="hook-url" />
      </Form.Item>
      <Form.Item
        name="events"
        label={t('events')}
        rules={[{ required: true, type: 'array', min: 1, message: t('eventsRequired') }]}
      >
        <Checkbox.Group style={{ display: 'block' }} data-testid="hook-events">
          <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 6 }}>
            {EVENTS.map((e) => (
              <Checkbox key={e} value={e} data-event={e}>
                {eventLabel(lang, e)}{' '}
                <Typography.Text type="secondary" className="mono" style={{ fontSize: 12 }}>
                  {e}
                </Typography.Text>
              </Checkbox>
            ))}
          </div>
        </Checkbox.Group>
      </Form.Item>
    </FormDialog>
  );
}

/** The recipe a receiver follows to check `Yuanan-Signature` (city design §4). */
function HelpDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useMessages(integrationMessages);
  const code = `import { createHmac, timingSafeEqual } from 'node:crypto';

// rawBody: the request body exactly as received (a Buffer or string)
function verify(secret, header, rawBody, toleranceSeconds = 300) {
  const pairs = header.split(',').map((p) => p.trim().split('='));
  const t = Number(pairs.find(([k]) => k === 't')?.[1]);
  if (!t || Math.abs(Date.now() / 1000 - t) > toleranceSeconds) return false;
  const expected = createHmac('sha256', secret).update(\`\${t}.\${rawBody}\`).digest();
  // several v1= while a rotated secret is in its grace period: any may match
  return pairs
    .filter(([k]) => k === 'v1')
    .some(([, v]) => {
      const b = Buffer.from(v ?? '', 'hex');
      return b.length === expected.length && timingSafeEqual(expected, b);
    });
}`;
  const sdk = `import { verifyWebhookSignature } from '@yuanan/sdk';

const check = await verifyWebhookSignature(secret, req.headers['yuanan-signature'], rawBody);
if (!check.ok) return res.status(400).end(check.reason); // signature_mismatch, timestamp_out_of_tolerance, …`;
  return (
    <Drawer open={open} onClose={onClose} title={t('helpTitle')} size={640} data-testid="hook-help">
      <Flex vertical gap={12} data-testid="hook-help-body">
        <Typography.Paragraph>{t('helpIntro')}</Typography.Paragraph>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('helpHeaders')}
        </Typography.Title>
        <ul style={{ margin: 0, paddingInlineStart: 20 }}>
          {(['helpH1', 'helpH2', 'helpH3', 'helpH4'] as const).map((k) => (
            <li key={k}>{t(k)}</li>
          ))}
        </ul>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('helpSteps')}
        </Typography.Title>
        <ol style={{ margin: 0, paddingInlineStart: 20 }}>
          {(['helpS1', 'helpS2', 'helpS3', 'helpS4', 'helpS5'] as const).map((k) => (
            <li key={k}>{t(k)}</li>
          ))}
        </ol>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('helpNode')}
        </Typography.Title>
        <pre className="secret-box" style={{ whiteSpace: 'pre', overflowX: 'auto', fontSize: 12, margin: 0 }}>
          {code}
        </pre>
        <Typography.Text>{t('helpSdk')}</Typography.Text>
        <pre className="secret-box" style={{ whiteSpace: 'pre', overflowX: 'auto', fontSize: 12, margin: 0 }}>
          {sdk}
        </pre>
      </Flex>
    </Drawer>
  );
}

/** One delivery with what was sent (the payload snapshot a replay sends again). */
function DeliveryDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const t = useMessages(integrationMessages);
  const { lang } = useI18n();
  const d = useDelivery(id);
  const row = d.data;
  return (
    <Drawer open={!!id} onClose={onClose} title={t('payloadTitle')} size={640} data-testid="delivery-drawer">
      {d.error ? (
        <QueryError error={d.error} onRetry={() => void d.refetch()} />
      ) : row ? (
        <Flex vertical gap={12}>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('deliveryId')}>
              <Typography.Text className="mono" copyable>
                {row.id}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('eventId')}>
              <Typography.Text className="mono" copyable>
                {row.eventId}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('event')}>
              {eventLabel(lang, row.eventType)} <span className="mono">{row.eventType}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('status')}>
              <Tag color={D_COLOR[row.status]}>{t(`dStatus_${row.status}`)}</Tag>
              {row.replayOf && (
                <Typography.Text type="secondary">{t('replayOf', { id: row.replayOf.slice(0, 8) })}</Typography.Text>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('attempts')}>{row.attempts}</Descriptions.Item>
            <Descriptions.Item label={t('lastCode')}>{row.lastStatusCode ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('duration')}>
              {row.lastDurationMs == null ? '—' : t('ms', { n: row.lastDurationMs })}
            </Descriptions.Item>
            {row.lastError && (
              <Descriptions.Item label={t('lastError')}>
                <Typography.Text type="danger" className="mono" style={{ fontSize: 12 }}>
                  {deliveryErrorText(lang, row.lastError)}
                </Typography.Text>
              </Descriptions.Item>
            )}
            {row.nextAttemptAt && row.status !== 'succeeded' && (
              <Descriptions.Item label={t('nextAttempt')}>{fmtTime(row.nextAttemptAt)}</Descriptions.Item>
            )}
            <Descriptions.Item label={t('deliveredAt')}>{fmtTime(row.deliveredAt)}</Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('payload')}
          </Typography.Title>
          <pre
            className="secret-box"
            style={{ whiteSpace: 'pre-wrap', fontSize: 12, margin: 0, maxHeight: 420, overflow: 'auto' }}
            data-testid="delivery-payload"
            data-user-text
          >
            {JSON.stringify(row.payload ?? null, null, 2)}
          </pre>
        </Flex>
      ) : null}
    </Drawer>
  );
}

/** The delivery log: filter by subscription and status, view a payload, replay. */
function DeliveryLog({
  hooks,
  loading,
  subscriptionId,
  setSubscriptionId,
  canManage,
  cardRef,
}: {
  hooks: WebhookRow[];
  /** The subscriptions are not loaded yet (an unknown id is not yet a deleted one). */
  loading: boolean;
  subscriptionId: string;
  setSubscriptionId: (id: string) => void;
  canManage: boolean;
  cardRef: React.Ref<HTMLDivElement>;
}) {
  const t = useMessages(integrationMessages);
  const { lang } = useI18n();
  const { message } = App.useApp();
  const [status, setStatus] = useState('');
  // The page belongs to one subscription filter: another one (chosen here or by a link) starts at page 1.
  const [paging, setPaging] = useState({ subscriptionId, page: 1 });
  const page = paging.subscriptionId === subscriptionId ? paging.page : 1;
  const setPage = (p: number) => setPaging({ subscriptionId, page: p });
  const [viewing, setViewing] = useState<string | null>(null);
  const list = useDeliveries({
    subscriptionId: subscriptionId || undefined,
    status: status || undefined,
    page,
    pageSize: 20,
  });
  const replay = useReplayDelivery();
  const hookName = new Map(hooks.map((h) => [h.id, h.name]));
  // A link to a subscription since deleted still filters its deliveries; the filter says so instead of the raw id.
  const gone = !!subscriptionId && !loading && !hookName.has(subscriptionId);
  return (
    <Card
      ref={cardRef}
      size="small"
      title={t('deliveries')}
      data-testid="delivery-log"
      extra={
        <Space wrap>
          <Select
            style={{ width: 200 }}
            value={subscriptionId}
            onChange={(v) => setSubscriptionId(v)}
            options={[
              { value: '', label: t('deliveriesAll') },
              ...hooks.map((h) => ({ value: h.id, label: h.name })),
              ...(gone ? [{ value: subscriptionId, label: t('deliveriesGone') }] : []),
            ]}
            data-testid="delivery-sub-filter"
          />
          <Segmented
            value={status}
            onChange={(v) => {
              setStatus(String(v));
              setPage(1);
            }}
            options={[
              { value: '', label: t('all') },
              ...(['succeeded', 'failed', 'pending'] as const).map((s) => ({ value: s, label: t(`dStatus_${s}`) })),
            ]}
          />
          <Button onClick={() => void list.refetch()}>{t('refresh')}</Button>
        </Space>
      }
    >
      {list.error ? (
        <QueryError error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<DeliveryRow>
          rowKey="id"
          size="small"
          data-testid="deliveries-table"
          loading={list.isFetching && !list.data}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: t('deliveriesEmpty') }}
          onRow={(d) =>
            ({
              'data-delivery-id': d.id,
              'data-status': d.status,
              'data-event': d.eventType,
            }) as React.HTMLAttributes<HTMLElement>
          }
          pagination={{
            current: page,
            pageSize: 20,
            total: list.data?.total ?? 0,
            onChange: setPage,
            showSizeChanger: false,
            size: 'small',
          }}
          columns={[
            { key: 'at', title: t('createdAt'), width: 150, render: (_, d) => fmtMinute(d.createdAt) },
            {
              key: 'sub',
              title: t('subscription'),
              width: 160,
              ellipsis: true,
              render: (_, d) => <span data-user-text>{d.subscriptionName ?? hookName.get(d.subscriptionId) ?? '—'}</span>,
            },
            {
              key: 'event',
              title: t('event'),
              width: 170,
              render: (_, d) => (
                <Tooltip title={<span className="mono">{d.eventType}</span>}>
                  <span>{eventLabel(lang, d.eventType)}</span>
                  {d.replayOf && (
                    <Tag style={{ marginInlineStart: 6 }} icon={<RedoOutlined />}>
                      {t('replay')}
                    </Tag>
                  )}
                </Tooltip>
              ),
            },
            {
              key: 'status',
              title: t('status'),
              width: 90,
              render: (_, d) => (
                <Tag color={D_COLOR[d.status]} data-testid="delivery-status">
                  {t(`dStatus_${d.status}`)}
                </Tag>
              ),
            },
            { key: 'attempts', title: t('attempts'), width: 80, align: 'right', render: (_, d) => d.attempts },
            {
              key: 'code',
              title: t('lastCode'),
              width: 100,
              align: 'right',
              render: (_, d) =>
                d.lastStatusCode == null ? (
                  '—'
                ) : (
                  <Typography.Text type={d.lastStatusCode < 300 ? 'success' : 'danger'} className="mono">
                    {d.lastStatusCode}
                  </Typography.Text>
                ),
            },
            {
              key: 'error',
              title: t('lastError'),
              ellipsis: { showTitle: false },
              render: (_, d) =>
                d.lastError ? (
                  <Tooltip title={deliveryErrorText(lang, d.lastError)}>
                    <Typography.Text type="danger" style={{ fontSize: 12 }}>
                      {deliveryErrorText(lang, d.lastError)}
                    </Typography.Text>
                  </Tooltip>
                ) : d.status !== 'succeeded' && d.nextAttemptAt ? (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('nextAttempt')} {fmtMinute(d.nextAttemptAt)}
                  </Typography.Text>
                ) : (
                  '—'
                ),
            },
            {
              key: 'duration',
              title: t('duration'),
              width: 90,
              align: 'right',
              render: (_, d) => (d.lastDurationMs == null ? '—' : t('ms', { n: d.lastDurationMs })),
            },
            {
              key: 'actions',
              title: t('actions'),
              width: 170,
              render: (_, d) => (
                <Space size={0}>
                  <Button
                    size="small"
                    type="link"
                    icon={<EyeOutlined />}
                    onClick={() => setViewing(d.id)}
                    data-testid="delivery-view"
                  >
                    {t('payload')}
                  </Button>
                  {canManage && (
                    <Button
                      size="small"
                      type="link"
                      icon={<RedoOutlined />}
                      data-testid="delivery-replay"
                      loading={replay.isPending && replay.variables === d.id}
                      onClick={async () => {
                        try {
                          await replay.mutateAsync(d.id);
                          message.success(t('replayed'));
                        } catch (e) {
                          message.error(errorText(e));
                        }
                      }}
                    >
                      {t('replay')}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      )}
      <DeliveryDrawer id={viewing} onClose={() => setViewing(null)} />
    </Card>
  );
}

/**
 * Webhook 订阅: subscriptions (create → secret once, edit, enable/disable, rotate secret, ping) and the delivery log.
 * The log's subscription filter is the address's `?id=` (the auto-disable notification links to
 * `/integration/webhooks?id=<subscription>`): that subscription's row is marked and its log scrolled into view.
 */
export function WebhooksPage() {
  const t = useMessages(integrationMessages);
  const { lang } = useI18n();
  const { message, modal } = App.useApp();
  const { effective } = useSession();
  const canManage = hasPermission(effective, 'integration.manage');
  const list = useWebhooks();
  const [dialog, setDialog] = useState<{ editing: WebhookRow | null } | null>(null);
  const [secret, setSecret] = useState<OnceSecret | null>(null);
  const [help, setHelp] = useState(false);
  const [sp, setSp] = useSearchParams();
  const subscriptionId = sp.get('id') ?? '';
  const setSubscriptionId = (id: string) => setSp(id ? { id } : {}, { replace: true });
  const logRef = useRef<HTMLDivElement>(null);
  const linked = useRef(subscriptionId);
  const enable = useEnableWebhook();
  const disable = useDisableWebhook();
  const remove = useDeleteWebhook();
  const rotate = useRotateWebhookSecret();
  const ping = usePingWebhook();
  const hooks = list.data?.items ?? [];
  // Opened by a link to one subscription: once the subscriptions are drawn, show its log (below them).
  const loaded = !!list.data;
  useEffect(() => {
    if (!loaded || !linked.current) return;
    linked.current = '';
    logRef.current?.scrollIntoView({ block: 'start' });
  }, [loaded]);

  const run = async (p: Promise<unknown>, done: string) => {
    try {
      await p;
      message.success(done);
    } catch (e) {
      message.error(errorText(e));
    }
  };

  return (
    <PageContainer
      title={t('hooksTitle')}
      description={t('hooksDesc')}
      extra={
        <>
          <Button icon={<QuestionCircleOutlined />} onClick={() => setHelp(true)} data-testid="hook-help-open">
            {t('help')}
          </Button>
          {canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ editing: null })} data-testid="hook-create">
              {t('hooksCreate')}
            </Button>
          )}
        </>
      }
    >
      <Card size="small">
        {list.error ? (
          <QueryError error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<WebhookRow>
            rowKey="id"
            size="middle"
            data-testid="hooks-table"
            loading={list.isFetching && !list.data}
            dataSource={hooks}
            pagination={false}
            locale={{ emptyText: t('hooksEmpty') }}
            onRow={(h) =>
              ({
                'data-hook-id': h.id,
                'data-status': h.status,
                'data-selected': h.id === subscriptionId || undefined,
                style: h.id === subscriptionId ? { background: '#e6f4ff' } : undefined,
              }) as React.HTMLAttributes<HTMLElement>
            }
            columns={[
              {
                key: 'name',
                title: t('hookName'),
                width: 260,
                render: (_, h) => (
                  <Flex vertical gap={2} style={{ minWidth: 0 }}>
                    <Typography.Text strong data-user-text>
                      {h.name}
                    </Typography.Text>
                    <Typography.Text type="secondary" className="mono" style={{ fontSize: 12 }} ellipsis={{ tooltip: h.url }}>
                      {h.url}
                    </Typography.Text>
                  </Flex>
                ),
              },
              {
                key: 'events',
                title: t('events'),
                render: (_, h) => (
                  <Flex wrap gap={4}>
                    {h.events.map((e) => (
                      <Tooltip key={e} title={<span className="mono">{e}</span>}>
                        <Tag style={{ marginInlineEnd: 0 }}>{eventLabel(lang, e)}</Tag>
                      </Tooltip>
                    ))}
                  </Flex>
                ),
              },
              {
                key: 'status',
                title: t('status'),
                width: 240,
                render: (_, h) => (
                  <Flex vertical gap={4} align="flex-start">
                    <Tag color={h.status === 'active' ? 'success' : 'error'} data-testid="hook-status">
                      {t(`hookStatus_${h.status}`)}
                    </Tag>
                    {h.status === 'disabled' && (h.disabledReason || h.disabledAt) && (
                      <Typography.Text type="danger" style={{ fontSize: 12 }} data-testid="hook-disabled-why">
                        {t('disabledWhy', { at: fmtMinute(h.disabledAt), reason: disabledReasonLabel(lang, h.disabledReason) })}
                      </Typography.Text>
                    )}
                    {h.status === 'active' && h.consecutiveFailures > 0 && (
                      <Typography.Text type="warning" style={{ fontSize: 12 }}>
                        {t('failures', { n: h.consecutiveFailures })}
                      </Typography.Text>
                    )}
                  </Flex>
                ),
              },
              {
                key: 'actions',
                title: t('actions'),
                width: 230,
                render: (_, h) => (
                  <Space size={0} wrap>
                    {canManage && h.status === 'active' && (
                      <Button
                        size="small"
                        type="link"
                        icon={<SendOutlined />}
                        data-testid="hook-ping"
                        loading={ping.isPending && ping.variables === h.id}
                        onClick={() => void run(ping.mutateAsync(h.id), t('hookPinged'))}
                      >
                        {t('hookPing')}
                      </Button>
                    )}
                    {canManage && h.status === 'disabled' && (
                      <Button
                        size="small"
                        type="link"
                        data-testid="hook-enable"
                        onClick={() => void run(enable.mutateAsync(h.id), t('hookEnabled', { name: h.name }))}
                      >
                        {t('hookEnable')}
                      </Button>
                    )}
                    <Button size="small" type="link" onClick={() => setSubscriptionId(h.id)} data-testid="hook-deliveries">
                      {t('deliveries')}
                    </Button>
                    {canManage && (
                      <Dropdown
                        trigger={['click']}
                        menu={{
                          items: [
                            { key: 'edit', icon: <EditOutlined />, label: t('hookEdit') },
                            { key: 'rotate', label: t('hookRotate') },
                            ...(h.status === 'active' ? [{ key: 'disable', label: t('hookDisable') }] : []),
                            { type: 'divider' as const },
                            { key: 'delete', danger: true, label: t('hookDelete') },
                          ],
                          onClick: ({ key }) => {
                            if (key === 'edit') setDialog({ editing: h });
                            else if (key === 'rotate')
                              modal.confirm({
                                title: t('hookRotate'),
                                content: t('hookRotateConfirm'),
                                okText: t('hookRotate'),
                                cancelText: t('cancel'),
                                onOk: async () => {
                                  try {
                                    const r = await rotate.mutateAsync(h.id);
                                    setSecret({ kind: 'secret', name: h.name, value: onceSecret(r) });
                                  } catch (e) {
                                    message.error(errorText(e));
                                  }
                                },
                              });
                            else if (key === 'disable')
                              modal.confirm({
                                title: t('hookDisable'),
                                content: t('hookDisableConfirm', { name: h.name }),
                                okText: t('hookDisable'),
                                okButtonProps: { danger: true },
                                cancelText: t('cancel'),
                                onOk: () => run(disable.mutateAsync(h.id), t('hookDisabled', { name: h.name })),
                              });
                            else if (key === 'delete')
                              modal.confirm({
                                title: t('hookDelete'),
                                content: t('hookDeleteConfirm', { name: h.name }),
                                okText: t('hookDelete'),
                                okButtonProps: { danger: true },
                                cancelText: t('cancel'),
                                onOk: () => run(remove.mutateAsync(h.id), t('hookDeleted', { name: h.name })),
                              });
                          },
                        }}
                      >
                        <Button
                          size="small"
                          type="text"
                          icon={<MoreOutlined />}
                          aria-label={t('actions')}
                          data-testid="hook-more"
                        />
                      </Dropdown>
                    )}
                  </Space>
                ),
              },
            ]}
          />
        )}
      </Card>
      <DeliveryLog
        hooks={hooks}
        loading={!list.data}
        subscriptionId={subscriptionId}
        setSubscriptionId={setSubscriptionId}
        canManage={canManage}
        cardRef={logRef}
      />
      {dialog && <HookDialog editing={dialog.editing} onClose={() => setDialog(null)} onCreated={setSecret} />}
      <SecretOnceModal value={secret} onClose={() => setSecret(null)} />
      <HelpDrawer open={help} onClose={() => setHelp(false)} />
    </PageContainer>
  );
}
