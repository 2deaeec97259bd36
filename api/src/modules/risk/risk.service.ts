import {
  contributionText,
  floorText,
  industryMajorCategory,
  scoreEnterprise,
  localDate,
  worstColour,
  type ColourResult,
  type RiskColour,
} from '@yuanan/domain';
import type { Actor } from '../../core/context/request-scope.ts';
import type { Em } from '../../core/db/orm.ts';
import { StoredFile } from '../../core/files/file.entity.ts';
import { iso, isoReq } from '../../core/http/serialize.ts';
import { emitEvent } from '../../core/queue/outbox.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import { Enterprise } from '../enterprises/enterprise.entity.ts';
import { CertifiedWorker, EnterpriseChangeRequest, HazardousChemical } from '../enterprises/enterprise-records.entity.ts';
import { enterpriseWhere, visibleEnterprise } from '../enterprises/enterprise-scope.ts';
import { majorHazardReport } from '../enterprises/major-hazard.ts';
import type { FileService } from '../files/file.service.ts';
import { Task } from '../tasks/task.entity.ts';
import { CatalogItem } from '../tenants/tenant.entity.ts';
import { EnterpriseColour, RiskModel, RiskPoint, type RiskModelParams } from './risk.entity.ts';
import { MapIndexCache, mapEtag, type MapView, type MapViewData } from './map-data.ts';
import { enterpriseFingerprint } from '../enterprises/enterprise-fingerprint.ts';
import { activeRiskModel, assess } from './risk-model.ts';
import { StoredText, template, type TextLang } from '../../core/i18n/stored-text.ts';

/** The note of the model every zone starts with (risk-model.ts writes it); other notes are people's words. */
const MODEL_NOTES = new StoredText([template('默认模型', 'Default model')]);

/** Hazard figures per enterprise; the hazards module provides them (zeros before it exists). */
export type HazardCounts = (
  em: Em,
  enterpriseIds: string[],
) => Promise<Map<string, { open: number; overdue: number; openMajor: number }>>;

export const MODEL_CHANGED = 'risk.modelChanged';
/** Enterprises whose colour changed, one event per recoloured batch (inspection plans move their next due date). */
export const COLOURS_CHANGED = 'risk.coloursChanged';

export class RiskService {
  readonly #files: FileService;
  hazardCounts: HazardCounts = async () => new Map();
  constructor(files: FileService) {
    this.#files = files;
  }

  /** Recomputes the colours of the given enterprises (or of all) and records what changed. */
  async recompute(em: Em, tenant: TenantInfo, enterpriseIds: string[] | 'all', reason: string): Promise<number> {
    const model = await activeRiskModel(em);
    const today = localDate(new Date(), tenant.timeZone);
    let changed = 0;
    const batch = 200;
    let after = '';
    for (;;) {
      const where: Record<string, unknown> =
        enterpriseIds === 'all' ? { id: { $gt: after } } : { id: { $in: enterpriseIds, $gt: after } };
      const rows = await em.find(Enterprise, where, { orderBy: { id: 'asc' }, limit: batch });
      if (!rows.length) break;
      after = rows.at(-1)!.id;
      const ids = rows.map((r) => r.id);
      const [points, chemicals, certs, tags, hazards] = await Promise.all([
        em.find(RiskPoint, { enterpriseId: { $in: ids } }, { fields: ['enterpriseId', 'colour'] }),
        em.find(HazardousChemical, { enterpriseId: { $in: ids } }),
        em.find(CertifiedWorker, { enterpriseId: { $in: ids }, expiresOn: { $lt: today } }, { fields: ['enterpriseId'] }),
        em.find(CatalogItem, { kind: 'key_place_tag' }, { fields: ['code', 'name'] }),
        this.hazardCounts(em, ids),
      ]);
      const tagName = new Map(tags.map((t) => [t.code, t.name]));
      const recoloured: { id: string; result: ColourResult; history: boolean; colourChanged: boolean; from: string | null }[] =
        [];
      for (const e of rows) {
        const mh = majorHazardReport(
          chemicals.filter((c) => c.enterpriseId === e.id),
          e.peopleWithin500m ?? null,
        );
        const h = hazards.get(e.id) ?? { open: 0, overdue: 0, openMajor: 0 };
        const result = scoreEnterprise(
          {
            worstRiskPoint: worstColour(points.filter((p) => p.enterpriseId === e.id).map((p) => p.colour as RiskColour)),
            keyPlaceTags: (e.keyPlaceTags ?? []).map((code) => ({ code, name: tagName.get(code) ?? code })),
            majorHazardSourceGrade: mh.grade as 1 | 2 | 3 | 4 | null,
            expiredCertificates: certs.filter((c) => c.enterpriseId === e.id).length,
            openHazards: h.open,
            overdueHazards: h.overdue,
            openMajorHazards: h.openMajor,
            isTenantOfLandlord: Boolean(e.landlordEnterpriseId),
          },
          model.params.colour,
        );
        const same = e.riskColour === result.colour && Number(e.riskScore) === result.score;
        if (!same) changed++;
        recoloured.push({
          id: e.id,
          result,
          history: !same || reason !== 'nightly',
          colourChanged: e.riskColour !== result.colour,
          from: e.riskColour ?? null,
        });
      }
      // One transaction per batch: a reader sees a colour together with its explanation (history row), never one
      // without the other (both orders were seen by a test polling in between).
      await em.transactional(async (tx) => {
        for (const r of recoloured) {
          if (!r.history) continue;
          tx.create(EnterpriseColour, {
            enterpriseId: r.id,
            modelVersion: model.version,
            score: r.result.score,
            colour: r.result.colour,
            result: r.result,
            reason,
            computedAt: new Date(),
          });
        }
        const colourChanged = recoloured.filter((r) => r.colourChanged).map((r) => r.id);
        // `changes`: each enterprise's colour before and after (webhooks' enterprise.colour_changed).
        const changes = recoloured.filter((r) => r.colourChanged).map((r) => ({ id: r.id, from: r.from, to: r.result.colour }));
        if (colourChanged.length) emitEvent(tx, COLOURS_CHANGED, { enterpriseIds: colourChanged, reason, changes });
        await tx.flush();
        // Raw SQL (with its tenant condition): recolouring must not bump the file's optimistic-lock version, which
        // MikroORM's nativeUpdate does — users editing the file would get false conflicts. The colour history rows
        // above are the audited record of the change.
        // A colour that moves from one colour to another also moves updated_at: the colour is part of the record other
        // systems receive, and incremental exports read what changed after their watermark (export.service.ts). The
        // first colouring and a score-only change leave it alone (the nightly run would otherwise touch every file).
        for (const r of recoloured) {
          const now = new Date();
          const recolour = r.colourChanged && r.from !== null;
          await tx.getConnection().execute(
            `UPDATE enterprises SET risk_colour = ?, risk_score = ?, colour_computed_at = ?${recolour ? ', updated_at = ?' : ''}
                WHERE tenant_id = ? AND id = ?`,
            [r.result.colour, r.result.score, now, ...(recolour ? [now] : []), tenant.id, r.id],
            'run',
            tx.getTransactionContext(),
          );
        }
      });
      em.clear();
      if (rows.length < batch) break;
    }
    return changed;
  }

  /**
   * The enterprise's colour, why (every contribution and the floor, in `lang`: rendered from the stored input
   * codes and parameters, colour-text.ts in the domain), and its history.
   */
  async explanation(em: Em, actor: Actor, enterpriseId: string, lang: 'zh-CN' | 'en' = 'zh-CN') {
    const e = await visibleEnterprise(em, actor, enterpriseId);
    const history = await em.find(EnterpriseColour, { enterpriseId: e.id }, { orderBy: { computedAt: 'desc' }, limit: 50 });
    const latest = history[0];
    const model = latest ? await em.findOne(RiskModel, { version: latest.modelVersion }) : null;
    const result = latest?.result as ColourResult | undefined;
    return {
      enterpriseId: e.id,
      // Colour and score from the same history row as the explanation (not the file's columns, read at another
      // moment): what is shown and why always agree.
      colour: latest?.colour ?? null,
      score: latest ? Number(latest.score) : null,
      modelVersion: latest?.modelVersion ?? null,
      computedAt: iso(latest?.computedAt ?? e.colourComputedAt),
      contributions: (result?.contributions ?? []).map((c) => ({
        input: c.input,
        ...contributionText(c, lang),
        points: c.points,
      })),
      floor: result?.floor ? { reason: floorText(result.floor, lang), colour: result.floor.colour } : null,
      thresholds: model?.params.colour.thresholds ?? null,
      history: history.map((h) => ({
        colour: h.colour,
        score: Number(h.score),
        modelVersion: h.modelVersion,
        reason: h.reason,
        computedAt: isoReq(h.computedAt),
      })),
    };
  }

  /** The model's versions, newest first; the note the api wrote itself (默认模型) in `lang`. */
  async models(em: Em, lang: TextLang = 'zh-CN') {
    await activeRiskModel(em);
    const rows = await em.find(RiskModel, {}, { orderBy: { version: 'desc' }, limit: 20 });
    return rows.map((m) => ({
      id: m.id,
      version: m.version,
      params: m.params,
      active: m.active,
      note: MODEL_NOTES.render(m.note, lang),
      createdAt: isoReq(m.createdAt),
    }));
  }

  /** A new version of the model; the zone is recomputed with it (risk points and enterprises) by the worker. */
  async updateModel(em: Em, actor: Actor, params: RiskModelParams, note?: string) {
    const current = await activeRiskModel(em);
    current.active = false;
    const next = em.create(RiskModel, {
      version: current.version + 1,
      params,
      active: true,
      note: note ?? null,
      createdBy: actor.actingAs?.platformUserId ?? actor.userId,
    });
    emitEvent(em, MODEL_CHANGED, { version: next.version });
    await em.flush();
    return {
      id: next.id,
      version: next.version,
      params: next.params,
      active: true,
      note: next.note ?? null,
      createdAt: isoReq(next.createdAt),
    };
  }

  /** Re-scores every risk point with the active thresholds (after a model change). */
  async rescoreRiskPoints(em: Em): Promise<number> {
    const model = await activeRiskModel(em);
    let n = 0;
    let after = '';
    for (;;) {
      const rows = await em.find(RiskPoint, { id: { $gt: after } }, { orderBy: { id: 'asc' }, limit: 500 });
      if (!rows.length) break;
      after = rows.at(-1)!.id;
      for (const p of rows) {
        const { score, colour } = assess(p.method, p.factors, model.params);
        if (p.colour !== colour || Number(p.score) !== score) {
          p.colour = colour;
          p.score = score;
          n++;
        }
      }
      await em.flush();
      em.clear();
    }
    return n;
  }

  /** Per-zone cluster indexes of the risk map, kept in this process (see map-data.ts). */
  readonly mapCache = new MapIndexCache();

  /**
   * The risk map for one view (see the `mapQuery`/`mapData` contracts). Returns the ETag of the answer
   * (zone fingerprint, caller's scope, query, map settings) and, unless `ifNoneMatch` already holds it, the data.
   * Bad bbox for the view: 400.
   */
  async mapData(
    em: Em,
    actor: Actor,
    tenant: TenantInfo,
    q: { colour?: RiskColour; view?: MapView; bbox?: [number, number, number, number]; zoom?: number },
    ifNoneMatch?: string,
  ): Promise<{ etag: string; data: (MapViewData & Record<string, unknown>) | null }> {
    // The fingerprint first: a change after it can only make the data newer than its key.
    const fingerprint = await enterpriseFingerprint(em, tenant.id);
    const plan = tenant.settings.sitePlan;
    const planFile = plan ? await em.findOne(StoredFile, { id: plan.fileId }) : null;
    const settings = {
      sitePlan: plan && planFile ? { url: this.#files.signedUrl(planFile), width: plan.width, height: plan.height } : null,
      tileUrl: tenant.settings.mapTileUrl ?? null,
      center: tenant.settings.mapCenter ?? null,
      palette: tenant.settings.palette,
    };
    const view: MapView = q.view ?? (settings.sitePlan ? 'plan' : 'geo');
    // The scope is part of the key: an inspector's covered enterprises change with contracts and days, not with
    // the zone's fingerprint.
    const scope = await enterpriseWhere(em, actor, tenant);
    const etag = mapEtag([
      fingerprint.key,
      actor.role,
      actor.enterpriseId ?? null,
      scope,
      view,
      q.colour,
      q.bbox,
      q.zoom,
      settings,
    ]);
    if (ifNoneMatch && ifNoneMatch.split(/\s*,\s*/).some((t) => t.replace(/^W\//, '') === etag)) return { etag, data: null };
    const data = await this.mapCache.view(em, scope, tenant.id, fingerprint, {
      view,
      colour: q.colour,
      bbox: q.bbox,
      zoom: q.zoom,
    });
    return { etag, data: { ...settings, ...data } };
  }

  async dashboard(em: Em, actor: Actor, tenant: TenantInfo) {
    const where = (await enterpriseWhere(em, actor, tenant)) ?? { id: null };
    const rows = await em.find(
      Enterprise,
      { ...where, status: 'active' },
      { fields: ['id', 'name', 'riskColour', 'riskScore', 'gridId', 'industryCode', 'industryName'] },
    );
    const grids = await em.find(CatalogItem, { kind: 'grid' }, { fields: ['id', 'name'] });
    const colourOf = (e: Pick<Enterprise, 'riskColour'>) => e.riskColour ?? 'none';
    const byColour: Record<string, number> = { red: 0, orange: 0, yellow: 0, blue: 0, none: 0 };
    const byGrid = new Map<string | null, Record<string, number>>();
    const byIndustry = new Map<string, { code: string | null; label: string; counts: Record<string, number> }>();
    for (const e of rows) {
      const c = colourOf(e);
      byColour[c] = (byColour[c] ?? 0) + 1;
      const g = byGrid.get(e.gridId ?? null) ?? {};
      g[c] = (g[c] ?? 0) + 1;
      byGrid.set(e.gridId ?? null, g);
      // Industries grouped by GB/T 4754 major category (大类), named by the standard (not by one firm's industry).
      const major = industryMajorCategory(e.industryCode);
      const key = major?.code ?? '';
      const i = byIndustry.get(key) ?? {
        code: major?.code ?? null,
        label: major ? (major.name ? `${major.code} ${major.name}` : `${major.code} 类`) : '未填写',
        counts: {},
      };
      i.counts[c] = (i.counts[c] ?? 0) + 1;
      byIndustry.set(key, i);
    }
    const today = localDate(new Date(), tenant.timeZone);
    const soon = new Date(Date.now() + 60 * 86400_000).toISOString().slice(0, 10);
    const ids = rows.map((r) => r.id);
    const certs = ids.length
      ? await em.find(
          CertifiedWorker,
          { enterpriseId: { $in: ids }, expiresOn: { $gte: today, $lte: soon } },
          { orderBy: { expiresOn: 'asc' }, limit: 20 },
        )
      : [];
    const name = new Map(rows.map((r) => [r.id, r.name]));
    const top = [...rows].sort((a, b) => Number(b.riskScore ?? -1) - Number(a.riskScore ?? -1)).slice(0, 10);
    return {
      total: rows.length,
      byColour,
      byGrid: [...byGrid.entries()].map(([gridId, counts]) => ({
        gridId,
        gridName: grids.find((g) => g.id === gridId)?.name ?? '未划分网格',
        counts,
      })),
      byIndustry: [...byIndustry.values()]
        .map((i) => ({ industry: i.label, code: i.code, counts: i.counts }))
        .sort((a, b) => sum(b.counts) - sum(a.counts))
        .slice(0, 12),
      highestRisk: top.map((e) => ({
        id: e.id,
        name: e.name,
        colour: e.riskColour ?? null,
        score: e.riskScore == null ? null : Number(e.riskScore),
      })),
      certificatesExpiringSoon: certs.map((c) => ({
        id: c.id,
        enterpriseId: c.enterpriseId,
        enterpriseName: name.get(c.enterpriseId) ?? '',
        personName: c.personName,
        category: c.category,
        expiresOn: c.expiresOn,
      })),
      openTasks: await em.count(Task, {
        status: 'open',
        ...(ids.length && Object.keys(where).length ? { enterpriseId: { $in: ids } } : {}),
      }),
      pendingChanges: await em.count(EnterpriseChangeRequest, { status: 'pending' }),
    };
  }
}

const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
