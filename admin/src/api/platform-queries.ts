import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Query } from '@yuanan/sdk';
import { mainClient } from './client.ts';

/** Platform pages use the operator's own (platform) token, also while acting in a zone. */
export const platformKeys = {
  tenants: ['main', 'platform', 'tenants'] as const,
  queues: ['main', 'platform', 'queues'] as const,
};

export function useTenants(q: Query, enabled = true) {
  return useQuery({
    queryKey: [...platformKeys.tenants, q],
    queryFn: () => mainClient.platform.tenants(q),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useCreateTenant() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (b: Parameters<typeof mainClient.platform.createTenant>[0]) => mainClient.platform.createTenant(b),
    onSuccess: () => qc.invalidateQueries({ queryKey: platformKeys.tenants }),
  });
}

export function useUpdateTenant() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...b }: { id: string } & Parameters<typeof mainClient.platform.updateTenant>[1]) =>
      mainClient.platform.updateTenant(id, b),
    onSuccess: () => qc.invalidateQueries({ queryKey: platformKeys.tenants }),
  });
}

export function useQueues(enabled = true) {
  return useQuery({
    queryKey: platformKeys.queues,
    queryFn: () => mainClient.platform.queues(),
    refetchInterval: 10_000,
    enabled,
  });
}

export interface JobRow {
  id: string;
  name: string;
  tenantId: string | null;
  attemptsMade: number;
  failedReason: string | null;
  createdAt: string;
  runAt: string | null;
  finishedAt: string | null;
}

export function useQueueJobs(name: string | null, state: string, page: number, pageSize: number) {
  return useQuery({
    queryKey: [...platformKeys.queues, 'jobs', name, state, page, pageSize],
    queryFn: async () => {
      const r = await mainClient.platform.queueJobs(name!, { state, page, pageSize });
      // The sdk types job rows loosely; the api's OpenAPI document fixes their shape (JobRow).
      return { total: r.total, items: r.items as unknown as JobRow[] };
    },
    enabled: !!name,
    placeholderData: keepPreviousData,
    refetchInterval: 10_000,
  });
}

export function useRetryJob() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ queue, jobId }: { queue: string; jobId: string }) => mainClient.platform.retryJob(queue, jobId),
    onSuccess: () => qc.invalidateQueries({ queryKey: platformKeys.queues }),
  });
}
