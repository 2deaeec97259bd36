import { useMemo, useState } from 'react';
import { Alert, App, Button, Descriptions, Flex, Tag, Typography } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import type { AuditEntry } from '@yuanan/contracts';
import type { ApiClient } from '@yuanan/sdk';
import { errorText } from '../../api/errors.ts';
import { useAudit, useUsers, useVerifyAudit } from '../../api/zone-queries.ts';
import { hasPermission } from '../../auth/access.ts';
import { useSession } from '../../auth/session.tsx';
import { DiffViewer } from '../../components/diff-viewer.tsx';
import { useTenants } from '../../api/platform-queries.ts';
import { useBureaus } from '../../api/supervision-queries.ts';
import { ListPage, useListQuery } from '../../components/list-page/index.ts';
import { useRoleLabel } from '../../components/role-label.ts';
import { fmtTime } from '../../components/time.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { usePunct } from '../../i18n/punct.ts';
import { actionLabel, AUDIT_ACTIONS, AUDIT_ENTITY_TYPES, entityLabel } from '../../i18n/labels.ts';

type VerifyResult = Awaited<ReturnType<ApiClient['audit']['verify']>>;

const OP_COLOR: Record<AuditEntry['op'], string> = { create: 'green', update: 'blue', delete: 'red', event: 'purple' };

/** An id too long to read, cut to its last characters (uuids differ at the end). */
const shortId = (id: string) => (id.length > 12 ? `…${id.slice(-6)}` : id);

/** The entity in words: its type and what it is called (the api's `entityName`), else its type and a short id. */
function entityText(a: AuditEntry, lang: 'zh-CN' | 'en'): string {
  const type = entityLabel(a.entityType, lang);
  return a.entityName ? `${type} ${a.entityName}` : a.entityId ? `${type} ${shortId(a.entityId)}` : type;
}

/** 操作留痕: the hash-chained audit trail with filters, a diff viewer and chain verification. */
export function AuditPage() {
  const { t, lang } = useI18n();
  const pn = usePunct();
  const { message } = App.useApp();
  const { effective } = useSession();
  const roleName = useRoleLabel();
  const [verified, setVerified] = useState<VerifyResult | null>(null);
  const verify = useVerifyAudit();
  const inZone = effective?.tenant.kind === 'zone';
  const canPeople = inZone && hasPermission(effective, 'users.read');
  const people = useUsers({ pageSize: 200 }, canPeople);
  // The platform's trail names zones and bureaus by their ids (a grant's bureauId and zoneId): name them.
  const onPlatform = effective?.tenant.kind === 'platform';
  const zones = useTenants({ pageSize: 200 }, onPlatform);
  const bureaus = useBureaus({ pageSize: 200 }, onPlatform);
  const lq = useListQuery({
    filters: [
      { key: 'range', kind: 'dateRange', keys: ['from', 'to'], time: true, label: t('audit.range') },
      {
        key: 'entityType',
        kind: 'select',
        label: t('audit.entityType'),
        placeholder: t('common.all'),
        width: 150,
        options: AUDIT_ENTITY_TYPES.map((e) => ({ value: e, label: entityLabel(e, lang) })),
      },
      {
        key: 'action',
        kind: 'select',
        label: t('audit.action'),
        placeholder: t('common.all'),
        width: 180,
        options: AUDIT_ACTIONS.map((a) => ({ value: a, label: actionLabel(a, lang) })),
      },
      {
        key: 'actorId',
        kind: 'select',
        label: t('audit.actor'),
        placeholder: t('common.all'),
        width: 180,
        show: canPeople,
        options: (people.data?.items ?? []).map((u) => ({
          value: u.id,
          label: `${u.name}${u.username ? pn.paren(u.username) : ''}`,
        })),
      },
    ],
  });
  const list = useAudit(lq.params);
  const canVerify = hasPermission(effective, 'audit.verify');
  const names = useMemo(() => {
    const m: Record<string, string> = {};
    if (effective) m[effective.tenant.id] = effective.tenant.kind === 'platform' ? t('layout.platform') : effective.tenant.name;
    for (const u of people.data?.items ?? []) m[u.id] = u.name;
    for (const z of zones.data?.items ?? []) m[z.id] = z.name;
    for (const b of bureaus.data?.items ?? []) m[b.id] = b.name;
    return m;
  }, [effective, people.data, zones.data, bureaus.data, t]);

  const runVerify = async () => {
    try {
      setVerified(await verify.mutateAsync());
    } catch (e) {
      message.error(errorText(e));
    }
  };

  return (
    <ListPage<AuditEntry>
      title={t('audit.title')}
      description={
        inZone ? t('audit.desc') : effective?.tenant.kind === 'bureau' ? t('audit.bureauDesc') : t('audit.platformDesc')
      }
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
      lq={lq}
      list={list}
      testId="audit"
      views="audit"
      tableTitle={t('audit.list')}
      emptyText={t('audit.empty')}
      before={
        verified &&
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
        ))
      }
      table={{
        rowKey: 'id',
        testId: 'audit-table',
        expandable: {
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
        },
        columns: [
          {
            key: 'seq',
            title: t('audit.seq'),
            dataIndex: 'seq',
            width: 80,
            render: (v: number | null) => (v === null ? <Tag>{t('audit.pending')}</Tag> : <span className="mono">#{v}</span>),
          },
          { key: 'at', title: t('audit.time'), dataIndex: 'at', width: 170, render: (v: string) => fmtTime(v) },
          {
            key: 'actor',
            title: t('audit.actor'),
            dataIndex: 'actorName',
            width: 170,
            ellipsis: { tip: (a: AuditEntry) => a.actorName },
            render: (v: string | null, a: AuditEntry) =>
              v ?? (
                <Typography.Text type="secondary">
                  {a.action.startsWith('auth.') ? t('audit.signingIn') : t('audit.system')}
                </Typography.Text>
              ),
          },
          {
            key: 'role',
            title: t('audit.role'),
            dataIndex: 'role',
            width: 130,
            priority: 2,
            render: (r: string | null) => (r ? roleName(r) : '—'),
          },
          {
            key: 'action',
            title: t('audit.action'),
            dataIndex: 'action',
            width: 180,
            grow: true,
            ellipsis: { tip: (a: AuditEntry) => `${actionLabel(a.action, lang)} · ${a.action}` },
            render: (a: string) => actionLabel(a, lang),
          },
          {
            key: 'entity',
            title: t('audit.entity'),
            width: 220,
            ellipsis: { tip: (a: AuditEntry) => entityText(a, lang) },
            render: (_: unknown, a: AuditEntry) => (
              <span data-testid="audit-entity">
                <Typography.Text type="secondary">{entityLabel(a.entityType, lang)}</Typography.Text>
                {(a.entityName || a.entityId) && (
                  <Typography.Text style={{ marginLeft: 6 }} className={a.entityName ? undefined : 'mono'}>
                    {a.entityName ?? shortId(a.entityId!)}
                  </Typography.Text>
                )}
              </span>
            ),
          },
          {
            key: 'op',
            title: t('audit.op'),
            dataIndex: 'op',
            width: 90,
            priority: 2,
            render: (op: AuditEntry['op']) => <Tag color={OP_COLOR[op]}>{t(`audit.op.${op}`)}</Tag>,
          },
        ],
      }}
    />
  );
}
