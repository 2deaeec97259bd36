import { randomUUID } from 'node:crypto';
import { buildCreditCode } from '@yuanan/domain';
import { createTestEnv, userWithRole, zoneWithAdmin, type HttpResult, type TestEnv } from '../../testing/test-env.ts';

/**
 * Every problem a user can see speaks the user's language: zh-CN by default, English with `Accept-Language: en`.
 * A representative sample of error paths (transport, auth, permissions, validation from zod and from contracts,
 * service rules, conflicts, uploads) is hit in both languages; the test fails on an English sentence under zh-CN
 * or a Chinese one under en, in the title, the detail or any field message.
 */
let env: TestEnv;
let zone: Awaited<ReturnType<typeof zoneWithAdmin>>;
let grid: Awaited<ReturnType<typeof userWithRole>>;
let enterpriseId: string;
const CJK = /[\u3400-\u9FFF\uF900-\uFAFF]/;

beforeAll(async () => {
  env = await createTestEnv({ env: { BODY_LIMIT_BYTES: '8192' } });
  zone = await zoneWithAdmin(env, 'langz');
  grid = await userWithRole(env, zone, 'grid_worker');
  const e = await env.req('POST', '/api/v1/enterprises', {
    token: zone.token,
    body: { creditCode: buildCreditCode('91', '330782', 'MA2L0001'), name: '语言测试企业', principalName: '张三' },
  });
  enterpriseId = e.body.id;
});
afterAll(() => env.close());

type ProblemBody = { code: string; title?: string; detail?: string; errors?: { message: string }[] };
type Call = { name: string; status: number; send: (headers: Record<string, string>) => Promise<HttpResult<ProblemBody>> };

const user = { username: 'languser', name: '王五', role: 'grid_worker', password: 'Str0ng#Passw0rd' };
const CALLS: Call[] = [
  { name: 'unknown route', status: 404, send: (h) => env.req('GET', '/api/v1/nothing-here', { token: zone.token, headers: h }) },
  { name: 'no token', status: 401, send: (h) => env.req('GET', '/api/v1/users', { headers: h }) },
  {
    name: 'malformed Authorization',
    status: 401,
    send: (h) => env.req('GET', '/api/v1/users', { headers: { ...h, authorization: 'Basic abc' } }),
  },
  { name: 'role lacks permission', status: 403, send: (h) => env.req('GET', '/api/v1/users', { token: grid.token, headers: h }) },
  {
    name: 'not found',
    status: 404,
    send: (h) => env.req('GET', `/api/v1/users/${randomUUID()}`, { token: zone.token, headers: h }),
  },
  {
    name: 'malformed JSON',
    status: 400,
    send: (h) =>
      env.req('POST', '/api/v1/users', {
        token: zone.token,
        raw: '{"a":',
        headers: { ...h, 'content-type': 'application/json' },
      }),
  },
  {
    name: 'not JSON',
    status: 415,
    send: (h) =>
      env.req('POST', '/api/v1/users', { token: zone.token, raw: 'a=1', headers: { ...h, 'content-type': 'text/plain' } }),
  },
  {
    name: 'unknown charset',
    status: 415,
    send: (h) =>
      env.req('POST', '/api/v1/users', {
        token: zone.token,
        raw: '{}',
        headers: { ...h, 'content-type': 'application/json; charset=big5' },
      }),
  },
  {
    name: 'not UTF-8',
    status: 400,
    send: (h) =>
      env.req('POST', '/api/v1/users', {
        token: zone.token,
        raw: Buffer.from('7b226e616d65223a22d5c5c8fd227d', 'hex'),
        headers: { ...h, 'content-type': 'application/json' },
      }),
  },
  {
    name: 'too large',
    status: 413,
    send: (h) => env.req('POST', '/api/v1/users', { token: zone.token, body: { ...user, name: 'x'.repeat(9000) }, headers: h }),
  },
  {
    name: 'zod types and unknown fields',
    status: 400,
    send: (h) => env.req('POST', '/api/v1/users', { token: zone.token, body: { username: 1, extra: true }, headers: h }),
  },
  {
    name: 'contract message (username rule)',
    status: 400,
    send: (h) => env.req('POST', '/api/v1/users', { token: zone.token, body: { ...user, username: '1x' }, headers: h }),
  },
  {
    name: 'contract message (phone)',
    status: 400,
    send: (h) => env.req('POST', '/api/v1/users', { token: zone.token, body: { ...user, phone: '0579-8520' }, headers: h }),
  },
  {
    name: 'contract message (credit code)',
    status: 400,
    send: (h) =>
      env.req('POST', '/api/v1/enterprises', {
        token: zone.token,
        body: { creditCode: '91330782MA2T0000XX', name: '坏', principalName: '张', industryCode: 'C-26' },
        headers: h,
      }),
  },
  {
    name: 'password policy (service rule list)',
    status: 400,
    send: (h) => env.req('POST', '/api/v1/users', { token: zone.token, body: { ...user, password: 'password' }, headers: h }),
  },
  {
    name: 'enterprise role without enterprise (service rule)',
    status: 400,
    send: (h) => env.req('POST', '/api/v1/users', { token: zone.token, body: { ...user, role: 'enterprise_staff' }, headers: h }),
  },
  {
    name: 'duplicate username',
    status: 409,
    send: (h) => env.req('POST', '/api/v1/users', { token: zone.token, body: { ...user, username: 'admin' }, headers: h }),
  },
  {
    name: 'record not found (Chinese record label)',
    status: 404,
    send: (h) =>
      env.req('DELETE', `/api/v1/enterprises/${enterpriseId}/contacts/${randomUUID()}`, { token: zone.token, headers: h }),
  },
  {
    name: 'drill in the future (service field message)',
    status: 400,
    send: (h) =>
      env.req('POST', `/api/v1/enterprises/${enterpriseId}/drills`, {
        token: zone.token,
        body: { kind: 'special', heldOn: '2099-01-01' },
        headers: h,
      }),
  },
  {
    name: 'wrong sign-in',
    status: 401,
    send: (h) =>
      env.req('POST', '/api/v1/auth/login', { body: { tenant: 'langz', username: 'admin', password: 'nope' }, headers: h }),
  },
  {
    name: 'upload that is not multipart',
    status: 415,
    send: (h) => env.req('POST', '/api/v1/files', { token: zone.token, body: { file: 'x' }, headers: h }),
  },
];

function sentences(body: { title?: string; detail?: string; errors?: { message: string }[] }): string[] {
  return [body.title ?? '', ...(body.detail ? [body.detail] : []), ...(body.errors ?? []).map((e) => e.message)];
}

test.each(CALLS.map((c) => [c.name, c] as const))('%s: the problem follows Accept-Language', async (_name, call) => {
  const zh = await call.send({});
  const en = await call.send({ 'accept-language': 'en-GB,en;q=0.9' });
  for (const r of [zh, en]) {
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect([call.name, r.status]).toEqual([call.name, call.status]);
  }
  expect(zh.body.code).toBe(en.body.code);
  // zh-CN: every sentence has Chinese in it, or no word of Latin letters at all.
  const englishUnderZh = sentences(zh.body).filter((s) => !CJK.test(s) && /[A-Za-z]{2,}/.test(s));
  expect([call.name, englishUnderZh]).toEqual([call.name, []]);
  const chineseUnderEn = sentences(en.body).filter((s) => CJK.test(s));
  expect([call.name, chineseUnderEn]).toEqual([call.name, []]);
});

test('validation messages are plain words, not type notation', async () => {
  const cases: Array<[string, string, string]> = [
    ['/api/v1/hazards?pageSize=100000', '不能大于 200', 'must be at most 200'],
    ['/api/v1/hazards?page=0', '不能小于 1', 'must be at least 1'],
    ['/api/v1/enterprises/not-a-uuid', '编号格式不正确', 'not a valid id'],
    ['/api/v1/risk/map?view=area', '只能是以下之一：', 'must be one of:'],
    ['/api/v1/hazards?page=1.5', '应为整数', 'must be a whole number'],
    ['/api/v1/hazards?page=abc', '应为数字', 'must be a number'],
    ['/api/v1/hazards?foo=bar', '不认识的参数：foo', 'unknown parameter: foo'],
    // A date where a date-time is expected, and a date that is not one: what to write, not "无效ISO日期时间".
    ['/api/v1/incidents?from=2026-12-01', '应为有效的日期时间（带时区）', 'must be a valid date-time with its offset'],
    ['/api/v1/incidents?from=2027-02-29T00:00:00Z', '应为有效的日期时间', 'must be a valid date-time'],
    ['/api/v1/hazards?from=2026-13-01', '应为有效日期，如', 'must be a valid date, e.g.'],
  ];
  for (const [path, zhText, enText] of cases) {
    const zh = await env.req('GET', path, { token: zone.token });
    const en = await env.req('GET', path, { token: zone.token, headers: { 'accept-language': 'en' } });
    expect([path, zh.status, en.status]).toEqual([path, 400, 400]);
    expect([path, zh.body.errors?.[0]?.message]).toEqual([path, expect.stringContaining(zhText)]);
    expect([path, en.body.errors?.[0]?.message]).toEqual([path, expect.stringContaining(enText)]);
    expect(JSON.stringify(zh.body)).not.toMatch(/number <=|number >=|UUID|期望|string|NaN|ISO|无效/);
  }
  // A required field left out is "必填", not "期望 string，实际接收 undefined".
  const missing = await env.req('POST', '/api/v1/hazards', { token: zone.token, body: { description: '缺企业' } });
  expect(missing.status).toBe(400);
  const enterpriseError = missing.body.errors.find((e: { path: string }) => e.path === 'enterpriseId');
  expect(enterpriseError.message).toBe('必填');
  // A text that must have at least one character, left blank, is "empty" — not "at least 1 characters".
  for (const [lang, text] of [
    ['zh-CN', '不能为空'],
    ['en', 'must not be empty'],
  ] as const) {
    const blank = await env.req('POST', '/api/v1/webhooks', {
      token: zone.token,
      headers: { 'accept-language': lang },
      body: { name: '   ', url: 'https://example.com/hook', events: ['hazard.created'] },
    });
    expect(blank.status).toBe(400);
    expect(blank.body.errors.find((e: { path: string }) => e.path === 'name')?.message).toBe(text);
  }
});
