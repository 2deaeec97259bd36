import { workbench, workbenchQuery } from '@yuanan/contracts';
import { callerOf } from '../../core/http/client-info.ts';
import { defineRoute, type AnyRoute } from '../../core/http/route.ts';
import type { WorkbenchRegistry } from './workbench.registry.ts';

/** `GET /workbench`: the caller's cards (by role; tenant- and enterprise-scoped by each card's queries). */
export function workbenchRoutes(registry: WorkbenchRegistry): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/workbench',
      operationId: 'workbench.get',
      summary: "工作台: the work waiting for the caller's role, one card per kind, with the first items and links",
      tags: ['工作台 Workbench'],
      auth: 'self',
      query: workbenchQuery,
      response: workbench,
      handler: async ({ ctx, query, lang }) => {
        const { em, actor, tenant } = callerOf(ctx);
        const now = new Date();
        const cards = await registry.build({ em, actor, tenant, lang, now }, query.limit);
        return { role: actor.role, cards, generatedAt: now.toISOString() };
      },
    }),
  ];
}
