import { uuidv7 } from './ids.ts';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('ids are version-7 UUIDs carrying the time, strictly increasing even past 4,096 in one millisecond', () => {
  const ids = Array.from({ length: 20_000 }, () => uuidv7(1_780_000_000_000));
  expect(ids.every((x) => UUID_V7.test(x))).toBe(true);
  expect(ids.every((x, i) => i === 0 || ids[i - 1]! < x)).toBe(true);
  // The counter overflowed into the following milliseconds instead of repeating.
  const ms = (id: string) => parseInt(id.replace(/-/g, '').slice(0, 12), 16);
  expect(ms(ids[0]!)).toBe(1_780_000_000_000);
  expect(ms(ids.at(-1)!)).toBeGreaterThan(1_780_000_000_000);
  // A clock that steps back does not break the order.
  const before = uuidv7();
  expect(uuidv7(Date.now() - 60_000) > before).toBe(true);
});
