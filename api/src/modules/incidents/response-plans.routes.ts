import { z } from 'zod';
import {
  createResponsePlanRequest,
  ref,
  responsePlan,
  responsePlanPage,
  responsePlansQuery,
  updateResponsePlanRequest,
} from '@yuanan/contracts';
import { callerOf } from '../../core/http/client-info.ts';
import { defineRoute, type AnyRoute } from '../../core/http/route.ts';
import type { ResponsePlanService } from './response-plan.service.ts';

/**
 * Response plans (应急预案的响应程序): the desk reads them (incidents.read), the safety office manages them
 * (incidents.plans.manage). DELETE archives (inactive), it never removes: applied checklists keep their steps.
 */
export function responsePlanRoutes(svc: ResponsePlanService): AnyRoute[] {
  const tags = ['应急预案 Response plans'];
  const id = z.strictObject({ id: ref('responsePlan') });
  return [
    defineRoute({
      method: 'get',
      path: '/response-plans',
      operationId: 'responsePlans.list',
      summary: 'Response plans, newest first (filters: enterprise or zone, incident type, active, title)',
      tags,
      auth: 'incidents.read',
      query: responsePlansQuery,
      response: responsePlanPage,
      handler: ({ ctx, query, lang }) => svc.list(callerOf(ctx).em, query, lang),
    }),
    defineRoute({
      method: 'post',
      path: '/response-plans',
      operationId: 'responsePlans.create',
      summary: 'A response plan with its steps (who, action, within minutes) per incident types and warning levels',
      tags,
      auth: 'incidents.plans.manage',
      idempotent: true,
      body: createResponsePlanRequest,
      response: responsePlan,
      handler: ({ ctx, body }) => svc.create(callerOf(ctx).em, body),
    }),
    defineRoute({
      method: 'get',
      path: '/response-plans/:id',
      operationId: 'responsePlans.get',
      summary: 'One response plan',
      tags,
      auth: 'incidents.read',
      params: id,
      response: responsePlan,
      handler: ({ ctx, params }) => svc.get(callerOf(ctx).em, params.id),
    }),
    defineRoute({
      method: 'patch',
      path: '/response-plans/:id',
      operationId: 'responsePlans.update',
      summary: 'Edit a plan (version; stale → 409)',
      tags,
      auth: 'incidents.plans.manage',
      params: id,
      body: updateResponsePlanRequest,
      response: responsePlan,
      handler: ({ ctx, params, body }) => svc.update(callerOf(ctx).em, params.id, body),
    }),
    defineRoute({
      method: 'delete',
      path: '/response-plans/:id',
      operationId: 'responsePlans.archive',
      summary: 'Archive a plan (停用): no longer proposed',
      tags,
      auth: 'incidents.plans.manage',
      params: id,
      response: responsePlan,
      handler: ({ ctx, params }) => svc.archive(callerOf(ctx).em, params.id),
    }),
  ];
}
