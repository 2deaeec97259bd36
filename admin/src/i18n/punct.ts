import { useMemo } from 'react';
import { useI18n, type Lang } from './i18n.tsx';

/**
 * Punctuation around translated words, in the language shown: Chinese takes the full-width marks (类别：,
 * 王建国（安监人员）, 甲、乙), English the ASCII ones with their spaces (Category: , Wang (Safety officer), a, b).
 * Code that puts a colon, brackets or a list separator around a translated text goes through these, never a
 * hard-coded "：" / "（）" / "、".
 */
export interface Punct {
  /** The colon after a label: "：" / ": ". */
  colon: string;
  /** `label：value` / `label: value`. */
  labelled: (label: string, value: string) => string;
  /** The brackets of an aside, for one that is not plain text: "（" "）" / " (" ")". */
  open: string;
  close: string;
  /** A bracketed aside after a text: "（x）" / " (x)". */
  paren: (text: string) => string;
  /** A list run together: "甲、乙" / "a, b". */
  list: (items: readonly string[]) => string;
}

export function punct(lang: Lang): Punct {
  const en = lang === 'en';
  const colon = en ? ': ' : '：';
  return {
    colon,
    open: en ? ' (' : '（',
    close: en ? ')' : '）',
    labelled: (label, value) => `${label}${colon}${value}`,
    paren: (text) => (en ? ` (${text})` : `（${text}）`),
    list: (items) => items.join(en ? ', ' : '、'),
  };
}

/** The punctuation of the current language. */
export function usePunct(): Punct {
  const { lang } = useI18n();
  return useMemo(() => punct(lang), [lang]);
}
