import { buildCreditCode } from '@yuanan/domain';
import { createTestEnv, DEMO_PW, userWithRole, zoneWithAdmin, type TestEnv } from '../../testing/test-env.ts';

let env: TestEnv;
let zone: Awaited<ReturnType<typeof zoneWithAdmin>>;
let other: Awaited<ReturnType<typeof zoneWithAdmin>>;
let seq = 0;
const code = () => buildCreditCode('91', '330782', `MA2T${String(++seq).padStart(4, '0')}`);

beforeAll(async () => {
  env = await createTestEnv({ worker: true });
  zone = await zoneWithAdmin(env, 'entz');
  other = await zoneWithAdmin(env, 'entb');
});
afterAll(() => env.close());

async function enterprise(token = zone.token, extra: Record<string, unknown> = {}) {
  const r = await env.req('POST', '/api/v1/enterprises', {
    token,
    body: { creditCode: code(), name: `测试企业${seq}`, principalName: '张三', principalPhone: '13811112222', ...extra },
  });
  expect(r.status).toBe(201);
  return r.body;
}
async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  let v = await fn();
  while (!ok(v) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 150));
    v = await fn();
  }
  return v;
}
async function enterpriseUser(enterpriseId: string, role = 'enterprise_admin') {
  return userWithRole(env, zone, role, { enterpriseId });
}

test('credit code, phone and GB/T 4754 code are validated with Chinese reasons; duplicates are 409', async () => {
  const bad = await env.req('POST', '/api/v1/enterprises', {
    token: zone.token,
    body: { creditCode: '91330782MA2T0000XX', name: '坏', principalName: '张', principalPhone: '123', industryCode: 'C-26' },
  });
  expect(bad.status).toBe(400);
  const paths = Object.fromEntries(bad.body.errors.map((e: { path: string; message: string }) => [e.path, e.message]));
  expect(paths.creditCode).toContain('统一社会信用代码');
  expect(paths.principalPhone).toContain('电话');
  expect(paths.industryCode).toContain('GB/T 4754');
  expect(paths.name).toBeDefined();
  const e = await enterprise();
  const dup = await env.req('POST', '/api/v1/enterprises', {
    token: zone.token,
    body: { creditCode: e.creditCode.toLowerCase(), name: '重复', principalName: '李四' },
  });
  expect(dup.status).toBe(409);
  expect(dup.body.errors[0].message).toContain('已在本园区登记');
  // The same code is fine in another zone.
  expect(
    (
      await env.req('POST', '/api/v1/enterprises', {
        token: other.token,
        body: { creditCode: e.creditCode, name: '另一园区的同码企业', principalName: '王五' },
      })
    ).status,
  ).toBe(201);
});

test('size band is derived, tags must be the zone’s, the landlord must exist, and filters work', async () => {
  const landlord = await enterprise(zone.token, { employees: 1200, annualRevenue: 50000, keyPlaceTags: ['confined_space'] });
  expect(landlord.sizeBand).toBe('large');
  const tenantFirm = await enterprise(zone.token, {
    employees: 15,
    annualRevenue: 200,
    landlordEnterpriseId: landlord.id,
    keyPlaceTags: ['spraying', 'confined_space'],
  });
  expect(tenantFirm).toMatchObject({ sizeBand: 'micro', landlordName: landlord.name });
  const badTag = await env.req('POST', '/api/v1/enterprises', {
    token: zone.token,
    body: { creditCode: code(), name: '标签错', principalName: '张', keyPlaceTags: ['nonsense'] },
  });
  expect(badTag.status).toBe(400);
  expect(badTag.body.errors[0].message).toContain('nonsense');
  const ghostLandlord = await env.req('POST', '/api/v1/enterprises', {
    token: zone.token,
    body: { creditCode: code(), name: '房东不存在', principalName: '张', landlordEnterpriseId: other.user.id },
  });
  expect(ghostLandlord.status).toBe(404);
  const byTag = await env.req('GET', '/api/v1/enterprises?tag=spraying', { token: zone.token });
  expect(byTag.body.items.map((e: { id: string }) => e.id)).toEqual([tenantFirm.id]);
  const bySize = await env.req('GET', '/api/v1/enterprises?sizeBand=large&sort=-employees', { token: zone.token });
  expect(bySize.body.items.map((e: { id: string }) => e.id)).toContain(landlord.id);
  expect((await env.req('GET', '/api/v1/enterprises?sort=password', { token: zone.token })).status).toBe(400);
});

test('enterprise staff see and change only their own enterprise; key fields go for approval', async () => {
  const mine = await enterprise();
  const theirs = await enterprise();
  const u = await enterpriseUser(mine.id);
  const list = await env.req('GET', '/api/v1/enterprises', { token: u.token });
  expect(list.body.items.map((e: { id: string }) => e.id)).toEqual([mine.id]);
  expect((await env.req('GET', `/api/v1/enterprises/${theirs.id}`, { token: u.token })).status).toBe(404);
  expect((await env.req('PATCH', `/api/v1/enterprises/${theirs.id}`, { token: u.token, body: { employees: 1 } })).status).toBe(
    404,
  );
  expect(
    (
      await env.req('POST', `/api/v1/enterprises/${theirs.id}/supplies`, {
        token: u.token,
        body: { name: '沙袋', quantity: 1, unit: '袋' },
      })
    ).status,
  ).toBe(404);
  // Their own phone numbers are visible to them in full.
  expect((await env.req('GET', `/api/v1/enterprises/${mine.id}`, { token: u.token })).body.principalPhone).toBe('13811112222');
  const upd = await env.req('PATCH', `/api/v1/enterprises/${mine.id}`, {
    token: u.token,
    body: { employees: 88, name: '改过名的企业', principalPhone: '13900001111' },
  });
  expect(upd.status).toBe(202);
  expect(upd.body.changeRequest.fields.sort()).toEqual(['name', 'principalPhone']);
  expect(upd.body.enterprise).toMatchObject({ employees: 88, name: mine.name, pendingChange: true });
  // The safety office sees the request and approves it.
  const pending = await env.req('GET', '/api/v1/enterprise-changes?status=pending', { token: zone.token });
  const cr = pending.body.items.find((i: { id: string }) => i.id === upd.body.changeRequest.id);
  expect(cr.changes.name).toEqual([mine.name, '改过名的企业']);
  expect(
    (await env.req('POST', `/api/v1/enterprise-changes/${cr.id}/approve`, { token: zone.token, body: { comment: '已核实' } }))
      .body.status,
  ).toBe('approved');
  const after = await env.req('GET', `/api/v1/enterprises/${mine.id}`, { token: zone.token });
  expect(after.body).toMatchObject({ name: '改过名的企业', pendingChange: false });
  // Masked for a grid worker, whole for the safety office (pii.view).
  const grid = await userWithRole(env, zone, 'grid_worker');
  expect((await env.req('GET', `/api/v1/enterprises/${mine.id}`, { token: grid.token })).body.principalPhone).toBe('139****1111');
  expect(after.body.principalPhone).toBe('13900001111');
  // An enterprise user cannot approve.
  expect((await env.req('POST', `/api/v1/enterprise-changes/${cr.id}/approve`, { token: u.token, body: {} })).status).toBe(403);
  // Zone B sees none of it.
  expect((await env.req('GET', `/api/v1/enterprises/${mine.id}`, { token: other.token })).status).toBe(404);
});

test('concurrent edits: a stale version is refused with 409 and the first change is kept', async () => {
  const e = await enterprise();
  const first = await env.req('PATCH', `/api/v1/enterprises/${e.id}`, {
    token: zone.token,
    body: { employees: 10, version: e.version },
  });
  expect(first.status).toBe(200);
  const stale = await env.req('PATCH', `/api/v1/enterprises/${e.id}`, {
    token: zone.token,
    body: { employees: 99, version: e.version },
  });
  expect(stale.status).toBe(409);
  expect((await env.req('GET', `/api/v1/enterprises/${e.id}`, { token: zone.token })).body.employees).toBe(10);
});

test('supplies below minimum or expired raise tasks by themselves; fixing them closes the tasks', async () => {
  const e = await enterprise();
  const s = await env.req('POST', `/api/v1/enterprises/${e.id}/supplies`, {
    token: zone.token,
    body: { name: '正压式空气呼吸器', quantity: 1, unit: '套', location: '应急柜', minimumStock: 2, expiresOn: '2020-01-01' },
  });
  expect(s.status).toBe(201);
  expect(s.body).toMatchObject({ expired: true, belowMinimum: true });
  const open = await env.req('GET', `/api/v1/tasks?enterpriseId=${e.id}&status=open`, { token: zone.token });
  expect(open.body.items.map((t: { kind: string }) => t.kind).sort()).toEqual(['supply_below_minimum', 'supply_expired']);
  const fixed = await env.req('PUT', `/api/v1/enterprises/${e.id}/supplies/${s.body.id}`, {
    token: zone.token,
    body: { name: '正压式空气呼吸器', quantity: 3, unit: '套', location: '应急柜', minimumStock: 2, expiresOn: '2031-01-01' },
  });
  expect(fixed.body).toMatchObject({ expired: false, belowMinimum: false });
  expect((await env.req('GET', `/api/v1/tasks?enterpriseId=${e.id}&status=open`, { token: zone.token })).body.total).toBe(0);
  // Placeholder dates people type for "unknown" or "never" are refused, with what to do instead, in either language.
  for (const [expiresOn, lang] of [
    ['1900-01-01', 'zh-CN'],
    ['9999-12-31', 'en'],
  ] as const) {
    const absurd = await env.req('PUT', `/api/v1/enterprises/${e.id}/supplies/${s.body.id}`, {
      token: zone.token,
      headers: { 'accept-language': lang },
      body: { name: '正压式空气呼吸器', quantity: 3, unit: '套', expiresOn },
    });
    expect(absurd.status).toBe(400);
    expect(absurd.body.errors[0]).toMatchObject({ path: 'expiresOn' });
    expect(absurd.body.errors[0].message).toMatch(lang === 'en' ? /1950-01-01 to 2099-12-31/ : /留空/);
  }
  const cert = await env.req('POST', `/api/v1/enterprises/${e.id}/certificates`, {
    token: zone.token,
    body: {
      personName: '李工',
      certKind: 'special_operation',
      category: '电工作业',
      certNumber: 'T0001',
      issuedOn: '1900-01-01',
      expiresOn: '2030-01-01',
    },
  });
  expect([cert.status, cert.body.errors?.[0]?.path]).toEqual([400, 'issuedOn']);
});

test('GB 18218 per unit: the worked example gives 三级; m³ quantities are reported, not guessed', async () => {
  const e = await enterprise(zone.token, { peopleWithin500m: 60 });
  await env.req('POST', `/api/v1/enterprises/${e.id}/chemicals`, {
    token: zone.token,
    body: { name: '二氧化硫', cas: '7446-09-5', maxQuantity: 200, unitName: '储罐区' },
  });
  await env.req('POST', `/api/v1/enterprises/${e.id}/chemicals`, {
    token: zone.token,
    body: { name: '天然气', maxQuantity: 300, unit: 'm3', unitName: '锅炉房' },
  });
  const badCas = await env.req('POST', `/api/v1/enterprises/${e.id}/chemicals`, {
    token: zone.token,
    body: { name: '氨', cas: '7664-41-8', maxQuantity: 1 },
  });
  expect(badCas.status).toBe(400);
  expect(badCas.body.errors[0].message).toContain('CAS');
  const r = await env.req('GET', `/api/v1/enterprises/${e.id}/major-hazard`, { token: zone.token });
  expect(r.body.grade).toBe(3);
  const tank = r.body.units.find((u: { unitName: string }) => u.unitName === '储罐区');
  expect(tank).toMatchObject({ s: 10, r: 30, alpha: 1.5, isMajor: true, grade: 3 });
  expect(r.body.units.find((u: { unitName: string }) => u.unitName === '锅炉房').unmatched[0]).toContain('需换算为吨');
  const list = await env.req('GET', `/api/v1/enterprises/${e.id}/chemicals`, { token: zone.token });
  expect(list.body.find((c: { name: string }) => c.name === '二氧化硫')).toMatchObject({
    criticalTonnes: 20,
    basis: expect.stringContaining('表1第4项'),
  });
});

test('risk points: LEC and LS scored with the zone thresholds; bad factors are a clear 400', async () => {
  const e = await enterprise();
  const lecPoint = await env.req('POST', `/api/v1/enterprises/${e.id}/risk-points`, {
    token: zone.token,
    body: { name: '喷涂车间', method: 'LEC', factors: { l: 6, e: 6, c: 15 } },
  });
  expect(lecPoint.body).toMatchObject({ score: 540, colour: 'red' });
  const lsPoint = await env.req('POST', `/api/v1/enterprises/${e.id}/risk-points`, {
    token: zone.token,
    body: { name: '仓库', method: 'LS', factors: { l: 2, s: 3 }, reviewDate: '2020-01-01' },
  });
  expect(lsPoint.body).toMatchObject({ score: 6, colour: 'yellow', reviewOverdue: true });
  const bad = await env.req('POST', `/api/v1/enterprises/${e.id}/risk-points`, {
    token: zone.token,
    body: { name: '错', method: 'LEC', factors: { l: 4, e: 6, c: 15 } },
  });
  expect(bad.status).toBe(400);
  expect(bad.body.errors[0].message).toContain('L 须为');
  const mixed = await env.req('POST', `/api/v1/enterprises/${e.id}/risk-points`, {
    token: zone.token,
    body: { name: '错', method: 'LEC', factors: { l: 2, s: 3 } },
  });
  expect(mixed.status).toBe(400);
});

test('the colour is recomputed when an input changes, explained, and kept in history; a new model recomputes the zone', async () => {
  const e = await enterprise(zone.token, { keyPlaceTags: ['combustible_dust'] });
  const colour = () => env.req('GET', `/api/v1/enterprises/${e.id}/colour`, { token: zone.token });
  const first = await until(colour, (r) => r.body.colour !== null);
  expect(first.body).toMatchObject({ colour: 'blue', score: 10 });
  expect(first.body.contributions.find((c: { input: string }) => c.input === 'keyPlaceTags')).toMatchObject({
    points: 10,
    value: '可燃爆粉尘作业场所',
  });
  await env.req('POST', `/api/v1/enterprises/${e.id}/risk-points`, {
    token: zone.token,
    body: { name: '粉尘车间', method: 'LEC', factors: { l: 3, e: 6, c: 15 } },
  });
  const second = await until(colour, (r) => r.body.score === 35);
  expect(second.body).toMatchObject({ colour: 'yellow', score: 35 });
  expect(second.body.history.length).toBeGreaterThanOrEqual(2);
  // A stricter model: thresholds lowered. The whole zone is recomputed.
  const models = await env.req('GET', '/api/v1/risk/model', { token: zone.token });
  const params = structuredClone(models.body[0].params);
  params.colour.thresholds = { red: 60, orange: 30, yellow: 5 };
  const published = await env.req('PUT', '/api/v1/risk/model', { token: zone.token, body: { params, note: '从严' } });
  expect(published.body.version).toBe(models.body[0].version + 1);
  const third = await until(colour, (r) => r.body.modelVersion === published.body.version);
  expect(third.body).toMatchObject({ colour: 'orange', score: 35, thresholds: { red: 60, orange: 30, yellow: 5 } });
  expect(third.body.history[0].reason).toBe('model_changed');
  const badModel = await env.req('PUT', '/api/v1/risk/model', {
    token: zone.token,
    body: { params: { ...params, colour: { ...params.colour, thresholds: { red: 10, orange: 30, yellow: 5 } } } },
  });
  expect(badModel.status).toBe(400);
});

test('the change history of a file includes its records, from the audit trail', async () => {
  const e = await enterprise();
  await env.req('POST', `/api/v1/enterprises/${e.id}/contacts`, {
    token: zone.token,
    body: { name: '联系人甲', phone: '13800000009' },
  });
  await env.req('PATCH', `/api/v1/enterprises/${e.id}`, { token: zone.token, body: { employees: 321 } });
  const h = await until(
    () => env.req('GET', `/api/v1/enterprises/${e.id}/history`, { token: zone.token }),
    (r) => r.body.total >= 3,
  );
  const types = h.body.items.map((i: { entityType: string }) => i.entityType);
  expect(types).toEqual(expect.arrayContaining(['Enterprise', 'EnterpriseContact']));
  expect(JSON.stringify(h.body)).not.toContain('13800000009');
});

test('map and dashboard: markers with colours, counts by colour and grid', async () => {
  const e = await enterprise(zone.token, { lat: 29.29, lng: 120.13, planX: 0.4, planY: 0.6 });
  const map = await env.req('GET', '/api/v1/risk/map', { token: zone.token });
  expect(map.body.markers.find((m: { id: string }) => m.id === e.id)).toMatchObject({ lat: 29.29, planX: 0.4 });
  expect(map.body.palette.red.color).toMatch(/^#/);
  const dash = await env.req('GET', '/api/v1/risk/dashboard', { token: zone.token });
  expect(dash.body.total).toBeGreaterThan(5);
  expect(Object.values(dash.body.byColour as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(dash.body.total);
  const otherMap = await env.req('GET', '/api/v1/risk/map', { token: other.token });
  expect(otherMap.body.markers.some((m: { id: string }) => m.id === e.id)).toBe(false);
});

test('drills: an overdue plan is flagged; a drill in the future or for another enterprise’s plan is refused', async () => {
  const e = await enterprise();
  const e2 = await enterprise();
  const plan = await env.req('POST', `/api/v1/enterprises/${e.id}/plans`, {
    token: zone.token,
    body: { kind: 'onsite', title: '配电房火灾现场处置方案', issuedOn: '2024-01-01' },
  });
  expect(plan.body.drillOverdue).toBe(true);
  const future = await env.req('POST', `/api/v1/enterprises/${e.id}/drills`, {
    token: zone.token,
    body: { kind: 'onsite', heldOn: '2099-01-01', planId: plan.body.id },
  });
  expect(future.status).toBe(400);
  const foreign = await env.req('POST', `/api/v1/enterprises/${e2.id}/drills`, {
    token: zone.token,
    body: { kind: 'onsite', heldOn: '2026-01-01', planId: plan.body.id },
  });
  expect(foreign.status).toBe(404);
  const today = new Date().toISOString().slice(0, 10);
  await env.req('POST', `/api/v1/enterprises/${e.id}/drills`, {
    token: zone.token,
    body: { kind: 'onsite', heldOn: today, planId: plan.body.id, participants: 12 },
  });
  const plans = await env.req('GET', `/api/v1/enterprises/${e.id}/plans`, { token: zone.token });
  expect(plans.body[0]).toMatchObject({ drillOverdue: false, lastDrillOn: today });
});

test('inspectors see no enterprise until the inspections module assigns them (fail closed)', async () => {
  const i = await userWithRole(env, zone, 'inspector');
  const list = await env.req('GET', '/api/v1/enterprises', { token: i.token });
  expect(list.body.total).toBe(0);
  void DEMO_PW;
});

test('list totals are reused while the zone is unchanged and exact after every kind of write', async () => {
  const { enterpriseCounts } = await import('./enterprise-list.ts');
  const grid = await env.req('POST', '/api/v1/catalog', {
    token: zone.token,
    body: { kind: 'grid', code: `count-${seq}`, name: `计数网格${seq}` },
  });
  expect(grid.status).toBe(201);
  const total = async (qs: string) =>
    (await env.req('GET', `/api/v1/enterprises?${qs}`, { token: zone.token })).body.total as number;
  const inGrid = `gridId=${grid.body.id}`;
  expect(await total(inGrid)).toBe(0);
  const a = await enterprise(zone.token, { gridId: grid.body.id });
  expect(await total(inGrid)).toBe(1); // an insert
  // Its colour comes a moment later and is a write too: wait for it, then the count is reused.
  await until(
    () => env.req('GET', `/api/v1/enterprises/${a.id}/colour`, { token: zone.token }),
    (r) => r.body.colour !== null,
  );
  expect(await total(inGrid)).toBe(1);
  const misses = enterpriseCounts.misses;
  expect(await total(`${inGrid}&page=1&sort=-createdAt`)).toBe(1);
  expect(enterpriseCounts.misses).toBe(misses); // paging and sorting reuse the count
  const b = await enterprise(zone.token);
  await env.req('PATCH', `/api/v1/enterprises/${b.id}`, {
    token: zone.token,
    body: { gridId: grid.body.id, version: b.version },
  });
  expect(await total(inGrid)).toBe(2); // a move into the grid
  await env.req('PATCH', `/api/v1/enterprises/${a.id}`, { token: zone.token, body: { status: 'closed', version: a.version } });
  expect(await total(`${inGrid}&status=active`)).toBe(1); // a status change
  // The colour recompute writes raw SQL that leaves updated_at alone; its own timestamp moves the version.
  const colour = async () => total(`${inGrid}&colour=blue`);
  const coloured = await until(colour, (n) => n === 2);
  expect(coloured).toBe(2);
  // The other zone's list is counted apart.
  expect((await env.req('GET', `/api/v1/enterprises?${inGrid}`, { token: other.token })).body.total).toBe(0);
});

test('the same contact (same name and phone, however the phone is written) cannot be added twice', async () => {
  const e = await enterprise();
  const add = (body: Record<string, unknown>) =>
    env.req('POST', `/api/v1/enterprises/${e.id}/contacts`, { token: zone.token, body });
  expect((await add({ name: '赵六', phone: '13900001111' })).status).toBe(201);
  const again = await add({ name: ' 赵六 ', phone: '+86 139 0000 1111' });
  expect(again.status).toBe(409);
  expect(again.body.errors[0].message).toContain('已登记');
  expect((await add({ name: '赵六', phone: '13900002222' })).status).toBe(201); // a namesake with another phone
  const other = await add({ name: '钱七', phone: '13900003333' });
  // Changing a contact into a copy of another is refused too; changing it in place is not.
  const put = (body: Record<string, unknown>) =>
    env.req('PUT', `/api/v1/enterprises/${e.id}/contacts/${other.body.id}`, { token: zone.token, body });
  expect((await put({ name: '赵六', phone: '13900001111' })).status).toBe(409);
  expect((await put({ name: '钱七', phone: '13900003333', title: '安全员' })).status).toBe(200);
  const list = await env.req('GET', `/api/v1/enterprises/${e.id}/contacts`, { token: zone.token });
  expect(list.body).toHaveLength(3);
});
