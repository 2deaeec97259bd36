import { useDutyQr } from '../../api/duty-queries.ts';
import { SignedQrButton } from '../../components/signed-qr-button.tsx';
import { useMessages } from '../../i18n/feature.ts';
import { dutyMessages } from './messages.ts';

/**
 * 值班室二维码: the team's signed duty-room QR code (GET /duty/teams/:id/qr, drawn by the server), shown in a dialog
 * and printed on its own page with the team's name — members scan it to check in.
 */
export function DutyQrButton({ team, size = 'middle' }: { team: { id: string; name: string }; size?: 'small' | 'middle' }) {
  const t = useMessages(dutyMessages);
  return (
    <SignedQrButton
      useQr={(open) => useDutyQr(open ? team.id : undefined)}
      label={t('qr')}
      title={t('qrTitle', { name: team.name })}
      hint={t('qrHint')}
      heading={team.name}
      subheading={t('qr')}
      printLabel={t('print')}
      testId="duty-qr"
      size={size}
    />
  );
}
