import { fitPlanAffine, fitPlanTransform, type PlanControlPoint } from './plan-transform.ts';

// A site plan 2000 × 1500 px, y down, rotated 10° against north, 0.5 m per px, around 义乌.
const base = { lat: 29.3, lng: 120.07 };
const mPerDegLat = 111_195;
const mPerDegLng = 111_195 * Math.cos((base.lat * Math.PI) / 180);
const rot = (10 * Math.PI) / 180;
function truth(lat: number, lng: number) {
  const east = (lng - base.lng) * mPerDegLng;
  const north = (lat - base.lat) * mPerDegLat;
  const ex = east * Math.cos(rot) + north * Math.sin(rot);
  const ny = -east * Math.sin(rot) + north * Math.cos(rot);
  return { x: 1000 + ex / 0.5, y: 750 - ny / 0.5 };
}
const point = (lat: number, lng: number): PlanControlPoint => ({ lat, lng, ...truth(lat, lng) });

test('three non-collinear enterprises fix the plan: any lat/lng lands where it should, and back', () => {
  const fit = fitPlanAffine([point(29.301, 120.069), point(29.2995, 120.072), point(29.3025, 120.0735)])!;
  expect(fit).not.toBeNull();
  expect(fit.points).toBe(3);
  expect(fit.rmsError).toBeLessThan(1e-6);
  for (const [lat, lng] of [
    [29.3, 120.07],
    [29.304, 120.066],
    [29.297, 120.075],
  ] as const) {
    const want = truth(lat, lng);
    const got = fit.toPlan(lat, lng);
    expect(got.x).toBeCloseTo(want.x, 4);
    expect(got.y).toBeCloseTo(want.y, 4);
    const back = fit.toLatLng(got.x, got.y);
    expect(back.lat).toBeCloseTo(lat, 9);
    expect(back.lng).toBeCloseTo(lng, 9);
  }
  // y grows downwards: north is a smaller y
  expect(fit.toPlan(29.302, 120.07).y).toBeLessThan(fit.toPlan(29.3, 120.07).y);
  const f = fitPlanTransform([point(29.301, 120.069), point(29.2995, 120.072), point(29.3025, 120.0735)])!;
  expect(f(29.3, 120.07).x).toBeCloseTo(1000, 4);
});

test('least squares over noisy points: small residual, the fit is still close', () => {
  const pts: PlanControlPoint[] = [];
  for (let i = 0; i < 12; i++) {
    const lat = 29.296 + (i % 4) * 0.002;
    const lng = 120.066 + Math.floor(i / 4) * 0.004;
    const p = point(lat, lng);
    pts.push({ ...p, x: p.x + ((i * 7) % 5) - 2, y: p.y + ((i * 3) % 5) - 2 }); // ±2 px of hand placement
  }
  const fit = fitPlanAffine(pts)!;
  expect(fit.points).toBe(12);
  expect(fit.rmsError).toBeGreaterThan(0);
  expect(fit.rmsError).toBeLessThan(3);
  const got = fit.toPlan(29.3, 120.07);
  expect(Math.abs(got.x - 1000)).toBeLessThan(3);
  expect(Math.abs(got.y - 750)).toBeLessThan(3);
});

test('fewer than 3 usable points, collinear or coincident points → null', () => {
  expect(fitPlanTransform([])).toBeNull();
  expect(fitPlanTransform([point(29.3, 120.07), point(29.301, 120.071)])).toBeNull();
  // three on one line
  expect(fitPlanTransform([point(29.3, 120.07), point(29.301, 120.071), point(29.302, 120.072)])).toBeNull();
  // three at the same spot
  expect(fitPlanTransform([point(29.3, 120.07), point(29.3, 120.07), point(29.3, 120.07)])).toBeNull();
  // a broken point does not count
  expect(fitPlanTransform([point(29.3, 120.07), point(29.301, 120.071), { lat: Number.NaN, lng: 120.0, x: 1, y: 2 }])).toBeNull();
  expect(fitPlanTransform([point(29.3, 120.07), point(29.301, 120.071), { lat: 95, lng: 120.0, x: 1, y: 2 }])).toBeNull();
});
