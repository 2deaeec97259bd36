/**
 * Issue 5 benchmark: 100,000 open hazards across 20 zones.
 *  - time to schedule their escalations (the reconciler, as after a Redis loss) and jobs per second;
 *  - Redis memory per scheduled hazard;
 *  - lateness of fired escalations (p50/p99) and escalations processed per second, with the real worker;
 *  - ledger list latency (p50/p95) for one zone at 20,000 and at 200,000 hazards.
 * Hazards are inserted in bulk (SQL) — the point is scheduling and reading at scale, not the create path.
 */
import { Redis } from 'ioredis';
import { buildCreditCode, endOfLocalDay, localDate } from '@yuanan/domain';
import { runInScope } from '../../api/src/core/context/request-scope.ts';
import { uuidv7 } from '../../api/src/core/db/ids.ts';
import { tenantEm } from '../../api/src/core/db/orm.ts';
import { reconcileAll } from '../../api/src/modules/maintenance/maintenance.jobs.ts';
import { createTestEnv, DEMO_PW, zoneWithAdmin } from '../../api/src/testing/test-env.ts';
import { figure, latencies, percentile } from './lib.ts';

const ZONES = 20;
const TOTAL = Number(process.env.BENCH_HAZARDS ?? 100_000);
const FIRE_SAMPLE = Number(process.env.BENCH_FIRE ?? 5000);

const env = await createTestEnv({
  env: { LOG_LEVEL: 'warn', REDIS_URL: 'redis://127.0.0.1:6379/9', RECONCILE_EVERY_MINUTES: '1440' },
});
const conn = env.api.c.orm.em.getConnection();
const redis = new Redis('redis://127.0.0.1:6379/9');
await redis.flushdb();

async function insertHazards(
  tenantId: string,
  enterpriseId: string,
  n: number,
  deadline: (i: number) => Date,
  status = 'rectifying',
) {
  const now = new Date();
  for (let i = 0; i < n; i += 1000) {
    const rows: unknown[] = [];
    const k = Math.min(1000, n - i);
    for (let j = 0; j < k; j++) {
      const id = uuidv7();
      rows.push(
        id,
        now,
        now,
        tenantId,
        `YH-B-${id.slice(-12)}`,
        enterpriseId,
        'safety_inspection',
        'fire',
        'general',
        'deadline',
        status,
        '基准测试隐患：消防通道堆放杂物',
        '[]',
        '[]',
        deadline(i + j),
        '[]',
        now,
        1,
        '张三',
      );
    }
    await conn.execute(
      `INSERT INTO hazards (id, created_at, updated_at, tenant_id, code, enterprise_id, source, category_code, grade, treatment, status, description, photo_ids, after_photo_ids, deadline, major_checklist_items, reported_at, version, responsible_name) VALUES ${Array(k).fill('(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)').join(',')}`,
      rows,
    );
  }
}

try {
  const zones: Array<{ id: string; code: string; token: string; enterpriseId: string }> = [];
  for (let z = 0; z < ZONES; z++) {
    const zone = await zoneWithAdmin(env, `bz${z}`);
    const e = await env.req('POST', '/api/v1/enterprises', {
      token: zone.token,
      body: {
        creditCode: buildCreditCode('91', '330782', `MA2B${String(z).padStart(4, '0')}`),
        name: `基准企业${z}`,
        principalName: '张三',
      },
    });
    zones.push({ id: zone.tenant.id, code: zone.tenant.code, token: zone.token, enterpriseId: e.body.id });
  }
  // 100,000 open hazards, deadlines spread over the next 30 days.
  const today = localDate(new Date(), 'Asia/Shanghai');
  let t = performance.now();
  for (const z of zones)
    await insertHazards(z.id, z.enterpriseId, TOTAL / ZONES, (i) =>
      endOfLocalDay(today, 'Asia/Shanghai').getTime() + (i % 30) * 86400_000 > 0
        ? new Date(endOfLocalDay(today, 'Asia/Shanghai').getTime() + (i % 30) * 86400_000)
        : new Date(),
    );
  figure('hazards.bulk_insert', performance.now() - t, 'ms', { hazards: TOTAL, zones: ZONES });

  const before = Number(/used_memory:(\d+)/.exec(await redis.info('memory'))![1]);
  t = performance.now();
  const scheduled = await reconcileAll(env.api.c, env.api.services.reconcilers);
  const ms = performance.now() - t;
  const after = Number(/used_memory:(\d+)/.exec(await redis.info('memory'))![1]);
  const jobs = scheduled.hazards ?? 0;
  figure('escalations.schedule_time', ms, 'ms', { hazards: TOTAL, jobs });
  figure('escalations.schedule_rate', jobs / (ms / 1000), 'jobs/s');
  figure('escalations.redis_bytes_per_hazard', (after - before) / TOTAL, 'bytes', {
    jobsPerHazard: jobs / TOTAL,
    redisMb: Math.round((after - before) / 2 ** 20),
  });

  // Lateness and throughput: a zone whose stages all fall due within the next ~15 seconds, then the worker.
  const fz = zones[0]!;
  await redis.flushdb(); // start from an empty queue so the sample is what the worker processes
  const deadline = endOfLocalDay(today, 'Asia/Shanghai');
  const start = Date.now() + 8000;
  const stages = [0, 1, 2, 3, 4].map((k) => ({
    key: `b${k}`,
    offsetSeconds: Math.round((start + k * 2000 - deadline.getTime()) / 1000),
    target: 'responsible',
  }));
  await env.req('PATCH', '/api/v1/tenant/settings', {
    token: fz.token,
    body: { escalationPolicy: { stages, majorStartsHigher: false } },
  });
  env.api.c.tenants.invalidate();
  await conn.execute("UPDATE hazards SET status = 'closed' WHERE tenant_id <> ?", [fz.id]);
  await conn.execute('DELETE FROM hazards WHERE tenant_id = ?', [fz.id]);
  await insertHazards(fz.id, fz.enterpriseId, FIRE_SAMPLE / 5, () => deadline);
  await reconcileAll(env.api.c, env.api.services.reconcilers);
  const worker = await env.startWorker();
  const expected = FIRE_SAMPLE;
  let fired = 0;
  const waitUntil = Date.now() + 600_000;
  while (Date.now() < waitUntil) {
    const [r] = (await conn.execute("SELECT COUNT(*) AS n FROM fired_effects WHERE tenant_id = ? AND `key` LIKE 'hazard:%'", [
      fz.id,
    ])) as Array<{ n: number }>;
    fired = Number(r!.n);
    if (fired >= expected) break;
    await new Promise((r2) => setTimeout(r2, 500));
  }
  const rows = (await conn.execute("SELECT `key`, fired_at FROM fired_effects WHERE tenant_id = ? AND `key` LIKE 'hazard:%'", [
    fz.id,
  ])) as Array<{ key: string; fired_at: Date }>;
  const planned = new Map(stages.map((s) => [s.key, deadline.getTime() + s.offsetSeconds * 1000]));
  const late = rows.map((r) => new Date(r.fired_at).getTime() - planned.get(r.key.split(':').at(-1)!)!).sort((a, b) => a - b);
  const span =
    (Math.max(...rows.map((r) => new Date(r.fired_at).getTime())) -
      Math.min(...rows.map((r) => new Date(r.fired_at).getTime()))) /
    1000;
  figure('escalations.fired', fired, 'count', { expected });
  figure('escalations.lateness.p50', percentile(late, 50), 'ms');
  figure('escalations.lateness.p99', percentile(late, 99), 'ms');
  figure('escalations.throughput', fired / Math.max(span, 1), 'escalations/s', {
    note: 'each escalation: load, claim, recipients, notification with dedupe, timeline entry',
  });
  await worker.close();

  // Ledger latency in one zone: 20,000 then 200,000 hazards.
  const lz = zones[1]!;
  await conn.execute('DELETE FROM hazards WHERE tenant_id = ?', [lz.id]);
  await insertHazards(lz.id, lz.enterpriseId, 20_000, (i) => new Date(Date.now() + (i % 60) * 86400_000));
  const login = async () =>
    (await env.req('POST', '/api/v1/auth/login', { body: { tenant: lz.code, username: 'admin', password: DEMO_PW } })).body
      .accessToken as string;
  const measure = async (label: string) => {
    const token = await login();
    const lat = await latencies(100, (i) =>
      env.req(
        'GET',
        `/api/v1/hazards?page=${1 + (i % 20)}&pageSize=20${i % 2 ? '&status=rectifying' : ''}${i % 4 === 0 ? '&overdue=true' : ''}`,
        { token },
      ),
    );
    figure(`ledger.${label}.p50`, percentile(lat, 50), 'ms');
    figure(`ledger.${label}.p95`, percentile(lat, 95), 'ms');
  };
  await measure('20000');
  t = performance.now();
  await insertHazards(lz.id, lz.enterpriseId, 180_000, (i) => new Date(Date.now() + (i % 60) * 86400_000));
  figure('hazards.bulk_insert_180000', performance.now() - t, 'ms');
  await conn.execute('ANALYZE TABLE hazards');
  await measure('200000');
  void runInScope;
  void tenantEm;
} finally {
  redis.disconnect();
  await env.close();
}
