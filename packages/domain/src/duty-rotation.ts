/**
 * Rescue duty (值班) rosters, pure: the slots a rotation produces, overrides and leave applied to them, "who is
 * on duty at T", night and holiday counting and per-person fairness figures. No I/O; instants are UTC `Date`s,
 * handoff times and dates are wall-clock in the zone's IANA time zone (DST-safe: every slot boundary is computed
 * from its local date and time, so a 24-hour shift across a DST change lasts 23 or 25 hours).
 *
 * Public holidays: the `chinese-days` package (data bundled, works offline; covers the years its maintainers have
 * published, which is the State Council's notice of each year), plus any zone-supplied extra dates.
 */
import chineseDays from 'chinese-days';
import { daysBetween } from './inspection-schedule.ts';
import { addDays, localDate, zonedToUtc } from './time.ts';

export type DutyPatternKind = 'daily24' | 'day_night' | 'weekly';
export type DutySlotKindName = 'full' | 'day' | 'night';

/** A rotation as the roster needs it (the `duty_rotations` row). */
export interface DutyRotationInput {
  id: string;
  pattern: DutyPatternKind;
  /** 'HH:mm' local: daily24 / weekly shifts start here; day_night: the day shift starts here, the night 12 h later. */
  handoffTime: string;
  /** People per slot (order rotation). */
  perShift: number;
  /** Ordered user ids; slot n takes perShift people from index n × perShift (wrapping). */
  order: string[] | null;
  /** ISO weekday ('1' Mon … '7' Sun) of the slot's local start → user ids. */
  weekdayPattern: Partial<Record<string, string[]>> | null;
  /** Local date of the first slot. */
  startsOn: string;
  /** Local date of the last slot's start (inclusive), or null. */
  endsOn: string | null;
  active?: boolean;
}

/** One slot of one rotation: [start, end) in UTC and who the rotation puts on. */
export interface DutySlot {
  rotationId: string;
  start: Date;
  end: Date;
  kind: DutySlotKindName;
  userIds: string[];
}

/** A person covering (part of) a slot; `replacesUserId` null = an extra person. */
export interface DutyOverrideInput {
  id: string;
  startsAt: Date;
  endsAt: Date;
  userId: string;
  replacesUserId: string | null;
  source: 'manual' | 'swap';
}

/** Approved leave (requested or rejected leave must not be passed in). */
export interface DutyLeaveInput {
  id: string;
  userId: string;
  startsAt: Date;
  endsAt: Date;
}

export interface DutyAssignee {
  userId: string;
  source: 'rotation' | 'override' | 'swap';
  overrideId: string | null;
}
export interface DutyRemoval {
  userId: string;
  reason: 'leave' | 'override' | 'swap';
  refId: string;
}

/** A slot after overrides and leave. */
export interface ResolvedDutySlot extends DutySlot {
  scheduledUserIds: string[];
  assignees: DutyAssignee[];
  removed: DutyRemoval[];
  /** Fewer people than minOnDuty. */
  gap: boolean;
}

/** The calendar date (YYYY-MM-DD) of an instant in a time zone (time.ts; kept under this name for callers). */
export const dutyLocalDate = localDate;

function parseHhmm(t: string): [number, number] {
  const m = /^(\d{2}):(\d{2})$/.exec(t);
  if (!m) throw new Error(`bad handoff time ${t}`);
  return [Number(m[1]), Number(m[2])];
}

function atLocal(date: string, h: number, mi: number, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  // Hours ≥ 24 roll into the next day (day_night's night start).
  const extra = Math.floor(h / 24);
  if (extra) return atLocal(addDays(date, extra), h % 24, mi, timeZone);
  return zonedToUtc(y, m, d, h, mi, 0, timeZone);
}

/** ISO weekday (1 Monday … 7 Sunday) of a YYYY-MM-DD date. */
export function isoWeekday(date: string): number {
  const wd = new Date(`${date}T00:00:00Z`).getUTCDay();
  return wd === 0 ? 7 : wd;
}

function pick(rotation: DutyRotationInput, index: number, startDate: string): string[] {
  if (rotation.weekdayPattern) return [...(rotation.weekdayPattern[String(isoWeekday(startDate))] ?? [])];
  const order = rotation.order ?? [];
  if (!order.length) return [];
  const n = Math.min(rotation.perShift, order.length);
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(order[(((index * rotation.perShift + i) % order.length) + order.length) % order.length]!);
  return out;
}

/**
 * The slots of one rotation overlapping [fromUtc, toUtc), in start order. A slot belongs to the local date it
 * starts on; only dates from `startsOn` to `endsOn` start slots. Inactive rotations produce none.
 */
export function dutySlots(rotation: DutyRotationInput, fromUtc: Date, toUtc: Date, timeZone: string): DutySlot[] {
  if (rotation.active === false || toUtc <= fromUtc) return [];
  const [h, mi] = parseHhmm(rotation.handoffTime);
  const lookBack = rotation.pattern === 'weekly' ? 8 : 2;
  let d = addDays(localDate(fromUtc, timeZone), -lookBack);
  if (d < rotation.startsOn) d = rotation.startsOn;
  const last = localDate(toUtc, timeZone);
  const out: DutySlot[] = [];
  for (; d <= last; d = addDays(d, 1)) {
    if (rotation.endsOn && d > rotation.endsOn) break;
    const dayIndex = daysBetween(rotation.startsOn, d);
    const push = (start: Date, end: Date, kind: DutySlotKindName, index: number) => {
      if (end > fromUtc && start < toUtc && end > start)
        out.push({ rotationId: rotation.id, start, end, kind, userIds: pick(rotation, index, d) });
    };
    if (rotation.pattern === 'daily24') {
      push(atLocal(d, h, mi, timeZone), atLocal(addDays(d, 1), h, mi, timeZone), 'full', dayIndex);
    } else if (rotation.pattern === 'day_night') {
      const dayStart = atLocal(d, h, mi, timeZone);
      const nightStart = atLocal(d, h + 12, mi, timeZone);
      push(dayStart, nightStart, 'day', dayIndex * 2);
      push(nightStart, atLocal(addDays(d, 1), h, mi, timeZone), 'night', dayIndex * 2 + 1);
    } else if (dayIndex % 7 === 0) {
      push(atLocal(d, h, mi, timeZone), atLocal(addDays(d, 7), h, mi, timeZone), 'full', dayIndex / 7);
    }
  }
  return out;
}

const overlaps = (aStart: Date, aEnd: Date, bStart: Date, bEnd: Date) => aStart < bEnd && aEnd > bStart;

/**
 * Applies overrides, then approved leave, to slots: an override applies to every slot it overlaps (removing
 * `replacesUserId` when that person is on the slot, adding `userId`); a person on leave overlapping a slot is
 * taken off it, whoever put them there. `gap` when fewer than `minOnDuty` remain. Overrides apply in start order.
 */
export function resolveRoster(
  slots: DutySlot[],
  overrides: DutyOverrideInput[],
  leaves: DutyLeaveInput[],
  minOnDuty = 1,
): ResolvedDutySlot[] {
  const ordered = [...overrides].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.id.localeCompare(b.id));
  return slots.map((slot) => {
    let assignees: DutyAssignee[] = slot.userIds.map((userId) => ({ userId, source: 'rotation', overrideId: null }));
    const removed: DutyRemoval[] = [];
    for (const o of ordered) {
      if (!overlaps(o.startsAt, o.endsAt, slot.start, slot.end)) continue;
      if (o.replacesUserId && assignees.some((a) => a.userId === o.replacesUserId)) {
        assignees = assignees.filter((a) => a.userId !== o.replacesUserId);
        removed.push({ userId: o.replacesUserId, reason: o.source === 'swap' ? 'swap' : 'override', refId: o.id });
      }
      if (!assignees.some((a) => a.userId === o.userId))
        assignees.push({ userId: o.userId, source: o.source === 'swap' ? 'swap' : 'override', overrideId: o.id });
    }
    for (const l of leaves) {
      if (!overlaps(l.startsAt, l.endsAt, slot.start, slot.end)) continue;
      if (assignees.some((a) => a.userId === l.userId)) {
        assignees = assignees.filter((a) => a.userId !== l.userId);
        removed.push({ userId: l.userId, reason: 'leave', refId: l.id });
      }
    }
    const userIds = assignees.map((a) => a.userId);
    return { ...slot, scheduledUserIds: slot.userIds, userIds, assignees, removed, gap: userIds.length < minOnDuty };
  });
}

/** Everything needed to answer "who is on duty" for one team. */
export interface DutyTeamRosterInput {
  teamId: string;
  timeZone: string;
  minOnDuty: number;
  rotations: DutyRotationInput[];
  overrides: DutyOverrideInput[];
  /** Approved leave only. */
  leaves: DutyLeaveInput[];
}

/** The resolved slots of every rotation of a team overlapping [fromUtc, toUtc), by start then rotation. */
export function teamRoster(input: DutyTeamRosterInput, fromUtc: Date, toUtc: Date): ResolvedDutySlot[] {
  const slots = input.rotations.flatMap((r) => dutySlots(r, fromUtc, toUtc, input.timeZone));
  slots.sort((a, b) => a.start.getTime() - b.start.getTime() || a.rotationId.localeCompare(b.rotationId));
  return resolveRoster(slots, input.overrides, input.leaves, input.minOnDuty);
}

export interface OnDutyAnswer {
  teamId: string;
  /** Earliest start and latest end of the slots covering T (several rotations add up); null when none. */
  slot: { start: Date; end: Date; kind: DutySlotKindName } | null;
  userIds: string[];
  /** Fewer than minOnDuty on duty at T. */
  gap: boolean;
}

/**
 * Who is on duty at instant T (slots are half-open: at the handoff instant the incoming shift is on duty). People
 * of every rotation slot covering T after overrides and leave, plus anyone an override puts on duty at T when no
 * slot covers T (and who is not on leave then).
 */
export function onDutyAt(input: DutyTeamRosterInput, t: Date): OnDutyAnswer {
  const after = new Date(t.getTime() + 1);
  const slots = teamRoster(input, t, after).filter((s) => s.start <= t && t < s.end);
  const userIds: string[] = [];
  for (const s of slots) for (const u of s.userIds) if (!userIds.includes(u)) userIds.push(u);
  if (!slots.length) {
    for (const o of input.overrides)
      if (o.startsAt <= t && t < o.endsAt && !userIds.includes(o.userId))
        if (!input.leaves.some((l) => l.userId === o.userId && l.startsAt <= t && t < l.endsAt)) userIds.push(o.userId);
  }
  const slot = slots.length
    ? {
        start: new Date(Math.min(...slots.map((s) => s.start.getTime()))),
        end: new Date(Math.max(...slots.map((s) => s.end.getTime()))),
        kind: slots[0]!.kind,
      }
    : null;
  return { teamId: input.teamId, slot, userIds, gap: userIds.length < input.minOnDuty };
}

/** Hours of [start, end) lying between 22:00 and 06:00 local (夜间). */
export function nightHours(start: Date, end: Date, timeZone: string): number {
  let ms = 0;
  const last = localDate(end, timeZone);
  for (let d = addDays(localDate(start, timeZone), -1); d <= last; d = addDays(d, 1)) {
    const ns = atLocal(d, 22, 0, timeZone);
    const ne = atLocal(addDays(d, 1), 6, 0, timeZone);
    const s = Math.max(ns.getTime(), start.getTime());
    const e = Math.min(ne.getTime(), end.getTime());
    if (e > s) ms += e - s;
  }
  return ms / 3_600_000;
}

/** A slot is a night shift when any part of it lies between 22:00 and 06:00 local. */
export function isNightSlot(start: Date, end: Date, timeZone: string): boolean {
  return nightHours(start, end, timeZone) > 0;
}

/** Where public holidays come from (shown in the fairness report). */
export const HOLIDAY_SOURCE = 'chinese-days';

/**
 * The fixed-date statutory holidays (全国年节及纪念日放假办法, 2024 revision, Art. 2: 元旦 1 January, 劳动节 1–2 May,
 * 国庆节 1–3 October). Used for a year the bundled calendar has not published yet; the lunar holidays (春节, 清明,
 * 端午, 中秋) and the State Council's bridging days of such a year come from the zone's own list.
 */
const FIXED_STATUTORY_HOLIDAYS = new Set(['01-01', '05-01', '05-02', '10-01', '10-02', '10-03']);
const publishedYears = new Map<string, boolean>();
/** Whether the bundled calendar has the State Council's notice of a year (its 1 October is always a holiday). */
function yearPublished(year: string): boolean {
  let known = publishedYears.get(year);
  if (known === undefined) {
    try {
      const d = chineseDays.getDayDetail(`${year}-10-01`);
      known = d.work === false && d.name.includes(',');
    } catch {
      known = false;
    }
    publishedYears.set(year, known);
  }
  return known;
}

/**
 * Whether a local date (YYYY-MM-DD) is a Chinese public holiday (法定节假日, including the days the State
 * Council's notice adds around it; a weekend alone is not), or one of the zone's `extra` dates (setting
 * `publicHolidays`). A year the bundled calendar does not cover yet counts its fixed-date statutory holidays.
 */
export function isPublicHoliday(date: string, extra: readonly string[] = []): boolean {
  if (extra.includes(date)) return true;
  if (!yearPublished(date.slice(0, 4))) return FIXED_STATUTORY_HOLIDAYS.has(date.slice(5));
  try {
    const d = chineseDays.getDayDetail(date);
    return d.work === false && d.name.includes(',');
  } catch {
    return false;
  }
}

export interface DutyCheckInSpan {
  userId: string;
  checkedInAt: Date;
  /** Null: still checked in (counts up to `now`). */
  checkedOutAt: Date | null;
}

/** Per-person duty figures for a period. */
export interface DutyFairnessFigures {
  userId: string;
  scheduledHours: number;
  /** Checked-in hours inside the person's own slots. */
  actualHours: number;
  /** Checked-in hours outside the person's own slots (额外在岗: came in to reinforce, or stayed on). */
  extraHours: number;
  shifts: number;
  nights: number;
  holidayShifts: number;
}

const round1 = (h: number) => Math.round(h * 10) / 10;

/** Sorted, non-overlapping union of [start, end) spans (ms); touching spans join. */
function mergeSpans(spans: Array<[number, number]>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const [a, b] of [...spans].sort((x, y) => x[0] - y[0])) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** Milliseconds of [start, end) that fall inside the merged spans. */
function overlapMs(start: number, end: number, merged: Array<[number, number]>): number {
  let ms = 0;
  for (const [a, b] of merged) ms += Math.max(0, Math.min(end, b) - Math.max(start, a));
  return ms;
}

/**
 * Fairness figures over [fromUtc, toUtc): a slot counts (shift, night, holiday) for each person on it when it starts
 * inside the period; scheduled hours are the slot's hours clipped to the period; actual hours are check-in spans
 * clipped to the period (an open span up to `now`) and to the person's own slots, so a check-in with no shift does
 * not inflate them; the rest of the checked-in time is `extraHours` (额外在岗). Hours rounded to 0.1. Rows for every user in `userIds` and
 * anyone else appearing, sorted by user id.
 */
export function dutyFairness(
  slots: ResolvedDutySlot[],
  checkIns: DutyCheckInSpan[],
  fromUtc: Date,
  toUtc: Date,
  timeZone: string,
  opts: { now: Date; userIds?: string[]; extraHolidays?: readonly string[] },
): DutyFairnessFigures[] {
  const rows = new Map<string, DutyFairnessFigures>();
  const row = (userId: string) => {
    let r = rows.get(userId);
    if (!r)
      rows.set(
        userId,
        (r = { userId, scheduledHours: 0, actualHours: 0, extraHours: 0, shifts: 0, nights: 0, holidayShifts: 0 }),
      );
    return r;
  };
  for (const u of opts.userIds ?? []) row(u);
  /** Each person's own slot intervals [start, end) in ms. */
  const own = new Map<string, Array<[number, number]>>();
  for (const s of slots) {
    const clipped = Math.max(0, Math.min(s.end.getTime(), toUtc.getTime()) - Math.max(s.start.getTime(), fromUtc.getTime()));
    const startsIn = s.start >= fromUtc && s.start < toUtc;
    const night = startsIn && isNightSlot(s.start, s.end, timeZone);
    const holiday = startsIn && isPublicHoliday(localDate(s.start, timeZone), opts.extraHolidays);
    for (const u of s.userIds) {
      const r = row(u);
      let mine = own.get(u);
      if (!mine) own.set(u, (mine = []));
      mine.push([s.start.getTime(), s.end.getTime()]);
      r.scheduledHours += clipped / 3_600_000;
      if (startsIn) {
        r.shifts++;
        if (night) r.nights++;
        if (holiday) r.holidayShifts++;
      }
    }
  }
  for (const c of checkIns) {
    const end = Math.min((c.checkedOutAt ?? opts.now).getTime(), toUtc.getTime());
    const start = Math.max(c.checkedInAt.getTime(), fromUtc.getTime());
    if (end <= start) continue;
    const inSlots = overlapMs(start, end, mergeSpans(own.get(c.userId) ?? []));
    const r = row(c.userId);
    r.actualHours += inSlots / 3_600_000;
    r.extraHours += (end - start - inSlots) / 3_600_000;
  }
  return [...rows.values()]
    .map((r) => ({
      ...r,
      scheduledHours: round1(r.scheduledHours),
      actualHours: round1(r.actualHours),
      extraHours: round1(r.extraHours),
    }))
    .sort((a, b) => a.userId.localeCompare(b.userId));
}
