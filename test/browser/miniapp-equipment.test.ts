/**
 * 器材借用 on the phone (mini-program H5 build, phone-sized Chromium, real api and worker with the demo zone): the
 * enterprise admin (ent-admin) opens 器材借用 from the home, sees the lendable catalogue with the api's free counts
 * for tomorrow and the day after, picks a drone and requests it for those two days (purpose typed) → 我的借用 shows
 * the request 待审批 and the api has it (model, quantity 1, [tomorrow 00:00, the day after next 00:00) China time).
 * The keeper approves it with a free unit and checks it out (api, with a photo and a signature); the phone shows
 * the request 已批准 with its unit and the loan 借用中 with its due time. Scanning: a forged code is refused, the
 * unit's label code opens its page (借出中, with 归还 offered: the loan is the enterprise's); 我的借用's 归还 declares
 * the return (已申报归还, the api's loan has returnDeclaredAt). The keeper signs in to the mini-program (their 器材室 home), scans the label and receives the return (完好) →
 * the unit is 在库可借 again and the api's loan returned. Screenshots: test/artifacts/screenshots/miniapp-eq-*.png.
 */
import sharp from 'sharp';
import { multipart } from '../../api/src/testing/fixtures.ts';
import { shot } from '../support/browser.ts';
import { chinaDay, ok, sitePhoto } from '../support/inspection.ts';
import { eventuallyEquals, miniappSession, type MiniappSession } from '../support/miniapp.ts';
import { startStack, type Stack } from '../support/stack.ts';

let stack: Stack;
let session: MiniappSession;
/** The test's drone unit (back in stock after the first test) and its label code. */
let testUnit: { id: string; code: string } | null = null;

beforeAll(async () => {
  stack = await startStack();
}, 180_000);

afterAll(async () => {
  await session?.close();
  await stack?.close();
});

/** Uploads a file as `token`'s user; its id. */
async function upload(token: string, buf: Buffer, name: string, type: string): Promise<string> {
  const r = await stack.env.req('POST', '/api/v1/files', { token, raw: multipart(buf, name, { purpose: 'other' }, type) });
  expect(r.status).toBe(201);
  return r.body.id as string;
}

test('ent-admin requests a drone for two days, sees it approved and on loan in 我的借用, and declares the return', async () => {
  const ent = await stack.token('ent-admin');
  const keeper = await stack.token('keeper');
  const me = await ok(stack.env.req('GET', '/api/v1/me', { token: ent }));
  const from = chinaDay(1);
  const to = chinaDay(2);
  // A drone model of the test's own with one unit in stock (the demo's drones may be lent out or reserved).
  const model = await ok(
    stack.env.req('POST', '/api/v1/equipment/models', {
      token: keeper,
      body: { category: 'drone', name: '多旋翼巡检无人机（小程序测试）', model: 'M350', lendable: true },
    }),
    201,
  );
  await ok(
    stack.env.req('POST', '/api/v1/equipment/units', {
      token: keeper,
      body: { modelId: model.id, assetTag: 'UAV-MINI-01', location: '器材室 B 架', condition: 'good' },
    }),
    201,
  );
  const av = await ok(
    stack.env.req('GET', `/api/v1/equipment/availability?from=${from}&to=${to}&category=drone`, { token: ent }),
  );
  const listed = (av.models as Array<{ modelId: string; name: string; days: Array<{ free: number }> }>).find(
    (m) => m.modelId === model.id,
  )!;
  const drone = { ...listed, free: Math.min(...listed.days.map((d) => d.free)) };
  expect(drone.free).toBe(1);

  // 1. The home's 器材借用 → 可借器材 for tomorrow and the day after, with the api's free counts.
  session = await miniappSession(stack, 'siqi', 'ent-admin', { timeoutMs: 20_000 });
  const { page, visible, see, onPage } = session;
  await onPage('/pkg-enterprise/pages/home/index');
  await visible('器材借用', true).click();
  await onPage('/pkg-equipment/pages/catalogue/index');
  expect(await page.locator('[data-testid=from]').filter({ visible: true }).innerText()).toContain(from);
  expect(await page.locator('[data-testid=to]').filter({ visible: true }).innerText()).toContain(to);
  await page.locator('.eq-cat__cats .chip[data-category=drone]').filter({ visible: true }).click();
  const card = page.locator(`[data-testid=eq-model][data-model="${drone.modelId}"]`).filter({ visible: true });
  await card.waitFor();
  expect(await card.locator('[data-testid=eq-free]').innerText()).toContain(`可借 ${drone.free} 台`);
  expect(await page.locator('[data-testid=eq-model]').filter({ visible: true }).count()).toBe(av.models.length);
  await card.locator('.eq-step__plus').click();
  expect(await card.locator('[data-testid=eq-qty]').innerText()).toBe('1');
  await shot(page, 'miniapp-eq-01-catalogue');

  // 2. 借用申请: the drone × 1, the two days, a purpose → 我的借用 (借用申请) 待审批.
  await page.locator('.eq-cat__next').filter({ visible: true }).click();
  await onPage('/pkg-equipment/pages/request/index');
  await page.locator(`[data-testid=req-item][data-model="${drone.modelId}"]`).filter({ visible: true }).waitFor();
  await see('共 2 天');
  await page.locator('.eq-req__purpose textarea').filter({ visible: true }).fill('储罐区应急演练航拍');
  await shot(page, 'miniapp-eq-02-request');
  await page.locator('.eq-req__submit').filter({ visible: true }).click();
  await onPage('/pkg-equipment/pages/mine/index');
  const requests = await ok(stack.env.req('GET', '/api/v1/equipment/requests?pageSize=100', { token: ent }));
  const request = (requests.items as Array<Record<string, any>>).find((r) => r.purpose === '储罐区应急演练航拍')!;
  expect(request).toMatchObject({ status: 'submitted', enterpriseId: me.enterpriseId });
  expect(request.items).toEqual([expect.objectContaining({ modelId: drone.modelId, quantity: 1 })]);
  expect(Date.parse(request.startsAt)).toBe(Date.parse(`${from}T00:00:00+08:00`));
  expect(Date.parse(request.endsAt)).toBe(Date.parse(`${chinaDay(3)}T00:00:00+08:00`));
  const reqCard = page.locator(`[data-testid=request][data-id="${request.id}"]`).filter({ visible: true });
  await reqCard.waitFor();
  expect(await reqCard.locator('[data-testid=request-status]').innerText()).toBe('待审批');
  await shot(page, 'miniapp-eq-03-submitted');

  // 3. The keeper approves it with a free unit of the model (api).
  const units = await ok(
    stack.env.req('GET', `/api/v1/equipment/units?modelId=${drone.modelId}&pageSize=100`, { token: keeper }),
  );
  let approved: Record<string, any> | null = null;
  for (const u of units.items as Array<{ id: string; status: string; lendableBlockedReason: string | null }>) {
    if (!['available', 'reserved'].includes(u.status) || u.lendableBlockedReason) continue;
    const r = await stack.env.req('POST', `/api/v1/equipment/requests/${request.id}/approve`, {
      token: keeper,
      body: { items: [{ modelId: drone.modelId, unitIds: [u.id] }] },
    });
    if (r.status === 200) {
      approved = r.body;
      break;
    }
  }
  expect(approved).not.toBeNull();
  const reservation = approved!.reservations[0] as { id: string; unitId: string; assetTag: string };
  await page.reload();
  await onPage('/pkg-equipment/pages/mine/index');
  await reqCard.waitFor();
  expect(await reqCard.locator('[data-testid=request-status]').innerText()).toBe('已批准');
  expect(await reqCard.innerText()).toContain(reservation.assetTag);

  // 4. Checked out at the equipment room (api: photo, the borrower's signature) → 借用中 with its due time.
  const unit = await ok(stack.env.req('GET', `/api/v1/equipment/units/${reservation.unitId}`, { token: keeper }));
  const photo = await upload(keeper, await sitePhoto(), 'drone.jpg', 'image/jpeg');
  const signature = await upload(
    keeper,
    await sharp({ create: { width: 300, height: 120, channels: 3, background: '#ffffff' } })
      .png()
      .toBuffer(),
    'signature.png',
    'image/png',
  );
  const loan = await ok(
    stack.env.req('POST', '/api/v1/equipment/loans', {
      token: keeper,
      headers: { 'idempotency-key': `mini-eq-${Date.now()}` },
      body: {
        unitId: unit.id,
        version: unit.version,
        borrowerKind: 'enterprise',
        enterpriseId: me.enterpriseId,
        borrowerName: me.name,
        dueAt: request.endsAt,
        reservationId: reservation.id,
        outCondition: 'good',
        outPhotoFileIds: [photo],
        signatureFileId: signature,
      },
    }),
    201,
  );
  await page.locator('.eq-mine__tab[data-tab=loans]').filter({ visible: true }).click();
  const loanCard = page.locator(`[data-testid=loan][data-id="${loan.id}"]`).filter({ visible: true });
  await loanCard.waitFor();
  expect(await loanCard.getAttribute('data-state')).toBe('on_loan');
  expect(await loanCard.locator('[data-testid=loan-due]').innerText()).toBe(`${chinaDay(2)} 24:00`);
  expect(await loanCard.innerText()).toContain(reservation.assetTag);
  await shot(page, 'miniapp-eq-04-on-loan');

  // 5. 扫码: a forged code is refused; the unit's label opens its page, on loan — mine, so 归还 is offered there too.
  await page.evaluate((u) => (window.location.hash = `#${u}`), '/pkg-equipment/pages/scan/index');
  await onPage('/pkg-equipment/pages/scan/index');
  const input = page.locator('.eq-scan__input input').filter({ visible: true });
  await input.fill('yuanan:eq:forged');
  await page.locator('.eq-scan__go').filter({ visible: true }).click();
  await page.locator('[data-testid=scan-error]').filter({ visible: true }).waitFor();
  const qr = await ok(stack.env.req('GET', `/api/v1/equipment/units/${unit.id}/qr`, { token: keeper }));
  await input.fill(qr.payload);
  await page.locator('.eq-scan__go').filter({ visible: true }).click();
  await onPage('/pkg-equipment/pages/unit/index');
  const shown = page.locator(`[data-testid=unit][data-id="${unit.id}"]`).filter({ visible: true });
  await shown.waitFor();
  expect(await shown.getAttribute('data-status')).toBe('on_loan');
  expect(await shown.locator('[data-testid=unit-status]').innerText()).toBe('借出中');
  await page.locator('.eq-unit__return').filter({ visible: true }).waitFor();
  await shot(page, 'miniapp-eq-06-unit');
  testUnit = { id: unit.id, code: qr.payload };
  // 6. 我的借用 › 归还: declared on the phone (the keeper receives it in the room) → 已申报归还, and the api has it.
  await page.evaluate((u) => (window.location.hash = `#${u}`), '/pkg-equipment/pages/mine/index?tab=loans');
  await onPage('/pkg-equipment/pages/mine/index');
  await loanCard.locator('.eq-mine__return').click();
  await visible('确认归还', true).click();
  await page.locator(`[data-testid=loan][data-id="${loan.id}"][data-state=declared]`).filter({ visible: true }).waitFor();
  await eventuallyEquals(
    async () => Boolean((await ok(stack.env.req('GET', `/api/v1/equipment/loans/${loan.id}`, { token: ent }))).returnDeclaredAt),
    true,
  );
  await shot(page, 'miniapp-eq-05-declared');

  // 7. The keeper (their own home in the mini-program) scans the label and receives the return: back in stock.
  const keeperSession = await miniappSession(stack, 'siqi', 'keeper', { browser: session.browser, timeoutMs: 20_000 });
  try {
    const k = keeperSession;
    await k.onPage('/pkg-equipment/pages/home/index');
    await k.visible('扫码出借/归还', true).click();
    await k.onPage('/pkg-equipment/pages/scan/index');
    await k.page.locator('.eq-scan__input input').filter({ visible: true }).fill(qr.payload);
    await k.page.locator('.eq-scan__go').filter({ visible: true }).click();
    await k.onPage('/pkg-equipment/pages/unit/index');
    await k.page.locator('.eq-unit__receive').filter({ visible: true }).click();
    await k.onPage('/pkg-equipment/pages/receive/index');
    expect(
      await k.page.locator(`[data-testid=loan][data-id="${loan.id}"]`).filter({ visible: true }).getAttribute('data-state'),
    ).toBe('declared');
    await k.page.locator('.eq-in__cond--good').filter({ visible: true }).click();
    await shot(k.page, 'miniapp-eq-07-keeper-receive');
    await k.page.locator('.eq-in__submit').filter({ visible: true }).click();
    await k.onPage('/pkg-equipment/pages/unit/index');
    await k.page.locator(`[data-testid=unit][data-id="${unit.id}"][data-status=available]`).filter({ visible: true }).waitFor();
    const back = await ok(stack.env.req('GET', `/api/v1/equipment/loans/${loan.id}`, { token: keeper }));
    expect(back).toMatchObject({ returnCondition: 'good' });
    expect(back.returnedAt).not.toBeNull();
    await shot(k.page, 'miniapp-eq-08-keeper-back-in-stock');
  } finally {
    await keeperSession.close();
  }
}, 300_000);

test('the keeper lends a unit in H5 to a rescue member (photo, signature); a unit lent meanwhile by someone else is refused', async () => {
  expect(testUnit).not.toBeNull();
  const { id, code } = testUnit!;
  const keeper = await stack.token('keeper');
  const k = await miniappSession(stack, 'siqi', 'keeper', { browser: session.browser, timeoutMs: 20_000 });
  try {
    const { page, visible, onPage } = k;
    await onPage('/pkg-equipment/pages/home/index');
    const scanTo = async () => {
      await page.evaluate((u) => (window.location.hash = `#${u}`), '/pkg-equipment/pages/scan/index');
      await onPage('/pkg-equipment/pages/scan/index');
      await page.locator('.eq-scan__input input').filter({ visible: true }).fill(code);
      await page.locator('.eq-scan__go').filter({ visible: true }).click();
      await onPage('/pkg-equipment/pages/unit/index');
      await page.locator('.eq-unit__checkout').filter({ visible: true }).click();
      await onPage('/pkg-equipment/pages/checkout/index');
    };
    await scanTo();
    // No request holds it: 不关联申请 → 借给个人, the borrower's name, condition, a photo and the signature.
    await visible('借给个人', true).click();
    await page.locator('.eq-out__name-input input').filter({ visible: true }).fill('李海波');
    await page.locator('.eq-out__cond--good').filter({ visible: true }).click();
    const chooser = page.waitForEvent('filechooser', { timeout: 10_000 });
    await page.locator('.photos__add').filter({ visible: true }).click();
    await visible('从相册选择', true).click();
    await (await chooser).setFiles({ name: 'uav.jpg', mimeType: 'image/jpeg', buffer: await sitePhoto() });
    await page.locator('.photos__img').filter({ visible: true }).first().waitFor();
    await visible('点此签字', true).click();
    const canvas = page.locator('[data-testid=signature-pad] canvas').filter({ visible: true });
    await canvas.scrollIntoViewIfNeeded();
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + 30, box.y + box.height * 0.6);
    await page.mouse.down();
    for (let i = 1; i <= 12; i++) await page.mouse.move(box.x + 30 + i * 20, box.y + box.height * (0.6 - 0.3 * Math.sin(i / 2)));
    await page.mouse.up();
    await visible('确认签名', true).click();
    await page.locator('[data-testid=signature-done] img').filter({ visible: true }).waitFor();
    await shot(page, 'miniapp-eq-09-keeper-checkout');
    await page.locator('.eq-out__submit').filter({ visible: true }).click();
    await visible('出借', true).click();
    await onPage('/pkg-equipment/pages/unit/index');
    await page.locator(`[data-testid=unit][data-id="${id}"][data-status=on_loan]`).filter({ visible: true }).waitFor();
    const loans = await ok(stack.env.req('GET', `/api/v1/equipment/loans?unitId=${id}&state=current`, { token: keeper }));
    expect(loans.items).toHaveLength(1);
    const lent = loans.items[0];
    expect(lent).toMatchObject({ borrowerKind: 'person', borrowerName: '李海波', outCondition: 'good', returnedAt: null });
    expect(lent.outPhotoFileIds).toHaveLength(1);
    expect(lent.signatureFileId).toBeTruthy();

    // Back in stock (api), the keeper opens 出借 again; meanwhile another keeper lends it (api): the phone's
    // check-out is refused (409, the unit's version moved) and nothing is saved.
    await ok(stack.env.req('POST', `/api/v1/equipment/loans/${lent.id}/return`, { token: keeper, body: { condition: 'good' } }));
    await scanTo();
    const unit = await ok(stack.env.req('GET', `/api/v1/equipment/units/${id}`, { token: keeper }));
    const photo = await upload(keeper, await sitePhoto(), 'other.jpg', 'image/jpeg');
    const sig = await upload(
      keeper,
      await sharp({ create: { width: 300, height: 120, channels: 3, background: '#ffffff' } })
        .png()
        .toBuffer(),
      'sig.png',
      'image/png',
    );
    const other = await ok(
      stack.env.req('POST', '/api/v1/equipment/loans', {
        token: keeper,
        headers: { 'idempotency-key': `mini-eq-other-${Date.now()}` },
        body: {
          unitId: id,
          version: unit.version,
          borrowerKind: 'incident',
          incidentRef: '演练-001',
          borrowerName: '张伟',
          dueAt: new Date(Date.now() + 86_400_000).toISOString(),
          outCondition: 'good',
          outPhotoFileIds: [photo],
          signatureFileId: sig,
        },
      }),
      201,
    );
    await visible('借给个人', true).click();
    await page.locator('.eq-out__name-input input').filter({ visible: true }).fill('李海波');
    const chooser2 = page.waitForEvent('filechooser', { timeout: 10_000 });
    await page.locator('.photos__add').filter({ visible: true }).click();
    await visible('从相册选择', true).click();
    await (await chooser2).setFiles({ name: 'uav2.jpg', mimeType: 'image/jpeg', buffer: await sitePhoto() });
    await page.locator('.photos__img').filter({ visible: true }).first().waitFor();
    await visible('点此签字', true).click();
    const canvas2 = page.locator('[data-testid=signature-pad] canvas').filter({ visible: true });
    await canvas2.scrollIntoViewIfNeeded();
    const box2 = (await canvas2.boundingBox())!;
    await page.mouse.move(box2.x + 40, box2.y + box2.height * 0.5);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(box2.x + 40 + i * 20, box2.y + box2.height * 0.5 + (i % 2) * 20);
    await page.mouse.up();
    await visible('确认签名', true).click();
    await page.locator('[data-testid=signature-done] img').filter({ visible: true }).waitFor();
    await page.locator('.eq-out__submit').filter({ visible: true }).click();
    await visible('出借', true).click();
    await visible('器材状态已变化', true).waitFor();
    await shot(page, 'miniapp-eq-10-stale-refused');
    const current = await ok(stack.env.req('GET', `/api/v1/equipment/loans?unitId=${id}&state=current`, { token: keeper }));
    expect(current.items.map((l: { id: string }) => l.id)).toEqual([other.id]);
  } finally {
    await k.close();
  }
}, 240_000);
