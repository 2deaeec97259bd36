import { LockMode } from '@mikro-orm/core';
import type { z } from 'zod';
import {
  can,
  isEnterpriseRole,
  DUTY_SWAP_STATUS_LABELS,
  type DutySwapStatus,
  DUTY_SWAP_TRANSITIONS,
  type createDutyLeaveRequest,
  type createDutyOverrideRequest,
  type createDutyRotationRequest,
  type createDutySwapRequest,
  type createDutyTeamRequest,
  type DutyCheckIn as DutyCheckInDto,
  type DutyLeave as DutyLeaveDto,
  type DutyOnDutyTeam,
  type DutyOverride as DutyOverrideDto,
  type DutyRosterResponse,
  type DutyRotation as DutyRotationDto,
  type DutySwap as DutySwapDto,
  type DutySwapAction,
  type DutyTeam as DutyTeamDto,
  type dutyLeavesQuery,
  type dutyRotationsQuery,
  type dutySwapsQuery,
  type DutyTeamsQuery,
  type putDutyMemberRequest,
  type updateDutyRotationRequest,
  type updateDutyTeamRequest,
  type DutyFairnessRow,
  type DutyMyShift,
  DUTY_CANDIDATE_ROLES,
  type DutyTeamCandidate,
  type DutyTeamCandidatesResponse,
} from '@yuanan/contracts';
import {
  addDays,
  dutyFairness,
  HOLIDAY_SOURCE,
  isNightSlot,
  isPublicHoliday,
  dutyLocalDate,
  onDutyAt as domainOnDutyAt,
  teamRoster,
  zonedToUtc,
  type DutyTeamRosterInput,
  type ResolvedDutySlot,
} from '@yuanan/domain';
import type { Container } from '../../core/container.ts';
import type { Actor } from '../../core/context/request-scope.ts';
import { signCode, verifyCode, codeSvg, type SignedCodeKind } from '../../core/crypto/signed-code.ts';
import type { Em } from '../../core/db/orm.ts';
import { uuidv7 } from '../../core/db/ids.ts';
import { emTenantId } from '../../core/db/tenant-guard.ts';
import { AppError, conflict, t } from '../../core/http/problem.ts';
import { iso, isoReq } from '../../core/http/serialize.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import { User } from '../identity/identity.entity.ts';
import { visiblePhone } from '../identity/user-dto.ts';
import type { NotificationRow, NotificationService, NotifyInput } from '../notifications/notification.service.ts';
import { DutyCheckIn, DutyLeave, DutyOverride, DutyRotation, DutySwap, DutyTeam, DutyTeamMember } from './duty.entity.ts';
import { isDutyOffice, managedTeamIds, managesTeam, notYourTeam, teamFor, visibleTeamIds } from './duty-scope.ts';

type In<T extends z.ZodType> = z.output<T>;

const HOUR = 3_600_000;
const DAY = 86_400_000;
/** Overrides and leave are loaded this far around a range: a weekly slot overlapping it may start a week before. */
const PAD = 8 * DAY;

/** The duty room's QR code kind (core/crypto/signed-code.ts): payload `YD1.<tenantId>.<teamId>.<hmac16>`. */
export const DUTY_ROOM_CODE: SignedCodeKind = { version: 'YD1', domain: 'duty-room' };

/** A refusal of the rules (422) on a field. */
export const dutyRule = (path: string, zh: string, en: string) =>
  new AppError(422, 'validation_failed', t(zh, en), { errors: [{ path, code: 'rule', message: t(zh, en) }] });
const userNotFound = () => new AppError(404, 'not_found', t('未找到该用户', 'User not found'));
const swapNotFound = () => new AppError(404, 'not_found', t('未找到该换班申请', 'Swap request not found'));
const leaveNotFound = () => new AppError(404, 'not_found', t('未找到该请假记录', 'Leave not found'));
const overrideNotFound = () => new AppError(404, 'not_found', t('未找到该调班记录', 'Cover not found'));

const overlapsRange = (from: Date, to: Date) => ({ startsAt: { $lt: to }, endsAt: { $gt: from } });
const fmt = (d: Date, tz: string) =>
  new Intl.DateTimeFormat('zh-CN', {
    timeZone: tz,
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(d);

/** The UTC instant of local midnight starting a zone date. */
export function startOfLocalDay(date: string, tz: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return zonedToUtc(y, m, d, 0, 0, 0, tz);
}

function rotationInput(r: DutyRotation) {
  return {
    id: r.id,
    pattern: r.pattern,
    handoffTime: r.handoffTime,
    perShift: r.perShift,
    order: r.order ?? null,
    weekdayPattern: (r.weekdayPattern ?? null) as Partial<Record<string, string[]>> | null,
    startsOn: r.startsOn,
    endsOn: r.endsOn ?? null,
    active: r.active,
  };
}

/** The roster inputs of some teams over a range (rotations, overrides and approved leave around it). */
export interface TeamRosterData {
  team: DutyTeam;
  input: DutyTeamRosterInput;
  members: DutyTeamMember[];
}

/**
 * 值班: teams, members, rotations, the roster, who is on duty, overrides, swaps, leave, check-in/out, fairness.
 * `onDutyAt` / `onDutyNow` are the entry points other modules (incident dispatch) use.
 */
/** Locks the team's row until the transaction ends, so roster changes of one team (covers, swaps) go one by one. */
async function lockTeam(tx: Em, teamId: string): Promise<void> {
  await tx.findOneOrFail(DutyTeam, { id: teamId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
}

export class DutyService {
  readonly #c: Container;
  readonly #notifications: NotificationService;
  constructor(c: Container, notifications: NotificationService) {
    this.#c = c;
    this.#notifications = notifications;
  }

  // ---- roster core ----

  /**
   * Loads everything the roster of `teams` needs around [from, to): active rotations, overrides and approved
   * leave overlapping the padded range, active members. Four queries whatever the number of teams.
   */
  async rosterData(em: Em, teams: DutyTeam[], from: Date, to: Date, tz: string): Promise<Map<string, TeamRosterData>> {
    const out = new Map<string, TeamRosterData>();
    if (!teams.length) return out;
    const ids = teams.map((x) => x.id);
    const pf = new Date(from.getTime() - PAD);
    const pt = new Date(to.getTime() + PAD);
    const [rotations, overrides, members] = await Promise.all([
      em.find(DutyRotation, { teamId: { $in: ids }, active: true }),
      em.find(DutyOverride, { teamId: { $in: ids }, ...overlapsRange(pf, pt) }, { orderBy: { startsAt: 'asc', id: 'asc' } }),
      em.find(DutyTeamMember, { teamId: { $in: ids }, active: true }),
    ]);
    const people = [...new Set([...members.map((m) => m.userId), ...overrides.map((o) => o.userId)])];
    const leaves = people.length
      ? await em.find(DutyLeave, { userId: { $in: people }, status: 'approved', ...overlapsRange(pf, pt) })
      : [];
    for (const team of teams) {
      out.set(team.id, {
        team,
        members: members.filter((m) => m.teamId === team.id),
        input: {
          teamId: team.id,
          timeZone: tz,
          minOnDuty: team.minOnDuty,
          rotations: rotations.filter((r) => r.teamId === team.id).map(rotationInput),
          overrides: overrides
            .filter((o) => o.teamId === team.id)
            .map((o) => ({
              id: o.id,
              startsAt: o.startsAt,
              endsAt: o.endsAt,
              userId: o.userId,
              replacesUserId: o.replacesUserId ?? null,
              source: o.source,
            })),
          leaves: leaves
            .filter((l) => !l.teamId || l.teamId === team.id)
            .map((l) => ({ id: l.id, userId: l.userId, startsAt: l.startsAt, endsAt: l.endsAt })),
        },
      });
    }
    return out;
  }

  /** The resolved slots of one team over [from, to). */
  async slotsOf(em: Em, tenant: TenantInfo, team: DutyTeam, from: Date, to: Date): Promise<ResolvedDutySlot[]> {
    const data = (await this.rosterData(em, [team], from, to, tenant.timeZone)).get(team.id)!;
    return teamRoster(data.input, from, to);
  }

  /**
   * Who is on duty in one team at `at` (the incident module's entry point): the slot covering it (null when no
   * rotation does) and the user ids after overrides and leave. The em's zone is the team's zone; another zone's
   * team is "not found" (null).
   */
  async onDutyAt(
    em: Em,
    teamId: string,
    at: Date = new Date(),
  ): Promise<{ teamId: string; slot: { start: Date; end: Date; kind: string } | null; userIds: string[]; gap: boolean } | null> {
    const team = await em.findOne(DutyTeam, { id: teamId });
    if (!team) return null;
    const tz = await this.#timeZone(em);
    const data = (await this.rosterData(em, [team], at, new Date(at.getTime() + 1), tz)).get(team.id)!;
    return domainOnDutyAt(data.input, at);
  }

  /** Who is on duty now (or at `at`) in every active team of the em's zone: five queries for the whole zone. */
  async onDutyNow(em: Em, at: Date = new Date()) {
    const teams = await em.find(DutyTeam, { active: true }, { orderBy: { name: 'asc', id: 'asc' } });
    const tz = await this.#timeZone(em);
    const data = await this.rosterData(em, teams, at, new Date(at.getTime() + 1), tz);
    return teams.map((team) => ({ team, ...domainOnDutyAt(data.get(team.id)!.input, at) }));
  }

  async #timeZone(em: Em): Promise<string> {
    const tenantId = emTenantId(em);
    const info = tenantId ? await this.#c.tenants.byId(tenantId) : null;
    return info?.timeZone ?? 'Asia/Shanghai';
  }

  // ---- people ----

  async #users(em: Em, ids: string[]) {
    const unique = [...new Set(ids)];
    if (!unique.length) return new Map<string, User>();
    const rows = await em.find(User, { id: { $in: unique } });
    return new Map(rows.map((u) => [u.id, u]));
  }

  /** An active zone user who can be on duty (not an enterprise account); another zone's or unknown id: 404. */
  async #dutyUser(em: Em, id: string, path: string): Promise<User> {
    const u = await em.findOne(User, { id });
    if (!u) throw userNotFound();
    if (u.status !== 'active') throw dutyRule(path, '该用户已停用', 'This user is disabled');
    if (isEnterpriseRole(u.role)) throw dutyRule(path, '企业用户不能参加值班', 'Enterprise users cannot be on duty');
    return u;
  }

  async #activeMember(em: Em, teamId: string, userId: string, path: string): Promise<void> {
    await this.#dutyUser(em, userId, path);
    if (!(await em.count(DutyTeamMember, { teamId, userId, active: true })))
      throw dutyRule(path, '该人员不是本队队员', 'This person is not a member of the team');
  }

  async #onLeave(em: Em, userId: string, teamId: string, from: Date, to: Date): Promise<boolean> {
    return (
      (await em.count(DutyLeave, {
        userId,
        status: 'approved',
        $or: [{ teamId: null }, { teamId }],
        ...overlapsRange(from, to),
      })) > 0
    );
  }

  // ---- teams ----

  async listTeams(em: Em, actor: Actor, q: DutyTeamsQuery) {
    const visible = await visibleTeamIds(em, actor);
    const where: Record<string, unknown>[] = [];
    if (visible) where.push({ id: { $in: visible.length ? visible : ['-'] } });
    if (q.active) where.push({ active: q.active === 'true' });
    if (q.mine === 'true') {
      const mine = await em.find(DutyTeamMember, { userId: actor.userId, active: true }, { fields: ['teamId'] });
      where.push({ $or: [{ leaderUserId: actor.userId }, { id: { $in: [...mine.map((m) => m.teamId), '-'] } }] });
    }
    const [rows, total] = await em.findAndCount(
      DutyTeam,
      { $and: where },
      { orderBy: { name: 'asc', id: 'asc' }, limit: q.pageSize, offset: (q.page - 1) * q.pageSize },
    );
    return { items: await this.teamDtos(em, rows), total, page: q.page, pageSize: q.pageSize };
  }

  async teamDtos(em: Em, teams: DutyTeam[]): Promise<DutyTeamDto[]> {
    const members = teams.length
      ? await em.find(DutyTeamMember, { teamId: { $in: teams.map((x) => x.id) } }, { orderBy: { createdAt: 'asc', id: 'asc' } })
      : [];
    const users = await this.#users(em, [
      ...members.map((m) => m.userId),
      ...teams.flatMap((x) => (x.leaderUserId ? [x.leaderUserId] : [])),
    ]);
    return teams.map((team) => ({
      id: team.id,
      name: team.name,
      kind: team.kind,
      leaderUserId: team.leaderUserId ?? null,
      leaderName: team.leaderUserId ? (users.get(team.leaderUserId)?.name ?? null) : null,
      minOnDuty: team.minOnDuty,
      active: team.active,
      members: members
        .filter((m) => m.teamId === team.id && m.active)
        .map((m) => {
          const u = users.get(m.userId);
          return {
            userId: m.userId,
            name: u?.name ?? '',
            phone: u ? visiblePhone(this.#c, u.phoneSealed, u.phoneMasked) : null,
            role: u?.role ?? '',
            skills: m.skills ?? [],
            certificates: m.certificates ?? [],
            active: m.active,
          };
        }),
      createdAt: isoReq(team.createdAt),
      updatedAt: isoReq(team.updatedAt),
    }));
  }

  async teamDto(em: Em, team: DutyTeam) {
    return (await this.teamDtos(em, [team]))[0]!;
  }

  getTeam(em: Em, actor: Actor, id: string, manage = false) {
    return teamFor(em, actor, id, { manage });
  }

  async createTeam(em: Em, actor: Actor, tenant: TenantInfo, body: In<typeof createDutyTeamRequest>): Promise<DutyTeam> {
    let leader = body.leaderUserId ?? null;
    if (!isDutyOffice(actor)) {
      // A rescue leader creates a team they lead.
      if (leader && leader !== actor.userId) throw notYourTeam();
      leader = actor.userId;
    }
    if (leader) await this.#dutyUser(em, leader, 'leaderUserId');
    return em.transactional(async (tx) => {
      const id = uuidv7();
      const team = tx.create(DutyTeam, {
        id,
        name: body.name,
        kind: body.kind,
        leaderUserId: leader,
        minOnDuty: body.minOnDuty,
        active: body.active,
        dutyRoomQr: signCode(this.#c.config.JWT_SECRET, DUTY_ROOM_CODE, tenant.id, id),
      } as never) as DutyTeam;
      // The leader is a member of the team they lead.
      if (leader) tx.create(DutyTeamMember, { teamId: id, userId: leader, skills: [], certificates: [], active: true } as never);
      await tx.flush();
      return team;
    });
  }

  async updateTeam(em: Em, actor: Actor, id: string, body: In<typeof updateDutyTeamRequest>): Promise<DutyTeam> {
    const team = await teamFor(em, actor, id, { manage: true });
    if (body.leaderUserId !== undefined && body.leaderUserId !== team.leaderUserId) {
      if (!isDutyOffice(actor))
        throw new AppError(403, 'forbidden', t('只有安监办可以更换队长', 'Only the safety office can change the leader'));
      if (body.leaderUserId) await this.#dutyUser(em, body.leaderUserId, 'leaderUserId');
    }
    return em.transactional(async (tx) => {
      const row = await tx.findOneOrFail(DutyTeam, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (body.name !== undefined) row.name = body.name;
      if (body.kind !== undefined) row.kind = body.kind;
      if (body.minOnDuty !== undefined) row.minOnDuty = body.minOnDuty;
      if (body.active !== undefined) row.active = body.active;
      if (body.leaderUserId !== undefined) {
        row.leaderUserId = body.leaderUserId;
        if (body.leaderUserId) await this.#upsertMember(tx, id, body.leaderUserId, undefined);
      }
      await tx.flush();
      return row;
    });
  }

  async #upsertMember(tx: Em, teamId: string, userId: string, b: { skills: string[]; certificates: unknown[] } | undefined) {
    const m = await tx.findOne(DutyTeamMember, { teamId, userId });
    if (m) {
      m.active = true;
      if (b) {
        m.skills = b.skills;
        m.certificates = b.certificates as never;
      }
    } else
      tx.create(DutyTeamMember, {
        teamId,
        userId,
        skills: b?.skills ?? [],
        certificates: (b?.certificates ?? []) as never,
        active: true,
      } as never);
  }

  async putMember(em: Em, actor: Actor, id: string, body: In<typeof putDutyMemberRequest>): Promise<DutyTeam> {
    const team = await teamFor(em, actor, id, { manage: true });
    await this.#dutyUser(em, body.userId, 'userId');
    await em.transactional(async (tx) => {
      await this.#upsertMember(tx, team.id, body.userId, body);
      await tx.flush();
    });
    return team;
  }

  /** Takes a member off the team (the row stays, inactive) and out of the team's rotations. The leader stays. */
  async removeMember(em: Em, actor: Actor, id: string, userId: string): Promise<DutyTeam> {
    const team = await teamFor(em, actor, id, { manage: true });
    const member = await em.findOne(DutyTeamMember, { teamId: id, userId, active: true });
    if (!member) throw new AppError(404, 'not_found', t('该人员不是本队队员', 'This person is not a member of the team'));
    if (team.leaderUserId === userId)
      throw dutyRule('userId', '队长不能移出队伍，请先更换队长', 'The leader cannot leave the team: change the leader first');
    await em.transactional(async (tx) => {
      const m = await tx.findOneOrFail(DutyTeamMember, { id: member.id });
      m.active = false;
      for (const r of await tx.find(DutyRotation, { teamId: id })) {
        if (r.order?.includes(userId)) r.order = r.order.filter((u) => u !== userId);
        if (r.weekdayPattern) {
          const next: Record<string, string[]> = {};
          for (const [k, v] of Object.entries(r.weekdayPattern)) next[k] = (v ?? []).filter((u) => u !== userId);
          r.weekdayPattern = next;
        }
      }
      await tx.flush();
    });
    return team;
  }

  /**
   * Who the team's manager may add (a leader has no users.read): the zone's active rescue members and leaders not
   * active on the team, names only, sorted by name (at most 500). Not the manager's team: 404/403 (teamFor).
   */
  async teamCandidates(em: Em, actor: Actor, id: string): Promise<DutyTeamCandidatesResponse> {
    const team = await teamFor(em, actor, id, { manage: true });
    const members = await em.find(DutyTeamMember, { teamId: team.id, active: true }, { fields: ['userId'] });
    const taken = members.map((m) => m.userId);
    const users = await em.find(
      User,
      {
        role: { $in: [...DUTY_CANDIDATE_ROLES] },
        status: 'active',
        ...(taken.length ? { id: { $nin: taken } } : {}),
      },
      { fields: ['id', 'name', 'role'], orderBy: { name: 'asc', id: 'asc' }, limit: 500 },
    );
    return {
      items: users.map((u) => ({ userId: u.id, name: u.name, role: u.role as DutyTeamCandidate['role'] })),
    };
  }

  async teamQr(em: Em, actor: Actor, id: string) {
    const team = await teamFor(em, actor, id, { manage: true });
    return { payload: team.dutyRoomQr, svg: await codeSvg(team.dutyRoomQr) };
  }

  // ---- rotations ----

  rotationDto(r: DutyRotation): DutyRotationDto {
    return {
      id: r.id,
      teamId: r.teamId,
      name: r.name,
      pattern: r.pattern,
      handoffTime: r.handoffTime,
      perShift: r.perShift,
      order: r.order ?? null,
      weekdayPattern: r.weekdayPattern ?? null,
      startsOn: r.startsOn,
      endsOn: r.endsOn ?? null,
      active: r.active,
      createdAt: isoReq(r.createdAt),
      updatedAt: isoReq(r.updatedAt),
    };
  }

  async listRotations(em: Em, actor: Actor, q: In<typeof dutyRotationsQuery>) {
    const where: Record<string, unknown>[] = [];
    const visible = await visibleTeamIds(em, actor);
    if (visible) where.push({ teamId: { $in: visible.length ? visible : ['-'] } });
    if (q.teamId) {
      await teamFor(em, actor, q.teamId);
      where.push({ teamId: q.teamId });
    }
    if (q.active) where.push({ active: q.active === 'true' });
    const [rows, total] = await em.findAndCount(
      DutyRotation,
      { $and: where },
      { orderBy: { createdAt: 'asc', id: 'asc' }, limit: q.pageSize, offset: (q.page - 1) * q.pageSize },
    );
    return { items: rows.map((r) => this.rotationDto(r)), total, page: q.page, pageSize: q.pageSize };
  }

  async #checkRotationPeople(em: Em, teamId: string, r: { order?: string[] | null; weekdayPattern?: object | null }) {
    const ids = [...(r.order ?? []), ...Object.values((r.weekdayPattern ?? {}) as Record<string, string[]>).flat()];
    const unique = [...new Set(ids)];
    if (!unique.length) return;
    const users = await em.find(User, { id: { $in: unique } }, { fields: ['id'] });
    if (users.length !== unique.length) throw userNotFound();
    const members = await em.find(DutyTeamMember, { teamId, userId: { $in: unique }, active: true }, { fields: ['userId'] });
    if (members.length !== unique.length)
      throw dutyRule(
        r.order?.length ? 'order' : 'weekdayPattern',
        '轮班人员须为本队在册队员',
        'Everyone in a rotation must be a member of the team',
      );
  }

  async createRotation(em: Em, actor: Actor, body: In<typeof createDutyRotationRequest>): Promise<DutyRotation> {
    await teamFor(em, actor, body.teamId, { manage: true });
    await this.#checkRotationPeople(em, body.teamId, body);
    return em.transactional(async (tx) => {
      const r = tx.create(DutyRotation, {
        teamId: body.teamId,
        name: body.name,
        pattern: body.pattern,
        handoffTime: body.handoffTime,
        perShift: body.perShift,
        order: body.order?.length ? body.order : null,
        weekdayPattern: body.order?.length ? null : (body.weekdayPattern ?? null),
        startsOn: body.startsOn,
        endsOn: body.endsOn ?? null,
        active: body.active,
      } as never) as DutyRotation;
      await tx.flush();
      return r;
    });
  }

  async updateRotation(em: Em, actor: Actor, id: string, body: In<typeof updateDutyRotationRequest>): Promise<DutyRotation> {
    const existing = await em.findOne(DutyRotation, { id });
    if (!existing) throw new AppError(404, 'not_found', t('未找到该轮班', 'Rotation not found'));
    await teamFor(em, actor, existing.teamId, { manage: true });
    return em.transactional(async (tx) => {
      const r = await tx.findOneOrFail(DutyRotation, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const next = {
        pattern: body.pattern ?? r.pattern,
        handoffTime: body.handoffTime ?? r.handoffTime,
        perShift: body.perShift ?? r.perShift,
        order: body.order !== undefined ? (body.order?.length ? body.order : null) : r.order,
        weekdayPattern: body.weekdayPattern !== undefined ? body.weekdayPattern : r.weekdayPattern,
        startsOn: body.startsOn ?? r.startsOn,
        endsOn: body.endsOn !== undefined ? body.endsOn : r.endsOn,
      };
      // An order given replaces a weekday pattern and the other way round.
      if (body.order?.length) next.weekdayPattern = null;
      else if (body.weekdayPattern) next.order = null;
      if (!next.order?.length && !next.weekdayPattern)
        throw dutyRule('order', '请填写轮班顺序或按星期排班', 'Give an order of members or a pattern per weekday');
      if (next.order && next.order.length < next.perShift)
        throw dutyRule('order', '轮班人数不能少于每班人数', 'The order needs at least as many members as per shift');
      if (next.endsOn && next.endsOn < next.startsOn)
        throw dutyRule('endsOn', '结束日期不能早于开始日期', 'The end date cannot be before the start date');
      await this.#checkRotationPeople(tx, r.teamId, next);
      Object.assign(r, next, {
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.active !== undefined ? { active: body.active } : {}),
      });
      await tx.flush();
      return r;
    });
  }

  // ---- roster, on duty ----

  overrideDto(o: DutyOverride, users: Map<string, User>): DutyOverrideDto {
    return {
      id: o.id,
      teamId: o.teamId,
      startsAt: isoReq(o.startsAt),
      endsAt: isoReq(o.endsAt),
      userId: o.userId,
      userName: users.get(o.userId)?.name ?? '',
      replacesUserId: o.replacesUserId ?? null,
      replacesUserName: o.replacesUserId ? (users.get(o.replacesUserId)?.name ?? null) : null,
      reason: o.reason ?? null,
      source: o.source,
      swapId: o.swapId ?? null,
      createdBy: o.createdBy ?? null,
      createdAt: isoReq(o.createdAt),
    };
  }

  leaveDto(l: DutyLeave, users: Map<string, User>): DutyLeaveDto {
    return {
      id: l.id,
      teamId: l.teamId ?? null,
      userId: l.userId,
      userName: users.get(l.userId)?.name ?? '',
      startsAt: isoReq(l.startsAt),
      endsAt: isoReq(l.endsAt),
      reason: l.reason ?? null,
      status: l.status,
      decidedBy: l.decidedBy ?? null,
      decidedAt: iso(l.decidedAt),
      createdBy: l.createdBy ?? null,
      createdAt: isoReq(l.createdAt),
    };
  }

  checkInDto(c: DutyCheckIn, users: Map<string, User>, teams: Map<string, DutyTeam>): DutyCheckInDto {
    return {
      id: c.id,
      teamId: c.teamId,
      teamName: teams.get(c.teamId)?.name ?? '',
      userId: c.userId,
      userName: users.get(c.userId)?.name ?? '',
      checkedInAt: isoReq(c.checkedInAt),
      checkedOutAt: iso(c.checkedOutAt),
      method: c.method,
      slotStart: iso(c.slotStart),
    };
  }

  async #teamsFor(em: Em, actor: Actor, teamId: string | undefined): Promise<DutyTeam[]> {
    if (teamId) return [await teamFor(em, actor, teamId)];
    const visible = await visibleTeamIds(em, actor);
    return em.find(DutyTeam, visible ? { id: { $in: visible.length ? visible : ['-'] } } : {}, {
      orderBy: { name: 'asc', id: 'asc' },
    });
  }

  /** The calendar: every slot of the teams over local dates from..to (inclusive), with overrides, leave, check-ins. */
  async roster(
    em: Em,
    actor: Actor,
    tenant: TenantInfo,
    q: { teamId?: string; from: string; to: string },
  ): Promise<DutyRosterResponse> {
    const tz = tenant.timeZone;
    const extraHolidays = tenant.settings.publicHolidays ?? [];
    const teams = await this.#teamsFor(em, actor, q.teamId);
    const from = startOfLocalDay(q.from, tz);
    const to = startOfLocalDay(addDays(q.to, 1), tz);
    const data = await this.rosterData(em, teams, from, to, tz);
    const ids = teams.map((x) => x.id);
    const memberIds = [...new Set([...data.values()].flatMap((d) => d.members.map((m) => m.userId)))];
    const [overrides, leaves, checkIns] = ids.length
      ? await Promise.all([
          em.find(
            DutyOverride,
            { teamId: { $in: ids }, ...overlapsRange(from, to) },
            { orderBy: { startsAt: 'asc', id: 'asc' } },
          ),
          memberIds.length
            ? em.find(
                DutyLeave,
                {
                  userId: { $in: memberIds },
                  status: { $in: ['approved', 'requested'] },
                  $or: [{ teamId: null }, { teamId: { $in: ids } }],
                  ...overlapsRange(from, to),
                },
                { orderBy: { startsAt: 'asc', id: 'asc' } },
              )
            : Promise.resolve([] as DutyLeave[]),
          em.find(
            DutyCheckIn,
            { teamId: { $in: ids }, checkedInAt: { $lt: to }, $or: [{ checkedOutAt: null }, { checkedOutAt: { $gt: from } }] },
            { orderBy: { checkedInAt: 'asc', id: 'asc' }, limit: 5000 },
          ),
        ])
      : [[], [], []];
    const now = new Date();
    const slots = teams.flatMap((team) => teamRoster(data.get(team.id)!.input, from, to).map((s) => ({ team, s })));
    const userIds = new Set<string>(memberIds);
    for (const { s } of slots) for (const u of [...s.userIds, ...s.scheduledUserIds]) userIds.add(u);
    for (const o of overrides) {
      userIds.add(o.userId);
      if (o.replacesUserId) userIds.add(o.replacesUserId);
    }
    for (const l of leaves) userIds.add(l.userId);
    for (const c of checkIns) userIds.add(c.userId);
    const users = await this.#users(em, [...userIds]);
    const teamMap = new Map(teams.map((x) => [x.id, x]));
    const holidays = new Map<string, boolean>();
    const holiday = (d: string) => {
      if (!holidays.has(d)) holidays.set(d, isPublicHoliday(d, extraHolidays));
      return holidays.get(d)!;
    };
    const checkedIn = (teamId: string, userId: string, s: ResolvedDutySlot) =>
      checkIns.some(
        (c) => c.teamId === teamId && c.userId === userId && c.checkedInAt < s.end && (c.checkedOutAt ?? now) > s.start,
      );
    const slotDtos = slots.map(({ team, s }) => ({
      teamId: team.id,
      rotationId: s.rotationId,
      start: s.start.toISOString(),
      end: s.end.toISOString(),
      kind: s.kind,
      scheduledUserIds: s.scheduledUserIds,
      userIds: s.userIds,
      assignees: s.assignees.map((a) => ({
        userId: a.userId,
        name: users.get(a.userId)?.name ?? '',
        source: a.source,
        overrideId: a.overrideId,
        checkedIn: checkedIn(team.id, a.userId, s),
      })),
      removed: s.removed.map((r) => ({ ...r, name: users.get(r.userId)?.name ?? '' })),
      gap: s.gap,
      minOnDuty: team.minOnDuty,
      night: isNightSlot(s.start, s.end, tz),
      holiday: holiday(dutyLocalDate(s.start, tz)),
    }));
    return {
      from: q.from,
      to: q.to,
      timeZone: tz,
      teams: teams.map((x) => ({ id: x.id, name: x.name, kind: x.kind, minOnDuty: x.minOnDuty })),
      people: [...userIds].map((id) => ({ userId: id, name: users.get(id)?.name ?? '' })),
      slots: slotDtos,
      overrides: overrides.map((o) => this.overrideDto(o, users)),
      leaves: leaves.map((l) => this.leaveDto(l, users)),
      checkIns: checkIns.map((c) => this.checkInDto(c, users, teamMap)),
      gaps: slotDtos.filter((s) => s.gap).length,
    };
  }

  /** `GET /duty/on-duty`: who is on duty at `at` in one team or every team the caller sees. */
  async onDuty(em: Em, actor: Actor, tenant: TenantInfo, q: { teamId?: string; at?: string }) {
    const at = q.at ? new Date(q.at) : new Date();
    const teams = (await this.#teamsFor(em, actor, q.teamId)).filter((x) => q.teamId || x.active);
    const data = await this.rosterData(em, teams, at, new Date(at.getTime() + 1), tenant.timeZone);
    const answers = teams.map((team) => ({ team, a: domainOnDutyAt(data.get(team.id)!.input, at) }));
    const ids = [...new Set(answers.flatMap((x) => x.a.userIds))];
    const users = await this.#users(em, ids);
    const open = ids.length
      ? await em.find(DutyCheckIn, {
          userId: { $in: ids },
          checkedInAt: { $lte: at },
          $or: [{ checkedOutAt: null }, { checkedOutAt: { $gt: at } }],
        })
      : [];
    const out: DutyOnDutyTeam[] = answers.map(({ team, a }) => ({
      teamId: team.id,
      teamName: team.name,
      kind: team.kind,
      minOnDuty: team.minOnDuty,
      slot: a.slot && { start: a.slot.start.toISOString(), end: a.slot.end.toISOString(), kind: a.slot.kind },
      people: a.userIds.map((id) => {
        const u = users.get(id);
        return {
          userId: id,
          name: u?.name ?? '',
          phone: u ? visiblePhone(this.#c, u.phoneSealed, u.phoneMasked) : null,
          checkedIn: open.some((c) => c.userId === id && c.teamId === team.id),
        };
      }),
      gap: a.gap,
    }));
    return { at: at.toISOString(), teams: out };
  }

  // ---- overrides ----

  async createOverride(em: Em, actor: Actor, tenant: TenantInfo, body: In<typeof createDutyOverrideRequest>) {
    const team = await teamFor(em, actor, body.teamId, { manage: true });
    const startsAt = new Date(body.startsAt);
    const endsAt = new Date(body.endsAt);
    await this.#activeMember(em, team.id, body.userId, 'userId');
    if (body.replacesUserId) {
      if (body.replacesUserId === body.userId)
        throw dutyRule('replacesUserId', '替班人与被替班人不能是同一人', 'Someone cannot cover for themselves');
      await this.#activeMember(em, team.id, body.replacesUserId, 'replacesUserId');
    }
    return em.transactional(async (tx) => {
      // One roster change of a team at a time: two covers posted at once would both pass the checks below.
      await lockTeam(tx, team.id);
      if (await this.#onLeave(tx, body.userId, team.id, startsAt, endsAt))
        throw dutyRule('userId', '该人员在此期间请假，不能安排值班', 'This person is on leave then and cannot be put on duty');
      const slots = await this.slotsOf(tx, tenant, team, startsAt, endsAt);
      if (slots.some((s) => s.userIds.includes(body.userId)))
        throw dutyRule('userId', '该人员在此时段已在值班', 'This person is already on duty then');
      if (body.replacesUserId && !slots.some((s) => s.userIds.includes(body.replacesUserId!)))
        throw dutyRule('replacesUserId', '被替班人在此时段没有值班', 'The person replaced is not on duty then');
      const o = tx.create(DutyOverride, {
        teamId: team.id,
        startsAt,
        endsAt,
        userId: body.userId,
        replacesUserId: body.replacesUserId ?? null,
        reason: body.reason || null,
        source: 'manual',
        swapId: null,
        createdBy: actor.userId,
      } as never) as DutyOverride;
      await tx.flush();
      return this.overrideDto(o, await this.#users(tx, [o.userId, ...(o.replacesUserId ? [o.replacesUserId] : [])]));
    });
  }

  async deleteOverride(em: Em, actor: Actor, id: string): Promise<void> {
    const o = await em.findOne(DutyOverride, { id });
    if (!o) throw overrideNotFound();
    await teamFor(em, actor, o.teamId, { manage: true });
    if (o.source === 'swap')
      throw dutyRule('id', '换班产生的调班不能单独删除', 'A cover made by a swap cannot be deleted on its own');
    await em.transactional(async (tx) => {
      tx.remove(await tx.findOneOrFail(DutyOverride, { id }));
      await tx.flush();
    });
  }

  // ---- swaps ----

  #swapActions(actor: Actor, s: DutySwap, team: DutyTeam | undefined): DutySwapAction[] {
    const out: DutySwapAction[] = [];
    for (const [action, tr] of Object.entries(DUTY_SWAP_TRANSITIONS) as [
      DutySwapAction,
      (typeof DUTY_SWAP_TRANSITIONS)['accept'],
    ][]) {
      if (!tr.from.includes(s.status)) continue;
      if (tr.by === 'counterpart' && s.counterpartId === actor.userId) out.push(action);
      if (tr.by === 'requester' && s.requesterId === actor.userId) out.push(action);
      if (
        tr.by === 'manager' &&
        team &&
        managesTeam(actor, team) &&
        can(actor.role, 'duty.manage') &&
        actor.userId !== s.requesterId &&
        actor.userId !== s.counterpartId
      )
        out.push(action);
    }
    return out;
  }

  async swapDtos(em: Em, actor: Actor, rows: DutySwap[]): Promise<DutySwapDto[]> {
    const teams = rows.length ? await em.find(DutyTeam, { id: { $in: [...new Set(rows.map((s) => s.teamId))] } }) : [];
    const teamMap = new Map(teams.map((x) => [x.id, x]));
    const users = await this.#users(
      em,
      rows.flatMap((s) => [s.requesterId, s.counterpartId]),
    );
    return rows.map((s) => ({
      id: s.id,
      teamId: s.teamId,
      teamName: teamMap.get(s.teamId)?.name ?? '',
      requesterId: s.requesterId,
      requesterName: users.get(s.requesterId)?.name ?? '',
      requesterSlotStart: isoReq(s.requesterSlotStart),
      requesterSlotEnd: isoReq(s.requesterSlotEnd),
      counterpartId: s.counterpartId,
      counterpartName: users.get(s.counterpartId)?.name ?? '',
      counterpartSlotStart: iso(s.counterpartSlotStart),
      counterpartSlotEnd: iso(s.counterpartSlotEnd),
      reason: s.reason ?? null,
      status: s.status,
      decidedBy: s.decidedBy ?? null,
      decidedAt: iso(s.decidedAt),
      decisionNote: s.decisionNote ?? null,
      actions: this.#swapActions(actor, s, teamMap.get(s.teamId)),
      createdAt: isoReq(s.createdAt),
      updatedAt: isoReq(s.updatedAt),
    }));
  }

  async listSwaps(em: Em, actor: Actor, q: In<typeof dutySwapsQuery>) {
    const where: Record<string, unknown>[] = [];
    const mine = { $or: [{ requesterId: actor.userId }, { counterpartId: actor.userId }] };
    if (!isDutyOffice(actor) && actor.role !== 'equipment_keeper') {
      const managed = (await managedTeamIds(em, actor)) ?? [];
      where.push(managed.length ? { $or: [mine, { teamId: { $in: managed } }] } : mine);
    }
    if (q.mine === 'true') where.push(mine);
    if (q.status) where.push({ status: q.status });
    if (q.teamId) {
      await teamFor(em, actor, q.teamId);
      where.push({ teamId: q.teamId });
    }
    const [rows, total] = await em.findAndCount(
      DutySwap,
      { $and: where },
      { orderBy: { createdAt: 'desc', id: 'desc' }, limit: q.pageSize, offset: (q.page - 1) * q.pageSize },
    );
    return { items: await this.swapDtos(em, actor, rows), total, page: q.page, pageSize: q.pageSize };
  }

  /** The slot starting exactly at `start` where `userId` is on duty (after overrides and leave), or null. */
  async #slotOf(em: Em, tenant: TenantInfo, team: DutyTeam, start: Date, userId: string): Promise<ResolvedDutySlot | null> {
    const slots = await this.slotsOf(em, tenant, team, start, new Date(start.getTime() + 1));
    return slots.find((s) => s.start.getTime() === start.getTime() && s.userIds.includes(userId)) ?? null;
  }

  /**
   * The swap's rules, checked on create, accept and approve (things may have changed meanwhile): the requester is
   * on duty in their slot (in the future), the counterpart is a member, not on leave and not already on duty in it;
   * with a slot back, the counterpart is on duty in that one and the requester is free (not on leave, not on duty).
   */
  async #checkSwap(
    em: Em,
    tenant: TenantInfo,
    team: DutyTeam,
    s: { requesterId: string; counterpartId: string; requesterSlotStart: Date; counterpartSlotStart: Date | null },
  ) {
    const now = new Date();
    const mySlot = await this.#slotOf(em, tenant, team, s.requesterSlotStart, s.requesterId);
    if (!mySlot || mySlot.end <= now)
      throw dutyRule(
        'requesterSlotStart',
        '您在该时段没有值班（或该班次已结束）',
        'You are not on duty in that slot (or it is over)',
      );
    if (await this.#onLeave(em, s.counterpartId, team.id, mySlot.start, mySlot.end))
      throw dutyRule('counterpartId', '对方在该时段请假，不能换班', 'Your colleague is on leave then: no swap into leave');
    if (mySlot.userIds.includes(s.counterpartId))
      throw dutyRule('counterpartId', '对方在该时段已在值班', 'Your colleague is already on duty in that slot');
    let theirSlot: ResolvedDutySlot | null = null;
    if (s.counterpartSlotStart) {
      theirSlot = await this.#slotOf(em, tenant, team, s.counterpartSlotStart, s.counterpartId);
      if (!theirSlot || theirSlot.end <= now)
        throw dutyRule('counterpartSlotStart', '对方在该时段没有值班', 'Your colleague is not on duty in that slot');
      if (await this.#onLeave(em, s.requesterId, team.id, theirSlot.start, theirSlot.end))
        throw dutyRule('counterpartSlotStart', '您在对方的班次时段请假', 'You are on leave during your colleague’s slot');
      if (theirSlot.userIds.includes(s.requesterId))
        throw dutyRule('counterpartSlotStart', '您在对方的班次已在值班', 'You are already on duty in your colleague’s slot');
    }
    return { mySlot, theirSlot };
  }

  async #managersOf(em: Em, team: DutyTeam): Promise<string[]> {
    if (team.leaderUserId) return [team.leaderUserId];
    return (await em.find(User, { role: { $in: ['zone_admin', 'safety_officer'] }, status: 'active' }, { fields: ['id'] })).map(
      (u) => u.id,
    );
  }

  async #commitNotices(em: Em, work: (tx: Em, stage: (inputs: NotifyInput[]) => Promise<void>) => Promise<unknown>) {
    const created: NotificationRow[] = [];
    const result = await em.transactional(async (tx) => {
      const r = await work(tx, async (inputs) => {
        created.push(...(await this.#notifications.stageMany(tx, inputs)));
      });
      await tx.flush();
      return r;
    });
    if (created.length) await this.#notifications.published(em, created);
    return result;
  }

  async createSwap(em: Em, actor: Actor, tenant: TenantInfo, body: In<typeof createDutySwapRequest>): Promise<DutySwapDto> {
    const team = await teamFor(em, actor, body.teamId);
    if (!(await em.count(DutyTeamMember, { teamId: team.id, userId: actor.userId, active: true })))
      throw dutyRule('teamId', '您不是本队队员', 'You are not a member of this team');
    if (body.counterpartId === actor.userId) throw dutyRule('counterpartId', '不能与自己换班', 'You cannot swap with yourself');
    await this.#activeMember(em, team.id, body.counterpartId, 'counterpartId');
    const requesterSlotStart = new Date(body.requesterSlotStart);
    const counterpartSlotStart = body.counterpartSlotStart ? new Date(body.counterpartSlotStart) : null;
    const swap = (await this.#commitNotices(em, async (tx, stage) => {
      const { mySlot, theirSlot } = await this.#checkSwap(tx, tenant, team, {
        requesterId: actor.userId,
        counterpartId: body.counterpartId,
        requesterSlotStart,
        counterpartSlotStart,
      });
      const open = await tx.count(DutySwap, {
        teamId: team.id,
        requesterId: actor.userId,
        requesterSlotStart,
        status: { $in: ['requested', 'accepted'] },
      });
      if (open) throw conflict(t('该班次已有待处理的换班申请', 'That slot already has a swap request in progress'));
      const s = tx.create(DutySwap, {
        teamId: team.id,
        requesterId: actor.userId,
        requesterSlotStart: mySlot.start,
        requesterSlotEnd: mySlot.end,
        counterpartId: body.counterpartId,
        counterpartSlotStart: theirSlot?.start ?? null,
        counterpartSlotEnd: theirSlot?.end ?? null,
        reason: body.reason || null,
        status: 'requested',
      } as never) as DutySwap;
      await tx.flush();
      await stage([
        {
          userIds: [body.counterpartId],
          kind: 'duty.swapRequested',
          title: '换班申请待您确认',
          body: `${actor.name}申请与您换班：${team.name} ${fmt(mySlot.start, tenant.timeZone)} 起的班次${theirSlot ? `，换您 ${fmt(theirSlot.start, tenant.timeZone)} 起的班次` : '（由您替班）'}。`,
          link: '/duty/swaps?mine=true&status=requested',
          dedupeKey: `duty-swap:${s.id}:requested`,
        },
      ]);
      return s;
    })) as DutySwap;
    return (await this.swapDtos(em, actor, [swap]))[0]!;
  }

  /** Takes a swap action (the state table in contracts: DUTY_SWAP_TRANSITIONS), under a row lock. */
  async actOnSwap(
    em: Em,
    actor: Actor,
    tenant: TenantInfo,
    id: string,
    action: DutySwapAction,
    note: string | undefined,
  ): Promise<DutySwapDto> {
    const found = await em.findOne(DutySwap, { id });
    if (!found) throw swapNotFound();
    const team = await em.findOne(DutyTeam, { id: found.teamId });
    if (!team) throw swapNotFound();
    const party = found.requesterId === actor.userId || found.counterpartId === actor.userId;
    const visibleTeams = await visibleTeamIds(em, actor);
    if (!party && visibleTeams && !visibleTeams.includes(team.id)) throw swapNotFound();
    const tr = DUTY_SWAP_TRANSITIONS[action];
    if (tr.by === 'counterpart' && found.counterpartId !== actor.userId)
      throw new AppError(
        403,
        'forbidden',
        t('只有被邀请换班的队员可以同意或拒绝', 'Only the colleague asked can accept or decline'),
      );
    if (tr.by === 'requester' && found.requesterId !== actor.userId)
      throw new AppError(403, 'forbidden', t('只有申请人可以撤回', 'Only who asked can cancel'));
    if (tr.by === 'manager') {
      if (!can(actor.role, 'duty.manage'))
        throw new AppError(
          403,
          'forbidden',
          t('只有队长或安监办可以审批换班', 'Only the leader or the safety office decide swaps'),
        );
      if (party)
        throw dutyRule('id', '不能审批自己参与的换班', 'You cannot decide a swap you are part of (another manager decides)');
      if (!managesTeam(actor, team)) throw notYourTeam();
    }
    const swap = (await this.#commitNotices(em, async (tx, stage) => {
      const s = await tx.findOneOrFail(DutySwap, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!tr.from.includes(s.status))
        throw conflict(
          t(
            `该换班申请当前状态为“${DUTY_SWAP_STATUS_LABELS[s.status as DutySwapStatus].zh}”，不能执行此操作`,
            `The swap is ${DUTY_SWAP_STATUS_LABELS[s.status as DutySwapStatus].en.toLowerCase()}: this action is not possible now`,
          ),
        );
      const slotText = `${team.name} ${fmt(s.requesterSlotStart, tenant.timeZone)}`;
      if (action === 'accept' || action === 'approve') {
        // One roster change of a team at a time: the checks below read the roster the change then alters.
        await lockTeam(tx, team.id);
        const { mySlot, theirSlot } = await this.#checkSwap(tx, tenant, team, {
          requesterId: s.requesterId,
          counterpartId: s.counterpartId,
          requesterSlotStart: s.requesterSlotStart,
          counterpartSlotStart: s.counterpartSlotStart ?? null,
        });
        if (action === 'approve') {
          const base = { teamId: team.id, reason: s.reason ?? null, source: 'swap', swapId: s.id, createdBy: actor.userId };
          tx.create(DutyOverride, {
            ...base,
            startsAt: mySlot.start,
            endsAt: mySlot.end,
            userId: s.counterpartId,
            replacesUserId: s.requesterId,
          } as never);
          if (theirSlot)
            tx.create(DutyOverride, {
              ...base,
              startsAt: theirSlot.start,
              endsAt: theirSlot.end,
              userId: s.requesterId,
              replacesUserId: s.counterpartId,
            } as never);
        }
      }
      s.status = tr.to;
      if (tr.by === 'manager') {
        s.decidedBy = actor.userId;
        s.decidedAt = new Date();
      }
      if (note) s.decisionNote = note;
      await tx.flush();
      const notes: NotifyInput[] = [];
      const key = `duty-swap:${s.id}:${tr.to}`;
      if (action === 'accept') {
        const managers = (await this.#managersOf(tx, team)).filter((u) => u !== s.requesterId && u !== s.counterpartId);
        notes.push({
          userIds: managers,
          kind: 'duty.swapToApprove',
          title: '换班申请待审批',
          body: `${slotText} 起的班次换班已经双方同意，请审批。`,
          link: '/duty/swaps?status=accepted',
          dedupeKey: key,
        });
        notes.push({
          userIds: [s.requesterId],
          kind: 'duty.swapAccepted',
          title: '对方已同意换班，待审批',
          body: `${slotText} 起的班次。`,
          link: '/duty/swaps?mine=true',
          dedupeKey: `${key}:requester`,
        });
      } else if (action === 'decline') {
        notes.push({
          userIds: [s.requesterId],
          kind: 'duty.swapDeclined',
          title: '对方拒绝了换班申请',
          body: `${slotText} 起的班次。`,
          link: '/duty/swaps?mine=true',
          dedupeKey: key,
        });
      } else if (action === 'approve' || action === 'reject') {
        notes.push({
          userIds: [s.requesterId, s.counterpartId],
          kind: action === 'approve' ? 'duty.swapApproved' : 'duty.swapRejected',
          title: action === 'approve' ? '换班已批准' : '换班未获批准',
          body: `${slotText} 起的班次。${note ? `意见：${note}` : ''}`,
          link: '/duty/swaps?mine=true',
          dedupeKey: key,
        });
      } else if (action === 'cancel') {
        notes.push({
          userIds: [s.counterpartId],
          kind: 'duty.swapCancelled',
          title: '换班申请已撤回',
          body: `${slotText} 起的班次。`,
          link: '/duty/swaps?mine=true',
          dedupeKey: key,
        });
      }
      await stage(notes.filter((n) => n.userIds.length));
      return s;
    })) as DutySwap;
    return (await this.swapDtos(em, actor, [swap]))[0]!;
  }

  // ---- leave ----

  async listLeaves(em: Em, actor: Actor, q: In<typeof dutyLeavesQuery>) {
    const where: Record<string, unknown>[] = [];
    if (!isDutyOffice(actor) && actor.role !== 'equipment_keeper') {
      const managed = (await managedTeamIds(em, actor)) ?? [];
      const people = managed.length
        ? (await em.find(DutyTeamMember, { teamId: { $in: managed } }, { fields: ['userId'] })).map((m) => m.userId)
        : [];
      where.push({ userId: { $in: [...new Set([actor.userId, ...people])] } });
    }
    if (q.mine === 'true') where.push({ userId: actor.userId });
    if (q.status) where.push({ status: q.status });
    if (q.userId) where.push({ userId: q.userId });
    if (q.teamId) {
      await teamFor(em, actor, q.teamId);
      const people = (await em.find(DutyTeamMember, { teamId: q.teamId }, { fields: ['userId'] })).map((m) => m.userId);
      where.push({ userId: { $in: [...people, '-'] }, $or: [{ teamId: null }, { teamId: q.teamId }] });
    }
    const [rows, total] = await em.findAndCount(
      DutyLeave,
      { $and: where },
      { orderBy: { startsAt: 'desc', id: 'desc' }, limit: q.pageSize, offset: (q.page - 1) * q.pageSize },
    );
    const users = await this.#users(
      em,
      rows.map((l) => l.userId),
    );
    return { items: rows.map((l) => this.leaveDto(l, users)), total, page: q.page, pageSize: q.pageSize };
  }

  /** Teams of `userId` the caller manages (office: all of them). */
  async #managedTeamsOf(em: Em, actor: Actor, userId: string): Promise<DutyTeam[]> {
    const memberOf = (await em.find(DutyTeamMember, { userId, active: true }, { fields: ['teamId'] })).map((m) => m.teamId);
    if (!memberOf.length) return [];
    const teams = await em.find(DutyTeam, { id: { $in: memberOf } });
    return teams.filter((x) => managesTeam(actor, x));
  }

  async createLeave(em: Em, actor: Actor, tenant: TenantInfo, body: In<typeof createDutyLeaveRequest>): Promise<DutyLeaveDto> {
    const userId = body.userId ?? actor.userId;
    const self = userId === actor.userId;
    if (!self) await this.#dutyUser(em, userId, 'userId');
    if (body.teamId) {
      await teamFor(em, actor, body.teamId);
      if (!(await em.count(DutyTeamMember, { teamId: body.teamId, userId, active: true })))
        throw dutyRule('teamId', '该人员不是本队队员', 'This person is not a member of the team');
    }
    let approved: boolean;
    if (self) {
      if (!can(actor.role, 'duty.self') && !isDutyOffice(actor))
        throw new AppError(403, 'forbidden', t('您不在值班队伍中', 'You are not on a duty team'));
      // One's own leave waits for someone else (the office's own entries are theirs to make).
      approved = isDutyOffice(actor);
    } else {
      if (!can(actor.role, 'duty.manage') || !(await this.#managedTeamsOf(em, actor, userId)).length) throw notYourTeam();
      approved = true;
    }
    const startsAt = new Date(body.startsAt);
    const endsAt = new Date(body.endsAt);
    const leave = (await this.#commitNotices(em, async (tx, stage) => {
      const overlapping = await tx.count(DutyLeave, {
        userId,
        status: { $in: ['requested', 'approved'] },
        ...overlapsRange(startsAt, endsAt),
      });
      if (overlapping) throw conflict(t('该时段已有请假记录', 'There is already leave in that period'));
      const l = tx.create(DutyLeave, {
        teamId: body.teamId ?? null,
        userId,
        startsAt,
        endsAt,
        reason: body.reason || null,
        status: approved ? 'approved' : 'requested',
        decidedBy: approved ? actor.userId : null,
        decidedAt: approved ? new Date() : null,
        createdBy: actor.userId,
      } as never) as DutyLeave;
      await tx.flush();
      if (!approved) {
        const memberOf = (await tx.find(DutyTeamMember, { userId, active: true }, { fields: ['teamId'] })).map((m) => m.teamId);
        const teams = memberOf.length ? await tx.find(DutyTeam, { id: { $in: memberOf } }) : [];
        const managers = new Set<string>();
        for (const team of teams) for (const m of await this.#managersOf(tx, team)) if (m !== userId) managers.add(m);
        if (!managers.size)
          for (const u of await tx.find(
            User,
            { role: { $in: ['zone_admin', 'safety_officer'] }, status: 'active' },
            { fields: ['id'] },
          ))
            managers.add(u.id);
        await stage([
          {
            userIds: [...managers],
            kind: 'duty.leaveRequested',
            title: '请假申请待审批',
            body: `${actor.name}申请请假：${fmt(startsAt, tenant.timeZone)} 至 ${fmt(endsAt, tenant.timeZone)}。`,
            link: '/duty/leaves?status=requested',
            dedupeKey: `duty-leave:${l.id}:requested`,
          },
        ]);
      }
      return l;
    })) as DutyLeave;
    return this.leaveDto(leave, await this.#users(em, [leave.userId]));
  }

  async decideLeave(em: Em, actor: Actor, id: string, approve: boolean): Promise<DutyLeaveDto> {
    const found = await em.findOne(DutyLeave, { id });
    if (!found) throw leaveNotFound();
    if (found.userId === actor.userId)
      throw dutyRule('id', '不能审批自己的请假', 'You cannot decide your own leave (someone else does)');
    if (!isDutyOffice(actor)) {
      const teams = await this.#managedTeamsOf(em, actor, found.userId);
      if (!teams.length) {
        const visible = await visibleTeamIds(em, actor);
        const memberOf = (await em.find(DutyTeamMember, { userId: found.userId }, { fields: ['teamId'] })).map((m) => m.teamId);
        if (!visible || memberOf.some((x) => visible.includes(x))) throw notYourTeam();
        throw leaveNotFound();
      }
    }
    const leave = (await this.#commitNotices(em, async (tx, stage) => {
      const l = await tx.findOneOrFail(DutyLeave, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (l.status !== 'requested') throw conflict(t('该请假申请已处理', 'This leave has already been decided'));
      l.status = approve ? 'approved' : 'rejected';
      l.decidedBy = actor.userId;
      l.decidedAt = new Date();
      await tx.flush();
      await stage([
        {
          userIds: [l.userId],
          kind: approve ? 'duty.leaveApproved' : 'duty.leaveRejected',
          title: approve ? '请假已批准' : '请假未获批准',
          body: '请在值班表中查看。',
          link: '/duty/leaves?mine=true',
          dedupeKey: `duty-leave:${l.id}:${l.status}`,
        },
      ]);
      return l;
    })) as DutyLeave;
    return this.leaveDto(leave, await this.#users(em, [leave.userId]));
  }

  // ---- me ----

  async myShifts(em: Em, actor: Actor, tenant: TenantInfo, days: number): Promise<{ items: DutyMyShift[] }> {
    const memberOf = (await em.find(DutyTeamMember, { userId: actor.userId, active: true }, { fields: ['teamId'] })).map(
      (m) => m.teamId,
    );
    if (!memberOf.length) return { items: [] };
    const teams = await em.find(DutyTeam, { id: { $in: memberOf }, active: true });
    const from = new Date();
    const to = new Date(from.getTime() + days * DAY);
    const data = await this.rosterData(em, teams, from, to, tenant.timeZone);
    const swaps = await em.find(DutySwap, {
      status: { $in: ['requested', 'accepted'] },
      $or: [{ requesterId: actor.userId }, { counterpartId: actor.userId }],
    });
    const mine = teams
      .flatMap((team) => teamRoster(data.get(team.id)!.input, from, to).map((s) => ({ team, s })))
      .filter(({ s }) => s.userIds.includes(actor.userId))
      .sort((a, b) => a.s.start.getTime() - b.s.start.getTime());
    const users = await this.#users(
      em,
      mine.flatMap(({ s }) => s.userIds),
    );
    return {
      items: mine.map(({ team, s }) => {
        const swap = swaps.find(
          (w) =>
            w.teamId === team.id &&
            ((w.requesterId === actor.userId && w.requesterSlotStart.getTime() === s.start.getTime()) ||
              (w.counterpartId === actor.userId && w.counterpartSlotStart?.getTime() === s.start.getTime())),
        );
        const me = s.assignees.find((a) => a.userId === actor.userId)!;
        return {
          teamId: team.id,
          teamName: team.name,
          rotationId: s.rotationId,
          start: s.start.toISOString(),
          end: s.end.toISOString(),
          kind: s.kind,
          source: me.source,
          colleagues: s.userIds.filter((u) => u !== actor.userId).map((u) => ({ userId: u, name: users.get(u)?.name ?? '' })),
          swap: swap
            ? { id: swap.id, status: swap.status, role: swap.requesterId === actor.userId ? 'requester' : 'counterpart' }
            : null,
        };
      }),
    };
  }

  async myCheckIn(em: Em, actor: Actor): Promise<{ checkIn: DutyCheckInDto | null }> {
    const c = await em.findOne(DutyCheckIn, { openUserId: actor.userId });
    if (!c) return { checkIn: null };
    const teams = await em.find(DutyTeam, { id: c.teamId });
    return { checkIn: this.checkInDto(c, await this.#users(em, [c.userId]), new Map(teams.map((x) => [x.id, x]))) };
  }

  /**
   * Checks in at the duty room: by button, or by the scanned duty-room QR (another zone's, another team's or a
   * tampered code: 422). The caller must be a member of the team; one open check-in per person (409). The slot it
   * belongs to: the caller's slot covering now, or starting within the next two hours.
   */
  async checkIn(em: Em, actor: Actor, tenant: TenantInfo, body: { teamId: string; method: 'qr' | 'button'; code?: string }) {
    const team = await teamFor(em, actor, body.teamId);
    if (!(await em.count(DutyTeamMember, { teamId: team.id, userId: actor.userId, active: true })))
      throw dutyRule('teamId', '您不是本队队员', 'You are not a member of this team');
    if (body.method === 'qr') {
      const v = verifyCode(this.#c.config.JWT_SECRET, DUTY_ROOM_CODE, body.code ?? '');
      if (!v || v.tenantId !== tenant.id || v.id !== team.id)
        throw dutyRule('code', '不是本队值班室的二维码', 'This is not the QR code of this team’s duty room');
    }
    const now = new Date();
    const slots = await this.slotsOf(em, tenant, team, now, new Date(now.getTime() + 2 * HOUR));
    const slot = slots.find((s) => s.userIds.includes(actor.userId) && s.end > now);
    const row = await em.transactional(async (tx) => {
      if (await tx.count(DutyCheckIn, { openUserId: actor.userId }))
        throw conflict(t('您已签到，请先签退', 'You are already checked in: check out first'));
      const c = tx.create(DutyCheckIn, {
        teamId: team.id,
        userId: actor.userId,
        openUserId: actor.userId,
        checkedInAt: now,
        checkedOutAt: null,
        method: body.method,
        slotStart: slot?.start ?? null,
      } as never) as DutyCheckIn;
      try {
        await tx.flush();
      } catch (e) {
        if ((e as { name?: string }).name === 'UniqueConstraintViolationException')
          throw conflict(t('您已签到，请先签退', 'You are already checked in: check out first'));
        throw e;
      }
      return c;
    });
    return this.checkInDto(row, await this.#users(em, [actor.userId]), new Map([[team.id, team]]));
  }

  async checkOut(em: Em, actor: Actor) {
    const row = await em.transactional(async (tx) => {
      const c = await tx.findOne(DutyCheckIn, { openUserId: actor.userId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!c) throw conflict(t('您当前没有签到记录', 'You are not checked in'));
      c.checkedOutAt = new Date();
      c.openUserId = null;
      await tx.flush();
      return c;
    });
    const teams = await em.find(DutyTeam, { id: row.teamId });
    return this.checkInDto(row, await this.#users(em, [actor.userId]), new Map(teams.map((x) => [x.id, x])));
  }

  // ---- fairness ----

  /**
   * Per team member: scheduled hours, checked-in hours, shifts, nights and holiday shifts in a month of the zone
   * (the domain's `dutyFairness`). A leader sees the teams they lead; the office every team.
   */
  async fairness(em: Em, actor: Actor, tenant: TenantInfo, q: { month: string; teamId?: string }) {
    const tz = tenant.timeZone;
    let teams: DutyTeam[];
    if (q.teamId) teams = [await teamFor(em, actor, q.teamId, { manage: true })];
    else {
      const managed = await managedTeamIds(em, actor);
      teams = await em.find(DutyTeam, managed ? { id: { $in: [...managed, '-'] } } : {}, { orderBy: { name: 'asc', id: 'asc' } });
    }
    const first = `${q.month}-01`;
    const [y, m] = q.month.split('-').map(Number) as [number, number];
    const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
    const from = startOfLocalDay(first, tz);
    const to = startOfLocalDay(next, tz);
    const data = await this.rosterData(em, teams, from, to, tz);
    const ids = teams.map((x) => x.id);
    const checkIns = ids.length
      ? await em.find(DutyCheckIn, {
          teamId: { $in: ids },
          checkedInAt: { $lt: to },
          $or: [{ checkedOutAt: null }, { checkedOutAt: { $gt: from } }],
        })
      : [];
    const now = new Date();
    const rows: DutyFairnessRow[] = [];
    const allUsers = new Set<string>();
    const perTeam = teams.map((team) => {
      const d = data.get(team.id)!;
      const slots = teamRoster(d.input, from, to);
      const figures = dutyFairness(
        slots,
        checkIns
          .filter((c) => c.teamId === team.id)
          .map((c) => ({ userId: c.userId, checkedInAt: c.checkedInAt, checkedOutAt: c.checkedOutAt ?? null })),
        from,
        to,
        tz,
        { now, userIds: d.members.map((x) => x.userId), extraHolidays: tenant.settings.publicHolidays ?? [] },
      );
      for (const f of figures) allUsers.add(f.userId);
      return { team, figures };
    });
    const users = await this.#users(em, [...allUsers]);
    for (const { team, figures } of perTeam)
      for (const f of figures) rows.push({ teamId: team.id, teamName: team.name, name: users.get(f.userId)?.name ?? '', ...f });
    return { month: q.month, timeZone: tz, holidaySource: HOLIDAY_SOURCE, rows };
  }
}
