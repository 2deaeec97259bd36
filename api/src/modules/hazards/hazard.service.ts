import {
  availableActions,
  can,
  canTransition,
  HAZARD_SOURCE_LABELS,
  HAZARD_TRANSITIONS,
  isEnterpriseRole,
  type LocalText,
  type Hazard as HazardDto,
  type HazardAction,
  type HazardsQuery,
  type LawCitationRef,
  type ResolvedLawCitation,
} from '@yuanan/contracts';
import {
  addDays,
  CHECKLISTS,
  CURRENT_CHECKLIST,
  daysOverdue,
  endOfLocalDay,
  localDate,
  migrateChecklistCodes,
} from '@yuanan/domain';
import type { Actor } from '../../core/context/request-scope.ts';
import type { Em } from '../../core/db/orm.ts';
import { alreadyDecided, compareAndSet } from '../../core/db/compare-and-set.ts';
import { uuidv7 } from '../../core/db/ids.ts';
import { StoredFile } from '../../core/files/file.entity.ts';
import { AppError, forbidden, notFound, t as both } from '../../core/http/problem.ts';
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
import { hazardLedger } from './hazard-ledger.ts';
import { visibleHazard } from './hazard-scope.ts';
import type { TextLang } from '../../core/i18n/stored-text.ts';
import { timelineActor, timelineNote } from './timeline-text.ts';
import { nextEscalation } from './escalation-text.ts';
import { citationFlags, distinctRefs, type LawCitationPort } from './hazard-citations.ts';

/** Outbox events of the closed loop (escalation scheduling and notifications subscribe to them). */
export const HAZARD_CHANGED = 'hazard.changed';

const OPEN = ['confirmed', 'rectifying'] as const;
const fieldError = (path: string, message: string) =>
  new AppError(400, 'validation_failed', message, { errors: [{ path, code: 'required', message }] });
/** A 400 on one field, worded in both languages. */
const localFieldError = (path: string, code: string, message: LocalText) =>
  new AppError(400, 'validation_failed', message, { errors: [{ path, code, message }] });

/**
 * 四眼原则 (separation of duties): whether `by` (who submitted a rectification, who asked for an extension) is the
 * actor deciding on it now — the platform operator acting in the zone counts as themselves.
 */
const ownWork = (actor: Actor, by: string | null | undefined): boolean =>
  by != null && (by === actor.userId || by === actor.actingAs?.platformUserId);
const OWN_REVIEW = both(
  '不能复核自己提交的整改：请由其他安监人员复核',
  'You cannot review a rectification you submitted yourself: another officer reviews it',
);
const OWN_EXTENSION = both(
  '不能审批自己提出的延期申请：请由其他安监人员审批',
  'You cannot decide an extension you asked for yourself: another officer decides it',
);

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
  majorChecklistVersion?: string;
  legalBasis?: string;
  citations?: LawCitationRef[];
  measures?: string;
  cost?: number;
  reason?: string;
};

/** The body of POST /hazards (contracts `createHazardRequest`, parsed). */
type CreateInput = {
  enterpriseId: string;
  source: string;
  categoryCode: string;
  description: string;
  place?: string;
  location?: { lat: number; lng: number };
  photoIds: string[];
  treatment?: 'immediate' | 'deadline';
  majorChecklistItems?: string[];
  majorChecklistVersion?: string;
  legalBasis?: string;
  /** Law articles cited (contracts `hazardCitations`: ≤ 10, each once). */
  citations?: LawCitationRef[];
  fixedOnSpot?: { photoIds: string[]; measures: string };
  grade?: 'general' | 'major';
  deadline?: string;
  responsibleName?: string;
  responsibleUserId?: string;
};

/**
 * The furthest a rectification deadline may be set, in days from today. A deadline years away is a slip of the
 * keyboard (2099) and would never escalate; a major hazard's governance plan runs on a deadline within months.
 */
export const MAX_DEADLINE_DAYS = 366;

/** A checked registration: what `confirm` would have set. `deadline` is the end of `deadlineDate` in the zone. */
type Registration = {
  grade: 'general' | 'major';
  treatment: 'immediate' | 'deadline';
  deadlineDate: string;
  deadline: Date;
  responsibleName: string;
  responsibleUserId: string | null;
};

/**
 * A rule another module adds to the closed loop (inspections: the re-check before closing, recheck.ts). Both run
 * inside the transition's transaction, under the hazard's row lock: `before` may refuse (throw an AppError) once the
 * state machine allowed the action; `after` sees the new status and may write rows of its own.
 */
export interface HazardTransitionHook {
  before?(em: Em, actor: Actor, tenant: TenantInfo, h: Hazard, action: HazardAction): Promise<void>;
  after?(em: Em, actor: Actor, tenant: TenantInfo, h: Hazard, action: HazardAction, from: string): Promise<void>;
}

export class HazardService {
  readonly #files: FileService;
  /** Rules of other modules on transitions (see HazardTransitionHook), registered when the services are built. */
  readonly transitionHooks: HazardTransitionHook[] = [];
  /** The law library's citation service (`c.lawCitations`), set when the services are built; null: no citations. */
  lawCitations: LawCitationPort | null = null;
  constructor(files: FileService) {
    this.#files = files;
  }

  /** The citation service, or a 422 when a record cites articles and there is no library to check them against. */
  #laws(): LawCitationPort {
    if (!this.lawCitations)
      throw new AppError(422, 'law_citation_not_found', both('法规库不可用，无法引用条文', 'The law library is not available'));
    return this.lawCitations;
  }

  /**
   * Checks the cited articles (422 `law_citation_not_found` for one that does not exist or is not visible) and
   * gives them back without repeats; undefined stays undefined (unchanged), [] clears.
   */
  async #checkCitations(em: Em, refs: LawCitationRef[] | undefined): Promise<LawCitationRef[] | undefined> {
    if (refs === undefined) return undefined;
    const list = distinctRefs(refs);
    if (list.length) await this.#laws().validate(em, list);
    return list;
  }

  /** The reverse index of a hazard's citations (law_citations), in the caller's transaction. */
  async #syncCitations(em: Em, h: Hazard): Promise<void> {
    if (!this.lawCitations) return;
    await this.lawCitations.sync(em, 'hazard', h.id, `${h.code} ${h.description}`.slice(0, 200), h.citations ?? []);
  }

  /** A hazard's citations resolved as of today (detail, notice); [] when it cites nothing. */
  async citationsOf(em: Em, h: Pick<Hazard, 'citations'>): Promise<ResolvedLawCitation[]> {
    if (!h.citations?.length || !this.lawCitations) return [];
    return this.lawCitations.resolve(em, h.citations);
  }

  /**
   * The next hazard number of the zone's day, `YH-YYYYMMDD-NNNN`. The upsert takes the counter row's lock and the
   * read in the same transaction sees our own increment, so two reports never share a number. (Reading the value
   * back instead of relying on LAST_INSERT_ID(expr) on the update path keeps it portable: some TiDB versions do not
   * return that id, pingcap/tidb#23914.)
   */
  async #code(em: Em, tenant: TenantInfo): Promise<string> {
    const day = localDate(new Date(), tenant.timeZone).replace(/-/g, '');
    const now = new Date();
    const value = await em.transactional(async (tx) => {
      const conn = tx.getConnection();
      await conn.execute(
        `INSERT INTO hazard_counters (id, tenant_id, day, value, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?)
           ON DUPLICATE KEY UPDATE value = value + 1, updated_at = ?`,
        [uuidv7(), tenant.id, day, now, now, now],
        'run',
        tx.getTransactionContext(),
      );
      const rows = (await conn.execute(
        'SELECT value FROM hazard_counters WHERE tenant_id = ? AND day = ?',
        [tenant.id, day],
        'all',
        tx.getTransactionContext(),
      )) as Array<{ value: number }>;
      return Number(rows[0]!.value);
    });
    return `YH-${day}-${String(value).padStart(4, '0')}`;
  }

  /** Clause codes checked against the current 部令第10号 checklist; codes of an older `version` are moved first. */
  #checklist(items: string[] | undefined, version?: string): string[] {
    if (version && version !== CURRENT_CHECKLIST.id && !CHECKLISTS.some((c) => c.id === version))
      throw new AppError(
        400,
        'validation_failed',
        both(`没有这个版本的判定标准：${version}`, `No checklist version ${version}`),
        {
          errors: [
            {
              path: 'majorChecklistVersion',
              code: 'invalid_value',
              message: both(`没有这个版本的判定标准：${version}`, `No checklist version ${version}`),
            },
          ],
        },
      );
    const moved = version && items ? migrateChecklistCodes(items, version, CURRENT_CHECKLIST.id) : items;
    const codes = [...new Set(moved ?? [])];
    const unknown = codes.filter((c) => !CURRENT_CHECKLIST.items.some((i) => i.code === c));
    if (unknown.length) throw fieldError('majorChecklistItems', `判定标准中没有条款：${unknown.join('、')}`);
    return codes;
  }

  async #category(em: Em, code: string): Promise<CatalogItem> {
    const cat = await em.findOne(CatalogItem, { kind: 'hazard_category', code, enabled: true });
    if (!cat) throw fieldError('categoryCode', '本园区没有该隐患类别');
    return cat;
  }

  /** Hazards as the api gives them; `lang` is the caller's, for the words of the next escalation. */
  async dtos(em: Em, actor: Actor, tenant: TenantInfo, rows: Hazard[], lang: TextLang = 'zh-CN'): Promise<HazardDto[]> {
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
    const flags = await citationFlags(em, this.lawCitations, rows);
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
        overdueDays:
          h.deadline && h.deadline < now && (OPEN as readonly string[]).includes(h.status)
            ? Math.max(1, daysOverdue(h.deadline, now, tz))
            : 0,
        measures: h.measures ?? null,
        cost: h.cost == null ? null : Number(h.cost),
        legalBasis: h.legalBasis ?? null,
        citationFlag: flags.get(h.id) ?? false,
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
        pendingExtension: ext
          ? {
              id: ext.id,
              requestedDeadline: ext.requestedDeadline,
              reason: ext.reason,
              requestedByMe: ownWork(actor, ext.requestedBy),
            }
          : null,
        nextEscalation: nextEscalation(tenant, h, lang),
        availableActions: availableActions(
          { status: h.status, enterpriseId: h.enterpriseId, grade: h.grade ?? null },
          { role: actor.actingAs ? 'platform_admin' : actor.role, enterpriseId: actor.enterpriseId },
        ),
        version: h.version,
        updatedAt: isoReq(h.updatedAt),
      };
    });
  }
  /** One hazard with its timeline; composed timeline notes and the system's name in `lang` (timeline-text.ts). */
  async detail(em: Em, actor: Actor, tenant: TenantInfo, id: string, lang: TextLang = 'zh-CN') {
    const h = await visibleHazard(em, actor, id);
    const events = await em.find(HazardEvent, { hazardId: h.id }, { orderBy: { at: 'asc', id: 'asc' } });
    const fileIds = [...new Set(events.flatMap((e) => e.photoIds))];
    const files = new Map((fileIds.length ? await em.find(StoredFile, { id: { $in: fileIds } }) : []).map((f) => [f.id, f]));
    const [dto] = await this.dtos(em, actor, tenant, [h], lang);
    // A rectification one submitted oneself is reviewed by someone else (四眼原则): not offered here.
    const submit = events.filter((e) => e.action === 'submit').at(-1);
    if (ownWork(actor, submit?.actorId))
      dto!.availableActions = dto!.availableActions.filter((a) => a !== 'approve' && a !== 'reject');
    return {
      ...dto!,
      citations: await this.citationsOf(em, h),
      events: events.map((e) => ({
        id: e.id,
        action: e.action,
        fromStatus: e.fromStatus ?? null,
        toStatus: e.toStatus ?? null,
        actorName: timelineActor(e.actorName, lang),
        role: e.role ?? null,
        comment: timelineNote(e.comment, lang),
        photos: e.photoIds.map((p) => ({ id: p, url: files.has(p) ? this.#files.signedUrl(files.get(p)!) : '' })),
        lat: e.lat ?? null,
        lng: e.lng ?? null,
        at: isoReq(e.at),
      })),
    };
  }

  /** The ledger page (query in hazard-ledger.ts: index-bound, cursor or page, capped count) as DTOs. */
  async list(em: Em, actor: Actor, tenant: TenantInfo, q: HazardsQuery, lang: 'zh-CN' | 'en' = 'zh-CN') {
    const r = await hazardLedger(em, actor, tenant, q, lang);
    const items = await this.dtos(em, actor, tenant, r.rows, lang);
    return { items, total: r.total, totalCapped: r.totalCapped, nextCursor: r.nextCursor, page: q.page, pageSize: q.pageSize };
  }

  /** Who submitted the hazard's latest rectification (the `submit` on its timeline), or null. */
  async #submittedBy(em: Em, hazardId: string): Promise<string | null> {
    const e = await em.findOne(
      HazardEvent,
      { hazardId, action: 'submit' },
      { orderBy: { at: 'desc', id: 'desc' }, fields: ['actorId'] },
    );
    return e?.actorId ?? null;
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
   * The decision part of a registration by the safety office (安监人员登记): who may (those who may confirm),
   * and the grade, treatment, deadline and responsible person exactly as `confirm` would set them — plus what a
   * registration must have that a confirmation may leave out (a major grade names its 部令第10号 clauses) — the
   * shared rules are `#decideConfirmation`. Everything wrong is a 4xx before anything is written.
   */
  async #registration(
    em: Em,
    actor: Actor,
    tenant: TenantInfo,
    e: Enterprise,
    input: CreateInput,
    checklist: string[],
  ): Promise<Registration | null> {
    const asked =
      input.grade !== undefined ||
      input.deadline !== undefined ||
      input.responsibleName !== undefined ||
      input.responsibleUserId !== undefined;
    if (!asked) return null;
    const who = { role: actor.actingAs ? ('platform_admin' as const) : actor.role, enterpriseId: actor.enterpriseId };
    if (!canTransition({ status: 'reported', enterpriseId: e.id, grade: null }, 'confirm', who))
      throw forbidden(
        both(
          '只有安监人员可以登记并定级隐患；请直接上报，由安监办确认定级',
          'Only the safety office may register and grade a hazard; report it for confirmation instead',
        ),
      );
    if (input.fixedOnSpot)
      throw localFieldError(
        'fixedOnSpot',
        'invalid_value',
        both(
          '登记定级的隐患进入整改闭环，不能同时即查即改',
          'A registered, graded hazard goes into rectification; it cannot also be fixed on the spot',
        ),
      );
    return this.#decideConfirmation(em, tenant, e, {
      grade: input.grade,
      checklist,
      clausesRequired: true,
      treatment: input.treatment,
      deadline: input.deadline,
      responsibleName: input.responsibleName ?? e.principalName ?? '',
      responsibleUserId: input.responsibleUserId,
    });
  }

  /**
   * The grade, treatment, deadline and responsible person of a confirmation (确认定级), checked the same way for a
   * `confirm` transition and for a registration by the safety office:
   * - a hazard meeting a clause of the major-hazard checklist (部令第10号) is major (a general grade is refused);
   *   `clausesRequired`: a major grade must name its clauses (registration);
   * - a major hazard is rectified by a deadline (治理方案, 《安全生产事故隐患排查治理暂行规定》第十五条), never 立即整改;
   * - the deadline (YYYY-MM-DD, the zone's calendar) defaults to today for 立即整改, else to the zone's default days
   *   for the grade; it may not be before today nor more than MAX_DEADLINE_DAYS ahead; it ends at local midnight;
   * - a responsible account must be active in the zone (else 404 user) and belong to the hazard's enterprise —
   *   it is told of this enterprise's hazard (else 400 responsibleUserId).
   * Errors: 400 validation_failed on the field, in both languages.
   */
  async #decideConfirmation(
    em: Em,
    tenant: TenantInfo,
    e: Pick<Enterprise, 'id'>,
    d: {
      grade?: 'general' | 'major';
      checklist: string[];
      clausesRequired: boolean;
      treatment?: 'immediate' | 'deadline' | null;
      deadline?: string;
      responsibleName?: string | null;
      responsibleUserId?: string | null;
    },
  ): Promise<Registration> {
    const grade = d.checklist.length ? 'major' : d.grade;
    if (!grade) throw localFieldError('grade', 'required', both('请选择隐患等级', 'Choose the grade of the hazard'));
    if (d.grade === 'general' && d.checklist.length)
      throw localFieldError(
        'grade',
        'invalid_value',
        both('符合重大事故隐患判定标准条款的隐患必须定为重大隐患', 'A hazard meeting a major-hazard clause must be graded major'),
      );
    if (grade === 'major' && d.clausesRequired && !d.checklist.length)
      throw localFieldError(
        'majorChecklistItems',
        'required',
        both(
          '重大隐患须勾选《重大事故隐患判定标准》（部令第10号）中的条款',
          'A major hazard must name the clauses of the major-hazard checklist (MEM Order No. 10) it meets',
        ),
      );
    if (grade === 'major' && d.treatment === 'immediate')
      throw localFieldError(
        'treatment',
        'invalid_value',
        both('重大隐患须限期整改', 'A major hazard is rectified by a deadline'),
      );
    const treatment = grade === 'major' ? 'deadline' : (d.treatment ?? 'deadline');
    const today = localDate(new Date(), tenant.timeZone);
    const deadlineDate =
      d.deadline ?? (treatment === 'immediate' ? today : addDays(today, tenant.settings.hazardDeadlineDays[grade]));
    if (deadlineDate < today)
      throw localFieldError(
        'deadline',
        'too_small',
        both(`整改期限不能早于今天（${today}）`, `The deadline cannot be before today (${today})`),
      );
    if (deadlineDate > addDays(today, MAX_DEADLINE_DAYS))
      throw localFieldError(
        'deadline',
        'too_big',
        both(
          `整改期限不能晚于 ${addDays(today, MAX_DEADLINE_DAYS)}（一年内）`,
          `The deadline must be within a year (by ${addDays(today, MAX_DEADLINE_DAYS)})`,
        ),
      );
    const responsibleName = (d.responsibleName ?? '').trim();
    if (!responsibleName)
      throw localFieldError(
        'responsibleName',
        'required',
        both('请填写整改责任人', 'Name the person responsible for the rectification'),
      );
    if (d.responsibleUserId) {
      // Another zone's account is "not found"; an account of another enterprise would be told of this one's hazard.
      const u = await em.findOne(User, { id: d.responsibleUserId, status: 'active' }, { fields: ['id', 'enterpriseId'] });
      if (!u) throw notFound('user');
      if (u.enterpriseId !== e.id)
        throw localFieldError(
          'responsibleUserId',
          'invalid_value',
          both('整改责任人须为该企业的账号', 'The responsible account must belong to the enterprise'),
        );
    }
    return {
      grade,
      treatment,
      deadlineDate,
      deadline: endOfLocalDay(deadlineDate, tenant.timeZone),
      responsibleName,
      responsibleUserId: d.responsibleUserId ?? null,
    };
  }

  /**
   * Anyone in the zone who may report files a hazard against a visible enterprise (enterprise staff: their own).
   * A hazard fixed on the spot by a zone inspector closes at once; by the enterprise itself it goes for review.
   * With a `grade` (the safety office's registration, see `#registration`) it is confirmed at once: status
   * `confirmed`, one timeline entry `register`, and the `confirm` outbox event — the enterprise's people are told
   * to rectify and the escalations are scheduled from the deadline, as for any confirmed hazard.
   * `visible`: the enterprise, when the caller has already established that the actor may report on it (an
   * inspection task they perform, read through the task's scope): saves reading the enterprise scope again (for a
   * third-party inspector, the agency's contracts in force) inside a submission.
   * `citations` are checked against the law library (422 `law_citation_not_found`, nothing written) — except with
   * `dropMissingCitations` (a hazard raised by a failed checklist item: the item's citations were checked when the
   * template was saved; one gone since is left out rather than refusing the inspector's whole submission).
   */
  async create(
    em: Em,
    actor: Actor,
    tenant: TenantInfo,
    input: CreateInput,
    visible?: Enterprise,
    opts: { dropMissingCitations?: boolean } = {},
  ): Promise<Hazard> {
    const e = visible?.id === input.enterpriseId ? visible : await visibleEnterprise(em, actor, input.enterpriseId);
    if (isEnterpriseRole(actor.role) && actor.enterpriseId !== e.id) throw forbidden();
    if (isEnterpriseRole(actor.role) && input.source !== 'self_check')
      throw fieldError('source', '企业上报的隐患来源为“企业自查”');
    await this.#category(em, input.categoryCode);
    await this.#files.assertUsable(em, actor, [...input.photoIds, ...(input.fixedOnSpot?.photoIds ?? [])]);
    const checklist = this.#checklist(input.majorChecklistItems, input.majorChecklistVersion);
    if (input.fixedOnSpot && checklist.length) throw fieldError('fixedOnSpot', '重大隐患不能即查即改，须制定治理方案');
    const reg = await this.#registration(em, actor, tenant, e, input, checklist);
    let citations: LawCitationRef[] | undefined;
    if (opts.dropMissingCitations && input.citations?.length) {
      const all = distinctRefs(input.citations);
      const resolved = this.lawCitations ? await this.lawCitations.resolve(em, all) : [];
      citations = all.filter((_r, i) => resolved[i]?.exists);
    } else citations = await this.#checkCitations(em, input.citations);
    const checked = { ...input, citations };
    // The ledger number is drawn in the same transaction as the hazard: a failure leaves no gap in the numbering.
    // The citations' reverse index is written in it too.
    return em.transactional(async (tx) => {
      const h = reg
        ? await this.#register(tx, actor, tenant, e, checked, checklist, reg)
        : await this.#report(tx, actor, tenant, e, checked, checklist);
      if (h.citations?.length) {
        await this.#syncCitations(tx, h);
        await tx.flush();
      }
      return h;
    });
  }

  /** Writes a report (待确认), or one fixed on the spot (closed by the office, else pending review). */
  async #report(
    em: Em,
    actor: Actor,
    tenant: TenantInfo,
    e: Enterprise,
    input: CreateInput,
    checklist: string[],
  ): Promise<Hazard> {
    const h = em.create(Hazard, {
      ...(await this.#newHazard(em, actor, tenant, e, input, checklist)),
      grade: checklist.length ? 'major' : null,
      treatment: input.fixedOnSpot ? 'immediate' : (input.treatment ?? null),
      status: 'reported',
      responsibleName: null,
      responsibleUserId: null,
      deadline: null,
      reportedAt: new Date(),
    } as never) as Hazard;
    this.#event(em, h, actor, 'report', null, { photoIds: input.photoIds, location: input.location, comment: input.description });
    if (input.fixedOnSpot) {
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
    emitEvent(em, HAZARD_CHANGED, { hazardId: h.id, action: input.fixedOnSpot ? 'fix_on_spot' : 'report', created: true });
    emitEvent(em, INPUTS_CHANGED, { enterpriseId: e.id, reason: 'hazard' });
    await em.flush();
    return h;
  }

  /** The fields a new hazard takes from its report (both a report and a registration): code, place, photos, reporter. */
  async #newHazard(em: Em, actor: Actor, tenant: TenantInfo, e: Enterprise, input: CreateInput, checklist: string[]) {
    return {
      code: await this.#code(em, tenant),
      enterpriseId: e.id,
      gridId: e.gridId ?? null,
      source: input.source,
      categoryCode: input.categoryCode,
      description: input.description,
      place: input.place ?? null,
      lat: input.location?.lat ?? null,
      lng: input.location?.lng ?? null,
      photoIds: input.photoIds,
      afterPhotoIds: [],
      measures: null,
      cost: null,
      legalBasis: input.legalBasis ?? null,
      citations: input.citations?.length ? input.citations : null,
      majorChecklistItems: checklist,
      reportedBy: actor.actingAs?.platformUserId ?? actor.userId,
      reportedByName: actor.name,
    };
  }

  /** Writes a registration checked by `#registration`: a confirmed hazard, its `register` entry and the events. */
  async #register(
    em: Em,
    actor: Actor,
    tenant: TenantInfo,
    e: Enterprise,
    input: CreateInput,
    checklist: string[],
    reg: Registration,
  ): Promise<Hazard> {
    const now = new Date();
    const h = em.create(Hazard, {
      ...(await this.#newHazard(em, actor, tenant, e, input, checklist)),
      grade: reg.grade,
      treatment: reg.treatment,
      status: 'confirmed',
      responsibleName: reg.responsibleName,
      responsibleUserId: reg.responsibleUserId,
      deadline: reg.deadline,
      reportedAt: now,
      confirmedAt: now,
    } as never) as Hazard;
    const source = HAZARD_SOURCE_LABELS[input.source as keyof typeof HAZARD_SOURCE_LABELS] ?? input.source;
    this.#event(em, h, actor, 'register', null, {
      photoIds: input.photoIds,
      location: input.location,
      comment: `来源：${source}。定为${reg.grade === 'major' ? '重大隐患' : '一般隐患'}，${reg.treatment === 'immediate' ? '立即整改' : '限期整改'}，期限 ${reg.deadlineDate}，责任人 ${reg.responsibleName}`,
    });
    // The same event a confirmation sends: the enterprise is told to rectify, the escalations are scheduled.
    emitEvent(em, HAZARD_CHANGED, { hazardId: h.id, action: 'confirm', via: 'register' });
    emitEvent(em, INPUTS_CHANGED, { enterpriseId: e.id, reason: 'hazard' });
    await em.flush();
    return h;
  }

  /**
   * One transition of the state machine: compare-and-set (core/db/compare-and-set.ts) under the hazard's row
   * lock, on the version the caller saw — of two reviewers acting at once, one wins and the other gets 409.
   */
  async transition(em: Em, actor: Actor, tenant: TenantInfo, id: string, b: TransitionBody): Promise<Hazard> {
    const seen = await visibleHazard(em, actor, id);
    // References first: a photo or a user of another zone is "not found" whatever the state.
    const photoIds = b.photoIds ?? [];
    await this.#files.assertUsable(em, actor, photoIds);
    if (b.responsibleUserId && !(await em.count(User, { id: b.responsibleUserId, status: 'active' }))) throw notFound('user');
    return compareAndSet(em, {
      entity: Hazard,
      where: { id: seen.id },
      what: 'hazard',
      lost: () => new AppError(409, 'conflict', 'someone else acted on this hazard first'),
      set: (h, tx) => this.#transition(tx, actor, tenant, h, b, photoIds),
    });
  }

  async #transition(em: Em, actor: Actor, tenant: TenantInfo, h: Hazard, b: TransitionBody, photoIds: string[]): Promise<Hazard> {
    const who = { role: actor.actingAs ? ('platform_admin' as const) : actor.role, enterpriseId: actor.enterpriseId };
    const t = HAZARD_TRANSITIONS[b.action];
    if (!(t.from as readonly string[]).includes(h.status)) {
      throw new AppError(409, 'invalid_transition', `“${t.label}” is not possible from ${h.status}`);
    }
    if (!canTransition({ status: h.status, enterpriseId: h.enterpriseId, grade: h.grade ?? null }, b.action, who)) {
      throw new AppError(403, 'forbidden', `${who.role} may not ${b.action}`);
    }
    if (b.version !== h.version) throw new AppError(409, 'conflict', 'the hazard changed since you loaded it');
    // 四眼原则: a review (pass or fail) is someone else's than the rectification's submitter.
    if ((b.action === 'approve' || b.action === 'reject') && ownWork(actor, await this.#submittedBy(em, h.id)))
      throw forbidden(OWN_REVIEW);
    for (const hook of this.transitionHooks) await hook.before?.(em, actor, tenant, h, b.action);
    const from = h.status;
    const today = localDate(new Date(), tenant.timeZone);
    switch (b.action) {
      case 'confirm': {
        const checklist = b.majorChecklistItems
          ? this.#checklist(b.majorChecklistItems, b.majorChecklistVersion)
          : this.#checklist(h.majorChecklistItems);
        const d = await this.#decideConfirmation(
          em,
          tenant,
          { id: h.enterpriseId },
          {
            grade: b.grade,
            checklist,
            clausesRequired: false,
            treatment: b.treatment ?? h.treatment,
            deadline: b.deadline,
            responsibleName: b.responsibleName,
            responsibleUserId: b.responsibleUserId,
          },
        );
        if (b.categoryCode) await this.#category(em, b.categoryCode);
        const citations = await this.#checkCitations(em, b.citations);
        if (citations !== undefined) {
          h.citations = citations.length ? citations : null;
          await this.#syncCitations(em, h);
        }
        Object.assign(h, {
          grade: d.grade,
          treatment: d.treatment,
          deadline: d.deadline,
          responsibleName: d.responsibleName,
          responsibleUserId: d.responsibleUserId,
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
    for (const hook of this.transitionHooks) await hook.after?.(em, actor, tenant, h, b.action, from);
    // The timeline says what was decided, not only that something was.
    const summary =
      b.action === 'confirm'
        ? `定为${h.grade === 'major' ? '重大隐患' : '一般隐患'}，${h.treatment === 'immediate' ? '立即整改' : '限期整改'}，期限 ${localDate(h.deadline!, tenant.timeZone)}，责任人 ${h.responsibleName}${b.comment ? `。${b.comment}` : ''}`
        : (b.comment ?? b.reason ?? (b.action === 'submit' || b.action === 'fix_on_spot' ? b.measures : undefined));
    this.#event(em, h, actor, b.action, from, { comment: summary, photoIds, location: b.location });
    emitEvent(em, HAZARD_CHANGED, { hazardId: h.id, action: b.action });
    emitEvent(em, INPUTS_CHANGED, { enterpriseId: h.enterpriseId, reason: 'hazard' });
    return h;
  }

  /**
   * The office corrects the articles a hazard cites (依据条文), in any state — a flagged citation (amended, repealed)
   * is re-cited on closed hazards too. Compare-and-set on the version the caller saw (409 `conflict` when it moved);
   * the refs are checked first (422 `law_citation_not_found`, nothing written); one timeline entry says what changed.
   */
  async updateCitations(em: Em, actor: Actor, id: string, b: { citations: LawCitationRef[]; version: number }): Promise<Hazard> {
    const seen = await visibleHazard(em, actor, id);
    if (isEnterpriseRole(actor.role) || !can(actor.role, 'hazards.manage')) throw forbidden();
    const citations = (await this.#checkCitations(em, b.citations)) ?? [];
    return compareAndSet(em, {
      entity: Hazard,
      where: { id: seen.id },
      what: 'hazard',
      lost: () => new AppError(409, 'conflict', 'someone else changed this hazard first'),
      expect: (h) => (h.version !== b.version ? new AppError(409, 'conflict', 'the hazard changed since you loaded it') : null),
      set: async (h, tx) => {
        h.citations = citations.length ? citations : null;
        await this.#syncCitations(tx, h);
        const labels = citations.length
          ? (await this.citationsOf(tx, h)).map((c) => `《${c.documentTitle ?? ''}》${c.articleLabel}`)
          : [];
        this.#event(tx, h, actor, 'citations', h.status, {
          comment: labels.length ? `依据条文：${labels.join('、')}` : '清除依据条文',
        });
        emitEvent(tx, HAZARD_CHANGED, { hazardId: h.id, action: 'citations' });
        return h;
      },
    });
  }

  /**
   * At most one pending extension per hazard: checked and created under the hazard's row lock
   * (compare-and-set), so of two requests sent at once the second gets 409 `extension_pending`.
   */
  async requestExtension(em: Em, actor: Actor, tenant: TenantInfo, id: string, b: { requestedDeadline: string; reason: string }) {
    const seen = await visibleHazard(em, actor, id);
    return compareAndSet(em, {
      entity: Hazard,
      where: { id: seen.id },
      what: 'hazard',
      set: (h, tx) => this.#requestExtension(tx, actor, tenant, h, b),
    });
  }

  async #requestExtension(em: Em, actor: Actor, tenant: TenantInfo, h: Hazard, b: { requestedDeadline: string; reason: string }) {
    if (!(OPEN as readonly string[]).includes(h.status))
      throw new AppError(409, 'invalid_transition', '只有整改中的隐患可以申请延期');
    if (isEnterpriseRole(actor.role) ? actor.enterpriseId !== h.enterpriseId : !can(actor.role, 'hazards.manage'))
      throw forbidden();
    const current = h.deadline ? localDate(h.deadline, tenant.timeZone) : null;
    if (current && b.requestedDeadline <= current) throw fieldError('requestedDeadline', '延期后的期限须晚于现期限');
    const latest = addDays(localDate(new Date(), tenant.timeZone), MAX_DEADLINE_DAYS);
    if (b.requestedDeadline > latest) throw fieldError('requestedDeadline', `延期后的期限不能晚于 ${latest}（一年内）`);
    if (await em.count(HazardExtension, { hazardId: h.id, status: 'pending' }))
      throw new AppError(409, 'extension_pending', { zh: '已有待审批的延期申请', en: 'an extension request is already pending' });
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
    return x;
  }

  /**
   * Approving moves the deadline: the escalation jobs move with it (via the outbox). One decision per request
   * (compare-and-set under the hazard's row lock): the loser gets 409 `already_decided`.
   */
  async decideExtension(
    em: Em,
    actor: Actor,
    tenant: TenantInfo,
    id: string,
    extId: string,
    b: { approve: boolean; comment?: string },
  ) {
    const seen = await visibleHazard(em, actor, id);
    return compareAndSet(em, {
      entity: Hazard,
      where: { id: seen.id },
      what: 'hazard',
      lost: () => alreadyDecided(),
      set: (h, tx) => this.#decideExtension(tx, actor, tenant, h, extId, b),
    });
  }

  async #decideExtension(
    em: Em,
    actor: Actor,
    tenant: TenantInfo,
    h: Hazard,
    extId: string,
    b: { approve: boolean; comment?: string },
  ) {
    const x = await em.findOne(HazardExtension, { id: extId, hazardId: h.id });
    if (!x) throw notFound('extension');
    if (x.status !== 'pending')
      throw alreadyDecided(
        x.status === 'approved'
          ? { zh: '该延期申请已经批准', en: 'the extension was already approved' }
          : { zh: '该延期申请已经驳回', en: 'the extension was already rejected' },
      );
    if (ownWork(actor, x.requestedBy)) throw forbidden(OWN_EXTENSION);
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
    return h;
  }

  /**
   * Major-hazard supervision: plan, listing (挂牌督办), report to the authority, acceptance request. Each step
   * is a compare-and-set under the hazard's row lock: listing, reporting and the acceptance request happen once
   * (a second one, even sent at the same moment, gets 409 `already_decided`); the plan may be revised.
   */
  async major(
    em: Em,
    actor: Actor,
    id: string,
    op: 'plan' | 'list' | 'reported' | 'acceptance',
    data: Record<string, string> = {},
  ) {
    const seen = await visibleHazard(em, actor, id);
    return compareAndSet(em, {
      entity: Hazard,
      where: { id: seen.id },
      what: 'hazard',
      lost: () => alreadyDecided(),
      set: (h, tx) => this.#major(tx, actor, h, op, data),
    });
  }

  async #major(em: Em, actor: Actor, h: Hazard, op: 'plan' | 'list' | 'reported' | 'acceptance', data: Record<string, string>) {
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
        if (h.supervisionListedAt)
          throw alreadyDecided({ zh: '该隐患已挂牌督办', en: 'the hazard is already listed for supervision' });
        h.supervisionListedAt = new Date();
        h.supervisionListedBy = actor.name;
        h.supervisionLedgerNo = data.ledgerNo ?? null;
        note = `挂牌督办（${data.ledgerNo}）`;
        break;
      case 'reported':
        if (!office && !ownEnterprise) throw forbidden();
        if (h.reportedToAuthorityAt)
          throw alreadyDecided({ zh: '已报告过监管部门', en: 'it was already reported to the authority' });
        h.reportedToAuthorityAt = new Date();
        note = '已报告负有安全生产监督管理职责的部门';
        break;
      case 'acceptance':
        if (!ownEnterprise && !office) throw forbidden();
        if (h.status !== 'pending_review') throw new AppError(409, 'invalid_transition', '提交整改后才能申请验收');
        if (!h.governancePlan) throw new AppError(409, 'invalid_transition', '请先提交治理方案');
        if (h.acceptanceRequestedAt) throw alreadyDecided({ zh: '已申请过验收', en: 'acceptance was already requested' });
        h.acceptanceRequestedAt = new Date();
        note = '申请重大隐患治理验收';
        break;
    }
    this.#event(em, h, actor, `major_${op}`, h.status, { comment: data.comment ? `${note}：${data.comment}` : note });
    emitEvent(em, HAZARD_CHANGED, { hazardId: h.id, action: `major_${op}` });
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
