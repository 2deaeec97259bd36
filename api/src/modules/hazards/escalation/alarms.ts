/**
 * Escalation alarms kept in the database, woken by bucketed BullMQ jobs (issue 8 §1).
 *
 * Each open hazard stores the instant of its next escalation stage (`hazards.next_escalation_at`, with the stage's
 * key in `next_escalation_stage`), indexed by (tenant, instant). Redis holds no job per hazard: it holds ONE
 * delayed job per (zone, instant) — a bucket — whose handler sweeps every hazard of the zone due at or before the
 * moment it runs (sweep.ts). Deadlines end at local midnight and stage offsets are fixed per zone, so thousands of
 * hazards share a handful of instants and a burst costs one queue handover instead of one per hazard.
 *
 * Writers of an alarm (the sweep after firing, the hazard-changed subscriber, the reconciler) compare-and-set it on
 * the row as they read it (alarm, deadline, status, grade): a writer that computed from an older state loses.
 */
import { collapsePastStages, escalationPlan, pendingStages, type PlannedStage } from '@yuanan/domain';
import type { HazardStatus } from '@yuanan/contracts';
import type { Container } from '../../../core/container.ts';
import type { Em } from '../../../core/db/orm.ts';
import type { TenantInfo } from '../../../core/tenancy/tenant-directory.ts';
import type { Hazard } from '../hazard.entity.ts';

/** Statuses whose deadline escalates. */
export const ESCALATING: readonly HazardStatus[] = ['confirmed', 'rectifying'];

/** The BullMQ job that wakes a bucket (catalogued on the 'timers' queue). */
export const BUCKET_JOB = 'hazard.escalate';

/**
 * Alarms already due when they are set go to the next point of this grid strictly after "now" (ms): a bucket job
 * that is running (its id still taken in BullMQ) can never be the one a newly due hazard is added to, since it
 * started at or before "now". It also coalesces a burst of due-now alarms into a few jobs.
 */
export const DUE_NOW_GRID_MS = 100;

/** After a sweep that fired anything, one more bucket this long later catches rows a skewed clock put behind it. */
export const TAIL_SWEEP_MS = 2000;

/** The alarm-relevant state of a hazard row, as read (also the compare-and-set guard of a write). */
export interface AlarmRow {
  id: string;
  deadline: Date | null;
  status: HazardStatus;
  grade: Hazard['grade'];
  nextEscalationAt: Date | null;
  nextEscalationStage: string | null;
}

/** A hazard's next alarm: the instant and the stage key; null when no stage is left. */
export interface Alarm {
  at: Date;
  stage: string;
}

/** A date column read by a raw query (the connection runs in UTC; a driver that answers text gives the same instant). */
export function sqlDate(v: unknown): Date | null {
  if (v == null) return null;
  return v instanceof Date ? v : new Date(`${String(v).replace(' ', 'T')}Z`);
}

/** The fired-effect key of one stage of one deadline of a hazard (the claim; also the notification's dedupe key). */
export const stageKey = (hazardId: string, deadline: Date, stage: string) => `hazard:${hazardId}:${deadline.getTime()}:${stage}`;

/** A hazard's plan under its zone's policy (packages/domain `escalationPlan`). */
export function planOf(t: TenantInfo, h: Pick<Hazard, 'deadline' | 'grade'>): PlannedStage[] {
  return escalationPlan(h.deadline!, t.settings.escalationPolicy.stages, {
    major: h.grade === 'major',
    majorStartsHigher: t.settings.escalationPolicy.majorStartsHigher,
  });
}

/**
 * The alarm a hazard needs given the stage keys already fired for its deadline: the next pending stage after
 * collapsing those already past (`collapsePastStages`: when several are past, the alarm is the latest of them and is
 * due now). Null when the hazard does not escalate (status, no deadline) or every stage has fired.
 */
export function alarmFor(
  t: TenantInfo,
  h: Pick<AlarmRow, 'deadline' | 'status' | 'grade'>,
  fired: Iterable<string>,
  now: Date,
): Alarm | null {
  if (!h.deadline || !ESCALATING.includes(h.status)) return null;
  const { next } = collapsePastStages(pendingStages(planOf(t, h), fired), now);
  return next ? { at: next.fireAt, stage: next.key } : null;
}

/** The alarm after a sweep at `now`: the first stage of the plan strictly later than `now` (the past ones are done). */
export function alarmAfter(t: TenantInfo, h: Pick<AlarmRow, 'deadline' | 'status' | 'grade'>, now: Date): Alarm | null {
  if (!h.deadline || !ESCALATING.includes(h.status)) return null;
  const next = planOf(t, h).find((s) => s.fireAt.getTime() > now.getTime());
  return next ? { at: next.fireAt, stage: next.key } : null;
}

const sameAlarm = (a: Alarm | null, h: Pick<AlarmRow, 'nextEscalationAt' | 'nextEscalationStage'>) =>
  (a?.at.getTime() ?? null) === (h.nextEscalationAt?.getTime() ?? null) && (a?.stage ?? null) === h.nextEscalationStage;

/**
 * Sets many hazards' alarms, each row compare-and-set on the state it was computed from (`seen`: alarm, deadline,
 * status, grade): a row changed meanwhile keeps what its change set. One `UPDATE … WHERE id IN (…)` per 500 rows in
 * id order (so two writers lock rows in the same order and cannot deadlock each other); rows that share their seen
 * state and new alarm (a burst: the same deadline, stage and next stage) share one condition and one CASE branch.
 * Plain SQL (MariaDB, MySQL 8, TiDB). Returns how many rows matched their seen state.
 */
export async function writeAlarms(
  em: Em,
  tenantId: string,
  changes: Array<{ seen: AlarmRow; alarm: Alarm | null }>,
): Promise<number> {
  const sorted = [...changes].sort((a, b) => (a.seen.id < b.seen.id ? -1 : a.seen.id > b.seen.id ? 1 : 0));
  const conn = em.getConnection();
  const ctx = em.getTransactionContext();
  let changed = 0;
  for (let i = 0; i < sorted.length; i += 500) {
    const groups = new Map<string, { seen: AlarmRow; alarm: Alarm | null; ids: string[] }>();
    for (const { seen, alarm } of sorted.slice(i, i + 500)) {
      const key = [
        seen.nextEscalationAt?.getTime(),
        seen.deadline?.getTime(),
        seen.status,
        seen.grade,
        alarm?.at.getTime(),
        alarm?.stage,
      ].join('|');
      const g = groups.get(key) ?? groups.set(key, { seen, alarm, ids: [] }).get(key)!;
      g.ids.push(seen.id);
    }
    const gs = [...groups.values()];
    const inList = (ids: string[]) => `id IN (${ids.map(() => '?').join(', ')})`;
    const params: unknown[] = [];
    const atCase = gs.map((g) => (params.push(...g.ids, g.alarm?.at ?? null), `WHEN ${inList(g.ids)} THEN ?`)).join(' ');
    const stageCase = gs.map((g) => (params.push(...g.ids, g.alarm?.stage ?? null), `WHEN ${inList(g.ids)} THEN ?`)).join(' ');
    const all = sorted.slice(i, i + 500).map((c) => c.seen.id);
    params.push(tenantId, ...all);
    const guard = gs
      .map((g) => {
        params.push(...g.ids, g.seen.nextEscalationAt, g.seen.deadline, g.seen.status, g.seen.grade ?? null);
        return `(${inList(g.ids)} AND next_escalation_at <=> ? AND deadline <=> ? AND status = ? AND grade <=> ?)`;
      })
      .join(' OR ');
    const r = (await conn.execute(
      `UPDATE hazards SET next_escalation_at = CASE ${atCase} END, next_escalation_stage = CASE ${stageCase} END
        WHERE tenant_id = ? AND ${inList(all)} AND (${guard})`,
      params,
      'run',
      ctx,
    )) as { affectedRows?: number };
    changed += r.affectedRows ?? 0;
  }
  return changed;
}

/** Runs `fn` again (up to `attempts` times in all) when the database chose it as a deadlock victim or its lock wait timed out. */
export async function retryOnDeadlock<T>(fn: () => Promise<T>, attempts = 4): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (i >= attempts || (code !== 'ER_LOCK_DEADLOCK' && code !== 'ER_LOCK_WAIT_TIMEOUT')) throw e;
      await new Promise((r) => setTimeout(r, 20 * i + Math.random() * 50));
    }
  }
}

/** The bucket instant (ms) that wakes an alarm due at `at`: itself when in the future, else the next due-now grid point. */
export function bucketSlot(at: number, now = Date.now()): number {
  return at > now ? at : Math.floor(now / DUE_NOW_GRID_MS) * DUE_NOW_GRID_MS + DUE_NOW_GRID_MS;
}

/** The deterministic id of a zone's bucket job (BullMQ ignores an add whose id it still holds). */
export const bucketJobId = (tenantId: string, slot: number) => `hazard-bucket.${tenantId}.${slot}`;

/**
 * Makes sure a bucket job exists for each instant (ms) of one zone: one pipelined `addBulk` per 1,000 distinct
 * slots. Call it after the alarms are committed (a bucket that runs first would not see them). Returns the number
 * of distinct slots asked for.
 */
export async function ensureBuckets(c: Container, tenantId: string, instants: Iterable<number>): Promise<number> {
  const now = Date.now();
  const slots = [...new Set([...instants].map((at) => bucketSlot(at, now)))].sort((a, b) => a - b);
  const jobs = slots.map((slot) => ({
    name: BUCKET_JOB,
    data: { tenantId, at: slot },
    opts: {
      jobId: bucketJobId(tenantId, slot),
      delay: Math.max(0, slot - Date.now()),
      // The alarms live in the database: a finished bucket is worth nothing, and its id must be free again.
      removeOnComplete: true,
    },
  }));
  for (let i = 0; i < jobs.length; i += 1000) await c.queues.queue('timers').addBulk(jobs.slice(i, i + 1000));
  return slots.length;
}

const ALARM_COLUMNS = 'id, deadline, status, grade, next_escalation_at, next_escalation_stage';

/** Maps a raw `ALARM_COLUMNS` row. */
export function alarmRow(r: Record<string, unknown>): AlarmRow {
  return {
    id: String(r.id),
    deadline: sqlDate(r.deadline),
    status: r.status as HazardStatus,
    grade: (r.grade ?? null) as Hazard['grade'],
    nextEscalationAt: sqlDate(r.next_escalation_at),
    nextEscalationStage: r.next_escalation_stage == null ? null : String(r.next_escalation_stage),
  };
}

/** The alarm state of some hazards of one zone (chunks of 1,000). */
export async function loadAlarmRows(em: Em, tenantId: string, ids: string[]): Promise<AlarmRow[]> {
  const out: AlarmRow[] = [];
  for (let i = 0; i < ids.length; i += 1000) {
    const part = ids.slice(i, i + 1000);
    const rows = (await em
      .getConnection()
      .execute(
        `SELECT ${ALARM_COLUMNS} FROM hazards WHERE tenant_id = ? AND id IN (${part.map(() => '?').join(', ')})`,
        [tenantId, ...part],
        'all',
        em.getTransactionContext(),
      )) as Array<Record<string, unknown>>;
    out.push(...rows.map(alarmRow));
  }
  return out;
}

/**
 * Recomputes the alarms of some hazards of zone `t` from their state, the zone's policy and the stages already
 * fired (one read of `fired_effects` per 2,000 keys, only for hazards with a stage already past), writes those that
 * differ (compare-and-set) and makes sure their buckets exist. For the hazard-changed subscriber and the reconciler.
 * Returns how many of `rows` have an alarm.
 */
export async function rescheduleAlarms(c: Container, em: Em, t: TenantInfo, rows: AlarmRow[]): Promise<number> {
  const now = new Date();
  // Only a hazard with a stage already past needs to know which fired; the others' next stage is their first.
  const keys = rows.flatMap((h) =>
    h.deadline && ESCALATING.includes(h.status)
      ? planOf(t, h)
          .filter((s) => s.fireAt.getTime() <= now.getTime())
          .map((s) => stageKey(h.id, h.deadline!, s.key))
      : [],
  );
  const fired = new Set<string>();
  for (let i = 0; i < keys.length; i += 2000) {
    const part = keys.slice(i, i + 2000);
    const found = (await em
      .getConnection()
      .execute(
        `SELECT \`key\` FROM fired_effects WHERE tenant_id = ? AND \`key\` IN (${part.map(() => '?').join(', ')})`,
        [t.id, ...part],
        'all',
        em.getTransactionContext(),
      )) as Array<{ key: string }>;
    for (const f of found) fired.add(f.key);
  }
  const changes: Array<{ seen: AlarmRow; alarm: Alarm | null }> = [];
  const instants = new Set<number>();
  let withAlarm = 0;
  for (const h of rows) {
    const done = h.deadline ? planOf(t, h).filter((s) => fired.has(stageKey(h.id, h.deadline!, s.key))) : [];
    const alarm = alarmFor(
      t,
      h,
      done.map((s) => s.key),
      now,
    );
    if (alarm) {
      withAlarm++;
      instants.add(alarm.at.getTime());
    }
    if (!sameAlarm(alarm, h)) changes.push({ seen: h, alarm });
  }
  if (changes.length) await retryOnDeadlock(() => writeAlarms(em, t.id, changes));
  // Also for unchanged alarms: after a Redis loss this is what re-creates their buckets.
  if (instants.size) await ensureBuckets(c, t.id, instants);
  return withAlarm;
}

/**
 * Rebuilds zone `t`'s alarms and buckets from the database (worker start, the periodic reconcile, after a Redis
 * loss): clears the alarms of hazards that no longer escalate, recomputes every escalating hazard's (pages of
 * 1,000 by id) and ensures a bucket per distinct instant; a bucket already due sweeps at once (the safety sweep of
 * alarms a lost job or a race left behind). Returns the number of hazards with an alarm.
 */
export async function reconcileAlarms(c: Container, em: Em, t: TenantInfo): Promise<number> {
  const conn = em.getConnection();
  // Alarms of hazards that no longer escalate (changed without their event, e.g. in bulk): cleared by id,
  // compare-and-set like every alarm write (an UPDATE over the index range would lock it against the sweeps).
  for (;;) {
    const stale = (
      (await conn.execute(
        `SELECT ${ALARM_COLUMNS} FROM hazards WHERE tenant_id = ? AND next_escalation_at IS NOT NULL AND (status NOT IN (${ESCALATING.map(() => '?').join(', ')}) OR deadline IS NULL) LIMIT 1000`,
        [t.id, ...ESCALATING],
        'all',
      )) as Array<Record<string, unknown>>
    ).map(alarmRow);
    if (!stale.length) break;
    const cleared = await retryOnDeadlock(() =>
      writeAlarms(
        em,
        t.id,
        stale.map((seen) => ({ seen, alarm: null })),
      ),
    );
    if (!cleared) break; // all changed meanwhile: their writers own them
  }
  let n = 0;
  let after = '';
  for (;;) {
    const rows = (
      (await conn.execute(
        `SELECT ${ALARM_COLUMNS} FROM hazards WHERE tenant_id = ? AND status IN (${ESCALATING.map(() => '?').join(', ')}) AND deadline IS NOT NULL AND id > ? ORDER BY id LIMIT 1000`,
        [t.id, ...ESCALATING, after],
        'all',
      )) as Array<Record<string, unknown>>
    ).map(alarmRow);
    if (!rows.length) break;
    n += await rescheduleAlarms(c, em, t, rows);
    after = rows.at(-1)!.id;
  }
  return n;
}
