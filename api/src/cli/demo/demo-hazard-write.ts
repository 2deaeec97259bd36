/**
 * The write phase of a demo zone's hazard history (demo-hazards.ts): in one transaction, claimed by the
 * `demo:hazards` marker, the hazard codes from the zone's day counters, the photos' bytes in storage, the rows
 * built story by story, the notices of every step and the escalations that fired before today (who they reach,
 * as the worker decides), and the audit rows of all of it.
 */
import { createHash } from 'node:crypto';
import { HAZARD_STATUS_LABELS } from '@yuanan/contracts';
import {
  ESCALATION_LEVEL_LABELS,
  escalationChainFrom,
  localDate,
  stageLabel,
  type EscalationLevel,
  type PlannedStage,
} from '@yuanan/domain';
import type { Container } from '../../core/container.ts';
import { insertRows } from '../../core/db/bulk-write.ts';
import { uuidv7 } from '../../core/db/ids.ts';
import type { Em } from '../../core/db/orm.ts';
import { StoredFile } from '../../core/files/file.entity.ts';
import { claimEffects } from '../../core/queue/claim-effects.ts';
import { FiredEffect } from '../../core/queue/fired-effect.entity.ts';
import { Hazard, HazardEvent, HazardExtension } from '../../modules/hazards/hazard.entity.ts';
import { HAZARD_NOTICES } from '../../modules/hazards/hazard.jobs.ts';
import { recipientDirectory, type RecipientDirectory } from '../../modules/hazards/hazard-recipients.ts';
import { Notification } from '../../modules/notifications/notification.entity.ts';
import { columnsOf } from './demo-bulk.ts';
import {
  MINUTE,
  type DemoActor,
  type DemoHazardEnterprise,
  type DemoHazardPeople,
  type PastEscalation,
  type Row,
  type ZoneClock,
  type ZoneRows,
} from './demo-hazard-model.ts';
import { demoPhoto } from './demo-photos.ts';
import type { Rng } from './demo-random.ts';

/** What the write phase needs besides the rows: the zone's stories' cast and its Rng (read times of notices). */
export interface ZoneCast {
  ents: DemoHazardEnterprise[];
  people: DemoHazardPeople;
  rng: Rng;
  userAgent: string | null;
}

interface Notice {
  kind: string;
  title: string;
  body: string;
  link: string;
  severity: string;
  dedupeKey: string;
}

/**
 * Writes the zone's rows once: false when an earlier run claimed `demo:hazards` (nothing written then).
 * The hazards' codes are filled in here.
 */
export async function writeZoneRows(c: Container, em: Em, z: ZoneClock, rows: ZoneRows, cast: ZoneCast): Promise<boolean> {
  const byDay = hazardsByDay(z, rows.hazards);
  return em.transactional(async (tx) => {
    if (!(await claimEffects(tx, ['demo:hazards'])).has('demo:hazards')) return false;
    await assignCodes(tx, z, byDay);
    // The codes are known now: fill them into the audit diffs of the creates.
    for (const a of rows.audits)
      if (a.type === 'Hazard' && a.op === 'create') a.diff.code = rows.hazards.find((h) => h.id === a.id)!.code;
    await storePhotos(c, rows, cast);
    await insertRows(
      tx,
      'files',
      rows.files.map((r) => columnsOf(tx, StoredFile, r)),
    );
    await insertRows(
      tx,
      'hazards',
      rows.hazards.map((r) => columnsOf(tx, Hazard, r)),
    );
    await insertRows(
      tx,
      'hazard_extensions',
      rows.extensions.map((r) => columnsOf(tx, HazardExtension, r)),
    );
    // Escalations that fired before today, and the notices of every step (who they reach, as the worker decides).
    const dir: RecipientDirectory = await recipientDirectory(tx, rows.hazards as never);
    composeStepNotices(z, rows, cast, dir);
    composeEscalations(z, rows, cast, dir);
    rows.events.sort((a, b) => (a.at as Date).getTime() - (b.at as Date).getTime());
    await insertRows(
      tx,
      'hazard_events',
      rows.events.map((r) => columnsOf(tx, HazardEvent, r)),
    );
    await insertRows(
      tx,
      'notifications',
      rows.notifications.map((r) => columnsOf(tx, Notification, r)),
    );
    await insertRows(
      tx,
      'fired_effects',
      rows.fired.map((r) => columnsOf(tx, FiredEffect, r)),
    );
    await insertAudits(tx, z, rows, cast.userAgent);
    return true;
  });
}

/** The hazards by the zone's day they were reported on (YYYYMMDD), in the order they were reported. */
export function hazardsByDay(z: ZoneClock, hazards: Row[]): Map<string, Row[]> {
  const byDay = new Map<string, Row[]>();
  for (const h of [...hazards].sort((a, b) => (a.reportedAt as Date).getTime() - (b.reportedAt as Date).getTime())) {
    const day = localDate(h.reportedAt as Date, z.tz).replace(/-/g, '');
    byDay.set(day, [...(byDay.get(day) ?? []), h]);
  }
  return byDay;
}

/** Hazard codes: the zone's day counters, continued from whatever they hold (YH-YYYYMMDD-NNNN). */
export async function assignCodes(tx: Em, z: ZoneClock, byDay: Map<string, Row[]>): Promise<void> {
  const conn = tx.getConnection();
  const trx = tx.getTransactionContext();
  for (const [day, hs] of byDay) {
    const rows = (await conn.execute(
      'SELECT value FROM hazard_counters WHERE tenant_id = ? AND day = ? FOR UPDATE',
      [z.tenant.id, day],
      'all',
      trx,
    )) as Array<{ value: number }>;
    const start = Number(rows[0]?.value ?? 0);
    hs.forEach((h, k) => (h.code = `YH-${day}-${String(start + k + 1).padStart(4, '0')}`));
    const t = new Date();
    await conn.execute(
      `INSERT INTO hazard_counters (id, tenant_id, day, value, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON DUPLICATE KEY UPDATE value = ?, updated_at = ?`,
      [uuidv7(), z.tenant.id, day, start + hs.length, t, t, start + hs.length, t],
      'run',
      trx,
    );
  }
}

/** Photos: bytes in storage (each scene rendered once per process), sizes and hashes into the files rows. */
async function storePhotos(c: Container, rows: ZoneRows, cast: ZoneCast): Promise<void> {
  const rendered = new Map<string, Buffer>();
  await Promise.all(
    rows.photos.map(async (p) => {
      const buf = await demoPhoto(p.category, p.after, p.variant);
      rendered.set(p.key, buf);
    }),
  );
  const { ents, people } = cast;
  const everyone: DemoActor[] = [
    ...ents.flatMap((x) => x.users),
    ...people.office,
    people.admin,
    people.inspector,
    ...people.gridWorkers.values(),
  ];
  for (const f of rows.files) {
    const buf = rendered.get(String(f.storageKey))!;
    f.size = buf.length;
    f.sha256 = createHash('sha256').update(buf).digest('hex');
    await c.storage.put(String(f.storageKey), buf, 'image/jpeg');
    const uploader = everyone.find((u) => u.id === f.uploadedBy);
    const scope = (f.enterpriseId as string) ?? null;
    rows.audit(f.createdAt as Date, uploader ?? null, 'files.upload', 'StoredFile', String(f.id), scope, 'create', f);
  }
}

/** A notice to each of `userIds` (once each), read some time later when it is older than three days. */
function notify(z: ZoneClock, rows: ZoneRows, rng: Rng, t: Date, userIds: string[], n: Notice): void {
  for (const userId of new Set(userIds)) {
    const old = z.now.getTime() - t.getTime() > 3 * 86400_000;
    const row: Row = {
      id: uuidv7(),
      createdAt: t,
      updatedAt: t,
      tenantId: z.tenant.id,
      userId,
      kind: n.kind,
      title: n.title.slice(0, 120),
      body: n.body.slice(0, 1000),
      link: n.link,
      severity: n.severity,
      dedupeKey: `${n.dedupeKey}:${userId}`.slice(0, 200),
      readAt: old && rng.chance(0.85) ? new Date(t.getTime() + rng.int(10, 600) * MINUTE) : null,
    };
    rows.notifications.push(row);
    const escalation = n.kind.startsWith('hazard.overdue') || n.kind.startsWith('hazard.reminder');
    rows.audit(t, null, escalation ? 'hazard.escalate' : 'hazards.notify', 'Notification', String(row.id), null, 'create', row);
  }
}

const codeOf = (rows: ZoneRows, h: Row) => String(rows.hazards.find((x) => x.id === h.id)!.code);

/** The notices each step sent (HAZARD_NOTICES), to whom the recipient directory names. */
function composeStepNotices(z: ZoneClock, rows: ZoneRows, cast: ZoneCast, dir: RecipientDirectory): void {
  const ents = new Map(cast.ents.map((x) => [x.id, x]));
  for (const n of rows.toNotify) {
    const notice = HAZARD_NOTICES[n.action];
    if (!notice) continue;
    const users: string[] = [];
    for (const who of notice.to) {
      if (who === 'reporter') {
        if (n.h.reportedBy) users.push(String(n.h.reportedBy));
      } else if (who === 'responsible') users.push(...dir.at(n.h as never, 'responsible'));
      else if (who === 'grid_worker') users.push(...dir.at(n.h as never, 'grid_worker'));
      else if (who === 'safety_office') users.push(...dir.at(n.h as never, 'safety_office'));
      else users.push(...dir.at(n.h as never, 'zone_admin'));
    }
    const deadline = n.h.deadline ? `（期限 ${localDate(n.h.deadline as Date, z.tz)}）` : '';
    notify(z, rows, cast.rng, new Date(n.t.getTime() + 1500), users, {
      kind: `hazard.${n.action}`,
      title: `${notice.title}：${codeOf(rows, n.h)}`,
      body: `${ents.get(String(n.h.enterpriseId))?.name ?? ''}：${String(n.h.description).slice(0, 80)}${deadline}`,
      link: `/hazards/${String(n.h.id)}`,
      severity: notice.severity ?? (n.h.grade === 'major' ? 'warning' : 'info'),
      dedupeKey: `hazard-event:${uuidv7()}`,
    });
  }
}

/** Each escalation that fired before today: its notice (to the first level with people) and timeline row. */
function composeEscalations(z: ZoneClock, rows: ZoneRows, cast: ZoneCast, dir: RecipientDirectory): void {
  for (const x of rows.escalations) {
    const h = x.h;
    const unreached: EscalationLevel[] = [];
    let level: EscalationLevel = x.fire.target;
    let users: string[] = [];
    for (const l of escalationChainFrom(x.fire.target)) {
      level = l;
      users = dir.at(h as never, l);
      if (users.length) break;
      unreached.push(l);
    }
    const overdue = x.deadline.getTime() <= x.t.getTime();
    if (users.length)
      notify(z, rows, cast.rng, x.t, users, {
        kind: overdue ? 'hazard.overdue' : 'hazard.reminder',
        title: overdue ? `隐患逾期未整改：${codeOf(rows, h)}` : `隐患整改即将到期：${codeOf(rows, h)}`,
        body: `${dir.enterpriseName(String(h.enterpriseId))}：${String(h.description).slice(0, 60)}（${h.grade === 'major' ? '重大隐患' : '一般隐患'}，期限 ${localDate(x.deadline, z.tz)}，${HAZARD_STATUS_LABELS[x.status]}）`,
        link: `/hazards/${String(h.id)}`,
        severity: overdue ? (h.grade === 'major' ? 'critical' : 'warning') : 'info',
        dedupeKey: `hazard:${String(h.id)}:${x.deadline.getTime()}:${x.fire.key}`,
      });
    const ev = escalationEvent(z, x, overdue, level, users, unreached);
    rows.events.push(ev);
    rows.audit(x.t, null, 'hazard.escalate', 'HazardEvent', String(ev.id), null, 'create', ev);
  }
}

/** The 'escalated' timeline row: the stage, who was told (or that nobody could be), stages merged into it. */
function escalationEvent(
  z: ZoneClock,
  x: PastEscalation,
  overdue: boolean,
  level: EscalationLevel,
  users: string[],
  unreached: EscalationLevel[],
): Row {
  const offset = (s: PlannedStage) => Math.round((s.fireAt.getTime() - x.deadline.getTime()) / 1000);
  const who = users.length ? `已通知${ESCALATION_LEVEL_LABELS[level]}（${users.length} 人）` : '无人可通知（各级均无有效账号）';
  const gaps =
    unreached.length && users.length ? `${unreached.map((l) => ESCALATION_LEVEL_LABELS[l]).join('、')}无可通知人员，` : '';
  const merged = x.superseded.length
    ? `；已过时、不再单独发送：${x.superseded.map((s) => stageLabel(offset(s))).join('、')}`
    : '';
  return {
    id: uuidv7(),
    createdAt: x.t,
    updatedAt: x.t,
    tenantId: z.tenant.id,
    hazardId: x.h.id,
    action: 'escalated',
    fromStatus: x.status,
    toStatus: x.status,
    actorId: null,
    actorName: '系统',
    role: null,
    comment: `${overdue ? '逾期升级' : '到期提醒'}（${stageLabel(offset(x.fire))}）：${gaps}${who}${merged}`.slice(0, 1000),
    photoIds: [],
    lat: null,
    lng: null,
    at: x.t,
  };
}

/** The audit rows of every step, in time order, with the actor and time of the step. */
export async function insertAudits(tx: Em, z: ZoneClock, rows: ZoneRows, userAgent: string | null): Promise<void> {
  rows.audits.sort((a, b) => a.at.getTime() - b.at.getTime());
  await insertRows(
    tx,
    'audit_log',
    rows.audits.map((a) => ({
      tenant_id: z.tenant.id,
      at: a.at,
      actor_id: a.actor?.id ?? null,
      actor_name: a.actor?.name ?? null,
      role: a.actor?.role ?? null,
      action: a.action,
      entity_type: a.type,
      entity_id: a.id,
      scope_id: a.scope,
      op: a.op,
      diff: JSON.stringify(a.diff),
      ip: null,
      user_agent: userAgent,
      request_id: `demo-seed:${a.id}`.slice(0, 64),
    })),
  );
}
