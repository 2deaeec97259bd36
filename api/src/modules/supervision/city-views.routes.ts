/**
 * City views (城市总览, issue 14 §2): a bureau's supervisor compares the zones granted to it. Routes of tenant mode
 * 'bureau' with `supervision.read`. The zones come from `grantedZones` only (supervision-scope.ts: grant in force,
 * zone active); a zone id in the path is answered only when granted (else 404 `zone`, as for a nonexistent one).
 * The figures are counted in SQL (city-queries.ts). Each answer writes one supervision_reads row per zone it
 * covered, before it is sent (a failed write fails the request: the zone must be able to see who looked).
 */
import {
  cityHazardStats,
  cityHazardStatsQuery,
  cityMap,
  cityOverview,
  cityZoneParams,
  cityZoneSummary,
  type CityHazardStats,
} from '@yuanan/contracts';
import { localDate } from '@yuanan/domain';
import type { Context } from 'koa';
import { z } from 'zod';
import type { Container } from '../../core/container.ts';
import { callerOf } from '../../core/http/client-info.ts';
import { notFound } from '../../core/http/problem.ts';
import { defineRoute, type AnyRoute } from '../../core/http/route.ts';
import { reportingPeriods } from '../hazards/hazard-stats.ts';
import {
  hazardPeriodFigures,
  mapFigures,
  periodBounds,
  totalFigures,
  totalPeriods,
  zoneCentres,
  zoneFigures,
  zoneLists,
  type CitySql,
} from './city-queries.ts';
import { recordSupervisionReads } from './supervision-reads.ts';
import { grantedZones, grantFor, type GrantedZone } from './supervision-scope.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const tags = ['supervision'];

/** The ORM connection as a CitySql runner (raw SQL: no tenant filter — city-queries.ts passes the ids itself). */
export function citySql(c: Container): CitySql {
  return async (sql, params) => (await c.orm.em.getConnection().execute(sql, params, 'all')) as Array<Record<string, unknown>>;
}

/**
 * Logs the read of `zones` by the caller, one supervision_reads row each (A's writer; it fails closed with 503
 * `supervision_log_unavailable` when the rows cannot be written, so the answer is not sent).
 */
async function logReads(c: Container, ctx: Context, operationId: string, zones: GrantedZone[], resourceId: string | null = null) {
  const { actor, tenant } = callerOf(ctx);
  const at = new Date();
  await recordSupervisionReads(
    c,
    zones.map((z) => ({
      zoneId: z.zoneId,
      bureauId: tenant.id,
      bureauName: tenant.name,
      grantId: z.grantId,
      userId: actor.userId,
      userName: actor.name,
      operationId,
      method: ctx.method,
      path: ctx.path,
      resourceId,
      status: 200,
      at,
    })),
  );
}

/** The year the caller means: `?year=` or this year in the bureau's time zone. */
const yearOf = (q: { year?: number }, timeZone: string) => q.year ?? Number(localDate(new Date(), timeZone).slice(0, 4));

/**
 * The hazard statistics of the bureau's zones for `year`, in the shape of the answer (and the workbook); `timeZone`
 * (the bureau's) dates the totals when no zone is granted.
 */
async function hazardStatsOf(
  c: Container,
  zones: GrantedZone[],
  year: number,
  lang: 'zh-CN' | 'en',
  timeZone: string,
  now = new Date(),
): Promise<CityHazardStats> {
  const figures = await hazardPeriodFigures(citySql(c), zones, year, now);
  const periods = reportingPeriods(year, lang);
  return {
    asOf: now.toISOString(),
    year,
    periods: periods.map((p) => ({ period: p.period, label: p.label, from: p.from, to: p.to, dueOn: p.dueOn })),
    zones: zones.map((z) => ({
      zoneId: z.zoneId,
      code: z.code,
      name: z.name,
      region: z.region,
      periods: figures.get(z.zoneId)!,
    })),
    totals: totalPeriods(
      figures.values(),
      periods.map((p) => p.period),
      periodBounds(year, timeZone, now),
    ),
  };
}

/** Routes of the city views; `c` gives the cross-zone connection and the grants. */
export function cityViewRoutes(c: Container): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/supervision/overview',
      operationId: 'supervision.overview',
      summary: 'City overview: every granted zone side by side (colours, hazards, rectification, coverage, alarms, incidents)',
      tags,
      auth: 'supervision.read',
      tenant: 'bureau',
      // no parameters: an unknown one is a mistake worth a 400, as on the other city routes
      query: z.strictObject({}),
      response: cityOverview,
      handler: async ({ ctx }) => {
        const { tenant } = callerOf(ctx);
        const now = new Date();
        const zones = await grantedZones(c, tenant.id, now);
        const figures = await zoneFigures(citySql(c), zones, now);
        await logReads(c, ctx, 'supervision.overview', zones);
        return {
          asOf: now.toISOString(),
          zones: zones.map((z) => ({
            zoneId: z.zoneId,
            code: z.code,
            name: z.name,
            region: z.region,
            figures: figures.get(z.zoneId)!,
          })),
          totals: totalFigures(figures.values()),
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/supervision/zones/:zoneId/summary',
      operationId: 'supervision.zoneSummary',
      summary: "One granted zone's figures, red enterprises and overdue major hazards (top 20); 404 when not granted",
      tags,
      auth: 'supervision.read',
      tenant: 'bureau',
      params: cityZoneParams,
      query: z.strictObject({}),
      response: cityZoneSummary,
      handler: async ({ ctx, params }) => {
        const { tenant } = callerOf(ctx);
        const now = new Date();
        const z = await grantFor(c, tenant.id, params.zoneId, now);
        if (!z) throw notFound('zone');
        const run = citySql(c);
        const [figures, lists] = await Promise.all([zoneFigures(run, [z], now), zoneLists(run, z.zoneId, now, z.timeZone)]);
        await logReads(c, ctx, 'supervision.zoneSummary', [z], z.zoneId);
        return {
          asOf: now.toISOString(),
          zone: {
            zoneId: z.zoneId,
            code: z.code,
            name: z.name,
            region: z.region,
            timeZone: z.timeZone,
            figures: figures.get(z.zoneId)!,
          },
          ...lists,
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/supervision/map',
      operationId: 'supervision.map',
      summary: 'The granted zones on the map: centre, enterprises by colour, open major and overdue hazards',
      tags,
      auth: 'supervision.read',
      tenant: 'bureau',
      // no parameters: an unknown one is a mistake worth a 400, as on the other city routes
      query: z.strictObject({}),
      response: cityMap,
      handler: async ({ ctx }) => {
        const { tenant } = callerOf(ctx);
        const now = new Date();
        const zones = await grantedZones(c, tenant.id, now);
        const ids = zones.map((z) => z.zoneId);
        const run = citySql(c);
        const [centres, figures] = await Promise.all([zoneCentres(run, ids), mapFigures(run, ids, now)]);
        await logReads(c, ctx, 'supervision.map', zones);
        return {
          asOf: now.toISOString(),
          zones: zones.map((z) => {
            const f = figures.get(z.zoneId)!;
            const at = centres.get(z.zoneId)!;
            return {
              zoneId: z.zoneId,
              code: z.code,
              name: z.name,
              region: z.region,
              centre: at.centre,
              centreSource: at.source,
              enterprises: f.enterprises,
              majorOpen: f.hazards.majorOpen,
              overdue: f.hazards.overdue,
            };
          }),
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/supervision/hazard-stats',
      operationId: 'supervision.hazardStats',
      summary:
        'Hazard statistics across the granted zones by quarter and year (reported, graded, closed on time, open and overdue at the end)',
      tags,
      auth: 'supervision.read',
      tenant: 'bureau',
      query: cityHazardStatsQuery,
      response: cityHazardStats,
      handler: async ({ ctx, query, lang }) => {
        const { tenant } = callerOf(ctx);
        const zones = await grantedZones(c, tenant.id);
        const stats = await hazardStatsOf(c, zones, yearOf(query, tenant.timeZone), lang, tenant.timeZone);
        await logReads(c, ctx, 'supervision.hazardStats', zones);
        return stats;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/supervision/hazard-stats/export',
      operationId: 'supervision.hazardStatsExport',
      summary: 'The hazard statistics across the granted zones as a workbook (xlsx)',
      tags,
      auth: 'supervision.read',
      tenant: 'bureau',
      query: cityHazardStatsQuery,
      responseType: 'raw',
      handler: async ({ ctx, query, lang }) => {
        const { tenant } = callerOf(ctx);
        const zones = await grantedZones(c, tenant.id);
        const year = yearOf(query, tenant.timeZone);
        const stats = await hazardStatsOf(c, zones, year, lang, tenant.timeZone);
        // exceljs loads on first use (resident memory the idle api does not need).
        const { cityStatsWorkbook } = await import('./city-stats-export.ts');
        const body = await cityStatsWorkbook(stats, { bureau: tenant.name, timeZone: tenant.timeZone, lang });
        await logReads(c, ctx, 'supervision.hazardStatsExport', zones);
        ctx.set('Content-Type', XLSX);
        ctx.set(
          'Content-Disposition',
          `attachment; filename*=UTF-8''${encodeURIComponent(lang === 'en' ? `hazard-statistics-${year}.xlsx` : `隐患统计-${year}.xlsx`)}`,
        );
        ctx.set('Cache-Control', 'no-store');
        ctx.body = body;
      },
    }),
  ];
}
