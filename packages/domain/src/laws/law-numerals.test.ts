import { articleKey, articleLabel, chineseToInt, intToChinese, numeralToInt, parseArticleKey } from './law-numerals.ts';

test('reads the numerals laws are numbered with', () => {
  const cases: [string, number][] = [
    ['一', 1],
    ['十', 10],
    ['十五', 15],
    ['二十', 20],
    ['九十九', 99],
    ['一百', 100],
    ['一百零五', 105],
    ['一百一十', 110],
    ['一百一十九', 119],
    ['二百零八', 208],
    ['一千', 1000],
    ['一千零一十', 1010],
    ['一千二百六十', 1260],
    ['二千零二十四', 2024],
    ['二〇二四', 2024],
    ['零', 0],
    ['两百', 200],
  ];
  for (const [s, n] of cases) expect([s, chineseToInt(s)]).toEqual([s, n]);
});

test('junk is a RangeError, not a guess', () => {
  for (const s of [
    '',
    ' ',
    '十十',
    '五百五百',
    '一二百',
    '百',
    '一百十',
    '零五',
    '一百零',
    '一百零零五',
    '五x',
    'abc',
    '一二三四五',
  ]) {
    expect(() => chineseToInt(s)).toThrow(RangeError);
  }
});

test('writes numerals the way the texts do, and reads them back for every article number', () => {
  expect(intToChinese(15)).toBe('十五');
  expect(intToChinese(10)).toBe('十');
  expect(intToChinese(105)).toBe('一百零五');
  expect(intToChinese(110)).toBe('一百一十');
  expect(intToChinese(1010)).toBe('一千零一十');
  expect(intToChinese(1001)).toBe('一千零一');
  expect(intToChinese(0)).toBe('零');
  for (let n = 0; n <= 9999; n++) expect(chineseToInt(intToChinese(n))).toBe(n);
  for (const bad of [-1, 1.5, 10000, Number.NaN]) expect(() => intToChinese(bad)).toThrow(RangeError);
});

test('article labels and keys', () => {
  expect(articleLabel(5, 0)).toBe('第五条');
  expect(articleLabel(5, 1)).toBe('第五条之一');
  expect(articleLabel(119, 0)).toBe('第一百一十九条');
  expect(articleKey(5, 0)).toBe('5');
  expect(articleKey(5, 1)).toBe('5-1');
  expect(parseArticleKey('5-1')).toEqual({ number: 5, suffix: 1 });
  expect(parseArticleKey('41')).toEqual({ number: 41, suffix: 0 });
  for (const bad of ['0', '5-0', '', 'a', '5-', '12345', '5-123', ' 5']) expect(parseArticleKey(bad)).toBeNull();
  expect(numeralToInt('41')).toBe(41);
  expect(numeralToInt('四十一')).toBe(41);
});
