import { useState } from 'react';
import { App, Button, Card, Input, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { EditOutlined, PlusOutlined, StopOutlined, UserOutlined } from '@ant-design/icons';
import { GRANT_STATE_LABELS, type Bureau, type GrantState, type SupervisionGrant } from '@yuanan/contracts';
import { errorText } from '../../api/errors.ts';
import { useBureaus, useGrants, useRevokeGrant } from '../../api/supervision-queries.ts';
import { ListPage, useListQuery } from '../../components/list-page/index.ts';
import { fmtTime } from '../../components/time.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { useMessages } from '../../i18n/feature.ts';
import { BureauAccountDialog } from './bureau-account-dialog.tsx';
import { CreateBureauDrawer } from './create-bureau-drawer.tsx';
import { GrantModal, toPlatformWall } from './grant-modal.tsx';
import { supMessages } from './messages.ts';

/** A grant's time on the platform's clock, as the grant dialog takes it. */
const beijing = (iso: string) => toPlatformWall(iso).format('YYYY-MM-DD HH:mm');

const STATE_COLOURS: Record<GrantState, string> = {
  scheduled: 'blue',
  active: 'green',
  suspended: 'orange',
  expired: 'default',
  revoked: 'red',
};

/**
 * 监管机构与授权 (platform operator): the supervising bureaus with their first users, and the grants that let a bureau
 * read a zone for a time — create, change the validity, revoke.
 */
export function SupervisionPage() {
  const t = useMessages(supMessages);
  const { lang } = useI18n();
  const { message } = App.useApp();
  const [q, setQ] = useState('');
  const bureaus = useBureaus({ pageSize: 200, q: q || undefined });
  const lq = useListQuery({
    filters: [
      {
        key: 'bureauId',
        kind: 'select',
        label: t('bureau'),
        placeholder: t('all'),
        width: 200,
        options: (bureaus.data?.items ?? []).map((b) => ({ value: b.id, label: b.name })),
      },
      {
        key: 'state',
        kind: 'select',
        label: t('state'),
        placeholder: t('allStates'),
        width: 140,
        options: (Object.keys(GRANT_STATE_LABELS) as GrantState[]).map((s) => ({
          value: s,
          label: GRANT_STATE_LABELS[s][lang === 'en' ? 'en' : 'zh'],
        })),
      },
    ],
  });
  const grants = useGrants(lq.params);
  const revoke = useRevokeGrant();
  const [creatingBureau, setCreatingBureau] = useState(false);
  const [accountOf, setAccountOf] = useState<Bureau | null>(null);
  const [grantFor, setGrantFor] = useState<{ grant: SupervisionGrant | null; bureauId?: string } | null>(null);
  const [reason, setReason] = useState('');

  const doRevoke = async (g: SupervisionGrant) => {
    try {
      await revoke.mutateAsync({ id: g.id, reason: reason.trim() || undefined });
      message.success(t('revoked'));
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setReason('');
    }
  };

  const bureauCard = (
    <Card
      size="small"
      title={t('bureauList')}
      extra={
        <Input.Search
          allowClear
          placeholder={t('searchBureau')}
          onSearch={(v) => setQ(v.trim())}
          style={{ width: 220 }}
          data-testid="bureau-search"
        />
      }
    >
      <Table<Bureau>
        rowKey="id"
        size="small"
        loading={bureaus.isFetching}
        dataSource={bureaus.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('noBureaus') }}
        data-testid="bureaus-table"
        columns={[
          {
            key: 'name',
            title: t('bureauName'),
            dataIndex: 'name',
            render: (v: string) => <Typography.Text strong>{v}</Typography.Text>,
          },
          {
            key: 'code',
            title: t('bureauCode'),
            dataIndex: 'code',
            width: 140,
            render: (v: string) => (
              <Typography.Text className="mono" copyable>
                {v}
              </Typography.Text>
            ),
          },
          { key: 'region', title: t('region'), dataIndex: 'region', ellipsis: true },
          { key: 'activeGrants', title: t('activeGrants'), dataIndex: 'activeGrants', width: 100, align: 'right' },
          { key: 'users', title: t('users'), dataIndex: 'users', width: 80, align: 'right' },
          {
            key: 'status',
            title: t('status'),
            dataIndex: 'status',
            width: 90,
            render: (s: Bureau['status']) =>
              s === 'active' ? <Tag color="green">{t('active')}</Tag> : <Tag>{t('disabled')}</Tag>,
          },
          { key: 'createdAt', title: t('createdAt'), dataIndex: 'createdAt', width: 170, render: (v: string) => fmtTime(v) },
          {
            key: 'actions',
            title: '',
            width: 270,
            render: (_: unknown, b: Bureau) => (
              <Space size={4}>
                <Button type="link" size="small" onClick={() => lq.setFilters({ ...lq.urlFilters, bureauId: b.id })}>
                  {t('grantsOf')}
                </Button>
                <Button
                  type="link"
                  size="small"
                  icon={<PlusOutlined />}
                  disabled={b.status !== 'active'}
                  onClick={() => setGrantFor({ grant: null, bureauId: b.id })}
                >
                  {t('createGrant')}
                </Button>
                <Button
                  type="link"
                  size="small"
                  icon={<UserOutlined />}
                  onClick={() => setAccountOf(b)}
                  data-testid="bureau-accounts"
                >
                  {t('accounts')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );

  return (
    <ListPage<SupervisionGrant>
      title={t('title')}
      description={t('desc')}
      extra={
        <>
          <Button icon={<PlusOutlined />} onClick={() => setCreatingBureau(true)} data-testid="bureau-create">
            {t('createBureau')}
          </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setGrantFor({ grant: null })} data-testid="grant-create">
            {t('createGrant')}
          </Button>
        </>
      }
      before={bureauCard}
      lq={lq}
      list={grants}
      testId="grants"
      tableTitle={t('grantList')}
      emptyText={t('noGrants')}
      table={{
        rowKey: 'id',
        columns: [
          {
            key: 'bureau',
            title: t('bureau'),
            dataIndex: 'bureauName',
            width: 180,
            grow: true,
            ellipsis: true,
            render: (v: string) => <Typography.Text strong>{v}</Typography.Text>,
          },
          { key: 'zone', title: t('zone'), dataIndex: 'zoneName', width: 160, ellipsis: true },
          {
            key: 'validity',
            title: t('validityTz'),
            width: 310,
            render: (_: unknown, g: SupervisionGrant) => (
              <span className="mono" style={{ whiteSpace: 'nowrap' }}>
                {beijing(g.validFrom)} — {beijing(g.validUntil)}
              </span>
            ),
          },
          {
            key: 'state',
            title: t('state'),
            dataIndex: 'state',
            width: 150,
            render: (s: GrantState, g: SupervisionGrant) => (
              <Space size={4} orientation="vertical">
                <Tag color={STATE_COLOURS[s]} data-testid={`grant-state-${g.id}`}>
                  {GRANT_STATE_LABELS[s][lang === 'en' ? 'en' : 'zh']}
                </Tag>
                {g.suspendedBy && (
                  <Typography.Text type="warning" style={{ fontSize: 12 }} data-testid={`grant-suspended-${g.id}`}>
                    {t(
                      g.suspendedBy === 'bureau'
                        ? 'suspendedByBureau'
                        : g.suspendedBy === 'zone'
                          ? 'suspendedByZone'
                          : 'suspendedByBoth',
                    )}
                  </Typography.Text>
                )}
                {g.revokedAt && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('revokedAt', { time: beijing(g.revokedAt) })}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          { key: 'note', title: t('note'), dataIndex: 'note', width: 160, ellipsis: true, priority: 2 },
        ],
        actions: {
          width: 160,
          render: (g: SupervisionGrant) =>
            g.state === 'revoked' ? null : (
              <Space size={4}>
                <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setGrantFor({ grant: g })}>
                  {t('edit')}
                </Button>
                {g.state !== 'expired' && (
                  <Popconfirm
                    title={t('revokeConfirm', { bureau: g.bureauName, zone: g.zoneName })}
                    description={
                      <div style={{ maxWidth: 300 }}>
                        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                          {t('revokeDesc')}
                        </Typography.Paragraph>
                        <Input
                          placeholder={t('revokeReason')}
                          value={reason}
                          maxLength={200}
                          onChange={(e) => setReason(e.target.value)}
                        />
                      </div>
                    }
                    okText={t('revoke')}
                    okButtonProps={{ danger: true }}
                    cancelText={t('cancel')}
                    onConfirm={() => doRevoke(g)}
                  >
                    <Button type="link" size="small" danger icon={<StopOutlined />} data-testid={`grant-revoke-${g.id}`}>
                      {t('revoke')}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ),
        },
      }}
    >
      <CreateBureauDrawer open={creatingBureau} onClose={() => setCreatingBureau(false)} />
      <BureauAccountDialog bureau={accountOf} onClose={() => setAccountOf(null)} />
      <GrantModal
        open={!!grantFor}
        grant={grantFor?.grant ?? null}
        bureauId={grantFor?.bureauId}
        onClose={() => setGrantFor(null)}
      />
    </ListPage>
  );
}
