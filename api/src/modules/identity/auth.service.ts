import { isConsoleRole, type LoginResponse, type Me, type TokenPair } from '@yuanan/contracts';
import type { Container } from '../../core/container.ts';
import { currentScope, runInScope } from '../../core/context/request-scope.ts';
import { systemEm, tenantEm, type Em } from '../../core/db/orm.ts';
import { recordEvent } from '../../core/audit/audit-recorder.ts';
import { burnVerify, hashPassword, passwordProblems, verifyPassword } from '../../core/auth/passwords.ts';
import { hashRefreshToken, newRefreshToken } from '../../core/auth/tokens.ts';
import { newTotpSecret, otpauthUri, verifyTotp } from '../../core/auth/totp.ts';
import { AppError } from '../../core/http/problem.ts';
import { tenantKey } from '../../core/redis/redis.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import { RefreshToken, Session, User, WechatBinding } from './identity.entity.ts';
import { meDto } from './user-dto.ts';
import { code2session } from './wechat.client.ts';
import type { InvitationService } from './invitation.service.ts';

export type EnterpriseNameLookup = (em: Em, enterpriseId: string) => Promise<string | null>;

interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

/**
 * Console and mini-program sign-in: passwords with throttling and lockout, a TOTP second factor, WeChat
 * code2session with binding by invitation, and rotating refresh tokens whose reuse revokes the family.
 */
export class AuthService {
  readonly #c: Container;
  readonly #enterpriseName: EnterpriseNameLookup;
  readonly #invitations: InvitationService;
  constructor(c: Container, invitations: InvitationService, enterpriseName: EnterpriseNameLookup) {
    this.#c = c;
    this.#invitations = invitations;
    this.#enterpriseName = enterpriseName;
  }

  async #tenantForLogin(code: string): Promise<TenantInfo> {
    const t = await this.#c.tenants.byCode(code.trim());
    if (!t) throw new AppError(404, 'tenant_unknown');
    if (t.status !== 'active') throw new AppError(403, 'tenant_disabled');
    return t;
  }

  /** Runs login work in the zone's scope so its audit rows and queries belong to that zone. */
  #asTenant<T>(t: TenantInfo, fn: (em: Em) => Promise<T>): Promise<T> {
    const s = currentScope();
    const em = tenantEm(this.#c.orm, t.id);
    return runInScope(
      {
        requestId: s?.requestId ?? 'auth',
        tenantId: t.id,
        em,
        actor: s?.actor ?? null,
        ip: s?.ip ?? null,
        userAgent: s?.userAgent ?? null,
        action: s?.action ?? 'auth',
      },
      () => fn(em),
    );
  }

  async #throttle(t: TenantInfo, username: string, ip: string | null): Promise<void> {
    const r = this.#c.redis;
    try {
      if (ip) {
        const k = `login:ip:${ip}`;
        const n = await r.incr(k);
        if (n === 1) await r.expire(k, 60);
        if (n > this.#c.config.LOGIN_IP_PER_MINUTE)
          throw new AppError(429, 'too_many_requests', 'too many sign-in attempts from this address', {
            headers: { 'Retry-After': '60' },
          });
      }
      const ttl = await r.ttl(tenantKey(t.id, 'login-lock', username.toLowerCase()));
      if (ttl > 0)
        throw new AppError(423, 'account_locked', `try again in ${Math.ceil(ttl / 60)} min`, {
          headers: { 'Retry-After': String(ttl) },
        });
    } catch (e) {
      if (e instanceof AppError) throw e;
      // Fail closed: without Redis the lockout cannot be enforced.
      throw new AppError(503, 'service_unavailable', 'sign-in throttling unavailable');
    }
  }

  async #recordFailure(em: Em, t: TenantInfo, username: string): Promise<void> {
    const r = this.#c.redis;
    const k = tenantKey(t.id, 'login-fail', username.toLowerCase());
    const n = await r.incr(k).catch(() => 0);
    if (n === 1) await r.expire(k, this.#c.config.LOGIN_LOCK_MINUTES * 60).catch(() => undefined);
    if (n >= this.#c.config.LOGIN_MAX_FAILURES) {
      await r
        .set(tenantKey(t.id, 'login-lock', username.toLowerCase()), '1', 'EX', this.#c.config.LOGIN_LOCK_MINUTES * 60)
        .catch(() => undefined);
      await r.del(k).catch(() => undefined);
      recordEvent(em, { entityType: 'User', entityId: username, action: 'auth.locked', details: { failures: n } });
      await em.flush();
      throw new AppError(423, 'account_locked', `locked for ${this.#c.config.LOGIN_LOCK_MINUTES} min`, {
        headers: { 'Retry-After': String(this.#c.config.LOGIN_LOCK_MINUTES * 60) },
      });
    }
  }

  async login(input: { tenant: string; username: string; password: string }, client: ClientInfo): Promise<LoginResponse> {
    const t = await this.#tenantForLogin(input.tenant);
    await this.#throttle(t, input.username, client.ip);
    return this.#asTenant(t, async (em) => {
      const user = await em.findOne(User, { username: input.username });
      const ok = user ? await verifyPassword(user.passwordHash, input.password) : (await burnVerify(input.password), false);
      if (!user || !ok) {
        await this.#recordFailure(em, t, input.username);
        throw new AppError(401, 'invalid_credentials');
      }
      if (user.status !== 'active') throw new AppError(403, 'user_disabled');
      await this.#c.redis.del(tenantKey(t.id, 'login-fail', input.username.toLowerCase())).catch(() => undefined);
      if (user.mfaEnabled) {
        return {
          status: 'mfa_required',
          mfaToken: await this.#c.tokens.signMfa({ sub: user.id, tid: t.id, client: 'console', enrol: null }),
        };
      }
      if (isConsoleRole(user.role) && t.settings.requireMfaForConsole) {
        const secret = newTotpSecret();
        return {
          status: 'mfa_enrolment_required',
          mfaToken: await this.#c.tokens.signMfa({ sub: user.id, tid: t.id, client: 'console', enrol: secret }),
          secret,
          otpauthUri: otpauthUri(secret, `园安 ${t.name}`, user.username ?? user.name),
        };
      }
      return this.#issue(em, t, user, 'console', client);
    });
  }

  /** Second step: the TOTP code (and, when enrolling, the secret becomes the user's). */
  async loginMfa(input: { mfaToken: string; code: string }, client: ClientInfo): Promise<TokenPair> {
    const claims = await this.#c.tokens.verifyMfa(input.mfaToken);
    const t = await this.#c.tenants.byId(claims.tid);
    if (!t || t.status !== 'active') throw new AppError(403, 'tenant_disabled');
    await this.#throttle(t, `mfa:${claims.sub}`, client.ip);
    return this.#asTenant(t, async (em) => {
      const user = await em.findOne(User, { id: claims.sub });
      if (!user || user.status !== 'active') throw new AppError(403, 'user_disabled');
      const secret = claims.enrol ?? (user.mfaSecretSealed ? this.#c.cipher.open(user.mfaSecretSealed) : null);
      if (!secret) throw new AppError(400, 'mfa_invalid', 'no second factor enrolled');
      const step = verifyTotp(secret, input.code);
      if (step === null || (user.mfaLastStep != null && step <= user.mfaLastStep)) {
        await this.#recordFailure(em, t, `mfa:${claims.sub}`);
        throw new AppError(401, 'mfa_invalid');
      }
      user.mfaLastStep = step;
      if (claims.enrol) {
        user.mfaSecretSealed = this.#c.cipher.seal(claims.enrol);
        user.mfaEnabled = true;
      }
      return this.#issue(em, t, user, claims.client, client);
    });
  }

  async #issue(em: Em, t: TenantInfo, user: User, kind: 'console' | 'miniapp', client: ClientInfo): Promise<TokenPair> {
    const now = new Date();
    const session = em.create(Session, {
      userId: user.id,
      client: kind,
      ip: client.ip,
      userAgent: client.userAgent?.slice(0, 300) ?? null,
      lastUsedAt: now,
      expiresAt: new Date(now.getTime() + this.#c.config.REFRESH_TOKEN_TTL_DAYS * 86400_000),
      revokedAt: null,
      revokeReason: null,
      actingPlatformUserId: null,
      actingReason: null,
    });
    const refresh = newRefreshToken();
    em.create(RefreshToken, { sessionId: session.id, tokenHash: refresh.hash, expiresAt: session.expiresAt, usedAt: null });
    user.lastLoginAt = now;
    recordEvent(em, {
      entityType: 'Session',
      entityId: session.id,
      action: kind === 'console' ? 'auth.login' : 'auth.wechat_login',
      details: { userId: user.id, client: kind },
      actor: { id: user.id, name: user.name, role: user.role },
    });
    await em.flush();
    return this.#pair(em, t, user, session.id, refresh.token);
  }

  async #pair(em: Em, t: TenantInfo, user: User, sessionId: string, refreshToken: string): Promise<TokenPair> {
    const accessToken = await this.#c.tokens.signAccess({
      sub: user.id,
      tid: t.id,
      role: user.role,
      eid: user.enterpriseId ?? null,
      sid: sessionId,
      act: null,
      name: user.name,
    });
    const enterpriseName = user.enterpriseId ? await this.#enterpriseName(em, user.enterpriseId) : null;
    return { status: 'ok', accessToken, refreshToken, expiresIn: this.#c.tokens.accessTtl, user: meDto(user, t, enterpriseName) };
  }

  /** Rotates the refresh token. A token used before means it leaked: the whole family is revoked. */
  async refresh(token: string): Promise<TokenPair> {
    const hash = hashRefreshToken(token);
    // Refresh calls carry no access token: the row is found by its unguessable hash across tenants.
    const row = await systemEm(this.#c.orm).findOne(RefreshToken, { tokenHash: hash }, { filters: { tenant: false } });
    if (!row) throw new AppError(401, 'refresh_token_invalid');
    const t = await this.#c.tenants.byId(row.tenantId);
    if (!t) throw new AppError(401, 'refresh_token_invalid');
    return this.#asTenant(t, async (em) => {
      const session = await em.findOne(Session, { id: row.sessionId });
      if (!session || session.revokedAt) throw new AppError(401, 'session_revoked');
      if (row.usedAt) {
        await this.#revoke(em, session, 'refresh_reuse');
        recordEvent(em, {
          entityType: 'Session',
          entityId: session.id,
          action: 'auth.refresh_reuse',
          details: { userId: session.userId },
        });
        await em.flush();
        throw new AppError(401, 'refresh_token_reused');
      }
      if (row.expiresAt < new Date() || session.expiresAt < new Date()) throw new AppError(401, 'refresh_token_invalid');
      if (t.status !== 'active') throw new AppError(403, 'tenant_disabled');
      // Compare-and-set: of two concurrent uses only one wins; the other is a reuse.
      const won = await em.nativeUpdate(RefreshToken, { id: row.id, usedAt: null }, { usedAt: new Date() });
      if (won === 0) {
        await this.#revoke(em, session, 'refresh_reuse');
        await em.flush();
        throw new AppError(401, 'refresh_token_reused');
      }
      const user = await em.findOne(User, { id: session.userId });
      if (!user || user.status !== 'active') throw new AppError(403, 'user_disabled');
      const next = newRefreshToken();
      em.create(RefreshToken, { sessionId: session.id, tokenHash: next.hash, expiresAt: session.expiresAt, usedAt: null });
      session.lastUsedAt = new Date();
      await em.flush();
      return this.#pair(em, t, user, session.id, next.token);
    });
  }

  async #revoke(em: Em, session: Session, reason: string): Promise<void> {
    if (!session.revokedAt) {
      session.revokedAt = new Date();
      session.revokeReason = reason;
    }
    await em.flush();
    this.#c.bus.publish({ kind: 'session', id: session.id });
    this.#c.realtime.disconnectSession(session.tenantId, session.id);
  }

  /**
   * Ends the caller's session. `bureauId`: the caller is a supervisor inside a zone (claim `sup`), whose session lives
   * in the bureau's tenant, not the zone's.
   */
  async logout(em: Em, sessionId: string | null, bureauId?: string): Promise<void> {
    if (!sessionId) return;
    if (bureauId) em = tenantEm(this.#c.orm, bureauId);
    const session = await em.findOne(Session, { id: sessionId });
    if (session) await this.#revoke(em, session, 'logout');
  }

  /**
   * The caller's live sessions, newest use first (≤ 50). `sessionTenantId`: where the session lives when it is not
   * the token's tenant — a supervisor inside a zone (claim `sup`: the bureau) or the platform acting as a zone
   * (claim `act`: the platform) — so the list is the person's own, not the zone's empty one.
   */
  async sessions(em: Em, userId: string, currentSessionId: string | null, sessionTenantId?: string) {
    if (sessionTenantId) em = tenantEm(this.#c.orm, sessionTenantId);
    const rows = await em.find(
      Session,
      { userId, revokedAt: null, expiresAt: { $gt: new Date() } },
      { orderBy: { lastUsedAt: 'desc' }, limit: 50 },
    );
    return rows.map((s) => ({
      id: s.id,
      createdAt: s.createdAt.toISOString(),
      lastUsedAt: s.lastUsedAt.toISOString(),
      ip: s.ip ?? null,
      userAgent: s.userAgent ?? null,
      client: s.client,
      current: s.id === currentSessionId,
    }));
  }

  async revokeSession(em: Em, userId: string, sessionId: string): Promise<void> {
    const s = await em.findOne(Session, { id: sessionId, userId });
    if (!s) throw new AppError(404, 'not_found', 'session not found');
    await this.#revoke(em, s, 'signed_out');
  }

  /** Changing the password signs out every other session and lifts "must change the password" (authenticate.ts). */
  async changePassword(
    em: Em,
    userId: string,
    currentSessionId: string | null,
    input: { currentPassword: string; newPassword: string },
  ) {
    const user = await em.findOneOrFail(User, { id: userId });
    if (!(await verifyPassword(user.passwordHash, input.currentPassword))) throw new AppError(400, 'wrong_password');
    const problems = passwordProblems(input.newPassword, user.username);
    // Keeping an initial or reset password would lift "must change the password" without changing anything.
    if (input.newPassword === input.currentPassword) problems.unshift('不能与当前密码相同');
    if (problems.length) {
      throw new AppError(400, 'password_policy', problems.join('；'), {
        errors: [{ path: 'newPassword', code: 'password_policy', message: problems.join('；') }],
      });
    }
    user.passwordHash = await hashPassword(input.newPassword);
    user.mustChangePassword = false;
    const others = await em.find(Session, { userId, revokedAt: null, id: { $ne: currentSessionId ?? '' } });
    for (const s of others) await this.#revoke(em, s, 'password_changed');
    await em.flush();
    // The session guard caches "must change the password" for a few seconds: this session may go on at once.
    if (currentSessionId) this.#c.bus.publish({ kind: 'session', id: currentSessionId });
  }

  async mfaEnrol(em: Em, userId: string, tenant: TenantInfo) {
    const user = await em.findOneOrFail(User, { id: userId });
    if (user.mfaEnabled) throw new AppError(409, 'duplicate', 'second factor already enabled');
    const secret = newTotpSecret();
    user.mfaSecretSealed = this.#c.cipher.seal(secret);
    await em.flush();
    return { secret, otpauthUri: otpauthUri(secret, `园安 ${tenant.name}`, user.username ?? user.name) };
  }

  async mfaActivate(em: Em, userId: string, code: string): Promise<void> {
    const user = await em.findOneOrFail(User, { id: userId });
    if (!user.mfaSecretSealed) throw new AppError(400, 'mfa_invalid', 'enrol first');
    const step = verifyTotp(this.#c.cipher.open(user.mfaSecretSealed), code);
    if (step === null) throw new AppError(400, 'mfa_invalid');
    user.mfaEnabled = true;
    user.mfaLastStep = step;
    await em.flush();
  }

  async mfaDisable(em: Em, userId: string, code: string, tenant: TenantInfo): Promise<void> {
    const user = await em.findOneOrFail(User, { id: userId });
    if (isConsoleRole(user.role) && tenant.settings.requireMfaForConsole) {
      throw new AppError(403, 'forbidden', 'this zone requires a second factor for console roles');
    }
    if (!user.mfaEnabled || !user.mfaSecretSealed) throw new AppError(400, 'mfa_invalid', 'not enabled');
    if (verifyTotp(this.#c.cipher.open(user.mfaSecretSealed), code) === null) throw new AppError(400, 'mfa_invalid');
    user.mfaEnabled = false;
    user.mfaSecretSealed = null;
    user.mfaLastStep = null;
    await em.flush();
  }

  async me(
    em: Em,
    actor: { userId: string; actingAs: Me['actingAs']; supervising?: Me['supervising'] },
    tenant: TenantInfo,
    role?: Me['role'],
  ): Promise<Me> {
    if (actor.supervising) {
      // A bureau's supervisor reading inside a zone (issue 14): the user lives in the bureau, the answer names the zone.
      const user = await tenantEm(this.#c.orm, actor.supervising.bureauId).findOneOrFail(User, { id: actor.userId });
      return { ...meDto(user, tenant, null, null, 'city_supervisor'), supervising: actor.supervising };
    }
    if (actor.actingAs) {
      // A platform operator acting inside a zone has no user row in it.
      return {
        id: actor.userId,
        tenant: {
          id: tenant.id,
          code: tenant.code,
          name: tenant.name,
          kind: tenant.kind,
          timeZone: tenant.timeZone,
          palette: tenant.settings.palette,
        },
        username: null,
        name: actor.actingAs.platformUserName,
        role: 'platform_admin',
        enterpriseId: null,
        enterpriseName: null,
        gridIds: [],
        phoneMasked: null,
        mfaEnabled: false,
        mustChangePassword: false,
        permissions: meDto(
          {
            id: actor.userId,
            username: null,
            name: '',
            role: 'platform_admin',
            enterpriseId: null,
            phoneMasked: null,
            mfaEnabled: false,
            mustChangePassword: false,
          },
          tenant,
          null,
        ).permissions,
        actingAs: actor.actingAs,
      };
    }
    const user = await em.findOneOrFail(User, { id: actor.userId });
    const enterpriseName = user.enterpriseId ? await this.#enterpriseName(em, user.enterpriseId) : null;
    return meDto(user, tenant, enterpriseName, null, role);
  }

  /** Mini-program: code2session, then the user bound to that openid in the chosen zone, or a bind token. */
  async wechatLogin(input: { tenant: string; code: string }, client: ClientInfo) {
    const t = await this.#tenantForLogin(input.tenant);
    const wx = await code2session(this.#c.config, input.code);
    return this.#asTenant(t, async (em) => {
      const binding = await em.findOne(WechatBinding, { openid: wx.openid });
      if (!binding) {
        return {
          status: 'unbound' as const,
          bindToken: await this.#c.tokens.signWechatBind({ openid: wx.openid, unionid: wx.unionid, tid: t.id }),
        };
      }
      const user = await em.findOne(User, { id: binding.userId });
      if (!user || user.status !== 'active') throw new AppError(403, 'user_disabled');
      return this.#issue(em, t, user, 'miniapp', client);
    });
  }

  /** Binds a WeChat account to a new zone user made from an invitation (single use). */
  async wechatBind(input: { bindToken: string; invitationCode: string; name?: string }, client: ClientInfo): Promise<TokenPair> {
    const claims = await this.#c.tokens.verifyWechatBind(input.bindToken);
    const t = await this.#c.tenants.byId(claims.tid);
    if (!t) throw new AppError(401, 'token_invalid');
    if (t.status !== 'active') throw new AppError(403, 'tenant_disabled');
    await this.#throttle(t, `bind:${claims.openid}`, client.ip);
    return this.#asTenant(t, async (em) => {
      if (await em.findOne(WechatBinding, { openid: claims.openid }))
        throw new AppError(409, 'duplicate', 'this WeChat account is already bound in this zone');
      const invitation = await this.#invitations.claim(em, input.invitationCode);
      if (!invitation) {
        await this.#recordFailure(em, t, `bind:${claims.openid}`);
        throw new AppError(400, 'invitation_invalid');
      }
      const name = input.name ?? invitation.name ?? '微信用户';
      const user = em.create(User, {
        username: null,
        name,
        role: invitation.role,
        enterpriseId: invitation.enterpriseId ?? null,
        passwordHash: null,
        phoneSealed: invitation.phoneSealed ?? null,
        phoneMasked: invitation.phoneMasked ?? null,
        status: 'active',
      });
      invitation.usedBy = user.id;
      em.create(WechatBinding, { openid: claims.openid, unionid: claims.unionid, userId: user.id });
      await em.flush();
      return this.#issue(em, t, user, 'miniapp', client);
    });
  }
}
