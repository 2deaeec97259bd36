import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Config } from '../../core/config/config.ts';

/**
 * Device authentication for the IoT ingest (design §4). Each device has a secret DERIVED from the deployment's
 * IOT_DEVICE_KEY — never stored: `base64url(HMAC-SHA256(key, "${tenantId}:${deviceId}:${credentialVersion}"))`.
 * Rotating a device's credentials bumps its credential_version, which changes the secret; the old one stops
 * working at once (the ingest's device cache refreshes on `iot.devices.changed`).
 *
 * A message is signed over its topic and its JSON text: `sig = base64url(HMAC-SHA256(secret, topic + "\n" +
 * canonical))`, where `canonical` is the payload text with the `sig` member removed. The device writes `sig` as the
 * LAST member, so the verifier takes the raw text up to `,"sig":"` and closes it with `}` — no re-serialisation,
 * so number formatting and key order are the device's own. Signing over the topic is what stops a device (or a
 * stolen secret of one) from publishing as another device or into another zone, whatever the broker allows.
 */

/** The marker that starts the signature member; the device writes it last. */
const SIG_MARK = ',"sig":"';

/**
 * The key devices' secrets derive from: IOT_DEVICE_KEY, or in development (unset) a key derived from JWT_SECRET
 * so `npm start` and the simulator agree without configuration. Production should set its own (README: changing
 * it changes every device's secret).
 */
export function iotDeviceKey(config: Pick<Config, 'IOT_DEVICE_KEY' | 'JWT_SECRET'>): string {
  if (config.IOT_DEVICE_KEY) return config.IOT_DEVICE_KEY;
  return createHmac('sha256', config.JWT_SECRET).update('yuanan:iot-device-key:v1').digest('base64url');
}

/**
 * A device's secret (43 characters, base64url of 32 bytes) for credential version `version`. Shown once on
 * create/rotate; derived again whenever needed, never stored.
 */
export function deviceSecret(key: string, tenantId: string, deviceId: string, version: number): string {
  return createHmac('sha256', key).update(`${tenantId}:${deviceId}:${version}`).digest('base64url');
}

/** The signature of `canonical` (payload text without `sig`) on `topic` with a device's secret (base64url). */
export function signatureOf(secret: string, topic: string, canonical: string): string {
  return createHmac('sha256', secret).update(topic).update('\n').update(canonical).digest('base64url');
}

/**
 * Signs a payload for `topic`: `bodyWithoutSig` is the JSON text of an object (e.g. `{"ts":…,"v":{…}}`); returns
 * the same text with `"sig":"…"` appended as its last member — the message to publish. Throws when the body is
 * not a JSON object's text (`{…}`) or already carries a signature mark.
 */
export function signPayload(secret: string, topic: string, bodyWithoutSig: string): string {
  const body = bodyWithoutSig.trim();
  if (!body.startsWith('{') || !body.endsWith('}')) throw new Error('signPayload: the body must be a JSON object');
  if (body.includes(SIG_MARK)) throw new Error('signPayload: the body already has a signature');
  const sig = signatureOf(secret, topic, body);
  return `${body.slice(0, -1)}${body.length > 2 ? ',' : ''}"sig":"${sig}"}`;
}

/**
 * Splits a signed payload into the canonical text (what was signed) and the signature; null when the text does
 * not end with a `"sig":"…"` member (unsigned or not written as the design asks).
 */
export function splitSignature(raw: string): { canonical: string; sig: string } | null {
  const text = raw.trimEnd();
  if (!text.endsWith('"}')) return null;
  let at = text.lastIndexOf(SIG_MARK);
  let canonical: string;
  let start: number;
  if (at >= 0) {
    canonical = `${text.slice(0, at)}}`;
    start = at + SIG_MARK.length;
  } else {
    // `{"sig":"…"}`: an empty body that was signed (`{}`).
    at = text.indexOf('{"sig":"');
    if (at !== 0) return null;
    canonical = '{}';
    start = '{"sig":"'.length;
  }
  const sig = text.slice(start, -2);
  if (!/^[A-Za-z0-9_-]{16,128}$/.test(sig)) return null;
  return { canonical, sig };
}

/** Constant-time comparison of two base64url signatures or secrets. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Verifies a signed payload received on `topic` with the device's secret. Returns the canonical text (the payload
 * without `sig`, to parse) when the signature is right, else null (unsigned, malformed signature member or wrong
 * signature — the ingest counts it as `bad_signature`).
 */
export function verifyPayload(secret: string, topic: string, raw: string): string | null {
  const parts = splitSignature(raw);
  if (!parts) return null;
  return sameSecret(signatureOf(secret, topic, parts.canonical), parts.sig) ? parts.canonical : null;
}
