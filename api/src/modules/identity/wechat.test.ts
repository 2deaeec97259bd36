import { wechatTestEnv } from '../../testing/fake-wechat.ts';
import { zoneWithAdmin, type TestEnv } from '../../testing/test-env.ts';

let env: TestEnv;
let wx: Awaited<ReturnType<typeof wechatTestEnv>>['wx'];
let zone: Awaited<ReturnType<typeof wechatTestEnv>>['zone'];
let close: () => Promise<void>;

beforeAll(async () => {
  ({ env, wx, zone, close } = await wechatTestEnv('wxz'));
});
afterAll(() => close());

const wxLogin = (code: string, tenant = 'wxz') => env.req('POST', '/api/v1/auth/wechat/login', { body: { tenant, code } });

test('an unbound WeChat user gets a bind token; an invitation binds them to the right role', async () => {
  const inv = await env.req('POST', '/api/v1/invitations', {
    token: zone.token,
    body: { role: 'grid_worker', name: '王网格', phone: '13912345678' },
  });
  expect(inv.status).toBe(201);
  expect(inv.body.code).toMatch(/^[A-Z2-9]{8}$/);
  const first = await wxLogin('wx-alice');
  expect(first.status).toBe(200);
  expect(first.body.status).toBe('unbound');
  expect(wx.calls.at(-1)).toContain('appid=wxtest');
  const bound = await env.req('POST', '/api/v1/auth/wechat/bind', {
    body: { bindToken: first.body.bindToken, invitationCode: inv.body.code.toLowerCase() },
  });
  expect(bound.status).toBe(200);
  expect(bound.body.user).toMatchObject({ role: 'grid_worker', name: '王网格', phoneMasked: '139****5678' });
  // Next time the same WeChat account goes straight in.
  const again = await wxLogin('wx-alice');
  expect(again.body.status).toBe('ok');
  expect(again.body.user.id).toBe(bound.body.user.id);
  // The code is spent.
  const other = await wxLogin('wx-bob');
  const reuse = await env.req('POST', '/api/v1/auth/wechat/bind', {
    body: { bindToken: other.body.bindToken, invitationCode: inv.body.code },
  });
  expect(reuse.status).toBe(400);
  expect(reuse.body.code).toBe('invitation_invalid');
  const listed = await env.req('GET', '/api/v1/invitations', { token: zone.token });
  expect(listed.body.items.find((i: { id: string }) => i.id === inv.body.id).status).toBe('used');
});

test('WeChat errors, dev codes when dev login is off, and codes of another zone are refused clearly', async () => {
  const bad = await wxLogin('not-a-code');
  expect(bad.status).toBe(401);
  expect(bad.body.code).toBe('wechat_login_failed');
  const dev = await wxLogin('dev:someone');
  expect(dev.status).toBe(403);
  expect(dev.body.code).toBe('dev_login_disabled');
  expect((await wxLogin('wx-carol', 'nozone')).body.code).toBe('tenant_unknown');
  // An invitation of zone Y cannot bind in zone X.
  const y = await zoneWithAdmin(env, 'wxy');
  const invY = await env.req('POST', '/api/v1/invitations', { token: y.token, body: { role: 'grid_worker' } });
  const carol = await wxLogin('wx-carol');
  const cross = await env.req('POST', '/api/v1/auth/wechat/bind', {
    body: { bindToken: carol.body.bindToken, invitationCode: invY.body.code },
  });
  expect(cross.body.code).toBe('invitation_invalid');
});

test('an enterprise admin can invite only its own staff; a grid worker cannot invite', async () => {
  const worker = await env.req('POST', '/api/v1/invitations', { token: zone.token, body: { role: 'grid_worker' } });
  const w = await wxLogin('wx-dave');
  const wb = await env.req('POST', '/api/v1/auth/wechat/bind', {
    body: { bindToken: w.body.bindToken, invitationCode: worker.body.code },
  });
  const denied = await env.req('POST', '/api/v1/invitations', { token: wb.body.accessToken, body: { role: 'grid_worker' } });
  expect(denied.status).toBe(403);
  expect(denied.body.code).toBe('forbidden');
  // Enterprise roles need an enterprise that exists in the zone.
  const noEnt = await env.req('POST', '/api/v1/invitations', { token: zone.token, body: { role: 'enterprise_admin' } });
  expect(noEnt.status).toBe(400);
  const ghost = await env.req('POST', '/api/v1/invitations', {
    token: zone.token,
    body: { role: 'enterprise_admin', enterpriseId: '01a20af3-8b8f-7678-bd46-168eeefdc51a' },
  });
  expect(ghost.status).toBe(404);
});

test('an invitation can be revoked, and then no longer binds', async () => {
  const inv = await env.req('POST', '/api/v1/invitations', { token: zone.token, body: { role: 'inspector' } });
  expect((await env.req('DELETE', `/api/v1/invitations/${inv.body.id}`, { token: zone.token })).body.status).toBe('revoked');
  const e = await wxLogin('wx-erin');
  expect(
    (await env.req('POST', '/api/v1/auth/wechat/bind', { body: { bindToken: e.body.bindToken, invitationCode: inv.body.code } }))
      .body.code,
  ).toBe('invitation_invalid');
});

test('a password reset holds back password sign-ins only: the WeChat (mini-program) session goes on', async () => {
  const inv = await env.req('POST', '/api/v1/invitations', { token: zone.token, body: { role: 'grid_worker' } });
  const f = await wxLogin('wx-frank');
  const bound = await env.req('POST', '/api/v1/auth/wechat/bind', {
    body: { bindToken: f.body.bindToken, invitationCode: inv.body.code },
  });
  expect(bound.status).toBe(200);
  const token = bound.body.accessToken as string;
  expect((await env.req('GET', '/api/v1/enterprises', { token })).status).toBe(200);
  const reset = await env.req('PATCH', `/api/v1/users/${bound.body.user.id}`, {
    token: zone.token,
    body: { resetPassword: 'Reset#Pass-2026x' },
  });
  expect(reset.status).toBe(200);
  const [row] = (await env.api.c.orm.em
    .getConnection()
    .execute('SELECT must_change_password FROM users WHERE id = ?', [bound.body.user.id])) as Array<{
    must_change_password: number;
  }>;
  expect(Number(row!.must_change_password)).toBe(1);
  // The mini-program signed in with WeChat, not with the password someone else set: not held back.
  expect((await env.req('GET', '/api/v1/enterprises', { token })).status).toBe(200);
  const again = await wxLogin('wx-frank');
  expect((await env.req('GET', '/api/v1/enterprises', { token: again.body.accessToken })).status).toBe(200);
});
