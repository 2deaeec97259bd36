import { resolveBody } from '../../services/outbox-core';
import {
  dueText,
  fenceCheck,
  formatDistance,
  hasProblems,
  isOverdue,
  outcomeOf,
  parseNumber,
  progressOf,
  rangeHint,
  sortTasks,
  submitItem,
  submitProblems,
  type ChecklistSection,
  type DraftAnswer,
} from './inspection-ui';

const SECTIONS: ChecklistSection[] = [
  {
    title: '作业审批',
    items: [
      { key: 'permit', text: '是否办理作业审批？', kind: 'yes_no', photoRequired: false, majorClause: '3-1' },
      { key: 'oxygen', text: '氧含量', kind: 'number', unit: '%', min: 19.5, max: 23.5, photoRequired: true },
      {
        key: 'vent',
        text: '通风方式',
        kind: 'choice',
        photoRequired: false,
        options: [
          { value: 'forced', label: '机械通风', fails: false },
          { value: 'none', label: '未通风', fails: true },
        ],
      },
    ],
  },
  {
    title: '记录',
    items: [
      { key: 'remark', text: '其他情况', kind: 'text', photoRequired: false },
      { key: 'site', text: '作业现场照片', kind: 'photo', photoRequired: true },
    ],
  },
];
const [permit, oxygen, vent] = SECTIONS[0]!.items as [
  ChecklistSection['items'][0],
  ChecklistSection['items'][0],
  ChecklistSection['items'][0],
];
const remark = SECTIONS[1]!.items[0]!;
const site = SECTIONS[1]!.items[1]!;
const photo = (n: number) => ({
  path: `idb:p${n}`,
  uploadKey: `up-${n}`,
  takenAt: '2026-11-30T02:00:00.000Z',
  lat: 29.3,
  lng: 120.07,
});
const a = (value: DraftAnswer['value'], photos = 0, note = ''): DraftAnswer => ({
  value,
  photos: Array.from({ length: photos }, (_, i) => photo(i + 1)),
  note,
});

test('outcomes follow the design rule; unanswered is null', () => {
  expect(outcomeOf(permit, undefined)).toBeNull();
  expect(outcomeOf(permit, a(true))).toBe('pass');
  expect(outcomeOf(permit, a(false))).toBe('fail');
  expect(outcomeOf(permit, a(null))).toBe('na');
  expect(outcomeOf(oxygen, a(20.9))).toBe('pass');
  expect(outcomeOf(oxygen, a(19.5))).toBe('pass');
  expect(outcomeOf(oxygen, a(18.2))).toBe('fail');
  expect(outcomeOf(oxygen, a(24))).toBe('fail');
  expect(outcomeOf(oxygen, a(null))).toBe('na');
  expect(outcomeOf(vent, a('none'))).toBe('fail');
  expect(outcomeOf(vent, a('forced'))).toBe('pass');
  expect(outcomeOf(vent, a('other'))).toBeNull();
  expect(outcomeOf(remark, a('  '))).toBe('na');
  expect(outcomeOf(remark, a('良好'))).toBe('pass');
  expect(outcomeOf(site, a(undefined))).toBeNull();
  expect(outcomeOf(site, a(undefined, 1))).toBe('pass');
});

test('number parsing and the range hint', () => {
  expect(parseNumber('19.5')).toBe(19.5);
  expect(parseNumber(' -3 ')).toBe(-3);
  expect(parseNumber('1.')).toBeUndefined();
  expect(parseNumber('')).toBeUndefined();
  expect(parseNumber('1.2.3')).toBeUndefined();
  expect(rangeHint(oxygen)).toBe('合格范围 19.5–23.5 %');
  expect(rangeHint({ min: 0 })).toBe('合格：≥ 0');
  expect(rangeHint({ max: 25, unit: 'mg/m³' })).toBe('合格：≤ 25 mg/m³');
  expect(rangeHint({})).toBeNull();
});

test('progress and what is missing before submitting', () => {
  const answers = { permit: a(false, 0, '未办理'), oxygen: a(20.9), vent: a('forced') };
  expect(progressOf(SECTIONS, answers)).toEqual({ items: 5, answered: 3, passed: 2, failed: 1, na: 1 });
  expect(progressOf(SECTIONS, { ...answers, remark: a('良好'), site: a(undefined, 1) })).toEqual({
    items: 5,
    answered: 5,
    passed: 4,
    failed: 1,
    na: 0,
  });
  const p = submitProblems(SECTIONS, { answers, signerName: ' ', signature: null }, false);
  expect(p).toEqual({
    checkIn: '请先签到（定位或扫码）',
    items: { oxygen: '此项须拍照留证', site: '请拍照' },
    signerName: '请填写现场负责人姓名',
    signature: '请现场负责人签字',
  });
  expect(hasProblems(p)).toBe(true);
  // a number typed but not a number
  expect(
    submitProblems(SECTIONS, { answers: { oxygen: { text: '1.', photos: [], note: '' } }, signerName: '', signature: null }, true)
      .items.oxygen,
  ).toBe('请填写数字');
  const ok = submitProblems(
    SECTIONS,
    { answers: { ...answers, oxygen: a(20.9, 1), site: a(undefined, 1) }, signerName: '王立新', signature: photo(9) },
    true,
  );
  expect(hasProblems(ok)).toBe(false);
});

test('the submission: every item once, photos with time and place by upload key, the signature, the draft key', () => {
  const draft = {
    answers: { permit: a(false, 1, ' 未办理审批 '), oxygen: a(20.9, 1), vent: a(null), remark: a('  '), site: a(undefined, 1) },
    signerName: ' 王立新 ',
    signature: photo(9),
  };
  // distinct keys per photo
  draft.answers.oxygen.photos = [photo(2)];
  draft.answers.site.photos = [photo(3)];
  const item = submitItem(
    { id: 't1', enterpriseName: '恒达五金' },
    SECTIONS,
    'tpl1',
    draft,
    'key-1',
    '2026-11-30T02:30:00.000Z',
    'd',
  );
  expect(item).toMatchObject({
    kind: 'inspection.submit',
    path: '/inspection-tasks/t1/submit',
    idempotencyKey: 'key-1',
    doneIf: { path: '/inspection-tasks/t1', field: 'status', equals: 'done' },
    meta: { taskId: 't1' },
  });
  expect(item.files.map((f) => [f.uploadKey, f.purpose])).toEqual([
    ['up-1', 'hazard_photo'],
    ['up-2', 'hazard_photo'],
    ['up-3', 'hazard_photo'],
    ['up-9', 'other'],
  ]);
  const uploaded = item.files.map((f, i) => ({ ...f, fileId: `f${i + 1}` }));
  expect(resolveBody(item.body, uploaded)).toEqual({
    templateId: 'tpl1',
    answers: [
      {
        itemKey: 'permit',
        value: false,
        photos: [{ fileId: 'f1', takenAt: '2026-11-30T02:00:00.000Z', lat: 29.3, lng: 120.07 }],
        note: '未办理审批',
      },
      { itemKey: 'oxygen', value: 20.9, photos: [{ fileId: 'f2', takenAt: '2026-11-30T02:00:00.000Z', lat: 29.3, lng: 120.07 }] },
      { itemKey: 'vent', value: null, photos: [] },
      { itemKey: 'remark', value: null, photos: [] },
      { itemKey: 'site', value: null, photos: [{ fileId: 'f3', takenAt: '2026-11-30T02:00:00.000Z', lat: 29.3, lng: 120.07 }] },
    ],
    signature: { fileId: 'f4', signerName: '王立新' },
    finishedAt: '2026-11-30T02:30:00.000Z',
  });
});

test('geofence: circle (own radius or the zone default), polygon, no location', () => {
  const ent = { lat: 29.3, lng: 120.07 };
  const near = { lat: 29.301, lng: 120.07 }; // ≈ 111 m north
  const far = { lat: 29.305, lng: 120.07 }; // ≈ 556 m
  expect(fenceCheck(near, ent)).toMatchObject({ inside: true, radiusM: 300 });
  expect(fenceCheck(near, ent)!.distanceM).toBeGreaterThan(105);
  expect(fenceCheck(near, ent)!.distanceM).toBeLessThan(117);
  expect(fenceCheck(far, ent)).toMatchObject({ inside: false });
  expect(fenceCheck(far, { ...ent, geofence: { radiusM: 600 } })).toMatchObject({ inside: true, radiusM: 600 });
  expect(fenceCheck(near, ent, 100)).toMatchObject({ inside: false, radiusM: 100 });
  const polygon: Array<[number, number]> = [
    [29.299, 120.069],
    [29.299, 120.071],
    [29.302, 120.071],
    [29.302, 120.069],
  ];
  expect(fenceCheck(near, { ...ent, geofence: { polygon } })).toMatchObject({ inside: true, radiusM: null });
  expect(fenceCheck(far, { ...ent, geofence: { polygon } })).toMatchObject({ inside: false });
  expect(fenceCheck(near, { lat: null, lng: null })).toBeNull();
  expect(formatDistance(35.4)).toBe('35 米');
  expect(formatDistance(1234)).toBe('1.2 公里');
  expect(formatDistance(null)).toBe('');
});

test('due lines, overdue, and today order (due day first, then the nearest)', () => {
  const now = new Date('2026-11-30T04:00:00Z'); // 12:00 in China
  const end = (day: string) => `${day}T15:59:59.999Z`; // 23:59:59.999 China time
  expect(dueText({ status: 'open', dueAt: end('2026-11-30') }, now)).toEqual({ text: '今天到期', tone: 'warn' });
  expect(dueText({ status: 'open', dueAt: end('2026-12-03') }, now)).toEqual({ text: '剩 3 天（12月3日）', tone: 'normal' });
  expect(dueText({ status: 'in_progress', dueAt: end('2026-11-28') }, now)).toEqual({ text: '已逾期 2 天', tone: 'danger' });
  expect(dueText({ status: 'missed', dueAt: end('2026-11-28') }, now).tone).toBe('danger');
  expect(dueText({ status: 'done', dueAt: end('2026-11-28'), completedAt: '2026-11-29T02:00:00Z', late: true }, now)).toEqual({
    text: '11月29日 完成（超期）',
    tone: 'warn',
  });
  expect(isOverdue({ status: 'open', dueAt: end('2026-11-29') }, now)).toBe(true);
  expect(isOverdue({ status: 'done', dueAt: end('2026-11-29') }, now)).toBe(false);
  expect(isOverdue({ status: 'open', dueAt: end('2026-11-30') }, now)).toBe(false);
  const tasks = [
    { id: 'a', dueAt: end('2026-12-02'), distanceM: 10 },
    { id: 'b', dueAt: end('2026-11-30'), distanceM: 900 },
    { id: 'c', dueAt: end('2026-11-30'), distanceM: 120 },
    { id: 'd', dueAt: end('2026-11-30'), distanceM: null },
  ];
  expect(sortTasks(tasks).map((t) => t.id)).toEqual(['c', 'b', 'd', 'a']);
});
