/**
 * When an external delivery goes out: an SMS waits out the user's quiet hours, unless the notification is critical
 * (a second-level gas alarm at 3 a.m. must wake the person on call). WeChat messages never wait.
 */
import { deliveryDelayMs, quietDelayMs } from './delivery.ts';

const tz = 'Asia/Shanghai';
const quiet = { from: '22:00', to: '07:00' };
// 23:30 in Shanghai: inside the quiet hours, 7.5 h before they end.
const night = new Date('2026-12-01T15:30:00Z');
const day = new Date('2026-12-01T03:00:00Z');

test('an SMS waits until the quiet hours end, a critical one goes at once', () => {
  expect(quietDelayMs(quiet, night, tz)).toBe(7.5 * 3600_000);
  expect(deliveryDelayMs('sms', 'info', quiet, night, tz)).toBe(7.5 * 3600_000);
  expect(deliveryDelayMs('sms', 'warning', quiet, night, tz)).toBe(7.5 * 3600_000);
  expect(deliveryDelayMs('sms', null, quiet, night, tz)).toBe(7.5 * 3600_000);
  expect(deliveryDelayMs('sms', 'critical', quiet, night, tz)).toBe(0);
});

test('outside the quiet hours, without them, and on WeChat nothing waits', () => {
  expect(deliveryDelayMs('sms', 'info', quiet, day, tz)).toBe(0);
  expect(deliveryDelayMs('sms', 'info', null, night, tz)).toBe(0);
  expect(deliveryDelayMs('wechat', 'info', quiet, night, tz)).toBe(0);
});
