import { useRef, useState } from 'react';
import { App, Button, Form, Input, Modal, Space, Table, Tag, Tooltip } from 'antd';
import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useChanges, useDecideChange } from '../../api/enterprise-queries.ts';
import { errorText, isApiError } from '../../api/errors.ts';
import type { ChangeRequest } from '../../api/types.ts';
import { useEnterpriseNames } from '../../api/zone-queries.ts';
import { hasPermission } from '../../auth/access.ts';
import { useSession } from '../../auth/session.tsx';
import { ListPage, useListQuery } from '../../components/list-page/index.ts';
import { fmtMinute } from '../../components/time.ts';
import { useI18n, useT } from '../../i18n/i18n.tsx';
import { useMessages } from '../../i18n/feature.ts';
import { useZoneLists } from './catalog.ts';
import { enterpriseFieldLabel } from './labels.ts';
import { entMessages } from './messages.ts';
import { validated } from '../../components/validated.ts';
import { usePunct } from '../../i18n/punct.ts';

type Status = ChangeRequest['status'];
const STATUS_COLOURS: Record<Status, string> = { pending: 'gold', approved: 'green', rejected: 'red', superseded: 'default' };
/** A pending request whose starting values were changed since: approving it would overwrite newer values. */
const STALE_TEXT = {
  'zh-CN': {
    tag: '已过期/值已变更',
    hint: '申请提交后，这些字段已被修改（现值与申请时的原值不同），不能再通过；请驳回，让企业按最新信息重新提交。',
    field: '已变更',
    now: '现值',
  },
  en: {
    tag: 'Stale: value changed',
    hint: 'These fields changed after the request was made (the current value is not the one it started from), so it can no longer be approved; reject it and ask for a new one.',
    field: 'changed',
    now: 'now',
  },
} as const;

/** 变更审核: key-field changes enterprises submitted, as before → after, approved or rejected with a comment. */
export function ChangesPage() {
  const t = useMessages(entMessages);
  const tc = useT();
  const { lang } = useI18n();
  const pn = usePunct();
  const { message } = App.useApp();
  const { effective } = useSession();
  const lq = useListQuery({
    filters: [
      {
        key: 'status',
        kind: 'segmented',
        defaultValue: 'pending',
        testId: 'changes-status',
        options: (['pending', 'approved', 'rejected', 'superseded'] as const).map((v) => ({ value: v, label: t(v) })),
      },
      // From an enterprise's file: only its requests.
      { key: 'enterpriseId', kind: 'hidden' },
    ],
  });
  const status = lq.filters.status as Status;
  const list = useChanges(lq.params);
  const decide = useDecideChange();
  const lists = useZoneLists();
  const names = useEnterpriseNames(hasPermission(effective, 'enterprises.read'));
  const [deciding, setDeciding] = useState<{ c: ChangeRequest; approve: boolean } | null>(null);
  const [form] = Form.useForm<{ comment: string }>();
  const canDecide = hasPermission(effective, 'enterprises.approve');
  const stale = STALE_TEXT[lang === 'en' ? 'en' : 'zh-CN'];

  const show = (field: string, v: unknown): string => {
    if (v === null || v === undefined || v === '') return '—';
    if (field === 'gridId') return lists.gridName.get(String(v)) ?? String(v);
    if (field === 'landlordEnterpriseId') return names.get(String(v)) ?? String(v);
    if (field === 'keyPlaceTags' && Array.isArray(v))
      return pn.list(v.map((c) => lists.tagName.get(String(c)) ?? String(c))) || '—';
    if (typeof v === 'boolean') return v ? t('yes') : t('no');
    if (typeof v === 'object') return JSON.stringify(v);
    return String(v);
  };

  // A double click must not send the decision twice: the pending state only shows after a render.
  const sending = useRef(false);
  const submit = async () => {
    if (!deciding || sending.current) return;
    const values = await validated(form);
    if (!values) return;
    const { comment } = values;
    const { c, approve } = deciding;
    sending.current = true;
    try {
      await decide.mutateAsync({ id: c.id, approve, comment: comment?.trim() || undefined, enterpriseId: c.enterpriseId });
      message.success(approve ? t('approvedOk') : t('rejectedOk'));
      setDeciding(null);
      form.resetFields();
    } catch (e) {
      message.error(errorText(e));
      // Decided meanwhile (or stale): the dialog has nothing left to decide; the refreshed list shows the outcome.
      if (isApiError(e, 'already_decided') || isApiError(e, 'stale') || isApiError(e, 'not_found')) {
        setDeciding(null);
        form.resetFields();
      }
      void list.refetch();
    } finally {
      sending.current = false;
    }
  };

  return (
    <ListPage<ChangeRequest>
      title={t('changesTitle')}
      description={t('changesDesc')}
      lq={lq}
      list={list}
      testId="changes"
      emptyText={t('changesEmpty')}
      toolbar={
        lq.filters.enterpriseId && (
          <Tag closable onClose={() => lq.setFilters({ status: lq.urlFilters.status })}>
            {names.get(lq.filters.enterpriseId) ?? t('name')}
          </Tag>
        )
      }
      table={{
        rowKey: 'id',
        testId: 'changes-table',
        expandable: {
          defaultExpandAllRows: true,
          expandedRowRender: (c) => (
            <Table<{ field: string; before: unknown; after: unknown }>
              size="small"
              rowKey="field"
              pagination={false}
              className="diff-table"
              dataSource={Object.entries(c.changes).map(([field, [before, after]]) => ({ field, before, after }))}
              columns={[
                {
                  title: t('field'),
                  dataIndex: 'field',
                  width: 200,
                  render: (f: string) => (
                    <>
                      {enterpriseFieldLabel(f, lang)}
                      {c.status === 'pending' && c.staleFields.includes(f) && (
                        <Tag color="volcano" style={{ marginInlineStart: 8 }} data-testid="change-stale-field">
                          {stale.field}
                        </Tag>
                      )}
                    </>
                  ),
                },
                {
                  title: t('before'),
                  dataIndex: 'before',
                  render: (v: unknown, r) => (
                    <>
                      <span style={{ color: '#a8071a' }}>{show(r.field, v)}</span>
                      {/* A stale field: what approving would overwrite today, not only what the request started from. */}
                      {c.status === 'pending' && r.field in c.currentValues && (
                        <div data-testid="change-current-value" style={{ color: '#ad4e00' }}>
                          {stale.now}: {show(r.field, c.currentValues[r.field])}
                        </div>
                      )}
                    </>
                  ),
                },
                {
                  title: t('after'),
                  dataIndex: 'after',
                  render: (v: unknown, r) => <span style={{ color: '#237804', fontWeight: 500 }}>{show(r.field, v)}</span>,
                },
              ]}
            />
          ),
        },
        columns: [
          {
            key: 'name',
            title: t('name'),
            dataIndex: 'enterpriseName',
            width: 200,
            grow: true,
            ellipsis: true,
            render: (v: string, c: ChangeRequest) => <Link to={`/enterprises/${c.enterpriseId}`}>{v}</Link>,
          },
          { key: 'by', title: t('requestedBy'), dataIndex: 'requestedByName', width: 110, ellipsis: true },
          {
            key: 'at',
            title: t('requestedAt'),
            dataIndex: 'createdAt',
            width: 140,
            priority: 2,
            render: (v: string) => fmtMinute(v),
          },
          {
            key: 'fields',
            title: t('changedFields'),
            width: 220,
            ellipsis: true,
            render: (_: unknown, c: ChangeRequest) => pn.list(Object.keys(c.changes).map((f) => enterpriseFieldLabel(f, lang))),
          },
          {
            key: 'status',
            title: tc('common.status'),
            dataIndex: 'status',
            width: 160,
            render: (st: Status, c: ChangeRequest) => (
              <Space size={4} wrap>
                <Tag color={STATUS_COLOURS[st]}>{t(st)}</Tag>
                {st === 'pending' && c.staleFields.length > 0 && (
                  <Tooltip title={stale.hint}>
                    <Tag color="volcano" data-testid="change-stale">
                      {stale.tag}
                    </Tag>
                  </Tooltip>
                )}
              </Space>
            ),
          },
          ...(status === 'pending'
            ? []
            : [
                {
                  key: 'decidedAt',
                  title: t('decidedAt'),
                  dataIndex: 'decidedAt',
                  width: 140,
                  priority: 2 as const,
                  render: (v: string | null) => fmtMinute(v),
                },
                { key: 'comment', title: t('comment'), dataIndex: 'comment', width: 180, priority: 3 as const, ellipsis: true },
              ]),
        ],
        actions:
          status === 'pending' && canDecide
            ? {
                width: 190,
                render: (c: ChangeRequest) => (
                  <Space>
                    <Tooltip title={c.staleFields.length ? stale.hint : undefined}>
                      <Button
                        type="primary"
                        size="small"
                        icon={<CheckOutlined />}
                        disabled={c.staleFields.length > 0}
                        onClick={() => setDeciding({ c, approve: true })}
                        data-testid="change-approve"
                      >
                        {t('approve')}
                      </Button>
                    </Tooltip>
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
              }
            : null,
      }}
    >
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
    </ListPage>
  );
}
