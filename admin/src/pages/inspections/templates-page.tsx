import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Col, Drawer, Form, Popconfirm, Row, Skeleton, Space, Tag, Tooltip, Typography } from 'antd';
import { CopyOutlined, EyeOutlined, PlusOutlined, SaveOutlined, SendOutlined, StopOutlined } from '@ant-design/icons';
import { useSearchParams } from 'react-router';
import { applyFormErrors, errorText } from '../../api/errors.ts';
import {
  useFullChecklist,
  useTemplate,
  useTemplateMutations,
  useTemplates,
  type CreateTemplate,
  type InspectionTemplate,
} from '../../api/inspection-queries.ts';
import { useCatalog } from '../../api/zone-queries.ts';
import { hasPermission } from '../../auth/access.ts';
import { useSession } from '../../auth/session.tsx';
import { ListPage, useListQuery, type FilterSpec, type ListColumn } from '../../components/list-page/index.ts';
import { fmtMinute } from '../../components/time.ts';
import { useMessages } from '../../i18n/feature.ts';
import { usePunct } from '../../i18n/punct.ts';
import { validated } from '../../components/validated.ts';
import { useZoneLists } from '../enterprises/catalog.ts';
import './inspections.css';
import { insMessages, type InsKey } from './messages.ts';
import { newItem, TemplateFields, TemplatePreview, type ItemValues, type TemplateValues } from './template-form.tsx';

/** An error on one entry of a tag list (`industries.2`) shows on the list's select. */
const LIST_FIELDS: Record<string, string> = Object.fromEntries(
  ['industries', 'tags'].flatMap((f) => Array.from({ length: 50 }, (_, i) => [`${f}.${i}`, f])),
);

const STATUS_COLOURS = { draft: 'gold', published: 'green', retired: 'default' } as const;

export function TemplateStatusTag({ t: tpl }: { t: Pick<InspectionTemplate, 'status' | 'needsExpertReview'> }) {
  const t = useMessages(insMessages);
  return (
    <Space size={4} wrap>
      <Tag color={STATUS_COLOURS[tpl.status]} style={{ marginInlineEnd: 0 }} data-testid="tpl-status" data-status={tpl.status}>
        {t(`tplStatus_${tpl.status}` as InsKey)}
      </Tag>
      {tpl.needsExpertReview && (
        <Tooltip title={t('needsReviewTip')}>
          <Tag color="purple" style={{ marginInlineEnd: 0 }} data-testid="tpl-needs-review">
            {t('needsReview')}
          </Tag>
        </Tooltip>
      )}
    </Space>
  );
}

/** The form's values of a template as the api has it. */
function toValues(tpl: InspectionTemplate): TemplateValues {
  return {
    name: tpl.name,
    description: tpl.description,
    industries: tpl.industries,
    tags: tpl.tags,
    sections: tpl.sections.map((s) => ({
      title: s.title,
      items: s.items.map((i) => ({ ...i, photoRequired: i.photoRequired ?? false })),
    })),
  };
}

/** A text that is there, trimmed, or nothing (the api's optional fields take no null). */
const txt = (v: string | null | undefined) => (v && v.trim() ? v.trim() : undefined);
const num = (v: number | null | undefined) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** The body the api takes: each item with only the fields of its kind. */
function toBody(v: TemplateValues): CreateTemplate {
  const item = (i: ItemValues) => ({
    key: i.key.trim(),
    text: i.text.trim(),
    kind: i.kind,
    photoRequired: !!i.photoRequired,
    unit: i.kind === 'number' ? txt(i.unit) : undefined,
    min: i.kind === 'number' ? num(i.min) : undefined,
    max: i.kind === 'number' ? num(i.max) : undefined,
    options:
      i.kind === 'choice'
        ? (i.options ?? []).map((o) => ({ value: o.value.trim(), label: o.label.trim(), fails: !!o.fails }))
        : undefined,
    legalBasis: txt(i.legalBasis),
    citations: i.citations?.length ? i.citations : undefined,
    categoryCode: txt(i.categoryCode),
    majorClause: txt(i.majorClause),
  });
  return {
    name: v.name.trim(),
    description: txt(v.description) ?? null,
    industries: (v.industries ?? []).map((s) => s.trim().toUpperCase()).filter(Boolean),
    tags: v.tags ?? [],
    sections: (v.sections ?? []).map((s) => ({ title: s.title.trim(), items: (s.items ?? []).map(item) })),
  };
}

/**
 * 检查表模板: the latest version of each checklist (or all versions), its status and whether it waits for an
 * expert's review; a drawer edits a draft beside a live preview, publishes it, makes a new revision of a
 * published one or retires it. A published version is shown read-only.
 */
export function TemplatesPage() {
  const t = useMessages(insMessages);
  const { effective } = useSession();
  const canManage = hasPermission(effective, 'inspections.templates.manage');
  const [sp, setSp] = useSearchParams();
  const open = sp.get('open');
  const spec: FilterSpec[] = [
    { key: 'q', kind: 'text', label: t('tplName'), width: 180, testId: 'tpl-q' },
    {
      key: 'status',
      kind: 'select',
      label: t('status'),
      width: 120,
      options: (['draft', 'published', 'retired'] as const).map((s) => ({ value: s, label: t(`tplStatus_${s}` as InsKey) })),
    },
    { key: 'allVersions', kind: 'check', label: t('allVersions') },
  ];
  const lq = useListQuery({ filters: spec, pageSize: 50 });
  const list = useTemplates(lq.params);
  const setOpen = (id: string | null) => {
    const next = new URLSearchParams(sp);
    if (id) next.set('open', id);
    else next.delete('open');
    setSp(next);
  };
  const columns: ListColumn<InspectionTemplate>[] = [
    {
      key: 'name',
      title: t('tplName'),
      dataIndex: 'name',
      width: 220,
      grow: true,
      ellipsis: true,
      render: (v: string, r) => (
        <Typography.Link onClick={() => setOpen(r.id)} data-testid="tpl-link" data-user-text>
          {v}
        </Typography.Link>
      ),
    },
    {
      key: 'code',
      title: t('tplCode'),
      dataIndex: 'code',
      width: 150,
      priority: 3,
      render: (v: string) => <span className="mono">{v}</span>,
    },
    { key: 'version', title: t('tplVersion'), dataIndex: 'version', width: 70, render: (v: number) => `v${v}` },
    { key: 'status', title: t('status'), width: 190, render: (_: unknown, r) => <TemplateStatusTag t={r} /> },
    { key: 'items', title: t('tplItems'), dataIndex: 'itemCount', width: 80, render: (v: number) => t('itemsN', { n: v }) },
    {
      key: 'publishedAt',
      title: t('publishedAt'),
      dataIndex: 'publishedAt',
      width: 140,
      priority: 2,
      render: (v: string | null) => fmtMinute(v),
    },
  ];
  return (
    <ListPage<InspectionTemplate>
      title={t('tplTitle')}
      description={t('tplDesc')}
      extra={
        canManage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen('new')} data-testid="tpl-create">
            {t('tplCreate')}
          </Button>
        )
      }
      lq={lq}
      list={list}
      testId="tpl"
      emptyText={t('tplEmpty')}
      table={{
        rowKey: 'id',
        columns,
        testId: 'tpl-table',
        actions: {
          width: 90,
          render: (r) => (
            <Button size="small" type="link" icon={<EyeOutlined />} onClick={() => setOpen(r.id)}>
              {r.status === 'draft' && canManage ? t('editor') : t('view')}
            </Button>
          ),
        },
      }}
    >
      {open && <TemplateDrawer key={open} id={open === 'new' ? null : open} canManage={canManage} onOpen={setOpen} />}
    </ListPage>
  );
}

/** One template: the editor (a draft, for those who manage templates) or the read-only form, beside the preview. */
function TemplateDrawer({
  id,
  canManage,
  onOpen,
}: {
  id: string | null;
  canManage: boolean;
  onOpen: (id: string | null) => void;
}) {
  const t = useMessages(insMessages);
  const pn = usePunct();
  const { message } = App.useApp();
  const tpl = useTemplate(id ?? undefined);
  const ops = useTemplateMutations();
  const [form] = Form.useForm<TemplateValues>();
  const lists = useZoneLists();
  const categories = useCatalog('hazard_category');
  const checklist = useFullChecklist();
  const values = Form.useWatch((v: TemplateValues) => v, { form, preserve: true });
  const [dirty, setDirty] = useState(false);
  const data = tpl.data;
  const readOnly = !canManage || (!!data && data.status !== 'draft');
  const busy =
    ops.create.isPending || ops.update.isPending || ops.publish.isPending || ops.revise.isPending || ops.retire.isPending;

  useEffect(() => {
    if (data) {
      form.setFieldsValue(toValues(data));
      setDirty(false);
    }
  }, [data, form]);
  useEffect(() => {
    if (!id) form.setFieldsValue({ name: '', industries: [], tags: [], sections: [{ title: '', items: [newItem(form)] }] });
  }, [id, form]);

  const categoryOptions = useMemo(
    () => (categories.data ?? []).filter((c) => c.enabled).map((c) => ({ value: c.code, label: c.name })),
    [categories.data],
  );
  const clauseOptions = useMemo(
    () => (checklist.data?.items ?? []).map((c) => ({ value: c.code, label: `${c.article} ${c.text}` })),
    [checklist.data],
  );

  const save = async (): Promise<InspectionTemplate | null> => {
    const v = await validated(form, { scroll: true });
    if (!v) return null;
    try {
      const body = toBody(v);
      const r = id ? await ops.update.mutateAsync({ id, ...body }) : await ops.create.mutateAsync(body);
      message.success(id ? t('tplSaved') : t('tplCreated'));
      setDirty(false);
      if (!id) onOpen(r.id);
      return r;
    } catch (e) {
      applyFormErrors(form, e, LIST_FIELDS);
      message.error(errorText(e));
      return null;
    }
  };
  const run = async (op: 'publish' | 'revise' | 'retire') => {
    if (!data) return;
    try {
      if (op === 'publish' && dirty && !(await save())) return;
      const r = await ops[op].mutateAsync(data.id);
      if (op === 'publish') message.success(t('published', { name: r.name, v: r.version }));
      if (op === 'retire') message.success(t('retired'));
      if (op === 'revise') {
        message.success(t('revised', { v: r.version }));
        onOpen(r.id);
      } else void tpl.refetch();
    } catch (e) {
      message.error(errorText(e));
    }
  };

  const title = data ? `${data.name}${pn.paren(`v${data.version}`)}` : id ? '' : t('tplCreate');
  const footer = canManage && (
    <Space style={{ float: 'right' }}>
      {dirty && <Typography.Text type="warning">{t('unsaved')}</Typography.Text>}
      {(!data || data.status === 'draft') && (
        <Button
          icon={<SaveOutlined />}
          loading={ops.create.isPending || ops.update.isPending}
          onClick={() => void save()}
          data-testid="tpl-save"
        >
          {t('save')}
        </Button>
      )}
      {data?.status === 'draft' && (
        <Popconfirm
          title={t('publishConfirm')}
          onConfirm={() => void run('publish')}
          okButtonProps={{ 'data-testid': 'tpl-publish-ok' } as Record<string, string>}
        >
          <Button
            type="primary"
            icon={<SendOutlined />}
            loading={ops.publish.isPending}
            disabled={busy}
            data-testid="tpl-publish"
          >
            {t('publish')}
          </Button>
        </Popconfirm>
      )}
      {data?.status === 'published' && (
        <>
          <Popconfirm title={t('retireConfirm')} onConfirm={() => void run('retire')}>
            <Button danger icon={<StopOutlined />} disabled={busy} data-testid="tpl-retire">
              {t('retire')}
            </Button>
          </Popconfirm>
          <Button
            type="primary"
            icon={<CopyOutlined />}
            loading={ops.revise.isPending}
            onClick={() => void run('revise')}
            data-testid="tpl-revise"
          >
            {t('revise')}
          </Button>
        </>
      )}
    </Space>
  );

  return (
    <Drawer
      open
      size={1280}
      title={
        <Space wrap>
          <span data-user-text={data ? '' : undefined}>{title}</span>
          {data && <TemplateStatusTag t={data} />}
        </Space>
      }
      onClose={() => onOpen(null)}
      footer={footer}
      data-testid="tpl-drawer"
    >
      {id && !data ? (
        <Skeleton active paragraph={{ rows: 10 }} />
      ) : (
        <Row gutter={16}>
          <Col span={14}>
            {readOnly && data && data.status !== 'draft' && (
              <Alert type="info" showIcon title={t('readOnly')} style={{ marginBottom: 12 }} data-testid="tpl-readonly" />
            )}
            <Form<TemplateValues>
              form={form}
              layout="vertical"
              size="small"
              disabled={readOnly}
              onValuesChange={() => setDirty(true)}
              data-testid="tpl-form"
            >
              <TemplateFields
                form={form}
                readOnly={readOnly}
                tagOptions={lists.tagOptions}
                categoryOptions={categoryOptions}
                clauseOptions={clauseOptions}
              />
            </Form>
          </Col>
          <Col span={10}>
            <Card size="small" title={t('previewPane')} className="tpl-preview-card" data-testid="tpl-preview-card">
              <TemplatePreview values={values} />
            </Card>
          </Col>
        </Row>
      )}
    </Drawer>
  );
}
