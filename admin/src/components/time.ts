import dayjs, { type Dayjs } from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);

/**
 * Times are shown on the zone's clock, not the browser's: a deadline "17:00" means 17:00 where the zone is, for a
 * city bureau officer travelling or a platform operator in another time zone alike. The session sets it from
 * `me.tenant.timeZone` (IANA name); null (signed out) falls back to the browser's.
 */
let displayTimeZone: string | null = null;

/** Set the zone's IANA time zone for every time shown (an unknown name is ignored: the browser's is kept). */
export function setDisplayTimeZone(tz: string | null | undefined): void {
  if (!tz) {
    displayTimeZone = null;
    return;
  }
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    displayTimeZone = tz;
  } catch {
    displayTimeZone = null;
  }
}

/** The zone's time zone in use, or null for the browser's. */
export function getDisplayTimeZone(): string | null {
  return displayTimeZone;
}

/** An instant (ISO string, Date or epoch ms) as a dayjs on the zone's clock; now when omitted. */
export function zoned(at?: string | number | Date | Dayjs | null): Dayjs {
  const d = at == null ? dayjs() : dayjs(at);
  return displayTimeZone ? d.tz(displayTimeZone) : d;
}

/** Today's date on the zone's clock, `YYYY-MM-DD`. */
export function zoneToday(): string {
  return zoned().format('YYYY-MM-DD');
}

export function fmtTime(iso: string | null | undefined): string {
  return iso ? zoned(iso).format('YYYY-MM-DD HH:mm:ss') : '—';
}
export function fmtMinute(iso: string | null | undefined): string {
  return iso ? zoned(iso).format('YYYY-MM-DD HH:mm') : '—';
}
export function fmtDate(iso: string | null | undefined): string {
  return iso ? zoned(iso).format('YYYY-MM-DD') : '—';
}
export function fromNow(iso: string | null | undefined): string {
  return iso ? dayjs(iso).fromNow() : '—';
}
