/**
 * Issue 8 §2 benchmark: list latency as the data grows. Two zones share one database: one seeded at N (20,000
 * hazards, 5,000 enterprises), one at 10N (200,000 hazards, 50,000 enterprises), in the same proportions
 * (statuses, grids, colours, tags, a third of the running deadlines passed). Each query shape users combine is
 * timed through the real api (HTTP, auth, tenant filter, serialisation) on both zones in alternation, and the p95
 * ratio is printed beside the goal (≤ 1.3×). Rows are inserted in bulk (SQL): the point is reading at scale.
 *
 * Shapes: hazard ledger — default first page, status + grid, status + grid + overdue, a deep page by `page`
 * and the same depth by `cursor`; enterprise list — default, colour + tag, grid; risk map — the requests the admin's
 * map page makes: the first view of the whole zone at the zoom that fits it on a 1,200 × 800 px map (lng/lat and
 * site plan), the same with a colour filter, and a zoomed-in view (zoom +3) moving around the zone. The map's index
 * is built once per zone and change (warm-up absorbs it); `lists.map.rebuild` times the first request after a
 * colour changes (the rebuild, paid once per change), `lists.map.not_modified` a revalidation answered 304.
 * `BENCH_LIST_CALLS` (default 60) calls per shape and size after 3 warm-up rounds; `BENCH_LIST_MAP_CALLS` (default
 * 300) for the map: a map answer takes a few ms, so its p95 over 60 calls was one scheduler hiccup on a shared machine.
 */
import { createTestEnv, DEMO_PW, zoneWithAdmin } from '../../api/src/testing/test-env.ts';
import { figure, percentile } from './lib.ts';
import { seedEnterprises, seedHazards, type SeededEnterprise } from './seed.ts';

const HAZARDS = Number(process.env.BENCH_LIST_HAZARDS ?? 20_000);
const ENTERPRISES = Number(process.env.BENCH_LIST_ENTERPRISES ?? 5_000);
const CALLS = Number(process.env.BENCH_LIST_CALLS ?? 60);
/** Map calls per shape and size (each answers a bounded view). */
const MAP_CALLS = Number(process.env.BENCH_LIST_MAP_CALLS ?? 300);
/** Only the shapes whose name starts with this (e.g. `map.`), to measure one part. */
const ONLY = process.env.BENCH_LIST_ONLY ?? '';
/** The admin's map area in pixels, and the zoom the page's fitBounds gives the seeded zone on it. */
const VIEW_PX = { w: 1200, h: 800 };
const GRIDS = 10;
const COLOURS = ['red', 'orange', 'yellow', 'blue'] as const;

const env = await createTestEnv({ env: { LOG_LEVEL: 'warn' } });
const conn = env.api.c.orm.em.getConnection();

type Ent = SeededEnterprise;

type Zone = { id: string; code: string; token: string; grids: string[]; tag: string };

/** A zone with its grids, seeded with `scale` × (N hazards, N enterprises). */
async function seededZone(code: string, scale: number): Promise<Zone> {
  const zone = await zoneWithAdmin(env, code);
  const grids: string[] = [];
  for (let g = 0; g < GRIDS; g++) {
    const c = await env.req('POST', '/api/v1/catalog', {
      token: zone.token,
      body: { kind: 'grid', code: `g${g}`, name: `第${g + 1}网格` },
    });
    if (c.status >= 300) throw new Error(`grid: ${JSON.stringify(c.body)}`);
    grids.push(c.body.id);
  }
  const tagRes = await env.req('GET', '/api/v1/catalog?kind=key_place_tag', { token: zone.token });
  const tags = (tagRes.body as Array<{ code: string }>).slice(0, 6).map((t) => t.code);
  // In slices, so the 10N zone's rows interleave in time like a zone that grew.
  let ents: Ent[] = [];
  for (let k = 0; k < scale; k++) {
    ents = ents.concat(await seedEnterprises(conn, zone.tenant.id, { from: k * ENTERPRISES, n: ENTERPRISES, grids, tags }));
    await seedHazards(conn, zone.tenant.id, { from: k * HAZARDS, n: HAZARDS, ents, spanDays: 3 * 365 });
  }
  return { id: zone.tenant.id, code, token: zone.token, grids, tag: tags[0]! };
}

type Shape = { name: string; path: (z: Zone, i: number) => string };

/** The seeded zone spans 0.1° × 0.1° at 29.2°N, 120°E, and a site plan (0–1 of the plan) as a square. */
const GEO_FIT_ZOOM = Math.floor(Math.log2((VIEW_PX.w * 360) / (256 * 0.1 * 1.2)) * 4) / 4;
/** A square plan shown as large as the map's height (fitBounds), with the zoom in the api's terms. */
const PLAN_FIT_ZOOM = Math.round(Math.log2(VIEW_PX.h / 256) * 4) / 4;

/** The request the map page makes for a lng/lat view of the map area centred at (lng, lat) at `zoom`. */
function geoView(lng: number, lat: number, zoom: number): string {
  const degPerPx = 360 / (256 * 2 ** zoom);
  const w = (VIEW_PX.w / 2) * degPerPx;
  // Mercator: a pixel is fewer degrees of latitude than of longitude, by cos(lat).
  const h = (VIEW_PX.h / 2) * degPerPx * Math.cos((lat * Math.PI) / 180);
  const r = (n: number) => Math.round(n * 1e6) / 1e6;
  return `/api/v1/risk/map?view=geo&zoom=${zoom}&bbox=${r(lng - w)},${r(lat - h)},${r(lng + w)},${r(lat + h)}`;
}

/** The same on the site plan (fractions of the plan, y down). */
function planView(x: number, y: number, zoom: number): string {
  const perPx = 1 / (256 * 2 ** zoom);
  const w = (VIEW_PX.w / 2) * perPx;
  const h = (VIEW_PX.h / 2) * perPx;
  const r = (n: number) => Math.round(n * 1e6) / 1e6;
  return `/api/v1/risk/map?view=plan&zoom=${zoom}&bbox=${r(x - w)},${r(y - h)},${r(x + w)},${r(y + h)}`;
}

try {
  // Two zones in one database: N and 10N. Both sizes are timed call by call in alternation, so the load of a
  // shared machine falls on both alike (the ratio is what the goal is about); tenant_id leads every index.
  let t = performance.now();
  const small = await seededZone('listsn', 1);
  const large = await seededZone('listsn10', 10);
  await conn.execute('ANALYZE TABLE hazards, enterprises');
  figure('lists.seeded', HAZARDS * 11, 'hazards', {
    enterprises: ENTERPRISES * 11,
    zones: { N: { hazards: HAZARDS, enterprises: ENTERPRISES }, '10N': { hazards: HAZARDS * 10, enterprises: ENTERPRISES * 10 } },
    ms: Math.round(performance.now() - t),
  });

  /** The `nextCursor` after `pages` pages of 20 (null when the api does not page by cursor). */
  const cursorAt = async (z: Zone, pages: number): Promise<string | null> => {
    let cursor: string | null = null;
    for (let p = 0; p < pages; p++) {
      const res: { body: unknown } = await env.req('GET', `/api/v1/hazards?pageSize=20${cursor ? `&cursor=${cursor}` : ''}`, {
        token: z.token,
      });
      cursor = (res.body as { nextCursor?: string | null }).nextCursor ?? null;
      if (!cursor) return null;
    }
    return cursor;
  };
  const deep = new Map<Zone, string | null>([
    [small, await cursorAt(small, 49)],
    [large, await cursorAt(large, 49)],
  ]);

  const allShapes: Shape[] = [
    { name: 'hazards.default', path: () => '/api/v1/hazards' },
    { name: 'hazards.status_grid', path: (z, i) => `/api/v1/hazards?status=rectifying&gridId=${z.grids[i % GRIDS]}` },
    {
      name: 'hazards.status_grid_overdue',
      path: (z, i) => `/api/v1/hazards?status=confirmed,rectifying&gridId=${z.grids[i % GRIDS]}&overdue=true`,
    },
    { name: 'hazards.overdue_by_deadline', path: () => '/api/v1/hazards?overdue=true&sort=deadline&pageSize=200' },
    { name: 'hazards.page50', path: () => '/api/v1/hazards?page=50' },
    ...(deep.get(small) && deep.get(large)
      ? [{ name: 'hazards.cursor50', path: (z: Zone) => `/api/v1/hazards?pageSize=20&cursor=${deep.get(z)}` }]
      : []),
    { name: 'enterprises.default', path: () => '/api/v1/enterprises' },
    { name: 'enterprises.colour_tag', path: (z, i) => `/api/v1/enterprises?colour=${COLOURS[i % 3]}&tag=${z.tag}` },
    { name: 'enterprises.grid', path: (z, i) => `/api/v1/enterprises?gridId=${z.grids[i % GRIDS]}` },
    { name: 'map.geo_zone', path: () => geoView(120.05, 29.25, GEO_FIT_ZOOM) },
    { name: 'map.geo_colour', path: (_z, i) => `${geoView(120.05, 29.25, GEO_FIT_ZOOM)}&colour=${COLOURS[i % 2]}` },
    {
      name: 'map.geo_zoomed',
      path: (_z, i) => geoView(120 + 0.1 * ((i * 0.37) % 1), 29.2 + 0.1 * ((i * 0.61) % 1), GEO_FIT_ZOOM + 3),
    },
    { name: 'map.plan_zone', path: () => planView(0.5, 0.5, PLAN_FIT_ZOOM) },
    { name: 'map.plan_zoomed', path: (_z, i) => planView((i * 0.37) % 1, (i * 0.61) % 1, PLAN_FIT_ZOOM + 3) },
  ];
  const shapes = allShapes.filter((s) => s.name.startsWith(ONLY));

  const call = async (z: Zone, path: string, headers: Record<string, string> = {}) => {
    const t0 = performance.now();
    const res = await env.req('GET', path, { token: z.token, headers });
    const ms = performance.now() - t0;
    const b = res.body as {
      items?: unknown[];
      markers?: unknown[];
      clusters?: unknown[];
      total?: number;
      totalCapped?: boolean;
    };
    return {
      ms,
      status: res.status,
      etag: res.headers.get('etag'),
      // A map answer: markers and clusters drawn.
      rows: b.items ? b.items.length : (b.markers?.length ?? 0) + (b.clusters?.length ?? 0),
      total: b.total === undefined ? null : `${b.total}${b.totalCapped ? '+' : ''}`,
      body: res.body,
    };
  };
  t = performance.now();
  // A fresh token per shape: on a busy machine the run can outlast an access token (15 minutes at most).
  const signIn = async (z: Zone) => {
    const r = await env.req('POST', '/api/v1/auth/login', { body: { tenant: z.code, username: 'admin', password: DEMO_PW } });
    z.token = r.body.accessToken as string;
  };
  for (const s of shapes) {
    await signIn(small);
    await signIn(large);
    const lat = { N: [] as number[], '10N': [] as number[] };
    const last: Record<string, { rows: number; total: string | null }> = {};
    let failed = false;
    const calls = s.name.startsWith('map.') ? MAP_CALLS : CALLS;
    for (let i = -3; i < calls && !failed; i++) {
      // Alternate which size goes first; the first 3 rounds warm up.
      const order: Array<['N' | '10N', Zone]> =
        i % 2
          ? [
              ['N', small],
              ['10N', large],
            ]
          : [
              ['10N', large],
              ['N', small],
            ];
      for (const [size, z] of order) {
        const r = await call(z, s.path(z, Math.max(i, 0)));
        if (r.status !== 200) {
          figure(`lists.${s.name}.status`, r.status, 'http', { size, body: JSON.stringify(r.body).slice(0, 200) });
          failed = true;
          break;
        }
        if (i >= 0) lat[size].push(r.ms);
        last[size] = { rows: r.rows, total: r.total };
      }
    }
    if (failed) continue;
    const p95: Record<string, number> = {};
    const p50: Record<string, number> = {};
    for (const size of ['N', '10N'] as const) {
      const sorted = lat[size].sort((a, b) => a - b);
      p95[size] = percentile(sorted, 95);
      p50[size] = percentile(sorted, 50);
      figure(`lists.${s.name}.p50`, p50[size], 'ms', { size });
      figure(`lists.${s.name}.p95`, p95[size], 'ms', { size, ...last[size] });
    }
    figure(`lists.${s.name}.p95_ratio`, p95['10N']! / p95.N!, 'x', {
      n: Math.round(p95.N! * 100) / 100,
      n10: Math.round(p95['10N']! * 100) / 100,
      goal: 1.3,
      p50Ratio: Math.round((p50['10N']! / p50.N!) * 100) / 100,
    });
  }
  // The map after a change: the first request rebuilds the zone's index (once per change, then cached), and an
  // unchanged map revalidates with 304.
  if ('map.'.startsWith(ONLY) || ONLY.startsWith('map.')) {
    for (const [size, z] of [
      ['N', small],
      ['10N', large],
    ] as const) {
      await signIn(z);
      const rebuild: number[] = [];
      const revalidate: number[] = [];
      for (let i = 0; i < 7; i++) {
        await conn.execute('UPDATE enterprises SET colour_computed_at = ? WHERE tenant_id = ? ORDER BY id LIMIT 1', [
          new Date(Date.now() + i),
          z.id,
        ]);
        const first = await call(z, geoView(120.05, 29.25, GEO_FIT_ZOOM));
        rebuild.push(first.ms);
        const again = await call(z, geoView(120.05, 29.25, GEO_FIT_ZOOM), { 'if-none-match': first.etag ?? '' });
        if (again.status !== 304) figure('lists.map.not_modified.status', again.status, 'http', { size });
        revalidate.push(again.ms);
      }
      figure(
        'lists.map.rebuild.p50',
        percentile(
          rebuild.sort((a, b) => a - b),
          50,
        ),
        'ms',
        { size },
      );
      figure(
        'lists.map.not_modified.p50',
        percentile(
          revalidate.sort((a, b) => a - b),
          50,
        ),
        'ms',
        { size },
      );
    }
  }
  // The enterprise list after a write: its total is counted again (the count is reused only while the zone's
  // enterprises are unchanged), so this is the list's cold cost, up to COUNT_CAP index entries.
  if ('enterprises.'.startsWith(ONLY) || ONLY.startsWith('enterprises.')) {
    const cold: Record<string, number> = {};
    for (const [size, z] of [
      ['N', small],
      ['10N', large],
    ] as const) {
      await signIn(z);
      const after: number[] = [];
      for (let i = 0; i < 15; i++) {
        await conn.execute('UPDATE enterprises SET updated_at = ? WHERE tenant_id = ? ORDER BY id LIMIT 1', [
          new Date(Date.now() + i),
          z.id,
        ]);
        after.push((await call(z, `/api/v1/enterprises?gridId=${z.grids[i % GRIDS]}`)).ms);
      }
      cold[size] = percentile(
        after.sort((a, b) => a - b),
        50,
      );
      figure('lists.enterprises.grid_after_write.p50', cold[size], 'ms', { size });
    }
    figure('lists.enterprises.grid_after_write.p50_ratio', cold['10N']! / cold.N!, 'x', {
      note: 'first request after a write: the total is counted again (capped at 10,000 index entries)',
    });
  }
  figure('lists.measure_time', performance.now() - t, 'ms', { callsPerShapeAndSize: CALLS, mapCalls: MAP_CALLS });
} catch (e) {
  console.error(e);
  process.exitCode = 1;
} finally {
  await env.close();
}
