import { buildCreditCode, addDays, localDate } from '@yuanan/domain';
import { multipart, photoWithExif } from '../../testing/fixtures.ts';
import { createTestEnv, userWithRole, zoneWithAdmin, type HttpResult, type TestEnv } from '../../testing/test-env.ts';
import { tenantEm } from '../../core/db/orm.ts';
import { HazardExtension } from './hazard.entity.ts';

/** A date `n` days from today in the test zones (Asia/Shanghai): deadlines are refused more than a year ahead. */
const inDays = (n: number) => addDays(localDate(new Date(), 'Asia/Shanghai'), n);

// Every decision on a hazard sent twice at the same moment: exactly one wins, the loser hears 409 problem+json,
// and the hazard ends consistent with the winner. Several trials per case: a race shows only sometimes.
const TRIALS = 5;

let env: TestEnv;
let zone: Awaited<ReturnType<typeof zoneWithAdmin>>;
let ent: { id: string };
let safety: { token: string };
let grid: { token: string };
let staff: { token: string };
let staff2: { token: string };

beforeAll(async () => {
  env = await createTestEnv();
  zone = await zoneWithAdmin(env, 'hzrace');
  ent = (
    await env.req('POST', '/api/v1/enterprises', {
      token: zone.token,
      body: { creditCode: buildCreditCode('91', '330782', 'MA2X0001'), name: '竞态隐患企业', principalName: '张三' },
    })
  ).body;
  safety = await userWithRole(env, zone, 'safety_officer');
  grid = await userWithRole(env, zone, 'grid_worker');
  staff = await userWithRole(env, zone, 'enterprise_admin', { enterpriseId: ent.id });
  staff2 = await userWithRole(env, zone, 'enterprise_staff', { enterpriseId: ent.id });
});
afterAll(() => env.close());

const get = async (id: string) => (await env.req('GET', `/api/v1/hazards/${id}`, { token: zone.token })).body;
async function act(token: string, id: string, body: Record<string, unknown>, version?: number) {
  return env.req('POST', `/api/v1/hazards/${id}/transitions`, {
    token,
    body: { version: version ?? (await get(id)).version, ...body },
  });
}
async function reported(extra: Record<string, unknown> = {}) {
  const r = await env.req('POST', '/api/v1/hazards', {
    token: grid.token,
    body: { enterpriseId: ent.id, source: 'grid_patrol', categoryCode: 'electrical', description: '配电箱门缺失', ...extra },
  });
  expect(r.status).toBe(201);
  return r.body.id as string;
}
async function confirmed(extra: Record<string, unknown> = {}) {
  const id = await reported(extra);
  const c = await act(safety.token, id, { action: 'confirm', grade: 'general', deadline: inDays(60), responsibleName: '王' });
  expect(c.status).toBe(200);
  return id;
}
const upload = async (token: string) =>
  (
    await env.req('POST', '/api/v1/files', {
      token,
      raw: multipart(await photoWithExif(), 'p.jpg', { purpose: 'hazard_photo' }, 'image/jpeg'),
    })
  ).body.id as string;

function oneWins(rs: HttpResult[], codes: string[], ok = 200): HttpResult {
  expect(rs.map((r) => r.status).sort()).toEqual([ok, 409].sort());
  const loser = rs.find((r) => r.status === 409)!;
  expect(loser.headers.get('content-type')).toContain('application/problem+json');
  expect(codes).toContain(loser.body.code);
  return rs.find((r) => r.status === ok)!;
}
const extend = (id: string, token: string, to: string) =>
  env.req('POST', `/api/v1/hazards/${id}/extensions`, { token, body: { requestedDeadline: to, reason: '设备订货周期长' } });

test('two extension requests for one hazard sent together: one 201, the other 409 "已有待审批的延期申请"', async () => {
  for (let i = 0; i < TRIALS; i++) {
    const id = await confirmed();
    const rs = await Promise.all([extend(id, staff.token, inDays(90)), extend(id, staff2.token, inDays(120))]);
    const won = oneWins(rs, ['extension_pending'], 201);
    expect(rs.find((r) => r.status === 409)!.body.title).toContain('已有待审批的延期申请');
    const em = tenantEm(env.api.c.orm, zone.tenant.id);
    expect(await em.count(HazardExtension, { hazardId: id, status: 'pending' })).toBe(1);
    expect((await get(id)).pendingExtension.id).toBe(won.body.id);
  }
});

test('approve and reject of one extension sent together: one wins; the deadline moves only when approved', async () => {
  for (let i = 0; i < TRIALS; i++) {
    const id = await confirmed();
    const x = await extend(id, staff.token, inDays(90));
    expect(x.status).toBe(201);
    const decide = (approve: boolean, token: string) =>
      env.req('POST', `/api/v1/hazards/${id}/extensions/${x.body.id}/decision`, { token, body: { approve } });
    const rs = await Promise.all([decide(true, zone.token), decide(false, safety.token)]);
    oneWins(rs, ['already_decided']);
    const em = tenantEm(env.api.c.orm, zone.tenant.id);
    const ext = await em.findOneOrFail(HazardExtension, { id: x.body.id });
    const h = await get(id);
    expect(h.deadlineDate).toBe(ext.status === 'approved' ? inDays(90) : inDays(60));
    expect(h.pendingExtension).toBeNull();
  }
});

test('review: approve and reject of one rectification sent together — one wins', async () => {
  for (let i = 0; i < TRIALS; i++) {
    const id = await confirmed();
    const photo = await upload(staff.token);
    expect((await act(staff.token, id, { action: 'submit', photoIds: [photo], measures: '已装门' })).status).toBe(200);
    const v = (await get(id)).version;
    const rs = await Promise.all([
      act(zone.token, id, { action: 'approve' }, v),
      act(safety.token, id, { action: 'reject', comment: '照片不清' }, v),
    ]);
    oneWins(rs, ['conflict', 'invalid_transition']);
    const h = await get(id);
    expect(h.status).toBe(rs.find((r) => r.status === 200)!.body.status);
  }
});

test('grading: confirm and dismiss of one report sent together — one wins', async () => {
  for (let i = 0; i < TRIALS; i++) {
    const id = await reported();
    const v = (await get(id)).version;
    const rs = await Promise.all([
      act(zone.token, id, { action: 'confirm', grade: 'general', responsibleName: '王' }, v),
      act(safety.token, id, { action: 'dismiss', reason: '重复上报' }, v),
    ]);
    oneWins(rs, ['conflict', 'invalid_transition']);
    expect((await get(id)).status).toBe(rs.find((r) => r.status === 200)!.body.status);
  }
});

async function majorConfirmed() {
  // Any clause of the statutory checklist that applies to this enterprise makes it major.
  const list = await env.req('GET', `/api/v1/hazards/checklist?enterpriseId=${ent.id}`, { token: zone.token });
  const clause = list.body.items[0].code as string;
  const id = await reported({ categoryCode: 'management', description: '特种作业人员无证上岗', majorChecklistItems: [clause] });
  expect((await act(safety.token, id, { action: 'confirm', responsibleName: '骆' })).status).toBe(200);
  return id;
}

test('挂牌督办 sent twice together: listed once, by the winner', async () => {
  for (let i = 0; i < TRIALS; i++) {
    const id = await majorConfirmed();
    const list = (token: string, no: string) =>
      env.req('POST', `/api/v1/hazards/${id}/supervision`, { token, body: { ledgerNo: no } });
    const rs = await Promise.all([list(zone.token, '督办〔2026〕1号'), list(safety.token, '督办〔2026〕2号')]);
    const won = oneWins(rs, ['already_decided', 'conflict']);
    expect((await get(id)).supervision.ledgerNo).toBe(won.body.supervision.ledgerNo);
  }
});

test('the report to the authority and the acceptance request, each sent twice together: recorded once', async () => {
  for (let i = 0; i < TRIALS; i++) {
    const id = await majorConfirmed();
    const rep = () => env.req('POST', `/api/v1/hazards/${id}/reported-to-authority`, { token: staff.token });
    oneWins(await Promise.all([rep(), rep()]), ['already_decided', 'conflict']);
    const plan = await env.req('PUT', `/api/v1/hazards/${id}/governance-plan`, {
      token: staff.token,
      body: {
        targets: '消除',
        methods: '泄爆片',
        funding: '1万元',
        organisation: '设备部',
        timeline: '30日',
        safetyMeasures: '停产',
      },
    });
    expect(plan.status).toBe(200);
    expect(
      (await act(staff.token, id, { action: 'submit', photoIds: [await upload(staff.token)], measures: '已加装' })).status,
    ).toBe(200);
    const acc = (token: string) => env.req('POST', `/api/v1/hazards/${id}/acceptance-request`, { token });
    oneWins(await Promise.all([acc(staff.token), acc(staff2.token)]), ['already_decided', 'conflict']);
    const events = (await get(id)).events.map((e: { action: string }) => e.action);
    expect(events.filter((a: string) => a === 'major_reported')).toHaveLength(1);
    expect(events.filter((a: string) => a === 'major_acceptance')).toHaveLength(1);
  }
});
