/**
 * Duty (值班) against real MariaDB and Redis: who is on duty across the handoff, the swap flow and its refusals
 * (a swap into leave, deciding one's own swap, the wrong person acting), leader scope (team A's leader cannot
 * manage team B), zone isolation (404), bad input as problem+json, duty-room check-in (QR of another zone refused),
 * gap detection, reminders once — and nothing again after Redis loses everything — and the fairness report.
 */
import { Redis } from 'ioredis';
import { addDays, localDate } from '@yuanan/domain';
import { runInScope } from '../../core/context/request-scope.ts';
import { tenantEm, type Em } from '../../core/db/orm.ts';
import { createTestEnv, userWithRole, zoneWithAdmin, type TestEnv } from '../../testing/test-env.ts';
import { reconcileAll } from '../maintenance/maintenance.jobs.ts';
import { DutyCheckIn } from './duty.entity.ts';
import { sweepDutyZone } from './duty.jobs.ts';
import { startOfLocalDay } from './duty.service.ts';

const TZ = 'Asia/Shanghai';
const DAY = 86_400_000;
const today = () => localDate(new Date(), TZ);

let env: TestEnv;
let zone: Awaited<ReturnType<typeof zoneWithAdmin>>;
let other: Awaited<ReturnType<typeof zoneWithAdmin>>;
type U = Awaited<ReturnType<typeof userWithRole>>;
let leaderA: U;
let leaderB: U;
let m1: U;
let m2: U;
let m3: U;
let m4: U;
let teamA: string;
let teamB: string;
const START = () => addDays(today(), -3);

const api = (method: string, path: string, token: string, body?: unknown) => env.req(method, `/api/v1${path}`, { token, body });
const inZone = <T>(fn: (em: Em) => Promise<T>, tenantId = zone.tenant.id) =>
  runInScope({ requestId: 'test', tenantId, em: null, actor: null, ip: null, userAgent: 'test', action: 'test' }, () =>
    fn(tenantEm(env.api.c.orm, tenantId)),
  );
const sql = <T = any>(q: string, params: unknown[] = []) =>
  env.api.c.orm.em.getConnection().execute(q, params, 'all') as Promise<T[]>;

/** The start (UTC) of the 08:00 slot of a zone date. */
const slotStart = (date: string) => new Date(startOfLocalDay(date, TZ).getTime() + 8 * 3_600_000);
/** Who the rotation [m1, m2, m3, leaderA] puts on the slot of a date (one a day from START). */
const scheduled = (date: string) => {
  const n = Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${START()}T00:00:00Z`)) / DAY);
  return [m1, m2, m3, leaderA][((n % 4) + 4) % 4]!;
};
/** The next date (from tomorrow) whose slot is `who`'s. */
const nextDateOf = (who: U, after = 1) => {
  for (let i = after; i < after + 8; i++) if (scheduled(addDays(today(), i)).id === who.id) return addDays(today(), i);
  throw new Error('no slot');
};

async function onDuty(team: string, at: Date, token = m1.token) {
  const r = await api('GET', `/duty/on-duty?teamId=${team}&at=${encodeURIComponent(at.toISOString())}`, token);
  expect(r.status).toBe(200);
  return (r.body.teams[0].people as Array<{ userId: string }>).map((p) => p.userId);
}

async function notes(userId: string, kind: string) {
  return sql<{ n: number }>('SELECT COUNT(*) AS n FROM notifications WHERE tenant_id = ? AND user_id = ? AND kind = ?', [
    zone.tenant.id,
    userId,
    kind,
  ]).then((r) => Number(r[0]!.n));
}

beforeAll(async () => {
  env = await createTestEnv();
  zone = await zoneWithAdmin(env, 'dutya');
  other = await zoneWithAdmin(env, 'dutyb');
  leaderA = await userWithRole(env, zone, 'rescue_leader');
  leaderB = await userWithRole(env, zone, 'rescue_leader');
  m1 = await userWithRole(env, zone, 'rescue_member');
  m2 = await userWithRole(env, zone, 'rescue_member');
  m3 = await userWithRole(env, zone, 'rescue_member');
  m4 = await userWithRole(env, zone, 'rescue_member');
  const a = await api('POST', '/duty/teams', zone.token, { name: '救援一队', kind: 'rescue_squad', leaderUserId: leaderA.id });
  expect(a.status).toBe(201);
  teamA = a.body.id;
  for (const m of [m1, m2, m3]) {
    const r = await api('POST', `/duty/teams/${teamA}/members`, leaderA.token, { userId: m.id, skills: ['绳索救援'] });
    expect(r.status).toBe(200);
  }
  const rot = await api('POST', '/duty/rotations', leaderA.token, {
    teamId: teamA,
    name: '24小时轮班',
    pattern: 'daily24',
    handoffTime: '08:00',
    order: [m1.id, m2.id, m3.id, leaderA.id],
    startsOn: START(),
  });
  expect(rot.status).toBe(201);
  // Leader B creates their own team (they lead it).
  const b = await api('POST', '/duty/teams', leaderB.token, { name: '中心值班室', kind: 'centre_staff' });
  expect(b.status).toBe(201);
  expect(b.body.leaderUserId).toBe(leaderB.id);
  teamB = b.body.id;
  await api('POST', `/duty/teams/${teamB}/members`, leaderB.token, { userId: m4.id });
}, 120_000);
afterAll(() => env.close());

test('who is on duty: the rotation at T, across the 08:00 handoff', async () => {
  const d = addDays(today(), 1);
  const s = slotStart(d);
  expect(await onDuty(teamA, s)).toEqual([scheduled(d).id]);
  expect(await onDuty(teamA, new Date(s.getTime() - 1))).toEqual([scheduled(today()).id]);
  // local midnight belongs to the slot started at 08:00 the day before
  expect(await onDuty(teamA, startOfLocalDay(addDays(d, 1), TZ))).toEqual([scheduled(d).id]);
  const roster = await api('GET', `/duty/roster?teamId=${teamA}&from=${today()}&to=${addDays(today(), 6)}`, m2.token);
  expect(roster.status).toBe(200);
  expect(roster.body.slots.length).toBe(8); // yesterday's slot runs into today, then 7 more
  expect(roster.body.slots.every((x: { gap: boolean }) => !x.gap)).toBe(true);
  // the service entry point the incident module uses
  const direct = await inZone((em) => env.api.services.duty.onDutyAt(em, teamA, s));
  expect(direct!.userIds).toEqual([scheduled(d).id]);
  const all = await inZone((em) => env.api.services.duty.onDutyNow(em, s));
  expect(all.map((x) => x.teamId).sort()).toEqual([teamA, teamB].sort());
});

test('swap flow: asked, accepted by the colleague, approved by the leader — the roster follows', async () => {
  const mine = nextDateOf(m1);
  const theirs = nextDateOf(m2);
  const body = {
    teamId: teamA,
    requesterSlotStart: slotStart(mine).toISOString(),
    counterpartId: m2.id,
    counterpartSlotStart: slotStart(theirs).toISOString(),
    reason: '家中有事',
  };
  const created = await api('POST', '/duty/swaps', m1.token, body);
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ status: 'requested', actions: ['cancel'] });
  expect(await notes(m2.id, 'duty.swapRequested')).toBe(1);
  const id = created.body.id;
  // the same slot again: 409
  expect((await api('POST', '/duty/swaps', m1.token, body)).status).toBe(409);
  // only the colleague asked accepts
  expect((await api('POST', `/duty/swaps/${id}/accept`, m1.token, {})).status).toBe(403);
  expect((await api('POST', `/duty/swaps/${id}/accept`, m3.token, {})).status).toBe(403);
  // the leader cannot approve before the colleague accepted
  expect((await api('POST', `/duty/swaps/${id}/approve`, leaderA.token, {})).status).toBe(409);
  const accepted = await api('POST', `/duty/swaps/${id}/accept`, m2.token, {});
  expect(accepted.body.status).toBe('accepted');
  // a member cannot approve; the other team's leader cannot either
  expect((await api('POST', `/duty/swaps/${id}/approve`, m2.token, {})).status).toBe(403);
  expect([403, 404]).toContain((await api('POST', `/duty/swaps/${id}/approve`, leaderB.token, {})).status);
  const queue = await api('GET', '/duty/swaps?status=accepted', leaderA.token);
  expect(queue.body.items.map((x: { id: string }) => x.id)).toContain(id);
  expect(queue.body.items.find((x: { id: string }) => x.id === id).actions).toEqual(['approve', 'reject']);
  const approved = await api('POST', `/duty/swaps/${id}/approve`, leaderA.token, { note: '同意' });
  expect(approved.status).toBe(200);
  expect(approved.body.status).toBe('approved');
  expect(await onDuty(teamA, new Date(slotStart(mine).getTime() + 3_600_000))).toEqual([m2.id]);
  expect(await onDuty(teamA, new Date(slotStart(theirs).getTime() + 3_600_000))).toEqual([m1.id]);
  const overrides = await sql('SELECT source, swap_id FROM duty_overrides WHERE swap_id = ?', [id]);
  expect(overrides).toHaveLength(2);
  expect(await notes(m1.id, 'duty.swapApproved')).toBe(1);
  // approving twice: 409, nothing doubled
  expect((await api('POST', `/duty/swaps/${id}/approve`, leaderA.token, {})).status).toBe(409);
  expect(await sql('SELECT id FROM duty_overrides WHERE swap_id = ?', [id])).toHaveLength(2);
  // my shifts show the swapped slot
  const shifts = await api('GET', '/duty/me/shifts?days=10', m1.token);
  expect(shifts.body.items.map((x: { start: string }) => x.start)).toContain(slotStart(theirs).toISOString());
  expect(shifts.body.items.map((x: { start: string }) => x.start)).not.toContain(slotStart(mine).toISOString());
});

test('refused swaps: a slot I am not on, into the colleague’s leave, deciding my own swap', async () => {
  const notMine = nextDateOf(m3);
  const r1 = await api('POST', '/duty/swaps', m1.token, {
    teamId: teamA,
    requesterSlotStart: slotStart(notMine).toISOString(),
    counterpartId: m2.id,
  });
  expect(r1.status).toBe(422);
  expect(r1.headers.get('content-type')).toContain('problem+json');
  expect(r1.body.errors[0].path).toBe('requesterSlotStart');
  // m3 on leave (entered by the leader: approved at once) during m1's slot a week on
  const mine = nextDateOf(m1, 6);
  const leave = await api('POST', '/duty/leaves', leaderA.token, {
    userId: m3.id,
    startsAt: slotStart(mine).toISOString(),
    endsAt: new Date(slotStart(mine).getTime() + DAY).toISOString(),
    reason: '探亲',
  });
  expect(leave.status).toBe(201);
  expect(leave.body.status).toBe('approved');
  const r2 = await api('POST', '/duty/swaps', m1.token, {
    teamId: teamA,
    requesterSlotStart: slotStart(mine).toISOString(),
    counterpartId: m3.id,
  });
  expect(r2.status).toBe(422);
  expect(r2.body.errors[0].path).toBe('counterpartId');
  // a cover into leave is refused too
  const o = await api('POST', '/duty/overrides', leaderA.token, {
    teamId: teamA,
    startsAt: slotStart(mine).toISOString(),
    endsAt: new Date(slotStart(mine).getTime() + DAY).toISOString(),
    userId: m3.id,
    replacesUserId: m1.id,
  });
  expect(o.status).toBe(422);
  // the leader's own swap: another manager must decide
  const leaderDay = nextDateOf(leaderA);
  const own = await api('POST', '/duty/swaps', leaderA.token, {
    teamId: teamA,
    requesterSlotStart: slotStart(leaderDay).toISOString(),
    counterpartId: m1.id,
  });
  expect(own.status).toBe(201);
  expect((await api('POST', `/duty/swaps/${own.body.id}/accept`, m1.token, {})).status).toBe(200);
  const self = await api('POST', `/duty/swaps/${own.body.id}/approve`, leaderA.token, {});
  expect(self.status).toBe(422);
  // the office decides it
  expect((await api('POST', `/duty/swaps/${own.body.id}/reject`, zone.token, {})).body.status).toBe('rejected');
  // own leave waits for approval, and is not one's own to decide
  const myLeave = await api('POST', '/duty/leaves', m2.token, {
    startsAt: new Date(Date.now() + 40 * DAY).toISOString(),
    endsAt: new Date(Date.now() + 41 * DAY).toISOString(),
  });
  expect(myLeave.body.status).toBe('requested');
  expect((await api('POST', `/duty/leaves/${myLeave.body.id}/approve`, m2.token, {})).status).toBe(403);
  expect((await api('POST', `/duty/leaves/${myLeave.body.id}/approve`, leaderB.token, {})).status).toBe(404);
  expect((await api('POST', `/duty/leaves/${myLeave.body.id}/approve`, leaderA.token, {})).body.status).toBe('approved');
});

test('two covers of one person into one slot posted at the same moment: one is made, the other refused', async () => {
  const day = nextDateOf(m1, 30);
  const cover = () =>
    api('POST', '/duty/overrides', leaderA.token, {
      teamId: teamA,
      startsAt: slotStart(day).toISOString(),
      endsAt: new Date(slotStart(day).getTime() + DAY).toISOString(),
      userId: m3.id,
      reason: '并发测试',
    });
  const results = await Promise.all([cover(), cover(), cover()]);
  expect(results.map((r) => r.status).sort()).toEqual([201, 422, 422]);
  expect(await sql('SELECT id FROM duty_overrides WHERE reason = ?', ['并发测试'])).toHaveLength(1);
});

test('leader scope: team A’s leader cannot manage team B; another zone sees nothing (404)', async () => {
  expect((await api('PATCH', `/duty/teams/${teamB}`, leaderA.token, { minOnDuty: 2 })).status).toBe(404);
  expect((await api('GET', `/duty/teams/${teamB}`, leaderA.token)).status).toBe(404);
  const rot = {
    teamId: teamB,
    name: 'x',
    pattern: 'daily24',
    handoffTime: '08:00',
    order: [m4.id],
    startsOn: today(),
  };
  expect((await api('POST', '/duty/rotations', leaderA.token, rot)).status).toBe(404);
  // a member of team B who leads team A sees B, still cannot manage it
  expect((await api('POST', `/duty/teams/${teamB}/members`, leaderB.token, { userId: leaderA.id })).status).toBe(200);
  expect((await api('GET', `/duty/teams/${teamB}`, leaderA.token)).status).toBe(200);
  expect((await api('PATCH', `/duty/teams/${teamB}`, leaderA.token, { minOnDuty: 2 })).status).toBe(403);
  expect((await api('POST', '/duty/rotations', leaderA.token, rot)).status).toBe(403);
  expect((await api('GET', `/duty/teams/${teamB}/qr`, leaderA.token)).status).toBe(403);
  // members cannot manage at all
  expect((await api('PATCH', `/duty/teams/${teamA}`, m1.token, { minOnDuty: 2 })).status).toBe(403);
  // zone B
  expect((await api('GET', `/duty/teams/${teamA}`, other.token)).status).toBe(404);
  expect((await api('GET', `/duty/on-duty?teamId=${teamA}`, other.token)).status).toBe(404);
  expect((await api('GET', `/duty/roster?teamId=${teamA}&from=${today()}&to=${today()}`, other.token)).status).toBe(404);
  const list = await api('GET', '/duty/teams', other.token);
  expect(list.body.total).toBe(0);
  // a zone A rotation naming a zone B user: 404
  const otherUser = await userWithRole(env, other, 'rescue_member');
  const bad = await api('POST', '/duty/rotations', zone.token, { ...rot, teamId: teamA, order: [otherUser.id] });
  expect(bad.status).toBe(404);
});

test('bad input is problem+json 4xx, never 500', async () => {
  const cases: Array<[string, string, unknown]> = [
    [
      'POST',
      '/duty/rotations',
      { teamId: teamA, name: 'x', pattern: 'daily24', handoffTime: '25:00', order: [m1.id], startsOn: today() },
    ],
    [
      'POST',
      '/duty/rotations',
      { teamId: teamA, name: 'x', pattern: 'hourly', handoffTime: '08:00', order: [m1.id], startsOn: today() },
    ],
    ['POST', '/duty/rotations', { teamId: teamA, name: 'x', pattern: 'daily24', handoffTime: '08:00', startsOn: today() }],
    ['POST', '/duty/overrides', { teamId: teamA, startsAt: 'tomorrow', endsAt: 'later', userId: m1.id }],
    ['POST', '/duty/teams', { name: 'x', minOnDuty: 0 }],
    ['POST', '/duty/leaves', { userId: m1.id, startsAt: '9999-12-20T00:00:00Z', endsAt: '9999-12-22T00:00:00Z' }],
    ['POST', '/duty/swaps', { teamId: 'not-a-uuid', requesterSlotStart: '2027-01-01T08:00:00+08:00', counterpartId: m2.id }],
  ];
  for (const [method, path, body] of cases) {
    const token = path === '/duty/swaps' ? m1.token : zone.token;
    const r = await api(method, path, token, body);
    expect([method, path, r.status]).toEqual([method, path, 400]);
    expect(r.headers.get('content-type')).toContain('problem+json');
  }
  const tooLong = await api('GET', `/duty/roster?from=${today()}&to=${addDays(today(), 70)}`, zone.token);
  expect(tooLong.status).toBe(400);
  expect((await api('GET', '/duty/fairness?month=2027-13', zone.token)).status).toBe(400);
  // rotation people must be members of the team (a rule: 422)
  const notMember = await api('POST', '/duty/rotations', zone.token, {
    teamId: teamA,
    name: 'x',
    pattern: 'daily24',
    handoffTime: '08:00',
    order: [m4.id],
    startsOn: today(),
  });
  expect(notMember.status).toBe(422);
});

test('duty-room check-in: button or this team’s QR; another zone’s or a tampered code is 422; one open at a time', async () => {
  const qr = await api('GET', `/duty/teams/${teamA}/qr`, leaderA.token);
  expect(qr.body.payload).toMatch(/^YD1\./);
  expect(qr.body.svg).toContain('<svg');
  const otherTeam = await api('POST', '/duty/teams', other.token, { name: '外区救援队' });
  const otherQr = await api('GET', `/duty/teams/${otherTeam.body.id}/qr`, other.token);
  const foreign = await api('POST', '/duty/check-in', m1.token, { teamId: teamA, method: 'qr', code: otherQr.body.payload });
  expect(foreign.status).toBe(422);
  const tampered = qr.body.payload.slice(0, -1) + (qr.body.payload.endsWith('0') ? '1' : '0');
  expect((await api('POST', '/duty/check-in', m1.token, { teamId: teamA, method: 'qr', code: tampered })).status).toBe(422);
  // team B's code for team A
  const bQr = await api('GET', `/duty/teams/${teamB}/qr`, leaderB.token);
  expect((await api('POST', '/duty/check-in', m1.token, { teamId: teamA, method: 'qr', code: bQr.body.payload })).status).toBe(
    422,
  );
  const ok = await api('POST', '/duty/check-in', m1.token, { teamId: teamA, method: 'qr', code: qr.body.payload });
  expect(ok.status).toBe(201);
  expect((await api('POST', '/duty/check-in', m1.token, { teamId: teamA, method: 'button' })).status).toBe(409);
  expect((await api('GET', '/duty/me/check-in', m1.token)).body.checkIn.id).toBe(ok.body.id);
  // a member of another team cannot check in here
  expect((await api('POST', '/duty/check-in', m4.token, { teamId: teamA, method: 'button' })).status).toBe(404);
  const out = await api('POST', '/duty/check-out', m1.token);
  expect(out.status).toBe(200);
  expect(out.body.checkedOutAt).not.toBeNull();
  expect((await api('POST', '/duty/check-out', m1.token)).status).toBe(409);
  expect((await api('GET', '/duty/me/check-in', m1.token)).body.checkIn).toBeNull();
});

test('fairness: checked-in time in the own slot is actual, the rest is extra (额外在岗); both in the workbook', async () => {
  // A check-in is accepted without a shift (reinforcing in an incident) but must not inflate the actual hours.
  const month = today().slice(0, 7);
  const last = addDays(`${addDays(`${month}-01`, 32).slice(0, 7)}-01`, -1);
  const roster = await api('GET', `/duty/roster?teamId=${teamA}&from=${month}-01&to=${last}`, leaderA.token);
  expect(roster.status).toBe(200);
  const slots = roster.body.slots as Array<{ start: string; end: string; userIds: string[] }>;
  // a slot of m3 in this month, the 2 h before it not m3's (and inside the month)
  const slot = slots.find(
    (x, i) =>
      x.userIds.includes(m3.id) &&
      i > 0 &&
      !slots[i - 1]!.userIds.includes(m3.id) &&
      localDate(new Date(Date.parse(x.start) - 2 * 3_600_000), TZ).startsWith(month),
  );
  expect(slot).toBeDefined();
  const before = await api('GET', `/duty/fairness?month=${month}&teamId=${teamA}`, leaderA.token);
  const rowOf = (body: { rows: Array<{ userId: string; actualHours: number; extraHours: number }> }) =>
    body.rows.find((x) => x.userId === m3.id)!;
  expect(rowOf(before.body).extraHours).toBeGreaterThanOrEqual(0);
  // m3 checks in by button (no shift now) and out; the record is then moved to 2 h before the slot → 3 h into it
  const inn = await api('POST', '/duty/check-in', m3.token, { teamId: teamA, method: 'button' });
  expect(inn.status).toBe(201);
  expect((await api('POST', '/duty/check-out', m3.token)).status).toBe(200);
  const s0 = Date.parse(slot!.start);
  await inZone(async (em) => {
    const c = await em.findOneOrFail(DutyCheckIn, { id: inn.body.id });
    c.checkedInAt = new Date(s0 - 2 * 3_600_000);
    c.checkedOutAt = new Date(s0 + 3 * 3_600_000);
    await em.flush();
  });
  const after = await api('GET', `/duty/fairness?month=${month}&teamId=${teamA}`, leaderA.token);
  expect(after.status).toBe(200);
  expect(rowOf(after.body).actualHours).toBeCloseTo(rowOf(before.body).actualHours + 3, 1);
  expect(rowOf(after.body).extraHours).toBeCloseTo(rowOf(before.body).extraHours + 2, 1);
  // the workbook has the 额外在岗 column with m3's figure
  const x = await fetch(`${env.url}/api/v1/duty/fairness.xlsx?month=${month}&teamId=${teamA}`, {
    headers: { authorization: `Bearer ${zone.token}` },
  });
  expect(x.status).toBe(200);
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await x.arrayBuffer()) as never);
  const ws = wb.worksheets[0]!;
  expect(ws.getRow(2).getCell(5).value).toBe('额外在岗（小时）');
  const extras: unknown[] = [];
  ws.eachRow((r, n) => {
    if (n > 2) extras.push(r.getCell(5).value);
  });
  expect(extras).toContain(rowOf(after.body).extraHours);
});

test('gaps and reminders: each once, and nothing again after Redis loses everything', async () => {
  expect((await api('PATCH', '/tenant/settings', zone.token, { dutyReminderHours: 72 })).status).toBe(200);
  // a gap: m2 on approved leave over their next slot (nobody covers)
  const gapDay = nextDateOf(m2, 5);
  const leave = await api('POST', '/duty/leaves', leaderA.token, {
    userId: m2.id,
    startsAt: slotStart(gapDay).toISOString(),
    endsAt: new Date(slotStart(gapDay).getTime() + 2 * 3_600_000).toISOString(),
  });
  expect(leave.status).toBe(201);
  const roster = await api('GET', `/duty/roster?teamId=${teamA}&from=${gapDay}&to=${gapDay}`, leaderA.token);
  const gapSlot = roster.body.slots.find((s: { start: string }) => s.start === slotStart(gapDay).toISOString());
  expect(gapSlot).toMatchObject({
    gap: true,
    userIds: [],
    removed: [expect.objectContaining({ userId: m2.id, reason: 'leave' })],
  });
  const tenant = (await env.api.c.tenants.byId(zone.tenant.id))!;
  expect(tenant.settings.dutyReminderHours).toBe(72);
  const first = await inZone((em) => sweepDutyZone(em, tenant, env.api.services.duty, env.api.services.notifications));
  expect(first.gaps).toBeGreaterThanOrEqual(1);
  expect(first.reminded).toBeGreaterThanOrEqual(2);
  expect(await notes(leaderA.id, 'duty.gap')).toBe(1);
  const reminders = async () =>
    Number(
      (
        await sql<{ n: number }>("SELECT COUNT(*) AS n FROM notifications WHERE tenant_id = ? AND kind = 'duty.reminder'", [
          zone.tenant.id,
        ])
      )[0]!.n,
    );
  const sent = await reminders();
  expect(sent).toBe(first.reminded);
  // the ledger: one row per reminder and per gap slot
  const ledger = await sql<{ kind: string; n: number }>(
    'SELECT kind, COUNT(*) AS n FROM duty_notices WHERE tenant_id = ? GROUP BY kind ORDER BY kind',
    [zone.tenant.id],
  );
  expect(ledger.map((r) => [r.kind, Number(r.n)]).sort()).toEqual([
    ['gap', first.gaps],
    ['reminder', first.reminded],
  ]);
  // again: nothing
  const again = await inZone((em) => sweepDutyZone(em, tenant, env.api.services.duty, env.api.services.notifications));
  expect(again).toEqual({ reminded: 0, gaps: 0 });
  // Redis loses everything; the reconciler (what the worker runs after a loss) sweeps again: still nothing new
  const raw = new Redis(env.config.REDIS_URL);
  const keys = await raw.keys(`${env.config.REDIS_PREFIX}*`);
  if (keys.length) await raw.del(...keys);
  raw.disconnect();
  const reconciled = await reconcileAll(env.api.c, env.api.services.reconcilers);
  expect(reconciled).toBeDefined();
  expect(await reminders()).toBe(sent);
  expect(await notes(leaderA.id, 'duty.gap')).toBe(1);
  // the workbench shows the gap to the leader
  const wb = await api('GET', '/workbench', leaderA.token);
  const card = wb.body.cards.find((c: { key: string }) => c.key === 'duty.gaps');
  expect(card.count).toBeGreaterThanOrEqual(1);
  expect(wb.body.cards.some((c: { key: string }) => c.key === 'duty.coming')).toBe(false);
});

test('fairness: per member hours, shifts, nights; the workbook downloads', async () => {
  const month = today().slice(0, 7);
  const r = await api('GET', `/duty/fairness?month=${month}&teamId=${teamA}`, leaderA.token);
  expect(r.status).toBe(200);
  expect(r.body.holidaySource).toBe('chinese-days');
  const row = r.body.rows.find((x: { userId: string }) => x.userId === m1.id);
  expect(row.shifts).toBeGreaterThanOrEqual(0);
  const total = r.body.rows.reduce((a: number, x: { shifts: number }) => a + x.shifts, 0);
  expect(total).toBeGreaterThan(0);
  expect(row.actualHours).toBeGreaterThanOrEqual(0);
  // The zone's own holidays (setting publicHolidays) count: every day of the month made a holiday.
  const holidayShifts = (body: { rows: { holidayShifts: number }[] }) => body.rows.reduce((a, x) => a + x.holidayShifts, 0);
  const days = Array.from({ length: 28 }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
  expect((await api('PATCH', '/tenant/settings', zone.token, { publicHolidays: days })).status).toBe(200);
  const withHolidays = await api('GET', `/duty/fairness?month=${month}&teamId=${teamA}`, leaderA.token);
  expect(holidayShifts(withHolidays.body)).toBeGreaterThan(holidayShifts(r.body));
  expect((await api('PATCH', '/tenant/settings', zone.token, { publicHolidays: ['not-a-date'] })).status).toBe(400);
  expect((await api('PATCH', '/tenant/settings', zone.token, { publicHolidays: [] })).status).toBe(200);
  // members cannot export; the leader of B not A's
  expect((await api('GET', `/duty/fairness?month=${month}`, m1.token)).status).toBe(403);
  expect((await api('GET', `/duty/fairness?month=${month}&teamId=${teamA}`, leaderB.token)).status).toBe(404);
  const x = await env.req('GET', `/api/v1/duty/fairness.xlsx?month=${month}`, { token: zone.token });
  expect(x.status).toBe(200);
  expect(x.headers.get('content-type')).toContain('spreadsheetml');
});

test('candidates: a leader without users.read picks people to add from the zone’s rescue members and leaders', async () => {
  // the leader cannot list the zone's users, which is why the team offers its own candidate list
  expect((await api('GET', '/users?pageSize=20', leaderA.token)).status).toBe(403);
  const otherUser = await userWithRole(env, other, 'rescue_member');
  const r = await api('GET', `/duty/teams/${teamA}/candidates`, leaderA.token);
  expect(r.status).toBe(200);
  const ids = (r.body.items as Array<{ userId: string }>).map((x) => x.userId);
  expect(ids).toEqual(expect.arrayContaining([m4.id, leaderB.id]));
  for (const id of [m1.id, m2.id, m3.id, leaderA.id, zone.user.id, otherUser.id]) expect(ids).not.toContain(id);
  // names only: no phone, username or anything else
  for (const item of r.body.items as Array<Record<string, unknown>>)
    expect(Object.keys(item).sort()).toEqual(['name', 'role', 'userId']);
  // picked, the person is a member and leaves the list
  expect((await api('POST', `/duty/teams/${teamA}/members`, leaderA.token, { userId: m4.id })).status).toBe(200);
  const after = await api('GET', `/duty/teams/${teamA}/candidates`, leaderA.token);
  expect((after.body.items as Array<{ userId: string }>).map((x) => x.userId)).not.toContain(m4.id);
  expect((await api('DELETE', `/duty/teams/${teamA}/members/${m4.id}`, leaderA.token)).status).toBe(200);
  // scope: another leader's team 404, a member 403, another zone 404
  expect((await api('GET', `/duty/teams/${teamA}/candidates`, leaderB.token)).status).toBe(404);
  expect((await api('GET', `/duty/teams/${teamA}/candidates`, m1.token)).status).toBe(403);
  expect((await api('GET', `/duty/teams/${teamA}/candidates`, other.token)).status).toBe(404);
  expect((await api('GET', `/duty/teams/not-an-id/candidates`, leaderA.token)).status).toBe(400);
});
