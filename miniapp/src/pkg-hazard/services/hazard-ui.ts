import {
  HAZARD_SOURCE_LABELS,
  HAZARD_STATUS_LABELS,
  HAZARD_TRANSITIONS,
  type Hazard,
  type HazardAction,
  type HazardStatus,
  type Role,
} from '@yuanan/contracts';
import { daysBetween, formatDay } from '../../services/format';

/** Pure helpers of the hazard pages (no Taro): unit-tested. */

/** Where a report comes from, by who reports it (the server insists on 企业自查 for enterprise users). */
export function sourceOf(role: Role): Hazard['source'] {
  switch (role) {
    case 'enterprise_admin':
    case 'enterprise_staff':
      return 'self_check';
    case 'grid_worker':
      return 'grid_patrol';
    case 'safety_officer':
    case 'zone_admin':
      return 'safety_inspection';
    case 'inspector':
      return 'third_party';
    default:
      return 'other';
  }
}

export const SOURCE_LABELS = HAZARD_SOURCE_LABELS;
export const STATUS_LABELS = HAZARD_STATUS_LABELS;

/** The tone of a status tag: waiting for the office (blue), on the enterprise (orange), done (green/grey). */
export function statusTone(status: HazardStatus): 'blue' | 'orange' | 'purple' | 'green' | 'grey' {
  switch (status) {
    case 'reported':
      return 'blue';
    case 'confirmed':
    case 'rectifying':
      return 'orange';
    case 'pending_review':
      return 'purple';
    case 'closed':
      return 'green';
    default:
      return 'grey';
  }
}

export const GRADE_LABELS = { general: '一般隐患', major: '重大隐患' } as const;
export const TREATMENT_LABELS = { immediate: '立即整改', deadline: '限期整改' } as const;

const OPEN: readonly HazardStatus[] = ['confirmed', 'rectifying', 'pending_review'];

/**
 * The deadline as a person reads it: "已逾期 3 天" / "今天到期" / "剩 5 天（12月1日）"; null when there is none or
 * the hazard is no longer open. `overdue` comes from the server (the deadline is the end of the zone's day).
 */
export function deadlineText(
  h: Pick<Hazard, 'status' | 'deadlineDate' | 'overdue'>,
  today: string,
): { text: string; tone: 'danger' | 'warn' | 'normal' } | null {
  if (!h.deadlineDate || !OPEN.includes(h.status)) return null;
  const left = daysBetween(today, h.deadlineDate);
  if (h.overdue || left < 0) return { text: `已逾期 ${Math.max(1, -left)} 天`, tone: 'danger' };
  if (left === 0) return { text: '今天到期', tone: 'warn' };
  return { text: `剩 ${left} 天（${formatDay(h.deadlineDate, today)}）`, tone: left <= 2 ? 'warn' : 'normal' };
}

const EVENT_LABELS: Record<string, string> = {
  report: '上报隐患',
  register: '安监人员登记',
  extension_requested: '申请延期',
  extension_approved: '同意延期',
  extension_rejected: '不同意延期',
  escalated: '系统提醒',
  major_plan: '提交治理方案',
  major_list: '挂牌督办',
  major_reported: '报告监管部门',
  major_acceptance: '申请验收',
  // the office corrected the articles the hazard cites (PUT /hazards/:id/citations; the admin says 更新依据条文)
  citations: '更新依据条文',
};

/** The timeline's line for an event: the transition's own label, or the event's. */
export function eventLabel(action: string): string {
  if (action in HAZARD_TRANSITIONS) {
    const a = action as HazardAction;
    return a === 'submit' ? '提交整改' : HAZARD_TRANSITIONS[a].label;
  }
  return EVENT_LABELS[action] ?? action;
}

export interface ListTab {
  key: string;
  label: string;
  status?: string;
}

/** Status filters of the list (tabs), in the order the role works through them. */
export function listTabs(role: Role): ListTab[] {
  const rectifying = { key: 'rectifying', label: '整改中', status: 'confirmed,rectifying' };
  const done = { key: 'done', label: '已闭环', status: 'closed,dismissed' };
  if (role === 'safety_officer' || role === 'zone_admin')
    return [{ key: 'todo', label: '待处理', status: 'reported,pending_review' }, rectifying, done, { key: 'all', label: '全部' }];
  return [
    { key: 'all', label: '全部' },
    { key: 'reported', label: '待确认', status: 'reported' },
    { ...rectifying, label: role === 'enterprise_admin' || role === 'enterprise_staff' ? '待整改' : '整改中' },
    { key: 'review', label: '待复核', status: 'pending_review' },
    done,
  ];
}

/** The actions that open a form (the others are one tap with a confirmation). */
export const FORM_ACTIONS: readonly HazardAction[] = ['confirm', 'dismiss', 'submit', 'reject', 'fix_on_spot', 'reopen'];

/** What a button says (the server's `availableActions` decide which are shown). */
export function actionLabel(action: HazardAction, role: Role): string {
  if (action === 'submit') return role === 'enterprise_admin' || role === 'enterprise_staff' ? '提交整改' : '代为提交整改';
  return HAZARD_TRANSITIONS[action].label;
}

/** Primary actions first (the one a person most likely came for), destructive ones last. */
export function orderActions(actions: readonly string[]): HazardAction[] {
  const order: HazardAction[] = ['submit', 'confirm', 'approve', 'fix_on_spot', 'start', 'reject', 'reopen', 'dismiss'];
  return order.filter((a) => actions.includes(a));
}

export interface ReportForm {
  enterpriseId: string;
  enterpriseName: string;
  categoryCode: string;
  categoryName: string;
  description: string;
  place: string;
  photos: Array<{ path: string; uploadKey: string }>;
  location: { lat: number; lng: number } | null;
  fixOnSpot: boolean;
  afterPhotos: Array<{ path: string; uploadKey: string }>;
  measures: string;
  checklist: string[];
  /** Id of the checklist version the clauses were ticked from, so the server can move codes of an older one. */
  checklistVersion?: string;
}

export const EMPTY_REPORT: ReportForm = {
  enterpriseId: '',
  enterpriseName: '',
  categoryCode: '',
  categoryName: '',
  description: '',
  place: '',
  photos: [],
  location: null,
  fixOnSpot: false,
  afterPhotos: [],
  measures: '',
  checklist: [],
};

/** What is missing before a report can be sent (field → message), checked on the phone so nothing waits in vain. */
export function reportProblems(f: ReportForm): Partial<Record<keyof ReportForm, string>> {
  const p: Partial<Record<keyof ReportForm, string>> = {};
  if (!f.enterpriseId) p.enterpriseId = '请选择隐患所在企业';
  if (!f.categoryCode) p.categoryCode = '请选择隐患类别';
  if (f.description.trim().length < 4) p.description = '请描述隐患（至少 4 个字）';
  if (f.photos.length === 0) p.photos = '请至少拍一张现场照片';
  if (f.fixOnSpot) {
    if (f.checklist.length) p.fixOnSpot = '符合重大隐患判定标准的隐患不能即查即改';
    if (f.afterPhotos.length === 0) p.afterPhotos = '即查即改须上传整改后照片';
    if (f.measures.trim().length < 2) p.measures = '请填写整改措施';
  }
  return p;
}

/** The outbox item of a report: photos as files in slots, the body referring to them, the report's own key. */
export function reportItem(f: ReportForm, source: Hazard['source'], key: string, draftKey: string) {
  const body: Record<string, unknown> = {
    enterpriseId: f.enterpriseId,
    source,
    categoryCode: f.categoryCode,
    description: f.description.trim(),
    photoIds: { $files: 'photos' },
  };
  if (f.place.trim()) body.place = f.place.trim();
  if (f.location) body.location = f.location;
  if (f.checklist.length) body.majorChecklistItems = f.checklist;
  if (f.checklist.length && f.checklistVersion) body.majorChecklistVersion = f.checklistVersion;
  if (f.fixOnSpot) body.fixedOnSpot = { photoIds: { $files: 'after' }, measures: f.measures.trim() };
  const summary = f.description.trim().replace(/\s+/g, ' ');
  return {
    kind: 'hazard.report',
    label: `上报隐患：${summary.length > 16 ? `${summary.slice(0, 16)}…` : summary}`,
    method: 'POST' as const,
    path: '/hazards',
    body,
    idempotencyKey: key,
    files: [
      ...f.photos.map((p) => ({ slot: 'photos', path: p.path, purpose: 'hazard_photo', uploadKey: p.uploadKey, fileId: null })),
      ...(f.fixOnSpot ? f.afterPhotos : []).map((p) => ({
        slot: 'after',
        path: p.path,
        purpose: 'rectification_photo',
        uploadKey: p.uploadKey,
        fileId: null,
      })),
    ],
    meta: {
      enterpriseName: f.enterpriseName,
      categoryName: f.categoryName,
      description: f.description.trim(),
      draftKey,
      editUrl: '/pkg-hazard/pages/report/index',
    },
    source: f,
  };
}

export interface RectifyForm {
  photos: Array<{ path: string; uploadKey: string }>;
  measures: string;
  cost: string;
}

/** The outbox item of a rectification (提交整改 or 即查即改) on an existing hazard. */
export function rectifyItem(
  h: Pick<Hazard, 'id' | 'code' | 'version'>,
  action: 'submit' | 'fix_on_spot',
  f: RectifyForm,
  key: string,
  draftKey: string,
  editUrl: string,
) {
  const body: Record<string, unknown> = {
    action,
    version: h.version,
    photoIds: { $files: 'after' },
    measures: f.measures.trim(),
  };
  const cost = Number(f.cost);
  if (f.cost.trim() !== '' && Number.isFinite(cost) && cost >= 0) body.cost = cost;
  return {
    kind: `hazard.${action}`,
    label: `${action === 'submit' ? '提交整改' : '即查即改'}：${h.code}`,
    method: 'POST' as const,
    path: `/hazards/${h.id}/transitions`,
    body,
    idempotencyKey: key,
    files: f.photos.map((p) => ({
      slot: 'after',
      path: p.path,
      purpose: 'rectification_photo',
      uploadKey: p.uploadKey,
      fileId: null,
    })),
    doneIf: { path: `/hazards/${h.id}`, field: 'status', equals: action === 'submit' ? 'pending_review' : 'closed' },
    meta: { hazardId: h.id, draftKey, editUrl },
    source: f,
  };
}
