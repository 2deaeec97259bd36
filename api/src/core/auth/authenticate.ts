import type { Context } from 'koa';
import { isConsoleRole } from '@yuanan/contracts';
import type { Container } from '../container.ts';
import type { Actor } from '../context/request-scope.ts';
import { AppError } from '../http/problem.ts';
import type { TenantInfo } from '../tenancy/tenant-directory.ts';
import type { AccessClaims } from './tokens.ts';
import { grantStillInForce } from '../../modules/supervision/supervision-scope.ts';

export interface Authenticated {
  claims: AccessClaims;
  actor: Actor;
  tenant: TenantInfo;
}

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
 */
export async function authenticateToken(c: Container, token: string): Promise<Authenticated> {
  const claims = await c.tokens.verifyAccess(token);
  // An act-as or supervision token's session lives in the caller's own tenant (platform, bureau).
  const sessionTenant = claims.act?.stid ?? claims.sup?.stid ?? claims.tid;
  const [state, tenant] = await Promise.all([c.sessions.check(claims.sid, sessionTenant), c.tenants.byId(claims.tid)]);
  if (state.revoked) throw new AppError(401, 'session_revoked');
  if (state.expired) throw new AppError(401, 'token_expired');
  if (state.userStatus !== 'active') throw new AppError(403, 'user_disabled');
  if (!tenant) throw new AppError(401, 'token_invalid');
  if (tenant.status !== 'active') throw new AppError(403, 'tenant_disabled');
  // A supervisor's zone token holds only while its grant is in force (checked every request, cached ≤ 5 s).
  if (claims.sup) {
    if (tenant.kind !== 'zone') throw new AppError(401, 'token_invalid');
    if (!(await grantStillInForce(c, claims.sup.gid, claims.sup.stid, tenant.id)))
      throw new AppError(403, 'supervision_grant_ended');
  }
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
  return { claims, actor, tenant };
}

export async function authenticate(c: Container, ctx: Context): Promise<Authenticated> {
  const token = bearerToken(ctx);
  if (!token) throw new AppError(401, 'unauthenticated');
  return authenticateToken(c, token);
}

export function needsMfa(role: AccessClaims['role'], tenant: TenantInfo): boolean {
  return isConsoleRole(role) && tenant.settings.requireMfaForConsole;
}
