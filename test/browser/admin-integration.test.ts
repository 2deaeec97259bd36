/**
 * 集成 (integration) in the admin console, end to end (real api and worker on the demo zone 开发区四期), as the
 * zone administrator:
 *
 * 1. API 密钥: creates a key with one scope — the key is shown once (a warning, a copy button) and never again
 *    (the list shows only its prefix); the test calls the api with it as another system would (a route of its
 *    scope answers, one outside it is refused 403) and the list then shows when and from where it was last used.
 * 2. Webhook 订阅: subscribes a receiver this test runs on 127.0.0.1 (the platform operator first allows private
 *    targets for the zone: PUT /platform/zones/:id/integration); the signing secret is shown once; 发送测试 (ping)
 *    reaches the receiver signed with that secret (checked with the sdk's verifyWebhookSignature, as a receiver
 *    would); the delivery log shows it succeeded with its status code; 重新投递 sends the same event again (same
 *    Yuanan-Event-Id, a new delivery) and the log shows both; the payload viewer and the signature help open.
 * 3. 数据报送: creates an export target for the provincial hazard ledger, runs it now, sees the run succeed with its
 *    row count in the history and downloads the file (an xlsx, as many rows as the run says).
 *
 * Screenshots (zh-CN): test/artifacts/screenshots/admin-integration-*.png.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { BrowserContext, Page } from 'playwright-core';
import { verifyWebhookSignature } from '@yuanan/sdk';
import { adminSession, expectToast, snap, type AdminSession } from '../support/browser.ts';
import { startStack, type Stack } from '../support/stack.ts';
import { eventually } from '../support/wait.ts';

let stack: Stack;
let browser: AdminSession['browser'];
let context: BrowserContext;
let page: Page;

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}
let receiver: Server;
let receiverUrl: string;
const received: Received[] = [];

type Body = Record<string, any>;
async function api(method: string, path: string, token: string, body?: unknown): Promise<Body> {
  const r = await stack.env.req(method as 'GET', `/api/v1${path}`, { token, body });
  if (r.status < 200 || r.status > 299) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as Body;
}

/** Waits for the shown-once secret, or fails with the error the page showed instead (a toast or a field's message). */
async function secretShown(p: Page, failShot: string): Promise<string> {
  const once = p.locator('[data-testid=secret-once]');
  const error = p.locator('.ant-message-error, .ant-form-item-explain-error').first();
  await Promise.race([once.waitFor(), error.waitFor()]);
  if (!(await once.isVisible())) {
    await snap(p, failShot);
    throw new Error(`no secret shown: ${await error.innerText()}`);
  }
  return (await p.locator('[data-testid=secret-once-value]').innerText()).trim();
}

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/yuanan-hook`;
  stack = await startStack();
  ({ browser, context, page } = await adminSession(stack, 'admin'));
}, 180_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await stack?.close();
  await new Promise((resolve) => receiver?.close(resolve));
});

test('API 密钥: created and shown once, used by another system, last use shown', async () => {
  const name = `集成测试密钥 ${Date.now() % 100000}`;
  await page.goto(`${stack.adminUrl}/integration/api-keys`);
  await page.locator('[data-testid=keys-table]').waitFor();
  await snap(page, 'admin-integration-01-keys');

  await page.locator('[data-testid=key-create]').click();
  const dialog = page.locator('.ant-modal-wrap:visible');
  await dialog.locator('[data-testid=key-name]').fill(name);
  await dialog.locator('[data-testid=key-scopes] [data-scope="hazards.read"]').click();
  await snap(page, 'admin-integration-02-key-form');
  await dialog.locator('[data-testid=key-save]').click();

  // Shown once: the key text with a warning and a copy button.
  const key = await secretShown(page, 'admin-integration-key-failed');
  const once = page.locator('[data-testid=secret-once]');
  expect(key).toMatch(/^yak_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
  expect(await once.innerText()).toContain('只显示这一次');
  await snap(page, 'admin-integration-03-key-once');
  await page.locator('[data-testid=secret-once-copy]').click();
  await page.locator('[data-testid=secret-once-close]').click();
  await once.waitFor({ state: 'hidden' });

  // The list shows the prefix only, never used yet; the key text is nowhere on the page any more.
  const prefix = key.slice(4, 16);
  const row = page.locator(`[data-testid=keys-table] tr[data-prefix="${prefix}"]`);
  await row.waitFor();
  expect(await row.innerText()).toContain('从未');
  expect(
    await eventually(
      () => page.content(),
      (html) => !html.includes(key),
      5_000,
    ),
  ).not.toContain(key);

  // Another system calls with it: its scope answers, another scope is refused.
  const hazards = await stack.env.req('GET', '/api/v1/hazards?pageSize=1', { headers: { authorization: `Bearer ${key}` } });
  expect(hazards.status).toBe(200);
  const outside = await stack.env.req('GET', '/api/v1/enterprises?pageSize=1', { headers: { 'x-api-key': key } });
  expect(outside.status).toBe(403);

  // The list now says when and from where it was last used.
  const lastUsed = row.locator('[data-testid=key-last-used]');
  const shown = await eventually(
    async () => {
      await page.reload();
      await row.waitFor();
      return (await lastUsed.count()) ? lastUsed.innerText() : '';
    },
    (text) => /\d{4}-\d{2}-\d{2} \d{2}:\d{2}/.test(text),
    20_000,
    1_000,
  );
  expect(shown).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
  expect(await row.locator('[data-testid=key-status]').getAttribute('data-status')).toBe('active');
  await snap(page, 'admin-integration-04-key-used');

  // Rotated with an hour's grace (here through the api): the two rows of one name say which replaced which.
  const id = await row.getAttribute('data-key-id');
  const rotated = await stack.env.req('POST', `/api/v1/api-keys/${id}/rotate`, {
    token: await stack.token('admin'),
    body: { graceHours: 1 },
  });
  expect(rotated.status).toBeLessThan(300);
  const nextPrefix = rotated.body.apiKey.keyPrefix as string;
  await page.reload();
  await row.locator('[data-testid=key-replaced-by]', { hasText: `yak_${nextPrefix}_` }).waitFor();
  expect(await row.locator('[data-testid=key-status]').getAttribute('data-status')).toBe('rotating');
  const next = page.locator(`[data-testid=keys-table] tr[data-prefix="${nextPrefix}"]`);
  expect(await next.locator('[data-testid=key-replaces]').innerText()).toContain(`yak_${prefix}_`);
});

test('Webhook 订阅: subscribe a local receiver, ping it (signed), see it succeed, replay it', async () => {
  // The platform operator lets this zone send to private addresses (the receiver is on 127.0.0.1).
  const operator = await stack.token('operator', 'platform');
  const zones = await api('GET', '/platform/tenants?pageSize=200', operator);
  const siqi = (zones.items as { id: string; code: string }[]).find((z) => z.code === 'siqi')!;
  await api('PUT', `/platform/zones/${siqi.id}/integration`, operator, { allowPrivateWebhookTargets: true });

  const name = `集成测试接收端 ${Date.now() % 100000}`;
  await page.goto(`${stack.adminUrl}/integration/webhooks`);
  await page.locator('[data-testid=hooks-table]').waitFor();
  await page.locator('[data-testid=hook-create]').click();
  const dialog = page.locator('.ant-modal-wrap:visible');
  await dialog.locator('[data-testid=hook-name]').fill(name);
  await dialog.locator('[data-testid=hook-url]').fill(receiverUrl);
  await dialog.locator('[data-testid=hook-events] [data-event="hazard.created"]').click();
  await dialog.locator('[data-testid=hook-events] [data-event="hazard.closed"]').click();
  await snap(page, 'admin-integration-05-hook-form');
  await dialog.locator('[data-testid=hook-save]').click();

  const secret = await secretShown(page, 'admin-integration-hook-failed');
  const once = page.locator('[data-testid=secret-once]');
  expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
  await snap(page, 'admin-integration-06-hook-once');
  await page.locator('[data-testid=secret-once-copy]').click();
  await page.locator('[data-testid=secret-once-close]').click();
  await once.waitFor({ state: 'hidden' });

  const row = page.locator('[data-testid=hooks-table] tr[data-hook-id]', { hasText: name });
  await row.waitFor();
  expect(
    await eventually(
      () => page.content(),
      (html) => !html.includes(secret),
      5_000,
    ),
  ).not.toContain(secret);
  expect(await row.getAttribute('data-status')).toBe('active');
  const hookId = (await row.getAttribute('data-hook-id'))!;

  // Ping: the receiver gets it, signed with the secret shown once.
  const before = received.length;
  await row.locator('[data-testid=hook-ping]').click();
  await expectToast(page, '已发送测试事件', 'admin-integration-ping-failed');
  const got = await eventually(
    async () => received.slice(before),
    (r) => r.length >= 1,
    30_000,
  );
  expect(got.length).toBeGreaterThanOrEqual(1);
  const ping = got[0]!;
  expect(ping.headers['yuanan-event']).toBe('ping');
  const check = await verifyWebhookSignature(secret, ping.headers['yuanan-signature'] as string, ping.body);
  expect(check).toMatchObject({ ok: true });
  const payload = JSON.parse(ping.body) as { id: string; type: string; data: { subscriptionId: string } };
  expect(payload.type).toBe('ping');
  expect(payload.data.subscriptionId).toBe(hookId);
  const eventId = ping.headers['yuanan-event-id'] as string;
  expect(eventId).toBe(payload.id);

  // The delivery log shows it succeeded (filtered to this subscription).
  await row.locator('[data-testid=hook-deliveries]').click();
  const log = page.locator('[data-testid=deliveries-table]');
  const first = log.locator('tr[data-delivery-id][data-event="ping"]');
  expect(
    await eventually(
      async () => (await first.count()) && (await first.first().getAttribute('data-status')),
      (s) => s === 'succeeded',
      20_000,
    ),
  ).toBe('succeeded');
  expect(await first.count()).toBe(1);
  expect(await first.first().innerText()).toContain('200');
  expect(await first.first().locator('[data-testid=delivery-status]').innerText()).toBe('成功');
  await snap(page, 'admin-integration-07-hook-delivered');

  // Replay: a second delivery of the same event (same Yuanan-Event-Id), also succeeded.
  const beforeReplay = received.length;
  await first.first().locator('[data-testid=delivery-replay]').click();
  await expectToast(page, '已重新投递', 'admin-integration-replay-failed');
  const again = await eventually(
    async () => received.slice(beforeReplay),
    (r) => r.length >= 1,
    30_000,
  );
  expect(again[0]!.headers['yuanan-event-id']).toBe(eventId);
  expect(again[0]!.headers['yuanan-delivery-id']).not.toBe(ping.headers['yuanan-delivery-id']);
  expect((await verifyWebhookSignature(secret, again[0]!.headers['yuanan-signature'] as string, again[0]!.body)).ok).toBe(true);
  const rows = log.locator('tr[data-delivery-id][data-event="ping"]');
  expect(
    await eventually(
      () => rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-status'))),
      (s) => s.length === 2 && s.every((x) => x === 'succeeded'),
      20_000,
    ),
  ).toEqual(['succeeded', 'succeeded']);
  await snap(page, 'admin-integration-08-hook-replayed');

  // Disabled by hand: the list says why and since when; enabled again.
  await row.locator('[data-testid=hook-more]').click();
  await page.locator('.ant-dropdown-menu-item:visible', { hasText: '停用' }).click();
  await page.locator('.ant-modal-confirm .ant-btn-dangerous:visible').click();
  await expectToast(page, '已停用', 'admin-integration-disable-failed');
  const why = row.locator('[data-testid=hook-disabled-why]');
  await why.waitFor();
  expect(await row.getAttribute('data-status')).toBe('disabled');
  expect(await why.innerText()).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} 停用：手动停用/);
  await snap(page, 'admin-integration-09a-hook-disabled');
  await row.locator('[data-testid=hook-enable]').click();
  await expectToast(page, '已启用', 'admin-integration-enable-failed');
  expect(
    await eventually(
      () => row.getAttribute('data-status'),
      (st) => st === 'active',
      10_000,
    ),
  ).toBe('active');

  // The payload viewer shows what was sent; the help explains the signature.
  await rows.first().locator('[data-testid=delivery-view]').click();
  const payloadBox = page.locator('[data-testid=delivery-payload]');
  await payloadBox.waitFor();
  expect(await payloadBox.innerText()).toContain(eventId);
  await snap(page, 'admin-integration-09-delivery-payload');
  await page.keyboard.press('Escape');
  await payloadBox.waitFor({ state: 'hidden' });
  await page.locator('[data-testid=hook-help-open]').click();
  const help = page.locator('[data-testid=hook-help-body]');
  await help.waitFor();
  expect(await help.innerText()).toContain('HMAC-SHA256');
  await snap(page, 'admin-integration-10-hook-help');
  await page.keyboard.press('Escape');
  await help.waitFor({ state: 'hidden' });

  // The demo receiver's failures say why in the reader's words: the api stores the network's own
  // ('ECONNREFUSED: connect ECONNREFUSED 10.20.0.30:8080'), the console words it.
  const demo = page.locator('[data-testid=hooks-table] tr[data-hook-id]', { hasText: '园区数据中台（内网接收端）' });
  await demo.locator('[data-testid=hook-deliveries]').click();
  const failed = log.locator('tr[data-delivery-id][data-status="failed"]').first();
  await failed.waitFor();
  expect(await failed.innerText()).toContain('连接被拒绝（接收方未在监听）：10.20.0.30:8080');
  await snap(page, 'admin-integration-10b-hook-failed-words');
});

test('数据报送: a target for the provincial hazard ledger, run now, download the file', async () => {
  const name = `集成测试隐患台账 ${Date.now() % 100000}`;
  await page.goto(`${stack.adminUrl}/integration/exports`);
  await page.locator('[data-testid=targets-table]').waitFor();
  await snap(page, 'admin-integration-11-exports');

  // The profiles and a field table.
  await page.locator('[data-testid=exports-tabs] .ant-tabs-tab[data-node-key=profiles]').click();
  const profileRow = page.locator('[data-testid=profiles-table] tr', { hasText: 'provincial-hazard-ledger' });
  await profileRow.locator('[data-testid=profile-fields-open]').click();
  const fields = page.locator('[data-testid=profile-fields]');
  await fields.waitFor();
  expect(await fields.innerText()).toContain('隐患编号');
  await snap(page, 'admin-integration-12-profile-fields');
  await page.keyboard.press('Escape');
  await fields.waitFor({ state: 'hidden' });

  // A new target (xlsx, on demand, full).
  await page.locator('[data-testid=exports-tabs] .ant-tabs-tab[data-node-key=targets]').click();
  await page.locator('[data-testid=target-create]').click();
  const dialog = page.locator('.ant-modal-wrap:visible');
  await dialog.locator('[data-testid=target-name]').fill(name);
  await dialog.locator('[data-testid=target-profile]').click();
  await page.locator('.ant-select-item-option:visible', { hasText: 'provincial-hazard-ledger' }).first().click();
  await snap(page, 'admin-integration-13-target-form');
  await dialog.locator('[data-testid=target-save]').click();
  await expectToast(page, '已保存报送任务', 'admin-integration-target-failed');
  const row = page.locator('[data-testid=targets-table] tr[data-target-id]', { hasText: name });
  await row.waitFor();

  // Run now: the history shows the run succeed with its row count.
  await row.locator('[data-testid=target-run]').click();
  await expectToast(page, '已开始报送', 'admin-integration-run-failed');
  const run = page.locator('[data-testid=runs-table] tr[data-run-id]').first();
  expect(
    await eventually(
      async () => (await run.count()) && (await run.getAttribute('data-status')),
      (s) => s === 'succeeded' || s === 'failed',
      60_000,
    ),
  ).toBe('succeeded');
  const rowCount = Number((await run.locator('[data-testid=run-rows]').innerText()).trim());
  expect(rowCount).toBeGreaterThan(0);
  await snap(page, 'admin-integration-14-run-history');

  // Download: an xlsx with a header row and one row per record the run counted.
  const [download] = await Promise.all([page.waitForEvent('download'), run.locator('[data-testid=run-download]').click()]);
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  const file = await readFile((await download.path())!);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(file as unknown as ArrayBuffer);
  const sheet = book.worksheets[0]!;
  const header = (sheet.getRow(1).values as unknown[]).map(String).join(' ');
  expect(header).toContain('隐患编号');
  expect(sheet.actualRowCount - 1).toBe(rowCount);
});
