import {
  HAZARD_SOURCE_LABELS,
  HAZARD_STATUS_LABELS,
  HAZARD_STATUS_LABELS_EN,
  HAZARD_TRANSITIONS,
  type HazardAction,
  type HazardStatus,
} from '@yuanan/contracts';
import type { Lang } from '../../i18n/i18n.tsx';

type Pair = { zh: string; en: string };

const STATUS_EN = HAZARD_STATUS_LABELS_EN;
export const STATUS_COLOURS: Record<HazardStatus, string> = {
  reported: 'gold',
  confirmed: 'cyan',
  rectifying: 'processing',
  pending_review: 'purple',
  closed: 'success',
  dismissed: 'default',
};
export const statusLabel = (s: string, lang: Lang) =>
  lang === 'en' ? (STATUS_EN[s as HazardStatus] ?? s) : (HAZARD_STATUS_LABELS[s as HazardStatus] ?? s);

const SOURCE_EN: Record<string, string> = {
  self_check: 'Self-check',
  grid_patrol: 'Grid patrol',
  third_party: 'Third-party inspection',
  safety_inspection: 'Safety inspection',
  iot_alarm: 'IoT alarm',
  report: 'Public report',
  analogy: 'Accident analogy',
  holiday: 'Pre-holiday check',
  phone_complaint: 'Phone complaint',
  authority_assigned: 'Assigned by the authority',
  other: 'Other',
};
export const sourceLabel = (s: string, lang: Lang) =>
  lang === 'en' ? (SOURCE_EN[s] ?? s) : ((HAZARD_SOURCE_LABELS as Record<string, string>)[s] ?? s);

export const GRADES: Record<string, Pair> = {
  general: { zh: '一般隐患', en: 'General' },
  major: { zh: '重大隐患', en: 'Major' },
};
export const gradeLabel = (g: string | null | undefined, lang: Lang) =>
  g ? ((lang === 'en' ? GRADES[g]?.en : GRADES[g]?.zh) ?? g) : lang === 'en' ? 'Not graded' : '未定级';

export const TREATMENTS: Record<string, Pair> = {
  immediate: { zh: '即查即改', en: 'Fix at once' },
  deadline: { zh: '限期整改', en: 'By a deadline' },
};
export const treatmentLabel = (t: string | null | undefined, lang: Lang) =>
  t ? ((lang === 'en' ? TREATMENTS[t]?.en : TREATMENTS[t]?.zh) ?? t) : '—';

/**
 * The state machine's actions as buttons and menu entries: what the person does, in the imperative (开始整改 /
 * Start rectification). The timeline names what was done (EVENTS: Rectification started); Chinese says both
 * with the same words (the contract's labels), English does not.
 */
const ACTION_VERBS: Record<HazardAction, Pair> = {
  confirm: { zh: HAZARD_TRANSITIONS.confirm.label, en: 'Confirm and grade' },
  dismiss: { zh: HAZARD_TRANSITIONS.dismiss.label, en: 'Dismiss' },
  start: { zh: HAZARD_TRANSITIONS.start.label, en: 'Start rectification' },
  submit: { zh: HAZARD_TRANSITIONS.submit.label, en: 'Submit rectification' },
  approve: { zh: HAZARD_TRANSITIONS.approve.label, en: 'Pass review' },
  reject: { zh: HAZARD_TRANSITIONS.reject.label, en: 'Fail review' },
  fix_on_spot: { zh: HAZARD_TRANSITIONS.fix_on_spot.label, en: 'Fix on the spot' },
  reopen: { zh: HAZARD_TRANSITIONS.reopen.label, en: 'Reopen' },
};
export const actionVerb = (a: HazardAction, lang: Lang) => (lang === 'en' ? ACTION_VERBS[a].en : ACTION_VERBS[a].zh);

/** Timeline entries: the state machine's actions and the other events of a hazard's life. */
const EVENTS: Record<string, Pair> = {
  report: { zh: '上报隐患', en: 'Reported' },
  register: { zh: '安监人员登记', en: 'Registered by the safety office' },
  confirm: { zh: HAZARD_TRANSITIONS.confirm.label, en: 'Confirmed and graded' },
  dismiss: { zh: HAZARD_TRANSITIONS.dismiss.label, en: 'Dismissed' },
  start: { zh: HAZARD_TRANSITIONS.start.label, en: 'Rectification started' },
  submit: { zh: HAZARD_TRANSITIONS.submit.label, en: 'Rectification submitted' },
  approve: { zh: HAZARD_TRANSITIONS.approve.label, en: 'Review passed' },
  reject: { zh: HAZARD_TRANSITIONS.reject.label, en: 'Review failed' },
  fix_on_spot: { zh: HAZARD_TRANSITIONS.fix_on_spot.label, en: 'Fixed on the spot' },
  reopen: { zh: HAZARD_TRANSITIONS.reopen.label, en: 'Reopened' },
  extension_requested: { zh: '申请延期', en: 'Extension requested' },
  extension_approved: { zh: '同意延期', en: 'Extension approved' },
  extension_rejected: { zh: '不同意延期', en: 'Extension rejected' },
  major_plan: { zh: '提交治理方案', en: 'Governance plan' },
  major_list: { zh: '挂牌督办', en: 'Listed for supervision' },
  major_reported: { zh: '报告主管部门', en: 'Reported to the authority' },
  major_acceptance: { zh: '申请验收', en: 'Acceptance requested' },
  escalated: { zh: '到期提醒 / 逾期升级', en: 'Reminder / escalation' },
  citations: { zh: '更新依据条文', en: 'Cited articles updated' },
};
export const eventLabel = (a: string, lang: Lang) => (EVENTS[a] ? (lang === 'en' ? EVENTS[a].en : EVENTS[a].zh) : a);

export const CHECKLIST_SECTIONS: Record<string, Pair> = {
  management: { zh: '管理类', en: 'Management' },
  dust: { zh: '粉尘涉爆', en: 'Combustible dust' },
  ammonia: { zh: '涉氨制冷', en: 'Ammonia refrigeration' },
  confined_space: { zh: '有限空间', en: 'Confined space' },
  safety_devices: { zh: '监控报警防护设施', en: 'Monitoring, alarm and protective devices' },
};
export const sectionLabel = (s: string, lang: Lang) =>
  CHECKLIST_SECTIONS[s] ? (lang === 'en' ? CHECKLIST_SECTIONS[s].en : CHECKLIST_SECTIONS[s].zh) : s;

export const ESCALATION_LEVELS = ['responsible', 'grid_worker', 'safety_office', 'zone_admin'] as const;
const TARGETS: Record<string, Pair> = {
  responsible: { zh: '整改责任人', en: 'Responsible person' },
  grid_worker: { zh: '网格员', en: 'Grid worker' },
  safety_office: { zh: '安监办', en: 'Safety office' },
  zone_admin: { zh: '园区管理员', en: 'Zone administrator' },
};
export const targetLabel = (t: string, lang: Lang) => (TARGETS[t] ? (lang === 'en' ? TARGETS[t].en : TARGETS[t].zh) : t);

/** Open statuses (the ledger's "未闭环"). */
export const OPEN_STATUSES = ['reported', 'confirmed', 'rectifying', 'pending_review'] as const;

/** Whole days passed since the deadline (0 on its first overdue day, -1 in the day before it). */
export function daysOverdue(deadline: string | null, now = Date.now()): number {
  if (!deadline) return 0;
  return Math.floor((now - new Date(deadline).getTime()) / 86_400_000);
}
