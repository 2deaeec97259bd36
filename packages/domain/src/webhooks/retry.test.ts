import { WEBHOOK_MAX_ATTEMPTS, WEBHOOK_RETRY_DELAYS_S, webhookRetryDelay } from './retry.ts';

describe('webhookRetryDelay', () => {
  it('waits 10 s, 1 min, 5 min, 30 min, 2 h, 6 h, 12 h after attempts 1…7', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => webhookRetryDelay(n))).toEqual([
      10_000, 60_000, 300_000, 1_800_000, 7_200_000, 21_600_000, 43_200_000,
    ]);
  });
  it('gives up after the 8th attempt (≈ 20.6 h after the first)', () => {
    expect(WEBHOOK_MAX_ATTEMPTS).toBe(8);
    expect(webhookRetryDelay(8)).toBeNull();
    expect(webhookRetryDelay(9)).toBeNull();
    const total = WEBHOOK_RETRY_DELAYS_S.reduce((a, b) => a + b, 0);
    expect(total / 3600).toBeGreaterThan(20);
    expect(total / 3600).toBeLessThan(21);
  });
  it('scales every delay (tests run the schedule fast)', () => {
    expect(webhookRetryDelay(1, 0.001)).toBe(10);
    expect(webhookRetryDelay(7, 0.001)).toBe(43_200);
    expect(webhookRetryDelay(8, 0.001)).toBeNull();
  });
  it('refuses attempt numbers that are not positive integers and a scale ≤ 0', () => {
    expect(() => webhookRetryDelay(0)).toThrow(RangeError);
    expect(() => webhookRetryDelay(1.5)).toThrow(RangeError);
    expect(() => webhookRetryDelay(1, 0)).toThrow(RangeError);
    expect(() => webhookRetryDelay(1, Number.NaN)).toThrow(RangeError);
  });
});
