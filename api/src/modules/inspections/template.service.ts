import { randomBytes } from 'node:crypto';
import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { z } from 'zod';
import type {
  createInspectionTemplateRequest,
  InspectionTemplate as InspectionTemplateDto,
  InspectionTemplatesQuery,
  Page,
  updateInspectionTemplateRequest,
} from '@yuanan/contracts';
import type { Actor } from '../../core/context/request-scope.ts';
import type { Em } from '../../core/db/orm.ts';
import { AppError, conflict, t } from '../../core/http/problem.ts';
import { CURRENT_CHECKLIST } from '@yuanan/domain';
import { User } from '../identity/identity.entity.ts';
import { CatalogItem } from '../tenants/tenant.entity.ts';
import type { LawCitationPort } from '../hazards/hazard-citations.ts';
import { provisionDefaultTemplates } from './default-templates.ts';
import { InspectionContract, InspectionPlan, InspectionTemplate } from './inspection.entity.ts';

/** 409 on a change to a published (or retired) version: a change is a new revision. */
export const PUBLISHED_IMMUTABLE = t(
  '已发布的版本不可修改，请新建修订版',
  'A published version cannot be changed: create a revision',
);

export const templateNotFound = () => new AppError(404, 'not_found', t('未找到该检查表模板', 'Checklist template not found'));

/** Like-pattern text with its wildcards escaped. */
const likeText = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

type Sections = InspectionTemplate['sections'];

/**
 * 422 on the first item whose majorClause is not a clause of the current 部令第10号 checklist or whose categoryCode
 * is not an enabled hazard category of the zone: such an item would raise a non-major hazard under 其他 when failed.
 */
async function checkItemRefs(em: Em, sections: Sections): Promise<void> {
  const clauses = new Set(CURRENT_CHECKLIST.items.map((i) => i.code));
  const needsCats = sections.some((s) => s.items.some((it) => it.categoryCode));
  const cats = needsCats
    ? new Set((await em.find(CatalogItem, { kind: 'hazard_category', enabled: true }, { fields: ['code'] })).map((c) => c.code))
    : new Set<string>();
  for (const [si, s] of sections.entries())
    for (const [ii, it] of s.items.entries()) {
      const at = `sections.${si}.items.${ii}`;
      if (it.majorClause && !clauses.has(it.majorClause))
        throw badRef(
          `${at}.majorClause`,
          'unknown_major_clause',
          t(
            `“${it.majorClause}”不是现行重大事故隐患判定标准的条款`,
            `“${it.majorClause}” is not a clause of the current major-hazard checklist`,
          ),
        );
      if (it.categoryCode && !cats.has(it.categoryCode))
        throw badRef(
          `${at}.categoryCode`,
          'unknown_category',
          t(
            `“${it.categoryCode}”不是本园区启用的隐患类别`,
            `“${it.categoryCode}” is not an enabled hazard category of this zone`,
          ),
        );
    }
}

const badRef = (path: string, code: string, message: ReturnType<typeof t>) =>
  new AppError(422, 'validation_failed', message, { errors: [{ path, code, message }] });

/**
 * Checklist templates (检查表模板): versions of a stable code. A draft is edited freely; publishing it retires the
 * code's previously published version (one published version per code); a published version is never changed —
 * `revise` starts the next draft version from it; `retire` takes a version out of use (plans skip it).
 */
export class TemplateService {
  /** The law library's citation service (`c.lawCitations`), set when the services are built; null: no library. */
  lawCitations: LawCitationPort | null = null;

  /**
   * Every item's cited articles exist and are visible to the zone: one check of the distinct refs; a refusal
   * (422 `law_citation_not_found`) gets the path of the first item citing the bad ref, so the form marks it.
   */
  async #checkCitations(em: Em, sections: Sections): Promise<void> {
    const cited = sections.flatMap((s, si) =>
      s.items.flatMap((it, ii) =>
        (it.citations ?? []).map((r, ci) => ({ r, path: `sections.${si}.items.${ii}.citations.${ci}` })),
      ),
    );
    if (!cited.length) return;
    if (!this.lawCitations)
      throw new AppError(422, 'law_citation_not_found', t('法规库不可用，无法引用条文', 'The law library is not available'));
    const seen = new Set<string>();
    const refs = cited
      .map((c) => c.r)
      .filter((r) => !seen.has(`${r.versionId}#${r.articleKey}`) && !!seen.add(`${r.versionId}#${r.articleKey}`));
    try {
      await this.lawCitations.validate(em, refs);
    } catch (e) {
      if (!(e instanceof AppError) || e.code !== 'law_citation_not_found') throw e;
      // Which item: the refs one by one (only on this failure path), the first refused one names its item.
      let at = cited[0]!;
      for (const c of cited) {
        const ok = await this.lawCitations.validate(em, [c.r]).then(
          () => true,
          () => false,
        );
        if (!ok) {
          at = c;
          break;
        }
      }
      const message = e.detail ?? t('引用的法规条文不存在', 'The cited article does not exist');
      throw new AppError(422, 'law_citation_not_found', message, {
        errors: [{ path: at.path, code: 'law_citation_not_found', message }],
      });
    }
  }

  /**
   * The reverse index of a template version's citations (law_citations, source 'checklist_item', one source per
   * template version: its id, labelled 名称（第N版）), in the caller's transaction; [] clears it (retired).
   */
  async #syncCitations(em: Em, row: InspectionTemplate, refs?: Array<{ versionId: string; articleKey: string }>): Promise<void> {
    if (!this.lawCitations) return;
    const seen = new Set<string>();
    const all = (refs ?? row.sections.flatMap((s) => s.items.flatMap((it) => it.citations ?? []))).filter(
      (r) => !seen.has(`${r.versionId}#${r.articleKey}`) && !!seen.add(`${r.versionId}#${r.articleKey}`),
    );
    await this.lawCitations.sync(em, 'checklist_item', row.id, `${row.name}（第${row.version}版）`.slice(0, 200), all);
  }

  async dtos(em: Em, rows: InspectionTemplate[]): Promise<InspectionTemplateDto[]> {
    const userIds = [...new Set(rows.map((r) => r.createdBy).filter((x): x is string => !!x))];
    const names = new Map(
      userIds.length
        ? (await em.find(User, { id: { $in: userIds } }, { fields: ['id', 'name'] })).map((u) => [u.id, u.name])
        : [],
    );
    return rows.map((r) => ({
      id: r.id,
      code: r.code,
      version: r.version,
      status: r.status,
      name: r.name,
      description: r.description ?? null,
      industries: r.industries ?? [],
      tags: r.tags ?? [],
      sections: r.sections,
      itemCount: r.sections.reduce((n, s) => n + s.items.length, 0),
      needsExpertReview: r.needsExpertReview,
      publishedAt: r.publishedAt?.toISOString() ?? null,
      createdBy: r.createdBy ?? null,
      createdByName: r.createdBy ? (names.get(r.createdBy) ?? null) : null,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
    }));
  }

  async dto(em: Em, row: InspectionTemplate): Promise<InspectionTemplateDto> {
    return (await this.dtos(em, [row]))[0]!;
  }

  /** The latest version of each code (after the status and text filters), unless all versions or one code are asked. */
  /** Zones whose default templates are known to be there (this process). */
  readonly #provisioned = new Set<string>();

  /**
   * A zone created before the default templates existed gets them when its templates are first listed (new zones
   * get them from the provisioner). A zone that retired them keeps its retired rows, so they never come back.
   */
  async #ensureDefaults(em: Em, tenantId: string): Promise<void> {
    if (this.#provisioned.has(tenantId)) return;
    if (!(await em.count(InspectionTemplate, { code: { $like: 'default\\_%' } }))) await provisionDefaultTemplates(em);
    this.#provisioned.add(tenantId);
  }

  async list(em: Em, q: InspectionTemplatesQuery, tenantId?: string): Promise<Page<InspectionTemplateDto>> {
    if (tenantId) await this.#ensureDefaults(em, tenantId);
    const where: Record<string, unknown>[] = [];
    if (q.status) where.push({ status: q.status });
    if (q.code) where.push({ code: q.code });
    if (q.q) where.push({ name: { $like: `%${likeText(q.q)}%` } });
    // A zone has tens of templates, a few versions each: read them and keep the latest of each code here.
    let rows = await em.find(InspectionTemplate, where.length ? { $and: where } : {}, {
      orderBy: { code: 'asc', version: 'desc' },
    });
    if (q.allVersions !== 'true' && !q.code) {
      const seen = new Set<string>();
      rows = rows.filter((r) => !seen.has(r.code) && seen.add(r.code));
    }
    // By the name of each code's newest version, then newest version first within a code.
    const groupName = new Map<string, string>();
    for (const r of rows) if (!groupName.has(r.code)) groupName.set(r.code, r.name);
    rows.sort(
      (a, b) =>
        groupName.get(a.code)!.localeCompare(groupName.get(b.code)!, 'zh-CN') ||
        a.code.localeCompare(b.code) ||
        b.version - a.version,
    );
    const start = (q.page - 1) * q.pageSize;
    return {
      items: await this.dtos(em, rows.slice(start, start + q.pageSize)),
      total: rows.length,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  async get(em: Em, id: string): Promise<InspectionTemplate> {
    const row = await em.findOne(InspectionTemplate, { id });
    if (!row) throw templateNotFound();
    return row;
  }

  async create(em: Em, actor: Actor, body: z.output<typeof createInspectionTemplateRequest>): Promise<InspectionTemplate> {
    await checkItemRefs(em, body.sections as Sections);
    await this.#checkCitations(em, body.sections as Sections);
    const row = em.create(InspectionTemplate, {
      code: `tpl_${randomBytes(6).toString('hex')}`,
      version: 1,
      status: 'draft',
      name: body.name,
      description: body.description ?? null,
      industries: body.industries,
      tags: body.tags,
      sections: body.sections,
      needsExpertReview: body.needsExpertReview,
      publishedAt: null,
      createdBy: actor.userId,
    } as never);
    await em.flush();
    return row;
  }

  /**
   * Runs `fn` on the row locked for update in a transaction: a publish and an edit of the same draft cannot both
   * pass their status check. Changes go through the ORM, so the audit trail records them.
   */
  async #locked(em: Em, id: string, fn: (tx: Em, row: InspectionTemplate) => Promise<void>): Promise<InspectionTemplate> {
    await em.transactional(async (tx) => {
      const row = await tx.findOne(InspectionTemplate, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!row) throw templateNotFound();
      await fn(tx, row);
    });
    return em.fork().findOneOrFail(InspectionTemplate, { id });
  }

  /** Drafts only: a published or retired version is 409. */
  async update(em: Em, id: string, body: z.output<typeof updateInspectionTemplateRequest>): Promise<InspectionTemplate> {
    return this.#locked(em, id, async (tx, row) => {
      if (row.status !== 'draft') throw conflict(PUBLISHED_IMMUTABLE);
      if (body.sections !== undefined) {
        await checkItemRefs(tx, body.sections as Sections);
        await this.#checkCitations(tx, body.sections as Sections);
      }
      if (body.name !== undefined) row.name = body.name;
      if (body.description !== undefined) row.description = body.description;
      if (body.industries !== undefined) row.industries = body.industries;
      if (body.tags !== undefined) row.tags = body.tags;
      if (body.sections !== undefined) row.sections = body.sections;
      if (body.needsExpertReview !== undefined) row.needsExpertReview = body.needsExpertReview;
    });
  }

  /**
   * Draft → published; the code's previously published version is retired in the same transaction, and every plan's
   * and contract's templateIds naming an older version of the code is pointed at this one.
   */
  async publish(em: Em, id: string): Promise<InspectionTemplate> {
    return this.#locked(em, id, async (tx, row) => {
      if (row.status !== 'draft') throw conflict(t('只有草稿可以发布', 'Only a draft can be published'));
      await checkItemRefs(tx, row.sections);
      await this.#checkCitations(tx, row.sections);
      row.status = 'published';
      row.publishedAt = new Date();
      await this.#syncCitations(tx, row);
      const previous = await tx.find(InspectionTemplate, { code: row.code, status: 'published', id: { $ne: id } });
      for (const p of previous) {
        p.status = 'retired';
        await this.#syncCitations(tx, p, []);
      }
      // Plans and contracts that named a retired version of this code now name the new one (same transaction).
      const oldIds = new Set(
        (await tx.find(InspectionTemplate, { code: row.code, id: { $ne: id } }, { fields: ['id'] })).map((r) => r.id),
      );
      const swap = (ids: string[] | null | undefined): string[] | null => {
        if (!ids?.some((x) => oldIds.has(x))) return null;
        return [...new Set(ids.map((x) => (oldIds.has(x) ? id : x)))];
      };
      for (const holder of [...(await tx.find(InspectionPlan, {})), ...(await tx.find(InspectionContract, {}))] as Array<{
        templateIds: string[];
      }>) {
        const next = swap(holder.templateIds);
        if (next) holder.templateIds = next;
      }
    });
  }

  /** A new draft version (latest + 1) with the content of a published or retired version. One open draft per code. */
  async revise(em: Em, actor: Actor, id: string): Promise<InspectionTemplate> {
    const src = await this.get(em, id);
    if (src.status === 'draft')
      throw conflict(t('草稿可直接修改，无需新建修订版', 'A draft can be edited as it is: no revision needed'));
    const draft = await em.findOne(InspectionTemplate, { code: src.code, status: 'draft' }, { fields: ['id', 'version'] });
    if (draft)
      throw conflict(
        t(
          `该模板已有未发布的修订版（第 ${draft.version} 版）`,
          `This template already has an unpublished revision (version ${draft.version})`,
        ),
      );
    const latest = await em.findOne(
      InspectionTemplate,
      { code: src.code },
      { orderBy: { version: 'desc' }, fields: ['version'] },
    );
    const fork = em.fork();
    const row = fork.create(InspectionTemplate, {
      code: src.code,
      version: (latest?.version ?? src.version) + 1,
      status: 'draft',
      name: src.name,
      description: src.description ?? null,
      industries: [...(src.industries ?? [])],
      tags: [...(src.tags ?? [])],
      sections: structuredClone(src.sections),
      needsExpertReview: src.needsExpertReview,
      publishedAt: null,
      createdBy: actor.userId,
    } as never);
    try {
      await fork.flush();
    } catch (e) {
      // Two revisions at once: the unique (tenant, code, version) lets one through.
      if (e instanceof UniqueConstraintViolationException)
        throw conflict(t('该模板正在被他人修订，请刷新后重试', 'Someone else is revising this template: reload and try again'));
      throw e;
    }
    return this.get(em, row.id);
  }

  /** Published or draft → retired (plans no longer use it; tasks made from it keep it). */
  async retire(em: Em, id: string): Promise<InspectionTemplate> {
    return this.#locked(em, id, async (_tx, row) => {
      if (row.status === 'retired') throw conflict(t('该版本已停用', 'This version is already retired'));
      row.status = 'retired';
      // A retired version is no longer used: its citations leave the reverse index (引用待复核 lists what is in use).
      await this.#syncCitations(_tx, row, []);
    });
  }
}
