import { createHmac, timingSafeEqual } from 'node:crypto';
import QRCode from 'qrcode';

/**
 * Signed codes for printed QR labels (an enterprise's gate, a duty room, an equipment unit): the payload
 * `<VERSION>.<tenantId>.<id>.<hmac16>` names the zone and the thing, and carries the first 16 hex digits of an
 * HMAC-SHA256 over `<domain>:<VERSION>:<tenantId>:<id>` with the server secret, so a code cannot be made up or
 * edited to name another thing or zone. Codes do not expire (they are on a sign or a sticker); a new server secret
 * re-issues every code. Each kind has its own version prefix and domain, so a gate code never verifies as a unit's.
 * The secret is the api's JWT_SECRET (callers pass it), kept apart from other uses by the domain prefix.
 */
export interface SignedCodeKind {
  /** The payload's first part, e.g. 'YA1' (gate), 'YE1' (equipment unit); letters and digits. */
  version: string;
  /** Domain separation of the HMAC input, e.g. 'gate-qr'. */
  domain: string;
}

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const mac = (secret: string, kind: SignedCodeKind, tenantId: string, id: string) =>
  createHmac('sha256', secret).update(`${kind.domain}:${kind.version}:${tenantId}:${id}`).digest('hex').slice(0, 16);

/** The signed payload for `id` (a uuid) of zone `tenantId`. */
export function signCode(secret: string, kind: SignedCodeKind, tenantId: string, id: string): string {
  return `${kind.version}.${tenantId}.${id}.${mac(secret, kind, tenantId, id)}`;
}

/** The zone and id a scanned code names, or null when it is not a code of this kind or was tampered with. */
export function verifyCode(secret: string, kind: SignedCodeKind, code: string): { tenantId: string; id: string } | null {
  const parts = code.trim().split('.');
  if (parts.length !== 4) return null;
  const [version, tenantId, id, given] = parts as [string, string, string, string];
  if (version !== kind.version || !ID.test(tenantId) || !ID.test(id) || !/^[0-9a-f]{16}$/.test(given)) return null;
  const expected = Buffer.from(mac(secret, kind, tenantId, id));
  if (!timingSafeEqual(expected, Buffer.from(given))) return null;
  return { tenantId, id };
}

/** The code as an SVG image (`qrcode`, error correction M: survives a scuffed sign). */
export function codeSvg(payload: string): Promise<string> {
  return QRCode.toString(payload, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

/** The code as a PNG buffer of `width` pixels (for PDFs), error correction M. */
export function codePng(payload: string, width = 300): Promise<Buffer> {
  return QRCode.toBuffer(payload, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width });
}
