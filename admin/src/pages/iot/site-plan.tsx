import { useEffect, useRef } from 'react';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { addPlanImage, attachMap } from '../../components/leaflet-map.ts';

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

function deviceIcon(state: MarkerState, selected: boolean, offset: [number, number]): L.DivIcon {
  const [dx, dy] = offset;
  return L.divIcon({
    className: `iot-marker iot-marker-${state}${selected ? ' iot-marker-focus' : ''}`,
    html: `<span class="iot-dot" style="--dot:${STATE_COLOURS[state]}"></span>`,
    iconSize: [22, 22],
    iconAnchor: [11 - dx, 11 - dy],
    tooltipAnchor: [dx, dy - 10],
  });
}

/** Markers closer than this (plan fractions) count as one place: they are drawn in a ring around it. */
export const SAME_PLACE = 0.012;

/**
 * Where each marker is drawn: co-located markers — the same or nearly the same point, within `SAME_PLACE` of each
 * other (chained) — are anchored at their group's centre (`x`, `y`, fractions) and spread evenly on a small ring
 * around it by a screen offset (`offset`, px, x right / y down) that stays the same at every zoom, so each can be
 * clicked; a marker alone keeps its point and [0, 0]. Deterministic: a group's members are ordered by id.
 */
export function spreadOffsets(
  markers: Array<Pick<PlanMarker, 'id' | 'x' | 'y'>>,
  near = SAME_PLACE,
): Map<string, { x: number; y: number; offset: [number, number] }> {
  const parent = markers.map((_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i]!)));
  for (let i = 0; i < markers.length; i++)
    for (let j = i + 1; j < markers.length; j++)
      if (Math.hypot(markers[i]!.x - markers[j]!.x, markers[i]!.y - markers[j]!.y) < near) parent[root(i)] = root(j);
  const groups = new Map<number, number[]>();
  markers.forEach((_, i) => groups.set(root(i), [...(groups.get(root(i)) ?? []), i]));
  const out = new Map<string, { x: number; y: number; offset: [number, number] }>();
  for (const members of groups.values()) {
    if (members.length === 1) {
      const m = markers[members[0]!]!;
      out.set(m.id, { x: m.x, y: m.y, offset: [0, 0] });
      continue;
    }
    // Centre of the group; each member on the ring, neighbours 24 px apart (a dot is 22 px), at least 16 px out.
    const cx = members.reduce((a, i) => a + markers[i]!.x, 0) / members.length;
    const cy = members.reduce((a, i) => a + markers[i]!.y, 0) / members.length;
    const radius = Math.max(16, (24 * members.length) / (2 * Math.PI));
    const sorted = [...members].sort((a, b) => (markers[a]!.id < markers[b]!.id ? -1 : 1));
    sorted.forEach((i, k) => {
      const angle = -Math.PI / 2 + (2 * Math.PI * k) / sorted.length;
      out.set(markers[i]!.id, {
        x: cx,
        y: cy,
        offset: [Math.round(radius * Math.cos(angle)), Math.round(radius * Math.sin(angle))],
      });
    });
  }
  return out;
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
    const bounds = addPlanImage(m, plan);
    m.fitBounds(bounds);
    m.setMaxBounds(bounds.pad(0.25));
    m.on('click', (e: L.LeafletMouseEvent) => {
      const r = (n: number) => Math.round(Math.min(1, Math.max(0, n)) * 10_000) / 10_000;
      handlers.current.pick?.({ x: r(e.latlng.lng / plan.width), y: r(1 - e.latlng.lat / plan.height) });
    });
    return attachMap(m, el.current, map, layer);
  }, [plan.url, plan.width, plan.height]);

  useEffect(() => {
    const g = layer.current;
    if (!g) return;
    g.clearLayers();
    const at = (x: number, y: number): L.LatLngExpression => [plan.height * (1 - y), plan.width * x];
    const places = spreadOffsets(markers);
    for (const mk of markers) {
      const place = places.get(mk.id) ?? { x: mk.x, y: mk.y, offset: [0, 0] as [number, number] };
      const marker = L.marker(at(place.x, place.y), {
        icon: deviceIcon(mk.state, mk.id === selectedId, place.offset),
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
