import { z } from 'zod';
import {
  createInspectionPlanRequest,
  inspectionGenerateResult,
  inspectionPlan,
  inspectionPlanPage,
  inspectionPlanPreview,
  inspectionPlansQuery,
  ref,
  updateInspectionPlanRequest,
} from '@yuanan/contracts';
import { callerOf } from '../../core/http/client-info.ts';
import { defineRoute, type AnyRoute } from '../../core/http/route.ts';
import type { PlanService } from './plan.service.ts';

/** 检查计划 routes: list, read, create, change (incl. enable/disable), preview of the enterprises reached, generate now. */
export function planRoutes(svc: PlanService): AnyRoute[] {
  const tags = ['检查巡查 Inspections'];
  const id = z.strictObject({ id: ref('inspection_plan') });
  return [
    defineRoute({
      method: 'get',
      path: '/inspection-plans',
      operationId: 'inspectionPlans.list',
      summary: 'Inspection plans (检查计划), newest first',
      tags,
      auth: 'inspections.plans.manage',
      query: inspectionPlansQuery,
      response: inspectionPlanPage,
      handler: ({ ctx, query }) => svc.list(callerOf(ctx).em, query),
    }),
    defineRoute({
      method: 'post',
      path: '/inspection-plans',
      operationId: 'inspectionPlans.create',
      summary: 'Create a plan; an enabled plan generates its current period at once. Idempotency-Key: a retry creates once',
      tags,
      auth: 'inspections.plans.manage',
      body: createInspectionPlanRequest,
      response: inspectionPlan,
      idempotent: true,
      handler: async ({ ctx, body }) => {
        const { em, actor, tenant } = callerOf(ctx);
        return svc.dto(em, await svc.create(em, actor, tenant, body));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/inspection-plans/:id',
      operationId: 'inspectionPlans.get',
      summary: 'One inspection plan',
      tags,
      auth: 'inspections.plans.manage',
      params: id,
      response: inspectionPlan,
      handler: async ({ ctx, params }) => {
        const { em } = callerOf(ctx);
        return svc.dto(em, await svc.get(em, params.id));
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/inspection-plans/:id',
      operationId: 'inspectionPlans.update',
      summary: 'Change a plan (enable/disable, target, frequency …) with its version; tasks already made keep their dates',
      tags,
      auth: 'inspections.plans.manage',
      params: id,
      body: updateInspectionPlanRequest,
      response: inspectionPlan,
      handler: async ({ ctx, params, body }) => {
        const { em, actor, tenant } = callerOf(ctx);
        return svc.dto(em, await svc.update(em, actor, tenant, params.id, body));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/inspection-plans/:id/preview',
      operationId: 'inspectionPlans.preview',
      summary: 'How many active enterprises the plan reaches now, and a sample of them',
      tags,
      auth: 'inspections.plans.manage',
      params: id,
      response: inspectionPlanPreview,
      handler: ({ ctx, params }) => {
        const { em, tenant } = callerOf(ctx);
        return svc.preview(em, tenant, params.id);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/inspection-plans/:id/generate',
      operationId: 'inspectionPlans.generate',
      summary: 'Generate the plan’s tasks of the current period now (idempotent: existing tasks are kept)',
      tags,
      auth: 'inspections.plans.manage',
      params: id,
      status: 200,
      response: inspectionGenerateResult,
      handler: async ({ ctx, params }) => {
        const { em, tenant } = callerOf(ctx);
        return svc.generate(em, tenant, await svc.get(em, params.id));
      },
    }),
  ];
}
