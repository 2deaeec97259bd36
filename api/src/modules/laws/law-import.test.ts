/** The metadata guess of an uploaded or seed law text (type and issuing body from the title and the preface). */
import { guessDocType, guessIssuingBody, orderIssuer } from './law-import.ts';

test('type by the title form and the issuer (立法法): 法 → law, 条例 → 行政法规, a ministry’s 办法/规定 → 部门规章', () => {
  expect(guessDocType('特种设备安全监督检查办法', '2022年5月26日 国家市场监督管理总局令第57号公布')).toBe('departmental_rule');
  expect(guessDocType('国务院关于特大安全事故行政责任追究的规定', '2001年4月21日 中华人民共和国国务院令第302号公布')).toBe(
    'administrative_regulation',
  );
  expect(guessDocType('危险化学品安全管理条例', '')).toBe('administrative_regulation');
  expect(guessDocType('中华人民共和国安全生产法', '第十三届全国人民代表大会常务委员会')).toBe('law');
  // A mention of the State Council is not its order; a trailing （试行） does not hide the form.
  expect(guessDocType('生产经营单位安全培训规定', '经国务院批准，2006年1月17日 国家安全生产监督管理总局令第3号公布')).toBe(
    'departmental_rule',
  );
  expect(guessDocType('企业安全生产费用提取和使用管理办法（试行）', '财政部令第1号')).toBe('departmental_rule');
  expect(guessDocType('某某管理办法', '2000年1月1日 国务院令第1号发布')).toBe('administrative_regulation');
  expect(guessDocType('园区须知', '')).toBeNull();
});

test('issuer: the NPC Standing Committee, else the order number’s body, else a title naming the State Council', () => {
  expect(orderIssuer('2022年5月26日 国家市场监督管理总局令第57号公布')).toBe('国家市场监督管理总局');
  expect(orderIssuer('2002年1月26日 中华人民共和国国务院令第344号公布\n\n2011年 国务院令第591号修订')).toBe('国务院');
  expect(orderIssuer('2021年6月10日 第十三届全国人民代表大会常务委员会第二十九次会议')).toBeNull();
  expect(guessIssuingBody('中华人民共和国消防法', '第十三届全国人民代表大会常务委员会第二十八次会议')).toBe(
    '全国人民代表大会常务委员会',
  );
  expect(guessIssuingBody('特种设备安全监督检查办法', '国家市场监督管理总局令第57号公布')).toBe('国家市场监督管理总局');
  expect(guessIssuingBody('国务院关于特大安全事故行政责任追究的规定', '')).toBe('国务院');
  expect(guessIssuingBody('园区须知', '')).toBeNull();
});
