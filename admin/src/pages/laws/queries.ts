import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type * as C from '@yuanan/contracts';
import type { Query } from '@yuanan/sdk';
import { useApi } from '../../auth/session.tsx';
import { useScope } from '../../api/keys.ts';

/** Shapes of the law library's answers (type-only: nothing of zod reaches the bundle). */
export type LawSearchResult = C.LawSearchResult;
export type LawSearchHit = C.LawSearchHit;
export type LawDocumentListItem = C.LawDocumentListItem;
export type LawDocumentDetail = C.LawDocumentDetail;
export type LawVersionDetail = C.LawVersionDetail;
export type LawVersionSummary = C.LawVersionSummary;
export type LawArticle = C.LawArticle;
export type LawNode = C.LawNode;
export type LawDiffResult = C.LawDiffResult;
export type LawDiffRow = C.LawDiffRow;
export type LawParseResult = C.LawParseResult;
export type LawSynonymGroup = C.LawSynonymGroup;
export type LawCitedByRow = C.LawCitedByRow;
export type LawFlaggedCitationRow = C.LawFlaggedCitationRow;
export type LawWriteResult = C.LawWriteResult;
export type CreateLawDocument = C.CreateLawDocumentRequest;
export type CreateLawVersion = C.CreateLawVersionRequest;
export type UpdateLawDocument = C.UpdateLawDocumentRequest;

const KEY = 'laws';

/** Every law query of the scope is read again (a save changes lists, readers, search and flags). */
function useLawsInvalidate() {
  const scope = useScope();
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: [scope, KEY] });
}

/** `GET /laws/search`; `q` empty = no request. */
export function useLawSearch(q: Query, enabled: boolean) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, KEY, 'search', q],
    queryFn: () => api.get<LawSearchResult>('/laws/search', q),
    placeholderData: keepPreviousData,
    enabled,
    retry: false,
  });
}

/** `GET /laws/suggest?q=` (titles, terms, the zone's own past searches). */
export function useLawSuggest(q: string) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, KEY, 'suggest', q],
    queryFn: () => api.get<C.LawSuggestResult>('/laws/suggest', { q }),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
    retry: false,
  });
}

export function useLawDocuments(q: Query, enabled = true) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, KEY, 'documents', q],
    queryFn: () =>
      api.get<{ items: LawDocumentListItem[]; total: number; page: number; pageSize: number; asOf: string }>(
        '/laws/documents',
        q,
      ),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useLawDocument(id: string | undefined, asOf?: string) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, KEY, 'document', id, asOf ?? null],
    queryFn: () => api.get<LawDocumentDetail>(`/laws/documents/${id}`, { asOf }),
    enabled: !!id,
  });
}

export function useLawVersion(id: string | undefined) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, KEY, 'version', id],
    queryFn: () => api.get<LawVersionDetail>(`/laws/versions/${id}`),
    enabled: !!id,
    staleTime: 5 * 60_000,
    retry: false,
  });
}

/** Article-level diff from version a to version b (same document). */
export function useLawDiff(a: string | undefined, b: string | undefined) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, KEY, 'diff', a, b],
    queryFn: () => api.get<LawDiffResult>(`/laws/versions/${a}/diff/${b}`),
    enabled: !!a && !!b && a !== b,
    staleTime: 5 * 60_000,
  });
}

/** One article with its status and, when amended, the matching article of the version in force. */
export function useLawArticle(versionId: string | undefined, key: string | null, enabled = true) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, KEY, 'article', versionId, key],
    queryFn: () => api.get<C.LawArticleDetail>(`/laws/versions/${versionId}/articles/${key}`),
    enabled: enabled && !!versionId && !!key,
    staleTime: 5 * 60_000,
    retry: false,
  });
}

export function useCitedBy(versionId: string | undefined, key: string | null) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, KEY, 'cited-by', versionId, key],
    queryFn: () => api.get<{ items: LawCitedByRow[] }>(`/laws/versions/${versionId}/articles/${key}/cited-by`),
    enabled: !!versionId && !!key,
  });
}

export function useFlaggedCitations(q: Query, enabled = true) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, KEY, 'flagged', q],
    queryFn: () =>
      api.get<{ items: LawFlaggedCitationRow[]; total: number; page: number; pageSize: number }>('/laws/citations/flagged', q),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useSynonyms(enabled = true) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, KEY, 'synonyms'],
    queryFn: () => api.get<{ items: LawSynonymGroup[] }>('/laws/synonyms'),
    enabled,
  });
}

/** The parse preview: pasted text (JSON) or a file (multipart `file`); nothing is saved. */
export function useLawParse() {
  const api = useApi();
  return useMutation({
    mutationFn: (input: { format: 'markdown' | 'text'; text: string } | { file: File }) => {
      if ('file' in input) {
        const form = new FormData();
        form.append('file', input.file, input.file.name);
        return api.request<LawParseResult>('POST', '/laws/parse', { form, timeoutMs: 60_000 });
      }
      return api.request<LawParseResult>('POST', '/laws/parse', { body: input, timeoutMs: 60_000 });
    },
  });
}

/** Creates, new versions, metadata / repeal edits and version deletes; every law query is read again after. */
export function useLawMutations() {
  const api = useApi();
  const invalidate = useLawsInvalidate();
  const done = { onSuccess: () => void invalidate() };
  return {
    create: useMutation({
      mutationFn: (b: CreateLawDocument) =>
        api.post<LawWriteResult>('/laws/documents', b, { idempotencyKey: true, timeoutMs: 60_000 }),
      ...done,
    }),
    addVersion: useMutation({
      mutationFn: ({ documentId, ...b }: CreateLawVersion & { documentId: string }) =>
        api.post<LawWriteResult>(`/laws/documents/${documentId}/versions`, b, { idempotencyKey: true, timeoutMs: 60_000 }),
      ...done,
    }),
    update: useMutation({
      mutationFn: ({ id, ...b }: UpdateLawDocument & { id: string }) => api.patch<LawDocumentDetail>(`/laws/documents/${id}`, b),
      ...done,
    }),
    deleteVersion: useMutation({
      mutationFn: (id: string) => api.del<void>(`/laws/versions/${id}`),
      ...done,
    }),
  };
}

export function useSynonymMutations() {
  const api = useApi();
  const invalidate = useLawsInvalidate();
  const done = { onSuccess: () => void invalidate() };
  return {
    create: useMutation({
      mutationFn: (b: C.CreateLawSynonymGroupRequest) => api.post<LawSynonymGroup>('/laws/synonyms', b, { idempotencyKey: true }),
      ...done,
    }),
    update: useMutation({
      mutationFn: ({ id, ...b }: C.UpdateLawSynonymGroupRequest & { id: string }) =>
        api.patch<LawSynonymGroup>(`/laws/synonyms/${id}`, b),
      ...done,
    }),
    remove: useMutation({ mutationFn: (id: string) => api.del<void>(`/laws/synonyms/${id}`), ...done }),
  };
}
