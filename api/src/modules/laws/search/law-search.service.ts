import {
  LAW_QUERY_MAX_CHARS,
  type LawDocType,
  type LawSearchQuery,
  type LawSearchResult,
  type LawSuggestResult,
} from '@yuanan/contracts';
import { localDate } from '@yuanan/domain';
import type { Container } from '../../../core/container.ts';
import { uuidv7 } from '../../../core/db/ids.ts';
import type { Em } from '../../../core/db/orm.ts';
import { AppError, t } from '../../../core/http/problem.ts';
import { lawScope, type LawScope } from '../law-scope.ts';
import { DOMAIN_WORDS } from './domain-dictionary.ts';
import { LawFtsIndex } from './fts-index.ts';
import { LawIndexSync } from './index-sync.ts';
import { LawSearchEngine } from './search-engine.ts';
import { normalizeText, segmenter } from './segmenter.ts';
import { SynonymService } from './synonym.service.ts';

/** Suggestions answered per kind, and in all. */
const SUGGEST_PER_KIND = 5;
const SUGGEST_MAX = 10;
/** Days of a zone's search log that feed its suggestions. */
const HISTORY_DAYS = 90;
/** Longest query kept in the search log (characters). */
const LOG_QUERY_CHARS = 100;

// Control characters other than tab and line breaks (which are spaces to the search): refused.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u;

/**
 * Checks a search box: 1..LAW_QUERY_MAX_CHARS characters after trimming, no control characters; else 400
 * `invalid_query` (never 500, whatever the text). Returns the trimmed query.
 */
export function checkLawQuery(q: string | undefined, allowEmpty = false): string {
  const v = (q ?? '').trim();
  if (CONTROL.test(v))
    throw new AppError(400, 'invalid_query', t('搜索词含有控制字符', 'The search query contains control characters'));
  if (!allowEmpty && v.length === 0) throw new AppError(400, 'invalid_query', t('请输入搜索词', 'Type something to search for'));
  if (Array.from(v).length > LAW_QUERY_MAX_CHARS)
    throw new AppError(
      400,
      'invalid_query',
      t(`搜索词最多 ${LAW_QUERY_MAX_CHARS} 个字`, `The search query is limited to ${LAW_QUERY_MAX_CHARS} characters`),
    );
  return v;
}

/** Where the index file lives, from LAW_INDEX_PATH: ':memory:', or a directory (default: the OS temp directory). */
export function indexLocation(path: string | undefined): { memory?: boolean; dir?: string } {
  if (path === ':memory:') return { memory: true };
  return path ? { dir: path } : {};
}

/**
 * Law search (法规检索) for the api: one derived SQLite FTS5 index per process (fts-index.ts), kept equal to MariaDB
 * by index-sync.ts (built on first use, caught up at most once a second before a search, refreshed at once by
 * `refresh()` after this process's writes), the query engine (search-engine.ts), synonyms as data
 * (synonym.service.ts), suggestions and the zone's search log. The tenants searched are ALWAYS those of the
 * caller's em (law-scope.ts: the zone and the platform), never input.
 */
export class LawSearchService {
  readonly synonyms = new SynonymService();
  readonly #c: Container;
  #parts: { index: LawFtsIndex; sync: LawIndexSync; engine: LawSearchEngine } | null = null;
  #closed = false;

  constructor(c: Container) {
    this.#c = c;
  }

  /**
   * The index, its sync and the engine, made on first use (loading the dictionary and building take a moment;
   * a process that never searches — the worker, most tests — never pays for them).
   */
  get parts(): { index: LawFtsIndex; sync: LawIndexSync; engine: LawSearchEngine } {
    if (this.#closed) throw new AppError(503, 'service_unavailable', t('法规检索已关闭', 'Law search is shut down'));
    if (!this.#parts) {
      const seg = segmenter();
      const index = new LawFtsIndex(seg, indexLocation(this.#c.config.LAW_INDEX_PATH));
      this.#parts = {
        index,
        sync: new LawIndexSync(this.#c.orm, index, this.#c.logger),
        engine: new LawSearchEngine(index, seg),
      };
    }
    return this.#parts;
  }

  /**
   * Re-reads what changed in the law tables now. Call after a committed write (A's LawService runs it through
   * `indexHooks`); the next search in this process waits for it. Nothing to do before the first search (the
   * index is then built from everything).
   */
  async refresh(): Promise<void> {
    if (this.#parts && !this.#closed) await this.#parts.sync.refresh();
  }

  /**
   * Builds the index now, in the background (api boot, after the seed import), so the first search does not wait
   * for it. Not under NODE_ENV=test (tests build on first use). Never throws: a failed build is retried by the
   * next search.
   */
  warm(): void {
    if (this.#c.config.NODE_ENV === 'test' || this.#closed) return;
    this.parts.sync
      .ensureFresh()
      .catch((e: unknown) => this.#c.logger.warn({ err: (e as Error).message }, 'law index build failed'));
  }

  /** `GET /laws/search`: 400 `invalid_query` for an empty, too long or control-character query. */
  async search(em: Em, query: LawSearchQuery): Promise<LawSearchResult> {
    const started = performance.now();
    const q = checkLawQuery(query.q);
    const scope = await lawScope(em);
    const [asOf, synonyms] = await Promise.all([
      query.asOf ? Promise.resolve(query.asOf) : this.#today(scope),
      this.synonyms.groupsFor(em, scope),
      this.parts.sync.ensureFresh(),
    ]);
    const r = this.parts.engine.search({
      q,
      tenantIds: scope.tenantIds,
      asOf,
      types: query.type,
      status: query.status,
      issuer: query.issuer?.trim() || undefined,
      documentId: query.documentId,
      page: query.page,
      pageSize: query.pageSize,
      synonyms,
    });
    if (query.page === 1) this.#log(scope.tenantId, q, r.total);
    return {
      total: r.total,
      totalCapped: r.totalCapped,
      tookMs: Math.round((performance.now() - started) * 10) / 10,
      hits: r.hits.map((h) => ({
        articleKey: h.articleKey,
        articleLabel: h.articleLabel,
        path: h.path,
        versionId: h.versionId,
        versionLabel: h.versionLabel,
        documentId: h.documentId,
        documentTitle: h.documentTitle,
        docType: h.docType as LawDocType,
        issuingBody: h.issuingBody,
        scope: scope.scopeOf(h.tenantId),
        status: h.status,
        effectiveOn: h.effectiveOn,
        snippet: h.snippet,
        score: h.score,
      })),
      documents: r.documents.map((d) => ({ ...d, docType: d.docType as LawDocType })),
      didYouMean: r.didYouMean,
      expandedTerms: r.expandedTerms,
      relaxed: r.relaxed,
    };
  }

  /**
   * `GET /laws/suggest`: completions of what is typed — visible document titles, domain words and the visible
   * synonym terms, and the caller's own tenant's past searches that found something. Never another zone's titles,
   * terms or searches. An empty query answers nothing.
   */
  async suggest(em: Em, raw: string | undefined): Promise<LawSuggestResult> {
    const q = normalizeText(checkLawQuery(raw, true)).replace(/\s+/gu, ' ').trim();
    if (!q) return { suggestions: [] };
    const scope = await lawScope(em);
    const [asOf, synonyms] = await Promise.all([
      this.#today(scope),
      this.synonyms.groupsFor(em, scope),
      this.parts.sync.ensureFresh(),
    ]);
    const rank = (text: string) => (text.startsWith(q) ? 0 : 1) * 1000 + text.length;
    const pick = (texts: string[]) =>
      [...new Set(texts)]
        .filter((x) => x.includes(q) && x !== q)
        .sort((a, b) => rank(a) - rank(b))
        .slice(0, SUGGEST_PER_KIND);
    const titles = pick(this.parts.index.documents(scope.tenantIds, asOf).map((d) => d.title));
    const terms = pick([...DOMAIN_WORDS.map(normalizeText), ...synonyms.flat()]);
    const history = await this.#history(em, scope.tenantId, q);
    const out: LawSuggestResult['suggestions'] = [];
    const seen = new Set<string>();
    for (const [kind, list] of [
      ['history', history],
      ['title', titles],
      ['term', terms],
    ] as const)
      for (const text of list) {
        if (seen.has(text) || out.length >= SUGGEST_MAX) continue;
        seen.add(text);
        out.push({ text, kind });
      }
    return { suggestions: out };
  }

  /** Closes the index (its file is removed). */
  close(): void {
    this.#closed = true;
    this.#parts?.sync.close();
    this.#parts?.index.close();
  }

  async #today(scope: LawScope): Promise<string> {
    const tz = (await this.#c.tenants.byId(scope.tenantId))?.timeZone ?? 'Asia/Shanghai';
    return localDate(new Date(), tz);
  }

  /** The tenant's own recent searches that found something, starting with (else containing) `q`. */
  async #history(em: Em, tenantId: string, q: string): Promise<string[]> {
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const since = new Date(Date.now() - HISTORY_DAYS * 86_400_000);
    const rows = (await em.getConnection().execute(
      `SELECT query, COUNT(*) AS n, MAX(at) AS last FROM law_search_log
        WHERE tenant_id = ? AND at >= ? AND hits > 0 AND query LIKE ?
        GROUP BY query ORDER BY n DESC, last DESC LIMIT 20`,
      [tenantId, since, like],
      'all',
      em.getTransactionContext(),
    )) as Array<{ query: string }>;
    return rows
      .map((r) => r.query)
      .filter((x) => x !== q)
      .sort((a, b) => Number(!a.startsWith(q)) - Number(!b.startsWith(q)))
      .slice(0, SUGGEST_PER_KIND);
  }

  /**
   * Records a search in the caller's tenant (for its own suggestions). Raw SQL, not awaited: a search is not an
   * audited change, and a failed log line never fails the search.
   */
  #log(tenantId: string, q: string, hits: number): void {
    const query = normalizeText(q).replace(/\s+/gu, ' ').trim().slice(0, LOG_QUERY_CHARS);
    const now = new Date();
    this.#c.orm.em
      .getConnection()
      .execute(
        'INSERT INTO law_search_log (id, tenant_id, query, hits, at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
        [uuidv7(), tenantId, query, hits, now, now, now],
        'run',
      )
      .catch((e: unknown) => this.#c.logger.warn({ err: (e as Error).message }, 'law search log insert failed'));
  }
}
