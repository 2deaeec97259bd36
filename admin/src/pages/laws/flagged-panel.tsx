import { useState } from 'react';
import { Empty, Flex, Table, Tag, Typography } from 'antd';
import { ArrowRightOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { lawArticlePermalink } from '@yuanan/contracts';
import { QueryError } from '../../components/query-error.tsx';
import { useMessages } from '../../i18n/feature.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { CitationStateTag, sourceHref, sourceTypeText } from './labels.tsx';
import { lawMessages } from './messages.ts';
import { useFlaggedCitations, type LawFlaggedCitationRow } from './queries.ts';

/** 引用待复核: the zone's records citing an article that was amended, repealed or is missing, with the article in force. */
export function FlaggedPanel() {
  const t = useMessages(lawMessages);
  const { lang } = useI18n();
  const [page, setPage] = useState(1);
  const q = useFlaggedCitations({ page, pageSize: 50 });
  if (q.error) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  return (
    <Flex vertical gap={12}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('flaggedDesc')}
      </Typography.Paragraph>
      <Table<LawFlaggedCitationRow>
        size="middle"
        rowKey="id"
        loading={q.isFetching}
        dataSource={q.data?.items ?? []}
        data-testid="law-flagged-table"
        onRow={(r) => ({ 'data-testid': 'law-flagged-row', 'data-source-id': r.sourceId }) as React.HTMLAttributes<HTMLElement>}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('flaggedEmpty')} /> }}
        pagination={
          (q.data?.total ?? 0) > 50
            ? { current: page, pageSize: 50, total: q.data?.total ?? 0, onChange: setPage, showSizeChanger: false }
            : false
        }
        columns={[
          {
            title: t('flagSource'),
            key: 'source',
            width: 260,
            render: (_: unknown, r) => {
              const href = sourceHref(r.sourceType, r.sourceId);
              return (
                <span>
                  <Tag>{sourceTypeText(r.sourceType, lang)}</Tag>
                  {href ? (
                    <Link to={href} data-user-text data-testid="law-flagged-source">
                      {r.sourceLabel}
                    </Link>
                  ) : (
                    <span data-user-text>{r.sourceLabel}</span>
                  )}
                </span>
              );
            },
          },
          {
            title: t('flagCited'),
            key: 'cited',
            render: (_: unknown, r) => {
              const c = r.citation;
              const name = c.documentTitle ? `《${c.documentTitle}》${c.articleLabel}` : c.articleLabel;
              return (
                <Flex vertical gap={2}>
                  {c.exists ? (
                    <Link to={lawArticlePermalink(r.versionId, r.articleKey)} data-user-text>
                      {name}
                    </Link>
                  ) : (
                    <Typography.Text delete data-user-text>
                      {name}
                    </Typography.Text>
                  )}
                  {c.versionLabel && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }} data-user-text>
                      {c.versionLabel}
                    </Typography.Text>
                  )}
                </Flex>
              );
            },
          },
          {
            title: t('flagState'),
            key: 'state',
            width: 160,
            render: (_: unknown, r) => <CitationStateTag state={r.citation.state} lang={lang} />,
          },
          {
            title: t('flagCurrent'),
            key: 'current',
            width: 200,
            render: (_: unknown, r) =>
              r.citation.currentVersionId && r.citation.currentArticleKey ? (
                <Link
                  to={lawArticlePermalink(r.citation.currentVersionId, r.citation.currentArticleKey)}
                  data-testid="law-flagged-current"
                >
                  <ArrowRightOutlined /> {t('openReader')}
                </Link>
              ) : (
                t('none')
              ),
          },
        ]}
      />
    </Flex>
  );
}
