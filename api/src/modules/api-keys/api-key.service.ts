import { LockMode } from '@mikro-orm/core';
import {
  API_KEY_LIMITS,
  type ApiKey as ApiKeyDto,
  type ApiKeyCreated,
  type ApiKeyRotated,
  type ApiKeyScope,
  type ApiKeyStatus,
  type Page,
} from '@yuanan/contracts';
import type { Actor } from '../../core/context/request-scope.ts';
import type { Em } from '../../core/db/orm.ts';
import { AppError, badRequest, conflict, notFound, t } from '../../core/http/problem.ts';
import { User } from '../identity/identity.entity.ts';
import { newApiKey } from './api-key-auth.ts';
import { ApiKey } from './api-key.entity.ts';

const DAY = 86_400_000;

/** A key's status at `now`: revoked, expired (its expiry, or a rotated key's grace, has passed) or active. */
export function apiKeyStatus(k: Pick<ApiKey, 'revokedAt' | 'expiresAt'>, now = new Date()): ApiKeyStatus {
  if (k.revokedAt) return 'revoked';
  return k.expiresAt.getTime() <= now.getTime() ? 'expired' : 'active';
}

/** The answer shape of a key (never its hash). `createdByName`: the creator's name (see {@link creatorNames}). */
export function apiKeyDto(k: ApiKey, now = new Date(), createdByName: string | null = null): ApiKeyDto {
  return {
    id: k.id,
    name: k.name,
    keyPrefix: k.keyPrefix,
    scopes: [...k.scopes],
    rateLimitPerMinute: k.rateLimitPerMinute,
    expiresAt: k.expiresAt.toISOString(),
    status: apiKeyStatus(k, now),
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    lastUsedIp: k.lastUsedIp ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
    rotatedToId: k.rotatedToId ?? null,
    createdBy: k.createdBy ?? null,
    createdByName,
    createdAt: k.createdAt.toISOString(),
    updatedAt: k.updatedAt.toISOString(),
  };
}

/** 400 on `expiresAt` unless it lies in the future and at most 2 years (731 days) ahead. */
function checkExpiry(iso: string, now: Date): Date {
  const at = new Date(iso);
  const max = now.getTime() + API_KEY_LIMITS.maxValidityDays * DAY;
  if (at.getTime() <= now.getTime())
    throw badRequest(t('有效期必须晚于现在', 'The expiry must be in the future'), [
      { path: 'expiresAt', code: 'too_small', message: t('有效期必须晚于现在', 'The expiry must be in the future') },
    ]);
  if (at.getTime() > max)
    throw badRequest(t('有效期最长两年', 'A key is valid for at most two years'), [
      { path: 'expiresAt', code: 'too_big', message: t('有效期最长两年', 'A key is valid for at most two years') },
    ]);
  return at;
}

/**
 * The names of the zone users who created `keys` (id → name). A key made by a platform operator acting in the zone
 * or by another key has no zone user behind it: no entry (the console shows —).
 */
async function creatorNames(em: Em, keys: ApiKey[]): Promise<Map<string, string>> {
  const ids = [...new Set(keys.map((k) => k.createdBy).filter((id): id is string => !!id))];
  if (!ids.length) return new Map();
  const users = await em.find(User, { id: { $in: ids } }, { fields: ['id', 'name'] });
  return new Map(users.map((u) => [u.id, u.name]));
}

/** {@link apiKeyDto} of each key with its creator's name. */
async function dtos(em: Em, keys: ApiKey[], now: Date): Promise<ApiKeyDto[]> {
  const names = await creatorNames(em, keys);
  return keys.map((k) => apiKeyDto(k, now, (k.createdBy && names.get(k.createdBy)) || null));
}

/** 409 `api_key_superseded`: a rotated key, still working through its grace, stays as it was. */
const superseded = () =>
  new AppError(
    409,
    'api_key_superseded',
    t(
      '该 API 密钥已轮换，宽限期内仍可使用但不能再修改；请修改替换它的新密钥',
      'This API key was rotated: it works through its grace period but cannot be changed; change its replacement',
    ),
  );

/**
 * The zone's API keys (issue 14 §3), always through the tenant-bound EntityManager: another zone's key is not
 * found (404). Every write goes through the ORM, so the audit trail records it with the acting user.
 */
export class ApiKeyService {
  /** Newest first; `status` filters on the computed status. */
  async list(em: Em, q: { page: number; pageSize: number; status?: ApiKeyStatus }, now = new Date()): Promise<Page<ApiKeyDto>> {
    const where: Record<string, unknown> =
      q.status === 'revoked'
        ? { revokedAt: { $ne: null } }
        : q.status === 'expired'
          ? { revokedAt: null, expiresAt: { $lte: now } }
          : q.status === 'active'
            ? { revokedAt: null, expiresAt: { $gt: now } }
            : {};
    const [rows, total] = await em.findAndCount(ApiKey, where, {
      orderBy: { createdAt: 'desc', id: 'desc' },
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    });
    return { items: await dtos(em, rows, now), total, page: q.page, pageSize: q.pageSize };
  }

  async get(em: Em, id: string): Promise<ApiKey> {
    const k = await em.findOne(ApiKey, { id });
    if (!k) throw notFound('api key');
    return k;
  }

  /** A new key; the answer carries its text once. 400 on a bad expiry. */
  async create(
    em: Em,
    actor: Actor,
    input: { name: string; scopes: ApiKeyScope[]; rateLimitPerMinute: number; expiresAt: string },
    now = new Date(),
  ): Promise<ApiKeyCreated> {
    const expiresAt = checkExpiry(input.expiresAt, now);
    const { text, prefix, hash } = newApiKey();
    const k = em.create(ApiKey, {
      name: input.name,
      keyPrefix: prefix,
      secretHash: hash,
      scopes: [...input.scopes],
      rateLimitPerMinute: input.rateLimitPerMinute,
      expiresAt,
      createdBy: actor.apiKeyId ? null : actor.userId,
    } as never);
    await em.flush();
    return { apiKey: (await dtos(em, [k], now))[0]!, key: text };
  }

  /**
   * Name, scopes, rate limit (takes effect on the next request). 409 `conflict` for a revoked or expired key; 409
   * `api_key_superseded` for a rotated key: in its
   * grace it must not gain scopes or limits its replacement lacks (whoever still holds the old key keeps exactly
   * what it had).
   */
  async update(
    em: Em,
    id: string,
    patch: { name?: string; scopes?: ApiKeyScope[]; rateLimitPerMinute?: number },
    now = new Date(),
  ): Promise<ApiKeyDto> {
    const k = await this.get(em, id);
    if (k.rotatedToId) throw superseded();
    // A revoked or expired key never works again: a change would only make its row say what it no longer does.
    if (apiKeyStatus(k, now) !== 'active')
      throw conflict(t('已吊销或已过期的密钥不能修改', 'A revoked or expired key cannot be changed'));
    if (patch.name !== undefined) k.name = patch.name;
    if (patch.scopes !== undefined) k.scopes = [...patch.scopes];
    if (patch.rateLimitPerMinute !== undefined) k.rateLimitPerMinute = patch.rateLimitPerMinute;
    await em.flush();
    return (await dtos(em, [k], now))[0]!;
  }

  /**
   * A new key with the same name, scopes and limit (expiry: `expiresAt` or the old one's); the old key keeps
   * working for `graceHours` (0: it stops now), then answers 401 `api_key_expired`. 409 when the key is revoked,
   * expired or already rotated. The old key's row is locked (SELECT … FOR UPDATE) from the check to the write, so
   * of several rotations at once exactly one makes a replacement and the others wait, see it rotated and get the
   * 409, creating nothing.
   */
  async rotate(
    em: Em,
    actor: Actor,
    id: string,
    input: { graceHours: number; expiresAt?: string },
    now = new Date(),
  ): Promise<ApiKeyRotated> {
    return em.transactional(async (tx) => {
      const old = await tx.findOne(ApiKey, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
      if (!old) throw notFound('api key');
      if (old.rotatedToId)
        throw conflict(t('该密钥已轮换过，请轮换新密钥', 'This key was already rotated; rotate its replacement'));
      if (apiKeyStatus(old, now) !== 'active') throw conflict(t('只能轮换有效的密钥', 'Only an active key can be rotated'));
      const expiresAt = input.expiresAt ? checkExpiry(input.expiresAt, now) : old.expiresAt;
      const { text, prefix, hash } = newApiKey();
      const fresh = tx.create(ApiKey, {
        name: old.name,
        keyPrefix: prefix,
        secretHash: hash,
        scopes: [...old.scopes],
        rateLimitPerMinute: old.rateLimitPerMinute,
        expiresAt,
        createdBy: actor.apiKeyId ? null : actor.userId,
      } as never);
      const graceEnds = new Date(now.getTime() + input.graceHours * 3_600_000);
      if (graceEnds.getTime() < old.expiresAt.getTime()) old.expiresAt = graceEnds;
      old.rotatedToId = fresh.id;
      await tx.flush();
      const [created, previous] = await dtos(tx, [fresh, old], now);
      return { apiKey: created!, key: text, previous: previous! };
    });
  }

  /**
   * Stops the key at once (401 `api_key_revoked` from the next request), and with it every key it replaced that
   * still works through a rotation's grace: revoking the new key must not leave the old one it superseded open.
   * Revoking twice changes nothing.
   */
  async revoke(em: Em, id: string, now = new Date()): Promise<ApiKeyDto> {
    const k = await this.get(em, id);
    let changed = false;
    if (!k.revokedAt) {
      k.revokedAt = now;
      changed = true;
    }
    // Walk back the rotation chain (old.rotatedToId = new.id); a chain is short (one rotation per key).
    const seen = new Set([k.id]);
    for (let cur = k.id; ;) {
      const prev = await em.findOne(ApiKey, { rotatedToId: cur });
      if (!prev || seen.has(prev.id)) break;
      seen.add(prev.id);
      if (!prev.revokedAt && prev.expiresAt.getTime() > now.getTime()) {
        prev.revokedAt = now;
        changed = true;
      }
      cur = prev.id;
    }
    if (changed) await em.flush();
    return (await dtos(em, [k], now))[0]!;
  }
}
