import { problemMessage, type FieldError, type Problem, type ProblemCode } from '@yuanan/contracts';

/** An error that becomes an RFC 9457 problem with a stable code. Throw it from anywhere. */
export class AppError extends Error {
  readonly status: number;
  readonly code: ProblemCode;
  readonly detail?: string;
  readonly errors?: FieldError[];
  readonly headers?: Record<string, string>;
  constructor(
    status: number,
    code: ProblemCode,
    detail?: string,
    extra: { errors?: FieldError[]; headers?: Record<string, string> } = {},
  ) {
    super(detail ?? code);
    this.name = 'AppError';
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.errors = extra.errors;
    this.headers = extra.headers;
  }
}

export const notFound = (what?: string) => new AppError(404, 'not_found', what ? `${what} not found` : undefined);
export const forbidden = (detail?: string) => new AppError(403, 'forbidden', detail);
export const conflict = (detail?: string) => new AppError(409, 'conflict', detail);
export const badRequest = (detail: string, errors?: FieldError[]) => new AppError(400, 'validation_failed', detail, { errors });

export function toProblem(err: AppError, lang: 'zh-CN' | 'en', instance: string, requestId: string): Problem {
  return {
    type: `https://yuanan.dev/problems/${err.code.replace(/_/g, '-')}`,
    title: problemMessage(err.code, lang),
    status: err.status,
    code: err.code,
    ...(err.detail ? { detail: err.detail } : {}),
    instance,
    requestId,
    ...(err.errors?.length ? { errors: err.errors } : {}),
  };
}
