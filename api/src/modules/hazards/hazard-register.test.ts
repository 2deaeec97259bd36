import { addDays, buildCreditCode, localDate } from '@yuanan/domain';
import { tenantEm } from '../../core/db/orm.ts';
import { multipart, photoWithExif } from '../../testing/fixtures.ts';
import { createTestEnv, userWithRole, zoneWithAdmin, type TestEnv } from '../../testing/test-env.ts';
import { Hazard } from './hazard.entity.ts';

/**
 * The safety office registers a hazard it found itself, was phoned about or was handed by the city (安监人员登记):
 * POST /hazards with a grade lands the hazard confirmed, with its deadline, timeline, notifications and
 * escalations — and every hostile or wrong registration is a problem+json 4xx that writes nothing.
 */
let env: TestEnv;
let zone: Awaited<ReturnType<typeof zoneWithAdmin>>;
let other: Awaited<ReturnType<typeof zoneWithAdmin>>;
let entA: { id: string };
let entB: { id: string };
let foreignEnt: { id: string };
let safety: { token: string; id: string };
let grid: { token: string; id: string };
let staffA: { token: string; id: string };
let staffB: { token: string; id: string };
let foreignUser: { token: string; id: string };

const TZ = 'Asia/Shanghai';
const today = () => localDate(new Date(), TZ);

const upload = async (token: string) => {
  const r = await env.req('POST', '/api/v1/files', {
    token,
    raw: multipart(await photoWithExif(), 'p.jpg', { purpose: 'hazard_photo' }, 'image/jpeg'),
  });
  expect(r.status).toBe(201);
  return r.body.id as string;
};

async function mkEnterprise(token: string, i: number, name: string) {
  const r = await env.req('POST', '/api/v1/enterprises', {
    token,
    body: { creditCode: buildCreditCode('91', '330782', `MA2R${i}000`), name, principalName: '张三' },
  });
  expect(r.status).toBe(201);
  return r.body as { id: string };
}

beforeAll(async () => {
  env = await createTestEnv({ worker: true });
  zone = await zoneWithAdmin(env, 'hzreg');
  other = await zoneWithAdmin(env, 'hzregb');
  entA = await mkEnterprise(zone.token, 1, '登记测试企业甲');
  entB = await mkEnterprise(zone.token, 2, '登记测试企业乙');
  foreignEnt = await mkEnterprise(other.token, 3, '别的园区企业');
  safety = await userWithRole(env, zone, 'safety_officer');
  grid = await userWithRole(env, zone, 'grid_worker');
  staffA = await userWithRole(env, zone, 'enterprise_admin', { enterpriseId: entA.id });
  staffB = await userWithRole(env, zone, 'enterprise_admin', { enterpriseId: entB.id });
  foreignUser = await userWithRole(env, other, 'enterprise_admin', { enterpriseId: foreignEnt.id });
});
afterAll(() => env.close());

function register(token: string, body: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  return env.req('POST', '/api/v1/hazards', {
    token,
    headers,
    body: {
      enterpriseId: entA.id,
      source: 'phone_complaint',
      categoryCode: 'fire',
      description: '群众来电反映：仓库消防通道被货物堵塞',
      place: '三号仓库北门',
      grade: 'general',
      deadline: addDays(today(), 5),
      ...body,
    },
  });
}

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  let v = await fn();
  while (!ok(v) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 200));
    v = await fn();
  }
  return v;
}

const notesFor = async (token: string, hazardId: string) =>
  (
    (await env.req('GET', '/api/v1/notifications?pageSize=100', { token })).body.items as Array<{
      kind: string;
      link: string;
      title: string;
      body: string;
    }>
  ).filter((n) => n.link === `/hazards/${hazardId}`);

test('the safety office registers a graded hazard: confirmed at once, on the timeline, the enterprise told, escalation set', async () => {
  const photo = await upload(safety.token);
  const deadline = addDays(today(), 5);
  const r = await register(safety.token, { photoIds: [photo], location: { lat: 29.3, lng: 120.1 }, deadline });
  expect(r.status).toBe(201);
  expect(r.body).toMatchObject({
    status: 'confirmed',
    grade: 'general',
    treatment: 'deadline',
    source: 'phone_complaint',
    deadlineDate: deadline,
    // Left out: the enterprise's principal, as the grading dialog offers.
    responsibleName: '张三',
    photos: [{ id: photo, url: expect.stringContaining('/content?') }],
    place: '三号仓库北门',
  });
  expect(r.body.availableActions).toEqual(expect.arrayContaining(['start', 'submit', 'dismiss']));
  expect(r.body.availableActions).not.toContain('confirm');
  const id = r.body.id as string;

  const detail = await env.req('GET', `/api/v1/hazards/${id}`, { token: safety.token });
  expect(detail.body.events).toHaveLength(1);
  expect(detail.body.events[0]).toMatchObject({
    action: 'register',
    fromStatus: null,
    toStatus: 'confirmed',
    role: 'safety_officer',
    lat: 29.3,
    photos: [{ id: photo }],
  });
  expect(detail.body.events[0].comment).toContain('电话投诉');
  expect(detail.body.events[0].comment).toContain(`期限 ${deadline}`);

  // The enterprise's people are told to rectify; the other enterprise is not; the office gets no "to confirm".
  const toA = await until(
    () => notesFor(staffA.token, id),
    (n) => n.length > 0,
  );
  expect(toA).toHaveLength(1);
  expect(toA[0]).toMatchObject({ kind: 'hazard.confirm' });
  expect(toA[0]!.body).toContain('登记测试企业甲');
  expect(await notesFor(staffB.token, id)).toHaveLength(0);
  expect((await notesFor(safety.token, id)).filter((n) => n.kind === 'hazard.report')).toHaveLength(0);

  // The next escalation stage is set on the hazard (the bucketed alarms of escalation/alarms.ts), before the deadline.
  const alarm = await until(
    async () => (await tenantEm(env.api.c.orm, zone.tenant.id).fork().findOne(Hazard, { id }))?.nextEscalationAt ?? null,
    (at) => at !== null,
  );
  expect(alarm).toBeInstanceOf(Date);
  expect(alarm!.getTime()).toBeLessThanOrEqual(new Date(r.body.deadline).getTime());
  expect(alarm!.getTime()).toBeGreaterThan(Date.now() - 60_000);

  // The enterprise works it like any confirmed hazard; the other enterprise does not see it.
  expect((await env.req('GET', `/api/v1/hazards/${id}`, { token: staffB.token })).status).toBe(404);
  const start = await env.req('POST', `/api/v1/hazards/${id}/transitions`, {
    token: staffA.token,
    body: { action: 'start', version: r.body.version },
  });
  expect(start.body.status).toBe('rectifying');
});

test('a major registration names its clauses; without a deadline it takes the zone default', async () => {
  const r = await register(safety.token, {
    enterpriseId: entB.id,
    source: 'authority_assigned',
    categoryCode: 'dust',
    description: '市应急局交办：干式除尘系统未设置泄爆装置',
    grade: 'major',
    deadline: undefined,
    majorChecklistItems: ['11-3'],
    responsibleName: '李四',
    responsibleUserId: staffB.id,
  });
  expect(r.status).toBe(201);
  const settings = (await env.req('GET', '/api/v1/tenant', { token: zone.token })).body.settings;
  expect(r.body).toMatchObject({
    status: 'confirmed',
    grade: 'major',
    treatment: 'deadline',
    majorChecklistItems: ['11-3'],
    responsibleName: '李四',
    responsibleUserId: staffB.id,
    deadlineDate: addDays(today(), settings?.hazardDeadlineDays?.major ?? 30),
  });
  // Enterprise A never sees B's hazard.
  expect((await env.req('GET', `/api/v1/hazards/${r.body.id}`, { token: staffA.token })).status).toBe(404);
});

test('hostile and wrong registrations: a problem+json 4xx each, and nothing is written', async () => {
  const em = tenantEm(env.api.c.orm, zone.tenant.id);
  const before = await em.count(Hazard, {});
  const foreignPhoto = await upload(other.token);
  const cases: Array<[string, () => ReturnType<typeof register>, number, string?]> = [
    ['another zone’s enterprise', () => register(safety.token, { enterpriseId: foreignEnt.id }), 404],
    ['a deadline in the past', () => register(safety.token, { deadline: addDays(today(), -1) }), 400, 'deadline'],
    ['a deadline years away (2099)', () => register(safety.token, { deadline: '2099-12-30' }), 400, 'deadline'],
    ['not a date', () => register(safety.token, { deadline: '2026-13-40' }), 400, 'deadline'],
    ['another zone’s photo', () => register(safety.token, { photoIds: [foreignPhoto] }), 404],
    ['an unknown photo', () => register(safety.token, { photoIds: ['01a20af3-0000-7000-8000-000000000000'] }), 404],
    ['major without a clause', () => register(safety.token, { grade: 'major' }), 400, 'majorChecklistItems'],
    [
      'major with an unknown clause',
      () => register(safety.token, { grade: 'major', majorChecklistItems: ['99-9'] }),
      400,
      'majorChecklistItems',
    ],
    [
      'general with a major clause',
      () => register(safety.token, { grade: 'general', majorChecklistItems: ['11-3'] }),
      400,
      'grade',
    ],
    [
      'major fixed at once',
      () => register(safety.token, { grade: 'major', majorChecklistItems: ['11-3'], treatment: 'immediate' }),
      400,
      'treatment',
    ],
    ['a grade that is not one', () => register(safety.token, { grade: 'catastrophic' }), 400, 'grade'],
    ['a deadline without a grade', () => register(safety.token, { grade: undefined }), 400, 'grade'],
    ['another zone’s category', () => register(safety.token, { categoryCode: 'no_such_category' }), 400, 'categoryCode'],
    [
      'graded and fixed on the spot',
      () => register(safety.token, { fixedOnSpot: { photoIds: ['01a20af3-0000-7000-8000-000000000000'], measures: '当场清理' } }),
      404, // the unknown photo is found first
    ],
    [
      'a responsible account of another enterprise',
      () => register(safety.token, { responsibleUserId: staffB.id }),
      400,
      'responsibleUserId',
    ],
    ['a responsible account of another zone', () => register(safety.token, { responsibleUserId: foreignUser.id }), 404],
    ['a blank responsible name', () => register(safety.token, { responsibleName: '   ' }), 400, 'responsibleName'],
    ['an unknown field', () => register(safety.token, { supervisor: 'x' }), 400],
    // Who may register: those who may confirm. Everyone else reports as before.
    ['a grid worker grading', () => register(grid.token, { source: 'grid_patrol' }), 403],
    ['an enterprise grading its own', () => register(staffA.token, { source: 'self_check' }), 403],
    ['an enterprise grading another', () => register(staffA.token, { enterpriseId: entB.id, source: 'self_check' }), 404],
    ['a grid worker setting a deadline only', () => register(grid.token, { source: 'grid_patrol', grade: undefined }), 403],
    ['another zone’s officer', () => register(other.token), 404],
  ];
  const seen: string[] = [];
  for (const [name, call, status, path] of cases) {
    const r = await call();
    seen.push(`${name}: ${r.status}`);
    expect(`${name}: ${r.status}`).toBe(`${name}: ${status}`);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(typeof r.body.title).toBe('string');
    if (path) expect(r.body.errors?.map((e: { path: string }) => e.path)).toContain(path);
  }
  // Fixed on the spot together with a grade, with a real photo this time.
  const photo = await upload(safety.token);
  const both = await register(safety.token, { fixedOnSpot: { photoIds: [photo], measures: '当场清理' } });
  expect(both.status).toBe(400);
  expect(both.body.errors[0].path).toBe('fixedOnSpot');
  expect(await em.count(Hazard, {})).toBe(before);
  expect(seen).toHaveLength(cases.length);
});

test('the problem details speak the caller’s language', async () => {
  const zh = await register(safety.token, { grade: 'major' });
  expect(zh.body.errors[0].message).toContain('部令第10号');
  const en = await register(safety.token, { grade: 'major' }, { 'accept-language': 'en' });
  expect(en.body.errors[0].message).toContain('MEM Order No. 10');
  const past = await register(safety.token, { deadline: addDays(today(), -3) }, { 'accept-language': 'en' });
  expect(past.body.errors[0].message).toContain('cannot be before today');
});

test('double submit: one Idempotency-Key registers once; a changed body under the same key is refused', async () => {
  const em = tenantEm(env.api.c.orm, zone.tenant.id);
  const before = await em.count(Hazard, {});
  const key = 'register-0001';
  const [a, b] = await Promise.all([
    register(safety.token, {}, { 'idempotency-key': key }),
    register(safety.token, {}, { 'idempotency-key': key }),
  ]);
  expect([a.status, b.status].sort()).toEqual([201, 201]);
  expect(a.body.id).toBe(b.body.id);
  expect((await register(safety.token, {}, { 'idempotency-key': key })).body.id).toBe(a.body.id);
  expect(await em.count(Hazard, {})).toBe(before + 1);
  expect((await register(safety.token, { description: '另一段描述的隐患' }, { 'idempotency-key': key })).status).toBe(422);
});

test('reporting without a grade is unchanged: grid workers, enterprise staff and the office itself land in 待确认', async () => {
  const base = { grade: undefined, deadline: undefined };
  const g = await register(grid.token, { ...base, source: 'grid_patrol' });
  expect(g.status).toBe(201);
  expect(g.body).toMatchObject({ status: 'reported', grade: null, deadline: null, responsibleName: null });
  const e = await register(staffA.token, { ...base, source: 'self_check' });
  expect(e.body).toMatchObject({ status: 'reported', source: 'self_check' });
  expect((await register(staffA.token, { ...base, source: 'phone_complaint' })).status).toBe(400);
  const o = await register(safety.token, { ...base, source: 'safety_inspection' });
  expect(o.body.status).toBe('reported');
  const d = await env.req('GET', `/api/v1/hazards/${g.body.id}`, { token: safety.token });
  expect(d.body.events.map((x: { action: string }) => x.action)).toEqual(['report']);
  // The report still rings the office's bell as "to confirm".
  const office = await until(
    () => notesFor(safety.token, g.body.id),
    (n) => n.length > 0,
  );
  expect(office[0]!.kind).toBe('hazard.report');
});

test('confirming a reported hazard follows the same rules as registering one (one decision for both)', async () => {
  const reported = await register(staffA.token, { grade: undefined, deadline: undefined, source: 'self_check' });
  expect(reported.status).toBe(201);
  const id = reported.body.id as string;
  const confirm = async (body: Record<string, unknown>) => {
    const h = await env.req('GET', `/api/v1/hazards/${id}`, { token: safety.token });
    return env.req('POST', `/api/v1/hazards/${id}/transitions`, {
      token: safety.token,
      body: { action: 'confirm', version: h.body.version, responsibleName: '王工', ...body },
    });
  };
  const cases: Array<[string, Record<string, unknown>, number, string?]> = [
    // B's account would be sent A's hazard (and its reminders): refused as in a registration.
    ['a responsible account of another enterprise', { grade: 'general', responsibleUserId: staffB.id }, 400, 'responsibleUserId'],
    ['a responsible account of another zone', { grade: 'general', responsibleUserId: foreignUser.id }, 404],
    ['major fixed at once', { grade: 'major', majorChecklistItems: ['11-3'], treatment: 'immediate' }, 400, 'treatment'],
    ['general with a major clause', { grade: 'general', majorChecklistItems: ['11-3'] }, 400, 'grade'],
    ['no grade', {}, 400, 'grade'],
    ['a deadline years away', { grade: 'general', deadline: '2099-12-30' }, 400, 'deadline'],
  ];
  for (const [name, body, status, path] of cases) {
    const r = await confirm(body);
    expect(`${name}: ${r.status}`).toBe(`${name}: ${status}`);
    if (path) expect(r.body.errors?.map((e: { path: string }) => e.path)).toContain(path);
  }
  // Nothing happened: still reported, and B's account heard nothing of it.
  expect((await env.req('GET', `/api/v1/hazards/${id}`, { token: safety.token })).body.status).toBe('reported');
  expect(await notesFor(staffB.token, id)).toEqual([]);
  const ok = await confirm({ grade: 'general', responsibleUserId: staffA.id, deadline: addDays(today(), 3) });
  expect(ok.status).toBe(200);
  expect(ok.body).toMatchObject({ status: 'confirmed', responsibleUserId: staffA.id });
});
