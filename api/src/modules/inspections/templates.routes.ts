import { z } from 'zod';
import {
  createInspectionTemplateRequest,
  inspectionTemplate,
  inspectionTemplatePage,
  inspectionTemplatesQuery,
  ref,
  updateInspectionTemplateRequest,
} from '@yuanan/contracts';
import { callerOf } from '../../core/http/client-info.ts';
import { defineRoute, type AnyRoute } from '../../core/http/route.ts';
import type { TemplateService } from './template.service.ts';

/** Checklist templates (检查表模板): list, read, draft, edit a draft, publish, revise, retire. */
export function templateRoutes(svc: TemplateService): AnyRoute[] {
  const tags = ['检查巡查 Inspections'];
  const params = z.strictObject({ id: ref('inspection_template') });
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
    defineRoute({
      method: 'get',
      path: '/inspection-templates/:id',
      operationId: 'inspectionTemplates.get',
      summary: 'One checklist template version',
      tags,
      auth: 'inspections.read',
      params,
      response: inspectionTemplate,
      handler: async ({ ctx, params }) => {
        const { em } = callerOf(ctx);
        return svc.dto(em, await svc.get(em, params.id));
      },
    }),
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
    defineRoute({
      method: 'post',
      path: '/inspection-templates/:id/publish',
      operationId: 'inspectionTemplates.publish',
      summary: 'Publish a draft; the previously published version of the same template is retired',
      tags,
      auth: 'inspections.templates.manage',
      params,
      response: inspectionTemplate,
      status: 200,
      handler: async ({ ctx, params }) => {
        const { em } = callerOf(ctx);
        return svc.dto(em, await svc.publish(em, params.id));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/inspection-templates/:id/revise',
      operationId: 'inspectionTemplates.revise',
      summary: 'Start the next version (a draft) from a published or retired version',
      tags,
      auth: 'inspections.templates.manage',
      params,
      response: inspectionTemplate,
      handler: async ({ ctx, params }) => {
        const { em, actor } = callerOf(ctx);
        return svc.dto(em, await svc.revise(em, actor, params.id));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/inspection-templates/:id/retire',
      operationId: 'inspectionTemplates.retire',
      summary: 'Retire a version: plans no longer use it; tasks made from it keep it',
      tags,
      auth: 'inspections.templates.manage',
      params,
      response: inspectionTemplate,
      status: 200,
      handler: async ({ ctx, params }) => {
        const { em } = callerOf(ctx);
        return svc.dto(em, await svc.retire(em, params.id));
      },
    }),
  ];
}
