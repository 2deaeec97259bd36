import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type * as C from '@yuanan/contracts';
import type { Query } from '@yuanan/sdk';
import { hasPermission } from '../auth/access.ts';
import { useApi, useSession } from '../auth/session.tsx';
import { useScope } from './keys.ts';

/** Shapes of the inspections' answers (type-only: nothing of zod reaches the bundle). */
export type InspectionTask = C.InspectionTask;
export type InspectionTaskDetail = C.InspectionTaskDetail;
export type InspectionTemplate = C.InspectionTemplate;
export type InspectionPlan = C.InspectionPlan;
export type InspectionAgency = C.InspectionAgency;
export type InspectionContract = C.InspectionContract;
export type CoverageRow = C.CoverageRow;
export type CheckInPoint = z.output<typeof C.checkInPoint>;
export type PlanPreview = z.output<typeof C.inspectionPlanPreview>;
export type CreateTemplate = z.input<typeof C.createInspectionTemplateRequest>;
export type UpdateTemplate = z.input<typeof C.updateInspectionTemplateRequest>;
export type CreatePlan = z.input<typeof C.createInspectionPlanRequest>;
export type UpdatePlan = z.input<typeof C.updateInspectionPlanRequest>;
export type CreateAgency = z.input<typeof C.createInspectionAgencyRequest>;
export type UpdateAgency = z.input<typeof C.updateInspectionAgencyRequest>;
export type CreateContract = z.input<typeof C.createInspectionContractRequest>;
export type UpdateContract = z.input<typeof C.updateInspectionContractRequest>;

const KEY = 'inspections';

function useInvalidate() {
  const scope = useScope();
  const qc = useQueryClient();
  return (part?: string) => void qc.invalidateQueries({ queryKey: part ? [scope, KEY, part] : [scope, KEY] });
}

// ---- tasks ----

export function useTasks(q: Query, enabled = true) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, KEY, 'tasks', 'list', q],
    queryFn: () => api.inspections.tasks.list(q),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** The most tasks the calendar reads for one month (pages of 200). */
export const MONTH_LIMIT = 2000;

/**
 * The tasks due in a month (`YYYY-MM`) with the other filters, for the calendar's counts per day: read page by
 * page up to MONTH_LIMIT (`capped` when there were more).
 */
export function useTaskMonth(month: string, filters: Query) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, KEY, 'tasks', 'month', month, filters],
    queryFn: async () => {
      const from = `${month}-01`;
      const [y, m] = month.split('-').map(Number) as [number, number];
      const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
      const to = `${month}-${String(last).padStart(2, '0')}`;
      const items: InspectionTask[] = [];
      let cursor: string | undefined;
      let total = 0;
      for (let page = 1; items.length < MONTH_LIMIT; page++) {
        const r = await api.inspections.tasks.list({
          ...(filters as object),
          from,
          to,
          pageSize: 200,
          ...(cursor ? { cursor } : { page }),
        });
        items.push(...r.items);
        total = r.total;
        if (!r.items.length || items.length >= r.total) break;
        cursor = r.nextCursor ?? undefined;
      }
      return { items, capped: total > items.length };
    },
    placeholderData: keepPreviousData,
  });
}

export function useTask(id: string | undefined) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, KEY, 'tasks', 'one', id],
    queryFn: () => api.inspections.tasks.get(id!),
    enabled: !!id,
  });
}

// ---- templates ----

export function useTemplates(q: Query, enabled = true) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, KEY, 'templates', 'list', q],
    queryFn: () => api.inspections.templates.list(q),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** Published templates (latest versions), for the plan and contract forms. */
export function usePublishedTemplates(enabled = true) {
  return useTemplates({ status: 'published', pageSize: 200 }, enabled);
}

export function useTemplate(id: string | undefined) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, KEY, 'templates', 'one', id],
    queryFn: () => api.inspections.templates.get(id!),
    enabled: !!id,
  });
}

export function useTemplateMutations() {
  const api = useApi();
  const invalidate = useInvalidate();
  const done = () => invalidate('templates');
  return {
    create: useMutation({ mutationFn: (b: CreateTemplate) => api.inspections.templates.create(b), onSuccess: done }),
    update: useMutation({
      mutationFn: ({ id, ...b }: { id: string } & UpdateTemplate) => api.inspections.templates.update(id, b),
      onSuccess: done,
    }),
    publish: useMutation({ mutationFn: (id: string) => api.inspections.templates.publish(id), onSuccess: done }),
    revise: useMutation({ mutationFn: (id: string) => api.inspections.templates.revise(id), onSuccess: done }),
    retire: useMutation({ mutationFn: (id: string) => api.inspections.templates.retire(id), onSuccess: done }),
  };
}

/** The whole 部令第10号 checklist (no enterprise): the clauses a template item may name as its major clause. */
export function useFullChecklist(enabled = true) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, 'hazards', 'checklist', 'all'],
    queryFn: () => api.hazards.checklist(),
    enabled,
    staleTime: 10 * 60_000,
  });
}

// ---- plans ----

export function usePlans(q: Query) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, KEY, 'plans', 'list', q],
    queryFn: () => api.inspections.plans.list(q),
    placeholderData: keepPreviousData,
  });
}

export function usePlanPreview(id: string | undefined) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, KEY, 'plans', 'preview', id],
    queryFn: () => api.inspections.plans.preview(id!),
    enabled: !!id,
  });
}

export function usePlanMutations() {
  const api = useApi();
  const invalidate = useInvalidate();
  return {
    create: useMutation({ mutationFn: (b: CreatePlan) => api.inspections.plans.create(b), onSuccess: () => invalidate() }),
    update: useMutation({
      mutationFn: ({ id, ...b }: { id: string } & UpdatePlan) => api.inspections.plans.update(id, b),
      onSuccess: () => invalidate(),
    }),
    generate: useMutation({
      mutationFn: (id: string) => api.inspections.plans.generate(id),
      onSuccess: () => invalidate('tasks'),
    }),
  };
}

// ---- agencies and contracts ----

/** Agencies (for the filters and the plan form): read by those who manage them. */
export function useAgencies(enabled = true) {
  const api = useApi();
  const scope = useScope();
  const { effective } = useSession();
  return useQuery({
    queryKey: [scope, KEY, 'agencies'],
    queryFn: () => api.inspections.agencies.list({ pageSize: 200 }),
    enabled: enabled && hasPermission(effective, 'inspections.agencies.manage'),
    staleTime: 60_000,
  });
}

/** A page of the agencies (the agencies page, with its filters). */
export function useAgencyPage(q: Query) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, KEY, 'agencies', 'page', q],
    queryFn: () => api.inspections.agencies.list(q),
    placeholderData: keepPreviousData,
  });
}

export function useContracts(agencyId?: string) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, KEY, 'contracts', agencyId ?? 'all'],
    queryFn: () => api.inspections.contracts.list({ pageSize: 200, agencyId }),
  });
}

export function useAgencyMutations() {
  const api = useApi();
  const invalidate = useInvalidate();
  return {
    createAgency: useMutation({
      mutationFn: (b: CreateAgency) => api.inspections.agencies.create(b),
      onSuccess: () => invalidate(),
    }),
    updateAgency: useMutation({
      mutationFn: ({ id, ...b }: { id: string } & UpdateAgency) => api.inspections.agencies.update(id, b),
      onSuccess: () => invalidate(),
    }),
    createContract: useMutation({
      mutationFn: (b: CreateContract) => api.inspections.contracts.create(b),
      onSuccess: () => invalidate(),
    }),
    updateContract: useMutation({
      mutationFn: ({ id, ...b }: { id: string } & UpdateContract) => api.inspections.contracts.update(id, b),
      onSuccess: () => invalidate(),
    }),
  };
}

// ---- coverage, check-ins, gate QR ----

export function useCoverage(q: { from: string; to: string; by: C.CoverageBy }) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, KEY, 'coverage', q],
    queryFn: () => api.inspections.coverage(q),
    placeholderData: keepPreviousData,
  });
}

export function useCheckIns(date?: string) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, KEY, 'check-ins', date ?? 'today'],
    queryFn: () => api.inspections.checkIns(date),
    refetchInterval: 60_000,
  });
}

export function useGateQr(enterpriseId: string | undefined) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, KEY, 'gate-qr', enterpriseId],
    queryFn: () => api.inspections.gateQr(enterpriseId!),
    enabled: !!enterpriseId,
    staleTime: Infinity,
  });
}
