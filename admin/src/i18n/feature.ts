import { useCallback } from 'react';
import { useI18n, type Vars } from './i18n.tsx';

/**
 * A feature's own words (zh-CN first, English beside them), bundled with the feature's pages so the console's
 * first download carries only the frame's dictionary. The compiler checks that English has every key.
 */
export interface Messages<K extends string> {
  zh: Record<K, string>;
  en: Record<K, string>;
}

export function defineMessages<const Z extends Record<string, string>>(
  zh: Z,
  en: Record<keyof Z & string, string>,
): Messages<keyof Z & string> {
  return { zh, en };
}

/** The words every feature dictionary has: spread into its zh and en (`{ ...COMMON_WORDS.zh, … }`). */
export const COMMON_WORDS = defineMessages(
  {
    selectPh: '请选择',
    all: '全部',
    none: '—',
    save: '保存',
    saved: '已保存',
    cancel: '取消',
    edit: '编辑',
  },
  {
    selectPh: 'Select',
    all: 'All',
    none: '—',
    save: 'Save',
    saved: 'Saved',
    cancel: 'Cancel',
    edit: 'Edit',
  },
);

export type FeatureT<K extends string> = (key: K, vars?: Vars) => string;

function fill(text: string, vars?: Vars): string {
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

/** The translate function of a feature dictionary in the current language. */
export function useMessages<K extends string>(m: Messages<K>): FeatureT<K> {
  const { lang } = useI18n();
  return useCallback((key: K, vars?: Vars) => fill((lang === 'en' ? m.en : m.zh)[key] ?? m.zh[key] ?? key, vars), [lang, m]);
}
