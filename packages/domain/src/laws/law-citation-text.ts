/**
 * Reading the free-text legal basis people type (依据：《安全生产法》第四十一条第二款) into article references, so
 * existing records can be linked to the law library.
 *
 * Citation form: 《立法技术规范（试行）（一）》 — a law is cited by its title in 《》 (the short title without
 * 中华人民共和国 is common), then 第X条 (and 第X款, 第X项, which we do not resolve: the citation is to the article).
 */
import { CHINESE_NUMERAL_CHARS, numeralToInt } from './law-numerals.ts';

/** One article named in a legal-basis text: the title as written (without 《》) and the article number. */
export interface CitationTextRef {
  title: string;
  number: number;
  suffix: number;
}

const N = `[${CHINESE_NUMERAL_CHARS}]+|\\d{1,4}`;
/** A 《title》 or an article 第X条(之Y), optionally a range 第X条至第Y条. */
const TOKEN_RE = new RegExp(`《([^《》]{1,100})》|第(${N})条(?:之(${N}))?(?:(?:至|到|—|-|～|~)第(${N})条)?`, 'gu');
/** Separators allowed between the articles of one title: 、 ， , 和 及 以及 与 或者 第X款 第X项 第（X）项 （X） and spaces. */
const JOIN_RE = new RegExp(`^(?:[\\s、，,和及与或以者]|第[（(]?(?:${N})[）)]?[款项]|[（(](?:${N})[）)])*$`, 'u');

/** Most articles a range may expand to (第十条至第二十条 → 11); longer ranges keep only both ends. */
const MAX_RANGE = 30;

/**
 * Reads the articles cited in a legal-basis text, in order, without duplicates:
 * '《安全生产法》第四十一条第二款' → [{ title: '安全生产法', number: 41, suffix: 0 }];
 * '《消防法》第十六条、第十七条' → two refs; '第二十一条至第二十三条' → three; articles after a different sentence
 * with no title of their own ('…。第五条') are skipped. Never throws; unreadable numerals are skipped.
 */
export function parseCitationText(text: string): CitationTextRef[] {
  const out: CitationTextRef[] = [];
  const seen = new Set<string>();
  const push = (title: string, number: number, suffix: number) => {
    const k = `${title}\u0000${number}-${suffix}`;
    if (seen.has(k) || number < 1 || number > 9999) return;
    seen.add(k);
    out.push({ title, number, suffix });
  };
  let title: string | null = null;
  let lastEnd = 0;
  for (const m of text.slice(0, 10_000).matchAll(TOKEN_RE)) {
    const between = text.slice(lastEnd, m.index);
    lastEnd = m.index + m[0].length;
    if (m[1] !== undefined) {
      title = m[1].replace(/\s+/gu, '').trim() || null;
      continue;
    }
    // An article belongs to the title before it only when nothing but joiners stands between them.
    if (title === null) continue;
    if (!JOIN_RE.test(between)) {
      title = null;
      continue;
    }
    try {
      const number = numeralToInt(m[2]!);
      const suffix = m[3] !== undefined ? numeralToInt(m[3]) : 0;
      if (m[4] !== undefined && suffix === 0) {
        const to = numeralToInt(m[4]);
        if (to > number && to - number < MAX_RANGE) for (let n = number; n <= to; n++) push(title, n, 0);
        else {
          push(title, number, 0);
          push(title, to, 0);
        }
      } else push(title, number, suffix);
    } catch {
      // Not a numeral after all (第X条 in running text): nothing to link.
    }
  }
  return out;
}

/**
 * Normal form of a law title for matching a cited title to a document: without 中华人民共和国, brackets' contents
 * like （试行）/（2021年修正） kept out, whitespace and 《》 removed. '中华人民共和国安全生产法' and '《安全生产法》' both give
 * '安全生产法'.
 */
export function normaliseLawTitle(title: string): string {
  return title
    .replace(/[《》\s\u3000]/gu, '')
    .replace(/^中华人民共和国/u, '')
    .replace(/[（(][^（）()]*(?:修正|修订|年)[^（）()]*[）)]$/u, '')
    .trim();
}
