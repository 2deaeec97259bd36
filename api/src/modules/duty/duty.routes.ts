import { z } from 'zod';
import {
  createDutyLeaveRequest,
  createDutyOverrideRequest,
  createDutyRotationRequest,
  createDutySwapRequest,
  createDutyTeamRequest,
  DUTY_SWAP_ACTIONS,
  dutyCheckIn,
  dutyCheckInRequest,
  dutyDecisionRequest,
  dutyFairnessQuery,
  dutyFairnessResponse,
  dutyLeave,
  dutyLeavePage,
  dutyLeavesQuery,
  dutyMyCheckInResponse,
  dutyMyShiftsQuery,
  dutyMyShiftsResponse,
  dutyOnDutyQuery,
  dutyOnDutyResponse,
  dutyOverride,
  dutyQrResponse,
  dutyTeamCandidatesResponse,
  dutyRosterQuery,
  dutyRosterResponse,
  dutyRotation,
  dutyRotationPage,
  dutyRotationsQuery,
  dutySwap,
  dutySwapPage,
  dutySwapsQuery,
  dutyTeam,
  dutyTeamPage,
  dutyTeamsQuery,
  putDutyMemberRequest,
  ref,
  updateDutyRotationRequest,
  updateDutyTeamRequest,
} from '@yuanan/contracts';
import { callerOf } from '../../core/http/client-info.ts';
import { defineRoute, type AnyRoute } from '../../core/http/route.ts';
import type { DutyService } from './duty.service.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * 值班 routes under /api/v1/duty (the shared design's list). Permissions: duty.read (see), duty.manage (teams,
 * rotations, covers, deciding swaps and leave; a leader only for the teams they lead), duty.self (one's own swaps,
 * check-in/out), duty.export (fairness). Leave is `duty.read`: one's own needs duty.self, someone else's duty.manage.
 */
export function dutyRoutes(svc: DutyService): AnyRoute[] {
  const tags = ['值班 Duty'];
  const teamId = z.strictObject({ id: ref('duty_team') });
  const memberPath = z.strictObject({ id: ref('duty_team'), userId: ref('user') });
  const swapId = z.strictObject({ id: ref('duty_swap') });
  const leaveId = z.strictObject({ id: ref('duty_leave') });
  const swapActions: AnyRoute[] = DUTY_SWAP_ACTIONS.map((action) =>
    defineRoute({
      method: 'post',
      path: `/duty/swaps/:id/${action}`,
      operationId: `duty.swaps.${action}`,
      summary: {
        accept: 'The colleague asked accepts the swap (then the leader approves)',
        decline: 'The colleague asked declines the swap',
        approve: 'The leader or the office approves an accepted swap: the covers are made in the same transaction',
        reject: 'The leader or the office rejects the swap',
        cancel: 'Who asked withdraws the swap before it is approved',
      }[action],
      tags,
      auth: action === 'approve' || action === 'reject' ? 'duty.manage' : 'duty.self',
      params: swapId,
      body: dutyDecisionRequest,
      status: 200,
      response: dutySwap,
      handler: ({ ctx, params, body }) => {
        const { em, actor, tenant } = callerOf(ctx);
        return svc.actOnSwap(em, actor, tenant, params.id, action, body.note);
      },
    }),
  );
  return [
    defineRoute({
      method: 'get',
      path: '/duty/teams',
      operationId: 'duty.teams.list',
      summary: 'Duty teams the caller sees, with members (phones masked unless pii.view)',
      tags,
      auth: 'duty.read',
      query: dutyTeamsQuery,
      response: dutyTeamPage,
      handler: ({ ctx, query }) => {
        const { em, actor } = callerOf(ctx);
        return svc.listTeams(em, actor, query);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/duty/teams',
      operationId: 'duty.teams.create',
      summary: 'Create a duty team (a rescue leader creates one they lead)',
      tags,
      auth: 'duty.manage',
      body: createDutyTeamRequest,
      response: dutyTeam,
      idempotent: true,
      handler: async ({ ctx, body }) => {
        const { em, actor, tenant } = callerOf(ctx);
        return svc.teamDto(em, await svc.createTeam(em, actor, tenant, body));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/duty/teams/:id',
      operationId: 'duty.teams.get',
      summary: 'One duty team with its members',
      tags,
      auth: 'duty.read',
      params: teamId,
      response: dutyTeam,
      handler: async ({ ctx, params }) => {
        const { em, actor } = callerOf(ctx);
        return svc.teamDto(em, await svc.getTeam(em, actor, params.id));
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/duty/teams/:id',
      operationId: 'duty.teams.update',
      summary: 'Change a team (name, kind, minimum on duty, active; the leader: the office only)',
      tags,
      auth: 'duty.manage',
      params: teamId,
      body: updateDutyTeamRequest,
      response: dutyTeam,
      handler: async ({ ctx, params, body }) => {
        const { em, actor } = callerOf(ctx);
        return svc.teamDto(em, await svc.updateTeam(em, actor, params.id, body));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/duty/teams/:id/members',
      operationId: 'duty.teams.putMember',
      summary: 'Add a member, or update a member’s skills and certificates',
      tags,
      auth: 'duty.manage',
      params: teamId,
      body: putDutyMemberRequest,
      status: 200,
      response: dutyTeam,
      handler: async ({ ctx, params, body }) => {
        const { em, actor } = callerOf(ctx);
        return svc.teamDto(em, await svc.putMember(em, actor, params.id, body));
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/duty/teams/:id/members/:userId',
      operationId: 'duty.teams.removeMember',
      summary: 'Take a member off the team and out of its rotations',
      tags,
      auth: 'duty.manage',
      params: memberPath,
      response: dutyTeam,
      handler: async ({ ctx, params }) => {
        const { em, actor } = callerOf(ctx);
        return svc.teamDto(em, await svc.removeMember(em, actor, params.id, params.userId));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/duty/teams/:id/candidates',
      operationId: 'duty.teams.candidates',
      // For the team's manager (the office or its leader, who may lack users.read). Another team: 404 / 403.
      summary: 'Who may be added to the team: the zone’s rescue members and leaders not on it yet (names only)',
      tags,
      auth: 'duty.manage',
      params: teamId,
      response: dutyTeamCandidatesResponse,
      handler: async ({ ctx, params }) => {
        const { em, actor } = callerOf(ctx);
        return svc.teamCandidates(em, actor, params.id);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/duty/teams/:id/qr',
      operationId: 'duty.teams.qr',
      summary: 'The duty room’s QR code (signed payload and SVG) for QR check-in',
      tags,
      auth: 'duty.manage',
      params: teamId,
      response: dutyQrResponse,
      handler: ({ ctx, params }) => {
        const { em, actor } = callerOf(ctx);
        return svc.teamQr(em, actor, params.id);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/duty/rotations',
      operationId: 'duty.rotations.list',
      summary: 'Rotations of the teams the caller sees',
      tags,
      auth: 'duty.read',
      query: dutyRotationsQuery,
      response: dutyRotationPage,
      handler: ({ ctx, query }) => {
        const { em, actor } = callerOf(ctx);
        return svc.listRotations(em, actor, query);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/duty/rotations',
      operationId: 'duty.rotations.create',
      summary: 'Create a rotation (members of the team only)',
      tags,
      auth: 'duty.manage',
      body: createDutyRotationRequest,
      response: dutyRotation,
      idempotent: true,
      handler: async ({ ctx, body }) => {
        const { em, actor } = callerOf(ctx);
        return svc.rotationDto(await svc.createRotation(em, actor, body));
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/duty/rotations/:id',
      operationId: 'duty.rotations.update',
      summary: 'Change a rotation',
      tags,
      auth: 'duty.manage',
      params: z.strictObject({ id: ref('duty_rotation') }),
      body: updateDutyRotationRequest,
      response: dutyRotation,
      handler: async ({ ctx, params, body }) => {
        const { em, actor } = callerOf(ctx);
        return svc.rotationDto(await svc.updateRotation(em, actor, params.id, body));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/duty/roster',
      operationId: 'duty.roster',
      summary: 'The calendar: slots with assignees, overrides, gaps, leave and check-ins for local dates from..to (≤ 62 days)',
      tags,
      auth: 'duty.read',
      query: dutyRosterQuery,
      response: dutyRosterResponse,
      handler: ({ ctx, query }) => {
        const { em, actor, tenant } = callerOf(ctx);
        return svc.roster(em, actor, tenant, query);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/duty/on-duty',
      operationId: 'duty.onDuty',
      summary: 'Who is on duty at T (default now), in one team or every active team the caller sees',
      tags,
      auth: 'duty.read',
      query: dutyOnDutyQuery,
      response: dutyOnDutyResponse,
      handler: ({ ctx, query }) => {
        const { em, actor, tenant } = callerOf(ctx);
        return svc.onDuty(em, actor, tenant, query);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/duty/overrides',
      operationId: 'duty.overrides.create',
      summary: 'One person covers a slot (drag in the calendar); not into leave, not someone already on duty',
      tags,
      auth: 'duty.manage',
      body: createDutyOverrideRequest,
      response: dutyOverride,
      idempotent: true,
      handler: ({ ctx, body }) => {
        const { em, actor, tenant } = callerOf(ctx);
        return svc.createOverride(em, actor, tenant, body);
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/duty/overrides/:id',
      operationId: 'duty.overrides.delete',
      summary: 'Remove a manual cover',
      tags,
      auth: 'duty.manage',
      params: z.strictObject({ id: ref('duty_override') }),
      responseType: 'empty',
      handler: async ({ ctx, params }) => {
        const { em, actor } = callerOf(ctx);
        await svc.deleteOverride(em, actor, params.id);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/duty/swaps',
      operationId: 'duty.swaps.list',
      summary: 'Swap requests: mine, and those of the teams I manage (the office: all)',
      tags,
      auth: 'duty.read',
      query: dutySwapsQuery,
      response: dutySwapPage,
      handler: ({ ctx, query }) => {
        const { em, actor } = callerOf(ctx);
        return svc.listSwaps(em, actor, query);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/duty/swaps',
      operationId: 'duty.swaps.create',
      summary: 'Ask a colleague to swap (or cover) one of my slots; not into their leave, not if they are on duty then',
      tags,
      auth: 'duty.self',
      body: createDutySwapRequest,
      response: dutySwap,
      idempotent: true,
      handler: ({ ctx, body }) => {
        const { em, actor, tenant } = callerOf(ctx);
        return svc.createSwap(em, actor, tenant, body);
      },
    }),
    ...swapActions,
    defineRoute({
      method: 'get',
      path: '/duty/leaves',
      operationId: 'duty.leaves.list',
      summary: 'Leave: mine, and my teams’ members’ when I lead (the office: all)',
      tags,
      auth: 'duty.read',
      query: dutyLeavesQuery,
      response: dutyLeavePage,
      handler: ({ ctx, query }) => {
        const { em, actor } = callerOf(ctx);
        return svc.listLeaves(em, actor, query);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/duty/leaves',
      operationId: 'duty.leaves.create',
      summary: 'Ask for leave (mine: waits for approval), or enter a member’s leave (leader/office: approved at once)',
      tags,
      auth: 'duty.read',
      body: createDutyLeaveRequest,
      response: dutyLeave,
      idempotent: true,
      handler: ({ ctx, body }) => {
        const { em, actor, tenant } = callerOf(ctx);
        return svc.createLeave(em, actor, tenant, body);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/duty/leaves/:id/approve',
      operationId: 'duty.leaves.approve',
      summary: 'Approve leave (not one’s own)',
      tags,
      auth: 'duty.manage',
      params: leaveId,
      body: dutyDecisionRequest,
      status: 200,
      response: dutyLeave,
      handler: ({ ctx, params }) => {
        const { em, actor } = callerOf(ctx);
        return svc.decideLeave(em, actor, params.id, true);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/duty/leaves/:id/reject',
      operationId: 'duty.leaves.reject',
      summary: 'Reject leave (not one’s own)',
      tags,
      auth: 'duty.manage',
      params: leaveId,
      body: dutyDecisionRequest,
      status: 200,
      response: dutyLeave,
      handler: ({ ctx, params }) => {
        const { em, actor } = callerOf(ctx);
        return svc.decideLeave(em, actor, params.id, false);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/duty/me/shifts',
      operationId: 'duty.me.shifts',
      summary: 'My next shifts (default 30 days) with any open swap on them',
      tags,
      auth: 'duty.self',
      query: dutyMyShiftsQuery,
      response: dutyMyShiftsResponse,
      handler: ({ ctx, query }) => {
        const { em, actor, tenant } = callerOf(ctx);
        return svc.myShifts(em, actor, tenant, query.days);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/duty/me/check-in',
      operationId: 'duty.me.checkIn',
      summary: 'My open duty-room check-in, or null',
      tags,
      auth: 'duty.self',
      response: dutyMyCheckInResponse,
      handler: ({ ctx }) => {
        const { em, actor } = callerOf(ctx);
        return svc.myCheckIn(em, actor);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/duty/check-in',
      operationId: 'duty.checkIn',
      summary: 'Check in at the duty room (button, or the scanned duty-room QR: another zone’s or a tampered code is 422)',
      tags,
      auth: 'duty.self',
      body: dutyCheckInRequest,
      response: dutyCheckIn,
      handler: ({ ctx, body }) => {
        const { em, actor, tenant } = callerOf(ctx);
        return svc.checkIn(em, actor, tenant, body);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/duty/check-out',
      operationId: 'duty.checkOut',
      summary: 'Check out of the duty room (409 when not checked in)',
      tags,
      auth: 'duty.self',
      status: 200,
      response: dutyCheckIn,
      handler: ({ ctx }) => {
        const { em, actor } = callerOf(ctx);
        return svc.checkOut(em, actor);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/duty/fairness',
      operationId: 'duty.fairness',
      summary: 'Per person per team for a month: scheduled and checked-in hours, shifts, nights, holiday shifts',
      tags,
      auth: 'duty.export',
      query: dutyFairnessQuery,
      response: dutyFairnessResponse,
      handler: ({ ctx, query }) => {
        const { em, actor, tenant } = callerOf(ctx);
        return svc.fairness(em, actor, tenant, query);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/duty/fairness.xlsx',
      operationId: 'duty.fairnessExport',
      summary: 'The fairness report as an Excel workbook',
      tags,
      auth: 'duty.export',
      query: dutyFairnessQuery,
      responseType: 'raw',
      handler: async ({ ctx, query }) => {
        const { em, actor, tenant } = callerOf(ctx);
        const report = await svc.fairness(em, actor, tenant, query);
        // exceljs loads on first use (resident memory the idle api does not need).
        const { fairnessWorkbook } = await import('./fairness-workbook.ts');
        ctx.set('Content-Type', XLSX);
        ctx.set('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`值班统计-${query.month}.xlsx`)}`);
        ctx.set('Cache-Control', 'no-store');
        ctx.body = await fairnessWorkbook(report, tenant.name);
      },
    }),
  ];
}
