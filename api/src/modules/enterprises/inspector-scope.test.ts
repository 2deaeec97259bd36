import { addDays, localDate } from '@yuanan/domain';
import { actorOf, createEnterprise, inZone } from '../../testing/scope-fixtures.ts';
import { createTestEnv, userWithRole, zoneWithAdmin, type TestEnv } from '../../testing/test-env.ts';
import { hazardWhere } from '../hazards/hazard-scope.ts';
import { Hazard } from '../hazards/hazard.entity.ts';
import { enterpriseWhere } from './enterprise-scope.ts';
import { Enterprise } from './enterprise.entity.ts';

/**
 * The enterprise scope of a third-party inspector (检查机构人员), seen from the inspector's side: read only, exactly the
 * enterprises a contract of their agency covers today in the zone's time zone (end day included, nothing the day
 * after), and the hazards of those enterprises (plus their own reports).
 */

// Not Shanghai: the zone's own time zone must be the one that decides the day (UTC+6).
const TZ = 'Asia/Urumqi';
const today = () => localDate(new Date(), TZ);

let env: TestEnv;
let zone: Awaited<ReturnType<typeof zoneWithAdmin>>;
let other: Awaited<ReturnType<typeof zoneWithAdmin>>;
let entA: string;
let entB: string;
let entC: string;
let inspector: Awaited<ReturnType<typeof userWithRole>>;
let loner: Awaited<ReturnType<typeof userWithRole>>;
let safety: Awaited<ReturnType<typeof userWithRole>>;
let agency: string;

const api = (method: string, path: string, token = zone.token, body?: unknown, headers?: Record<string, string>) =>
  env.req(method, `/api/v1${path}`, { token, body, headers });

const enterprise = (z: typeof zone, i: number, extra: Record<string, unknown> = {}) =>
  createEnterprise(env, z.token, `MA3K${i}000`, `检查范围企业${i}`, extra);

async function report(token: string, enterpriseId: string, source: string) {
  return api('POST', '/hazards', token, {
    enterpriseId,
    source,
    categoryCode: 'electrical',
    description: '配电箱门缺失，线路裸露',
    place: '二号车间',
  });
}

const listIds = async (token: string) => {
  const r = await api('GET', '/enterprises?pageSize=100', token);
  expect(r.status).toBe(200);
  return { total: r.body.total as number, ids: (r.body.items as { id: string }[]).map((e) => e.id).sort() };
};
const hazardIds = async (token: string) =>
  ((await api('GET', '/hazards?pageSize=200', token)).body.items as { id: string }[]).map((h) => h.id);

async function contract(enterpriseIds: string[], startDate: string, endDate: string): Promise<string> {
  const r = await api('POST', '/inspection-contracts', zone.token, {
    agencyId: agency,
    name: '服务合同',
    enterpriseIds,
    startDate,
    endDate,
  });
  if (r.status !== 201) throw new Error(JSON.stringify(r.body));
  return r.body.id;
}

beforeAll(async () => {
  env = await createTestEnv();
  zone = await zoneWithAdmin(env, 'iscope');
  other = await zoneWithAdmin(env, 'iscopeb');
  expect((await api('PATCH', '/tenant', zone.token, { timeZone: TZ })).status).toBe(200);
  entA = await enterprise(zone, 1, { lat: 29.29, lng: 120.13 });
  entB = await enterprise(zone, 2, { lat: 29.3, lng: 120.14 });
  entC = await enterprise(zone, 3);
  await enterprise(other, 4);
  inspector = await userWithRole(env, zone, 'inspector');
  loner = await userWithRole(env, zone, 'inspector');
  safety = await userWithRole(env, zone, 'safety_officer');
  const r = await api('POST', '/inspection-agencies', zone.token, {
    name: '范围测试安评机构',
    contactName: '周',
    contactPhone: '13905790116',
    memberUserIds: [inspector.id],
  });
  agency = r.body.id;
});
afterAll(() => env.close());

test('the day boundaries are the zone’s: covered from startDate to endDate inclusive, nothing the day after', async () => {
  await contract([entC], '2027-03-01', '2027-03-31');
  const me = actorOf(inspector, 'inspector');
  // Read without the caller's tenant: the zone's time zone (UTC+6) comes from the zone row.
  const at = (iso: string) => inZone(env, zone.tenant.id, (em) => enterpriseWhere(em, me, undefined, new Date(iso)));
  expect(await at('2027-02-28T17:59:59Z')).toBeNull(); // 2027-02-28 23:59:59 in the zone
  expect(await at('2027-02-28T18:00:00Z')).toEqual({ id: { $in: [entC] } });
  expect(await at('2027-03-31T17:59:59Z')).toEqual({ id: { $in: [entC] } }); // the end day's last second
  // 00:30 on 1 April in Shanghai, still 31 March in the zone: covered.
  expect(await at('2027-03-31T16:30:00Z')).toEqual({ id: { $in: [entC] } });
  expect(await at('2027-03-31T18:00:00Z')).toBeNull(); // the day after
  // Passed by the caller, the tenant's time zone is the one used.
  const shanghai = await inZone(env, zone.tenant.id, (em) =>
    enterpriseWhere(em, me, { timeZone: 'Asia/Shanghai' }, new Date('2027-03-31T16:30:00Z')),
  );
  expect(shanghai).toBeNull();
  // Not a member of the agency, or no zone at all: nothing (fail closed).
  expect(
    await inZone(env, zone.tenant.id, (em) =>
      enterpriseWhere(em, actorOf(loner, 'inspector'), undefined, new Date('2027-03-15T06:00:00Z')),
    ),
  ).toBeNull();
  expect(await enterpriseWhere(env.api.c.orm.em.fork(), me, undefined, new Date('2027-03-15T06:00:00Z'))).toBeNull();
  // Other roles are unchanged.
  expect(await inZone(env, zone.tenant.id, (em) => enterpriseWhere(em, actorOf(safety, 'safety_officer')))).toEqual({});
  // Within the window the enterprises found are exactly the covered one.
  const found = await inZone(env, zone.tenant.id, async (em) =>
    (await em.find(Enterprise, (await enterpriseWhere(em, me, undefined, new Date('2027-03-15T06:00:00Z')))!)).map((e) => e.id),
  );
  expect(found).toEqual([entC]);
});

test('an inspector reads exactly the enterprises and hazards their agency’s contract covers today; the day after, none', async () => {
  // Before any contract in force: nothing.
  expect(await listIds(inspector.token)).toEqual({ total: 0, ids: [] });
  expect((await api('GET', `/enterprises/${entA}`, inspector.token)).status).toBe(404);

  const hazardA = (await report(safety.token, entA, 'safety_inspection')).body.id as string;
  const hazardB = (await report(safety.token, entB, 'safety_inspection')).body.id as string;
  expect(await hazardIds(inspector.token)).toEqual([]);
  expect((await api('GET', `/hazards/${hazardA}`, inspector.token)).status).toBe(404);

  // A contract ending today (zone date): A is covered, B and C (C's contract is in 2027) are not.
  const c = await contract([entA], addDays(today(), -10), today());
  expect(await listIds(inspector.token)).toEqual({ total: 1, ids: [entA] });
  const a = await api('GET', `/enterprises/${entA}`, inspector.token);
  expect([a.status, a.body.id]).toEqual([200, entA]);
  const b = await api('GET', `/enterprises/${entB}`, inspector.token);
  expect([b.status, b.headers.get('content-type')]).toEqual([404, expect.stringContaining('application/problem+json')]);
  expect((await api('GET', `/enterprises/${entC}`, inspector.token)).status).toBe(404);
  expect((await api('GET', `/enterprises/${entA}/history`, inspector.token)).status).toBe(200);
  expect((await api('GET', `/enterprises/${entB}/major-hazard`, inspector.token)).status).toBe(404);
  // Read only: no edit of the file, not even of a covered enterprise.
  expect((await api('PATCH', `/enterprises/${entA}`, inspector.token, { name: '改名' })).status).toBe(403);
  // Another inspector of the zone (no agency) still sees nothing.
  expect(await listIds(loner.token)).toEqual({ total: 0, ids: [] });
  expect((await api('GET', `/enterprises/${entA}`, loner.token)).status).toBe(404);

  // Hazards: A's, not B's.
  expect(await hazardIds(inspector.token)).toEqual([hazardA]);
  expect((await api('GET', `/hazards/${hazardA}`, inspector.token)).status).toBe(200);
  expect((await api('GET', `/hazards/${hazardB}`, inspector.token)).status).toBe(404);
  // Reporting: on a covered enterprise (third party), never on another.
  const own = await report(inspector.token, entA, 'third_party');
  expect(own.status).toBe(201);
  expect((await report(inspector.token, entB, 'third_party')).status).toBe(404);
  expect((await hazardIds(inspector.token)).sort()).toEqual([hazardA, own.body.id].sort());

  // The risk map shows A only; its ETag is the inspector's scope too (it changes with the contract).
  const map = await api('GET', '/risk/map?view=geo', inspector.token);
  expect(map.status).toBe(200);
  expect(map.body.markers.map((m: { id: string }) => m.id)).toEqual([entA]);

  // The contract ended yesterday: the day after its end, nothing.
  expect(
    (
      await api('PATCH', `/inspection-contracts/${c}`, zone.token, {
        startDate: addDays(today(), -10),
        endDate: addDays(today(), -1),
      })
    ).status,
  ).toBe(200);
  expect(await listIds(inspector.token)).toEqual({ total: 0, ids: [] });
  expect((await api('GET', `/enterprises/${entA}`, inspector.token)).status).toBe(404);
  expect((await api('GET', `/hazards/${hazardA}`, inspector.token)).status).toBe(404);
  expect((await report(inspector.token, entA, 'third_party')).status).toBe(404);
  // Not even their own report: an inspector sees the enterprise's hazards during the contract window only.
  expect(await hazardIds(inspector.token)).toEqual([]);
  expect((await api('GET', `/hazards/${own.body.id}`, inspector.token)).status).toBe(404);
  const stale = await api('GET', '/risk/map?view=geo', inspector.token, undefined, { 'if-none-match': map.headers.get('etag')! });
  expect(stale.status).toBe(200);
  expect(stale.body.markers).toEqual([]);

  // Same scope through the functions the workbench and ledgers use.
  const visibleHazards = await inZone(env, zone.tenant.id, async (em) =>
    (await em.find(Hazard, await hazardWhere(em, actorOf(inspector, 'inspector')), { fields: ['id'] })).map((h) => h.id),
  );
  expect(visibleHazards).toEqual([]);
  // The other zone's inspectors see none of this zone.
  const foreign = await userWithRole(env, other, 'inspector');
  expect(await listIds(foreign.token)).toEqual({ total: 0, ids: [] });
});
