import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { launchBrowser, phone } from './browser.ts';
import { eventually } from './wait.ts';

/** A phone-sized Chromium page on a running stack's mini-program H5 build, and the helpers every miniapp test uses. */
export interface MiniappSession {
  /** The browser this session launched (or was given); `close()` closes it only when launched here. */
  browser: { browser: Browser; close: () => Promise<void> };
  context: BrowserContext;
  page: Page;
  /** Only what the current page shows: Taro keeps pages it navigated away from in the DOM, hidden. */
  visible(text: string | RegExp, exact?: boolean): Locator;
  /** Waits until `text` is visible on the current page. */
  see(text: string | RegExp, exact?: boolean, timeoutMs?: number): Promise<void>;
  /** Waits for the page route (`/pkg-…/pages/…/index`), then for Taro's page transition to finish. */
  onPage(route: string): Promise<void>;
  /** A value the app keeps in localStorage (`tokens`, `me`, `draft:bind`…), or null. */
  stored<T>(key: string): Promise<T | null>;
  /** The signed-in user's access token, as the app keeps it. */
  token(): Promise<string>;
  close(): Promise<void>;
}

/** The page a sign-in lands on: a role's home or the console pointer. */
const LANDING = /^#\/(pkg-[a-z]+\/pages\/home\/index|pages\/console\/index)/;

/**
 * Opens the mini-program in a phone-sized Chromium (390×844, zh-CN; `timeoutMs` as the default wait when given) and signs
 * `username` of `zone` in with the development login's demo WeChat identity: zone list → the zone → 开发登录 →
 * the user, then waits for the role's home (`timezoneId`: the phone's clock, Asia/Shanghai unless given). `username` null opens nothing (a test of the sign-in itself starts at
 * the zone list). Pass `browser` to open the session as another context of an already launched browser.
 */
export async function miniappSession(
  stack: { h5Url: string },
  zone: string,
  username: string | null,
  opts: { browser?: { browser: Browser; close: () => Promise<void> }; timeoutMs?: number; timezoneId?: string } = {},
): Promise<MiniappSession> {
  const browser = opts.browser ?? (await launchBrowser());
  const context = await phone(browser.browser, { timezoneId: opts.timezoneId });
  if (opts.timeoutMs) context.setDefaultTimeout(opts.timeoutMs);
  const page = await context.newPage();
  const visible = (text: string | RegExp, exact = false): Locator =>
    page.getByText(text, { exact }).filter({ visible: true }).first();
  const s: MiniappSession = {
    browser,
    context,
    page,
    visible,
    async see(text, exact = false, timeoutMs = 15_000) {
      await visible(text, exact).waitFor({ state: 'visible', timeout: timeoutMs });
    },
    async onPage(route) {
      await page.waitForURL((u) => u.hash.startsWith(`#${route}`), { timeout: 15_000 });
      await page.waitForTimeout(450);
    },
    async stored<T>(key: string): Promise<T | null> {
      const raw = await page.evaluate((k) => localStorage.getItem(k), `yuanan:${key}`);
      if (!raw) return null;
      const data = (JSON.parse(raw) as { data: string }).data;
      return data ? (JSON.parse(data) as T) : null;
    },
    async token() {
      const tokens = await s.stored<{ accessToken: string }>('tokens');
      if (!tokens?.accessToken) throw new Error('the mini-program keeps no access token: not signed in');
      return tokens.accessToken;
    },
    async close() {
      await context.close();
      if (!opts.browser) await browser.close();
    },
  };
  if (username) {
    await page.goto(stack.h5Url);
    await s.onPage('/pages/zone/index');
    await page.locator(`.zone-item[data-zone="${zone}"]`).filter({ visible: true }).click();
    await s.onPage('/pages/login/index');
    await page.locator(`.login__demo[data-user="${username}"]`).filter({ visible: true }).click();
    await page.waitForURL((u) => LANDING.test(u.hash), { timeout: 20_000 });
    await page.waitForTimeout(450);
  }
  return s;
}

/** Polls until `read()` returns `want` (then asserts it, so a timeout fails with the last value). */
export async function eventuallyEquals<T>(read: () => Promise<T>, want: T, timeoutMs = 15_000, everyMs = 200): Promise<void> {
  expect(await eventually(read, (v) => v === want, timeoutMs, everyMs)).toBe(want);
}
