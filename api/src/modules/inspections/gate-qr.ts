import { createHmac, timingSafeEqual } from 'node:crypto';
import QRCode from 'qrcode';

/**
 * The enterprise's gate QR code (门口二维码), printed and posted at its gate: an inspector scans it to check in
 * (扫码签到). The payload `YA1.<tenantId>.<enterpriseId>.<hmac16>` names the zone and the enterprise and carries the
 * first 16 hex digits of an HMAC-SHA256 over both with the server secret, so a code cannot be made up or edited to
 * name another enterprise; it does not expire (it is on a sign), and a new server secret re-issues every code.
 * The secret is the api's JWT_SECRET with its own domain prefix (as signed file URLs do), so no new setting.
 */
const VERSION = 'YA1';
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const mac = (secret: string, tenantId: string, enterpriseId: string) =>
  createHmac('sha256', secret).update(`gate-qr:${VERSION}:${tenantId}:${enterpriseId}`).digest('hex').slice(0, 16);

export function gateQrPayload(secret: string, tenantId: string, enterpriseId: string): string {
  return `${VERSION}.${tenantId}.${enterpriseId}.${mac(secret, tenantId, enterpriseId)}`;
}

/** The zone and enterprise a scanned code names, or null when it is not one of ours or was tampered with. */
export function verifyGateQr(secret: string, code: string): { tenantId: string; enterpriseId: string } | null {
  const parts = code.trim().split('.');
  if (parts.length !== 4) return null;
  const [version, tenantId, enterpriseId, given] = parts as [string, string, string, string];
  if (version !== VERSION || !ID.test(tenantId) || !ID.test(enterpriseId) || !/^[0-9a-f]{16}$/.test(given)) return null;
  const expected = Buffer.from(mac(secret, tenantId, enterpriseId));
  if (!timingSafeEqual(expected, Buffer.from(given))) return null;
  return { tenantId, enterpriseId };
}

/** The code as an SVG image (`qrcode`, error correction M: survives a scuffed sign). */
export function gateQrSvg(payload: string): Promise<string> {
  return QRCode.toString(payload, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}
