import { z } from 'zod';
import { isoDateTime, zId } from './common.ts';
import { localIssue } from './messages.ts';

export const tenantCode = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,31}$/, { message: '园区代码须为 2–32 位小写字母、数字或连字符，以字母开头' });

export const RISK_COLOURS = ['red', 'orange', 'yellow', 'blue'] as const;
export type RiskColour = (typeof RISK_COLOURS)[number];

/** Who an escalation stage notifies, from the bottom of the chain to the top. */
export const ESCALATION_TARGETS = ['responsible', 'grid_worker', 'safety_office', 'zone_admin'] as const;
export type EscalationTarget = (typeof ESCALATION_TARGETS)[number];

export const escalationStage = z.strictObject({
  key: z.string().regex(/^[a-z0-9-]{1,32}$/),
  /** Seconds relative to the deadline: negative is before it, positive is overdue. */
  offsetSeconds: z
    .number()
    .int()
    .min(-86400 * 60)
    .max(86400 * 365),
  target: z.enum(ESCALATION_TARGETS),
});
export type EscalationStage = z.infer<typeof escalationStage>;

/** A zone's escalation policy: the stages of every hazard's deadline (DOMAIN.md). */
export const escalationPolicy = z.strictObject({
  stages: z.array(escalationStage).min(1).max(12),
  /** Major hazards start one level higher up the chain. */
  majorStartsHigher: z.boolean(),
});
export type EscalationPolicy = z.infer<typeof escalationPolicy>;

/** DOMAIN.md's policy: 3 and 1 days before → responsible; at the deadline → grid worker; 1 and 3 days over → up. */
export const DEFAULT_ESCALATION_POLICY: EscalationPolicy = {
  stages: [
    { key: 'remind-3d', offsetSeconds: -3 * 86400, target: 'responsible' },
    { key: 'remind-1d', offsetSeconds: -86400, target: 'responsible' },
    { key: 'due', offsetSeconds: 0, target: 'grid_worker' },
    { key: 'overdue-1d', offsetSeconds: 86400, target: 'safety_office' },
    { key: 'overdue-3d', offsetSeconds: 3 * 86400, target: 'zone_admin' },
  ],
  majorStartsHigher: true,
};

/**
 * The policy as a zone admin may set it: stage keys unique, stages in time order (each later than the one before:
 * two stages at one moment would notify twice), and an escalation never goes back down the chain (a later stage's
 * level is the same or higher). Stored policies are read with {@link escalationPolicy} alone, so a rule added here
 * never makes a stored zone unreadable.
 */
export const escalationPolicyInput = escalationPolicy.superRefine((p, ctx) => {
  const seen = new Set<string>();
  p.stages.forEach((s, i) => {
    if (seen.has(s.key)) ctx.addIssue(localIssue({ zh: '阶段标识重复', en: 'A stage key is used twice' }, ['stages', i, 'key']));
    seen.add(s.key);
    const prev = p.stages[i - 1];
    if (!prev) return;
    if (s.offsetSeconds <= prev.offsetSeconds)
      ctx.addIssue(
        localIssue(
          { zh: '各阶段须按时间先后排列，且不能重复同一时刻', en: 'Stages must be in time order, no two at the same moment' },
          ['stages', i, 'offsetSeconds'],
        ),
      );
    if (ESCALATION_TARGETS.indexOf(s.target) < ESCALATION_TARGETS.indexOf(prev.target))
      ctx.addIssue(
        localIssue(
          {
            zh: '升级只能逐级向上：后一阶段的通知对象不能低于前一阶段',
            en: 'An escalation only goes up: a later stage cannot notify a lower level than the stage before',
          },
          ['stages', i, 'target'],
        ),
      );
  });
});

/**
 * A zone's escalation policy for unacknowledged IoT alarms: stages at seconds after the alarm started (≥ 0), each
 * notifying a level of ESCALATION_TARGETS; critical alarms start one level higher (like major hazards).
 */
export const iotEscalationPolicy = z.strictObject({
  stages: z
    .array(
      escalationStage.extend({
        offsetSeconds: z
          .number()
          .int()
          .min(0)
          .max(7 * 86400),
      }),
    )
    .min(1)
    .max(12),
  criticalStartsHigher: z.boolean(),
});
export type IotEscalationPolicy = z.infer<typeof iotEscalationPolicy>;
/** Design default: at once the enterprise, 5 min the grid worker, 15 min the safety office, 30 min the zone admin. */
export const DEFAULT_IOT_ESCALATION_POLICY: IotEscalationPolicy = {
  stages: [
    { key: 'responsible', offsetSeconds: 0, target: 'responsible' },
    { key: 'grid-5m', offsetSeconds: 300, target: 'grid_worker' },
    { key: 'office-15m', offsetSeconds: 900, target: 'safety_office' },
    { key: 'admin-30m', offsetSeconds: 1800, target: 'zone_admin' },
  ],
  criticalStartsHigher: true,
};
/** The IoT policy as a zone admin may set it: unique keys, strictly increasing offsets, never down the chain. */
export const iotEscalationPolicyInput = iotEscalationPolicy.superRefine((p, ctx) => {
  const seen = new Set<string>();
  p.stages.forEach((s, i) => {
    if (seen.has(s.key)) ctx.addIssue(localIssue({ zh: '阶段标识重复', en: 'A stage key is used twice' }, ['stages', i, 'key']));
    seen.add(s.key);
    const prev = p.stages[i - 1];
    if (!prev) return;
    if (s.offsetSeconds <= prev.offsetSeconds)
      ctx.addIssue(
        localIssue(
          { zh: '各阶段须按时间先后排列，且不能重复同一时刻', en: 'Stages must be in time order, no two at the same moment' },
          ['stages', i, 'offsetSeconds'],
        ),
      );
    if (ESCALATION_TARGETS.indexOf(s.target) < ESCALATION_TARGETS.indexOf(prev.target))
      ctx.addIssue(
        localIssue(
          {
            zh: '升级只能逐级向上：后一阶段的通知对象不能低于前一阶段',
            en: 'An escalation only goes up: a later stage cannot notify a lower level than the stage before',
          },
          ['stages', i, 'target'],
        ),
      );
  });
});

/**
 * A zone's incident policy (应急联动, DOMAIN.md Emergencies): how long a dispatched member has to acknowledge before
 * the dispatch escalates to the next person (minutes), whether leaders and the duty desk are told on each escalation,
 * the roll call interval on scene (人员清点), the SOS merge window (a second SOS from the same person within it merges
 * into the first), the authority report deadline (生产安全事故报告和调查处理条例 Art. 9: 1 hour) and the downwind sector
 * (half-angle in degrees; wider below lowWindSpeed m/s; a full circle below calmSpeed m/s; distance in metres, longer
 * for toxic releases).
 */
export const incidentPolicy = z.strictObject({
  ackMinutes: z.number().int().min(1).max(60),
  escalateToLeader: z.boolean(),
  accountabilityMinutes: z.number().int().min(5).max(120),
  sosMergeSeconds: z.number().int().min(0).max(600),
  /** Art. 9's hour is the ceiling: a zone may only be stricter. */
  authorityReportMinutes: z.number().int().min(1).max(60),
  downwind: z.strictObject({
    halfAngleDeg: z.number().min(5).max(90),
    lowWindHalfAngleDeg: z.number().min(5).max(180),
    lowWindSpeed: z.number().min(0).max(20),
    calmSpeed: z.number().min(0).max(10),
    distanceM: z.number().int().min(100).max(50_000),
    toxicDistanceM: z.number().int().min(100).max(50_000),
  }),
});
export type IncidentPolicy = z.infer<typeof incidentPolicy>;
/** Design defaults: ack within 3 min, roll call every 15 min, SOS merged within 60 s, report within 60 min. */
export const DEFAULT_INCIDENT_POLICY: IncidentPolicy = {
  ackMinutes: 3,
  escalateToLeader: true,
  accountabilityMinutes: 15,
  sosMergeSeconds: 60,
  authorityReportMinutes: 60,
  downwind: {
    halfAngleDeg: 30,
    lowWindHalfAngleDeg: 60,
    lowWindSpeed: 1.5,
    calmSpeed: 0.5,
    distanceM: 1000,
    toxicDistanceM: 2000,
  },
};
/**
 * The incident policy as a zone admin may set it: calm below low wind, the toxic distance at least the normal one.
 * Each comparison runs only when both of its values are valid on their own (a half-angle of 200 reads "at most 90",
 * not also "narrower than the normal one").
 */
export const incidentPolicyInput = incidentPolicy.superRefine((p, ctx) => {
  const d = incidentPolicy.shape.downwind.shape;
  const valid = (...xs: Array<[z.ZodType, unknown]>) => xs.every(([s, v]) => s.safeParse(v).success);
  if (
    valid([d.calmSpeed, p.downwind.calmSpeed], [d.lowWindSpeed, p.downwind.lowWindSpeed]) &&
    p.downwind.calmSpeed >= p.downwind.lowWindSpeed
  )
    ctx.addIssue(
      localIssue({ zh: '静风风速须小于低风速', en: 'The calm speed must be below the low-wind speed' }, [
        'downwind',
        'calmSpeed',
      ]),
    );
  if (
    valid([d.halfAngleDeg, p.downwind.halfAngleDeg], [d.lowWindHalfAngleDeg, p.downwind.lowWindHalfAngleDeg]) &&
    p.downwind.lowWindHalfAngleDeg < p.downwind.halfAngleDeg
  )
    ctx.addIssue(
      localIssue(
        { zh: '低风速时的扇区半角不能小于正常半角', en: 'The low-wind half-angle cannot be narrower than the normal one' },
        ['downwind', 'lowWindHalfAngleDeg'],
      ),
    );
  if (
    valid([d.distanceM, p.downwind.distanceM], [d.toxicDistanceM, p.downwind.toxicDistanceM]) &&
    p.downwind.toxicDistanceM < p.downwind.distanceM
  )
    ctx.addIssue(
      localIssue({ zh: '有毒气体的影响距离不能小于一般距离', en: 'The toxic distance cannot be shorter than the normal one' }, [
        'downwind',
        'toxicDistanceM',
      ]),
    );
});

const paletteEntry = z.strictObject({
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/),
  label: z.string().min(1).max(20),
});

/** Zone settings. Every default is DOMAIN.md's; anything marked (verify) there is configurable here. */
export const tenantSettings = z.strictObject({
  palette: z.strictObject({ red: paletteEntry, orange: paletteEntry, yellow: paletteEntry, blue: paletteEntry }).default({
    red: { color: '#d9363e', label: '重大风险' },
    orange: { color: '#fa8c16', label: '较大风险' },
    yellow: { color: '#fadb14', label: '一般风险' },
    blue: { color: '#1677ff', label: '低风险' },
  }),
  requireMfaForConsole: z.boolean().default(false),
  /** Default rectification deadline in days when a hazard is confirmed (SLA). */
  hazardDeadlineDays: z
    .strictObject({ general: z.number().int().min(1).max(365), major: z.number().int().min(1).max(730) })
    .default({ general: 7, major: 30 }),
  escalationPolicy: escalationPolicy.default(() => structuredClone(DEFAULT_ESCALATION_POLICY)),
  /** Days within which a major hazard's acceptance review must happen after it is requested. */
  majorHazardAcceptanceDays: z.number().int().min(1).max(90).default(10),
  /** Hours within which a major hazard must be reported to the authority. */
  majorHazardReportHours: z.number().int().min(1).max(720).default(24),
  inspectionFrequencyDays: z
    .strictObject({ red: z.number().int(), orange: z.number().int(), yellow: z.number().int(), blue: z.number().int() })
    .default({ red: 7, orange: 14, yellow: 30, blue: 90 }),
  /** Metres around an enterprise's location where a check-in counts as on site (when it has no geofence of its own). */
  inspectionGeofenceRadiusM: z.number().int().min(20).max(5000).default(300),
  /** When on, a hazard raised by an inspection can be closed only after a done re-check task (复查). */
  inspectionRecheckRequired: z.boolean().default(false),
  /** Hours before an inspection task is due when its assignee is reminded. */
  inspectionReminderHours: z.number().int().min(1).max(168).default(24),
  /** Days before a certificate's expiry when the enterprise is reminded. */
  certificateReminderDays: z.array(z.number().int().min(0).max(365)).max(6).default([60, 30, 7]),
  /** Days after expiry when the grid worker is told. */
  certificateEscalationDays: z.number().int().min(0).max(90).default(1),
  /** Drill intervals in months by plan kind (DOMAIN.md, verify). */
  drillIntervalMonths: z
    .strictObject({ comprehensive: z.number().int(), special: z.number().int(), onsite: z.number().int() })
    .default({ comprehensive: 12, special: 12, onsite: 6 }),
  /** Special-equipment operator certificate validity in years (DOMAIN.md: verify 4). */
  specialEquipmentCertYears: z.number().int().min(1).max(10).default(4),
  /** Hours before a duty shift starts when its members are reminded (值班提醒). */
  dutyReminderHours: z.number().int().min(1).max(72).default(12),
  /** Days ahead the worker looks for duty slots with nobody, or fewer than the team's minimum (值班缺口). */
  dutyGapHorizonDays: z.number().int().min(1).max(60).default(14),
  /**
   * The zone's extra public holidays (YYYY-MM-DD) for the duty report's holiday shifts: a year the bundled national
   * calendar does not cover yet (its lunar holidays and bridging days), or a local holiday.
   */
  publicHolidays: z
    .array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'YYYY-MM-DD' }))
    .max(100)
    .default([]),
  /** Days a loan may be overdue before the zone's safety office is told (器材逾期上报). */
  equipmentOverdueEscalationDays: z.number().int().min(1).max(90).default(3),
  /** Longest loan an enterprise may ask for, in days. */
  equipmentMaxLoanDays: z.number().int().min(1).max(365).default(30),
  /**
   * Days raw IoT readings are kept (min 30: records of major hazard sources; default 180; max 1095). Older readings
   * are dropped by the daily iot.retention job.
   */
  telemetryRetentionDays: z.number().int().min(30).max(1095).default(180),
  /** Escalation of unacknowledged active IoT alarms (seconds after the alarm started). */
  iotEscalationPolicy: iotEscalationPolicy.default(() => structuredClone(DEFAULT_IOT_ESCALATION_POLICY)),
  /** Incidents (应急联动): ack minutes, roll call, SOS merge, authority report, downwind sector. */
  incidentPolicy: incidentPolicy.default(() => structuredClone(DEFAULT_INCIDENT_POLICY)),
  /** Optional web-map tile layer for the risk map, e.g. https://{s}.tile.example.com/{z}/{x}/{y}.png */
  mapTileUrl: z.string().max(500).nullable().default(null),
  mapCenter: z
    .strictObject({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180), zoom: z.number().int().min(1).max(20) })
    .nullable()
    .default(null),
  /**
   * Webhooks of this zone may target private/loopback addresses (an on-premises receiver). Set only by the platform
   * operator (PUT /platform/zones/:id/integration); not part of the zone's own settings change.
   */
  allowPrivateWebhookTargets: z.boolean().default(false),
  /** The zone's site-plan image (file id) and its pixel size. */
  sitePlan: z
    .strictObject({ fileId: zId, width: z.number().int().positive(), height: z.number().int().positive() })
    .nullable()
    .default(null),
});
export type TenantSettings = z.infer<typeof tenantSettings>;
export const defaultTenantSettings = (): TenantSettings => tenantSettings.parse({});
type Undefaulted<S extends z.core.$ZodLooseShape> = {
  [K in keyof S]: z.ZodOptional<S[K] extends z.ZodDefault<infer I> ? I : S[K]>;
};
/** Every field optional and without its default: a field left out of a change is left as it is, not reset. */
function withoutDefaults<S extends z.core.$ZodLooseShape>(shape: S): Undefaulted<S> {
  return Object.fromEntries(
    Object.entries(shape).map(([k, v]) => [k, (v instanceof z.ZodDefault ? v.unwrap() : v).optional()]),
  ) as Undefaulted<S>;
}

/**
 * A change of settings (PATCH): any subset of the fields, each replaced whole. Stricter than the stored form where
 * a person types: the escalation policy ({@link escalationPolicyInput}), four distinct palette colours, a map tile
 * address that is https or http with {z}/{x}/{y}.
 */
/** The settings a zone changes itself (the platform's integration switch is set apart: PUT /platform/zones/:id/integration). */
const zoneOwnSettings = tenantSettings.omit({ allowPrivateWebhookTargets: true }).shape;
export const tenantSettingsPatch = z.strictObject(withoutDefaults(zoneOwnSettings)).extend({
  escalationPolicy: escalationPolicyInput.optional(),
  iotEscalationPolicy: iotEscalationPolicyInput.optional(),
  incidentPolicy: incidentPolicyInput.optional(),
  // A major hazard is never given less time than a general one by default (it needs a governance plan too).
  hazardDeadlineDays: tenantSettings.shape.hazardDeadlineDays
    .unwrap()
    .superRefine((d, ctx) => {
      if (d.major < d.general)
        ctx.addIssue(
          localIssue(
            {
              zh: `重大隐患的默认整改期限（${d.major} 天）不能短于一般隐患（${d.general} 天）`,
              en: `The default deadline for major hazards (${d.major} days) cannot be shorter than for general ones (${d.general} days)`,
            },
            ['major'],
          ),
        );
    })
    .optional(),
  palette: tenantSettings.shape.palette
    .unwrap()
    .superRefine((p, ctx) => {
      const seen = new Map<string, string>();
      for (const k of RISK_COLOURS) {
        const c = p[k].color.toLowerCase();
        if (seen.has(c))
          ctx.addIssue(
            localIssue({ zh: '四级风险的颜色须互不相同', en: 'The four risk levels need four different colours' }, [k, 'color']),
          );
        seen.set(c, k);
      }
    })
    .optional(),
  mapTileUrl: z
    .string()
    .trim()
    .max(500)
    .regex(/^https?:\/\/[^\s]+$/, { message: '瓦片地址须以 http:// 或 https:// 开头' })
    .refine((u) => ['{z}', '{x}', '{y}'].every((p) => u.includes(p)), { message: '瓦片地址须包含 {z}、{x}、{y}' })
    .nullable()
    .optional(),
  inspectionFrequencyDays: z
    .strictObject({
      red: z.number().int().min(1).max(365),
      orange: z.number().int().min(1).max(365),
      yellow: z.number().int().min(1).max(365),
      blue: z.number().int().min(1).max(365),
    })
    .optional(),
  drillIntervalMonths: z
    .strictObject({
      comprehensive: z.number().int().min(1).max(60),
      special: z.number().int().min(1).max(60),
      onsite: z.number().int().min(1).max(60),
    })
    .optional(),
});

/** The zone's own name and time zone, as its admin may change them (`PATCH /tenant`). */
export const updateZoneRequest = z
  .strictObject({
    name: z.string().trim().min(2).max(64).optional(),
    timeZone: z
      .string()
      .refine(
        (tz) => {
          try {
            new Intl.DateTimeFormat('en', { timeZone: tz });
            return true;
          } catch {
            return false;
          }
        },
        { message: '无效的时区' },
      )
      .optional(),
  })
  .meta({ examples: [{ name: '开发区四期', timeZone: 'Asia/Shanghai' }] });

export const TENANT_STATUSES = ['active', 'disabled'] as const;
/** The kinds of tenant: a zone (园区), the platform operator's own, a supervising bureau (监管机构, issue 14). */
export const TENANT_KINDS = ['zone', 'platform', 'bureau'] as const;
export type TenantKind = (typeof TENANT_KINDS)[number];
export const tenant = z.object({
  id: zId,
  code: z.string(),
  name: z.string(),
  region: z.string(),
  timeZone: z.string(),
  kind: z.enum(TENANT_KINDS),
  status: z.enum(TENANT_STATUSES),
  settings: tenantSettings,
  createdAt: isoDateTime,
});
export type Tenant = z.infer<typeof tenant>;

/** An IANA time zone name the runtime knows (Asia/Shanghai). */
export const timeZone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: '无效的时区' },
);

export const createTenantRequest = z
  .strictObject({
    code: tenantCode,
    name: z.string().trim().min(2).max(64),
    region: z.string().trim().min(2).max(64),
    timeZone: timeZone.default('Asia/Shanghai'),
    admin: z.strictObject({
      username: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_.-]{2,31}$/),
      name: z.string().trim().min(1).max(32),
      password: z.string().min(1).max(128).optional(),
    }),
  })
  .meta({
    examples: [
      {
        code: 'jinhua-kfq',
        name: '金华经济技术开发区',
        region: '浙江省金华市',
        admin: { username: 'admin', name: '园区管理员' },
      },
    ],
  });
export const createTenantResponse = z.object({
  tenant,
  admin: z.object({ username: z.string(), initialPassword: z.string().optional() }),
  created: z.boolean(),
});
export const updateTenantRequest = z
  .strictObject({
    name: z.string().trim().min(2).max(64).optional(),
    region: z.string().trim().min(2).max(64).optional(),
    status: z.enum(TENANT_STATUSES).optional(),
  })
  .meta({ examples: [{ status: 'disabled' }] });

export const publicZone = z.object({ code: z.string(), name: z.string(), region: z.string() });

export const actAsRequest = z
  .strictObject({ tenantId: z.uuid().meta({ 'x-ref': 'tenant' }), reason: z.string().trim().min(4).max(200) })
  .meta({
    examples: [{ tenantId: '01a20af3-8b8f-7678-bd46-168eeefdc51a', reason: '协助园区排查问题' }],
    'x-probe': { tenantId: '{tenant}', reason: '探针越权测试' },
  });

/** Zone catalogues: hazard categories, key-place tags, grids, industries — editable per zone. */
export const CATALOG_KINDS = ['role', 'hazard_category', 'key_place_tag', 'grid'] as const;
export type CatalogKind = (typeof CATALOG_KINDS)[number];
export const catalogItem = z.object({
  id: zId,
  kind: z.enum(CATALOG_KINDS),
  code: z.string(),
  name: z.string(),
  /** For key-place tags: 'place' | 'enterprise' | 'risk'. */
  group: z.string().nullable(),
  sort: z.number().int(),
  enabled: z.boolean(),
});
export type CatalogItem = z.infer<typeof catalogItem>;
export const createCatalogItem = z
  .strictObject({
    kind: z.enum(CATALOG_KINDS),
    code: z.string().regex(/^[a-z0-9_-]{1,40}$/),
    name: z.string().trim().min(1).max(40),
    group: z.string().max(20).nullable().optional(),
    sort: z.number().int().min(0).max(10000).optional(),
  })
  .meta({ examples: [{ kind: 'grid', code: 'grid-3', name: '第三网格' }] });
export const updateCatalogItem = z
  .strictObject({
    name: z.string().trim().min(1).max(40).optional(),
    group: z.string().max(20).nullable().optional(),
    sort: z.number().int().min(0).max(10000).optional(),
    enabled: z.boolean().optional(),
  })
  .meta({ examples: [{ name: '第三网格', enabled: false }] });
