import Taro from '@tarojs/taro';
import { round6, wgs84ToGcj02 } from './geo';

export type Located = { ok: true; lat: number; lng: number } | { ok: false; reason: 'denied' | 'unavailable' };

/**
 * Where the phone is (GCJ-02), for a report. Optional and never blocking: it gives up after `timeoutMs`.
 * WeChat answers in GCJ-02 itself; a browser only in WGS-84, converted here.
 */
export async function locate(timeoutMs = 8000): Promise<Located> {
  const h5 = process.env.TARO_ENV === 'h5';
  const ask = Taro.getLocation({ type: h5 ? 'wgs84' : 'gcj02', isHighAccuracy: false })
    .then((r): Located => {
      const p = h5 ? wgs84ToGcj02(r.latitude, r.longitude) : { lat: round6(r.latitude), lng: round6(r.longitude) };
      return { ok: true, ...p };
    })
    .catch((e: unknown): Located => {
      const msg = (e as { errMsg?: string })?.errMsg ?? String(e);
      return { ok: false, reason: /auth|deny|denied|permission/i.test(msg) ? 'denied' : 'unavailable' };
    });
  const late = new Promise<Located>((resolve) => setTimeout(() => resolve({ ok: false, reason: 'unavailable' }), timeoutMs));
  return Promise.race([ask, late]);
}
