import { buildCreditCode } from '@yuanan/domain';
import { createTestEnv, zoneWithAdmin, type TestEnv } from '../../testing/test-env.ts';

/** Issue 8 §7 through the api: exact S, aliases, several hazard categories, and chemicals that are not counted. */
let env: TestEnv;
let zone: Awaited<ReturnType<typeof zoneWithAdmin>>;
let seq = 0;

beforeAll(async () => {
  env = await createTestEnv();
  zone = await zoneWithAdmin(env, 'chem');
});
afterAll(() => env.close());

async function enterprise(extra: Record<string, unknown> = {}) {
  const r = await env.req('POST', '/api/v1/enterprises', {
    token: zone.token,
    body: {
      creditCode: buildCreditCode('91', '330782', `MA2C${String(++seq).padStart(4, '0')}`),
      name: `危化品企业${seq}`,
      principalName: '张三',
      ...extra,
    },
  });
  expect(r.status).toBe(201);
  return r.body as { id: string };
}
const add = (id: string, body: Record<string, unknown>, lang?: string) =>
  env.req('POST', `/api/v1/enterprises/${id}/chemicals`, {
    token: zone.token,
    body,
    headers: lang ? { 'accept-language': lang } : {},
  });
const report = async (id: string) => (await env.req('GET', `/api/v1/enterprises/${id}/major-hazard`, { token: zone.token })).body;

test('液氨 7 t + 硫化氢 1 t + 液氯 500 kg in one unit is S = 1 exactly: a major hazard source', async () => {
  const e = await enterprise({ peopleWithin500m: 10 });
  expect((await add(e.id, { name: '液氨', maxQuantity: 7, unitName: '罐区' })).status).toBe(201);
  expect((await add(e.id, { name: '硫化氢', maxQuantity: 1, unitName: '罐区' })).status).toBe(201);
  expect((await add(e.id, { name: '液氯', maxQuantity: 500, unit: 'kg', unitName: '罐区' })).status).toBe(201);
  const r = await report(e.id);
  expect(r.units[0]).toMatchObject({ unitName: '罐区', s: 1, isMajor: true, grade: 4, unmatched: [] });
  expect(r.grade).toBe(4);
});

test('the category list is accepted and returned; several categories take the lowest Q; unknown ones are 400', async () => {
  const e = await enterprise();
  const c = await add(e.id, { name: '某有毒易燃液体', maxQuantity: 50, categories: ['W5.3', 'J2'], unitName: '仓库' });
  expect(c.status).toBe(201);
  expect(c.body).toMatchObject({ categories: ['W5.3', 'J2'], criticalTonnes: 50, unmatched: null });
  expect(c.body.basis).toContain('J2');
  const list = await env.req('GET', `/api/v1/enterprises/${e.id}/chemicals`, { token: zone.token });
  expect(list.body[0]).toMatchObject({ categories: ['W5.3', 'J2'], criticalTonnes: 50 });
  expect((await report(e.id)).units[0]).toMatchObject({ s: 1, isMajor: true });
  // Replace with one category: Q goes back to 1000 t.
  const put = await env.req('PUT', `/api/v1/enterprises/${e.id}/chemicals/${c.body.id}`, {
    token: zone.token,
    body: { name: '某有毒易燃液体', maxQuantity: 50, categories: ['W5.3'], unitName: '仓库' },
  });
  expect(put.status).toBe(200);
  expect(put.body).toMatchObject({ categories: ['W5.3'], criticalTonnes: 1000 });
  const bad = await add(e.id, { name: '某物质', maxQuantity: 1, categories: ['W5.3', 'X9'] });
  expect(bad.status).toBe(400);
  expect(bad.body.errors).toEqual([expect.objectContaining({ path: 'categories.1', message: expect.stringContaining('X9') })]);
  const dup = await add(e.id, { name: '某物质', maxQuantity: 1, categories: ['J2', 'J2'] });
  expect(dup.status).toBe(400);
});

test('an alias printed in Table 1 counts (醋酸乙酯 is 乙酸乙酯), and an unmatched name is returned with a message', async () => {
  const e = await enterprise();
  const alias = await add(e.id, { name: '醋酸乙酯', maxQuantity: 500, unitName: '溶剂库' });
  expect(alias.body).toMatchObject({ criticalTonnes: 500, basis: expect.stringContaining('表1第69项'), unmatched: null });
  const unknown = await add(e.id, { name: '某调和溶剂', maxQuantity: 20, unitName: '溶剂库' });
  expect(unknown.status).toBe(201);
  expect(unknown.body).toMatchObject({ criticalTonnes: null, unmatched: { reason: 'not_found' } });
  expect(unknown.body.unmatched.message).toContain('未计入 S');
  const volume = await add(e.id, { name: '甲醇', maxQuantity: 3, unit: 'm3', unitName: '溶剂库' });
  expect(volume.body.unmatched).toMatchObject({ reason: 'unconvertible' });
  const r = await report(e.id);
  expect(r.units[0]).toMatchObject({ s: 1, isMajor: true });
  expect(r.units[0].unmatched).toEqual(['某调和溶剂', '甲醇（m3，需换算为吨）']);
  expect(r.units[0].unmatchedDetails.map((u: { reason: string }) => u.reason)).toEqual(['not_found', 'unconvertible']);
});

test('the forms’ category list (contracts) names exactly the Table 2 symbols of the calculator (domain)', async () => {
  const { GB18218_CATEGORIES } = await import('@yuanan/contracts');
  const { TABLE2 } = await import('@yuanan/domain');
  expect(GB18218_CATEGORIES.map((c) => c.symbol)).toEqual(TABLE2.map((c) => c.symbol));
});
