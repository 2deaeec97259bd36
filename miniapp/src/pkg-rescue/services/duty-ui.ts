import { addDays, isoDay, zonedHm, zonedParts } from '../../services/format';
import type { DutyMyShift, DutySlotKind, DutySwap, DutySwapAction, DutySwapStatus } from '@yuanan/contracts';

/**
 * 值班 on the phone: pure helpers for the rescue pages (no Taro): how a shift and a swap read, which shift is the
 * next one, which swaps wait for whom. Shapes are @yuanan/contracts duty.ts (/work/briefs/duty-equipment-design.md).
 * Times are shown on the zone's clock (services/format.ts setDisplayTimeZone, set from the session), whatever the
 * phone's time zone.
 */

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

/** 12月3日 周四 (zone's clock) */
export function dayLabel(iso: string): string {
  const p = zonedParts(new Date(iso));
  return `${p.month}月${p.day}日 ${WEEKDAYS[p.weekday]}`;
}

/** 08:00 (zone's clock) */
export function hm(iso: string): string {
  return zonedHm(new Date(iso));
}

/**
 * A shift's time as one line: 「12月3日 周四 08:00 – 次日 08:00」, 「12月3日 周四 08:00 – 20:00」, or with both days
 * when it spans more than a night (days and hours on the zone's clock).
 */
export function shiftRange(start: string, end: string): string {
  const sDay = isoDay(new Date(start));
  const eDay = isoDay(new Date(end));
  const endText = sDay === eDay ? hm(end) : addDays(sDay, 1) === eDay ? `次日 ${hm(end)}` : `${dayLabel(end)} ${hm(end)}`;
  return `${dayLabel(start)} ${hm(start)} – ${endText}`;
}

export const SLOT_KIND_TEXT: Record<DutySlotKind, string> = { full: '24小时班', day: '白班', night: '夜班' };

/** How long until a moment, in words: 「3 小时后」「2 天后」「进行中」. */
export function untilText(start: string, end: string, now: Date = new Date()): string {
  const s = Date.parse(start);
  const e = Date.parse(end);
  const t = now.getTime();
  if (s <= t && t < e) return '值班中';
  if (e <= t) return '已结束';
  const min = Math.round((s - t) / 60_000);
  if (min < 60) return `${Math.max(1, min)} 分钟后开始`;
  const h = Math.round(min / 60);
  if (h < 48) return `${h} 小时后开始`;
  return `${Math.round(h / 24)} 天后开始`;
}

/** The shift going on now or the next to come (shifts sorted by start), or null. */
export function nextShift(shifts: DutyMyShift[], now: Date = new Date()): DutyMyShift | null {
  const t = now.getTime();
  return [...shifts].sort((a, b) => Date.parse(a.start) - Date.parse(b.start)).find((s) => Date.parse(s.end) > t) ?? null;
}

/** Tag colour (app.scss .tag--…) of a swap status. */
export const SWAP_TONES: Record<DutySwapStatus, string> = {
  requested: 'orange',
  accepted: 'blue',
  approved: 'green',
  declined: 'red',
  rejected: 'red',
  cancelled: '',
};

/** Swap actions that take something back and are asked twice (确认). */
export const NEGATIVE_SWAP_ACTIONS: readonly DutySwapAction[] = ['decline', 'reject', 'cancel'];

/** The swap lists of 换班请求: asked of me (to answer), mine (asked by me), to approve (leader/office). */
export type SwapTab = 'incoming' | 'outgoing' | 'approve';

/** Which tab a swap belongs on for user `me` (a leader's queue: accepted swaps they may approve). */
export function swapTabs(s: DutySwap, me: string): SwapTab[] {
  const tabs: SwapTab[] = [];
  if (s.counterpartId === me) tabs.push('incoming');
  if (s.requesterId === me) tabs.push('outgoing');
  if (s.actions.includes('approve') || (s.status === 'accepted' && s.actions.includes('reject'))) tabs.push('approve');
  return tabs;
}

/** What a swap means, from the reader's side: 「张三 请你替班」「你与李四 换班」. */
export function swapHeadline(s: DutySwap, me: string): string {
  const giveBack = s.counterpartSlotStart != null;
  if (s.counterpartId === me) return giveBack ? `${s.requesterName} 想与你换班` : `${s.requesterName} 请你代班`;
  if (s.requesterId === me) return giveBack ? `你与 ${s.counterpartName} 换班` : `请 ${s.counterpartName} 代班`;
  return giveBack ? `${s.requesterName} 与 ${s.counterpartName} 换班` : `${s.counterpartName} 代 ${s.requesterName} 值班`;
}
