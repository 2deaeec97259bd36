import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { LawStatus } from '@yuanan/contracts';
import { localDate } from '@yuanan/domain';
import { normalizeText, type Segmenter } from './segmenter.ts';

/** A document (法规) as the index keeps it: what the filters and the hit rows need. Dates are 'YYYY-MM-DD'. */
export interface IndexedDocument {
  id: string;
  tenantId: string;
  title: string;
  docType: string;
  issuingBody: string;
  repealedOn: string | null;
  /** law_documents.updated_at in ms: the document's change stamp. */
  updatedMs: number;
}

/** A live (not deleted) version (版本) of a document. */
export interface IndexedVersion {
  id: string;
  documentId: string;
  tenantId: string;
  label: string;
  effectiveOn: string;
  /** law_versions.updated_at in ms: the version's change stamp (the watermark column). */
  updatedMs: number;
}

/** An article (条) of a version: key '5' / '5-1', label '第五条之一', path ['第一章 总则'], plain text. */
export interface IndexedArticle {
  key: string;
  label: string;
  ordinal: number;
  path: string[];
  text: string;
}

/**
 * What a search may see and wants: tenants (ALWAYS from the request scope: the zone and the platform), the date
 * the status is computed on, and the optional filters. `phrases` are normalised strings every hit's text must
 * contain verbatim; `documentIds` restricts to documents (a title hint); `articleKeys` to articles.
 */
export interface IndexFilters {
  tenantIds: string[];
  asOf: string;
  types?: string[];
  status?: LawStatus;
  issuer?: string;
  documentIds?: string[];
  articleKeys?: string[];
  phrases?: string[];
}

/** One matching article with its version and document, as read from the index. */
export interface IndexRow {
  rid: number;
  versionId: string;
  documentId: string;
  tenantId: string;
  articleKey: string;
  articleLabel: string;
  ordinal: number;
  path: string[];
  text: string;
  documentTitle: string;
  docType: string;
  issuingBody: string;
  versionLabel: string;
  effectiveOn: string;
  status: LawStatus;
  /** FTS5 bm25 with the column weights, made positive: higher is better (0 when the query had no words). */
  bm25: number;
}

/**
 * BM25 weights of the columns: the document title counts most (a query naming the law lifts its articles), then
 * the article's own words, then the sub-words (a part of a compound is weaker evidence than the word itself).
 * The `lead` column repeats the article's first paragraph (its subject: 生产经营单位的主要负责人对本单位安全生产工作
 *负有下列职责), so a long article whose lead names the query is not lost to BM25's length normalisation.
 * The `num` column (article tokens `a21`, `a5x1`) is matched only by article-reference queries.
 */
const WEIGHTS = { title: 4, num: 1, lead: 2, body: 1, terms: 0.4 };

// Status as of a date (立法法: a text takes effect on its stated date; an amended text replaces the former on its
// effective date; a repealed document's texts all stop). Same order as versionStatusOn in the domain.
const STATUS_SQL = `CASE WHEN v.effective_on > @asOf THEN 'not_yet_effective'
  WHEN d.repealed_on IS NOT NULL AND d.repealed_on <= @asOf THEN 'repealed'
  WHEN v.superseded_on IS NOT NULL AND v.superseded_on <= @asOf THEN 'amended'
  ELSE 'in_force' END`;
// In force first, then not yet effective, amended, repealed (on the outer query's `status`); any other status
// (STATUS_SQL computes only these four) ranks last.
const STATUS_RANK: Partial<Record<LawStatus, number>> = { in_force: 0, not_yet_effective: 1, amended: 2, repealed: 3 };
const STATUS_RANK_SQL = `CASE status WHEN 'in_force' THEN 0 WHEN 'not_yet_effective' THEN 1 WHEN 'amended' THEN 2 ELSE 3 END`;

/**
 * Most matching articles a search looks at (and counts). A broad word (隐患, 安全) matches tens of thousands of
 * articles in a big library; FTS5 computes BM25 only for the rows a query emits, so the candidates are read in rowid
 * order — priority tier first (see TIER_SHIFT) — and the scan stops here. Beyond it the total is reported as capped.
 */
export const MAX_CANDIDATES = 1000;
/**
 * An FTS rowid (= articles.rid) is `tier << TIER_SHIFT | sequence`: rows are stored and scanned in tier order, so the
 * first MAX_CANDIDATES matches are the most wanted ones. Tier as of today (the index's own date, Asia/Shanghai):
 * 0 in force and a law or administrative regulation, 1 other in force, 2 not yet effective, 3 amended or repealed.
 * A heuristic for the scan order only: every hit's status is computed exactly, as of the query's date.
 */
const TIER_SHIFT = 40;
/** Up to this many documents named by a title hint, a search reads their articles rather than scan the matches. */
const FEW_DOCUMENTS = 20;
const TOP_TYPES = new Set(['law', 'administrative_regulation']);
/** The date tiers are computed on. */
const TIER_ZONE = 'Asia/Shanghai';

/** The scan tier of a version as of `today` (see TIER_SHIFT). Dates are 'YYYY-MM-DD'. */
export function versionTier(
  v: { effectiveOn: string; supersededOn: string | null },
  d: { docType: string; repealedOn: string | null },
  today: string,
): number {
  if (v.effectiveOn > today) return 2;
  if ((d.repealedOn && d.repealedOn <= today) || (v.supersededOn && v.supersededOn <= today)) return 3;
  return TOP_TYPES.has(d.docType) ? 0 : 1;
}

/** The article token of the `num` column: a21 for 第二十一条, a5x1 for 第五条之一. */
export function articleToken(key: string): string {
  return `a${key.replace('-', 'x')}`;
}

/** Quotes a token as an FTS5 string (so no query syntax can come through it). */
export function ftsString(token: string): string {
  return `"${token.replace(/"/g, '""')}"`;
}

type Row = Record<string, unknown>;

/** A document visible to a search, with the version in force on the date (else the latest) and its status. */
export interface VisibleDocument {
  documentId: string;
  title: string;
  /** normalizeText(title), and the same without 中华人民共和国 (how people name laws). */
  normTitle: string;
  shortTitle: string;
  docType: string;
  issuingBody: string;
  versionId: string;
  status: LawStatus;
}

/**
 * The derived full-text index (SQLite FTS5, better-sqlite3): one FTS row per article of every live version of every
 * tenant, contentless (the text is kept in the `articles` side table, with its normalised form for the verbatim
 * tests), plus `docs` and `versions` side tables so the tenant, type, issuer and status-as-of-a-date filters are SQL. MariaDB stays the truth: index-sync.ts fills
 * this from it. Synchronous (better-sqlite3): each call runs to completion on the event loop.
 *
 * `path` is a file (created fresh, removed on close), a directory (a fresh file `yuanan-laws-<pid>-<rand>.sqlite`
 * in it), or ':memory:'.
 */
/**
 * Removes the index files of api processes that are gone (`yuanan-laws-<pid>-*.sqlite` whose pid no longer runs): a
 * process killed without closing leaves its file behind, and a long-lived LAW_INDEX_PATH would fill up with them.
 */
function removeOrphanIndexes(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = /^yuanan-laws-(\d+)-[0-9a-f]+\.sqlite$/.exec(name);
    if (!m || Number(m[1]) === process.pid) continue;
    try {
      process.kill(Number(m[1]), 0);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ESRCH') removeFiles(join(dir, name));
    }
  }
}

export class LawFtsIndex {
  readonly file: string;
  readonly #db: Database.Database;
  readonly #seg: Segmenter;
  readonly #ownsFile: boolean;
  readonly #statements = new Map<string, Database.Statement>();
  readonly #visible = new Map<string, VisibleDocument[]>();
  #closed = false;
  #generation = 0;
  /** The date the stored tiers were computed on. */
  #tierDay = localDate(new Date(), TIER_ZONE);
  readonly #tokens = new Map<string, boolean>();
  #tokenGen = -1;
  /** The next article sequence (low bits of a rowid). */
  #seq = 1;

  constructor(seg: Segmenter, location: { dir?: string; file?: string; memory?: boolean } = {}) {
    this.#seg = seg;
    if (location.memory) {
      this.file = ':memory:';
      this.#ownsFile = false;
    } else {
      const dir = location.dir ?? tmpdir();
      if (!location.file) removeOrphanIndexes(dir);
      this.file = location.file ?? join(dir, `yuanan-laws-${process.pid}-${randomBytes(4).toString('hex')}.sqlite`);
      this.#ownsFile = true;
      removeFiles(this.file);
    }
    this.#db = new Database(this.file);
    // A derived index rebuilt at start: no journal, no fsync.
    this.#db.pragma('journal_mode = OFF');
    this.#db.pragma('synchronous = OFF');
    this.#db.pragma('temp_store = MEMORY');
    this.#db.pragma('cache_size = -32000');
    this.#db.exec(`
      CREATE TABLE docs (id TEXT PRIMARY KEY, tenant TEXT NOT NULL, title TEXT NOT NULL, doc_type TEXT NOT NULL,
        issuer TEXT NOT NULL, repealed_on TEXT, updated_ms INTEGER NOT NULL);
      CREATE INDEX docs_tenant ON docs (tenant);
      CREATE TABLE versions (id TEXT PRIMARY KEY, doc_id TEXT NOT NULL, tenant TEXT NOT NULL, label TEXT NOT NULL,
        effective_on TEXT NOT NULL, superseded_on TEXT, tier INTEGER NOT NULL DEFAULT 0, updated_ms INTEGER NOT NULL);
      CREATE INDEX versions_doc ON versions (doc_id);
      CREATE TABLE articles (rid INTEGER PRIMARY KEY, version_id TEXT NOT NULL, doc_id TEXT NOT NULL,
        tenant TEXT NOT NULL, akey TEXT NOT NULL, label TEXT NOT NULL, ordinal INTEGER NOT NULL, path TEXT NOT NULL);
      -- The texts apart: every candidate of a search is joined to articles by rid, and narrow rows keep that table
      -- in the page cache; the texts are read for the page shown and for the verbatim tests (norm).
      CREATE TABLE article_texts (rid INTEGER PRIMARY KEY, text TEXT NOT NULL, norm TEXT NOT NULL);
      CREATE INDEX articles_version ON articles (version_id, ordinal);
      CREATE INDEX articles_key ON articles (akey);
      CREATE INDEX articles_doc ON articles (doc_id);
      CREATE VIRTUAL TABLE law_fts USING fts5(title, num, lead, body, terms, content='', contentless_delete=1,
        tokenize='unicode61 remove_diacritics 0');
      CREATE VIRTUAL TABLE law_vocab USING fts5vocab(law_fts, 'row');
    `);
  }

  /** Grows on every change of the index (caches of derived lists key on it). */
  get generation(): number {
    return this.#generation;
  }

  /** Runs several puts/removes in one SQLite transaction (a build: far fewer FTS segment merges). */
  batch(fn: () => void): void {
    this.#db.transaction(fn)();
  }

  /** Stamps of what is indexed, to compare with MariaDB's updated_at. */
  documentStamp(id: string): number | null {
    const r = this.#sql('SELECT updated_ms FROM docs WHERE id = ?').get(id) as { updated_ms: number } | undefined;
    return r?.updated_ms ?? null;
  }
  versionStamp(id: string): number | null {
    const r = this.#sql('SELECT updated_ms FROM versions WHERE id = ?').get(id) as { updated_ms: number } | undefined;
    return r?.updated_ms ?? null;
  }
  /** The ids of the indexed versions of a document. */
  versionIds(documentId: string): string[] {
    return (this.#sql('SELECT id FROM versions WHERE doc_id = ?').pluck().all(documentId) as string[]) ?? [];
  }

  /**
   * Puts a document (insert or replace). A changed title re-indexes its articles' title column; a changed repeal
   * date only moves the status, which is computed at query time.
   */
  putDocument(doc: IndexedDocument): void {
    this.#generation++;
    const before = this.#sql('SELECT title FROM docs WHERE id = ?').get(doc.id) as { title: string } | undefined;
    this.#db
      .prepare(
        `INSERT INTO docs (id, tenant, title, doc_type, issuer, repealed_on, updated_ms) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET tenant = excluded.tenant, title = excluded.title, doc_type = excluded.doc_type,
           issuer = excluded.issuer, repealed_on = excluded.repealed_on, updated_ms = excluded.updated_ms`,
      )
      .run(doc.id, doc.tenantId, doc.title, doc.docType, doc.issuingBody, doc.repealedOn, doc.updatedMs);
    if (before && before.title !== doc.title) {
      const rows = this.#sql(
        'SELECT a.rid, a.akey, t.text FROM articles a JOIN article_texts t ON t.rid = a.rid WHERE a.doc_id = ?',
      ).all(doc.id) as Array<{
        rid: number;
        akey: string;
        text: string;
      }>;
      const del = this.#sql('DELETE FROM law_fts WHERE rowid = ?');
      const ins = this.#ftsInsert();
      const title = this.#titleTokens(doc.title);
      this.#db.transaction(() => {
        for (const r of rows) {
          del.run(r.rid);
          ins.run(r.rid, title, articleToken(r.akey), ...this.#bodyColumns(r.text));
        }
      })();
    }
    // A repeal date or type change moves the scan tier of its versions.
    this.#db.transaction(() => this.#retierDocument(doc.id))();
  }

  /**
   * Replaces a version and all its articles (one transaction). The document must be put first. Recomputes when
   * each version of the document was superseded (the next version's effective date).
   */
  putVersion(version: IndexedVersion, articles: IndexedArticle[]): void {
    this.#generation++;
    const doc = this.#sql('SELECT title FROM docs WHERE id = ?').get(version.documentId) as { title: string } | undefined;
    if (!doc) throw new Error(`law index: document ${version.documentId} of version ${version.id} is not indexed`);
    const title = this.#titleTokens(doc.title);
    // Segment outside the transaction (the slow part), write inside it.
    const prepared = articles.map((a) => ({ a, cols: this.#bodyColumns(a.text) }));
    const insArticle = this.#sql(
      `INSERT INTO articles (rid, version_id, doc_id, tenant, akey, label, ordinal, path) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insText = this.#sql('INSERT INTO article_texts (rid, text, norm) VALUES (?, ?, ?)');
    const ins = this.#ftsInsert();
    this.#db.transaction(() => {
      this.#dropArticles(version.id);
      this.#db
        .prepare(
          `INSERT INTO versions (id, doc_id, tenant, label, effective_on, superseded_on, tier, updated_ms)
           VALUES (?, ?, ?, ?, ?, NULL, 0, ?)
           ON CONFLICT (id) DO UPDATE SET doc_id = excluded.doc_id, tenant = excluded.tenant, label = excluded.label,
             effective_on = excluded.effective_on, updated_ms = excluded.updated_ms`,
        )
        .run(version.id, version.documentId, version.tenantId, version.label, version.effectiveOn, version.updatedMs);
      this.#supersede(version.documentId);
      // The new rows take their tier now; the other versions of the document are re-tiered after.
      const tier = this.#tierOf(version.id);
      this.#sql('UPDATE versions SET tier = ? WHERE id = ?').run(tier, version.id);
      for (const { a, cols } of prepared) {
        const rid = tier * 2 ** TIER_SHIFT + this.#seq++;
        insArticle.run(rid, version.id, version.documentId, version.tenantId, a.key, a.label, a.ordinal, JSON.stringify(a.path));
        insText.run(rid, a.text, normalizeText(a.text));
        ins.run(rid, title, articleToken(a.key), ...cols);
      }
      this.#retierDocument(version.documentId);
    })();
  }

  /** Removes a version (deleted or gone) and its articles. */
  removeVersion(id: string): void {
    this.#generation++;
    const v = this.#sql('SELECT doc_id FROM versions WHERE id = ?').get(id) as { doc_id: string } | undefined;
    this.#db.transaction(() => {
      this.#dropArticles(id);
      this.#sql('DELETE FROM versions WHERE id = ?').run(id);
      if (v) {
        this.#supersede(v.doc_id);
        this.#retierDocument(v.doc_id);
      }
    })();
  }

  /** Counts of what is indexed (for logs and the bench). */
  stats(): { documents: number; versions: number; articles: number } {
    const one = (sql: string) => (this.#sql(sql).pluck().get() as number) ?? 0;
    return {
      documents: one('SELECT count(*) FROM docs'),
      versions: one('SELECT count(*) FROM versions'),
      articles: one('SELECT count(*) FROM articles'),
    };
  }

  /**
   * Whether a live article of `tenantIds` (the caller's zone and the platform) has the token in any column. Only
   * those tenants: whether a word is known decides how a query is cut, so another zone's private text must not
   * change it. Stops at the first match. Cached per index generation.
   */
  hasToken(token: string, tenantIds: string[]): boolean {
    if (this.#tokenGen !== this.#generation) {
      this.#tokens.clear();
      this.#tokenGen = this.#generation;
    }
    const key = `${tenantIds.join(',')}|${token}`;
    let has = this.#tokens.get(key);
    if (has === undefined) {
      has =
        this.#sql(
          `SELECT f.rowid FROM law_fts f JOIN articles a ON a.rid = f.rowid
           WHERE law_fts MATCH ? AND a.tenant IN (${tenantIds.map(() => '?').join(',')}) LIMIT 1`,
        ).get(ftsString(token), ...tenantIds) !== undefined;
      if (this.#tokens.size >= 10_000) this.#tokens.clear();
      this.#tokens.set(key, has);
    }
    return has;
  }

  /**
   * Re-tiers the versions whose status changed since the tiers were computed (a new day: an effective date or a
   * repeal date passed). Cheap when the day is the same. Call it before searching (index-sync does).
   */
  retierIfNewDay(now = new Date()): void {
    const today = localDate(now, TIER_ZONE);
    if (today === this.#tierDay) return;
    this.#tierDay = today;
    const docs = this.#sql('SELECT id FROM docs').pluck().all() as string[];
    this.#db.transaction(() => {
      for (const id of docs) this.#retierDocument(id);
    })();
  }

  /**
   * The matching articles, best first (status tier — in force first — unless a status filter is given, then BM25),
   * `limit` of them from `offset`, and how many match. `match` is an FTS5 expression built from quoted tokens only
   * (or null: the filters alone, in reading order).
   *
   * With a `match`, at most MAX_CANDIDATES matches are looked at: FTS5 reads its rows in rowid order (the scan tier
   * first, see TIER_SHIFT) and stops there, so BM25 and the joins cost the same for a word found in 40,000 articles
   * as for one found in 1,000; `total` then counts up to the cap and `capped` says the cap was reached. Only the
   * candidates' ids and sort keys are sorted; the texts are read for the rows returned.
   */
  rows(match: string | null, f: IndexFilters, limit: number, offset = 0): { rows: IndexRow[]; total: number; capped: boolean } {
    if (!match) return this.#readingOrder(f, limit, offset);
    const { where, params } = this.#where(match, f);
    const rank = `bm25(law_fts, ${WEIGHTS.title}, ${WEIGHTS.num}, ${WEIGHTS.lead}, ${WEIGHTS.body}, ${WEIGHTS.terms})`;
    // CROSS JOIN keeps the FTS scan outermost (rowid order, no sort), each candidate joined by primary keys. A few
    // named documents (a title hint) drive from their articles instead, each probing the FTS match by rowid: the
    // scan would otherwise read every match in the library to keep a hundred.
    const fewDocs = f.documentIds !== undefined && f.documentIds.length <= FEW_DOCUMENTS;
    const from = fewDocs
      ? 'articles a CROSS JOIN law_fts ON law_fts.rowid = a.rid'
      : 'law_fts CROSS JOIN articles a ON a.rid = law_fts.rowid';
    const sql = `SELECT law_fts.rowid AS rid, ${rank} AS score, ${STATUS_SQL} AS status
      FROM ${from} CROSS JOIN versions v ON v.id = a.version_id CROSS JOIN docs d ON d.id = a.doc_id
      WHERE ${where}${f.status ? ` AND (${STATUS_SQL}) = @status` : ''}
      ORDER BY law_fts.rowid LIMIT ${MAX_CANDIDATES}`;
    const cands = this.#sql(sql).all(params) as Array<{ rid: number; score: number; status: LawStatus }>;
    const tiered = !f.status;
    cands.sort(
      (x, y) => (tiered ? (STATUS_RANK[x.status] ?? 3) - (STATUS_RANK[y.status] ?? 3) : 0) || x.score - y.score || x.rid - y.rid,
    );
    const page = cands.slice(offset, offset + limit);
    const byRid = new Map(this.#details(page.map((c) => c.rid)).map((r) => [r.rid, r]));
    return {
      total: cands.length,
      capped: cands.length >= MAX_CANDIDATES,
      rows: page.flatMap((c) => {
        const r = byRid.get(c.rid);
        return r ? [{ ...r, status: c.status, bm25: -c.score }] : [];
      }),
    };
  }

  /** How many articles match (the same conditions as rows(), without its cap). */
  count(match: string | null, f: IndexFilters): number {
    const { where, params } = this.#where(match, f);
    const sql = `SELECT count(*) FROM (
        SELECT ${STATUS_SQL} AS status
        FROM ${match ? 'law_fts JOIN articles a ON a.rid = law_fts.rowid' : 'articles a'}
          JOIN versions v ON v.id = a.version_id JOIN docs d ON d.id = a.doc_id
        WHERE ${where}) t WHERE ${f.status ? 'status = @status' : '1'}`;
    return this.#sql(sql).pluck().get(params) as number;
  }

  /** Articles by the filters alone (a title and/or article numbers), in force first, in reading order. */
  #readingOrder(f: IndexFilters, limit: number, offset: number): { rows: IndexRow[]; total: number; capped: boolean } {
    const { where, params } = this.#where(null, f);
    const tier = f.status ? '' : `${STATUS_RANK_SQL}, `;
    const sql = `WITH top AS (
        SELECT rid, status, count(*) OVER () AS total FROM (
          SELECT a.rid, a.ordinal, d.title AS doc_title, v.effective_on, ${STATUS_SQL} AS status
          FROM articles a JOIN versions v ON v.id = a.version_id JOIN docs d ON d.id = a.doc_id
          WHERE ${where}) t
        WHERE ${f.status ? 'status = @status' : '1'}
        ORDER BY ${tier}doc_title, effective_on DESC, ordinal LIMIT @limit OFFSET @offset)
      SELECT top.rid, top.status, top.total FROM top`;
    const top = this.#sql(sql).all({ ...params, limit, offset }) as Array<{ rid: number; status: LawStatus; total: number }>;
    let total = top.length ? top[0]!.total : 0;
    // An offset past the end reads no row, hence no total: count then.
    if (!top.length && offset > 0) total = this.count(null, f);
    const byRid = new Map(this.#details(top.map((t) => t.rid)).map((r) => [r.rid, r]));
    return {
      total,
      capped: false,
      rows: top.flatMap((t) => {
        const r = byRid.get(t.rid);
        return r ? [{ ...r, status: t.status, bm25: 0 }] : [];
      }),
    };
  }

  /** The article, version and document fields of the rows (any order; status and bm25 are the caller's). */
  #details(rids: number[]): Array<Omit<IndexRow, 'status' | 'bm25'>> {
    if (!rids.length) return [];
    const rows = this.#sql(
      `SELECT a.rid, a.version_id, a.doc_id, a.tenant, a.akey, a.label, a.ordinal, a.path, t.text, d.title AS doc_title,
          d.doc_type, d.issuer, v.label AS version_label, v.effective_on
        FROM articles a JOIN article_texts t ON t.rid = a.rid JOIN versions v ON v.id = a.version_id
          JOIN docs d ON d.id = a.doc_id
        WHERE a.rid IN (SELECT value FROM json_each(?))`,
    ).all(JSON.stringify(rids)) as Row[];
    return rows.map((r) => ({
      rid: r.rid as number,
      versionId: r.version_id as string,
      documentId: r.doc_id as string,
      tenantId: r.tenant as string,
      articleKey: r.akey as string,
      articleLabel: r.label as string,
      ordinal: r.ordinal as number,
      path: JSON.parse(r.path as string) as string[],
      text: r.text as string,
      documentTitle: r.doc_title as string,
      docType: r.doc_type as string,
      issuingBody: r.issuer as string,
      versionLabel: r.version_label as string,
      effectiveOn: r.effective_on as string,
    }));
  }

  /**
   * The visible documents with the version in force on the date (else the latest effective one) and its status:
   * for title hits, title hints and suggestions. Never another tenant's.
   */
  documents(tenantIds: string[], asOf: string): VisibleDocument[] {
    if (!tenantIds.length) return [];
    const key = `${this.#generation}|${asOf}|${tenantIds.join(',')}`;
    const hit = this.#visible.get(key);
    if (hit) return hit;
    const tenants = tenantIds.map((_, i) => `@t${i}`).join(', ');
    const params: Row = { asOf };
    tenantIds.forEach((t, i) => (params[`t${i}`] = t));
    const rows = this.#sql(
      `SELECT d.id, d.title, d.doc_type, d.issuer, v.id AS version_id, ${STATUS_SQL} AS status
         FROM docs d JOIN versions v ON v.doc_id = d.id
         WHERE d.tenant IN (${tenants})
         ORDER BY d.id, CASE WHEN v.effective_on <= @asOf THEN 0 ELSE 1 END, v.effective_on DESC`,
    ).all(params) as Row[];
    const out = new Map<string, VisibleDocument>();
    for (const r of rows)
      if (!out.has(r.id as string)) {
        const normTitle = normalizeText(r.title as string);
        out.set(r.id as string, {
          documentId: r.id as string,
          title: r.title as string,
          normTitle,
          shortTitle: normTitle.replace(/^中华人民共和国/u, ''),
          docType: r.doc_type as string,
          issuingBody: r.issuer as string,
          versionId: r.version_id as string,
          status: r.status as LawStatus,
        });
      }
    const list = [...out.values()];
    // Per index generation: any change makes a new key; old keys go when the cache is full.
    if (this.#visible.size >= 64) this.#visible.clear();
    this.#visible.set(key, list);
    return list;
  }

  /** Closes the database and removes its file (the index is derived: nothing is lost). Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#db.close();
    if (this.#ownsFile) removeFiles(this.file);
  }

  #where(match: string | null, f: IndexFilters): { where: string; params: Row } {
    const params: Row = { asOf: f.asOf };
    const parts: string[] = [];
    const list = (name: string, values: string[]) => {
      values.forEach((v, i) => (params[`${name}${i}`] = v));
      return values.map((_, i) => `@${name}${i}`).join(', ');
    };
    if (match) {
      parts.push('law_fts MATCH @match');
      params.match = match;
    }
    // Fail closed: no tenants, no rows.
    parts.push(f.tenantIds.length ? `a.tenant IN (${list('t', f.tenantIds)})` : '0');
    if (f.types?.length) parts.push(`d.doc_type IN (${list('ty', f.types)})`);
    if (f.issuer) {
      parts.push('instr(d.issuer, @issuer) > 0');
      params.issuer = f.issuer;
    }
    if (f.documentIds) parts.push(f.documentIds.length ? `a.doc_id IN (${list('doc', f.documentIds)})` : '0');
    if (f.articleKeys) parts.push(f.articleKeys.length ? `a.akey IN (${list('k', f.articleKeys)})` : '0');
    (f.phrases ?? []).forEach((p, i) => {
      // Verbatim on the normalised text, kept beside it (instr in SQLite: no call into JS per matched row).
      parts.push(`instr((SELECT t.norm FROM article_texts t WHERE t.rid = a.rid), @ph${i}) > 0`);
      params[`ph${i}`] = p;
    });
    if (f.status) params.status = f.status;
    return { where: parts.join(' AND '), params };
  }

  /** A prepared statement, prepared once per SQL text. */
  #sql(sql: string): Database.Statement {
    let st = this.#statements.get(sql);
    if (!st) {
      // Shapes vary with list lengths (types, phrases, title-hinted documents): keep the cache bounded.
      if (this.#statements.size > 500) this.#statements.clear();
      st = this.#db.prepare(sql);
      this.#statements.set(sql, st);
    }
    return st;
  }

  #ftsInsert() {
    return this.#sql('INSERT INTO law_fts (rowid, title, num, lead, body, terms) VALUES (?, ?, ?, ?, ?, ?)');
  }

  /** The title column: the title's words and sub-words. */
  #titleTokens(title: string): string {
    const words = this.#seg.words(title);
    return [...words, ...this.#seg.subwords(title, words)].join(' ');
  }

  /**
   * The lead (first paragraph's words), body (the words, in order) and terms (sub-words, and domain words inside
   * other words) columns.
   */
  #bodyColumns(text: string): [string, string, string] {
    const words = this.#seg.words(text);
    const have = new Set(words);
    const terms = this.#seg.subwords(text, words);
    for (const w of this.#seg.domainWordsIn(text)) if (!have.has(w) && !terms.includes(w)) terms.push(w);
    const lead = this.#seg.words(text.split('\n', 1)[0] ?? '');
    return [lead.join(' '), words.join(' '), terms.join(' ')];
  }

  #dropArticles(versionId: string): void {
    const rids = this.#sql('SELECT rid FROM articles WHERE version_id = ?').pluck().all(versionId) as number[];
    const del = this.#sql('DELETE FROM law_fts WHERE rowid = ?');
    const delText = this.#sql('DELETE FROM article_texts WHERE rid = ?');
    for (const rid of rids) {
      del.run(rid);
      delText.run(rid);
    }
    this.#sql('DELETE FROM articles WHERE version_id = ?').run(versionId);
  }

  /** The scan tier a version should have today. */
  #tierOf(versionId: string): number {
    const r = this.#sql(
      `SELECT v.effective_on, v.superseded_on, d.doc_type, d.repealed_on FROM versions v JOIN docs d ON d.id = v.doc_id
        WHERE v.id = ?`,
    ).get(versionId) as Row | undefined;
    if (!r) return 0;
    return versionTier(
      { effectiveOn: r.effective_on as string, supersededOn: r.superseded_on as string | null },
      { docType: r.doc_type as string, repealedOn: r.repealed_on as string | null },
      this.#tierDay,
    );
  }

  /**
   * Moves the FTS rows of each version of the document whose tier changed to rowids of the new tier (same
   * sequence). The index is contentless: the rows are re-segmented from the stored text. Call inside a transaction.
   */
  #retierDocument(documentId: string): void {
    const versions = this.#sql('SELECT id, tier FROM versions WHERE doc_id = ?').all(documentId) as Array<{
      id: string;
      tier: number;
    }>;
    for (const v of versions) {
      const tier = this.#tierOf(v.id);
      if (tier === v.tier) continue;
      this.#generation++;
      // (Not .pluck() on the shared statement: prepared statements are cached per SQL text.)
      const doc = this.#sql('SELECT title FROM docs WHERE id = ?').get(documentId) as { title: string } | undefined;
      const title = this.#titleTokens(doc?.title ?? '');
      const rows = this.#sql(
        'SELECT a.rid, a.akey, t.text FROM articles a JOIN article_texts t ON t.rid = a.rid WHERE a.version_id = ?',
      ).all(v.id) as Array<{
        rid: number;
        akey: string;
        text: string;
      }>;
      const del = this.#sql('DELETE FROM law_fts WHERE rowid = ?');
      const move = this.#sql('UPDATE articles SET rid = ? WHERE rid = ?');
      const moveText = this.#sql('UPDATE article_texts SET rid = ? WHERE rid = ?');
      const ins = this.#ftsInsert();
      for (const r of rows) {
        const rid = tier * 2 ** TIER_SHIFT + (r.rid % 2 ** TIER_SHIFT);
        del.run(r.rid);
        move.run(rid, r.rid);
        moveText.run(rid, r.rid);
        ins.run(rid, title, articleToken(r.akey), ...this.#bodyColumns(r.text));
      }
      this.#sql('UPDATE versions SET tier = ? WHERE id = ?').run(tier, v.id);
    }
  }

  /** superseded_on of each version = the effective date of the next version (by effective date, then id). */
  #supersede(documentId: string): void {
    const vs = this.#db
      .prepare('SELECT id, effective_on FROM versions WHERE doc_id = ? ORDER BY effective_on, id')
      .all(documentId) as Array<{ id: string; effective_on: string }>;
    const upd = this.#sql('UPDATE versions SET superseded_on = ? WHERE id = ?');
    vs.forEach((v, i) => upd.run(vs[i + 1]?.effective_on ?? null, v.id));
  }
}

function removeFiles(file: string): void {
  for (const f of [file, `${file}-journal`, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
}
