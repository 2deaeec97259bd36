import { z } from 'zod';
import {
  bureau,
  bureauGrant,
  bureausQuery,
  bureauSupervisionReadsQuery,
  bureauUserRequest,
  bureauUserResponse,
  createBureauRequest,
  createBureauResponse,
  createSupervisionGrantRequest,
  enterZoneResponse,
  grantedZone,
  page,
  ref,
  revokeSupervisionGrantRequest,
  supervisionGrant,
  supervisionGrantsQuery,
  supervisionReadsPage,
  updateSupervisionGrantRequest,
  updateTenantRequest,
  zoneSupervisionReadsQuery,
} from '@yuanan/contracts';
import type { Container } from '../../core/container.ts';
import { callerOf } from '../../core/http/client-info.ts';
import { AppError } from '../../core/http/problem.ts';
import { defineRoute, type AnyRoute } from '../../core/http/route.ts';
import { bureauReadRows, grantedZones } from './supervision-scope.ts';
import { dayDto, readDto, readRange, readResourceNames, zoneReads, type DayRow } from './supervision-reads.ts';
import type { SupervisionService } from './supervision.service.ts';

/**
 * City supervision routes (issue 14 §1): the platform keeps bureaus and grants; a bureau's user lists its granted
 * zones, enters one read-only and reads its own trail; a zone reads who from the city looked at it.
 */
export function supervisionRoutes(c: Container, svc: SupervisionService): AnyRoute[] {
  const platform = ['平台 Platform'];
  const city = ['城市监管 Supervision'];
  const grantId = z.strictObject({ id: ref('supervisionGrant') });
  return [
    defineRoute({
      method: 'get',
      path: '/platform/bureaus',
      operationId: 'supervision.bureaus.list',
      summary: 'Supervising bureaus (市/县应急管理局) with their grants in force',
      tags: platform,
      auth: 'supervision.grants.manage',
      tenant: 'platform',
      query: bureausQuery,
      response: page(bureau),
      handler: ({ query }) => svc.listBureaus(query),
    }),
    defineRoute({
      method: 'post',
      path: '/platform/bureaus',
      operationId: 'supervision.bureaus.create',
      summary: 'Create a supervising bureau with its first user (city supervisor); idempotent by code',
      tags: platform,
      auth: 'supervision.grants.manage',
      tenant: 'platform',
      body: createBureauRequest,
      response: createBureauResponse,
      handler: async ({ body, ctx }) => {
        const r = await svc.createBureau(body);
        ctx.status = r.created ? 201 : 200;
        return r;
      },
    }),
    defineRoute({
      method: 'post',
      path: '/platform/bureaus/:id/users',
      operationId: 'supervision.bureaus.user',
      summary:
        "A bureau's account: a new city supervisor, or a new password for an existing username (generated, answered once, changed at first sign-in)",
      tags: platform,
      auth: 'supervision.grants.manage',
      tenant: 'platform',
      params: z.strictObject({ id: ref('tenant') }),
      body: bureauUserRequest,
      response: bureauUserResponse,
      handler: async ({ params, body, ctx }) => {
        const r = await svc.bureauUser(params.id, body);
        ctx.status = r.created ? 201 : 200;
        return r;
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/platform/bureaus/:id',
      operationId: 'supervision.bureaus.update',
      summary: 'Rename a bureau, or disable / enable it (disabling ends its entered zone tokens at once)',
      tags: platform,
      auth: 'supervision.grants.manage',
      tenant: 'platform',
      params: z.strictObject({ id: ref('tenant') }),
      body: updateTenantRequest,
      response: bureau,
      handler: ({ params, body }) => svc.updateBureau(params.id, body),
    }),
    defineRoute({
      method: 'get',
      path: '/platform/supervision-grants',
      operationId: 'supervision.grants.list',
      summary: 'Grants of bureaus over zones (filter by bureau, zone, state)',
      tags: platform,
      auth: 'supervision.grants.manage',
      tenant: 'platform',
      query: supervisionGrantsQuery,
      response: page(supervisionGrant),
      handler: ({ query }) => svc.listGrants(query),
    }),
    defineRoute({
      method: 'post',
      path: '/platform/supervision-grants',
      operationId: 'supervision.grants.create',
      summary: 'Grant a bureau read access to a zone until a time (audited in the platform, zone and bureau trails)',
      tags: platform,
      auth: 'supervision.grants.manage',
      tenant: 'platform',
      body: createSupervisionGrantRequest,
      response: supervisionGrant,
      handler: ({ body, ctx }) => svc.createGrant(callerOf(ctx).actor, body),
    }),
    defineRoute({
      method: 'patch',
      path: '/platform/supervision-grants/:id',
      operationId: 'supervision.grants.update',
      summary: 'Change the validity or the note of a grant',
      tags: platform,
      auth: 'supervision.grants.manage',
      tenant: 'platform',
      params: grantId,
      body: updateSupervisionGrantRequest,
      response: supervisionGrant,
      handler: ({ params, body }) => svc.updateGrant(params.id, body),
    }),
    defineRoute({
      method: 'post',
      path: '/platform/supervision-grants/:id/revoke',
      operationId: 'supervision.grants.revoke',
      summary: 'Revoke a grant now (tokens entered under it stop working at the next request)',
      tags: platform,
      auth: 'supervision.grants.manage',
      tenant: 'platform',
      params: grantId,
      body: revokeSupervisionGrantRequest,
      response: supervisionGrant,
      status: 200,
      handler: ({ params, body, ctx }) => svc.revokeGrant(callerOf(ctx).actor, params.id, body.reason),
    }),
    defineRoute({
      method: 'get',
      path: '/supervision/zones',
      operationId: 'supervision.zones',
      summary: 'Zones my bureau may read now (grants in force)',
      tags: city,
      auth: 'supervision.read',
      tenant: 'bureau',
      response: z.array(grantedZone),
      handler: async ({ ctx }) =>
        (await grantedZones(c, callerOf(ctx).tenant.id)).map((g) => ({ ...g, validUntil: g.validUntil.toISOString() })),
    }),
    defineRoute({
      method: 'get',
      path: '/supervision/grants',
      operationId: 'supervision.myGrants',
      summary: "My bureau's grants, latest end first (zone name and window): why a zone is not there",
      tags: city,
      auth: 'supervision.read',
      tenant: 'bureau',
      response: z.array(bureauGrant),
      handler: ({ ctx }) => svc.bureauGrants(callerOf(ctx).tenant.id),
    }),
    defineRoute({
      method: 'post',
      path: '/supervision/zones/:zoneId/enter',
      operationId: 'supervision.enter',
      summary:
        'Enter a granted zone read-only (a zone token like act-as; 404 without a grant in force). From inside a zone, ' +
        'enters another by the same bureau (its grant for the new zone is checked)',
      tags: city,
      auth: 'supervision.read',
      tenant: 'bureau',
      params: z.strictObject({ zoneId: ref('tenant') }),
      response: enterZoneResponse,
      status: 200,
      handler: async ({ params, ctx }) => {
        const { actor, tenant, claims } = callerOf(ctx);
        // With a zone token (`sup`, let through by the router for this route only) the bureau is the claim's.
        const bureau = claims.sup ? await c.tenants.byId(claims.sup.stid) : tenant;
        if (!bureau || bureau.kind !== 'bureau' || bureau.status !== 'active') throw new AppError(403, 'tenant_disabled');
        return svc.enter({ ...actor, supervising: null }, bureau, params.zoneId);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/supervision/reads',
      operationId: 'supervision.reads',
      summary: "My bureau's reads across zones, newest first, with a per-day summary per zone",
      tags: city,
      auth: 'supervision.read',
      tenant: 'bureau',
      query: bureauSupervisionReadsQuery,
      response: supervisionReadsPage,
      handler: async ({ query, ctx, lang }) => {
        const { tenant } = callerOf(ctx);
        const range = readRange(query, tenant.timeZone);
        const r = await bureauReadRows(c, tenant.id, range, query);
        const names = await readResourceNames(c, r.rows as never);
        return {
          items: r.rows.map((row) => readDto(row as never, lang, names)),
          total: r.total,
          page: query.page,
          pageSize: query.pageSize,
          days: r.days.map((d) => dayDto(d as unknown as DayRow)),
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/supervision-reads',
      operationId: 'supervision.zoneReads',
      summary: '上级查看记录: who from a supervising bureau read this zone, with a per-day summary',
      tags: ['园区 Zone'],
      auth: 'supervision.log.read',
      query: zoneSupervisionReadsQuery,
      response: supervisionReadsPage,
      handler: ({ query, ctx, lang }) => {
        const { tenant } = callerOf(ctx);
        return zoneReads(c, tenant.id, tenant.timeZone, query, lang);
      },
    }),
  ];
}
