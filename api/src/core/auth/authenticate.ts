import type { Context } from 'koa';
import { isConsoleRole } from '@yuanan/contracts';
import type { Container } from '../container.ts';
import type { Actor } from '../context/request-scope.ts';
import { AppError, t } from '../http/problem.ts';
import type { TenantInfo } from '../tenancy/tenant-directory.ts';
import type { AccessClaims } from './tokens.ts';
import { grantStillInForce } from '../../modules/supervision/supervision-scope.ts';

export interface Authenticated {
  claims: AccessClaims;
  actor: Actor;
  tenant: TenantInfo;
}

/**
 * What a person whose password must still be changed (an initial or reset password, `users.must_change_password`)
 * may call: their own profile (the console reads it to show the change-password screen), the change itself and
 * signing out. Everything else — every data route and the live socket — answers 403 `password_change_required`
 * until the password is changed, so a generated password someone else has seen opens nothing.
 */
export const PASSWORD_CHANGE_OPERATIONS: ReadonlySet<string> = new Set(['me.get', 'me.changePassword', 'auth.logout']);

/** 403 `password_change_required`. */
export const passwordChangeRequired = () =>
  new AppError(
    403,
    'password_change_required',
    t('请先修改初始密码（或被重置的密码），再使用系统', 'Change your initial (or reset) password before using the system'),
  );

export function bearerToken(ctx: Context): string | null {
  const h = ctx.get('authorization');
  if (!h) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  if (!m) throw new AppError(401, 'token_invalid', 'Authorization must be "Bearer <token>"');
  return m[1]!;
}

/**
 * Verifies the access token and that what it stands for is still alive: the session (not signed out), the
 * user (not disabled) and the zone (not disabled). The tenant comes from the token and nowhere else.
 * `operationId`: the route called; while the user must change the password only {@link PASSWORD_CHANGE_OPERATIONS}
 * pass (no operation — the socket handshake — never does).
 */
export async function authenticateToken(c: Container, token: string, operationId?: string): Promise<Authenticated> {
  const claims = await c.tokens.verifyAccess(token);
  // An act-as or supervision token's session lives in the caller's own tenant (platform, bureau).
  const sessionTenant = claims.act?.stid ?? claims.sup?.stid ?? claims.tid;
  const [state, tenant] = await Promise.all([c.sessions.check(claims.sid, sessionTenant), c.tenants.byId(claims.tid)]);
  if (state.revoked) throw new AppError(401, 'session_revoked');
  if (state.expired) throw new AppError(401, 'token_expired');
  if (state.userStatus !== 'active') throw new AppError(403, 'user_disabled');
  if (!tenant) throw new AppError(401, 'token_invalid');
  if (tenant.status !== 'active') throw new AppError(403, 'tenant_disabled');
  if (state.passwordChangeRequired && !(operationId && PASSWORD_CHANGE_OPERATIONS.has(operationId)))
    throw passwordChangeRequired();
  const actor: Actor = {
    userId: claims.sub,
    name: claims.name,
    role: claims.role,
    enterpriseId: claims.eid,
    sessionId: claims.sid,
    actingAs: claims.act
      ? { platformUserId: claims.act.uid, platformUserName: claims.act.name, reason: claims.act.reason }
      : null,
    supervising: claims.sup ? { bureauId: claims.sup.stid, bureauName: claims.sup.bname, grantId: claims.sup.gid } : null,
  };
  // A supervisor's zone token holds only while its grant is in force (checked every request, cached ≤ 5 s). The
  // refusal carries who asked, so the zone's read log records the attempt too (withSupervisionLog).
  if (claims.sup) {
    if (tenant.kind !== 'zone') throw new AppError(401, 'token_invalid');
    if (!(await grantStillInForce(c, claims.sup.gid, claims.sup.stid, tenant.id))) {
      // The grant may be in force while its bureau is disabled (grants need both tenants active): say which.
      const bureau = await c.tenants.byId(claims.sup.stid);
      const detail =
        bureau && bureau.status !== 'active'
          ? t('本监管机构已停用，不能再查看园区数据', 'Your bureau is disabled: zone data can no longer be read')
          : undefined;
      throw Object.assign(new AppError(403, 'supervision_grant_ended', detail), { supervised: { claims, actor, tenant } });
    }
  }
  return { claims, actor, tenant };
}

/** Who a 403 `supervision_grant_ended` refused (a supervisor's zone request after the grant ended), else null. */
export function refusedSupervisor(e: unknown): Authenticated | null {
  return ((e as { supervised?: Authenticated } | null)?.supervised ?? null) as Authenticated | null;
}

/** A person's request: its Bearer token, checked for the route `operationId` (see {@link authenticateToken}). */
export async function authenticate(c: Container, ctx: Context, operationId?: string): Promise<Authenticated> {
  const token = bearerToken(ctx);
  if (!token) throw new AppError(401, 'unauthenticated');
  return authenticateToken(c, token, operationId);
}

export function needsMfa(role: AccessClaims['role'], tenant: TenantInfo): boolean {
  return isConsoleRole(role) && tenant.settings.requireMfaForConsole;
}
