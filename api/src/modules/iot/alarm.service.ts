/**
 * IoT alarms (design §5): the ThingsBoard model — one active alarm per device and type, acknowledged and cleared
 * independent, closed once handled (处置记录).
 *
 * - The rule engine's events (`applyRuleEvents`, one call per zone per ingest flush) are applied set-based in one
 *   transaction per phase: a multi-row `INSERT … ON DUPLICATE KEY UPDATE` on the unique (tenant, active_key) raises
 *   (a collision with the active alarm is a repeat: count + 1, last value, peak, level), updates and clears by row,
 *   and one multi-row insert of the timeline rows. The database key keeps alarms single however many processes
 *   evaluate a device at once.
 * - People's actions (ack, assign, clear, close) are compare-and-set on `version` under the row lock; the system's
 *   writes (repeat, level, clear, escalation, hazard link) never move `version` and never touch the columns people
 *   set, so an acknowledgement racing an automatic clear ends `cleared_ack` either way round.
 * - A second-level alarm (raised at level 2 or rising to it) of an enterprise's device opens a hazard in the same
 *   transaction (alarm-hazard.ts).
 */
import { IsolationLevel } from '@mikro-orm/core';
import {
  ALARM_SEVERITIES,
  IOT_QUANTITY_SPECS,
  NUISANCE_CAUSES,
  PERMISSIONS,
  REALTIME_EVENTS,
  alarmStatusOf,
  can,
  isEnterpriseRole,
  isHazardCause,
  type AlarmCause,
  type AlarmKind,
  type AlarmRuleCondition,
  type AlarmSeverity,
  type AlarmHandling,
  type IotAlarm as IotAlarmDto,
  type IotAlarmDetail,
  type IotAlarmPush,
  type IotAlarmPushAction,
  type IotAlarmStats,
  type IotAlarmsQuery,
  type IotDeviceType,
  type IotLatest,
  type IotQuantity,
  DEFAULT_ALARM_RULES,
  type AlarmRuleSet,
  type Role,
} from '@yuanan/contracts';
import type { RuleEvent } from '@yuanan/domain';
import { localDate } from '@yuanan/domain';
import type { Container } from '../../core/container.ts';
import { runInScope, type Actor } from '../../core/context/request-scope.ts';
import { auditCreates, insertRows } from '../../core/db/bulk-write.ts';
import { alreadyDecided, compareAndSet } from '../../core/db/compare-and-set.ts';
import { uuidv7 } from '../../core/db/ids.ts';
import { afterCursor, decodeCursor, cursorAfter, type KeyOrder } from '../../core/db/keyset.ts';
import { tenantEm, type Em } from '../../core/db/orm.ts';
import { retryOnLockConflict } from '../../core/db/retry.ts';
import { AppError, forbidden, notFound, t as lt } from '../../core/http/problem.ts';
import { iso, isoReq } from '../../core/http/serialize.ts';
import { emitEvent } from '../../core/queue/outbox.ts';
import { tenantKey } from '../../core/redis/redis.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import { Enterprise } from '../enterprises/enterprise.entity.ts';
import type { FileService } from '../files/file.service.ts';
import { Hazard } from '../hazards/hazard.entity.ts';
import type { HazardService } from '../hazards/hazard.service.ts';
import { User } from '../identity/identity.entity.ts';
import { initialEscalation, queueEscalation } from './alarm-escalation.ts';
import { IOT_SYSTEM_NAME, openAlarmHazard, type AlarmDeviceInfo } from './alarm-hazard.ts';
import { timelineActor, timelineComment } from './alarm-notices.ts';
import type { TextLang } from '../../core/i18n/stored-text.ts';
import { IotAlarm, IotAlarmEvent, IotDevice } from './iot.entity.ts';

/** Outbox event of an alarm change the worker acts on (notifications): `{ alarmId, action: 'raise' | 'level' | 'assign' }`. */
export const IOT_ALARM_CHANGED = 'iot.alarm.changed';
/** An alarm was cleared (readings back to normal, or by hand): `{ alarmId }`; its own type so the raise notices ignore it. */
export const IOT_ALARM_CLEARED = 'iot.alarm.cleared';

/** One rule event of a device, as the ingest pipeline hands it over (`ruleVersion`: the rule set that raised it). */
export type AlarmRuleEvent = RuleEvent & { deviceId: string; ruleVersion?: number | null };

/** What the ingest pipeline and the offline sweep call (helper B's `AlarmSink`). */
export interface AlarmSink {
  applyRuleEvents(tenant: TenantInfo, events: AlarmRuleEvent[]): Promise<void>;
  raiseOffline(tenant: TenantInfo, deviceIds: string[], at?: Date): Promise<void>;
  clearOffline(tenant: TenantInfo, deviceIds: string[], at?: Date): Promise<void>;
}

/** One change to apply: a rule event or an offline raise/clear, normalised. */
interface Change {
  deviceId: string;
  type: string;
  op: 'raise' | 'update' | 'clear';
  kind: AlarmKind;
  quantity: string | null;
  level: number | null;
  severity: AlarmSeverity;
  value: number | null;
  peak: number | null;
  ts: number;
  ruleVersion: number | null;
}

/** The alarm-relevant columns of an active row, as locked at the start of a phase. */
interface ActiveRow {
  id: string;
  active_key: string;
  level: number | null;
  severity: AlarmSeverity;
  hazard_id: string | null;
  kind: AlarmKind;
}

/** What a committed phase changed: pushes to send, escalation jobs to queue. */
interface PhaseOutcome {
  touched: Map<string, IotAlarmPushAction>;
  escalations: Array<{ alarmId: string; stage: string; at: Date }>;
  audited: boolean;
}

const STALE = lt('已被他人处理或状态已变化，请刷新后重试', 'Someone else handled it or its state changed: reload and try again');
const ALARM_NOT_FOUND = () => new AppError(404, 'not_found', lt('未找到该报警', 'Alarm not found'));
const OFFICE_ROLES: readonly string[] = ['zone_admin', 'safety_officer', 'platform_admin'];
/** Whether the actor may end an active alarm by hand (manual clear, close with forceClear): the safety office only. */
const mayForceClear = (actor: Actor) => OFFICE_ROLES.includes(actor.role) || !!actor.actingAs;

/** SQL: the higher of two severity expressions (critical > major > minor > warning). */
const SEVERITY_ORDER = ALARM_SEVERITIES.map((s) => `'${s}'`).join(', ');
const higherSeverity = (a: string, b: string) =>
  `IF(FIELD(${a}, ${SEVERITY_ORDER}) < FIELD(${b}, ${SEVERITY_ORDER}), ${a}, ${b})`;
/** The higher of two severities. */
const higherOf = (a: AlarmSeverity, b: AlarmSeverity) => (ALARM_SEVERITIES.indexOf(a) <= ALARM_SEVERITIES.indexOf(b) ? a : b);
/** SQL: the highest severity an alarm reached (rows written without peak_severity read as their severity). */
const PEAK_SEVERITY = 'COALESCE(peak_severity, severity)';

/** The derived status of an alarm row. */
const statusOf = (a: Pick<IotAlarm, 'clearedAt' | 'acknowledgedAt' | 'closedAt'>) =>
  alarmStatusOf({ clearedAt: a.clearedAt ?? null, acknowledgedAt: a.acknowledgedAt ?? null, closedAt: a.closedAt ?? null });
const numOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** A device's latest values as the pipeline stores them in Redis (null when missing or unreadable). */
function parseLatest(raw: string | null): IotLatest | null {
  if (!raw) return null;
  try {
    return JSON.parse(raw) as IotLatest;
  } catch {
    return null;
  }
}

/** `${deviceId}:${type}`: the unique key of the active alarm of a device and type. */
export const activeKeyOf = (deviceId: string, type: string) => `${deviceId}:${type}`;

/**
 * The roles an alarm is pushed to live (besides its enterprise's room): the office and grid workers (the monitoring
 * page), and every role that may open the command hall (its big screen follows alarms live).
 */
const PUSH_ROLES: readonly Role[] = [
  ...new Set<Role>(['zone_admin', 'safety_officer', 'grid_worker', ...PERMISSIONS['command_hall.view']]),
];

function fromRuleEvent(e: AlarmRuleEvent): Change {
  const [quantity, suffix] = e.type.split('.');
  const kind: AlarmKind = e.kind === 'raise' ? e.alarmKind : suffix === 'rate_of_rise' ? 'rate_of_rise' : 'threshold';
  const base = {
    deviceId: e.deviceId,
    type: e.type,
    kind,
    quantity: quantity ?? null,
    ts: e.ts,
    ruleVersion: e.ruleVersion ?? null,
  };
  if (e.kind === 'clear') return { ...base, op: 'clear', level: null, severity: 'warning', value: e.value, peak: null };
  const level = kind === 'threshold' && e.level > 0 ? e.level : null;
  return {
    ...base,
    op: e.kind,
    level,
    severity: e.severity,
    value: e.value,
    peak: e.kind === 'update' ? e.peak : e.value,
  };
}

/**
 * Splits changes into phases in which each (device, type) appears once, in time order: a flush that saw a raise,
 * a clear and a raise again of one key applies them in three steps.
 */
function phases(changes: Change[]): Change[][] {
  const out: Change[][] = [];
  const seen = new Map<string, number>();
  for (const ch of [...changes].sort((a, b) => a.ts - b.ts)) {
    const key = activeKeyOf(ch.deviceId, ch.type);
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    (out[n] ??= []).push(ch);
  }
  return out;
}

/** Which alarms an actor sees: enterprise users their enterprise's only; everyone else in the zone, all. */
export function alarmScope(actor: Actor): Record<string, unknown> {
  return isEnterpriseRole(actor.role) ? { enterpriseId: actor.enterpriseId ?? '-' } : {};
}

/** 409 (already decided) for an alarm that is closed (已处置): no action but a comment may follow; else null. */
function closedError(a: IotAlarm): AppError | null {
  return a.closedAt ? alreadyDecided(lt('报警已处置', 'the alarm is closed')) : null;
}

export class AlarmService implements AlarmSink {
  readonly #c: Container;
  readonly #hazards: HazardService;
  readonly #files: FileService;
  constructor(c: Container, deps: { hazards: HazardService; files: FileService }) {
    this.#c = c;
    this.#hazards = deps.hazards;
    this.#files = deps.files;
  }

  // ---------------------------------------------------------------- the system's changes

  /** Applies one flush's rule events of a zone (see the module comment). Events of unknown devices are dropped. */
  async applyRuleEvents(tenant: TenantInfo, events: AlarmRuleEvent[]): Promise<void> {
    await this.#apply(tenant, events.map(fromRuleEvent));
  }

  /** Raises the `offline` alarm of each device (a device that has one active already keeps it, unchanged). */
  async raiseOffline(tenant: TenantInfo, deviceIds: string[], at = new Date()): Promise<void> {
    await this.#offline(tenant, 'raise', deviceIds, at);
  }

  /** Clears the active `offline` alarm of each device (a reading came in); devices without one are ignored. */
  async clearOffline(tenant: TenantInfo, deviceIds: string[], at = new Date()): Promise<void> {
    await this.#offline(tenant, 'clear', deviceIds, at);
  }

  /** Raises or clears the `offline` alarm (severity warning, no quantity or level) of each device, once each. */
  async #offline(tenant: TenantInfo, op: 'raise' | 'clear', deviceIds: string[], at: Date): Promise<void> {
    await this.#apply(
      tenant,
      [...new Set(deviceIds)].map((deviceId) => ({
        deviceId,
        type: 'offline',
        op,
        kind: 'offline' as const,
        quantity: null,
        level: null,
        severity: 'warning' as const,
        value: null,
        peak: null,
        ts: at.getTime(),
        ruleVersion: null,
      })),
    );
  }

  async #apply(tenant: TenantInfo, changes: Change[]): Promise<void> {
    if (!changes.length) return;
    const em = tenantEm(this.#c.orm, tenant.id);
    const scope = {
      requestId: `iot-alarm-${uuidv7()}`,
      tenantId: tenant.id,
      em,
      actor: null,
      ip: null,
      userAgent: null,
      action: 'iot.alarm',
    };
    await runInScope(scope, async () => {
      const devices = await this.#deviceInfo(em, [...new Set(changes.map((c) => c.deviceId))]);
      const known = changes.filter((c) => devices.has(c.deviceId));
      for (const phase of phases(known)) {
        const out = await retryOnLockConflict(() =>
          em.fork().transactional((tx) => this.#applyPhase(tx, tenant, devices, phase), {
            isolationLevel: IsolationLevel.READ_COMMITTED,
          }),
        );
        await this.#afterCommit(tenant, out);
      }
    });
  }

  async #deviceInfo(em: Em, ids: string[]): Promise<Map<string, AlarmDeviceInfo>> {
    const out = new Map<string, AlarmDeviceInfo>();
    for (let i = 0; i < ids.length; i += 1000)
      for (const d of await em.find(
        IotDevice,
        { id: { $in: ids.slice(i, i + 1000) } },
        { fields: ['id', 'name', 'type', 'enterpriseId', 'location', 'keyPlace'] },
      ))
        out.set(d.id, {
          id: d.id,
          name: d.name,
          type: d.type as IotDeviceType,
          enterpriseId: d.enterpriseId ?? null,
          location: d.location ?? null,
          keyPlace: d.keyPlace ?? null,
        });
    return out;
  }

  /** One phase (each key once) in one transaction; returns what to push and queue after the commit. */
  async #applyPhase(tx: Em, t: TenantInfo, devices: Map<string, AlarmDeviceInfo>, phase: Change[]): Promise<PhaseOutcome> {
    const conn = tx.getConnection();
    const ctx = tx.getTransactionContext();
    const sql = async <R>(q: string, params: unknown[]) => (await conn.execute(q, params, 'all', ctx)) as R;
    const run = (q: string, params: unknown[]) => conn.execute(q, params, 'run', ctx);
    const keys = phase.map((ch) => activeKeyOf(ch.deviceId, ch.type));
    const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');
    const lockActive = async (ks: string[]) =>
      ks.length
        ? await sql<ActiveRow[]>(
            `SELECT id, active_key, level, severity, hazard_id, kind FROM iot_alarms
              WHERE tenant_id = ? AND active_key IN (${marks(ks.length)}) ORDER BY active_key FOR UPDATE`,
            [t.id, ...ks],
          )
        : [];
    const existing = new Map((await lockActive(keys)).map((r) => [r.active_key, r]));
    const outcome: PhaseOutcome = { touched: new Map(), escalations: [], audited: false };
    const now = new Date();
    const timeline: Array<Record<string, string | number | Date | null>> = [];
    const event = (alarmId: string, action: string, at: Date, level: number | null, value: number | null, data?: object) =>
      timeline.push({
        id: uuidv7(),
        created_at: now,
        updated_at: now,
        tenant_id: t.id,
        alarm_id: alarmId,
        action,
        actor_id: null,
        actor_name: IOT_SYSTEM_NAME,
        at,
        level,
        value,
        comment: null,
        data: data ? JSON.stringify(data) : null,
      });
    /** Alarms that reached level 2 in this phase (hazard candidates), with the device and peak. */
    const level2: Array<{ alarmId: string; ch: Change }> = [];

    // 1. New alarms: raises (and an update whose alarm is gone — cleared by hand while the condition held — is a
    //    new alarm at its level). Upserted: a collision with an alarm another process raised meanwhile is a repeat.
    const inserts = phase.filter(
      (ch) => !existing.has(activeKeyOf(ch.deviceId, ch.type)) && (ch.op === 'raise' || (ch.op === 'update' && ch.level)),
    );
    if (inserts.length) {
      const rows = inserts.map((ch) => {
        const d = devices.get(ch.deviceId)!;
        const at = new Date(ch.ts);
        const esc = initialEscalation(t, { startedAt: at, severity: ch.severity });
        return {
          ch,
          esc,
          row: {
            id: uuidv7(),
            created_at: now,
            updated_at: now,
            tenant_id: t.id,
            device_id: ch.deviceId,
            enterprise_id: d.enterpriseId,
            type: ch.type,
            kind: ch.kind,
            quantity: ch.quantity,
            severity: ch.severity,
            peak_severity: ch.severity,
            level: ch.level,
            active_key: activeKeyOf(ch.deviceId, ch.type),
            started_at: at,
            last_at: at,
            cleared_at: null,
            first_value: ch.value,
            last_value: ch.value,
            peak_value: ch.peak,
            count: 1,
            acknowledged_at: null,
            acknowledged_by: null,
            assignee_id: null,
            closed_at: null,
            closed_by: null,
            handling: null,
            hazard_id: null,
            rule_version: ch.ruleVersion,
            escalation_stage: esc.escalationStage,
            next_escalation_at: esc.nextEscalationAt,
            version: 1,
          } as Record<string, string | number | Date | null>,
        };
      });
      const cols = Object.keys(rows[0]!.row);
      const tuple = `(${marks(cols.length)})`;
      await run(
        `INSERT INTO iot_alarms (${cols.map((c) => `\`${c}\``).join(', ')}) VALUES ${rows.map(() => tuple).join(', ')}
           ON DUPLICATE KEY UPDATE count = count + 1, last_at = GREATEST(last_at, VALUES(last_at)),
             last_value = VALUES(last_value), level = VALUES(level),
             peak_severity = ${higherSeverity('VALUES(severity)', 'COALESCE(peak_severity, severity)')},
             severity = VALUES(severity),
             peak_value = GREATEST(COALESCE(peak_value, VALUES(peak_value)), COALESCE(VALUES(peak_value), peak_value))`,
        rows.flatMap((r) => cols.map((c) => r.row[c] ?? null)),
      );
      const after = new Map(
        (
          await sql<Array<{ id: string; active_key: string }>>(
            `SELECT id, active_key FROM iot_alarms WHERE tenant_id = ? AND active_key IN (${marks(rows.length)})`,
            [t.id, ...rows.map((r) => r.row.active_key)],
          )
        ).map((r) => [r.active_key, r.id]),
      );
      const created = rows.filter((r) => after.get(String(r.row.active_key)) === r.row.id);
      for (const r of rows) {
        const id = after.get(String(r.row.active_key));
        if (!id) continue;
        const isNew = id === r.row.id;
        outcome.touched.set(id, isNew ? 'raise' : 'update');
        if (isNew) {
          event(id, 'raise', new Date(r.ch.ts), r.ch.level, r.ch.value);
          emitEvent(tx, IOT_ALARM_CHANGED, { alarmId: id, action: 'raise' });
          if (r.esc.nextStage && r.esc.nextEscalationAt)
            outcome.escalations.push({ alarmId: id, stage: r.esc.nextStage, at: r.esc.nextEscalationAt });
        }
        if (r.ch.level === 2) level2.push({ alarmId: id, ch: r.ch });
      }
      if (created.length) {
        await auditCreates(
          tx,
          'IotAlarm',
          created.map((r) => ({ id: String(r.row.id), scopeId: r.ch.deviceId, diff: r.row })),
        );
        outcome.audited = true;
      }
    }

    // 2. Repeats, level changes and new peaks of active alarms (by id, under the lock taken above).
    for (const ch of phase) {
      const cur = existing.get(activeKeyOf(ch.deviceId, ch.type));
      if (!cur || ch.op === 'clear') continue;
      // The offline sweep raising again for a device already offline: nothing new.
      if (ch.kind === 'offline') continue;
      const at = new Date(ch.ts);
      await run(
        `UPDATE iot_alarms SET count = count + ?, last_at = GREATEST(last_at, ?), last_value = ?, level = ?,
            peak_severity = ${higherSeverity('?', 'COALESCE(peak_severity, severity)')}, severity = ?,
            peak_value = GREATEST(COALESCE(peak_value, ?), ?), updated_at = ?
          WHERE id = ? AND tenant_id = ?`,
        [
          ...[ch.op === 'raise' ? 1 : 0, at, ch.value, ch.level],
          // peak_severity (the new severity twice: compared, then chosen), then severity.
          ...[ch.severity, ch.severity, ch.severity],
          ...[ch.peak, ch.peak, now, cur.id, t.id],
        ],
      );
      outcome.touched.set(cur.id, 'update');
      if ((ch.level ?? 0) !== (cur.level ?? 0)) {
        event(cur.id, 'level', at, ch.level, ch.value, { from: cur.level, severity: ch.severity });
        if (ch.level === 2) emitEvent(tx, IOT_ALARM_CHANGED, { alarmId: cur.id, action: 'level' });
      }
      if (ch.level === 2 && !cur.hazard_id) level2.push({ alarmId: cur.id, ch });
    }

    // 3. Clears: the alarm stays acknowledged or not, open until handled; its escalation stops.
    for (const ch of phase) {
      const cur = existing.get(activeKeyOf(ch.deviceId, ch.type));
      if (!cur || ch.op !== 'clear') continue;
      const at = new Date(ch.ts);
      await run(
        `UPDATE iot_alarms SET cleared_at = ?, active_key = NULL, last_value = COALESCE(?, last_value),
            last_at = GREATEST(last_at, ?), next_escalation_at = NULL, updated_at = ?
          WHERE id = ? AND tenant_id = ?`,
        [at, ch.value, at, now, cur.id, t.id],
      );
      outcome.touched.set(cur.id, 'clear');
      event(cur.id, 'clear', at, null, ch.value);
      emitEvent(tx, IOT_ALARM_CLEARED, { alarmId: cur.id });
    }

    // 4. Second level → a hazard, once per alarm, in this transaction (rows locked: no second one elsewhere).
    for (const { alarmId, ch } of level2) {
      const [row] = await sql<Array<{ hazard_id: string | null; peak_value: number | null }>>(
        'SELECT hazard_id, peak_value FROM iot_alarms WHERE id = ? AND tenant_id = ?',
        [alarmId, t.id],
      );
      if (!row || row.hazard_id) continue;
      const device = devices.get(ch.deviceId)!;
      // The hazard is written in a savepoint: should it be refused (its enterprise gone meanwhile…), the alarm
      // itself is still recorded and pushed — an alarm is never lost for want of its hazard.
      const hazardId = await openAlarmHazard(tx, this.#hazards, t, device, {
        kind: 'level2',
        quantity: ch.quantity,
        peak: row.peak_value == null ? ch.peak : Number(row.peak_value),
      }).catch((err: unknown) => {
        this.#c.logger.warn({ err, alarmId }, 'iot alarm: the hazard of a second-level alarm could not be opened');
        return null;
      });
      if (!hazardId) continue;
      await run('UPDATE iot_alarms SET hazard_id = ? WHERE id = ? AND tenant_id = ?', [hazardId, alarmId, t.id]);
      event(alarmId, 'hazard', new Date(ch.ts), ch.level, ch.value, { hazardId });
    }

    if (timeline.length) {
      await insertRows(tx, 'iot_alarm_events', timeline);
      await auditCreates(
        tx,
        'IotAlarmEvent',
        timeline.map((r) => ({ id: String(r.id), scopeId: String(r.alarm_id), diff: r })),
      );
      outcome.audited = true;
    }
    return outcome;
  }

  /** After a commit: live pushes, the escalation jobs of new alarms, the audit chain. */
  async #afterCommit(t: TenantInfo, out: PhaseOutcome): Promise<void> {
    if (out.audited) this.#c.audit.schedule(t.id);
    for (const e of out.escalations)
      await queueEscalation(this.#c, t.id, e.alarmId, e.stage, e.at).catch((err: unknown) =>
        this.#c.logger.warn({ err, alarmId: e.alarmId }, 'escalation queued later by the reconciler'),
      );
    if (out.touched.size) await this.push(t, out.touched);
  }

  /** Pushes `iot.alarm` for the alarms given (to the office roles, grid workers and each alarm's enterprise). */
  async push(t: TenantInfo, actions: Map<string, IotAlarmPushAction>): Promise<void> {
    const em = tenantEm(this.#c.orm, t.id);
    const alarms = await em.find(IotAlarm, { id: { $in: [...actions.keys()] } });
    const devices = await this.#deviceInfo(em, [...new Set(alarms.map((a) => a.deviceId))]);
    const names = await this.#enterpriseNames(
      em,
      alarms.map((a) => a.enterpriseId),
    );
    for (const a of alarms) {
      const payload: IotAlarmPush = {
        id: a.id,
        deviceId: a.deviceId,
        deviceName: devices.get(a.deviceId)?.name ?? '',
        enterpriseId: a.enterpriseId ?? null,
        enterpriseName: a.enterpriseId ? (names.get(a.enterpriseId) ?? null) : null,
        type: a.type,
        kind: a.kind as AlarmKind,
        severity: a.severity as AlarmSeverity,
        level: a.level ?? null,
        status: statusOf(a),
        value: numOrNull(a.lastValue),
        peak: numOrNull(a.peakValue),
        at: new Date().toISOString(),
        action: actions.get(a.id)!,
      };
      for (const role of PUSH_ROLES) this.#c.realtime.toRole(t.id, role, REALTIME_EVENTS.iotAlarm, payload);
      if (a.enterpriseId) this.#c.realtime.toEnterprise(t.id, a.enterpriseId, REALTIME_EVENTS.iotAlarm, payload);
    }
  }

  async #enterpriseNames(em: Em, ids: Array<string | null | undefined>): Promise<Map<string, string>> {
    const want = [...new Set(ids.filter((x): x is string => !!x))];
    if (!want.length) return new Map();
    return new Map((await em.find(Enterprise, { id: { $in: want } }, { fields: ['id', 'name'] })).map((e) => [e.id, e.name]));
  }

  // ---------------------------------------------------------------- people's actions

  /**
   * One decision on an alarm: under its row lock (compare-and-set), refused with 409 when the caller's `version`
   * is not the row's (someone else acted, or the caller's copy is old). 404 outside the caller's scope.
   */
  async #decide<T>(
    em: Em,
    actor: Actor,
    id: string,
    version: number | null,
    set: (a: IotAlarm, tx: Em) => T | Promise<T>,
    expect?: (a: IotAlarm) => AppError | null,
  ): Promise<T> {
    return compareAndSet<IotAlarm, T>(em, {
      entity: IotAlarm,
      where: { $and: [alarmScope(actor), { id }] } as never,
      what: '报警',
      lost: () => new AppError(409, 'conflict', STALE),
      expect: (a) => (version !== null && a.version !== version ? new AppError(409, 'conflict', STALE) : (expect?.(a) ?? null)),
      set: (a, tx) => set(a, tx),
    }).catch((e: unknown) => {
      if (e instanceof AppError && e.status === 404) throw ALARM_NOT_FOUND();
      throw e;
    });
  }

  /**
   * A versioned action of a person (ack, assign, clear, close): decided as `#decide` does, then `action` is pushed
   * to the zone's live clients once committed.
   */
  async #act(
    em: Em,
    actor: Actor,
    t: TenantInfo,
    id: string,
    action: IotAlarmPushAction,
    version: number,
    set: (a: IotAlarm, tx: Em) => IotAlarm | Promise<IotAlarm>,
    expect: (a: IotAlarm) => AppError | null,
  ): Promise<IotAlarm> {
    const a = await this.#decide(em, actor, id, version, set, expect);
    await this.push(t, new Map([[a.id, action]]));
    return a;
  }

  #timeline(tx: Em, a: IotAlarm, actor: Actor, action: IotAlarmEvent['action'], extra: Partial<IotAlarmEvent> = {}) {
    tx.create(IotAlarmEvent, {
      alarmId: a.id,
      action,
      actorId: actor.actingAs?.platformUserId ?? actor.userId,
      actorName: (actor.actingAs ? `${actor.actingAs.platformUserName}（代行）` : actor.name).slice(0, 60),
      at: new Date(),
      level: a.level ?? null,
      value: numOrNull(a.lastValue),
      comment: null,
      data: null,
      ...extra,
    });
  }

  /** Acknowledges (确认): stops the escalation. 409 when already acknowledged or closed, or on a stale version. */
  async ack(em: Em, actor: Actor, t: TenantInfo, id: string, body: { version: number }): Promise<IotAlarm> {
    return this.#act(
      em,
      actor,
      t,
      id,
      'ack',
      body.version,
      (a, tx) => {
        a.acknowledgedAt = new Date();
        a.acknowledgedBy = actor.actingAs?.platformUserId ?? actor.userId;
        a.nextEscalationAt = null;
        this.#timeline(tx, a, actor, 'ack');
        return a;
      },
      (a) => closedError(a) ?? (a.acknowledgedAt ? alreadyDecided(lt('报警已被确认', 'the alarm was acknowledged')) : null),
    );
  }

  /**
   * Assigns the handling to a user of the zone who may handle alarms: for an enterprise's alarm, its own people or
   * the zone's staff; 404 for a user not in the zone, 400 for one who may not handle this alarm. Notifies them.
   */
  async assign(
    em: Em,
    actor: Actor,
    t: TenantInfo,
    id: string,
    body: { version: number; assigneeId: string },
  ): Promise<IotAlarm> {
    const u = await em.findOne(User, { id: body.assigneeId, status: 'active' }, { fields: ['id', 'role', 'enterpriseId'] });
    if (!u) throw notFound('user');
    return this.#act(
      em,
      actor,
      t,
      id,
      'assign',
      body.version,
      (a, tx) => {
        const own = !isEnterpriseRole(u.role) || u.enterpriseId === a.enterpriseId;
        if (!can(u.role, 'iot.alarms.handle') || !own)
          throw new AppError(400, 'validation_failed', undefined, {
            errors: [
              {
                path: 'assigneeId',
                code: 'invalid_value',
                message: lt('该用户不能处置这条报警', 'This user cannot handle this alarm'),
              },
            ],
          });
        a.assigneeId = u.id;
        this.#timeline(tx, a, actor, 'assign', { data: { assigneeId: u.id } });
        emitEvent(tx, IOT_ALARM_CHANGED, { alarmId: a.id, action: 'assign', assigneeId: u.id });
        return a;
      },
      closedError,
    );
  }

  /** A comment on the timeline (no version: comments never conflict). Allowed on closed alarms too. */
  async comment(em: Em, actor: Actor, _t: TenantInfo, id: string, body: { comment: string }): Promise<IotAlarm> {
    return this.#decide(em, actor, id, null, (a, tx) => {
      this.#timeline(tx, a, actor, 'comment', { comment: body.comment });
      return a;
    });
  }

  /**
   * Clears by hand (解除报警): the alarm stops being the active one of its device and type; its escalation stops.
   * The safety office's (OFFICE roles, or a platform admin acting in the zone): an enterprise user or a grid worker
   * gets 403 — they acknowledge and close it once the readings clear it (else a clear followed by a close would
   * bypass the rule that only the office force-clears). 409 when already cleared or closed, or on a stale version.
   */
  async clear(em: Em, actor: Actor, t: TenantInfo, id: string, body: { version: number; comment?: string }): Promise<IotAlarm> {
    return this.#act(
      em,
      actor,
      t,
      id,
      'clear',
      body.version,
      (a, tx) => {
        a.clearedAt = new Date();
        a.activeKey = null;
        a.nextEscalationAt = null;
        this.#timeline(tx, a, actor, 'clear', { comment: body.comment ?? null });
        emitEvent(tx, IOT_ALARM_CLEARED, { alarmId: a.id });
        return a;
      },
      (a) =>
        closedError(a) ??
        (a.clearedAt
          ? alreadyDecided(lt('报警已恢复', 'the alarm was cleared'))
          : mayForceClear(actor)
            ? null
            : forbidden(
                lt(
                  '只有安监办可以手动解除仍在持续的报警；请先确认报警，读数恢复正常后报警自动解除，再填写处置记录',
                  'Only the safety office may clear an active alarm by hand: acknowledge it, and close it with the handling record once the readings have cleared it',
                ),
              )),
    );
  }

  /**
   * Closes with the handling record (处置记录): only once cleared — or, by the office, with `forceClear` (clears it
   * now); 422 while still active otherwise. A cause of HAZARD_CAUSES opens a hazard when none is linked yet.
   */
  async close(
    em: Em,
    actor: Actor,
    t: TenantInfo,
    id: string,
    body: { version: number; handling: AlarmHandling; forceClear?: boolean },
  ): Promise<IotAlarm> {
    if (body.forceClear && !mayForceClear(actor))
      throw forbidden(lt('只有安监办可以强制解除并处置报警', 'Only the safety office may force-clear and close an alarm'));
    await this.#files.assertUsable(em, actor, body.handling.photoIds);
    return this.#act(
      em,
      actor,
      t,
      id,
      'close',
      body.version,
      async (a, tx) => {
        const now = new Date();
        if (!a.clearedAt) {
          a.clearedAt = now;
          a.activeKey = null;
          this.#timeline(tx, a, actor, 'clear', { comment: '处置时强制解除' });
          emitEvent(tx, IOT_ALARM_CLEARED, { alarmId: a.id });
        }
        a.closedAt = now;
        a.closedBy = actor.actingAs?.platformUserId ?? actor.userId;
        a.nextEscalationAt = null;
        a.handling = {
          cause: body.handling.cause,
          measures: body.handling.measures,
          ...(body.handling.note ? { note: body.handling.note } : {}),
          photoIds: body.handling.photoIds,
        };
        this.#timeline(tx, a, actor, 'close', {
          comment: body.handling.measures.slice(0, 1000),
          data: { cause: body.handling.cause },
        });
        if (isHazardCause(body.handling.cause) && !a.hazardId && a.enterpriseId) {
          const d = (await this.#deviceInfo(tx, [a.deviceId])).get(a.deviceId);
          const hazardId = d
            ? await openAlarmHazard(tx, this.#hazards, t, d, {
                kind: 'cause',
                cause: body.handling.cause,
                measures: body.handling.measures,
              })
            : null;
          if (hazardId) {
            a.hazardId = hazardId;
            this.#timeline(tx, a, actor, 'hazard', { data: { hazardId } });
          }
        }
        return a;
      },
      (a) => {
        const closed = closedError(a);
        if (closed) return closed;
        if (!a.clearedAt && !body.forceClear)
          return new AppError(
            422,
            'invalid_transition',
            lt(
              '报警仍在持续，恢复后才能处置完成（安监办可强制解除并处置）',
              'The alarm is still active: close it once it has cleared (the safety office may force-clear it)',
            ),
          );
        return null;
      },
    );
  }

  // ---------------------------------------------------------------- reads

  /** Alarms as answered (device, enterprise and people's names joined in a fixed number of queries). */
  async dtos(em: Em, rows: IotAlarm[]): Promise<IotAlarmDto[]> {
    if (!rows.length) return [];
    const devices = new Map(
      (
        await em.find(
          IotDevice,
          { id: { $in: [...new Set(rows.map((a) => a.deviceId))] } },
          { fields: ['id', 'code', 'name', 'type', 'location'] },
        )
      ).map((d) => [d.id, d]),
    );
    const names = await this.#enterpriseNames(
      em,
      rows.map((a) => a.enterpriseId),
    );
    const userIds = [
      ...new Set(rows.flatMap((a) => [a.acknowledgedBy, a.assigneeId, a.closedBy]).filter((x): x is string => !!x)),
    ];
    const users = new Map(
      userIds.length
        ? (await em.find(User, { id: { $in: userIds } }, { fields: ['id', 'name'] })).map((u) => [u.id, u.name])
        : [],
    );
    return rows.map((a) => {
      const d = devices.get(a.deviceId);
      const quantity = (a.quantity ?? null) as IotQuantity | null;
      return {
        id: String(a.id),
        deviceId: a.deviceId,
        deviceCode: d?.code ?? '',
        deviceName: d?.name ?? '',
        deviceType: (d?.type ?? 'gateway') as IotDeviceType,
        enterpriseId: a.enterpriseId ?? null,
        enterpriseName: a.enterpriseId ? (names.get(a.enterpriseId) ?? null) : null,
        location: d?.location ?? null,
        type: a.type,
        kind: a.kind as AlarmKind,
        quantity,
        unit: quantity ? IOT_QUANTITY_SPECS[quantity].unit : '',
        severity: a.severity as AlarmSeverity,
        peakSeverity: higherOf(a.severity as AlarmSeverity, (a.peakSeverity ?? a.severity) as AlarmSeverity),
        level: a.level ?? null,
        status: statusOf(a),
        startedAt: isoReq(a.startedAt),
        lastAt: isoReq(a.lastAt),
        clearedAt: iso(a.clearedAt),
        firstValue: numOrNull(a.firstValue),
        lastValue: numOrNull(a.lastValue),
        peakValue: numOrNull(a.peakValue),
        count: a.count,
        acknowledgedAt: iso(a.acknowledgedAt),
        acknowledgedBy: a.acknowledgedBy ?? null,
        acknowledgedByName: a.acknowledgedBy ? (users.get(a.acknowledgedBy) ?? null) : null,
        assigneeId: a.assigneeId ?? null,
        assigneeName: a.assigneeId ? (users.get(a.assigneeId) ?? null) : null,
        closedAt: iso(a.closedAt),
        closedBy: a.closedBy ?? null,
        closedByName: a.closedBy ? (users.get(a.closedBy) ?? null) : null,
        handling: a.handling ?? null,
        hazardId: a.hazardId ?? null,
        ruleVersion: a.ruleVersion ?? null,
        escalationStage: a.escalationStage ?? null,
        nextEscalationAt: iso(a.nextEscalationAt),
        version: Number(a.version),
      };
    });
  }

  /** One alarm the actor may see (404 otherwise: another enterprise's, another zone's). */
  async visible(em: Em, actor: Actor, id: string): Promise<IotAlarm> {
    const a = await em.findOne(IotAlarm, { $and: [alarmScope(actor), { id }] });
    if (!a) throw ALARM_NOT_FOUND();
    return a;
  }

  /** The alarm with its timeline, device (latest values from Redis), linked hazard and the condition that raised it. */
  async detail(em: Em, actor: Actor, t: TenantInfo, id: string, lang: TextLang = 'zh-CN'): Promise<IotAlarmDetail> {
    const a = await this.visible(em, actor, id);
    const [dto] = await this.dtos(em, [a]);
    const timeline = await em.find(IotAlarmEvent, { alarmId: a.id }, { orderBy: { at: 'asc', id: 'asc' }, limit: 1000 });
    const d = await em.findOne(IotDevice, { id: a.deviceId });
    const raw = d ? await this.#c.redis.hget(tenantKey(t.id, 'iot', 'latest'), d.id).catch(() => null) : null;
    const latest = parseLatest(raw);
    const h = a.hazardId
      ? await em.findOne(Hazard, { id: a.hazardId }, { fields: ['id', 'code', 'status', 'description'] })
      : null;
    return {
      ...dto!,
      timeline: timeline.map((e) => ({
        id: String(e.id),
        action: e.action as IotAlarmDetail['timeline'][number]['action'],
        actorId: e.actorId ?? null,
        actorName: timelineActor(e.actorName, lang),
        at: isoReq(e.at),
        level: e.level ?? null,
        value: numOrNull(e.value),
        comment: timelineComment(e.comment ?? null, lang),
        data: e.data ?? null,
      })),
      device: d
        ? {
            id: d.id,
            code: d.code,
            name: d.name,
            type: d.type as IotDeviceType,
            location: d.location ?? null,
            keyPlace: d.keyPlace ?? null,
            online: d.online,
            status: d.status as 'enabled' | 'disabled',
            latest,
          }
        : {
            id: a.deviceId,
            code: '',
            name: '',
            type: 'gateway',
            location: null,
            keyPlace: null,
            online: false,
            status: 'disabled',
            latest: null,
          },
      hazard: h ? { id: h.id, code: h.code, status: h.status, description: h.description } : null,
      condition: d && a.quantity ? await this.#condition(em, d, a.quantity) : null,
    };
  }

  /** The device's effective condition for a quantity: device-scope rules, else its type's, else the defaults. */
  async #condition(em: Em, d: IotDevice, quantity: string): Promise<AlarmRuleCondition | null> {
    const rows = (await em.getConnection().execute(
      `SELECT scope, rules FROM iot_rules WHERE tenant_id = ? AND active = 1
           AND ((scope = 'device' AND device_id = ?) OR (scope = 'type' AND device_type = ?))`,
      [d.tenantId, d.id, d.type],
      'all',
    )) as Array<{ scope: string; rules: unknown }>;
    const parse = (r: unknown) => (typeof r === 'string' ? (JSON.parse(r) as AlarmRuleSet) : (r as AlarmRuleSet));
    const chosen = rows.find((r) => r.scope === 'device') ?? rows.find((r) => r.scope === 'type');
    const set = chosen ? parse(chosen.rules) : DEFAULT_ALARM_RULES[d.type as IotDeviceType];
    return set?.conditions.find((c) => c.quantity === quantity) ?? null;
  }

  /** The alarm list: filters of `IotAlarmsQuery`, newest first, keyset cursor (or page). */
  async list(em: Em, actor: Actor, q: IotAlarmsQuery, lang: 'zh-CN' | 'en') {
    if (q.enterpriseId && isEnterpriseRole(actor.role) && q.enterpriseId !== actor.enterpriseId) throw notFound('enterprise');
    const where: Record<string, unknown>[] = [alarmScope(actor)];
    const status: Record<string, Record<string, unknown>> = {
      active: { clearedAt: null },
      unack: { acknowledgedAt: null, closedAt: null },
      cleared: { clearedAt: { $ne: null }, closedAt: null },
      open: { closedAt: null },
      closed: { closedAt: { $ne: null } },
      all: {},
    };
    where.push(status[q.status]!);
    if (q.severity) where.push({ severity: q.severity });
    if (q.enterpriseId) where.push({ enterpriseId: q.enterpriseId });
    if (q.deviceId) where.push({ deviceId: q.deviceId });
    if (q.type) where.push({ type: q.type });
    if (q.from) where.push({ startedAt: { $gte: new Date(q.from) } });
    if (q.to) where.push({ startedAt: { $lt: new Date(q.to) } });
    const order: KeyOrder = { field: 'startedAt', dir: 'desc', idDir: 'desc', nullable: false, kind: 'date' };
    const base = { $and: where };
    const total = await em.count(IotAlarm, base);
    const filter = q.cursor ? { $and: [...where, afterCursor(order, decodeCursor(q.cursor, 'startedAt', order, lang))] } : base;
    const rows = await em.find(IotAlarm, filter, {
      orderBy: { startedAt: 'desc', id: 'desc' },
      limit: q.pageSize + 1,
      offset: q.cursor ? 0 : (q.page - 1) * q.pageSize,
    });
    const more = rows.length > q.pageSize;
    const items = rows.slice(0, q.pageSize);
    const last = items.at(-1);
    return {
      items: await this.dtos(em, items),
      total,
      page: q.page,
      pageSize: q.pageSize,
      totalCapped: false,
      nextCursor: more && last ? cursorAfter('startedAt', order, { id: last.id, startedAt: last.startedAt }) : null,
    };
  }

  /**
   * Statistics of the alarms started in [from, to): counts by enterprise, type, cause and severity; nuisance (closed
   * with a cause of NUISANCE_CAUSES) and its share of the closed ones; mean time to acknowledge (MTTA) and to clear
   * (MTTC) over the alarms that were, in seconds; a series per day of the zone's calendar.
   */
  async stats(
    em: Em,
    actor: Actor,
    t: TenantInfo,
    q: { from: string; to: string; enterpriseId?: string },
  ): Promise<IotAlarmStats> {
    if (q.enterpriseId && isEnterpriseRole(actor.role) && q.enterpriseId !== actor.enterpriseId) throw notFound('enterprise');
    const ent = isEnterpriseRole(actor.role) ? (actor.enterpriseId ?? '-') : (q.enterpriseId ?? null);
    const from = new Date(q.from);
    const to = new Date(q.to);
    const cond = `tenant_id = ? AND started_at >= ? AND started_at < ?${ent ? ' AND enterprise_id = ?' : ''}`;
    const params: unknown[] = [t.id, from, to, ...(ent ? [ent] : [])];
    const conn = em.getConnection();
    const all = async <R>(sql: string) => (await conn.execute(sql, params, 'all')) as R[];
    const cause = `JSON_UNQUOTE(JSON_EXTRACT(handling, '$.cause'))`;
    const [totals] = await all<{
      total: number | string;
      closed: number | string | null;
      nuisance: number | string | null;
      mtta: number | string | null;
      mttc: number | string | null;
    }>(
      `SELECT COUNT(*) AS total, SUM(closed_at IS NOT NULL) AS closed,
          SUM(closed_at IS NOT NULL AND ${cause} IN (${NUISANCE_CAUSES.map((c) => `'${c}'`).join(', ')})) AS nuisance,
          AVG(CASE WHEN acknowledged_at IS NOT NULL THEN TIMESTAMPDIFF(MICROSECOND, started_at, acknowledged_at) END) / 1000000 AS mtta,
          AVG(CASE WHEN cleared_at IS NOT NULL THEN TIMESTAMPDIFF(MICROSECOND, started_at, cleared_at) END) / 1000000 AS mttc
        FROM iot_alarms WHERE ${cond}`,
    );
    const byEnt = await all<{ enterprise_id: string | null; n: number | string }>(
      `SELECT enterprise_id, COUNT(*) AS n FROM iot_alarms WHERE ${cond} GROUP BY enterprise_id ORDER BY n DESC`,
    );
    const names = await this.#enterpriseNames(
      em,
      byEnt.map((r) => r.enterprise_id),
    );
    const byType = await all<{ type: string; n: number | string }>(
      `SELECT type, COUNT(*) AS n FROM iot_alarms WHERE ${cond} GROUP BY type ORDER BY n DESC, type`,
    );
    const byCause = await all<{ cause: string; n: number | string }>(
      `SELECT ${cause} AS cause, COUNT(*) AS n FROM iot_alarms WHERE ${cond} AND closed_at IS NOT NULL AND handling IS NOT NULL
        GROUP BY cause ORDER BY n DESC, cause`,
    );
    const bySeverity = await all<{ severity: AlarmSeverity; n: number | string }>(
      `SELECT ${PEAK_SEVERITY} AS severity, COUNT(*) AS n FROM iot_alarms WHERE ${cond} GROUP BY 1`,
    );
    // Quarter-hour buckets in SQL (UTC), mapped to the zone's days here: any UTC offset is whole quarter hours.
    const buckets = await all<{ b: number | string; severity: AlarmSeverity; n: number | string }>(
      `SELECT FLOOR(UNIX_TIMESTAMP(started_at) / 900) AS b, ${PEAK_SEVERITY} AS severity, COUNT(*) AS n FROM iot_alarms
        WHERE ${cond} GROUP BY 1, 2`,
    );
    const days = new Map<string, IotAlarmStats['perDay'][number]>();
    for (const r of buckets) {
      const day = localDate(new Date(Number(r.b) * 900_000), t.timeZone);
      const d = days.get(day) ?? { day, total: 0, critical: 0, major: 0, minor: 0, warning: 0 };
      d.total += Number(r.n);
      d[r.severity] += Number(r.n);
      days.set(day, d);
    }
    const closed = Number(totals?.closed ?? 0);
    const nuisance = Number(totals?.nuisance ?? 0);
    const num = (v: number | string | null | undefined) => (v === null || v === undefined ? null : Math.round(Number(v)));
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      total: Number(totals?.total ?? 0),
      closed,
      byEnterprise: byEnt.map((r) => ({
        enterpriseId: r.enterprise_id,
        enterpriseName: r.enterprise_id ? (names.get(r.enterprise_id) ?? null) : null,
        count: Number(r.n),
      })),
      byType: byType.map((r) => ({ type: r.type, count: Number(r.n) })),
      byCause: byCause.filter((r) => r.cause).map((r) => ({ cause: r.cause as AlarmCause, count: Number(r.n) })),
      bySeverity: ALARM_SEVERITIES.map((s) => ({
        severity: s,
        count: Number(bySeverity.find((r) => r.severity === s)?.n ?? 0),
      })),
      nuisance,
      nuisanceRatio: closed ? Math.round((nuisance / closed) * 10000) / 10000 : null,
      mttaSeconds: num(totals?.mtta),
      mttcSeconds: num(totals?.mttc),
      perDay: [...days.values()].sort((a, b) => (a.day < b.day ? -1 : 1)),
    };
  }
}
