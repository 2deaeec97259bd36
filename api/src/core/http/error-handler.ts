import type { Context, Next } from 'koa';
import {
  DriverException,
  ForeignKeyConstraintViolationException,
  NotFoundError,
  OptimisticLockError,
  UniqueConstraintViolationException,
  ValidationError,
} from '@mikro-orm/core';
import type { Container } from '../container.ts';
import { currentScope } from '../context/request-scope.ts';
import { AppError, t, toProblem } from './problem.ts';
import { langOf } from './router.ts';

function classify(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  if (err instanceof UniqueConstraintViolationException) return new AppError(409, 'duplicate');
  if (err instanceof OptimisticLockError) return new AppError(409, 'conflict');
  if (err instanceof ForeignKeyConstraintViolationException)
    return new AppError(
      409,
      'conflict',
      t('引用的记录不存在或仍被引用', 'The record is referenced by, or refers to, another one'),
    );
  if (err instanceof NotFoundError) return new AppError(404, 'not_found');
  const e = err as { status?: number; expose?: boolean; code?: string; message?: string; type?: string };
  // Koa/http-errors thrown by middleware (e.g. a malformed URI) carry their own status.
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
    if (e.status === 413) return new AppError(413, 'payload_too_large');
    if (e.status === 415) return new AppError(415, 'unsupported_media_type');
    if (e.status === 405) return new AppError(405, 'method_not_allowed');
    // Their messages are English-only (e.g. "URI malformed"): the code and a sentence in the caller's language say it.
    return new AppError(e.status, 'validation_failed', t('请求的格式有误', 'The request is malformed'));
  }
  // The database or Redis is not reachable: a clear, retryable 503.
  if (
    ['ECONNREFUSED', 'ETIMEDOUT', 'PROTOCOL_CONNECTION_LOST', 'ER_CON_COUNT_ERROR', 'EHOSTUNREACH'].includes(String(e?.code)) ||
    /Connection is closed|Stream isn't writeable|enableOfflineQueue|MaxRetriesPerRequest/i.test(String(e?.message))
  ) {
    return new AppError(503, 'service_unavailable');
  }
  if (err instanceof DriverException && /Data too long|Incorrect .* value|Out of range/i.test(err.message)) {
    return new AppError(400, 'validation_failed', t('有数值超出了字段允许的长度或范围', 'A value does not fit its field'));
  }
  if (err instanceof ValidationError) return null;
  return null;
}

/** Outermost middleware: every failure becomes problem+json with a stable code, logged with its request id. */
export function errorHandler(c: Container) {
  return async (ctx: Context, next: Next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body == null)
        throw new AppError(
          404,
          'route_not_found',
          t(`没有这个接口：${ctx.method} ${ctx.path}`, `No endpoint ${ctx.method} ${ctx.path}`),
        );
      if (ctx.status === 405 && ctx.body == null) throw new AppError(405, 'method_not_allowed');
    } catch (err) {
      const known = classify(err);
      const app = known ?? new AppError(500, 'internal_error');
      const requestId = currentScope()?.requestId ?? '-';
      if (app.status >= 500) c.logger.error({ err, path: ctx.path, method: ctx.method }, 'request failed');
      else
        c.logger.info(
          { code: app.code, status: app.status, path: ctx.path, method: ctx.method, detail: app.detail },
          'request rejected',
        );
      c.metrics.problems.inc({ code: app.code });
      ctx.status = app.status;
      ctx.type = 'application/problem+json';
      for (const [k, v] of Object.entries(app.headers ?? {})) ctx.set(k, v);
      ctx.body = toProblem(app, langOf(ctx), ctx.path, requestId);
    }
  };
}
