import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Alert, App, Button, Card, Collapse, DatePicker, Flex, Input, Select, Space, Tag, Tooltip, Tree, Typography } from 'antd';
import type { TreeDataNode } from 'antd';
import { LinkOutlined, NodeIndexOutlined, SearchOutlined, SwapOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import { lawArticleAnchor, lawArticlePermalink, type LawStatus } from '@yuanan/contracts';
import { versionStatusOn } from '@yuanan/domain';
import { useCrumbTitle } from '../../components/app-layout.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { PageSkeleton } from '../../components/page-skeleton.tsx';
import { useMessages } from '../../i18n/feature.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { CitedByDrawer } from './cited-by-drawer.tsx';
import { LawDiffView } from './diff-view.tsx';
import { docTypeText, ScopeTag, StatusTag, STATUS_COLOUR, statusText } from './labels.tsx';
import { lawMessages } from './messages.ts';
import { useLawArticle, useLawDocument, useLawVersion, type LawArticle, type LawNode, type LawVersionDetail } from './queries.ts';
import './laws.css';

/** Article key from an address hash (`#art-5-1` → '5-1'); null for any other hash. */
export function keyFromHash(hash: string): string | null {
  const m = /^#art-(\d{1,4}(?:-\d{1,2})?)$/.exec(hash);
  return m ? m[1]! : null;
}

/** '第五条' or '21' / '21-1' / '第二十一条之一' typed in the jump box → an article key of the version, if any. */
function findArticle(articles: LawArticle[], typed: string): LawArticle | undefined {
  const s = typed.trim().replace(/\s+/g, '');
  if (!s) return undefined;
  const byLabel = articles.find((a) => a.label === s || a.label === `第${s}条` || a.articleKey === s);
  if (byLabel) return byLabel;
  const m = /^(\d{1,4})(?:[-之](\d{1,2}))?$/.exec(s);
  if (m) return articles.find((a) => a.number === Number(m[1]) && a.suffix === Number(m[2] ?? 0));
  return undefined;
}

/**
 * 法规全文: the reading view of one version. Left, the tree of 编/章/节 with the articles (click = scroll to the
 * article, the address keeps `#art-KEY`); right, the text with a permalink and "cited by" per article, the status
 * banner (已修订 → the version in force, 已废止, 尚未施行), the version switcher, the as-of date and the diff with
 * another version (`?compare=<versionId>`).
 */
export function LawReaderPage() {
  const { versionId } = useParams();
  const v = useLawVersion(versionId);
  const t = useMessages(lawMessages);
  useCrumbTitle(v.data ? v.data.document.title : null);
  if (v.error) return <QueryError error={v.error} onRetry={() => void v.refetch()} />;
  if (!v.data) return <PageSkeleton />;
  if (!v.data.articles) return <Alert type="error" title={t('notFound')} />;
  return <Reader key={v.data.id} v={v.data} />;
}

function Reader({ v }: { v: LawVersionDetail }) {
  const t = useMessages(lawMessages);
  const { lang } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const location = useLocation();
  const [sp, setSp] = useSearchParams();
  const compare = sp.get('compare');
  // A date the address carries that is no date is ignored (the reader reads as of today).
  const asOf = /^\d{4}-\d{2}-\d{2}$/.test(sp.get('asOf') ?? '') ? sp.get('asOf') : null;
  const doc = useLawDocument(v.documentId, asOf ?? undefined);
  const target = keyFromHash(location.hash);
  const [active, setActive] = useState<string | null>(target);
  const [citedBy, setCitedBy] = useState<LawArticle | null>(null);
  const [jump, setJump] = useState('');
  const textRef = useRef<HTMLDivElement>(null);
  const tocRef = useRef<HTMLDivElement>(null);
  const versions = v.versions.length ? v.versions : [v];
  const current = versions.find((x) => x.id === v.currentVersionId);
  const byKey = useMemo(() => new Map(v.articles.map((a) => [a.articleKey, a])), [v.articles]);
  // The statuses the header tag and the version switcher show: as of the reader's date (the api's are today's).
  const statusOf = useMemo(() => {
    const repealedOn = v.document.repealedOn ?? null;
    const dates = versions.map((x) => ({ id: x.id, effectiveOn: x.effectiveOn }));
    return (x: { id: string; status: LawStatus }): LawStatus => {
      if (!asOf) return x.status;
      try {
        return versionStatusOn(dates, repealedOn, x.id, asOf);
      } catch {
        return x.status;
      }
    };
  }, [versions, v.document.repealedOn, asOf]);

  const setParam = (k: string, val: string | null) => {
    const p = new URLSearchParams(sp);
    if (val) p.set(k, val);
    else p.delete(k);
    setSp(p, { replace: true });
  };
  const go = (versionId: string, keepHash = true) =>
    navigate({
      pathname: `/laws/read/${versionId}`,
      search: sp.toString() ? `?${sp.toString()}` : '',
      hash: keepHash ? location.hash : '',
    });

  // A version opened without an article starts at its top (a switch from another version keeps no scroll).
  useEffect(() => {
    if (!keyFromHash(window.location.hash)) window.scrollTo({ top: 0 });
  }, [v.id]);

  // The address's article: scroll to it (after the text is drawn) and mark it for a moment.
  useEffect(() => {
    if (!target || compare) return;
    const el = document.getElementById(lawArticleAnchor(target));
    if (!el) {
      message.warning(t('articleMissing', { key: target }));
      return;
    }
    el.scrollIntoView({ block: 'start' });
    el.classList.add('law-article-target');
    setActive(target);
    const h = setTimeout(() => el.classList.remove('law-article-target'), 2400);
    return () => clearTimeout(h);
  }, [target, compare, v.id, message, t]);

  // The article at the top of the screen is the tree's current one.
  useEffect(() => {
    const root = textRef.current;
    if (!root || compare) return;
    const seen = new Map<string, boolean>();
    const io = new IntersectionObserver(
      (entries) => {
        for (const e of entries) seen.set((e.target as HTMLElement).dataset.key!, e.isIntersecting);
        const first = [...root.querySelectorAll<HTMLElement>('.law-article')].find((el) => seen.get(el.dataset.key!));
        if (first) setActive(first.dataset.key!);
      },
      { rootMargin: '-100px 0px -50% 0px' },
    );
    root.querySelectorAll('.law-article').forEach((el) => io.observe(el));
    return () => io.disconnect();
  }, [v.id, compare]);

  const open = useCallback(
    (key: string) => navigate({ search: location.search, hash: lawArticleAnchor(key) }, { replace: true }),
    [navigate, location.search],
  );

  const copy = async (a: LawArticle) => {
    const url = `${window.location.origin}${lawArticlePermalink(v.id, a.articleKey)}`;
    try {
      await navigator.clipboard.writeText(url);
      message.success(t('linkCopied'));
    } catch {
      message.info(t('copyFailed', { url }));
    }
  };

  const onJump = () => {
    const a = findArticle(v.articles, jump);
    if (a) {
      open(a.articleKey);
      setJump('');
    } else message.warning(t('jumpNotFound', { n: jump.trim() }));
  };

  const compareOptions = versions
    .filter((x) => x.id !== v.id)
    .map((x) => ({ value: x.id, label: t('versionOf', { label: x.label, date: x.effectiveOn }) }));
  const asOfId = asOf ? doc.data?.versionIdAsOf : undefined;
  const asOfVersion = asOfId ? versions.find((x) => x.id === asOfId) : undefined;

  return (
    <div className="page law-reader" data-testid="law-reader" data-version-id={v.id} data-document-id={v.documentId}>
      <Card className="law-reader-head" size="small">
        <Flex justify="space-between" gap={16} wrap align="flex-start">
          <div style={{ minWidth: 0, flex: 1 }}>
            <Typography.Title level={3} className="law-reader-title" data-testid="law-reader-title" data-user-text>
              {v.title}
            </Typography.Title>
            <Space size={6} wrap>
              <StatusTag status={statusOf(v)} lang={lang} />
              {asOf && (
                <Typography.Text type="secondary" data-testid="law-status-asof">
                  {t('statusAsOf', { date: asOf })}
                </Typography.Text>
              )}
              <Tag>{docTypeText(v.document.docType, lang)}</Tag>
              <ScopeTag scope={v.document.scope} lang={lang} />
              <Typography.Text type="secondary" data-user-text>
                {v.document.issuingBody}
              </Typography.Text>
              {/* The number of the version read (a revision may have none; the document's is another version's). */}
              {v.docNumber && (
                <Typography.Text type="secondary" data-user-text data-testid="law-reader-docnumber">
                  {v.docNumber}
                </Typography.Text>
              )}
            </Space>
          </div>
          <Flex gap={8} wrap align="center" className="law-reader-tools">
            <Link to="/laws">
              <Button icon={<SearchOutlined />}>{t('backToSearch')}</Button>
            </Link>
          </Flex>
        </Flex>
        <Flex gap={12} wrap align="center" className="law-reader-bar">
          <Space size={6}>
            <Typography.Text type="secondary">{t('version')}</Typography.Text>
            <Select
              value={v.id}
              style={{ minWidth: 260 }}
              onChange={(id: string) => go(id)}
              data-testid="law-version-select"
              options={versions.map((x) => ({
                value: x.id,
                label: (
                  <Flex gap={6} align="center" justify="space-between">
                    <span data-user-text>{t('versionOf', { label: x.label, date: x.effectiveOn })}</span>
                    <Tag
                      color={STATUS_COLOUR[statusOf(x)] ?? 'default'}
                      style={{ marginInlineEnd: 0 }}
                      data-testid="law-version-status"
                      data-status={statusOf(x)}
                    >
                      {statusText(statusOf(x), lang)}
                    </Tag>
                  </Flex>
                ),
              }))}
            />
          </Space>
          <Space size={6}>
            <Typography.Text type="secondary">{t('asOf')}</Typography.Text>
            <DatePicker
              allowClear
              value={asOf ? dayjs(asOf) : null}
              placeholder={t('asOfToday')}
              onChange={(d) => setParam('asOf', d ? d.format('YYYY-MM-DD') : null)}
              data-testid="law-asof"
            />
          </Space>
          {compareOptions.length > 0 && (
            <Space size={6}>
              <SwapOutlined />
              <Select
                allowClear
                value={compare ?? undefined}
                placeholder={t('compareWith')}
                style={{ minWidth: 240 }}
                options={compareOptions}
                onChange={(id?: string) => setParam('compare', id ?? null)}
                data-testid="law-compare-select"
              />
              {compare && (
                <Button onClick={() => setParam('compare', null)} data-testid="law-compare-off">
                  {t('compareOff')}
                </Button>
              )}
            </Space>
          )}
          <Typography.Text type="secondary">
            {t('effectiveOn')} {v.effectiveOn}
            {v.promulgatedOn && ` · ${t('promulgatedOn')} ${v.promulgatedOn}`}
            {` · ${t('articleN', { n: v.articleCount })}`}
          </Typography.Text>
        </Flex>
      </Card>

      <StatusBanner v={v} currentLabel={current?.label ?? null} active={active} />
      {asOf && doc.data && (
        <Alert
          className="law-banner"
          data-testid="law-banner-asof"
          type="info"
          showIcon
          title={
            asOfVersion ? (
              <span>
                {t('bannerAsOf', { date: asOf, label: '\u0000' }).split('\u0000')[0]}
                <span data-user-text>{asOfVersion.label}</span>
                {t('bannerAsOf', { date: asOf, label: '\u0000' }).split('\u0000')[1]}
              </span>
            ) : (
              t('bannerAsOfNone', { date: asOf })
            )
          }
          action={
            asOfVersion && asOfVersion.id !== v.id ? (
              <Button size="small" type="primary" onClick={() => go(asOfVersion.id)} data-testid="law-asof-open">
                {t('openAsOf')}
              </Button>
            ) : undefined
          }
        />
      )}

      {compare ? (
        <LawDiffView current={v} otherId={compare} />
      ) : (
        <div className="law-reader-body">
          <aside className="law-toc" ref={tocRef}>
            <Card size="small" title={t('contents')} className="law-toc-card">
              <Input.Search
                size="small"
                placeholder={t('jumpPh')}
                value={jump}
                onChange={(e) => setJump(e.target.value)}
                onSearch={onJump}
                enterButton={<NodeIndexOutlined />}
                aria-label={t('jumpTo')}
                data-testid="law-jump-input"
                style={{ marginBottom: 8 }}
              />
              <Toc v={v} active={active} onOpen={open} />
            </Card>
          </aside>
          <main className="law-text" ref={textRef} data-testid="law-text">
            {v.preface.trim() && (
              <Collapse
                size="small"
                ghost
                className="law-preface"
                items={[
                  {
                    key: 'p',
                    label: t('preface'),
                    children: (
                      <div className="law-preface-text" data-user-text>
                        {v.preface.trim()}
                      </div>
                    ),
                  },
                ]}
              />
            )}
            <LawBody v={v} active={active} onCopy={(a) => void copy(a)} onCitedBy={(a) => setCitedBy(a)} />
          </main>
        </div>
      )}
      {citedBy && <CitedByDrawer versionId={v.id} article={citedBy} onClose={() => setCitedBy(null)} />}
      {byKey.size === 0 && <Alert type="info" title={t('notFound')} />}
    </div>
  );
}

/** The status of the version read (as of today): amended → the in-force version; repealed; not yet in force. */
function StatusBanner({ v, currentLabel, active }: { v: LawVersionDetail; currentLabel: string | null; active: string | null }) {
  const t = useMessages(lawMessages);
  // The article being read, in the version in force (matched by text: its number may have changed).
  const match = useLawArticle(v.id, active, v.status === 'amended');
  if (v.status === 'in_force') return null;
  if (v.status === 'amended' && v.currentVersionId) {
    const [before, after] = t('bannerAmended', { label: '\u0000' }).split('\u0000');
    return (
      <Alert
        className="law-banner"
        data-testid="law-banner"
        data-kind="amended"
        type="warning"
        showIcon
        title={
          <span>
            {before}
            <span data-user-text>{currentLabel ?? ''}</span>
            {after}
          </span>
        }
        action={
          <Link
            to={
              match.data?.currentVersionId && match.data.currentArticleKey
                ? lawArticlePermalink(match.data.currentVersionId, match.data.currentArticleKey)
                : `/laws/read/${v.currentVersionId}`
            }
            data-testid="law-banner-current"
          >
            <Button size="small" type="primary">
              {t('bannerAmendedLink')}
            </Button>
          </Link>
        }
      />
    );
  }
  if (v.status === 'repealed')
    return (
      <Alert
        className="law-banner"
        data-testid="law-banner"
        data-kind="repealed"
        type="error"
        showIcon
        title={t('bannerRepealed', { date: v.document.repealedOn ?? '' })}
      />
    );
  if (v.status === 'not_yet_effective')
    return (
      <Alert
        className="law-banner"
        data-testid="law-banner"
        data-kind="not_yet_effective"
        type="info"
        showIcon
        title={t('bannerNotYet', { date: v.effectiveOn })}
      />
    );
  return null;
}

/** The tree: nodes, and under each node the articles that sit directly in it. */
function Toc({ v, active, onOpen }: { v: LawVersionDetail; active: string | null; onOpen: (key: string) => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const { treeData, parentsOf } = useMemo(() => buildToc(v), [v]);
  const [expanded, setExpanded] = useState<string[]>(() => v.structure.map((_, i) => `n:${i}`).slice(0, 1));
  // The current article's chapters open; the tree scrolls so the current article is in view.
  useEffect(() => {
    if (!active) return;
    const parents = parentsOf.get(active) ?? [];
    setExpanded((e) => (parents.every((p) => e.includes(p)) ? e : [...new Set([...e, ...parents])]));
  }, [active, parentsOf]);
  useEffect(() => {
    if (!active) return;
    const reveal = () => {
      const box = ref.current;
      const el = box?.querySelector<HTMLElement>(`[data-toc-key="${active}"]`);
      const scroller = box?.closest<HTMLElement>('.law-toc-card .ant-card-body');
      if (!el || !scroller) return;
      const a = el.getBoundingClientRect();
      const b = scroller.getBoundingClientRect();
      if (a.top < b.top + 40 || a.bottom > b.bottom - 8) scroller.scrollTop += a.top - b.top - b.height / 3;
    };
    reveal();
    // A chapter the tree just opened grows for a moment (antd's motion): measured only now, the scroll stops short
    // at the old content height and the tree stays at 第一章 (#art-41 showed 第十一条… under the pointer, not 41).
    const later = setTimeout(reveal, 400);
    return () => clearTimeout(later);
  }, [active, expanded]);
  return (
    <div ref={ref} data-testid="law-toc">
      <Tree
        blockNode
        showLine={false}
        treeData={treeData}
        expandedKeys={expanded}
        onExpand={(keys) => setExpanded(keys as string[])}
        selectedKeys={active ? [`a:${active}`] : []}
        onSelect={(_keys, info) => {
          const k = String(info.node.key);
          if (k.startsWith('a:')) onOpen(k.slice(2));
          else {
            const first = (info.node as TreeDataNode & { firstKey?: string | null }).firstKey;
            if (first) onOpen(first);
            setExpanded((e) => (e.includes(k) ? e : [...e, k]));
          }
        }}
      />
    </div>
  );
}

function buildToc(v: LawVersionDetail) {
  const parentsOf = new Map<string, string[]>();
  const byPath = new Map<string, LawArticle[]>();
  for (const a of v.articles) {
    const p = a.path.join('\u0001');
    if (!byPath.has(p)) byPath.set(p, []);
    byPath.get(p)!.push(a);
  }
  const leaf = (a: LawArticle, parents: string[]): TreeDataNode => {
    parentsOf.set(a.articleKey, parents);
    const first = a.paragraphs[0]?.text ?? a.text;
    return {
      key: `a:${a.articleKey}`,
      isLeaf: true,
      title: (
        <span className="law-toc-article" data-toc-key={a.articleKey} data-user-text title={`${a.label} ${first.slice(0, 60)}`}>
          <b>{a.label}</b> {first.slice(0, 24)}
        </span>
      ),
    };
  };
  const walk = (nodes: LawNode[], path: string[], parents: string[], prefix: string): TreeDataNode[] =>
    nodes.map((n, i) => {
      const key = `${prefix}${i}`;
      const p = [...path, n.heading];
      const ps = [...parents, key];
      const children = [...walk(n.children, p, ps, `${key}.`), ...(byPath.get(p.join('\u0001')) ?? []).map((a) => leaf(a, ps))];
      return {
        key,
        firstKey: n.firstKey,
        title: (
          <span className={`law-toc-node law-toc-${n.kind}`} data-user-text data-testid="law-toc-node">
            {n.heading}
          </span>
        ),
        children,
      } as TreeDataNode;
    });
  const top = walk(v.structure, [], [], 'n:');
  const loose = (byPath.get('') ?? []).map((a) => leaf(a, []));
  return { treeData: mergeLoose(top, loose, v), parentsOf };
}

/** Articles before the first chapter (or in a document without chapters) sit at the top level in text order. */
function mergeLoose(top: TreeDataNode[], loose: TreeDataNode[], v: LawVersionDetail): TreeDataNode[] {
  if (!loose.length) return top;
  if (!top.length) return loose;
  const firstNodeKey = v.structure[0]?.firstKey;
  const firstOrdinal = firstNodeKey ? (v.articles.find((a) => a.articleKey === firstNodeKey)?.ordinal ?? 0) : 0;
  const before = loose.filter((n) => (v.articles.find((a) => `a:${a.articleKey}` === n.key)?.ordinal ?? 0) < firstOrdinal);
  const after = loose.filter((n) => !before.includes(n));
  return [...before, ...top, ...after];
}

/** The text: headings where the path changes, then each article with its paragraphs (款) and items (项). */
function LawBody({
  v,
  active,
  onCopy,
  onCitedBy,
}: {
  v: LawVersionDetail;
  active: string | null;
  onCopy: (a: LawArticle) => void;
  onCitedBy: (a: LawArticle) => void;
}) {
  const t = useMessages(lawMessages);
  let prev: string[] = [];
  const out: JSX.Element[] = [];
  for (const a of v.articles) {
    // Headings that open here: those of the path that differ from the previous article's.
    let same = 0;
    while (same < a.path.length && same < prev.length && a.path[same] === prev[same]) same++;
    for (let d = same; d < a.path.length; d++) {
      out.push(
        <div key={`h:${a.articleKey}:${d}`} className={`law-heading law-heading-${d}`} data-user-text data-testid="law-heading">
          {a.path[d]}
        </div>,
      );
    }
    prev = a.path;
    out.push(
      <section
        key={a.articleKey}
        id={lawArticleAnchor(a.articleKey)}
        className={`law-article${active === a.articleKey ? ' law-article-active' : ''}`}
        data-key={a.articleKey}
        data-testid="law-article"
      >
        <div className="law-article-body" data-user-text>
          {a.paragraphs.map((p, i) => (
            <div key={i} className="law-para">
              <p>
                {i === 0 && <strong className="law-article-label">{a.label}</strong>}
                {i === 0 && '\u3000'}
                {p.text}
              </p>
              {p.items.map((it, j) => (
                <p key={j} className="law-item">
                  {it.label}
                  {it.text}
                </p>
              ))}
            </div>
          ))}
          {a.paragraphs.length === 0 && (
            <p>
              <strong className="law-article-label">{a.label}</strong>
              {'\u3000'}
              {a.text}
            </p>
          )}
        </div>
        <div className="law-article-tools">
          <Tooltip title={t('copyLink')}>
            <Button
              size="small"
              type="text"
              icon={<LinkOutlined />}
              onClick={() => onCopy(a)}
              aria-label={t('copyLink')}
              data-testid="law-article-copy"
            />
          </Tooltip>
          <Button size="small" type="text" onClick={() => onCitedBy(a)} data-testid="law-article-cited-by">
            {t('citedBy')}
          </Button>
        </div>
      </section>,
    );
  }
  return <>{out}</>;
}
