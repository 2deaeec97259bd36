import { z } from 'zod';
import {
  colourExplanation,
  dashboard,
  mapData,
  mapQuery,
  ref,
  riskModel,
  sitePlanRequest,
  updateRiskModelRequest,
} from '@yuanan/contracts';
import { callerOf } from '../../core/http/client-info.ts';
import { defineRoute, type AnyRoute } from '../../core/http/route.ts';
import type { RiskService } from './risk.service.ts';
import type { TenantService } from '../tenants/tenant.service.ts';

export function riskRoutes(svc: RiskService, tenants: TenantService): AnyRoute[] {
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
      handler: ({ ctx, params, lang }) => {
        const { em, actor } = callerOf(ctx);
        return svc.explanation(em, actor, params.id, lang);
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
      handler: ({ ctx, lang }) => svc.models(callerOf(ctx).em, lang),
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
      summary:
        'Zone risk map for a view: all markers of a small zone, else the markers and clusters inside bbox at zoom; ETag/304',
      tags,
      auth: 'risk.read',
      query: mapQuery,
      response: mapData,
      // Raw: the answer may be 304 Not Modified (no body), which the json path cannot return.
      responseType: 'raw',
      handler: async ({ ctx, query }) => {
        const { em, actor, tenant } = callerOf(ctx);
        const { etag, data } = await svc.mapData(em, actor, tenant, query, ctx.get('if-none-match') || undefined);
        ctx.set('ETag', etag);
        // Revalidate every time: the map changes whenever a colour or a position does.
        ctx.set('Cache-Control', 'private, no-cache');
        if (!data) {
          ctx.status = 304;
        } else {
          ctx.status = 200;
          ctx.body = mapData.parse(data);
        }
        // A raw route's return value is not sent; it only satisfies the declared response type.
        return ctx.body as z.input<typeof mapData>;
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
      // The settings' one writer (validation, the zone row's lock): the same as PATCH /tenant/settings { sitePlan }.
      handler: async ({ ctx, body }) => {
        const { tenant } = callerOf(ctx);
        await tenants.updateSettings(tenant.id, { sitePlan: { fileId: body.fileId, width: 0, height: 0 } });
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
