/**
 * Parsing of a law-library search box: words, "phrases", -exclusions, article numbers (第四十一条, 41条) and a
 * 《title》 hint. The output carries only letters, digits and a few inner joiners, so the search engine never sees
 * query syntax (FTS5 operators, regular-expression or control characters) from the user.
 */
import { CHINESE_NUMERAL_CHARS, numeralToInt } from './law-numerals.ts';

/** A parsed search query. Terms are not segmented (the search segments them); Latin letters are lower-cased. */
export interface LawQuery {
  terms: string[];
  phrases: string[];
  excluded: string[];
  articleRefs: { number: number; suffix: number }[];
  titleHint: string | null;
}

/** Most characters read from a query, and most terms/phrases kept (the api refuses longer queries first). */
const MAX_INPUT = 1000;
const MAX_TERMS = 20;

const N = `[${CHINESE_NUMERAL_CHARS}]+|\\d{1,4}`;
// 第X条 / 第X条之Y, or X条 with a whole numeral right before 条 (41条, 四十一条) but not 条例/条件/条款/条文.
const ARTICLE_RE = new RegExp(
  `第(${N})条(?:之(${N}))?|((?<!\\d)\\d{1,4}|(?<![${CHINESE_NUMERAL_CHARS}])[${CHINESE_NUMERAL_CHARS}]+)条(?![例件款文约目])`,
  'gu',
);

/** Keeps letters, digits and marks; '-' and '.' only between letters/digits (GB 30871-2022, 3.1.2); the rest is a space. */
function cleanWord(s: string): string {
  return s
    .replace(/[^\p{L}\p{N}\p{M}\-.]+/gu, ' ')
    .replace(/(?<![\p{L}\p{N}])[-.]+|[-.]+(?![\p{L}\p{N}])/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim()
    .toLowerCase();
}

const uniq = (xs: string[]) => [...new Set(xs.filter((x) => x !== ''))];

/**
 * Parses a search query. `"…"`, `“…”` or `「…」` = phrase (matched as written); `-词` or `－词` = exclude; `第X条`,
 * `第X条之一`, `X条` = article reference (also kept out of the terms); `《…》` = title hint (the first one).
 * Full-width letters and digits are made half-width (NFKC). Never throws; an all-symbol query gives empty lists.
 */
export function parseLawQuery(q: string): LawQuery {
  // NFKC makes ｇｂ → gb and １２ → 12; control and format characters (incl. zero-width) become spaces.
  let s = q
    .slice(0, MAX_INPUT)
    .normalize('NFKC')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, ' ');

  let titleHint: string | null = null;
  s = s.replace(/《([^《》]*)》?/gu, (_m, t: string) => {
    const c = cleanWord(t).replace(/\s+/gu, '');
    if (titleHint === null && c !== '') titleHint = c;
    return ' ';
  });

  const phrases: string[] = [];
  s = s.replace(/"([^"]*)"|“([^”]*)”|「([^」]*)」/gu, (_m, a?: string, b?: string, c?: string) => {
    phrases.push(cleanWord(a ?? b ?? c ?? ''));
    return ' ';
  });

  const articleRefs: { number: number; suffix: number }[] = [];
  s = s.replace(ARTICLE_RE, (m, n1?: string, s1?: string, n2?: string) => {
    try {
      const number = numeralToInt(n1 ?? n2 ?? '');
      const suffix = s1 !== undefined ? numeralToInt(s1) : 0;
      if (number >= 1 && !articleRefs.some((r) => r.number === number && r.suffix === suffix))
        articleRefs.push({ number, suffix });
      return ' ';
    } catch {
      return m;
    }
  });

  const terms: string[] = [];
  const excluded: string[] = [];
  for (const raw of s.split(/\s+/u)) {
    if (raw === '') continue;
    const neg = /^[-－]/u.test(raw);
    for (const w of cleanWord(neg ? raw.replace(/^[-－]+/u, '') : raw).split(' ')) (neg ? excluded : terms).push(w);
  }
  return {
    terms: uniq(terms).slice(0, MAX_TERMS),
    phrases: uniq(phrases).slice(0, MAX_TERMS),
    excluded: uniq(excluded).slice(0, MAX_TERMS),
    articleRefs: articleRefs.slice(0, MAX_TERMS),
    titleHint,
  };
}
