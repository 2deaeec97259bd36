import { createHash } from 'node:crypto';
import type { Context } from 'koa';
import busboy from 'busboy';
import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import exifr from 'exifr';
import { parseExifTime } from '@yuanan/domain';
import { AppError, t } from '../http/problem.ts';
import { decodeHeic, HeicError } from './heic.ts';

export interface IncomingUpload {
  data: Buffer;
  filename: string | null;
  fields: Record<string, string>;
}

/** Reads one file from a multipart body, refusing more than `maxBytes` without reading further. */
export function readUpload(ctx: Context, maxBytes: number): Promise<IncomingUpload> {
  if (!ctx.is('multipart/form-data'))
    throw new AppError(
      415,
      'unsupported_media_type',
      t('请以 multipart/form-data 上传，文件放在“file”字段', 'Send multipart/form-data with a "file" field'),
    );
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: ctx.req.headers, limits: { fileSize: maxBytes, files: 1, fields: 20, fieldSize: 4096 } });
    } catch {
      reject(malformed());
      return;
    }
    const fields: Record<string, string> = {};
    let file: Buffer | null = null;
    let filename: string | null = null;
    let failed: AppError | null = null;
    bb.on('field', (name, value) => {
      fields[name] = value;
    });
    bb.on('file', (name, stream, info) => {
      if (name !== 'file') {
        stream.resume();
        return;
      }
      filename = info.filename ? Buffer.from(info.filename, 'latin1').toString('utf8').slice(0, 200) : null;
      const chunks: Buffer[] = [];
      stream.on('data', (d: Buffer) => chunks.push(d));
      stream.on('limit', () => {
        const mb = Math.round((maxBytes / 1024 / 1024) * 10) / 10;
        failed = new AppError(413, 'file_too_large', t(`文件不能超过 ${mb} MB`, `The limit is ${mb} MB`));
      });
      stream.on('end', () => {
        if (!failed) file = Buffer.concat(chunks);
      });
    });
    bb.on('error', () => reject(malformed()));
    bb.on('close', () => {
      if (failed) return reject(failed);
      if (!file || file.length === 0)
        return reject(
          new AppError(400, 'validation_failed', t('没有收到文件（“file”字段为空）', 'No "file" field in the upload')),
        );
      resolve({ data: file, filename, fields });
    });
    ctx.req.pipe(bb);
  });
}

function malformed(): AppError {
  return new AppError(400, 'validation_failed', t('上传的内容格式有误，请重新选择文件上传', 'Malformed multipart body'));
}

const HEIC = new Set(['image/heic', 'image/heif', 'image/heic-sequence', 'image/heif-sequence']);
const IMAGE = new Set(['image/jpeg', 'image/png', 'image/webp', ...HEIC]);
/** Larger images are refused before they are decoded (sharp's limit and the HEIC decoder's). */
const MAX_PIXELS = 60_000_000;
const DOCS = new Set([
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
]);

/**
 * Short audio as phones and browsers record it: the WeChat recorder (m4a/aac/mp3/wav; amr on old Android), the
 * browsers' MediaRecorder (webm/opus on Chrome/Edge, mp4/aac on Safari, ogg/opus on Firefox). Keyed by what
 * file-type reads from the bytes; the value is the type stored and served.
 */
const AUDIO: Record<string, string> = {
  'audio/x-m4a': 'audio/mp4',
  'audio/mp4': 'audio/mp4',
  'audio/aac': 'audio/aac',
  'audio/mpeg': 'audio/mpeg',
  'audio/amr': 'audio/amr',
  'audio/wav': 'audio/wav',
  'audio/vnd.wave': 'audio/wav',
  'audio/ogg': 'audio/ogg',
  'audio/ogg; codecs=opus': 'audio/ogg',
  'video/webm': 'audio/webm',
  'video/mp4': 'audio/mp4',
};
/** A voice note longer than this is refused (about 10 minutes of AAC at 64 kbit/s; the recorder stops at 60 s). */
export const AUDIO_MAX_BYTES = 5 * 1024 * 1024;

/** webm / mp4 containers are audio only when they carry no video track (a video is not a voice note). */
function audioOnly(data: Buffer, mime: string): boolean {
  if (mime === 'video/webm') {
    // Matroska CodecID strings (A_OPUS, A_VORBIS / V_VP8, V_VP9, V_AV1, V_MPEG4…) sit in the Tracks header.
    const head = data.subarray(0, 256 * 1024);
    return (head.includes('A_OPUS') || head.includes('A_VORBIS')) && !/V_(VP8|VP9|AV1|MPEG|THEORA)/.test(head.toString('latin1'));
  }
  if (mime === 'video/mp4' || mime === 'audio/x-m4a' || mime === 'audio/mp4') {
    // Each track's 'hdlr' box names its handler 12 bytes on: 'soun' or 'vide'.
    let sound = false;
    for (let i = data.indexOf('hdlr'); i >= 0; i = data.indexOf('hdlr', i + 4)) {
      const handler = data.subarray(i + 12, i + 16).toString('latin1');
      if (handler === 'vide') return false;
      if (handler === 'soun') sound = true;
    }
    return sound || mime !== 'video/mp4';
  }
  return true;
}

export interface ProcessedFile {
  data: Buffer;
  mime: string;
  ext: string;
  sha256: string;
  width: number | null;
  height: number | null;
  takenAt: Date | null;
  lat: number | null;
  lng: number | null;
}

/** What an upload may be: photos only, documents only, photos or documents, or photos and short audio (media). */
export type UploadKind = 'image' | 'document' | 'any' | 'media';

/**
 * Trusts the bytes, not the name or the declared type. Photos are re-encoded without any metadata; their
 * taken-at time and GPS position are read first and kept as fields. Voice notes (`media`) are kept as they are
 * once the bytes prove them audio only (a webm/mp4 with a video track is refused) and at most AUDIO_MAX_BYTES (413).
 */
export async function processUpload(data: Buffer, allowed: UploadKind, timeZone = 'Asia/Shanghai'): Promise<ProcessedFile> {
  const type = await fileTypeFromBuffer(data);
  const mime = type?.mime ?? 'application/octet-stream';
  const isImage = IMAGE.has(mime);
  const isDoc = DOCS.has(mime);
  if (allowed === 'media' && !isImage) {
    const stored = AUDIO[mime];
    if (!stored || !audioOnly(data, mime)) throw new AppError(415, 'file_type_not_allowed', typeText(mime, allowed));
    if (data.length > AUDIO_MAX_BYTES) {
      const mb = AUDIO_MAX_BYTES / 1024 / 1024;
      throw new AppError(
        413,
        'file_too_large',
        t(`语音不能超过 ${mb} MB，请录短一些`, `A voice note can be at most ${mb} MB; record a shorter one`),
      );
    }
    const ext = stored === 'audio/mp4' ? 'm4a' : stored === 'audio/mpeg' ? 'mp3' : stored.slice('audio/'.length);
    return { data, mime: stored, ext, sha256: sha(data), width: null, height: null, takenAt: null, lat: null, lng: null };
  }
  if (
    (allowed === 'image' && !isImage) ||
    (allowed === 'document' && !isDoc) ||
    (allowed === 'media' && !isImage) ||
    (!isImage && !isDoc)
  ) {
    throw new AppError(415, 'file_type_not_allowed', typeText(mime, allowed));
  }
  if (!isImage) {
    return { data, mime, ext: type!.ext, sha256: sha(data), width: null, height: null, takenAt: null, lat: null, lng: null };
  }
  let takenAt: Date | null = null;
  let lat: number | null = null;
  let lng: number | null = null;
  try {
    // EXIF times have no zone: read them raw and place them in the zone's time zone.
    const exif = (await exifr.parse(data, {
      gps: true,
      reviveValues: false,
      pick: [
        'DateTimeOriginal',
        'CreateDate',
        'GPSLatitude',
        'GPSLatitudeRef',
        'GPSLongitude',
        'GPSLongitudeRef',
        'latitude',
        'longitude',
      ],
    })) as { DateTimeOriginal?: string; CreateDate?: string; latitude?: number; longitude?: number } | undefined;
    const raw = exif?.DateTimeOriginal ?? exif?.CreateDate;
    if (typeof raw === 'string') takenAt = parseExifTime(raw, timeZone);
    if (typeof exif?.latitude === 'number' && typeof exif?.longitude === 'number') {
      lat = Math.round(exif.latitude * 1e6) / 1e6;
      lng = Math.round(exif.longitude * 1e6) / 1e6;
    }
  } catch {
    // No or broken EXIF: the photo is still accepted, without those fields.
  }
  try {
    const keepPng = mime === 'image/png';
    // HEIC: sharp cannot decode HEVC; the pixels come from libheif (rotation already applied, as the format says).
    const pipeline = HEIC.has(mime)
      ? await heicPipeline(data)
      : sharp(data, { limitInputPixels: MAX_PIXELS, failOn: 'error' }).rotate();
    pipeline.resize({ width: 2560, height: 2560, fit: 'inside', withoutEnlargement: true });
    const out = keepPng
      ? await pipeline.png({ compressionLevel: 8 }).toBuffer({ resolveWithObject: true })
      : await pipeline.jpeg({ quality: 82, mozjpeg: true }).toBuffer({ resolveWithObject: true });
    return {
      data: out.data,
      mime: keepPng ? 'image/png' : 'image/jpeg',
      ext: keepPng ? 'png' : 'jpg',
      sha256: sha(out.data),
      width: out.info.width,
      height: out.info.height,
      takenAt,
      lat,
      lng,
    };
  } catch (e) {
    if (e instanceof HeicError && e.reason === 'too_many_pixels')
      throw new AppError(
        415,
        'file_type_not_allowed',
        t('照片像素太多（超过 6000 万），请缩小后再上传', 'The photo has over 60 megapixels; make it smaller and upload again'),
      );
    throw new AppError(
      415,
      'file_type_not_allowed',
      HEIC.has(mime)
        ? t(
            '这张 HEIC 照片无法识别。请在 iPhone 的“设置 > 相机 > 格式”中选择“兼容性最佳”，或把照片导出为 JPEG 后再上传',
            'This HEIC photo could not be read. On the iPhone choose Settings > Camera > Formats > Most Compatible, or export the photo as JPEG, and upload again',
          )
        : t('图片已损坏或无法识别，请换一张 JPEG 或 PNG 图片', 'The image is damaged or could not be read; upload a JPEG or PNG'),
    );
  }
}

async function heicPipeline(data: Buffer): Promise<ReturnType<typeof sharp>> {
  const img = await decodeHeic(data, MAX_PIXELS);
  return sharp(img.data, { raw: { width: img.width, height: img.height, channels: 4 } }).flatten({ background: '#ffffff' });
}

/** Says which kinds of file this upload takes, given what the bytes turned out to be. */
function typeText(mime: string, allowed: UploadKind) {
  const kinds =
    allowed === 'image'
      ? t('JPEG、PNG、WebP 或 HEIC 图片', 'a JPEG, PNG, WebP or HEIC image')
      : allowed === 'media'
        ? t(
            '图片（JPEG、PNG、WebP、HEIC）或语音（m4a、aac、mp3、amr、wav、webm、ogg）',
            'an image (JPEG, PNG, WebP, HEIC) or a voice note (m4a, aac, mp3, amr, wav, webm, ogg)',
          )
        : allowed === 'document'
          ? t('PDF、Excel（.xlsx）或 Word（.docx）文件', 'a PDF, Excel (.xlsx) or Word (.docx) file')
          : t(
              '图片（JPEG、PNG、WebP、HEIC）或 PDF、Excel、Word 文件',
              'an image (JPEG, PNG, WebP, HEIC) or a PDF, Excel or Word file',
            );
  return t(`此处只能上传${kinds.zh}（收到的是 ${mime}）`, `Only ${kinds.en} can be uploaded here (this is ${mime})`);
}

function sha(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}
