import { z } from 'zod';
import {
  createLawDocumentRequest,
  createLawVersionRequest,
  LAW_TEXT_FORMATS,
  lawArticleDetail,
  lawArticleKey,
  lawCitedByResponse,
  lawDiffResult,
  lawDocumentDetail,
  lawDocumentDetailQuery,
  lawDocumentList,
  lawDocumentsQuery,
  lawFlaggedCitationsQuery,
  lawFlaggedCitationsResponse,
  lawParseRequest,
  lawParseResult,
  lawVersionDetail,
  lawVersionQuery,
  lawWriteResult,
  ref,
  resolveLawCitationsRequest,
  resolveLawCitationsResponse,
  resolveLawCitationTextQuery,
  resolveLawCitationTextResponse,
  updateLawDocumentRequest,
  LAW_FILE_MAX_BYTES,
} from '@yuanan/contracts';
import { readUpload } from '../../core/files/upload.ts';
import { readJsonBody } from '../../core/http/body.ts';
import { callerOf } from '../../core/http/client-info.ts';
import { defineRoute, type AnyRoute } from '../../core/http/route.ts';
import { parseInput } from '../../core/http/validate.ts';
import { parsePreview, uploadFormat, uploadText } from './law-import.ts';
import type { LawService } from './law.service.ts';

/** A 2,000,000-character text is up to ~6 MB of UTF-8 (3 bytes a Chinese character) plus JSON: the body cap. */
export const LAW_BODY_LIMIT = 8 * 1024 * 1024;

/**
 * The law library's routes (法规 Laws): reading for every role (`laws.view`), writing for the safety office and the
 * platform operator (`laws.manage`). Tenant mode 'any': the platform operator manages the platform library with the
 * same routes. Search, suggestions and synonyms are in search/ (helper routes of the same tag).
 */
export function lawRoutes(svc: LawService): AnyRoute[] {
  const tags = ['法规 Laws'];
  const docId = z.strictObject({ id: ref('lawDocument') });
  const versionId = z.strictObject({ id: ref('lawVersion') });
  const articleParams = z.strictObject({ id: ref('lawVersion'), key: lawArticleKey.meta({ examples: ['1'] }) });
  const citations = svc.citations;
  return [
    defineRoute({
      method: 'get',
      path: '/laws/documents',
      operationId: 'laws.documents.list',
      summary: 'Documents of the platform library and the zone, with the version and status as of a date',
      tags,
      auth: 'laws.view',
      tenant: 'any',
      query: lawDocumentsQuery,
      response: lawDocumentList,
      handler: ({ ctx, query }) => svc.listDocuments(callerOf(ctx).em, query),
    }),
    defineRoute({
      method: 'post',
      path: '/laws/documents',
      operationId: 'laws.documents.create',
      summary: 'A document with its first version (parsed; any parse error → 422 law_parse_failed, nothing saved)',
      tags,
      auth: 'laws.manage',
      tenant: 'any',
      idempotent: true,
      bodyLimit: LAW_BODY_LIMIT,
      body: createLawDocumentRequest,
      response: lawWriteResult,
      handler: ({ ctx, body }) => svc.createDocument(callerOf(ctx).em, body),
    }),
    defineRoute({
      method: 'get',
      path: '/laws/documents/:id',
      operationId: 'laws.documents.get',
      summary: 'A document, its versions (status today) and the version in force on asOf',
      tags,
      auth: 'laws.view',
      tenant: 'any',
      params: docId,
      query: lawDocumentDetailQuery,
      response: lawDocumentDetail,
      handler: ({ ctx, params, query }) => svc.documentDetail(callerOf(ctx).em, params.id, query.asOf),
    }),
    defineRoute({
      method: 'patch',
      path: '/laws/documents/:id',
      operationId: 'laws.documents.update',
      summary: "Edit a document's metadata or repeal date (version; stale → 409; platform documents read-only to zones)",
      tags,
      auth: 'laws.manage',
      tenant: 'any',
      params: docId,
      body: updateLawDocumentRequest,
      response: lawDocumentDetail,
      handler: ({ ctx, params, body }) => svc.updateDocument(callerOf(ctx).em, params.id, body),
    }),
    defineRoute({
      method: 'delete',
      path: '/laws/documents/:id',
      operationId: 'laws.documents.delete',
      summary: 'Remove a mistaken document and its versions (soft; 409 law_version_cited while any version is cited)',
      tags,
      auth: 'laws.manage',
      tenant: 'any',
      params: docId,
      responseType: 'empty',
      handler: ({ ctx, params }) => svc.deleteDocument(callerOf(ctx).em, params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/laws/documents/:id/versions',
      operationId: 'laws.versions.create',
      summary: 'A new version (amendment) of a document (parse errors → 422, nothing saved)',
      tags,
      auth: 'laws.manage',
      tenant: 'any',
      idempotent: true,
      bodyLimit: LAW_BODY_LIMIT,
      params: docId,
      body: createLawVersionRequest,
      response: lawWriteResult,
      handler: ({ ctx, params, body }) => svc.addVersion(callerOf(ctx).em, params.id, body),
    }),
    defineRoute({
      method: 'get',
      path: '/laws/versions/:id',
      operationId: 'laws.versions.get',
      summary: 'A version with its structure and every article (the reader)',
      tags,
      auth: 'laws.view',
      tenant: 'any',
      params: versionId,
      query: lawVersionQuery,
      response: lawVersionDetail,
      handler: ({ ctx, params, query }) => svc.versionDetail(callerOf(ctx).em, params.id, query.asOf),
    }),
    defineRoute({
      method: 'delete',
      path: '/laws/versions/:id',
      operationId: 'laws.versions.delete',
      summary: 'Remove a version (soft; 409 law_version_cited while cited, 409 for the only version)',
      tags,
      auth: 'laws.manage',
      tenant: 'any',
      params: versionId,
      responseType: 'empty',
      handler: ({ ctx, params }) => svc.deleteVersion(callerOf(ctx).em, params.id),
    }),
    defineRoute({
      method: 'get',
      path: '/laws/versions/:id/articles/:key',
      operationId: 'laws.articles.get',
      summary: 'One article with its document, status as of a date and the in-force counterpart when amended',
      tags,
      auth: 'laws.view',
      tenant: 'any',
      params: articleParams,
      query: lawVersionQuery,
      response: lawArticleDetail,
      handler: ({ ctx, params, query }) => svc.articleDetail(callerOf(ctx).em, params.id, params.key, query.asOf),
    }),
    defineRoute({
      method: 'get',
      path: '/laws/versions/:id/articles/:key/cited-by',
      operationId: 'laws.articles.citedBy',
      summary: "The zone's records citing this article (被引用)",
      tags,
      auth: 'laws.view',
      tenant: 'any',
      params: articleParams,
      response: lawCitedByResponse,
      handler: ({ ctx, params }) => svc.citedBy(callerOf(ctx).em, params.id, params.key),
    }),
    defineRoute({
      method: 'get',
      path: '/laws/versions/:a/diff/:b',
      operationId: 'laws.versions.diff',
      summary: 'Article-level comparison of two versions of one document (a → b)',
      tags,
      auth: 'laws.view',
      tenant: 'any',
      params: z.strictObject({ a: ref('lawVersion'), b: ref('lawVersion') }),
      response: lawDiffResult,
      handler: ({ ctx, params }) => svc.diff(callerOf(ctx).em, params.a, params.b),
    }),
    defineRoute({
      method: 'post',
      path: '/laws/parse',
      operationId: 'laws.parse',
      summary:
        'Parse preview, nothing saved: JSON { format, text } (≤ 2,000,000 characters) or multipart `file` (.md/.txt/.docx ≤ 5 MB)',
      tags,
      auth: 'laws.manage',
      tenant: 'any',
      bodyType: 'multipart',
      body: z.object({
        file: z.string().meta({ format: 'binary', description: '.md, .txt or .docx (≤ 5 MB)' }),
        format: z.enum(LAW_TEXT_FORMATS).optional(),
      }),
      response: lawParseResult,
      // A preview saves nothing: 200, not the 201 of a create.
      status: 200,
      handler: async ({ ctx, lang }) => {
        callerOf(ctx);
        if (ctx.is('application/json', 'application/*+json')) {
          const raw = await readJsonBody(ctx, LAW_BODY_LIMIT);
          const body = parseInput(lawParseRequest, raw === undefined ? {} : raw, 'body', lang);
          return parsePreview(body.text, body.format, null);
        }
        const up = await readUpload(ctx, LAW_FILE_MAX_BYTES);
        const format = uploadFormat(up.filename, up.data);
        const text = await uploadText(up.data, format);
        return parsePreview(text, format, up.filename);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/laws/citations/resolve',
      operationId: 'laws.citations.resolve',
      summary: 'Citations (version + article, ≤ 50) with their document, text and state (hover cards)',
      tags,
      auth: 'laws.view',
      tenant: 'any',
      body: resolveLawCitationsRequest,
      response: resolveLawCitationsResponse,
      handler: async ({ ctx, body }) => ({ items: await citations.resolve(callerOf(ctx).em, body.refs, body.asOf) }),
    }),
    defineRoute({
      method: 'get',
      path: '/laws/citations/resolve-text',
      operationId: 'laws.citations.resolveText',
      summary: 'Article references read from a free-text legal basis (《安全生产法》第二十一条) matched to the library',
      tags,
      auth: 'laws.view',
      tenant: 'any',
      query: resolveLawCitationTextQuery,
      response: resolveLawCitationTextResponse,
      handler: async ({ ctx, query }) => ({ items: await citations.resolveText(callerOf(ctx).em, query.text, query.asOf) }),
    }),
    defineRoute({
      method: 'get',
      path: '/laws/citations/flagged',
      operationId: 'laws.citations.flagged',
      summary: "The zone's citing records whose article is amended, repealed or missing (引用待复核)",
      tags,
      auth: 'laws.view',
      tenant: 'any',
      query: lawFlaggedCitationsQuery,
      response: lawFlaggedCitationsResponse,
      handler: ({ ctx, query }) => svc.flagged(callerOf(ctx).em, query),
    }),
  ];
}
