import { z } from 'zod';
import {
  colourExplanation,
  dashboard,
  mapData,
  ref,
  riskModel,
  sitePlanRequest,
  updateRiskModelRequest,
} from '@yuanan/contracts';
import { callerOf } from '../../core/http/client-info.ts';
import { defineRoute, type AnyRoute } from '../../core/http/route.ts';
import type { RiskService } from './risk.service.ts';

export function riskRoutes(svc: RiskService): AnyRoute[] {
  const tags = ['风险分级 Risk'];
  return [
    defineRoute({
      method: 'get',
      path: '/enterprises/:id/colour',
      operationId: 'risk.colour',
      summary: "An enterprise's colour, why, and its history",
      tags,
      auth: 'risk.read',
      params: z.strictObject({ id: ref('enterprise') }),
      response: colourExplanation,
      handler: ({ ctx, params }) => {
        const { em, actor } = callerOf(ctx);
        return svc.explanation(em, actor, params.id);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/risk/model',
      operationId: 'risk.model',
      summary: 'The scoring model (active first) and its versions',
      tags,
      auth: 'risk.read',
      response: z.array(riskModel),
      handler: ({ ctx }) => svc.models(callerOf(ctx).em),
    }),
    defineRoute({
      method: 'put',
      path: '/risk/model',
      operationId: 'risk.updateModel',
      summary: 'Publish a new model version; the zone is recomputed',
      tags,
      auth: 'risk.model.manage',
      body: updateRiskModelRequest,
      response: riskModel,
      status: 201,
      handler: ({ ctx, body }) => {
        const { em, actor } = callerOf(ctx);
        return svc.updateModel(em, actor, body.params, body.note);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/risk/map',
      operationId: 'risk.map',
      summary: 'Zone risk map: site plan, tile layer and coloured markers',
      tags,
      auth: 'risk.read',
      response: mapData,
      handler: ({ ctx }) => {
        const { em, actor, tenant } = callerOf(ctx);
        return svc.mapData(em, actor, tenant);
      },
    }),
    defineRoute({
      method: 'put',
      path: '/risk/site-plan',
      operationId: 'risk.sitePlan',
      summary: "Set the zone's site-plan image",
      tags,
      auth: 'tenant.settings.manage',
      body: sitePlanRequest,
      responseType: 'empty',
      handler: async ({ ctx, body }) => {
        const { em, tenant } = callerOf(ctx);
        await svc.setSitePlan(em, tenant.id, body.fileId);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/risk/dashboard',
      operationId: 'risk.dashboard',
      summary: 'Colour distribution, by grid and industry, highest risks, expiring certificates',
      tags,
      auth: 'dashboard.read',
      response: dashboard,
      handler: ({ ctx }) => {
        const { em, actor, tenant } = callerOf(ctx);
        return svc.dashboard(em, actor, tenant);
      },
    }),
  ];
}
