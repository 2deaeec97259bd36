import type { Role } from '@yuanan/contracts';
import type { Actor } from '../../core/context/request-scope.ts';
import type { Em } from '../../core/db/orm.ts';
import { AppError, t } from '../../core/http/problem.ts';
import { DutyTeam, DutyTeamMember } from './duty.entity.ts';

/**
 * Who sees and manages which duty teams. The office (zone admin, safety officer, platform operator acting as the
 * zone) sees and manages every team; the equipment keeper sees every team (read only: who is on duty); a rescue
 * leader manages the teams they lead (`leader_user_id`) and sees those plus the teams they are a member of; a
 * rescue member sees their teams. A team the caller cannot see is 404 (as if it did not exist); one they see but
 * do not manage is 403.
 */
const OFFICE: readonly Role[] = ['zone_admin', 'safety_officer', 'platform_admin'];

export const isDutyOffice = (a: Pick<Actor, 'role'>) => OFFICE.includes(a.role);
const seesAll = (a: Pick<Actor, 'role'>) => isDutyOffice(a) || a.role === 'equipment_keeper';

export const teamNotFound = () => new AppError(404, 'not_found', t('未找到该值班队伍', 'Duty team not found'));
export const notYourTeam = () =>
  new AppError(403, 'forbidden', t('只能管理本人担任队长的队伍', 'You can only manage the teams you lead'));

/** Ids of the teams the caller may see; null = every team of the zone. */
export async function visibleTeamIds(em: Em, actor: Actor): Promise<string[] | null> {
  if (seesAll(actor)) return null;
  const [led, member] = await Promise.all([
    em.find(DutyTeam, { leaderUserId: actor.userId }, { fields: ['id'] }),
    em.find(DutyTeamMember, { userId: actor.userId, active: true }, { fields: ['teamId'] }),
  ]);
  return [...new Set([...led.map((x) => x.id), ...member.map((m) => m.teamId)])];
}

/** Ids of the teams the caller manages; null = every team (the office); empty for members and the keeper. */
export async function managedTeamIds(em: Em, actor: Actor): Promise<string[] | null> {
  if (isDutyOffice(actor)) return null;
  if (actor.role !== 'rescue_leader') return [];
  return (await em.find(DutyTeam, { leaderUserId: actor.userId }, { fields: ['id'] })).map((x) => x.id);
}

/** Whether the caller manages `team` (office, or its leader). */
export function managesTeam(actor: Actor, team: Pick<DutyTeam, 'leaderUserId'>): boolean {
  return isDutyOffice(actor) || (actor.role === 'rescue_leader' && team.leaderUserId === actor.userId);
}

/** A team the caller may see (404 otherwise); with `manage`, one they manage (403 when seen but not managed). */
export async function teamFor(em: Em, actor: Actor, id: string, opts: { manage?: boolean } = {}): Promise<DutyTeam> {
  const team = await em.findOne(DutyTeam, { id });
  if (!team) throw teamNotFound();
  const visible = await visibleTeamIds(em, actor);
  if (visible && !visible.includes(team.id)) throw teamNotFound();
  if (opts.manage && !managesTeam(actor, team)) throw notYourTeam();
  return team;
}
