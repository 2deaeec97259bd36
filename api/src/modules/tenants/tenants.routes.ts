import { z } from 'zod';
import {
  catalogItem,
  CATALOG_KINDS,
  createCatalogItem,
  createTenantRequest,
  createTenantResponse,
  page,
  publicZone,
  ref,
  tenant,
  tenantSettingsPatch,
  updateCatalogItem,
  updateTenantRequest,
  updateZoneRequest,
} from '@yuanan/contracts';
import { callerOf } from '../../core/http/client-info.ts';
import { notFound } from '../../core/http/problem.ts';
import { defineRoute, type AnyRoute } from '../../core/http/route.ts';
import { catalogDto, tenantDto, type TenantService } from './tenant.service.ts';

export function tenantRoutes(
  svc: TenantService,
  publicZones: () => Promise<Array<{ code: string; name: string; region: string }>>,
): AnyRoute[] {
  const platform = ['平台 Platform'];
  const zone = ['园区 Zone'];
  const tenantId = z.strictObject({ id: ref('tenant') });
  return [
    defineRoute({
      method: 'get',
      path: '/public/zones',
      operationId: 'public.zones',
      summary: 'Zones to choose from in the mini-program',
      tags: zone,
      auth: 'public',
      response: z.array(publicZone),
      handler: () => publicZones(),
    }),
    defineRoute({
      method: 'get',
      path: '/platform/tenants',
      operationId: 'platform.tenants.list',
      summary: 'All zones',
      tags: platform,
      auth: 'platform.tenants.manage',
      tenant: 'platform',
      query: z.strictObject({
        page: z.coerce.number().int().min(1).default(1),
        pageSize: z.coerce.number().int().min(1).max(200).default(50),
        status: z.enum(['active', 'disabled']).optional(),
        q: z.string().max(50).optional(),
      }),
      response: page(tenant),
      handler: ({ query }) => svc.list(query),
    }),
    defineRoute({
      method: 'post',
      path: '/platform/tenants',
      operationId: 'platform.tenants.create',
      summary: 'Create (provision) a zone with its defaults; idempotent by code',
      tags: platform,
      auth: 'platform.tenants.manage',
      tenant: 'platform',
      body: createTenantRequest,
      response: createTenantResponse,
      handler: async ({ body, ctx }) => {
        const r = await svc.provision({ ...body, strictAdmin: true });
        ctx.status = r.created ? 201 : 200;
        return {
          tenant: tenantDto(r.tenant),
          admin: { username: body.admin.username, initialPassword: r.initialPassword },
          created: r.created,
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/platform/tenants/:id',
      operationId: 'platform.tenants.get',
      summary: 'One zone',
      tags: platform,
      auth: 'platform.tenants.manage',
      tenant: 'platform',
      params: tenantId,
      response: tenant,
      handler: async ({ params }) => tenantDto(await svc.get(params.id)),
    }),
    defineRoute({
      method: 'patch',
      path: '/platform/tenants/:id',
      operationId: 'platform.tenants.update',
      summary: 'Rename, or disable / enable a zone',
      tags: platform,
      auth: 'platform.tenants.manage',
      tenant: 'platform',
      params: tenantId,
      body: updateTenantRequest,
      response: tenant,
      handler: async ({ params, body }) => tenantDto(await svc.update(params.id, body)),
    }),
    defineRoute({
      method: 'get',
      path: '/tenant',
      operationId: 'tenant.get',
      summary: 'My zone and its settings',
      tags: zone,
      auth: 'catalog.read',
      response: tenant,
      handler: async ({ ctx }) => tenantDto(await svc.current(callerOf(ctx).tenant.id)),
    }),
    defineRoute({
      method: 'patch',
      path: '/tenant',
      operationId: 'tenant.update',
      summary: 'Rename my zone or change its time zone (zone admin)',
      tags: zone,
      auth: 'tenant.settings.manage',
      body: updateZoneRequest,
      response: tenant,
      handler: async ({ ctx, body }) => tenantDto(await svc.updateZone(callerOf(ctx).tenant.id, body)),
    }),
    defineRoute({
      method: 'patch',
      path: '/tenant/settings',
      operationId: 'tenant.updateSettings',
      summary:
        'Change zone settings (palette, SLA, escalation policy, MFA, site plan, map, …); each field given is replaced whole',
      tags: zone,
      auth: 'tenant.settings.manage',
      body: tenantSettingsPatch.meta({ examples: [{ requireMfaForConsole: false }] }),
      response: tenant,
      handler: async ({ ctx, body }) => {
        const { tenant: t } = callerOf(ctx);
        return tenantDto(await svc.updateSettings(t.id, body));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/catalog',
      operationId: 'catalog.list',
      summary: 'Zone lists: roles, hazard categories, key-place tags, grids',
      tags: zone,
      auth: 'catalog.read',
      query: z.strictObject({ kind: z.enum(CATALOG_KINDS).optional() }),
      response: z.array(catalogItem),
      handler: async ({ query }) => (await svc.catalog(query.kind)).map(catalogDto),
    }),
    defineRoute({
      method: 'post',
      path: '/catalog',
      operationId: 'catalog.create',
      summary: 'Add an item to a zone list',
      tags: zone,
      auth: 'catalog.manage',
      body: createCatalogItem,
      response: catalogItem,
      handler: async ({ body }) => catalogDto(await svc.addCatalogItem(body)),
    }),
    defineRoute({
      method: 'patch',
      path: '/catalog/:id',
      operationId: 'catalog.update',
      summary: 'Rename, reorder or disable a list item',
      tags: zone,
      auth: 'catalog.manage',
      params: z.strictObject({ id: ref('catalogItem') }),
      body: updateCatalogItem,
      response: catalogItem,
      handler: async ({ params, body }) => {
        const item = await svc.updateCatalogItem(params.id, body);
        if (!item) throw notFound('catalog item');
        return catalogDto(item);
      },
    }),
  ];
}
