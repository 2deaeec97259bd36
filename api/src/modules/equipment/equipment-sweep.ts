import { addDays, localDate, maintenanceDueDates } from '@yuanan/domain';
import { uuidv7 } from '../../core/db/ids.ts';
import { emTenantId } from '../../core/db/tenant-guard.ts';
import { lockRow } from '../../core/db/compare-and-set.ts';
import type { Em } from '../../core/db/orm.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import { User } from '../identity/identity.entity.ts';
import type { NotificationRow, NotificationService, NotifyInput } from '../notifications/notification.service.ts';
import type { EquipmentLoan } from './equipment.entity.ts';
import { EquipmentMaintenance, EquipmentModel, EquipmentReservation, EquipmentUnit } from './equipment.entity.ts';
import { borrowerKey, PICKUP_GRACE_MS, usersInRoles } from './equipment.service.ts';

type Zone = Pick<TenantInfo, 'id' | 'timeZone' | 'settings'>;

/** Days ahead a scheduled maintenance job is raised, so the board shows it before it is due. */
export const MAINTENANCE_LEAD_DAYS = 7;

export interface EquipmentSweepResult {
  reserved: number;
  released: number;
  lapsed: number;
  maintenanceRaised: number;
  /** Bundled overdue reminders sent (one per borrower per day). */
  reminded: number;
  /** Loans told to the office for the first time. */
  escalated: number;
  /** Notification rows written (a borrower's message to each of its recipients). */
  messages: number;
}

/**
 * Local dates and whole days overdue (the rule of domain's `daysOverdue`) with one formatter per sweep: building an
 * Intl.DateTimeFormat per loan costs tens of microseconds, which is most of a sweep over thousands of loans.
 */
function zoneDays(timeZone: string, now: Date) {
  const f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const today = f.format(now);
  const todayMs = Date.parse(`${today}T00:00:00Z`);
  return {
    today,
    date: (d: Date) => f.format(d),
    overdue: (due: Date) => Math.max(0, Math.round((todayMs - Date.parse(`${f.format(due)}T00:00:00Z`)) / 86_400_000)),
  };
}

/**
 * One sweep of a zone's equipment room (every 15 minutes, and by the reconciler): reservations start (the unit
 * becomes reserved) and lapse (not picked up within their first day, or over: cancelled, the unit released), scheduled
 * maintenance jobs are raised from the models' rules, and overdue loans are reminded — ONE message per borrower per
 * day listing every overdue unit, once, through the equipment_notices ledger written in the same transaction as the
 * notifications (so neither a retry nor a Redis flush sends it twice) — and told to the office once per loan after
 * the zone's `equipmentOverdueEscalationDays`. Returns what it did; the caller schedules the audit chain.
 */
export async function sweepEquipment(
  em: Em,
  zone: Zone,
  notifications: NotificationService,
  now = new Date(),
): Promise<EquipmentSweepResult> {
  const out: EquipmentSweepResult = {
    reserved: 0,
    released: 0,
    lapsed: 0,
    maintenanceRaised: 0,
    reminded: 0,
    escalated: 0,
    messages: 0,
  };
  await flipReservations(em, now, out);
  out.maintenanceRaised = await raiseMaintenance(em, zone, now);
  const r = await remindOverdue(em, zone, notifications, now);
  out.reminded = r.reminded;
  out.escalated = r.escalated;
  out.messages = r.messages;
  return out;
}

/** Reservations that lapsed or started since the last sweep, each under its unit's row lock. */
async function flipReservations(em: Em, now: Date, out: EquipmentSweepResult): Promise<void> {
  const lapsing = await em.find(
    EquipmentReservation,
    { status: 'active', $or: [{ endsAt: { $lte: now } }, { startsAt: { $lte: new Date(now.getTime() - PICKUP_GRACE_MS) } }] },
    { fields: ['id', 'unitId'], limit: 1000 },
  );
  for (const r of lapsing)
    await em.fork({ clear: true }).transactional(async (tx) => {
      const u = (await lockRow(tx, EquipmentUnit, { id: r.unitId })) as EquipmentUnit | null;
      const res = await lockRow(tx, EquipmentReservation, { id: r.id });
      if (!res || res.status !== 'active') return;
      res.status = 'cancelled';
      out.lapsed++;
      if (u?.status === 'reserved') {
        const current = await tx.count(EquipmentReservation, {
          unitId: u.id,
          status: 'active',
          id: { $ne: r.id },
          startsAt: { $lte: now, $gt: new Date(now.getTime() - PICKUP_GRACE_MS) },
          endsAt: { $gt: now },
        });
        if (!current) {
          u.status = 'available';
          out.released++;
        }
      }
    });
  const starting = await em.find(
    EquipmentReservation,
    { status: 'active', startsAt: { $lte: now }, endsAt: { $gt: now } },
    { fields: ['id', 'unitId'], limit: 1000 },
  );
  if (!starting.length) return;
  const idle = await em.find(
    EquipmentUnit,
    { id: { $in: [...new Set(starting.map((r) => r.unitId))] }, status: 'available', lendableBlockedReason: null },
    { fields: ['id'] },
  );
  for (const u of idle)
    await em.fork({ clear: true }).transactional(async (tx) => {
      const locked = (await lockRow(tx, EquipmentUnit, { id: u.id })) as EquipmentUnit | null;
      if (locked?.status !== 'available') return;
      locked.status = 'reserved';
      out.reserved++;
    });
}

/**
 * Raises the scheduled maintenance jobs due within MAINTENANCE_LEAD_DAYS (one open job per unit and kind), from each
 * model's rules and the unit's last passed job of that kind (else its purchase date, else when it was entered), and
 * keeps each unit's next due date.
 */
async function raiseMaintenance(em: Em, zone: Zone, now: Date): Promise<number> {
  const models = (await em.find(EquipmentModel, {}, { fields: ['id', 'maintenanceRules'] })).filter(
    (m) => (m.maintenanceRules ?? []).length,
  );
  if (!models.length) return 0;
  const rules = new Map(models.map((m) => [m.id, m.maintenanceRules ?? []]));
  const today = localDate(now, zone.timeZone);
  const horizon = addDays(today, MAINTENANCE_LEAD_DAYS);
  const units = await em.find(EquipmentUnit, { modelId: { $in: [...rules.keys()] }, status: { $nin: ['retired', 'lost'] } });
  if (!units.length) return 0;
  const jobs = await em.find(
    EquipmentMaintenance,
    { unitId: { $in: units.map((u) => u.id) } },
    { fields: ['unitId', 'kind', 'status', 'performedAt', 'dueOn'] },
  );
  const last = new Map<string, Record<string, string>>();
  const open = new Set<string>();
  for (const j of jobs) {
    if (j.status === 'due') open.add(`${j.unitId}:${j.kind}`);
    if (j.status !== 'passed') continue;
    const d = j.performedAt ? localDate(j.performedAt, zone.timeZone) : j.dueOn;
    const m = last.get(j.unitId) ?? {};
    if (!m[j.kind] || d > m[j.kind]!) m[j.kind] = d;
    last.set(j.unitId, m);
  }
  let raised = 0;
  await em.transactional(async (tx) => {
    for (const u of units) {
      const since = u.purchasedOn ?? localDate(u.createdAt, zone.timeZone);
      const due = maintenanceDueDates(rules.get(u.modelId)!, last.get(u.id) ?? {}, since);
      const next = due[0]?.dueOn ?? null;
      if (u.nextMaintenanceOn !== next) await tx.nativeUpdate(EquipmentUnit, { id: u.id }, { nextMaintenanceOn: next });
      for (const d of due) {
        if (d.dueOn > horizon || open.has(`${u.id}:${d.kind}`)) continue;
        tx.create(EquipmentMaintenance, {
          unitId: u.id,
          kind: d.kind,
          label: d.label,
          dueOn: d.dueOn,
          status: 'due',
          source: 'schedule',
          resultNote: null,
          photoFileIds: [],
          performedBy: null,
          performedAt: null,
        });
        open.add(`${u.id}:${d.kind}`);
        raised++;
      }
    }
  });
  return raised;
}

type OverdueLoan = Pick<
  EquipmentLoan,
  'id' | 'unitId' | 'borrowerKind' | 'enterpriseId' | 'borrowerUserId' | 'dueAt' | 'borrowerName'
>;

/**
 * The overdue reminders and escalations of a zone (see sweepEquipment): the loans, grouped by borrower, the ledger
 * rows already written today read once, then the new ledger rows and their notifications in one transaction
 * (set-based: thousands of loans in a few statements).
 */
export async function remindOverdue(
  em: Em,
  zone: Zone,
  notifications: NotificationService,
  now = new Date(),
): Promise<{ reminded: number; escalated: number; messages: number }> {
  // Plain SQL for the reads that scale with the loans (the ORM's hydration was most of the time at 10,000 loans).
  const tenantId = emTenantId(em);
  if (!tenantId) throw new Error('remindOverdue needs a tenant');
  const sql = <T>(q: string, params: unknown[]) =>
    em.getConnection().execute(q, params, 'all', em.getTransactionContext()) as Promise<T[]>;
  const loans: OverdueLoan[] = (
    await sql<Record<string, unknown>>(
      `SELECT id, unit_id, borrower_kind, enterprise_id, borrower_user_id, due_at, borrower_name FROM equipment_loans
       WHERE tenant_id = ? AND returned_at IS NULL AND due_at < ? AND borrower_kind <> 'incident' ORDER BY due_at, id`,
      [tenantId, now],
    )
  ).map((r) => ({
    id: r.id as string,
    unitId: r.unit_id as string,
    borrowerKind: r.borrower_kind as OverdueLoan['borrowerKind'],
    enterpriseId: (r.enterprise_id as string | null) ?? null,
    borrowerUserId: (r.borrower_user_id as string | null) ?? null,
    dueAt: asDate(r.due_at),
    borrowerName: r.borrower_name as string,
  }));
  if (!loans.length) return { reminded: 0, escalated: 0, messages: 0 };
  const days = zoneDays(zone.timeZone, now);
  const today = days.today;
  const groups = new Map<string, OverdueLoan[]>();
  for (const l of loans) {
    const key = borrowerKey(l);
    if (!key) continue;
    const g = groups.get(key);
    if (g) g.push(l);
    else groups.set(key, [l]);
  }
  const escalateAfter = zone.settings.equipmentOverdueEscalationDays;
  const late = loans.filter((l) => days.overdue(l.dueAt) >= escalateAfter);
  // What was already sent: today's reminders, and every escalation of these loans.
  const done = new Set<string>();
  const keys = [...groups.keys()];
  const sent = async (kind: string, list: string[], day: string | null) => {
    for (let i = 0; i < list.length; i += 1000) {
      const part = list.slice(i, i + 1000);
      for (const n of await sql<{ borrower_key: string }>(
        `SELECT borrower_key FROM equipment_notices WHERE tenant_id = ? AND kind = ?${day ? ' AND day = ?' : ''}
         AND borrower_key IN (${part.map(() => '?').join(', ')})`,
        [tenantId, kind, ...(day ? [day] : []), ...part],
      ))
        done.add(`${kind}:${n.borrower_key}`);
    }
  };
  await sent('overdue', keys, today);
  await sent(
    'escalation',
    late.map((l) => `loan:${l.id}`),
    null,
  );
  const todo = [...groups].filter(([k]) => !done.has(`overdue:${k}`));
  const newlyLate = late.filter((l) => !done.has(`escalation:loan:${l.id}`));
  if (!todo.length && !newlyLate.length) return { reminded: 0, escalated: 0, messages: 0 };

  // Names of the units (asset tag, model) for the message text.
  const unitIds = [...new Set([...todo.flatMap(([, ls]) => ls), ...newlyLate].map((l) => l.unitId))];
  const units = new Map<string, { assetTag: string; modelId: string }>();
  for (let i = 0; i < unitIds.length; i += 1000) {
    const part = unitIds.slice(i, i + 1000);
    for (const u of await sql<{ id: string; asset_tag: string; model_id: string }>(
      `SELECT id, asset_tag, model_id FROM equipment_units WHERE tenant_id = ? AND id IN (${part.map(() => '?').join(', ')})`,
      [tenantId, ...part],
    ))
      units.set(u.id, { assetTag: u.asset_tag, modelId: u.model_id });
  }
  const modelNames = new Map(
    (
      await em.find(
        EquipmentModel,
        { id: { $in: [...new Set([...units.values()].map((u) => u.modelId))] } },
        { fields: ['id', 'name'] },
      )
    ).map((m) => [m.id, m.name]),
  );
  const line = (l: OverdueLoan) => {
    const u = units.get(l.unitId);
    return `${modelNames.get(u?.modelId ?? '') ?? '器材'}（${u?.assetTag ?? ''}，应还 ${days.date(l.dueAt).slice(5)}，逾期 ${days.overdue(l.dueAt)} 天）`;
  };
  // Enterprises whose loans name no person: their administrators are told.
  const needAdmins = [
    ...new Set(
      todo
        .filter(([, ls]) => !ls.some((l) => l.borrowerUserId))
        .map(([, ls]) => ls[0]!.enterpriseId)
        .filter(Boolean),
    ),
  ] as string[];
  const admins = new Map<string, string[]>();
  if (needAdmins.length)
    for (const u of await em.find(
      User,
      { enterpriseId: { $in: needAdmins }, role: 'enterprise_admin', status: 'active' },
      { fields: ['id', 'enterpriseId'] },
    ))
      admins.set(u.enterpriseId!, [...(admins.get(u.enterpriseId!) ?? []), u.id]);

  // The ledger rows (one per borrower today, one per newly late loan) and, for each, the message it stands for.
  const reminders: Array<{ notice: NoticeRow; key: string; ls: OverdueLoan[] }> = todo.map(([key, ls]) => ({
    notice: notice(
      em,
      'overdue',
      key,
      today,
      ls.map((l) => l.id),
      now,
    ),
    key,
    ls,
  }));
  const escalations = newlyLate.map((l) => ({
    notice: notice(em, 'escalation', `loan:${l.id}`, days.date(l.dueAt), [l.id], now),
    l,
  }));
  const office = escalations.length ? await usersInRoles(em, ['safety_officer', 'zone_admin', 'equipment_keeper']) : [];
  let created: NotificationRow[] = [];
  let reminded = 0;
  let escalated = 0;
  await em.transactional(async (tx) => {
    // Claim the ledger rows: a concurrent sweep (the 15-minute job and the reconciler) that wrote a row first keeps
    // it — the duplicate is skipped, not an error — and only the rows this sweep wrote are sent.
    const mine = await claimNotices(tx, [...reminders.map((r) => r.notice), ...escalations.map((e) => e.notice)]);
    const inputs: NotifyInput[] = [];
    for (const { notice: n, key, ls } of reminders) {
      if (!mine.has(n.id)) continue;
      reminded++;
      const named = [...new Set(ls.map((l) => l.borrowerUserId).filter((x): x is string => Boolean(x)))];
      const to = named.length ? named : (admins.get(ls[0]!.enterpriseId ?? '') ?? []).slice(0, 3);
      if (!to.length) continue;
      inputs.push({
        userIds: to,
        kind: 'equipment.overdue',
        title: `借用器材逾期未还：${ls.length} 件`,
        body: `您借用的以下器材已逾期未还：${ls.map(line).join('；')}。请尽快送回器材室。`,
        link: '/equipment/loans?state=overdue',
        severity: 'warning',
        dedupeKey: `equipment.overdue:${key}:${today}`,
      });
    }
    const late = escalations.filter((e) => mine.has(e.notice.id)).map((e) => e.l);
    escalated = late.length;
    if (late.length && office.length)
      inputs.push({
        userIds: office,
        kind: 'equipment.escalation',
        title: `器材逾期超过 ${escalateAfter} 天：${late.length} 件`,
        body: `以下借出器材逾期超过 ${escalateAfter} 天仍未归还：${late.map((l) => `${l.borrowerName}：${line(l)}`).join('；')}。请督促归还。`,
        link: '/equipment/loans?state=overdue',
        severity: 'critical',
        dedupeKey: `equipment.escalation:${late[0]!.id}`,
      });
    created = await notifications.insertMany(tx, inputs, { fresh: true });
  });
  await notifications.published(em.fork({ clear: true }), created);
  return { reminded, escalated, messages: created.length };
}

/** A raw DATETIME as a Date (UTC; drivers may return strings). */
function asDate(v: unknown): Date {
  if (v instanceof Date) return v;
  return new Date(`${String(v).replace(' ', 'T')}Z`);
}

/** One row of the equipment_notices ledger (column names as in the table). */
type NoticeRow = {
  id: string;
  created_at: Date;
  updated_at: Date;
  tenant_id: string;
  kind: string;
  borrower_key: string;
  day: string;
  loan_ids: string;
};

/**
 * Writes ledger rows, skipping any whose (tenant, kind, borrower, day) another transaction already wrote (the unique
 * key equipment_notices_once; ON DUPLICATE KEY keeps the first row), and returns the ids of the rows written here.
 * A concurrent writer of the same key waits on the key's lock until the first commits, so exactly one claims it.
 */
async function claimNotices(tx: Em, rows: NoticeRow[]): Promise<Set<string>> {
  const mine = new Set<string>();
  if (!rows.length) return mine;
  const tenantId = emTenantId(tx);
  if (!tenantId || rows.some((r) => r.tenant_id !== tenantId)) throw new Error('claimNotices: rows outside the tenant');
  const conn = tx.getConnection();
  const ctx = tx.getTransactionContext();
  const columns = Object.keys(rows[0]!) as Array<keyof NoticeRow>;
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  for (let i = 0; i < rows.length; i += 500) {
    const part = rows.slice(i, i + 500);
    await conn.execute(
      `INSERT INTO equipment_notices (${columns.map((c) => `\`${c}\``).join(', ')}) VALUES ${part.map(() => tuple).join(', ')}
       ON DUPLICATE KEY UPDATE \`id\` = \`id\``,
      part.flatMap((r) => columns.map((c) => r[c])),
      'run',
      ctx,
    );
    for (const r of (await conn.execute(
      `SELECT id FROM equipment_notices WHERE tenant_id = ? AND id IN (${part.map(() => '?').join(', ')})`,
      [tenantId, ...part.map((r) => r.id)],
      'all',
      ctx,
    )) as Array<{ id: string }>)
      mine.add(r.id);
  }
  return mine;
}

function notice(
  em: Em,
  kind: 'overdue' | 'escalation',
  borrowerKey: string,
  day: string,
  loanIds: string[],
  now: Date,
): NoticeRow {
  const tenantId = emTenantId(em);
  return {
    id: uuidv7(),
    created_at: now,
    updated_at: now,
    tenant_id: tenantId ?? '',
    kind,
    borrower_key: borrowerKey.slice(0, 80),
    day,
    loan_ids: JSON.stringify(loanIds.slice(0, 50)),
  };
}
