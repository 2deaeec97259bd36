/**
 * Electronic fence (电子围栏) of an enterprise for an inspection check-in (签到): is the inspector's position inside,
 * and how far is it. The fence is a radius around the enterprise's point (the zone's `inspectionGeofenceRadiusM`
 * unless the enterprise has its own `{radiusM}`) or the enterprise's own polygon `{polygon: [[lat, lng], ...]}`.
 *
 * Distances come from `geolib` rather than a hand-written haversine: a small, dependency-free, typed and
 * long-maintained library whose great-circle distance, point-in-polygon and point-to-segment distance are the
 * three operations needed here, usable unchanged by the api and by the mini-program bundle.
 */
import { getDistance, getDistanceFromLine, isPointInPolygon } from 'geolib';

export interface LatLng {
  lat: number;
  lng: number;
}

/** The enterprise's own fence as stored in `enterprises.geofence` (null: the zone's radius around its point). */
export type EnterpriseGeofence = { radiusM: number } | { polygon: [number, number][] };

/** A fence ready to test against: a circle, or a polygon of at least 3 vertices. */
export type ResolvedGeofence = { kind: 'radius'; centre: LatLng; radiusM: number } | { kind: 'polygon'; polygon: LatLng[] };

export interface GeofenceResult {
  inside: boolean;
  /** Radius fence: metres from the enterprise's point; polygon: metres from the boundary when outside, 0 inside. */
  distanceM: number;
  /** Metres beyond the fence (0 when inside). */
  outsideByM: number;
}

export const isValidLatLng = (p: { lat: unknown; lng: unknown }): p is LatLng =>
  typeof p.lat === 'number' &&
  typeof p.lng === 'number' &&
  Number.isFinite(p.lat) &&
  Number.isFinite(p.lng) &&
  Math.abs(p.lat) <= 90 &&
  Math.abs(p.lng) <= 180;

/** Great-circle distance in whole metres. */
export function distanceMetres(a: LatLng, b: LatLng): number {
  return getDistance({ latitude: a.lat, longitude: a.lng }, { latitude: b.lat, longitude: b.lng }, 1);
}

/**
 * The fence to use for an enterprise: its polygon, else its radius or the zone's around its point. Null when it
 * cannot be placed (no polygon and no coordinates): a check-in there is recorded and flagged.
 */
export function resolveGeofence(
  fence: EnterpriseGeofence | null | undefined,
  point: { lat: number | null | undefined; lng: number | null | undefined },
  zoneRadiusM: number,
): ResolvedGeofence | null {
  if (fence && 'polygon' in fence) {
    const polygon = fence.polygon.map(([lat, lng]) => ({ lat, lng })).filter(isValidLatLng);
    if (polygon.length >= 3) return { kind: 'polygon', polygon };
  }
  const centre = { lat: point.lat, lng: point.lng };
  if (!isValidLatLng(centre)) return null;
  const radiusM = fence && 'radiusM' in fence && fence.radiusM > 0 ? fence.radiusM : zoneRadiusM;
  return { kind: 'radius', centre, radiusM };
}

export function checkGeofence(point: LatLng, fence: ResolvedGeofence): GeofenceResult {
  if (fence.kind === 'radius') {
    const distanceM = distanceMetres(point, fence.centre);
    const outsideByM = Math.max(0, distanceM - fence.radiusM);
    return { inside: outsideByM === 0, distanceM, outsideByM };
  }
  const at = { latitude: point.lat, longitude: point.lng };
  const ring = fence.polygon.map((p) => ({ latitude: p.lat, longitude: p.lng }));
  if (isPointInPolygon(at, ring)) return { inside: true, distanceM: 0, outsideByM: 0 };
  let nearest = Infinity;
  for (let i = 0; i < ring.length; i++) {
    const from = ring[i]!;
    const to = ring[(i + 1) % ring.length]!;
    const d =
      from.latitude === to.latitude && from.longitude === to.longitude
        ? getDistance(at, from, 1)
        : getDistanceFromLine(at, from, to, 1);
    if (Number.isFinite(d)) nearest = Math.min(nearest, d);
  }
  const distanceM = Math.round(nearest);
  return { inside: false, distanceM, outsideByM: distanceM };
}
