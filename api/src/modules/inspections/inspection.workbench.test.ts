import { addDays } from '@yuanan/domain';
import { tenantEm } from '../../core/db/orm.ts';
import { createTestEnv, userWithRole, zoneWithAdmin, type TestEnv } from '../../testing/test-env.ts';
import { User } from '../identity/identity.entity.ts';
import { InspectionTask } from './inspection.entity.ts';
import { mkAgency, mkEnterprise, mkTask, mkTemplate, north, today } from './perform-fixtures.ts';

/**
 * The inspection cards of the workbench: 我的检查任务 / 企业自查 (each role's own tasks to do, soonest first), 逾期未检
 * and 围栏外签到 (the safety office). A card's count is the total of the task list its link opens, for every role.
 */
let env: TestEnv;
let zone: Awaited<ReturnType<typeof zoneWithAdmin>>;
let other: Awaited<ReturnType<typeof zoneWithAdmin>>;
type Who = { token: string; id: string };
let grid: Who;
let grid2: Who;
let inspector: Who;
let safety: Who;
let staffA: Who;
let staffB: Who;
const names = { A: '工作台检查企业甲', B: '工作台检查企业乙' };
const ids: Record<string, string> = {};

interface Card {
  key: string;
  module: string;
  status: string;
  count: number | null;
  link: string | null;
  title: string;
  items: Array<{ id: string; link: string; title: string; subtitle: string | null; tag: string | null }>;
}
const wb = async (token: string, q = '?limit=20') => {
  const r = await env.req('GET', `/api/v1/workbench${q}`, { token });
  expect(r.status).toBe(200);
  return r.body.cards as Card[];
};
const card = (cards: Card[], key: string) => cards.find((c) => c.key === key);
/** The api's task list behind an admin link (`/inspections/tasks?…` → `/api/v1/inspection-tasks?…`). */
const listTotal = async (token: string, link: string) => {
  const q = new URLSearchParams(link.split('?')[1] ?? '');
  q.set('pageSize', '1');
  const r = await env.req('GET', `/api/v1/inspection-tasks?${q}`, { token });
  expect(r.status).toBe(200);
  return r.body.total as number;
};

beforeAll(async () => {
  env = await createTestEnv();
  zone = await zoneWithAdmin(env, 'wbins');
  other = await zoneWithAdmin(env, 'wbinsb');
  const tz = zone.tenant.id;
  const entA = await mkEnterprise(env, tz, names.A);
  const entB = await mkEnterprise(env, tz, names.B);
  const foreign = await mkEnterprise(env, other.tenant.id, '别的园区企业');
  const template = await mkTemplate(env, tz);
  const foreignTemplate = await mkTemplate(env, other.tenant.id);
  grid = await userWithRole(env, zone, 'grid_worker');
  grid2 = await userWithRole(env, zone, 'grid_worker');
  inspector = await userWithRole(env, zone, 'inspector');
  safety = await userWithRole(env, zone, 'safety_officer');
  staffA = await userWithRole(env, zone, 'enterprise_admin', { enterpriseId: entA });
  staffB = await userWithRole(env, zone, 'enterprise_staff', { enterpriseId: entB });
  const gridId = (
    await env.req('POST', '/api/v1/catalog', { token: zone.token, body: { kind: 'grid', code: 'g-wb', name: '工作台网格' } })
  ).body.id as string;
  const em = tenantEm(env.api.c.orm, tz);
  (await em.findOneOrFail(User, { id: grid.id })).gridIds = [gridId];
  await em.flush();
  const agency = await mkAgency(env, tz, [inspector.id], [entA], addDays(today(), -10), addDays(today(), 10));

  const task = (name: string, f: Parameters<typeof mkTask>[2]) => mkTask(env, tz, f).then((id) => (ids[name] = id));
  // The grid worker's: two assigned (one started), one for the grid-worker role in their grid, one done.
  await task('g5', { enterpriseId: entA, templateId: template, assigneeUserId: grid.id, dueInDays: 5 });
  await task('g1', { enterpriseId: entB, templateId: template, assigneeUserId: grid.id, dueInDays: 1 });
  await task('gRole2', { enterpriseId: entA, templateId: template, assigneeRole: 'grid_worker', gridId, dueInDays: 2 });
  await task('gDone', { enterpriseId: entA, templateId: template, assigneeUserId: grid.id, status: 'done' });
  // The inspector's agency's, an enterprise's self-inspections, the office's own inspection of A.
  await task('agency', { enterpriseId: entA, templateId: template, agencyId: agency, dueInDays: 4 });
  await task('selfA', { enterpriseId: entA, templateId: template, kind: 'self_check', assigneeRole: 'enterprise_admin' });
  await task('selfB', { enterpriseId: entB, templateId: template, kind: 'self_check', assigneeRole: 'enterprise_admin' });
  await task('office', { enterpriseId: entA, templateId: template, assigneeRole: 'safety_officer', dueInDays: 6 });
  // Missed: 5 days ago (counted), 40 days ago (not), and another zone's.
  await task('missed5', { enterpriseId: entB, templateId: template, status: 'missed', dueInDays: -5 });
  await task('missed40', { enterpriseId: entA, templateId: template, status: 'missed', dueInDays: -40 });
  ids.foreignMissed = await mkTask(env, other.tenant.id, {
    enterpriseId: foreign,
    templateId: foreignTemplate,
    status: 'missed',
    dueInDays: -2,
  });

  // Check-ins: g5 a kilometre away (flagged), g1 on site.
  const checkIn = async (id: string, at: { lat: number; lng: number }) => {
    const r = await env.req('POST', `/api/v1/inspection-tasks/${id}/check-in`, {
      token: grid.token,
      body: { method: 'gps', ...at, at: new Date().toISOString() },
    });
    expect(r.status).toBe(200);
    return r.body.checkIn as { flagged: boolean };
  };
  expect(await checkIn(ids.g5!, north(1000))).toMatchObject({ flagged: true });
  expect(await checkIn(ids.g1!, north(50))).toMatchObject({ flagged: false });
}, 120_000);
afterAll(() => env.close());

test("a grid worker's tasks to do: assigned or for their role in their grids, soonest first, each opening its task", async () => {
  const cards = await wb(grid.token);
  expect(cards.some((c) => c.key === 'inspections.gridComing')).toBe(false);
  expect(card(cards, 'inspections.missed')).toBeUndefined();
  expect(card(cards, 'inspections.flagged')).toBeUndefined();
  const mine = card(cards, 'inspections.mine')!;
  expect(mine).toMatchObject({ status: 'ready', count: 3, title: '我的巡查任务' });
  expect(mine.link).toBe('/inspections/tasks?mine=true&status=open,in_progress');
  expect(mine.items.map((i) => i.id)).toEqual([ids.g1, ids.gRole2, ids.g5]);
  expect(mine.items[0]).toMatchObject({
    link: `/inspections/tasks/${ids.g1}`,
    title: names.B,
    subtitle: '有限空间作业检查表',
    tag: '1 天后到期',
  });
  // Another grid worker: none of these (not assigned, no grid).
  expect(card(await wb(grid2.token), 'inspections.mine')!.count).toBe(0);
});

test("an inspector's card lists their agency's tasks under contract; an enterprise user's their own 企业自查", async () => {
  const insp = card(await wb(inspector.token), 'inspections.mine')!;
  expect(insp.count).toBe(1);
  expect(insp.items.map((i) => i.link)).toEqual([`/inspections/tasks/${ids.agency}`]);
  expect(insp.title).toBe('我的检查任务');

  for (const [who, self, theirs] of [
    [staffA, ids.selfA, ids.selfB],
    [staffB, ids.selfB, ids.selfA],
  ] as const) {
    const cards = await wb(who.token);
    const mine = card(cards, 'inspections.mine')!;
    expect(mine).toMatchObject({
      title: '企业自查',
      count: 1,
      link: '/inspections/tasks?kind=self_check&status=open,in_progress',
    });
    // The office's inspection of their enterprise is not theirs to do.
    expect(mine.items.map((i) => i.id)).toEqual([self]);
    expect(mine.items[0]).toMatchObject({ title: '有限空间作业检查表', subtitle: '企业自查' });
    expect(JSON.stringify(cards)).not.toContain(theirs);
    expect(card(cards, 'inspections.missed')).toBeUndefined();
  }
});

test('the safety office: missed in the last 30 days and check-ins outside the geofence, never another zone’s', async () => {
  const cards = await wb(safety.token);
  const missed = card(cards, 'inspections.missed')!;
  expect(missed.count).toBe(1);
  expect(missed.link).toBe(`/inspections/tasks?status=missed&from=${addDays(today(), -30)}`);
  expect(missed.items.map((i) => i.link)).toEqual([`/inspections/tasks/${ids.missed5}`]);
  expect(missed.items[0]).toMatchObject({ title: names.B, tag: `${addDays(today(), -5)} 到期` });
  const flagged = card(cards, 'inspections.flagged')!;
  expect(flagged.count).toBe(1);
  expect(flagged.link).toBe(`/inspections/tasks?flagged=true&checkedInFrom=${addDays(today(), -7)}`);
  expect(flagged.items.map((i) => i.link)).toEqual([`/inspections/tasks/${ids.g5}`]);
  // Its 全部 lists exactly its count: the task list with the same filter (and the on-site one is not in it).
  const listed = await env.req('GET', `/api/v1${flagged.link!.replace('/inspections/tasks', '/inspection-tasks')}`, {
    token: safety.token,
  });
  expect([listed.status, listed.body.total, listed.body.items.map((i: { id: string }) => i.id)]).toEqual([200, 1, [ids.g5]]);
  const onSite = await env.req('GET', `/api/v1/inspection-tasks?flagged=false&checkedInFrom=${addDays(today(), -7)}`, {
    token: safety.token,
  });
  expect(onSite.body.items.map((i: { id: string }) => i.id)).toContain(ids.g1);
  expect(onSite.body.items.map((i: { id: string }) => i.id)).not.toContain(ids.g5);
  expect(flagged.items[0]!.tag).toMatch(/^距企业 \d+ 米$/);
  // The safety officer's own: the task for their role.
  expect(card(cards, 'inspections.mine')!.items.map((i) => i.id)).toEqual([ids.office]);

  // The other zone sees its own missed task only.
  const foreign = await wb(other.token);
  expect(card(foreign, 'inspections.missed')!.items.map((i) => i.id)).toEqual([ids.foreignMissed]);
  expect(card(foreign, 'inspections.missed')!.count).toBe(1);
  expect(card(foreign, 'inspections.flagged')!.count).toBe(0);
  expect(JSON.stringify(foreign)).not.toContain(names.B);
  // English follows Accept-Language.
  const en = await env.req('GET', '/api/v1/workbench', { token: safety.token, headers: { 'accept-language': 'en' } });
  expect(card(en.body.cards as Card[], 'inspections.missed')).toMatchObject({ title: 'Missed inspections' });
  expect(card(en.body.cards as Card[], 'inspections.flagged')!.items[0]!.tag).toMatch(/^\d+ m away$/);
});

test("every inspection card's 全部 lists exactly its count, for every role", async () => {
  const checked: string[] = [];
  for (const who of [grid, grid2, inspector, safety, staffA, staffB, zone]) {
    for (const c of await wb(who.token)) {
      if (c.module !== 'inspections' || !c.link) continue;
      expect([c.key, await listTotal(who.token, c.link)]).toEqual([c.key, c.count]);
      checked.push(c.key);
    }
  }
  expect(new Set(checked)).toEqual(new Set(['inspections.mine', 'inspections.missed', 'inspections.flagged']));
  // A missed task moving out of the window, or a task done, leaves the card and the list alike.
  const em = tenantEm(env.api.c.orm, zone.tenant.id);
  await em.nativeUpdate(InspectionTask, { id: ids.gRole2! }, { status: 'done' });
  const mine = card(await wb(grid.token), 'inspections.mine')!;
  expect(mine.count).toBe(2);
  expect(await listTotal(grid.token, mine.link!)).toBe(2);
});
