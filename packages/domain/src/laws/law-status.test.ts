import { versionInForceOn, versionStatusOn, versionSupersededOn, type LawVersionDates } from './law-status.ts';

// 安全生产法: the 2014 amendment took effect 2014-12-01, the 2021 one 2021-09-01.
const versions: LawVersionDates[] = [
  { id: 'v2014', effectiveOn: '2014-12-01' },
  { id: 'v2021', effectiveOn: '2021-09-01' },
];

test('the version in force is the latest one that has taken effect, the day it takes effect included', () => {
  expect(versionInForceOn(versions, null, '2014-11-30')).toBeNull();
  expect(versionInForceOn(versions, null, '2014-12-01')).toBe('v2014');
  expect(versionInForceOn(versions, null, '2021-08-31')).toBe('v2014');
  expect(versionInForceOn(versions, null, '2021-09-01')).toBe('v2021');
  expect(versionInForceOn([], null, '2021-09-01')).toBeNull();
});

test('statuses at the boundaries: not yet effective, in force, amended, repealed from the repeal date on', () => {
  expect(versionStatusOn(versions, null, 'v2014', '2014-11-30')).toBe('not_yet_effective');
  expect(versionStatusOn(versions, null, 'v2014', '2014-12-01')).toBe('in_force');
  expect(versionStatusOn(versions, null, 'v2014', '2021-08-31')).toBe('in_force');
  expect(versionStatusOn(versions, null, 'v2014', '2021-09-01')).toBe('amended');
  expect(versionStatusOn(versions, null, 'v2021', '2021-08-31')).toBe('not_yet_effective');
  expect(versionStatusOn(versions, null, 'v2021', '2021-09-01')).toBe('in_force');
  // Repealed on 2030-01-01: the day before still in force, from that day repealed (both versions).
  expect(versionStatusOn(versions, '2030-01-01', 'v2021', '2029-12-31')).toBe('in_force');
  expect(versionStatusOn(versions, '2030-01-01', 'v2021', '2030-01-01')).toBe('repealed');
  expect(versionStatusOn(versions, '2030-01-01', 'v2014', '2030-01-01')).toBe('repealed');
  expect(versionInForceOn(versions, '2030-01-01', '2030-01-01')).toBeNull();
  // Before the repeal, the older version is still just amended.
  expect(versionStatusOn(versions, '2030-01-01', 'v2014', '2025-01-01')).toBe('amended');
});

test('a deleted version does not count: the one before it is in force again; asking about it is a RangeError', () => {
  const withDeleted = [...versions, { id: 'v2025', effectiveOn: '2025-01-01', deletedAt: '2025-02-01T00:00:00Z' }];
  expect(versionInForceOn(withDeleted, null, '2026-01-01')).toBe('v2021');
  expect(versionStatusOn(withDeleted, null, 'v2021', '2026-01-01')).toBe('in_force');
  expect(() => versionStatusOn(withDeleted, null, 'v2025', '2026-01-01')).toThrow(RangeError);
  expect(() => versionStatusOn(versions, null, 'nope', '2026-01-01')).toThrow(RangeError);
});

test('two versions effective the same day: the later one in the list wins; superseded dates', () => {
  const same = [
    { id: 'a', effectiveOn: '2024-01-01' },
    { id: 'b', effectiveOn: '2024-01-01' },
  ];
  expect(versionInForceOn(same, null, '2024-01-01')).toBe('b');
  expect(versionStatusOn(same, null, 'a', '2024-01-01')).toBe('amended');
  expect(versionSupersededOn(same, 'a')).toBe('2024-01-01');
  expect(versionSupersededOn(same, 'b')).toBeNull();
  expect(versionSupersededOn(versions, 'v2014')).toBe('2021-09-01');
  expect(versionSupersededOn(versions, 'v2021')).toBeNull();
  expect(versionSupersededOn(versions, 'nope')).toBeNull();
});

test('before the earliest stored version: 尚未施行 for an original text, not_in_library when that version is an amendment', () => {
  const vs = [
    { id: 'a', effectiveOn: '2014-12-01' },
    { id: 'b', effectiveOn: '2021-09-01' },
  ];
  expect(versionStatusOn(vs, null, 'a', '2010-01-01')).toBe('not_yet_effective');
  expect(versionStatusOn(vs, null, 'a', '2010-01-01', { earliestIsOriginal: true })).toBe('not_yet_effective');
  expect(versionStatusOn(vs, null, 'a', '2010-01-01', { earliestIsOriginal: false })).toBe('not_in_library');
  // Between the stored versions the later one is simply not yet in force.
  expect(versionStatusOn(vs, null, 'b', '2015-01-01', { earliestIsOriginal: false })).toBe('not_yet_effective');
  expect(versionStatusOn(vs, null, 'a', '2015-01-01', { earliestIsOriginal: false })).toBe('in_force');
});
