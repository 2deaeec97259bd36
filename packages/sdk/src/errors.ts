import { problemMessage, type FieldError, type Problem } from '@yuanan/contracts';

export type Lang = 'zh-CN' | 'en';

/**
 * A failed call, readable by people: `message` is in the user's language, `fieldErrors` maps a form field to
 * its message, `retryable` says whether trying again later can help (network, 429, 503).
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly problem: Problem | null;
  readonly fieldErrors: Record<string, string>;
  readonly retryable: boolean;
  readonly retryAfterSeconds: number | null;
  constructor(init: {
    status: number;
    code: string;
    message: string;
    problem?: Problem | null;
    fieldErrors?: Record<string, string>;
    retryAfterSeconds?: number | null;
  }) {
    super(init.message);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.problem = init.problem ?? null;
    this.fieldErrors = init.fieldErrors ?? {};
    this.retryAfterSeconds = init.retryAfterSeconds ?? null;
    this.retryable =
      init.status === 0 || init.status === 429 || init.status === 502 || init.status === 503 || init.status === 504;
  }
}

export function fieldErrorMap(errors: FieldError[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors ?? []) if (!(e.path in out)) out[e.path] = e.message;
  return out;
}

/** Turns a problem+json body (or anything a broken proxy returned) into an ApiError. */
export function toApiError(status: number, body: unknown, lang: Lang, retryAfter?: string | null): ApiError {
  const p = body && typeof body === 'object' && 'code' in body ? (body as Problem) : null;
  if (p) {
    let message = problemMessage(p.code, lang);
    if (p.code === 'validation_failed' && p.errors?.length === 1) message = `${message}：${p.errors[0]!.message}`;
    // Only the password policy's detail is written for people (in Chinese); other details are for logs.
    if (p.code === 'password_policy' && p.detail) message = `${message}（${p.detail}）`;
    return new ApiError({
      status,
      code: p.code,
      message,
      problem: p,
      fieldErrors: fieldErrorMap(p.errors),
      retryAfterSeconds: retryAfter ? Number(retryAfter) || null : null,
    });
  }
  const code = status >= 500 ? (status === 503 ? 'service_unavailable' : 'internal_error') : 'internal_error';
  return new ApiError({ status, code, message: problemMessage(code, lang) });
}

export function networkError(lang: Lang): ApiError {
  return new ApiError({ status: 0, code: 'network_error', message: problemMessage('network_error', lang) });
}
