import { z } from 'zod';
import {
  createExportTargetRequest,
  exportProfileDetail,
  exportProfileList,
  exportProfileParams,
  exportProfileQuery,
  exportRun,
  exportRunPage,
  exportRunParams,
  exportRunsQuery,
  exportTarget,
  exportTargetList,
  exportTargetParams,
  updateExportTargetRequest,
} from '@yuanan/contracts';
import type { Container } from '../../core/container.ts';
import { callerOf } from '../../core/http/client-info.ts';
import { defineRoute, type AnyRoute } from '../../core/http/route.ts';
import { syncExportScheduleSoon } from './export.jobs.ts';
import { runDto, type ExportService } from './export.service.ts';

/**
 * 数据报送 (issue 14 §5): profiles (data, read-only), export targets, runs and their files. Reading needs
 * `integration.read`, changing targets `integration.manage`, running and downloading `exports.run`; the runs list
 * and the file download also take an API key with scope `exports.read`, so a provincial system can pull the files.
 */
export function exportRoutes(c: Container, svc: ExportService): AnyRoute[] {
  const tags = ['数据报送 Exports'];
  const one = async (ctx: Parameters<typeof callerOf>[0], id: string) => {
    const { em } = callerOf(ctx);
    return (await svc.targetDtos(em, [await svc.target(em, id)]))[0]!;
  };
  return [
    defineRoute({
      method: 'get',
      path: '/exports/profiles',
      operationId: 'exports.profiles.list',
      summary: 'Export profiles (报送口径): which system, which records, how many fields',
      tags,
      auth: 'integration.read',
      response: exportProfileList,
      handler: () => ({ items: svc.profiles() }),
    }),
    defineRoute({
      method: 'get',
      path: '/exports/profiles/:id',
      operationId: 'exports.profiles.get',
      summary: "A profile's field table: target field, label, our source, transform, required",
      tags,
      auth: 'integration.read',
      params: exportProfileParams,
      query: exportProfileQuery,
      response: exportProfileDetail,
      handler: ({ params, query }) => svc.profile(params.id, query.version),
    }),
    defineRoute({
      method: 'get',
      path: '/exports/targets',
      operationId: 'exports.targets.list',
      summary: "The zone's export targets with their last run",
      tags,
      auth: 'integration.read',
      response: exportTargetList,
      handler: async ({ ctx }) => ({ items: await svc.targets(callerOf(ctx).em) }),
    }),
    defineRoute({
      method: 'post',
      path: '/exports/targets',
      operationId: 'exports.targets.create',
      summary: 'Add an export target (profile, format, schedule, incremental)',
      tags,
      auth: 'integration.manage',
      body: createExportTargetRequest,
      response: exportTarget,
      handler: async ({ ctx, body }) => {
        const { em, actor, tenant } = callerOf(ctx);
        const tg = await svc.create(em, actor, body);
        await syncExportScheduleSoon(c, tenant, tg.id, tg);
        return one(ctx, tg.id);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/exports/targets/:id',
      operationId: 'exports.targets.get',
      summary: 'One export target',
      tags,
      auth: 'integration.read',
      params: exportTargetParams,
      response: exportTarget,
      handler: ({ ctx, params }) => one(ctx, params.id),
    }),
    defineRoute({
      method: 'patch',
      path: '/exports/targets/:id',
      operationId: 'exports.targets.update',
      summary: 'Change a target: name, format, schedule, incremental, enabled; resetWatermark starts over',
      tags,
      auth: 'integration.manage',
      params: exportTargetParams,
      body: updateExportTargetRequest,
      response: exportTarget,
      handler: async ({ ctx, params, body }) => {
        const { em, tenant } = callerOf(ctx);
        const tg = await svc.update(em, params.id, body);
        await syncExportScheduleSoon(c, tenant, tg.id, tg);
        return one(ctx, tg.id);
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/exports/targets/:id',
      operationId: 'exports.targets.delete',
      summary: 'Delete a target (its runs and files stay in the history)',
      tags,
      auth: 'integration.manage',
      params: exportTargetParams,
      responseType: 'empty',
      handler: async ({ ctx, params }) => {
        const { em, tenant } = callerOf(ctx);
        await svc.remove(em, params.id);
        await syncExportScheduleSoon(c, tenant, params.id, null);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/exports/targets/:id/run',
      operationId: 'exports.targets.run',
      summary: 'Run a target now; answers the finished run (a failed run too, with its error). 409 export_run_busy',
      tags,
      auth: 'exports.run',
      params: exportTargetParams,
      response: exportRun,
      handler: async ({ ctx, params }) => {
        const { em, actor, tenant } = callerOf(ctx);
        return runDto(await svc.execute(em, tenant, params.id, 'manual', actor));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/exports/runs',
      operationId: 'exports.runs.list',
      summary: 'Export runs, newest first, of one target or all',
      tags,
      auth: 'integration.read',
      apiKeyScope: 'exports.read',
      query: exportRunsQuery,
      response: exportRunPage,
      handler: ({ ctx, query }) => svc.runs(callerOf(ctx).em, query),
    }),
    defineRoute({
      method: 'get',
      path: '/exports/runs/:id',
      operationId: 'exports.runs.get',
      summary: 'One export run',
      tags,
      auth: 'integration.read',
      apiKeyScope: 'exports.read',
      params: exportRunParams,
      response: exportRun,
      handler: async ({ ctx, params }) => runDto(await svc.run(callerOf(ctx).em, params.id)),
    }),
    defineRoute({
      method: 'get',
      path: '/exports/runs/:id/file',
      operationId: 'exports.runs.download',
      summary: "A run's file as sent (JSON or xlsx); X-Content-SHA256 carries its digest",
      tags,
      auth: 'exports.run',
      apiKeyScope: 'exports.read',
      params: exportRunParams,
      query: z.strictObject({}),
      responseType: 'raw',
      handler: async ({ ctx, params }) => {
        const { em } = callerOf(ctx);
        const { run, file } = await svc.file(em, params.id);
        const body = await c.storage.get(file.storageKey);
        ctx.set('Content-Type', file.mime);
        ctx.set('Content-Length', String(file.size));
        ctx.set('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(run.fileName ?? `${run.id}`)}`);
        ctx.set('Cache-Control', 'no-store');
        ctx.set('X-Content-Type-Options', 'nosniff');
        ctx.set('X-Content-SHA256', file.sha256);
        ctx.body = body;
      },
    }),
  ];
}
