import { createHash } from 'node:crypto';
import type { EntityManager as SqlEm } from '@mikro-orm/mysql';
import { LRUCache } from 'lru-cache';
import Supercluster, { type PointFeature } from 'supercluster';
import { MAP_ALL_MARKERS_MAX } from '@yuanan/contracts';
import type { RiskColour } from '@yuanan/domain';
import type { Actor } from '../../core/context/request-scope.ts';
import type { Em } from '../../core/db/orm.ts';
import { AppError } from '../../core/http/problem.ts';
import { t } from '../../core/http/problem-text.ts';
import { Enterprise } from '../enterprises/enterprise.entity.ts';
import { enterpriseWhere } from '../enterprises/enterprise-scope.ts';
import type { EnterpriseFingerprint as MapFingerprint } from '../enterprises/enterprise-fingerprint.ts';

/** One marker of the risk map: what the map draws and its tooltip shows, nothing more. */
export interface MapMarker {
  id: string;
  name: string;
  colour: RiskColour | null;
  score: number | null;
  lat: number | null;
  lng: number | null;
  planX: number | null;
  planY: number | null;
  gridId: string | null;
}

/** The map's coordinate space: the site plan (x, y fractions of the image, y down) or lng/lat degrees. */
export type MapView = 'plan' | 'geo';
type ColourKey = RiskColour | 'none';
/** Markers per colour; `none` is not yet rated. */
export type ColourCounts = Record<ColourKey, number>;
/** A rectangle in the view's coordinates (x = planX or lng, y = planY or lat). */
export interface Bounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}
/** Several markers drawn as one (see the `mapCluster` contract). */
export interface MapCluster {
  id: string;
  count: number;
  counts: ColourCounts;
  x: number;
  y: number;
  bounds: Bounds;
}

/** What the map answers for one view (the `mapData` contract less the zone's settings). */
export interface MapViewData {
  view: MapView;
  clustered: boolean;
  total: number;
  counts: ColourCounts;
  markers: MapMarker[];
  clusters: MapCluster[];
  unplaced: { total: number; items: MapMarker[] };
  extent: Bounds | null;
}

/** The view's request: bbox `[x0, y0, x1, y1]` (plan fractions) or `[west, south, east, north]` (degrees). */
export interface MapViewQuery {
  view: MapView;
  colour?: RiskColour;
  bbox?: [number, number, number, number];
  zoom?: number;
}

type MarkerRow = {
  id: string;
  name: string;
  riskColour: RiskColour | null;
  riskScore: string | number | null;
  lat: number | null;
  lng: number | null;
  planX: number | null;
  planY: number | null;
  gridId: string | null;
};

/** How many unplaced markers the map lists (the rest are counted; the enterprise list pages them all). */
export const UNPLACED_ITEMS = 50;
/**
 * Cluster radius in screen pixels (a screen of 1,200 × 800 px holds at most ~270 items) and the deepest zoom that still clusters (beyond it every marker is drawn).
 * 16 on the plan is a 16-million-pixel-wide plan; 18 on a web map is a few metres per pixel.
 */
const RADIUS = 60;
const MAX_ZOOM: Record<MapView, number> = { plan: 16, geo: 18 };
/**
 * Bound of the cache in units of ~200 bytes: a marker in a zone's list weighs 1, in each cluster index 2
 * (measured: a 50,000-point index with its features holds ~20 MB). 1,000,000 units ≈ 200 MB: a zone of 100,000
 * with {@link MAP_INDEXES_PER_ZONE} indexes fits; least recently used zones go first. A zone larger than the bound
 * is served uncached (read and clustered per request).
 */
export const MAP_CACHE_MAX_MARKERS = 1_000_000;
/** Indexes kept per zone (view × colour filter); the oldest goes when another is built. */
export const MAP_INDEXES_PER_ZONE = 4;

/**
 * The zone's active enterprises as map markers, optionally of one colour, limited to what `scope` lets the
 * caller see. Read from the covering index `enterprises_map_markers_index` (tenant, status, colour, then the
 * marker columns) as plain rows — no entity hydration — because a whole zone is thousands of markers.
 */
async function loadMarkers(em: Em, tenantId: string, scope: Record<string, unknown>, colour?: RiskColour): Promise<MapMarker[]> {
  const qb = (em as unknown as SqlEm)
    .createQueryBuilder(Enterprise)
    .select(['id', 'name', 'riskColour', 'riskScore', 'lat', 'lng', 'planX', 'planY', 'gridId'])
    // The tenant condition is explicit (query-builder SQL), besides the global filter.
    .where({ $and: [{ tenantId, status: 'active' }, scope, colour ? { riskColour: colour } : {}] })
    // The index's own order (no sort of thousands of rows).
    .orderBy({ riskColour: 'asc', name: 'asc' });
  await qb.applyFilters();
  const rows = (await qb.execute('all')) as MarkerRow[];
  return rows.map(markerOf);
}

/** Markers visible to `actor` (everything for zone staff, its own enterprise for an enterprise user). */
export async function mapMarkers(em: Em, actor: Actor, tenantId: string, colour?: RiskColour): Promise<MapMarker[]> {
  const scope = await enterpriseWhere(em, actor);
  return scope ? loadMarkers(em, tenantId, scope, colour) : [];
}

type DeltaRow = MarkerRow & { status: string };

/**
 * The enterprises written since `since` (either time at or after its own), for patching a cached marker list
 * instead of reading the whole zone again. Each half reads its (tenant, time) index.
 */
async function changedSince(em: Em, tenantId: string, since: MapFingerprint): Promise<DeltaRow[]> {
  const cols =
    'id, name, risk_colour AS riskColour, risk_score AS riskScore, lat, lng, plan_x AS planX, plan_y AS planY, grid_id AS gridId, status';
  const parts: string[] = [];
  const params: unknown[] = [];
  // A time that was null before: every row that has one now is new to the cache.
  parts.push(`SELECT ${cols} FROM enterprises WHERE tenant_id = ? AND updated_at >= ?`);
  params.push(tenantId, since.updated ?? new Date(0));
  parts.push(`SELECT ${cols} FROM enterprises WHERE tenant_id = ? AND colour_computed_at >= ?`);
  params.push(tenantId, since.coloured ?? new Date(0));
  return (await em.getConnection().execute(parts.join(' UNION '), params, 'all', em.getTransactionContext())) as DeltaRow[];
}

const markerOf = (e: MarkerRow): MapMarker => ({
  id: e.id,
  name: e.name,
  colour: e.riskColour ?? null,
  score: e.riskScore == null ? null : Number(e.riskScore),
  lat: e.lat ?? null,
  lng: e.lng ?? null,
  planX: e.planX ?? null,
  planY: e.planY ?? null,
  gridId: e.gridId ?? null,
});

/** Past this share of the zone changed, reading the whole zone again is cheaper than patching. */
const DELTA_MAX_SHARE = 0.2;

/** A short strong ETag of whatever identifies an answer. */
export function mapEtag(parts: unknown[]): string {
  return `"${createHash('sha1').update(JSON.stringify(parts)).digest('base64url').slice(0, 27)}"`;
}

// Site-plan fractions onto a pseudo lng/lat whose Web-Mercator projection (what supercluster indexes in) is
// the fractions again, so cluster radii are screen pixels on the plan just as on a web map.
const planLng = (x: number) => x * 360 - 180;
const planLat = (y: number) => (Math.atan(Math.sinh(Math.PI * (1 - 2 * y))) * 180) / Math.PI;
const clamp01 = (n: number) => Math.min(1, Math.max(0, n));

const colourIndex = (c: RiskColour | null): ColourKey => c ?? 'none';
const zeroCounts = (): ColourCounts => ({ red: 0, orange: 0, yellow: 0, blue: 0, none: 0 });

/** Point properties: the marker's index and its view coordinates; clusters sum counts and widen bounds. */
type PointProps = { i: number; x: number; y: number; k: ColourKey };
type ClusterProps = ColourCounts & Bounds;

/** One zone's markers at one fingerprint, and the cluster indexes built from them on demand. */
interface ZoneEntry {
  fingerprint: MapFingerprint;
  markers: MapMarker[];
  indexes: Map<
    string,
    {
      index: Supercluster<PointProps, ClusterProps>;
      placed: number[];
      unplaced: number[];
      extent: Bounds | null;
      counts: ColourCounts;
    }
  >;
}

function position(m: MapMarker, view: MapView): { x: number; y: number } | null {
  if (view === 'plan') return m.planX != null && m.planY != null ? { x: clamp01(m.planX), y: clamp01(m.planY) } : null;
  return m.lat != null && m.lng != null ? { x: m.lng, y: m.lat } : null;
}

function buildIndex(markers: MapMarker[], view: MapView, colour?: RiskColour) {
  const placed: number[] = [];
  const unplaced: number[] = [];
  const features: Array<PointFeature<PointProps>> = [];
  let extent: Bounds | null = null;
  markers.forEach((m, i) => {
    if (colour && m.colour !== colour) return;
    const p = position(m, view);
    if (!p) {
      unplaced.push(i);
      return;
    }
    placed.push(i);
    extent = extent
      ? {
          minX: Math.min(extent.minX, p.x),
          minY: Math.min(extent.minY, p.y),
          maxX: Math.max(extent.maxX, p.x),
          maxY: Math.max(extent.maxY, p.y),
        }
      : { minX: p.x, minY: p.y, maxX: p.x, maxY: p.y };
    const coordinates = view === 'plan' ? [planLng(p.x), planLat(p.y)] : [p.x, p.y];
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates },
      properties: { i, x: p.x, y: p.y, k: colourIndex(m.colour) },
    });
  });
  const index = new Supercluster<PointProps, ClusterProps>({
    radius: RADIUS,
    extent: 256,
    maxZoom: MAX_ZOOM[view],
    map: (p) => ({ ...zeroCounts(), [p.k]: 1, minX: p.x, minY: p.y, maxX: p.x, maxY: p.y }),
    reduce: (a, p) => {
      a.red += p.red;
      a.orange += p.orange;
      a.yellow += p.yellow;
      a.blue += p.blue;
      a.none += p.none;
      a.minX = Math.min(a.minX, p.minX);
      a.minY = Math.min(a.minY, p.minY);
      a.maxX = Math.max(a.maxX, p.maxX);
      a.maxY = Math.max(a.maxY, p.maxY);
    },
  }).load(features);
  // Per-colour counts once here: a request must not walk the zone.
  const counts = zeroCounts();
  for (const i of placed) counts[colourIndex(markers[i]!.colour)]++;
  for (const i of unplaced) counts[colourIndex(markers[i]!.colour)]++;
  return { index, placed, unplaced, extent: extent as Bounds | null, counts };
}

/** The supercluster bbox (degrees) of a view's bbox; the whole space when absent. */
function searchBox(view: MapView, bbox?: [number, number, number, number]): [number, number, number, number] {
  if (!bbox) return [-180, -90, 180, 90];
  const [a, b, c, d] = bbox;
  if (view === 'geo') return c - a >= 360 ? [-180, b, 180, d] : [a, b, c, d];
  // Plan: y grows downwards, so y0 is the north edge. Spanning the plan's width is the whole (lng 180 would
  // wrap to -180 in supercluster's normalisation).
  if (a <= 0 && c >= 1) return [-180, planLat(clamp01(d)), 180, planLat(clamp01(b))];
  return [planLng(clamp01(a)), planLat(clamp01(d)), planLng(Math.min(clamp01(c), 1 - 1e-12)), planLat(clamp01(b))];
}

/** 400 with the field in the caller's language for a bbox that the contract's shape check could not judge. */
function badBbox(zh: string, en: string): AppError {
  return new AppError(400, 'validation_failed', t(`bbox: ${zh}`, `bbox: ${en}`), {
    errors: [{ path: 'bbox', code: 'invalid', message: t(zh, en) }],
  });
}

/** Checks a bbox against its view: plan x0 ≤ x1 within [-1, 2]; geo latitudes within ±90, longitudes ±540. */
export function checkBbox(view: MapView, bbox?: [number, number, number, number]): void {
  if (!bbox) return;
  const [a, b, c, d] = bbox;
  if (view === 'plan') {
    if (a > c) throw badBbox('平面图范围的 x0 须不大于 x1', 'On the site plan x0 must not exceed x1');
    if (bbox.some((n) => n < -1 || n > 2))
      throw badBbox('平面图范围须在 -1 到 2 之间', 'Site-plan bounds must lie between -1 and 2');
  } else {
    if (b < -90 || d > 90) throw badBbox('纬度须在 -90 到 90 之间', 'Latitudes must lie between -90 and 90');
    if (Math.abs(a) > 540 || Math.abs(c) > 540)
      throw badBbox('经度须在 -540 到 540 之间', 'Longitudes must lie between -540 and 540');
  }
}

/**
 * The risk map's data per zone: a cluster index built once per zone, fingerprint, view and colour and kept in
 * this process (LRU, bounded by {@link MAP_CACHE_MAX_MARKERS}); each request checks the fingerprint (one
 * indexed query) and rebuilds on a change, so replicas never serve a stale map. Callers scoped to part of the
 * zone (an enterprise's own users) are read directly: their maps are tiny.
 */
export class MapIndexCache {
  readonly #zones = new LRUCache<string, ZoneEntry>({
    maxSize: MAP_CACHE_MAX_MARKERS,
    sizeCalculation: (e) => Math.max(1, e.markers.length * (1 + 2 * e.indexes.size)),
  });
  // One load per zone and fingerprint at a time: a burst of first requests shares it.
  readonly #loading = new Map<string, Promise<ZoneEntry>>();

  async #zone(em: Em, tenantId: string, fingerprint: MapFingerprint): Promise<ZoneEntry> {
    const hit = this.#zones.get(tenantId);
    if (hit?.fingerprint.key === fingerprint.key) return hit;
    const key = `${tenantId}|${fingerprint.key}`;
    let loading = this.#loading.get(key);
    if (!loading) {
      loading = (hit ? this.#patch(em, tenantId, hit) : loadMarkers(em, tenantId, {}))
        .then((markers) => {
          const entry: ZoneEntry = { fingerprint, markers, indexes: new Map() };
          this.#zones.set(tenantId, entry);
          return entry;
        })
        .finally(() => this.#loading.delete(key));
      this.#loading.set(key, loading);
    }
    return loading;
  }

  /**
   * The cached markers with the rows written since the cached fingerprint applied (a new list: a request still
   * reading the old one keeps it whole). Changed markers keep their place, new ones come last, closed ones go.
   */
  async #patch(em: Em, tenantId: string, old: ZoneEntry): Promise<MapMarker[]> {
    const rows = await changedSince(em, tenantId, old.fingerprint);
    if (rows.length > Math.max(100, old.markers.length * DELTA_MAX_SHARE)) return loadMarkers(em, tenantId, {});
    const changed = new Map(rows.map((r) => [r.id, r]));
    const markers: MapMarker[] = [];
    for (const m of old.markers) {
      const r = changed.get(m.id);
      if (!r) markers.push(m);
      else {
        changed.delete(m.id);
        if (r.status === 'active') markers.push(markerOf(r));
      }
    }
    for (const r of changed.values()) if (r.status === 'active') markers.push(markerOf(r));
    return markers;
  }

  /** Drops every zone (tests, and a hook for operators). */
  clear(): void {
    this.#zones.clear();
  }

  /**
   * The map for `q` within `scope` (the caller's `enterpriseWhere`, resolved once by the caller: null = nothing).
   * `fingerprint` is enterpriseFingerprint()'s, read by the caller before (so a change after it can only make the
   * cache newer than its key, never older).
   */
  async view(
    em: Em,
    scope: Record<string, unknown> | null,
    tenantId: string,
    fingerprint: MapFingerprint,
    q: MapViewQuery,
  ): Promise<MapViewData> {
    checkBbox(q.view, q.bbox);
    let entry: ZoneEntry;
    if (!scope) entry = { fingerprint, markers: [], indexes: new Map() };
    else if (Object.keys(scope).length === 0) entry = await this.#zone(em, tenantId, fingerprint);
    else entry = { fingerprint, markers: await loadMarkers(em, tenantId, scope), indexes: new Map() };

    const indexKey = `${q.view}|${q.colour ?? ''}`;
    let built = entry.indexes.get(indexKey);
    if (built) {
      // Most recently used last, so the oldest-first eviction below is LRU.
      entry.indexes.delete(indexKey);
      entry.indexes.set(indexKey, built);
    } else {
      built = buildIndex(entry.markers, q.view, q.colour);
      if (entry.indexes.size >= MAP_INDEXES_PER_ZONE) entry.indexes.delete(entry.indexes.keys().next().value!);
      entry.indexes.set(indexKey, built);
      // Re-weigh the zone in the LRU now that it holds one more index.
      if (this.#zones.peek(tenantId) === entry) this.#zones.set(tenantId, entry);
    }
    const { index, placed, unplaced, extent, counts } = built;
    const markersOf = (ids: number[]) => ids.map((i) => entry.markers[i]!);
    const total = placed.length + unplaced.length;
    const unplacedPart = { total: unplaced.length, items: markersOf(unplaced.slice(0, UNPLACED_ITEMS)) };

    if (total <= MAP_ALL_MARKERS_MAX) {
      // A small zone answers as it always has: every marker of the colour, placed or not, in index order.
      const all = q.colour ? entry.markers.filter((m) => m.colour === q.colour) : entry.markers;
      return { view: q.view, clustered: false, total, counts, markers: all, clusters: [], unplaced: unplacedPart, extent };
    }
    const markers: MapMarker[] = [];
    const clusters: MapCluster[] = [];
    for (const f of index.getClusters(searchBox(q.view, q.bbox), q.zoom ?? 0)) {
      const p = f.properties;
      if ('cluster' in p && p.cluster) {
        const { red, orange, yellow, blue, none, minX, minY, maxX, maxY } = p;
        clusters.push({
          id: String(p.cluster_id),
          count: p.point_count,
          counts: { red, orange, yellow, blue, none },
          // The centroid back in the view's coordinates (supercluster returns it in degrees).
          x: q.view === 'plan' ? (f.geometry.coordinates[0]! + 180) / 360 : f.geometry.coordinates[0]!,
          y: q.view === 'plan' ? planY(f.geometry.coordinates[1]!) : f.geometry.coordinates[1]!,
          bounds: { minX, minY, maxX, maxY },
        });
      } else {
        markers.push(entry.markers[(p as PointProps).i]!);
      }
    }
    return { view: q.view, clustered: true, total, counts, markers, clusters, unplaced: unplacedPart, extent };
  }
}

/** Inverse of {@link planLat}: the plan fraction of a pseudo latitude. */
function planY(lat: number): number {
  const s = Math.sin((lat * Math.PI) / 180);
  return clamp01(0.5 - (0.25 * Math.log((1 + s) / (1 - s))) / Math.PI);
}
