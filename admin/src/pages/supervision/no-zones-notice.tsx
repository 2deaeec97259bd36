import { Result, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { BureauGrant } from '@yuanan/contracts';
import { mainClient } from '../../api/client.ts';
import { useMessages, type FeatureT } from '../../i18n/feature.ts';
import { toPlatformWall } from './grant-modal.tsx';
import { supMessages } from './messages.ts';

/** A grant's line: what became of it, and when (Beijing time, as the platform grants it). */
function line(g: BureauGrant, t: FeatureT<keyof typeof supMessages.zh>): string {
  const at = (iso: string) => toPlatformWall(iso).format('YYYY-MM-DD HH:mm');
  if (g.state === 'revoked' && g.revokedAt) return t('endedRevoked', { zone: g.zoneName, time: at(g.revokedAt) });
  if (g.state === 'scheduled') return t('endedScheduled', { zone: g.zoneName, time: at(g.validFrom) });
  if (g.state === 'suspended') return t('endedSuspended', { zone: g.zoneName });
  return t('endedExpired', { zone: g.zoneName, time: at(g.validUntil) });
}

/**
 * What a bureau's city views say when it has no zone to read: never granted (ask the platform operator), or its
 * grants ended — each zone's latest grant, ended / revoked / not yet begun on which date — and whom to ask (the
 * platform operator). Asks the bureau's own grants (GET /supervision/grants) only when shown.
 */
export function NoZonesNotice({ testId = 'city-no-zones' }: { testId?: string }) {
  const t = useMessages(supMessages);
  const mine = useQuery({ queryKey: ['main', 'supervision', 'myGrants'], queryFn: () => mainClient.supervision.myGrants() });
  if (!mine.data) return null;
  // latest end first: one line per zone, its latest grant
  const seen = new Set<string>();
  const latest = mine.data.filter((g) => !seen.has(g.zoneName) && seen.add(g.zoneName));
  if (latest.length === 0) return <Result status="info" title={t('neverTitle')} subTitle={t('neverDesc')} data-testid={testId} />;
  return (
    <Result
      status="warning"
      title={t('endedTitle')}
      data-testid={testId}
      subTitle={
        <>
          {latest.map((g) => (
            <Typography.Paragraph key={g.id} style={{ marginBottom: 4 }} data-testid="city-grant-ended">
              {line(g, t)}
            </Typography.Paragraph>
          ))}
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
            {t('endedContact')}
          </Typography.Paragraph>
        </>
      }
    />
  );
}
