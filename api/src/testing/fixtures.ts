import sharp from 'sharp';

/** A JPEG as phones make them: EXIF with maker, owner, taken-at time (local) and GPS position. */
export function photoWithExif(opts: { width?: number; height?: number; color?: string } = {}): Promise<Buffer> {
  return sharp({
    create: { width: opts.width ?? 320, height: opts.height ?? 240, channels: 3, background: opts.color ?? '#c33' },
  })
    .jpeg()
    .withExif({
      IFD0: { Make: 'TestCam', Copyright: 'owner-secret-name' },
      IFD2: { DateTimeOriginal: '2026:11:20 09:30:00' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '29 18 36', GPSLongitudeRef: 'E', GPSLongitude: '120 4 30' },
    })
    .toBuffer();
}

export function multipart(
  file: Buffer,
  filename: string,
  fields: Record<string, string> = {},
  type = 'application/octet-stream',
): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([new Uint8Array(file)], { type }), filename);
  return form;
}
