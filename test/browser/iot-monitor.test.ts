/**
 * IoT monitoring in the admin console (real api and worker, demo zone 开发区四期): the safety officer registers a
 * combustible-gas detector of ent-admin's enterprise on the site plan (the secret is shown once), the test posts
 * signed readings as the device (POST /iot/ingest with the device's Basic credentials: zoneCode/deviceCode:secret)
 * — first normal, then a leak crossing level 2 (58 %LEL ≥ 50) — and the officer, on 实时监测, sees it live: the red
 * banner (device, value, a beep counted in data-beeps) on whatever page, the marker turning red (data-state l2) and
 * the alarm in the side list. The officer opens it from the banner, acknowledges it (the banner goes), records the
 * handling (cause 设备设施缺陷, measures, a photo, 处置时一并恢复) and the alarm is closed; the level-2 raise opened a
 * hazard, which is linked on the alarm and is in the hazards list, still open (the hazard follows its own loop).
 * A second test walks 报警列表, 设备台账 (new device: the secret shown once), 报警规则 (a level 2 below level 1 is
 * refused on its field) and 报警统计.
 * Screenshots: $IOT_SHOTS (default test/artifacts/screenshots) iot-*.png.
 *
 * Stable selectors (admin): alarm-banner (data-alarm, data-severity, data-beeps), alarm-banner-view,
 * alarm-banner-ack, alarm-banner-mute, iot-marker (data-id, data-state), iot-active-alarm, iot-device-drawer,
 * iot-device-chart, iot-alarm-detail (data-status), iot-ack, iot-close, iot-close-dialog, iot-cause, iot-measures,
 * iot-close-photos, iot-force-clear, iot-close-ok, iot-hazard-link, iot-timeline, iot-ev (data-action),
 * iot-alarm-table, iot-device-table, iot-device-create, iot-device-form, iot-secret-modal, iot-secret,
 * iot-rule-form, iot-rule-l1, iot-rule-l2, iot-rule-save, iot-stats-kpis.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { adminSession, ARTIFACTS, expectToast, type AdminSession } from '../support/browser.ts';
import { ok, sitePhoto } from '../support/inspection.ts';
import { startStack, type Stack } from '../support/stack.ts';
import { eventually } from '../support/wait.ts';

const SHOTS = process.env.IOT_SHOTS ?? join(ARTIFACTS, 'screenshots');
const ZONE = 'siqi';
const CODE = 'GAS-E2E-01';
const NAME = '喷涂车间可燃气体探测器（测试）';

let stack: Stack;
let admin: AdminSession;
let safety: string;
let device: { id: string; code: string; secret: string };
let enterprise: { id: string; name: string };

async function shot(p: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await p.waitForTimeout(400);
  await p.screenshot({ path: join(SHOTS, `${name}.png`), timeout: 90_000 });
}

/** Posts readings as the device itself (HTTP batch, device Basic auth); returns the per-reading report. */
async function publish(readings: Array<{ ts: number; v: Record<string, number> }>): Promise<Record<string, any>> {
  const auth = Buffer.from(`${ZONE}/${device.code}:${device.secret}`).toString('base64');
  return ok(
    stack.env.req('POST', '/api/v1/iot/ingest', {
      headers: { authorization: `Basic ${auth}` },
      body: { readings: readings.map((r) => ({ device: device.code, ...r })) },
    }),
  );
}

/** An import workbook: the header row of IOT_IMPORT_COLUMNS and the rows given by column name. */
async function importSheet(rows: Array<Record<string, string | number>>): Promise<Buffer> {
  const { IOT_IMPORT_COLUMNS } = await import('../../packages/contracts/src/iot.ts');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('物联网设备');
  ws.addRow([...IOT_IMPORT_COLUMNS]);
  for (const r of rows) ws.addRow(IOT_IMPORT_COLUMNS.map((c) => r[c] ?? null));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function option(p: Page, text: string): Promise<void> {
  const opt = p.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first();
  await opt.waitFor();
  await opt.click();
}

beforeAll(async () => {
  stack = await startStack();
  safety = await stack.token('safety');
  const entToken = await stack.token('ent-admin');
  const me = await ok(stack.env.req('GET', '/api/v1/me', { token: entToken }));
  const e = await ok(stack.env.req('GET', `/api/v1/enterprises/${me.enterpriseId}`, { token: safety }));
  enterprise = { id: e.id, name: e.name };
  const created = await ok(
    stack.env.req('POST', '/api/v1/iot/devices', {
      token: safety,
      body: {
        code: CODE,
        name: NAME,
        type: 'gas_combustible',
        enterpriseId: enterprise.id,
        keyPlace: '喷涂作业',
        location: '喷涂车间东侧',
        mapX: 0.46,
        mapY: 0.42,
      },
    }),
    201,
  );
  device = { id: created.device.id, code: created.device.code, secret: created.secret };
  expect(created.secret.length).toBeGreaterThan(20);
  admin = await adminSession(stack, 'safety', 60_000);
}, 360_000);

afterAll(async () => {
  await admin?.context.close();
  await admin?.browser.close();
  await stack?.close();
});

test('a level-2 gas leak shows live on the monitor and the banner; the officer acknowledges and handles it; the hazard is open', async () => {
  const { page } = admin;
  await page.goto(`${stack.adminUrl}/iot/monitor`);
  const marker = page.locator(`[data-testid=iot-marker][data-id="${device.id}"]`);
  await marker.waitFor();

  // Normal readings: the marker is green.
  const now = Date.now();
  const normal = await publish([
    { ts: now - 40_000, v: { gas_lel: 1.2 } },
    { ts: now - 30_000, v: { gas_lel: 1.6 } },
  ]);
  expect(normal.accepted).toBe(2);
  await page.locator(`[data-testid=iot-marker][data-id="${device.id}"][data-state=normal]`).waitFor({ timeout: 45_000 });
  await shot(page, 'iot-01-monitor-normal');

  // The leak: 31 then 58 %LEL (level 1, then level 2).
  const leak = await publish([
    { ts: now - 20_000, v: { gas_lel: 31 } },
    { ts: now - 10_000, v: { gas_lel: 58 } },
  ]);
  expect(leak.accepted).toBe(2);
  // The banner shows the most severe alarm (the demo zone may have a level-1 one waiting too).
  const banner = page.locator('[data-testid=alarm-banner]');
  await page.locator(`[data-testid=alarm-banner][data-severity=critical]`).waitFor({ timeout: 30_000 });
  await expect(banner.textContent()).resolves.toContain(NAME);
  await page.locator(`[data-testid=iot-marker][data-id="${device.id}"][data-state=l2]`).waitFor({ timeout: 30_000 });
  // The jump from 1.6 to 31 within a minute also raised a rate-of-rise alarm: the level-2 one is listed too.
  const item = page
    .locator(`[data-testid=iot-active-alarm][data-device="${device.id}"]`)
    .filter({ has: page.locator('[data-severity=critical]') });
  await item.waitFor({ timeout: 30_000 });
  // The beep rang at least once (counted by the banner; the sound itself is WebAudio).
  expect(Number(await banner.getAttribute('data-beeps'))).toBeGreaterThanOrEqual(1);
  await shot(page, 'iot-02-monitor-alarm');

  // The device's drawer: latest value and the 24 h chart with set points.
  await marker.click();
  const drawer = page.locator('[data-testid=iot-device-drawer]');
  await drawer.locator('[data-testid=iot-latest]').waitFor();
  await drawer.locator('[data-testid=iot-device-chart] canvas').waitFor();
  await shot(page, 'iot-03-monitor-drawer');
  await page.keyboard.press('Escape');

  // The banner follows to any page (隐患台账 through the menu), and comes back after a reload (still unacknowledged).
  await page.locator('[data-testid=side-menu] .ant-menu-item', { hasText: '隐患台账' }).click();
  await page.locator('[data-testid=hz-table]').waitFor();
  await banner.waitFor();
  await page.reload();
  await page.locator('[data-testid=hz-table]').waitFor();
  await page.locator('[data-testid=alarm-banner][data-severity=critical]').waitFor({ timeout: 30_000 });
  await shot(page, 'iot-04-banner-other-page');
  const alarmId = await banner.getAttribute('data-alarm');
  await page.locator('[data-testid=alarm-banner-view]').click();
  const detail = page.locator(`[data-testid=iot-alarm-detail][data-id="${alarmId}"]`);
  await detail.waitFor();
  await expect(detail.getAttribute('data-status')).resolves.toBe('active_unack');
  // The level-2 raise opened a hazard (linked on the alarm).
  await eventually(
    async () => {
      if (await page.locator('[data-testid=iot-hazard-link]').count()) return true;
      await page.reload();
      await detail.waitFor();
      return false;
    },
    (v) => v,
    30_000,
    1500,
  );
  await page.locator('[data-testid=iot-hazard-link]').waitFor();
  await shot(page, 'iot-05-alarm-detail');

  // 确认: the banner goes (the ack push), the status moves.
  await page.locator('[data-testid=iot-ack]').click();
  await expectToast(page, '已确认报警', 'iot-ack-failed');
  await page.locator('[data-testid=iot-alarm-detail][data-status=active_ack]').waitFor();
  await page.locator(`[data-testid=alarm-banner][data-alarm="${alarmId}"]`).waitFor({ state: 'detached', timeout: 30_000 });

  // 处置: cause, measures, photo, cleared with the record (the gas is still high).
  await page.locator('[data-testid=iot-close]').click();
  const dialog = page.locator('.ant-modal', { has: page.locator('[data-testid=iot-measures]') });
  await dialog.waitFor();
  await dialog.locator('[data-testid=iot-cause]').click();
  await option(page, '设备设施缺陷');
  await dialog.locator('[data-testid=iot-measures]').fill('喷涂车间供气管法兰垫片老化泄漏，已关阀更换垫片，通风后复测 0 %LEL');
  await dialog
    .locator('[data-testid=iot-close-photos] input[type=file]')
    .setInputFiles({ name: '处置现场.jpg', mimeType: 'image/jpeg', buffer: await sitePhoto() });
  await dialog.locator('[data-testid=iot-close-photos] .ant-upload-list-item-done').first().waitFor();
  await dialog.locator('[data-testid=iot-force-clear]').check();
  await shot(page, 'iot-06-handling-form');
  await dialog.locator('[data-testid=iot-close-ok]').click();
  await expectToast(page, '已处置', 'iot-close-failed');
  await page.locator('[data-testid=iot-alarm-detail][data-status=closed]').waitFor();
  await page.locator('[data-testid=iot-handling]').waitFor();
  await page.locator('[data-testid=iot-handling-photos] img').first().waitFor();
  await page.locator('[data-testid=iot-ev][data-action=close]').waitFor();
  await shot(page, 'iot-07-alarm-closed');

  // The api agrees: closed with the handling record, a hazard linked and still open.
  const a = await ok(stack.env.req('GET', `/api/v1/iot/alarms/${alarmId}`, { token: safety }));
  expect(a.status).toBe('closed');
  expect(a.handling.cause).toBe('equipment');
  expect(a.handling.photoIds).toHaveLength(1);
  expect(a.hazardId).toBeTruthy();
  const h = await ok(stack.env.req('GET', `/api/v1/hazards/${a.hazardId}`, { token: safety }));
  expect(h.enterpriseId).toBe(enterprise.id);
  expect(['closed', 'dismissed']).not.toContain(h.status);

  // The hazard is in the hazards list.
  const code = (await page.locator('[data-testid=iot-hazard-link]').textContent())!.trim();
  expect(code).toBe(h.code);
  await page.goto(`${stack.adminUrl}/hazards`);
  await page.locator('[data-testid=hz-q]').fill(code);
  await page.locator('[data-testid=hz-search]').click();
  await page.locator('[data-testid=hz-table] .ant-table-row', { hasText: code }).waitFor();
  await shot(page, 'iot-08-hazard-in-list');
}, 300_000);

test('the other IoT pages: alarms list, device ledger with a new device (secret once), rules refused on the field, statistics', async () => {
  const { page } = admin;
  await page.goto(`${stack.adminUrl}/iot/monitor`);
  await page.locator('[data-testid=iot-marker]').first().waitFor();
  await shot(page, 'iot-00-monitor');
  await page.goto(`${stack.adminUrl}/iot/alarms?status=all`);
  await page.locator('[data-testid=iot-alarm-table] .ant-table-row, [data-testid=iot-alarm-table] .ant-empty').first().waitFor();
  await shot(page, 'iot-09-alarms-list');

  await page.goto(`${stack.adminUrl}/iot/devices`);
  await page.locator('[data-testid=iot-device-table] .ant-table-row').first().waitFor();
  await page.locator('[data-testid=iot-device-create]').click();
  const form = page.locator('.ant-modal', { has: page.locator('[data-testid=iot-device-name]') });
  await form.waitFor();
  await form.locator('[data-testid=iot-device-code-input]').fill('NH3-E2E-01');
  await form.locator('[data-testid=iot-device-type]').click();
  await option(page, '氨气探测器');
  await form.locator('[data-testid=iot-device-name]').fill('冷库机房氨气探测器（测试）');
  await form.locator('[data-testid=iot-pick-point]').click();
  const picker = form.locator('[data-testid=iot-picker]');
  await picker.waitFor();
  const box = (await picker.boundingBox())!;
  await page.mouse.click(box.x + box.width * 0.6, box.y + box.height * 0.5);
  await form.locator('[data-testid=iot-picked]').waitFor();
  await shot(page, 'iot-10-device-form');
  await form.locator('[data-testid=iot-device-save]').click();
  const secret = page.locator('[data-testid=iot-secret]');
  await secret.waitFor();
  expect(((await secret.textContent()) ?? '').length).toBeGreaterThan(20);
  await shot(page, 'iot-11-device-secret');
  await page.locator('[data-testid=iot-secret-done]').click();
  await page.locator('[data-testid=iot-q]').fill('E2E');
  await page.locator('[data-testid=iot-devices-search]').click();
  await page.locator('[data-testid=iot-device-table] .ant-table-row', { hasText: 'NH3-E2E-01' }).waitFor();
  await shot(page, 'iot-12-devices');

  // Excel import: a wrong type is reported by row and column (nothing written), the fixed file imports and the new
  // device's secret is listed once.
  await page.locator('[data-testid=iot-import]').click();
  const modal = page.locator('.ant-modal', { has: page.locator('[data-testid=iot-template]') });
  await modal.waitFor();
  const row = {
    设备编码: 'TEMP-E2E-01',
    设备名称: '锂电池仓库温度传感器（导入测试）',
    安装位置: '锂电池仓库北墙',
    标定到期: '2027-06-30',
  };
  await modal.locator('input[type=file]').setInputFiles({
    name: 'bad.xlsx',
    mimeType: 'application/octet-stream',
    buffer: await importSheet([{ ...row, 设备类型: '温度计' }]),
  });
  await modal.locator('[data-testid=iot-import-report] .ant-table-row').first().waitFor();
  await shot(page, 'iot-12b-import-report');
  await modal.locator('input[type=file]').setInputFiles({
    name: 'ok.xlsx',
    mimeType: 'application/octet-stream',
    buffer: await importSheet([{ ...row, 设备类型: '温度传感器' }]),
  });
  await modal.locator('[data-testid=iot-import-ok]').waitFor();
  await modal.locator('[data-testid=iot-import-commit]').click();
  await modal.locator('[data-testid=iot-import-done]').waitFor();
  await modal.locator('[data-testid=iot-import-secrets] .ant-table-row', { hasText: 'TEMP-E2E-01' }).waitFor();
  await shot(page, 'iot-12c-import-done');
  await page.keyboard.press('Escape');
  const imported = await ok(stack.env.req('GET', '/api/v1/iot/devices?q=TEMP-E2E-01', { token: safety }));
  expect(imported.items).toHaveLength(1);
  expect(imported.items[0].type).toBe('temperature');

  // Rules: level 2 below level 1 is refused on the level-2 field; nothing is saved.
  await page.goto(`${stack.adminUrl}/iot/rules?scope=type&deviceType=gas_combustible`);
  const rules = page.locator('[data-testid=iot-rule-form]');
  const l2 = rules.locator('input[data-testid=iot-rule-l2], [data-testid=iot-rule-l2] input').first();
  await l2.waitFor();
  await l2.fill('20');
  await page.locator('[data-testid=iot-rule-save]').click();
  await rules.locator('.ant-form-item-explain-error', { hasText: '二级' }).waitFor();
  await shot(page, 'iot-13-rules-refused');
  await l2.fill('45');
  await rules
    .locator('input[data-testid=iot-rule-note], [data-testid=iot-rule-note] input')
    .first()
    .fill('按专家意见下调高报值（测试）');
  await page.locator('[data-testid=iot-rule-save]').click();
  await expectToast(page, '规则已保存', 'iot-rules-failed');
  await page.locator('[data-testid=iot-rule-history] .ant-table-row').first().waitFor();
  await shot(page, 'iot-14-rules-saved');
  const saved = await ok(stack.env.req('GET', '/api/v1/iot/rules?deviceType=gas_combustible', { token: safety }));
  expect(saved.active.rules.conditions[0].level2).toBe(45);

  await page.goto(`${stack.adminUrl}/iot/stats`);
  await page.locator('[data-testid=iot-stats-kpis]').waitFor();
  await shot(page, 'iot-15-stats');
}, 300_000);

test('in English: the monitor, an alarm and the rules speak English (screenshots)', async () => {
  const { page } = admin;
  await page.evaluate(() => localStorage.setItem('yuanan:admin:lang', 'en'));
  try {
    await page.goto(`${stack.adminUrl}/iot/monitor`);
    await page.locator('[data-testid=iot-marker]').first().waitFor();
    await page.locator('[data-testid=side-menu]', { hasText: 'IoT monitoring' }).waitFor();
    await shot(page, 'iot-16-en-monitor');
    const alarms = await ok(stack.env.req('GET', '/api/v1/iot/alarms?status=closed&pageSize=1', { token: safety }));
    await page.goto(`${stack.adminUrl}/iot/alarms/${alarms.items[0].id}`);
    await page.locator('[data-testid=iot-timeline]').waitFor();
    await expect(page.locator('[data-testid=iot-alarm-detail]').textContent()).resolves.toContain('IoT platform');
    await shot(page, 'iot-17-en-alarm');
    await page.goto(`${stack.adminUrl}/iot/rules`);
    await page.locator('[data-testid=iot-rule-form]').waitFor();
    await shot(page, 'iot-18-en-rules');
  } finally {
    await page.evaluate(() => localStorage.setItem('yuanan:admin:lang', 'zh-CN'));
  }
}, 180_000);
