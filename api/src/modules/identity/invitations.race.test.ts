import { wechatTestEnv } from '../../testing/fake-wechat.ts';
import { tenantEm } from '../../core/db/orm.ts';
import type { TestEnv } from '../../testing/test-env.ts';
import { Invitation, User } from './identity.entity.ts';

// Accepting (binding a WeChat account) and revoking one invitation at the same moment: exactly one wins. A
// revoked invitation never has a user made from it; a used one is never shown as revoked.
const TRIALS = 5;

let env: TestEnv;
let zone: Awaited<ReturnType<typeof wechatTestEnv>>['zone'];
let close: () => Promise<void>;

beforeAll(async () => {
  ({ env, zone, close } = await wechatTestEnv('invrace'));
});
afterAll(() => close());

async function invitation(name = '王网格') {
  const inv = await env.req('POST', '/api/v1/invitations', { token: zone.token, body: { role: 'grid_worker', name } });
  expect(inv.status).toBe(201);
  return inv.body as { id: string; code: string };
}
async function bindToken(who: string) {
  const r = await env.req('POST', '/api/v1/auth/wechat/login', { body: { tenant: 'invrace', code: who } });
  expect(r.body.status).toBe('unbound');
  return r.body.bindToken as string;
}
const bind = (token: string, code: string) =>
  env.req('POST', '/api/v1/auth/wechat/bind', { body: { bindToken: token, invitationCode: code } });
const revoke = (id: string) => env.req('DELETE', `/api/v1/invitations/${id}`, { token: zone.token });

test('accept and revoke sent together: one wins; the loser gets a clear refusal and the record agrees', async () => {
  for (let i = 0; i < TRIALS; i++) {
    const inv = await invitation(`竞态网格员${i}`);
    const token = await bindToken(`wx-race-${i}`);
    const [b, r] = await Promise.all([bind(token, inv.code), revoke(inv.id)]);
    expect([b.status === 200, r.status === 200].filter(Boolean)).toHaveLength(1);
    const em = tenantEm(env.api.c.orm, zone.tenant.id);
    const row = await em.findOneOrFail(Invitation, { id: inv.id });
    if (b.status === 200) {
      expect(r.status).toBe(409);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
      expect(r.body.code).toBe('already_decided');
      expect(row.revokedAt).toBeNull();
      expect(row.usedBy).toBe(b.body.user.id);
    } else {
      expect(b.status).toBe(400);
      expect(b.body.code).toBe('invitation_invalid');
      expect(row.usedAt).toBeNull();
      expect(await em.count(User, { name: `竞态网格员${i}` })).toBe(0);
    }
  }
});

test('two WeChat accounts binding one invitation together: one user is made', async () => {
  for (let i = 0; i < TRIALS; i++) {
    const inv = await invitation();
    const [a, b] = await Promise.all([bindToken(`wx-a-${i}`), bindToken(`wx-b-${i}`)]);
    const rs = await Promise.all([bind(a, inv.code), bind(b, inv.code)]);
    expect(rs.map((r) => r.status).sort()).toEqual([200, 400]);
  }
});

test('revoking twice together: one revokes, the other hears it was already done', async () => {
  const inv = await invitation();
  const rs = await Promise.all([revoke(inv.id), revoke(inv.id)]);
  expect(rs.map((r) => r.status).sort()).toEqual([200, 409]);
  expect(rs.find((r) => r.status === 409)!.body.code).toBe('already_decided');
});
