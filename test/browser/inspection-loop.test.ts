/**
 * The inspection loop across both apps (real api and worker, demo zone): the safety officer reads grid worker
 * grid1's figures on 覆盖率 (the page's default range, this month so far); grid1, on the phone (mini-program H5),
 * opens the open task a one-off plan due today gave them, checks in by GPS inside the geofence (the browser's
 * geolocation at the enterprise), answers, fails one item with a photo and a note, signs and submits; then in the
 * admin the task is 已完成 on the task list, its result page has the check-in proof, the failed answer and the
 * hazard raised (its link opens the hazard), and the reloaded 覆盖率 counts one more done and on time for grid1 —
 * the page's numbers checked against the api's.
 * Screenshots: test/artifacts/screenshots/loop-insp-*.png.
 */
import type { Locator, Page } from 'playwright-core';
import { adminSession, shot, snap, type AdminSession } from '../support/browser.ts';
import { chinaDay, listedTask, ok, oncePlan, sign, sitePhoto, wgsOf } from '../support/inspection.ts';
import { miniappSession, type MiniappSession } from '../support/miniapp.ts';
import { startStack, type Stack } from '../support/stack.ts';

let stack: Stack;
let admin: AdminSession;
let phoneSession: MiniappSession | undefined;
let office: string;
let grid1: { id: string; name: string };
let enterprise: { id: string; name: string; lat: number; lng: number };
let taskId: string;

const NOTE = '应急照明灯不亮，疏散指示缺失';

/** The counts of a coverage row as the page shows them (name, 应检, 已检, 按时 …). */
interface Counts {
  required: number;
  done: number;
  onTime: number;
}

/** The range the coverage page shows (its date range picker) and grid1's row on it. */
async function coverageOnPage(page: Page): Promise<{ from: string; to: string; counts: Counts }> {
  await page.goto(`${stack.adminUrl}/inspections/coverage`);
  const row = page.locator(`[data-testid=cv-table] [data-testid=cv-row][data-row-key="${grid1.id}"]`);
  await row.waitFor();
  // The table shows its loading veil while a refetch runs: read the settled numbers.
  await page.locator('[data-testid=cv-table] .ant-spin-spinning').waitFor({ state: 'detached' });
  const inputs = page.locator('.ant-picker-range input');
  const from = await inputs.nth(0).inputValue();
  const to = await inputs.nth(1).inputValue();
  const cell = async (i: number) => Number((await row.locator('td').nth(i).textContent())!.trim());
  expect(await row.locator('td').nth(0).textContent()).toContain(grid1.name);
  return { from, to, counts: { required: await cell(1), done: await cell(2), onTime: await cell(3) } };
}

/** grid1's coverage row from the api over the same range. */
async function coverageFromApi(from: string, to: string): Promise<Counts> {
  const cov = await ok(
    stack.env.req('GET', `/api/v1/inspections/coverage?from=${from}&to=${to}&by=grid_worker`, { token: office }),
  );
  const r = (cov.rows as Array<Counts & { key: string }>).find((x) => x.key === grid1.id);
  expect(r).toBeTruthy();
  return { required: r!.required, done: r!.done, onTime: r!.onTime };
}

beforeAll(async () => {
  stack = await startStack();
  office = await stack.token('safety');
  const me = await ok(stack.env.req('GET', '/api/v1/me', { token: await stack.token('grid1') }));
  grid1 = { id: me.id, name: me.name };
  const ents = await ok(stack.env.req('GET', '/api/v1/enterprises?q=新锐锂电&pageSize=5', { token: office }));
  const e = ents.items[0] as { id: string; name: string; lat: number | null; lng: number | null };
  expect(e.lat).not.toBeNull();
  enterprise = { id: e.id, name: e.name, lat: e.lat!, lng: e.lng! };

  // A small published checklist and a one-off plan for grid1 on that enterprise, due today (inside the coverage
  // page's default range), generated.
  const tpl = await ok(
    stack.env.req('POST', '/api/v1/inspection-templates', {
      token: office,
      body: {
        name: '消防应急设施检查（闭环测试）',
        industries: [],
        tags: [],
        sections: [
          {
            title: '应急设施',
            items: [
              { key: 'exits', text: '安全出口是否畅通？', kind: 'yes_no', photoRequired: false },
              {
                key: 'lights',
                text: '应急照明和疏散指示是否完好？',
                kind: 'yes_no',
                photoRequired: false,
                legalBasis: '《消防法》第十六条',
              },
            ],
          },
        ],
      },
    }),
    201,
  );
  await ok(stack.env.req('POST', `/api/v1/inspection-templates/${tpl.id}/publish`, { token: office, body: {} }));
  const plan = await oncePlan(stack, office, {
    name: '消防应急设施专项巡查（闭环测试）',
    kind: 'campaign',
    assignee: { assigneeKind: 'user', assigneeUserId: grid1.id },
    enterpriseIds: [enterprise.id],
    templateId: tpl.id,
    days: 0,
  });
  const tasks = await ok(
    stack.env.req('GET', `/api/v1/inspection-tasks?planId=${plan.id}&enterpriseId=${enterprise.id}`, { token: office }),
  );
  expect(tasks.items).toHaveLength(1);
  expect(tasks.items[0]).toMatchObject({ status: 'open', assigneeUserId: grid1.id });
  taskId = tasks.items[0].id;

  admin = await adminSession(stack, 'safety', 60_000);
}, 180_000);

afterAll(async () => {
  await phoneSession?.close();
  await admin?.context.close();
  await admin?.browser.close();
  await stack?.close();
});

test('grid1 inspects on the phone; the admin sees the task done, its proof, failed answer and hazard, and coverage one more done', async () => {
  const { page } = admin;
  const started = Date.now();

  // 1. Admin, 覆盖率: grid1's figures over the default range, the same as the api's.
  const before = await coverageOnPage(page);
  expect(before.from).toBe(`${chinaDay(0).slice(0, 7)}-01`);
  expect(before.to).toBe(chinaDay(0));
  expect(before.counts).toEqual(await coverageFromApi(before.from, before.to));
  await snap(page, 'loop-insp-01-coverage-before');

  // 2. Phone: grid1 opens the task from 我的巡查任务 › 全部 (今日任务, 待检查), at the enterprise.
  phoneSession = await miniappSession(stack, 'siqi', 'grid1', { browser: admin.browser, timeoutMs: 30_000 });
  const s = phoneSession;
  const { context, visible, see, onPage } = s;
  const phone = s.page;
  await context.grantPermissions(['geolocation']);
  await context.setGeolocation({ ...wgsOf(enterprise), accuracy: 12 });
  await onPage('/pkg-grid/pages/home/index');
  await phone.locator('[data-testid=workbench] [data-card="inspections.mine"] .wb-card__all').filter({ visible: true }).click();
  await onPage('/pkg-inspection/pages/list/index');
  const card = await listedTask(phone, taskId);
  expect(await card.innerText()).toContain('待检查');
  await shot(phone, 'loop-insp-02-phone-list');
  await card.click();
  await onPage('/pkg-inspection/pages/task/index');
  await see('消防应急设施检查（闭环测试）');

  // 3. GPS check-in: inside the geofence.
  await visible('定位签到', true).click();
  const done = phone.locator('[data-testid=checkin-done]').filter({ visible: true });
  await done.waitFor();
  expect(await done.getAttribute('data-inside')).toBe('true');
  await see('已签到 · 在电子围栏内');

  // 4. Answers: 安全出口 是, 应急照明 否 with a photo and a note.
  const item = (key: string): Locator =>
    phone.locator(`[data-testid=checklist-item][data-key="${key}"]`).filter({ visible: true });
  await item('exits').getByText('是', { exact: true }).click();
  await item('lights').getByText('否', { exact: true }).click();
  await item('lights').getByText('将生成隐患').waitFor();
  await item('lights').locator('.photos__add').click();
  const chooser = phone.waitForEvent('filechooser', { timeout: 10_000 });
  await visible('从相册选择', true).click();
  await (await chooser).setFiles({ name: '应急照明.jpg', mimeType: 'image/jpeg', buffer: await sitePhoto() });
  await item('lights').locator('.photos__img').first().waitFor();
  await item('lights').locator('.ci__note textarea').fill(NOTE);
  expect(await item('lights').getAttribute('data-outcome')).toBe('fail');
  await item('lights').scrollIntoViewIfNeeded();
  await shot(phone, 'loop-insp-03-phone-failed-item');

  // 5. Signed and submitted: one hazard.
  await sign(s, '吴海燕');
  await phone.locator('.insp__submit').filter({ visible: true }).click();
  await see('提交后将生成 1 条隐患');
  await phone.waitForTimeout(400); // the modal's fade-in
  await visible('提交', true).click();
  await phone.locator('[data-testid=task-done]').filter({ visible: true }).waitFor();
  await see('检查完成');
  await shot(phone, 'loop-insp-04-phone-done');
  const task = await ok(stack.env.req('GET', `/api/v1/inspection-tasks/${taskId}`, { token: office }));
  expect(task).toMatchObject({ status: 'done', late: false, checkIn: { method: 'gps', inside: true } });
  expect(task.summary).toEqual({ items: 2, passed: 1, failed: 1, na: 0 });
  expect(task.hazardIds).toHaveLength(1);
  const hazardId = task.hazardIds[0] as string;

  // 6. Admin, 检查任务 of the enterprise due today (the demo's history of it fills pages): the task listed as 已完成.
  await page.goto(`${stack.adminUrl}/inspections/tasks?enterpriseId=${enterprise.id}&from=${chinaDay(0)}&to=${chinaDay(0)}`);
  const row = page.locator('[data-testid=ins-task-table] tr', {
    has: page.locator(`a[data-testid=ins-task-link][href$="/inspections/tasks/${taskId}"]`),
  });
  await row.locator('[data-testid=ins-status][data-status=done]').waitFor();
  expect(await row.textContent()).toContain(grid1.name);
  await snap(page, 'loop-insp-05-admin-tasks');

  // 7. Its result page: the check-in proof (map, inside, distance), the failed answer with its note, the hazard.
  await row.locator('[data-testid=ins-task-link]').click();
  await page.waitForURL(new RegExp(`/inspections/tasks/${taskId}$`));
  await page.locator('[data-testid=ins-head] [data-testid=ins-status][data-status=done]').waitFor();
  const proof = page.locator('[data-testid=ins-proof]');
  await proof.locator('[data-testid=ins-inside]').waitFor();
  await proof.locator('[data-testid=ins-proof-map]').waitFor();
  expect(await proof.locator('[data-testid=ins-distance]').textContent()).toBe(`距企业 ${Math.round(task.checkIn.distanceM)} 米`);
  expect(await page.locator('[data-testid=ins-answer]').count()).toBe(2);
  await page.locator('[data-testid=ins-answer][data-key=exits][data-outcome=pass]').waitFor();
  const failed = page.locator('[data-testid=ins-answer][data-key=lights][data-outcome=fail]');
  await failed.waitFor();
  expect(await failed.textContent()).toContain(NOTE);
  await failed.locator('[data-testid=ins-answer-photo]').first().waitFor();
  await snap(page, 'loop-insp-06-admin-result');
  await page.locator(`[data-testid=ins-hazards] [data-testid=ins-hazard-link][href$="/hazards/${hazardId}"]`).click();
  await page.waitForURL(new RegExp(`/hazards/${hazardId}$`));
  await page.locator('[data-testid=hz-description]', { hasText: NOTE }).waitFor();
  await snap(page, 'loop-insp-07-admin-hazard');

  // 8. 覆盖率 reloaded: the same range, grid1 one more done and on time (and required: due today, now done); the
  // api agrees.
  const after = await coverageOnPage(page);
  expect([after.from, after.to]).toEqual([before.from, before.to]);
  expect(after.counts).toEqual({
    required: before.counts.required + 1,
    done: before.counts.done + 1,
    onTime: before.counts.onTime + 1,
  });
  expect(after.counts).toEqual(await coverageFromApi(after.from, after.to));
  await page.locator(`[data-testid=cv-row][data-row-key="${grid1.id}"]`).scrollIntoViewIfNeeded();
  await snap(page, 'loop-insp-08-coverage-after');
  console.log(`inspection loop: ${Math.round((Date.now() - started) / 1000)} s in the browsers`);
}, 300_000);
