import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import type {
  CreateExportTargetRequest,
  ExportProfileDetail,
  ExportProfileSummary,
  ExportRun as ExportRunDto,
  ExportTarget as ExportTargetDto,
  UpdateExportTargetRequest,
} from '@yuanan/contracts';
import {
  applyProfile,
  checklistClauseText,
  EXPORT_PROFILES,
  exportProfile,
  fileStamp,
  type ExportProfile,
  type ExportTransform,
} from '@yuanan/domain';
import type { Container } from '../../core/container.ts';
import type { Actor } from '../../core/context/request-scope.ts';
import { uuidv7 } from '../../core/db/ids.ts';
import { afterCursor, type KeyOrder } from '../../core/db/keyset.ts';
import type { Em } from '../../core/db/orm.ts';
import { StoredFile } from '../../core/files/file.entity.ts';
import { AppError, notFound, t } from '../../core/http/problem.ts';
import { iso, isoReq } from '../../core/http/serialize.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import { Enterprise } from '../enterprises/enterprise.entity.ts';
import { Hazard } from '../hazards/hazard.entity.ts';
import { CatalogItem } from '../tenants/tenant.entity.ts';
import { exportWriter, type ExportWriter } from './export-writer.ts';
import { ExportRun, ExportTarget } from './export.entity.ts';

/** Rows read per keyset page of a run. */
export const EXPORT_PAGE_SIZE = 500;
/** A run still `running` after this long was interrupted (process killed): it is marked failed, the target freed. */
export const EXPORT_STALE_MS = 30 * 60_000;
/**
 * A run reads rows updated up to `now − EXPORT_SETTLE_MS`, never up to `now`: `updated_at` is stamped when a
 * transaction writes the row, not when it commits, so a transaction still open at the run's start can commit a row
 * whose `updated_at` is older than rows already visible. Had the run read up to `now` and moved the watermark past
 * such newer rows, the late row would sit behind the watermark and never be sent. Our writes commit within
 * milliseconds; five seconds leaves room for a slow one. The next run starts at this run's upper bound.
 */
export const EXPORT_SETTLE_MS = 5_000;
/**
 * The id half of a watermark that covers every row updated at or before its time (the max UUID, RFC 9562 §5.10:
 * after any real id), so the next run reads `updated_at` strictly after the previous run's upper bound.
 */
export const WATERMARK_ALL_ID = 'ffffffff-ffff-ffff-ffff-ffffffffffff';

/** Keyset order of a run: (updated_at, id) ascending — the watermark is the last row sent. */
const ORDER: KeyOrder = { field: 'updatedAt', dir: 'asc', idDir: 'asc', nullable: false, kind: 'date' };
/** Fields a profile's `filter` may name, per entity (anything else is a broken profile). */
const FILTERABLE: Record<ExportProfile['entity'], ReadonlySet<string>> = {
  enterprise: new Set(['status', 'sizeBand', 'riskColour']),
  hazard: new Set(['status', 'grade', 'source']),
};

const unknownProfile = (id: string, version?: number) =>
  new AppError(
    422,
    'export_profile_unknown',
    t(`没有报送口径 ${id}${version ? `@${version}` : ''}`, `No export profile ${id}${version ? `@${version}` : ''}`),
    { errors: [{ path: 'profileId', code: 'unknown', message: t('未知的报送口径', 'Unknown export profile') }] },
  );

function transformDto(tr: ExportTransform | undefined) {
  if (!tr) return { kind: 'none' as const, map: null, default: null };
  if (typeof tr === 'object') return { kind: 'map' as const, map: { ...tr.map }, default: tr.default ?? null };
  return { kind: tr, map: null, default: null };
}

/** A profile as the api lists it. */
export function profileSummary(p: ExportProfile): ExportProfileSummary {
  return {
    id: p.id,
    version: p.version,
    name: p.name,
    target: p.target,
    description: p.description,
    entity: p.entity,
    formats: [...p.format.formats],
    filter: p.filter ? Object.fromEntries(Object.entries(p.filter).map(([k, v]) => [k, [...v]])) : null,
    fieldCount: p.fields.length,
  };
}

/** A profile with its field table. */
export function profileDetail(p: ExportProfile): ExportProfileDetail {
  return {
    ...profileSummary(p),
    fields: p.fields.map((f) => ({
      key: f.key,
      label: f.label,
      source: f.source,
      transform: transformDto(f.transform),
      required: Boolean(f.required),
    })),
  };
}

const two = (n: number) => String(n).padStart(2, '0');

/**
 * The file name of a run: `<profile stem>-<YYYYMMDD-HHmmss zone time>-<6 hex of the run id>[-增量].<ext>`. The
 * seconds and the run id's random tail keep two runs' files apart (the receiving side often saves by name; two runs
 * in one minute had the same one).
 */
export function runFileName(
  p: ExportProfile,
  at: Date,
  timeZone: string,
  incremental: boolean,
  ext: string,
  runId: string,
): string {
  const tag = runId.replace(/-/g, '').slice(-6);
  return `${p.format.fileStem}-${fileStamp(at, timeZone)}-${tag}${incremental ? '-增量' : ''}.${ext}`;
}

/**
 * Export targets and runs (数据报送). A run reads the zone's rows of the profile's entity in (updated_at, id) keyset
 * pages — after the target's watermark when incremental, up to the run's upper bound (its start minus
 * EXPORT_SETTLE_MS), which becomes the next watermark — maps them with the profile
 * (domain applyProfile, dates in the zone's time zone), streams them into one file, stores it through the file
 * storage and only then, in one transaction, marks the run succeeded and moves the watermark. Any failure marks
 * the run failed (with the error) and leaves the watermark where it was; stored bytes of a failed run are removed.
 */
export class ExportService {
  readonly #c: Container;
  /** The settle window of a run (EXPORT_SETTLE_MS); tests that are not about it set 0 to run right after a write. */
  settleMs = EXPORT_SETTLE_MS;
  constructor(c: Container) {
    this.#c = c;
  }

  profiles(): ExportProfileSummary[] {
    return EXPORT_PROFILES.map(profileSummary);
  }

  /** One profile's field table; 404 `export profile` when unknown. */
  profile(id: string, version?: number): ExportProfileDetail {
    const p = exportProfile(id, version);
    if (!p) throw notFound('export profile');
    return profileDetail(p);
  }

  async targets(em: Em): Promise<ExportTargetDto[]> {
    const targets = await em.find(ExportTarget, {}, { orderBy: { name: 'asc' }, limit: 500 });
    return this.targetDtos(em, targets);
  }

  async target(em: Em, id: string): Promise<ExportTarget> {
    const tg = await em.findOne(ExportTarget, { id });
    if (!tg) throw notFound('export target');
    return tg;
  }

  async targetDtos(em: Em, targets: ExportTarget[]): Promise<ExportTargetDto[]> {
    const last = new Map<string, ExportRun>();
    for (const tg of targets) {
      const r = await em.findOne(ExportRun, { targetId: tg.id }, { orderBy: { startedAt: 'desc', id: 'desc' } });
      if (r) last.set(tg.id, r);
    }
    return targets.map((tg) => {
      const p = exportProfile(tg.profileId, tg.profileVersion);
      const r = last.get(tg.id);
      return {
        id: tg.id,
        name: tg.name,
        profileId: tg.profileId,
        profileVersion: tg.profileVersion,
        profileName: p?.name ?? null,
        format: tg.format,
        schedule: tg.schedule,
        scheduleHour: tg.scheduleHour,
        scheduleWeekday: tg.scheduleWeekday,
        incremental: tg.incremental,
        enabled: tg.enabled,
        lastWatermark:
          tg.lastWatermarkAt && tg.lastWatermarkId ? { updatedAt: isoReq(tg.lastWatermarkAt), id: tg.lastWatermarkId } : null,
        lastRun: r ? { id: r.id, status: r.status, startedAt: isoReq(r.startedAt), rowCount: r.rowCount } : null,
        createdBy: tg.createdBy ?? null,
        createdAt: isoReq(tg.createdAt),
        updatedAt: isoReq(tg.updatedAt),
      };
    });
  }

  /** Creates a target. 422 `export_profile_unknown`, 422 `export_format_unsupported`, 409 `duplicate` name. */
  async create(em: Em, actor: Actor, body: CreateExportTargetRequest): Promise<ExportTarget> {
    const p = exportProfile(body.profileId, body.profileVersion);
    if (!p) throw unknownProfile(body.profileId, body.profileVersion);
    if (!p.format.formats.includes(body.format)) throw unsupportedFormat(p, body.format);
    const tg = em.create(ExportTarget, {
      name: body.name.trim(),
      profileId: p.id,
      profileVersion: p.version,
      format: body.format,
      schedule: body.schedule ?? 'none',
      scheduleHour: body.scheduleHour ?? 2,
      scheduleWeekday: body.scheduleWeekday ?? 1,
      incremental: body.incremental ?? false,
      enabled: body.enabled ?? true,
      createdBy: actor.actingAs?.platformUserId ?? actor.userId,
    });
    await flushUnique(em);
    return tg;
  }

  async update(em: Em, id: string, body: UpdateExportTargetRequest): Promise<ExportTarget> {
    const tg = await this.target(em, id);
    if (body.format) {
      const p = exportProfile(tg.profileId, tg.profileVersion);
      if (!p) throw unknownProfile(tg.profileId, tg.profileVersion);
      if (!p.format.formats.includes(body.format)) throw unsupportedFormat(p, body.format);
      tg.format = body.format;
    }
    if (body.name !== undefined) tg.name = body.name.trim();
    if (body.schedule !== undefined) tg.schedule = body.schedule;
    if (body.scheduleHour !== undefined) tg.scheduleHour = body.scheduleHour;
    if (body.scheduleWeekday !== undefined) tg.scheduleWeekday = body.scheduleWeekday;
    if (body.incremental !== undefined) tg.incremental = body.incremental;
    if (body.enabled !== undefined) tg.enabled = body.enabled;
    if (body.resetWatermark) {
      tg.lastWatermarkAt = null;
      tg.lastWatermarkId = null;
    }
    await flushUnique(em);
    return tg;
  }

  /** Deletes a target; its runs (and their files) stay in the history under the target's name. */
  async remove(em: Em, id: string): Promise<void> {
    const tg = await this.target(em, id);
    em.remove(tg);
    await em.flush();
  }

  async runs(
    em: Em,
    q: { targetId?: string; status?: ExportRun['status']; page: number; pageSize: number },
  ): Promise<{ items: ExportRunDto[]; total: number; page: number; pageSize: number }> {
    const where: Record<string, unknown> = {};
    if (q.targetId) where.targetId = q.targetId;
    if (q.status) where.status = q.status;
    const [items, total] = await em.findAndCount(ExportRun, where, {
      orderBy: { startedAt: 'desc', id: 'desc' },
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    });
    return { items: items.map(runDto), total, page: q.page, pageSize: q.pageSize };
  }

  async run(em: Em, id: string): Promise<ExportRun> {
    const r = await em.findOne(ExportRun, { id });
    if (!r) throw notFound('export run');
    return r;
  }

  /** The stored file of a run, or 404 `export file` (a failed or running run has none). */
  async file(em: Em, id: string): Promise<{ run: ExportRun; file: StoredFile }> {
    const r = await this.run(em, id);
    const f = r.fileId ? await em.findOne(StoredFile, { id: r.fileId }) : null;
    if (!f) throw notFound('export file');
    return { run: r, file: f };
  }

  /**
   * Runs a target now: claims it (one run at a time per target: 409 `export_run_busy`), writes the file, stores it,
   * then records the outcome. Returns the finished run — failed runs too (their `error` says why); only a refusal to
   * start throws. `actor` is null for a scheduled run.
   */
  async execute(
    em: Em,
    tenant: TenantInfo,
    targetId: string,
    trigger: ExportRun['trigger'],
    actor: Actor | null,
    now = new Date(),
  ): Promise<ExportRun> {
    const run = await this.#start(em, targetId, trigger, actor, now);
    const profile = exportProfile(run.profileId, run.profileVersion);
    let writer: ExportWriter | null = null;
    let storedKey: string | null = null;
    try {
      if (!profile) throw new Error(`profile ${run.profileId}@${run.profileVersion} is no longer shipped`);
      writer = await exportWriter(run.format, profile, {
        zone: { code: tenant.code, name: tenant.name },
        timeZone: tenant.timeZone,
        generatedAt: now.toISOString(),
        since: run.sinceAt && run.sinceId ? { updatedAt: run.sinceAt.toISOString(), id: run.sinceId } : null,
        until: run.untilAt.toISOString(),
      });
      const last = await this.#stream(em, tenant, profile, run, writer);
      const out = await writer.finish();
      const fileId = uuidv7();
      const fileName = runFileName(profile, now, tenant.timeZone, run.incremental, out.ext, run.id);
      const key = `${tenant.id}/exports/${now.getUTCFullYear()}/${two(now.getUTCMonth() + 1)}/${fileId}.${out.ext}`;
      await this.#c.storage.put(key, out.data, out.mime);
      storedKey = key;
      await em.transactional(async (tx) => {
        tx.create(StoredFile, {
          id: fileId,
          purpose: 'other',
          mime: out.mime,
          size: out.data.length,
          sha256: out.sha256,
          storageKey: key,
          originalName: fileName,
          enterpriseId: null,
          uploadedBy: actor ? (actor.actingAs?.platformUserId ?? actor.userId) : null,
        });
        const r = await tx.findOneOrFail(ExportRun, { id: run.id });
        Object.assign(r, {
          status: 'succeeded',
          rowCount: out.rows,
          flaggedCount: out.flagged,
          lastRowAt: last?.at ?? null,
          lastRowId: last?.id ?? null,
          fileId,
          fileName,
          sha256: out.sha256,
          bytes: out.data.length,
          finishedAt: new Date(),
        });
        // Incremental targets move on to the run's upper bound: every row updated up to it was read (sent or not).
        // Never backwards (a run dated earlier than the watermark, as the demo seed's, reads nothing new).
        if (run.incremental) {
          const tg = await tx.findOne(ExportTarget, { id: run.targetId });
          if (tg && !(tg.lastWatermarkAt && tg.lastWatermarkAt > run.untilAt)) {
            tg.lastWatermarkAt = run.untilAt;
            tg.lastWatermarkId = WATERMARK_ALL_ID;
          }
        }
      });
    } catch (e) {
      writer?.abort();
      if (storedKey) await this.#c.storage.remove(storedKey).catch(() => undefined);
      const message = (e instanceof Error ? e.message : String(e)).slice(0, 500);
      this.#c.logger.warn({ err: e, runId: run.id, targetId }, 'export run failed');
      em.clear();
      await em.nativeUpdate(
        ExportRun,
        { id: run.id, status: 'running' },
        { status: 'failed', error: message, finishedAt: new Date() },
      );
    }
    em.clear();
    return em.findOneOrFail(ExportRun, { id: run.id });
  }

  /** Claims the target under its row lock and records the running run (see execute). */
  async #start(em: Em, targetId: string, trigger: ExportRun['trigger'], actor: Actor | null, now: Date): Promise<ExportRun> {
    return em.transactional(async (tx) => {
      const tg = await tx.findOne(ExportTarget, { id: targetId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!tg) throw notFound('export target');
      const running = await tx.find(ExportRun, { targetId, status: 'running' });
      for (const r of running) {
        if (now.getTime() - r.startedAt.getTime() < EXPORT_STALE_MS)
          throw new AppError(
            409,
            'export_run_busy',
            t('该报送任务正在导出，请稍后再试', 'This target is being exported; try again later'),
          );
        r.status = 'failed';
        r.error = 'interrupted (the process running it stopped)';
        r.finishedAt = now;
      }
      const since =
        tg.incremental && tg.lastWatermarkAt && tg.lastWatermarkId ? { at: tg.lastWatermarkAt, id: tg.lastWatermarkId } : null;
      return tx.create(ExportRun, {
        targetId: tg.id,
        targetName: tg.name,
        trigger,
        status: 'running',
        profileId: tg.profileId,
        profileVersion: tg.profileVersion,
        format: tg.format,
        incremental: tg.incremental,
        sinceAt: since?.at ?? null,
        sinceId: since?.id ?? null,
        untilAt: new Date(now.getTime() - this.settleMs),
        startedAt: now,
        createdBy: actor ? (actor.actingAs?.platformUserId ?? actor.userId) : null,
      });
    });
  }

  /** Reads the rows of the run page by page (keyset), maps and writes them; returns the last row's key. */
  async #stream(
    em: Em,
    tenant: TenantInfo,
    profile: ExportProfile,
    run: ExportRun,
    writer: ExportWriter,
  ): Promise<{ at: Date; id: string } | null> {
    const base: Record<string, unknown>[] = [{ tenantId: tenant.id }, { updatedAt: { $lte: run.untilAt } }];
    for (const [field, values] of Object.entries(profile.filter ?? {})) {
      if (!FILTERABLE[profile.entity].has(field)) throw new Error(`profile ${profile.id} filters on ${field}`);
      base.push({ [field]: { $in: [...values] } });
    }
    let cursor = run.sinceAt && run.sinceId ? { v: run.sinceAt as Date | string | number | null, id: run.sinceId } : null;
    let last: { at: Date; id: string } | null = null;
    // Catalogue codes become the zone's words (hazard categories, key-place tags): the receiving side never sees
    // our internal codes.
    const names = new Map(
      (
        await em.find(
          CatalogItem,
          { kind: profile.entity === 'hazard' ? 'hazard_category' : 'key_place_tag' },
          { fields: ['code', 'name'] },
        )
      ).map((c) => [c.code, c.name]),
    );
    for (;;) {
      const where = { $and: [...base, ...(cursor ? [afterCursor(ORDER, cursor)] : [])] };
      const opts = { orderBy: { updatedAt: 'asc', id: 'asc' } as const, limit: EXPORT_PAGE_SIZE };
      let rows: Array<{ id: string; updatedAt: Date } & Record<string, unknown>>;
      if (profile.entity === 'hazard') {
        const hs = await em.find(Hazard, where as never, opts);
        const ents = hs.length
          ? await em.find(
              Enterprise,
              { id: { $in: [...new Set(hs.map((h) => h.enterpriseId))] } },
              { fields: ['id', 'name', 'creditCode', 'address'] },
            )
          : [];
        const byId = new Map(ents.map((e) => [e.id, { name: e.name, creditCode: e.creditCode, address: e.address ?? null }]));
        rows = hs.map((h) => ({
          ...(h as unknown as Record<string, unknown>),
          id: h.id,
          updatedAt: h.updatedAt,
          categoryName: names.get(h.categoryCode) ?? null,
          majorChecklistTexts: (h.majorChecklistItems ?? []).map((code) => checklistClauseText(code)),
          enterprise: byId.get(h.enterpriseId) ?? null,
        }));
      } else {
        const es = await em.find(Enterprise, where as never, opts);
        rows = es.map((e) => ({
          ...(e as unknown as Record<string, unknown>),
          id: e.id,
          updatedAt: e.updatedAt,
          keyPlaceNames: (e.keyPlaceTags ?? []).map((code) => names.get(code) ?? code),
        }));
      }
      if (!rows.length) break;
      await writer.add(applyProfile(profile, rows, { timeZone: tenant.timeZone }));
      const tail = rows.at(-1)!;
      last = { at: tail.updatedAt, id: tail.id };
      cursor = { v: tail.updatedAt, id: tail.id };
      em.clear();
      if (rows.length < EXPORT_PAGE_SIZE) break;
    }
    return last;
  }
}

function unsupportedFormat(p: ExportProfile, format: string): AppError {
  return new AppError(
    422,
    'export_format_unsupported',
    t(`报送口径 ${p.name.zh} 不支持 ${format} 格式`, `Profile ${p.name.en} cannot be written as ${format}`),
    {
      errors: [
        {
          path: 'format',
          code: 'unsupported',
          message: t(`可选：${p.format.formats.join('/')}`, `One of ${p.format.formats.join('/')}`),
        },
      ],
    },
  );
}

async function flushUnique(em: Em): Promise<void> {
  try {
    await em.flush();
  } catch (e) {
    if (e instanceof UniqueConstraintViolationException)
      throw new AppError(409, 'duplicate', t('已有同名的报送任务', 'A target with this name already exists'), {
        errors: [{ path: 'name', code: 'duplicate', message: t('名称已被使用', 'Name already used') }],
      });
    throw e;
  }
}

/** A run as the api answers it. */
export function runDto(r: ExportRun): ExportRunDto {
  return {
    id: r.id,
    targetId: r.targetId,
    targetName: r.targetName,
    trigger: r.trigger,
    status: r.status,
    profileId: r.profileId,
    profileVersion: r.profileVersion,
    format: r.format,
    incremental: r.incremental,
    sinceWatermark: r.sinceAt && r.sinceId ? { updatedAt: isoReq(r.sinceAt), id: r.sinceId } : null,
    // What a successful run covers: every row updated up to its upper bound (an incremental target's next watermark).
    untilWatermark: r.status === 'succeeded' ? { updatedAt: isoReq(r.untilAt), id: WATERMARK_ALL_ID } : null,
    rowCount: r.rowCount,
    flaggedCount: r.flaggedCount,
    fileId: r.fileId ?? null,
    fileName: r.fileName ?? null,
    sha256: r.sha256 ?? null,
    bytes: r.bytes ?? null,
    error: r.error ?? null,
    startedAt: isoReq(r.startedAt),
    finishedAt: iso(r.finishedAt),
    createdBy: r.createdBy ?? null,
  };
}
