import { useEffect, useMemo, useState } from 'react';
import { AutoComplete, Button, Card, DatePicker, Empty, Flex, Input, Pagination, Select, Space, Tag, Typography } from 'antd';
import { BookOutlined, ReadOutlined, SearchOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { lawArticlePermalink } from '@yuanan/contracts';
import { errorText, isApiError } from '../../api/errors.ts';
import { hasPermission } from '../../auth/access.ts';
import { useSession } from '../../auth/session.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { useMessages } from '../../i18n/feature.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { docTypeOptions, docTypeText, safeSnippet, statusOptions, StatusTag } from './labels.tsx';
import { lawMessages } from './messages.ts';
import { useLawDocuments, useLawSearch, useLawSuggest, type LawSearchHit } from './queries.ts';
import './laws.css';

const PAGE_SIZE = 20;
const EXAMPLES = ['ex1', 'ex2', 'ex3', 'ex4', 'ex5', 'ex6'] as const;

/**
 * 法规查询: one box (suggestions as you type), filters (type, status, issuing body, as-of date), the title matches
 * on top and the articles below with the matched words marked; a hit opens the reader at the article. Everything
 * the search says lives in the address, so a search can be bookmarked or sent.
 */
export function LawSearchPage() {
  const t = useMessages(lawMessages);
  const { lang } = useI18n();
  const navigate = useNavigate();
  const { effective } = useSession();
  const canManage = hasPermission(effective, 'laws.manage');
  const [sp, setSp] = useSearchParams();
  const q = sp.get('q') ?? '';
  const type = sp.get('type') ?? '';
  const status = sp.get('status') ?? '';
  const issuer = sp.get('issuer') ?? '';
  const asOf = sp.get('asOf') ?? '';
  const page = Math.max(1, Number(sp.get('page')) || 1);
  const [draft, setDraft] = useState(q);
  const [typed, setTyped] = useState('');
  useEffect(() => setDraft(q), [q]);

  // Suggestions follow the box a moment after typing stops.
  useEffect(() => {
    const h = setTimeout(() => setTyped(draft.trim()), 200);
    return () => clearTimeout(h);
  }, [draft]);
  const suggest = useLawSuggest(typed);
  const docs = useLawDocuments({ pageSize: 200 });
  const issuers = useMemo(
    () => [...new Set((docs.data?.items ?? []).map((d) => d.issuingBody))].sort().map((v) => ({ value: v, label: v })),
    [docs.data],
  );

  const params = { q, type, status, issuer, asOf, page, pageSize: PAGE_SIZE };
  const search = useLawSearch(params, q.trim().length > 0);
  const data = q.trim() ? search.data : undefined;

  const set = (next: Record<string, string | undefined>) => {
    const p = new URLSearchParams(sp);
    for (const [k, v] of Object.entries(next)) {
      if (v) p.set(k, v);
      else p.delete(k);
    }
    if (!('page' in next)) p.delete('page');
    setSp(p);
  };
  const run = (text: string) => set({ q: text.trim() || undefined });

  const sugKind = { title: t('sugTitle'), term: t('sugTerm'), history: t('sugHistory') } as const;
  const options = (suggest.data?.suggestions ?? []).map((s) => ({
    value: s.text,
    label: (
      <Flex justify="space-between" gap={8} data-testid="law-suggestion">
        <span data-user-text>{s.text}</span>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {sugKind[s.kind]}
        </Typography.Text>
      </Flex>
    ),
  }));

  return (
    <PageContainer
      title={t('searchTitle')}
      description={t('searchDesc')}
      extra={
        <>
          <Link to="/laws/library">
            <Button icon={<BookOutlined />} data-testid="law-open-library">
              {t('openLibrary')}
            </Button>
          </Link>
          {canManage && (
            <Link to="/laws/manage">
              <Button data-testid="law-open-manage">{t('manage')}</Button>
            </Link>
          )}
        </>
      }
    >
      <Card className="law-search-card">
        <Flex vertical gap={12}>
          <AutoComplete
            value={draft}
            options={options}
            onChange={(v: string) => setDraft(v)}
            onSelect={(v: string) => run(v)}
            style={{ width: '100%' }}
            popupMatchSelectWidth
          >
            <Input.Search
              size="large"
              allowClear
              maxLength={200}
              placeholder={t('searchPh')}
              enterButton={
                <Button type="primary" icon={<SearchOutlined />} data-testid="law-search-submit">
                  {t('searchBtn')}
                </Button>
              }
              onSearch={(v) => run(v)}
              data-testid="law-search-input"
              aria-label={t('searchTitle')}
            />
          </AutoComplete>
          <Flex gap={8} wrap align="center">
            <Select
              mode="multiple"
              allowClear
              maxTagCount="responsive"
              style={{ minWidth: 200 }}
              placeholder={t('anyType')}
              value={type ? type.split(',') : []}
              options={docTypeOptions(lang)}
              onChange={(v: string[]) => set({ type: v.join(',') || undefined })}
              data-testid="law-search-type"
            />
            <Select
              allowClear
              style={{ width: 150 }}
              placeholder={t('anyStatus')}
              value={status || undefined}
              options={statusOptions(lang)}
              onChange={(v?: string) => set({ status: v })}
              data-testid="law-search-status"
            />
            <Select
              allowClear
              showSearch
              style={{ width: 240 }}
              placeholder={t('anyIssuer')}
              value={issuer || undefined}
              options={issuers}
              onChange={(v?: string) => set({ issuer: v })}
              data-testid="law-search-issuer"
            />
            <Space size={6}>
              <Typography.Text type="secondary">{t('asOf')}</Typography.Text>
              <DatePicker
                allowClear
                value={asOf ? dayjs(asOf) : null}
                placeholder={t('asOfToday')}
                onChange={(d) => set({ asOf: d ? d.format('YYYY-MM-DD') : undefined })}
                data-testid="law-search-asof"
              />
            </Space>
          </Flex>
        </Flex>
      </Card>

      {!q.trim() ? (
        <Card>
          <Flex vertical gap={12} align="center" style={{ padding: '24px 0' }}>
            <Typography.Text type="secondary">{t('searchStart')}</Typography.Text>
            <Flex gap={8} wrap justify="center" align="center">
              <Typography.Text type="secondary">{t('examples')}</Typography.Text>
              {EXAMPLES.map((k) => (
                <Tag key={k} className="law-example" onClick={() => run(t(k))} data-testid="law-example" data-user-text>
                  {t(k)}
                </Tag>
              ))}
            </Flex>
          </Flex>
        </Card>
      ) : search.error ? (
        <Card>
          <Empty
            data-testid="law-search-error"
            description={isApiError(search.error) ? errorText(search.error) : t('queryInvalid')}
          />
        </Card>
      ) : (
        <SearchResults
          data={data}
          loading={search.isFetching}
          page={page}
          onPage={(p) => set({ page: String(p) })}
          onDidYouMean={(text) => run(text)}
          onOpen={(h) => navigate(lawArticlePermalink(h.versionId, h.articleKey))}
        />
      )}
    </PageContainer>
  );
}

function SearchResults({
  data,
  loading,
  page,
  onPage,
  onDidYouMean,
  onOpen,
}: {
  data: ReturnType<typeof useLawSearch>['data'];
  loading: boolean;
  page: number;
  onPage: (p: number) => void;
  onDidYouMean: (text: string) => void;
  onOpen: (h: LawSearchHit) => void;
}) {
  const t = useMessages(lawMessages);
  const { lang } = useI18n();
  if (!data) return <Card loading />;
  return (
    <Flex vertical gap={12} data-testid="law-search-results" aria-busy={loading}>
      <Flex gap={16} align="baseline" wrap>
        <Typography.Text strong data-testid="law-search-total" data-total={data.total}>
          {t('resultCount', { n: data.total.toLocaleString() + (data.totalCapped ? '+' : '') })}
        </Typography.Text>
        {data.relaxed && (
          <Typography.Text type="warning" data-testid="law-search-relaxed">
            {t('relaxed')}
          </Typography.Text>
        )}
        <Typography.Text type="secondary">{t('tookMs', { ms: Math.round(data.tookMs) })}</Typography.Text>
        {data.didYouMean && (
          <span data-testid="law-did-you-mean">
            <Typography.Text type="secondary">{t('didYouMean')}</Typography.Text>
            <Typography.Link onClick={() => onDidYouMean(data.didYouMean!)} data-user-text>
              {data.didYouMean}
            </Typography.Link>
          </span>
        )}
        {data.expandedTerms.length > 0 && (
          <span data-testid="law-expanded">
            <Typography.Text type="secondary">{t('expanded')}</Typography.Text>
            {data.expandedTerms.map((w) => (
              <Tag key={w} data-user-text>
                {w}
              </Tag>
            ))}
          </span>
        )}
      </Flex>

      {data.documents.length > 0 && page === 1 && (
        <Card size="small" title={t('titleHits')} data-testid="law-doc-hits">
          <Flex vertical gap={6}>
            {data.documents.map((d) => (
              <Flex key={d.documentId} gap={8} align="center" wrap>
                <Link
                  to={`/laws/read/${d.versionId}`}
                  className="law-doc-hit-title"
                  data-testid="law-doc-hit"
                  data-version-id={d.versionId}
                  data-user-text
                >
                  《{d.title}》
                </Link>
                <Tag>{docTypeText(d.docType, lang)}</Tag>
                <StatusTag status={d.status} lang={lang} />
              </Flex>
            ))}
          </Flex>
        </Card>
      )}

      {data.hits.length === 0 ? (
        <Card>
          <Empty description={<span data-testid="law-no-hits">{t('noHits')}</span>}>
            <Typography.Text type="secondary">{t('noHitsHint')}</Typography.Text>
          </Empty>
        </Card>
      ) : (
        <div className="law-hits" data-testid="law-hits">
          {data.hits.map((h) => (
            <article
              key={`${h.versionId}:${h.articleKey}`}
              className="law-hit"
              data-testid="law-hit"
              data-version-id={h.versionId}
              data-article-key={h.articleKey}
              data-document-id={h.documentId}
              onClick={(e) => {
                if ((e.target as HTMLElement).closest('a')) return;
                onOpen(h);
              }}
            >
              <Flex gap={8} align="center" wrap className="law-hit-head">
                <Link
                  to={lawArticlePermalink(h.versionId, h.articleKey)}
                  className="law-hit-title"
                  data-testid="law-hit-open"
                  data-user-text
                >
                  《{h.documentTitle}》{h.articleLabel}
                </Link>
                <StatusTag status={h.status} lang={lang} />
                <Tag>{docTypeText(h.docType, lang)}</Tag>
                {h.status !== 'in_force' && (
                  <Typography.Text type="secondary" data-user-text>
                    {h.versionLabel}
                  </Typography.Text>
                )}
              </Flex>
              {h.path.length > 0 && (
                <Typography.Text type="secondary" className="law-hit-path" data-user-text>
                  {h.path.join(' · ')}
                </Typography.Text>
              )}
              <p
                className="law-hit-snippet"
                data-user-text
                // The api escapes the text and marks the matches; safeSnippet keeps only <mark> whatever arrives.
                dangerouslySetInnerHTML={{ __html: safeSnippet(h.snippet) }}
              />
              <Typography.Text type="secondary" className="law-hit-meta">
                <span data-user-text>{h.issuingBody}</span>
                {' · '}
                {t('effectiveOn')} {h.effectiveOn}
                {' · '}
                <ReadOutlined /> {t('openReader')}
              </Typography.Text>
            </article>
          ))}
        </div>
      )}
      {data.total > PAGE_SIZE && (
        <Flex justify="center">
          <Pagination
            current={page}
            pageSize={PAGE_SIZE}
            total={Math.min(data.total, 1000 * PAGE_SIZE)}
            showSizeChanger={false}
            onChange={onPage}
          />
        </Flex>
      )}
    </Flex>
  );
}
