import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type * as C from '@yuanan/contracts';
import type { Query } from '@yuanan/sdk';
import { useScope } from '../../api/keys.ts';
import { useApi } from '../../auth/session.tsx';

/**
 * The integration pages' answers (集成: API keys §3, webhooks §4, exports §5 of the city design) — the contracts'
 * shapes, type-only (nothing of zod reaches the bundle). Every date is an ISO string.
 */
export type ApiKeyRow = C.ApiKey;
export type WebhookRow = C.WebhookSubscription;
export type DeliveryRow = C.WebhookDelivery & { payload?: unknown };
export type ExportProfile = C.ExportProfileSummary & { fields?: C.ExportProfileDetail['fields'] };
export type ProfileField = C.ExportProfileDetail['fields'][number];
export type ExportTargetRow = C.ExportTarget;
export type ExportRunRow = C.ExportRun;
export type LocalText = { zh: string; en: string };

interface Paged<T> {
  items: T[];
  total: number;
}

/** `{ items, total }` from either a list answer or a bare array. */
export function asPaged<T>(r: unknown): Paged<T> {
  if (Array.isArray(r)) return { items: r as T[], total: r.length };
  const o = (r ?? {}) as { items?: T[]; total?: number };
  const items = o.items ?? [];
  return { items, total: o.total ?? items.length };
}

/** The secret a create/rotate answer shows once (`key` for API keys, `secret` for webhooks). */
export function onceSecret(r: unknown): string {
  const o = (r ?? {}) as Record<string, unknown>;
  for (const k of ['key', 'apiKey', 'secret', 'signingSecret', 'token']) if (typeof o[k] === 'string') return o[k];
  return '';
}

/** The record of a create/rotate answer: `{ apiKey, key }` for API keys, the subscription itself for webhooks. */
export function inner<T>(r: unknown): T {
  const o = (r ?? {}) as Record<string, unknown>;
  return (o.apiKey && typeof o.apiKey === 'object' ? o.apiKey : o) as T;
}

const KEY = 'integration';

function useInvalidate(part: string) {
  const scope = useScope();
  const qc = useQueryClient();
  return () => void qc.invalidateQueries({ queryKey: [scope, KEY, part] });
}

// --- API keys -----------------------------------------------------------------------------------------------

export function useApiKeys() {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, KEY, 'keys'],
    queryFn: async () => asPaged<ApiKeyRow>(await api.get('/api-keys', { pageSize: 200 })),
    refetchInterval: 30_000,
  });
}

export type ApiKeyInput = C.CreateApiKeyRequest;

export function useCreateApiKey() {
  const api = useApi();
  const invalidate = useInvalidate('keys');
  return useMutation({ mutationFn: (b: ApiKeyInput) => api.post<unknown>('/api-keys', b), onSuccess: invalidate });
}

export function useUpdateApiKey() {
  const api = useApi();
  const invalidate = useInvalidate('keys');
  return useMutation({
    mutationFn: ({ id, ...b }: { id: string } & C.UpdateApiKeyRequest) => api.patch<unknown>(`/api-keys/${id}`, b),
    onSuccess: invalidate,
  });
}

export function useRotateApiKey() {
  const api = useApi();
  const invalidate = useInvalidate('keys');
  return useMutation({
    mutationFn: ({ id, graceHours }: { id: string; graceHours: number }) =>
      api.post<unknown>(`/api-keys/${id}/rotate`, { graceHours }),
    onSuccess: invalidate,
  });
}

export function useRevokeApiKey() {
  const api = useApi();
  const invalidate = useInvalidate('keys');
  return useMutation({ mutationFn: (id: string) => api.post<unknown>(`/api-keys/${id}/revoke`, {}), onSuccess: invalidate });
}

// --- webhooks -------------------------------------------------------------------------------------------------

export function useWebhooks() {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, KEY, 'hooks', 'list'],
    queryFn: async () => asPaged<WebhookRow>(await api.get('/webhooks')),
  });
}

export type WebhookInput = C.CreateWebhookRequest;

/** Every webhook call refreshes the subscriptions and the delivery log (a ping or replay adds a delivery). */
function useHookMutation<A>(fn: (a: A) => Promise<unknown>) {
  const invalidate = useInvalidate('hooks');
  return useMutation({ mutationFn: fn, onSuccess: invalidate });
}

export function useCreateWebhook() {
  const api = useApi();
  return useHookMutation((b: WebhookInput) => api.post<unknown>('/webhooks', b));
}
export function useUpdateWebhook() {
  const api = useApi();
  return useHookMutation(({ id, ...b }: { id: string } & C.UpdateWebhookRequest) => api.patch<unknown>(`/webhooks/${id}`, b));
}
export function useDeleteWebhook() {
  const api = useApi();
  return useHookMutation((id: string) => api.del<unknown>(`/webhooks/${id}`));
}
export function useEnableWebhook() {
  const api = useApi();
  return useHookMutation((id: string) => api.post<unknown>(`/webhooks/${id}/enable`, {}));
}
/** Disabling is a PATCH `{ status: 'disabled' }` (reason `manual`); enabling has its own route. */
export function useDisableWebhook() {
  const api = useApi();
  return useHookMutation((id: string) => api.patch<unknown>(`/webhooks/${id}`, { status: 'disabled' }));
}
export function useRotateWebhookSecret() {
  const api = useApi();
  return useHookMutation((id: string) => api.post<unknown>(`/webhooks/${id}/rotate-secret`, {}));
}
export function usePingWebhook() {
  const api = useApi();
  return useHookMutation((id: string) => api.post<unknown>(`/webhooks/${id}/ping`, {}));
}
export function useReplayDelivery() {
  const api = useApi();
  return useHookMutation((id: string) => api.post<unknown>(`/webhooks/deliveries/${id}/replay`, {}));
}

/** The delivery log (newest first); polled while something is pending or being sent. */
export function useDeliveries(q: Query) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, KEY, 'hooks', 'deliveries', q],
    queryFn: async () => asPaged<DeliveryRow>(await api.get('/webhooks/deliveries', q)),
    placeholderData: keepPreviousData,
    refetchInterval: (query) =>
      query.state.data?.items.some((d) => d.status === 'pending' || d.status === 'sending') ? 2_000 : 15_000,
  });
}

export function useDelivery(id: string | null) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, KEY, 'hooks', 'delivery', id],
    queryFn: () => api.get<DeliveryRow>(`/webhooks/deliveries/${id}`),
    enabled: !!id,
  });
}

// --- exports --------------------------------------------------------------------------------------------------

export function useExportProfiles() {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, KEY, 'profiles'],
    queryFn: async () => asPaged<ExportProfile>(await api.get('/exports/profiles')).items,
    staleTime: 300_000,
  });
}

export function useExportProfile(id: string | null, version?: number) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, KEY, 'profiles', id, version],
    queryFn: () => api.get<ExportProfile>(`/exports/profiles/${encodeURIComponent(id!)}`, version ? { version } : undefined),
    enabled: !!id,
    staleTime: 300_000,
  });
}

export function useExportTargets() {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, KEY, 'exports', 'targets'],
    queryFn: async () => asPaged<ExportTargetRow>(await api.get('/exports/targets')),
    refetchInterval: (query) => (query.state.data?.items.some((t) => t.lastRun?.status === 'running') ? 2_000 : 30_000),
  });
}

export type ExportTargetInput = C.CreateExportTargetRequest;

function useExportMutation<A>(fn: (a: A) => Promise<unknown>) {
  const invalidate = useInvalidate('exports');
  return useMutation({ mutationFn: fn, onSuccess: invalidate });
}

export function useCreateExportTarget() {
  const api = useApi();
  return useExportMutation((b: ExportTargetInput) => api.post<unknown>('/exports/targets', b));
}
export function useUpdateExportTarget() {
  const api = useApi();
  return useExportMutation(({ id, ...b }: { id: string } & C.UpdateExportTargetRequest) =>
    api.patch<unknown>(`/exports/targets/${id}`, b),
  );
}
export function useDeleteExportTarget() {
  const api = useApi();
  return useExportMutation((id: string) => api.del<unknown>(`/exports/targets/${id}`));
}
export function useRunExport() {
  const api = useApi();
  return useExportMutation((id: string) => api.post<unknown>(`/exports/targets/${id}/run`, {}));
}

/** A target's runs (or all), newest first; polled while one runs. */
export function useExportRuns(q: Query) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, KEY, 'exports', 'runs', q],
    queryFn: async () => asPaged<ExportRunRow>(await api.get('/exports/runs', q)),
    placeholderData: keepPreviousData,
    refetchInterval: (query) => (query.state.data?.items.some((r) => r.status === 'running') ? 2_000 : 30_000),
  });
}
