import {
  inspectionItemOutcome,
  validateInspectionSubmission,
  type InspectionAnswer,
  type InspectionItem,
  type InspectionSection,
} from './inspection-answers.ts';

const yesNo: InspectionItem = {
  key: 'permit',
  text: '是否严格执行有限空间作业审批制度',
  kind: 'yes_no',
  photoRequired: false,
  legalBasis: '《工贸企业有限空间作业安全规定》第十二条',
  majorClause: 'c1',
};
const gas: InspectionItem = {
  key: 'oxygen',
  text: '作业前检测氧含量（%）',
  kind: 'number',
  unit: '%',
  min: 19.5,
  max: 23.5,
  photoRequired: false,
};
const sign: InspectionItem = {
  key: 'sign',
  text: '警示标识设置情况',
  kind: 'choice',
  options: [
    { value: 'ok', label: '齐全', fails: false },
    { value: 'partial', label: '缺失', fails: true },
  ],
  photoRequired: true,
};
const remark: InspectionItem = { key: 'remark', text: '其他情况', kind: 'text', photoRequired: false };
const site: InspectionItem = { key: 'site', text: '现场照片', kind: 'photo', photoRequired: true };
const extra: InspectionItem = { key: 'extra', text: '补充照片', kind: 'photo', photoRequired: false };
const sections: InspectionSection[] = [
  { title: '管理制度', items: [yesNo, remark] },
  { title: '现场', items: [gas, sign, site, extra] },
];
const photo = (fileId: string) => ({ fileId });
const complete = (over: Partial<Record<string, Partial<InspectionAnswer>>> = {}): InspectionAnswer[] =>
  [
    { itemKey: 'permit', value: true, photos: [] },
    { itemKey: 'remark', value: '', photos: [] },
    { itemKey: 'oxygen', value: 20.9, photos: [] },
    { itemKey: 'sign', value: 'ok', photos: [photo('f1')] },
    { itemKey: 'site', value: null, photos: [photo('f2')] },
  ].map((a) => ({ ...a, ...over[a.itemKey] }));

test('outcome of each kind of answer follows the rule', () => {
  expect(inspectionItemOutcome(yesNo, { value: true })).toBe('pass');
  expect(inspectionItemOutcome(yesNo, { value: false })).toBe('fail');
  expect(inspectionItemOutcome(yesNo, { value: null })).toBe('na');
  expect(inspectionItemOutcome(gas, { value: 19.5 })).toBe('pass');
  expect(inspectionItemOutcome(gas, { value: 23.5 })).toBe('pass');
  expect(inspectionItemOutcome(gas, { value: 19.4 })).toBe('fail');
  expect(inspectionItemOutcome(gas, { value: 25 })).toBe('fail');
  expect(inspectionItemOutcome(gas, { value: null })).toBe('na');
  expect(inspectionItemOutcome({ ...gas, min: undefined, max: undefined }, { value: -5 })).toBe('pass');
  expect(inspectionItemOutcome(sign, { value: 'ok' })).toBe('pass');
  expect(inspectionItemOutcome(sign, { value: 'partial' })).toBe('fail');
  expect(inspectionItemOutcome(sign, { value: null })).toBe('na');
  expect(inspectionItemOutcome(remark, { value: '通道有杂物' })).toBe('pass');
  expect(inspectionItemOutcome(remark, { value: '  ' })).toBe('na');
  expect(inspectionItemOutcome(site, { value: null, photos: [photo('a')] })).toBe('pass');
  expect(inspectionItemOutcome(extra, { value: null, photos: [] })).toBe('na');
  expect(inspectionItemOutcome(yesNo, undefined)).toBe('na');
});

test('a complete submission gives outcomes in template order, the failed items and the summary', () => {
  const ok = validateInspectionSubmission(sections, complete());
  if (!ok.ok) throw new Error(JSON.stringify(ok.problems));
  expect(ok.answers.map((a) => [a.item.key, a.outcome])).toEqual([
    ['permit', 'pass'],
    ['remark', 'na'],
    ['oxygen', 'pass'],
    ['sign', 'pass'],
    ['site', 'pass'],
    ['extra', 'na'],
  ]);
  expect(ok.summary).toEqual({ items: 6, passed: 4, failed: 0, na: 2 });

  const bad = validateInspectionSubmission(
    sections,
    complete({ permit: { value: false, note: '无审批单' }, oxygen: { value: 17 }, sign: { value: 'partial' } }),
  );
  if (!bad.ok) throw new Error(JSON.stringify(bad.problems));
  expect(bad.failed.map((f) => [f.item.key, f.section, f.answer.note ?? null])).toEqual([
    ['permit', '管理制度', '无审批单'],
    ['oxygen', '现场', null],
    ['sign', '现场', null],
  ]);
  expect(bad.failed[0]!.item.majorClause).toBe('c1');
  expect(bad.summary).toEqual({ items: 6, passed: 1, failed: 3, na: 2 });
});

const codes = (answers: InspectionAnswer[]) => {
  const r = validateInspectionSubmission(sections, answers);
  return r.ok ? [] : r.problems.map((p) => [p.code, p.itemKey, p.path]);
};

test('unknown and repeated item keys are refused', () => {
  expect(codes([...complete(), { itemKey: 'ladder', value: true }])).toEqual([['unknown_item', 'ladder', 'answers.5.itemKey']]);
  expect(codes([...complete(), { itemKey: 'permit', value: false }])).toEqual([
    ['duplicate_item', 'permit', 'answers.5.itemKey'],
  ]);
});

test('values of the wrong type are refused, kind by kind', () => {
  expect(codes(complete({ permit: { value: 'yes' } }))).toEqual([['wrong_type', 'permit', 'answers.0.value']]);
  expect(codes(complete({ permit: { value: 1 } }))).toEqual([['wrong_type', 'permit', 'answers.0.value']]);
  expect(codes(complete({ oxygen: { value: '20.9' } }))).toEqual([['wrong_type', 'oxygen', 'answers.2.value']]);
  expect(codes(complete({ oxygen: { value: Number.NaN } }))).toEqual([['not_finite', 'oxygen', 'answers.2.value']]);
  expect(codes(complete({ oxygen: { value: Infinity } }))).toEqual([['not_finite', 'oxygen', 'answers.2.value']]);
  expect(codes(complete({ sign: { value: true } }))).toEqual([['wrong_type', 'sign', 'answers.3.value']]);
  expect(codes(complete({ sign: { value: 'missing' } }))).toEqual([['unknown_option', 'sign', 'answers.3.value']]);
  expect(codes(complete({ remark: { value: false } }))).toEqual([['wrong_type', 'remark', 'answers.1.value']]);
  expect(codes(complete({ remark: { value: '字'.repeat(1001) } }))).toEqual([['too_long', 'remark', 'answers.1.value']]);
  expect(codes(complete({ permit: { note: '字'.repeat(1001) } }))).toEqual([['too_long', 'permit', 'answers.0.note']]);
  expect(codes(complete({ site: { value: '照片' } }))).toEqual([['wrong_type', 'site', 'answers.4.value']]);
});

test('a required photo is needed whatever the outcome; a required answer may be null but not missing', () => {
  expect(codes(complete({ sign: { photos: [] } }))).toEqual([['photo_required', 'sign', 'answers.3.photos']]);
  expect(codes(complete({ sign: { value: 'partial', photos: [] } }))).toEqual([['photo_required', 'sign', 'answers.3.photos']]);
  expect(codes(complete({ site: { photos: undefined } }))).toEqual([['photo_required', 'site', 'answers.4.photos']]);
  const withoutSite = complete().filter((a) => a.itemKey !== 'site');
  expect(codes(withoutSite)).toEqual([['photo_required', 'site', 'answers']]);
  const withoutPermit = complete().filter((a) => a.itemKey !== 'permit');
  expect(codes(withoutPermit)).toEqual([['missing_answer', 'permit', 'answers']]);
  // null is an explicit 不适用; optional text/photo items may be left out
  expect(codes(complete({ permit: { value: null }, oxygen: { value: null } }))).toEqual([]);
  expect(codes(complete().filter((a) => a.itemKey !== 'remark'))).toEqual([]);
  // every problem at once, so the form can mark them all
  expect(codes([]).map(([c, k]) => `${c}:${k}`)).toEqual([
    'missing_answer:permit',
    'missing_answer:oxygen',
    'photo_required:sign',
    'photo_required:site',
  ]);
});

test('problems carry a message naming the item', () => {
  const r = validateInspectionSubmission(sections, complete({ sign: { photos: [] } }));
  expect(r.ok).toBe(false);
  if (!r.ok) expect(r.problems[0]!.message).toBe('检查项「警示标识设置情况」需要拍照');
});
