/**
 * Issue 9 benchmark (inspections):
 *  - generation: one period's tasks for BENCH_INSP_ZONES (100) zones × BENCH_INSP_ENTERPRISES (1,000) enterprises,
 *    one by_colour plan per zone (every enterprise, periods by each one's colour), through the real generation
 *    (`generateZone`: one read per plan, periods computed in process, multi-row INSERT … ON DUPLICATE KEY with
 *    audit rows): time and tasks/s; the same run's raw batched INSERT rate of the same rows into a scratch table
 *    (no reads, no audit) for the ratio; and a second, idempotent pass (nothing to insert);
 *  - coverage: p50/p95 of GET /inspections/coverage (HTTP, auth, tenant filter) for a zone of
 *    BENCH_INSP_COVERAGE_ENTERPRISES (5,000) enterprises with a year of history (tasks at each colour's frequency:
 *    done, late, missed), by grid worker and by agency, over the year and over one month.
 * Knobs: BENCH_INSP_ZONES, BENCH_INSP_ENTERPRISES, BENCH_INSP_COVERAGE_ENTERPRISES, BENCH_INSP_CALLS (50);
 * BENCH_ONLY=generation|coverage runs only that part.
 */
import { addDays, endOfLocalDay, localDate } from '@yuanan/domain';
import { runInScope } from '../../api/src/core/context/request-scope.ts';
import { uuidv7 } from '../../api/src/core/db/ids.ts';
import { tenantEm } from '../../api/src/core/db/orm.ts';
import { coverageAggregate } from '../../api/src/modules/inspections/coverage.ts';
import { generateZone } from '../../api/src/modules/inspections/generation.ts';
import { createTestEnv, DEMO_PW, request } from '../../api/src/testing/test-env.ts';
import { figure, percentile } from './lib.ts';
import { bulkInsert, rng, seedEnterprises } from './seed.ts';

const ZONES = Number(process.env.BENCH_INSP_ZONES ?? 100);
const ENTERPRISES = Number(process.env.BENCH_INSP_ENTERPRISES ?? 1000);
const COVERAGE_ENTERPRISES = Number(process.env.BENCH_INSP_COVERAGE_ENTERPRISES ?? 5000);
const CALLS = Number(process.env.BENCH_INSP_CALLS ?? 50);
const ONLY = process.env.BENCH_ONLY ?? '';
if (ONLY && ONLY !== 'generation' && ONLY !== 'coverage') throw new Error(`BENCH_ONLY: generation or coverage, not ${ONLY}`);
const GRIDS = 10;
const TZ = 'Asia/Shanghai';
const DAY = 86_400_000;

const env = await createTestEnv({ env: { LOG_LEVEL: 'warn' } });
const conn = () => env.api.c.orm.em.getConnection();

async function provision(n: number): Promise<{ id: string; code: string }> {
  const code = `ib${String(n).padStart(3, '0')}`;
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
        name: `检查基准园区${n}`,
        region: '浙江省',
        admin: { username: 'admin', name: `检查基准园区${n}管理员`, password: DEMO_PW },
      }),
  );
  return { id: r.tenant.id, code };
}

/** A published default template of the zone that applies to every enterprise (no industry or tag condition). */
async function generalTemplate(tenantId: string): Promise<string> {
  const rows = (await conn().execute(
    "SELECT id, industries, tags FROM inspection_templates WHERE tenant_id = ? AND status = 'published' ORDER BY code",
    [tenantId],
  )) as Array<{ id: string; industries: unknown; tags: unknown }>;
  const empty = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v)?.length === 0;
  return (rows.find((r) => empty(r.industries) && empty(r.tags)) ?? rows[0]!).id;
}

async function insertPlan(tenantId: string, templateId: string, startDate: string): Promise<string> {
  const id = uuidv7();
  const now = new Date();
  await conn().execute(
    `INSERT INTO inspection_plans (id, created_at, updated_at, tenant_id, name, kind, assignee_kind, assignee_user_id, assignee_role, agency_id, target, template_ids, frequency, start_date, end_date, window_days, enabled, version)
     VALUES (?, ?, ?, ?, '按风险等级日常巡查', 'routine', 'role', NULL, 'grid_worker', NULL, ?, ?, 'by_colour', ?, NULL, NULL, 1, 1)`,
    [
      id,
      now,
      now,
      tenantId,
      JSON.stringify({ gridIds: [], tags: [], colours: [], enterpriseIds: [] }),
      JSON.stringify([templateId]),
      startDate,
    ],
  );
  return id;
}

const TASK_COLUMNS = [
  'id',
  'created_at',
  'updated_at',
  'tenant_id',
  'plan_id',
  'enterprise_id',
  'grid_id',
  'template_id',
  'kind',
  'assignee_user_id',
  'assignee_role',
  'agency_id',
  'period_key',
  'start_at',
  'due_at',
  'status',
  'late',
  'completed_at',
  'hazard_ids',
  'hazard_count',
  'version',
];

try {
  const started = performance.now();
  const today = localDate(new Date(), TZ);

  if (ONLY !== 'coverage') {
    // ---- generation: ZONES × ENTERPRISES ----
    const zones: Array<{ id: string; code: string }> = [];
    let setupMs = 0;
    for (let n = 0; n < ZONES; n++) {
      const t = performance.now();
      const z = await provision(n);
      const grids = Array.from({ length: GRIDS }, () => uuidv7());
      await seedEnterprises(conn(), z.id, {
        from: 0,
        n: ENTERPRISES,
        grids,
        tags: ['confined_space', 'dust'],
        codeFrom: n * ENTERPRISES,
      });
      await insertPlan(z.id, await generalTemplate(z.id), addDays(today, -100));
      zones.push(z);
      setupMs += performance.now() - t;
    }
    await conn().execute('ANALYZE TABLE enterprises, inspection_tasks, inspection_plans');
    figure('inspections.setup', setupMs, 'ms', { zones: ZONES, enterprisesPerZone: ENTERPRISES });

    const generate = async () => {
      let created = 0;
      let existing = 0;
      const t = performance.now();
      for (const z of zones) {
        const tenant = (await env.api.c.tenants.byId(z.id))!;
        const em = tenantEm(env.api.c.orm, z.id);
        const r = await runInScope(
          { requestId: 'bench', tenantId: z.id, em, actor: null, ip: null, userAgent: 'bench', action: 'inspection.generate' },
          () => generateZone(em, tenant),
        );
        created += r.created;
        existing += r.existing;
      }
      return { ms: performance.now() - t, created, existing };
    };
    const first = await generate();
    figure('inspections.generate.time', first.ms, 'ms', { zones: ZONES, enterprises: ZONES * ENTERPRISES, tasks: first.created });
    const tasksPerSec = first.created / (first.ms / 1000);
    figure('inspections.generate.rate', tasksPerSec, 'tasks/s');
    const again = await generate();
    figure('inspections.generate.idempotent_pass', again.ms, 'ms', { created: again.created, existing: again.existing });
    if (again.created !== 0) throw new Error(`second pass created ${again.created} tasks`);

    // The same rows, raw: multi-row INSERTs of 500 into a scratch copy of the table (no reads, no audit rows).
    await conn().execute('CREATE TABLE bench_inspection_tasks_scratch LIKE inspection_tasks');
    const rows = (await conn().execute(
      `SELECT ${TASK_COLUMNS.join(', ')} FROM inspection_tasks ORDER BY tenant_id, id`,
    )) as Array<Record<string, unknown>>;
    const values = rows.map((r) => TASK_COLUMNS.map((c) => (c === 'id' ? uuidv7() : c === 'hazard_ids' ? '[]' : r[c])));
    const tRaw = performance.now();
    for (let i = 0; i < values.length; i += 500) {
      const part = values.slice(i, i + 500);
      await conn().execute(
        `INSERT INTO bench_inspection_tasks_scratch (${TASK_COLUMNS.join(', ')}) VALUES ${part.map(() => `(${TASK_COLUMNS.map(() => '?').join(',')})`).join(',')}`,
        part.flat(),
      );
    }
    const rawMs = performance.now() - tRaw;
    const rawPerSec = values.length / (rawMs / 1000);
    figure('inspections.raw_insert.rate', rawPerSec, 'rows/s', { rows: values.length, ms: Math.round(rawMs) });
    figure('inspections.generate.vs_raw', tasksPerSec / rawPerSec, 'x', {
      note: 'generation tasks/s ÷ raw batched INSERT rows/s of the same rows (generation also reads and writes audit rows)',
    });
    await conn().execute('DROP TABLE bench_inspection_tasks_scratch');
  }

  if (ONLY !== 'generation') {
    // ---- coverage: one zone of COVERAGE_ENTERPRISES with a year of history ----
    const cz = await provision(900);
    const login = await env.req('POST', '/api/v1/auth/login', {
      body: { tenant: cz.code, username: 'admin', password: DEMO_PW },
    });
    const token = login.body.accessToken as string;
    const grids: string[] = [];
    for (let g = 0; g < GRIDS; g++) {
      const c = await env.req('POST', '/api/v1/catalog', {
        token,
        body: { kind: 'grid', code: `g${g}`, name: `第${g + 1}网格` },
      });
      grids.push(c.body.id);
      const u = await env.req('POST', '/api/v1/users', {
        token,
        body: { username: `grid${g}`, name: `网格员${g + 1}`, role: 'grid_worker', password: DEMO_PW, gridIds: [c.body.id] },
      });
      if (u.status !== 201) throw new Error(`user: ${JSON.stringify(u.body)}`);
    }
    const agencies: string[] = [];
    for (let a = 0; a < 3; a++) {
      const r = await env.req('POST', '/api/v1/inspection-agencies', {
        token,
        body: { name: `第三方机构${a + 1}`, contactName: '赵敏', contactPhone: '13905790103', memberUserIds: [] },
      });
      agencies.push(r.body.id);
    }
    const ents = await seedEnterprises(conn(), cz.id, {
      from: 0,
      n: COVERAGE_ENTERPRISES,
      grids,
      tags: ['confined_space'],
      codeFrom: 900_000,
    });
    const colours = new Map(
      (
        (await conn().execute('SELECT id, risk_colour FROM enterprises WHERE tenant_id = ?', [cz.id])) as Array<{
          id: string;
          risk_colour: string;
        }>
      ).map((r) => [r.id, r.risk_colour]),
    );
    const tpl = await generalTemplate(cz.id);
    const planGrid = await insertPlan(cz.id, tpl, addDays(today, -365));
    const planAgency = uuidv7();
    const every: Record<string, number> = { red: 7, orange: 14, yellow: 30, blue: 90 };
    const r = rng(42);
    const history: unknown[][] = [];
    const yearAgo = addDays(today, -365);
    for (const [i, e] of ents.entries()) {
      const days = every[colours.get(e.id) ?? 'yellow']!;
      const agency = i % 5 === 0 ? agencies[i % 3]! : null;
      for (let k = 0; ; k++) {
        const key = addDays(yearAgo, k * days);
        if (key > today) break;
        const startAt = new Date(endOfLocalDay(addDays(key, -1), TZ).getTime() + 1);
        const dueAt = endOfLocalDay(addDays(key, days - 1), TZ);
        const past = dueAt.getTime() < Date.now();
        const x = r();
        const status = !past ? 'open' : x < 0.15 ? 'missed' : 'done';
        const late = status === 'done' && x > 0.9;
        const completedAt =
          status === 'done'
            ? new Date(late ? dueAt.getTime() + DAY : startAt.getTime() + r() * (dueAt.getTime() - startAt.getTime()))
            : null;
        const hazards = status === 'done' && r() < 0.3 ? [uuidv7()] : [];
        history.push([
          uuidv7(),
          startAt,
          startAt,
          cz.id,
          agency ? planAgency : planGrid,
          e.id,
          e.gridId,
          tpl,
          'routine',
          null,
          agency ? null : 'grid_worker',
          agency,
          key,
          startAt,
          dueAt,
          status,
          late ? 1 : 0,
          completedAt,
          JSON.stringify(hazards),
          hazards.length,
          1,
        ]);
      }
    }
    await bulkInsert(conn(), 'inspection_tasks', TASK_COLUMNS, history);
    await conn().execute('ANALYZE TABLE inspection_tasks');
    figure('inspections.coverage.history', history.length, 'tasks', { enterprises: COVERAGE_ENTERPRISES, days: 365 });

    const monthFrom = addDays(today, -30);
    const tenant = (await env.api.c.tenants.byId(cz.id))!;
    const shapes = [
      { name: 'grid_worker.year', q: { from: yearAgo, to: today, by: 'grid_worker' as const } },
      { name: 'agency.year', q: { from: yearAgo, to: today, by: 'agency' as const } },
      { name: 'grid_worker.month', q: { from: monthFrom, to: today, by: 'grid_worker' as const } },
    ];
    // The same sums straight from the seeded history, to check the route's numbers (every grid has one worker).
    const expected = (q: { from: string; to: string; by: string }) => {
      const lo = endOfLocalDay(addDays(q.from, -1), TZ).getTime() + 1;
      const hi = endOfLocalDay(q.to, TZ).getTime();
      const t = { required: 0, done: 0, late: 0, missed: 0, hazardsFound: 0 };
      for (const h of history) {
        const [due, status, late, agency] = [(h[14] as Date).getTime(), h[15] as string, h[16] as number, h[11]];
        if (due < lo || due > hi || (q.by === 'agency') !== (agency !== null)) continue;
        if (status === 'done' || status === 'missed' || due <= Date.now()) t.required++;
        if (status === 'done') {
          t.done++;
          t.late += late;
          t.hazardsFound += (JSON.parse(h[18] as string) as string[]).length;
        }
        if (status === 'missed') t.missed++;
      }
      return t;
    };
    for (const s of shapes) {
      const path = `/api/v1/inspections/coverage?from=${s.q.from}&to=${s.q.to}&by=${s.q.by}`;
      const lat: number[] = [];
      let out: Array<Record<string, number>> = [];
      for (let i = -3; i < CALLS; i++) {
        const t = performance.now();
        const res = await request(env.url, 'GET', path, { token });
        if (res.status !== 200) throw new Error(`${s.name}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
        if (i >= 0) lat.push(performance.now() - t);
        out = (res.body as { rows: Array<Record<string, number>> }).rows;
      }
      const want = expected(s.q);
      const got = Object.fromEntries(Object.keys(want).map((k) => [k, out.reduce((n, r) => n + r[k]!, 0)]));
      if (JSON.stringify(got) !== JSON.stringify(want))
        throw new Error(`${s.name}: totals ${JSON.stringify(got)}, the history says ${JSON.stringify(want)}`);
      lat.sort((a, b) => a - b);
      figure(`inspections.coverage.${s.name}.p50`, percentile(lat, 50), 'ms', { calls: CALLS });
      figure(`inspections.coverage.${s.name}.p95`, percentile(lat, 95), 'ms', {
        calls: CALLS,
        rows: out.length,
        tasks: history.length,
        totals: got,
      });
      // The aggregate's plan: a range of the covering index, no row read ("Using index").
      const a = coverageAggregate(tenant, s.q, new Date());
      const plan = (await conn().execute(`EXPLAIN ${a.sql}`, a.params)) as Array<Record<string, unknown>>;
      figure(`inspections.coverage.${s.name}.plan`, Number(plan[0]!.rows), 'rows examined (estimate)', {
        key: plan[0]!.key,
        type: plan[0]!.type,
        extra: plan[0]!.Extra,
      });
    }
  }
  figure('inspections.total_time', performance.now() - started, 'ms');
} catch (e) {
  console.error(e);
  process.exitCode = 1;
} finally {
  await env.close();
}
