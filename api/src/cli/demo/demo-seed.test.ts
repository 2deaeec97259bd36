import { HAZARD_STATUSES } from '@yuanan/contracts';
import { runInScope } from '../../core/context/request-scope.ts';
import { createTestEnv, type TestEnv } from '../../testing/test-env.ts';
import { seedDemo, type SeedReport } from './demo-seed.ts';

/**
 * The demo zones look like zones in use (issue 15 item 7): about a hundred enterprises each, people with names,
 * a hazard history in every state with overdue and supervised major hazards, photos and timelines, colours
 * computed, escalation alarms set — and seeding again changes nothing.
 */
let env: TestEnv;
let first: SeedReport;
const password = 'Demo@Yuanan2026';

const seed = () =>
  runInScope({ requestId: 'seed', tenantId: null, em: null, actor: null, ip: null, userAgent: 'seed', action: 'demo.seed' }, () =>
    seedDemo(env.api.c, env.api.services, password),
  );
const sql = async <T = Record<string, unknown>>(q: string, params: unknown[] = []): Promise<T[]> =>
  (await env.api.c.orm.em.getConnection().execute(q, params, 'all')) as T[];

const TABLES = [
  'tenants',
  'enterprises',
  'users',
  'risk_points',
  'certified_workers',
  'hazardous_chemicals',
  'emergency_supplies',
  'enterprise_contacts',
  'drills',
  'hazards',
  'hazard_events',
  'hazard_extensions',
  'hazard_counters',
  'files',
  'notifications',
  'fired_effects',
  'tasks',
  'enterprise_colours',
  'audit_log',
  'inspection_templates',
  'inspection_agencies',
  'inspection_contracts',
  'inspection_plans',
  'inspection_tasks',
  'duty_teams',
  'duty_team_members',
  'duty_rotations',
  'duty_overrides',
  'duty_swaps',
  'duty_leaves',
  'duty_check_ins',
];
async function counts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of TABLES) out[t] = Number((await sql<{ n: number }>(`SELECT COUNT(*) AS n FROM ${t}`))[0]!.n);
  return out;
}

async function login(zone: string, username: string): Promise<string> {
  const r = await env.req('POST', '/api/v1/auth/login', { body: { tenant: zone, username, password } });
  expect(r.status).toBe(200);
  return r.body.accessToken as string;
}

beforeAll(async () => {
  env = await createTestEnv();
  first = await seed();
}, 300_000);
afterAll(() => env.close());

test('each zone: about a hundred enterprises, every hazard state, overdue and supervised hazards, a red enterprise', async () => {
  expect(first.zones.map((z) => z.code)).toEqual(['siqi', 'suxi']);
  for (const z of first.zones) {
    expect(z.enterprises).toBeGreaterThanOrEqual(90);
    expect(z.enterprises).toBeLessThanOrEqual(130);
    expect(z.hazards.skipped).toBe(false);
    expect(z.hazards.hazards).toBeGreaterThanOrEqual(30);
    for (const s of HAZARD_STATUSES) expect([z.code, s, (z.hazards.byStatus[s] ?? 0) > 0]).toEqual([z.code, s, true]);
    expect(z.hazards.overdue).toBeGreaterThan(0);
    expect(z.hazards.majorListed).toBeGreaterThan(0);
    expect(z.colours.red ?? 0).toBeGreaterThan(0);
    // A spread, not one colour: every colour present and none is most of the zone.
    for (const c of ['orange', 'yellow', 'blue']) expect(z.colours[c] ?? 0).toBeGreaterThan(0);
    expect(Math.max(...Object.values(z.colours))).toBeLessThan(z.enterprises * 0.7);
    expect(z.colours.none ?? 0).toBe(0);
    expect(z.alarms).toBeGreaterThan(0);
  }
  // Files entered and changed over time, not all in the seeding second.
  const times = await sql<{ created: number; updated: number }>(
    'SELECT COUNT(DISTINCT DATE(created_at)) AS created, COUNT(DISTINCT DATE(updated_at)) AS updated FROM enterprises',
  );
  expect(Number(times[0]!.created)).toBeGreaterThan(50);
  expect(Number(times[0]!.updated)).toBeGreaterThan(30);
  // What the database says agrees with the report.
  const rows = await sql<{ code: string; status: string; n: number }>(
    `SELECT t.code, h.status, COUNT(*) AS n FROM hazards h JOIN tenants t ON t.id = h.tenant_id GROUP BY t.code, h.status`,
  );
  for (const z of first.zones)
    for (const s of HAZARD_STATUSES)
      // The hazard history, the hazards raised by the inspections' failed items and by IoT alarms.
      expect(Number(rows.find((r) => r.code === z.code && r.status === s)?.n ?? 0)).toBe(
        (z.hazards.byStatus[s] ?? 0) + (z.inspections.hazardsByStatus[s] ?? 0) + (z.iot.hazardsByStatus[s] ?? 0),
      );
  const overdue = await sql<{ n: number }>(
    `SELECT COUNT(*) AS n FROM hazards WHERE status IN ('confirmed', 'rectifying') AND deadline < UTC_TIMESTAMP(3)`,
  );
  expect(Number(overdue[0]!.n)).toBe(first.zones.reduce((s, z) => s + z.hazards.overdue, 0));
});

test('hazard rows are what the services write: unique codes within the day counters, timelines ending in the status, photos that load', async () => {
  const hs = await sql<{ id: string; tenant_id: string; code: string; status: string; photo_ids: string; version: number }>(
    'SELECT id, tenant_id, code, status, photo_ids, version FROM hazards',
  );
  expect(new Set(hs.map((h) => `${h.tenant_id}:${h.code}`)).size).toBe(hs.length);
  const counters = await sql<{ tenant_id: string; day: string; value: number }>(
    'SELECT tenant_id, day, value FROM hazard_counters',
  );
  for (const h of hs) {
    const [, day, n] = /^YH-(\d{8})-(\d{4})$/.exec(h.code)!;
    const counter = counters.find((c) => c.tenant_id === h.tenant_id && c.day === day);
    expect(counter && Number(counter.value) >= Number(n)).toBe(true);
  }
  const events = await sql<{ hazard_id: string; action: string; to_status: string; at: Date }>(
    "SELECT hazard_id, action, to_status, at FROM hazard_events WHERE action <> 'escalated' ORDER BY at, id",
  );
  for (const h of hs) {
    const own = events.filter((e) => e.hazard_id === h.id);
    expect(['report', 'register']).toContain(own[0]!.action);
    expect(own.at(-1)!.to_status).toBe(h.status);
    expect(own.every((e) => new Date(e.at).getTime() <= Date.now())).toBe(true);
  }
  // A supervised major hazard in the api: listed, planned, reported, with photos that load as JPEG.
  const token = await login('siqi', 'safety');
  const major = await env.req('GET', '/api/v1/hazards?grade=major&pageSize=50', { token });
  expect(major.status).toBe(200);
  const listed = major.body.items.filter((h: { supervision: unknown; status: string }) => h.supervision && h.status !== 'closed');
  expect(listed.length).toBeGreaterThan(0);
  const detail = await env.req('GET', `/api/v1/hazards/${listed[0].id}`, { token });
  expect(detail.status).toBe(200);
  expect(detail.body.governancePlan).not.toBeNull();
  expect(detail.body.events.map((e: { action: string }) => e.action)).toEqual(
    expect.arrayContaining(['report', 'confirm', 'major_plan', 'major_list', 'major_reported']),
  );
  const img = await fetch(env.url + detail.body.photos[0].url);
  expect(img.status).toBe(200);
  expect(img.headers.get('content-type')).toContain('image/jpeg');
  expect((await img.arrayBuffer()).byteLength).toBeGreaterThan(2000);
});

test('people have names, not roles; every enterprise has an account; records vary between enterprises', async () => {
  const users = await sql<{ username: string | null; name: string; role: string }>('SELECT username, name, role FROM users');
  const roleWords = /管理员|安监|网格|检查|队长|队员|器材|督查|负责人|安全员|运营/;
  expect(users.filter((u) => roleWords.test(u.name)).map((u) => `${u.username}: ${u.name}`)).toEqual([]);
  const safety = await env.req('GET', '/api/v1/me', { token: await login('siqi', 'safety') });
  expect(safety.body.name).toMatch(/^[\u4e00-\u9fa5]{2,3}$/);
  const noAccount = await sql<{ n: number }>(
    'SELECT COUNT(*) AS n FROM enterprises e WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.enterprise_id = e.id AND u.tenant_id = e.tenant_id)',
  );
  expect(Number(noAccount[0]!.n)).toBe(0);
  // Not one expired extinguisher copied across firms: quantities and expiry dates differ.
  const supplies = await sql<{ quantity: number; expires_on: string | null }>(
    "SELECT quantity, expires_on FROM emergency_supplies WHERE name = '干粉灭火器（4kg）'",
  );
  expect(new Set(supplies.map((s) => s.quantity)).size).toBeGreaterThan(20);
  expect(new Set(supplies.map((s) => String(s.expires_on))).size).toBeGreaterThan(20);
  const certs = await sql<{ state: string; n: number }>(
    `SELECT CASE WHEN expires_on < CURDATE() THEN 'expired' WHEN expires_on < CURDATE() + INTERVAL 60 DAY THEN 'soon' ELSE 'valid' END AS state,
            COUNT(*) AS n FROM certified_workers GROUP BY state`,
  );
  for (const s of ['expired', 'soon', 'valid']) expect(Number(certs.find((c) => c.state === s)?.n ?? 0)).toBeGreaterThan(0);
  // A few major hazard sources (GB 18218: liquid ammonia over 10 t and the like), from the colour explanations.
  const mh = await sql<{ n: number }>(
    "SELECT COUNT(DISTINCT enterprise_id) AS n FROM hazardous_chemicals WHERE name = '液氨' AND max_quantity >= 10",
  );
  expect(Number(mh[0]!.n)).toBeGreaterThan(0);
});

test('duty: the rescue squad on 24-hour shifts — a month of check-ins, a swap to approve, a gap within 14 days', async () => {
  for (const z of first.zones)
    expect([z.code, z.duty.skipped, z.duty.teams, z.duty.checkIns > 40]).toEqual([z.code, false, 2, true]);
  const lead = await login('siqi', 'rescue-lead');
  const teams = await env.req('GET', '/api/v1/duty/teams?mine=true', { token: lead });
  const squad = teams.body.items.find((t: { name: string }) => t.name === '开发区四期应急救援队（蓝天救援队园区分队）');
  expect(squad.members).toHaveLength(8);
  const swaps = await env.req('GET', '/api/v1/duty/swaps?status=accepted', { token: lead });
  expect(swaps.body.total).toBe(1);
  const wb = await env.req('GET', '/api/v1/workbench', { token: lead });
  const gaps = wb.body.cards.find((c: { key: string }) => c.key === 'duty.gaps');
  expect(gaps.count).toBeGreaterThanOrEqual(1);
  const member = await login('siqi', 'rescue1');
  const shifts = await env.req('GET', '/api/v1/duty/me/shifts', { token: member });
  expect(shifts.body.items.length).toBeGreaterThan(2);
  expect(shifts.body.items.some((s: { swap: unknown }) => s.swap !== null)).toBe(true);
  const now = await env.req('GET', `/api/v1/duty/on-duty?teamId=${squad.id}`, { token: member });
  expect(now.body.teams[0].people.length).toBeGreaterThanOrEqual(1);
});

test('seeding again changes nothing', async () => {
  const before = await counts();
  const again = await seed();
  for (const z of again.zones) expect(z.hazards.skipped).toBe(true);
  for (const z of again.zones) expect(z.inspections.skipped).toBe(true);
  for (const z of again.zones) expect(z.duty.skipped).toBe(true);
  expect(await counts()).toEqual(before);
  expect(again.zones.map((z) => [z.code, z.enterprises, z.colours])).toEqual(
    first.zones.map((z) => [z.code, z.enterprises, z.colours]),
  );
});

test('inspections: an agency with a contract in force and an expired one, plans, 90 days of records, today’s tasks, coverage', async () => {
  for (const z of first.zones) {
    expect(z.inspections.skipped).toBe(false);
    expect(z.inspections.plans).toBeGreaterThanOrEqual(4);
    expect(z.inspections.byStatus.done ?? 0).toBeGreaterThan(100);
    expect(z.inspections.byStatus.missed ?? 0).toBeGreaterThan(5);
    expect(z.inspections.byStatus.scheduled ?? 0).toBeGreaterThan(3);
    expect(z.inspections.late).toBeGreaterThan(5);
    expect(z.inspections.flagged).toBeGreaterThan(3);
    // About one done task in ten raised a hazard.
    const share = z.inspections.hazards / (z.inspections.byStatus.done ?? 1);
    expect(share).toBeGreaterThan(0.07);
    expect(share).toBeLessThan(0.2);
  }
  // Task and hazard point at each other; the hazard is what the submit route writes.
  const linked = await sql<{ hazard_ids: string; answers: string; source: string; description: string; place: string }>(
    `SELECT t.hazard_ids, t.answers, h.source, h.description, h.place FROM inspection_tasks t
       JOIN hazards h ON h.tenant_id = t.tenant_id AND JSON_CONTAINS(t.hazard_ids, JSON_QUOTE(h.id))`,
  );
  expect(linked.length).toBe(first.zones.reduce((s, z) => s + z.inspections.hazards, 0));
  for (const l of linked) {
    expect(['grid_patrol', 'third_party']).toContain(l.source);
    expect(l.description).toMatch(/^检查发现不合格：/);
    const answers = (typeof l.answers === 'string' ? JSON.parse(l.answers) : l.answers) as Array<{
      outcome: string;
      hazardId: string | null;
    }>;
    const ids = typeof l.hazard_ids === 'string' ? JSON.parse(l.hazard_ids) : l.hazard_ids;
    expect(answers.filter((a) => a.outcome === 'fail').map((a) => a.hazardId)).toEqual(ids);
  }
  // Today's records went through the services (check-in, submit) as the phone sends them.
  const live = await sql<{ n: number }>(
    "SELECT COUNT(DISTINCT entity_id) AS n FROM audit_log WHERE action = 'inspections.submit' AND entity_type = 'InspectionTask'",
  );
  const day = 86_400_000;
  const zoneMidnight = new Date(Math.floor((Date.now() + 8 * 3_600_000) / day) * day - 8 * 3_600_000);
  const doneToday = await sql<{ n: number }>(
    "SELECT COUNT(*) AS n FROM inspection_tasks WHERE status = 'done' AND completed_at >= ?",
    [zoneMidnight],
  );
  expect(Number(live[0]!.n)).toBe(Number(doneToday[0]!.n));
  // Some are, once the zones' day (Asia/Shanghai) is under way.
  if ((Date.now() / 60_000 + 8 * 60) % 1440 >= 120) expect(Number(live[0]!.n)).toBeGreaterThan(0);
  // As users see it: the inspector's and grid1's lists have today's tasks; coverage has the grid workers and the agency.
  const inspector = await login('siqi', 'inspector');
  const mine = await env.req('GET', '/api/v1/inspection-tasks?mine=true&status=open&pageSize=100', { token: inspector });
  expect(mine.status).toBe(200);
  expect(mine.body.items.length).toBeGreaterThanOrEqual(3);
  const grid1 = await login('siqi', 'grid1');
  const g = await env.req('GET', '/api/v1/inspection-tasks?mine=true&status=open&pageSize=100', { token: grid1 });
  expect(g.status).toBe(200);
  expect(g.body.items.length).toBeGreaterThanOrEqual(3);
  const safety = await login('siqi', 'safety');
  const from = new Date(Date.now() - 90 * 86_400_000).toISOString().slice(0, 10);
  const to = new Date().toISOString().slice(0, 10);
  for (const by of ['grid_worker', 'agency']) {
    const cov = await env.req('GET', `/api/v1/inspections/coverage?from=${from}&to=${to}&by=${by}`, { token: safety });
    expect(cov.status).toBe(200);
    const rows = cov.body.rows as Array<{
      name: string;
      required: number;
      done: number;
      onTimeRate: number | null;
      hazardsFound: number;
    }>;
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows.filter((x) => x.required > 10)) {
      expect(r.onTimeRate).toBeGreaterThan(0.6);
      expect(r.onTimeRate).toBeLessThan(1);
      expect(r.hazardsFound).toBeGreaterThan(0);
    }
  }
  // A record's photos and signature load.
  const done = await env.req('GET', '/api/v1/inspection-tasks?mine=true&status=done&pageSize=5', { token: inspector });
  const detail = await env.req('GET', `/api/v1/inspection-tasks/${done.body.items[0].id}`, { token: inspector });
  expect(detail.status).toBe(200);
  expect(detail.body.checkIn).not.toBeNull();
  expect(detail.body.signature?.url).toBeTruthy();
  const sig = await fetch(env.url + detail.body.signature.url, { headers: { authorization: `Bearer ${inspector}` } });
  expect(sig.status).toBe(200);
  const docx = await env.req('GET', `/api/v1/inspection-tasks/${done.body.items[0].id}/record.docx`, { token: inspector });
  expect(docx.status).toBe(200);
});
