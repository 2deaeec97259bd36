import { useState } from 'react';
import { App, Button, Empty, Flex, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { applyFormErrors, errorText } from '../../api/errors.ts';
import { ConfirmAction } from '../../components/confirm-action.tsx';
import { FormDialog } from '../../components/form-dialog.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { useMessages } from '../../i18n/feature.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ScopeTag } from './labels.tsx';
import { lawMessages } from './messages.ts';
import { useSynonymMutations, useSynonyms, type LawSynonymGroup } from './queries.ts';

interface GroupValues {
  terms: string[];
  note?: string;
}

/**
 * 同义词: the groups of words searches treat as one (隐患 / 事故隐患). The platform's groups apply to every zone and
 * are read-only there; a zone adds its own.
 */
export function SynonymsPanel() {
  const t = useMessages(lawMessages);
  const { lang } = useI18n();
  const q = useSynonyms();
  const m = useSynonymMutations();
  const [editing, setEditing] = useState<LawSynonymGroup | 'new' | null>(null);
  if (q.error) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="flex-start" gap={16} wrap>
        <Typography.Paragraph type="secondary" style={{ margin: 0, maxWidth: 760 }}>
          {t('synDesc')}
        </Typography.Paragraph>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="law-syn-new">
          {t('synNew')}
        </Button>
      </Flex>
      <Table<LawSynonymGroup>
        size="middle"
        rowKey="id"
        loading={q.isLoading}
        dataSource={q.data?.items ?? []}
        pagination={(q.data?.items.length ?? 0) > 50 ? { pageSize: 50 } : false}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('synEmpty')} /> }}
        data-testid="law-syn-table"
        onRow={(r) => ({ 'data-testid': 'law-syn-row', 'data-id': r.id }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: t('synTerms'),
            dataIndex: 'terms',
            render: (terms: string[]) => (
              <Space size={[4, 4]} wrap data-user-text>
                {terms.map((w) => (
                  <Tag key={w} color="geekblue">
                    {w}
                  </Tag>
                ))}
              </Space>
            ),
          },
          {
            title: t('synNote'),
            dataIndex: 'note',
            width: 260,
            // The cell's own tooltip would carry the note outside the user-text mark.
            ellipsis: { showTitle: false },
            render: (n: string | null) =>
              n ? (
                <span data-user-text title={n}>
                  {n}
                </span>
              ) : (
                t('none')
              ),
          },
          { title: t('scope'), dataIndex: 'scope', width: 140, render: (s: string) => <ScopeTag scope={s} lang={lang} /> },
          {
            title: t('actions'),
            key: 'ops',
            width: 170,
            render: (_: unknown, r) =>
              r.editable ? (
                <Space size={0}>
                  <Button
                    size="small"
                    type="link"
                    icon={<EditOutlined />}
                    onClick={() => setEditing(r)}
                    data-testid="law-syn-edit"
                  >
                    {t('edit')}
                  </Button>
                  <ConfirmAction
                    confirm={t('synDeleteConfirm')}
                    okText={t('ok')}
                    cancelText={t('cancel')}
                    label={t('synDelete')}
                    icon={<DeleteOutlined />}
                    danger
                    doneText={t('deleted')}
                    run={() => m.remove.mutateAsync(r.id)}
                  />
                </Space>
              ) : (
                <Typography.Text type="secondary">{t('readOnlyPlatform')}</Typography.Text>
              ),
          },
        ]}
      />
      {editing && <GroupDialog group={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </Flex>
  );
}

function GroupDialog({ group, onClose }: { group: LawSynonymGroup | null; onClose: () => void }) {
  const t = useMessages(lawMessages);
  const { message } = App.useApp();
  const m = useSynonymMutations();
  const [form] = Form.useForm<GroupValues>();
  const submit = async (v: GroupValues) => {
    const terms = [...new Set(v.terms.map((x) => x.trim()).filter(Boolean))];
    const note = v.note?.trim() || null;
    try {
      if (group) await m.update.mutateAsync({ id: group.id, terms, note });
      else await m.create.mutateAsync({ terms, note });
      message.success(t('saved'));
      return true;
    } catch (e) {
      if (!applyFormErrors(form, e)) message.error(errorText(e));
      return false;
    }
  };
  return (
    <FormDialog<GroupValues>
      form={form}
      title={group ? t('synEdit') : t('synNew')}
      okText={t('save')}
      cancelText={t('cancel')}
      pending={m.create.isPending || m.update.isPending}
      okTestId="law-syn-save"
      width={560}
      initialValues={{ terms: group?.terms ?? [], note: group?.note ?? undefined }}
      submit={submit}
      onClose={onClose}
    >
      <Form.Item
        name="terms"
        label={t('synTerms')}
        rules={[
          {
            validator: async (_, v: string[] | undefined) => {
              const terms = [...new Set((v ?? []).map((x) => x.trim()).filter(Boolean))];
              if (terms.length < 2) throw new Error(t('synMin'));
              if (terms.length > 20) throw new Error(t('synMax'));
              if (terms.some((x) => x.length > 20)) throw new Error(t('synLen'));
            },
          },
        ]}
      >
        <Select
          mode="tags"
          open={false}
          tokenSeparators={[',', '，', '、', ' ', '/']}
          placeholder={t('synTermsPh')}
          data-testid="law-syn-terms"
        />
      </Form.Item>
      <Form.Item name="note" label={t('synNote')} rules={[{ max: 200 }]}>
        <Input maxLength={200} data-testid="law-syn-note" />
      </Form.Item>
    </FormDialog>
  );
}
