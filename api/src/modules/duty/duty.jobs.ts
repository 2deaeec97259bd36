import { localDate, teamRoster } from '@yuanan/domain';
import type { Container } from '../../core/container.ts';
import { runInScope } from '../../core/context/request-scope.ts';
import { uuidv7 } from '../../core/db/ids.ts';
import { tenantEm, type Em } from '../../core/db/orm.ts';
import { emTenantId } from '../../core/db/tenant-guard.ts';
import type { JobHandler, ScheduleDef } from '../../core/queue/job-registry.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import { User } from '../identity/identity.entity.ts';
import type { Reconciler } from '../maintenance/maintenance.jobs.ts';
import type { NotificationRow, NotificationService, NotifyInput } from '../notifications/notification.service.ts';
import { DutyTeam } from './duty.entity.ts';
import type { DutyService } from './duty.service.ts';

export const DUTY_SWEEP_JOB = 'duty.sweep';
/** The sweep's period. */
export const DUTY_SWEEP_EVERY_MS = 15 * 60_000;

const HOUR = 3_600_000;

export interface DutyNoticeKey {
  kind: 'reminder' | 'gap';
  teamId: string;
  /** '' for a team-wide notice (a gap). */
  userId: string;
  slotStart: Date;
}

const keyOf = (k: DutyNoticeKey) => `${k.kind}|${k.teamId}|${k.userId}|${k.slotStart.getTime()}`;

/**
 * Claims duty notices in the caller's transaction and returns the keys this call claimed (the others were sent
 * before): one multi-row `INSERT … ON DUPLICATE KEY UPDATE` (a no-op on an existing key) with ids of our own, then a
 * locking read of whose id each key holds — the pattern of core/queue/claim-effects.ts on `duty_notices`. A rollback
 * un-claims; a concurrent sweep waits on the row lock and then sees the key taken.
 */
export async function claimDutyNotices(em: Em, keys: DutyNoticeKey[]): Promise<Set<string>> {
  const tenantId = emTenantId(em);
  if (!tenantId) throw new Error('claimDutyNotices needs a tenant');
  const unique = [...new Map(keys.map((k) => [keyOf(k), k])).values()].sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
  const ours = new Set<string>();
  const conn = em.getConnection();
  const ctx = em.getTransactionContext();
  for (let i = 0; i < unique.length; i += 500) {
    const chunk = unique.slice(i, i + 500);
    const now = new Date();
    const mine = new Map(chunk.map((k) => [keyOf(k), uuidv7()]));
    await conn.execute(
      `INSERT INTO duty_notices (id, created_at, updated_at, tenant_id, kind, team_id, user_id, slot_start) VALUES ${chunk
        .map(() => '(?, ?, ?, ?, ?, ?, ?, ?)')
        .join(', ')} ON DUPLICATE KEY UPDATE kind = kind`,
      chunk.flatMap((k) => [mine.get(keyOf(k))!, now, now, tenantId, k.kind, k.teamId, k.userId, k.slotStart]),
      'run',
      ctx,
    );
    const rows = (await conn.execute(
      `SELECT id, kind, team_id, user_id, slot_start FROM duty_notices WHERE tenant_id = ? AND (${chunk
        .map(() => '(kind = ? AND team_id = ? AND user_id = ? AND slot_start = ?)')
        .join(' OR ')}) FOR UPDATE`,
      [tenantId, ...chunk.flatMap((k) => [k.kind, k.teamId, k.userId, k.slotStart])],
      'all',
      ctx,
    )) as Array<{ id: string; kind: 'reminder' | 'gap'; team_id: string; user_id: string; slot_start: Date | string }>;
    for (const r of rows) {
      const k = keyOf({ kind: r.kind, teamId: r.team_id, userId: r.user_id, slotStart: new Date(r.slot_start) });
      if (mine.get(k) === r.id) ours.add(k);
    }
  }
  return ours;
}

const fmt = (d: Date, tz: string) =>
  new Intl.DateTimeFormat('zh-CN', {
    timeZone: tz,
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(d);

/**
 * The duty sweep of one zone: reminders to the people of every slot starting within `dutyReminderHours`, and
 * gap alerts (a slot with fewer than the team's minimum) within `dutyGapHorizonDays` to the team's leader and the
 * safety office — each once per slot (and person), whatever the number of runs: the `duty_notices` ledger is
 * claimed in the transaction that writes the notifications (and their outbox rows), one transaction per team.
 * A lost Redis loses nothing: the next run (the scheduler re-created, or the reconciler) finds the same slots and
 * the ledger says which were told.
 */
export async function sweepDutyZone(
  em: Em,
  tenant: TenantInfo,
  duty: DutyService,
  notifications: NotificationService,
  now = new Date(),
): Promise<{ reminded: number; gaps: number }> {
  const out = { reminded: 0, gaps: 0 };
  const tz = tenant.timeZone;
  const reminderMs = (tenant.settings.dutyReminderHours ?? 12) * HOUR;
  const horizon = new Date(now.getTime() + (tenant.settings.dutyGapHorizonDays ?? 14) * 24 * HOUR);
  const teams = await em.find(DutyTeam, { active: true }, { orderBy: { id: 'asc' } });
  if (!teams.length) return out;
  const office = (
    await em.find(User, { role: { $in: ['zone_admin', 'safety_officer'] }, status: 'active' }, { fields: ['id'] })
  ).map((u) => u.id);
  const data = await duty.rosterData(em, teams, now, horizon, tz);
  for (const team of teams) {
    const slots = teamRoster(data.get(team.id)!.input, now, horizon).filter((s) => s.start > now);
    const reminderKeys: DutyNoticeKey[] = slots
      .filter((s) => s.start.getTime() - now.getTime() <= reminderMs)
      .flatMap((s) => s.userIds.map((userId) => ({ kind: 'reminder' as const, teamId: team.id, userId, slotStart: s.start })));
    const gapSlots = slots.filter((s) => s.gap);
    const gapKeys: DutyNoticeKey[] = gapSlots.map((s) => ({ kind: 'gap', teamId: team.id, userId: '', slotStart: s.start }));
    if (!reminderKeys.length && !gapKeys.length) continue;
    const created: NotificationRow[] = [];
    await em.transactional(async (tx) => {
      const claimed = await claimDutyNotices(tx, [...reminderKeys, ...gapKeys]);
      const inputs: NotifyInput[] = [];
      for (const k of reminderKeys) {
        if (!claimed.has(keyOf(k))) continue;
        const s = slots.find((x) => x.start.getTime() === k.slotStart.getTime())!;
        inputs.push({
          userIds: [k.userId],
          kind: 'duty.reminder',
          title: '值班提醒',
          body: `${team.name}：您的班次 ${fmt(s.start, tz)} 至 ${fmt(s.end, tz)}，请按时到岗签到。`,
          link: '/duty/roster',
          dedupeKey: `duty-reminder:${team.id}:${s.start.getTime()}`,
        });
        out.reminded++;
      }
      const newGaps = gapKeys.filter((k) => claimed.has(keyOf(k)));
      if (newGaps.length) {
        const who = [...new Set([...(team.leaderUserId ? [team.leaderUserId] : []), ...office])];
        const first = newGaps[0]!.slotStart;
        const shown = newGaps
          .slice(0, 3)
          .map((k) => fmt(k.slotStart, tz))
          .join('、');
        inputs.push({
          userIds: who,
          kind: 'duty.gap',
          title: `值班缺口：${newGaps.length} 个班次`,
          body: `${team.name}：${shown}${newGaps.length > 3 ? ` 等 ${newGaps.length} 个班次` : ' 起的班次'}在岗人数少于 ${team.minOnDuty} 人，请安排替班。`,
          link: `/duty/roster?teamId=${team.id}&from=${localDate(first, tz)}`,
          severity: 'warning',
          dedupeKey: `duty-gap:${team.id}:${first.getTime()}:${newGaps.length}`,
        });
        out.gaps += newGaps.length;
      }
      created.push(...(await notifications.stageMany(tx, inputs)));
      await tx.flush();
    });
    if (created.length) await notifications.published(em, created);
  }
  return out;
}

async function tenantOf(c: Container, id: string | null): Promise<TenantInfo> {
  const t = id ? await c.tenants.byId(id) : null;
  if (!t) throw new Error(`unknown tenant ${id}`);
  return t;
}

function inZone<T>(c: Container, t: TenantInfo, action: string, fn: (em: Em) => Promise<T>): Promise<T> {
  const em = tenantEm(c.orm, t.id);
  return runInScope({ requestId: action, tenantId: t.id, em, actor: null, ip: null, userAgent: null, action }, () => fn(em));
}

/**
 * The duty jobs: `duty.sweep` every 15 minutes over every active zone (reminders and gap alerts, once each through
 * the `duty_notices` ledger), and a reconciler that runs the sweep of a zone when the maintenance reconcile runs
 * (after a Redis loss the schedulers are re-created by the worker; the reconciler catches up meanwhile).
 */
export function dutyJobs(
  c: Container,
  duty: DutyService,
  notifications: NotificationService,
): { handlers: JobHandler[]; schedules: ScheduleDef[]; reconcilers: Reconciler[] } {
  return {
    handlers: [
      {
        name: DUTY_SWEEP_JOB,
        handle: async (p) => {
          const zones = p.tenantId ? [await tenantOf(c, p.tenantId)] : await c.tenants.active();
          const out: Record<string, { reminded: number; gaps: number }> = {};
          for (const t of zones) {
            if (t.status !== 'active') continue;
            out[t.code] = await inZone(c, t, DUTY_SWEEP_JOB, async (em) => {
              const r = await sweepDutyZone(em, t, duty, notifications);
              if (r.reminded || r.gaps) c.audit.schedule(t.id);
              return r;
            });
          }
          return out;
        },
      },
    ],
    schedules: [{ id: 'duty-sweep', job: DUTY_SWEEP_JOB, every: DUTY_SWEEP_EVERY_MS }],
    reconcilers: [
      {
        name: 'duty',
        run: async (_cc, em, t) => {
          const r = await sweepDutyZone(em, t, duty, notifications);
          return r.reminded + r.gaps;
        },
      },
    ],
  };
}
