import { randomFillSync } from 'node:crypto';

let lastMs = 0;
let seq = 0;
/** Random bytes drawn 4 KiB at a time: one `randomBytes` call per id was a visible share of a bulk write's CPU. */
const pool = Buffer.alloc(4096);
let poolAt = pool.length;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function random(n: number): number {
  if (poolAt + n > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const at = poolAt;
  poolAt += n;
  return at;
}

/**
 * UUIDv7 (RFC 9562): time-ordered, so primary keys stay index-friendly, yet opaque in URLs.
 * A 12-bit counter in rand_a keeps ids from one process strictly increasing within a millisecond.
 */
export function uuidv7(now = Date.now()): string {
  if (now <= lastMs) {
    // Same millisecond, or the clock is behind one we already moved past (4,096 ids in a millisecond, or a clock
    // step back): count on from the last id.
    seq = (seq + 1) & 0xfff;
    if (seq === 0) lastMs++;
    now = lastMs;
  } else {
    lastMs = now;
    const r = random(2);
    seq = ((pool[r]! << 8) | pool[r + 1]!) & 0x7ff;
  }
  const r = random(8);
  const b = [
    // 48-bit milliseconds, big-endian
    Math.floor(now / 2 ** 40) & 0xff,
    Math.floor(now / 2 ** 32) & 0xff,
    (now >>> 24) & 0xff,
    (now >>> 16) & 0xff,
    (now >>> 8) & 0xff,
    now & 0xff,
    0x70 | (seq >> 8),
    seq & 0xff,
    0x80 | (pool[r]! & 0x3f),
    pool[r + 1]!,
    pool[r + 2]!,
    pool[r + 3]!,
    pool[r + 4]!,
    pool[r + 5]!,
    pool[r + 6]!,
    pool[r + 7]!,
  ];
  const h = b.map((x) => HEX[x]!);
  return `${h[0]}${h[1]}${h[2]}${h[3]}-${h[4]}${h[5]}-${h[6]}${h[7]}-${h[8]}${h[9]}-${h[10]}${h[11]}${h[12]}${h[13]}${h[14]}${h[15]}`;
}
