/**
 * Issue 8 §8 benchmark: 100 zones × 1,000 enterprises on one database.
 *  - provisioning time per zone, through the real path (`npm run tenant:create` calls the same
 *    `TenantService.provision`: tenant, catalogue, risk model, admin account, audit rows);
 *  - bulk data per zone: 1,000 enterprises and 200 hazards (multi-row INSERTs, as lists.bench.ts);
 *  - enterprise list and hazard ledger p50/p95 for one zone among 100, through the api (HTTP, auth, tenant
 *    filter), next to the same shapes measured on the same zone while it was the only zone with data (the
 *    same-run reference: tenant_id leads every index, so the ideal ratio is ~1×).
 * Knobs: BENCH_ZONES (100), BENCH_ZONE_ENTERPRISES (1000), BENCH_ZONE_HAZARDS (200), BENCH_ZONE_CALLS (100).
 */
import { runInScope } from '../../api/src/core/context/request-scope.ts';
import { createTestEnv, DEMO_PW, request } from '../../api/src/testing/test-env.ts';
import { uuidv7 } from '../../api/src/core/db/ids.ts';
import { figure, percentile } from './lib.ts';
import { seedEnterprises, seedHazards } from './seed.ts';

const ZONES = Number(process.env.BENCH_ZONES ?? 100);
const ENTERPRISES = Number(process.env.BENCH_ZONE_ENTERPRISES ?? 1000);
const HAZARDS = Number(process.env.BENCH_ZONE_HAZARDS ?? 200);
const CALLS = Number(process.env.BENCH_ZONE_CALLS ?? 100);
const GRIDS = 10;
const COLOURS = ['red', 'orange', 'yellow', 'blue'] as const;

// Two databases: one holding only the measured zone (the same-run reference) and one holding it among ZONES zones.
const alone = await createTestEnv({ env: { LOG_LEVEL: 'warn' } });
const many = await createTestEnv({ env: { LOG_LEVEL: 'warn' } });
type Env = typeof alone;
const conn = (env: Env) => env.api.c.orm.em.getConnection();

/** Provisions zone `n` through the service and times it (ms). */
async function provision(env: Env, n: number): Promise<{ id: string; code: string; ms: number }> {
  const code = `zb${String(n).padStart(3, '0')}`;
  const t = performance.now();
  const r = await runInScope(
    {
      requestId: `bench:${code}`,
      tenantId: null,
      em: null,
      actor: null,
      ip: null,
      userAgent: 'bench',
      action: 'tenants.provision',
    },
    () =>
      env.api.services.tenants.provision({
        code,
        name: `基准园区${n}`,
        region: '浙江省',
        admin: { username: 'admin', name: `基准园区${n}管理员`, password: DEMO_PW },
      }),
  );
  return { id: r.tenant.id, code, ms: performance.now() - t };
}

async function seedZone(env: Env, n: number, tenantId: string, grids: string[], tags: string[]): Promise<void> {
  const ents = await seedEnterprises(conn(env), tenantId, { from: 0, n: ENTERPRISES, grids, tags, codeFrom: n * ENTERPRISES });
  await seedHazards(conn(env), tenantId, { from: 0, n: HAZARDS, ents, spanDays: 365 });
}

type Shape = { name: string; path: (z: Zone, i: number) => string };
type Zone = { env: Env; token: string; grids: string[]; tags: string[] };
type Stats = { p50: number; p95: number; rows: number };

/**
 * p50/p95 (ms) of each shape on both databases, CALLS calls each after 3 warm-up rounds, alternating which goes
 * first so the load of a shared machine falls on both alike.
 */
async function measure(a: Zone, b: Zone, shapes: Shape[]): Promise<Record<string, [Stats, Stats]>> {
  const out: Record<string, [Stats, Stats]> = {};
  for (const s of shapes) {
    const lat: [number[], number[]] = [[], []];
    const rows = [0, 0];
    for (let i = -3; i < CALLS; i++) {
      for (const k of i % 2 ? [0, 1] : [1, 0]) {
        const z = k === 0 ? a : b;
        const t = performance.now();
        const res = await request(z.env.url, 'GET', s.path(z, Math.max(i, 0)), { token: z.token });
        if (res.status !== 200) throw new Error(`${s.name}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
        if (i >= 0) lat[k]!.push(performance.now() - t);
        rows[k] = ((res.body as { items?: unknown[] }).items ?? []).length;
      }
    }
    const stats = (k: 0 | 1): Stats => {
      const l = lat[k].sort((x, y) => x - y);
      return { p50: percentile(l, 50), p95: percentile(l, 95), rows: rows[k]! };
    };
    out[s.name] = [stats(0), stats(1)];
  }
  return out;
}

/** Zone 0 of a database: provisioned, signed in, ten grids through the api, seeded. */
async function measuredZone(env: Env): Promise<{ zone: Zone; id: string; ms: number }> {
  const p = await provision(env, 0);
  const login = await env.req('POST', '/api/v1/auth/login', { body: { tenant: p.code, username: 'admin', password: DEMO_PW } });
  if (login.status !== 200) throw new Error(`login: ${JSON.stringify(login.body)}`);
  const token = login.body.accessToken as string;
  const grids: string[] = [];
  for (let g = 0; g < GRIDS; g++) {
    const c = await env.req('POST', '/api/v1/catalog', { token, body: { kind: 'grid', code: `g${g}`, name: `第${g + 1}网格` } });
    if (c.status >= 300) throw new Error(`grid: ${JSON.stringify(c.body)}`);
    grids.push(c.body.id);
  }
  const tagRes = await env.req('GET', '/api/v1/catalog?kind=key_place_tag', { token });
  const tags = (tagRes.body as Array<{ code: string }>).slice(0, 6).map((t) => t.code);
  await seedZone(env, 0, p.id, grids, tags);
  return { zone: { env, token, grids, tags }, id: p.id, ms: p.ms };
}

try {
  const started = performance.now();
  const ref = await measuredZone(alone);
  const target = await measuredZone(many);
  const provMs = [ref.ms, target.ms];
  // The other zones of the big database: provisioned one by one (timed), then seeded in bulk (grids are plain
  // ids there: only zone 0 is queried).
  let seedMs = 0;
  for (let n = 1; n < ZONES; n++) {
    const z = await provision(many, n);
    provMs.push(z.ms);
    const t = performance.now();
    await seedZone(
      many,
      n,
      z.id,
      Array.from({ length: GRIDS }, () => uuidv7()),
      target.zone.tags,
    );
    seedMs += performance.now() - t;
  }
  for (const e of [alone, many]) await conn(e).execute('ANALYZE TABLE hazards, enterprises');
  const sorted = [...provMs].sort((a, b) => a - b);
  figure('zones.provision.p50', percentile(sorted, 50), 'ms', { provisions: provMs.length });
  figure('zones.provision.p95', percentile(sorted, 95), 'ms', { max: Math.round(sorted[sorted.length - 1]!) });
  figure(
    'zones.provision.total',
    provMs.slice(1).reduce((a, b) => a + b, 0),
    'ms',
    { zones: ZONES },
  );
  figure('zones.seed.per_zone', seedMs / Math.max(1, ZONES - 1), 'ms', { enterprises: ENTERPRISES, hazards: HAZARDS });
  const [counts] = (await conn(many).execute(
    'SELECT (SELECT COUNT(*) FROM tenants) AS tenants, (SELECT COUNT(*) FROM enterprises) AS enterprises, (SELECT COUNT(*) FROM hazards) AS hazards',
  )) as Array<Record<string, number>>;
  figure('zones.database', Number(counts!.enterprises), 'enterprises', {
    tenants: Number(counts!.tenants),
    hazards: Number(counts!.hazards),
  });

  const shapes: Shape[] = [
    { name: 'enterprises.default', path: () => '/api/v1/enterprises' },
    { name: 'enterprises.colour_tag', path: (z, i) => `/api/v1/enterprises?colour=${COLOURS[i % 3]}&tag=${z.tags[0]}` },
    { name: 'enterprises.grid', path: (z, i) => `/api/v1/enterprises?gridId=${z.grids[i % GRIDS]}` },
    { name: 'hazards.default', path: () => '/api/v1/hazards' },
    { name: 'hazards.status_grid', path: (z, i) => `/api/v1/hazards?status=rectifying&gridId=${z.grids[i % GRIDS]}` },
    { name: 'hazards.overdue', path: () => '/api/v1/hazards?status=confirmed,rectifying&overdue=true' },
  ];
  const res = await measure(ref.zone, target.zone, shapes);
  for (const s of shapes) {
    const [a, b] = res[s.name]!;
    figure(`zones.${s.name}.p50`, b.p50, 'ms', { zones: ZONES, aloneP50: Math.round(a.p50 * 100) / 100 });
    figure(`zones.${s.name}.p95`, b.p95, 'ms', { zones: ZONES, aloneP95: Math.round(a.p95 * 100) / 100, rows: b.rows });
    figure(`zones.${s.name}.p95_ratio`, b.p95 / a.p95, 'x', {
      note: `one zone among ${ZONES} vs the same zone alone in its own database`,
    });
  }
  figure('zones.total_time', performance.now() - started, 'ms');
} catch (e) {
  console.error(e);
  process.exitCode = 1;
} finally {
  await alone.close();
  await many.close();
}
