/**
 * 法规查询 in the mini-program (H5 build in a phone-sized Chromium, real api and worker with the demo zones and the
 * platform library imported from ../shared/regulations):
 *
 * 1. A grid worker opens 法规查询 from the home, gets suggestions while typing, searches 主要负责人 职责 and finds
 *    《安全生产法》第二十一条 among the first hits with the words marked; the article page reads at ≥ 18 px with
 *    line-height ≥ 1.8; A+ twice makes it larger, and the size is kept after a reload and on the reader; the article's
 *    share path opens the same article; 阅读全文 opens the reader scrolled to the article (in view, marked); the 目录
 *    jumps to a chapter; the search is in the history when the box is cleared.
 * 2. An enterprise user sees the platform library and the zone's own documents (marked 本园区), not another zone's:
 *    a document the other zone (suxi) adds is neither listed, found by search nor readable by its id (404).
 * 3. A hazard of the enterprise cites 《安全生产法》第四十一条 and an article of the zone's superseded 2024 text: the
 *    hazard detail on the phone shows both under 法律依据, the old one flagged with its state; a tap opens the article.
 *
 * Screenshots: test/artifacts/screenshots/miniapp-laws-*.png.
 */
import type { Page } from 'playwright-core';
import { LAW_CITATION_STATE_LABELS, type LawCitationState } from '../../packages/contracts/src/laws.ts';
import { launchBrowser, shot } from '../support/browser.ts';
import { miniappSession, type MiniappSession } from '../support/miniapp.ts';
import { startStack, type Stack } from '../support/stack.ts';
import { eventually } from '../support/wait.ts';

let stack: Stack;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
const sessions: MiniappSession[] = [];

beforeAll(async () => {
  stack = await startStack();
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  for (const s of sessions) await s.close().catch(() => undefined);
  await browser?.close();
  await stack?.close();
});

type Body = Record<string, any>;
/** A call that must succeed (2xx); its body. */
async function api(method: string, path: string, token: string, body?: unknown): Promise<Body> {
  const r = await stack.env.req(method as 'GET', `/api/v1${path}`, { token, body });
  if (r.status < 200 || r.status > 299) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as Body;
}

/** The library's document whose title contains `title`, as `token` sees it (versionId = the version in force). */
async function documentOf(title: string, token: string): Promise<Body> {
  const list = await api('GET', `/laws/documents?q=${encodeURIComponent(title)}&pageSize=50`, token);
  const doc = (list.items as Body[]).find((d) => (d.title as string).includes(title));
  if (!doc) throw new Error(`no document 《${title}》 in ${JSON.stringify(list.items)}`);
  return doc;
}

/** Computed font size and line height (px) of the first visible element matching `selector`. */
async function textMetrics(page: Page, selector: string): Promise<{ size: number; line: number }> {
  return page
    .locator(selector)
    .filter({ visible: true })
    .first()
    .evaluate((el) => {
      const s = getComputedStyle(el);
      return { size: parseFloat(s.fontSize), line: parseFloat(s.lineHeight) };
    });
}

test('search with suggestions → the principal’s duties article in large text (A+ kept) → share path → reader at the article and its 目录 → history', async () => {
  const phone = await miniappSession(stack, 'siqi', 'grid1', { browser, timeoutMs: 20_000 });
  sessions.push(phone);
  const { page, see, visible, onPage } = phone;
  await onPage('/pkg-grid/pages/home/index');
  await page.locator('.role-home__entry').filter({ visible: true, hasText: '法规查询' }).click();
  await onPage('/pkg-laws/pages/search/index');

  // Before a search: the library (the platform's 14 texts and the zone's own).
  await page.locator('[data-testid=law-doc]').filter({ visible: true }).first().waitFor();
  expect(await page.locator('[data-testid=law-doc]').filter({ visible: true }).count()).toBeGreaterThanOrEqual(14);
  await shot(page, 'miniapp-laws-01-search-start');

  // Suggestions while typing: the title of 危险化学品安全管理条例.
  const input = page.locator('.law-search__input input').filter({ visible: true });
  await input.fill('危险化学');
  const suggestion = page.locator('[data-testid=law-suggestion]').filter({ visible: true });
  await suggestion.first().waitFor();
  expect((await suggestion.allInnerTexts()).join('|')).toContain('危险化学品');
  await shot(page, 'miniapp-laws-02-suggestions');

  // One search: 主要负责人 职责 → 《安全生产法》第二十一条 in the first five hits, words marked.
  await input.fill('主要负责人 职责');
  await page.locator('[data-testid=law-search]').filter({ visible: true }).click();
  const hits = page.locator('[data-testid=law-hit]').filter({ visible: true });
  await hits.first().waitFor();
  const top = await hits.evaluateAll((els) =>
    els.slice(0, 5).map((e) => ({ key: e.getAttribute('data-key'), text: e.textContent ?? '' })),
  );
  const principal = top.findIndex((h) => h.key === '21' && h.text.includes('安全生产法'));
  expect(principal).toBeGreaterThanOrEqual(0);
  expect(await hits.nth(principal).locator('.law-mark').count()).toBeGreaterThan(0);
  expect(await hits.nth(principal).locator('.law-mark').first().innerText()).toMatch(/主要负责人|职责/);
  await shot(page, 'miniapp-laws-03-hits');

  // The article page: ≥ 18 px body, line-height ≥ 1.8.
  await hits.nth(principal).click();
  await onPage('/pkg-laws/pages/article/index');
  await see('第二十一条');
  await see('中华人民共和国安全生产法');
  const art = '.law-article__body [data-testid=law-article]';
  const before = await textMetrics(page, art);
  expect(before.size).toBeGreaterThanOrEqual(18);
  expect(before.line / before.size).toBeGreaterThanOrEqual(1.79);
  await shot(page, 'miniapp-laws-04-article');

  // A+ twice: larger, and kept (a reload, the reader).
  await page.locator('[data-testid=law-font-inc]').filter({ visible: true }).click();
  await page.locator('[data-testid=law-font-inc]').filter({ visible: true }).click();
  const larger = await textMetrics(page, art);
  expect(larger.size).toBeGreaterThan(before.size * 1.15);
  expect(larger.line / larger.size).toBeGreaterThanOrEqual(1.79);
  expect(await page.locator('[data-testid=law-font]').filter({ visible: true }).getAttribute('data-step')).toBe('3');
  await shot(page, 'miniapp-laws-05-article-larger');
  const sharePath = (await page
    .locator('[data-testid=law-article-page]')
    .filter({ visible: true })
    .getAttribute('data-share-path'))!;
  expect(sharePath).toMatch(/^\/pkg-laws\/pages\/article\/index\?versionId=[0-9a-f-]{36}&key=21$/);
  await page.reload();
  await onPage('/pkg-laws/pages/article/index');
  await see('第二十一条');
  // (Taro's H5 sizes rem from the page's first layout, so a reload may round differently: compare the step and
  // the growth, then use this load's size)
  expect(await page.locator('[data-testid=law-font]').filter({ visible: true }).getAttribute('data-step')).toBe('3');
  const kept = await textMetrics(page, art);
  expect(kept.size).toBeGreaterThan(before.size * 1.15);

  // The share path is the article's permalink: opened as a link, the same article.
  await page.goto(`${stack.h5Url}/#${sharePath}`);
  await onPage('/pkg-laws/pages/article/index');
  await see('第二十一条');
  expect(await page.locator('[data-testid=law-article]').filter({ visible: true }).getAttribute('data-key')).toBe('21');

  // 阅读全文: the reader, scrolled to the article (in view and marked), at the same size.
  await page.locator('[data-testid=law-read-all]').filter({ visible: true }).click();
  await onPage('/pkg-laws/pages/reader/index');
  const target = page.locator('[data-testid=law-article][data-key="21"]').filter({ visible: true });
  await target.waitFor();
  await eventually(
    async () => (await target.boundingBox())?.y ?? -1,
    (y) => y >= 0 && y < 844 - 100,
    5000,
  );
  expect(await target.getAttribute('class')).toContain('law-art--target');
  expect((await textMetrics(page, '[data-testid=law-article][data-key="21"]')).size).toBeCloseTo(kept.size, 0);
  await shot(page, 'miniapp-laws-06-reader-at-article');

  // A− back to the default size for the next tests' screenshots; then the 目录: 第五章 → its first article in view.
  await page.locator('[data-testid=law-font-dec]').filter({ visible: true }).click();
  await page.locator('[data-testid=law-font-dec]').filter({ visible: true }).click();
  const back = await textMetrics(page, '[data-testid=law-article][data-key="21"]');
  expect(back.size).toBeCloseTo((kept.size * 36) / 44, 0); // FONT_STEPS 3 → 1
  expect(back.size).toBeGreaterThanOrEqual(18);
  await page.locator('[data-testid=law-toc-open]').filter({ visible: true }).click();
  const line = page.locator('[data-testid=law-toc-line]').filter({ visible: true, hasText: '第五章' });
  await line.waitFor();
  await shot(page, 'miniapp-laws-07-toc');
  const first = (await line.getAttribute('data-first'))!;
  expect(first).toMatch(/^\d+$/);
  await line.click();
  const chapter = page.locator(`[data-testid=law-article][data-key="${first}"]`).filter({ visible: true });
  await eventually(
    async () => (await chapter.boundingBox())?.y ?? -1,
    (y) => y >= 0 && y < 844 - 100,
    5000,
  );
  await shot(page, 'miniapp-laws-08-reader-chapter');

  // A link to another law's article while the article page (第二十一条) is still in the stack: the page shows the
  // linked article, not the one it was first opened with; a second link with the page on screen moves it again.
  const chem = await documentOf('危险化学品安全管理条例', await stack.token('grid1'));
  const visibleKey = () =>
    page
      .locator('[data-testid=law-article]')
      .filter({ visible: true })
      .evaluateAll((els) => els[0]?.getAttribute('data-key') ?? null);
  await page.goto(`${stack.h5Url}/#/pkg-laws/pages/article/index?versionId=${chem.versionId as string}&key=12`);
  await onPage('/pkg-laws/pages/article/index');
  expect(await eventually(visibleKey, (k) => k === '12', 8000)).toBe('12');
  await see('危险化学品安全管理条例');
  expect(await page.locator('[data-testid=law-article-page]').filter({ visible: true }).getAttribute('data-share-path')).toBe(
    `/pkg-laws/pages/article/index?versionId=${chem.versionId as string}&key=12`,
  );
  await page.goto(`${stack.h5Url}/#/pkg-laws/pages/article/index?versionId=${chem.versionId as string}&key=13`);
  expect(await eventually(visibleKey, (k) => k === '13', 8000)).toBe('13');
  await shot(page, 'miniapp-laws-08b-linked-article');

  // Back on 法规查询 with the box cleared: the search is in this phone's history.
  await page.goto(`${stack.h5Url}/#/pkg-laws/pages/search/index`);
  await onPage('/pkg-laws/pages/search/index');
  await page.locator('[data-testid=law-history-item]').filter({ visible: true, hasText: '主要负责人 职责' }).waitFor();
  await visible('常用查询', true).waitFor();
  await shot(page, 'miniapp-laws-09-history');
});

test("an enterprise user sees the platform library and the zone's own documents, never another zone's", async () => {
  const suxi = await stack.token('admin', 'suxi');
  const title = `苏溪园区专用动火审批细则${Date.now() % 100000}`;
  const created = await api('POST', '/laws/documents', suxi, {
    title,
    docType: 'zone_rule',
    issuingBody: '苏溪园区管理委员会',
    version: {
      label: '2026年版',
      effectiveOn: '2026-01-01',
      format: 'text',
      text: '第一条 苏溪园区动火作业实行三级审批，审批单须载明琥珀色警戒标识。\n第二条 本细则自发布之日起施行。',
    },
  });
  const entToken = await stack.token('ent-admin');
  const me = await api('GET', '/me', entToken);
  const zoneName = me.tenant.name as string;

  const phone = await miniappSession(stack, 'siqi', 'ent-admin', { browser, timeoutMs: 20_000 });
  sessions.push(phone);
  const { page, see, onPage } = phone;
  await onPage('/pkg-enterprise/pages/home/index');
  await page.locator('.role-home__entry').filter({ visible: true, hasText: '法规查询' }).click();
  await onPage('/pkg-laws/pages/search/index');
  const docs = page.locator('[data-testid=law-doc]').filter({ visible: true });
  await docs.first().waitFor();
  // every page of the library loaded (a long list loads more on the way down)
  const more = page.locator('.record-list__more').filter({ visible: true });
  while ((await more.count()) && (await more.innerText()).includes('加载更多')) {
    await more.click();
    await page.waitForTimeout(500);
  }
  const rows = await docs.evaluateAll((els) =>
    els.map((e) => ({
      scope: e.getAttribute('data-scope'),
      text: e.textContent ?? '',
      zoneTag: !!e.querySelector('[data-testid=law-scope-zone]'),
    })),
  );
  const platform = rows.find((r) => r.text.includes('中华人民共和国安全生产法'));
  expect(platform).toMatchObject({ scope: 'platform', zoneTag: false });
  const own = rows.filter((r) => r.scope === 'zone');
  expect(own.length).toBeGreaterThanOrEqual(2);
  expect(own.every((r) => r.zoneTag)).toBe(true);
  expect(own.some((r) => r.text.includes(`${zoneName}安全生产管理办法`))).toBe(true);
  // the zone's own come first, under 本园区制度
  expect(await page.locator('[data-testid=law-zone-docs] [data-testid=law-doc]').filter({ visible: true }).count()).toBe(
    own.length,
  );
  expect(rows.some((r) => r.text.includes(title))).toBe(false);
  await page.locator('[data-testid=law-doc][data-scope=zone]').filter({ visible: true }).first().scrollIntoViewIfNeeded();
  await shot(page, 'miniapp-laws-10-library-zone');

  // Search: the other zone's words find nothing of it; the zone's own document is found.
  const input = page.locator('.law-search__input input').filter({ visible: true });
  await input.fill('琥珀色警戒标识');
  await page.locator('[data-testid=law-search]').filter({ visible: true }).click();
  await see('没有找到与「琥珀色警戒标识」相关的条文');
  await input.fill(`${zoneName}危险作业管理规定`);
  await page.locator('[data-testid=law-search]').filter({ visible: true }).click();
  await page.locator('[data-testid=law-hit], [data-testid=law-doc-hit]').filter({ visible: true }).first().waitFor();
  await shot(page, 'miniapp-laws-11-zone-search');

  // Its id is not readable from this zone (the api answers 404, the page says it failed).
  const r = await stack.env.req('GET', `/api/v1/laws/versions/${created.versionId as string}`, { token: entToken });
  expect(r.status).toBe(404);
  await page.goto(`${stack.h5Url}/#/pkg-laws/pages/article/index?versionId=${created.versionId as string}&key=1`);
  await onPage('/pkg-laws/pages/article/index');
  await see('条文加载失败');
  expect(await page.locator('body').innerText()).not.toContain('琥珀色');
});

test('a hazard’s cited articles on the phone: 法律依据 with the flagged old text, a tap opens the article', async () => {
  const safety = await stack.token('safety');
  const entToken = await stack.token('ent-admin');
  const me = await api('GET', '/me', entToken);
  const law = await documentOf('中华人民共和国安全生产法', safety);
  // the zone's 安全生产管理办法: its first (2024) version is superseded by the 2026 revision
  const rules = await documentOf(`${me.tenant.name as string}安全生产管理办法`, safety);
  const detail = await api('GET', `/laws/documents/${rules.id as string}`, safety);
  const old = (detail.versions as Body[]).find((v) => v.status !== 'in_force')!;
  expect(old).toBeTruthy();

  const h = await api('POST', '/hazards', entToken, {
    enterpriseId: me.enterpriseId,
    source: 'self_check',
    categoryCode: 'fire',
    description: '二号仓库安全出口被货物堵塞',
    place: '二号仓库',
  });
  const fresh = await api('GET', `/hazards/${h.id as string}`, safety);
  await api('PUT', `/hazards/${h.id as string}/citations`, safety, {
    version: fresh.version,
    citations: [
      { versionId: law.versionId, articleKey: '41' },
      { versionId: old.id, articleKey: '1' },
    ],
  });
  const cited = await api('GET', `/hazards/${h.id as string}`, entToken);
  const states = (cited.citations as Array<{ articleKey: string; state: LawCitationState }>).map((c) => c.state);
  expect(states[0]).toBe('in_force');
  expect(states[1]).not.toBe('in_force');

  const phone = await miniappSession(stack, 'siqi', 'ent-admin', { browser, timeoutMs: 20_000 });
  sessions.push(phone);
  const { page, see, onPage } = phone;
  await page.goto(`${stack.h5Url}/#/pkg-hazard/pages/detail/index?id=${h.id as string}`);
  await onPage('/pkg-hazard/pages/detail/index');
  await see('二号仓库安全出口被货物堵塞');
  const block = page.locator('[data-testid=hz-citations]').filter({ visible: true });
  await block.waitFor();
  const items = block.locator('[data-testid=hz-citation]');
  expect(await items.count()).toBe(2);
  expect(await items.nth(0).innerText()).toContain('《中华人民共和国安全生产法》第四十一条');
  expect(await items.nth(0).locator('[data-testid=hz-citation-state]').count()).toBe(0);
  expect(await items.nth(1).getAttribute('data-state')).toBe(states[1]);
  expect(await items.nth(1).locator('[data-testid=hz-citation-state]').innerText()).toBe(
    LAW_CITATION_STATE_LABELS[states[1]!].zh,
  );
  await block.scrollIntoViewIfNeeded();
  await shot(page, 'miniapp-laws-12-hazard-citations');

  await items.nth(0).click();
  await onPage('/pkg-laws/pages/article/index');
  await see('第四十一条');
  expect(await page.locator('[data-testid=law-article]').filter({ visible: true }).getAttribute('data-key')).toBe('41');
  await shot(page, 'miniapp-laws-13-cited-article');
});
