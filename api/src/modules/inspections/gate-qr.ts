import { codeSvg, signCode, verifyCode, type SignedCodeKind } from '../../core/crypto/signed-code.ts';

/**
 * The enterprise's gate QR code (门口二维码), printed and posted at its gate: an inspector scans it to check in
 * (扫码签到). The payload `YA1.<tenantId>.<enterpriseId>.<hmac16>` names the zone and the enterprise, signed by
 * core/crypto/signed-code.ts (domain 'gate-qr'), so a code cannot be made up or edited to name another enterprise;
 * it does not expire (it is on a sign), and a new server secret re-issues every code.
 */
const GATE: SignedCodeKind = { version: 'YA1', domain: 'gate-qr' };

export function gateQrPayload(secret: string, tenantId: string, enterpriseId: string): string {
  return signCode(secret, GATE, tenantId, enterpriseId);
}

/** The zone and enterprise a scanned code names, or null when it is not one of ours or was tampered with. */
export function verifyGateQr(secret: string, code: string): { tenantId: string; enterpriseId: string } | null {
  const v = verifyCode(secret, GATE, code);
  return v && { tenantId: v.tenantId, enterpriseId: v.id };
}

/** The code as an SVG image (`qrcode`, error correction M: survives a scuffed sign). */
export const gateQrSvg = codeSvg;
