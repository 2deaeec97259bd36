import { useEffect, useRef } from 'react';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';

export type Geofence = { radiusM: number } | { polygon: [number, number][] };
export interface Point {
  lat: number;
  lng: number;
}

function pin(colour: string): L.DivIcon {
  return L.divIcon({
    className: 'risk-marker',
    html: `<span class="risk-pin" style="--pin:${colour}"></span>`,
    iconSize: [26, 34],
    iconAnchor: [13, 32],
    tooltipAnchor: [0, -30],
  });
}

/**
 * The check-in proof on a small latitude/longitude map (Leaflet, as the risk map): the enterprise's point and its
 * geofence (a circle of the radius, or the polygon), the check-in point as a pin (green inside, red outside) with
 * its GPS accuracy, and a dashed line between them. The zone's tile layer when it has one, else the plain grid.
 */
export function ProofMap({
  site,
  fence,
  checkIn,
  inside,
  tileUrl,
  labels,
  height = 280,
}: {
  site: Point;
  fence: Geofence;
  checkIn: (Point & { accuracyM?: number | null }) | null;
  inside: boolean | null;
  tileUrl?: string | null;
  labels: { site: string; checkIn: string };
  height?: number;
}) {
  const el = useRef<HTMLDivElement>(null);
  const key = JSON.stringify([site, fence, checkIn, inside, tileUrl]);
  useEffect(() => {
    if (!el.current) return;
    const m = L.map(el.current, { attributionControl: false, zoomSnap: 0.25, maxZoom: 19, minZoom: 3 });
    if (tileUrl) L.tileLayer(tileUrl, { maxZoom: 19, subdomains: 'abc' }).addTo(m);
    const bounds = L.latLngBounds([site.lat, site.lng], [site.lat, site.lng]);
    const fenceStyle = { color: '#1f5fbf', weight: 2, fillColor: '#1f5fbf', fillOpacity: 0.08 };
    if ('polygon' in fence && fence.polygon.length >= 3) {
      const poly = L.polygon(fence.polygon, fenceStyle).addTo(m);
      bounds.extend(poly.getBounds());
    } else {
      const radius = 'radiusM' in fence ? fence.radiusM : 300;
      L.circle([site.lat, site.lng], { radius, ...fenceStyle }).addTo(m);
      // A circle's bounds need the map's projection: computed from the radius in degrees instead.
      const r = radius / 111_320;
      bounds.extend([site.lat - r, site.lng - r / Math.cos((site.lat * Math.PI) / 180)]);
      bounds.extend([site.lat + r, site.lng + r / Math.cos((site.lat * Math.PI) / 180)]);
    }
    // The enterprise: a small dot at the fence's centre; the check-in: the pin (where the inspector stood).
    L.circleMarker([site.lat, site.lng], { radius: 5, color: '#fff', weight: 2, fillColor: '#1f5fbf', fillOpacity: 1 })
      .bindTooltip(labels.site, { direction: 'bottom' })
      .addTo(m);
    if (checkIn) {
      const colour = inside === false ? '#d9363e' : '#389e0d';
      if (checkIn.accuracyM)
        L.circle([checkIn.lat, checkIn.lng], {
          radius: checkIn.accuracyM,
          color: colour,
          weight: 1,
          dashArray: '3 3',
          fillOpacity: 0.05,
        }).addTo(m);
      L.polyline(
        [
          [site.lat, site.lng],
          [checkIn.lat, checkIn.lng],
        ],
        { color: colour, weight: 2, dashArray: '6 6' },
      ).addTo(m);
      L.marker([checkIn.lat, checkIn.lng], { icon: pin(colour) })
        .bindTooltip(labels.checkIn, { direction: 'top', permanent: true })
        .addTo(m);
      bounds.extend([checkIn.lat, checkIn.lng]);
    }
    m.fitBounds(bounds.pad(0.25), { maxZoom: 18 });
    L.control.scale({ imperial: false, position: 'bottomright' }).addTo(m);
    return () => {
      m.remove();
    };
  }, [key]); // the inputs' contents (objects are new on every render)
  return (
    <div
      ref={el}
      className="risk-map-geo"
      style={{ height, width: '100%', borderRadius: 8, overflow: 'hidden', position: 'relative', zIndex: 0 }}
      data-testid="ins-proof-map"
    />
  );
}
