/**
 * The command hall's wall screen (指挥大厅, /command-hall) at 1920×1080, on the real api and worker with the demo zone
 * 开发区四期 (siqi). The safety officer's screen is open; it never scrolls (the document fits 1920×1080) and shows the
 * map, the open incidents, on duty, equipment, alarms and today's figures. An SOS sent by an enterprise user appears
 * within seconds (incident.changed → summary at once, snapshot after); a drill SOS is marked 演练. The map keeps to its
 * box under its title (the downwind sector clipped to the site plan); incidents at one enterprise share a marker with
 * a line each in its label, and a label that would cover another's is moved clear. Then the network
 * between the browser and the api is cut (a TCP proxy in front of the api drops every connection and refuses new
 * ones): the red "连接中断，正在重连" banner shows with the time of the data on screen; an incident raised meanwhile is
 * not on the screen; when the network is back the screen reconnects by itself, the banner goes and the missed
 * incident is there. A hung api (the proxy holds every byte, connections stay open, the socket looks connected) shows
 * "数据已 N 秒未更新" within 25 s (the 10 s heartbeat with an 8 s timeout) and clears on the next answer. The console
 * menu 应急联动 › 指挥大厅 opens the screen.
 * Screenshots: test/artifacts/screenshots/hall-*.png.
 *
 * Stable selectors: hall (data-state connecting/online/offline/stale, data-updated), hall-offline (data-reason
 * offline/stale), hall-last-update, hall-connection, hall-incident (data-id, data-no, data-status, data-drill),
 * hall-incident-count, hall-map (data-mode), hall-incident-marker (data-ids), hall-incident-label (data-id),
 * hall-sector (data-incident), hall-enterprise, hall-alarm, hall-duty, hall-equipment, hall-today-*.
 */
import { randomUUID } from 'node:crypto';
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { Page } from 'playwright-core';
import { serveStatic, type StaticServer } from '../../scripts/lib/static-server.ts';
import { launchBrowser, shot, signInAdmin } from '../support/browser.ts';
import { ok } from '../support/inspection.ts';
import { ADMIN_DIST, startStack, type Stack } from '../support/stack.ts';
import { eventually } from '../support/wait.ts';

let stack: Stack;
let proxy: CuttableProxy;
let admin: StaticServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;

/**
 * A TCP proxy in front of the api that can drop every connection and refuse new ones (a network cut), or hold every
 * byte both ways while connections stay open (a hung api: SIGSTOP, a full event loop), and heal.
 */
interface CuttableProxy {
  url: string;
  cut(): void;
  /** Connections stay up (new ones are accepted) but nothing is delivered until restore(). */
  stall(): void;
  restore(): void;
  close(): Promise<void>;
}

async function cuttableProxy(target: string): Promise<CuttableProxy> {
  const to = new URL(target);
  const open = new Set<Socket>();
  let down = false;
  let stalled = false;
  // Bytes held while stalled, in arrival order (each connection's order is kept).
  const held: Array<() => void> = [];
  const relay = (from: Socket, to: Socket) => {
    const send = (f: () => void) => (stalled ? held.push(f) : f());
    from.on('data', (b: Buffer) => send(() => to.writable && to.write(b)));
    from.on('end', () => send(() => to.end()));
  };
  const server: Server = createServer((client) => {
    if (down) return void client.destroy();
    const up = connect(Number(to.port), to.hostname);
    open.add(client);
    open.add(up);
    const drop = () => {
      client.destroy();
      up.destroy();
      open.delete(client);
      open.delete(up);
    };
    client.on('error', drop).on('close', drop);
    up.on('error', drop).on('close', drop);
    relay(client, up);
    relay(up, client);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    cut() {
      down = true;
      for (const s of open) s.destroy();
      open.clear();
    },
    stall() {
      stalled = true;
    },
    restore() {
      down = false;
      stalled = false;
      for (const f of held.splice(0)) f();
    },
    close: () =>
      new Promise<void>((r) => {
        for (const s of open) s.destroy();
        server.close(() => r());
      }),
  };
}

const hall = () => page.locator('[data-testid=hall]');
const card = (id: string) => page.locator(`[data-testid=hall-incident][data-id="${id}"]`);

/** An SOS as an enterprise user (the mini-program's call), straight to the api. */
async function sos(body: Record<string, unknown>): Promise<{ id: string; no: string; isDrill: boolean }> {
  const token = await stack.token('ent-admin');
  const r = await ok(
    stack.env.req('POST', '/api/v1/incidents/sos', { token, body: { clientKey: randomUUID(), type: 'fire', ...body } }),
    201,
  );
  return r.incident;
}

beforeAll(async () => {
  stack = await startStack();
  proxy = await cuttableProxy(stack.env.url);
  admin = await serveStatic({ root: ADMIN_DIST, apiUrl: proxy.url });
  browser = await launchBrowser();
  const context = await browser.browser.newContext({
    viewport: { width: 1920, height: 1080 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    reducedMotion: 'reduce',
  });
  context.setDefaultTimeout(30_000);
  page = await context.newPage();
  await signInAdmin(page, admin.url, 'siqi', 'safety', stack.password);
}, 360_000);

afterAll(async () => {
  await browser?.close();
  await admin?.close();
  await proxy?.close();
  await stack?.close();
});

test('the wall screen fits 1920×1080 without scrolling and shows the zone live: SOS and drill SOS appear within seconds', async () => {
  await page.goto(`${admin.url}/command-hall`);
  await page.locator('[data-testid=hall][data-state=online]').waitFor();
  await page.locator('[data-testid=hall-incidents]').waitFor();
  await expect(page.locator('[data-testid=hall-last-update]').textContent()).resolves.toMatch(/最后更新 \d{2}:\d{2}:\d{2}/);
  // Every panel is there.
  for (const id of ['hall-map', 'hall-duty', 'hall-equipment', 'hall-alarms', 'hall-today-reported', 'hall-today-inspections'])
    await page.locator(`[data-testid=${id}]`).waitFor();
  // The demo zone's enterprises are drawn (site plan or lat/lng).
  expect(await page.locator('[data-testid=hall-map]').getAttribute('data-mode')).not.toBe('none');
  expect(await page.locator('[data-testid=hall-enterprise]').count()).toBeGreaterThan(5);
  // No scrolling: the document is the window, and the stage's content stays inside it.
  const size = await page.evaluate(() => ({
    h: document.scrollingElement!.scrollHeight,
    w: document.scrollingElement!.scrollWidth,
    stage: document.querySelector('.hall')!.getBoundingClientRect().toJSON() as DOMRect,
    overflowing: Array.from(document.querySelectorAll('.hall-panel, .hall-kpi'))
      .filter((el) => el.getBoundingClientRect().bottom > 1080 || el.getBoundingClientRect().right > 1920)
      .map((el) => el.className),
  }));
  expect(size.h).toBeLessThanOrEqual(1080);
  expect(size.w).toBeLessThanOrEqual(1920);
  expect(size.stage.width).toBe(1920);
  expect(size.stage.height).toBe(1080);
  expect(size.overflowing).toEqual([]);
  await shot(page, 'hall-01-start');

  // An SOS from an enterprise: on the screen within seconds, then with its type and clock from the snapshot.
  const before = Number(await page.locator('[data-testid=hall-incident-count]').textContent());
  const t0 = Date.now();
  const fire = await sos({ description: '仓库起火，有浓烟（测试）' });
  await card(fire.id).waitFor({ timeout: 10_000 });
  const seenMs = Date.now() - t0;
  expect(seenMs).toBeLessThan(5_000);
  await expect(card(fire.id).getAttribute('data-drill')).resolves.toBe('false');
  await eventually(
    () => card(fire.id).textContent(),
    (t) => (t ?? '').includes('火灾') && (t ?? '').includes('上报倒计时'),
  ).then((t) => expect(t).toContain('火灾'));
  await expect(page.locator('[data-testid=hall-incident-count]').textContent()).resolves.toBe(String(before + 1));

  // A drill SOS is marked 演练 and has no reporting clock (演练不上报).
  const drill = await sos({ type: 'leak_poisoning', description: '演练：储罐泄漏', isDrill: true });
  await card(drill.id).waitFor({ timeout: 10_000 });
  await expect(card(drill.id).getAttribute('data-drill')).resolves.toBe('true');
  await eventually(
    () => card(drill.id).textContent(),
    (t) => (t ?? '').includes('演练不上报'),
  ).then((t) => expect(t).toContain('演练'));
  // The desk warns downwind of the drill (simulated: nothing sent) with a wind from the east: its sector is drawn.
  const safety = await stack.token('safety');
  await ok(
    stack.env.req('POST', `/api/v1/incidents/${drill.id}/warnings`, { token: safety, body: { windFromDeg: 90, windSpeed: 3 } }),
  );
  await page.locator(`[data-testid=hall-sector][data-incident="${drill.id}"]`).waitFor({ timeout: 40_000 });
  await page.waitForTimeout(500);

  // The map keeps to its box: the title sits above it (nothing drawn over "园区态势"), and on a site plan the downwind
  // sector is clipped to the plan.
  const geo = await page.evaluate(() => {
    const r = (el: Element | null) => (el ? (el.getBoundingClientRect().toJSON() as DOMRect) : null);
    return {
      title: r(document.querySelector('.hall-map-panel .hall-panel-title')),
      map: r(document.querySelector('[data-testid=hall-map]')),
      mode: document.querySelector('[data-testid=hall-map]')!.getAttribute('data-mode'),
      plan: r(document.querySelector('.site-plan-image')),
      sectors: Array.from(document.querySelectorAll('[data-testid=hall-sector]')).map((el) => r(el)!),
    };
  });
  expect(geo.map!.top).toBeGreaterThanOrEqual(geo.title!.bottom);
  expect(geo.sectors.length).toBeGreaterThan(0);
  if (geo.mode === 'plan')
    for (const sec of geo.sectors) {
      expect(sec.top).toBeGreaterThanOrEqual(geo.plan!.top - 2);
      expect(sec.left).toBeGreaterThanOrEqual(geo.plan!.left - 2);
      expect(sec.bottom).toBeLessThanOrEqual(geo.plan!.bottom + 2);
      expect(sec.right).toBeLessThanOrEqual(geo.plan!.right + 2);
    }
  // The fire and the drill come from one enterprise: one marker, a line each. A phone call puts a third incident
  // 50 px below it on the plan — a place of its own whose label would cover theirs: it is moved clear.
  const snap = await ok(stack.env.req('GET', '/api/v1/command-hall', { token: safety }));
  const here = (snap.incidents as Array<{ id: string; planX: number | null; planY: number | null }>).find(
    (i) => i.id === fire.id,
  )!;
  const near: string[] = [fire.no, drill.no];
  if (geo.mode === 'plan' && here.planX != null && here.planY != null) {
    const call = await ok(
      stack.env.req('POST', '/api/v1/incidents', {
        token: safety,
        body: {
          source: 'phone',
          type: 'leak_poisoning',
          planX: here.planX,
          planY: Math.min(1, here.planY + 50 / geo.plan!.height),
          description: '电话报警：门口有刺鼻气味（测试）',
        },
      }),
      201,
    );
    near.push(call.no);
    await page.locator(`[data-testid=hall-incident-label][data-id="${call.id}"]`).waitFor({ timeout: 10_000 });
    await page.waitForTimeout(300);
  }
  const labels = await page.evaluate(() =>
    Array.from(document.querySelectorAll('[data-testid=hall-incident-label]')).map((el) => ({
      id: el.getAttribute('data-id')!,
      text: el.textContent ?? '',
      box: el.getBoundingClientRect().toJSON() as DOMRect,
    })),
  );
  for (const no of near) {
    const l = labels.find((x) => x.text.includes(no));
    expect(l?.text).toContain(no);
    expect(l!.box.left).toBeGreaterThanOrEqual(geo.map!.left);
    expect(l!.box.right).toBeLessThanOrEqual(geo.map!.right);
    expect(l!.box.top).toBeGreaterThanOrEqual(geo.map!.top);
    expect(l!.box.bottom).toBeLessThanOrEqual(geo.map!.bottom);
  }
  const overlaps = labels.flatMap((a, i) =>
    labels
      .slice(i + 1)
      .filter((b) => a.box.left < b.box.right && b.box.left < a.box.right && a.box.top < b.box.bottom && b.box.top < a.box.bottom)
      .map((b) => `${a.text} × ${b.text}`),
  );
  expect(overlaps).toEqual([]);
  await shot(page, 'hall-02-sos');
  console.log(JSON.stringify({ figure: 'hall.sos_to_screen_ms', value: seenMs }));
});

test('a lost connection shows 连接中断，正在重连 and the screen catches up by itself when the network is back', async () => {
  await page.locator('[data-testid=hall][data-state=online]').waitFor();
  const updatedBefore = await hall().getAttribute('data-updated');
  proxy.cut();
  const banner = page.locator('[data-testid=hall-offline]');
  await banner.waitFor({ timeout: 30_000 });
  await expect(banner.textContent()).resolves.toContain('连接中断，正在重连');
  await expect(hall().getAttribute('data-state')).resolves.toBe('offline');
  // Raised while the screen is cut off (straight to the api): not on the screen yet.
  const missed = await sos({ type: 'explosion', description: '断网期间的求救（测试）' });
  await page.waitForTimeout(1_500);
  expect(await card(missed.id).count()).toBe(0);
  await shot(page, 'hall-03-offline');

  proxy.restore();
  // socket.io retries with a growing delay (≤ 10 s): back online, the banner goes and the snapshot is fetched again.
  await page.locator('[data-testid=hall][data-state=online]').waitFor({ timeout: 30_000 });
  await banner.waitFor({ state: 'detached' });
  await card(missed.id).waitFor({ timeout: 15_000 });
  const updatedAfter = await hall().getAttribute('data-updated');
  expect(Date.parse(updatedAfter!)).toBeGreaterThan(Date.parse(updatedBefore!));
  await page.waitForTimeout(500);
  await shot(page, 'hall-04-recovered');
});

test('a hung api (connections open, no answers) shows 数据已 N 秒未更新 within 25 s; the next answer clears it', async () => {
  await page.locator('[data-testid=hall][data-state=online]').waitFor();
  await page.locator('[data-testid=hall-offline]').waitFor({ state: 'detached' });
  const updatedBefore = await hall().getAttribute('data-updated');
  const t0 = Date.now();
  proxy.stall();
  const banner = page.locator('[data-testid=hall-offline][data-reason=stale]');
  await banner.waitFor({ timeout: 25_000 });
  const noticedMs = Date.now() - t0;
  await expect(banner.textContent()).resolves.toMatch(/数据已 \d+ 秒未更新/);
  await expect(hall().getAttribute('data-state')).resolves.toBe('stale');
  await expect(page.locator('[data-testid=hall-connection]').textContent()).resolves.toContain('数据未更新');
  // The data on screen is the last answer's, and says so.
  await expect(banner.textContent()).resolves.toContain(
    `画面停在 ${(await page.locator('[data-testid=hall-last-update]').textContent())!.replace('最后更新 ', '')}`,
  );
  await expect(hall().getAttribute('data-updated')).resolves.toBe(updatedBefore);
  await shot(page, 'hall-05-stale');

  const t1 = Date.now();
  proxy.restore();
  await page.locator('[data-testid=hall][data-state=online]').waitFor({ timeout: 30_000 });
  await page.locator('[data-testid=hall-offline]').waitFor({ state: 'detached' });
  const recoveredMs = Date.now() - t1;
  expect(Date.parse((await hall().getAttribute('data-updated'))!)).toBeGreaterThan(Date.parse(updatedBefore!));
  console.log(JSON.stringify({ figure: 'hall.hung_api_noticed_ms', value: noticedMs }));
  console.log(JSON.stringify({ figure: 'hall.hung_api_recovered_ms', value: recoveredMs }));
});

test('the console menu 应急联动 › 指挥大厅 opens the wall screen (outside the console frame)', async () => {
  await page.goto(`${admin.url}/`);
  await page.locator('[data-testid=side-menu] .ant-menu-item', { hasText: '指挥大厅' }).click();
  await page.waitForURL(/\/command-hall$/);
  await page.locator('[data-testid=hall][data-state=online]').waitFor();
  expect(await page.locator('[data-testid=side-menu]').count()).toBe(0);
});

test('in English the screen keeps its words and layout; a rescue member (no command_hall.view) is told, not shown', async () => {
  await page.evaluate(() => localStorage.setItem('yuanan:admin:lang', 'en'));
  await page.reload();
  await page.locator('[data-testid=hall][data-state=online]').waitFor();
  await expect(page.locator('.hall-title').textContent()).resolves.toContain('Emergency command hall');
  await expect(page.locator('[data-testid=hall-last-update]').textContent()).resolves.toMatch(/Updated \d{2}:\d{2}:\d{2}/);
  const h = await page.evaluate(() => document.scrollingElement!.scrollHeight);
  expect(h).toBeLessThanOrEqual(1080);
  await page.waitForTimeout(500);
  await shot(page, 'hall-06-english');
  await page.evaluate(() => localStorage.setItem('yuanan:admin:lang', 'zh-CN'));

  const other = await browser.browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
  const p2 = await other.newPage();
  await signInAdmin(p2, admin.url, 'siqi', 'rescue1', stack.password).catch(async () => {
    // A rescue member's console may open on another page than the menu: the sign-in itself is what matters.
    await p2.waitForURL((u) => !u.pathname.startsWith('/login'));
  });
  await p2.goto(`${admin.url}/command-hall`);
  await p2.locator('[data-testid=hall-forbidden]').waitFor();
  await expect(p2.locator('[data-testid=hall-forbidden]').textContent()).resolves.toContain('无权查看指挥大厅');
  expect(await p2.locator('[data-testid=hall]').count()).toBe(0);
  await other.close();
});
