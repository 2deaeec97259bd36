/**
 * The mini-program's H5 build in a phone-sized Chromium against the real api: choose the zone, sign in with a new
 * development WeChat identity, bind with an invitation code (a wrong code first), land on the role's home, move
 * between pages and subpackages, read notifications (also offline, replayed when the network returns), and come
 * back to sign-in when the session is revoked. Screenshots of each step go to test/artifacts/screenshots.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { runInScope } from '../../api/src/core/context/request-scope.ts';
import { tenantEm } from '../../api/src/core/db/orm.ts';
import { shot } from '../support/browser.ts';
import { eventuallyEquals, miniappSession, type MiniappSession } from '../support/miniapp.ts';
import { startStack, type Stack } from '../support/stack.ts';

let stack: Stack;
let session: MiniappSession;
let context: BrowserContext;
let page: Page;
let visible: MiniappSession['visible'];
let see: MiniappSession['see'];
let onPage: MiniappSession['onPage'];
let stored: MiniappSession['stored'];

beforeAll(async () => {
  stack = await startStack();
  // No sign-in here: the test walks it (zone list, a new WeChat identity, binding by invitation).
  session = await miniappSession(stack, 'siqi', null);
  ({ context, page, visible, see, onPage, stored } = session);
}, 120_000);

afterAll(async () => {
  await session?.close();
  await stack?.close();
});

async function notSee(text: string): Promise<void> {
  expect(await page.getByText(text, { exact: true }).filter({ visible: true }).count()).toBe(0);
}

async function adminToken(): Promise<string> {
  const r = await stack.env.req('POST', '/api/v1/auth/login', {
    body: { tenant: 'siqi', username: 'admin', password: stack.password },
  });
  expect(r.status).toBe(200);
  return r.body.accessToken as string;
}

/** A notification for a user, made the way the server's own jobs make them. */
async function notify(tenantId: string, userId: string, title: string, body: string, severity: 'info' | 'warning' | 'critical') {
  const em = tenantEm(stack.env.api.c.orm, tenantId);
  await runInScope({ requestId: 'test', tenantId, em, actor: null, ip: null, userAgent: 'test', action: 'test.notify' }, () =>
    stack.env.api.services.notifications.notify(em, {
      userIds: [userId],
      kind: 'test',
      title,
      body,
      severity,
      dedupeKey: `test:${title}`,
    }),
  );
}

test('runs on Node 24', () => {
  expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(22);
});

test('zone → development WeChat login → bind by invitation (wrong code, then offline, then retry) → grid worker home → profile → subpackages → offline read → expired session', async () => {
  const admin = await adminToken();
  const inv = await stack.env.req('POST', '/api/v1/invitations', {
    token: admin,
    body: { role: 'grid_worker', name: '王网格', phone: '13812345678' },
  });
  expect(inv.status).toBe(201);
  const code = inv.body.code as string;
  expect(code).toMatch(/^[A-Z2-9]{8}$/);

  // 1. First launch: choose the zone from the public list.
  await page.goto(stack.h5Url);
  await onPage('/pages/zone/index');
  await see('请选择您所在的园区');
  await see('苏溪工业功能区');
  await shot(page, 'miniapp-01-zone');
  await visible('开发区四期', true).click();

  // 2. Sign-in: the browser has no WeChat, the development login is offered.
  await onPage('/pages/login/index');
  await see('以新微信身份登录');
  await see('当前园区');
  await shot(page, 'miniapp-02-login');
  await visible('以新微信身份登录').click();

  // 3. The new identity is unbound: bind with an invitation code. A wrong one first.
  await onPage('/pages/bind/index');
  await see('绑定园区账号');
  await see('尚未绑定「开发区四期」的账号');
  await shot(page, 'miniapp-03-bind');
  const codeInput = page.locator('.bind__code input').filter({ visible: true });
  const nameInput = page.locator('.bind__name input').filter({ visible: true });
  await codeInput.fill('abcd2345');
  await nameInput.fill('王网格');
  await visible('绑定并登录').click();
  await see('邀请码无效或已过期');
  expect(await codeInput.inputValue()).toBe('ABCD2345'); // kept (and upper-cased), not cleared
  expect(await nameInput.inputValue()).toBe('王网格');
  expect(new URL(page.url()).hash).toBe('#/pages/bind/index');
  await shot(page, 'miniapp-04-bind-wrong-code');

  // The form is a draft: closing and reopening the app keeps what was typed.
  await page.reload();
  await onPage('/pages/bind/index');
  await see('绑定园区账号');
  expect(await codeInput.inputValue()).toBe('ABCD2345');
  expect(await nameInput.inputValue()).toBe('王网格');

  // No network while binding: a clear message, the code stays, and "重试" finishes the job once it is back.
  await codeInput.fill(code.toLowerCase());
  await context.setOffline(true);
  await visible('绑定并登录').click();
  await see('网络连接失败，邀请码和姓名已保存在本机');
  await see('网络不可用'); // the modal offering 重试
  expect(await codeInput.inputValue()).toBe(code);
  await shot(page, 'miniapp-05-bind-offline');
  await context.setOffline(false);
  await visible('重试', true).click();

  // 4. Bound: the grid worker's home (in its subpackage).
  await onPage('/pkg-grid/pages/home/index');
  await see('网格巡查工作台');
  await see('网格员', true);
  await see(/王网格/);
  await see('暂无消息');
  await shot(page, 'miniapp-06-grid-home');
  const me = await stored<{ id: string; tenant: { id: string; code: string }; role: string }>('me');
  expect(me?.role).toBe('grid_worker');
  expect(me?.tenant.code).toBe('siqi');
  const tokens = await stored<{ accessToken: string }>('tokens');
  expect(tokens?.accessToken).toBeTruthy();
  expect(await stored('draft:bind')).toBeNull(); // the draft is gone once bound

  // Real data for the message pages: two notifications made on the server.
  await notify(me!.tenant.id, me!.id, '隐患整改即将到期', '义乌市恒达五金制品有限公司的配电箱隐患将于明天到期。', 'warning');
  await notify(me!.tenant.id, me!.id, '本周巡查计划已下发', '请在周五前完成第一网格 6 家企业的巡查。', 'info');

  // 5. Home → 我的 (main package): the content and the URL change.
  await page.locator('.tab-bar__item[data-tab="profile"]').filter({ visible: true }).click();
  await onPage('/pages/profile/index');
  await see('账号信息');
  await see('所在园区');
  await see('开发区四期', true);
  await see('138****5678');
  await notSee('网格巡查工作台');
  expect(await page.getByText('13812345678').count()).toBe(0); // the phone is masked
  await shot(page, 'miniapp-07-profile');

  // 6. 我的 → 消息 (grid subpackage): the two notifications, newest first.
  await page.locator('.tab-bar__item[data-tab="messages"]').filter({ visible: true }).click();
  await onPage('/pkg-grid/pages/notifications/index');
  await see('本周巡查计划已下发');
  await see('隐患整改即将到期');
  await see('共 2 条，2 条未读');
  await notSee('账号信息');
  await shot(page, 'miniapp-08-messages');
  await visible('本周巡查计划已下发').click();
  await see('共 2 条，1 条未读');
  const api = (path: string) => stack.env.req('GET', path, { token: tokens!.accessToken });
  const unread = async () => (await api('/api/v1/notifications')).body.unread as number;
  await eventuallyEquals(unread, 1);

  // 7. Offline: reading a message waits in the queue ("待同步 1 条") and is sent when the network returns.
  await context.setOffline(true);
  await visible('隐患整改即将到期').click();
  await see('网络已断开');
  await see(/待同步 1 条/);
  await shot(page, 'miniapp-09-offline-pending');
  expect((await api('/api/v1/notifications')).body.unread).toBe(1);
  await context.setOffline(false);
  await eventuallyEquals(unread, 0, 15_000);
  await page
    .getByText(/待同步/)
    .filter({ visible: true })
    .waitFor({ state: 'hidden', timeout: 15_000 });

  // 8. 消息 → 首页 → 园区网格 (a subpackage page with the zone's grids from the api).
  await page.locator('.tab-bar__item[data-tab="home"]').filter({ visible: true }).click();
  await onPage('/pkg-grid/pages/home/index');
  await see('网格巡查工作台');
  await see('本周巡查计划已下发'); // latest messages on the home
  await visible('园区网格', true).click();
  await onPage('/pkg-grid/pages/grids/index');
  await see('共 3 个网格');
  await see('第一网格（高新路以北）');
  await see('第三网格（物流片区）');
  await shot(page, 'miniapp-10-grids');

  // 9. The session is revoked on the server: the app goes back to sign-in and says why.
  const sessions = await api('/api/v1/me/sessions');
  const current = (sessions.body as Array<{ id: string; current: boolean }>).find((s) => s.current)!;
  expect((await stack.env.req('DELETE', `/api/v1/me/sessions/${current.id}`, { token: tokens!.accessToken })).status).toBe(204);
  await page.evaluate(() => window.history.back());
  await onPage('/pages/login/index');
  await see('该会话已退出，请重新登录');
  await shot(page, 'miniapp-11-session-expired');

  // 10. A demo identity (pre-bound by the seed) signs in to the enterprise home with its enterprise's name.
  await visible('企业安全员', true).click();
  await onPage('/pkg-enterprise/pages/home/index');
  await see('企业安全工作台');
  await see('义乌市恒达五金制品有限公司');
  await shot(page, 'miniapp-12-enterprise-home');
});
