import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { isEnterpriseRole, type Role } from '@yuanan/contracts';
import type { Container } from '../../core/container.ts';
import type { Actor } from '../../core/context/request-scope.ts';
import type { Em } from '../../core/db/orm.ts';
import { hashPassword, passwordProblems } from '../../core/auth/passwords.ts';
import { maskPhone } from '../../core/crypto/pii.ts';
import { AppError, forbidden, notFound, t } from '../../core/http/problem.ts';
import { CatalogItem } from '../tenants/tenant.entity.ts';
import { Session, User, WechatBinding } from './identity.entity.ts';
import type { EnterpriseExists } from './invitation.service.ts';
import { userDto } from './user-dto.ts';

function policyError(path: string, problems: string[]) {
  return new AppError(400, 'password_policy', problems.join('；'), {
    errors: [{ path, code: 'password_policy', message: problems.join('；') }],
  });
}

export class UserService {
  readonly #c: Container;
  readonly #enterpriseExists: EnterpriseExists;
  constructor(c: Container, enterpriseExists: EnterpriseExists) {
    this.#c = c;
    this.#enterpriseExists = enterpriseExists;
  }

  async #dtos(em: Em, users: User[]) {
    const bound = new Set(
      (await em.find(WechatBinding, { userId: { $in: users.map((u) => u.id) } }, { fields: ['userId'] })).map((b) => b.userId),
    );
    return users.map((u) => userDto(this.#c, u, bound.has(u.id)));
  }

  /** Grids named by id must be grids of this zone. */
  async #checkGrids(em: Em, gridIds: string[] | undefined): Promise<void> {
    if (!gridIds?.length) return;
    const found = await em.count(CatalogItem, { id: { $in: gridIds }, kind: 'grid' });
    if (found !== new Set(gridIds).size) throw notFound('grid');
  }

  async list(
    em: Em,
    actor: Actor,
    q: { page: number; pageSize: number; role?: Role; status?: string; enterpriseId?: string; q?: string },
  ) {
    const where: Record<string, unknown> = {};
    if (q.role) where.role = q.role;
    if (q.status) where.status = q.status;
    if (q.enterpriseId) where.enterpriseId = q.enterpriseId;
    // Enterprise administrators see only their own enterprise's people.
    if (isEnterpriseRole(actor.role)) where.enterpriseId = actor.enterpriseId;
    if (q.q) where.$or = [{ name: { $like: `%${q.q}%` } }, { username: { $like: `%${q.q}%` } }];
    const [items, total] = await em.findAndCount(User, where, {
      orderBy: { createdAt: 'asc' },
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    });
    return { items: await this.#dtos(em, items), total, page: q.page, pageSize: q.pageSize };
  }

  async get(em: Em, actor: Actor, id: string) {
    const u = await em.findOne(User, isEnterpriseRole(actor.role) ? { id, enterpriseId: actor.enterpriseId } : { id });
    if (!u) throw notFound('user');
    return (await this.#dtos(em, [u]))[0]!;
  }

  async create(
    em: Em,
    input: {
      username: string;
      name: string;
      role: Role;
      password: string;
      phone?: string;
      enterpriseId?: string;
      gridIds?: string[];
    },
  ) {
    if (input.role === 'platform_admin') throw forbidden('platform operators are not zone users');
    if (input.role === 'city_supervisor') throw bureauOnly();
    const problems = passwordProblems(input.password, input.username);
    if (problems.length) throw policyError('password', problems);
    await this.#checkGrids(em, input.gridIds);
    let enterpriseId: string | null = null;
    if (isEnterpriseRole(input.role)) {
      if (!input.enterpriseId)
        throw new AppError(400, 'validation_failed', 'enterprise roles need an enterprise', {
          errors: [{ path: 'enterpriseId', code: 'required', message: '请选择企业' }],
        });
      if (!(await this.#enterpriseExists(em, input.enterpriseId))) throw notFound('enterprise');
      enterpriseId = input.enterpriseId;
    }
    const u = em.create(User, {
      username: input.username,
      name: input.name,
      role: input.role,
      enterpriseId,
      gridIds: input.gridIds ?? [],
      passwordHash: await hashPassword(input.password),
      mustChangePassword: true,
      phoneSealed: input.phone ? this.#c.cipher.seal(input.phone) : null,
      phoneMasked: input.phone ? maskPhone(input.phone) : null,
      status: 'active',
    });
    try {
      await em.flush();
    } catch (e) {
      if (e instanceof UniqueConstraintViolationException) {
        throw new AppError(409, 'duplicate', 'username taken', {
          errors: [{ path: 'username', code: 'duplicate', message: '用户名已存在' }],
        });
      }
      throw e;
    }
    return (await this.#dtos(em, [u]))[0]!;
  }

  /** Disabling a user or changing the role signs out their sessions at once. */
  async update(
    em: Em,
    actor: Actor,
    id: string,
    patch: {
      name?: string;
      role?: Role;
      status?: 'active' | 'disabled';
      phone?: string | null;
      gridIds?: string[];
      resetPassword?: string;
    },
  ) {
    const u = await em.findOne(User, { id });
    if (!u) throw notFound('user');
    if (patch.role === 'platform_admin') throw forbidden('platform operators are not zone users');
    if (patch.role === 'city_supervisor' && patch.role !== u.role) throw bureauOnly();
    if (id === actor.userId && (patch.status === 'disabled' || (patch.role && patch.role !== u.role))) {
      throw new AppError(400, 'validation_failed', 'you cannot disable yourself or change your own role');
    }
    if (patch.role && isEnterpriseRole(patch.role) !== isEnterpriseRole(u.role)) {
      throw new AppError(400, 'validation_failed', 'cannot move a user between zone and enterprise roles');
    }
    await this.#checkGrids(em, patch.gridIds);
    const revoke =
      (patch.status === 'disabled' && u.status !== 'disabled') || (patch.role !== undefined && patch.role !== u.role);
    if (patch.name !== undefined) u.name = patch.name;
    if (patch.role !== undefined) u.role = patch.role;
    if (patch.status !== undefined) u.status = patch.status;
    if (patch.gridIds !== undefined) u.gridIds = patch.gridIds;
    if (patch.phone !== undefined) {
      u.phoneSealed = patch.phone ? this.#c.cipher.seal(patch.phone) : null;
      u.phoneMasked = patch.phone ? maskPhone(patch.phone) : null;
    }
    if (patch.resetPassword !== undefined) {
      const problems = passwordProblems(patch.resetPassword, u.username);
      if (problems.length) throw policyError('resetPassword', problems);
      u.passwordHash = await hashPassword(patch.resetPassword);
      u.mustChangePassword = true;
    }
    // A reset password must be changed before anything else, from the user's next request on (authenticate.ts).
    const resetSessions =
      patch.resetPassword !== undefined && !revoke ? await em.find(Session, { userId: id, revokedAt: null }) : [];
    if (revoke) {
      const sessions = await em.find(Session, { userId: id, revokedAt: null });
      for (const s of sessions) {
        s.revokedAt = new Date();
        s.revokeReason = patch.status === 'disabled' ? 'user_disabled' : 'role_changed';
      }
      await em.flush();
      for (const s of sessions) {
        this.#c.bus.publish({ kind: 'session', id: s.id });
        this.#c.realtime.disconnectSession(u.tenantId, s.id);
      }
    }
    await em.flush();
    for (const s of resetSessions) this.#c.bus.publish({ kind: 'session', id: s.id });
    return (await this.#dtos(em, [u]))[0]!;
  }
}

/** city_supervisor lives only in a supervising bureau (issue 14): a zone user with it would bypass the grants. */
export function bureauOnly(): AppError {
  const message = t('监管账号只能在监管机构（应急管理局）中开设', 'A city supervisor belongs to a supervising bureau');
  return new AppError(400, 'role_bureau_only', message, { errors: [{ path: 'role', code: 'role_bureau_only', message }] });
}
