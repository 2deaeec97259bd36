import { z } from 'zod';
import { casProblem, creditCodeIssue, distanceMetres, normalizeCas, normalizeCreditCode } from '@yuanan/domain';
import { anyPhone, cursorParam, isoDate, isoDateTime, recordDate, ref, zId } from './common.ts';
import { casProblemText, creditCodeProblemText, localIssue } from './messages.ts';

/** 统一社会信用代码: pasted forms folded (full-width, zero-width, spaces, lower case), then checked (GB 32100-2015). */
export const creditCode = z
  .string()
  .max(60)
  .transform(normalizeCreditCode)
  .superRefine((v, ctx) => {
    const issue = creditCodeIssue(v);
    if (issue) ctx.addIssue(localIssue(creditCodeProblemText(issue)));
  });

/** CAS number: full-width digits, other dashes, spaces and missing dashes folded to NNNNNNN-NN-N, then checked. */
export const casNumber = z
  .string()
  .max(40)
  .transform(normalizeCas)
  .superRefine((v, ctx) => {
    const p = casProblem(v);
    if (p) ctx.addIssue(localIssue(casProblemText(p)));
  });

export const SIZE_BANDS = ['large', 'medium', 'small', 'micro'] as const;
export const RISK_COLOUR_VALUES = ['red', 'orange', 'yellow', 'blue'] as const;
export const OWNERSHIPS = ['国有', '集体', '民营', '股份制', '中外合资', '外资', '港澳台', '个体', '其他'] as const;
export const STANDARDISATION_LEVELS = ['一级', '二级', '三级', '小微', '未达标'] as const;
export const BUILDING_STRUCTURES = ['钢结构', '钢混', '砖混', '砖木', '其他'] as const;

/** Fields an enterprise may not change on its own: its changes go to the safety office for approval. */
export const KEY_FIELDS = [
  'creditCode',
  'name',
  'legalRepresentative',
  'principalName',
  'principalPhone',
  'industryCode',
  'industryName',
  'address',
  'lat',
  'lng',
  'planX',
  'planY',
  'gridId',
  'keyPlaceTags',
  'landlordEnterpriseId',
] as const;

const fields = {
  creditCode,
  name: z.string().trim().min(2).max(100),
  legalRepresentative: z.string().trim().max(32).nullable(),
  principalName: z.string().trim().min(1).max(32),
  principalPhone: anyPhone.nullable(),
  safetyManagerName: z.string().trim().max(32).nullable(),
  safetyManagerPhone: anyPhone.nullable(),
  industryCode: z
    .string()
    .regex(/^[A-T]\d{2,4}$/, { message: '行业代码应为 GB/T 4754 代码，如 C2614' })
    .nullable(),
  industryName: z.string().trim().max(60).nullable(),
  isIndustryTrade: z.boolean(),
  ownership: z.enum(OWNERSHIPS).nullable(),
  employees: z.number().int().min(0).max(1_000_000).nullable(),
  annualRevenue: z.number().min(0).max(1e11).nullable(),
  annualOutput: z.number().min(0).max(1e11).nullable(),
  address: z.string().trim().max(200).nullable(),
  lat: z.number().min(-90).max(90).nullable(),
  lng: z.number().min(-180).max(180).nullable(),
  planX: z.number().min(0).max(1).nullable(),
  planY: z.number().min(0).max(1).nullable(),
  gridId: ref('grid').nullable(),
  buildingStructure: z.enum(BUILDING_STRUCTURES).nullable(),
  hasSprinklers: z.boolean().nullable(),
  landlordEnterpriseId: ref('enterprise').nullable(),
  standardisationLevel: z.enum(STANDARDISATION_LEVELS).nullable(),
  keyPlaceTags: z.array(z.string().max(40)).max(20),
  peopleWithin500m: z.number().int().min(0).max(1_000_000).nullable(),
  status: z.enum(['active', 'closed']),
};

export const createEnterpriseRequest = z
  .strictObject({
    ...fields,
    legalRepresentative: fields.legalRepresentative.optional(),
    principalPhone: fields.principalPhone.optional(),
    safetyManagerName: fields.safetyManagerName.optional(),
    safetyManagerPhone: fields.safetyManagerPhone.optional(),
    industryCode: fields.industryCode.optional(),
    industryName: fields.industryName.optional(),
    isIndustryTrade: fields.isIndustryTrade.default(true),
    ownership: fields.ownership.optional(),
    employees: fields.employees.optional(),
    annualRevenue: fields.annualRevenue.optional(),
    annualOutput: fields.annualOutput.optional(),
    address: fields.address.optional(),
    lat: fields.lat.optional(),
    lng: fields.lng.optional(),
    planX: fields.planX.optional(),
    planY: fields.planY.optional(),
    gridId: fields.gridId.optional(),
    buildingStructure: fields.buildingStructure.optional(),
    hasSprinklers: fields.hasSprinklers.optional(),
    landlordEnterpriseId: fields.landlordEnterpriseId.optional(),
    standardisationLevel: fields.standardisationLevel.optional(),
    keyPlaceTags: fields.keyPlaceTags.default([]),
    peopleWithin500m: fields.peopleWithin500m.optional(),
    status: fields.status.default('active'),
  })
  .meta({
    examples: [
      { creditCode: '91330782MA2B0C1D4Q', name: '义乌市示例五金有限公司', principalName: '张三', principalPhone: '13800000000' },
    ],
    'x-probe': {
      creditCode: '91440300708461136T',
      name: '探针企业',
      principalName: '探针',
      gridId: '{grid}',
      landlordEnterpriseId: '{enterprise}',
    },
  });

/** An enterprise's own geofence radius, metres (the zone default `inspectionGeofenceRadiusM` has the same bounds). */
export const GEOFENCE_RADIUS_M = { min: 20, max: 5000 } as const;
/** Vertices of an enterprise's geofence polygon. */
export const GEOFENCE_POLYGON_POINTS = { min: 3, max: 200 } as const;

const LAT_RANGE = { message: '纬度应在 -90 到 90 之间' };
const LNG_RANGE = { message: '经度应在 -180 到 180 之间' };
const latLngPoint = z.tuple([
  z.number().min(-90, LAT_RANGE).max(90, LAT_RANGE),
  z.number().min(-180, LNG_RANGE).max(180, LNG_RANGE),
]);

/** Whether segments p1p2 and p3p4 (planar lat/lng) cross properly (touching at a shared vertex does not count). */
function segmentsCross(p1: number[], p2: number[], p3: number[], p4: number[]): boolean {
  const d = (a: number[], b: number[], c: number[]) => (b[0]! - a[0]!) * (c[1]! - a[1]!) - (b[1]! - a[1]!) * (c[0]! - a[0]!);
  const d1 = d(p3, p4, p1);
  const d2 = d(p3, p4, p2);
  const d3 = d(p1, p2, p3);
  const d4 = d(p1, p2, p4);
  return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
}

/**
 * What is wrong with a geofence polygon beyond the point count and coordinate ranges: too few distinct vertices,
 * no area (all on a line), edges that cross (vertices out of order), or wider than a 5 km radius fence could be.
 * A closing vertex equal to the first is allowed (and not counted).
 */
export function geofencePolygonProblem(points: readonly (readonly [number, number])[]): { zh: string; en: string } | null {
  const ring =
    points.length > 1 && points[0]![0] === points.at(-1)![0] && points[0]![1] === points.at(-1)![1]
      ? points.slice(0, -1)
      : points;
  if (new Set(ring.map((p) => `${p[0]},${p[1]}`)).size < GEOFENCE_POLYGON_POINTS.min)
    return { zh: '多边形至少需要 3 个不同的顶点', en: 'A polygon needs at least 3 distinct vertices' };
  const n = ring.length;
  for (let i = 0; i < n; i++) {
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue; // adjacent through the closing edge
      if (segmentsCross([...ring[i]!], [...ring[(i + 1) % n]!], [...ring[j]!], [...ring[(j + 1) % n]!]))
        return {
          zh: `多边形的边相交（第 ${i + 1} 与第 ${j + 1} 条边），请按围栏顺序排列顶点`,
          en: `The polygon’s edges ${i + 1} and ${j + 1} cross: list the vertices in order around the fence`,
        };
    }
  }
  let area2 = 0;
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i]!;
    const b = ring[(i + 1) % ring.length]!;
    area2 += a[1] * b[0] - b[1] * a[0];
  }
  if (Math.abs(area2) < 1e-12)
    return { zh: '多边形的顶点不能在一条直线上', en: 'The polygon’s vertices cannot all be on one line' };
  const lats = ring.map((p) => p[0]);
  const lngs = ring.map((p) => p[1]);
  const diagonal = distanceMetres(
    { lat: Math.min(...lats), lng: Math.min(...lngs) },
    { lat: Math.max(...lats), lng: Math.max(...lngs) },
  );
  if (diagonal > 2 * GEOFENCE_RADIUS_M.max)
    return {
      zh: `多边形范围过大（对角约 ${Math.round(diagonal / 1000)} 公里，最多 10 公里）`,
      en: `The polygon is too large (about ${Math.round(diagonal / 1000)} km across, at most 10 km)`,
    };
  return null;
}

/**
 * Where an enterprise may be checked in (电子围栏): its own radius around its location, or a polygon of
 * [lat, lng] vertices. Null on the enterprise = the zone's `inspectionGeofenceRadiusM` around its location.
 */
export const enterpriseGeofence = z.union([
  z.strictObject({
    radiusM: z
      .number()
      // Not .int(): a failed int check aborts the union and the office would read "invalid input".
      .refine(Number.isInteger, { message: '半径须为整数米' })
      .min(GEOFENCE_RADIUS_M.min, { message: `半径至少 ${GEOFENCE_RADIUS_M.min} 米` })
      .max(GEOFENCE_RADIUS_M.max, { message: `半径最多 ${GEOFENCE_RADIUS_M.max} 米` }),
  }),
  z.strictObject({
    polygon: z
      .array(latLngPoint)
      .describe(`${GEOFENCE_POLYGON_POINTS.min}–${GEOFENCE_POLYGON_POINTS.max} [lat, lng] vertices in order around the fence`)
      // The count here rather than .min/.max: a failed length check aborts the union (the office would read
      // "invalid input" instead of what is wrong).
      .superRefine((points, ctx) => {
        const { min, max } = GEOFENCE_POLYGON_POINTS;
        if (points.length < min)
          return ctx.addIssue(localIssue({ zh: `多边形至少需要 ${min} 个顶点`, en: `A polygon needs at least ${min} vertices` }));
        if (points.length > max)
          return ctx.addIssue(localIssue({ zh: `多边形最多 ${max} 个顶点`, en: `A polygon has at most ${max} vertices` }));
        // The coordinates are checked above; the shape only when they are right.
        if (!points.every(([lat, lng]) => Math.abs(lat) <= 90 && Math.abs(lng) <= 180)) return;
        const problem = geofencePolygonProblem(points);
        if (problem) ctx.addIssue(localIssue(problem));
      }),
  }),
]);
export type EnterpriseGeofence = z.infer<typeof enterpriseGeofence>;

export const updateEnterpriseRequest = z
  .strictObject({
    ...Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.optional()])),
    /** Set by the safety office only (enterprise users: 403); null = the zone's default radius. */
    geofence: enterpriseGeofence.nullable().optional(),
    version: z.number().int().optional(),
  } as {
    [K in keyof typeof fields]: z.ZodOptional<(typeof fields)[K]>;
  } & {
    geofence: z.ZodOptional<z.ZodNullable<typeof enterpriseGeofence>>;
    version: z.ZodOptional<z.ZodNumber>;
  })
  .meta({ examples: [{ employees: 210, hasSprinklers: true }, { geofence: { radiusM: 500 } }], 'x-probe': { gridId: '{grid}' } });

export const enterprise = z.object({
  id: zId,
  creditCode: z.string(),
  name: z.string(),
  legalRepresentative: z.string().nullable(),
  principalName: z.string(),
  principalPhone: z.string().nullable(),
  safetyManagerName: z.string().nullable(),
  safetyManagerPhone: z.string().nullable(),
  industryCode: z.string().nullable(),
  industryName: z.string().nullable(),
  isIndustryTrade: z.boolean(),
  ownership: z.string().nullable(),
  employees: z.number().nullable(),
  annualRevenue: z.number().nullable(),
  annualOutput: z.number().nullable(),
  sizeBand: z.enum(SIZE_BANDS).nullable(),
  address: z.string().nullable(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  planX: z.number().nullable(),
  planY: z.number().nullable(),
  gridId: zId.nullable(),
  gridName: z.string().nullable(),
  buildingStructure: z.string().nullable(),
  hasSprinklers: z.boolean().nullable(),
  landlordEnterpriseId: zId.nullable(),
  landlordName: z.string().nullable(),
  standardisationLevel: z.string().nullable(),
  keyPlaceTags: z.array(z.string()),
  peopleWithin500m: z.number().nullable(),
  /** The enterprise's own geofence for inspection check-ins; null = the zone's radius around lat/lng. */
  geofence: enterpriseGeofence.nullable(),
  status: z.enum(['active', 'closed']),
  riskColour: z.enum(RISK_COLOUR_VALUES).nullable(),
  riskScore: z.number().nullable(),
  colourComputedAt: isoDateTime.nullable(),
  pendingChange: z.boolean(),
  version: z.number().int(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type Enterprise = z.infer<typeof enterprise>;

export const ENTERPRISE_SORTS = ['name', 'riskScore', 'employees', 'createdAt', 'updatedAt'] as const;
export const enterprisesQuery = z.strictObject({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  q: z.string().max(50).optional(),
  gridId: ref('grid').optional(),
  industryCode: z.string().max(8).optional(),
  tag: z.string().max(40).optional(),
  colour: z.enum(RISK_COLOUR_VALUES).optional(),
  sizeBand: z.enum(SIZE_BANDS).optional(),
  status: z.enum(['active', 'closed']).optional(),
  sort: z.enum(ENTERPRISE_SORTS.flatMap((f) => [f, `-${f}`]) as [string, ...string[]]).optional(),
  cursor: cursorParam,
});
export type EnterprisesQuery = z.infer<typeof enterprisesQuery>;

export const enterpriseUpdateResult = z.object({
  enterprise,
  /** Key fields an enterprise user changed: sent for approval instead of applied. */
  changeRequest: z.object({ id: zId, fields: z.array(z.string()) }).nullable(),
});

// ---- sub-records ----
export const contactInput = z
  .strictObject({
    name: z.string().trim().min(1).max(32),
    title: z.string().max(40).nullable().optional(),
    phone: anyPhone.nullable().optional(),
    isEmergencyContact: z.boolean().optional(),
  })
  .meta({ examples: [{ name: '李四', title: '安全员', phone: '13800000001', isEmergencyContact: true }] });
export const contact = z.object({
  id: zId,
  enterpriseId: zId,
  name: z.string(),
  title: z.string().nullable(),
  phone: z.string().nullable(),
  isEmergencyContact: z.boolean(),
});

export const SPECIAL_OPERATION_CATEGORIES = [
  '电工作业',
  '焊接与热切割作业',
  '高处作业',
  '制冷与空调作业',
  '煤矿安全作业',
  '金属非金属矿山安全作业',
  '石油天然气安全作业',
  '冶金（有色）生产安全作业',
  '危险化学品安全作业',
  '烟花爆竹安全作业',
  '其他特种作业',
] as const;
export const SPECIAL_EQUIPMENT_CATEGORIES = [
  '叉车司机',
  '起重机指挥',
  '起重机司机',
  '锅炉操作',
  '压力容器操作',
  '气瓶充装',
  '电梯作业',
  '其他特种设备作业',
] as const;
export const certificateInput = z
  .strictObject({
    personName: z.string().trim().min(1).max(32),
    certKind: z.enum(['special_operation', 'special_equipment']),
    category: z.string().trim().min(1).max(40),
    certNumber: z.string().trim().min(4).max(40),
    post: z.string().max(40).nullable().optional(),
    issuedOn: recordDate,
    expiresOn: recordDate,
    reviewDueOn: recordDate.nullable().optional(),
  })
  .refine((c) => c.expiresOn > c.issuedOn, { message: '有效期至须晚于发证日期', path: ['expiresOn'] })
  .meta({
    examples: [
      {
        personName: '王五',
        certKind: 'special_operation',
        category: '电工作业',
        certNumber: 'T330782198001011234',
        issuedOn: '2024-03-01',
        expiresOn: '2030-03-01',
      },
    ],
  });
export const certificate = z.object({
  id: zId,
  enterpriseId: zId,
  personName: z.string(),
  certKind: z.enum(['special_operation', 'special_equipment']),
  category: z.string(),
  certNumber: z.string(),
  post: z.string().nullable(),
  issuedOn: isoDate,
  expiresOn: isoDate,
  reviewDueOn: isoDate.nullable(),
  /** valid / expiring (within the zone's first reminder) / expired, as of today in the zone. */
  state: z.enum(['valid', 'expiring', 'expired']),
});

/**
 * GB 18218-2018 Table 2 hazard categories, for the forms' multi-select (symbol and a short zh-CN label). The critical
 * quantities and β live in @yuanan/domain (data/gb18218-2018.ts); an api test checks both lists name the same symbols.
 */
export const GB18218_CATEGORIES: ReadonlyArray<{ symbol: string; label: string }> = [
  { symbol: 'J1', label: '急性毒性 类别1 气体' },
  { symbol: 'J2', label: '急性毒性 类别1 固体、液体' },
  { symbol: 'J3', label: '急性毒性 类别2、3 气体' },
  { symbol: 'J4', label: '急性毒性 类别2、3 吸入 液体（沸点≤35℃）' },
  { symbol: 'J5', label: '急性毒性 类别2 液体（除J4外）、固体' },
  { symbol: 'W1.1', label: '爆炸物 不稳定爆炸物、1.1项' },
  { symbol: 'W1.2', label: '爆炸物 1.2、1.3、1.5、1.6项' },
  { symbol: 'W1.3', label: '爆炸物 1.4项' },
  { symbol: 'W2', label: '易燃气体 类别1、2' },
  { symbol: 'W3', label: '气溶胶 类别1、2' },
  { symbol: 'W4', label: '氧化性气体 类别1' },
  { symbol: 'W5.1', label: '易燃液体 类别1，或类别2、3工作温度高于沸点' },
  { symbol: 'W5.2', label: '易燃液体 类别2、3 特殊工艺条件' },
  { symbol: 'W5.3', label: '易燃液体 其他类别2' },
  { symbol: 'W5.4', label: '易燃液体 其他类别3' },
  { symbol: 'W6.1', label: '自反应物质 A型、B型' },
  { symbol: 'W6.2', label: '自反应物质 C、D、E型' },
  { symbol: 'W7.1', label: '有机过氧化物 A型、B型' },
  { symbol: 'W7.2', label: '有机过氧化物 C、D、E、F型' },
  { symbol: 'W8', label: '自燃液体、自燃固体 类别1' },
  { symbol: 'W9.1', label: '氧化性固体、液体 类别1' },
  { symbol: 'W9.2', label: '氧化性固体、液体 类别2、3' },
  { symbol: 'W10', label: '易燃固体 类别1' },
  { symbol: 'W11', label: '遇水放出易燃气体 类别1、2' },
];

export const chemicalInput = z
  .strictObject({
    name: z.string().trim().min(1).max(80),
    cas: casNumber.nullable().optional(),
    table1No: z.number().int().min(1).max(85).nullable().optional(),
    /**
     * GB 18218 Table 2 symbols (e.g. ['W5.3', 'J2']), one per hazard characteristic, for a chemical not named in
     * Table 1: the lowest critical quantity applies (GB 18218-2018 4.1.2 b). Ignored for a Table 1 chemical.
     */
    categories: z
      .array(z.string().trim().min(1).max(8))
      .max(12)
      .refine((l) => new Set(l).size === l.length, { message: '危险性类别重复' })
      .default([]),
    maxQuantity: z.number().positive().max(1e9),
    unit: z.enum(['t', 'kg', 'm3', 'L']).default('t'),
    unitName: z.string().trim().min(1).max(60).default('全厂'),
    storagePlace: z.string().max(80).nullable().optional(),
    keySupervised: z.boolean().optional(),
  })
  .meta({
    examples: [{ name: '液氨', cas: '7664-41-7', maxQuantity: 8, unit: 't', unitName: '冷库制冷机房', storagePlace: '储氨器' }],
  });
export const chemical = z.object({
  id: zId,
  enterpriseId: zId,
  name: z.string(),
  cas: z.string().nullable(),
  table1No: z.number().nullable(),
  /** GB 18218 Table 2 symbols chosen for it (empty when none). */
  categories: z.array(z.string()),
  maxQuantity: z.number(),
  unit: z.enum(['t', 'kg', 'm3', 'L']),
  unitName: z.string(),
  storagePlace: z.string().nullable(),
  keySupervised: z.boolean(),
  /** Critical quantity Q (t) and its basis, when the chemical is identified. */
  criticalTonnes: z.number().nullable(),
  basis: z.string().nullable(),
  /**
   * Set when the chemical has no critical quantity (not in Table 1 by name, alias or CAS, ambiguous, or no valid
   * category): it is NOT counted in S and the user must be told (zh-CN message saying what to do).
   */
  unmatched: z.object({ reason: z.string(), message: z.string() }).nullable(),
});

export const supplyInput = z
  .strictObject({
    code: z
      .string()
      .regex(/^\d{7}$/, { message: 'GB/T 38565 代码为 7 位数字' })
      .nullable()
      .optional(),
    name: z.string().trim().min(1).max(60),
    quantity: z.number().int().min(0).max(10_000_000),
    unit: z.string().trim().min(1).max(10),
    location: z.string().max(60).default(''),
    expiresOn: recordDate.nullable().optional(),
    minimumStock: z.number().int().min(0).max(10_000_000).nullable().optional(),
  })
  .meta({
    examples: [
      {
        code: '2010101',
        name: '正压式空气呼吸器',
        quantity: 4,
        unit: '套',
        location: '一号车间应急柜',
        expiresOn: '2028-06-30',
        minimumStock: 2,
      },
    ],
  });
export const supply = z.object({
  id: zId,
  enterpriseId: zId,
  code: z.string().nullable(),
  name: z.string(),
  quantity: z.number().int(),
  unit: z.string(),
  location: z.string(),
  expiresOn: isoDate.nullable(),
  minimumStock: z.number().int().nullable(),
  expired: z.boolean(),
  belowMinimum: z.boolean(),
  updatedAt: isoDateTime,
});

export const teamMemberInput = z
  .strictObject({
    name: z.string().trim().min(1).max(32),
    role: z.string().trim().min(1).max(20),
    phone: anyPhone.nullable().optional(),
    skills: z.string().max(200).nullable().optional(),
  })
  .meta({ examples: [{ name: '赵六', role: '队长', phone: '13800000002', skills: '急救、消防' }] });
export const teamMember = z.object({
  id: zId,
  enterpriseId: zId,
  name: z.string(),
  role: z.string(),
  phone: z.string().nullable(),
  skills: z.string().nullable(),
});

export const PLAN_KINDS = ['comprehensive', 'special', 'onsite'] as const;
export const planInput = z
  .strictObject({
    kind: z.enum(PLAN_KINDS),
    title: z.string().trim().min(1).max(100),
    fileId: ref('file').nullable().optional(),
    issuedOn: recordDate.nullable().optional(),
  })
  .meta({
    examples: [{ kind: 'special', title: '液氨泄漏专项应急预案', issuedOn: '2025-05-01' }],
    'x-probe': { kind: 'special', title: '探针', fileId: '{file}' },
  });
export const plan = z.object({
  id: zId,
  enterpriseId: zId,
  kind: z.enum(PLAN_KINDS),
  title: z.string(),
  fileId: zId.nullable(),
  fileUrl: z.string().nullable(),
  issuedOn: isoDate.nullable(),
  lastDrillOn: isoDate.nullable(),
  /** No drill within the zone's interval for this kind of plan. */
  drillOverdue: z.boolean(),
});

export const drillInput = z
  .strictObject({
    planId: ref('plan').nullable().optional(),
    kind: z.enum(PLAN_KINDS),
    heldOn: recordDate,
    participants: z.number().int().min(0).max(100000).nullable().optional(),
    summary: z.string().max(500).nullable().optional(),
    fileIds: z.array(ref('file')).max(20).optional(),
  })
  .meta({
    examples: [{ kind: 'special', heldOn: '2026-06-15', participants: 32, summary: '液氨泄漏处置演练' }],
    'x-probe': { kind: 'special', heldOn: '2026-06-15', planId: '{plan}' },
  });
export const drill = z.object({
  id: zId,
  enterpriseId: zId,
  planId: zId.nullable(),
  kind: z.enum(PLAN_KINDS),
  heldOn: isoDate,
  participants: z.number().nullable(),
  summary: z.string().nullable(),
  fileIds: z.array(zId),
});

export const majorHazardUnit = z.object({
  unitName: z.string(),
  s: z.number(),
  r: z.number(),
  alpha: z.number(),
  isMajor: z.boolean(),
  grade: z.number().int().nullable(),
  contributions: z.array(
    z.object({
      label: z.string(),
      tonnes: z.number(),
      criticalTonnes: z.number(),
      ratio: z.number(),
      beta: z.number(),
      /** β rests on a hazard category the standard does not print for this row: to be reviewed. */
      betaReview: z.boolean(),
      basis: z.string(),
    }),
  ),
  /** Chemicals not counted in S (no critical quantity, or a quantity not in tonnes): shown to the user. */
  unmatched: z.array(z.string()),
  /** The same, each with why and what to do (zh-CN). */
  unmatchedDetails: z.array(z.object({ label: z.string(), reason: z.string(), message: z.string() })),
});
export const majorHazardReport = z.object({
  /** Highest grade among the units (1 is the most severe), null when no unit is a major hazard source. */
  grade: z.number().int().nullable(),
  units: z.array(majorHazardUnit),
  peopleWithin500m: z.number().nullable(),
  tableReviewed: z.boolean(),
});

export const changeRequest = z.object({
  id: zId,
  enterpriseId: zId,
  enterpriseName: z.string(),
  requestedByName: z.string(),
  changes: z.record(z.string(), z.tuple([z.unknown(), z.unknown()])),
  status: z.enum(['pending', 'approved', 'rejected', 'superseded']),
  /**
   * Pending only: the fields whose current value is no longer the one the request started from (someone changed
   * them since). Approving such a request is refused with 409 `stale`; it can still be rejected.
   */
  staleFields: z.array(z.string()),
  /** Pending only: the current value of each stale field (what approving would overwrite). */
  currentValues: z.record(z.string(), z.unknown()),
  comment: z.string().nullable(),
  createdAt: isoDateTime,
  decidedAt: isoDateTime.nullable(),
});
export const decideChangeRequest = z
  .strictObject({ comment: z.string().max(300).optional() })
  .meta({ examples: [{ comment: '已核实营业执照' }] });

export const importJob = z.object({
  id: zId,
  kind: z.string(),
  dryRun: z.boolean(),
  status: z.enum(['queued', 'running', 'done', 'failed']),
  processed: z.number().int(),
  total: z.number().int(),
  summary: z.record(z.string(), z.number()).nullable(),
  report: z.array(z.object({ sheet: z.string(), row: z.number().int(), field: z.string(), reason: z.string() })),
  error: z.string().nullable(),
  createdAt: isoDateTime,
  finishedAt: isoDateTime.nullable(),
});

export const task = z.object({
  id: zId,
  enterpriseId: zId.nullable(),
  kind: z.string(),
  title: z.string(),
  detail: z.string().nullable(),
  status: z.enum(['open', 'done', 'dismissed']),
  dueAt: isoDateTime.nullable(),
  createdAt: isoDateTime,
  resolvedAt: isoDateTime.nullable(),
});

export const savedView = z.object({ id: zId, page: z.string(), name: z.string(), query: z.record(z.string(), z.string()) });
export const savedViewInput = z
  .strictObject({
    page: z.string().regex(/^[a-z-]{1,40}$/),
    name: z.string().trim().min(1).max(40),
    query: z.record(z.string().max(40), z.string().max(200)),
  })
  .meta({ examples: [{ page: 'enterprises', name: '红橙企业', query: { colour: 'red' } }] });

export const auditHistoryEntry = z.object({
  at: isoDateTime,
  actorName: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  op: z.string(),
  diff: z.record(z.string(), z.unknown()),
});
