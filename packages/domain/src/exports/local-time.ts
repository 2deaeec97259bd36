import { wallClock } from '../time.ts';

const two = (n: number) => String(n).padStart(2, '0');

/** The UTC offset of `timeZone` at `at` as `+08:00` / `-05:30`. */
export function utcOffset(at: Date, timeZone: string): string {
  const [y, m, d, h, mi, s] = wallClock(at, timeZone);
  const minutes = Math.round((Date.UTC(y, m - 1, d, h, mi, s) - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
}

/**
 * An instant as people in the zone read it, with the offset stated so nobody has to guess:
 * `2026-03-15 14:32:05 (UTC+08:00 Asia/Shanghai)`. The notes sheets of exported workbooks write their times so
 * (a bare UTC time read as local is eight hours off in the zone).
 */
export function zonedTimestamp(at: Date, timeZone: string): string {
  const [y, m, d, h, mi, s] = wallClock(at, timeZone);
  return `${y}-${two(m)}-${two(d)} ${two(h)}:${two(mi)}:${two(s)} (UTC${utcOffset(at, timeZone)} ${timeZone})`;
}

/** Compact local stamp for file names: `20260315-143205` (the zone's wall clock, seconds included). */
export function fileStamp(at: Date, timeZone: string): string {
  const [y, m, d, h, mi, s] = wallClock(at, timeZone);
  return `${y}${two(m)}${two(d)}-${two(h)}${two(mi)}${two(s)}`;
}
