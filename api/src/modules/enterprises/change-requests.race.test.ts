import { buildCreditCode } from '@yuanan/domain';
import { createTestEnv, userWithRole, zoneWithAdmin, type HttpResult, type TestEnv } from '../../testing/test-env.ts';

// Decisions on one change request sent at the same moment: exactly one wins, the other hears 409, and the file
// ends consistent with the outcome. Each case runs several trials because a race shows only sometimes.
const TRIALS = 5;

let env: TestEnv;
let zone: Awaited<ReturnType<typeof zoneWithAdmin>>;
let safety: { token: string };
let seq = 0;

beforeAll(async () => {
  env = await createTestEnv();
  zone = await zoneWithAdmin(env, 'crrace');
  safety = await userWithRole(env, zone, 'safety_officer');
});
afterAll(() => env.close());

/** A fresh enterprise with its own admin, and a pending request to rename it. */
async function pendingRename(to = '改名后的企业') {
  seq++;
  const e = await env.req('POST', '/api/v1/enterprises', {
    token: zone.token,
    body: {
      creditCode: buildCreditCode('91', '330782', `MA2R${String(seq).padStart(4, '0')}`),
      name: `竞态企业${seq}`,
      principalName: '张三',
    },
  });
  expect(e.status).toBe(201);
  const staff = await userWithRole(env, zone, 'enterprise_admin', { enterpriseId: e.body.id });
  const upd = await env.req('PATCH', `/api/v1/enterprises/${e.body.id}`, { token: staff.token, body: { name: `${to}${seq}` } });
  expect(upd.status).toBe(202);
  return {
    enterprise: e.body as { id: string; name: string },
    crId: upd.body.changeRequest.id as string,
    to: `${to}${seq}`,
    staff,
  };
}
const decide = (id: string, verb: 'approve' | 'reject', token = zone.token, lang?: string) =>
  env.req('POST', `/api/v1/enterprise-changes/${id}/${verb}`, {
    token,
    body: verb === 'reject' ? { comment: '资料不全' } : {},
    headers: lang ? { 'accept-language': lang } : {},
  });
const nameOf = async (id: string) =>
  (await env.req('GET', `/api/v1/enterprises/${id}`, { token: zone.token })).body.name as string;
async function crOf(enterpriseId: string, id: string) {
  const r = await env.req('GET', `/api/v1/enterprises/${enterpriseId}/changes?pageSize=100`, { token: zone.token });
  return r.body.items.find((i: { id: string }) => i.id === id) as {
    status: string;
    staleFields?: string[];
    currentValues?: Record<string, unknown>;
  };
}
/** Exactly one 200; the other a 409 problem with the given code. */
function oneWins(rs: HttpResult[], code: string): HttpResult {
  expect(rs.map((r) => r.status).sort()).toEqual([200, 409]);
  const loser = rs.find((r) => r.status === 409)!;
  expect(loser.headers.get('content-type')).toContain('application/problem+json');
  expect(loser.body.code).toBe(code);
  return rs.find((r) => r.status === 200)!;
}

test('approve and reject sent together: one wins, the other is told it was already decided; rejected ⇒ not applied', async () => {
  for (let i = 0; i < TRIALS; i++) {
    const { enterprise, crId, to } = await pendingRename();
    const rs = await Promise.all([decide(crId, 'approve'), decide(crId, 'reject', safety.token)]);
    const won = oneWins(rs, 'already_decided');
    expect(rs.find((r) => r.status === 409)!.body.title).toContain('已处理过');
    const cr = await crOf(enterprise.id, crId);
    expect(cr.status).toBe(won.body.status);
    expect(await nameOf(enterprise.id)).toBe(cr.status === 'approved' ? to : enterprise.name);
  }
});

test('two approvals sent together apply once', async () => {
  for (let i = 0; i < TRIALS; i++) {
    const { enterprise, crId, to } = await pendingRename();
    const rs = await Promise.all([decide(crId, 'approve'), decide(crId, 'approve', safety.token)]);
    oneWins(rs, 'already_decided');
    expect(await nameOf(enterprise.id)).toBe(to);
  }
});

test('the loser is told in English with Accept-Language: en', async () => {
  const { crId } = await pendingRename();
  expect((await decide(crId, 'reject')).status).toBe(200);
  const late = await decide(crId, 'approve', safety.token, 'en');
  expect(late.status).toBe(409);
  expect(late.body).toMatchObject({ code: 'already_decided', title: expect.stringMatching(/already/i) });
});

test('approving a request whose field the office changed since is refused as stale (409) and shown as stale', async () => {
  const { enterprise, crId } = await pendingRename();
  const direct = await env.req('PATCH', `/api/v1/enterprises/${enterprise.id}`, {
    token: zone.token,
    body: { name: '园区直接改的名' },
  });
  expect(direct.status).toBe(200);
  expect(await crOf(enterprise.id, crId)).toMatchObject({
    staleFields: ['name'],
    currentValues: { name: '园区直接改的名' }, // the reviewer sees what approving would overwrite
  });
  const r = await decide(crId, 'approve');
  expect(r.status).toBe(409);
  expect(r.headers.get('content-type')).toContain('application/problem+json');
  expect(r.body.code).toBe('stale');
  expect(r.body.title).toContain('已过期');
  // The field is named as people know it, not by its property name.
  expect(r.body.detail).toContain('企业名称');
  expect(r.body.detail).not.toContain('name');
  const en = await decide(crId, 'approve', zone.token, 'en');
  expect(en.body).toMatchObject({ code: 'stale', title: expect.stringMatching(/changed/i) });
  expect(await nameOf(enterprise.id)).toBe('园区直接改的名');
  expect((await crOf(enterprise.id, crId)).status).toBe('pending');
  // A stale request can still be rejected.
  expect((await decide(crId, 'reject')).status).toBe(200);
  // A request whose starting value still holds is not stale.
  const fresh = await pendingRename();
  expect((await crOf(fresh.enterprise.id, fresh.crId)).staleFields).toEqual([]);
});

test('an approval and a direct edit of the same field sent together never leave the older value on top', async () => {
  for (let i = 0; i < TRIALS; i++) {
    const { enterprise, crId, to } = await pendingRename();
    const [approve, edit] = await Promise.all([
      decide(crId, 'approve'),
      env.req('PATCH', `/api/v1/enterprises/${enterprise.id}`, { token: safety.token, body: { name: `园区改名${i}` } }),
    ]);
    expect([200, 409]).toContain(approve.status);
    expect([200, 409]).toContain(edit.status);
    const name = await nameOf(enterprise.id);
    const cr = await crOf(enterprise.id, crId);
    if (approve.status === 200) expect(cr.status).toBe('approved');
    else {
      expect(approve.body.code).toBe('stale');
      expect(cr.status).toBe('pending');
    }
    // The office's edit, when it succeeded, is never overwritten by the request it did not see.
    if (edit.status === 200 && approve.status === 409) expect(name).toBe(`园区改名${i}`);
    if (edit.status === 409) expect(name).toBe(to);
  }
});

test('a decision and a newer request from the enterprise sent together: a superseded request is never applied', async () => {
  for (let i = 0; i < TRIALS; i++) {
    const { enterprise, crId, to, staff } = await pendingRename();
    const [approve, newer] = await Promise.all([
      decide(crId, 'approve'),
      env.req('PATCH', `/api/v1/enterprises/${enterprise.id}`, { token: staff.token, body: { principalName: `李四${i}` } }),
    ]);
    expect(newer.status).toBe(202);
    const cr = await crOf(enterprise.id, crId);
    if (approve.status === 200) {
      expect(cr.status).toBe('approved');
      expect(await nameOf(enterprise.id)).toBe(to);
    } else {
      expect(approve.status).toBe(409);
      expect(cr.status).toBe('superseded');
      expect(await nameOf(enterprise.id)).toBe(enterprise.name);
    }
  }
});

test('the same contact added four times at once is stored once; the others hear 409 duplicate', async () => {
  for (let trial = 0; trial < TRIALS; trial++) {
    const { enterprise } = await pendingRename();
    const body = { name: `同时登记${trial}`, phone: '139 0579 0103', title: '安全员' };
    const rs = await Promise.all(
      [1, 2, 3, 4].map(() =>
        env.req('POST', `/api/v1/enterprises/${enterprise.id}/contacts`, {
          token: zone.token,
          headers: { 'idempotency-key': `c-${Math.random()}` },
          body,
        }),
      ),
    );
    expect(rs.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    expect(rs.find((r) => r.status === 409)!.body.code).toBe('duplicate');
    const list = await env.req('GET', `/api/v1/enterprises/${enterprise.id}/contacts`, { token: zone.token });
    expect(list.body.filter((c: { name: string }) => c.name === body.name)).toHaveLength(1);
  }
});
