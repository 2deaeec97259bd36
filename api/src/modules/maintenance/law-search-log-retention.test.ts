/**
 * The law search log's retention (issue 13): the daily maintenance job deletes searches older than 180 days, in
 * every zone, and keeps the newer ones (real MariaDB).
 */
import { uuidv7 } from '../../core/db/ids.ts';
import { createTestEnv, zoneWithAdmin, type TestEnv } from '../../testing/test-env.ts';
import { LAW_SEARCH_LOG_RETENTION_DAYS, maintenanceJobs, pruneLawSearchLog } from './maintenance.jobs.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
}, 120_000);
afterAll(() => env.close());

const DAY = 86400_000;

async function logSearch(tenantId: string, query: string, at: Date): Promise<void> {
  await env.api.c.orm.em
    .getConnection()
    .execute('INSERT INTO law_search_log (id, tenant_id, query, hits, at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
      uuidv7(),
      tenantId,
      query,
      3,
      at,
      at,
      at,
    ]);
}
async function queries(tenantId: string): Promise<string[]> {
  const r = (await env.api.c.orm.em
    .getConnection()
    .execute('SELECT query FROM law_search_log WHERE tenant_id = ? ORDER BY query', [tenantId])) as Array<{ query: string }>;
  return r.map((x) => x.query);
}

test('searches older than 180 days are deleted in every zone, newer ones kept; the job is scheduled daily', async () => {
  expect(LAW_SEARCH_LOG_RETENTION_DAYS).toBe(180);
  const a = await zoneWithAdmin(env, 'lslra');
  const b = await zoneWithAdmin(env, 'lslrb');
  const now = Date.now();
  await logSearch(a.tenant.id, 'old-a', new Date(now - 400 * DAY));
  await logSearch(a.tenant.id, 'edge-old-a', new Date(now - 180 * DAY - 60_000));
  await logSearch(a.tenant.id, 'edge-new-a', new Date(now - 180 * DAY + 60_000));
  await logSearch(a.tenant.id, 'new-a', new Date(now - DAY));
  await logSearch(b.tenant.id, 'old-b', new Date(now - 181 * DAY));
  await logSearch(b.tenant.id, 'new-b', new Date(now));

  const jobs = maintenanceJobs([]);
  const handler = jobs.handlers.find((h) => h.name === 'maintenance.lawSearchLogRetention')!;
  const r = (await handler.handle({} as never, { c: env.api.c } as never)) as { deleted: number };
  expect(r.deleted).toBeGreaterThanOrEqual(3);
  expect(await queries(a.tenant.id)).toEqual(['edge-new-a', 'new-a']);
  expect(await queries(b.tenant.id)).toEqual(['new-b']);
  // Nothing more to delete: idempotent.
  expect(await pruneLawSearchLog(env.api.c, now)).toBe(0);
  expect(jobs.schedules(env.api.c).find((s) => s.job === 'maintenance.lawSearchLogRetention')).toMatchObject({
    pattern: expect.any(String),
    tz: 'Asia/Shanghai',
  });
});
