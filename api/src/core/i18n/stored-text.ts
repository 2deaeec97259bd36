/**
 * Sentences the api stored in Chinese (task titles, timeline notes), rendered for a reader of another language.
 *
 * Why this way: those rows are the zone's record as it was written (the timeline is part of the hash-chained
 * trail), tens of thousands of them exist already, and their sentences are made from a handful of fixed
 * templates. So the stored Chinese stays the truth and each template is declared once here with its English: a
 * reader of English gets the template's English with the parameters the Chinese carried (names, dates, the user's
 * own words stay as they are — they are the user's data). Old rows render the same way, no data migration. A
 * sentence no template matches is shown as stored (it is then the user's own text).
 *
 * Modules declare their templates with {@link template}; `{name}` is a parameter (any text, matched lazily),
 * `{name:n}` is a number, a parameter with a `|` list (`{grade|重大隐患=major hazard|一般隐患=general hazard}`) is one of fixed words,
 * translated too.
 */
export type TextLang = 'zh-CN' | 'en';

export interface Template {
  /** The Chinese as stored, with `{param}` placeholders. */
  zh: string;
  /** The English, with the same placeholders. */
  en: string;
}

interface Compiled {
  re: RegExp;
  params: { name: string; words: Map<string, string> | null }[];
  en: string;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function compile(t: Template): Compiled {
  const params: Compiled['params'] = [];
  let re = '^';
  let last = 0;
  for (const m of t.zh.matchAll(/\{(\w+)(:n)?(\|[^}]*)?\}/g)) {
    re += escape(t.zh.slice(last, m.index));
    last = m.index! + m[0].length;
    if (m[2]) {
      params.push({ name: m[1]!, words: null });
      re += '(-?[\\d.]+)';
    } else if (m[3]) {
      const words = new Map(
        m[3]
          .slice(1)
          .split('|')
          .map((w) => w.split('=') as [string, string]),
      );
      params.push({ name: m[1]!, words });
      re += `(${[...words.keys()].map(escape).join('|')})`;
    } else {
      params.push({ name: m[1]!, words: null });
      re += '([\\s\\S]*?)';
    }
  }
  re += `${escape(t.zh.slice(last))}$`;
  return { re: new RegExp(re), params, en: t.en.replace(/\{(\w+)(:n)?(\|[^}]*)?\}/g, '{$1}') };
}

/** A set of templates, tried in order (put the more specific first). */
export class StoredText {
  readonly #compiled: Compiled[];
  readonly #words: ReadonlyMap<string, string>;
  readonly templates: readonly Template[];
  /** `words`: fixed Chinese values a free parameter may hold (a placeholder like 未注明地点), with their English. */
  constructor(templates: Template[], words: Record<string, string> = {}) {
    this.templates = templates;
    this.#compiled = templates.map(compile);
    this.#words = new Map(Object.entries(words));
  }

  /** `text` for a reader of `lang`: Chinese as stored; English from the first template that matches, else as stored. */
  render(text: string | null | undefined, lang: TextLang): string | null {
    if (text == null) return null;
    if (lang !== 'en') return text;
    for (const c of this.#compiled) {
      const m = c.re.exec(text);
      if (!m) continue;
      const values = new Map(
        c.params.map((p, i) => {
          const v = m[i + 1]!;
          return [p.name, (p.words ?? this.#words).get(v) ?? v] as const;
        }),
      );
      return c.en.replace(/\{(\w+)\}/g, (_, name: string) => values.get(name) ?? '');
    }
    return text;
  }

  /** The Chinese of template `index` with `params` (for writers that want the template as the one source). */
  format(index: number, params: Record<string, string | number>): string {
    return this.templates[index]!.zh.replace(/\{(\w+)(:n)?(\|[^}]*)?\}/g, (_, name: string) => String(params[name] ?? ''));
  }
}

/** Declares a template (reads better at the declaration site). */
export function template(zh: string, en: string): Template {
  return { zh, en };
}
