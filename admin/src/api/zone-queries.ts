import { useMemo } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CatalogKind } from '@yuanan/contracts';
import type { ApiClient, Query } from '@yuanan/sdk';
import { useApi } from '../auth/session.tsx';
import { useScope } from './keys.ts';

type Body<F extends (...a: never[]) => unknown, I extends number = 0> = Parameters<F>[I];

/** Zone pages: the zone user's client, or the act-as client of a platform operator. */
export function useUsers(q: Query, enabled = true) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, 'users', q],
    queryFn: () => api.users.list(q),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useCreateUser() {
  const api = useApi();
  const scope = useScope();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (b: Body<ApiClient['users']['create']>) => api.users.create(b),
    onSuccess: () => qc.invalidateQueries({ queryKey: [scope, 'users'] }),
  });
}

export function useUpdateUser() {
  const api = useApi();
  const scope = useScope();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...b }: { id: string } & Body<ApiClient['users']['update'], 1>) => api.users.update(id, b),
    onSuccess: () => qc.invalidateQueries({ queryKey: [scope, 'users'] }),
  });
}

export function useCatalog(kind: CatalogKind, enabled = true) {
  const api = useApi();
  const scope = useScope();
  return useQuery({ queryKey: [scope, 'catalog', kind], queryFn: () => api.tenant.catalog(kind), enabled, staleTime: 60_000 });
}

export function useUpdateCatalogItem() {
  const api = useApi();
  const scope = useScope();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...b }: { id: string } & Body<ApiClient['tenant']['updateCatalogItem'], 1>) =>
      api.tenant.updateCatalogItem(id, b),
    onSuccess: () => qc.invalidateQueries({ queryKey: [scope, 'catalog'] }),
  });
}

export function useInvitations(q: Query) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, 'invitations', q],
    queryFn: () => api.invitations.list(q),
    placeholderData: keepPreviousData,
  });
}

export function useCreateInvitation() {
  const api = useApi();
  const scope = useScope();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (b: Body<ApiClient['invitations']['create']>) => api.invitations.create(b),
    onSuccess: () => qc.invalidateQueries({ queryKey: [scope, 'invitations'] }),
  });
}

export function useRevokeInvitation() {
  const api = useApi();
  const scope = useScope();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.invitations.revoke(id),
    onSuccess: () => qc.invalidateQueries({ queryKey: [scope, 'invitations'] }),
  });
}

export function useAudit(q: Query) {
  const api = useApi();
  const scope = useScope();
  return useQuery({ queryKey: [scope, 'audit', q], queryFn: () => api.audit.list(q), placeholderData: keepPreviousData });
}

export function useVerifyAudit() {
  const api = useApi();
  const scope = useScope();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.audit.verify(),
    // Verifying is itself recorded: show the new entry.
    onSuccess: () => qc.invalidateQueries({ queryKey: [scope, 'audit'] }),
  });
}

/** Enterprises of the zone, searched by name or credit code (for pickers and names in lists). */
export function useEnterprises(q: Query, enabled = true) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, 'enterprises', q],
    queryFn: () => api.enterprises.list(q),
    placeholderData: keepPreviousData,
    enabled,
    staleTime: 60_000,
  });
}

/** Names of the zone's enterprises by id (the first 200), for lists that hold only enterprise ids. */
export function useEnterpriseNames(enabled: boolean): Map<string, string> {
  const list = useEnterprises({ pageSize: 200 }, enabled);
  return useMemo(() => new Map((list.data?.items ?? []).map((e) => [e.id, e.name])), [list.data]);
}
