import type {
  InspectionTask as TaskDto,
  InspectionTaskDetail,
  InspectionTasksQuery,
  InspectionTemplate as TemplateDto,
} from '@yuanan/contracts';
import { addDays, distanceMetres, endOfLocalDay, isValidLatLng } from '@yuanan/domain';
import type { Actor } from '../../core/context/request-scope.ts';
import { afterCursor, cappedCount, cursorAfter, decodeCursor, selectKeys, type KeyOrder } from '../../core/db/keyset.ts';
import type { Em } from '../../core/db/orm.ts';
import { iso, isoReq } from '../../core/http/serialize.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import { Enterprise } from '../enterprises/enterprise.entity.ts';
import type { FileService } from '../files/file.service.ts';
import { StoredFile } from '../../core/files/file.entity.ts';
import { Hazard } from '../hazards/hazard.entity.ts';
import { User } from '../identity/identity.entity.ts';
import { CatalogItem } from '../tenants/tenant.entity.ts';
import { InspectionAgency, InspectionPlan, InspectionTask, InspectionTemplate } from './inspection.entity.ts';
import { actorAgencyIds, canPerformInspectionTask, inspectionTaskWhere, visibleInspectionTask } from './inspection-scope.ts';

/**
 * 检查任务 lists and detail. Every read goes through `inspectionTaskWhere` (inspection-scope.ts): the scope is the
 * api's, never the UI's. Lists page by keyset on (dueAt, id), newest due first, like the hazard ledger; with the caller's position
 * (`lat`/`lng`) a day's list is ordered by due time, then distance (at most NEAR_LIMIT tasks, paged by offset).
 */

/** Newest due first: page 1 shows current work, not months-old tasks (a day's list by position stays ascending). */
const ORDER: KeyOrder = { field: 'dueAt', dir: 'desc', idDir: 'desc', nullable: false, kind: 'date' };
const SORT = '-dueAt';
/** A list sorted by distance reads at most this many tasks (a person's day, not a ledger). */
const NEAR_LIMIT = 1000;

const startOfLocalDay = (date: string, tz: string) => new Date(endOfLocalDay(addDays(date, -1), tz).getTime() + 1);

/** The filter of a task list query for this caller (scope ∧ filters). */
export async function taskListWhere(
  em: Em,
  actor: Actor,
  tenant: TenantInfo,
  q: Partial<InspectionTasksQuery>,
): Promise<Record<string, unknown>[] | null> {
  const where: Record<string, unknown>[] = [{ tenantId: tenant.id }, await inspectionTaskWhere(em, actor, tenant)];
  if (q.status) {
    const statuses = [...new Set(q.status.split(','))];
    where.push({ status: statuses.length === 1 ? statuses[0] : { $in: statuses } });
  }
  if (q.kind) where.push({ kind: q.kind });
  if (q.planId) where.push({ planId: q.planId });
  if (q.gridId) where.push({ gridId: q.gridId });
  if (q.agencyId) where.push({ agencyId: q.agencyId });
  if (q.enterpriseId) where.push({ enterpriseId: q.enterpriseId });
  if (q.late) where.push({ late: q.late === 'true' });
  if (q.flagged) where.push({ checkIn: { flagged: q.flagged === 'true' } });
  if (q.checkedInFrom) {
    const since = startOfLocalDay(q.checkedInFrom, tenant.timeZone);
    // A task is checked in only before its complete-by (plus the 15-minute sweep), so its dueAt is at most that
    // before the check-in: the bound lets the (tenant, status, dueAt) index narrow the read.
    where.push({ startedAt: { $gte: since }, dueAt: { $gte: new Date(since.getTime() - 3600_000) } });
  }
  if (q.colour) {
    const ids = (await em.find(Enterprise, { riskColour: q.colour }, { fields: ['id'] })).map((e) => e.id);
    if (!ids.length) return null;
    where.push({ enterpriseId: { $in: ids } });
  }
  if (q.mine === 'true') {
    const agencies = actor.role === 'inspector' ? await actorAgencyIds(em, actor) : [];
    where.push({
      $or: [
        { assigneeUserId: actor.userId },
        { assigneeUserId: null, assigneeRole: actor.role },
        ...(agencies.length ? [{ assigneeUserId: null, agencyId: { $in: agencies } }] : []),
      ],
    });
  }
  if (q.from) where.push({ dueAt: { $gte: startOfLocalDay(q.from, tenant.timeZone) } });
  if (q.to) where.push({ dueAt: { $lte: endOfLocalDay(q.to, tenant.timeZone) } });
  return where;
}

export async function listTasks(
  em: Em,
  actor: Actor,
  tenant: TenantInfo,
  q: InspectionTasksQuery,
  lang: 'zh-CN' | 'en' = 'zh-CN',
) {
  const empty = { items: [], total: 0, totalCapped: false, nextCursor: null, page: q.page, pageSize: q.pageSize };
  const where = await taskListWhere(em, actor, tenant, q);
  if (!where) return empty;
  const filtered = { $and: where };
  const here = q.lat !== undefined && q.lng !== undefined ? { lat: q.lat, lng: q.lng } : null;
  if (here) {
    // Ordered by due time, then distance from the caller: the whole (bounded) list is read and ordered here.
    const keys = await selectKeys(em, InspectionTask, filtered, ORDER, NEAR_LIMIT, 0);
    const rows = keys.length ? await em.find(InspectionTask, { id: { $in: keys.map((k) => k.id) } }) : [];
    const items = await taskDtos(em, rows, here);
    items.sort(
      (a, b) =>
        Date.parse(a.dueAt) - Date.parse(b.dueAt) ||
        (a.distanceM ?? Number.POSITIVE_INFINITY) - (b.distanceM ?? Number.POSITIVE_INFINITY) ||
        (a.id < b.id ? -1 : 1),
    );
    const start = (q.page - 1) * q.pageSize;
    return {
      items: items.slice(start, start + q.pageSize),
      total: items.length,
      totalCapped: keys.length >= NEAR_LIMIT,
      nextCursor: null,
      page: q.page,
      pageSize: q.pageSize,
    };
  }
  const paged = q.cursor ? { $and: [...where, afterCursor(ORDER, decodeCursor(q.cursor, SORT, ORDER, lang))] } : filtered;
  const offset = q.cursor ? 0 : (q.page - 1) * q.pageSize;
  const keys = await selectKeys(em, InspectionTask, paged, ORDER, q.pageSize + 1, offset);
  const pageKeys = keys.slice(0, q.pageSize);
  const [loaded, count] = await Promise.all([
    pageKeys.length ? em.find(InspectionTask, { id: { $in: pageKeys.map((k) => k.id) } }) : Promise.resolve([]),
    cappedCount(em, InspectionTask, filtered),
  ]);
  const byId = new Map(loaded.map((t) => [t.id, t]));
  const rows = pageKeys.map((k) => byId.get(k.id)).filter((t): t is InspectionTask => Boolean(t));
  const last = pageKeys.at(-1);
  return {
    items: await taskDtos(em, rows, null),
    total: count.total,
    totalCapped: count.capped,
    nextCursor: keys.length > q.pageSize && last ? cursorAfter(SORT, ORDER, last) : null,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** Task DTOs with the names they show (plan, enterprise, grid, template, assignee, agency) read in a fixed number of queries. */
export async function taskDtos(
  em: Em,
  tasks: InspectionTask[],
  here: { lat: number; lng: number } | null = null,
): Promise<TaskDto[]> {
  if (!tasks.length) return [];
  const uniq = (xs: Array<string | null | undefined>) => [...new Set(xs.filter((x): x is string => Boolean(x)))];
  const planIds = uniq(tasks.map((t) => t.planId));
  const entIds = uniq(tasks.map((t) => t.enterpriseId));
  const gridIds = uniq(tasks.map((t) => t.gridId));
  const templateIds = uniq(tasks.map((t) => t.templateId));
  const userIds = uniq(tasks.map((t) => t.assigneeUserId));
  const agencyIds = uniq(tasks.map((t) => t.agencyId));
  const [plans, ents, grids, templates, users, agencies] = await Promise.all([
    planIds.length ? em.find(InspectionPlan, { id: { $in: planIds } }, { fields: ['id', 'name'] }) : [],
    em.find(Enterprise, { id: { $in: entIds } }, { fields: ['id', 'name', 'riskColour', 'lat', 'lng'] }),
    gridIds.length ? em.find(CatalogItem, { id: { $in: gridIds } }, { fields: ['id', 'name'] }) : [],
    em.find(InspectionTemplate, { id: { $in: templateIds } }, { fields: ['id', 'name'] }),
    userIds.length ? em.find(User, { id: { $in: userIds } }, { fields: ['id', 'name'] }) : [],
    agencyIds.length ? em.find(InspectionAgency, { id: { $in: agencyIds } }, { fields: ['id', 'name'] }) : [],
  ]);
  const planName = new Map(plans.map((p) => [p.id, p.name]));
  const ent = new Map(ents.map((e) => [e.id, e]));
  const gridName = new Map(grids.map((g) => [g.id, g.name]));
  const templateName = new Map(templates.map((x) => [x.id, x.name]));
  const userName = new Map(users.map((u) => [u.id, u.name]));
  const agencyName = new Map(agencies.map((a) => [a.id, a.name]));
  return tasks.map((t) => {
    const e = ent.get(t.enterpriseId);
    const lat = e?.lat ?? null;
    const lng = e?.lng ?? null;
    const at = lat !== null && lng !== null ? { lat, lng } : null;
    return {
      id: t.id,
      planId: t.planId ?? null,
      planName: t.planId ? (planName.get(t.planId) ?? null) : null,
      enterpriseId: t.enterpriseId,
      enterpriseName: e?.name ?? '',
      enterpriseColour: e?.riskColour ?? null,
      gridId: t.gridId ?? null,
      gridName: t.gridId ? (gridName.get(t.gridId) ?? null) : null,
      templateId: t.templateId,
      templateName: templateName.get(t.templateId) ?? '',
      kind: t.kind,
      assigneeUserId: t.assigneeUserId ?? null,
      assigneeUserName: t.assigneeUserId ? (userName.get(t.assigneeUserId) ?? null) : null,
      assigneeRole: t.assigneeRole ?? null,
      agencyId: t.agencyId ?? null,
      agencyName: t.agencyId ? (agencyName.get(t.agencyId) ?? null) : null,
      periodKey: t.periodKey,
      startAt: isoReq(t.startAt),
      dueAt: isoReq(t.dueAt),
      status: t.status,
      late: t.late,
      startedAt: iso(t.startedAt),
      completedAt: iso(t.completedAt),
      checkIn: t.checkIn ?? null,
      summary: t.summary ?? null,
      hazardIds: t.hazardIds ?? [],
      recheckOfHazardId: t.recheckOfHazardId ?? null,
      lat,
      lng,
      ...(here ? { distanceM: at && isValidLatLng(here) ? Math.round(distanceMetres(here, at)) : null } : {}),
      version: t.version,
      createdAt: isoReq(t.createdAt),
      updatedAt: isoReq(t.updatedAt),
    };
  });
}

/** A template version as the api shows it. */
export function templateDto(x: InspectionTemplate, createdByName: string | null = null): TemplateDto {
  const sections = (x.sections ?? []) as TemplateDto['sections'];
  return {
    id: x.id,
    code: x.code,
    version: x.version,
    status: x.status,
    name: x.name,
    description: x.description ?? null,
    industries: x.industries ?? [],
    tags: x.tags ?? [],
    sections,
    itemCount: sections.reduce((n, s) => n + s.items.length, 0),
    needsExpertReview: x.needsExpertReview,
    publishedAt: iso(x.publishedAt),
    createdBy: x.createdBy ?? null,
    createdByName,
    createdAt: isoReq(x.createdAt),
    updatedAt: isoReq(x.updatedAt),
  };
}

/**
 * One task as its page shows it: the template version it uses, the enterprise's place and geofence, the check-in,
 * answers (photo URLs signed), signature, the hazards raised, and whether the caller may perform it now.
 */
export async function taskDetail(
  em: Em,
  actor: Actor,
  tenant: TenantInfo,
  task: InspectionTask,
  files: FileService | null = null,
): Promise<InspectionTaskDetail> {
  const [dto] = await taskDtos(em, [task]);
  const [template, e, hazards, agencies] = await Promise.all([
    em.findOneOrFail(InspectionTemplate, { id: task.templateId }),
    em.findOne(Enterprise, { id: task.enterpriseId }, { fields: ['id', 'address', 'geofence'] }),
    task.hazardIds?.length
      ? em.find(
          Hazard,
          { id: { $in: task.hazardIds } },
          { fields: ['id', 'code', 'status', 'grade', 'description'], orderBy: { code: 'asc' } },
        )
      : Promise.resolve([]),
    actor.role === 'inspector' ? actorAgencyIds(em, actor) : Promise.resolve([] as string[]),
  ]);
  const author = template.createdBy ? await em.findOne(User, { id: template.createdBy }, { fields: ['name'] }) : null;
  const itemOf = new Map((task.answers ?? []).flatMap((a) => (a.hazardId ? [[a.hazardId, a.itemKey] as const] : [])));
  const fileIds = [
    ...(task.answers ?? []).flatMap((a) => (a.photos ?? []).map((p) => p.fileId)),
    ...(task.signature ? [task.signature.fileId] : []),
  ];
  const stored =
    files && fileIds.length ? await em.find(StoredFile, { id: { $in: fileIds } }, { fields: ['id', 'tenantId'] }) : [];
  const urlOf = new Map(stored.map((f) => [f.id, files!.signedUrl(f)]));
  const withUrl = <T extends { fileId: string }>(p: T) => (urlOf.has(p.fileId) ? { ...p, url: urlOf.get(p.fileId)! } : p);
  return {
    ...dto!,
    template: templateDto(template, author?.name ?? null),
    enterpriseAddress: e?.address ?? null,
    geofence: (e?.geofence as InspectionTaskDetail['geofence']) ?? null,
    geofenceRadiusM: tenant.settings.inspectionGeofenceRadiusM ?? 300,
    answers: task.answers ? task.answers.map((a) => ({ ...a, photos: (a.photos ?? []).map(withUrl) })) : null,
    signature: task.signature ? withUrl(task.signature) : null,
    hazards: hazards.map((h) => ({
      id: h.id,
      code: h.code,
      status: h.status,
      grade: h.grade ?? null,
      description: h.description,
      itemKey: itemOf.get(h.id) ?? null,
    })),
    canPerform: (task.status === 'open' || task.status === 'in_progress') && canPerformInspectionTask(actor, task, agencies),
  };
}

/** GET /inspection-tasks/:id for this caller: 404 outside their scope (another zone, enterprise, grid or contract). */
export async function visibleTaskDetail(
  em: Em,
  actor: Actor,
  tenant: TenantInfo,
  id: string,
  files: FileService | null = null,
): Promise<InspectionTaskDetail> {
  return taskDetail(em, actor, tenant, await visibleInspectionTask(em, actor, tenant, id), files);
}
