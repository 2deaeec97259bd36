import { z } from 'zod';
import {
  auditHistoryEntry,
  changeRequest,
  createEnterpriseRequest,
  cursorPage,
  decideChangeRequest,
  enterprise,
  enterprisesQuery,
  enterpriseUpdateResult,
  majorHazardReport as majorHazardReportSchema,
  page,
  ref,
  savedView,
  savedViewInput,
  task,
  updateEnterpriseRequest,
} from '@yuanan/contracts';
import type { Container } from '../../core/container.ts';
import { callerOf } from '../../core/http/client-info.ts';
import { notFound } from '../../core/http/problem.ts';
import { defineRoute, type AnyRoute } from '../../core/http/route.ts';
import type { TaskService } from '../tasks/task.service.ts';
import { HazardousChemical, SavedView } from './enterprise-records.entity.ts';
import { visibleEnterprise } from './enterprise-scope.ts';
import type { EnterpriseService } from './enterprise.service.ts';
import { majorHazardReport } from './major-hazard.ts';
import { recordRoutes, type RecordSpec } from './records.ts';

export function enterpriseRoutes(c: Container, svc: EnterpriseService, tasks: TaskService, specs: RecordSpec[]): AnyRoute[] {
  const tags = ['企业档案 Enterprise file'];
  const id = z.strictObject({ id: ref('enterprise') });
  const paging = {
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(20),
  };
  return [
    defineRoute({
      method: 'get',
      path: '/enterprises',
      operationId: 'enterprises.list',
      summary: 'Enterprises of the zone, filtered and sorted',
      tags,
      auth: 'enterprises.read',
      apiKeyScope: 'enterprises.read',
      query: enterprisesQuery,
      response: cursorPage(enterprise),
      handler: ({ ctx, query, lang }) => {
        const { em, actor } = callerOf(ctx);
        return svc.list(em, actor, query, lang);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/enterprises',
      operationId: 'enterprises.create',
      summary: 'Register an enterprise (一企一档)',
      tags,
      auth: 'enterprises.manage',
      body: createEnterpriseRequest,
      response: enterprise,
      idempotent: true,
      handler: async ({ ctx, body }) => {
        const { em, actor } = callerOf(ctx);
        const e = await svc.create(em, body as Record<string, unknown>);
        return svc.get(em, actor, e.id);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/enterprises/:id',
      operationId: 'enterprises.get',
      summary: 'One enterprise file',
      tags,
      auth: 'enterprises.read',
      apiKeyScope: 'enterprises.read',
      params: id,
      response: enterprise,
      handler: ({ ctx, params }) => {
        const { em, actor } = callerOf(ctx);
        return svc.get(em, actor, params.id);
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/enterprises/:id',
      operationId: 'enterprises.update',
      summary: 'Change the file (enterprise users: key fields go for approval)',
      tags,
      auth: 'enterprises.read',
      params: id,
      body: updateEnterpriseRequest,
      response: enterpriseUpdateResult,
      status: 200,
      handler: async ({ ctx, params, body }) => {
        const { em, actor } = callerOf(ctx);
        const r = await svc.update(em, actor, params.id, body as Record<string, unknown>);
        if (r.changeRequest) ctx.status = 202;
        return { enterprise: (await svc.dtos(em, actor, [r.enterprise]))[0]!, changeRequest: r.changeRequest };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/enterprises/:id/history',
      operationId: 'enterprises.history',
      summary: 'Change history of the file and its records (from the audit trail)',
      tags,
      auth: 'enterprises.read',
      params: id,
      query: z.strictObject(paging),
      response: page(auditHistoryEntry),
      handler: ({ ctx, params, query }) => {
        const { em, actor } = callerOf(ctx);
        return svc.history(em, actor, params.id, query);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/enterprises/:id/major-hazard',
      operationId: 'enterprises.majorHazard',
      summary: 'GB 18218 identification and grade per unit',
      tags,
      auth: 'enterprises.read',
      params: id,
      response: majorHazardReportSchema,
      handler: async ({ ctx, params }) => {
        const { em, actor } = callerOf(ctx);
        const e = await visibleEnterprise(em, actor, params.id);
        return majorHazardReport(await em.find(HazardousChemical, { enterpriseId: e.id }), e.peopleWithin500m ?? null);
      },
    }),
    ...specs.flatMap((s) => recordRoutes(c, s)),
    defineRoute({
      method: 'get',
      path: '/enterprises/:id/changes',
      operationId: 'enterprises.changes',
      summary: "An enterprise's own key-field change requests (what it submitted and the decisions)",
      tags,
      auth: 'enterprises.read',
      params: id,
      query: z.strictObject({ ...paging, status: z.enum(['pending', 'approved', 'rejected', 'superseded']).optional() }),
      response: page(changeRequest),
      handler: async ({ ctx, params, query }) => {
        const { em, actor } = callerOf(ctx);
        const e = await visibleEnterprise(em, actor, params.id);
        return svc.changeRequests(em, { ...query, enterpriseId: e.id });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/enterprise-changes',
      operationId: 'enterpriseChanges.list',
      summary: 'Key-field changes submitted by enterprises',
      tags,
      auth: 'enterprises.approve',
      query: z.strictObject({
        ...paging,
        status: z.enum(['pending', 'approved', 'rejected', 'superseded']).optional(),
        enterpriseId: ref('enterprise').optional(),
      }),
      response: page(changeRequest),
      handler: ({ ctx, query }) => svc.changeRequests(callerOf(ctx).em, query),
    }),
    ...(['approve', 'reject'] as const).map((verb) =>
      defineRoute({
        method: 'post',
        path: `/enterprise-changes/:id/${verb}`,
        operationId: `enterpriseChanges.${verb}`,
        summary: `${verb === 'approve' ? 'Approve (apply)' : 'Reject'} a change request`,
        tags,
        auth: 'enterprises.approve',
        params: z.strictObject({ id: ref('changeRequest') }),
        body: decideChangeRequest,
        response: z.object({ id: z.uuid(), status: z.string() }),
        status: 200,
        handler: async ({ ctx, params, body }) => {
          const { em, actor } = callerOf(ctx);
          const cr = await svc.decide(em, actor, params.id, verb === 'approve', body.comment);
          return { id: cr.id, status: cr.status };
        },
      }),
    ),
    defineRoute({
      method: 'get',
      path: '/tasks',
      operationId: 'tasks.list',
      summary: 'System to-dos (expired supplies, certificates, overdue drills …)',
      tags: ['待办 Tasks'],
      auth: 'tasks.read',
      query: z.strictObject({
        ...paging,
        status: z.enum(['open', 'done', 'dismissed']).optional(),
        enterpriseId: ref('enterprise').optional(),
        kind: z.string().max(40).optional(),
      }),
      response: page(task),
      handler: ({ ctx, query, lang }) => {
        const { em, actor } = callerOf(ctx);
        return tasks.list(em, actor, query, lang);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/tasks/:id/resolve',
      operationId: 'tasks.resolve',
      summary: 'Mark a to-do done or dismissed',
      tags: ['待办 Tasks'],
      auth: 'tasks.resolve',
      params: z.strictObject({ id: ref('task') }),
      body: z.strictObject({ status: z.enum(['done', 'dismissed']) }).meta({ examples: [{ status: 'done' }] }),
      response: task,
      status: 200,
      handler: ({ ctx, params, body, lang }) => {
        const { em, actor } = callerOf(ctx);
        return tasks.resolve(em, actor, params.id, body.status, lang);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/saved-views',
      operationId: 'savedViews.list',
      summary: 'My saved list filters',
      tags: ['我的 Me'],
      auth: 'self',
      query: z.strictObject({
        page: z
          .string()
          .regex(/^[a-z-]{1,40}$/)
          .meta({ examples: ['enterprises'] }),
      }),
      response: z.array(savedView),
      handler: async ({ ctx, query }) => {
        const { em, actor } = callerOf(ctx);
        const rows = await em.find(SavedView, { userId: actor.userId, page: query.page }, { orderBy: { createdAt: 'asc' } });
        return rows.map((v) => ({ id: v.id, page: v.page, name: v.name, query: v.query }));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/saved-views',
      operationId: 'savedViews.create',
      summary: 'Save a list filter',
      tags: ['我的 Me'],
      auth: 'self',
      body: savedViewInput,
      response: savedView,
      handler: async ({ ctx, body }) => {
        const { em, actor } = callerOf(ctx);
        const v = em.create(SavedView, { userId: actor.userId, page: body.page, name: body.name, query: body.query });
        await em.flush();
        return { id: v.id, page: v.page, name: v.name, query: v.query };
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/saved-views/:id',
      operationId: 'savedViews.delete',
      summary: 'Delete a saved filter',
      tags: ['我的 Me'],
      auth: 'self',
      params: z.strictObject({ id: ref('savedView') }),
      responseType: 'empty',
      handler: async ({ ctx, params }) => {
        const { em, actor } = callerOf(ctx);
        const v = await em.findOne(SavedView, { id: params.id, userId: actor.userId });
        if (!v) throw notFound('saved view');
        em.remove(v);
        await em.flush();
      },
    }),
  ];
}
