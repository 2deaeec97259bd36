import { OptimisticLockError } from '@mikro-orm/core';
import {
  availableActions,
  can,
  canTransition,
  HAZARD_TRANSITIONS,
  isEnterpriseRole,
  type Hazard as HazardDto,
  type HazardAction,
  type HazardsQuery,
} from '@yuanan/contracts';
import { addDays, CURRENT_CHECKLIST, endOfLocalDay, localDate } from '@yuanan/domain';
import type { Actor } from '../../core/context/request-scope.ts';
import type { Em } from '../../core/db/orm.ts';
import { uuidv7 } from '../../core/db/ids.ts';
import { StoredFile } from '../../core/files/file.entity.ts';
import { AppError, forbidden, notFound } from '../../core/http/problem.ts';
import { iso, isoReq } from '../../core/http/serialize.ts';
import { emitEvent } from '../../core/queue/outbox.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import { Enterprise } from '../enterprises/enterprise.entity.ts';
import { visibleEnterprise } from '../enterprises/enterprise-scope.ts';
import { INPUTS_CHANGED } from '../enterprises/enterprise.service.ts';
import type { FileService } from '../files/file.service.ts';
import { User } from '../identity/identity.entity.ts';
import { CatalogItem } from '../tenants/tenant.entity.ts';
import { Hazard, HazardEvent, HazardExtension } from './hazard.entity.ts';
import { hazardWhere, visibleHazard } from './hazard-scope.ts';

/** Outbox events of the closed loop (escalation scheduling and notifications subscribe to them). */
export const HAZARD_CHANGED = 'hazard.changed';

const OPEN = ['confirmed', 'rectifying'] as const;
const fieldError = (path: string, message: string) =>
  new AppError(400, 'validation_failed', message, { errors: [{ path, code: 'required', message }] });

type TransitionBody = {
  action: HazardAction;
  version: number;
  comment?: string;
  photoIds?: string[];
  location?: { lat: number; lng: number };
  grade?: 'general' | 'major';
  treatment?: 'immediate' | 'deadline';
  categoryCode?: string;
  deadline?: string;
  responsibleName?: string;
  responsibleUserId?: string;
  majorChecklistItems?: string[];
  legalBasis?: string;
  measures?: string;
  cost?: number;
  reason?: string;
};

export class HazardService {
  readonly #files: FileService;
  constructor(files: FileService) {
    this.#files = files;
  }

  async #code(em: Em, tenant: TenantInfo): Promise<string> {
    const day = localDate(new Date(), tenant.timeZone).replace(/-/g, '');
    const now = new Date();
    // One round trip, race-free: the counter row is bumped and its new value returned as the insert id.
    const r = (await em.getConnection().execute(
      `INSERT INTO hazard_counters (id, tenant_id, day, value, created_at, updated_at) VALUES (?, ?, ?, LAST_INSERT_ID(1), ?, ?)
         ON DUPLICATE KEY UPDATE value = LAST_INSERT_ID(value + 1), updated_at = ?`,
      [uuidv7(), tenant.id, day, now, now, now],
      'run',
      em.getTransactionContext(),
    )) as { insertId: number };
    return `YH-${day}-${String(r.insertId).padStart(4, '0')}`;
  }

  #checklist(items: string[] | undefined): string[] {
    const codes = [...new Set(items ?? [])];
    const unknown = codes.filter((c) => !CURRENT_CHECKLIST.items.some((i) => i.code === c));
    if (unknown.length) throw fieldError('majorChecklistItems', `判定标准中没有条款：${unknown.join('、')}`);
    return codes;
  }

  async #category(em: Em, code: string): Promise<CatalogItem> {
    const cat = await em.findOne(CatalogItem, { kind: 'hazard_category', code, enabled: true });
    if (!cat) throw fieldError('categoryCode', '本园区没有该隐患类别');
    return cat;
  }

  async dtos(em: Em, actor: Actor, tenant: TenantInfo, rows: Hazard[]): Promise<HazardDto[]> {
    if (!rows.length) return [];
    const ents = await em.find(
      Enterprise,
      { id: { $in: [...new Set(rows.map((r) => r.enterpriseId))] } },
      { fields: ['id', 'name'] },
    );
    const cats = await em.find(CatalogItem, { kind: 'hazard_category' }, { fields: ['code', 'name'] });
    const pending = await em.find(HazardExtension, { hazardId: { $in: rows.map((r) => r.id) }, status: 'pending' });
    const fileIds = [...new Set(rows.flatMap((r) => [...r.photoIds, ...r.afterPhotoIds]))];
    const files = new Map((fileIds.length ? await em.find(StoredFile, { id: { $in: fileIds } }) : []).map((f) => [f.id, f]));
    const photo = (id: string) => ({ id, url: files.has(id) ? this.#files.signedUrl(files.get(id)!) : '' });
    const now = new Date();
    const tz = tenant.timeZone;
    const acceptanceMs = tenant.settings.majorHazardAcceptanceDays * 86400_000;
    return rows.map((h) => {
      const ext = pending.find((p) => p.hazardId === h.id);
      return {
        id: h.id,
        code: h.code,
        enterpriseId: h.enterpriseId,
        enterpriseName: ents.find((e) => e.id === h.enterpriseId)?.name ?? '',
        source: h.source as HazardDto['source'],
        categoryCode: h.categoryCode,
        categoryName: cats.find((c) => c.code === h.categoryCode)?.name ?? null,
        grade: h.grade ?? null,
        treatment: h.treatment ?? null,
        status: h.status,
        description: h.description,
        place: h.place ?? null,
        lat: h.lat ?? null,
        lng: h.lng ?? null,
        photos: h.photoIds.map(photo),
        afterPhotos: h.afterPhotoIds.map(photo),
        responsibleName: h.responsibleName ?? null,
        responsibleUserId: h.responsibleUserId ?? null,
        deadline: iso(h.deadline),
        deadlineDate: h.deadline ? localDate(h.deadline, tz) : null,
        overdue: Boolean(h.deadline && h.deadline < now && (OPEN as readonly string[]).includes(h.status)),
        measures: h.measures ?? null,
        cost: h.cost == null ? null : Number(h.cost),
        legalBasis: h.legalBasis ?? null,
        majorChecklistItems: h.majorChecklistItems ?? [],
        reportedByName: h.reportedByName ?? null,
        reportedAt: isoReq(h.reportedAt),
        closedAt: iso(h.closedAt),
        dismissReason: h.dismissReason ?? null,
        governancePlan: (h.governancePlan as HazardDto['governancePlan']) ?? null,
        supervision: h.supervisionListedAt
          ? {
              listedAt: isoReq(h.supervisionListedAt),
              listedByName: h.supervisionListedBy ?? null,
              ledgerNo: h.supervisionLedgerNo ?? '',
              cancelledAt: iso(h.supervisionCancelledAt),
            }
          : null,
        reportedToAuthorityAt: iso(h.reportedToAuthorityAt),
        acceptanceRequestedAt: iso(h.acceptanceRequestedAt),
        acceptanceDueAt: h.acceptanceRequestedAt
          ? new Date(h.acceptanceRequestedAt.getTime() + acceptanceMs).toISOString()
          : null,
        acceptedAt: iso(h.acceptedAt),
        pendingExtension: ext ? { id: ext.id, requestedDeadline: ext.requestedDeadline, reason: ext.reason } : null,
        availableActions: availableActions(
          { status: h.status, enterpriseId: h.enterpriseId, grade: h.grade ?? null },
          { role: actor.actingAs ? 'platform_admin' : actor.role, enterpriseId: actor.enterpriseId },
        ),
        version: h.version,
        updatedAt: isoReq(h.updatedAt),
      };
    });
  }
  async detail(em: Em, actor: Actor, tenant: TenantInfo, id: string) {
    const h = await visibleHazard(em, actor, id);
    const events = await em.find(HazardEvent, { hazardId: h.id }, { orderBy: { at: 'asc', id: 'asc' } });
    const fileIds = [...new Set(events.flatMap((e) => e.photoIds))];
    const files = new Map((fileIds.length ? await em.find(StoredFile, { id: { $in: fileIds } }) : []).map((f) => [f.id, f]));
    const [dto] = await this.dtos(em, actor, tenant, [h]);
    return {
      ...dto!,
      events: events.map((e) => ({
        id: e.id,
        action: e.action,
        fromStatus: e.fromStatus ?? null,
        toStatus: e.toStatus ?? null,
        actorName: e.actorName ?? null,
        role: e.role ?? null,
        comment: e.comment ?? null,
        photos: e.photoIds.map((p) => ({ id: p, url: files.has(p) ? this.#files.signedUrl(files.get(p)!) : '' })),
        lat: e.lat ?? null,
        lng: e.lng ?? null,
        at: isoReq(e.at),
      })),
    };
  }

  async list(em: Em, actor: Actor, tenant: TenantInfo, q: HazardsQuery) {
    const where: Record<string, unknown>[] = [await hazardWhere(em, actor)];
    if (q.status) where.push({ status: { $in: q.status.split(',') } });
    if (q.grade) where.push({ grade: q.grade });
    if (q.categoryCode) where.push({ categoryCode: q.categoryCode });
    if (q.source) where.push({ source: q.source });
    if (q.enterpriseId) where.push({ enterpriseId: q.enterpriseId });
    if (q.gridId) where.push({ gridId: q.gridId });
    if (q.overdue === 'true') where.push({ status: { $in: [...OPEN] }, deadline: { $lt: new Date() } });
    if (q.mine === 'true') where.push({ $or: [{ reportedBy: actor.userId }, { responsibleUserId: actor.userId }] });
    if (q.q) where.push({ $or: [{ code: { $like: `%${q.q}%` } }, { description: { $like: `%${q.q}%` } }] });
    if (q.from) where.push({ reportedAt: { $gte: endOfLocalDay(addDays(q.from, -1), tenant.timeZone) } });
    if (q.to) where.push({ reportedAt: { $lte: endOfLocalDay(q.to, tenant.timeZone) } });
    const sort = q.sort ?? '-reportedAt';
    const orderBy = { [sort.replace(/^-/, '')]: sort.startsWith('-') ? 'desc' : 'asc', id: 'desc' } as Record<
      string,
      'asc' | 'desc'
    >;
    const [rows, total] = await em.findAndCount(
      Hazard,
      { $and: where },
      { orderBy, limit: q.pageSize, offset: (q.page - 1) * q.pageSize },
    );
    return { items: await this.dtos(em, actor, tenant, rows), total, page: q.page, pageSize: q.pageSize };
  }

  #event(
    em: Em,
    h: Hazard,
    actor: Actor | null,
    action: string,
    from: string | null,
    extra: { comment?: string | null; photoIds?: string[]; location?: { lat: number; lng: number } } = {},
  ) {
    em.create(HazardEvent, {
      hazardId: h.id,
      action,
      fromStatus: from,
      toStatus: h.status,
      actorId: actor ? (actor.actingAs?.platformUserId ?? actor.userId) : null,
      actorName: actor ? (actor.actingAs ? `${actor.actingAs.platformUserName}（代行）` : actor.name) : '系统',
      role: actor?.role ?? null,
      comment: extra.comment ?? null,
      photoIds: extra.photoIds ?? [],
      lat: extra.location?.lat ?? null,
      lng: extra.location?.lng ?? null,
      at: new Date(),
    });
  }

  /**
   * Anyone in the zone who may report files a hazard against a visible enterprise (enterprise staff: their own).
   * A hazard fixed on the spot by a zone inspector closes at once; by the enterprise itself it goes for review.
   */
  async create(
    em: Em,
    actor: Actor,
    tenant: TenantInfo,
    input: {
      enterpriseId: string;
      source: string;
      categoryCode: string;
      description: string;
      place?: string;
      location?: { lat: number; lng: number };
      photoIds: string[];
      treatment?: 'immediate' | 'deadline';
      majorChecklistItems?: string[];
      legalBasis?: string;
      fixedOnSpot?: { photoIds: string[]; measures: string };
    },
  ): Promise<Hazard> {
    const e = await visibleEnterprise(em, actor, input.enterpriseId);
    if (isEnterpriseRole(actor.role) && actor.enterpriseId !== e.id) throw forbidden();
    if (isEnterpriseRole(actor.role) && input.source !== 'self_check')
      throw fieldError('source', '企业上报的隐患来源为“企业自查”');
    await this.#category(em, input.categoryCode);
    await this.#files.assertUsable(em, actor, [...input.photoIds, ...(input.fixedOnSpot?.photoIds ?? [])]);
    const checklist = this.#checklist(input.majorChecklistItems);
    const h = em.create(Hazard, {
      code: await this.#code(em, tenant),
      enterpriseId: e.id,
      gridId: e.gridId ?? null,
      source: input.source,
      categoryCode: input.categoryCode,
      grade: checklist.length ? 'major' : null,
      treatment: input.fixedOnSpot ? 'immediate' : (input.treatment ?? null),
      status: 'reported',
      description: input.description,
      place: input.place ?? null,
      lat: input.location?.lat ?? null,
      lng: input.location?.lng ?? null,
      photoIds: input.photoIds,
      afterPhotoIds: [],
      responsibleName: null,
      responsibleUserId: null,
      deadline: null,
      measures: null,
      cost: null,
      legalBasis: input.legalBasis ?? null,
      majorChecklistItems: checklist,
      reportedBy: actor.actingAs?.platformUserId ?? actor.userId,
      reportedByName: actor.name,
      reportedAt: new Date(),
    } as never) as Hazard;
    this.#event(em, h, actor, 'report', null, { photoIds: input.photoIds, location: input.location, comment: input.description });
    if (input.fixedOnSpot) {
      if (checklist.length) throw fieldError('fixedOnSpot', '重大隐患不能即查即改，须制定治理方案');
      h.afterPhotoIds = input.fixedOnSpot.photoIds;
      h.measures = input.fixedOnSpot.measures;
      const onSpot = canTransition({ status: 'reported', enterpriseId: e.id, grade: null }, 'fix_on_spot', actor);
      const from = h.status;
      h.status = onSpot ? 'closed' : 'pending_review';
      h.grade = 'general';
      if (onSpot) h.closedAt = new Date();
      this.#event(em, h, actor, onSpot ? 'fix_on_spot' : 'submit', from, {
        photoIds: input.fixedOnSpot.photoIds,
        comment: input.fixedOnSpot.measures,
      });
    }
    emitEvent(em, HAZARD_CHANGED, { hazardId: h.id, action: input.fixedOnSpot ? 'fix_on_spot' : 'report' });
    emitEvent(em, INPUTS_CHANGED, { enterpriseId: e.id, reason: 'hazard' });
    await em.flush();
    return h;
  }

  /** One transition of the state machine, compare-and-set on the version the caller saw. */
  async transition(em: Em, actor: Actor, tenant: TenantInfo, id: string, b: TransitionBody): Promise<Hazard> {
    const h = await visibleHazard(em, actor, id);
    // References first: a photo or a user of another zone is "not found" whatever the state.
    const photoIds = b.photoIds ?? [];
    await this.#files.assertUsable(em, actor, photoIds);
    if (b.responsibleUserId && !(await em.count(User, { id: b.responsibleUserId, status: 'active' }))) throw notFound('user');
    const who = { role: actor.actingAs ? ('platform_admin' as const) : actor.role, enterpriseId: actor.enterpriseId };
    const t = HAZARD_TRANSITIONS[b.action];
    if (!(t.from as readonly string[]).includes(h.status)) {
      throw new AppError(409, 'invalid_transition', `“${t.label}” is not possible from ${h.status}`);
    }
    if (!canTransition({ status: h.status, enterpriseId: h.enterpriseId, grade: h.grade ?? null }, b.action, who)) {
      throw new AppError(403, 'forbidden', `${who.role} may not ${b.action}`);
    }
    if (b.version !== h.version) throw new AppError(409, 'conflict', 'the hazard changed since you loaded it');
    const from = h.status;
    const today = localDate(new Date(), tenant.timeZone);
    switch (b.action) {
      case 'confirm': {
        const checklist = this.#checklist(b.majorChecklistItems ?? h.majorChecklistItems);
        const grade = checklist.length ? 'major' : b.grade;
        if (!grade) throw fieldError('grade', '请选择隐患等级');
        if (b.grade === 'general' && checklist.length)
          throw fieldError('grade', '符合重大事故隐患判定标准条款的隐患必须定为重大隐患');
        const treatment = grade === 'major' ? 'deadline' : (b.treatment ?? h.treatment ?? 'deadline');
        const deadlineDate =
          treatment === 'immediate' ? today : (b.deadline ?? addDays(today, tenant.settings.hazardDeadlineDays[grade]));
        if (deadlineDate < today) throw fieldError('deadline', '整改期限不能早于今天');
        if (!b.responsibleName?.trim()) throw fieldError('responsibleName', '请填写整改责任人');
        if (b.categoryCode) await this.#category(em, b.categoryCode);
        Object.assign(h, {
          grade,
          treatment,
          deadline: endOfLocalDay(deadlineDate, tenant.timeZone),
          responsibleName: b.responsibleName.trim(),
          responsibleUserId: b.responsibleUserId ?? null,
          majorChecklistItems: checklist,
          categoryCode: b.categoryCode ?? h.categoryCode,
          legalBasis: b.legalBasis ?? h.legalBasis ?? null,
          confirmedAt: new Date(),
        });
        break;
      }
      case 'dismiss':
      case 'reopen':
        if (!b.reason?.trim()) throw fieldError('reason', '请填写原因');
        if (b.action === 'dismiss') h.dismissReason = b.reason;
        else {
          h.closedAt = null;
          h.acceptedAt = null;
          h.supervisionCancelledAt = null;
          if (!h.deadline || h.deadline < new Date())
            h.deadline = endOfLocalDay(addDays(today, tenant.settings.hazardDeadlineDays[h.grade ?? 'general']), tenant.timeZone);
        }
        break;
      case 'submit':
      case 'fix_on_spot':
        if (!photoIds.length) throw fieldError('photoIds', '请上传整改后照片');
        if (!b.measures?.trim()) throw fieldError('measures', '请填写整改措施');
        h.afterPhotoIds = photoIds;
        h.measures = b.measures;
        if (b.cost !== undefined) h.cost = b.cost;
        if (b.action === 'fix_on_spot') {
          h.grade = 'general';
          h.treatment = 'immediate';
          h.closedAt = new Date();
        }
        break;
      case 'reject':
        if (!(b.comment ?? b.reason)?.trim()) throw fieldError('comment', '请说明复核不通过的原因');
        break;
      case 'approve':
        if (h.grade === 'major') {
          // A major hazard closes only after its governance plan, acceptance (验收) and, when listed, cancellation (销号).
          if (!h.governancePlan) throw new AppError(409, 'invalid_transition', '重大隐患须先提交治理方案');
          if (!h.acceptanceRequestedAt) throw new AppError(409, 'invalid_transition', '重大隐患须由企业申请验收后才能销号');
          h.acceptedAt = new Date();
          if (h.supervisionListedAt) h.supervisionCancelledAt = new Date();
        }
        h.closedAt = new Date();
        break;
      case 'start':
        break;
    }
    h.status = t.to;
    // The timeline says what was decided, not only that something was.
    const summary =
      b.action === 'confirm'
        ? `定为${h.grade === 'major' ? '重大隐患' : '一般隐患'}，${h.treatment === 'immediate' ? '立即整改' : '限期整改'}，期限 ${localDate(h.deadline!, tenant.timeZone)}，责任人 ${h.responsibleName}${b.comment ? `。${b.comment}` : ''}`
        : (b.comment ?? b.reason ?? (b.action === 'submit' || b.action === 'fix_on_spot' ? b.measures : undefined));
    this.#event(em, h, actor, b.action, from, { comment: summary, photoIds, location: b.location });
    emitEvent(em, HAZARD_CHANGED, { hazardId: h.id, action: b.action });
    emitEvent(em, INPUTS_CHANGED, { enterpriseId: h.enterpriseId, reason: 'hazard' });
    try {
      await em.flush();
    } catch (e) {
      if (e instanceof OptimisticLockError) throw new AppError(409, 'conflict', 'someone else acted on this hazard first');
      throw e;
    }
    return h;
  }

  async requestExtension(em: Em, actor: Actor, tenant: TenantInfo, id: string, b: { requestedDeadline: string; reason: string }) {
    const h = await visibleHazard(em, actor, id);
    if (!(OPEN as readonly string[]).includes(h.status))
      throw new AppError(409, 'invalid_transition', '只有整改中的隐患可以申请延期');
    if (isEnterpriseRole(actor.role) ? actor.enterpriseId !== h.enterpriseId : !can(actor.role, 'hazards.manage'))
      throw forbidden();
    const current = h.deadline ? localDate(h.deadline, tenant.timeZone) : null;
    if (current && b.requestedDeadline <= current) throw fieldError('requestedDeadline', '延期后的期限须晚于现期限');
    if (await em.count(HazardExtension, { hazardId: h.id, status: 'pending' }))
      throw new AppError(409, 'conflict', '已有待审批的延期申请');
    const x = em.create(HazardExtension, {
      hazardId: h.id,
      requestedBy: actor.userId,
      requestedByName: actor.name,
      currentDeadline: h.deadline ?? null,
      requestedDeadline: b.requestedDeadline,
      reason: b.reason,
      status: 'pending',
      decidedBy: null,
      decidedAt: null,
      comment: null,
    });
    this.#event(em, h, actor, 'extension_requested', h.status, { comment: `申请延期至 ${b.requestedDeadline}：${b.reason}` });
    emitEvent(em, HAZARD_CHANGED, { hazardId: h.id, action: 'extension_requested' });
    await em.flush();
    return x;
  }

  /** Approving moves the deadline: the escalation jobs move with it (via the outbox). */
  async decideExtension(
    em: Em,
    actor: Actor,
    tenant: TenantInfo,
    id: string,
    extId: string,
    b: { approve: boolean; comment?: string },
  ) {
    const h = await visibleHazard(em, actor, id);
    const x = await em.findOne(HazardExtension, { id: extId, hazardId: h.id });
    if (!x) throw notFound('extension');
    if (x.status !== 'pending') throw new AppError(409, 'conflict', `already ${x.status}`);
    x.status = b.approve ? 'approved' : 'rejected';
    x.decidedBy = actor.userId;
    x.decidedAt = new Date();
    x.comment = b.comment ?? null;
    if (b.approve) h.deadline = endOfLocalDay(x.requestedDeadline, tenant.timeZone);
    this.#event(em, h, actor, b.approve ? 'extension_approved' : 'extension_rejected', h.status, {
      comment: b.comment ?? (b.approve ? `期限延至 ${x.requestedDeadline}` : null),
    });
    emitEvent(em, HAZARD_CHANGED, { hazardId: h.id, action: b.approve ? 'extension_approved' : 'extension_rejected' });
    emitEvent(em, INPUTS_CHANGED, { enterpriseId: h.enterpriseId, reason: 'hazard' });
    try {
      await em.flush();
    } catch (e) {
      if (e instanceof OptimisticLockError) throw new AppError(409, 'conflict');
      throw e;
    }
    return h;
  }

  /** Major-hazard supervision: plan, listing (挂牌督办), report to the authority, acceptance request. */
  async major(
    em: Em,
    actor: Actor,
    id: string,
    op: 'plan' | 'list' | 'reported' | 'acceptance',
    data: Record<string, string> = {},
  ) {
    const h = await visibleHazard(em, actor, id);
    if (h.grade !== 'major') throw new AppError(409, 'invalid_transition', '仅适用于重大隐患');
    if (h.status === 'closed' || h.status === 'dismissed') throw new AppError(409, 'invalid_transition', '隐患已闭环');
    const ownEnterprise = isEnterpriseRole(actor.role) && actor.enterpriseId === h.enterpriseId;
    const office = !isEnterpriseRole(actor.role) && can(actor.role, 'hazards.manage');
    let note: string;
    switch (op) {
      case 'plan':
        if (!ownEnterprise && !office) throw forbidden();
        h.governancePlan = data;
        note = '提交重大隐患治理方案';
        break;
      case 'list':
        if (!office) throw forbidden();
        if (h.supervisionListedAt) throw new AppError(409, 'conflict', '已挂牌督办');
        h.supervisionListedAt = new Date();
        h.supervisionListedBy = actor.name;
        h.supervisionLedgerNo = data.ledgerNo ?? null;
        note = `挂牌督办（${data.ledgerNo}）`;
        break;
      case 'reported':
        if (!office && !ownEnterprise) throw forbidden();
        h.reportedToAuthorityAt ??= new Date();
        note = '已报告负有安全生产监督管理职责的部门';
        break;
      case 'acceptance':
        if (!ownEnterprise && !office) throw forbidden();
        if (h.status !== 'pending_review') throw new AppError(409, 'invalid_transition', '提交整改后才能申请验收');
        if (!h.governancePlan) throw new AppError(409, 'invalid_transition', '请先提交治理方案');
        h.acceptanceRequestedAt ??= new Date();
        note = '申请重大隐患治理验收';
        break;
    }
    this.#event(em, h, actor, `major_${op}`, h.status, { comment: data.comment ? `${note}：${data.comment}` : note });
    emitEvent(em, HAZARD_CHANGED, { hazardId: h.id, action: `major_${op}` });
    await em.flush();
    return h;
  }

  /** Per enterprise: open, overdue and open major hazards — the colour model's hazard inputs. */
  async counts(em: Em, enterpriseIds: string[]) {
    const out = new Map<string, { open: number; overdue: number; openMajor: number }>();
    if (!enterpriseIds.length) return out;
    const rows = await em.find(
      Hazard,
      { enterpriseId: { $in: enterpriseIds }, status: { $in: ['reported', 'confirmed', 'rectifying', 'pending_review'] } },
      { fields: ['enterpriseId', 'status', 'grade', 'deadline'] },
    );
    const now = new Date();
    for (const h of rows) {
      const c = out.get(h.enterpriseId) ?? { open: 0, overdue: 0, openMajor: 0 };
      c.open++;
      if (h.deadline && h.deadline < now && (OPEN as readonly string[]).includes(h.status)) c.overdue++;
      if (h.grade === 'major') c.openMajor++;
      out.set(h.enterpriseId, c);
    }
    return out;
  }
}
