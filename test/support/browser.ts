import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

export const ARTIFACTS = join(import.meta.dirname, '..', 'artifacts');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Debian's Chromium, headless, with the flags this machine needs (no background networking). Playwright gives
 * each launch a fresh temporary profile (it refuses --user-data-dir in args).
 */
export async function launchBrowser(): Promise<{ browser: Browser; close: () => Promise<void> }> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  return {
    browser,
    close: () => browser.close(),
  };
}

/**
 * Keeps every antd message notice the page shows (`window.__toasts`, the elements themselves): a message vanishes
 * after three seconds, and on a loaded machine a test can look after it has gone.
 */
const TOAST_RECORDER = `(() => {
  const seen = (window.__toasts = []);
  new MutationObserver((changes) => {
    for (const c of changes)
      for (const n of c.addedNodes) {
        if (n.nodeType !== 1) continue;
        if (n.matches('.ant-message-notice')) seen.push(n);
        else for (const el of n.querySelectorAll('.ant-message-notice')) seen.push(el);
      }
  }).observe(document, { childList: true, subtree: true });
})();`;

/**
 * A desktop console window in Chinese, recording the messages it shows (`expectToast`). The browser's clock is
 * Shanghai's unless `timezoneId` says otherwise (the console shows times on the zone's clock either way).
 */
export async function desktop(browser: Browser, timezoneId = 'Asia/Shanghai'): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
    timezoneId,
    // The console turns antd's motion off for people who ask for less motion: a dropdown or drawer is where it
    // will stay the moment it shows, so a click under load is not lost to an element still sliding in.
    reducedMotion: 'reduce',
  });
  await context.addInitScript(TOAST_RECORDER);
  return context;
}

/**
 * Waits until the page has shown a message containing `text` that no earlier call matched (shown now or already
 * gone), and marks it matched. An error message shown meanwhile, or none within `timeoutMs`, fails with every
 * message the page showed and a screenshot `<failShot>.png`. Needs a context made by `desktop()`.
 */
export async function expectToast(page: Page, text: string, failShot = 'toast-missing', timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const r = await page.evaluate((want) => {
      const all = ((window as unknown as { __toasts?: Array<HTMLElement & { matched?: boolean }> }).__toasts ?? []).filter(
        (el) => !el.matched,
      );
      const hit = all.find((el) => (el.textContent ?? '').includes(want));
      if (hit) hit.matched = true;
      return {
        hit: !!hit,
        errors: all
          .filter((el) => el.matches('[class*=notice-error]') || el.querySelector('.ant-message-error, [class*=icon-error]'))
          .map((el) => el.textContent ?? ''),
        shown: all.map((el) => el.textContent ?? ''),
      };
    }, text);
    if (r.hit) return;
    if (r.errors.length || Date.now() > until) {
      await shot(page, failShot);
      const forms = await page.locator('.ant-form-item-explain-error, .ant-alert').allTextContents();
      throw new Error(`no message "${text}"; the page showed: ${JSON.stringify([...r.shown, ...forms])}`);
    }
    await page.waitForTimeout(200);
  }
}

/**
 * Closes the notification cards at the bottom right. A critical notice (a new incident, an overdue loan, a major
 * hazard) stays until closed, as it should for a user, and sits over whatever is under it: a select's options, a
 * dialog's buttons. A fresh-clone run lost a test to one arriving from the worker mid-click.
 */
export async function dismissNotices(p: Page): Promise<void> {
  for (const x of await p.locator('.ant-notification-notice-close').all()) await x.click().catch(() => undefined);
  await p
    .locator('.ant-notification-notice')
    .first()
    .waitFor({ state: 'detached', timeout: 5000 })
    .catch(() => undefined);
}

/**
 * Picks an option of an antd Select (its dropdown is portalled to the body), typing `typed` first when given; any
 * notification card over the dropdown is closed first.
 */
export async function chooseOption(p: Page, select: Locator, option: string, typed?: string): Promise<void> {
  await dismissNotices(p);
  await select.click();
  if (typed) await select.locator('input').fill(typed);
  const opt = p.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first();
  await opt.waitFor();
  await dismissNotices(p);
  await opt.click();
}

/** A phone-sized window like WeChat's (iPhone 12-ish), for the mini-program H5 build. */
export function phone(browser: Browser, opts: { timezoneId?: string } = {}): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: opts.timezoneId ?? 'Asia/Shanghai',
    userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
  });
}

/** Saves a screenshot under test/artifacts/screenshots (look at them: they are part of the review). */
export async function shot(page: Page, name: string): Promise<string> {
  const dir = join(ARTIFACTS, 'screenshots');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false, timeout: 90_000 });
  return file;
}

/** Lets antd's open / close animations finish, then saves the screenshot (`shot`). */
export async function snap(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(450);
  await shot(page, name);
}

/**
 * Signs in to the admin console at `adminUrl` and waits for the side menu (the console is ready). For a login
 * that is expected to fail, fill the form by hand.
 */
export async function signInAdmin(page: Page, adminUrl: string, zone: string, username: string, password: string): Promise<void> {
  await page.goto(`${adminUrl}/login`);
  await page.locator('[data-testid=login-zone]').fill(zone);
  await page.locator('[data-testid=login-username]').fill(username);
  await page.locator('[data-testid=login-password]').fill(password);
  await page.locator('[data-testid=login-submit]').click();
  await page.locator('[data-testid=side-menu]').waitFor();
}

/** A desktop browser signed in to a running stack's admin console; close the context and the browser after. */
export interface AdminSession {
  browser: { browser: Browser; close: () => Promise<void> };
  context: BrowserContext;
  page: Page;
}

/**
 * Launches Chromium, opens a desktop window with `timeoutMs` as its default wait (generous: the suites share a
 * 2-core machine) and signs `username` of `zone` in to the admin console of `stack`.
 */
export async function adminSession(
  stack: { adminUrl: string; password: string },
  username: string,
  timeoutMs = 20_000,
  zone = 'siqi',
): Promise<AdminSession> {
  const browser = await launchBrowser();
  const context = await desktop(browser.browser);
  context.setDefaultTimeout(timeoutMs);
  const page = await context.newPage();
  await signInAdmin(page, stack.adminUrl, zone, username, stack.password);
  return { browser, context, page };
}
