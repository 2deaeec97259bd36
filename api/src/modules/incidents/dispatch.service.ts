/**
 * 调派 (dispatch) of an incident: the proposal (who is on duty now, who is already committed, which equipment can go),
 * the desk's one-action confirmation, each member's acknowledgement and progress (en route / on scene / done), the
 * personnel-accountability roll call of the people on scene, stand-down, scene photos, and equipment deployed from
 * the room or recalled from a loan (through EquipmentService). The ack timeout and the roll call run as delayed jobs
 * (dispatch.jobs.ts) whose truth is the rows (`ack_due_at`, `roll_call_due_at`, `roll_call_sent_at`).
 */
import { IsolationLevel, LockMode } from '@mikro-orm/core';
import {
  DEFAULT_INCIDENT_POLICY,
  EQUIPMENT_UNIT_STATUS_LABELS,
  INCIDENT_EQUIPMENT_NEEDS,
  INCIDENT_REALTIME_EVENTS,
  can,
  canUnitTransition,
  isEnterpriseRole,
  type DispatchProposal as DispatchProposalDto,
  type EquipmentUnitStatus,
  type IncidentDispatch as IncidentDispatchDto,
  type IncidentEquipment as IncidentEquipmentDto,
  type IncidentEventKind,
  type IncidentSummary,
  type IncidentType,
  type IncidentLinkage,
  type IncidentPolicy,
  type IncidentWarning as IncidentWarningDto,
  type MyDispatches,
  type ProposedPerson as ProposedPersonDto,
  type ProposedUnit as ProposedUnitDto,
  type Role,
} from '@yuanan/contracts';
import { localMinute, proposeDispatch, type ProposalMember, type ProposalUnitInput } from '@yuanan/domain';
import type { Container } from '../../core/container.ts';
import type { Actor } from '../../core/context/request-scope.ts';
import type { Em } from '../../core/db/orm.ts';
import { AppError, t } from '../../core/http/problem.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import { DutyLeave, DutyTeam, DutyTeamMember } from '../duty/duty.entity.ts';
import type { DutyService } from '../duty/duty.service.ts';
import { Enterprise } from '../enterprises/enterprise.entity.ts';
import { EquipmentLoan, EquipmentModel, EquipmentUnit } from '../equipment/equipment.entity.ts';
import type { EquipmentService } from '../equipment/equipment.service.ts';
import { borrowerRecipients, usersInRoles } from '../equipment/equipment.service.ts';
import type { FileService } from '../files/file.service.ts';
import { User } from '../identity/identity.entity.ts';
import type { Notification } from '../notifications/notification.entity.ts';
import type { NotificationService } from '../notifications/notification.service.ts';
import { dispatchNotice } from './dispatch-notices.ts';
import {
  ACTIVE_DISPATCH,
  IncidentDispatch,
  IncidentEquipment,
  IncidentWarning,
  type DispatchStatusValue,
} from './dispatch.entity.ts';
import { BLANK_DISPATCH } from './incident-blank.ts';
import { Incident } from './incident.entity.ts';
import { SYSTEM_ACTOR_NAME, announceIncident, recordEvent } from './incident-timeline.ts';

/** Incident statuses that are still open (a dispatch to them commits its person). */
export const OPEN_INCIDENT_STATUSES = ['reported', 'responding', 'controlled'] as const;
/** Roles that can be dispatched (救援队员、救援队长). */
export const DISPATCHABLE_ROLES: Role[] = ['rescue_leader', 'rescue_member'];
/** The duty desk told on an escalation and a missed roll call (安监办). */
export const DESK_ROLES: Role[] = ['safety_officer', 'zone_admin'];
/** The role whose lending right the desk borrows to call units out for a dispatch (the equipment room's keeper). */
const UNIT_ROLE: Role = 'equipment_keeper';
/** How long a person on scene has to answer a roll call (minutes). */
export const ROLL_CALL_ANSWER_MINUTES = 2;
/** The order of a dispatch's progress: a status never goes back. */
const PROGRESS: Record<DispatchStatusValue, number> = {
  pending_ack: 0,
  acknowledged: 1,
  en_route: 2,
  on_scene: 3,
  done: 4,
  escalated: -1,
  stood_down: -1,
};
const MINUTE = 60_000;
/** A timeline entry a dispatch change writes. */
type Change = { kind: IncidentEventKind; text: string; data?: Record<string, unknown> };
const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

// ---- refusals ----

const incidentNotFound = () => new AppError(404, 'not_found', t('未找到该事件', 'Incident not found'));
const unitNotFound = () => new AppError(404, 'not_found', t('未找到该器材', 'Equipment unit not found'));
const dispatchNotFound = () => new AppError(404, 'not_found', t('未找到该调派', 'Dispatch not found'));
const incidentFinal = (status: string) =>
  new AppError(
    409,
    'invalid_transition',
    status === 'cancelled'
      ? t('该事件已取消（误报），不能再调派', 'The incident was cancelled (false alarm): nothing more can be dispatched')
      : t('该事件已结案，不能再调派', 'The incident is closed: nothing more can be dispatched'),
  );
/** A member's action (ack, progress, roll call, photo) on a closed or cancelled incident. */
const memberFinal = (status: string) =>
  new AppError(
    409,
    'invalid_transition',
    status === 'cancelled'
      ? t('事件已取消（误报），无需再出警', 'The incident was cancelled (false alarm): nothing more to do')
      : t('事件已结案，无需再出警', 'The incident is closed: nothing more to do'),
  );
const isFinal = (i: Pick<Incident, 'status'>) => i.status === 'closed' || i.status === 'cancelled';
/** The dispatch that replaced an escalated one (the first, when the desk re-sent several), or null: nobody did. */
const replacementOf = (tx: Em, d: IncidentDispatch) =>
  tx.findOne(IncidentDispatch, { replacesDispatchId: d.id }, { orderBy: { dispatchedAt: 'asc' }, refresh: true });
const rule = (path: string, zh: string, en: string) =>
  new AppError(422, 'validation_failed', t(zh, en), { errors: [{ path, code: 'invalid', message: t(zh, en) }] });

/** The body of POST /incidents/:id/dispatch. */
export interface DispatchInput {
  userIds?: string[];
  units?: Array<{ unitId: string }>;
  note?: string;
}

/** What the module needs of the others. */
export interface DispatchDeps {
  duty: DutyService;
  equipment: EquipmentService;
  notifications: NotificationService;
  files: FileService;
}

/** Queues a job (dispatch.jobs.ts); set by the module so the service does not import the jobs. */
export interface DispatchTimers {
  ackTimeout(tenantId: string, dispatchId: string, at: Date): Promise<void>;
  rollCall(tenantId: string, incidentId: string, at: Date): Promise<void>;
}

/**
 * The DTO of one dispatch (contracts `incidentDispatch`). `names` gives the team's and the dispatcher's names (a
 * system dispatch — an escalation's replacement — is the platform's). `rollCallDueAt` is when the roll call waiting
 * for this person must be answered (null: none waiting).
 */
export function dispatchDto(
  d: IncidentDispatch,
  names: { teams: Map<string, string>; users: Map<string, string>; replacedBy?: Map<string, string> },
): IncidentDispatchDto {
  return {
    id: d.id,
    incidentId: d.incidentId,
    userId: d.userId,
    userName: d.userName,
    phone: d.phone ?? null,
    teamId: d.teamId ?? null,
    teamName: d.teamId ? (names.teams.get(d.teamId) ?? null) : null,
    isLeader: d.isLeader,
    status: d.status,
    dispatchedAt: d.dispatchedAt.toISOString(),
    dispatchedBy: d.dispatchedBy ?? null,
    dispatchedByName: d.dispatchedBy ? (names.users.get(d.dispatchedBy) ?? '') : SYSTEM_ACTOR_NAME,
    ackDueAt: d.ackDueAt.toISOString(),
    acknowledgedAt: iso(d.acknowledgedAt),
    lateAck: d.lateAck,
    escalatedAt: iso(d.escalatedAt),
    replacesDispatchId: d.replacesDispatchId ?? null,
    replacedByName: d.status === 'escalated' || d.escalatedAt ? (names.replacedBy?.get(d.id) ?? null) : null,
    enRouteAt: iso(d.enRouteAt),
    onSceneAt: iso(d.onSceneAt),
    doneAt: iso(d.doneAt),
    standDownAt: iso(d.standDownAt),
    rollCallDueAt: d.rollCallSentAt
      ? new Date(d.rollCallSentAt.getTime() + ROLL_CALL_ANSWER_MINUTES * MINUTE).toISOString()
      : null,
    lastAccountedAt: iso(d.lastAccountedAt),
    lat: d.lat ?? null,
    lng: d.lng ?? null,
    version: d.version,
  };
}

/**
 * The team and dispatcher names of these dispatches, and who replaced the escalated ones (`replacedBy`: escalated
 * dispatch id → the replacement's name). Three queries at most.
 */
export async function dispatchNames(em: Em, rows: IncidentDispatch[]) {
  const teamIds = [...new Set(rows.map((d) => d.teamId).filter((x): x is string => Boolean(x)))];
  const userIds = [...new Set(rows.map((d) => d.dispatchedBy).filter((x): x is string => Boolean(x)))];
  const escalated = rows.filter((d) => d.escalatedAt).map((d) => d.id);
  const [teams, users, replacements] = await Promise.all([
    teamIds.length ? em.find(DutyTeam, { id: { $in: teamIds } }, { fields: ['id', 'name'] }) : Promise.resolve([]),
    userIds.length ? em.find(User, { id: { $in: userIds } }, { fields: ['id', 'name'] }) : Promise.resolve([]),
    escalated.length
      ? em.find(
          IncidentDispatch,
          { replacesDispatchId: { $in: escalated } },
          { fields: ['replacesDispatchId', 'userName'], orderBy: { dispatchedAt: 'asc' } },
        )
      : Promise.resolve([]),
  ]);
  const replacedBy = new Map<string, string>();
  for (const r of replacements)
    if (r.replacesDispatchId && !replacedBy.has(r.replacesDispatchId)) replacedBy.set(r.replacesDispatchId, r.userName);
  return { teams: new Map(teams.map((t) => [t.id, t.name])), users: new Map(users.map((u) => [u.id, u.name])), replacedBy };
}

/** DTOs of dispatch rows, with their names. */
export async function dispatchDtos(em: Em, rows: IncidentDispatch[]): Promise<IncidentDispatchDto[]> {
  const names = await dispatchNames(em, rows);
  return rows.map((d) => dispatchDto(d, names));
}

/** The DTO of one unit taken for an incident (contracts `incidentEquipment`). */
export function equipmentDto(e: IncidentEquipment): IncidentEquipmentDto {
  return {
    id: e.id,
    incidentId: e.incidentId,
    unitId: e.unitId,
    assetTag: e.assetTag,
    modelName: e.modelName,
    how: e.how,
    loanId: e.loanId ?? null,
    borrowerName: e.borrowerName ?? null,
    at: e.at.toISOString(),
    releasedAt: iso(e.releasedAt),
  };
}

/** The DTO of one warning (contracts `incidentWarning`). */
export function warningDto(w: IncidentWarning): IncidentWarningDto {
  return {
    id: w.id,
    incidentId: w.incidentId,
    targetKind: w.targetKind,
    enterpriseId: w.enterpriseId ?? null,
    targetId: w.targetId ?? null,
    name: w.name,
    distanceM: w.distanceM,
    bearingDeg: w.bearingDeg,
    message: w.message,
    sentAt: w.sentAt.toISOString(),
    simulated: w.simulated,
    acknowledgedAt: iso(w.acknowledgedAt),
    acknowledgedBy: w.acknowledgedBy ?? null,
    acknowledgedByName: w.acknowledgedByName ?? null,
  };
}

/** The words of an incident type (contracts INCIDENT_TYPE_LABELS, zh). */
const TYPE_ZH: Record<string, string> = {
  fire: '火灾',
  explosion: '爆炸',
  leak_poisoning: '泄漏/中毒',
  confined_space: '有限空间事故',
  flood_typhoon: '洪涝/台风',
  mechanical_injury: '机械伤害',
  electric_shock: '触电',
  other: '突发事件',
};
export const incidentTypeZh = (type: string) => TYPE_ZH[type] ?? '突发事件';

export class DispatchService {
  readonly #c: Container;
  readonly #d: DispatchDeps;
  /** Set by the module (incidents.module.ts) once the jobs exist. */
  timers: DispatchTimers | null = null;
  constructor(c: Container, deps: DispatchDeps) {
    this.#c = c;
    this.#d = deps;
    // The equipment room's 出动归队 of a unit out on an incident closes the incident's row (whoever receives it).
    deps.equipment.onStandDown.push((tx, x, actor) => this.#unitBack(tx, x.unitId, x.condition, actor));
  }

  /**
   * A unit stood down in `tx` (the equipment room's transaction, under the unit's lock): its open incident_equipment
   * row gets `releasedAt` and the incident's timeline `equipment_released`. Nothing when the unit was not out on an
   * incident.
   */
  async #unitBack(tx: Em, unitId: string, condition: string | null, actor: Actor | null): Promise<void> {
    const row = await tx.findOne(IncidentEquipment, { unitId, releasedAt: null }, { orderBy: { at: 'desc' } });
    if (row) this.#closeRow(tx, row, condition, actor);
  }

  /** One incident_equipment row closes now: `releasedAt` and the timeline's `equipment_released`. */
  #closeRow(tx: Em, row: IncidentEquipment, condition: string | null, actor: Actor | null): void {
    const unitId = row.unitId;
    const now = new Date();
    row.releasedAt = now;
    recordEvent(tx, {
      incidentId: row.incidentId,
      kind: 'equipment_released',
      actor,
      text: `器材 ${row.modelName}（${row.assetTag}）归队${condition === 'damaged' ? '（损坏，送修）' : ''}`,
      data: { unitId, condition },
      at: now,
    });
  }

  // ---- reading ----

  /** One incident of the em's zone (another zone's: 404). */
  async incident(em: Em, id: string): Promise<Incident> {
    const i = await em.findOne(Incident, { id });
    if (!i) throw incidentNotFound();
    return i;
  }

  /** Dispatches, equipment and warnings of one incident, as the detail page shows them (for A's detail). */
  async forIncident(em: Em, incidentId: string): Promise<IncidentLinkage> {
    const [dispatches, equipment, warnings] = await Promise.all([
      em.find(IncidentDispatch, { incidentId }, { orderBy: { dispatchedAt: 'asc', id: 'asc' } }),
      em.find(IncidentEquipment, { incidentId }, { orderBy: { at: 'asc', id: 'asc' } }),
      em.find(IncidentWarning, { incidentId }, { orderBy: { distanceM: 'asc', id: 'asc' } }),
    ]);
    return {
      dispatches: await dispatchDtos(em, dispatches),
      equipment: equipment.map(equipmentDto),
      warnings: warnings.map(warningDto),
    };
  }

  /** Counts of the dispatches of these incidents by status (the command hall and the list). */
  async countsByStatus(em: Em, incidentIds: string[]): Promise<Map<string, Partial<Record<DispatchStatusValue, number>>>> {
    const out = new Map<string, Partial<Record<DispatchStatusValue, number>>>();
    if (!incidentIds.length) return out;
    const rows = await em.find(IncidentDispatch, { incidentId: { $in: incidentIds } }, { fields: ['incidentId', 'status'] });
    for (const r of rows) {
      const m = out.get(r.incidentId) ?? {};
      const st = r.status as DispatchStatusValue;
      m[st] = (m[st] ?? 0) + 1;
      out.set(r.incidentId, m);
    }
    return out;
  }

  /**
   * Who is committed now: user id → the open incident they have an active dispatch on (pending, acknowledged, en
   * route, on scene). A person is committed to one incident at a time.
   */
  async committed(em: Em, userIds?: string[]): Promise<Map<string, { incidentId: string; no: string }>> {
    const rows = await em.find(
      IncidentDispatch,
      { status: { $in: ACTIVE_DISPATCH }, ...(userIds ? { userId: { $in: userIds } } : {}) },
      { fields: ['userId', 'incidentId'] },
    );
    if (!rows.length) return new Map();
    const incidents = await em.find(
      Incident,
      { id: { $in: [...new Set(rows.map((r) => r.incidentId))] }, status: { $in: [...OPEN_INCIDENT_STATUSES] } },
      { fields: ['id', 'no'] },
    );
    const no = new Map(incidents.map((i) => [i.id, i.no]));
    const out = new Map<string, { incidentId: string; no: string }>();
    for (const r of rows) if (no.has(r.incidentId)) out.set(r.userId, { incidentId: r.incidentId, no: no.get(r.incidentId)! });
    return out;
  }

  #phone(u: Pick<User, 'phoneSealed'>): string | null {
    if (!u.phoneSealed) return null;
    try {
      return this.#c.cipher.open(u.phoneSealed);
    } catch {
      return null;
    }
  }

  /**
   * The dispatch proposal (GET /incidents/:id/dispatch-proposal), built by the domain's `proposeDispatch` from the
   * duty roster now (duty `onDutyNow`), the members of the active teams, who is committed to an open incident (this
   * one included), approved leave now, and the equipment room: per team on duty its people (available, committed,
   * on leave), then everybody else not on duty (`others`), then the units — deployable ones (available, reserved)
   * first, then units on loan (recallable, with their borrower; the distance is the borrowing enterprise's).
   */
  async proposal(em: Em, tenant: TenantInfo, incidentId: string, at: Date = new Date()): Promise<DispatchProposalDto> {
    const incident = await this.incident(em, incidentId);
    const onDuty = await this.#d.duty.onDutyNow(em, at);
    const teamIds = onDuty.map((x) => x.team.id);
    const teamName = new Map(onDuty.map((x) => [x.team.id, x.team.name]));
    const members = teamIds.length ? await em.find(DutyTeamMember, { teamId: { $in: teamIds }, active: true }) : [];
    const everyone = [...new Set([...members.map((m) => m.userId), ...onDuty.flatMap((x) => x.userIds)])];
    const users = everyone.length ? await em.find(User, { id: { $in: everyone }, status: 'active' }) : [];
    const rescuers = users.filter((u) => DISPATCHABLE_ROLES.includes(u.role as Role));
    const memberMap = new Map<string, ProposalMember>();
    for (const u of rescuers) {
      const m = members.find((x) => x.userId === u.id);
      memberMap.set(u.id, {
        name: u.name,
        phone: this.#phone(u),
        skills: m?.skills ?? [],
        teamId: m?.teamId ?? null,
        teamName: m ? (teamName.get(m.teamId) ?? null) : null,
      });
    }
    const ids = [...memberMap.keys()];
    const committed = await this.committed(em, ids);
    const onLeave = new Set(
      ids.length
        ? (
            await em.find(
              DutyLeave,
              { userId: { $in: ids }, status: 'approved', startsAt: { $lte: at }, endsAt: { $gt: at } },
              { fields: ['userId'] },
            )
          ).map((l) => l.userId)
        : [],
    );
    const p = proposeDispatch<{ incidentId: string; no: string }>({
      onDuty: onDuty.map((x) => ({
        teamId: x.team.id,
        teamName: x.team.name,
        userIds: x.userIds.filter((id) => memberMap.has(id)),
        leaderIds: x.team.leaderUserId ? [x.team.leaderUserId] : [],
      })),
      members: memberMap,
      committed,
      onLeave,
      units: await this.#unitInputs(em, tenant),
      origin: incident.lat != null && incident.lng != null ? { lat: incident.lat, lng: incident.lng } : null,
      // The incident type's equipment (contracts INCIDENT_EQUIPMENT_NEEDS): first, and the nearest of each pre-ticked.
      needs: INCIDENT_EQUIPMENT_NEEDS[incident.type as IncidentType] ?? [],
    });
    const onDutyIds = new Set(onDuty.flatMap((x) => x.userIds));
    const out = (x: (typeof p.people)[number]): ProposedPersonDto => ({
      userId: x.userId,
      name: x.name,
      phone: x.phone,
      isLeader: x.isLeader,
      skills: x.skills,
      status: x.status,
      committedTo: x.committedTo,
      teamId: x.teamId,
      teamName: x.teamName,
    });
    return {
      at: at.toISOString(),
      teams: onDuty
        .filter((x) => x.slot || x.userIds.length)
        .map((x) => ({
          teamId: x.team.id,
          teamName: x.team.name,
          slot: x.slot ? slotWords(x.slot, tenant.timeZone) : null,
          gap: x.gap,
          people: p.people.filter((y) => y.teamId === x.team.id && onDutyIds.has(y.userId)).map(out),
        })),
      others: p.people.filter((y) => !onDutyIds.has(y.userId)).map(out),
      units: p.units.map((u) => ({
        unitId: u.unitId,
        assetTag: u.assetTag ?? '',
        modelName: u.modelName,
        category: u.category as ProposedUnitDto['category'],
        status: u.action === 'recall' ? 'on_loan' : 'available',
        borrower: u.borrower
          ? { name: u.borrower.name, phone: u.borrower.phone, enterpriseName: u.borrower.enterpriseName }
          : null,
        loanId: u.borrower?.loanId ?? null,
        distanceM: u.distanceM,
        proposed: u.proposed,
      })),
    };
  }

  /**
   * The units the proposal considers (available, reserved, on loan; not blocked by a failed maintenance) and where
   * they are: a unit on loan at the borrowing enterprise's position; a unit in the room at the zone's map centre
   * (tenant settings `mapCenter`) — the equipment room has no position of its own in the data, and the map centre is
   * the zone's middle where the room usually is; none when the zone has no map centre (distance null).
   */
  async #unitInputs(em: Em, tenant: Pick<TenantInfo, 'settings'>): Promise<ProposalUnitInput[]> {
    const room = tenant.settings.mapCenter ?? null;
    const units = await em.find(
      EquipmentUnit,
      { status: { $in: ['available', 'reserved', 'on_loan'] } },
      { orderBy: { assetTag: 'asc' }, limit: 5000 },
    );
    if (!units.length) return [];
    const models = new Map(
      (await em.find(EquipmentModel, { id: { $in: [...new Set(units.map((u) => u.modelId))] } })).map((m) => [m.id, m]),
    );
    const loaned = units.filter((u) => u.status === 'on_loan').map((u) => u.id);
    const loans = loaned.length ? await em.find(EquipmentLoan, { unitId: { $in: loaned }, returnedAt: null }) : [];
    const entIds = [...new Set(loans.map((l) => l.enterpriseId).filter((x): x is string => Boolean(x)))];
    const ents = new Map(
      (entIds.length ? await em.find(Enterprise, { id: { $in: entIds } }, { fields: ['id', 'name', 'lat', 'lng'] }) : []).map(
        (e) => [e.id, e],
      ),
    );
    const out: ProposalUnitInput[] = [];
    for (const u of units) {
      if (u.status !== 'on_loan' && u.lendableBlockedReason) continue;
      const m = models.get(u.modelId);
      const base = {
        unitId: u.id,
        assetTag: u.assetTag,
        modelName: m?.name ?? '',
        category: m?.category ?? 'other',
        status: u.status,
      };
      if (u.status !== 'on_loan') {
        out.push(room ? { ...base, lat: room.lat, lng: room.lng } : base);
        continue;
      }
      const l = loans.find((x) => x.unitId === u.id);
      if (!l) continue;
      const e = l.enterpriseId ? ents.get(l.enterpriseId) : undefined;
      out.push({
        ...base,
        lat: e?.lat ?? null,
        lng: e?.lng ?? null,
        borrower: {
          name: l.borrowerName ?? e?.name ?? '',
          phone: l.borrowerPhone ?? null,
          enterpriseName: e?.name ?? null,
          loanId: l.id,
        },
      });
    }
    return out;
  }

  // ---- dispatching ----

  /**
   * The desk confirms a dispatch (POST /incidents/:id/dispatch): people and units in one action, all or nothing.
   * Every person is checked under their user row's lock (two desks dispatching one person to two incidents at once:
   * one wins) — an unknown or disabled user, a non-rescuer, someone already on this incident, committed to another
   * open incident ("已在 SJ… 处置中") or not on duty now ("当前不在值班") refuses the whole request with one 422
   * error per path (`userIds.N`). Units: available or reserved → deployed, on loan → recalled (the loan ends, the
   * borrower is told), anything else → 409 naming each unit and its state ("SSD-001：已出动（SJ…）"), also when a
   * concurrent call took the unit a moment ago.
   *
   * Order (why nothing half-done is ever saved): ONE transaction locks the incident, then the users (id order), then
   * the units (id order) and their open loans — the equipment room's own order is unit → loan, and nobody locks an
   * incident after a unit, so no deadlock — checks everything under those locks, and only then writes the dispatches,
   * the units' new state, the incident_equipment rows, the timeline and the staged notices; any refusal rolls all of
   * it back. Of two calls racing for one unit the second waits on the unit's lock and then sees it deployed: 409,
   * and neither its people nor its other units are saved. The unit transitions are the equipment room's
   * (EQUIPMENT_UNIT_TRANSITIONS deploy / recall, checked with canUnitTransition for the room's lending right the desk
   * borrows for this one action); they are applied here rather than through EquipmentService's own transactions so
   * that they commit or roll back together with the people.
   *
   * The incident goes reported → responding; each dispatch's ackDueAt = now + the zone's incidentPolicy.ackMinutes;
   * the member is notified (critical: an SMS even in the quiet hours) and pushed `incident.dispatch`.
   */
  async dispatch(em: Em, actor: Actor, tenant: TenantInfo, incidentId: string, b: DispatchInput): Promise<void> {
    const incident = await this.incident(em, incidentId);
    if (incident.status === 'closed' || incident.status === 'cancelled') throw incidentFinal(incident.status);
    const userIds = [...new Set(b.userIds ?? [])];
    const unitIds = [...new Set((b.units ?? []).map((u) => u.unitId))];
    if (!userIds.length && !unitIds.length)
      throw rule('userIds', '请选择调派的人员或器材', 'Choose people or equipment to dispatch');

    const ackMinutes = policyOf(tenant).ackMinutes;
    const now = new Date();
    const onDuty = userIds.length ? await this.#d.duty.onDutyNow(em, now) : [];
    const teamOf = new Map<string, { teamId: string; leader: boolean }>();
    for (const x of onDuty)
      for (const u of x.userIds) if (!teamOf.has(u)) teamOf.set(u, { teamId: x.team.id, leader: x.team.leaderUserId === u });

    const out = await em.fork().transactional(
      async (tx) => {
        const i = await tx.findOne(Incident, { id: incidentId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
        if (!i) throw incidentNotFound();
        if (i.status === 'closed' || i.status === 'cancelled') throw incidentFinal(i.status);
        const sorted = [...userIds].sort();
        const users = sorted.length
          ? await tx.find(User, { id: { $in: sorted } }, { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { id: 'asc' } })
          : [];
        const committed = await this.committed(tx, userIds);
        const here = new Set(
          (await tx.find(IncidentDispatch, { incidentId, status: { $in: ACTIVE_DISPATCH } }, { fields: ['userId'] })).map(
            (d) => d.userId,
          ),
        );
        const errors: Array<{ path: string; code: string; message: { zh: string; en: string } }> = [];
        userIds.forEach((id, n) => {
          const u = users.find((x) => x.id === id);
          const no = (zh: string, en: string) => errors.push({ path: `userIds.${n}`, code: 'invalid', message: t(zh, en) });
          if (!u) return no('未找到该人员', 'Person not found');
          if (u.status !== 'active') return no(`${u.name} 的账号已停用`, `${u.name}'s account is disabled`);
          if (!DISPATCHABLE_ROLES.includes(u.role as Role) || isEnterpriseRole(u.role as Role))
            return no(`${u.name} 不是救援队员，不能调派`, `${u.name} is not a rescue team member`);
          if (here.has(id)) return no(`${u.name} 已在本事件中`, `${u.name} is already on this incident`);
          const c = committed.get(id);
          if (c) return no(`${u.name} 已在 ${c.no} 处置中`, `${u.name} is already committed to ${c.no}`);
          if (!teamOf.has(id)) return no(`${u.name} 当前不在值班`, `${u.name} is not on duty now`);
        });
        if (errors.length)
          throw new AppError(
            422,
            'validation_failed',
            t(
              `不能调派：${errors.map((e) => e.message.zh).join('；')}`,
              `Cannot dispatch: ${errors.map((e) => e.message.en).join('; ')}`,
            ),
            { errors },
          );
        // Units, under their locks (after the users'): all takeable, or 409 and the whole call rolls back.
        const taken = await this.#takeUnits(tx, actor, i, unitIds, now);
        const rows: IncidentDispatch[] = [];
        for (const id of userIds) {
          const u = users.find((x) => x.id === id)!;
          const team = teamOf.get(id)!;
          rows.push(this.#newDispatch(tx, i, u, team, actor.userId, now, ackMinutes, null));
        }
        const statusChanged = i.status === 'reported' && rows.length > 0;
        if (statusChanged) {
          i.status = 'responding';
          await recordEvent(tx, {
            incidentId,
            kind: 'status',
            actor,
            text: '已调派救援力量，事件进入处置中',
            data: { from: 'reported', to: 'responding' },
            at: now,
          });
        }
        for (const d of rows)
          await recordEvent(tx, {
            incidentId,
            kind: 'dispatched',
            actor,
            text: `调派 ${d.userName}，须在 ${ackMinutes} 分钟内确认${b.note ? `（${b.note}）` : ''}`,
            data: { dispatchId: d.id, userId: d.userId, teamId: d.teamId, ackDueAt: d.ackDueAt.toISOString() },
            at: now,
          });
        const created = [...(await this.#stageDispatchNotices(tx, i, rows, ackMinutes)), ...taken];
        await tx.flush();
        return { rows, created, incident: i };
      },
      { isolationLevel: IsolationLevel.READ_COMMITTED },
    );
    await this.#d.notifications.published(em, out.created);
    for (const d of out.rows) {
      await this.timers?.ackTimeout(tenant.id, d.id, d.ackDueAt);
      this.#c.realtime.toUser(tenant.id, d.userId, INCIDENT_REALTIME_EVENTS.dispatch, { id: d.id, incidentId, status: d.status });
    }
    announceIncident(this.#c, tenant.id, summaryOf(out.incident, 'dispatched'));
  }

  /**
   * The units of one dispatch call, inside its transaction `tx` (see `dispatch`): locks them in id order, refuses
   * with 409 naming every unit that cannot go (not found → 404), then deploys the room's units (available /
   * reserved → deployed) and recalls the loaned ones (the open loan is locked and ends as recalled, the unit is
   * deployed, the borrower's notice is staged — the same words as EquipmentService.recall), each with its
   * incident_equipment row and timeline event. Returns the staged notices (published after the commit).
   */
  async #takeUnits(tx: Em, actor: Actor, i: Incident, unitIds: string[], now: Date): Promise<Notification[]> {
    if (!unitIds.length) return [];
    const units = await tx.find(
      EquipmentUnit,
      { id: { $in: [...unitIds].sort() } },
      { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true, orderBy: { id: 'asc' } },
    );
    const loans = new Map<string, EquipmentLoan>();
    const refused: Array<{ zh: string; en: string }> = [];
    for (const id of unitIds) {
      const u = units.find((x) => x.id === id);
      if (!u) throw unitNotFound();
      const st = u.status as EquipmentUnitStatus;
      if (st === 'on_loan' && canUnitTransition(st, 'recall', UNIT_ROLE)) {
        const l = await tx.findOne(EquipmentLoan, { unitId: id, returnedAt: null }, { lockMode: LockMode.PESSIMISTIC_WRITE });
        if (l) loans.set(id, l);
        else refused.push({ zh: `${u.assetTag}：借用记录不存在`, en: `${u.assetTag}: no open loan` });
      } else if (!canUnitTransition(st, 'deploy', UNIT_ROLE))
        refused.push({
          zh: `${u.assetTag}：${unitStateZh(st)}${st === 'deployed' && u.incidentRef ? `（${u.incidentRef}）` : ''}`,
          en: `${u.assetTag}: ${EQUIPMENT_UNIT_STATUS_LABELS[st].en.toLowerCase()}${st === 'deployed' && u.incidentRef ? ` (${u.incidentRef})` : ''}`,
        });
      else if (u.lendableBlockedReason)
        refused.push({
          zh: `${u.assetTag}：保养不合格，暂停使用（${u.lendableBlockedReason}）`,
          en: `${u.assetTag}: failed maintenance (${u.lendableBlockedReason})`,
        });
    }
    if (refused.length)
      throw new AppError(
        409,
        'invalid_transition',
        t(
          `以下器材不能调用：${refused.map((r) => r.zh).join('；')}`,
          `Units that cannot go: ${refused.map((r) => r.en).join('; ')}`,
        ),
      );
    const models = new Map(
      (await tx.find(EquipmentModel, { id: { $in: [...new Set(units.map((u) => u.modelId))] } }, { fields: ['id', 'name'] })).map(
        (m) => [m.id, m.name],
      ),
    );
    const notices = [];
    for (const id of unitIds) {
      const u = units.find((x) => x.id === id)!;
      const name = models.get(u.modelId) ?? '';
      const loan = loans.get(id);
      u.status = 'deployed';
      u.incidentRef = i.no;
      if (loan) {
        const reason = `${incidentTypeZh(i.type)}应急救援（${i.no}）`;
        loan.recalledAt = now;
        loan.recallReason = reason;
        loan.returnedAt = now;
        loan.returnedBy = actor.userId;
        tx.create(IncidentEquipment, {
          incidentId: i.id,
          unitId: id,
          assetTag: u.assetTag,
          modelName: name,
          how: 'recalled',
          loanId: loan.id,
          borrowerName: loan.borrowerName ?? null,
          at: now,
          releasedAt: null,
        } as never);
        recordEvent(tx, {
          incidentId: i.id,
          kind: 'equipment_recalled',
          actor,
          text: `紧急召回 ${name}（${u.assetTag}），借用人：${loan.borrowerName ?? '—'}`,
          data: { unitId: id, loanId: loan.id },
          at: now,
        });
        const to = await borrowerRecipients(tx, [loan]);
        if (to.length)
          notices.push({
            userIds: to,
            kind: 'equipment.recall',
            title: `器材紧急召回：${name}（${u.assetTag}）`,
            body: `因${reason}，器材室需立即收回您借用的${name}（${u.assetTag}），请尽快送回器材室。`,
            link: `/equipment/loans?id=${loan.id}`,
            severity: 'critical' as const,
            dedupeKey: `equipment.recall:${loan.id}`,
          });
      } else {
        tx.create(IncidentEquipment, {
          incidentId: i.id,
          unitId: id,
          assetTag: u.assetTag,
          modelName: name,
          how: 'deployed',
          loanId: null,
          borrowerName: null,
          at: now,
          releasedAt: null,
        } as never);
        recordEvent(tx, {
          incidentId: i.id,
          kind: 'equipment_deployed',
          actor,
          text: `调用器材 ${name}（${u.assetTag}）`,
          data: { unitId: id },
          at: now,
        });
      }
    }
    return notices.length ? this.#d.notifications.stageMany(tx, notices) : [];
  }

  /** A new dispatch row (not flushed). */
  #newDispatch(
    tx: Em,
    i: Incident,
    u: User,
    team: { teamId: string; leader: boolean } | null,
    by: string | null,
    now: Date,
    ackMinutes: number,
    replaces: string | null,
  ): IncidentDispatch {
    return tx.create(IncidentDispatch, {
      ...BLANK_DISPATCH,
      incidentId: i.id,
      userId: u.id,
      userName: u.name,
      phone: this.#phone(u),
      teamId: team?.teamId ?? null,
      isLeader: team?.leader ?? false,
      status: 'pending_ack',
      dispatchedAt: now,
      dispatchedBy: by,
      ackDueAt: new Date(now.getTime() + ackMinutes * MINUTE),
      replacesDispatchId: replaces,
    } as never) as IncidentDispatch;
  }

  /** The members' dispatch notices, staged in `tx` (critical: bypasses the quiet hours). */
  async #stageDispatchNotices(tx: Em, i: Incident, rows: IncidentDispatch[], ackMinutes: number): Promise<Notification[]> {
    if (!rows.length) return [];
    const where = await whereOf(tx, i);
    return this.#d.notifications.stageMany(
      tx,
      rows.map((d) => ({
        userIds: [d.userId],
        kind: 'incident.dispatch',
        ...dispatchNotice({ no: i.no, isDrill: i.isDrill, typeLabel: incidentTypeZh(i.type), where }, ackMinutes),
        link: `/pkg-incident/pages/dispatch/index?id=${d.id}`,
        severity: 'critical' as const,
        dedupeKey: `inc-dispatch:${d.id}`,
      })),
    );
  }

  /** Dispatches a replacement in `tx` (escalation): the row, its event and its notice. Used by dispatch.jobs.ts. */
  async dispatchReplacement(
    tx: Em,
    i: Incident,
    u: User,
    team: { teamId: string; leader: boolean } | null,
    replaces: string,
    now: Date,
    ackMinutes: number,
  ): Promise<{ row: IncidentDispatch; created: Notification[] }> {
    const row = this.#newDispatch(tx, i, u, team, null, now, ackMinutes, replaces);
    await recordEvent(tx, {
      incidentId: i.id,
      kind: 'dispatched',
      actor: null,
      text: `超时改派 ${u.name}，须在 ${ackMinutes} 分钟内确认`,
      data: { dispatchId: row.id, userId: u.id, replaces, ackDueAt: row.ackDueAt.toISOString() },
      at: now,
    });
    const created = await this.#stageDispatchNotices(tx, i, [row], ackMinutes);
    return { row, created };
  }

  /**
   * Stands a unit down from the incident (归队): the equipment room's `stand_down` (back to the room, or to
   * maintenance when `damaged`); the row gets `releasedAt`. Already back → 409 该器材已归队; never out on it → 404.
   */
  async releaseUnit(
    em: Em,
    actor: Actor,
    tenant: TenantInfo,
    incidentId: string,
    unitId: string,
    b: { condition?: 'good' | 'fair' | 'damaged' | undefined; note?: string | undefined },
  ): Promise<void> {
    const i = await this.incident(em, incidentId);
    const row = await em.findOne(IncidentEquipment, { incidentId, unitId, releasedAt: null });
    if (!row) {
      // Out on this incident before and back since: 409 (said so), not 404 (as if it never was).
      if (await em.count(IncidentEquipment, { incidentId, unitId }))
        throw new AppError(409, 'invalid_transition', t('该器材已归队', 'This unit has already been released'));
      throw new AppError(404, 'not_found', t('该器材未在本事件中', 'This unit is not out on this incident'));
    }
    const u = await em.findOne(EquipmentUnit, { id: unitId }, { refresh: true });
    if (!u) throw unitNotFound();
    const desk: Actor = can(actor.role, 'equipment.lend') ? actor : { ...actor, role: 'equipment_keeper' };
    // Still out for this incident: the equipment room's stand_down (its hook closes the row, see #unitBack).
    if (u.status === 'deployed' && u.incidentRef === i.no) {
      await this.#d.equipment.unitAction(em, desk, tenant, unitId, 'stand_down', {
        version: u.version,
        ...(b.condition ? { condition: b.condition } : {}),
        ...(b.note ? { note: b.note } : {}),
      });
      return;
    }
    // The unit is no longer out for it (received some other way): only the row closes.
    await em.fork().transactional(async (tx) => {
      const r = await tx.findOneOrFail(
        IncidentEquipment,
        { id: row.id },
        { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
      );
      if (!r.releasedAt) this.#closeRow(tx, r, b.condition ?? null, actor);
    });
  }

  // ---- the member's side ----

  /** One dispatch row of the zone, read afresh (404 when not visible). */
  async dispatchRow(em: Em, id: string): Promise<IncidentDispatch> {
    const d = await em.findOne(IncidentDispatch, { id }, { refresh: true });
    if (!d) throw dispatchNotFound();
    return d;
  }

  /** One dispatch: the member's own (others' are 404), or any of the zone for the desk. */
  async #mine(em: Em, actor: Actor, id: string, desk = false): Promise<IncidentDispatch> {
    const d = await em.findOne(IncidentDispatch, { id });
    if (!d) throw dispatchNotFound();
    if (d.userId !== actor.userId && !(desk && can(actor.role, 'incidents.manage'))) throw dispatchNotFound();
    return d;
  }

  /**
   * Runs one change of a dispatch under its row lock (and its incident's, incident first: one lock order), writes the
   * timeline entry, then pushes `incident.changed`. `set` returns the event to write, or null for nothing.
   */
  async #change(
    em: Em,
    tenantId: string,
    id: string,
    set: (d: IncidentDispatch, i: Incident, tx: Em, now: Date) => Promise<Change | null> | Change | null,
    actor: Actor,
  ): Promise<IncidentDispatch> {
    const seen = await em.findOne(IncidentDispatch, { id });
    if (!seen) throw dispatchNotFound();
    const out = await em.fork().transactional(
      async (tx) => {
        const i = await tx.findOne(Incident, { id: seen.incidentId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
        if (!i) throw incidentNotFound();
        const d = await tx.findOne(IncidentDispatch, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
        if (!d) throw dispatchNotFound();
        const now = new Date();
        const ev = await set(d, i, tx, now);
        if (ev)
          await recordEvent(tx, {
            incidentId: i.id,
            kind: ev.kind,
            actor,
            text: ev.text,
            data: { dispatchId: d.id, userId: d.userId, ...(ev.data ?? {}) },
            at: now,
          });
        await tx.flush();
        return { d, i, ev };
      },
      { isolationLevel: IsolationLevel.READ_COMMITTED },
    );
    if (out.ev) announceIncident(this.#c, tenantId, summaryOf(out.i, out.ev.kind));
    return out.d;
  }

  /**
   * The member acknowledges (确认出动). In time: pending_ack → acknowledged. After the dispatch escalated (a late ack,
   * recorded as `acknowledgedAt` + `lateAck: true`, event `ack_late`; `escalatedAt` and the escalation's notices
   * stand): when somebody was sent instead the status stays `escalated` and the timeline names who took over; when
   * nobody was (no free person was left) and the member is not committed elsewhere meanwhile, the member works on —
   * status `acknowledged` ("超时后确认，无人接替，继续出警"). Acknowledging twice answers the same row (no second
   * event). Closed or cancelled incident: 409 (事件已结案 / 事件已取消); stood down: 409.
   */
  async ack(em: Em, actor: Actor, tenantId: string, id: string): Promise<IncidentDispatch> {
    await this.#mine(em, actor, id);
    return this.#change(
      em,
      tenantId,
      id,
      async (d, i, tx, now) => {
        if (isFinal(i)) throw memberFinal(i.status);
        if (d.acknowledgedAt) return null;
        if (d.status === 'stood_down')
          throw new AppError(409, 'invalid_transition', t('该调派已撤回', 'This dispatch was stood down'));
        if (d.status === 'escalated') return this.#lateAck(tx, d, now);
        d.acknowledgedAt = now;
        d.status = 'acknowledged';
        return { kind: 'acknowledged', text: `${d.userName} 确认出动` };
      },
      actor,
    );
  }

  /**
   * A late ack on an escalated dispatch `d` (locked, in `tx`): recorded; the member goes on (acknowledged) only when
   * nobody replaced them and they are not committed to another open incident now (their user row is locked for that
   * check, like a dispatch's). Returns the `ack_late` entry.
   */
  async #lateAck(tx: Em, d: IncidentDispatch, now: Date): Promise<Change> {
    d.acknowledgedAt = now;
    d.lateAck = true;
    const by = await replacementOf(tx, d);
    if (by)
      return {
        kind: 'ack_late',
        text: `${d.userName} 超时后确认，任务已由 ${by.userName} 接替（本调派保持超时升级）`,
        data: { late: true, replacedBy: by.userId },
      };
    await tx.findOne(User, { id: d.userId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    const elsewhere = (await this.committed(tx, [d.userId])).get(d.userId);
    if (elsewhere)
      return {
        kind: 'ack_late',
        text: `${d.userName} 超时后确认（已在 ${elsewhere.no} 处置中，本调派保持超时升级）`,
        data: { late: true, replacedBy: null, committedTo: elsewhere.no },
      };
    d.status = 'acknowledged';
    return { kind: 'ack_late', text: `${d.userName} 超时后确认，无人接替，继续出警`, data: { late: true, replacedBy: null } };
  }

  /**
   * The member's progress: en_route (出发), on_scene (到场), done (完成), forward only. From pending_ack the move
   * counts as the acknowledgement too. Arriving on scene starts the roll call (every accountabilityMinutes).
   */
  async progress(
    em: Em,
    actor: Actor,
    tenant: TenantInfo,
    id: string,
    b: { status: 'en_route' | 'on_scene' | 'done'; lat?: number | undefined; lng?: number | undefined },
  ): Promise<IncidentDispatch> {
    await this.#mine(em, actor, id);
    const every = policyOf(tenant).accountabilityMinutes;
    const d = await this.#change(
      em,
      tenant.id,
      id,
      async (d, i, tx, now) => {
        if (isFinal(i)) throw memberFinal(i.status);
        if (d.status === 'stood_down')
          throw new AppError(409, 'invalid_transition', t('该调派已撤回', 'This dispatch was stood down'));
        let late: Change | null = null;
        if (d.status === 'escalated') {
          // Escalated and replaced: refused, naming who took over. Nobody replaced: the move is the late ack too.
          const by = await replacementOf(tx, d);
          if (by)
            throw new AppError(
              409,
              'invalid_transition',
              t(
                `该调派已超时升级，任务已由 ${by.userName} 接替`,
                `This dispatch escalated after the deadline: ${by.userName} took over`,
              ),
            );
          late = d.acknowledgedAt ? null : await this.#lateAck(tx, d, now);
          if (d.status === 'escalated')
            throw new AppError(
              409,
              'invalid_transition',
              t('该调派已超时升级，您已在其他事件处置中', 'This dispatch escalated and you are committed elsewhere'),
            );
        }
        if (PROGRESS[b.status] <= PROGRESS[d.status as DispatchStatusValue])
          throw new AppError(
            409,
            'invalid_transition',
            t(
              `当前状态已是“${STATUS_ZH[d.status as DispatchStatusValue]}”，不能改为“${STATUS_ZH[b.status]}”`,
              `Already ${d.status}: cannot go back to ${b.status}`,
            ),
          );
        if (!d.acknowledgedAt) d.acknowledgedAt = now;
        d.status = b.status;
        if (b.lat !== undefined && b.lng !== undefined) {
          d.lat = b.lat;
          d.lng = b.lng;
        }
        if (b.status === 'en_route') d.enRouteAt = now;
        if (b.status === 'on_scene') {
          d.enRouteAt ??= now;
          d.onSceneAt = now;
          d.lastAccountedAt = now;
          d.rollCallDueAt = new Date(now.getTime() + every * MINUTE);
        }
        if (b.status === 'done') {
          d.doneAt = now;
          d.rollCallDueAt = null;
          d.rollCallSentAt = null;
        }
        const word = { en_route: '出发', on_scene: '到达现场', done: '完成任务' }[b.status];
        return {
          kind: b.status,
          text: `${d.userName} ${word}${late ? '（超时后确认，无人接替，继续出警）' : ''}`,
          data: { ...(b.lat !== undefined ? { lat: b.lat, lng: b.lng } : {}), ...(late ? { lateAck: true } : {}) },
        };
      },
      actor,
    );
    if (d.rollCallDueAt) await this.timers?.rollCall(tenant.id, d.incidentId, d.rollCallDueAt);
    return d;
  }

  /** The member answers the roll call (我平安): accounted now; a waiting roll call is answered. */
  async rollCallAnswer(
    em: Em,
    actor: Actor,
    tenantId: string,
    id: string,
    at: { lat?: number | undefined; lng?: number | undefined } = {},
  ): Promise<IncidentDispatch> {
    await this.#mine(em, actor, id);
    return this.#change(
      em,
      tenantId,
      id,
      (d, i, _tx, now) => {
        if (isFinal(i)) throw memberFinal(i.status);
        if (d.status !== 'on_scene')
          throw new AppError(
            409,
            'invalid_transition',
            t('只有在现场的人员需要回复清点', 'Only people on scene answer the roll call'),
          );
        const waiting = d.rollCallSentAt;
        d.lastAccountedAt = now;
        if (at.lat !== undefined && at.lng !== undefined) {
          d.lat = at.lat;
          d.lng = at.lng;
        }
        d.rollCallSentAt = null;
        return {
          kind: 'roll_call_answered',
          text: `${d.userName} 回复平安`,
          data: waiting ? { sentAt: waiting.toISOString() } : {},
        };
      },
      actor,
    );
  }

  /** The desk withdraws a dispatch (撤回): any not finished one; the person is free again. */
  async standDown(em: Em, actor: Actor, tenantId: string, id: string, reason?: string): Promise<IncidentDispatch> {
    await this.#mine(em, actor, id, true);
    return this.#change(
      em,
      tenantId,
      id,
      (d, _i, _tx, now) => {
        if (d.status === 'done' || d.status === 'stood_down' || d.status === 'escalated')
          throw new AppError(
            409,
            'invalid_transition',
            t(`${ENDED_ZH[d.status as 'done' | 'stood_down' | 'escalated']}，无需撤回`, `This dispatch is already ${d.status}`),
          );
        d.status = 'stood_down';
        d.standDownAt = now;
        d.rollCallDueAt = null;
        d.rollCallSentAt = null;
        return { kind: 'stood_down', text: `撤回 ${d.userName}${reason ? `：${reason}` : ''}` };
      },
      actor,
    );
  }

  /**
   * Scene photos (POST /incidents/:id/photos): by a member dispatched to the incident (any status but stood down /
   * escalated) or the desk; files must be the caller's usable uploads. One `photo` event.
   */
  async photos(em: Em, actor: Actor, tenantId: string, incidentId: string, b: { fileIds: string[]; note?: string }) {
    const i = await this.incident(em, incidentId);
    if (!can(actor.role, 'incidents.manage')) {
      const mine = await em.count(IncidentDispatch, {
        incidentId,
        userId: actor.userId,
        status: { $nin: ['stood_down', 'escalated'] },
      });
      if (!mine) throw incidentNotFound();
      if (isFinal(i)) throw memberFinal(i.status);
    }
    await this.#d.files.assertUsable(em, actor, b.fileIds);
    await em.fork().transactional(async (tx) =>
      recordEvent(tx, {
        incidentId,
        kind: 'photo',
        actor,
        text: b.note ? `现场照片 ${b.fileIds.length} 张：${b.note}` : `现场照片 ${b.fileIds.length} 张`,
        data: { fileIds: b.fileIds },
        at: new Date(),
      }),
    );
    announceIncident(this.#c, tenantId, summaryOf(i, 'photo'));
  }

  /** The member's dispatches: active ones (with the incident's summary) and the last 20 finished. */
  async myDispatches(em: Em, actor: Actor): Promise<MyDispatches> {
    const rows = await em.find(IncidentDispatch, { userId: actor.userId }, { orderBy: { dispatchedAt: 'desc' }, limit: 60 });
    const summaries = await incidentSummaries(em, [...new Set(rows.map((r) => r.incidentId))]);
    const names = await dispatchNames(em, rows);
    const active = (d: IncidentDispatch) =>
      ACTIVE_DISPATCH.includes(d.status) &&
      (OPEN_INCIDENT_STATUSES as readonly string[]).includes(summaries.get(d.incidentId)!.status);
    const item = (d: IncidentDispatch) => ({ ...dispatchDto(d, names), incident: summaries.get(d.incidentId)! });
    const mine = rows.filter((d) => summaries.has(d.incidentId));
    return {
      active: mine.filter(active).map(item),
      recent: mine
        .filter((d) => !active(d))
        .slice(0, 20)
        .map(item),
    };
  }

  /**
   * For the incident's close or cancel (A's IncidentService), inside its transaction `tx` (the incident locked):
   * every active dispatch ends — people on scene are `done`, the others `stood_down` — so nobody stays committed and
   * no roll call or ack timeout fires again (the jobs also check the incident); one timeline entry names them. Every
   * unit still out on the incident goes back to the room: a unit still `deployed` for this incident (incidentRef =
   * its no) takes the equipment room's stand_down transition (deployed → available, EQUIPMENT_UNIT_TRANSITIONS), its
   * row gets `releasedAt` and the timeline `equipment_released` per unit (units locked in id order after the
   * incident: the same order as a dispatch). Returns how many dispatches ended.
   */
  async closeOut(tx: Em, incidentId: string, actor: Actor | null, why: string): Promise<number> {
    const now = new Date();
    await this.#releaseAll(tx, incidentId, actor, why, now);
    const rows = await tx.find(
      IncidentDispatch,
      { incidentId, status: { $in: ACTIVE_DISPATCH } },
      { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { id: 'asc' } },
    );
    if (!rows.length) return 0;
    for (const d of rows) {
      if (d.status === 'on_scene') {
        d.status = 'done';
        d.doneAt = now;
      } else {
        d.status = 'stood_down';
        d.standDownAt = now;
      }
      d.rollCallDueAt = null;
      d.rollCallSentAt = null;
    }
    recordEvent(tx, {
      incidentId,
      kind: 'stood_down',
      actor,
      text: `${why}，全部人员归队：${rows.map((d) => d.userName).join('、')}`,
      data: { dispatchIds: rows.map((d) => d.id) },
      at: now,
    });
    return rows.length;
  }

  /** closeOut's equipment part: every unit still out on the incident back to the room (see closeOut). */
  async #releaseAll(tx: Em, incidentId: string, actor: Actor | null, why: string, now: Date): Promise<void> {
    const out = await tx.find(IncidentEquipment, { incidentId, releasedAt: null }, { orderBy: { at: 'asc', id: 'asc' } });
    if (!out.length) return;
    const i = await tx.findOneOrFail(Incident, { id: incidentId }, { fields: ['id', 'no'] });
    const units = await tx.find(
      EquipmentUnit,
      { id: { $in: [...new Set(out.map((r) => r.unitId))].sort() } },
      { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true, orderBy: { id: 'asc' } },
    );
    for (const r of out) {
      const u = units.find((x) => x.id === r.unitId);
      if (u && u.incidentRef === i.no && canUnitTransition(u.status as EquipmentUnitStatus, 'stand_down', UNIT_ROLE)) {
        u.status = 'available';
        u.incidentRef = null;
      }
      r.releasedAt = now;
      recordEvent(tx, {
        incidentId,
        kind: 'equipment_released',
        actor,
        text: `${why}，器材 ${r.modelName}（${r.assetTag}）归队`,
        data: { unitId: r.unitId },
        at: now,
      });
    }
  }

  /** The desk's user ids (safety office, zone admin) told on an escalation or a missed roll call. */
  deskUsers(em: Em): Promise<string[]> {
    return usersInRoles(em, DESK_ROLES);
  }
}

/** How an ended dispatch is said in a refusal ("该调派已超时升级", never "已超时已升级"). */
const ENDED_ZH = { done: '该调派已完成', stood_down: '该调派已撤回', escalated: '该调派已超时升级' } as const;

const STATUS_ZH: Record<DispatchStatusValue, string> = {
  pending_ack: '待确认',
  acknowledged: '已确认',
  en_route: '出发',
  on_scene: '到场',
  done: '完成',
  escalated: '超时已升级',
  stood_down: '撤回',
};

function unitStateZh(s: string): string {
  return (
    (
      {
        reserved: '已预留',
        deployed: '已出动',
        maintenance: '保养维修中',
        retired: '已报废',
        lost: '已丢失',
      } as Record<string, string>
    )[s] ?? s
  );
}

/** The zone's incident policy (tenants.ts `incidentPolicy`; the stored default when a zone has none yet). */
export function policyOf(t: Pick<TenantInfo, 'settings'>): IncidentPolicy {
  return t.settings.incidentPolicy ?? DEFAULT_INCIDENT_POLICY;
}

/** `incident.changed`'s summary of an incident. */
export function summaryOf(i: Pick<Incident, 'id' | 'no' | 'status' | 'isDrill'>, kind: string) {
  return { id: i.id, no: i.no, status: i.status, isDrill: i.isDrill, at: new Date().toISOString(), kind };
}

/** Where the incident is, for a notice: the address, else the enterprise's name, else 园区. */
export async function whereOf(em: Em, i: Pick<Incident, 'address' | 'enterpriseId'>): Promise<string> {
  if (i.address) return i.address;
  if (i.enterpriseId) {
    const e = await em.findOne(Enterprise, { id: i.enterpriseId }, { fields: ['name'] });
    if (e) return e.name;
  }
  return '园区';
}

/** The summaries of these incidents (contracts `incidentSummary`) by id: a member's dispatches, an enterprise's warnings. */
export async function incidentSummaries(em: Em, ids: string[]): Promise<Map<string, IncidentSummary>> {
  if (!ids.length) return new Map();
  const rows = await em.find(Incident, { id: { $in: ids } });
  const entIds = [...new Set(rows.map((i) => i.enterpriseId).filter((x): x is string => Boolean(x)))];
  const ents = new Map(
    (entIds.length ? await em.find(Enterprise, { id: { $in: entIds } }, { fields: ['id', 'name'] }) : []).map((e) => [
      e.id,
      e.name,
    ]),
  );
  return new Map(
    rows.map((i) => [
      i.id,
      {
        id: i.id,
        no: i.no,
        type: i.type,
        status: i.status,
        level: i.level,
        isDrill: i.isDrill,
        enterpriseName: i.enterpriseId ? (ents.get(i.enterpriseId) ?? null) : null,
        address: i.address ?? null,
        description: i.description,
        lat: i.lat ?? null,
        lng: i.lng ?? null,
        learnedAt: i.learnedAt.toISOString(),
      },
    ]),
  );
}

const SLOT_WORDS: Record<string, string> = { full: '全天', day: '白班', night: '夜班' };
/** A duty slot in words, in the zone's time zone: `白班 08:00–20:00`. */
export function slotWords(slot: { start: Date; end: Date; kind: string }, tz: string): string {
  const hm = (d: Date) => localMinute(d, tz).slice(11, 16);
  return `${SLOT_WORDS[slot.kind] ?? slot.kind} ${hm(slot.start)}–${hm(slot.end)}`;
}
