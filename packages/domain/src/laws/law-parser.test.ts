import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseLawText, type LawNode } from './law-parser.ts';

const dir = join(dirname(fileURLToPath(import.meta.url)), '../../../../../shared/regulations');
const read = (name: string) => readFileSync(join(dir, name), 'utf8');
const nodeCount = (nodes: LawNode[], kind: LawNode['kind']): number =>
  nodes.reduce((n, x) => n + (x.kind === kind ? 1 : 0) + nodeCount(x.children, kind), 0);

// Counted independently of the parser: `grep -c '^第[一二…千]\+条'` (articles), `grep -c '^## 第'` (chapters),
// `grep -c '^### 第'` (sections) on each file.
const EXPECTED: Record<string, { title: string; articles: number; chapters: number; sections: number }> = {
  '劳动法(2018-12-29).md': { title: '中华人民共和国劳动法', articles: 107, chapters: 13, sections: 0 },
  '危险化学品安全管理条例(2013-12-07).md': { title: '危险化学品安全管理条例', articles: 102, chapters: 8, sections: 0 },
  '国务院关于特大安全事故行政责任追究的规定(2001-04-21).md': {
    title: '国务院关于特大安全事故行政责任追究的规定',
    articles: 24,
    chapters: 0,
    sections: 0,
  },
  '安全生产法(2021-06-10).md': { title: '中华人民共和国安全生产法', articles: 119, chapters: 7, sections: 0 },
  '安全生产许可证条例(2014-07-29).md': { title: '安全生产许可证条例', articles: 24, chapters: 0, sections: 0 },
  '建设工程安全生产管理条例(2003-11-24).md': { title: '建设工程安全生产管理条例', articles: 71, chapters: 8, sections: 0 },
  '消防法(2021-04-29).md': { title: '中华人民共和国消防法', articles: 74, chapters: 7, sections: 0 },
  '特种设备安全法(2013-06-29).md': { title: '中华人民共和国特种设备安全法', articles: 101, chapters: 7, sections: 4 },
  '特种设备安全监察条例(2009-01-24).md': { title: '特种设备安全监察条例', articles: 103, chapters: 8, sections: 0 },
  '特种设备安全监督检查办法(2022-05-26).md': { title: '特种设备安全监督检查办法', articles: 40, chapters: 5, sections: 0 },
  '生产安全事故应急条例(2019-02-17).md': { title: '生产安全事故应急条例', articles: 35, chapters: 5, sections: 0 },
  '生产安全事故报告和调查处理条例(2007-04-09).md': {
    title: '生产安全事故报告和调查处理条例',
    articles: 46,
    chapters: 6,
    sections: 0,
  },
  '突发事件应对法(2024-06-28).md': { title: '中华人民共和国突发事件应对法', articles: 106, chapters: 8, sections: 0 },
  '职业病防治法(2018-12-29).md': { title: '中华人民共和国职业病防治法', articles: 88, chapters: 7, sections: 0 },
};

test('the fixture directory holds exactly the 14 texts counted above', () => {
  expect(
    readdirSync(dir)
      .filter((f) => f.endsWith(').md'))
      .sort(),
  ).toEqual(Object.keys(EXPECTED).sort());
});

test.each(Object.entries(EXPECTED))('%s parses with 0 errors and the counted articles, chapters and sections', (file, want) => {
  const text = read(file);
  const r = parseLawText(text);
  expect(r.errors).toEqual([]);
  expect(r.warnings).toEqual([]);
  expect(r.title).toBe(want.title);
  expect(r.articles).toHaveLength(want.articles);
  expect(nodeCount(r.nodes, 'chapter')).toBe(want.chapters);
  expect(nodeCount(r.nodes, 'section')).toBe(want.sections);
  // Numbered 1..n without gaps, none of them 第X条之一 (no amendment inserted one in these texts).
  expect(r.articles.map((a) => a.key)).toEqual(Array.from({ length: want.articles }, (_, i) => String(i + 1)));
  // Every article starts its line in the file with its own label, and the preface is the notes before the marker.
  const lines = text.split('\n');
  for (const a of r.articles) expect(lines[a.line - 1]!.startsWith(`${a.label} `)).toBe(true);
  expect(text.slice(0, text.indexOf('<!-- INFO END -->'))).toContain(r.preface.split('\n')[0]!);
  // The chapters cover all articles: the first chapter starts at article 1 and the last one ends at n.
  if (want.chapters > 0) {
    expect(r.nodes[0]!.firstKey).toBe('1');
    expect(r.nodes.at(-1)!.lastKey).toBe(String(want.articles));
    for (const a of r.articles) expect(a.path.length).toBeGreaterThan(0);
  }
});

test('安全生产法 第二十一条: the principal’s duties as a paragraph with seven items, in 第二章', () => {
  const r = parseLawText(read('安全生产法(2021-06-10).md'));
  const a = r.articles.find((x) => x.key === '21')!;
  expect(a.label).toBe('第二十一条');
  expect(a.path).toEqual(['第二章 生产经营单位的安全生产保障']);
  expect(a.paragraphs).toHaveLength(1);
  expect(a.paragraphs[0]!.text).toBe('生产经营单位的主要负责人对本单位安全生产工作负有下列职责:');
  expect(a.paragraphs[0]!.items.map((i) => i.label)).toEqual([
    '（一）',
    '（二）',
    '（三）',
    '（四）',
    '（五）',
    '（六）',
    '（七）',
  ]);
  expect(a.paragraphs[0]!.items[0]!.text).toBe('建立健全并落实本单位全员安全生产责任制，加强安全生产标准化建设；');
  expect(a.text.split('\n')[1]).toBe('（一）建立健全并落实本单位全员安全生产责任制，加强安全生产标准化建设；');
});

test('事故报告条例 第九条 (1-hour report) has two paragraphs; 特种设备安全法 sections nest under 第二章; 消防法 "总 则" is tidied', () => {
  const a = parseLawText(read('生产安全事故报告和调查处理条例(2007-04-09).md')).articles.find((x) => x.key === '9')!;
  expect(a.paragraphs.map((p) => p.text.slice(0, 8))).toEqual(['事故发生后，事故', '情况紧急时，事故']);
  expect(a.text).toContain('应当于1小时内向事故发生地县级以上人民政府安全生产监督管理部门');
  const se = parseLawText(read('特种设备安全法(2013-06-29).md'));
  expect(se.nodes[1]!.heading).toBe('第二章 生产、经营、使用');
  expect(se.nodes[1]!.children.map((n) => [n.heading, n.firstKey, n.lastKey])).toEqual([
    ['第一节 一般规定', '13', '17'],
    ['第二节 生产', '18', '26'],
    ['第三节 经营', '27', '31'],
    ['第四节 使用', '32', '49'],
  ]);
  expect(se.articles.find((x) => x.key === '32')!.path).toEqual(['第二章 生产、经营、使用', '第四节 使用']);
  // The chapter after the sections closes them: article 50 is in 第三章 only.
  expect(se.articles.find((x) => x.key === '50')!.path).toEqual(['第三章 检验、检测']);
  const fire = parseLawText(read('消防法(2021-04-29).md'));
  expect(fire.nodes[0]).toMatchObject({ label: '第一章', title: '总则', heading: '第一章 总则', firstKey: '1' });
  // (一) items written with ASCII brackets read as items too, labelled with full-width brackets.
  const rule = parseLawText(read('国务院关于特大安全事故行政责任追究的规定(2001-04-21).md'));
  expect(rule.articles[1]!.paragraphs[0]!.items.slice(0, 2)).toEqual([
    { label: '（一）', text: '特大火灾事故；' },
    { label: '（二）', text: '特大交通安全事故；' },
  ]);
});

const PLAIN = [
  '园区危险作业管理规定',
  '',
  '2024年3月1日园区管委会发布',
  '第一章　总　则',
  '第一条　为规范危险作业，制定本规定。',
  '第二条 本规定适用于园区内企业。',
  '第二条之一 动火作业应当办理作业票。',
  '作业票有效期不超过八小时。',
  '(一)一级动火；',
  '（二）二级动火。',
  '第二章 附则',
  '第三条 本规定自发布之日起施行。',
].join('\n');

test('plain text: title line, preface, headings without #, 第X条之一, full-width spaces, items of the paragraph before', () => {
  const r = parseLawText(PLAIN, { format: 'text' });
  expect(r.errors).toEqual([]);
  expect(r.warnings).toEqual([]);
  expect(r.title).toBe('园区危险作业管理规定');
  expect(r.preface).toBe('2024年3月1日园区管委会发布');
  expect(r.articles.map((a) => [a.key, a.label, a.line])).toEqual([
    ['1', '第一条', 5],
    ['2', '第二条', 6],
    ['2-1', '第二条之一', 7],
    ['3', '第三条', 12],
  ]);
  const a = r.articles[2]!;
  expect(a.paragraphs).toEqual([
    { text: '动火作业应当办理作业票。', items: [] },
    {
      text: '作业票有效期不超过八小时。',
      items: [
        { label: '（一）', text: '一级动火；' },
        { label: '（二）', text: '二级动火。' },
      ],
    },
  ]);
  expect(a.text).toBe('动火作业应当办理作业票。\n作业票有效期不超过八小时。\n（一）一级动火；\n（二）二级动火。');
  expect(r.nodes.map((n) => [n.heading, n.firstKey, n.lastKey])).toEqual([
    ['第一章 总则', '1', '2-1'],
    ['第二章 附则', '3', '3'],
  ]);
  // In Markdown mode the first line is not taken as a title: it becomes preface.
  const md = parseLawText(PLAIN);
  expect(md.title).toBeNull();
  expect(md.preface).toBe('园区危险作业管理规定\n2024年3月1日园区管委会发布');
  expect(md.articles).toHaveLength(4);
});

test('a duplicate article is an error naming both lines; the first one is kept', () => {
  const r = parseLawText('# 测试\n\n第一条 甲。\n\n第二条 乙。\n\n第二条 丙。\n\n第三条 丁。');
  expect(r.errors).toEqual([
    {
      line: 7,
      code: 'duplicate_article',
      message: { zh: '第二条重复（第 5 行与第 7 行）', en: '第二条 appears twice (lines 5 and 7)' },
    },
  ]);
  expect(r.articles.map((a) => [a.key, a.text])).toEqual([
    ['1', '甲。'],
    ['2', '乙。'],
    ['3', '丁。'],
  ]);
});

test('numbering that skips or goes back is a warning with its line', () => {
  const r = parseLawText('第一条 甲。\n第三条 乙。\n第二条 丙。\n第三条之二 丁。');
  expect(r.errors).toEqual([]);
  expect(r.warnings.map((w) => [w.line, w.code])).toEqual([
    [2, 'out_of_order'],
    [3, 'out_of_order'],
    [4, 'out_of_order'],
  ]);
  expect(r.warnings[0]!.message.zh).toBe('第三条出现在第一条之后，条号不连续');
});

test('no articles, an empty article, an unreadable numeral, text before the first article, an empty heading', () => {
  expect(parseLawText('随便一段话。\n又一段。').errors.map((e) => [e.line, e.code])).toEqual([[1, 'no_articles']]);
  expect(parseLawText('').errors.map((e) => e.code)).toEqual(['no_articles']);
  const r = parseLawText(
    '# 标题\n<!-- INFO END -->\n目录\n第一章 总则\n第一条\n第二条 乙。\n第十十条 丙。\n## 第二章 空章\n第三章 附则\n第三条 丁。',
  );
  expect(r.errors.map((e) => [e.line, e.code])).toEqual([
    [5, 'empty_article'],
    [7, 'bad_numeral'],
  ]);
  expect(r.warnings.map((w) => [w.line, w.code])).toEqual([
    [3, 'text_before_first_article'],
    [8, 'empty_heading'],
  ]);
  expect(r.nodes.map((n) => n.heading)).toEqual(['第一章 总则', '第三章 附则']);
  // An article label alone on its line takes the next line as its first paragraph.
  expect(parseLawText('第一条\n本法自公布之日起施行。').articles[0]!.paragraphs).toEqual([
    { text: '本法自公布之日起施行。', items: [] },
  ]);
});

test('a running paragraph that starts with 第X条 but no space is not an article; CRLF, BOM and control characters are handled', () => {
  const r = parseLawText('\uFEFF第一条 甲。\r\n第一条规定的事项，由乙办理。\r\n第二条 乙\u0007。');
  expect(r.errors).toEqual([]);
  expect(r.articles.map((a) => a.text)).toEqual(['甲。\n第一条规定的事项，由乙办理。', '乙。']);
});

test('too large: over 2 MB of text, or over 5000 articles', () => {
  expect(parseLawText('第一条 甲'.padEnd(2_000_001, '甲')).errors.map((e) => e.code)).toEqual(['too_large']);
  const many = Array.from({ length: 5001 }, (_, i) => `第${i + 1}条 甲。`).join('\n');
  const r = parseLawText(many);
  expect(r.errors.map((e) => [e.code, e.line])).toEqual([['too_large', 5001]]);
});
