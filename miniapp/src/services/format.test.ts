import {
  addDays,
  daysBetween,
  formatDateTime,
  formatDay,
  formatTime,
  getDisplayTimeZone,
  greeting,
  isoDay,
  setDisplayTimeZone,
  zonedParts,
} from './format';

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

describe("on the zone's clock (zone Asia/Shanghai, phone on UTC)", () => {
  const phoneTz = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = 'UTC'; // the phone's clock (Node re-reads TZ when it changes)
    setDisplayTimeZone('Asia/Shanghai');
  });
  afterAll(() => {
    setDisplayTimeZone(null);
    if (phoneTz === undefined) delete process.env.TZ;
    else process.env.TZ = phoneTz;
  });

  test('the phone really is on UTC here, so the zone makes the difference', () => {
    expect(new Date('2026-12-03T00:00:00Z').getHours()).toBe(0);
    expect(getDisplayTimeZone()).toBe('Asia/Shanghai');
  });
  test('times and days read as in the zone (UTC+8)', () => {
    expect(formatDateTime('2026-12-03T00:00:00Z')).toBe('2026-12-03 08:00');
    expect(formatDateTime('2026-12-02T16:30:00Z')).toBe('2026-12-03 00:30'); // already the 3rd in the zone
    expect(isoDay(new Date('2026-12-02T16:30:00Z'))).toBe('2026-12-03');
    expect(isoDay(new Date('2026-12-02T15:59:00Z'))).toBe('2026-12-02');
    expect(zonedParts(new Date('2026-12-02T16:30:00Z')).weekday).toBe(4); // Thursday 12-03
  });
  test('今天 / 昨天 / greeting follow the zone’s day and hour', () => {
    const zoneNow = new Date('2026-12-03T01:00:00Z'); // 09:00 in the zone, 01:00 on the phone
    expect(formatTime('2026-12-02T16:10:00Z', zoneNow)).toBe('今天 00:10'); // UTC says "yesterday 16:10"
    expect(formatTime('2026-12-02T15:50:00Z', zoneNow)).toBe('昨天 23:50');
    expect(formatTime('2026-02-03T00:00:00Z', zoneNow)).toBe('02-03 08:00');
    expect(greeting(zoneNow)).toBe('上午好'); // 01:00 on the phone would be 夜深了
  });
  test('an unknown zone name falls back to the phone’s clock, not an error', () => {
    setDisplayTimeZone('Mars/Olympus');
    expect(getDisplayTimeZone()).toBeNull();
    expect(formatDateTime('2026-12-03T00:00:00Z')).toBe('2026-12-03 00:00');
    setDisplayTimeZone('Asia/Shanghai');
  });
});
