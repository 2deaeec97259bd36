import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config/config.ts';
import { LocalStorage, S3Storage } from './storage.ts';

const KEY = 'AKIDEXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';

/** A minimal S3-compatible server: checks the SigV4 signature the way S3 does, stores objects in memory. */
async function fakeS3() {
  const objects = new Map<string, Buffer>();
  const read = (req: IncomingMessage) =>
    new Promise<Buffer>((r) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c as Buffer));
      req.on('end', () => r(Buffer.concat(chunks)));
    });
  const server = createServer(async (req, res) => {
    const body = await read(req);
    const auth = req.headers.authorization ?? '';
    const m =
      /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
        auth,
      );
    const payloadHash = createHash('sha256').update(body).digest('hex');
    if (!m || m[1] !== KEY || req.headers['x-amz-content-sha256'] !== payloadHash) {
      res.writeHead(403).end('<Error><Code>SignatureDoesNotMatch</Code></Error>');
      return;
    }
    const [, , day, region, signed, signature] = m;
    const url = new URL(req.url!, 'http://x');
    const canonicalHeaders = signed!
      .split(';')
      .map((h) => `${h}:${String(req.headers[h]).trim()}\n`)
      .join('');
    const canonical = [req.method, url.pathname, url.searchParams.toString(), canonicalHeaders, signed, payloadHash].join('\n');
    const toSign = [
      'AWS4-HMAC-SHA256',
      req.headers['x-amz-date'],
      `${day}/${region}/s3/aws4_request`,
      createHash('sha256').update(canonical).digest('hex'),
    ].join('\n');
    const h = (k: Buffer | string, d: string) => createHmac('sha256', k).update(d).digest();
    const expected = createHmac('sha256', h(h(h(h(`AWS4${SECRET}`, day!), region!), 's3'), 'aws4_request'))
      .update(toSign)
      .digest('hex');
    if (expected !== signature) {
      res.writeHead(403).end('<Error><Code>SignatureDoesNotMatch</Code></Error>');
      return;
    }
    if (req.method === 'PUT') {
      objects.set(url.pathname, body);
      res.writeHead(200).end();
    } else if (req.method === 'GET') {
      const o = objects.get(url.pathname);
      if (!o) res.writeHead(404).end();
      else res.writeHead(200).end(o);
    } else if (req.method === 'DELETE') {
      objects.delete(url.pathname);
      res.writeHead(204).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    objects,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

async function readAll(s: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

test('S3 storage signs requests (SigV4) that an S3-compatible server accepts; objects round-trip under the tenant path', async () => {
  const s3 = await fakeS3();
  try {
    const storage = new S3Storage(
      loadConfig({
        S3_ENDPOINT: s3.url,
        S3_BUCKET: 'yuanan-files',
        S3_ACCESS_KEY_ID: KEY,
        S3_SECRET_ACCESS_KEY: SECRET,
        S3_REGION: 'cn-hangzhou',
      }),
    );
    const key = 'tenant-1/2026/11/照片 1.jpg';
    await storage.put(key, Buffer.from('photo-bytes'), 'image/jpeg');
    expect([...s3.objects.keys()]).toEqual(['/yuanan-files/tenant-1/2026/11/%E7%85%A7%E7%89%87%201.jpg']);
    expect((await readAll(await storage.get(key))).toString()).toBe('photo-bytes');
    await storage.remove(key);
    expect(s3.objects.size).toBe(0);
    const wrong = new S3Storage(
      loadConfig({
        S3_ENDPOINT: s3.url,
        S3_BUCKET: 'yuanan-files',
        S3_ACCESS_KEY_ID: KEY,
        S3_SECRET_ACCESS_KEY: 'not-the-secret',
      }),
    );
    await expect(wrong.put(key, Buffer.from('x'), 'image/jpeg')).rejects.toThrow(/S3 PUT 403/);
  } finally {
    await s3.close();
  }
});

test('local storage keeps files under its root and refuses keys that escape it', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'yuanan-local-'));
  try {
    const storage = new LocalStorage(dir);
    await storage.put('t1/a/b.png', Buffer.from('png'));
    expect((await readAll(await storage.get('t1/a/b.png'))).toString()).toBe('png');
    await expect(storage.put('../outside.png', Buffer.from('x'))).rejects.toThrow(/escapes the root/);
    await expect(storage.get('t1/none.png')).rejects.toThrow();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
