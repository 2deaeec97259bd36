/**
 * The cross-tenant probe: walks every route of the OpenAPI document with zone A's token and zone B's ids
 * (in the path, and in the body where the route references other records) and expects 403 or 404 — never
 * success, never a 500. Routes that take no ids must not return any of zone B's ids. It grows by itself as
 * routes are added, and fails for a route it has no way to probe (a path parameter without `x-ref`, an enum
 * or an example; a JSON body without an example).
 */
import { z } from 'zod';
import { ref } from '@yuanan/contracts';
import type { Container } from './core/container.ts';
import { defineRoute } from './core/http/route.ts';
import { notFound } from './core/http/problem.ts';
import { User } from './modules/identity/identity.entity.ts';
import { runInScope } from './core/context/request-scope.ts';
import { tenantEm } from './core/db/orm.ts';
import { multipart, photoWithExif } from './testing/fixtures.ts';
import { createTestEnv, DEMO_PW, platformOperator, zoneWithAdmin, type TestEnv } from './testing/test-env.ts';
import { probeFixtures } from './testing/probe-fixtures.ts';

type Json = Record<string, any>;
type Zone = Awaited<ReturnType<typeof zoneWithAdmin>> & { ids: Record<string, string> };

let env: TestEnv;
let A: Zone;
let B: Zone;

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

/** Routes mounted only in this test: a leak (tenant filter off) and an unprobeable body. Off unless `leaky`. */
let leaky = false;
const leakyRoutes = (c: Container) => [
  defineRoute({
    method: 'get',
    path: '/leaky/:id',
    operationId: 'test.leaky',
    summary: 'deliberately leaky',
    tags: ['test'],
    auth: 'users.read',
    params: z.strictObject({ id: ref('user') }),
    response: z.object({ name: z.string() }),
    handler: async ({ params }) => {
      if (!leaky) throw notFound();
      const u = await tenantEm(c.orm, 'ignored').findOneOrFail(User, { id: params.id }, { filters: { tenant: false } });
      return { name: u.name };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/leaky',
    operationId: 'test.unprobeable',
    summary: 'no example',
    tags: ['test'],
    auth: 'users.read',
    body: z.strictObject({ x: z.string() }),
    responseType: 'empty',
    handler: () => {
      if (!leaky) throw notFound();
    },
  }),
];

beforeAll(async () => {
  env = await createTestEnv({ extraRoutes: (c) => leakyRoutes(c) });
  await platformOperator(env);
  A = await fixtures(await zoneWithAdmin(env, 'probea'));
  B = await fixtures(await zoneWithAdmin(env, 'probeb'));
}, 120_000);
afterAll(() => env.close());

async function freshToken(zone: Zone): Promise<string> {
  const r = await env.req('POST', '/api/v1/auth/login', {
    body: { tenant: zone.tenant.code, username: 'admin', password: DEMO_PW },
  });
  if (r.status !== 200) throw new Error(`probe login failed: ${JSON.stringify(r.body)}`);
  return r.body.accessToken;
}

/** Fills a value from a schema: x-ref → an id of `zone`, else enum, example or a plain default. */
function sample(schema: Json, zone: Zone, problems: string[], where: string): unknown {
  if (schema['x-ref']) {
    const id = zone.ids[schema['x-ref']];
    if (!id) problems.push(`${where}: no probe fixture for kind "${schema['x-ref']}"`);
    return id;
  }
  if (schema.enum) return schema.enum[0];
  if (schema.examples?.length) return schema.examples[0];
  if (schema.type === 'integer' || schema.type === 'number') return schema.minimum ?? 1;
  if (schema.type === 'boolean') return true;
  return undefined;
}

function fillPlaceholders(v: unknown, zone: Zone, problems: string[]): unknown {
  if (typeof v === 'string') {
    const m = /^\{(\w+)\}$/.exec(v);
    if (!m) return v;
    if (!zone.ids[m[1]!]) problems.push(`no probe fixture for "${m[1]}"`);
    return zone.ids[m[1]!];
  }
  if (Array.isArray(v)) return v.map((x) => fillPlaceholders(x, zone, problems));
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fillPlaceholders(x, zone, problems)]));
  return v;
}
const hasPlaceholder = (v: unknown) => /"\{\w+\}"/.test(JSON.stringify(v ?? null));

interface Case {
  label: string;
  method: string;
  path: string;
  query: string;
  body?: unknown;
  form?: () => Promise<FormData>;
  expectRefused: boolean;
}

function casesFor(path: string, method: string, op: Json, problems: string[]): Case[] {
  const params = (op.parameters ?? []) as Json[];
  const pathParams = params.filter((p) => p.in === 'path');
  const buildPath = (zone: Zone) =>
    path
      .replace(/\{(\w+)\}/g, (_, name: string) => {
        const p = pathParams.find((x) => x.name === name);
        const v = p ? sample(p.schema, zone, problems, `${method} ${path} :${name}`) : undefined;
        if (v === undefined)
          problems.push(`${method.toUpperCase()} ${path}: path parameter :${name} has no x-ref, enum or example`);
        return encodeURIComponent(String(v));
      })
      .replace(/^\/api\/v1/, '');
  const buildQuery = (zone: Zone) => {
    const q = new URLSearchParams();
    for (const p of params.filter((x) => x.in === 'query' && x.required)) {
      const v = sample(p.schema, zone, problems, `${method} ${path} ?${p.name}`);
      if (v === undefined) problems.push(`${method.toUpperCase()} ${path}: query ?${p.name} has no probe value`);
      else q.set(p.name, String(v));
    }
    return q.size ? `?${q}` : '';
  };
  const content = op.requestBody?.content ?? {};
  const json = content['application/json']?.schema as Json | undefined;
  const isMultipart = Boolean(content['multipart/form-data']);
  const template = json ? (json['x-probe'] ?? json.examples?.[0]) : undefined;
  if (json && template === undefined) problems.push(`${method.toUpperCase()} ${path}: JSON body without an example or x-probe`);
  const bodyFor = (zone: Zone) => (template === undefined ? undefined : fillPlaceholders(template, zone, problems));
  const formFor = (zone: Zone) => async () =>
    multipart(await photoWithExif(), 'probe.jpg', { purpose: 'hazard_photo', enterpriseId: zone.ids.enterprise! }, 'image/jpeg');
  const multipartRefs = isMultipart && JSON.stringify(content['multipart/form-data']?.schema ?? {}).includes('x-ref');
  const bodyRefs = hasPlaceholder(template) || multipartRefs;
  const out: Case[] = [];
  if (pathParams.some((p) => p.schema['x-ref'])) {
    out.push({
      label: 'B ids in path',
      method,
      path: buildPath(B),
      query: buildQuery(B),
      body: bodyFor(A),
      form: isMultipart ? formFor(A) : undefined,
      expectRefused: true,
    });
  }
  if (bodyRefs) {
    out.push({
      label: 'B ids in body',
      method,
      path: buildPath(A),
      query: buildQuery(A),
      body: bodyFor(B),
      form: isMultipart ? formFor(B) : undefined,
      expectRefused: true,
    });
  }
  if (!out.length) {
    out.push({ label: 'no ids', method, path: buildPath(A), query: buildQuery(B), body: bodyFor(A), expectRefused: false });
  }
  return out;
}

async function runProbe(): Promise<{ problems: string[]; failures: string[]; probed: number }> {
  const doc = (await env.req('GET', '/api/v1/openapi.json')).body as Json;
  const problems: string[] = [];
  const failures: string[] = [];
  const bIds = Object.values(B.ids);
  let probed = 0;
  for (const [path, ops] of Object.entries(doc.paths as Json)) {
    for (const [method, op] of Object.entries(ops as Json)) {
      if (!leaky && (op as Json).tags?.includes('test')) continue;
      for (const c of casesFor(path, method, op as Json, problems)) {
        const token = (op as Json)['x-tenant'] === 'none' ? undefined : await freshToken(A);
        const raw = c.form ? await c.form() : undefined;
        const r = await env.req(c.method.toUpperCase(), `/api/v1${c.path}${c.query}`, {
          token,
          body: raw ? undefined : c.body,
          raw,
        });
        probed++;
        const where = `${c.method.toUpperCase()} ${path} [${c.label}] → ${r.status} ${r.body?.code ?? ''}`;
        if (r.status >= 500) failures.push(`${where}: server error`);
        if (c.expectRefused && ![403, 404].includes(r.status)) failures.push(`${where}: expected 403/404`);
        const text = typeof r.body === 'string' ? r.body : JSON.stringify(r.body ?? '');
        const leaked = bIds.filter((id) => text.includes(id) && !c.path.includes(id) && !c.query.includes(id));
        if (leaked.length) failures.push(`${where}: leaks zone B ids ${leaked.join(', ')}`);
      }
    }
  }
  return { problems, failures, probed };
}

test('every route refuses zone B ids to a zone A token and never leaks zone B data', async () => {
  const { problems, failures, probed } = await runProbe();
  expect(problems).toEqual([]);
  expect(failures).toEqual([]);
  expect(probed).toBeGreaterThan(30);
}, 180_000);

test('the probe fails for a route that forgets the tenant, and for a route it cannot probe', async () => {
  leaky = true;
  try {
    const { problems, failures } = await runProbe();
    expect(failures).toEqual([
      expect.stringMatching(/^GET \/api\/v1\/leaky\/\{id\} \[B ids in path\] → 200 : expected 403\/404/),
    ]);
    expect(problems).toEqual([expect.stringContaining('POST /api/v1/leaky: JSON body without an example')]);
  } finally {
    leaky = false;
  }
}, 180_000);
