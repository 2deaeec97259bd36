import { useState } from 'react';
import { AutoComplete, Button, Flex, Space, Tag, Tooltip, Typography } from 'antd';
import { CloudUploadOutlined, PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import type { Enterprise } from '../../api/types.ts';
import { useEnterprises } from '../../api/zone-queries.ts';
import { hasPermission } from '../../auth/access.ts';
import { useApi, useSession } from '../../auth/session.tsx';
import { ListPage, useListQuery } from '../../components/list-page/index.ts';
import { COLOURS, ColourTag, useColourLabel } from '../../components/risk-colour.tsx';
import { fmtMinute } from '../../components/time.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { useMessages } from '../../i18n/feature.ts';
import { useZoneLists } from './catalog.ts';
import { CreateEnterpriseDrawer } from './create-enterprise-drawer.tsx';
import { INDUSTRY_SUGGESTIONS, SIZE_BAND_LABELS, sizeBandLabel } from './labels.ts';
import { entMessages } from './messages.ts';

/** 企业列表: the zone's enterprise files, filtered in the address, with saved views, sorting and Excel export. */
export function EnterprisesPage() {
  const t = useMessages(entMessages);
  const { lang } = useI18n();
  const navigate = useNavigate();
  const api = useApi();
  const { effective } = useSession();
  const lists = useZoneLists();
  const colourLabel = useColourLabel();
  const lq = useListQuery({
    cursor: true,
    filters: [
      { key: 'q', kind: 'text', label: t('keyword'), placeholder: t('keywordPh'), width: 200, testId: 'ent-q' },
      { key: 'gridId', kind: 'select', label: t('grid'), width: 190, options: lists.gridOptions },
      {
        key: 'industryCode',
        kind: 'custom',
        label: t('industry'),
        normalize: (v) => v.toUpperCase() || undefined,
        control: (
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
        ),
      },
      { key: 'tag', kind: 'select', label: t('tag'), width: 170, options: lists.tagOptions },
      {
        key: 'colour',
        kind: 'select',
        label: t('colour'),
        width: 130,
        testId: 'ent-colour-filter',
        options: COLOURS.map((c) => ({ value: c, label: <ColourTag colour={c} /> })),
      },
      {
        key: 'sizeBand',
        kind: 'select',
        label: t('sizeBand'),
        width: 110,
        options: Object.keys(SIZE_BAND_LABELS).map((b) => ({ value: b, label: sizeBandLabel(b, lang) })),
      },
      {
        key: 'status',
        kind: 'select',
        label: t('status'),
        width: 110,
        options: [
          { value: 'active', label: t('active') },
          { value: 'closed', label: t('closed') },
        ],
      },
    ],
  });
  const list = useEnterprises(lq.params);
  const [creating, setCreating] = useState(false);
  const canManage = hasPermission(effective, 'enterprises.manage');
  const canImport = hasPermission(effective, 'enterprises.import');
  const canExport = hasPermission(effective, 'enterprises.export');
  const exportHref = (records: boolean) => (f: Record<string, string>) =>
    `${api.baseUrl}/enterprises/export?${new URLSearchParams({ ...f, records: String(records) }).toString()}`;

  return (
    <ListPage<Enterprise>
      title={t('title')}
      description={t('desc')}
      extra={
        <>
          {canImport && (
            <Button icon={<CloudUploadOutlined />} onClick={() => navigate('/enterprises/import')} data-testid="ent-import">
              {t('import')}
            </Button>
          )}
          {canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="ent-create">
              {t('create')}
            </Button>
          )}
        </>
      }
      lq={lq}
      list={list}
      testId="ent"
      views="enterprises"
      allViewLabel={t('allEnterprises')}
      sortable
      exports={
        canExport
          ? [
              { key: 'list', label: t('exportList'), href: exportHref(false), fileName: 'enterprises.xlsx' },
              { key: 'all', label: t('exportAll'), href: exportHref(true), fileName: 'enterprises.xlsx' },
            ]
          : []
      }
      tableTitle={t('list')}
      emptyText={t('empty')}
      table={{
        rowKey: 'id',
        columns: [
          {
            key: 'name',
            title: t('name'),
            dataIndex: 'name',
            sortKey: 'name',
            fixed: 'left',
            width: 230,
            render: (v: string, e: Enterprise) => (
              <Flex vertical gap={2} style={{ minWidth: 0 }}>
                <Typography.Text ellipsis={{ tooltip: v }} style={{ maxWidth: '100%' }}>
                  <Link to={`/enterprises/${e.id}`} data-testid="ent-link">
                    {v}
                  </Link>
                </Typography.Text>
                <Typography.Text type="secondary" className="mono" style={{ fontSize: 12 }}>
                  {e.creditCode}
                </Typography.Text>
                {(e.status === 'closed' || e.pendingChange) && (
                  <Space size={4}>
                    {e.status === 'closed' && <Tag>{t('closed')}</Tag>}
                    {e.pendingChange && (
                      <Tag color="gold" style={{ marginInlineEnd: 0 }}>
                        {t('pendingChange')}
                      </Tag>
                    )}
                  </Space>
                )}
              </Flex>
            ),
          },
          {
            key: 'riskScore',
            title: t('colour'),
            dataIndex: 'riskColour',
            sortKey: 'riskScore',
            width: 120,
            render: (_: unknown, e: Enterprise) => (
              <Tooltip title={e.riskScore != null ? `${colourLabel(e.riskColour)} · ${e.riskScore}` : undefined}>
                <span>
                  <ColourTag colour={e.riskColour} score={e.riskScore} />
                </span>
              </Tooltip>
            ),
          },
          {
            key: 'grid',
            title: t('grid'),
            dataIndex: 'gridName',
            width: 150,
            ellipsis: true,
            render: (v: string | null) => v ?? <Typography.Text type="secondary">{t('noGrid')}</Typography.Text>,
          },
          {
            key: 'industry',
            title: t('industry'),
            dataIndex: 'industryName',
            width: 170,
            priority: 2,
            ellipsis: { tip: (e: Enterprise) => `${e.industryCode ?? ''} ${e.industryName ?? ''}`.trim() || null },
            render: (v: string | null, e: Enterprise) =>
              v || e.industryCode ? (
                <>
                  <span className="mono" style={{ color: '#8c8c8c', marginRight: 4 }}>
                    {e.industryCode}
                  </span>
                  {v}
                </>
              ) : (
                '—'
              ),
          },
          {
            key: 'employees',
            title: t('employees'),
            dataIndex: 'employees',
            sortKey: 'employees',
            width: 120,
            priority: 2,
            render: (v: number | null, e: Enterprise) => (
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
            key: 'tags',
            title: t('tag'),
            dataIndex: 'keyPlaceTags',
            width: 180,
            grow: true,
            priority: 3,
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
            key: 'updatedAt',
            title: t('updatedAt'),
            dataIndex: 'updatedAt',
            sortKey: 'updatedAt',
            width: 130,
            priority: 3,
            render: (v: string) => fmtMinute(v),
          },
        ],
      }}
    >
      <CreateEnterpriseDrawer open={creating} onClose={() => setCreating(false)} />
    </ListPage>
  );
}
