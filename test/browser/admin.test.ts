/**
 * The admin console's build in a desktop Chromium against the real api and a fresh database with the demo zones:
 * a wrong password (Chinese message, typed zone and username kept), the platform operator creating a zone (its
 * initial password shown once), entering it with an audited act-as, inviting a grid worker (code and QR),
 * finding the invitation in the audit trail and verifying the hash chain; then the new zone's administrator
 * signing in with the initial password and being made to change it (policy errors on the field).
 * Screenshots of each step go to test/artifacts/screenshots (admin-*.png).
 */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { expectToast, desktop, launchBrowser, snap } from '../support/browser.ts';
import { startStack, type Stack } from '../support/stack.ts';

let stack: Stack;
let browser: { browser: Browser; close: () => Promise<void> };
let context: BrowserContext;
let page: Page;

// Every run starts from a fresh database, so the new zone's code is free.
const zone = { code: 'jinhua-kfq', name: '金华经济技术开发区', region: '浙江省金华市' };
let initialPassword = '';
let inviteCode = '';

/** The open dialog's primary button (antd keeps closed dialogs in the DOM, hidden). */
function dialogOk(p: Page): Locator {
  return p.locator('.ant-modal-wrap:visible .ant-modal-footer .ant-btn-primary');
}
/** The OK button of the dialog that shows a new invitation code (the create dialog may still be closing). */
function codeDialogOk(p: Page): Locator {
  return p.locator('.ant-modal-wrap:visible', { has: p.locator('[data-testid=invite-code]') }).locator('.ant-btn-primary');
}
/** An option of the open select dropdown. */
function option(p: Page, text: string): Locator {
  return p.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first();
}
function menuItem(p: Page, text: string): Locator {
  return p.locator('[data-testid=side-menu] .ant-menu-item', { hasText: text });
}

async function signIn(p: Page, zoneCode: string, username: string, password: string): Promise<void> {
  await p.locator('[data-testid=login-zone]').fill(zoneCode);
  await p.locator('[data-testid=login-username]').fill(username);
  await p.locator('[data-testid=login-password]').fill(password);
  await p.locator('[data-testid=login-submit]').click();
}

beforeAll(async () => {
  stack = await startStack();
  browser = await launchBrowser();
  context = await desktop(browser.browser);
  context.setDefaultTimeout(20_000);
  page = await context.newPage();
}, 150_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await stack?.close();
});

test('runs on Node 24', () => {
  expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(22);
});

test('a wrong password shows the Chinese error and keeps the typed zone code and username', async () => {
  await page.goto(`${stack.adminUrl}/audit`);
  // Not signed in: the console sends the visitor to sign in, remembering where they were going.
  await page.waitForURL(/\/login\?next=%2Faudit/);
  await page.locator('[data-testid=login-zone]').waitFor();
  expect(await page.title()).toContain('园安');
  await snap(page, 'admin-01-login');

  await signIn(page, 'siqi', 'admin', 'Not-The-Password-1');
  const error = page.locator('[data-testid=login-error]');
  await error.waitFor();
  expect(await error.textContent()).toContain('园区或机构代码、用户名或密码错误');
  expect(await error.textContent()).toContain('忘记密码请联系园区管理员');
  expect(await page.locator('[data-testid=login-zone]').inputValue()).toBe('siqi');
  expect(await page.locator('[data-testid=login-username]').inputValue()).toBe('admin');
  expect(page.url()).toContain('/login');
  await snap(page, 'admin-02-login-wrong-password');

  await signIn(page, 'no-such-zone', 'admin', 'whatever-1');
  await page.locator('[data-testid=login-error]', { hasText: '园区代码不存在' }).waitFor();
  expect(await page.locator('[data-testid=login-username]').inputValue()).toBe('admin');
  await snap(page, 'admin-03-login-unknown-zone');

  // The network down, then the server failing: a readable sentence and a retry button, the form intact.
  await page.route('**/api/v1/auth/login', (route) => route.abort('internetdisconnected'));
  await signIn(page, 'siqi', 'safety', 'Whatever-Pass-1');
  await page.locator('[data-testid=login-error]', { hasText: '网络连接失败' }).waitFor();
  await page.locator('[data-testid=login-error] button').waitFor();
  await page.unroute('**/api/v1/auth/login');
  await page.route('**/api/v1/auth/login', (route) =>
    route.fulfill({ status: 500, contentType: 'text/html', body: '<h1>oops</h1>' }),
  );
  await page.locator('[data-testid=login-error] button').click();
  await page.locator('[data-testid=login-error]', { hasText: '服务器开小差了' }).waitFor();
  expect(await page.locator('[data-testid=login-username]').inputValue()).toBe('safety');
  await snap(page, 'admin-04-login-server-error');
  await page.unroute('**/api/v1/auth/login');

  // Too many wrong passwords lock the account for a while: the page says until when.
  for (let i = 0; i < 5; i++) {
    await signIn(page, 'siqi', 'safety', `Wrong-Pass-${i}`);
    await page.locator('[data-testid=login-error]').waitFor();
    await page.waitForFunction(
      () => !document.querySelector('[data-testid=login-submit]')?.classList.contains('ant-btn-loading'),
    );
  }
  const locked = page.locator('[data-testid=login-error]', { hasText: '账号已临时锁定' });
  await locked.waitFor();
  expect(await locked.textContent()).toMatch(/请于 \d{2}:\d{2} 后重试/);
  await snap(page, 'admin-05-login-locked');
});

test('the platform operator creates a zone, acts as it, invites a user, finds the audit entry and verifies the chain', async () => {
  // The zone code is remembered from the last attempt.
  await page.goto(`${stack.adminUrl}/login`);
  expect(await page.locator('[data-testid=login-zone]').inputValue()).toBe('siqi');
  await signIn(page, 'platform', 'operator', stack.password);
  await page.locator('[data-testid=side-menu]').waitFor();
  await expect(page.locator('[data-testid=zone-name]').textContent()).resolves.toBe('平台运营');
  // Without acting, the operator sees platform pages only.
  await menuItem(page, '园区管理').waitFor();
  expect(await menuItem(page, '用户管理').count()).toBe(0);
  expect(await menuItem(page, '邀请码').count()).toBe(0);
  await snap(page, 'admin-06-operator-home');

  // Create a zone: the generated initial password is shown once.
  await menuItem(page, '园区管理').click();
  await page.waitForURL(/\/platform\/zones$/);
  await page.locator('.ant-table-row', { hasText: '开发区四期' }).waitFor();
  await page.locator('[data-testid=zone-create]').click();
  await page.locator('[data-testid=zone-code]').fill(zone.code);
  await page.locator('[data-testid=zone-name-input]').fill(zone.name);
  await page.locator('[data-testid=zone-region]').fill(zone.region);
  await snap(page, 'admin-07-zone-create');
  await page.locator('[data-testid=zone-submit]').click();
  const created = page.locator('[data-testid=zone-created]');
  await created.waitFor();
  expect(await created.textContent()).toContain(`园区「${zone.name}」已创建`);
  initialPassword = ((await page.locator('[data-testid=initial-password]').textContent()) ?? '').trim();
  expect(initialPassword.length).toBeGreaterThanOrEqual(10);
  await snap(page, 'admin-08-zone-created');
  await dialogOk(page).click();
  const row = page.locator('.ant-table-row', { hasText: zone.code });
  await row.waitFor();
  expect(await row.textContent()).toContain('运行中');

  // Enter the zone with a reason: the acting banner names the zone and the reason.
  await row.locator('button', { hasText: '进入' }).click();
  await page.locator('[data-testid=act-reason]').fill('协助新园区开通账号');
  // The zone is chosen already (entered from its row).
  await page.locator('.ant-modal-wrap:visible .ant-form', { hasText: `${zone.name}（${zone.code}）` }).waitFor();
  await snap(page, 'admin-09-act-as');
  await dialogOk(page).click();
  const banner = page.locator('[data-testid=acting-banner]');
  await banner.waitFor();
  expect(await banner.textContent()).toContain(zone.name);
  expect(await banner.textContent()).toContain('协助新园区开通账号');
  await expectToast(page, `已进入「${zone.name}」`, 'admin-enter-zone-failed');
  await expect(page.locator('[data-testid=zone-name]').textContent()).resolves.toBe(zone.name);
  await menuItem(page, '邀请码').waitFor();
  await snap(page, 'admin-10-acting-home');

  // Invite a grid worker: an 8-character code and its QR code.
  await menuItem(page, '邀请码').click();
  await page.waitForURL(/\/invitations$/);
  await page.locator('.ant-empty-description', { hasText: '还没有邀请码' }).waitFor();
  await snap(page, 'admin-11-invitations-empty');
  await page.locator('[data-testid=invite-create]').click();
  await page.locator('[data-testid=invite-role]').click();
  await option(page, '网格员').click();
  await page.locator('[data-testid=invite-name]').fill('王网格');
  await snap(page, 'admin-12-invite-form');
  await dialogOk(page).click();
  const code = page.locator('[data-testid=invite-code]');
  await code.waitFor();
  inviteCode = ((await code.textContent()) ?? '').trim();
  expect(inviteCode).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
  await page.locator('[data-testid=invite-qr]').waitFor();
  expect(await page.locator('[data-testid=invite-qr]').getAttribute('src')).toMatch(/^data:image\/png;base64,/);
  await snap(page, 'admin-13-invite-code');
  await codeDialogOk(page).click();
  const invRow = page.locator('.ant-table-row', { hasText: inviteCode });
  await invRow.waitFor();
  expect(await invRow.textContent()).toContain('待使用');
  expect(await invRow.textContent()).toContain('网格员');
  await snap(page, 'admin-14-invitations');

  // The audit trail has the invitation, made by the operator acting in the zone.
  await menuItem(page, '操作留痕').click();
  await page.waitForURL(/\/audit$/);
  const entry = page.locator('.ant-table-row', { hasText: '创建邀请码' }).first();
  await entry.waitFor();
  expect(await entry.textContent()).toContain('邀请码');
  expect(await entry.textContent()).toContain('（代行）');
  await entry.click();
  const diff = page.locator('.ant-table-expanded-row:visible').first();
  await diff.waitFor();
  expect(await diff.textContent()).toContain(inviteCode);
  expect(await diff.textContent()).toContain('grid_worker');
  await snap(page, 'admin-15-audit-entry');

  // Verify the chain (校验留痕链): intact.
  await page.locator('[data-testid=audit-verify]').click();
  const result = page.locator('[data-testid=verify-result]');
  await result.waitFor();
  expect(await result.textContent()).toContain('留痕链完整');
  expect(await result.textContent()).toMatch(/已校验 \d+ 条记录/);
  await snap(page, 'admin-16-audit-verified');

  // Stop acting: back to the platform, zone pages gone from the menu.
  await page.locator('[data-testid=stop-acting]').click();
  await page.waitForURL(`${stack.adminUrl}/`);
  await expect(page.locator('[data-testid=acting-banner]').count()).resolves.toBe(0);
  await expect(page.locator('[data-testid=zone-name]').textContent()).resolves.toBe('平台运营');
  expect(await menuItem(page, '邀请码').count()).toBe(0);

  // Sign out from the user menu (with a confirmation).
  await page.locator('[data-testid=user-menu]').click();
  await page.locator('.ant-dropdown:visible .ant-dropdown-menu-item', { hasText: '退出登录' }).click();
  // A click during the dialog's opening animation can be lost on a loaded machine: confirm again while it is open.
  const confirm = page.locator('.ant-modal-confirm:visible .ant-btn-primary');
  await confirm.click();
  for (let i = 0; i < 3 && !/\/login\?reason=signed_out$/.test(page.url()); i++) {
    const left = await page.waitForURL(/\/login\?reason=signed_out$/, { timeout: 8_000 }).then(
      () => true,
      () => false,
    );
    if (!left && (await confirm.count())) await confirm.click().catch(() => undefined);
  }
  await page.waitForURL(/\/login\?reason=signed_out$/);
  await page.locator('.ant-alert', { hasText: '您已安全退出' }).waitFor();
  expect(await page.evaluate(() => localStorage.getItem('yuanan:admin:tokens'))).toBeNull();
});

test('the new zone administrator signs in with the initial password and must change it first', async () => {
  expect(initialPassword).not.toBe('');
  const ctx = await desktop(browser.browser);
  ctx.setDefaultTimeout(20_000);
  const p = await ctx.newPage();
  try {
    await p.goto(`${stack.adminUrl}/login`);
    await signIn(p, zone.code, 'admin', initialPassword);
    await p.waitForURL(/\/change-password/);
    await p.locator('text=请先修改初始密码').waitFor();
    await snap(p, 'admin-17-must-change-password');

    // The password policy's reasons appear on the new-password field.
    await p.locator('[data-testid=pw-current]').fill(initialPassword);
    await p.locator('[data-testid=pw-new]').fill('admin12345');
    await p.locator('[data-testid=pw-confirm]').fill('admin12345');
    await p.locator('[data-testid=pw-submit]').click();
    const fieldError = p.locator('.ant-form-item-has-error .ant-form-item-explain-error', { hasText: '不能包含用户名' });
    await fieldError.waitFor();
    expect(await fieldError.textContent()).toContain('三类');
    await snap(p, 'admin-18-password-policy');

    await p.locator('[data-testid=pw-new]').fill('Jinhua#Safe-2026');
    await p.locator('[data-testid=pw-confirm]').fill('Jinhua#Safe-2026');
    await p.locator('[data-testid=pw-submit]').click();
    await p.waitForURL(`${stack.adminUrl}/`);
    await expect(p.locator('[data-testid=zone-name]').textContent()).resolves.toBe(zone.name);
    await p.locator('h4', { hasText: '园区管理员，您好' }).waitFor();
    // A zone administrator sees the zone's pages, not the platform's.
    await menuItem(p, '邀请码').waitFor();
    expect(await menuItem(p, '园区管理').count()).toBe(0);
    await snap(p, 'admin-19-zone-admin-home');

    // The invitation the operator made is in this zone's list.
    await menuItem(p, '邀请码').click();
    await p.locator('.ant-table-row', { hasText: inviteCode }).waitFor();
    await snap(p, 'admin-20-zone-admin-invitations');

    // The session ends elsewhere (signed out on the server): the next call sends the administrator to sign in,
    // username kept, and back to the page they were opening.
    const stored = await p.evaluate(() => localStorage.getItem('yuanan:admin:tokens'));
    const { accessToken } = JSON.parse(stored ?? '{}') as { accessToken?: string };
    expect(accessToken).toBeTruthy();
    const out = await fetch(`${stack.adminUrl}/api/v1/auth/logout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(out.status).toBe(204);
    await menuItem(p, '用户管理').click();
    await p.waitForURL(/\/login\?next=%2Fusers&reason=expired$/);
    await p.locator('[data-testid=login-expired]', { hasText: '登录已过期' }).waitFor();
    expect(await p.locator('[data-testid=login-zone]').inputValue()).toBe(zone.code);
    expect(await p.locator('[data-testid=login-username]').inputValue()).toBe('admin');
    await snap(p, 'admin-21-session-expired');
    await p.locator('[data-testid=login-password]').fill('Jinhua#Safe-2026');
    await p.locator('[data-testid=login-submit]').click();
    await p.waitForURL(`${stack.adminUrl}/users`);
    await p.locator('.ant-table-row', { hasText: '园区管理员' }).waitFor();
    await snap(p, 'admin-22-back-to-users');
  } finally {
    await ctx.close();
  }
});

test('a zone administrator invites enterprise staff, choosing the enterprise by name', async () => {
  const ctx = await desktop(browser.browser);
  ctx.setDefaultTimeout(20_000);
  const p = await ctx.newPage();
  try {
    await p.goto(`${stack.adminUrl}/invitations`);
    await p.waitForURL(/\/login\?next=%2Finvitations/);
    await signIn(p, 'siqi', 'admin', stack.password);
    await p.waitForURL(`${stack.adminUrl}/invitations`);
    await p.locator('[data-testid=invite-create]').click();
    await p.locator('[data-testid=invite-role]').click();
    await option(p, '企业安全员').click();
    // Enterprise roles need the enterprise: searched on the server by name.
    await p.locator('[data-testid=enterprise-picker]').click();
    await p.keyboard.type('锂电');
    await option(p, '浙江新锐锂电科技有限公司').click();
    await p.locator('[data-testid=invite-name]').fill('周安全');
    await snap(p, 'admin-23-invite-enterprise-staff');
    await dialogOk(p).click();
    const code = ((await p.locator('[data-testid=invite-code]').textContent()) ?? '').trim();
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    await codeDialogOk(p).click();
    const row = p.locator('.ant-table-row', { hasText: code });
    await row.waitFor();
    expect(await row.textContent()).toContain('浙江新锐锂电科技有限公司');
    expect(await row.textContent()).toContain('企业安全员');

    // The users list names the enterprise of enterprise accounts.
    await menuItem(p, '用户管理').click();
    const entAdmin = p.locator('.ant-table-row', { hasText: 'ent-admin' });
    await entAdmin.waitFor();
    await p.locator('.ant-table-row', { hasText: '有限公司' }).first().waitFor();
    await snap(p, 'admin-24-users-with-enterprises');
  } finally {
    await ctx.close();
  }
});
