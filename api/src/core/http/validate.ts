import { z } from 'zod';
import type { FieldError } from '@yuanan/contracts';
import { AppError } from './problem.ts';

const zh = z.locales.zhCN().localeError;
const en = z.locales.en().localeError;

export function fieldErrors(error: z.ZodError, prefix: string): FieldError[] {
  return error.issues.flatMap((i) => {
    const base = [prefix, ...i.path.map(String)].filter(Boolean).join('.');
    if (i.code === 'unrecognized_keys') {
      return i.keys.map((k) => ({ path: base ? `${base}.${k}` : k, code: 'unknown_field', message: i.message }));
    }
    return [{ path: base || prefix, code: i.code, message: i.message }];
  });
}

/** Parses outside input; a failure is a 400 problem whose field errors speak the caller's language. */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown, where: string, lang: 'zh-CN' | 'en'): z.output<T> {
  const r = schema.safeParse(value, { error: lang === 'en' ? en : zh });
  if (r.success) return r.data;
  const first = r.error.issues[0];
  throw new AppError(400, 'validation_failed', first ? `${where}: ${first.message}` : where, {
    errors: fieldErrors(r.error, where === 'body' ? '' : where),
  });
}
