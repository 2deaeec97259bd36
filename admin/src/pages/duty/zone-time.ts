/**
 * Wall-clock helpers for the duty calendar: slots are UTC instants, the calendar shows them in the zone's time zone
 * (the roster answer names it), whatever the browser's own zone is. Plain `Intl` (no time-zone library in the
 * console's bundle); the same arithmetic as packages/domain/src/time.ts.
 */

const fmtCache = new Map<string, Intl.DateTimeFormat>();

function parts(instant: Date, timeZone: string): Record<string, number> {
  let f = fmtCache.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    fmtCache.set(timeZone, f);
  }
  const out: Record<string, number> = {};
  for (const p of f.formatToParts(instant)) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The zone's calendar date (YYYY-MM-DD) of an instant. */
export function zoneDate(instant: Date | string, timeZone: string): string {
  const p = parts(new Date(instant), timeZone);
  return `${p.year}-${pad(p.month!)}-${pad(p.day!)}`;
}

/** The zone's wall-clock time (HH:mm) of an instant. */
export function zoneClock(instant: Date | string, timeZone: string): string {
  const p = parts(new Date(instant), timeZone);
  return `${pad(p.hour!)}:${pad(p.minute!)}`;
}

/** `YYYY-MM-DD HH:mm` in the zone. */
export function zoneMinute(instant: Date | string | null | undefined, timeZone: string): string {
  if (!instant) return '—';
  return `${zoneDate(instant, timeZone)} ${zoneClock(instant, timeZone)}`;
}

function offsetMinutes(utc: Date, timeZone: string): number {
  const p = parts(utc, timeZone);
  const asUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return Math.round((asUtc - Math.floor(utc.getTime() / 1000) * 1000) / 60000);
}

/** The UTC instant of a wall-clock `date` (YYYY-MM-DD) `time` (HH:mm) in the zone. */
export function zoneInstant(date: string, time: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi] = time.split(':').map(Number) as [number, number];
  const guess = new Date(Date.UTC(y, m - 1, d, h, mi, 0));
  const first = offsetMinutes(guess, timeZone);
  const adjusted = new Date(guess.getTime() - first * 60000);
  const second = offsetMinutes(adjusted, timeZone);
  return second === first ? adjusted : new Date(guess.getTime() - second * 60000);
}

/** A date `days` calendar days after `date` (YYYY-MM-DD arithmetic). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a date. */
export function isoWeekday(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return ((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7) + 1;
}

/** The Monday on or before `date`. */
export function weekStart(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

/**
 * The days a calendar shows: a month view is whole weeks (Monday first) around the month `anchor` lies in, a
 * week view the 7 days of its week.
 */
export function calendarDays(anchor: string, view: 'month' | 'week'): string[] {
  const first = view === 'week' ? weekStart(anchor) : weekStart(`${anchor.slice(0, 7)}-01`);
  let last: string;
  if (view === 'week') last = addDays(first, 6);
  else {
    const [y, m] = anchor.split('-').map(Number) as [number, number];
    const monthEnd = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
    last = addDays(weekStart(monthEnd), 6);
  }
  const out: string[] = [];
  for (let d = first; d <= last; d = addDays(d, 1)) out.push(d);
  return out;
}
