/**
 * The cross-tenant probe's supervisor pass (issue 14 §1): a bureau granted zone A (not B) walks the OpenAPI document.
 * (1) entering A works, entering B or an ungranted / expired grant's zone → 404, and a token whose grant ended → 403;
 * (2) with the A token every GET route with B's ids → 403/404, never B's ids in any answer, never a 500;
 * (3) every non-GET route → 403 supervision_read_only; (4) bureau-mode lists name only granted zones;
 * (5) a bureau without a grant gets empty lists or 404 everywhere; (6) every request with the A token leaves one
 * row in A's supervision_reads (and none in B's).
 */
import { runInScope } from './core/context/request-scope.ts';
import { tenantEm } from './core/db/orm.ts';
import { multipart, photoWithExif } from './testing/fixtures.ts';
import { probeFixtures } from './testing/probe-fixtures.ts';
import { expireGrant } from './testing/supervision-fixtures.ts';
import { createTestEnv, DEMO_PW, platformOperator, zoneWithAdmin, type TestEnv } from './testing/test-env.ts';
import { SESSION_PLUMBING } from './modules/supervision/supervision-reads.ts';

type Json = Record<string, any>;
type Zone = Awaited<ReturnType<typeof zoneWithAdmin>> & { ids: Record<string, string> };

let env: TestEnv;
let op: Awaited<ReturnType<typeof platformOperator>>;
let A: Zone;
let B: Zone;
let doc: Json;
const DAY = 86_400_000;

async function fixtures(z: Awaited<ReturnType<typeof zoneWithAdmin>>): Promise<Zone> {
  const ids: Record<string, string> = { tenant: z.tenant.id };
  const ctx = {
    env,
    zone: z,
    inTenant: <T>(fn: (em: ReturnType<typeof tenantEm>) => Promise<T>) =>
      runInScope(
        { requestId: 'probe', tenantId: z.tenant.id, em: null, actor: null, ip: null, userAgent: null, action: 'probe.fixture' },
        () => fn(tenantEm(env.api.c.orm, z.tenant.id)),
      ),
    ids,
    photo: photoWithExif,
    multipart,
  };
  for (const [kind, make] of Object.entries(probeFixtures)) ids[kind] = await make(ctx);
  return { ...z, ids };
}

async function bureau(code: string) {
  const r = await env.req('POST', '/api/v1/platform/bureaus', {
    token: op.token,
    body: { code, name: `${code}应急管理局`, region: '浙江省', user: { username: 'city', name: '冯立群', password: DEMO_PW } },
  });
  if (r.status !== 201) throw new Error(`bureau: ${JSON.stringify(r.body)}`);
  const login = await env.req('POST', '/api/v1/auth/login', { body: { tenant: code, username: 'city', password: DEMO_PW } });
  return { id: r.body.bureau.id as string, token: login.body.accessToken as string };
}

async function grant(bureauId: string, zoneId: string, validUntil = new Date(Date.now() + 30 * DAY)) {
  const r = await env.req('POST', '/api/v1/platform/supervision-grants', {
    token: op.token,
    body: { bureauId, zoneId, validUntil: validUntil.toISOString() },
  });
  if (r.status !== 201) throw new Error(`grant: ${JSON.stringify(r.body)}`);
  return r.body.id as string;
}

const enter = (token: string, zoneId: string) => env.req('POST', `/api/v1/supervision/zones/${zoneId}/enter`, { token });

async function readsOf(zoneId: string): Promise<number> {
  const rows = (await env.api.c.orm.em
    .getConnection()
    .execute('SELECT COUNT(*) AS n FROM supervision_reads WHERE tenant_id = ?', [zoneId])) as Array<{ n: number }>;
  return Number(rows[0]!.n);
}

/** A path of the document with its parameters filled: x-ref → `zone`'s id, else enum, example or 'probe'. */
function fill(path: string, op: Json, zone: Zone, problems: string[]): string {
  const params = ((op.parameters ?? []) as Json[]).filter((p) => p.in === 'path');
  return path
    .replace(/\{(\w+)\}/g, (_, name: string) => {
      const s = params.find((p) => p.name === name)?.schema ?? {};
      const v = s['x-ref'] ? zone.ids[s['x-ref']] : (s.enum?.[0] ?? s.examples?.[0] ?? 'probe');
      if (v === undefined) problems.push(`${path}: no probe fixture for "${s['x-ref']}"`);
      return encodeURIComponent(String(v));
    })
    .replace(/^\/api\/v1/, '');
}
function requiredQuery(op: Json, zone: Zone): string {
  const q = new URLSearchParams();
  for (const p of ((op.parameters ?? []) as Json[]).filter((x) => x.in === 'query' && x.required)) {
    const s = p.schema ?? {};
    const v = s['x-ref'] ? zone.ids[s['x-ref']] : (s.enum?.[0] ?? s.examples?.[0] ?? s.minimum ?? 1);
    q.set(p.name, String(v));
  }
  return q.size ? `?${q}` : '';
}
const hasRef = (op: Json) => ((op.parameters ?? []) as Json[]).some((p) => p.in === 'path' && p.schema?.['x-ref']);

beforeAll(async () => {
  env = await createTestEnv();
  op = await platformOperator(env);
  A = await fixtures(await zoneWithAdmin(env, 'supproba'));
  B = await fixtures(await zoneWithAdmin(env, 'supprobb'));
  doc = (await env.req('GET', '/api/v1/openapi.json')).body as Json;
}, 180_000);
afterAll(() => env.close());

test('a bureau granted zone A reads A only, read-only, and every read is logged in A', async () => {
  const city = await bureau('supcity');
  await grant(city.id, A.tenant.id);
  // (1) enter A works, B is not found
  const entered = await enter(city.token, A.tenant.id);
  expect(entered.status).toBe(200);
  expect((await enter(city.token, B.tenant.id)).status).toBe(404);
  const token = entered.body.accessToken as string;
  const bIds = Object.values(B.ids);
  const problems: string[] = [];
  const failures: string[] = [];
  const beforeA = await readsOf(A.tenant.id);
  const beforeB = await readsOf(B.tenant.id);
  let requests = 0;
  let logged = 0;
  for (const [path, ops] of Object.entries(doc.paths as Json)) {
    for (const [method, o] of Object.entries(ops as Json)) {
      if ((o as Json)['x-tenant'] === 'none') continue;
      // Signing out is the one write a supervisor may make (it ends this probe's session): supervision.test.ts.
      if ((o as Json).operationId === 'auth.logout') continue;
      // Entering another granted zone goes by the bureau, not this zone (supervision.test.ts); B is refused there.
      if ((o as Json).operationId === 'supervision.enter') continue;
      if (!SESSION_PLUMBING.has((o as Json).operationId)) logged++;
      const isGet = method === 'get';
      // (2) GETs with B's ids (or, without ids, as they are); (3) every other method with A's ids
      const target = isGet && hasRef(o as Json) ? B : A;
      const url = `/api/v1${fill(path, o as Json, target, problems)}${requiredQuery(o as Json, isGet ? B : A)}`;
      const r = await env.req(method.toUpperCase(), url, { token, body: isGet ? undefined : {} });
      requests++;
      const where = `${method.toUpperCase()} ${path} → ${r.status} ${r.body?.code ?? ''}`;
      if (r.status >= 500) failures.push(`${where}: server error`);
      if (!isGet && (r.status !== 403 || r.body?.code !== 'supervision_read_only'))
        failures.push(`${where}: expected 403 supervision_read_only`);
      if (isGet && hasRef(o as Json) && ![403, 404].includes(r.status)) failures.push(`${where}: expected 403/404`);
      const text = typeof r.body === 'string' ? r.body : JSON.stringify(r.body ?? '');
      const leaked = bIds.filter((id) => text.includes(id) && !url.includes(id));
      if (leaked.length) failures.push(`${where}: leaks zone B ids ${leaked.join(', ')}`);
    }
  }
  expect(problems).toEqual([]);
  expect(failures).toEqual([]);
  expect(requests).toBeGreaterThan(100);
  // (6) one row per request in A's log (the console's session plumbing excepted), none in B's
  expect((await readsOf(A.tenant.id)) - beforeA).toBe(logged);
  expect(await readsOf(B.tenant.id)).toBe(beforeB);
}, 300_000);

test('bureau-mode routes: lists name granted zones only; a bureau without a grant gets nothing anywhere', async () => {
  const city = await bureau('supcity2');
  await grant(city.id, A.tenant.id);
  const none = await bureau('supnone');
  const bureauRoutes = Object.entries(doc.paths as Json).flatMap(([path, ops]) =>
    Object.entries(ops as Json)
      .filter(([m, o]) => m === 'get' && (o as Json)['x-tenant'] === 'bureau')
      .map(([, o]) => ({ path, op: o as Json })),
  );
  expect(bureauRoutes.length).toBeGreaterThanOrEqual(2);
  const problems: string[] = [];
  const failures: string[] = [];
  for (const { path, op: o } of bureauRoutes) {
    // (4) the granted bureau: never B (ids or code) in any answer, even asked with B's ids
    const url = `/api/v1${fill(path, o, B, problems)}${requiredQuery(o, B)}`;
    const r = await env.req('GET', url, { token: city.token });
    const text = typeof r.body === 'string' ? r.body : JSON.stringify(r.body ?? '');
    if (r.status >= 500) failures.push(`granted GET ${path} → ${r.status}`);
    if (hasRef(o) && ![403, 404].includes(r.status)) failures.push(`granted GET ${path} with B ids → ${r.status}`);
    if (text.includes(B.tenant.id) && !url.includes(B.tenant.id)) failures.push(`granted GET ${path} names zone B`);
    // (5) the bureau without a grant: 404 for any zone, empty lists otherwise; A and B never named
    const urlA = `/api/v1${fill(path, o, A, problems)}${requiredQuery(o, A)}`;
    const n = await env.req('GET', urlA, { token: none.token });
    const nText = typeof n.body === 'string' ? n.body : JSON.stringify(n.body ?? '');
    if (n.status >= 500) failures.push(`no-grant GET ${path} → ${n.status}`);
    if (hasRef(o) && ![403, 404].includes(n.status)) failures.push(`no-grant GET ${path} → ${n.status}`);
    for (const z of [A, B])
      if ((nText.includes(z.tenant.id) && !urlA.includes(z.tenant.id)) || nText.includes(`"${z.tenant.code}"`))
        failures.push(`no-grant GET ${path} names ${z.tenant.code}`);
    if (n.status === 200 && !hasRef(o) && (n.headers.get('content-type') ?? '').includes('json')) {
      const b = n.body as Json;
      const lists = Array.isArray(b) ? [b] : Object.values(b).filter(Array.isArray);
      if (lists.some((l) => (l as unknown[]).length > 0 && !isTotalsOnly(l as unknown[])))
        failures.push(`no-grant GET ${path} lists something: ${nText.slice(0, 200)}`);
    }
  }
  expect(problems).toEqual([]);
  expect(failures).toEqual([]);
  const zones = await env.req('GET', '/api/v1/supervision/zones', { token: city.token });
  expect(zones.body.map((z: Json) => z.zoneId)).toEqual([A.tenant.id]);
  expect((await enter(none.token, A.tenant.id)).status).toBe(404);
}, 120_000);

/** Year/quarter period rows with no zone are not a listing of zones. */
function isTotalsOnly(list: unknown[]): boolean {
  return list.every((x) => x && typeof x === 'object' && !('zoneId' in (x as object)) && !('id' in (x as object)));
}

test('an expired grant cannot be entered, and a token whose grant lapsed is refused with 403', async () => {
  const city = await bureau('supcity3');
  const expired = await grant(city.id, B.tenant.id, new Date(Date.now() + 60 * DAY));
  const tok = (await enter(city.token, B.tenant.id)).body.accessToken as string;
  expect((await env.req('GET', '/api/v1/enterprises', { token: tok })).status).toBe(200);
  await expireGrant(env, expired);
  expect((await enter(city.token, B.tenant.id)).status).toBe(404);
  const old = await env.req('GET', '/api/v1/enterprises', { token: tok });
  expect(old).toMatchObject({ status: 403, body: { code: 'supervision_grant_ended' } });
});
