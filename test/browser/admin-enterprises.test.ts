/**
 * The enterprise file (一企一档) in the admin console, as the zone administrator of the demo zone 开发区四期:
 * importing a workbook built here with exceljs (a dry run that reports a bad row, the fixed file's dry run, the
 * import itself with its summary), the three new enterprises on the risk map (latitude/longitude view, then one
 * placed on the site plan by clicking it), the enterprise list with a saved view and the Excel export, every tab
 * of a detail page, a risk point added through the LEC form showing its computed colour, and the dashboard and
 * scoring model pages. Screenshots of each step go to test/artifacts/screenshots (admin-ent-*.png).
 */
import ExcelJS from 'exceljs';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { buildCreditCode } from '@yuanan/domain';
import { SHEETS } from '../../api/src/modules/enterprises/import/columns.ts';
import { expectToast, adminSession, type AdminSession, snap } from '../support/browser.ts';
import { startStack, type Stack } from '../support/stack.ts';
import { eventually } from '../support/wait.ts';

let stack: Stack;
let browser: AdminSession['browser'];
let context: BrowserContext;
let page: Page;

/** Three new enterprises of the zone (valid credit codes), near the zone's map centre. */
const NEW = [
  {
    body: 'MA7TEXT1',
    name: '义乌市启航新材料有限公司',
    lat: 29.2915,
    lng: 120.1281,
    grid: '第一网格（高新路以北）',
    tags: '喷涂作业场所',
  },
  { body: 'MA7TEXT2', name: '义乌市安达物流仓储有限公司', lat: 29.2861, lng: 120.1339, grid: '第三网格（物流片区）', tags: '' },
  {
    body: 'MA7TEXT3',
    name: '义乌市恒泰电镀有限公司',
    lat: 29.2897,
    lng: 120.1372,
    grid: '第二网格（高新路以南）',
    tags: '电镀、危化品使用',
  },
].map((e) => ({ ...e, creditCode: buildCreditCode('91', '330782', e.body) }));

/** The import workbook: the 企业 and 持证人员 sheets with the template's Chinese headers. */
async function workbook(opts: { badRow: boolean }): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const entSheet = SHEETS.find((s) => s.kind === 'enterprises')!;
  const ws = wb.addWorksheet(entSheet.name);
  ws.addRow(entSheet.columns.map((c) => c.label));
  const row = (v: Record<string, string | number>) => ws.addRow(entSheet.columns.map((c) => v[c.key] ?? null));
  for (const [i, e] of NEW.entries()) {
    row({
      creditCode: e.creditCode,
      name: e.name,
      legalRepresentative: ['陈启航', '刘安达', '何恒泰'][i]!,
      principalName: ['陈启航', '刘安达', '何恒泰'][i]!,
      principalPhone: `1380579${700 + i}0`,
      industryCode: ['C2929', 'G5920', 'C3360'][i]!,
      industryName: ['塑料零件及其他塑料制品制造', '通用仓储', '金属表面处理及热处理加工'][i]!,
      ownership: '民营',
      employees: [85, 40, 120][i]!,
      annualRevenue: [3600, 1200, 5200][i]!,
      address: `义乌市经济技术开发区春华路${100 + i}号`,
      lat: e.lat,
      lng: e.lng,
      gridId: e.grid,
      hasSprinklers: '是',
      keyPlaceTags: e.tags,
    });
  }
  // A row an officer would typo: a credit code whose check character is wrong.
  if (opts.badRow) {
    const good = buildCreditCode('91', '330782', 'MA7TEXT4');
    const wrong = good.slice(0, 17) + (good.endsWith('1') ? '2' : '1');
    row({ creditCode: wrong, name: '义乌市错误代码有限公司', principalName: '王五' });
  }
  const certSheet = SHEETS.find((s) => s.kind === 'certificates')!;
  const cs = wb.addWorksheet(certSheet.name);
  cs.addRow(certSheet.columns.map((c) => c.label));
  cs.addRow(
    certSheet.columns.map(
      (c) =>
        ({
          creditCode: NEW[2]!.creditCode,
          personName: '何师傅',
          certKind: '特种作业',
          category: '电工作业',
          certNumber: 'T330782198505051234',
          issuedOn: '2024-03-01',
          expiresOn: '2030-03-01',
        })[c.key] ?? null,
    ),
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function option(p: Page, text: string): Locator {
  return p.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first();
}
function menuItem(p: Page, text: string): Locator {
  return p.locator('[data-testid=side-menu] .ant-menu-item', { hasText: text });
}
function toast(p: Page, text: string): Promise<void> {
  return expectToast(p, text, 'admin-ent-failed');
}
const count = (l: Locator, n: number) =>
  eventually(
    () => l.count(),
    (c) => c === n,
  ).then((c) => expect(c).toBe(n));

beforeAll(async () => {
  stack = await startStack();
  ({ browser, context, page } = await adminSession(stack, 'admin'));
}, 150_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await stack?.close();
});

test('import: a dry run reports the bad row, the fixed file imports three enterprises with a certificate', async () => {
  await menuItem(page, '批量导入').click();
  await page.waitForURL(/\/enterprises\/import$/);
  await page.locator('h4', { hasText: '批量导入企业档案' }).waitFor();

  // The template downloads as an Excel file.
  const [template] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=imp-template]').click()]);
  expect(template.suggestedFilename()).toBe('园安企业档案导入模板.xlsx');
  await snap(page, 'admin-ent-01-import');

  // A file with a wrong credit code: the dry run lists it by sheet, row and column; nothing is written.
  await page.locator('[data-testid=imp-upload]').setInputFiles({
    name: '新入园企业.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: await workbook({ badRow: true }),
  });
  await page.locator('[data-testid=imp-errors]').waitFor();
  const report = page.locator('[data-testid=imp-report] .ant-table-row');
  await report.first().waitFor();
  const reportText = await page.locator('[data-testid=imp-report]').textContent();
  expect(reportText).toContain('企业');
  expect(reportText).toContain('统一社会信用代码');
  expect(reportText).toContain('校验位（第 18 位）不符');
  expect(await report.first().locator('td').nth(1).textContent()).toBe('5');
  expect(await page.locator('[data-testid=imp-commit]').count()).toBe(0);
  await snap(page, 'admin-ent-02-dry-run-errors');
  const none = await stack.env.req('GET', `/api/v1/enterprises?q=${encodeURIComponent('启航')}`, {
    token: await stack.token('admin'),
  });
  expect(none.body.total).toBe(0);

  // The fixed file: no problems, three to create; then the import itself.
  await page.locator('[data-testid=imp-again]').click();
  await page.locator('[data-testid=imp-upload]').setInputFiles({
    name: '新入园企业（已修改）.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: await workbook({ badRow: false }),
  });
  const ok = page.locator('[data-testid=imp-ok]');
  await ok.waitFor();
  expect(await ok.textContent()).toContain('新建 3 家企业');
  expect(await ok.textContent()).toContain('附属记录 1 条');
  await snap(page, 'admin-ent-03-dry-run-ok');
  await page.locator('[data-testid=imp-commit]').click();
  const done = page.locator('[data-testid=imp-done]');
  await done.waitFor();
  expect(await done.textContent()).toContain('新建 3 家');
  expect(await done.textContent()).toContain('附属记录新增 1 条');
  await snap(page, 'admin-ent-04-imported');
});

test('the risk map shows the new enterprises: by latitude/longitude at once, on the site plan once placed', async () => {
  await menuItem(page, '风险地图').click();
  await page.waitForURL(/\/risk\/map$/);
  const markers = page.locator('[data-testid=risk-map] [data-testid=map-marker]');
  // The site plan: the demo enterprises have plan positions; the imported ones have none yet.
  const all = (await stack.env.req('GET', '/api/v1/enterprises?pageSize=1', { token: await stack.token('admin') })).body
    .total as number;
  const demo = all - NEW.length;
  await count(markers, demo);
  const unplaced = page.locator('[data-testid=map-unplaced] .ant-list-item');
  await count(unplaced, 3);
  for (const e of NEW) expect(await page.locator('[data-testid=map-unplaced]').textContent()).toContain(e.name);
  await snap(page, 'admin-ent-05-map-plan');

  // The latitude/longitude view has all of them, the new ones by their titles.
  await page.locator('[data-testid=map-view] .ant-segmented-item', { hasText: '经纬度地图' }).click();
  await count(markers, all);
  for (const e of NEW) await expect(page.locator(`[data-testid=map-marker][title="${e.name}"]`).count()).resolves.toBe(1);
  await snap(page, 'admin-ent-06-map-geo');

  // Back on the site plan, place one of them by clicking the plan.
  await page.locator('[data-testid=map-view] .ant-segmented-item', { hasText: '总平面图' }).click();
  await count(markers, demo);
  await page
    .locator('[data-testid=map-unplaced] .ant-list-item', { hasText: NEW[0]!.name })
    .locator('[data-testid=map-place]')
    .click();
  await page.locator('.ant-alert', { hasText: `放置“${NEW[0]!.name}”` }).waitFor();
  const box = (await page.locator('[data-testid=risk-map]').boundingBox())!;
  // On the crossing of two roads of the plan, where no enterprise's marker stands (the demo zone is full).
  await page.mouse.click(box.x + box.width * 0.512, box.y + box.height * 0.368);
  await toast(page, `已更新“${NEW[0]!.name}”的位置`);
  await count(markers, demo + 1);
  await count(unplaced, 2);
  const placed = page.locator(`[data-testid=map-marker][title="${NEW[0]!.name}"]`);
  await placed.waitFor();
  await page.locator('[data-testid=map-edit]').click();
  await snap(page, 'admin-ent-07-map-placed');
  // Its position is now on the file: a fraction of the plan's size.
  const e = (
    await stack.env.req('GET', `/api/v1/enterprises?q=${encodeURIComponent(NEW[0]!.name)}`, { token: await stack.token('admin') })
  ).body.items[0];
  expect(e.planX).toBeGreaterThan(0.2);
  expect(e.planX).toBeLessThan(0.8);
  expect(e.planY).toBeGreaterThan(0.1);
  expect(e.planY).toBeLessThan(0.9);

  // A marker opens the enterprise's file.
  await placed.click();
  await page.waitForURL(/\/enterprises\/[0-9a-f-]{36}$/);
  await expect(page.locator('[data-testid=ent-name]').textContent()).resolves.toBe(NEW[0]!.name);
});

test('the list filters, saves a view and exports; the detail page has a tab per record and computes a risk point', async () => {
  await menuItem(page, '企业列表').click();
  await page.waitForURL(/\/enterprises$/);
  await page.locator('[data-testid=ent-table] .ant-table-row').first().waitFor();
  // A zone of about a hundred: the first page is full.
  const all = (await stack.env.req('GET', '/api/v1/enterprises?pageSize=1', { token: await stack.token('admin') })).body
    .total as number;
  const PAGE = 20;
  await count(page.locator('[data-testid=ent-table] .ant-table-row'), Math.min(PAGE, all));

  // Filter by grid: the address carries the filter; save it as a view.
  await page.locator('.filter-bar .ant-form-item', { hasText: '网格' }).locator('.ant-select').click();
  await option(page, '第三网格（物流片区）').click();
  await page.locator('[data-testid=ent-search]').click();
  await page.waitForURL(/gridId=/);
  // The demo's enterprises of the logistics grid and the imported warehouse.
  const gridId = new URL(page.url()).searchParams.get('gridId')!;
  const inGrid = (
    await stack.env.req('GET', `/api/v1/enterprises?gridId=${gridId}&pageSize=200`, { token: await stack.token('admin') })
  ).body as { total: number; items: Array<{ name: string }> };
  expect(inGrid.items.map((e) => e.name)).toContain(NEW[1]!.name);
  expect(inGrid.total).toBeLessThan(all);
  await count(page.locator('[data-testid=ent-table] .ant-table-row'), Math.min(PAGE, inGrid.total));
  const rows = inGrid.total;
  await page.locator('[data-testid=ent-save-view]').click();
  await page.locator('[data-testid=ent-view-name]').fill('物流片区企业');
  await page.locator('.ant-modal-wrap:visible .ant-btn-primary').click();
  await toast(page, '已保存视图“物流片区企业”');
  await page.locator('[data-testid=ent-views] .ant-tag-checkable-checked', { hasText: '物流片区企业' }).waitFor();
  await snap(page, 'admin-ent-08-list-view');

  // Export the filtered list (Excel, with the bearer token).
  await page.locator('[data-testid=ent-export]').click();
  const [xlsx] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('.ant-dropdown:visible .ant-dropdown-menu-item', { hasText: '导出当前筛选的企业' }).click(),
  ]);
  expect(xlsx.suggestedFilename()).toMatch(/^企业档案导出-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const exported = new ExcelJS.Workbook();
  await exported.xlsx.readFile((await xlsx.path())!);
  expect(exported.worksheets[0]!.rowCount - 1).toBe(rows);

  // All enterprises again; open the electroplating one (it has a certificate from the import).
  await page.locator('[data-testid=ent-views] .ant-tag-checkable', { hasText: '全部企业' }).click();
  await page.waitForURL(/\/enterprises$/);
  await page.locator('.ant-pagination-total-text', { hasText: String(all) }).waitFor();
  await count(page.locator('[data-testid=ent-table] .ant-table-row'), Math.min(PAGE, all));
  await page.locator('[data-testid=ent-q]').fill('恒泰电镀');
  await page.locator('[data-testid=ent-search]').click();
  await page.waitForURL(/q=/);
  await snap(page, 'admin-ent-09-search');
  await page.locator('[data-testid=ent-link]', { hasText: NEW[2]!.name }).click();
  await page.waitForURL(/\/enterprises\/[0-9a-f-]{36}$/);
  await page.locator('[data-testid=ent-basic-form]').waitFor();
  expect(await page.locator('[data-testid=ent-head]').textContent()).toContain('第二网格（高新路以南）');
  await snap(page, 'admin-ent-09-detail-basic');

  // Every tab loads.
  const tabs: Array<[string, string]> = [
    ['contacts', '联系人'],
    ['certificates', 'T330782198505051234'],
    ['chemicals', '重大危险源辨识'],
    ['supplies', '应急物资'],
    ['team', '应急队伍'],
    ['plans', '演练记录'],
    ['riskPoints', '风险点'],
    ['colour', '评分因素'],
    ['history', '批量导入'],
    ['hazards', '隐患'],
  ];
  for (const [key, text] of tabs) {
    await page.locator(`[data-testid=tab-${key}]`).click();
    await page.locator('.ant-tabs-content-active', { hasText: text }).first().waitFor();
    if (key === 'certificates' || key === 'chemicals' || key === 'history') await snap(page, `admin-ent-10-tab-${key}`);
  }

  // A risk point by LEC: L = 6 (相当可能), E = 6 (每天), C = 15 (一人死亡) → D = 540 > 320: red.
  await page.locator('[data-testid=tab-riskPoints]').click();
  await page.locator('[data-testid=risk-points-add]').click();
  await page.locator('[data-testid=rp-name]').fill('电镀槽区');
  const dialog = page.locator('.ant-modal-wrap:visible');
  await dialog.locator('.ant-form-item', { hasText: '所在区域' }).locator('input').fill('电镀车间');
  await page.locator('[data-testid=rp-l]').click();
  await option(page, '6 — 相当可能').click();
  await page.locator('[data-testid=rp-e]').click();
  await option(page, '6 — 每天工作时间内暴露').click();
  await page.locator('[data-testid=rp-c]').click();
  await option(page, '15 — 非常严重，一人死亡').click();
  const preview = page.locator('[data-testid=rp-preview]');
  await preview.waitFor();
  expect(await preview.getAttribute('data-colour')).toBe('red');
  expect(await dialog.textContent()).toContain('D = 6 × 6 × 15 = 540');
  await dialog.locator('.ant-form-item', { hasText: '管控措施' }).locator('textarea').fill('槽边抽风、防酸碱手套、洗眼器');
  await snap(page, 'admin-ent-11-risk-point-form');
  await dialog.locator('.ant-modal-footer .ant-btn-primary').click();
  await toast(page, '已新增');
  const rp = page.locator('[data-testid=risk-points-table] .ant-table-row', { hasText: '电镀槽区' });
  await rp.waitFor();
  expect(await rp.locator('[data-testid=rp-colour]').getAttribute('data-colour')).toBe('red');
  expect(await rp.textContent()).toContain('540');
  expect(await rp.textContent()).toContain('重大风险');
  await snap(page, 'admin-ent-12-risk-point');

  // The enterprise's colour follows (recomputed by the worker): the red point's 40 points and the two tags' 12
  // give 52, orange (≥ 45) by the default model.
  await page.locator('[data-testid=tab-colour]').click();
  const contributions = await eventually(
    async () => {
      await page.reload();
      await page.locator('[data-testid=colour-contributions]').waitFor();
      return (await page.locator('[data-testid=colour-contributions]').textContent()) ?? '';
    },
    (text) => text.includes('红色'),
    30_000,
  );
  expect(contributions).toContain('红色');
  expect(await page.locator('[data-testid=colour-now]').getAttribute('data-colour')).toBe('orange');
  expect(await page.locator('[data-testid=colour-contributions]').textContent()).toContain('52');
  await snap(page, 'admin-ent-13-colour');
});

test('the dashboard and the scoring model', async () => {
  await menuItem(page, '风险看板').click();
  await page.waitForURL(/\/risk\/dashboard$/);
  await page.locator('[data-testid=dash-pie] canvas').waitFor();
  await page.locator('[data-testid=dash-highest] .ant-table-row').first().waitFor();
  await snap(page, 'admin-ent-14-dashboard');

  await menuItem(page, '评分模型').click();
  await page.waitForURL(/\/risk\/model$/);
  await page.locator('[data-testid=model-form]').waitFor();
  expect(await page.locator('.ant-descriptions').first().textContent()).toContain('第 1 版');
  await snap(page, 'admin-ent-15-model');
});
