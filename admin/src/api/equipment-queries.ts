import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type * as C from '@yuanan/contracts';
import type { Query } from '@yuanan/sdk';
import { useApi } from '../auth/session.tsx';
import { useScope } from './keys.ts';

/** Shapes of the equipment room's answers (type-only: nothing of zod reaches the bundle). */
export type EquipmentModel = C.EquipmentModel;
export type EquipmentUnit = C.EquipmentUnit;
export type EquipmentUnitDetail = C.EquipmentUnitDetail;
export type EquipmentReservation = C.EquipmentReservation;
export type EquipmentRequest = C.EquipmentRequest;
export type EquipmentLoan = C.EquipmentLoan;
export type EquipmentMaintenance = C.EquipmentMaintenance;
export type EquipmentImportResult = C.EquipmentImportResult;
export type Availability = C.AvailabilityResponse;
export type CreateModel = z.input<typeof C.createEquipmentModelRequest>;
export type UpdateModel = z.input<typeof C.updateEquipmentModelRequest>;
export type CreateUnit = z.input<typeof C.createEquipmentUnitRequest>;
export type UpdateUnit = z.input<typeof C.updateEquipmentUnitRequest>;
export type UnitActionBody = z.input<typeof C.unitActionRequest>;
export type CheckOutBody = z.input<typeof C.checkOutRequest>;
export type ReturnBody = z.input<typeof C.returnLoanRequest>;
export type ApproveBody = z.input<typeof C.approveEquipmentRequestRequest>;

const KEY = 'equipment';

/** Every equipment list and record of the scope is read again (a state change touches units, loans and counts). */
function useInvalidate() {
  const scope = useScope();
  const qc = useQueryClient();
  return () => void qc.invalidateQueries({ queryKey: [scope, KEY] });
}

// ---- catalogue ----

export function useModels(q: Query, enabled = true) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, KEY, 'models', q],
    queryFn: () => api.equipment.models.list(q),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** Every model of the zone (pickers and filters): one page of 200, kept a minute. */
export function useAllModels(enabled = true) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, KEY, 'models', 'all'],
    queryFn: () => api.equipment.models.list({ pageSize: 200 }),
    staleTime: 60_000,
    enabled,
  });
}

export function useModelMutations() {
  const api = useApi();
  const invalidate = useInvalidate();
  return {
    create: useMutation({ mutationFn: (b: CreateModel) => api.equipment.models.create(b), onSuccess: invalidate }),
    update: useMutation({
      mutationFn: ({ id, ...b }: { id: string } & UpdateModel) => api.equipment.models.update(id, b),
      onSuccess: invalidate,
    }),
  };
}

// ---- units ----

export function useUnits(q: Query, enabled = true) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, KEY, 'units', 'list', q],
    queryFn: () => api.equipment.units.list(q),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useUnit(id: string | undefined) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, KEY, 'units', 'one', id],
    queryFn: () => api.equipment.units.get(id!),
    enabled: !!id,
  });
}

export function useUnitMutations() {
  const api = useApi();
  const invalidate = useInvalidate();
  return {
    create: useMutation({ mutationFn: (b: CreateUnit) => api.equipment.units.create(b), onSuccess: invalidate }),
    update: useMutation({
      mutationFn: ({ id, ...b }: { id: string } & UpdateUnit) => api.equipment.units.update(id, b),
      onSuccess: invalidate,
    }),
    /** A state-machine action with the unit's `version` (409 when someone else changed it first). */
    act: useMutation({
      mutationFn: ({ id, action, ...b }: { id: string; action: C.EquipmentUnitAction } & UnitActionBody) =>
        api.equipment.units.action(id, action, b),
      onSuccess: invalidate,
    }),
  };
}

/** Free units per model and day over local dates `from`..`to` (the approve dialog's choice). */
export function useAvailability(q: { modelId?: string; from: string; to: string } | null) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, KEY, 'availability', q],
    queryFn: () => api.equipment.availability(q!),
    enabled: !!q,
  });
}

// ---- reservations, requests ----

export function useReservations(q: Query, enabled = true) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, KEY, 'reservations', q],
    queryFn: () => api.equipment.reservations.list(q),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useRequests(q: Query) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, KEY, 'requests', q],
    queryFn: () => api.equipment.requests.list(q),
    placeholderData: keepPreviousData,
  });
}

export function useRequestMutations() {
  const api = useApi();
  const invalidate = useInvalidate();
  return {
    approve: useMutation({
      mutationFn: ({ id, ...b }: { id: string } & ApproveBody) => api.equipment.requests.approve(id, b),
      onSuccess: invalidate,
    }),
    reject: useMutation({
      mutationFn: ({ id, reason }: { id: string; reason: string }) => api.equipment.requests.reject(id, { reason }),
      onSuccess: invalidate,
    }),
  };
}

// ---- loans ----

export function useLoans(q: Query, enabled = true) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, KEY, 'loans', q],
    queryFn: () => api.equipment.loans.list(q),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useLoanMutations() {
  const api = useApi();
  const invalidate = useInvalidate();
  return {
    checkOut: useMutation({ mutationFn: (b: CheckOutBody) => api.equipment.loans.checkOut(b), onSuccess: invalidate }),
    receive: useMutation({
      mutationFn: ({ id, ...b }: { id: string } & ReturnBody) => api.equipment.loans.return(id, b),
      onSuccess: invalidate,
    }),
    recall: useMutation({
      mutationFn: ({ id, reason, incidentRef }: { id: string; reason: string; incidentRef?: string }) =>
        api.equipment.loans.recall(id, { reason, incidentRef }),
      onSuccess: invalidate,
    }),
    nudge: useMutation({ mutationFn: (id: string) => api.equipment.loans.nudge(id), onSuccess: invalidate }),
  };
}

// ---- maintenance ----

export function useMaintenance(q: Query) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, KEY, 'maintenance', q],
    queryFn: () => api.equipment.maintenance.list(q),
    placeholderData: keepPreviousData,
  });
}

export function useMaintenanceMutations() {
  const api = useApi();
  const invalidate = useInvalidate();
  return {
    result: useMutation({
      mutationFn: ({ id, pass, note, photoFileIds }: { id: string; pass: boolean; note?: string; photoFileIds?: string[] }) =>
        pass
          ? api.equipment.maintenance.pass(id, { note, photoFileIds })
          : api.equipment.maintenance.fail(id, { note, photoFileIds }),
      onSuccess: invalidate,
    }),
  };
}

/** Stored files by id (photos and signatures carry ids only): their addresses, cached for the session. */
export function useFiles(ids: readonly string[]) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, 'files', [...ids].sort()],
    queryFn: () => Promise.all(ids.map((id) => api.files.get(id).catch(() => null))),
    enabled: ids.length > 0,
    staleTime: 5 * 60_000,
  });
}
