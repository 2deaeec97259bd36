import { z } from 'zod';
import {
  bulkHazardRequest,
  createHazardRequest,
  decideExtension,
  extensionRequest,
  governancePlan,
  hazard,
  hazardCitationsRequest,
  hazardDetail,
  hazardsQuery,
  hazardStats as hazardStatsSchema,
  cursorPage,
  ref,
  supervisionRequest,
  transitionRequest,
  reportingYearParam,
} from '@yuanan/contracts';
import { checklistFor, CURRENT_CHECKLIST, localDate } from '@yuanan/domain';
import { callerOf } from '../../core/http/client-info.ts';
import { langOf } from '../../core/http/router.ts';
import { AppError } from '../../core/http/problem.ts';
import { defineRoute, type AnyRoute } from '../../core/http/route.ts';
import { visibleEnterprise } from '../enterprises/enterprise-scope.ts';
import { Hazard } from './hazard.entity.ts';
import { hazardStats } from './hazard-stats.ts';
import { hazardWhere } from './hazard-scope.ts';
import type { HazardService } from './hazard.service.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const download = (ctx: { set: (k: string, v: string) => void }, type: string, name: string) => {
  ctx.set('Content-Type', type);
  ctx.set('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`);
  ctx.set('Cache-Control', 'no-store');
};

export function hazardRoutes(svc: HazardService): AnyRoute[] {
  const tags = ['隐患闭环 Hazards'];
  const id = z.strictObject({ id: ref('hazard') });
  const one = async (ctx: Parameters<typeof callerOf>[0], h: Hazard) => {
    const { em, actor, tenant } = callerOf(ctx);
    return (await svc.dtos(em, actor, tenant, [h], langOf(ctx)))[0]!;
  };
  return [
    defineRoute({
      method: 'get',
      path: '/hazards',
      operationId: 'hazards.list',
      summary: 'The hazard ledger (台账), filtered',
      tags,
      auth: 'hazards.read',
      apiKeyScope: 'hazards.read',
      query: hazardsQuery,
      response: cursorPage(hazard),
      handler: ({ ctx, query, lang }) => {
        const { em, actor, tenant } = callerOf(ctx);
        return svc.list(em, actor, tenant, query, lang);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/hazards',
      operationId: 'hazards.report',
      summary:
        'Report a hazard; with a grade, the safety office registers it already confirmed (安监人员登记). Idempotency-Key: a retry creates once',
      tags,
      auth: 'hazards.report',
      body: createHazardRequest,
      response: hazard,
      idempotent: true,
      handler: async ({ ctx, body }) => {
        const { em, actor, tenant } = callerOf(ctx);
        return one(ctx, await svc.create(em, actor, tenant, body));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/hazards/checklist',
      operationId: 'hazards.checklist',
      summary: 'The statutory major-hazard checklist (应急管理部令第10号), for an enterprise when given',
      tags,
      auth: 'hazards.read',
      query: z.strictObject({ enterpriseId: ref('enterprise').optional() }),
      response: z.object({
        id: z.string(),
        title: z.string(),
        issuer: z.string(),
        effectiveFrom: z.string(),
        items: z.array(
          z.object({ code: z.string(), article: z.string(), section: z.string(), text: z.string(), checked: z.boolean() }),
        ),
      }),
      handler: async ({ ctx, query }) => {
        const { em, actor } = callerOf(ctx);
        const tags = query.enterpriseId ? (await visibleEnterprise(em, actor, query.enterpriseId)).keyPlaceTags : null;
        const items = tags ? checklistFor(tags) : CURRENT_CHECKLIST.items;
        return {
          ...CURRENT_CHECKLIST,
          items: items.map((i) => ({
            code: i.code,
            article: i.article,
            section: i.section,
            text: i.text,
            checked: Boolean(i.checked),
          })),
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/hazards/stats',
      operationId: 'hazards.stats',
      summary: 'Statistics: status, category, grade, grid, enterprise, on-time rate, quarterly and yearly',
      tags,
      auth: 'hazards.read',
      query: z.strictObject({ year: reportingYearParam }),
      response: hazardStatsSchema,
      handler: ({ ctx, query, lang }) => {
        const { em, actor, tenant } = callerOf(ctx);
        return hazardStats(em, actor, tenant, query.year ?? Number(localDate(new Date(), tenant.timeZone).slice(0, 4)), lang);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/hazards/export',
      operationId: 'hazards.export',
      summary: 'The filtered ledger as a workbook',
      tags,
      auth: 'hazards.export',
      apiKeyScope: 'hazards.read',
      query: hazardsQuery,
      responseType: 'raw',
      handler: async ({ ctx, query, lang }) => {
        const { em, actor, tenant } = callerOf(ctx);
        const items = [];
        // Keyset pages: no deep OFFSET, and not bounded by the capped count. At most 100 × 200 rows, as before.
        let cursor = query.cursor;
        for (let p = 1; p <= 100; p++) {
          const r = await svc.list(em, actor, tenant, { ...query, page: 1, pageSize: 200, cursor }, lang);
          items.push(...r.items);
          em.clear();
          if (!r.nextCursor) break;
          cursor = r.nextCursor;
        }
        download(ctx, XLSX, `隐患台账-${localDate(new Date(), tenant.timeZone)}.xlsx`);
        // docx and exceljs load on first use: they cost ~28 MB of resident memory the idle api does not need.
        const { hazardLedger } = await import('./hazard-documents.ts');
        ctx.body = await hazardLedger(items);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/hazards/bulk',
      operationId: 'hazards.bulk',
      summary: 'Confirm, dismiss or approve many hazards (each checked on its own)',
      tags,
      auth: 'hazards.manage',
      body: bulkHazardRequest,
      status: 200,
      response: z.object({ results: z.array(z.object({ id: z.uuid(), ok: z.boolean(), code: z.string().nullable() })) }),
      handler: async ({ ctx, body }) => {
        const { em, actor, tenant } = callerOf(ctx);
        // Every id must be a hazard this caller sees, or nothing is done.
        const visible = await em.count(Hazard, { $and: [await hazardWhere(em, actor), { id: { $in: body.ids } }] });
        if (visible !== new Set(body.ids).size) throw new AppError(404, 'not_found', 'some hazards were not found');
        const results = [];
        for (const hid of body.ids) {
          try {
            const h = await em.fork().findOne(Hazard, { id: hid });
            if (!h) throw new AppError(404, 'not_found');
            await svc.transition(em.fork(), actor, tenant, hid, {
              action: body.action,
              version: h.version,
              grade: body.grade,
              deadline: body.deadline,
              reason: body.reason,
              responsibleName: body.action === 'confirm' ? '企业主要负责人' : undefined,
            });
            results.push({ id: hid, ok: true, code: null });
          } catch (e) {
            results.push({ id: hid, ok: false, code: e instanceof AppError ? e.code : 'internal_error' });
          }
        }
        return { results };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/hazards/:id',
      operationId: 'hazards.get',
      summary: 'One hazard with its timeline',
      tags,
      auth: 'hazards.read',
      apiKeyScope: 'hazards.read',
      params: id,
      response: hazardDetail,
      handler: ({ ctx, params, lang }) => {
        const { em, actor, tenant } = callerOf(ctx);
        return svc.detail(em, actor, tenant, params.id, lang);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/hazards/:id/transitions',
      operationId: 'hazards.transition',
      summary: 'Move the hazard through the closed loop (version must match)',
      tags,
      auth: 'hazards.read',
      params: id,
      body: transitionRequest,
      response: hazard,
      status: 200,
      handler: async ({ ctx, params, body }) => {
        const { em, actor, tenant } = callerOf(ctx);
        return one(ctx, await svc.transition(em, actor, tenant, params.id, body));
      },
    }),
    defineRoute({
      method: 'put',
      path: '/hazards/:id/citations',
      operationId: 'hazards.citations',
      summary:
        'Replace the law articles the hazard cites (依据条文; version must match; each ref checked, 422 law_citation_not_found)',
      tags,
      auth: 'hazards.manage',
      params: id,
      body: hazardCitationsRequest,
      response: hazard,
      status: 200,
      handler: async ({ ctx, params, body }) => {
        const { em, actor } = callerOf(ctx);
        return one(ctx, await svc.updateCitations(em, actor, params.id, body));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/hazards/:id/extensions',
      operationId: 'hazards.requestExtension',
      summary: 'Ask for a later deadline',
      tags,
      auth: 'hazards.read',
      params: id,
      body: extensionRequest,
      response: z.object({ id: z.uuid(), status: z.string() }),
      handler: async ({ ctx, params, body }) => {
        const { em, actor, tenant } = callerOf(ctx);
        const x = await svc.requestExtension(em, actor, tenant, params.id, body);
        return { id: x.id, status: x.status };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/hazards/:id/extensions/:extensionId/decision',
      operationId: 'hazards.decideExtension',
      summary: 'Approve (moves the deadline) or reject an extension',
      tags,
      auth: 'hazards.manage',
      params: z.strictObject({ id: ref('hazard'), extensionId: ref('extension') }),
      body: decideExtension,
      response: hazard,
      status: 200,
      handler: async ({ ctx, params, body }) => {
        const { em, actor, tenant } = callerOf(ctx);
        return one(ctx, await svc.decideExtension(em, actor, tenant, params.id, params.extensionId, body));
      },
    }),
    defineRoute({
      method: 'put',
      path: '/hazards/:id/governance-plan',
      operationId: 'hazards.governancePlan',
      summary: 'The major hazard’s governance plan (six required parts)',
      tags,
      auth: 'hazards.report',
      params: id,
      body: governancePlan.meta({
        examples: [
          {
            targets: '消除液氨泄漏风险',
            methods: '更换冷风机',
            funding: '30万元',
            organisation: '设备部',
            timeline: '30日内',
            safetyMeasures: '停用该库房，配备应急器材',
          },
        ],
      }),
      response: hazard,
      status: 200,
      handler: async ({ ctx, params, body }) => {
        const { em, actor } = callerOf(ctx);
        return one(ctx, await svc.major(em, actor, params.id, 'plan', body));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/hazards/:id/supervision',
      operationId: 'hazards.supervise',
      summary: 'List the major hazard for supervision (挂牌督办)',
      tags,
      auth: 'hazards.manage',
      params: id,
      body: supervisionRequest,
      response: hazard,
      status: 200,
      handler: async ({ ctx, params, body }) => {
        const { em, actor } = callerOf(ctx);
        return one(ctx, await svc.major(em, actor, params.id, 'list', { ledgerNo: body.ledgerNo, comment: body.comment ?? '' }));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/hazards/:id/reported-to-authority',
      operationId: 'hazards.reportedToAuthority',
      summary: 'Record that the major hazard was reported to the authority',
      tags,
      auth: 'hazards.report',
      params: id,
      response: hazard,
      status: 200,
      handler: async ({ ctx, params }) => {
        const { em, actor } = callerOf(ctx);
        return one(ctx, await svc.major(em, actor, params.id, 'reported'));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/hazards/:id/acceptance-request',
      operationId: 'hazards.requestAcceptance',
      summary: 'Ask for the acceptance review of a rectified major hazard',
      tags,
      auth: 'hazards.report',
      params: id,
      response: hazard,
      status: 200,
      handler: async ({ ctx, params }) => {
        const { em, actor } = callerOf(ctx);
        return one(ctx, await svc.major(em, actor, params.id, 'acceptance'));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/hazards/:id/notice',
      operationId: 'hazards.notice',
      summary: 'The rectification notice (整改通知书, .docx)',
      tags,
      auth: 'hazards.read',
      params: id,
      responseType: 'raw',
      handler: async ({ ctx, params }) => {
        const { em, actor, tenant } = callerOf(ctx);
        const d = await svc.detail(em, actor, tenant, params.id);
        download(ctx, DOCX, `隐患整改通知书-${d.code}.docx`);
        const { rectificationNotice } = await import('./hazard-documents.ts');
        ctx.body = await rectificationNotice({
          zoneName: tenant.name,
          enterpriseName: d.enterpriseName,
          noticeNo: `整改〔${d.code.slice(3, 7)}〕${d.code.slice(-4)}号`,
          issuedOn: localDate(new Date(), tenant.timeZone),
          hazards: [d],
        });
      },
    }),
  ];
}
