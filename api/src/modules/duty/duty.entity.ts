import { defineEntity, p } from '@mikro-orm/core';
import type { DutyCertificate, DutyWeekdayPattern } from '@yuanan/contracts';
import { tenantProperties } from '../../core/db/base-entity.ts';

/**
 * Rescue duty (值班): the tables of the shared design (/work/briefs/duty-equipment-design.md, "Duty"). Instants are
 * UTC `datetime(3)`; handoff times ('HH:mm') and dates ('YYYY-MM-DD') are wall-clock in the zone's time zone.
 */

/** A duty team (值班队伍): a rescue squad, the centre's own staff, … with its leader and minimum on duty. */
export const DutyTeamSchema = defineEntity({
  name: 'DutyTeam',
  tableName: 'duty_teams',
  indexes: [{ properties: ['tenantId', 'leaderUserId'] }],
  properties: {
    ...tenantProperties,
    name: p.string().length(100),
    kind: p.enum(['rescue_squad', 'centre_staff', 'other'] as const),
    leaderUserId: p.string().length(36).nullable(),
    /** Fewer people than this in a slot is a gap (值班缺口). */
    minOnDuty: p.integer().default(1),
    /** The duty room's signed QR payload (core/crypto/signed-code.ts, kind 'YD1' / 'duty-room'). */
    dutyRoomQr: p.string().length(160),
    active: p.boolean().default(true),
  },
});
export class DutyTeam extends DutyTeamSchema.class {}
DutyTeamSchema.setClass(DutyTeam);

/** A member of a team, with skills and certificates. Removing a member deactivates the row (history stays). */
export const DutyTeamMemberSchema = defineEntity({
  name: 'DutyTeamMember',
  tableName: 'duty_team_members',
  uniques: [{ properties: ['tenantId', 'teamId', 'userId'] }],
  indexes: [{ properties: ['tenantId', 'userId'] }],
  properties: {
    ...tenantProperties,
    teamId: p.string().length(36),
    userId: p.string().length(36),
    skills: p.json<string[]>().onCreate(() => []),
    certificates: p.json<DutyCertificate[]>().onCreate(() => []),
    active: p.boolean().default(true),
  },
});
export class DutyTeamMember extends DutyTeamMemberSchema.class {}
DutyTeamMemberSchema.setClass(DutyTeamMember);

/** A rotation (轮班): a shift pattern with an ordered member list or a pattern per weekday, from a start date. */
export const DutyRotationSchema = defineEntity({
  name: 'DutyRotation',
  tableName: 'duty_rotations',
  indexes: [{ properties: ['tenantId', 'teamId'] }],
  properties: {
    ...tenantProperties,
    teamId: p.string().length(36),
    name: p.string().length(60),
    pattern: p.enum(['daily24', 'day_night', 'weekly'] as const),
    handoffTime: p.string().length(5),
    perShift: p.integer().default(1),
    order: p.json<string[]>().nullable(),
    weekdayPattern: p.json<DutyWeekdayPattern>().nullable(),
    startsOn: p.string().length(10),
    endsOn: p.string().length(10).nullable(),
    active: p.boolean().default(true),
  },
});
export class DutyRotation extends DutyRotationSchema.class {}
DutyRotationSchema.setClass(DutyRotation);

/** One person covering (part of) a slot: manual (drag in the calendar) or from an approved swap. */
export const DutyOverrideSchema = defineEntity({
  name: 'DutyOverride',
  tableName: 'duty_overrides',
  indexes: [{ properties: ['tenantId', 'teamId', 'startsAt'] }, { properties: ['tenantId', 'userId', 'startsAt'] }],
  properties: {
    ...tenantProperties,
    teamId: p.string().length(36),
    startsAt: p.datetime(3),
    endsAt: p.datetime(3),
    userId: p.string().length(36),
    /** Null: an extra person. */
    replacesUserId: p.string().length(36).nullable(),
    reason: p.string().length(200).nullable(),
    source: p.enum(['manual', 'swap'] as const).default('manual'),
    swapId: p.string().length(36).nullable(),
    createdBy: p.string().length(36).nullable(),
  },
});
export class DutyOverride extends DutyOverrideSchema.class {}
DutyOverrideSchema.setClass(DutyOverride);

/** A swap request (换班): asked → accepted by the colleague → approved by the leader or the office. */
export const DutySwapSchema = defineEntity({
  name: 'DutySwap',
  tableName: 'duty_swaps',
  indexes: [
    { properties: ['tenantId', 'status', 'teamId'] },
    { properties: ['tenantId', 'counterpartId', 'status'] },
    { properties: ['tenantId', 'requesterId', 'status'] },
  ],
  properties: {
    ...tenantProperties,
    teamId: p.string().length(36),
    requesterId: p.string().length(36),
    requesterSlotStart: p.datetime(3),
    requesterSlotEnd: p.datetime(3),
    counterpartId: p.string().length(36),
    counterpartSlotStart: p.datetime(3).nullable(),
    counterpartSlotEnd: p.datetime(3).nullable(),
    reason: p.string().length(200).nullable(),
    status: p.enum(['requested', 'accepted', 'approved', 'declined', 'rejected', 'cancelled'] as const).default('requested'),
    decidedBy: p.string().length(36).nullable(),
    decidedAt: p.datetime(3).nullable(),
    decisionNote: p.string().length(200).nullable(),
  },
});
export class DutySwap extends DutySwapSchema.class {}
DutySwapSchema.setClass(DutySwap);

/** Leave (请假): approved leave takes the person off the slots it overlaps and blocks covers and swaps into it. */
export const DutyLeaveSchema = defineEntity({
  name: 'DutyLeave',
  tableName: 'duty_leaves',
  indexes: [{ properties: ['tenantId', 'userId', 'startsAt'] }, { properties: ['tenantId', 'status', 'startsAt'] }],
  properties: {
    ...tenantProperties,
    /** Null: every team of the person. */
    teamId: p.string().length(36).nullable(),
    userId: p.string().length(36),
    startsAt: p.datetime(3),
    endsAt: p.datetime(3),
    reason: p.string().length(200).nullable(),
    status: p.enum(['requested', 'approved', 'rejected'] as const).default('requested'),
    decidedBy: p.string().length(36).nullable(),
    decidedAt: p.datetime(3).nullable(),
    createdBy: p.string().length(36).nullable(),
  },
});
export class DutyLeave extends DutyLeaveSchema.class {}
DutyLeaveSchema.setClass(DutyLeave);

/**
 * A check-in at the duty room (签到) and its check-out. `openUserId` is the user while open and null once checked
 * out: its unique key makes "one open check-in per user" hold under concurrent requests.
 */
export const DutyCheckInSchema = defineEntity({
  name: 'DutyCheckIn',
  tableName: 'duty_check_ins',
  uniques: [{ properties: ['tenantId', 'openUserId'] }],
  indexes: [{ properties: ['tenantId', 'teamId', 'checkedInAt'] }, { properties: ['tenantId', 'userId', 'checkedInAt'] }],
  properties: {
    ...tenantProperties,
    teamId: p.string().length(36),
    userId: p.string().length(36),
    openUserId: p.string().length(36).nullable(),
    checkedInAt: p.datetime(3),
    checkedOutAt: p.datetime(3).nullable(),
    method: p.enum(['qr', 'button'] as const),
    slotStart: p.datetime(3).nullable(),
  },
});
export class DutyCheckIn extends DutyCheckInSchema.class {}
DutyCheckInSchema.setClass(DutyCheckIn);

/**
 * The once-only ledger of the duty sweep (reminders before a shift, gap alerts): a row per (kind, team, user,
 * slot start), claimed with an insert that ignores duplicates in the transaction that writes the notification.
 * `userId` is '' for a gap (a team-wide notice), so the unique key holds.
 */
export const DutyNoticeSchema = defineEntity({
  name: 'DutyNotice',
  tableName: 'duty_notices',
  uniques: [{ properties: ['tenantId', 'kind', 'teamId', 'userId', 'slotStart'], name: 'duty_notices_once_unique' }],
  properties: {
    ...tenantProperties,
    kind: p.enum(['reminder', 'gap'] as const),
    teamId: p.string().length(36),
    userId: p.string().length(36),
    slotStart: p.datetime(3),
  },
});
export class DutyNotice extends DutyNoticeSchema.class {}
DutyNoticeSchema.setClass(DutyNotice);
