/**
 * Receiver-side helpers for Yuanan webhooks (issue 14 §4). Every POST carries
 * `Yuanan-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`; a receiver recomputes the
 * HMAC over the raw request body (the bytes as received, before any JSON parsing) and refuses a request whose
 * signature does not match or whose `t` is more than the tolerance away from its clock (replay protection).
 * Uses Web Crypto (`globalThis.crypto.subtle`: Node ≥ 20, browsers), so both helpers are async.
 */

const encoder = new TextEncoder();

async function hmacHex(secret: string, message: string | Uint8Array): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new Error('Web Crypto (crypto.subtle) is not available here');
  const key = await subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const bytes = typeof message === 'string' ? encoder.encode(message) : message;
  const mac = new Uint8Array(await subtle.sign('HMAC', key, new Uint8Array(bytes)));
  return Array.from(mac, (b) => b.toString(16).padStart(2, '0')).join('');
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** Compares two strings in time independent of where they differ (lengths may leak; they are fixed here). */
function timingSafeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * The `Yuanan-Signature` header value for `rawBody` signed at `timestampSeconds` (unix seconds) with `secret`
 * (`whsec_…`, used as is as the HMAC key). The api signs the same way; tests and receivers' own tests use this.
 */
export async function signWebhookPayload(
  secret: string,
  rawBody: string | Uint8Array,
  timestampSeconds: number = Math.floor(Date.now() / 1000),
): Promise<string> {
  const body = typeof rawBody === 'string' ? encoder.encode(rawBody) : rawBody;
  const mac = await hmacHex(secret, concat(encoder.encode(`${timestampSeconds}.`), body));
  return `t=${timestampSeconds},v1=${mac}`;
}

/** Why a signature was refused (`ok: true` when it was accepted). */
export type WebhookSignatureCheck =
  | { ok: true; timestamp: number }
  | { ok: false; reason: 'missing_header' | 'malformed_header' | 'timestamp_out_of_tolerance' | 'signature_mismatch' };

/**
 * Checks a webhook request as its receiver: `header` is the `Yuanan-Signature` value, `rawBody` the body bytes
 * exactly as received, `now` the receiver's clock (Date or unix ms), `toleranceSeconds` how far `t` may be from it
 * (default 300 s). Several `v1=` entries are accepted (any may match), so a sender may sign with two secrets while
 * rotating. Never throws for bad input; answers why it refused.
 */
export async function verifyWebhookSignature(
  secret: string,
  header: string | null | undefined,
  rawBody: string | Uint8Array,
  now: Date | number = Date.now(),
  toleranceSeconds = 300,
): Promise<WebhookSignatureCheck> {
  if (!header) return { ok: false, reason: 'missing_header' };
  let t: number | null = null;
  const sigs: string[] = [];
  for (const part of header.split(',')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    const k = part.slice(0, i).trim();
    const v = part.slice(i + 1).trim();
    if (k === 't' && /^\d{1,12}$/.test(v)) t = Number(v);
    else if (k === 'v1' && /^[0-9a-f]{64}$/.test(v)) sigs.push(v);
  }
  if (t === null || !sigs.length) return { ok: false, reason: 'malformed_header' };
  const nowS = (typeof now === 'number' ? now : now.getTime()) / 1000;
  if (Math.abs(nowS - t) > toleranceSeconds) return { ok: false, reason: 'timestamp_out_of_tolerance' };
  const expected = (await signWebhookPayload(secret, rawBody, t)).split('v1=')[1]!;
  let match = false;
  for (const s of sigs) if (timingSafeEqual(s, expected)) match = true;
  return match ? { ok: true, timestamp: t } : { ok: false, reason: 'signature_mismatch' };
}
