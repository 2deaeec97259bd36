import { z } from 'zod';
import { isoDate, isoDateTime, zId } from './common.ts';
import { RISK_COLOUR_VALUES } from './enterprises.ts';

const colourEnum = z.enum(RISK_COLOUR_VALUES);
const capped = z.strictObject({ per: z.number().min(0).max(100), max: z.number().min(0).max(200) });

export const colourModelParams = z.strictObject({
  worstRiskPoint: z.strictObject({
    red: z.number().min(0).max(200),
    orange: z.number().min(0).max(200),
    yellow: z.number().min(0).max(200),
    blue: z.number().min(0).max(200),
  }),
  keyPlaceTag: capped.extend({ weights: z.record(z.string().max(40), z.number().min(0).max(100)) }),
  majorHazardSource: z.strictObject({
    '1': z.number().min(0).max(200),
    '2': z.number().min(0).max(200),
    '3': z.number().min(0).max(200),
    '4': z.number().min(0).max(200),
  }),
  expiredCertificate: capped,
  openHazard: capped,
  overdueHazard: capped,
  openMajorHazard: capped,
  landlordTenant: z.number().min(0).max(100),
  thresholds: z
    .strictObject({ red: z.number().min(0), orange: z.number().min(0), yellow: z.number().min(0) })
    .refine((t) => t.red > t.orange && t.orange > t.yellow, { message: '阈值须满足 红 > 橙 > 黄' }),
  floors: z.strictObject({
    openMajorHazard: colourEnum.nullable(),
    majorHazardSourceGrade1: colourEnum.nullable(),
    redRiskPoint: colourEnum.nullable(),
  }),
});
const bands = z.strictObject({ red: z.number().min(0), orange: z.number().min(0), yellow: z.number().min(0) });
export const riskModelParams = z.strictObject({ colour: colourModelParams, lec: bands, ls: bands });
export const riskModel = z.object({
  id: zId,
  version: z.number().int(),
  params: riskModelParams,
  active: z.boolean(),
  note: z.string().nullable(),
  createdAt: isoDateTime,
});
export const updateRiskModelRequest = z
  .strictObject({ params: riskModelParams, note: z.string().max(200).optional() })
  .meta({ examples: [{ params: { note: 'see GET /risk/model' }, note: '提高重大隐患权重' }] });

export const riskPointInput = z
  .strictObject({
    name: z.string().trim().min(1).max(60),
    area: z.string().max(60).nullable().optional(),
    method: z.enum(['LEC', 'LS']),
    factors: z.union([
      z.strictObject({ l: z.number(), e: z.number(), c: z.number() }),
      z.strictObject({ l: z.number(), s: z.number() }),
    ]),
    hazardFactors: z.string().max(500).nullable().optional(),
    controlMeasures: z.string().max(1000).nullable().optional(),
    responsiblePerson: z.string().max(32).nullable().optional(),
    reviewDate: isoDate.nullable().optional(),
  })
  .meta({
    examples: [
      {
        name: '喷涂车间',
        area: '二号厂房',
        method: 'LEC',
        factors: { l: 3, e: 6, c: 15 },
        hazardFactors: '可燃气体积聚、静电',
        controlMeasures: '防爆电气、通风、静电接地',
        responsiblePerson: '王立新',
        reviewDate: '2027-01-31',
      },
    ],
  });
export const riskPoint = z.object({
  id: zId,
  enterpriseId: zId,
  name: z.string(),
  area: z.string().nullable(),
  method: z.enum(['LEC', 'LS']),
  factors: z.record(z.string(), z.number()),
  score: z.number(),
  colour: colourEnum,
  hazardFactors: z.string().nullable(),
  controlMeasures: z.string().nullable(),
  responsiblePerson: z.string().nullable(),
  reviewDate: isoDate.nullable(),
  reviewOverdue: z.boolean(),
});

export const colourExplanation = z.object({
  enterpriseId: zId,
  colour: colourEnum.nullable(),
  score: z.number().nullable(),
  modelVersion: z.number().int().nullable(),
  computedAt: isoDateTime.nullable(),
  contributions: z.array(z.object({ input: z.string(), label: z.string(), value: z.string(), points: z.number() })),
  floor: z.object({ reason: z.string(), colour: colourEnum }).nullable(),
  thresholds: z.object({ red: z.number(), orange: z.number(), yellow: z.number() }).nullable(),
  history: z.array(
    z.object({
      colour: colourEnum,
      score: z.number(),
      modelVersion: z.number().int(),
      reason: z.string(),
      computedAt: isoDateTime,
    }),
  ),
});

/** The two coordinate spaces of the risk map: the zone's site plan (fractions of the image) or latitude/longitude. */
export const mapViewEnum = z.enum(['plan', 'geo']);

const BBOX_MESSAGE = '范围须为 4 个数：西,南,东,北（平面图为 x0,y0,x1,y1）';
const BBOX_ORDER_MESSAGE = '范围的南边须不大于北边（平面图 y0 ≤ y1）';

/**
 * Risk-map query: `view` picks the coordinate space (default: the site plan when the zone has one);
 * `bbox` is the visible area `west,south,east,north` in degrees (geo; west > east crosses the antimeridian) or
 * `x0,y0,x1,y1` as fractions of the plan (plan, y grows downwards); `zoom` is the map zoom with the whole
 * space 256·2^zoom pixels wide (web-map zoom for geo; log2(plan width on screen / 256) for the plan).
 * Without bbox the whole space is meant, without zoom 0. `colour` keeps the markers of one colour.
 */
export const mapQuery = z.strictObject({
  colour: colourEnum.optional(),
  view: mapViewEnum.optional(),
  bbox: z
    .string()
    .max(200)
    .regex(/^\s*-?[\d.]+(e-?\d+)?\s*(,\s*-?[\d.]+(e-?\d+)?\s*){3}$/i, { message: BBOX_MESSAGE })
    .transform((s) => s.split(',').map(Number) as [number, number, number, number])
    .refine((b) => b.every(Number.isFinite), { message: BBOX_MESSAGE })
    .refine((b) => b[1] <= b[3], { message: BBOX_ORDER_MESSAGE })
    .optional(),
  zoom: z.coerce.number().min(0).max(24).optional(),
});

/** One enterprise on the map: what the map draws and its tooltip shows. */
export const mapMarker = z.object({
  id: zId,
  name: z.string(),
  colour: colourEnum.nullable(),
  score: z.number().nullable(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  planX: z.number().nullable(),
  planY: z.number().nullable(),
  gridId: zId.nullable(),
});

/** Markers per colour (`none`: not yet rated). */
export const mapColourCounts = z.object({
  red: z.number().int(),
  orange: z.number().int(),
  yellow: z.number().int(),
  blue: z.number().int(),
  none: z.number().int(),
});

/**
 * Several enterprises drawn as one: their count per colour, the centroid and the bounds, in the view's
 * coordinates (x = planX or lng, y = planY or lat).
 */
export const mapCluster = z.object({
  id: z.string(),
  count: z.number().int(),
  counts: mapColourCounts,
  x: z.number(),
  y: z.number(),
  bounds: z.object({ minX: z.number(), minY: z.number(), maxX: z.number(), maxY: z.number() }),
});

/**
 * The risk map for one view. A zone of at most `MAP_ALL_MARKERS_MAX` markers gets all of them (`clustered`
 * false, as before); a larger zone gets the markers and clusters inside `bbox` at `zoom` (a few hundred items
 * whatever the zone's size), and the client asks again when the view moves. `total` and `counts` are the whole
 * zone's (for the legend), `unplaced` the first markers without a position in this view and how many there are,
 * `extent` the bounds of every placed marker (to fit the first view).
 */
export const mapData = z.object({
  sitePlan: z.object({ url: z.string(), width: z.number(), height: z.number() }).nullable(),
  tileUrl: z.string().nullable(),
  center: z.object({ lat: z.number(), lng: z.number(), zoom: z.number() }).nullable(),
  palette: z.record(z.string(), z.object({ color: z.string(), label: z.string() })),
  view: mapViewEnum,
  clustered: z.boolean(),
  total: z.number().int(),
  counts: mapColourCounts,
  markers: z.array(mapMarker),
  clusters: z.array(mapCluster),
  unplaced: z.object({ total: z.number().int(), items: z.array(mapMarker) }),
  extent: z.object({ minX: z.number(), minY: z.number(), maxX: z.number(), maxY: z.number() }).nullable(),
});

/** Up to this many markers the map answers all of them; above, markers and clusters of the view. */
export const MAP_ALL_MARKERS_MAX = 2000;

export const dashboard = z.object({
  total: z.number().int(),
  byColour: z.record(z.string(), z.number().int()),
  byGrid: z.array(z.object({ gridId: zId.nullable(), gridName: z.string(), counts: z.record(z.string(), z.number().int()) })),
  /** By GB/T 4754 major category: `industry` its code and name ('C26 化学原料和化学制品制造业', or '未填写'), `code` null when not given. */
  byIndustry: z.array(
    z.object({ industry: z.string(), code: z.string().nullable(), counts: z.record(z.string(), z.number().int()) }),
  ),
  highestRisk: z.array(z.object({ id: zId, name: z.string(), colour: colourEnum.nullable(), score: z.number().nullable() })),
  certificatesExpiringSoon: z.array(
    z.object({
      id: zId,
      enterpriseId: zId,
      enterpriseName: z.string(),
      personName: z.string(),
      category: z.string(),
      expiresOn: isoDate,
    }),
  ),
  openTasks: z.number().int(),
  pendingChanges: z.number().int(),
});

export const sitePlanRequest = z
  .strictObject({ fileId: z.uuid().meta({ 'x-ref': 'file' }) })
  .meta({ examples: [{ fileId: '01a20af3-8b8f-7678-bd46-168eeefdc51a' }], 'x-probe': { fileId: '{file}' } });
