import type { Me, Permission } from '@yuanan/contracts';

/**
 * Which identity a page works with: the platform's own, a zone's (the operator must act as), a supervising
 * bureau's own (city views across its granted zones), or any.
 */
export type PageScope = 'platform' | 'zone' | 'bureau' | 'any';
export type Access = 'ok' | 'need_zone' | 'forbidden';

export function hasPermission(user: Me | null | undefined, p: Permission): boolean {
  return !!user && user.permissions.includes(p);
}

/**
 * Whether a page opens for this session. The operator on the platform sees platform pages only; zone pages
 * need an act-as grant (`need_zone`). Zone users never see platform pages.
 */
export function pageAccess(me: Me | null, effective: Me | null, scope: PageScope, permission: Permission): Access {
  if (!me || !effective) return 'forbidden';
  if (scope === 'platform') {
    return me.tenant.kind === 'platform' && hasPermission(me, permission) ? 'ok' : 'forbidden';
  }
  if (scope === 'bureau') {
    // The bureau's own pages use its own token, also while it is inside a zone read-only.
    return me.tenant.kind === 'bureau' && hasPermission(me, permission) ? 'ok' : 'forbidden';
  }
  if (scope === 'zone') {
    if (effective.tenant.kind !== 'zone') return me.tenant.kind === 'platform' ? 'need_zone' : 'forbidden';
    return hasPermission(effective, permission) ? 'ok' : 'forbidden';
  }
  return hasPermission(effective, permission) ? 'ok' : 'forbidden';
}
