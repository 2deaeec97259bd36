import { z } from 'zod';
import { isoDate, isoDateTime, ref, zId } from './common.ts';

/*
 * City views (城市总览, issue 14 §2): a supervising bureau's figures across the zones granted to it. Every figure is
 * counted in SQL per zone (api/src/modules/supervision/city-queries.ts); these are the answers' shapes.
 */

/** Active enterprises by their risk colour (四色); `unrated` has no colour yet. */
export const cityColourCounts = z.object({
  total: z.number().int(),
  red: z.number().int(),
  orange: z.number().int(),
  yellow: z.number().int(),
  blue: z.number().int(),
  unrated: z.number().int(),
});
export type CityColourCounts = z.infer<typeof cityColourCounts>;

/** The figures of one zone (or the totals of all). Rates are fractions 0–1, null when nothing was due. */
export const cityFigures = z.object({
  enterprises: cityColourCounts,
  hazards: z.object({
    /** Reported, confirmed, rectifying or pending review. */
    open: z.number().int(),
    /** Confirmed or rectifying with the deadline passed (as the hazard ledger's `overdue`). */
    overdue: z.number().int(),
    majorOpen: z.number().int(),
    majorOverdue: z.number().int(),
  }),
  /** 整改按期率: hazards closed in the last 90 days that had a deadline; onTime = closed ≤ deadline. */
  rectification: z.object({ closed: z.number().int(), onTime: z.number().int(), rate: z.number().nullable() }),
  /**
   * 检查覆盖率 this calendar month (zone time): inspection tasks whose complete-by falls in the month, counted as the
   * inspections module's coverage does — required (done, missed, or still open past complete-by), done; rate =
   * done ÷ required.
   */
  inspections: z.object({ required: z.number().int(), done: z.number().int(), rate: z.number().nullable() }),
  /** IoT alarms not cleared. */
  activeAlarms: z.number().int(),
  /** Incidents reported, responding or controlled (drills excluded). */
  openIncidents: z.number().int(),
});
export type CityFigures = z.infer<typeof cityFigures>;

/** One granted zone's identity. */
export const cityZoneRef = z.object({ zoneId: zId, code: z.string(), name: z.string(), region: z.string() });

/** A zone's row of the overview. */
export const cityZoneFigures = cityZoneRef.extend({ figures: cityFigures });
export type CityZoneFigures = z.infer<typeof cityZoneFigures>;

/** GET /supervision/overview: every granted zone side by side, and the totals. */
export const cityOverview = z.object({
  asOf: isoDateTime,
  zones: z.array(cityZoneFigures),
  totals: cityFigures,
});
export type CityOverview = z.infer<typeof cityOverview>;

/** GET /supervision/zones/:zoneId/summary: one zone's figures, its red enterprises and overdue major hazards (top 20). */
export const cityZoneSummary = z.object({
  asOf: isoDateTime,
  zone: cityZoneFigures.extend({ timeZone: z.string() }),
  redEnterprises: z.array(
    z.object({ id: zId, name: z.string(), riskScore: z.number().nullable(), openHazards: z.number().int() }),
  ),
  overdueMajorHazards: z.array(
    z.object({
      id: zId,
      code: z.string(),
      enterpriseId: zId,
      enterpriseName: z.string(),
      description: z.string(),
      status: z.string(),
      deadline: isoDateTime,
      /** Whole days past the deadline. */
      overdueDays: z.number().int(),
    }),
  ),
});
export type CityZoneSummary = z.infer<typeof cityZoneSummary>;

/** GET /supervision/map: each granted zone at its centre with its colours and open major hazards. */
export const cityMap = z.object({
  asOf: isoDateTime,
  zones: z.array(
    cityZoneRef.extend({
      /** The zone's map centre (settings `mapCenter`), else its enterprises' centroid, else null. */
      centre: z.object({ lat: z.number(), lng: z.number() }).nullable(),
      centreSource: z.enum(['settings', 'enterprises']).nullable(),
      enterprises: cityColourCounts,
      majorOpen: z.number().int(),
      overdue: z.number().int(),
    }),
  ),
});
export type CityMap = z.infer<typeof cityMap>;

const YEAR_MESSAGE = '年份应为 2000 至 2100 之间的四位数字，如 2026';
/**
 * A reporting year in a query (`?year=`, the zone's and the city's hazard statistics): four digits 2000–2100,
 * optional (the caller defaults to this year). Every wrong value (`99999`, `0001`, `0x7E9`, `2026.0`, ` 2026`, an
 * empty or a repeated one) gets the one message that says what a year is, not a type or a bound that depends on how
 * it failed.
 */
export const reportingYearParam = z
  .string({ error: YEAR_MESSAGE })
  .regex(/^(20\d\d|2100)$/, { message: YEAR_MESSAGE })
  .transform(Number)
  .meta({ examples: ['2026'] })
  .optional();

/** `?year=` of the city's hazard statistics ({@link reportingYearParam}). */
export const cityHazardStatsQuery = z.strictObject({ year: reportingYearParam });

/**
 * One zone's (or the totals') hazard figures for a reporting period (a quarter or the year, zone dates, as the
 * hazards module's reportingPeriods): reported in the period (general / major of those), closed in the period
 * (on time: closed ≤ deadline; rate = on time ÷ closed with a deadline), open and overdue at the period's end —
 * for the period under way as of now (`asOfToday`: label them 截至今日, not 期末). A period that starts after today in
 * the zone (`notStarted`) carries no figures: all zeros, rate null.
 */
export const cityHazardPeriodFigures = z.object({
  period: z.string(),
  /** The period starts after today (the zone's calendar): no figures yet. */
  notStarted: z.boolean(),
  /** The period is under way: `openAtEnd`/`overdueAtEnd` are as of now, not at its end. */
  asOfToday: z.boolean(),
  reported: z.number().int(),
  general: z.number().int(),
  major: z.number().int(),
  closed: z.number().int(),
  closedWithDeadline: z.number().int(),
  closedOnTime: z.number().int(),
  onTimeRate: z.number().nullable(),
  openAtEnd: z.number().int(),
  overdueAtEnd: z.number().int(),
});
export type CityHazardPeriodFigures = z.infer<typeof cityHazardPeriodFigures>;

/** GET /supervision/hazard-stats?year=: zones × periods (Q1–Q4, the year) and the totals per period. */
export const cityHazardStats = z.object({
  asOf: isoDateTime,
  year: z.number().int(),
  periods: z.array(z.object({ period: z.string(), label: z.string(), from: isoDate, to: isoDate, dueOn: isoDate })),
  zones: z.array(cityZoneRef.extend({ periods: z.array(cityHazardPeriodFigures) })),
  totals: z.array(cityHazardPeriodFigures),
});
export type CityHazardStats = z.infer<typeof cityHazardStats>;

/** Path parameter of the zone routes. */
export const cityZoneParams = z.strictObject({ zoneId: ref('tenant') });
