/**
 * A law text's dates and version label, read from its own notes (the national database's preface: one dated line
 * per event) and its final provisions (附则: 本法自…起施行).
 *
 * Source: 《中华人民共和国立法法》第六十一条 (法律应当明确规定施行日期) and the national database's practice: an
 * original text, or a 修订 that rewrites the whole text, states its own effective date in its final article; a
 * 修正 by decision (关于修改…的决定) republishes the text with the ORIGINAL final article unchanged — the amendment's
 * effective date is in the decision, not in the text (e.g. 安全生产法 2021 修正: decision of 2021-06-10, in force
 * 2021-09-01; its 第一百一十九条 still says 2002年11月1日).
 */

/** One dated line of a preface: 通过 adopted, 公布 promulgated, 修正 amended (by decision), 修订 revised, 施行 effective. */
export interface LawEvent {
  date: string;
  kind: 'adopted' | 'promulgated' | 'amended' | 'revised' | 'effective';
}

const DATE_LINE = /^(\d{4})年(\d{1,2})月(\d{1,2})日/u;
const iso = (y: string, m: string, d: string) => `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
const validDate = (s: string) => {
  const t = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().startsWith(s);
};

/** The dated lines of a preface in order ('2021年6月10日 …第三次修正' → { date: '2021-06-10', kind: 'amended' }). */
export function prefaceEvents(preface: string): LawEvent[] {
  const out: LawEvent[] = [];
  for (const raw of preface.split('\n')) {
    const line = raw.trim();
    const m = DATE_LINE.exec(line);
    if (!m) continue;
    const date = iso(m[1]!, m[2]!, m[3]!);
    if (!validDate(date)) continue;
    const rest = line.slice(m[0].length);
    const kind: LawEvent['kind'] = /^\s*(起)?施行/u.test(rest)
      ? 'effective'
      : /修正/u.test(rest)
        ? 'amended'
        : /修订/u.test(rest)
          ? 'revised'
          : /公布|发布/u.test(rest)
            ? 'promulgated'
            : 'adopted';
    out.push({ date, kind });
  }
  return out;
}

/**
 * The effective date a final article states: '本法自2014年1月1日起施行' → '2014-01-01'; '自公布之日起施行' /
 * '自发布之日起施行' → 'on_promulgation'; null when it says neither.
 */
export function statedEffectiveDate(articleText: string): string | 'on_promulgation' | null {
  const m = /自(\d{4})年(\d{1,2})月(\d{1,2})日起?施行/u.exec(articleText);
  if (m) {
    const d = iso(m[1]!, m[2]!, m[3]!);
    return validDate(d) ? d : null;
  }
  return /自(公布|发布)之日起施行/u.test(articleText) ? 'on_promulgation' : null;
}

/**
 * Known effective dates of amendments by decision whose date the text does not carry, keyed
 * `title|promulgation date` → effective date. Only dates checked against the decision itself:
 * 安全生产法 2021 修正 (全国人大常委会关于修改《中华人民共和国安全生产法》的决定, 2021-06-10: 自2021年9月1日起施行);
 * 特种设备安全监察条例 2009 修订 (国务院关于修改《特种设备安全监察条例》的决定, 国务院令第549号, 2009-01-24:
 * 自2009年5月1日起施行).
 */
export const KNOWN_AMENDMENT_EFFECTIVE_DATES: Readonly<Record<string, string>> = {
  '中华人民共和国安全生产法|2021-06-10': '2021-09-01',
  '特种设备安全监察条例|2009-01-24': '2009-05-01',
};

/** What {@link lawVersionDates} reads: the title, the preface, the final article's text, the file name's date. */
export interface LawDateSource {
  title: string | null;
  preface: string;
  /** Text of the last article (附则), or null. */
  finalArticle: string | null;
  /** The national database names files by the date of the text's last event ('名称(2014-07-29).md'); null if none. */
  fileDate?: string | null;
}

/** A version's dates: promulgation (its last event), effective date, label ('2021年修正'), whether it is the original text. */
export interface LawVersionDateGuess {
  promulgatedOn: string | null;
  effectiveOn: string | null;
  label: string | null;
  /** True when nothing amended or revised the text before this (only 通过/公布/施行 events). */
  original: boolean;
  /** Why a date is a fallback (the amendment's effective date is not in the text and not in the table). */
  warnings: string[];
}

/**
 * The dates of a version. Promulgation = the last event (a file date later than the preface's last line counts as
 * a revision event the notes leave out: 安全生产许可证条例 2014, 危险化学品安全管理条例 2013). Effective date, first
 * that applies: the {@link KNOWN_AMENDMENT_EFFECTIVE_DATES} table; a preface 施行 line not before the promulgation;
 * the final article's 自YYYY年M月D日起施行 when not before the promulgation (an original text or a full 修订);
 * 自公布之日起施行 of an original text → the promulgation date; else (a 修正 whose final article keeps the
 * original date) the promulgation date with a warning. Label: the last event's year and kind (修正/修订/公布).
 */
export function lawVersionDates(src: LawDateSource): LawVersionDateGuess {
  const events = prefaceEvents(src.preface);
  const acts = events.filter((e) => e.kind !== 'effective');
  let last = acts.at(-1) ?? null;
  if (src.fileDate && validDate(src.fileDate) && (!last || src.fileDate > last.date)) {
    last = { date: src.fileDate, kind: acts.length ? 'revised' : 'promulgated' };
    acts.push(last);
  }
  const original = !acts.some((e) => e.kind === 'amended' || e.kind === 'revised');
  const promulgatedOn = last?.date ?? null;
  const label = last
    ? `${last.date.slice(0, 4)}年${last.kind === 'amended' ? '修正' : last.kind === 'revised' ? '修订' : '公布'}`
    : null;
  const warnings: string[] = [];
  const known = src.title && promulgatedOn ? KNOWN_AMENDMENT_EFFECTIVE_DATES[`${src.title}|${promulgatedOn}`] : undefined;
  let effectiveOn: string | null = known ?? null;
  if (!effectiveOn) {
    const line = events.filter((e) => e.kind === 'effective').at(-1)?.date;
    if (line && (!promulgatedOn || line >= promulgatedOn)) effectiveOn = line;
  }
  if (!effectiveOn) {
    const stated = src.finalArticle ? statedEffectiveDate(src.finalArticle) : null;
    if (stated && stated !== 'on_promulgation' && (!promulgatedOn || stated >= promulgatedOn)) effectiveOn = stated;
    else if (stated === 'on_promulgation' && original) effectiveOn = promulgatedOn;
    else if (promulgatedOn) {
      effectiveOn = promulgatedOn;
      warnings.push(`施行日期不在文本中（${label ?? ''}的修改决定另行规定），暂按公布日期 ${promulgatedOn}：请核对修改决定`);
    }
  }
  return { promulgatedOn, effectiveOn, label, original, warnings };
}

/**
 * Whether a stored version is the document's original text (its preface and label name no 修正/修订): before such
 * a version the document did not exist (尚未施行); before an amended one an older text was in force elsewhere.
 */
export function isOriginalText(preface: string, label: string): boolean {
  if (/修正|修订/u.test(label)) return false;
  return !prefaceEvents(preface).some((e) => e.kind === 'amended' || e.kind === 'revised');
}
