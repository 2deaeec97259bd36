import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { Query, RecordKind } from '@yuanan/sdk';
import { useApi, useSession } from '../auth/session.tsx';
import { useScope } from './keys.ts';
import type {
  ChangeRequest,
  ColourExplanation,
  CreateEnterprise,
  Enterprise,
  HistoryEntry,
  ImportJob,
  MajorHazardReport,
  SavedView,
  Task,
  UpdateEnterprise,
} from './types.ts';

/**
 * The colour is recomputed by the worker after its inputs change: look again once it has had time to finish.
 */
function refreshColourSoon(qc: QueryClient, scope: string, id: string): void {
  const again = () => {
    void qc.invalidateQueries({ queryKey: [scope, 'enterprise', id] });
    void qc.invalidateQueries({ queryKey: [scope, 'enterprises'] });
    void qc.invalidateQueries({ queryKey: [scope, 'risk'] });
  };
  again();
  setTimeout(again, 2500);
}

export function useEnterprise(id: string | undefined) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, 'enterprise', id],
    queryFn: () => api.enterprises.get(id!),
    enabled: !!id,
  });
}

export function useCreateEnterprise() {
  const api = useApi();
  const scope = useScope();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (b: CreateEnterprise) => api.enterprises.create(b),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: [scope, 'enterprises'] });
      void qc.invalidateQueries({ queryKey: [scope, 'risk'] });
    },
  });
}

export function useUpdateEnterprise() {
  const api = useApi();
  const scope = useScope();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...b }: { id: string } & UpdateEnterprise) => api.enterprises.update(id, b),
    onSuccess: (r) => {
      qc.setQueryData<Enterprise>([scope, 'enterprise', r.enterprise.id], r.enterprise);
      refreshColourSoon(qc, scope, r.enterprise.id);
    },
  });
}

export function useRecords<T>(id: string, kind: RecordKind, enabled = true) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, 'enterprise', id, 'records', kind],
    queryFn: () => api.enterprises.records<T>(id, kind),
    enabled,
  });
}

export function useRecordMutations(id: string, kind: RecordKind) {
  const api = useApi();
  const scope = useScope();
  const qc = useQueryClient();
  const onSuccess = () => {
    void qc.invalidateQueries({ queryKey: [scope, 'enterprise', id, 'records', kind] });
    // Plans and drills read each other (last drill, overdue); chemicals feed the GB 18218 report.
    if (kind === 'drills') void qc.invalidateQueries({ queryKey: [scope, 'enterprise', id, 'records', 'plans'] });
    void qc.invalidateQueries({ queryKey: [scope, 'enterprise', id, 'majorHazard'] });
    void qc.invalidateQueries({ queryKey: [scope, 'enterprise', id, 'history'] });
    refreshColourSoon(qc, scope, id);
  };
  const add = useMutation({
    mutationFn: (b: unknown) => api.enterprises.addRecord(id, kind, b),
    onSuccess,
  });
  const replace = useMutation({
    mutationFn: ({ recordId, body }: { recordId: string; body: unknown }) =>
      api.enterprises.replaceRecord(id, kind, recordId, body),
    onSuccess,
  });
  const remove = useMutation({
    mutationFn: (recordId: string) => api.enterprises.removeRecord(id, kind, recordId),
    onSuccess,
  });
  return { add, replace, remove };
}

export function useMajorHazard(id: string, enabled = true) {
  const api = useApi();
  const scope = useScope();
  return useQuery<MajorHazardReport>({
    queryKey: [scope, 'enterprise', id, 'majorHazard'],
    queryFn: () => api.enterprises.majorHazard(id),
    enabled,
  });
}

export function useColour(id: string, enabled = true) {
  const api = useApi();
  const scope = useScope();
  return useQuery<ColourExplanation>({
    queryKey: [scope, 'enterprise', id, 'colour'],
    queryFn: () => api.enterprises.colour(id),
    enabled,
  });
}

export function useHistory(id: string, page: number, pageSize: number, enabled = true) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, 'enterprise', id, 'history', page, pageSize],
    queryFn: () => api.enterprises.history(id, { page, pageSize }),
    enabled,
    placeholderData: keepPreviousData,
    select: (r) => r as { items: HistoryEntry[]; total: number },
  });
}

export function useChanges(q: Query) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, 'changes', q],
    queryFn: () => api.enterprises.changes(q),
    placeholderData: keepPreviousData,
    select: (r) => r as { items: ChangeRequest[]; total: number },
  });
}

export function useDecideChange() {
  const api = useApi();
  const scope = useScope();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, approve, comment }: { id: string; approve: boolean; comment?: string; enterpriseId: string }) =>
      api.enterprises.decideChange(id, approve, comment),
    onSuccess: (_r, v) => {
      void qc.invalidateQueries({ queryKey: [scope, 'changes'] });
      refreshColourSoon(qc, scope, v.enterpriseId);
    },
  });
}

export function useSavedViews(page: string) {
  const api = useApi();
  const scope = useScope();
  // Saved views live in a zone: the platform's and a bureau's own trails have none to ask for (the api answers 403).
  const inZone = useSession().me?.tenant.kind === 'zone';
  return useQuery<SavedView[]>({
    queryKey: [scope, 'savedViews', page],
    queryFn: () => api.savedViews.list(page),
    enabled: inZone,
  });
}

export function useSavedViewMutations(page: string) {
  const api = useApi();
  const scope = useScope();
  const qc = useQueryClient();
  const onSuccess = () => void qc.invalidateQueries({ queryKey: [scope, 'savedViews', page] });
  const create = useMutation({
    mutationFn: (b: { name: string; query: Record<string, string> }) => api.savedViews.create({ page, ...b }),
    onSuccess,
  });
  const remove = useMutation({ mutationFn: (id: string) => api.savedViews.remove(id), onSuccess });
  return { create, remove };
}

/** An import job, asked again every second while it runs (the socket's progress events come in between). */
export function useImportJob(id: string | null) {
  const api = useApi();
  const scope = useScope();
  return useQuery<ImportJob>({
    queryKey: [scope, 'import', id],
    queryFn: () => api.enterprises.importJob(id!),
    enabled: !!id,
    refetchInterval: (q) => (q.state.data && (q.state.data.status === 'done' || q.state.data.status === 'failed') ? false : 1000),
  });
}

export function useTasks(q: Query, enabled = true) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, 'tasks', q],
    queryFn: () => api.tasks.list(q),
    placeholderData: keepPreviousData,
    enabled,
    select: (r) => r as { items: Task[]; total: number },
  });
}

export function useResolveTask() {
  const api = useApi();
  const scope = useScope();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, status }: { id: string; status: 'done' | 'dismissed' }) => api.tasks.resolve(id, status),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: [scope, 'tasks'] });
      void qc.invalidateQueries({ queryKey: [scope, 'risk'] });
    },
  });
}
