/**
 * 值班 on the phone (mini-program H5 build, phone-sized Chromium, real api and worker with the demo zone): the rescue
 * member rescue1 signs in and sees their next shift on the home (the api's first shift not yet over, its start
 * time) and who of the team is on duty now; asks for a swap from 我的班次 (a colleague not on duty then covers it,
 * with a reason) → 换班请求 shows it 待对方确认 and the api has it; the colleague accepts (api); the leader
 * (rescue-lead, in H5) sees it under 待审批 and approves it → the api's swap is approved and the shift is no longer
 * rescue1's. Then check-in by button (the api records method button, open) and 签退; a QR check-in with a forged
 * code is refused in the sheet with nothing saved, and the duty room's real code checks in (method qr).
 * Screenshots: test/artifacts/screenshots/miniapp-duty-*.png.
 */
import { shot } from '../support/browser.ts';
import { ok } from '../support/inspection.ts';
import { eventuallyEquals, miniappSession, type MiniappSession } from '../support/miniapp.ts';
import { startStack, type Stack } from '../support/stack.ts';

let stack: Stack;
const sessions: MiniappSession[] = [];

interface Shift {
  teamId: string;
  teamName: string;
  start: string;
  end: string;
  source: string;
  swap: { id: string; status: string } | null;
}

beforeAll(async () => {
  stack = await startStack();
}, 180_000);

afterAll(async () => {
  for (const s of sessions) await s.close();
  await stack?.close();
});

/** rescue1's shifts of the next 30 days as the api lists them. */
async function shiftsOf(token: string): Promise<Shift[]> {
  return (await ok(stack.env.req('GET', '/api/v1/duty/me/shifts?days=30', { token }))).items as Shift[];
}

/** HH:mm of an instant in China time (the phone's time zone in these tests). */
function chinaHm(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(11, 16);
}

test('rescue1 sees the next shift, asks a colleague for a swap, the colleague accepts and the leader approves in H5', async () => {
  const rescue1 = await stack.token('rescue1');
  const admin = await stack.token('admin');
  const me = await ok(stack.env.req('GET', '/api/v1/me', { token: rescue1 }));
  const shifts = await shiftsOf(rescue1);
  expect(shifts.length).toBeGreaterThan(0);
  const now = Date.now();
  const next = [...shifts].sort((a, b) => Date.parse(a.start) - Date.parse(b.start)).find((s) => Date.parse(s.end) > now)!;
  // The shift to give away: one that has not started, more than a day ahead, with no open swap.
  const give = shifts.find((s) => Date.parse(s.start) > now + 24 * 3600_000 && !s.swap && s.source === 'rotation')!;
  expect(give).toBeDefined();

  // A colleague who can cover it: a member of the team, not the leader, not on duty then, not on leave.
  const team = await ok(stack.env.req('GET', `/api/v1/duty/teams/${give.teamId}`, { token: admin }));
  const day = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);
  const roster = await ok(
    stack.env.req('GET', `/api/v1/duty/roster?teamId=${give.teamId}&from=${day(give.start)}&to=${day(give.end)}`, {
      token: admin,
    }),
  );
  const busy = new Set<string>(
    (roster.slots as Array<{ start: string; end: string; userIds: string[] }>)
      .filter((s) => Date.parse(s.start) < Date.parse(give.end) && Date.parse(s.end) > Date.parse(give.start))
      .flatMap((s) => s.userIds),
  );
  const onLeave = new Set<string>(
    (roster.leaves as Array<{ userId: string; status: string; startsAt: string; endsAt: string }>)
      .filter(
        (l) =>
          l.status === 'approved' &&
          Date.parse(l.startsAt) < Date.parse(give.end) &&
          Date.parse(l.endsAt) > Date.parse(give.start),
      )
      .map((l) => l.userId),
  );
  const users = await ok(stack.env.req('GET', '/api/v1/users?role=rescue_member&pageSize=200', { token: admin }));
  const usernameOf = new Map<string, string>(
    (users.items as Array<{ id: string; username: string | null }>).filter((u) => u.username).map((u) => [u.id, u.username!]),
  );
  const colleague = (team.members as Array<{ userId: string; name: string; active: boolean }>).find(
    (m) =>
      m.active &&
      m.userId !== me.id &&
      m.userId !== team.leaderUserId &&
      !busy.has(m.userId) &&
      !onLeave.has(m.userId) &&
      usernameOf.has(m.userId),
  )!;
  expect(colleague).toBeDefined();

  // 1. The home: the next shift (its start time) and who of the team is on duty now.
  const s = await miniappSession(stack, 'siqi', 'rescue1', { timeoutMs: 20_000 });
  sessions.push(s);
  const { page, visible, onPage } = s;
  await onPage('/pkg-rescue/pages/home/index');
  const nextCard = page.locator('[data-testid=next-shift]').filter({ visible: true });
  await nextCard.waitFor();
  expect(await page.locator('[data-testid=next-shift-time]').filter({ visible: true }).innerText()).toContain(
    chinaHm(next.start),
  );
  expect(await nextCard.innerText()).toContain(next.teamName);
  const onDuty = await ok(stack.env.req('GET', `/api/v1/duty/on-duty?teamId=${next.teamId}`, { token: rescue1 }));
  const nowTeam = onDuty.teams[0] as { people: Array<{ userId: string; name: string }> };
  const card = page.locator(`[data-testid=on-duty][data-team="${next.teamId}"]`).filter({ visible: true });
  await card.waitFor();
  for (const p of nowTeam.people)
    expect(await card.locator(`.duty__person[data-user="${p.userId}"]`).innerText()).toContain(p.name);
  await shot(page, 'miniapp-duty-01-home');

  // 2. 我的班次 → 申请换班 on that shift: the colleague covers it (不换回), with a reason.
  await visible('我的班次 ›', true).click();
  await onPage('/pkg-rescue/pages/shifts/index');
  const shiftCard = page.locator(`[data-testid=shift][data-start="${give.start}"]`).filter({ visible: true });
  await shiftCard.waitFor();
  expect(await page.locator('[data-testid=shift]').filter({ visible: true }).count()).toBe(shifts.length);
  await shot(page, 'miniapp-duty-02-shifts');
  await shiftCard.locator('.shift-card__ask').click();
  await onPage('/pkg-rescue/pages/swap-new/index');
  // Colleagues already on that very shift are greyed out (同班) and cannot be picked (tester finding 10).
  const sameShift = (roster.slots as Array<{ start: string; userIds: string[] }>)
    .filter((x) => Date.parse(x.start) === Date.parse(give.start))
    .flatMap((x) => x.userIds)
    .filter((id) => id !== me.id);
  await page.locator(`.swap-new__person[data-user="${colleague.userId}"]`).filter({ visible: true }).waitFor();
  for (const id of sameShift) {
    const chip = page.locator(`.swap-new__person[data-user="${id}"]`).filter({ visible: true });
    expect(await chip.getAttribute('data-off')).toBe('同班');
    await chip.click();
    expect(await chip.getAttribute('class')).not.toContain('chip--active');
  }
  expect(
    await page.locator(`.swap-new__person[data-user="${colleague.userId}"]`).filter({ visible: true }).getAttribute('data-off'),
  ).toBe('');
  await page.locator(`.swap-new__person[data-user="${colleague.userId}"]`).filter({ visible: true }).click();
  await page.locator('.swap-new__slot[data-start=""]').filter({ visible: true }).waitFor();
  await page.locator('.swap-new__reason textarea').filter({ visible: true }).fill('家中老人住院，需陪护');
  await shot(page, 'miniapp-duty-03-swap-form');
  await page.locator('.swap-new__submit').filter({ visible: true }).click();
  await onPage('/pkg-rescue/pages/swaps/index');
  const mine = page.locator('[data-testid=swap]').filter({ visible: true }).first();
  await mine.waitFor();
  expect(await mine.locator('[data-testid=swap-status]').innerText()).toBe('待对方确认');
  expect(await mine.innerText()).toContain(colleague.name);
  await shot(page, 'miniapp-duty-04-swap-sent');

  const swaps = await ok(stack.env.req('GET', '/api/v1/duty/swaps?mine=true&status=requested', { token: rescue1 }));
  const swap = (swaps.items as Array<Record<string, any>>).find((x) => x.counterpartId === colleague.userId)!;
  expect(swap).toMatchObject({
    requesterId: me.id,
    counterpartSlotStart: null,
    reason: '家中老人住院，需陪护',
    status: 'requested',
  });
  expect(Date.parse(swap.requesterSlotStart)).toBe(Date.parse(give.start));
  expect(await mine.getAttribute('data-id')).toBe(swap.id);

  // 3. The colleague accepts (api, as their phone would); rescue1's list follows.
  const theirs = await stack.token(usernameOf.get(colleague.userId)!);
  await ok(stack.env.req('POST', `/api/v1/duty/swaps/${swap.id}/accept`, { token: theirs, body: {} }));
  await page.reload();
  await onPage('/pkg-rescue/pages/swaps/index');
  await page.locator('.swaps__tab[data-tab=outgoing]').filter({ visible: true }).click();
  await page.locator(`[data-testid=swap][data-id="${swap.id}"][data-status=accepted]`).filter({ visible: true }).waitFor();

  // 4. The leader approves it in H5 (换班请求 › 待审批).
  const lead = await miniappSession(stack, 'siqi', 'rescue-lead', { browser: s.browser, timeoutMs: 20_000 });
  sessions.push(lead);
  await lead.onPage('/pkg-rescue/pages/home/index');
  await lead.page.evaluate((u) => (window.location.hash = `#${u}`), '/pkg-rescue/pages/swaps/index?tab=approve');
  await lead.onPage('/pkg-rescue/pages/swaps/index');
  const queued = lead.page.locator(`[data-testid=swap][data-id="${swap.id}"]`).filter({ visible: true });
  await queued.waitFor();
  expect(await queued.locator('[data-testid=swap-status]').innerText()).toBe('待审批');
  await shot(lead.page, 'miniapp-duty-05-leader-queue');
  await queued.locator('.swap-card__btn[data-action=approve]').click();
  await lead.page.locator(`[data-testid=swap][data-id="${swap.id}"][data-status=approved]`).filter({ visible: true }).waitFor();
  await eventuallyEquals(
    async () =>
      (await ok(stack.env.req('GET', `/api/v1/duty/swaps?mine=true`, { token: rescue1 }))).items.find(
        (x: any) => x.id === swap.id,
      )?.status,
    'approved',
  );
  // The shift is the colleague's now: gone from rescue1's shifts (api and 我的班次).
  expect((await shiftsOf(rescue1)).some((x) => Date.parse(x.start) === Date.parse(give.start))).toBe(false);
  await page.evaluate((u) => (window.location.hash = `#${u}`), '/pkg-rescue/pages/shifts/index');
  await onPage('/pkg-rescue/pages/shifts/index');
  await page.locator('[data-testid=shift]').filter({ visible: true }).first().waitFor();
  expect(await page.locator(`[data-testid=shift][data-start="${give.start}"]`).filter({ visible: true }).count()).toBe(0);
  await shot(page, 'miniapp-duty-06-after-approval');
}, 240_000);

test('check in by button and check out; a forged duty-room code is refused, the real one checks in', async () => {
  const rescue1 = await stack.token('rescue1');
  const s = sessions[0] ?? (await miniappSession(stack, 'siqi', 'rescue1', { timeoutMs: 20_000 }));
  if (!sessions.includes(s)) sessions.push(s);
  const { page, visible, see, onPage } = s;
  const current = async () => (await ok(stack.env.req('GET', '/api/v1/duty/me/check-in', { token: rescue1 }))).checkIn;
  expect(await current()).toBeNull();

  await page.evaluate((u) => (window.location.hash = `#${u}`), '/pkg-rescue/pages/home/index');
  await onPage('/pkg-rescue/pages/home/index');
  await page.locator('.duty__checkin-btn').filter({ visible: true }).click();
  await page.locator('[data-testid=checked-in]').filter({ visible: true }).waitFor();
  const c = await current();
  expect(c).toMatchObject({ method: 'button', checkedOutAt: null });
  expect(await page.locator('[data-testid=checked-in]').filter({ visible: true }).innerText()).toContain(chinaHm(c.checkedInAt));
  await shot(page, 'miniapp-duty-07-checked-in');

  await page.locator('.duty__checkout').filter({ visible: true }).click();
  await visible('确定', true).click();
  await page.locator('.duty__checkin-btn').filter({ visible: true }).waitFor();
  await eventuallyEquals(async () => (await current()) === null, true);

  // 扫码签到 in a browser: the code is typed. A forged one: the api's words in the sheet, nothing saved.
  await page.locator('.duty__scan-btn').filter({ visible: true }).click();
  const input = page.locator('.duty-sheet__input input').filter({ visible: true });
  await input.fill('YA1.forged.code');
  await page.locator('.duty-sheet__ok').filter({ visible: true }).click();
  await page.locator('.duty-sheet__error').filter({ visible: true }).waitFor();
  expect(await current()).toBeNull();
  await shot(page, 'miniapp-duty-08-forged-code');

  // The duty room's own code (as printed from the console) checks in by QR.
  const teamId =
    (await shiftsOf(rescue1))[0]?.teamId ??
    (await ok(stack.env.req('GET', '/api/v1/duty/teams?mine=true', { token: rescue1 }))).items[0].id;
  const qr = await ok(stack.env.req('GET', `/api/v1/duty/teams/${teamId}/qr`, { token: await stack.token('admin') }));
  await input.fill(qr.payload);
  await page.locator('.duty-sheet__ok').filter({ visible: true }).click();
  await page.locator('[data-testid=checked-in]').filter({ visible: true }).waitFor();
  await see('扫码');
  expect(await current()).toMatchObject({ method: 'qr', teamId, checkedOutAt: null });
  await ok(stack.env.req('POST', '/api/v1/duty/check-out', { token: rescue1, body: {} }));
}, 180_000);

test("on a phone set to UTC the shifts read on the zone's clock: the 08:00 handoff stays 08:00 (tester finding 9)", async () => {
  const rescue1 = await stack.token('rescue1');
  const me = await ok(stack.env.req('GET', '/api/v1/me', { token: rescue1 }));
  expect(me.tenant.timeZone).toBe('Asia/Shanghai');
  const shifts = await shiftsOf(rescue1);
  const now = Date.now();
  const next = [...shifts].sort((a, b) => Date.parse(a.start) - Date.parse(b.start)).find((x) => Date.parse(x.end) > now)!;
  expect(next).toBeDefined();
  const utcHm = new Date(next.start).toISOString().slice(11, 16);
  expect(utcHm).not.toBe(chinaHm(next.start)); // the two clocks differ, so the check can fail

  const s = await miniappSession(stack, 'siqi', 'rescue1', { timeoutMs: 20_000, timezoneId: 'UTC' });
  sessions.push(s);
  const { page, onPage } = s;
  expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe('UTC');
  await onPage('/pkg-rescue/pages/home/index');
  const time = await page.locator('[data-testid=next-shift-time]').filter({ visible: true }).innerText();
  expect(time).toContain(chinaHm(next.start));
  expect(time).not.toContain(`${utcHm} –`);
  await shot(page, 'miniapp-duty-09-utc-phone');
});
