/**
 * The sweep a bucket job runs: every hazard of one zone whose alarm (`next_escalation_at`) is due, read from the
 * alarm index in pages and fired with set-based work per page (see alarms.ts for the alarm model).
 */
import {
  collapsePastStages,
  escalationChainFrom,
  ESCALATION_LEVEL_LABELS,
  localDate,
  stageLabel,
  type EscalationLevel,
  type PlannedStage,
} from '@yuanan/domain';
import { HAZARD_STATUS_LABELS } from '@yuanan/contracts';
import type { Container } from '../../../core/container.ts';
import { auditCreates, insertRows, type SqlValue } from '../../../core/db/bulk-write.ts';
import { uuidv7 } from '../../../core/db/ids.ts';
import { tenantEm, type Em } from '../../../core/db/orm.ts';
import { runInScope } from '../../../core/context/request-scope.ts';
import { claimEffects } from '../../../core/queue/claim-effects.ts';
import { emitEvent } from '../../../core/queue/outbox.ts';
import type { TenantInfo } from '../../../core/tenancy/tenant-directory.ts';
import { INPUTS_CHANGED } from '../../enterprises/enterprise.service.ts';
import type { NotificationRow, NotificationService, NotifyInput } from '../../notifications/notification.service.ts';
import { escalationProfile, timed } from '../escalation-profile.ts';
import { recipientDirectory, type RecipientDirectory } from '../hazard-recipients.ts';
import {
  alarmAfter,
  alarmRow,
  ensureBuckets,
  ESCALATING,
  planOf,
  retryOnDeadlock,
  stageKey,
  TAIL_SWEEP_MS,
  writeAlarms,
  type Alarm,
  type AlarmRow,
} from './alarms.ts';

/** Hazards read and fired per page (one transaction each). */
export const SWEEP_PAGE = 500;
/** Pages in flight at once per sweep: one commits while the next is read and prepared. */
export const SWEEP_PAGES_IN_FLIGHT = 2;
/** A pass that fired anything is followed by another (rows that fell due meanwhile), at most this many in a row. */
const MAX_PASSES = 4;

/** A due hazard as the sweep reads it: its alarm state and what a notification says about it. */
export interface DueHazard extends AlarmRow {
  enterpriseId: string;
  responsibleUserId: string | null;
  code: string;
  description: string;
}

/** What one sweep did. */
export interface SweepResult {
  /** Stages fired (each claimed by this sweep). */
  fired: number;
  /** Due rows whose latest stage another sweep had claimed already. */
  alreadyFired: number;
  /** Due rows that no longer escalate or whose stage moved (alarm cleared or moved, nothing fired). */
  rescheduled: number;
  passes: number;
}

/** Everything a sweep needs from the process. */
export interface SweepDeps {
  c: Container;
  notifications: NotificationService;
  /** Called after each committed page: the zone's audit chain is built once the burst pauses. */
  chainAudit: (tenantId: string) => void;
}

/**
 * Test seam: awaited after each page is read, before it is fired (e.g. to change the data while a sweep runs).
 * Production leaves it unset.
 */
export const sweepHooks: {
  afterRead?: (tenantId: string, rows: DueHazard[]) => Promise<void>;
  /** Awaited when a sweep has read its last (empty) page, before it schedules what follows and returns. */
  afterLastPass?: (tenantId: string, result: SweepResult) => Promise<void>;
} = {};

const DUE_COLUMNS =
  'id, deadline, status, grade, next_escalation_at, next_escalation_stage, enterprise_id, responsible_user_id, code, description';

function dueRow(r: Record<string, unknown>): DueHazard {
  return {
    ...alarmRow(r),
    enterpriseId: String(r.enterprise_id),
    responsibleUserId: r.responsible_user_id == null ? null : String(r.responsible_user_id),
    code: String(r.code),
    description: String(r.description),
  };
}

/**
 * One page of the zone's due alarms in (instant, id) order after `cursor`, from the (tenant_id,
 * next_escalation_at) index (InnoDB's secondary index ends with the primary key, so the order is the index's).
 */
async function readDue(
  em: Em,
  tenantId: string,
  upTo: Date,
  cursor: { at: Date; id: string } | null,
  limit: number,
): Promise<DueHazard[]> {
  const rows = (await em
    .getConnection()
    .execute(
      `SELECT ${DUE_COLUMNS} FROM hazards WHERE tenant_id = ? AND next_escalation_at <= ?${
        cursor ? ' AND (next_escalation_at > ? OR (next_escalation_at = ? AND id > ?))' : ''
      } ORDER BY next_escalation_at, id LIMIT ${Number(limit)}`,
      [tenantId, upTo, ...(cursor ? [cursor.at, cursor.at, cursor.id] : [])],
      'all',
    )) as Array<Record<string, unknown>>;
  return rows.map(dueRow);
}

const running = new Map<string, { again: boolean; done: Promise<SweepResult> }>();

/**
 * Sweeps zone `tenantId` now. Within a process one sweep per zone runs at a time: a request that arrives while one
 * runs makes it pass once more instead of starting a second (both callers get the combined result). Sweeps in
 * other processes may overlap this one; the claims keep each stage fired once (`sweepZone`).
 */
export function requestSweep(deps: SweepDeps, tenantId: string): Promise<SweepResult> {
  const cur = running.get(tenantId);
  if (cur) {
    cur.again = true;
    return cur.done;
  }
  const state = { again: true, done: Promise.resolve<SweepResult>({ fired: 0, alreadyFired: 0, rescheduled: 0, passes: 0 }) };
  state.done = (async () => {
    const total: SweepResult = { fired: 0, alreadyFired: 0, rescheduled: 0, passes: 0 };
    try {
      while (state.again) {
        state.again = false;
        const r = await sweepZone(deps, tenantId);
        total.fired += r.fired;
        total.alreadyFired += r.alreadyFired;
        total.rescheduled += r.rescheduled;
        total.passes += r.passes;
      }
      return total;
    } finally {
      running.delete(tenantId);
    }
  })();
  running.set(tenantId, state);
  return state.done;
}

/**
 * Fires every alarm of zone `tenantId` due now: passes over the alarm index in pages of SWEEP_PAGE (keyset, up to
 * SWEEP_PAGES_IN_FLIGHT pages at once), each page fired in one transaction (`firePage`); a pass that did anything is
 * followed by another (alarms that fell due meanwhile), up to MAX_PASSES. A page that fails is retried row by row
 * so one bad hazard fails alone; the sweep then throws (its bucket job retries) after firing everything else.
 * Safe to run concurrently with itself (other processes): stages are claimed once, alarms are compare-and-set.
 */
export async function sweepZone(deps: SweepDeps, tenantId: string): Promise<SweepResult> {
  const t = await deps.c.tenants.byId(tenantId);
  const out: SweepResult = { fired: 0, alreadyFired: 0, rescheduled: 0, passes: 0 };
  if (!t || t.status !== 'active') return out;
  const em = tenantEm(deps.c.orm, t.id);
  const failures: unknown[] = [];
  const nextInstants = new Set<number>();
  const publishing: Array<Promise<unknown>> = [];
  const add = (r: PageResult) => {
    publishing.push(r.published);
    out.fired += r.fired;
    out.alreadyFired += r.alreadyFired;
    out.rescheduled += r.rescheduled;
    for (const at of r.nextInstants) nextInstants.add(at);
  };
  const runPage = async (rows: DueHazard[]) => {
    try {
      // A deadlock (a user's transition, a reconcile, another sweep on the same rows) rolls the page back: again.
      add(await retryOnDeadlock(() => firePage(deps, t, rows), 3));
    } catch (e) {
      if (rows.length === 1) {
        failures.push(e);
        deps.c.logger.warn({ err: e, tenantId, hazardId: rows[0]!.id }, 'escalation failed');
        return;
      }
      for (const r of rows) await runPage([r]);
    }
  };
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    out.passes++;
    const upTo = new Date();
    let cursor: { at: Date; id: string } | null = null;
    let seen = 0;
    const inFlight = new Set<Promise<void>>();
    for (;;) {
      const started = performance.now();
      const rows = await readDue(em, t.id, upTo, cursor, SWEEP_PAGE);
      escalationProfile.add('load', performance.now() - started, rows.length);
      if (!rows.length) break;
      seen += rows.length;
      const last = rows.at(-1)!;
      cursor = { at: last.nextEscalationAt!, id: last.id };
      if (sweepHooks.afterRead) await sweepHooks.afterRead(t.id, rows);
      const p = runPage(rows).finally(() => inFlight.delete(p));
      inFlight.add(p);
      if (inFlight.size >= SWEEP_PAGES_IN_FLIGHT) await Promise.race(inFlight);
      if (rows.length < SWEEP_PAGE) break;
    }
    await Promise.all(inFlight);
    if (!seen) break;
  }
  await Promise.all(publishing);
  if (sweepHooks.afterLastPass) await sweepHooks.afterLastPass(t.id, out);
  // The next alarms' buckets (usually one instant for a whole burst), after their rows are committed.
  if (nextInstants.size) await timed('schedule', out.fired, () => ensureBuckets(deps.c, t.id, nextInstants));
  if (out.fired) await ensureBuckets(deps.c, t.id, [Date.now() + TAIL_SWEEP_MS]);
  if (failures.length) throw new AggregateError(failures, `${failures.length} escalation(s) of zone ${t.code} failed`);
  return out;
}

interface PageResult {
  /** Settles when the page's notifications are pushed and handed to their channels (never rejects). */
  published: Promise<unknown>;
  fired: number;
  alreadyFired: number;
  rescheduled: number;
  nextInstants: number[];
}

/** The audit diff of a timeline row written set-based: the entity's fields, as the ORM's recorder writes them. */
function eventDiff(e: Record<string, SqlValue>): Record<string, unknown> {
  const iso = (v: SqlValue) => (v instanceof Date ? v.toISOString() : v);
  return {
    id: e.id,
    createdAt: iso(e.created_at!),
    updatedAt: iso(e.updated_at!),
    tenantId: e.tenant_id,
    hazardId: e.hazard_id,
    action: e.action,
    fromStatus: e.from_status,
    toStatus: e.to_status,
    actorId: null,
    actorName: e.actor_name,
    role: null,
    comment: e.comment,
    photoIds: [],
    lat: null,
    lng: null,
    at: iso(e.at!),
  };
}

/** A stage that fires for a due hazard: its claim key, the stage, and the earlier past stages it supersedes. */
interface Firing {
  h: DueHazard;
  key: string;
  fire: PlannedStage;
  superseded: PlannedStage[];
}

/**
 * What a page's due rows need at `now` (pure): per hazard its next alarm (or none), and — for a hazard still
 * escalating whose latest past stage is due — the stage that fires, with the earlier past ones it supersedes
 * (`collapsePastStages`). A row that no longer escalates, or whose stage moved with the policy or deadline, only
 * has its alarm moved (`rescheduled`).
 */
export function planFirings(
  t: TenantInfo,
  rows: DueHazard[],
  now: Date,
): { firings: Firing[]; alarms: Array<{ seen: DueHazard; alarm: Alarm | null }>; rescheduled: number } {
  const firings: Firing[] = [];
  const alarms: Array<{ seen: DueHazard; alarm: Alarm | null }> = [];
  let rescheduled = 0;
  for (const h of rows) {
    alarms.push({ seen: h, alarm: alarmAfter(t, h, now) });
    if (!h.deadline || !ESCALATING.includes(h.status)) {
      rescheduled++;
      continue;
    }
    const { next, superseded } = collapsePastStages(planOf(t, h), now);
    if (!next || next.fireAt.getTime() > now.getTime()) {
      rescheduled++;
      continue;
    }
    firings.push({ h, key: stageKey(h.id, h.deadline, next.key), fire: next, superseded });
  }
  return { firings, alarms, rescheduled };
}

/**
 * One claimed firing as its notification and timeline row (pure): up the chain until someone is reached (an
 * enterprise without accounts hands over to its grid worker: `escalationChainFrom`), the recipients notified once
 * (dedupe key = the claim), the timeline saying who was told, who could not be, and which superseded stages it
 * stands for. `superseded` are the stages this sweep claimed; `date` formats a deadline on the zone's calendar.
 */
export function composeFiring(
  t: TenantInfo,
  f: Firing,
  superseded: PlannedStage[],
  dir: RecipientDirectory,
  now: Date,
  date: (d: Date) => string,
): { notify: NotifyInput | null; event: Record<string, SqlValue>; overdue: boolean } {
  const { h, fire } = f;
  const unreached: EscalationLevel[] = [];
  let level: EscalationLevel = fire.target;
  let users: string[] = [];
  for (const l of escalationChainFrom(fire.target)) {
    level = l;
    users = dir.at(h, l);
    if (users.length) break;
    unreached.push(l);
  }
  const offset = (s: PlannedStage) => Math.round((s.fireAt.getTime() - h.deadline!.getTime()) / 1000);
  const overdue = h.deadline!.getTime() <= now.getTime();
  const notify: NotifyInput | null = users.length
    ? {
        userIds: users,
        kind: overdue ? 'hazard.overdue' : 'hazard.reminder',
        title: overdue ? `隐患逾期未整改：${h.code}` : `隐患整改即将到期：${h.code}`,
        body: `${dir.enterpriseName(h.enterpriseId)}：${h.description.slice(0, 60)}（${h.grade === 'major' ? '重大隐患' : '一般隐患'}，期限 ${date(h.deadline!)}，${HAZARD_STATUS_LABELS[h.status]}）`,
        link: `/hazards/${h.id}`,
        severity: overdue ? (h.grade === 'major' ? 'critical' : 'warning') : 'info',
        dedupeKey: f.key,
      }
    : null;
  const who = users.length ? `已通知${ESCALATION_LEVEL_LABELS[level]}（${users.length} 人）` : '无人可通知（各级均无有效账号）';
  const gaps =
    unreached.length && users.length ? `${unreached.map((l) => ESCALATION_LEVEL_LABELS[l]).join('、')}无可通知人员，` : '';
  const merged = superseded.length ? `；已过时、不再单独发送：${superseded.map((s) => stageLabel(offset(s))).join('、')}` : '';
  const event: Record<string, SqlValue> = {
    id: uuidv7(),
    created_at: now,
    updated_at: now,
    tenant_id: t.id,
    hazard_id: h.id,
    action: 'escalated',
    from_status: h.status,
    to_status: h.status,
    actor_id: null,
    actor_name: '系统',
    role: null,
    comment: `${overdue ? '逾期升级' : '到期提醒'}（${stageLabel(offset(fire))}）：${gaps}${who}${merged}`.slice(0, 1000),
    photo_ids: '[]',
    lat: null,
    lng: null,
    at: now,
  };
  return { notify, event, overdue };
}

/** Outbox event of the hazards that went overdue in one sweep page (`{ hazardIds }`). */
export const HAZARD_OVERDUE = 'hazard.overdue';

/**
 * True when this firing is the hazard's overdue moment: the first stage of its plan at or after the deadline is the
 * one firing or one it supersedes now (fired once per deadline; a zone policy without such a stage never says so).
 */
function wentOverdueNow(t: TenantInfo, f: Firing, superseded: PlannedStage[]): boolean {
  const deadline = f.h.deadline!.getTime();
  const first = planOf(t, f.h).find((s) => s.fireAt.getTime() >= deadline);
  return !!first && (first.key === f.fire.key || superseded.some((s) => s.key === first.key));
}

/**
 * Fires one page of a zone's due hazards with set-based work: the firings are planned (`planFirings`), everyone
 * the chains can reach is resolved once, then in one transaction: one claim of all the stages' `fired_effects`
 * keys, each claimed firing composed (`composeFiring`), one multi-row insert each of notifications and timeline
 * entries (audited), one outbox event per enterprise that went overdue, one compare-and-set of the alarms. After
 * the commit: the live pushes and external channels (`published`, not awaited here). A throw rolls everything back.
 */
async function firePage(deps: SweepDeps, t: TenantInfo, rows: DueHazard[]): Promise<PageResult> {
  const { c, notifications } = deps;
  const em = tenantEm(c.orm, t.id);
  const scope = {
    requestId: `job:hazard.escalate:${uuidv7()}`,
    tenantId: t.id,
    em,
    actor: null,
    ip: null,
    userAgent: null,
    action: 'hazard.escalate',
  };
  return runInScope(scope, async () => {
    const n = rows.length;
    escalationProfile.add('batch', 0, n);
    const now = new Date();
    // Deadlines are shared by many hazards (they end at local midnight): format each once per page.
    const dates = new Map<number, string>();
    const dateOf = (d: Date) => dates.get(d.getTime()) ?? dates.set(d.getTime(), localDate(d, t.timeZone)).get(d.getTime())!;
    const { firings, alarms, rescheduled } = planFirings(t, rows, now);
    const dir = firings.length
      ? await timed('recipients', n, () =>
          recipientDirectory(
            em,
            firings.map((f) => f.h),
          ),
        )
      : null;
    const claimKeyOf = (f: Firing, s: PlannedStage) => stageKey(f.h.id, f.h.deadline!, s.key);
    const claimed = firings.flatMap((f) => [f.key, ...f.superseded.map((s) => claimKeyOf(f, s))]);
    let created: NotificationRow[] = [];
    let fired = 0;
    await timed('transaction', n, () =>
      em.transactional(async (tx) => {
        const ours = claimed.length ? await timed('claim', n, () => claimEffects(tx, claimed)) : new Set<string>();
        const inputs: NotifyInput[] = [];
        const events: Array<Record<string, SqlValue>> = [];
        const overdueEnterprises = new Set<string>();
        const wentOverdue: string[] = [];
        fired = 0;
        for (const f of firings) {
          if (!ours.has(f.key)) continue;
          fired++;
          const superseded = f.superseded.filter((s) => ours.has(claimKeyOf(f, s)));
          const { notify, event, overdue } = composeFiring(t, f, superseded, dir!, now, dateOf);
          if (notify) inputs.push(notify);
          events.push(event);
          if (overdue) overdueEnterprises.add(f.h.enterpriseId);
          if (overdue && wentOverdueNow(t, f, superseded)) wentOverdue.push(f.h.id);
        }
        // One recolouring per enterprise, however many of its hazards went overdue in this page.
        for (const enterpriseId of overdueEnterprises) emitEvent(tx, INPUTS_CHANGED, { enterpriseId, reason: 'hazard_overdue' });
        // The moment each hazard went overdue (its first stage at or after the deadline fired): webhooks' hazard.overdue.
        if (wentOverdue.length) emitEvent(tx, HAZARD_OVERDUE, { hazardIds: wentOverdue });
        created = inputs.length ? await timed('notify', n, () => notifications.insertMany(tx, inputs, { fresh: true })) : [];
        // The timeline, set-based like the notifications (and audited the same way).
        if (events.length)
          await timed('timeline', n, async () => {
            await insertRows(tx, 'hazard_events', events);
            await auditCreates(
              tx,
              'HazardEvent',
              events.map((e) => ({ id: String(e.id), scopeId: null, diff: eventDiff(e) })),
            );
          });
        // The next alarm of every row (compare-and-set: a hazard changed meanwhile keeps what its change set).
        await timed('alarms', n, () => writeAlarms(tx, t.id, alarms));
        await timed('write', n, () => tx.flush());
      }),
    );
    if (fired) deps.chainAudit(t.id);
    // The live pushes and external channels run beside the next page (the sweep waits for them before it ends).
    const published = created.length
      ? timed('publish', n, () => notifications.published(em.fork({ clear: true }), created)).catch((e: unknown) =>
          c.logger.warn({ err: e, tenantId: t.id }, 'escalation notifications committed but not published'),
        )
      : Promise.resolve();
    return {
      published,
      fired,
      alreadyFired: firings.length - fired,
      rescheduled,
      nextInstants: [...new Set(alarms.flatMap((a) => (a.alarm ? [a.alarm.at.getTime()] : [])))],
    };
  });
}
