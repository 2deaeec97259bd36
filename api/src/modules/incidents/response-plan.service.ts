/**
 * Structured response plans (应急预案的响应程序): the zone's plans (enterpriseId null) and enterprises' plans, each
 * linked to the enterprise file's EmergencyPlan record (the plan document), with steps per incident type and warning
 * level: who, what, within how many minutes of learning of the incident. Opening an incident proposes the matching
 * active plans (the enterprise's first); applying one turns its steps into the incident's checklist
 * (incident.service.ts). Managed by the safety office (incidents.plans.manage); read by everyone on the desk.
 */
import {
  INCIDENT_TYPE_LABELS,
  WARNING_LEVEL_LABELS,
  type CreateResponsePlanRequest,
  type IncidentType,
  type ResponsePlan as ResponsePlanDto,
  type ResponsePlansQuery,
  type UpdateResponsePlanRequest,
  type WarningLevel,
} from '@yuanan/contracts';
import { compareAndSet } from '../../core/db/compare-and-set.ts';
import { cursorAfter, decodeCursor, type KeyOrder } from '../../core/db/keyset.ts';
import type { Em } from '../../core/db/orm.ts';
import { AppError, notFound, t as lt } from '../../core/http/problem.ts';
import { isoReq } from '../../core/http/serialize.ts';
import { Enterprise } from '../enterprises/enterprise.entity.ts';
import { EmergencyPlan } from '../enterprises/enterprise-records.entity.ts';
import { ResponsePlan } from './incident.entity.ts';

const STALE = lt('预案已被他人修改，请刷新后重试', 'Someone else changed the plan: reload and try again');
const PLAN_NOT_FOUND = () => new AppError(404, 'not_found', lt('未找到该应急预案', 'Response plan not found'));
const unprocessable = (path: string, zh: string, en: string) =>
  new AppError(422, 'validation_failed', lt(zh, en), { errors: [{ path, code: 'invalid', message: lt(zh, en) }] });

/**
 * A plan names each incident type and each warning level once: a repeat is a slip in the form, refused rather than
 * silently merged. @throws 422 validation_failed on `incidentTypes` or `levels`, naming the repeated value.
 */
function noneTwice(b: { incidentTypes?: readonly string[] | undefined; levels?: readonly string[] | undefined }): void {
  const twice = (xs: readonly string[] | undefined) => xs?.find((x, i) => xs.indexOf(x) !== i);
  const type = twice(b.incidentTypes) as IncidentType | undefined;
  if (type) {
    const l = INCIDENT_TYPE_LABELS[type] ?? { zh: type, en: type };
    throw unprocessable('incidentTypes', `事件类型重复：${l.zh}`, `An incident type is listed twice: ${l.en}`);
  }
  const level = twice(b.levels) as WarningLevel | undefined;
  if (level) {
    const l = WARNING_LEVEL_LABELS[level] ?? { zh: level, en: level };
    throw unprocessable('levels', `响应级别重复：${l.zh}`, `A level is listed twice: ${l.en}`);
  }
}

/** Plans for the api (enterprise names resolved in one read). */
export async function planDto(em: Em, rows: ResponsePlan[]): Promise<ResponsePlanDto[]> {
  const ids = [...new Set(rows.map((r) => r.enterpriseId).filter((x): x is string => !!x))];
  const names = new Map(
    ids.length ? (await em.find(Enterprise, { id: { $in: ids } }, { fields: ['id', 'name'] })).map((e) => [e.id, e.name]) : [],
  );
  return rows.map((p) => ({
    id: p.id,
    enterpriseId: p.enterpriseId ?? null,
    enterpriseName: p.enterpriseId ? (names.get(p.enterpriseId) ?? null) : null,
    enterprisePlanId: p.enterprisePlanId ?? null,
    title: p.title,
    incidentTypes: p.incidentTypes,
    levels: p.levels,
    steps: [...p.steps].sort((a, b) => a.order - b.order),
    active: p.active,
    version: p.version,
    createdAt: isoReq(p.createdAt),
    updatedAt: isoReq(p.updatedAt),
  }));
}

export class ResponsePlanService {
  /**
   * The enterprise's plan record (EmergencyPlan) a response plan links to must belong to the plan's enterprise
   * (a zone plan may link none): 422 otherwise; 404 for an enterprise not in the zone.
   */
  async #checkLinks(em: Em, enterpriseId: string | null, enterprisePlanId: string | null | undefined): Promise<void> {
    if (enterpriseId && !(await em.count(Enterprise, { id: enterpriseId }))) throw notFound('enterprise');
    if (!enterprisePlanId) return;
    const ep = await em.findOne(EmergencyPlan, { id: enterprisePlanId }, { fields: ['id', 'enterpriseId'] });
    if (!ep) throw notFound('plan');
    if (!enterpriseId || ep.enterpriseId !== enterpriseId)
      throw unprocessable(
        'enterprisePlanId',
        '关联的预案文件须属于该预案所属企业',
        'The linked plan record must belong to the plan’s enterprise',
      );
  }

  async create(em: Em, body: CreateResponsePlanRequest): Promise<ResponsePlanDto> {
    const enterpriseId = body.enterpriseId ?? null;
    noneTwice(body);
    await this.#checkLinks(em, enterpriseId, body.enterprisePlanId);
    const p = em.create(ResponsePlan, {
      enterpriseId,
      enterprisePlanId: body.enterprisePlanId ?? null,
      title: body.title,
      incidentTypes: [...new Set(body.incidentTypes)],
      levels: [...new Set(body.levels)],
      steps: body.steps.map((s) => ({ ...s, role: s.role ?? undefined })),
      active: body.active,
    } as never);
    await em.flush();
    return (await planDto(em, [p]))[0]!;
  }

  async get(em: Em, id: string): Promise<ResponsePlanDto> {
    const p = await em.findOne(ResponsePlan, { id });
    if (!p) throw PLAN_NOT_FOUND();
    return (await planDto(em, [p]))[0]!;
  }

  /** A versioned edit (stale → 409). The enterprise of a plan does not change (make a new plan instead). */
  async update(em: Em, id: string, body: UpdateResponsePlanRequest): Promise<ResponsePlanDto> {
    const current = await em.findOne(ResponsePlan, { id }, { fields: ['id', 'enterpriseId'] });
    if (!current) throw PLAN_NOT_FOUND();
    noneTwice(body);
    if (body.enterprisePlanId !== undefined) await this.#checkLinks(em, current.enterpriseId ?? null, body.enterprisePlanId);
    const p = await compareAndSet<ResponsePlan, ResponsePlan>(em, {
      entity: ResponsePlan,
      where: { id },
      what: 'plan',
      lost: () => new AppError(409, 'conflict', STALE),
      expect: (p) => (p.version !== body.version ? new AppError(409, 'conflict', STALE) : null),
      set: (p) => {
        if (body.enterprisePlanId !== undefined) p.enterprisePlanId = body.enterprisePlanId ?? null;
        if (body.title !== undefined) p.title = body.title;
        if (body.incidentTypes) p.incidentTypes = [...new Set(body.incidentTypes)];
        if (body.levels) p.levels = [...new Set(body.levels)];
        if (body.steps) p.steps = body.steps.map((s) => ({ ...s, role: s.role ?? undefined }));
        if (body.active !== undefined) p.active = body.active;
        return p as ResponsePlan;
      },
    });
    return (await planDto(em, [p]))[0]!;
  }

  /** Archives (停用): inactive, no longer proposed; applied checklists keep their steps. Idempotent. */
  async archive(em: Em, id: string): Promise<ResponsePlanDto> {
    const p = await em.findOne(ResponsePlan, { id });
    if (!p) throw PLAN_NOT_FOUND();
    if (p.active) {
      p.active = false;
      await em.flush();
    }
    return (await planDto(em, [p]))[0]!;
  }

  /** The plan list: filters of ResponsePlansQuery, newest first, keyset cursor (or page). */
  async list(em: Em, q: ResponsePlansQuery, lang: 'zh-CN' | 'en') {
    const where: Record<string, unknown>[] = [];
    if (q.enterpriseId === 'zone') where.push({ enterpriseId: null });
    else if (q.enterpriseId) where.push({ enterpriseId: q.enterpriseId });
    if (q.active !== 'all') where.push({ active: q.active === 'true' });
    if (q.q) where.push({ title: { $like: `%${q.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%` } });
    // Types are a JSON array: filtered here (a zone has tens of plans, not thousands).
    const order: KeyOrder = { field: 'createdAt', dir: 'desc', idDir: 'desc', nullable: false, kind: 'date' };
    const all = await em.find(ResponsePlan, (where.length ? { $and: where } : {}) as never, {
      orderBy: { createdAt: 'desc', id: 'desc' },
      limit: 2000,
    });
    const typed = q.type ? all.filter((p) => p.incidentTypes.includes(q.type!)) : all;
    let start = (q.page - 1) * q.pageSize;
    if (q.cursor) {
      decodeCursor(q.cursor, 'createdAt', order, lang); // a malformed cursor is a 400
      const idx = typed.findIndex((p) => cursorAfter('createdAt', order, { id: p.id, createdAt: p.createdAt }) === q.cursor);
      start = idx >= 0 ? idx + 1 : 0;
    }
    const items = typed.slice(start, start + q.pageSize);
    const last = items.at(-1);
    const more = start + q.pageSize < typed.length;
    return {
      items: await planDto(em, items),
      total: typed.length,
      page: q.page,
      pageSize: q.pageSize,
      totalCapped: false,
      nextCursor: more && last ? cursorAfter('createdAt', order, { id: last.id, createdAt: last.createdAt }) : null,
    };
  }

  /** Active plans for an incident's type and level: the enterprise's own first, then the zone's; newest first. */
  async matching(em: Em, q: { enterpriseId: string | null; type: IncidentType; level: WarningLevel }): Promise<ResponsePlan[]> {
    const rows = await em.find(
      ResponsePlan,
      (q.enterpriseId
        ? { active: true, $or: [{ enterpriseId: q.enterpriseId }, { enterpriseId: null }] }
        : { active: true, enterpriseId: null }) as never,
      { orderBy: { createdAt: 'desc' } },
    );
    const fits = rows.filter((p) => p.incidentTypes.includes(q.type) && p.levels.includes(q.level));
    return [...fits.filter((p) => p.enterpriseId), ...fits.filter((p) => !p.enterpriseId)];
  }
}
