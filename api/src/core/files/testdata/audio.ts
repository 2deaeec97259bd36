/**
 * Tiny audio files for tests, built byte by byte (no encoder on the test machine): the containers and headers the
 * WeChat recorder and the browsers' MediaRecorder write, with silence or filler as the payload. file-type reads each
 * as the format named; the upload check tells audio-only containers from videos by their track headers.
 */

function box(type: string, body: Buffer): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt32BE(8 + body.length);
  h.write(type, 4, 'latin1');
  return Buffer.concat([h, body]);
}

function hdlr(handler: 'soun' | 'vide'): Buffer {
  return box('hdlr', Buffer.concat([Buffer.alloc(8), Buffer.from(handler, 'latin1'), Buffer.alloc(12)]));
}

/** An ISO-BMFF file: brand `M4A ` (WeChat recorder m4a) or `iso5` (Safari MediaRecorder), one track of `handler`. */
export function mp4Audio(brand = 'M4A ', handler: 'soun' | 'vide' = 'soun'): Buffer {
  return Buffer.concat([
    box('ftyp', Buffer.concat([Buffer.from(brand, 'latin1'), Buffer.alloc(4), Buffer.from('isomM4A ', 'latin1')])),
    box('moov', box('trak', box('mdia', hdlr(handler)))),
    box('mdat', Buffer.alloc(2000, 7)),
  ]);
}

/** A PCM WAV of `bytes` bytes of silence (8 kHz, 16 bit, mono). */
export function wavAudio(bytes = 8000): Buffer {
  const h = Buffer.alloc(44);
  h.write('RIFF', 0);
  h.writeUInt32LE(36 + bytes, 4);
  h.write('WAVE', 8);
  h.write('fmt ', 12);
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(8000, 24);
  h.writeUInt32LE(16000, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36);
  h.writeUInt32LE(bytes, 40);
  return Buffer.concat([h, Buffer.alloc(bytes)]);
}

/** A webm (Matroska) with one track of `codec`: A_OPUS as Chrome records audio, V_VP8 for a video. */
export function webmAudio(codec = 'A_OPUS'): Buffer {
  return Buffer.concat([
    Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x87, 0x42, 0x82, 0x84]),
    Buffer.from('webm'),
    Buffer.from([0x18, 0x53, 0x80, 0x67, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x86, 0x80 | codec.length]),
    Buffer.from(codec),
    Buffer.alloc(3000, 3),
  ]);
}

/** AMR narrowband (old Android recorders). */
export function amrAudio(): Buffer {
  return Buffer.concat([Buffer.from('#!AMR\n'), Buffer.alloc(1000, 0x3c)]);
}

/** Four MPEG-1 Layer III frames (128 kbit/s, 44.1 kHz). */
export function mp3Audio(): Buffer {
  const f = Buffer.alloc(417);
  f.set([0xff, 0xfb, 0x90, 0x64]);
  return Buffer.concat([f, f, f, f]);
}

/** Three ADTS AAC frames (the WeChat recorder's `aac` format). */
export function aacAudio(): Buffer {
  const f = Buffer.alloc(200);
  f.set([0xff, 0xf1, 0x50, 0x80, 0x19, 0x1f, 0xfc]);
  return Buffer.concat([f, f, f]);
}
