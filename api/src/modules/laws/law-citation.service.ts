import {
  articleLabel,
  alignArticles,
  normaliseLawTitle,
  parseArticleKey,
  parseCitationText,
  versionInForceOn,
  versionStatusOn,
} from '@yuanan/domain';
import type {
  LawCitationCandidate,
  LawCitationRef,
  LawCitationSourceType,
  LawCitationState,
  ResolvedLawCitation,
} from '@yuanan/contracts';
import type { Em } from '../../core/db/orm.ts';
import { AppError, t } from '../../core/http/problem.ts';
import { LawArticle, LawCitation, LawDocument, LawVersion } from './law.entity.ts';
import { lawScope, type LawScope } from './law-scope.ts';

/** Longest article text a resolved citation carries (hover cards, notices). */
const CITATION_TEXT_MAX = 2000;
/** Alignments kept in memory (versions are immutable once saved, so an alignment never goes stale). */
const ALIGN_CACHE_MAX = 200;

const refKey = (versionId: string, articleKey: string) => `${versionId}#${articleKey}`;
const clip = (s: string) => (s.length > CITATION_TEXT_MAX ? `${s.slice(0, CITATION_TEXT_MAX - 1)}…` : s);
const labelOfKey = (key: string) => {
  const k = parseArticleKey(key);
  return k ? articleLabel(k.number, k.suffix) : key;
};

/** A document with its live versions, as status computations need them. */
interface DocVersions {
  doc: LawDocument;
  versions: LawVersion[];
}

/**
 * Citations of law articles by other records (hazards, checklist items: "by reference", a version + an article).
 * Exposed to the other modules as `services.lawCitations`:
 * - `validate(em, refs)` — every ref must name a visible version and an existing article, else 422
 *   `law_citation_not_found` naming the bad ref (`errors[].path` = its index);
 * - `resolve(em, refs, asOf?)` — each ref with its document, label, text and state as of the date (in order);
 * - `sync(em, sourceType, sourceId, sourceLabel, refs)` — rewrites the reverse index rows of one citing record,
 *   in `em`'s transaction and the citing record's tenant.
 * Visibility is always the caller's: its own tenant and the platform library (law-scope.ts).
 */
export class LawCitationService {
  readonly #align = new Map<string, Map<string, string | null>>();
  /** Today in the caller's zone ('YYYY-MM-DD'); set by the module from the tenant's time zone. */
  today: (em: Em) => Promise<string> = async () => new Date().toISOString().slice(0, 10);

  /** Throws 422 `law_citation_not_found` when a ref names no visible version or no such article. */
  async validate(em: Em, refs: readonly LawCitationRef[], path = 'citations'): Promise<void> {
    if (!refs.length) return;
    const resolved = await this.resolve(em, refs);
    const bad = resolved.map((r, i) => ({ r, i })).filter((x) => !x.r.exists);
    if (!bad.length) return;
    throw new AppError(
      422,
      'law_citation_not_found',
      t(
        `引用的条文不存在：${bad.map((x) => `${x.r.articleLabel}（版本 ${x.r.versionId}）`).join('、')}`,
        `No such article: ${bad.map((x) => `${x.r.articleKey} of version ${x.r.versionId}`).join(', ')}`,
      ),
      {
        errors: bad.map((x) => ({
          path: `${path}.${x.i}`,
          code: 'law_citation_not_found',
          message: t(`未找到${x.r.articleLabel}`, `Article ${x.r.articleKey} not found in that version`),
        })),
      },
    );
  }

  /** Each ref resolved as of `asOf` (default today), in the order given. Unknown or invisible refs are `missing`. */
  async resolve(em: Em, refs: readonly LawCitationRef[], asOf?: string): Promise<ResolvedLawCitation[]> {
    if (!refs.length) return [];
    const map = await this.resolveMap(em, refs, asOf);
    return refs.map((r) => map.get(refKey(r.versionId, r.articleKey))!);
  }

  /** The same as {@link resolve}, keyed by `versionId#articleKey` (for lists: one query set for many records). */
  async resolveMap(em: Em, refs: readonly LawCitationRef[], asOf?: string): Promise<Map<string, ResolvedLawCitation>> {
    const scope = await lawScope(em);
    const date = asOf ?? (await this.today(em));
    const out = new Map<string, ResolvedLawCitation>();
    const versionIds = [...new Set(refs.map((r) => r.versionId))];
    const versions = versionIds.length ? await scope.find(em, LawVersion, { id: { $in: versionIds }, deletedAt: null }) : [];
    const byId = new Map(versions.map((v) => [v.id, v]));
    const docs = await this.documentsWithVersions(em, scope, [...new Set(versions.map((v) => v.documentId))]);
    const keys = [...new Set(refs.map((r) => r.articleKey))];
    const articles = versions.length
      ? await scope.find(em, LawArticle, { versionId: { $in: [...byId.keys()] }, articleKey: { $in: keys } })
      : [];
    const articleOf = new Map(articles.map((a) => [refKey(a.versionId, a.articleKey), a]));
    for (const r of refs) {
      const k = refKey(r.versionId, r.articleKey);
      if (out.has(k)) continue;
      const v = byId.get(r.versionId);
      const dv = v ? docs.get(v.documentId) : undefined;
      const a = articleOf.get(k);
      if (!v || !dv) {
        out.set(k, missing(r));
        continue;
      }
      const base = {
        versionId: r.versionId,
        articleKey: r.articleKey,
        documentId: dv.doc.id,
        documentTitle: dv.doc.title,
        docType: dv.doc.docType,
        versionLabel: v.label,
      };
      if (!a) {
        out.set(k, {
          ...base,
          articleLabel: labelOfKey(r.articleKey),
          text: '',
          exists: false,
          state: 'missing',
          currentVersionId: null,
          currentArticleKey: null,
        });
        continue;
      }
      const { state, currentVersionId, currentArticleKey } = await this.stateOf(em, scope, dv, v, a, date);
      out.set(k, {
        ...base,
        articleLabel: a.label,
        text: clip(a.text),
        exists: true,
        state,
        currentVersionId,
        currentArticleKey,
      });
    }
    return out;
  }

  /**
   * The state of article `a` of version `v` on `date`, and when a newer version is in force its matching article
   * there: same normalised text first (→ `amended_unchanged`), else the article-level alignment (domain
   * `alignArticles`, by text similarity) — `amended` either way when the text differs or nothing matches.
   */
  async stateOf(
    em: Em,
    scope: LawScope,
    dv: DocVersions,
    v: LawVersion,
    a: LawArticle,
    date: string,
  ): Promise<{ state: LawCitationState; currentVersionId: string | null; currentArticleKey: string | null }> {
    const dates = dv.versions.map((x) => ({ id: x.id, effectiveOn: x.effectiveOn }));
    const status = versionStatusOn(dates, dv.doc.repealedOn ?? null, v.id, date);
    if (status !== 'amended')
      return {
        // The cited version itself is not in force yet either way (not_in_library is a document list's nuance).
        state: status === 'not_in_library' ? 'not_yet_effective' : status,
        currentVersionId: status === 'in_force' ? v.id : null,
        currentArticleKey: status === 'in_force' ? a.articleKey : null,
      };
    const cur = versionInForceOn(dates, dv.doc.repealedOn ?? null, date);
    if (!cur) return { state: 'amended', currentVersionId: null, currentArticleKey: null };
    const same = await scope.findOne(em, LawArticle, { versionId: cur, textHash: a.textHash });
    if (same) return { state: 'amended_unchanged', currentVersionId: cur, currentArticleKey: same.articleKey };
    const matched = await this.counterpart(em, scope, v.id, cur, a.articleKey);
    return { state: 'amended', currentVersionId: cur, currentArticleKey: matched };
  }

  /** The key in version `b` of article `aKey` of version `a` (alignment by text; null when it was removed). */
  async counterpart(em: Em, scope: LawScope, a: string, b: string, aKey: string): Promise<string | null> {
    const cacheKey = `${a}>${b}`;
    let m = this.#align.get(cacheKey);
    if (!m) {
      const [as, bs] = await Promise.all([
        scope.find(em, LawArticle, { versionId: a }, { orderBy: { ordinal: 'asc' }, fields: ['articleKey', 'text'] }),
        scope.find(em, LawArticle, { versionId: b }, { orderBy: { ordinal: 'asc' }, fields: ['articleKey', 'text'] }),
      ]);
      m = new Map();
      for (const row of alignArticles(
        as.map((x) => ({ key: x.articleKey, text: x.text })),
        bs.map((x) => ({ key: x.articleKey, text: x.text })),
      )) {
        if (row.aKey) m.set(row.aKey, row.bKey ?? null);
      }
      if (this.#align.size >= ALIGN_CACHE_MAX) this.#align.delete(this.#align.keys().next().value!);
      this.#align.set(cacheKey, m);
    }
    return m.get(aKey) ?? null;
  }

  /** Visible documents by id with their live versions (oldest effective first). */
  async documentsWithVersions(em: Em, scope: LawScope, documentIds: string[]): Promise<Map<string, DocVersions>> {
    const out = new Map<string, DocVersions>();
    if (!documentIds.length) return out;
    const [docs, versions] = await Promise.all([
      scope.find(em, LawDocument, { id: { $in: documentIds } }),
      scope.find(
        em,
        LawVersion,
        { documentId: { $in: documentIds }, deletedAt: null },
        { orderBy: { effectiveOn: 'asc', createdAt: 'asc' } },
      ),
    ]);
    for (const d of docs) out.set(d.id, { doc: d, versions: [] });
    for (const v of versions) out.get(v.documentId)?.versions.push(v);
    return out;
  }

  /**
   * Replaces the reverse-index rows of one citing record with `refs` (deduplicated), in `em`'s tenant — call it in
   * the same transaction that saves the record. `sourceLabel` is what the cited-by list shows (hazard code, template
   * name + item key), cut to 200 characters.
   */
  async sync(
    em: Em,
    sourceType: LawCitationSourceType,
    sourceId: string,
    sourceLabel: string,
    refs: readonly LawCitationRef[],
  ): Promise<void> {
    await em.nativeDelete(LawCitation, { sourceType, sourceId });
    const seen = new Set<string>();
    for (const r of refs) {
      const k = refKey(r.versionId, r.articleKey);
      if (seen.has(k)) continue;
      seen.add(k);
      em.create(LawCitation, {
        sourceType,
        sourceId,
        sourceLabel: sourceLabel.slice(0, 200),
        versionId: r.versionId,
        articleKey: r.articleKey,
      } as never);
    }
    await em.flush();
  }

  /** Removes a record's rows from the reverse index (the record was deleted). */
  async clear(em: Em, sourceType: LawCitationSourceType, sourceId: string): Promise<void> {
    await em.nativeDelete(LawCitation, { sourceType, sourceId });
  }

  /**
   * Free-text legal basis ('《安全生产法》第二十一条、第二十二条') → candidate refs: each cited title matched to a visible
   * document by normalised title (domain `normaliseLawTitle`; the zone's own documents first), the version in force
   * on `asOf` (else the latest), and the article by number. Unmatched parts come back with `ref: null`.
   */
  async resolveText(em: Em, text: string, asOf?: string): Promise<LawCitationCandidate[]> {
    const cited = parseCitationText(text).slice(0, 50);
    if (!cited.length) return [];
    const scope = await lawScope(em);
    const date = asOf ?? (await this.today(em));
    const docs = await scope.find(em, LawDocument, {}, { fields: ['id', 'title', 'tenantId', 'repealedOn'] });
    const byTitle = new Map<string, LawDocument>();
    // The zone's own documents win over the platform's of the same title.
    for (const d of [...docs].sort((x, y) => Number(x.tenantId === scope.tenantId) - Number(y.tenantId === scope.tenantId)))
      byTitle.set(normaliseLawTitle(d.title), d);
    const wanted = [...new Set(cited.map((c) => byTitle.get(normaliseLawTitle(c.title))?.id).filter((x): x is string => !!x))];
    const dvs = await this.documentsWithVersions(em, scope, wanted);
    const pick = new Map<string, LawVersion>();
    for (const [id, dv] of dvs) {
      const cur = versionInForceOn(dv.versions, dv.doc.repealedOn ?? null, date);
      const v =
        dv.versions.find((x) => x.id === cur) ?? dv.versions.filter((x) => x.effectiveOn <= date).at(-1) ?? dv.versions.at(-1);
      if (v) pick.set(id, v);
    }
    const versionIds = [...pick.values()].map((v) => v.id);
    const arts = versionIds.length
      ? await scope.find(em, LawArticle, {
          versionId: { $in: versionIds },
          articleKey: { $in: [...new Set(cited.map((c) => (c.suffix ? `${c.number}-${c.suffix}` : String(c.number))))] },
        })
      : [];
    const artOf = new Map(arts.map((a) => [refKey(a.versionId, a.articleKey), a]));
    return cited.map((c) => {
      const key = c.suffix ? `${c.number}-${c.suffix}` : String(c.number);
      const doc = byTitle.get(normaliseLawTitle(c.title));
      const v = doc ? pick.get(doc.id) : undefined;
      const a = v ? artOf.get(refKey(v.id, key)) : undefined;
      return {
        title: c.title,
        number: c.number,
        suffix: c.suffix,
        articleLabel: articleLabel(c.number, c.suffix),
        ref: v && a ? { versionId: v.id, articleKey: key } : null,
        documentId: doc?.id ?? null,
        documentTitle: doc ? (dvs.get(doc.id)?.doc.title ?? doc.title) : null,
        versionLabel: v?.label ?? null,
        text: a ? clip(a.text) : null,
      };
    });
  }
}

function missing(r: LawCitationRef): ResolvedLawCitation {
  return {
    versionId: r.versionId,
    articleKey: r.articleKey,
    documentId: null,
    documentTitle: null,
    docType: null,
    versionLabel: null,
    articleLabel: labelOfKey(r.articleKey),
    text: '',
    exists: false,
    state: 'missing',
    currentVersionId: null,
    currentArticleKey: null,
  };
}
