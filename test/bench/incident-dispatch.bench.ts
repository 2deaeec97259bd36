/**
 * Issue 12 benchmark (incidents): the dispatch proposal for a zone with BENCH_INC_ENTERPRISES (500) enterprises,
 * BENCH_INC_RESCUERS (50) rescuers and BENCH_INC_UNITS (300) equipment units. Two measures:
 *  1. `proposeDispatch` of @yuanan/domain alone (the ranking: statuses, skills, distances, per-category
 *     pre-selection) on an in-memory roster of that size: p50/p95/p99 of BENCH_INC_PURE_RUNS (2,000) calls; and the
 *     downwind sector + `inSector` over every enterprise (what a warning computes): p95.
 *  2. `GET /incidents/:id/dispatch-proposal` over HTTP on a zone seeded to that size (enterprises, five rescue teams
 *     on 24-hour rotations, leave, one open dispatch, 300 units of which a sixth on loan to enterprises, a few
 *     deployed / in maintenance): p50/p95/p99 of BENCH_INC_CALLS (200) calls — auth, duty roster, members, open
 *     dispatches, units, loans and the ranking together; checked to list every rescuer and no unit it must not.
 *     Goal: p95 ≤ 150 ms. Then `GET /incidents/:id/downwind` (sector + every enterprise and target tested) p95.
 *     Skipped (figure with skipped: true) when the route answers 404 (not built yet).
 * Knobs: BENCH_INC_ENTERPRISES, BENCH_INC_RESCUERS, BENCH_INC_UNITS, BENCH_INC_PURE_RUNS, BENCH_INC_CALLS.
 */
import {
  addDays,
  downwindSector,
  inSector,
  localDate,
  proposeDispatch,
  type OnDutyTeam,
  type ProposalMember,
  type ProposalUnitInput,
} from '@yuanan/domain';
import { EQUIPMENT_CATEGORIES } from '@yuanan/contracts';
import { runInScope } from '../../api/src/core/context/request-scope.ts';
import { uuidv7 } from '../../api/src/core/db/ids.ts';
import { tenantEm } from '../../api/src/core/db/orm.ts';
import { DutyLeave, DutyRotation, DutyTeam, DutyTeamMember } from '../../api/src/modules/duty/duty.entity.ts';
import { User } from '../../api/src/modules/identity/identity.entity.ts';
import { createTestEnv, DEMO_PW } from '../../api/src/testing/test-env.ts';
import { figure, latencies, percentile } from './lib.ts';
import { bulkInsert, rng, seedEnterprises } from './seed.ts';

const ENTERPRISES = Number(process.env.BENCH_INC_ENTERPRISES ?? 500);
const RESCUERS = Number(process.env.BENCH_INC_RESCUERS ?? 50);
const UNITS = Number(process.env.BENCH_INC_UNITS ?? 300);
const PURE_RUNS = Number(process.env.BENCH_INC_PURE_RUNS ?? 2000);
const CALLS = Number(process.env.BENCH_INC_CALLS ?? 200);
const TEAMS = 5;
const DAY = 86_400_000;
const TZ = 'Asia/Shanghai';
const ORIGIN = { lat: 29.25, lng: 120.05 };
const SKILLS = ['危化品处置', '有限空间救援', '绳索救援', '水域救援', '医疗急救', '破拆', '无人机操作'];
/** Unit statuses in a lived-in room: most in, a sixth lent out, some reserved, deployed, in repair, retired. */
const UNIT_STATUSES = [
  ...Array<string>(12).fill('available'),
  'reserved',
  'on_loan',
  'on_loan',
  'on_loan',
  'deployed',
  'maintenance',
  'retired',
  'available',
];

// ---- 1. the pure ranking ----

function pureInput() {
  const r = rng(12);
  const members = new Map<string, ProposalMember>();
  const onDuty: OnDutyTeam[] = [];
  for (let t = 0; t < TEAMS; t++) {
    const ids: string[] = [];
    for (let i = t; i < RESCUERS; i += TEAMS) {
      const id = `u${i}`;
      ids.push(id);
      members.set(id, {
        name: `队员${i}`,
        phone: `139${String(10_000_000 + i)}`,
        skills: SKILLS.filter(() => r() < 0.3),
        teamId: `t${t}`,
        teamName: `救援${t + 1}队`,
      });
    }
    // every team has 3 of its people on duty now (a 24-hour shift)
    onDuty.push({ teamId: `t${t}`, teamName: `救援${t + 1}队`, userIds: ids.slice(0, 3), leaderIds: [ids[0]!] });
  }
  const ents = Array.from({ length: ENTERPRISES }, () => ({ lat: 29.2 + r() / 10, lng: 120 + r() / 10 }));
  const units: ProposalUnitInput[] = Array.from({ length: UNITS }, (_, i) => {
    const status = UNIT_STATUSES[i % UNIT_STATUSES.length]!;
    const at = status === 'on_loan' ? ents[i % ents.length]! : { lat: 29.251, lng: 120.049 };
    return {
      unitId: `unit${i}`,
      assetTag: `EQ-${String(i).padStart(5, '0')}`,
      modelName: `器材型号${i % 23}`,
      category: EQUIPMENT_CATEGORIES[i % EQUIPMENT_CATEGORIES.length]!,
      status,
      ...at,
      borrower: status === 'on_loan' ? { name: `借用企业${i}`, phone: '0579-85000000', loanId: `loan${i}` } : null,
    };
  });
  return { members, onDuty, units, ents, committed: new Map([['u7', 'SJ20261201-001']]) };
}

const pure = pureInput();
const pureTimes: number[] = [];
let check = 0;
for (let i = 0; i < PURE_RUNS; i++) {
  const t = performance.now();
  const p = proposeDispatch({
    onDuty: pure.onDuty,
    members: pure.members,
    committed: pure.committed,
    units: pure.units,
    origin: ORIGIN,
    wantedSkills: ['危化品处置'],
    wantedCounts: { breathing_apparatus: 4 },
  });
  pureTimes.push(performance.now() - t);
  check += p.people.length + p.units.length;
}
pureTimes.sort((a, b) => a - b);
const sample = proposeDispatch({
  onDuty: pure.onDuty,
  members: pure.members,
  committed: pure.committed,
  units: pure.units,
  origin: ORIGIN,
});
if (sample.people.length !== RESCUERS) throw new Error(`pure proposal lists ${sample.people.length} people, not ${RESCUERS}`);
const shape = { rescuers: RESCUERS, units: UNITS, offered: sample.units.length, runs: PURE_RUNS, check };
figure('incidents.proposal.pure.p50', percentile(pureTimes, 50), 'ms', shape);
figure('incidents.proposal.pure.p95', percentile(pureTimes, 95), 'ms', shape);
figure('incidents.proposal.pure.p99', percentile(pureTimes, 99), 'ms', shape);

const sectorTimes: number[] = [];
let inside = 0;
for (let i = 0; i < PURE_RUNS / 4; i++) {
  const t = performance.now();
  const s = downwindSector({ origin: ORIGIN, windFromDeg: (i * 7) % 360, windSpeed: 1 + (i % 5), toxic: i % 2 === 0 });
  let n = 0;
  for (const e of pure.ents) if (inSector(s, e).inside) n++;
  sectorTimes.push(performance.now() - t);
  inside += n;
}
sectorTimes.sort((a, b) => a - b);
figure('incidents.downwind.500_enterprises.p95', percentile(sectorTimes, 95), 'ms', {
  enterprises: ENTERPRISES,
  runs: sectorTimes.length,
  meanInside: Math.round(inside / sectorTimes.length),
});

// ---- 2. over HTTP, on a seeded zone ----

const env = await createTestEnv({ env: { LOG_LEVEL: 'warn' } });
const conn = () => env.api.c.orm.em.getConnection();
const started = performance.now();
try {
  const code = 'incbench';
  const scope = { requestId: 'bench', tenantId: null, em: null, actor: null, ip: null, userAgent: 'bench', action: 'bench' };
  const { tenant } = await runInScope(scope, () =>
    env.api.services.tenants.provision({
      code,
      name: '应急基准园区',
      region: '浙江省',
      admin: { username: 'admin', name: '应急基准园区管理员', password: DEMO_PW },
    }),
  );
  const login = await env.req('POST', '/api/v1/auth/login', { body: { tenant: code, username: 'admin', password: DEMO_PW } });
  if (login.status !== 200) throw new Error(`login: ${JSON.stringify(login.body)}`);
  const token = login.body.accessToken as string;
  const t0 = performance.now();
  const now = new Date();
  const g = await env.req('POST', '/api/v1/catalog', { token, body: { kind: 'grid', code: 'g1', name: '第一网格' } });
  if (g.status >= 300) throw new Error(`grid: ${JSON.stringify(g.body)}`);
  const grid = g.body.id as string;
  const ents = await seedEnterprises(conn(), tenant.id, { from: 0, n: ENTERPRISES, grids: [grid], tags: ['hazchem_use'] });

  // rescuers: TEAMS teams on 24-hour rotations (3 a shift), a leave now, skills
  const em = tenantEm(env.api.c.orm, tenant.id);
  const rescuerIds = await runInScope({ ...scope, tenantId: tenant.id, em, action: 'bench.seed' }, async () => {
    const r = rng(3);
    const today = localDate(now, TZ);
    const people = Array.from({ length: RESCUERS }, (_, i) =>
      em.create(User, {
        username: `r${i}`,
        name: `队员${i}`,
        role: i < TEAMS ? 'rescue_leader' : 'rescue_member',
        enterpriseId: null,
        gridIds: [],
        passwordHash: null,
        mustChangePassword: false,
        phoneSealed: null,
        phoneMasked: `139****${String(1000 + i).slice(-4)}`,
        status: 'active',
      }),
    );
    for (let t = 0; t < TEAMS; t++) {
      const mine = people.filter((_, i) => i % TEAMS === t);
      const team = em.create(DutyTeam, {
        name: `救援${t + 1}队`,
        kind: 'rescue_squad',
        leaderUserId: mine[0]!.id,
        minOnDuty: 2,
        active: true,
        dutyRoomQr: `bench${t}`,
      });
      for (const u of mine)
        em.create(DutyTeamMember, {
          teamId: team.id,
          userId: u.id,
          skills: SKILLS.filter(() => r() < 0.3),
          certificates: [],
          active: true,
        });
      em.create(DutyRotation, {
        teamId: team.id,
        name: '24小时',
        pattern: 'daily24',
        handoffTime: '08:00',
        perShift: 3,
        order: mine.map((u) => u.id),
        weekdayPattern: null,
        startsOn: addDays(today, -30),
        endsOn: null,
        active: true,
      });
      em.create(DutyLeave, {
        teamId: null,
        userId: mine[1]!.id,
        startsAt: new Date(now.getTime() - DAY),
        endsAt: new Date(now.getTime() + DAY),
        reason: null,
        status: 'approved',
        decidedBy: null,
        decidedAt: null,
        createdBy: null,
      });
    }
    await em.flush();
    return people.map((u) => u.id);
  });

  // the equipment room: one model per category, UNITS units, a sixth on loan to enterprises
  const models = EQUIPMENT_CATEGORIES.map((category, i) => [
    uuidv7(),
    now,
    now,
    tenant.id,
    category,
    `器材${i}`,
    null,
    null,
    '[]',
    '[]',
    '[]',
    1,
    null,
  ]);
  await bulkInsert(
    conn(),
    'equipment_models',
    [
      'id',
      'created_at',
      'updated_at',
      'tenant_id',
      'category',
      'name',
      'model',
      'manufacturer',
      'specs',
      'photo_file_ids',
      'maintenance_rules',
      'lendable',
      'description',
    ],
    models,
  );
  const units: unknown[][] = [];
  const loans: unknown[][] = [];
  const must = { listed: 0, never: new Set<string>() };
  for (let i = 0; i < UNITS; i++) {
    const id = uuidv7();
    const status = UNIT_STATUSES[i % UNIT_STATUSES.length]!;
    units.push([id, now, now, tenant.id, models[i % models.length]![0], `EQ-${String(i).padStart(5, '0')}`, 'good', status, 1]);
    if (status === 'available' || status === 'reserved' || status === 'on_loan') must.listed++;
    else must.never.add(id);
    if (status === 'on_loan') {
      const ent = ents[i % ents.length]!;
      loans.push([
        uuidv7(),
        now,
        now,
        tenant.id,
        id,
        'enterprise',
        ent.id,
        null,
        `借用企业${i}`,
        new Date(now.getTime() - 3 * DAY),
        rescuerIds[0],
        new Date(now.getTime() + 4 * DAY),
        'good',
        '[]',
        '[]',
        1,
      ]);
    }
  }
  await bulkInsert(
    conn(),
    'equipment_units',
    ['id', 'created_at', 'updated_at', 'tenant_id', 'model_id', 'asset_tag', '`condition`', 'status', 'version'],
    units,
  );
  await bulkInsert(
    conn(),
    'equipment_loans',
    [
      'id',
      'created_at',
      'updated_at',
      'tenant_id',
      'unit_id',
      'borrower_kind',
      'enterprise_id',
      'borrower_user_id',
      'borrower_name',
      'checked_out_at',
      'checked_out_by',
      'due_at',
      'out_condition',
      'out_photo_file_ids',
      'return_photo_file_ids',
      'version',
    ],
    loans,
  );
  figure('incidents.bench.seed', performance.now() - t0, 'ms', { enterprises: ENTERPRISES, rescuers: RESCUERS, units: UNITS });

  // an open incident at an enterprise, raised by the desk
  const created = await env.req('POST', '/api/v1/incidents', {
    token,
    body: {
      source: 'phone',
      type: 'leak_poisoning',
      level: 'II',
      isDrill: false,
      enterpriseId: ents[0]!.id,
      lat: ORIGIN.lat,
      lng: ORIGIN.lng,
      description: '储罐区液氯泄漏（基准）',
      callerName: '基准报警人',
      callerPhone: '13900000000',
    },
  });
  if (created.status === 404) {
    figure('incidents.proposal.http.p95', NaN, 'ms', { skipped: true, reason: 'POST /incidents not built yet (404)' });
  } else {
    if (created.status !== 201) throw new Error(`create incident: ${created.status} ${JSON.stringify(created.body)}`);
    const id = (created.body.id ?? created.body.incident?.id) as string;
    const path = `/api/v1/incidents/${id}/dispatch-proposal`;
    const first = await env.req('GET', path, { token });
    if (first.status === 404 && first.body?.code !== 'not_found') {
      figure('incidents.proposal.http.p95', NaN, 'ms', { skipped: true, reason: `${path} not built yet (404)` });
    } else {
      if (first.status !== 200) throw new Error(`proposal: ${first.status} ${JSON.stringify(first.body)}`);
      const body = first.body as {
        teams: Array<{ people: Array<{ userId: string; status: string }> }>;
        others?: Array<{ userId: string; status: string }>;
        units: Array<{ unitId: string }>;
      };
      const people = new Set([...body.teams.flatMap((t) => t.people), ...(body.others ?? [])].map((p) => p.userId));
      const missing = rescuerIds.filter((u) => !people.has(u));
      if (missing.length) throw new Error(`the proposal misses ${missing.length} of ${RESCUERS} rescuers`);
      const wrong = body.units.filter((u) => must.never.has(u.unitId));
      if (wrong.length) throw new Error(`the proposal offers ${wrong.length} deployed/maintenance/retired units`);
      for (let i = 0; i < 20; i++) await env.req('GET', path, { token }); // warm-up
      const times = await latencies(CALLS, async () => {
        const r = await env.req('GET', path, { token });
        if (r.status !== 200) throw new Error(`proposal: ${r.status}`);
      });
      const extra = {
        enterprises: ENTERPRISES,
        rescuers: RESCUERS,
        units: UNITS,
        offeredUnits: body.units.length,
        deployableOrRecallable: must.listed,
        calls: CALLS,
        goalMs: 150,
      };
      figure('incidents.proposal.http.p50', percentile(times, 50), 'ms', extra);
      figure('incidents.proposal.http.p95', percentile(times, 95), 'ms', extra);
      figure('incidents.proposal.http.p99', percentile(times, 99), 'ms', extra);
      if (body.units.length !== must.listed)
        throw new Error(`the proposal offers ${body.units.length} units, ${must.listed} are deployable or recallable`);

      // the downwind sector over the zone's 500 enterprises and its targets, over HTTP (wind given by hand)
      const down = `/api/v1/incidents/${id}/downwind?windFromDeg=80&windSpeed=1.2`;
      const d0 = await env.req('GET', down, { token });
      if (d0.status !== 200) throw new Error(`downwind: ${d0.status} ${JSON.stringify(d0.body)}`);
      const dTimes = await latencies(CALLS, async () => {
        const r = await env.req('GET', down, { token });
        if (r.status !== 200) throw new Error(`downwind: ${r.status}`);
      });
      figure('incidents.downwind.http.p95', percentile(dTimes, 95), 'ms', {
        enterprises: ENTERPRISES,
        inside: (d0.body.enterprises as unknown[]).length,
        calls: CALLS,
      });
    }
  }
  figure('incidents.bench.total_time', performance.now() - started, 'ms');
} catch (e) {
  console.error(e);
  process.exitCode = 1;
} finally {
  await env.close();
}
