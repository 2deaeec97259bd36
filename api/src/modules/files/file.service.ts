import { createHmac, timingSafeEqual } from 'node:crypto';
import { FILE_PURPOSES, isEnterpriseRole, type StoredFile as StoredFileDto } from '@yuanan/contracts';
import type { Container } from '../../core/container.ts';
import type { Actor } from '../../core/context/request-scope.ts';
import { tenantEm, type Em } from '../../core/db/orm.ts';
import { uuidv7 } from '../../core/db/ids.ts';
import { StoredFile } from '../../core/files/file.entity.ts';
import { processUpload, type IncomingUpload } from '../../core/files/upload.ts';
import { AppError, forbidden, notFound } from '../../core/http/problem.ts';
import { iso, isoReq } from '../../core/http/serialize.ts';
import { API_PREFIX } from '../../core/http/router.ts';

type Purpose = (typeof FILE_PURPOSES)[number];
const IMAGE_PURPOSES = new Set<Purpose>(['hazard_photo', 'rectification_photo', 'site_plan', 'avatar']);

export type EnterpriseExists = (em: Em, id: string) => Promise<boolean>;

/** Uploads checked by content, re-encoded, stored under the tenant; downloads by short-lived signed URL. */
export class FileService {
  readonly #c: Container;
  readonly #enterpriseExists: EnterpriseExists;
  constructor(c: Container, enterpriseExists: EnterpriseExists) {
    this.#c = c;
    this.#enterpriseExists = enterpriseExists;
  }

  #sign(tenantId: string, id: string, exp: number): string {
    return createHmac('sha256', this.#c.config.JWT_SECRET).update(`file:${tenantId}:${id}:${exp}`).digest('base64url');
  }

  /** A URL an <img> can load without headers; valid for about an hour (rounded so it caches well). */
  signedUrl(f: Pick<StoredFile, 'id' | 'tenantId'>): string {
    const exp = Math.ceil((Date.now() + 3600_000) / 600_000) * 600;
    return `${API_PREFIX}/files/${f.id}/content?t=${f.tenantId}&exp=${exp}&sig=${this.#sign(f.tenantId, f.id, exp)}`;
  }

  dto(f: StoredFile): StoredFileDto {
    return {
      id: f.id,
      purpose: f.purpose as Purpose,
      mime: f.mime,
      size: f.size,
      originalName: f.originalName ?? null,
      width: f.width ?? null,
      height: f.height ?? null,
      takenAt: iso(f.takenAt),
      lat: f.lat ?? null,
      lng: f.lng ?? null,
      enterpriseId: f.enterpriseId ?? null,
      url: this.signedUrl(f),
      createdAt: isoReq(f.createdAt),
    };
  }

  async upload(em: Em, actor: Actor, up: IncomingUpload): Promise<StoredFile> {
    const purpose = (up.fields.purpose ?? 'other') as Purpose;
    if (!FILE_PURPOSES.includes(purpose)) {
      throw new AppError(400, 'validation_failed', 'unknown purpose', {
        errors: [{ path: 'purpose', code: 'invalid_value', message: `purpose 须为 ${FILE_PURPOSES.join('/')}` }],
      });
    }
    let enterpriseId = up.fields.enterpriseId || null;
    if (isEnterpriseRole(actor.role)) enterpriseId = actor.enterpriseId;
    else if (enterpriseId && !(await this.#enterpriseExists(em, enterpriseId))) throw notFound('enterprise');
    const tenantId = em.getFilterParams<{ tenantId: string }>('tenant').tenantId;
    const timeZone = (await this.#c.tenants.byId(tenantId))?.timeZone;
    const kind = purpose === 'incident_media' ? 'media' : IMAGE_PURPOSES.has(purpose) ? 'image' : 'any';
    const processed = await processUpload(up.data, kind, timeZone);
    const id = uuidv7();
    const now = new Date();
    const key = `${tenantId}/${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}/${id}.${processed.ext}`;
    await this.#c.storage.put(key, processed.data, processed.mime);
    const file = em.create(StoredFile, {
      id,
      purpose,
      mime: processed.mime,
      size: processed.data.length,
      sha256: processed.sha256,
      storageKey: key,
      originalName: up.filename,
      width: processed.width,
      height: processed.height,
      takenAt: processed.takenAt,
      lat: processed.lat,
      lng: processed.lng,
      enterpriseId,
      uploadedBy: actor.actingAs?.platformUserId ?? actor.userId,
    });
    try {
      await em.flush();
    } catch (e) {
      // Nothing half-saved: the bytes go when the row could not be written.
      await this.#c.storage.remove(key).catch(() => undefined);
      throw e;
    }
    return file;
  }

  /** A file the caller may see: enterprise users only their enterprise's files and their own uploads. */
  async get(em: Em, actor: Actor, id: string): Promise<StoredFile> {
    const f = await em.findOne(StoredFile, { id });
    if (!f) throw notFound('file');
    if (isEnterpriseRole(actor.role) && f.enterpriseId !== actor.enterpriseId && f.uploadedBy !== actor.userId)
      throw notFound('file');
    return f;
  }

  /** Checks a signed URL and returns the file (looked up inside the tenant the signature names). */
  async bySignature(id: string, tenantId: string, exp: number, sig: string): Promise<StoredFile> {
    const good = Buffer.from(this.#sign(tenantId, id, exp));
    const given = Buffer.from(sig);
    if (good.length !== given.length || !timingSafeEqual(good, given)) throw forbidden('bad signature');
    if (exp * 1000 < Date.now()) throw new AppError(403, 'forbidden', 'link expired');
    const f = await tenantEm(this.#c.orm, tenantId).findOne(StoredFile, { id });
    if (!f) throw notFound('file');
    return f;
  }

  /** Files referenced by id from another record must exist in the zone (and the enterprise, for its users). */
  async assertUsable(em: Em, actor: Actor, ids: string[]): Promise<StoredFile[]> {
    if (!ids.length) return [];
    const files = await em.find(StoredFile, { id: { $in: ids } });
    if (files.length !== new Set(ids).size) throw notFound('file');
    for (const f of files) {
      if (isEnterpriseRole(actor.role) && f.enterpriseId !== actor.enterpriseId && f.uploadedBy !== actor.userId)
        throw notFound('file');
    }
    return files;
  }
}
