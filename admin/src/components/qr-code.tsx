import { useEffect, useState } from 'react';
import { Skeleton } from 'antd';
import { useT } from '../i18n/i18n.tsx';

/** A QR code image of `value` (the qrcode library is loaded only where a QR code is shown). */
export function QrCode({ value, size = 180, testId }: { value: string; size?: number; testId?: string }) {
  const t = useT();
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setSrc(null);
    void import('qrcode').then((m) =>
      m.toDataURL(value, { width: size * 2, margin: 1, errorCorrectionLevel: 'M' }).then((url) => {
        if (live) setSrc(url);
      }),
    );
    return () => {
      live = false;
    };
  }, [value, size]);
  if (!src) return <Skeleton.Image active style={{ width: size, height: size }} />;
  return <img src={src} width={size} height={size} alt={t('qr.alt')} data-testid={testId} style={{ display: 'block' }} />;
}
