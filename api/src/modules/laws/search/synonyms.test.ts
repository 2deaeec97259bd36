/**
 * Synonym groups (同义词) as editable data against real MariaDB: the platform's groups apply to every zone and are
 * read-only to zones (403), a zone's own groups apply to its searches only and are invisible to other zones (404),
 * bad groups are refused as problem+json (fewer than two terms, too many, too long, 特种作业 with 特殊作业), roles
 * without laws.manage cannot edit, and an edit shows in the search of this process at once and of another process
 * within about a second.
 */
import type { RunningApi } from '../../../main.ts';
import { until } from '../../../testing/poll.ts';
import {
  createTestEnv,
  platformOperator,
  request,
  userWithRole,
  zoneWithAdmin,
  type TestEnv,
} from '../../../testing/test-env.ts';

let env: TestEnv;
let platform: Awaited<ReturnType<typeof platformOperator>>;
let zoneA: Awaited<ReturnType<typeof zoneWithAdmin>>;
let zoneB: Awaited<ReturnType<typeof zoneWithAdmin>>;
let second: RunningApi;

const api = (method: string, path: string, token: string, body?: unknown) => env.req(method, `/api/v1${path}`, { token, body });
const expanded = async (token: string, q: string, base = env.url) =>
  (await request(base, 'GET', `/api/v1/laws/search?q=${encodeURIComponent(q)}`, { token })).body.expandedTerms as string[];

const ZONE_TEXT = `# 甲园区设备管理制度

第一条 园区企业的电梯应当每半月进行一次维护保养。

第二条 升降平台作业前应当检查限位装置。
`;

beforeAll(async () => {
  env = await createTestEnv();
  platform = await platformOperator(env);
  zoneA = await zoneWithAdmin(env, 'sya', '甲园区');
  zoneB = await zoneWithAdmin(env, 'syb', '乙园区');
  for (const z of [zoneA, zoneB]) {
    const r = await api('POST', '/laws/documents', z.token, {
      title: z === zoneA ? '甲园区设备管理制度' : '乙园区设备管理制度',
      docType: 'zone_rule',
      issuingBody: '园区管委会',
      version: { label: '发布', effectiveOn: '2025-01-01', format: 'markdown', text: ZONE_TEXT },
    });
    expect(r.status).toBe(201);
  }
}, 120_000);

afterAll(async () => {
  await env?.close();
});

test('the platform’s groups apply to every zone and are read-only to zones', async () => {
  const created = await api('POST', '/laws/synonyms', platform.token, { terms: ['隐患', '事故隐患'], note: '口语与法定用语' });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ terms: ['隐患', '事故隐患'], note: '口语与法定用语', scope: 'platform', editable: true });
  for (const z of [zoneA, zoneB]) {
    const list = await api('GET', '/laws/synonyms', z.token);
    expect(list.status).toBe(200);
    expect(list.body.items).toContainEqual(expect.objectContaining({ id: created.body.id, scope: 'platform', editable: false }));
    expect(await expanded(z.token, '隐患')).toEqual(['事故隐患']);
    const patch = await api('PATCH', `/laws/synonyms/${created.body.id}`, z.token, { terms: ['隐患', '危险'] });
    expect([patch.status, patch.body.code]).toEqual([403, 'forbidden']);
    expect(patch.headers.get('content-type')).toContain('application/problem+json');
    expect((await api('DELETE', `/laws/synonyms/${created.body.id}`, z.token)).status).toBe(403);
  }
  // The platform operator edits its own group; zones see the change.
  const edited = await api('PATCH', `/laws/synonyms/${created.body.id}`, platform.token, {
    terms: ['隐患', '事故隐患', '安全隐患'],
  });
  expect(edited.status).toBe(200);
  expect(await expanded(zoneA.token, '隐患')).toEqual(['事故隐患', '安全隐患']);
});

test('a zone’s own group applies to its searches only and is invisible to another zone', async () => {
  const own = await api('POST', '/laws/synonyms', zoneA.token, { terms: ['电梯', '升降机', '垂直升降梯'] });
  expect(own.status).toBe(201);
  expect(own.body).toMatchObject({ scope: 'zone', editable: true });
  // Zone A: 升降机 finds the 电梯 article; zone B: no expansion, and the same text's 电梯 article is not found.
  const a = await request(env.url, 'GET', `/api/v1/laws/search?q=${encodeURIComponent('升降机')}`, { token: zoneA.token });
  expect(a.body.expandedTerms).toEqual(['电梯', '垂直升降梯']);
  expect(a.body.hits.map((h: { articleLabel: string }) => h.articleLabel)).toContain('第一条');
  const b = await request(env.url, 'GET', `/api/v1/laws/search?q=${encodeURIComponent('升降机')}`, { token: zoneB.token });
  expect(b.body.expandedTerms).toEqual([]);
  expect(b.body.hits.map((h: { articleLabel: string }) => h.articleLabel)).not.toContain('第一条');
  // Zone B cannot list, edit or delete it (not visible: 404).
  expect((await api('GET', '/laws/synonyms', zoneB.token)).body.items.map((g: { id: string }) => g.id)).not.toContain(
    own.body.id,
  );
  expect((await api('PATCH', `/laws/synonyms/${own.body.id}`, zoneB.token, { note: 'x' })).status).toBe(404);
  expect((await api('DELETE', `/laws/synonyms/${own.body.id}`, zoneB.token)).status).toBe(404);
  // Suggestions of zone B never offer zone A's synonym terms (its own history may hold what it typed).
  const sug = await api('GET', `/laws/suggest?q=${encodeURIComponent('垂直')}`, zoneB.token);
  expect(sug.body.suggestions).toEqual([]);
  const sugA = await api('GET', `/laws/suggest?q=${encodeURIComponent('垂直')}`, zoneA.token);
  expect(sugA.body.suggestions).toContainEqual({ text: '垂直升降梯', kind: 'term' });
  // The platform operator does not see a zone's group either.
  expect((await api('GET', '/laws/synonyms', platform.token)).body.items.map((g: { id: string }) => g.id)).not.toContain(
    own.body.id,
  );
  // Delete: the expansion stops at once.
  expect((await api('DELETE', `/laws/synonyms/${own.body.id}`, zoneA.token)).status).toBe(204);
  expect(await expanded(zoneA.token, '升降机')).toEqual([]);
});

test('bad groups are refused with a problem, nothing saved', async () => {
  const before = (await api('GET', '/laws/synonyms', zoneA.token)).body.items.length;
  const bad: Array<[string, unknown]> = [
    ['特种作业 with 特殊作业', { terms: ['特种作业', '特殊作业'] }],
    ['特种作业 with 特殊作业 among others', { terms: ['持证作业', '特种作业', '特殊作业 '] }],
    ['one term', { terms: ['隐患'] }],
    ['one term twice', { terms: ['隐患', ' 隐患 '] }],
    ['full-width twin', { terms: ['ＰＰＥ', 'ppe'] }],
    ['empty term', { terms: ['隐患', ''] }],
    ['21 terms', { terms: Array.from({ length: 21 }, (_, i) => `词${i}`) }],
    ['a term of 21 characters', { terms: ['隐患', '安'.repeat(21)] }],
    ['not a list', { terms: '隐患,事故隐患' }],
    ['unknown field', { terms: ['a', 'b'], scope: 'platform' }],
  ];
  for (const [name, body] of bad) {
    const r = await api('POST', '/laws/synonyms', zoneA.token, body);
    expect([name, r.status]).toEqual([name, 400]);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
  }
  const distinct = await api('POST', '/laws/synonyms', zoneA.token, { terms: ['特种作业', '特殊作业'] });
  expect(distinct.body.detail).toContain('特种作业');
  // An edit that would group them is refused the same way.
  const g = await api('POST', '/laws/synonyms', zoneA.token, { terms: ['特种作业', '持证作业'] });
  expect(g.status).toBe(201);
  const bad2 = await api('PATCH', `/laws/synonyms/${g.body.id}`, zoneA.token, { terms: ['特种作业', '特殊作业'] });
  expect(bad2.status).toBe(400);
  expect(
    (await api('GET', '/laws/synonyms', zoneA.token)).body.items.find((x: { id: string }) => x.id === g.body.id).terms,
  ).toEqual(['特种作业', '持证作业']);
  expect((await api('GET', '/laws/synonyms', zoneA.token)).body.items.length).toBe(before + 1);
  expect((await api('PATCH', '/laws/synonyms/not-an-id', zoneA.token, { note: 'x' })).status).toBe(400);
});

test('only laws.manage edits; every role reads and searches', async () => {
  const inspector = await userWithRole(env, zoneA, 'grid_worker');
  expect((await api('GET', '/laws/synonyms', inspector.token)).status).toBe(200);
  expect((await api('GET', `/laws/search?q=${encodeURIComponent('电梯')}`, inspector.token)).status).toBe(200);
  expect((await api('POST', '/laws/synonyms', inspector.token, { terms: ['a', 'b'] })).status).toBe(403);
  expect((await env.req('GET', '/api/v1/laws/search?q=x')).status).toBe(401);
});

test('another process sees a synonym edit within about a second', async () => {
  second = await env.startSecondApi();
  expect(await expanded(zoneA.token, '保养', second.url)).toEqual([]);
  const g = await api('POST', '/laws/synonyms', zoneA.token, { terms: ['保养', '维保'] });
  expect(g.status).toBe(201);
  const t0 = Date.now();
  const seen = await until(
    () => expanded(zoneA.token, '保养', second.url),
    (x) => x.includes('维保'),
    5000,
    100,
  );
  expect(seen).toEqual(['维保']);
  expect(Date.now() - t0).toBeLessThan(2500);
});
