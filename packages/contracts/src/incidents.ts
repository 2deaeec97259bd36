import { z } from 'zod';
import { EQUIPMENT_CATEGORIES, type EquipmentCategory } from './equipment.ts';
import { cursorPage, cursorParam, isoDateTime, pagingQuery, ref, zId } from './common.ts';
import { localIssue, type LocalText } from './messages.ts';
import { ROLES } from './roles.ts';
import { RISK_COLOURS } from './tenants.ts';

/**
 * Incidents and emergency linkage (应急联动, issue 12): one record from the first call (SOS, IoT alarm, phone) to the
 * after-action report — response plans turned into checklists, dispatch of the on-duty rescuers with acknowledgement
 * and escalation, equipment deployed or recalled, downwind warnings to enterprises and sensitive targets, the legal
 * reporting clock (生产安全事故报告和调查处理条例 Art. 9–13), drills kept apart, and the command hall's big screen.
 * DOMAIN.md (Emergencies; Rescue duty and shared equipment) has the vocabulary. Every route is under /api/v1.
 *
 * Routes (method path → request schema → response schema):
 * - POST /incidents/sos (sosRequest → sosResponse: 201 new, 200 merged/replayed)
 * - POST /incidents (createIncidentRequest → incidentDetail), GET /incidents (incidentsQuery → incidentPage),
 *   GET /incidents/mine (myIncidentsQuery → incidentPage), GET /incidents/stats (incidentStatsQuery → incidentStats),
 *   GET /incidents/:id (→ incidentDetail), PATCH /incidents/:id (updateIncidentRequest → incidentDetail),
 *   POST /incidents/:id/status (incidentStatusRequest), /close (closeIncidentRequest), /cancel
 *   (cancelIncidentRequest), PUT /incidents/:id/casualties (casualtiesRequest), POST /incidents/:id/authority-report
 *   (authorityReportRequest), POST /incidents/:id/notes (incidentNoteRequest) — each → incidentDetail
 * - GET /incidents/:id/initial-report.docx (快报), GET /incidents/:id/after-action-report.docx (closed only)
 * - GET /incidents/:id/plan-proposals (→ planProposals), POST /incidents/:id/plan (applyPlanRequest → incidentDetail),
 *   POST /incidents/:id/checklist/:itemId (checklistItemRequest → incidentDetail)
 * - GET /response-plans (responsePlansQuery → responsePlanPage), POST /response-plans (createResponsePlanRequest →
 *   responsePlan), GET/PATCH/DELETE /response-plans/:id (updateResponsePlanRequest; DELETE archives → responsePlan)
 * - dispatch (B): GET /incidents/:id/dispatch-proposal (→ dispatchProposal), POST /incidents/:id/dispatch
 *   (dispatchRequest → incidentDetail), POST /incidents/dispatches/:id/ack (→ incidentDispatch),
 *   POST /incidents/dispatches/:id/status (dispatchStatusRequest → incidentDispatch),
 *   POST /incidents/dispatches/:id/roll-call (rollCallRequest → incidentDispatch), POST /incidents/dispatches/:id/
 *   stand-down (standDownRequest → incidentDispatch), POST /incidents/:id/photos (incidentPhotosRequest →
 *   incidentDetail), GET /incidents/my-dispatches (→ myDispatches)
 * - warnings (B): GET /incidents/:id/downwind (downwindQuery → downwindResponse), POST /incidents/:id/warnings
 *   (sendWarningsRequest → sendWarningsResponse), GET /incidents/warnings/mine (→ myWarnings),
 *   POST /incidents/warnings/:id/ack (→ incidentWarning)
 * - sensitive targets (B): GET /sensitive-targets (sensitiveTargetsQuery → sensitiveTargetPage), POST
 *   /sensitive-targets (createSensitiveTargetRequest → sensitiveTarget), PATCH/DELETE /sensitive-targets/:id
 *   (updateSensitiveTargetRequest / versionOnly → sensitiveTarget)
 * - command hall (E): GET /command-hall (→ commandHall)
 */

// ---- 1. vocabulary ----

/** Incident types by accident category (企业职工伤亡事故分类 GB 6441, grouped as the desk files them). */
export const INCIDENT_TYPES = [
  'fire',
  'explosion',
  'leak_poisoning',
  'confined_space',
  'flood_typhoon',
  'mechanical_injury',
  'electric_shock',
  'other',
] as const;
export type IncidentType = (typeof INCIDENT_TYPES)[number];
export const INCIDENT_TYPE_LABELS: Record<IncidentType, LocalText> = {
  fire: { zh: '火灾', en: 'Fire' },
  explosion: { zh: '爆炸', en: 'Explosion' },
  leak_poisoning: { zh: '泄漏/中毒', en: 'Leak / poisoning' },
  confined_space: { zh: '有限空间', en: 'Confined space' },
  flood_typhoon: { zh: '洪涝/台风', en: 'Flood / typhoon' },
  mechanical_injury: { zh: '机械伤害', en: 'Mechanical injury' },
  electric_shock: { zh: '触电', en: 'Electric shock' },
  other: { zh: '其他', en: 'Other' },
};

/**
 * The equipment categories (EQUIPMENT_CATEGORIES, the room's catalogue) an incident type needs, most needed first:
 * the dispatch proposal lists their units first and pre-ticks the nearest of each (`proposedUnit.proposed`). A desk
 * convention (应急救援器材配备 as rescue teams practise it), not a regulation: a leak or a confined space needs
 * breathing apparatus and a gas detector, a fire firefighting kit, a flood boats and flood kit (pumps, sandbags).
 */
export const INCIDENT_EQUIPMENT_NEEDS: Record<IncidentType, readonly EquipmentCategory[]> = {
  fire: ['firefighting', 'breathing_apparatus', 'medical'],
  explosion: ['firefighting', 'breathing_apparatus', 'urban_rescue', 'medical'],
  leak_poisoning: ['breathing_apparatus', 'gas_detector', 'medical'],
  confined_space: ['breathing_apparatus', 'gas_detector', 'urban_rescue', 'medical'],
  flood_typhoon: ['boat', 'flood', 'lighting'],
  mechanical_injury: ['urban_rescue', 'medical'],
  electric_shock: ['medical'],
  other: [],
};

/** Where the incident came from. */
export const INCIDENT_SOURCES = ['sos', 'iot_alarm', 'phone', 'desk'] as const;
export type IncidentSource = (typeof INCIDENT_SOURCES)[number];
export const INCIDENT_SOURCE_LABELS: Record<IncidentSource, LocalText> = {
  sos: { zh: '一键求救', en: 'SOS' },
  iot_alarm: { zh: '物联网报警', en: 'IoT alarm' },
  phone: { zh: '电话报警', en: 'Phone call' },
  desk: { zh: '值班台录入', en: 'Duty desk' },
};

/**
 * reported 已接报 → responding 处置中 (first dispatch confirmed) → controlled 已控制 → closed 已结案; cancelled 误报/取消
 * (from reported or responding, with a reason). closed and cancelled are final.
 */
export const INCIDENT_STATUSES = ['reported', 'responding', 'controlled', 'closed', 'cancelled'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
export const INCIDENT_STATUS_LABELS: Record<IncidentStatus, LocalText> = {
  reported: { zh: '已接报', en: 'Reported' },
  responding: { zh: '处置中', en: 'Responding' },
  controlled: { zh: '已控制', en: 'Controlled' },
  closed: { zh: '已结案', en: 'Closed' },
  cancelled: { zh: '误报/取消', en: 'Cancelled' },
};
/** Statuses of an incident still being handled (the desk's and the big screen's "open"). */
export const INCIDENT_OPEN_STATUSES = ['reported', 'responding', 'controlled'] as const satisfies readonly IncidentStatus[];
export const INCIDENT_FINAL_STATUSES = ['closed', 'cancelled'] as const satisfies readonly IncidentStatus[];
export function isIncidentOpen(s: IncidentStatus): boolean {
  return (INCIDENT_OPEN_STATUSES as readonly IncidentStatus[]).includes(s);
}

/**
 * Warning levels of 突发事件应对法 Art. 63 (一级 red is the worst). `severity` is the semantic rank stored beside the
 * label (DOMAIN.md: a semantic severity beside each scheme's label): I → 4 … IV → 1.
 */
export const WARNING_LEVELS = ['I', 'II', 'III', 'IV'] as const;
export type WarningLevel = (typeof WARNING_LEVELS)[number];
export const WARNING_LEVEL_LABELS: Record<WarningLevel, LocalText> = {
  I: { zh: '一级（红色）', en: 'Level I (red)' },
  II: { zh: '二级（橙色）', en: 'Level II (orange)' },
  III: { zh: '三级（黄色）', en: 'Level III (yellow)' },
  IV: { zh: '四级（蓝色）', en: 'Level IV (blue)' },
};
export const WARNING_LEVEL_COLOURS: Record<WarningLevel, 'red' | 'orange' | 'yellow' | 'blue'> = {
  I: 'red',
  II: 'orange',
  III: 'yellow',
  IV: 'blue',
};
/** The semantic severity of a warning level: I → 4 (worst) … IV → 1. */
export const WARNING_LEVEL_SEVERITY: Record<WarningLevel, 1 | 2 | 3 | 4> = { I: 4, II: 3, III: 2, IV: 1 };

/**
 * Accident grades of 生产安全事故报告和调查处理条例 Art. 3 ("以上" includes the number, "以下" excludes it); null while
 * there are no casualties or loss yet. The grade counts deaths (死亡), not the missing (失踪): the regulation's grades
 * do not include 失踪, the report (Art. 12) does — the desk shows the missing beside the grade.
 */
export const ACCIDENT_GRADES = ['especially_major', 'major', 'larger', 'general'] as const;
export type AccidentGrade = (typeof ACCIDENT_GRADES)[number];
export const ACCIDENT_GRADE_LABELS: Record<AccidentGrade, LocalText> = {
  especially_major: { zh: '特别重大事故', en: 'Especially major accident' },
  major: { zh: '重大事故', en: 'Major accident' },
  larger: { zh: '较大事故', en: 'Larger accident' },
  general: { zh: '一般事故', en: 'General accident' },
};

/**
 * Bounds of the casualty figures: people 0..9999 per field (integers), direct loss 0..10,000,000 万元 (2 decimals).
 * 9,999 people: no park accident comes near it (the worst in China's records killed 1,549; 条例 Art. 3's top grade
 * starts at 30 deaths), so more is a typing slip that would wrongly grade the incident 特别重大 (domain CASUALTY_MAX).
 */
export const CASUALTY_LIMITS = { people: 9_999, lossWan: 10_000_000 } as const;

/**
 * A dispatch: pending_ack 待确认 → acknowledged 已确认 → en_route 出发 → on_scene 到场 → done 完成; escalated 超时已升级
 * (not acknowledged within the zone's ackMinutes: replaced by the next person), stood_down 撤回 (by the desk).
 * A late ack on an escalated dispatch is recorded (acknowledgedAt, lateAck): the status stays escalated when
 * someone took over (replacedByName); with nobody sent instead, it becomes acknowledged (escalatedAt kept).
 */
export const DISPATCH_STATUSES = [
  'pending_ack',
  'acknowledged',
  'en_route',
  'on_scene',
  'done',
  'escalated',
  'stood_down',
] as const;
export type DispatchStatus = (typeof DISPATCH_STATUSES)[number];
export const DISPATCH_STATUS_LABELS: Record<DispatchStatus, LocalText> = {
  pending_ack: { zh: '待确认', en: 'Awaiting ack' },
  acknowledged: { zh: '已确认', en: 'Acknowledged' },
  en_route: { zh: '出发', en: 'En route' },
  on_scene: { zh: '到场', en: 'On scene' },
  done: { zh: '完成', en: 'Done' },
  escalated: { zh: '超时已升级', en: 'Escalated (no ack)' },
  stood_down: { zh: '撤回', en: 'Stood down' },
};
/** Dispatch statuses in which the member is committed to the incident (cannot be dispatched elsewhere). */
export const DISPATCH_ACTIVE_STATUSES = [
  'pending_ack',
  'acknowledged',
  'en_route',
  'on_scene',
] as const satisfies readonly DispatchStatus[];

/** Sensitive targets (敏感目标) the zone keeps on its site plan for downwind warnings. */
export const SENSITIVE_TARGET_KINDS = ['school', 'kindergarten', 'hospital', 'residential', 'nursing_home', 'other'] as const;
export type SensitiveTargetKind = (typeof SENSITIVE_TARGET_KINDS)[number];
export const SENSITIVE_TARGET_KIND_LABELS: Record<SensitiveTargetKind, LocalText> = {
  school: { zh: '学校', en: 'School' },
  kindergarten: { zh: '幼儿园', en: 'Kindergarten' },
  hospital: { zh: '医院', en: 'Hospital' },
  residential: { zh: '居民区', en: 'Residential area' },
  nursing_home: { zh: '养老院', en: 'Nursing home' },
  other: { zh: '其他', en: 'Other' },
};

/** The kinds of timeline events (incident_events, append-only). */
export const INCIDENT_EVENT_KINDS = [
  'reported',
  'sos_merged',
  'updated',
  'status',
  'plan_applied',
  'checklist_done',
  'dispatched',
  'acknowledged',
  'ack_late',
  'escalated',
  'en_route',
  'on_scene',
  'done',
  'stood_down',
  'equipment_deployed',
  'equipment_recalled',
  'equipment_released',
  'warning_sent',
  'warning_acked',
  'roll_call',
  'roll_call_answered',
  'roll_call_missed',
  'casualties',
  'authority_reported',
  'authority_due',
  'note',
  'photo',
  'reading',
  'closed',
  'cancelled',
] as const;
export type IncidentEventKind = (typeof INCIDENT_EVENT_KINDS)[number];
export const INCIDENT_EVENT_KIND_LABELS: Record<IncidentEventKind, LocalText> = {
  reported: { zh: '接报', en: 'Reported' },
  sos_merged: { zh: '再次求救（已合并）', en: 'SOS merged' },
  updated: { zh: '信息更新', en: 'Updated' },
  status: { zh: '状态变更', en: 'Status changed' },
  plan_applied: { zh: '启动预案', en: 'Plan applied' },
  checklist_done: { zh: '处置步骤完成', en: 'Checklist step done' },
  dispatched: { zh: '调派', en: 'Dispatched' },
  acknowledged: { zh: '确认接警', en: 'Acknowledged' },
  ack_late: { zh: '超时后确认', en: 'Late acknowledgement' },
  escalated: { zh: '超时升级', en: 'Escalated' },
  en_route: { zh: '出发', en: 'En route' },
  on_scene: { zh: '到场', en: 'On scene' },
  done: { zh: '完成任务', en: 'Done' },
  stood_down: { zh: '撤回', en: 'Stood down' },
  equipment_deployed: { zh: '器材出动', en: 'Equipment deployed' },
  equipment_recalled: { zh: '器材召回', en: 'Equipment recalled' },
  equipment_released: { zh: '器材归还', en: 'Equipment released' },
  warning_sent: { zh: '发布预警', en: 'Warning sent' },
  warning_acked: { zh: '预警已确认', en: 'Warning acknowledged' },
  roll_call: { zh: '人员清点', en: 'Roll call' },
  roll_call_answered: { zh: '报平安', en: 'Roll call answered' },
  roll_call_missed: { zh: '清点未应答', en: 'Roll call missed' },
  casualties: { zh: '伤亡/损失更新', en: 'Casualties updated' },
  authority_reported: { zh: '已上报应急管理部门', en: 'Reported to the authority' },
  authority_due: { zh: '上报时限提醒', en: 'Report deadline reminder' },
  note: { zh: '备注', en: 'Note' },
  photo: { zh: '现场照片', en: 'Scene photo' },
  reading: { zh: '监测读数', en: 'Reading' },
  closed: { zh: '结案', en: 'Closed' },
  cancelled: { zh: '取消/误报', en: 'Cancelled' },
};

/** How the unit reported to the authority (Art. 9: 电话快报, then in writing). */
export const AUTHORITY_REPORT_CHANNELS = ['phone', 'fax', 'online', 'document'] as const;
export type AuthorityReportChannel = (typeof AUTHORITY_REPORT_CHANNELS)[number];
export const AUTHORITY_REPORT_CHANNEL_LABELS: Record<AuthorityReportChannel, LocalText> = {
  phone: { zh: '电话', en: 'Phone' },
  fax: { zh: '传真', en: 'Fax' },
  online: { zh: '网上直报', en: 'Online' },
  document: { zh: '书面报告', en: 'Written report' },
};

/** The reporting clock's state: not_required for drills (演练不上报) and cancelled incidents. */
export const REPORTING_CLOCK_STATES = ['pending', 'overdue', 'done', 'not_required'] as const;
export type ReportingClockState = (typeof REPORTING_CLOCK_STATES)[number];
export const REPORTING_CLOCK_STATE_LABELS: Record<ReportingClockState, LocalText> = {
  pending: { zh: '待上报', en: 'Report due' },
  overdue: { zh: '已超时未报', en: 'Report overdue' },
  done: { zh: '已上报', en: 'Reported' },
  not_required: { zh: '无需上报', en: 'Not required' },
};

/** Wind sources of the downwind sector: the zone's weather tower, or entered by hand. */
export const WIND_SOURCES = ['tower', 'manual'] as const;
export type WindSource = (typeof WIND_SOURCES)[number];

/** Realtime events (socket.io, tenant rooms). Payloads: incidentChangedPush, incidentDispatchPush, incidentWarningPush. */
export const INCIDENT_REALTIME_EVENTS = {
  /** To the tenant's console roles (INCIDENT_PUSH_ROLES) on every change. */
  changed: 'incident.changed',
  /** To the dispatched member's user room. */
  dispatch: 'incident.dispatch',
  /** To the warned enterprise's room. */
  warning: 'incident.warning',
} as const;
/** Who gets `incident.changed` (role rooms). */
export const INCIDENT_PUSH_ROLES = [
  'zone_admin',
  'safety_officer',
  'rescue_leader',
  'equipment_keeper',
  'city_supervisor',
] as const satisfies readonly (typeof ROLES)[number][];

/** The text drills start with (texts, notifications, documents). */
export const DRILL_PREFIX = '【演练】';

// ---- 2. shared field shapes ----

const version = z.number().int().min(1);
const lat = z.number().min(-90).max(90);
const lng = z.number().min(-180).max(180);
/** Site-plan position as fractions of the plan's width and height (0..1, like the enterprises' and devices'). */
const planCoord = z.number().min(0).max(1);
/**
 * A casualty figure as sent: any number here (a string or null → 400); whether it is acceptable — whole, 0..9999,
 * the loss 0..10,000,000 万元 with ≤ 2 decimals — is the api's 422 (domain casualtyProblem), with the field named.
 */
const figure = z.number();
const text = (max: number) => z.string().trim().max(max);
const fileIds = z.array(ref('file')).max(12);

/** Casualties and loss (伤亡和直接经济损失) as the regulation counts them. */
export const casualties = z.object({
  deaths: z.number().int(),
  missing: z.number().int(),
  seriousInjuries: z.number().int(),
  minorInjuries: z.number().int(),
  /** 万元, 2 decimals. */
  directLossWan: z.number(),
});
export type Casualties = z.infer<typeof casualties>;

/**
 * The reporting clock (Art. 9: within 1 hour of the unit's principal learning of it; Art. 13: casualty changes within
 * 30 days, 7 for fire). `remainingMs` is negative once overdue; null when done or not required.
 */
export const reportingClock = z.object({
  state: z.enum(REPORTING_CLOCK_STATES),
  learnedAt: isoDateTime,
  authorityDueAt: isoDateTime.nullable(),
  remainingMs: z.number().int().nullable(),
  authorityReportedAt: isoDateTime.nullable(),
  /** Until when casualty changes must be reported (续报), null before the authority report. */
  casualtyFollowUpUntil: isoDateTime.nullable(),
});
export type ReportingClock = z.infer<typeof reportingClock>;

// ---- 3. incidents ----

export const incident = z.object({
  id: zId,
  /** SJ + zone-local yyyyMMdd + '-' + 3-digit daily sequence (SJ20261205-001). */
  no: z.string(),
  type: z.enum(INCIDENT_TYPES),
  source: z.enum(INCIDENT_SOURCES),
  status: z.enum(INCIDENT_STATUSES),
  level: z.enum(WARNING_LEVELS),
  /** Semantic severity of `level` (I → 4 … IV → 1). */
  severity: z.number().int(),
  isDrill: z.boolean(),
  enterpriseId: zId.nullable(),
  enterpriseName: z.string().nullable(),
  alarmId: zId.nullable(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  planX: z.number().nullable(),
  planY: z.number().nullable(),
  address: z.string().nullable(),
  description: z.string(),
  reporterUserId: zId.nullable(),
  reporterName: z.string(),
  reporterPhone: z.string().nullable(),
  occurredAt: isoDateTime,
  /** When the unit learned of it: the reporting clock starts here. */
  learnedAt: isoDateTime,
  responsePlanId: zId.nullable(),
  ...casualties.shape,
  grade: z.enum(ACCIDENT_GRADES).nullable(),
  authorityReportedAt: isoDateTime.nullable(),
  followUpUntil: isoDateTime.nullable(),
  windFromDeg: z.number().nullable(),
  windSpeed: z.number().nullable(),
  windSource: z.enum(WIND_SOURCES).nullable(),
  windAt: isoDateTime.nullable(),
  controlledAt: isoDateTime.nullable(),
  closedAt: isoDateTime.nullable(),
  closedBy: zId.nullable(),
  summary: z.string().nullable(),
  cancelReason: z.string().nullable(),
  clock: reportingClock,
  /** Optimistic lock: send it with every change; stale → 409. */
  version: z.number().int(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type Incident = z.infer<typeof incident>;
export const incidentPage = cursorPage(incident);

export const incidentEvent = z.object({
  id: zId,
  at: isoDateTime,
  kind: z.enum(INCIDENT_EVENT_KINDS),
  /** null: the system (应急平台). */
  actorId: zId.nullable(),
  actorName: z.string(),
  text: z.string(),
  data: z.record(z.string(), z.unknown()).nullable(),
});
export type IncidentEvent = z.infer<typeof incidentEvent>;

export const incidentChecklistItem = z.object({
  id: zId,
  stepKey: z.string(),
  order: z.number().int(),
  who: z.string(),
  role: z.enum(ROLES).nullable(),
  action: z.string(),
  /** learnedAt + the step's withinMinutes. */
  dueAt: isoDateTime,
  doneAt: isoDateTime.nullable(),
  doneBy: zId.nullable(),
  doneByName: z.string().nullable(),
  note: z.string().nullable(),
  overdue: z.boolean(),
});
export type IncidentChecklistItem = z.infer<typeof incidentChecklistItem>;

/** The Art. 12 snapshot stored with the authority report (what was reported, as it was then). */
export const authorityReport = z.object({
  reportedAt: isoDateTime,
  authority: z.string(),
  channel: z.enum(AUTHORITY_REPORT_CHANNELS),
  reporterName: z.string(),
  note: z.string().nullable(),
  /** Who recorded it in the platform. */
  recordedBy: zId,
  recordedByName: z.string(),
  /** Art. 12 fields: unit, time and place, scene, brief course, casualties and loss, measures taken, other. */
  fields: z.object({
    unitName: z.string(),
    occurredAt: isoDateTime,
    place: z.string(),
    type: z.enum(INCIDENT_TYPES),
    description: z.string(),
    ...casualties.shape,
    grade: z.enum(ACCIDENT_GRADES).nullable(),
    measures: z.string(),
  }),
});
export type AuthorityReport = z.infer<typeof authorityReport>;

// ---- 4. response plans (应急预案) ----

export const responsePlanStepInput = z.strictObject({
  /** Stable key of the step within the plan (letters, digits, - _). */
  key: z
    .string()
    .trim()
    .superRefine((v, ctx) => {
      if (!/^[A-Za-z0-9_-]{1,40}$/.test(v))
        ctx.addIssue(
          localIssue({
            zh: '步骤标识只能含字母、数字、-、_（最多 40 个）',
            en: 'A step key is 1–40 letters, digits, - or _',
          }),
        );
    }),
  order: z.number().int().min(1).max(100),
  /** Who does it (text: 值班员, 救援队长, 企业负责人 …). */
  who: text(60).min(1),
  /** Optionally the role it maps to (for notices). */
  role: z.enum(ROLES).optional(),
  action: text(500).min(1),
  /** Due this many minutes after learnedAt (0..1440). */
  withinMinutes: z.number().int().min(0).max(1440),
});
export const responsePlanStep = z.object({
  key: z.string(),
  order: z.number().int(),
  who: z.string(),
  role: z.enum(ROLES).optional(),
  action: z.string(),
  withinMinutes: z.number().int(),
});
export type ResponsePlanStep = z.infer<typeof responsePlanStep>;

export const responsePlan = z.object({
  id: zId,
  /** null: the zone's plan. */
  enterpriseId: zId.nullable(),
  enterpriseName: z.string().nullable(),
  /** The enterprise file's EmergencyPlan record (with its file). */
  enterprisePlanId: zId.nullable(),
  title: z.string(),
  incidentTypes: z.array(z.enum(INCIDENT_TYPES)),
  levels: z.array(z.enum(WARNING_LEVELS)),
  steps: z.array(responsePlanStep),
  active: z.boolean(),
  version: z.number().int(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type ResponsePlan = z.infer<typeof responsePlan>;
export const responsePlanPage = cursorPage(responsePlan);

const planBody = {
  enterpriseId: ref('enterprise').nullable().optional(),
  enterprisePlanId: ref('plan').nullable().optional(),
  title: text(100).min(2),
  incidentTypes: z.array(z.enum(INCIDENT_TYPES)).min(1).max(INCIDENT_TYPES.length),
  levels: z.array(z.enum(WARNING_LEVELS)).min(1).max(4),
  steps: z.array(responsePlanStepInput).min(1).max(50),
};
function stepsProblems(steps: Array<{ key: string; order: number }> | undefined, ctx: z.core.$RefinementCtx<unknown>): void {
  if (!steps) return;
  const keys = new Set<string>();
  steps.forEach((s, i) => {
    if (keys.has(s.key)) ctx.addIssue(localIssue({ zh: '步骤标识重复', en: 'A step key is used twice' }, ['steps', i, 'key']));
    keys.add(s.key);
  });
}
export const createResponsePlanRequest = z
  .strictObject({ ...planBody, active: z.boolean().default(true) })
  .superRefine((b, ctx) => stepsProblems(b.steps, ctx))
  .meta({
    examples: [
      {
        title: '园区危化品泄漏专项应急预案',
        incidentTypes: ['leak_poisoning'],
        levels: ['I', 'II', 'III', 'IV'],
        steps: [
          {
            key: 'verify',
            order: 1,
            who: '值班员',
            action: '接警核实：联系报警人确认位置、介质、有无人员被困',
            withinMinutes: 2,
          },
          { key: 'notify', order: 2, who: '值班员', role: 'rescue_leader', action: '通知救援队出动', withinMinutes: 3 },
          { key: 'report', order: 3, who: '园区应急办', action: '上报应急管理局', withinMinutes: 60 },
        ],
      },
    ],
  });
export type CreateResponsePlanRequest = z.infer<typeof createResponsePlanRequest>;
export const updateResponsePlanRequest = z
  .strictObject({
    version,
    title: planBody.title.optional(),
    enterprisePlanId: planBody.enterprisePlanId,
    incidentTypes: planBody.incidentTypes.optional(),
    levels: planBody.levels.optional(),
    steps: planBody.steps.optional(),
    active: z.boolean().optional(),
  })
  .superRefine((b, ctx) => stepsProblems(b.steps, ctx))
  .meta({ examples: [{ version: 1, title: '园区危化品泄漏专项应急预案（2026 修订）' }] });
export type UpdateResponsePlanRequest = z.infer<typeof updateResponsePlanRequest>;
export const responsePlansQuery = z.strictObject({
  /** 'zone' = the zone's own plans only. */
  enterpriseId: z.union([ref('enterprise'), z.literal('zone')]).optional(),
  type: z.enum(INCIDENT_TYPES).optional(),
  active: z.enum(['true', 'false', 'all']).default('true'),
  q: text(60).optional(),
  cursor: cursorParam,
  ...pagingQuery.shape,
});
export type ResponsePlansQuery = z.infer<typeof responsePlansQuery>;
/** Matching active plans for an incident: the enterprise's first, then the zone's (type and level match). */
export const planProposals = z.object({ items: z.array(responsePlan) });
export type PlanProposals = z.infer<typeof planProposals>;
export const applyPlanRequest = z
  .strictObject({ planId: ref('responsePlan') })
  .meta({ examples: [{ planId: '0190a5b0-0000-7000-8000-000000000031' }] });
export const checklistItemRequest = z
  .strictObject({ done: z.boolean(), note: text(500).optional() })
  .meta({ examples: [{ done: true, note: '已拉起警戒线' }] });

// ---- 5. dispatch (调派, helper B's routes) ----

export const incidentDispatch = z.object({
  id: zId,
  incidentId: zId,
  userId: zId,
  userName: z.string(),
  phone: z.string().nullable(),
  teamId: zId.nullable(),
  teamName: z.string().nullable(),
  isLeader: z.boolean(),
  status: z.enum(DISPATCH_STATUSES),
  dispatchedAt: isoDateTime,
  dispatchedBy: zId.nullable(),
  dispatchedByName: z.string(),
  /** dispatchedAt + the zone's ackMinutes. */
  ackDueAt: isoDateTime,
  acknowledgedAt: isoDateTime.nullable(),
  /** Acknowledged after the dispatch had escalated (recorded, the escalation stands). */
  lateAck: z.boolean(),
  escalatedAt: isoDateTime.nullable(),
  /** The escalated dispatch this one replaces. */
  replacesDispatchId: zId.nullable(),
  /**
   * Who took over when this dispatch escalated (the replacement's name); null: nobody replaced it (a late ack then
   * lets the member work on). Optional so older payloads still parse.
   */
  replacedByName: z.string().nullable().optional(),
  enRouteAt: isoDateTime.nullable(),
  onSceneAt: isoDateTime.nullable(),
  doneAt: isoDateTime.nullable(),
  standDownAt: isoDateTime.nullable(),
  /** When the current roll call must be answered (人员清点), null when none is running. */
  rollCallDueAt: isoDateTime.nullable(),
  lastAccountedAt: isoDateTime.nullable(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  version: z.number().int(),
});
export type IncidentDispatch = z.infer<typeof incidentDispatch>;

export const EQUIPMENT_DEPLOY_HOW = ['deployed', 'recalled'] as const;
export type EquipmentDeployHow = (typeof EQUIPMENT_DEPLOY_HOW)[number];
export const incidentEquipment = z.object({
  id: zId,
  incidentId: zId,
  unitId: zId,
  assetTag: z.string(),
  modelName: z.string(),
  /** deployed from the room, or recalled from a borrower. */
  how: z.enum(EQUIPMENT_DEPLOY_HOW),
  loanId: zId.nullable(),
  borrowerName: z.string().nullable(),
  at: isoDateTime,
  releasedAt: isoDateTime.nullable(),
});
export type IncidentEquipment = z.infer<typeof incidentEquipment>;

export const PROPOSED_PERSON_STATUSES = ['available', 'committed', 'on_leave', 'off_duty'] as const;
export type ProposedPersonStatus = (typeof PROPOSED_PERSON_STATUSES)[number];
export const PROPOSED_PERSON_STATUS_LABELS: Record<ProposedPersonStatus, LocalText> = {
  available: { zh: '可调派', en: 'Available' },
  committed: { zh: '处置中', en: 'Committed' },
  on_leave: { zh: '请假', en: 'On leave' },
  off_duty: { zh: '不在值班', en: 'Off duty' },
};
export const proposedPerson = z.object({
  userId: zId,
  name: z.string(),
  phone: z.string().nullable(),
  isLeader: z.boolean(),
  skills: z.array(z.string()),
  status: z.enum(PROPOSED_PERSON_STATUSES),
  committedTo: z.object({ incidentId: zId, no: z.string() }).nullable().optional(),
  teamId: zId.nullable().optional(),
  teamName: z.string().nullable().optional(),
});
export type ProposedPerson = z.infer<typeof proposedPerson>;
export const proposedUnit = z.object({
  unitId: zId,
  assetTag: z.string(),
  modelName: z.string(),
  category: z.enum(EQUIPMENT_CATEGORIES),
  status: z.enum(['available', 'on_loan']),
  borrower: z
    .object({ name: z.string(), phone: z.string().nullable(), enterpriseName: z.string().nullable() })
    .nullable()
    .optional(),
  loanId: zId.nullable().optional(),
  /** Metres from the incident (null: no position on either side). */
  distanceM: z.number().nullable().optional(),
  /**
   * Pre-ticked for the one-click confirm: the nearest unit of each category the incident type needs
   * (INCIDENT_EQUIPMENT_NEEDS; deployable before recallable). Optional so older payloads still parse.
   */
  proposed: z.boolean().optional(),
});
export type ProposedUnit = z.infer<typeof proposedUnit>;
export const dispatchProposal = z.object({
  at: isoDateTime,
  teams: z.array(
    z.object({
      teamId: zId,
      teamName: z.string(),
      /** The duty slot (shift) words, e.g. 白班 08:00–20:00. */
      slot: z.string().nullable(),
      /** Fewer on duty than the team's minimum. */
      gap: z.boolean(),
      people: z.array(proposedPerson),
    }),
  ),
  /** Members of other teams not on duty (status off_duty): the second choice. */
  others: z.array(proposedPerson),
  /** Available units first, then units on loan (recallable), each by distance. */
  units: z.array(proposedUnit),
});
export type DispatchProposal = z.infer<typeof dispatchProposal>;
export const dispatchRequest = z
  .strictObject({
    userIds: z.array(ref('user')).max(50).default([]),
    units: z
      .array(z.strictObject({ unitId: ref('equipmentUnit') }))
      .max(100)
      .default([]),
    note: text(500).optional(),
  })
  .superRefine((b, ctx) => {
    if (b.userIds.length + b.units.length === 0)
      ctx.addIssue(localIssue({ zh: '请选择调派人员或器材', en: 'Pick people or equipment to dispatch' }, ['userIds']));
  })
  .meta({ examples: [{ userIds: ['0190a5b0-0000-7000-8000-000000000002'], units: [], note: '携带正压式空气呼吸器' }] });
export type DispatchRequest = z.infer<typeof dispatchRequest>;
export const DISPATCH_MEMBER_STATUSES = ['en_route', 'on_scene', 'done'] as const;
export const dispatchStatusRequest = z
  .strictObject({ status: z.enum(DISPATCH_MEMBER_STATUSES), lat: lat.optional(), lng: lng.optional() })
  .meta({ examples: [{ status: 'en_route' }] });
export const rollCallRequest = z.strictObject({ lat: lat.optional(), lng: lng.optional() }).meta({ examples: [{}] });
export const standDownRequest = z.strictObject({ reason: text(200).optional() }).meta({ examples: [{ reason: '警情已控制' }] });
export const incidentPhotosRequest = z.strictObject({ fileIds: fileIds.min(1), note: text(500).optional() }).meta({
  examples: [{ fileIds: ['0190a5b0-0000-7000-8000-000000000041'], note: '泄漏点已封堵' }],
  'x-probe': { fileIds: ['{file}'] },
});
/** An incident summary shown with a member's dispatch. */
export const incidentSummary = z.object({
  id: zId,
  no: z.string(),
  type: z.enum(INCIDENT_TYPES),
  status: z.enum(INCIDENT_STATUSES),
  level: z.enum(WARNING_LEVELS),
  isDrill: z.boolean(),
  enterpriseName: z.string().nullable(),
  address: z.string().nullable(),
  description: z.string(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  learnedAt: isoDateTime,
});
export type IncidentSummary = z.infer<typeof incidentSummary>;
export const myDispatch = incidentDispatch.extend({ incident: incidentSummary });
export type MyDispatch = z.infer<typeof myDispatch>;
export const myDispatches = z.object({ active: z.array(myDispatch), recent: z.array(myDispatch) });
export type MyDispatches = z.infer<typeof myDispatches>;

// ---- 6. downwind warnings and sensitive targets (B) ----

export const incidentWarning = z.object({
  id: zId,
  incidentId: zId,
  targetKind: z.enum(['enterprise', 'sensitive_target']),
  enterpriseId: zId.nullable(),
  targetId: zId.nullable(),
  name: z.string(),
  distanceM: z.number(),
  bearingDeg: z.number(),
  message: z.string(),
  sentAt: isoDateTime,
  /** A drill's warning: recorded, nothing sent. */
  simulated: z.boolean(),
  acknowledgedAt: isoDateTime.nullable(),
  acknowledgedBy: zId.nullable(),
  acknowledgedByName: z.string().nullable(),
});
export type IncidentWarning = z.infer<typeof incidentWarning>;
/** An enterprise's warning with its incident (GET /incidents/warnings/mine). */
export const myWarning = incidentWarning.extend({ incident: incidentSummary });
export const myWarnings = z.object({ items: z.array(myWarning) });
export type MyWarnings = z.infer<typeof myWarnings>;

export const windInput = {
  /** Where the wind comes FROM (meteorological), degrees clockwise from north, 0..360. */
  windFromDeg: z.coerce.number().min(0).max(360).optional(),
  /** m/s, 0..75. */
  windSpeed: z.coerce.number().min(0).max(75).optional(),
};
/** Wind direction and speed come together or not at all. */
function windBoth(q: { windFromDeg?: number; windSpeed?: number }, ctx: z.core.$RefinementCtx<unknown>): void {
  if ((q.windFromDeg === undefined) !== (q.windSpeed === undefined))
    ctx.addIssue(localIssue({ zh: '风向与风速须同时填写', en: 'Give the wind direction and speed together' }, ['windSpeed']));
}
export const downwindQuery = z.strictObject(windInput).superRefine((q, ctx) => windBoth(q, ctx));
export const downwindSectorOut = z.object({
  /** The bearing the smoke travels TO: (windFromDeg + 180) % 360. */
  toDeg: z.number(),
  halfAngleDeg: z.number(),
  distanceM: z.number(),
  /** Calm (< calmSpeed): a full circle of distanceM. */
  calm: z.boolean(),
  /** Closed ring of lat/lng points. */
  polygon: z.array(z.object({ lat: z.number(), lng: z.number() })),
});
export type DownwindSectorOut = z.infer<typeof downwindSectorOut>;
export const downwindResponse = z.object({
  wind: z
    .object({
      fromDeg: z.number(),
      speed: z.number(),
      source: z.enum(WIND_SOURCES),
      at: isoDateTime,
      deviceCode: z.string().nullable().optional(),
    })
    .nullable(),
  sector: downwindSectorOut,
  enterprises: z.array(
    z.object({
      enterpriseId: zId,
      name: z.string(),
      distanceM: z.number(),
      bearingDeg: z.number(),
      riskColour: z.enum(RISK_COLOURS).nullable(),
    }),
  ),
  targets: z.array(
    z.object({
      targetId: zId,
      kind: z.enum(SENSITIVE_TARGET_KINDS),
      name: z.string(),
      distanceM: z.number(),
      bearingDeg: z.number(),
    }),
  ),
});
export type DownwindResponse = z.infer<typeof downwindResponse>;
const WARNING_EXAMPLE = '园区发生氨泄漏，请关闭门窗、停止室外作业，听从疏散指挥';
export const sendWarningsRequest = z
  .strictObject({
    ...windInput,
    message: text(500).min(2).optional(),
    /** Omitted: every enterprise inside the sector. */
    enterpriseIds: z.array(ref('enterprise')).max(500).optional(),
    /** Omitted: every sensitive target inside the sector. */
    targetIds: z.array(ref('sensitiveTarget')).max(500).optional(),
  })
  .superRefine((q, ctx) => windBoth(q, ctx))
  .meta({ examples: [{ windFromDeg: 45, windSpeed: 3.2, message: WARNING_EXAMPLE }] });
export type SendWarningsRequest = z.infer<typeof sendWarningsRequest>;
export const sendWarningsResponse = z.object({
  items: z.array(incidentWarning),
  created: z.number().int(),
  updated: z.number().int(),
});
export type SendWarningsResponse = z.infer<typeof sendWarningsResponse>;

export const sensitiveTarget = z.object({
  id: zId,
  kind: z.enum(SENSITIVE_TARGET_KINDS),
  name: z.string(),
  lat: z.number(),
  lng: z.number(),
  planX: z.number().nullable(),
  planY: z.number().nullable(),
  population: z.number().int().nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  note: z.string().nullable(),
  active: z.boolean(),
  version: z.number().int(),
});
export type SensitiveTarget = z.infer<typeof sensitiveTarget>;
export const sensitiveTargetPage = cursorPage(sensitiveTarget);
export const sensitiveTargetsQuery = z.strictObject({
  kind: z.enum(SENSITIVE_TARGET_KINDS).optional(),
  active: z.enum(['true', 'false', 'all']).default('true'),
  q: text(60).optional(),
  cursor: cursorParam,
  ...pagingQuery.shape,
});
const targetBody = {
  kind: z.enum(SENSITIVE_TARGET_KINDS),
  name: text(100).min(2),
  lat,
  lng,
  planX: planCoord.nullable().optional(),
  planY: planCoord.nullable().optional(),
  population: z.number().int().min(0).max(1_000_000).nullable().optional(),
  contactName: text(60).nullable().optional(),
  /** Stored normalised (anyPhone of common.ts); B validates with it. */
  contactPhone: text(60).nullable().optional(),
  note: text(500).nullable().optional(),
};
export const createSensitiveTargetRequest = z.strictObject(targetBody).meta({
  examples: [
    {
      kind: 'school',
      name: '园区实验小学',
      lat: 29.1012,
      lng: 119.6523,
      population: 1200,
      contactName: '王校长',
      contactPhone: '13905790111',
    },
  ],
});
export type CreateSensitiveTargetRequest = z.infer<typeof createSensitiveTargetRequest>;
export const updateSensitiveTargetRequest = z
  .strictObject({
    version,
    kind: targetBody.kind.optional(),
    name: targetBody.name.optional(),
    lat: lat.optional(),
    lng: lng.optional(),
    planX: targetBody.planX,
    planY: targetBody.planY,
    population: targetBody.population,
    contactName: targetBody.contactName,
    contactPhone: targetBody.contactPhone,
    note: targetBody.note,
    active: z.boolean().optional(),
  })
  .meta({ examples: [{ version: 1, population: 1300 }] });
export type UpdateSensitiveTargetRequest = z.infer<typeof updateSensitiveTargetRequest>;

/** What B's `DispatchService.forIncident(em, incidentId)` answers for the incident detail. */
export interface IncidentLinkage {
  dispatches: IncidentDispatch[];
  equipment: IncidentEquipment[];
  warnings: IncidentWarning[];
}

// ---- 7. incident detail, requests ----

export const incidentDetail = incident.extend({
  checklist: z.array(incidentChecklistItem),
  dispatches: z.array(incidentDispatch),
  equipment: z.array(incidentEquipment),
  warnings: z.array(incidentWarning),
  /** The timeline, oldest first, newest last (the last 500). */
  events: z.array(incidentEvent),
  plan: responsePlan.nullable(),
  authorityReport: authorityReport.nullable(),
  closedByName: z.string().nullable(),
  /** Photo and voice file ids attached by SOS, notes and members. */
  fileIds: z.array(zId),
});
export type IncidentDetail = z.infer<typeof incidentDetail>;

/** One-press SOS (一键求救) from the mini-program. `clientKey` is fixed per press: a replay answers the same incident. */
export const sosRequest = z
  .strictObject({
    clientKey: z.uuid(),
    type: z.enum(INCIDENT_TYPES),
    lat: lat.optional(),
    lng: lng.optional(),
    /** Metres (the phone's accuracy). */
    accuracyM: z.number().min(0).max(100_000).optional(),
    description: text(1000).optional(),
    photoFileIds: fileIds.optional(),
    voiceFileId: ref('file').optional(),
    isDrill: z.boolean().optional(),
    /**
     * When the person pressed (the phone's clock, ISO). Becomes `occurredAt` when plausible (not more than 2 min
     * ahead of the server, not older than 24 h); otherwise the server's time is used and the timeline says so.
     * `learnedAt` is always the server's arrival (条例 Art. 9's hour runs from it).
     */
    pressedAt: isoDateTime.optional(),
  })
  .meta({
    examples: [
      {
        clientKey: '0190a5b0-0000-7000-8000-0000000000aa',
        type: 'leak_poisoning',
        lat: 29.1,
        lng: 119.65,
        description: '罐区有刺鼻气味',
      },
    ],
    'x-probe': { clientKey: '0190a5b0-0000-7000-8000-0000000000ab', type: 'other' },
  });
export type SosRequest = z.infer<typeof sosRequest>;
export const sosResponse = z.object({ incident: incidentDetail, merged: z.boolean() });
export type SosResponse = z.infer<typeof sosResponse>;

const timeNotFuture = isoDateTime.superRefine((v, ctx) => {
  if (Date.parse(v) > Date.now() + 5 * 60_000)
    ctx.addIssue(localIssue({ zh: '时间不能晚于现在', en: 'The time cannot be in the future' }));
});
export const createIncidentRequest = z
  .strictObject({
    source: z.enum(['phone', 'desk', 'iot_alarm']),
    alarmId: ref('iotAlarm').optional(),
    type: z.enum(INCIDENT_TYPES).optional(),
    level: z.enum(WARNING_LEVELS).default('IV'),
    isDrill: z.boolean().default(false),
    enterpriseId: ref('enterprise').optional(),
    lat: lat.optional(),
    lng: lng.optional(),
    planX: planCoord.optional(),
    planY: planCoord.optional(),
    address: text(200).optional(),
    description: text(2000).min(2),
    callerName: text(60).optional(),
    callerPhone: text(60).optional(),
    occurredAt: timeNotFuture.optional(),
    learnedAt: timeNotFuture.optional(),
  })
  .superRefine((b, ctx) => {
    if (b.source === 'iot_alarm' && !b.alarmId)
      ctx.addIssue(localIssue({ zh: '由报警立案须选择报警', en: 'Pick the alarm' }, ['alarmId']));
    if (b.source !== 'iot_alarm' && !b.type)
      ctx.addIssue(localIssue({ zh: '请选择事件类型', en: 'Pick the incident type' }, ['type']));
    if ((b.lat === undefined) !== (b.lng === undefined))
      ctx.addIssue(localIssue({ zh: '经纬度须同时填写', en: 'Give both latitude and longitude' }, ['lng']));
    if (b.occurredAt && b.learnedAt && Date.parse(b.learnedAt) < Date.parse(b.occurredAt))
      ctx.addIssue(localIssue({ zh: '接报时间不能早于发生时间', en: 'Learned before it happened' }, ['learnedAt']));
  })
  .meta({
    examples: [
      {
        source: 'phone',
        type: 'fire',
        level: 'III',
        isDrill: false,
        address: '园区纬三路 18 号仓库',
        description: '仓库冒烟，有明火',
        callerName: '李师傅',
        callerPhone: '13905790102',
      },
    ],
  });
export type CreateIncidentRequest = z.infer<typeof createIncidentRequest>;

export const updateIncidentRequest = z
  .strictObject({
    version,
    type: z.enum(INCIDENT_TYPES).optional(),
    level: z.enum(WARNING_LEVELS).optional(),
    enterpriseId: ref('enterprise').nullable().optional(),
    lat: lat.nullable().optional(),
    lng: lng.nullable().optional(),
    planX: planCoord.nullable().optional(),
    planY: planCoord.nullable().optional(),
    address: text(200).nullable().optional(),
    description: text(2000).min(2).optional(),
  })
  .meta({ examples: [{ version: 1, level: 'II', description: '液氨管道法兰泄漏，已关闭上游阀门' }] });
export type UpdateIncidentRequest = z.infer<typeof updateIncidentRequest>;
export const incidentStatusRequest = z
  .strictObject({ version, status: z.literal('controlled') })
  .meta({ examples: [{ version: 3, status: 'controlled' }] });
export const closeIncidentRequest = z
  .strictObject({ version, summary: text(5000).min(2) })
  .meta({ examples: [{ version: 4, summary: '泄漏点已封堵，现场检测正常，无人员伤亡' }] });
export const cancelIncidentRequest = z
  .strictObject({ version, reason: text(500).min(2) })
  .meta({ examples: [{ version: 1, reason: '误报：员工误触' }] });
export const casualtiesRequest = z
  .strictObject({
    version,
    deaths: figure,
    missing: figure,
    seriousInjuries: figure,
    minorInjuries: figure,
    /** 万元. */
    directLossWan: figure,
    note: text(500).optional(),
  })
  .meta({ examples: [{ version: 2, deaths: 0, missing: 0, seriousInjuries: 1, minorInjuries: 2, directLossWan: 35.5 }] });
export type CasualtiesRequest = z.infer<typeof casualtiesRequest>;
export const authorityReportRequest = z
  .strictObject({
    version,
    reportedAt: timeNotFuture,
    authority: text(100).min(2),
    channel: z.enum(AUTHORITY_REPORT_CHANNELS),
    reporterName: text(60).min(1),
    note: text(1000).optional(),
  })
  .meta({
    examples: [
      {
        version: 2,
        reportedAt: '2026-12-05T10:40:00+08:00',
        authority: '金华市应急管理局',
        channel: 'phone',
        reporterName: '王主任',
      },
    ],
    'x-probe': { version: 1, reportedAt: '2026-12-01T00:00:00Z', authority: '探针', channel: 'phone', reporterName: '探针' },
  });
export type AuthorityReportRequest = z.infer<typeof authorityReportRequest>;
export const incidentNoteRequest = z
  .strictObject({ text: text(2000).min(1), fileIds: fileIds.optional() })
  .meta({ examples: [{ text: '现场风向东北，已疏散下风向人员' }] });

export const INCIDENT_STATUS_FILTERS = ['open', 'closed', 'cancelled', 'all'] as const;
export type IncidentStatusFilter = (typeof INCIDENT_STATUS_FILTERS)[number];
export const INCIDENT_DRILL_FILTERS = ['exclude', 'only', 'include'] as const;
export const incidentsQuery = z.strictObject({
  status: z.enum(INCIDENT_STATUS_FILTERS).default('all'),
  type: z.enum(INCIDENT_TYPES).optional(),
  drill: z.enum(INCIDENT_DRILL_FILTERS).default('include'),
  enterpriseId: ref('enterprise').optional(),
  /** learnedAt ≥ from, < to. */
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
  /** Number, address or description. */
  q: text(60).optional(),
  cursor: cursorParam,
  ...pagingQuery.shape,
});
export type IncidentsQuery = z.infer<typeof incidentsQuery>;
export const myIncidentsQuery = z.strictObject({ cursor: cursorParam, ...pagingQuery.shape });
export const incidentStatsQuery = z
  .strictObject({
    from: isoDateTime.meta({ examples: ['2026-01-01T00:00:00+08:00'] }),
    to: isoDateTime.meta({ examples: ['2027-01-01T00:00:00+08:00'] }),
  })
  .superRefine((q, ctx) => {
    const from = Date.parse(q.from);
    const to = Date.parse(q.to);
    if (!(to > from)) ctx.addIssue(localIssue({ zh: '结束时间须晚于开始时间', en: 'The end must be after the start' }, ['to']));
    else if (to - from > 366 * 86400_000) ctx.addIssue(localIssue({ zh: '统计时段最长 366 天', en: 'At most 366 days' }, ['to']));
  });
const statsBlock = z.object({
  total: z.number().int(),
  cancelled: z.number().int(),
  byType: z.array(z.object({ type: z.enum(INCIDENT_TYPES), count: z.number().int() })),
  byGrade: z.array(z.object({ grade: z.enum(ACCIDENT_GRADES).nullable(), count: z.number().int() })),
  /** Zone-local months (YYYY-MM). */
  byMonth: z.array(z.object({ month: z.string(), count: z.number().int() })),
  /** Medians in minutes from learnedAt (null: none). */
  medianMinutes: z.object({
    toDispatch: z.number().nullable(),
    toAck: z.number().nullable(),
    toOnScene: z.number().nullable(),
  }),
  casualties,
});
/** Statistics of incidents learned in [from, to): real ones and drills apart (issue 12: drills kept apart). */
export const incidentStats = z.object({ from: isoDateTime, to: isoDateTime, real: statsBlock, drills: statsBlock });
export type IncidentStats = z.infer<typeof incidentStats>;

// ---- 8. command hall (指挥大厅, helper E) ----

/**
 * The command hall's snapshot (GET /command-hall). Positions: `lat`/`lng` (WGS-84) and `planX`/`planY` on the zone's
 * site plan as fractions of its size (0..1, y from the top, as the enterprises' points): an item's own plan point,
 * else its lat/lng through the plan transform fitted on the enterprises that have both (null when there is none).
 */
export const commandHall = z.object({
  at: isoDateTime,
  zone: z.object({
    name: z.string(),
    timeZone: z.string(),
    /** The plan image (signed URL) and its pixel size; null: draw on lat/lng. */
    sitePlan: z.object({ url: z.string(), width: z.number().int(), height: z.number().int() }).nullable(),
    mapCenter: z.object({ lat: z.number(), lng: z.number(), zoom: z.number().int() }).nullable(),
    tileUrl: z.string().nullable(),
    palette: z.record(z.string(), z.object({ color: z.string(), label: z.string() })),
  }),
  enterprises: z.array(
    z.object({
      id: zId,
      name: z.string(),
      riskColour: z.enum(RISK_COLOURS).nullable(),
      lat: z.number().nullable(),
      lng: z.number().nullable(),
      planX: z.number().nullable(),
      planY: z.number().nullable(),
    }),
  ),
  /** Active (not cleared) IoT alarms, the most severe and newest first (at most 20; `alarmsTotal` counts all). */
  alarms: z.array(
    z.object({
      id: zId,
      deviceId: zId,
      deviceName: z.string(),
      enterpriseId: zId.nullable(),
      enterpriseName: z.string().nullable(),
      type: z.string(),
      severity: z.string(),
      level: z.number().int().nullable(),
      value: z.number().nullable(),
      startedAt: isoDateTime,
      acknowledged: z.boolean(),
      lat: z.number().nullable(),
      lng: z.number().nullable(),
      planX: z.number().nullable(),
      planY: z.number().nullable(),
    }),
  ),
  alarmsTotal: z.number().int(),
  /** Open incidents (reported, responding, controlled), drills marked by isDrill. */
  incidents: z.array(
    incidentSummary.extend({
      severity: z.number().int(),
      planX: z.number().nullable(),
      planY: z.number().nullable(),
      grade: z.enum(ACCIDENT_GRADES).nullable(),
      deaths: z.number().int(),
      missing: z.number().int(),
      seriousInjuries: z.number().int(),
      clock: reportingClock,
      /** Dispatches by status (statuses without any left out). */
      dispatchCounts: z.partialRecord(z.enum(DISPATCH_STATUSES), z.number().int()),
      /** With a known wind; `planPolygon` the same ring on the site plan (fractions) when the transform exists. */
      sector: downwindSectorOut
        .extend({ planPolygon: z.array(z.object({ x: z.number(), y: z.number() })).nullable() })
        .nullable(),
    }),
  ),
  onDuty: z.array(
    z.object({
      teamName: z.string(),
      /** Fewer than the team's minimum on duty. */
      gap: z.boolean(),
      people: z.array(z.object({ name: z.string(), status: z.enum(PROPOSED_PERSON_STATUSES) })),
    }),
  ),
  equipment: z.object({
    byStatus: z.array(z.object({ status: z.string(), count: z.number().int() })),
    /** Available in the room now (units on loan are recallable, counted in byStatus). */
    deployable: z.number().int(),
    /** Units not retired or lost. */
    total: z.number().int(),
  }),
  /** Today on the zone's clock: hazards reported since midnight, open and overdue now; inspections due today. */
  today: z.object({
    hazardsReported: z.number().int(),
    hazardsOpen: z.number().int(),
    hazardsOverdue: z.number().int(),
    inspectionsDone: z.number().int(),
    inspectionsPlanned: z.number().int(),
  }),
});
export type CommandHall = z.infer<typeof commandHall>;

// ---- 9. realtime payloads ----

export const incidentChangedPush = z.object({
  id: zId,
  no: z.string(),
  status: z.enum(INCIDENT_STATUSES),
  isDrill: z.boolean(),
  at: isoDateTime,
  /** What changed (an event kind, or 'created'). */
  kind: z.string(),
});
export type IncidentChangedPush = z.infer<typeof incidentChangedPush>;
export const incidentDispatchPush = z.object({
  dispatchId: zId,
  incidentId: zId,
  no: z.string(),
  status: z.enum(DISPATCH_STATUSES),
  ackDueAt: isoDateTime,
  isDrill: z.boolean(),
});
export type IncidentDispatchPush = z.infer<typeof incidentDispatchPush>;
export const incidentWarningPush = z.object({
  warningId: zId,
  incidentId: zId,
  no: z.string(),
  message: z.string(),
  isDrill: z.boolean(),
});
export type IncidentWarningPush = z.infer<typeof incidentWarningPush>;
