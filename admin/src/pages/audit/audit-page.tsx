import { useMemo, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Flex,
  Form,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { ReloadOutlined, SafetyCertificateOutlined, SearchOutlined } from '@ant-design/icons';
import type { AuditEntry } from '@yuanan/contracts';
import type { ApiClient } from '@yuanan/sdk';
import type { Dayjs } from 'dayjs';
import { errorText } from '../../api/errors.ts';
import { useAudit, useUsers, useVerifyAudit } from '../../api/zone-queries.ts';
import { hasPermission } from '../../auth/access.ts';
import { useSession } from '../../auth/session.tsx';
import { DiffViewer } from '../../components/diff-viewer.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { useRoleLabel } from '../../components/role-label.ts';
import { fmtTime } from '../../components/time.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { actionLabel, AUDIT_ACTIONS, AUDIT_ENTITY_TYPES, entityLabel } from '../../i18n/labels.ts';

type VerifyResult = Awaited<ReturnType<ApiClient['audit']['verify']>>;

interface FilterValues {
  range?: [Dayjs | null, Dayjs | null] | null;
  entityType?: string;
  action?: string;
  actorId?: string;
}
interface Filters {
  from?: string;
  to?: string;
  entityType?: string;
  action?: string;
  actorId?: string;
}

const OP_COLOR: Record<AuditEntry['op'], string> = { create: 'green', update: 'blue', delete: 'red', event: 'purple' };

/** 操作留痕: the hash-chained audit trail with filters, a diff viewer and chain verification. */
export function AuditPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const { effective } = useSession();
  const roleName = useRoleLabel();
  const [form] = Form.useForm<FilterValues>();
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [verified, setVerified] = useState<VerifyResult | null>(null);
  const list = useAudit({ ...filters, ...page });
  const verify = useVerifyAudit();
  const inZone = effective?.tenant.kind === 'zone';
  const people = useUsers({ pageSize: 200 }, inZone && hasPermission(effective, 'users.read'));
  const canVerify = hasPermission(effective, 'audit.verify');
  const names = useMemo(() => {
    const m: Record<string, string> = {};
    if (effective) m[effective.tenant.id] = effective.tenant.kind === 'platform' ? t('layout.platform') : effective.tenant.name;
    for (const u of people.data?.items ?? []) m[u.id] = u.name;
    return m;
  }, [effective, people.data, t]);

  const runVerify = async () => {
    try {
      setVerified(await verify.mutateAsync());
    } catch (e) {
      message.error(errorText(e));
    }
  };

  return (
    <PageContainer
      title={t('audit.title')}
      description={inZone ? t('audit.desc') : t('audit.platformDesc')}
      extra={
        canVerify && (
          <Button
            type="primary"
            icon={<SafetyCertificateOutlined />}
            loading={verify.isPending}
            onClick={runVerify}
            data-testid="audit-verify"
          >
            {t('audit.verify')}
          </Button>
        )
      }
    >
      {verified &&
        (verified.ok ? (
          <Alert
            type="success"
            showIcon
            closable={{ onClose: () => setVerified(null) }}
            title={t('audit.verifyOk')}
            description={t('audit.verifyOkDesc', { checked: verified.checked, head: verified.headSeq ?? 0 })}
            data-testid="verify-result"
          />
        ) : (
          <Alert
            type="error"
            showIcon
            closable={{ onClose: () => setVerified(null) }}
            title={t('audit.verifyBroken', { seq: verified.firstBroken?.seq ?? '?' })}
            description={t('audit.verifyBrokenDesc', {
              reason: verified.firstBroken ? t(`audit.reason.${verified.firstBroken.reason}`) : '—',
            })}
            data-testid="verify-result"
          />
        ))}
      <Card size="small">
        <Form
          form={form}
          layout="inline"
          className="filter-bar"
          onFinish={(v) => {
            setFilters({
              from: v.range?.[0]?.toISOString(),
              to: v.range?.[1]?.toISOString(),
              entityType: v.entityType || undefined,
              action: v.action || undefined,
              actorId: v.actorId || undefined,
            });
            setPage((p) => ({ ...p, page: 1 }));
          }}
        >
          <Flex wrap gap={12}>
            <Form.Item name="range" label={t('audit.range')}>
              <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" allowEmpty={[true, true]} />
            </Form.Item>
            <Form.Item name="entityType" label={t('audit.entityType')}>
              <Select
                allowClear
                placeholder={t('common.all')}
                style={{ width: 150 }}
                options={AUDIT_ENTITY_TYPES.map((e) => ({ value: e, label: entityLabel(e, lang) }))}
              />
            </Form.Item>
            <Form.Item name="action" label={t('audit.action')}>
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                placeholder={t('common.all')}
                style={{ width: 180 }}
                options={AUDIT_ACTIONS.map((a) => ({ value: a, label: actionLabel(a, lang) }))}
              />
            </Form.Item>
            {inZone && hasPermission(effective, 'users.read') && (
              <Form.Item name="actorId" label={t('audit.actor')}>
                <Select
                  allowClear
                  showSearch={{ optionFilterProp: 'label' }}
                  placeholder={t('common.all')}
                  style={{ width: 180 }}
                  loading={people.isLoading}
                  options={(people.data?.items ?? []).map((u) => ({
                    value: u.id,
                    label: `${u.name}${u.username ? `（${u.username}）` : ''}`,
                  }))}
                />
              </Form.Item>
            )}
            <Space>
              <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
                {t('common.search')}
              </Button>
              <Button
                onClick={() => {
                  form.resetFields();
                  setFilters({});
                }}
              >
                {t('common.reset')}
              </Button>
            </Space>
          </Flex>
        </Form>
      </Card>
      <Card
        title={t('audit.list')}
        extra={
          <Button type="text" icon={<ReloadOutlined />} onClick={() => void list.refetch()} aria-label={t('common.refresh')} />
        }
      >
        {list.isError && !list.data ? (
          <QueryError error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<AuditEntry>
            rowKey="id"
            size="middle"
            loading={list.isFetching}
            dataSource={list.data?.items ?? []}
            scroll={{ x: 1100 }}
            data-testid="audit-table"
            locale={{ emptyText: <Empty description={t('audit.empty')} /> }}
            pagination={{
              current: page.page,
              pageSize: page.pageSize,
              total: list.data?.total ?? 0,
              showSizeChanger: true,
              showTotal: (total) => t('common.total', { total }),
              onChange: (p, ps) => setPage({ page: p, pageSize: ps }),
            }}
            expandable={{
              expandRowByClick: true,
              expandedRowRender: (a) => (
                <Flex vertical gap={12} style={{ padding: '4px 8px' }}>
                  <Typography.Text strong>{t('audit.diff')}</Typography.Text>
                  <DiffViewer op={a.op} diff={a.diff} names={names} />
                  <Descriptions size="small" column={{ xs: 1, md: 2 }} title={t('audit.meta')}>
                    <Descriptions.Item label="IP">{a.ip ?? '—'}</Descriptions.Item>
                    <Descriptions.Item label={t('profile.sessionAgent')}>
                      <Typography.Text ellipsis={{ tooltip: a.userAgent }} style={{ maxWidth: 420 }}>
                        {a.userAgent ?? '—'}
                      </Typography.Text>
                    </Descriptions.Item>
                    <Descriptions.Item label="Request ID">
                      <span className="mono">{a.requestId ?? '—'}</span>
                    </Descriptions.Item>
                    <Descriptions.Item label="Hash">
                      <Typography.Text className="mono" ellipsis={{ tooltip: a.hash }} style={{ maxWidth: 420 }}>
                        {a.hash ?? t('audit.pending')}
                      </Typography.Text>
                    </Descriptions.Item>
                  </Descriptions>
                </Flex>
              ),
            }}
            columns={[
              {
                title: t('audit.seq'),
                dataIndex: 'seq',
                width: 80,
                render: (s: number | null) => (s === null ? <Tag>{t('audit.pending')}</Tag> : <span className="mono">#{s}</span>),
              },
              { title: t('audit.time'), dataIndex: 'at', width: 180, render: (v: string) => fmtTime(v) },
              {
                title: t('audit.actor'),
                dataIndex: 'actorName',
                width: 160,
                render: (v: string | null, a) =>
                  v ?? (
                    <Typography.Text type="secondary">
                      {a.action.startsWith('auth.') ? t('audit.signingIn') : t('audit.system')}
                    </Typography.Text>
                  ),
              },
              { title: t('audit.role'), dataIndex: 'role', width: 130, render: (r: string | null) => (r ? roleName(r) : '—') },
              {
                title: t('audit.action'),
                dataIndex: 'action',
                render: (a: string) => (
                  <Tooltip title={<span className="mono">{a}</span>}>
                    <span>{actionLabel(a, lang)}</span>
                  </Tooltip>
                ),
              },
              {
                title: t('audit.entity'),
                key: 'entity',
                render: (_, a) => (
                  <span>
                    {entityLabel(a.entityType, lang)}
                    {a.entityId && (
                      <Typography.Text type="secondary" className="mono" style={{ fontSize: 12, marginLeft: 6 }}>
                        {a.entityId.length > 12 ? `…${a.entityId.slice(-8)}` : a.entityId}
                      </Typography.Text>
                    )}
                  </span>
                ),
              },
              {
                title: t('audit.op'),
                dataIndex: 'op',
                width: 90,
                render: (op: AuditEntry['op']) => <Tag color={OP_COLOR[op]}>{t(`audit.op.${op}`)}</Tag>,
              },
            ]}
          />
        )}
      </Card>
    </PageContainer>
  );
}
