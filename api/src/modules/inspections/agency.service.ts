import type { z } from 'zod';
import type {
  createInspectionAgencyRequest,
  createInspectionContractRequest,
  InspectionAgency as InspectionAgencyDto,
  inspectionAgenciesQuery,
  InspectionContract as InspectionContractDto,
  inspectionContractsQuery,
  Page,
  updateInspectionAgencyRequest,
  updateInspectionContractRequest,
} from '@yuanan/contracts';
import { localDate } from '@yuanan/domain';
import type { Em } from '../../core/db/orm.ts';
import { AppError, badRequest, t } from '../../core/http/problem.ts';
import { Enterprise } from '../enterprises/enterprise.entity.ts';
import { User } from '../identity/identity.entity.ts';
import { InspectionAgency, InspectionContract, InspectionTemplate } from './inspection.entity.ts';

type Zone = { timeZone: string };

const agencyNotFound = () => new AppError(404, 'not_found', t('未找到该第三方服务机构', 'Agency not found'));
const contractNotFound = () => new AppError(404, 'not_found', t('未找到该服务合同', 'Agency contract not found'));
/**
 * Ids this zone does not have: 404, as for any record of another zone, and without echoing the ids (another zone's
 * ids must not come back from this one).
 */
const missing = (zh: string, en: string, count: number) =>
  new AppError(
    404,
    'not_found',
    t(`有 ${count} 个${zh}在本园区不存在`, `${count} ${en.toLowerCase()}${count === 1 ? '' : 's'} not found in this zone`),
  );

const likeText = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Third-party service agencies (第三方服务机构), their inspectors, and their contracts (服务合同). */
export class AgencyService {
  // ---- agencies ----

  async agencyDtos(em: Em, zone: Zone, rows: InspectionAgency[]): Promise<InspectionAgencyDto[]> {
    const userIds = [...new Set(rows.flatMap((r) => r.memberUserIds ?? []))];
    const users = new Map(
      userIds.length
        ? (await em.find(User, { id: { $in: userIds } }, { fields: ['id', 'name', 'role'] })).map((u) => [u.id, u])
        : [],
    );
    const today = localDate(new Date(), zone.timeZone);
    const active = rows.length
      ? await em.find(
          InspectionContract,
          { agencyId: { $in: rows.map((r) => r.id) }, startDate: { $lte: today }, endDate: { $gte: today } },
          { fields: ['id', 'agencyId'] },
        )
      : [];
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      creditCode: r.creditCode ?? null,
      contactName: r.contactName,
      contactPhone: r.contactPhone,
      memberUserIds: r.memberUserIds ?? [],
      members: (r.memberUserIds ?? []).flatMap((id) => {
        const u = users.get(id);
        return u ? [{ id: u.id, name: u.name, role: u.role }] : [];
      }),
      activeContracts: active.filter((c) => c.agencyId === r.id).length,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
    }));
  }

  async listAgencies(em: Em, zone: Zone, q: z.output<typeof inspectionAgenciesQuery>): Promise<Page<InspectionAgencyDto>> {
    const where = q.q ? { name: { $like: `%${likeText(q.q)}%` } } : {};
    const [rows, total] = await em.findAndCount(InspectionAgency, where, {
      orderBy: { name: 'asc', id: 'asc' },
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    });
    return { items: await this.agencyDtos(em, zone, rows), total, page: q.page, pageSize: q.pageSize };
  }

  async getAgency(em: Em, id: string): Promise<InspectionAgency> {
    const a = await em.findOne(InspectionAgency, { id });
    if (!a) throw agencyNotFound();
    return a;
  }

  /** Members are users of the zone with the inspector role. */
  async #members(em: Em, ids: string[]): Promise<string[]> {
    const unique = [...new Set(ids)];
    if (!unique.length) return [];
    const found = await em.find(User, { id: { $in: unique } }, { fields: ['id', 'role'] });
    const gone = unique.filter((id) => !found.some((u) => u.id === id));
    if (gone.length) throw missing('用户', 'User', gone.length);
    const wrong = found.filter((u) => u.role !== 'inspector');
    if (wrong.length)
      throw badRequest(t('机构成员须为第三方检查员', 'Agency members must be third-party inspectors'), [
        {
          path: 'memberUserIds',
          code: 'invalid_role',
          message: t('机构成员须为第三方检查员', 'Agency members must be third-party inspectors'),
        },
      ]);
    return unique;
  }

  async createAgency(em: Em, body: z.output<typeof createInspectionAgencyRequest>): Promise<InspectionAgency> {
    const memberUserIds = await this.#members(em, body.memberUserIds);
    const a = em.create(InspectionAgency, {
      name: body.name,
      creditCode: body.creditCode ?? null,
      contactName: body.contactName,
      contactPhone: body.contactPhone,
      memberUserIds,
    } as never);
    await em.flush();
    return a;
  }

  async updateAgency(em: Em, id: string, body: z.output<typeof updateInspectionAgencyRequest>): Promise<InspectionAgency> {
    const a = await this.getAgency(em, id);
    if (body.memberUserIds !== undefined) a.memberUserIds = await this.#members(em, body.memberUserIds);
    if (body.name !== undefined) a.name = body.name;
    if (body.creditCode !== undefined) a.creditCode = body.creditCode;
    if (body.contactName !== undefined) a.contactName = body.contactName;
    if (body.contactPhone !== undefined) a.contactPhone = body.contactPhone;
    await em.flush();
    return a;
  }

  // ---- contracts ----

  async contractDtos(em: Em, zone: Zone, rows: InspectionContract[]): Promise<InspectionContractDto[]> {
    const agencyIds = [...new Set(rows.map((r) => r.agencyId))];
    const names = new Map(
      agencyIds.length
        ? (await em.find(InspectionAgency, { id: { $in: agencyIds } }, { fields: ['id', 'name'] })).map((a) => [a.id, a.name])
        : [],
    );
    const today = localDate(new Date(), zone.timeZone);
    return rows.map((r) => ({
      id: r.id,
      agencyId: r.agencyId,
      agencyName: names.get(r.agencyId) ?? '',
      name: r.name,
      enterpriseIds: r.enterpriseIds ?? [],
      templateIds: r.templateIds ?? [],
      startDate: r.startDate,
      endDate: r.endDate,
      active: r.startDate <= today && today <= r.endDate,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
    }));
  }

  async listContracts(em: Em, zone: Zone, q: z.output<typeof inspectionContractsQuery>): Promise<Page<InspectionContractDto>> {
    const where: Record<string, unknown>[] = [];
    if (q.agencyId) where.push({ agencyId: q.agencyId });
    if (q.active) {
      const today = localDate(new Date(), zone.timeZone);
      where.push(
        q.active === 'true'
          ? { startDate: { $lte: today }, endDate: { $gte: today } }
          : { $or: [{ startDate: { $gt: today } }, { endDate: { $lt: today } }] },
      );
    }
    const [rows, total] = await em.findAndCount(InspectionContract, where.length ? { $and: where } : {}, {
      orderBy: { endDate: 'desc', id: 'asc' },
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    });
    return { items: await this.contractDtos(em, zone, rows), total, page: q.page, pageSize: q.pageSize };
  }

  async getContract(em: Em, id: string): Promise<InspectionContract> {
    const c = await em.findOne(InspectionContract, { id });
    if (!c) throw contractNotFound();
    return c;
  }

  async #enterprises(em: Em, ids: string[]): Promise<string[]> {
    const unique = [...new Set(ids)];
    const found = new Set((await em.find(Enterprise, { id: { $in: unique } }, { fields: ['id'] })).map((e) => e.id));
    const gone = unique.filter((id) => !found.has(id));
    if (gone.length) throw missing('企业', 'Enterprise', gone.length);
    return unique;
  }

  async #templates(em: Em, ids: string[]): Promise<string[]> {
    const unique = [...new Set(ids)];
    if (!unique.length) return [];
    const found = new Set((await em.find(InspectionTemplate, { id: { $in: unique } }, { fields: ['id'] })).map((x) => x.id));
    const gone = unique.filter((id) => !found.has(id));
    if (gone.length) throw missing('检查表模板', 'Checklist template', gone.length);
    return unique;
  }

  async createContract(em: Em, body: z.output<typeof createInspectionContractRequest>): Promise<InspectionContract> {
    await this.getAgency(em, body.agencyId);
    const c = em.create(InspectionContract, {
      agencyId: body.agencyId,
      name: body.name,
      enterpriseIds: await this.#enterprises(em, body.enterpriseIds),
      templateIds: await this.#templates(em, body.templateIds),
      startDate: body.startDate,
      endDate: body.endDate,
    } as never);
    await em.flush();
    return c;
  }

  async updateContract(em: Em, id: string, body: z.output<typeof updateInspectionContractRequest>): Promise<InspectionContract> {
    const c = await this.getContract(em, id);
    const startDate = body.startDate ?? c.startDate;
    const endDate = body.endDate ?? c.endDate;
    if (endDate < startDate)
      throw badRequest(t('结束日期不能早于开始日期', 'The end date cannot be before the start date'), [
        {
          path: 'endDate',
          code: 'date_order',
          message: t('结束日期不能早于开始日期', 'The end date cannot be before the start date'),
        },
      ]);
    if (body.enterpriseIds !== undefined) c.enterpriseIds = await this.#enterprises(em, body.enterpriseIds);
    if (body.templateIds !== undefined) c.templateIds = await this.#templates(em, body.templateIds);
    if (body.name !== undefined) c.name = body.name;
    c.startDate = startDate;
    c.endDate = endDate;
    await em.flush();
    return c;
  }
}
