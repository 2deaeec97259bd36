import type { Orm } from '../../../core/db/orm.ts';
import type { Logger } from '../../../core/log/logger.ts';
import type { IndexedArticle, IndexedDocument, IndexedVersion, LawFtsIndex } from './fts-index.ts';

/** How far back each catch-up re-reads (ms): a transaction that stamped updated_at and committed later is seen. */
export const WATERMARK_OVERLAP_MS = 60_000;
/** At most one catch-up per this many ms on the search path (another process's writes show within about it). */
export const CATCH_UP_EVERY_MS = 1_000;
/** Versions whose articles are read in one query when building. */
const BUILD_BATCH = 100;

type Row = Record<string, unknown>;

const ms = (v: unknown): number => (v instanceof Date ? v.getTime() : new Date(String(v)).getTime());
const dateText = (v: unknown): string | null =>
  v == null ? null : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10);
const json = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

function toDocument(r: Row): IndexedDocument {
  return {
    id: r.id as string,
    tenantId: r.tenant_id as string,
    title: r.title as string,
    docType: r.doc_type as string,
    issuingBody: r.issuing_body as string,
    repealedOn: dateText(r.repealed_on),
    updatedMs: ms(r.updated_at),
  };
}
function toVersion(r: Row): IndexedVersion {
  return {
    id: r.id as string,
    documentId: r.document_id as string,
    tenantId: r.tenant_id as string,
    label: r.label as string,
    effectiveOn: dateText(r.effective_on) as string,
    updatedMs: ms(r.updated_at),
  };
}

const DOC_COLUMNS = 'id, tenant_id, title, doc_type, issuing_body, repealed_on, updated_at';
const VERSION_COLUMNS = 'id, tenant_id, document_id, label, effective_on, updated_at, deleted_at';

/**
 * Keeps a LawFtsIndex equal to MariaDB (the truth). `build()` reads everything (a fresh process); `catchUp()`
 * re-reads the documents and versions whose `updated_at` is at or after the watermark (or the start of the last read,
 * whichever is later) minus 60 s, re-indexes
 * those whose stamp differs from the indexed one (a soft-deleted version is removed). Every pass runs after the
 * previous one (one chain), so a `refresh()` asked after a commit always reads after that commit.
 *
 * The index holds every tenant's documents: this reads law tables across tenants on purpose (raw SQL, no tenant
 * filter); the tenant condition is applied on every search from the request scope.
 */
export class LawIndexSync {
  readonly #orm: Orm;
  readonly #index: LawFtsIndex;
  readonly #log: Logger | null;
  #chain: Promise<void> = Promise.resolve();
  #built = false;
  #building: Promise<void> | null = null;
  /** The greatest updated_at (ms) seen so far, per table. */
  #wmVersions = 0;
  #wmDocs = 0;
  /** When the last pass started (ms). */
  #lastPass = 0;
  /** When the last successful read of the tables started (ms, this process's clock). */
  #lastRead = 0;
  #closed = false;

  constructor(orm: Orm, index: LawFtsIndex, logger: Logger | null = null) {
    this.#orm = orm;
    this.#index = index;
    this.#log = logger;
  }

  /** Whether the first full build has finished. */
  get built(): boolean {
    return this.#built;
  }

  /**
   * Makes the index current enough to search: builds it on first use, then catches up at most once a second
   * (CATCH_UP_EVERY_MS). Concurrent callers share the pass in flight.
   */
  async ensureFresh(): Promise<void> {
    if (!this.#built) return this.#build();
    if (Date.now() - this.#lastPass < CATCH_UP_EVERY_MS) return this.#chain;
    return this.#enqueue();
  }

  /**
   * Re-reads what changed now, whatever the throttle: call it after a write to the law tables has COMMITTED, so
   * this process's next search sees the write.
   */
  async refresh(): Promise<void> {
    // A build in flight may have read before the write: catch up after it anyway.
    if (!this.#built) await this.#build();
    return this.#enqueue();
  }

  /** Stops: later passes do nothing (the index is closed by its owner). */
  close(): void {
    this.#closed = true;
  }

  #enqueue(): Promise<void> {
    this.#lastPass = Date.now();
    const run = this.#chain.then(() => this.#catchUp());
    // The chain never stays rejected: a failed pass is logged and the next one retries from the same watermark.
    this.#chain = run.catch((e: unknown) => this.#log?.error({ err: e }, 'law index catch-up failed'));
    return run;
  }

  #build(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#building ??= (async () => {
      const started = Date.now();
      this.#lastPass = started;
      const readAt = started;
      const docs = (await this.#sql(`SELECT ${DOC_COLUMNS} FROM law_documents`)).map(toDocument);
      const versions = await this.#sql(`SELECT ${VERSION_COLUMNS} FROM law_versions`);
      if (this.#closed) return;
      this.#index.batch(() => {
        for (const d of docs) {
          this.#index.putDocument(d);
          this.#wmDocs = Math.max(this.#wmDocs, d.updatedMs);
        }
      });
      const live: IndexedVersion[] = [];
      for (const r of versions) {
        this.#wmVersions = Math.max(this.#wmVersions, ms(r.updated_at));
        if (r.deleted_at == null) live.push(toVersion(r));
      }
      // Latest first: an older version then arrives already superseded and is written at its final scan tier (no
      // re-tiering, which re-segments its articles).
      live.sort((a, b) => (a.effectiveOn < b.effectiveOn ? 1 : a.effectiveOn > b.effectiveOn ? -1 : 0));
      await this.#indexVersions(live);
      if (this.#closed) return;
      this.#lastRead = readAt;
      this.#built = true;
      const s = this.#index.stats();
      this.#log?.info({ ...s, ms: Date.now() - started, file: this.#index.file }, 'law index built');
    })();
    // A failed build (database down) is retried by the next search.
    this.#building.catch(() => (this.#building = null));
    return this.#building;
  }

  async #catchUp(): Promise<void> {
    if (this.#closed) return;
    // A new day: versions whose effective or repeal date passed move to their scan tier.
    this.#index.retierIfNewDay();
    // A row not seen by the last read committed after that read began, so it was stamped at most the overlap
    // before it (transaction time and clock skew): the window starts at the later of the watermark and the last
    // read, minus the overlap. Without the last read, a bulk import would be re-read every second until the next
    // write moved the watermark.
    const readAt = Date.now();
    const sinceDocs = new Date(Math.max(0, Math.max(this.#wmDocs, this.#lastRead) - WATERMARK_OVERLAP_MS));
    const sinceVersions = new Date(Math.max(0, Math.max(this.#wmVersions, this.#lastRead) - WATERMARK_OVERLAP_MS));
    const docs = (await this.#sql(`SELECT ${DOC_COLUMNS} FROM law_documents WHERE updated_at >= ?`, [sinceDocs])).map(toDocument);
    const versions = await this.#sql(`SELECT ${VERSION_COLUMNS} FROM law_versions WHERE updated_at >= ?`, [sinceVersions]);
    if (this.#closed) return;
    for (const d of docs) {
      if (this.#index.documentStamp(d.id) !== d.updatedMs) this.#index.putDocument(d);
      this.#wmDocs = Math.max(this.#wmDocs, d.updatedMs);
    }
    const changed: IndexedVersion[] = [];
    for (const r of versions) {
      const v = toVersion(r);
      this.#wmVersions = Math.max(this.#wmVersions, v.updatedMs);
      if (r.deleted_at != null) {
        if (this.#index.versionStamp(v.id) !== null) this.#index.removeVersion(v.id);
      } else if (this.#index.versionStamp(v.id) !== v.updatedMs) changed.push(v);
    }
    // A version of a document this index has not seen (its row older than the overlap): read the document first.
    const missing = [...new Set(changed.map((v) => v.documentId))].filter((id) => this.#index.documentStamp(id) === null);
    if (missing.length)
      for (const r of await this.#sql(`SELECT ${DOC_COLUMNS} FROM law_documents WHERE id IN (${marks(missing)})`, missing))
        this.#index.putDocument(toDocument(r));
    await this.#indexVersions(changed);
    if (!this.#closed) this.#lastRead = readAt;
  }

  /** Reads the articles of the versions (by tenant, in batches) and puts each version with them. */
  async #indexVersions(versions: IndexedVersion[]): Promise<void> {
    const byTenant = new Map<string, IndexedVersion[]>();
    for (const v of versions) {
      const list = byTenant.get(v.tenantId);
      if (list) list.push(v);
      else byTenant.set(v.tenantId, [v]);
    }
    for (const [tenantId, list] of byTenant) {
      for (let i = 0; i < list.length; i += BUILD_BATCH) {
        const batch = list.slice(i, i + BUILD_BATCH);
        const ids = batch.map((v) => v.id);
        const rows = await this.#sql(
          `SELECT version_id, ordinal, article_key, label, path, text FROM law_articles
            WHERE tenant_id = ? AND version_id IN (${marks(ids)}) ORDER BY version_id, ordinal`,
          [tenantId, ...ids],
        );
        if (this.#closed) return;
        const articles = new Map<string, IndexedArticle[]>();
        for (const r of rows) {
          const a: IndexedArticle = {
            key: r.article_key as string,
            label: r.label as string,
            ordinal: Number(r.ordinal),
            path: json<string[]>(r.path),
            text: r.text as string,
          };
          const vid = r.version_id as string;
          const list = articles.get(vid);
          if (list) list.push(a);
          else articles.set(vid, [a]);
        }
        this.#index.batch(() => {
          for (const v of batch) {
            // The document may be missing if it was created after the documents were read: it comes next pass.
            if (this.#index.documentStamp(v.documentId) === null) continue;
            this.#index.putVersion(v, articles.get(v.id) ?? []);
          }
        });
      }
    }
  }

  #sql(sql: string, params: unknown[] = []): Promise<Row[]> {
    return this.#orm.em.getConnection().execute(sql, params, 'all') as Promise<Row[]>;
  }
}

const marks = (list: unknown[]) => list.map(() => '?').join(', ');
