import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Query } from '@yuanan/sdk';
import { useApi } from '../auth/session.tsx';
import { mainClient } from './client.ts';
import { useScope } from './keys.ts';

/**
 * City supervision's queries. The platform's bureaus and grants and a bureau's own views use the signed-in person's
 * own token (mainClient) — a bureau user's city views stay theirs while they are inside a zone; the zone's
 * 上级查看记录 uses the zone's client.
 */
export const supervisionKeys = {
  bureaus: ['main', 'supervision', 'bureaus'] as const,
  grants: ['main', 'supervision', 'grants'] as const,
  zones: ['main', 'supervision', 'zones'] as const,
  reads: ['main', 'supervision', 'reads'] as const,
};

type Client = typeof mainClient;

export function useBureaus(q: Query, enabled = true) {
  return useQuery({
    queryKey: [...supervisionKeys.bureaus, q],
    queryFn: () => mainClient.supervision.bureaus(q),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useCreateBureau() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (b: Parameters<Client['supervision']['createBureau']>[0]) => mainClient.supervision.createBureau(b),
    onSuccess: () => qc.invalidateQueries({ queryKey: supervisionKeys.bureaus }),
  });
}

/** A bureau's account (a new user, or a forgotten password reset); the bureaus' user counts change. */
export function useBureauUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ bureauId, ...b }: { bureauId: string } & Parameters<Client['supervision']['bureauUser']>[1]) =>
      mainClient.supervision.bureauUser(bureauId, b),
    onSuccess: () => qc.invalidateQueries({ queryKey: supervisionKeys.bureaus }),
  });
}

export function useGrants(q: Query, enabled = true) {
  return useQuery({
    queryKey: [...supervisionKeys.grants, q],
    queryFn: () => mainClient.supervision.grants(q as Parameters<Client['supervision']['grants']>[0]),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** Creating, changing or revoking a grant changes the bureaus' counts of grants in force too. */
function useGrantMutation<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: supervisionKeys.grants });
      await qc.invalidateQueries({ queryKey: supervisionKeys.bureaus });
    },
  });
}

export function useCreateGrant() {
  return useGrantMutation((b: Parameters<Client['supervision']['createGrant']>[0]) => mainClient.supervision.createGrant(b));
}

export function useUpdateGrant() {
  return useGrantMutation(({ id, ...b }: { id: string } & Parameters<Client['supervision']['updateGrant']>[1]) =>
    mainClient.supervision.updateGrant(id, b),
  );
}

export function useRevokeGrant() {
  return useGrantMutation(({ id, reason }: { id: string; reason?: string }) =>
    mainClient.supervision.revokeGrant(id, reason ? { reason } : {}),
  );
}

/** The zones a bureau may read now. */
export function useGrantedZones(enabled = true) {
  return useQuery({ queryKey: supervisionKeys.zones, queryFn: () => mainClient.supervision.zones(), enabled });
}

/** The bureau's own trail across its zones. */
export function useBureauReads(q: Query) {
  return useQuery({
    queryKey: [...supervisionKeys.reads, q],
    queryFn: () => mainClient.supervision.reads(q as Parameters<Client['supervision']['reads']>[0]),
    placeholderData: keepPreviousData,
  });
}

/** The zone's 上级查看记录 (the zone's client: the zone office's own token). */
export function useZoneReads(q: Query) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, 'supervision-reads', q],
    queryFn: () => api.supervision.zoneReads(q as Parameters<Client['supervision']['zoneReads']>[0]),
    placeholderData: keepPreviousData,
  });
}

/** 城市总览 (the bureau's own token). */
export function useCityOverview() {
  return useQuery({ queryKey: ['main', 'city', 'overview'], queryFn: () => mainClient.supervision.overview() });
}

/** One granted zone's summary (404 `zone` when ungranted). */
export function useCityZoneSummary(zoneId: string | undefined) {
  return useQuery({
    queryKey: ['main', 'city', 'zone', zoneId],
    queryFn: () => mainClient.supervision.zoneSummary(zoneId!),
    enabled: !!zoneId,
  });
}

export function useCityMap() {
  return useQuery({ queryKey: ['main', 'city', 'map'], queryFn: () => mainClient.supervision.map() });
}

/** The city hazard statistics of `year`; null (a year the page refused) asks nothing. */
export function useCityHazardStats(year: number | null) {
  return useQuery({
    queryKey: ['main', 'city', 'hazard-stats', year],
    queryFn: () => mainClient.supervision.hazardStats(year!),
    placeholderData: keepPreviousData,
    enabled: year != null,
  });
}
