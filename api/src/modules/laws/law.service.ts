import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import {
  alignArticles,
  isOriginalText,
  localDate,
  parseLawText,
  versionInForceOn,
  versionStatusOn,
  type ParsedArticle,
} from '@yuanan/domain';
import {
  can,
  isEnterpriseRole,
  LAW_DOC_TYPES,
  LAW_ZONE_DOC_TYPES,
  LAW_DOC_TYPE_LABELS,
  type CreateLawDocumentRequest,
  type CreateLawVersionRequest,
  type LawArticleDetail,
  type LawDiffResult,
  type LawDocumentDetail,
  type LawDocumentHeader,
  type LawDocumentListItem,
  type LawDocumentsQuery,
  type LawFlaggedCitationRow,
  type LawCitedByRow,
  type LawStatus,
  type LawVersionDetail,
  type LawVersionSummary,
  type LawWriteResult,
  type UpdateLawDocumentRequest,
  type LawArticle as LawArticleDto,
} from '@yuanan/contracts';
import type { Container } from '../../core/container.ts';
import { currentActor, type Actor } from '../../core/context/request-scope.ts';
import { auditCreates, insertRows } from '../../core/db/bulk-write.ts';
import { compareAndSet } from '../../core/db/compare-and-set.ts';
import { uuidv7 } from '../../core/db/ids.ts';
import type { Em } from '../../core/db/orm.ts';
import { emTenantId } from '../../core/db/tenant-guard.ts';
import { AppError, t } from '../../core/http/problem.ts';
import { AuditLog } from '../../core/audit/audit.entity.ts';
import { Hazard } from '../hazards/hazard.entity.ts';
import { hazardWhere } from '../hazards/hazard-scope.ts';
import { LawArticle, LawCitation, LawDocument, LawVersion } from './law.entity.ts';
import { articleTextHash, guessMetadata, parserFormat, regulationFiles, textSha256 } from './law-import.ts';
import type { LawCitationService } from './law-citation.service.ts';
import { lawScope, type LawScope } from './law-scope.ts';

const DOC_NOT_FOUND = () => new AppError(404, 'not_found', t('未找到该法规', 'Law document not found'));
const VERSION_NOT_FOUND = () => new AppError(404, 'not_found', t('未找到该法规版本', 'Law version not found'));
const ARTICLE_NOT_FOUND = () => new AppError(404, 'not_found', t('该版本中没有这一条', 'No such article in this version'));
const READ_ONLY = () =>
  new AppError(
    403,
    'platform_document_read_only',
    t('平台法规库为只读：请上传本园区自己的文件', 'The platform library is read-only: upload a document of your own zone'),
  );
/** 409 `law_duplicate_title` when the caller's tenant already has a document of this title (another than `exceptId`). */
async function refuseDuplicateTitle(em: Em, title: string, exceptId?: string): Promise<void> {
  const same = await em.find(LawDocument, { title, ...(exceptId ? { id: { $ne: exceptId } } : {}) }, { fields: ['id'] });
  // A deleted document (no live version) does not hold its title.
  const dup = same.length
    ? await em.findOne(LawVersion, { documentId: { $in: same.map((d) => d.id) }, deletedAt: null }, { fields: ['id'] })
    : null;
  if (dup)
    throw new AppError(
      409,
      'law_duplicate_title',
      t(
        `已有同名的法规文件《${title}》：请上传为它的新版本`,
        `A document titled ${title} already exists: add a version to it instead`,
      ),
    );
}

/** 403 `law_doc_type_not_allowed` when a zone gives its own document a national type (法律, 行政法规, 部门规章). */
async function checkZoneDocType(em: Em, docType: string | undefined): Promise<void> {
  if (docType === undefined || (LAW_ZONE_DOC_TYPES as readonly string[]).includes(docType)) return;
  if ((await lawScope(em)).isPlatform) return;
  const allowed = LAW_ZONE_DOC_TYPES.map((x) => LAW_DOC_TYPE_LABELS[x]);
  throw new AppError(
    403,
    'law_doc_type_not_allowed',
    t(
      `园区文件只能选择：${allowed.map((x) => x.zh).join('、')}（法律、行政法规、部门规章由平台法规库提供）`,
      `A zone document is one of: ${allowed.map((x) => x.en).join(', ')} (laws, regulations and rules come from the platform library)`,
    ),
  );
}

const STALE = t('该法规已被他人修改，请刷新后重试', 'The document was changed meanwhile; reload and try again');

const iso = (d: Date) => d.toISOString();
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The docType order of lists: laws first, zone rules last (the hierarchy of 立法法). */
const TYPE_RANK = new Map<string, number>(LAW_DOC_TYPES.map((x, i) => [x, i]));

/**
 * The law library (法律法规, issue 13): reading documents, versions and articles (the platform's library and the
 * zone's own, through law-scope.ts), as-of status, diffs, uploads (parse → one transaction; any parse error → 422
 * with nothing saved), metadata, soft delete, cited-by, and the seed import. Every write that changes what search
 * sees (a version added or removed, a document's metadata) calls {@link notifyLawIndex}.
 */
export class LawService {
  readonly #c: Container;
  readonly citations: LawCitationService;
  /** Search index refresh hooks (search/ registers its refresh); called after each committed write. */
  readonly indexHooks: Array<() => void> = [];

  constructor(c: Container, citations: LawCitationService) {
    this.#c = c;
    this.citations = citations;
    citations.today = (em) => this.today(em);
  }

  /** Today in the caller's zone ('YYYY-MM-DD'). */
  async today(em: Em): Promise<string> {
    const id = emTenantId(em);
    const tz = (id ? await this.#c.tenants.byId(id) : null)?.timeZone ?? 'Asia/Shanghai';
    return localDate(new Date(), tz);
  }

  /** Tells the search index that versions changed (it re-reads from its watermark). Never throws. */
  notifyLawIndex(): void {
    for (const h of this.indexHooks) {
      try {
        h();
      } catch (e) {
        this.#c.logger.warn({ err: (e as Error).message }, 'law index hook failed');
      }
    }
  }

  // ---------------------------------------------------------------------------------------------------- reading

  #header(scope: LawScope, d: LawDocument): LawDocumentHeader {
    const actor = currentActor();
    return {
      id: d.id,
      title: d.title,
      docType: d.docType,
      issuingBody: d.issuingBody,
      docNumber: d.docNumber ?? null,
      repealedOn: d.repealedOn ?? null,
      scope: scope.scopeOf(d.tenantId),
      editable: d.tenantId === scope.tenantId && !!actor && can(actor.role, 'laws.manage'),
    };
  }

  #versionSummary(v: LawVersion, status: LawStatus): LawVersionSummary {
    return {
      id: v.id,
      documentId: v.documentId,
      label: v.label,
      title: v.title,
      docNumber: v.docNumber ?? null,
      promulgatedOn: v.promulgatedOn ?? null,
      effectiveOn: v.effectiveOn,
      articleCount: v.articleCount,
      sourceFormat: v.sourceFormat,
      status,
      createdByName: v.createdByName ?? null,
      createdAt: iso(v.createdAt),
      updatedAt: iso(v.updatedAt),
    };
  }

  /** Status of every live version of a document on `date`. */
  #statuses(doc: LawDocument, versions: LawVersion[], date: string): Map<string, LawStatus> {
    const dates = versions.map((v) => ({ id: v.id, effectiveOn: v.effectiveOn }));
    const opts = earliestOriginal(versions);
    return new Map(versions.map((v) => [v.id, versionStatusOn(dates, doc.repealedOn ?? null, v.id, date, opts)]));
  }

  /**
   * The version a list shows for a document on `date`: the one in force; else (repealed, or all superseded) the
   * latest that had taken effect; else (nothing in force yet) the earliest. Status is that version's.
   */
  #asOf(doc: LawDocument, versions: LawVersion[], date: string): { version: LawVersion | null; status: LawStatus } {
    if (!versions.length) return { version: null, status: 'not_yet_effective' };
    const dates = versions.map((v) => ({ id: v.id, effectiveOn: v.effectiveOn }));
    const cur = versionInForceOn(dates, doc.repealedOn ?? null, date);
    const v = versions.find((x) => x.id === cur) ?? versions.filter((x) => x.effectiveOn <= date).at(-1) ?? versions[0]!;
    return { version: v, status: versionStatusOn(dates, doc.repealedOn ?? null, v.id, date, earliestOriginal(versions)) };
  }

  async #liveVersions(em: Em, scope: LawScope, documentIds: string[]): Promise<Map<string, LawVersion[]>> {
    const out = new Map<string, LawVersion[]>(documentIds.map((id) => [id, []]));
    if (!documentIds.length) return out;
    const rows = await scope.find(
      em,
      LawVersion,
      { documentId: { $in: documentIds }, deletedAt: null },
      { orderBy: { effectiveOn: 'asc', createdAt: 'asc' }, exclude: ['preface', 'structure'] as never },
    );
    for (const v of rows) out.get(v.documentId)?.push(v);
    return out;
  }

  /** `GET /laws/documents`: visible documents with the version and status as of the date, filtered, paged. */
  async listDocuments(em: Em, q: LawDocumentsQuery) {
    const scope = await lawScope(em);
    const date = q.asOf ?? (await this.today(em));
    const where: Record<string, unknown> = {};
    if (q.type?.length) where.docType = { $in: q.type };
    if (q.q) where.title = { $like: `%${likeEscape(q.q)}%` };
    if (q.issuer) where.issuingBody = { $like: `%${likeEscape(q.issuer)}%` };
    if (q.scope === 'platform') where.tenantId = scope.platformId ?? '-';
    if (q.scope === 'zone') where.tenantId = scope.tenantId;
    // `scope.find` adds tenant_id IN (…); a narrower tenant condition is combined with it.
    const docs = await scope.find(em, LawDocument, where);
    const versions = await this.#liveVersions(
      em,
      scope,
      docs.map((d) => d.id),
    );
    // A document without a live version was deleted (deleteDocument): gone from the list.
    let rows: LawDocumentListItem[] = docs
      .filter((d) => versions.get(d.id)?.length)
      .map((d) => {
        const vs = versions.get(d.id) ?? [];
        const { version, status } = this.#asOf(d, vs, date);
        return {
          ...this.#header(scope, d),
          status,
          versionId: version?.id ?? null,
          versionLabel: version?.label ?? null,
          effectiveOn: version?.effectiveOn ?? null,
          articleCount: version?.articleCount ?? 0,
          versionCount: vs.length,
          updatedAt: iso(d.updatedAt),
        };
      });
    if (q.status) rows = rows.filter((r) => r.status === q.status);
    rows.sort(
      (a, b) => (TYPE_RANK.get(a.docType) ?? 99) - (TYPE_RANK.get(b.docType) ?? 99) || a.title.localeCompare(b.title, 'zh-CN'),
    );
    const start = (q.page - 1) * q.pageSize;
    return { items: rows.slice(start, start + q.pageSize), total: rows.length, page: q.page, pageSize: q.pageSize, asOf: date };
  }

  async #visibleDoc(em: Em, scope: LawScope, id: string): Promise<LawDocument> {
    const d = await scope.findOne(em, LawDocument, { id });
    if (!d || !(await scope.findOne(em, LawVersion, { documentId: id, deletedAt: null }))) throw DOC_NOT_FOUND();
    return d;
  }

  async #visibleVersion(em: Em, scope: LawScope, id: string): Promise<LawVersion> {
    const v = await scope.findOne(em, LawVersion, { id, deletedAt: null });
    if (!v) throw VERSION_NOT_FOUND();
    return v;
  }

  /** `GET /laws/documents/:id`: the document, its versions with today's status, the version in force on `asOf`. */
  async documentDetail(em: Em, id: string, asOf?: string): Promise<LawDocumentDetail> {
    const scope = await lawScope(em);
    const today = await this.today(em);
    const d = await this.#visibleDoc(em, scope, id);
    const vs = (await this.#liveVersions(em, scope, [id])).get(id) ?? [];
    const st = this.#statuses(d, vs, today);
    const dates = vs.map((v) => ({ id: v.id, effectiveOn: v.effectiveOn }));
    return {
      ...this.#header(scope, d),
      version: d.version,
      createdAt: iso(d.createdAt),
      updatedAt: iso(d.updatedAt),
      versions: vs.map((v) => this.#versionSummary(v, st.get(v.id)!)),
      asOf: asOf ?? today,
      versionIdAsOf: versionInForceOn(dates, d.repealedOn ?? null, asOf ?? today),
      currentVersionId: versionInForceOn(dates, d.repealedOn ?? null, today),
    };
  }

  #articleDto(a: LawArticle): LawArticleDto {
    return {
      articleKey: a.articleKey,
      number: a.number,
      suffix: a.suffix,
      label: a.label,
      path: a.path,
      paragraphs: a.paragraphs,
      text: a.text,
      ordinal: a.ordinal,
    };
  }

  /** `GET /laws/versions/:id`: the full reading view (structure and every article). */
  async versionDetail(em: Em, id: string, asOf?: string): Promise<LawVersionDetail> {
    const scope = await lawScope(em);
    const date = asOf ?? (await this.today(em));
    const v = await this.#visibleVersion(em, scope, id);
    const d = await this.#visibleDoc(em, scope, v.documentId);
    const vs = (await this.#liveVersions(em, scope, [d.id])).get(d.id) ?? [];
    const st = this.#statuses(d, vs, date);
    const articles = await scope.find(em, LawArticle, { versionId: id }, { orderBy: { ordinal: 'asc' } });
    return {
      ...this.#versionSummary(v, st.get(v.id)!),
      document: this.#header(scope, d),
      preface: v.preface,
      structure: v.structure,
      articles: articles.map((a) => this.#articleDto(a)),
      currentVersionId: versionInForceOn(
        vs.map((x) => ({ id: x.id, effectiveOn: x.effectiveOn })),
        d.repealedOn ?? null,
        date,
      ),
      versions: vs.map((x) => this.#versionSummary(x, st.get(x.id)!)),
    };
  }

  /** `GET /laws/versions/:id/articles/:key`: one article, its status and (when amended) the in-force counterpart. */
  async articleDetail(em: Em, versionId: string, key: string, asOf?: string): Promise<LawArticleDetail> {
    const scope = await lawScope(em);
    const date = asOf ?? (await this.today(em));
    const v = await this.#visibleVersion(em, scope, versionId);
    const dv = (await this.citations.documentsWithVersions(em, scope, [v.documentId])).get(v.documentId);
    if (!dv) throw DOC_NOT_FOUND();
    const a = await scope.findOne(em, LawArticle, { versionId, articleKey: key });
    if (!a) throw ARTICLE_NOT_FOUND();
    const [prev, next] = await Promise.all([
      scope.find(
        em,
        LawArticle,
        { versionId, ordinal: { $lt: a.ordinal } },
        { orderBy: { ordinal: 'desc' }, limit: 1, fields: ['articleKey'] },
      ),
      scope.find(
        em,
        LawArticle,
        { versionId, ordinal: { $gt: a.ordinal } },
        { orderBy: { ordinal: 'asc' }, limit: 1, fields: ['articleKey'] },
      ),
    ]);
    const st = this.#statuses(dv.doc, dv.versions, date);
    const s = await this.citations.stateOf(em, scope, dv, v, a, date);
    return {
      article: this.#articleDto(a),
      version: this.#versionSummary(v, st.get(v.id)!),
      document: this.#header(scope, dv.doc),
      status: st.get(v.id)!,
      currentVersionId: s.currentVersionId,
      currentArticleKey: s.currentArticleKey,
      prevKey: prev[0]?.articleKey ?? null,
      nextKey: next[0]?.articleKey ?? null,
    };
  }

  /** `GET /laws/versions/:a/diff/:b`: article-level comparison a → b (same document only, else 400). */
  async diff(em: Em, aId: string, bId: string): Promise<LawDiffResult> {
    const scope = await lawScope(em);
    const today = await this.today(em);
    const [a, b] = await Promise.all([this.#visibleVersion(em, scope, aId), this.#visibleVersion(em, scope, bId)]);
    if (a.documentId !== b.documentId)
      throw new AppError(
        400,
        'validation_failed',
        t('只能比较同一法规的两个版本', 'Only two versions of the same document can be compared'),
      );
    const dv = (await this.citations.documentsWithVersions(em, scope, [a.documentId])).get(a.documentId);
    if (!dv) throw DOC_NOT_FOUND();
    const [as, bs] = await Promise.all([
      scope.find(em, LawArticle, { versionId: aId }, { orderBy: { ordinal: 'asc' } }),
      scope.find(em, LawArticle, { versionId: bId }, { orderBy: { ordinal: 'asc' } }),
    ]);
    const aBy = new Map(as.map((x) => [x.articleKey, x]));
    const bBy = new Map(bs.map((x) => [x.articleKey, x]));
    const rows = alignArticles(
      as.map((x) => ({ key: x.articleKey, text: x.text })),
      bs.map((x) => ({ key: x.articleKey, text: x.text })),
    ).map((r) => {
      const x = r.aKey ? aBy.get(r.aKey) : undefined;
      const y = r.bKey ? bBy.get(r.bKey) : undefined;
      return {
        kind: r.kind,
        aKey: r.aKey ?? null,
        bKey: r.bKey ?? null,
        aLabel: x?.label ?? null,
        bLabel: y?.label ?? null,
        aText: x?.text ?? null,
        bText: y?.text ?? null,
        parts: r.parts ?? null,
      };
    });
    const counts = { same: 0, changed: 0, added: 0, removed: 0, moved: 0 };
    for (const r of rows) counts[r.kind]++;
    const st = this.#statuses(dv.doc, dv.versions, today);
    return {
      a: this.#versionSummary(a, st.get(a.id)!),
      b: this.#versionSummary(b, st.get(b.id)!),
      document: this.#header(scope, dv.doc),
      rows,
      counts,
    };
  }

  // ---------------------------------------------------------------------------------------------------- writing

  /** Parses a version's text for saving: any parse error → 422 `law_parse_failed` with every error by line. */
  #parseForSave(body: CreateLawVersionRequest): ReturnType<typeof parseLawText> {
    const parsed = parseLawText(body.text, { format: parserFormat(body.format) });
    if (parsed.errors.length) {
      throw new AppError(
        422,
        'law_parse_failed',
        t(
          `文本有 ${parsed.errors.length} 处错误（第 ${parsed.errors
            .map((e) => e.line)
            .slice(0, 10)
            .join('、')} 行），未保存任何内容`,
          `${parsed.errors.length} error(s) in the text (line ${parsed.errors
            .map((e) => e.line)
            .slice(0, 10)
            .join(', ')}); nothing was saved`,
        ),
        {
          errors: parsed.errors.slice(0, 100).map((e) => ({
            path: `version.text.line.${e.line}`,
            code: e.code,
            message: t(`第 ${e.line} 行：${e.message.zh}`, `Line ${e.line}: ${e.message.en}`),
          })),
        },
      );
    }
    return parsed;
  }

  /** 409 `law_duplicate_import` when this exact text is already a live version in the caller's tenant. */
  async #refuseDuplicate(em: Em, sha: string): Promise<void> {
    const dup = await em.findOne(LawVersion, { sourceSha256: sha, deletedAt: null }, { fields: ['id', 'documentId', 'title'] });
    if (dup)
      throw new AppError(
        409,
        'law_duplicate_import',
        t(`相同的文本已导入过（${dup.title}）`, `The same text is already in the library (${dup.title})`),
      );
  }

  /**
   * Inserts a version and its articles in `tx` (articles in multi-row statements: a law has up to ~1,300). The
   * version row is audited through the ORM; the articles get one audit row each in bulk (auditCreates) without
   * their text, which the version's sha256 pins.
   */
  async #insertVersion(
    tx: Em,
    documentId: string,
    title: string,
    body: CreateLawVersionRequest,
    parsed: ReturnType<typeof parseLawText>,
    actor: Actor | null,
  ): Promise<LawVersion> {
    const v = tx.create(LawVersion, {
      documentId,
      label: body.label,
      title: body.title ?? title,
      docNumber: body.docNumber ?? null,
      promulgatedOn: body.promulgatedOn ?? null,
      effectiveOn: body.effectiveOn,
      preface: parsed.preface.slice(0, 20000),
      structure: parsed.nodes,
      articleCount: parsed.articles.length,
      sourceFormat: body.format,
      sourceSha256: textSha256(body.text),
      createdBy: actor?.actingAs?.platformUserId ?? actor?.userId ?? null,
      createdByName: actor?.name?.slice(0, 64) ?? null,
      deletedAt: null,
    } as never) as LawVersion;
    await tx.flush();
    const tenantId = emTenantId(tx)!;
    const now = new Date();
    const rows = parsed.articles.map((a: ParsedArticle, i: number) => ({
      id: uuidv7(),
      created_at: now,
      updated_at: now,
      tenant_id: tenantId,
      version_id: v.id,
      ordinal: i + 1,
      number: a.number,
      suffix: a.suffix,
      article_key: a.key,
      label: a.label,
      path: JSON.stringify(a.path),
      paragraphs: JSON.stringify(a.paragraphs),
      text: a.text,
      text_hash: articleTextHash(a.text),
    }));
    await insertRows(tx, 'law_articles', rows, 200);
    await auditCreates(
      tx,
      'LawArticle',
      rows.map((r) => ({
        id: r.id,
        scopeId: v.id,
        diff: { versionId: v.id, articleKey: r.article_key, label: r.label, textHash: r.text_hash },
      })),
    );
    return v;
  }

  /** `POST /laws/documents`: a document and its first version in one transaction (parse errors → 422, nothing saved). */
  async createDocument(em: Em, body: CreateLawDocumentRequest): Promise<LawWriteResult> {
    await checkZoneDocType(em, body.docType);
    await refuseDuplicateTitle(em, body.title);
    const parsed = this.#parseForSave(body.version);
    await this.#refuseDuplicate(em, textSha256(body.version.text));
    const actor = currentActor();
    const out = await em.transactional(async (tx) => {
      const d = tx.create(LawDocument, {
        title: body.title,
        docType: body.docType,
        issuingBody: body.issuingBody,
        docNumber: body.docNumber ?? null,
        repealedOn: null,
      } as never) as LawDocument;
      await tx.flush();
      const v = await this.#insertVersion(
        tx,
        d.id,
        body.title,
        { ...body.version, docNumber: body.version.docNumber ?? body.docNumber ?? null },
        parsed,
        actor,
      );
      return { documentId: d.id, versionId: v.id, articleCount: parsed.articles.length };
    });
    this.#afterCommit(em);
    return out;
  }

  /** Loads a document for writing: the caller's own (tenant em); a platform document → 403, anything else → 404. */
  async #ownDoc(em: Em, id: string): Promise<LawDocument> {
    const own = await em.findOne(LawDocument, { id });
    if (own) {
      // A deleted document (no live version) is not there to write to.
      if (!(await em.count(LawVersion, { documentId: id, deletedAt: null }))) throw DOC_NOT_FOUND();
      return own;
    }
    const scope = await lawScope(em);
    if (scope.platformId && !scope.isPlatform && (await scope.findOne(em, LawDocument, { id, tenantId: scope.platformId })))
      throw READ_ONLY();
    throw DOC_NOT_FOUND();
  }

  /** `POST /laws/documents/:id/versions`: a new version (amendment) of one's own document. */
  async addVersion(em: Em, documentId: string, body: CreateLawVersionRequest): Promise<LawWriteResult> {
    const d = await this.#ownDoc(em, documentId);
    const parsed = this.#parseForSave(body);
    await this.#refuseDuplicate(em, textSha256(body.text));
    const actor = currentActor();
    const out = await em.transactional(async (tx) => {
      const v = await this.#insertVersion(tx, d.id, d.title, body, parsed, actor);
      return { documentId: d.id, versionId: v.id, articleCount: parsed.articles.length };
    });
    this.#afterCommit(em);
    return out;
  }

  /** `PATCH /laws/documents/:id`: metadata and repeal date (optimistic `version`; stale → 409). */
  async updateDocument(em: Em, id: string, body: UpdateLawDocumentRequest): Promise<LawDocumentDetail> {
    await this.#ownDoc(em, id);
    await checkZoneDocType(em, body.docType);
    if (body.title !== undefined) await refuseDuplicateTitle(em, body.title, id);
    if (body.repealedOn) {
      // A document cannot be repealed before any text of it took effect (立法法: repeal ends a text in force).
      const first = await em.findOne(
        LawVersion,
        { documentId: id, deletedAt: null },
        { orderBy: { effectiveOn: 'asc' }, fields: ['effectiveOn'] },
      );
      if (first && body.repealedOn < first.effectiveOn)
        throw new AppError(
          400,
          'validation_failed',
          t(
            `废止日期不能早于最早版本的施行日期（${first.effectiveOn}）`,
            `The repeal date cannot be before the earliest version's effective date (${first.effectiveOn})`,
          ),
          {
            errors: [
              {
                path: 'repealedOn',
                code: 'repeal_before_effective',
                message: t(`不能早于 ${first.effectiveOn}`, `Not before ${first.effectiveOn}`),
              },
            ],
          },
        );
    }
    await compareAndSet<LawDocument, void>(em, {
      entity: LawDocument,
      where: { id },
      what: 'law',
      lost: () => new AppError(409, 'conflict', STALE),
      expect: (d) => (d.version !== body.version ? new AppError(409, 'conflict', STALE) : null),
      set: async (d, tx) => {
        if (body.title !== undefined) d.title = body.title;
        if (body.docType !== undefined) d.docType = body.docType;
        if (body.issuingBody !== undefined) d.issuingBody = body.issuingBody;
        if (body.docNumber !== undefined) d.docNumber = body.docNumber ?? null;
        if (body.repealedOn !== undefined) d.repealedOn = body.repealedOn ?? null;
        // The search index reads document fields through its versions' watermark: move it.
        await tx.nativeUpdate(LawVersion, { documentId: id }, { updatedAt: new Date() });
      },
    });
    this.#afterCommit(em);
    return this.documentDetail(em, id);
  }

  /**
   * `DELETE /laws/versions/:id`: soft delete (the index sees it go). Refused with 409 `law_version_cited` while any
   * record — in any zone, since zones cite the platform's versions — cites it, and 409 for a document's only version.
   */
  async deleteVersion(em: Em, id: string): Promise<void> {
    const v = await em.findOne(LawVersion, { id, deletedAt: null });
    if (!v) {
      const scope = await lawScope(em);
      if (
        scope.platformId &&
        !scope.isPlatform &&
        (await scope.findOne(em, LawVersion, { id, tenantId: scope.platformId, deletedAt: null }))
      )
        throw READ_ONLY();
      throw VERSION_NOT_FOUND();
    }
    // A count across tenants (no rows leave): citations live in the citing records' zones.
    const cited = await em.count(LawCitation, { versionId: id }, { filters: { tenant: false } });
    if (cited)
      throw new AppError(
        409,
        'law_version_cited',
        t(`该版本被 ${cited} 条记录引用，不能删除`, `${cited} record(s) cite this version; it cannot be deleted`),
      );
    const others = await em.count(LawVersion, { documentId: v.documentId, deletedAt: null, id: { $ne: id } });
    if (!others)
      throw new AppError(
        409,
        'conflict',
        t('这是该法规唯一的版本，不能删除', 'This is the only version of the document; it cannot be deleted'),
      );
    await compareAndSet<LawVersion, void>(em, {
      entity: LawVersion,
      where: { id, deletedAt: null },
      what: 'law',
      set: (row) => {
        row.deletedAt = new Date();
      },
    });
    this.#afterCommit(em);
  }

  /**
   * `DELETE /laws/documents/:id`: removes a mistaken document — soft: every version gets `deleted_at` (and a new
   * `updated_at`, the search index's watermark, so the index drops its articles); a document without a live
   * version is gone from every read. 409 `law_version_cited` while any record (in any zone) cites one of its versions.
   */
  async deleteDocument(em: Em, id: string): Promise<void> {
    const d = await this.#ownDoc(em, id);
    const versions = await em.find(LawVersion, { documentId: d.id, deletedAt: null });
    if (!versions.length) throw DOC_NOT_FOUND();
    const cited = await em.count(LawCitation, { versionId: { $in: versions.map((v) => v.id) } }, { filters: { tenant: false } });
    if (cited)
      throw new AppError(
        409,
        'law_version_cited',
        t(`该法规被 ${cited} 条记录引用，不能删除`, `${cited} record(s) cite this document; it cannot be deleted`),
      );
    await em.transactional(async (tx) => {
      const now = new Date();
      for (const v of await tx.find(LawVersion, { documentId: d.id, deletedAt: null })) {
        v.deletedAt = now;
        v.updatedAt = now;
      }
      const doc = await tx.findOneOrFail(LawDocument, { id: d.id });
      doc.updatedAt = now;
    });
    this.#afterCommit(em);
  }

  #afterCommit(em: Em): void {
    // The bulk-written article audit rows join the tenant's hash chain (the ORM's recorder does this for its own).
    const tenantId = emTenantId(em);
    if (tenantId) this.#c.audit.schedule(tenantId);
    this.notifyLawIndex();
  }

  // ---------------------------------------------------------------------------------------------------- citations

  /**
   * The citing rows the caller may see: hazards through the hazards module's own scope (hazard-scope.ts: an
   * enterprise user only its enterprise's, an inspector its contracts', a grid worker its grids'), checklist items
   * (zone templates, the office's working material) not to enterprise users. Without an actor (system work), all.
   */
  async #visibleCitations(em: Em, rows: LawCitation[]): Promise<LawCitation[]> {
    const actor = currentActor();
    if (!actor || !rows.length) return rows;
    const where = await hazardWhere(em, actor);
    const restricted = Object.keys(where).length > 0;
    const hazardIds = [...new Set(rows.filter((r) => r.sourceType === 'hazard').map((r) => r.sourceId))];
    let seen: Set<string> | null = null;
    if (restricted && hazardIds.length) {
      const ids: string[] = [];
      for (let i = 0; i < hazardIds.length; i += 1000) {
        const part = await em.find(Hazard, { $and: [where, { id: { $in: hazardIds.slice(i, i + 1000) } }] }, { fields: ['id'] });
        ids.push(...part.map((h) => h.id));
      }
      seen = new Set(ids);
    }
    const enterprise = isEnterpriseRole(actor.role);
    return rows.filter((r) => (r.sourceType === 'hazard' ? !seen || seen.has(r.sourceId) : !enterprise));
  }

  /** `GET /laws/versions/:id/articles/:key/cited-by`: the caller's zone's records citing the article (as far as the caller sees them). */
  async citedBy(em: Em, versionId: string, key: string): Promise<{ items: LawCitedByRow[] }> {
    const scope = await lawScope(em);
    await this.#visibleVersion(em, scope, versionId);
    const rows = await em.find(LawCitation, { versionId, articleKey: key }, { orderBy: { createdAt: 'desc' }, limit: 500 });
    return { items: (await this.#visibleCitations(em, rows)).map(citedByDto) };
  }

  /** `GET /laws/citations/flagged`: the zone's citing records (as far as the caller sees them) whose article is amended, repealed or missing. */
  async flagged(em: Em, q: { sourceType?: 'hazard' | 'checklist_item'; page: number; pageSize: number }) {
    const rows = await em
      .find(LawCitation, q.sourceType ? { sourceType: q.sourceType } : {}, {
        orderBy: { createdAt: 'desc' },
        limit: 10000,
      })
      .then((all) => this.#visibleCitations(em, all));
    const resolved = await this.citations.resolveMap(
      em,
      rows.map((r) => ({ versionId: r.versionId, articleKey: r.articleKey })),
    );
    const items: LawFlaggedCitationRow[] = [];
    for (const r of rows) {
      const c = resolved.get(`${r.versionId}#${r.articleKey}`);
      if (c && (c.state === 'amended' || c.state === 'repealed' || c.state === 'missing'))
        items.push({ ...citedByDto(r), citation: c });
    }
    const start = (q.page - 1) * q.pageSize;
    return { items: items.slice(start, start + q.pageSize), total: items.length, page: q.page, pageSize: q.pageSize };
  }

  // ---------------------------------------------------------------------------------------------------- seed import

  /**
   * Imports every `*.md` of `dir` (名称(YYYY-MM-DD).md, the national database's Markdown) into `em`'s tenant —
   * the platform library. Idempotent by the text's sha256: a file already imported (a version with that hash, even
   * one deleted since) is skipped. A document of the same title gets the file as a new version. A file with parse errors is
   * reported and skipped (nothing of it saved); the others still import.
   * A skipped file's document gets the type and issuing body guessed now when they differ (`corrected`): rows imported
   * by an older guess (特种设备安全监督检查办法 once typed 法律) are fixed by the next import or boot — unless a person
   * edited the document's metadata (an audited update with an actor), whose choice stands.
   */
  async importRegulationDir(
    em: Em,
    dir: string,
  ): Promise<{ imported: string[]; skipped: string[]; corrected: string[]; failed: { file: string; errors: string[] }[] }> {
    const files = await regulationFiles(dir);
    const imported: string[] = [];
    const skipped: string[] = [];
    const corrected: string[] = [];
    const failed: { file: string; errors: string[] }[] = [];
    for (const file of files) {
      const name = basename(file);
      const text = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
      const sha = textSha256(text);
      // Deleted versions count too: a seed text the operator removed is not brought back by the next boot.
      const known = await em.findOne(LawVersion, { sourceSha256: sha });
      if (known) {
        skipped.push(name);
        if (await this.#correctSeedMetadata(em, name, known)) corrected.push(name);
        continue;
      }
      const parsed = parseLawText(text, { format: 'markdown' });
      const g = guessMetadata(name, parsed);
      if (g.warnings.length)
        this.#c.logger.warn({ file: name, warnings: g.warnings }, 'law import: effective date is a fallback');
      const problems = [
        ...parsed.errors.map((e) => `第 ${e.line} 行：${e.message.zh}`),
        ...(!g.title ? ['没有标题'] : []),
        ...(!g.effectiveOn ? ['没有施行日期（文件名应为 名称(YYYY-MM-DD).md）'] : []),
      ];
      if (problems.length) {
        failed.push({ file: name, errors: problems });
        continue;
      }
      const title = g.title!;
      const body: CreateLawVersionRequest = {
        label: g.versionLabel ?? `${g.effectiveOn!.slice(0, 4)}年版`,
        title,
        docNumber: g.docNumber,
        promulgatedOn: g.promulgatedOn,
        effectiveOn: g.effectiveOn!,
        format: 'markdown',
        text,
      };
      await em.transactional(async (tx) => {
        let d = await tx.findOne(LawDocument, { title });
        if (!d) {
          d = tx.create(LawDocument, {
            title,
            docType: g.docType ?? 'law',
            issuingBody: g.issuingBody ?? '未注明',
            docNumber: g.docNumber,
            repealedOn: null,
          } as never) as LawDocument;
          await tx.flush();
        }
        await this.#insertVersion(tx, d.id, title, body, parsed, currentActor());
      });
      imported.push(name);
    }
    em.clear();
    if (imported.length || corrected.length) this.#afterCommit(em);
    return { imported, skipped, corrected, failed };
  }

  /**
   * Sets an already imported seed document's type and issuing body to the current guess (from the stored title and
   * preface of the version `known`) when they differ and no person edited its metadata. True when it changed a row.
   */
  async #correctSeedMetadata(
    em: Em,
    fileName: string,
    known: Pick<LawVersion, 'id' | 'documentId' | 'title' | 'preface'>,
  ): Promise<boolean> {
    const last = await em.findOne(LawArticle, { versionId: known.id }, { orderBy: { ordinal: 'desc' }, fields: ['text'] });
    const g = guessMetadata(fileName, { title: known.title, preface: known.preface, articles: last ? [last] : [] });
    const versionFixed = await this.#correctSeedVersion(em, known.id, g);
    const d = await em.findOne(LawDocument, { id: known.documentId });
    if (!d) return versionFixed;
    const docType = g.docType ?? d.docType;
    const issuingBody = g.issuingBody ?? d.issuingBody;
    if (d.docType === docType && d.issuingBody === issuingBody) return versionFixed;
    const handEdited = await em.count(AuditLog, {
      tenantId: d.tenantId,
      entityType: 'LawDocument',
      entityId: d.id,
      op: 'update',
      actorId: { $ne: null },
    });
    if (handEdited) return versionFixed;
    await em.transactional(async (tx) => {
      const row = await tx.findOneOrFail(LawDocument, { id: d.id });
      row.docType = docType;
      row.issuingBody = issuingBody;
      // The search index reads document fields through its versions' watermark: move it.
      await tx.nativeUpdate(LawVersion, { documentId: d.id }, { updatedAt: new Date() });
    });
    return true;
  }

  /**
   * Sets a seed version's label, promulgation and effective dates to the current reading of its text when they
   * differ (an older import took the file name's date: 特种设备安全法 2013-06-29 instead of its 2014-01-01). Versions
   * have no edit route, so no person's choice is overwritten. True when it changed the row.
   */
  async #correctSeedVersion(em: Em, id: string, g: ReturnType<typeof guessMetadata>): Promise<boolean> {
    if (!g.effectiveOn) return false;
    const v = await em.findOne(LawVersion, { id }, { fields: ['label', 'promulgatedOn', 'effectiveOn'] });
    if (!v) return false;
    const label = g.versionLabel ?? v.label;
    const promulgatedOn = g.promulgatedOn ?? v.promulgatedOn ?? null;
    if (v.label === label && v.effectiveOn === g.effectiveOn && (v.promulgatedOn ?? null) === promulgatedOn) return false;
    await em.transactional(async (tx) => {
      const row = await tx.findOneOrFail(LawVersion, { id });
      row.label = label;
      row.effectiveOn = g.effectiveOn!;
      row.promulgatedOn = promulgatedOn;
      // The search index's watermark (effective dates drive its as-of status).
      row.updatedAt = new Date();
    });
    return true;
  }
}

/**
 * Whether the earliest live version (versions sorted by effective date) is the document's original text, read
 * from its label (the seed import labels a version by the last event of its notes: '2021年修正' after an
 * amendment, '2013年公布' for an original text; domain `isOriginalText`). Before an amended earliest version an
 * older text was in force, just not stored → `not_in_library` instead of 尚未施行.
 */
function earliestOriginal(versions: readonly LawVersion[]): { earliestIsOriginal: boolean } {
  const first = [...versions].sort((a, b) => (a.effectiveOn < b.effectiveOn ? -1 : a.effectiveOn > b.effectiveOn ? 1 : 0))[0];
  return { earliestIsOriginal: !first || isOriginalText('', first.label) };
}

function citedByDto(r: LawCitation): LawCitedByRow {
  return {
    id: r.id,
    sourceType: r.sourceType,
    sourceId: r.sourceId,
    sourceLabel: r.sourceLabel,
    versionId: r.versionId,
    articleKey: r.articleKey,
    createdAt: iso(r.createdAt),
  };
}
