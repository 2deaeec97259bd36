import {
  DEFAULT_FONT_STEP,
  FONT_STEPS,
  addHistory,
  fontPercent,
  hashQuery,
  headingsBefore,
  isArticleKey,
  nextFontStep,
  parseFontStep,
  parseHistory,
  splitSnippet,
  statusBanner,
  tocLines,
} from './laws-ui';

test('the default reading size is at least 18 px on a 390 pt phone and the steps stay in range', () => {
  // Taro: 750 design px = the screen width
  expect((FONT_STEPS[DEFAULT_FONT_STEP] * 390) / 750).toBeGreaterThanOrEqual(18);
  expect(parseFontStep(null)).toBe(DEFAULT_FONT_STEP);
  expect(parseFontStep('3')).toBe(3);
  expect(parseFontStep('99')).toBe(DEFAULT_FONT_STEP);
  expect(parseFontStep('-1')).toBe(DEFAULT_FONT_STEP);
  expect(parseFontStep('2x')).toBe(DEFAULT_FONT_STEP);
  expect(nextFontStep(0, -1)).toBe(0);
  expect(nextFontStep(FONT_STEPS.length - 1, 1)).toBe(FONT_STEPS.length - 1);
  expect(nextFontStep(1, 1)).toBe(2);
  expect(fontPercent(DEFAULT_FONT_STEP)).toBe('100%');
  expect(fontPercent(FONT_STEPS.length - 1)).toBe('156%');
});

test('search history: newest first, no duplicates, bounded, junk dropped', () => {
  let h: string[] = [];
  h = addHistory(h, ' 动火作业 ');
  h = addHistory(h, '主要负责人');
  h = addHistory(h, '动火作业');
  expect(h).toEqual(['动火作业', '主要负责人']);
  expect(addHistory(h, '   ')).toEqual(h);
  expect(addHistory(h, '长'.repeat(41))).toEqual(h);
  for (let i = 0; i < 20; i++) h = addHistory(h, `q${i}`);
  expect(h).toHaveLength(12);
  expect(h[0]).toBe('q19');
  expect(parseHistory(['a', 3, null, '', 'b'])).toEqual(['a', 'b']);
  expect(parseHistory('a')).toEqual([]);
});

test('snippets: marks become highlighted runs, escaped text is decoded and never turned into markup', () => {
  expect(splitSnippet('生产经营单位的<mark>主要负责人</mark>是本单位&lt;b&gt;第一责任人')).toEqual([
    { text: '生产经营单位的', mark: false },
    { text: '主要负责人', mark: true },
    { text: '是本单位<b>第一责任人', mark: false },
  ]);
  expect(splitSnippet('<mark>a</mark><mark>b</mark>')).toEqual([
    { text: 'a', mark: true },
    { text: 'b', mark: true },
  ]);
  expect(splitSnippet('no marks &amp; more')).toEqual([{ text: 'no marks & more', mark: false }]);
  expect(splitSnippet('<mark>open only')).toEqual([{ text: '<mark>open only', mark: false }]);
  expect(splitSnippet('')).toEqual([]);
});

test('banners for versions not in force', () => {
  expect(statusBanner('in_force', {})).toBeNull();
  expect(statusBanner('amended', { hasCurrent: true })!.text).toContain('现行有效的是新版本');
  expect(statusBanner('repealed', { repealedOn: '2024-05-01' })).toEqual({
    tone: 'red',
    text: '本法规已废止（2024-05-01 起），仅供查阅。',
  });
  expect(statusBanner('not_yet_effective', { effectiveOn: '2027-01-01' })!.text).toContain('将于 2027-01-01 起施行');
});

test('anchors, keys, the table of contents and the headings between articles', () => {
  expect(isArticleKey('5')).toBe(true);
  expect(isArticleKey('5-1')).toBe(true);
  expect(isArticleKey('5-')).toBe(false);
  expect(isArticleKey('<x>')).toBe(false);
  const toc = tocLines([
    {
      kind: 'part',
      label: '第一编',
      title: '总则',
      heading: '第一编 总则',
      firstKey: '1',
      lastKey: '9',
      children: [
        {
          kind: 'chapter',
          label: '第一章',
          title: '一般规定',
          heading: '第一章 一般规定',
          firstKey: '1',
          lastKey: '9',
          children: [],
        },
      ],
    },
    { kind: 'part', label: '第二编', title: '分则', heading: '第二编 分则', firstKey: '10', lastKey: '20', children: [] },
  ]);
  expect(toc.map((l) => [l.heading, l.depth, l.firstKey])).toEqual([
    ['第一编 总则', 0, '1'],
    ['第一章 一般规定', 1, '1'],
    ['第二编 分则', 0, '10'],
  ]);
  expect(headingsBefore(['第一章 总则'], null)).toEqual([{ text: '第一章 总则', depth: 0 }]);
  expect(headingsBefore(['第一章 总则'], ['第一章 总则'])).toEqual([]);
  expect(headingsBefore(['第二章 生产经营单位', '第一节 一般规定'], ['第一章 总则'])).toEqual([
    { text: '第二章 生产经营单位', depth: 0 },
    { text: '第一节 一般规定', depth: 1 },
  ]);
  expect(headingsBefore([], ['第一章 总则'])).toEqual([]);
});

test('an H5 hash gives the query of its page only', () => {
  const page = '/pkg-laws/pages/article/index';
  const id = '01936f3e-0000-7000-8000-000000000001';
  expect(hashQuery(`#${page}?versionId=${id}&key=12`, page)).toEqual({ versionId: id, key: '12' });
  expect(hashQuery(`#${page}?key=8-1&versionId=${id}`, page)).toEqual({ versionId: id, key: '8-1' });
  expect(hashQuery(`#${page}`, page)).toEqual({});
  expect(hashQuery(`#/pkg-laws/pages/reader/index?versionId=${id}&key=12`, page)).toBeNull();
  expect(hashQuery('', page)).toBeNull();
  expect(hashQuery(`#${page}x?key=1`, page)).toBeNull();
});
