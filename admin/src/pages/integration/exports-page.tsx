import { useState } from 'react';
import {
  App,
  Button,
  Card,
  Descriptions,
  Drawer,
  Flex,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { PlayCircleOutlined, DownloadOutlined, EditOutlined, PlusOutlined, ProfileOutlined } from '@ant-design/icons';
import { API_BASE } from '../../api/client.ts';
import { applyFormErrors, errorText } from '../../api/errors.ts';
import { useDownload } from '../../api/use-download.ts';
import { hasPermission } from '../../auth/access.ts';
import { useSession } from '../../auth/session.tsx';
import { ConfirmAction } from '../../components/confirm-action.tsx';
import { FormDialog } from '../../components/form-dialog.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { fmtMinute } from '../../components/time.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { useMessages, type FeatureT } from '../../i18n/feature.ts';
import { fmtBytes } from './labels.ts';
import { integrationMessages, type IntegrationKey } from './messages.ts';
import {
  useCreateExportTarget,
  useDeleteExportTarget,
  useExportProfile,
  useExportProfiles,
  useExportRuns,
  useExportTargets,
  useRunExport,
  useUpdateExportTarget,
  type ExportProfile,
  type ExportRunRow,
  type ExportTargetInput,
  type ExportTargetRow,
  type LocalText,
  type ProfileField,
} from './queries.ts';

const R_COLOR: Record<ExportRunRow['status'], string> = { running: 'processing', succeeded: 'success', failed: 'error' };

function local(v: string | LocalText | null | undefined, lang: string): string {
  if (!v) return '—';
  return typeof v === 'string' ? v : lang === 'en' ? v.en : v.zh;
}

/** When a target runs: 手动, 每天 8:00, 每周一 8:00. */
function scheduleText(t: FeatureT<IntegrationKey>, x: ExportTargetRow): string {
  if (x.schedule === 'none') return t('schedule_none');
  const hour = String(x.scheduleHour ?? 0).padStart(2, '0');
  const when =
    x.schedule === 'weekly' ? t('weekly', { day: t(`wd${x.scheduleWeekday ?? 1}` as IntegrationKey) }) : t('schedule_daily');
  return t('scheduleAt', { when, hour });
}

/** A field's transform in words (date, a value map, …). */
function transformText(t: FeatureT<IntegrationKey>, tr: unknown): string {
  if (tr == null) return '—';
  if (typeof tr === 'string') {
    const k = `transform_${tr}` as IntegrationKey;
    const text = t(k);
    return text === k ? tr : text;
  }
  if (typeof tr === 'object') {
    const o = tr as Record<string, unknown>;
    if (o.kind === 'none' && !o.map) return '—';
    if (o.map && typeof o.map === 'object')
      return `${t('transform_map')}${t('colon')}${Object.entries(o.map as Record<string, unknown>)
        .map(([a, b]) => `${a}→${String(b)}`)
        .join(t('listSep'))}`;
    if (typeof o.kind === 'string') return o.kind === 'none' ? '—' : transformText(t, o.kind);
    return JSON.stringify(tr);
  }
  return String(tr);
}

/** A profile's field table (目标字段, 中文名, 来源, 转换), in a drawer. */
function ProfileDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const t = useMessages(integrationMessages);
  const { lang } = useI18n();
  const p = useExportProfile(id?.split('@')[0] ?? null, id ? Number(id.split('@')[1]) || undefined : undefined);
  const profile = p.data;
  return (
    <Drawer
      open={!!id}
      onClose={onClose}
      title={profile ? local(profile.name, lang) : t('profileFields')}
      size={860}
      data-testid="profile-drawer"
    >
      {p.error ? (
        <QueryError error={p.error} onRetry={() => void p.refetch()} />
      ) : profile ? (
        <Flex vertical gap={12}>
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('profile')}>
              <span className="mono">
                {profile.id}@{profile.version}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('entity')}>{t(`entity_${profile.entity}` as IntegrationKey)}</Descriptions.Item>
            <Descriptions.Item label={t('profileTarget')} span={2}>
              {local(profile.target, lang)}
            </Descriptions.Item>
          </Descriptions>
          <FieldTable fields={profile.fields ?? []} />
        </Flex>
      ) : null}
    </Drawer>
  );
}

function FieldTable({ fields }: { fields: ProfileField[] }) {
  const t = useMessages(integrationMessages);
  const { lang } = useI18n();
  return (
    <Table<ProfileField>
      rowKey="key"
      size="small"
      pagination={false}
      dataSource={fields}
      data-testid="profile-fields"
      columns={[
        {
          key: 'key',
          title: t('fieldKey'),
          width: 170,
          render: (_, f) => (
            <span className="mono" data-user-text>
              {f.key}
              {f.required && (
                <Typography.Text type="danger" title={t('required')}>
                  {' '}
                  *
                </Typography.Text>
              )}
            </span>
          ),
        },
        {
          key: 'zh',
          title: t('fieldLabel'),
          width: 170,
          render: (_, f) => <span data-user-text>{f.label.zh}</span>,
        },
        ...(lang === 'en'
          ? [{ key: 'en', title: t('fieldLabelEn'), width: 190, render: (_: unknown, f: ProfileField) => f.label.en }]
          : []),
        { key: 'source', title: t('fieldSource'), render: (_, f) => <span className="mono">{f.source}</span> },
        {
          key: 'transform',
          title: t('fieldTransform'),
          // A value map's words are the receiving system's own (一般/重大), whatever the console's language.
          render: (_, f) => <span data-user-text={f.transform?.map ? '' : undefined}>{transformText(t, f.transform)}</span>,
        },
      ]}
    />
  );
}

interface TargetForm {
  name: string;
  profile: string;
  format: 'json' | 'xlsx';
  schedule: 'none' | 'daily' | 'weekly';
  scheduleHour?: number;
  scheduleWeekday?: number;
  incremental: boolean;
  enabled: boolean;
}

function TargetDialog({
  editing,
  profiles,
  onClose,
}: {
  editing: ExportTargetRow | null;
  profiles: ExportProfile[];
  onClose: () => void;
}) {
  const t = useMessages(integrationMessages);
  const { lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<TargetForm>();
  const create = useCreateExportTarget();
  const update = useUpdateExportTarget();
  const schedule = Form.useWatch('schedule', form);
  return (
    <FormDialog<TargetForm>
      form={form}
      title={editing ? t('targetEdit') : t('targetCreate')}
      okText={t('save')}
      cancelText={t('cancel')}
      pending={create.isPending || update.isPending}
      okTestId="target-save"
      width={600}
      initialValues={
        editing
          ? {
              name: editing.name,
              profile: `${editing.profileId}@${editing.profileVersion}`,
              format: editing.format,
              schedule: editing.schedule,
              scheduleHour: editing.scheduleHour ?? 2,
              scheduleWeekday: editing.scheduleWeekday ?? 1,
              incremental: editing.incremental,
              enabled: editing.enabled,
            }
          : { format: 'xlsx', schedule: 'none', scheduleHour: 2, scheduleWeekday: 1, incremental: true, enabled: true }
      }
      submit={async (v) => {
        const at = v.profile.lastIndexOf('@');
        const common = {
          name: v.name.trim(),
          format: v.format,
          schedule: v.schedule,
          incremental: v.incremental,
          enabled: v.enabled,
          ...(v.schedule !== 'none' ? { scheduleHour: v.scheduleHour ?? 0 } : {}),
          ...(v.schedule === 'weekly' ? { scheduleWeekday: v.scheduleWeekday ?? 1 } : {}),
        };
        try {
          // A target keeps its profile (a new profile is a new target: its watermark belongs to the rows it sent).
          if (editing) await update.mutateAsync({ id: editing.id, ...common });
          else {
            const body: ExportTargetInput = {
              ...common,
              profileId: v.profile.slice(0, at),
              profileVersion: Number(v.profile.slice(at + 1)),
            };
            await create.mutateAsync(body);
          }
          message.success(t('targetSaved'));
          return true;
        } catch (e) {
          if (!applyFormErrors(form, e, { profileId: 'profile', profileVersion: 'profile' })) message.error(errorText(e));
          return false;
        }
      }}
      onClose={onClose}
    >
      <Form.Item name="name" label={t('targetName')} rules={[{ required: true, whitespace: true, max: 60 }]}>
        <Input placeholder={t('targetNamePh')} maxLength={60} data-testid="target-name" />
      </Form.Item>
      <Form.Item name="profile" label={t('profile')} rules={[{ required: true }]}>
        <Select
          disabled={!!editing}
          data-testid="target-profile"
          options={profiles.map((p) => ({
            value: `${p.id}@${p.version}`,
            label: (
              <span>
                {local(p.name, lang)}{' '}
                <Typography.Text type="secondary" className="mono" style={{ fontSize: 12 }}>
                  {p.id}@{p.version}
                </Typography.Text>
              </span>
            ),
          }))}
        />
      </Form.Item>
      <Flex gap={16} wrap>
        <Form.Item name="format" label={t('format')} rules={[{ required: true }]}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'xlsx', label: 'Excel (xlsx)' },
              { value: 'json', label: 'JSON' },
            ]}
          />
        </Form.Item>
        <Form.Item name="incremental" label={t('incremental')} valuePropName="checked" tooltip={t('incrementalHelp')}>
          <Switch />
        </Form.Item>
        <Form.Item name="enabled" label={t('enabled')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Flex>
      <Flex gap={16} wrap>
        <Form.Item name="schedule" label={t('schedule')} rules={[{ required: true }]}>
          <Select
            style={{ width: 140 }}
            options={(['none', 'daily', 'weekly'] as const).map((s) => ({ value: s, label: t(`schedule_${s}`) }))}
          />
        </Form.Item>
        {schedule === 'weekly' && (
          <Form.Item name="scheduleWeekday" label={t('weekday')}>
            <Select
              style={{ width: 110 }}
              options={[1, 2, 3, 4, 5, 6, 7].map((d) => ({ value: d, label: t(`wd${d}` as IntegrationKey) }))}
            />
          </Form.Item>
        )}
        {schedule && schedule !== 'none' && (
          <Form.Item name="scheduleHour" label={t('hour')}>
            <InputNumber min={0} max={23} precision={0} style={{ width: 100 }} />
          </Form.Item>
        )}
      </Flex>
    </FormDialog>
  );
}

function RunStatus({ run }: { run: Pick<ExportRunRow, 'status'> & { error?: string | null } }) {
  const t = useMessages(integrationMessages);
  const tag = (
    <Tag color={R_COLOR[run.status]} data-testid="run-status" data-status={run.status}>
      {t(`rStatus_${run.status}`)}
    </Tag>
  );
  return run.error ? <Tooltip title={run.error}>{tag}</Tooltip> : tag;
}

function RunsTable({
  targets,
  targetId,
  setTargetId,
}: {
  targets: ExportTargetRow[];
  targetId: string;
  setTargetId: (id: string) => void;
}) {
  const t = useMessages(integrationMessages);
  const { effective } = useSession();
  const canRun = hasPermission(effective, 'exports.run');
  const [page, setPage] = useState(1);
  const runs = useExportRuns({ targetId: targetId || undefined, page, pageSize: 20 });
  const { busy, download } = useDownload();
  const names = new Map(targets.map((x) => [x.id, x.name]));
  return (
    <Flex vertical gap={12}>
      <Space>
        <Select
          style={{ width: 240 }}
          value={targetId}
          onChange={(v) => {
            setTargetId(v);
            setPage(1);
          }}
          options={[{ value: '', label: t('all') }, ...targets.map((x) => ({ value: x.id, label: x.name }))]}
          data-testid="runs-target-filter"
        />
        <Button onClick={() => void runs.refetch()}>{t('refresh')}</Button>
      </Space>
      {runs.error ? (
        <QueryError error={runs.error} onRetry={() => void runs.refetch()} />
      ) : (
        <Table<ExportRunRow>
          rowKey="id"
          size="small"
          data-testid="runs-table"
          loading={runs.isFetching && !runs.data}
          dataSource={runs.data?.items ?? []}
          locale={{ emptyText: t('runsEmpty') }}
          onRow={(r) => ({ 'data-run-id': r.id, 'data-status': r.status }) as React.HTMLAttributes<HTMLElement>}
          pagination={{
            current: page,
            pageSize: 20,
            total: runs.data?.total ?? 0,
            onChange: setPage,
            showSizeChanger: false,
            size: 'small',
          }}
          columns={[
            { key: 'startedAt', title: t('startedAt'), width: 150, render: (_, r) => fmtMinute(r.startedAt) },
            {
              key: 'target',
              title: t('targets'),
              ellipsis: true,
              render: (_, r) => <span data-user-text>{r.targetName ?? names.get(r.targetId) ?? '—'}</span>,
            },
            { key: 'trigger', title: t('trigger'), width: 90, render: (_, r) => t(`trigger_${r.trigger}`) },
            { key: 'status', title: t('status'), width: 90, render: (_, r) => <RunStatus run={r} /> },
            {
              key: 'rows',
              title: t('rows'),
              width: 90,
              align: 'right',
              render: (_, r) => (
                <Flex vertical gap={0} align="flex-end">
                  <span data-testid="run-rows">{r.rowCount ?? '—'}</span>
                  {r.flaggedCount > 0 && (
                    <Typography.Text type="warning" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
                      {t('flagged', { n: r.flaggedCount })}
                    </Typography.Text>
                  )}
                </Flex>
              ),
            },
            { key: 'bytes', title: t('size'), width: 90, align: 'right', render: (_, r) => fmtBytes(r.bytes) },
            { key: 'finishedAt', title: t('finishedAt'), width: 150, render: (_, r) => fmtMinute(r.finishedAt) },
            {
              key: 'error',
              title: t('lastError'),
              ellipsis: { showTitle: false },
              render: (_, r) =>
                r.error ? (
                  <Tooltip title={r.error}>
                    <Typography.Text type="danger" style={{ fontSize: 12 }}>
                      {r.error}
                    </Typography.Text>
                  </Tooltip>
                ) : r.sha256 ? (
                  <Tooltip title={`${t('sha256')} ${r.sha256}`}>
                    <Typography.Text type="secondary" className="mono" style={{ fontSize: 12 }}>
                      {r.sha256.slice(0, 12)}…
                    </Typography.Text>
                  </Tooltip>
                ) : (
                  '—'
                ),
            },
            {
              key: 'actions',
              title: t('actions'),
              width: 100,
              render: (_, r) =>
                r.status === 'succeeded' && canRun ? (
                  <Button
                    size="small"
                    type="link"
                    icon={<DownloadOutlined />}
                    disabled={busy}
                    data-testid="run-download"
                    onClick={() =>
                      void download(`${API_BASE}/exports/runs/${r.id}/file`, r.fileName ?? `export-${r.id}`, (name) =>
                        t('downloaded', { name }),
                      )
                    }
                  >
                    {t('download')}
                  </Button>
                ) : null,
            },
          ]}
        />
      )}
    </Flex>
  );
}

/** 数据报送: export targets (run now, edit), their run history with downloads, and the templates' field tables. */
export function ExportsPage() {
  const t = useMessages(integrationMessages);
  const { lang } = useI18n();
  const { message } = App.useApp();
  const { effective } = useSession();
  const canManage = hasPermission(effective, 'integration.manage');
  const canRun = hasPermission(effective, 'exports.run');
  const targets = useExportTargets();
  const profiles = useExportProfiles();
  const run = useRunExport();
  const remove = useDeleteExportTarget();
  const [tab, setTab] = useState('targets');
  const [runsOf, setRunsOf] = useState('');
  const [dialog, setDialog] = useState<{ editing: ExportTargetRow | null } | null>(null);
  const [profileId, setProfileId] = useState<string | null>(null);
  const profileList = profiles.data ?? [];
  const profileName = (id: string) => {
    const p = profileList.find((x) => x.id === id);
    return p ? local(p.name, lang) : id;
  };
  const items = targets.data?.items ?? [];

  const targetsTable = targets.error ? (
    <QueryError error={targets.error} onRetry={() => void targets.refetch()} />
  ) : (
    <Table<ExportTargetRow>
      rowKey="id"
      size="middle"
      data-testid="targets-table"
      loading={targets.isFetching && !targets.data}
      dataSource={items}
      pagination={false}
      locale={{ emptyText: t('targetsEmpty') }}
      onRow={(x) => ({ 'data-target-id': x.id }) as React.HTMLAttributes<HTMLElement>}
      columns={[
        {
          key: 'name',
          title: t('targetName'),
          width: 170,
          render: (_, x) => (
            <Typography.Text strong data-user-text>
              {x.name}
            </Typography.Text>
          ),
        },
        {
          key: 'profile',
          title: t('profile'),
          render: (_, x) => (
            <Flex vertical gap={0}>
              <span>{x.profileName ? local(x.profileName, lang) : profileName(x.profileId)}</span>
              <Typography.Text type="secondary" className="mono" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
                {x.profileId}@{x.profileVersion}
              </Typography.Text>
            </Flex>
          ),
        },
        { key: 'format', title: t('format'), width: 70, render: (_, x) => <Tag>{x.format.toUpperCase()}</Tag> },
        { key: 'schedule', title: t('schedule'), width: 120, render: (_, x) => scheduleText(t, x) },
        {
          key: 'incremental',
          title: t('incremental'),
          width: 80,
          render: (_, x) => (x.incremental ? <Tag color="blue">{t('incremental')}</Tag> : <Tag>{t('full')}</Tag>),
        },
        {
          key: 'enabled',
          title: t('enabled'),
          width: 70,
          render: (_, x) => (x.enabled ? <Tag color="success">{t('yes')}</Tag> : <Tag>{t('no')}</Tag>),
        },
        {
          key: 'lastRun',
          title: t('lastRun'),
          width: 190,
          render: (_, x) =>
            x.lastRun ? (
              <Flex gap={6} align="center" wrap>
                <RunStatus run={x.lastRun} />
                <span>{fmtMinute(x.lastRun.startedAt)}</span>
                {x.lastRun.rowCount != null && (
                  <Typography.Text type="secondary">{t('rowsN', { n: x.lastRun.rowCount })}</Typography.Text>
                )}
              </Flex>
            ) : (
              <Typography.Text type="secondary">{t('never')}</Typography.Text>
            ),
        },
        {
          key: 'actions',
          title: t('actions'),
          width: 320,
          render: (_, x) => (
            <Space size={0}>
              {canRun && (
                <Button
                  size="small"
                  type="link"
                  icon={<PlayCircleOutlined />}
                  data-testid="target-run"
                  loading={run.isPending && run.variables === x.id}
                  onClick={async () => {
                    try {
                      await run.mutateAsync(x.id);
                      message.success(t('runStarted', { name: x.name }));
                      setRunsOf(x.id);
                      setTab('runs');
                    } catch (e) {
                      message.error(errorText(e));
                    }
                  }}
                >
                  {t('runNow')}
                </Button>
              )}
              <Button
                size="small"
                type="link"
                onClick={() => {
                  setRunsOf(x.id);
                  setTab('runs');
                }}
              >
                {t('runs')}
              </Button>
              {canManage && (
                <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setDialog({ editing: x })}>
                  {t('edit')}
                </Button>
              )}
              {canManage && (
                <ConfirmAction
                  confirm={t('targetDeleteConfirm', { name: x.name })}
                  okText={t('targetDelete')}
                  cancelText={t('cancel')}
                  label={t('targetDelete')}
                  danger
                  doneText={t('targetDeleted', { name: x.name })}
                  run={() => remove.mutateAsync(x.id)}
                />
              )}
            </Space>
          ),
        },
      ]}
    />
  );

  const profilesTable = profiles.error ? (
    <QueryError error={profiles.error} onRetry={() => void profiles.refetch()} />
  ) : (
    <Table<ExportProfile>
      rowKey={(p) => `${p.id}@${p.version}`}
      size="middle"
      data-testid="profiles-table"
      loading={profiles.isFetching && !profiles.data}
      dataSource={profileList}
      pagination={false}
      columns={[
        {
          key: 'name',
          title: t('profile'),
          width: 220,
          render: (_, p) => <Typography.Text strong>{local(p.name, lang)}</Typography.Text>,
        },
        {
          key: 'id',
          title: 'ID',
          width: 260,
          render: (_, p) => (
            <span className="mono" style={{ whiteSpace: 'nowrap' }}>
              {p.id}@{p.version}
            </span>
          ),
        },
        { key: 'entity', title: t('entity'), width: 80, render: (_, p) => t(`entity_${p.entity}` as IntegrationKey) },
        { key: 'target', title: t('profileTarget'), render: (_, p) => local(p.target, lang) },
        {
          key: 'actions',
          title: t('actions'),
          width: 100,
          render: (_, p) => (
            <Button
              size="small"
              type="link"
              icon={<ProfileOutlined />}
              onClick={() => setProfileId(`${p.id}@${p.version}`)}
              data-testid="profile-fields-open"
            >
              {t('viewFields')}
            </Button>
          ),
        },
      ]}
    />
  );

  return (
    <PageContainer
      title={t('exportsTitle')}
      description={t('exportsDesc')}
      extra={
        canManage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ editing: null })} data-testid="target-create">
            {t('targetCreate')}
          </Button>
        )
      }
    >
      <Card size="small">
        <Tabs
          activeKey={tab}
          onChange={setTab}
          data-testid="exports-tabs"
          items={[
            { key: 'targets', label: t('targets'), children: targetsTable },
            {
              key: 'runs',
              label: t('runs'),
              children: <RunsTable targets={items} targetId={runsOf} setTargetId={setRunsOf} />,
            },
            { key: 'profiles', label: t('profiles'), children: profilesTable },
          ]}
        />
      </Card>
      {dialog && <TargetDialog editing={dialog.editing} profiles={profileList} onClose={() => setDialog(null)} />}
      <ProfileDrawer id={profileId} onClose={() => setProfileId(null)} />
    </PageContainer>
  );
}
