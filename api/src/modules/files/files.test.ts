import exifr from 'exifr';
import { multipart, photoWithExif } from '../../testing/fixtures.ts';
import { createTestEnv, zoneWithAdmin, type TestEnv } from '../../testing/test-env.ts';
import { StoredFile } from '../../core/files/file.entity.ts';
import { tenantEm } from '../../core/db/orm.ts';

let env: TestEnv;
let a: Awaited<ReturnType<typeof zoneWithAdmin>>;
let b: Awaited<ReturnType<typeof zoneWithAdmin>>;

beforeAll(async () => {
  env = await createTestEnv({ env: { UPLOAD_MAX_BYTES: String(200 * 1024) } });
  a = await zoneWithAdmin(env, 'fila');
  b = await zoneWithAdmin(env, 'filb');
});
afterAll(() => env.close());

const upload = (token: string, form: FormData, headers: Record<string, string> = {}) =>
  env.req('POST', '/api/v1/files', { token, raw: form, headers });

test('a photo is re-encoded without metadata; its taken-at time and position are kept as fields', async () => {
  const r = await upload(a.token, multipart(await photoWithExif(), '现场.jpg', { purpose: 'hazard_photo' }, 'image/jpeg'));
  expect(r.status).toBe(201);
  expect(r.body).toMatchObject({
    mime: 'image/jpeg',
    width: 320,
    height: 240,
    originalName: '现场.jpg',
    purpose: 'hazard_photo',
  });
  // 09:30 in Asia/Shanghai is 01:30 UTC.
  expect(r.body.takenAt).toBe('2026-11-20T01:30:00.000Z');
  expect(r.body.lat).toBeCloseTo(29.31, 2);
  expect(r.body.lng).toBeCloseTo(120.075, 3);
  const bytes = Buffer.from(await (await fetch(env.url + r.body.url)).arrayBuffer());
  expect(bytes.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
  const left = await exifr.parse(bytes, { gps: true }).catch(() => undefined);
  expect(left?.Make).toBeUndefined();
  expect(left?.latitude).toBeUndefined();
  expect(bytes.includes(Buffer.from('owner-secret-name'))).toBe(false);
});

test('content decides the type: a script named .jpg, or a PDF as a hazard photo, is refused; too large is refused; nothing saved', async () => {
  const em = () => tenantEm(env.api.c.orm, a.tenant.id);
  const before = await em().count(StoredFile, {});
  const fake = await upload(
    a.token,
    multipart(Buffer.from('<script>alert(1)</script>'), 'x.jpg', { purpose: 'hazard_photo' }, 'image/jpeg'),
  );
  expect(fake.status).toBe(415);
  expect(fake.body.code).toBe('file_type_not_allowed');
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF');
  expect((await upload(a.token, multipart(pdf, 'a.pdf', { purpose: 'hazard_photo' }))).status).toBe(415);
  const big = await upload(a.token, multipart(Buffer.alloc(300 * 1024, 1), 'big.jpg', { purpose: 'hazard_photo' }));
  expect(big.status).toBe(413);
  expect(big.body.code).toBe('file_too_large');
  const none = await env.req('POST', '/api/v1/files', { token: a.token, raw: new FormData() });
  expect(none.status).toBe(400);
  const json = await env.req('POST', '/api/v1/files', { token: a.token, body: { file: 'x' } });
  expect(json.status).toBe(415);
  expect(await em().count(StoredFile, {})).toBe(before);
});

test('a PDF is accepted as a document', async () => {
  const pdf = Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
  const r = await upload(a.token, multipart(pdf, '应急预案.pdf', { purpose: 'emergency_plan' }));
  expect(r.status).toBe(201);
  expect(r.body.mime).toBe('application/pdf');
});

test('another zone cannot see the file; a tampered or expired link is refused', async () => {
  const r = await upload(a.token, multipart(await photoWithExif(), 'p.jpg', { purpose: 'hazard_photo' }));
  expect((await env.req('GET', `/api/v1/files/${r.body.id}`, { token: b.token })).status).toBe(404);
  expect((await env.req('GET', `/api/v1/files/${r.body.id}`, { token: a.token })).status).toBe(200);
  const url = new URL(env.url + r.body.url);
  const tampered = new URL(url);
  tampered.searchParams.set('t', b.tenant.id);
  expect((await fetch(tampered)).status).toBe(403);
  const expired = new URL(url);
  expired.searchParams.set('exp', '1000');
  expect((await fetch(expired)).status).toBe(403);
});

test('the same upload with one Idempotency-Key is stored once', async () => {
  const photo = await photoWithExif({ color: '#3c3' });
  const key = 'upload-key-0001';
  const first = await upload(a.token, multipart(photo, 'p.jpg', { purpose: 'hazard_photo' }), { 'idempotency-key': key });
  const again = await upload(a.token, multipart(photo, 'p.jpg', { purpose: 'hazard_photo' }), { 'idempotency-key': key });
  expect(again.status).toBe(201);
  expect(again.body.id).toBe(first.body.id);
  expect(again.headers.get('idempotent-replayed')).toBe('true');
});
