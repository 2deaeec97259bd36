import type { Context } from 'koa';
import type { Authenticated } from '../auth/authenticate.ts';
import { requireEm } from '../context/request-scope.ts';

export function clientInfo(ctx: Context): { ip: string | null; userAgent: string | null } {
  return { ip: ctx.ip || null, userAgent: ctx.get('user-agent') || null };
}

/** The authenticated caller of a non-public route (set by the router). */
export function authOf(ctx: Context): Authenticated {
  const a = ctx.state.auth as Authenticated | undefined;
  if (!a) throw new Error('route is not authenticated');
  return a;
}

/** The caller, their zone and the zone-bound EntityManager, in one call for handlers. */
export function callerOf(ctx: Context) {
  const a = authOf(ctx);
  return { actor: a.actor, tenant: a.tenant, claims: a.claims, em: requireEm() };
}
