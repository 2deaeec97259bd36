import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Query } from '@yuanan/sdk';
import { useApi } from '../auth/session.tsx';
import { useScope } from './keys.ts';
import type { GovernancePlan, Hazard, HazardDetail, HazardStats, TransitionBody } from './types.ts';

export function useHazards(q: Query, opts: { enabled?: boolean; refetchInterval?: number } = {}) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, 'hazards', 'list', q],
    queryFn: () => api.hazards.list(q),
    placeholderData: keepPreviousData,
    enabled: opts.enabled ?? true,
    refetchInterval: opts.refetchInterval,
    select: (r) => r as { items: Hazard[]; total: number; totalCapped: boolean; nextCursor: string | null },
  });
}

export function useHazard(id: string | undefined) {
  const api = useApi();
  const scope = useScope();
  return useQuery<HazardDetail>({
    queryKey: [scope, 'hazards', 'one', id],
    queryFn: () => api.hazards.get(id!),
    enabled: !!id,
  });
}

function useInvalidateHazards() {
  const scope = useScope();
  const qc = useQueryClient();
  return (enterpriseId?: string) => {
    void qc.invalidateQueries({ queryKey: [scope, 'hazards'] });
    if (enterpriseId) {
      // Hazards feed the enterprise's colour (recomputed by the worker).
      setTimeout(() => {
        void qc.invalidateQueries({ queryKey: [scope, 'enterprise', enterpriseId] });
        void qc.invalidateQueries({ queryKey: [scope, 'risk'] });
      }, 2500);
    }
  };
}

export function useTransition() {
  const api = useApi();
  const invalidate = useInvalidateHazards();
  return useMutation({
    mutationFn: ({ id, ...b }: { id: string } & TransitionBody) => api.hazards.transition(id, b),
    onSuccess: (h) => invalidate(h.enterpriseId),
  });
}

export function useDecideExtension() {
  const api = useApi();
  const invalidate = useInvalidateHazards();
  return useMutation({
    mutationFn: ({ id, extId, approve, comment }: { id: string; extId: string; approve: boolean; comment?: string }) =>
      api.hazards.decideExtension(id, extId, { approve, comment }),
    onSuccess: (h) => invalidate(h.enterpriseId),
  });
}

export function useRequestExtension() {
  const api = useApi();
  const invalidate = useInvalidateHazards();
  return useMutation({
    mutationFn: ({ id, requestedDeadline, reason }: { id: string; requestedDeadline: string; reason: string }) =>
      api.hazards.requestExtension(id, { requestedDeadline, reason }),
    onSuccess: () => invalidate(),
  });
}

export function useMajorAction() {
  const api = useApi();
  const invalidate = useInvalidateHazards();
  return useMutation({
    mutationFn: (
      a:
        | { op: 'supervise'; id: string; ledgerNo: string; comment?: string }
        | { op: 'reported'; id: string }
        | { op: 'plan'; id: string; plan: GovernancePlan },
    ) =>
      a.op === 'supervise'
        ? api.hazards.supervise(a.id, { ledgerNo: a.ledgerNo, comment: a.comment })
        : a.op === 'reported'
          ? api.hazards.reportedToAuthority(a.id)
          : api.hazards.governancePlan(a.id, a.plan),
    onSuccess: (h) => invalidate(h.enterpriseId),
  });
}

export function useChecklist(enterpriseId: string | undefined, enabled = true) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, 'hazards', 'checklist', enterpriseId],
    queryFn: () => api.hazards.checklist(enterpriseId),
    enabled: enabled && !!enterpriseId,
    staleTime: 10 * 60_000,
  });
}

export function useHazardStats(year: number) {
  const api = useApi();
  const scope = useScope();
  return useQuery<HazardStats>({
    queryKey: [scope, 'hazards', 'stats', year],
    queryFn: () => api.hazards.stats(year),
    placeholderData: keepPreviousData,
  });
}

export function useBulkHazards() {
  const api = useApi();
  const invalidate = useInvalidateHazards();
  return useMutation({
    mutationFn: (b: Parameters<ReturnType<typeof useApi>['hazards']['bulk']>[0]) => api.hazards.bulk(b),
    onSuccess: () => invalidate(),
  });
}
