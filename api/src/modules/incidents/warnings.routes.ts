import { z } from 'zod';
import {
  downwindQuery,
  downwindResponse,
  incidentWarning,
  myWarnings,
  ref,
  sendWarningsRequest,
  sendWarningsResponse,
} from '@yuanan/contracts';
import { callerOf } from '../../core/http/client-info.ts';
import { defineRoute, type AnyRoute } from '../../core/http/route.ts';
import type { WarningService } from './warning.service.ts';

/**
 * Downwind warning routes (下风向预警, issue 12 Build §4): the sector and what lies in it, sending the warnings (a
 * drill's are simulated: nothing sent), and the enterprise's own warnings and their acknowledgement. Fixed paths
 * (/incidents/warnings/…) are listed before A's /incidents/:id by the module.
 */
export function warningRoutes(svc: WarningService): AnyRoute[] {
  const tags = ['下风向预警 Downwind warnings'];
  const incidentId = z.strictObject({ id: ref('incident') });
  return [
    defineRoute({
      method: 'get',
      path: '/incidents/warnings/mine',
      operationId: 'incidents.warnings.mine',
      summary: "The caller's enterprise's downwind warnings, newest first, with their incidents",
      tags,
      auth: 'incidents.warnings.ack',
      response: myWarnings,
      handler: ({ ctx }) => {
        const { em, actor } = callerOf(ctx);
        return svc.mine(em, actor);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/incidents/warnings/:id/ack',
      operationId: 'incidents.warnings.ack',
      status: 200,
      summary: 'The enterprise acknowledges a downwind warning (确认收到)',
      tags,
      auth: 'incidents.warnings.ack',
      params: z.strictObject({ id: ref('incidentWarning') }),
      response: incidentWarning,
      handler: ({ ctx, params }) => {
        const { em, actor, tenant } = callerOf(ctx);
        return svc.ack(em, actor, tenant.id, params.id);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/incidents/:id/downwind',
      operationId: 'incidents.downwind',
      summary:
        "The downwind sector from the tower's latest wind (or windFromDeg + windSpeed given), and the enterprises and sensitive targets inside",
      tags,
      auth: 'incidents.manage',
      params: incidentId,
      query: downwindQuery,
      response: downwindResponse,
      handler: ({ ctx, params, query }) => {
        const { em, tenant } = callerOf(ctx);
        return svc.downwind(em, tenant, params.id, query);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/incidents/:id/warnings',
      operationId: 'incidents.warnings.send',
      status: 200,
      summary:
        'Warns the enterprises and sensitive targets given (omitted: all inside the sector); warning again updates; drills send nothing',
      tags,
      auth: 'incidents.manage',
      idempotent: true,
      params: incidentId,
      body: sendWarningsRequest,
      response: sendWarningsResponse,
      handler: ({ ctx, params, body }) => {
        const { em, actor, tenant } = callerOf(ctx);
        return svc.send(em, actor, tenant, params.id, body);
      },
    }),
  ];
}
