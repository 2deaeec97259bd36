import { useEffect, useRef } from 'react';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import type { CommandHallSnapshot } from './types.ts';

/** Severity colours of the alarm markers (IoT: critical red, major orange, minor yellow, warning blue). */
export const ALARM_COLOURS: Record<string, string> = {
  critical: '#ff4d4f',
  major: '#ff9c2b',
  minor: '#fadb14',
  warning: '#3a8dff',
};
/** Warning-level colours (突发事件应对法: I red, II orange, III yellow, IV blue). */
export const LEVEL_COLOURS: Record<string, string> = { I: '#ff4d4f', II: '#ff9c2b', III: '#e6b800', IV: '#3a8dff' };
const NONE = '#8c8c8c';
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

type Mode = 'plan' | 'geo';

/**
 * The zone's map on the big screen: the site plan (Leaflet CRS.Simple, the plan as an image, points as fractions of
 * its size) when the zone has one, else latitude/longitude (the zone's tile layer when configured, a dark ground
 * otherwise). Enterprises in their risk colours, active IoT alarms pulsing, open incidents as large markers with the
 * downwind sector (a polygon) when the wind is known. Not interactive beyond tooltips: it is a wall screen.
 */
export function HallMap({
  data,
  labels,
}: {
  data: CommandHallSnapshot;
  labels: { incident: (no: string, drill: boolean) => string };
}) {
  const el = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const layer = useRef<L.LayerGroup | null>(null);
  const plan = data.zone.sitePlan;
  const mode: Mode | null = plan ? 'plan' : data.zone.mapCenter || data.enterprises.some((e) => e.lat != null) ? 'geo' : null;
  const tileUrl = data.zone.tileUrl;
  const center = data.zone.mapCenter;

  // The map itself: built again only when the ground changes (another plan, the other mode, another tile layer).
  useEffect(() => {
    if (!el.current || !mode) return;
    const common = { attributionControl: false, zoomControl: false, zoomSnap: 0, fadeAnimation: false } as const;
    let m: L.Map;
    if (mode === 'plan' && plan) {
      m = L.map(el.current, { ...common, crs: L.CRS.Simple, minZoom: -4, maxZoom: 3 });
      const bounds = L.latLngBounds([0, 0], [plan.height, plan.width]);
      L.imageOverlay(plan.url, bounds, { className: 'site-plan-image' }).addTo(m);
      m.fitBounds(bounds, { padding: [12, 12] });
    } else {
      m = L.map(el.current, { ...common, minZoom: 3, maxZoom: 19 });
      if (tileUrl) L.tileLayer(tileUrl, { maxZoom: 19 }).addTo(m);
      m.setView(center ? [center.lat, center.lng] : [30, 120], center?.zoom ?? 14);
    }
    layer.current = L.layerGroup().addTo(m);
    map.current = m;
    const ro = new ResizeObserver(() => m.invalidateSize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      m.remove();
      map.current = null;
      layer.current = null;
    };
  }, [mode, plan?.url, plan?.width, plan?.height, tileUrl, center?.lat, center?.lng, center?.zoom]);

  // The layers: redrawn on every snapshot (a few hundred markers at most).
  const fitted = useRef(false);
  useEffect(() => {
    const g = layer.current;
    const m = map.current;
    if (!g || !m || !mode) return;
    g.clearLayers();
    type Place = { lat: number | null; lng: number | null; planX: number | null; planY: number | null };
    const at = (p: Place): L.LatLngExpression | null => {
      if (mode === 'plan' && plan)
        return p.planX != null && p.planY != null ? [plan.height * (1 - p.planY), plan.width * p.planX] : null;
      return p.lat != null && p.lng != null ? [p.lat, p.lng] : null;
    };
    const geoBounds: L.LatLngExpression[] = [];
    for (const e of data.enterprises) {
      const pos = at(e);
      if (!pos) continue;
      geoBounds.push(pos);
      const colour = e.riskColour ? (data.zone.palette[e.riskColour]?.color ?? NONE) : NONE;
      const mk = L.marker(pos, {
        icon: L.divIcon({
          className: 'hall-ent',
          html: `<span style="--c:${colour}"></span>`,
          iconSize: [18, 18],
          iconAnchor: [9, 9],
        }),
        keyboard: false,
        title: e.name,
      }).addTo(g);
      mk.getElement()?.setAttribute('data-testid', 'hall-enterprise');
      mk.getElement()?.setAttribute('data-colour', e.riskColour ?? 'none');
    }
    for (const inc of data.incidents) {
      if (!inc.sector) continue;
      const pts: L.LatLngExpression[] =
        mode === 'plan' && plan
          ? (inc.sector.planPolygon ?? []).map((q) => [plan.height * (1 - q.y), plan.width * q.x] as L.LatLngTuple)
          : inc.sector.polygon.map((q) => [q.lat, q.lng] as L.LatLngTuple);
      if (pts.length < 3) continue;
      const poly = L.polygon(pts, {
        color: inc.isDrill ? '#a58bff' : '#ff9c2b',
        weight: 3,
        dashArray: '10 8',
        fillColor: inc.isDrill ? '#7a4cff' : '#ff7a00',
        fillOpacity: 0.22,
        interactive: false,
      }).addTo(g);
      const node = poly.getElement();
      node?.setAttribute('data-testid', 'hall-sector');
      node?.setAttribute('data-incident', inc.id);
    }
    for (const a of data.alarms) {
      const pos = at(a);
      if (!pos) continue;
      const mk = L.marker(pos, {
        icon: L.divIcon({
          className: 'hall-alarm-mk',
          html: `<span style="--c:${ALARM_COLOURS[a.severity] ?? ALARM_COLOURS.critical}"></span>`,
          iconSize: [28, 28],
          iconAnchor: [14, 14],
        }),
        keyboard: false,
        zIndexOffset: 500,
      }).addTo(g);
      mk.bindTooltip(esc(a.deviceName), { className: 'hall-tip', direction: 'top', offset: [0, -12] });
      const node = mk.getElement();
      node?.setAttribute('data-testid', 'hall-alarm-marker');
      node?.setAttribute('data-id', a.id);
    }
    // Incidents at the same place (two SOS from one enterprise) are stacked downwards, each with its number.
    const stacked = new Map<string, number>();
    for (const inc of data.incidents) {
      const pos = at(inc);
      if (!pos) continue;
      const [py, px] = pos as [number, number];
      const key = `${py.toFixed(5)}:${px.toFixed(5)}`;
      const k = stacked.get(key) ?? 0;
      stacked.set(key, k + 1);
      const dy = k * 58;
      const mk = L.marker(pos, {
        icon: L.divIcon({
          className: `hall-inc-mk${inc.isDrill ? ' drill' : ''}`,
          html: `<span style="--c:${LEVEL_COLOURS[inc.level] ?? LEVEL_COLOURS.I}">!</span>`,
          iconSize: [52, 52],
          iconAnchor: [26, 26 - dy],
          tooltipAnchor: [26, dy],
        }),
        keyboard: false,
        zIndexOffset: 1000 - k,
      }).addTo(g);
      mk.bindTooltip(esc(labels.incident(inc.no, inc.isDrill)), { className: 'hall-tip', direction: 'right', permanent: true });
      const node = mk.getElement();
      node?.setAttribute('data-testid', 'hall-incident-marker');
      node?.setAttribute('data-id', inc.id);
    }
    // A lat/lng map without a configured centre fits the enterprises once.
    if (mode === 'geo' && !center && !fitted.current && geoBounds.length) {
      fitted.current = true;
      m.fitBounds(L.latLngBounds(geoBounds), { padding: [40, 40], maxZoom: 16 });
    }
  }, [data, mode, plan, center, labels]);

  return <div ref={el} className="hall-map" data-testid="hall-map" data-mode={mode ?? 'none'} />;
}
