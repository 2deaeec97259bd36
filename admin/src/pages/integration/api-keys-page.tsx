import { useState } from 'react';
import dayjs, { type Dayjs } from 'dayjs';
import {
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { EditOutlined, KeyOutlined, PlusOutlined, StopOutlined, ReloadOutlined } from '@ant-design/icons';
import { hasPermission } from '../../auth/access.ts';
import { useSession } from '../../auth/session.tsx';
import { ConfirmAction } from '../../components/confirm-action.tsx';
import { FormDialog } from '../../components/form-dialog.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { fmtMinute } from '../../components/time.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { useMessages } from '../../i18n/feature.ts';
import { SCOPES, scopeLabel, scopeShort } from './labels.ts';
import { integrationMessages } from './messages.ts';
import {
  inner,
  onceSecret,
  useApiKeys,
  useCreateApiKey,
  useRevokeApiKey,
  useRotateApiKey,
  useUpdateApiKey,
  type ApiKeyRow,
} from './queries.ts';
import { SecretOnceModal, type OnceSecret } from './secret-once-modal.tsx';

type KeyStatus = 'active' | 'expired' | 'revoked' | 'rotating';
const STATUS_COLOR: Record<KeyStatus, string> = { active: 'success', rotating: 'warning', expired: 'default', revoked: 'error' };

/** A key's state: revoked, expired, rotated (the old key in its grace period) or active — the api's when it says. */
export function keyStatus(k: ApiKeyRow, now = Date.now()): KeyStatus {
  if (k.status === 'revoked' || k.revokedAt) return 'revoked';
  if (k.status === 'expired' || Date.parse(k.expiresAt) <= now) return 'expired';
  return k.rotatedToId ? 'rotating' : 'active';
}

interface KeyForm {
  name: string;
  scopes: ApiKeyRow['scopes'];
  expiresAt?: Dayjs;
  rateLimitPerMinute: number;
}

/** The scope checkboxes; `value` / `onChange` come from the Form.Item around it. */
function ScopeChecks({ value, onChange }: { value?: string[]; onChange?: (v: string[]) => void }) {
  const { lang } = useI18n();
  return (
    <Checkbox.Group style={{ display: 'block' }} data-testid="key-scopes" value={value} onChange={onChange}>
      <Flex vertical gap={6}>
        {SCOPES.map((s) => (
          <Checkbox key={s} value={s} data-scope={s}>
            {scopeLabel(lang, s)}{' '}
            <Typography.Text type="secondary" className="mono" style={{ fontSize: 12 }}>
              {s}
            </Typography.Text>
          </Checkbox>
        ))}
      </Flex>
    </Checkbox.Group>
  );
}

/** 新建 / 编辑 an API key: name, scopes, expiry (new keys only: at most two years), rate limit. */
function KeyDialog({
  editing,
  onClose,
  onCreated,
}: {
  editing: ApiKeyRow | null;
  onClose: () => void;
  onCreated: (s: OnceSecret) => void;
}) {
  const t = useMessages(integrationMessages);
  const { message } = App.useApp();
  const [form] = Form.useForm<KeyForm>();
  const create = useCreateApiKey();
  const update = useUpdateApiKey();
  // A refusal is shown by FormDialog (at the fields it names, else as a message).
  const submit = async (v: KeyForm) => {
    if (editing) {
      await update.mutateAsync({
        id: editing.id,
        name: v.name.trim(),
        scopes: v.scopes,
        rateLimitPerMinute: v.rateLimitPerMinute,
      });
      message.success(t('saved'));
    } else {
      const r = await create.mutateAsync({
        name: v.name.trim(),
        scopes: v.scopes,
        expiresAt: (v.expiresAt ?? dayjs().add(1, 'year')).endOf('day').toISOString(),
        rateLimitPerMinute: v.rateLimitPerMinute,
      });
      const row = inner<ApiKeyRow>(r);
      onCreated({ kind: 'key', name: row.name ?? v.name, value: onceSecret(r), note: t('keyHowTo') });
    }
    return true;
  };
  return (
    <FormDialog<KeyForm>
      form={form}
      title={editing ? t('keyEdit') : t('keysCreate')}
      okText={t('save')}
      cancelText={t('cancel')}
      pending={create.isPending || update.isPending}
      okTestId="key-save"
      width={560}
      initialValues={
        editing
          ? { name: editing.name, scopes: editing.scopes, rateLimitPerMinute: editing.rateLimitPerMinute }
          : { scopes: [], rateLimitPerMinute: 120, expiresAt: dayjs().add(1, 'year') }
      }
      submit={submit}
      onClose={onClose}
    >
      <Form.Item name="name" label={t('keyName')} rules={[{ required: true, whitespace: true, max: 60 }]}>
        <Input placeholder={t('keyNamePh')} maxLength={60} data-testid="key-name" />
      </Form.Item>
      <Form.Item
        name="scopes"
        label={t('scopes')}
        rules={[{ required: true, type: 'array', min: 1, message: t('scopesRequired') }]}
      >
        <ScopeChecks />
      </Form.Item>
      <Flex gap={16}>
        {!editing && (
          <Form.Item
            name="expiresAt"
            label={t('expiresAt')}
            extra={t('expiresAtHelp')}
            rules={[{ required: true }]}
            style={{ flex: 1 }}
          >
            <DatePicker
              style={{ width: '100%' }}
              allowClear={false}
              disabledDate={(d) => d.isBefore(dayjs(), 'day') || d.isAfter(dayjs().add(2, 'year'), 'day')}
              data-testid="key-expires"
            />
          </Form.Item>
        )}
        <Form.Item name="rateLimitPerMinute" label={t('rateLimitField')} rules={[{ required: true }]} style={{ flex: 1 }}>
          <InputNumber min={1} max={6000} precision={0} style={{ width: '100%' }} data-testid="key-rate" />
        </Form.Item>
      </Flex>
    </FormDialog>
  );
}

/** 轮换: a new key now, the old one ends after the grace hours (0..168). */
function RotateDialog({ row, onClose, onRotated }: { row: ApiKeyRow; onClose: () => void; onRotated: (s: OnceSecret) => void }) {
  const t = useMessages(integrationMessages);
  const [form] = Form.useForm<{ graceHours: number }>();
  const rotate = useRotateApiKey();
  return (
    <FormDialog<{ graceHours: number }>
      form={form}
      title={t('keyRotateTitle', { name: row.name })}
      okText={t('keyRotate')}
      cancelText={t('cancel')}
      pending={rotate.isPending}
      okTestId="key-rotate-ok"
      initialValues={{ graceHours: 24 }}
      before={<Typography.Paragraph type="secondary">{t('keyRotateDesc')}</Typography.Paragraph>}
      submit={async (v) => {
        const r = await rotate.mutateAsync({ id: row.id, graceHours: v.graceHours });
        const previous = (r as { previous?: ApiKeyRow }).previous;
        const until = fmtMinute(previous?.expiresAt ?? dayjs().add(v.graceHours, 'hour').toISOString());
        onRotated({ kind: 'key', name: row.name, value: onceSecret(r), note: t('keyRotated', { at: until }) });
        return true;
      }}
      onClose={onClose}
    >
      <Form.Item name="graceHours" label={t('graceHours')} extra={t('graceHelp')} rules={[{ required: true }]}>
        <InputNumber min={0} max={168} precision={0} style={{ width: 160 }} data-testid="key-grace" />
      </Form.Item>
    </FormDialog>
  );
}

/** API 密钥: the zone's keys for other systems — list, create (shown once), edit, rotate (shown once), revoke. */
export function ApiKeysPage() {
  const t = useMessages(integrationMessages);
  const { lang } = useI18n();
  const { effective } = useSession();
  const canManage = hasPermission(effective, 'integration.manage');
  const list = useApiKeys();
  const revoke = useRevokeApiKey();
  const [dialog, setDialog] = useState<{ editing: ApiKeyRow | null } | null>(null);
  const [rotating, setRotating] = useState<ApiKeyRow | null>(null);
  const [secret, setSecret] = useState<OnceSecret | null>(null);

  return (
    <PageContainer
      title={t('keysTitle')}
      description={t('keysDesc')}
      extra={
        canManage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ editing: null })} data-testid="key-create">
            {t('keysCreate')}
          </Button>
        )
      }
    >
      <Card size="small">
        {list.error ? (
          <QueryError error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<ApiKeyRow>
            rowKey="id"
            size="middle"
            data-testid="keys-table"
            loading={list.isFetching && !list.data}
            dataSource={list.data?.items ?? []}
            pagination={false}
            locale={{ emptyText: t('keysEmpty') }}
            onRow={(k) => ({ 'data-key-id': k.id, 'data-prefix': k.keyPrefix }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              {
                key: 'name',
                title: t('keyName'),
                width: 200,
                render: (_, k) => (
                  <Flex vertical gap={2}>
                    <Typography.Text strong data-user-text>
                      {k.name}
                    </Typography.Text>
                    <Typography.Text type="secondary" className="mono" style={{ fontSize: 12 }}>
                      <KeyOutlined /> yak_{k.keyPrefix}_…
                    </Typography.Text>
                  </Flex>
                ),
              },
              {
                key: 'scopes',
                title: t('scopes'),
                render: (_, k) => (
                  <Flex wrap gap={4}>
                    {k.scopes.map((s) => (
                      <Tooltip key={s} title={`${scopeLabel(lang, s)} · ${s}`}>
                        <Tag color={s.endsWith('.write') ? 'orange' : 'blue'} style={{ marginInlineEnd: 0 }}>
                          {scopeShort(lang, s)}
                        </Tag>
                      </Tooltip>
                    ))}
                  </Flex>
                ),
              },
              { key: 'expiresAt', title: t('expiresAt'), width: 150, render: (_, k) => fmtMinute(k.expiresAt) },
              {
                key: 'createdBy',
                title: t('keyCreatedBy'),
                width: 110,
                // The creator's name from the api; a key made by the platform operator acting here has none.
                render: (_, k) =>
                  k.createdByName ? (
                    <span data-user-text data-testid="key-created-by">
                      {k.createdByName}
                    </span>
                  ) : (
                    <Typography.Text type="secondary">—</Typography.Text>
                  ),
              },
              {
                key: 'lastUsed',
                title: t('lastUsed'),
                width: 170,
                render: (_, k) =>
                  k.lastUsedAt ? (
                    <Flex vertical gap={0} data-testid="key-last-used">
                      <span>{fmtMinute(k.lastUsedAt)}</span>
                      <Typography.Text type="secondary" className="mono" style={{ fontSize: 12 }}>
                        {k.lastUsedIp ?? ''}
                      </Typography.Text>
                    </Flex>
                  ) : (
                    <Typography.Text type="secondary">{t('never')}</Typography.Text>
                  ),
              },
              {
                key: 'rate',
                title: t('rateLimit'),
                width: 110,
                render: (_, k) => t('perMinute', { n: k.rateLimitPerMinute }),
              },
              {
                key: 'status',
                title: t('status'),
                width: 170,
                render: (_, k) => {
                  const st = keyStatus(k);
                  // A rotation's two rows share a name: say which replaced which (by the keys' visible prefixes).
                  const rows = list.data?.items ?? [];
                  const next = k.rotatedToId ? rows.find((x) => x.id === k.rotatedToId) : undefined;
                  const prev = rows.find((x) => x.rotatedToId === k.id);
                  return (
                    <Flex vertical gap={2} align="start">
                      <Tag color={STATUS_COLOR[st]} data-status={st} data-testid="key-status">
                        {t(`keyStatus_${st}`)}
                      </Tag>
                      {next && (
                        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="key-replaced-by">
                          {t('keyReplacedBy', { prefix: `yak_${next.keyPrefix}_…` })}
                        </Typography.Text>
                      )}
                      {prev && (
                        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="key-replaces">
                          {t('keyReplaces', { prefix: `yak_${prev.keyPrefix}_…` })}
                        </Typography.Text>
                      )}
                    </Flex>
                  );
                },
              },
              ...(canManage
                ? [
                    {
                      key: 'actions',
                      title: t('actions'),
                      width: 220,
                      render: (_: unknown, k: ApiKeyRow) => {
                        const st = keyStatus(k);
                        if (st === 'revoked' || st === 'expired') return null;
                        return (
                          <Space size={0}>
                            {/* A rotated key in its grace stays as it was (the api answers 409): change its replacement. */}
                            {st === 'active' && (
                              <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setDialog({ editing: k })}>
                                {t('edit')}
                              </Button>
                            )}
                            {st === 'active' && (
                              <Button
                                size="small"
                                type="link"
                                icon={<ReloadOutlined />}
                                onClick={() => setRotating(k)}
                                data-testid="key-rotate"
                              >
                                {t('keyRotate')}
                              </Button>
                            )}
                            <ConfirmAction
                              confirm={
                                <div style={{ maxWidth: 300 }}>
                                  <div>{t('keyRevokeConfirm', { name: k.name })}</div>
                                  <Typography.Text type="secondary">{t('keyRevokeDesc')}</Typography.Text>
                                </div>
                              }
                              okText={t('keyRevoke')}
                              cancelText={t('cancel')}
                              label={t('keyRevoke')}
                              icon={<StopOutlined />}
                              danger
                              doneText={t('keyRevoked', { name: k.name })}
                              run={() => revoke.mutateAsync(k.id)}
                            />
                          </Space>
                        );
                      },
                    },
                  ]
                : []),
            ]}
          />
        )}
      </Card>
      {dialog && <KeyDialog editing={dialog.editing} onClose={() => setDialog(null)} onCreated={setSecret} />}
      {rotating && <RotateDialog row={rotating} onClose={() => setRotating(null)} onRotated={setSecret} />}
      <SecretOnceModal value={secret} onClose={() => setSecret(null)} />
    </PageContainer>
  );
}
