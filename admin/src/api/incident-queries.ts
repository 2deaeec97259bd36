import { keepPreviousData, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type * as C from '@yuanan/contracts';
import type { Query } from '@yuanan/sdk';
import { useApi } from '../auth/session.tsx';
import { useScope } from './keys.ts';

/** Shapes of the incident answers (type-only: nothing of zod reaches the bundle). */
export type Incident = C.Incident;
export type IncidentDetail = C.IncidentDetail;
export type IncidentStats = C.IncidentStats;
export type DispatchProposal = C.DispatchProposal;
export type DownwindResponse = C.DownwindResponse;
export type ResponsePlan = C.ResponsePlan;
export type SensitiveTarget = C.SensitiveTarget;
export type CreateIncident = z.input<typeof C.createIncidentRequest>;
export type UpdateIncident = z.input<typeof C.updateIncidentRequest>;
export type Casualties = z.input<typeof C.casualtiesRequest>;
export type AuthorityReport = z.input<typeof C.authorityReportRequest>;
export type DispatchBody = z.input<typeof C.dispatchRequest>;
export type WarningsBody = z.input<typeof C.sendWarningsRequest>;
export type SavePlan = z.input<typeof C.createResponsePlanRequest>;
export type SaveTarget = z.input<typeof C.createSensitiveTargetRequest>;

const KEY = 'incidents';

/** Every incident list and record of the scope is read again (a change on the desk touches lists, detail, stats). */
export function useIncidentsInvalidate() {
  const scope = useScope();
  const qc = useQueryClient();
  return () => void qc.invalidateQueries({ queryKey: [scope, KEY] });
}

export function useIncidents(q: Query, enabled = true) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, KEY, 'list', q],
    queryFn: () => api.incidents.list(q),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** How often an open desk re-reads its incident without a push (ms). */
export const DESK_REFRESH_MS = 15_000;

export function useIncident(id: string | undefined) {
  const api = useApi();
  const scope = useScope();
  // Pushes (incident.changed) refetch at once; the interval catches up a desk that missed one (a socket that
  // dropped and came back) — structural sharing keeps an unchanged incident from re-rendering.
  return useQuery({
    queryKey: [scope, KEY, 'detail', id],
    queryFn: () => api.incidents.get(id!),
    enabled: !!id,
    refetchInterval: DESK_REFRESH_MS,
  });
}

export function useIncidentStats(from: string, to: string) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, KEY, 'stats', from, to],
    queryFn: () => api.incidents.stats({ from, to }),
    placeholderData: keepPreviousData,
  });
}

/** The on-duty team, free members and deployable units for an incident (asked when the desk opens the proposal). */
export function useDispatchProposal(id: string, enabled: boolean) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, KEY, 'proposal', id],
    queryFn: () => api.incidents.dispatchProposal(id),
    enabled,
    staleTime: 0,
  });
}

/** The downwind sector and who is inside: the tower's latest wind, or the one given (both or neither). */
export function useDownwind(id: string, wind: { windFromDeg: number; windSpeed: number } | null, enabled: boolean) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, KEY, 'downwind', id, wind],
    queryFn: () => api.incidents.downwind(id, wind ?? {}),
    enabled,
    retry: false,
    placeholderData: keepPreviousData,
  });
}

/**
 * Stored files by id (the incident's SOS photos, voice note, scene photos): each GET /files/:id gives the signed
 * address and the mime; one query per file (key [scope, 'file', id], shared with other pages), kept 5 minutes.
 */
export function useIncidentFiles(ids: readonly string[]) {
  const api = useApi();
  const scope = useScope();
  return useQueries({
    queries: ids.map((id) => ({
      queryKey: [scope, 'file', id],
      queryFn: () => api.files.get(id),
      staleTime: 5 * 60_000,
      retry: 1,
    })),
  });
}

export function usePlanProposals(id: string, enabled: boolean) {
  const api = useApi();
  const scope = useScope();
  return useQuery({ queryKey: [scope, KEY, 'plan-proposals', id], queryFn: () => api.incidents.planProposals(id), enabled });
}

/** The desk's actions on one incident; every success reads the incident (and lists) again. */
export function useIncidentMutations() {
  const api = useApi();
  const invalidate = useIncidentsInvalidate();
  const opts = { onSettled: invalidate };
  return {
    create: useMutation({ mutationFn: (b: CreateIncident) => api.incidents.create(b), ...opts }),
    update: useMutation({
      mutationFn: ({ id, ...b }: { id: string } & UpdateIncident) => api.incidents.update(id, b),
      ...opts,
    }),
    controlled: useMutation({
      mutationFn: ({ id, version }: { id: string; version: number }) =>
        api.incidents.setStatus(id, { version, status: 'controlled' }),
      ...opts,
    }),
    close: useMutation({
      mutationFn: ({ id, ...b }: { id: string; version: number; summary: string }) => api.incidents.close(id, b),
      ...opts,
    }),
    cancel: useMutation({
      mutationFn: ({ id, ...b }: { id: string; version: number; reason: string }) => api.incidents.cancel(id, b),
      ...opts,
    }),
    casualties: useMutation({
      mutationFn: ({ id, ...b }: { id: string } & Casualties) => api.incidents.casualties(id, b),
      ...opts,
    }),
    authorityReport: useMutation({
      mutationFn: ({ id, ...b }: { id: string } & AuthorityReport) => api.incidents.authorityReport(id, b),
      ...opts,
    }),
    note: useMutation({
      mutationFn: ({ id, text }: { id: string; text: string }) => api.incidents.notes(id, { text }),
      ...opts,
    }),
    applyPlan: useMutation({
      mutationFn: ({ id, planId }: { id: string; planId: string }) => api.incidents.applyPlan(id, { planId }),
      ...opts,
    }),
    checklist: useMutation({
      mutationFn: ({ id, itemId, done }: { id: string; itemId: string; done: boolean }) =>
        api.incidents.checklist(id, itemId, { done }),
      ...opts,
    }),
    dispatch: useMutation({
      mutationFn: ({ id, ...b }: { id: string } & DispatchBody) => api.incidents.dispatch(id, b),
      ...opts,
    }),
    standDown: useMutation({ mutationFn: (dispatchId: string) => api.incidents.dispatches.standDown(dispatchId), ...opts }),
    /** 归还: a unit out on the incident goes back to the room (damaged → to maintenance); the row gets its return time. */
    releaseUnit: useMutation({
      mutationFn: ({ id, unitId, condition }: { id: string; unitId: string; condition?: C.EquipmentCondition }) =>
        api.incidents.releaseUnit(id, unitId, condition ? { condition } : {}),
      ...opts,
    }),
    warnings: useMutation({
      mutationFn: ({ id, ...b }: { id: string } & WarningsBody) => api.incidents.sendWarnings(id, b),
      ...opts,
    }),
  };
}

export function useResponsePlans(q: Query) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, KEY, 'plans', q],
    queryFn: () => api.responsePlans.list(q),
    placeholderData: keepPreviousData,
  });
}

export function useResponsePlanMutations() {
  const api = useApi();
  const invalidate = useIncidentsInvalidate();
  return {
    create: useMutation({ mutationFn: (b: SavePlan) => api.responsePlans.create(b), onSettled: invalidate }),
    update: useMutation({
      mutationFn: ({ id, ...b }: { id: string; version: number } & Partial<SavePlan>) => api.responsePlans.update(id, b),
      onSettled: invalidate,
    }),
    archive: useMutation({ mutationFn: (id: string) => api.responsePlans.archive(id), onSettled: invalidate }),
  };
}

export function useSensitiveTargets(q: Query) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, KEY, 'targets', q],
    queryFn: () => api.sensitiveTargets.list(q),
    placeholderData: keepPreviousData,
  });
}

export function useSensitiveTargetMutations() {
  const api = useApi();
  const invalidate = useIncidentsInvalidate();
  return {
    create: useMutation({ mutationFn: (b: SaveTarget) => api.sensitiveTargets.create(b), onSettled: invalidate }),
    update: useMutation({
      mutationFn: ({ id, ...b }: { id: string; version: number } & Partial<SaveTarget>) => api.sensitiveTargets.update(id, b),
      onSettled: invalidate,
    }),
    remove: useMutation({ mutationFn: (id: string) => api.sensitiveTargets.archive(id), onSettled: invalidate }),
  };
}
