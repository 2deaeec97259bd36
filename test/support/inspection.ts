/**
 * What the inspection browser tests share (moved here from miniapp-inspection.test.ts for the cross-app loop test):
 * api calls that must succeed, China-time days, a GPS point the app turns into an enterprise's GCJ-02 one, a site
 * photo, one-off plans, 今日任务's paging and 现场负责人签字 on the task page.
 */
import sharp from 'sharp';
import type { Locator } from 'playwright-core';
import gcoordModule from 'gcoord';
import { shot } from './browser.ts';
import { eventuallyEquals, type MiniappSession } from './miniapp.ts';
import type { Stack } from './stack.ts';

type Req = Stack['env']['req'];
/** The body of an api call that must answer `status`. */
export async function ok(req: ReturnType<Req>, status = 200): Promise<Record<string, any>> {
  const r = await req;
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body as Record<string, any>;
}

/** A day in China time, `days` from today. */
export function chinaDay(days = 0): string {
  return new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The WGS-84 point (what a phone's GPS and a browser report) that the app turns into `gcj` (GCJ-02), by gcoord —
 * an implementation independent of the app's own, so the test does not check the app's conversion with itself.
 */
// gcoord's types say `export default`, its CommonJS build assigns module.exports: the import is the object itself.
const gcoord = gcoordModule as unknown as (typeof gcoordModule)['default'];
export function wgsOf(gcj: { lat: number; lng: number }): { latitude: number; longitude: number } {
  const [longitude, latitude] = gcoord.transform([gcj.lng, gcj.lat], gcoord.GCJ02, gcoord.WGS84);
  return { latitude, longitude };
}

/** A site photo: a battery shelf with a charger on it. */
export function sitePhoto(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480">
    <rect width="640" height="480" fill="#9aa0a6"/><rect y="380" width="640" height="100" fill="#6b7075"/>
    <rect x="80" y="120" width="480" height="20" fill="#444"/><rect x="80" y="260" width="480" height="20" fill="#444"/>
    <rect x="110" y="60" width="90" height="60" fill="#2e86de"/><rect x="230" y="60" width="90" height="60" fill="#2e86de"/>
    <rect x="360" y="200" width="120" height="60" fill="#e67e22"/><path d="M420 200 v-40" stroke="#111" stroke-width="6"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
}

/**
 * A one-off plan (frequency once) of `templateId` over the given enterprises, from today for `days` days (0: due
 * today), made by the office (`token`), its tasks generated at once.
 */
export async function oncePlan(
  stack: Stack,
  token: string,
  p: {
    name: string;
    kind: 'routine' | 'campaign';
    assignee: Record<string, string>;
    enterpriseIds: string[];
    templateId: string;
    days?: number;
  },
): Promise<Record<string, any>> {
  const plan = await ok(
    stack.env.req('POST', '/api/v1/inspection-plans', {
      token,
      body: {
        name: p.name,
        kind: p.kind,
        ...p.assignee,
        target: { gridIds: [], tags: [], colours: [], enterpriseIds: p.enterpriseIds },
        templateIds: [p.templateId],
        frequency: 'once',
        startDate: chinaDay(0),
        endDate: chinaDay(p.days ?? 3),
        enabled: true,
      },
    }),
    201,
  );
  await ok(stack.env.req('POST', `/api/v1/inspection-plans/${plan.id}/generate`, { token, body: {} }));
  return plan;
}

/**
 * The task's card in 今日任务's current tab, loading the next pages (the footer's 点击加载更多) until it is listed: the
 * demo zone gives grid workers and inspectors tasks of their own, sorted by due time before the test's.
 */
export async function listedTask(page: MiniappSession['page'], id: string, status?: string): Promise<Locator> {
  const card = page
    .locator(`[data-testid=task-card][data-id="${id}"]${status ? `[data-status=${status}]` : ''}`)
    .filter({ visible: true });
  const more = page.locator('.record-list__more').filter({ visible: true });
  await more.waitFor();
  for (let i = 0; i < 30 && !(await card.count()); i++) {
    const shown = await page.locator('[data-testid=task-card]').filter({ visible: true }).count();
    if (!(await more.innerText()).includes('加载更多')) break;
    await more.click();
    await eventuallyEquals(
      async () => (await page.locator('[data-testid=task-card]').filter({ visible: true }).count()) > shown,
      true,
    );
  }
  await card.waitFor();
  return card;
}

/**
 * 现场负责人签字 on the task page: the signer's name, a stroke drawn on the signature pad (a shot of it when named),
 * confirmed, until the signature shows as done.
 */
export async function sign(s: MiniappSession, name: string, shotName?: string): Promise<void> {
  const { page, visible } = s;
  await page.locator('.insp__signer-name input').filter({ visible: true }).fill(name);
  await visible('点此签字', true).click();
  const canvas = page.locator('[data-testid=signature-pad] canvas').filter({ visible: true });
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  await page.mouse.move(box.x + 30, box.y + box.height * 0.6);
  await page.mouse.down();
  for (let i = 1; i <= 12; i++) await page.mouse.move(box.x + 30 + i * 20, box.y + box.height * (0.6 - 0.3 * Math.sin(i / 2)));
  await page.mouse.up();
  if (shotName) await shot(page, shotName);
  await visible('确认签名', true).click();
  await page.locator('[data-testid=signature-done] img').filter({ visible: true }).waitFor();
}
