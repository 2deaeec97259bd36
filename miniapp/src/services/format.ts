const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * Times are reckoned on the zone's clock, not the phone's: a shift handed over at 08:00 in the zone reads 08:00 on
 * a phone set to UTC too. The session sets it from `me.tenant.timeZone` (IANA name, e.g. Asia/Shanghai); null
 * (signed out, or a JS engine without Intl time zones) falls back to the phone's clock.
 */
let displayTimeZone: string | null = null;
let zoneFormat: Intl.DateTimeFormat | null = null;

/** Set the zone's IANA time zone for every date and time shown (an unknown name or no Intl: the phone's clock). */
export function setDisplayTimeZone(tz: string | null | undefined): void {
  displayTimeZone = null;
  zoneFormat = null;
  if (!tz) return;
  try {
    zoneFormat = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      weekday: 'short',
    });
    zoneFormat.formatToParts(new Date(0));
    displayTimeZone = tz;
  } catch {
    zoneFormat = null;
  }
}

/** The time zone in use, or null for the phone's clock. */
export function getDisplayTimeZone(): string | null {
  return displayTimeZone;
}

/** A moment's wall-clock reading on the zone's clock: month 1–12, weekday 0 (Sunday)–6. */
export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  weekday: number;
}

const WEEKDAY_INDEX: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/** The wall-clock reading of a moment on the zone's clock (the phone's when no zone is set or Intl fails). */
export function zonedParts(d: Date): ZonedParts {
  if (zoneFormat) {
    try {
      const p: Record<string, string> = {};
      for (const part of zoneFormat.formatToParts(d)) p[part.type] = part.value;
      const hour = Number(p.hour) % 24;
      const parts = {
        year: Number(p.year),
        month: Number(p.month),
        day: Number(p.day),
        hour,
        minute: Number(p.minute),
        weekday: WEEKDAY_INDEX[p.weekday ?? ''] ?? -1,
      };
      if (Object.values(parts).every((n) => Number.isFinite(n) && n >= 0)) return parts;
    } catch {
      // fall through to the phone's clock
    }
  }
  return {
    year: d.getFullYear(),
    month: d.getMonth() + 1,
    day: d.getDate(),
    hour: d.getHours(),
    minute: d.getMinutes(),
    weekday: d.getDay(),
  };
}

/** HH:mm of a moment on the zone's clock. */
export function zonedHm(d: Date): string {
  const p = zonedParts(d);
  return `${pad2(p.hour)}:${pad2(p.minute)}`;
}

/** Dates as Chinese users read them in a list: 刚刚 / 5 分钟前 / 今天 14:05 / 昨天 09:30 / 11-02 08:00 / 2025-11-02 (zone's clock). */
export function formatTime(iso: string, now: Date = new Date()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const diff = now.getTime() - d.getTime();
  const hm = zonedHm(d);
  if (diff >= 0 && diff < 60_000) return '刚刚';
  if (diff >= 0 && diff < 3_600_000) return `${Math.floor(diff / 60_000)} 分钟前`;
  const day = isoDay(d);
  const today = isoDay(now);
  if (day === today) return `今天 ${hm}`;
  if (day === addDays(today, -1)) return `昨天 ${hm}`;
  if (day.slice(0, 4) === today.slice(0, 4)) return `${day.slice(5)} ${hm}`;
  return day;
}

/** 早上好 / 上午好 / 中午好 / 下午好 / 晚上好 (by the hour on the zone's clock) */
export function greeting(now: Date = new Date()): string {
  const h = zonedParts(now).hour;
  if (h < 6) return '夜深了';
  if (h < 9) return '早上好';
  if (h < 12) return '上午好';
  if (h < 14) return '中午好';
  if (h < 18) return '下午好';
  return '晚上好';
}

/** The calendar day (YYYY-MM-DD) of a moment on the zone's clock (the phone's when no zone is set). */
export function isoDay(d: Date = new Date()): string {
  const p = zonedParts(d);
  return `${p.year}-${pad2(p.month)}-${pad2(p.day)}`;
}

/** A calendar day plus n days (YYYY-MM-DD, no time zone involved). */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const t = new Date(Date.UTC(y!, m! - 1, d! + n));
  return `${t.getUTCFullYear()}-${pad2(t.getUTCMonth() + 1)}-${pad2(t.getUTCDate())}`;
}

/** Whole days from one calendar day to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  const ms = (day: string) => {
    const [y, m, d] = day.split('-').map(Number);
    return Date.UTC(y!, m! - 1, d!);
  };
  return Math.round((ms(to) - ms(from)) / 86_400_000);
}

/** 2026-11-24 14:05 (zone's clock) */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${isoDay(d)} ${zonedHm(d)}`;
}

/** 11月24日 (this year) or 2027年1月31日 */
export function formatDay(day: string, today: string = isoDay()): string {
  const [y, m, d] = day.split('-').map(Number);
  return y === Number(today.slice(0, 4)) ? `${m}月${d}日` : `${y}年${m}月${d}日`;
}
