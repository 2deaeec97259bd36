import { parseLawQuery } from './law-query.ts';

test('plain words split on spaces and punctuation', () => {
  expect(parseLawQuery('主要负责人 职责')).toEqual({
    terms: ['主要负责人', '职责'],
    phrases: [],
    excluded: [],
    articleRefs: [],
    titleHint: null,
  });
  expect(parseLawQuery('动火作业，审批；有限空间').terms).toEqual(['动火作业', '审批', '有限空间']);
});

test('phrases in straight or curly quotes, exclusions, title hints', () => {
  const q = parseLawQuery('《安全生产法》 “主要负责人” "事故隐患" -罚款 －拘留 培训');
  expect(q).toEqual({
    terms: ['培训'],
    phrases: ['主要负责人', '事故隐患'],
    excluded: ['罚款', '拘留'],
    articleRefs: [],
    titleHint: '安全生产法',
  });
});

test('article references: 第X条, 第X条之一, 41条, 四十一条 — but not 条例/条件', () => {
  expect(parseLawQuery('安全生产法第四十一条').articleRefs).toEqual([{ number: 41, suffix: 0 }]);
  expect(parseLawQuery('安全生产法第四十一条').terms).toEqual(['安全生产法']);
  expect(parseLawQuery('第五条之一').articleRefs).toEqual([{ number: 5, suffix: 1 }]);
  expect(parseLawQuery('消防法 16条').articleRefs).toEqual([{ number: 16, suffix: 0 }]);
  expect(parseLawQuery('消防法16条').articleRefs).toEqual([{ number: 16, suffix: 0 }]);
  expect(parseLawQuery('四十一条').articleRefs).toEqual([{ number: 41, suffix: 0 }]);
  expect(parseLawQuery('第１６条').articleRefs).toEqual([{ number: 16, suffix: 0 }]);
  const q = parseLawQuery('危险化学品安全管理条例 安全条件');
  expect(q.articleRefs).toEqual([]);
  expect(q.terms).toEqual(['危险化学品安全管理条例', '安全条件']);
});

test('hostile input: FTS5 syntax, regex and control characters are stripped, nothing throws', () => {
  const q = parseLawQuery('a* OR b^ NEAR(c d) (.*)+ [x] {y} $z \\ | ^ "unclosed \u0000\u200b隐患\u202e');
  for (const w of [...q.terms, ...q.phrases, ...q.excluded]) expect(w).toMatch(/^[\p{L}\p{N}\p{M}][\p{L}\p{N}\p{M}.\- ]*$/u);
  expect(q.terms).toEqual(expect.arrayContaining(['a', 'or', 'b', 'near', 'c', 'd', 'x', 'y', 'z']));
  expect(q.terms.join(' ')).toContain('隐患');
  expect(parseLawQuery('')).toEqual({ terms: [], phrases: [], excluded: [], articleRefs: [], titleHint: null });
  expect(parseLawQuery('*** ((( """ 《》 - －')).toEqual({
    terms: [],
    phrases: [],
    excluded: [],
    articleRefs: [],
    titleHint: null,
  });
  const long = parseLawQuery('隐患隐患 '.repeat(2000)); // read up to 1000 characters
  expect(long.terms).toEqual(['隐患隐患']);
  expect(parseLawQuery(Array.from({ length: 100 }, (_, i) => `词${i}`).join(' ')).terms).toHaveLength(20);
});

test('standard numbers keep their inner hyphen and dot; full-width letters become half-width, lower-case', () => {
  expect(parseLawQuery('ＧＢ 30871-2022 3.1.2').terms).toEqual(['gb', '30871-2022', '3.1.2']);
  expect(parseLawQuery('-.- 隐患-').terms).toEqual(['隐患']);
});
