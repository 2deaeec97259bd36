/**
 * Issue 8 §2, the risk map: a bounded answer whatever the zone's size.
 * - a small zone (≤ MAP_ALL_MARKERS_MAX) gets every marker as before;
 * - a large zone gets clusters and markers of the view; their counts add up to the zone's placed markers, per
 *   colour, for the whole space at every zoom and over a tiling of it, on the site plan and on lng/lat;
 * - zones and enterprise users see only their own;
 * - the per-process cache follows a colour recompute (raw SQL, no updated_at) and a position edit;
 * - an unchanged map answers 304 to its ETag;
 * - a bad bbox or zoom is a 400 problem in the caller's language.
 */
import { buildCreditCode, CREDIT_CODE_CHARS } from '@yuanan/domain';
import { MAP_ALL_MARKERS_MAX } from '@yuanan/contracts';
import { uuidv7 } from '../../core/db/ids.ts';
import { createTestEnv, userWithRole, zoneWithAdmin, type TestEnv } from '../../testing/test-env.ts';

type Zone = Awaited<ReturnType<typeof zoneWithAdmin>> & { ents: string[] };
type Counts = Record<'red' | 'orange' | 'yellow' | 'blue' | 'none', number>;
type Marker = {
  id: string;
  colour: string | null;
  planX: number | null;
  planY: number | null;
  lat: number | null;
  lng: number | null;
};
type Cluster = { id: string; count: number; counts: Counts; x: number; y: number };
type MapBody = {
  view: 'plan' | 'geo';
  clustered: boolean;
  total: number;
  counts: Counts;
  markers: Marker[];
  clusters: Cluster[];
  unplaced: { total: number; items: Marker[] };
  extent: { minX: number; minY: number; maxX: number; maxY: number } | null;
};

let env: TestEnv;
let big: Zone;
let small: Zone;
const COLOURS = ['red', 'orange', 'yellow', 'blue', null] as const;
const BIG = MAP_ALL_MARKERS_MAX + 600;
let seq = 0;

function creditCode(i: number): string {
  let body = '';
  for (let k = 0, x = i; k < 8; k++, x = Math.floor(x / 31)) body = CREDIT_CODE_CHARS[x % 31] + body;
  return buildCreditCode('91', '330782', body);
}

/** Enterprises in bulk: clumps and spread on the plan and around 29.1°N 119.6°E; some without a position. */
async function addEnterprises(z: Zone, n: number): Promise<string[]> {
  const rows = [];
  for (let i = 0; i < n; i++) {
    const clump = i % 3 === 0;
    rows.push({
      id: uuidv7(),
      created_at: new Date(),
      updated_at: new Date(Date.now() - 86_400_000),
      tenant_id: z.tenant.id,
      credit_code: creditCode(++seq),
      name: `地图企业${String(i).padStart(5, '0')}`,
      principal_name: '张三',
      is_industry_trade: 1,
      key_place_tags: '[]',
      key_place_tags_text: ',',
      status: i % 29 === 0 ? 'closed' : 'active',
      risk_colour: COLOURS[i % COLOURS.length],
      risk_score: (i % 9) * 10,
      plan_x: i % 10 === 0 ? null : clump ? 0.2 + (i % 7) * 0.001 : (i % 53) / 53,
      plan_y: i % 10 === 0 ? null : clump ? 0.3 + (i % 11) * 0.001 : (i % 47) / 47,
      lat: i % 7 === 0 ? null : 29.1 + (i % 41) * 0.002,
      lng: i % 7 === 0 ? null : 119.6 + (i % 43) * 0.002,
      version: 1,
    });
  }
  const cols = Object.keys(rows[0]!);
  await env.api.c.orm.em.getConnection().execute(
    `INSERT INTO enterprises (${cols.join(', ')}) VALUES ${rows.map(() => `(${cols.map(() => '?').join(',')})`).join(',')}`,
    rows.flatMap((r) => cols.map((c) => (r as Record<string, unknown>)[c])),
  );
  return rows.filter((r) => r.status === 'active').map((r) => r.id);
}

const map = (z: { token: string }, q = '', headers: Record<string, string> = {}) =>
  env.req<MapBody>('GET', `/api/v1/risk/map${q ? `?${q}` : ''}`, { token: z.token, headers });

/** Markers and clusters summed: how many enterprises, and how many of each colour. */
function sum(b: MapBody): { n: number; counts: Counts } {
  const counts: Counts = { red: 0, orange: 0, yellow: 0, blue: 0, none: 0 };
  let n = 0;
  for (const c of b.clusters) {
    n += c.count;
    for (const k of Object.keys(counts) as Array<keyof Counts>) counts[k] += c.counts[k];
  }
  for (const m of b.markers) {
    n++;
    counts[(m.colour ?? 'none') as keyof Counts]++;
  }
  return { n, counts };
}

function minus(a: Counts, b: Counts): Counts {
  return {
    red: a.red - b.red,
    orange: a.orange - b.orange,
    yellow: a.yellow - b.yellow,
    blue: a.blue - b.blue,
    none: a.none - b.none,
  };
}

beforeAll(async () => {
  env = await createTestEnv();
  big = (await zoneWithAdmin(env, 'mapbig')) as Zone;
  big.ents = await addEnterprises(big, BIG);
  small = (await zoneWithAdmin(env, 'mapsmall')) as Zone;
  small.ents = await addEnterprises(small, 30);
}, 120_000);
afterAll(() => env.close());

test('a small zone gets every marker, as before', async () => {
  const r = await map(small, 'view=plan');
  expect(r.status).toBe(200);
  expect(r.body.clustered).toBe(false);
  expect(r.body.clusters).toEqual([]);
  expect(r.body.markers.map((m) => m.id).sort()).toEqual([...small.ents].sort());
  expect(r.body.total).toBe(small.ents.length);
  expect(r.body.unplaced.items.every((m) => m.planX == null)).toBe(true);
});

test.each(['plan', 'geo'] as const)(
  '%s: clusters and markers add up to the zone, per colour, at every zoom and over any tiling',
  async (view) => {
    const whole = await map(big, `view=${view}`);
    expect(whole.status).toBe(200);
    expect(whole.body.clustered).toBe(true);
    expect(whole.body.total).toBe(big.ents.length);
    const placed = whole.body.total - whole.body.unplaced.total;
    // Unplaced markers are counted in `counts` but not on the map.
    const unplacedAll = await map(big, `view=${view}&zoom=20`);
    expect(unplacedAll.body.unplaced.total).toBe(whole.body.unplaced.total);
    expect(whole.body.unplaced.items.length).toBeLessThanOrEqual(50);

    const space = view === 'plan' ? [0, 0, 1, 1] : [119.5, 29, 119.8, 29.2];
    for (const zoom of [0, 1.5, 3, 5, 8, 12, 17, 19]) {
      const r = await map(big, `view=${view}&zoom=${zoom}&bbox=${space.join(',')}`);
      expect(r.status).toBe(200);
      const s = sum(r.body);
      expect(s.n).toBe(placed);
      expect(Object.values(s.counts).reduce((a, b) => a + b, 0)).toBe(placed);
      // Up to zoom 2 the whole space fits a screen (1,024 px): a screenful stays a few hundred items.
      if (zoom <= 2) expect(r.body.clusters.length + r.body.markers.length).toBeLessThan(600);
    }

    // A 3×3 tiling (edges where no centroid lies): every cluster and marker in exactly one tile.
    for (const zoom of [2, 6, 10]) {
      let n = 0;
      const [x0, y0, x1, y1] = space as [number, number, number, number];
      const dx = (x1 - x0) / 3;
      const dy = (y1 - y0) / 3;
      for (let i = 0; i < 3; i++) {
        for (let j = 0; j < 3; j++) {
          const eps = 1e-9;
          const box = [x0 + i * dx + (i ? eps : 0), y0 + j * dy + (j ? eps : 0), x0 + (i + 1) * dx, y0 + (j + 1) * dy];
          const r = await map(big, `view=${view}&zoom=${zoom}&bbox=${box.join(',')}`);
          expect(r.status).toBe(200);
          n += sum(r.body).n;
        }
      }
      expect(n).toBe(placed);
    }
  },
);

test('per-colour counts of clusters match the zone', async () => {
  const r = await map(big, 'view=plan&zoom=2');
  const s = sum(r.body);
  const unplacedCounts: Counts = { red: 0, orange: 0, yellow: 0, blue: 0, none: 0 };
  // Every unplaced marker of the view, from the plan positions the test wrote (every 10th has none).
  const rows = (await env.api.c.orm.em
    .getConnection()
    .execute(
      `SELECT risk_colour AS c, COUNT(*) AS n FROM enterprises WHERE tenant_id = ? AND status = 'active' AND plan_x IS NULL GROUP BY risk_colour`,
      [big.tenant.id],
    )) as Array<{ c: keyof Counts | null; n: number }>;
  for (const row of rows) unplacedCounts[row.c ?? 'none'] += Number(row.n);
  expect(s.counts).toEqual(minus(r.body.counts, unplacedCounts));
  const red = await map(big, 'view=plan&zoom=2&colour=red');
  expect(red.body.total).toBe(r.body.counts.red);
  expect(sum(red.body).counts).toMatchObject({ orange: 0, yellow: 0, blue: 0, none: 0 });
});

test('zones and enterprise users see only their own', async () => {
  const other = await map(small, 'view=plan&zoom=3&bbox=0,0,1,1');
  const bigIds = new Set(big.ents);
  expect(other.body.markers.some((m) => bigIds.has(m.id))).toBe(false);
  expect(other.body.total).toBe(small.ents.length);

  const own = big.ents[5]!;
  const user = await userWithRole(env, big, 'enterprise_admin', { enterpriseId: own });
  for (const q of ['view=plan', 'view=geo&zoom=3&bbox=-180,-90,180,90']) {
    const r = await map(user, q);
    expect(r.status).toBe(200);
    expect(r.body.total).toBe(1);
    expect(r.body.clustered).toBe(false);
    expect(r.body.clusters).toEqual([]);
    expect(r.body.markers.map((m) => m.id)).toEqual([own]);
  }
  // The zone admin's cached index is not what the enterprise user gets, nor the other way round.
  const admin = await map(big, 'view=plan');
  expect(admin.body.total).toBe(big.ents.length);
});

test('the cache follows a colour recompute and a position edit; an unchanged map answers 304', async () => {
  const q = 'view=plan&zoom=1&bbox=0,0,1,1';
  const first = await map(big, q);
  const etag = first.headers.get('etag');
  expect(etag).toBeTruthy();
  const again = await map(big, q, { 'if-none-match': etag! });
  expect(again.status).toBe(304);

  // The colour recompute's own statement: raw SQL that leaves updated_at and version alone.
  const [{ id: target }] = (await env.api.c.orm.em
    .getConnection()
    .execute(`SELECT id FROM enterprises WHERE tenant_id = ? AND status = 'active' AND risk_colour IS NULL LIMIT 1`, [
      big.tenant.id,
    ])) as [{ id: string }];
  await env.api.c.orm.em
    .getConnection()
    .execute('UPDATE enterprises SET risk_colour = ?, risk_score = ?, colour_computed_at = ? WHERE tenant_id = ? AND id = ?', [
      'red',
      99,
      new Date(),
      big.tenant.id,
      target,
    ]);
  const recoloured = await map(big, q, { 'if-none-match': etag! });
  expect(recoloured.status).toBe(200);
  expect(recoloured.headers.get('etag')).not.toBe(etag);
  expect(recoloured.body.counts.red).toBe(first.body.counts.red + 1);
  expect(recoloured.body.counts.none).toBe(first.body.counts.none - 1);

  // Placing an unplaced enterprise through the api.
  const unplaced = recoloured.body.unplaced.items[0]!;
  const e = await env.req('GET', `/api/v1/enterprises/${unplaced.id}`, { token: big.token });
  const put = await env.req('PATCH', `/api/v1/enterprises/${unplaced.id}`, {
    token: big.token,
    body: { planX: 0.9, planY: 0.9, version: e.body.version },
  });
  expect(put.status).toBe(200);
  const placed = await map(big, q);
  expect(placed.body.unplaced.total).toBe(recoloured.body.unplaced.total - 1);
  expect(sum(placed.body).n).toBe(sum(recoloured.body).n + 1);

  // Closing one and adding one (the cache patches its list with the rows written since): the zone's truth.
  const conn = env.api.c.orm.em.getConnection();
  await conn.execute(`UPDATE enterprises SET status = 'closed', updated_at = ? WHERE tenant_id = ? AND id = ?`, [
    new Date(),
    big.tenant.id,
    big.ents[7],
  ]);
  const added = await env.req('POST', '/api/v1/enterprises', {
    token: big.token,
    body: { creditCode: creditCode(++seq + 50_000), name: '新入园企业', principalName: '李四', planX: 0.5, planY: 0.5 },
  });
  expect(added.status).toBe(201);
  const after = await map(big, q);
  const [{ n }] = (await conn.execute(`SELECT COUNT(*) AS n FROM enterprises WHERE tenant_id = ? AND status = 'active'`, [
    big.tenant.id,
  ])) as [{ n: number }];
  expect(after.body.total).toBe(Number(n));
  expect(after.body.total).toBe(placed.body.total);
  expect(sum(after.body).n).toBe(after.body.total - after.body.unplaced.total);
});

test('a bad bbox or zoom is a 400 problem in the caller’s language', async () => {
  const cases = [
    'bbox=1,2,3',
    'bbox=a,b,c,d',
    'bbox=0,0.9,1,0.1',
    'zoom=99',
    'zoom=x',
    'view=plan&bbox=0.8,0,0.2,1',
    'view=geo&bbox=0,-100,10,10',
  ];
  for (const q of cases) {
    const zh = await map(big, q);
    expect({ q, status: zh.status }).toEqual({ q, status: 400 });
    expect(zh.headers.get('content-type')).toContain('application/problem+json');
    expect(JSON.stringify(zh.body)).toMatch(/[\u4e00-\u9fff]/);
    const en = await map(big, q, { 'accept-language': 'en' });
    expect(en.status).toBe(400);
    const text = JSON.stringify([
      (en.body as unknown as { detail?: string }).detail,
      (en.body as unknown as { errors?: unknown }).errors,
    ]);
    expect(text).not.toMatch(/[\u4e00-\u9fff]/);
  }
});
