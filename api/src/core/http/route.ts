import type { Context } from 'koa';
import type { z } from 'zod';
import type { ApiKeyScope, Permission } from '@yuanan/contracts';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * Which tenants a route serves: 'zone' routes need a zone token (a platform operator must "act as", a bureau's
 * supervisor must enter a granted zone), 'platform' routes need the platform operator's own token, 'bureau' routes
 * a supervising bureau's user's own token (issue 14), 'any' serves them all (profile, sessions, notifications).
 */
export type TenantMode = 'zone' | 'platform' | 'bureau' | 'any';

export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  ctx: Context;
  lang: 'zh-CN' | 'en';
}

type Out<T> = T extends z.ZodType ? z.output<T> : undefined;

export interface RouteSpec<
  P extends z.ZodType | undefined,
  Q extends z.ZodType | undefined,
  B extends z.ZodType | undefined,
  R extends z.ZodType | undefined,
> {
  method: HttpMethod;
  /** Koa-style path below /api/v1, e.g. `/enterprises/:id`. Every `:param` must be in `params`. */
  path: string;
  /** Stable operation id, also the audit action, e.g. `enterprises.update`. */
  operationId: string;
  summary: string;
  tags: string[];
  /** 'public' needs no token; otherwise the permission the caller's role must hold (deny by default). */
  auth: 'public' | Permission;
  /**
   * The API-key scope that lets another system call this route with a key (`yak_…`, issue 14 §3). A key may call
   * only routes that declare a scope it holds; the scope replaces the role permission for it (the route's data
   * scope treats the key's role `api_client` as whole-zone read).
   */
  apiKeyScope?: ApiKeyScope;
  tenant?: TenantMode;
  params?: P;
  query?: Q;
  body?: B;
  /** `multipart` routes read the body themselves (uploads). */
  bodyType?: 'json' | 'multipart';
  response?: R;
  /** `raw` routes set ctx.body themselves (files, spreadsheets, documents). */
  responseType?: 'json' | 'raw' | 'empty';
  status?: number;
  /**
   * Accepts an Idempotency-Key header: the same key and request replays the first answer. `'required'`: the
   * handler refuses a request without one (an offline submission that must record once), and the OpenAPI
   * document says so.
   */
  idempotent?: boolean | 'required';
  /** Extra request-body size cap (bytes) for this route. */
  bodyLimit?: number;
  handler: (
    input: RouteInput<Out<P>, Out<Q>, Out<B>>,
  ) => Promise<R extends z.ZodType ? z.input<R> : unknown> | (R extends z.ZodType ? z.input<R> : unknown);
}

export type AnyRoute = RouteSpec<z.ZodType | undefined, z.ZodType | undefined, z.ZodType | undefined, z.ZodType | undefined>;

/** Declares a route; input types flow from the zod schemas into the handler. */
export function defineRoute<
  P extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  R extends z.ZodType | undefined = undefined,
>(spec: RouteSpec<P, Q, B, R>): AnyRoute {
  return spec as unknown as AnyRoute;
}
