/**
 * Dispatch (调派) on real MariaDB, Redis and BullMQ (issue 12 Build §3, Bad input, Tests): the proposal from a roster
 * and an equipment room built here; the desk's confirmation with its refusals per person (committed, off duty, not a
 * rescuer, another zone's user) that save nothing; equipment deployed and recalled through the equipment room; the
 * member's ack and progress; an unacknowledged dispatch that escalates to the next person and tells the leader and
 * the desk (the real job at the zone's shortened ackMinutes, and again after Redis lost everything); a late ack that
 * is recorded but does not undo the escalation; the roll call and a missed answer; another zone sees nothing.
 */
import { Redis } from 'ioredis';
import { DEFAULT_INCIDENT_POLICY } from '@yuanan/contracts';
import { addDays, localDate } from '@yuanan/domain';
import type { Em } from '../../core/db/orm.ts';
import { createEnterprise, inZone as inZoneOf } from '../../testing/scope-fixtures.ts';
import { sleep, until } from '../../testing/poll.ts';
import { createTestEnv, userWithRole, zoneWithAdmin, type TestEnv } from '../../testing/test-env.ts';
import { EquipmentLoan, EquipmentModel, EquipmentUnit } from '../equipment/equipment.entity.ts';
import { Enterprise } from '../enterprises/enterprise.entity.ts';
import { reconcileAckTimeouts, reconcileRollCalls } from './dispatch.jobs.ts';
import { BLANK_INCIDENT } from './incident-blank.ts';
import { IncidentDispatch } from './dispatch.entity.ts';
import type { DispatchService } from './dispatch.service.ts';
import { Incident, IncidentEvent } from './incident.entity.ts';

type Zone = Awaited<ReturnType<typeof zoneWithAdmin>>;
type U = Awaited<ReturnType<typeof userWithRole>>;
const TZ = 'Asia/Shanghai';

let env: TestEnv;
let zone: Zone;
let other: Zone;
let office: U;
let leader: U;
let m1: U;
let m2: U;
let m3: U;
let m4: U;
let m5: U;
let otherMember: U;
let teamA: string;
let teamB: string;
let borrowerEnt: string;
let seq = 0;

const api = (method: string, path: string, token: string, body?: unknown) => env.req(method, `/api/v1${path}`, { token, body });
const inZone = <T>(fn: (em: Em) => Promise<T>, tenantId = zone.tenant.id) => inZoneOf(env, tenantId, fn);
const sql = <T = any>(q: string, params: unknown[] = []) =>
  env.api.c.orm.em.getConnection().execute(q, params, 'all') as Promise<T[]>;

/** An open incident written directly (the intake routes are A's and tested there). */
async function incident(opts: { isDrill?: boolean; lat?: number; lng?: number; tenantId?: string } = {}) {
  return inZone(async (em) => {
    const now = new Date();
    const i = em.create(Incident, {
      ...BLANK_INCIDENT,
      no: `SJ${localDate(now, TZ).replace(/-/g, '')}-${String(900 + ++seq)}`,
      type: 'leak_poisoning',
      source: 'desk',
      status: 'reported',
      level: 'II',
      severity: 3,
      isDrill: opts.isDrill ?? false,
      enterpriseId: null,
      lat: opts.lat ?? 29.1,
      lng: opts.lng ?? 119.65,
      address: `测试地点${seq}`,
      description: '储罐区液氨泄漏',
      reporterName: '值班员',
      occurredAt: now,
      learnedAt: now,
      fileIds: [],
    } as never) as Incident;
    await em.flush();
    return i;
  }, opts.tenantId);
}

async function dispatchesOf(incidentId: string) {
  return inZone((em) =>
    em.find(IncidentDispatch, { incidentId }, { orderBy: { dispatchedAt: 'asc', id: 'asc' }, refresh: true }),
  );
}
async function eventsOf(incidentId: string) {
  return inZone((em) => em.find(IncidentEvent, { incidentId }, { orderBy: { at: 'asc', id: 'asc' }, refresh: true }));
}
async function notes(userId: string, kind: string) {
  return sql<{ title: string; body: string; severity: string; link: string }>(
    'SELECT title, body, severity, link FROM notifications WHERE tenant_id = ? AND user_id = ? AND kind = ? ORDER BY created_at',
    [zone.tenant.id, userId, kind],
  );
}

/** A unit of the equipment room (written directly: the room's routes are tested in equipment.test.ts). */
async function unit(status: string, category = 'breathing_apparatus', name = '正压式空气呼吸器') {
  return inZone(async (em) => {
    const m = em.create(EquipmentModel, { category, name, lendable: true } as never) as EquipmentModel;
    await em.flush();
    const u = em.create(EquipmentUnit, {
      modelId: m.id,
      assetTag: `DSP-${++seq}`,
      condition: 'good',
      status,
    } as never) as EquipmentUnit;
    await em.flush();
    if (status === 'on_loan') {
      em.create(EquipmentLoan, {
        unitId: u.id,
        borrowerKind: 'enterprise',
        enterpriseId: borrowerEnt,
        borrowerName: '借用企业',
        checkedOutAt: new Date(),
        checkedOutBy: office.id,
        dueAt: new Date(Date.now() + 86400_000),
        outCondition: 'good',
      } as never);
      await em.flush();
    }
    return u.id;
  });
}

async function setPolicy(patch: Record<string, unknown>) {
  const r = await api('PATCH', '/tenant/settings', zone.token, { incidentPolicy: { ...DEFAULT_INCIDENT_POLICY, ...patch } });
  expect(r.status).toBe(200);
  await sleep(50);
  env.api.c.tenants.invalidate();
  env.worker!.c.tenants.invalidate();
}

beforeAll(async () => {
  env = await createTestEnv({ worker: true });
  zone = await zoneWithAdmin(env, 'incdsp');
  other = await zoneWithAdmin(env, 'incdspo');
  office = await userWithRole(env, zone, 'safety_officer');
  leader = await userWithRole(env, zone, 'rescue_leader');
  m1 = await userWithRole(env, zone, 'rescue_member');
  m2 = await userWithRole(env, zone, 'rescue_member');
  m3 = await userWithRole(env, zone, 'rescue_member');
  m4 = await userWithRole(env, zone, 'rescue_member');
  m5 = await userWithRole(env, zone, 'rescue_member');
  otherMember = await userWithRole(env, other, 'rescue_member');
  // Team A (led by `leader`): m1, m2, m3 on duty round the clock; m5 a member but in no rotation (off duty).
  const a = await api('POST', '/duty/teams', zone.token, { name: '救援一队', kind: 'rescue_squad', leaderUserId: leader.id });
  expect(a.status).toBe(201);
  teamA = a.body.id;
  for (const m of [m1, m2, m3, m5])
    expect((await api('POST', `/duty/teams/${teamA}/members`, leader.token, { userId: m.id, skills: ['危化品'] })).status).toBe(
      200,
    );
  const start = addDays(localDate(new Date(), TZ), -2);
  const rot = await api('POST', '/duty/rotations', leader.token, {
    teamId: teamA,
    name: '全员24小时',
    pattern: 'daily24',
    handoffTime: '08:00',
    perShift: 3,
    order: [m1.id, m2.id, m3.id],
    startsOn: start,
  });
  expect(rot.status).toBe(201);
  // Team B: m4 on duty.
  const b = await api('POST', '/duty/teams', zone.token, { name: '救援二队', kind: 'rescue_squad' });
  expect(b.status).toBe(201);
  teamB = b.body.id;
  expect((await api('POST', `/duty/teams/${teamB}/members`, zone.token, { userId: m4.id })).status).toBe(200);
  expect(
    (
      await api('POST', '/duty/rotations', zone.token, {
        teamId: teamB,
        name: '二队24小时',
        pattern: 'daily24',
        handoffTime: '08:00',
        perShift: 1,
        order: [m4.id],
        startsOn: start,
      })
    ).status,
  ).toBe(201);
  borrowerEnt = await createEnterprise(env, zone.token, 'MA2KD001', '借用化工');
  await inZone(async (em) => {
    const e = await em.findOneOrFail(Enterprise, { id: borrowerEnt });
    e.lat = 29.105;
    e.lng = 119.65;
    await em.flush();
  });
}, 180_000);
afterAll(async () => {
  await env?.close();
});
// Each test starts with everybody free (a failed test must not leave people committed for the next one).
afterEach(async () => {
  await sql(
    "UPDATE incident_dispatches SET status = 'stood_down' WHERE tenant_id = ? AND status IN ('pending_ack', 'acknowledged', 'en_route', 'on_scene')",
    [zone.tenant.id],
  );
});

test('the proposal: the teams on duty with who is free or committed, off-duty members apart, units available first then recallable', async () => {
  const busy = await incident();
  const i = await incident();
  // m3 is already on another incident.
  expect((await api('POST', `/incidents/${busy.id}/dispatch`, office.token, { userIds: [m3.id] })).status).toBe(200);
  const avail = await unit('available');
  const loaned = await unit('on_loan', 'gas_detector', '四合一气体检测仪');
  const broken = await unit('maintenance');
  const r = await api('GET', `/incidents/${i.id}/dispatch-proposal`, leader.token);
  expect(r.status).toBe(200);
  const team = (
    r.body.teams as Array<{
      teamId: string;
      slot: string | null;
      people: Array<{ userId: string; status: string; committedTo?: { no: string } | null }>;
    }>
  ).find((t) => t.teamId === teamA)!;
  expect(team.slot).toMatch(/^全天 08:00–08:00$/);
  const st = Object.fromEntries(team.people.map((p) => [p.userId, p.status]));
  expect(st).toEqual({ [m1.id]: 'available', [m2.id]: 'available', [m3.id]: 'committed' });
  expect(team.people.find((p) => p.userId === m3.id)!.committedTo).toMatchObject({ no: busy.no });
  // Available people first.
  expect(team.people.at(-1)!.userId).toBe(m3.id);
  const others = r.body.others as Array<{ userId: string; status: string }>;
  expect(others.find((p) => p.userId === m5.id)).toMatchObject({ status: 'off_duty' });
  const units = r.body.units as Array<{
    unitId: string;
    status: string;
    distanceM: number | null;
    borrower: { enterpriseName: string } | null;
  }>;
  const ids = units.map((u) => u.unitId);
  expect(ids).toContain(avail);
  expect(ids).toContain(loaned);
  expect(ids).not.toContain(broken);
  expect(ids.indexOf(avail)).toBeLessThan(ids.indexOf(loaned));
  const l = units.find((u) => u.unitId === loaned)!;
  expect(l).toMatchObject({ status: 'on_loan', borrower: { enterpriseName: '借用化工' } });
  expect(l.distanceM).toBeGreaterThan(500);
  expect(l.distanceM).toBeLessThan(600);
  // Members and enterprises cannot read it; another zone's desk gets 404.
  expect((await api('GET', `/incidents/${i.id}/dispatch-proposal`, m1.token)).status).toBe(403);
  expect((await api('GET', `/incidents/${i.id}/dispatch-proposal`, other.token)).status).toBe(404);
}, 60_000);

test('refusals per person (committed, off duty, not a rescuer, another zone) save nothing; units not deployable are refused', async () => {
  const busy = await incident();
  const i = await incident();
  expect((await api('POST', `/incidents/${busy.id}/dispatch`, office.token, { userIds: [m2.id] })).status).toBe(200);
  const r = await api('POST', `/incidents/${i.id}/dispatch`, office.token, {
    userIds: [m1.id, m2.id, m5.id, office.id, otherMember.id],
  });
  expect(r.status).toBe(422);
  expect(r.headers.get('content-type')).toContain('problem+json');
  const errs = Object.fromEntries((r.body.errors as Array<{ path: string; message: string }>).map((e) => [e.path, e.message]));
  expect(errs['userIds.0']).toBeUndefined();
  expect(errs['userIds.1']).toContain(`已在 ${busy.no} 处置中`);
  expect(errs['userIds.2']).toContain('当前不在值班');
  expect(errs['userIds.3']).toContain('不是救援队员');
  expect(errs['userIds.4']).toContain('未找到该人员');
  expect(await dispatchesOf(i.id)).toHaveLength(0);
  // In English too.
  const en = await env.req('POST', `/api/v1/incidents/${i.id}/dispatch`, {
    token: office.token,
    body: { userIds: [m5.id] },
    headers: { 'accept-language': 'en' },
  });
  expect(en.status).toBe(422);
  expect(JSON.stringify(en.body)).toContain('not on duty');
  // A unit in maintenance: 409 with its state, nothing dispatched.
  const broken = await unit('maintenance');
  const u = await api('POST', `/incidents/${i.id}/dispatch`, office.token, { userIds: [m1.id], units: [{ unitId: broken }] });
  expect(u.status).toBe(409);
  expect(u.body.detail).toContain('保养维修中');
  expect(await dispatchesOf(i.id)).toHaveLength(0);
  // Nothing chosen; bad ids: validation (400 problem+json).
  const none = await api('POST', `/incidents/${i.id}/dispatch`, office.token, { userIds: [] });
  expect([none.status, none.body.code]).toEqual([400, 'validation_failed']);
  expect((await api('POST', `/incidents/${i.id}/dispatch`, office.token, { userIds: ['x'] })).status).toBe(400);
  // The same person on the same incident twice.
  expect((await api('POST', `/incidents/${i.id}/dispatch`, office.token, { userIds: [m1.id] })).status).toBe(200);
  const again = await api('POST', `/incidents/${i.id}/dispatch`, office.token, { userIds: [m1.id] });
  expect(again.status).toBe(422);
  expect(JSON.stringify(again.body)).toContain('已在本事件中');
  // Stand the members down so later tests find them free.
  for (const d of [...(await dispatchesOf(i.id)), ...(await dispatchesOf(busy.id))])
    expect((await api('POST', `/incidents/dispatches/${d.id}/stand-down`, office.token, {})).status).toBe(200);
}, 60_000);

test('a dispatch: the incident responds, members are told (critical), units deployed and recalled; ack and progress forward only', async () => {
  const i = await incident();
  const avail = await unit('available');
  const loaned = await unit('on_loan', 'gas_detector', '四合一气体检测仪');
  const r = await api('POST', `/incidents/${i.id}/dispatch`, leader.token, {
    userIds: [m1.id, m2.id],
    units: [{ unitId: avail }, { unitId: loaned }],
    note: '携带空呼',
  });
  expect(r.status).toBe(200);
  expect(r.body.status).toBe('responding');
  const ds = r.body.dispatches as Array<{
    id: string;
    userId: string;
    status: string;
    ackDueAt: string;
    dispatchedAt: string;
    teamName: string;
    dispatchedByName: string;
  }>;
  expect(ds.map((d) => [d.userId, d.status]).sort()).toEqual(
    [
      [m1.id, 'pending_ack'],
      [m2.id, 'pending_ack'],
    ].sort(),
  );
  expect(Date.parse(ds[0]!.ackDueAt) - Date.parse(ds[0]!.dispatchedAt)).toBe(3 * 60_000);
  expect(ds[0]).toMatchObject({ teamName: '救援一队', dispatchedByName: '测试rescue_leader' });
  const eq = r.body.equipment as Array<{ unitId: string; how: string; borrowerName: string | null }>;
  expect(eq.map((e) => [e.unitId, e.how]).sort()).toEqual(
    [
      [avail, 'deployed'],
      [loaned, 'recalled'],
    ].sort(),
  );
  const units = await inZone((em) => em.find(EquipmentUnit, { id: { $in: [avail, loaned] } }, { refresh: true }));
  for (const u of units) expect(u).toMatchObject({ status: 'deployed', incidentRef: i.no });
  const loan = await inZone((em) => em.findOneOrFail(EquipmentLoan, { unitId: loaned }, { refresh: true }));
  expect(loan.recalledAt).toBeTruthy();
  // The member's notice: critical, with the deadline.
  const n = (await notes(m1.id, 'incident.dispatch')).filter((x) => x.title.includes(i.no));
  expect(n).toHaveLength(1);
  expect(n[0]).toMatchObject({ severity: 'critical', title: `应急调派：${i.no}` });
  expect(n[0]!.body).toContain('3 分钟内确认');
  // The member sees it; another member cannot act on it.
  const mine = await api('GET', '/incidents/my-dispatches', m1.token);
  expect(mine.status).toBe(200);
  const d1 = (mine.body.active as Array<{ id: string; incident: { no: string } }>).find((d) => d.incident.no === i.no)!;
  expect(d1).toBeTruthy();
  expect((await api('POST', `/incidents/dispatches/${d1.id}/ack`, m2.token)).status).toBe(404);
  expect((await api('POST', `/incidents/dispatches/${d1.id}/ack`, otherMember.token)).status).toBe(404);
  const ack = await api('POST', `/incidents/dispatches/${d1.id}/ack`, m1.token);
  expect(ack.status).toBe(200);
  expect(ack.body).toMatchObject({ status: 'acknowledged', lateAck: false });
  // Twice: the same, one event.
  expect((await api('POST', `/incidents/dispatches/${d1.id}/ack`, m1.token)).status).toBe(200);
  const onScene = await api('POST', `/incidents/dispatches/${d1.id}/status`, m1.token, {
    status: 'on_scene',
    lat: 29.1,
    lng: 119.65,
  });
  expect(onScene.status).toBe(200);
  expect(onScene.body).toMatchObject({ status: 'on_scene', lat: 29.1 });
  expect(onScene.body.enRouteAt).toBeTruthy();
  const back = await api('POST', `/incidents/dispatches/${d1.id}/status`, m1.token, { status: 'en_route' });
  expect(back.status).toBe(409);
  expect(back.body.detail).toContain('不能改为');
  expect((await api('POST', `/incidents/dispatches/${d1.id}/status`, m1.token, { status: 'arrived' })).status).toBe(400);
  // m2 goes straight to en route (counts as the ack).
  const d2 = ds.find((d) => d.userId === m2.id)!;
  const er = await api('POST', `/incidents/dispatches/${d2.id}/status`, m2.token, { status: 'en_route' });
  expect(er.body).toMatchObject({ status: 'en_route', acknowledgedAt: expect.any(String) });
  const kinds = (await eventsOf(i.id)).map((e) => e.kind);
  expect(kinds.filter((k) => k === 'acknowledged')).toHaveLength(1);
  expect(kinds).toEqual(
    expect.arrayContaining(['status', 'dispatched', 'equipment_deployed', 'equipment_recalled', 'on_scene', 'en_route']),
  );
  // A unit stands down back to the room.
  const rel = await api('POST', `/incidents/${i.id}/equipment/${avail}/release`, office.token, { condition: 'good' });
  expect(rel.status).toBe(200);
  expect((await inZone((em) => em.findOneOrFail(EquipmentUnit, { id: avail }, { refresh: true }))).status).toBe('available');
  // Released again: 409 该器材已归队 (not 404 as if it had never been out).
  const again = await api('POST', `/incidents/${i.id}/equipment/${avail}/release`, office.token, { condition: 'good' });
  expect(again.status).toBe(409);
  expect(again.body.detail).toBe('该器材已归队');
  // Scene photos by a member on the incident; a member not on it: 404.
  const photo = await api('POST', `/incidents/${i.id}/photos`, m5.token, { fileIds: ['0190a5b0-0000-7000-8000-000000000041'] });
  expect(photo.status).toBe(404);
  for (const d of await dispatchesOf(i.id)) await api('POST', `/incidents/dispatches/${d.id}/stand-down`, office.token, {});
}, 60_000);

test('an unacknowledged dispatch escalates at ackMinutes to the next free person and tells the leader and the desk; a late ack is recorded, the escalation stands', async () => {
  await setPolicy({ ackMinutes: 1 });
  const i = await incident();
  const r = await api('POST', `/incidents/${i.id}/dispatch`, office.token, { userIds: [m1.id] });
  expect(r.status).toBe(200);
  const [d] = await dispatchesOf(i.id);
  expect(d!.ackDueAt.getTime() - d!.dispatchedAt.getTime()).toBe(60_000);
  // The real job waits in BullMQ for ackDueAt (one minute). The minute passes at once: the deadline is moved to now
  // and the delayed job promoted — the same job and handler, without a minute of the suite's time.
  const timers = env.worker!.c.queues.queue('timers');
  const job = await until(
    () => timers.getJob(`inc-ack:${d!.id}:ack`),
    (j) => !!j,
    5000,
  );
  expect(job!.delay).toBeGreaterThan(55_000);
  expect(await job!.getState()).toBe('delayed');
  await sql('UPDATE incident_dispatches SET ack_due_at = ? WHERE id = ?', [new Date(), d!.id]);
  await job!.promote();
  const after = await until(
    () => dispatchesOf(i.id),
    (rows) => rows.length >= 2,
    20_000,
  );
  const first = after.find((x) => x.id === d!.id)!;
  const repl = after.find((x) => x.id !== d!.id)!;
  expect(first).toMatchObject({ status: 'escalated' });
  expect(first.escalatedAt).toBeTruthy();
  // The next free person of the same team (m2 or m3), system-dispatched, with their own deadline.
  expect([m2.id, m3.id]).toContain(repl.userId);
  expect(repl).toMatchObject({ status: 'pending_ack', replacesDispatchId: d!.id, dispatchedBy: null, teamId: teamA });
  const kinds = (await eventsOf(i.id)).map((e) => e.kind);
  expect(kinds).toEqual(expect.arrayContaining(['escalated']));
  expect(kinds.filter((k) => k === 'dispatched')).toHaveLength(2);
  // Leader and desk told (critical).
  const toLeader = await until(
    () => notes(leader.id, 'incident.escalate'),
    (x) => x.length > 0,
    10_000,
  );
  expect(toLeader[0]).toMatchObject({ severity: 'critical', link: `/incidents/${i.id}` });
  expect(toLeader[0]!.body).toContain('已改派');
  expect((await notes(office.id, 'incident.escalate')).length).toBe(1);
  expect((await notes(repl.userId, 'incident.dispatch')).length).toBeGreaterThan(0);
  // The late ack: recorded, the status stays escalated, the replacement stays dispatched.
  const late = await api('POST', `/incidents/dispatches/${d!.id}/ack`, m1.token);
  expect(late.status).toBe(200);
  expect(late.body).toMatchObject({ status: 'escalated', lateAck: true, acknowledgedAt: expect.any(String) });
  const now = await dispatchesOf(i.id);
  expect(now.find((x) => x.id === repl.id)!.status).toBe('pending_ack');
  expect((await eventsOf(i.id)).map((e) => e.kind)).toContain('ack_late');
  // The escalated member cannot report progress on it.
  expect((await api('POST', `/incidents/dispatches/${d!.id}/status`, m1.token, { status: 'en_route' })).status).toBe(409);
  for (const x of now) await api('POST', `/incidents/dispatches/${x.id}/stand-down`, office.token, {});
  await setPolicy({ ackMinutes: 3 });
}, 150_000);

test('after Redis loses everything the reconciler re-creates the ack-timeout job from ack_due_at and it still escalates', async () => {
  const i = await incident();
  expect((await api('POST', `/incidents/${i.id}/dispatch`, office.token, { userIds: [m4.id] })).status).toBe(200);
  const [d] = await dispatchesOf(i.id);
  const timers = env.worker!.c.queues.queue('timers');
  const job = () => timers.getJob(`inc-ack:${d!.id}:ack`);
  expect(await until(job, (j) => !!j, 5000)).toBeTruthy();
  // The deadline comes closer (as if time had passed), then every key of the test prefix goes.
  await sql('UPDATE incident_dispatches SET ack_due_at = ? WHERE id = ?', [new Date(Date.now() + 2000), d!.id]);
  const raw = new Redis(env.config.REDIS_URL);
  const keys = await raw.keys(`${env.config.REDIS_PREFIX}:*`);
  expect(keys.length).toBeGreaterThan(0);
  for (let k = 0; k < keys.length; k += 500) await raw.del(...keys.slice(k, k + 500));
  raw.disconnect();
  expect(await job()).toBeFalsy();
  // The reconciler (also run by the worker when it notices the flush) queues it again from the row.
  const t = (await env.worker!.c.tenants.byId(zone.tenant.id))!;
  const n = await inZone((em) => reconcileAckTimeouts(env.worker!.c, em, t));
  expect(n).toBeGreaterThanOrEqual(1);
  const rows = await until(
    () => dispatchesOf(i.id),
    (x) => x.some((y) => y.status === 'escalated'),
    20_000,
  );
  expect(rows.find((x) => x.id === d!.id)!.status).toBe('escalated');
  // m4's team has nobody else free: the next on duty of the other team (m1 / m2 / m3 are free again).
  const repl = rows.find((x) => x.id !== d!.id);
  expect(repl).toBeTruthy();
  expect([m1.id, m2.id, m3.id]).toContain(repl!.userId);
  for (const x of rows) await api('POST', `/incidents/dispatches/${x.id}/stand-down`, office.token, {});
}, 60_000);

test('an escalation with nobody free left: the dispatch escalates, nobody is dispatched, the desk is told to dispatch by hand', async () => {
  const busy = await incident();
  expect((await api('POST', `/incidents/${busy.id}/dispatch`, office.token, { userIds: [m1.id, m2.id, m3.id] })).status).toBe(
    200,
  );
  const i = await incident();
  expect((await api('POST', `/incidents/${i.id}/dispatch`, office.token, { userIds: [m4.id] })).status).toBe(200);
  const [d] = await dispatchesOf(i.id);
  await sql('UPDATE incident_dispatches SET ack_due_at = ? WHERE id = ?', [new Date(Date.now() + 500), d!.id]);
  const t = (await env.worker!.c.tenants.byId(zone.tenant.id))!;
  // The job keeps its id (inc-ack:{id}:ack) and wakes at the old time: it is early then; the reconciler's re-add is
  // kept as the same id, so remove it first as a flush would.
  await (await env.worker!.c.queues.queue('timers').getJob(`inc-ack:${d!.id}:ack`))?.remove();
  await inZone((em) => reconcileAckTimeouts(env.worker!.c, em, t));
  const rows = await until(
    () => dispatchesOf(i.id),
    (x) => x[0]!.status === 'escalated',
    15_000,
  );
  expect(rows).toHaveLength(1);
  expect(rows[0]!.status).toBe('escalated');
  const desk = await until(
    () => notes(office.id, 'incident.escalate'),
    (x) => x.some((n) => n.title.includes(i.no)),
    5000,
  );
  expect(desk.find((n) => n.title.includes(i.no))!.body).toContain('无可替补的值班人员，请人工调派');
}, 30_000);

test('roll call: people on scene are asked every accountabilityMinutes; an answer is recorded, silence for 2 minutes tells the desk', async () => {
  const i = await incident();
  expect((await api('POST', `/incidents/${i.id}/dispatch`, office.token, { userIds: [m1.id, m2.id] })).status).toBe(200);
  const ds = await dispatchesOf(i.id);
  for (const d of ds) {
    const tok = d.userId === m1.id ? m1.token : m2.token;
    expect((await api('POST', `/incidents/dispatches/${d.id}/status`, tok, { status: 'on_scene' })).status).toBe(200);
  }
  const onScene = await dispatchesOf(i.id);
  for (const d of onScene) expect(d.rollCallDueAt!.getTime() - d.onSceneAt!.getTime()).toBe(15 * 60_000);
  // The roll call falls due now (as if 15 minutes had passed); the reconciler queues the incident's job.
  await sql('UPDATE incident_dispatches SET roll_call_due_at = ? WHERE incident_id = ?', [new Date(), i.id]);
  const t = (await env.worker!.c.tenants.byId(zone.tenant.id))!;
  expect(await inZone((em) => reconcileRollCalls(env.worker!.c, em, t))).toBe(1);
  const asked = await until(
    () => dispatchesOf(i.id),
    (x) => x.every((d) => d.rollCallSentAt),
    15_000,
  );
  expect(asked.every((d) => d.rollCallSentAt)).toBe(true);
  expect((await eventsOf(i.id)).map((e) => e.kind)).toContain('roll_call');
  expect(
    await until(
      () => notes(m1.id, 'incident.rollcall'),
      (x) => x.length > 0,
      5000,
    ),
  ).toHaveLength(1);
  // m1 answers; m2 stays silent.
  const d1 = asked.find((d) => d.userId === m1.id)!;
  const d2 = asked.find((d) => d.userId === m2.id)!;
  const ans = await api('POST', `/incidents/dispatches/${d1.id}/roll-call`, m1.token, {});
  expect(ans.status).toBe(200);
  expect(ans.body.rollCallDueAt).toBeNull();
  expect((await api('POST', `/incidents/dispatches/${d1.id}/roll-call`, m2.token, {})).status).toBe(404);
  // Two minutes pass for m2's answer.
  await sql('UPDATE incident_dispatches SET roll_call_sent_at = ? WHERE id = ?', [new Date(Date.now() - 121_000), d2.id]);
  await inZone((em) => reconcileRollCalls(env.worker!.c, em, t));
  const missed = await until(
    () => eventsOf(i.id),
    (x) => x.some((e) => e.kind === 'roll_call_missed'),
    15_000,
  );
  const ev = missed.find((e) => e.kind === 'roll_call_missed')!;
  expect(ev.text).toContain('测试rescue_member');
  expect((ev.data as { userIds: string[] }).userIds).toEqual([m2.id]);
  expect(
    await until(
      () => notes(office.id, 'incident.rollcall.missed'),
      (x) => x.length > 0,
      5000,
    ),
  ).toHaveLength(1);
  expect((await eventsOf(i.id)).map((e) => e.kind)).toContain('roll_call_answered');
  for (const d of asked) await api('POST', `/incidents/dispatches/${d.id}/stand-down`, office.token, {});
}, 60_000);

test('two desks dispatching one person to two incidents at the same moment: one wins, the other is told why', async () => {
  const a = await incident();
  const b = await incident();
  const [ra, rb] = await Promise.all([
    api('POST', `/incidents/${a.id}/dispatch`, office.token, { userIds: [m1.id] }),
    api('POST', `/incidents/${b.id}/dispatch`, leader.token, { userIds: [m1.id] }),
  ]);
  expect([ra.status, rb.status].sort()).toEqual([200, 422]);
  const lost = ra.status === 422 ? ra : rb;
  const won = ra.status === 200 ? a : b;
  expect(lost.body.errors[0].message).toContain(`已在 ${won.no} 处置中`);
  expect((await dispatchesOf(a.id)).length + (await dispatchesOf(b.id)).length).toBe(1);
}, 30_000);

test('closing out an incident ends its dispatches (on scene → done, the rest stood down) and frees the people', async () => {
  const i = await incident();
  expect((await api('POST', `/incidents/${i.id}/dispatch`, office.token, { userIds: [m1.id, m2.id] })).status).toBe(200);
  const [a] = (await dispatchesOf(i.id)).filter((d) => d.userId === m1.id);
  expect((await api('POST', `/incidents/dispatches/${a!.id}/status`, m1.token, { status: 'on_scene' })).status).toBe(200);
  const svc = (env.api.services as unknown as { incidents: { services: { dispatch: DispatchService } } }).incidents.services
    .dispatch;
  const n = await inZone((em) => em.transactional((tx) => svc.closeOut(tx, i.id, null, '事件结案')));
  expect(n).toBe(2);
  const rows = await dispatchesOf(i.id);
  expect(Object.fromEntries(rows.map((d) => [d.userId, d.status]))).toEqual({ [m1.id]: 'done', [m2.id]: 'stood_down' });
  expect(rows.every((d) => d.rollCallDueAt === null)).toBe(true);
  const other2 = await incident();
  expect((await api('POST', `/incidents/${other2.id}/dispatch`, office.token, { userIds: [m1.id, m2.id] })).status).toBe(200);
}, 30_000);

test('a closed incident takes no dispatch; another zone sees nothing', async () => {
  const i = await incident();
  await sql("UPDATE incidents SET status = 'closed' WHERE id = ?", [i.id]);
  const r = await api('POST', `/incidents/${i.id}/dispatch`, office.token, { userIds: [m1.id] });
  expect(r.status).toBe(409);
  expect(r.body.detail).toContain('已结案');
  const open = await incident();
  expect((await api('POST', `/incidents/${open.id}/dispatch`, office.token, { userIds: [m1.id] })).status).toBe(200);
  const [d] = await dispatchesOf(open.id);
  expect((await api('POST', `/incidents/${open.id}/dispatch`, other.token, { userIds: [otherMember.id] })).status).toBe(404);
  expect((await api('POST', `/incidents/dispatches/${d!.id}/stand-down`, other.token, {})).status).toBe(404);
  expect((await api('POST', `/incidents/dispatches/${d!.id}/ack`, otherMember.token)).status).toBe(404);
  expect((await api('GET', '/incidents/my-dispatches', otherMember.token)).body.active).toEqual([]);
  await api('POST', `/incidents/dispatches/${d!.id}/stand-down`, office.token, {});
}, 30_000);

test('two desks calling out one unit for two incidents at the same moment: the loser gets 409 naming the unit and nothing of its call is saved', async () => {
  for (let round = 0; round < 3; round++) {
    const a = await incident();
    const b = await incident();
    const shared = await unit('available');
    const own = await unit('available', 'gas_detector', '四合一气体检测仪');
    const tag = (await inZone((em) => em.findOneOrFail(EquipmentUnit, { id: shared }))).assetTag;
    const [ra, rb] = await Promise.all([
      api('POST', `/incidents/${a.id}/dispatch`, office.token, {
        userIds: [m1.id],
        units: [{ unitId: own }, { unitId: shared }],
      }),
      env.req('POST', `/api/v1/incidents/${b.id}/dispatch`, {
        token: leader.token,
        body: { userIds: [m2.id], units: [{ unitId: shared }] },
        headers: { 'accept-language': 'en' },
      }),
    ]);
    expect([ra.status, rb.status].sort()).toEqual([200, 409]);
    const lostA = ra.status === 409;
    const lost = lostA ? ra : rb;
    expect(lost.headers.get('content-type')).toContain('problem+json');
    expect(lost.body.detail).toContain(tag);
    expect(lost.body.detail).toMatch(lostA ? /不能调用/ : /cannot go/);
    const [loser, winner] = lostA ? [a, b] : [b, a];
    // Nothing of the losing call: no dispatch, no equipment row, its other unit still in the room, its person free.
    expect(await dispatchesOf(loser.id)).toHaveLength(0);
    expect(await sql('SELECT id FROM incident_equipment WHERE incident_id = ?', [loser.id])).toHaveLength(0);
    expect((await inZone((em) => em.findOneOrFail(Incident, { id: loser.id }, { refresh: true }))).status).toBe('reported');
    const units = await inZone((em) => em.find(EquipmentUnit, { id: { $in: [shared, own] } }, { refresh: true }));
    expect(units.find((u) => u.id === shared)).toMatchObject({ status: 'deployed', incidentRef: winner.no });
    expect(units.find((u) => u.id === own)!.status).toBe(lostA ? 'available' : 'deployed');
    expect(await dispatchesOf(winner.id)).toHaveLength(1);
    const w = await sql<{ unit_id: string }>('SELECT unit_id FROM incident_equipment WHERE incident_id = ?', [winner.id]);
    expect(w.map((x) => x.unit_id)).toContain(shared);
    for (const d of await dispatchesOf(winner.id))
      await api('POST', `/incidents/dispatches/${d.id}/stand-down`, office.token, {});
  }
}, 60_000);

/** Lets one pending dispatch escalate now through the real job (its deadline moved to now, the job re-added). */
async function escalateNow(dispatchId: string) {
  await sql('UPDATE incident_dispatches SET ack_due_at = ? WHERE id = ?', [new Date(Date.now() + 300), dispatchId]);
  const t = (await env.worker!.c.tenants.byId(zone.tenant.id))!;
  await (await env.worker!.c.queues.queue('timers').getJob(`inc-ack:${dispatchId}:ack`))?.remove();
  await inZone((em) => reconcileAckTimeouts(env.worker!.c, em, t));
  const rows = await until(
    async () => dispatchesOf((await inZone((em) => em.findOneOrFail(IncidentDispatch, { id: dispatchId }))).incidentId),
    (x) => x.find((d) => d.id === dispatchId)!.status === 'escalated',
    15_000,
  );
  expect(rows.find((d) => d.id === dispatchId)!.status).toBe('escalated');
  return rows;
}

test('a late ack with nobody sent instead: recorded and the member works on (acknowledged, escalatedAt kept); replaced: stays escalated, naming who took over; a closed incident refuses every member action', async () => {
  // Nobody free: m1–m3 busy elsewhere, m4 escalates alone.
  const busy = await incident();
  expect((await api('POST', `/incidents/${busy.id}/dispatch`, office.token, { userIds: [m1.id, m2.id, m3.id] })).status).toBe(
    200,
  );
  const i = await incident();
  expect((await api('POST', `/incidents/${i.id}/dispatch`, office.token, { userIds: [m4.id] })).status).toBe(200);
  const [d] = await dispatchesOf(i.id);
  const esc = await escalateNow(d!.id);
  expect(esc).toHaveLength(1);
  const late = await api('POST', `/incidents/dispatches/${d!.id}/ack`, m4.token);
  expect(late.status).toBe(200);
  expect(late.body).toMatchObject({ status: 'acknowledged', lateAck: true, replacedByName: null });
  expect(late.body.escalatedAt).toBeTruthy();
  const ev = (await eventsOf(i.id)).find((e) => e.kind === 'ack_late')!;
  expect(ev.text).toContain('超时后确认，无人接替，继续出警');
  // The member was told the truth at the escalation: nobody took over.
  const toMember = await until(
    () => notes(m4.id, 'incident.escalated'),
    (x) => x.some((n) => n.title.includes(i.no)),
    5000,
  );
  expect(toMember.find((n) => n.title.includes(i.no))).toMatchObject({
    severity: 'critical',
    body: expect.stringContaining('暂无人接替'),
  });
  // The escalation's notice to the desk stands; the member is committed again and works on.
  expect((await notes(office.id, 'incident.escalate')).some((n) => n.title.includes(i.no))).toBe(true);
  const er = await api('POST', `/incidents/dispatches/${d!.id}/status`, m4.token, { status: 'en_route' });
  expect(er.status).toBe(200);
  expect(er.body).toMatchObject({ status: 'en_route', lateAck: true });
  const other3 = await incident();
  const again = await api('POST', `/incidents/${other3.id}/dispatch`, office.token, { userIds: [m4.id] });
  expect(again.status).toBe(422);
  expect(JSON.stringify(again.body)).toContain(`已在 ${i.no} 处置中`);
  for (const x of await dispatchesOf(busy.id)) await api('POST', `/incidents/dispatches/${x.id}/stand-down`, office.token, {});

  // Replaced: m4 escalates on j, the next free person takes over; the late ack keeps the escalation and says who.
  await api('POST', `/incidents/dispatches/${d!.id}/stand-down`, office.token, {});
  const j = await incident();
  expect((await api('POST', `/incidents/${j.id}/dispatch`, office.token, { userIds: [m4.id] })).status).toBe(200);
  const [dj] = await dispatchesOf(j.id);
  const rows = await escalateNow(dj!.id);
  expect(rows).toHaveLength(2);
  const repl = rows.find((x) => x.id !== dj!.id)!;
  const late2 = await api('POST', `/incidents/dispatches/${dj!.id}/ack`, m4.token);
  expect(late2.status).toBe(200);
  expect(late2.body).toMatchObject({ status: 'escalated', lateAck: true, replacedByName: repl.userName });
  const ev2 = (await eventsOf(j.id)).find((e) => e.kind === 'ack_late')!;
  expect(ev2.text).toContain(`已由 ${repl.userName} 接替`);
  const toMember2 = await until(
    () => notes(m4.id, 'incident.escalated'),
    (x) => x.some((n) => n.title.includes(j.no)),
    5000,
  );
  expect(toMember2.find((n) => n.title.includes(j.no))!.body).toContain(`任务已由 ${repl.userName} 接替`);
  const no = await api('POST', `/incidents/dispatches/${dj!.id}/status`, m4.token, { status: 'en_route' });
  expect(no.status).toBe(409);
  expect(no.body.detail).toContain(`已由 ${repl.userName} 接替`);
  expect(no.body.detail).not.toContain('已超时已升级');
  // The desk cannot stand an escalated dispatch down (wording: 超时升级, not 超时已升级).
  const sd = await api('POST', `/incidents/dispatches/${dj!.id}/stand-down`, office.token, {});
  expect(sd.status).toBe(409);
  expect(sd.body.detail).not.toContain('已超时已升级');

  // Closed: ack, late ack, progress, roll call and photos by a member are 409 "事件已结案"; cancelled: "事件已取消".
  const k = await incident();
  const free = [m1, m2, m3].find((m) => m.id !== repl.userId)!;
  const replTok = [m1, m2, m3].find((m) => m.id === repl.userId)!.token;
  expect((await api('POST', `/incidents/${k.id}/dispatch`, office.token, { userIds: [free.id] })).status).toBe(200);
  const [dk] = await dispatchesOf(k.id);
  await sql("UPDATE incidents SET status = 'closed' WHERE id IN (?, ?)", [k.id, j.id]);
  for (const [path, tok, body] of [
    [`/incidents/dispatches/${dk!.id}/ack`, free.token, undefined],
    [`/incidents/dispatches/${dk!.id}/status`, free.token, { status: 'on_scene' }],
    [`/incidents/dispatches/${dk!.id}/roll-call`, free.token, {}],
    [`/incidents/dispatches/${repl.id}/ack`, replTok, undefined],
    [`/incidents/${k.id}/photos`, free.token, { fileIds: ['0190a5b0-0000-7000-8000-000000000041'] }],
  ] as const) {
    const r = await api('POST', path, tok, body);
    expect([path, r.status]).toEqual([path, 409]);
    expect(r.body.detail).toContain('事件已结案');
  }
  await sql("UPDATE incidents SET status = 'cancelled' WHERE id = ?", [k.id]);
  const c = await api('POST', `/incidents/dispatches/${dk!.id}/ack`, free.token);
  expect([c.status, c.body.detail]).toEqual([409, expect.stringContaining('事件已取消')]);
}, 90_000);

test('cancelling or closing an incident releases every unit still out (back to the room, releasedAt, equipment_released); the keeper’s 出动归队 sets the incident row’s releasedAt too', async () => {
  const i = await incident();
  const avail = await unit('available');
  const loaned = await unit('on_loan', 'gas_detector', '四合一气体检测仪');
  const back = await unit('available', 'urban_rescue', '液压破拆工具');
  const r = await api('POST', `/incidents/${i.id}/dispatch`, office.token, {
    userIds: [m1.id],
    units: [{ unitId: avail }, { unitId: loaned }, { unitId: back }],
  });
  expect(r.status).toBe(200);
  // The keeper stands one unit down in the equipment room: the incident's row gets its return time.
  const keeper = await userWithRole(env, zone, 'equipment_keeper');
  const u = await inZone((em) => em.findOneOrFail(EquipmentUnit, { id: back }, { refresh: true }));
  const sd = await api('POST', `/equipment/units/${back}/actions/stand_down`, keeper.token, { version: u.version });
  expect(sd.status).toBe(200);
  const rowsOf = () =>
    sql<{ unit_id: string; released_at: Date | null }>(
      'SELECT unit_id, released_at FROM incident_equipment WHERE incident_id = ?',
      [i.id],
    );
  expect((await rowsOf()).find((x) => x.unit_id === back)!.released_at).toBeTruthy();
  expect((await rowsOf()).filter((x) => !x.released_at)).toHaveLength(2);
  let ev = (await eventsOf(i.id)).filter((e) => e.kind === 'equipment_released');
  expect(ev).toHaveLength(1);
  expect(ev[0]!.text).toContain(u.assetTag);
  // Cancelled through the route: the rest go back to the room.
  const detail = await api('GET', `/incidents/${i.id}`, office.token);
  const c = await api('POST', `/incidents/${i.id}/cancel`, office.token, {
    version: detail.body.version,
    reason: '误报，现场无泄漏',
  });
  expect(c.status).toBe(200);
  const units = await inZone((em) => em.find(EquipmentUnit, { id: { $in: [avail, loaned, back] } }, { refresh: true }));
  for (const x of units) expect(x).toMatchObject({ status: 'available', incidentRef: null });
  expect((await rowsOf()).every((x) => x.released_at)).toBe(true);
  ev = (await eventsOf(i.id)).filter((e) => e.kind === 'equipment_released');
  expect(ev).toHaveLength(3);
  expect(c.body.equipment.every((e: { releasedAt: string | null }) => e.releasedAt)).toBe(true);
}, 60_000);

test('the proposal matches the incident type: a leak’s breathing apparatus and gas detector first and pre-ticked, a boat after and not; units in the room are measured from the zone’s map centre', async () => {
  const r0 = await api('PATCH', '/tenant/settings', zone.token, { mapCenter: { lat: 29.11, lng: 119.65, zoom: 15 } });
  expect(r0.status).toBe(200);
  env.api.c.tenants.invalidate();
  const i = await incident();
  const boat = await unit('available', 'boat', '动力冲锋舟');
  const ba = await unit('available');
  const r = await api('GET', `/incidents/${i.id}/dispatch-proposal`, office.token);
  expect(r.status).toBe(200);
  const units = r.body.units as Array<{
    unitId: string;
    category: string;
    status: string;
    proposed: boolean;
    distanceM: number | null;
  }>;
  const at = (id: string) => units.findIndex((u) => u.unitId === id);
  expect(units[at(boat)]!.proposed).toBe(false);
  expect(
    units
      .filter((u) => u.proposed)
      .map((u) => u.category)
      .sort(),
  ).toEqual(['breathing_apparatus', 'gas_detector']);
  for (const u of units.filter((x) => ['breathing_apparatus', 'gas_detector'].includes(x.category)))
    expect(at(u.unitId)).toBeLessThan(at(boat));
  expect(at(ba)).toBeGreaterThanOrEqual(0);
  // 29.11 vs the incident's 29.1: about 1.1 km for every unit in the room.
  for (const u of units.filter((x) => x.status === 'available')) {
    expect(u.distanceM).toBeGreaterThan(1000);
    expect(u.distanceM).toBeLessThan(1200);
  }
}, 30_000);
