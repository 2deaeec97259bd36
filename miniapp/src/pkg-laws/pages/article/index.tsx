import Taro, { useDidHide, useDidShow, usePullDownRefresh, useRouter, useShareAppMessage } from '@tarojs/taro';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { LAW_DOC_TYPE_LABELS, LAW_SCOPE_LABELS, type LawArticleDetail } from '@yuanan/contracts';
import { RecordNotices, RecordPending } from '../../../components/record-detail';
import { Screen } from '../../../components/screen';
import { client } from '../../../services/api';
import { toast } from '../../../services/feedback';
import { usePageTitle } from '../../../services/page-title';
import { useCachedRecord } from '../../../services/use-cached-record';
import { useSignedInMe } from '../../../services/use-session';
import { LAW_PAGES, lawArticlePage } from '../../../services/workbench-links';
import { FontSizeControl, useFontStep } from '../../components/font-size';
import { ArticleText, StatusBanner, StatusTag } from '../../components/law-article';
import { useRecentLawCopy } from '../../services/law-cache-taro';
import { hashQuery, isArticleKey, isId } from '../../services/laws-ui';
import './index.scss';

const IS_H5 = process.env.TARO_ENV === 'h5';

/** The article as one cites it in a message: 《title》（version）label, then its text. */
function citationText(d: LawArticleDetail): string {
  return `《${d.document.title}》（${d.version.label}）${d.article.label}\n${d.article.text}`;
}

/**
 * 条文: one article on its own page — the page an article is shared as (its path is the article's permalink in
 * the mini-program, `?versionId=…&key=…`) and the one a hazard's 法律依据 opens. The law, version and status (a
 * banner when the version is not in force; 已修订 links to the matching article of the version in force), the
 * article at the reading size (A−/A+, kept on the phone), 上一条/下一条, 阅读全文 (the reader at this article),
 * 复制条文 (citation and text) and 分享 (WeChat: share to a chat; H5: copies the page's link).
 * In H5 the article follows the address: a link to this page with another `versionId`/`key` shows that article
 * (Taro shows the page instance already in its stack with its first query, or nothing new when it is on screen).
 */
export default function LawArticlePage() {
  const me = useSignedInMe();
  const route = useRouter().params;
  const [params, setParams] = useState<{ versionId?: string; key?: string }>(() => ({
    versionId: route.versionId,
    key: route.key,
  }));
  // H5: the query of the address, when the address is this page's (read on show and on a hash change on screen).
  const onScreen = useRef(true);
  const paramsRef = useRef(params);
  paramsRef.current = params;
  /** Takes the address's query when it names another article; true when it did (the new one loads by itself). */
  const followAddress = useCallback((): boolean => {
    if (!IS_H5) return false;
    const q = hashQuery(window.location.hash, LAW_PAGES.article);
    const p = paramsRef.current;
    if (!q || (p.versionId === q.versionId && p.key === q.key)) return false;
    setParams({ versionId: q.versionId, key: q.key });
    return true;
  }, []);
  useEffect(() => {
    if (!IS_H5) return;
    const onHash = () => void (onScreen.current && followAddress());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [followAddress]);
  useDidHide(() => {
    onScreen.current = false;
  });
  const versionId = isId(params.versionId) ? params.versionId : null;
  const key = isArticleKey(params.key) ? params.key : null;
  const step = useFontStep();
  const sharePath = versionId && key ? lawArticlePage(versionId, key) : LAW_PAGES.search;

  const {
    data: loaded,
    error,
    offlineSince,
    load,
  } = useCachedRecord<LawArticleDetail>(versionId && key ? `law-article:${versionId}:${key}` : null, () =>
    client.get<LawArticleDetail>(`/laws/versions/${versionId}/articles/${key}`),
  );
  // The article of the previous query is not shown while the new one loads.
  const d = loaded && loaded.version.id === versionId && loaded.article.articleKey === key ? loaded : null;
  useRecentLawCopy('law-article', versionId && key ? `law-article:${versionId}:${key}` : null, d);
  // Loaded on mount (a page opened by a link in H5 may not get its first "show"), again when shown later.
  useEffect(() => void load(), [load]);
  const shown = useRef(false);
  useDidShow(() => {
    onScreen.current = true;
    if (!followAddress() && shown.current) void load();
    shown.current = true;
  });
  usePullDownRefresh(() => void load());
  usePageTitle(d ? d.article.label : null);

  useShareAppMessage(() => ({
    title: d ? `《${d.document.title}》${d.article.label}` : '法规条文',
    path: sharePath,
  }));

  if (!versionId || !key) return <RecordPending failed="链接不完整，无法打开该条文" onRetry={() => void load()} />;
  if (!me || !d) return <RecordPending failed={me && error ? `条文加载失败：${error}` : null} onRetry={() => void load()} />;

  const go = (k: string | null) => k && void Taro.redirectTo({ url: lawArticlePage(d.version.id, k) });
  const current = d.currentVersionId && d.currentVersionId !== d.version.id ? d.currentVersionId : null;
  const copy = (data: string, done: string) =>
    void Taro.setClipboardData({ data })
      .then(() => toast(done))
      .catch(() => undefined);
  const shareH5 = () => {
    // H5: the browser's address of this page (hash router) — what one pastes into a chat
    const url = `${window.location.origin}${window.location.pathname}#${sharePath}`;
    copy(url, '链接已复制');
  };

  return (
    <Screen className="law-article">
      <RecordNotices offlineSince={offlineSince} waiting={undefined} />
      <View className="wx-card law-article__head" data-testid="law-article-page" data-share-path={sharePath}>
        <View
          className="law-article__doc wx-link"
          data-testid="law-article-doc"
          onClick={() => void Taro.navigateTo({ url: `${LAW_PAGES.reader}?versionId=${d.version.id}` })}
        >
          《{d.document.title}》
        </View>
        <View className="law-tags">
          <StatusTag status={d.status} />
          <Text className="tag">{LAW_DOC_TYPE_LABELS[d.document.docType].zh}</Text>
          {d.document.scope === 'zone' ? <Text className="tag tag--purple">{LAW_SCOPE_LABELS.zone.zh}</Text> : null}
        </View>
        <View className="law-article__meta">{d.document.issuingBody}</View>
        <View className="law-article__meta">
          {d.version.label} · {d.version.effectiveOn} 施行
        </View>
        {d.article.path.length > 0 ? <View className="law-article__path">{d.article.path.join(' › ')}</View> : null}
      </View>

      <StatusBanner
        status={d.status}
        effectiveOn={d.version.effectiveOn}
        repealedOn={d.document.repealedOn}
        currentText={d.currentArticleKey ? '查看现行条文' : '查看现行版本'}
        onCurrent={
          current
            ? () =>
                void Taro.redirectTo({
                  url: d.currentArticleKey
                    ? lawArticlePage(current, d.currentArticleKey)
                    : `${LAW_PAGES.reader}?versionId=${current}`,
                })
            : undefined
        }
      />

      <View className="wx-card law-article__body">
        <ArticleText article={d.article} step={step} />
      </View>

      <View className="law-article__nav">
        <View
          className={`law-article__nav-btn ${d.prevKey ? '' : 'law-article__nav-btn--off'}`}
          data-testid="law-prev"
          onClick={() => go(d.prevKey)}
        >
          ‹ 上一条
        </View>
        <View
          className="law-article__nav-btn"
          data-testid="law-read-all"
          onClick={() =>
            void Taro.navigateTo({ url: `${LAW_PAGES.reader}?versionId=${d.version.id}&key=${d.article.articleKey}` })
          }
        >
          阅读全文
        </View>
        <View
          className={`law-article__nav-btn ${d.nextKey ? '' : 'law-article__nav-btn--off'}`}
          data-testid="law-next"
          onClick={() => go(d.nextKey)}
        >
          下一条 ›
        </View>
      </View>

      <View className="action-bar-space" />
      <View className="action-bar law-article__bar">
        <FontSizeControl />
        <View
          className="wx-btn wx-btn--plain law-article__copy"
          data-testid="law-copy"
          onClick={() => copy(citationText(d), '条文已复制')}
        >
          复制条文
        </View>
        {IS_H5 ? (
          <View className="wx-btn wx-btn--primary law-article__share" data-testid="law-share" onClick={shareH5}>
            分享
          </View>
        ) : (
          <Button className="wx-btn wx-btn--primary law-article__share" openType="share" data-testid="law-share">
            分享
          </Button>
        )}
      </View>
    </Screen>
  );
}
