import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Query } from '@yuanan/sdk';
import { useScope } from '../../api/keys.ts';
import { useApi } from '../../auth/session.tsx';

/**
 * The integration pages' answers (集成: API keys §3, webhooks §4, exports §5 of the city design). The shapes are
 * read leniently (a list may come as `{ items }` or an array; the once-shown secret as `key`/`secret`) so the pages
 * follow the api as it settles; every date is an ISO string.
 */
export interface ApiKeyRow {
  id: string;
  name: string;
  /** The key's public prefix (`yak_<prefix>_…`), 12 characters. */
  keyPrefix: string;
  scopes: string[];
  rateLimitPerMinute: number;
  expiresAt: string;
  lastUsedAt: string | null;
  lastUsedIp: string | null;
  revokedAt: string | null;
  rotatedToId: string | null;
  createdAt: string;
  /** `revoked`, `expired` (a rotated key after its grace too) or `active`. */
  status: 'active' | 'expired' | 'revoked';
}

export interface WebhookRow {
  id: string;
  name: string;
  url: string;
  events: string[];
  status: 'active' | 'disabled';
  disabledReason: string | null;
  disabledAt: string | null;
  consecutiveFailures: number;
  createdAt: string;
  updatedAt?: string;
}

export interface DeliveryRow {
  id: string;
  subscriptionId: string;
  subscriptionName?: string | null;
  eventId: string;
  eventType: string;
  status: 'pending' | 'sending' | 'succeeded' | 'failed';
  attempts: number;
  nextAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  lastDurationMs: number | null;
  deliveredAt: string | null;
  replayOf: string | null;
  createdAt: string;
  payload?: unknown;
}

export interface LocalText {
  zh: string;
  en: string;
}

export interface ProfileField {
  key: string;
  label: LocalText;
  source: string;
  transform?: unknown;
  required?: boolean;
}

export interface ExportProfile {
  id: string;
  version: number;
  name: LocalText;
  target: string | LocalText;
  entity: 'enterprise' | 'hazard' | string;
  formats?: string[];
  fields?: ProfileField[];
}

export interface ExportRunRow {
  id: string;
  targetId: string;
  targetName?: string | null;
  trigger: 'manual' | 'schedule';
  status: 'running' | 'succeeded' | 'failed';
  rowCount: number | null;
  bytes: number | null;
  sha256: string | null;
  error: string | null;
  fileId: string | null;
  startedAt: string;
  finishedAt: string | null;
}

export interface ExportTargetRow {
  id: string;
  name: string;
  profileId: string;
  profileVersion: number;
  format: 'json' | 'xlsx';
  schedule: 'none' | 'daily' | 'weekly';
  scheduleHour?: number | null;
  scheduleWeekday?: number | null;
  incremental: boolean;
  enabled: boolean;
  lastRun?: ExportRunRow | null;
  createdAt?: string;
}

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

/** The record inside a create/rotate answer (`{ item }`, `{ apiKey }`, `{ subscription }` or the record itself). */
export function inner<T>(r: unknown): T {
  const o = (r ?? {}) as Record<string, unknown>;
  for (const k of ['item', 'apiKey', 'subscription', 'target', 'run', 'delivery'])
    if (o[k] && typeof o[k] === 'object') return o[k] as T;
  return o as T;
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
    queryFn: async () => asPaged<ApiKeyRow>(await api.get('/api-keys')),
    refetchInterval: 30_000,
  });
}

export interface ApiKeyInput {
  name: string;
  scopes: string[];
  expiresAt?: string;
  rateLimitPerMinute: number;
}

export function useCreateApiKey() {
  const api = useApi();
  const invalidate = useInvalidate('keys');
  return useMutation({ mutationFn: (b: ApiKeyInput) => api.post<unknown>('/api-keys', b), onSuccess: invalidate });
}

export function useUpdateApiKey() {
  const api = useApi();
  const invalidate = useInvalidate('keys');
  return useMutation({
    mutationFn: ({ id, ...b }: { id: string } & Partial<ApiKeyInput>) => api.patch<unknown>(`/api-keys/${id}`, b),
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

export interface WebhookInput {
  name: string;
  url: string;
  events: string[];
}

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
  return useHookMutation(({ id, ...b }: { id: string } & Partial<WebhookInput> & { status?: 'disabled' | 'active' }) =>
    api.patch<unknown>(`/webhooks/${id}`, b),
  );
}
export function useDeleteWebhook() {
  const api = useApi();
  return useHookMutation((id: string) => api.del<unknown>(`/webhooks/${id}`));
}
export function useEnableWebhook() {
  const api = useApi();
  return useHookMutation((id: string) => api.post<unknown>(`/webhooks/${id}/enable`, {}));
}
export function useDisableWebhook() {
  const api = useApi();
  return useHookMutation((id: string) => api.post<unknown>(`/webhooks/${id}/disable`, {}));
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
    queryFn: async () => inner<DeliveryRow>(await api.get(`/webhooks/deliveries/${id}`)),
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

export function useExportProfile(id: string | null) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, KEY, 'profiles', id],
    queryFn: async () => inner<ExportProfile>(await api.get(`/exports/profiles/${encodeURIComponent(id!)}`)),
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

export interface ExportTargetInput {
  name: string;
  profileId: string;
  profileVersion: number;
  format: 'json' | 'xlsx';
  schedule: 'none' | 'daily' | 'weekly';
  scheduleHour?: number;
  scheduleWeekday?: number;
  incremental: boolean;
  enabled: boolean;
}

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
  return useExportMutation(({ id, ...b }: { id: string } & Partial<ExportTargetInput>) =>
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
