import { useState } from 'react';
import { App, Button, Card, Empty, Form, Input, Modal, Segmented, Space, Table, Tag, Typography } from 'antd';
import { CheckOutlined, CloseOutlined, ReloadOutlined } from '@ant-design/icons';
import { Link, useSearchParams } from 'react-router';
import { useChanges, useDecideChange } from '../../api/enterprise-queries.ts';
import { errorText } from '../../api/errors.ts';
import type { ChangeRequest } from '../../api/types.ts';
import { useEnterpriseNames } from '../../api/zone-queries.ts';
import { hasPermission } from '../../auth/access.ts';
import { useSession } from '../../auth/session.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { fmtMinute } from '../../components/time.ts';
import { useI18n, useT } from '../../i18n/i18n.tsx';
import { useMessages } from '../../i18n/feature.ts';
import { useZoneLists } from './catalog.ts';
import { enterpriseFieldLabel } from './labels.ts';
import { entMessages } from './messages.ts';

type Status = ChangeRequest['status'];
const STATUS_COLOURS: Record<Status, string> = { pending: 'gold', approved: 'green', rejected: 'red', superseded: 'default' };

/** 变更审核: key-field changes enterprises submitted, as before → after, approved or rejected with a comment. */
export function ChangesPage() {
  const t = useMessages(entMessages);
  const tc = useT();
  const { lang } = useI18n();
  const { message } = App.useApp();
  const { effective } = useSession();
  const [sp] = useSearchParams();
  const enterpriseId = sp.get('enterpriseId') ?? undefined;
  const [status, setStatus] = useState<Status>('pending');
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const list = useChanges({ status, enterpriseId, ...page });
  const decide = useDecideChange();
  const lists = useZoneLists();
  const names = useEnterpriseNames(hasPermission(effective, 'enterprises.read'));
  const [deciding, setDeciding] = useState<{ c: ChangeRequest; approve: boolean } | null>(null);
  const [form] = Form.useForm<{ comment: string }>();
  const canDecide = hasPermission(effective, 'enterprises.approve');

  const show = (field: string, v: unknown): string => {
    if (v === null || v === undefined || v === '') return '—';
    if (field === 'gridId') return lists.gridName.get(String(v)) ?? String(v);
    if (field === 'landlordEnterpriseId') return names.get(String(v)) ?? String(v);
    if (field === 'keyPlaceTags' && Array.isArray(v))
      return v.map((c) => lists.tagName.get(String(c)) ?? String(c)).join('、') || '—';
    if (typeof v === 'boolean') return v ? t('yes') : t('no');
    if (typeof v === 'object') return JSON.stringify(v);
    return String(v);
  };

  const submit = async () => {
    if (!deciding) return;
    const { comment } = await form.validateFields();
    const { c, approve } = deciding;
    try {
      await decide.mutateAsync({ id: c.id, approve, comment: comment?.trim() || undefined, enterpriseId: c.enterpriseId });
      message.success(approve ? t('approvedOk') : t('rejectedOk'));
      setDeciding(null);
      form.resetFields();
    } catch (e) {
      message.error(errorText(e));
      void list.refetch();
    }
  };

  return (
    <PageContainer title={t('changesTitle')} description={t('changesDesc')}>
      <Card
        title={
          <Segmented<Status>
            value={status}
            onChange={(v) => {
              setStatus(v);
              setPage((p) => ({ ...p, page: 1 }));
            }}
            options={[
              { value: 'pending', label: t('pending') },
              { value: 'approved', label: t('approved') },
              { value: 'rejected', label: t('rejected') },
              { value: 'superseded', label: t('superseded') },
            ]}
          />
        }
        extra={
          <Button type="text" icon={<ReloadOutlined />} onClick={() => void list.refetch()} aria-label={tc('common.refresh')} />
        }
      >
        {list.isError && !list.data ? (
          <QueryError error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<ChangeRequest>
            rowKey="id"
            loading={list.isFetching}
            dataSource={list.data?.items ?? []}
            data-testid="changes-table"
            locale={{ emptyText: <Empty description={t('changesEmpty')} /> }}
            expandable={{
              defaultExpandAllRows: true,
              expandedRowRender: (c) => (
                <Table<{ field: string; before: unknown; after: unknown }>
                  size="small"
                  rowKey="field"
                  pagination={false}
                  className="diff-table"
                  dataSource={Object.entries(c.changes).map(([field, [before, after]]) => ({ field, before, after }))}
                  columns={[
                    { title: t('field'), dataIndex: 'field', width: 200, render: (f: string) => enterpriseFieldLabel(f, lang) },
                    {
                      title: t('before'),
                      dataIndex: 'before',
                      render: (v: unknown, r) => <span style={{ color: '#a8071a' }}>{show(r.field, v)}</span>,
                    },
                    {
                      title: t('after'),
                      dataIndex: 'after',
                      render: (v: unknown, r) => <span style={{ color: '#237804', fontWeight: 500 }}>{show(r.field, v)}</span>,
                    },
                  ]}
                />
              ),
            }}
            pagination={{
              current: page.page,
              pageSize: page.pageSize,
              total: list.data?.total ?? 0,
              onChange: (p, ps) => setPage({ page: p, pageSize: ps }),
            }}
            columns={[
              {
                title: t('name'),
                dataIndex: 'enterpriseName',
                render: (v: string, c) => <Link to={`/enterprises/${c.enterpriseId}`}>{v}</Link>,
              },
              { title: t('requestedBy'), dataIndex: 'requestedByName', width: 120 },
              { title: t('requestedAt'), dataIndex: 'createdAt', width: 150, render: (v: string) => fmtMinute(v) },
              {
                title: t('changedFields'),
                key: 'fields',
                width: 260,
                render: (_: unknown, c) => (
                  <Typography.Text ellipsis style={{ maxWidth: 240 }}>
                    {Object.keys(c.changes)
                      .map((f) => enterpriseFieldLabel(f, lang))
                      .join('、')}
                  </Typography.Text>
                ),
              },
              {
                title: tc('common.status'),
                dataIndex: 'status',
                width: 90,
                render: (s: Status) => <Tag color={STATUS_COLOURS[s]}>{t(s)}</Tag>,
              },
              ...(status === 'pending'
                ? canDecide
                  ? [
                      {
                        title: tc('common.actions'),
                        key: 'actions',
                        width: 170,
                        render: (_: unknown, c: ChangeRequest) => (
                          <Space>
                            <Button
                              type="primary"
                              size="small"
                              icon={<CheckOutlined />}
                              onClick={() => setDeciding({ c, approve: true })}
                              data-testid="change-approve"
                            >
                              {t('approve')}
                            </Button>
                            <Button
                              size="small"
                              danger
                              icon={<CloseOutlined />}
                              onClick={() => setDeciding({ c, approve: false })}
                              data-testid="change-reject"
                            >
                              {t('reject')}
                            </Button>
                          </Space>
                        ),
                      },
                    ]
                  : []
                : [
                    { title: t('decidedAt'), dataIndex: 'decidedAt', width: 150, render: (v: string | null) => fmtMinute(v) },
                    { title: t('comment'), dataIndex: 'comment', render: (v: string | null) => v ?? '—' },
                  ]),
            ]}
          />
        )}
      </Card>
      <Modal
        open={!!deciding}
        title={
          deciding
            ? deciding.approve
              ? t('approveTitle', { name: deciding.c.enterpriseName })
              : t('rejectTitle', { name: deciding.c.enterpriseName })
            : ''
        }
        okText={deciding?.approve ? t('approve') : t('reject')}
        okButtonProps={{ danger: !deciding?.approve, 'data-testid': 'change-decide-ok' }}
        cancelText={tc('common.cancel')}
        confirmLoading={decide.isPending}
        onOk={() => void submit()}
        onCancel={() => setDeciding(null)}
        forceRender
      >
        <Form form={form} layout="vertical">
          <Form.Item
            name="comment"
            label={t('comment')}
            rules={deciding?.approve ? [] : [{ required: true, whitespace: true, message: t('rejectReasonRequired') }]}
          >
            <Input.TextArea maxLength={300} rows={3} placeholder={deciding?.approve ? t('commentPh') : undefined} />
          </Form.Item>
        </Form>
      </Modal>
    </PageContainer>
  );
}
