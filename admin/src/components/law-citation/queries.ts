import { useMutation, useQuery } from '@tanstack/react-query';
import type { LawCitationCandidate, LawCitationRef, LawSearchResult, ResolvedLawCitation } from '@yuanan/contracts';
import { useApi } from '../../auth/session.tsx';
import { useScope } from '../../api/keys.ts';

/** The cache key of a set of refs (order kept: the chips show in the order they were cited). */
export const refKey = (r: LawCitationRef) => `${r.versionId}#${r.articleKey}`;

/**
 * Refs resolved for display (POST /laws/citations/resolve: document, article label and text, state as of today),
 * in the order given. At most 50 per call (the api's limit); more are asked in turns.
 */
export function useResolvedCitations(refs: LawCitationRef[] | undefined, enabled = true) {
  const api = useApi();
  const scope = useScope();
  const list = refs ?? [];
  return useQuery({
    queryKey: [scope, 'laws', 'resolve', list.map(refKey)],
    enabled: enabled && list.length > 0,
    staleTime: 60_000,
    queryFn: async () => {
      const out: ResolvedLawCitation[] = [];
      for (let i = 0; i < list.length; i += 50) {
        const r = await api.post<{ items: ResolvedLawCitation[] }>('/laws/citations/resolve', { refs: list.slice(i, i + 50) });
        out.push(...r.items);
      }
      return out;
    },
  });
}

/** Articles matching a query (GET /laws/search), for the picker's inline search; nothing for an empty query. */
export function useLawArticleSearch(q: string) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, 'laws', 'pick', q],
    enabled: q.length > 0,
    staleTime: 30_000,
    queryFn: () => api.get<LawSearchResult>('/laws/search', { q, pageSize: 10 }),
  });
}

/** The free-text legal basis linked to the library (GET /laws/citations/resolve-text). */
export function useResolveText() {
  const api = useApi();
  return useMutation({
    mutationFn: (text: string) =>
      api.get<{ items: LawCitationCandidate[] }>('/laws/citations/resolve-text', { text: text.slice(0, 1000) }),
  });
}
