import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import {
  LAW_DOC_TYPE_LABELS,
  LAW_SCOPE_LABELS,
  LAW_STATUS_LABELS,
  type LawDocType,
  type LawDocumentListItem,
  type LawSearchHit,
  type LawSearchResult,
  type LawSuggestResult,
} from '@yuanan/contracts';
import { RecordList } from '../../../components/record-list';
import { Loading, Screen } from '../../../components/screen';
import { client } from '../../../services/api';
import { loadCached, userKey } from '../../../services/cache';
import { readJson, writeJson } from '../../../services/storage';
import { useCachedRecord } from '../../../services/use-cached-record';
import { useSignedInMe } from '../../../services/use-session';
import { LAW_PAGES, lawArticlePage } from '../../../services/workbench-links';
import { StatusTag } from '../../components/law-article';
import { addHistory, isId, parseHistory, splitSnippet } from '../../services/laws-ui';
import './index.scss';

const PAGE_SIZE = 20;
/** Suggestions wait for a pause in typing (ms): one request per pause, not per key. */
const SUGGEST_DELAY_MS = 250;

/** The type filter's chips: the few a phone user needs (全部, then the common types). */
const TYPE_CHIPS: { key: '' | LawDocType; text: string }[] = [
  { key: '', text: '全部' },
  { key: 'law', text: '法律' },
  { key: 'administrative_regulation', text: '行政法规' },
  { key: 'departmental_rule', text: '部门规章' },
  { key: 'national_standard', text: '国家标准' },
  { key: 'local_regulation', text: '地方法规' },
  { key: 'zone_rule', text: '园区制度' },
];

/** Searches people in the field start with (tapping one searches it). */
const COMMON = [
  '主要负责人职责',
  '事故报告 1小时',
  '动火作业',
  '有限空间',
  '危险化学品储存',
  '特种作业人员',
  '应急预案演练',
  '重大事故隐患',
];

type Extra = Pick<LawSearchResult, 'didYouMean' | 'expandedTerms' | 'documents' | 'tookMs' | 'totalCapped'> & {
  relaxed: boolean;
};

function SnippetText({ snippet }: { snippet: string }) {
  return (
    <>
      {splitSnippet(snippet).map((p, i) =>
        p.mark ? (
          <Text key={i} className="law-mark">
            {p.text}
          </Text>
        ) : (
          <Text key={i}>{p.text}</Text>
        ),
      )}
    </>
  );
}

function Tags({ status, docType, zone }: { status: LawSearchHit['status']; docType: LawDocType; zone: boolean }) {
  return (
    <View className="law-tags">
      <StatusTag status={status} />
      <Text className="tag">{LAW_DOC_TYPE_LABELS[docType].zh}</Text>
      {zone ? (
        <Text className="tag tag--purple" data-testid="law-scope-zone">
          {LAW_SCOPE_LABELS.zone.zh}
        </Text>
      ) : null}
    </View>
  );
}

/** One document of the library (tap → the reader at the version in force). */
function DocRow({ d }: { d: LawDocumentListItem }) {
  return (
    <View
      className="wx-cell wx-cell--link law-doc"
      data-testid="law-doc"
      data-id={d.id}
      data-scope={d.scope}
      onClick={() =>
        d.versionId
          ? void Taro.navigateTo({ url: `${LAW_PAGES.reader}?versionId=${d.versionId}` })
          : void Taro.showToast({ title: '该法规暂无可阅读的版本', icon: 'none' })
      }
    >
      <View className="wx-cell__bd">
        <View className="law-doc__title">{d.title}</View>
        <Tags status={d.status} docType={d.docType} zone={d.scope === 'zone'} />
        <View className="law-doc__meta">{d.issuingBody}</View>
        <View className="law-doc__meta">
          {d.effectiveOn ? `${d.effectiveOn} 施行` : '尚无施行版本'}
          {d.articleCount ? ` · ${d.articleCount} 条` : ''}
        </View>
      </View>
    </View>
  );
}

type DocList = { items: LawDocumentListItem[]; total: number };

/**
 * 法规查询: one search box over the platform library and the zone's own documents (GET /laws/search) with
 * suggestions while typing (GET /laws/suggest: titles, field terms, the zone's past searches) and this phone's
 * history; type chips and 只看现行有效; hits are articles with their law, status and a highlighted snippet (tap →
 * the article page); laws whose title matches come first (tap → the reader). Before a search: history, common
 * searches, the zone's own documents (本园区制度) and the platform library (平台法规库). `?q=` searches at once; `?documentId=&title=` searches within one law.
 */
export default function LawSearchPage() {
  const me = useSignedInMe();
  const params = useRouter().params;
  const within = isId(params.documentId) ? { id: params.documentId, title: decodeURIComponent(params.title ?? '') } : null;
  const [input, setInput] = useState(params.q ? decodeURIComponent(params.q) : '');
  const [query, setQuery] = useState(input.trim());
  const [type, setType] = useState<'' | LawDocType>('');
  const [inForce, setInForce] = useState(false);
  const [focused, setFocused] = useState(false);
  const [suggestions, setSuggestions] = useState<LawSuggestResult['suggestions']>([]);
  const [history, setHistory] = useState<string[]>([]);
  const historyKey = me ? userKey('laws-history') : null;

  useEffect(() => {
    if (historyKey) setHistory(parseHistory(readJson<unknown>(historyKey)));
  }, [historyKey]);

  // The zone's own documents, above the platform library (a zone's rules are what its people look up first).
  const zoneDocs = useCachedRecord<DocList>(me ? 'laws:zone-documents' : null, () =>
    client.get<DocList>('/laws/documents', { scope: 'zone', pageSize: 100 }),
  );
  const loadZoneDocs = zoneDocs.load;
  useEffect(() => {
    if (!query) void loadZoneDocs();
  }, [loadZoneDocs, query]);

  // Suggestions for what is typed, after a pause; an answer for an older text is dropped.
  const seq = useRef(0);
  useEffect(() => {
    const text = input.trim();
    const mine = ++seq.current;
    if (!focused || !text || text === query) {
      setSuggestions([]);
      return;
    }
    const timer = setTimeout(() => {
      client
        .get<LawSuggestResult>('/laws/suggest', { q: text })
        .then((r) => mine === seq.current && setSuggestions(r.suggestions.slice(0, 8)))
        .catch(() => mine === seq.current && setSuggestions([]));
    }, SUGGEST_DELAY_MS);
    return () => clearTimeout(timer);
  }, [input, focused, query]);

  const search = (text: string) => {
    const q = text.trim().replace(/\s+/g, ' ');
    setInput(q);
    setQuery(q);
    setSuggestions([]);
    setFocused(false);
    if (q && historyKey) {
      const next = addHistory(history, q);
      setHistory(next);
      writeJson(historyKey, next);
    }
    if (process.env.TARO_ENV === 'h5') (document.activeElement as HTMLElement | null)?.blur?.();
    else void Taro.hideKeyboard().catch(() => undefined);
  };

  const clearHistory = () => {
    setHistory([]);
    if (historyKey) writeJson(historyKey, null);
  };

  if (!me) {
    return (
      <Screen>
        <Loading />
      </Screen>
    );
  }

  const filters = { type: type || undefined, status: inForce ? 'in_force' : undefined, documentId: within?.id };
  const fetchKey = JSON.stringify([query, filters]);

  const bar = (
    <View className="law-search__top">
      <View className="law-search__bar">
        <View className="law-search__box">
          <View className="law-search__icon" />
          <Input
            className="law-search__input"
            data-testid="law-q"
            value={input}
            maxlength={200}
            confirmType="search"
            placeholder={within ? `在《${within.title}》中搜索` : '搜索法规、条文，如：主要负责人职责'}
            onInput={(e) => setInput(e.detail.value)}
            onFocus={() => setFocused(true)}
            onBlur={() => setTimeout(() => setFocused(false), 200)}
            onConfirm={(e) => search(e.detail.value)}
          />
          {input ? (
            <View
              className="law-search__clear"
              data-testid="law-q-clear"
              onClick={() => {
                setInput('');
                setQuery('');
              }}
            >
              ×
            </View>
          ) : null}
        </View>
        <View className="law-search__go" data-testid="law-search" onClick={() => search(input)}>
          搜索
        </View>
      </View>
      {suggestions.length > 0 ? (
        <View className="law-suggest" data-testid="law-suggestions">
          {suggestions.map((s) => (
            <View
              key={`${s.kind}:${s.text}`}
              className={`law-suggest__item law-suggest__item--${s.kind}`}
              data-testid="law-suggestion"
              onClick={() => search(s.text)}
            >
              <Text className="law-suggest__kind">{s.kind === 'title' ? '法规' : s.kind === 'history' ? '常搜' : '词'}</Text>
              <Text className="law-suggest__text">{s.text}</Text>
            </View>
          ))}
        </View>
      ) : null}
      {query ? (
        <View className="law-search__filters">
          {within ? (
            <Text
              className="chip chip--active"
              onClick={() => void Taro.redirectTo({ url: `${LAW_PAGES.search}?q=${encodeURIComponent(query)}` })}
            >
              仅《{within.title}》 ×
            </Text>
          ) : (
            TYPE_CHIPS.map((c) => (
              <Text
                key={c.key || 'all'}
                className={`chip ${type === c.key ? 'chip--active' : ''}`}
                data-testid="law-type"
                data-type={c.key}
                onClick={() => setType(c.key)}
              >
                {c.text}
              </Text>
            ))
          )}
          <Text
            className={`chip ${inForce ? 'chip--active' : ''}`}
            data-testid="law-in-force"
            onClick={() => setInForce(!inForce)}
          >
            只看现行有效
          </Text>
        </View>
      ) : null}
    </View>
  );

  if (!query) {
    return (
      <Screen className="law-search">
        {bar}
        {history.length > 0 ? (
          <>
            <View className="law-search__section">
              <Text>搜索历史</Text>
              <Text className="wx-link" data-testid="law-history-clear" onClick={clearHistory}>
                清除
              </Text>
            </View>
            <View className="chips law-search__chips" data-testid="law-history">
              {history.map((h) => (
                <Text key={h} className="chip" data-testid="law-history-item" onClick={() => search(h)}>
                  {h}
                </Text>
              ))}
            </View>
          </>
        ) : null}
        <View className="law-search__section">
          <Text>常用查询</Text>
        </View>
        <View className="chips law-search__chips">
          {COMMON.map((h) => (
            <Text key={h} className="chip" onClick={() => search(h)}>
              {h}
            </Text>
          ))}
        </View>
        {zoneDocs.data && zoneDocs.data.items.length > 0 ? (
          <>
            <View className="law-search__section">
              <Text>本园区制度</Text>
            </View>
            <View className="wx-cells law-docs" data-testid="law-zone-docs">
              {zoneDocs.data.items.map((d) => (
                <DocRow key={d.id} d={d} />
              ))}
            </View>
          </>
        ) : null}
        <View className="law-search__section">
          <Text>平台法规库</Text>
        </View>
        <RecordList<LawDocumentListItem>
          fetchPage={async (page) => {
            const q = { scope: 'platform', page, pageSize: 50 };
            if (page > 1) return client.get<DocList>('/laws/documents', q);
            const r = await loadCached('laws:documents', () => client.get<DocList>('/laws/documents', q));
            return { items: r.data.items, total: r.data.total, offlineSince: r.offlineSince };
          }}
          listClassName="wx-cells law-docs"
          errorText="法规库加载失败"
          emptyText="法规库暂无文件"
          renderItem={(d) => <DocRow d={d} />}
        />
      </Screen>
    );
  }

  return (
    <Screen className="law-search">
      <RecordList<LawSearchHit, Extra>
        top={bar}
        fetchKey={fetchKey}
        keyOf={(h) => `${h.versionId}:${h.articleKey}`}
        fetchPage={async (page) => {
          const r = await client.get<LawSearchResult>('/laws/search', { q: query, page, pageSize: PAGE_SIZE, ...filters });
          return {
            items: r.hits,
            total: r.total,
            extra: {
              totalCapped: r.totalCapped,
              relaxed: r.relaxed ?? false,
              didYouMean: r.didYouMean,
              expandedTerms: r.expandedTerms,
              documents: r.documents,
              tookMs: r.tookMs,
            },
          };
        }}
        errorText="搜索失败"
        emptyText={`没有找到与「${query}」相关的条文`}
        emptyDesc="换个说法试试，或减少关键词；也可在法规库中按法规浏览"
        endText="没有更多了"
        header={(s) => (
          <>
            <View className="law-search__summary" data-testid="law-total" data-total={s.total ?? 0}>
              找到 {s.total ?? 0}
              {s.extra?.totalCapped ? '+' : ''} 条相关条文{s.extra ? ` · 用时 ${Math.round(s.extra.tookMs)} ms` : ''}
              {s.extra?.relaxed ? '（未找到同时包含全部关键词的条文，以下只含部分关键词）' : ''}
            </View>
            {s.extra?.didYouMean ? (
              <View className="law-search__dym" data-testid="law-did-you-mean">
                您是不是要找：
                <Text className="wx-link" onClick={() => search(s.extra!.didYouMean!)}>
                  {s.extra.didYouMean}
                </Text>
              </View>
            ) : null}
            {s.extra && s.extra.expandedTerms.length > 0 ? (
              <View className="law-search__expanded" data-testid="law-expanded">
                已同时搜索同义词：{s.extra.expandedTerms.join('、')}
              </View>
            ) : null}
            {s.extra && s.extra.documents.length > 0 ? (
              <View className="wx-cells law-search__docs">
                {s.extra.documents.slice(0, 3).map((d) => (
                  <View
                    key={d.documentId}
                    className="wx-cell wx-cell--link"
                    data-testid="law-doc-hit"
                    onClick={() => void Taro.navigateTo({ url: `${LAW_PAGES.reader}?versionId=${d.versionId}` })}
                  >
                    <View className="wx-cell__bd">
                      <View className="law-doc__title">《{d.title}》</View>
                      <View className="law-doc__meta">
                        {LAW_DOC_TYPE_LABELS[d.docType].zh} · {LAW_STATUS_LABELS[d.status].zh} · 阅读全文
                      </View>
                    </View>
                  </View>
                ))}
              </View>
            ) : null}
          </>
        )}
        renderItem={(h) => (
          <View
            className="wx-card law-hit"
            data-testid="law-hit"
            data-version={h.versionId}
            data-key={h.articleKey}
            onClick={() => void Taro.navigateTo({ url: lawArticlePage(h.versionId, h.articleKey) })}
          >
            <View className="law-hit__head">
              <Text className="law-hit__title">《{h.documentTitle}》</Text>
              <Text className="law-hit__label" data-testid="law-hit-label">
                {h.articleLabel}
              </Text>
            </View>
            <Tags status={h.status} docType={h.docType} zone={h.scope === 'zone'} />
            {h.path.length > 0 ? <View className="law-hit__path">{h.path.join(' › ')}</View> : null}
            <View className="law-hit__snippet" data-testid="law-hit-snippet">
              <SnippetText snippet={h.snippet} />
            </View>
          </View>
        )}
      />
    </Screen>
  );
}
