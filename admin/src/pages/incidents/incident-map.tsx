import { useEffect, useMemo, useRef } from 'react';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { addPlanImage, attachMap } from '../../components/leaflet-map.ts';
import { fitPlanTransform } from '@yuanan/domain';
import type { SitePlan } from '../iot/site-plan.tsx';

export interface LatLng {
  lat: number;
  lng: number;
}

/** An enterprise on the desk map: its colour (hex), both positions when known, and whether it is downwind. */
export interface MapEnterprise {
  id: string;
  name: string;
  colour: string;
  lat: number | null;
  lng: number | null;
  planX: number | null;
  planY: number | null;
  inside: boolean;
}

/** A sensitive target (school, hospital …) on the map. */
export interface MapTarget {
  id: string;
  name: string;
  kindText: string;
  lat: number;
  lng: number;
  planX?: number | null;
  planY?: number | null;
  inside: boolean;
}

export interface IncidentMapProps {
  sitePlan: SitePlan | null;
  tileUrl: string | null;
  incident: { lat: number | null; lng: number | null; planX: number | null; planY: number | null; label: string };
  enterprises: MapEnterprise[];
  targets: MapTarget[];
  /** The downwind sector's closed ring (lat/lng) and whether it is the calm full circle. */
  sector: { polygon: LatLng[]; calm: boolean } | null;
  height?: number | string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/**
 * Which map the desk draws: the site plan when the zone has one and the lat/lng of the incident, sector and
 * targets can be put on it — an affine fit from the enterprises that have both positions (domain
 * `fitPlanTransform`, ≥ 3 non-collinear pairs) — else latitude/longitude (the zone's tiles when configured).
 * Returns a function from lat/lng to the map's Leaflet coordinates, and from plan fractions where the mode allows.
 */
export function useMapMode(sitePlan: SitePlan | null, enterprises: MapEnterprise[]) {
  // The control points as a key: the fit (and so the map) is made again only when a position changes, not when an
  // enterprise's downwind flag does (re-making the map mid-zoom breaks Leaflet's animation).
  const pairsKey = JSON.stringify(
    enterprises
      .filter((e) => e.lat != null && e.lng != null && e.planX != null && e.planY != null)
      .map((e) => [e.lat, e.lng, e.planX, e.planY]),
  );
  return useMemo(() => {
    const pairs = (JSON.parse(pairsKey) as Array<[number, number, number, number]>).map(([lat, lng, x, y]) => ({
      lat,
      lng,
      x,
      y,
    }));
    const fit = sitePlan ? fitPlanTransform(pairs) : null;
    if (sitePlan && fit) {
      const at = (x: number, y: number): L.LatLngTuple => [sitePlan.height * (1 - y), sitePlan.width * x];
      return {
        mode: 'plan' as const,
        fromLatLng: (p: LatLng): L.LatLngTuple => {
          const q = fit(p.lat, p.lng);
          return at(q.x, q.y);
        },
        fromPlan: (x: number, y: number): L.LatLngTuple => at(x, y),
      };
    }
    return {
      mode: 'geo' as const,
      fromLatLng: (p: LatLng): L.LatLngTuple => [p.lat, p.lng],
      fromPlan: null as ((x: number, y: number) => L.LatLngTuple) | null,
    };
  }, [sitePlan, pairsKey]);
}

/**
 * The desk's map: the incident (a pulsing red cross), the enterprises in their colours (downwind ones ringed),
 * the downwind sector (red translucent polygon; a full circle in calm air) and the sensitive targets (squares, red
 * when inside). Fits the view to the incident and sector.
 */
export function IncidentMap({ sitePlan, tileUrl, incident, enterprises, targets, sector, height }: IncidentMapProps) {
  const el = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const layer = useRef<L.LayerGroup | null>(null);
  const fitted = useRef<string | null>(null);
  const mode = useMapMode(sitePlan, enterprises);

  useEffect(() => {
    if (!el.current) return;
    const plan = mode.mode === 'plan' ? sitePlan : null;
    const m = L.map(el.current, {
      crs: plan ? L.CRS.Simple : L.CRS.EPSG3857,
      zoomSnap: 0.25,
      attributionControl: false,
      // The view moves when a sector arrives: no zoom animation to be caught half-way by a re-render.
      zoomAnimation: false,
      fadeAnimation: false,
      minZoom: plan ? -3 : 3,
      maxZoom: plan ? 3 : 19,
    });
    if (plan) {
      // No max bounds: a downwind sector often reaches beyond the plan's edge.
      m.fitBounds(addPlanImage(m, plan));
    } else {
      if (tileUrl) L.tileLayer(tileUrl, { maxZoom: 19, subdomains: 'abc' }).addTo(m);
      m.setView([30, 120], 13);
    }
    fitted.current = null;
    return attachMap(m, el.current, map, layer);
  }, [mode, sitePlan, tileUrl]);

  useEffect(() => {
    const g = layer.current;
    const m = map.current;
    if (!g || !m) return;
    g.clearLayers();
    const pts: L.LatLngTuple[] = [];
    const tag = (l: L.Layer & { getElement?: () => Element | undefined }, id: string, attrs: Record<string, string> = {}) => {
      const node = l.getElement?.();
      if (!node) return;
      node.setAttribute('data-testid', id);
      for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    };

    if (sector && sector.polygon.length > 2) {
      const ring = sector.polygon.map(mode.fromLatLng);
      const poly = L.polygon(ring, {
        color: '#cf1322',
        weight: 2,
        dashArray: sector.calm ? '6 4' : undefined,
        fillColor: '#ff4d4f',
        fillOpacity: 0.18,
        interactive: false,
      }).addTo(g);
      tag(poly, 'inc-map-sector', { 'data-calm': String(sector.calm), 'data-points': String(ring.length) });
      pts.push(...ring);
    }

    for (const e of enterprises) {
      const p =
        mode.mode === 'plan' && e.planX != null && e.planY != null
          ? mode.fromPlan!(e.planX, e.planY)
          : e.lat != null && e.lng != null
            ? mode.fromLatLng({ lat: e.lat, lng: e.lng })
            : null;
      if (!p) continue;
      const c = L.circleMarker(p, {
        radius: e.inside ? 8 : 6,
        color: e.inside ? '#cf1322' : '#fff',
        weight: e.inside ? 3 : 1.5,
        fillColor: e.colour,
        fillOpacity: 0.95,
      }).addTo(g);
      c.bindTooltip(esc(e.name), { direction: 'top' });
      tag(c, 'inc-map-enterprise', { 'data-id': e.id, 'data-inside': String(e.inside) });
    }

    for (const tg of targets) {
      const p =
        mode.mode === 'plan' && tg.planX != null && tg.planY != null
          ? mode.fromPlan!(tg.planX, tg.planY)
          : mode.fromLatLng({ lat: tg.lat, lng: tg.lng });
      const mk = L.marker(p, {
        icon: L.divIcon({
          className: `inc-target${tg.inside ? ' inc-target-inside' : ''}`,
          html: '<span></span>',
          iconSize: [16, 16],
          iconAnchor: [8, 8],
        }),
      }).addTo(g);
      mk.bindTooltip(`<b>${esc(tg.name)}</b><br/>${esc(tg.kindText)}`, { direction: 'top' });
      tag(mk, 'inc-map-target', { 'data-id': tg.id, 'data-inside': String(tg.inside) });
      if (tg.inside) pts.push(p);
    }

    const here =
      mode.mode === 'plan' && incident.planX != null && incident.planY != null
        ? mode.fromPlan!(incident.planX, incident.planY)
        : incident.lat != null && incident.lng != null
          ? mode.fromLatLng({ lat: incident.lat, lng: incident.lng })
          : null;
    if (here) {
      const mk = L.marker(here, {
        icon: L.divIcon({ className: 'inc-here', html: '<span></span>', iconSize: [26, 26], iconAnchor: [13, 13] }),
        zIndexOffset: 2000,
      }).addTo(g);
      mk.bindTooltip(esc(incident.label), { direction: 'top', permanent: false });
      tag(mk, 'inc-map-incident');
      pts.push(here);
    }
    // Fit once per sector (a new wind reading moves the view to the new sector; other changes keep the view).
    const fitKey = sector ? `${sector.polygon.length}:${sector.polygon[1]?.lat}:${sector.polygon[1]?.lng}` : 'none';
    if (fitted.current !== fitKey && pts.length) {
      fitted.current = fitKey;
      const b = L.latLngBounds(pts);
      if (mode.mode === 'plan' && pts.length === 1) m.setView(pts[0]!, 0);
      else m.fitBounds(b.pad(0.25), { maxZoom: mode.mode === 'plan' ? 1 : 16 });
    }
  }, [mode, sector, enterprises, targets, incident]);

  return (
    <div className="inc-map-wrap" style={{ height: height ?? '100%' }}>
      <div
        ref={el}
        className={`risk-map ${mode.mode === 'plan' ? 'risk-map-plan' : 'risk-map-geo'}`}
        data-testid="inc-map"
        data-mode={mode.mode}
      />
    </div>
  );
}
