import { randomInt } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { INVITABLE_BY, isEnterpriseRole, type Role } from '@yuanan/contracts';
import type { Container } from '../../core/container.ts';
import type { Actor } from '../../core/context/request-scope.ts';
import type { Em } from '../../core/db/orm.ts';
import { alreadyDecided, compareAndSet } from '../../core/db/compare-and-set.ts';
import { maskPhone } from '../../core/crypto/pii.ts';
import { AppError, forbidden, notFound } from '../../core/http/problem.ts';
import { iso, isoReq } from '../../core/http/serialize.ts';
import { CatalogItem } from '../tenants/tenant.entity.ts';
import { Invitation } from './identity.entity.ts';
import { bureauOnly } from './user.service.ts';
import { visiblePhone } from './user-dto.ts';

// No 0/O, 1/I/L: codes are read aloud and typed on phones.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const newInvitationCode = () => Array.from({ length: 8 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');

export type EnterpriseExists = (em: Em, enterpriseId: string) => Promise<boolean>;

export function invitationStatus(i: Invitation): 'pending' | 'used' | 'expired' | 'revoked' {
  if (i.revokedAt) return 'revoked';
  if (i.usedAt) return 'used';
  if (i.expiresAt < new Date()) return 'expired';
  return 'pending';
}

/** The inviter's effective role: a platform operator acting in a zone invites as its administrator. */
function inviterRole(a: Actor): Role {
  return a.actingAs ? 'zone_admin' : a.role;
}

export class InvitationService {
  readonly #c: Container;
  readonly #enterpriseExists: EnterpriseExists;
  constructor(c: Container, enterpriseExists: EnterpriseExists) {
    this.#c = c;
    this.#enterpriseExists = enterpriseExists;
  }

  dto(i: Invitation) {
    return {
      id: i.id,
      code: i.code,
      role: i.role,
      name: i.name ?? null,
      phone: visiblePhone(this.#c, i.phoneSealed, i.phoneMasked),
      enterpriseId: i.enterpriseId ?? null,
      status: invitationStatus(i),
      expiresAt: isoReq(i.expiresAt),
      usedAt: iso(i.usedAt),
      createdAt: isoReq(i.createdAt),
    };
  }

  /** A zone invites its staff; an enterprise invites its own staff, never anyone else's. */
  async create(
    em: Em,
    actor: Actor,
    input: { role: Role; name?: string; phone?: string; enterpriseId?: string; expiresInDays: number },
  ): Promise<Invitation> {
    const by = inviterRole(actor);
    if (input.role === 'city_supervisor') throw bureauOnly();
    if (!(INVITABLE_BY[by] ?? []).includes(input.role)) throw forbidden(`${by} cannot invite ${input.role}`);
    let enterpriseId = input.enterpriseId ?? null;
    if (isEnterpriseRole(by)) enterpriseId = actor.enterpriseId;
    if (isEnterpriseRole(input.role)) {
      if (!enterpriseId)
        throw new AppError(400, 'validation_failed', 'enterprise roles need an enterprise', {
          errors: [{ path: 'enterpriseId', code: 'required', message: '请选择企业' }],
        });
      if (!(await this.#enterpriseExists(em, enterpriseId))) throw notFound('enterprise');
    } else {
      enterpriseId = null;
    }
    const roleItem = await em.findOne(CatalogItem, { kind: 'role', code: input.role });
    if (roleItem && !roleItem.enabled)
      throw new AppError(400, 'validation_failed', `role ${input.role} is disabled in this zone`);
    for (let attempt = 0; ; attempt++) {
      const inv = em.create(Invitation, {
        code: newInvitationCode(),
        role: input.role,
        name: input.name ?? null,
        phoneSealed: input.phone ? this.#c.cipher.seal(input.phone) : null,
        phoneMasked: input.phone ? maskPhone(input.phone) : null,
        enterpriseId,
        createdBy: actor.actingAs?.platformUserId ?? actor.userId,
        expiresAt: new Date(Date.now() + input.expiresInDays * 86400_000),
        usedAt: null,
        usedBy: null,
        revokedAt: null,
      });
      try {
        await em.flush();
        return inv;
      } catch (e) {
        em.clear();
        if (!(e instanceof UniqueConstraintViolationException) || attempt > 5) throw e;
      }
    }
  }

  async list(em: Em, actor: Actor, q: { page: number; pageSize: number; status?: string }) {
    const where: Record<string, unknown> = {};
    if (isEnterpriseRole(actor.role)) where.enterpriseId = actor.enterpriseId;
    const now = new Date();
    if (q.status === 'pending') Object.assign(where, { usedAt: null, revokedAt: null, expiresAt: { $gt: now } });
    if (q.status === 'used') where.usedAt = { $ne: null };
    if (q.status === 'revoked') where.revokedAt = { $ne: null };
    if (q.status === 'expired') Object.assign(where, { usedAt: null, revokedAt: null, expiresAt: { $lte: now } });
    const [items, total] = await em.findAndCount(Invitation, where, {
      orderBy: { createdAt: 'desc' },
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    });
    return { items: items.map((i) => this.dto(i)), total, page: q.page, pageSize: q.pageSize };
  }

  /**
   * Revokes an unused invitation: a compare-and-set (core/db/compare-and-set.ts) against {@link claim}, so an
   * invitation being accepted at the same moment is either revoked (the binding fails) or used (409 here).
   */
  async revoke(em: Em, actor: Actor, id: string): Promise<Invitation> {
    return compareAndSet(em, {
      entity: Invitation,
      where: isEnterpriseRole(actor.role) ? { id, enterpriseId: actor.enterpriseId } : { id },
      what: 'invitation',
      expect: (inv) =>
        inv.usedAt
          ? alreadyDecided({ zh: '该邀请码已被使用，不能再撤销', en: 'the invitation was already used' })
          : inv.revokedAt
            ? alreadyDecided({ zh: '该邀请码已被撤销', en: 'the invitation was already revoked' })
            : null,
      lost: () => alreadyDecided(),
      set: (inv) => {
        inv.revokedAt = new Date();
        return inv;
      },
    });
  }

  /**
   * Marks a pending invitation used (compare-and-set: one code, one user; a revocation at the same moment wins
   * or loses as a whole). Null when not claimable.
   */
  async claim(em: Em, code: string): Promise<Invitation | null> {
    const found = await em.findOne(Invitation, { code: code.toUpperCase() });
    if (!found) return null;
    try {
      await compareAndSet(em, {
        entity: Invitation,
        where: { id: found.id },
        what: 'invitation',
        expect: (inv) => (invitationStatus(inv) === 'pending' ? null : alreadyDecided()),
        set: (inv) => {
          inv.usedAt = new Date();
        },
      });
    } catch (e) {
      if (e instanceof AppError && (e.code === 'already_decided' || e.code === 'conflict')) return null;
      throw e;
    }
    // The committed row was merged into `em`'s copy: the caller goes on with it (usedBy) in its own flush.
    return found;
  }
}
