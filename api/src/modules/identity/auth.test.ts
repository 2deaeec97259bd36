import { createTestEnv, DEMO_PW, userWithRole, zoneWithAdmin, type TestEnv } from '../../testing/test-env.ts';
import type { Socket } from 'socket.io-client';
import { totpNow } from '../../core/auth/totp.ts';
import { realtimeClient } from '../../testing/realtime.ts';

let env: TestEnv;
let zone: Awaited<ReturnType<typeof zoneWithAdmin>>;

beforeAll(async () => {
  env = await createTestEnv();
  zone = await zoneWithAdmin(env, 'authz');
});
afterAll(() => env.close());

const login = (body: Record<string, unknown>) => env.req('POST', '/api/v1/auth/login', { body });

test('the running Node is at least 22.17 (MikroORM 7 needs it)', () => {
  const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
  expect(major > 22 || (major === 22 && minor >= 17)).toBe(true);
});

test('sign-in returns a short access token, a refresh token and who I am', async () => {
  const r = await login({ tenant: 'authz', username: 'admin', password: DEMO_PW });
  expect(r.status).toBe(200);
  expect(r.body.status).toBe('ok');
  expect(r.body.expiresIn).toBeLessThanOrEqual(900);
  expect(r.body.user).toMatchObject({ role: 'zone_admin', tenant: { code: 'authz' } });
  expect(r.body.user.permissions).toContain('users.manage');
  const me = await env.req('GET', '/api/v1/me', { token: r.body.accessToken });
  expect(me.status).toBe(200);
  expect(me.body.username).toBe('admin');
});

test('wrong password, unknown zone and unknown user are clear 4xx problems', async () => {
  const wrong = await login({ tenant: 'authz', username: 'admin', password: 'nope' });
  expect(wrong.status).toBe(401);
  expect(wrong.headers.get('content-type')).toContain('application/problem+json');
  expect(wrong.body).toMatchObject({ code: 'invalid_credentials', title: expect.stringContaining('密码') });
  expect((await login({ tenant: 'nozone', username: 'admin', password: 'x' })).body.code).toBe('tenant_unknown');
  expect((await login({ tenant: 'authz', username: 'ghost', password: 'x' })).body.code).toBe('invalid_credentials');
});

test('repeated failures lock the account, even for the right password, and the lock says when to retry', async () => {
  const u = await userWithRole(env, zone, 'safety_officer');
  for (let i = 0; i < 4; i++) expect((await login({ tenant: 'authz', username: u.username, password: 'bad' })).status).toBe(401);
  const fifth = await login({ tenant: 'authz', username: u.username, password: 'bad' });
  expect(fifth.status).toBe(423);
  expect(fifth.body.code).toBe('account_locked');
  expect(Number(fifth.headers.get('retry-after'))).toBeGreaterThan(0);
  const right = await login({ tenant: 'authz', username: u.username, password: DEMO_PW });
  expect(right.status).toBe(423);
});

test('refresh tokens rotate; reusing an old one revokes the whole family', async () => {
  const first = await login({ tenant: 'authz', username: 'admin', password: DEMO_PW });
  const r1 = await env.req('POST', '/api/v1/auth/refresh', { body: { refreshToken: first.body.refreshToken } });
  expect(r1.status).toBe(200);
  expect(r1.body.refreshToken).not.toBe(first.body.refreshToken);
  const r2 = await env.req('POST', '/api/v1/auth/refresh', { body: { refreshToken: r1.body.refreshToken } });
  expect(r2.status).toBe(200);
  // Replay of the first token: detected, family revoked.
  const replay = await env.req('POST', '/api/v1/auth/refresh', { body: { refreshToken: first.body.refreshToken } });
  expect(replay.status).toBe(401);
  expect(replay.body.code).toBe('refresh_token_reused');
  // The newest token of the family no longer works, nor does its access token.
  expect((await env.req('POST', '/api/v1/auth/refresh', { body: { refreshToken: r2.body.refreshToken } })).body.code).toBe(
    'session_revoked',
  );
  const me = await env.req('GET', '/api/v1/me', { token: r2.body.accessToken });
  expect(me.status).toBe(401);
  expect(me.body.code).toBe('session_revoked');
});

test('logout ends the session; forged, garbled and missing tokens are refused', async () => {
  const s = await login({ tenant: 'authz', username: 'admin', password: DEMO_PW });
  expect((await env.req('POST', '/api/v1/auth/logout', { token: s.body.accessToken })).status).toBe(204);
  expect((await env.req('GET', '/api/v1/me', { token: s.body.accessToken })).body.code).toBe('session_revoked');
  const [h, p] = s.body.accessToken.split('.');
  const forged = `${h}.${p}.${Buffer.from('not-the-signature').toString('base64url')}`;
  expect((await env.req('GET', '/api/v1/me', { token: forged })).body.code).toBe('token_invalid');
  expect((await env.req('GET', '/api/v1/me', { token: 'garbage' })).body.code).toBe('token_invalid');
  expect((await env.req('GET', '/api/v1/me')).body.code).toBe('unauthenticated');
  expect((await env.req('GET', '/api/v1/me', { headers: { authorization: 'Basic abc' } })).body.code).toBe('token_invalid');
});

test('an expired access token gets token_expired', async () => {
  const { SignJWT } = await import('jose');
  const s = await login({ tenant: 'authz', username: 'admin', password: DEMO_PW });
  const claims = JSON.parse(Buffer.from(s.body.accessToken.split('.')[1], 'base64url').toString());
  const expired = await new SignJWT({ ...claims, exp: Math.floor(Date.now() / 1000) - 10 })
    .setProtectedHeader({ alg: 'HS256' })
    .sign(new TextEncoder().encode(env.config.JWT_SECRET));
  const r = await env.req('GET', '/api/v1/me', { token: expired });
  expect(r.status).toBe(401);
  expect(r.body.code).toBe('token_expired');
});

test('TOTP: enrol, activate, then sign-in needs the code; a code is not accepted twice', async () => {
  const u = await userWithRole(env, zone, 'safety_officer');
  const enrol = await env.req('POST', '/api/v1/me/mfa/enrol', { token: u.token });
  expect(enrol.status).toBe(200);
  expect(enrol.body.otpauthUri).toMatch(/^otpauth:\/\/totp\//);
  expect((await env.req('POST', '/api/v1/me/mfa/activate', { token: u.token, body: { code: '000000' } })).body.code).toBe(
    'mfa_invalid',
  );
  expect(
    (await env.req('POST', '/api/v1/me/mfa/activate', { token: u.token, body: { code: totpNow(enrol.body.secret) } })).status,
  ).toBe(204);
  const step1 = await login({ tenant: 'authz', username: u.username, password: DEMO_PW });
  expect(step1.body.status).toBe('mfa_required');
  // The activation code's step was used: wait for a fresh step is not needed if we use the next one.
  const next = totpNow(enrol.body.secret, Date.now() + 30_000);
  const step2 = await env.req('POST', '/api/v1/auth/login/mfa', { body: { mfaToken: step1.body.mfaToken, code: next } });
  expect(step2.status).toBe(200);
  expect(step2.body.accessToken).toBeTruthy();
  const again = await login({ tenant: 'authz', username: u.username, password: DEMO_PW });
  const replay = await env.req('POST', '/api/v1/auth/login/mfa', { body: { mfaToken: again.body.mfaToken, code: next } });
  expect(replay.body.code).toBe('mfa_invalid');
});

test('when the zone requires a second factor, console roles must enrol at sign-in', async () => {
  const u = await userWithRole(env, zone, 'safety_officer');
  expect(
    (await env.req('PATCH', '/api/v1/tenant/settings', { token: zone.token, body: { requireMfaForConsole: true } })).status,
  ).toBe(200);
  try {
    const step1 = await login({ tenant: 'authz', username: u.username, password: DEMO_PW });
    expect(step1.body.status).toBe('mfa_enrolment_required');
    const done = await env.req('POST', '/api/v1/auth/login/mfa', {
      body: { mfaToken: step1.body.mfaToken, code: totpNow(step1.body.secret) },
    });
    expect(done.status).toBe(200);
    expect(done.body.user.mfaEnabled).toBe(true);
    // Grid workers use the mini-program and are not console roles.
    const g = await userWithRole(env, zone, 'grid_worker');
    expect(g.token).toBeTruthy();
  } finally {
    await env.req('PATCH', '/api/v1/tenant/settings', { token: zone.token, body: { requireMfaForConsole: false } });
  }
});

test('password policy applies, and changing the password signs out the other sessions', async () => {
  const u = await userWithRole(env, zone, 'safety_officer');
  const other = await login({ tenant: 'authz', username: u.username, password: DEMO_PW });
  const weak = await env.req('POST', '/api/v1/me/password', {
    token: u.token,
    body: { currentPassword: DEMO_PW, newPassword: 'short' },
  });
  expect(weak.status).toBe(400);
  expect(weak.body.code).toBe('password_policy');
  expect(weak.body.errors[0].path).toBe('newPassword');
  // the same password again changes nothing (it would lift a forced change): refused, the policy's wording
  const same = await env.req('POST', '/api/v1/me/password', {
    token: u.token,
    body: { currentPassword: DEMO_PW, newPassword: DEMO_PW },
  });
  expect([same.status, same.body.code, same.body.errors[0].message]).toEqual([400, 'password_policy', '不能与当前密码相同']);
  const ok = await env.req('POST', '/api/v1/me/password', {
    token: u.token,
    body: { currentPassword: DEMO_PW, newPassword: 'N3w-Strong#Pass' },
  });
  expect(ok.status).toBe(204);
  expect((await env.req('GET', '/api/v1/me', { token: other.body.accessToken })).body.code).toBe('session_revoked');
  expect((await env.req('GET', '/api/v1/me', { token: u.token })).status).toBe(200);
});

test('sessions can be listed and signed out one by one', async () => {
  const u = await userWithRole(env, zone, 'safety_officer');
  const second = await login({ tenant: 'authz', username: u.username, password: DEMO_PW });
  const list = await env.req('GET', '/api/v1/me/sessions', { token: u.token });
  expect(list.body).toHaveLength(2);
  const notCurrent = list.body.find((s: { current: boolean }) => !s.current);
  expect((await env.req('DELETE', `/api/v1/me/sessions/${notCurrent.id}`, { token: u.token })).status).toBe(204);
  expect((await env.req('GET', '/api/v1/me', { token: second.body.accessToken })).body.code).toBe('session_revoked');
});

test('disabling a user ends their sessions at once', async () => {
  const u = await userWithRole(env, zone, 'grid_worker');
  expect((await env.req('PATCH', `/api/v1/users/${u.id}`, { token: zone.token, body: { status: 'disabled' } })).status).toBe(200);
  expect((await env.req('GET', '/api/v1/me', { token: u.token })).body.code).toBe('session_revoked');
  expect((await login({ tenant: 'authz', username: u.username, password: DEMO_PW })).body.code).toBe('user_disabled');
});

test('an initial password must be changed first: 403 password_change_required on data, the change screen works, then 200', async () => {
  // Made by the zone admin with a password the admin knows (must_change_password = 1), signed in with it.
  const username = 'firstpw';
  const made = await env.req('POST', '/api/v1/users', {
    token: zone.token,
    body: { username, name: '首登用户', role: 'safety_officer', password: DEMO_PW },
  });
  expect(made.status).toBe(201);
  const first = await login({ tenant: 'authz', username, password: DEMO_PW });
  expect([first.status, first.body.user.mustChangePassword]).toEqual([200, true]);
  const token = first.body.accessToken as string;

  // Every data route refuses, in both languages, and so does the live socket.
  const data = await env.req('GET', '/api/v1/enterprises', { token });
  expect(data.status).toBe(403);
  expect(data.headers.get('content-type')).toContain('application/problem+json');
  expect(data.body).toMatchObject({ code: 'password_change_required', title: expect.stringContaining('修改密码') });
  const en = await env.req('GET', '/api/v1/users', { token, headers: { 'accept-language': 'en' } });
  expect([en.status, en.body.code, en.body.title]).toEqual([
    403,
    'password_change_required',
    'Change your password before going on',
  ]);
  expect((await env.req('GET', '/api/v1/me/sessions', { token })).body.code).toBe('password_change_required');
  const sockets: Socket[] = [];
  try {
    await expect(realtimeClient(env.url, token, sockets)).rejects.toMatchObject({ message: 'password_change_required' });
  } finally {
    for (const s of sockets) s.disconnect();
  }
  // A refreshed token is the same session: still held back.
  const refreshed = await env.req('POST', '/api/v1/auth/refresh', { body: { refreshToken: first.body.refreshToken } });
  expect(refreshed.status).toBe(200);
  expect((await env.req('GET', '/api/v1/enterprises', { token: refreshed.body.accessToken })).status).toBe(403);

  // What the console's change-password screen needs answers: the profile, signing out, the change itself.
  const me = await env.req('GET', '/api/v1/me', { token: refreshed.body.accessToken });
  expect([me.status, me.body.mustChangePassword]).toEqual([200, true]);
  const spare = await login({ tenant: 'authz', username, password: DEMO_PW });
  expect((await env.req('POST', '/api/v1/auth/logout', { token: spare.body.accessToken })).status).toBe(204);
  const changed = await env.req('POST', '/api/v1/me/password', {
    token: refreshed.body.accessToken,
    body: { currentPassword: DEMO_PW, newPassword: 'Chosen#Pass-2026' },
  });
  expect(changed.status).toBe(204);

  // At once (the guard's cache is invalidated), the same token reads.
  const after = await env.req('GET', '/api/v1/enterprises', { token: refreshed.body.accessToken });
  expect(after.status).toBe(200);
  expect((await env.req('GET', '/api/v1/me', { token: refreshed.body.accessToken })).body.mustChangePassword).toBe(false);

  // An admin's reset puts the flag back: the signed-in session is held back from its next request on.
  const reset = await env.req('PATCH', `/api/v1/users/${made.body.id}`, {
    token: zone.token,
    body: { resetPassword: 'Reset#Pass-2026x' },
  });
  expect(reset.status).toBe(200);
  expect((await env.req('GET', '/api/v1/enterprises', { token: refreshed.body.accessToken })).body.code).toBe(
    'password_change_required',
  );
});

test('users who never had a generated password (the zone admin, userWithRole fixtures) are not held back', async () => {
  expect((await env.req('GET', '/api/v1/users', { token: zone.token })).status).toBe(200);
  const u = await userWithRole(env, zone, 'safety_officer');
  expect((await env.req('GET', '/api/v1/enterprises', { token: u.token })).status).toBe(200);
});
