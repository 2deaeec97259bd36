import { useEffect, useRef } from 'react';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { addPlanImage, attachMap } from '../../components/leaflet-map.ts';
import type { CommandHallSnapshot, HallIncident } from './types.ts';

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
type Pt = [number, number];
/** Incidents closer than this on screen (px) share one marker and one label with a line each. */
const GROUP_PX = 40;
/** Lines a shared label lists before "+N". */
const GROUP_LINES = 4;

/**
 * A polygon clipped to the rectangle [0, maxY] × [0, maxX] (Sutherland–Hodgman; points as [y, x], the plan's
 * CRS.Simple coordinates): the downwind sector stays on the site plan instead of running over the screen.
 */
export function clipToRect(points: Pt[], maxY: number, maxX: number): Pt[] {
  const edges: Array<{ inside: (p: Pt) => boolean; cut: (a: Pt, b: Pt) => Pt }> = [
    { inside: (p) => p[0] >= 0, cut: (a, b) => at(a, b, (0 - a[0]) / (b[0] - a[0])) },
    { inside: (p) => p[0] <= maxY, cut: (a, b) => at(a, b, (maxY - a[0]) / (b[0] - a[0])) },
    { inside: (p) => p[1] >= 0, cut: (a, b) => at(a, b, (0 - a[1]) / (b[1] - a[1])) },
    { inside: (p) => p[1] <= maxX, cut: (a, b) => at(a, b, (maxX - a[1]) / (b[1] - a[1])) },
  ];
  let out = points;
  for (const e of edges) {
    const src = out;
    out = [];
    for (let i = 0; i < src.length; i++) {
      const cur = src[i];
      const prev = src[(i + src.length - 1) % src.length];
      if (e.inside(cur)) {
        if (!e.inside(prev)) out.push(e.cut(prev, cur));
        out.push(cur);
      } else if (e.inside(prev)) out.push(e.cut(prev, cur));
    }
  }
  return out;
}
type Box = { left: number; right: number; top: number; bottom: number };
const boxOf = (el: HTMLElement): Box => {
  const r = el.getBoundingClientRect();
  return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
};
const hits = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
const within = (a: Box, b: Box) => a.left >= b.left && a.right <= b.right && a.top >= b.top && a.bottom <= b.bottom;

/**
 * Labels of nearby places that would cover one another are moved, the most important (placed first) staying where
 * it is: a label goes to the other side of its marker when that side is free and on the map, else up or down
 * (whichever moves it less and stays on the map), so every incident number stays readable.
 */
function unstackLabels(tips: L.Tooltip[], map: HTMLElement): void {
  const area = boxOf(map);
  const placed: Box[] = [];
  const free = (r: Box) => !placed.some((p) => hits(p, r));
  for (const tip of tips) {
    const el = tip.getElement();
    if (!el) continue;
    let r = boxOf(el);
    if (!free(r)) {
      const side = tip.options.direction;
      const offset = L.point(tip.options.offset ?? [0, 0]);
      const turn = (dir: 'left' | 'right', dx: number) => {
        tip.options.direction = dir;
        tip.options.offset = L.point(dx, offset.y);
        tip.update();
      };
      turn(side === 'right' ? 'left' : 'right', -offset.x);
      const flipped = boxOf(el);
      if (free(flipped) && within(flipped, area)) r = flipped;
      else {
        turn(side === 'left' ? 'left' : 'right', offset.x);
        // The stage may be scaled: screen pixels per CSS pixel.
        const k = el.offsetHeight ? (r.bottom - r.top) / el.offsetHeight : 1;
        const shift = (down: boolean): number | null => {
          let dy = 0;
          for (let n = 0; n < 12; n++) {
            const hit = placed.find((p) => hits(p, { ...r, top: r.top + dy, bottom: r.bottom + dy }));
            if (!hit) return dy;
            dy = down ? hit.bottom + 4 * k - r.top : hit.top - 4 * k - r.bottom;
          }
          return null;
        };
        const fits = (dy: number | null) => dy !== null && within({ ...r, top: r.top + dy, bottom: r.bottom + dy }, area);
        const [down, up] = [shift(true), shift(false)];
        const dy = fits(down) && fits(up) ? (Math.abs(down!) <= Math.abs(up!) ? down! : up!) : fits(up) ? up! : (down ?? 0);
        el.style.marginTop = `${dy / k}px`;
        r = { ...r, top: r.top + dy, bottom: r.bottom + dy };
      }
    }
    placed.push(r);
  }
}
const at = (a: Pt, b: Pt, k: number): Pt => [a[0] + (b[0] - a[0]) * k, a[1] + (b[1] - a[1]) * k];

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
  labels: { incident: (no: string, drill: boolean) => string; more: (n: number) => string };
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
      m.fitBounds(addPlanImage(m, plan), { padding: [12, 12] });
    } else {
      m = L.map(el.current, { ...common, minZoom: 3, maxZoom: 19 });
      if (tileUrl) L.tileLayer(tileUrl, { maxZoom: 19 }).addTo(m);
      m.setView(center ? [center.lat, center.lng] : [30, 120], center?.zoom ?? 14);
    }
    return attachMap(m, el.current, map, layer);
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
    // A lat/lng map without a configured centre fits the enterprises once (before the incidents
    // are grouped by their distance on screen).
    if (mode === 'geo' && !center && !fitted.current && geoBounds.length) {
      fitted.current = true;
      m.fitBounds(L.latLngBounds(geoBounds), { padding: [40, 40], maxZoom: 16, animate: false });
    }
    for (const inc of data.incidents) {
      if (!inc.sector) continue;
      const pts: L.LatLngExpression[] =
        mode === 'plan' && plan
          ? clipToRect(
              (inc.sector.planPolygon ?? []).map((q): Pt => [plan.height * (1 - q.y), plan.width * q.x]),
              plan.height,
              plan.width,
            )
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
    // Incidents at (nearly) the same place — several SOS from one enterprise, a phone's position a few metres off —
    // share one marker in the colour of the first (the cards' order: real before drills, most severe, newest) and
    // one label listing each number on its own line, so none hides another.
    const groups: Array<{ pos: L.LatLngExpression; px: L.Point; items: HallIncident[] }> = [];
    const ordered = [...data.incidents].sort(
      (a, b) =>
        Number(a.isDrill) - Number(b.isDrill) || b.severity - a.severity || Date.parse(b.learnedAt) - Date.parse(a.learnedAt),
    );
    for (const inc of ordered) {
      const pos = at(inc);
      if (!pos) continue;
      const px = m.latLngToLayerPoint(pos);
      const near = groups.find((x) => x.px.distanceTo(px) < GROUP_PX);
      if (near) near.items.push(inc);
      else groups.push({ pos, px, items: [inc] });
    }
    const tips: L.Tooltip[] = [];
    for (const grp of groups) {
      const [first] = grp.items;
      const colour = (i: HallIncident) => (i.isDrill ? '#7a4cff' : (LEVEL_COLOURS[i.level] ?? LEVEL_COLOURS.I));
      const count = grp.items.length > 1 ? `<b>${grp.items.length}</b>` : '';
      const mk = L.marker(grp.pos, {
        icon: L.divIcon({
          className: `hall-inc-mk${first.isDrill ? ' drill' : ''}`,
          html: `<span style="--c:${LEVEL_COLOURS[first.level] ?? LEVEL_COLOURS.I}">!${count}</span>`,
          iconSize: [52, 52],
          iconAnchor: [26, 26],
        }),
        keyboard: false,
        zIndexOffset: 1000,
      }).addTo(g);
      const lines = grp.items
        .slice(0, grp.items.length > GROUP_LINES ? GROUP_LINES - 1 : GROUP_LINES)
        .map(
          (i) =>
            `<div class="hall-tip-line" data-testid="hall-incident-label" data-id="${esc(i.id)}">` +
            `<i style="background:${colour(i)}"></i>${esc(labels.incident(i.no, i.isDrill))}</div>`,
        );
      const rest = grp.items.length - lines.length;
      if (rest > 0) lines.push(`<div class="hall-tip-line more">${esc(labels.more(rest))}</div>`);
      // Left or right of the marker, whichever side of the map has more room.
      const right = grp.px.x - m.latLngToLayerPoint(m.getCenter()).x < m.getSize().x * 0.15;
      mk.bindTooltip(lines.join(''), {
        className: 'hall-tip hall-inc-tip',
        direction: right ? 'right' : 'left',
        offset: right ? [20, 0] : [-20, 0],
        permanent: true,
      });
      const tip = mk.getTooltip();
      if (tip) tips.push(tip);
      const node = mk.getElement();
      node?.setAttribute('data-testid', 'hall-incident-marker');
      node?.setAttribute('data-id', first.id);
      node?.setAttribute('data-ids', grp.items.map((i) => i.id).join(' '));
    }
    unstackLabels(tips, m.getContainer());
  }, [data, mode, plan, center, labels]);

  return <div ref={el} className="hall-map" data-testid="hall-map" data-mode={mode ?? 'none'} />;
}
