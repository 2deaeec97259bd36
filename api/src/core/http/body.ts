import type { Context } from 'koa';
import { AppError, t } from './problem.ts';
import { cleanTextInput } from './text-input.ts';

/** Reads the raw body with a hard size cap; the connection is not read past the limit. */
export async function readRawBody(ctx: Context, limit: number): Promise<Buffer> {
  const declared = Number(ctx.get('content-length') || 0);
  if (declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      ctx.req.unpipe?.();
      throw tooLarge(limit);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function tooLarge(limit: number): AppError {
  const kb = Math.floor(limit / 1024);
  return new AppError(413, 'payload_too_large', t(`提交的内容不能超过 ${kb} KB`, `The limit is ${kb} KB`));
}

/**
 * Charsets a JSON body may declare, by WHATWG Encoding label. Chinese clients (old Windows software, some
 * gateways) still send GBK; Node's TextDecoder (full ICU) decodes the GBK family with the GB18030 decoder, a
 * superset, so the text is kept exactly. Anything else is refused rather than guessed.
 */
const CHARSETS: Readonly<Record<string, string>> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'unicode-1-1-utf-8': 'utf-8',
  gbk: 'gbk',
  'x-gbk': 'gbk',
  gb2312: 'gbk',
  gb_2312: 'gbk',
  'gb_2312-80': 'gbk',
  csgb2312: 'gbk',
  chinese: 'gbk',
  gb18030: 'gb18030',
};

/** Text of a body in its declared charset (UTF-8 when none); bytes that are not that charset are a 400. */
export function decodeText(raw: Buffer, declared: string): string {
  const label = declared.trim().replace(/^"|"$/g, '').toLowerCase() || 'utf-8';
  const encoding = CHARSETS[label];
  if (!encoding) {
    throw new AppError(
      415,
      'unsupported_media_type',
      t(
        `不支持字符集“${label.slice(0, 40)}”：请用 UTF-8（或 GBK、GB18030）发送 JSON`,
        `The charset "${label.slice(0, 40)}" is not supported: send JSON in UTF-8 (or GBK, GB18030)`,
      ),
    );
  }
  try {
    // fatal: a byte sequence that is not valid in the charset throws instead of becoming U+FFFD (mojibake).
    return new TextDecoder(encoding, { fatal: true }).decode(raw);
  } catch {
    throw encoding === 'utf-8'
      ? new AppError(
          400,
          'invalid_encoding',
          t(
            '提交的文字不是 UTF-8 编码（可能是 GBK）：请用 UTF-8 发送，或在 Content-Type 中注明 charset=gbk',
            'The text is not UTF-8 (GBK, perhaps): send UTF-8, or declare charset=gbk in Content-Type',
          ),
        )
      : new AppError(
          400,
          'invalid_encoding',
          t(
            `提交的文字不是所声明的 ${label.toUpperCase()} 编码`,
            `The text is not in the declared charset ${label.toUpperCase()}`,
          ),
        );
  }
}

/**
 * Strict JSON: the content type must say JSON, the bytes must be text in the declared charset (UTF-8 when none;
 * GBK/GB2312/GB18030 are decoded; other charsets are a 415) and the text must parse; every string is then checked and
 * cleaned (`cleanTextInput`: lone surrogates and control characters refused, zero-width edges dropped). An empty body
 * is `undefined`.
 */
export async function readJsonBody(ctx: Context, limit: number): Promise<unknown> {
  const hasBody = Number(ctx.get('content-length') || 0) > 0 || ctx.get('transfer-encoding') !== '';
  if (!hasBody) return undefined;
  if (!ctx.is('application/json', 'application/*+json')) {
    throw new AppError(415, 'unsupported_media_type', t('请以 application/json 格式提交', 'Send the body as application/json'));
  }
  const charset = /;\s*charset\s*=\s*("?[^";]*"?)/i.exec(ctx.get('content-type'))?.[1] ?? '';
  const raw = await readRawBody(ctx, limit);
  if (raw.length === 0) return undefined;
  const text = decodeText(raw, charset);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    const where = /position (\d+)/.exec((e as Error).message)?.[1];
    throw new AppError(
      400,
      'malformed_json',
      where
        ? t(`JSON 格式有误（第 ${where} 个字符附近）`, `Malformed JSON near character ${where}`)
        : t('JSON 格式有误', 'Malformed JSON'),
    );
  }
  return cleanTextInput(parsed);
}
