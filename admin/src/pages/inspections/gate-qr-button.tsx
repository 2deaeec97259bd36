import { useGateQr } from '../../api/inspection-queries.ts';
import { SignedQrButton } from '../../components/signed-qr-button.tsx';
import { useMessages } from '../../i18n/feature.ts';
import { insMessages } from './messages.ts';

/**
 * 大门二维码: the enterprise's signed gate QR code (GET /enterprises/:id/gate-qr, drawn by the server), shown in a
 * dialog and printed on its own page with the enterprise's name.
 */
export function GateQrButton({ enterprise }: { enterprise: { id: string; name: string } }) {
  const t = useMessages(insMessages);
  return (
    <SignedQrButton
      useQr={(open) => useGateQr(open ? enterprise.id : undefined)}
      label={t('gateQr')}
      title={t('gateQrTitle', { name: enterprise.name })}
      hint={t('gateQrHint')}
      heading={enterprise.name}
      printLabel={t('print')}
      testId="ent-gate-qr"
    />
  );
}
