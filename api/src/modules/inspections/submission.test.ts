import JSZip from 'jszip';
import { addDays } from '@yuanan/domain';
import { tenantEm } from '../../core/db/orm.ts';
import { createTestEnv, userWithRole, zoneWithAdmin, type TestEnv } from '../../testing/test-env.ts';
import { Hazard } from '../hazards/hazard.entity.ts';
import { InspectionTask } from './inspection.entity.ts';
import {
  MAJOR_CLAUSE,
  mkAgency,
  mkEnterprise,
  mkTask,
  mkTemplate,
  north,
  readTask,
  SECTIONS,
  today,
  uploadPhoto,
  uploadSignature,
} from './perform-fixtures.ts';

/**
 * 提交检查记录: the answers are checked against the task's template version; each failed item raises one hazard
 * (grade, basis, photos, source), the task is done once — an offline retry with the same Idempotency-Key replays,
 * another key is 409 — and tasks outside the caller's scope or contract do not exist for them. Then the record as
 * Word, and the re-check before an inspection's hazard may close.
 */
let env: TestEnv;
let zone: Awaited<ReturnType<typeof zoneWithAdmin>>;
let other: Awaited<ReturnType<typeof zoneWithAdmin>>;
let entA: string;
let entB: string;
let foreignEnt: string;
let template: string;
let safety: { token: string; id: string };
let safety2: { token: string; id: string };
let grid: { token: string; id: string };
let staffA: { token: string; id: string };
let photo: string;
let signature: string;

let keySeq = 0;
const key = () => `submit-${process.pid}-${++keySeq}-${Date.now()}`;

beforeAll(async () => {
  env = await createTestEnv();
  zone = await zoneWithAdmin(env, 'insub');
  other = await zoneWithAdmin(env, 'insubb');
  entA = await mkEnterprise(env, zone.tenant.id, '提交测试企业甲');
  entB = await mkEnterprise(env, zone.tenant.id, '提交测试企业乙');
  foreignEnt = await mkEnterprise(env, other.tenant.id, '别的园区企业');
  template = await mkTemplate(env, zone.tenant.id);
  safety = await userWithRole(env, zone, 'safety_officer');
  safety2 = await userWithRole(env, zone, 'safety_officer');
  grid = await userWithRole(env, zone, 'grid_worker');
  staffA = await userWithRole(env, zone, 'enterprise_admin', { enterpriseId: entA });
  photo = await uploadPhoto(env, grid.token);
  signature = await uploadSignature(env, grid.token);
});
afterAll(() => env.close());

const checkIn = (token: string, id: string) =>
  env.req('POST', `/api/v1/inspection-tasks/${id}/check-in`, {
    token,
    body: { method: 'gps', ...north(30), at: new Date().toISOString() },
  });
const submit = (token: string, id: string, body: Record<string, unknown>, idempotencyKey: string | null = key()) =>
  env.req('POST', `/api/v1/inspection-tasks/${id}/submit`, {
    token,
    body,
    headers: idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {},
  });
/** permit ✗ (major clause), oxygen 17 % ✗ (with a photo), sign 缺失 ✗, remark empty. */
const failing = (over: Record<string, unknown> = {}, photos = { photo, signature }) => ({
  templateId: template,
  answers: [
    { itemKey: 'permit', value: false, photos: [], note: '无审批单' },
    { itemKey: 'oxygen', value: 17, photos: [{ fileId: photos.photo, ...north(10) }] },
    { itemKey: 'sign', value: 'missing', photos: [] },
    { itemKey: 'remark', value: '', photos: [] },
  ],
  signature: { fileId: photos.signature, signerName: '王立新' },
  finishedAt: new Date().toISOString(),
  ...over,
});
const passing = (photos = { photo, signature }) =>
  failing(
    {
      answers: [
        { itemKey: 'permit', value: true, photos: [] },
        { itemKey: 'oxygen', value: 20.9, photos: [{ fileId: photos.photo }] },
        { itemKey: 'sign', value: 'ok', photos: [] },
      ],
    },
    photos,
  );
const hazardsOf = (enterpriseId: string) => tenantEm(env.api.c.orm, zone.tenant.id).count(Hazard, { enterpriseId });

test('a grid worker’s inspection: one reported hazard per failed item, with grade, basis, photos and source', async () => {
  const id = await mkTask(env, zone.tenant.id, { enterpriseId: entA, templateId: template, assigneeUserId: grid.id });
  expect((await checkIn(grid.token, id)).status).toBe(200);
  const r = await submit(grid.token, id, failing());
  expect(r.status).toBe(200);
  expect(r.body).toMatchObject({ status: 'done', late: false, summary: { items: 4, passed: 0, failed: 3, na: 1 } });
  expect(r.body.hazardIds).toHaveLength(3);
  expect(r.body.answers.map((a: any) => [a.itemKey, a.outcome, a.hazardId !== null])).toEqual([
    ['permit', 'fail', true],
    ['oxygen', 'fail', true],
    ['sign', 'fail', true],
    ['remark', 'na', false],
  ]);
  expect(r.body.signature).toMatchObject({ fileId: signature, signerName: '王立新' });
  expect(r.body.hazards.map((h: any) => h.itemKey).sort()).toEqual(['oxygen', 'permit', 'sign']);

  const hazard = async (itemKey: string) => {
    const hid = r.body.answers.find((a: any) => a.itemKey === itemKey).hazardId;
    const h = await env.req('GET', `/api/v1/hazards/${hid}`, { token: safety.token });
    expect(h.status).toBe(200);
    return h.body;
  };
  const permit = await hazard('permit');
  expect(permit).toMatchObject({
    status: 'reported',
    source: 'grid_patrol',
    grade: 'major',
    majorChecklistItems: [MAJOR_CLAUSE],
    legalBasis: SECTIONS[0]!.items[0]!.legalBasis,
    categoryCode: 'confined_space',
    enterpriseId: entA,
  });
  expect(permit.description).toContain('是否办理有限空间作业审批手续');
  expect(permit.description).toContain('无审批单');
  const oxygen = await hazard('oxygen');
  expect(oxygen).toMatchObject({ status: 'reported', grade: null, categoryCode: 'confined_space', majorChecklistItems: [] });
  expect(oxygen.photos.map((p: any) => p.id)).toEqual([photo]);
  expect(oxygen.description).toContain('实测 17%');
  expect(oxygen.lat).toBeCloseTo(north(10).lat, 6);
  const sign = await hazard('sign');
  expect(sign).toMatchObject({ categoryCode: 'other', legalBasis: null });
  expect(sign.description).toContain('缺失');

  // the record, in Word
  const doc = await fetch(`${env.url}/api/v1/inspection-tasks/${id}/record.docx`, {
    headers: { authorization: `Bearer ${safety.token}` },
  });
  expect(doc.status).toBe(200);
  expect(doc.headers.get('content-type')).toContain('wordprocessingml');
  const xml = await (await JSZip.loadAsync(await doc.arrayBuffer())).file('word/document.xml')!.async('string');
  expect(xml).toContain('安全生产检查记录');
  expect(xml).toContain('提交测试企业甲');
  expect(xml).toContain(permit.code);
  expect(xml).toContain('不合格 3 项');
  expect(xml).toContain('测试grid_worker'); // the inspector: who checked in
  expect(xml).toContain('王立新');
});

test('office staff inspecting: the hazards are confirmed at once (major with its clause)', async () => {
  const p = { photo: await uploadPhoto(env, safety.token), signature: await uploadSignature(env, safety.token) };
  const id = await mkTask(env, zone.tenant.id, { enterpriseId: entB, templateId: template, assigneeUserId: safety.id });
  expect((await checkIn(safety.token, id)).status).toBe(200);
  const r = await submit(safety.token, id, failing({}, p));
  expect(r.status).toBe(200);
  const rows = await tenantEm(env.api.c.orm, zone.tenant.id).find(Hazard, { id: { $in: r.body.hazardIds } });
  expect(rows.map((h) => [h.status, h.grade, h.source]).sort()).toEqual([
    ['confirmed', 'general', 'safety_inspection'],
    ['confirmed', 'general', 'safety_inspection'],
    ['confirmed', 'major', 'safety_inspection'],
  ]);
  expect(rows.every((h) => h.deadline instanceof Date && h.responsibleName === '张三')).toBe(true);
});

test('an offline retry with the same Idempotency-Key saves once; another key after done is 409', async () => {
  const id = await mkTask(env, zone.tenant.id, { enterpriseId: entA, templateId: template, assigneeUserId: grid.id });
  await checkIn(grid.token, id);
  const before = await hazardsOf(entA);
  const k = key();
  const body = failing();
  const first = await submit(grid.token, id, body, k);
  expect(first.status).toBe(200);
  const retry = await submit(grid.token, id, body, k);
  expect(retry.status).toBe(200);
  expect(retry.headers.get('idempotent-replayed')).toBe('true');
  expect(retry.body.hazardIds).toEqual(first.body.hazardIds);
  expect(await hazardsOf(entA)).toBe(before + 3);

  const again = await submit(grid.token, id, body);
  expect([again.status, again.body.code]).toEqual([409, 'already_decided']);
  expect(await hazardsOf(entA)).toBe(before + 3);
  // without a key at all: refused before anything
  const id2 = await mkTask(env, zone.tenant.id, { enterpriseId: entA, templateId: template, assigneeUserId: grid.id });
  await checkIn(grid.token, id2);
  const none = await submit(grid.token, id2, body, null);
  expect(none.status).toBe(400);
  expect((await readTask(env, zone.tenant.id, id2)).status).toBe('in_progress');
});

test('two submissions at once with different keys: one wins, the other is 409, hazards raised once', async () => {
  const id = await mkTask(env, zone.tenant.id, { enterpriseId: entA, templateId: template, assigneeUserId: grid.id });
  await checkIn(grid.token, id);
  const before = await hazardsOf(entA);
  const [a, b] = await Promise.all([submit(grid.token, id, failing()), submit(grid.token, id, failing())]);
  expect([a.status, b.status].sort()).toEqual([200, 409]);
  expect(await hazardsOf(entA)).toBe(before + 3);
});

test('wrong answers are a problem+json 4xx and nothing is saved', async () => {
  const id = await mkTask(env, zone.tenant.id, { enterpriseId: entA, templateId: template, assigneeUserId: grid.id });
  // not checked in
  const early = await submit(grid.token, id, passing());
  expect([early.status, early.body.code]).toEqual([409, 'invalid_transition']);
  await checkIn(grid.token, id);
  const newer = await mkTemplate(env, zone.tenant.id, SECTIONS, 2);
  const ok = passing();
  const cases: Array<[string, Record<string, unknown>, number, string]> = [
    ['another template version', { ...ok, templateId: newer }, 422, 'templateId'],
    [
      'an unknown item',
      { ...ok, answers: [...(ok.answers as object[]), { itemKey: 'ladder', value: true, photos: [] }] },
      422,
      'answers.3.itemKey',
    ],
    [
      'a required photo missing',
      { ...ok, answers: (ok.answers as any[]).map((a) => (a.itemKey === 'oxygen' ? { ...a, photos: [] } : a)) },
      422,
      'answers.1.photos',
    ],
    [
      'a text for a yes/no item',
      { ...ok, answers: (ok.answers as any[]).map((a) => (a.itemKey === 'permit' ? { ...a, value: '是' } : a)) },
      422,
      'answers.0.value',
    ],
    [
      'an option the item does not have',
      { ...ok, answers: (ok.answers as any[]).map((a) => (a.itemKey === 'sign' ? { ...a, value: 'maybe' } : a)) },
      422,
      'answers.2.value',
    ],
    ['an item left out', { ...ok, answers: (ok.answers as any[]).filter((a) => a.itemKey !== 'permit') }, 422, 'answers'],
    [
      'another zone’s photo',
      {
        ...ok,
        answers: (ok.answers as any[]).map((a) =>
          a.itemKey === 'oxygen' ? { ...a, photos: [{ fileId: '01a20af3-0000-7000-8000-000000000000' }] } : a,
        ),
      },
      404,
      '',
    ],
  ];
  const before = await hazardsOf(entA);
  for (const [what, body, status, path] of cases) {
    const r = await submit(grid.token, id, body);
    expect([what, r.status, r.headers.get('content-type')]).toEqual([what, status, expect.stringContaining('problem+json')]);
    if (path) expect([what, r.body.errors?.map((e: any) => e.path)]).toEqual([what, expect.arrayContaining([path])]);
  }
  expect(await hazardsOf(entA)).toBe(before);
  const row = await readTask(env, zone.tenant.id, id);
  expect([row.status, row.answers, row.summary]).toEqual(['in_progress', null, null]);
  // and the right answers then go through
  expect((await submit(grid.token, id, passing())).body).toMatchObject({ status: 'done', hazardIds: [] });
});

test('late: completed after the task was due', async () => {
  const id = await mkTask(env, zone.tenant.id, {
    enterpriseId: entA,
    templateId: template,
    assigneeUserId: grid.id,
    dueInDays: 0,
  });
  await checkIn(grid.token, id);
  const em = tenantEm(env.api.c.orm, zone.tenant.id);
  const t = await em.findOneOrFail(InspectionTask, { id });
  t.dueAt = new Date(Date.now() - 60_000); // the sweep leaves a started task in progress past its due time
  await em.flush();
  const r = await submit(grid.token, id, passing());
  expect(r.body).toMatchObject({ status: 'done', late: true });
});

test('another enterprise’s or zone’s task is 404; an inspector’s contract ended yesterday refuses it', async () => {
  const taskB = await mkTask(env, zone.tenant.id, { enterpriseId: entB, templateId: template, kind: 'self_check' });
  expect((await checkIn(staffA.token, taskB)).status).toBe(404);
  expect((await submit(staffA.token, taskB, passing())).status).toBe(404);
  const foreignTemplate = await mkTemplate(env, other.tenant.id);
  const foreignTask = await mkTask(env, other.tenant.id, { enterpriseId: foreignEnt, templateId: foreignTemplate });
  expect((await submit(safety.token, foreignTask, { ...passing(), templateId: foreignTemplate })).status).toBe(404);

  // the enterprise's own self-inspection: hazards are 企业自查 and wait for confirmation
  const p = { photo: await uploadPhoto(env, staffA.token), signature: await uploadSignature(env, staffA.token) };
  const self = await mkTask(env, zone.tenant.id, { enterpriseId: entA, templateId: template, kind: 'self_check' });
  expect((await checkIn(staffA.token, self)).status).toBe(200);
  const mine = await submit(staffA.token, self, failing({}, p));
  expect(mine.status).toBe(200);
  const own = await tenantEm(env.api.c.orm, zone.tenant.id).find(Hazard, { id: { $in: mine.body.hazardIds } });
  expect(own.map((h) => [h.source, h.status])).toEqual([
    ['self_check', 'reported'],
    ['self_check', 'reported'],
    ['self_check', 'reported'],
  ]);

  // third-party inspectors: within the contract window they inspect; the day after its end they are refused
  const inspector = await userWithRole(env, zone, 'inspector');
  const lapsed = await userWithRole(env, zone, 'inspector');
  const agency = await mkAgency(env, zone.tenant.id, [inspector.id], [entA], addDays(today(), -30), addDays(today(), 30));
  const oldAgency = await mkAgency(env, zone.tenant.id, [lapsed.id], [entA], addDays(today(), -30), addDays(today(), -1));
  const oldTask = await mkTask(env, zone.tenant.id, { enterpriseId: entA, templateId: template, agencyId: oldAgency });
  expect((await checkIn(lapsed.token, oldTask)).status).toBe(404);
  expect((await submit(lapsed.token, oldTask, passing())).status).toBe(404);
  expect((await readTask(env, zone.tenant.id, oldTask)).status).toBe('open');

  const ip = { photo: await uploadPhoto(env, inspector.token), signature: await uploadSignature(env, inspector.token) };
  const agencyTask = await mkTask(env, zone.tenant.id, { enterpriseId: entA, templateId: template, agencyId: agency });
  expect((await checkIn(inspector.token, agencyTask)).status).toBe(200);
  const done = await submit(inspector.token, agencyTask, failing({}, ip));
  expect(done.status).toBe(200);
  const third = await tenantEm(env.api.c.orm, zone.tenant.id).find(Hazard, { id: { $in: done.body.hazardIds } });
  expect(third.map((h) => h.source)).toEqual(['third_party', 'third_party', 'third_party']);
});

test('re-check required: the submitted rectification gets a re-check task, and the hazard closes only after it', async () => {
  const settings = await env.req('PATCH', '/api/v1/tenant/settings', {
    token: zone.token,
    body: { inspectionRecheckRequired: true },
  });
  expect(settings.status).toBe(200);
  env.api.c.tenants.invalidate();

  const id = await mkTask(env, zone.tenant.id, { enterpriseId: entA, templateId: template, assigneeUserId: grid.id });
  await checkIn(grid.token, id);
  const r = await submit(
    grid.token,
    id,
    failing({
      answers: [
        { itemKey: 'permit', value: true, photos: [] },
        { itemKey: 'oxygen', value: 20.9, photos: [{ fileId: photo }] },
        { itemKey: 'sign', value: 'missing', photos: [], note: '东侧入口无警示牌' },
      ],
    }),
  );
  expect(r.body.hazardIds).toHaveLength(1);
  const hid = r.body.hazardIds[0];
  const act = async (token: string, action: string, extra: Record<string, unknown> = {}) => {
    const h = await env.req('GET', `/api/v1/hazards/${hid}`, { token: safety.token });
    return env.req('POST', `/api/v1/hazards/${hid}/transitions`, {
      token,
      body: { action, version: h.body.version, ...extra },
    });
  };
  expect((await act(safety.token, 'confirm', { grade: 'general', responsibleName: '张三' })).status).toBe(200);
  const after = await uploadPhoto(env, staffA.token);
  expect((await act(staffA.token, 'submit', { photoIds: [after], measures: '已设置警示牌' })).status).toBe(200);

  const em = tenantEm(env.api.c.orm, zone.tenant.id);
  const rechecks = await em.find(InspectionTask, { recheckOfHazardId: hid });
  expect(rechecks).toHaveLength(1);
  const recheck = rechecks[0]!;
  expect(recheck).toMatchObject({ kind: 'recheck', status: 'open', assigneeUserId: grid.id, enterpriseId: entA });

  const refused = await act(safety.token, 'approve');
  expect([refused.status, refused.body.code]).toEqual([409, 'invalid_transition']);
  expect(refused.body.detail).toContain('复查');

  // the re-check asks only the item that failed; answering it again as failing blocks the close too
  await checkIn(grid.token, recheck.id);
  const recheckFail = await submit(grid.token, recheck.id, {
    ...passing(),
    answers: [{ itemKey: 'sign', value: 'missing', photos: [] }],
  });
  expect(recheckFail.body).toMatchObject({ status: 'done', hazardIds: [], summary: { items: 1, failed: 1 } });
  expect((await act(safety.token, 'approve')).status).toBe(409);
  // sent back, rectified again: a new re-check, passed this time, and the review passes
  expect((await act(safety.token, 'reject', { comment: '警示牌仍未设置' })).status).toBe(200);
  expect((await act(staffA.token, 'submit', { photoIds: [after], measures: '已重新设置警示牌' })).status).toBe(200);
  const second = await em.fork().findOneOrFail(InspectionTask, { recheckOfHazardId: hid, status: 'open' });
  await checkIn(grid.token, second.id);
  const recheckPass = await submit(grid.token, second.id, { ...passing() });
  expect(recheckPass.body).toMatchObject({ status: 'done', summary: { items: 1, passed: 1, failed: 0 } });
  const closed = await act(safety2.token, 'approve');
  expect([closed.status, closed.body.status]).toEqual([200, 'closed']);
});

test('only the person who last checked in may submit (409 otherwise); the record names them as inspector', async () => {
  const id = await mkTask(env, zone.tenant.id, { enterpriseId: entA, templateId: template });
  const p1 = { photo: await uploadPhoto(env, safety.token), signature: await uploadSignature(env, safety.token) };
  const p2 = { photo: await uploadPhoto(env, safety2.token), signature: await uploadSignature(env, safety2.token) };
  expect((await checkIn(safety.token, id)).status).toBe(200);
  const other = await submit(safety2.token, id, passing(p2));
  expect([other.status, other.body.code]).toEqual([409, 'invalid_transition']);
  expect(other.body.detail ?? other.body.title).toMatch(/签到|checked in/);
  expect((await readTask(env, zone.tenant.id, id)).status).toBe('in_progress');
  // safety2 checks in after: now only safety2 may submit
  expect((await checkIn(safety2.token, id)).status).toBe(200);
  expect((await submit(safety.token, id, passing(p1))).status).toBe(409);
  const ok = await submit(safety2.token, id, passing(p2));
  expect(ok.status).toBe(200);
  expect(ok.body.checkIn.by.userId).toBe(safety.id);
  expect(ok.body.checkIn.attempts[0].by.userId).toBe(safety2.id);
});

test('a file is proof once per submission and only when the submitter uploaded it: 422 with the path', async () => {
  const id = await mkTask(env, zone.tenant.id, { enterpriseId: entA, templateId: template, assigneeUserId: grid.id });
  await checkIn(grid.token, id);
  const mine = { photo: await uploadPhoto(env, grid.token), signature: await uploadSignature(env, grid.token) };
  const theirs = await uploadPhoto(env, safety.token);
  const base = passing(mine);
  const withAnswers = (f: (a: any) => any) => ({ ...base, answers: (base.answers as any[]).map(f) });
  const cases: Array<[string, Record<string, unknown>, string, string]> = [
    [
      'the photo as the signature',
      { ...base, signature: { fileId: mine.photo, signerName: '王立新' } },
      'signature.fileId',
      'duplicate_file',
    ],
    [
      'one photo twice on an item',
      withAnswers((a) => (a.itemKey === 'oxygen' ? { ...a, photos: [{ fileId: mine.photo }, { fileId: mine.photo }] } : a)),
      'answers.1.photos.1.fileId',
      'duplicate_file',
    ],
    [
      'one photo on two items',
      withAnswers((a) => (a.itemKey === 'permit' ? { ...a, photos: [{ fileId: mine.photo }] } : a)),
      'answers.1.photos.0.fileId',
      'duplicate_file',
    ],
    [
      'someone else’s upload',
      withAnswers((a) => (a.itemKey === 'oxygen' ? { ...a, photos: [{ fileId: theirs }] } : a)),
      'answers.1.photos.0.fileId',
      'file_not_yours',
    ],
  ];
  for (const [what, body, path, code] of cases) {
    const r = await submit(grid.token, id, body);
    expect([what, r.status]).toEqual([what, 422]);
    expect([what, r.body.errors?.[0]]).toEqual([what, expect.objectContaining({ path, code })]);
  }
  expect((await readTask(env, zone.tenant.id, id)).status).toBe('in_progress');
  expect((await submit(grid.token, id, base)).status).toBe(200);
});
