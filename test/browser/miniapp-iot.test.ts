/**
 * 物联网报警 on the phone (mini-program H5 build, phone-sized Chromium, real api and worker with the demo zone): the
 * safety office registers a combustible-gas detector of ent-admin's enterprise (api, the secret shown once); the
 * detector reports 62 %LEL through the gateway HTTP ingest (device Basic auth) → a second-level alarm. ent-admin opens
 * 报警处置 from the home and sees it 报警中·未确认 with its peak, opens it and 确认报警 → 报警中·已确认 (the api has
 * who). 处置 is refused on the phone while the gas is still high (an enterprise cannot force the clear). The detector
 * (reporting every 5 s on the real clock) reads normal again; after the clear delay (30 s) the open page, polled
 * every 15 s, turns 已恢复·待处置 by itself. 处置: cause 设备设施缺陷 (tells that a hazard follows), measures, a photo; meanwhile the safety officer
 * assigns the alarm (its version moves) → 提交 → 409 → 状态已变化 → back on the fresh alarm; 处置 again (the form
 * kept) → 已处置, and the api has the handling record with the photo. 我的设备 shows the detector 正常 with its latest
 * value. Then the grid worker of the enterprise's grid: the raise was pushed to them, the message on their home
 * opens the alarm; their 物联网报警 › 已处置 lists it under 我的网格 (their grid's enterprises first).
 * Screenshots: test/artifacts/screenshots/miniapp-iot-*.png.
 */
import sharp from 'sharp';
import type { Locator } from 'playwright-core';
import { shot } from '../support/browser.ts';
import { ok } from '../support/inspection.ts';
import { eventuallyEquals, miniappSession, type MiniappSession } from '../support/miniapp.ts';
import { startStack, type Stack } from '../support/stack.ts';
import { eventually } from '../support/wait.ts';

let stack: Stack;
let session: MiniappSession;
let heartbeat: ReturnType<typeof setInterval> | undefined;
/** The first test's alarm (closed at its end) and its enterprise. */
let done: { alarmId: string; enterpriseId: string; enterpriseName: string } | null = null;

beforeAll(async () => {
  stack = await startStack();
}, 180_000);

afterAll(async () => {
  clearInterval(heartbeat);
  await session?.close();
  await stack?.close();
});

const CODE = 'GAS-MINI-01';

/** A picture that looks like a site photo (a flange with a new gasket), as a JPEG. */
function flangePhoto(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480">
    <rect width="640" height="480" fill="#9aa0a6"/><rect x="120" y="200" width="400" height="80" fill="#6d7378"/>
    <circle cx="320" cy="240" r="110" fill="#c9ccd1" stroke="#333" stroke-width="8"/>
    <circle cx="320" cy="240" r="60" fill="#3b4045"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
}

test('ent-admin sees the second-level gas alarm of their detector, acknowledges it, and records the handling once it has cleared (a stale version is refused and reloaded)', async () => {
  const safety = await stack.token('safety');
  const ent = await stack.token('ent-admin');
  const me = await ok(stack.env.req('GET', '/api/v1/me', { token: ent }));
  const zone = me.tenant.code as string;

  // The safety office registers the detector in ent-admin's enterprise; its secret is shown once.
  const created = await ok(
    stack.env.req('POST', '/api/v1/iot/devices', {
      token: safety,
      body: {
        code: CODE,
        name: '喷涂车间可燃气体探测器（小程序测试）',
        type: 'gas_combustible',
        enterpriseId: me.enterpriseId,
        keyPlace: '喷涂作业',
        location: '2号车间喷漆房东侧',
      },
    }),
    201,
  );
  const deviceId = created.device.id as string;
  const basic = `Basic ${Buffer.from(`${zone}/${CODE}:${created.secret as string}`).toString('base64')}`;
  /** The detector reports through the HTTP ingest (what a gateway does); every reading must be accepted. */
  const report = async (readings: Array<[number, number]>) => {
    const r = await ok(
      stack.env.req('POST', '/api/v1/iot/ingest', {
        headers: { authorization: basic },
        body: { readings: readings.map(([ts, v]) => ({ device: CODE, ts, v: { gas_lel: v } })) },
      }),
    );
    expect(r).toMatchObject({ accepted: readings.length, rejected: 0 });
  };
  // The detector reports every 5 s on the real clock (as it would: a silent device goes offline after 3 × 10 s).
  let gas = 62;
  await report([[Date.now(), gas]]);
  heartbeat = setInterval(() => void report([[Date.now(), gas]]).catch(() => undefined), 5000);
  const listAlarms = () =>
    stack.env
      .req('GET', `/api/v1/iot/alarms?deviceId=${deviceId}&status=all`, { token: ent })
      .then((r) => (r.body.items as any[]).filter((a) => a.type === 'gas_lel.threshold'));
  const raised = await eventually(listAlarms, (items) => items.length === 1, 15_000);
  expect(raised).toEqual([
    expect.objectContaining({ type: 'gas_lel.threshold', severity: 'critical', level: 2, status: 'active_unack', peakValue: 62 }),
  ]);
  const alarmId = raised[0].id as string;

  // 1. The home's 报警处置 → the enterprise's alarms (待处置): the detector's alarm, active and unacknowledged.
  session = await miniappSession(stack, 'siqi', 'ent-admin', { timeoutMs: 20_000 });
  const { page, visible, see, onPage } = session;
  await onPage('/pkg-enterprise/pages/home/index');
  await page.locator('.role-home__entry').filter({ visible: true, hasText: '报警处置' }).click();
  await onPage('/pkg-iot/pages/alarms/index');
  const card = page.locator(`[data-testid=iot-alarm][data-id="${alarmId}"]`).filter({ visible: true });
  await card.waitFor();
  expect(await card.locator('[data-testid=iot-alarm-status]').innerText()).toBe('报警中·未确认');
  expect(await card.innerText()).toContain('二级报警');
  expect(await card.innerText()).toContain('峰值 62 %LEL');
  await shot(page, 'miniapp-iot-01-alarms');

  // 2. The alarm: 二级报警, the device, the set points; 确认报警 → acknowledged by ent-admin.
  await card.click();
  await onPage('/pkg-iot/pages/alarm/index');
  const status = page.locator('[data-testid=iot-status]').filter({ visible: true });
  await eventuallyEquals(() => status.innerText(), '报警中·未确认');
  await see('可燃气体超限报警 · 二级');
  await see('一级 25 %LEL / 二级 50 %LEL');
  expect(await page.locator('[data-testid=iot-peak]').filter({ visible: true }).innerText()).toBe('62 %LEL');
  await shot(page, 'miniapp-iot-02-detail');
  await page.locator('.iot-actions__ack').filter({ visible: true }).click();
  await eventuallyEquals(() => status.innerText(), '报警中·已确认');
  await see('已确认报警');
  const acked = await ok(stack.env.req('GET', `/api/v1/iot/alarms/${alarmId}`, { token: ent }));
  expect(acked).toMatchObject({ status: 'active_ack', acknowledgedBy: me.id });
  expect(acked.acknowledgedAt).toBeTruthy();

  // 3. Still above the clear line: 处置 is refused on the phone (only the safety office may force the clear).
  await page.locator('.iot-actions__handle').filter({ visible: true }).click();
  await see('暂不能提交处置');
  await shot(page, 'miniapp-iot-03-handle-blocked');
  await visible('知道了', true).click();
  expect(page.url()).toContain('/pkg-iot/pages/alarm/index');

  // 4. The gas is back to normal (1.2 %LEL) for the clear delay (30 s): the open page turns 已恢复·待处置 on its own
  // (polled every 15 s).
  gas = 1.2;
  const cleared = await eventually(
    () => stack.env.req('GET', `/api/v1/iot/alarms/${alarmId}`, { token: ent }).then((r) => r.body.status as string),
    (s) => s === 'cleared_ack',
    60_000,
    1000,
  );
  expect(cleared).toBe('cleared_ack');
  await eventuallyEquals(() => status.innerText(), '已恢复·待处置', 25_000, 500);
  await see('报警恢复');

  // 5. 处置: cause, measures, a photo. Meanwhile the safety officer assigns the alarm: the version the form has is stale.
  await page.locator('.iot-actions__handle').filter({ visible: true }).click();
  await onPage('/pkg-iot/pages/handle/index');
  await page.locator('.iot-handle__causes .chip[data-cause=equipment]').filter({ visible: true }).click();
  await see('该原因将自动生成一条隐患');
  await page
    .locator('.iot-handle__measures textarea')
    .filter({ visible: true })
    .fill('喷漆房供气管法兰垫片老化泄漏，已关阀更换垫片，复测 0 %LEL');
  await addPhoto(session, page.locator('.photos__add').filter({ visible: true }), '法兰.jpg', await flangePhoto());
  await page.locator('.photos__img').filter({ visible: true }).first().waitFor();
  await shot(page, 'miniapp-iot-04-handle-form');
  const before = await ok(stack.env.req('GET', `/api/v1/iot/alarms/${alarmId}`, { token: safety }));
  const assigned = await stack.env.req('POST', `/api/v1/iot/alarms/${alarmId}/assign`, {
    token: safety,
    body: { version: before.version, assigneeId: me.id },
  });
  expect([assigned.status, assigned.body.version]).toEqual([expect.any(Number), before.version + 1]);
  expect(assigned.status).toBeLessThan(300);
  await page.locator('.iot-handle__submit').filter({ visible: true }).click();
  await see('状态已变化');
  await shot(page, 'miniapp-iot-05-conflict');
  await visible('返回查看', true).click();
  await onPage('/pkg-iot/pages/alarm/index');
  await page.locator('.iot-event[data-action=assign]').filter({ visible: true }).waitFor();
  expect((await ok(stack.env.req('GET', `/api/v1/iot/alarms/${alarmId}`, { token: ent }))).status).toBe('cleared_ack');

  // 6. 处置 again: the form was kept; sent with the fresh version → 已处置.
  await page.locator('.iot-actions__handle').filter({ visible: true }).click();
  await onPage('/pkg-iot/pages/handle/index');
  expect(await page.locator('.iot-handle__measures textarea').filter({ visible: true }).inputValue()).toContain('更换垫片');
  expect(await page.locator('.iot-handle__causes .chip--active').filter({ visible: true }).innerText()).toBe('设备设施缺陷');
  await page.locator('.iot-handle__submit').filter({ visible: true }).click();
  await onPage('/pkg-iot/pages/alarm/index');
  await eventuallyEquals(() => status.innerText(), '已处置');
  await see('设备设施缺陷');
  await shot(page, 'miniapp-iot-06-closed');
  const closed = await ok(stack.env.req('GET', `/api/v1/iot/alarms/${alarmId}`, { token: ent }));
  expect(closed).toMatchObject({ status: 'closed', closedBy: me.id, assigneeId: me.id });
  expect(closed.handling).toMatchObject({
    cause: 'equipment',
    measures: '喷漆房供气管法兰垫片老化泄漏，已关阀更换垫片，复测 0 %LEL',
  });
  expect(closed.handling.photoIds).toHaveLength(1);
  expect(closed.timeline.map((e: { action: string }) => e.action)).toEqual(
    expect.arrayContaining(['raise', 'ack', 'clear', 'close']),
  );
  // No buttons on a closed alarm.
  expect(await page.locator('.iot-actions__handle').filter({ visible: true }).count()).toBe(0);

  // 7. 我的设备: the detector is 正常 with its latest value.
  await page.goBack();
  await onPage('/pkg-iot/pages/alarms/index');
  await page.goBack();
  await onPage('/pkg-enterprise/pages/home/index');
  await page.locator('.role-home__entry').filter({ visible: true, hasText: '监测设备' }).click();
  await onPage('/pkg-iot/pages/devices/index');
  const device = page.locator(`[data-testid=iot-device][data-code="${CODE}"]`).filter({ visible: true });
  await device.waitFor();
  expect(await device.locator('[data-testid=iot-device-state]').innerText()).toBe('正常');
  expect(await device.innerText()).toContain('1.2 %LEL');
  await shot(page, 'miniapp-iot-07-devices');
  clearInterval(heartbeat);
  done = { alarmId, enterpriseId: me.enterpriseId as string, enterpriseName: closed.enterpriseName as string };
}, 240_000);

test("the grid worker of the enterprise's grid was pushed the alarm (the message opens it) and finds it under 我的网格", async () => {
  expect(done).not.toBeNull();
  const { alarmId, enterpriseId, enterpriseName } = done!;
  // The demo grid worker who patrols the enterprise's grid.
  const enterprise = await ok(
    stack.env.req('GET', `/api/v1/enterprises/${enterpriseId}`, { token: await stack.token('safety') }),
  );
  let worker: { username: string; token: string } | null = null;
  for (const username of ['grid1', 'grid2', 'grid3']) {
    const token = await stack.token(username);
    const me = await ok(stack.env.req('GET', '/api/v1/me', { token }));
    if ((me.gridIds as string[]).includes(enterprise.gridId as string)) worker = { username, token };
  }
  expect(worker).not.toBeNull();
  // The raise was pushed to them with the alarm's link.
  const notices = await eventually(
    () =>
      stack.env
        .req('GET', '/api/v1/notifications?pageSize=50', { token: worker!.token })
        .then((r) =>
          (r.body.items as Array<{ link: string | null; title: string }>).filter((n) => n.link === `/iot/alarms/${alarmId}`),
        ),
    (items) => items.length > 0,
    15_000,
  );
  expect(notices.length).toBeGreaterThan(0);

  const grid = await miniappSession(stack, 'siqi', worker!.username, { browser: session.browser, timeoutMs: 20_000 });
  try {
    const { page, see, onPage } = grid;
    await onPage('/pkg-grid/pages/home/index');
    // The message opens the alarm.
    await page.locator('.notification').filter({ visible: true, hasText: notices[0]!.title }).first().click();
    await onPage('/pkg-iot/pages/alarm/index');
    await see(enterpriseName);
    await see('已处置', true);
    await shot(page, 'miniapp-iot-08-grid-detail');
    // 物联网报警 › 已处置: the alarm under 我的网格 (the enterprises of their grid come first).
    await page.goBack();
    await onPage('/pkg-grid/pages/home/index');
    await page.locator('.role-home__entry').filter({ visible: true, hasText: '物联网报警' }).click();
    await onPage('/pkg-iot/pages/alarms/index');
    await page.locator('.iot-alarms__tab[data-tab=closed]').filter({ visible: true }).click();
    const card = page.locator(`[data-testid=iot-alarm][data-id="${alarmId}"]`).filter({ visible: true });
    await card.waitFor();
    expect(await card.innerText()).toContain(enterpriseName);
    const header = await page.locator('[data-testid=iot-my-grid]').filter({ visible: true }).innerText();
    const mine = Number(/我的网格（(\d+)）/.exec(header)?.[1]);
    const ids = await page
      .locator('[data-testid=iot-alarm]')
      .filter({ visible: true })
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    expect(ids.indexOf(alarmId)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(alarmId)).toBeLessThan(mine);
    await shot(page, 'miniapp-iot-09-grid-alarms');
  } finally {
    await grid.close();
  }
}, 120_000);

/** Taps the photo tile: Taro's sheet (拍摄 / 从相册选择), then the browser's file chooser gets the picture. */
async function addPhoto(s: MiniappSession, tile: Locator, name: string, picture: Buffer): Promise<void> {
  await tile.click();
  const chooser = s.page.waitForEvent('filechooser', { timeout: 10_000 });
  await s.visible('从相册选择', true).click();
  await (await chooser).setFiles({ name, mimeType: 'image/jpeg', buffer: picture });
}
