import { checkGeofence, distanceMetres, resolveGeofence, type LatLng } from './geofence.ts';

// 义乌 area; 0.001° of latitude ≈ 111 m, 0.001° of longitude at 29.3° ≈ 97 m
const plant: LatLng = { lat: 29.3, lng: 120.07 };
const north = (m: number): LatLng => ({ lat: plant.lat + m / 111_195, lng: plant.lng });

test('distance between two points is the great-circle distance in whole metres', () => {
  expect(distanceMetres(plant, plant)).toBe(0);
  expect(distanceMetres(plant, north(1000))).toBeGreaterThanOrEqual(999);
  expect(distanceMetres(plant, north(1000))).toBeLessThanOrEqual(1001);
  // Beijing → Shanghai ≈ 1 067 km
  const d = distanceMetres({ lat: 39.9042, lng: 116.4074 }, { lat: 31.2304, lng: 121.4737 });
  expect(d).toBeGreaterThan(1_060_000);
  expect(d).toBeLessThan(1_075_000);
});

test("radius fence: the zone's radius around the enterprise unless it has its own", () => {
  const zone = resolveGeofence(null, plant, 300)!;
  expect(zone).toEqual({ kind: 'radius', centre: plant, radiusM: 300 });
  expect(checkGeofence(north(250), zone)).toMatchObject({ inside: true, outsideByM: 0 });
  const out = checkGeofence(north(450), zone);
  expect(out.inside).toBe(false);
  expect(out.distanceM).toBeGreaterThanOrEqual(449);
  expect(out.distanceM).toBeLessThanOrEqual(451);
  expect(out.outsideByM).toBe(out.distanceM - 300);

  const own = resolveGeofence({ radiusM: 500 }, plant, 300)!;
  expect(checkGeofence(north(450), own).inside).toBe(true);
  // a zero or negative radius is not a fence: the zone's applies
  expect(resolveGeofence({ radiusM: 0 }, plant, 300)).toMatchObject({ radiusM: 300 });
});

test('polygon fence: inside is distance 0, outside is the distance to the nearest edge', () => {
  // a 200 m × 200 m square around the plant
  const d = 100 / 111_195;
  const e = 100 / (111_195 * Math.cos((plant.lat * Math.PI) / 180));
  const polygon: [number, number][] = [
    [plant.lat - d, plant.lng - e],
    [plant.lat - d, plant.lng + e],
    [plant.lat + d, plant.lng + e],
    [plant.lat + d, plant.lng - e],
  ];
  const fence = resolveGeofence({ polygon }, { lat: null, lng: null }, 300)!;
  expect(fence.kind).toBe('polygon');
  expect(checkGeofence(plant, fence)).toEqual({ inside: true, distanceM: 0, outsideByM: 0 });
  expect(checkGeofence(north(90), fence).inside).toBe(true);
  const out = checkGeofence(north(250), fence);
  expect(out.inside).toBe(false);
  expect(out.distanceM).toBeGreaterThanOrEqual(148);
  expect(out.distanceM).toBeLessThanOrEqual(152);
  // beyond a corner: the distance to the corner, not to the edge's line
  const corner = checkGeofence({ lat: plant.lat + 2 * d, lng: plant.lng + 2 * e }, fence);
  expect(corner.distanceM).toBeGreaterThanOrEqual(139);
  expect(corner.distanceM).toBeLessThanOrEqual(144);
  // within 300 m of the point but outside the polygon: the polygon wins over the zone radius
  expect(checkGeofence(north(250), fence).inside).toBe(false);
});

test('a fence that cannot be placed is null; a broken polygon falls back to the radius', () => {
  expect(resolveGeofence(null, { lat: null, lng: null }, 300)).toBeNull();
  expect(resolveGeofence({ radiusM: 100 }, { lat: 91, lng: 0 }, 300)).toBeNull();
  expect(
    resolveGeofence(
      {
        polygon: [
          [29.3, 120.07],
          [29.31, 120.07],
        ],
      },
      plant,
      300,
    ),
  ).toEqual({ kind: 'radius', centre: plant, radiusM: 300 });
});
