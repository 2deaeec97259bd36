import { AppError, t } from './problem.ts';

/** Zero-width characters and the BOM: invisible, so a text made only of them looks empty to every reader. */
const INVISIBLE_EDGES = /^[\u200b-\u200d\u2060\ufeff]+|[\u200b-\u200d\u2060\ufeff]+$/g;
/** C0 control characters other than tab, line feed and carriage return, and DEL: never typed, only pasted by accident. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one (not well-formed UTF-16). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * How deep a JSON body may nest: no contract goes past a handful of levels; a hostile body of thousands of nested
 * arrays would otherwise exhaust the stack of every recursive reader (a 500) — it is refused with 400.
 */
export const MAX_JSON_DEPTH = 32;

/**
 * Every string of a JSON body (values and keys, at any depth) as stored text must be: zero-width characters at
 * either end are dropped (inside a text they stay — emoji sequences need the joiner), so a text of nothing but
 * them is empty and a required field refuses it; a lone UTF-16 surrogate (half an emoji cut by a paste) or a
 * control character is refused with 400 `validation_failed` on its path — the database's JSON checks (the audit
 * diff) would otherwise refuse the write with a 500. Returns the cleaned value; `path` prefixes error paths.
 */
export function cleanTextInput(value: unknown, path: string[] = []): unknown {
  if (typeof value === 'string') return cleanString(value, path);
  if (path.length > MAX_JSON_DEPTH && value && typeof value === 'object')
    throw refused(
      path.slice(0, MAX_JSON_DEPTH),
      t(`内容嵌套层级过深（最多 ${MAX_JSON_DEPTH} 层）`, `The body is nested too deeply (at most ${MAX_JSON_DEPTH} levels)`),
    );
  if (Array.isArray(value)) return value.map((v, i) => cleanTextInput(v, [...path, String(i)]));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const key = cleanString(k, [...path, k]);
      // Defined, not assigned: a body's own "__proto__" key stays a key (a strict schema names it unknown) instead
      // of becoming the object's prototype, whose fields every reader would then inherit.
      Object.defineProperty(out, key, {
        value: cleanTextInput(v, [...path, key]),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return value;
}

function cleanString(s: string, path: string[]): string {
  if (LONE_SURROGATE.test(s))
    throw refused(
      path,
      t(
        '文本含有无效字符（不完整的表情或符号），请重新输入',
        'The text holds an invalid character (half an emoji or symbol): type it again',
      ),
    );
  if (CONTROL.test(s))
    throw refused(
      path,
      t('文本含有不可见的控制字符，请删除后重试', 'The text holds an invisible control character: remove it and try again'),
    );
  return s.replace(INVISIBLE_EDGES, '');
}

function refused(path: string[], message: ReturnType<typeof t>): AppError {
  return new AppError(400, 'validation_failed', message, {
    errors: [{ path: path.join('.'), code: 'invalid_string', message }],
  });
}
