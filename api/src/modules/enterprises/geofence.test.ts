import { buildCreditCode } from '@yuanan/domain';
import { createTestEnv, userWithRole, zoneWithAdmin, type TestEnv } from '../../testing/test-env.ts';

/** The enterprise's own inspection geofence (电子围栏), set by the safety office through PATCH /enterprises/:id. */

let env: TestEnv;
let zone: Awaited<ReturnType<typeof zoneWithAdmin>>;
let other: Awaited<ReturnType<typeof zoneWithAdmin>>;
let ent: string;
let unplaced: string;
let staff: Awaited<ReturnType<typeof userWithRole>>;

const api = (method: string, path: string, token = zone.token, body?: unknown) =>
  env.req(method, `/api/v1${path}`, { token, body });

async function enterprise(i: number, extra: Record<string, unknown> = {}): Promise<string> {
  const r = await api('POST', '/enterprises', zone.token, {
    creditCode: buildCreditCode('91', '330782', `MA3K${i}000`),
    name: `围栏测试企业${i}`,
    principalName: '张三',
    ...extra,
  });
  if (r.status !== 201) throw new Error(JSON.stringify(r.body));
  return r.body.id;
}

const patch = (geofence: unknown, token = zone.token, id = ent) => api('PATCH', `/enterprises/${id}`, token, { geofence });
const stored = async (id = ent) => (await api('GET', `/enterprises/${id}`)).body.geofence;

// A square of about 110 m around (29.29, 120.13), in order around the fence.
const square: [number, number][] = [
  [29.2895, 120.1295],
  [29.2895, 120.1305],
  [29.2905, 120.1305],
  [29.2905, 120.1295],
];

beforeAll(async () => {
  env = await createTestEnv();
  zone = await zoneWithAdmin(env, 'gfence');
  other = await zoneWithAdmin(env, 'gfenceb');
  ent = await enterprise(1, { lat: 29.29, lng: 120.13 });
  unplaced = await enterprise(2);
  staff = await userWithRole(env, zone, 'enterprise_admin', { enterpriseId: ent });
});
afterAll(() => env.close());

test('the office sets a radius (20–5000 m, whole metres) or resets to the zone default; the DTO carries it', async () => {
  expect(await stored()).toBeNull();
  const set = await patch({ radiusM: 500 });
  expect(set.status).toBe(200);
  expect(set.body.enterprise.geofence).toEqual({ radiusM: 500 });
  expect(await stored()).toEqual({ radiusM: 500 });
  // The list carries it too.
  const list = await api('GET', '/enterprises?pageSize=50');
  expect(list.body.items.find((e: { id: string }) => e.id === ent).geofence).toEqual({ radiusM: 500 });

  for (const radiusM of [20, 5000]) expect((await patch({ radiusM })).body.enterprise.geofence).toEqual({ radiusM });
  for (const [radiusM, message] of [
    [19, '半径至少 20 米'],
    [5001, '半径最多 5000 米'],
    [100.5, '半径须为整数米'],
    [-1, '半径至少 20 米'],
  ] as const) {
    const r = await patch({ radiusM });
    expect([r.status, r.headers.get('content-type')]).toEqual([400, expect.stringContaining('application/problem+json')]);
    expect(r.body.errors[0]).toMatchObject({ path: 'geofence.radiusM', message });
  }
  expect((await patch({ radiusM: '300' })).status).toBe(400);
  expect((await patch({ radiusM: 300, polygon: square })).status).toBe(400);
  expect((await patch({ metres: 300 })).status).toBe(400);
  expect(await stored()).toEqual({ radiusM: 5000 }); // nothing refused was saved

  // null: back to the zone's inspectionGeofenceRadiusM.
  const reset = await patch(null);
  expect([reset.status, reset.body.enterprise.geofence]).toEqual([200, null]);
  expect(await stored()).toBeNull();
  // Leaving the field out keeps it.
  await patch({ radiusM: 800 });
  expect((await api('PATCH', `/enterprises/${ent}`, zone.token, { employees: 30 })).body.enterprise.geofence).toEqual({
    radiusM: 800,
  });
});

test('a radius needs the enterprise’s location; a polygon does not', async () => {
  const r = await patch({ radiusM: 300 }, zone.token, unplaced);
  expect([r.status, r.body.errors?.[0]?.path]).toEqual([400, 'geofence']);
  // Set together with the location, it is fine.
  const withLocation = await api('PATCH', `/enterprises/${unplaced}`, zone.token, {
    lat: 29.3,
    lng: 120.1,
    geofence: { radiusM: 300 },
  });
  expect([withLocation.status, withLocation.body.enterprise.geofence]).toEqual([200, { radiusM: 300 }]);
  const other2 = await enterprise(3);
  expect((await patch({ polygon: square }, zone.token, other2)).body.enterprise.geofence).toEqual({ polygon: square });
});

test('a polygon: 3–200 vertices, valid coordinates, in order, with an area, at most 10 km across', async () => {
  const ok = await patch({ polygon: square });
  expect([ok.status, ok.body.enterprise.geofence]).toEqual([200, { polygon: square }]);
  expect(await stored()).toEqual({ polygon: square });
  // A closing vertex equal to the first is accepted.
  expect((await patch({ polygon: [...square, square[0]] })).status).toBe(200);
  // 200 vertices on a small circle: fine; 201: refused.
  const circle = (n: number) =>
    Array.from({ length: n }, (_, i) => [
      29.29 + 0.001 * Math.sin((2 * Math.PI * i) / n),
      120.13 + 0.001 * Math.cos((2 * Math.PI * i) / n),
    ]);
  expect((await patch({ polygon: circle(200) })).status).toBe(200);
  const refused: [unknown, string, string][] = [
    [circle(201), 'geofence.polygon', '多边形最多 200 个顶点'],
    [square.slice(0, 2), 'geofence.polygon', '多边形至少需要 3 个顶点'],
    [[square[0], square[0], square[1]], 'geofence.polygon', '多边形至少需要 3 个不同的顶点'],
    [[[91, 120.13], ...square.slice(1)], 'geofence.polygon.0.0', '纬度应在 -90 到 90 之间'],
    [[[29.29, 181], ...square.slice(1)], 'geofence.polygon.0.1', '经度应在 -180 到 180 之间'],
    // Out of order (a bow tie): edges cross.
    [
      [square[0], square[1], square[3], square[2]],
      'geofence.polygon',
      '多边形的边相交（第 2 与第 4 条边），请按围栏顺序排列顶点',
    ],
    // On one line: no area.
    [
      [
        [29.29, 120.13],
        [29.291, 120.13],
        [29.292, 120.13],
      ],
      'geofence.polygon',
      '多边形的顶点不能在一条直线上',
    ],
    // A whole county.
    [
      [
        [29.2, 120.0],
        [29.2, 120.2],
        [29.4, 120.2],
      ],
      'geofence.polygon',
      expect.stringContaining('多边形范围过大') as unknown as string,
    ],
  ];
  for (const [polygon, path, message] of refused) {
    const r = await patch({ polygon });
    expect([r.status, r.body.errors?.[0]]).toEqual([400, expect.objectContaining({ path, message })]);
  }
  expect((await patch({ polygon: [[29.29, 120.13, 5], ...square.slice(1)] })).status).toBe(400);
  expect((await patch({ polygon: 'lat,lng' })).status).toBe(400);
  expect(await stored()).toEqual({ polygon: circle(200) }); // nothing refused was saved
});

test('only the safety office: the enterprise’s own users and other zones cannot set it', async () => {
  await patch({ radiusM: 400 });
  const r = await patch({ radiusM: 5000 }, staff.token);
  expect([r.status, r.headers.get('content-type')]).toEqual([403, expect.stringContaining('application/problem+json')]);
  expect((await patch(null, staff.token)).status).toBe(403);
  // The enterprise still sees its geofence and edits its other fields.
  const own = await api('GET', `/enterprises/${ent}`, staff.token);
  expect(own.body.geofence).toEqual({ radiusM: 400 });
  expect((await api('PATCH', `/enterprises/${ent}`, staff.token, { employees: 31 })).status).toBe(200);
  expect((await patch({ radiusM: 5000 }, other.token)).status).toBe(404);
  expect(await stored()).toEqual({ radiusM: 400 });
});
