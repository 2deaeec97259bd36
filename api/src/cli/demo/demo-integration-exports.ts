import type { Container } from '../../core/container.ts';
import type { Actor } from '../../core/context/request-scope.ts';
import type { Em } from '../../core/db/orm.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import type { Services } from '../../modules/index.ts';
import { User } from '../../modules/identity/identity.entity.ts';
import { ExportRun, ExportTarget } from '../../modules/exports/export.entity.ts';
import { syncExportScheduleSoon } from '../../modules/exports/export.jobs.ts';

/** What the demo's exports look like after a seed. */
export interface DemoExportReport {
  targets: number;
  runs: number;
  skipped: boolean;
}

const WEEK = 7 * 86_400_000;

/** The Monday 02:00 (zone time, UTC+8 for the demo zones) `weeksAgo` weeks before `now`. */
function pastMonday(now: Date, weeksAgo: number): Date {
  const d = new Date(now.getTime() - weeksAgo * WEEK);
  // 02:00 Asia/Shanghai is 18:00 UTC of the day before: back to the Sunday 18:00 UTC of that week.
  const back = (d.getUTCDay() + 7) % 7;
  const at = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - back, 18, 0, 0));
  return at > now ? new Date(at.getTime() - WEEK) : at;
}

/**
 * 数据报送 in the demo zone (issue 14 §7): two export targets with real runs and files —
 * 省平台隐患台账 (the provincial hazard ledger, weekly on Monday 02:00, incremental, xlsx) with its last six weekly
 * runs (the first sends the whole ledger, each later one the week's changes: the demo hazards carry their real
 * history of updated_at), and 企业基础信息 (the enterprise file, JSON, on demand) run once by the office three days
 * ago. Runs go through the real service (files in the file storage, watermarks moved); a second seed changes
 * nothing (targets by name).
 */
export async function seedDemoExports(c: Container, s: Services, em: Em, tenant: TenantInfo): Promise<DemoExportReport> {
  if (await em.count(ExportTarget, { name: { $in: ['省平台隐患台账', '企业基础信息'] } }))
    return { targets: 0, runs: 0, skipped: true };
  const admin = await em.findOne(User, { username: 'admin' });
  const office: Actor | null = admin
    ? { userId: admin.id, name: admin.name, role: admin.role, enterpriseId: null, sessionId: null, actingAs: null }
    : null;
  const now = new Date();
  const ledger = await s.exports.create(em, office!, {
    name: '省平台隐患台账',
    profileId: 'provincial-hazard-ledger',
    format: 'xlsx',
    schedule: 'weekly',
    scheduleHour: 2,
    scheduleWeekday: 1,
    incremental: true,
  });
  const file = await s.exports.create(em, office!, {
    name: '企业基础信息',
    profileId: 'provincial-enterprise-file',
    format: 'json',
    schedule: 'none',
    incremental: false,
  });
  let runs = 0;
  for (let weeksAgo = 5; weeksAgo >= 0; weeksAgo--) {
    await s.exports.execute(em, tenant, ledger.id, 'schedule', null, pastMonday(now, weeksAgo));
    runs++;
  }
  await s.exports.execute(em, tenant, file.id, 'manual', office, new Date(now.getTime() - 3 * 86_400_000 + 3_600_000));
  runs++;
  // The history reads in time order: each run's row carries the time it ran.
  for (const r of await em.find(ExportRun, { targetId: { $in: [ledger.id, file.id] } })) {
    r.createdAt = r.startedAt;
    r.finishedAt = new Date(r.startedAt.getTime() + 2_000 + (r.rowCount % 7) * 300);
  }
  await em.flush();
  await syncExportScheduleSoon(c, tenant, ledger.id, await em.findOneOrFail(ExportTarget, { id: ledger.id }));
  return { targets: 2, runs, skipped: false };
}
