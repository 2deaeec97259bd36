/**
 * The enterprise staff's mini-program home (H5 build, phone-sized Chromium, real api with the demo zone) shows
 * their work from the same GET /workbench as the admin console: the cards with work, each count the api's, only
 * their enterprise's items, and a tap on an item opens the page where it is done (a hazard to rectify → its
 * detail with 提交整改; an expiring certificate → 持证人员). The grid worker's home shows the api's cards for their
 * grids (counts equal, a tap opens the hazard; their patrols to do open the inspection task and 今日任务), and the
 * inspector's and the rescue member's homes the cards the api gives them (the rescue member's: what is coming). The
 * enterprise home's 企业自查 tile opens the enterprise's self-inspections. Screenshots: test/artifacts/screenshots/miniapp-wb-*.png.
 */
import type { Locator, Page } from 'playwright-core';
import type { Workbench } from '@yuanan/contracts';
import { launchBrowser, shot } from '../support/browser.ts';
import { miniappSession, type MiniappSession } from '../support/miniapp.ts';
import { startStack, type Stack } from '../support/stack.ts';

let stack: Stack;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
const sessions: MiniappSession[] = [];
let page: Page;
let visible: MiniappSession['visible'];
let onPage: MiniappSession['onPage'];
let mine: { id: string; name: string };
let others: { id: string; name: string };
let ourHazard: string;
let theirHazard: string;

async function login(username: string): Promise<string> {
  const r = await stack.env.req('POST', '/api/v1/auth/login', { body: { tenant: 'siqi', username, password: stack.password } });
  expect(r.status).toBe(200);
  return r.body.accessToken;
}
/** Signs `username` in to the mini-program (a new phone context of the one browser); its page becomes `page`. */
async function signIn(username: string): Promise<MiniappSession> {
  const s = await miniappSession(stack, 'siqi', username, { browser });
  sessions.push(s);
  ({ page, visible, onPage } = s);
  return s;
}
/** The api's workbench for the session's user, as GET /workbench answers the token the app holds. */
async function apiWorkbench(s: MiniappSession): Promise<Workbench> {
  const r = await stack.env.req('GET', '/api/v1/workbench?limit=5', { token: await s.token() });
  expect(r.status).toBe(200);
  return r.body as Workbench;
}
/**
 * The home's 待办事项 shows exactly the api's cards: each card with work with the api's count, each quiet card
 * (count 0) in the quiet line, each coming card as a coming card, nothing else, and the coming ones last.
 */
async function expectSameCards(view: Locator, api: Workbench): Promise<void> {
  await view.locator('[data-card]').first().waitFor();
  for (const c of api.cards) {
    if (c.status === 'coming') {
      await view.locator(`.wb-card--coming[data-card="${c.key}"]`).waitFor();
      expect(await view.locator(`.wb-card--coming[data-card="${c.key}"]`).innerText()).toContain('即将开放');
    } else if ((c.count ?? 0) > 0) {
      const shown = await view.locator(`[data-card="${c.key}"] [data-testid=wb-count]`).innerText();
      expect({ card: c.key, count: shown.replace('+', '') }).toEqual({ card: c.key, count: String(c.count) });
    } else expect(await view.locator(`[data-testid=wb-quiet] [data-card="${c.key}"]`).count()).toBe(1);
  }
  const shownKeys = await view.locator('[data-card]').evaluateAll((els) => els.map((e) => e.getAttribute('data-card')));
  expect([...shownKeys].sort()).toEqual(api.cards.map((c) => c.key).sort());
  const coming = api.cards.filter((c) => c.status === 'coming').map((c) => c.key);
  if (coming.length) expect(shownKeys.slice(-coming.length)).toEqual(coming);
}

/** Reports a hazard for an enterprise and has the office confirm it with a deadline in 3 days. */
async function confirmedHazard(reporter: string, enterpriseId: string, description: string): Promise<string> {
  const r = await stack.env.req('POST', '/api/v1/hazards', {
    token: await login(reporter),
    headers: { 'idempotency-key': `mwb-${Math.random()}` },
    body: { enterpriseId, source: 'self_check', categoryCode: 'fire', description, place: '仓库' },
  });
  expect(r.status).toBe(201);
  const safety = await login('safety');
  const deadline = new Date(Date.now() + 3 * 86400_000).toISOString().slice(0, 10);
  const t = await stack.env.req('POST', `/api/v1/hazards/${r.body.id}/transitions`, {
    token: safety,
    body: { action: 'confirm', version: r.body.version, grade: 'general', deadline, responsibleName: '仓库主管' },
  });
  expect(t.status).toBe(200);
  return r.body.id;
}

beforeAll(async () => {
  stack = await startStack();
  const staff = await login('ent-staff');
  const me = await stack.env.req('GET', '/api/v1/me', { token: staff });
  const admin = await login('admin');
  mine = (await stack.env.req('GET', `/api/v1/enterprises/${me.body.enterpriseId}`, { token: admin })).body;
  const list = await stack.env.req('GET', '/api/v1/enterprises?pageSize=5', { token: admin });
  others = (list.body.items as Array<{ id: string; name: string }>).find((e) => e.id !== mine.id)!;
  ourHazard = await confirmedHazard('ent-staff', mine.id, '工作台：仓库消防通道堆放纸箱');
  theirHazard = await confirmedHazard('grid1', others.id, '工作台：别家企业的隐患');
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  for (const s of sessions) await s.close();
  await browser?.close();
  await stack?.close();
});

test("enterprise staff's home: the api's cards for their enterprise, and a tap lands where the work is done", async () => {
  const session = await signIn('ent-staff');
  await onPage('/pkg-enterprise/pages/home/index');
  const wbView = page.locator('[data-testid=workbench]').filter({ visible: true });
  await wbView.locator('[data-card]').first().waitFor();

  // The same cards and counts as the api answers this user.
  const api = await apiWorkbench(session);
  expect(api.role).toBe('enterprise_staff');
  const busy = api.cards.filter((c) => (c.count ?? 0) > 0);
  expect(busy.map((c) => c.key)).toEqual(expect.arrayContaining(['hazards.toRectify', 'hazards.dueSoon']));
  for (const c of busy) {
    const shown = await wbView.locator(`[data-card="${c.key}"] [data-testid=wb-count]`).innerText();
    expect(shown.replace('+', '')).toBe(String(c.count));
  }
  for (const c of api.cards.filter((x) => x.count === 0))
    expect(await wbView.locator(`[data-testid=wb-quiet] [data-card="${c.key}"]`).count()).toBe(1);
  // Only their enterprise's work: not the other's hazard, not the other's name.
  const text = await wbView.innerText();
  expect(text).not.toContain(others.name);
  expect(text).not.toContain('别家企业的隐患');
  expect(JSON.stringify(api)).not.toContain(theirHazard);
  await page.waitForTimeout(300);
  await shot(page, 'miniapp-wb-01-home');
  // The page scrolls inside Taro's container: bring the cards, then the last of them, into view.
  await wbView.locator('[data-card]').first().scrollIntoViewIfNeeded();
  await page.waitForTimeout(300);
  await shot(page, 'miniapp-wb-02-cards');
  await wbView.locator('[data-card]').last().scrollIntoViewIfNeeded();
  await page.waitForTimeout(300);
  await shot(page, 'miniapp-wb-02b-cards-end');

  // A hazard to rectify → its detail page, with the action the staff take there.
  const item = wbView.locator(`[data-card="hazards.toRectify"] [data-testid=wb-item][data-link="/hazards/${ourHazard}"]`);
  const target = (await item.count()) ? item : wbView.locator('[data-card="hazards.toRectify"] [data-testid=wb-item]').first();
  const link = (await target.getAttribute('data-link'))!;
  await target.click();
  await onPage('/pkg-hazard/pages/detail/index');
  expect(page.url()).toContain(`id=${link.split('/').pop()}`);
  await visible(/提交整改|开始整改/).waitFor();
  await shot(page, 'miniapp-wb-03-hazard');
  await page.evaluate(() => window.history.back());
  await onPage('/pkg-enterprise/pages/home/index');

  // An expiring certificate (when the demo enterprise has one) → 持证人员.
  const cert = wbView.locator('[data-card="enterprises.certificates"] [data-testid=wb-item]').first();
  if (await cert.count()) {
    await cert.click();
    await onPage('/pkg-enterprise/pages/certificates/index');
    await shot(page, 'miniapp-wb-04-certificates');
    await page.evaluate(() => window.history.back());
    await onPage('/pkg-enterprise/pages/home/index');
  }

  // The 企业自查 tile (no longer a coming one) → the enterprise's self-inspections.
  await page.locator('.role-home__entry').filter({ visible: true, hasText: '企业自查' }).click();
  await onPage('/pkg-inspection/pages/list/index');
  await page.locator('.insp-list__tab--on').filter({ visible: true, hasText: '待检查' }).waitFor();
  await shot(page, 'miniapp-wb-05-self-inspections');
}, 180_000);

test("grid worker's home: the api's cards for their grids, counts equal, a tap opens the work", async () => {
  // A report in grid1's grids waiting for the office: at least one hazard to confirm for the grid worker.
  const token = await login('grid1');
  const inGrid = (await stack.env.req('GET', '/api/v1/enterprises?pageSize=1', { token })).body.items as Array<{ id: string }>;
  expect(inGrid.length).toBe(1);
  const reported = await stack.env.req('POST', '/api/v1/hazards', {
    token,
    headers: { 'idempotency-key': `mwb-grid-${Math.random()}` },
    body: {
      enterpriseId: inGrid[0]!.id,
      source: 'grid_patrol',
      categoryCode: 'fire',
      description: '工作台：网格内灭火器压力不足',
      place: '一楼走廊',
    },
  });
  expect(reported.status).toBe(201);

  const session = await signIn('grid1');
  await onPage('/pkg-grid/pages/home/index');
  await visible('网格巡查工作台').waitFor();
  const wbView = page.locator('[data-testid=workbench]').filter({ visible: true });
  await wbView.locator('[data-card]').first().waitFor();

  const api = await apiWorkbench(session);
  expect(api.role).toBe('grid_worker');
  // The cards a grid worker has on the phone: their patrols to do, to confirm in their grids, overdue, due soon.
  expect(api.cards.map((c) => c.key)).toEqual(
    expect.arrayContaining(['inspections.mine', 'hazards.toConfirm', 'hazards.overdue', 'hazards.dueSoon']),
  );
  expect(api.cards.some((c) => c.status === 'coming')).toBe(false);
  const toConfirm = api.cards.find((c) => c.key === 'hazards.toConfirm')!;
  expect(toConfirm.count).toBeGreaterThanOrEqual(1);
  await expectSameCards(wbView, api);
  // The card lists the oldest reports first (the queue's head); ours is counted, and the list below shows it.
  expect(toConfirm.items.length).toBeGreaterThanOrEqual(1);
  await page.waitForTimeout(300);
  await shot(page, 'miniapp-wb-grid-01-home');
  await wbView.locator('[data-card]').first().scrollIntoViewIfNeeded();
  await page.waitForTimeout(300);
  await shot(page, 'miniapp-wb-grid-02-cards');
  await wbView.locator('[data-card]').last().scrollIntoViewIfNeeded();
  await page.waitForTimeout(300);
  await shot(page, 'miniapp-wb-grid-03-cards-end');

  // A hazard to confirm (the card's first) → its detail page.
  const first = toConfirm.items[0]!;
  await wbView.locator(`[data-card="hazards.toConfirm"] [data-testid=wb-item][data-link="${first.link}"]`).click();
  await onPage('/pkg-hazard/pages/detail/index');
  expect(page.url()).toContain(`id=${first.link!.split('/').pop()}`);
  await visible(first.title.replace(/…$/, '')).waitFor();
  await shot(page, 'miniapp-wb-grid-04-hazard');
  await page.evaluate(() => window.history.back());
  await onPage('/pkg-grid/pages/home/index');

  // 全部 › of a card with work → the hazard list on its tab (the record list), as many as the card counts.
  await wbView.locator('[data-card="hazards.toConfirm"] .wb-card__all').click();
  await onPage('/pkg-hazard/pages/list/index');
  await page.locator('.hazard-list__tab--on').filter({ visible: true, hasText: '待确认' }).waitFor();
  await visible('工作台：网格内灭火器压力不足').waitFor();
  await shot(page, 'miniapp-wb-grid-05-list');
  await page.evaluate(() => window.history.back());
  await onPage('/pkg-grid/pages/home/index');

  // 我的巡查任务 (the demo's plans give grid1 patrols to do): an item → the task page, 全部 → 今日任务 on 待检查.
  const patrols = api.cards.find((c) => c.key === 'inspections.mine')!;
  expect(patrols.count).toBeGreaterThanOrEqual(1);
  expect(patrols.link).toBe('/inspections/tasks?mine=true&status=open,in_progress');
  const patrol = wbView.locator('[data-card="inspections.mine"] [data-testid=wb-item]').first();
  const patrolLink = (await patrol.getAttribute('data-link'))!;
  expect(patrolLink).toMatch(/^\/inspections\/tasks\/[0-9a-f-]{36}$/);
  await patrol.click();
  await onPage('/pkg-inspection/pages/task/index');
  expect(page.url()).toContain(`id=${patrolLink.split('/').pop()}`);
  await shot(page, 'miniapp-wb-grid-06-patrol');
  await page.evaluate(() => window.history.back());
  await onPage('/pkg-grid/pages/home/index');
  await wbView.locator('[data-card="inspections.mine"] .wb-card__all').click();
  await onPage('/pkg-inspection/pages/list/index');
  await page.locator('.insp-list__tab--on').filter({ visible: true, hasText: '待检查' }).waitFor();
  await shot(page, 'miniapp-wb-grid-07-patrols');
}, 180_000);

test("safety officer's, inspector's and rescue member's homes: the cards the api gives their role", async () => {
  for (const [username, home, shotName] of [
    ['safety', '/pkg-grid/pages/home/index', 'miniapp-wb-officer-home'],
    ['inspector', '/pkg-inspector/pages/home/index', 'miniapp-wb-inspector-home'],
    ['rescue1', '/pkg-rescue/pages/home/index', 'miniapp-wb-rescue-home'],
  ] as const) {
    const session = await signIn(username);
    await onPage(home);
    const wbView = page.locator('[data-testid=workbench]').filter({ visible: true });
    const api = await apiWorkbench(session);
    expect(api.cards.length).toBeGreaterThan(0);
    await expectSameCards(wbView, api);
    await wbView.scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    await shot(page, shotName);
  }
}, 180_000);

test("the record list pages: the officer's hazard list (全部) loads the next page at the bottom, as many as the api has", async () => {
  const session = await signIn('safety');
  await onPage('/pkg-grid/pages/home/index');
  const all = await stack.env.req('GET', '/api/v1/hazards?page=1&pageSize=20&sort=-reportedAt', { token: await session.token() });
  expect(all.status).toBe(200);
  const total = all.body.total as number;
  expect(total).toBeGreaterThan(20); // the demo zone's history: more than one page
  await page.evaluate((url) => (window.location.hash = `#${url}`), '/pkg-hazard/pages/list/index?tab=all');
  await onPage('/pkg-hazard/pages/list/index');
  const cards = page.locator('.hazard-card').filter({ visible: true });
  await cards.first().waitFor();
  expect(await cards.count()).toBe(20);
  await visible('上拉或点击加载更多').waitFor();
  // Reaching the bottom loads page 2 (and on until the api's total); the footer then says how many there are.
  for (let shown = 20; shown < total;) {
    // The page scrolls inside Taro's page container: wheel over it, up a little (Taro fires reach-bottom again only
    // after the page left the bottom), then down to the bottom.
    await page.mouse.move(195, 500);
    await page.mouse.wheel(0, -600);
    await page.waitForTimeout(150);
    await page.mouse.wheel(0, 30_000);
    const want = Math.min(total, shown + 20);
    const until = Date.now() + 15_000;
    while ((await cards.count()) < want && Date.now() < until) await page.waitForTimeout(200);
    expect(await cards.count()).toBe(want);
    shown = want;
  }
  await visible(`共 ${total} 条`).scrollIntoViewIfNeeded();
  await page.waitForTimeout(300);
  await shot(page, 'miniapp-wb-officer-list-end');
}, 180_000);
