import Taro from '@tarojs/taro';
import { round6, wgs84ToGcj02 } from '../../pkg-hazard/services/geo';

export type Position =
  { ok: true; lat: number; lng: number; accuracyM: number | null } | { ok: false; reason: 'denied' | 'unavailable' };

/**
 * Where the phone is (GCJ-02, like WeChat and the enterprise file), with the accuracy GPS reports: for 签到 and for
 * sorting today's tasks by distance. A browser answers in WGS-84 (converted here). Gives up after `timeoutMs`.
 */
export async function position(timeoutMs = 10_000, highAccuracy = true): Promise<Position> {
  const h5 = process.env.TARO_ENV === 'h5';
  const ask = Taro.getLocation({ type: h5 ? 'wgs84' : 'gcj02', isHighAccuracy: highAccuracy, highAccuracyExpireTime: 4000 })
    .then((r): Position => {
      const p = h5 ? wgs84ToGcj02(r.latitude, r.longitude) : { lat: round6(r.latitude), lng: round6(r.longitude) };
      const acc = typeof r.accuracy === 'number' && Number.isFinite(r.accuracy) ? Math.round(r.accuracy) : null;
      return { ok: true, ...p, accuracyM: acc };
    })
    .catch((e: unknown): Position => {
      const msg = (e as { errMsg?: string })?.errMsg ?? String(e);
      return { ok: false, reason: /auth|deny|denied|permission/i.test(msg) ? 'denied' : 'unavailable' };
    });
  const late = new Promise<Position>((resolve) => setTimeout(() => resolve({ ok: false, reason: 'unavailable' }), timeoutMs));
  return Promise.race([ask, late]);
}

/** The last position found this session (today's list asks once, the task page reuses it while it is fresh). */
let last: { at: number; p: Extract<Position, { ok: true }> } | null = null;

export async function recentPosition(maxAgeMs = 60_000, timeoutMs = 5000): Promise<Position> {
  if (last && Date.now() - last.at < maxAgeMs) return last.p;
  const p = await position(timeoutMs, false);
  if (p.ok) last = { at: Date.now(), p };
  return p;
}

export function rememberPosition(p: Position): void {
  if (p.ok) last = { at: Date.now(), p };
}
