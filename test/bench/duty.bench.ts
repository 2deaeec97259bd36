/**
 * Issue 10 benchmark (duty): "who is on duty now" for every team of BENCH_DUTY_ZONES (100) zones. Each zone has a
 * rescue squad (8 members, 24-hour shifts two at a time, from 60 days ago) and the centre's duty room (3 people,
 * day/night), with covers, swaps and leave over the past and next month. Measured:
 *  - `DutyService.onDutyAt(em, teamId, now)` (the incident module's entry point) once per team: p50/p95 per call
 *    and the total for all teams;
 *  - `DutyService.onDutyNow(em)` (every team of a zone at once) once per zone: p50/p95 per zone and the total;
 *  - `GET /duty/on-duty` over HTTP (auth, tenant filter, names and phones) for one zone: p50/p95 of BENCH_DUTY_CALLS.
 * Each answer is checked against the pure domain's (`onDutyAt` of @yuanan/domain) on the same data.
 */
import { addDays, localDate, onDutyAt } from '@yuanan/domain';
import { runInScope } from '../../api/src/core/context/request-scope.ts';
import { tenantEm, type Em } from '../../api/src/core/db/orm.ts';
import { DutyLeave, DutyOverride, DutyRotation, DutyTeam, DutyTeamMember } from '../../api/src/modules/duty/duty.entity.ts';
import { User } from '../../api/src/modules/identity/identity.entity.ts';
import { createTestEnv, DEMO_PW, request } from '../../api/src/testing/test-env.ts';
import { figure, percentile } from './lib.ts';

const ZONES = Number(process.env.BENCH_DUTY_ZONES ?? 100);
const CALLS = Number(process.env.BENCH_DUTY_CALLS ?? 50);
const TZ = 'Asia/Shanghai';
const DAY = 86_400_000;

const env = await createTestEnv({ env: { LOG_LEVEL: 'warn' } });
const duty = env.api.services.duty;

const inZone = <T>(tenantId: string, fn: (em: Em) => Promise<T>) =>
  runInScope({ requestId: 'bench', tenantId, em: null, actor: null, ip: null, userAgent: 'bench', action: 'bench.duty' }, () =>
    fn(tenantEm(env.api.c.orm, tenantId)),
  );

async function provision(n: number): Promise<{ id: string; code: string }> {
  const code = `db${String(n).padStart(3, '0')}`;
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
        name: `值班基准园区${n}`,
        region: '浙江省',
        admin: { username: 'admin', name: `值班基准园区${n}管理员`, password: DEMO_PW },
      }),
  );
  return { id: r.tenant.id, code };
}

/** Two teams with rotations, covers and leave; returns the team ids. */
async function seedZone(tenantId: string, n: number): Promise<string[]> {
  return inZone(tenantId, async (em) => {
    const today = localDate(new Date(), TZ);
    const people = Array.from({ length: 11 }, (_, i) =>
      em.create(User, {
        username: `r${i}`,
        name: `队员${n}-${i}`,
        role: i === 0 ? 'rescue_leader' : 'rescue_member',
        enterpriseId: null,
        gridIds: [],
        passwordHash: null,
        mustChangePassword: false,
        phoneSealed: null,
        phoneMasked: `139****${String(1000 + i).slice(-4)}`,
        status: 'active',
      }),
    );
    const squad = em.create(DutyTeam, {
      name: '应急救援队',
      kind: 'rescue_squad',
      leaderUserId: people[0]!.id,
      minOnDuty: 2,
      active: true,
      dutyRoomQr: 'bench',
    });
    const centre = em.create(DutyTeam, {
      name: '值班室',
      kind: 'centre_staff',
      leaderUserId: null,
      minOnDuty: 1,
      active: true,
      dutyRoomQr: 'bench',
    });
    const squadPeople = people.slice(0, 8);
    const centrePeople = people.slice(8);
    for (const u of squadPeople)
      em.create(DutyTeamMember, { teamId: squad.id, userId: u.id, skills: [], certificates: [], active: true });
    for (const u of centrePeople)
      em.create(DutyTeamMember, { teamId: centre.id, userId: u.id, skills: [], certificates: [], active: true });
    em.create(DutyRotation, {
      teamId: squad.id,
      name: '24小时',
      pattern: 'daily24',
      handoffTime: '08:00',
      perShift: 2,
      order: squadPeople.map((u) => u.id),
      weekdayPattern: null,
      startsOn: addDays(today, -60),
      endsOn: null,
      active: true,
    });
    em.create(DutyRotation, {
      teamId: centre.id,
      name: '白夜班',
      pattern: 'day_night',
      handoffTime: '08:30',
      perShift: 1,
      order: centrePeople.map((u) => u.id),
      weekdayPattern: null,
      startsOn: addDays(today, -60),
      endsOn: null,
      active: true,
    });
    const now = Date.now();
    // covers and swaps over the past and next month, leave now and then
    for (let k = -15; k < 15; k += 2)
      em.create(DutyOverride, {
        teamId: squad.id,
        startsAt: new Date(now + k * DAY),
        endsAt: new Date(now + (k + 1) * DAY),
        userId: squadPeople[(n + k + 16) % 8]!.id,
        replacesUserId: squadPeople[(n + k + 19) % 8]!.id,
        reason: null,
        source: k % 4 === 0 ? 'swap' : 'manual',
        swapId: null,
        createdBy: null,
      });
    for (let k = -10; k < 10; k += 5)
      em.create(DutyLeave, {
        teamId: null,
        userId: squadPeople[(n + k + 10) % 8]!.id,
        startsAt: new Date(now + k * DAY),
        endsAt: new Date(now + (k + 2) * DAY),
        reason: null,
        status: 'approved',
        decidedBy: null,
        decidedAt: null,
        createdBy: null,
      });
    await em.flush();
    return [squad.id, centre.id];
  });
}

const started = performance.now();
try {
  const zones: Array<{ id: string; code: string; teams: string[] }> = [];
  for (let i = 0; i < ZONES; i++) {
    const z = await provision(i);
    zones.push({ ...z, teams: await seedZone(z.id, i) });
  }
  figure('duty.seed_time', performance.now() - started, 'ms', { zones: ZONES, teams: ZONES * 2 });

  // onDutyAt per team (what an incident dispatch asks)
  const now = new Date();
  const perTeam: number[] = [];
  let people = 0;
  const t0 = performance.now();
  for (const z of zones)
    for (const teamId of z.teams)
      await inZone(z.id, async (em) => {
        const t = performance.now();
        const a = await duty.onDutyAt(em, teamId, now);
        perTeam.push(performance.now() - t);
        if (!a) throw new Error(`team ${teamId} not found`);
        people += a.userIds.length;
      });
  const totalTeams = performance.now() - t0;
  perTeam.sort((a, b) => a - b);
  figure('duty.onDutyAt.p50', percentile(perTeam, 50), 'ms', { calls: perTeam.length });
  figure('duty.onDutyAt.p95', percentile(perTeam, 95), 'ms', { calls: perTeam.length, onDuty: people });
  figure('duty.onDutyAt.total', totalTeams, 'ms', { teams: perTeam.length, zones: ZONES });

  // onDutyNow per zone (every team at once), checked against the pure domain on the same data
  const perZone: number[] = [];
  const t1 = performance.now();
  for (const z of zones)
    await inZone(z.id, async (em) => {
      const t = performance.now();
      const all = await duty.onDutyNow(em, now);
      perZone.push(performance.now() - t);
      const data = await duty.rosterData(
        em,
        all.map((x) => x.team),
        now,
        new Date(now.getTime() + 1),
        TZ,
      );
      for (const a of all) {
        const want = onDutyAt(data.get(a.team.id)!.input, now);
        if (JSON.stringify(want.userIds) !== JSON.stringify(a.userIds)) throw new Error(`zone ${z.code}: answers differ`);
      }
    });
  const totalZones = performance.now() - t1;
  perZone.sort((a, b) => a - b);
  figure('duty.onDutyNow.zone.p50', percentile(perZone, 50), 'ms', { zones: perZone.length });
  figure('duty.onDutyNow.zone.p95', percentile(perZone, 95), 'ms', { zones: perZone.length, teamsPerZone: 2 });
  figure('duty.onDutyNow.total', totalZones, 'ms', { zones: ZONES });

  // over HTTP, one zone
  const login = await request(env.url, 'POST', '/api/v1/auth/login', {
    body: { tenant: zones[0]!.code, username: 'admin', password: DEMO_PW },
  });
  const token = login.body.accessToken as string;
  const http: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const t = performance.now();
    const r = await request(env.url, 'GET', '/api/v1/duty/on-duty', { token });
    http.push(performance.now() - t);
    if (r.status !== 200 || r.body.teams.length !== 2) throw new Error(`on-duty: ${r.status} ${JSON.stringify(r.body)}`);
  }
  http.sort((a, b) => a - b);
  figure('duty.http.onDuty.p50', percentile(http, 50), 'ms', { calls: CALLS });
  figure('duty.http.onDuty.p95', percentile(http, 95), 'ms', { calls: CALLS });
  figure('duty.total_time', performance.now() - started, 'ms');
} catch (e) {
  console.error(e);
  process.exitCode = 1;
} finally {
  await env.close();
}
