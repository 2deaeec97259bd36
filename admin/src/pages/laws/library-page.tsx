import { Button, DatePicker, Tag, Typography } from 'antd';
import { SettingOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { Link } from 'react-router';
import { hasPermission } from '../../auth/access.ts';
import { useSession } from '../../auth/session.tsx';
import { ListPage, useListQuery, type FilterSpec, type ListColumn } from '../../components/list-page/index.ts';
import { useMessages } from '../../i18n/feature.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { docTypeOptions, docTypeText, ScopeTag, statusOptions, StatusTag } from './labels.tsx';
import { lawMessages } from './messages.ts';
import { useLawDocuments, type LawDocumentListItem } from './queries.ts';
import './laws.css';

/** A date filter whose value is the address's `YYYY-MM-DD` string (the filter bar's custom control). */
export function DateString({
  value,
  onChange,
  placeholder,
  testId,
}: {
  value?: string;
  onChange?: (v: string | undefined) => void;
  placeholder?: string;
  testId?: string;
}) {
  return (
    <DatePicker
      allowClear
      value={value ? dayjs(value) : null}
      placeholder={placeholder}
      onChange={(d) => onChange?.(d ? d.format('YYYY-MM-DD') : undefined)}
      data-testid={testId}
    />
  );
}

/**
 * 法规库: the documents a zone reads (the platform's shared library and its own), with their type, issuing body,
 * status and version in force as of the chosen date. A title opens the reader.
 */
export function LawLibraryPage() {
  const t = useMessages(lawMessages);
  const { lang } = useI18n();
  const { effective } = useSession();
  const canManage = hasPermission(effective, 'laws.manage');
  const spec: FilterSpec[] = [
    {
      key: 'scope',
      kind: 'segmented',
      defaultValue: '',
      options: [
        { value: '', label: t('all') },
        { value: 'platform', label: t('scopePlatform') },
        { value: 'zone', label: t('scopeZone') },
      ],
    },
    { key: 'q', kind: 'text', label: t('titleKw'), width: 200, testId: 'law-lib-q' },
    { key: 'type', kind: 'multi', label: t('docType'), width: 220, options: docTypeOptions(lang), testId: 'law-lib-type' },
    { key: 'status', kind: 'select', label: t('status'), width: 130, options: statusOptions(lang), testId: 'law-lib-status' },
    { key: 'issuer', kind: 'text', label: t('issuer'), width: 180, testId: 'law-lib-issuer' },
    {
      key: 'asOf',
      kind: 'custom',
      label: t('asOf'),
      control: <DateString placeholder={t('asOfToday')} testId="law-lib-asof" />,
    },
  ];
  const lq = useListQuery({ filters: spec, pageSize: 50 });
  const list = useLawDocuments(lq.params);
  const columns: ListColumn<LawDocumentListItem>[] = [
    {
      key: 'title',
      title: t('title'),
      width: 300,
      grow: true,
      ellipsis: true,
      render: (_: unknown, r) =>
        r.versionId ? (
          <Link to={`/laws/read/${r.versionId}`} data-testid="law-lib-open" data-id={r.id} data-user-text>
            {r.title}
          </Link>
        ) : (
          <span data-user-text>{r.title}</span>
        ),
    },
    { key: 'docType', title: t('docType'), width: 130, render: (_: unknown, r) => docTypeText(r.docType, lang) },
    {
      key: 'issuer',
      title: t('issuer'),
      width: 200,
      ellipsis: true,
      priority: 2,
      render: (_: unknown, r) => <span data-user-text>{r.issuingBody}</span>,
    },
    {
      key: 'docNumber',
      title: t('docNumber'),
      width: 170,
      ellipsis: true,
      priority: 3,
      render: (_: unknown, r) => (r.docNumber ? <span data-user-text>{r.docNumber}</span> : t('none')),
    },
    {
      key: 'status',
      title: t('status'),
      width: 110,
      render: (_: unknown, r) => <StatusTag status={r.status} lang={lang} />,
    },
    {
      key: 'version',
      title: t('inForceVersion'),
      width: 170,
      ellipsis: true,
      priority: 2,
      render: (_: unknown, r) =>
        r.versionLabel ? (
          <span>
            <span data-user-text>{r.versionLabel}</span>
            {r.versionCount > 1 && (
              <Typography.Text type="secondary" style={{ marginLeft: 6, fontSize: 12 }}>
                {`/ ${r.versionCount}`}
              </Typography.Text>
            )}
          </span>
        ) : (
          t('none')
        ),
    },
    { key: 'effectiveOn', title: t('effectiveOn'), width: 120, render: (_: unknown, r) => r.effectiveOn ?? t('none') },
    {
      key: 'articles',
      title: t('articles'),
      width: 80,
      align: 'right',
      priority: 3,
      render: (_: unknown, r) => r.articleCount,
    },
    {
      key: 'scope',
      title: t('scope'),
      width: 130,
      render: (_: unknown, r) => <ScopeTag scope={r.scope} lang={lang} />,
    },
  ];
  return (
    <ListPage<LawDocumentListItem>
      title={t('libraryTitle')}
      description={t('libraryDesc')}
      lq={lq}
      list={list}
      testId="law-lib"
      emptyText={t('libraryEmpty')}
      paging
      extra={
        canManage && (
          <Link to="/laws/manage">
            <Button icon={<SettingOutlined />} data-testid="law-lib-manage">
              {t('manage')}
            </Button>
          </Link>
        )
      }
      toolbar={list.data?.asOf ? <Tag>{`${t('asOf')} ${list.data.asOf}`}</Tag> : undefined}
      table={{ rowKey: 'id', columns, testId: 'law-lib-table' }}
    />
  );
}
