import { useState } from 'react';
import { App, Button, DatePicker, Empty, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { DeleteOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { Link } from 'react-router';
import type { LawDocType } from '@yuanan/contracts';
import { applyFormErrors, errorText } from '../../api/errors.ts';
import { ConfirmAction } from '../../components/confirm-action.tsx';
import { FormDialog } from '../../components/form-dialog.tsx';
import { ListTable, type ListColumn } from '../../components/list-page/index.ts';
import { QueryError } from '../../components/query-error.tsx';
import { useMessages } from '../../i18n/feature.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { docTypeOptions, docTypeText, ScopeTag, StatusTag } from './labels.tsx';
import { lawMessages } from './messages.ts';
import { useLawDocument, useLawDocuments, useLawMutations, type LawDocumentListItem } from './queries.ts';

interface MetaValues {
  title: string;
  docType: LawDocType;
  issuingBody: string;
  docNumber?: string;
  repealedOn?: Dayjs | null;
}

/**
 * 文件与版本: the documents this tenant may edit (a zone's own; the platform library for the operator), with their
 * metadata, repeal date and versions (delete a version no record cites). Platform documents seen by a zone are
 * listed read-only.
 */
export function DocumentsPanel({ platform, onAddVersion }: { platform: boolean; onAddVersion: (documentId: string) => void }) {
  const t = useMessages(lawMessages);
  const { lang } = useI18n();
  const [page, setPage] = useState(1);
  const list = useLawDocuments({ scope: platform ? 'platform' : 'zone', page, pageSize: 20 });
  const [editing, setEditing] = useState<{ id: string; repeal: boolean } | null>(null);
  const columns: ListColumn<LawDocumentListItem>[] = [
    {
      key: 'title',
      title: t('title'),
      width: 280,
      grow: true,
      ellipsis: true,
      render: (_: unknown, r) =>
        r.versionId ? (
          <Link to={`/laws/read/${r.versionId}`} data-user-text data-testid="law-doc-open" data-id={r.id}>
            {r.title}
          </Link>
        ) : (
          <span data-user-text>{r.title}</span>
        ),
    },
    { key: 'type', title: t('docType'), width: 130, render: (_: unknown, r) => docTypeText(r.docType, lang) },
    {
      key: 'issuer',
      title: t('issuer'),
      width: 180,
      ellipsis: true,
      priority: 2,
      render: (_: unknown, r) => <span data-user-text>{r.issuingBody}</span>,
    },
    { key: 'status', title: t('status'), width: 110, render: (_: unknown, r) => <StatusTag status={r.status} lang={lang} /> },
    { key: 'versions', title: t('versions'), width: 80, align: 'right', render: (_: unknown, r) => r.versionCount },
    {
      key: 'repealed',
      title: t('repealedOn'),
      width: 120,
      priority: 2,
      render: (_: unknown, r) => r.repealedOn ?? t('none'),
    },
    {
      key: 'scope',
      title: t('scope'),
      width: 130,
      priority: 3,
      render: (_: unknown, r) => <ScopeTag scope={r.scope} lang={lang} />,
    },
  ];
  if (list.error) return <QueryError error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <>
      <ListTable<LawDocumentListItem>
        rowKey="id"
        testId="law-docs-table"
        columns={columns}
        items={list.data?.items ?? []}
        loading={list.isFetching}
        empty={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('docsEmpty')} />}
        pagination={{
          current: page,
          pageSize: 20,
          total: list.data?.total ?? 0,
          onChange: (p: number) => setPage(p),
          showSizeChanger: false,
        }}
        expandable={{
          expandedRowRender: (r: LawDocumentListItem) => <Versions documentId={r.id} editable={r.editable} />,
        }}
        actions={{
          width: 200,
          render: (r: LawDocumentListItem) =>
            r.editable ? (
              <Space size={0}>
                <Button
                  size="small"
                  type="link"
                  onClick={() => setEditing({ id: r.id, repeal: false })}
                  data-testid="law-doc-edit"
                >
                  {t('editMeta')}
                </Button>
                <Button
                  size="small"
                  type="link"
                  onClick={() => setEditing({ id: r.id, repeal: true })}
                  data-testid="law-doc-repeal"
                >
                  {t('repeal')}
                </Button>
                <Button size="small" type="link" onClick={() => onAddVersion(r.id)} data-testid="law-doc-add-version">
                  {t('addVersion')}
                </Button>
              </Space>
            ) : (
              <Typography.Text type="secondary">{t('readOnlyPlatform')}</Typography.Text>
            ),
        }}
      />
      {editing && <MetaDialog documentId={editing.id} repeal={editing.repeal} onClose={() => setEditing(null)} />}
    </>
  );
}

/** A document's versions, oldest first, with their status today; delete where editable. */
function Versions({ documentId, editable }: { documentId: string; editable: boolean }) {
  const t = useMessages(lawMessages);
  const { lang } = useI18n();
  const d = useLawDocument(documentId);
  const m = useLawMutations();
  if (d.error) return <QueryError error={d.error} onRetry={() => void d.refetch()} />;
  return (
    <Table
      size="small"
      rowKey="id"
      loading={d.isLoading}
      pagination={false}
      dataSource={d.data?.versions ?? []}
      data-testid="law-doc-versions"
      columns={[
        {
          title: t('version'),
          dataIndex: 'label',
          render: (_: unknown, v) => (
            <Link to={`/laws/read/${v.id}`} data-user-text data-testid="law-doc-version" data-id={v.id}>
              {v.label}
            </Link>
          ),
        },
        { title: t('effectiveOn'), dataIndex: 'effectiveOn', width: 120 },
        { title: t('promulgatedOn'), dataIndex: 'promulgatedOn', width: 120, render: (x: string | null) => x ?? t('none') },
        { title: t('articles'), dataIndex: 'articleCount', width: 80, align: 'right' },
        { title: t('status'), dataIndex: 'status', width: 110, render: (s: string) => <StatusTag status={s} lang={lang} /> },
        ...(editable
          ? [
              {
                title: t('actions'),
                key: 'ops',
                width: 130,
                render: (_: unknown, v: { id: string }) => (
                  <ConfirmAction
                    confirm={t('deleteVersionConfirm')}
                    okText={t('ok')}
                    cancelText={t('cancel')}
                    label={t('deleteVersion')}
                    icon={<DeleteOutlined />}
                    danger
                    doneText={t('deleted')}
                    run={() => m.deleteVersion.mutateAsync(v.id)}
                  />
                ),
              },
            ]
          : []),
      ]}
    />
  );
}

/** Metadata or the repeal date of a document (optimistic lock: the document's `version`). */
function MetaDialog({ documentId, repeal, onClose }: { documentId: string; repeal: boolean; onClose: () => void }) {
  const t = useMessages(lawMessages);
  const { lang } = useI18n();
  const { message } = App.useApp();
  const d = useLawDocument(documentId);
  const m = useLawMutations();
  const [form] = Form.useForm<MetaValues>();
  if (!d.data) return null;
  const doc = d.data;
  const submit = async (v: MetaValues) => {
    try {
      await m.update.mutateAsync(
        repeal
          ? { id: doc.id, version: doc.version, repealedOn: v.repealedOn ? v.repealedOn.format('YYYY-MM-DD') : null }
          : {
              id: doc.id,
              version: doc.version,
              title: v.title.trim(),
              docType: v.docType,
              issuingBody: v.issuingBody.trim(),
              docNumber: v.docNumber?.trim() || null,
            },
      );
      message.success(t('saved'));
      return true;
    } catch (e) {
      if (!applyFormErrors(form, e)) message.error(errorText(e));
      return false;
    }
  };
  return (
    <FormDialog<MetaValues>
      form={form}
      title={
        <span>
          {repeal ? t('repeal') : t('editMeta')} · <span data-user-text>{doc.title}</span>
        </span>
      }
      okText={t('save')}
      cancelText={t('cancel')}
      pending={m.update.isPending}
      okTestId="law-meta-save"
      danger={repeal}
      width={560}
      initialValues={{
        title: doc.title,
        docType: doc.docType,
        issuingBody: doc.issuingBody,
        docNumber: doc.docNumber ?? undefined,
        repealedOn: doc.repealedOn ? dayjs(doc.repealedOn) : null,
      }}
      before={repeal ? <Typography.Paragraph type="secondary">{t('repealHint')}</Typography.Paragraph> : undefined}
      submit={submit}
      onClose={onClose}
    >
      {repeal ? (
        <Form.Item name="repealedOn" label={t('repealedOn')}>
          <DatePicker allowClear data-testid="law-meta-repealed" />
        </Form.Item>
      ) : (
        <>
          <Form.Item
            name="title"
            label={t('docTitle')}
            rules={[{ required: true, whitespace: true, max: 200, message: t('required', { f: t('docTitle') }) }]}
          >
            <Input maxLength={200} data-testid="law-meta-title" />
          </Form.Item>
          <Form.Item name="docType" label={t('docType')} rules={[{ required: true }]}>
            <Select options={docTypeOptions(lang)} />
          </Form.Item>
          <Form.Item
            name="issuingBody"
            label={t('issuer')}
            rules={[{ required: true, whitespace: true, max: 100, message: t('required', { f: t('issuer') }) }]}
          >
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="docNumber" label={t('docNumber')} rules={[{ max: 100 }]}>
            <Input maxLength={100} />
          </Form.Item>
        </>
      )}
      {repeal && doc.repealedOn && <Tag color="red">{`${t('repealedOn')} ${doc.repealedOn}`}</Tag>}
    </FormDialog>
  );
}
