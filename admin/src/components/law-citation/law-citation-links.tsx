import { Flex, Popover, Spin, Tag, Typography } from 'antd';
import { WarningFilled } from '@ant-design/icons';
import { Link } from 'react-router';
import {
  isFlaggedCitationState,
  LAW_CITATION_STATE_LABELS,
  lawArticlePermalink,
  type LawCitationRef,
  type LawCitationState,
  type ResolvedLawCitation,
} from '@yuanan/contracts';
import { useI18n } from '../../i18n/i18n.tsx';
import { useMessages } from '../../i18n/feature.ts';
import { lawCitationMessages } from './messages.ts';
import { refKey, useResolvedCitations } from './queries.ts';

/** Tag colour of a citation state: red for gone (repealed, missing), orange for amended, none when in force. */
export function citationStateColour(state: LawCitationState): string | undefined {
  switch (state) {
    case 'repealed':
    case 'missing':
      return 'red';
    case 'amended':
      return 'orange';
    case 'amended_unchanged':
      return 'gold';
    case 'not_yet_effective':
      return 'blue';
    default:
      return undefined;
  }
}

/** 《安全生产法》第二十一条 — the short name of a resolved citation (the key when it resolves to nothing). */
export function citationName(c: ResolvedLawCitation): string {
  return c.documentTitle ? `《${c.documentTitle}》${c.articleLabel}` : c.articleLabel || c.articleKey;
}

/** The state tag beside a citation; nothing for an article in force. */
export function CitationStateTag({ state }: { state: LawCitationState }) {
  const { lang } = useI18n();
  if (state === 'in_force') return null;
  const label = LAW_CITATION_STATE_LABELS[state];
  return (
    <Tag
      color={citationStateColour(state)}
      icon={isFlaggedCitationState(state) ? <WarningFilled /> : undefined}
      style={{ marginInlineEnd: 0 }}
      data-testid="law-citation-state"
      data-state={state}
    >
      {lang === 'en' ? label.en : label.zh}
    </Tag>
  );
}

/** The hover card: document, version, article label, the article's text, and the way to the text in force. */
export function CitationCard({ c }: { c: ResolvedLawCitation }) {
  const m = useMessages(lawCitationMessages);
  const { lang } = useI18n();
  return (
    <div style={{ maxWidth: 480 }} data-testid="law-citation-card">
      <Flex gap={6} align="center" wrap style={{ marginBottom: 6 }}>
        <Typography.Text strong>{citationName(c)}</Typography.Text>
        {c.versionLabel && <Typography.Text type="secondary">（{c.versionLabel}）</Typography.Text>}
        <CitationStateTag state={c.state} />
      </Flex>
      {c.text ? (
        <Typography.Paragraph
          style={{ whiteSpace: 'pre-wrap', maxHeight: 280, overflowY: 'auto', margin: 0, lineHeight: 1.7 }}
          data-testid="law-citation-text"
        >
          {c.text}
        </Typography.Paragraph>
      ) : (
        <Typography.Text type="secondary">{LAW_CITATION_STATE_LABELS.missing[lang === 'en' ? 'en' : 'zh']}</Typography.Text>
      )}
      <Flex gap={12} style={{ marginTop: 8 }}>
        {c.exists && <Link to={lawArticlePermalink(c.versionId, c.articleKey)}>{m('open')}</Link>}
        {c.state === 'amended' && c.currentVersionId && (
          <Link
            to={lawArticlePermalink(c.currentVersionId, c.currentArticleKey ?? c.articleKey)}
            data-testid="law-citation-current"
          >
            {m('current')}
          </Link>
        )}
      </Flex>
    </div>
  );
}

/** One citation as a link to the reader (/laws/read/:versionId#art-KEY) with its text on hover and its flag. */
export function CitationLink({ c }: { c: ResolvedLawCitation }) {
  const flagged = isFlaggedCitationState(c.state);
  const name = citationName(c);
  return (
    <Popover content={<CitationCard c={c} />} mouseEnterDelay={0.25}>
      <span data-testid="law-citation" data-state={c.state} data-flagged={flagged ? 'true' : 'false'}>
        <Flex gap={4} align="center" wrap style={{ display: 'inline-flex' }}>
          {c.exists ? (
            <Link to={lawArticlePermalink(c.versionId, c.articleKey)} data-testid="law-citation-link">
              {name}
            </Link>
          ) : (
            <Typography.Text delete type="secondary">
              {name}
            </Typography.Text>
          )}
          <CitationStateTag state={c.state} />
        </Flex>
      </span>
    </Popover>
  );
}

/**
 * The articles a record cites, as links with the text on hover and a red/orange tag when amended, repealed or
 * missing. Takes resolved citations (hazard detail) or bare refs (a checklist item), which it resolves itself.
 */
export function LawCitationLinks({
  citations,
  vertical = true,
  emptyText,
}: {
  citations: ReadonlyArray<ResolvedLawCitation | LawCitationRef> | null | undefined;
  vertical?: boolean;
  /** Shown when nothing is cited (default: nothing at all). */
  emptyText?: string;
}) {
  const m = useMessages(lawCitationMessages);
  const list = citations ?? [];
  const bare = list.filter((c): c is LawCitationRef => !('state' in c));
  const resolved = useResolvedCitations(
    bare.length ? list.map((c) => ({ versionId: c.versionId, articleKey: c.articleKey })) : [],
  );
  if (!list.length) return emptyText ? <Typography.Text type="secondary">{emptyText}</Typography.Text> : null;
  let shown: ResolvedLawCitation[];
  if (bare.length) {
    if (!resolved.data) return <Spin size="small" />;
    shown = resolved.data;
  } else shown = list as ResolvedLawCitation[];
  const flagged = shown.some((c) => isFlaggedCitationState(c.state));
  return (
    <Flex
      vertical={vertical}
      gap={vertical ? 4 : 12}
      wrap
      data-testid="law-citations"
      title={flagged ? m('flagHint') : undefined}
    >
      {shown.map((c) => (
        <CitationLink key={refKey(c)} c={c} />
      ))}
    </Flex>
  );
}
