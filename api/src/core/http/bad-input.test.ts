import { createTestEnv, zoneWithAdmin, type TestEnv } from '../../testing/test-env.ts';
import { User } from '../../modules/identity/identity.entity.ts';
import { tenantEm } from '../db/orm.ts';

let env: TestEnv;
let zone: Awaited<ReturnType<typeof zoneWithAdmin>>;

beforeAll(async () => {
  env = await createTestEnv({ env: { BODY_LIMIT_BYTES: '4096' } });
  zone = await zoneWithAdmin(env, 'badz');
});
afterAll(() => env.close());

async function userCount() {
  return tenantEm(env.api.c.orm, zone.tenant.id).count(User, {});
}

function expectProblem(r: { status: number; headers: Headers; body: any }, status: number, code: string) {
  expect(r.status).toBe(status);
  expect(r.headers.get('content-type')).toContain('application/problem+json');
  expect(r.body).toMatchObject({ status, code, type: expect.stringContaining('/problems/'), requestId: expect.any(String) });
  expect(r.headers.get('x-request-id')).toBe(r.body.requestId);
}

test('malformed JSON, wrong content type, wrong types, unknown fields, oversize: 4xx problems, nothing saved', async () => {
  const before = await userCount();
  const post = (init: { raw?: string; body?: unknown; headers?: Record<string, string> }) =>
    env.req('POST', '/api/v1/users', { token: zone.token, ...init });
  expectProblem(await post({ raw: '{"username": "x",', headers: { 'content-type': 'application/json' } }), 400, 'malformed_json');
  expectProblem(
    await post({ raw: 'username=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
    415,
    'unsupported_media_type',
  );
  const wrongTypes = await post({ body: { username: 42, name: ['a'], role: 'wizard', password: true } });
  expectProblem(wrongTypes, 400, 'validation_failed');
  expect(wrongTypes.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['name', 'password', 'role', 'username']);
  const unknown = await post({
    body: { username: 'okname', name: '名', role: 'grid_worker', password: 'Str0ng#Passw0rd', isAdmin: true },
  });
  expectProblem(unknown, 400, 'validation_failed');
  expect(unknown.body.errors).toEqual([expect.objectContaining({ path: 'isAdmin', code: 'unknown_field' })]);
  expectProblem(
    await post({ body: { username: 'big', name: 'x'.repeat(5000), role: 'grid_worker', password: 'x' } }),
    413,
    'payload_too_large',
  );
  expectProblem(await post({ raw: '[]', headers: { 'content-type': 'application/json' } }), 400, 'validation_failed');
  expectProblem(await post({ raw: 'null', headers: { 'content-type': 'application/json' } }), 400, 'validation_failed');
  expect(await userCount()).toBe(before);
});

test('English callers get English titles; field messages follow', async () => {
  const r = await env.req('POST', '/api/v1/auth/login', { body: { tenant: 'badz' }, headers: { 'accept-language': 'en-US' } });
  expect(r.body.title).toBe('Some fields are invalid');
  expect(r.body.errors.length).toBe(2);
});

test('unknown routes, wrong methods, bad ids and bad query parameters', async () => {
  expectProblem(await env.req('GET', '/api/v1/nothing-here', { token: zone.token }), 404, 'route_not_found');
  expectProblem(await env.req('PUT', '/api/v1/users', { token: zone.token, body: {} }), 405, 'method_not_allowed');
  expectProblem(await env.req('GET', '/api/v1/users/not-a-uuid', { token: zone.token }), 400, 'validation_failed');
  expectProblem(await env.req('GET', '/api/v1/users?pageSize=100000', { token: zone.token }), 400, 'validation_failed');
  expectProblem(await env.req('GET', '/api/v1/users?sneaky=1', { token: zone.token }), 400, 'validation_failed');
  expectProblem(await env.req('GET', '/api/v1/users/%E0%A4%A', { token: zone.token }), 400, 'validation_failed');
});

test('a duplicate is a 409 and leaves the first row untouched', async () => {
  const body = { username: 'dupuser', name: '第一个', role: 'grid_worker', password: 'Str0ng#Passw0rd' };
  expect((await env.req('POST', '/api/v1/users', { token: zone.token, body })).status).toBe(201);
  const again = await env.req('POST', '/api/v1/users', { token: zone.token, body: { ...body, name: '第二个' } });
  expectProblem(again, 409, 'duplicate');
  const list = await env.req('GET', '/api/v1/users?q=dupuser', { token: zone.token });
  expect(list.body.items.map((u: { name: string }) => u.name)).toEqual(['第一个']);
});

test('a role without the permission is refused with 403 (deny by default)', async () => {
  const created = await env.req('POST', '/api/v1/users', {
    token: zone.token,
    body: { username: 'gridguy', name: '网格员', role: 'grid_worker', password: 'Str0ng#Passw0rd' },
  });
  const login = await env.req('POST', '/api/v1/auth/login', {
    body: { tenant: 'badz', username: 'gridguy', password: 'Str0ng#Passw0rd' },
  });
  expect(created.status).toBe(201);
  expectProblem(await env.req('GET', '/api/v1/users', { token: login.body.accessToken }), 403, 'forbidden');
  expectProblem(await env.req('GET', '/api/v1/platform/tenants', { token: zone.token }), 403, 'forbidden');
});

test('health, docs and the OpenAPI document are served', async () => {
  const h = await env.req('GET', '/api/v1/health');
  expect(h.body).toMatchObject({ status: 'ok', db: { ok: true }, redis: { ok: true } });
  const doc = await env.req('GET', '/api/v1/openapi.json');
  expect(doc.body.openapi).toBe('3.1.0');
  expect(doc.body.paths['/api/v1/users/{id}'].patch['x-permission']).toBe('users.manage');
  const page = await fetch(`${env.url}/api/docs`);
  expect(await page.text()).toContain('swagger-ui-bundle.js');
  expect((await fetch(`${env.url}/api/docs/assets/swagger-ui-bundle.js`)).status).toBe(200);
  const metrics = await (await fetch(`${env.url}/metrics`)).text();
  expect(metrics).toContain('http_request_duration_seconds');
});
