import Taro, { useDidShow, usePullDownRefresh, useRouter, useShareAppMessage } from '@tarojs/taro';
import { Fragment, useEffect, useRef, useState } from 'react';
import { ScrollView, Text, View } from '@tarojs/components';
import {
  LAW_DOC_TYPE_LABELS,
  LAW_SCOPE_LABELS,
  LAW_STATUS_LABELS,
  lawArticleAnchor,
  type LawDocumentDetail,
  type LawVersionDetail,
} from '@yuanan/contracts';
import { RecordNotices, RecordPending } from '../../../components/record-detail';
import { Screen } from '../../../components/screen';
import { client } from '../../../services/api';
import { usePageTitle } from '../../../services/page-title';
import { useCachedRecord } from '../../../services/use-cached-record';
import { useSignedInMe } from '../../../services/use-session';
import { LAW_PAGES, lawArticlePage } from '../../../services/workbench-links';
import { FontSizeControl, useFontStep } from '../../components/font-size';
import { ArticleText, StatusBanner, StatusTag } from '../../components/law-article';
import { useRecentLawCopy } from '../../services/law-cache-taro';
import { headingsBefore, isArticleKey, isId, tocLines } from '../../services/laws-ui';
import './index.scss';

/**
 * Scrolls the page to an article's anchor once the text is on screen. WeChat: pageScrollTo by selector. H5: Taro's
 * pageScrollTo reads `offsetTop` (relative to the card, not the page) and does not move at all with duration 0, so
 * the visible element (pages left behind stay in the DOM, hidden, with the same ids) is brought under the sticky
 * navigation bar in the element that scrolls (the page, or the window).
 */
function scrollToArticle(key: string): void {
  const id = lawArticleAnchor(key);
  setTimeout(() => {
    if (process.env.TARO_ENV !== 'h5') {
      void Taro.pageScrollTo({ selector: `#${id}`, duration: 120 }).catch(() => undefined);
      return;
    }
    const el = Array.from(document.querySelectorAll<HTMLElement>(`[id="${id}"]`)).find((e) => e.offsetParent !== null);
    if (!el) return;
    const nav = document.querySelector<HTMLElement>('.taro-navigation-bar-show');
    const delta = el.getBoundingClientRect().top - (nav?.offsetHeight ?? 0) - 8;
    const page = el.closest<HTMLElement>('.taro_page');
    if (page && page.scrollHeight > page.clientHeight) page.scrollTop += delta;
    else window.scrollBy(0, delta);
  }, 80);
}

/**
 * 法规阅读: one version of a law in full — title, type, issuing body, version and effective date, the status and
 * its banner (已修订 → 查看现行版本; 已废止; 尚未施行), the promulgation notes, then every article under its 编/章/节
 * headings, each with its anchor (`art-5-1`; `?key=` scrolls there and marks it). The bar at the foot: 目录 (the
 * structure; a tap jumps to the chapter's first article), 本法检索 (search within this law), A−/A+ (the size is kept
 * on the phone, shared with the article page). Tapping an article's label opens its page (to copy or share it).
 * The last text read is kept on the phone for reading offline. `?documentId=` opens the version in force.
 */
export default function LawReaderPage() {
  const me = useSignedInMe();
  const params = useRouter().params;
  const [versionId, setVersionId] = useState<string | null>(isId(params.versionId) ? params.versionId : null);
  const target = isArticleKey(params.key) ? params.key : null;
  const step = useFontStep();
  const [toc, setToc] = useState(false);
  const [preface, setPreface] = useState(false);
  const [docError, setDocError] = useState<string | null>(null);

  // ?documentId=: the version in force today (else the latest).
  useEffect(() => {
    if (versionId || !isId(params.documentId) || !me) return;
    client
      .get<LawDocumentDetail>(`/laws/documents/${params.documentId}`)
      .then((d) => {
        const id = d.currentVersionId ?? d.versions[d.versions.length - 1]?.id ?? null;
        if (id) setVersionId(id);
        else setDocError('该法规暂无可阅读的版本');
      })
      .catch((e: unknown) => setDocError(e instanceof Error ? e.message : '加载失败'));
  }, [versionId, params.documentId, me]);

  const {
    data: v,
    error,
    offlineSince,
    load,
  } = useCachedRecord<LawVersionDetail>(versionId ? `law-version:${versionId}` : null, () =>
    client.get<LawVersionDetail>(`/laws/versions/${versionId}`),
  );
  // The phone keeps only the most recently read texts (WeChat storage is 10 MB).
  useRecentLawCopy('law-version', v ? `law-version:${v.id}` : null, v);
  // Loaded on mount and when the version is known (?documentId=); a page opened by a link in H5 may not get its
  // first "show". Again when shown later.
  useEffect(() => void load(), [load]);
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) void load();
    shown.current = true;
  });
  usePullDownRefresh(() => void load());
  usePageTitle(v ? v.document.title : null);

  // The first time the text is on screen: to the article asked for.
  const scrolled = useRef(false);
  useEffect(() => {
    if (!v || scrolled.current) return;
    scrolled.current = true;
    if (target && v.articles.some((a) => a.articleKey === target)) scrollToArticle(target);
  }, [v, target]);

  useShareAppMessage(() => ({
    title: v ? `《${v.document.title}》${v.label}` : '法规阅读',
    path: `${LAW_PAGES.reader}?versionId=${versionId ?? ''}`,
  }));

  if (!me || !v)
    return (
      <RecordPending
        failed={me && (error || docError) ? `法规加载失败：${error ?? docError}` : null}
        onRetry={() => void load()}
      />
    );

  const lines = tocLines(v.structure);
  const current = v.currentVersionId && v.currentVersionId !== v.id ? v.currentVersionId : null;
  const open = (id: string) => void Taro.redirectTo({ url: `${LAW_PAGES.reader}?versionId=${id}` });
  const switchVersion = async () => {
    const others = v.versions.slice(-6);
    try {
      const r = await Taro.showActionSheet({
        itemList: others.map((x) => `${x.label}（${LAW_STATUS_LABELS[x.status].zh}）${x.id === v.id ? ' · 当前' : ''}`),
      });
      const pick = others[r.tapIndex];
      if (pick && pick.id !== v.id) open(pick.id);
    } catch {
      // cancelled
    }
  };

  let previous: string[] | null = null;
  return (
    <Screen className="law-reader">
      <RecordNotices offlineSince={offlineSince} waiting={undefined} />
      <View className="wx-card law-reader__head" data-testid="law-reader" data-version={v.id}>
        <View className="law-reader__title" data-testid="law-reader-title">
          {v.title || v.document.title}
        </View>
        <View className="law-tags">
          <StatusTag status={v.status} />
          <Text className="tag">{LAW_DOC_TYPE_LABELS[v.document.docType].zh}</Text>
          {v.document.scope === 'zone' ? <Text className="tag tag--purple">{LAW_SCOPE_LABELS.zone.zh}</Text> : null}
        </View>
        <View className="law-reader__meta">
          {v.document.issuingBody}
          {(v.docNumber ?? v.document.docNumber) ? ` · ${v.docNumber ?? v.document.docNumber}` : ''}
        </View>
        <View className="law-reader__meta">
          {v.label}
          {v.promulgatedOn ? ` · ${v.promulgatedOn} 公布` : ''} · {v.effectiveOn} 施行 · 共 {v.articleCount} 条
        </View>
        {v.versions.length > 1 ? (
          <View className="law-reader__versions wx-link" data-testid="law-versions" onClick={() => void switchVersion()}>
            共 {v.versions.length} 个版本，切换版本
          </View>
        ) : null}
      </View>

      <StatusBanner
        status={v.status}
        effectiveOn={v.effectiveOn}
        repealedOn={v.document.repealedOn}
        onCurrent={current ? () => open(current) : undefined}
      />

      {v.preface.trim() ? (
        <View className="wx-card law-reader__preface">
          <View className="law-reader__preface-head" onClick={() => setPreface(!preface)}>
            <Text>制定与修订沿革</Text>
            <Text className="wx-link">{preface ? '收起' : '展开'}</Text>
          </View>
          {preface ? <View className="law-reader__preface-text">{v.preface.trim()}</View> : null}
        </View>
      ) : null}

      <View className="wx-card law-reader__body">
        {v.articles.map((a) => {
          const heads = headingsBefore(a.path, previous);
          previous = a.path;
          return (
            <Fragment key={a.articleKey}>
              {heads.map((h) => (
                <View key={h.text} className={`law-reader__heading law-reader__heading--d${Math.min(h.depth, 2)}`}>
                  {h.text}
                </View>
              ))}
              <ArticleText
                article={a}
                step={step}
                target={a.articleKey === target}
                onLabel={() => void Taro.navigateTo({ url: lawArticlePage(v.id, a.articleKey) })}
              />
            </Fragment>
          );
        })}
        {v.articles.length === 0 ? <View className="wx-tips">本版本没有条文</View> : null}
      </View>

      <View className="action-bar-space" />
      <View className="action-bar law-reader__bar">
        <View
          className={`law-reader__tool ${lines.length === 0 ? 'law-reader__tool--off' : ''}`}
          data-testid="law-toc-open"
          onClick={() => lines.length > 0 && setToc(true)}
        >
          目录
        </View>
        <View
          className="law-reader__tool"
          data-testid="law-search-within"
          onClick={() =>
            void Taro.navigateTo({
              url: `${LAW_PAGES.search}?documentId=${v.document.id}&title=${encodeURIComponent(v.document.title)}`,
            })
          }
        >
          本法检索
        </View>
        <FontSizeControl />
      </View>

      {toc ? (
        <View className="law-toc" data-testid="law-toc" onClick={() => setToc(false)}>
          <View className="law-toc__panel" onClick={(e) => e.stopPropagation()}>
            <View className="law-toc__head">
              <Text className="law-toc__title">目录</Text>
              <Text className="law-toc__close" onClick={() => setToc(false)}>
                关闭
              </Text>
            </View>
            <ScrollView scrollY className="law-toc__list">
              {lines.map((l, i) => (
                <View
                  key={`${i}:${l.heading}`}
                  className={`law-toc__line law-toc__line--d${Math.min(l.depth, 2)}`}
                  data-testid="law-toc-line"
                  data-first={l.firstKey ?? ''}
                  onClick={() => {
                    setToc(false);
                    if (l.firstKey) scrollToArticle(l.firstKey);
                  }}
                >
                  <Text className="law-toc__heading">{l.heading}</Text>
                  {l.firstKey ? (
                    <Text className="law-toc__range">
                      {l.firstKey === l.lastKey ? `第${l.firstKey}条` : `第${l.firstKey}–${l.lastKey ?? ''}条`}
                    </Text>
                  ) : null}
                </View>
              ))}
            </ScrollView>
          </View>
        </View>
      ) : null}
    </Screen>
  );
}
