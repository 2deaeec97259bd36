import type { Context } from 'koa';
import { AppError } from './problem.ts';

/** Reads the raw body with a hard size cap; the connection is not read past the limit. */
export async function readRawBody(ctx: Context, limit: number): Promise<Buffer> {
  const declared = Number(ctx.get('content-length') || 0);
  if (declared > limit) throw new AppError(413, 'payload_too_large', `limit is ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      ctx.req.unpipe?.();
      throw new AppError(413, 'payload_too_large', `limit is ${limit} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Strict JSON: the content type must say JSON and the text must parse. An empty body is `undefined`. */
export async function readJsonBody(ctx: Context, limit: number): Promise<unknown> {
  const hasBody = Number(ctx.get('content-length') || 0) > 0 || ctx.get('transfer-encoding') !== '';
  if (!hasBody) return undefined;
  if (!ctx.is('application/json', 'application/*+json')) {
    throw new AppError(415, 'unsupported_media_type', 'send application/json');
  }
  const raw = await readRawBody(ctx, limit);
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (e) {
    throw new AppError(400, 'malformed_json', (e as Error).message.slice(0, 200));
  }
}
