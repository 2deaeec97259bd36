import { z } from 'zod';
import {
  createInspectionTemplateRequest,
  inspectionTemplate,
  inspectionTemplatePage,
  inspectionTemplatesQuery,
  ref,
  updateInspectionTemplateRequest,
} from '@yuanan/contracts';
import type { Actor } from '../../core/context/request-scope.ts';
import type { Em } from '../../core/db/orm.ts';
import { callerOf } from '../../core/http/client-info.ts';
import { defineRoute, type AnyRoute } from '../../core/http/route.ts';
import type { InspectionTemplate } from './inspection.entity.ts';
import type { TemplateService } from './template.service.ts';

/** Checklist templates (检查表模板): list, read, draft, edit a draft, publish, revise, retire. */
export function templateRoutes(svc: TemplateService): AnyRoute[] {
  const tags = ['检查巡查 Inspections'];
  const params = z.strictObject({ id: ref('inspection_template') });
  /** A route on one version (`:id`, no body) that answers with the version `run` returns. */
  const versionRoute = (
    route: Pick<AnyRoute, 'method' | 'path' | 'operationId' | 'summary' | 'auth' | 'status'>,
    run: (em: Em, actor: Actor, id: string) => Promise<InspectionTemplate>,
  ) =>
    defineRoute({
      ...route,
      tags,
      params,
      response: inspectionTemplate,
      handler: async ({ ctx, params }) => {
        const { em, actor } = callerOf(ctx);
        return svc.dto(em, await run(em, actor, params.id));
      },
    });
  return [
    defineRoute({
      method: 'get',
      path: '/inspection-templates',
      operationId: 'inspectionTemplates.list',
      summary: 'Checklist templates: the latest version of each, or every version (allVersions=true) or one code’s',
      tags,
      auth: 'inspections.read',
      query: inspectionTemplatesQuery,
      response: inspectionTemplatePage,
      handler: ({ ctx, query }) => {
        const { em, tenant } = callerOf(ctx);
        return svc.list(em, query, tenant.id);
      },
    }),
    versionRoute(
      {
        method: 'get',
        path: '/inspection-templates/:id',
        operationId: 'inspectionTemplates.get',
        summary: 'One checklist template version',
        auth: 'inspections.read',
      },
      (em, _actor, id) => svc.get(em, id),
    ),
    defineRoute({
      method: 'post',
      path: '/inspection-templates',
      operationId: 'inspectionTemplates.create',
      summary: 'A new checklist template (a draft, version 1; its code is generated)',
      tags,
      auth: 'inspections.templates.manage',
      body: createInspectionTemplateRequest,
      response: inspectionTemplate,
      idempotent: true,
      handler: async ({ ctx, body }) => {
        const { em, actor } = callerOf(ctx);
        return svc.dto(em, await svc.create(em, actor, body));
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/inspection-templates/:id',
      operationId: 'inspectionTemplates.update',
      summary: 'Edit a draft; a published or retired version is 409 (revise it instead)',
      tags,
      auth: 'inspections.templates.manage',
      params,
      body: updateInspectionTemplateRequest,
      response: inspectionTemplate,
      handler: async ({ ctx, params, body }) => {
        const { em } = callerOf(ctx);
        return svc.dto(em, await svc.update(em, params.id, body));
      },
    }),
    versionRoute(
      {
        method: 'post',
        path: '/inspection-templates/:id/publish',
        operationId: 'inspectionTemplates.publish',
        summary: 'Publish a draft; the previously published version of the same template is retired',
        auth: 'inspections.templates.manage',
        status: 200,
      },
      (em, _actor, id) => svc.publish(em, id),
    ),
    versionRoute(
      {
        method: 'post',
        path: '/inspection-templates/:id/revise',
        operationId: 'inspectionTemplates.revise',
        summary: 'Start the next version (a draft) from a published or retired version',
        auth: 'inspections.templates.manage',
      },
      (em, actor, id) => svc.revise(em, actor, id),
    ),
    versionRoute(
      {
        method: 'post',
        path: '/inspection-templates/:id/retire',
        operationId: 'inspectionTemplates.retire',
        summary: 'Retire a version: plans no longer use it; tasks made from it keep it',
        auth: 'inspections.templates.manage',
        status: 200,
      },
      (em, _actor, id) => svc.retire(em, id),
    ),
  ];
}
