import { problemMessage, type FieldError, type LocalText, type Problem, type ProblemCode } from '@yuanan/contracts';
import { localize, notFoundText } from './problem-text.ts';

export { t } from './problem-text.ts';

/** A field error whose message may be given in both languages; the response carries the caller's. */
export type LocalFieldError = Omit<FieldError, 'message'> & { message: string | LocalText };

/**
 * An error that becomes an RFC 9457 problem with a stable code. Throw it from anywhere. `detail` is a sentence
 * for people: give it in both languages (`t(zh, en)`); a plain string is translated by problem-text.ts.
 */
export class AppError extends Error {
  readonly status: number;
  readonly code: ProblemCode;
  readonly detail?: string | LocalText;
  readonly errors?: LocalFieldError[];
  readonly headers?: Record<string, string>;
  constructor(
    status: number,
    code: ProblemCode,
    detail?: string | LocalText,
    extra: { errors?: LocalFieldError[]; headers?: Record<string, string> } = {},
  ) {
    super(typeof detail === 'object' ? detail.en : (detail ?? code));
    this.name = 'AppError';
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.errors = extra.errors;
    this.headers = extra.headers;
  }
}

/** 404 naming what was not found: a key of `NOUNS` in problem-text.ts (`'enterprise'`, `'hazard'` …). */
export const notFound = (what?: string) => new AppError(404, 'not_found', what ? notFoundText(what) : undefined);
export const forbidden = (detail?: string | LocalText) => new AppError(403, 'forbidden', detail);
export const conflict = (detail?: string | LocalText) => new AppError(409, 'conflict', detail);
export const badRequest = (detail: string | LocalText, errors?: LocalFieldError[]) =>
  new AppError(400, 'validation_failed', detail, { errors });

/** The problem document in the caller's language: title, detail and every field message. */
export function toProblem(err: AppError, lang: 'zh-CN' | 'en', instance: string, requestId: string): Problem {
  const title = problemMessage(err.code, lang);
  const detail = localize(err.detail, lang);
  const errors = err.errors?.map((e) => ({ ...e, message: localize(e.message, lang) ?? title }));
  return {
    type: `https://yuanan.dev/problems/${err.code.replace(/_/g, '-')}`,
    title,
    status: err.status,
    code: err.code,
    ...(detail ? { detail } : {}),
    instance,
    requestId,
    ...(errors?.length ? { errors } : {}),
  };
}
