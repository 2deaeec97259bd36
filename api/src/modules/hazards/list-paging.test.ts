/**
 * Issue 8 §2: the hot lists (hazard ledger, enterprise list, risk map) read index-bound with keyset paging.
 * - cursor paging returns every row exactly once, in the list's order, also while rows are added between pages
 *   (offset paging repeats rows then) and for every sort, NULLs and ties included;
 * - combined filters give the same rows, in the same order, as the plain ORM query the lists used before;
 * - counts stop at a cap; a bad cursor is a 400 problem in the user's language;
 * - a zone sees only its rows through cursors and the map's colour filter.
 */
import { buildCreditCode, CREDIT_CODE_CHARS } from '@yuanan/domain';
import { uuidv7 } from '../../core/db/ids.ts';
import { cappedCount } from '../../core/db/keyset.ts';
import { tenantEm } from '../../core/db/orm.ts';
import { createTestEnv, zoneWithAdmin, type TestEnv } from '../../testing/test-env.ts';
import { Enterprise } from '../enterprises/enterprise.entity.ts';
import { Hazard } from './hazard.entity.ts';

type Zone = Awaited<ReturnType<typeof zoneWithAdmin>> & { grids: string[]; ents: string[] };
let env: TestEnv;
let a: Zone;
let b: Zone;
const DAY = 86_400_000;
const STATUSES = ['reported', 'confirmed', 'rectifying', 'pending_review', 'closed', 'dismissed'];
const COLOURS = ['red', 'orange', 'yellow', 'blue', null];
const base = Date.now() - 400 * DAY;

function creditCode(i: number): string {
  let body = '';
  for (let k = 0, x = i; k < 8; k++, x = Math.floor(x / 31)) body = CREDIT_CODE_CHARS[x % 31] + body;
  return buildCreditCode('91', '330782', body);
}

async function insert(table: string, rows: Record<string, unknown>[]) {
  const cols = Object.keys(rows[0]!);
  await env.api.c.orm.em.getConnection().execute(
    `INSERT INTO ${table} (${cols.join(', ')}) VALUES ${rows.map(() => `(${cols.map(() => '?').join(',')})`).join(',')}`,
    rows.flatMap((r) => cols.map((c) => r[c])),
  );
}

let codeSeq = 0;
/** Hazards in bulk; few distinct report times and deadlines, so the id tie-break is exercised. */
async function addHazards(z: Zone, n: number, at?: (i: number) => Date) {
  const rows = [];
  for (let i = 0; i < n; i++) {
    const id = uuidv7();
    const status = STATUSES[(i * 7) % STATUSES.length]!;
    const reportedAt = at ? at(i) : new Date(base + (i % 13) * DAY);
    rows.push({
      id,
      created_at: reportedAt,
      updated_at: new Date(base + (i % 5) * DAY),
      tenant_id: z.tenant.id,
      code: `YH-T-${String(++codeSeq).padStart(6, '0')}`,
      enterprise_id: z.ents[i % z.ents.length],
      grid_id: i % 4 === 3 ? null : z.grids[i % z.grids.length],
      source: 'grid_patrol',
      category_code: 'fire',
      status,
      description: '分页测试隐患',
      photo_ids: '[]',
      after_photo_ids: '[]',
      deadline: status === 'reported' || i % 9 === 0 ? null : new Date(Date.now() + ((i % 6) - 3) * DAY),
      major_checklist_items: '[]',
      reported_at: reportedAt,
      version: 1,
    });
  }
  await insert('hazards', rows);
  return rows.map((r) => r.id as string);
}

let entSeq = 0;
async function addEnterprises(z: Zone, n: number) {
  const rows = [];
  for (let i = 0; i < n; i++) {
    const tags = [i % 3 === 0 ? 'combustible_dust' : '', i % 4 === 0 ? 'confined_space' : ''].filter(Boolean);
    rows.push({
      id: uuidv7(),
      created_at: new Date(base + (i % 7) * DAY),
      updated_at: new Date(base + (i % 3) * DAY),
      tenant_id: z.tenant.id,
      credit_code: creditCode(1000 + ++entSeq),
      name: `分页企业${String(i % 17).padStart(2, '0')}`, // repeated names: ties broken by id
      principal_name: '张三',
      is_industry_trade: 1,
      key_place_tags: JSON.stringify(tags),
      key_place_tags_text: `,${tags.join(',')},`,
      status: i % 11 === 0 ? 'closed' : 'active',
      risk_colour: COLOURS[i % COLOURS.length],
      risk_score: i % 6 === 0 ? null : (i % 8) * 10,
      employees: i % 5 === 0 ? null : (i % 4) * 50,
      grid_id: z.grids[i % z.grids.length],
      plan_x: 0.5,
      plan_y: 0.5,
      version: 1,
    });
  }
  await insert('enterprises', rows);
  return rows.map((r) => r.id as string);
}

async function zoneWithData(code: string, hazards: number, enterprises: number): Promise<Zone> {
  const z = (await zoneWithAdmin(env, code)) as Zone;
  z.grids = [];
  for (let g = 0; g < 3; g++) {
    const r = await env.req('POST', '/api/v1/catalog', {
      token: z.token,
      body: { kind: 'grid', code: `pg${g}`, name: `分页网格${g}` },
    });
    z.grids.push(r.body.id);
  }
  z.ents = await addEnterprises(z, enterprises);
  await addHazards(z, hazards);
  return z;
}

beforeAll(async () => {
  env = await createTestEnv();
  a = await zoneWithData('pga', 240, 90);
  b = await zoneWithData('pgb', 40, 20);
});
afterAll(() => env.close());

type Page = { items: Array<{ id: string }>; total: number; totalCapped: boolean; nextCursor: string | null };

/** Every page of a list by cursor; `between` runs after each page (to add rows meanwhile). */
async function walk(z: Zone, path: string, between?: () => Promise<unknown>): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let n = 0; n < 100; n++) {
    const sep = path.includes('?') ? '&' : '?';
    const r: { status: number; body: Page } = await env.req<Page>('GET', `${path}${cursor ? `${sep}cursor=${cursor}` : ''}`, {
      token: z.token,
    });
    expect(r.status).toBe(200);
    ids.push(...r.body.items.map((i) => i.id));
    cursor = r.body.nextCursor;
    if (!cursor) return ids;
    await between?.();
  }
  throw new Error('no last page');
}

/** The ledger query as it was before (one ORM query with OFFSET), all rows: the reference for equivalence. */
async function oldLedger(z: Zone, q: Record<string, string>): Promise<string[]> {
  const em = tenantEm(env.api.c.orm, z.tenant.id);
  const where: Record<string, unknown>[] = [];
  if (q.status) where.push({ status: { $in: q.status.split(',') } });
  if (q.gridId) where.push({ gridId: q.gridId });
  if (q.enterpriseId) where.push({ enterpriseId: q.enterpriseId });
  if (q.overdue === 'true') where.push({ status: { $in: ['confirmed', 'rectifying'] }, deadline: { $lt: new Date() } });
  const sort = q.sort ?? '-reportedAt';
  // Ties by id in the sort's direction (before: always id DESC — the only change of order).
  const dir = sort.startsWith('-') ? 'desc' : 'asc';
  const orderBy = { [sort.replace(/^-/, '')]: dir, id: dir } as Record<string, 'asc' | 'desc'>;
  return (await em.find(Hazard, { $and: where }, { orderBy, fields: ['id'] })).map((h) => h.id);
}

async function oldEnterpriseList(z: Zone, q: Record<string, string>): Promise<string[]> {
  const em = tenantEm(env.api.c.orm, z.tenant.id);
  const where: Record<string, unknown> = {};
  if (q.gridId) where.gridId = q.gridId;
  if (q.tag) where.keyPlaceTagsText = { $like: `%,${q.tag},%` };
  if (q.colour) where.riskColour = q.colour;
  if (q.status) where.status = q.status;
  const sort = q.sort ?? 'name';
  // Ties by id in the sort's direction (before: always id ASC — the only change of order).
  const dir = sort.startsWith('-') ? 'desc' : 'asc';
  const orderBy = { [sort.replace(/^-/, '')]: dir, id: dir } as Record<string, 'asc' | 'desc'>;
  return (await em.find(Enterprise, where, { orderBy, fields: ['id'] })).map((e) => e.id);
}

const qs = (q: Record<string, string>) => new URLSearchParams(q).toString();

test('hazard ledger: cursor pages give every row exactly once while new hazards arrive (offset pages repeat rows)', async () => {
  const before = await oldLedger(a, {});
  let k = 0;
  // Newest first: each new hazard lands on page 1 and pushes the rest down by one.
  const addNewest = () => addHazards(a, 3, () => new Date(Date.now() + ++k * 1000));
  const seen = await walk(a, '/api/v1/hazards?pageSize=25', addNewest);
  expect(new Set(seen).size).toBe(seen.length);
  expect(seen).toEqual(before);

  // The same walk by page number shows the problem keyset paging solves.
  const byPage: string[] = [];
  for (let p = 1; p <= 4; p++) {
    const r = await env.req<Page>('GET', `/api/v1/hazards?pageSize=25&page=${p}`, { token: a.token });
    byPage.push(...r.body.items.map((i) => i.id));
    await addNewest();
  }
  expect(new Set(byPage).size).toBeLessThan(byPage.length);
});

test('hazard ledger: combined filters and every sort give the rows and order of the old query, by cursor and by page', async () => {
  const g = a.grids[1]!;
  const cases: Record<string, string>[] = [
    {},
    { status: 'rectifying' },
    { status: 'confirmed,rectifying', gridId: g },
    { status: 'confirmed,rectifying,reported', gridId: g, overdue: 'true' },
    { overdue: 'true' },
    { overdue: 'true', sort: 'deadline' },
    { status: 'reported,confirmed,closed', sort: 'deadline' },
    { status: 'reported,confirmed,closed', sort: '-deadline' },
    { sort: 'code' },
    { sort: '-updatedAt', gridId: g },
    { status: 'closed,dismissed', sort: 'reportedAt', enterpriseId: a.ents[2]! },
  ];
  for (const q of cases) {
    const expected = await oldLedger(a, q);
    const byCursor = await walk(a, `/api/v1/hazards?${qs({ ...q, pageSize: '7' })}`);
    expect({ q, ids: byCursor }).toEqual({ q, ids: expected });
    const first = await env.req<Page>('GET', `/api/v1/hazards?${qs({ ...q, pageSize: '7', page: '2' })}`, {
      token: a.token,
    });
    expect({ q, ids: first.body.items.map((i) => i.id), total: first.body.total }).toEqual({
      q,
      ids: expected.slice(7, 14),
      total: expected.length,
    });
    expect(first.body.totalCapped).toBe(false);
  }
});

test('enterprise list: cursor pages and filters (colour + tag, grid, every sort) match the old query', async () => {
  const cases: Record<string, string>[] = [
    {},
    { colour: 'red', tag: 'combustible_dust' },
    { colour: 'blue' },
    { gridId: a.grids[0]! },
    { sort: '-riskScore' },
    { sort: 'riskScore', tag: 'confined_space' },
    { sort: 'employees', status: 'active' },
    { sort: '-createdAt' },
    { sort: 'updatedAt', gridId: a.grids[2]! },
  ];
  for (const q of cases) {
    const expected = await oldEnterpriseList(a, q);
    const byCursor = await walk(a, `/api/v1/enterprises?${qs({ ...q, pageSize: '8' })}`);
    expect({ q, ids: byCursor }).toEqual({ q, ids: expected });
    const p2 = await env.req<Page>('GET', `/api/v1/enterprises?${qs({ ...q, pageSize: '8', page: '2' })}`, {
      token: a.token,
    });
    expect({ q, ids: p2.body.items.map((i) => i.id), total: p2.body.total }).toEqual({
      q,
      ids: expected.slice(8, 16),
      total: expected.length,
    });
  }
});

test('counts stop at the cap and say so', async () => {
  const em = tenantEm(env.api.c.orm, a.tenant.id);
  expect(await cappedCount(em, Hazard, { tenantId: a.tenant.id }, 50)).toEqual({ total: 50, capped: true });
  const all = await em.count(Hazard, {});
  expect(await cappedCount(em, Hazard, { tenantId: a.tenant.id }, all)).toEqual({ total: all, capped: false });
});

test('a bad or foreign-sort cursor is a 400 problem in the user’s language', async () => {
  const first = await env.req<Page>('GET', '/api/v1/hazards?pageSize=5', { token: a.token });
  const bySort = await env.req('GET', `/api/v1/hazards?pageSize=5&sort=code&cursor=${first.body.nextCursor}`, {
    token: a.token,
  });
  expect(bySort.status).toBe(400);
  expect(bySort.headers.get('content-type')).toContain('application/problem+json');
  expect(bySort.body.errors[0]).toMatchObject({ path: 'cursor' });
  expect(bySort.body.errors[0].message).toMatch(/翻页位置无效/);
  const garbage = Buffer.from('["-reportedAt","nope","x"]').toString('base64url');
  const en = await env.req('GET', `/api/v1/hazards?cursor=${garbage}`, {
    token: a.token,
    headers: { 'accept-language': 'en' },
  });
  expect(en.status).toBe(400);
  expect(en.body.errors[0].message).toMatch(/reload from the first page/);
  const chars = await env.req('GET', '/api/v1/enterprises?cursor=%3Cscript%3E', { token: a.token });
  expect(chars.status).toBe(400);
});

test('tenant isolation: cursors and the map colour filter never reach another zone', async () => {
  const aIds = new Set(await walk(a, '/api/v1/hazards?pageSize=50'));
  const bIds = await walk(b, '/api/v1/hazards?pageSize=9');
  expect(bIds.length).toBe((await oldLedger(b, {})).length);
  expect(bIds.some((id) => aIds.has(id))).toBe(false);
  // Zone A's cursor in zone B's hands is only a position: B's rows after it, never A's.
  const aFirst = await env.req<Page>('GET', '/api/v1/hazards?pageSize=5', { token: a.token });
  const bAfter = await env.req<Page>('GET', `/api/v1/hazards?cursor=${aFirst.body.nextCursor}`, { token: b.token });
  expect(bAfter.status).toBe(200);
  expect(bAfter.body.items.every((i) => bIds.includes(i.id))).toBe(true);
  const aEnt = new Set(await walk(a, '/api/v1/enterprises?pageSize=50'));
  const bEnt = await walk(b, '/api/v1/enterprises?pageSize=6');
  expect(bEnt.length).toBe(20);
  expect(bEnt.some((id) => aEnt.has(id))).toBe(false);

  for (const colour of ['red', 'blue']) {
    const map = await env.req('GET', `/api/v1/risk/map?colour=${colour}`, { token: b.token });
    expect(map.status).toBe(200);
    const em = tenantEm(env.api.c.orm, b.tenant.id);
    const expected = await em.find(Enterprise, { status: 'active', riskColour: colour as 'red' }, { fields: ['id'] });
    const ids = (map.body.markers as Array<{ id: string; colour: string }>).map((m) => m.id).sort();
    expect(ids).toEqual(expected.map((e) => e.id).sort());
    expect((map.body.markers as Array<{ colour: string }>).every((m) => m.colour === colour)).toBe(true);
  }
  const whole = await env.req('GET', '/api/v1/risk/map', { token: b.token });
  expect(whole.body.markers.length).toBe(20 - 2); // two of the 20 are closed
  expect((whole.body.markers as Array<{ id: string }>).some((m) => aEnt.has(m.id))).toBe(false);
  const badColour = await env.req('GET', '/api/v1/risk/map?colour=purple', { token: b.token });
  expect(badColour.status).toBe(400);
});
