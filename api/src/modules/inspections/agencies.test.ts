import { addDays, localDate } from '@yuanan/domain';
import type { Actor } from '../../core/context/request-scope.ts';
import { actorOf, createEnterprise, inZone } from '../../testing/scope-fixtures.ts';
import { createTestEnv, userWithRole, zoneWithAdmin, type TestEnv } from '../../testing/test-env.ts';
import { User } from '../identity/identity.entity.ts';
import { InspectionTask, InspectionTemplate } from './inspection.entity.ts';
import { canPerformInspectionTask, inspectionTaskWhere, visibleInspectionTask } from './inspection-scope.ts';

const TZ = 'Asia/Shanghai';
const today = () => localDate(new Date(), TZ);

let env: TestEnv;
let zone: Awaited<ReturnType<typeof zoneWithAdmin>>;
let other: Awaited<ReturnType<typeof zoneWithAdmin>>;
let entA: string;
let entB: string;
let entOther: string;
let inspector: Awaited<ReturnType<typeof userWithRole>>;
let inspector2: Awaited<ReturnType<typeof userWithRole>>;
let otherUser: Awaited<ReturnType<typeof userWithRole>>;
let templateId: string;

const api = (method: string, path: string, token = zone.token, body?: unknown) =>
  env.req(method, `/api/v1${path}`, { token, body });

const enterprise = (z: typeof zone, i: number) => createEnterprise(env, z.token, `MA3J${i}000`, `检查测试企业${i}`);

/** A task made directly (generation is tested with the plans). */
async function task(extra: Partial<InspectionTask> & { enterpriseId: string }): Promise<string> {
  return inZone(env, zone.tenant.id, async (em) => {
    const t = em.create(InspectionTask, {
      planId: null,
      gridId: null,
      templateId,
      kind: 'routine',
      assigneeUserId: null,
      assigneeRole: null,
      agencyId: null,
      periodKey: today(),
      startAt: new Date(Date.now() - 3600_000),
      dueAt: new Date(Date.now() + 86400_000),
      status: 'open',
      ...extra,
    } as never);
    await em.flush();
    return t.id;
  });
}

async function visibleIds(actor: Actor, now?: Date): Promise<string[]> {
  return inZone(env, zone.tenant.id, async (em) =>
    (await em.find(InspectionTask, await inspectionTaskWhere(em, actor, { timeZone: TZ }, now), { fields: ['id'] })).map(
      (t) => t.id,
    ),
  );
}

beforeAll(async () => {
  env = await createTestEnv();
  zone = await zoneWithAdmin(env, 'iagy');
  other = await zoneWithAdmin(env, 'iagyb');
  entA = await enterprise(zone, 1);
  entB = await enterprise(zone, 2);
  entOther = await enterprise(other, 3);
  inspector = await userWithRole(env, zone, 'inspector');
  inspector2 = await userWithRole(env, zone, 'inspector');
  otherUser = await userWithRole(env, other, 'inspector');
  templateId = await inZone(
    env,
    zone.tenant.id,
    async (em) => (await em.findOneOrFail(InspectionTemplate, { code: 'default_fire_safety' })).id,
  );
});
afterAll(() => env.close());

test('agencies: members are the zone’s inspectors; bad input is problem+json; another zone’s ids are 404', async () => {
  const body = {
    name: '金华安评技术服务有限公司',
    contactName: '赵敏',
    contactPhone: '+86 139 0579 0103',
    memberUserIds: [inspector.id],
  };
  const created = await api('POST', '/inspection-agencies', zone.token, body);
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({
    contactPhone: '13905790103',
    memberUserIds: [inspector.id],
    members: [{ id: inspector.id, role: 'inspector' }],
    activeContracts: 0,
  });
  const safety = await userWithRole(env, zone, 'safety_officer');
  const notInspector = await api('POST', '/inspection-agencies', zone.token, { ...body, memberUserIds: [safety.id] });
  expect([notInspector.status, notInspector.body.errors?.[0]?.path]).toEqual([400, 'memberUserIds']);
  expect((await api('POST', '/inspection-agencies', zone.token, { ...body, memberUserIds: [otherUser.id] })).status).toBe(404);
  expect((await api('POST', '/inspection-agencies', zone.token, { ...body, contactPhone: '12345' })).status).toBe(400);
  expect((await api('POST', '/inspection-agencies', zone.token, { ...body, name: '' })).headers.get('content-type')).toContain(
    'application/problem+json',
  );

  const patched = await api('PATCH', `/inspection-agencies/${created.body.id}`, zone.token, {
    memberUserIds: [inspector.id, inspector2.id],
  });
  expect(patched.body.members.map((m: any) => m.id).sort()).toEqual([inspector.id, inspector2.id].sort());
  expect((await api('PATCH', `/inspection-agencies/${created.body.id}`, other.token, { name: '越权' })).status).toBe(404);
  expect((await api('GET', '/inspection-agencies', other.token)).body.items).toEqual([]);
  // Inspectors do not manage agencies.
  expect((await api('GET', '/inspection-agencies', inspector.token)).status).toBe(403);
});

test('contracts: dates in order, the zone’s own enterprises and agency; active from startDate to endDate', async () => {
  const agency = (
    await api('POST', '/inspection-agencies', zone.token, {
      name: '合同测试机构',
      contactName: '钱进',
      contactPhone: '13905790104',
      memberUserIds: [],
    })
  ).body.id;
  const body = { agencyId: agency, name: '年度服务合同', enterpriseIds: [entA], startDate: today(), endDate: today() };
  const created = await api('POST', '/inspection-contracts', zone.token, body);
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ agencyName: '合同测试机构', active: true, templateIds: [] });

  expect((await api('POST', '/inspection-contracts', zone.token, { ...body, endDate: addDays(today(), -1) })).status).toBe(400);
  expect((await api('POST', '/inspection-contracts', zone.token, { ...body, enterpriseIds: [entOther] })).status).toBe(404);
  expect((await api('POST', '/inspection-contracts', zone.token, { ...body, enterpriseIds: [] })).status).toBe(400);
  const foreignAgency = (
    await api('POST', '/inspection-agencies', other.token, { name: '他区机构', contactName: '孙', contactPhone: '13905790105' })
  ).body.id;
  expect((await api('POST', '/inspection-contracts', zone.token, { ...body, agencyId: foreignAgency })).status).toBe(404);
  expect((await api('PATCH', `/inspection-contracts/${created.body.id}`, other.token, { name: '越权' })).status).toBe(404);
  // A change that would put the end before the start is refused, whichever field is sent.
  const bad = await api('PATCH', `/inspection-contracts/${created.body.id}`, zone.token, { startDate: addDays(today(), 1) });
  expect([bad.status, bad.body.errors?.[0]?.path]).toEqual([400, 'endDate']);

  const ended = await api('PATCH', `/inspection-contracts/${created.body.id}`, zone.token, {
    startDate: addDays(today(), -30),
    endDate: addDays(today(), -1),
  });
  expect(ended.body.active).toBe(false);
  const list = await api('GET', `/inspection-contracts?agencyId=${agency}&active=false`);
  expect(list.body.items.map((c: any) => c.id)).toEqual([created.body.id]);
  expect((await api('GET', `/inspection-contracts?agencyId=${agency}&active=true`)).body.items).toEqual([]);
});

test('scope: an inspector sees their agency’s tasks of contracted enterprises only inside the contract window (zone dates)', async () => {
  const agency = (
    await api('POST', '/inspection-agencies', zone.token, {
      name: '窗口测试机构',
      contactName: '周',
      contactPhone: '13905790106',
      memberUserIds: [inspector.id],
    })
  ).body.id;
  const contract = (
    await api('POST', '/inspection-contracts', zone.token, {
      agencyId: agency,
      name: '窗口合同',
      enterpriseIds: [entA],
      startDate: '2027-03-01',
      endDate: '2027-03-31',
    })
  ).body.id;
  const mine = await task({ enterpriseId: entA, agencyId: agency });
  const assignedToMe = await task({ enterpriseId: entA, assigneeUserId: inspector.id });
  const notContracted = await task({ enterpriseId: entB, agencyId: agency });
  const gridWorkers = await task({ enterpriseId: entA, assigneeRole: 'grid_worker' });
  const me = actorOf(inspector, 'inspector');

  // 2027-03-31 23:59:59 in Shanghai is 15:59:59 UTC: still the contract's last day. One second later it is over.
  const lastSecond = new Date('2027-03-31T15:59:59Z');
  const dayAfter = new Date('2027-03-31T16:00:00Z');
  const firstDay = new Date('2027-02-28T16:00:00Z');
  const dayBefore = new Date('2027-02-28T15:59:59Z');
  expect((await visibleIds(me, lastSecond)).sort()).toEqual([mine, assignedToMe].sort());
  expect((await visibleIds(me, firstDay)).sort()).toEqual([mine, assignedToMe].sort());
  expect(await visibleIds(me, dayAfter)).toEqual([]);
  expect(await visibleIds(me, dayBefore)).toEqual([]);
  await expect(
    inZone(env, zone.tenant.id, (em) => visibleInspectionTask(em, me, { timeZone: TZ }, mine, dayAfter)),
  ).rejects.toMatchObject({ status: 404 });
  expect(await visibleIds(me, lastSecond)).not.toContain(notContracted);
  expect(await visibleIds(me, lastSecond)).not.toContain(gridWorkers);
  // An inspector of no agency sees nothing, even a task naming them.
  expect(await visibleIds(actorOf(inspector2, 'inspector'), lastSecond)).toEqual([]);

  // Perform: their agency's or their own tasks; never the grid worker's.
  const coverage = [agency];
  const load = (id: string) => inZone(env, zone.tenant.id, (em) => em.findOneOrFail(InspectionTask, { id }));
  expect(canPerformInspectionTask(me, await load(mine), coverage)).toBe(true);
  expect(canPerformInspectionTask(me, await load(assignedToMe), coverage)).toBe(true);
  expect(canPerformInspectionTask(me, await load(gridWorkers), coverage)).toBe(false);

  // Over HTTP, today: a contract ending today still shows the task; ended yesterday, the task is 404.
  await api('PATCH', `/inspection-contracts/${contract}`, zone.token, { startDate: addDays(today(), -10), endDate: today() });
  const seen = await api('GET', `/inspection-tasks/${mine}`, inspector.token);
  expect(seen.status).toBe(200);
  const reported = await api('POST', '/hazards', inspector.token, {
    enterpriseId: entA,
    source: 'third_party',
    categoryCode: 'electrical',
    description: '配电箱门缺失，线路裸露',
    place: '二号车间',
  });
  expect(reported.status).toBe(201);
  expect((await api('GET', `/hazards/${reported.body.id}`, inspector.token)).status).toBe(200);
  await api('PATCH', `/inspection-contracts/${contract}`, zone.token, { endDate: addDays(today(), -1) });
  // The day after the contract ends the inspector sees nothing of the enterprise, their own reports included.
  expect((await api('GET', `/hazards/${reported.body.id}`, inspector.token)).status).toBe(404);
  expect((await api('GET', '/hazards', inspector.token)).body.total).toBe(0);
  const gone = await api('GET', `/inspection-tasks/${mine}`, inspector.token);
  expect([gone.status, gone.headers.get('content-type')]).toEqual([404, expect.stringContaining('application/problem+json')]);
  expect(
    (
      await api('POST', `/inspection-tasks/${mine}/check-in`, inspector.token, {
        method: 'gps',
        lat: 29,
        lng: 119,
        at: new Date().toISOString(),
      })
    ).status,
  ).toBe(404);
});

test('scope: grid workers, enterprise users, office and other zones', async () => {
  const gridId = (await api('POST', '/catalog', zone.token, { kind: 'grid', code: 'g-scope', name: '范围网格' })).body.id;
  const grid = await userWithRole(env, zone, 'grid_worker');
  await inZone(env, zone.tenant.id, async (em) => {
    const u = await em.findOneOrFail(User, { id: grid.id });
    u.gridIds = [gridId];
    await em.flush();
  });
  const inGrid = await task({ enterpriseId: entA, gridId, assigneeRole: 'grid_worker' });
  const assigned = await task({ enterpriseId: entB, assigneeUserId: grid.id });
  const elsewhere = await task({ enterpriseId: entB });
  const selfCheck = await task({ enterpriseId: entA, kind: 'self_check', assigneeRole: 'enterprise_admin' });

  expect((await visibleIds(actorOf(grid, 'grid_worker'))).sort()).toEqual([inGrid, assigned].sort());
  const staff = actorOf({ id: 'u' }, 'enterprise_staff', entA);
  const visible = await visibleIds(staff);
  expect(visible).toContain(selfCheck);
  expect(visible).not.toContain(elsewhere);
  expect(await visibleIds(actorOf({ id: 'u' }, 'enterprise_staff', null))).toEqual([]);
  expect(await visibleIds(actorOf({ id: 'u' }, 'rescue_member'))).toEqual([]);
  expect(await visibleIds(actorOf({ id: 'u' }, 'safety_officer'))).toEqual(
    expect.arrayContaining([inGrid, assigned, elsewhere, selfCheck]),
  );

  const load = (id: string) => inZone(env, zone.tenant.id, (em) => em.findOneOrFail(InspectionTask, { id }));
  // Enterprise users perform only their own enterprise's self-inspections.
  expect(canPerformInspectionTask(staff, await load(selfCheck))).toBe(true);
  expect(canPerformInspectionTask(staff, await load(inGrid))).toBe(false);
  expect(canPerformInspectionTask(actorOf({ id: 'u' }, 'enterprise_staff', entB), await load(selfCheck))).toBe(false);
  expect(canPerformInspectionTask(actorOf(grid, 'grid_worker'), await load(inGrid))).toBe(true);
  expect(canPerformInspectionTask(actorOf({ id: 'u' }, 'city_supervisor'), await load(inGrid))).toBe(false);

  // Another zone's admin: the task does not exist.
  expect((await api('GET', `/inspection-tasks/${inGrid}`, other.token)).status).toBe(404);
  expect(
    await inZone(env, other.tenant.id, async (em) => em.count(InspectionTask, { id: { $in: [inGrid, assigned, elsewhere] } })),
  ).toBe(0);
});
