import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type * as C from '@yuanan/contracts';
import type { Query } from '@yuanan/sdk';
import { hasPermission } from '../auth/access.ts';
import { useApi, useSession } from '../auth/session.tsx';
import { useScope } from './keys.ts';

/** Shapes of the duty answers (type-only: nothing of zod reaches the bundle). */
export type DutyTeam = C.DutyTeam;
export type DutyTeamMember = C.DutyTeamMember;
export type DutyRotation = C.DutyRotation;
export type DutyRoster = C.DutyRosterResponse;
export type DutySlot = C.DutySlot;
export type DutyOverride = C.DutyOverride;
export type DutyLeave = C.DutyLeave;
export type DutySwap = C.DutySwap;
export type DutySwapAction = C.DutySwapAction;
export type DutyFairness = C.DutyFairnessResponse;
export type DutyFairnessRow = C.DutyFairnessRow;
export type CreateTeam = z.input<typeof C.createDutyTeamRequest>;
export type UpdateTeam = z.input<typeof C.updateDutyTeamRequest>;
export type PutMember = z.input<typeof C.putDutyMemberRequest>;
export type CreateRotation = z.input<typeof C.createDutyRotationRequest>;
export type UpdateRotation = z.input<typeof C.updateDutyRotationRequest>;
export type CreateOverride = z.input<typeof C.createDutyOverrideRequest>;
export type CreateLeave = z.input<typeof C.createDutyLeaveRequest>;

const KEY = 'duty';

/** Everything of the duty module is one cache family: a change anywhere can move the roster. */
function useInvalidate() {
  const scope = useScope();
  const qc = useQueryClient();
  return () => void qc.invalidateQueries({ queryKey: [scope, KEY] });
}

// ---- teams, members, rotations ----

/** Every team the caller may see (with members), for filters, pickers and the teams page. */
export function useDutyTeams(enabled = true) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, KEY, 'teams'],
    queryFn: () => api.duty.teams.list({ pageSize: 200 }),
    enabled,
    staleTime: 30_000,
  });
}

export function useTeamMutations() {
  const api = useApi();
  const invalidate = useInvalidate();
  return {
    create: useMutation({ mutationFn: (b: CreateTeam) => api.duty.teams.create(b), onSuccess: invalidate }),
    update: useMutation({
      mutationFn: ({ id, ...b }: { id: string } & UpdateTeam) => api.duty.teams.update(id, b),
      onSuccess: invalidate,
    }),
    putMember: useMutation({
      mutationFn: ({ teamId, ...b }: { teamId: string } & PutMember) => api.duty.teams.putMember(teamId, b),
      onSuccess: invalidate,
    }),
    removeMember: useMutation({
      mutationFn: ({ teamId, userId }: { teamId: string; userId: string }) => api.duty.teams.removeMember(teamId, userId),
      onSuccess: invalidate,
    }),
  };
}

export function useDutyQr(teamId: string | undefined) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, KEY, 'qr', teamId],
    queryFn: () => api.duty.teams.qr(teamId!),
    enabled: !!teamId,
    staleTime: Infinity,
  });
}

/**
 * Who a team's manager may add (GET /duty/teams/:id/candidates): the zone's rescue members and leaders not on the
 * team yet, names only — for a leader, who cannot read the zone's user list.
 */
export function useDutyTeamCandidates(teamId: string | undefined) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, KEY, 'candidates', teamId],
    queryFn: () => api.duty.teams.candidates(teamId!),
    enabled: !!teamId,
  });
}

export function useRotations(teamId: string | undefined) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, KEY, 'rotations', teamId],
    queryFn: () => api.duty.rotations.list({ teamId, pageSize: 200 }),
    enabled: !!teamId,
  });
}

export function useRotationMutations() {
  const api = useApi();
  const invalidate = useInvalidate();
  return {
    create: useMutation({ mutationFn: (b: CreateRotation) => api.duty.rotations.create(b), onSuccess: invalidate }),
    update: useMutation({
      mutationFn: ({ id, ...b }: { id: string } & UpdateRotation) => api.duty.rotations.update(id, b),
      onSuccess: invalidate,
    }),
  };
}

// ---- roster and overrides ----

/** The calendar's one call: slots, overrides, leave and check-ins of local dates from..to (≤ 62 days). */
export function useRoster(q: { teamId?: string; from: string; to: string }) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, KEY, 'roster', q],
    queryFn: () => api.duty.roster(q),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
}

export function useOverrideMutations() {
  const api = useApi();
  const invalidate = useInvalidate();
  return {
    create: useMutation({ mutationFn: (b: CreateOverride) => api.duty.overrides.create(b), onSuccess: invalidate }),
    remove: useMutation({ mutationFn: (id: string) => api.duty.overrides.remove(id), onSuccess: invalidate }),
  };
}

// ---- swaps and leave ----

export function useSwaps(q: Query) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, KEY, 'swaps', q],
    queryFn: () => api.duty.swaps.list(q),
    placeholderData: keepPreviousData,
  });
}

export function useSwapAction() {
  const api = useApi();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, action, note }: { id: string; action: DutySwapAction; note?: string }) =>
      api.duty.swaps.act(id, action, note ? { note } : {}),
    onSuccess: invalidate,
  });
}

export function useLeaves(q: Query) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, KEY, 'leaves', q],
    queryFn: () => api.duty.leaves.list(q),
    placeholderData: keepPreviousData,
  });
}

export function useLeaveMutations() {
  const api = useApi();
  const invalidate = useInvalidate();
  return {
    create: useMutation({ mutationFn: (b: CreateLeave) => api.duty.leaves.create(b), onSuccess: invalidate }),
    decide: useMutation({
      mutationFn: ({ id, approve, note }: { id: string; approve: boolean; note?: string }) =>
        api.duty.leaves.decide(id, approve, note ? { note } : {}),
      onSuccess: invalidate,
    }),
  };
}

// ---- fairness ----

export function useFairness(q: { month: string; teamId?: string }) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, KEY, 'fairness', q],
    queryFn: () => api.duty.fairness(q),
    placeholderData: keepPreviousData,
  });
}

/** Whether the signed-in person arranges duty (teams, rotations, covers, leave, swap decisions). */
export function useCanManageDuty(): boolean {
  const { effective } = useSession();
  return hasPermission(effective, 'duty.manage');
}
