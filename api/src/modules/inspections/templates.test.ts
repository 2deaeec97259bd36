import { CURRENT_CHECKLIST } from '@yuanan/domain';
import { runInScope } from '../../core/context/request-scope.ts';
import { tenantEm } from '../../core/db/orm.ts';
import { createTestEnv, userWithRole, zoneWithAdmin, type TestEnv } from '../../testing/test-env.ts';
import { DEFAULT_TEMPLATES, provisionDefaultTemplates } from './default-templates.ts';
import { InspectionContract, InspectionPlan, InspectionTemplate } from './inspection.entity.ts';

let env: TestEnv;
let zone: Awaited<ReturnType<typeof zoneWithAdmin>>;
let other: Awaited<ReturnType<typeof zoneWithAdmin>>;

beforeAll(async () => {
  env = await createTestEnv();
  zone = await zoneWithAdmin(env, 'itpl');
  other = await zoneWithAdmin(env, 'itplb');
});
afterAll(() => env.close());

const yes = (key: string, text = '是否办理作业审批手续？') => ({ key, text, kind: 'yes_no', photoRequired: false });
const draftBody = (extra: Record<string, unknown> = {}) => ({
  name: '有限空间作业检查表（园区版）',
  tags: ['confined_space'],
  sections: [
    {
      title: '作业审批',
      items: [yes('permit'), { key: 'o2', text: '氧含量', kind: 'number', unit: '%', min: 19.5, max: 23.5, photoRequired: true }],
    },
  ],
  ...extra,
});
const api = (method: string, path: string, token = zone.token, body?: unknown) =>
  env.req(method, `/api/v1${path}`, { token, body });

test('every zone gets the 7 default templates, published, citing regulations, marked for expert review', async () => {
  const r = await api('GET', '/inspection-templates?status=published&pageSize=200');
  expect(r.status).toBe(200);
  const defaults = r.body.items.filter((t: any) => t.code.startsWith('default_'));
  expect(defaults.map((t: any) => t.code).sort()).toEqual(DEFAULT_TEMPLATES.map((t) => t.code).sort());
  expect(defaults).toHaveLength(7);
  const clauses = new Set(CURRENT_CHECKLIST.items.map((i) => i.code));
  for (const t of defaults) {
    expect(t).toMatchObject({ version: 1, status: 'published', needsExpertReview: true });
    expect(t.itemCount).toBeGreaterThanOrEqual(5);
    for (const s of t.sections)
      for (const it of s.items) {
        if (it.kind !== 'text' && it.kind !== 'photo')
          expect([t.code, it.key, it.legalBasis]).toEqual([t.code, it.key, expect.stringMatching(/^《.+》第.+条/)]);
        if (it.majorClause) expect(clauses.has(it.majorClause)).toBe(true);
      }
  }
  // Provisioning again adds nothing (the zone may have revised or retired them meanwhile).
  const em = tenantEm(env.api.c.orm, zone.tenant.id);
  await runInScope(
    { requestId: 't', tenantId: zone.tenant.id, em: null, actor: null, ip: null, userAgent: null, action: 'test' },
    () => provisionDefaultTemplates(em),
  );
  expect(await tenantEm(env.api.c.orm, zone.tenant.id).count(InspectionTemplate, { code: { $like: 'default_%' } })).toBe(7);
});

test('versioning: draft → publish → revise → publish retires the previous version; published versions never change', async () => {
  const created = await api('POST', '/inspection-templates', zone.token, draftBody());
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ version: 1, status: 'draft', publishedAt: null, itemCount: 2 });
  expect(created.body.code).toMatch(/^tpl_[0-9a-f]{12}$/);
  const v1 = created.body.id as string;

  const edited = await api('PATCH', `/inspection-templates/${v1}`, zone.token, { name: '有限空间检查表 v1' });
  expect([edited.status, edited.body.name]).toEqual([200, '有限空间检查表 v1']);

  const pub = await api('POST', `/inspection-templates/${v1}/publish`);
  expect(pub.status).toBe(200);
  expect(pub.body.status).toBe('published');
  expect(pub.body.publishedAt).not.toBeNull();

  // A published version is immutable: 409 problem+json with what to do instead, nothing changed.
  const refused = await api('PATCH', `/inspection-templates/${v1}`, zone.token, { sections: draftBody().sections.slice(0, 1) });
  expect(refused.status).toBe(409);
  expect(refused.headers.get('content-type')).toContain('application/problem+json');
  expect(refused.body.detail).toBe('已发布的版本不可修改，请新建修订版');
  expect((await api('POST', `/inspection-templates/${v1}/publish`)).status).toBe(409);
  expect((await api('GET', `/inspection-templates/${v1}`)).body.name).toBe('有限空间检查表 v1');

  const rev = await api('POST', `/inspection-templates/${v1}/revise`);
  expect(rev.status).toBe(201);
  expect(rev.body).toMatchObject({ code: created.body.code, version: 2, status: 'draft', name: '有限空间检查表 v1' });
  const v2 = rev.body.id as string;
  // One open revision at a time.
  expect((await api('POST', `/inspection-templates/${v1}/revise`)).status).toBe(409);
  expect((await api('PATCH', `/inspection-templates/${v2}`, zone.token, { name: '有限空间检查表 v2' })).status).toBe(200);

  // The list shows the latest version of each code; allVersions or code shows them all.
  const latest = await api('GET', `/inspection-templates?q=${encodeURIComponent('有限空间检查表')}`);
  expect(latest.body.items.map((t: any) => [t.code, t.version])).toEqual([[created.body.code, 2]]);
  const all = await api('GET', `/inspection-templates?code=${created.body.code}`);
  expect(all.body.items.map((t: any) => [t.version, t.status])).toEqual([
    [2, 'draft'],
    [1, 'published'],
  ]);

  expect((await api('POST', `/inspection-templates/${v2}/publish`)).body.status).toBe('published');
  const after = await api('GET', `/inspection-templates?code=${created.body.code}`);
  expect(after.body.items.map((t: any) => [t.version, t.status, t.name])).toEqual([
    [2, 'published', '有限空间检查表 v2'],
    [1, 'retired', '有限空间检查表 v1'],
  ]);
  expect((await api('PATCH', `/inspection-templates/${v1}`, zone.token, { name: 'x 改' })).status).toBe(409);

  const retired = await api('POST', `/inspection-templates/${v2}/retire`);
  expect([retired.status, retired.body.status]).toEqual([200, 'retired']);
  expect((await api('POST', `/inspection-templates/${v2}/retire`)).status).toBe(409);
  expect((await api('GET', `/inspection-templates?status=published&code=${created.body.code}`)).body.items).toEqual([]);
});

test('bad templates are refused with problem+json naming the field', async () => {
  const cases: Array<[Record<string, unknown>, string]> = [
    [draftBody({ sections: [{ title: 'A', items: [yes('a'), yes('a')] }] }), 'sections.0.items.1.key'],
    [
      draftBody({ sections: [{ title: 'A', items: [{ key: 'c', text: '通风方式', kind: 'choice' }] }] }),
      'sections.0.items.0.options',
    ],
    [
      draftBody({ sections: [{ title: 'A', items: [{ key: 'n', text: '温度', kind: 'number', min: 5, max: 1 }] }] }),
      'sections.0.items.0.min',
    ],
    [draftBody({ sections: [] }), 'sections'],
    [draftBody({ industries: ['c26'] }), 'industries.0'],
    [draftBody({ surprise: true }), ''],
  ];
  for (const [body, path] of cases) {
    const r = await api('POST', '/inspection-templates', zone.token, body);
    expect([r.status, r.headers.get('content-type')]).toEqual([400, expect.stringContaining('application/problem+json')]);
    if (path) expect(r.body.errors.map((e: any) => e.path)).toContain(path);
  }
  // English messages for English callers.
  const en = await env.req('POST', '/api/v1/inspection-templates', {
    token: zone.token,
    headers: { 'accept-language': 'en' },
    body: draftBody({ sections: [{ title: 'A', items: [yes('a'), yes('a')] }] }),
  });
  expect(en.body.errors[0].message).toBe('The item key "a" is used twice');
});

test('another zone’s templates do not exist here; only the office manages templates', async () => {
  const mine = (await api('POST', '/inspection-templates', zone.token, draftBody())).body.id as string;
  for (const [m, p, b] of [
    ['GET', `/inspection-templates/${mine}`, undefined],
    ['PATCH', `/inspection-templates/${mine}`, { name: '越权修改' }],
    ['POST', `/inspection-templates/${mine}/publish`, undefined],
    ['POST', `/inspection-templates/${mine}/revise`, undefined],
    ['POST', `/inspection-templates/${mine}/retire`, undefined],
  ] as const) {
    const r = await api(m, p, other.token, b);
    expect([m, p, r.status]).toEqual([m, p, 404]);
  }
  expect((await api('GET', `/inspection-templates/${mine}`)).body.status).toBe('draft');
  expect(
    (await api('GET', '/inspection-templates?allVersions=true&pageSize=200', other.token)).body.items.map((t: any) => t.id),
  ).not.toContain(mine);

  const grid = await userWithRole(env, zone, 'grid_worker');
  expect((await api('POST', '/inspection-templates', grid.token, draftBody())).status).toBe(403);
  expect((await api('POST', `/inspection-templates/${mine}/publish`, grid.token)).status).toBe(403);
  expect((await api('GET', '/inspection-templates', grid.token)).status).toBe(200);
  const keeper = await userWithRole(env, zone, 'equipment_keeper');
  expect((await api('GET', '/inspection-templates', keeper.token)).status).toBe(403);
});

test('a zone made before the default templates existed gets them when it first lists its templates', async () => {
  const old = await zoneWithAdmin(env, 'itplold');
  await tenantEm(env.api.c.orm, old.tenant.id).nativeDelete(InspectionTemplate, { code: { $like: 'default%' } });
  expect(await tenantEm(env.api.c.orm, old.tenant.id).count(InspectionTemplate, {})).toBe(0);
  const r = await api('GET', '/inspection-templates?status=published', old.token);
  expect(r.body.items).toHaveLength(7);
  // Retired defaults stay retired: nothing is added back.
  for (const t of r.body.items) expect((await api('POST', `/inspection-templates/${t.id}/retire`, old.token)).status).toBe(200);
  expect((await api('GET', '/inspection-templates?status=published', old.token)).body.items).toHaveLength(0);
  expect(await tenantEm(env.api.c.orm, old.tenant.id).count(InspectionTemplate, {})).toBe(7);
});

test('publishing a revision points the zone’s plans and contracts at the new version', async () => {
  const v1 = (await api('POST', '/inspection-templates', zone.token, draftBody({ name: '动火作业检查表 换版' }))).body.id;
  expect((await api('POST', `/inspection-templates/${v1}/publish`)).status).toBe(200);
  const scope = (tenantId: string) => ({
    requestId: 't',
    tenantId,
    em: null,
    actor: null,
    ip: null,
    userAgent: null,
    action: 'test',
  });
  const em = tenantEm(env.api.c.orm, zone.tenant.id);
  const other1 = (await api('POST', '/inspection-templates', zone.token, draftBody({ name: '另一张表' }))).body.id;
  const ids = await runInScope(scope(zone.tenant.id), async () => {
    const plan = em.create(InspectionPlan, {
      name: '换版计划',
      kind: 'routine',
      assigneeKind: 'role',
      assigneeUserId: null,
      assigneeRole: 'safety_officer',
      agencyId: null,
      target: { enterpriseIds: [], gridIds: [], industries: [], colours: [] },
      templateIds: [other1, v1],
      frequency: 'monthly',
      startDate: '2026-01-01',
      endDate: null,
      windowDays: null,
      enabled: false,
    } as never);
    const contract = em.create(InspectionContract, {
      agencyId: '00000000-0000-4000-8000-000000000000',
      name: '换版合同',
      enterpriseIds: [],
      templateIds: [v1],
      startDate: '2026-01-01',
      endDate: '2026-12-31',
    } as never);
    await em.flush();
    return { plan: plan.id, contract: contract.id };
  });
  const v2 = (await api('POST', `/inspection-templates/${v1}/revise`)).body.id;
  expect((await api('POST', `/inspection-templates/${v2}/publish`)).status).toBe(200);
  const fresh = tenantEm(env.api.c.orm, zone.tenant.id);
  expect((await fresh.findOneOrFail(InspectionPlan, { id: ids.plan })).templateIds).toEqual([other1, v2]);
  expect((await fresh.findOneOrFail(InspectionContract, { id: ids.contract })).templateIds).toEqual([v2]);
  // Publishing an unrelated template changes nothing.
  expect((await api('POST', `/inspection-templates/${other1}/publish`)).status).toBe(200);
  expect((await fresh.fork().findOneOrFail(InspectionPlan, { id: ids.plan })).templateIds).toEqual([other1, v2]);
});

test('an item citing an unknown 部令第10号 clause or hazard category is refused (422 on its path) on create, edit and publish', async () => {
  const clause = CURRENT_CHECKLIST.items[0]!.code;
  const item = (extra: Record<string, unknown>) => ({ ...yes('k'), ...extra });
  const body = (extra: Record<string, unknown>) => draftBody({ sections: [{ title: 'A', items: [yes('ok'), item(extra)] }] });
  for (const [extra, path] of [
    [{ majorClause: 'zzz' }, 'sections.0.items.1.majorClause'],
    [{ categoryCode: 'no_such_cat' }, 'sections.0.items.1.categoryCode'],
  ] as const) {
    const r = await api('POST', '/inspection-templates', zone.token, body(extra));
    expect([r.status, r.headers.get('content-type')]).toEqual([422, expect.stringContaining('application/problem+json')]);
    expect(r.body.errors.map((e: any) => e.path)).toEqual([path]);
  }
  const good = await api('POST', '/inspection-templates', zone.token, body({ majorClause: clause }));
  expect(good.status).toBe(201);
  const patched = await api('PATCH', `/inspection-templates/${good.body.id}`, zone.token, body({ majorClause: 'zzz' }));
  expect([patched.status, patched.body.errors?.[0]?.path]).toEqual([422, 'sections.0.items.1.majorClause']);
  // A draft saved before the check (or a category disabled since) is refused at publish.
  const em = tenantEm(env.api.c.orm, zone.tenant.id);
  const scope = { requestId: 't', tenantId: zone.tenant.id, em: null, actor: null, ip: null, userAgent: null, action: 'test' };
  await runInScope(scope, async () => {
    const row = await em.findOneOrFail(InspectionTemplate, { id: good.body.id });
    row.sections = [{ title: 'A', items: [{ ...yes('ok'), categoryCode: 'no_such_cat' }] }] as never;
    await em.flush();
  });
  const pub = await api('POST', `/inspection-templates/${good.body.id}/publish`);
  expect([pub.status, pub.body.errors?.[0]?.path]).toEqual([422, 'sections.0.items.0.categoryCode']);
  expect((await api('GET', `/inspection-templates/${good.body.id}`)).body.status).toBe('draft');
});
