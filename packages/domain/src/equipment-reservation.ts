import { addDays, zonedToUtc } from './time.ts';

/**
 * Equipment room (器材室) time arithmetic, no I/O: reservation overlap (half-open ranges), free ranges per unit,
 * free counts per local day, and maintenance due dates from a model's intervals.
 */

/** A time range [start, end): the end instant is not included, so a range ending at 10:00 and one starting at
 * 10:00 do not overlap (adjacent bookings are allowed). */
export interface TimeRange {
  start: Date;
  end: Date;
}

/** Whether two half-open ranges share an instant. Empty ranges (end ≤ start) overlap nothing. */
export function rangesOverlap(a: TimeRange, b: TimeRange): boolean {
  if (a.end.getTime() <= a.start.getTime() || b.end.getTime() <= b.start.getTime()) return false;
  return a.start.getTime() < b.end.getTime() && b.start.getTime() < a.end.getTime();
}

/** The first of `busy` (earliest start) that overlaps `candidate`, or null when the candidate is free. */
export function findConflict<T extends TimeRange>(busy: readonly T[], candidate: TimeRange): T | null {
  let best: T | null = null;
  for (const b of busy) if (rangesOverlap(b, candidate) && (!best || b.start.getTime() < best.start.getTime())) best = b;
  return best;
}

/**
 * The free parts of [from, to) given the busy ranges (any order, may overlap each other), earliest first.
 * Busy ranges outside the window are ignored.
 */
export function freeRanges(busy: readonly TimeRange[], from: Date, to: Date): TimeRange[] {
  const sorted = busy
    .filter((b) => rangesOverlap(b, { start: from, end: to }))
    .sort((a, b) => a.start.getTime() - b.start.getTime());
  const out: TimeRange[] = [];
  let cursor = from.getTime();
  for (const b of sorted) {
    if (b.start.getTime() > cursor) out.push({ start: new Date(cursor), end: b.start });
    cursor = Math.max(cursor, b.end.getTime());
    if (cursor >= to.getTime()) break;
  }
  if (cursor < to.getTime()) out.push({ start: new Date(cursor), end: to });
  return out;
}

/** The UTC range of a local calendar day (YYYY-MM-DD) in `timeZone`: [00:00 local, next day's 00:00 local). */
export function localDayRange(date: string, timeZone: string): TimeRange {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const next = addDays(date, 1).split('-').map(Number) as [number, number, number];
  return { start: zonedToUtc(y, m, d, 0, 0, 0, timeZone), end: zonedToUtc(next[0], next[1], next[2], 0, 0, 0, timeZone) };
}

/** The local dates from `from` to `to` inclusive (YYYY-MM-DD). */
export function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/**
 * Per local day from `from` to `to` (inclusive), how many of the units are free for the whole day: a unit counts
 * when none of its busy ranges touches the day. `units` is each unit's busy ranges (reservations, loans until due,
 * maintenance); units that cannot be lent at all should be left out by the caller.
 */
export function freeCountByDay(
  units: readonly (readonly TimeRange[])[],
  from: string,
  to: string,
  timeZone: string,
): { date: string; free: number }[] {
  return datesBetween(from, to).map((date) => {
    const day = localDayRange(date, timeZone);
    return { date, free: units.filter((busy) => !busy.some((b) => rangesOverlap(b, day))).length };
  });
}

/** A date `months` calendar months after `date` (YYYY-MM-DD), the day clamped to the month's end (01-31 + 1 → 02-28). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(d, last))).toISOString().slice(0, 10);
}

/** A maintenance rule of a model (e.g. 整机年检 every 12 months). */
export interface MaintenanceInterval {
  kind: string;
  label: string;
  intervalMonths: number;
}

/**
 * When each rule's next maintenance is due for one unit: `intervalMonths` after the last one of that kind
 * (`lastDone[kind]`, a local date), or after `since` (purchase date, else the date the unit was entered) when it
 * never had one. Sorted earliest first.
 */
export function maintenanceDueDates(
  rules: readonly MaintenanceInterval[],
  lastDone: Readonly<Record<string, string | null | undefined>>,
  since: string,
): { kind: string; label: string; dueOn: string }[] {
  return rules
    .map((r) => ({ kind: r.kind, label: r.label, dueOn: addMonths(lastDone[r.kind] ?? since, r.intervalMonths) }))
    .sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0));
}
