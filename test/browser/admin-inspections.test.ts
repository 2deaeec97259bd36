/**
 * Inspections in the admin console (检查巡查), as the demo's safety officer of 开发区四期: the default checklist
 * templates are there (待专家审核) and a published one opens read-only beside its preview; a new revision of another
 * is a draft whose edits show in the preview at once; a plan for one enterprise assigned to a grid worker is created
 * (按风险等级 shows the zone's table, the preview counts 1 enterprise) and generated; its task is in the list and
 * in the month calendar; the grid worker checks in and submits through the api (one failed item); the result page
 * shows the check-in proof (map, distance, inside the fence), the answers with their outcomes, the signature and
 * the hazard raised (its link opens the hazard); coverage by grid worker has the worker's row.
 * Screenshots: test/artifacts/screenshots/admin-ins-*.png.
 *
 * Stable selectors: tpl-table, tpl-link, tpl-needs-review, tpl-drawer, tpl-preview-item, tpl-readonly, tpl-revise,
 * tpl-item-text, tpl-save, plan-create, plan-name, plan-assignee-kind, plan-assignee-user, plan-enterprises,
 * plan-templates, plan-frequency-table, plan-save, plan-preview-count, plan-generate, ins-task-table,
 * ins-task-link, ins-view, ins-calendar-day, ins-proof, ins-distance, ins-inside, ins-answer, ins-hazard-link,
 * ins-signature, ins-record, cv-table, cv-row, ent-gate-qr, ent-gate-qr-image.
 */
import sharp from 'sharp';
import type { BrowserContext, Page } from 'playwright-core';
import { multipart, photoWithExif } from '../../api/src/testing/fixtures.ts';
import { adminSession, chooseOption, expectToast, snap, type AdminSession } from '../support/browser.ts';
import { startStack, type Stack } from '../support/stack.ts';
import { eventually } from '../support/wait.ts';

let stack: Stack;
let browser: AdminSession['browser'];
let context: BrowserContext;
let page: Page;
let enterprise: { id: string; name: string; lat: number | null; lng: number | null };
let gridWorker: { id: string; name: string };
const planName = `开发区四期消防专项巡查 ${Date.now() % 100000}`;

/** A zone date (Asia/Shanghai) of an instant: YYYY-MM-DD. */
const zoneDate = (iso: string) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(iso));

async function menu(p: Page, label: string, url: RegExp): Promise<void> {
  await p.locator('[data-testid=side-menu] .ant-menu-item', { hasText: label }).click();
  await p.waitForURL(url);
}

beforeAll(async () => {
  stack = await startStack();
  const safety = await stack.token('safety');
  const me = await stack.env.req('GET', '/api/v1/me', { token: await stack.token('ent-admin') });
  const e = await stack.env.req('GET', `/api/v1/enterprises/${me.body.enterpriseId}`, { token: safety });
  enterprise = { id: e.body.id, name: e.body.name, lat: e.body.lat, lng: e.body.lng };
  const g = await stack.env.req('GET', '/api/v1/me', { token: await stack.token('grid1') });
  gridWorker = { id: g.body.id, name: g.body.name };
  // Generous: the machine runs other suites at the same time.
  ({ browser, context, page } = await adminSession(stack, 'safety', 60_000));
}, 150_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await stack?.close();
});

test('templates: the defaults wait for an expert, a published one is read-only beside its preview, a revision is an editable draft', async () => {
  await menu(page, '检查表模板', /\/inspections\/templates/);
  const table = page.locator('[data-testid=tpl-table]');
  await table.locator('[data-testid=tpl-link]').first().waitFor();
  expect(await table.locator('[data-testid=tpl-link]').count()).toBeGreaterThanOrEqual(7);
  expect(await table.locator('[data-testid=tpl-needs-review]').count()).toBeGreaterThanOrEqual(7);
  await snap(page, 'admin-ins-00-templates');

  await table.locator('[data-testid=tpl-link]', { hasText: '消防安全检查表' }).click();
  const drawer = page.locator('.ant-drawer-section:visible');
  await drawer.locator('[data-testid=tpl-readonly]').waitFor();
  await drawer.locator('[data-testid=tpl-preview-item]').first().waitFor();
  const items = await drawer.locator('[data-testid=tpl-preview-item]').count();
  expect(items).toBeGreaterThan(3);
  // The editor shows the same items, disabled.
  expect(await drawer.locator('[data-testid=tpl-item]').count()).toBe(items);
  expect(await drawer.locator('[data-testid=tpl-item-text]').first().isDisabled()).toBe(true);
  await snap(page, 'admin-ins-01-template-published');
  await drawer.locator('.ant-drawer-close').click();

  // A new revision of another template: a draft; an edit shows in the preview at once and is saved.
  await table.locator('[data-testid=tpl-link]', { hasText: '锂电池' }).click();
  await drawer.locator('[data-testid=tpl-revise]').click();
  await expectToast(page, '版草稿', 'admin-ins-revise-missing');
  await drawer.locator('[data-testid=tpl-status][data-status=draft]').waitFor();
  const text = drawer.locator('[data-testid=tpl-item-text]').first();
  expect(await text.isDisabled()).toBe(false);
  await text.fill('是否按规定设置锂电池专用储存区并与其他区域有效分隔（修订）');
  await drawer.locator('[data-testid=tpl-preview-item]', { hasText: '（修订）' }).waitFor();

  // A key used twice is refused on the field before anything is sent.
  const keys = drawer.locator('[data-testid=tpl-item] input.mono');
  const secondKey = await keys.nth(1).inputValue();
  await keys.nth(1).fill(await keys.nth(0).inputValue());
  await drawer.locator('[data-testid=tpl-save]').click();
  await drawer.locator('.ant-form-item-explain-error', { hasText: '标识在本检查表中重复' }).first().waitFor();
  await keys.nth(1).fill(secondKey);
  // A name the api refuses (too short; the form only asks for one): its problem+json lands on the name field.
  const name = drawer.locator('[data-testid=tpl-name]');
  const nameBefore = await name.inputValue();
  await name.fill('锂');
  await drawer.locator('[data-testid=tpl-save]').click();
  const nameItem = drawer.locator('.ant-form-item', { has: page.locator('[data-testid=tpl-name]') });
  await nameItem.locator('.ant-form-item-explain-error').waitFor();
  await expectToast(page, '提交的内容有误', 'admin-ins-refusal-missing');
  await snap(page, 'admin-ins-02a-template-refused');
  await name.fill(nameBefore);
  await drawer.locator('[data-testid=tpl-save]').click();
  await expectToast(page, '已保存草稿', 'admin-ins-save-missing');
  await snap(page, 'admin-ins-02-template-draft');
  // Published, the revision is read-only too.
  await drawer.locator('[data-testid=tpl-publish]').click();
  await page.locator('[data-testid=tpl-publish-ok]').click();
  await expectToast(page, '第 2 版', 'admin-ins-publish-missing');
  await drawer.locator('[data-testid=tpl-status][data-status=published]').waitFor();
  await drawer.locator('[data-testid=tpl-readonly]').waitFor();
  await drawer.locator('.ant-drawer-close').click();
  await table.locator('tr', { hasText: '锂电池' }).locator('td', { hasText: 'v2' }).waitFor();
});

test('an agency with its inspector and a contract covering the enterprise is in force (生效中)', async () => {
  await menu(page, '第三方机构', /\/inspections\/agencies/);
  await page.locator('[data-testid=ag-create]').click();
  const modal = page.locator('.ant-modal:visible');
  await modal.locator('[data-testid=ag-name]').fill('金华安评技术服务有限公司');
  await modal.locator('[data-testid=ag-contact]').fill('赵敏');
  await modal.locator('[data-testid=ag-phone]').fill('13905790103');
  await chooseOption(page, modal.locator('[data-testid=ag-members]'), '钱永康');
  await page.keyboard.press('Escape');
  await modal.locator('[data-testid=ag-save]').click();
  await expectToast(page, '已新增机构', 'admin-ins-agency-missing');

  const row = page.locator('[data-testid=ag-table] tr', { hasText: '金华安评技术服务有限公司' }).first();
  await row.locator('[data-testid=ct-create]').click();
  const ct = page.locator('.ant-modal:visible');
  await ct.locator('[data-testid=ct-name]').fill('2026 年度第三方安全检查服务');
  const today = zoneDate(new Date().toISOString());
  const inputs = ct.locator('.ant-picker-range input');
  await inputs.nth(0).click();
  await inputs.nth(0).fill(today);
  await page.keyboard.press('Enter');
  await inputs.nth(1).fill(`${Number(today.slice(0, 4)) + 1}${today.slice(4)}`);
  await page.keyboard.press('Enter');
  await chooseOption(page, ct.locator('[data-testid=ct-enterprises]'), enterprise.name, enterprise.name.slice(0, 4));
  await page.keyboard.press('Escape');
  await ct.locator('[data-testid=ct-save]').click();
  await expectToast(page, '已新增合同', 'admin-ins-contract-missing');
  const contracts = page.locator('[data-testid=ag-contracts]', { hasText: '2026 年度第三方安全检查服务' });
  await contracts.locator('[data-testid=ct-state][data-state=active]').waitFor();
  await snap(page, 'admin-ins-02b-agency');
});

test('the safety officer creates a plan for one enterprise, sees whom it reaches, generates, and finds the task in the list and calendar', async () => {
  await menu(page, '检查计划', /\/inspections\/plans/);
  await page.locator('[data-testid=plan-create]').click();
  const drawer = page.locator('.ant-drawer-section:visible');
  await drawer.locator('[data-testid=plan-name]').fill(planName);
  await drawer.locator('[data-testid=plan-assignee-kind] label', { hasText: '指定人员' }).click();
  await chooseOption(page, drawer.locator('[data-testid=plan-assignee-user]'), gridWorker.name, gridWorker.name);
  await chooseOption(page, drawer.locator('[data-testid=plan-enterprises]'), enterprise.name, enterprise.name.slice(0, 4));
  await page.keyboard.press('Escape');
  await chooseOption(page, drawer.locator('[data-testid=plan-templates]'), '消防安全检查表');
  await page.keyboard.press('Escape');
  // 按风险等级 (the default) shows the zone's intervals.
  await drawer.locator('[data-testid=plan-frequency-table]', { hasText: '7 天一次' }).waitFor();
  await drawer.locator('[data-testid=plan-save]').click();
  await expectToast(page, '已创建计划', 'admin-ins-plan-missing');
  await drawer.locator('[data-testid=plan-preview-count]', { hasText: '1 家' }).waitFor();
  await snap(page, 'admin-ins-03-plan');
  await drawer.locator('.ant-drawer-close').click();

  const row = page.locator('[data-testid=plan-table] tr', { hasText: planName });
  await row.locator('[data-testid=plan-generate]').click();
  await expectToast(page, '已生成', 'admin-ins-generate-missing');

  const safety = await stack.token('safety');
  const tasks = await eventually(
    () => stack.env.req('GET', `/api/v1/inspection-tasks?enterpriseId=${enterprise.id}&pageSize=50`, { token: safety }),
    (r) => r.status === 200 && r.body.items.some((x: { planName: string }) => x.planName === planName),
  );
  const task = tasks.body.items.find((x: { planName: string }) => x.planName === planName);
  expect(task).toBeTruthy();

  await menu(page, '检查任务', /\/inspections\/tasks/);
  await page.goto(`${stack.adminUrl}/inspections/tasks?enterpriseId=${enterprise.id}`);
  await page.locator('[data-testid=ins-task-table] [data-testid=ins-task-link]', { hasText: enterprise.name }).first().waitFor();
  await snap(page, 'admin-ins-04-tasks');

  // The calendar of the task's month has it on its due day.
  const due = zoneDate(task.dueAt);
  await page.goto(`${stack.adminUrl}/inspections/tasks?view=calendar&month=${due.slice(0, 7)}`);
  const day = page.locator(`[data-testid=ins-calendar-day][data-date="${due}"]`);
  await day.waitFor();
  expect(await day.textContent()).toContain('待检查');
  await day.scrollIntoViewIfNeeded();
  await snap(page, 'admin-ins-05-calendar');
  // A day of the calendar lists that day's tasks.
  await day.click();
  await page.waitForURL(new RegExp(`from=${due}&to=${due}|to=${due}&from=${due}`));
  await page.locator('[data-testid=ins-task-table] [data-testid=ins-task-link]', { hasText: enterprise.name }).first().waitFor();
});

test('a done task: proof on the map, answers with outcomes, signature and the hazard raised; coverage has the grid worker', async () => {
  const safety = await stack.token('safety');
  const worker = await stack.token('grid1');
  const list = await stack.env.req('GET', `/api/v1/inspection-tasks?enterpriseId=${enterprise.id}&pageSize=50`, {
    token: safety,
  });
  const task = list.body.items.find((x: { planName: string }) => x.planName === planName);
  expect(task).toBeTruthy();
  const detail = await stack.env.req('GET', `/api/v1/inspection-tasks/${task.id}`, { token: worker });
  expect(detail.status).toBe(200);

  // The grid worker checks in 80 m north of the enterprise (inside the default 300 m fence).
  const at = enterprise.lat != null ? { lat: enterprise.lat + 80 / 111_195, lng: enterprise.lng! } : { lat: 29.3, lng: 120.07 };
  const ci = await stack.env.req('POST', `/api/v1/inspection-tasks/${task.id}/check-in`, {
    token: worker,
    body: { method: 'gps', ...at, accuracyM: 12, at: new Date().toISOString() },
  });
  expect(ci.status).toBe(200);

  const upload = async (buf: Buffer, name: string, type: string, purpose: string) => {
    const r = await stack.env.req('POST', '/api/v1/files', { token: worker, raw: multipart(buf, name, { purpose }, type) });
    expect(r.status).toBe(201);
    return r.body.id as string;
  };
  // One photo per item that needs one: a file is proof of one answer only (the api refuses it twice).
  const sitePhoto = async () => upload(await photoWithExif(), 'site.jpg', 'image/jpeg', 'hazard_photo');
  const sign = await upload(
    await sharp({ create: { width: 300, height: 120, channels: 3, background: '#fff' } })
      .composite([
        {
          input: Buffer.from(
            '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="120"><path d="M20 90 C 60 10, 90 110, 140 50 S 220 20, 280 80" stroke="#123" stroke-width="5" fill="none"/></svg>',
          ),
        },
      ])
      .png()
      .toBuffer(),
    'sign.png',
    'image/png',
    'other',
  );
  type Item = {
    key: string;
    kind: string;
    min?: number;
    max?: number;
    options?: { value: string; fails: boolean }[];
    photoRequired: boolean;
  };
  const items: Item[] = detail.body.template.sections.flatMap((s: { items: Item[] }) => s.items);
  const failKey = items.find((i) => i.kind === 'yes_no')!.key;
  const answers = [];
  for (const i of items)
    answers.push({
      itemKey: i.key,
      value:
        i.kind === 'yes_no'
          ? i.key !== failKey
          : i.kind === 'number'
            ? (i.min ?? i.max ?? 1)
            : i.kind === 'choice'
              ? i.options!.find((o) => !o.fails)!.value
              : i.kind === 'text'
                ? '现场整洁'
                : null,
      photos:
        i.photoRequired || i.kind === 'photo' || i.key === failKey
          ? [{ fileId: await sitePhoto(), takenAt: new Date().toISOString(), ...at }]
          : [],
      ...(i.key === failKey ? { note: '东侧疏散通道堆放纸箱' } : {}),
    });
  const sub = await stack.env.req('POST', `/api/v1/inspection-tasks/${task.id}/submit`, {
    token: worker,
    headers: { 'idempotency-key': `admin-ins-${task.id}` },
    body: {
      templateId: detail.body.templateId,
      answers,
      signature: { fileId: sign, signerName: '企业安全员' },
      finishedAt: new Date().toISOString(),
    },
  });
  expect(sub.status).toBe(200);
  expect(sub.body.status).toBe('done');
  expect(sub.body.hazardIds.length).toBe(1);

  // The result page.
  await page.goto(`${stack.adminUrl}/inspections/tasks/${task.id}`);
  await page.locator('[data-testid=ins-head] [data-testid=ins-status][data-status=done]').waitFor();
  const proof = page.locator('[data-testid=ins-proof]');
  await proof.locator('[data-testid=ins-inside]').waitFor();
  if (enterprise.lat != null) {
    await proof.locator('[data-testid=ins-proof-map]').waitFor();
    expect(await proof.locator('[data-testid=ins-distance]').textContent()).toMatch(/距企业 (7\d|8\d) 米/);
  } else await proof.locator('[data-testid=ins-no-location]').waitFor();
  expect(await page.locator('[data-testid=ins-answer]').count()).toBe(items.length);
  await page.locator(`[data-testid=ins-answer][data-key=${failKey}][data-outcome=fail]`).waitFor();
  expect(await page.locator('[data-testid=ins-answer][data-outcome=fail]').count()).toBe(1);
  await page.locator('[data-testid=ins-signature] img').first().waitFor();
  await snap(page, 'admin-ins-06-result');

  // The 检查记录 downloads.
  await page.locator('[data-testid=ins-record]').click();
  await expectToast(page, '已下载', 'admin-ins-record-missing');

  // The hazard raised from the failed item opens.
  await page.locator('[data-testid=ins-hazards] [data-testid=ins-hazard-link]').click();
  await page.waitForURL(new RegExp(`/hazards/${sub.body.hazardIds[0]}$`));
  await page.locator('[data-testid=hz-description]', { hasText: '东侧疏散通道堆放纸箱' }).waitFor();

  // Coverage over the task's due date: the grid worker's row counts it done.
  const due = zoneDate(task.dueAt);
  const today = zoneDate(new Date().toISOString());
  await page.goto(`${stack.adminUrl}/inspections/coverage?from=${today < due ? today : due}&to=${due}`);
  const row = page.locator('[data-testid=cv-table] [data-testid=cv-row]', { hasText: gridWorker.name });
  await row.waitFor();
  expect(Number(await row.locator('td').nth(2).textContent())).toBeGreaterThanOrEqual(1);
  await snap(page, 'admin-ins-07-coverage');
  await page.locator('[data-testid=cv-export]').click();
  await expectToast(page, '.xlsx', 'admin-ins-export-missing');
});

test('the enterprise page prints its gate QR code', async () => {
  await page.goto(`${stack.adminUrl}/enterprises/${enterprise.id}`);
  await page.locator('[data-testid=ent-gate-qr]').click();
  await page.locator('[data-testid=ent-gate-qr-image]').waitFor();
  expect(await page.locator('[data-testid=ent-gate-qr-image]').getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
  await snap(page, 'admin-ins-08-gate-qr');
});
