/**
 * The mini-program's enterprise pages (H5 build, phone-sized Chromium, real api with the demo zone): the enterprise
 * head signs in with a demo WeChat identity, sees its to-dos and colour on the home, updates a supply that was
 * below its minimum stock (the list, the api and the to-dos follow), reads why its colour is what it is, the
 * GB 18218 result of its chemicals (and registers one that makes a unit a major hazard source), its certificates, and edits its file — a key field goes to the safety
 * office (审核中). Screenshots of each step go to test/artifacts/screenshots.
 */
import type { Page } from 'playwright-core';
import { shot } from '../support/browser.ts';
import { eventuallyEquals, miniappSession, type MiniappSession } from '../support/miniapp.ts';
import { startStack, type Stack } from '../support/stack.ts';

let stack: Stack;
let session: MiniappSession;
let page: Page;
let visible: MiniappSession['visible'];
let see: MiniappSession['see'];
let onPage: MiniappSession['onPage'];
let stored: MiniappSession['stored'];

beforeAll(async () => {
  stack = await startStack();
}, 120_000);

afterAll(async () => {
  await session?.close();
  await stack?.close();
});

test('enterprise head: to-dos → supplies (update one below minimum) → colour and why → chemicals (GB 18218) → certificates → file edit (key field → 审核中)', async () => {
  // 1. Zone, then the demo enterprise head's WeChat identity.
  session = await miniappSession(stack, 'siqi', 'ent-admin');
  ({ page, visible, see, onPage, stored } = session);

  // 2. Home: the colour card and the system's to-dos (a supply below its minimum stock, an expired one).
  await onPage('/pkg-enterprise/pages/home/index');
  await see('企业安全工作台');
  await see('义乌市恒达五金制品有限公司');
  await see('应急物资不足：正压式空气呼吸器');
  await see('应急物资已过期：干粉灭火器（4kg）');
  await see('一般风险');
  await shot(page, 'miniapp-ent-01-home');
  const me = await stored<{ enterpriseId: string }>('me');
  const token = (await stored<{ accessToken: string }>('tokens'))!.accessToken;
  const enterpriseId = me!.enterpriseId;
  const api = (path: string) => stack.env.req('GET', `/api/v1${path}`, { token });

  // 3. 应急物资: badges on the list.
  await visible('应急物资', true).click();
  await onPage('/pkg-enterprise/pages/supplies/index');
  await see('正压式空气呼吸器');
  await see('低于最低库存 1 项');
  const card = page.locator('.supply-card').filter({ visible: true }).filter({ hasText: '正压式空气呼吸器' });
  await card.getByText('低于最低库存').waitFor();
  await page.locator('.supply-card').filter({ visible: true }).filter({ hasText: '干粉灭火器' }).getByText('已过期').waitFor();
  await shot(page, 'miniapp-ent-02-supplies');

  // 4. Update it: one more with "+", then type the count; save; the list shows the change.
  await card.click();
  await onPage('/pkg-enterprise/pages/supply-edit/index');
  await see('修改应急物资');
  const qty = page.locator('.supply-edit__quantity input').filter({ visible: true });
  await eventuallyEquals(() => qty.inputValue(), '1');
  await visible('+', true).click();
  await eventuallyEquals(() => qty.inputValue(), '2');
  await qty.fill('3');
  await shot(page, 'miniapp-ent-03-supply-edit');
  await visible('保存', true).click();
  await onPage('/pkg-enterprise/pages/supplies/index');
  const updated = page.locator('.supply-card').filter({ visible: true }).filter({ hasText: '正压式空气呼吸器' });
  await eventuallyEquals(async () => (await updated.locator('.supply-card__num').textContent())?.trim(), '3');
  expect(await updated.getByText('低于最低库存').count()).toBe(0);
  await shot(page, 'miniapp-ent-04-supplies-updated');

  // The api has it, and the below-minimum to-do closed by itself.
  const supplies = (await api(`/enterprises/${enterpriseId}/supplies`)).body as Array<{
    name: string;
    quantity: number;
    belowMinimum: boolean;
  }>;
  expect(supplies.find((s) => s.name === '正压式空气呼吸器')).toMatchObject({ quantity: 3, belowMinimum: false });
  await eventuallyEquals(
    async () =>
      ((await api(`/tasks?enterpriseId=${enterpriseId}&status=open`)).body.items as Array<{ kind: string }>).some(
        (t) => t.kind === 'supply_below_minimum',
      ),
    false,
  );
  await page.evaluate(() => window.history.back());
  await onPage('/pkg-enterprise/pages/home/index');
  await see('应急物资已过期：干粉灭火器（4kg）');
  // The to-do leaves the workbench's cards (the message that announced it stays in 最新消息).
  await eventuallyEquals(
    () => page.locator('[data-testid=workbench]').getByText('应急物资不足：正压式空气呼吸器').filter({ visible: true }).count(),
    0,
  );

  // 5. The colour and why: score, every input with its points, thresholds, history.
  await visible('风险四色', true).click();
  await onPage('/pkg-enterprise/pages/colour/index');
  await see('得分构成');
  await see('最高风险点等级');
  await see('+25');
  await see('合计');
  await see('变化记录');
  await see('档案导入');
  const colour = (await api(`/enterprises/${enterpriseId}/colour`)).body as { score: number };
  await see(`${colour.score} 分`);
  await shot(page, 'miniapp-ent-05-colour');
  await visible('变化记录').scrollIntoViewIfNeeded();
  await page.waitForTimeout(300);
  await shot(page, 'miniapp-ent-06-colour-bottom');
  await page.evaluate(() => window.history.back());
  await onPage('/pkg-enterprise/pages/home/index');

  // 6. Chemicals and the GB 18218 result per unit.
  await visible('危化品', true).click();
  await onPage('/pkg-enterprise/pages/chemicals/index');
  await see('重大危险源辨识（GB 18218-2018）');
  await see('未构成重大危险源');
  await see('危化品仓库');
  await see('甲苯');
  await see('重点监管');
  await shot(page, 'miniapp-ent-07-chemicals');

  // 6b. Registering a chemical: a mistyped CAS number is caught on the phone; 12 t of liquid ammonia (Q = 10 t) in
  //     its own unit makes that unit a major hazard source, and the result on the page follows.
  await visible('登记危化品', true).click();
  await onPage('/pkg-enterprise/pages/chemical-edit/index');
  await page.locator('.chem-edit__name input').filter({ visible: true }).fill('液氨');
  await page.locator('.chem-edit__cas input').filter({ visible: true }).fill('7664-41-8');
  await page.locator('.chem-edit__maxQuantity input').filter({ visible: true }).fill('12');
  await page.locator('.chem-edit__unitName input').filter({ visible: true }).fill('冷库机房');
  await visible('保存', true).click();
  await see('CAS 号校验位不正确，请核对');
  await shot(page, 'miniapp-ent-07b-chemical-bad-cas');
  await page.locator('.chem-edit__cas input').filter({ visible: true }).fill('7664-41-7');
  await visible('保存', true).click();
  await onPage('/pkg-enterprise/pages/chemicals/index');
  const report = (await api(`/enterprises/${enterpriseId}/major-hazard`)).body as {
    grade: number | null;
    units: Array<{ unitName: string; isMajor: boolean; s: number }>;
  };
  const unit = report.units.find((u) => u.unitName === '冷库机房');
  expect(unit).toMatchObject({ isMajor: true, s: 1.2 });
  expect(report.grade).not.toBeNull();
  await see(`${['一', '二', '三', '四'][report.grade! - 1]}级重大危险源`);
  await see('冷库机房');
  await see('CAS 7664-41-7 · 冷库机房');
  await shot(page, 'miniapp-ent-07c-chemical-added');
  await page.evaluate(() => window.history.back());
  await onPage('/pkg-enterprise/pages/home/index');

  // 7. Certificates with their state.
  await visible('持证人员', true).click();
  await onPage('/pkg-enterprise/pages/certificates/index');
  // The demo's certificates vary by enterprise: read this one's from the api and find them on the page.
  const certs = (await api(`/enterprises/${enterpriseId}/certificates`)).body as Array<{
    personName: string;
    state: 'valid' | 'expiring' | 'expired';
  }>;
  expect(certs.length).toBeGreaterThan(0);
  for (const c of certs.slice(0, 3)) await see(c.personName);
  if (certs.some((c) => c.state === 'expiring')) await see('即将到期');
  if (certs.some((c) => c.state === 'expired')) await see('已过期');
  await shot(page, 'miniapp-ent-08-certificates');
  await page.evaluate(() => window.history.back());
  await onPage('/pkg-enterprise/pages/home/index');

  // 8. The file: a plain field is saved at once, a key field goes to the safety office.
  await visible('一企一档', true).click();
  await onPage('/pkg-enterprise/pages/file/index');
  await see('统一社会信用代码 91330782MA2A0510XX');
  await see('186 人');
  await shot(page, 'miniapp-ent-09-file');
  await visible('修改信息', true).click();
  await onPage('/pkg-enterprise/pages/file-edit/index');
  await page.locator('.file-edit__employees input').filter({ visible: true }).fill('192');
  await page.locator('.file-edit__principalName input').filter({ visible: true }).fill('陈建国');
  await see('修改后需审核');
  await shot(page, 'miniapp-ent-10-file-edit');
  await visible('保存', true).click();
  await see('关键信息需审核');
  await see(/主要负责人的修改将提交园区安监办审核/);
  await visible('提交', true).click();
  await see('已提交审核');
  await page.waitForTimeout(400); // the modal's fade-in
  await shot(page, 'miniapp-ent-11-file-submitted');
  await visible('知道了', true).click();
  await onPage('/pkg-enterprise/pages/file/index');
  await see('关键信息变更已提交园区安监办审核（主要负责人）');
  await see('192 人');
  await see('审核中', true);
  await shot(page, 'miniapp-ent-12-file-pending');
  const file = (await api(`/enterprises/${enterpriseId}`)).body as {
    employees: number;
    principalName: string;
    pendingChange: boolean;
  };
  expect(file).toMatchObject({ employees: 192, principalName: '陈国强', pendingChange: true });
});
