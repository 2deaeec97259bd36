import Koa from 'koa';
import type { Context, Next } from 'koa';
import type { Container } from './core/container.ts';
import { runInScope } from './core/context/request-scope.ts';
import { uuidv7 } from './core/db/ids.ts';
import { docsMiddleware } from './core/http/docs.ts';
import { errorHandler } from './core/http/error-handler.ts';
import { buildOpenApi } from './core/http/openapi.ts';
import type { AnyRoute } from './core/http/route.ts';
import { buildRouter } from './core/http/router.ts';

export interface AppState {
  shuttingDown: boolean;
  version: string;
}

const REQUEST_ID = /^[A-Za-z0-9_.:-]{6,64}$/;

/** Each request gets an id and a scope that every log line, query and audit row inside it can see. */
function requestScope(c: Container) {
  return async (ctx: Context, next: Next) => {
    const given = ctx.get('x-request-id');
    const requestId = REQUEST_ID.test(given) ? given : uuidv7();
    ctx.set('X-Request-Id', requestId);
    const started = performance.now();
    await runInScope(
      {
        requestId,
        tenantId: null,
        em: null,
        actor: null,
        ip: ctx.ip || null,
        userAgent: ctx.get('user-agent') || null,
        action: null,
      },
      async () => {
        try {
          await next();
        } finally {
          const ms = performance.now() - started;
          const route = (ctx as Context & { _matchedRoute?: string })._matchedRoute ?? 'unmatched';
          c.metrics.httpDuration.observe({ method: ctx.method, route: String(route), status: String(ctx.status) }, ms / 1000);
          if (ctx.path !== '/metrics' && !ctx.path.startsWith('/api/v1/health')) {
            c.logger.info({ method: ctx.method, path: ctx.path, status: ctx.status, ms: Math.round(ms) }, 'request');
          }
        }
      },
    );
  };
}

function cors(c: Container) {
  const allowed = c.config.CORS_ORIGINS === '*' ? null : new Set(c.config.CORS_ORIGINS.split(',').map((s) => s.trim()));
  return async (ctx: Context, next: Next) => {
    const origin = ctx.get('origin');
    if (origin && (!allowed || allowed.has(origin))) {
      ctx.set('Access-Control-Allow-Origin', allowed ? origin : '*');
      ctx.set('Vary', 'Origin');
      ctx.set('Access-Control-Expose-Headers', 'X-Request-Id, Retry-After, Idempotent-Replayed, Content-Disposition');
      if (ctx.method === 'OPTIONS') {
        ctx.set('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE');
        ctx.set('Access-Control-Allow-Headers', 'Authorization, Content-Type, Idempotency-Key, Accept-Language, X-Request-Id');
        ctx.set('Access-Control-Max-Age', '600');
        ctx.status = 204;
        return;
      }
    }
    await next();
  };
}

function securityHeaders() {
  return async (ctx: Context, next: Next) => {
    await next();
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Referrer-Policy', 'no-referrer');
    if (!ctx.path.startsWith('/api/docs')) ctx.set('X-Frame-Options', 'DENY');
  };
}

/** Error codes of a client that closed the connection while the answer was being sent. */
const CLIENT_GONE = new Set(['ERR_STREAM_PREMATURE_CLOSE', 'ECONNRESET', 'EPIPE', 'ECONNABORTED']);

export function createApp(c: Container, routes: AnyRoute[], state: AppState): Koa {
  const app = new Koa({ proxy: c.config.TRUST_PROXY });
  const router = buildRouter(c, routes);
  let openapi: string | null = null;
  // Errors Koa meets after the answer has started (a streamed download): a client that went away mid-download is
  // routine, not a failure worth a stack trace; anything else goes to the log as an error.
  app.on('error', (err: NodeJS.ErrnoException, ctx?: Context) => {
    const where = { path: ctx?.path, method: ctx?.method };
    if (err.code && CLIENT_GONE.has(err.code)) c.logger.debug({ ...where, code: err.code }, 'client went away mid-response');
    else c.logger.error({ err, ...where }, 'response failed after it started');
  });
  app.use(requestScope(c));
  app.use(errorHandler(c));
  app.use(securityHeaders());
  app.use(cors(c));
  app.use(docsMiddleware());
  app.use(async (ctx, next) => {
    if (ctx.method === 'GET' && ctx.path === '/api/v1/openapi.json') {
      openapi ??= JSON.stringify(buildOpenApi(routes, state.version));
      ctx.type = 'application/json';
      ctx.body = openapi;
      return;
    }
    if (ctx.method === 'GET' && ctx.path === '/metrics') {
      if (c.config.METRICS_TOKEN && ctx.get('authorization') !== `Bearer ${c.config.METRICS_TOKEN}`) {
        ctx.status = 401;
        ctx.body = 'unauthorized';
        return;
      }
      ctx.type = c.metrics.registry.contentType;
      ctx.body = await c.metrics.registry.metrics();
      return;
    }
    if (ctx.path === '/' && ctx.method === 'GET') {
      ctx.redirect('/api/docs');
      return;
    }
    await next();
  });
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}
