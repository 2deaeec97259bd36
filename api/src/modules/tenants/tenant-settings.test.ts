/**
 * Zone settings (园区设置): who may read and change them, what a change is refused for (problem+json, field
 * paths, both languages), that a change leaves the other fields as they were and is audited, that another zone's
 * file or catalogue item cannot be reached, and that a new escalation policy moves open hazards' alarms.
 */
import sharp from 'sharp';
import { buildCreditCode, localDate, addDays } from '@yuanan/domain';
import { createTestEnv, userWithRole, zoneWithAdmin, type TestEnv } from '../../testing/test-env.ts';

let env: TestEnv;
let a: Awaited<ReturnType<typeof zoneWithAdmin>>;
let b: Awaited<ReturnType<typeof zoneWithAdmin>>;
let safety: { token: string; id: string };
let entStaff: { token: string };
let ent: { id: string };

const DAY = 86400;

beforeAll(async () => {
  env = await createTestEnv({ worker: true });
  a = await zoneWithAdmin(env, 'seta');
  b = await zoneWithAdmin(env, 'setb');
  safety = await userWithRole(env, a, 'safety_officer');
  ent = (
    await env.req('POST', '/api/v1/enterprises', {
      token: a.token,
      body: { creditCode: buildCreditCode('91', '330782', 'MA2E0001'), name: '设置测试企业', principalName: '李四' },
    })
  ).body;
  entStaff = await userWithRole(env, a, 'enterprise_admin', { enterpriseId: ent.id });
});
afterAll(() => env.close());

async function upload(token: string, body: Buffer, name: string, mime: string, purpose = 'site_plan'): Promise<string> {
  const form = new FormData();
  form.append('purpose', purpose);
  form.append('file', new Blob([new Uint8Array(body)], { type: mime }), name);
  const r = await fetch(`${env.url}/api/v1/files`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  expect(r.status).toBe(201);
  return ((await r.json()) as { id: string }).id;
}
const plan = () =>
  sharp({ create: { width: 320, height: 200, channels: 3, background: '#e8e4d8' } })
    .png()
    .toBuffer();

const patch = (token: string, body: unknown, lang?: string) =>
  env.req('PATCH', '/api/v1/tenant/settings', { token, body, ...(lang ? { headers: { 'accept-language': lang } } : {}) });

test('the zone admin changes settings; the safety officer reads them but may not change; others may not either', async () => {
  const read = await env.req('GET', '/api/v1/tenant', { token: safety.token });
  expect(read.status).toBe(200);
  expect(read.body.settings.escalationPolicy.stages).toHaveLength(5);
  for (const token of [safety.token, entStaff.token]) {
    const r = await patch(token, { requireMfaForConsole: true });
    expect(r.status).toBe(403);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect((await env.req('PATCH', '/api/v1/tenant', { token, body: { name: '改名园区' } })).status).toBe(403);
    expect(
      (await env.req('POST', '/api/v1/catalog', { token, body: { kind: 'hazard_category', code: 'x1', name: '新类别' } })).status,
    ).toBe(403);
  }
  const ok = await patch(a.token, { hazardDeadlineDays: { general: 10, major: 45 } });
  expect(ok.status).toBe(200);
  expect(ok.body.settings.hazardDeadlineDays).toEqual({ general: 10, major: 45 });
});

test('a change replaces only the fields it names (the others are not reset to defaults) and is audited', async () => {
  expect((await patch(a.token, { hazardDeadlineDays: { general: 12, major: 40 }, majorHazardReportHours: 12 })).status).toBe(200);
  const r = await patch(a.token, { requireMfaForConsole: false, certificateReminderDays: [30, 7] });
  expect(r.status).toBe(200);
  expect(r.body.settings.hazardDeadlineDays).toEqual({ general: 12, major: 40 });
  expect(r.body.settings.majorHazardReportHours).toBe(12);
  expect(r.body.settings.certificateReminderDays).toEqual([30, 7]);
  const zoneR = await env.req('PATCH', '/api/v1/tenant', {
    token: a.token,
    body: { name: '设置测试园区', timeZone: 'Asia/Urumqi' },
  });
  expect(zoneR.status).toBe(200);
  expect(zoneR.body).toMatchObject({ name: '设置测试园区', timeZone: 'Asia/Urumqi' });
  expect((await env.req('PATCH', '/api/v1/tenant', { token: a.token, body: { timeZone: 'Asia/Shanghai' } })).status).toBe(200);
  const audit = await env.req('GET', '/api/v1/audit?entityType=Tenant&pageSize=50', { token: a.token });
  expect(audit.status).toBe(200);
  const actions = audit.body.items.map((i: { action: string }) => i.action);
  expect(actions).toContain('tenant.updateSettings');
  expect(actions).toContain('tenant.update');
  const zoneChanges = audit.body.items
    .filter(
      (i: { action: string; diff: Record<string, unknown> }) => i.action === 'tenant.update' && 'timeZone' in (i.diff ?? {}),
    )
    .map((i: { diff: { timeZone: unknown } }) => i.diff.timeZone);
  expect(zoneChanges).toContainEqual(['Asia/Shanghai', 'Asia/Urumqi']);
  // Zone B saw none of it.
  const other = await env.req('GET', '/api/v1/tenant', { token: b.token });
  expect(other.body.settings.hazardDeadlineDays).toEqual({ general: 7, major: 30 });
  expect(other.body.name).not.toBe('设置测试园区');
});

test('an escalation policy is refused unless its stages are in time order, go only up the chain, to known levels', async () => {
  const stages = (...s: Array<[string, number, string]>) => ({
    escalationPolicy: { stages: s.map(([key, d, target]) => ({ key, offsetSeconds: d * DAY, target })), majorStartsHigher: true },
  });
  const cases: Array<[unknown, string]> = [
    [stages(['late', 3, 'zone_admin'], ['early', -1, 'responsible']), 'escalationPolicy.stages.1.offsetSeconds'],
    [stages(['a', -1, 'responsible'], ['b', -1, 'grid_worker']), 'escalationPolicy.stages.1.offsetSeconds'],
    [stages(['a', 0, 'safety_office'], ['b', 1, 'responsible']), 'escalationPolicy.stages.1.target'],
    [stages(['a', 0, 'responsible'], ['a', 1, 'grid_worker']), 'escalationPolicy.stages.1.key'],
    [stages(['a', 0, 'mayor']), 'escalationPolicy.stages.0.target'],
    [stages(['Bad Key', 0, 'responsible']), 'escalationPolicy.stages.0.key'],
    [{ escalationPolicy: { stages: [], majorStartsHigher: true } }, 'escalationPolicy.stages'],
    [{ escalationPolicy: { stages: 'all', majorStartsHigher: true } }, 'escalationPolicy.stages'],
  ];
  for (const [body, path] of cases) {
    const r = await patch(a.token, body);
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  }
  const en = await patch(a.token, stages(['a', 0, 'safety_office'], ['b', 1, 'responsible']), 'en');
  expect(en.body.errors[0].message).toMatch(/only goes up/);
  const zh = await patch(a.token, stages(['a', 0, 'safety_office'], ['b', 1, 'responsible']));
  expect(zh.body.errors[0].message).toMatch(/逐级向上/);
  // The stored policy is untouched by refused changes.
  expect((await env.req('GET', '/api/v1/tenant', { token: a.token })).body.settings.escalationPolicy.stages).toHaveLength(5);
});

test('other settings are validated too: palette, SLA days, map tiles, time zone, unknown fields — never a 500', async () => {
  const palette = (red: string, orange: string) => ({
    palette: {
      red: { color: red, label: '重大风险' },
      orange: { color: orange, label: '较大风险' },
      yellow: { color: '#fadb14', label: '一般风险' },
      blue: { color: '#1677ff', label: '低风险' },
    },
  });
  const bad: unknown[] = [
    palette('#d9363e', '#D9363E'),
    palette('red', '#fa8c16'),
    { hazardDeadlineDays: { general: 0, major: 30 } },
    { hazardDeadlineDays: { general: 7, major: 9999 } },
    { mapTileUrl: 'javascript:alert(1)' },
    { mapTileUrl: 'https://tiles.example.com/a.png' },
    { inspectionFrequencyDays: { red: -1, orange: 14, yellow: 30, blue: 90 } },
    { requireMfaForConsole: 'yes' },
    { colourOfTheDay: 'red' },
    [1, 2],
  ];
  for (const body of bad) {
    const r = await patch(a.token, body);
    expect([JSON.stringify(body), r.status]).toEqual([JSON.stringify(body), 400]);
    expect(r.body.type).toBeDefined();
  }
  for (const body of [{ timeZone: 'Mars/Olympus' }, { name: 'x' }, { region: '浙江' }]) {
    const r = await env.req('PATCH', '/api/v1/tenant', { token: a.token, body });
    expect(r.status).toBe(400);
  }
  const ok = await patch(a.token, palette('#a8071a', '#d46b08'));
  expect(ok.status).toBe(200);
  expect(ok.body.settings.palette.red.color).toBe('#a8071a');
  // The risk map answers with the zone's palette.
  const map = await env.req('GET', '/api/v1/risk/map', { token: safety.token });
  expect(map.body.palette.red.color).toBe('#a8071a');
});

test('a body of null is a 400 problem, not an empty change', async () => {
  const before = await env.req('GET', '/api/v1/tenant', { token: a.token });
  const r = await env.req('PATCH', '/api/v1/tenant/settings', {
    token: a.token,
    raw: 'null',
    headers: { 'content-type': 'application/json' },
  });
  expect(r.status).toBe(400);
  expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(r.body).toMatchObject({ status: 400, code: 'validation_failed', type: expect.stringContaining('/problems/') });
  const after = await env.req('GET', '/api/v1/tenant', { token: a.token });
  expect(after.body.settings).toEqual(before.body.settings);
});

test('a major hazard’s default deadline shorter than a general one’s is refused, on its field, in both languages', async () => {
  const body = { hazardDeadlineDays: { general: 14, major: 10 } };
  const zh = await patch(a.token, body);
  expect(zh.status).toBe(400);
  expect(zh.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(zh.body.errors).toEqual([
    expect.objectContaining({
      path: 'hazardDeadlineDays.major',
      message: '重大隐患的默认整改期限（10 天）不能短于一般隐患（14 天）',
    }),
  ]);
  const en = await env.req('PATCH', '/api/v1/tenant/settings', { token: a.token, body, headers: { 'accept-language': 'en' } });
  expect(en.status).toBe(400);
  expect(en.body.errors[0].message).toBe(
    'The default deadline for major hazards (10 days) cannot be shorter than for general ones (14 days)',
  );
  // Equal is fine, and so is longer.
  expect((await patch(a.token, { hazardDeadlineDays: { general: 10, major: 10 } })).status).toBe(200);
  const ok = await patch(a.token, { hazardDeadlineDays: { general: 7, major: 30 } });
  expect(ok.status).toBe(200);
  expect(ok.body.settings.hazardDeadlineDays).toEqual({ general: 7, major: 30 });
});

test("the site plan must be an image of the caller's own zone; another zone's catalogue item is not reachable", async () => {
  const theirs = await upload(b.token, await plan(), 'b.png', 'image/png');
  const r = await patch(a.token, { sitePlan: { fileId: theirs, width: 320, height: 200 } });
  expect(r.status).toBe(404);
  const pdf = await upload(
    a.token,
    Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF'),
    'p.pdf',
    'application/pdf',
    'emergency_plan',
  );
  expect((await patch(a.token, { sitePlan: { fileId: pdf, width: 320, height: 200 } })).status).toBe(400);
  const mine = await upload(a.token, await plan(), 'a.png', 'image/png');
  // The size comes from the file, not from what the client said.
  const ok = await patch(a.token, { sitePlan: { fileId: mine, width: 1, height: 1 } });
  expect(ok.status).toBe(200);
  expect(ok.body.settings.sitePlan).toEqual({ fileId: mine, width: 320, height: 200 });
  expect((await env.req('GET', '/api/v1/tenant', { token: b.token })).body.settings.sitePlan).toBeNull();
  // The risk map's upload writes through the same checks: another zone's file is not found, a PDF no plan.
  const put = (fileId: string) => env.req('PUT', '/api/v1/risk/site-plan', { token: a.token, body: { fileId } });
  expect((await put(theirs)).status).toBe(404);
  expect((await put(pdf)).status).toBe(400);
  expect((await put(mine)).status).toBe(204);

  const cat = await env.req('POST', '/api/v1/catalog', {
    token: b.token,
    body: { kind: 'key_place_tag', code: 'cold_storage', name: '冷库', group: 'place' },
  });
  expect(cat.status).toBe(201);
  expect((await env.req('PATCH', `/api/v1/catalog/${cat.body.id}`, { token: a.token, body: { enabled: false } })).status).toBe(
    404,
  );
  const listA = await env.req('GET', '/api/v1/catalog?kind=key_place_tag', { token: a.token });
  expect(listA.body.map((i: { code: string }) => i.code)).not.toContain('cold_storage');
});

test('a new escalation policy moves the alarms of hazards already open to its stages', async () => {
  const reported = await env.req('POST', '/api/v1/hazards', {
    token: safety.token,
    body: { enterpriseId: ent.id, source: 'safety_inspection', categoryCode: 'fire', description: '配电箱前堆放杂物' },
  });
  expect(reported.status).toBe(201);
  const confirmed = await env.req('POST', `/api/v1/hazards/${reported.body.id}/transitions`, {
    token: safety.token,
    body: {
      action: 'confirm',
      version: reported.body.version,
      grade: 'general',
      treatment: 'deadline',
      deadline: addDays(localDate(new Date(), 'Asia/Shanghai'), 20),
      responsibleName: '王五',
    },
  });
  expect(confirmed.status).toBe(200);
  const id = reported.body.id as string;
  const h = (await env.req('GET', `/api/v1/hazards/${id}`, { token: safety.token })).body;
  const deadline = new Date(h.deadline).getTime();
  // The hazard's planned escalation as the escalation machinery keeps it (the alarm on its row).
  const alarm = async () => {
    const [row] = (await env.api.c.orm.em
      .getConnection()
      .execute('SELECT next_escalation_at AS at, next_escalation_stage AS stage FROM hazards WHERE id = ?', [id])) as Array<{
      at: Date | string | null;
      stage: string | null;
    }>;
    return {
      stage: row?.stage ?? null,
      at: row?.at ? new Date(row.at instanceof Date ? row.at : `${row.at.replace(' ', 'T')}Z`).getTime() : null,
    };
  };
  const until = async (want: string, ms = 20_000) => {
    const end = Date.now() + ms;
    let v = await alarm();
    while (v.stage !== want && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 200));
      v = await alarm();
    }
    return v;
  };
  const r = await patch(a.token, {
    escalationPolicy: {
      stages: [
        { key: 'remind-7d', offsetSeconds: -7 * DAY, target: 'responsible' },
        { key: 'remind-3d', offsetSeconds: -3 * DAY, target: 'responsible' },
        { key: 'due', offsetSeconds: 0, target: 'grid_worker' },
        { key: 'overdue-2d', offsetSeconds: 2 * DAY, target: 'zone_admin' },
      ],
      majorStartsHigher: true,
    },
  });
  expect(r.status).toBe(200);
  // The added earlier stage is now the hazard's next escalation, without anyone touching the hazard.
  expect(await until('remind-7d')).toEqual({ stage: 'remind-7d', at: deadline - 7 * DAY * 1000 });
});

test('two saves of different settings at the same moment both stay (the merge holds the zone row)', async () => {
  for (let round = 0; round < 6; round++) {
    const [x, y] = await Promise.all([
      patch(a.token, { majorHazardReportHours: 10 + round }),
      patch(a.token, { hazardDeadlineDays: { general: 20 + round, major: 60 + round } }),
    ]);
    expect([x.status, y.status]).toEqual([200, 200]);
    const now = (await env.req('GET', '/api/v1/tenant', { token: a.token })).body.settings;
    expect([now.majorHazardReportHours, now.hazardDeadlineDays]).toEqual([
      10 + round,
      { general: 20 + round, major: 60 + round },
    ]);
  }
});
