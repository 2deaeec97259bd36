import {
  createLawSynonymGroupRequest,
  lawSearchQuery,
  lawSearchResult,
  lawSuggestQuery,
  lawSuggestResult,
  lawSynonymGroup,
  lawSynonymGroupList,
  lawSynonymParams,
  updateLawSynonymGroupRequest,
} from '@yuanan/contracts';
import { callerOf } from '../../../core/http/client-info.ts';
import { defineRoute, type AnyRoute } from '../../../core/http/route.ts';
import { lawScope } from '../law-scope.ts';
import type { LawSearchService } from './law-search.service.ts';

/**
 * Law search routes (法规检索, tag 法规 Laws): search and suggestions for every role (`laws.view`), synonym groups
 * read by every role and edited by the safety office / platform operator (`laws.manage`). Tenant mode 'any': the
 * platform operator searches and edits the platform library's synonyms with the same routes.
 */
export function lawSearchRoutes(search: LawSearchService): AnyRoute[] {
  const tags = ['法规 Laws'];
  const synonyms = search.synonyms;
  return [
    defineRoute({
      method: 'get',
      path: '/laws/search',
      operationId: 'laws.search',
      summary:
        'Full-text search of articles (zone + platform library): words, "phrases", -exclusions, 第X条, 《title》; filters type, status as of asOf, issuer, documentId; highlighted snippets, title hits, did-you-mean, synonyms used (q: 1..200 characters, else 400 invalid_query)',
      tags,
      auth: 'laws.view',
      tenant: 'any',
      query: lawSearchQuery,
      response: lawSearchResult,
      handler: ({ ctx, query }) => search.search(callerOf(ctx).em, query),
    }),
    defineRoute({
      method: 'get',
      path: '/laws/suggest',
      operationId: 'laws.suggest',
      summary: 'Completions while typing: visible titles, domain terms and synonyms, the zone’s own past searches',
      tags,
      auth: 'laws.view',
      tenant: 'any',
      query: lawSuggestQuery,
      response: lawSuggestResult,
      handler: ({ ctx, query }) => search.suggest(callerOf(ctx).em, query.q),
    }),
    defineRoute({
      method: 'get',
      path: '/laws/synonyms',
      operationId: 'laws.synonyms.list',
      summary: 'Synonym groups that apply to the caller’s searches (the platform’s and the zone’s own; own ones editable)',
      tags,
      auth: 'laws.view',
      tenant: 'any',
      response: lawSynonymGroupList,
      handler: async ({ ctx }) => {
        const { em } = callerOf(ctx);
        return { items: await synonyms.list(em, await lawScope(em)) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/laws/synonyms',
      operationId: 'laws.synonyms.create',
      status: 201,
      summary: 'Adds a synonym group (2..20 terms; 特种作业 and 特殊作业 are never synonyms)',
      tags,
      auth: 'laws.manage',
      tenant: 'any',
      body: createLawSynonymGroupRequest,
      response: lawSynonymGroup,
      handler: async ({ ctx, body }) => {
        const { em } = callerOf(ctx);
        return synonyms.create(em, await lawScope(em), body);
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/laws/synonyms/:id',
      operationId: 'laws.synonyms.update',
      summary: 'Edits one of the caller’s own synonym groups (a platform group is read-only to a zone: 403)',
      tags,
      auth: 'laws.manage',
      tenant: 'any',
      params: lawSynonymParams,
      body: updateLawSynonymGroupRequest,
      response: lawSynonymGroup,
      handler: async ({ ctx, params, body }) => {
        const { em } = callerOf(ctx);
        return synonyms.update(em, await lawScope(em), params.id, body);
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/laws/synonyms/:id',
      operationId: 'laws.synonyms.delete',
      summary: 'Deletes one of the caller’s own synonym groups',
      tags,
      auth: 'laws.manage',
      tenant: 'any',
      params: lawSynonymParams,
      responseType: 'empty',
      status: 204,
      handler: async ({ ctx, params }) => {
        const { em } = callerOf(ctx);
        await synonyms.remove(em, await lawScope(em), params.id);
      },
    }),
  ];
}
