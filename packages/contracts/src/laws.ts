import { z } from 'zod';
import { isoDate, isoDateTime, ref } from './common.ts';
import type { LocalText } from './messages.ts';

/*
 * The law library (法律法规在线查询, issue 13): documents (法规, the "work") → versions (版本: each promulgation or
 * amendment text) → structure nodes (编/章/节) → articles (条, incl. 第X条之一) → paragraphs (款) → items (项).
 * The platform library lives in the platform tenant and is read-only to zones; each zone adds its own documents.
 */

/** Document types (文件类别). */
export const LAW_DOC_TYPES = [
  'law',
  'administrative_regulation',
  'departmental_rule',
  'national_standard',
  'industry_standard',
  'local_regulation',
  'zone_rule',
] as const;
export type LawDocType = (typeof LAW_DOC_TYPES)[number];
export const LAW_DOC_TYPE_LABELS: Record<LawDocType, LocalText> = {
  law: { zh: '法律', en: 'Law' },
  administrative_regulation: { zh: '行政法规', en: 'Administrative regulation' },
  departmental_rule: { zh: '部门规章', en: 'Departmental rule' },
  national_standard: { zh: '国家标准', en: 'National standard' },
  industry_standard: { zh: '行业标准', en: 'Industry standard' },
  local_regulation: { zh: '地方性法规/规章', en: 'Local regulation' },
  zone_rule: { zh: '园区制度', en: 'Zone rule' },
};

/**
 * The types a zone may give its own documents: national laws, regulations and rules come from the platform library
 * (a zone's upload typed 法律 would be listed among the national laws). The platform operator uses every type.
 */
export const LAW_ZONE_DOC_TYPES = [
  'zone_rule',
  'local_regulation',
  'national_standard',
  'industry_standard',
] as const satisfies readonly LawDocType[];

/**
 * A version's status on a date (时效性), COMPUTED (never stored; domain `versionStatusOn`): `in_force` 现行有效,
 * `amended` 已修订 (a later version of the same document is in force), `repealed` 已废止 (the document's repeal
 * date has passed), `not_yet_effective` 尚未施行 (its effective date is still to come; the document did not exist yet),
 * `not_in_library` 未收录当时版本 (a date before the earliest stored version when that version is an amendment: an
 * older text was in force, not stored). 立法法: a text takes effect
 * on its stated date; an amended text replaces the former on its own effective date.
 */
export const LAW_STATUSES = ['in_force', 'amended', 'repealed', 'not_yet_effective', 'not_in_library'] as const;
export type LawStatus = (typeof LAW_STATUSES)[number];
export const LAW_STATUS_LABELS: Record<LawStatus, LocalText> = {
  in_force: { zh: '现行有效', en: 'In force' },
  amended: { zh: '已修订', en: 'Amended' },
  repealed: { zh: '已废止', en: 'Repealed' },
  not_yet_effective: { zh: '尚未施行', en: 'Not yet in force' },
  not_in_library: { zh: '未收录当时版本', en: 'Version of that date not in the library' },
};

/** Where a document lives: the platform's shared library (read-only to zones) or the zone's own. */
export const LAW_SCOPES = ['platform', 'zone'] as const;
export type LawScope = (typeof LAW_SCOPES)[number];
export const LAW_SCOPE_LABELS: Record<LawScope, LocalText> = {
  platform: { zh: '平台法规库', en: 'Platform library' },
  zone: { zh: '本园区', en: 'This zone' },
};

/** The text formats an upload may have; `docx` texts are converted to plain text (mammoth) and parsed as text. */
export const LAW_SOURCE_FORMATS = ['markdown', 'text', 'docx'] as const;
export type LawSourceFormat = (typeof LAW_SOURCE_FORMATS)[number];
/** Formats a pasted text may declare (a docx goes through the multipart upload of POST /laws/parse). */
export const LAW_TEXT_FORMATS = ['markdown', 'text'] as const;

/** Largest pasted law text (characters) and uploaded file (bytes). */
export const LAW_TEXT_MAX_CHARS = 2_000_000;
export const LAW_FILE_MAX_BYTES = 5 * 1024 * 1024;

/** Article key: "5" for 第五条, "5-1" for 第五条之一. The reader's anchor is `art-<key>`. */
export const LAW_ARTICLE_KEY_PATTERN = /^\d{1,4}(-\d{1,2})?$/;
export const lawArticleKey = z.string().regex(LAW_ARTICLE_KEY_PATTERN);
/** The page anchor of an article in the reader (`art-5`, `art-5-1`). */
export function lawArticleAnchor(articleKey: string): string {
  return `art-${articleKey}`;
}
/** The admin reader's permalink of an article (`/laws/read/<versionId>#art-5-1`). */
export function lawArticlePermalink(versionId: string, articleKey: string): string {
  return `/laws/read/${versionId}#${lawArticleAnchor(articleKey)}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Citations (引用): a record cites a specific version + article ("by reference").

/** A citation of one article of one version. */
export const lawCitationRef = z.strictObject({ versionId: ref('lawVersion'), articleKey: lawArticleKey });
export type LawCitationRef = z.infer<typeof lawCitationRef>;

/**
 * The state of a cited article as of a date: `in_force`; `amended` (a newer version is in force and the article's
 * text changed there, or it has no counterpart); `amended_unchanged` (newer version in force, same text: a soft
 * flag); `repealed`; `not_yet_effective`; `missing` (the version or article does not exist or is not visible).
 * `amended`, `repealed` and `missing` are flagged on the citing record (引用待复核).
 */
export const LAW_CITATION_STATES = [
  'in_force',
  'amended',
  'amended_unchanged',
  'repealed',
  'not_yet_effective',
  'missing',
] as const;
export type LawCitationState = (typeof LAW_CITATION_STATES)[number];
export const LAW_CITATION_STATE_LABELS: Record<LawCitationState, LocalText> = {
  in_force: { zh: '现行有效', en: 'In force' },
  amended: { zh: '已修订', en: 'Amended' },
  amended_unchanged: { zh: '已修订（本条未变）', en: 'Amended (article unchanged)' },
  repealed: { zh: '已废止', en: 'Repealed' },
  not_yet_effective: { zh: '尚未施行', en: 'Not yet in force' },
  missing: { zh: '条文不存在', en: 'Article not found' },
};
/** The states shown as a flag on the citing record (引用待复核). */
export const LAW_CITATION_FLAGGED_STATES: readonly LawCitationState[] = ['amended', 'repealed', 'missing'];
export function isFlaggedCitationState(state: LawCitationState): boolean {
  return LAW_CITATION_FLAGGED_STATES.includes(state);
}

/**
 * A citation resolved for display (hover card, notice document): the ref, the document and version it names, the
 * article label ('第五条之一') and plain text (≤ 2000 characters), and its state. When amended, `currentVersionId`/
 * `currentArticleKey` point at the in-force version's matching article (by text similarity; null when none).
 * For a `missing` ref the document fields are null and `text` is ''.
 */
export const resolvedLawCitation = z.object({
  versionId: z.string(),
  articleKey: z.string(),
  documentId: z.string().nullable(),
  documentTitle: z.string().nullable(),
  docType: z.enum(LAW_DOC_TYPES).nullable(),
  versionLabel: z.string().nullable(),
  articleLabel: z.string(),
  text: z.string(),
  exists: z.boolean(),
  state: z.enum(LAW_CITATION_STATES),
  currentVersionId: z.string().nullable(),
  currentArticleKey: z.string().nullable(),
});
export type ResolvedLawCitation = z.infer<typeof resolvedLawCitation>;

/** The kinds of records that cite articles (the reverse index `law_citations`). */
export const LAW_CITATION_SOURCE_TYPES = ['hazard', 'checklist_item'] as const;
export type LawCitationSourceType = (typeof LAW_CITATION_SOURCE_TYPES)[number];
export const LAW_CITATION_SOURCE_LABELS: Record<LawCitationSourceType, LocalText> = {
  hazard: { zh: '隐患', en: 'Hazard' },
  checklist_item: { zh: '检查项', en: 'Checklist item' },
};

export const resolveLawCitationsRequest = z
  .strictObject({ refs: z.array(lawCitationRef).min(1).max(50), asOf: isoDate.optional() })
  .meta({ examples: [{ refs: [{ versionId: '01936f3e-0000-7000-8000-000000000001', articleKey: '21' }] }] });
export type ResolveLawCitationsRequest = z.infer<typeof resolveLawCitationsRequest>;
export const resolveLawCitationsResponse = z.object({ items: z.array(resolvedLawCitation) });

/** `GET /laws/citations/resolve-text?text=《安全生产法》第二十一条`: the free-text legal basis linked to the library. */
export const resolveLawCitationTextQuery = z.strictObject({
  text: z
    .string()
    .max(1000)
    .meta({ examples: ['《安全生产法》第二十一条'] }),
  asOf: isoDate.optional(),
});
export const lawCitationCandidate = z.object({
  /** As written in the text. */
  title: z.string(),
  number: z.number().int(),
  suffix: z.number().int(),
  articleLabel: z.string(),
  /** The visible version in force on the date with this article; null when no document or article matches. */
  ref: lawCitationRef.nullable(),
  documentId: z.string().nullable(),
  documentTitle: z.string().nullable(),
  versionLabel: z.string().nullable(),
  text: z.string().nullable(),
});
export type LawCitationCandidate = z.infer<typeof lawCitationCandidate>;
export const resolveLawCitationTextResponse = z.object({ items: z.array(lawCitationCandidate) });

/** One citing record of an article (被引用), in the reader's zone. */
export const lawCitedByRow = z.object({
  id: z.string(),
  sourceType: z.enum(LAW_CITATION_SOURCE_TYPES),
  sourceId: z.string(),
  sourceLabel: z.string(),
  versionId: z.string(),
  articleKey: z.string(),
  createdAt: isoDateTime,
});
export type LawCitedByRow = z.infer<typeof lawCitedByRow>;
export const lawCitedByResponse = z.object({ items: z.array(lawCitedByRow) });

/** A citing record whose cited article is amended, repealed or missing (引用待复核). */
export const lawFlaggedCitationRow = lawCitedByRow.extend({ citation: resolvedLawCitation });
export type LawFlaggedCitationRow = z.infer<typeof lawFlaggedCitationRow>;
export const lawFlaggedCitationsQuery = z.strictObject({
  sourceType: z.enum(LAW_CITATION_SOURCE_TYPES).optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export const lawFlaggedCitationsResponse = z.object({
  items: z.array(lawFlaggedCitationRow),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

// ---------------------------------------------------------------------------------------------------------------
// Structure

export const LAW_NODE_KINDS = ['part', 'chapter', 'section'] as const;
export type LawNodeKind = (typeof LAW_NODE_KINDS)[number];

/** A structure node (编 part / 章 chapter / 节 section) with the range of article keys it holds. */
export interface LawNode {
  kind: LawNodeKind;
  /** '第一章' */
  label: string;
  /** '总则' */
  title: string;
  /** '第一章 总则' */
  heading: string;
  /** First and last article key inside (null for an empty node). */
  firstKey: string | null;
  lastKey: string | null;
  children: LawNode[];
}
export const lawNode: z.ZodType<LawNode> = z.lazy(() =>
  z.object({
    kind: z.enum(LAW_NODE_KINDS),
    label: z.string(),
    title: z.string(),
    heading: z.string(),
    firstKey: z.string().nullable(),
    lastKey: z.string().nullable(),
    children: z.array(lawNode),
  }),
);

/** An item (项) of a paragraph: label '（一）' and its text. */
export const lawItem = z.object({ label: z.string(), text: z.string() });
/** A paragraph (款) of an article with its items (项). */
export const lawParagraph = z.object({ text: z.string(), items: z.array(lawItem) });
export type LawParagraph = z.infer<typeof lawParagraph>;

/** An article (条) of a version. */
export const lawArticle = z.object({
  articleKey: z.string(),
  /** Arabic article number and 之X suffix (0 = none): 第五条之一 = 5, 1. */
  number: z.number().int(),
  suffix: z.number().int(),
  /** '第五条之一' */
  label: z.string(),
  /** Headings of the enclosing nodes, outermost first: ['第一章 总则']. */
  path: z.array(z.string()),
  paragraphs: z.array(lawParagraph),
  /** Plain text of the whole article (paragraphs joined by newlines, without the label). */
  text: z.string(),
  ordinal: z.number().int(),
});
export type LawArticle = z.infer<typeof lawArticle>;

// ---------------------------------------------------------------------------------------------------------------
// Documents and versions

/** A version in a list (the document's versions, the reader's switcher). `status` is as of today (or `asOf`). */
export const lawVersionSummary = z.object({
  id: z.string(),
  documentId: z.string(),
  label: z.string(),
  title: z.string(),
  docNumber: z.string().nullable(),
  promulgatedOn: isoDate.nullable(),
  effectiveOn: isoDate,
  articleCount: z.number().int(),
  sourceFormat: z.enum(LAW_SOURCE_FORMATS),
  status: z.enum(LAW_STATUSES),
  createdByName: z.string().nullable(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type LawVersionSummary = z.infer<typeof lawVersionSummary>;

/** The document fields every view carries. */
export const lawDocumentHeader = z.object({
  id: z.string(),
  title: z.string(),
  docType: z.enum(LAW_DOC_TYPES),
  issuingBody: z.string(),
  docNumber: z.string().nullable(),
  repealedOn: isoDate.nullable(),
  scope: z.enum(LAW_SCOPES),
  /** Whether the caller may edit it (its own tenant's document and `laws.manage`). */
  editable: z.boolean(),
});
export type LawDocumentHeader = z.infer<typeof lawDocumentHeader>;

/** `GET /laws/documents`: a row with the version in force (or else the latest effective) as of `asOf`. */
export const lawDocumentListItem = lawDocumentHeader.extend({
  /** The document's status as of the date (the status of `versionId`; `not_yet_effective` when none is yet). */
  status: z.enum(LAW_STATUSES),
  versionId: z.string().nullable(),
  versionLabel: z.string().nullable(),
  effectiveOn: isoDate.nullable(),
  articleCount: z.number().int(),
  versionCount: z.number().int(),
  updatedAt: isoDateTime,
});
export type LawDocumentListItem = z.infer<typeof lawDocumentListItem>;

const typeList = z
  .string()
  .max(400)
  .regex(/^[a-z_]+(,[a-z_]+)*$/)
  .transform((v) => v.split(','))
  .pipe(z.array(z.enum(LAW_DOC_TYPES)));

export const lawDocumentsQuery = z.strictObject({
  /** One type or several, comma-separated. */
  type: typeList.optional(),
  status: z.enum(LAW_STATUSES).optional(),
  /** Status as of this date (default today in the zone). */
  asOf: isoDate.optional(),
  /** Issuing body (substring). */
  issuer: z.string().trim().max(100).optional(),
  /** Title (substring). */
  q: z.string().trim().max(100).optional(),
  scope: z.enum(LAW_SCOPES).optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type LawDocumentsQuery = z.infer<typeof lawDocumentsQuery>;
export const lawDocumentList = z.object({
  items: z.array(lawDocumentListItem),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  asOf: isoDate,
});

export const lawDocumentDetailQuery = z.strictObject({ asOf: isoDate.optional() });
/** `GET /laws/documents/:id`: the document, its versions (oldest first) and the version in force on `asOf`. */
export const lawDocumentDetail = lawDocumentHeader.extend({
  /** Optimistic lock: send it back with PATCH. */
  version: z.number().int(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  versions: z.array(lawVersionSummary),
  asOf: isoDate,
  /** The version in force on `asOf` (null: none yet, or the document was repealed by then). */
  versionIdAsOf: z.string().nullable(),
  /** The version in force today. */
  currentVersionId: z.string().nullable(),
});
export type LawDocumentDetail = z.infer<typeof lawDocumentDetail>;

/** `GET /laws/versions/:id`: the full reading view. */
export const lawVersionDetail = lawVersionSummary.extend({
  document: lawDocumentHeader,
  /** The notes before `<!-- INFO END -->` (promulgation and amendment history). */
  preface: z.string(),
  structure: z.array(lawNode),
  articles: z.array(lawArticle),
  /** The document's version in force today (null: none). */
  currentVersionId: z.string().nullable(),
  /** The document's other versions, oldest first (the version switcher). */
  versions: z.array(lawVersionSummary),
});
export type LawVersionDetail = z.infer<typeof lawVersionDetail>;

export const lawVersionQuery = z.strictObject({ asOf: isoDate.optional() });

/** `GET /laws/versions/:id/articles/:key`: one article with its document and status. */
export const lawArticleDetail = z.object({
  article: lawArticle,
  version: lawVersionSummary,
  document: lawDocumentHeader,
  /** The version's status as of `asOf` (default today). */
  status: z.enum(LAW_STATUSES),
  /** When amended: the in-force version and its matching article (text similarity; null when none). */
  currentVersionId: z.string().nullable(),
  currentArticleKey: z.string().nullable(),
  /** The neighbours in this version (reader navigation). */
  prevKey: z.string().nullable(),
  nextKey: z.string().nullable(),
});
export type LawArticleDetail = z.infer<typeof lawArticleDetail>;

export const lawVersionParams = z.strictObject({ id: ref('lawVersion') });
export const lawArticleParams = z.strictObject({ id: ref('lawVersion'), key: lawArticleKey });
export const lawDocumentParams = z.strictObject({ id: ref('lawDocument') });
export const lawDiffParams = z.strictObject({ a: ref('lawVersion'), b: ref('lawVersion') });

// ---------------------------------------------------------------------------------------------------------------
// Diff between two versions of one document (article level)

export const LAW_DIFF_KINDS = ['same', 'changed', 'added', 'removed', 'moved'] as const;
export type LawDiffKind = (typeof LAW_DIFF_KINDS)[number];
export const LAW_DIFF_KIND_LABELS: Record<LawDiffKind, LocalText> = {
  same: { zh: '未变', en: 'Unchanged' },
  changed: { zh: '修改', en: 'Changed' },
  added: { zh: '新增', en: 'Added' },
  removed: { zh: '删除', en: 'Removed' },
  moved: { zh: '条序变化', en: 'Renumbered' },
};
/** A character-level piece of a changed article (jsdiff change object). */
export const lawDiffPart = z.object({
  value: z.string(),
  added: z.boolean().optional(),
  removed: z.boolean().optional(),
});
export const lawDiffRow = z.object({
  kind: z.enum(LAW_DIFF_KINDS),
  aKey: z.string().nullable(),
  bKey: z.string().nullable(),
  aLabel: z.string().nullable(),
  bLabel: z.string().nullable(),
  aText: z.string().nullable(),
  bText: z.string().nullable(),
  /** For `changed` (and `moved` with edits): the character diff from a to b. */
  parts: z.array(lawDiffPart).nullable(),
});
export type LawDiffRow = z.infer<typeof lawDiffRow>;
/** `GET /laws/versions/:a/diff/:b`: from version a to version b of the same document. */
export const lawDiffResult = z.object({
  a: lawVersionSummary,
  b: lawVersionSummary,
  document: lawDocumentHeader,
  rows: z.array(lawDiffRow),
  counts: z.object({
    same: z.number().int(),
    changed: z.number().int(),
    added: z.number().int(),
    removed: z.number().int(),
    moved: z.number().int(),
  }),
});
export type LawDiffResult = z.infer<typeof lawDiffResult>;

// ---------------------------------------------------------------------------------------------------------------
// Parse preview and upload

/** A parse error or warning with its 1-based line in the submitted text. */
export const lawParseIssue = z.object({
  line: z.number().int(),
  code: z.string(),
  message: z.object({ zh: z.string(), en: z.string() }),
});
export type LawParseIssueDto = z.infer<typeof lawParseIssue>;

/** An article as the preview lists it (the text without the paragraph split). */
export const lawParsedArticle = z.object({
  articleKey: z.string(),
  number: z.number().int(),
  suffix: z.number().int(),
  label: z.string(),
  path: z.array(z.string()),
  line: z.number().int(),
  text: z.string(),
});

/**
 * `POST /laws/parse`: the parse preview (nothing saved). `text` is what was parsed (for a .docx, the converted
 * text: send it back with `format` when saving). `guess` = metadata read from the file name, the `# 标题` and the
 * preface (null when not found). Save is possible when `errors` is empty.
 */
export const lawParseResult = z.object({
  format: z.enum(LAW_SOURCE_FORMATS),
  text: z.string(),
  title: z.string().nullable(),
  preface: z.string(),
  nodes: z.array(lawNode),
  articles: z.array(lawParsedArticle),
  articleCount: z.number().int(),
  errors: z.array(lawParseIssue),
  warnings: z.array(lawParseIssue),
  sha256: z.string(),
  guess: z.object({
    title: z.string().nullable(),
    docType: z.enum(LAW_DOC_TYPES).nullable(),
    issuingBody: z.string().nullable(),
    docNumber: z.string().nullable(),
    promulgatedOn: isoDate.nullable(),
    effectiveOn: isoDate.nullable(),
  }),
});
export type LawParseResult = z.infer<typeof lawParseResult>;

/** `POST /laws/parse` (JSON form; the multipart form sends `file` = .md/.txt/.docx ≤ 5 MB). */
export const lawParseRequest = z
  .strictObject({ format: z.enum(LAW_TEXT_FORMATS), text: z.string().min(1).max(LAW_TEXT_MAX_CHARS) })
  .meta({ examples: [{ format: 'markdown', text: '# 园区动火作业管理规定\n\n第一条 为了加强动火作业管理，制定本规定。' }] });
export type LawParseRequest = z.infer<typeof lawParseRequest>;

const lawDate = isoDate.refine((d) => d >= '1949-10-01' && d <= '2099-12-31', {
  message: '日期应在 1949-10-01 至 2099-12-31 之间',
});

/** A new version's text and dates. `format` 'docx' = text converted from a .docx by POST /laws/parse. */
export const createLawVersionRequest = z
  .strictObject({
    /** '2021年修正' */
    label: z.string().trim().min(1).max(60),
    /** Default: the document's title. */
    title: z.string().trim().min(1).max(200).optional(),
    docNumber: z.string().trim().max(100).nullable().optional(),
    promulgatedOn: lawDate.nullable().optional(),
    effectiveOn: lawDate,
    format: z.enum(LAW_SOURCE_FORMATS),
    text: z.string().min(1).max(LAW_TEXT_MAX_CHARS),
  })
  .meta({
    examples: [
      {
        label: '2026年修订',
        effectiveOn: '2026-07-01',
        format: 'markdown',
        text: '# 园区安全生产管理办法\n\n第一条 为了加强园区安全生产工作，制定本办法。',
      },
    ],
  });
export type CreateLawVersionRequest = z.infer<typeof createLawVersionRequest>;

/** `POST /laws/documents`: a document with its first version, saved in one transaction (parse errors → 422). */
export const createLawDocumentRequest = z
  .strictObject({
    title: z.string().trim().min(1).max(200),
    docType: z.enum(LAW_DOC_TYPES),
    issuingBody: z.string().trim().min(1).max(100),
    docNumber: z.string().trim().max(100).nullable().optional(),
    version: createLawVersionRequest,
  })
  .meta({
    examples: [
      {
        title: '园区危险作业管理规定',
        docType: 'zone_rule',
        issuingBody: '园区管委会',
        version: {
          label: '2026年版',
          effectiveOn: '2026-01-01',
          format: 'text',
          text: '第一条 为了规范园区危险作业，制定本规定。\n第二条 动火作业应当办理作业许可。',
        },
      },
    ],
  });
export type CreateLawDocumentRequest = z.infer<typeof createLawDocumentRequest>;

/** `PATCH /laws/documents/:id`: metadata and the repeal date (null = not repealed). */
export const updateLawDocumentRequest = z
  .strictObject({
    version: z.number().int(),
    title: z.string().trim().min(1).max(200).optional(),
    docType: z.enum(LAW_DOC_TYPES).optional(),
    issuingBody: z.string().trim().min(1).max(100).optional(),
    docNumber: z.string().trim().max(100).nullable().optional(),
    repealedOn: lawDate.nullable().optional(),
  })
  .meta({ examples: [{ version: 1, repealedOn: '2026-12-31' }] });
export type UpdateLawDocumentRequest = z.infer<typeof updateLawDocumentRequest>;

/** What a create or new-version write answers: the document and the version written. */
export const lawWriteResult = z.object({ documentId: z.string(), versionId: z.string(), articleCount: z.number().int() });
export type LawWriteResult = z.infer<typeof lawWriteResult>;

// ---------------------------------------------------------------------------------------------------------------
// Search (helper B's routes; the shapes are shared)

/**
 * `GET /laws/search`. `q` is checked by the api (1..200 characters after trim, no control characters) and refused
 * with 400 `invalid_query` — not by this schema, so a hostile query gets that code rather than a field error.
 */
export const lawSearchQuery = z.strictObject({
  q: z.string().max(100_000).optional(),
  /** One type or several, comma-separated. */
  type: typeList.optional(),
  status: z.enum(LAW_STATUSES).optional(),
  issuer: z.string().trim().max(100).optional(),
  asOf: isoDate.optional(),
  documentId: ref('lawDocument').optional(),
  page: z.coerce.number().int().min(1).max(1000).default(1),
  pageSize: z.coerce.number().int().min(1).max(50).default(20),
});
export type LawSearchQuery = z.infer<typeof lawSearchQuery>;
/** Search query limit after trim (characters). */
export const LAW_QUERY_MAX_CHARS = 200;

export const lawSearchHit = z.object({
  articleKey: z.string(),
  articleLabel: z.string(),
  path: z.array(z.string()),
  versionId: z.string(),
  versionLabel: z.string(),
  documentId: z.string(),
  documentTitle: z.string(),
  docType: z.enum(LAW_DOC_TYPES),
  issuingBody: z.string(),
  scope: z.enum(LAW_SCOPES),
  status: z.enum(LAW_STATUSES),
  effectiveOn: isoDate,
  /** HTML: the matched words in <mark>…</mark>, everything else escaped. */
  snippet: z.string(),
  score: z.number(),
});
export type LawSearchHit = z.infer<typeof lawSearchHit>;
export const lawSearchDocumentHit = z.object({
  documentId: z.string(),
  title: z.string(),
  docType: z.enum(LAW_DOC_TYPES),
  status: z.enum(LAW_STATUSES),
  versionId: z.string(),
});
export const lawSearchResult = z.object({
  /** Matching articles; counted up to a cap (1,000) in a big library, then `totalCapped` is true ("1000+"). */
  total: z.number().int(),
  totalCapped: z.boolean(),
  tookMs: z.number(),
  hits: z.array(lawSearchHit),
  documents: z.array(lawSearchDocumentHit),
  didYouMean: z.string().nullable(),
  expandedTerms: z.array(z.string()),
  /** No article had every word, so the hits have only some of them (at least two): show "relaxed" to the user. */
  relaxed: z.boolean().optional(),
});
export type LawSearchResult = z.infer<typeof lawSearchResult>;

export const lawSuggestQuery = z.strictObject({ q: z.string().max(100_000).optional() });
export const LAW_SUGGESTION_KINDS = ['title', 'term', 'history'] as const;
export const lawSuggestResult = z.object({
  suggestions: z.array(z.object({ text: z.string(), kind: z.enum(LAW_SUGGESTION_KINDS) })),
});
export type LawSuggestResult = z.infer<typeof lawSuggestResult>;

// ---------------------------------------------------------------------------------------------------------------
// Synonyms (同义词): editable data; the platform's groups and the zone's own both apply to a zone's searches.

const synonymTerm = z.string().trim().min(1).max(20);
export const lawSynonymGroup = z.object({
  id: z.string(),
  terms: z.array(z.string()),
  note: z.string().nullable(),
  scope: z.enum(LAW_SCOPES),
  editable: z.boolean(),
  updatedAt: isoDateTime,
});
export type LawSynonymGroup = z.infer<typeof lawSynonymGroup>;
export const lawSynonymGroupList = z.object({ items: z.array(lawSynonymGroup) });
export const createLawSynonymGroupRequest = z
  .strictObject({ terms: z.array(synonymTerm).min(2).max(20), note: z.string().trim().max(200).nullable().optional() })
  .meta({ examples: [{ terms: ['隐患', '事故隐患'], note: '口语与法定用语' }] });
export type CreateLawSynonymGroupRequest = z.infer<typeof createLawSynonymGroupRequest>;
export const updateLawSynonymGroupRequest = z
  .strictObject({
    terms: z.array(synonymTerm).min(2).max(20).optional(),
    note: z.string().trim().max(200).nullable().optional(),
  })
  .meta({ examples: [{ terms: ['危化品', '危险化学品'] }] });
export type UpdateLawSynonymGroupRequest = z.infer<typeof updateLawSynonymGroupRequest>;
export const lawSynonymParams = z.strictObject({ id: ref('lawSynonymGroup') });
