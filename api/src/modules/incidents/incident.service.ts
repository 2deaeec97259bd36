/**
 * Incident core (应急联动, issue 12): raising an incident (one-press SOS with replay and merge, the duty desk from a
 * phone call or an IoT alarm), its life cycle (reported → responding → controlled → closed; cancelled), casualties
 * and the accident grade (生产安全事故报告和调查处理条例 Art. 3), the reporting clock and the authority report
 * (Art. 9, 12, 13), response plans turned into checklists, notes, lists and statistics with drills kept apart, and
 * the Drill record a closed drill writes into the enterprise's file. Dispatches, equipment and warnings are B's
 * (dispatch.service.ts), read through `linkage`.
 *
 * Visibility: the zone's staff (incidents.read) see every incident of the zone; enterprise users only those they
 * reported or of their enterprise; inspectors (third-party agencies) only those they reported. Another zone's
 * incident is a 404 for everyone (the tenant filter).
 */
import { DeadlockException, IsolationLevel, UniqueConstraintViolationException } from '@mikro-orm/core';
import {
  DEFAULT_INCIDENT_POLICY,
  DRILL_PREFIX,
  INCIDENT_OPEN_STATUSES,
  INCIDENT_SOURCE_LABELS,
  INCIDENT_STATUS_LABELS,
  INCIDENT_TYPE_LABELS,
  INCIDENT_TYPES,
  ACCIDENT_GRADES,
  WARNING_LEVEL_LABELS,
  can,
  isEnterpriseRole,
  type AccidentGrade,
  type AuthorityReport,
  type AuthorityReportRequest,
  type CasualtiesRequest,
  type CreateIncidentRequest,
  type Incident as IncidentDto,
  type IncidentChecklistItem as ChecklistItemDto,
  type IncidentDetail,
  type IncidentEvent as IncidentEventDto,
  type IncidentEventKind,
  type IncidentLinkage,
  type IncidentPolicy,
  type IncidentStats,
  type IncidentStatus,
  type IncidentType,
  type IncidentsQuery,
  type ReportingClock as ReportingClockDto,
  type ResponsePlan as ResponsePlanDto,
  type SosRequest,
  type UpdateIncidentRequest,
  type WarningLevel,
} from '@yuanan/contracts';
import {
  accidentGrade,
  casualtyProblem,
  localDate,
  localMinute,
  reportingClock,
  sosMerges,
  warningSeverity,
} from '@yuanan/domain';
import type { Container } from '../../core/container.ts';
import type { Actor } from '../../core/context/request-scope.ts';
import { compareAndSet } from '../../core/db/compare-and-set.ts';
import { uuidv7 } from '../../core/db/ids.ts';
import { keysetPage } from '../../core/db/keyset-page.ts';
import type { KeyOrder } from '../../core/db/keyset.ts';
import { isLockConflict } from '../../core/db/retry.ts';
import { emitEvent } from '../../core/queue/outbox.ts';
import type { Em } from '../../core/db/orm.ts';
import { AppError, notFound, t as lt } from '../../core/http/problem.ts';
import { iso, isoReq } from '../../core/http/serialize.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import { Enterprise } from '../enterprises/enterprise.entity.ts';
import { Drill, EmergencyPlan } from '../enterprises/enterprise-records.entity.ts';
import { User } from '../identity/identity.entity.ts';
import { visiblePhone } from '../identity/user-dto.ts';
import { IotDevice } from '../iot/iot.entity.ts';
import { announceIncident, recordEvent } from './incident-timeline.ts';
import { IncidentChecklistItem, Incident, IncidentEvent, ResponsePlan } from './incident.entity.ts';
import { cancelClock, queueClock } from './incident.jobs.ts';
import type { IncidentsDeps } from './incidents.module.ts';
import { planDto, type ResponsePlanService } from './response-plan.service.ts';
import { fromZoneCentre } from './zone-centre.ts';

const STALE = lt('事件已被他人更新，请刷新后重试', 'Someone else changed the incident: reload and try again');
const INCIDENT_NOT_FOUND = () => new AppError(404, 'not_found', lt('未找到该事件', 'Incident not found'));
/** 422 on one field, both languages. */
const unprocessable = (path: string, zh: string, en: string) =>
  new AppError(422, 'validation_failed', lt(zh, en), { errors: [{ path, code: 'invalid', message: lt(zh, en) }] });
const wrongState = (zh: string, en: string) => new AppError(409, 'invalid_transition', lt(zh, en));
/** 503 when an SOS could not get its locks in time (the phone sends it again with the same clientKey). */
const SOS_BUSY = () =>
  new AppError(
    503,
    'service_unavailable',
    lt(
      '系统繁忙，求救暂未登记，请立即重试或拨打园区值班电话',
      'Busy: the SOS was not recorded yet — press again now or call the duty desk',
    ),
  );

/**
 * Runs a transaction again (up to `attempts` times in all) when the database chose it as a deadlock victim (errno
 * 1213: the server rolled it back, so redoing it is safe). A lock wait timeout is not redone: it already waited.
 */
async function redoOnDeadlock<T>(fn: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if (i >= attempts || !(e instanceof DeadlockException)) throw e;
      await new Promise((r) => setTimeout(r, 10 * i + Math.random() * 20));
    }
  }
}

/** The roles told of a new SOS and of the reporting clock (the duty desk). */
const DESK_ROLES = ['zone_admin', 'safety_officer', 'rescue_leader'] as const;
/** The roles told when the authority report is due or a casualty change needs a 续报 (the safety office). */
const OFFICE_ROLES = ['zone_admin', 'safety_officer'] as const;
/** How many timeline entries the detail carries (the newest). */
const TIMELINE_LIMIT = 500;

/** The zone's incident policy (a zone saved before issue 12 has none stored: the defaults). */
export function incidentPolicyOf(t: TenantInfo): IncidentPolicy {
  return t.settings.incidentPolicy ?? DEFAULT_INCIDENT_POLICY;
}

/**
 * Which incidents an actor sees (see the module comment): the zone's staff with incidents.read all of the zone;
 * anyone else (enterprise users, inspectors) those they reported and — enterprise users — their enterprise's.
 */
export function incidentScope(actor: Actor): Record<string, unknown> {
  // An API key with `incidents.read` (issue 14 §3) reads the whole zone like the desk.
  if (can(actor.role, 'incidents.read') || actor.role === 'api_client') return {};
  if (isEnterpriseRole(actor.role) && actor.enterpriseId)
    return { $or: [{ reporterUserId: actor.userId }, { enterpriseId: actor.enterpriseId }] };
  return { reporterUserId: actor.userId };
}

/** Outbox event of an incident opened, closed or cancelled: `{ incidentId, action: 'opened' | 'closed' | 'cancelled' }`. */
export const INCIDENT_CHANGED = 'incident.changed';

/**
 * Timeline kinds a reader without `incidents.read` (an enterprise user who reported the incident or whose enterprise
 * it is; an inspector who reported it) sees: the course of the incident, not the desk's work. `dispatched` is shown
 * as a running count, `warning_sent` / `warning_acked` only when they concern the reader's enterprise, `reported`
 * of a phone call without the caller. Hidden as desk-internal: updated, plan_applied, checklist_done, ack_late,
 * escalated, stood_down, equipment_*, roll_call*, casualties, authority_*, note, photo, reading. Events the reader
 * made themselves are always shown.
 */
export const PUBLIC_EVENT_KINDS: ReadonlySet<IncidentEventKind> = new Set<IncidentEventKind>([
  'reported',
  'sos_merged',
  'status',
  'dispatched',
  'acknowledged',
  'en_route',
  'on_scene',
  'done',
  'warning_sent',
  'warning_acked',
  'closed',
  'cancelled',
]);

/**
 * The detail as a reader outside the desk (no `incidents.read`) sees it: warnings to their own enterprise only;
 * dispatches with names and statuses but no phone and no position; equipment without borrowers; no checklist and
 * no authority report (the desk's working papers); the reporter's phone only to the reporter; the timeline filtered
 * by PUBLIC_EVENT_KINDS with every event's data dropped (it carries ids, positions, other enterprises) — so no other
 * enterprise's name reaches them.
 */
export function redactIncidentDetail(d: IncidentDetail, viewer: { userId: string; enterpriseId: string | null }): IncidentDetail {
  const ownWarnings = d.warnings.filter((w) => viewer.enterpriseId !== null && w.enterpriseId === viewer.enterpriseId);
  const ownWarningIds = new Set(ownWarnings.map((w) => w.id));
  let dispatched = 0;
  const events: IncidentEventDto[] = [];
  for (const e of d.events) {
    if (e.kind === 'dispatched') dispatched += 1;
    if (e.actorId === viewer.userId) {
      events.push(e);
      continue;
    }
    if (!PUBLIC_EVENT_KINDS.has(e.kind)) continue;
    const data = e.data ?? {};
    let text = e.text;
    if (e.kind === 'dispatched') text = `已调派救援队员，累计 ${dispatched} 人次`;
    else if (e.kind === 'reported' && data.source !== 'sos')
      text = `${drillPrefix(d.isDrill)}${INCIDENT_SOURCE_LABELS[d.source].zh}接报：${INCIDENT_TYPE_LABELS[d.type].zh}`;
    else if (e.kind === 'warning_sent') {
      const ids = Array.isArray(data.warningIds) ? (data.warningIds as string[]) : [];
      if (!ids.some((id) => ownWarningIds.has(id))) continue;
      text = data.simulated ? '【演练】模拟向本企业发布下风向预警' : '向本企业发布下风向预警';
    } else if (e.kind === 'warning_acked') {
      if (!viewer.enterpriseId || data.enterpriseId !== viewer.enterpriseId) continue;
      text = '本企业已确认收到下风向预警';
    }
    events.push({ ...e, text, data: null });
  }
  return {
    ...d,
    reporterPhone: d.reporterUserId === viewer.userId ? d.reporterPhone : null,
    checklist: [],
    authorityReport: null,
    warnings: ownWarnings,
    dispatches: d.dispatches.map((x) => ({ ...x, phone: null, lat: null, lng: null })),
    equipment: d.equipment.map((x) => ({ ...x, borrowerName: null })),
    events,
  };
}

function drillPrefix(isDrill: boolean): string {
  return isDrill ? DRILL_PREFIX : '';
}

/** `YYYY-MM-DD HH:mm:ss` local (zone offsets are whole minutes: the seconds are the UTC ones). */
function localSecond(d: Date, timeZone: string): string {
  return `${localMinute(d, timeZone)}:${String(d.getUTCSeconds()).padStart(2, '0')}`;
}

/** An SOS whose phone position lies farther than this from the zone's centre is flagged 位置距园区约 N km，请核实. */
export const SOS_FAR_FROM_ZONE_M = 10_000;
/** How far back the desk may date an incident it raises (occurredAt, else learnedAt): a 1970 date is a slip. */
export const DESK_MAX_AGE_MS = 30 * 86_400_000;

/** How far ahead of the server a phone's press time may be (clock skew) and still be believed. */
export const SOS_PRESS_SKEW_MS = 2 * 60_000;
/** How old a press time may be (an SOS queued on the phone for longer is not believed: the clock is likely wrong). */
export const SOS_PRESS_MAX_AGE_MS = 24 * 3600_000;

/**
 * When an SOS happened: the phone's `pressedAt` when it is plausible (at most SOS_PRESS_SKEW_MS ahead of `now`, at most
 * SOS_PRESS_MAX_AGE_MS old), else `now` with the reason it was ignored. An offline SOS queued on the phone thus keeps
 * the moment of the press as occurredAt, while learnedAt (条例 Art. 9's clock) stays the server's arrival.
 */
export function sosOccurredAt(
  pressedAt: string | undefined,
  now: Date,
): { at: Date; pressed: Date | null; ignored: 'future' | 'too_old' | null } {
  if (!pressedAt) return { at: now, pressed: null, ignored: null };
  const pressed = new Date(pressedAt);
  if (!Number.isFinite(pressed.getTime())) return { at: now, pressed: null, ignored: null };
  if (pressed.getTime() > now.getTime() + SOS_PRESS_SKEW_MS) return { at: now, pressed, ignored: 'future' };
  if (pressed.getTime() < now.getTime() - SOS_PRESS_MAX_AGE_MS) return { at: now, pressed, ignored: 'too_old' };
  // A little ahead (skew within bounds) counts as now: it cannot have happened after it arrived.
  return { at: pressed.getTime() > now.getTime() ? now : pressed, pressed, ignored: null };
}

/** The incident type an IoT device's alarm suggests (gas → leak/poisoning, smoke/flame/heat → fire). */
export function typeOfDevice(deviceType: string): IncidentType {
  if (deviceType.startsWith('gas_')) return 'leak_poisoning';
  if (deviceType === 'smoke' || deviceType === 'flame' || deviceType === 'temperature') return 'fire';
  return 'other';
}

/** Whether the incident must be reported to the authority at all: not for drills, cancelled or closed-without-harm. */
export function reportRequired(i: Pick<Incident, 'isDrill' | 'status' | 'grade'>): boolean {
  if (i.isDrill || i.status === 'cancelled') return false;
  if (i.status === 'closed' && !i.grade) return false;
  return true;
}

/** The reporting clock of an incident as the api shows it (Art. 9 hour from learnedAt; Art. 13 follow-up). */
export function clockOf(t: TenantInfo, i: Incident, now = new Date()): ReportingClockDto {
  const learnedAt = i.learnedAt;
  const c = reportingClock({
    learnedAt,
    occurredAt: i.occurredAt,
    type: i.type,
    now,
    authorityReportedAt: i.authorityReportedAt ?? null,
    policyMinutes: incidentPolicyOf(t).authorityReportMinutes,
    timeZone: t.timeZone,
  });
  if (!i.authorityReportedAt && !reportRequired(i))
    return {
      state: 'not_required',
      learnedAt: learnedAt.toISOString(),
      authorityDueAt: null,
      remainingMs: null,
      authorityReportedAt: null,
      casualtyFollowUpUntil: null,
    };
  return {
    state: c.state,
    learnedAt: learnedAt.toISOString(),
    authorityDueAt: c.authorityDueAt.toISOString(),
    remainingMs: c.state === 'done' ? null : Math.round(c.remainingMs),
    authorityReportedAt: iso(i.authorityReportedAt),
    casualtyFollowUpUntil: i.authorityReportedAt ? (iso(i.followUpUntil) ?? c.casualtyFollowUpUntil.toISOString()) : null,
  };
}

/** The text of a drill starts with 【演练】. */
const drillText = (isDrill: boolean, s: string) => (isDrill ? `${DRILL_PREFIX}${s}` : s);
const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
/** The incident's casualty figures (people; direct loss in 万元) and its grade (条例 Art. 3), as the DTO, the authority-report snapshot and the casualty change's before/after use them. */
const figuresOf = (i: Incident) => ({
  deaths: i.deaths,
  missing: i.missing,
  seriousInjuries: i.seriousInjuries,
  minorInjuries: i.minorInjuries,
  directLossWan: num(i.directLossWan),
  grade: i.grade ?? null,
});
const median = (xs: number[]): number | null => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return Math.round((s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2) * 10) / 10;
};

/** An event of the timeline for the api. */
function eventDto(e: IncidentEvent): IncidentEventDto {
  return {
    id: e.id,
    at: isoReq(e.at),
    kind: e.kind,
    actorId: e.actorId ?? null,
    actorName: e.actorName,
    text: e.text,
    data: (e.data as Record<string, unknown> | null) ?? null,
  };
}

function checklistDto(c: IncidentChecklistItem, now: Date): ChecklistItemDto {
  return {
    id: c.id,
    stepKey: c.stepKey,
    order: c.order,
    who: c.who,
    role: c.role ?? null,
    action: c.action,
    dueAt: isoReq(c.dueAt),
    doneAt: iso(c.doneAt),
    doneBy: c.doneBy ?? null,
    doneByName: c.doneByName ?? null,
    note: c.note ?? null,
    overdue: !c.doneAt && c.dueAt.getTime() < now.getTime(),
  };
}

/** Who recorded it (a platform operator acting in the zone is named as such). */
const actorName = (a: Actor) => (a.actingAs ? `${a.actingAs.platformUserName}（代行）` : a.name).slice(0, 60);

export class IncidentService {
  readonly #c: Container;
  readonly #deps: IncidentsDeps & { plans: ResponsePlanService };
  /**
   * The dispatches, equipment and warnings of an incident (B's DispatchService.forIncident, set in
   * incidents.module.ts); empty until B wires it.
   */
  linkage: (em: Em, incidentId: string) => Promise<IncidentLinkage> = async () => ({
    dispatches: [],
    equipment: [],
    warnings: [],
  });
  /**
   * Called inside the transaction that closes or cancels an incident (B: stand down active dispatches, release
   * deployed equipment). A hook that throws rolls the close back.
   */
  readonly onFinal: Array<(tx: Em, incident: Incident, actor: Actor) => Promise<void>> = [];

  constructor(c: Container, deps: IncidentsDeps & { plans: ResponsePlanService }) {
    this.#c = c;
    this.#deps = deps;
  }

  // ---------------------------------------------------------------- numbering, scope

  /**
   * The next incident number of the zone's day, `SJ` + yyyyMMdd + `-` + 3 digits (SJ20261205-001): a counter row
   * per zone and day, incremented under its row lock (like the hazard numbers) INSIDE the caller's transaction `tx`,
   * on its connection: a rolled-back incident gives its number back, and a request never holds one pool connection
   * while waiting for a second (a separate transaction here deadlocked the pool when ~20 SOS came at once). The row
   * stays locked until `tx` ends, so the caller takes it last, just before its flush. Throws when `tx` is no
   * transaction (an autocommit increment and read could hand two incidents one number).
   */
  async #no(tx: Em, t: TenantInfo, at: Date): Promise<string> {
    const ctx = tx.getTransactionContext();
    if (!ctx) throw new Error('incident numbers are taken inside the incident’s transaction');
    const day = localDate(at, t.timeZone).replace(/-/g, '');
    const now = new Date();
    const conn = tx.getConnection();
    await conn.execute(
      `INSERT INTO incident_counters (id, tenant_id, day, value, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?)
         ON DUPLICATE KEY UPDATE value = value + 1, updated_at = ?`,
      [uuidv7(), t.id, day, now, now, now],
      'run',
      ctx,
    );
    const rows = (await conn.execute(
      'SELECT value FROM incident_counters WHERE tenant_id = ? AND day = ?',
      [t.id, day],
      'all',
      ctx,
    )) as Array<{ value: number }>;
    return `SJ${day}-${String(Number(rows[0]!.value)).padStart(3, '0')}`;
  }

  /** The incident if the actor sees it, else 404. */
  async visible(em: Em, actor: Actor, id: string): Promise<Incident> {
    const i = await em.findOne(Incident, { $and: [incidentScope(actor), { id }] } as never);
    if (!i) throw INCIDENT_NOT_FOUND();
    return i;
  }

  /**
   * One versioned change of an incident under its row lock: 409 when `version` is stale (null: no version check),
   * 404 outside the actor's scope. `set` may throw an AppError to refuse. Returns the committed row.
   */
  async #decide(
    em: Em,
    actor: Actor,
    id: string,
    version: number | null,
    set: (i: Incident, tx: Em) => void | Promise<void>,
  ): Promise<Incident> {
    // A 404 that `set` throws (a checklist step, a plan) is its own; only the incident's own absence reads 未找到该事件.
    let fromSet: unknown = null;
    return compareAndSet<Incident, Incident>(em, {
      entity: Incident,
      where: { $and: [incidentScope(actor), { id }] } as never,
      what: 'incident',
      lost: () => new AppError(409, 'conflict', STALE),
      expect: (i) => (version !== null && i.version !== version ? new AppError(409, 'conflict', STALE) : null),
      set: async (i, tx) => {
        try {
          await set(i as Incident, tx);
        } catch (e) {
          fromSet = e;
          throw e;
        }
        return i as Incident;
      },
    }).catch((e: unknown) => {
      if (e !== fromSet && e instanceof AppError && e.status === 404) throw INCIDENT_NOT_FOUND();
      throw e;
    });
  }

  /** Users of the zone with one of `roles` (active). */
  async #usersWithRoles(em: Em, roles: readonly string[]): Promise<string[]> {
    return (await em.find(User, { role: { $in: [...roles] }, status: 'active' } as never, { fields: ['id'] })).map((u) => u.id);
  }

  // ---------------------------------------------------------------- raising

  /**
   * One-press SOS (一键求救). The same `clientKey` answers the same incident (a weak network's replay: `replayed`);
   * a second SOS of the same person within the zone's `sosMergeSeconds` of the first (still open, same drill flag)
   * merges into it (event sos_merged, photos appended: `merged`). Otherwise a new incident: an enterprise user's
   * gets the enterprise and — when the phone gave no position — its location. The desk is told at once (critical;
   * a drill's notice is marked 【演练】 and not critical). One SOS per person at a time (their user row locked in the
   * SOS transaction), so two presses racing never make two incidents; the whole SOS uses one pool connection at a
   * time, so many people pressing at once queue rather than deadlock the pool. 503 (service_unavailable) when the
   * locks could not be had within the database's lock wait timeout.
   */
  async sos(
    em: Em,
    actor: Actor,
    t: TenantInfo,
    body: SosRequest,
  ): Promise<{ incident: IncidentDetail; merged: boolean; replayed: boolean }> {
    const files = [...(body.photoFileIds ?? []), ...(body.voiceFileId ? [body.voiceFileId] : [])];
    const usable = await this.#deps.files.assertUsable(em, actor, files);
    if (body.voiceFileId) {
      // The voice note must be the caller's own recording, uploaded as incident media (audio: checked by content).
      const voice = usable.find((f) => f.id === body.voiceFileId);
      const uploader = actor.actingAs?.platformUserId ?? actor.userId;
      if (!voice || voice.uploadedBy !== uploader || voice.purpose !== 'incident_media' || !voice.mime.startsWith('audio/'))
        throw unprocessable(
          'voiceFileId',
          '语音须为本人刚录制并以“事件媒体”上传的录音',
          'The voice note must be your own recording uploaded as incident media',
        );
    }
    if ((body.lat === undefined) !== (body.lng === undefined))
      throw unprocessable('lng', '经纬度须同时提供', 'Give both latitude and longitude');
    const policy = incidentPolicyOf(t);
    const isDrill = body.isDrill ?? false;
    const now = new Date();
    const press = sosOccurredAt(body.pressedAt, now);
    const pressWords = press.ignored
      ? `；手机时间 ${localSecond(press.pressed!, t.timeZone)} ${press.ignored === 'future' ? '晚于服务器时间' : '早于 24 小时前'}，不可信，发生时间按接报时间记录`
      : press.pressed && now.getTime() - press.at.getTime() >= 60_000
        ? `；${localSecond(press.at, t.timeZone)} 按下，网络原因延迟送达`
        : '';
    const pressData = {
      pressedAt: press.pressed?.toISOString() ?? null,
      pressedAtIgnored: press.ignored,
    };
    // A phone position far from the zone (a GPS fix gone wrong, a phone elsewhere) is taken, and flagged for the desk.
    const fromZone =
      body.lat !== undefined && body.lng !== undefined ? await fromZoneCentre(em, t, { lat: body.lat, lng: body.lng }) : null;
    const farKm = fromZone !== null && fromZone > SOS_FAR_FROM_ZONE_M ? Math.round(fromZone / 1000) : null;
    const farWords = farKm !== null ? `；位置距园区约 ${farKm} km，请核实` : '';
    // One SOS per person at a time: the person's user row, locked FOR UPDATE inside the SOS transaction on its own
    // connection (never a second pool connection) and held until it commits, so a racing press waits, then reads the
    // first one's committed incident (replay or merge). A deadlock victim is redone; a lock not had within the
    // server's innodb_lock_wait_timeout is a 503 the phone retries with the same clientKey.
    const out = await redoOnDeadlock(() =>
      em.fork().transactional(
        async (tx) => {
          const conn = tx.getConnection();
          const ctx = tx.getTransactionContext();
          // No row (a user removed since sign-in): nothing to lock, the SOS is still recorded.
          await conn.execute('SELECT id FROM users WHERE id = ? FOR UPDATE', [actor.userId], 'all', ctx);
          const replay = await tx.findOne(Incident, { sosClientKey: body.clientKey });
          if (replay) {
            if (replay.reporterUserId !== actor.userId)
              throw new AppError(409, 'conflict', lt('该求救编号已被使用', 'This SOS key was used by someone else'));
            return { id: replay.id, merged: false, replayed: true, created: false };
          }
          const prev = await tx.findOne(
            Incident,
            { reporterUserId: actor.userId, source: 'sos', status: { $in: [...INCIDENT_OPEN_STATUSES] } },
            { orderBy: { learnedAt: 'desc' } },
          );
          if (
            prev &&
            sosMerges(
              { reporterUserId: prev.reporterUserId!, at: prev.learnedAt, status: prev.status, isDrill: prev.isDrill },
              // The time after the lock, not `now`: a racing press that read the clock first but got the lock second
              // would otherwise come "before" the incident it waited for and make a second one.
              { reporterUserId: actor.userId, at: new Date(), isDrill },
              policy.sosMergeSeconds,
            )
          ) {
            prev.fileIds = [...new Set([...(prev.fileIds ?? []), ...files])];
            // The phone's position beats none, and beats the enterprise's address the first SOS fell back to.
            if (body.lat !== undefined && (prev.lat == null || prev.accuracyM == null)) {
              const first = await tx.findOne(IncidentEvent, { incidentId: prev.id, kind: 'reported' }, { fields: ['data'] });
              const fromPhone = (first?.data as { locationFrom?: string } | null)?.locationFrom === 'phone';
              if (prev.lat == null || !fromPhone) {
                prev.lat = body.lat;
                prev.lng = body.lng ?? null;
                prev.accuracyM = body.accuracyM ?? null;
              }
            }
            recordEvent(tx, {
              incidentId: prev.id,
              kind: 'sos_merged',
              actor,
              text: `${actor.name} 再次一键求救（${INCIDENT_TYPE_LABELS[body.type].zh}）${body.description ? `：${body.description}` : ''}，已合并${farWords}`,
              data: {
                clientKey: body.clientKey,
                type: body.type,
                lat: body.lat ?? null,
                lng: body.lng ?? null,
                accuracyM: body.accuracyM ?? null,
                fileIds: files,
                ...pressData,
                farFromZoneKm: farKm,
              },
            });
            await tx.flush();
            return { id: prev.id, merged: true, replayed: false, created: false };
          }
          const user = await tx.findOne(User, { id: actor.userId }, { fields: ['phoneSealed', 'phoneMasked'] });
          const ent = actor.enterpriseId ? await tx.findOne(Enterprise, { id: actor.enterpriseId }) : null;
          const useEnterprisePlace = !!ent && body.lat === undefined;
          const no = await this.#no(tx, t, now);
          const i = tx.create(Incident, {
            no,
            type: body.type,
            source: 'sos',
            status: 'reported',
            level: 'IV',
            severity: warningSeverity('IV'),
            isDrill,
            enterpriseId: ent?.id ?? null,
            alarmId: null,
            lat: body.lat ?? (useEnterprisePlace ? (ent.lat ?? null) : null),
            lng: body.lng ?? (useEnterprisePlace ? (ent.lng ?? null) : null),
            planX: useEnterprisePlace ? (ent.planX ?? null) : null,
            planY: useEnterprisePlace ? (ent.planY ?? null) : null,
            address: ent ? (ent.address ?? ent.name) : null,
            description: (body.description?.trim() || `${INCIDENT_TYPE_LABELS[body.type].zh}（一键求救）`).slice(0, 2000),
            reporterUserId: actor.userId,
            reporterName: actor.name.slice(0, 60),
            reporterPhone: user ? visiblePhone(this.#c, user.phoneSealed, null) : null,
            occurredAt: press.at,
            learnedAt: now,
            sosClientKey: body.clientKey,
            accuracyM: body.accuracyM ?? null,
            fileIds: files,
          } as never);
          recordEvent(tx, {
            incidentId: i.id,
            kind: 'reported',
            actor,
            at: now,
            text: drillText(
              isDrill,
              `${actor.name}${ent ? `（${ent.name}）` : ''} 一键求救：${INCIDENT_TYPE_LABELS[body.type].zh}${body.description ? `，${body.description}` : ''}${pressWords}${farWords}`,
            ),
            data: {
              source: 'sos',
              clientKey: body.clientKey,
              lat: body.lat ?? null,
              lng: body.lng ?? null,
              accuracyM: body.accuracyM ?? null,
              locationFrom: body.lat !== undefined ? 'phone' : useEnterprisePlace ? 'enterprise' : null,
              fileIds: files,
              ...pressData,
              farFromZoneKm: farKm,
            },
          });
          emitEvent(tx, INCIDENT_CHANGED, { incidentId: i.id, action: 'opened' });
          await tx.flush();
          return { id: i.id, merged: false, replayed: false, created: true };
        },
        { isolationLevel: IsolationLevel.READ_COMMITTED },
      ),
    ).catch(async (e: unknown) => {
      // Two people racing with one key (a copied phone's): the loser finds the winner's.
      if (e instanceof UniqueConstraintViolationException) {
        const won = await em.fork().findOne(Incident, { sosClientKey: body.clientKey });
        if (won && won.reporterUserId === actor.userId) return { id: won.id, merged: false, replayed: true, created: false };
        if (won) throw new AppError(409, 'conflict', lt('该求救编号已被使用', 'This SOS key was used by someone else'));
      }
      if (isLockConflict(e)) throw SOS_BUSY();
      throw e;
    });
    const i = await em.fork().findOneOrFail(Incident, { id: out.id });
    if (out.created) await this.#afterCreate(em, t, i, 'sos', farKm);
    else if (out.merged)
      announceIncident(this.#c, t.id, { id: i.id, no: i.no, status: i.status, isDrill: i.isDrill, kind: 'sos_merged' });
    return { incident: await this.detail(em, actor, t, i.id), merged: out.merged, replayed: out.replayed };
  }

  /**
   * After a new incident is committed: the desk's notice (flagged when the SOS position lies `farKm` from the zone),
   * the clock jobs, the realtime push.
   */
  async #afterCreate(em: Em, t: TenantInfo, i: Incident, how: 'sos' | 'desk', farKm: number | null = null): Promise<void> {
    announceIncident(this.#c, t.id, {
      id: i.id,
      no: i.no,
      status: i.status,
      isDrill: i.isDrill,
      kind: 'created',
      at: i.createdAt,
    });
    if (!i.isDrill) await queueClock(this.#c, t, i);
    const desk = await this.#usersWithRoles(em, DESK_ROLES);
    const typeLabel = INCIDENT_TYPE_LABELS[i.type as IncidentType].zh;
    const ent = i.enterpriseId ? await em.findOne(Enterprise, { id: i.enterpriseId }, { fields: ['name'] }) : null;
    const where = ent?.name ?? i.address ?? i.reporterName;
    await this.#deps.notifications.notify(em, {
      userIds: desk,
      kind: how === 'sos' ? 'incident.sos' : 'incident.reported',
      title: drillText(i.isDrill, how === 'sos' ? `一键求救：${typeLabel}（${where}）` : `新事件：${typeLabel}（${where}）`),
      body: drillText(
        i.isDrill,
        // the flag sits after the description, so the English template (notification-text.ts) still matches
        `${i.no}：${i.description}。${farKm !== null ? `位置距园区约 ${farKm} km，请核实。` : ''}报警人 ${i.reporterName}${i.reporterPhone ? ` ${i.reporterPhone}` : ''}，${localMinute(i.learnedAt, t.timeZone)} 接报。请立即核实并调派。`,
      ),
      link: `/incidents/${i.id}`,
      severity: i.isDrill ? 'warning' : 'critical',
      dedupeKey: `incident:${i.id}:reported`,
    });
  }

  /**
   * The duty desk raises an incident (接警立案) from a phone call, at the desk, or from an IoT alarm: from an alarm,
   * the type, enterprise and location default from its device, the alarm gets a comment naming the incident, and an
   * alarm already raised as an open incident is refused (409, naming it).
   */
  async create(em: Em, actor: Actor, t: TenantInfo, body: CreateIncidentRequest): Promise<IncidentDetail> {
    let type = body.type;
    let enterpriseId = body.enterpriseId ?? null;
    let lat = body.lat ?? null;
    let lng = body.lng ?? null;
    let planX = body.planX ?? null;
    let planY = body.planY ?? null;
    let address = body.address ?? null;
    let reading: Record<string, unknown> | null = null;
    if (body.alarmId) {
      const alarm = await this.#deps.alarms.visible(em, actor, body.alarmId);
      const open = await em.findOne(Incident, { alarmId: alarm.id, status: { $in: [...INCIDENT_OPEN_STATUSES] } });
      if (open) throw new AppError(409, 'conflict', lt(`该报警已立案：${open.no}`, `This alarm is already incident ${open.no}`));
      const device = await em.findOne(IotDevice, { id: alarm.deviceId });
      type ??= device ? typeOfDevice(device.type) : 'other';
      enterpriseId ??= alarm.enterpriseId ?? null;
      if (lat === null && device?.lat != null) [lat, lng] = [device.lat, device.lng ?? null];
      if (planX === null && device?.mapX != null) [planX, planY] = [device.mapX, device.mapY ?? null];
      address ??= device?.location ?? null;
      reading = {
        alarmId: alarm.id,
        deviceId: alarm.deviceId,
        deviceName: device?.name ?? null,
        type: alarm.type,
        severity: alarm.severity,
        lastValue: alarm.lastValue ?? null,
        peakValue: alarm.peakValue ?? null,
        startedAt: iso(alarm.startedAt),
      };
    }
    const ent = enterpriseId ? await em.findOne(Enterprise, { id: enterpriseId }) : null;
    if (enterpriseId && !ent) throw notFound('enterprise');
    if (ent && lat === null && planX === null) {
      [lat, lng, planX, planY] = [ent.lat ?? null, ent.lng ?? null, ent.planX ?? null, ent.planY ?? null];
    }
    address ??= ent ? (ent.address ?? ent.name) : null;
    const now = new Date();
    const learnedAt = body.learnedAt ? new Date(body.learnedAt) : now;
    const occurredAt = body.occurredAt ? new Date(body.occurredAt) : learnedAt;
    if (learnedAt.getTime() < occurredAt.getTime())
      throw unprocessable('learnedAt', '接报时间不能早于发生时间', 'Learned before it happened');
    if (now.getTime() - occurredAt.getTime() > DESK_MAX_AGE_MS) {
      const days = DESK_MAX_AGE_MS / 86_400_000;
      throw unprocessable(
        body.occurredAt ? 'occurredAt' : 'learnedAt',
        `发生时间不能早于 ${days} 天前，请核对日期`,
        `The incident cannot have happened more than ${days} days ago: check the date`,
      );
    }
    const resolvedType: IncidentType = type ?? 'other';
    const id = await em.fork().transactional(async (tx) => {
      const no = await this.#no(tx, t, learnedAt);
      const i = tx.create(Incident, {
        no,
        type: resolvedType,
        source: body.source,
        status: 'reported',
        level: body.level,
        severity: warningSeverity(body.level),
        isDrill: body.isDrill,
        enterpriseId: ent?.id ?? null,
        alarmId: body.alarmId ?? null,
        lat,
        lng,
        planX,
        planY,
        address,
        description: body.description,
        reporterUserId: body.callerName ? null : actor.userId,
        reporterName: (body.callerName ?? actor.name).slice(0, 60),
        reporterPhone: body.callerPhone ?? null,
        occurredAt,
        learnedAt,
        sosClientKey: null,
        accuracyM: null,
        fileIds: [],
      } as never);
      recordEvent(tx, {
        incidentId: i.id,
        kind: 'reported',
        actor,
        at: learnedAt,
        text: drillText(
          body.isDrill,
          `${INCIDENT_SOURCE_LABELS[body.source].zh}接报：${INCIDENT_TYPE_LABELS[resolvedType].zh}，${WARNING_LEVEL_LABELS[body.level].zh}${ent ? `，${ent.name}` : ''}。${body.description}${body.callerName ? `（报警人 ${body.callerName}${body.callerPhone ? ` ${body.callerPhone}` : ''}）` : ''}`,
        ),
        data: { source: body.source, alarmId: body.alarmId ?? null, callerName: body.callerName ?? null },
      });
      if (reading)
        recordEvent(tx, {
          incidentId: i.id,
          kind: 'reading',
          actor: null,
          at: learnedAt,
          text: `物联网报警：${String(reading.deviceName ?? '')} ${String(reading.type)}，最新值 ${String(reading.lastValue ?? '—')}，峰值 ${String(reading.peakValue ?? '—')}`,
          data: reading,
        });
      emitEvent(tx, INCIDENT_CHANGED, { incidentId: i.id, action: 'opened' });
      await tx.flush();
      return i.id;
    });
    const i = await em.fork().findOneOrFail(Incident, { id });
    if (body.alarmId)
      await this.#deps.alarms.comment(em, actor, t, body.alarmId, {
        comment: drillText(body.isDrill, `已立案为应急事件 ${i.no}`),
      });
    await this.#afterCreate(em, t, i, 'desk');
    return this.detail(em, actor, t, i.id);
  }

  // ---------------------------------------------------------------- reading

  /** Incidents as the list shows them (enterprise names resolved in one read). */
  async dtos(em: Em, t: TenantInfo, rows: Incident[], now = new Date()): Promise<IncidentDto[]> {
    const ids = [...new Set(rows.map((r) => r.enterpriseId).filter((x): x is string => !!x))];
    const names = new Map(
      ids.length ? (await em.find(Enterprise, { id: { $in: ids } }, { fields: ['id', 'name'] })).map((e) => [e.id, e.name]) : [],
    );
    return rows.map((i) => ({
      id: i.id,
      no: i.no,
      type: i.type as IncidentType,
      source: i.source,
      status: i.status,
      level: i.level as WarningLevel,
      severity: i.severity,
      isDrill: i.isDrill,
      enterpriseId: i.enterpriseId ?? null,
      enterpriseName: i.enterpriseId ? (names.get(i.enterpriseId) ?? null) : null,
      alarmId: i.alarmId ?? null,
      lat: i.lat ?? null,
      lng: i.lng ?? null,
      planX: i.planX ?? null,
      planY: i.planY ?? null,
      address: i.address ?? null,
      description: i.description,
      reporterUserId: i.reporterUserId ?? null,
      reporterName: i.reporterName,
      reporterPhone: i.reporterPhone ?? null,
      occurredAt: isoReq(i.occurredAt),
      learnedAt: isoReq(i.learnedAt),
      responsePlanId: i.responsePlanId ?? null,
      ...figuresOf(i),
      authorityReportedAt: iso(i.authorityReportedAt),
      followUpUntil: iso(i.followUpUntil),
      windFromDeg: i.windFromDeg ?? null,
      windSpeed: i.windSpeed ?? null,
      windSource: i.windSource ?? null,
      windAt: iso(i.windAt),
      controlledAt: iso(i.controlledAt),
      closedAt: iso(i.closedAt),
      closedBy: i.closedBy ?? null,
      summary: i.summary ?? null,
      cancelReason: i.cancelReason ?? null,
      clock: clockOf(t, i, now),
      version: i.version,
      createdAt: isoReq(i.createdAt),
      updatedAt: isoReq(i.updatedAt),
    }));
  }

  /**
   * The incident with everything the desk shows: clock, checklist, dispatches / equipment / warnings (B), the
   * timeline (the newest 500, oldest first), the applied plan, the authority report. 404 outside the scope.
   */
  async detail(em: Em, actor: Actor, t: TenantInfo, id: string): Promise<IncidentDetail> {
    const fresh = em.fork();
    const i = await this.visible(fresh, actor, id);
    const d = await this.detailOf(fresh, t, i);
    // Outside the desk (enterprise users, inspectors): the public part only.
    if (can(actor.role, 'incidents.read') || actor.role === 'api_client') return d;
    return redactIncidentDetail(d, { userId: actor.userId, enterpriseId: actor.enterpriseId ?? null });
  }

  /** The detail of a row already read (no scope check: the caller did it). */
  async detailOf(em: Em, t: TenantInfo, i: Incident): Promise<IncidentDetail> {
    const now = new Date();
    const [dto] = await this.dtos(em, t, [i], now);
    const [checklist, events, linkage, plan, closer] = await Promise.all([
      em.find(IncidentChecklistItem, { incidentId: i.id }, { orderBy: { order: 'asc', dueAt: 'asc' } }),
      em.find(IncidentEvent, { incidentId: i.id }, { orderBy: { at: 'desc', id: 'desc' }, limit: TIMELINE_LIMIT }),
      this.linkage(em, i.id),
      i.responsePlanId ? em.findOne(ResponsePlan, { id: i.responsePlanId }) : Promise.resolve(null),
      i.closedBy ? em.findOne(User, { id: i.closedBy }, { fields: ['name'] }) : Promise.resolve(null),
    ]);
    return {
      ...dto!,
      checklist: checklist.map((c) => checklistDto(c, now)),
      dispatches: linkage.dispatches,
      equipment: linkage.equipment,
      warnings: linkage.warnings,
      events: events.reverse().map(eventDto),
      plan: plan ? (await planDto(em, [plan]))[0]! : null,
      authorityReport: (i.authorityReport as AuthorityReport | null) ?? null,
      closedByName: closer?.name ?? null,
      fileIds: i.fileIds ?? [],
    };
  }

  /** The incident list: filters of IncidentsQuery, newest first, keyset cursor (or page). */
  async list(em: Em, actor: Actor, t: TenantInfo, q: IncidentsQuery, lang: 'zh-CN' | 'en') {
    const where: Record<string, unknown>[] = [incidentScope(actor)];
    if (q.status === 'open') where.push({ status: { $in: [...INCIDENT_OPEN_STATUSES] } });
    else if (q.status !== 'all') where.push({ status: q.status });
    if (q.type) where.push({ type: q.type });
    if (q.drill === 'exclude') where.push({ isDrill: false });
    if (q.drill === 'only') where.push({ isDrill: true });
    if (q.enterpriseId) where.push({ enterpriseId: q.enterpriseId });
    if (q.from) where.push({ learnedAt: { $gte: new Date(q.from) } });
    if (q.to) where.push({ learnedAt: { $lt: new Date(q.to) } });
    if (q.q) {
      const like = `%${q.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
      where.push({ $or: [{ no: { $like: like } }, { address: { $like: like } }, { description: { $like: like } }] });
    }
    return this.#page(em, t, where, q, lang);
  }

  /** The caller's own incidents (reported by them, or of their enterprise), newest first. */
  async mine(em: Em, actor: Actor, t: TenantInfo, q: { page: number; pageSize: number; cursor?: string }, lang: 'zh-CN' | 'en') {
    const own: Record<string, unknown> =
      isEnterpriseRole(actor.role) && actor.enterpriseId
        ? { $or: [{ reporterUserId: actor.userId }, { enterpriseId: actor.enterpriseId }] }
        : { reporterUserId: actor.userId };
    return this.#page(em, t, [own], q, lang);
  }

  async #page(
    em: Em,
    t: TenantInfo,
    where: Record<string, unknown>[],
    q: { page: number; pageSize: number; cursor?: string },
    lang: 'zh-CN' | 'en',
  ) {
    const order: KeyOrder = { field: 'createdAt', dir: 'desc', idDir: 'desc', nullable: false, kind: 'date' };
    const { items, total, nextCursor } = await keysetPage(em, Incident, { $and: where }, order, q, lang);
    return { items: await this.dtos(em, t, items), total, page: q.page, pageSize: q.pageSize, totalCapped: false, nextCursor };
  }

  /**
   * Statistics of the incidents learned in [from, to): real ones and drills apart — totals, cancelled, by type, by
   * grade, by zone-local month, casualty totals, and the medians (minutes from learnedAt) to the first dispatch, the
   * first acknowledgement and the first arrival on scene.
   */
  async stats(em: Em, actor: Actor, t: TenantInfo, q: { from: string; to: string }): Promise<IncidentStats> {
    const rows = (await em.find(
      Incident,
      { $and: [incidentScope(actor), { learnedAt: { $gte: new Date(q.from), $lt: new Date(q.to) } }] } as never,
      {
        fields: [
          'id',
          'type',
          'status',
          'grade',
          'isDrill',
          'learnedAt',
          'deaths',
          'missing',
          'seriousInjuries',
          'minorInjuries',
          'directLossWan',
        ],
      },
    )) as unknown as Incident[];
    const firsts = new Map<string, { d: Date | null; a: Date | null; s: Date | null }>();
    const ids = rows.map((r) => r.id);
    for (let k = 0; k < ids.length; k += 1000) {
      const chunk = ids.slice(k, k + 1000);
      const res = (await em.getConnection().execute(
        `SELECT incident_id, MIN(dispatched_at) AS d, MIN(acknowledged_at) AS a, MIN(on_scene_at) AS s
           FROM incident_dispatches WHERE tenant_id = ? AND incident_id IN (${chunk.map(() => '?').join(',')})
           GROUP BY incident_id`,
        [t.id, ...chunk],
        'all',
      )) as Array<{ incident_id: string; d: unknown; a: unknown; s: unknown }>;
      const date = (v: unknown) => (v == null ? null : v instanceof Date ? v : new Date(`${String(v).replace(' ', 'T')}Z`));
      for (const r of res) firsts.set(r.incident_id, { d: date(r.d), a: date(r.a), s: date(r.s) });
    }
    const block = (list: Incident[]) => {
      const count = <K extends string>(key: (i: Incident) => K) => {
        const m = new Map<K, number>();
        for (const i of list) m.set(key(i), (m.get(key(i)) ?? 0) + 1);
        return m;
      };
      const mins = (pick: 'd' | 'a' | 's') =>
        list
          .map((i) => {
            const f = firsts.get(i.id)?.[pick];
            return f ? (f.getTime() - i.learnedAt.getTime()) / 60_000 : null;
          })
          .filter((x): x is number => x !== null && x >= 0);
      const byType = count((i) => i.type as IncidentType);
      const byGrade = count((i) => (i.grade ?? 'none') as AccidentGrade | 'none');
      const byMonth = count((i) => localDate(i.learnedAt, t.timeZone).slice(0, 7));
      return {
        total: list.length,
        cancelled: list.filter((i) => i.status === 'cancelled').length,
        byType: INCIDENT_TYPES.filter((x) => byType.has(x)).map((type) => ({ type, count: byType.get(type)! })),
        byGrade: [...ACCIDENT_GRADES, 'none' as const]
          .filter((g) => byGrade.has(g))
          .map((g) => ({ grade: g === 'none' ? null : g, count: byGrade.get(g)! })),
        byMonth: [...byMonth.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([month, n]) => ({ month, count: n })),
        medianMinutes: { toDispatch: median(mins('d')), toAck: median(mins('a')), toOnScene: median(mins('s')) },
        casualties: {
          deaths: list.reduce((s, i) => s + i.deaths, 0),
          missing: list.reduce((s, i) => s + i.missing, 0),
          seriousInjuries: list.reduce((s, i) => s + i.seriousInjuries, 0),
          minorInjuries: list.reduce((s, i) => s + i.minorInjuries, 0),
          directLossWan: Math.round(list.reduce((s, i) => s + num(i.directLossWan), 0) * 100) / 100,
        },
      };
    };
    return {
      from: new Date(q.from).toISOString(),
      to: new Date(q.to).toISOString(),
      real: block(rows.filter((r) => !r.isDrill)),
      drills: block(rows.filter((r) => r.isDrill)),
    };
  }

  // ---------------------------------------------------------------- changes

  #open(i: Incident): void {
    if (i.status === 'closed' || i.status === 'cancelled')
      throw wrongState(
        // The closed label already says 已结案: no second 已.
        `事件${i.status === 'closed' ? INCIDENT_STATUS_LABELS.closed.zh : '已取消'}，不能再修改`,
        `The incident is ${i.status}`,
      );
  }

  /** After a committed change: the realtime push and the fresh detail. */
  async #changed(em: Em, actor: Actor, t: TenantInfo, i: Incident, kind: string): Promise<IncidentDetail> {
    announceIncident(this.#c, t.id, { id: i.id, no: i.no, status: i.status, isDrill: i.isDrill, kind });
    return this.detail(em, actor, t, i.id);
  }

  /** Edits the facts (type, level, enterprise, place, description); the timeline says what changed. */
  async update(em: Em, actor: Actor, t: TenantInfo, id: string, body: UpdateIncidentRequest): Promise<IncidentDetail> {
    if (body.enterpriseId && !(await em.count(Enterprise, { id: body.enterpriseId }))) throw notFound('enterprise');
    const i = await this.#decide(em, actor, id, body.version, (i, tx) => {
      this.#open(i);
      const changes: Record<string, [unknown, unknown]> = {};
      const fields = ['type', 'level', 'enterpriseId', 'lat', 'lng', 'planX', 'planY', 'address', 'description'] as const;
      for (const f of fields) {
        const v = body[f];
        if (v === undefined) continue;
        const before = (i as unknown as Record<string, unknown>)[f] ?? null;
        if (before === v) continue;
        changes[f] = [before, v];
        (i as unknown as Record<string, unknown>)[f] = v;
      }
      if (body.level) i.severity = warningSeverity(body.level);
      if (!Object.keys(changes).length) return;
      const words: string[] = [];
      if (changes.type) words.push(`类型改为${INCIDENT_TYPE_LABELS[body.type!].zh}`);
      if (changes.level) words.push(`响应级别改为${WARNING_LEVEL_LABELS[body.level!].zh}`);
      if (changes.enterpriseId) words.push('涉事企业已更新');
      if (changes.lat || changes.lng || changes.planX || changes.planY || changes.address) words.push('位置已更新');
      if (changes.description) words.push('情况描述已更新');
      recordEvent(tx, { incidentId: i.id, kind: 'updated', actor, text: words.join('；'), data: { changes } });
    });
    return this.#changed(em, actor, t, i, 'updated');
  }

  /** 已控制: from reported or responding. */
  async controlled(em: Em, actor: Actor, t: TenantInfo, id: string, body: { version: number }): Promise<IncidentDetail> {
    const i = await this.#decide(em, actor, id, body.version, (i, tx) => {
      if (i.status !== 'reported' && i.status !== 'responding')
        throw wrongState(
          `当前状态为${INCIDENT_STATUS_LABELS[i.status as IncidentStatus].zh}，不能标记为已控制`,
          `Cannot mark a ${i.status} incident controlled`,
        );
      const before = i.status;
      i.status = 'controlled';
      i.controlledAt = new Date();
      recordEvent(tx, { incidentId: i.id, kind: 'status', actor, text: '事态已控制', data: { from: before, to: 'controlled' } });
    });
    return this.#changed(em, actor, t, i, 'status');
  }

  /**
   * 结案 with the summary, from any open status. A drill writes a Drill record (演练记录) into the involved
   * enterprise's file: the kind of the applied plan's EmergencyPlan record, else 专项 (special); participants = the
   * people dispatched. B's hooks (`onFinal`) stand down dispatches and release equipment in the same transaction.
   */
  async close(
    em: Em,
    actor: Actor,
    t: TenantInfo,
    id: string,
    body: { version: number; summary: string },
  ): Promise<IncidentDetail> {
    const pre = await this.visible(em, actor, id);
    const linkage = pre.isDrill ? await this.linkage(em, id) : null;
    const i = await this.#decide(em, actor, id, body.version, async (i, tx) => {
      this.#open(i);
      const before = i.status;
      i.status = 'closed';
      i.closedAt = new Date();
      i.closedBy = actor.actingAs?.platformUserId ?? actor.userId;
      i.summary = body.summary;
      i.clockStage = i.clockStage ?? null;
      for (const hook of this.onFinal) await hook(tx, i, actor);
      let drillNote = '';
      if (i.isDrill && i.enterpriseId) {
        const plan = i.responsePlanId ? await tx.findOne(ResponsePlan, { id: i.responsePlanId }) : null;
        const ep = plan?.enterprisePlanId ? await tx.findOne(EmergencyPlan, { id: plan.enterprisePlanId }) : null;
        const people = new Set((linkage?.dispatches ?? []).map((d) => d.userId)).size;
        const drill = tx.create(Drill, {
          enterpriseId: i.enterpriseId,
          planId: ep?.id ?? null,
          kind: ep?.kind ?? 'special',
          heldOn: localDate(i.learnedAt, t.timeZone),
          participants: people || null,
          summary: `${DRILL_PREFIX}${i.no} ${INCIDENT_TYPE_LABELS[i.type as IncidentType].zh}：${body.summary}`.slice(0, 500),
          fileIds: (i.fileIds ?? []).slice(0, 20),
        } as never);
        i.drillRecordId = drill.id;
        drillNote = '，演练记录已写入企业档案';
      }
      recordEvent(tx, {
        incidentId: i.id,
        kind: 'closed',
        actor,
        text: drillText(i.isDrill, `结案${drillNote}：${body.summary}`),
        data: { from: before, drillRecordId: i.drillRecordId ?? null },
      });
      emitEvent(tx, INCIDENT_CHANGED, { incidentId: i.id, action: 'closed' });
    });
    await cancelClock(this.#c, i.id);
    return this.#changed(em, actor, t, i, 'closed');
  }

  /** 误报/取消 with a reason, from reported or responding (a controlled incident is closed, not cancelled). */
  async cancel(
    em: Em,
    actor: Actor,
    t: TenantInfo,
    id: string,
    body: { version: number; reason: string },
  ): Promise<IncidentDetail> {
    const i = await this.#decide(em, actor, id, body.version, async (i, tx) => {
      if (i.status !== 'reported' && i.status !== 'responding')
        throw wrongState(
          `当前状态为${INCIDENT_STATUS_LABELS[i.status as IncidentStatus].zh}，不能取消`,
          `Cannot cancel a ${i.status} incident`,
        );
      const before = i.status;
      i.status = 'cancelled';
      i.cancelReason = body.reason;
      i.closedAt = new Date();
      i.closedBy = actor.actingAs?.platformUserId ?? actor.userId;
      for (const hook of this.onFinal) await hook(tx, i, actor);
      recordEvent(tx, {
        incidentId: i.id,
        kind: 'cancelled',
        actor,
        text: `取消（误报）：${body.reason}`,
        data: { from: before },
      });
      emitEvent(tx, INCIDENT_CHANGED, { incidentId: i.id, action: 'cancelled' });
    });
    await cancelClock(this.#c, i.id);
    return this.#changed(em, actor, t, i, 'cancelled');
  }

  /**
   * Casualties and loss (伤亡和直接经济损失): each figure a whole number 0..9999 (CASUALTY_LIMITS), the loss 0..10,000,000 万元 with
   * ≤ 2 decimals (else 422 naming the field). The grade is recomputed (条例 Art. 3; the missing are not counted).
   * After the authority report and within the follow-up window (Art. 13: 30 days, 7 for fire) a change tells the
   * safety office to make a 续报 (critical notice; the timeline marks it). Not for drills.
   */
  async casualties(em: Em, actor: Actor, t: TenantInfo, id: string, body: CasualtiesRequest): Promise<IncidentDetail> {
    const figures = {
      deaths: body.deaths,
      missing: body.missing,
      seriousInjuries: body.seriousInjuries,
      minorInjuries: body.minorInjuries,
      directLossWan: body.directLossWan,
    };
    const problem = casualtyProblem(figures);
    if (problem) throw unprocessable(problem.field, problem.zh, problem.en);
    let followUp = false;
    const i = await this.#decide(em, actor, id, body.version, (i, tx) => {
      if (i.status === 'cancelled') throw wrongState('事件已取消，不能填写伤亡', 'The incident is cancelled');
      const before = {
        ...figuresOf(i),
      };
      Object.assign(i, figures);
      i.grade = accidentGrade(figures);
      const after = { ...figures, grade: i.grade };
      const changed = (Object.keys(figures) as Array<keyof typeof figures>).some((k) => before[k] !== figures[k]);
      if (!changed && !body.note) return;
      followUp = changed && !i.isDrill && !!i.authorityReportedAt && !!i.followUpUntil && Date.now() <= i.followUpUntil.getTime();
      const words = `死亡 ${figures.deaths} 人，失踪 ${figures.missing} 人，重伤 ${figures.seriousInjuries} 人，轻伤 ${figures.minorInjuries} 人，直接经济损失 ${figures.directLossWan} 万元`;
      const gradeWords = i.grade ? `，${ACCIDENT_GRADE_WORDS[i.grade]}` : '';
      recordEvent(tx, {
        incidentId: i.id,
        kind: 'casualties',
        actor,
        text: `${words}${gradeWords}${followUp ? '（已上报后变化，需续报）' : ''}${body.note ? `。${body.note}` : ''}`,
        data: { before, after, followUp, note: body.note ?? null },
      });
    });
    if (followUp) {
      const users = await this.#usersWithRoles(em, OFFICE_ROLES);
      await this.#deps.notifications.notify(em, {
        userIds: users,
        kind: 'incident.followUp',
        title: `伤亡情况变化，请续报：${i.no}`,
        body: `${i.no}的伤亡或损失已变化（死亡 ${i.deaths} 人，失踪 ${i.missing} 人，重伤 ${i.seriousInjuries} 人），请于 ${localMinute(i.followUpUntil!, t.timeZone)} 前向应急管理部门续报。`,
        link: `/incidents/${i.id}`,
        severity: 'critical',
        dedupeKey: `incident:${i.id}:followup:${i.version}`,
      });
    }
    return this.#changed(em, actor, t, i, 'casualties');
  }

  /**
   * Records the report to the authority (事故报告, Art. 9) with the Art. 12 snapshot (unit, time and place, course,
   * casualties with the missing, measures taken) as it stood; sets the casualty follow-up window (Art. 13). A drill
   * is refused (422 演练不上报), a cancelled incident 409, a second report 409 (follow-ups are casualty changes).
   */
  async authorityReport(em: Em, actor: Actor, t: TenantInfo, id: string, body: AuthorityReportRequest): Promise<IncidentDetail> {
    const pre = await this.visible(em, actor, id);
    if (pre.isDrill) throw unprocessable('isDrill', '演练不上报应急管理部门', 'Drills are not reported to the authority');
    const reportedAt = new Date(body.reportedAt);
    if (reportedAt.getTime() < pre.occurredAt.getTime() - 60_000)
      throw unprocessable('reportedAt', '上报时间不能早于事件发生时间', 'Reported before the incident happened');
    const ent = pre.enterpriseId ? await em.findOne(Enterprise, { id: pre.enterpriseId }, { fields: ['name'] }) : null;
    const measures = await this.#measures(em, pre);
    const i = await this.#decide(em, actor, id, body.version, (i, tx) => {
      if (i.isDrill) throw unprocessable('isDrill', '演练不上报应急管理部门', 'Drills are not reported to the authority');
      if (i.status === 'cancelled') throw wrongState('事件已取消，无需上报', 'The incident is cancelled');
      if (i.authorityReportedAt) throw wrongState('已登记上报，伤亡变化请在伤亡情况中更新（续报）', 'Already reported');
      const clock = clockOf(t, i, reportedAt);
      const snapshot: AuthorityReport = {
        reportedAt: reportedAt.toISOString(),
        authority: body.authority,
        channel: body.channel,
        reporterName: body.reporterName,
        note: body.note ?? null,
        recordedBy: actor.userId,
        recordedByName: actorName(actor),
        fields: {
          unitName: ent?.name ?? t.name,
          occurredAt: i.occurredAt.toISOString(),
          place: i.address ?? (i.lat != null ? `${i.lat.toFixed(5)}, ${(i.lng ?? 0).toFixed(5)}` : '—'),
          type: i.type as IncidentType,
          description: i.description,
          ...figuresOf(i),
          measures,
        },
      };
      i.authorityReportedAt = reportedAt;
      i.authorityReport = snapshot;
      const c = reportingClock({
        learnedAt: i.learnedAt,
        occurredAt: i.occurredAt,
        type: i.type,
        now: reportedAt,
        authorityReportedAt: reportedAt,
        policyMinutes: incidentPolicyOf(t).authorityReportMinutes,
        timeZone: t.timeZone,
      });
      i.followUpUntil = c.casualtyFollowUpUntil;
      const late = c.onTime === false;
      recordEvent(tx, {
        incidentId: i.id,
        kind: 'authority_reported',
        actor,
        at: reportedAt,
        text: `${body.reporterName} 以${CHANNEL_WORDS[body.channel]}向${body.authority}报告${late ? `（已超过 ${incidentPolicyOf(t).authorityReportMinutes} 分钟时限）` : ''}`,
        data: { authority: body.authority, channel: body.channel, onTime: c.onTime, dueAt: clock.authorityDueAt },
      });
    });
    await cancelClock(this.#c, i.id);
    return this.#changed(em, actor, t, i, 'authority_reported');
  }

  /** The measures taken so far (Art. 12 (五)): the plan applied, steps done, people and units dispatched. */
  async #measures(em: Em, i: Incident): Promise<string> {
    const parts: string[] = [];
    const plan = i.responsePlanId ? await em.findOne(ResponsePlan, { id: i.responsePlanId }, { fields: ['title'] }) : null;
    if (plan) parts.push(`启动《${plan.title}》`);
    const done = await em.find(IncidentChecklistItem, { incidentId: i.id, doneAt: { $ne: null } }, { orderBy: { order: 'asc' } });
    if (done.length) parts.push(`已完成：${done.map((d) => d.action).join('；')}`);
    const l = await this.linkage(em, i.id);
    const people = l.dispatches.filter((d) => d.status !== 'stood_down' && d.status !== 'escalated');
    if (people.length) parts.push(`调派救援人员 ${people.length} 人`);
    if (l.equipment.length) parts.push(`出动器材 ${l.equipment.length} 件`);
    if (l.warnings.length) parts.push(`向下风向 ${l.warnings.length} 个单位发布预警`);
    return parts.join('；') || '已接警，正在核实';
  }

  /** A note (备注) or scene photos on the timeline; files must be the caller's to use. */
  async note(
    em: Em,
    actor: Actor,
    t: TenantInfo,
    id: string,
    body: { text: string; fileIds?: string[] },
  ): Promise<IncidentDetail> {
    const fileIds = body.fileIds ?? [];
    await this.#deps.files.assertUsable(em, actor, fileIds);
    const i = await this.#decide(em, actor, id, null, (i, tx) => {
      if (fileIds.length) i.fileIds = [...new Set([...(i.fileIds ?? []), ...fileIds])];
      recordEvent(tx, {
        incidentId: i.id,
        kind: fileIds.length ? 'photo' : 'note',
        actor,
        text: body.text,
        data: fileIds.length ? { fileIds } : null,
      });
    });
    return this.#changed(em, actor, t, i, 'note');
  }

  // ---------------------------------------------------------------- plans and checklist

  /** Active plans matching the incident's type and level: the enterprise's first, then the zone's. */
  async planProposals(em: Em, actor: Actor, id: string): Promise<{ items: ResponsePlanDto[] }> {
    const i = await this.visible(em, actor, id);
    const plans = await this.#deps.plans.matching(em, {
      enterpriseId: i.enterpriseId ?? null,
      type: i.type as IncidentType,
      level: i.level as WarningLevel,
    });
    return { items: await planDto(em, plans) };
  }

  /**
   * Applies a plan (启动预案): the checklist is rebuilt from its steps, each due at learnedAt + withinMinutes (steps
   * already ticked under the same key keep their tick). The plan must be active and of the zone or the incident's
   * enterprise (else 422).
   */
  async applyPlan(em: Em, actor: Actor, t: TenantInfo, id: string, planId: string): Promise<IncidentDetail> {
    const plan = await em.findOne(ResponsePlan, { id: planId });
    if (!plan) throw notFound('responsePlan');
    const i = await this.#decide(em, actor, id, null, async (i, tx) => {
      this.#open(i);
      if (!plan.active) throw unprocessable('planId', '该预案已停用', 'This plan is archived');
      if (plan.enterpriseId && plan.enterpriseId !== i.enterpriseId)
        throw unprocessable('planId', '该预案属于其他企业', 'This plan belongs to another enterprise');
      const old = await tx.find(IncidentChecklistItem, { incidentId: i.id });
      const kept = new Map(old.filter((o) => o.doneAt).map((o) => [o.stepKey, o]));
      for (const o of old) tx.remove(o);
      for (const s of [...plan.steps].sort((a, b) => a.order - b.order)) {
        const prev = kept.get(s.key);
        tx.create(IncidentChecklistItem, {
          incidentId: i.id,
          stepKey: s.key,
          order: s.order,
          who: s.who,
          role: s.role ?? null,
          action: s.action,
          dueAt: new Date(i.learnedAt.getTime() + s.withinMinutes * 60_000),
          doneAt: prev?.doneAt ?? null,
          doneBy: prev?.doneBy ?? null,
          doneByName: prev?.doneByName ?? null,
          note: prev?.note ?? null,
        } as never);
      }
      i.responsePlanId = plan.id;
      recordEvent(tx, {
        incidentId: i.id,
        kind: 'plan_applied',
        actor,
        text: `启动预案《${plan.title}》（${plan.steps.length} 个处置步骤）`,
        data: { planId: plan.id, version: plan.version },
      });
    });
    return this.#changed(em, actor, t, i, 'plan_applied');
  }

  /** Ticks (or unticks) a checklist step. 404 for a step of another incident. */
  async checklist(
    em: Em,
    actor: Actor,
    t: TenantInfo,
    id: string,
    itemId: string,
    body: { done: boolean; note?: string },
  ): Promise<IncidentDetail> {
    const i = await this.#decide(em, actor, id, null, async (i, tx) => {
      this.#open(i);
      const item = await tx.findOne(IncidentChecklistItem, { id: itemId, incidentId: i.id });
      if (!item) throw new AppError(404, 'not_found', lt('未找到该清单项', 'Checklist item not found'));
      if (body.done && !item.doneAt) {
        item.doneAt = new Date();
        item.doneBy = actor.userId;
        item.doneByName = actorName(actor);
      } else if (!body.done) {
        item.doneAt = null;
        item.doneBy = null;
        item.doneByName = null;
      }
      if (body.note !== undefined) item.note = body.note || null;
      const late = body.done && item.doneAt && item.doneAt.getTime() > item.dueAt.getTime();
      recordEvent(tx, {
        incidentId: i.id,
        kind: 'checklist_done',
        actor,
        text: `${body.done ? '完成' : '撤销完成'}：${item.action}${late ? '（超时）' : ''}${body.note ? `。${body.note}` : ''}`,
        data: { itemId: item.id, stepKey: item.stepKey, done: body.done },
      });
    });
    return this.#changed(em, actor, t, i, 'checklist_done');
  }

  /** The zone's open incidents (for the workbench and the command hall), newest first. */
  async open(em: Em, limit = 100): Promise<Incident[]> {
    return em.find(Incident, { status: { $in: [...INCIDENT_OPEN_STATUSES] } }, { orderBy: { learnedAt: 'desc' }, limit });
  }
}

const ACCIDENT_GRADE_WORDS: Record<AccidentGrade, string> = {
  especially_major: '特别重大事故',
  major: '重大事故',
  larger: '较大事故',
  general: '一般事故',
};
const CHANNEL_WORDS: Record<AuthorityReportRequest['channel'], string> = {
  phone: '电话',
  fax: '传真',
  online: '网上直报',
  document: '书面报告',
};
