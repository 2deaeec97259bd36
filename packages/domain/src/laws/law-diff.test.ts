import { alignArticles, articleTextDiff, textSimilarity } from './law-diff.ts';

const A = (key: string, text: string) => ({ key, text });

test('identical versions: every article same', () => {
  const a = [A('1', '为了加强安全生产工作，制定本法。'), A('2', '本法适用于生产经营单位。')];
  expect(alignArticles(a, a)).toEqual([
    { kind: 'same', aKey: '1', bKey: '1' },
    { kind: 'same', aKey: '2', bKey: '2' },
  ]);
});

test('an amendment: one article changed, one inserted (第二条之一), one removed, the rest renumbered but same', () => {
  const a = [
    A('1', '为了加强园区安全生产管理，制定本办法。'),
    A('2', '园区内企业应当建立安全生产责任制。'),
    A('3', '企业应当每季度开展一次隐患排查。'),
    A('4', '企业应当按月报送安全生产报表。'),
    A('5', '本办法自2024年1月1日起施行。'),
  ];
  const b = [
    A('1', '为了加强园区安全生产管理，制定本办法。'),
    A('2', '园区内企业应当建立健全全员安全生产责任制。'),
    A('2-1', '企业应当配备专职安全生产管理人员，人数不少于从业人员的百分之二。'),
    A('3', '企业应当每季度开展一次隐患排查。'),
    A('4', '本办法自2026年1月1日起施行。'),
  ];
  const rows = alignArticles(a, b);
  expect(rows.map((r) => [r.kind, r.aKey, r.bKey])).toEqual([
    ['same', '1', '1'],
    ['changed', '2', '2'],
    ['added', undefined, '2-1'],
    ['same', '3', '3'],
    ['removed', '4', undefined],
    ['changed', '5', '4'],
  ]);
  const parts = rows[1]!.parts!;
  expect(
    parts
      .filter((p) => p.added)
      .map((p) => p.value)
      .join(''),
  ).toBe('健全全员');
  expect(
    parts
      .filter((p) => !p.added)
      .map((p) => p.value)
      .join(''),
  ).toBe(a[1]!.text);
  expect(
    parts
      .filter((p) => !p.removed)
      .map((p) => p.value)
      .join(''),
  ).toBe(b[1]!.text);
});

test('renumbered identical text is same; an article moved to another chapter is moved', () => {
  const a = [
    A('1', '甲条文内容很长的一段话。'),
    A('2', '乙条文讲的是动火作业审批。'),
    A('3', '丙条文讲的是有限空间作业。'),
    A('4', '丁条文讲的是附则。'),
  ];
  const b = [
    A('1', '甲条文内容很长的一段话。'),
    A('2', '丙条文讲的是有限空间作业。'),
    A('3', '丁条文讲的是附则。'),
    A('4', '乙条文讲的是动火作业审批。'),
  ];
  expect(alignArticles(a, b).map((r) => [r.kind, r.aKey, r.bKey, r.parts === undefined])).toEqual([
    ['same', '1', '1', true],
    ['same', '3', '2', true],
    ['same', '4', '3', true],
    ['moved', '2', '4', true],
  ]);
});

test('an article rewritten beyond recognition is one removed and one added, not changed', () => {
  const a = [A('1', '企业应当每年组织一次应急演练。')];
  const b = [A('1', '园区管委会负责本规定的解释工作。')];
  expect(textSimilarity(a[0]!.text, b[0]!.text)).toBeLessThan(0.5);
  expect(alignArticles(a, b).map((r) => r.kind)).toEqual(['removed', 'added']);
  expect(alignArticles([], b)).toEqual([{ kind: 'added', bKey: '1' }]);
  expect(alignArticles(a, [])).toEqual([{ kind: 'removed', aKey: '1' }]);
});

test('similarity and character diff', () => {
  expect(textSimilarity('甲乙丙丁', '甲乙丙丁')).toBe(1);
  expect(textSimilarity('甲 乙', '甲乙')).toBe(1);
  expect(textSimilarity('甲乙丙丁', '戊己庚辛')).toBe(0);
  expect(textSimilarity('甲', '乙')).toBe(0);
  expect(articleTextDiff('应当于1小时内报告', '应当于2小时内报告')).toEqual([
    { value: '应当于' },
    { value: '1', removed: true },
    { value: '2', added: true },
    { value: '小时内报告' },
  ]);
});
