/**
 * The law library in the admin console, end to end (real api and worker with the demo zone; the platform library
 * imported from ../shared/regulations): the safety officer looks up the article on risk grading and hazard
 * investigation in ONE search (《安全生产法》第四十一条 among the first five hits), opens it in the reader (at its
 * anchor `#art-41`), grades a hazard the grid worker reported and cites that article with the picker in the grading
 * dialog; the hazard's detail shows the citation as a link to the article's permalink with the article's text on
 * hover; the rectification notice (.docx) names it under 依据 and quotes the article in full (read back from the
 * file); the link opens the reader at the article.
 *
 * Screenshots: test/artifacts/screenshots/admin-laws-*.png.
 */
import mammoth from 'mammoth';
import type { BrowserContext, Page } from 'playwright-core';
import { adminSession, expectToast, snap, type AdminSession } from '../support/browser.ts';
import { startStack, type Stack } from '../support/stack.ts';
import { eventually } from '../support/wait.ts';

let stack: Stack;
let browser: AdminSession['browser'];
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  stack = await startStack();
  ({ browser, context, page } = await adminSession(stack, 'safety'));
}, 180_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await stack?.close();
});

type Body = Record<string, any>;
async function api(method: string, path: string, username: string, body?: unknown): Promise<Body> {
  const r = await stack.env.req(method as 'GET', `/api/v1${path}`, { token: await stack.token(username), body });
  if (r.status < 200 || r.status > 299) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as Body;
}

/** Whether the element lies inside the 目录's scrolling box (the reader's tree of chapters and articles). */
async function inTocBox(p: Page, selector: string): Promise<boolean> {
  const el = await p.locator(selector).boundingBox();
  const box = await p.locator('.law-toc-card .ant-card-body').boundingBox();
  return !!el && !!box && el.y >= box.y && el.y + el.height <= box.y + box.height;
}

/** Whether the element's top is on screen (below the console's header, above the window's bottom). */
async function inView(p: Page, selector: string): Promise<boolean> {
  const box = await p.locator(selector).boundingBox();
  const height = p.viewportSize()!.height;
  return !!box && box.y >= 0 && box.y < height - 60;
}

test('one search → the article in the reader → cited when grading a hazard → link with the text on hover → quoted in the notice', async () => {
  // A hazard the grid worker reported at the demo enterprise, waiting for the office.
  const me = await api('GET', '/me', 'ent-admin');
  const h = await api('POST', '/hazards', 'grid1', {
    enterpriseId: me.enterpriseId,
    source: 'grid_patrol',
    categoryCode: 'fire',
    description: '仓库未开展风险辨识，隐患排查记录缺失',
    place: '成品仓库',
  });

  // 1. One search: 《安全生产法》第四十一条 among the first five hits.
  await page.goto(`${stack.adminUrl}/laws`);
  const box = page.locator('input[data-testid=law-search-input], [data-testid=law-search-input] input').first();
  await box.fill('安全风险分级管控 隐患排查治理');
  await page.locator('[data-testid=law-search-submit]').click();
  const hits = page.locator('[data-testid=law-hit]');
  await hits.first().waitFor();
  const top = await hits.evaluateAll((els) =>
    els.slice(0, 5).map((e) => ({
      key: e.getAttribute('data-article-key'),
      version: e.getAttribute('data-version-id'),
      text: e.textContent ?? '',
    })),
  );
  const i = top.findIndex((t) => t.key === '41' && t.text.includes('中华人民共和国安全生产法'));
  expect(i).toBeGreaterThanOrEqual(0);
  const versionId = top[i]!.version!;
  expect(await hits.nth(i).locator('mark').count()).toBeGreaterThan(0);
  await snap(page, 'admin-laws-01-search');

  // 2. Open it: the reader at the article's anchor, the article on screen.
  await hits.nth(i).locator('[data-testid=law-hit-open]').click();
  await page.waitForURL((u) => u.pathname === `/laws/read/${versionId}` && u.hash === '#art-41');
  const article = page.locator('[data-testid=law-article][data-key="41"]');
  await article.waitFor();
  expect(await article.getAttribute('id')).toBe('art-41');
  expect(await article.innerText()).toContain('生产经营单位应当建立安全风险分级管控制度');
  expect(
    await eventually(
      () => inView(page, '[data-testid=law-article][data-key="41"]'),
      (v) => v,
      5000,
    ),
  ).toBe(true);
  // The 目录 selects the same article and shows it inside its scrolling box (its chapter is opened for it first).
  const tocSelected = '[data-testid=law-toc] .ant-tree-node-selected [data-toc-key]';
  expect(
    await eventually(
      () => page.locator(tocSelected).getAttribute('data-toc-key'),
      (k) => k === '41',
      5000,
    ),
  ).toBe('41');
  expect(
    await eventually(
      () => inTocBox(page, tocSelected),
      (v) => v,
      5000,
    ),
  ).toBe(true);
  await snap(page, 'admin-laws-02-reader');

  // 3. Grade the hazard and cite the article with the picker (search inside the dialog, pick the hit).
  await page.goto(`${stack.adminUrl}/hazards/${h.id as string}`);
  await page.locator('[data-testid=hz-action-confirm]').click();
  const dialog = page.locator('.ant-modal-wrap:visible');
  await dialog.locator('[data-testid=hz-grade] label', { hasText: '一般隐患' }).click();
  if (!(await dialog.locator('[data-testid=hz-responsible]').inputValue()))
    await dialog.locator('[data-testid=hz-responsible]').fill('王立新');
  const picker = dialog.locator('[data-testid=hz-citations-search]');
  await picker.click();
  await page.keyboard.type('安全风险分级管控');
  const option = page
    .locator('[data-testid=law-citation-option]:visible', { hasText: '《中华人民共和国安全生产法》第四十一条' })
    .first();
  await option.waitFor();
  await option.click();
  const chip = dialog.locator('[data-testid=law-citation-chip]', { hasText: '第四十一条' });
  await chip.waitFor();
  await snap(page, 'admin-laws-03-cite-in-grading');
  await dialog.locator('[data-testid=hz-action-ok]').click();
  await expectToast(page, '确认定级：已完成', 'admin-laws-failed');

  // The api stored the reference (version + article) and resolves it in force.
  const graded = await api('GET', `/hazards/${h.id as string}`, 'safety');
  expect(graded.status).toBe('confirmed');
  expect(graded.citations).toEqual([
    expect.objectContaining({ versionId, articleKey: '41', state: 'in_force', articleLabel: '第四十一条', exists: true }),
  ]);

  // 4. The detail: a link to the permalink, the article's text on hover.
  const link = page.locator('[data-testid=hz-citations] [data-testid=law-citation-link]', { hasText: '第四十一条' });
  await link.waitFor();
  expect(await link.innerText()).toBe('《中华人民共和国安全生产法》第四十一条');
  expect(await link.getAttribute('href')).toBe(`/laws/read/${versionId}#art-41`);
  await link.hover();
  const card = page.locator('[data-testid=law-citation-card]:visible');
  await card.waitFor();
  expect(await card.innerText()).toContain('安全风险分级管控制度');
  await snap(page, 'admin-laws-04-hazard-citation-hover');

  // 5. The rectification notice quotes the article (read back from the .docx).
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=hz-notice]').click()]);
  expect(download.suggestedFilename()).toMatch(/\.docx$/);
  const { readFile } = await import('node:fs/promises');
  const { value: text } = await mammoth.extractRawText({ buffer: await readFile((await download.path())!) });
  const flat = text.replace(/\s+/g, '');
  expect(flat).toContain('依据条文');
  expect(flat).toContain('《中华人民共和国安全生产法》第四十一条');
  const art = await api('GET', `/laws/versions/${versionId}/articles/41`, 'safety');
  // every paragraph of the article, in full
  for (const p of art.article.paragraphs as Array<{ text: string }>) expect(flat).toContain(p.text.replace(/\s+/g, ''));

  // 6. The link opens the reader at the article.
  await page.mouse.move(0, 0);
  await link.click();
  await page.waitForURL((u) => u.pathname === `/laws/read/${versionId}` && u.hash === '#art-41');
  await article.waitFor();
  expect(
    await eventually(
      () => inView(page, '[data-testid=law-article][data-key="41"]'),
      (v) => v,
      5000,
    ),
  ).toBe(true);
  await snap(page, 'admin-laws-05-permalink');
});

test('the reader as of a date (status tag and version switcher), the read version’s own document number, and a superseded article warned in the picker with a switch to the text in force', async () => {
  // The zone's 安全生产管理办法: 2024年版 (管委〔2024〕3号) superseded by the 2026年修订 (no number of its own).
  const me = await api('GET', '/me', 'safety');
  const title = `${me.tenant.name as string}安全生产管理办法`;
  const list = await api('GET', `/laws/documents?q=${encodeURIComponent(title)}&pageSize=50`, 'safety');
  const doc = (list.items as Body[]).find((d) => d.title === title)!;
  const detail = await api('GET', `/laws/documents/${doc.id as string}`, 'safety');
  const [v2024, v2026] = detail.versions as Body[];
  expect(v2024!.status).toBe('amended');
  expect(v2026!.status).toBe('in_force');
  expect(v2024!.docNumber).toContain('〔2024〕3号');
  expect(v2026!.docNumber).toBeNull();

  // As of 2025-01-01 the 2024 text was the one in force; the 2026 revision was not yet.
  await page.goto(`${stack.adminUrl}/laws/read/${v2024!.id as string}?asOf=2025-01-01`);
  const head = page.locator('.law-reader-head');
  await page.locator('[data-testid=law-banner-asof]').waitFor();
  expect(await head.locator('[data-testid=law-status]').first().getAttribute('data-status')).toBe('in_force');
  expect(await head.locator('[data-testid=law-status-asof]').innerText()).toContain('2025-01-01');
  expect(
    await page.locator('[data-testid=law-version-select] [data-testid=law-version-status]').getAttribute('data-status'),
  ).toBe('in_force');
  await page.locator('[data-testid=law-version-select]').click();
  const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
  await options.first().waitFor();
  expect(
    await options.locator('[data-testid=law-version-status]').evaluateAll((els) => els.map((e) => e.getAttribute('data-status'))),
  ).toEqual(['in_force', 'not_yet_effective']);
  await page.keyboard.press('Escape');
  expect(await head.locator('[data-testid=law-reader-docnumber]').innerText()).toContain('〔2024〕3号');
  await snap(page, 'admin-laws-06-reader-as-of');
  // Today (no date): 已修订 again.
  await page.goto(`${stack.adminUrl}/laws/read/${v2024!.id as string}`);
  await page.locator('[data-testid=law-banner]').waitFor();
  expect(await head.locator('[data-testid=law-status]').first().getAttribute('data-status')).toBe('amended');
  expect(await head.locator('[data-testid=law-status-asof]').count()).toBe(0);

  // The 2026 revision shows no number (not the 2024 text's).
  await page.goto(`${stack.adminUrl}/laws/read/${v2026!.id as string}`);
  await page.locator(`[data-testid=law-reader][data-version-id="${v2026!.id as string}"]`).waitFor();
  await page.locator('[data-testid=law-article]').first().waitFor();
  expect(await head.locator('[data-testid=law-reader-docnumber]').count()).toBe(0);
  expect(await head.innerText()).not.toContain('〔2024〕3号');

  // A hazard citing an article of the 2024 text: the picker warns and switches to the matching article in force.
  const keys = Array.from({ length: 40 }, (_, i) => String(i + 1));
  const resolved = (
    await api('POST', '/laws/citations/resolve', 'safety', {
      refs: keys.map((articleKey) => ({ versionId: v2024!.id, articleKey })),
    })
  ).items as Body[];
  const changed =
    resolved.find((c) => c.articleKey === '12' && c.state === 'amended' && c.currentArticleKey) ??
    resolved.find((c) => c.state === 'amended' && c.currentArticleKey)!;
  expect(changed).toBeTruthy();
  const ent = await api('GET', '/me', 'ent-admin');
  const h = await api('POST', '/hazards', 'safety', {
    enterpriseId: ent.enterpriseId,
    source: 'safety_inspection',
    categoryCode: 'fire',
    description: '动火作业审批记录不全',
    grade: 'general',
    deadline: new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10),
    citations: [{ versionId: v2024!.id, articleKey: changed.articleKey }],
  });
  await page.goto(`${stack.adminUrl}/hazards/${h.id as string}`);
  await page.locator('[data-testid=hz-citations-edit-open]').click();
  const modal = page.locator('.ant-modal-wrap:visible');
  const warning = modal.locator('[data-testid=law-citation-warning]');
  await warning.waitFor();
  expect(await warning.getAttribute('data-state')).toBe('amended');
  expect(await warning.innerText()).toContain('该条文所在版本已修订，建议引用现行版本');
  await snap(page, 'admin-laws-07-picker-superseded');
  await warning.locator('[data-testid=law-citation-switch]').click();
  const now = `${changed.currentVersionId as string}#${changed.currentArticleKey as string}`;
  await modal.locator(`[data-testid=law-citation-chip][data-key="${now}"]`).waitFor();
  expect(await modal.locator('[data-testid=law-citation-chip]').count()).toBe(1);
  expect(await modal.locator('[data-testid=law-citation-warning]').count()).toBe(0);
  await modal.locator('[data-testid=hz-citations-ok]').click();
  expect(
    await eventually(
      async () =>
        ((await api('GET', `/hazards/${h.id as string}`, 'safety')).citations as Body[]).map(
          (c) => `${c.versionId}#${c.articleKey}`,
        ),
      (v) => v.join() === now,
      5000,
    ),
  ).toEqual([now]);
});
