import { z } from 'zod';
import { API_KEY_SCOPE_LABELS, API_KEY_SCOPES, problem } from '@yuanan/contracts';
import { API_PREFIX } from './router.ts';
import type { AnyRoute } from './route.ts';

type Json = Record<string, unknown>;

function schemaOf(s: z.ZodType, io: 'input' | 'output'): Json {
  const out = z.toJSONSchema(s, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Json;
  delete out.$schema;
  // zod drops `examples` from the input schema of an object that transforms (a phone field normalises, say),
  // since examples usually show the output. Ours are written as a caller sends them: keep them for the docs and
  // the cross-tenant probe.
  const examples = z.globalRegistry.get(s)?.examples;
  if (io === 'input' && out.examples === undefined && Array.isArray(examples)) out.examples = examples;
  return out;
}

/** OpenAPI 3.1, generated from the same zod schemas that validate the requests. */
export function buildOpenApi(routes: AnyRoute[], version: string): Json {
  const paths: Record<string, Json> = {};
  for (const r of routes) {
    const path = API_PREFIX + r.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const parameters: Json[] = [];
    for (const [where, s] of [
      ['path', r.params],
      ['query', r.query],
    ] as const) {
      if (!s) continue;
      const js = schemaOf(s, 'input') as { properties?: Record<string, Json>; required?: string[] };
      for (const [name, prop] of Object.entries(js.properties ?? {})) {
        parameters.push({ name, in: where, required: where === 'path' || (js.required ?? []).includes(name), schema: prop });
      }
    }
    if (r.idempotent) {
      parameters.push({
        name: 'Idempotency-Key',
        in: 'header',
        required: r.idempotent === 'required',
        schema: { type: 'string', minLength: 8, maxLength: 100 },
        description: 'Retries with the same key return the first answer instead of creating twice.',
      });
    }
    const status = String(r.status ?? (r.responseType === 'empty' ? 204 : r.method === 'post' ? 201 : 200));
    const responses: Json = {
      [status]: r.response
        ? { description: 'OK', content: { 'application/json': { schema: schemaOf(r.response, 'output') } } }
        : { description: r.responseType === 'raw' ? 'File content' : 'OK' },
      default: {
        description: 'Problem (RFC 9457)',
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      },
    };
    const op: Json = {
      operationId: r.operationId,
      summary: r.summary,
      tags: r.tags,
      parameters,
      responses,
      'x-permission': r.auth,
      'x-tenant': r.auth === 'public' ? 'none' : (r.tenant ?? 'zone'),
      ...(r.auth === 'public' ? { security: [] } : {}),
    };
    // An API key may call this operation with the scope (issue 14 §3); a public one (the IoT ingest) keeps its own
    // credentials (no security requirement) besides the key.
    if (r.apiKeyScope) {
      op['x-api-key-scope'] = r.apiKeyScope;
      op.security = [
        ...(r.auth === 'public' ? [{}] : [{ bearer: [] }]),
        { apiKey: [r.apiKeyScope] },
        { apiKeyHeader: [r.apiKeyScope] },
      ];
    }
    if (r.body) {
      const contentType = r.bodyType === 'multipart' ? 'multipart/form-data' : 'application/json';
      op.requestBody = { required: true, content: { [contentType]: { schema: schemaOf(r.body, 'input') } } };
    }
    paths[path] = { ...(paths[path] ?? {}), [r.method]: op };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: "园安 Yuan'an API",
      version,
      description: `Safety and emergency management for industrial zones. Errors are RFC 9457 problem+json with a stable \`code\`.\n\n${apiKeyDescription()}`,
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'yak_<prefix>_<secret>',
          description:
            'An API key of the zone (API 密钥): `Authorization: Bearer yak_…`. Only operations marked `x-api-key-scope` with a scope the key holds.',
        },
        apiKeyHeader: {
          type: 'apiKey',
          in: 'header',
          name: 'X-API-Key',
          description: 'The same API key in the `X-API-Key` header.',
        },
      },
      schemas: { Problem: schemaOf(problem, 'output') },
    },
    security: [{ bearer: [] }],
    paths,
  };
}

/** The API-key section of the document's description: how to send a key, the limits, and the scope table. */
function apiKeyDescription(): string {
  const rows = API_KEY_SCOPES.map((sc) => `| \`${sc}\` | ${API_KEY_SCOPE_LABELS[sc].zh} | ${API_KEY_SCOPE_LABELS[sc].en} |`);
  return [
    '## API keys (API 密钥)',
    'Other systems call with a key of the zone: `Authorization: Bearer yak_…` or `X-API-Key: yak_…`. A key may call only the',
    'operations marked `x-api-key-scope` with a scope it holds (else 403 `api_key_scope`); expired 401 `api_key_expired`,',
    'revoked 401 `api_key_revoked`, unknown 401 `api_key_invalid`. Each key has a per-minute limit: 429 `rate_limited` with',
    '`Retry-After`; every answer carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`.',
    '',
    '| Scope | 说明 | Meaning |',
    '| --- | --- | --- |',
    ...rows,
  ].join('\n');
}
