import { z } from 'zod';
import type { Role } from './roles.ts';
import { cursorParam, isoDate, isoDateTime, ref, zId } from './common.ts';
import { lawCitationRef, resolvedLawCitation } from './laws.ts';
import { localIssue } from './messages.ts';

export const HAZARD_SOURCES = [
  'self_check',
  'grid_patrol',
  'third_party',
  'safety_inspection',
  'iot_alarm',
  'report',
  'analogy',
  'holiday',
  'phone_complaint',
  'authority_assigned',
  'other',
] as const;
export const HAZARD_SOURCE_LABELS: Record<(typeof HAZARD_SOURCES)[number], string> = {
  self_check: '企业自查',
  grid_patrol: '网格巡查',
  third_party: '第三方检查',
  safety_inspection: '安监检查',
  iot_alarm: '物联网报警',
  report: '举报',
  analogy: '事故类比',
  holiday: '节假日前检查',
  phone_complaint: '电话投诉',
  authority_assigned: '上级交办',
  other: '其他',
};
export const HAZARD_GRADES = ['general', 'major'] as const;
export const HAZARD_TREATMENTS = ['immediate', 'deadline'] as const;
export const HAZARD_STATUSES = ['reported', 'confirmed', 'rectifying', 'pending_review', 'closed', 'dismissed'] as const;
export type HazardStatus = (typeof HAZARD_STATUSES)[number];
export const HAZARD_STATUS_LABELS: Record<HazardStatus, string> = {
  reported: '待确认',
  confirmed: '已确认',
  rectifying: '整改中',
  pending_review: '待复核',
  closed: '已闭环',
  dismissed: '已驳回',
};
/** The same status names in English, for every role and both apps (and the api's sentences). */
export const HAZARD_STATUS_LABELS_EN: Record<HazardStatus, string> = {
  reported: 'To confirm',
  confirmed: 'Confirmed',
  rectifying: 'Rectifying',
  pending_review: 'To review',
  closed: 'Closed',
  dismissed: 'Dismissed',
};

/**
 * The one hazard state machine (隐患闭环), used by the api to enforce and by the apps to show the right buttons.
 * `who` is who may act: zone roles by role; 'enterprise' means the hazard's own enterprise users.
 */
export const HAZARD_TRANSITIONS = {
  confirm: { from: ['reported'], to: 'confirmed', who: ['safety_officer', 'zone_admin', 'platform_admin'], label: '确认定级' },
  dismiss: {
    from: ['reported', 'confirmed'],
    to: 'dismissed',
    who: ['safety_officer', 'zone_admin', 'platform_admin'],
    label: '不予认定',
  },
  start: {
    from: ['confirmed'],
    to: 'rectifying',
    who: ['enterprise', 'safety_officer', 'zone_admin', 'platform_admin'],
    label: '开始整改',
  },
  submit: {
    from: ['confirmed', 'rectifying'],
    to: 'pending_review',
    who: ['enterprise', 'safety_officer', 'zone_admin', 'platform_admin'],
    label: '提交整改',
  },
  approve: { from: ['pending_review'], to: 'closed', who: ['safety_officer', 'zone_admin', 'platform_admin'], label: '复核通过' },
  reject: {
    from: ['pending_review'],
    to: 'rectifying',
    who: ['safety_officer', 'zone_admin', 'platform_admin'],
    label: '复核不通过',
  },
  fix_on_spot: {
    from: ['reported'],
    to: 'closed',
    who: ['grid_worker', 'safety_officer', 'zone_admin', 'platform_admin'],
    label: '即查即改',
  },
  reopen: {
    from: ['closed', 'dismissed'],
    to: 'rectifying',
    who: ['safety_officer', 'zone_admin', 'platform_admin'],
    label: '重新打开',
  },
} as const satisfies Record<
  string,
  { from: readonly HazardStatus[]; to: HazardStatus; who: readonly (Role | 'enterprise')[]; label: string }
>;
export type HazardAction = keyof typeof HAZARD_TRANSITIONS;
export const HAZARD_ACTIONS = Object.keys(HAZARD_TRANSITIONS) as HazardAction[];

/** Whether an actor may take an action on a hazard in its current state (enterprise users: their own only). */
export function canTransition(
  hazard: { status: HazardStatus; enterpriseId: string; grade: 'general' | 'major' | null },
  action: HazardAction,
  actor: { role: Role; enterpriseId: string | null },
): boolean {
  const t = HAZARD_TRANSITIONS[action];
  if (!(t.from as readonly HazardStatus[]).includes(hazard.status)) return false;
  // A major hazard is never "fixed on the spot": it needs a plan, supervision and acceptance.
  if (action === 'fix_on_spot' && hazard.grade === 'major') return false;
  const who = t.who as readonly (Role | 'enterprise')[];
  if (who.includes(actor.role)) return true;
  return (
    who.includes('enterprise') &&
    (actor.role === 'enterprise_admin' || actor.role === 'enterprise_staff') &&
    actor.enterpriseId === hazard.enterpriseId
  );
}

export function availableActions(
  hazard: { status: HazardStatus; enterpriseId: string; grade: 'general' | 'major' | null },
  actor: { role: Role; enterpriseId: string | null },
): HazardAction[] {
  return HAZARD_ACTIONS.filter((a) => canTransition(hazard, a, actor));
}

const photos = z.array(ref('file')).max(12);
const location = z.strictObject({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) });

/** At most this many law articles cited by one hazard (法规条文引用). */
export const HAZARD_MAX_CITATIONS = 10;
/**
 * Law articles a hazard cites by reference (a version + an article key, `lawCitationRef`), the same one once: checked
 * against the library on save (422 `law_citation_not_found` for one that does not exist or is not visible).
 */
export const hazardCitations = z
  .array(lawCitationRef)
  .max(HAZARD_MAX_CITATIONS)
  .superRefine((refs, ctx) => {
    const seen = new Set<string>();
    refs.forEach((r, i) => {
      const k = `${r.versionId}#${r.articleKey}`;
      if (seen.has(k)) ctx.addIssue(localIssue({ zh: '同一条文只能引用一次', en: 'An article is cited once' }, [i]));
      seen.add(k);
    });
  });

export const createHazardRequest = z
  .strictObject({
    enterpriseId: ref('enterprise'),
    source: z.enum(HAZARD_SOURCES),
    categoryCode: z.string().min(1).max(40),
    description: z.string().trim().min(4, { message: '请描述隐患（至少 4 个字）' }).max(2000),
    place: z.string().trim().max(100).optional(),
    location: location.optional(),
    photoIds: photos.default([]),
    /** Reporters may suggest; the safety office decides on confirmation. */
    treatment: z.enum(HAZARD_TREATMENTS).optional(),
    majorChecklistItems: z.array(z.string().max(10)).max(20).optional(),
    /**
     * Id of the checklist version the clause codes were picked from (GET /hazards/checklist `id`); codes of an older
     * version are moved to the current one (a report drafted offline against a cached list keeps its meaning).
     */
    majorChecklistVersion: z.string().max(40).optional(),
    legalBasis: z.string().max(1000).optional(),
    /** Law articles cited (依据条文), see `hazardCitations`. */
    citations: hazardCitations.optional(),
    /**
     * Registration by the safety office (安监人员登记, hazards found in a check, phoned in or passed down by the
     * city): with a grade the hazard is confirmed at once — graded, with its deadline (a date in the zone, not
     * before today; the zone's default when left out) and responsible person (the enterprise's principal when left
     * out) — and its escalations run from that deadline. Only those who may confirm (`HAZARD_TRANSITIONS.confirm`)
     * may send these; a major grade needs at least one 部令第10号 clause in `majorChecklistItems`.
     */
    grade: z.enum(HAZARD_GRADES).optional(),
    deadline: isoDate.optional(),
    responsibleName: z.string().trim().min(1).max(32).optional(),
    responsibleUserId: ref('user').optional(),
    /** When the reporter fixed it on the spot (即查即改), the after-photos and measures. */
    fixedOnSpot: z
      .strictObject({
        photoIds: photos.min(1, { message: '即查即改须上传整改后照片' }),
        measures: z.string().trim().min(2).max(1000),
      })
      .optional(),
  })
  .meta({
    examples: [
      {
        enterpriseId: '01a20af3-8b8f-7678-bd46-168eeefdc51a',
        source: 'grid_patrol',
        categoryCode: 'electrical',
        description: '配电箱无门，线路裸露',
        place: '二号车间东侧',
      },
      {
        enterpriseId: '01a20af3-8b8f-7678-bd46-168eeefdc51a',
        source: 'phone_complaint',
        categoryCode: 'fire',
        description: '群众来电反映：三号仓库消防通道被货物堵塞',
        place: '三号仓库北门',
        grade: 'general',
        treatment: 'deadline',
        deadline: '2026-12-31',
        responsibleName: '王立新',
      },
    ],
    'x-probe': {
      enterpriseId: '{enterprise}',
      source: 'grid_patrol',
      categoryCode: 'electrical',
      description: '探针隐患描述',
      photoIds: ['{file}'],
    },
  });

export const transitionRequest = z
  .strictObject({
    action: z.enum(HAZARD_ACTIONS as [HazardAction, ...HazardAction[]]),
    version: z.number().int().min(1),
    comment: z.string().trim().max(1000).optional(),
    photoIds: photos.optional(),
    location: location.optional(),
    // confirm
    grade: z.enum(HAZARD_GRADES).optional(),
    treatment: z.enum(HAZARD_TREATMENTS).optional(),
    categoryCode: z.string().max(40).optional(),
    deadline: isoDate.optional(),
    responsibleName: z.string().trim().max(32).optional(),
    responsibleUserId: ref('user').optional(),
    majorChecklistItems: z.array(z.string().max(10)).max(20).optional(),
    /**
     * Id of the checklist version the clause codes were picked from (GET /hazards/checklist `id`); codes of an older
     * version are moved to the current one (a report drafted offline against a cached list keeps its meaning).
     */
    majorChecklistVersion: z.string().max(40).optional(),
    legalBasis: z.string().max(1000).optional(),
    /** Law articles cited (依据条文), see `hazardCitations`; left out = unchanged. */
    citations: hazardCitations.optional(),
    // submit
    measures: z.string().trim().max(1000).optional(),
    cost: z.number().min(0).max(1e9).optional(),
    // dismiss / reopen / reject
    reason: z.string().trim().max(500).optional(),
  })
  .meta({
    examples: [
      {
        action: 'confirm',
        version: 1,
        grade: 'general',
        treatment: 'deadline',
        deadline: '2026-12-31',
        responsibleName: '王立新',
      },
    ],
    'x-probe': { action: 'confirm', version: 1, responsibleUserId: '{user}' },
  });

export const hazardEvent = z.object({
  id: zId,
  action: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  actorName: z.string().nullable(),
  role: z.string().nullable(),
  comment: z.string().nullable(),
  photos: z.array(z.object({ id: zId, url: z.string() })),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  at: isoDateTime,
});

export const governancePlan = z.strictObject({
  targets: z.string().trim().min(2).max(1000),
  methods: z.string().trim().min(2).max(2000),
  funding: z.string().trim().min(2).max(500),
  organisation: z.string().trim().min(2).max(500),
  timeline: z.string().trim().min(2).max(500),
  safetyMeasures: z.string().trim().min(2).max(2000),
});
export const GOVERNANCE_PLAN_LABELS = {
  targets: '目标任务',
  methods: '方法措施',
  funding: '经费物资',
  organisation: '机构人员',
  timeline: '时限要求',
  safetyMeasures: '安全措施和应急预案',
} as const;

export const hazard = z.object({
  id: zId,
  code: z.string(),
  enterpriseId: zId,
  enterpriseName: z.string(),
  source: z.enum(HAZARD_SOURCES),
  categoryCode: z.string(),
  categoryName: z.string().nullable(),
  grade: z.enum(HAZARD_GRADES).nullable(),
  treatment: z.enum(HAZARD_TREATMENTS).nullable(),
  status: z.enum(HAZARD_STATUSES),
  description: z.string(),
  place: z.string().nullable(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  photos: z.array(z.object({ id: zId, url: z.string() })),
  afterPhotos: z.array(z.object({ id: zId, url: z.string() })),
  responsibleName: z.string().nullable(),
  responsibleUserId: zId.nullable(),
  deadline: isoDateTime.nullable(),
  deadlineDate: isoDate.nullable(),
  overdue: z.boolean(),
  /** Calendar days past the deadline in the zone (逾期天数; 0 when not overdue). */
  overdueDays: z.number().int(),
  measures: z.string().nullable(),
  cost: z.number().nullable(),
  legalBasis: z.string().nullable(),
  /**
   * Whether a cited article needs a second look (引用待复核): amended (the in-force version's article differs),
   * repealed, or missing. Details in the detail's `citations`.
   */
  citationFlag: z.boolean(),
  majorChecklistItems: z.array(z.string()),
  reportedByName: z.string().nullable(),
  reportedAt: isoDateTime,
  closedAt: isoDateTime.nullable(),
  dismissReason: z.string().nullable(),
  governancePlan: governancePlan.nullable(),
  supervision: z
    .object({
      listedAt: isoDateTime,
      listedByName: z.string().nullable(),
      ledgerNo: z.string(),
      cancelledAt: isoDateTime.nullable(),
    })
    .nullable(),
  reportedToAuthorityAt: isoDateTime.nullable(),
  acceptanceRequestedAt: isoDateTime.nullable(),
  acceptanceDueAt: isoDateTime.nullable(),
  acceptedAt: isoDateTime.nullable(),
  /** `requestedByMe`: the viewer asked for it, so another officer decides it (四眼原则). */
  pendingExtension: z.object({ id: zId, requestedDeadline: isoDate, reason: z.string(), requestedByMe: z.boolean() }).nullable(),
  /**
   * The next planned escalation (提醒 / 升级): when, which stage of the zone's policy, and the stage in words in the
   * caller's language (到期前1天提醒责任人). Null when the hazard escalates no more.
   */
  nextEscalation: z.object({ at: isoDateTime, stage: z.string(), label: z.string() }).nullable(),
  availableActions: z.array(z.string()),
  version: z.number().int(),
  updatedAt: isoDateTime,
});
export type Hazard = z.infer<typeof hazard>;
/** One hazard with its timeline and its cited articles resolved as of today (text, state). */
export const hazardDetail = hazard.extend({ events: z.array(hazardEvent), citations: z.array(resolvedLawCitation) });

/** PUT /hazards/:id/citations: the office corrects the articles a hazard cites (e.g. re-cites an amended one). */
export const hazardCitationsRequest = z.strictObject({ citations: hazardCitations, version: z.number().int().min(1) }).meta({
  examples: [{ citations: [{ versionId: '01a20af3-8b8f-7678-bd46-168eeefdc51a', articleKey: '41' }], version: 2 }],
  'x-probe': { citations: [], version: 1 },
});

export const HAZARD_SORTS = ['reportedAt', 'deadline', 'updatedAt', 'code'] as const;
/** "Due soon" (7 日内到期): a running deadline within this many days from now — the workbench card and the ledger's filter. */
export const HAZARD_DUE_SOON_DAYS = 7;
export const hazardsQuery = z.strictObject({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  /** One status or several, comma-separated; an unknown one is refused (not an empty list). */
  status: z
    .string()
    .regex(/^[a-z_]+(,[a-z_]+)*$/)
    .refine((v) => v.split(',').every((s) => (HAZARD_STATUSES as readonly string[]).includes(s)), {
      message: `状态只能是 ${HAZARD_STATUSES.join('、')}`,
    })
    .optional(),
  grade: z.enum(HAZARD_GRADES).optional(),
  categoryCode: z.string().max(40).optional(),
  source: z.enum(HAZARD_SOURCES).optional(),
  enterpriseId: ref('enterprise').optional(),
  gridId: ref('grid').optional(),
  overdue: z.enum(['true', 'false']).optional(),
  /** Confirmed or rectifying with the deadline within HAZARD_DUE_SOON_DAYS from now (not yet overdue). */
  dueSoon: z.enum(['true', 'false']).optional(),
  /** `pending`: hazards with an extension request waiting for a decision. */
  extension: z.enum(['pending']).optional(),
  mine: z.enum(['true', 'false']).optional(),
  q: z.string().max(50).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  sort: z.enum(HAZARD_SORTS.flatMap((f) => [f, `-${f}`]) as [string, ...string[]]).optional(),
  cursor: cursorParam,
});
export type HazardsQuery = z.infer<typeof hazardsQuery>;

export const extensionRequest = z
  .strictObject({ requestedDeadline: isoDate, reason: z.string().trim().min(4).max(500) })
  .meta({ examples: [{ requestedDeadline: '2027-01-31', reason: '需订购防爆电机，到货周期三周' }] });
export const decideExtension = z
  .strictObject({ approve: z.boolean(), comment: z.string().max(500).optional() })
  .meta({ examples: [{ approve: true }] });
export const bulkHazardRequest = z
  .strictObject({
    ids: z.array(ref('hazard')).min(1).max(200),
    action: z.enum(['confirm', 'dismiss', 'approve']),
    grade: z.enum(HAZARD_GRADES).optional(),
    deadline: isoDate.optional(),
    reason: z.string().max(500).optional(),
  })
  .meta({
    examples: [{ ids: ['01a20af3-8b8f-7678-bd46-168eeefdc51a'], action: 'dismiss', reason: '重复上报' }],
    'x-probe': { ids: ['{hazard}'], action: 'dismiss', reason: '探针' },
  });
export const supervisionRequest = z
  .strictObject({ ledgerNo: z.string().trim().min(1).max(40), comment: z.string().max(500).optional() })
  .meta({ examples: [{ ledgerNo: '督办〔2026〕3号' }] });

export const hazardStats = z.object({
  byStatus: z.record(z.string(), z.number().int()),
  byCategory: z.array(z.object({ code: z.string(), name: z.string(), count: z.number().int() })),
  byGrade: z.record(z.string(), z.number().int()),
  byGrid: z.array(z.object({ gridId: zId.nullable(), gridName: z.string(), count: z.number().int() })),
  byEnterprise: z.array(
    z.object({ enterpriseId: zId, enterpriseName: z.string(), count: z.number().int(), open: z.number().int() }),
  ),
  /** Closed on or before the deadline, of those closed in the period with a deadline. */
  onTimeRate: z.number().nullable(),
  periods: z.array(
    z.object({
      period: z.string(),
      label: z.string(),
      dueOn: isoDate,
      reported: z.number().int(),
      closed: z.number().int(),
      major: z.number().int(),
    }),
  ),
});
