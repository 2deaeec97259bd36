import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { DOMAIN_WORDS, domainDictionaryText } from './domain-dictionary.ts';

// Control characters (C0, DEL, C1), zero-width and bidi marks: never indexed, never matched.
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/g;
const WORDISH = /[\p{L}\p{N}]/u;

/**
 * The form text is matched in: Unicode NFKC (full-width letters and digits → half-width, so １小时 matches 1小时),
 * lower case, control and invisible characters removed. Index and query go through the same function.
 */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').replace(INVISIBLE, '').toLowerCase();
}

/**
 * Chinese word segmentation (分词) with jieba (@node-rs/jieba: the default dictionary + the work-safety words of
 * domain-dictionary.ts). Deterministic: HMM guessing of unknown words is off, so the same text always cuts the
 * same way in the index and in a query. Tokens are normalised (normalizeText) and only tokens with a letter or a
 * digit are returned (punctuation and spaces dropped).
 */
export class Segmenter {
  readonly #jieba: Jieba;
  readonly #domain: string[];
  readonly #domainSet: Set<string>;
  constructor(extraWords: readonly string[] = []) {
    this.#domain = [...new Set([...DOMAIN_WORDS, ...extraWords].map(normalizeText))];
    this.#domainSet = new Set(this.#domain);
    this.#jieba = Jieba.withDict(dict);
    this.#jieba.loadDict(Buffer.from(domainDictionaryText(this.#domain)));
  }

  /** Whether a word is one of the domain words (kept whole: never split into its parts when matching). */
  isDomainWord(word: string): boolean {
    return this.#domainSet.has(normalizeText(word));
  }

  /** Precise cut (精确模式): the words of the text in order, e.g. 主要负责人 | 职责. */
  words(text: string): string[] {
    const t = normalizeText(text);
    if (!t.trim()) return [];
    return this.#jieba.cut(t, false).filter((w) => WORDISH.test(w));
  }

  /**
   * Search cut (搜索引擎模式) minus the precise words: the shorter dictionary words inside longer ones
   * (主要负责人 → 主要, 负责, 负责人), deduplicated. Indexed so a part of a compound still matches.
   */
  subwords(text: string, words = this.words(text)): string[] {
    const t = normalizeText(text);
    if (!t.trim()) return [];
    const whole = new Set(words);
    const out = new Set<string>();
    for (const w of this.#jieba.cutForSearch(t, false)) if (WORDISH.test(w) && !whole.has(w)) out.add(w);
    return [...out];
  }

  /**
   * The domain words found anywhere in the text, whatever the cut: 生产安全事故隐患 cuts as 生产安全事故 | 隐患, yet
   * it contains 事故隐患, which a search for 事故隐患 must find. Indexed with the sub-words.
   */
  domainWordsIn(text: string): string[] {
    const t = normalizeText(text);
    return this.#domain.filter((w) => t.includes(w));
  }

  /** The sub-words of one word (its search cut without itself): 事故隐患 → 事故, 隐患. */
  partsOf(word: string): string[] {
    const w = normalizeText(word);
    return [...new Set(this.#jieba.cutForSearch(w, false).filter((p) => p !== w && WORDISH.test(p)))];
  }
}

let shared: Segmenter | null = null;
/** The process's one segmenter (loading the dictionary takes ~0.3 s; the instance is reused for every call). */
export function segmenter(): Segmenter {
  shared ??= new Segmenter();
  return shared;
}
