import { z } from 'zod';
import {
  checkInsQuery,
  checkInsResponse,
  coverageQuery,
  coverageResponse,
  cursorPage,
  inspectionTask,
  inspectionTaskDetail,
  inspectionTasksQuery,
  ref,
} from '@yuanan/contracts';
import { callerOf } from '../../core/http/client-info.ts';
import { defineRoute, type AnyRoute } from '../../core/http/route.ts';
import type { FileService } from '../files/file.service.ts';
import { checkIns, coverage } from './coverage.ts';
import { inspectionTaskWhere } from './inspection-scope.ts';
import { listTasks, visibleTaskDetail } from './task-list.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** 检查任务 lists and detail, 覆盖率 (JSON and Excel), and a day's check-ins for the map. */
export function taskRoutes(files: FileService): AnyRoute[] {
  const tags = ['检查巡查 Inspections'];
  return [
    defineRoute({
      method: 'get',
      path: '/inspection-tasks',
      operationId: 'inspectionTasks.list',
      summary:
        'Inspection tasks the caller may see, by complete-by time; with lat/lng each carries distanceM and ties sort by distance',
      tags,
      auth: 'inspections.read',
      apiKeyScope: 'inspections.read',
      query: inspectionTasksQuery,
      response: cursorPage(inspectionTask),
      handler: ({ ctx, query, lang }) => {
        const { em, actor, tenant } = callerOf(ctx);
        return listTasks(em, actor, tenant, query, lang);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/inspection-tasks/:id',
      operationId: 'inspectionTasks.get',
      summary: 'One inspection task with its template version, place, check-in, answers, signature and hazards',
      tags,
      auth: 'inspections.read',
      apiKeyScope: 'inspections.read',
      params: z.strictObject({ id: ref('inspection_task') }),
      response: inspectionTaskDetail,
      handler: ({ ctx, params }) => {
        const { em, actor, tenant } = callerOf(ctx);
        return visibleTaskDetail(em, actor, tenant, params.id, files);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/inspections/coverage',
      operationId: 'inspections.coverage',
      summary: 'Coverage (覆盖率) per grid worker or agency over tasks due in [from, to]: on time, late, missed, hazards found',
      tags,
      auth: 'inspections.export',
      query: coverageQuery,
      response: coverageResponse,
      handler: ({ ctx, query }) => {
        const { em, tenant } = callerOf(ctx);
        return coverage(em, tenant, query);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/inspections/coverage.xlsx',
      operationId: 'inspections.coverageExport',
      summary: 'Coverage as an Excel workbook',
      tags,
      auth: 'inspections.export',
      query: coverageQuery,
      responseType: 'raw',
      handler: async ({ ctx, query }) => {
        const { em, tenant } = callerOf(ctx);
        const { rows } = await coverage(em, tenant, query);
        // exceljs loads on first use (resident memory the idle api does not need).
        const { coverageWorkbook } = await import('./coverage-workbook.ts');
        ctx.set('Content-Type', XLSX);
        ctx.set(
          'Content-Disposition',
          `attachment; filename*=UTF-8''${encodeURIComponent(`检查覆盖率-${query.from}-${query.to}.xlsx`)}`,
        );
        ctx.set('Cache-Control', 'no-store');
        ctx.body = await coverageWorkbook(rows, { ...query, zone: tenant.name });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/inspections/check-ins',
      operationId: 'inspections.checkIns',
      summary: 'A day’s check-ins (default today, zone time) of the tasks the caller sees, for the map',
      tags,
      auth: 'inspections.read',
      query: checkInsQuery,
      response: checkInsResponse,
      handler: async ({ ctx, query }) => {
        const { em, actor, tenant } = callerOf(ctx);
        return checkIns(em, tenant, await inspectionTaskWhere(em, actor, tenant), query.date);
      },
    }),
  ];
}
