/**
 * City views (issue 14 §2) against hand-computed fixtures: a bureau granted zones A and B, a zone C it is not
 * granted (C's rows must never count), a zone D whose grant expired and a zone E whose grant was revoked. Numbers
 * written below were counted by hand from the rows each zone gets in `beforeAll`.
 */
import { runInScope } from '../../core/context/request-scope.ts';
import { uuidv7 } from '../../core/db/ids.ts';
import {
  alarmRow,
  enterpriseRow,
  grantRow,
  hazardRow,
  incidentRow,
  insertRows,
  taskRow,
  type FixtureConnection,
} from '../../testing/city-fixtures.ts';
import { createTestEnv, DEMO_PW, zoneWithAdmin, type TestEnv } from '../../testing/test-env.ts';
import { hazardPeriodFigures, localMonth, periodBounds, totalFigures, totalPeriods } from './city-queries.ts';
import { citySql } from './city-views.routes.ts';

const DAY = 86_400_000;
const YEAR_ZH = '年份应为 2000 至 2100 之间的四位数字，如 2026';
let env: TestEnv;
let conn: FixtureConnection;
let token: string;
let noGrantToken: string;
const zone: Record<'A' | 'B' | 'C' | 'D' | 'E', { id: string; code: string }> = {} as never;
let bureauId: string;
const ents: Record<string, string> = {};
let h3: string;

/** Shanghai wall time → UTC instant (the zones' time zone is Asia/Shanghai, UTC+8 all year). */
const sh = (iso: string) => new Date(Date.parse(`${iso}+08:00`));

async function provision(code: string, name: string, kind: 'zone' | 'bureau' = 'zone') {
  return runInScope(
    {
      requestId: `test:${code}`,
      tenantId: null,
      em: null,
      actor: null,
      ip: null,
      userAgent: 'test',
      action: 'tenants.provision',
    },
    () =>
      env.api.services.tenants.provision({
        code,
        name,
        region: '浙江省金华市义乌市',
        kind,
        admin: { username: 'city', name: `${name}用户`, password: DEMO_PW },
      }),
  );
}

beforeAll(async () => {
  env = await createTestEnv();
  conn = env.api.c.orm.em.getConnection();
  for (const [k, code] of [
    ['A', 'cva'],
    ['B', 'cvb'],
    ['C', 'cvc'],
    ['D', 'cvd'],
    ['E', 'cve'],
  ] as const) {
    const z = await zoneWithAdmin(env, code, `城市视图园区${k}`);
    zone[k] = { id: z.tenant.id, code };
  }
  bureauId = (await provision('cvbureau', '义乌市应急管理局', 'bureau')).tenant.id;
  const lonely = (await provision('cvlonely', '无授权管理局', 'bureau')).tenant.id;
  const now = Date.now();
  await insertRows(conn, 'supervision_grants', [
    grantRow(bureauId, zone.A.id, { from: new Date(now - 30 * DAY), until: new Date(now + 365 * DAY) }),
    grantRow(bureauId, zone.B.id, { from: new Date(now - 30 * DAY), until: new Date(now + 365 * DAY) }),
    grantRow(bureauId, zone.D.id, { from: new Date(now - 60 * DAY), until: new Date(now - DAY) }),
    grantRow(bureauId, zone.E.id, {
      from: new Date(now - 60 * DAY),
      until: new Date(now + 365 * DAY),
      revokedAt: new Date(now - DAY),
    }),
    // Another bureau's grant over C: C stays invisible to ours.
    grantRow(lonely, zone.C.id, { from: new Date(now - 60 * DAY), until: new Date(now - DAY) }),
  ]);
  const login = async (tenant: string) => {
    const r = await env.req('POST', '/api/v1/auth/login', { body: { tenant, username: 'city', password: DEMO_PW } });
    if (r.status !== 200) throw new Error(`login ${tenant}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.accessToken as string;
  };
  token = await login('cvbureau');
  noGrantToken = await login('cvlonely');

  // ---- zone A: enterprises (e6 closed: not counted)
  const A = zone.A.id;
  const eRows = [
    enterpriseRow(A, 1, { colour: 'red', score: 80, name: '甲红一' }),
    enterpriseRow(A, 2, { colour: 'red', score: 90, name: '甲红二' }),
    enterpriseRow(A, 3, { colour: 'orange' }),
    enterpriseRow(A, 4, { colour: 'blue' }),
    enterpriseRow(A, 5, { colour: null }),
    enterpriseRow(A, 6, { colour: 'yellow', status: 'closed' }),
  ];
  await insertRows(conn, 'enterprises', eRows);
  [ents.e1, ents.e2, ents.e3] = eRows.map((r) => String(r.id));
  const ago = (d: number) => new Date(now - d * DAY);
  h3 = uuidv7();
  await insertRows(conn, 'hazards', [
    hazardRow(A, ents.e1!, { status: 'reported', reportedAt: ago(30) }),
    hazardRow(A, ents.e1!, { status: 'confirmed', grade: 'general', reportedAt: ago(30), deadline: ago(2) }),
    hazardRow(A, ents.e1!, {
      id: h3,
      status: 'rectifying',
      grade: 'major',
      reportedAt: ago(30),
      deadline: ago(3),
      description: '重大隐患：储罐区可燃气体报警器失效',
    }),
    hazardRow(A, ents.e2!, { status: 'rectifying', grade: 'major', reportedAt: ago(30), deadline: ago(-5) }),
    hazardRow(A, ents.e2!, { status: 'pending_review', grade: 'general', reportedAt: ago(30), deadline: ago(1) }),
    hazardRow(A, ents.e3!, { status: 'closed', grade: 'general', reportedAt: ago(40), deadline: ago(10), closedAt: ago(12) }),
    hazardRow(A, ents.e3!, { status: 'closed', grade: 'general', reportedAt: ago(40), deadline: ago(20), closedAt: ago(15) }),
    hazardRow(A, ents.e3!, { status: 'closed', grade: 'major', reportedAt: ago(120), deadline: ago(100), closedAt: ago(95) }),
    hazardRow(A, ents.e3!, { status: 'dismissed', grade: 'general', reportedAt: ago(20) }),
    hazardRow(A, ents.e3!, { status: 'closed', grade: 'general', reportedAt: ago(2), closedAt: ago(1) }),
    // 2025 (statistics): Q2, closed late.
    hazardRow(A, ents.e3!, {
      status: 'closed',
      grade: 'general',
      reportedAt: sh('2025-05-05T10:00:00'),
      deadline: sh('2025-05-10T23:59:59'),
      closedAt: sh('2025-05-20T10:00:00'),
    }),
  ]);
  // Inspection tasks of this month: required t1 t2 t3 t7, done t1 t7; t4 pending and not due, t5 last month, t6
  // an enterprise's own task (neither coverage view counts it).
  const m = localMonth(new Date(now), 'Asia/Shanghai');
  const pastInMonth = new Date(m.from.getTime() + Math.floor((now - m.from.getTime()) / 2));
  await insertRows(conn, 'inspection_tasks', [
    taskRow(A, ents.e1!, { status: 'done', dueAt: pastInMonth }),
    taskRow(A, ents.e1!, { status: 'missed', dueAt: pastInMonth }),
    taskRow(A, ents.e1!, { status: 'open', dueAt: pastInMonth }),
    taskRow(A, ents.e1!, { status: 'scheduled', dueAt: new Date(m.to.getTime() - 1) }),
    taskRow(A, ents.e1!, { status: 'done', dueAt: new Date(m.from.getTime() - DAY) }),
    taskRow(A, ents.e1!, { status: 'done', dueAt: pastInMonth, assigneeRole: 'enterprise_admin' }),
    taskRow(A, ents.e1!, { status: 'done', dueAt: pastInMonth, assigneeRole: null, agencyId: uuidv7() }),
  ]);
  await insertRows(conn, 'iot_alarms', [
    alarmRow(A, { startedAt: ago(1) }),
    alarmRow(A, { startedAt: ago(3), clearedAt: ago(2) }),
  ]);
  await insertRows(conn, 'incidents', [
    incidentRow(A, { status: 'reported', at: ago(1) }),
    incidentRow(A, { status: 'responding', isDrill: true, at: ago(1) }),
    incidentRow(A, { status: 'closed', at: ago(5) }),
  ]);

  // ---- zone B
  const B = zone.B.id;
  const bRows = [
    enterpriseRow(B, 1, { colour: 'blue', lat: 29.0, lng: 120.0 }),
    enterpriseRow(B, 2, { colour: 'red', lat: 29.2, lng: 120.2 }),
  ];
  await insertRows(conn, 'enterprises', bRows);
  const b1 = String(bRows[0]!.id);
  await insertRows(conn, 'hazards', [
    hazardRow(B, b1, { status: 'rectifying', grade: 'major', reportedAt: ago(30), deadline: ago(4) }),
    hazardRow(B, b1, { status: 'closed', grade: 'general', reportedAt: ago(30), deadline: ago(5), closedAt: ago(6) }),
    // 2025 statistics (see the expected figures below)
    hazardRow(B, b1, {
      status: 'closed',
      grade: 'general',
      reportedAt: sh('2025-02-10T09:00:00'),
      deadline: sh('2025-03-10T23:59:59'),
      closedAt: sh('2025-03-05T09:00:00'),
    }),
    hazardRow(B, b1, {
      status: 'closed',
      grade: 'major',
      reportedAt: sh('2025-03-31T23:30:00'),
      deadline: sh('2025-04-15T23:59:59'),
      closedAt: sh('2025-05-01T09:00:00'),
    }),
    hazardRow(B, b1, {
      status: 'rectifying',
      grade: 'general',
      reportedAt: sh('2024-12-20T09:00:00'),
      deadline: sh('2025-01-31T23:59:59'),
    }),
    hazardRow(B, b1, { status: 'dismissed', grade: 'general', reportedAt: sh('2025-07-01T00:10:00') }),
    hazardRow(B, b1, {
      status: 'closed',
      grade: 'major',
      reportedAt: sh('2025-11-01T09:00:00'),
      deadline: sh('2025-12-31T23:59:59'),
      closedAt: sh('2026-01-10T09:00:00'),
    }),
  ]);
  await insertRows(conn, 'inspection_tasks', [
    taskRow(B, b1, { status: 'done', dueAt: pastInMonth, assigneeRole: null, assigneeUserId: uuidv7() }),
  ]);
  await insertRows(conn, 'iot_alarms', [alarmRow(B, { startedAt: ago(1) }), alarmRow(B, { startedAt: ago(2) })]);
  await insertRows(conn, 'incidents', [incidentRow(B, { status: 'controlled', at: ago(2) })]);
  // A's map centre in its settings; B has none (its enterprises' centroid).
  await conn.execute(
    `UPDATE tenants SET settings = JSON_SET(COALESCE(settings, '{}'), '$.mapCenter', JSON_OBJECT('lat', 29.31, 'lng', 120.07, 'zoom', 15)) WHERE id = ?`,
    [A],
  );
  await conn.execute(
    `UPDATE tenants SET settings = JSON_REMOVE(settings, '$.mapCenter') WHERE id = ? AND JSON_EXTRACT(settings, '$.mapCenter') IS NOT NULL`,
    [B],
  );

  // ---- zones C, D, E: plenty that must never count
  for (const k of ['C', 'D', 'E'] as const) {
    const Z = zone[k].id;
    const rows = [0, 1, 2].map((i) => enterpriseRow(Z, 100 + i, { colour: 'red', score: 99, name: `不应出现${k}${i}` }));
    await insertRows(conn, 'enterprises', rows);
    const e = String(rows[0]!.id);
    await insertRows(conn, 'hazards', [
      ...[1, 2, 3, 4].map(() => hazardRow(Z, e, { status: 'rectifying', grade: 'major', reportedAt: ago(30), deadline: ago(3) })),
      hazardRow(Z, e, { status: 'closed', grade: 'general', reportedAt: ago(30), deadline: ago(5), closedAt: ago(6) }),
      hazardRow(Z, e, {
        status: 'closed',
        grade: 'major',
        reportedAt: sh('2025-02-01T09:00:00'),
        deadline: sh('2025-02-10T23:59:59'),
        closedAt: sh('2025-02-05T09:00:00'),
      }),
    ]);
    await insertRows(conn, 'inspection_tasks', [taskRow(Z, e, { status: 'missed', dueAt: pastInMonth })]);
    await insertRows(conn, 'iot_alarms', [alarmRow(Z, { startedAt: ago(1) })]);
    await insertRows(conn, 'incidents', [incidentRow(Z, { status: 'reported', at: ago(1) })]);
  }
});

afterAll(async () => {
  await env?.close();
});

const get = (path: string, t = token) => env.req('GET', `/api/v1${path}`, { token: t });

const FIG_A = {
  enterprises: { total: 5, red: 2, orange: 1, yellow: 0, blue: 1, unrated: 1 },
  hazards: { open: 5, overdue: 2, majorOpen: 2, majorOverdue: 1 },
  rectification: { closed: 2, onTime: 1, rate: 0.5 },
  inspections: { required: 4, done: 2, rate: 0.5 },
  activeAlarms: 1,
  openIncidents: 1,
};
const FIG_B = {
  enterprises: { total: 2, red: 1, orange: 0, yellow: 0, blue: 1, unrated: 0 },
  // the 2024 hazard still rectifying counts as open and overdue
  hazards: { open: 2, overdue: 2, majorOpen: 1, majorOverdue: 1 },
  rectification: { closed: 1, onTime: 1, rate: 1 },
  inspections: { required: 1, done: 1, rate: 1 },
  activeAlarms: 2,
  openIncidents: 1,
};

test('overview: the granted zones side by side with hand-counted figures, totals, nothing of C/D/E', async () => {
  const r = await get('/supervision/overview');
  expect(r.status).toBe(200);
  expect(r.body.zones.map((z: { code: string }) => z.code)).toEqual(['cva', 'cvb']);
  expect(r.body.zones[0].figures).toEqual(FIG_A);
  expect(r.body.zones[1].figures).toEqual(FIG_B);
  expect(r.body.totals).toEqual({
    enterprises: { total: 7, red: 3, orange: 1, yellow: 0, blue: 2, unrated: 1 },
    hazards: { open: 7, overdue: 4, majorOpen: 3, majorOverdue: 2 },
    rectification: { closed: 3, onTime: 2, rate: 0.6667 },
    inspections: { required: 5, done: 3, rate: 0.6 },
    activeAlarms: 3,
    openIncidents: 2,
  });
  expect(totalFigures([FIG_A, FIG_B])).toEqual(r.body.totals);
  expect(Date.parse(r.body.asOf)).toBeGreaterThan(Date.now() - 60_000);
  expect(JSON.stringify(r.body)).not.toMatch(/cvc|cvd|cve|不应出现/);
});

test('each city view logs one read per zone it covered, in that zone; none in the zones not covered', async () => {
  const count = async (zoneId: string, op: string) =>
    Number(
      (
        (await conn.execute('SELECT COUNT(*) AS n FROM supervision_reads WHERE tenant_id = ? AND operation_id = ?', [
          zoneId,
          op,
        ])) as Array<{
          n: number;
        }>
      )[0]!.n,
    );
  const before = [await count(zone.A.id, 'supervision.map'), await count(zone.B.id, 'supervision.map')];
  expect((await get('/supervision/map')).status).toBe(200);
  expect([await count(zone.A.id, 'supervision.map'), await count(zone.B.id, 'supervision.map')]).toEqual([
    before[0]! + 1,
    before[1]! + 1,
  ]);
  for (const k of ['C', 'D', 'E'] as const) {
    const rows = (await conn.execute('SELECT COUNT(*) AS n FROM supervision_reads WHERE tenant_id = ?', [zone[k].id])) as Array<{
      n: number;
    }>;
    expect(Number(rows[0]!.n)).toBe(0);
  }
  expect((await get(`/supervision/zones/${zone.A.id}/summary`)).status).toBe(200);
  const rows = (await conn.execute(
    'SELECT bureau_id, user_name, bureau_name, method, path, resource_id, status FROM supervision_reads WHERE tenant_id = ? AND operation_id = ?',
    [zone.A.id, 'supervision.zoneSummary'],
  )) as Array<Record<string, unknown>>;
  expect(rows).toEqual([
    {
      bureau_id: bureauId,
      user_name: '义乌市应急管理局用户',
      bureau_name: '义乌市应急管理局',
      method: 'GET',
      path: `/api/v1/supervision/zones/${zone.A.id}/summary`,
      resource_id: zone.A.id,
      status: 200,
    },
  ]);
});

test('zone summary: figures, red enterprises by score with open hazards, overdue major hazards; 404 for any other zone', async () => {
  const r = await get(`/supervision/zones/${zone.A.id}/summary`);
  expect(r.status).toBe(200);
  expect(r.body.zone).toMatchObject({ zoneId: zone.A.id, code: 'cva', timeZone: 'Asia/Shanghai', figures: FIG_A });
  expect(r.body.redEnterprises).toEqual([
    { id: ents.e2, name: '甲红二', riskScore: 90, openHazards: 2 },
    { id: ents.e1, name: '甲红一', riskScore: 80, openHazards: 3 },
  ]);
  expect(r.body.overdueMajorHazards).toHaveLength(1);
  expect(r.body.overdueMajorHazards[0]).toMatchObject({
    id: h3,
    enterpriseId: ents.e1,
    enterpriseName: '甲红一',
    description: '重大隐患：储罐区可燃气体报警器失效',
    status: 'rectifying',
    overdueDays: 3,
  });
  for (const other of [zone.C.id, zone.D.id, zone.E.id, uuidv7()]) {
    const x = await get(`/supervision/zones/${other}/summary`);
    expect(x.status).toBe(404);
    expect(x.body.code).toBe('not_found');
  }
  expect((await get(`/supervision/zones/not-a-uuid/summary`)).status).toBe(400);
  // B's summary answers B only.
  const b = await get(`/supervision/zones/${zone.B.id}/summary`);
  expect(b.body.zone.figures).toEqual(FIG_B);
  expect(b.body.redEnterprises).toHaveLength(1);
});

test('map: centre from settings or the enterprises, colours and open major hazards', async () => {
  const r = await get('/supervision/map');
  expect(r.status).toBe(200);
  expect(r.body.zones).toEqual([
    expect.objectContaining({
      code: 'cva',
      centre: { lat: 29.31, lng: 120.07 },
      centreSource: 'settings',
      enterprises: FIG_A.enterprises,
      majorOpen: 2,
      overdue: 2,
    }),
    expect.objectContaining({
      code: 'cvb',
      centre: { lat: 29.1, lng: 120.1 },
      centreSource: 'enterprises',
      enterprises: FIG_B.enterprises,
      majorOpen: 1,
      overdue: 2,
    }),
  ]);
});

const P = (period: string, o: Partial<Record<string, number | null | boolean>>) => ({
  period,
  notStarted: false,
  asOfToday: false,
  reported: 0,
  general: 0,
  major: 0,
  closed: 0,
  closedWithDeadline: 0,
  closedOnTime: 0,
  onTimeRate: null,
  openAtEnd: 0,
  overdueAtEnd: 0,
  ...o,
});
const STATS_B_2025 = [
  P('2025-Q1', {
    reported: 2,
    general: 1,
    major: 1,
    closed: 1,
    closedWithDeadline: 1,
    closedOnTime: 1,
    onTimeRate: 1,
    openAtEnd: 2,
    overdueAtEnd: 1,
  }),
  P('2025-Q2', { closed: 1, closedWithDeadline: 1, closedOnTime: 0, onTimeRate: 0, openAtEnd: 1, overdueAtEnd: 1 }),
  // reported 2025-07-01 00:10 Shanghai (06-30 16:10 UTC): the zone's Q3
  P('2025-Q3', { reported: 1, general: 1, openAtEnd: 1, overdueAtEnd: 1 }),
  P('2025-Q4', { reported: 1, major: 1, openAtEnd: 2, overdueAtEnd: 2 }),
  P('2025', {
    reported: 4,
    general: 2,
    major: 2,
    closed: 2,
    closedWithDeadline: 2,
    closedOnTime: 1,
    onTimeRate: 0.5,
    openAtEnd: 2,
    overdueAtEnd: 2,
  }),
];
const STATS_A_2025 = [
  P('2025-Q1', {}),
  P('2025-Q2', { reported: 1, general: 1, closed: 1, closedWithDeadline: 1, closedOnTime: 0, onTimeRate: 0 }),
  P('2025-Q3', {}),
  P('2025-Q4', {}),
  P('2025', { reported: 1, general: 1, closed: 1, closedWithDeadline: 1, closedOnTime: 0, onTimeRate: 0 }),
];
const TOTALS_2025 = [
  P('2025-Q1', {
    reported: 2,
    general: 1,
    major: 1,
    closed: 1,
    closedWithDeadline: 1,
    closedOnTime: 1,
    onTimeRate: 1,
    openAtEnd: 2,
    overdueAtEnd: 1,
  }),
  P('2025-Q2', {
    reported: 1,
    general: 1,
    closed: 2,
    closedWithDeadline: 2,
    closedOnTime: 0,
    onTimeRate: 0,
    openAtEnd: 1,
    overdueAtEnd: 1,
  }),
  P('2025-Q3', { reported: 1, general: 1, openAtEnd: 1, overdueAtEnd: 1 }),
  P('2025-Q4', { reported: 1, major: 1, openAtEnd: 2, overdueAtEnd: 2 }),
  P('2025', {
    reported: 5,
    general: 3,
    major: 2,
    closed: 3,
    closedWithDeadline: 3,
    closedOnTime: 1,
    onTimeRate: 0.3333,
    openAtEnd: 2,
    overdueAtEnd: 2,
  }),
];

test('hazard statistics by quarter and year in the zones’ calendar, totals, nothing of C', async () => {
  const r = await get('/supervision/hazard-stats?year=2025');
  expect(r.status).toBe(200);
  expect(r.body.year).toBe(2025);
  expect(r.body.periods.map((p: { period: string; label: string }) => [p.period, p.label])).toEqual([
    ['2025-Q1', '2025年第1季度'],
    ['2025-Q2', '2025年第2季度'],
    ['2025-Q3', '2025年第3季度'],
    ['2025-Q4', '2025年第4季度'],
    ['2025', '2025年全年'],
  ]);
  expect(r.body.zones.map((z: { code: string }) => z.code)).toEqual(['cva', 'cvb']);
  expect(r.body.zones[0].periods).toEqual(STATS_A_2025);
  expect(r.body.zones[1].periods).toEqual(STATS_B_2025);
  expect(r.body.totals).toEqual(TOTALS_2025);
  // A year without data: zeros, not an error; a bad year: 400.
  const empty = await get('/supervision/hazard-stats?year=2019');
  expect(empty.body.totals[4]).toEqual(P('2019', {}));
  // A wrong year, however it is wrong: one 400 problem with one field error that says what a year is.
  for (const bad of ['1999', 'abc', '99999', '0001', '2025.5', '', '0x7E9', '1e3', '2025&year=2026', '2101']) {
    for (const path of ['/supervision/hazard-stats', '/supervision/hazard-stats/export']) {
      const x = await get(`${path}?year=${bad}`);
      expect([bad, path, x.status, x.headers.get('content-type')]).toEqual([bad, path, 400, 'application/problem+json']);
      expect(x.body).toMatchObject({ code: 'validation_failed', detail: `query.year: ${YEAR_ZH}` });
      expect(x.body.errors).toEqual([{ path: 'query.year', code: expect.any(String), message: YEAR_ZH }]);
    }
  }
  const en = await env.req('GET', '/api/v1/supervision/hazard-stats?year=99999', { token, headers: { 'accept-language': 'en' } });
  expect(en.body.errors).toEqual([
    { path: 'query.year', code: 'invalid_format', message: 'A year is four digits from 2000 to 2100, such as 2026' },
  ]);
  expect((await get('/supervision/hazard-stats?year=2100')).status).toBe(200);
  // This year's "overdue at the end" (the end is now) is the overview's overdue: a hazard awaiting review is not
  // overdue in either.
  const year = Number(new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' }).slice(0, 4));
  const current = await get(`/supervision/hazard-stats?year=${year}`);
  const overview = await get('/supervision/overview');
  expect(current.body.zones[0].periods[4].overdueAtEnd).toBe(overview.body.zones[0].figures.hazards.overdue);
  expect(current.body.zones[0].periods[4].overdueAtEnd).toBe(FIG_A.hazards.overdue);
});

/** Today in Shanghai: the year and the quarter (0–3) under way. */
function shanghaiToday() {
  const d = new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' });
  return { year: Number(d.slice(0, 4)), quarter: Math.floor((Number(d.slice(5, 7)) - 1) / 3) };
}

test('hazard statistics: a period not started carries no figures; the one under way is as of today', async () => {
  // A year ahead: every period not started — zeros, although zone A has open and overdue hazards now.
  const { year, quarter } = shanghaiToday();
  const next = await get(`/supervision/hazard-stats?year=${year + 1}`);
  expect(next.status).toBe(200);
  const none = ['Q1', 'Q2', 'Q3', 'Q4'].map((q) => P(`${year + 1}-${q}`, { notStarted: true }));
  expect(next.body.zones[0].periods).toEqual([...none, P(`${year + 1}`, { notStarted: true })]);
  expect(next.body.totals).toEqual([...none, P(`${year + 1}`, { notStarted: true })]);
  // This year: the quarters before this one are over, this one and the year are under way, the later ones not started.
  const cur = await get(`/supervision/hazard-stats?year=${year}`);
  const phases = cur.body.zones[0].periods.map((p: { notStarted: boolean; asOfToday: boolean }) =>
    p.notStarted ? 'not started' : p.asOfToday ? 'as of today' : 'over',
  );
  expect(phases).toEqual(
    [0, 1, 2, 3].map((q) => (q < quarter ? 'over' : q === quarter ? 'as of today' : 'not started')).concat('as of today'),
  );
  expect(cur.body.zones[0].periods[quarter].openAtEnd).toBe(FIG_A.hazards.open);
  for (const p of cur.body.zones[0].periods.slice(quarter + 1, 4)) expect(p).toEqual(P(p.period, { notStarted: true }));
});

test('hazard statistics at a chosen moment: later quarters are empty, the zone’s calendar decides', async () => {
  const run = citySql(env.api.c);
  const zones = [
    { zoneId: zone.A.id, timeZone: 'Asia/Shanghai' },
    { zoneId: zone.B.id, timeZone: 'Asia/Shanghai' },
  ];
  // 2025-05-20 noon in the zones: Q1 over, Q2 and the year under way, Q3 and Q4 not started. B's hazard of 2024
  // is still open then; counted "at the end" of Q3 and Q4 it would show there — it must not.
  const may = await hazardPeriodFigures(run, zones, 2025, sh('2025-05-20T12:00:00'));
  expect(may.get(zone.B.id)).toEqual([
    STATS_B_2025[0],
    { ...STATS_B_2025[1], asOfToday: true },
    P('2025-Q3', { notStarted: true }),
    P('2025-Q4', { notStarted: true }),
    P('2025', {
      asOfToday: true,
      reported: 2,
      general: 1,
      major: 1,
      closed: 2,
      closedWithDeadline: 2,
      closedOnTime: 1,
      onTimeRate: 0.5,
      openAtEnd: 1,
      overdueAtEnd: 1,
    }),
  ]);
  expect(may.get(zone.A.id)).toEqual([
    STATS_A_2025[0],
    { ...STATS_A_2025[1], asOfToday: true },
    P('2025-Q3', { notStarted: true }),
    P('2025-Q4', { notStarted: true }),
    { ...STATS_A_2025[4], asOfToday: true },
  ]);
  const totals = totalPeriods(may.values(), ['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4', '2025']);
  expect(totals.map((p) => [p.notStarted, p.asOfToday])).toEqual([
    [false, false],
    [false, true],
    [true, false],
    [true, false],
    [false, true],
  ]);
  expect(totals[2]!.openAtEnd).toBe(0);
  // 00:30 on 1 July in Shanghai is still 30 June in UTC: Q3 has begun in the zones, not in a UTC zone.
  const july = new Date('2025-06-30T16:30:00Z');
  const phase = (tz: string) => periodBounds(2025, tz, july).map((b) => [b.notStarted, b.asOfToday]);
  expect(phase('Asia/Shanghai')).toEqual([
    [false, false],
    [false, false],
    [false, true],
    [true, false],
    [false, true],
  ]);
  expect(phase('UTC')[2]).toEqual([true, false]);
  const q3 = (await hazardPeriodFigures(run, zones, 2025, july)).get(zone.B.id)![2]!;
  // reported 1 July 00:10 in the zone (dismissed: never open); the 2024 hazard open and overdue as of now
  expect(q3).toEqual(P('2025-Q3', { asOfToday: true, reported: 1, general: 1, openAtEnd: 1, overdueAtEnd: 1 }));
});

test('hazard statistics equal the definitions counted hazard by hazard (300 random hazards, four moments)', async () => {
  // The statistics are cumulative counts of bucketed instants (city-queries.ts hazardStatsSql); this compares them
  // with the definitions applied to each hazard, on hazards built to hit the edges: statuses of every kind, no
  // deadline, a closing time missing or before the report, instants on and around the quarters' boundaries.
  const z = (await provision('cvrand', '随机隐患园区')).tenant.id;
  const e = enterpriseRow(z, 1, { colour: 'yellow' });
  await insertRows(conn, 'enterprises', [e]);
  let seed = 20251;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const edges = [
    '2025-01-01T00:00:00',
    '2025-04-01T00:00:00',
    '2025-07-01T00:00:00',
    '2025-10-01T00:00:00',
    '2026-01-01T00:00:00',
  ];
  const instant = () =>
    rnd() < 0.2
      ? new Date(sh(pick(edges)).getTime() + pick([-1000, 0, 1000]))
      : new Date(sh('2024-10-01T00:00:00').getTime() + rnd() * 600 * DAY);
  const statuses = ['reported', 'confirmed', 'rectifying', 'pending_review', 'closed', 'dismissed'] as const;
  const hazards = Array.from({ length: 300 }, () => {
    const status = pick(statuses);
    const reportedAt = instant();
    const deadline = rnd() < 0.25 ? null : new Date(reportedAt.getTime() + (rnd() - 0.1) * 60 * DAY);
    const closedAt =
      status !== 'closed' ? null : rnd() < 0.05 ? null : new Date(reportedAt.getTime() + (rnd() - 0.05) * 80 * DAY);
    return { status, grade: pick(['general', 'major'] as const), reportedAt, deadline, closedAt };
  });
  // closed (by a data fix) before it was reported, across the Q1/Q2 boundary: open in neither quarter
  hazards.push({
    status: 'closed',
    grade: 'general',
    reportedAt: sh('2025-04-01T01:00:00'),
    deadline: sh('2025-03-31T12:00:00'),
    closedAt: sh('2025-03-30T10:00:00'),
  });
  await insertRows(
    conn,
    'hazards',
    hazards.map((h) => hazardRow(z, String(e.id), h)),
  );
  const expected = (now: Date) =>
    periodBounds(2025, 'Asia/Shanghai', now).map((b) => {
      if (b.notStarted) return P(b.period, { notStarted: true });
      const within = (t: Date | null) => t !== null && t >= b.from && t < b.cut;
      const inPeriod = hazards.filter((h) => within(h.reportedAt));
      const closed = hazards.filter((h) => h.status === 'closed' && within(h.closedAt));
      const open = hazards.filter(
        (h) =>
          h.reportedAt < b.cut &&
          h.status !== 'dismissed' &&
          (h.status !== 'closed' || (h.closedAt !== null && h.closedAt >= b.cut)),
      );
      const closedWithDeadline = closed.filter((h) => h.deadline).length;
      const closedOnTime = closed.filter((h) => h.deadline && h.closedAt! <= h.deadline).length;
      return P(b.period, {
        asOfToday: b.asOfToday,
        reported: inPeriod.length,
        general: inPeriod.filter((h) => h.grade === 'general').length,
        major: inPeriod.filter((h) => h.grade === 'major').length,
        closed: closed.length,
        closedWithDeadline,
        closedOnTime,
        onTimeRate: closedWithDeadline ? Math.round((closedOnTime / closedWithDeadline) * 10000) / 10000 : null,
        openAtEnd: open.length,
        overdueAtEnd: open.filter((h) => h.status !== 'pending_review' && h.deadline && h.deadline < b.cut).length,
      });
    });
  const run = citySql(env.api.c);
  for (const at of ['2025-02-14T10:00:00', '2025-07-01T00:00:00', '2025-11-30T23:59:59', '2026-03-01T08:00:00']) {
    const now = sh(at);
    const got = (await hazardPeriodFigures(run, [{ zoneId: z, timeZone: 'Asia/Shanghai' }], 2025, now)).get(z);
    expect({ at, periods: got }).toEqual({ at, periods: expected(now) });
  }
  // the data reach every figure (a comparison of zeros would prove nothing)
  const year = expected(sh('2026-03-01T08:00:00'))[4]!;
  for (const k of ['reported', 'closed', 'closedOnTime', 'openAtEnd', 'overdueAtEnd'] as const)
    expect(year[k]).toBeGreaterThan(0);
});

test('hazard statistics workbook: the same numbers in the cells', async () => {
  const res = await fetch(`${env.url}/api/v1/supervision/hazard-stats/export?year=2025`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('spreadsheetml');
  expect(res.headers.get('content-disposition')).toContain(encodeURIComponent('隐患统计-2025.xlsx'));
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
  const ws = wb.worksheets[0]!;
  expect(String(ws.getCell('A1').value)).toContain('义乌市应急管理局 2025年');
  expect(ws.getRow(2).values).toEqual([
    undefined,
    '园区',
    '统计期间',
    '上报隐患',
    '一般隐患',
    '重大隐患',
    '整改销号',
    '有整改期限的销号',
    '按期整改',
    '按期整改率',
    '期末未销号',
    '期末逾期',
  ]);
  // 2 zones × 5 periods, then 5 totals rows.
  expect(ws.rowCount).toBe(2 + 10 + 5);
  expect(ws.getRow(3).values).toEqual([undefined, '城市视图园区A', '2025年第1季度', 0, 0, 0, 0, 0, 0, '', 0, 0]);
  expect(ws.getRow(8).values).toEqual([undefined, '城市视图园区B', '2025年第1季度', 2, 1, 1, 1, 1, 1, 1, 2, 1]);
  expect(ws.getRow(17).values).toEqual([undefined, '合计', '2025年全年', 5, 3, 2, 3, 3, 1, 0.3333, 2, 2]);
  expect(ws.getCell('I17').numFmt).toBe('0.0%');
  // made: the bureau's clock with the offset, in the title and the notes sheet (not UTC)
  const notes = new Map<string, string>();
  wb.getWorksheet('说明')!.eachRow((row) => notes.set(String(row.getCell(1).value), String(row.getCell(2).value)));
  expect(notes.get('生成时间')).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \(UTC\+08:00 Asia\/Shanghai\)$/);
  const made = Date.parse(`${notes.get('生成时间')!.slice(0, 19).replace(' ', 'T')}+08:00`);
  expect(Math.abs(made - Date.now())).toBeLessThan(60_000);
  expect(String(ws.getCell('A1').value)).toContain(`截至 ${notes.get('生成时间')}`);
  expect(notes.get('期末未销号 / 期末逾期')).toContain('截至生成时间');
  expect(notes.get('按期整改率')).toContain('按期整改 ÷ 有整改期限的销号');

  // asked in English (the console in English): the same cells under English words, names as they are
  const en = await fetch(`${env.url}/api/v1/supervision/hazard-stats/export?year=2025`, {
    headers: { authorization: `Bearer ${token}`, 'accept-language': 'en' },
  });
  expect(en.headers.get('content-disposition')).toContain('hazard-statistics-2025.xlsx');
  const wbEn = new ExcelJS.Workbook();
  await wbEn.xlsx.load(Buffer.from(await en.arrayBuffer()) as never);
  const wsEn = wbEn.getWorksheet('Hazard statistics')!;
  expect((wsEn.getRow(2).values as unknown[]).slice(1, 4)).toEqual(['Zone', 'Period', 'Reported']);
  expect((wsEn.getRow(17).values as unknown[]).slice(1, 2)).toEqual(['Total']);
  expect((wsEn.getRow(17).values as unknown[]).slice(3)).toEqual([5, 3, 2, 3, 3, 1, 0.3333, 2, 2]);
  expect(JSON.stringify(wsEn.getRow(2).values)).not.toMatch(/[\u4e00-\u9fff]/);
  expect(wbEn.getWorksheet('Notes')).toBeTruthy();
});

test('hazard statistics workbook: this year’s period under way says 截至今日, later ones 未开始 without numbers', async () => {
  const { year, quarter } = shanghaiToday();
  const load = async (y: number) => {
    const res = await fetch(`${env.url}/api/v1/supervision/hazard-stats/export?year=${y}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    return wb.worksheets[0]!;
  };
  const ws = await load(year);
  // zone A's rows 3–7: Q1–Q4, the year
  const row = (q: number) => ws.getRow(3 + q).values as unknown[];
  expect(row(quarter)[2]).toBe(`${year}年第${quarter + 1}季度（截至今日）`);
  expect(row(quarter)[10]).toBe(FIG_A.hazards.open);
  expect(row(4)[2]).toBe(`${year}年全年（截至今日）`);
  for (let q = 0; q < quarter; q++) expect(row(q)[2]).toBe(`${year}年第${q + 1}季度`);
  for (let q = quarter + 1; q < 4; q++) expect(row(q)).toEqual([undefined, '城市视图园区A', `${year}年第${q + 1}季度（未开始）`]);
  const ahead = await load(year + 1);
  expect(ahead.getRow(3).values).toEqual([undefined, '城市视图园区A', `${year + 1}年第1季度（未开始）`]);
  expect(ahead.getRow(2 + 10 + 5).values).toEqual([undefined, '合计', `${year + 1}年全年（未开始）`]);
});

test('fail closed: a bureau without a grant in force sees no zone; zone users and the platform cannot call the views', async () => {
  const r = await get('/supervision/overview', noGrantToken);
  expect(r.status).toBe(200);
  expect(r.body.zones).toEqual([]);
  expect(r.body.totals.enterprises.total).toBe(0);
  expect((await get('/supervision/map', noGrantToken)).body.zones).toEqual([]);
  // parameters these routes do not take are a mistake, not silently ignored
  expect((await get('/supervision/overview?zone=x', noGrantToken)).status).toBe(400);
  expect((await get('/supervision/map?colour=red', noGrantToken)).status).toBe(400);
  expect((await get(`/supervision/zones/${zone.C.id}/summary?x=1`, noGrantToken)).status).toBe(400);
  expect((await get('/supervision/hazard-stats?year=2025', noGrantToken)).body.totals[4].reported).toBe(0);
  expect((await get(`/supervision/zones/${zone.C.id}/summary`, noGrantToken)).status).toBe(404);
  // A zone's admin (tenant mode 'bureau' refuses a zone token), and no token at all.
  const admin = await env.req('POST', '/api/v1/auth/login', { body: { tenant: 'cva', username: 'admin', password: DEMO_PW } });
  expect((await get('/supervision/overview', admin.body.accessToken)).status).toBe(403);
  expect((await env.req('GET', '/api/v1/supervision/overview')).status).toBe(401);
});
