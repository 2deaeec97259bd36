import { normaliseLawTitle, parseCitationText } from './law-citation-text.ts';

test('one article, with 款 and 项 ignored', () => {
  expect(parseCitationText('《安全生产法》第四十一条第二款')).toEqual([{ title: '安全生产法', number: 41, suffix: 0 }]);
  expect(parseCitationText('《消防法》第十六条第（二）项')).toEqual([{ title: '消防法', number: 16, suffix: 0 }]);
  expect(parseCitationText('依据：《特种设备安全法》第十四条。')).toEqual([{ title: '特种设备安全法', number: 14, suffix: 0 }]);
});

test('several articles of one title, several titles, 之一, Arabic numerals, ranges', () => {
  expect(parseCitationText('《消防法》第十六条、第十七条')).toEqual([
    { title: '消防法', number: 16, suffix: 0 },
    { title: '消防法', number: 17, suffix: 0 },
  ]);
  expect(parseCitationText('《安全生产法》第二十一条第（一）项和第四十一条，《危险化学品安全管理条例》第二十条之一')).toEqual([
    { title: '安全生产法', number: 21, suffix: 0 },
    { title: '安全生产法', number: 41, suffix: 0 },
    { title: '危险化学品安全管理条例', number: 20, suffix: 1 },
  ]);
  expect(parseCitationText('《职业病防治法》第21条')).toEqual([{ title: '职业病防治法', number: 21, suffix: 0 }]);
  expect(parseCitationText('《生产安全事故应急条例》第五条至第七条').map((r) => r.number)).toEqual([5, 6, 7]);
  // A range too long to mean every article keeps its two ends.
  expect(parseCitationText('《劳动法》第一条至第九十条').map((r) => r.number)).toEqual([1, 90]);
});

test('nothing to link: no title, a title without article, an article cut off from its title, duplicates once', () => {
  expect(parseCitationText('第四十一条')).toEqual([]);
  expect(parseCitationText('《缺氧危险作业安全规程》')).toEqual([]);
  expect(parseCitationText('《安全生产法》规定，企业应当……另见第五条')).toEqual([]);
  expect(parseCitationText('《安全生产法》第四十一条；第四十二条')).toEqual([{ title: '安全生产法', number: 41, suffix: 0 }]);
  expect(parseCitationText('《消防法》第十六条、第十六条')).toHaveLength(1);
  expect(parseCitationText('')).toEqual([]);
});

test('titles compare without 中华人民共和国, 《》, spaces and a trailing (2021年修正)', () => {
  expect(normaliseLawTitle('中华人民共和国安全生产法')).toBe('安全生产法');
  expect(normaliseLawTitle('《安全生产法》')).toBe('安全生产法');
  expect(normaliseLawTitle('中华人民共和国安全生产法（2021年修正）')).toBe('安全生产法');
  expect(normaliseLawTitle('危险化学品安全管理条例')).toBe('危险化学品安全管理条例');
  expect(normaliseLawTitle('企业安全生产费用提取和使用管理办法（试行）')).toBe('企业安全生产费用提取和使用管理办法（试行）');
});
