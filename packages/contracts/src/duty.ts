import { z } from 'zod';
import { isoDate, isoDateTime, page, recordDate, ref, scheduleDateTime, zId } from './common.ts';
import { localIssue, type LocalText } from './messages.ts';

/**
 * Rescue duty (值班): teams, members, rotations, overrides, swaps, leave, check-in/out of the duty room, the roster,
 * "who is on duty at T" and the fairness report. The shared design is /work/briefs/duty-equipment-design.md
 * (section "Duty"); DOMAIN.md has the vocabulary. All routes live under /api/v1/duty.
 *
 * Times: instants are ISO date-times with offset (stored UTC); handoff times ('HH:mm') and dates (starts_on,
 * roster from/to, fairness month) are wall-clock in the zone's time zone (tenant.timeZone).
 */

// ---- enums and their labels ----

export const DUTY_TEAM_KINDS = ['rescue_squad', 'centre_staff', 'other'] as const;
export type DutyTeamKind = (typeof DUTY_TEAM_KINDS)[number];
export const DUTY_PATTERNS = ['daily24', 'day_night', 'weekly'] as const;
export type DutyPattern = (typeof DUTY_PATTERNS)[number];
export const DUTY_SLOT_KINDS = ['full', 'day', 'night'] as const;
export type DutySlotKind = (typeof DUTY_SLOT_KINDS)[number];
export const DUTY_OVERRIDE_SOURCES = ['manual', 'swap'] as const;
export type DutyOverrideSource = (typeof DUTY_OVERRIDE_SOURCES)[number];
export const DUTY_SWAP_STATUSES = ['requested', 'accepted', 'approved', 'declined', 'rejected', 'cancelled'] as const;
export type DutySwapStatus = (typeof DUTY_SWAP_STATUSES)[number];
/** What can be done to a swap: `POST /duty/swaps/:id/:action`. */
export const DUTY_SWAP_ACTIONS = ['accept', 'decline', 'approve', 'reject', 'cancel'] as const;
export type DutySwapAction = (typeof DUTY_SWAP_ACTIONS)[number];
export const DUTY_LEAVE_STATUSES = ['requested', 'approved', 'rejected'] as const;
export type DutyLeaveStatus = (typeof DUTY_LEAVE_STATUSES)[number];
export const DUTY_CHECK_IN_METHODS = ['qr', 'button'] as const;
export type DutyCheckInMethod = (typeof DUTY_CHECK_IN_METHODS)[number];

/**
 * The swap state machine: action → the statuses it starts from, the status it leads to and who may take it
 * ('counterpart': the colleague asked; 'manager': the team's leader or the office, never the requester or the
 * counterpart of that swap; 'requester': who asked).
 */
export const DUTY_SWAP_TRANSITIONS: Record<
  DutySwapAction,
  { from: readonly DutySwapStatus[]; to: DutySwapStatus; by: 'counterpart' | 'manager' | 'requester' }
> = {
  accept: { from: ['requested'], to: 'accepted', by: 'counterpart' },
  decline: { from: ['requested'], to: 'declined', by: 'counterpart' },
  approve: { from: ['accepted'], to: 'approved', by: 'manager' },
  reject: { from: ['requested', 'accepted'], to: 'rejected', by: 'manager' },
  cancel: { from: ['requested', 'accepted'], to: 'cancelled', by: 'requester' },
};

export const DUTY_TEAM_KIND_LABELS: Record<DutyTeamKind, LocalText> = {
  rescue_squad: { zh: '救援队', en: 'Rescue squad' },
  centre_staff: { zh: '中心值班人员', en: 'Centre staff' },
  other: { zh: '其他', en: 'Other' },
};
export const DUTY_PATTERN_LABELS: Record<DutyPattern, LocalText> = {
  daily24: { zh: '24小时轮班', en: '24-hour shifts' },
  day_night: { zh: '白班/夜班', en: 'Day and night shifts' },
  weekly: { zh: '按周轮班', en: 'Weekly shifts' },
};
export const DUTY_SLOT_KIND_LABELS: Record<DutySlotKind, LocalText> = {
  full: { zh: '全天班', en: 'Full shift' },
  day: { zh: '白班', en: 'Day shift' },
  night: { zh: '夜班', en: 'Night shift' },
};
export const DUTY_OVERRIDE_SOURCE_LABELS: Record<DutyOverrideSource, LocalText> = {
  manual: { zh: '临时调班', en: 'Manual cover' },
  swap: { zh: '换班', en: 'Swap' },
};
export const DUTY_SWAP_STATUS_LABELS: Record<DutySwapStatus, LocalText> = {
  requested: { zh: '待对方确认', en: 'Awaiting colleague' },
  accepted: { zh: '待审批', en: 'Awaiting approval' },
  approved: { zh: '已批准', en: 'Approved' },
  declined: { zh: '对方已拒绝', en: 'Declined' },
  rejected: { zh: '未批准', en: 'Rejected' },
  cancelled: { zh: '已撤回', en: 'Cancelled' },
};
export const DUTY_SWAP_ACTION_LABELS: Record<DutySwapAction, LocalText> = {
  accept: { zh: '同意换班', en: 'Accept' },
  decline: { zh: '拒绝', en: 'Decline' },
  approve: { zh: '批准', en: 'Approve' },
  reject: { zh: '不批准', en: 'Reject' },
  cancel: { zh: '撤回', en: 'Cancel' },
};
export const DUTY_LEAVE_STATUS_LABELS: Record<DutyLeaveStatus, LocalText> = {
  requested: { zh: '待审批', en: 'Awaiting approval' },
  approved: { zh: '已批准', en: 'Approved' },
  rejected: { zh: '未批准', en: 'Rejected' },
};
export const DUTY_CHECK_IN_METHOD_LABELS: Record<DutyCheckInMethod, LocalText> = {
  qr: { zh: '扫码签到', en: 'QR check-in' },
  button: { zh: '按钮签到', en: 'Button check-in' },
};
/** A slot with fewer people than the team's minimum (值班缺口). */
export const DUTY_GAP_LABEL: LocalText = { zh: '值班缺口', en: 'Duty gap' };

// ---- shared pieces ----

/** A wall-clock time 'HH:mm' (00:00–23:59) in the zone's time zone. */
export const hhmm = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: '时间格式应为 HH:mm' })
  .meta({ examples: ['08:00'] });

const text = (max: number) => z.string().trim().max(max);

/** A member's certificate (证书): name, optional number and expiry date. */
export const dutyCertificate = z.strictObject({
  name: z.string().trim().min(1).max(60),
  number: text(60).optional(),
  expiresOn: recordDate.optional(),
});
export type DutyCertificate = z.infer<typeof dutyCertificate>;

const skills = z.array(z.string().trim().min(1).max(30)).max(30);

/** A person as the duty screens show one. `phone` is masked unless the caller has `pii.view`. */
export const dutyPerson = z.object({ userId: zId, name: z.string() });
export type DutyPerson = z.infer<typeof dutyPerson>;

// ---- teams and members ----

export const dutyTeamMember = z.object({
  userId: zId,
  name: z.string(),
  /** Masked (137****0001) unless the caller has `pii.view`. */
  phone: z.string().nullable(),
  role: z.string(),
  skills: z.array(z.string()),
  certificates: z.array(dutyCertificate),
  active: z.boolean(),
});
export type DutyTeamMember = z.infer<typeof dutyTeamMember>;

export const dutyTeam = z.object({
  id: zId,
  name: z.string(),
  kind: z.enum(DUTY_TEAM_KINDS),
  leaderUserId: zId.nullable(),
  leaderName: z.string().nullable(),
  /** Fewer people than this in a slot is a gap. */
  minOnDuty: z.number().int(),
  active: z.boolean(),
  members: z.array(dutyTeamMember),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type DutyTeam = z.infer<typeof dutyTeam>;
export const dutyTeamPage = page(dutyTeam);

export const dutyTeamsQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  active: z.enum(['true', 'false']).optional(),
  /** Teams I am a member or the leader of. */
  mine: z.enum(['true', 'false']).optional(),
});
export type DutyTeamsQuery = z.infer<typeof dutyTeamsQuery>;

export const createDutyTeamRequest = z
  .strictObject({
    name: z.string().trim().min(2).max(100),
    kind: z.enum(DUTY_TEAM_KINDS).default('rescue_squad'),
    leaderUserId: ref('user').nullable().optional(),
    minOnDuty: z.number().int().min(1).max(50).default(1),
    active: z.boolean().default(true),
  })
  .meta({
    examples: [{ name: '开发区四期应急救援队', kind: 'rescue_squad', minOnDuty: 2 }],
    'x-probe': { name: '探针救援队', kind: 'rescue_squad', leaderUserId: '{user}', minOnDuty: 1 },
  });
export type CreateDutyTeamRequest = z.infer<typeof createDutyTeamRequest>;

export const updateDutyTeamRequest = z
  .strictObject({
    name: z.string().trim().min(2).max(100).optional(),
    kind: z.enum(DUTY_TEAM_KINDS).optional(),
    leaderUserId: ref('user').nullable().optional(),
    minOnDuty: z.number().int().min(1).max(50).optional(),
    active: z.boolean().optional(),
  })
  .meta({ examples: [{ minOnDuty: 2 }], 'x-probe': { leaderUserId: '{user}' } });
export type UpdateDutyTeamRequest = z.infer<typeof updateDutyTeamRequest>;

/** Adds a member, or updates the member's skills and certificates (and re-activates them) when already there. */
export const putDutyMemberRequest = z
  .strictObject({
    userId: ref('user'),
    skills: skills.default([]),
    certificates: z.array(dutyCertificate).max(30).default([]),
  })
  .meta({
    examples: [{ userId: '01a20af3-8b8f-7678-bd46-168eeefdc51a', skills: ['绳索救援', '水域救援'], certificates: [] }],
    'x-probe': { userId: '{user}', skills: [], certificates: [] },
  });
export type PutDutyMemberRequest = z.infer<typeof putDutyMemberRequest>;

/** The duty room's QR code: payload (signed, names the zone and the team) and an SVG of it. */
export const dutyQrResponse = z.object({ payload: z.string(), svg: z.string() });

/** Roles a team's manager may add to it from the candidate list (a leader without users.read sees only these). */
export const DUTY_CANDIDATE_ROLES = ['rescue_member', 'rescue_leader'] as const;

/**
 * Who a team's manager may add (GET /duty/teams/:id/candidates): the zone's active rescue members and leaders not
 * yet active members of the team, names only (no phone or username), sorted by name; at most 500.
 */
export const dutyTeamCandidate = z.object({
  userId: zId,
  name: z.string(),
  role: z.enum(DUTY_CANDIDATE_ROLES),
});
export type DutyTeamCandidate = z.infer<typeof dutyTeamCandidate>;
export const dutyTeamCandidatesResponse = z.object({ items: z.array(dutyTeamCandidate) });
export type DutyTeamCandidatesResponse = z.infer<typeof dutyTeamCandidatesResponse>;

// ---- rotations ----

const weekdayKeys = ['1', '2', '3', '4', '5', '6', '7'] as const;
/** ISO weekday ('1' Monday … '7' Sunday) of a slot's local start → who is on duty. Missing days: nobody. */
export const dutyWeekdayPattern = z.partialRecord(z.enum(weekdayKeys), z.array(ref('user')).max(50));
export type DutyWeekdayPattern = z.infer<typeof dutyWeekdayPattern>;

export const dutyRotation = z.object({
  id: zId,
  teamId: zId,
  name: z.string(),
  pattern: z.enum(DUTY_PATTERNS),
  handoffTime: z.string(),
  perShift: z.number().int(),
  /** Ordered member ids; slot n takes `perShift` people starting at n × perShift (wrapping). */
  order: z.array(zId).nullable(),
  weekdayPattern: dutyWeekdayPattern.nullable(),
  startsOn: isoDate,
  endsOn: isoDate.nullable(),
  active: z.boolean(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type DutyRotation = z.infer<typeof dutyRotation>;
export const dutyRotationPage = page(dutyRotation);

export const dutyRotationsQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  teamId: ref('duty_team').optional(),
  active: z.enum(['true', 'false']).optional(),
});

type RotationShape = {
  pattern?: DutyPattern;
  perShift?: number;
  order?: string[] | null;
  weekdayPattern?: DutyWeekdayPattern | null;
  startsOn?: string;
  endsOn?: string | null;
};
function checkRotation(r: RotationShape, ctx: z.RefinementCtx, create: boolean) {
  const hasOrder = r.order != null && r.order.length > 0;
  const hasWeek = r.weekdayPattern != null;
  if (create && hasOrder === hasWeek)
    ctx.addIssue(
      localIssue({ zh: '请填写轮班顺序或按星期排班（二选一）', en: 'Give either an order of members or a pattern per weekday' }, [
        'order',
      ]),
    );
  if (!create && r.order != null && r.weekdayPattern != null && r.order.length > 0)
    ctx.addIssue(
      localIssue(
        { zh: '轮班顺序与按星期排班只能选一种', en: 'Give either an order of members or a pattern per weekday, not both' },
        ['order'],
      ),
    );
  if (r.order && new Set(r.order).size !== r.order.length)
    ctx.addIssue(localIssue({ zh: '轮班顺序中有重复人员', en: 'A member appears twice in the order' }, ['order']));
  if (r.order && r.perShift && r.order.length > 0 && r.order.length < r.perShift)
    ctx.addIssue(
      localIssue({ zh: '轮班人数不能少于每班人数', en: 'The order needs at least as many members as per shift' }, ['order']),
    );
  if (r.startsOn && r.endsOn && r.endsOn < r.startsOn)
    ctx.addIssue(localIssue({ zh: '结束日期不能早于开始日期', en: 'The end date cannot be before the start date' }, ['endsOn']));
}

const dutyDate = isoDate.refine((d) => d >= '2000-01-01' && d <= '2099-12-31', {
  message: '计划日期应在 2000-01-01 至 2099-12-31 之间',
});

const rotationExample = {
  teamId: '01a20af3-8b8f-7678-bd46-168eeefdc51a',
  name: '24小时轮班',
  pattern: 'daily24',
  handoffTime: '08:00',
  perShift: 2,
  order: ['01a20af3-8b8f-7678-bd46-168eeefdc51b', '01a20af3-8b8f-7678-bd46-168eeefdc51c'],
  startsOn: '2027-01-01',
};
export const createDutyRotationRequest = z
  .strictObject({
    teamId: ref('duty_team'),
    name: z.string().trim().min(1).max(60),
    pattern: z.enum(DUTY_PATTERNS),
    handoffTime: hhmm,
    perShift: z.number().int().min(1).max(20).default(1),
    order: z.array(ref('user')).max(200).nullable().optional(),
    weekdayPattern: dutyWeekdayPattern.nullable().optional(),
    startsOn: dutyDate,
    endsOn: dutyDate.nullable().optional(),
    active: z.boolean().default(true),
  })
  .superRefine((r, ctx) => checkRotation(r, ctx, true))
  .meta({
    examples: [rotationExample],
    'x-probe': { ...rotationExample, teamId: '{duty_team}', perShift: 1, order: ['{user}'] },
  });
export type CreateDutyRotationRequest = z.infer<typeof createDutyRotationRequest>;

export const updateDutyRotationRequest = z
  .strictObject({
    name: z.string().trim().min(1).max(60).optional(),
    pattern: z.enum(DUTY_PATTERNS).optional(),
    handoffTime: hhmm.optional(),
    perShift: z.number().int().min(1).max(20).optional(),
    order: z.array(ref('user')).max(200).nullable().optional(),
    weekdayPattern: dutyWeekdayPattern.nullable().optional(),
    startsOn: dutyDate.optional(),
    endsOn: dutyDate.nullable().optional(),
    active: z.boolean().optional(),
  })
  .superRefine((r, ctx) => checkRotation(r, ctx, false))
  .meta({ examples: [{ handoffTime: '09:00' }], 'x-probe': { order: ['{user}'] } });
export type UpdateDutyRotationRequest = z.infer<typeof updateDutyRotationRequest>;

// ---- overrides, leave, check-ins (as the roster carries them) ----

export const dutyOverride = z.object({
  id: zId,
  teamId: zId,
  startsAt: isoDateTime,
  endsAt: isoDateTime,
  userId: zId,
  userName: z.string(),
  /** Null: an extra person on duty. */
  replacesUserId: zId.nullable(),
  replacesUserName: z.string().nullable(),
  reason: z.string().nullable(),
  source: z.enum(DUTY_OVERRIDE_SOURCES),
  swapId: zId.nullable(),
  createdBy: zId.nullable(),
  createdAt: isoDateTime,
});
export type DutyOverride = z.infer<typeof dutyOverride>;

const rangeCheck = (r: { startsAt: string; endsAt: string }, ctx: z.RefinementCtx) => {
  if (Date.parse(r.endsAt) <= Date.parse(r.startsAt))
    ctx.addIssue(localIssue({ zh: '结束时间须晚于开始时间', en: 'The end must be after the start' }, ['endsAt']));
  else if (Date.parse(r.endsAt) - Date.parse(r.startsAt) > 366 * 86_400_000)
    ctx.addIssue(localIssue({ zh: '时间范围不能超过一年', en: 'The range cannot exceed one year' }, ['endsAt']));
};

/** One person covers (part of) a slot; posting one is the calendar's drag-to-override. */
export const createDutyOverrideRequest = z
  .strictObject({
    teamId: ref('duty_team'),
    startsAt: scheduleDateTime,
    endsAt: scheduleDateTime,
    userId: ref('user'),
    replacesUserId: ref('user').nullable().optional(),
    reason: text(200).optional(),
  })
  .superRefine(rangeCheck)
  .meta({
    examples: [
      {
        teamId: '01a20af3-8b8f-7678-bd46-168eeefdc51a',
        startsAt: '2027-01-05T08:00:00+08:00',
        endsAt: '2027-01-06T08:00:00+08:00',
        userId: '01a20af3-8b8f-7678-bd46-168eeefdc51b',
        replacesUserId: '01a20af3-8b8f-7678-bd46-168eeefdc51c',
        reason: '家中有事',
      },
    ],
    'x-probe': {
      teamId: '{duty_team}',
      startsAt: '2027-01-05T08:00:00+08:00',
      endsAt: '2027-01-06T08:00:00+08:00',
      userId: '{user}',
    },
  });
export type CreateDutyOverrideRequest = z.infer<typeof createDutyOverrideRequest>;

export const dutyLeave = z.object({
  id: zId,
  teamId: zId.nullable(),
  userId: zId,
  userName: z.string(),
  startsAt: isoDateTime,
  endsAt: isoDateTime,
  reason: z.string().nullable(),
  status: z.enum(DUTY_LEAVE_STATUSES),
  decidedBy: zId.nullable(),
  decidedAt: isoDateTime.nullable(),
  createdBy: zId.nullable(),
  createdAt: isoDateTime,
});
export type DutyLeave = z.infer<typeof dutyLeave>;
export const dutyLeavePage = page(dutyLeave);

export const dutyLeavesQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  status: z.enum(DUTY_LEAVE_STATUSES).optional(),
  teamId: ref('duty_team').optional(),
  userId: ref('user').optional(),
  /** My own leave only. */
  mine: z.enum(['true', 'false']).optional(),
});

/**
 * Leave. Without `userId` it is the caller's own (a request waiting for approval); a leader (for their team's
 * members) or the office may enter it for someone, approved at once.
 */
export const createDutyLeaveRequest = z
  .strictObject({
    userId: ref('user').optional(),
    teamId: ref('duty_team').nullable().optional(),
    startsAt: scheduleDateTime,
    endsAt: scheduleDateTime,
    reason: text(200).optional(),
  })
  .superRefine(rangeCheck)
  .meta({
    examples: [{ startsAt: '2027-01-10T00:00:00+08:00', endsAt: '2027-01-12T00:00:00+08:00', reason: '探亲' }],
    'x-probe': {
      userId: '{user}',
      teamId: '{duty_team}',
      startsAt: '2027-01-10T00:00:00+08:00',
      endsAt: '2027-01-12T00:00:00+08:00',
    },
  });
export type CreateDutyLeaveRequest = z.infer<typeof createDutyLeaveRequest>;

/** Body of approve/reject of leave and of every swap action: an optional note. */
export const dutyDecisionRequest = z.strictObject({ note: text(200).optional() }).meta({ examples: [{ note: '同意' }] });
export type DutyDecisionRequest = z.infer<typeof dutyDecisionRequest>;

export const dutyCheckIn = z.object({
  id: zId,
  teamId: zId,
  teamName: z.string(),
  userId: zId,
  userName: z.string(),
  checkedInAt: isoDateTime,
  checkedOutAt: isoDateTime.nullable(),
  method: z.enum(DUTY_CHECK_IN_METHODS),
  /** Start of the slot the check-in belongs to (null: checked in outside one's slots). */
  slotStart: isoDateTime.nullable(),
});
export type DutyCheckIn = z.infer<typeof dutyCheckIn>;

// ---- roster and on duty ----

export const dutySlotAssignee = z.object({
  userId: zId,
  name: z.string(),
  /** 'rotation': scheduled; 'override' / 'swap': covering. */
  source: z.enum(['rotation', 'override', 'swap']),
  overrideId: zId.nullable(),
  /** Checked in for this slot (a check-in overlapping it). */
  checkedIn: z.boolean(),
});
export const dutySlotRemoval = z.object({
  userId: zId,
  name: z.string(),
  reason: z.enum(['leave', 'override', 'swap']),
  /** The leave or override that took the person off. */
  refId: zId,
});

export const dutySlot = z.object({
  teamId: zId,
  rotationId: zId,
  start: isoDateTime,
  end: isoDateTime,
  kind: z.enum(DUTY_SLOT_KINDS),
  /** Who the rotation puts on (before overrides and leave). */
  scheduledUserIds: z.array(zId),
  /** Who is on duty (after overrides and leave). */
  userIds: z.array(zId),
  assignees: z.array(dutySlotAssignee),
  removed: z.array(dutySlotRemoval),
  /** Fewer than the team's minOnDuty. */
  gap: z.boolean(),
  minOnDuty: z.number().int(),
  /** Part of the slot lies between 22:00 and 06:00 local. */
  night: z.boolean(),
  /** The slot starts on a public holiday (local date). */
  holiday: z.boolean(),
});
export type DutySlot = z.infer<typeof dutySlot>;

/** The calendar's one call: local dates `from`..`to` inclusive, at most 62 days (else 422). */
export const dutyRosterQuery = z
  .strictObject({
    /** One team; all teams the caller may see when absent. */
    teamId: ref('duty_team').optional(),
    from: isoDate.meta({ examples: ['2027-01-01'] }),
    to: isoDate.meta({ examples: ['2027-01-31'] }),
  })
  .superRefine((q, ctx) => {
    if (q.to < q.from)
      ctx.addIssue(localIssue({ zh: '结束日期不能早于开始日期', en: 'The end date cannot be before the start date' }, ['to']));
    else if ((Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 > 61)
      ctx.addIssue(localIssue({ zh: '一次最多查询 62 天', en: 'At most 62 days per request' }, ['to']));
  });
export type DutyRosterQuery = z.infer<typeof dutyRosterQuery>;

export const dutyRosterResponse = z.object({
  from: isoDate,
  to: isoDate,
  timeZone: z.string(),
  teams: z.array(z.object({ id: zId, name: z.string(), kind: z.enum(DUTY_TEAM_KINDS), minOnDuty: z.number().int() })),
  /** Every team member and covering person named in the slots. */
  people: z.array(dutyPerson),
  slots: z.array(dutySlot),
  overrides: z.array(dutyOverride),
  /** Approved and requested leave overlapping the range (requested leave does not change slots). */
  leaves: z.array(dutyLeave),
  checkIns: z.array(dutyCheckIn),
  /** Number of slots with a gap. */
  gaps: z.number().int(),
});
export type DutyRosterResponse = z.infer<typeof dutyRosterResponse>;

export const dutyOnDutyQuery = z.strictObject({
  teamId: ref('duty_team').optional(),
  /** Default now. */
  at: scheduleDateTime.optional(),
});

export const dutyOnDutyTeam = z.object({
  teamId: zId,
  teamName: z.string(),
  kind: z.enum(DUTY_TEAM_KINDS),
  minOnDuty: z.number().int(),
  /** The slot(s) covering T: the earliest start and latest end of them; null when no rotation covers T. */
  slot: z.object({ start: isoDateTime, end: isoDateTime, kind: z.enum(DUTY_SLOT_KINDS) }).nullable(),
  people: z.array(
    dutyPerson.extend({
      /** Masked unless `pii.view`. */
      phone: z.string().nullable(),
      checkedIn: z.boolean(),
    }),
  ),
  gap: z.boolean(),
});
export type DutyOnDutyTeam = z.infer<typeof dutyOnDutyTeam>;
export const dutyOnDutyResponse = z.object({ at: isoDateTime, teams: z.array(dutyOnDutyTeam) });
export type DutyOnDutyResponse = z.infer<typeof dutyOnDutyResponse>;

// ---- swaps ----

export const dutySwap = z.object({
  id: zId,
  teamId: zId,
  teamName: z.string(),
  requesterId: zId,
  requesterName: z.string(),
  requesterSlotStart: isoDateTime,
  requesterSlotEnd: isoDateTime,
  counterpartId: zId,
  counterpartName: z.string(),
  /** Null: the counterpart covers without giving a slot back. */
  counterpartSlotStart: isoDateTime.nullable(),
  counterpartSlotEnd: isoDateTime.nullable(),
  reason: z.string().nullable(),
  status: z.enum(DUTY_SWAP_STATUSES),
  decidedBy: zId.nullable(),
  decidedAt: isoDateTime.nullable(),
  decisionNote: z.string().nullable(),
  /** What the caller may do now. */
  actions: z.array(z.enum(DUTY_SWAP_ACTIONS)),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type DutySwap = z.infer<typeof dutySwap>;
export const dutySwapPage = page(dutySwap);

export const dutySwapsQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  status: z.enum(DUTY_SWAP_STATUSES).optional(),
  teamId: ref('duty_team').optional(),
  /** Swaps I asked for or was asked. */
  mine: z.enum(['true', 'false']).optional(),
});

export const createDutySwapRequest = z
  .strictObject({
    teamId: ref('duty_team'),
    /** Start of my slot I give away (as the roster or my shifts list it). */
    requesterSlotStart: scheduleDateTime,
    counterpartId: ref('user'),
    /** Start of the counterpart's slot I take in return; absent/null: they cover without a slot back. */
    counterpartSlotStart: scheduleDateTime.nullable().optional(),
    reason: text(200).optional(),
  })
  .meta({
    examples: [
      {
        teamId: '01a20af3-8b8f-7678-bd46-168eeefdc51a',
        requesterSlotStart: '2027-01-05T08:00:00+08:00',
        counterpartId: '01a20af3-8b8f-7678-bd46-168eeefdc51b',
        counterpartSlotStart: '2027-01-07T08:00:00+08:00',
        reason: '孩子开家长会',
      },
    ],
    'x-probe': {
      teamId: '{duty_team}',
      requesterSlotStart: '2027-01-05T08:00:00+08:00',
      counterpartId: '{user}',
    },
  });
export type CreateDutySwapRequest = z.infer<typeof createDutySwapRequest>;

// ---- me: shifts, check-in ----

export const dutyMyShiftsQuery = z.strictObject({
  days: z.coerce.number().int().min(1).max(90).default(30),
});

export const dutyMyShift = z.object({
  teamId: zId,
  teamName: z.string(),
  rotationId: zId,
  start: isoDateTime,
  end: isoDateTime,
  kind: z.enum(DUTY_SLOT_KINDS),
  /** 'rotation': scheduled; 'override'/'swap': I cover it. */
  source: z.enum(['rotation', 'override', 'swap']),
  /** The others on duty with me. */
  colleagues: z.array(dutyPerson),
  /** An open swap (requested/accepted) touching this slot, and my side of it. */
  swap: z.object({ id: zId, status: z.enum(DUTY_SWAP_STATUSES), role: z.enum(['requester', 'counterpart']) }).nullable(),
});
export type DutyMyShift = z.infer<typeof dutyMyShift>;
export const dutyMyShiftsResponse = z.object({ items: z.array(dutyMyShift) });

export const dutyCheckInRequest = z
  .strictObject({
    teamId: ref('duty_team'),
    method: z.enum(DUTY_CHECK_IN_METHODS),
    /** The scanned duty-room QR payload (method 'qr'): another zone's or team's, or tampered → 422. */
    code: z.string().min(1).max(300).optional(),
  })
  .superRefine((r, ctx) => {
    if (r.method === 'qr' && !r.code)
      ctx.addIssue(localIssue({ zh: '请扫描值班室二维码', en: 'Scan the duty room QR code' }, ['code']));
  })
  .meta({
    examples: [{ teamId: '01a20af3-8b8f-7678-bd46-168eeefdc51a', method: 'button' }],
    'x-probe': { teamId: '{duty_team}', method: 'button' },
  });
export type DutyCheckInRequest = z.infer<typeof dutyCheckInRequest>;

export const dutyMyCheckInResponse = z.object({ checkIn: dutyCheckIn.nullable() });

// ---- fairness ----

export const dutyFairnessQuery = z.strictObject({
  month: z
    .string()
    .regex(/^(20\d\d)-(0[1-9]|1[0-2])$/, { message: '月份格式应为 YYYY-MM' })
    .meta({ examples: ['2027-01'] }),
  teamId: ref('duty_team').optional(),
});
export type DutyFairnessQuery = z.infer<typeof dutyFairnessQuery>;

export const dutyFairnessRow = z.object({
  teamId: zId,
  teamName: z.string(),
  userId: zId,
  name: z.string(),
  /** Hours of the person's slots (after overrides and leave) inside the month. */
  scheduledHours: z.number(),
  /**
   * Hours checked in inside the person's own slots (check-in to check-out, clipped to the month and to their slots;
   * an open check-in counts up to now).
   */
  actualHours: z.number(),
  /** Hours checked in outside their own slots (额外在岗: reinforcing without a shift, early or staying on). */
  extraHours: z.number(),
  shifts: z.number().int(),
  /** Slots with any part between 22:00 and 06:00 local. */
  nights: z.number().int(),
  /** Slots starting on a public holiday. */
  holidayShifts: z.number().int(),
});
export type DutyFairnessRow = z.infer<typeof dutyFairnessRow>;
export const dutyFairnessResponse = z.object({
  month: z.string(),
  timeZone: z.string(),
  /** Where holidays come from (e.g. 'chinese-days'). */
  holidaySource: z.string(),
  rows: z.array(dutyFairnessRow),
});
export type DutyFairnessResponse = z.infer<typeof dutyFairnessResponse>;
