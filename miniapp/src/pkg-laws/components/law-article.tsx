import { Text, View } from '@tarojs/components';
import { LAW_STATUS_LABELS, lawArticleAnchor, type LawArticle, type LawStatus } from '@yuanan/contracts';
import { STATUS_TONE, statusBanner } from '../services/laws-ui';
import { fontClass } from './font-size';
import './law-article.scss';

/**
 * One article (条) as a law prints it: the label in bold followed by its first paragraph (款), further paragraphs
 * indented two characters, items (项) on their own lines — at the reader's chosen size (`step`). The element id is
 * the article's anchor (`art-5-1`); `onLabel` makes the label a link (the reader opens the article page).
 */
export function ArticleText({
  article,
  step,
  target = false,
  onLabel,
}: {
  article: LawArticle;
  step: number;
  target?: boolean;
  onLabel?: () => void;
}) {
  const paragraphs = article.paragraphs.length > 0 ? article.paragraphs : [{ text: article.text, items: [] }];
  return (
    <View
      id={lawArticleAnchor(article.articleKey)}
      className={`law-art ${fontClass(step)} ${target ? 'law-art--target' : ''}`}
      data-testid="law-article"
      data-key={article.articleKey}
    >
      {paragraphs.map((p, i) => (
        <View key={i} className={`law-art__para ${i > 0 ? 'law-art__para--next' : ''}`}>
          {i === 0 ? (
            <Text
              className={`law-art__label ${onLabel ? 'law-art__label--link' : ''}`}
              data-testid="law-article-label"
              onClick={onLabel}
            >
              {article.label}
            </Text>
          ) : null}
          {i === 0 ? <Text>{'　'}</Text> : null}
          <Text>{p.text}</Text>
          {p.items.map((it, j) => (
            <View key={j} className="law-art__item">
              {it.label}
              {it.text}
            </View>
          ))}
        </View>
      ))}
    </View>
  );
}

/** The status tag of a version (现行有效 / 已修订 / 已废止 / 尚未施行). */
export function StatusTag({ status }: { status: LawStatus }) {
  return (
    <Text className={`tag tag--${STATUS_TONE[status] ?? 'grey'}`} data-testid="law-status" data-status={status}>
      {LAW_STATUS_LABELS[status]?.zh ?? status}
    </Text>
  );
}

/**
 * The banner over a text that is not in force (null when it is): 已修订 with a link to the in-force text
 * (`onCurrent`), 已废止 with the date, 尚未施行 with the date it takes effect.
 */
export function StatusBanner({
  status,
  effectiveOn,
  repealedOn,
  onCurrent,
  currentText = '查看现行版本',
}: {
  status: LawStatus;
  effectiveOn?: string | null;
  repealedOn?: string | null;
  onCurrent?: () => void;
  currentText?: string;
}) {
  const b = statusBanner(status, { effectiveOn, repealedOn, hasCurrent: !!onCurrent });
  if (!b) return null;
  return (
    <View className={`law-banner law-banner--${b.tone}`} data-testid="law-banner" data-status={status}>
      <Text>{b.text}</Text>
      {onCurrent ? (
        <Text className="law-banner__link" data-testid="law-banner-current" onClick={onCurrent}>
          {currentText}
        </Text>
      ) : null}
    </View>
  );
}
