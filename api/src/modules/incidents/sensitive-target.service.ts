/**
 * Sensitive targets (敏感目标): the schools, kindergartens, hospitals, residential areas and nursing homes near the
 * zone that a downwind warning must reach (DOMAIN.md, Emergencies). A zone-managed list on the site plan; a target is
 * archived (active false), never deleted, because warnings keep pointing at it.
 */
import type { z } from 'zod';
import {
  anyPhone,
  type CursorPage,
  type SensitiveTarget as SensitiveTargetDto,
  type createSensitiveTargetRequest,
  type sensitiveTargetsQuery,
  type updateSensitiveTargetRequest,
} from '@yuanan/contracts';
import { compareAndSet } from '../../core/db/compare-and-set.ts';
import { keysetPage } from '../../core/db/keyset-page.ts';
import type { KeyOrder } from '../../core/db/keyset.ts';
import type { Em } from '../../core/db/orm.ts';
import { AppError, t } from '../../core/http/problem.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import { SensitiveTarget } from './dispatch.entity.ts';
import { fromZoneCentre } from './zone-centre.ts';

type In<T extends z.ZodType> = z.output<T>;

const targetNotFound = () => new AppError(404, 'not_found', t('未找到该敏感目标', 'Sensitive target not found'));
const stale = () =>
  new AppError(
    409,
    'conflict',
    t('该敏感目标已被他人修改，请刷新后重试', 'Someone else changed this target since you loaded it: reload and try again'),
  );
const ORDER: KeyOrder = { field: 'name', dir: 'asc', idDir: 'asc', nullable: false, kind: 'string' };
const likeText = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The DTO of a target (contracts `sensitiveTarget`). */
export function targetDto(x: SensitiveTarget): SensitiveTargetDto {
  return {
    id: x.id,
    kind: x.kind as SensitiveTargetDto['kind'],
    name: x.name,
    lat: x.lat,
    lng: x.lng,
    planX: x.planX ?? null,
    planY: x.planY ?? null,
    population: x.population ?? null,
    contactName: x.contactName ?? null,
    contactPhone: x.contactPhone ?? null,
    note: x.note ?? null,
    active: x.active,
    version: x.version,
  };
}

/**
 * A contact phone as typed, normalised (common.ts `anyPhone`: a mobile, a fixed line, a 400 number); empty → null.
 * @throws 422 validation_failed on `contactPhone` with the reason in both languages.
 */
function phone(v: string | null | undefined): string | null | undefined {
  if (v === undefined) return undefined;
  if (v === null || !v.trim()) return null;
  const r = anyPhone.safeParse(v);
  if (r.success) return r.data;
  const message = r.error.issues[0]?.message ?? '电话号码格式不正确';
  throw new AppError(422, 'validation_failed', t('联系电话格式不正确', 'The contact phone is not valid'), {
    errors: [{ path: 'contactPhone', code: 'invalid', message }],
  });
}

/** A sensitive target must lie within this many metres of the zone's centre (a school 1,100 km away is a typo). */
export const TARGET_MAX_FROM_ZONE_M = 30_000;

/**
 * Refuses a position far from the zone: farther than TARGET_MAX_FROM_ZONE_M from its map centre (or, without one,
 * the enterprises' centroid; neither → not checked).
 * @throws 422 validation_failed on `lat` and `lng`, saying the distance in km.
 */
async function nearZone(em: Em, tenant: TenantInfo, p: { lat: number; lng: number }): Promise<void> {
  const d = await fromZoneCentre(em, tenant, p);
  if (d === null || d <= TARGET_MAX_FROM_ZONE_M) return;
  const km = Math.round(d / 1000);
  const message = t(
    `位置距园区约 ${km} 公里，超出 ${TARGET_MAX_FROM_ZONE_M / 1000} 公里范围，请核对经纬度`,
    `The position is about ${km} km from the zone, beyond ${TARGET_MAX_FROM_ZONE_M / 1000} km: check the latitude and longitude`,
  );
  throw new AppError(422, 'validation_failed', message, {
    errors: [
      { path: 'lat', code: 'out_of_range', message },
      { path: 'lng', code: 'out_of_range', message },
    ],
  });
}

export class SensitiveTargetService {
  /** GET /sensitive-targets: by name; filters kind, active (default true), q (name or contact). Cursor or page. */
  async list(em: Em, q: In<typeof sensitiveTargetsQuery>, lang: 'zh-CN' | 'en'): Promise<CursorPage<SensitiveTargetDto>> {
    const where: Record<string, unknown> = {};
    if (q.kind) where.kind = q.kind;
    if (q.active !== 'all') where.active = q.active === 'true';
    if (q.q) where.$or = [{ name: { $like: likeText(q.q) } }, { contactName: { $like: likeText(q.q) } }];
    const { items, total, nextCursor } = await keysetPage(em, SensitiveTarget, where, ORDER, q, lang);
    return {
      items: items.map(targetDto),
      total,
      page: q.cursor ? 1 : q.page,
      pageSize: q.pageSize,
      totalCapped: false,
      nextCursor,
    };
  }

  /** One target (another zone's: 404). */
  async get(em: Em, id: string): Promise<SensitiveTarget> {
    const x = await em.findOne(SensitiveTarget, { id });
    if (!x) throw targetNotFound();
    return x;
  }

  /**
   * POST /sensitive-targets. A second active target of the same name and kind is refused (409 duplicate); a position
   * more than 30 km from the zone → 422 on lat/lng.
   */
  async create(em: Em, tenant: TenantInfo, b: In<typeof createSensitiveTargetRequest>): Promise<SensitiveTarget> {
    const contactPhone = phone(b.contactPhone) ?? null;
    await nearZone(em, tenant, b);
    if (await em.count(SensitiveTarget, { name: b.name, kind: b.kind, active: true }))
      throw new AppError(409, 'duplicate', t(`已有同名敏感目标：${b.name}`, `A target named ${b.name} already exists`));
    const x = em.create(SensitiveTarget, {
      kind: b.kind,
      name: b.name,
      lat: b.lat,
      lng: b.lng,
      planX: b.planX ?? null,
      planY: b.planY ?? null,
      population: b.population ?? null,
      contactName: b.contactName || null,
      contactPhone,
      note: b.note || null,
      active: true,
    } as never) as SensitiveTarget;
    await em.flush();
    return x;
  }

  /** PATCH /sensitive-targets/:id on the version the caller saw (stale → 409); a move > 30 km from the zone → 422. */
  async update(em: Em, tenant: TenantInfo, id: string, b: In<typeof updateSensitiveTargetRequest>): Promise<SensitiveTarget> {
    const was = await this.get(em, id);
    const contactPhone = phone(b.contactPhone);
    if (b.lat !== undefined || b.lng !== undefined) await nearZone(em, tenant, { lat: b.lat ?? was.lat, lng: b.lng ?? was.lng });
    return compareAndSet(em, {
      entity: SensitiveTarget,
      where: { id },
      what: '敏感目标',
      lost: stale,
      set: (x) => {
        if (x.version !== b.version) throw stale();
        for (const k of ['kind', 'name', 'lat', 'lng', 'active'] as const)
          if (b[k] !== undefined) (x as unknown as Record<string, unknown>)[k] = b[k];
        for (const k of ['planX', 'planY', 'population'] as const)
          if (b[k] !== undefined) (x as unknown as Record<string, unknown>)[k] = b[k] ?? null;
        for (const k of ['contactName', 'note'] as const)
          if (b[k] !== undefined) (x as unknown as Record<string, unknown>)[k] = b[k] || null;
        if (contactPhone !== undefined) x.contactPhone = contactPhone;
        return x as SensitiveTarget;
      },
    });
  }

  /** DELETE /sensitive-targets/:id: archives it (warnings keep their record); archiving twice answers the same. */
  async archive(em: Em, id: string): Promise<SensitiveTarget> {
    await this.get(em, id);
    return compareAndSet(em, {
      entity: SensitiveTarget,
      where: { id },
      what: '敏感目标',
      lost: stale,
      set: (x) => {
        x.active = false;
        return x as SensitiveTarget;
      },
    });
  }
}
