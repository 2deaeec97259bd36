import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { problemMessage, type Problem, type ProblemCode } from '@yuanan/contracts';
import { localize, t } from './problem-text.ts';

/**
 * Bytes Node accepts for a request line plus headers (Node's default is 16 KiB). 128 KiB lets a long search URL —
 * 10,000 Chinese characters in `?q=` are ~90 kB percent-encoded — reach the route, whose own check answers 400
 * `invalid_query`; beyond it {@link answerClientError} answers 431.
 */
export const MAX_HEADER_BYTES = 128 * 1024;

/** Options for `http.createServer` that the api's server needs. */
export const serverOptions = { maxHeaderSize: MAX_HEADER_BYTES } as const;

/**
 * What the server writes for a request Node could not parse (it never reaches Koa): an oversize request line or
 * headers (HPE_HEADER_OVERFLOW) → 431 `request_header_too_large`, any other malformed request → 400
 * `malformed_request`, both as problem+json (Node's default is a bare status line) with a fresh request id; the
 * connection is then closed. In zh-CN: the request's headers are not parsed yet.
 */
export function answerClientError(err: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Duplex): void {
  // Nothing to answer on a connection already gone (a client reset, a timeout of an idle keep-alive socket).
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? 431 : 400;
  const code: ProblemCode = tooLarge ? 'request_header_too_large' : 'malformed_request';
  // Headers are not parsed at this point: the api's default language (zh-CN), the same as without Accept-Language.
  const lang = 'zh-CN';
  const requestId = randomUUID();
  const detail = tooLarge
    ? t(
        `网址或请求头超过 ${MAX_HEADER_BYTES / 1024} KB，请缩短搜索词或链接`,
        `The URL or the request headers exceed ${MAX_HEADER_BYTES / 1024} KB; shorten the query or the link`,
      )
    : t('无法读取该请求（格式错误）', 'The request could not be read (malformed)');
  const body: Problem = {
    type: `https://yuanan.dev/problems/${code.replace(/_/g, '-')}`,
    title: problemMessage(code, lang),
    status,
    code,
    detail: localize(detail, lang) ?? undefined,
    requestId,
  };
  const json = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
      'Content-Type: application/problem+json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(json)}\r\n` +
      `X-Request-Id: ${requestId}\r\n` +
      'X-Content-Type-Options: nosniff\r\n' +
      'Connection: close\r\n\r\n' +
      json,
  );
}

/** Installs {@link answerClientError} on the api's HTTP server. */
export function handleClientErrors(server: Server): void {
  server.on('clientError', answerClientError);
}
