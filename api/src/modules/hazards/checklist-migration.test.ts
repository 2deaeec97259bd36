import { buildCreditCode, CHECKLIST_CODE_MAPS, CHECKLISTS, CURRENT_CHECKLIST } from '@yuanan/domain';
import { createOrm, type Orm } from '../../core/db/orm.ts';
import {
  CHECKLIST_CODES_V1_TO_R2,
  Migration20261130120000_domain_data,
  remapChecklistCodes,
} from '../../migrations/Migration20261130120000_domain_data.ts';
import { migrations } from '../../migrations/index.ts';
import { entities } from '../entities.ts';
import { createTestEnv, userWithRole, zoneWithAdmin, type TestEnv } from '../../testing/test-env.ts';

/**
 * Issue 8 §7: the 部令第10号 checklist r2 moves the clause codes (dust 12-n → 11-n, ammonia 13-n → 12-n, confined
 * spaces 14-n → 13-n); Migration20261130120000 rewrites the codes stored on existing hazards so they keep their
 * meaning, and turns a chemical's single category into a list.
 */
let env: TestEnv;
let orm: Orm;
let zone: Awaited<ReturnType<typeof zoneWithAdmin>>;

beforeAll(async () => {
  env = await createTestEnv();
  zone = await zoneWithAdmin(env, 'ckm');
  orm = await createOrm(env.config, { entities, migrations, dbName: env.dbName });
});
afterAll(async () => {
  await orm.close(true);
  await env.close();
});

const run = (sql: string, params: unknown[] = []) => orm.em.getConnection().execute(sql, params);

test('the frozen map in the migration is the checklist data’s map, and every moved code keeps its clause text', () => {
  const [v1, r2] = [CHECKLISTS.find((c) => c.id === 'yjb-10-2023')!, CHECKLISTS.find((c) => c.id === 'yjb-10-2023-r2')!];
  expect(CURRENT_CHECKLIST.id).toBe('yjb-10-2023-r2');
  expect(CHECKLIST_CODE_MAPS[0]).toMatchObject({ from: v1.id, to: r2.id, codes: CHECKLIST_CODES_V1_TO_R2 });
  for (const item of v1.items) {
    const [code] = remapChecklistCodes([item.code], CHECKLIST_CODES_V1_TO_R2);
    expect([item.code, r2.items.find((i) => i.code === code)?.text]).toEqual([item.code, item.text]);
  }
  // One pass: 12-1 (dust) becomes 11-1, and 13-1 (ammonia) becomes 12-1, never 11-1.
  expect(remapChecklistCodes(['12-1', '13-1', '14-1', '3-2'], CHECKLIST_CODES_V1_TO_R2)).toEqual(['11-1', '12-1', '13-1', '3-2']);
});

test('a hazard stored with old clause codes keeps their meaning after the migration; chemicals keep their category', async () => {
  const ent = (
    await env.req('POST', '/api/v1/enterprises', {
      token: zone.token,
      body: {
        creditCode: buildCreditCode('91', '330782', 'MA2K0001'),
        name: '三类场所企业',
        principalName: '张三',
        keyPlaceTags: ['combustible_dust', 'ammonia_refrigeration', 'confined_space'],
      },
    })
  ).body as { id: string };
  const grid = await userWithRole(env, zone, 'grid_worker');
  const h = await env.req('POST', '/api/v1/hazards', {
    token: grid.token,
    body: {
      enterpriseId: ent.id,
      source: 'grid_patrol',
      categoryCode: 'dust',
      description: '除尘系统、制冷与有限空间多处问题',
      majorChecklistItems: ['3-1'],
    },
  });
  expect(h.status).toBe(201);
  const chem = await env.req('POST', `/api/v1/enterprises/${ent.id}/chemicals`, {
    token: zone.token,
    body: { name: '某溶剂', maxQuantity: 10, categories: ['W5.1'] },
  });
  expect(chem.status).toBe(201);

  // Back to the schema and data of the previous migration, then store what a hazard graded before r2 held.
  const m = new Migration20261130120000_domain_data(orm.em.getDriver() as never, orm.config);
  await m.down();
  expect(await run('select `category` from `hazardous_chemicals` where `id` = ?', [chem.body.id])).toEqual([
    { category: 'W5.1' },
  ]);
  const old = ['12-3', '13-1', '14-2', '3-1'];
  await run('update `hazards` set `major_checklist_items` = ? where `id` = ?', [JSON.stringify(old), h.body.id]);

  await m.up();
  const got = await env.req('GET', `/api/v1/hazards/${h.body.id}`, { token: zone.token });
  expect(got.body.majorChecklistItems).toEqual(['11-3', '12-1', '13-2', '3-1']);
  const texts = (got.body.majorChecklistItems as string[]).map((c) => CURRENT_CHECKLIST.items.find((i) => i.code === c)?.text);
  const v1 = CHECKLISTS.find((c) => c.id === 'yjb-10-2023')!;
  expect(texts).toEqual(old.map((c) => v1.items.find((i) => i.code === c)!.text));
  const list = await env.req('GET', `/api/v1/enterprises/${ent.id}/chemicals`, { token: zone.token });
  expect(list.body[0]).toMatchObject({ categories: ['W5.1'], criticalTonnes: 10 });
});

test('r2 lists 第十四条 (failed monitoring, alarm and protective devices) for every enterprise, flagged for review', async () => {
  const list = await env.req('GET', '/api/v1/hazards/checklist', { token: zone.token });
  expect(list.body.id).toBe('yjb-10-2023-r2');
  const art14 = list.body.items.find((i: { code: string }) => i.code === '14');
  expect(art14).toMatchObject({ article: '第十四条', checked: false });
  expect(art14.text).toContain('监控、报警、防护等设施、设备、装置');
  expect(list.body.items.filter((i: { article: string }) => i.article.startsWith('第十一条'))).toHaveLength(10);
  expect(list.body.items.filter((i: { article: string }) => i.article.startsWith('第十二条'))).toHaveLength(2);
  expect(list.body.items.filter((i: { article: string }) => i.article.startsWith('第十三条'))).toHaveLength(2);
});

test('a report made against the older checklist (a list cached offline) keeps its meaning; an unknown version is 400', async () => {
  const ent = (
    await env.req('POST', '/api/v1/enterprises', {
      token: zone.token,
      body: {
        creditCode: buildCreditCode('91', '330782', 'MA2K0002'),
        name: '涉氨企业',
        principalName: '李四',
        keyPlaceTags: ['ammonia_refrigeration'],
      },
    })
  ).body as { id: string };
  const grid = await userWithRole(env, zone, 'grid_worker');
  const body = {
    enterpriseId: ent.id,
    source: 'grid_patrol',
    categoryCode: 'electrical',
    description: '快速冻结间内作业人员超过9人',
  };
  const old = await env.req('POST', '/api/v1/hazards', {
    token: grid.token,
    body: { ...body, majorChecklistItems: ['13-2'], majorChecklistVersion: 'yjb-10-2023' },
  });
  expect(old.status).toBe(201);
  expect(old.body).toMatchObject({ majorChecklistItems: ['12-2'], grade: 'major' });
  const current = await env.req('POST', '/api/v1/hazards', {
    token: grid.token,
    body: { ...body, majorChecklistItems: ['12-2'], majorChecklistVersion: CURRENT_CHECKLIST.id },
  });
  expect(current.body.majorChecklistItems).toEqual(['12-2']);
  const bad = await env.req('POST', '/api/v1/hazards', {
    token: grid.token,
    headers: { 'accept-language': 'en' },
    body: { ...body, majorChecklistItems: ['12-2'], majorChecklistVersion: 'v0' },
  });
  expect(bad.status).toBe(400);
  expect(bad.body.errors[0]).toMatchObject({ path: 'majorChecklistVersion', message: 'No checklist version v0' });
});
