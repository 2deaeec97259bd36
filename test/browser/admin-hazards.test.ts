/**
 * The hazard closed loop (隐患闭环) in the admin console, as the zone administrator of 开发区四期, with the grid
 * worker and the enterprise acting through the api: a hazard reported by the grid worker is found in the ledger,
 * graded in its detail page (the statutory checklist clauses for the enterprise; ticking one forces 重大), the
 * enterprise rectifies with an after-photo and the page follows live, the office closes it; the timeline, the
 * rectification notice (.docx) and the statistics. Then bulk dismissal in the ledger, someone else acting first
 * while the grading dialog is open (explained, refreshed), the major-hazard board with 挂牌督办, the overdue board
 * and the Excel ledger. The detail page names the next planned escalation (stage in words, time on the zone's
 * clock). Screenshots of each step go to test/artifacts/screenshots (admin-hz-*.png).
 *
 * Stable selectors for other tests: hz-q, hz-search, hz-link, hz-action-<confirm|approve|reject|dismiss|reopen>,
 * hz-action-ok, hz-grade, hz-responsible, hz-clause-<code>, hz-notice, hz-export, hz-status, hz-event, hz-timeline.
 */
import ExcelJS from 'exceljs';
import sharp from 'sharp';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { expectToast, adminSession, type AdminSession, snap } from '../support/browser.ts';
import { startStack, type Stack } from '../support/stack.ts';
import { eventually } from '../support/wait.ts';

let stack: Stack;
let browser: AdminSession['browser'];
let context: BrowserContext;
let page: Page;
let enterprise: { id: string; name: string };

interface HazardRow {
  id: string;
  code: string;
  status: string;
  version: number;
  enterpriseName: string;
}

/** A site photo (a switchboard; open or closed door) as a JPEG. */
function photo(door: string): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480">
    <rect width="640" height="480" fill="#8a8f94"/><rect y="360" width="640" height="120" fill="#5d6166"/>
    <rect x="200" y="80" width="240" height="300" fill="#d8d4c8" stroke="#333" stroke-width="6"/>
    <rect x="220" y="110" width="200" height="240" fill="${door}"/>
    <path d="M240 150 h160 M240 200 h160 M240 250 h160" stroke="#c0392b" stroke-width="8"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
}

async function upload(username: string, purpose: string, picture: Buffer): Promise<string> {
  const form = new FormData();
  form.append('purpose', purpose);
  form.append('file', new Blob([new Uint8Array(picture)], { type: 'image/jpeg' }), 'photo.jpg');
  const r = await fetch(`${stack.env.url}/api/v1/files`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await stack.token(username)}`, 'idempotency-key': `t-${Math.random()}` },
    body: form,
  });
  expect(r.status).toBe(201);
  return ((await r.json()) as { id: string }).id;
}

async function report(description: string, categoryCode: string, extra: Record<string, unknown> = {}): Promise<HazardRow> {
  const photoId = await upload('grid1', 'hazard_photo', await photo('#2c3e50'));
  const r = await stack.env.req('POST', '/api/v1/hazards', {
    token: await stack.token('grid1'),
    headers: { 'idempotency-key': `h-${Math.random()}` },
    body: {
      enterpriseId: enterprise.id,
      source: 'grid_patrol',
      categoryCode,
      description,
      place: '二号车间东侧',
      photoIds: [photoId],
      ...extra,
    },
  });
  expect(r.status).toBe(201);
  return r.body;
}

async function hazard(id: string, username = 'admin'): Promise<HazardRow> {
  return (await stack.env.req('GET', `/api/v1/hazards/${id}`, { token: await stack.token(username) })).body;
}

async function transition(username: string, id: string, body: Record<string, unknown>): Promise<void> {
  const h = await hazard(id, username);
  const r = await stack.env.req('POST', `/api/v1/hazards/${id}/transitions`, {
    token: await stack.token(username),
    body: { version: h.version, ...body },
  });
  expect(r.status).toBe(200);
}

function menuItem(p: Page, text: string): Locator {
  return p.locator('[data-testid=side-menu] .ant-menu-item', { hasText: text });
}
function toast(p: Page, text: string): Promise<void> {
  return expectToast(p, text, 'admin-hz-failed');
}
const status = (p: Page) => p.locator('[data-testid=hz-head] [data-testid=hz-status]').getAttribute('data-status');

beforeAll(async () => {
  stack = await startStack();
  // The enterprise of the demo's enterprise users (in the grid worker's grid).
  const me = await stack.env.req('GET', '/api/v1/me', { token: await stack.token('ent-admin') });
  const e = await stack.env.req('GET', `/api/v1/enterprises/${me.body.enterpriseId}`, { token: await stack.token('admin') });
  enterprise = { id: e.body.id, name: e.body.name };
  ({ browser, context, page } = await adminSession(stack, 'admin'));
}, 150_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await stack?.close();
});

test('a reported hazard is found, graded with the checklist, rectified by the enterprise and closed; notice and statistics', async () => {
  const h = await report('配电箱柜门缺失，内部接线裸露，未设置漏电保护', 'electrical');

  // The ledger: find it by its code.
  await menuItem(page, '隐患台账').click();
  await page.waitForURL(/\/hazards$/);
  await page.locator('[data-testid=hz-q]').fill(h.code);
  await page.locator('[data-testid=hz-search]').click();
  await page.waitForURL(/q=/);
  const row = page.locator('[data-testid=hz-table] .ant-table-row', { hasText: h.code });
  await row.waitFor();
  expect(await row.textContent()).toContain(enterprise.name);
  expect(await row.locator('[data-testid=hz-status]').textContent()).toBe('待确认');
  await snap(page, 'admin-hz-01-ledger');

  // The detail page: the report with its photo on the timeline.
  await row.locator('[data-testid=hz-link]').click();
  await page.waitForURL(new RegExp(`/hazards/${h.id}$`));
  await page.locator('[data-testid=hz-code]', { hasText: h.code }).waitFor();
  await page.locator('[data-testid=hz-photos] img').first().waitFor();
  expect(await page.locator('[data-testid=hz-event]').count()).toBe(1);
  await snap(page, 'admin-hz-02-detail');

  // Grading: the statutory clauses for this enterprise; a ticked clause makes it 重大 (一般 is disabled).
  await page.locator('[data-testid=hz-action-confirm]').click();
  const dialog = page.locator('.ant-modal-wrap:visible');
  await dialog.locator('[data-testid=hz-checklist]', { hasText: '工贸企业重大事故隐患判定标准' }).waitFor();
  await dialog.locator('[data-testid=hz-clause-3-2]', { hasText: '特种作业人员' }).waitFor();
  await dialog.locator('[data-testid=hz-clause-3-2] input').check();
  await dialog.locator('.ant-form-item-extra', { hasText: '必须定为重大隐患' }).waitFor();
  expect(await dialog.locator('[data-testid=hz-grade] input[value=general]').isDisabled()).toBe(true);
  expect(await dialog.locator('[data-testid=hz-grade] input[value=major]').isChecked()).toBe(true);
  await snap(page, 'admin-hz-03-confirm-major-forced');
  // Not a checklist case here: untick, grade 一般, fix by the deadline; the principal is offered as responsible.
  await dialog.locator('[data-testid=hz-clause-3-2] input').uncheck();
  await dialog.locator('[data-testid=hz-grade] label', { hasText: '一般隐患' }).click();
  expect(await dialog.locator('[data-testid=hz-responsible]').inputValue()).not.toBe('');
  await dialog.locator('[data-testid=hz-responsible]').fill('王立新');
  await snap(page, 'admin-hz-04-confirm-general');
  await dialog.locator('[data-testid=hz-action-ok]').click();
  await toast(page, '确认定级：已完成');
  expect(
    await eventually(
      () => status(page),
      (s) => s === 'confirmed',
    ),
  ).toBe('confirmed');
  expect(await page.locator('[data-testid=hz-head]').textContent()).toContain('一般隐患');

  // The planned escalations: the next stage in words and its time on the zone's clock (the default policy's
  // first stage, 3 days before a deadline a week away).
  const next = await eventually(
    async () =>
      (await stack.env.req('GET', `/api/v1/hazards/${h.id}`, { token: await stack.token('admin') })).body.nextEscalation,
    (n) => !!n,
  );
  expect(next).toMatchObject({ stage: 'remind-3d', label: '到期前3天提醒责任人' });
  // The zone's clock (Asia/Shanghai, UTC+8 without summer time): 12月13日 23:59.
  const local = new Date(Date.parse(next.at) + 8 * 3600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  const when = `${local.getUTCMonth() + 1}月${local.getUTCDate()}日 ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
  expect(when).toMatch(/^\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/);
  const planned = page.locator('[data-testid=hz-next-escalation]');
  if (!(await planned.count())) await page.reload();
  await planned.waitFor();
  expect(await planned.textContent()).toBe(`到期前3天提醒责任人 · ${when}`);
  await planned.scrollIntoViewIfNeeded();
  await snap(page, 'admin-hz-04b-next-escalation');

  // The enterprise rectifies (through the api, as in the mini-program) with an after-photo.
  await transition('ent-admin', h.id, { action: 'start' });
  const after = await upload('ent-admin', 'rectification_photo', await photo('#7f8c8d'));
  await transition('ent-admin', h.id, {
    action: 'submit',
    photoIds: [after],
    measures: '更换带锁配电箱门，加装漏电保护器，线路穿管敷设',
    cost: 1800,
  });

  // The page follows live (hazard.changed): 待复核 with the after-photo, and the review buttons.
  await page.locator('[data-testid=hz-action-approve]').waitFor();
  expect(await status(page)).toBe('pending_review');
  await page.locator('[data-testid=hz-after-photos] img').first().waitFor();
  expect(await page.locator('body').textContent()).toContain('加装漏电保护器');
  await snap(page, 'admin-hz-05-pending-review');

  // Close it.
  await page.locator('[data-testid=hz-action-approve]').click();
  await page.locator('.ant-modal-wrap:visible [data-testid=hz-comment]').fill('现场复核，整改到位');
  await page.locator('.ant-modal-wrap:visible [data-testid=hz-action-ok]').click();
  await toast(page, '复核通过：已完成');
  expect(
    await eventually(
      () => status(page),
      (s) => s === 'closed',
    ),
  ).toBe('closed');

  // The timeline: reported, graded, started, submitted, closed — in that order, with who did it.
  const events = page.locator('[data-testid=hz-timeline] [data-testid=hz-event]');
  await eventually(
    () => events.count(),
    (n) => n === 5,
  );
  const actions = await events.evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
  expect(actions).toEqual(['report', 'confirm', 'start', 'submit', 'approve']);
  const timeline = (await page.locator('[data-testid=hz-timeline]').textContent()) ?? '';
  // The demo's people by their names (the grid worker reported, the administrator graded and closed).
  for (const who of ['grid1', 'admin'])
    expect(timeline).toContain((await stack.env.req('GET', '/api/v1/me', { token: await stack.token(who) })).body.name);
  expect(timeline).toContain('现场复核，整改到位');
  await snap(page, 'admin-hz-06-closed-timeline');

  // The rectification notice downloads as a Word document.
  const [notice] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=hz-notice]').click()]);
  expect(notice.suggestedFilename()).toBe(`隐患整改通知书-${h.code}.docx`);
  const { readFile } = await import('node:fs/promises');
  const doc = await readFile((await notice.path())!);
  expect(doc.subarray(0, 2).toString()).toBe('PK');
  expect(doc.length).toBeGreaterThan(2000);

  // The statistics count it: reported, closed on time, under its category and its enterprise.
  await menuItem(page, '隐患统计').click();
  await page.waitForURL(/\/hazards\/stats$/);
  await page.locator('[data-testid=stats-total]').waitFor();
  // The demo zone has a year of hazards: the page shows what the api counts (this one included).
  const stats = (await stack.env.req('GET', '/api/v1/hazards/stats', { token: await stack.token('admin') })).body as {
    byStatus: Record<string, number>;
    onTimeRate: number | null;
    byEnterprise: Array<{ enterpriseName: string; count: number }>;
  };
  const total = Object.values(stats.byStatus).reduce((a, b) => a + b, 0);
  expect(stats.byStatus.closed).toBeGreaterThan(0);
  expect(await page.locator('[data-testid=stats-total]').textContent()).toContain(String(total));
  expect(await page.locator('[data-testid=stats-ontime]').textContent()).toContain(
    String(Math.round(stats.onTimeRate! * 1000) / 10),
  );
  // Its enterprise is counted (the api's list), and the table shows that list, most hazards first: the demo's
  // enterprises with more hazards may keep this one off the first page.
  expect(stats.byEnterprise.find((e) => e.enterpriseName === enterprise.name)?.count).toBeGreaterThanOrEqual(1);
  const top = stats.byEnterprise[0]!;
  const firstRow = page.locator('[data-testid=stats-enterprises] .ant-table-row').first();
  await firstRow.filter({ hasText: top.enterpriseName }).waitFor();
  expect(await firstRow.textContent()).toContain(String(top.count));
  await page.locator('[data-testid=stats-status] canvas').waitFor();
  expect(await page.locator('[data-testid=stats-periods] .ant-table-row').count()).toBeGreaterThanOrEqual(5);
  await snap(page, 'admin-hz-07-stats');
});

test('bulk dismissal, someone acting first, the major-hazard board with 挂牌督办, the overdue board and the Excel ledger', async () => {
  const dup1 = await report('消防通道堆放纸箱杂物（重复上报）', 'fire');
  const dup2 = await report('消防通道堆放纸箱（同一处，重复上报）', 'fire');
  const major = await report('外包施工单位在厂区动火作业，企业未统一协调管理、未进行安全检查', 'management', {
    majorChecklistItems: ['3-1'],
  });
  const late = await report('仓库灭火器压力不足', 'fire');
  await transition('admin', late.id, {
    action: 'confirm',
    grade: 'general',
    treatment: 'deadline',
    responsibleName: '王立新',
  });
  // Its deadline passed two days ago (as if time went by).
  await stack.env.api.c.orm.em
    .getConnection()
    .execute('UPDATE hazards SET deadline = ? WHERE id = ?', [new Date(Date.now() - 2 * 86_400_000), late.id]);

  // Bulk: select the two duplicates among the hazards to confirm, dismiss both with one reason.
  await menuItem(page, '隐患台账').click();
  await page.waitForURL(/\/hazards$/);
  const table = page.locator('[data-testid=hz-table]');
  for (const h of [dup1, dup2]) await table.locator('.ant-table-row', { hasText: h.code }).locator('.ant-checkbox-input').check();
  const bulk = page.locator('[data-testid=hz-bulk]');
  await bulk.waitFor();
  expect(await bulk.textContent()).toContain('已选 2 项');
  await page.locator('[data-testid=hz-bulk-dismiss]').click();
  await page.locator('.ant-modal-wrap:visible textarea').fill('同一处隐患重复上报');
  await snap(page, 'admin-hz-08-bulk-dismiss');
  await page.locator('[data-testid=hz-bulk-ok]').click();
  await toast(page, '已处理 2 项');
  for (const h of [dup1, dup2]) {
    const r = table.locator('.ant-table-row', { hasText: h.code }).locator('[data-testid=hz-status]');
    expect(
      await eventually(
        () => r.textContent(),
        (s) => s === '已驳回',
      ),
    ).toBe('已驳回');
  }

  // Someone else grades the major hazard while the dialog is open: the page explains and refreshes.
  await table.locator('.ant-table-row', { hasText: major.code }).locator('[data-testid=hz-link]').click();
  await page.waitForURL(new RegExp(`/hazards/${major.id}$`));
  await page.locator('[data-testid=hz-action-confirm]').click();
  const dialog = page.locator('.ant-modal-wrap:visible');
  await dialog.locator('[data-testid=hz-clause-3-1] input').waitFor();
  // The reporter's clause is ticked: 重大 is forced.
  expect(await dialog.locator('[data-testid=hz-clause-3-1] input').isChecked()).toBe(true);
  expect(await dialog.locator('[data-testid=hz-grade] input[value=major]').isChecked()).toBe(true);
  await dialog.locator('[data-testid=hz-responsible]').fill('陈主任');
  await transition('safety', major.id, { action: 'confirm', grade: 'major', responsibleName: '企业主要负责人' });
  await dialog.locator('[data-testid=hz-action-ok]').click();
  await toast(page, '已被他人修改，已为您刷新');
  expect(
    await eventually(
      () => status(page),
      (s) => s === 'confirmed',
    ),
  ).toBe('confirmed');
  await snap(page, 'admin-hz-09-someone-first');

  // The major-hazard board: what is missing; list it for supervision and record the report to the authority.
  await menuItem(page, '重大隐患督办').click();
  await page.waitForURL(/\/hazards\/major$/);
  const majorRow = page.locator('[data-testid=major-table] .ant-table-row', { hasText: major.code });
  await majorRow.waitFor();
  expect(await majorRow.textContent()).toContain('未挂牌');
  expect(await majorRow.textContent()).toContain('未报告主管部门');
  await snap(page, 'admin-hz-10-major-board');
  await majorRow.locator('a', { hasText: '督办处理' }).click();
  await page.waitForURL(new RegExp(`/hazards/${major.id}$`));
  await page.locator('[data-testid=hz-supervise]').click();
  await page.locator('[data-testid=hz-ledger-no]').fill('督办〔2026〕1号');
  await page.locator('[data-testid=hz-supervise-ok]').click();
  await toast(page, '已挂牌督办');
  await page.locator('[data-testid=hz-major]', { hasText: '已挂牌（督办〔2026〕1号）' }).waitFor();
  await page.locator('[data-testid=hz-reported]').click();
  await page.locator('.ant-popconfirm:visible .ant-btn-primary').click();
  await toast(page, '已登记报告时间');
  await snap(page, 'admin-hz-11-major-supervised');
  await menuItem(page, '重大隐患督办').click();
  const listed = page.locator('[data-testid=major-table] .ant-table-row', { hasText: major.code });
  expect(
    await eventually(
      async () => (await listed.textContent()) ?? '',
      (s) => s.includes('督办〔2026〕1号'),
    ),
  ).toContain('督办〔2026〕1号');
  expect(await listed.textContent()).not.toContain('未报告主管部门');

  // The overdue board: the late hazard, two days overdue, escalated per the zone's policy.
  await menuItem(page, '逾期督办').click();
  await page.waitForURL(/\/hazards\/overdue$/);
  const lateRow = page.locator('[data-testid=overdue-table] .ant-table-row', { hasText: late.code });
  await lateRow.waitFor();
  expect(await lateRow.textContent()).toContain('逾期 2 天');
  expect(await lateRow.textContent()).toContain('安监办');
  await snap(page, 'admin-hz-12-overdue');

  // The ledger as Excel, with the filters of the page.
  await menuItem(page, '隐患台账').click();
  await page.waitForURL(/\/hazards$/);
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=hz-export]').click()]);
  expect(xlsx.suggestedFilename()).toMatch(/^隐患台账-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile((await xlsx.path())!);
  const text = JSON.stringify(wb.worksheets[0]!.getSheetValues());
  for (const h of [dup1, dup2, major, late]) expect(text).toContain(h.code);
});
