import { createHash, createHmac } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import type { Config } from '../config/config.ts';

/** Where file bytes live. Keys always start with the tenant id (`{tenantId}/yyyy/mm/{fileId}.{ext}`). */
export interface FileStorage {
  put(key: string, data: Buffer, mime: string): Promise<void>;
  get(key: string): Promise<Readable>;
  remove(key: string): Promise<void>;
}

export class LocalStorage implements FileStorage {
  readonly #root: string;
  constructor(dir: string) {
    this.#root = resolve(dir);
  }
  #path(key: string): string {
    const p = resolve(join(this.#root, key));
    if (!p.startsWith(this.#root + sep)) throw new Error('storage key escapes the root');
    return p;
  }
  async put(key: string, data: Buffer): Promise<void> {
    const p = this.#path(key);
    await mkdir(dirname(p), { recursive: true });
    await writeFile(p, data);
  }
  async get(key: string): Promise<Readable> {
    const p = this.#path(key);
    await stat(p);
    return createReadStream(p);
  }
  async remove(key: string): Promise<void> {
    await rm(this.#path(key), { force: true });
  }
}

/** Any S3-compatible store (MinIO, OSS, COS, S3) with AWS Signature V4 over fetch: no SDK needed. */
export class S3Storage implements FileStorage {
  readonly #cfg: { endpoint: string; region: string; bucket: string; key: string; secret: string; pathStyle: boolean };
  constructor(config: Config) {
    if (!config.S3_ENDPOINT || !config.S3_BUCKET || !config.S3_ACCESS_KEY_ID || !config.S3_SECRET_ACCESS_KEY) {
      throw new Error('S3 storage needs S3_ENDPOINT, S3_BUCKET, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY');
    }
    this.#cfg = {
      endpoint: config.S3_ENDPOINT.replace(/\/$/, ''),
      region: config.S3_REGION,
      bucket: config.S3_BUCKET,
      key: config.S3_ACCESS_KEY_ID,
      secret: config.S3_SECRET_ACCESS_KEY,
      pathStyle: config.S3_FORCE_PATH_STYLE,
    };
  }

  #url(key: string): URL {
    const enc = key.split('/').map(encodeURIComponent).join('/');
    const base = new URL(this.#cfg.endpoint);
    if (this.#cfg.pathStyle) return new URL(`${base.origin}/${this.#cfg.bucket}/${enc}`);
    return new URL(`${base.protocol}//${this.#cfg.bucket}.${base.host}/${enc}`);
  }

  /** Signs a request (SigV4, unsigned-payload not used: the body hash is part of the signature). */
  sign(
    method: string,
    url: URL,
    body: Buffer | null,
    extra: Record<string, string> = {},
    now = new Date(),
  ): Record<string, string> {
    const amzDate = now.toISOString().replace(/[:-]|\.\d{3}/g, '');
    const day = amzDate.slice(0, 8);
    const payloadHash = createHash('sha256')
      .update(body ?? Buffer.alloc(0))
      .digest('hex');
    const headers: Record<string, string> = {
      host: url.host,
      'x-amz-content-sha256': payloadHash,
      'x-amz-date': amzDate,
      ...extra,
    };
    const names = Object.keys(headers)
      .map((h) => h.toLowerCase())
      .sort();
    const canonicalHeaders = names
      .map((h) => `${h}:${String(headers[h] ?? headers[Object.keys(headers).find((k) => k.toLowerCase() === h)!]).trim()}\n`)
      .join('');
    const signedHeaders = names.join(';');
    const canonicalRequest = [
      method,
      url.pathname,
      url.searchParams.toString(),
      canonicalHeaders,
      signedHeaders,
      payloadHash,
    ].join('\n');
    const scope = `${day}/${this.#cfg.region}/s3/aws4_request`;
    const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, createHash('sha256').update(canonicalRequest).digest('hex')].join('\n');
    const h = (k: Buffer | string, d: string) => createHmac('sha256', k).update(d).digest();
    const kSigning = h(h(h(h(`AWS4${this.#cfg.secret}`, day), this.#cfg.region), 's3'), 'aws4_request');
    const signature = createHmac('sha256', kSigning).update(toSign).digest('hex');
    return {
      ...headers,
      authorization: `AWS4-HMAC-SHA256 Credential=${this.#cfg.key}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
    };
  }

  async put(key: string, data: Buffer, mime: string): Promise<void> {
    const url = this.#url(key);
    const res = await fetch(url, {
      method: 'PUT',
      headers: this.sign('PUT', url, data, { 'content-type': mime }),
      body: new Uint8Array(data),
    });
    if (!res.ok) throw new Error(`S3 PUT ${res.status}: ${(await res.text()).slice(0, 200)}`);
  }
  async get(key: string): Promise<Readable> {
    const url = this.#url(key);
    const res = await fetch(url, { headers: this.sign('GET', url, null) });
    if (!res.ok || !res.body) throw new Error(`S3 GET ${res.status}`);
    return Readable.fromWeb(res.body as never);
  }
  async remove(key: string): Promise<void> {
    const url = this.#url(key);
    const res = await fetch(url, { method: 'DELETE', headers: this.sign('DELETE', url, null) });
    if (!res.ok && res.status !== 404) throw new Error(`S3 DELETE ${res.status}`);
  }
}

export function createStorage(config: Config): FileStorage {
  return config.FILE_STORAGE === 's3' ? new S3Storage(config) : new LocalStorage(config.FILE_DIR);
}
