/**
 * Parser of a law's text (Markdown or plain text) into its structure: 编/章/节 headings, articles (条, including
 * 第X条之一), paragraphs (款) and items (项).
 *
 * Conventions (《立法技术规范（试行）（一）》 and the national database's Markdown in ../shared/regulations):
 * - `# 标题` first; promulgation and amendment notes before `<!-- INFO END -->` are the preface;
 * - headings `## 第X编 …`, `## 第X章 …`, `### 第X节 …`, or the same lines without #'s in plain text (a line that is
 *   exactly `第一章 总则`);
 * - an article starts a paragraph with `第X条` or `第X条之Y` followed by a space (or a full-width space, or the end of
 *   the line); each following line is a paragraph of that article (款) until the next article or heading;
 * - a line starting `（一）` or `(一)` is an item (项) of the paragraph before it.
 */
import { articleKey, articleLabel, CHINESE_NUMERAL_CHARS, numeralToInt } from './law-numerals.ts';

/** A structure node: 编 (part), 章 (chapter) or 节 (section), with the keys of its first and last article. */
export interface LawNode {
  kind: 'part' | 'chapter' | 'section';
  /** '第一章' ('' for an unnumbered Markdown heading such as `## 附则`). */
  label: string;
  /** '总则' (spaces between Chinese characters removed: '总 则' → '总则'). */
  title: string;
  /** '第一章 总则' — also the entry in an article's path. */
  heading: string;
  firstKey: string;
  lastKey: string;
  children: LawNode[];
}

/** One item (项) of a paragraph: label '（一）' (always full-width brackets), text without the label. */
export interface LawItem {
  label: string;
  text: string;
}

/** One paragraph (款) of an article; the first paragraph's text is without the article label. */
export interface LawParagraph {
  text: string;
  items: LawItem[];
}

/** One parsed article. */
export interface ParsedArticle {
  number: number;
  /** 0 = none; 1 for 第X条之一. */
  suffix: number;
  /** '5', '5-1'. */
  key: string;
  /** '第五条之一'. */
  label: string;
  /** Headings of the parts/chapters/sections it stands in, outermost first: ['第二章 生产', '第一节 一般规定']. */
  path: string[];
  paragraphs: LawParagraph[];
  /** Plain text without the label: paragraphs joined by '\n', each item on its own line after its paragraph. */
  text: string;
  /** 1-based line of the article's first line in the input. */
  line: number;
}

/** Codes of parse issues; errors stop an import, warnings are shown in the preview. */
export type LawParseIssueCode =
  | 'no_articles'
  | 'duplicate_article'
  | 'bad_numeral'
  | 'out_of_order'
  | 'empty_article'
  | 'text_before_first_article'
  | 'too_large'
  | 'empty_heading';

/** A parse error or warning at a 1-based input line, with a message in Chinese and English. */
export interface LawParseIssue {
  line: number;
  code: LawParseIssueCode;
  message: { zh: string; en: string };
}

/** Result of `parseLawText`. `errors` non-empty means the text must not be saved. */
export interface LawParseResult {
  title: string | null;
  preface: string;
  nodes: LawNode[];
  articles: ParsedArticle[];
  errors: LawParseIssue[];
  warnings: LawParseIssue[];
}

/** Most characters a text may have (2 MB of UTF-16 code units is far above the longest national law, ~200 k). */
export const LAW_TEXT_MAX_CHARS = 2_000_000;
/** Most articles a document may have (the Civil Code, the longest law, has 1,260). */
export const LAW_MAX_ARTICLES = 5_000;

const N = `[${CHINESE_NUMERAL_CHARS}]+|\\d{1,4}`;
const ARTICLE_RE = new RegExp(`^(?:\\*\\*)?第(${N})条(?:之(${N}))?(?:\\*\\*)?(?:[ \\u3000\\t]+|$)`, 'u');
const HEADING_RE = new RegExp(`^第(${N})([编章节])(?:[ \\u3000\\t]+(.*))?$`, 'u');
const ITEM_RE = new RegExp(`^[（(]([${CHINESE_NUMERAL_CHARS}]+|\\d{1,2})[）)][ \\u3000\\t]*`, 'u');
const INFO_END = '<!-- INFO END -->';
const KIND_OF: Record<string, LawNode['kind']> = { 编: 'part', 章: 'chapter', 节: 'section' };
const RANK: Record<LawNode['kind'], number> = { part: 0, chapter: 1, section: 2 };

/** Whitespace between two CJK characters removed ('总 则' → '总则'); other runs of whitespace made one space. */
function tidyTitle(s: string): string {
  return s
    .replace(/[\s\u3000]+/gu, ' ')
    .replace(/(\p{Script=Han}) (?=\p{Script=Han})/gu, '$1')
    .trim();
}

function issue(line: number, code: LawParseIssueCode, zh: string, en: string): LawParseIssue {
  return { line, code, message: { zh, en } };
}

interface OpenNode {
  node: LawNode;
  line: number;
}

/**
 * Parses a law's text into structure and articles. Never throws: problems are reported as `errors` (duplicate
 * article 第X条 — with both lines —, a numeral that cannot be read, an article with no text, no article at all, a
 * text over `LAW_TEXT_MAX_CHARS` or `LAW_MAX_ARTICLES`) and `warnings` (numbering going backwards or skipping,
 * text between the preface and the first article, a heading with no article under it — dropped from `nodes`).
 * `opts.format` 'text' also takes a first line that is not an article or heading as the title.
 */
export function parseLawText(text: string, opts: { format: 'markdown' | 'text' } = { format: 'markdown' }): LawParseResult {
  const errors: LawParseIssue[] = [];
  const warnings: LawParseIssue[] = [];
  const empty = (): LawParseResult => ({ title: null, preface: '', nodes: [], articles: [], errors, warnings });
  if (text.length > LAW_TEXT_MAX_CHARS) {
    errors.push(
      issue(
        1,
        'too_large',
        `文本过长（超过 ${LAW_TEXT_MAX_CHARS} 字符）`,
        `Text too long (over ${LAW_TEXT_MAX_CHARS} characters)`,
      ),
    );
    return empty();
  }
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  // Control characters other than tab would break the text in storage and display.
  // eslint-disable-next-line no-control-regex
  const clean = (s: string) => s.replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '').trim();

  let title: string | null = null;
  let start = 0;
  // Title: a Markdown `# ` line first; in plain text the first non-empty line when it is not an article or heading.
  const first = lines.findIndex((l) => clean(l) !== '');
  if (first >= 0) {
    const l = clean(lines[first]!);
    const md = /^#[ \t]+(.+)$/.exec(l);
    if (md) {
      title = tidyTitle(md[1]!);
      start = first + 1;
    } else if (opts.format === 'text' && !ARTICLE_RE.test(l) && !HEADING_RE.test(l) && l.length <= 200 && !/[。；;]$/.test(l)) {
      title = l;
      start = first + 1;
    }
  }

  // Preface: everything up to `<!-- INFO END -->`; without the marker, the lines before the first heading/article.
  const preface: string[] = [];
  const markerAt = lines.findIndex((l, i) => i >= start && l.trim() === INFO_END);
  let bodyStart: number;
  if (markerAt >= 0) {
    for (let i = start; i < markerAt; i++) if (clean(lines[i]!) !== '') preface.push(clean(lines[i]!));
    bodyStart = markerAt + 1;
  } else {
    let i = start;
    for (; i < lines.length; i++) {
      const l = clean(lines[i]!).replace(/^#+[ \t]+/, '');
      if (ARTICLE_RE.test(l) || HEADING_RE.test(l)) break;
      if (l !== '') preface.push(l);
    }
    bodyStart = i;
  }

  const roots: LawNode[] = [];
  const stack: OpenNode[] = [];
  const openedNodes: OpenNode[] = [];
  const articles: ParsedArticle[] = [];
  const seen = new Map<string, number>();
  let current: ParsedArticle | null = null;
  let currentDup = false;
  let prev: { number: number; suffix: number } | null = null;
  let strayReported = false;

  const finishArticle = () => {
    if (!current) return;
    if (current.paragraphs.length === 0 || current.paragraphs.every((p) => p.text === '' && p.items.length === 0)) {
      errors.push(issue(current.line, 'empty_article', `${current.label}没有正文`, `${current.label} has no text`));
    }
    current.text = current.paragraphs
      .map((p) => [p.text, ...p.items.map((it) => `${it.label}${it.text}`)].filter((s) => s !== '').join('\n'))
      .join('\n');
    if (!currentDup) articles.push(current);
    current = null;
  };

  const openNode = (kind: LawNode['kind'], label: string, rawTitle: string, line: number) => {
    finishArticle();
    const t = tidyTitle(rawTitle);
    const node: LawNode = {
      kind,
      label,
      title: t,
      heading: [label, t].filter((s) => s !== '').join(' '),
      firstKey: '',
      lastKey: '',
      children: [],
    };
    while (stack.length > 0 && RANK[stack[stack.length - 1]!.node.kind] >= RANK[kind]) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent) parent.node.children.push(node);
    else roots.push(node);
    const open = { node, line };
    stack.push(open);
    openedNodes.push(open);
  };

  for (let i = bodyStart; i < lines.length; i++) {
    const lineNo = i + 1;
    let l = clean(lines[i]!);
    if (l === '' || /^<!--.*-->$/.test(l)) continue;
    const md = /^(#{1,6})[ \t]+(.*)$/.exec(l);
    if (md) l = md[2]!.trim();

    const heading = HEADING_RE.exec(l);
    if (heading && (md || ((heading[3] ?? '').length <= 40 && !/[。；;，,：:]$/.test(heading[3] ?? '')))) {
      let ok = true;
      try {
        numeralToInt(heading[1]!);
      } catch {
        ok = false;
        errors.push(issue(lineNo, 'bad_numeral', `无法识别的编号：${l}`, `Unreadable number: ${l}`));
      }
      if (ok) {
        openNode(KIND_OF[heading[2]!]!, `第${heading[1]}${heading[2]}`, heading[3] ?? '', lineNo);
        continue;
      }
    }
    if (md && !heading) {
      // An unnumbered heading (`## 附则`): a chapter at level 2 or above, a section below.
      openNode(md[1]!.length <= 2 ? 'chapter' : 'section', '', l, lineNo);
      continue;
    }

    const art = ARTICLE_RE.exec(l);
    if (art) {
      let number: number;
      let suffix = 0;
      try {
        number = numeralToInt(art[1]!);
        if (art[2] !== undefined) suffix = numeralToInt(art[2]);
        if (number < 1 || (art[2] !== undefined && (suffix < 1 || suffix > 99))) throw new RangeError('out of range');
      } catch {
        errors.push(
          issue(lineNo, 'bad_numeral', `无法识别的条号：${l.slice(0, 40)}`, `Unreadable article number: ${l.slice(0, 40)}`),
        );
        continue;
      }
      finishArticle();
      const key = articleKey(number, suffix);
      const label = articleLabel(number, suffix);
      const firstLine = seen.get(key);
      currentDup = firstLine !== undefined;
      if (firstLine !== undefined) {
        errors.push(
          issue(
            lineNo,
            'duplicate_article',
            `${label}重复（第 ${firstLine} 行与第 ${lineNo} 行）`,
            `${label} appears twice (lines ${firstLine} and ${lineNo})`,
          ),
        );
      } else {
        seen.set(key, lineNo);
        if (prev) {
          const next = suffix === 0 ? prev.number + 1 : prev.number;
          const expected = suffix === 0 ? number === next : number === prev.number && suffix === prev.suffix + 1;
          // 第五条 → 第五条之一 → 第六条 are all in order; anything else is a gap or a step back.
          if (!expected) {
            warnings.push(
              issue(
                lineNo,
                'out_of_order',
                `${label}出现在${articleLabel(prev.number, prev.suffix)}之后，条号不连续`,
                `${label} follows ${articleLabel(prev.number, prev.suffix)}: numbering is not continuous`,
              ),
            );
          }
        }
        prev = { number, suffix };
      }
      const rest = l.slice(art[0].length).trim();
      current = {
        number,
        suffix,
        key,
        label,
        path: stack.map((s) => s.node.heading),
        paragraphs: rest === '' ? [] : [{ text: rest, items: [] }],
        text: '',
        line: lineNo,
      };
      if (!currentDup)
        for (const s of stack) {
          if (s.node.firstKey === '') s.node.firstKey = key;
          s.node.lastKey = key;
        }
      if (articles.length + 1 > LAW_MAX_ARTICLES) {
        errors.push(issue(lineNo, 'too_large', `条文超过 ${LAW_MAX_ARTICLES} 条`, `More than ${LAW_MAX_ARTICLES} articles`));
        current = null;
        break;
      }
      continue;
    }

    if (!current) {
      if (!strayReported) {
        warnings.push(
          issue(
            lineNo,
            'text_before_first_article',
            `第一条之前的文字不属于任何条文：${l.slice(0, 40)}`,
            `Text before the first article belongs to no article: ${l.slice(0, 40)}`,
          ),
        );
        strayReported = true;
      }
      continue;
    }
    const item = ITEM_RE.exec(l);
    const paragraphs: LawParagraph[] = (current as ParsedArticle).paragraphs;
    if (item) {
      const label = `（${item[1]}）`;
      const itemText = l.slice(item[0].length).trim();
      if (paragraphs.length === 0) paragraphs.push({ text: '', items: [] });
      paragraphs[paragraphs.length - 1]!.items.push({ label, text: itemText });
    } else {
      paragraphs.push({ text: l, items: [] });
    }
  }
  finishArticle();

  if (articles.length === 0 && !errors.some((e) => e.code === 'too_large')) {
    errors.push(
      issue(1, 'no_articles', '未识别到任何条文（应以“第一条”开头的段落）', 'No article found (paragraphs starting “第一条”)'),
    );
  }
  for (const o of openedNodes) {
    if (o.node.firstKey === '') {
      warnings.push(
        issue(
          o.line,
          'empty_heading',
          `标题“${o.node.heading}”下没有条文，已忽略`,
          `Heading “${o.node.heading}” has no article; ignored`,
        ),
      );
    }
  }
  const prune = (nodes: LawNode[]): LawNode[] =>
    nodes.filter((n) => n.firstKey !== '').map((n) => ({ ...n, children: prune(n.children) }));
  // Line order for the issues list the preview shows.
  errors.sort((a, b) => a.line - b.line);
  warnings.sort((a, b) => a.line - b.line);
  return { title, preface: preface.join('\n'), nodes: prune(roots), articles, errors, warnings };
}
