import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { can, isEnterpriseRole, KEY_FIELDS, type Enterprise as EnterpriseDto, type EnterprisesQuery } from '@yuanan/contracts';
import { sizeBand } from '@yuanan/domain';
import type { Container } from '../../core/container.ts';
import type { Actor } from '../../core/context/request-scope.ts';
import type { Em } from '../../core/db/orm.ts';
import { alreadyDecided, compareAndSet, lockRow } from '../../core/db/compare-and-set.ts';
import { maskPhone, type FieldCipher } from '../../core/crypto/pii.ts';
import { AppError, conflict, notFound, t } from '../../core/http/problem.ts';
import { ENTERPRISE_FIELD_LABELS } from './import/columns.ts';
import { iso, isoReq } from '../../core/http/serialize.ts';
import { emitEvent } from '../../core/queue/outbox.ts';
import { AuditLog } from '../../core/audit/audit.entity.ts';
import { CatalogItem } from '../tenants/tenant.entity.ts';
import { Enterprise } from './enterprise.entity.ts';
import { EnterpriseChangeRequest } from './enterprise-records.entity.ts';
import { enterpriseList } from './enterprise-list.ts';
import { visibleEnterprise } from './enterprise-scope.ts';
import { CHANGE_DECIDED, CHANGE_REQUESTED } from './change-request.notify.ts';

/** The event that tells the risk module to recompute an enterprise's colour. */
export const INPUTS_CHANGED = 'enterprise.inputsChanged';

type Patch = Record<string, unknown>;
const PHONE_FIELDS = { principalPhone: 'principalPhone', safetyManagerPhone: 'safetyManagerPhone' } as const;

/**
 * Applies validated fields to a row: phones sealed and masked (an unchanged number keeps its seal, so nothing
 * looks changed), size band and tag text derived. Returns whether anything changed.
 */
export function applyEnterpriseFields(cipher: FieldCipher, e: Enterprise, patch: Patch): boolean {
  const row = e as unknown as Record<string, unknown>;
  let changed = false;
  for (const [k, v] of Object.entries(patch)) {
    if (k === 'version' || v === undefined) continue;
    if (k in PHONE_FIELDS) {
      const phone = (v as string | null) ?? null;
      const sealed = row[`${k}Sealed`] as string | null;
      if ((sealed ? cipher.open(sealed) : null) === phone) continue;
      row[`${k}Sealed`] = phone ? cipher.seal(phone) : null;
      row[`${k}Masked`] = phone ? maskPhone(phone) : null;
      changed = true;
      continue;
    }
    if (JSON.stringify(row[k] ?? null) !== JSON.stringify(v ?? null) && !(typeof v === 'number' && Number(row[k]) === v)) {
      row[k] = v;
      changed = true;
    }
  }
  const band = sizeBand(e.employees, e.annualRevenue == null ? null : Number(e.annualRevenue));
  if (e.sizeBand !== band) e.sizeBand = band;
  const text = `,${(e.keyPlaceTags ?? []).join(',')},`;
  if (e.keyPlaceTagsText !== text) e.keyPlaceTagsText = text;
  return changed;
}

/** The current value of one field of the file as a change request records it (phones opened). */
function currentValue(cipher: FieldCipher, e: Enterprise, field: string): unknown {
  const row = e as unknown as Record<string, unknown>;
  if (!(field in PHONE_FIELDS)) return row[field] ?? null;
  const sealed = row[`${field}Sealed`] as string | null;
  return sealed ? cipher.open(sealed) : null;
}

/**
 * The fields of a change request whose current value is no longer the one the request started from (`changes`
 * holds `[before, after]` per field; phones are compared opened), with those current values. Approving would
 * overwrite a newer value.
 */
export function staleValues(
  cipher: FieldCipher,
  e: Enterprise,
  changes: Record<string, [unknown, unknown]>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, [before]] of Object.entries(changes)) {
    const current = currentValue(cipher, e, k);
    if (typeof before === 'number' && current != null && Number(current) === before) continue;
    if (JSON.stringify(current) !== JSON.stringify(before ?? null)) out[k] = current;
  }
  return out;
}

/** The stale fields' names (see {@link staleValues}). */
export function staleFields(cipher: FieldCipher, e: Enterprise, changes: Record<string, [unknown, unknown]>): string[] {
  return Object.keys(staleValues(cipher, e, changes));
}

const DUPLICATE_CODE = t('该统一社会信用代码已在本园区登记', 'This credit code is already registered in this zone');

const DECIDED_TEXT = {
  approved: t('该申请已经通过', 'the request was already approved'),
  rejected: t('该申请已经驳回', 'the request was already rejected'),
  superseded: t('企业已提交新的申请，该申请已被替代', 'the enterprise has sent a newer request that replaces it'),
} as const;

export class EnterpriseService {
  readonly #c: Container;
  constructor(c: Container) {
    this.#c = c;
  }

  #phone(sealed: string | null | undefined, masked: string | null | undefined, actor: Actor): string | null {
    if (!sealed) return masked ?? null;
    // Enterprise users see their own file's numbers; zone roles need pii.view.
    return can(actor.role, 'pii.view') || isEnterpriseRole(actor.role) ? this.#c.cipher.open(sealed) : (masked ?? null);
  }

  async dtos(em: Em, actor: Actor, rows: Enterprise[]): Promise<EnterpriseDto[]> {
    const gridIds = [...new Set(rows.map((r) => r.gridId).filter((x): x is string => Boolean(x)))];
    const landlordIds = [...new Set(rows.map((r) => r.landlordEnterpriseId).filter((x): x is string => Boolean(x)))];
    const [grids, landlords, pending] = await Promise.all([
      gridIds.length ? em.find(CatalogItem, { id: { $in: gridIds } }, { fields: ['id', 'name'] }) : [],
      landlordIds.length ? em.find(Enterprise, { id: { $in: landlordIds } }, { fields: ['id', 'name'] }) : [],
      rows.length
        ? em.find(
            EnterpriseChangeRequest,
            { enterpriseId: { $in: rows.map((r) => r.id) }, status: 'pending' },
            { fields: ['enterpriseId'] },
          )
        : [],
    ]);
    const gridName = new Map(grids.map((g) => [g.id, g.name]));
    const landlordName = new Map(landlords.map((l) => [l.id, l.name]));
    const pendingSet = new Set(pending.map((p) => p.enterpriseId));
    return rows.map((e) => ({
      id: e.id,
      creditCode: e.creditCode,
      name: e.name,
      legalRepresentative: e.legalRepresentative ?? null,
      principalName: e.principalName,
      principalPhone: this.#phone(e.principalPhoneSealed, e.principalPhoneMasked, actor),
      safetyManagerName: e.safetyManagerName ?? null,
      safetyManagerPhone: this.#phone(e.safetyManagerPhoneSealed, e.safetyManagerPhoneMasked, actor),
      industryCode: e.industryCode ?? null,
      industryName: e.industryName ?? null,
      isIndustryTrade: e.isIndustryTrade,
      ownership: e.ownership ?? null,
      employees: e.employees ?? null,
      annualRevenue: e.annualRevenue == null ? null : Number(e.annualRevenue),
      annualOutput: e.annualOutput == null ? null : Number(e.annualOutput),
      sizeBand: e.sizeBand ?? null,
      address: e.address ?? null,
      lat: e.lat ?? null,
      lng: e.lng ?? null,
      planX: e.planX ?? null,
      planY: e.planY ?? null,
      gridId: e.gridId ?? null,
      gridName: e.gridId ? (gridName.get(e.gridId) ?? null) : null,
      buildingStructure: e.buildingStructure ?? null,
      hasSprinklers: e.hasSprinklers ?? null,
      landlordEnterpriseId: e.landlordEnterpriseId ?? null,
      landlordName: e.landlordEnterpriseId ? (landlordName.get(e.landlordEnterpriseId) ?? null) : null,
      standardisationLevel: e.standardisationLevel ?? null,
      keyPlaceTags: e.keyPlaceTags ?? [],
      peopleWithin500m: e.peopleWithin500m ?? null,
      geofence: e.geofence ?? null,
      status: e.status,
      riskColour: e.riskColour ?? null,
      riskScore: e.riskScore == null ? null : Number(e.riskScore),
      colourComputedAt: iso(e.colourComputedAt),
      pendingChange: pendingSet.has(e.id),
      version: e.version,
      createdAt: isoReq(e.createdAt),
      updatedAt: isoReq(e.updatedAt),
    }));
  }

  /** The list with whitelisted filters and sorts; enterprise users see their own row only. */
  async list(em: Em, actor: Actor, q: EnterprisesQuery, lang: 'zh-CN' | 'en' = 'zh-CN') {
    // The query lives in enterprise-list.ts (index-bound: cursor or page, capped count).
    const r = await enterpriseList(em, actor, q, lang);
    const items = await this.dtos(em, actor, r.rows);
    return { items, total: r.total, totalCapped: r.totalCapped, nextCursor: r.nextCursor, page: q.page, pageSize: q.pageSize };
  }

  async get(em: Em, actor: Actor, id: string): Promise<EnterpriseDto> {
    return (await this.dtos(em, actor, [await visibleEnterprise(em, actor, id)]))[0]!;
  }

  /** Referenced grid, landlord and tags must exist in this zone. */
  async #checkRefs(em: Em, patch: Patch, selfId?: string): Promise<void> {
    if (patch.gridId) {
      if (!(await em.count(CatalogItem, { id: patch.gridId as string, kind: 'grid' }))) throw notFound('grid');
    }
    if (patch.landlordEnterpriseId) {
      if (patch.landlordEnterpriseId === selfId) {
        throw new AppError(400, 'validation_failed', 'an enterprise cannot be its own landlord', {
          errors: [{ path: 'landlordEnterpriseId', code: 'invalid', message: '不能选择自身作为厂中厂的出租方' }],
        });
      }
      if (!(await em.count(Enterprise, { id: patch.landlordEnterpriseId as string }))) throw notFound('enterprise');
    }
    if (Array.isArray(patch.keyPlaceTags) && patch.keyPlaceTags.length) {
      const tags = patch.keyPlaceTags as string[];
      const known = await em.find(
        CatalogItem,
        { kind: 'key_place_tag', code: { $in: tags }, enabled: true },
        { fields: ['code'] },
      );
      const missing = tags.filter((t) => !known.some((k) => k.code === t));
      if (missing.length) {
        throw new AppError(400, 'validation_failed', `unknown key-place tags: ${missing.join(', ')}`, {
          errors: [{ path: 'keyPlaceTags', code: 'invalid_value', message: `本园区没有这些标签：${missing.join('、')}` }],
        });
      }
    }
  }

  #apply(e: Enterprise, patch: Patch): void {
    applyEnterpriseFields(this.#c.cipher, e, patch);
  }

  async create(em: Em, input: Patch): Promise<Enterprise> {
    await this.#checkRefs(em, input);
    const e = em.create(Enterprise, {
      creditCode: input.creditCode as string,
      name: input.name as string,
      principalName: input.principalName as string,
    } as never) as Enterprise;
    this.#apply(e, input);
    emitEvent(em, INPUTS_CHANGED, { enterpriseId: e.id, reason: 'created' });
    try {
      await em.flush();
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) {
        throw new AppError(409, 'duplicate', DUPLICATE_CODE, {
          errors: [{ path: 'creditCode', code: 'duplicate', message: '该统一社会信用代码已在本园区登记' }],
        });
      }
      throw err;
    }
    return e;
  }

  /**
   * Zone staff change any field. Enterprise users change the ordinary fields at once; key fields become a
   * change request for the safety office (the latest request supersedes an older pending one).
   */
  async update(
    em: Em,
    actor: Actor,
    id: string,
    patch: Patch,
  ): Promise<{ enterprise: Enterprise; changeRequest: { id: string; fields: string[] } | null }> {
    const e = await visibleEnterprise(em, actor, id);
    if (
      isEnterpriseRole(actor.role)
        ? actor.enterpriseId !== e.id || !can(actor.role, 'enterprises.selfUpdate')
        : !can(actor.role, 'enterprises.manage')
    ) {
      throw new AppError(403, 'forbidden');
    }
    if (patch.geofence !== undefined) {
      // The inspection geofence (电子围栏) is the safety office's: an enterprise does not draw its own.
      if (isEnterpriseRole(actor.role))
        throw new AppError(403, 'forbidden', t('电子围栏由安监办设置', 'The geofence is set by the safety office'));
      const lat = patch.lat !== undefined ? patch.lat : e.lat;
      const lng = patch.lng !== undefined ? patch.lng : e.lng;
      if (patch.geofence && 'radiusM' in (patch.geofence as object) && (lat == null || lng == null)) {
        throw new AppError(400, 'validation_failed', 'a radius geofence needs the enterprise location', {
          errors: [
            { path: 'geofence', code: 'invalid', message: '按半径设置电子围栏前，请先填写企业位置（经纬度），或改用多边形' },
          ],
        });
      }
    }
    await this.#checkRefs(em, patch, e.id);
    const changedMeanwhile = () =>
      conflict(t('企业档案已被他人修改，请刷新后重试', 'the enterprise file was changed by someone else'));
    // Under the enterprise's row lock: decisions on its change requests and other edits wait for this one.
    return compareAndSet(em, {
      entity: Enterprise,
      where: { id: e.id },
      what: 'enterprise',
      expect: (row) => (patch.version !== undefined && patch.version !== row.version ? changedMeanwhile() : null),
      lost: changedMeanwhile,
      set: (row, tx) => this.#update(tx, actor, row, patch),
    });
  }

  async #update(
    em: Em,
    actor: Actor,
    e: Enterprise,
    patch: Patch,
  ): Promise<{ enterprise: Enterprise; changeRequest: { id: string; fields: string[] } | null }> {
    let direct: Patch = patch;
    let request: { id: string; fields: string[] } | null = null;
    if (isEnterpriseRole(actor.role)) {
      const key: Record<string, [unknown, unknown]> = {};
      direct = {};
      for (const [k, v] of Object.entries(patch)) {
        if ((KEY_FIELDS as readonly string[]).includes(k)) {
          const current =
            k in PHONE_FIELDS
              ? this.#phone((e as unknown as Record<string, string | null>)[`${k}Sealed`], null, actor)
              : (e as unknown as Record<string, unknown>)[k];
          if (JSON.stringify(current ?? null) !== JSON.stringify(v ?? null)) key[k] = [current ?? null, v];
        } else direct[k] = v;
      }
      if (Object.keys(key).length) {
        const older = await em.find(EnterpriseChangeRequest, { enterpriseId: e.id, status: 'pending' });
        older.forEach((o) => (o.status = 'superseded'));
        const cr = em.create(EnterpriseChangeRequest, {
          enterpriseId: e.id,
          requestedBy: actor.userId,
          requestedByName: actor.name,
          changes: key,
          status: 'pending',
          decidedBy: null,
          decidedAt: null,
          comment: null,
        });
        request = { id: cr.id, fields: Object.keys(key) };
        // The safety office's bell rings after the commit (change-request.notify.ts).
        emitEvent(em, CHANGE_REQUESTED, { changeRequestId: cr.id, enterpriseId: e.id });
      }
    }
    this.#apply(e, direct);
    emitEvent(em, INPUTS_CHANGED, { enterpriseId: e.id, reason: 'updated' });
    try {
      await em.flush();
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) throw new AppError(409, 'duplicate', DUPLICATE_CODE);
      throw err;
    }
    return { enterprise: e, changeRequest: request };
  }

  async changeRequests(em: Em, q: { status?: string; page: number; pageSize: number; enterpriseId?: string }) {
    const where: Record<string, unknown> = q.status ? { status: q.status } : {};
    if (q.enterpriseId) where.enterpriseId = q.enterpriseId;
    const [rows, total] = await em.findAndCount(EnterpriseChangeRequest, where, {
      orderBy: { createdAt: 'desc' },
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    });
    // Whole rows: a pending request is compared with the current values (stale when they moved on).
    const ents = new Map(
      (await em.find(Enterprise, { id: { $in: rows.map((r) => r.enterpriseId) } })).map((e) => [e.id, e] as const),
    );
    return {
      items: rows.map((r) => {
        const current =
          r.status === 'pending' && ents.has(r.enterpriseId)
            ? staleValues(this.#c.cipher, ents.get(r.enterpriseId)!, r.changes)
            : {};
        return {
          id: r.id,
          enterpriseId: r.enterpriseId,
          enterpriseName: ents.get(r.enterpriseId)?.name ?? '',
          requestedByName: r.requestedByName,
          changes: r.changes,
          status: r.status,
          staleFields: Object.keys(current),
          currentValues: current,
          comment: r.comment ?? null,
          createdAt: isoReq(r.createdAt),
          decidedAt: iso(r.decidedAt),
        };
      }),
      total,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  /**
   * Approving applies the requested values (validated again: the zone may have changed meanwhile). One decision
   * per request (compare-and-set under the enterprise's row lock): the loser gets 409 `already_decided`. A request
   * whose starting values were changed since (by the office directly) is refused with 409 `stale` — approving it
   * would overwrite the newer value; it can still be rejected.
   */
  async decide(em: Em, actor: Actor, id: string, approve: boolean, comment?: string) {
    const found = await em.findOne(EnterpriseChangeRequest, { id });
    if (!found) throw notFound('change request');
    return compareAndSet(em, {
      entity: Enterprise,
      where: { id: found.enterpriseId },
      what: 'change request',
      lost: () => alreadyDecided(),
      set: async (e, tx) => {
        const cr = await lockRow(tx, EnterpriseChangeRequest, { id });
        if (!cr) throw notFound('change request');
        if (cr.status !== 'pending') throw alreadyDecided(DECIDED_TEXT[cr.status as keyof typeof DECIDED_TEXT]);
        if (approve) {
          const stale = staleFields(this.#c.cipher, e, cr.changes);
          if (stale.length)
            throw new AppError(
              409,
              'stale',
              t(
                `申请提交后已被修改的字段：${stale.map((f) => ENTERPRISE_FIELD_LABELS.get(f) ?? f).join('、')}`,
                `changed since the request: ${stale.join(', ')}`,
              ),
              {
                errors: stale.map((path) => ({
                  path,
                  code: 'stale',
                  message: t('该字段在申请提交后已被修改', 'changed since the request was made'),
                })),
              },
            );
          const patch = Object.fromEntries(Object.entries(cr.changes).map(([k, [, v]]) => [k, v]));
          await this.#checkRefs(tx, patch, e.id);
          this.#apply(e, patch);
          emitEvent(tx, INPUTS_CHANGED, { enterpriseId: e.id, reason: 'change_approved' });
        }
        cr.status = approve ? 'approved' : 'rejected';
        cr.decidedBy = actor.userId;
        cr.decidedAt = new Date();
        cr.comment = comment ?? null;
        emitEvent(tx, CHANGE_DECIDED, { changeRequestId: cr.id, enterpriseId: e.id });
        return cr;
      },
    });
  }

  /** The enterprise's change history from the audit trail (its own row and every sub-record). */
  async history(em: Em, actor: Actor, id: string, q: { page: number; pageSize: number }) {
    await visibleEnterprise(em, actor, id);
    const [rows, total] = await em.findAndCount(
      AuditLog,
      { scopeId: id },
      { orderBy: { id: 'desc' }, limit: q.pageSize, offset: (q.page - 1) * q.pageSize },
    );
    return {
      items: rows.map((r) => ({
        at: isoReq(r.at),
        actorName: r.actorName ?? null,
        action: r.action,
        entityType: r.entityType,
        op: r.op,
        diff: (typeof r.diff === 'string' ? JSON.parse(r.diff) : r.diff) as Record<string, unknown>,
      })),
      total,
      page: q.page,
      pageSize: q.pageSize,
    };
  }
}
