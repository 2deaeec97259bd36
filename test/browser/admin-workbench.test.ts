/**
 * 工作台 in the admin console, as the safety officer of 开发区四期 (`safety`): the home page shows the cards the
 * api's workbench registry answers for the role, each count the same as GET /workbench's (and as the list it
 * links to), and a click on an item lands on the page where the work is done — a reported hazard on its detail
 * page with 确认定级, a change request on 变更审核 with 通过/驳回, "全部" of the overdue card on the overdue board, and
 * "全部" of each inspection card on the task list with the card's filters (只看我的, several statuses, the dates),
 * its total the card's count.
 * Enterprise work comes in through the api as the enterprise would send it (a hazard report, a key-field change).
 * Screenshots: test/artifacts/screenshots/admin-wb-*.png.
 */
import type { BrowserContext, Page } from 'playwright-core';
import type { Workbench } from '@yuanan/contracts';
import { ARTIFACTS, desktop, signInAdmin, adminSession, type AdminSession, snap } from '../support/browser.ts';
import { startStack, type Stack } from '../support/stack.ts';
import { eventually } from '../support/wait.ts';

let stack: Stack;
let browser: AdminSession['browser'];
let context: BrowserContext;
let page: Page;
let enterprise: { id: string; name: string };
let reported: string;

async function workbench(username: string, lang = 'zh-CN'): Promise<Workbench> {
  const r = await stack.env.req('GET', '/api/v1/workbench?limit=5', {
    token: await stack.token(username),
    headers: { 'accept-language': lang },
  });
  expect(r.status).toBe(200);
  return r.body;
}
/** The count a card shows on the page. */
const shownCount = (p: Page, key: string) => p.locator(`[data-card="${key}"] [data-testid=workbench-count]`).innerText();

beforeAll(async () => {
  stack = await startStack();
  const me = await stack.env.req('GET', '/api/v1/me', { token: await stack.token('ent-admin') });
  const e = await stack.env.req('GET', `/api/v1/enterprises/${me.body.enterpriseId}`, { token: await stack.token('admin') });
  enterprise = { id: e.body.id, name: e.body.name };
  // The enterprise reports a hazard and asks to change its principal (a key field): work for the safety office.
  const r = await stack.env.req('POST', '/api/v1/hazards', {
    token: await stack.token('ent-admin'),
    headers: { 'idempotency-key': `wb-${Math.random()}` },
    body: {
      enterpriseId: enterprise.id,
      source: 'self_check',
      categoryCode: 'electrical',
      description: '工作台测试：配电房门锁损坏',
      place: '配电房',
    },
  });
  expect(r.status).toBe(201);
  reported = r.body.id;
  const upd = await stack.env.req('PATCH', `/api/v1/enterprises/${enterprise.id}`, {
    token: await stack.token('ent-admin'),
    body: { legalRepresentative: '工作台测试法人' },
  });
  expect(upd.status).toBe(202);
  ({ browser, context, page } = await adminSession(stack, 'safety'));
}, 300_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await stack?.close();
});

test('the safety officer’s workbench: the cards and counts of the api, in the page', async () => {
  const api = await workbench('safety');
  const ready = api.cards.filter((c) => c.status === 'ready');
  expect(ready.map((c) => c.key)).toEqual(
    expect.arrayContaining(['hazards.toConfirm', 'hazards.toReview', 'hazards.overdue', 'enterprises.changes', 'tasks.open']),
  );
  await page.locator('[data-testid=workbench] [data-card]').first().waitFor();
  // Every card of the api is on the page, in its order, with its count.
  const keys = await page
    .locator('[data-testid=workbench] [data-card]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-card')));
  expect(keys).toEqual(api.cards.map((c) => c.key));
  for (const c of ready) expect((await shownCount(page, c.key)).replace(/[,+]/g, '')).toBe(String(c.count));
  // The counts are those of the lists the cards link to.
  const list = async (q: string) =>
    (await stack.env.req('GET', `/api/v1/${q}`, { token: await stack.token('safety') })).body.total as number;
  const count = (key: string) => api.cards.find((c) => c.key === key)!.count;
  expect(count('hazards.toConfirm')).toBe(await list('hazards?status=reported'));
  expect(count('hazards.overdue')).toBe(await list('hazards?overdue=true'));
  expect(count('enterprises.changes')).toBe(await list('enterprise-changes?status=pending'));
  expect(count('hazards.toConfirm')).toBeGreaterThan(0);
  expect(count('enterprises.changes')).toBeGreaterThan(0);
  await snap(page, 'admin-wb-safety');
  // What a call costs on the lived-in demo zone (all cards, five items each): printed for the report.
  const ms: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t0 = performance.now();
    await workbench('safety');
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const cards = api.cards.length;
  console.log(
    JSON.stringify({ figure: 'workbench', role: 'safety_officer', cards, p50ms: Math.round(ms[4]!), maxms: Math.round(ms[9]!) }),
  );
  await page.locator('[data-testid=workbench]').screenshot({ path: `${ARTIFACTS}/screenshots/admin-wb-safety-cards.png` });
});

test('an item is one click from where it is done: a reported hazard opens with 确认定级', async () => {
  const item = page.locator(`[data-card="hazards.toConfirm"] a[href="/hazards/${reported}"]`);
  // The newest report may be past the first five: open the ledger's filtered list then.
  if (await item.count()) {
    await item.click();
    await page.waitForURL(`**/hazards/${reported}`);
  } else {
    const first = page.locator('[data-card="hazards.toConfirm"] [data-testid=workbench-item]').first();
    const href = (await first.getAttribute('href'))!;
    await first.click();
    await page.waitForURL(`**${href}`);
  }
  await page.locator('[data-testid=hz-action-confirm]').waitFor();
  await snap(page, 'admin-wb-hazard-opened');
  await page.goBack();
  await page.locator('[data-card="enterprises.changes"] [data-testid=workbench-item]').first().waitFor();
});

test('a change request opens on 变更审核 with its enterprise; 全部 of the overdue card opens the overdue board', async () => {
  const change = page.locator(`[data-card="enterprises.changes"] a[href="/enterprises/changes?enterpriseId=${enterprise.id}"]`);
  const target = (await change.count())
    ? change
    : page.locator('[data-card="enterprises.changes"] [data-testid=workbench-item]').first();
  await target.click();
  await page.waitForURL('**/enterprises/changes?enterpriseId=*');
  try {
    await page.locator('[data-testid=change-approve]').first().waitFor();
  } finally {
    await snap(page, 'admin-wb-change-opened');
  }
  expect(await page.locator('.ant-table-row').first().innerText()).toContain(enterprise.name);
  await page.goBack();
  await page.locator('[data-card="hazards.overdue"] [data-testid=workbench-all]').click();
  await page.waitForURL('**/hazards/overdue');
  await snap(page, 'admin-wb-overdue-all');
});

test('全部 of each inspection card opens the task list with the card’s filters: its total is the card’s count', async () => {
  const safety = await stack.token('safety');
  const me = await stack.env.req('GET', '/api/v1/me', { token: safety });
  // A task of the safety officer's own (a one-off plan for the enterprise, assigned to them), so 我的检查任务 has
  // rows, while the zone's other open tasks (the grid workers') are not theirs.
  const tpl = await stack.env.req('GET', '/api/v1/inspection-templates?status=published&pageSize=1', { token: safety });
  expect(tpl.status).toBe(200);
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const end = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + 7 * 86400_000));
  const plan = await stack.env.req('POST', '/api/v1/inspection-plans', {
    token: safety,
    headers: { 'idempotency-key': `wb-plan-${Math.random()}` },
    body: {
      name: '工作台测试：安全员一次性检查',
      kind: 'campaign',
      assigneeKind: 'user',
      assigneeUserId: me.body.id,
      target: { gridIds: [], tags: [], colours: [], enterpriseIds: [enterprise.id] },
      templateIds: [tpl.body.items[0].id],
      frequency: 'once',
      startDate: today,
      endDate: end,
    },
  });
  expect(plan.status).toBe(201);
  const total = async (q: string) =>
    (await stack.env.req('GET', `/api/v1/inspection-tasks?${q}`, { token: safety })).body.total as number;
  const mine = await eventually(
    () => total('mine=true&status=open,in_progress'),
    (n) => n > 0,
  );
  expect(mine).toBeGreaterThan(0);
  // The card's filters matter: without `mine` the list is longer (a list that dropped it would not match).
  expect(await total('status=open,in_progress')).toBeGreaterThan(mine);

  const api = await workbench('safety');
  const cards = api.cards.filter((c) => c.key.startsWith('inspections.') && c.status === 'ready' && c.link);
  expect(cards.map((c) => c.key)).toEqual(expect.arrayContaining(['inspections.mine', 'inspections.missed']));
  expect(api.cards.find((c) => c.key === 'inspections.mine')!.count).toBe(mine);
  for (const card of cards) {
    // From the home page afresh (no list of the previous card in the cache).
    await page.goto(`${stack.adminUrl}/`);
    const shown = Number((await shownCount(page, card.key)).replace(/[,+]/g, ''));
    expect(shown).toBe(card.count);
    const listed = page.waitForResponse((r) => r.url().includes('/api/v1/inspection-tasks?') && r.status() === 200);
    await page.locator(`[data-card="${card.key}"] [data-testid=workbench-all]`).click();
    await page.waitForURL((u) => decodeURIComponent(u.pathname + u.search) === card.link);
    await listed;
    const onPage = await eventually(
      async () => {
        // Not while the list loads (the table shows its empty state under the spinner until the rows arrive).
        const box = page.locator('.list-table', { has: page.locator('[data-testid=ins-task-table]') });
        if (await box.locator('.ant-spin-spinning').count()) return -1;
        if (await page.locator('[data-testid=ins-tasks-empty-filtered]').isVisible()) return 0;
        const text = box.locator('.ant-pagination-total-text');
        if (!(await text.isVisible())) return -1;
        return Number((await text.innerText()).replace(/[^0-9]/g, ''));
      },
      (n) => n >= 0,
    );
    await snap(page, `admin-wb-${card.key.replace('.', '-')}-all`);
    expect({ card: card.key, total: onPage }).toEqual({ card: card.key, total: shown });
    // The filters are on the bar: the statuses as tags, 只看我的 ticked for my tasks.
    const statuses = await page
      .locator('.filter-bar .ant-form-item', { has: page.locator('[data-testid=ins-status-filter]') })
      .locator('.ant-select-selection-item')
      // Not the responsive "+ N ..." placeholder of the overflowing tags.
      .evaluateAll((els) => els.map((e) => e.getAttribute('title') ?? '').filter((x) => x && !x.startsWith('+')));
    if (card.key === 'inspections.mine') {
      expect(statuses).toEqual(['待检查', '检查中']);
      expect(await page.locator('[data-testid=ins-mine-filter]').isChecked()).toBe(true);
    } else if (card.key === 'inspections.flagged') {
      // 围栏外签到: any status, the flag ticked.
      expect(statuses).toEqual([]);
      expect(await page.locator('[data-testid=ins-flagged-filter]').isChecked()).toBe(true);
    } else {
      expect(statuses).toEqual(['逾期未检']);
      expect(await page.locator('[data-testid=ins-mine-filter]').isChecked()).toBe(false);
    }
  }
});

test('the workbench follows the language; the equipment keeper sees the equipment room’s cards', async () => {
  const en = await workbench('safety', 'en');
  expect(en.cards.find((c) => c.key === 'hazards.overdue')!.title).toBe('Overdue');
  const keeper = await workbench('keeper');
  expect(keeper.cards.map((c) => c.key)).toEqual(
    expect.arrayContaining(['equipment.requests', 'equipment.handout', 'equipment.overdue', 'equipment.maintenance']),
  );
  expect(keeper.cards.some((c) => c.status === 'coming')).toBe(false);
  const other = await desktop(browser.browser);
  const kp = await other.newPage();
  await signInAdmin(kp, stack.adminUrl, 'siqi', 'keeper', stack.password);
  await kp.locator('[data-card="equipment.overdue"]').waitFor();
  // The demo has an overdue loan: the card counts it.
  const overdue = keeper.cards.find((c) => c.key === 'equipment.overdue')!;
  expect(overdue.count).toBeGreaterThan(0);
  expect(await kp.locator('[data-card="equipment.overdue"]').innerText()).toContain(String(overdue.count));
  await snap(kp, 'admin-wb-keeper');
  await other.close();
});
