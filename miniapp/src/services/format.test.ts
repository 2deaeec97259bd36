import { addDays, daysBetween, formatDay, formatTime, greeting, isoDay } from './format';

const now = new Date(2026, 10, 24, 15, 30, 0); // local time

describe('formatTime', () => {
  test('relative within the hour, then today / yesterday / date', () => {
    expect(formatTime(new Date(now.getTime() - 20_000).toISOString(), now)).toBe('刚刚');
    expect(formatTime(new Date(now.getTime() - 5 * 60_000).toISOString(), now)).toBe('5 分钟前');
    expect(formatTime(new Date(2026, 10, 24, 9, 5).toISOString(), now)).toBe('今天 09:05');
    expect(formatTime(new Date(2026, 10, 23, 22, 0).toISOString(), now)).toBe('昨天 22:00');
    expect(formatTime(new Date(2026, 1, 3, 8, 0).toISOString(), now)).toBe('02-03 08:00');
    expect(formatTime(new Date(2025, 11, 31, 8, 0).toISOString(), now)).toBe('2025-12-31');
  });
  test('bad input gives an empty string, not "Invalid Date"', () => {
    expect(formatTime('not a date', now)).toBe('');
  });
});

test('greeting follows the hour', () => {
  expect(greeting(new Date(2026, 0, 1, 7))).toBe('早上好');
  expect(greeting(new Date(2026, 0, 1, 10))).toBe('上午好');
  expect(greeting(new Date(2026, 0, 1, 15))).toBe('下午好');
  expect(greeting(new Date(2026, 0, 1, 21))).toBe('晚上好');
});

describe('calendar days', () => {
  test('isoDay is the local calendar day', () => {
    expect(isoDay(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
  });
  test('addDays crosses months, years and leap days', () => {
    expect(addDays('2026-11-24', 7)).toBe('2026-12-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
  test('daysBetween counts whole days either way', () => {
    expect(daysBetween('2026-11-24', '2026-11-24')).toBe(0);
    expect(daysBetween('2026-11-24', '2026-12-01')).toBe(7);
    expect(daysBetween('2026-12-01', '2026-11-24')).toBe(-7);
  });
  test('formatDay drops the year of this year', () => {
    expect(formatDay('2026-12-01', '2026-11-24')).toBe('12月1日');
    expect(formatDay('2027-01-31', '2026-11-24')).toBe('2027年1月31日');
  });
});
