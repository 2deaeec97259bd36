/**
 * The whole hazard closed loop across both apps (one real api and worker with the demo zone, two Chromium
 * contexts): enterprise staff report a hazard with a photo in the mini-program (H5 build, phone-sized); then once
 * more without a network — the report and its photo wait on the phone (待同步) and are sent once when the network
 * returns; the safety officer grades the first one in the admin console; the staff submit the rectification with
 * an after-photo from the phone; the officer sees it arrive live and closes it in the admin; the phone shows it
 * closed. Screenshots of each step go to test/artifacts/screenshots (miniapp-hz-*, loop-admin-*).
 */
import sharp from 'sharp';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { expectToast, desktop, shot } from '../support/browser.ts';
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
/** The safety officer's desktop browser, with the admin console. */
let officeContext: BrowserContext;
let office: Page;

beforeAll(async () => {
  stack = await startStack();
}, 120_000);

afterAll(async () => {
  await officeContext?.close();
  await session?.close();
  await stack?.close();
});

/** A picture that looks like a site photo (a switchboard with an open door), as a JPEG. */
function sitePhoto(door: string): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480">
    <rect width="640" height="480" fill="#8a8f94"/><rect y="360" width="640" height="120" fill="#5d6166"/>
    <rect x="200" y="80" width="240" height="300" fill="#d8d4c8" stroke="#333" stroke-width="6"/>
    <rect x="220" y="110" width="200" height="240" fill="${door}"/>
    <path d="M240 150 h160 M240 200 h160 M240 250 h160" stroke="#c0392b" stroke-width="8"/>
    <path d="M300 130 l-30 60 h40 l-30 60" stroke="#f1c40f" stroke-width="10" fill="none"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
}

/** Taps the photo tile: Taro's sheet (拍摄 / 从相册选择), then the browser's file chooser gets the picture. */
async function addPhoto(tile: Locator, name: string, picture: Buffer): Promise<void> {
  await tile.click();
  const chooser = page.waitForEvent('filechooser', { timeout: 10_000 });
  await visible('从相册选择', true).click();
  await (await chooser).setFiles({ name, mimeType: 'image/jpeg', buffer: picture });
}

/** The admin console's success message (antd). */
function adminToast(text: string): Promise<void> {
  return expectToast(office, text, 'miniapp-hz-office-failed');
}
const adminStatus = () => office.locator('[data-testid=hz-head] [data-testid=hz-status]').getAttribute('data-status');

type HazardRow = { id: string; status: string; description: string; photos: unknown[]; afterPhotos: unknown[]; version: number };

test('report in the mini-program (online, then offline and synced once) → grade in the admin → rectify with an after-photo in the mini-program → close in the admin', async () => {
  const broken = await sitePhoto('#2c3e50');
  const fixed = await sitePhoto('#bdc3c7');

  // 1. Sign in as the enterprise's safety staff (demo WeChat identity).
  session = await miniappSession(stack, 'siqi', 'ent-staff');
  ({ context, page, visible, see, onPage, stored } = session);
  officeContext = await desktop(session.browser.browser);
  officeContext.setDefaultTimeout(20_000);
  office = await officeContext.newPage();
  await onPage('/pkg-enterprise/pages/home/index');
  await see('企业安全工作台');
  const token = (await stored<{ accessToken: string }>('tokens'))!.accessToken;
  const hazards = async (q = '') =>
    (await stack.env.req('GET', `/api/v1/hazards?pageSize=100${q}`, { token })).body.items as HazardRow[];

  // 2. Report: photo, category, a sentence. Online: straight to the new hazard.
  const started = Date.now();
  await visible('隐患上报', true).click();
  await onPage('/pkg-hazard/pages/report/index');
  await see('来源：企业自查');
  await see('义乌市恒达五金制品有限公司');
  await addPhoto(page.locator('.report__photos .photos__add').filter({ visible: true }), '配电箱.jpg', broken);
  await page.locator('.report__photos .photos__img').filter({ visible: true }).first().waitFor();
  await visible('电气', true).click();
  await page.locator('.report__description textarea').filter({ visible: true }).fill('二号车间配电箱门未关，线路裸露');
  await page.locator('.report__place input').filter({ visible: true }).fill('二号车间东侧');
  await shot(page, 'miniapp-hz-01-report');
  await visible('提交上报', true).click();
  await onPage('/pkg-hazard/pages/detail/index');
  await see('二号车间配电箱门未关，线路裸露');
  await see('待确认', true);
  await see('现场照片（1）');
  const seconds = Math.round((Date.now() - started) / 1000);
  expect(seconds).toBeLessThan(60);
  await shot(page, 'miniapp-hz-02-detail-reported');
  const first = (await hazards()).filter((h) => h.description === '二号车间配电箱门未关，线路裸露');
  expect(first).toHaveLength(1);
  expect(first[0]).toMatchObject({ status: 'reported' });
  expect(first[0]!.photos).toHaveLength(1);

  // 3. The same without a network: kept on the phone with its photo, shown as 待同步.
  await page.evaluate(() => window.history.back());
  await onPage('/pkg-enterprise/pages/home/index');
  await visible('隐患上报', true).click();
  await onPage('/pkg-hazard/pages/report/index');
  await addPhoto(page.locator('.report__photos .photos__add').filter({ visible: true }), '通道.jpg', broken);
  await page.locator('.report__photos .photos__img').filter({ visible: true }).first().waitFor();
  await visible('消防', true).click();
  await page.locator('.report__description textarea').filter({ visible: true }).fill('成品仓库消防通道堆放纸箱');
  await context.setOffline(true);
  await visible('提交上报', true).click();
  await see('已保存，待同步');
  await page.waitForTimeout(400); // the modal's fade-in
  await shot(page, 'miniapp-hz-03-offline-saved');
  await visible('知道了', true).click();
  await onPage('/pkg-hazard/pages/list/index');
  await see(/待同步 1 条/);
  await see('成品仓库消防通道堆放纸箱');
  await see('联网后自动上报');
  await shot(page, 'miniapp-hz-04-offline-pending');
  expect((await hazards()).filter((h) => h.description === '成品仓库消防通道堆放纸箱')).toHaveLength(0);

  // 4. Back online: sent by itself, once.
  await context.setOffline(false);
  await eventuallyEquals(async () => (await hazards()).filter((h) => h.description === '成品仓库消防通道堆放纸箱').length, 1);
  await page
    .getByText(/待同步/)
    .filter({ visible: true })
    .first()
    .waitFor({ state: 'hidden', timeout: 15_000 });
  await see('已同步 1 条').catch(() => undefined); // the toast may already be gone
  await page
    .locator('.hazard-card')
    .filter({ visible: true })
    .filter({ hasText: '成品仓库消防通道堆放纸箱' })
    .getByText('待确认')
    .waitFor();
  await shot(page, 'miniapp-hz-05-synced');
  // a second flush (coming back to the foreground, another network event) sends nothing again
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await page.waitForTimeout(1000);
  const offlineOne = (await hazards()).filter((h) => h.description === '成品仓库消防通道堆放纸箱');
  expect(offlineOne).toHaveLength(1);
  expect(offlineOne[0]!.photos).toHaveLength(1);
  expect(await stored('outbox:siqi:' + (await stored<{ id: string }>('me'))!.id)).toBeNull();

  // 5. The safety officer grades the first one in the admin console: found in the ledger, 一般隐患, the
  //    default deadline, the enterprise's principal offered as the responsible person (changed here).
  const reported = first[0]!;
  await office.goto(`${stack.adminUrl}/login`);
  await office.locator('[data-testid=login-zone]').fill('siqi');
  await office.locator('[data-testid=login-username]').fill('safety');
  await office.locator('[data-testid=login-password]').fill(stack.password);
  await office.locator('[data-testid=login-submit]').click();
  await office.locator('[data-testid=side-menu] .ant-menu-item', { hasText: '隐患台账' }).click();
  await office.waitForURL(/\/hazards$/);
  const row = office.locator('[data-testid=hz-table] .ant-table-row', { hasText: '二号车间配电箱门未关，线路裸露' });
  await row.waitFor();
  expect(await row.locator('[data-testid=hz-status]').textContent()).toBe('待确认');
  await row.locator('[data-testid=hz-link]').click();
  await office.waitForURL(new RegExp(`/hazards/${reported.id}$`));
  await office.locator('[data-testid=hz-photos] img').first().waitFor();
  await office.locator('[data-testid=hz-action-confirm]').click();
  const dialog = office.locator('.ant-modal-wrap:visible');
  await dialog.locator('[data-testid=hz-grade] label', { hasText: '一般隐患' }).click();
  await dialog.locator('[data-testid=hz-responsible]').fill('王立新');
  await shot(office, 'loop-admin-01-grade');
  await dialog.locator('[data-testid=hz-action-ok]').click();
  await adminToast('确认定级：已完成');
  await eventuallyEquals(adminStatus, 'confirmed');
  const graded = await stack.env.req('GET', `/api/v1/hazards/${reported.id}`, { token });
  expect(graded.body).toMatchObject({ status: 'confirmed', grade: 'general', treatment: 'deadline', responsibleName: '王立新' });
  const daysLeft = Math.round(
    (Date.parse(`${graded.body.deadlineDate}T00:00:00Z`) - Date.parse(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`)) /
      86_400_000,
  );
  expect(daysLeft).toBeGreaterThan(0);

  // 6. Staff open it from the list: confirmed, with its deadline and the 提交整改 button.
  await page.locator('.hazard-card').filter({ visible: true }).filter({ hasText: '二号车间配电箱门未关' }).click();
  await onPage('/pkg-hazard/pages/detail/index');
  await see('已确认', true);
  await see('王立新');
  await see(new RegExp(`剩 (${daysLeft}|${daysLeft - 1}) 天`));
  await see('确认定级');
  await shot(page, 'miniapp-hz-06-detail-confirmed');

  // 7. Rectification with an after-photo and the measures.
  await page.locator('.hz-action--submit').filter({ visible: true }).click();
  await onPage('/pkg-hazard/pages/action/index');
  await see('整改后照片 *');
  await addPhoto(page.locator('.photos__add').filter({ visible: true }), '整改后.jpg', fixed);
  await page.locator('.photos__img').filter({ visible: true }).first().waitFor();
  await page.locator('.hz-act__measures textarea').filter({ visible: true }).fill('已关闭配电箱门并加锁，裸露线路已穿管敷设');
  await page.locator('.hz-act__cost input').filter({ visible: true }).fill('180');
  await shot(page, 'miniapp-hz-07-rectify');
  await page.locator('.hz-act__submit').filter({ visible: true }).click();
  await onPage('/pkg-hazard/pages/detail/index');
  await see('待复核', true);
  await see('整改情况');
  await see('已关闭配电箱门并加锁，裸露线路已穿管敷设');
  await shot(page, 'miniapp-hz-08-pending-review');
  await page.locator('.hz-timeline').filter({ visible: true }).scrollIntoViewIfNeeded();
  await page.waitForTimeout(300);
  await shot(page, 'miniapp-hz-09-timeline');

  // 8. The server agrees: pending review, with the after-photo, the measures and the cost.
  const after = await stack.env.req('GET', `/api/v1/hazards/${reported.id}`, { token });
  expect(after.body).toMatchObject({ status: 'pending_review', measures: '已关闭配电箱门并加锁，裸露线路已穿管敷设', cost: 180 });
  expect(after.body.afterPhotos).toHaveLength(1);
  expect((after.body.events as Array<{ action: string }>).map((e) => e.action)).toEqual(['report', 'confirm', 'submit']);

  // 9. The officer's open page follows live (待复核, the after-photo); the review passes and the loop closes.
  await office.locator('[data-testid=hz-action-approve]').waitFor();
  await office.locator('[data-testid=hz-after-photos] img').first().waitFor();
  expect(await office.locator('body').textContent()).toContain('已关闭配电箱门并加锁');
  await office.locator('[data-testid=hz-action-approve]').click();
  await office.locator('.ant-modal-wrap:visible [data-testid=hz-comment]').fill('现场复核，整改到位');
  await office.locator('.ant-modal-wrap:visible [data-testid=hz-action-ok]').click();
  await adminToast('复核通过：已完成');
  await eventuallyEquals(adminStatus, 'closed');
  await shot(office, 'loop-admin-02-closed');

  // 10. The phone shows it closed, with the review on its timeline.
  await page.reload();
  await onPage('/pkg-hazard/pages/detail/index');
  await see('已闭环', true);
  await see('现场复核，整改到位');
  await shot(page, 'miniapp-hz-10-closed');
  const closed = await stack.env.req('GET', `/api/v1/hazards/${reported.id}`, { token });
  expect(closed.body.status).toBe('closed');
  expect((closed.body.events as Array<{ action: string }>).map((e) => e.action)).toEqual([
    'report',
    'confirm',
    'submit',
    'approve',
  ]);
});
