/**
 * The demo's city supervision (issue 14 §7) on two bare zones named like the demo's: bureau yiwu reads siqi and suxi
 * (grants to the end of 2027), jinhua's grant over siqi ended last month (nothing to read, an old trail), a few weeks
 * of reads for both zones to see — and seeding again adds nothing.
 */
import { runInScope } from '../../core/context/request-scope.ts';
import { createTestEnv, zoneWithAdmin, type TestEnv } from '../../testing/test-env.ts';
import { seedDemoSupervision } from './demo-supervision.ts';

let env: TestEnv;
const password = 'Demo@Yuanan2026';
const seed = () =>
  runInScope({ requestId: 'seed', tenantId: null, em: null, actor: null, ip: null, userAgent: 'seed', action: 'demo.seed' }, () =>
    seedDemoSupervision(env.api.c, env.api.services, password, '沈立航'),
  );
const login = async (tenant: string, username: string) =>
  (await env.req('POST', '/api/v1/auth/login', { body: { tenant, username, password } })).body;

beforeAll(async () => {
  env = await createTestEnv();
}, 60_000);
afterAll(() => env.close());

test('yiwu reads siqi and suxi until the end of 2027; jinhua’s grant ended; reads on record; idempotent', async () => {
  const siqi = await zoneWithAdmin(env, 'siqi', '开发区四期');
  const suxi = await zoneWithAdmin(env, 'suxi', '苏溪工业功能区');
  const first = await seed();
  expect(first).toMatchObject({ bureaus: ['yiwu', 'jinhua'], grants: 3 });
  expect(first.reads).toBeGreaterThan(40);

  const city = await login('yiwu', 'city');
  expect(city.user).toMatchObject({
    name: '冯立群',
    role: 'city_supervisor',
    tenant: { kind: 'bureau', name: '义乌市应急管理局' },
  });
  const zones = await env.req('GET', '/api/v1/supervision/zones', { token: city.accessToken });
  expect(zones.body.map((z: { code: string }) => z.code)).toEqual(['siqi', 'suxi']);
  expect(zones.body[0].validUntil).toBe('2027-12-31T16:00:00.000Z');

  const jh = await login('jinhua', 'jhcity');
  expect((await env.req('GET', '/api/v1/supervision/zones', { token: jh.accessToken })).body).toEqual([]);
  expect((await env.req('POST', `/api/v1/supervision/zones/${siqi.tenant.id}/enter`, { token: jh.accessToken })).status).toBe(
    404,
  );
  const from = new Date(Date.now() - 80 * 86_400_000).toISOString().slice(0, 10);
  const jhTrail = await env.req('GET', `/api/v1/supervision/reads?from=${from}`, { token: jh.accessToken });
  expect(jhTrail.body.total).toBeGreaterThan(0);

  // the zone sees both bureaus in its log; suxi only yiwu
  const siqiLog = await env.req('GET', `/api/v1/supervision-reads?from=${from}&pageSize=200`, { token: siqi.token });
  expect(new Set(siqiLog.body.days.map((d: { name: string }) => d.name))).toEqual(
    new Set(['义乌市应急管理局', '金华市应急管理局']),
  );
  const suxiLog = await env.req('GET', '/api/v1/supervision-reads', { token: suxi.token });
  expect(suxiLog.body.total).toBeGreaterThan(0);
  expect(new Set(suxiLog.body.items.map((r: { bureauName: string }) => r.bureauName))).toEqual(new Set(['义乌市应急管理局']));

  // the grants are in the bureaus' and the zone's own trails (操作留痕), as if made in the console; jinhua's was ended
  const trail = async (token: string) =>
    (
      (await env.req('GET', '/api/v1/audit?entityType=SupervisionGrant&pageSize=100', { token })).body.items as Array<{
        action: string;
      }>
    ).map((a) => a.action);
  expect(await trail(city.accessToken)).toEqual(['supervision.grants.create', 'supervision.grants.create']);
  expect((await trail(jh.accessToken)).sort()).toEqual(['supervision.grants.create', 'supervision.grants.update']);
  expect((await trail(siqi.token)).filter((a) => a === 'supervision.grants.create')).toHaveLength(2);

  expect(await seed()).toEqual({ bureaus: ['yiwu', 'jinhua'], grants: 0, reads: 0 });
}, 60_000);
