import { useEffect, useMemo, useState } from 'react';
import {
  App,
  AutoComplete,
  Button,
  Card,
  Dropdown,
  Empty,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import {
  CloseOutlined,
  CloudUploadOutlined,
  DownloadOutlined,
  DownOutlined,
  PlusOutlined,
  ReloadOutlined,
  SaveOutlined,
  SearchOutlined,
} from '@ant-design/icons';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useSavedViewMutations, useSavedViews } from '../../api/enterprise-queries.ts';
import { downloadFile } from '../../api/download.ts';
import { errorText } from '../../api/errors.ts';
import type { Enterprise, SavedView } from '../../api/types.ts';
import { useEnterprises } from '../../api/zone-queries.ts';
import { hasPermission } from '../../auth/access.ts';
import { useApi, useSession } from '../../auth/session.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { COLOURS, ColourTag, useColourLabel } from '../../components/risk-colour.tsx';
import { fmtMinute } from '../../components/time.ts';
import { useI18n, useT } from '../../i18n/i18n.tsx';
import { useMessages } from '../../i18n/feature.ts';
import { useZoneLists } from './catalog.ts';
import { CreateEnterpriseDrawer } from './create-enterprise-drawer.tsx';
import { INDUSTRY_SUGGESTIONS, SIZE_BAND_LABELS, sizeBandLabel } from './labels.ts';
import { entMessages } from './messages.ts';

/** The list's filters and order live in the address (shareable, kept on back), and saved views are such queries. */
const FILTER_KEYS = ['q', 'gridId', 'industryCode', 'tag', 'colour', 'sizeBand', 'status', 'sort'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];
type Filters = Partial<Record<FilterKey, string>>;

function filtersOf(sp: URLSearchParams): Filters {
  const out: Filters = {};
  for (const k of FILTER_KEYS) {
    const v = sp.get(k);
    if (v) out[k] = v;
  }
  return out;
}
function sameQuery(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a).filter((k) => k !== 'page' && k !== 'pageSize');
  const kb = Object.keys(b).filter((k) => k !== 'page' && k !== 'pageSize');
  return ka.length === kb.length && ka.every((k) => a[k] === b[k]);
}

const SORTABLE: Record<string, string> = { name: 'name', riskScore: 'riskScore', employees: 'employees', updatedAt: 'updatedAt' };

export function EnterprisesPage() {
  const t = useMessages(entMessages);
  const { lang } = useI18n();
  const tc = useT();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const api = useApi();
  const { effective } = useSession();
  const [sp, setSp] = useSearchParams();
  const filters = filtersOf(sp);
  const page = Number(sp.get('page') ?? 1) || 1;
  const pageSize = Number(sp.get('pageSize') ?? 20) || 20;
  const [form] = Form.useForm<Filters>();
  const lists = useZoneLists();
  const colourLabel = useColourLabel();
  const list = useEnterprises({ ...filters, page, pageSize });
  const views = useSavedViews('enterprises');
  const viewOps = useSavedViewMutations('enterprises');
  const [creating, setCreating] = useState(false);
  const [naming, setNaming] = useState(false);
  const [viewForm] = Form.useForm<{ name: string }>();
  const [exporting, setExporting] = useState(false);
  const canManage = hasPermission(effective, 'enterprises.manage');
  const canImport = hasPermission(effective, 'enterprises.import');
  const canExport = hasPermission(effective, 'enterprises.export');

  const setFilters = (f: Filters, keepPage = false) => {
    const next = new URLSearchParams();
    for (const k of FILTER_KEYS) if (f[k]) next.set(k, f[k]!);
    if (keepPage) {
      if (page > 1) next.set('page', String(page));
    }
    if (pageSize !== 20) next.set('pageSize', String(pageSize));
    setSp(next);
  };
  // The form follows the address (back/forward, saved views, reset).
  const formKey = JSON.stringify(filters);
  useEffect(() => {
    form.resetFields();
    form.setFieldsValue(JSON.parse(formKey) as Filters);
  }, [formKey, form]);

  const activeView = useMemo(
    () => (views.data ?? []).find((v) => sameQuery(v.query, filters as Record<string, string>)) ?? null,
    [views.data, formKey],
  );
  const noFilter = Object.keys(filters).filter((k) => k !== 'sort').length === 0 && !filters.sort;

  const exportXlsx = async (records: boolean) => {
    setExporting(true);
    try {
      const q = new URLSearchParams();
      for (const [k, v] of Object.entries(filters)) if (v) q.set(k, v);
      q.set('records', String(records));
      const name = await downloadFile(api, `${api.baseUrl}/enterprises/export?${q.toString()}`, 'enterprises.xlsx');
      message.success(t('exported', { name }));
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setExporting(false);
    }
  };

  const saveView = async () => {
    const { name } = await viewForm.validateFields();
    try {
      await viewOps.create.mutateAsync({ name: name.trim(), query: filters as Record<string, string> });
      message.success(t('viewSaved', { name: name.trim() }));
      setNaming(false);
      viewForm.resetFields();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  const removeView = async (v: SavedView) => {
    try {
      await viewOps.remove.mutateAsync(v.id);
      message.success(t('viewRemoved', { name: v.name }));
    } catch (e) {
      message.error(errorText(e));
    }
  };

  const sortOrder = (field: string) =>
    filters.sort === field ? ('ascend' as const) : filters.sort === `-${field}` ? ('descend' as const) : null;

  return (
    <PageContainer
      title={t('title')}
      description={t('desc')}
      extra={
        <>
          {canImport && (
            <Button icon={<CloudUploadOutlined />} onClick={() => navigate('/enterprises/import')} data-testid="ent-import">
              {t('import')}
            </Button>
          )}
          {canExport && (
            <Dropdown
              trigger={['click']}
              menu={{
                items: [
                  { key: 'list', label: t('exportList') },
                  { key: 'all', label: t('exportAll') },
                ],
                onClick: ({ key }) => void exportXlsx(key === 'all'),
              }}
            >
              <Button icon={<DownloadOutlined />} loading={exporting} data-testid="ent-export">
                {t('export')} <DownOutlined />
              </Button>
            </Dropdown>
          )}
          {canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="ent-create">
              {t('create')}
            </Button>
          )}
        </>
      }
    >
      <Card size="small">
        <Flex vertical gap={12}>
          <Flex align="center" gap={8} wrap data-testid="ent-views">
            <Typography.Text type="secondary">{t('views')}：</Typography.Text>
            <Tag.CheckableTag checked={noFilter} onChange={() => setFilters({})}>
              {t('allEnterprises')}
            </Tag.CheckableTag>
            {(views.data ?? []).map((v) => (
              <span key={v.id} className="view-chip">
                <Tag.CheckableTag checked={activeView?.id === v.id} onChange={() => setFilters(v.query as Filters)}>
                  {v.name}
                </Tag.CheckableTag>
                <Popconfirm title={t('viewRemoveConfirm', { name: v.name })} onConfirm={() => removeView(v)}>
                  <CloseOutlined className="view-chip-x" aria-label={t('remove')} />
                </Popconfirm>
              </span>
            ))}
            <Button
              size="small"
              type="dashed"
              icon={<SaveOutlined />}
              disabled={noFilter || !!activeView}
              onClick={() => setNaming(true)}
              data-testid="ent-save-view"
            >
              {t('saveView')}
            </Button>
          </Flex>
          <Form
            form={form}
            layout="inline"
            className="filter-bar"
            onFinish={(v) =>
              setFilters({
                ...v,
                q: v.q?.trim() || undefined,
                industryCode: v.industryCode?.trim().toUpperCase() || undefined,
                sort: filters.sort,
              })
            }
          >
            <Form.Item name="q" label={t('keyword')}>
              <Input allowClear placeholder={t('keywordPh')} style={{ width: 200 }} data-testid="ent-q" />
            </Form.Item>
            <Form.Item name="gridId" label={t('grid')}>
              <Select allowClear placeholder={t('selectPh')} style={{ width: 190 }} options={lists.gridOptions} />
            </Form.Item>
            <Form.Item name="industryCode" label={t('industry')}>
              <AutoComplete
                allowClear
                placeholder={t('industryPh')}
                style={{ width: 170 }}
                options={INDUSTRY_SUGGESTIONS.map((i) => ({ value: i.code, label: `${i.code} ${i.name}` }))}
                filterOption={(input, o) =>
                  String(o?.label ?? '')
                    .toUpperCase()
                    .includes(input.toUpperCase())
                }
              />
            </Form.Item>
            <Form.Item name="tag" label={t('tag')}>
              <Select allowClear placeholder={t('selectPh')} style={{ width: 170 }} options={lists.tagOptions} />
            </Form.Item>
            <Form.Item name="colour" label={t('colour')}>
              <Select
                allowClear
                placeholder={t('selectPh')}
                style={{ width: 130 }}
                options={COLOURS.map((c) => ({ value: c, label: <ColourTag colour={c} /> }))}
                data-testid="ent-colour-filter"
              />
            </Form.Item>
            <Form.Item name="sizeBand" label={t('sizeBand')}>
              <Select
                allowClear
                placeholder={t('selectPh')}
                style={{ width: 110 }}
                options={Object.keys(SIZE_BAND_LABELS).map((b) => ({ value: b, label: sizeBandLabel(b, lang) }))}
              />
            </Form.Item>
            <Form.Item name="status" label={t('status')}>
              <Select
                allowClear
                placeholder={t('selectPh')}
                style={{ width: 110 }}
                options={[
                  { value: 'active', label: t('active') },
                  { value: 'closed', label: t('closed') },
                ]}
              />
            </Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="ent-search">
                {tc('common.search')}
              </Button>
              <Button onClick={() => setFilters({})}>{tc('common.reset')}</Button>
            </Space>
          </Form>
        </Flex>
      </Card>
      <Card
        title={t('list')}
        extra={
          <Button type="text" icon={<ReloadOutlined />} onClick={() => void list.refetch()} aria-label={tc('common.refresh')} />
        }
      >
        {list.isError && !list.data ? (
          <QueryError error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<Enterprise>
            rowKey="id"
            size="middle"
            loading={list.isFetching}
            dataSource={list.data?.items ?? []}
            scroll={{ x: 1200 }}
            locale={{ emptyText: <Empty description={t('empty')} /> }}
            data-testid="ent-table"
            onChange={(p, _f, s) => {
              const sorter = s as SorterResult<Enterprise>;
              const field = SORTABLE[String(sorter.columnKey ?? '')];
              const sort = field && sorter.order ? (sorter.order === 'descend' ? `-${field}` : field) : undefined;
              const next = new URLSearchParams(sp);
              if (sort) next.set('sort', sort);
              else next.delete('sort');
              if ((p.current ?? 1) > 1) next.set('page', String(p.current));
              else next.delete('page');
              if (p.pageSize && p.pageSize !== 20) next.set('pageSize', String(p.pageSize));
              else next.delete('pageSize');
              setSp(next);
            }}
            pagination={{
              current: page,
              pageSize,
              total: list.data?.total ?? 0,
              showSizeChanger: true,
              showTotal: (total) => (lang === 'en' ? `${total} in all` : `共 ${total} 家`),
            }}
            columns={[
              {
                title: t('name'),
                key: 'name',
                dataIndex: 'name',
                sorter: true,
                sortOrder: sortOrder('name'),
                fixed: 'left',
                width: 250,
                render: (v: string, e) => (
                  <Flex vertical gap={2}>
                    <Link to={`/enterprises/${e.id}`} data-testid="ent-link">
                      {v}
                    </Link>
                    <Typography.Text type="secondary" className="mono" style={{ fontSize: 12 }}>
                      {e.creditCode}
                    </Typography.Text>
                    <Space size={4}>
                      {e.status === 'closed' && <Tag>{t('closed')}</Tag>}
                      {e.pendingChange && (
                        <Tag color="gold" style={{ marginInlineEnd: 0 }}>
                          {t('pendingChange')}
                        </Tag>
                      )}
                    </Space>
                  </Flex>
                ),
              },
              {
                title: t('colour'),
                key: 'riskScore',
                dataIndex: 'riskColour',
                sorter: true,
                sortOrder: sortOrder('riskScore'),
                width: 130,
                render: (_: unknown, e) => (
                  <Tooltip title={e.riskScore != null ? `${colourLabel(e.riskColour)} · ${e.riskScore}` : undefined}>
                    <span>
                      <ColourTag colour={e.riskColour} score={e.riskScore} />
                    </span>
                  </Tooltip>
                ),
              },
              {
                title: t('grid'),
                dataIndex: 'gridName',
                width: 160,
                render: (v: string | null) => v ?? <Typography.Text type="secondary">{t('noGrid')}</Typography.Text>,
              },
              {
                title: t('industry'),
                dataIndex: 'industryName',
                width: 180,
                render: (v: string | null, e) =>
                  v || e.industryCode ? (
                    <Typography.Text ellipsis={{ tooltip: `${e.industryCode ?? ''} ${v ?? ''}` }} style={{ maxWidth: 160 }}>
                      <span className="mono" style={{ color: '#8c8c8c', marginRight: 4 }}>
                        {e.industryCode}
                      </span>
                      {v}
                    </Typography.Text>
                  ) : (
                    '—'
                  ),
              },
              {
                title: t('employees'),
                key: 'employees',
                dataIndex: 'employees',
                sorter: true,
                sortOrder: sortOrder('employees'),
                width: 120,
                render: (v: number | null, e) => (
                  <span>
                    {sizeBandLabel(e.sizeBand, lang)}
                    <Typography.Text type="secondary">
                      {' '}
                      · {v ?? '—'}
                      {lang === 'en' ? '' : ' 人'}
                    </Typography.Text>
                  </span>
                ),
              },
              {
                title: t('tag'),
                dataIndex: 'keyPlaceTags',
                width: 210,
                render: (tags: string[]) =>
                  tags.length ? (
                    <Flex gap={4} wrap>
                      {tags.map((c) => (
                        <Tag key={c} color="volcano" style={{ marginInlineEnd: 0 }}>
                          {lists.tagName.get(c) ?? c}
                        </Tag>
                      ))}
                    </Flex>
                  ) : (
                    '—'
                  ),
              },
              {
                title: t('updatedAt'),
                key: 'updatedAt',
                dataIndex: 'updatedAt',
                sorter: true,
                sortOrder: sortOrder('updatedAt'),
                width: 140,
                render: (v: string) => fmtMinute(v),
              },
            ]}
          />
        )}
      </Card>
      <Modal
        open={naming}
        title={t('saveView')}
        onCancel={() => setNaming(false)}
        onOk={() => void saveView()}
        confirmLoading={viewOps.create.isPending}
        destroyOnHidden
      >
        <Form form={viewForm} layout="vertical" preserve={false}>
          <Form.Item name="name" label={t('viewName')} rules={[{ required: true, whitespace: true, max: 40 }]}>
            <Input placeholder={t('viewNamePh')} maxLength={40} autoFocus data-testid="ent-view-name" />
          </Form.Item>
        </Form>
      </Modal>
      <CreateEnterpriseDrawer open={creating} onClose={() => setCreating(false)} />
    </PageContainer>
  );
}
