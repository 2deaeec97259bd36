import { useEffect, useRef } from 'react';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';

/** The zone's site-plan image and its pixel size (as the risk map gets it). */
export interface SitePlan {
  url: string;
  width: number;
  height: number;
}

/** How a device marker is drawn: normal green, L1 orange, L2 red flashing, minor yellow, offline grey, disabled hollow. */
export type MarkerState = 'normal' | 'l1' | 'l2' | 'minor' | 'offline' | 'disabled';

export const STATE_COLOURS: Record<MarkerState, string> = {
  normal: '#389e0d',
  l1: '#fa8c16',
  l2: '#f5222d',
  minor: '#d4b106',
  offline: '#8c8c8c',
  disabled: '#8c8c8c',
};

/** One device on the plan: position as fractions of the plan's size (0..1, y from the top), like enterprises'. */
export interface PlanMarker {
  id: string;
  x: number;
  y: number;
  state: MarkerState;
  /** Tooltip HTML-free text (name, value). */
  label: string;
  sub?: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

function deviceIcon(state: MarkerState, selected: boolean): L.DivIcon {
  return L.divIcon({
    className: `iot-marker iot-marker-${state}${selected ? ' iot-marker-focus' : ''}`,
    html: `<span class="iot-dot" style="--dot:${STATE_COLOURS[state]}"></span>`,
    iconSize: [22, 22],
    iconAnchor: [11, 11],
    tooltipAnchor: [0, -10],
  });
}

/**
 * The zone's site plan (Leaflet CRS.Simple with the plan as an image overlay, as the risk map draws it) with the
 * devices as round markers coloured by state. `onPick` turns on point picking: a click on the plan reports the
 * point (fractions, 4 decimals); `picked` shows the picked point.
 */
export function SitePlanMap({
  plan,
  markers,
  selectedId,
  onSelect,
  onPick,
  picked,
  height,
  testId = 'iot-plan',
}: {
  plan: SitePlan;
  markers: PlanMarker[];
  selectedId?: string | null;
  onSelect?: (id: string) => void;
  onPick?: (p: { x: number; y: number }) => void;
  picked?: { x: number; y: number } | null;
  height?: number | string;
  testId?: string;
}) {
  const el = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const layer = useRef<L.LayerGroup | null>(null);
  const handlers = useRef({ select: onSelect, pick: onPick });
  handlers.current = { select: onSelect, pick: onPick };

  useEffect(() => {
    if (!el.current) return;
    const m = L.map(el.current, { crs: L.CRS.Simple, zoomSnap: 0.25, attributionControl: false, minZoom: -3, maxZoom: 3 });
    const bounds = L.latLngBounds([0, 0], [plan.height, plan.width]);
    L.imageOverlay(plan.url, bounds, { className: 'site-plan-image' }).addTo(m);
    m.fitBounds(bounds);
    m.setMaxBounds(bounds.pad(0.25));
    m.on('click', (e: L.LeafletMouseEvent) => {
      const r = (n: number) => Math.round(Math.min(1, Math.max(0, n)) * 10_000) / 10_000;
      handlers.current.pick?.({ x: r(e.latlng.lng / plan.width), y: r(1 - e.latlng.lat / plan.height) });
    });
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
  }, [plan.url, plan.width, plan.height]);

  useEffect(() => {
    const g = layer.current;
    if (!g) return;
    g.clearLayers();
    const at = (x: number, y: number): L.LatLngExpression => [plan.height * (1 - y), plan.width * x];
    for (const mk of markers) {
      const marker = L.marker(at(mk.x, mk.y), {
        icon: deviceIcon(mk.state, mk.id === selectedId),
        title: mk.label,
        alt: mk.label,
        riseOnHover: true,
        zIndexOffset: mk.state === 'l2' ? 1000 : mk.state === 'l1' ? 500 : 0,
      });
      marker.bindTooltip(`<b>${esc(mk.label)}</b>${mk.sub ? `<br/>${esc(mk.sub)}` : ''}`, { direction: 'top' });
      marker.on('click', () => handlers.current.select?.(mk.id));
      marker.addTo(g);
      const node = marker.getElement();
      node?.setAttribute('data-testid', 'iot-marker');
      node?.setAttribute('data-id', mk.id);
      node?.setAttribute('data-state', mk.state);
      // The title names the device (the zone's data, in its language).
      node?.setAttribute('data-user-text', '');
    }
    if (picked) {
      const p = L.marker(at(picked.x, picked.y), {
        icon: L.divIcon({
          className: 'risk-marker',
          html: '<span class="risk-pin" style="--pin:#1f5fbf"></span>',
          iconSize: [26, 34],
          iconAnchor: [13, 32],
        }),
        interactive: false,
      });
      p.addTo(g);
      p.getElement()?.setAttribute('data-testid', 'iot-picked');
    }
  }, [markers, selectedId, picked, plan.width, plan.height]);

  useEffect(() => {
    el.current?.classList.toggle('map-placing', !!onPick);
  }, [onPick]);

  return (
    <div className="iot-plan-wrap" style={{ height: height ?? '100%' }}>
      <div ref={el} className="risk-map risk-map-plan" data-testid={testId} />
    </div>
  );
}
