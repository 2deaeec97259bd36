import { computeDestinationPoint, getDistance } from 'geolib';
import {
  DEFAULT_DOWNWIND_POLICY,
  angularDifference,
  compassName,
  destinationPoint,
  distanceAndBearing,
  downwindSector,
  inSector,
  normaliseBearing,
} from './downwind.ts';
import type { LatLng } from './geofence.ts';

const origin: LatLng = { lat: 29.3, lng: 120.07 };
/** The point `m` metres from the origin on `bearing` (same earth radius as geolib's getDistance). */
const at = (bearing: number, m: number): LatLng => {
  const p = computeDestinationPoint({ latitude: origin.lat, longitude: origin.lng }, m, bearing, 6_378_137);
  return { lat: p.latitude, lng: p.longitude };
};

test('bearing helpers: normalise and the 0/360 wrap', () => {
  expect(normaliseBearing(370)).toBe(10);
  expect(normaliseBearing(-10)).toBe(350);
  expect(normaliseBearing(360)).toBe(0);
  expect(Object.is(normaliseBearing(-360), 0)).toBe(true);
  expect(angularDifference(350, 10)).toBe(20);
  expect(angularDifference(10, 350)).toBe(20);
  expect(angularDifference(0, 180)).toBe(180);
  expect(angularDifference(90, 90)).toBe(0);
  expect(compassName(0).zh).toBe('北');
  expect(compassName(135)).toEqual({ zh: '东南', en: 'SE' });
  expect(compassName(350).en).toBe('N');
  // 8 points, the words people read in a warning (the tester saw 西西北 in the message and 西北 on the card).
  expect(compassName(292.6)).toEqual({ zh: '西北', en: 'NW' });
  expect(compassName(22.4).zh).toBe('北');
  expect(compassName(22.5).zh).toBe('东北');
  expect(compassName(337.5).zh).toBe('北');
  expect(compassName(-90).zh).toBe('西');
});

test("destination point and distance/bearing are each other's inverse", () => {
  const p = destinationPoint(origin, 1500, 225);
  expect(p.lat).toBeLessThan(origin.lat);
  expect(p.lng).toBeLessThan(origin.lng);
  const back = distanceAndBearing(origin, p);
  expect(Math.abs(back.distanceM - 1500)).toBeLessThanOrEqual(1);
  expect(back.bearingDeg).toBeCloseTo(225, 0);
  expect(distanceAndBearing(origin, origin)).toEqual({ distanceM: 0, bearingDeg: 0 });
});

test('wind FROM the north (0°) carries the plume SOUTH (180°)', () => {
  const s = downwindSector({ origin, windFromDeg: 0, windSpeed: 4 });
  expect(s).toMatchObject({ fromDeg: 0, toDeg: 180, halfAngleDeg: 30, distanceM: 1000, calm: false });
  const south = inSector(s, at(180, 800));
  expect(south.inside).toBe(true);
  expect(south.bearingDeg).toBeCloseTo(180, 0);
  expect(south.distanceM).toBeGreaterThanOrEqual(799);
  expect(south.distanceM).toBeLessThanOrEqual(801);
  // upwind (north) is not inside, however close
  expect(inSector(s, at(0, 100)).inside).toBe(false);
  // at the edge: 29° off-axis in, 31° out; beyond the reach out
  expect(inSector(s, at(180 + 29, 900)).inside).toBe(true);
  expect(inSector(s, at(180 - 29, 900)).inside).toBe(true);
  expect(inSector(s, at(180 + 31, 500)).inside).toBe(false);
  expect(inSector(s, at(180, 1010)).inside).toBe(false);
  // the origin itself is always inside
  expect(inSector(s, origin)).toMatchObject({ inside: true, distanceM: 0, bearingDeg: 0 });
});

test('wind from 350° vs from 10°: axes 170° and 190°, the 0/360 wrap at the sector edge', () => {
  const a = downwindSector({ origin, windFromDeg: 350, windSpeed: 3 });
  const b = downwindSector({ origin, windFromDeg: 10, windSpeed: 3 });
  expect(a.toDeg).toBe(170);
  expect(b.toDeg).toBe(190);
  const due = at(180, 600);
  expect(inSector(a, due).inside).toBe(true);
  expect(inSector(b, due).inside).toBe(true);
  expect(inSector(a, at(145, 600)).inside).toBe(true); // 25° off 170
  expect(inSector(b, at(145, 600)).inside).toBe(false); // 45° off 190
  // a wind from 190° carries the plume to 10°: a point at 350° is 20° off-axis across north
  const c = downwindSector({ origin, windFromDeg: 190, windSpeed: 3 });
  expect(c.toDeg).toBe(10);
  const across = inSector(c, at(350, 600));
  expect(across.inside).toBe(true);
  expect(across.offAxisDeg).toBeCloseTo(20, 0);
  expect(inSector(c, at(335, 600)).inside).toBe(false);
  // negative / > 360 input directions are normalised
  expect(downwindSector({ origin, windFromDeg: -10, windSpeed: 3 }).toDeg).toBe(170);
  expect(downwindSector({ origin, windFromDeg: 370, windSpeed: 3 }).toDeg).toBe(190);
});

test('calm air (< calmSpeed): a full circle of the reach, every direction inside', () => {
  const s = downwindSector({ origin, windFromDeg: 90, windSpeed: 0.3 });
  expect(s.calm).toBe(true);
  expect(s.halfAngleDeg).toBe(180);
  for (const b of [0, 90, 180, 270, 359]) expect(inSector(s, at(b, 900)).inside).toBe(true);
  expect(inSector(s, at(45, 1100)).inside).toBe(false);
  // closed ring, every point on the circle
  expect(s.polygon.length).toBeGreaterThanOrEqual(25);
  expect(s.polygon[0]).toEqual(s.polygon[s.polygon.length - 1]);
  for (const p of s.polygon) {
    const d = getDistance({ latitude: origin.lat, longitude: origin.lng }, { latitude: p.lat, longitude: p.lng }, 1);
    expect(Math.abs(d - 1000)).toBeLessThanOrEqual(1);
  }
});

test('low wind (calmSpeed ≤ v < lowWindSpeed) widens to lowWindHalfAngleDeg; the boundaries', () => {
  expect(downwindSector({ origin, windFromDeg: 0, windSpeed: 1.0 }).halfAngleDeg).toBe(60);
  expect(downwindSector({ origin, windFromDeg: 0, windSpeed: 0.5 })).toMatchObject({ halfAngleDeg: 60, calm: false });
  expect(downwindSector({ origin, windFromDeg: 0, windSpeed: 1.5 }).halfAngleDeg).toBe(30);
  expect(downwindSector({ origin, windFromDeg: 0, windSpeed: 0.49 }).calm).toBe(true);
  const low = downwindSector({ origin, windFromDeg: 0, windSpeed: 1.0 });
  expect(inSector(low, at(180 + 50, 700)).inside).toBe(true);
  const steady = downwindSector({ origin, windFromDeg: 0, windSpeed: 5 });
  expect(inSector(steady, at(180 + 50, 700)).inside).toBe(false);
});

test('toxic releases reach toxicDistanceM, also in calm air', () => {
  const s = downwindSector({ origin, windFromDeg: 270, windSpeed: 3, toxic: true });
  expect(s.distanceM).toBe(2000);
  expect(s.toDeg).toBe(90);
  expect(inSector(s, at(90, 1800)).inside).toBe(true);
  expect(downwindSector({ origin, windFromDeg: 270, windSpeed: 3 }).distanceM).toBe(1000);
  expect(downwindSector({ origin, windFromDeg: 270, windSpeed: 0, toxic: true })).toMatchObject({ calm: true, distanceM: 2000 });
});

test('the sector polygon: closed, origin → ≥ 24 arc points on the reach within ±half-angle → origin', () => {
  const s = downwindSector({ origin, windFromDeg: 350, windSpeed: 3 });
  const ring = s.polygon;
  expect(ring[0]).toEqual(origin);
  expect(ring[ring.length - 1]).toEqual(origin);
  const arc = ring.slice(1, -1);
  expect(arc.length).toBeGreaterThanOrEqual(24);
  for (const p of arc) {
    const hit = inSector({ ...s, distanceM: s.distanceM + 1 }, p);
    expect(hit.inside).toBe(true);
    expect(Math.abs(hit.distanceM - 1000)).toBeLessThanOrEqual(1);
    expect(hit.offAxisDeg).toBeLessThanOrEqual(30.1);
  }
  // the arc runs from one edge to the other
  expect(inSector(s, arc[0]!).offAxisDeg).toBeCloseTo(30, 0);
  expect(inSector(s, arc[arc.length - 1]!).offAxisDeg).toBeCloseTo(30, 0);
});

test('a custom policy is used; bad input is refused', () => {
  const policy = { ...DEFAULT_DOWNWIND_POLICY, halfAngleDeg: 15, distanceM: 500 };
  const s = downwindSector({ origin, windFromDeg: 0, windSpeed: 6, policy });
  expect(s).toMatchObject({ halfAngleDeg: 15, distanceM: 500 });
  expect(inSector(s, at(200, 300)).inside).toBe(false);
  expect(() => downwindSector({ origin, windFromDeg: Number.NaN, windSpeed: 3 })).toThrow(RangeError);
  expect(() => downwindSector({ origin, windFromDeg: 0, windSpeed: -1 })).toThrow(RangeError);
  expect(() => downwindSector({ origin: { lat: 95, lng: 0 }, windFromDeg: 0, windSpeed: 1 })).toThrow(RangeError);
  expect(() => downwindSector({ origin, windFromDeg: 0, windSpeed: 1, policy: { ...policy, distanceM: 0 } })).toThrow(RangeError);
  expect(() => downwindSector({ origin, windFromDeg: 0, windSpeed: 1, policy: { ...policy, calmSpeed: 2 } })).toThrow(RangeError);
});
