import { useMemo } from 'react';
import { useBureauReads, useGrantedZones, useZoneReads } from '../../api/supervision-queries.ts';
import { useListQuery } from '../../components/list-page/index.ts';
import { useMessages } from '../../i18n/feature.ts';
import { useLeaveZoneView } from '../city/city-bits.tsx';
import { supMessages } from './messages.ts';
import { ReadsView } from './reads-view.tsx';

/** 上级查看记录 (zone office): who from a supervising bureau read this zone's data, by day and read by read. */
export function ZoneReadsPage() {
  const t = useMessages(supMessages);
  // The bureaus that read the zone in the last 30 days (the days' summary of one small page), to filter by.
  const recent = useZoneReads({ pageSize: 1 });
  const bureaus = useMemo(() => {
    const byId = new Map((recent.data?.days ?? []).map((d) => [d.id, d.name] as const));
    return [...byId].map(([value, label]) => ({ value, label }));
  }, [recent.data]);
  const lq = useListQuery({
    filters: [
      {
        key: 'bureauId',
        kind: 'select',
        label: t('fromBureau'),
        placeholder: t('all'),
        width: 200,
        options: bureaus,
        testId: 'sup-reads-bureau',
      },
      { key: 'range', kind: 'dateRange', label: t('range'), keys: ['from', 'to'] },
    ],
  });
  const list = useZoneReads(lq.params);
  return <ReadsView side="zone" lq={lq} list={list} title={t('zoneReadsTitle')} description={t('zoneReadsDesc')} />;
}

/** 查看记录 (bureau): what the bureau's own people read in each zone. */
export function BureauReadsPage() {
  useLeaveZoneView();
  const t = useMessages(supMessages);
  const zones = useGrantedZones();
  const lq = useListQuery({
    filters: [
      {
        key: 'zoneId',
        kind: 'select',
        label: t('inZone'),
        placeholder: t('all'),
        width: 180,
        options: (zones.data ?? []).map((z) => ({ value: z.zoneId, label: z.name })),
      },
      { key: 'range', kind: 'dateRange', label: t('range'), keys: ['from', 'to'] },
    ],
  });
  const list = useBureauReads(lq.params);
  return <ReadsView side="bureau" lq={lq} list={list} title={t('bureauReadsTitle')} description={t('bureauReadsDesc')} />;
}
