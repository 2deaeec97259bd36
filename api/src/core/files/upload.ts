import { createHash } from 'node:crypto';
import type { Context } from 'koa';
import busboy from 'busboy';
import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import exifr from 'exifr';
import { parseExifTime } from '@yuanan/domain';
import { AppError } from '../http/problem.ts';

export interface IncomingUpload {
  data: Buffer;
  filename: string | null;
  fields: Record<string, string>;
}

/** Reads one file from a multipart body, refusing more than `maxBytes` without reading further. */
export function readUpload(ctx: Context, maxBytes: number): Promise<IncomingUpload> {
  if (!ctx.is('multipart/form-data'))
    throw new AppError(415, 'unsupported_media_type', 'send multipart/form-data with a "file" field');
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: ctx.req.headers, limits: { fileSize: maxBytes, files: 1, fields: 20, fieldSize: 4096 } });
    } catch {
      reject(new AppError(400, 'validation_failed', 'malformed multipart body'));
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
        failed = new AppError(413, 'file_too_large', `limit is ${maxBytes} bytes`);
      });
      stream.on('end', () => {
        if (!failed) file = Buffer.concat(chunks);
      });
    });
    bb.on('error', () => reject(new AppError(400, 'validation_failed', 'malformed multipart body')));
    bb.on('close', () => {
      if (failed) return reject(failed);
      if (!file || file.length === 0) return reject(new AppError(400, 'validation_failed', 'no "file" field in the upload'));
      resolve({ data: file, filename, fields });
    });
    ctx.req.pipe(bb);
  });
}

const IMAGE = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif']);
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
    throw new AppError(415, 'file_type_not_allowed', `detected ${mime}`);
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
    const pipeline = sharp(data, { limitInputPixels: 60_000_000, failOn: 'error' })
      .rotate()
      .resize({ width: 2560, height: 2560, fit: 'inside', withoutEnlargement: true });
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
  } catch {
    throw new AppError(415, 'file_type_not_allowed', 'the image could not be decoded');
  }
}

function sha(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}
