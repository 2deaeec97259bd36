import { LockMode } from '@mikro-orm/core';
import { ENTERPRISE_ROLES } from '@yuanan/contracts';
import {
  byColourAnchor,
  currentOrNextPeriod,
  initialTaskStatus,
  localDate,
  periodInstants,
  reminderDue,
  type FrequencyDays,
  type ScheduleColour,
  type ScheduleRule,
  zoneDate,
} from '@yuanan/domain';
import type { Container } from '../../core/container.ts';
import { auditCreates, type SqlValue } from '../../core/db/bulk-write.ts';
import { uuidv7 } from '../../core/db/ids.ts';
import type { Em } from '../../core/db/orm.ts';
import { emTenantId } from '../../core/db/tenant-guard.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import { User } from '../identity/identity.entity.ts';
import type { NotificationRow, NotificationService, NotifyInput } from '../notifications/notification.service.ts';
import { InspectionAgency, InspectionContract, InspectionPlan, InspectionTask, InspectionTemplate } from './inspection.entity.ts';

/**
 * Inspection task generation (检查任务生成) and the status sweep. The database is the truth: a task is unique per
 * (plan, enterprise, period), so generating twice, after a restart or after Redis lost its jobs, inserts nothing
 * twice. Generation is set-based: one query per plan reads every matching enterprise with what it needs of its
 * task history, the periods are computed in process (packages/domain inspection-schedule.ts), and the missing
 * tasks are inserted in multi-row statements that ignore duplicates on the unique key.
 *
 * Only the current period is generated (the next appears when it starts). by_colour plans are a rolling chain per
 * enterprise: the next period starts the day after its last inspection (or after the complete-by day of its last
 * missed task), with the length of its colour; an enterprise with a pending task of the plan gets no other one.
 */

const INSERT_CHUNK = 500;

export interface GenerateResult {
  /** Tasks inserted. */
  created: number;
  /** Matching enterprises that already had their task for the period. */
  existing: number;
}

type PlanLike = Pick<
  InspectionPlan,
  | 'id'
  | 'kind'
  | 'assigneeKind'
  | 'assigneeUserId'
  | 'assigneeRole'
  | 'agencyId'
  | 'target'
  | 'templateIds'
  | 'frequency'
  | 'startDate'
  | 'endDate'
  | 'windowDays'
  | 'enabled'
>;

export function scheduleRule(plan: Pick<PlanLike, 'frequency' | 'startDate' | 'endDate' | 'windowDays'>): ScheduleRule {
  return { frequency: plan.frequency, startDate: plan.startDate, endDate: plan.endDate, windowDays: plan.windowDays };
}

function frequencyDays(t: TenantInfo): FrequencyDays {
  return t.settings.inspectionFrequencyDays as FrequencyDays;
}

/** A raw DATETIME as a Date (drivers may return strings for DATETIME columns of derived tables). */
function asDate(v: unknown): Date | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v;
  const d = new Date(`${String(v).replace(' ', 'T')}Z`);
  return Number.isNaN(d.getTime()) ? null : d;
}

function asArray(v: unknown): string[] {
  if (Array.isArray(v)) return v as string[];
  if (typeof v === 'string' && v) {
    try {
      const parsed = JSON.parse(v) as unknown;
      return Array.isArray(parsed) ? (parsed as string[]) : [];
    } catch {
      return [];
    }
  }
  return [];
}

/** The enterprises of an agency's contracts in force on `today`; null for plans that are not an agency's. */
async function contractedEnterprises(em: Em, plan: PlanLike, today: string): Promise<Set<string> | null> {
  if (plan.assigneeKind !== 'agency') return null;
  if (!plan.agencyId) return new Set();
  const contracts = await em.find(
    InspectionContract,
    { agencyId: plan.agencyId, startDate: { $lte: today }, endDate: { $gte: today } },
    { fields: ['enterpriseIds'] },
  );
  return new Set(contracts.flatMap((c) => c.enterpriseIds ?? []));
}

/**
 * The SQL condition (on `enterprises e`) of a plan's target: active enterprises, each non-empty axis of the target
 * ANDed (grids, key-place tags — any of them, colours, a list), intersected with `ids` when given.
 */
function targetSql(
  tenantId: string,
  plan: Pick<PlanLike, 'target'>,
  ids: Set<string> | string[] | null,
): { sql: string; params: SqlValue[] } {
  const t = plan.target ?? { gridIds: [], tags: [], colours: [], enterpriseIds: [] };
  const parts = ['e.tenant_id = ?', "e.status = 'active'"];
  const params: SqlValue[] = [tenantId];
  const inList = (col: string, values: string[]) => {
    parts.push(`${col} IN (${values.map(() => '?').join(', ')})`);
    params.push(...values);
  };
  if (t.gridIds?.length) inList('e.grid_id', t.gridIds);
  if (t.colours?.length) inList('e.risk_colour', t.colours);
  if (t.enterpriseIds?.length) inList('e.id', t.enterpriseIds);
  if (t.tags?.length) {
    parts.push(`(${t.tags.map(() => 'e.key_place_tags_text LIKE ?').join(' OR ')})`);
    params.push(...t.tags.map((tag) => `%,${tag},%`));
  }
  if (ids) {
    const list = [...ids];
    if (!list.length) parts.push('1 = 0');
    else inList('e.id', list);
  }
  return { sql: parts.join(' AND '), params };
}

/** How many enterprises a plan reaches now, and the first few by name (the plan form's preview). */
export async function previewPlan(
  em: Em,
  tenant: TenantInfo,
  plan: PlanLike,
  sampleSize = 10,
): Promise<{ enterprises: number; sample: Array<{ id: string; name: string; colour: ScheduleColour | null }> }> {
  const today = localDate(new Date(), tenant.timeZone);
  const where = targetSql(tenant.id, plan, await contractedEnterprises(em, plan, today));
  const conn = em.getConnection();
  const [count] = (await conn.execute(
    `SELECT COUNT(*) AS n FROM enterprises e WHERE ${where.sql}`,
    where.params,
    'all',
  )) as Array<{
    n: number | string;
  }>;
  const sample = (await conn.execute(
    `SELECT e.id, e.name, e.risk_colour AS colour FROM enterprises e WHERE ${where.sql} ORDER BY e.name, e.id LIMIT ${Math.max(1, Math.min(50, sampleSize))}`,
    where.params,
    'all',
  )) as Array<{ id: string; name: string; colour: ScheduleColour | null }>;
  return { enterprises: Number(count?.n ?? 0), sample };
}

interface TemplateChoice {
  id: string;
  industries: string[];
  tags: string[];
}

/**
 * The plan's templates in order, each as its latest published version (a plan keeps working when a template is
 * revised). Retired or never-published codes are left out.
 */
async function planTemplates(em: Em, plan: Pick<PlanLike, 'templateIds'>): Promise<TemplateChoice[]> {
  const ids = plan.templateIds ?? [];
  if (!ids.length) return [];
  const named = await em.find(InspectionTemplate, { id: { $in: ids } }, { fields: ['id', 'code'] });
  const codeOf = new Map(named.map((t) => [t.id, t.code]));
  const codes = [...new Set(named.map((t) => t.code))];
  const published = await em.find(
    InspectionTemplate,
    { code: { $in: codes }, status: 'published' },
    { fields: ['id', 'code', 'version', 'industries', 'tags'], orderBy: { version: 'desc' } },
  );
  const latest = new Map<string, TemplateChoice>();
  for (const t of published)
    if (!latest.has(t.code)) latest.set(t.code, { id: t.id, industries: t.industries ?? [], tags: t.tags ?? [] });
  const out: TemplateChoice[] = [];
  for (const id of ids) {
    const code = codeOf.get(id);
    const t = code ? latest.get(code) : undefined;
    if (t && !out.some((o) => o.id === t.id)) out.push(t);
  }
  return out;
}

/** A template applies to an enterprise when its industries (code prefixes) and tags (any) allow it. */
export function templateApplies(
  t: Pick<TemplateChoice, 'industries' | 'tags'>,
  industryCode: string | null,
  tags: string[],
): boolean {
  const industryOk = !t.industries.length || (industryCode !== null && t.industries.some((p) => industryCode.startsWith(p)));
  const tagsOk = !t.tags.length || t.tags.some((tag) => tags.includes(tag));
  return industryOk && tagsOk;
}

/**
 * The first of the plan's templates that applies to the enterprise; the plan's first template when none does
 * (the office chose these enterprises and this checklist).
 */
function chooseTemplate(templates: TemplateChoice[], industryCode: string | null, tags: string[]): string | null {
  return (templates.find((t) => templateApplies(t, industryCode, tags)) ?? templates[0])?.id ?? null;
}

interface CandidateRow {
  id: string;
  grid_id: string | null;
  risk_colour: ScheduleColour | null;
  industry_code: string | null;
  key_place_tags: unknown;
  last_done: unknown;
  last_missed_due: unknown;
  active: number | string | null;
  has_key: number | string | null;
}

/**
 * Generates one plan's tasks for the current period: every matching enterprise without one gets it. Pass
 * `enterpriseIds` to limit the run to some enterprises (a colour change). Writes in chunks, each in its own
 * transaction with its audit rows; the caller schedules the zone's audit chainer when `created` > 0.
 */
export async function generatePlan(
  em: Em,
  tenant: TenantInfo,
  plan: PlanLike,
  now = new Date(),
  enterpriseIds: string[] | null = null,
): Promise<GenerateResult> {
  if (!plan.enabled) return { created: 0, existing: 0 };
  const today = localDate(now, tenant.timeZone);
  const rule = scheduleRule(plan);
  const fixed = plan.frequency === 'by_colour' ? null : currentOrNextPeriod(rule, today);
  // A fixed-frequency plan outside its dates has nothing to generate.
  if (plan.frequency !== 'by_colour' && !fixed) return { created: 0, existing: 0 };
  if (plan.frequency === 'by_colour' && (today < plan.startDate || (plan.endDate && today > plan.endDate)))
    return { created: 0, existing: 0 };
  const templates = await planTemplates(em, plan);
  if (!templates.length) return { created: 0, existing: 0 };
  let ids: Set<string> | string[] | null = await contractedEnterprises(em, plan, today);
  if (enterpriseIds) ids = ids ? enterpriseIds.filter((id) => (ids as Set<string>).has(id)) : enterpriseIds;
  const where = targetSql(tenant.id, plan, ids);
  // One read: each matching enterprise with its history under this plan.
  const rows = (await em.getConnection().execute(
    `SELECT e.id, e.grid_id, e.risk_colour, e.industry_code, e.key_place_tags,
            h.last_done, h.last_missed_due, h.active, h.has_key
       FROM enterprises e
       LEFT JOIN (
         SELECT enterprise_id,
                MAX(CASE WHEN status = 'done' THEN completed_at END) AS last_done,
                MAX(CASE WHEN status = 'missed' THEN due_at END) AS last_missed_due,
                SUM(CASE WHEN status IN ('scheduled', 'open', 'in_progress') THEN 1 ELSE 0 END) AS active,
                SUM(CASE WHEN period_key = ? THEN 1 ELSE 0 END) AS has_key
           FROM inspection_tasks
          WHERE tenant_id = ? AND plan_id = ?
          GROUP BY enterprise_id
       ) h ON h.enterprise_id = e.id
      WHERE ${where.sql}`,
    [fixed?.periodKey ?? '', tenant.id, plan.id, ...where.params],
    'all',
  )) as CandidateRow[];
  if (!rows.length) return { created: 0, existing: 0 };

  const role = plan.assigneeKind === 'role' ? (plan.assigneeRole ?? null) : null;
  const selfCheck = role !== null && (ENTERPRISE_ROLES as readonly string[]).includes(role);
  const kind = selfCheck ? 'self_check' : plan.kind;
  const stamp = new Date();
  const tasks: Array<Record<string, SqlValue>> = [];
  let existing = 0;
  for (const r of rows) {
    let period = fixed;
    if (plan.frequency === 'by_colour') {
      if (Number(r.active ?? 0) > 0) {
        existing++;
        continue;
      }
      const lastDone = asDate(r.last_done);
      const lastMissed = asDate(r.last_missed_due);
      const anchor = byColourAnchor(
        plan.startDate,
        lastDone ? zoneDate(lastDone, tenant.timeZone) : null,
        lastMissed ? zoneDate(lastMissed, tenant.timeZone) : null,
      );
      period = currentOrNextPeriod(rule, today, { colour: r.risk_colour, frequencyDays: frequencyDays(tenant), anchor });
      if (!period) continue;
    } else if (Number(r.has_key ?? 0) > 0) {
      existing++;
      continue;
    }
    const templateId = chooseTemplate(templates, r.industry_code, asArray(r.key_place_tags));
    if (!templateId || !period) continue;
    const { startAt, dueAt } = periodInstants(period, tenant.timeZone);
    tasks.push({
      id: uuidv7(),
      created_at: stamp,
      updated_at: stamp,
      tenant_id: tenant.id,
      plan_id: plan.id,
      enterprise_id: r.id,
      grid_id: r.grid_id,
      template_id: templateId,
      kind,
      // A role's task stays the role's (any grid worker of the enterprise's grid, any of its enterprise's staff).
      assignee_user_id: plan.assigneeKind === 'user' ? (plan.assigneeUserId ?? null) : null,
      assignee_role: role,
      agency_id: plan.assigneeKind === 'agency' ? (plan.agencyId ?? null) : null,
      period_key: period.periodKey,
      start_at: startAt,
      due_at: dueAt,
      status: initialTaskStatus(startAt, now),
      late: 0,
      hazard_ids: '[]',
      version: 1,
    });
  }
  const created = await insertTasks(em, tasks);
  return { created, existing: existing + (tasks.length - created) };
}

/**
 * Inserts task rows in chunks, ignoring those whose (tenant, plan, enterprise, period) exists already (a
 * concurrent generation won), and audits the rows this call inserted. Returns how many it inserted.
 */
export async function insertTasks(em: Em, rows: Array<Record<string, SqlValue>>, chunk = INSERT_CHUNK): Promise<number> {
  if (!rows.length) return 0;
  const columns = Object.keys(rows[0]!);
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  let inserted = 0;
  for (let i = 0; i < rows.length; i += chunk) {
    const part = rows.slice(i, i + chunk);
    inserted += await em.transactional(async (tx) => {
      const conn = tx.getConnection();
      const ctx = tx.getTransactionContext();
      await conn.execute(
        `INSERT INTO inspection_tasks (${columns.map((c) => `\`${c}\``).join(', ')}) VALUES ${part.map(() => tuple).join(', ')}
           ON DUPLICATE KEY UPDATE id = id`,
        part.flatMap((r) => columns.map((c) => r[c] ?? null)),
        'run',
        ctx,
      );
      // Which of our ids made it (a duplicate kept the other row's id).
      const ours = new Set(
        (
          (await conn.execute(
            `SELECT id FROM inspection_tasks WHERE tenant_id = ? AND id IN (${part.map(() => '?').join(', ')})`,
            [part[0]!.tenant_id, ...part.map((r) => r.id)],
            'all',
            ctx,
          )) as Array<{ id: string }>
        ).map((r) => r.id),
      );
      const mine = part.filter((r) => ours.has(String(r.id)));
      if (mine.length)
        await auditCreates(
          tx,
          'InspectionTask',
          mine.map((r) => ({
            id: String(r.id),
            scopeId: String(r.enterprise_id),
            diff: {
              planId: r.plan_id,
              enterpriseId: r.enterprise_id,
              templateId: r.template_id,
              periodKey: r.period_key,
              startAt: (r.start_at as Date).toISOString(),
              dueAt: (r.due_at as Date).toISOString(),
              status: r.status,
              assigneeUserId: r.assignee_user_id,
              assigneeRole: r.assignee_role,
              agencyId: r.agency_id,
            },
          })),
        );
      return mine.length;
    });
  }
  return inserted;
}

/** Generates every enabled plan of a zone (the daily job, the reconciler, after a colour change for some enterprises). */
export async function generateZone(
  em: Em,
  tenant: TenantInfo,
  now = new Date(),
  opts: { enterpriseIds?: string[]; planIds?: string[] } = {},
): Promise<GenerateResult & { plans: number }> {
  const where: Record<string, unknown> = { enabled: true };
  if (opts.planIds) where.id = { $in: opts.planIds };
  const plans = await em.find(InspectionPlan, where, { orderBy: { id: 'asc' } });
  const out = { created: 0, existing: 0, plans: plans.length };
  for (const plan of plans) {
    const r = await generatePlan(em, tenant, plan, now, opts.enterpriseIds ?? null);
    out.created += r.created;
    out.existing += r.existing;
  }
  em.clear();
  return out;
}

/**
 * A colour change moves the next due date: the pending, not-started tasks of by_colour plans of these enterprises
 * are re-planned from the chain's anchor (last inspection / last missed complete-by) with the new colour's period;
 * their period key moves with them. Then enterprises without a pending task get one (a newly rated enterprise).
 */
export async function replanEnterprises(
  em: Em,
  tenant: TenantInfo,
  enterpriseIds: string[],
  now = new Date(),
): Promise<{ replanned: number; created: number }> {
  if (!enterpriseIds.length) return { replanned: 0, created: 0 };
  const plans = await em.find(InspectionPlan, { enabled: true, frequency: 'by_colour' });
  if (!plans.length) return { replanned: 0, created: 0 };
  const today = localDate(now, tenant.timeZone);
  let replanned = 0;
  for (let i = 0; i < enterpriseIds.length; i += 500) {
    const ids = enterpriseIds.slice(i, i + 500);
    const colours = new Map(
      (
        (await em
          .getConnection()
          .execute(
            `SELECT id, risk_colour FROM enterprises WHERE tenant_id = ? AND id IN (${ids.map(() => '?').join(', ')})`,
            [tenant.id, ...ids],
            'all',
          )) as Array<{ id: string; risk_colour: ScheduleColour | null }>
      ).map((r) => [r.id, r.risk_colour]),
    );
    await em.transactional(async (tx) => {
      const pending = await tx.find(
        InspectionTask,
        {
          planId: { $in: plans.map((p) => p.id) },
          enterpriseId: { $in: ids },
          status: { $in: ['scheduled', 'open'] },
          startedAt: null,
        },
        { orderBy: { dueAt: 'desc' } },
      );
      if (!pending.length) return;
      const history = (await tx.getConnection().execute(
        `SELECT plan_id, enterprise_id,
                  MAX(CASE WHEN status = 'done' THEN completed_at END) AS last_done,
                  MAX(CASE WHEN status = 'missed' THEN due_at END) AS last_missed_due
             FROM inspection_tasks
            WHERE tenant_id = ? AND enterprise_id IN (${ids.map(() => '?').join(', ')}) AND status IN ('done', 'missed')
            GROUP BY plan_id, enterprise_id`,
        [tenant.id, ...ids],
        'all',
        tx.getTransactionContext(),
      )) as Array<{ plan_id: string; enterprise_id: string; last_done: unknown; last_missed_due: unknown }>;
      const historyOf = new Map(history.map((h) => [`${h.plan_id}:${h.enterprise_id}`, h]));
      const seen = new Set<string>();
      // Keys held by the pending tasks of each plan and enterprise: a re-plan never takes another task's key.
      const held = new Set(pending.map((x) => `${x.planId}:${x.enterpriseId}:${x.periodKey}`));
      for (const task of pending) {
        const key = `${task.planId}:${task.enterpriseId}`;
        // The latest pending task of a plan and enterprise carries the chain; older ones keep their dates.
        if (seen.has(key)) continue;
        seen.add(key);
        const plan = plans.find((p) => p.id === task.planId)!;
        const h = historyOf.get(key);
        const lastDone = asDate(h?.last_done);
        const lastMissed = asDate(h?.last_missed_due);
        const anchor = byColourAnchor(
          plan.startDate,
          lastDone ? zoneDate(lastDone, tenant.timeZone) : null,
          lastMissed ? zoneDate(lastMissed, tenant.timeZone) : null,
        );
        const period = currentOrNextPeriod(scheduleRule(plan), today, {
          colour: colours.get(task.enterpriseId) ?? null,
          frequencyDays: frequencyDays(tenant),
          anchor,
        });
        if (!period) continue;
        const { startAt, dueAt } = periodInstants(period, tenant.timeZone);
        if (task.periodKey === period.periodKey && task.dueAt.getTime() === dueAt.getTime()) continue;
        if (task.periodKey !== period.periodKey && held.has(`${key}:${period.periodKey}`)) continue;
        task.periodKey = period.periodKey;
        task.startAt = startAt;
        task.dueAt = dueAt;
        task.status = initialTaskStatus(startAt, now);
        task.reminderSentAt = null;
        replanned++;
      }
      await tx.flush();
    });
    em.clear();
  }
  const generated = await generateZone(em, tenant, now, { enterpriseIds, planIds: plans.map((p) => p.id) });
  return { replanned, created: generated.created };
}

export interface SweepResult {
  opened: number;
  missed: number;
  reminded: number;
  /** Plans whose tasks went missed (their by_colour chains continue: the caller generates them). */
  planIds: string[];
}

/** The people a task's reminder goes to: its assignee, else its role's people for the enterprise, else the agency's. */
async function assigneesOf(
  em: Em,
  tasks: Array<Pick<InspectionTask, 'assigneeUserId' | 'assigneeRole' | 'agencyId' | 'enterpriseId' | 'gridId'>>,
): Promise<(t: (typeof tasks)[number]) => string[]> {
  const roles = [...new Set(tasks.filter((t) => !t.assigneeUserId && t.assigneeRole).map((t) => t.assigneeRole!))];
  const users = roles.length
    ? await em.find(
        User,
        { role: { $in: roles as never[] }, status: 'active' },
        { fields: ['id', 'role', 'gridIds', 'enterpriseId'] },
      )
    : [];
  const agencyIds = [...new Set(tasks.filter((t) => !t.assigneeUserId && t.agencyId).map((t) => t.agencyId!))];
  const agencies = agencyIds.length
    ? new Map(
        (await em.find(InspectionAgency, { id: { $in: agencyIds } }, { fields: ['id', 'memberUserIds'] })).map((a) => [
          a.id,
          a.memberUserIds ?? [],
        ]),
      )
    : new Map<string, string[]>();
  return (t) => {
    if (t.assigneeUserId) return [t.assigneeUserId];
    if (t.assigneeRole) {
      const of = users.filter((u) => u.role === t.assigneeRole);
      if (t.assigneeRole === 'grid_worker')
        return of.filter((u) => t.gridId && (u.gridIds ?? []).includes(t.gridId)).map((u) => u.id);
      if ((ENTERPRISE_ROLES as readonly string[]).includes(t.assigneeRole))
        return of.filter((u) => u.enterpriseId === t.enterpriseId).map((u) => u.id);
      return of.map((u) => u.id);
    }
    if (t.agencyId) return agencies.get(t.agencyId) ?? [];
    return [];
  };
}

/**
 * The status sweep of one zone (every 15 minutes): scheduled → open at startAt; scheduled/open and never started →
 * missed after dueAt (the safety office is told, one notice per sweep); the assignee reminded
 * `inspectionReminderHours` before dueAt, once (reminderSentAt). In progress past dueAt stays in progress (it will
 * be `late`). Each change is made through the unit of work (audited) with its notifications in the same
 * transaction, so a retried sweep neither repeats nor loses one.
 */
export async function sweepZone(
  em: Em,
  tenant: TenantInfo,
  notifications: NotificationService,
  now = new Date(),
  batch = 500,
): Promise<SweepResult> {
  const out: SweepResult = { opened: 0, missed: 0, reminded: 0, planIds: [] };
  const plans = new Set<string>();
  const published: NotificationRow[] = [];
  // scheduled → open
  for (;;) {
    const n = await em.transactional(async (tx) => {
      const rows = await tx.find(
        InspectionTask,
        { status: 'scheduled', startAt: { $lte: now }, dueAt: { $gte: now } },
        { limit: batch, orderBy: { startAt: 'asc', id: 'asc' } },
      );
      for (const t of rows) t.status = 'open';
      await tx.flush();
      return rows.length;
    });
    em.clear();
    out.opened += n;
    if (n < batch) break;
  }
  // → missed
  const office = (await em.find(User, { role: 'safety_officer', status: 'active' }, { fields: ['id'] })).map((u) => u.id);
  for (;;) {
    const n = await em.transactional(async (tx) => {
      const rows = await tx.find(
        InspectionTask,
        { status: { $in: ['scheduled', 'open'] }, startedAt: null, dueAt: { $lt: now } },
        { limit: batch, orderBy: { dueAt: 'asc', id: 'asc' } },
      );
      if (!rows.length) return 0;
      for (const t of rows) {
        t.status = 'missed';
        if (t.planId) plans.add(t.planId);
      }
      if (office.length) {
        const names = await enterpriseNames(
          tx,
          rows.map((r) => r.enterpriseId),
        );
        const shown = rows.slice(0, 3).map((r) => names.get(r.enterpriseId) ?? '');
        const input: NotifyInput = {
          userIds: office,
          kind: 'inspection.missed',
          title: `检查任务逾期未检：${rows.length} 项`,
          body: `${shown.join('、')}${rows.length > shown.length ? ` 等 ${rows.length} 家企业` : ''}的检查任务已过完成期限仍未检查，请督促或重新安排。`,
          link: '/inspections/tasks?status=missed',
          severity: 'warning',
          dedupeKey: `inspection-missed:${rows[0]!.id}:${rows.length}`,
        };
        published.push(...(await notifications.stageMany(tx, [input])));
      }
      await tx.flush();
      return rows.length;
    });
    em.clear();
    out.missed += n;
    if (n < batch) break;
  }
  // reminders before the due time
  const hours = tenant.settings.inspectionReminderHours ?? 24;
  for (;;) {
    const n = await em.transactional(async (tx) => {
      const rows = (
        await tx.find(
          InspectionTask,
          {
            status: { $in: ['open', 'in_progress'] },
            reminderSentAt: null,
            dueAt: { $gt: now, $lte: new Date(now.getTime() + hours * 3_600_000) },
          },
          // SKIP LOCKED: two runs at once (worker start and the schedule) take different rows instead of both
          // reminding the same tasks and one failing on the notifications' dedupe key.
          { limit: batch, orderBy: { dueAt: 'asc', id: 'asc' }, lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE },
        )
      ).filter((t) => reminderDue(t, now, hours));
      if (!rows.length) return 0;
      const who = await assigneesOf(tx, rows);
      const names = await enterpriseNames(
        tx,
        rows.map((r) => r.enterpriseId),
      );
      const inputs: NotifyInput[] = [];
      for (const t of rows) {
        t.reminderSentAt = now;
        const userIds = who(t);
        if (!userIds.length) continue;
        inputs.push({
          userIds,
          kind: 'inspection.dueSoon',
          title: '检查任务即将到期',
          body: `${names.get(t.enterpriseId) ?? ''}的检查任务请于 ${localDate(t.dueAt, tenant.timeZone)} 前完成。`,
          link: `/inspections/tasks/${t.id}`,
          severity: 'info',
          dedupeKey: `inspection-due:${t.id}:${t.dueAt.getTime()}`,
        });
      }
      if (inputs.length) published.push(...(await notifications.stageMany(tx, inputs)));
      await tx.flush();
      return rows.length;
    });
    em.clear();
    out.reminded += n;
    if (n < batch) break;
  }
  if (published.length) await notifications.published(em.fork({ clear: true }), published);
  out.planIds = [...plans];
  return out;
}

async function enterpriseNames(em: Em, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = (await em
    .getConnection()
    .execute(
      `SELECT id, name FROM enterprises WHERE tenant_id = ? AND id IN (${unique.map(() => '?').join(', ')})`,
      [emTenantIdOf(em), ...unique],
      'all',
      em.getTransactionContext(),
    )) as Array<{ id: string; name: string }>;
  return new Map(rows.map((r) => [r.id, r.name]));
}

function emTenantIdOf(em: Em): string {
  const id = emTenantId(em);
  if (!id) throw new Error('inspection generation outside a tenant');
  return id;
}

/** Sweep then generate one zone (the daily job); the audit chainer is scheduled when rows were written. */
export async function dailyZone(
  c: Container,
  em: Em,
  tenant: TenantInfo,
  notifications: NotificationService,
  now = new Date(),
): Promise<Record<string, number>> {
  const swept = await sweepZone(em, tenant, notifications, now);
  const generated = await generateZone(em, tenant, now);
  if (generated.created || swept.missed || swept.opened || swept.reminded) c.audit.schedule(tenant.id);
  return { ...generated, opened: swept.opened, missed: swept.missed, reminded: swept.reminded };
}
