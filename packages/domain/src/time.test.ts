import { addDays, daysOverdue, endOfLocalDay, localDate, parseExifTime, zonedToUtc } from './time.ts';
import { sizeBand } from './size-band.ts';

test('wall times in Asia/Shanghai (UTC+8, no DST) and in a DST zone convert to the right instant', () => {
  expect(zonedToUtc(2026, 11, 20, 9, 30, 0, 'Asia/Shanghai').toISOString()).toBe('2026-11-20T01:30:00.000Z');
  expect(zonedToUtc(2026, 7, 1, 12, 0, 0, 'Europe/Berlin').toISOString()).toBe('2026-07-01T10:00:00.000Z');
  expect(zonedToUtc(2026, 1, 1, 12, 0, 0, 'Europe/Berlin').toISOString()).toBe('2026-01-01T11:00:00.000Z');
});

test('deadlines end at the end of the local day; local dates differ from UTC dates near midnight', () => {
  expect(endOfLocalDay('2026-12-10', 'Asia/Shanghai').toISOString()).toBe('2026-12-10T15:59:59.999Z');
  expect(localDate(new Date('2026-12-10T17:00:00Z'), 'Asia/Shanghai')).toBe('2026-12-11');
  expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
  expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
});

test('EXIF times are read in the zone; nonsense is refused', () => {
  expect(parseExifTime('2026:11:20 09:30:00', 'Asia/Shanghai')?.toISOString()).toBe('2026-11-20T01:30:00.000Z');
  expect(parseExifTime('0000:00:00 00:00:00', 'Asia/Shanghai')).toBeNull();
  expect(parseExifTime('yesterday', 'Asia/Shanghai')).toBeNull();
});

test('size bands (industry, 2017): both thresholds for large, medium, small; else one band down', () => {
  expect(sizeBand(1200, 50000)).toBe('large');
  expect(sizeBand(1200, 3000)).toBe('medium'); // revenue too low for large
  expect(sizeBand(400, 1500)).toBe('small'); // revenue too low for medium
  expect(sizeBand(150, 800)).toBe('small');
  expect(sizeBand(19, 800)).toBe('micro');
  expect(sizeBand(50, 299)).toBe('micro');
  expect(sizeBand(300, 2000)).toBe('medium'); // boundaries belong to the higher band
  expect(sizeBand(20, 300)).toBe('small');
  expect(sizeBand(null, 100)).toBeNull();
});

test('days overdue are calendar days in the zone, whatever the hour (the workbench and the boards agree)', () => {
  const deadline = endOfLocalDay('2026-11-21', 'Asia/Shanghai'); // 2026-11-21T15:59:59.999Z
  // 2026-11-30 17:33 in Shanghai: 8.7 days after the deadline by the clock, the 9th day after its date.
  expect(daysOverdue(deadline, new Date('2026-11-30T09:33:00Z'), 'Asia/Shanghai')).toBe(9);
  expect(daysOverdue(deadline, new Date('2026-11-22T00:30:00+08:00'), 'Asia/Shanghai')).toBe(1);
  expect(daysOverdue(deadline, new Date('2026-11-21T23:00:00+08:00'), 'Asia/Shanghai')).toBe(0);
  expect(daysOverdue(deadline, new Date('2026-11-01T00:00:00Z'), 'Asia/Shanghai')).toBe(0);
});
