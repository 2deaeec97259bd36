/**
 * 园区设置 in the admin console, as the zone administrator of 开发区四期: a stage added to the escalation policy
 * becomes the next escalation of a hazard already being rectified (its alarm on the hazard row moves to the new
 * stage), and a changed palette is what the risk map's legend shows. The incident policy (应急联动) is saved and kept
 * across a reload; a calm speed above the low-wind speed is refused on its field. The safety officer sees the
 * settings read-only; the risk map's "园区设置" link opens the map tab. Screenshots: test/artifacts/screenshots/admin-settings-*.png.
 */
import { addDays, localDate } from '@yuanan/domain';
import type { BrowserContext, Page } from 'playwright-core';
import { expectToast, desktop, shot, signInAdmin, adminSession, type AdminSession, snap } from '../support/browser.ts';
import { startStack, type Stack } from '../support/stack.ts';
import { eventually } from '../support/wait.ts';

let stack: Stack;
let browser: AdminSession['browser'];
let context: BrowserContext;
let page: Page;

function toast(p: Page, text: string): Promise<void> {
  return expectToast(p, text, 'admin-settings-failed');
}
/** The hazard's planned next escalation, as the escalation machinery keeps it on the row. */
async function nextEscalation(id: string): Promise<{ stage: string | null; at: number | null }> {
  const [row] = (await stack.env.api.c.orm.em
    .getConnection()
    .execute('SELECT next_escalation_at AS at, next_escalation_stage AS stage FROM hazards WHERE id = ?', [id])) as Array<{
    at: Date | string | null;
    stage: string | null;
  }>;
  const at = row?.at ? (row.at instanceof Date ? row.at : new Date(`${row.at.replace(' ', 'T')}Z`)).getTime() : null;
  return { stage: row?.stage ?? null, at };
}

beforeAll(async () => {
  stack = await startStack();
  // A loaded machine (2 cores, other suites running) needs more than the usual 20 s for a lazy page.
  ({ browser, context, page } = await adminSession(stack, 'admin', 60_000));
}, 900_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await stack?.close();
});

test('a stage added to the escalation policy becomes the next escalation of a hazard already open', async () => {
  // A hazard under rectification with its deadline 20 days away.
  const me = await stack.env.req('GET', '/api/v1/me', { token: await stack.token('ent-admin') });
  const reported = await stack.env.req('POST', '/api/v1/hazards', {
    token: await stack.token('safety'),
    body: {
      enterpriseId: me.body.enterpriseId,
      source: 'safety_inspection',
      categoryCode: 'fire',
      description: '仓库消防通道堆放纸箱，疏散指示灯损坏',
    },
  });
  expect(reported.status).toBe(201);
  const confirmed = await stack.env.req('POST', `/api/v1/hazards/${reported.body.id}/transitions`, {
    token: await stack.token('safety'),
    body: {
      action: 'confirm',
      version: reported.body.version,
      grade: 'general',
      treatment: 'deadline',
      deadline: addDays(localDate(new Date(), 'Asia/Shanghai'), 20),
      responsibleName: '周建国',
    },
  });
  expect(confirmed.status).toBe(200);
  const id = reported.body.id as string;
  const deadline = new Date(
    (await stack.env.req('GET', `/api/v1/hazards/${id}`, { token: await stack.token('safety') })).body.deadline,
  ).getTime();

  // In the menu under 用户与权限 (below the fold of a 900 px window: opened by its address).
  expect(await page.locator('[data-testid=side-menu] .ant-menu-item', { hasText: '园区设置' }).count()).toBe(1);
  await page.goto(`${stack.adminUrl}/settings`);
  try {
    await page.locator('[data-testid=settings-zone]').waitFor();
  } catch (e) {
    await shot(page, 'admin-settings-failed');
    throw new Error(
      `the settings page did not show; it said: ${(await page.locator('main, body').first().innerText()).slice(0, 500)}`,
      {
        cause: e,
      },
    );
  }
  await snap(page, 'admin-settings-01-zone');

  await page.locator('[data-testid=settings-tabs] .ant-tabs-tab', { hasText: '隐患与升级' }).click();
  const card = page.locator('[data-testid=settings-escalation]');
  await card.waitFor();
  expect(await card.locator('[data-testid^=stage-days-]').count()).toBe(5);
  // A stage added at the bottom: 7 days before the deadline, to the person responsible (sorted into place on save).
  await card.locator('[data-testid=stage-add]').click();
  const days = card.locator('[data-testid=stage-days-5]');
  await days.fill('-7');
  await card.locator('[data-testid=stage-target-5]').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '整改责任人' }).click();
  await card.locator('[data-testid=escalation-preview]', { hasText: '期限前 7 天 → 整改责任人' }).waitFor();
  await snap(page, 'admin-settings-02-escalation-edit');
  await card.locator('[data-testid=escalation-save]').click();
  await toast(page, '已保存');
  // Saved in time order: the new stage first.
  await eventually(
    () => card.locator('[data-testid=stage-days-0]').inputValue(),
    (v) => v.startsWith('-7'),
  );
  const policy = (await stack.env.req('GET', '/api/v1/tenant', { token: await stack.token('admin') })).body.settings
    .escalationPolicy;
  expect(policy.stages[0]).toEqual({ key: 'remind-7d', offsetSeconds: -7 * 86400, target: 'responsible' });
  await snap(page, 'admin-settings-03-escalation-saved');

  // The hazard's next escalation follows the new policy without anyone touching the hazard.
  const next = await eventually(
    () => nextEscalation(id),
    (v) => v.stage === 'remind-7d',
  );
  expect(next).toEqual({ stage: 'remind-7d', at: deadline - 7 * 86400_000 });

  // A policy that goes down the chain is refused, with the reason on the row.
  await card.locator('[data-testid=stage-target-0]').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '园区管理员' }).click();
  await card.locator('[data-testid=escalation-save]').click();
  await card.locator('.ant-form-item-explain-error', { hasText: '逐级向上' }).first().waitFor();
  await snap(page, 'admin-settings-04-escalation-refused');
  expect(
    (await stack.env.req('GET', '/api/v1/tenant', { token: await stack.token('admin') })).body.settings.escalationPolicy,
  ).toEqual(policy);
});

test('a changed palette is what the risk map legend shows; the map links back to the settings', async () => {
  await page.goto(`${stack.adminUrl}/settings?tab=zone`);
  const card = page.locator('[data-testid=settings-palette]');
  await card.waitFor();
  await card.locator('[data-testid=palette-red-label]').fill('极高风险');
  await card.locator('[data-testid=palette-red-color]').click();
  const hex = page.locator('.ant-color-picker-input input:visible').first();
  await hex.fill('8B0000');
  await hex.press('Enter');
  await page.keyboard.press('Escape');
  await snap(page, 'admin-settings-05-palette');
  await card.locator('[data-testid=settings-palette-save]').click();
  await toast(page, '已保存');
  const palette = (await stack.env.req('GET', '/api/v1/tenant', { token: await stack.token('admin') })).body.settings.palette;
  expect(palette.red).toEqual({ color: '#8b0000', label: '极高风险' });

  await page.locator('[data-testid=side-menu] .ant-menu-item', { hasText: '风险地图' }).click();
  await page.waitForURL(/\/risk\/map/);
  const red = page.locator('[data-testid=legend-red]');
  await red.filter({ hasText: '极高风险' }).waitFor();
  expect(await red.locator('.legend-swatch').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(139, 0, 0)');
  await snap(page, 'admin-settings-06-map-legend');

  // The latitude/longitude view has no tile layer in the demo: its notice links to the map settings.
  await page.locator('[data-testid=map-view]').getByText('经纬度地图').click();
  await page.locator('[data-testid=map-settings-link]').click();
  await page.waitForURL(/\/settings\?tab=map/);
  await page.locator('[data-testid=settings-map]').waitFor();
  expect(await page.locator('[data-testid=settings-plan-state]').textContent()).toMatch(/已上传/);
  await snap(page, 'admin-settings-07-map-tab');
});

test('the safety officer sees the settings read-only', async () => {
  const ctx = await desktop(browser.browser);
  ctx.setDefaultTimeout(60_000);
  try {
    const p = await ctx.newPage();
    await signInAdmin(p, stack.adminUrl, 'siqi', 'safety', stack.password);
    await p.goto(`${stack.adminUrl}/settings?tab=hazard`);
    await p.locator('[data-testid=settings-escalation]').waitFor();
    await p.locator('.ant-alert', { hasText: '只有园区管理员可以修改' }).waitFor();
    expect(await p.locator('[data-testid=escalation-save]').count()).toBe(0);
    expect(await p.locator('[data-testid=stage-days-0]').isDisabled()).toBe(true);
    await snap(p, 'admin-settings-08-safety-readonly');
  } finally {
    await ctx.close();
  }
});

test('inspections: the zone’s check-in radius, reminder hours and re-check rule; an enterprise’s own geofence in its file', async () => {
  const admin = await stack.token('admin');
  await page.goto(`${stack.adminUrl}/settings?tab=cycles`);
  const card = page.locator('[data-testid=settings-cycles]');
  await card.locator('[data-testid=settings-inspections]').waitFor();
  // The frequency table by colour is there with the zone's values.
  const before = (await stack.env.req('GET', '/api/v1/tenant', { token: admin })).body.settings;
  expect(await card.locator('#inspectionFrequencyDays_red').inputValue()).toBe(String(before.inspectionFrequencyDays.red));
  expect(await card.locator('[data-testid=settings-geofence-radius]').inputValue()).toBe(
    String(before.inspectionGeofenceRadiusM),
  );
  await card.locator('[data-testid=settings-geofence-radius]').fill('450');
  await card.locator('[data-testid=settings-reminder-hours]').fill('12');
  await card.locator('[data-testid=settings-recheck-required]').click();
  // The zone's extra public holidays (duty report): typed dates become tags.
  const holidays = card.locator('[data-testid=settings-public-holidays] input');
  await holidays.fill('2027-02-06');
  await holidays.press('Enter');
  await holidays.fill('2027-02-07');
  await holidays.press('Enter');
  await snap(page, 'admin-settings-09-inspections');
  await card.locator('[data-testid=settings-cycles-save]').click();
  await toast(page, '已保存');
  const after = (await stack.env.req('GET', '/api/v1/tenant', { token: admin })).body.settings;
  expect([after.inspectionGeofenceRadiusM, after.inspectionReminderHours, after.inspectionRecheckRequired]).toEqual([
    450,
    12,
    !before.inspectionRecheckRequired,
  ]);
  expect(after.publicHolidays).toEqual(['2027-02-06', '2027-02-07']);

  // An enterprise's own polygon, typed as lat,lng lines in its file.
  const ent = (await stack.env.req('GET', '/api/v1/enterprises?pageSize=1', { token: admin })).body.items[0];
  await page.goto(`${stack.adminUrl}/enterprises/${ent.id}`);
  const form = page.locator('[data-testid=ent-basic-form]');
  await form.locator('[data-testid=ef-geofence]').waitFor();
  await form.locator('[data-testid=ef-geofence-mode]').getByText('多边形').click();
  const polygon = form.locator('[data-testid=ef-geofence-polygon]');
  // A line that is not two numbers is refused in the form.
  await polygon.fill('29.2895,120.1295\n29.2895 120.1305\n北纬29度');
  await page.locator('[data-testid=ent-basic-save]').click();
  await form.locator('.ant-form-item-explain-error', { hasText: '第 3 行' }).waitFor();
  // Out of order (edges cross): the api's reason lands on the field.
  await polygon.fill('29.2895,120.1295\n29.2895，120.1305\n29.2905,120.1295\n29.2905,120.1305');
  await page.locator('[data-testid=ent-basic-save]').click();
  await form.locator('.ant-form-item-explain-error', { hasText: '多边形的边相交' }).waitFor();
  await toast(page, '多边形的边相交'); // the api's refusal, expected (and not a failure of the next save)
  await polygon.fill('29.2895,120.1295\n29.2895，120.1305\n29.2905,120.1305\n29.2905,120.1295');
  await page.locator('[data-testid=ent-basic-save]').click();
  await toast(page, '已保存');
  await snap(page, 'admin-settings-10-enterprise-geofence');
  const saved = (await stack.env.req('GET', `/api/v1/enterprises/${ent.id}`, { token: admin })).body.geofence;
  expect(saved).toEqual({
    polygon: [
      [29.2895, 120.1295],
      [29.2895, 120.1305],
      [29.2905, 120.1305],
      [29.2905, 120.1295],
    ],
  });
  // Back to the zone's radius.
  await form.locator('[data-testid=ef-geofence-mode]').getByText('使用园区默认半径').click();
  await page.locator('[data-testid=ent-basic-save]').click();
  await toast(page, '已保存');
  expect((await stack.env.req('GET', `/api/v1/enterprises/${ent.id}`, { token: admin })).body.geofence).toBeNull();
});

test('应急联动: the ack time and the sector half-angle are kept across a reload; a calm speed above the low-wind speed is refused on its field and nothing is saved', async () => {
  const admin = await stack.token('admin');
  const policyNow = async () => (await stack.env.req('GET', '/api/v1/tenant', { token: admin })).body.settings.incidentPolicy;
  const before = await policyNow();
  await page.goto(`${stack.adminUrl}/settings`);
  await page.locator('[data-testid=settings-tabs] .ant-tabs-tab', { hasText: '应急联动' }).click();
  await page.waitForURL(/tab=incident/);
  const card = page.locator('[data-testid=settings-incident]');
  const ack = card.locator('[data-testid=incident-ack-minutes]');
  const half = card.locator('[data-testid=incident-half-angle]');
  await ack.waitFor();
  // The zone's values, each field with its unit and what it does.
  expect(await ack.inputValue()).toBe(String(before.ackMinutes));
  expect(await half.inputValue()).toBe(String(before.downwind.halfAngleDeg));
  await card.locator('.ant-form-item-label', { hasText: '出警确认时限（分钟）' }).waitFor();
  await card.getByText('超时自动改派下一位').waitFor();
  await card.getByText('第九条规定 1 小时内报告').waitFor();

  await ack.fill('5');
  await half.fill('45');
  // The preview follows the form before it is saved.
  await card.locator('[data-testid=incident-sector-preview]', { hasText: '两侧各 45°' }).waitFor();
  await snap(page, 'admin-settings-11-incident-edit');
  await card.locator('[data-testid=settings-incident-save]').click();
  await toast(page, '已保存');
  const saved = await policyNow();
  expect(saved).toEqual({ ...before, ackMinutes: 5, downwind: { ...before.downwind, halfAngleDeg: 45 } });

  await page.reload();
  await ack.waitFor();
  expect([await ack.inputValue(), await half.inputValue()]).toEqual(['5', '45']);

  // Calm air above the low wind: the api's reason lands on the calm-speed field, and the zone keeps its policy.
  expect(before.downwind.lowWindSpeed).toBeLessThan(3);
  const calm = card.locator('[data-testid=incident-calm-speed]');
  await calm.fill('3');
  await card.locator('[data-testid=settings-incident-save]').click();
  await card
    .locator('.ant-form-item', { has: page.locator('[data-testid=incident-calm-speed]') })
    .locator('.ant-form-item-explain-error', { hasText: '静风风速须小于低风速' })
    .waitFor();
  await snap(page, 'admin-settings-12-incident-refused');
  expect(await policyNow()).toEqual(saved);
  await page.reload();
  await calm.waitFor();
  expect(await calm.inputValue()).toBe(String(before.downwind.calmSpeed));
});

test('times are shown on the zone’s clock, not the browser’s: a safety officer signed in from New York', async () => {
  const me = await stack.env.req('GET', '/api/v1/me', { token: await stack.token('ent-admin') });
  const reported = await stack.env.req('POST', '/api/v1/hazards', {
    token: await stack.token('safety'),
    body: {
      enterpriseId: me.body.enterpriseId,
      source: 'safety_inspection',
      categoryCode: 'fire',
      description: '时区显示测试隐患',
    },
  });
  expect(reported.status).toBe(201);
  const at = new Date(reported.body.reportedAt as string);
  const minute = (timeZone: string) =>
    new Intl.DateTimeFormat('sv-SE', { timeZone, dateStyle: 'short', timeStyle: 'short' }).format(at);
  const zoneMinute = minute('Asia/Shanghai');
  const browserMinute = minute('America/New_York');
  expect(zoneMinute).not.toBe(browserMinute);

  const away = await desktop(browser.browser, 'America/New_York');
  away.setDefaultTimeout(60_000);
  try {
    const p = await away.newPage();
    await signInAdmin(p, stack.adminUrl, 'siqi', 'safety', stack.password);
    await p.goto(`${stack.adminUrl}/hazards/${reported.body.id}`);
    await p.getByText('时区显示测试隐患').first().waitFor({ timeout: 60_000 });
    const text = await p.locator('body').innerText();
    expect(text).toContain(zoneMinute);
    expect(text).not.toContain(browserMinute);
    await shot(p, 'admin-settings-zone-clock');
  } finally {
    await away.close();
  }
});
