import {
  ENTERPRISE_ROLES,
  type InspectionPlan as PlanDto,
  type InspectionPlansQuery,
  type InspectionPlanTarget,
} from '@yuanan/contracts';
import type { z } from 'zod';
import { CAMPAIGN_ONCE, type createInspectionPlanRequest, type updateInspectionPlanRequest } from '@yuanan/contracts';
import type { Container } from '../../core/container.ts';
import type { Actor } from '../../core/context/request-scope.ts';
import { compareAndSet } from '../../core/db/compare-and-set.ts';
import type { Em } from '../../core/db/orm.ts';
import { AppError, conflict, t } from '../../core/http/problem.ts';
import { isoReq } from '../../core/http/serialize.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import { CatalogItem } from '../tenants/tenant.entity.ts';
import { Enterprise } from '../enterprises/enterprise.entity.ts';
import { User } from '../identity/identity.entity.ts';
import { generatePlan, previewPlan, type GenerateResult } from './generation.ts';
import { InspectionAgency, InspectionPlan, InspectionTemplate } from './inspection.entity.ts';

type CreateInput = z.output<typeof createInspectionPlanRequest>;
type UpdateInput = z.output<typeof updateInspectionPlanRequest>;

const planNotFound = () => new AppError(404, 'not_found', t('未找到该检查计划', 'Inspection plan not found'));
const refNotFound = (zh: string, en: string) => new AppError(404, 'not_found', t(`未找到${zh}`, `${en} not found`));
/**
 * 422 when an enabled agency plan reaches no enterprise the agency's contracts in force cover: it could never
 * produce a task.
 */
async function checkAgencyCoverage(em: Em, tenant: TenantInfo, plan: Parameters<typeof previewPlan>[2]): Promise<void> {
  if (!plan.enabled || plan.assigneeKind !== 'agency') return;
  const { enterprises } = await previewPlan(em, tenant, plan, 1);
  if (enterprises > 0) return;
  const text = t(
    '该机构现行有效的服务合同覆盖本计划范围内的企业数为 0，计划启用后不会产生任何任务：请调整检查范围或合同，或先停用保存',
    'The agency’s contracts in force cover 0 enterprises of this plan’s target, so it would produce no task: change the target or the contracts, or save it disabled',
  );
  throw new AppError(422, 'validation_failed', text, { errors: [{ path: 'agencyId', code: 'no_coverage', message: text }] });
}

const invalid = (path: string, zh: string, en: string) =>
  new AppError(400, 'validation_failed', t(zh, en), { errors: [{ path, code: 'invalid_value', message: t(zh, en) }] });

/** 检查计划: plans of a zone (who inspects which enterprises, how often, with which templates). */
export class PlanService {
  readonly #c: Container;
  constructor(c: Container) {
    this.#c = c;
  }

  async list(em: Em, q: InspectionPlansQuery) {
    const where: Record<string, unknown>[] = [];
    if (q.kind) where.push({ kind: q.kind });
    if (q.enabled) where.push({ enabled: q.enabled === 'true' });
    if (q.q) where.push({ name: { $like: `%${q.q.replace(/[%_\\]/g, '\\$&')}%` } });
    const [rows, total] = await em.findAndCount(
      InspectionPlan,
      { $and: where },
      { orderBy: { createdAt: 'desc', id: 'desc' }, limit: q.pageSize, offset: (q.page - 1) * q.pageSize },
    );
    return { items: await this.dtos(em, rows), total, page: q.page, pageSize: q.pageSize };
  }

  async get(em: Em, id: string): Promise<InspectionPlan> {
    const p = await em.findOne(InspectionPlan, { id });
    if (!p) throw planNotFound();
    return p;
  }

  async dto(em: Em, p: InspectionPlan): Promise<PlanDto> {
    return (await this.dtos(em, [p]))[0]!;
  }

  async dtos(em: Em, plans: InspectionPlan[]): Promise<PlanDto[]> {
    const userIds = [...new Set(plans.flatMap((p) => (p.assigneeUserId ? [p.assigneeUserId] : [])))];
    const agencyIds = [...new Set(plans.flatMap((p) => (p.agencyId ? [p.agencyId] : [])))];
    const templateIds = [...new Set(plans.flatMap((p) => p.templateIds ?? []))];
    const [users, agencies, templates] = await Promise.all([
      userIds.length ? em.find(User, { id: { $in: userIds } }, { fields: ['id', 'name'] }) : [],
      agencyIds.length ? em.find(InspectionAgency, { id: { $in: agencyIds } }, { fields: ['id', 'name'] }) : [],
      templateIds.length ? em.find(InspectionTemplate, { id: { $in: templateIds } }, { fields: ['id', 'name', 'version'] }) : [],
    ]);
    const userName = new Map(users.map((u) => [u.id, u.name]));
    const agencyName = new Map(agencies.map((a) => [a.id, a.name]));
    const template = new Map(templates.map((x) => [x.id, x]));
    return plans.map((p) => ({
      id: p.id,
      name: p.name,
      kind: p.kind,
      assigneeKind: p.assigneeKind,
      assigneeUserId: p.assigneeUserId ?? null,
      assigneeUserName: p.assigneeUserId ? (userName.get(p.assigneeUserId) ?? null) : null,
      assigneeRole: (p.assigneeRole ?? null) as PlanDto['assigneeRole'],
      agencyId: p.agencyId ?? null,
      agencyName: p.agencyId ? (agencyName.get(p.agencyId) ?? null) : null,
      target: {
        gridIds: p.target?.gridIds ?? [],
        tags: p.target?.tags ?? [],
        colours: p.target?.colours ?? [],
        enterpriseIds: p.target?.enterpriseIds ?? [],
      },
      templateIds: p.templateIds ?? [],
      templates: (p.templateIds ?? []).flatMap((id) => {
        const x = template.get(id);
        return x ? [{ id: x.id, name: x.name, version: x.version }] : [];
      }),
      frequency: p.frequency,
      startDate: p.startDate,
      endDate: p.endDate ?? null,
      windowDays: p.windowDays ?? null,
      enabled: p.enabled,
      version: p.version,
      createdAt: isoReq(p.createdAt),
      updatedAt: isoReq(p.updatedAt),
    }));
  }

  /**
   * The references of a plan, in the zone: another zone's (or an unknown) id is 404, like any record that does not
   * exist for the caller; a reference of the wrong kind (a retired template, a user of another role) is 400.
   */
  async #checkRefs(
    em: Em,
    p: {
      assigneeKind: string;
      assigneeUserId?: string | null;
      assigneeRole?: string | null;
      agencyId?: string | null;
      templateIds: string[];
      target: InspectionPlanTarget;
    },
  ): Promise<void> {
    const templates = await em.find(InspectionTemplate, { id: { $in: p.templateIds } }, { fields: ['id', 'status'] });
    if (templates.length !== new Set(p.templateIds).size) throw refNotFound('检查表模板', 'Checklist template');
    if (templates.some((x) => x.status !== 'published'))
      throw invalid('templateIds', '计划只能使用已发布的检查表模板', 'A plan can only use published checklist templates');
    if (p.assigneeKind === 'user') {
      const u = p.assigneeUserId ? await em.findOne(User, { id: p.assigneeUserId }, { fields: ['id', 'role', 'status'] }) : null;
      if (!u) throw refNotFound('该用户', 'User');
      if (u.status !== 'active') throw invalid('assigneeUserId', '该用户已停用', 'This user is disabled');
      if ((ENTERPRISE_ROLES as readonly string[]).includes(u.role))
        throw invalid(
          'assigneeUserId',
          '企业用户不能被指定为检查人员（企业自查请按角色指派）',
          'Enterprise users cannot be assigned as inspectors (assign self-inspections by role)',
        );
    }
    if (p.assigneeKind === 'agency') {
      if (!p.agencyId || !(await em.count(InspectionAgency, { id: p.agencyId }))) throw refNotFound('该第三方服务机构', 'Agency');
    }
    const t = p.target;
    if (t.gridIds.length) {
      const n = await em.count(CatalogItem, { id: { $in: t.gridIds }, kind: 'grid' });
      if (n !== new Set(t.gridIds).size) throw refNotFound('该网格', 'Grid');
    }
    if (t.enterpriseIds.length) {
      const n = await em.count(Enterprise, { id: { $in: t.enterpriseIds } });
      if (n !== new Set(t.enterpriseIds).size) throw refNotFound('该企业', 'Enterprise');
    }
  }

  /** Clears the assignee fields the kind does not use (a role plan has no user, and so on). */
  #assignee(kind: string, p: { assigneeUserId?: string | null; assigneeRole?: string | null; agencyId?: string | null }) {
    return {
      assigneeUserId: kind === 'user' ? (p.assigneeUserId ?? null) : null,
      assigneeRole: kind === 'role' ? (p.assigneeRole ?? null) : null,
      agencyId: kind === 'agency' ? (p.agencyId ?? null) : null,
    };
  }

  async create(em: Em, _actor: Actor, tenant: TenantInfo, body: CreateInput): Promise<InspectionPlan> {
    const target = {
      gridIds: body.target.gridIds ?? [],
      tags: body.target.tags ?? [],
      colours: body.target.colours ?? [],
      enterpriseIds: body.target.enterpriseIds ?? [],
    };
    await this.#checkRefs(em, { ...body, target });
    await checkAgencyCoverage(em, tenant, {
      ...body,
      ...this.#assignee(body.assigneeKind, body),
      id: '',
      target,
      endDate: body.endDate ?? null,
      windowDays: body.windowDays ?? null,
    });
    const plan = em.create(InspectionPlan, {
      name: body.name,
      kind: body.kind,
      assigneeKind: body.assigneeKind,
      ...this.#assignee(body.assigneeKind, body),
      target,
      templateIds: body.templateIds,
      frequency: body.frequency,
      startDate: body.startDate,
      endDate: body.endDate ?? null,
      windowDays: body.windowDays ?? null,
      enabled: body.enabled,
    } as never) as InspectionPlan;
    await em.flush();
    // A new enabled plan's current period is there at once (the daily job would add it tomorrow).
    if (plan.enabled) await this.generate(em, tenant, plan);
    return plan;
  }

  async update(em: Em, _actor: Actor, tenant: TenantInfo, id: string, body: UpdateInput): Promise<InspectionPlan> {
    const changedMeanwhile = () =>
      conflict(t('检查计划已被他人修改，请刷新后重试', 'The inspection plan was changed by someone else: reload and retry'));
    const plan = await compareAndSet(em, {
      entity: InspectionPlan,
      where: { id },
      what: 'inspection plan',
      expect: (row) => (row.version !== body.version ? changedMeanwhile() : null),
      lost: changedMeanwhile,
      set: async (row, tx) => {
        const next = {
          assigneeKind: body.assigneeKind ?? row.assigneeKind,
          assigneeUserId: body.assigneeUserId !== undefined ? body.assigneeUserId : row.assigneeUserId,
          assigneeRole: body.assigneeRole !== undefined ? body.assigneeRole : row.assigneeRole,
          agencyId: body.agencyId !== undefined ? body.agencyId : row.agencyId,
          templateIds: body.templateIds ?? row.templateIds,
          target: body.target
            ? {
                gridIds: body.target.gridIds ?? [],
                tags: body.target.tags ?? [],
                colours: body.target.colours ?? [],
                enterpriseIds: body.target.enterpriseIds ?? [],
              }
            : row.target,
          frequency: body.frequency ?? row.frequency,
          startDate: body.startDate ?? row.startDate,
          endDate: body.endDate !== undefined ? body.endDate : row.endDate,
        };
        // The whole plan as it will be: the same rules as a create.
        if (next.assigneeKind === 'user' && !next.assigneeUserId)
          throw invalid('assigneeUserId', '请选择负责检查的人员', 'Choose the person who inspects');
        if (next.assigneeKind === 'role' && !next.assigneeRole)
          throw invalid('assigneeRole', '请选择负责检查的角色', 'Choose the role that inspects');
        if (next.assigneeKind === 'agency' && !next.agencyId)
          throw invalid('agencyId', '请选择第三方服务机构', 'Choose the agency');
        if ((body.kind ?? row.kind) === 'campaign' && next.frequency !== 'once')
          throw invalid('frequency', CAMPAIGN_ONCE.zh, CAMPAIGN_ONCE.en);
        if (next.frequency === 'once' && !next.endDate)
          throw invalid('endDate', '一次性检查须填写结束日期', 'A one-off plan needs an end date');
        if (next.endDate && next.endDate < next.startDate)
          throw invalid('endDate', '结束日期不能早于开始日期', 'The end date cannot be before the start date');
        if (body.templateIds || body.assigneeKind || body.assigneeUserId || body.agencyId || body.target)
          await this.#checkRefs(tx, next);
        Object.assign(row, {
          ...next,
          ...this.#assignee(next.assigneeKind, next),
          ...(body.name !== undefined ? { name: body.name } : {}),
          ...(body.kind !== undefined ? { kind: body.kind } : {}),
          ...(body.windowDays !== undefined ? { windowDays: body.windowDays } : {}),
          ...(body.enabled !== undefined ? { enabled: body.enabled } : {}),
        });
        // Enabling it, or changing who or what it covers: it must reach someone (a rename of a plan whose contract ran out passes).
        if (body.enabled === true || body.target || body.agencyId || body.assigneeKind)
          await checkAgencyCoverage(tx, tenant, row);
        return row;
      },
    });
    // Enabling (or changing) a plan generates its current period now; tasks already made keep their dates.
    if (plan.enabled) await this.generate(em, tenant, plan);
    return plan;
  }

  async preview(em: Em, tenant: TenantInfo, id: string) {
    return previewPlan(em, tenant, await this.get(em, id));
  }

  /** Generates the plan's current period now (also what create and enable do). */
  async generate(em: Em, tenant: TenantInfo, plan: InspectionPlan): Promise<GenerateResult> {
    const r = await generatePlan(em, tenant, plan);
    if (r.created) this.#c.audit.schedule(tenant.id);
    return r;
  }
}
