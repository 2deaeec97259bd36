import { z } from 'zod';
import {
  createSensitiveTargetRequest,
  ref,
  sensitiveTarget,
  sensitiveTargetPage,
  sensitiveTargetsQuery,
  updateSensitiveTargetRequest,
} from '@yuanan/contracts';
import { callerOf } from '../../core/http/client-info.ts';
import { defineRoute, type AnyRoute } from '../../core/http/route.ts';
import { targetDto, type SensitiveTargetService } from './sensitive-target.service.ts';

/**
 * Sensitive targets (敏感目标): the zone's list of schools, hospitals, residential areas … a downwind warning must reach.
 * Everyone who reads incidents sees the list (the contacts are what a warning needs); the safety office keeps it.
 */
export function sensitiveTargetRoutes(svc: SensitiveTargetService): AnyRoute[] {
  const tags = ['敏感目标 Sensitive targets'];
  const id = z.strictObject({ id: ref('sensitiveTarget') });
  return [
    defineRoute({
      method: 'get',
      path: '/sensitive-targets',
      operationId: 'sensitiveTargets.list',
      summary: 'Sensitive targets by name (filters: kind, active, q); cursor or page',
      tags,
      auth: 'incidents.read',
      query: sensitiveTargetsQuery,
      response: sensitiveTargetPage,
      handler: ({ ctx, query, lang }) => {
        const { em } = callerOf(ctx);
        return svc.list(em, query, lang);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/sensitive-targets',
      operationId: 'sensitiveTargets.create',
      status: 201,
      summary: 'Adds a sensitive target (position within 30 km of the zone, population, contact)',
      tags,
      auth: 'incidents.plans.manage',
      idempotent: true,
      body: createSensitiveTargetRequest,
      response: sensitiveTarget,
      handler: async ({ ctx, body }) => {
        const { em, tenant } = callerOf(ctx);
        return targetDto(await svc.create(em, tenant, body));
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/sensitive-targets/:id',
      operationId: 'sensitiveTargets.update',
      summary: 'Edits a sensitive target on the version the caller saw',
      tags,
      auth: 'incidents.plans.manage',
      params: id,
      body: updateSensitiveTargetRequest,
      response: sensitiveTarget,
      handler: async ({ ctx, params, body }) => {
        const { em, tenant } = callerOf(ctx);
        return targetDto(await svc.update(em, tenant, params.id, body));
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/sensitive-targets/:id',
      operationId: 'sensitiveTargets.archive',
      summary: 'Archives a sensitive target (warnings keep their record)',
      tags,
      auth: 'incidents.plans.manage',
      params: id,
      response: sensitiveTarget,
      handler: async ({ ctx, params }) => {
        const { em } = callerOf(ctx);
        return targetDto(await svc.archive(em, params.id));
      },
    }),
  ];
}
