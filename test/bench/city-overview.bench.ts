/**
 * Issue 14 §2 benchmark: the city views of a bureau granted 100 zones × 1,000 enterprises, a year of hazards (~6 per
 * enterprise, ≈600,000), this and last month's inspection tasks, IoT alarms and incidents.
 *  - p50/p95/p99 of GET /supervision/overview (goal p95 ≤ 300 ms), /zones/:id/summary and /hazard-stats through
 *    the real api (HTTP, auth, grant check, the read log: one supervision_reads row per zone and request);
 *  - the raw-SQL ceiling: the very same statements (city-queries.ts builders) run through mysql2 directly, side by
 *    side on a pool as the api runs them — and the api ÷ ceiling ratio;
 *  - the EXPLAIN of each statement (index used, read from the index alone or not).
 * Zones are plain tenant rows and the data multi-row INSERTs (the point is reading at scale, not provisioning).
 * Knobs: BENCH_CITY_ZONES (100), BENCH_CITY_ENTERPRISES (1000), BENCH_CITY_HAZARDS_PER_ENTERPRISE (6),
 * BENCH_CITY_CALLS (60), BENCH_CITY_REUSE_DB (a database seeded by an earlier run).
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPool } from 'mysql2/promise';
import { uuidv7 } from '../../api/src/core/db/ids.ts';
import {
  alarmRow,
  enterpriseRow,
  grantRow,
  hazardRow,
  incidentRow,
  insertRows,
  taskRow,
} from '../../api/src/testing/city-fixtures.ts';
import { runInScope } from '../../api/src/core/context/request-scope.ts';
import {
  hazardStatsStatements,
  localMonth,
  overdueMajorHazardsSql,
  overviewStatements,
  redEnterprisesSql,
  type CityZone,
  type Stmt,
} from '../../api/src/modules/supervision/city-queries.ts';
import { createTestEnv, DEMO_PW, request } from '../../api/src/testing/test-env.ts';
import { figure, percentile } from './lib.ts';
import { rng } from './seed.ts';

const ZONES = Number(process.env.BENCH_CITY_ZONES ?? 100);
const ENTERPRISES = Number(process.env.BENCH_CITY_ENTERPRISES ?? 1000);
const PER_ENTERPRISE = Number(process.env.BENCH_CITY_HAZARDS_PER_ENTERPRISE ?? 6);
const CALLS = Number(process.env.BENCH_CITY_CALLS ?? 60);
const DAY = 86_400_000;
const TZ = 'Asia/Shanghai';

// BENCH_CITY_REUSE_DB=<database>: measure on a database an interrupted run seeded (its zones, bureau and data), then
// drop it like any run does.
const REUSE = process.env.BENCH_CITY_REUSE_DB;
const env = await createTestEnv({
  env: { LOG_LEVEL: 'warn' },
  use: REUSE ? { dbName: REUSE, fileDir: await mkdtemp(join(tmpdir(), 'yuanan-files-')) } : undefined,
});
const conn = env.api.c.orm.em.getConnection();
const pool = createPool({
  host: '127.0.0.1',
  port: 3306,
  user: 'root',
  database: env.dbName,
  timezone: 'Z',
  connectionLimit: 10,
});

/** Hazard statuses in the mix of a zone in use for a year: mostly closed, a quarter open. */
const STATUSES = [
  'reported',
  'confirmed',
  'rectifying',
  'rectifying',
  'pending_review',
  'dismissed',
  ...Array<string>(14).fill('closed'),
];

async function seed(): Promise<CityZone[]> {
  const t0 = performance.now();
  const now = Date.now();
  const zones: CityZone[] = [];
  const tenantRows = [];
  for (let z = 0; z < ZONES; z++) {
    const id = uuidv7();
    zones.push({ zoneId: id, timeZone: TZ });
    tenantRows.push({
      id,
      created_at: new Date(),
      updated_at: new Date(),
      code: `cz${String(z).padStart(3, '0')}`,
      name: `基准园区${z}`,
      region: '浙江省金华市',
      time_zone: TZ,
      kind: 'zone',
      status: 'active',
      settings: JSON.stringify(z % 2 ? {} : { mapCenter: { lat: 29.3 + z / 1000, lng: 120.07, zoom: 15 } }),
    });
  }
  await insertRows(conn, 'tenants', tenantRows);
  const bureau = await runInScope(
    {
      requestId: 'bench:bureau',
      tenantId: null,
      em: null,
      actor: null,
      ip: null,
      userAgent: 'bench',
      action: 'tenants.provision',
    },
    () =>
      env.api.services.tenants.provision({
        code: 'benchbureau',
        name: '基准应急管理局',
        region: '浙江省',
        kind: 'bureau',
        admin: { username: 'city', name: '基准监管员', password: DEMO_PW },
      }),
  );
  await insertRows(
    conn,
    'supervision_grants',
    zones.map((z) => grantRow(bureau.tenant.id, z.zoneId, { from: new Date(now - 30 * DAY), until: new Date(now + 365 * DAY) })),
  );
  const month = localMonth(new Date(now), TZ);
  let hazards = 0;
  for (const [zi, z] of zones.entries()) {
    const r = rng(zi + 1);
    const ents = Array.from({ length: ENTERPRISES }, (_, i) => {
      const x = r();
      return enterpriseRow(z.zoneId, i, {
        colour: x < 0.05 ? 'red' : x < 0.2 ? 'orange' : x < 0.5 ? 'yellow' : x < 0.95 ? 'blue' : null,
        score: Math.round(r() * 10000) / 100,
        lat: 29.2 + r() / 10,
        lng: 120 + r() / 10,
      });
    });
    await insertRows(conn, 'enterprises', ents);
    const hz = [];
    for (let i = 0; i < ENTERPRISES * PER_ENTERPRISE; i++) {
      const e = String(ents[Math.floor(r() * ENTERPRISES)]!.id);
      const status = STATUSES[i % STATUSES.length]!;
      const reportedAt = new Date(now - Math.floor(r() * 365 * DAY));
      const open = status === 'confirmed' || status === 'rectifying' || status === 'pending_review';
      const deadline =
        status === 'reported' || (status === 'closed' && i % 7 === 0)
          ? null
          : open
            ? new Date(now + (Math.floor(r() * 60) - 20) * DAY)
            : new Date(reportedAt.getTime() + 30 * DAY);
      const closedAt = status === 'closed' ? new Date(Math.min(now, reportedAt.getTime() + Math.floor(r() * 40) * DAY)) : null;
      hz.push(
        hazardRow(z.zoneId, e, {
          status,
          grade: status === 'reported' ? null : i % 50 ? 'general' : 'major',
          reportedAt,
          deadline,
          closedAt,
        }),
      );
    }
    await insertRows(conn, 'hazards', hz, 500);
    hazards += hz.length;
    const tasks = [];
    for (let i = 0; i < ENTERPRISES; i++) {
      const e = String(ents[i]!.id);
      const due = new Date(month.from.getTime() + Math.floor(r() * (month.to.getTime() - month.from.getTime())));
      const past = due.getTime() < now;
      tasks.push(
        taskRow(z.zoneId, e, {
          status: past ? (r() < 0.8 ? 'done' : 'missed') : 'scheduled',
          dueAt: due,
          assigneeRole: i % 3 ? 'grid_worker' : null,
          agencyId: i % 3 ? null : uuidv7(),
        }),
      );
      if (i % 2 === 0)
        tasks.push(
          taskRow(z.zoneId, e, {
            status: r() < 0.85 ? 'done' : 'missed',
            dueAt: new Date(month.from.getTime() - Math.floor(r() * 28 * DAY) - 1),
          }),
        );
    }
    await insertRows(conn, 'inspection_tasks', tasks);
    await insertRows(
      conn,
      'iot_alarms',
      Array.from({ length: 20 }, (_, i) =>
        alarmRow(z.zoneId, { startedAt: new Date(now - i * DAY), clearedAt: i % 3 ? new Date(now - i * DAY + 3600_000) : null }),
      ),
    );
    await insertRows(
      conn,
      'incidents',
      Array.from({ length: 5 }, (_, i) =>
        incidentRow(z.zoneId, {
          status: ['reported', 'responding', 'closed', 'closed', 'cancelled'][i]!,
          at: new Date(now - i * DAY),
        }),
      ),
    );
  }
  for (const t of ['enterprises', 'hazards', 'inspection_tasks', 'iot_alarms', 'incidents'])
    await conn.execute(`ANALYZE TABLE ${t}`, []);
  figure('city.seed', (performance.now() - t0) / 1000, 's', {
    zones: ZONES,
    enterprises: ZONES * ENTERPRISES,
    hazards,
    tasksPerEnterprise: 1.5,
  });
  return zones;
}

type Stats = { p50: number; p95: number; p99: number };
const stats = (lat: number[]): Stats => {
  const s = [...lat].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99) };
};

/** CALLS timed calls of `fn` after 3 warm-up calls. */
async function time(calls: number, fn: (i: number) => Promise<void>): Promise<Stats> {
  for (let i = 0; i < 3; i++) await fn(i);
  const lat: number[] = [];
  for (let i = 0; i < calls; i++) {
    const t = performance.now();
    await fn(i);
    lat.push(performance.now() - t);
  }
  return stats(lat);
}

/** The statements run side by side on the mysql2 pool, as the api runs them on its own. */
const raw = (stmts: Stmt[]) => Promise.all(stmts.map((s) => pool.query(s.sql, s.params)));

function report(name: string, api: Stats, ceiling: Stats, extra: Record<string, unknown> = {}) {
  for (const p of ['p50', 'p95', 'p99'] as const) figure(`city.${name}.${p}`, api[p], 'ms', p === 'p95' ? extra : {});
  for (const p of ['p50', 'p95', 'p99'] as const) figure(`city.${name}.raw_sql.${p}`, ceiling[p], 'ms');
  figure(`city.${name}.ratio_p50`, api.p50 / ceiling.p50, 'x', { note: 'api ÷ the same SQL through mysql2' });
  figure(`city.${name}.ratio_p95`, api.p95 / ceiling.p95, 'x');
}

try {
  const zones: CityZone[] = REUSE
    ? (
        (await conn.execute("SELECT id FROM tenants WHERE kind = 'zone' AND status = 'active' ORDER BY code", [])) as Array<{
          id: string;
        }>
      ).map((r) => ({ zoneId: r.id, timeZone: TZ }))
    : await seed();
  const login = await env.req('POST', '/api/v1/auth/login', {
    body: { tenant: 'benchbureau', username: 'city', password: DEMO_PW },
  });
  if (login.status !== 200) throw new Error(`login: ${login.status} ${JSON.stringify(login.body)}`);
  const token = login.body.accessToken as string;
  const call = async (path: string) => {
    const r = await request(env.url, 'GET', `/api/v1${path}`, { token });
    if (r.status !== 200) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
    return r.body;
  };

  // Sanity: the api covers every zone and its totals equal the raw statements' sums.
  const first = await call('/supervision/overview');
  const hazardSum = (
    (
      await pool.query(overviewStatements(zones, new Date())[1]!.sql, overviewStatements(zones, new Date())[1]!.params)
    )[0] as Array<{ open: number }>
  ).reduce((s, r) => s + Number(r.open), 0);
  if (first.zones.length !== ZONES || first.totals.hazards.open !== hazardSum)
    throw new Error(`overview mismatch: ${first.zones.length} zones, open ${first.totals.hazards.open} vs ${hazardSum}`);

  // EXPLAIN of each statement: the index chosen and whether the rows were read from it alone.
  const now = new Date();
  const names = ['enterprise_colours', 'open_hazards', 'rectification', 'active_alarms', 'open_incidents', 'inspection_coverage'];
  const explained = [
    ...overviewStatements(zones, now).map((s, i) => [names[i] ?? `overview_${i}`, s] as const),
    ['hazard_stats', hazardStatsStatements(zones, 2026, now)[0]!] as const,
    ['red_enterprises', redEnterprisesSql(zones[0]!.zoneId)] as const,
    ['overdue_major', overdueMajorHazardsSql(zones[0]!.zoneId, now)] as const,
  ];
  for (const [name, s] of explained) {
    const [plan] = (await pool.query(`EXPLAIN ${s.sql}`, s.params)) as unknown as [Array<Record<string, unknown>>];
    const p = plan[0]!;
    figure(`city.explain.${name}`, Number(p.rows ?? 0), 'rows', { table: p.table, type: p.type, key: p.key, extra: p.Extra });
  }

  const overview = await time(CALLS, async () => void (await call('/supervision/overview')));
  const overviewRaw = await time(CALLS, async () => void (await raw(overviewStatements(zones, new Date()))));
  report('overview', overview, overviewRaw, { goalP95Ms: 300, zones: ZONES, readRowsPerCall: ZONES });

  const summary = await time(CALLS, async (i) => void (await call(`/supervision/zones/${zones[i % ZONES]!.zoneId}/summary`)));
  const summaryRaw = await time(CALLS, async (i) => {
    const z = zones[i % ZONES]!;
    const at = new Date();
    await raw([...overviewStatements([z], at), redEnterprisesSql(z.zoneId), overdueMajorHazardsSql(z.zoneId, at)]);
  });
  report('summary', summary, summaryRaw);

  const statsCalls = Math.max(5, Math.round(CALLS / 3));
  const hs = await time(statsCalls, async () => void (await call('/supervision/hazard-stats?year=2026')));
  const hsRaw = await time(statsCalls, async () => void (await raw(hazardStatsStatements(zones, 2026, new Date()))));
  report('hazard_stats', hs, hsRaw, { calls: statsCalls });

  const map = await time(CALLS, async () => void (await call('/supervision/map')));
  for (const p of ['p50', 'p95', 'p99'] as const) figure(`city.map.${p}`, map[p], 'ms');
} finally {
  await pool.end();
  await env.close();
}
