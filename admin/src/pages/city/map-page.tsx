import { useEffect, useRef } from 'react';
import { Alert, Card, Flex, Typography } from 'antd';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import type { CityMap } from '@yuanan/contracts';
import { useNavigate } from 'react-router';
import { useCityMap } from '../../api/supervision-queries.ts';
import { attachMap } from '../../components/leaflet-map.ts';
import { PageContainer } from '../../components/page-container.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { fmtMinute } from '../../components/time.ts';
import { useMessages, type FeatureT } from '../../i18n/feature.ts';
import { CITY_COLOUR_KEYS, CITY_COLOURS, ColourLegend, useLeaveZoneView } from './city-bits.tsx';
import { NoZonesNotice } from '../supervision/no-zones-notice.tsx';
import { cityMessages } from './messages.ts';

type MapZone = CityMap['zones'][number];

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A zone's marker: its name, its enterprises as a stacked colour bar, and its open major hazards. */
function zoneIcon(z: MapZone, t: FeatureT<keyof typeof cityMessages.zh>): L.DivIcon {
  const total = Math.max(1, z.enterprises.total);
  const bar = CITY_COLOUR_KEYS.filter((c) => z.enterprises[c] > 0)
    .map((c) => `<i style="flex:${z.enterprises[c] / total};background:${CITY_COLOURS[c]}"></i>`)
    .join('');
  const counts = CITY_COLOUR_KEYS.filter((c) => c !== 'unrated')
    .map((c) => `<b style="color:${c === 'yellow' ? '#ad8b00' : CITY_COLOURS[c]}">${z.enterprises[c]}</b>`)
    .join(' ');
  const major = z.majorOpen > 0 ? `<span class="city-marker-major">${esc(t('majorOnMap', { n: z.majorOpen }))}</span>` : '';
  return L.divIcon({
    className: 'city-marker',
    html:
      `<div data-testid="city-marker-${esc(z.code)}" style="background:#fff;border:1px solid #1f5fbf;border-radius:6px;` +
      `padding:6px 8px;box-shadow:0 2px 6px rgba(0,0,0,.2);width:170px;font-size:12px;line-height:1.5">` +
      `<div style="font-weight:600;font-size:13px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis">${esc(z.name)}</div>` +
      `<div style="display:flex;height:8px;border-radius:2px;overflow:hidden;background:#f0f0f0;margin:3px 0">${bar}</div>` +
      `<div>${counts} · ${z.enterprises.total}</div>` +
      (major ? `<div style="color:#d9363e;font-weight:600">${major}</div>` : '') +
      `</div>`,
    iconSize: [170, 70],
    iconAnchor: [85, 70],
  });
}

/** 园区地图: the granted zones at their centres, with their colours and open major hazards; a click opens the summary. */
export function CityMapPage() {
  useLeaveZoneView();
  const t = useMessages(cityMessages);
  const navigate = useNavigate();
  const m = useCityMap();
  const el = useRef<HTMLDivElement | null>(null);
  const map = useRef<L.Map | null>(null);
  const layer = useRef<L.LayerGroup | null>(null);
  const placed = (m.data?.zones ?? []).filter((z) => z.centre);
  const unplaced = (m.data?.zones ?? []).filter((z) => !z.centre);

  useEffect(() => {
    if (!el.current) return;
    const lm = L.map(el.current, { zoomControl: true, attributionControl: false }).setView([29.3, 120.08], 10);
    L.control.scale({ imperial: false, position: 'bottomright' }).addTo(lm);
    return attachMap(lm, el.current, map, layer);
  }, []);

  useEffect(() => {
    const lm = map.current;
    const lg = layer.current;
    if (!lm || !lg) return;
    lg.clearLayers();
    const pts: L.LatLngExpression[] = [];
    for (const z of placed) {
      const at: L.LatLngExpression = [z.centre!.lat, z.centre!.lng];
      pts.push(at);
      L.marker(at, { icon: zoneIcon(z, t), riseOnHover: true, title: z.name })
        .on('click', () => navigate(`/city/zones/${z.zoneId}`))
        .addTo(lg);
    }
    if (pts.length === 1) lm.setView(pts[0]!, 12);
    else if (pts.length > 1) lm.fitBounds(L.latLngBounds(pts).pad(0.3), { maxZoom: 13 });
  }, [m.data, t, navigate]);

  return (
    <PageContainer title={t('mapTitle')} description={t('mapDesc')}>
      {m.isError && !m.data && <QueryError error={m.error} onRetry={() => void m.refetch()} />}
      {m.data && m.data.zones.length === 0 && <NoZonesNotice testId="city-map-no-zones" />}
      {unplaced.length > 0 && (
        <Alert type="warning" showIcon title={t('noCentre', { zones: unplaced.map((z) => z.name).join(' · ') })} />
      )}
      <Card
        size="small"
        title={<ColourLegend />}
        extra={
          m.data && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('asOf', { time: fmtMinute(m.data.asOf) })}
            </Typography.Text>
          )
        }
      >
        <Flex vertical>
          <div
            ref={el}
            style={{ height: 'calc(100vh - 300px)', minHeight: 420, background: '#eef3f8', borderRadius: 6 }}
            data-testid="city-map"
          />
        </Flex>
      </Card>
    </PageContainer>
  );
}
