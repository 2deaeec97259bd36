/** Effective dates and labels of law texts read from their notes and final articles (立法法第六十一条). */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isOriginalText, lawVersionDates, prefaceEvents, statedEffectiveDate } from './law-dates.ts';
import { parseLawText } from './law-parser.ts';

const DIR = join(dirname(fileURLToPath(import.meta.url)), '../../../../../shared/regulations');

test('final provisions: a stated date, 自公布之日起施行, or nothing', () => {
  expect(statedEffectiveDate('本法自2014年1月1日起施行。')).toBe('2014-01-01');
  expect(statedEffectiveDate('本规定自公布之日起施行。')).toBe('on_promulgation');
  expect(statedEffectiveDate('本办法由国务院负责解释。')).toBeNull();
  expect(prefaceEvents('2002年6月29日 通过\n2021年6月10日 《决定》第三次修正\n2004年2月1日 施行').map((e) => e.kind)).toEqual([
    'adopted',
    'amended',
    'effective',
  ]);
});

test('an original text takes its final article’s date; a 修正 keeps the original date there → the table or the promulgation', () => {
  expect(
    lawVersionDates({ title: 'X法', preface: '2013年6月29日 通过', finalArticle: '本法自2014年1月1日起施行。' }),
  ).toMatchObject({
    effectiveOn: '2014-01-01',
    label: '2013年公布',
    original: true,
    warnings: [],
  });
  const amended = lawVersionDates({
    title: 'Y法',
    preface: '2000年1月1日 通过\n2020年5月1日 《决定》第一次修正',
    finalArticle: '本法自2000年7月1日起施行。',
  });
  expect(amended).toMatchObject({ effectiveOn: '2020-05-01', label: '2020年修正', original: false });
  expect(amended.warnings).toHaveLength(1);
  expect(isOriginalText('2000年1月1日 通过', '2000年公布')).toBe(true);
  expect(isOriginalText('2003年3月11日 国务院令第373号公布', '2009年修订')).toBe(false);
});

/** The 14 seed texts: effective date and label (each checked against the text's final article or the decision). */
const SEED: Record<string, [string, string]> = {
  中华人民共和国劳动法: ['2018-12-29', '2018年修正'],
  危险化学品安全管理条例: ['2013-12-07', '2013年修订'],
  国务院关于特大安全事故行政责任追究的规定: ['2001-04-21', '2001年公布'],
  中华人民共和国安全生产法: ['2021-09-01', '2021年修正'],
  安全生产许可证条例: ['2014-07-29', '2014年修订'],
  建设工程安全生产管理条例: ['2004-02-01', '2003年公布'],
  中华人民共和国消防法: ['2021-04-29', '2021年修正'],
  中华人民共和国特种设备安全法: ['2014-01-01', '2013年公布'],
  特种设备安全监察条例: ['2009-05-01', '2009年修订'],
  特种设备安全监督检查办法: ['2022-07-01', '2022年公布'],
  生产安全事故应急条例: ['2019-04-01', '2019年公布'],
  生产安全事故报告和调查处理条例: ['2007-06-01', '2007年公布'],
  中华人民共和国突发事件应对法: ['2024-11-01', '2024年修订'],
  中华人民共和国职业病防治法: ['2018-12-29', '2018年修正'],
};

(existsSync(DIR) ? test : test.skip)('the 14 seed texts: effective dates and labels', () => {
  const got: Record<string, [string | null, string | null]> = {};
  for (const name of readdirSync(DIR).filter((n) => n.endsWith('.md') && !/^readme/i.test(n))) {
    const p = parseLawText(readFileSync(join(DIR, name), 'utf8'), { format: 'markdown' });
    const fileDate = /\((\d{4}-\d{2}-\d{2})\)\.md$/.exec(name)![1]!;
    const d = lawVersionDates({ title: p.title, preface: p.preface, finalArticle: p.articles.at(-1)!.text, fileDate });
    got[p.title!] = [d.effectiveOn, d.label];
  }
  expect(got).toEqual(SEED);
});
