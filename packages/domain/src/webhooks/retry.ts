/**
 * Webhook delivery retry rule (issue 14 §4). A delivery is tried at most {@link WEBHOOK_MAX_ATTEMPTS} times; after
 * the n-th failed attempt (n = 1…7) it waits `WEBHOOK_RETRY_DELAYS_S[n-1]` seconds: 10 s, 1 min, 5 min, 30 min,
 * 2 h, 6 h, 12 h — 8 attempts spread over ≈ 20 h 36 min, so a receiver that is down for an evening and a night
 * still gets the event. The spacing follows the common practice of webhook senders (short first retries for a
 * blip, hours later for an outage); it is our product rule, not a standard.
 */
export const WEBHOOK_RETRY_DELAYS_S = [10, 60, 300, 1800, 7200, 21600, 43200] as const;

/** Attempts in all (the first try and the retries). */
export const WEBHOOK_MAX_ATTEMPTS = WEBHOOK_RETRY_DELAYS_S.length + 1;

/**
 * Milliseconds to wait after failed attempt number `attempt` (1-based: 1 = the first try failed) before the next
 * one, or `null` when no attempt is left (the delivery has failed for good). `scale` multiplies the delay (tests and
 * benches use e.g. 0.001 so the whole schedule runs in ≈ 74 s · scale); it must be > 0. Throws RangeError for an
 * attempt that is not a positive integer.
 */
export function webhookRetryDelay(attempt: number, scale = 1): number | null {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`attempt must be a positive integer, got ${attempt}`);
  if (!(scale > 0)) throw new RangeError(`scale must be > 0, got ${scale}`);
  const s = WEBHOOK_RETRY_DELAYS_S[attempt - 1];
  return s === undefined ? null : Math.round(s * 1000 * scale);
}
