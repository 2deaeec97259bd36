/**
 * Inspection schedule rules (检查计划 → 检查任务): which period a date falls in for a plan's frequency, the task's
 * start and complete-by instants in the zone's time zone, the by-colour rolling chain (a colour change moves the next
 * due date), and the missed / late rules. Pure: dates are `YYYY-MM-DD` calendar dates of the zone, instants are UTC.
 *
 * Day arithmetic uses the zone-time helpers of ./time.ts (`addDays`, `localDate`, `zonedToUtc`); months and quarters
 * use `Date.UTC`'s own normalisation. No other calendar math.
 */
import { addDays, zonedToUtc } from './time.ts';

export const INSPECTION_FREQUENCIES = ['by_colour', 'weekly', 'fortnightly', 'monthly', 'quarterly', 'once'] as const;
export type InspectionFrequency = (typeof INSPECTION_FREQUENCIES)[number];

export type ScheduleColour = 'red' | 'orange' | 'yellow' | 'blue';
/** The zone's `inspectionFrequencyDays` table. */
export type FrequencyDays = Record<ScheduleColour, number>;
export const DEFAULT_INSPECTION_FREQUENCY_DAYS: FrequencyDays = { red: 7, orange: 14, yellow: 30, blue: 90 };
/** An enterprise not yet rated is inspected like a yellow one. */
export const UNRATED_COLOUR: ScheduleColour = 'yellow';
/** A one-off plan without an end date stays open this many days unless the plan sets a window. */
export const ONCE_DEFAULT_DAYS = 7;

export interface ScheduleRule {
  frequency: InspectionFrequency;
  /** The plan's first day (zone date). */
  startDate: string;
  /** The plan's last day (zone date), inclusive; null = open-ended. */
  endDate?: string | null;
  /** Days a task stays open before it must be complete; null = the whole period. */
  windowDays?: number | null;
}

export interface SchedulePeriod {
  /** The period's (possibly clipped) first day: the task's `periodKey`. */
  periodKey: string;
  /** First and last day of the period, inclusive (zone dates). */
  startDate: string;
  endDate: string;
  /** The complete-by day: start + windowDays − 1, never after the period's end. */
  dueDate: string;
}

const DAY_MS = 86_400_000;

function dateNumber(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / DAY_MS;
}

/** Whole days from `from` to `to` (zone dates). */
export function daysBetween(from: string, to: string): number {
  return Math.round(dateNumber(to) - dateNumber(from));
}

function firstOfMonth(date: string, monthOffset = 0): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1 + monthOffset, 1)).toISOString().slice(0, 10);
}

function firstOfQuarter(date: string): string {
  const m = Number(date.slice(5, 7));
  return firstOfMonth(date, -((m - 1) % 3));
}

function minDate(a: string, b: string): string {
  return a < b ? a : b;
}
function maxDate(a: string, b: string): string {
  return a > b ? a : b;
}

/** Period length in days for day-based frequencies; null for calendar months/quarters and one-off plans. */
export function periodLengthDays(
  frequency: InspectionFrequency,
  colour: ScheduleColour | null | undefined,
  frequencyDays: FrequencyDays = DEFAULT_INSPECTION_FREQUENCY_DAYS,
): number | null {
  switch (frequency) {
    case 'by_colour':
      return Math.max(1, frequencyDays[colour ?? UNRATED_COLOUR]);
    case 'weekly':
      return 7;
    case 'fortnightly':
      return 14;
    default:
      return null;
  }
}

function finish(rule: ScheduleRule, start: string, end: string): SchedulePeriod | null {
  const clippedEnd = rule.endDate ? minDate(end, rule.endDate) : end;
  if (clippedEnd < start) return null;
  const window = rule.windowDays && rule.windowDays > 0 ? rule.windowDays : null;
  const due = window ? minDate(addDays(start, window - 1), clippedEnd) : clippedEnd;
  return { periodKey: start, startDate: start, endDate: clippedEnd, dueDate: due };
}

export interface PeriodOptions {
  /** The enterprise's colour (by_colour plans). */
  colour?: ScheduleColour | null;
  frequencyDays?: FrequencyDays;
  /**
   * by_colour only: where the enterprise's rolling chain starts (see `byColourAnchor`); defaults to the plan's start.
   */
  anchor?: string | null;
}

/**
 * The period of `date` under a plan, or null when the date is before the plan's start (or chain anchor) or after its
 * end. Day-based frequencies count whole periods from the anchor; monthly and quarterly follow the calendar (the
 * first period clipped to the plan's start); a one-off plan has the single period [startDate, endDate].
 */
export function periodOf(rule: ScheduleRule, date: string, options: PeriodOptions = {}): SchedulePeriod | null {
  if (date < rule.startDate) return null;
  if (rule.endDate && date > rule.endDate) return null;
  switch (rule.frequency) {
    case 'monthly': {
      const start = maxDate(firstOfMonth(date), rule.startDate);
      return finish(rule, start, addDays(firstOfMonth(date, 1), -1));
    }
    case 'quarterly': {
      const q = firstOfQuarter(date);
      return finish(rule, maxDate(q, rule.startDate), addDays(firstOfMonth(q, 3), -1));
    }
    case 'once': {
      const end = rule.endDate ?? addDays(rule.startDate, (rule.windowDays ?? ONCE_DEFAULT_DAYS) - 1);
      if (date > end) return null;
      return finish(rule, rule.startDate, end);
    }
    default: {
      const length = periodLengthDays(rule.frequency, options.colour, options.frequencyDays)!;
      const anchor = rule.frequency === 'by_colour' && options.anchor ? maxDate(options.anchor, rule.startDate) : rule.startDate;
      if (date < anchor) return null;
      const index = Math.floor(daysBetween(anchor, date) / length);
      const start = addDays(anchor, index * length);
      return finish(rule, start, addDays(start, length - 1));
    }
  }
}

/**
 * The period a task should exist for on `today`: the one containing today, or — for a by_colour chain that starts
 * after today (an inspection was completed today) — the chain's first period, to be opened when it starts.
 */
export function currentOrNextPeriod(rule: ScheduleRule, today: string, options: PeriodOptions = {}): SchedulePeriod | null {
  const current = periodOf(rule, today, options);
  if (current) return current;
  if (rule.frequency === 'by_colour' && options.anchor && options.anchor > today) {
    return periodOf(rule, maxDate(options.anchor, rule.startDate), options);
  }
  return null;
}

/**
 * Where an enterprise's by_colour chain starts: the day after its last completed inspection under the plan, or the
 * day after the complete-by day of its last missed one, whichever is later; the plan's start when there is neither.
 * "Next due = last inspection + the colour's period": a red enterprise inspected on the 1st is due again by the 8th.
 */
export function byColourAnchor(
  planStart: string,
  lastCompletedDate: string | null | undefined,
  lastMissedDueDate: string | null | undefined,
): string {
  let anchor = planStart;
  if (lastCompletedDate) anchor = maxDate(anchor, addDays(lastCompletedDate, 1));
  if (lastMissedDueDate) anchor = maxDate(anchor, addDays(lastMissedDueDate, 1));
  return anchor;
}

/** The next period after an inspection completed on `completedDate`, for the enterprise's (new) colour. */
export function nextPeriodAfterCompletion(
  rule: ScheduleRule,
  completedDate: string,
  colour: ScheduleColour | null | undefined,
  frequencyDays: FrequencyDays = DEFAULT_INSPECTION_FREQUENCY_DAYS,
): SchedulePeriod | null {
  const anchor = byColourAnchor(rule.startDate, completedDate, null);
  if (rule.frequency === 'by_colour') return periodOf(rule, anchor, { colour, frequencyDays, anchor });
  return periodOf(rule, anchor, { colour, frequencyDays });
}

export interface PeriodInstants {
  /** Start of the period's first day in the zone. */
  startAt: Date;
  /** End of the complete-by day in the zone (23:59:59.999 local). */
  dueAt: Date;
}

/**
 * Day boundaries already computed, by zone and date: generation asks for the same few periods thousands of times,
 * and each `zonedToUtc` builds Intl formatters (about 0.2 ms apiece). Bounded: cleared past 20,000 entries.
 */
const dayStarts = new Map<string, number>();

function startOfZoneDay(date: string, timeZone: string): number {
  const key = `${timeZone}|${date}`;
  let at = dayStarts.get(key);
  if (at === undefined) {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    at = zonedToUtc(y, m, d, 0, 0, 0, timeZone).getTime();
    if (dayStarts.size >= 20_000) dayStarts.clear();
    dayStarts.set(key, at);
  }
  return at;
}

/** The UTC instants of a period's start and complete-by (the instant before the next day starts) in the zone. */
export function periodInstants(period: Pick<SchedulePeriod, 'startDate' | 'dueDate'>, timeZone: string): PeriodInstants {
  return {
    startAt: new Date(startOfZoneDay(period.startDate, timeZone)),
    dueAt: new Date(startOfZoneDay(addDays(period.dueDate, 1), timeZone) - 1),
  };
}

export type InspectionTaskStatus = 'scheduled' | 'open' | 'in_progress' | 'done' | 'missed';

/** The status a freshly generated task starts in. */
export function initialTaskStatus(startAt: Date, now: Date): 'scheduled' | 'open' {
  return startAt.getTime() <= now.getTime() ? 'open' : 'scheduled';
}

/**
 * The status sweep (every 15 minutes): scheduled → open once started; scheduled/open → missed once past complete-by
 * without having been started (逾期未检). A task in progress past complete-by stays in progress (it will be `late`).
 * Returns the new status, or null when the task stays as it is.
 */
export function sweptStatus(
  task: { status: InspectionTaskStatus; startAt: Date; dueAt: Date; startedAt?: Date | null },
  now: Date,
): InspectionTaskStatus | null {
  if (task.status !== 'scheduled' && task.status !== 'open') return null;
  if (task.startedAt) return null;
  if (now.getTime() > task.dueAt.getTime()) return 'missed';
  if (task.status === 'scheduled' && now.getTime() >= task.startAt.getTime()) return 'open';
  return null;
}

/** 超期完成: completed after the complete-by instant. */
export function isLate(completedAt: Date, dueAt: Date): boolean {
  return completedAt.getTime() > dueAt.getTime();
}

/** When the assignee is reminded: `hours` before complete-by (never before the task starts). */
export function reminderAt(task: { startAt: Date; dueAt: Date }, hours: number): Date {
  return new Date(Math.max(task.startAt.getTime(), task.dueAt.getTime() - hours * 3_600_000));
}

/** Whether the reminder is due now: the task is open or in progress, not yet reminded, inside the reminder window. */
export function reminderDue(
  task: { status: InspectionTaskStatus; startAt: Date; dueAt: Date; reminderSentAt?: Date | null },
  now: Date,
  hours: number,
): boolean {
  if (task.reminderSentAt) return false;
  if (task.status !== 'open' && task.status !== 'in_progress' && task.status !== 'scheduled') return false;
  const t = now.getTime();
  return t >= reminderAt(task, hours).getTime() && t <= task.dueAt.getTime();
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** The zone date (YYYY-MM-DD) of an instant, as `localDate`, with one formatter per time zone (set-based callers). */
export function zoneDate(instant: Date, timeZone: string): string {
  let f = dateFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormats.set(timeZone, f);
  }
  return f.format(instant);
}
