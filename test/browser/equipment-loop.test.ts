/**
 * The equipment loan loop across both apps (real api and worker, demo zone 开发区四期): the enterprise admin
 * (ent-admin), on the phone (mini-program H5), picks a drone in 可借器材 (a model the test registers with two
 * units) for the default two days (tomorrow and the day after) and sends a 借用申请; the equipment keeper, in the
 * admin console, approves it on 借用申请 by picking a free drone, checks it out on 借出与归还 › 待出借 (condition
 * photo uploaded, the borrower's signature drawn on the pad), the enterprise sees it in 我的借用 and declares it
 * returned, and the keeper receives it (借出中 shows 借用方已申报归还; condition good) — the unit is back in stock
 * and its page shows the loan and the return. Every step is checked against the api.
 * A second test walks the keeper's other pages: 器材目录's counts open the model's units in 器材台账, the label PDF
 * of the selected units, the Excel import (dry-run report by row and column, then the fixed file imported), a
 * stale unit version refused (409, the page reloads) and a 保养 job passed.
 * Screenshots: test/artifacts/screenshots/loop-eq-*.png.
 *
 * Stable selectors (admin): eq-req-table, eq-row-approve, eq-approve, eq-approve-units, eq-approve-ok,
 * eq-loan-tabs, eq-pickup-table, eq-row-checkout, eq-checkout, eq-checkout-photos, eq-signature, eq-checkout-ok,
 * eq-loan-table, eq-declared, eq-row-receive, eq-return, eq-return-ok, eq-unit-head, eq-status, eq-timeline, eq-ev.
 */
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { adminSession, expectToast, shot, snap, type AdminSession } from '../support/browser.ts';
import { ok, sitePhoto } from '../support/inspection.ts';
import { miniappSession, type MiniappSession } from '../support/miniapp.ts';
import { startStack, type Stack } from '../support/stack.ts';
import { eventually } from '../support/wait.ts';

let stack: Stack;
let admin: AdminSession;
let phoneSession: MiniappSession | undefined;
let keeper: string;
let entToken: string;
let enterprise: { id: string; name: string };
let drone: { id: string; name: string };

const PURPOSE = '储罐区应急演练，无人机航拍巡查（闭环测试）';
const DRONE = '行业无人机（闭环测试）';

/** Picks the first option of the open antd Select dropdown (portalled to the body). */
async function firstOption(p: Page): Promise<string> {
  const opt = p.locator('.ant-select-dropdown:visible .ant-select-item-option').first();
  await opt.waitFor();
  const text = (await opt.textContent()) ?? '';
  await opt.click();
  return text;
}

/** Draws a signature-like stroke on the admin's signature pad. */
async function signOnPad(p: Page): Promise<void> {
  const canvas = p.locator('[data-testid=eq-signature] canvas');
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  await p.mouse.move(box.x + 30, box.y + box.height * 0.6);
  await p.mouse.down();
  for (let i = 1; i <= 14; i++) await p.mouse.move(box.x + 30 + i * 22, box.y + box.height * (0.6 - 0.3 * Math.sin(i / 2)));
  await p.mouse.up();
  await p.locator('[data-testid=eq-signature][data-empty=false]').waitFor();
}

beforeAll(async () => {
  stack = await startStack();
  keeper = await stack.token('keeper');
  entToken = await stack.token('ent-admin');
  const me = await ok(stack.env.req('GET', '/api/v1/me', { token: entToken }));
  const e = await ok(stack.env.req('GET', `/api/v1/enterprises/${me.enterpriseId}`, { token: keeper }));
  enterprise = { id: e.id, name: e.name };
  // A drone model of the test's own with two units in stock (the demo's drones may be lent out or reserved).
  const model = await ok(
    stack.env.req('POST', '/api/v1/equipment/models', {
      token: keeper,
      body: {
        category: 'drone',
        name: DRONE,
        model: 'M30T',
        manufacturer: '深圳市大疆创新科技有限公司',
        specs: [
          { key: '最大续航', value: '41 分钟' },
          { key: '防护等级', value: 'IP55' },
        ],
        maintenanceRules: [{ kind: 'battery_charge', label: '电池充放电', intervalMonths: 1 }],
        lendable: true,
      },
    }),
    201,
  );
  drone = { id: model.id, name: model.name };
  for (const tag of ['UAV-LOOP-01', 'UAV-LOOP-02'])
    await ok(
      stack.env.req('POST', '/api/v1/equipment/units', {
        token: keeper,
        body: { modelId: drone.id, assetTag: tag, location: '器材室 A 架', condition: 'good' },
      }),
      201,
    );
  admin = await adminSession(stack, 'keeper', 60_000);
}, 360_000);

afterAll(async () => {
  await phoneSession?.close();
  await admin?.context.close();
  await admin?.browser.close();
  await stack?.close();
});

test('an enterprise borrows a drone for two days: requested on the phone, approved and checked out in the admin, returned', async () => {
  const { page } = admin;
  const started = Date.now();

  // 1. Phone: ent-admin, 器材借用 › the drone ＋1 › 下一步 › purpose › 提交借用申请.
  phoneSession = await miniappSession(stack, 'siqi', 'ent-admin', { browser: admin.browser, timeoutMs: 30_000 });
  const s = phoneSession;
  const phone = s.page;
  await s.onPage('/pkg-enterprise/pages/home/index');
  await s.visible('器材借用', true).click();
  await s.onPage('/pkg-equipment/pages/catalogue/index');
  const card = phone.locator(`[data-testid=eq-model][data-model="${drone.id}"]`).filter({ visible: true });
  await card.waitFor();
  await card.scrollIntoViewIfNeeded();
  await card.locator('.eq-step__plus').click();
  await card.locator('[data-testid=eq-qty]', { hasText: '1' }).waitFor();
  await shot(phone, 'loop-eq-01-phone-catalogue');
  await phone.locator('.eq-cat__next').filter({ visible: true }).click();
  await s.onPage('/pkg-equipment/pages/request/index');
  await phone.locator(`[data-testid=req-item][data-model="${drone.id}"]`).filter({ visible: true }).waitFor();
  await s.see('（共 2 天）');
  await phone.locator('.eq-req__purpose textarea').filter({ visible: true }).fill(PURPOSE);
  await shot(phone, 'loop-eq-02-phone-request');
  await phone.locator('.eq-req__submit').filter({ visible: true }).click();
  await s.onPage('/pkg-equipment/pages/mine/index');

  const requests = await ok(stack.env.req('GET', '/api/v1/equipment/requests?status=submitted&pageSize=50', { token: keeper }));
  const request = (requests.items as Array<Record<string, any>>).find((r) => r.purpose === PURPOSE);
  expect(request).toBeTruthy();
  expect(request).toMatchObject({ enterpriseId: enterprise.id, status: 'submitted' });
  expect(request!.items).toEqual([expect.objectContaining({ modelId: drone.id, quantity: 1 })]);
  // Two whole days: tomorrow and the day after (China time).
  expect(Date.parse(request!.endsAt) - Date.parse(request!.startsAt)).toBe(2 * 86_400_000);
  expect(Date.parse(request!.startsAt)).toBeGreaterThan(Date.now());

  // 2. Admin: 借用申请 (待审批): the request's row › 批准 › one free drone › 批准.
  await page.locator('[data-testid=side-menu] .ant-menu-item', { hasText: '借用申请' }).click();
  await page.waitForURL(/\/equipment\/requests/);
  const reqRow = page.locator(`[data-testid=eq-req-table] tr[data-row-key="${request!.id}"]`);
  await reqRow.waitFor();
  expect(await reqRow.textContent()).toContain(enterprise.name);
  await snap(page, 'loop-eq-03-admin-requests');
  await reqRow.locator('[data-testid=eq-row-approve]').click();
  const approve = page.locator('.ant-modal:visible', { has: page.locator('[data-testid=eq-approve-item]') });
  await approve.locator('[data-testid=eq-approve-units]').click();
  const assetTag = (await firstOption(page)).trim();
  await snap(page, 'loop-eq-04-admin-approve');
  await page.locator('[data-testid=eq-approve-ok]').click();
  await expectToast(page, '已批准', 'loop-eq-approve-missing');
  const approved = await ok(stack.env.req('GET', `/api/v1/equipment/requests/${request!.id}`, { token: keeper }));
  expect(approved.status).toBe('approved');
  expect(approved.reservations).toHaveLength(1);
  expect(approved.reservations[0]).toMatchObject({ assetTag, status: 'active' });
  const unitId = approved.reservations[0].unitId as string;
  const reservationId = approved.reservations[0].id as string;

  // 3. Admin: 借出与归还 › 待出借: the reservation › 出借 — condition photo, the borrower signs, 出借.
  await page.locator('[data-testid=side-menu] .ant-menu-item', { hasText: '借出与归还' }).click();
  await page.waitForURL(/\/equipment\/loans/);
  const pickRow = page.locator(`[data-testid=eq-pickup-table] tr[data-row-key="${reservationId}"]`);
  await pickRow.waitFor();
  await pickRow.locator('[data-testid=eq-row-checkout]').click();
  const dialog = page.locator('.ant-modal:visible', { has: page.locator('[data-testid=eq-signature]') });
  await dialog.locator(`[data-testid=eq-checkout-chosen][data-unit="${unitId}"]`).waitFor();
  expect(await dialog.locator('[data-testid=eq-checkout-name]').inputValue()).not.toBe('');
  await dialog
    .locator('[data-testid=eq-checkout-photos] input[type=file]')
    .setInputFiles({ name: '无人机出库.jpg', mimeType: 'image/jpeg', buffer: await sitePhoto() });
  await dialog.locator('[data-testid=eq-checkout-photos] .ant-upload-list-item-done').first().waitFor();
  await signOnPad(page);
  await snap(page, 'loop-eq-05-admin-checkout');
  await page.locator('[data-testid=eq-checkout-ok]').click();
  await expectToast(page, `已出借：${assetTag}`, 'loop-eq-checkout-missing');
  const out = await ok(
    stack.env.req('GET', `/api/v1/equipment/loans?state=current&enterpriseId=${enterprise.id}&pageSize=50`, { token: keeper }),
  );
  const loan = (out.items as Array<Record<string, any>>).find((l) => l.unitId === unitId);
  expect(loan).toMatchObject({
    reservationId,
    requestId: request!.id,
    borrowerKind: 'enterprise',
    enterpriseId: enterprise.id,
    outCondition: 'good',
    returnedAt: null,
  });
  expect(loan!.outPhotoFileIds).toHaveLength(1);
  expect(loan!.signatureFileId).toBeTruthy();
  expect((await ok(stack.env.req('GET', `/api/v1/equipment/units/${unitId}`, { token: keeper }))).status).toBe('on_loan');

  // 4. Phone: 我的借用 lists the drone; 归还 › 确认归还 (the borrower says it is handed back).
  await phone.reload();
  await s.onPage('/pkg-equipment/pages/mine/index');
  // The page opened on the requests tab after sending; 借用中 lists the loans.
  await phone.locator('.eq-mine__tab[data-tab=loans]').filter({ visible: true }).click();
  const loanCard = phone.locator('[data-testid=loan]', { hasText: assetTag }).filter({ visible: true });
  await loanCard.waitFor();
  await shot(phone, 'loop-eq-06-phone-my-loans');
  await loanCard.locator('.eq-mine__return').click();
  await s.see('确认已将');
  await phone.waitForTimeout(400); // the modal's fade-in
  await s.visible('确认归还', true).click();
  expect(
    await eventually(
      async () => (await ok(stack.env.req('GET', `/api/v1/equipment/loans/${loan!.id}`, { token: keeper }))).returnDeclaredAt,
      (v) => !!v,
      15_000,
    ),
  ).toBeTruthy();
  await shot(phone, 'loop-eq-07-phone-declared');

  // 5. Admin: 借出中 shows 借用方已申报归还; 归还 › condition good › the drone is back in stock.
  await page.locator('[data-testid=eq-loan-tabs]').getByText('借出中', { exact: true }).click();
  const loanRow = page.locator(`[data-testid=eq-loan-table] tr[data-row-key="${loan!.id}"]`);
  await loanRow.locator('[data-testid=eq-declared]').waitFor();
  await snap(page, 'loop-eq-08-admin-declared');
  await loanRow.locator('[data-testid=eq-row-receive]').click();
  await page.locator('.ant-modal:visible [data-testid=eq-return-condition]').waitFor();
  await page.locator('[data-testid=eq-return-ok]').click();
  await expectToast(page, `已归还：${assetTag}`, 'loop-eq-return-missing');
  const back = await ok(stack.env.req('GET', `/api/v1/equipment/loans/${loan!.id}`, { token: keeper }));
  expect(back).toMatchObject({ returnCondition: 'good' });
  expect(back.returnedAt).toBeTruthy();
  const unit = await ok(stack.env.req('GET', `/api/v1/equipment/units/${unitId}`, { token: keeper }));
  expect(unit.status).toBe('available');

  // 6. 历史 has it; the unit's page shows it in stock with the loan and the return on its timeline.
  await page.locator('[data-testid=eq-loan-tabs]').getByText('历史', { exact: true }).click();
  await page.locator(`[data-testid=eq-loan-table] tr[data-row-key="${loan!.id}"]`).waitFor();
  await page.locator(`[data-testid=eq-loan-table] tr[data-row-key="${loan!.id}"] [data-testid=eq-loan-unit]`).click();
  await page.waitForURL(new RegExp(`/equipment/units/${unitId}$`));
  await page.locator('[data-testid=eq-unit-head] [data-testid=eq-status][data-status=available]').waitFor();
  await page
    .locator('[data-testid=eq-timeline] [data-testid=eq-ev][data-kind=loan]', { hasText: enterprise.name })
    .first()
    .waitFor();
  await page.locator('[data-testid=eq-timeline] [data-testid=eq-ev][data-kind=return]').first().waitFor();
  await snap(page, 'loop-eq-09-admin-unit');
  console.log(`equipment loop: ${Math.round((Date.now() - started) / 1000)} s in the browsers`);
}, 300_000);

/** An import workbook (the ledger's columns) with the given rows. */
async function importBook(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('器材台账');
  ws.addRow(['资产编号', '器材名称', '型号', '序列号', '存放位置', '购置日期', '保修截止', '状况']);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

test("the keeper's room: catalogue counts, the model's units, label PDF, import dry run then commit, a stale version refused, maintenance passed", async () => {
  const { page } = admin;

  // 器材目录: the test's drone, both units back in stock; its count opens the ledger on the model.
  await page.locator('[data-testid=side-menu] .ant-menu-item', { hasText: '器材目录' }).click();
  await page.waitForURL(/\/equipment\/models/);
  const modelRow = page.locator(`[data-testid=eq-model-table] tr[data-row-key="${drone.id}"]`);
  await modelRow.waitFor();
  expect((await modelRow.locator('[data-testid=eq-model-units]').textContent())!.replace(/\s/g, '')).toBe('2/2');
  await snap(page, 'loop-eq-10-admin-catalogue');
  await modelRow.locator('[data-testid=eq-model-units]').click();
  await page.waitForURL(new RegExp(`/equipment/units\\?modelId=${drone.id}`));
  const table = page.locator('[data-testid=eq-unit-table]');
  await table.locator('[data-testid=eq-unit-link]', { hasText: 'UAV-LOOP-02' }).waitFor();
  expect(await table.locator('[data-testid=eq-unit-link]').count()).toBe(2);

  // Both selected › 打印标签: a PDF.
  for (const tag of ['UAV-LOOP-01', 'UAV-LOOP-02'])
    await table
      .locator('tr', { has: page.locator('[data-testid=eq-unit-link]', { hasText: tag }) })
      .locator('.ant-checkbox-input')
      .check();
  const downloading = page.waitForEvent('download');
  await page.locator('[data-testid=eq-labels]').click();
  const pdf = await downloading;
  const bytes = await readFile((await pdf.path())!);
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  await expectToast(page, '已下载', 'loop-eq-labels-missing');
  await snap(page, 'loop-eq-11-admin-ledger');

  // Excel 导入: a row of an unknown model is refused by row and column, nothing written; a tag the zone has is an
  // update of that unit (an exported ledger imports again).
  await page.locator('[data-testid=eq-import]').click();
  const modal = page.locator('.ant-modal:visible', { has: page.locator('.ant-upload-drag') });
  const newRow = ['UAV-LOOP-03', DRONE, 'M30T', 'SN-0003', '器材室 A 架', '2026-03-01', '2028-03-01', '完好'];
  const updateRow = ['UAV-LOOP-01', DRONE, 'M30T', 'SN-0001', '器材室 C 架', '2026-02-01', '2028-02-01', '完好'];
  await modal.locator('input[type=file]').setInputFiles({
    name: '器材导入.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: await importBook([newRow, updateRow, ['XX-001', '不存在的器材', '', '', '', '', '', '完好']]),
  });
  await modal.locator('[data-testid=eq-import-errors]').waitFor();
  const report = modal.locator('[data-testid=eq-import-report] tbody tr');
  expect(await report.count()).toBe(1);
  expect(await modal.locator('[data-testid=eq-import-report]').textContent()).toContain('器材目录中没有该器材');
  await snap(page, 'loop-eq-12-admin-import-report');
  const tags = async () =>
    (
      (await ok(stack.env.req('GET', `/api/v1/equipment/units?modelId=${drone.id}`, { token: keeper }))).items as Array<{
        assetTag: string;
      }>
    )
      .map((u) => u.assetTag)
      .sort();
  expect(await tags()).toEqual(['UAV-LOOP-01', 'UAV-LOOP-02']);
  // The corrected file: checked, then imported.
  await modal.locator('input[type=file]').setInputFiles({
    name: '器材导入.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: await importBook([newRow, updateRow]),
  });
  await modal.locator('[data-testid=eq-import-ok]').waitFor();
  expect(await modal.locator('[data-testid=eq-import-ok]').textContent()).toContain('新建 1 件，更新已有器材 1 件');
  await modal.locator('[data-testid=eq-import-commit]').click();
  await modal.locator('[data-testid=eq-import-done]').waitFor();
  expect(await tags()).toEqual(['UAV-LOOP-01', 'UAV-LOOP-02', 'UAV-LOOP-03']);
  const updated = await ok(stack.env.req('GET', `/api/v1/equipment/units?q=UAV-LOOP-01`, { token: keeper }));
  expect(updated.items[0]).toMatchObject({ location: '器材室 C 架', serial: 'SN-0001' });
  await modal.locator('.ant-modal-close').click();
  await table.locator('[data-testid=eq-unit-link]', { hasText: 'UAV-LOOP-03' }).waitFor();

  // UAV-LOOP-02's page; meanwhile another keeper reserves it (the version moves on): 送修保养 on the stale page is
  // refused (409) and the page reloads to 已预留.
  await table.locator('[data-testid=eq-unit-link]', { hasText: 'UAV-LOOP-02' }).click();
  await page.waitForURL(/\/equipment\/units\/[0-9a-f-]{36}$/);
  const unitId = page.url().split('/').pop()!;
  await page.locator('[data-testid=eq-unit-head] [data-testid=eq-status][data-status=available]').waitFor();
  const u = await ok(stack.env.req('GET', `/api/v1/equipment/units/${unitId}`, { token: keeper }));
  await ok(
    stack.env.req('POST', `/api/v1/equipment/units/${unitId}/actions/reserve`, { token: keeper, body: { version: u.version } }),
  );
  await page.locator('[data-testid=eq-act-send_to_maintenance]').click();
  await page.locator('[data-testid=eq-act-note]').fill('电池鼓包，送厂检修');
  await page.locator('[data-testid=eq-act-ok]').click();
  // The refusal is an error message naming the conflict.
  await expectToast(page, '刚被他人改动', 'loop-eq-stale-missing');
  await page.locator('[data-testid=eq-unit-head] [data-testid=eq-status][data-status=reserved]').waitFor();
  expect((await ok(stack.env.req('GET', `/api/v1/equipment/units/${unitId}`, { token: keeper }))).status).toBe('reserved');
  await snap(page, 'loop-eq-13-admin-stale');

  // On the fresh page: 送修保养 › 保养 board: its job › 合格 › back in stock.
  await page.locator('[data-testid=eq-act-send_to_maintenance]').click();
  await page.locator('[data-testid=eq-act-note]').fill('电池鼓包，送厂检修');
  await page.locator('[data-testid=eq-act-ok]').click();
  await page.locator('[data-testid=eq-unit-head] [data-testid=eq-status][data-status=maintenance]').waitFor();
  await page.locator('[data-testid=side-menu] .ant-menu-item', { hasText: '保养' }).click();
  await page.waitForURL(/\/equipment\/maintenance/);
  const job = page.locator('[data-testid=eq-mt-table] tr', { hasText: 'UAV-LOOP-02' });
  await job.waitFor();
  await snap(page, 'loop-eq-14-admin-maintenance');
  await job.locator('[data-testid=eq-mt-pass]').click();
  await page.locator('[data-testid=eq-mt-note]').fill('更换电池组，通电测试正常');
  await page.locator('[data-testid=eq-mt-ok]').click();
  await expectToast(page, '已记录：合格', 'loop-eq-pass-missing');
  expect((await ok(stack.env.req('GET', `/api/v1/equipment/units/${unitId}`, { token: keeper }))).status).toBe('available');
}, 240_000);
