import { z } from 'zod';
import { INSPECTION_TEXT_MAX } from '@yuanan/domain';
import { anyPhone, cursorParam, isoDate, isoDateTime, page, ref, zId } from './common.ts';
import { creditCode, enterpriseGeofence } from './enterprises.ts';
import { lawCitationRef } from './laws.ts';
import { localIssue, type LocalText } from './messages.ts';
import { RISK_COLOURS } from './tenants.ts';

/**
 * Inspections and daily traces (日常留痕监管): checklist templates, plans, tasks, check-in, submission, agencies and
 * their contracts, coverage. The shared design is /work/briefs/inspections-design.md; DOMAIN.md has the vocabulary.
 */

// ---- enums and their labels ----

export const INSPECTION_TEMPLATE_STATUSES = ['draft', 'published', 'retired'] as const;
export type InspectionTemplateStatus = (typeof INSPECTION_TEMPLATE_STATUSES)[number];
export const CHECKLIST_ITEM_KINDS = ['yes_no', 'number', 'choice', 'text', 'photo'] as const;
export type ChecklistItemKind = (typeof CHECKLIST_ITEM_KINDS)[number];
export const INSPECTION_PLAN_KINDS = ['routine', 'campaign'] as const;
export type InspectionPlanKind = (typeof INSPECTION_PLAN_KINDS)[number];
export const INSPECTION_ASSIGNEE_KINDS = ['user', 'role', 'agency'] as const;
export type InspectionAssigneeKind = (typeof INSPECTION_ASSIGNEE_KINDS)[number];
/** Roles a plan may assign its tasks to (grid worker: the enterprise's grid's; enterprise roles: 企业自查). */
export const INSPECTION_ASSIGNEE_ROLES = [
  'safety_officer',
  'grid_worker',
  'inspector',
  'enterprise_admin',
  'enterprise_staff',
] as const;
export type InspectionAssigneeRole = (typeof INSPECTION_ASSIGNEE_ROLES)[number];
export const INSPECTION_FREQUENCIES = ['by_colour', 'weekly', 'fortnightly', 'monthly', 'quarterly', 'once'] as const;
export type InspectionFrequency = (typeof INSPECTION_FREQUENCIES)[number];
export const INSPECTION_TASK_KINDS = ['routine', 'campaign', 'self_check', 'recheck'] as const;
export type InspectionTaskKind = (typeof INSPECTION_TASK_KINDS)[number];
export const INSPECTION_TASK_STATUSES = ['scheduled', 'open', 'in_progress', 'done', 'missed'] as const;
export type InspectionTaskStatus = (typeof INSPECTION_TASK_STATUSES)[number];
export const CHECK_IN_METHODS = ['gps', 'qr'] as const;
export type CheckInMethod = (typeof CHECK_IN_METHODS)[number];
export const ITEM_OUTCOMES = ['pass', 'fail', 'na'] as const;
export type ItemOutcome = (typeof ITEM_OUTCOMES)[number];
export const COVERAGE_BY = ['grid_worker', 'agency'] as const;
export type CoverageBy = (typeof COVERAGE_BY)[number];

export const INSPECTION_TEMPLATE_STATUS_LABELS: Record<InspectionTemplateStatus, LocalText> = {
  draft: { zh: '草稿', en: 'Draft' },
  published: { zh: '已发布', en: 'Published' },
  retired: { zh: '已停用', en: 'Retired' },
};
export const CHECKLIST_ITEM_KIND_LABELS: Record<ChecklistItemKind, LocalText> = {
  yes_no: { zh: '是否判断', en: 'Yes / no' },
  number: { zh: '数值', en: 'Number' },
  choice: { zh: '单选', en: 'Choice' },
  text: { zh: '文字记录', en: 'Text' },
  photo: { zh: '拍照', en: 'Photo' },
};
export const INSPECTION_PLAN_KIND_LABELS: Record<InspectionPlanKind, LocalText> = {
  routine: { zh: '日常检查', en: 'Routine' },
  campaign: { zh: '专项检查', en: 'Campaign' },
};
export const INSPECTION_ASSIGNEE_KIND_LABELS: Record<InspectionAssigneeKind, LocalText> = {
  user: { zh: '指定人员', en: 'A person' },
  role: { zh: '按角色', en: 'By role' },
  agency: { zh: '第三方服务机构', en: 'Agency' },
};
export const INSPECTION_FREQUENCY_LABELS: Record<InspectionFrequency, LocalText> = {
  by_colour: { zh: '按风险等级', en: 'By risk colour' },
  weekly: { zh: '每周', en: 'Weekly' },
  fortnightly: { zh: '每两周', en: 'Fortnightly' },
  monthly: { zh: '每月', en: 'Monthly' },
  quarterly: { zh: '每季度', en: 'Quarterly' },
  once: { zh: '一次性', en: 'Once' },
};
export const INSPECTION_TASK_KIND_LABELS: Record<InspectionTaskKind, LocalText> = {
  routine: { zh: '日常检查', en: 'Routine inspection' },
  campaign: { zh: '专项检查', en: 'Campaign inspection' },
  self_check: { zh: '企业自查', en: 'Self-inspection' },
  recheck: { zh: '复查', en: 'Re-check' },
};
export const INSPECTION_TASK_STATUS_LABELS: Record<InspectionTaskStatus, LocalText> = {
  scheduled: { zh: '未开始', en: 'Scheduled' },
  open: { zh: '待检查', en: 'Open' },
  in_progress: { zh: '检查中', en: 'In progress' },
  done: { zh: '已完成', en: 'Done' },
  missed: { zh: '逾期未检', en: 'Missed' },
};
/** A done task completed after its due time (超期完成). */
export const INSPECTION_LATE_LABEL: LocalText = { zh: '超期完成', en: 'Completed late' };
export const CHECK_IN_METHOD_LABELS: Record<CheckInMethod, LocalText> = {
  gps: { zh: '定位签到', en: 'GPS check-in' },
  qr: { zh: '扫码签到', en: 'QR check-in' },
};
export const ITEM_OUTCOME_LABELS: Record<ItemOutcome, LocalText> = {
  pass: { zh: '合格', en: 'Pass' },
  fail: { zh: '不合格', en: 'Fail' },
  na: { zh: '不适用', en: 'N/A' },
};
export const COVERAGE_BY_LABELS: Record<CoverageBy, LocalText> = {
  grid_worker: { zh: '按网格员', en: 'By grid worker' },
  agency: { zh: '按第三方机构', en: 'By agency' },
};

// ---- checklist templates ----

export const CHECKLIST_ITEM_KEY = /^[a-z0-9_]{1,40}$/;
/** A GB/T 4754 code or prefix: a section letter, optionally followed by 2–4 digits (C, C26, C2614). */
const industryPrefix = z.string().regex(/^[A-T](\d{2,4})?$/);
const tagCode = z.string().regex(/^[a-z0-9_-]{1,40}$/);

export const checklistOption = z.strictObject({
  value: z.string().regex(/^[a-z0-9_]{1,40}$/),
  label: z.string().trim().min(1).max(60),
  /** Choosing this option fails the item. */
  fails: z.boolean(),
});
export type ChecklistOption = z.infer<typeof checklistOption>;

/** At most this many law articles cited by one checklist item. */
export const CHECKLIST_ITEM_MAX_CITATIONS = 5;

export const checklistItem = z
  .strictObject({
    /** Stable within the template code across versions. */
    key: z.string().regex(CHECKLIST_ITEM_KEY),
    /** Phrased so that "yes" is compliant (是否… → 是 = 合格). */
    text: z.string().trim().min(2).max(300),
    kind: z.enum(CHECKLIST_ITEM_KINDS),
    unit: z.string().trim().max(20).optional(),
    min: z.number().finite().optional(),
    max: z.number().finite().optional(),
    options: z.array(checklistOption).max(20).optional(),
    /** A photo must be attached whatever the outcome (kind 'photo': the photo is the answer). */
    photoRequired: z.boolean().default(false),
    /** Citation, e.g. 《安全生产法》第四十一条. */
    legalBasis: z.string().trim().max(300).optional(),
    /**
     * Law articles cited by reference (依据条文, `lawCitationRef`: version + article), at most 5, each once; checked
     * against the library on save (422 `law_citation_not_found`), carried to the hazard a fail raises.
     */
    citations: z.array(lawCitationRef).max(CHECKLIST_ITEM_MAX_CITATIONS).optional(),
    /** Hazard category (zone catalogue 'hazard_category') of a hazard raised from a fail. */
    categoryCode: z.string().max(40).optional(),
    /** A clause of the 部令第10号 checklist (hazards' CURRENT_CHECKLIST): a fail is a major hazard. */
    majorClause: z.string().max(10).optional(),
  })
  .superRefine((it, ctx) => {
    if (it.min !== undefined && it.max !== undefined && it.min > it.max)
      ctx.addIssue(localIssue({ zh: '下限不能大于上限', en: 'The minimum cannot exceed the maximum' }, ['min']));
    if (it.kind === 'choice') {
      if (!it.options || it.options.length < 2)
        ctx.addIssue(localIssue({ zh: '单选题至少需要两个选项', en: 'A choice item needs at least two options' }, ['options']));
      else {
        const seen = new Set<string>();
        it.options.forEach((o, i) => {
          if (seen.has(o.value))
            ctx.addIssue(localIssue({ zh: '选项值重复', en: 'An option value is used twice' }, ['options', i, 'value']));
          seen.add(o.value);
        });
      }
    } else if (it.options?.length)
      ctx.addIssue(localIssue({ zh: '只有单选题可以设置选项', en: 'Only a choice item has options' }, ['options']));
    if (it.citations) {
      const seen = new Set<string>();
      it.citations.forEach((c, i) => {
        const k = `${c.versionId}#${c.articleKey}`;
        if (seen.has(k))
          ctx.addIssue(localIssue({ zh: '同一条文只能引用一次', en: 'An article is cited once' }, ['citations', i]));
        seen.add(k);
      });
    }
    if (it.kind !== 'number' && (it.min !== undefined || it.max !== undefined))
      ctx.addIssue(localIssue({ zh: '只有数值题可以设置上下限', en: 'Only a number item has a minimum or maximum' }, ['min']));
  });
export type ChecklistItem = z.infer<typeof checklistItem>;

export const checklistSection = z.strictObject({
  title: z.string().trim().min(1).max(100),
  items: z.array(checklistItem).min(1).max(200),
});
export type ChecklistSection = z.infer<typeof checklistSection>;

/** A template's sections: at least one item, item keys unique across all sections. */
export const checklistSections = z
  .array(checklistSection)
  .min(1)
  .max(30)
  .superRefine((sections, ctx) => {
    const seen = new Set<string>();
    sections.forEach((s, si) =>
      s.items.forEach((it, ii) => {
        if (seen.has(it.key))
          ctx.addIssue(
            localIssue({ zh: `检查项标识“${it.key}”重复`, en: `The item key "${it.key}" is used twice` }, [
              si,
              'items',
              ii,
              'key',
            ]),
          );
        seen.add(it.key);
      }),
    );
  });

export const inspectionTemplate = z.object({
  id: zId,
  /** Stable across versions. */
  code: z.string(),
  version: z.number().int(),
  status: z.enum(INSPECTION_TEMPLATE_STATUSES),
  name: z.string(),
  description: z.string().nullable(),
  /** GB/T 4754 code prefixes; empty = every industry. */
  industries: z.array(z.string()),
  /** Key-place tags; empty = every enterprise. */
  tags: z.array(z.string()),
  sections: z.array(
    z.object({
      title: z.string(),
      items: z.array(
        z.object({
          key: z.string(),
          text: z.string(),
          kind: z.enum(CHECKLIST_ITEM_KINDS),
          unit: z.string().optional(),
          min: z.number().optional(),
          max: z.number().optional(),
          options: z.array(z.object({ value: z.string(), label: z.string(), fails: z.boolean() })).optional(),
          photoRequired: z.boolean(),
          legalBasis: z.string().optional(),
          citations: z.array(lawCitationRef).optional(),
          categoryCode: z.string().optional(),
          majorClause: z.string().optional(),
        }),
      ),
    }),
  ),
  itemCount: z.number().int(),
  /** Written from the regulations by the system: a safety expert should check it before use. */
  needsExpertReview: z.boolean(),
  publishedAt: isoDateTime.nullable(),
  createdBy: zId.nullable(),
  createdByName: z.string().nullable(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type InspectionTemplate = z.infer<typeof inspectionTemplate>;

const templateExample = {
  name: '有限空间作业检查表',
  description: '进入有限空间作业前的现场检查',
  industries: ['C'],
  tags: [],
  sections: [
    {
      title: '作业审批',
      items: [
        {
          key: 'permit',
          text: '是否办理有限空间作业审批手续？',
          kind: 'yes_no',
          photoRequired: false,
          legalBasis: '《安全生产法》第四十三条',
          categoryCode: 'confined_space',
        },
        {
          key: 'oxygen',
          text: '作业前氧含量检测值（%）',
          kind: 'number',
          unit: '%',
          min: 19.5,
          max: 23.5,
          photoRequired: true,
        },
      ],
    },
  ],
};

export const createInspectionTemplateRequest = z
  .strictObject({
    name: z.string().trim().min(2).max(100),
    description: z.string().trim().max(500).nullable().optional(),
    industries: z.array(industryPrefix).max(50).default([]),
    tags: z.array(tagCode).max(50).default([]),
    sections: checklistSections,
    needsExpertReview: z.boolean().default(false),
  })
  .meta({ examples: [templateExample] });

/** Drafts only: a published version is never changed (revise it instead). */
export const updateInspectionTemplateRequest = z
  .strictObject({
    name: z.string().trim().min(2).max(100).optional(),
    description: z.string().trim().max(500).nullable().optional(),
    industries: z.array(industryPrefix).max(50).optional(),
    tags: z.array(tagCode).max(50).optional(),
    sections: checklistSections.optional(),
    needsExpertReview: z.boolean().optional(),
  })
  .meta({ examples: [{ name: '有限空间作业检查表（2027版）', needsExpertReview: false }] });

export const inspectionTemplatesQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  status: z.enum(INSPECTION_TEMPLATE_STATUSES).optional(),
  q: z.string().max(50).optional(),
  /** Every version, not only the latest of each code. */
  allVersions: z.enum(['true', 'false']).optional(),
  /** The versions of one code. */
  code: z.string().max(40).optional(),
});
export type InspectionTemplatesQuery = z.infer<typeof inspectionTemplatesQuery>;
export const inspectionTemplatePage = page(inspectionTemplate);

// ---- plans ----

export const inspectionPlanTarget = z.strictObject({
  gridIds: z.array(ref('grid')).max(200).default([]),
  tags: z.array(tagCode).max(50).default([]),
  colours: z.array(z.enum(RISK_COLOURS)).max(4).default([]),
  enterpriseIds: z.array(ref('enterprise')).max(5000).default([]),
});
export type InspectionPlanTarget = z.infer<typeof inspectionPlanTarget>;

/** A plan's dates: 2000–2099 (1900-01-01 or 9999-12-01 cannot produce work). */
const planDate = isoDate.refine((d) => d >= '2000-01-01' && d <= '2099-12-31', {
  message: '计划日期应在 2000-01-01 至 2099-12-31 之间',
});

const planFields = {
  name: z.string().trim().min(2).max(100),
  kind: z.enum(INSPECTION_PLAN_KINDS),
  assigneeKind: z.enum(INSPECTION_ASSIGNEE_KINDS),
  assigneeUserId: ref('user').nullable().optional(),
  assigneeRole: z.enum(INSPECTION_ASSIGNEE_ROLES).nullable().optional(),
  agencyId: ref('inspection_agency').nullable().optional(),
  target: inspectionPlanTarget,
  /** Published templates; a task takes the first that applies to the enterprise's industry and tags. */
  templateIds: z.array(ref('inspection_template')).min(1).max(20),
  frequency: z.enum(INSPECTION_FREQUENCIES),
  startDate: planDate,
  endDate: planDate.nullable().optional(),
  /** Days a task stays open before it is due; default the period length. */
  windowDays: z.number().int().min(1).max(366).nullable().optional(),
  enabled: z.boolean(),
};

type PlanShape = {
  kind?: string;
  assigneeKind?: InspectionAssigneeKind;
  assigneeUserId?: string | null;
  assigneeRole?: string | null;
  agencyId?: string | null;
  frequency?: InspectionFrequency;
  startDate?: string;
  endDate?: string | null;
};
/** The rules of a plan, for a create (everything present) and for a change (checked on what is sent). */
function checkPlan(p: PlanShape, ctx: z.RefinementCtx, complete: boolean) {
  if (p.assigneeKind === 'user' && !p.assigneeUserId && complete)
    ctx.addIssue(localIssue({ zh: '请选择负责检查的人员', en: 'Choose the person who inspects' }, ['assigneeUserId']));
  if (p.assigneeKind === 'role' && !p.assigneeRole && complete)
    ctx.addIssue(localIssue({ zh: '请选择负责检查的角色', en: 'Choose the role that inspects' }, ['assigneeRole']));
  if (p.assigneeKind === 'agency' && !p.agencyId && complete)
    ctx.addIssue(localIssue({ zh: '请选择第三方服务机构', en: 'Choose the agency' }, ['agencyId']));
  if (p.frequency === 'once' && !p.endDate && complete)
    ctx.addIssue(localIssue({ zh: '一次性检查须填写结束日期', en: 'A one-off plan needs an end date' }, ['endDate']));
  if (p.startDate && p.endDate && p.endDate < p.startDate)
    ctx.addIssue(localIssue({ zh: '结束日期不能早于开始日期', en: 'The end date cannot be before the start date' }, ['endDate']));
  if (p.kind === 'campaign' && p.frequency && p.frequency !== 'once') ctx.addIssue(localIssue(CAMPAIGN_ONCE, ['frequency']));
}

/** A campaign (专项检查) is one-off. */
export const CAMPAIGN_ONCE = {
  zh: '专项检查为一次性检查，频次须为“一次”',
  en: 'A campaign is one-off: its frequency must be “once”',
};

const planExample = {
  name: '2027 年网格员日常巡查',
  kind: 'routine',
  assigneeKind: 'role',
  assigneeRole: 'grid_worker',
  target: { gridIds: [], tags: [], colours: ['red', 'orange'], enterpriseIds: [] },
  templateIds: ['01a20af3-8b8f-7678-bd46-168eeefdc51a'],
  frequency: 'by_colour',
  startDate: '2027-01-01',
  enabled: true,
};

export const createInspectionPlanRequest = z
  .strictObject({ ...planFields, enabled: planFields.enabled.default(true) })
  .superRefine((p, ctx) => checkPlan(p, ctx, true))
  .meta({
    examples: [planExample],
    'x-probe': { ...planExample, templateIds: ['{inspection_template}'], target: { enterpriseIds: ['{enterprise}'] } },
  });

export const updateInspectionPlanRequest = z
  .strictObject({
    name: planFields.name.optional(),
    kind: planFields.kind.optional(),
    assigneeKind: planFields.assigneeKind.optional(),
    assigneeUserId: planFields.assigneeUserId,
    assigneeRole: planFields.assigneeRole,
    agencyId: planFields.agencyId,
    target: inspectionPlanTarget.optional(),
    templateIds: planFields.templateIds.optional(),
    frequency: planFields.frequency.optional(),
    startDate: planDate.optional(),
    endDate: planFields.endDate,
    windowDays: planFields.windowDays,
    enabled: z.boolean().optional(),
    /** The plan's version as read (optimistic locking: a stale one is 409). */
    version: z.number().int().min(1),
  })
  .superRefine((p, ctx) => checkPlan(p, ctx, false))
  .meta({
    examples: [{ enabled: false, version: 1 }],
    'x-probe': { templateIds: ['{inspection_template}'], version: 1 },
  });

export const inspectionPlan = z.object({
  id: zId,
  name: z.string(),
  kind: z.enum(INSPECTION_PLAN_KINDS),
  assigneeKind: z.enum(INSPECTION_ASSIGNEE_KINDS),
  assigneeUserId: zId.nullable(),
  assigneeUserName: z.string().nullable(),
  assigneeRole: z.enum(INSPECTION_ASSIGNEE_ROLES).nullable(),
  agencyId: zId.nullable(),
  agencyName: z.string().nullable(),
  target: z.object({
    gridIds: z.array(zId),
    tags: z.array(z.string()),
    colours: z.array(z.enum(RISK_COLOURS)),
    enterpriseIds: z.array(zId),
  }),
  templateIds: z.array(zId),
  templates: z.array(z.object({ id: zId, name: z.string(), version: z.number().int() })),
  frequency: z.enum(INSPECTION_FREQUENCIES),
  startDate: isoDate,
  endDate: isoDate.nullable(),
  windowDays: z.number().int().nullable(),
  enabled: z.boolean(),
  version: z.number().int(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type InspectionPlan = z.infer<typeof inspectionPlan>;

export const inspectionPlansQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  kind: z.enum(INSPECTION_PLAN_KINDS).optional(),
  enabled: z.enum(['true', 'false']).optional(),
  q: z.string().max(50).optional(),
});
export type InspectionPlansQuery = z.infer<typeof inspectionPlansQuery>;
export const inspectionPlanPage = page(inspectionPlan);

/** How many enterprises a plan reaches now, and a few of them. */
export const inspectionPlanPreview = z.object({
  enterprises: z.number().int(),
  sample: z.array(z.object({ id: zId, name: z.string(), colour: z.enum(RISK_COLOURS).nullable() })),
});
/** The result of generating a plan's tasks for the current period now. */
export const inspectionGenerateResult = z.object({
  /** Tasks inserted. */
  created: z.number().int(),
  /** Enterprises that already had their task for the period. */
  existing: z.number().int(),
});

// ---- tasks ----

/** One check-in attempt (签到) as the server recorded it. */
export const inspectionCheckInAttempt = z.object({
  method: z.enum(CHECK_IN_METHODS),
  at: isoDateTime,
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  accuracyM: z.number().nullable(),
  /** From the enterprise's location (or its polygon's edge); null without a position. */
  distanceM: z.number().nullable(),
  inside: z.boolean(),
  /** Outside the geofence or otherwise doubtful: recorded, never refused, and shown to the office. */
  flagged: z.boolean(),
  reason: z.string().nullable(),
  /** The server's receipt time (`at` is the device's); absent on check-ins recorded before it was kept. */
  receivedAt: isoDateTime.optional(),
  /** Who checked in; absent on check-ins recorded before it was kept. */
  by: z.object({ userId: z.string(), name: z.string() }).optional(),
});
export type InspectionCheckInAttempt = z.infer<typeof inspectionCheckInAttempt>;

/**
 * The task's check-in: the first attempt as recorded, `attempts` the later ones in order (a flagged check-in is
 * never replaced); `flagged`/`reason` stay set when any attempt was flagged.
 */
export const inspectionCheckIn = inspectionCheckInAttempt.extend({
  attempts: z.array(inspectionCheckInAttempt).optional(),
});
export type InspectionCheckIn = z.infer<typeof inspectionCheckIn>;

export const inspectionSummary = z.object({
  items: z.number().int(),
  passed: z.number().int(),
  failed: z.number().int(),
  na: z.number().int(),
});
export type InspectionSummary = z.infer<typeof inspectionSummary>;

export const inspectionTask = z.object({
  id: zId,
  planId: zId.nullable(),
  planName: z.string().nullable(),
  enterpriseId: zId,
  enterpriseName: z.string(),
  enterpriseColour: z.enum(RISK_COLOURS).nullable(),
  gridId: zId.nullable(),
  gridName: z.string().nullable(),
  templateId: zId,
  templateName: z.string(),
  kind: z.enum(INSPECTION_TASK_KINDS),
  assigneeUserId: zId.nullable(),
  assigneeUserName: z.string().nullable(),
  assigneeRole: z.string().nullable(),
  agencyId: zId.nullable(),
  agencyName: z.string().nullable(),
  /** The period's start date in the zone (YYYY-MM-DD). */
  periodKey: z.string(),
  startAt: isoDateTime,
  /** Complete-by. */
  dueAt: isoDateTime,
  status: z.enum(INSPECTION_TASK_STATUSES),
  late: z.boolean(),
  startedAt: isoDateTime.nullable(),
  completedAt: isoDateTime.nullable(),
  checkIn: inspectionCheckIn.nullable(),
  summary: inspectionSummary.nullable(),
  hazardIds: z.array(zId),
  recheckOfHazardId: zId.nullable(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  /** With `lat`/`lng` in the query: metres from there to the enterprise. */
  distanceM: z.number().nullable().optional(),
  version: z.number().int(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type InspectionTask = z.infer<typeof inspectionTask>;

export const inspectionPhoto = z.object({
  fileId: zId,
  url: z.string().optional(),
  takenAt: isoDateTime.nullable().optional(),
  lat: z.number().nullable().optional(),
  lng: z.number().nullable().optional(),
});
/** An answer as recorded on a done task. */
export const inspectionRecordedAnswer = z.object({
  itemKey: z.string(),
  value: z.union([z.boolean(), z.number(), z.string()]).nullable(),
  outcome: z.enum(ITEM_OUTCOMES),
  photos: z.array(inspectionPhoto),
  note: z.string().nullable(),
  /** The hazard raised from this failed item. */
  hazardId: zId.nullable(),
});
export type InspectionRecordedAnswer = z.infer<typeof inspectionRecordedAnswer>;

export const inspectionTaskDetail = inspectionTask.extend({
  /** The template version the task uses (what the form shows and the answers are checked against). */
  template: inspectionTemplate,
  enterpriseAddress: z.string().nullable(),
  /** The enterprise's own geofence; null = `geofenceRadiusM` around lat/lng. */
  geofence: enterpriseGeofence.nullable(),
  geofenceRadiusM: z.number().int(),
  answers: z.array(inspectionRecordedAnswer).nullable(),
  signature: z.object({ fileId: zId, signerName: z.string(), url: z.string().optional() }).nullable(),
  hazards: z.array(
    z.object({
      id: zId,
      code: z.string(),
      status: z.string(),
      grade: z.string().nullable(),
      description: z.string(),
      itemKey: z.string().nullable(),
    }),
  ),
  /** The caller may check in and submit this task now. */
  canPerform: z.boolean(),
});
export type InspectionTaskDetail = z.infer<typeof inspectionTaskDetail>;

/** One status or several, comma-separated; an unknown one is refused (not an empty list). */
const taskStatusList = z
  .string()
  .regex(/^[a-z_]+(,[a-z_]+)*$/)
  .superRefine((v, ctx) => {
    if (!v.split(',').every((s) => (INSPECTION_TASK_STATUSES as readonly string[]).includes(s)))
      ctx.addIssue(
        localIssue({
          zh: `状态只能是 ${INSPECTION_TASK_STATUSES.join('、')}`,
          en: `The status is one of ${INSPECTION_TASK_STATUSES.join(', ')}`,
        }),
      );
  });

export const inspectionTasksQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  cursor: cursorParam,
  status: taskStatusList.optional(),
  kind: z.enum(INSPECTION_TASK_KINDS).optional(),
  planId: ref('inspection_plan').optional(),
  gridId: ref('grid').optional(),
  agencyId: ref('inspection_agency').optional(),
  enterpriseId: ref('enterprise').optional(),
  colour: z.enum(RISK_COLOURS).optional(),
  /** Assigned to me, my role or my agency. */
  mine: z.enum(['true', 'false']).optional(),
  late: z.enum(['true', 'false']).optional(),
  /** Checked in outside the enterprise's geofence (true) or inside it (false). */
  flagged: z.enum(['true', 'false']).optional(),
  /** Checked in on or after this zone date. */
  checkedInFrom: isoDate.optional(),
  /** Due on or after / on or before (zone dates). */
  from: isoDate.optional(),
  to: isoDate.optional(),
  /** Where the caller is: each task carries `distanceM`, and a day's list sorts by due time then distance. */
  lat: z.coerce.number().min(-90).max(90).optional(),
  lng: z.coerce.number().min(-180).max(180).optional(),
});
export type InspectionTasksQuery = z.infer<typeof inspectionTasksQuery>;

const checkInAt = isoDateTime;
export const checkInRequest = z
  .discriminatedUnion('method', [
    z.strictObject({
      method: z.literal('gps'),
      lat: z.number().min(-90).max(90),
      lng: z.number().min(-180).max(180),
      accuracyM: z.number().min(0).max(100000).optional(),
      at: checkInAt,
    }),
    z.strictObject({
      method: z.literal('qr'),
      /** The payload of the enterprise's gate QR code (YA1.<tenantId>.<enterpriseId>.<hmac16>). */
      code: z.string().min(1).max(200),
      lat: z.number().min(-90).max(90).optional(),
      lng: z.number().min(-180).max(180).optional(),
      accuracyM: z.number().min(0).max(100000).optional(),
      at: checkInAt,
    }),
  ])
  .meta({
    examples: [
      { method: 'gps', lat: 29.0795, lng: 119.6474, accuracyM: 15, at: '2027-01-05T09:12:00+08:00' },
      { method: 'qr', code: 'YA1.x.y.0123456789abcdef', at: '2027-01-05T09:12:00+08:00' },
    ],
  });
export type CheckInRequest = z.infer<typeof checkInRequest>;

export const submitAnswer = z.strictObject({
  itemKey: z.string().regex(CHECKLIST_ITEM_KEY),
  /** Text: at most INSPECTION_TEXT_MAX characters (packages/domain, the one limit of the submission rules). */
  value: z.union([z.boolean(), z.number().finite(), z.string().max(INSPECTION_TEXT_MAX)]).nullable(),
  photos: z
    .array(
      z.strictObject({
        fileId: ref('file'),
        takenAt: isoDateTime.optional(),
        lat: z.number().min(-90).max(90).optional(),
        lng: z.number().min(-180).max(180).optional(),
      }),
    )
    .max(12)
    .default([]),
  note: z.string().trim().max(INSPECTION_TEXT_MAX).optional(),
});
export type SubmitAnswer = z.infer<typeof submitAnswer>;

export const inspectionSignature = z.strictObject({
  fileId: ref('file'),
  signerName: z.string().trim().min(1).max(32),
});

export const submitInspectionRequest = z
  .strictObject({
    /** The template version the form was filled against (another version is refused). */
    templateId: ref('inspection_template'),
    answers: z
      .array(submitAnswer)
      .min(1)
      .max(1000)
      .superRefine((answers, ctx) => {
        const seen = new Set<string>();
        answers.forEach((a, i) => {
          if (seen.has(a.itemKey))
            ctx.addIssue(
              localIssue({ zh: `检查项“${a.itemKey}”重复作答`, en: `The item "${a.itemKey}" is answered twice` }, [i, 'itemKey']),
            );
          seen.add(a.itemKey);
        });
      }),
    signature: inspectionSignature,
    finishedAt: isoDateTime,
  })
  .meta({
    examples: [
      {
        templateId: '01a20af3-8b8f-7678-bd46-168eeefdc51a',
        answers: [
          { itemKey: 'permit', value: true, photos: [] },
          {
            itemKey: 'oxygen',
            value: 18.2,
            photos: [{ fileId: '01a20af3-8b8f-7678-bd46-168eeefdc51b' }],
            note: '入口处检测',
          },
        ],
        signature: { fileId: '01a20af3-8b8f-7678-bd46-168eeefdc51c', signerName: '王立新' },
        finishedAt: '2027-01-05T09:40:00+08:00',
      },
    ],
    'x-probe': {
      templateId: '{inspection_template}',
      answers: [{ itemKey: 'probe', value: true, photos: [{ fileId: '{file}' }] }],
      signature: { fileId: '{file}', signerName: '探针' },
      finishedAt: '2027-01-05T09:40:00+08:00',
    },
  });
export type SubmitInspectionRequest = z.infer<typeof submitInspectionRequest>;

// ---- coverage, check-ins, gate QR ----

export const coverageQuery = z
  .strictObject({
    /** Tasks due on or after this zone date. */
    from: isoDate.meta({ examples: ['2027-01-01'] }),
    /** Tasks due on or before this zone date. */
    to: isoDate.meta({ examples: ['2027-03-31'] }),
    by: z.enum(COVERAGE_BY).default('grid_worker'),
  })
  .superRefine((q, ctx) => {
    if (q.to < q.from)
      ctx.addIssue(localIssue({ zh: '结束日期不能早于开始日期', en: 'The end date cannot be before the start date' }, ['to']));
  });
export type CoverageQuery = z.infer<typeof coverageQuery>;

export const coverageRow = z.object({
  /** The grid worker's user id or the agency id. */
  key: z.string(),
  name: z.string(),
  /** Tasks due in the period. */
  required: z.number().int(),
  done: z.number().int(),
  onTime: z.number().int(),
  late: z.number().int(),
  missed: z.number().int(),
  /** onTime / required; null when nothing was required. */
  onTimeRate: z.number().nullable(),
  hazardsFound: z.number().int(),
  /** hazardsFound / done; null when nothing was done. */
  hazardsPerInspection: z.number().nullable(),
});
export type CoverageRow = z.infer<typeof coverageRow>;
export const coverageResponse = z.object({ rows: z.array(coverageRow) });

export const checkInsQuery = z.strictObject({ date: isoDate.optional() });
export const checkInPoint = z.object({
  taskId: zId,
  enterpriseId: zId,
  enterpriseName: z.string(),
  assigneeName: z.string().nullable(),
  method: z.enum(CHECK_IN_METHODS),
  at: isoDateTime,
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  inside: z.boolean(),
  flagged: z.boolean(),
  status: z.enum(INSPECTION_TASK_STATUSES),
});
export const checkInsResponse = z.object({ date: isoDate, items: z.array(checkInPoint) });

/** The enterprise's gate QR code: payload `YA1.<tenantId>.<enterpriseId>.<hmac16>`, and an SVG of it. */
export const gateQrResponse = z.object({ payload: z.string(), svg: z.string() });

// ---- agencies and contracts ----

export const inspectionAgency = z.object({
  id: zId,
  name: z.string(),
  creditCode: z.string().nullable(),
  contactName: z.string(),
  contactPhone: z.string(),
  memberUserIds: z.array(zId),
  members: z.array(z.object({ id: zId, name: z.string(), role: z.string() })),
  /** Contracts in force today. */
  activeContracts: z.number().int(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type InspectionAgency = z.infer<typeof inspectionAgency>;

export const createInspectionAgencyRequest = z
  .strictObject({
    name: z.string().trim().min(2).max(100),
    creditCode: creditCode.nullable().optional(),
    contactName: z.string().trim().min(1).max(32),
    contactPhone: anyPhone,
    /** Users (inspectors) who work for the agency. */
    memberUserIds: z.array(ref('user')).max(500).default([]),
  })
  .meta({
    examples: [{ name: '金华安评技术服务有限公司', contactName: '赵敏', contactPhone: '13905790103', memberUserIds: [] }],
    'x-probe': { name: '探针机构', contactName: '张三', contactPhone: '13905790103', memberUserIds: ['{user}'] },
  });

export const updateInspectionAgencyRequest = z
  .strictObject({
    name: z.string().trim().min(2).max(100).optional(),
    creditCode: creditCode.nullable().optional(),
    contactName: z.string().trim().min(1).max(32).optional(),
    contactPhone: anyPhone.optional(),
    memberUserIds: z.array(ref('user')).max(500).optional(),
  })
  .meta({
    examples: [{ contactName: '钱进' }],
    'x-probe': { memberUserIds: ['{user}'] },
  });

export const inspectionAgenciesQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  q: z.string().max(50).optional(),
});
export const inspectionAgencyPage = page(inspectionAgency);

export const inspectionContract = z.object({
  id: zId,
  agencyId: zId,
  agencyName: z.string(),
  name: z.string(),
  enterpriseIds: z.array(zId),
  templateIds: z.array(zId),
  startDate: isoDate,
  endDate: isoDate,
  /** startDate ≤ today (zone) ≤ endDate. */
  active: z.boolean(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type InspectionContract = z.infer<typeof inspectionContract>;

const contractExample = {
  agencyId: '01a20af3-8b8f-7678-bd46-168eeefdc51a',
  name: '2027 年度第三方安全检查服务合同',
  enterpriseIds: ['01a20af3-8b8f-7678-bd46-168eeefdc51b'],
  templateIds: [],
  startDate: '2027-01-01',
  endDate: '2027-12-31',
};
export const createInspectionContractRequest = z
  .strictObject({
    agencyId: ref('inspection_agency'),
    name: z.string().trim().min(2).max(100),
    enterpriseIds: z.array(ref('enterprise')).min(1).max(5000),
    templateIds: z.array(ref('inspection_template')).max(20).default([]),
    startDate: isoDate,
    endDate: isoDate,
  })
  .superRefine((c, ctx) => {
    if (c.endDate < c.startDate)
      ctx.addIssue(
        localIssue({ zh: '结束日期不能早于开始日期', en: 'The end date cannot be before the start date' }, ['endDate']),
      );
  })
  .meta({
    examples: [contractExample],
    'x-probe': { ...contractExample, agencyId: '{inspection_agency}', enterpriseIds: ['{enterprise}'] },
  });

export const updateInspectionContractRequest = z
  .strictObject({
    name: z.string().trim().min(2).max(100).optional(),
    enterpriseIds: z.array(ref('enterprise')).min(1).max(5000).optional(),
    templateIds: z.array(ref('inspection_template')).max(20).optional(),
    startDate: isoDate.optional(),
    endDate: isoDate.optional(),
  })
  .superRefine((c, ctx) => {
    if (c.startDate && c.endDate && c.endDate < c.startDate)
      ctx.addIssue(
        localIssue({ zh: '结束日期不能早于开始日期', en: 'The end date cannot be before the start date' }, ['endDate']),
      );
  })
  .meta({
    examples: [{ endDate: '2027-06-30' }],
    'x-probe': { enterpriseIds: ['{enterprise}'] },
  });

export const inspectionContractsQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  agencyId: ref('inspection_agency').optional(),
  /** In force today. */
  active: z.enum(['true', 'false']).optional(),
});
export const inspectionContractPage = page(inspectionContract);
