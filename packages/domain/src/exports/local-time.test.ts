import { fileStamp, utcOffset, zonedTimestamp } from './index.ts';

// 2026-11-23T17:30:05Z is 2026-11-24 01:30:05 in Shanghai: the date differs from the UTC one.
const AT = new Date('2026-11-23T17:30:05.678Z');

test('zonedTimestamp writes the zone wall clock with its offset, never the UTC time', () => {
  expect(zonedTimestamp(AT, 'Asia/Shanghai')).toBe('2026-11-24 01:30:05 (UTC+08:00 Asia/Shanghai)');
  expect(zonedTimestamp(AT, 'UTC')).toBe('2026-11-23 17:30:05 (UTC+00:00 UTC)');
  // a negative, half-hour and a daylight-saving offset
  expect(zonedTimestamp(AT, 'America/St_Johns')).toBe('2026-11-23 14:00:05 (UTC-03:30 America/St_Johns)');
  expect(utcOffset(new Date('2026-07-01T12:00:00Z'), 'Europe/Berlin')).toBe('+02:00');
  expect(utcOffset(new Date('2026-01-01T12:00:00Z'), 'Europe/Berlin')).toBe('+01:00');
});

test('fileStamp carries the seconds of the zone wall clock', () => {
  expect(fileStamp(AT, 'Asia/Shanghai')).toBe('20261124-013005');
  expect(fileStamp(new Date('2026-11-23T17:30:06Z'), 'Asia/Shanghai')).not.toBe(fileStamp(AT, 'Asia/Shanghai'));
});
