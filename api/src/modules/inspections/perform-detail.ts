import type { InspectionTask as InspectionTaskDto, InspectionTaskDetail } from '@yuanan/contracts';
import type { Actor } from '../../core/context/request-scope.ts';
import type { Em } from '../../core/db/orm.ts';
import { StoredFile } from '../../core/files/file.entity.ts';
import { iso, isoReq } from '../../core/http/serialize.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import { Enterprise } from '../enterprises/enterprise.entity.ts';
import type { FileService } from '../files/file.service.ts';
import { Hazard } from '../hazards/hazard.entity.ts';
import { User } from '../identity/identity.entity.ts';
import { CatalogItem } from '../tenants/tenant.entity.ts';
import { InspectionAgency, InspectionPlan, type InspectionTask, InspectionTemplate } from './inspection.entity.ts';
import { canPerformInspectionTask, inspectorCoverage } from './inspection-scope.ts';

/**
 * A task as the check-in and submit routes answer it: the detail of GET /inspection-tasks/:id
 * (`inspectionTaskDetail`), so the mini-program replaces its copy with the answer. Built here for one task; the
 * task list's builder serves lists.
 */
export async function performDetail(
  em: Em,
  files: FileService,
  actor: Actor,
  tenant: TenantInfo,
  task: InspectionTask,
): Promise<InspectionTaskDetail> {
  const [e, template, plan, assignee, agency] = await Promise.all([
    em.findOneOrFail(Enterprise, { id: task.enterpriseId }),
    em.findOneOrFail(InspectionTemplate, { id: task.templateId }),
    task.planId ? em.findOne(InspectionPlan, { id: task.planId }, { fields: ['name'] }) : null,
    task.assigneeUserId ? em.findOne(User, { id: task.assigneeUserId }, { fields: ['name'] }) : null,
    task.agencyId ? em.findOne(InspectionAgency, { id: task.agencyId }, { fields: ['name'] }) : null,
  ]);
  const grid = task.gridId ? await em.findOne(CatalogItem, { id: task.gridId }, { fields: ['name'] }) : null;
  const author = template.createdBy ? await em.findOne(User, { id: template.createdBy }, { fields: ['name'] }) : null;
  const hazards = task.hazardIds.length ? await em.find(Hazard, { id: { $in: task.hazardIds } }) : [];
  const fileIds = [
    ...(task.answers ?? []).flatMap((a) => a.photos.map((p) => p.fileId)),
    ...(task.signature ? [task.signature.fileId] : []),
  ];
  const stored = new Map(
    (fileIds.length ? await em.find(StoredFile, { id: { $in: [...new Set(fileIds)] } }) : []).map((f) => [f.id, f]),
  );
  const url = (id: string) => (stored.has(id) ? files.signedUrl(stored.get(id)!) : undefined);
  const agencyIds = actor.role === 'inspector' ? (await inspectorCoverage(em, actor, tenant)).agencyIds : [];
  const base: InspectionTaskDto = {
    id: task.id,
    planId: task.planId ?? null,
    planName: plan?.name ?? null,
    enterpriseId: e.id,
    enterpriseName: e.name,
    enterpriseColour: e.riskColour ?? null,
    gridId: task.gridId ?? null,
    gridName: grid?.name ?? null,
    templateId: template.id,
    templateName: template.name,
    kind: task.kind,
    assigneeUserId: task.assigneeUserId ?? null,
    assigneeUserName: assignee?.name ?? null,
    assigneeRole: task.assigneeRole ?? null,
    agencyId: task.agencyId ?? null,
    agencyName: agency?.name ?? null,
    periodKey: task.periodKey,
    startAt: isoReq(task.startAt),
    dueAt: isoReq(task.dueAt),
    status: task.status,
    late: task.late,
    startedAt: iso(task.startedAt),
    completedAt: iso(task.completedAt),
    checkIn: task.checkIn ?? null,
    summary: task.summary ?? null,
    hazardIds: task.hazardIds,
    recheckOfHazardId: task.recheckOfHazardId ?? null,
    lat: e.lat ?? null,
    lng: e.lng ?? null,
    version: task.version,
    createdAt: isoReq(task.createdAt),
    updatedAt: isoReq(task.updatedAt),
  };
  return {
    ...base,
    template: {
      id: template.id,
      code: template.code,
      version: template.version,
      status: template.status,
      name: template.name,
      description: template.description ?? null,
      industries: template.industries,
      tags: template.tags,
      sections: template.sections,
      itemCount: template.sections.reduce((n, s) => n + s.items.length, 0),
      needsExpertReview: template.needsExpertReview,
      publishedAt: iso(template.publishedAt),
      createdBy: template.createdBy ?? null,
      createdByName: author?.name ?? null,
      createdAt: isoReq(template.createdAt),
      updatedAt: isoReq(template.updatedAt),
    },
    enterpriseAddress: e.address ?? null,
    geofence: e.geofence ?? null,
    geofenceRadiusM: tenant.settings.inspectionGeofenceRadiusM,
    answers: task.answers
      ? task.answers.map((a) => ({ ...a, photos: a.photos.map((p) => ({ ...p, url: url(p.fileId) })) }))
      : null,
    signature: task.signature ? { ...task.signature, url: url(task.signature.fileId) } : null,
    hazards: hazards.map((h) => ({
      id: h.id,
      code: h.code,
      status: h.status,
      grade: h.grade ?? null,
      description: h.description,
      itemKey: task.answers?.find((a) => a.hazardId === h.id)?.itemKey ?? null,
    })),
    canPerform: (task.status === 'open' || task.status === 'in_progress') && canPerformInspectionTask(actor, task, agencyIds),
  };
}
