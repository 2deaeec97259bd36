import type {
  ChecklistItem,
  ChecklistItemKind,
  ChecklistSection,
  InspectionTaskKind,
  InspectionTaskStatus,
} from '@yuanan/contracts';
import { daysBetween, formatDay } from '../../services/format';

/**
 * Pure helpers of the inspection pages (no Taro): unit-tested. The shapes follow the shared design
 * (/work/briefs/inspections-design.md → @yuanan/contracts inspections.ts): only the fields the phone uses.
 */

export type { ChecklistItem, ChecklistSection };
export type ItemKind = ChecklistItemKind;
export type AnswerValue = boolean | number | string | null;
export type Outcome = 'pass' | 'fail' | 'na';
export type TaskStatus = InspectionTaskStatus;
export type TaskKind = InspectionTaskKind;

export interface Geofence {
  radiusM?: number | null;
  polygon?: Array<[number, number]> | null;
}

export const STATUS_LABELS: Record<TaskStatus, string> = {
  scheduled: '未开始',
  open: '待检查',
  in_progress: '检查中',
  done: '已完成',
  missed: '逾期未检',
};
export const KIND_LABELS: Record<TaskKind, string> = {
  routine: '例行检查',
  campaign: '专项检查',
  self_check: '企业自查',
  recheck: '复查',
};
export const STATUS_TONES: Record<TaskStatus, 'grey' | 'blue' | 'orange' | 'green' | 'red'> = {
  scheduled: 'grey',
  open: 'blue',
  in_progress: 'orange',
  done: 'green',
  missed: 'red',
};

// ---------------------------------------------------------------------------------------------------------------
// Outcomes (the design's rule; the server decides for good, the phone shows it while answering)

/** One answer as the page keeps it: `value` undefined = not answered yet (null = 不适用). */
export interface DraftAnswer {
  value?: AnswerValue;
  /** What was typed in a number field (kept as typed: "12." is not yet a number). */
  text?: string;
  photos: DraftPhoto[];
  note: string;
}

/** A photo kept on the phone (services/photos.ts) with when and where it was taken. */
export interface DraftPhoto {
  path: string;
  uploadKey: string;
  takenAt: string;
  lat?: number | null;
  lng?: number | null;
}

/** pass / fail / na of an answered item; null while it is not answered. */
export function outcomeOf(item: ChecklistItem, a: DraftAnswer | undefined): Outcome | null {
  const v = a?.value;
  switch (item.kind) {
    case 'yes_no':
      if (v === undefined) return null;
      return v === true ? 'pass' : v === false ? 'fail' : 'na';
    case 'number': {
      if (v === undefined) return null;
      if (v === null) return 'na';
      if (typeof v !== 'number' || !Number.isFinite(v)) return null;
      if (item.min != null && v < item.min) return 'fail';
      if (item.max != null && v > item.max) return 'fail';
      return 'pass';
    }
    case 'choice': {
      if (v === undefined) return null;
      if (v === null) return 'na';
      const o = item.options?.find((x) => x.value === v);
      return o ? (o.fails ? 'fail' : 'pass') : null;
    }
    case 'text':
      return typeof v === 'string' && v.trim() ? 'pass' : 'na';
    case 'photo':
      return (a?.photos.length ?? 0) > 0 ? 'pass' : item.photoRequired ? null : 'na';
  }
}

/** The range hint of a number item: 合格范围 0–0.5 MPa / ≥ 19.5 % / ≤ 25 %. */
export function rangeHint(item: Pick<ChecklistItem, 'min' | 'max' | 'unit'>): string | null {
  const u = item.unit ? ` ${item.unit}` : '';
  if (item.min != null && item.max != null) return `合格范围 ${item.min}–${item.max}${u}`;
  if (item.min != null) return `合格：≥ ${item.min}${u}`;
  if (item.max != null) return `合格：≤ ${item.max}${u}`;
  return null;
}

/** Parses what was typed in a number field: a number, or undefined while it is not one (empty, "-", "1.2.3"). */
export function parseNumber(text: string): number | undefined {
  const t = text.trim();
  if (!/^-?\d+(\.\d+)?$/.test(t)) return undefined;
  return Number(t);
}

export function allItems(sections: ChecklistSection[]): ChecklistItem[] {
  return sections.flatMap((s) => s.items);
}

export interface Progress {
  items: number;
  answered: number;
  passed: number;
  failed: number;
  na: number;
}

export function progressOf(sections: ChecklistSection[], answers: Record<string, DraftAnswer>): Progress {
  const p: Progress = { items: 0, answered: 0, passed: 0, failed: 0, na: 0 };
  for (const item of allItems(sections)) {
    p.items++;
    const a = answers[item.key];
    const o = outcomeOf(item, a);
    if (o === null) continue;
    // an empty text or photo item is 不适用 in the record, but nothing was answered yet
    const empty = (item.kind === 'text' && o === 'na') || (item.kind === 'photo' && !a?.photos.length);
    if (empty) {
      p.na++;
      continue;
    }
    p.answered++;
    if (o === 'pass') p.passed++;
    else if (o === 'fail') p.failed++;
    else p.na++;
  }
  return p;
}

export interface SubmitProblems {
  checkIn?: string;
  /** item key → what is missing */
  items: Record<string, string>;
  signerName?: string;
  signature?: string;
}

/** What is missing before the record can be submitted (checked on the phone so nothing waits in vain). */
export function submitProblems(
  sections: ChecklistSection[],
  d: { answers: Record<string, DraftAnswer>; signerName: string; signature: DraftPhoto | null },
  checkedIn: boolean,
): SubmitProblems {
  const p: SubmitProblems = { items: {} };
  if (!checkedIn) p.checkIn = '请先签到（定位或扫码）';
  for (const item of allItems(sections)) {
    const a = d.answers[item.key];
    const photos = a?.photos.length ?? 0;
    if (item.kind === 'photo') {
      if (item.photoRequired && photos === 0) p.items[item.key] = '请拍照';
      continue;
    }
    if (item.kind === 'number' && a?.value === undefined && (a?.text ?? '').trim()) {
      p.items[item.key] = '请填写数字';
      continue;
    }
    if (item.kind !== 'text' && outcomeOf(item, a) === null) {
      p.items[item.key] = '请作答';
      continue;
    }
    if (item.photoRequired && photos === 0) p.items[item.key] = '此项须拍照留证';
  }
  if (!d.signerName.trim()) p.signerName = '请填写现场负责人姓名';
  if (!d.signature) p.signature = '请现场负责人签字';
  return p;
}

export function hasProblems(p: SubmitProblems): boolean {
  return Boolean(p.checkIn || p.signerName || p.signature || Object.keys(p.items).length);
}

// ---------------------------------------------------------------------------------------------------------------
// The submission (an outbox item: photos uploaded first, each with its own key; the call with the draft's key)

export interface SubmitDraft {
  answers: Record<string, DraftAnswer>;
  signerName: string;
  signature: DraftPhoto | null;
}

export const PHOTO_PURPOSE = 'hazard_photo';
export const SIGNATURE_PURPOSE = 'other';

/** The body of POST /inspection-tasks/:id/submit with `{ $file: uploadKey }` where the uploaded ids go. */
export function submitBody(sections: ChecklistSection[], templateId: string, d: SubmitDraft, finishedAt: string) {
  const answers = allItems(sections).map((item) => {
    const a = d.answers[item.key];
    let value: AnswerValue = a?.value === undefined ? null : a.value;
    if (item.kind === 'text') value = typeof value === 'string' && value.trim() ? value.trim() : null;
    if (item.kind === 'photo') value = null;
    const out: Record<string, unknown> = {
      itemKey: item.key,
      value,
      photos: (a?.photos ?? []).map((ph) => {
        const p: Record<string, unknown> = { fileId: { $file: ph.uploadKey }, takenAt: ph.takenAt };
        if (ph.lat != null && ph.lng != null) Object.assign(p, { lat: ph.lat, lng: ph.lng });
        return p;
      }),
    };
    if (a?.note.trim()) out.note = a.note.trim();
    return out;
  });
  return {
    templateId,
    answers,
    signature: { fileId: { $file: d.signature!.uploadKey }, signerName: d.signerName.trim() },
    finishedAt,
  };
}

/** The outbox item of a submission. `key` is the draft's Idempotency-Key: every retry sends this one. */
export function submitItem(
  task: { id: string; enterpriseName: string },
  sections: ChecklistSection[],
  templateId: string,
  d: SubmitDraft,
  key: string,
  finishedAt: string,
  draftKey: string,
) {
  const files = [
    ...allItems(sections).flatMap((item) =>
      (d.answers[item.key]?.photos ?? []).map((ph) => ({
        slot: `item:${item.key}`,
        path: ph.path,
        purpose: PHOTO_PURPOSE,
        uploadKey: ph.uploadKey,
        fileId: null,
      })),
    ),
    { slot: 'signature', path: d.signature!.path, purpose: SIGNATURE_PURPOSE, uploadKey: d.signature!.uploadKey, fileId: null },
  ];
  return {
    kind: 'inspection.submit',
    label: `检查记录：${task.enterpriseName}`,
    method: 'POST' as const,
    path: `/inspection-tasks/${task.id}/submit`,
    body: submitBody(sections, templateId, d, finishedAt),
    idempotencyKey: key,
    files,
    doneIf: { path: `/inspection-tasks/${task.id}`, field: 'status', equals: 'done' },
    meta: { taskId: task.id, enterpriseName: task.enterpriseName, draftKey },
  };
}

export type CheckInBody =
  | { method: 'gps'; lat: number; lng: number; accuracyM?: number; at: string }
  | { method: 'qr'; code: string; lat?: number; lng?: number; at: string };

/** The outbox item of a check-in (sent before the submission that needs it: the outbox keeps the order). */
export function checkInItem(task: { id: string; enterpriseName: string }, body: CheckInBody, key: string) {
  return {
    kind: 'inspection.checkIn',
    label: `签到：${task.enterpriseName}`,
    method: 'POST' as const,
    path: `/inspection-tasks/${task.id}/check-in`,
    body,
    idempotencyKey: key,
    files: [],
    meta: { taskId: task.id, enterpriseName: task.enterpriseName },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Where: distance to the enterprise and the geofence (the server records the true figures; this is the preview)

const R = 6371008.8;
const rad = (d: number) => (d * Math.PI) / 180;

/** Great-circle distance in metres. */
export function distanceM(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}

function inPolygon(p: { lat: number; lng: number }, poly: Array<[number, number]>): boolean {
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [yi, xi] = poly[i]!;
    const [yj, xj] = poly[j]!;
    if (yi > p.lat !== yj > p.lat && p.lng < ((xj - xi) * (p.lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * Where the phone is against the enterprise's geofence: a polygon, else a circle of `radiusM` (the enterprise's own
 * or the zone's default) around its location. null when the enterprise has no location.
 */
export function fenceCheck(
  at: { lat: number; lng: number },
  enterprise: { lat?: number | null; lng?: number | null; geofence?: Geofence | null },
  defaultRadiusM = 300,
): { distanceM: number | null; inside: boolean; radiusM: number | null } | null {
  const centre = enterprise.lat != null && enterprise.lng != null ? { lat: enterprise.lat, lng: enterprise.lng } : null;
  const d = centre ? Math.round(distanceM(at, centre)) : null;
  const poly = enterprise.geofence?.polygon;
  if (poly && poly.length >= 3) return { distanceM: d, inside: inPolygon(at, poly), radiusM: null };
  if (d === null) return null;
  const radius = enterprise.geofence?.radiusM ?? defaultRadiusM;
  return { distanceM: d, inside: d <= radius, radiusM: radius };
}

/** 35 米 / 1.2 公里 */
export function formatDistance(m: number | null | undefined): string {
  if (m == null || !Number.isFinite(m)) return '';
  if (m < 1000) return `${Math.round(m)} 米`;
  return `${(m / 1000).toFixed(m < 10_000 ? 1 : 0)} 公里`;
}

// ---------------------------------------------------------------------------------------------------------------
// Lists

/** The calendar day of an instant in China time (the zones are in China; the phone may not be). */
export function chinaDay(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);
}

/** The due line of a task: 今天到期 / 剩 3 天（12月3日） / 已逾期 2 天 / 12月1日 完成（超期）. */
export function dueText(
  t: { status: TaskStatus; dueAt: string; completedAt?: string | null; late?: boolean },
  now: Date = new Date(),
): { text: string; tone: 'danger' | 'warn' | 'normal' | 'done' } {
  const today = chinaDay(now.toISOString());
  const due = chinaDay(t.dueAt);
  if (t.status === 'done') {
    const on = t.completedAt ? formatDay(chinaDay(t.completedAt), today) : '';
    return { text: `${on} 完成${t.late ? '（超期）' : ''}`.trim(), tone: t.late ? 'warn' : 'done' };
  }
  if (t.status === 'missed') return { text: `${formatDay(due, today)} 到期，逾期未检`, tone: 'danger' };
  const left = daysBetween(today, due);
  if (Date.parse(t.dueAt) < now.getTime()) return { text: `已逾期 ${Math.max(1, -left)} 天`, tone: 'danger' };
  if (left === 0) return { text: '今天到期', tone: 'warn' };
  return { text: `剩 ${left} 天（${formatDay(due, today)}）`, tone: left <= 1 ? 'warn' : 'normal' };
}

/** Overdue: past its complete-by and not done (missed, or still being done). */
export function isOverdue(t: { status: TaskStatus; dueAt: string }, now: Date = new Date()): boolean {
  return t.status === 'missed' || (t.status !== 'done' && Date.parse(t.dueAt) < now.getTime());
}

/** Today's list order: due first, then the nearest (tasks without a distance after those with one). */
export function sortTasks<T extends { dueAt: string; distanceM?: number | null }>(tasks: T[]): T[] {
  return [...tasks].sort((a, b) => {
    const d = chinaDay(a.dueAt).localeCompare(chinaDay(b.dueAt));
    if (d !== 0) return d;
    const da = a.distanceM ?? Number.POSITIVE_INFINITY;
    const db = b.distanceM ?? Number.POSITIVE_INFINITY;
    if (da !== db) return da - db;
    return a.dueAt.localeCompare(b.dueAt);
  });
}

export interface ListTab {
  key: string;
  label: string;
  status?: string;
}
export const LIST_TABS: ListTab[] = [
  { key: 'todo', label: '待检查', status: 'open,in_progress' },
  { key: 'missed', label: '逾期未检', status: 'missed' },
  { key: 'done', label: '已完成', status: 'done' },
  { key: 'all', label: '全部' },
];
