import { z } from 'zod';
import {
  EQUIPMENT_CONDITIONS,
  dispatchProposal,
  dispatchRequest,
  dispatchStatusRequest,
  incidentDetail,
  incidentDispatch,
  incidentPhotosRequest,
  myDispatches,
  ref,
  rollCallRequest,
  standDownRequest,
  type IncidentDetail,
} from '@yuanan/contracts';
import type { Actor } from '../../core/context/request-scope.ts';
import type { Em } from '../../core/db/orm.ts';
import { callerOf } from '../../core/http/client-info.ts';
import { defineRoute, type AnyRoute } from '../../core/http/route.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import { dispatchDtos, type DispatchService } from './dispatch.service.ts';

/** The incident detail the desk's actions answer (A's IncidentService.detail). */
export type DetailOf = (em: Em, actor: Actor, t: TenantInfo, id: string) => Promise<IncidentDetail>;

/**
 * Dispatch routes (调派, issue 12 Build §3): the proposal and the desk's one-action confirmation, the member's
 * acknowledgement, progress and roll-call answer, the desk's stand-down, scene photos, a unit's stand-down from the
 * incident, and the member's own dispatches. Fixed paths (/incidents/my-dispatches, /incidents/dispatches/…) are
 * listed before A's /incidents/:id by the module. Another zone's incident or dispatch: 404.
 */
export function dispatchRoutes(svc: DispatchService, detail: DetailOf): AnyRoute[] {
  const tags = ['应急调派 Incident dispatch'];
  const incidentId = z.strictObject({ id: ref('incident') });
  const dispatchId = z.strictObject({ id: ref('incidentDispatch') });
  const one = async (em: Em, id: string) => (await dispatchDtos(em, [await svc.dispatchRow(em, id)]))[0]!;
  /**
   * A member's or the desk's action on one dispatch (`POST /incidents/dispatches/:id<suffix>`, 200): runs it, then
   * answers the dispatch as it now is.
   */
  const act = <B extends z.ZodType>(
    suffix: string,
    operationId: string,
    auth: 'incidents.respond' | 'incidents.manage',
    body: B,
    run: (c: ReturnType<typeof callerOf>, dispatch: string, b: z.output<B>) => Promise<unknown>,
    summary: string,
  ) =>
    defineRoute({
      method: 'post',
      path: `/incidents/dispatches/:id${suffix}`,
      operationId,
      status: 200,
      summary,
      tags,
      auth,
      params: dispatchId,
      body,
      response: incidentDispatch,
      handler: async ({ ctx, params, body: b }) => {
        const c = callerOf(ctx);
        await run(c, params.id, b as z.output<B>);
        return one(c.em, params.id);
      },
    });
  return [
    defineRoute({
      method: 'get',
      path: '/incidents/my-dispatches',
      operationId: 'incidents.myDispatches',
      summary: "The caller's dispatches: active ones (with their incident) and the last 20 finished",
      tags,
      auth: 'incidents.respond',
      response: myDispatches,
      handler: ({ ctx }) => {
        const { em, actor } = callerOf(ctx);
        return svc.myDispatches(em, actor);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/incidents/dispatches/:id/ack',
      operationId: 'incidents.dispatches.ack',
      status: 200,
      summary:
        'The member acknowledges a dispatch (确认出动); after it escalated the ack is recorded (lateAck): replaced → stays escalated, nobody replaced → acknowledged; closed/cancelled incident → 409',
      tags,
      auth: 'incidents.respond',
      params: dispatchId,
      response: incidentDispatch,
      handler: async ({ ctx, params }) => {
        const { em, actor, tenant } = callerOf(ctx);
        await svc.ack(em, actor, tenant.id, params.id);
        return one(em, params.id);
      },
    }),
    act(
      '/status',
      'incidents.dispatches.status',
      'incidents.respond',
      dispatchStatusRequest,
      (c, i, b) => svc.progress(c.em, c.actor, c.tenant, i, b),
      'The member reports en route / on scene / done (forward only; on scene starts the roll call)',
    ),
    act(
      '/roll-call',
      'incidents.dispatches.rollCall',
      'incidents.respond',
      rollCallRequest,
      (c, i, b) => svc.rollCallAnswer(c.em, c.actor, c.tenant.id, i, b),
      'The member on scene answers the roll call (我平安)',
    ),
    act(
      '/stand-down',
      'incidents.dispatches.standDown',
      'incidents.manage',
      standDownRequest,
      (c, i, b) => svc.standDown(c.em, c.actor, c.tenant.id, i, b.reason),
      'The desk withdraws a dispatch (撤回)',
    ),
    defineRoute({
      method: 'get',
      path: '/incidents/:id/dispatch-proposal',
      operationId: 'incidents.dispatchProposal',
      summary: 'Who can go now (the teams on duty, committed and off-duty people) and which equipment (available, then on loan)',
      tags,
      auth: 'incidents.manage',
      params: incidentId,
      response: dispatchProposal,
      handler: ({ ctx, params }) => {
        const { em, tenant } = callerOf(ctx);
        return svc.proposal(em, tenant, params.id);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/incidents/:id/dispatch',
      operationId: 'incidents.dispatch',
      status: 200,
      summary:
        'The desk confirms a dispatch of people and units in one action; refusals per person (committed, off duty, not a rescuer) as errors[]',
      tags,
      auth: 'incidents.manage',
      idempotent: true,
      params: incidentId,
      body: dispatchRequest,
      response: incidentDetail,
      handler: async ({ ctx, params, body }) => {
        const { em, actor, tenant } = callerOf(ctx);
        await svc.dispatch(em, actor, tenant, params.id, body);
        return detail(em, actor, tenant, params.id);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/incidents/:id/photos',
      operationId: 'incidents.photos',
      status: 200,
      summary: 'Scene photos, by a member dispatched to the incident or the desk',
      tags,
      auth: 'incidents.read',
      params: incidentId,
      body: incidentPhotosRequest,
      response: incidentDetail,
      handler: async ({ ctx, params, body }) => {
        const { em, actor, tenant } = callerOf(ctx);
        await svc.photos(em, actor, tenant.id, params.id, body);
        return detail(em, actor, tenant, params.id);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/incidents/:id/equipment/:unitId/release',
      operationId: 'incidents.equipment.release',
      status: 200,
      summary: 'A unit out on the incident stands down (归队: back to the room, or to maintenance when damaged)',
      tags,
      auth: 'incidents.manage',
      params: z.strictObject({ id: ref('incident'), unitId: ref('equipmentUnit') }),
      body: z
        .strictObject({
          condition: z.enum(EQUIPMENT_CONDITIONS).optional(),
          note: z.string().trim().max(500).optional(),
        })
        .meta({ examples: [{ condition: 'good' }] }),
      response: incidentDetail,
      handler: async ({ ctx, params, body }) => {
        const { em, actor, tenant } = callerOf(ctx);
        await svc.releaseUnit(em, actor, tenant, params.id, params.unitId, body);
        return detail(em, actor, tenant, params.id);
      },
    }),
  ];
}
