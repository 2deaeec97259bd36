import { LAW_ARTICLE_KEY_PATTERN, type LawNode, type LawStatus } from '@yuanan/contracts';

/**
 * 法规查询 in the mini-program, the pure parts (no Taro; unit-tested in laws-ui.test.ts): reading sizes, search
 * history, the search snippet's <mark> highlights, status colours and banners, the table of contents.
 */

/**
 * Body text sizes of the reader and the article page, in design px of the 750 wide design (Taro turns them into
 * rpx; on a 390 pt wide phone 36 → 18.7 px). Step 1 (36) is the default: ≥ 18 px reading text, as large-text
 * guidance for phones asks (WCAG 1.4.4 allows up to 200 %, 56 is ×1.56 of the default).
 */
export const FONT_STEPS = [32, 36, 40, 44, 48, 56] as const;
export const DEFAULT_FONT_STEP = 1;
/** Where the chosen size is kept on the phone (a device preference, not per user). */
export const FONT_STORAGE_KEY = 'laws:fontStep';

/** A stored size step read back: an integer within FONT_STEPS, else the default (a damaged value never breaks the page). */
export function parseFontStep(raw: string | null | undefined): number {
  if (raw == null || !/^\d+$/.test(raw)) return DEFAULT_FONT_STEP;
  const n = Number(raw);
  return n >= 0 && n < FONT_STEPS.length ? n : DEFAULT_FONT_STEP;
}

/** One step smaller (-1) or larger (+1), kept within FONT_STEPS. */
export function nextFontStep(step: number, delta: -1 | 1): number {
  return Math.min(FONT_STEPS.length - 1, Math.max(0, step + delta));
}

/** The size as a percentage of the default (shown between A− and A+). */
export function fontPercent(step: number): string {
  return `${Math.round((FONT_STEPS[step]! / FONT_STEPS[DEFAULT_FONT_STEP]) * 100)}%`;
}

/** Search history: newest first, at most this many. */
export const HISTORY_MAX = 12;
/** Queries longer than this are not kept in the history (a pasted paragraph is not something one searches again). */
const HISTORY_TEXT_MAX = 40;

/** The history after searching `q`: trimmed, case-folded duplicates removed, newest first, at most HISTORY_MAX. */
export function addHistory(history: readonly string[], q: string): string[] {
  const text = q.trim().replace(/\s+/g, ' ');
  if (!text || text.length > HISTORY_TEXT_MAX) return [...history].slice(0, HISTORY_MAX);
  const rest = history.filter((h) => h.toLowerCase() !== text.toLowerCase());
  return [text, ...rest].slice(0, HISTORY_MAX);
}

/** A stored history read back: strings only, at most HISTORY_MAX (anything else in storage is dropped). */
export function parseHistory(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.filter((v): v is string => typeof v === 'string' && v.trim() !== '').slice(0, HISTORY_MAX);
}

/** One run of a snippet: plain text or a highlighted (matched) part. */
export interface SnippetPart {
  text: string;
  mark: boolean;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'", nbsp: ' ' };

function decode(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|apos|#39|nbsp);/g, (_, e: string) => ENTITIES[e] ?? '');
}

/**
 * The search api's snippet (`<mark>…</mark>` around matches, everything else HTML-escaped) as runs of text, so the
 * page renders marks as styled Text and never as HTML. Unbalanced or other tags are shown as text.
 */
export function splitSnippet(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  const re = /<mark>([\s\S]*?)<\/mark>/g;
  let at = 0;
  for (let m = re.exec(snippet); m; m = re.exec(snippet)) {
    if (m.index > at) parts.push({ text: decode(snippet.slice(at, m.index)), mark: false });
    if (m[1]) parts.push({ text: decode(m[1]), mark: true });
    at = m.index + m[0].length;
  }
  if (at < snippet.length) parts.push({ text: decode(snippet.slice(at)), mark: false });
  return parts;
}

/** Tag colours of the statuses (words: the contracts' LAW_STATUS_LABELS). */
export const STATUS_TONE: Partial<Record<LawStatus, 'green' | 'orange' | 'red' | 'blue'>> = {
  in_force: 'green',
  amended: 'orange',
  repealed: 'red',
  not_yet_effective: 'blue',
};

/**
 * The banner over a version that is not the one in force (or none: null): 已修订 → a newer version is in force;
 * 已废止 → the document was repealed on a date; 尚未施行 → it takes effect on its date.
 */
export function statusBanner(
  status: LawStatus,
  opts: { effectiveOn?: string | null; repealedOn?: string | null; hasCurrent?: boolean },
): { tone: 'orange' | 'red' | 'blue'; text: string } | null {
  if (status === 'amended')
    return {
      tone: 'orange',
      text: opts.hasCurrent ? '本版本已被修订，现行有效的是新版本。' : '本版本已被修订，不再是现行文本。',
    };
  if (status === 'repealed')
    return { tone: 'red', text: `本法规已废止${opts.repealedOn ? `（${opts.repealedOn} 起）` : ''}，仅供查阅。` };
  if (status === 'not_yet_effective')
    return { tone: 'blue', text: `本版本尚未施行${opts.effectiveOn ? `，将于 ${opts.effectiveOn} 起施行` : ''}。` };
  return null;
}

/** A well-formed article key (`5`, `5-1`), as the contracts' lawCitationRef allows. */
export function isArticleKey(key: string | undefined | null): key is string {
  return typeof key === 'string' && LAW_ARTICLE_KEY_PATTERN.test(key);
}

/** A uuid-like id from a page's query (anything else is not sent to the api). */
export function isId(id: string | undefined | null): id is string {
  return typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id);
}

/** One line of the 目录 (table of contents) sheet: a 编/章/节 heading, its depth and the first article under it. */
export interface TocLine {
  heading: string;
  depth: number;
  kind: 'part' | 'chapter' | 'section';
  firstKey: string | null;
  lastKey: string | null;
}

/** The structure tree (编 → 章 → 节) as indented lines in reading order. */
export function tocLines(nodes: readonly LawNode[], depth = 0): TocLine[] {
  const out: TocLine[] = [];
  for (const n of nodes) {
    out.push({ heading: n.heading, depth, kind: n.kind, firstKey: n.firstKey, lastKey: n.lastKey });
    out.push(...tocLines(n.children, depth + 1));
  }
  return out;
}

/**
 * The heading lines to print before an article in the reader: the parts of its path (['第一章 总则', '第一节 …'])
 * that differ from the article before it, with their depth.
 */
export function headingsBefore(path: readonly string[], previous: readonly string[] | null): { text: string; depth: number }[] {
  let same = 0;
  while (previous && same < path.length && same < previous.length && path[same] === previous[same]) same++;
  return path.slice(same).map((text, i) => ({ text, depth: same + i }));
}

/**
 * The query of `page` (a path like '/pkg-laws/pages/article/index') read from an H5 address hash
 * ('#/pkg-laws/pages/article/index?versionId=…&key=12'); null when the hash is another page's. In H5 a hash that
 * names a page already in Taro's stack shows that page again with the query it was created with (and a hash change
 * to the page on screen shows nothing new), so a page whose query can change reads it here.
 */
export function hashQuery(hash: string, page: string): Record<string, string> | null {
  const h = hash.replace(/^#/, '');
  const q = h.indexOf('?');
  const path = q < 0 ? h : h.slice(0, q);
  if (path.replace(/\/+$/, '') !== page) return null;
  const out: Record<string, string> = {};
  if (q >= 0) new URLSearchParams(h.slice(q + 1)).forEach((v, k) => (out[k] = v));
  return out;
}
