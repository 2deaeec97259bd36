/**
 * Downwind sector (下风向扇区) of an incident: where smoke or a gas release travels, from the wind direction and
 * speed of the zone's weather tower (or entered by hand), and whether an enterprise or a sensitive target (school,
 * hospital, residential area …) lies inside it. Pure; geometry with `geolib` like geofence.ts.
 *
 * Bearing conventions (the one thing easy to get backwards):
 * - `windFromDeg` is METEOROLOGICAL: the direction the wind blows FROM, clockwise from true north (a north wind,
 *   北风, is 0° and blows towards the south). This is what a wind vane and the tower's `wind_dir` report.
 * - The sector's axis `toDeg` is where the plume travels TO: (windFromDeg + 180) mod 360.
 * - Bearings from the origin to a point are initial great-circle bearings, 0..360 clockwise from north.
 *
 * The shape is the usual initial protective-action wedge: a sector of ±halfAngleDeg about the downwind axis out to
 * distanceM (toxicDistanceM for a toxic release), wider at low wind speeds where the direction meanders, and a full
 * circle in calm air (no direction is safe). Defaults are the zone's `incidentPolicy.downwind` (DOMAIN.md,
 * Emergencies: "enterprises downwind within a radius are warned").
 */
import { computeDestinationPoint, getDistance, getGreatCircleBearing } from 'geolib';
import type { LatLng } from './geofence.ts';

/** geolib's getDistance uses this radius (m); destinations are computed with the same so the ring and the distance
 *  test agree (computeDestinationPoint defaults to 6 371 000). */
const EARTH_RADIUS_M = 6_378_137;

/** A point exactly on a sector edge is inside; this absorbs the floating-point error of the bearing (≈ 1e-10°). */
const EDGE_TOLERANCE_DEG = 1e-6;

/** The zone's `incidentPolicy.downwind` settings. Speeds in m/s, angles in degrees, distances in metres. */
export interface DownwindPolicy {
  /** Half-angle of the sector about the downwind axis in steady wind (≥ lowWindSpeed). */
  halfAngleDeg: number;
  /** Half-angle when calmSpeed ≤ speed < lowWindSpeed (the plume meanders). */
  lowWindHalfAngleDeg: number;
  /** Below this (m/s) the sector widens to lowWindHalfAngleDeg. */
  lowWindSpeed: number;
  /** Below this (m/s) the air is calm: a full circle. */
  calmSpeed: number;
  /** Reach of the sector (m) for smoke, fire, explosion. */
  distanceM: number;
  /** Reach (m) for a toxic release (leak/poisoning). */
  toxicDistanceM: number;
}

/** Defaults (the zone's stored default in tenants.ts mirrors these). */
export const DEFAULT_DOWNWIND_POLICY: DownwindPolicy = {
  halfAngleDeg: 30,
  lowWindHalfAngleDeg: 60,
  lowWindSpeed: 1.5,
  calmSpeed: 0.5,
  distanceM: 1000,
  toxicDistanceM: 2000,
};

export interface DownwindSector {
  origin: LatLng;
  /** Where the wind comes from (normalised 0..<360). */
  fromDeg: number;
  /** Where the plume goes: (fromDeg + 180) mod 360. */
  toDeg: number;
  /** 180 when calm (full circle). */
  halfAngleDeg: number;
  distanceM: number;
  calm: boolean;
  /** Closed ring (first point = last point) to draw: origin → arc (≥ 24 points) → origin; calm: the circle (≥ 72
   *  points). Not for containment tests: use inSector. */
  polygon: LatLng[];
}

/** A bearing normalised to 0 ≤ deg < 360. */
export function normaliseBearing(deg: number): number {
  const d = deg % 360;
  return d < 0 ? d + 360 : d === 0 ? 0 : d; // no -0
}

/** Smallest angle between two bearings, 0..180 (handles the 0/360 wrap: 350° and 10° are 20° apart). */
export function angularDifference(a: number, b: number): number {
  const d = Math.abs(normaliseBearing(a) - normaliseBearing(b));
  return d > 180 ? 360 - d : d;
}

/** The point `distanceM` metres from `origin` on the initial bearing `bearingDeg` (great circle, the same earth
 *  radius as the distances here), e.g. to place a demo target downwind or a label at the sector's tip. */
export function destinationPoint(origin: LatLng, distanceM: number, bearingDeg: number): LatLng {
  const p = computeDestinationPoint({ latitude: origin.lat, longitude: origin.lng }, distanceM, bearingDeg, EARTH_RADIUS_M);
  return { lat: p.latitude, lng: p.longitude };
}
const destination = destinationPoint;

function checkPolicy(p: DownwindPolicy): void {
  const finite = Object.values(p).every((v) => typeof v === 'number' && Number.isFinite(v));
  if (
    !finite ||
    p.halfAngleDeg <= 0 ||
    p.halfAngleDeg > 180 ||
    p.lowWindHalfAngleDeg <= 0 ||
    p.lowWindHalfAngleDeg > 180 ||
    p.calmSpeed < 0 ||
    p.lowWindSpeed < p.calmSpeed ||
    p.distanceM <= 0 ||
    p.toxicDistanceM <= 0
  )
    throw new RangeError('invalid downwind policy');
}

/**
 * The downwind sector of an incident at `origin` for a wind blowing FROM `windFromDeg` at `windSpeed` m/s.
 * - speed < calmSpeed → calm: full circle of the reach (halfAngleDeg 180);
 * - calmSpeed ≤ speed < lowWindSpeed → ±lowWindHalfAngleDeg (never narrower than halfAngleDeg);
 * - otherwise ±halfAngleDeg.
 * Reach = toxicDistanceM when `toxic` (a gas leak / poisoning, also in calm air: the gas pools), else distanceM.
 * @throws RangeError for an invalid origin, a non-finite direction, a negative or non-finite speed, or a policy out
 *   of range (angles 0 < a ≤ 180, distances > 0, calmSpeed ≤ lowWindSpeed).
 */
export function downwindSector(input: {
  origin: LatLng;
  windFromDeg: number;
  windSpeed: number;
  policy?: DownwindPolicy;
  toxic?: boolean;
}): DownwindSector {
  const { origin, windFromDeg, windSpeed } = input;
  const policy = input.policy ?? DEFAULT_DOWNWIND_POLICY;
  checkPolicy(policy);
  if (!Number.isFinite(origin.lat) || !Number.isFinite(origin.lng) || Math.abs(origin.lat) > 90 || Math.abs(origin.lng) > 180)
    throw new RangeError('invalid origin');
  if (!Number.isFinite(windFromDeg)) throw new RangeError('invalid wind direction');
  if (!Number.isFinite(windSpeed) || windSpeed < 0) throw new RangeError('invalid wind speed');

  const fromDeg = normaliseBearing(windFromDeg);
  const toDeg = normaliseBearing(fromDeg + 180);
  const distanceM = input.toxic ? policy.toxicDistanceM : policy.distanceM;
  const calm = windSpeed < policy.calmSpeed;
  const halfAngleDeg = calm
    ? 180
    : windSpeed < policy.lowWindSpeed
      ? Math.max(policy.lowWindHalfAngleDeg, policy.halfAngleDeg)
      : policy.halfAngleDeg;

  const polygon: LatLng[] = [];
  if (calm || halfAngleDeg >= 180) {
    const n = 72;
    for (let i = 0; i < n; i++) polygon.push(destination(origin, distanceM, (360 * i) / n));
    polygon.push(polygon[0]!);
  } else {
    const span = 2 * halfAngleDeg;
    const n = Math.max(24, Math.ceil(span / 2.5) + 1); // arc points, ends included
    polygon.push({ ...origin });
    for (let i = 0; i < n; i++)
      polygon.push(destination(origin, distanceM, normaliseBearing(toDeg - halfAngleDeg + (span * i) / (n - 1))));
    polygon.push({ ...origin });
  }
  return { origin: { ...origin }, fromDeg, toDeg, halfAngleDeg, distanceM, calm, polygon };
}

export interface SectorHit {
  inside: boolean;
  /** Great-circle distance from the origin, whole metres. */
  distanceM: number;
  /** Initial bearing from the origin to the point, 0..<360, to 0.1° (0 for the origin itself). */
  bearingDeg: number;
  /** Angle between that bearing and the downwind axis, 0..180, to 0.1° (the test uses the unrounded angle). */
  offAxisDeg: number;
}

/**
 * Whether a point is inside the sector: distance ≤ reach, and (unless calm) the bearing from the origin within
 * ±halfAngleDeg of the downwind axis — by distance and angular difference, not polygon containment (exact on the
 * arc, and the 0/360 wrap is handled). The origin itself (distance 0) is always inside.
 */
export function inSector(sector: DownwindSector, point: LatLng): SectorHit {
  const a = { latitude: sector.origin.lat, longitude: sector.origin.lng };
  const b = { latitude: point.lat, longitude: point.lng };
  const distanceM = getDistance(a, b, 1);
  const raw = distanceM === 0 ? 0 : normaliseBearing(getGreatCircleBearing(a, b));
  const off = angularDifference(raw, sector.toDeg);
  const inside =
    distanceM <= sector.distanceM &&
    (distanceM === 0 || sector.calm || sector.halfAngleDeg >= 180 || off <= sector.halfAngleDeg + EDGE_TOLERANCE_DEG);
  const tenth = (x: number) => Math.round(x * 10) / 10;
  return { inside, distanceM, bearingDeg: tenth(raw) % 360, offAxisDeg: distanceM === 0 ? 0 : tenth(off) };
}

/** Distance (whole metres) and initial bearing (0..<360, to 0.1°) from one point to another. */
export function distanceAndBearing(from: LatLng, to: LatLng): { distanceM: number; bearingDeg: number } {
  const a = { latitude: from.lat, longitude: from.lng };
  const b = { latitude: to.lat, longitude: to.lng };
  const distanceM = getDistance(a, b, 1);
  return {
    distanceM,
    bearingDeg: distanceM === 0 ? 0 : (Math.round(normaliseBearing(getGreatCircleBearing(a, b)) * 10) / 10) % 360,
  };
}

/**
 * The 8-point compass name of a bearing (北, 东北, 东 … 西北; N, NE …) for warning texts and the desk's cards:
 * "位于事发点东南方向约 800 米". Eight points, not sixteen: the words people read in a warning at a few hundred
 * metres (西西北 reads as a typo to most), and one naming everywhere — the api's message, the admin's card and the
 * mini-program all call this. Sectors are 45° wide, centred on the point (22.5° is already 东北).
 */
export function compassName(bearingDeg: number): { zh: string; en: string } {
  const zh = ['北', '东北', '东', '东南', '南', '西南', '西', '西北'];
  const en = ['N', 'NE', 'E', 'SE', 'S', 'SW', 'W', 'NW'];
  const i = Math.round(normaliseBearing(bearingDeg) / 45) % 8;
  return { zh: zh[i]!, en: en[i]! };
}
