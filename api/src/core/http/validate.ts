import { z } from 'zod';
import { issueMessage, type FieldError } from '@yuanan/contracts';
import { AppError } from './problem.ts';

const zhLocale = z.locales.zhCN().localeError;
const enLocale = z.locales.en().localeError;

type RawIssue = Parameters<typeof zhLocale>[0] & {
  origin?: string;
  maximum?: number | bigint;
  minimum?: number | bigint;
  inclusive?: boolean;
  format?: string;
  values?: unknown[];
  expected?: string;
  input?: unknown;
  keys?: string[];
};

const KINDS = {
  string: ['文字', 'text'],
  number: ['数字', 'a number'],
  int: ['整数', 'a whole number'],
  boolean: ['是或否', 'true or false'],
  array: ['列表', 'a list'],
  object: ['对象', 'an object'],
  date: ['日期', 'a date'],
} as const satisfies Record<string, readonly [string, string]>;

/** What a value of each string format looks like, for the message of a value that is not one. */
const FORMATS = {
  uuid: ['编号格式不正确', 'not a valid id'],
  // Also what a day that does not exist (2026-13-45, 2027-02-29) is told: it says "a valid one".
  datetime: [
    '应为有效的日期时间（带时区），如 2026-12-01T08:00:00+08:00',
    'must be a valid date-time with its offset, e.g. 2026-12-01T08:00:00+08:00',
  ],
  date: ['应为有效日期，如 2026-12-01', 'must be a valid date, e.g. 2026-12-01'],
  email: ['应为电子邮箱地址', 'must be an email address'],
  url: ['应为网址，如 https://example.com', 'must be a URL, e.g. https://example.com'],
} as const satisfies Record<string, readonly [string, string]>;

/**
 * The issues people meet most, in words a user reads rather than zod's type notation ("数值过大：期望 number
 * <=200", "无效UUID"); anything else falls back to zod's locale.
 */
function plainWords(lang: 'zh-CN' | 'en'): (iss: RawIssue) => string | undefined {
  const zh = lang !== 'en';
  return (iss) => {
    const n = iss.maximum ?? iss.minimum;
    const one = Number(n) === 1;
    const unit =
      iss.origin === 'string'
        ? zh
          ? ' 个字'
          : one
            ? ' character'
            : ' characters'
        : iss.origin === 'array'
          ? zh
            ? ' 项'
            : one
              ? ' item'
              : ' items'
          : '';
    // "At least 1 character" is how a form says "empty": say that.
    if (iss.code === 'too_small' && one && iss.origin === 'string') return zh ? '不能为空' : 'must not be empty';
    if (iss.code === 'too_big' && n !== undefined)
      return zh
        ? `${iss.origin === 'string' || iss.origin === 'array' ? '最多' : '不能大于'} ${n}${unit}`
        : `${iss.origin === 'string' || iss.origin === 'array' ? 'at most' : 'must be at most'} ${n}${unit}`;
    if (iss.code === 'too_small' && n !== undefined)
      return zh
        ? `${iss.origin === 'string' || iss.origin === 'array' ? '至少' : '不能小于'} ${n}${unit}`
        : `${iss.origin === 'string' || iss.origin === 'array' ? 'at least' : 'must be at least'} ${n}${unit}`;
    if (iss.code === 'invalid_format') {
      const say = FORMATS[iss.format as keyof typeof FORMATS];
      if (say) return zh ? say[0] : say[1];
      // A pattern without its own message: zod would print the regular expression at the user.
      if (iss.format === 'regex') return zh ? '格式不正确' : 'has the wrong format';
    }
    if (iss.code === 'invalid_type') {
      if (iss.input === undefined) return zh ? '必填' : 'is required';
      const kind = KINDS[iss.expected as keyof typeof KINDS];
      if (kind) return zh ? `应为${kind[0]}` : `must be ${kind[1]}`;
    }
    if (iss.code === 'unrecognized_keys' && iss.keys?.length)
      return zh ? `不认识的参数：${iss.keys.join('、')}` : `unknown parameter: ${iss.keys.join(', ')}`;
    if (iss.code === 'invalid_value' && iss.values?.length)
      return zh ? `只能是以下之一：${iss.values.map(String).join('、')}` : `must be one of: ${iss.values.map(String).join(', ')}`;
    return undefined;
  };
}
const zhWords = plainWords('zh-CN');
const enWords = plainWords('en');
const zh = (iss: RawIssue) => zhWords(iss) ?? zhLocale(iss);
const en = (iss: RawIssue) => enWords(iss) ?? enLocale(iss);

/**
 * Field errors of a failed parse, in `lang`: zod's own messages come from its locale, a contract's fixed or
 * parse-time message (a phone, a credit code) from `issueMessage`.
 */
export function fieldErrors(error: z.ZodError, prefix: string, lang: 'zh-CN' | 'en' = 'zh-CN'): FieldError[] {
  return error.issues.flatMap((i) => {
    const base = [prefix, ...i.path.map(String)].filter(Boolean).join('.');
    const message = issueMessage(i as { code: string; message: string; params?: Record<string, unknown> }, lang);
    if (i.code === 'unrecognized_keys') {
      return i.keys.map((k) => ({ path: base ? `${base}.${k}` : k, code: 'unknown_field', message }));
    }
    return [{ path: base || prefix, code: i.code, message }];
  });
}

/** Parses outside input; a failure is a 400 problem whose field errors speak the caller's language. */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown, where: string, lang: 'zh-CN' | 'en'): z.output<T> {
  const r = schema.safeParse(value, { error: lang === 'en' ? en : zh });
  if (r.success) return r.data;
  const errors = fieldErrors(r.error, where === 'body' ? '' : where, lang);
  const first = errors[0];
  const field = first?.path || where;
  throw new AppError(400, 'validation_failed', first ? `${field}: ${first.message}` : where, { errors });
}
