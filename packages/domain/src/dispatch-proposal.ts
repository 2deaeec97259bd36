/**
 * Dispatch proposal (调度建议) for an incident: who can go and what equipment to take. Pure (the api reads the duty
 * roster, the team members, the open dispatches and the equipment room, then calls this), so a benchmark can time
 * it alone. Issue 12 Build §3; DOMAIN.md, Emergencies ("the on-duty rescue team is dispatched, available equipment
 * (not lent out, not in repair) is proposed") and Rescue duty and shared equipment ("incident deployment takes
 * priority over loans").
 */
import { getDistance } from 'geolib';
import type { LatLng } from './geofence.ts';

/** One on-duty team now (duty module `onDutyNow`): its members on duty and its leader(s). */
export interface OnDutyTeam {
  teamId: string;
  teamName: string;
  /** Members on duty now (after overrides and leave). */
  userIds: readonly string[];
  /** The team's leader(s) (队长), on duty or not. */
  leaderIds: readonly string[];
}

/** What the proposal shows of a person. Skills are the duty module's free tags (e.g. '危化品', '有限空间', '驾驶'). */
export interface ProposalMember {
  name: string;
  phone?: string | null;
  skills?: readonly string[];
  /** The rescue team the person belongs to (shown for off-duty people, who are in no on-duty team). */
  teamId?: string | null;
  teamName?: string | null;
}

/** An equipment unit as the proposal needs it. `status` is the equipment module's unit status. */
export interface ProposalUnitInput {
  unitId: string;
  assetTag?: string | null;
  modelName: string;
  /** Equipment category (contracts EQUIPMENT_CATEGORIES: breathing_apparatus, gas_detector …). */
  category: string;
  status: string;
  lat?: number | null;
  lng?: number | null;
  /** For a unit on loan: who has it (the recall tells them). */
  borrower?: ProposalBorrower | null;
}

/** Who holds a unit on loan. */
export interface ProposalBorrower {
  name: string;
  phone?: string | null;
  enterpriseName?: string | null;
  loanId?: string | null;
}

export type ProposalPersonStatus = 'available' | 'committed' | 'on_leave' | 'off_duty';

/** A person of the proposal. `C` is what the caller keeps per committed person (default: the incident number; the
 *  api may pass `{incidentId, no}`). */
export interface ProposedPerson<C = string> {
  userId: string;
  name: string;
  phone: string | null;
  skills: string[];
  teamId: string | null;
  teamName: string | null;
  isLeader: boolean;
  /** available: on duty and free; committed: on an open dispatch (this incident or another; wins over the rest);
   *  on_leave: on approved leave now; off_duty: not on duty now. Only 'available' may be dispatched — the api
   *  refuses the others with this reason. */
  status: ProposalPersonStatus;
  /** What `committed` holds for a committed person (the incident it is on), else null. */
  committedTo: C | null;
  /** How many of `wantedSkills` the person has. */
  skillMatches: number;
  /** Pre-selected for the one-click confirm (every available person). */
  proposed: boolean;
}

export type ProposalUnitAction = 'deploy' | 'recall';

export interface ProposedUnit {
  unitId: string;
  assetTag: string | null;
  modelName: string;
  category: string;
  status: string;
  /** deploy: in the room (available, or reserved: an incident takes priority over a reservation); recall: on loan. */
  action: ProposalUnitAction;
  /** Metres from the incident, or null when the unit or the incident has no position. */
  distanceM: number | null;
  borrower: { name: string; phone: string | null; enterpriseName: string | null; loanId: string | null } | null;
  /** Pre-selected for the one-click confirm: the first `wantedCounts[category]` (default 1) units of each category
   *  in the order above (nearest deployable first, recallable only when not enough are deployable) — with `needs`
   *  given, only of the needed categories. */
  proposed: boolean;
}

export interface DispatchProposal<C = string> {
  people: ProposedPerson<C>[];
  units: ProposedUnit[];
  /** Counts for the desk's header. */
  summary: { available: number; committed: number; onLeave: number; offDuty: number; deployable: number; recallable: number };
}

export interface DispatchProposalInput<C = string> {
  onDuty: readonly OnDutyTeam[];
  /** Every rescue member the zone knows (on duty or not); on-duty ids missing here still appear (name = id). */
  members: ReadonlyMap<string, ProposalMember>;
  /** userId → the open incident the person is dispatched to (pending_ack, acknowledged, en_route, on_scene): its
   *  number, or whatever the caller wants back in `committedTo`. Someone already on THIS incident is listed with
   *  this incident. */
  committed: ReadonlyMap<string, C>;
  /** People on approved leave now (duty module): status on_leave unless committed. */
  onLeave?: ReadonlySet<string>;
  units: readonly ProposalUnitInput[];
  /** The incident's position, or null when it has none (no distances, units keep their order by rank and name). */
  origin: LatLng | null;
  /** Only units of these categories (empty/absent = every category). */
  wanted?: readonly string[];
  /**
   * The categories this incident type needs (contracts INCIDENT_EQUIPMENT_NEEDS): their units come first and only
   * they are proposed. Absent: every category alike, one of each proposed; empty: nothing proposed.
   */
  needs?: readonly string[];
  /** How many units of a category to pre-select (default 1 each), e.g. one breathing apparatus per person. */
  wantedCounts?: Readonly<Record<string, number>>;
  /** Skills wanted for this incident type: available people with more of them come first. */
  wantedSkills?: readonly string[];
}

const STATUS_RANK: Record<ProposalPersonStatus, number> = { available: 0, committed: 1, on_leave: 2, off_duty: 3 };
/** Unit statuses the proposal offers, best first; every other status (deployed, maintenance, retired, lost) is not
 *  offered. */
const UNIT_RANK: Record<string, { rank: number; action: ProposalUnitAction }> = {
  available: { rank: 0, action: 'deploy' },
  reserved: { rank: 1, action: 'deploy' },
  on_loan: { rank: 2, action: 'recall' },
};

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The proposal: people = every on-duty member and every known member, each with a status (available first, then
 * committed, on leave, off duty; within a status: most wanted skills, leaders, team, name); units = available ones,
 * then reserved ones (deployable: an incident takes priority over a reservation, but a free unit is taken first),
 * then recallable ones (on loan, with their borrower), each group nearest first (units without a position after
 * those with one), filtered to `wanted` categories when given; with `needs`, the needed categories' units come before
 * all others (the leak's breathing apparatus before the flood's boats) and only they are proposed. Deterministic: ties are broken by name / asset tag /
 * id. O(p log p + u log u); no I/O.
 */
export function proposeDispatch<C = string>(input: DispatchProposalInput<C>): DispatchProposal<C> {
  const wantedSkills = new Set(input.wantedSkills ?? []);
  const people = new Map<string, ProposedPerson<C>>();
  const leaders = new Set<string>();
  for (const t of input.onDuty) for (const id of t.leaderIds) leaders.add(id);

  const person = (userId: string, onDuty: boolean, team: { teamId: string | null; teamName: string | null }) => {
    const m = input.members.get(userId);
    const skills = [...(m?.skills ?? [])];
    const isCommitted = input.committed.has(userId);
    const status: ProposalPersonStatus = isCommitted
      ? 'committed'
      : input.onLeave?.has(userId)
        ? 'on_leave'
        : onDuty
          ? 'available'
          : 'off_duty';
    return {
      userId,
      name: m?.name ?? userId,
      phone: m?.phone ?? null,
      skills,
      teamId: team.teamId,
      teamName: team.teamName,
      isLeader: leaders.has(userId),
      status,
      committedTo: isCommitted ? (input.committed.get(userId) as C) : null,
      skillMatches: skills.reduce((n, s) => n + (wantedSkills.has(s) ? 1 : 0), 0),
      proposed: status === 'available',
    } satisfies ProposedPerson<C>;
  };

  for (const t of input.onDuty)
    for (const id of t.userIds) if (!people.has(id)) people.set(id, person(id, true, { teamId: t.teamId, teamName: t.teamName }));
  for (const [id, m] of input.members)
    if (!people.has(id)) people.set(id, person(id, false, { teamId: m.teamId ?? null, teamName: m.teamName ?? null }));

  const sortedPeople = [...people.values()].sort(
    (a, b) =>
      STATUS_RANK[a.status] - STATUS_RANK[b.status] ||
      b.skillMatches - a.skillMatches ||
      Number(b.isLeader) - Number(a.isLeader) ||
      byText(a.teamName ?? '', b.teamName ?? '') ||
      byText(a.name, b.name) ||
      byText(a.userId, b.userId),
  );

  const wanted = input.wanted?.length ? new Set(input.wanted) : null;
  const origin = input.origin ? { latitude: input.origin.lat, longitude: input.origin.lng } : null;
  const needs = input.needs ? new Set(input.needs) : null;
  const ranked: Array<ProposedUnit & { rank: number; needed: boolean }> = [];
  for (const u of input.units) {
    const r = UNIT_RANK[u.status];
    if (!r) continue;
    if (wanted && !wanted.has(u.category)) continue;
    const placed =
      origin && typeof u.lat === 'number' && typeof u.lng === 'number' && Number.isFinite(u.lat) && Number.isFinite(u.lng);
    ranked.push({
      unitId: u.unitId,
      assetTag: u.assetTag ?? null,
      modelName: u.modelName,
      category: u.category,
      status: u.status,
      action: r.action,
      distanceM: placed ? getDistance(origin, { latitude: u.lat!, longitude: u.lng! }, 1) : null,
      borrower:
        r.action === 'recall' && u.borrower
          ? {
              name: u.borrower.name,
              phone: u.borrower.phone ?? null,
              enterpriseName: u.borrower.enterpriseName ?? null,
              loanId: u.borrower.loanId ?? null,
            }
          : null,
      proposed: false,
      rank: r.rank,
      needed: needs ? needs.has(u.category) : true,
    });
  }
  ranked.sort(
    (a, b) =>
      Number(b.needed) - Number(a.needed) ||
      a.rank - b.rank ||
      (a.distanceM ?? Infinity) - (b.distanceM ?? Infinity) ||
      byText(a.modelName, b.modelName) ||
      byText(a.assetTag ?? '', b.assetTag ?? '') ||
      byText(a.unitId, b.unitId),
  );
  const picked = new Map<string, number>();
  for (const u of ranked) {
    if (!u.needed) continue;
    const n = picked.get(u.category) ?? 0;
    const want = input.wantedCounts?.[u.category] ?? 1;
    if (n < want) {
      picked.set(u.category, n + 1);
      u.proposed = true;
    }
  }
  const units = ranked.map(({ rank: _rank, needed: _needed, ...u }) => u);

  const count = (s: ProposalPersonStatus) => sortedPeople.filter((p) => p.status === s).length;
  return {
    people: sortedPeople,
    units,
    summary: {
      available: count('available'),
      committed: count('committed'),
      onLeave: count('on_leave'),
      offDuty: count('off_duty'),
      deployable: units.filter((u) => u.action === 'deploy').length,
      recallable: units.filter((u) => u.action === 'recall').length,
    },
  };
}
