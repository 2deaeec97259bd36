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

/**
 * Trusts the bytes, not the name or the declared type. Photos are re-encoded without any metadata; their
 * taken-at time and GPS position are read first and kept as fields.
 */
export async function processUpload(
  data: Buffer,
  allowed: 'image' | 'document' | 'any',
  timeZone = 'Asia/Shanghai',
): Promise<ProcessedFile> {
  const type = await fileTypeFromBuffer(data);
  const mime = type?.mime ?? 'application/octet-stream';
  const isImage = IMAGE.has(mime);
  const isDoc = DOCS.has(mime);
  if ((allowed === 'image' && !isImage) || (allowed === 'document' && !isDoc) || (!isImage && !isDoc)) {
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
function typeText(mime: string, allowed: 'image' | 'document' | 'any') {
  const kinds =
    allowed === 'image'
      ? t('JPEG、PNG、WebP 或 HEIC 图片', 'a JPEG, PNG, WebP or HEIC image')
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
