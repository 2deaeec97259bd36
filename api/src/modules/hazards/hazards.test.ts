import JSZip from 'jszip';
import { HAZARD_ACTIONS, HAZARD_STATUSES, HAZARD_TRANSITIONS, canTransition, ROLES, type Role } from '@yuanan/contracts';
import { buildCreditCode, addDays, localDate } from '@yuanan/domain';
import { multipart, photoWithExif } from '../../testing/fixtures.ts';
import { createTestEnv, userWithRole, zoneWithAdmin, type TestEnv } from '../../testing/test-env.ts';
import { tenantEm } from '../../core/db/orm.ts';
import { uuidv7 } from '../../core/db/ids.ts';
import { Hazard } from './hazard.entity.ts';

/** A date `n` days from today in the test zones (Asia/Shanghai): deadlines are refused more than a year ahead. */
const inDays = (n: number) => addDays(localDate(new Date(), 'Asia/Shanghai'), n);

let env: TestEnv;
let zone: Awaited<ReturnType<typeof zoneWithAdmin>>;
let other: Awaited<ReturnType<typeof zoneWithAdmin>>;
let entA: { id: string };
let entB: { id: string };
let safety: { token: string; id: string };
let grid: { token: string; id: string };
let staffA: { token: string; id: string };
let staffB: { token: string; id: string };

const upload = async (token: string) =>
  (
    await env.req('POST', '/api/v1/files', {
      token,
      raw: multipart(await photoWithExif(), 'p.jpg', { purpose: 'hazard_photo' }, 'image/jpeg'),
    })
  ).body.id as string;

beforeAll(async () => {
  env = await createTestEnv({ worker: true });
  zone = await zoneWithAdmin(env, 'hzd');
  other = await zoneWithAdmin(env, 'hzdb');
  const mk = async (i: number, extra = {}) =>
    (
      await env.req('POST', '/api/v1/enterprises', {
        token: zone.token,
        body: {
          creditCode: buildCreditCode('91', '330782', `MA2H${i}000`),
          name: `隐患测试企业${i}`,
          principalName: '张三',
          ...extra,
        },
      })
    ).body;
  entA = await mk(1, { keyPlaceTags: ['combustible_dust'] });
  entB = await mk(2);
  safety = await userWithRole(env, zone, 'safety_officer');
  grid = await userWithRole(env, zone, 'grid_worker');
  staffA = await userWithRole(env, zone, 'enterprise_admin', { enterpriseId: entA.id });
  staffB = await userWithRole(env, zone, 'enterprise_admin', { enterpriseId: entB.id });
});
afterAll(() => env.close());

async function report(token: string, body: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  return env.req('POST', '/api/v1/hazards', {
    token,
    headers,
    body: {
      enterpriseId: entA.id,
      source: 'grid_patrol',
      categoryCode: 'electrical',
      description: '配电箱门缺失，线路裸露',
      place: '二号车间',
      ...body,
    },
  });
}
async function act(token: string, id: string, body: Record<string, unknown>) {
  const cur = await env.req('GET', `/api/v1/hazards/${id}`, { token: zone.token });
  return env.req('POST', `/api/v1/hazards/${id}/transitions`, { token, body: { version: cur.body.version, ...body } });
}

test('the state machine: every transition names its sources and who may take it', () => {
  for (const a of HAZARD_ACTIONS) {
    const t = HAZARD_TRANSITIONS[a];
    expect(t.from.every((s) => (HAZARD_STATUSES as readonly string[]).includes(s))).toBe(true);
    expect(HAZARD_STATUSES).toContain(t.to);
  }
  const h = { status: 'pending_review' as const, enterpriseId: 'e1', grade: 'general' as const };
  const may = (role: Role, eid: string | null = null) => canTransition(h, 'approve', { role, enterpriseId: eid });
  expect(ROLES.filter((r) => may(r, 'e1'))).toEqual(['platform_admin', 'zone_admin', 'safety_officer']);
  expect(canTransition({ ...h, status: 'confirmed' }, 'submit', { role: 'enterprise_staff', enterpriseId: 'e1' })).toBe(true);
  expect(canTransition({ ...h, status: 'confirmed' }, 'submit', { role: 'enterprise_staff', enterpriseId: 'e2' })).toBe(false);
  expect(
    canTransition({ ...h, status: 'reported', grade: 'major' }, 'fix_on_spot', { role: 'safety_officer', enterpriseId: null }),
  ).toBe(false);
});

test('the whole closed loop: report → confirm → start → submit → reject → submit → approve, every step on the timeline', async () => {
  const photo = await upload(grid.token);
  const r = await report(grid.token, { photoIds: [photo], location: { lat: 29.29, lng: 120.13 } });
  expect(r.status).toBe(201);
  expect(r.body).toMatchObject({
    status: 'reported',
    code: expect.stringMatching(/^YH-\d{8}-\d{4}$/),
    photos: [{ id: photo, url: expect.stringContaining('/content?') }],
  });
  // The enterprise cannot confirm its own hazard; a grid worker cannot either.
  expect((await act(staffA.token, r.body.id, { action: 'confirm', grade: 'general', responsibleName: '王' })).status).toBe(403);
  expect((await act(grid.token, r.body.id, { action: 'confirm', grade: 'general', responsibleName: '王' })).status).toBe(403);
  // Submitting before confirmation is not a step of the loop.
  expect((await act(staffA.token, r.body.id, { action: 'approve' })).body.code).toBe('invalid_transition');
  const missing = await act(safety.token, r.body.id, { action: 'confirm', grade: 'general' });
  expect(missing.status).toBe(400);
  expect(missing.body.errors[0].path).toBe('responsibleName');
  const c = await act(safety.token, r.body.id, {
    action: 'confirm',
    grade: 'general',
    treatment: 'deadline',
    deadline: inDays(300),
    responsibleName: '王立新',
    responsibleUserId: staffA.id,
  });
  expect(c.body).toMatchObject({ status: 'confirmed', grade: 'general', deadlineDate: inDays(300), responsibleName: '王立新' });
  expect(c.body.availableActions).toEqual(expect.arrayContaining(['dismiss', 'start', 'submit']));
  expect((await act(staffB.token, r.body.id, { action: 'start' })).status).toBe(404); // another enterprise's user
  expect((await act(staffA.token, r.body.id, { action: 'start' })).body.status).toBe('rectifying');
  const noPhoto = await act(staffA.token, r.body.id, { action: 'submit', measures: '已安装配电箱门并整理线路' });
  expect(noPhoto.body.errors[0].path).toBe('photoIds');
  const after = await upload(staffA.token);
  expect(
    (await act(staffA.token, r.body.id, { action: 'submit', photoIds: [after], measures: '已安装配电箱门并整理线路', cost: 350 }))
      .body.status,
  ).toBe('pending_review');
  expect((await act(safety.token, r.body.id, { action: 'reject' })).status).toBe(400);
  expect((await act(safety.token, r.body.id, { action: 'reject', comment: '线路未套管' })).body.status).toBe('rectifying');
  await act(staffA.token, r.body.id, { action: 'submit', photoIds: [after], measures: '已套管' });
  const done = await act(safety.token, r.body.id, { action: 'approve', comment: '复核合格' });
  expect(done.body).toMatchObject({ status: 'closed', closedAt: expect.any(String), availableActions: ['reopen'] });
  const detail = await env.req('GET', `/api/v1/hazards/${r.body.id}`, { token: zone.token });
  expect(detail.body.events.map((e: { action: string }) => e.action)).toEqual([
    'report',
    'confirm',
    'start',
    'submit',
    'reject',
    'submit',
    'approve',
  ]);
  expect(detail.body.events[0]).toMatchObject({ lat: 29.29, photos: [{ id: photo }] });
  expect(detail.body.events[4].comment).toBe('线路未套管');
});

test('two reviewers cannot both close; a stale version is a 409 and changes nothing', async () => {
  const r = await report(safety.token);
  await act(safety.token, r.body.id, { action: 'confirm', grade: 'general', deadline: inDays(200), responsibleName: '王' });
  await act(staffA.token, r.body.id, { action: 'submit', photoIds: [await upload(staffA.token)], measures: '已整改' });
  const cur = await env.req('GET', `/api/v1/hazards/${r.body.id}`, { token: zone.token });
  const reviewer2 = await userWithRole(env, zone, 'safety_officer');
  const [a, b] = await Promise.all([
    env.req('POST', `/api/v1/hazards/${r.body.id}/transitions`, {
      token: safety.token,
      body: { action: 'approve', version: cur.body.version },
    }),
    env.req('POST', `/api/v1/hazards/${r.body.id}/transitions`, {
      token: reviewer2.token,
      body: { action: 'reject', version: cur.body.version, comment: '不合格' },
    }),
  ]);
  expect([a.status, b.status].sort()).toEqual([200, 409]);
  const final = await env.req('GET', `/api/v1/hazards/${r.body.id}`, { token: zone.token });
  expect(final.body.events.filter((e: { action: string }) => ['approve', 'reject'].includes(e.action))).toHaveLength(1);
});

test('enterprise B never sees enterprise A’s hazards; zone B sees nothing; inspectors only their own reports', async () => {
  const r = await report(safety.token);
  expect((await env.req('GET', `/api/v1/hazards/${r.body.id}`, { token: staffB.token })).status).toBe(404);
  const list = await env.req('GET', '/api/v1/hazards?pageSize=200', { token: staffB.token });
  expect(list.body.items.every((h: { enterpriseId: string }) => h.enterpriseId === entB.id)).toBe(true);
  expect((await env.req('GET', `/api/v1/hazards/${r.body.id}`, { token: other.token })).status).toBe(404);
  expect((await env.req('GET', '/api/v1/hazards', { token: other.token })).body.total).toBe(0);
  // An enterprise user reports only for its own enterprise, as self-check.
  expect((await report(staffB.token, { source: 'self_check' })).status).toBe(404);
  expect((await report(staffA.token, { source: 'grid_patrol' })).status).toBe(400);
  expect((await report(staffA.token, { source: 'self_check' })).status).toBe(201);
  const inspector = await userWithRole(env, zone, 'inspector');
  expect((await env.req('GET', '/api/v1/hazards', { token: inspector.token })).body.total).toBe(0);
});

test('the same submission twice with one Idempotency-Key creates one hazard', async () => {
  const em = tenantEm(env.api.c.orm, zone.tenant.id);
  const before = await em.count(Hazard, {});
  const key = 'offline-report-0001';
  const [a, b] = await Promise.all([
    report(grid.token, {}, { 'idempotency-key': key }),
    report(grid.token, {}, { 'idempotency-key': key }),
  ]);
  expect(a.body.id).toBe(b.body.id);
  const c = await report(grid.token, {}, { 'idempotency-key': key });
  expect(c.body.id).toBe(a.body.id);
  expect(await em.count(Hazard, {})).toBe(before + 1);
  const changed = await report(grid.token, { description: '另一段描述' }, { 'idempotency-key': key });
  expect(changed.status).toBe(422);
});

test('bad photos: another zone’s file, an unknown id or a non-image — refused and nothing saved', async () => {
  const em = tenantEm(env.api.c.orm, zone.tenant.id);
  const before = await em.count(Hazard, {});
  const foreign = (
    await env.req('POST', '/api/v1/files', {
      token: other.token,
      raw: multipart(await photoWithExif(), 'p.jpg', { purpose: 'hazard_photo' }, 'image/jpeg'),
    })
  ).body.id;
  expect((await report(grid.token, { photoIds: [foreign] })).status).toBe(404);
  expect((await report(grid.token, { photoIds: ['01a20af3-0000-7000-8000-000000000000'] })).status).toBe(404);
  const pdf = await env.req('POST', '/api/v1/files', {
    token: grid.token,
    raw: multipart(Buffer.from('%PDF-1.4\n%%EOF'), 'a.jpg', { purpose: 'hazard_photo' }),
  });
  expect(pdf.status).toBe(415);
  expect((await report(grid.token, { description: '短' })).status).toBe(400);
  expect(await em.count(Hazard, {})).toBe(before);
});

test('fixed on the spot by a grid worker closes at once; by the enterprise it goes for review', async () => {
  const photo = await upload(grid.token);
  const g = await report(grid.token, { fixedOnSpot: { photoIds: [photo], measures: '当场关闭配电箱门' } });
  expect(g.body).toMatchObject({ status: 'closed', grade: 'general', treatment: 'immediate' });
  const e = await report(staffA.token, {
    source: 'self_check',
    fixedOnSpot: { photoIds: [await upload(staffA.token)], measures: '已清理' },
  });
  expect(e.body.status).toBe('pending_review');
});

test('major hazards: a checklist clause makes it major; plan, listing, report and acceptance before closing', async () => {
  const list = await env.req('GET', `/api/v1/hazards/checklist?enterpriseId=${entA.id}`, { token: zone.token });
  expect(list.body.items.map((i: { code: string }) => i.code)).toEqual(expect.arrayContaining(['3-1', '3-2', '11-3']));
  expect(list.body.items.map((i: { code: string }) => i.code)).not.toContain('12-1'); // not an ammonia plant
  const r = await report(grid.token, {
    categoryCode: 'dust',
    description: '干式除尘系统未设置泄爆装置',
    majorChecklistItems: ['11-3'],
  });
  expect(r.body.grade).toBe('major');
  expect((await report(grid.token, { majorChecklistItems: ['99-9'] })).status).toBe(400);
  expect((await act(safety.token, r.body.id, { action: 'confirm', grade: 'general', responsibleName: '王' })).status).toBe(400);
  expect(
    (await act(safety.token, r.body.id, { action: 'fix_on_spot', photoIds: [await upload(safety.token)], measures: 'x' })).status,
  ).toBe(403);
  const c = await act(safety.token, r.body.id, { action: 'confirm', responsibleName: '骆志军' });
  expect(c.body).toMatchObject({ grade: 'major', treatment: 'deadline', deadlineDate: expect.any(String) });
  expect(
    (await env.req('POST', `/api/v1/hazards/${r.body.id}/supervision`, { token: staffA.token, body: { ledgerNo: 'x' } })).status,
  ).toBe(403);
  const listed = await env.req('POST', `/api/v1/hazards/${r.body.id}/supervision`, {
    token: safety.token,
    body: { ledgerNo: '督办〔2026〕1号' },
  });
  expect(listed.body.supervision).toMatchObject({ ledgerNo: '督办〔2026〕1号', cancelledAt: null });
  await env.req('POST', `/api/v1/hazards/${r.body.id}/reported-to-authority`, { token: staffA.token });
  const bad = await env.req('PUT', `/api/v1/hazards/${r.body.id}/governance-plan`, {
    token: staffA.token,
    body: { targets: '消除' },
  });
  expect(bad.status).toBe(400);
  await env.req('PUT', `/api/v1/hazards/${r.body.id}/governance-plan`, {
    token: staffA.token,
    body: {
      targets: '消除粉尘爆炸风险',
      methods: '加装泄爆片和隔爆阀',
      funding: '12万元',
      organisation: '设备部',
      timeline: '30日',
      safetyMeasures: '停用除尘系统期间停产打磨工序',
    },
  });
  await act(staffA.token, r.body.id, { action: 'submit', photoIds: [await upload(staffA.token)], measures: '已加装泄爆片' });
  const early = await act(safety.token, r.body.id, { action: 'approve' });
  expect(early.status).toBe(409);
  expect(early.body.detail).toContain('验收');
  await env.req('POST', `/api/v1/hazards/${r.body.id}/acceptance-request`, { token: staffA.token });
  const closed = await act(safety.token, r.body.id, { action: 'approve', comment: '验收合格，销号' });
  expect(closed.body).toMatchObject({
    status: 'closed',
    acceptedAt: expect.any(String),
    supervision: { cancelledAt: expect.any(String) },
    reportedToAuthorityAt: expect.any(String),
  });
});

test('an open major hazard colours the enterprise at least orange', async () => {
  const r = await report(grid.token, {
    categoryCode: 'management',
    description: '特种作业人员无证上岗',
    majorChecklistItems: ['3-2'],
    enterpriseId: entB.id,
  });
  expect(r.status).toBe(201);
  const end = Date.now() + 15000;
  let colour;
  do {
    colour = await env.req('GET', `/api/v1/enterprises/${entB.id}/colour`, { token: zone.token });
    if (colour.body.floor) break;
    await new Promise((res) => setTimeout(res, 200));
  } while (Date.now() < end);
  expect(colour.body).toMatchObject({ colour: 'orange', floor: { reason: '存在未销号重大隐患' } });
  expect(colour.body.contributions.find((x: { input: string }) => x.input === 'openMajorHazards').points).toBe(30);
});

test('extensions: requested by the enterprise, approved by the office, the deadline moves', async () => {
  const r = await report(grid.token);
  await act(safety.token, r.body.id, { action: 'confirm', grade: 'general', deadline: inDays(60), responsibleName: '王' });
  expect(
    (
      await env.req('POST', `/api/v1/hazards/${r.body.id}/extensions`, {
        token: staffA.token,
        body: { requestedDeadline: inDays(30), reason: '设备订货周期长' },
      })
    ).status,
  ).toBe(400);
  const x = await env.req('POST', `/api/v1/hazards/${r.body.id}/extensions`, {
    token: staffA.token,
    body: { requestedDeadline: inDays(90), reason: '设备订货周期长' },
  });
  expect(x.status).toBe(201);
  expect(
    (
      await env.req('POST', `/api/v1/hazards/${r.body.id}/extensions`, {
        token: staffA.token,
        body: { requestedDeadline: inDays(120), reason: '再延一次' },
      })
    ).status,
  ).toBe(409);
  expect(
    (await env.req('GET', `/api/v1/hazards/${r.body.id}`, { token: zone.token })).body.pendingExtension.requestedDeadline,
  ).toBe(inDays(90));
  expect(
    (
      await env.req('POST', `/api/v1/hazards/${r.body.id}/extensions/${x.body.id}/decision`, {
        token: staffA.token,
        body: { approve: true },
      })
    ).status,
  ).toBe(403);
  const ok = await env.req('POST', `/api/v1/hazards/${r.body.id}/extensions/${x.body.id}/decision`, {
    token: safety.token,
    body: { approve: true },
  });
  expect(ok.body).toMatchObject({ deadlineDate: inDays(90), pendingExtension: null });
});

test('ledger filters, statistics with reporting periods, Excel export and the notice (docx) with Chinese text', async () => {
  const overdue = await env.req('GET', '/api/v1/hazards?overdue=true', { token: zone.token });
  expect(overdue.status).toBe(200);
  const byStatus = await env.req('GET', '/api/v1/hazards?status=closed,pending_review&sort=-reportedAt', { token: zone.token });
  expect(byStatus.body.items.every((h: { status: string }) => ['closed', 'pending_review'].includes(h.status))).toBe(true);
  const stats = await env.req('GET', '/api/v1/hazards/stats?year=2026', { token: zone.token });
  expect(stats.body.byStatus.closed).toBeGreaterThanOrEqual(2);
  // a wrong year, however it is wrong, gets the city statistics' one message (0x7E9 read as 2025, empty as "< 2000")
  for (const bad of ['0x7E9', '2026.0', '%202026', '', 'abc', '2026&year=2027']) {
    const x = await env.req('GET', `/api/v1/hazards/stats?year=${bad}`, { token: zone.token });
    expect([bad, x.status, x.body.errors?.[0]?.message]).toEqual([bad, 400, '年份应为 2000 至 2100 之间的四位数字，如 2026']);
  }
  expect(stats.body.onTimeRate).toBe(1);
  expect(stats.body.periods.map((p: { dueOn: string }) => p.dueOn)).toEqual([
    '2026-04-15',
    '2026-07-15',
    '2026-10-15',
    '2027-01-15',
    '2027-01-31',
  ]);
  const x = await fetch(`${env.url}/api/v1/hazards/export?status=closed`, { headers: { authorization: `Bearer ${zone.token}` } });
  expect(x.headers.get('content-type')).toContain('spreadsheetml');
  const one = (await env.req('GET', '/api/v1/hazards?pageSize=1', { token: zone.token })).body.items[0];
  const doc = await fetch(`${env.url}/api/v1/hazards/${one.id}/notice`, { headers: { authorization: `Bearer ${zone.token}` } });
  expect(doc.headers.get('content-type')).toContain('wordprocessingml');
  const xml = await (await JSZip.loadAsync(await doc.arrayBuffer())).file('word/document.xml')!.async('string');
  expect(xml).toContain('隐患整改通知书');
  expect(xml).toContain(one.code);
  expect(xml).toContain('宋体');
});

test('bulk actions are checked one by one', async () => {
  const a = await report(grid.token);
  const b = await report(grid.token);
  // An id the caller cannot see: nothing is done at all.
  const unknown = await env.req('POST', '/api/v1/hazards/bulk', {
    token: safety.token,
    body: { ids: [a.body.id, uuidv7()], action: 'dismiss', reason: '重复上报' },
  });
  expect(unknown.status).toBe(404);
  expect((await env.req('GET', `/api/v1/hazards/${a.body.id}`, { token: safety.token })).body.status).toBe('reported');
  await env.req('POST', '/api/v1/hazards/bulk', {
    token: safety.token,
    body: { ids: [b.body.id], action: 'dismiss', reason: '重复上报' },
  });
  // Each hazard is then checked on its own: one can be dismissed, the other already was.
  const r = await env.req('POST', '/api/v1/hazards/bulk', {
    token: safety.token,
    body: { ids: [a.body.id, b.body.id], action: 'dismiss', reason: '重复上报' },
  });
  expect(r.body.results.map((x: { ok: boolean; code: string | null }) => [x.ok, x.code])).toEqual([
    [true, null],
    [false, 'invalid_transition'],
  ]);
  expect(
    (
      await env.req('POST', '/api/v1/hazards/bulk', {
        token: staffA.token,
        body: { ids: [a.body.id], action: 'dismiss', reason: 'x' },
      })
    ).status,
  ).toBe(403);
});

test('四眼原则: an officer neither reviews a rectification they submitted nor decides an extension they asked for', async () => {
  const second = await userWithRole(env, zone, 'safety_officer');
  const r = await report(grid.token);
  const id = r.body.id as string;
  await act(safety.token, id, { action: 'confirm', grade: 'general', deadline: inDays(20), responsibleName: '王' });
  // The office asks for an extension (an enterprise without accounts phoned): another officer decides it.
  const x = await env.req('POST', `/api/v1/hazards/${id}/extensions`, {
    token: safety.token,
    body: { requestedDeadline: inDays(40), reason: '企业来电：设备订货周期长' },
  });
  expect(x.status).toBe(201);
  const decide = (token: string) =>
    env.req('POST', `/api/v1/hazards/${id}/extensions/${x.body.id}/decision`, { token, body: { approve: true } });
  const own = await decide(safety.token);
  expect(own.status).toBe(403);
  expect(own.body.detail ?? own.body.title).toContain('不能审批自己提出的延期申请');
  expect((await decide(second.token)).body).toMatchObject({ deadlineDate: inDays(40), pendingExtension: null });
  // The office submits the rectification on the enterprise's behalf: it may not review it itself.
  const photo = await upload(safety.token);
  expect((await act(safety.token, id, { action: 'submit', photoIds: [photo], measures: '已清理通道' })).body.status).toBe(
    'pending_review',
  );
  const mine = await env.req('GET', `/api/v1/hazards/${id}`, { token: safety.token });
  expect(mine.body.availableActions).not.toContain('approve');
  expect((await act(safety.token, id, { action: 'approve', comment: '合格' })).status).toBe(403);
  expect((await act(safety.token, id, { action: 'reject', comment: '不合格' })).status).toBe(403);
  const theirs = await env.req('GET', `/api/v1/hazards/${id}`, { token: second.token });
  expect(theirs.body.availableActions).toEqual(expect.arrayContaining(['approve', 'reject']));
  expect((await act(second.token, id, { action: 'approve', comment: '复核合格' })).body.status).toBe('closed');
});

test("an unknown status in the ledger filter is a 400 in the caller's language, not an empty list", async () => {
  const zh = await env.req('GET', '/api/v1/hazards?status=foo', { token: zone.token });
  expect(zh.status).toBe(400);
  expect(zh.body.errors[0]).toMatchObject({ path: 'query.status', message: expect.stringContaining('状态只能是') });
  const en = await env.req('GET', '/api/v1/hazards?status=rectifying,foo', {
    token: zone.token,
    headers: { 'accept-language': 'en' },
  });
  expect(en.body.errors[0].message).toContain('status must be one of');
  expect((await env.req('GET', '/api/v1/hazards?status=rectifying,closed', { token: zone.token })).status).toBe(200);
});

test('a refused report takes no ledger number: the numbers run on without a gap', async () => {
  const seq = (code: string) => Number(code.split('-').at(-1));
  const first = await report(grid.token);
  expect(first.status).toBe(201);
  // A major hazard cannot be fixed on the spot: refused (it used to be refused after its number was drawn).
  const photo = await upload(grid.token);
  const refused = await report(grid.token, {
    majorChecklistItems: ['11-3'],
    fixedOnSpot: { photoIds: [photo], measures: '当场处理' },
  });
  expect([refused.status, refused.body.errors?.[0]?.path]).toEqual([400, 'fixedOnSpot']);
  const next = await report(grid.token);
  expect(seq(next.body.code)).toBe(seq(first.body.code) + 1);
});
