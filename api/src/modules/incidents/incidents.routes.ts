import { z } from 'zod';
import {
  applyPlanRequest,
  authorityReportRequest,
  cancelIncidentRequest,
  casualtiesRequest,
  checklistItemRequest,
  closeIncidentRequest,
  createIncidentRequest,
  incidentDetail,
  incidentNoteRequest,
  incidentPage,
  incidentsQuery,
  incidentStats,
  incidentStatsQuery,
  incidentStatusRequest,
  myIncidentsQuery,
  planProposals,
  ref,
  sosRequest,
  sosResponse,
  updateIncidentRequest,
} from '@yuanan/contracts';
import type { Container } from '../../core/container.ts';
import { callerOf } from '../../core/http/client-info.ts';
import { AppError, t as lt } from '../../core/http/problem.ts';
import { defineRoute, type AnyRoute } from '../../core/http/route.ts';
import type { IncidentDetail } from '@yuanan/contracts';
import type { IncidentService } from './incident.service.ts';
import type { ResponsePlanService } from './response-plan.service.ts';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const download = (ctx: { set: (k: string, v: string) => void }, name: string) => {
  ctx.set('content-type', DOCX);
  ctx.set('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`);
  ctx.set('cache-control', 'no-store');
};

/**
 * Incident routes of the core (A): SOS, the desk's intake, list / mine / stats / detail, the life cycle (update,
 * controlled, close, cancel), casualties and grade, the authority report, notes, plan proposals and checklist, and
 * the two documents (快报, after-action report). Fixed paths (/incidents/sos, /mine, /stats) come before
 * /incidents/:id. Every change carries the incident's version (stale → 409) except notes, plan and checklist.
 */
export function incidentRoutes(_c: Container, svc: IncidentService, _plans: ResponsePlanService): AnyRoute[] {
  const tags = ['应急联动 Incidents'];
  const id = z.strictObject({ id: ref('incident') });
  /**
   * A change to one incident (`/incidents/:id<suffix>`): incidents.manage, the body's schema, answers the new
   * detail; a POST answers 200 (not 201: nothing is created).
   */
  const change = <B extends z.ZodType>(
    method: 'post' | 'put' | 'patch',
    suffix: string,
    operationId: string,
    body: B,
    run: (c: ReturnType<typeof callerOf>, incidentId: string, b: z.output<B>) => Promise<IncidentDetail>,
    summary: string,
  ) =>
    defineRoute({
      method,
      path: `/incidents/:id${suffix}`,
      operationId,
      summary,
      tags,
      auth: 'incidents.manage',
      params: id,
      body,
      response: incidentDetail,
      ...(method === 'post' ? { status: 200 } : {}),
      handler: ({ ctx, params, body: b }) => run(callerOf(ctx), params.id, b as z.output<B>),
    });
  return [
    defineRoute({
      method: 'post',
      path: '/incidents/sos',
      operationId: 'incidents.sos',
      summary:
        'One-press SOS (一键求救): 201 a new incident; 200 the same incident for a replayed clientKey, or merged into the caller’s SOS of the last sosMergeSeconds (merged: true)',
      tags,
      auth: 'incidents.sos',
      idempotent: true,
      body: sosRequest,
      response: sosResponse,
      handler: async ({ ctx, body }) => {
        const { em, actor, tenant } = callerOf(ctx);
        const r = await svc.sos(em, actor, tenant, body);
        ctx.status = r.merged || r.replayed ? 200 : 201;
        return { incident: r.incident, merged: r.merged };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/incidents',
      operationId: 'incidents.create',
      summary:
        'The duty desk raises an incident (phone call, desk, or from an IoT alarm: type, enterprise and place from its device)',
      tags,
      auth: 'incidents.manage',
      idempotent: true,
      body: createIncidentRequest,
      response: incidentDetail,
      handler: ({ ctx, body }) => {
        const { em, actor, tenant } = callerOf(ctx);
        return svc.create(em, actor, tenant, body);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/incidents',
      operationId: 'incidents.list',
      summary:
        'Incidents, newest first (filters: status open/closed/cancelled, type, drills, enterprise, period, text; cursor or page)',
      tags,
      auth: 'incidents.read',
      apiKeyScope: 'incidents.read',
      query: incidentsQuery,
      response: incidentPage,
      handler: ({ ctx, query, lang }) => {
        const { em, actor, tenant } = callerOf(ctx);
        return svc.list(em, actor, tenant, query, lang);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/incidents/mine',
      operationId: 'incidents.mine',
      summary: 'The incidents the caller reported, or of the caller’s enterprise',
      tags,
      auth: 'incidents.sos',
      query: myIncidentsQuery,
      response: incidentPage,
      handler: ({ ctx, query, lang }) => {
        const { em, actor, tenant } = callerOf(ctx);
        return svc.mine(em, actor, tenant, query, lang);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/incidents/stats',
      operationId: 'incidents.stats',
      summary:
        'Statistics of a period, real incidents and drills apart: by type, grade, month; casualties; median minutes to dispatch / ack / on scene',
      tags,
      auth: 'incidents.read',
      query: incidentStatsQuery,
      response: incidentStats,
      handler: ({ ctx, query }) => {
        const { em, actor, tenant } = callerOf(ctx);
        return svc.stats(em, actor, tenant, query);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/incidents/:id',
      operationId: 'incidents.get',
      summary:
        'One incident: clock, checklist, dispatches, equipment, warnings, timeline, plan, authority report. The zone’s staff (incidents.read) see any; others only those they reported or of their enterprise (404)',
      tags,
      auth: 'self',
      apiKeyScope: 'incidents.read',
      params: id,
      response: incidentDetail,
      handler: ({ ctx, params }) => {
        const { em, actor, tenant } = callerOf(ctx);
        return svc.detail(em, actor, tenant, params.id);
      },
    }),
    change(
      'patch',
      '',
      'incidents.update',
      updateIncidentRequest,
      (c, i, b) => svc.update(c.em, c.actor, c.tenant, i, b),
      'Edit type, level, enterprise, place, description (version; closed/cancelled → 409)',
    ),
    change(
      'post',
      '/status',
      'incidents.status',
      incidentStatusRequest,
      (c, i, b) => svc.controlled(c.em, c.actor, c.tenant, i, b),
      '已控制 (controlled), from reported or responding',
    ),
    change(
      'post',
      '/close',
      'incidents.close',
      closeIncidentRequest,
      (c, i, b) => svc.close(c.em, c.actor, c.tenant, i, b),
      '结案 with the summary; a drill writes a Drill record into the enterprise’s file',
    ),
    change(
      'post',
      '/cancel',
      'incidents.cancel',
      cancelIncidentRequest,
      (c, i, b) => svc.cancel(c.em, c.actor, c.tenant, i, b),
      '误报/取消 with a reason, from reported or responding',
    ),
    change(
      'put',
      '/casualties',
      'incidents.casualties',
      casualtiesRequest,
      (c, i, b) => svc.casualties(c.em, c.actor, c.tenant, i, b),
      'Casualties and direct loss (万元); the grade (条例 Art. 3) is recomputed; negative/absurd/non-integer → 422',
    ),
    change(
      'post',
      '/authority-report',
      'incidents.authorityReport',
      authorityReportRequest,
      (c, i, b) => svc.authorityReport(c.em, c.actor, c.tenant, i, b),
      'Records the report to the authority (Art. 9) with the Art. 12 snapshot; drills → 422 (演练不上报)',
    ),
    change(
      'post',
      '/notes',
      'incidents.notes',
      incidentNoteRequest,
      (c, i, b) => svc.note(c.em, c.actor, c.tenant, i, b),
      'A note (with optional files) on the timeline',
    ),
    defineRoute({
      method: 'get',
      path: '/incidents/:id/plan-proposals',
      operationId: 'incidents.planProposals',
      summary: 'Active response plans matching the incident’s type and level: the enterprise’s first, then the zone’s',
      tags,
      auth: 'incidents.read',
      params: id,
      response: planProposals,
      handler: ({ ctx, params }) => {
        const { em, actor } = callerOf(ctx);
        return svc.planProposals(em, actor, params.id);
      },
    }),
    change(
      'post',
      '/plan',
      'incidents.applyPlan',
      applyPlanRequest,
      (c, i, b) => svc.applyPlan(c.em, c.actor, c.tenant, i, b.planId),
      'Applies a plan: the checklist is rebuilt from its steps (due = learnedAt + withinMinutes)',
    ),
    defineRoute({
      method: 'post',
      path: '/incidents/:id/checklist/:itemId',
      operationId: 'incidents.checklist',
      summary: 'Ticks or unticks a checklist step',
      tags,
      auth: 'incidents.manage',
      params: z.strictObject({ id: ref('incident'), itemId: ref('incidentChecklistItem') }),
      body: checklistItemRequest,
      response: incidentDetail,
      status: 200,
      handler: ({ ctx, params, body }) => {
        const { em, actor, tenant } = callerOf(ctx);
        return svc.checklist(em, actor, tenant, params.id, params.itemId, body);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/incidents/:id/initial-report.docx',
      operationId: 'incidents.initialReport',
      summary: 'The initial report (事故快报, Art. 12 fields; drills carry a 演练 line), .docx',
      tags,
      auth: 'incidents.read',
      params: id,
      responseType: 'raw',
      handler: async ({ ctx, params }) => {
        const { em, actor, tenant } = callerOf(ctx);
        const d = await svc.detail(em, actor, tenant, params.id);
        // docx loads on first use (memory of the idle api).
        const { initialReport } = await import('./incident-documents.ts');
        const buf = await initialReport({ zoneName: tenant.name, timeZone: tenant.timeZone, incident: d });
        download(ctx, `事故快报-${d.no}.docx`);
        ctx.body = buf;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/incidents/:id/after-action-report.docx',
      operationId: 'incidents.afterActionReport',
      summary:
        'The after-action report (处置总结报告: summary, timeline, dispatch times, equipment, warnings), closed incidents only (else 409), .docx',
      tags,
      auth: 'incidents.read',
      params: id,
      responseType: 'raw',
      handler: async ({ ctx, params }) => {
        const { em, actor, tenant } = callerOf(ctx);
        const d = await svc.detail(em, actor, tenant, params.id);
        if (d.status !== 'closed')
          throw new AppError(
            409,
            'invalid_transition',
            lt('事件结案后才能生成处置总结报告', 'Only a closed incident has an after-action report'),
          );
        const { afterActionReport } = await import('./incident-documents.ts');
        const buf = await afterActionReport({ zoneName: tenant.name, timeZone: tenant.timeZone, incident: d });
        download(ctx, `处置总结报告-${d.no}.docx`);
        ctx.body = buf;
      },
    }),
  ];
}
