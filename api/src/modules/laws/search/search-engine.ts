import { parseLawQuery, type LawQuery } from '@yuanan/domain';
import type { LawStatus } from '@yuanan/contracts';
import { DOMAIN_WORDS } from './domain-dictionary.ts';
import { ftsString, type IndexFilters, type IndexRow, type LawFtsIndex, type VisibleDocument } from './fts-index.ts';
import { normalizeText, type Segmenter } from './segmenter.ts';
import { snippet } from './snippet.ts';

/** What one search asks of the engine. `tenantIds` come from the request scope, never from input. */
export interface EngineQuery {
  q: string;
  tenantIds: string[];
  asOf: string;
  types?: string[];
  status?: LawStatus;
  issuer?: string;
  documentId?: string;
  page: number;
  pageSize: number;
  /** Synonym groups that apply (platform + zone), normalised. */
  synonyms: string[][];
}

/** A ranked hit: the index row, its HTML snippet and the final score. */
export interface EngineHit extends IndexRow {
  snippet: string;
  score: number;
}

export interface EngineResult {
  /** Matching articles, counted up to MAX_CANDIDATES (then `totalCapped`). */
  total: number;
  /** The count stopped at MAX_CANDIDATES: there are at least `total` matches. */
  totalCapped: boolean;
  hits: EngineHit[];
  documents: Array<{ documentId: string; title: string; docType: string; status: LawStatus; versionId: string }>;
  didYouMean: string | null;
  expandedTerms: string[];
  /** No article had every word: the hits have at least two of the query's units (see LawSearchEngine.search). */
  relaxed: boolean;
}

/** Most synonym variants of one term (a term can contain members of several groups). */
const MAX_VARIANTS = 12;
/** Candidates re-ranked beyond the page asked for. */
const POOL = 200;
/** Score added to an article whose number the query names (第五条): it comes first among the matches. */
const ARTICLE_REF_BONUS = 1000;
/** Weight of "the term occurs verbatim in the article" (all terms verbatim: × (1 + VERBATIM_WEIGHT)). */
const VERBATIM_WEIGHT = 0.6;
/** Factor for articles whose words all stand in one sentence (the article is about them, not just mentions them). */
const SAME_SENTENCE = 1.3;
/**
 * Factor for articles of a 法律责任 / 罚则 chapter when the query does not ask about penalties: "主要负责人 职责" wants
 * the duty article (安全生产法第二十一条), not the fine for breaching it (第九十四条).
 */
const PENALTY_CHAPTER = 0.7;
const PENALTY_PATH = /法律责任|罚则/u;
const PENALTY_QUERY = /罚|处分|法律责任|违反|吊销|责令|追究|拘留|刑事/u;
/** Function words dropped from a term's tokens (they are glued to neighbours in the index). */
const STOP = new Set([
  '的',
  '了',
  '和',
  '与',
  '及',
  '或',
  '在',
  '对',
  '是',
  '等',
  '之',
  '其',
  '并',
  '由',
  '以',
  '于',
  '为',
  '把',
  '被',
]);
/**
 * Question words of a typed question (事故发生后多久上报): never in a law's text, dropped from every term.
 */
const QUESTION = new Set([
  '多久',
  '多长时间',
  '多长',
  '怎么',
  '怎样',
  '如何',
  '什么',
  '哪些',
  '哪个',
  '是否',
  '吗',
  '呢',
  '多少',
  '怎么办',
  '为什么',
]);
/**
 * Lone characters that are grammar, not content (发生后, 1小时内): a term cut into such characters and words is still
 * made of dictionary words. Any other lone Chinese character marks a run the dictionary does not know (热工作业 → 热 |
 * 工作 | 业): that run must then occur verbatim, so 工作 alone cannot flood the hits.
 */
const GRAMMAR_CHARS = new Set([...'后前内时中上下里向从将应须要会该各每有无不可已再即']);
/** A question about a time limit (事故发生后多久上报) … */
const ASKS_TIME = /多久|多长时间|几天|几小时|期限|时限/u;
/** … wants the article that states one (1小时内, 三十日内, 每半年): its score × TIME_LIMIT_FACTOR. */
const TIME_LIMIT = /(\p{N}+|[一二两三四五六七八九十百半]+)个?(小时|日|天|月|年)(内|以内|前)/u;
const TIME_LIMIT_FACTOR = 2;
/** Most units the relaxed search pairs (n·(n−1)/2 FTS5 pairs). */
const MAX_RELAXED_UNITS = 8;
/** A term names a document when it ends like a title (安全生产法, 报告和调查处理条例). */
const TITLE_END = /(法|条例|规定|办法|细则|制度|标准|规则|决定|规范|规程|准则)$/u;

/**
 * The query side of the law search: parses the box (domain parseLawQuery), resolves title hints and article
 * numbers, expands synonyms, builds the FTS5 expression from quoted tokens only, ranks (BM25 with column weights,
 * verbatim and article-number boosts, in force first) and cuts snippets. Pure over the index: no database.
 */
export class LawSearchEngine {
  readonly #index: LawFtsIndex;
  readonly #seg: Segmenter;
  constructor(index: LawFtsIndex, seg: Segmenter) {
    this.#index = index;
    this.#seg = seg;
  }

  search(q: EngineQuery): EngineResult {
    const parsed = parseLawQuery(q.q);
    const visible = this.#index.documents(q.tenantIds, q.asOf);
    const base: IndexFilters = {
      tenantIds: q.tenantIds,
      asOf: q.asOf,
      types: q.types,
      status: q.status,
      issuer: q.issuer,
    };

    // Title hint 《…》 and terms that name a document (安全生产法) restrict the search to those documents.
    let terms = [...parsed.terms];
    const named = new Set<string>();
    const hint = parsed.titleHint ? normalizeText(parsed.titleHint) : null;
    if (hint) {
      for (const d of visible)
        if (d.normTitle.includes(hint) || (d.shortTitle.length >= 2 && hint.includes(d.shortTitle))) named.add(d.documentId);
      if (!named.size) terms.unshift(hint);
    }
    terms = terms.filter((term) => {
      const t = normalizeText(term);
      const ids = visible
        .filter((d) => d.normTitle === t || d.shortTitle === t || (t.length >= 3 && TITLE_END.test(t) && d.normTitle.includes(t)))
        .map((d) => d.documentId);
      for (const id of ids) named.add(id);
      return !ids.length;
    });
    const titleDocs = named.size ? [...named] : null;
    let documentIds: string[] | undefined = titleDocs ?? undefined;
    if (q.documentId) documentIds = documentIds ? documentIds.filter((id) => id === q.documentId) : [q.documentId];

    const articleKeys = parsed.articleRefs.map((r) => (r.suffix ? `${r.number}-${r.suffix}` : `${r.number}`));
    // A phrase is matched verbatim; parseLawQuery turned its punctuation into spaces, so each piece is (报告；单位 → 报告, 单位).
    const phrases = [...new Set(parsed.phrases.flatMap((p) => normalizeText(p).split(/\s+/u)).filter((p) => p !== ''))];

    // Each term is cut into units (a word, a synonym member, a number with its unit, or an unknown run kept whole);
    // each unit → OR of its synonym variants; each variant → AND of its tokens in title/body/sub-words.
    const units = terms.flatMap((t) => this.#units(normalizeText(t), q.synonyms));
    const expanded: string[] = [];
    const termExprs: string[] = [];
    const needles: string[] = [];
    const termVariants: string[][] = [];
    const unitExprs: Array<{ expr: string; variants: string[] }> = [];
    const runs: string[] = [];
    for (const u of units) {
      const variants = synonymVariants(u.text, q.synonyms);
      const exprs = variants.map((v) => this.#variantExpr(v, needles, q.tenantIds)).filter((e): e is string => e !== null);
      if (!exprs.length) continue;
      for (const v of variants.slice(1)) if (!expanded.includes(v)) expanded.push(v);
      const expr = exprs.length === 1 ? exprs[0]! : `(${exprs.join(' OR ')})`;
      termExprs.push(expr);
      termVariants.push(variants);
      needles.push(...variants);
      if (u.run) runs.push(u.text);
      // A lone number or Latin letter (the 1 of alert(1)) is no unit of its own when the words are relaxed.
      if (!/^(\p{N}+|[a-z])$/u.test(u.text) && !unitExprs.some((x) => x.expr === expr)) unitExprs.push({ expr, variants });
    }
    for (const p of phrases) {
      const e = this.#variantExpr(p, needles, q.tenantIds);
      if (e) termExprs.push(e);
      termVariants.push([p]);
      needles.push(p);
    }
    const excluded = parsed.excluded
      .map((x) => this.#variantExpr(normalizeText(x), [], q.tenantIds))
      .filter((e): e is string => e !== null);

    const filters: IndexFilters = { ...base, documentIds, phrases: [...phrases, ...runs] };
    const want = q.page * q.pageSize;
    let total = 0;
    let totalCapped = false;
    let strictTotal = 0;
    let relaxed = false;
    let rows: IndexRow[] = [];
    if (termExprs.length) {
      const not = excluded.length ? ` NOT (${excluded.join(' OR ')})` : '';
      const pool = Math.max(POOL, want + POOL);
      let found = this.#index.rows(`(${termExprs.join(' AND ')})${not}`, filters, pool);
      strictTotal = found.total;
      let ranked = termVariants;
      // Nothing has every word: accept articles with at least two of the units (a question's words, a term the
      // text words differently), ranked by how many and how rare. Never one unit alone: a part of an unknown run
      // (工作 of 热工作业) or a lone number would flood the hits. Quoted phrases stay strict.
      const relax = unitExprs.slice(0, MAX_RELAXED_UNITS);
      if (found.total === 0 && !phrases.length && relax.length >= 2) {
        const pairs: string[] = [];
        for (let i = 0; i < relax.length; i++)
          for (let j = i + 1; j < relax.length; j++) pairs.push(`(${relax[i]!.expr} AND ${relax[j]!.expr})`);
        found = this.#index.rows(`(${pairs.join(' OR ')})${not}`, { ...filters, phrases }, pool);
        relaxed = found.total > 0;
        ranked = relax.map((x) => x.variants);
      }
      total = found.total;
      totalCapped = found.capped;
      const nq = normalizeText(q.q);
      rows = this.#rerank(found.rows, ranked, articleKeys, !q.status, PENALTY_QUERY.test(nq), relaxed, ASKS_TIME.test(nq));
    } else if (documentIds || articleKeys.length) {
      // Only a title and/or article numbers: those articles, in reading order.
      const f = { ...filters, articleKeys: articleKeys.length ? articleKeys : undefined };
      const found = this.#index.rows(null, f, want);
      total = found.total;
      rows = found.rows;
    }
    const hits = rows.slice((q.page - 1) * q.pageSize, want).map((r) => ({
      ...r,
      snippet: snippet(r.text, needles),
      score: Math.round(((r as IndexRow & { score?: number }).score ?? 0) * 1000) / 1000,
    }));

    return {
      total,
      totalCapped,
      hits,
      documents: this.#titleHits(visible, q, titleDocs, termVariants),
      // Offered when no article has every word (even if some have a part of them).
      didYouMean:
        strictTotal === 0 && termExprs.length ? this.#didYouMean(parsed, terms, titleDocs !== null, visible, q.synonyms) : null,
      expandedTerms: expanded,
      relaxed,
    };
  }

  /**
   * The units of one normalised term: its words without function and question words (主要负责人职责 → 主要负责人,
   * 职责), a synonym member cut in several words kept whole, a number kept with the word after it (1小时). A term
   * with a lone character the dictionary does not know (热工作业 → 热 | 工作 | 业) is one `run` unit that must occur
   * verbatim. Empty when nothing is left.
   */
  #units(term: string, synonyms: string[][]): Array<{ text: string; run: boolean }> {
    const cut = this.#seg.words(term);
    const words = cut.filter((w) => !STOP.has(w) && !QUESTION.has(w));
    const members = synonyms.flat().filter((m) => m.length >= 2 && term.includes(m));
    if (words.some((w) => w.length === 1 && /\p{Script=Han}/u.test(w) && !GRAMMAR_CHARS.has(w)) && !members.length) {
      let text = term;
      for (const w of QUESTION) text = text.split(w).join('');
      return text ? [{ text, run: true }] : [];
    }
    // Positions of the words in the term (the cut keeps order; punctuation between words is skipped).
    const spans: Array<{ w: string; start: number; end: number }> = [];
    let at = 0;
    for (const w of cut) {
      const start = term.indexOf(w, at);
      if (start < 0) continue;
      at = start + w.length;
      if (words.includes(w) && !(w.length === 1 && GRAMMAR_CHARS.has(w))) spans.push({ w, start, end: at });
    }
    // Merge words a synonym member spans, and a number with the word after it.
    const out: Array<{ start: number; end: number }> = [];
    for (const sp of spans) {
      const last = out.at(-1);
      const joined =
        last &&
        (/^\p{N}+$/u.test(term.slice(last.start, last.end)) && sp.start === last.end
          ? true
          : members.some((m) => {
              for (let i = term.indexOf(m); i >= 0; i = term.indexOf(m, i + 1))
                if (i < last.end && i + m.length > sp.start) return true;
              return false;
            }));
      if (joined) last.end = sp.end;
      else out.push({ start: sp.start, end: sp.end });
    }
    return out.map((o) => ({ text: term.slice(o.start, o.end), run: false }));
  }

  /**
   * The FTS5 expression of one variant: its words (function words and, when longer words exist, single
   * characters dropped) ANDed over the title, body and sub-word columns. A word the index has never seen (a
   * context the segmenter cut differently) is replaced by its dictionary parts; a domain word is kept whole
   * (特殊作业 must not become 特殊 AND 作业). Tokens are quoted: no query syntax passes. Null when no word is left.
   */
  #variantExpr(variant: string, needles: string[], tenantIds: string[]): string | null {
    let toks = this.#seg.words(variant).filter((w) => !STOP.has(w));
    // A lone Chinese character is usually glued to a neighbour in the index (于1小时内 → 内向): drop it when the
    // variant has longer words; digits and Latin letters stay (1小时 ≠ 2小时).
    if (toks.some((w) => w.length >= 2)) toks = toks.filter((w) => w.length >= 2 || /^[\p{N}a-z]+$/u.test(w));
    if (!toks.length) return null;
    const groups = toks.map((w) => {
      needles.push(w);
      if (this.#seg.isDomainWord(w) || this.#index.hasToken(w, tenantIds)) return ftsString(w);
      const parts = this.#seg.partsOf(w).filter((p) => p.length >= 2 && this.#index.hasToken(p, tenantIds));
      needles.push(...parts);
      return parts.length ? `(${parts.map(ftsString).join(' AND ')})` : ftsString(w);
    });
    return `{title lead body terms} : (${groups.join(' AND ')})`;
  }

  /**
   * Final order: status tier (in force first) unless a status was asked for, then BM25 × (1 + verbatim share) +
   * the article-number bonus. `termVariants`: per term, the strings that count as it appearing verbatim.
   */
  #rerank(
    rows: IndexRow[],
    termVariants: string[][],
    articleKeys: string[],
    tiered: boolean,
    aboutPenalty: boolean,
    relaxed = false,
    asksTime = false,
  ): IndexRow[] {
    const tier = (s: LawStatus) => (s === 'in_force' ? 0 : s === 'not_yet_effective' ? 1 : s === 'amended' ? 2 : 3);
    const has = (text: string) => (vs: string[]) => vs.some((v) => text.includes(v));
    const scored = rows.map((r) => {
      const body = normalizeText(r.text);
      const text = `${normalizeText(r.documentTitle)} ${body}`;
      const verbatim = termVariants.filter(has(text)).length;
      let score = r.bm25 * (1 + (termVariants.length ? (VERBATIM_WEIGHT * verbatim) / termVariants.length : 0));
      // Relaxed: an article with more of the units comes first (3 of 3 before 2 of 3).
      if (relaxed && termVariants.length) score *= (verbatim / termVariants.length) ** 2;
      if (termVariants.length > 1 && body.split(/[。；;\n]/u).some((s) => termVariants.every(has(s)))) score *= SAME_SENTENCE;
      if (asksTime && TIME_LIMIT.test(body)) score *= TIME_LIMIT_FACTOR;
      if (!aboutPenalty && r.path.some((p) => PENALTY_PATH.test(p))) score *= PENALTY_CHAPTER;
      if (articleKeys.includes(r.articleKey)) score += ARTICLE_REF_BONUS;
      return Object.assign(r, { score });
    });
    return scored.sort((a, b) => (tiered ? tier(a.status) - tier(b.status) : 0) || b.score - a.score || a.rid - b.rid);
  }

  /** Documents whose title matches: named ones first, then by how many terms the title holds (≤ 5). */
  #titleHits(
    visible: VisibleDocument[],
    q: EngineQuery,
    titleDocs: string[] | null,
    termVariants: string[][],
  ): EngineResult['documents'] {
    const scored = visible
      .filter((d) => (!q.types?.length || q.types.includes(d.docType)) && (!q.status || q.status === d.status))
      .filter((d) => !q.issuer || d.issuingBody.includes(q.issuer))
      .filter((d) => !q.documentId || d.documentId === q.documentId)
      .map((d) => {
        const title = d.normTitle;
        const named = titleDocs?.includes(d.documentId) ? 100 : 0;
        const held = termVariants.filter((vs) => vs.some((v) => v.length >= 2 && title.includes(v))).length;
        return { d, rank: named + held };
      })
      .filter((x) => x.rank > 0)
      .sort((a, b) => b.rank - a.rank || a.d.title.length - b.d.title.length);
    return scored.slice(0, 5).map(({ d }) => ({
      documentId: d.documentId,
      title: d.title,
      docType: d.docType,
      status: d.status,
      versionId: d.versionId,
    }));
  }

  /**
   * "Did you mean" for a query with no hits: each term replaced by the nearest known word (domain words, the
   * visible synonym terms and document titles — never another zone's) within one edit (two for ≥ 5 characters).
   */
  #didYouMean(
    parsed: LawQuery,
    terms: string[],
    hinted: boolean,
    visible: VisibleDocument[],
    synonyms: string[][],
  ): string | null {
    const vocab = new Set<string>([...DOMAIN_WORDS.map(normalizeText), ...synonyms.flat(), ...visible.map((d) => d.shortTitle)]);
    let changed = false;
    const out = terms.map((term) => {
      const t = normalizeText(term);
      if (t.length < 2 || vocab.has(t)) return term;
      const limit = t.length >= 5 ? 2 : 1;
      let best: { w: string; d: number } | null = null;
      for (const w of vocab) {
        if (Math.abs(w.length - t.length) > limit) continue;
        const d = editDistance(t, w, limit);
        if (d <= limit && (!best || d < best.d)) best = { w, d };
      }
      if (!best) return term;
      changed = true;
      return best.w;
    });
    if (!changed) return null;
    const refs = parsed.articleRefs.map((r) => `第${r.number}条${r.suffix ? `之${r.suffix}` : ''}`);
    return [...(hinted && parsed.titleHint ? [`《${parsed.titleHint}》`] : []), ...out, ...refs].join(' ');
  }
}

/**
 * A term and its synonym variants (the term first): for each group with a member inside the term (the longest
 * one), the term with that member replaced by each other member. 危化品储存 + {危化品, 危险化学品} →
 * [危化品储存, 危险化学品储存]. At most MAX_VARIANTS.
 */
export function synonymVariants(term: string, groups: string[][]): string[] {
  const out = [term];
  for (const g of groups) {
    const inside = g.filter((m) => term.includes(m)).sort((a, b) => b.length - a.length)[0];
    if (!inside) continue;
    for (const other of g) {
      if (other === inside) continue;
      const v = term.replace(inside, other);
      if (!out.includes(v)) out.push(v);
      if (out.length >= MAX_VARIANTS) return out;
    }
  }
  return out;
}

/** Levenshtein distance, giving up (returning limit + 1) once it must exceed `limit`. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  const x = Array.from(a);
  const y = Array.from(b);
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= y.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
      rowMin = Math.min(rowMin, cur[j]!);
    }
    if (rowMin > limit) return limit + 1;
    prev = cur;
  }
  return prev[y.length]!;
}
