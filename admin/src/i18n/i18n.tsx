import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import relativeTime from 'dayjs/plugin/relativeTime';
import { zhCN, type Dictionary, type MessageKey } from './zh-CN.ts';

dayjs.extend(relativeTime);

export type Lang = 'zh-CN' | 'en';
export type Vars = Record<string, string | number>;
export type Translate = (key: MessageKey, vars?: Vars) => string;

// English loads on demand: most people use the console in Chinese.
const DICTS: Partial<Record<Lang, Dictionary>> = { 'zh-CN': zhCN };

/** Makes sure the language's dictionary is loaded (English is a separate chunk). */
export async function loadLang(lang: Lang): Promise<void> {
  if (DICTS[lang]) return;
  if (lang === 'en') DICTS.en = (await import('./en.ts')).en;
}
const KEY = 'yuanan:admin:lang';

function initialLang(): Lang {
  const saved = globalThis.localStorage?.getItem(KEY);
  return saved === 'en' || saved === 'zh-CN' ? saved : 'zh-CN';
}

let current: Lang = initialLang();
dayjs.locale(current === 'en' ? 'en' : 'zh-cn');

/** The language outside React (the api client sends it as Accept-Language and words its errors in it). */
export function getLang(): Lang {
  return current;
}

export function translate(lang: Lang, key: MessageKey, vars?: Vars): string {
  const text = DICTS[lang]?.[key] ?? zhCN[key] ?? key;
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

interface I18n {
  lang: Lang;
  setLang: (l: Lang) => void;
  t: Translate;
}

const Ctx = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(current);
  const setLang = useCallback((l: Lang) => {
    void loadLang(l).then(() => {
      current = l;
      globalThis.localStorage?.setItem(KEY, l);
      dayjs.locale(l === 'en' ? 'en' : 'zh-cn');
      document.documentElement.lang = l;
      setLangState(l);
    });
  }, []);
  const value = useMemo<I18n>(() => ({ lang, setLang, t: (key, vars) => translate(lang, key, vars) }), [lang, setLang]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}

export function useT(): Translate {
  return useI18n().t;
}

export type { MessageKey };
