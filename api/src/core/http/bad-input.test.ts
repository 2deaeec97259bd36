import { jest } from '@jest/globals';
import { connect } from 'node:net';
import { Readable } from 'node:stream';
import { defineRoute } from './route.ts';
import { createTestEnv, markPasswordChanged, zoneWithAdmin, type TestEnv } from '../../testing/test-env.ts';
import { User } from '../../modules/identity/identity.entity.ts';
import { tenantEm } from '../db/orm.ts';
import { MAX_HEADER_BYTES } from './client-error.ts';

let env: TestEnv;
let zone: Awaited<ReturnType<typeof zoneWithAdmin>>;

beforeAll(async () => {
  env = await createTestEnv({
    env: { BODY_LIMIT_BYTES: '4096' },
    // A download that never ends by itself: the client hangs up half-way.
    extraRoutes: () => [
      defineRoute({
        method: 'get',
        path: '/test/endless-download',
        operationId: 'test.endlessDownload',
        summary: 'test only',
        tags: ['test'],
        auth: 'public',
        responseType: 'raw',
        handler: ({ ctx }) => {
          ctx.set('Content-Type', 'application/octet-stream');
          ctx.body = new Readable({
            read() {
              setTimeout(() => this.push(Buffer.alloc(64 * 1024, 1)), 5);
            },
          });
        },
      }),
    ],
  });
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
  // "__proto__" in a body is an unknown key like any other, never the prototype of what the route reads
  const proto = await post({
    raw: '{"username":"okname2","name":"名","role":"grid_worker","password":"Str0ng#Passw0rd","__proto__":{"isAdmin":true}}',
    headers: { 'content-type': 'application/json' },
  });
  expectProblem(proto, 400, 'validation_failed');
  expect(proto.body.errors).toEqual([expect.objectContaining({ path: '__proto__', code: 'unknown_field' })]);
  expectProblem(
    await post({ body: { username: 'big', name: 'x'.repeat(5000), role: 'grid_worker', password: 'x' } }),
    413,
    'payload_too_large',
  );
  expectProblem(await post({ raw: '[]', headers: { 'content-type': 'application/json' } }), 400, 'validation_failed');
  expectProblem(await post({ raw: 'null', headers: { 'content-type': 'application/json' } }), 400, 'validation_failed');
  expect(await userCount()).toBe(before);
});

test('text as pasted: half an emoji or a control character is a 400 on its field; invisible edges are dropped', async () => {
  const before = await userCount();
  const post = (raw: string) =>
    env.req('POST', '/api/v1/users', { token: zone.token, raw, headers: { 'content-type': 'application/json' } });
  // JSON escapes exactly as a client would send them: a lone high surrogate, NUL, a lone low surrogate in a key.
  const half = await post('{"username":"okname2","name":"王\\ud800","role":"grid_worker","password":"Str0ng#Passw0rd"}');
  expectProblem(half, 400, 'validation_failed');
  expect(half.body.errors).toEqual([expect.objectContaining({ path: 'name', code: 'invalid_string' })]);
  const nul = await post('{"username":"okname2","name":"王\\u0000","role":"grid_worker","password":"Str0ng#Passw0rd"}');
  expectProblem(nul, 400, 'validation_failed');
  expect(nul.body.errors[0].path).toBe('name');
  expectProblem(await post('{"\\udc00":1}'), 400, 'validation_failed');
  // A name of nothing but zero-width spaces is empty, so the required field refuses it.
  const invisible = await post(
    '{"username":"okname2","name":"\\u200b\\u200b","role":"grid_worker","password":"Str0ng#Passw0rd"}',
  );
  expectProblem(invisible, 400, 'validation_failed');
  expect(invisible.body.errors[0].path).toBe('name');
  expect(await userCount()).toBe(before);
  // A whole emoji (a surrogate pair) and a joiner inside a sequence are text like any other.
  const ok = await post(
    '{"username":"okname3","name":"\\u200b王\\ud83d\\ude00\\ud83d\\udc68\\u200d\\ud83d\\udc69","role":"grid_worker","password":"Str0ng#Passw0rd"}',
  );
  expect(ok.status).toBe(201);
  expect(ok.body.name).toBe('王😀👨\u200d👩');
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
  // Past the first sign-in's password change (else every route answers password_change_required).
  await markPasswordChanged(env, created.body.id);
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
  // The Idempotency-Key header: optional where a retry may omit it, required where the handler refuses without.
  const keyOf = (op: { parameters?: Array<{ name: string; in: string; required: boolean }> }) =>
    op.parameters?.find((p) => p.in === 'header' && p.name === 'Idempotency-Key')?.required;
  expect(keyOf(doc.body.paths['/api/v1/hazards'].post)).toBe(false);
  expect(keyOf(doc.body.paths['/api/v1/inspection-tasks/{id}/submit'].post)).toBe(true);
  const page = await fetch(`${env.url}/api/docs`);
  expect(await page.text()).toContain('swagger-ui-bundle.js');
  expect((await fetch(`${env.url}/api/docs/assets/swagger-ui-bundle.js`)).status).toBe(200);
  const metrics = await (await fetch(`${env.url}/metrics`)).text();
  expect(metrics).toContain('http_request_duration_seconds');
});

/** `{"username": …, "name": "<name bytes>", …}` with the name already encoded. */
function userJson(username: string, nameBytes: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(`{"username":"${username}","name":"`),
    nameBytes,
    Buffer.from('","role":"grid_worker","password":"Str0ng#Passw0rd"}'),
  ]);
}
const GBK_ZHANGSAN = Buffer.from('d5c5c8fd', 'hex'); // 张三 in GBK
const GB18030_WANGWU = Buffer.from('cdf5cee5', 'hex'); // 王五 in GB18030 (= GBK for these)

async function storedName(username: string) {
  const r = await env.req('GET', `/api/v1/users?q=${username}`, { token: zone.token });
  return r.body.items.map((u: { name: string }) => u.name);
}

test('JSON in a declared GBK / GB2312 / GB18030 charset is decoded, never stored as mojibake', async () => {
  const send = (username: string, bytes: Buffer, type: string) =>
    env.req('POST', '/api/v1/users', { token: zone.token, raw: userJson(username, bytes), headers: { 'content-type': type } });
  expect((await send('gbkuser', GBK_ZHANGSAN, 'application/json; charset=gbk')).status).toBe(201);
  expect(await storedName('gbkuser')).toEqual(['张三']);
  expect((await send('gb2312user', GBK_ZHANGSAN, 'application/json;charset="GB2312"')).status).toBe(201);
  expect(await storedName('gb2312user')).toEqual(['张三']);
  expect((await send('gb18030user', GB18030_WANGWU, 'application/json; charset=GB18030')).status).toBe(201);
  expect(await storedName('gb18030user')).toEqual(['王五']);
  // UTF-8 declared or not, with or without a BOM.
  const utf8 = Buffer.from('张三');
  expect((await send('utf8user', utf8, 'application/json; charset=utf-8')).status).toBe(201);
  expect(await storedName('utf8user')).toEqual(['张三']);
  const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), userJson('bomuser', utf8)]);
  const r = await env.req('POST', '/api/v1/users', {
    token: zone.token,
    raw: bom,
    headers: { 'content-type': 'application/json' },
  });
  expect(r.status).toBe(201);
});

test('GBK bytes without a charset are a 400 saying the text is not UTF-8; an unknown charset is a 415', async () => {
  const before = await userCount();
  const post = (bytes: Buffer, type: string, lang?: string) =>
    env.req('POST', '/api/v1/users', {
      token: zone.token,
      raw: bytes,
      headers: { 'content-type': type, ...(lang ? { 'accept-language': lang } : {}) },
    });
  const noCharset = await post(userJson('mojibake', GBK_ZHANGSAN), 'application/json');
  expectProblem(noCharset, 400, 'invalid_encoding');
  expect(noCharset.body.title).toBe('提交的文字不是 UTF-8 编码');
  expect(noCharset.body.detail).toContain('不是 UTF-8');
  const declaredUtf8 = await post(userJson('mojibake2', GBK_ZHANGSAN), 'application/json; charset=utf-8', 'en');
  expectProblem(declaredUtf8, 400, 'invalid_encoding');
  expect(declaredUtf8.body.detail).toContain('not UTF-8');
  // Bytes that are not GBK either (a lone lead byte at the end of a string).
  const badGbk = await post(userJson('badgbk', Buffer.from([0xd5])), 'application/json; charset=gbk');
  expectProblem(badGbk, 400, 'invalid_encoding');
  for (const charset of ['big5', 'latin1', 'shift_jis', 'utf-16', 'x-unknown']) {
    const r = await post(userJson('other', Buffer.from('ab')), `application/json; charset=${charset}`);
    expectProblem(r, 415, 'unsupported_media_type');
    expect(r.body.detail).toContain('UTF-8');
  }
  expect(await userCount()).toBe(before);
  expect(await storedName('mojibake')).toEqual([]);
});

test('a body nested thousands of levels deep is a 400 naming the limit, on public and signed-in routes alike', async () => {
  const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
  const json = { 'content-type': 'application/json' };
  const login = await env.req('POST', '/api/v1/auth/login', { raw: `{"tenant":${deep(1800)}}`, headers: json });
  expectProblem(login, 400, 'validation_failed');
  expect(login.body.errors[0].message).toMatch(/嵌套层级过深/);
  const before = await userCount();
  const users = await env.req('POST', '/api/v1/users', { token: zone.token, raw: `{"name":${deep(1800)}}`, headers: json });
  expectProblem(users, 400, 'validation_failed');
  expect(users.body.detail).toMatch(/嵌套层级过深/);
  expect(await userCount()).toBe(before);
});

/** Sends `raw` bytes on a fresh connection and reads the whole answer (the server closes after a client error). */
function rawHttp(raw: string): Promise<{ status: number; headers: string; body: any }> {
  const { hostname, port } = new URL(env.url);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const s = connect({ host: hostname, port: Number(port) }, () => s.end(raw));
    s.on('data', (c: Buffer) => chunks.push(c));
    s.on('error', reject);
    s.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', body = ''] = text.split('\r\n\r\n');
      resolve({
        status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0),
        headers: head,
        body: body ? JSON.parse(body) : null,
      });
    });
  });
}

test('a search of 10,000 Chinese characters (~90 kB of URL) reaches the route: 400 invalid_query, not a bare 431', async () => {
  const q = encodeURIComponent('安'.repeat(10_000));
  expect(q.length).toBeGreaterThan(80_000);
  expectProblem(await env.req('GET', `/api/v1/laws/search?q=${q}`, { token: zone.token }), 400, 'invalid_query');
});

test('what Node itself cannot take is still problem+json: 431 over the header limit, 400 for a malformed request', async () => {
  const huge = await fetch(`${env.url}/api/v1/laws/search?q=${'a'.repeat(MAX_HEADER_BYTES + 1)}`, {
    headers: { authorization: `Bearer ${zone.token}` },
  });
  expect(huge.status).toBe(431);
  expect(huge.headers.get('content-type')).toContain('application/problem+json');
  const body = (await huge.json()) as { code: string; status: number; requestId: string; title: string };
  expect(body).toMatchObject({ status: 431, code: 'request_header_too_large', title: '网址或请求头太长' });
  expect(huge.headers.get('x-request-id')).toBe(body.requestId);
  // One oversize header.
  const header = await rawHttp(`GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(MAX_HEADER_BYTES)}\r\n\r\n`);
  expect(header.status).toBe(431);
  expect(header.headers).toMatch(/content-type: application\/problem\+json/i);
  expect(header.body).toMatchObject({ code: 'request_header_too_large', title: '网址或请求头太长' });
  const garbage = await rawHttp('NOT HTTP AT ALL\r\n\r\n');
  expect(garbage.status).toBe(400);
  expect(garbage.body).toMatchObject({ status: 400, code: 'malformed_request', requestId: expect.any(String) });
  // The server still answers normally afterwards.
  expect((await env.req('GET', '/api/v1/health')).status).toBe(200);
});

test('a client that hangs up mid-download is routine: no stack trace, no error in the log', async () => {
  const consoleError = jest.spyOn(console, 'error');
  const logError = jest.spyOn(env.api.c.logger, 'error');
  try {
    const ac = new AbortController();
    const res = await fetch(`${env.url}/api/v1/test/endless-download`, { signal: ac.signal });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    await reader.read();
    ac.abort();
    await new Promise((r) => setTimeout(r, 300));
    expect(consoleError).not.toHaveBeenCalled();
    expect(logError).not.toHaveBeenCalled();
  } finally {
    consoleError.mockRestore();
    logError.mockRestore();
  }
});
