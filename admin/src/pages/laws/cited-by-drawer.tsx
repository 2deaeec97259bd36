import { Drawer, Empty, List, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { QueryError } from '../../components/query-error.tsx';
import { fmtMinute } from '../../components/time.ts';
import { useMessages } from '../../i18n/feature.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { sourceHref, sourceTypeText } from './labels.tsx';
import { lawMessages } from './messages.ts';
import { useCitedBy, type LawArticle } from './queries.ts';

/** 被引用: the records of this zone that cite one article of one version (hazards, checklist items). */
export function CitedByDrawer({ versionId, article, onClose }: { versionId: string; article: LawArticle; onClose: () => void }) {
  const t = useMessages(lawMessages);
  const { lang } = useI18n();
  const q = useCitedBy(versionId, article.articleKey);
  const [before, after] = t('citedByTitle', { label: '\u0000' }).split('\u0000');
  return (
    <Drawer
      open
      onClose={onClose}
      width={480}
      title={
        <span>
          {before}
          <span data-user-text>{article.label}</span>
          {after}
        </span>
      }
      data-testid="law-cited-by-drawer"
    >
      {q.error ? (
        <QueryError error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <List
          loading={q.isLoading}
          dataSource={q.data?.items ?? []}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('citedByEmpty')} /> }}
          renderItem={(r) => {
            const href = sourceHref(r.sourceType, r.sourceId);
            return (
              <List.Item data-testid="law-cited-by-row" data-source-type={r.sourceType} data-source-id={r.sourceId}>
                <List.Item.Meta
                  title={
                    <span>
                      <Tag>{sourceTypeText(r.sourceType, lang)}</Tag>
                      {href ? (
                        <Link to={href} data-user-text>
                          {r.sourceLabel}
                        </Link>
                      ) : (
                        <span data-user-text>{r.sourceLabel}</span>
                      )}
                    </span>
                  }
                  description={<Typography.Text type="secondary">{fmtMinute(r.createdAt)}</Typography.Text>}
                />
              </List.Item>
            );
          }}
        />
      )}
    </Drawer>
  );
}
