/**
 * Small real JPEG photos for the demo's hazards (sharp, already the api's image library): a drawn scene per hazard
 * category — before (the hazard) and after (rectified) — in a few variants drawn by a seeded generator, rendered
 * once per process and shared. About 5–10 KB each at 480 × 360.
 */
import sharp from 'sharp';
import { Rng } from './demo-random.ts';

const W = 480;
const H = 360;

function scene(category: string, after: boolean, rng: Rng): string {
  const dx = rng.int(-30, 30);
  const dy = rng.int(-10, 10);
  const wall = rng.pick(['#d9d4c7', '#cfd6dc', '#e0dccf', '#c9cfc4']);
  const floor = rng.pick(['#8d8a80', '#7f8a86', '#9a958a']);
  const parts: string[] = [
    `<rect width="${W}" height="${H}" fill="${wall}"/>`,
    `<polygon points="0,${250 + dy} ${W},${235 + dy} ${W},${H} 0,${H}" fill="${floor}"/>`,
    `<rect x="${20 + dx}" y="30" width="90" height="60" fill="#a9b4bd" opacity="0.6"/>`,
  ];
  const mess = after
    ? ''
    : `<g fill="#6b4f2a">${Array.from({ length: 5 }, () => `<rect x="${rng.int(180, 420)}" y="${rng.int(230, 300)}" width="${rng.int(30, 60)}" height="${rng.int(20, 50)}"/>`).join('')}</g>`;
  switch (category) {
    case 'electrical':
      parts.push(`<rect x="${170 + dx}" y="${90 + dy}" width="130" height="170" fill="#b8bec4" stroke="#555" stroke-width="3"/>`);
      if (after)
        parts.push(
          `<rect x="${175 + dx}" y="${95 + dy}" width="120" height="160" fill="#c7cdd2" stroke="#444"/><path d="M${225 + dx} ${150 + dy} l10 -20 l-5 18 l12 -2 l-14 26 l4 -20 z" fill="#f0b400"/>`,
        );
      else
        parts.push(
          `<rect x="${300 + dx}" y="${90 + dy}" width="60" height="170" fill="#9aa1a8" transform="skewY(-8)"/>`,
          ...Array.from(
            { length: 6 },
            (_, k) =>
              `<path d="M${185 + dx + k * 18} ${120 + dy} q ${rng.int(-40, 40)} ${rng.int(40, 120)} ${rng.int(-30, 30)} ${rng.int(130, 200)}" stroke="${['#d9363e', '#1677ff', '#f0b400', '#333'][k % 4]}" stroke-width="4" fill="none"/>`,
          ),
        );
      break;
    case 'fire':
      parts.push(
        `<rect x="${330 + dx}" y="${70}" width="90" height="40" fill="#2e9d5b"/><text x="${345 + dx}" y="98" font-family="DejaVu Sans, sans-serif" font-size="20" fill="#fff">EXIT</text>`,
        `<rect x="${320 + dx}" y="120" width="110" height="140" fill="#6e7b85"/>`,
        `<rect x="${90 + dx}" y="${180 + dy}" width="34" height="80" rx="10" fill="#d9363e"/><rect x="${100 + dx}" y="${165 + dy}" width="14" height="18" fill="#333"/>`,
      );
      if (!after)
        parts.push(
          `<g fill="#a0743c">${Array.from({ length: 6 }, (_, k) => `<rect x="${300 + dx + (k % 3) * 45}" y="${200 - Math.floor(k / 3) * 42}" width="44" height="40" stroke="#6b4f2a"/>`).join('')}</g>`,
        );
      break;
    case 'hazchem':
    case 'spraying':
    case 'lithium':
      for (let k = 0; k < 4; k++)
        parts.push(
          `<rect x="${80 + dx + k * 80}" y="${160 + dy}" width="60" height="100" rx="6" fill="${rng.pick(['#1f5fa8', '#e07b24', '#2f7d4a', '#7a7a7a'])}"/><rect x="${80 + dx + k * 80}" y="${180 + dy}" width="60" height="8" fill="#ddd"/>`,
        );
      parts.push(
        after
          ? `<rect x="${60 + dx}" y="${258 + dy}" width="340" height="14" fill="#f0b400"/>`
          : `<ellipse cx="${260 + dx}" cy="${300}" rx="120" ry="22" fill="#3b3a36" opacity="0.55"/>`,
      );
      break;
    case 'dust':
      parts.push(
        `<rect x="${120 + dx}" y="${110 + dy}" width="220" height="150" fill="#8a939b"/><rect x="${150 + dx}" y="${60}" width="40" height="60" fill="#8a939b"/>`,
      );
      if (!after)
        parts.push(
          `<g fill="#c8bfae">${Array.from({ length: 60 }, () => `<circle cx="${rng.int(100, 380)}" cy="${rng.int(100, 320)}" r="${rng.int(2, 7)}"/>`).join('')}</g>`,
        );
      break;
    case 'confined_space':
      parts.push(`<ellipse cx="${240 + dx}" cy="${290}" rx="90" ry="30" fill="#3f3f3f"/>`);
      parts.push(
        after
          ? `<rect x="${120 + dx}" y="170" width="60" height="80" fill="#f0b400"/><text x="${133 + dx}" y="220" font-family="DejaVu Sans, sans-serif" font-size="34" fill="#222">!</text>`
          : `<ellipse cx="${240 + dx}" cy="${290}" rx="70" ry="22" fill="#111"/>`,
      );
      break;
    case 'ammonia':
      for (let k = 0; k < 3; k++) parts.push(`<rect x="0" y="${90 + k * 50 + dy}" width="${W}" height="22" fill="#9da5ab"/>`);
      parts.push(`<circle cx="${240 + dx}" cy="${151 + dy}" r="22" fill="${after ? '#2e9d5b' : '#d9363e'}"/>`);
      if (!after)
        parts.push(
          `<g fill="#ffffff" opacity="0.8">${Array.from({ length: 25 }, () => `<circle cx="${rng.int(200, 300)}" cy="${rng.int(160, 240)}" r="${rng.int(3, 9)}"/>`).join('')}</g>`,
        );
      break;
    case 'special_equipment':
      parts.push(
        `<rect x="${150 + dx}" y="${170 + dy}" width="150" height="70" fill="#f0b400"/><rect x="${300 + dx}" y="${90 + dy}" width="12" height="150" fill="#444"/><circle cx="${180 + dx}" cy="${245 + dy}" r="18" fill="#222"/><circle cx="${270 + dx}" cy="${245 + dy}" r="18" fill="#222"/>`,
      );
      if (!after)
        parts.push(
          `<rect x="${165 + dx}" y="${120 + dy}" width="60" height="50" fill="none" stroke="#d9363e" stroke-width="4"/>`,
        );
      break;
    default:
      parts.push(
        `<rect x="${140 + dx}" y="${100}" width="200" height="150" fill="#e8e4d8" stroke="#888"/><g stroke="#555">${Array.from({ length: 6 }, (_, k) => `<line x1="${160 + dx}" y1="${125 + k * 20}" x2="${320 + dx}" y2="${125 + k * 20}"/>`).join('')}</g>`,
      );
  }
  if (!after) parts.push(mess);
  return parts.join('');
}

/** Photos rendered in this process, by scene (rendering is the cost: about 50 ms each on a busy machine). */
const pool = new Map<string, Promise<Buffer>>();
/** Different scenes of one category and state: photos of different hazards mostly differ. */
export const PHOTO_VARIANTS = 3;

/** One JPEG of a hazard scene (`after`: the rectified state), variant `variant` (0 … PHOTO_VARIANTS − 1). */
export function demoPhoto(category: string, after: boolean, variant: number): Promise<Buffer> {
  const key = `${category}:${after}:${variant % PHOTO_VARIANTS}`;
  let p = pool.get(key);
  if (!p) {
    const rng = new Rng(`yuanan-demo:photo:${key}`);
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">${scene(category, after, rng)}</svg>`;
    p = sharp(Buffer.from(svg)).jpeg({ quality: 70 }).toBuffer();
    pool.set(key, p);
  }
  return p;
}
