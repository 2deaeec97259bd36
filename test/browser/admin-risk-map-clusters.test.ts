/**
 * Issue 8 §2 in the browser: the risk map of a large zone. The demo zone gets 3,000 more enterprises (every 30th
 * without a plan position), so the api answers clusters: the page draws them with their counts (which add up to
 * the placed enterprises), a cluster click zooms in and the page asks for the new area (more, smaller items),
 * and the unplaced list shows a bounded page with the full count.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { buildCreditCode, CREDIT_CODE_CHARS } from '@yuanan/domain';
import { uuidv7 } from '../../api/src/core/db/ids.ts';
import { shot, adminSession, type AdminSession } from '../support/browser.ts';
import { startStack, type Stack } from '../support/stack.ts';
import { eventually } from '../support/wait.ts';

let stack: Stack;
let browser: AdminSession['browser'];
let context: BrowserContext;
let page: Page;
const EXTRA = 3000;
/** The demo zone's own active enterprises with and without a plan position (the lived-in demo has ~100). */
let demo = { placed: 0, unplaced: 0 };

function creditCode(i: number): string {
  let body = '';
  for (let k = 0, x = i; k < 8; k++, x = Math.floor(x / 31)) body = CREDIT_CODE_CHARS[x % 31] + body;
  return buildCreditCode('91', '330782', body);
}

beforeAll(async () => {
  stack = await startStack();
  const conn = stack.env.api.c.orm.em.getConnection();
  const [{ id: tenantId }] = (await conn.execute(`SELECT id FROM tenants WHERE code = 'siqi'`)) as [{ id: string }];
  const [counts] = (await conn.execute(
    `SELECT SUM(plan_x IS NOT NULL AND plan_y IS NOT NULL) AS placed, SUM(plan_x IS NULL OR plan_y IS NULL) AS unplaced
       FROM enterprises WHERE tenant_id = ? AND status = 'active'`,
    [tenantId],
  )) as [{ placed: number | string | null; unplaced: number | string | null }];
  demo = { placed: Number(counts.placed ?? 0), unplaced: Number(counts.unplaced ?? 0) };
  const cols = ['id', 'created_at', 'updated_at', 'tenant_id', 'credit_code', 'name', 'principal_name'];
  const more = ['key_place_tags', 'key_place_tags_text', 'status', 'risk_colour', 'risk_score', 'plan_x', 'plan_y', 'version'];
  const colours = ['red', 'orange', 'yellow', 'blue', null];
  const rows: unknown[][] = [];
  for (let i = 0; i < EXTRA; i++) {
    const now = new Date();
    // Dense blocks on the plan (the demo plan's buildings), a little spread inside each.
    const bx = 0.12 + (i % 4) * 0.22 + ((i * 7919) % 997) / 997 / 8;
    const by = 0.15 + (Math.floor(i / 4) % 3) * 0.3 + ((i * 104729) % 991) / 991 / 6;
    const placed = i % 30 !== 0;
    rows.push([
      uuidv7(),
      now,
      now,
      tenantId,
      creditCode(900_000 + i),
      `聚合测试企业${String(i).padStart(4, '0')}`,
      '王五',
      '[]',
      ',',
      'active',
      colours[i % colours.length],
      (i % 9) * 10,
      placed ? bx : null,
      placed ? by : null,
      1,
    ]);
  }
  const all = [...cols, ...more];
  for (let i = 0; i < rows.length; i += 500) {
    const part = rows.slice(i, i + 500);
    await conn.execute(
      `INSERT INTO enterprises (${all.join(', ')}) VALUES ${part.map(() => `(${all.map(() => '?').join(',')})`).join(',')}`,
      part.flat(),
    );
  }
  ({ browser, context, page } = await adminSession(stack, 'admin'));
}, 150_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await stack?.close();
});

/** What the map draws: how many items, and how many enterprises they stand for. */
async function drawn(): Promise<{ items: number; enterprises: number; biggest: number }> {
  return page.evaluate(() => {
    const clusters = Array.from(document.querySelectorAll('[data-testid=risk-map] [data-testid=map-cluster]')).map((n) =>
      Number(n.getAttribute('data-count')),
    );
    const markers = document.querySelectorAll('[data-testid=risk-map] [data-testid=map-marker]').length;
    return {
      items: clusters.length + markers,
      enterprises: clusters.reduce((a, b) => a + b, 0) + markers,
      biggest: Math.max(0, ...clusters),
    };
  });
}

test('a large zone is drawn as clusters that add up, zooms into a cluster, and pages the unplaced list', async () => {
  const unplaced = demo.unplaced + EXTRA / 30;
  const placed = demo.placed + EXTRA - EXTRA / 30;
  const maps = page.waitForResponse((r) => r.url().includes('/api/v1/risk/map') && r.url().includes('bbox='));
  await page.goto(`${stack.adminUrl}/risk/map`);
  await maps;
  await page.locator('[data-testid=map-cluster]').first().waitFor();
  await page.locator('[data-testid=map-zoom-hint]').waitFor();
  const first = await drawn();
  expect(first.enterprises).toBe(placed);
  expect(first.items).toBeLessThan(300);
  await page.waitForTimeout(450);
  await shot(page, 'admin-map-clusters-01-zone');

  // The unplaced list: its count is the zone's, its items a bounded page.
  expect(await page.locator('[data-testid=map-unplaced-title]').textContent()).toContain(`（${unplaced}）`);
  const listed = await page.locator('[data-testid=map-unplaced] .ant-list-item').count();
  expect(listed).toBeGreaterThan(0);
  expect(listed).toBeLessThanOrEqual(50);

  // A click on the biggest cluster zooms in; the page asks for the new area.
  const big = page.locator(`[data-testid=map-cluster][data-count="${first.biggest}"]`).first();
  const next = page.waitForResponse((r) => r.url().includes('/api/v1/risk/map') && r.url().includes('bbox='));
  await big.click();
  await next;
  // The new area's markers are drawn after its answer arrives (slower on a loaded machine): wait for them.
  const zoomed = await eventually(drawn, (d) => d.biggest < first.biggest);
  expect(zoomed.biggest).toBeLessThan(first.biggest);
  expect(zoomed.items).toBeLessThan(300);
  await shot(page, 'admin-map-clusters-02-zoomed');
});
