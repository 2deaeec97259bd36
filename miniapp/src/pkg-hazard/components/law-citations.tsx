import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { LAW_CITATION_STATE_LABELS, isFlaggedCitationState, type ResolvedLawCitation } from '@yuanan/contracts';
import { lawArticlePage } from '../../services/workbench-links';
import './law-citations.scss';

/** Tag colours of a cited article's state: the flagged ones (已修订 / 已废止 / 条文不存在) orange or red. */
const TONE: Record<ResolvedLawCitation['state'], string> = {
  in_force: 'green',
  amended: 'orange',
  amended_unchanged: 'grey',
  repealed: 'red',
  not_yet_effective: 'blue',
  missing: 'red',
};

/**
 * 法律依据 of a hazard: the free-text basis as written (`legalBasis`) and the articles it cites from the law
 * library — 《title》label, the state when it is not simply in force (已修订 / 已废止 / 条文不存在 are flagged: the
 * citation needs a look), and the start of the article's text. Tapping one opens its article page (pkg-laws);
 * a missing article opens nothing. Nothing is shown when there is neither.
 */
export function LawCitations({ citations, legalBasis }: { citations: ResolvedLawCitation[]; legalBasis?: string | null }) {
  if (citations.length === 0 && !legalBasis) return null;
  return (
    <View className="wx-card hz-laws" data-testid="hz-citations">
      <View className="wx-label">法律依据</View>
      {legalBasis ? <View className="hz-laws__basis">{legalBasis}</View> : null}
      {citations.map((c) => {
        const flagged = isFlaggedCitationState(c.state);
        return (
          <View
            key={`${c.versionId}:${c.articleKey}`}
            className={`hz-law ${flagged ? 'hz-law--flagged' : ''} ${c.exists ? 'hz-law--link' : ''}`}
            data-testid="hz-citation"
            data-version={c.versionId}
            data-key={c.articleKey}
            data-state={c.state}
            onClick={() => c.exists && void Taro.navigateTo({ url: lawArticlePage(c.versionId, c.articleKey) })}
          >
            <View className="hz-law__head">
              <Text className="hz-law__title">
                {c.documentTitle ? `《${c.documentTitle}》` : ''}
                {c.articleLabel}
              </Text>
              {c.state !== 'in_force' ? (
                <Text className={`tag tag--${TONE[c.state]} hz-law__state`} data-testid="hz-citation-state">
                  {LAW_CITATION_STATE_LABELS[c.state].zh}
                </Text>
              ) : null}
            </View>
            {c.versionLabel ? <View className="hz-law__version">{c.versionLabel}</View> : null}
            {c.text ? <View className="hz-law__text">{c.text}</View> : null}
            {flagged ? (
              <View className="hz-law__flag">
                {c.state === 'missing' ? '所引条文已不存在，请联系安监人员更正' : '所引条文已变化，请以现行条文为准'}
              </View>
            ) : null}
          </View>
        );
      })}
    </View>
  );
}
