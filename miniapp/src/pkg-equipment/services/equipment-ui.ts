import type {
  AvailabilityResponse,
  EquipmentCondition,
  EquipmentLoan,
  EquipmentRequestStatus,
  EquipmentUnitStatus,
} from '@yuanan/contracts';

/**
 * 器材室 on the phone: pure helpers of the pkg-equipment pages (no Taro) — the request draft, date ranges, free
 * counts, how a loan and a request read. Shapes are @yuanan/contracts equipment.ts
 * (/work/briefs/duty-equipment-design.md). Dates are the phone's local calendar days (the zone's, in the zone).
 */

const pad2 = (n: number) => String(n).padStart(2, '0');

/** One line of a request being put together: a model and how many. */
export interface DraftItem {
  modelId: string;
  name: string;
  quantity: number;
}

/** 借用申请 as a draft kept on the phone: the catalogue fills the items, the form the rest. */
export interface RequestDraft {
  items: DraftItem[];
  /** First and last local day of the loan (YYYY-MM-DD, inclusive). */
  from: string;
  to: string;
  purpose: string;
  contactName: string;
  contactPhone: string;
}

export const EMPTY_REQUEST: RequestDraft = { items: [], from: '', to: '', purpose: '', contactName: '', contactPhone: '' };

/** The draft's storage key: one per zone and user. */
export function requestDraftKey(zone: string | undefined, userId: string | undefined): string {
  return `equipment-request:${zone ?? ''}:${userId ?? 'anon'}`;
}

/** The instant a local day starts on this phone (ISO, UTC). */
export function localDayStart(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y!, m! - 1, d!).toISOString();
}

/**
 * A loan of whole local days `from`..`to` (inclusive) as the api's half-open range: [from 00:00, the day after `to`
 * 00:00). Two days, e.g. 12-02..12-03 → [12-02 00:00, 12-04 00:00).
 */
export function dayRange(from: string, to: string): { startsAt: string; endsAt: string } {
  const [y, m, d] = to.split('-').map(Number);
  return { startsAt: localDayStart(from), endsAt: new Date(y!, m! - 1, d! + 1).toISOString() };
}

/** The local days a [startsAt, endsAt) range covers, as the form shows them: 12月2日 – 12月3日（2 天）. */
export function rangeText(startsAt: string, endsAt: string): string {
  const s = new Date(startsAt);
  // the end is exclusive: a range ending at midnight ends the day before
  const e = new Date(Date.parse(endsAt) - 1);
  const day = (d: Date) => `${d.getMonth() + 1}月${d.getDate()}日`;
  const days = Math.max(
    1,
    Math.round(
      (Date.UTC(e.getFullYear(), e.getMonth(), e.getDate()) - Date.UTC(s.getFullYear(), s.getMonth(), s.getDate())) / 86_400_000,
    ) + 1,
  );
  return days === 1 ? `${day(s)}（1 天）` : `${day(s)} – ${day(e)}（${days} 天）`;
}

/** 2026-12-03 18:00 */
export function dateTimeText(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
}

/**
 * A due time as a borrower reads it: a loan of whole days is due at midnight after its last day, shown as that day's
 * 24:00 (2026-12-03 24:00, not 2026-12-04 00:00); any other time as it is.
 */
export function dueText(iso: string): string {
  const d = new Date(iso);
  if (d.getHours() !== 0 || d.getMinutes() !== 0) return dateTimeText(iso);
  const day = new Date(d.getFullYear(), d.getMonth(), d.getDate() - 1);
  return `${day.getFullYear()}-${pad2(day.getMonth() + 1)}-${pad2(day.getDate())} 24:00`;
}

/** How many units of each model are free on every day of the period (the smallest daily count). */
export function freeCounts(av: AvailabilityResponse): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of av.models) out.set(m.modelId, m.days.length ? Math.min(...m.days.map((d) => d.free)) : 0);
  return out;
}

/** Problems of a request the phone can see before sending it (the api decides the rest: free units, longest loan). */
export function requestProblems(d: RequestDraft, today: string): Record<string, string> {
  const p: Record<string, string> = {};
  if (d.items.length === 0) p.items = '请先在「可借器材」中选择要借的器材';
  if (!d.from) p.startsAt = '请选择开始日期';
  else if (d.from < today) p.startsAt = '开始日期不能早于今天';
  if (!d.to) p.endsAt = '请选择结束日期';
  else if (d.from && d.to < d.from) p.endsAt = '结束日期不能早于开始日期';
  if (d.purpose.trim().length < 2) p.purpose = '请填写借用用途（至少 2 个字）';
  return p;
}

export type Tone = 'green' | 'red' | 'orange' | 'blue' | 'purple' | 'yellow' | '';

/** Where a loan stands, for its borrower and the keeper: text and tag colour. */
export function loanState(l: EquipmentLoan): { key: string; text: string; tone: Tone } {
  if (l.returnedAt) return { key: 'returned', text: '已归还', tone: 'green' };
  if (l.recalledAt) return { key: 'recalled', text: '已召回', tone: 'purple' };
  if (l.returnDeclaredAt) return { key: 'declared', text: '已申报归还，待器材室确认', tone: 'blue' };
  if (l.overdue) return { key: 'overdue', text: `逾期 ${Math.max(1, l.overdueDays)} 天`, tone: 'red' };
  return { key: 'on_loan', text: '借用中', tone: 'orange' };
}

export const REQUEST_TONES: Record<EquipmentRequestStatus, Tone> = {
  submitted: 'orange',
  approved: 'blue',
  rejected: 'red',
  cancelled: '',
  fulfilled: 'green',
};

export const UNIT_TONES: Record<EquipmentUnitStatus, Tone> = {
  available: 'green',
  reserved: 'blue',
  on_loan: 'orange',
  deployed: 'purple',
  maintenance: 'yellow',
  retired: '',
  lost: 'red',
};

export const CONDITION_TONES: Record<EquipmentCondition, Tone> = { good: 'green', fair: 'yellow', damaged: 'red' };

/** A phone number the api accepts (a masked one, 137****0001, is not sent back). */
export function sendablePhone(phone: string | null | undefined): string | undefined {
  const p = (phone ?? '').trim();
  return p && !p.includes('*') ? p : undefined;
}
