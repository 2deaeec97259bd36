import { can, isEnterpriseRole, type Role } from '@yuanan/contracts';
import type { Actor } from '../../core/context/request-scope.ts';
import { AppError, t } from '../../core/http/problem.ts';

/**
 * Who sees what in the equipment room. The keeper and the safety office (`equipment.lend`) see every request,
 * reservation and loan of the zone; an enterprise user only their own enterprise's; anyone else (a rescue member who
 * asks for the team, a grid worker reading the catalogue) only what they asked for or borrowed themselves.
 * Everyone with `equipment.read` sees the catalogue and the units (enterprise users: lendable models only, and not
 * who holds a unit).
 */

/** The role the permission matrix is asked about (a platform operator acting in a zone is platform_admin). */
export function roleOf(actor: Actor): Role {
  return actor.actingAs ? 'platform_admin' : actor.role;
}

/** The keeper and the office: every record of the zone. */
export function seesAll(actor: Actor): boolean {
  return can(roleOf(actor), 'equipment.lend');
}

/** An enterprise user's enterprise (403 when the account is bound to none). */
export function ownEnterprise(actor: Actor): string {
  if (!actor.enterpriseId)
    throw new AppError(403, 'forbidden', t('账号未绑定企业', 'Your account is not bound to an enterprise'));
  return actor.enterpriseId;
}

type Where = Record<string, unknown>;

/**
 * The filter of the records (requests, reservations, loans) an actor may see: all, their enterprise's, or their own.
 * `own` names the column holding "the person it is for" (requestedBy on requests, borrowerUserId on loans).
 */
export function recordScope(actor: Actor, own: 'requestedBy' | 'borrowerUserId' | 'createdBy'): Where {
  if (seesAll(actor)) return {};
  if (isEnterpriseRole(actor.role)) return { enterpriseId: ownEnterprise(actor) };
  return { [own]: actor.userId };
}

/** Whether the actor may see who holds a record (the borrower's name and phone). */
export function seesBorrower(
  actor: Actor,
  r: { enterpriseId?: string | null; borrowerUserId?: string | null; requestedBy?: string | null },
): boolean {
  if (seesAll(actor)) return true;
  if (isEnterpriseRole(actor.role)) return Boolean(actor.enterpriseId) && r.enterpriseId === actor.enterpriseId;
  return r.borrowerUserId === actor.userId || r.requestedBy === actor.userId;
}
