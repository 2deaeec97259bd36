/**
 * Rescue duty in the admin console (值班), as the demo's rescue team leader (rescue-lead, 孙国平): the office has
 * set up a test team he leads (3 members on a 24-hour rotation, handoff 08:00, one person per slot) and entered
 * leave for one member, so one slot of the coming days is a gap. In the browser the leader sees the roster with
 * that slot red, drags a member's name onto it (a cover: the slot is filled), undoes the cover in the slot's dialog
 * (red again) and arranges it again by clicking the slot. Then the issue's "a rescue member asks for a swap and the
 * leader approves it": rescue1 (李海波) asks a colleague to swap through the api (the mini-program's call), the
 * colleague accepts, the leader approves it in 换班审批 — and the roster shows the two names swapped (the api's
 * "who is on duty at T" agrees). A member's leave request approved in 请假 leaves a gap on the roster. The teams page shows members with masked phones and the rotation; the fairness
 * page has the month's rows. Screenshots: test/artifacts/screenshots/admin-duty-*.png.
 *
 * Stable selectors: duty-calendar, duty-day (data-date), duty-slot (data-team, data-start, data-gap), duty-slot-name
 * (data-user-id, data-source), duty-member (palette, data-user-id), duty-override-dialog, duty-override-user,
 * duty-override-save, duty-override, duty-override-delete, duty-override-delete-ok, duty-swap-table,
 * duty-swap-status, duty-swap-approve, duty-swap-approve-ok, duty-team-item, duty-member-table, duty-rot-table,
 * duty-fairness-table, duty-leave.
 */
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { adminSession, expectToast, shot, snap, type AdminSession } from '../support/browser.ts';
import { markPasswordChanged } from '../../api/src/testing/test-env.ts';
import { startStack, type Stack } from '../support/stack.ts';
import { eventually } from '../support/wait.ts';

const TZ = 'Asia/Shanghai';
let stack: Stack;
let browser: AdminSession['browser'];
let context: BrowserContext;
let page: Page;
let team: { id: string; name: string };
let lead: { id: string; name: string };
let member1: { id: string; name: string; token: string };
const colleagues: { id: string; name: string; username: string }[] = [];
/** Zone dates of the rotation's first slots: day[n] is slot n (order member1, A, B, member1, A, B, …). */
const day: string[] = [];

const zoneDate = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: TZ }).format(d);
const addDays = (date: string, n: number) => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
};
/** The 08:00 handoff of a zone date (UTC+8, no DST) as an instant. */
const handoff = (date: string) => new Date(`${date}T08:00:00+08:00`).toISOString();

/** The body of an api answer with one of the `want` statuses, else a failure naming `what` and the answer. */
async function ok<T = any>(p: Promise<{ status: number; body: any }>, want: number | number[], what: string): Promise<T> {
  const r = await p;
  if (![want].flat().includes(r.status)) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as T;
}

/** The team's slot starting on a zone date, in whichever calendar view is shown. */
function slotOn(p: Page, date: string): Locator {
  return p.locator(`[data-testid=duty-day][data-date="${date}"] [data-testid=duty-slot][data-team="${team.id}"]`).first();
}

async function openRoster(p: Page, date: string, view: 'week' | 'month' = 'week'): Promise<void> {
  await p.goto(`${stack.adminUrl}/duty/roster?teamId=${team.id}&view=${view}&date=${date}`);
  try {
    await slotOn(p, date).waitFor();
  } catch (e) {
    await shot(p, `admin-duty-no-slot-${date}`);
    throw e;
  }
}

/** The names on duty in a slot as the calendar shows them. */
async function namesIn(slot: Locator): Promise<string[]> {
  return (await slot.locator('[data-testid=duty-slot-name]').allTextContents()).map((s) => s.trim());
}

beforeAll(async () => {
  stack = await startStack();
  const admin = await stack.token('admin');
  const safety = await stack.token('safety');
  const me = (u: string) => stack.token(u).then((token) => ok(stack.env.req('GET', '/api/v1/me', { token }), 200, `me ${u}`));
  const l = await me('rescue-lead');
  lead = { id: l.id, name: l.name };
  const m1 = await me('rescue1');
  member1 = { id: m1.id, name: m1.name, token: await stack.token('rescue1') };
  // Two more rescue members of the test team (the demo's own team is left as it is).
  for (const [username, name] of [
    ['dutytest-a', '邵建明'],
    ['dutytest-b', '严春晖'],
  ] as const) {
    const u = await ok(
      stack.env.req('POST', '/api/v1/users', {
        token: admin,
        body: {
          username,
          name,
          role: 'rescue_member',
          password: stack.password,
          phone: username.endsWith('a') ? '13905791101' : '13905791102',
        },
      }),
      201,
      `create ${username}`,
    );
    // A user the office creates must change the initial password before anything else; these stand for members
    // who did, so the test can sign in as them with the stack's password.
    await markPasswordChanged(stack.env, u.id);
    colleagues.push({ id: u.id, name, username });
  }
  const [a, b] = colleagues as [(typeof colleagues)[0], (typeof colleagues)[0]];

  // The office sets up the team the leader leads, its members and a 24-hour rotation from today.
  const t = await ok(
    stack.env.req('POST', '/api/v1/duty/teams', {
      token: safety,
      body: { name: `浏览器测试救援分队 ${Date.now() % 100000}`, kind: 'rescue_squad', leaderUserId: lead.id, minOnDuty: 1 },
    }),
    201,
    'team',
  );
  team = { id: t.id, name: t.name };
  for (const [userId, skills] of [
    [member1.id, ['水域救援']],
    [a.id, ['绳索救援', '急救']],
    [b.id, ['破拆']],
  ] as const)
    await ok(
      stack.env.req('POST', `/api/v1/duty/teams/${team.id}/members`, {
        token: safety,
        body: { userId, skills, certificates: [{ name: '应急救护员证', expiresOn: '2028-06-30' }] },
      }),
      [200, 201],
      'member',
    );
  const today = zoneDate(new Date());
  for (let i = 0; i < 8; i++) day.push(addDays(today, i));
  await ok(
    stack.env.req('POST', '/api/v1/duty/rotations', {
      token: safety,
      body: {
        teamId: team.id,
        name: '24小时轮班',
        pattern: 'daily24',
        handoffTime: '08:00',
        perShift: 1,
        order: [member1.id, a.id, b.id],
        startsOn: today,
      },
    }),
    201,
    'rotation',
  );
  // B is on leave for the whole of day 2's slot: entered by the office, approved at once → a gap.
  const leave = await ok(
    stack.env.req('POST', '/api/v1/duty/leaves', {
      token: safety,
      body: { userId: b.id, teamId: team.id, startsAt: handoff(day[2]!), endsAt: handoff(day[3]!), reason: '参加培训' },
    }),
    201,
    'leave',
  );
  expect(leave.status).toBe('approved');

  ({ browser, context, page } = await adminSession(stack, 'rescue-lead', 60_000));
}, 180_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await stack?.close();
});

test('the leader sees the roster with the gap red, covers it by dragging a name, undoes it, and covers it again by a click', async () => {
  await page.locator('[data-testid=side-menu] .ant-menu-item', { hasText: '值班表' }).click();
  await page.waitForURL(/\/duty\/roster/);
  await page.locator('[data-testid=duty-calendar] [data-testid=duty-day][data-today]').first().waitFor();
  // Every team the leader may see, this month (the demo's team and the test's).
  await page.locator('[data-testid=duty-calendar] [data-testid=duty-slot]').first().waitFor();
  await snap(page, 'admin-duty-00-month');

  await openRoster(page, day[2]!);
  const [a] = colleagues as [(typeof colleagues)[0]];
  const gap = slotOn(page, day[2]!);
  expect(await gap.getAttribute('data-gap')).toBe('true');
  expect(await gap.getAttribute('class')).toContain('is-gap');
  expect(await gap.locator('[data-testid=duty-slot-gap]').textContent()).toContain('缺 1 人');
  // The member on leave is struck through in the slot and listed as leave on the day.
  expect(await gap.locator('[data-testid=duty-slot-removed]').textContent()).toContain('严春晖');
  await page
    .locator(`[data-testid=duty-day][data-date="${day[2]}"] [data-testid=duty-leave]`, { hasText: '严春晖' })
    .first()
    .waitFor();
  // The slots around it are filled by the rotation: day 1 A, day 3 rescue1.
  expect(await namesIn(slotOn(page, day[1]!))).toEqual([a.name]);
  await snap(page, 'admin-duty-01-gap');

  // Drag A's name from the palette onto the gap → the cover dialog with A chosen → save.
  await page.locator(`[data-testid=duty-palette] [data-testid=duty-member][data-user-id="${a.id}"]`).dragTo(gap);
  const dialog = page.locator('.ant-modal:visible', { has: page.locator('[data-testid=duty-override-save]') });
  await dialog.waitFor();
  expect(await dialog.locator('[data-testid=duty-override-user]').textContent()).toContain(a.name);
  await snap(page, 'admin-duty-02-drop-dialog');
  await dialog.locator('[data-testid=duty-override-reason]').fill('严春晖培训，邵建明顶班');
  await dialog.locator('[data-testid=duty-override-save]').click();
  await expectToast(page, '已安排顶班', 'admin-duty-override-missing');
  await eventually(
    async () => slotOn(page, day[2]!).getAttribute('data-gap'),
    (v) => v === 'false',
  );
  expect(await namesIn(slotOn(page, day[2]!))).toEqual([a.name]);
  expect(await slotOn(page, day[2]!).locator('[data-testid=duty-slot-name]').first().getAttribute('data-source')).toBe(
    'override',
  );
  await snap(page, 'admin-duty-03-covered');

  // The slot's dialog lists the cover; undoing it makes the slot a gap again.
  await slotOn(page, day[2]!).click();
  const detail = page.locator('.ant-modal:visible', { has: page.locator('[data-testid=duty-override]') });
  await detail.locator('[data-testid=duty-override]', { hasText: a.name }).waitFor();
  await detail.locator('[data-testid=duty-override-delete]').first().click();
  await page.locator('.ant-popover:visible [data-testid=duty-override-delete-ok]').click();
  await expectToast(page, '已撤销顶班', 'admin-duty-undo-missing');
  await page.keyboard.press('Escape');
  await eventually(
    async () => slotOn(page, day[2]!).getAttribute('data-gap'),
    (v) => v === 'true',
  );

  // A click on the slot and a chosen member arranges the cover too.
  await slotOn(page, day[2]!).click();
  const form = page.locator('.ant-modal:visible', { has: page.locator('[data-testid=duty-override-save]') });
  await form.locator('[data-testid=duty-override-user]').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: a.name }).first().click();
  await form.locator('[data-testid=duty-override-save]').click();
  await expectToast(page, '已安排顶班', 'admin-duty-override2-missing');
  await eventually(
    async () => slotOn(page, day[2]!).getAttribute('data-gap'),
    (v) => v === 'false',
  );

  // The api agrees: A is on duty in the middle of day 2's slot.
  const on = await ok(
    stack.env.req('GET', `/api/v1/duty/on-duty?teamId=${team.id}&at=${encodeURIComponent(`${day[2]}T20:00:00+08:00`)}`, {
      token: await stack.token('rescue-lead'),
    }),
    200,
    'on-duty',
  );
  expect(on.teams[0].people.map((p: { userId: string }) => p.userId)).toEqual([a.id]);
});

test('a rescue member asks for a swap, the colleague accepts, the leader approves it in 换班审批 and the roster shows the names swapped', async () => {
  const [a] = colleagues as [(typeof colleagues)[0]];
  const aToken = await stack.token(a.username);
  // rescue1 gives away day 3's slot and takes A's day 4 slot (the mini-program's calls).
  const swap = await ok(
    stack.env.req('POST', '/api/v1/duty/swaps', {
      token: member1.token,
      body: {
        teamId: team.id,
        requesterSlotStart: handoff(day[3]!),
        counterpartId: a.id,
        counterpartSlotStart: handoff(day[4]!),
        reason: '孩子开家长会',
      },
    }),
    201,
    'swap',
  );
  expect(swap.status).toBe('requested');
  // Not yet accepted: the leader cannot approve it.
  const early = await stack.env.req('POST', `/api/v1/duty/swaps/${swap.id}/approve`, {
    token: await stack.token('rescue-lead'),
    body: {},
  });
  expect(early.status).toBeGreaterThanOrEqual(400);
  expect(early.status).toBeLessThan(500);
  const accepted = await ok(
    stack.env.req('POST', `/api/v1/duty/swaps/${swap.id}/accept`, { token: aToken, body: {} }),
    200,
    'accept',
  );
  expect(accepted.status).toBe('accepted');

  // Before approval the roster still has the rotation's names.
  await openRoster(page, day[3]!);
  expect(await namesIn(slotOn(page, day[3]!))).toEqual([member1.name]);

  await page.locator('[data-testid=side-menu] .ant-menu-item', { hasText: '换班审批' }).click();
  await page.waitForURL(/\/duty\/swaps/);
  const row = page.locator(`[data-testid=duty-swap-table] tr[data-row-key="${swap.id}"]`);
  await row.waitFor();
  expect(await row.locator('[data-testid=duty-swap-status]').getAttribute('data-status')).toBe('accepted');
  expect(await row.textContent()).toContain(member1.name);
  expect(await row.textContent()).toContain(a.name);
  await snap(page, 'admin-duty-04-swap-queue');
  await row.locator('[data-testid=duty-swap-approve]').click();
  await page.locator('.ant-popover:visible [data-testid=duty-swap-approve-ok]').click();
  await expectToast(page, '已批准换班', 'admin-duty-approve-missing');
  // Approved, it leaves the 待审批 tab.
  await row.waitFor({ state: 'detached' });

  const after = await ok(
    stack.env.req('GET', `/api/v1/duty/swaps?status=approved&teamId=${team.id}`, { token: member1.token }),
    200,
    'swaps',
  );
  expect(after.items.map((s: { id: string }) => s.id)).toContain(swap.id);

  // The roster: day 3 is A's now, day 4 rescue1's, both marked as a swap.
  await openRoster(page, day[3]!);
  await eventually(
    () => namesIn(slotOn(page, day[3]!)),
    (n) => n.join() === a.name,
  );
  expect(await namesIn(slotOn(page, day[3]!))).toEqual([a.name]);
  expect(await slotOn(page, day[3]!).locator('[data-testid=duty-slot-name]').first().getAttribute('data-source')).toBe('swap');
  await openRoster(page, day[4]!);
  expect(await namesIn(slotOn(page, day[4]!))).toEqual([member1.name]);
  await snap(page, 'admin-duty-05-swapped');

  // "Who is on duty at T" says the same.
  const on = await ok(
    stack.env.req('GET', `/api/v1/duty/on-duty?teamId=${team.id}&at=${encodeURIComponent(`${day[3]}T12:00:00+08:00`)}`, {
      token: member1.token,
    }),
    200,
    'on-duty',
  );
  expect(on.teams[0].people.map((p: { userId: string }) => p.userId)).toEqual([a.id]);
});

test('a member asks for leave, the leader approves it in 请假 and the roster shows the gap it leaves', async () => {
  // rescue1 asks for leave over day 6's slot (his, by the rotation's order) — the mini-program's call.
  const asked = await ok(
    stack.env.req('POST', '/api/v1/duty/leaves', {
      token: member1.token,
      body: { teamId: team.id, startsAt: handoff(day[6]!), endsAt: handoff(day[7]!), reason: '回老家探亲' },
    }),
    201,
    'leave request',
  );
  expect(asked.status).toBe('requested');
  // Asked, not approved: the slot is still his.
  await openRoster(page, day[6]!);
  expect(await namesIn(slotOn(page, day[6]!))).toEqual([member1.name]);

  await page.locator('[data-testid=side-menu] .ant-menu-item', { hasText: '请假' }).click();
  await page.waitForURL(/\/duty\/leaves/);
  const row = page.locator(`[data-testid=duty-leave-table] tr[data-row-key="${asked.id}"]`);
  await row.waitFor();
  expect(await row.locator('[data-testid=duty-leave-status]').getAttribute('data-status')).toBe('requested');
  await row.locator('[data-testid=duty-leave-approve]').click();
  await page.locator('.ant-popover:visible [data-testid=duty-leave-approve-ok]').click();
  await expectToast(page, '已批准请假', 'admin-duty-leave-missing');
  await row.locator('[data-testid=duty-leave-status][data-status=approved]').waitFor();
  await snap(page, 'admin-duty-05b-leaves');

  await openRoster(page, day[6]!);
  await eventually(
    async () => slotOn(page, day[6]!).getAttribute('data-gap'),
    (v) => v === 'true',
  );
  expect(await namesIn(slotOn(page, day[6]!))).toEqual([]);
  expect(await slotOn(page, day[6]!).locator('[data-testid=duty-slot-removed]').textContent()).toContain(member1.name);
});

test('teams page: members with skills, certificates and masked phones, the rotation; fairness has the month', async () => {
  await page.locator('[data-testid=side-menu] .ant-menu-item', { hasText: '队伍与成员' }).click();
  await page.waitForURL(/\/duty\/teams/);
  await page.locator('[data-testid=duty-team-item]', { hasText: team.name }).click();
  const members = page.locator('[data-testid=duty-member-table]');
  const rowA = members.locator('tr', { hasText: '邵建明' });
  await rowA.waitFor();
  expect(await rowA.textContent()).toContain('绳索救援');
  expect(await rowA.textContent()).toContain('应急救护员证');
  // The leader has pii.view: phones in full; never the raw number for those without it is the api's test.
  expect((await rowA.locator('[data-testid=duty-member-phone]').textContent())?.length).toBeGreaterThanOrEqual(11);
  await snap(page, 'admin-duty-06-team');
  // The leader has no users.read: 添加队员 offers the team's candidates (the zone's rescue people not on it yet).
  const candidates = await ok(
    stack.env.req('GET', `/api/v1/duty/teams/${team.id}/candidates`, { token: await stack.token('rescue-lead') }),
    200,
    'candidates',
  );
  const pick = (candidates.items as Array<{ userId: string; name: string }>)[0]!;
  expect(pick).toBeDefined();
  await page.locator('[data-testid=duty-member-add]').click();
  const addDialog = page.locator('.ant-modal:visible', { has: page.locator('[data-testid=duty-member-save]') });
  await addDialog.locator('[data-testid=duty-member-user]').click();
  const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
  await options.first().waitFor();
  // no one already on the team is offered
  expect(await page.locator('.ant-select-dropdown:visible').textContent()).not.toContain('邵建明');
  await options.filter({ hasText: pick.name }).first().click();
  await snap(page, 'admin-duty-06a-add-member');
  await addDialog.locator('[data-testid=duty-member-save]').click();
  await expectToast(page, '已添加队员', 'admin-duty-member-add-missing');
  await members.locator('tr', { hasText: pick.name }).first().waitFor();
  await page.locator('.ant-tabs-tab', { hasText: '轮班规则' }).click();
  const rot = page.locator('[data-testid=duty-rot-table] tr', { hasText: '24小时轮班' });
  await rot.waitFor();
  expect(await rot.textContent()).toContain('08:00');
  expect(await rot.textContent()).toContain(member1.name);
  // The rotation editor: the handoff moves to 09:00 (a later slot of the roster starts then).
  await rot.locator('[data-testid=duty-rot-edit]').click();
  const editor = page.locator('.ant-modal:visible', { has: page.locator('[data-testid=duty-rot-save]') });
  expect(await editor.locator('[data-testid=duty-rot-order-row]').allTextContents()).toEqual(
    [member1.name, ...colleagues.map((c) => c.name)].map((n, i) => `${i + 1}${n}`),
  );
  await editor.locator('[data-testid=duty-rot-handoff]').fill('09:00');
  await snap(page, 'admin-duty-06b-rotation');
  await editor.locator('[data-testid=duty-rot-save]').click();
  await expectToast(page, '已保存', 'admin-duty-rotation-missing');
  await page.locator('[data-testid=duty-rot-table] tr', { hasText: '09:00' }).waitFor();

  await page.goto(`${stack.adminUrl}/duty/fairness?teamId=${team.id}&month=${day[4]!.slice(0, 7)}`);
  const table = page.locator('[data-testid=duty-fairness-table]');
  await table.locator('tr', { hasText: member1.name }).waitFor();
  await snap(page, 'admin-duty-07-fairness');
  // The same as a workbook: downloaded with the bearer token under the server's file name.
  const [file] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=duty-fairness-export]').click()]);
  expect(file.suggestedFilename()).toMatch(/\.xlsx$/);
  await expectToast(page, '已导出', 'admin-duty-export-missing');
});

test('in English the duty pages show no Chinese outside user data (names, team names, reasons)', async () => {
  await page.evaluate(() => localStorage.setItem('yuanan:admin:lang', 'en'));
  /** Chinese text of the page's own content (not the frame, not what people entered: `data-user-text`). */
  const chinese = () =>
    page.evaluate(() => {
      const out: string[] = [];
      const cjk = /[\u3400-\u9FFF\uF900-\uFAFF：（）、，；。]/;
      const walker = document.createTreeWalker(document.querySelector('.page') ?? document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const text = n.textContent?.trim();
        const el = n.parentElement;
        if (text && el && cjk.test(text) && !el.closest('[data-user-text]')) out.push(text);
      }
      return out;
    });
  const pages: [string, string][] = [
    [`/duty/roster?date=${day[2]}`, '[data-testid=duty-slot]'],
    [`/duty/roster?view=week&date=${day[3]}`, '[data-testid=duty-slot]'],
    ['/duty/swaps?status=all', '[data-testid=duty-swap-table] [data-testid=duty-swap-status]'],
    ['/duty/leaves', '[data-testid=duty-leave-table] [data-testid=duty-leave-status]'],
    ['/duty/teams', '[data-testid=duty-member-table] [data-testid=duty-member-phone]'],
    [`/duty/fairness?month=${day[4]!.slice(0, 7)}`, '[data-testid=duty-fairness-table] .ant-table-row'],
  ];
  try {
    for (const [path, ready] of pages) {
      await page.goto(`${stack.adminUrl}${path}`);
      await page.locator(ready).first().waitFor();
      expect({ path, chinese: await chinese() }).toEqual({ path, chinese: [] });
    }
    await page.goto(`${stack.adminUrl}/duty/roster?view=week&date=${day[3]}`);
    await page.locator('[data-testid=duty-period]', { hasText: day[3]!.slice(0, 4) }).waitFor();
    await snap(page, 'admin-duty-08-english');
  } finally {
    await page.evaluate(() => localStorage.setItem('yuanan:admin:lang', 'zh-CN'));
  }
});
