/**
 * The hazard closed loop in the mini-program (H5 build, phone-sized Chromium, real api with the demo zone):
 * enterprise staff report a hazard with a photo taken through the page; then once more without a network — the
 * report and its photo wait on the phone (待同步) and are sent once when the network returns; a safety officer
 * confirms it (through the api here: the admin console's part is tested there); the staff submit the
 * rectification with an after-photo from the phone and the hazard is pending review on the server.
 * Screenshots of each step go to test/artifacts/screenshots.
 */
import sharp from 'sharp';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { launchBrowser, phone, shot } from '../support/browser.ts';
import { startStack, type Stack } from '../support/stack.ts';

let stack: Stack;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  stack = await startStack();
  browser = await launchBrowser();
  context = await phone(browser.browser);
  page = await context.newPage();
}, 120_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await stack?.close();
});

function visible(text: string | RegExp, exact = false): Locator {
  return page.getByText(text, { exact }).filter({ visible: true }).first();
}
async function see(text: string | RegExp, exact = false, timeout = 15_000): Promise<void> {
  await visible(text, exact).waitFor({ state: 'visible', timeout });
}
async function onPage(route: string): Promise<void> {
  await page.waitForURL((u) => u.hash.startsWith(`#${route}`), { timeout: 15_000 });
  await page.waitForTimeout(450);
}
async function stored<T>(key: string): Promise<T | null> {
  const raw = await page.evaluate((k) => localStorage.getItem(k), `yuanan:${key}`);
  if (!raw) return null;
  const data = (JSON.parse(raw) as { data: string }).data;
  return data ? (JSON.parse(data) as T) : null;
}
async function eventually<T>(read: () => Promise<T>, want: T, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last = await read();
  while (last !== want && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 250));
    last = await read();
  }
  expect(last).toBe(want);
}

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

type HazardRow = { id: string; status: string; description: string; photos: unknown[]; afterPhotos: unknown[]; version: number };

test('enterprise staff: report with a photo → report offline (待同步) → synced once → confirmed by the safety office → rectification with an after-photo → pending review', async () => {
  const broken = await sitePhoto('#2c3e50');
  const fixed = await sitePhoto('#bdc3c7');

  // 1. Sign in as the enterprise's safety staff (demo WeChat identity).
  await page.goto(stack.h5Url);
  await onPage('/pages/zone/index');
  await visible('开发区四期', true).click();
  await onPage('/pages/login/index');
  await page.locator('.login__demo[data-user="ent-staff"]').filter({ visible: true }).click();
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
  await eventually(async () => (await hazards()).filter((h) => h.description === '成品仓库消防通道堆放纸箱').length, 1);
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

  // 5. The safety office confirms the first one (grade, deadline, responsible person) — via the api here.
  const officer = await stack.env.req('POST', '/api/v1/auth/login', {
    body: { tenant: 'siqi', username: 'safety', password: stack.password },
  });
  expect(officer.status).toBe(200);
  const reported = first[0]!;
  const detail = await stack.env.req('GET', `/api/v1/hazards/${reported.id}`, { token: officer.body.accessToken });
  const deadline = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
  const confirmed = await stack.env.req('POST', `/api/v1/hazards/${reported.id}/transitions`, {
    token: officer.body.accessToken,
    body: {
      action: 'confirm',
      version: detail.body.version,
      grade: 'general',
      treatment: 'deadline',
      deadline,
      responsibleName: '王立新',
    },
  });
  expect(confirmed.status).toBe(200);
  expect(confirmed.body.status).toBe('confirmed');

  // 6. Staff open it from the list: confirmed, with its deadline and the 提交整改 button.
  await page.locator('.hazard-card').filter({ visible: true }).filter({ hasText: '二号车间配电箱门未关' }).click();
  await onPage('/pkg-hazard/pages/detail/index');
  await see('已确认', true);
  await see('王立新');
  await see(/剩 7 天/);
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
});
