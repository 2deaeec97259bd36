import { buildCreditCode } from '@yuanan/domain';
import { createTestEnv, zoneWithAdmin, type TestEnv } from '../../testing/test-env.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

test('the dashboard groups industries by GB/T 4754 major category, named by the standard, not by one firm', async () => {
  const zone = await zoneWithAdmin(env, 'dashind');
  const firms: Array<[string, string | null, string | null]> = [
    ['涂料厂', 'C2641', '涂料制造'],
    ['试剂厂', 'C2661', '化学试剂和助剂制造'],
    ['专用化学品厂', 'C2662', '专项化学用品制造'],
    ['五金厂', 'C3311', '金属结构制造'],
    ['未填行业的厂', null, null],
  ];
  for (const [i, [name, industryCode, industryName]] of firms.entries()) {
    const r = await env.req('POST', '/api/v1/enterprises', {
      token: zone.token,
      body: {
        creditCode: buildCreditCode('91', '330782', `MA2D${String(i).padStart(4, '0')}`),
        name,
        principalName: '张三',
        ...(industryCode ? { industryCode, industryName } : {}),
      },
    });
    expect(r.status).toBe(201);
  }
  const d = await env.req('GET', '/api/v1/risk/dashboard', { token: zone.token });
  expect(d.status).toBe(200);
  const groups = (d.body.byIndustry as Array<{ industry: string; code: string | null; counts: Record<string, number> }>).map(
    (g) => [g.industry, g.code, Object.values(g.counts).reduce((a, b) => a + b, 0)],
  );
  expect(groups).toEqual([['C26 化学原料和化学制品制造业', 'C26', 3], expect.anything(), expect.anything()]);
  expect(groups).toEqual(
    expect.arrayContaining([
      ['C33 金属制品业', 'C33', 1],
      ['未填写', null, 1],
    ]),
  );
});
