/**
 * City supervision in the admin console, end to end (real api and worker with the demo zones): the platform operator
 * opens a bureau and grants it the two demo zones (a third zone stays ungranted); the bureau's supervisor compares
 * the two zones on 城市总览 (each row's figures as the zone's own hazard lists count them; the ungranted zone
 * absent), opens a zone's summary, enters it read-only (the banner names bureau and zone), opens an enterprise and
 * then a hazard — no write action anywhere — and goes back to the city overview; the zone's administrator then finds
 * the reads in 上级查看记录. The operator sees the grants on 监管机构与授权 and revokes one there.
 *
 * Screenshots: test/artifacts/screenshots/admin-city-*.png.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { chooseOption, desktop, launchBrowser, signInAdmin, snap } from '../support/browser.ts';
import { runInScope } from '../../api/src/core/context/request-scope.ts';
import { startStack, type Stack } from '../support/stack.ts';
import { eventually } from '../support/wait.ts';

let stack: Stack;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
const contexts: BrowserContext[] = [];

const BUREAU = { code: 'city-test', name: '测试市应急管理局', user: 'city', userName: '冯立群' };
const THIRD = { code: 'c1-third', name: '第三测试园区' };

beforeAll(async () => {
  stack = await startStack();
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await stack?.close();
});

type Body = Record<string, any>;
async function api(method: string, path: string, token: string, body?: unknown): Promise<Body> {
  const r = await stack.env.req(method as 'GET', `/api/v1${path}`, { token, body });
  if (r.status < 200 || r.status > 299) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as Body;
}

async function newPage(zone: string, username: string): Promise<Page> {
  const context = await desktop(browser.browser);
  context.setDefaultTimeout(30_000);
  contexts.push(context);
  const page = await context.newPage();
  await signInAdmin(page, stack.adminUrl, zone, username, stack.password);
  return page;
}

const OPEN = 'reported,confirmed,rectifying,pending_review';

/** A zone's figures as its own hazard ledger counts them (the zone administrator's lists). */
async function zoneCounts(zone: string) {
  const token = await stack.token('admin', zone);
  const total = async (q: string) => (await api('GET', `/hazards?pageSize=1&${q}`, token)).total as number;
  return {
    open: await total(`status=${OPEN}`),
    overdue: await total('overdue=true'),
    major: await total(`status=${OPEN}&grade=major`),
  };
}

/** The buttons on screen that would change something (by their words); reading buttons are fine. */
async function writeButtons(page: Page): Promise<string[]> {
  return page
    .locator('button:visible')
    .evaluateAll((els) =>
      els
        .map((e) => (e.textContent ?? '').replace(/\s+/g, ''))
        .filter((text) =>
          /新增|新建|添加|编辑|修改|保存|删除|登记|上报|确认|指派|分派|提交|审核|审批|通过|驳回|撤销|导入|验收|督办|延期|处置|上传/.test(
            text,
          ),
        ),
    );
}

/** Waits until the console's frame shows the page of the address (a navigation is a transition). */
async function drawn(page: Page, pathname: string | RegExp): Promise<void> {
  await page.waitForURL((u) => (typeof pathname === 'string' ? u.pathname === pathname : pathname.test(u.pathname)));
  await page.waitForFunction(() => {
    const c = document.querySelector<HTMLElement>('.app-content[data-route-path]');
    return c?.dataset.routePath === location.pathname;
  });
}

test('a bureau compares two granted zones, drills down read-only to a hazard, and the zone sees the reads', async () => {
  // 1. The operator opens a bureau (first user with a password), a third zone, and grants the bureau siqi and suxi.
  const op = await stack.token('operator', 'platform');
  const created = await api('POST', '/platform/bureaus', op, {
    code: BUREAU.code,
    name: BUREAU.name,
    region: '浙江省金华市义乌市',
    user: { username: BUREAU.user, name: BUREAU.userName, password: stack.password },
  });
  expect(created.created).toBe(true);
  const bureauId = created.bureau.id as string;
  await api('POST', '/platform/tenants', op, {
    code: THIRD.code,
    name: THIRD.name,
    region: '浙江省金华市义乌市',
    timeZone: 'Asia/Shanghai',
    admin: { username: 'admin', name: '园区管理员', password: stack.password },
  });
  const zones = (await api('GET', '/platform/tenants?pageSize=200', op)).items as Array<{
    id: string;
    code: string;
    name: string;
  }>;
  const zone = (code: string) => zones.find((z) => z.code === code)!;
  const until = new Date(Date.now() + 365 * 86_400_000).toISOString();
  const grants: Record<string, string> = {};
  for (const code of ['siqi', 'suxi']) {
    const g = await api('POST', '/platform/supervision-grants', op, {
      bureauId,
      zoneId: zone(code).id,
      validUntil: until,
      note: '浏览器测试授权',
    });
    grants[code] = g.id as string;
  }

  // The figures each zone's own ledger gives, and the enterprise counts of the overview (checked against the zone).
  const want = { siqi: await zoneCounts('siqi'), suxi: await zoneCounts('suxi') };
  const bureauToken = await stack.token(BUREAU.user, BUREAU.code);
  const overview = await api('GET', '/supervision/overview', bureauToken);
  expect((overview.zones as Array<{ code: string }>).map((z) => z.code).sort()).toEqual(['siqi', 'suxi']);
  for (const code of ['siqi', 'suxi'] as const) {
    const f = (overview.zones as Array<{ code: string; figures: Body }>).find((z) => z.code === code)!.figures;
    expect({ open: f.hazards.open, overdue: f.hazards.overdue, major: f.hazards.majorOpen }).toEqual(want[code]);
  }

  // 2. 城市总览: both zones side by side with the zone's figures; the ungranted zone is not there.
  const page = await newPage(BUREAU.code, BUREAU.user);
  await page.locator('[data-testid=side-menu]').getByText('操作留痕').waitFor();
  await page.locator('[data-testid=side-menu]').getByText('城市总览').click();
  await drawn(page, '/city/overview');
  for (const code of ['siqi', 'suxi'] as const) {
    const row = page.locator(`[data-testid=city-row-${code}]`);
    await row.waitFor();
    const f = (overview.zones as Array<{ code: string; figures: Body }>).find((z) => z.code === code)!.figures;
    expect(await row.locator('[data-testid=cell-open]').innerText()).toBe(String(want[code].open));
    expect(await row.locator('[data-testid=cell-overdue]').innerText()).toBe(String(want[code].overdue));
    expect(await row.locator('[data-testid=cell-major]').innerText()).toBe(String(want[code].major));
    expect(await row.locator('[data-testid=cell-enterprises]').innerText()).toBe(String(f.enterprises.total));
    expect(await row.locator(`[data-testid=cell-colours] [data-colour=red]`).getAttribute('data-count')).toBe(
      String(f.enterprises.red),
    );
    expect(await row.innerText()).toContain(zone(code).name);
  }
  expect(await page.locator(`[data-testid=city-row-${THIRD.code}]`).count()).toBe(0);
  expect(await page.locator('[data-testid=city-overview-table]').innerText()).not.toContain(THIRD.name);
  // The totals add up the two zones.
  const totalsOpen = await page.locator('[data-testid=city-row-totals] [data-testid=cell-open]').innerText();
  expect(Number(totalsOpen)).toBe(want.siqi.open + want.suxi.open);
  await snap(page, 'admin-city-01-overview');

  // Sorting by open hazards puts the zone with more first (click the column title twice: descending).
  const openTitle = page.locator('[data-testid=city-overview-table] th').filter({ hasText: '未闭环隐患' });
  await openTitle.click();
  await openTitle.click();
  const firstCode = await page
    .locator('[data-testid=city-overview-table] tbody tr[data-testid^=city-row-]')
    .first()
    .getAttribute('data-testid');
  const more = want.siqi.open >= want.suxi.open ? 'siqi' : 'suxi';
  if (want.siqi.open !== want.suxi.open) expect(firstCode).toBe(`city-row-${more}`);

  // 3. The zone's summary, then into the zone read-only.
  await page.locator('[data-testid=city-zone-link-siqi]').click();
  await drawn(page, `/city/zones/${zone('siqi').id}`);
  await page.locator('[data-testid=city-zone-figures]').waitFor();
  expect(await page.locator('[data-testid=city-stat-hazardsOpen]').innerText()).toContain(String(want.siqi.open));
  await page.locator('[data-testid=city-red-enterprises]').waitFor();
  await snap(page, 'admin-city-02-zone-summary');
  await page.locator('[data-testid=city-enter-zone]').click();
  await drawn(page, '/enterprises');
  const banner = page.locator('[data-testid=supervising-banner]');
  await banner.waitFor();
  expect(await banner.innerText()).toContain(`${BUREAU.name} · 只读查看：${zone('siqi').name}`);
  expect(await banner.innerText()).toContain('返回城市总览');
  // The menu is the zone's as the supervisor may read it: no city pages, no zone administration.
  const menu = await page.locator('[data-testid=side-menu]').innerText();
  expect(menu).toContain('企业列表');
  expect(menu).not.toContain('城市总览');
  expect(menu).not.toContain('用户管理');
  expect(menu).not.toContain('批量导入');
  // the zone's own trail stays the zone's (the bureau's 操作留痕 is its own, in the city menu)
  expect(menu).not.toContain('操作留痕');
  await page
    .locator('[data-testid=ent-create], [data-testid=ent-import]')
    .count()
    .then((n) => expect(n).toBe(0));
  const rows = page.locator('.ant-table-tbody tr.ant-table-row');
  await rows.first().waitFor();
  await snap(page, 'admin-city-03-zone-enterprises');
  expect(await writeButtons(page)).toEqual([]);

  // An enterprise of the list's first page that has hazards, and its newest hazard (the enterprise's hazards tab).
  const token = await stack.token('admin', 'siqi');
  const firstPage = (await api('GET', '/enterprises?pageSize=20', token)).items as Array<{ id: string; name: string }>;
  let target: { id: string; code: string; enterpriseId: string; enterpriseName: string } | null = null;
  for (const e of firstPage) {
    const h = await api('GET', `/hazards?pageSize=1&enterpriseId=${e.id}`, token);
    if (h.total > 0) {
      target = { id: h.items[0].id, code: h.items[0].code, enterpriseId: e.id, enterpriseName: e.name };
      break;
    }
  }
  expect(target).not.toBeNull();
  if (!target) return;
  await page.locator('.ant-table-tbody').getByText(target.enterpriseName, { exact: true }).first().click();
  await drawn(page, `/enterprises/${target.enterpriseId}`);
  await page.locator('[data-testid=ent-name]').waitFor();
  expect(await page.locator('[data-testid=ent-name]').innerText()).toBe(target.enterpriseName);
  await page.locator('.ent-tabs').waitFor();
  await snap(page, 'admin-city-04-enterprise');
  expect(await writeButtons(page)).toEqual([]);
  // Its hazards tab, then one of its hazards.
  await page.locator('[data-testid=tab-hazards]').click();
  const hazardLink = page.locator(`[data-testid=ent-hazards] a[href="/hazards/${target.id}"]`).first();
  await hazardLink.waitFor();
  await snap(page, 'admin-city-05-enterprise-hazards');
  expect(await writeButtons(page)).toEqual([]);
  await hazardLink.click();
  await drawn(page, `/hazards/${target.id}`);
  await page.locator('[data-testid=hz-description]').waitFor();
  await snap(page, 'admin-city-06-hazard');
  expect(
    await page
      .locator(
        '[data-testid^=hz-action-]:visible, [data-testid=hz-citations-edit-open]:visible, [data-testid=hz-supervise]:visible',
      )
      .count(),
  ).toBe(0);
  expect(await writeButtons(page)).toEqual([]);
  // 个人中心 inside the zone is the supervisor's own bureau account, and says so (not the operator's act-as words).
  await page.locator('[data-testid=user-menu]').click();
  await page.locator('.ant-dropdown:visible').getByText('个人中心').click();
  await drawn(page, '/profile');
  const note = page.locator('[data-testid=profile-acting-note]');
  await note.waitFor();
  expect(await note.innerText()).toContain('只读查看园区期间，个人中心显示的是您自己的监管机构账号');
  expect(await page.locator('.page').innerText()).toContain('所在机构');
  expect(await page.locator('.page').innerText()).toContain(BUREAU.name);
  await page.goBack();
  await drawn(page, `/hazards/${target.id}`);

  // 4. Back to the city overview: the zone view ends, the city menu is back.
  await page.locator('[data-testid=supervising-back]').click();
  await drawn(page, '/city/overview');
  expect(await page.locator('[data-testid=supervising-banner]').count()).toBe(0);
  await page.locator('[data-testid=city-row-siqi]').waitFor();
  expect(await page.locator('[data-testid=side-menu]').innerText()).toContain('城市总览');

  // The other city pages draw: map, statistics, the bureau's own reading log (which lists the reads just made).
  await page.locator('[data-testid=side-menu]').getByText('园区地图').click();
  await drawn(page, '/city/map');
  await page.locator('[data-testid=city-marker-siqi], [data-testid=city-map]').first().waitFor();
  await snap(page, 'admin-city-07-map');
  await page.locator('[data-testid=side-menu]').getByText('隐患统计').click();
  await drawn(page, '/city/hazard-stats');
  await page.locator('[data-testid=city-stats-table] .ant-table-row').first().waitFor();
  expect(await page.locator('[data-testid=city-stats-table]').innerText()).toContain(zone('suxi').name);
  // The workbook's headers, with 有整改期限的销号 (the rate's denominator) next to the on-time figures.
  const head = await page.locator('[data-testid=city-stats-table] thead').innerText();
  for (const h of ['上报隐患', '整改销号', '有整改期限的销号', '按期整改', '按期整改率', '期末未销号']) expect(head).toContain(h);
  const stats = await api('GET', `/supervision/hazard-stats`, bureauToken);
  const periods = stats.zones[0].periods as Body[]; // the first zone's quarters, then its year (never not started)
  const yearRow = page.locator('[data-testid=city-stats-table] .ant-table-row').nth(periods.length - 1);
  expect(await yearRow.locator('[data-testid=cell-closedWithDeadline]').innerText()).toBe(
    String(periods.at(-1)!.closedWithDeadline),
  );
  await snap(page, 'admin-city-08-hazard-stats');
  // This year's period under way says 截至今日; a year ahead has no figures (未开始); a wrong year in the address is
  // said once, on the page — no toast, no request, nothing to export.
  expect(await page.locator('[data-testid=city-stats-as-of-today]').count()).toBeGreaterThan(0);
  const year = Number(new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' }).slice(0, 4));
  await page.goto(`${stack.adminUrl}/city/hazard-stats?year=${year + 1}`);
  await page.locator('[data-testid=city-stats-not-started]').first().waitFor();
  expect(await page.locator('[data-testid=city-stats-as-of-today]').count()).toBe(0);
  const asked: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/supervision/hazard-stats')) asked.push(r.url());
  });
  for (const bad of ['99999', '0001']) {
    await page.goto(`${stack.adminUrl}/city/hazard-stats?year=${bad}`);
    await page.locator('[data-testid=city-stats-bad-year]').waitFor();
    await page.waitForTimeout(500);
    const errors = page.locator('.ant-alert-error:visible, .ant-result:visible, .ant-message-notice:visible');
    expect([bad, await errors.count()]).toEqual([bad, 1]);
    expect(await page.locator('[data-testid=city-stats-bad-year]').innerText()).toContain(`“${bad}”`);
    expect(await page.locator('[data-testid=city-stats-export]').isDisabled()).toBe(true);
  }
  expect(asked).toEqual([]);
  await page.locator('[data-testid=side-menu]').getByText('查看记录').click();
  await drawn(page, '/city/reads');
  const own = await eventually(
    () => page.locator('[data-testid=sup-reads-table]').innerText(),
    (text) => text.includes(zone('siqi').name),
  );
  expect(own).toContain(zone('siqi').name);
  await snap(page, 'admin-city-09-bureau-reads');

  // 5. The zone's administrator sees who from the city read the zone.
  const zonePage = await newPage('siqi', 'admin');
  await zonePage.locator('[data-testid=side-menu]').getByText('上级查看记录').click();
  await drawn(zonePage, '/settings/supervision-reads');
  const reads = await eventually(
    () => zonePage.locator('[data-testid=sup-reads-table]').innerText(),
    (text) => text.includes(BUREAU.name) && text.includes(BUREAU.userName),
  );
  expect(reads).toContain(BUREAU.name);
  expect(reads).toContain(BUREAU.userName);
  // Among them the hazard just opened.
  const rowsApi = await api('GET', '/supervision-reads?pageSize=200', token);
  expect((rowsApi.items as Array<{ path: string }>).some((r) => r.path.endsWith(`/hazards/${target.id}`))).toBe(true);
  // named by its code (查看隐患 YH-…), not only by a path with an id
  await zonePage.locator('[data-testid=sup-read-resource]', { hasText: target.code }).first().waitFor();
  await snap(zonePage, 'admin-city-10-zone-reads');
  // filtered to one bureau: the demo's 义乌市应急管理局 (reading siqi on working days) drops out of the days too
  const daysCard = zonePage.locator('[data-testid=sup-reads-days]');
  expect(await daysCard.innerText()).toContain('义乌市应急管理局');
  await chooseOption(zonePage, zonePage.locator('[data-testid=sup-reads-bureau]'), BUREAU.name);
  await zonePage.locator('[data-testid=sup-reads-search]').click();
  await zonePage.waitForURL(/bureauId=/);
  const oneBureau = await eventually(
    () => daysCard.innerText(),
    (text) => text.includes(BUREAU.name) && !text.includes('义乌市应急管理局'),
  );
  expect(oneBureau).not.toContain('义乌市应急管理局');
  expect(await zonePage.locator('[data-testid=sup-reads-table] tbody').innerText()).not.toContain('义乌市应急管理局');

  // 6. The operator's page lists the bureau and its grants, and revokes suxi's.
  const opPage = await newPage('platform', 'operator');
  await opPage.goto(`${stack.adminUrl}/platform/supervision`);
  await drawn(opPage, '/platform/supervision');
  await opPage.locator('[data-testid=bureaus-table]').getByText(BUREAU.name).waitFor();
  await opPage.locator(`[data-testid=grant-revoke-${grants.suxi}]`).waitFor();
  await snap(opPage, 'admin-city-11-platform');
  await opPage.locator(`[data-testid=grant-revoke-${grants.suxi}]`).click();
  await opPage.locator('.ant-popconfirm .ant-btn-dangerous').click();
  await eventually(
    () => opPage.locator(`[data-testid=grant-state-${grants.suxi}]`).innerText(),
    (s) => s.includes('已撤销'),
  ).then((s) => expect(s).toContain('已撤销'));
  await snap(opPage, 'admin-city-12-platform-revoked');
  // 账号: the operator gives the bureau a second supervisor; the password shown once signs in (and must be changed).
  await opPage
    .locator('[data-testid=bureaus-table] tr', { hasText: BUREAU.name })
    .locator('[data-testid=bureau-accounts]')
    .click();
  await opPage.locator('[data-testid=bureau-account-username]').fill('city2');
  // a new username without a name: the api's refusal marks 姓名
  await opPage.locator('[data-testid=bureau-account-ok]').click();
  await opPage.locator('.ant-form-item-has-error', { hasText: '新账号须填写姓名' }).waitFor();
  await opPage.locator('[data-testid=bureau-account-name]').fill('值班科员');
  await opPage.locator('[data-testid=bureau-account-ok]').click();
  const shown = opPage.locator('.ant-modal', { hasText: '登录信息' }).locator('.mono[class*=strong], strong.mono, .mono strong');
  await opPage.locator('.ant-modal', { hasText: '登录信息' }).waitFor();
  await snap(opPage, 'admin-city-13-bureau-account');
  const modalText = await opPage.locator('.ant-modal', { hasText: '登录信息' }).innerText();
  const password = (await shown.count()) ? ((await shown.first().innerText()) ?? '').trim() : '';
  expect(modalText).toContain(`${BUREAU.code} / city2`);
  const signIn = await stack.env.req('POST', '/api/v1/auth/login', {
    body: { tenant: BUREAU.code, username: 'city2', password },
  });
  expect([signIn.status, signIn.body.user?.mustChangePassword]).toEqual([200, true]);
  // opened again, the dialog is empty: nothing typed for the last account is sent with the next
  await opPage.locator('.ant-modal', { hasText: '登录信息' }).locator('.ant-modal-footer .ant-btn-primary').click();
  await opPage
    .locator('[data-testid=bureaus-table] tr', { hasText: BUREAU.name })
    .locator('[data-testid=bureau-accounts]')
    .click();
  await opPage.locator('[data-testid=bureau-account-username]').waitFor();
  expect(await opPage.locator('[data-testid=bureau-account-username]').inputValue()).toBe('');
  expect(await opPage.locator('[data-testid=bureau-account-name]').inputValue()).toBe('');
  await opPage.keyboard.press('Escape');
  // The bureau's overview now shows siqi only.
  const after = await api('GET', '/supervision/overview', bureauToken);
  expect((after.zones as Array<{ code: string }>).map((z) => z.code)).toEqual(['siqi']);
}, 600_000);

/** An instant as Beijing reads it, `YYYY-MM-DD HH:mm`. */
const beijing = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().replace('T', ' ').slice(0, 16);

test('a bureau whose grant ended is told so (when, whom to ask); grant times are Beijing time; a disabled bureau’s grant reads suspended', async () => {
  const op = await stack.token('operator', 'platform');
  const created = await api('POST', '/platform/bureaus', op, {
    code: 'city-ended',
    name: '测试县应急管理局',
    region: '浙江省金华市',
    user: { username: 'city', name: '周敏', password: stack.password },
  });
  const bureauId = created.bureau.id as string;
  const zones = (await api('GET', '/platform/tenants?pageSize=200', op)).items as Array<{
    id: string;
    code: string;
    name: string;
  }>;
  const siqi = zones.find((z) => z.code === 'siqi')!;
  const suxi = zones.find((z) => z.code === 'suxi')!;
  const g = await api('POST', '/platform/supervision-grants', op, {
    bureauId,
    zoneId: siqi.id,
    validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString(),
  });
  // ended three days ago at 17:30 Beijing time (09:30 UTC): shortened back then, through the service with that day
  // as its now (the api refuses an end in the past today)
  const endedAt = new Date(Date.now() - 3 * 86_400_000);
  endedAt.setUTCHours(9, 30, 0, 0);
  const scope = { requestId: 'test', tenantId: null, em: null, actor: null, ip: null, userAgent: 'test' };
  await runInScope({ ...scope, action: 'supervision.grants.update' }, () =>
    stack.env.api.services.supervision.updateGrant(
      g.id as string,
      { validFrom: new Date(Date.now() - 90 * 86_400_000).toISOString(), validUntil: endedAt.toISOString() },
      new Date(endedAt.getTime() - 86_400_000),
    ),
  );
  const ended = (await api('GET', `/platform/supervision-grants?bureauId=${bureauId}`, op)).items[0] as Body;
  expect(ended.state).toBe('expired');

  // 1. The bureau's overview and map say the grant ended, when, and whom to ask — not "never granted".
  const page = await newPage('city-ended', 'city');
  await page.goto(`${stack.adminUrl}/city/overview`);
  await drawn(page, '/city/overview');
  const notice = page.locator('[data-testid=city-no-zones]');
  await notice.locator('[data-testid=city-grant-ended]').waitFor();
  const text = await notice.innerText();
  expect(text).toContain(`对“${siqi.name}”的查看授权已于 ${beijing(endedAt.toISOString())}（北京时间）到期`);
  expect(beijing(endedAt.toISOString()).endsWith('17:30')).toBe(true);
  expect(text).toContain('请联系平台运营方');
  expect(text).not.toContain('尚未获得');
  await snap(page, 'admin-city-13-grant-ended');
  await page.goto(`${stack.adminUrl}/city/map`);
  await drawn(page, '/city/map');
  const onMap = page.locator('[data-testid=city-map-no-zones]');
  await onMap.locator('[data-testid=city-grant-ended]').waitFor();
  expect(await onMap.innerText()).toContain(`已于 ${beijing(endedAt.toISOString())}（北京时间）到期`);
  // 隐患统计 says the same instead of an empty table, and there is nothing to export.
  await page.goto(`${stack.adminUrl}/city/hazard-stats`);
  await drawn(page, '/city/hazard-stats');
  await page.locator('[data-testid=city-stats-no-zones] [data-testid=city-grant-ended]').waitFor();
  expect(await page.locator('[data-testid=city-stats-table]').count()).toBe(0);
  expect(await page.locator('[data-testid=city-stats-export]').isDisabled()).toBe(true);
  // The workbench names the bureau as its organisation (not a zone); its audit trail says whose trail it is.
  await page.goto(`${stack.adminUrl}/`);
  await drawn(page, '/');
  await page.locator('.page').getByText('所在机构', { exact: true }).waitFor();
  expect(await page.locator('.page').innerText()).not.toContain('所在园区');
  await page.goto(`${stack.adminUrl}/audit`);
  await drawn(page, '/audit');
  expect(await page.locator('.page-head').innerText()).toContain('本监管机构的留痕：获得、变更的监管授权，本机构用户等');
  // The grant's change reads as before → after in words and Beijing time, not as a JSON array of UTC instants.
  await page.locator('[data-testid=audit-table] tr', { hasText: '修改监管授权' }).first().click();
  const change = page.locator('.diff-table').first();
  await change.waitFor();
  const changeText = await change.innerText();
  expect(changeText).toContain('截止时间');
  expect(changeText).toContain(`→ ${beijing(endedAt.toISOString())}`);
  expect(changeText).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:|\["/);
  await snap(page, 'admin-city-14-bureau-trail');

  // 2. The operator, on a computer set to New York, sees and enters the grant's times in Beijing time.
  const context = await desktop(browser.browser, 'America/New_York');
  context.setDefaultTimeout(30_000);
  contexts.push(context);
  const opPage = await context.newPage();
  await signInAdmin(opPage, stack.adminUrl, 'platform', 'operator', stack.password);
  await opPage.goto(`${stack.adminUrl}/platform/supervision?bureauId=${bureauId}`);
  await drawn(opPage, '/platform/supervision');
  const row = opPage.locator(`tr[data-row-key="${g.id}"]`);
  await row.waitFor();
  expect(await row.innerText()).toContain(`— ${beijing(endedAt.toISOString())}`);
  await row.getByRole('button', { name: '编辑' }).click();
  const dialog = opPage.locator('.ant-modal:visible');
  await dialog.waitFor();
  expect(await dialog.innerText()).toContain('授权期限（北京时间）');
  const end = dialog.locator('input[data-testid=grant-until]');
  expect(await end.inputValue()).toBe(beijing(endedAt.toISOString()));
  await snap(opPage, 'admin-city-14-grant-dialog-beijing');
  // saved untouched: the same instants (nothing sent, nothing audited), and the dialog says so
  await dialog.locator('.ant-modal-footer .ant-btn-primary').click();
  await dialog.waitFor({ state: 'hidden' });
  await opPage.locator('.ant-message-notice', { hasText: '未作修改' }).waitFor();
  const same = (await api('GET', `/platform/supervision-grants?bureauId=${bureauId}`, op)).items[0];
  expect(same).toMatchObject({ validUntil: ended.validUntil, validFrom: ended.validFrom, updatedAt: ended.updatedAt });
  // Only the end changed (typed, then a click elsewhere in the dialog — no 确定 — and 保存): the day picked, Beijing
  // time, is what is saved.
  await row.getByRole('button', { name: '编辑' }).click();
  await dialog.waitFor();
  await end.click();
  await end.fill('2027-11-20 18:00');
  await dialog.locator('.ant-modal-title').click();
  await opPage.locator('.ant-picker-dropdown:visible').waitFor({ state: 'hidden' });
  expect(await end.inputValue()).toBe('2027-11-20 18:00');
  await dialog.locator('.ant-modal-footer .ant-btn-primary').click();
  await dialog.waitFor({ state: 'hidden' });
  await opPage.locator('.ant-message-notice', { hasText: '已修改授权' }).waitFor();
  const moved = (await api('GET', `/platform/supervision-grants?bureauId=${bureauId}`, op)).items[0];
  expect(moved).toMatchObject({ validUntil: '2027-11-20T10:00:00.000Z', validFrom: ended.validFrom });

  // 3. A grant in force whose bureau is disabled reads 已暂停, and says why.
  const live = await api('POST', '/platform/supervision-grants', op, {
    bureauId,
    zoneId: suxi.id,
    validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString(),
  });
  await api('PATCH', `/platform/bureaus/${bureauId}`, op, { status: 'disabled' });
  await opPage.reload();
  const state = await eventually(
    () => opPage.locator(`[data-testid=grant-state-${live.id}]`).innerText(),
    (s) => s.includes('已暂停'),
  );
  expect(state).toContain('已暂停');
  expect(await opPage.locator(`[data-testid=grant-suspended-${live.id}]`).innerText()).toBe('监管机构已停用，授权暂不生效');
  await api('PATCH', `/platform/bureaus/${bureauId}`, op, { status: 'active' });
}, 300_000);
