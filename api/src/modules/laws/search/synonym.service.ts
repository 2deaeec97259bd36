import type {
  CreateLawSynonymGroupRequest,
  LawSynonymGroup as LawSynonymGroupDto,
  UpdateLawSynonymGroupRequest,
} from '@yuanan/contracts';
import type { Em } from '../../../core/db/orm.ts';
import { AppError, notFound, t } from '../../../core/http/problem.ts';
import { LawSynonymGroup } from '../law.entity.ts';
import type { LawScope } from '../law-scope.ts';
import { normalizeText } from './segmenter.ts';

/**
 * Pairs that look alike but are different things and must never be made synonyms: 特种作业 (licensed special
 * trades, 《特种作业人员安全技术培训考核管理规定》) is not 特殊作业 (GB 30871 hazardous work permits).
 */
export const DISTINCT_TERMS: ReadonlyArray<readonly [string, string]> = [['特种作业', '特殊作业']];

/** How long a process keeps a tenant's synonym groups (ms): another process's edits show within about it. */
const CACHE_MS = 1_000;

/** A group's terms as the search uses them: normalised (normalizeText), unique, each ≥ 1 character. */
export type SynonymTerms = string[];

/**
 * Synonym groups (同义词) as editable data: the platform's groups apply to every zone, a zone's own groups to its
 * searches only. A zone edits only its own groups (the platform operator the platform's); a platform group is
 * read-only to a zone (403). Writes go through the caller's tenant em (the tenant guard stamps and checks it).
 */
export class SynonymService {
  readonly #cache = new Map<string, { at: number; groups: SynonymTerms[] }>();

  /** The groups that apply to a search in this scope (platform + own), normalised. Cached ~1 s per scope. */
  async groupsFor(em: Em, scope: LawScope): Promise<SynonymTerms[]> {
    const key = scope.tenantIds.join(',');
    const hit = this.#cache.get(key);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.groups;
    const rows = await scope.find(em, LawSynonymGroup, {});
    const groups = rows
      .map((r) => [...new Set(r.terms.map(normalizeText).filter((x) => x.trim() !== ''))])
      .filter((g) => g.length >= 2);
    this.#cache.set(key, { at: Date.now(), groups });
    return groups;
  }

  /** The groups visible to the caller (platform + own), own first, with `editable`. */
  async list(em: Em, scope: LawScope): Promise<LawSynonymGroupDto[]> {
    const rows = await scope.find(em, LawSynonymGroup, {}, { orderBy: { createdAt: 'asc' } });
    return rows.map((r) => toDto(r, scope)).sort((a, b) => (a.editable === b.editable ? 0 : a.editable ? -1 : 1));
  }

  /** Adds a group to the caller's tenant. 400 when fewer than 2 distinct terms or a distinct pair is grouped. */
  async create(em: Em, scope: LawScope, body: CreateLawSynonymGroupRequest): Promise<LawSynonymGroupDto> {
    const terms = checkTerms(body.terms);
    const row = em.create(LawSynonymGroup, { terms, note: body.note ?? null } as never);
    await em.flush();
    this.#cache.clear();
    return toDto(row, scope);
  }

  /** Edits one of the caller's own groups (403 for a platform group seen from a zone, 404 when not visible). */
  async update(em: Em, scope: LawScope, id: string, body: UpdateLawSynonymGroupRequest): Promise<LawSynonymGroupDto> {
    const row = await this.#own(em, scope, id);
    if (body.terms !== undefined) row.terms = checkTerms(body.terms);
    if (body.note !== undefined) row.note = body.note ?? null;
    await em.flush();
    this.#cache.clear();
    return toDto(row, scope);
  }

  /** Deletes one of the caller's own groups (same refusals as update). */
  async remove(em: Em, scope: LawScope, id: string): Promise<void> {
    const row = await this.#own(em, scope, id);
    await em.remove(row).flush();
    this.#cache.clear();
  }

  async #own(em: Em, scope: LawScope, id: string): Promise<LawSynonymGroup> {
    const row = await em.findOne(LawSynonymGroup, { id });
    if (row) return row;
    if (await scope.findOne(em, LawSynonymGroup, { id }))
      throw new AppError(
        403,
        'forbidden',
        t('平台同义词由平台维护，园区只能查看', 'Platform synonym groups are read-only to a zone'),
      );
    throw notFound('同义词组');
  }
}

/** Trimmed, de-duplicated (by normalised form) terms; refuses < 2 distinct terms and the DISTINCT_TERMS pairs. */
export function checkTerms(raw: string[]): string[] {
  const seen = new Set<string>();
  const terms: string[] = [];
  for (const x of raw) {
    const v = x.trim();
    const n = normalizeText(v);
    if (!n.trim() || seen.has(n)) continue;
    seen.add(n);
    terms.push(v);
  }
  if (terms.length < 2)
    throw new AppError(
      400,
      'validation_failed',
      t('同义词组至少需要两个不同的词', 'A synonym group needs at least two different terms'),
      {
        errors: [{ path: 'terms', code: 'too_small', message: t('至少两个不同的词', 'at least two different terms') }],
      },
    );
  for (const [a, b] of DISTINCT_TERMS)
    if (seen.has(a) && seen.has(b))
      throw new AppError(
        400,
        'validation_failed',
        t(`“${a}”与“${b}”不是同义词，不能放在一组`, `“${a}” and “${b}” are different things and cannot be synonyms`),
        { errors: [{ path: 'terms', code: 'distinct_terms', message: t(`${a} ≠ ${b}`, `${a} ≠ ${b}`) }] },
      );
  return terms;
}

function toDto(r: LawSynonymGroup, scope: LawScope): LawSynonymGroupDto {
  return {
    id: r.id,
    terms: r.terms,
    note: r.note ?? null,
    scope: scope.scopeOf(r.tenantId),
    editable: r.tenantId === scope.tenantId,
    updatedAt: r.updatedAt.toISOString(),
  };
}
