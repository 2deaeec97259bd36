import { readFileSync } from 'node:fs';
import exifr from 'exifr';
import sharp from 'sharp';
import { multipart } from '../../testing/fixtures.ts';
import { createTestEnv, zoneWithAdmin, type TestEnv } from '../../testing/test-env.ts';
import { AppError } from '../http/problem.ts';
import { decodeHeic, HeicError, stopHeicDecoder } from './heic.ts';
import { AUDIO_MAX_BYTES, processUpload } from './upload.ts';
import { aacAudio, amrAudio, mp3Audio, mp4Audio, wavAudio, webmAudio } from './testdata/audio.ts';

/**
 * An iPhone-style HEIC (HEVC still image, EXIF with taken-at time 2026-11-20 09:30:15 and GPS 29°18'N 120°4'30"E),
 * made from a sharp JPEG by `heif-enc -q 50` (Debian libheif-examples 1.15) with the EXIF item's iloc base_offset
 * folded into its extent_offset, the layout Apple writes (exifr reads only that one).
 */
const HEIC = readFileSync(new URL('./testdata/photo-640x480-exif.heic', import.meta.url));
const CJK = /[\u3400-\u9FFF]/;

let env: TestEnv;
let zone: Awaited<ReturnType<typeof zoneWithAdmin>>;

beforeAll(async () => {
  env = await createTestEnv({ env: { UPLOAD_MAX_BYTES: String(200 * 1024) } });
  zone = await zoneWithAdmin(env, 'upz');
});
afterAll(async () => {
  await stopHeicDecoder();
  await env.close();
});

test('a HEIC photo is decoded, re-encoded as JPEG without metadata, and keeps its taken-at time and position', async () => {
  const out = await processUpload(HEIC, 'image');
  expect(out).toMatchObject({ mime: 'image/jpeg', ext: 'jpg', width: 640, height: 480 });
  expect(out.takenAt?.toISOString()).toBe('2026-11-20T01:30:15.000Z'); // 09:30:15 in Asia/Shanghai
  expect(out.lat).toBeCloseTo(29.3, 4);
  expect(out.lng).toBeCloseTo(120.075, 4);
  expect(out.data.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
  const left = await exifr.parse(out.data, { gps: true }).catch(() => undefined);
  expect(left?.Make).toBeUndefined();
  expect(left?.latitude).toBeUndefined();
  // The picture survived: the fixture is a flat orange-red (200, 80, 40); HEVC at q50 stays close.
  const { dominant } = await sharp(out.data).stats();
  expect(Math.abs(dominant.r - 200)).toBeLessThan(24);
  expect(Math.abs(dominant.g - 80)).toBeLessThan(24);
  expect(Math.abs(dominant.b - 40)).toBeLessThan(24);
});

test('the HEIC decoder refuses too many pixels before decoding, and garbage with a HeicError', async () => {
  await expect(decodeHeic(HEIC, 1000)).rejects.toMatchObject({ reason: 'too_many_pixels' });
  const broken = HEIC.subarray(0, 400);
  await expect(decodeHeic(broken, 60_000_000)).rejects.toBeInstanceOf(HeicError);
  // A broken file does not break the next one.
  await expect(decodeHeic(HEIC, 60_000_000)).resolves.toMatchObject({ width: 640, height: 480 });
});

test('a damaged HEIC is refused with what to do, in the language of the caller', async () => {
  const broken = HEIC.subarray(0, 400);
  const err = await processUpload(broken, 'image').catch((e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  const zh = await env.req('POST', '/api/v1/files', {
    token: zone.token,
    raw: multipart(broken, 'IMG_0001.HEIC', { purpose: 'hazard_photo' }, 'image/heic'),
  });
  expect(zh.status).toBe(415);
  expect(zh.body.code).toBe('file_type_not_allowed');
  expect(zh.body.detail).toContain('兼容性最佳');
  const en = await env.req('POST', '/api/v1/files', {
    token: zone.token,
    raw: multipart(broken, 'IMG_0001.HEIC', { purpose: 'hazard_photo' }, 'image/heic'),
    headers: { 'accept-language': 'en' },
  });
  expect(en.status).toBe(415);
  expect(en.body.detail).toContain('Most Compatible');
  expect(CJK.test(JSON.stringify(en.body))).toBe(false);
});

test('an iPhone HEIC photo uploads through the api as a JPEG with its fields', async () => {
  const r = await env.req('POST', '/api/v1/files', {
    token: zone.token,
    raw: multipart(HEIC, 'IMG_0002.HEIC', { purpose: 'hazard_photo' }, 'image/heic'),
  });
  expect(r.status).toBe(201);
  expect(r.body).toMatchObject({ mime: 'image/jpeg', width: 640, height: 480, takenAt: '2026-11-20T01:30:15.000Z' });
  expect(r.body.lat).toBeCloseTo(29.3, 4);
});

test('a file of the wrong kind is refused naming what is accepted and what was sent, in zh-CN and en', async () => {
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF');
  const form = () => multipart(pdf, 'a.pdf', { purpose: 'hazard_photo' });
  const zh = await env.req('POST', '/api/v1/files', { token: zone.token, raw: form() });
  expect(zh.status).toBe(415);
  expect(zh.body.detail).toBe('此处只能上传JPEG、PNG、WebP 或 HEIC 图片（收到的是 application/pdf）');
  const en = await env.req('POST', '/api/v1/files', { token: zone.token, raw: form(), headers: { 'accept-language': 'en' } });
  expect(en.body.detail).toBe('Only a JPEG, PNG, WebP or HEIC image can be uploaded here (this is application/pdf)');
  const big = await env.req('POST', '/api/v1/files', {
    token: zone.token,
    raw: multipart(Buffer.alloc(300 * 1024, 1), 'big.jpg', { purpose: 'hazard_photo' }),
  });
  expect(big.status).toBe(413);
  expect(big.body.detail).toBe('文件不能超过 0.2 MB');
});

test('incident media: short audio as phones and browsers record it is accepted by its bytes; a video, a document or an over-long recording is refused', async () => {
  const cases: Array<[Buffer, string, string]> = [
    [mp4Audio(), 'audio/mp4', 'm4a'], // WeChat recorder m4a
    [mp4Audio('iso5'), 'audio/mp4', 'm4a'], // Safari MediaRecorder
    [aacAudio(), 'audio/aac', 'aac'],
    [mp3Audio(), 'audio/mpeg', 'mp3'],
    [amrAudio(), 'audio/amr', 'amr'],
    [wavAudio(), 'audio/wav', 'wav'],
    [webmAudio(), 'audio/webm', 'webm'], // Chrome MediaRecorder
  ];
  for (const [data, mime, ext] of cases) {
    const out = await processUpload(data, 'media');
    expect({ mime: out.mime, ext: out.ext }).toEqual({ mime, ext });
    expect(out.data.equals(data)).toBe(true); // kept as recorded
  }
  // Photos are still photos (re-encoded), in the same purpose.
  await expect(processUpload(HEIC, 'media')).resolves.toMatchObject({ mime: 'image/jpeg' });
  // A video is not a voice note, whatever the container.
  for (const video of [webmAudio('V_VP8'), mp4Audio('isom', 'vide')]) {
    await expect(processUpload(video, 'media')).rejects.toMatchObject({ status: 415, code: 'file_type_not_allowed' });
  }
  await expect(processUpload(Buffer.from('%PDF-1.4\n%%EOF'), 'media')).rejects.toMatchObject({ status: 415 });
  // Audio is refused where photos only are taken.
  await expect(processUpload(wavAudio(), 'image')).rejects.toMatchObject({ status: 415 });
  const long = await processUpload(wavAudio(AUDIO_MAX_BYTES), 'media').catch((e: unknown) => e);
  expect(long).toMatchObject({ status: 413, code: 'file_too_large' });
});

test('POST /files purpose incident_media takes a voice note and a photo; hazard_photo still refuses audio, in zh and en', async () => {
  const voice = await env.req('POST', '/api/v1/files', {
    token: zone.token,
    raw: multipart(mp4Audio(), 'voice.m4a', { purpose: 'incident_media' }, 'audio/m4a'),
  });
  expect(voice.status).toBe(201);
  expect(voice.body).toMatchObject({ purpose: 'incident_media', mime: 'audio/mp4', width: null });
  const content = await fetch(`${env.url}${voice.body.url}`);
  expect(content.headers.get('content-type')).toContain('audio/mp4');
  const photo = await env.req('POST', '/api/v1/files', {
    token: zone.token,
    raw: multipart(HEIC, 'IMG_0003.HEIC', { purpose: 'incident_media' }, 'image/heic'),
  });
  expect(photo.status).toBe(201);
  expect(photo.body.mime).toBe('image/jpeg');
  const wrong = await env.req('POST', '/api/v1/files', {
    token: zone.token,
    raw: multipart(wavAudio(), 'a.wav', { purpose: 'hazard_photo' }, 'audio/wav'),
  });
  expect(wrong.status).toBe(415);
  const video = await env.req('POST', '/api/v1/files', {
    token: zone.token,
    raw: multipart(webmAudio('V_VP8'), 'clip.webm', { purpose: 'incident_media' }, 'video/webm'),
    headers: { 'accept-language': 'en' },
  });
  expect(video.status).toBe(415);
  expect(video.body.detail).toContain('voice note');
  expect(CJK.test(JSON.stringify(video.body))).toBe(false);
});
