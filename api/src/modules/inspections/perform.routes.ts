import { z } from 'zod';
import {
  can,
  checkInRequest,
  gateQrResponse,
  inspectionTaskDetail,
  isEnterpriseRole,
  ref,
  submitInspectionRequest,
} from '@yuanan/contracts';
import { localDate, type InspectionSection } from '@yuanan/domain';
import type { Container } from '../../core/container.ts';
import { AuditLog } from '../../core/audit/audit.entity.ts';
import { StoredFile } from '../../core/files/file.entity.ts';
import { callerOf } from '../../core/http/client-info.ts';
import { AppError, forbidden, t } from '../../core/http/problem.ts';
import { defineRoute, type AnyRoute } from '../../core/http/route.ts';
import { visibleEnterprise } from '../enterprises/enterprise-scope.ts';
import type { FileService } from '../files/file.service.ts';
import { Hazard } from '../hazards/hazard.entity.ts';
import type { HazardService } from '../hazards/hazard.service.ts';
import { checkIn, lastCheckIn } from './check-in.ts';
import { gateQrPayload, gateQrSvg } from './gate-qr.ts';
import { InspectionTemplate } from './inspection.entity.ts';
import { visibleInspectionTask } from './inspection-scope.ts';
import { submitInspection } from './submission.ts';
import { taskDetail } from './task-list.ts';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_\-:.]{8,100}$/;

/** Zone-local "YYYY-MM-DD HH:mm". */
const localTime = (d: Date | null | undefined, timeZone: string) =>
  d
    ? new Intl.DateTimeFormat('sv-SE', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }).format(d)
    : null;

/** Doing an inspection (H3 of the inspections design): check-in, submission, the record, the gate QR code. */
export function performRoutes(c: Container, s: { hazards: HazardService; files: FileService }): AnyRoute[] {
  const tags = ['检查巡查 Inspections'];
  const id = z.strictObject({ id: ref('inspection_task') });
  return [
    defineRoute({
      method: 'post',
      path: '/inspection-tasks/:id/check-in',
      operationId: 'inspections.checkIn',
      summary:
        'Check in at the enterprise (签到) by GPS or by its gate QR code; outside the geofence it is recorded and flagged, never refused; a forged or foreign QR code is 422',
      tags,
      auth: 'inspections.perform',
      params: id,
      body: checkInRequest,
      response: inspectionTaskDetail,
      status: 200,
      handler: async ({ ctx, params, body }) => {
        const { em, actor, tenant } = callerOf(ctx);
        const task = await checkIn(em, c.config.JWT_SECRET, actor, tenant, params.id, body);
        return taskDetail(em, actor, tenant, task, s.files);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/inspection-tasks/:id/submit',
      operationId: 'inspections.submit',
      summary:
        'Submit the inspection record (answers, photos, signature): one hazard per failed item, the task done. Idempotency-Key required: a retry with the same key answers the first result; another submission is 409',
      tags,
      auth: 'inspections.perform',
      params: id,
      body: submitInspectionRequest,
      response: inspectionTaskDetail,
      status: 200,
      idempotent: 'required',
      bodyLimit: 2_000_000,
      handler: async ({ ctx, params, body }) => {
        const { em, actor, tenant } = callerOf(ctx);
        const keyed = IDEMPOTENCY_KEY.test(ctx.get('idempotency-key'));
        const task = await submitInspection(em, s, actor, tenant, params.id, body, { keyed });
        return taskDetail(em, actor, tenant, task, s.files);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/inspection-tasks/:id/record.docx',
      operationId: 'inspections.record',
      summary: 'The inspection record (检查记录, .docx) of a done task',
      tags,
      auth: 'inspections.read',
      params: id,
      responseType: 'raw',
      handler: async ({ ctx, params }) => {
        const { em, actor, tenant } = callerOf(ctx);
        const task = await visibleInspectionTask(em, actor, tenant, params.id);
        if (task.status !== 'done')
          throw new AppError(409, 'invalid_transition', t('检查尚未提交，还没有检查记录', 'The inspection is not submitted yet'));
        const d = await taskDetail(em, actor, tenant, task, s.files);
        const template = await em.findOneOrFail(InspectionTemplate, { id: task.templateId });
        const by = await em.findOne(
          AuditLog,
          { entityType: 'InspectionTask', entityId: task.id, action: 'inspections.submit' },
          { orderBy: { id: 'desc' }, fields: ['actorName'] },
        );
        const hazards = task.hazardIds.length
          ? await em.find(Hazard, { id: { $in: task.hazardIds } }, { fields: ['id', 'code', 'grade'] })
          : [];
        let signatureImage = null;
        if (task.signature) {
          const f = await em.findOne(StoredFile, { id: task.signature.fileId });
          if (f && (f.mime === 'image/png' || f.mime === 'image/jpeg')) {
            const chunks: Buffer[] = [];
            for await (const chunk of await c.storage.get(f.storageKey)) chunks.push(chunk as Buffer);
            const w = f.width ?? 300;
            const h = f.height ?? 120;
            const scale = Math.min(1, 160 / w, 60 / h);
            signatureImage = {
              type: f.mime === 'image/png' ? ('png' as const) : ('jpg' as const),
              data: Buffer.concat(chunks),
              width: Math.round(w * scale),
              height: Math.round(h * scale),
            };
          }
        }
        const tz = tenant.timeZone;
        const { inspectionRecordDocx } = await import('./inspection-record.ts');
        const doc = await inspectionRecordDocx({
          zoneName: tenant.name,
          enterpriseName: d.enterpriseName,
          enterpriseAddress: d.enterpriseAddress,
          templateName: template.name,
          templateVersion: template.version,
          kind: task.kind,
          // the inspector is who checked in (the latest attempt); older records without it: who submitted
          inspectorName: (task.checkIn ? lastCheckIn(task.checkIn).by?.name : undefined) ?? by?.actorName ?? null,
          dueAt: localTime(task.dueAt, tz)!,
          checkInAt: task.checkIn ? localTime(new Date(task.checkIn.at), tz) : null,
          completedAt: localTime(task.completedAt, tz),
          late: task.late,
          checkIn: task.checkIn ?? null,
          sections: template.sections as InspectionSection[],
          answers: task.answers ?? [],
          hazards: hazards.map((h) => ({ id: h.id, code: h.code, grade: h.grade ?? null })),
          summary: task.summary ?? null,
          signerName: task.signature?.signerName ?? null,
          signatureImage,
        });
        ctx.set('Content-Type', DOCX);
        ctx.set(
          'Content-Disposition',
          `attachment; filename*=UTF-8''${encodeURIComponent(`检查记录-${d.enterpriseName}-${localDate(task.completedAt ?? new Date(), tz)}.docx`)}`,
        );
        ctx.set('Cache-Control', 'no-store');
        ctx.body = doc;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/enterprises/:id/gate-qr',
      operationId: 'inspections.gateQr',
      summary:
        'The enterprise’s gate QR code for QR check-in (payload and SVG), for the safety office and the enterprise itself to print',
      tags,
      auth: 'inspections.read',
      params: z.strictObject({ id: ref('enterprise') }),
      response: gateQrResponse,
      handler: async ({ ctx, params }) => {
        const { em, actor, tenant } = callerOf(ctx);
        const e = await visibleEnterprise(em, actor, params.id);
        // Whoever holds the code can check in without being there: not for the field roles that check in.
        const office = !isEnterpriseRole(actor.role) && can(actor.role, 'inspections.plans.manage');
        const own = isEnterpriseRole(actor.role) && actor.enterpriseId === e.id;
        if (!office && !own)
          throw forbidden(
            t(
              '企业门口二维码只由安监办或企业本身打印',
              'The gate QR code is printed by the safety office or the enterprise itself',
            ),
          );
        const payload = gateQrPayload(c.config.JWT_SECRET, tenant.id, e.id);
        return { payload, svg: await gateQrSvg(payload) };
      },
    }),
  ];
}
