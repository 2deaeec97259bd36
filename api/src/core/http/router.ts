import Router from '@koa/router';
import type { Context } from 'koa';
import { canIn } from '@yuanan/contracts';
import type { Container } from '../container.ts';
import { authenticate } from '../auth/authenticate.ts';
import {
  apiKeyOf,
  applyRateLimit,
  authenticateApiKey,
  checkApiKeyScope,
  touchApiKey,
} from '../../modules/api-keys/api-key-auth.ts';
import { currentScope } from '../context/request-scope.ts';
import { tenantEm } from '../db/orm.ts';
import { readJsonBody } from './body.ts';
import { withIdempotency } from './idempotency.ts';
import { AppError, forbidden, t } from './problem.ts';
import { withSupervisionLog } from '../../modules/supervision/supervision-reads.ts';
import type { AnyRoute } from './route.ts';
import { parseInput } from './validate.ts';

export const API_PREFIX = '/api/v1';

export function langOf(ctx: Context): 'zh-CN' | 'en' {
  return /^en\b/i.test(ctx.get('accept-language')) ? 'en' : 'zh-CN';
}

/** Refuses a route table with duplicates or path parameters that no schema describes (the probe needs them). */
export function checkRoutes(routes: AnyRoute[]): void {
  const seen = new Set<string>();
  for (const r of routes) {
    const key = `${r.method} ${r.path}`;
    if (seen.has(key)) throw new Error(`Duplicate route ${key}`);
    seen.add(key);
    const names = [...r.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);
    const shape = (r.params as { shape?: Record<string, unknown> } | undefined)?.shape ?? {};
    for (const n of names) if (!(n in shape)) throw new Error(`${key}: path parameter :${n} has no schema`);
  }
  const ops = new Set<string>();
  for (const r of routes) {
    if (ops.has(r.operationId)) throw new Error(`Duplicate operationId ${r.operationId}`);
    ops.add(r.operationId);
  }
}

/** Builds the router: authentication, tenant scope, permission, validation, idempotency, response shaping. */
export function buildRouter(c: Container, routes: AnyRoute[]): Router {
  checkRoutes(routes);
  const router = new Router({ prefix: API_PREFIX });
  for (const r of routes) {
    router[r.method](r.path, async (ctx) => withSupervisionLog(c, r, ctx, () => handle(c, r, ctx)));
  }
  return router;
}

async function handle(c: Container, r: AnyRoute, ctx: Context): Promise<void> {
  const scope = currentScope();
  if (!scope) throw new Error('request scope missing');
  scope.action = r.operationId;
  const lang = langOf(ctx);

  // An API key (issue 14 §3): authenticated, counted against its per-minute limit, then allowed only on a route
  // declaring a scope it holds — the scope stands in for the role permission. Public routes with a scope
  // (POST /iot/ingest) take the key as an alternative to their own credentials.
  const keyText = apiKeyOf(ctx);
  if (keyText !== null) {
    const auth = await authenticateApiKey(c, keyText);
    await applyRateLimit(c, ctx, auth.apiKey);
    checkApiKeyScope(auth.apiKey, r.apiKeyScope);
    if (auth.tenant.kind !== 'zone' || (r.auth !== 'public' && (r.tenant ?? 'zone') !== 'zone'))
      checkApiKeyScope(auth.apiKey, undefined);
    scope.tenantId = auth.tenant.id;
    scope.actor = auth.actor;
    scope.em = tenantEm(c.orm, auth.tenant.id);
    ctx.state.auth = auth;
    ctx.state.apiKey = auth.apiKey;
    await touchApiKey(c, auth.apiKey, ctx.ip || null);
  } else if (r.auth !== 'public') {
    const auth = await authenticate(c, ctx, r.operationId);
    // A supervisor's zone request is logged whatever its outcome (withSupervisionLog, issue 14 §1), and is
    // read-only whatever the route or the role's permissions (belt and braces: the role holds only reads).
    if (auth.claims.sup) ctx.state.supervised = auth;
    // Entering another granted zone from inside one goes by the bureau of the `sup` claim (the handler re-checks
    // the grant for the new zone): it writes nothing of this zone's.
    const hop = !!auth.claims.sup && r.operationId === 'supervision.enter';
    // Signing out changes nothing of the zone's: a supervisor may end their own session.
    if (auth.claims.sup && r.method !== 'get' && r.operationId !== 'auth.logout' && !hop)
      throw new AppError(
        403,
        'supervision_read_only',
        // One's own password is not zone data: say where it can be changed.
        r.operationId === 'me.changePassword'
          ? t('在园区内只读查看时不能修改密码，请返回本机构后修改', 'Change your password from your bureau, not inside a zone')
          : undefined,
      );
    const mode = hop ? 'any' : (r.tenant ?? 'zone');
    if (mode === 'zone' && auth.tenant.kind !== 'zone')
      throw forbidden(
        auth.tenant.kind === 'bureau'
          ? t('需要先进入一个已授权的园区（只读查看）', 'This needs a zone: enter a granted zone first')
          : 'This needs a zone: act as a zone first',
      );
    if (mode === 'platform' && (auth.tenant.kind !== 'platform' || auth.actor.actingAs))
      throw forbidden('Only the platform operator, outside any zone');
    if (mode === 'bureau' && auth.tenant.kind !== 'bureau')
      throw forbidden(t('仅监管机构（应急管理局）账号可用', "Only a supervising bureau's users, outside any zone"));
    if (!canIn(auth.actor.role, r.auth, auth.tenant.kind)) throw forbidden(`Role ${auth.actor.role} lacks ${r.auth}`);
    scope.tenantId = auth.tenant.id;
    scope.actor = auth.actor;
    scope.em = tenantEm(c.orm, auth.tenant.id);
    ctx.state.auth = auth;
  }

  const params = r.params ? parseInput(r.params, ctx.params, 'params', lang) : undefined;
  const query = r.query ? parseInput(r.query, { ...ctx.query }, 'query', lang) : undefined;
  let body: unknown;
  if (r.body && r.bodyType !== 'multipart') {
    const raw = await readJsonBody(ctx, r.bodyLimit ?? c.config.BODY_LIMIT_BYTES);
    // No body is an empty object; a body of JSON `null` is a body, and is refused by the schema (400).
    body = parseInput(r.body, raw === undefined ? {} : raw, 'body', lang);
  }

  const run = async () => {
    const before = ctx.status;
    const result = await r.handler({ params, query, body, ctx, lang });
    // A handler may choose its status (200 vs 201 for an idempotent create, 503 for health).
    const chosen = ctx.status !== before ? ctx.status : undefined;
    if (r.responseType === 'raw') return { status: ctx.status, body: undefined };
    if (r.responseType === 'empty') return { status: 204, body: undefined };
    let shaped: unknown = result;
    if (r.response) {
      const parsed = r.response.safeParse(result);
      if (!parsed.success) {
        c.logger.error({ issues: parsed.error.issues.slice(0, 5), op: r.operationId }, 'response contract violation');
        throw new AppError(500, 'internal_error', 'response contract violation');
      }
      shaped = parsed.data;
    }
    return { status: chosen ?? r.status ?? (r.method === 'post' ? 201 : 200), body: shaped };
  };

  const key = ctx.get('idempotency-key');
  const out =
    r.idempotent && key && scope.em && scope.actor
      ? await withIdempotency(scope.em, scope.actor.userId, key, `${r.method} ${ctx.path} ${JSON.stringify(body ?? null)}`, run)
      : { ...(await run()), replayed: false };
  if (r.responseType === 'raw') return;
  ctx.status = out.status;
  if (out.replayed) ctx.set('Idempotent-Replayed', 'true');
  if (out.body !== undefined) ctx.body = out.body;
}
