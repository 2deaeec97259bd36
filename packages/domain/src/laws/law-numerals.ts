/**
 * Chinese numerals as used to number the parts of a law (第一百零五条, 第十五条之一, 第三章).
 *
 * Source: 《立法技术规范（试行）（一）》(全国人大常委会法工委, 2009) — articles, chapters and sections are numbered
 * with Chinese numerals; an article inserted by an amendment is numbered 第X条之一 so the others keep their
 * numbers.
 */

const DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const DIGIT_CHARS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** The characters a Chinese numeral may be written with (for regular expressions). */
export const CHINESE_NUMERAL_CHARS = '零〇一二两三四五六七八九十百千';

/**
 * Reads a Chinese numeral from 0 to 9999: '十五' → 15, '一百零五' → 105, '一百一十' → 110, '二千零二十四' → 2024;
 * digits without units are read place by place ('二〇二四' → 2024). Surrounding whitespace is ignored.
 * @throws RangeError on anything else (empty, '十十', '五百五百', '一二百', non-numeral characters).
 */
export function chineseToInt(text: string): number {
  const s = text.trim();
  if (s === '' || s.length > 20) throw new RangeError(`not a Chinese numeral: '${text}'`);
  const chars = [...s];
  if (chars.every((c) => c in DIGITS)) {
    // Place by place, as in years (二〇二四); a single digit is the common case.
    if (chars.length > 4 || (chars.length > 1 && DIGITS[chars[0]!] === 0))
      throw new RangeError(`not a Chinese numeral: '${text}'`);
    return chars.reduce((n, c) => n * 10 + DIGITS[c]!, 0);
  }
  let total = 0;
  let digit: number | null = null;
  let lastUnit = Infinity;
  let zeroPending = false;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c in DIGITS) {
      const d = DIGITS[c]!;
      if (d === 0) {
        // 零 stands for skipped places: only between a unit and a later digit (一百零五).
        if (digit !== null || lastUnit === Infinity || zeroPending) throw new RangeError(`not a Chinese numeral: '${text}'`);
        zeroPending = true;
        continue;
      }
      if (digit !== null) throw new RangeError(`not a Chinese numeral: '${text}'`);
      digit = d;
      zeroPending = false;
    } else if (c in UNITS) {
      const u = UNITS[c]!;
      if (u >= lastUnit || zeroPending) throw new RangeError(`not a Chinese numeral: '${text}'`);
      // '十五' = 15: a leading 十 has an implied 一; elsewhere the unit needs its digit.
      if (digit === null && !(u === 10 && i === 0)) throw new RangeError(`not a Chinese numeral: '${text}'`);
      total += (digit ?? 1) * u;
      digit = null;
      lastUnit = u;
    } else {
      throw new RangeError(`not a Chinese numeral: '${text}'`);
    }
  }
  if (zeroPending) throw new RangeError(`not a Chinese numeral: '${text}'`);
  return total + (digit ?? 0);
}

/**
 * Writes 0..9999 as a Chinese numeral the way laws number articles: 15 → '十五', 105 → '一百零五',
 * 110 → '一百一十', 1010 → '一千零一十'.
 * @throws RangeError for anything but an integer from 0 to 9999.
 */
export function intToChinese(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 9999) throw new RangeError(`cannot write ${n} as a Chinese numeral`);
  if (n === 0) return '零';
  if (n >= 10 && n < 20) return `十${n === 10 ? '' : DIGIT_CHARS[n - 10]}`;
  const places: [number, string][] = [
    [1000, '千'],
    [100, '百'],
    [10, '十'],
    [1, ''],
  ];
  let out = '';
  let rest = n;
  let needZero = false;
  for (const [value, unit] of places) {
    const d = Math.floor(rest / value);
    rest %= value;
    if (d === 0) {
      if (out !== '') needZero = true;
      continue;
    }
    if (needZero) out += '零';
    needZero = false;
    out += DIGIT_CHARS[d]! + unit;
  }
  return out;
}

/** '第五条' for (5, 0), '第五条之一' for (5, 1) — the label of an article as printed in the text. */
export function articleLabel(number: number, suffix: number): string {
  return `第${intToChinese(number)}条${suffix > 0 ? `之${intToChinese(suffix)}` : ''}`;
}

/** '5' for 第五条, '5-1' for 第五条之一 — the stable key of an article within a version (used in permalinks `art-5-1`). */
export function articleKey(number: number, suffix: number): string {
  return suffix > 0 ? `${number}-${suffix}` : String(number);
}

/** Pattern of an article key: '5', '5-1' (number 1..9999, suffix 1..99). */
export const ARTICLE_KEY_PATTERN = /^\d{1,4}(-\d{1,2})?$/;

/** Reads an article key back ('5-1' → { number: 5, suffix: 1 }); null when it is not a key. */
export function parseArticleKey(key: string): { number: number; suffix: number } | null {
  if (!ARTICLE_KEY_PATTERN.test(key)) return null;
  const [n, s] = key.split('-');
  const number = Number(n);
  const suffix = s === undefined ? 0 : Number(s);
  if (number < 1 || (s !== undefined && suffix < 1)) return null;
  return { number, suffix };
}

/** Reads a numeral written either in Chinese or in Arabic digits ('四十一', '41'); throws RangeError like chineseToInt. */
export function numeralToInt(text: string): number {
  const s = text.trim();
  if (/^\d{1,4}$/.test(s)) return Number(s);
  return chineseToInt(s);
}
