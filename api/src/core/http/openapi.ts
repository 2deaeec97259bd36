import { z } from 'zod';
import { problem } from '@yuanan/contracts';
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
      description: 'Safety and emergency management for industrial zones. Errors are RFC 9457 problem+json with a stable `code`.',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Problem: schemaOf(problem, 'output') },
    },
    security: [{ bearer: [] }],
    paths,
  };
}
