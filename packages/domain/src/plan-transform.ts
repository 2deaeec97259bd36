/**
 * Site plan ↔ lat/lng (总平面图坐标换算): the zone's site plan is an image with its own x/y (pixels, y may grow
 * downwards), the downwind sector and the tower's wind are in lat/lng. Enterprises that have both a map position
 * and a plan position are the control points; a least-squares affine fit through them places any lat/lng on the
 * plan (and back). Pure; used by the duty desk and the command hall to draw the sector on the plan.
 *
 * An affine map (scale, rotation, shear, offset; a y-down plan is a reflection, which affine handles) is exact for a
 * north-up or rotated plan of a zone a few kilometres across, where the Earth's curvature is far below a pixel.
 */

export interface PlanControlPoint {
  lat: number;
  lng: number;
  x: number;
  y: number;
}

export interface PlanFit {
  /** lat/lng → plan x/y. */
  toPlan: (lat: number, lng: number) => { x: number; y: number };
  /** plan x/y → lat/lng (a successful fit is always invertible). */
  toLatLng: (x: number, y: number) => { lat: number; lng: number };
  /** Root-mean-square distance on the plan between the control points and where the fit puts them (plan units). */
  rmsError: number;
  /** How many control points were used. */
  points: number;
}

/**
 * Least-squares affine fit x = a·lng + b·lat + c, y = d·lng + e·lat + f through the control points (coordinates
 * centred for numerical stability). Null with fewer than 3 usable points (finite numbers, lat/lng in range) or when
 * they are (nearly) collinear in lat/lng — a line does not fix a plane. Duplicated points count once more each (they
 * weigh the fit but do not make it determined).
 */
export function fitPlanAffine(pairs: readonly PlanControlPoint[]): PlanFit | null {
  const ok = pairs.filter(
    (p) =>
      [p.lat, p.lng, p.x, p.y].every((v) => typeof v === 'number' && Number.isFinite(v)) &&
      Math.abs(p.lat) <= 90 &&
      Math.abs(p.lng) <= 180,
  );
  if (ok.length < 3) return null;
  const n = ok.length;
  let mu = 0,
    mv = 0,
    mx = 0,
    my = 0;
  for (const p of ok) {
    mu += p.lng;
    mv += p.lat;
    mx += p.x;
    my += p.y;
  }
  mu /= n;
  mv /= n;
  mx /= n;
  my /= n;
  let suu = 0,
    svv = 0,
    suv = 0,
    sux = 0,
    svx = 0,
    suy = 0,
    svy = 0;
  for (const p of ok) {
    const u = p.lng - mu;
    const v = p.lat - mv;
    const x = p.x - mx;
    const y = p.y - my;
    suu += u * u;
    svv += v * v;
    suv += u * v;
    sux += u * x;
    svx += v * x;
    suy += u * y;
    svy += v * y;
  }
  const det = suu * svv - suv * suv;
  // collinear (or all the same point): the spread across the best line is negligible against the spread along it
  if (!(suu > 0 && svv > 0) || det <= 1e-9 * suu * svv) return null;
  const a = (sux * svv - svx * suv) / det;
  const b = (svx * suu - sux * suv) / det;
  const d = (suy * svv - svy * suv) / det;
  const e = (svy * suu - suy * suv) / det;
  const toPlan = (lat: number, lng: number) => ({
    x: mx + a * (lng - mu) + b * (lat - mv),
    y: my + d * (lng - mu) + e * (lat - mv),
  });
  const m = a * e - b * d;
  if (m === 0 || !Number.isFinite(m)) return null;
  const toLatLng = (x: number, y: number) => {
    const dx = x - mx;
    const dy = y - my;
    return { lng: mu + (e * dx - b * dy) / m, lat: mv + (-d * dx + a * dy) / m };
  };
  let sq = 0;
  for (const p of ok) {
    const q = toPlan(p.lat, p.lng);
    sq += (q.x - p.x) ** 2 + (q.y - p.y) ** 2;
  }
  return { toPlan, toLatLng, rmsError: Math.sqrt(sq / n), points: n };
}

/**
 * The lat/lng → plan transform of fitPlanAffine, or null with fewer than 3 non-collinear control points (then draw
 * on the lat/lng map instead). Same as `fitPlanAffine(pairs)?.toPlan`, with `(lat, lng)` argument order.
 */
export function fitPlanTransform(
  pairs: readonly PlanControlPoint[],
): ((lat: number, lng: number) => { x: number; y: number }) | null {
  return fitPlanAffine(pairs)?.toPlan ?? null;
}
