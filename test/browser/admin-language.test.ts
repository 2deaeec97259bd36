/**
 * One language at a time (issue 15 §4): every page of the admin console (each route of admin/src/pages.tsx, and
 * each tab of a page) as the zone administrator of 开发区四期 with its demo data, as the platform operator and as the
 * supervisor of the demo bureau 义乌市应急管理局 (the city views),
 *
 * - in English: no Chinese outside user data. User data is what the zone entered: the test reads it from the api
 *   (names, descriptions, places, catalogue items, enterprise file fields, …) and removes those values from each
 *   piece of text before looking for CJK; an element may also mark itself `data-user-text` (its text is user
 *   data). Anything else Chinese — a label, a status, a server sentence — fails, with the page and the text.
 * - in English, also no Chinese punctuation around the words (类别：, 王建国（安监人员）, 甲、乙 — the full-width colon,
 *   brackets, list comma, comma, semicolon, full stop) outside user data; no typographic apostrophe drawn full width
 *   (a Chinese font ahead of the Latin ones: "zone’ s"); and the tables of FIT_PAGES fit the 1440 px screen without
 *   scrolling sideways.
 * - in Chinese: no raw message keys (`hazards.list.title`, a feature key like `hAction`).
 *
 * Text is read from visible text nodes and from the placeholder / title / aria-label / alt of visible elements.
 * Screenshots: test/artifacts/screenshots/admin-lang-<who>-<lang>-<page>.png.
 */
import { appendFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { ARTIFACTS, desktop, launchBrowser, shot, signInAdmin } from '../support/browser.ts';
import { ROOT, startStack, type Stack } from '../support/stack.ts';

let stack: Stack;
let browser: Awaited<ReturnType<typeof launchBrowser>>;

const CJK = /[\u3400-\u9FFF\uF900-\uFAFF]/;
/** Chinese punctuation that has no place in English interface text. */
const FULL_WIDTH = /[：（）、，；。]/;
/** Where a user value was cut out of a text. */
const USER = '\uE000';
/**
 * The punctuation the user wrote: Chinese marks between two pieces of user data, as in a comment "已到现场查看，
 * 符合要求" whose words are user data, or the full stop that ends one. A mark next to interface words
 * ("Category：王建国", "王建国（Safety officer）", "开发区四期（") stays and fails.
 */
function userPunctuationRemoved(text: string): string {
  return text.replace(/\uE000\s*[：（）、，；。]+\s*(?=\uE000)/g, USER).replace(/\uE000\s*[。；]+\s*$/, USER);
}
/** Pages whose tables must fit the screen (no sideways scroll at 1440 px): their last columns were cut off. */
const FIT_PAGES = new Set(['roles']);
/** What the walk found, written as it goes (a long walk that is cut short still says what it saw). */
const FINDINGS = join(ARTIFACTS, 'admin-language-findings.txt');

interface Route {
  key: string;
  path: string;
  scope: string;
}

/** Every page route the console declares (admin/src/pages.tsx). */
function routes(): Route[] {
  const src = readFileSync(join(ROOT, 'admin', 'src', 'pages.tsx'), 'utf8');
  const out: Route[] = [];
  for (const m of src.matchAll(/\{\s*key:\s*'([^']+)',\s*path:\s*'([^']+)'[\s\S]*?scope:\s*'(\w+)'/g)) {
    out.push({ key: m[1]!, path: m[2]!, scope: m[3]! });
  }
  return out;
}

/** Every message key of the console's dictionaries (the frame's and each feature's), to spot one shown raw. */
function messageKeys(): Set<string> {
  const keys = new Set<string>();
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? walk(p) : /\.tsx?$/.test(n) ? [p] : [];
    });
  for (const file of walk(join(ROOT, 'admin', 'src'))) {
    const text = readFileSync(file, 'utf8');
    if (!/(zh-CN|en|messages)\.ts$/.test(file) && !text.includes('defineMessages(')) continue;
    for (const m of text.matchAll(/^\s*'?([A-Za-z][\w.-]*)'?:\s*['`]/gm)) if (m[1]!.length > 2) keys.add(m[1]!);
  }
  return keys;
}

/** A key that was not translated: a known key, or a dotted key-like token (`hazards.list.title`). */
function looksLikeKey(text: string, keys: Set<string>): boolean {
  if (keys.has(text) && !/^[A-Z]/.test(text) && /[.A-Z]/.test(text)) return true;
  return (
    /^[a-z][a-zA-Z0-9]*(\.[a-zA-Z0-9_-]+){1,4}$/.test(text) && !/\.(png|jpe?g|xlsx|docx|pdf|com|cn|net|org|js|ts)$/i.test(text)
  );
}

/** Strings of an api answer (recursively), except under the given keys (server-made text). */
function strings(v: unknown, skip: Set<string>, out: Set<string>): void {
  if (typeof v === 'string') {
    if (CJK.test(v)) out.add(v.trim());
  } else if (Array.isArray(v)) {
    for (const x of v) strings(x, skip, out);
  } else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) if (!skip.has(k)) strings(x, skip, out);
  }
}

const SERVER_TEXT = new Set([
  'title',
  'detail',
  'comment',
  'label',
  'value',
  'reason',
  'body',
  'message',
  'contributions',
  'floor',
]);

/** What the zone entered, as the api gives it: the values a page may show in Chinese whatever the language. */
async function userData(token: string): Promise<string[]> {
  const out = new Set<string>();
  const get = async (path: string, lang = 'zh-CN') => {
    const r = await stack.env.req('GET', `/api/v1${path}`, { token, headers: { 'accept-language': lang } });
    return r.status === 200 ? r.body : null;
  };
  strings(await get('/me'), new Set(['permissions']), out);
  strings(await get('/tenant'), new Set(), out);
  strings(await get('/platform/tenants?pageSize=200'), new Set(), out);
  strings(await get('/catalog'), new Set(), out);
  strings(await get('/users?pageSize=200'), new Set(), out);
  strings(await get('/invitations?pageSize=200'), new Set(), out);
  const enterprises = await get('/enterprises?pageSize=200');
  strings(enterprises, new Set(), out);
  const hazards = await get('/hazards?pageSize=200');
  strings(hazards, new Set(), out);
  strings(await get('/enterpriseChanges?pageSize=200'), new Set(['comment']), out);
  strings(await get('/risk/map'), new Set(), out);
  strings(await get('/tasks?pageSize=200'), SERVER_TEXT, out);
  strings(await get('/risk/dashboard'), SERVER_TEXT, out);
  // IoT devices (names, locations, key places) the monitor, the alarms and the workbench's IoT cards name.
  strings(await get('/iot/devices?pageSize=200'), new Set(), out);
  // The law library's documents (titles, issuers): the reader names its document in the breadcrumb.
  strings(await get('/laws/documents?pageSize=100'), new Set(), out);
  // Integration (集成): the names the zone gave its API keys, webhook subscriptions and export targets.
  for (const path of ['/api-keys?pageSize=100', '/webhooks?pageSize=100', '/exports/targets?pageSize=100'])
    strings(await get(path), new Set(['disabledReason', 'error']), out);
  // City supervision: bureaus, zones, people and notes as the operator, a bureau or a zone's read log names them
  // (the operations' words and the periods' labels are the server's).
  for (const path of [
    '/platform/bureaus?pageSize=200',
    '/platform/supervision-grants?pageSize=200',
    '/supervision/overview',
    '/supervision/map',
    '/supervision/hazard-stats',
    '/supervision/reads?pageSize=200',
    '/supervision-reads?pageSize=200',
  ])
    strings(await get(path), new Set(['operationLabel', 'label']), out);
  const granted = await get('/supervision/zones');
  for (const z of (Array.isArray(granted) ? granted : []) as { zoneId: string }[])
    strings(await get(`/supervision/zones/${z.zoneId}/summary`), new Set(), out);
  // The workbench's items name records (a hazard, a person, a supply); the cards' own words are the server's.
  const wb = await get('/workbench');
  for (const card of (Array.isArray(wb) ? wb : (wb?.cards ?? [])) as { items?: { title: string; subtitle: string | null }[] }[]) {
    for (const it of card.items ?? []) strings([it.title, it.subtitle], new Set(), out);
  }
  // Server sentences that carry user values (a task's supply or plan, a notification's enterprise): the words
  // the server renders the same in both languages are the values it was given.
  for (const path of ['/tasks?pageSize=200', '/notifications?pageSize=100']) {
    const zhText = JSON.stringify(await get(path));
    const en = new Set<string>();
    strings(await get(path, 'en'), new Set(), en);
    for (const text of en)
      for (const run of text.match(/[^\s,.;:()]+/g) ?? []) if (CJK.test(run) && zhText.includes(run)) out.add(run);
  }
  // The enterprise and hazard the walk opens: their records, and the words the user wrote in the timeline — the
  // parts of a comment the server renders the same in both languages (a generated sentence is rendered anew).
  const ent = enterprises?.items?.[0];
  if (ent) {
    strings(await get(`/enterprises/${ent.id}`), new Set(), out);
    for (const rec of ['contacts', 'certificates', 'chemicals', 'supplies', 'team', 'plans', 'drills', 'risk-points']) {
      strings(await get(`/enterprises/${ent.id}/${rec}?pageSize=200`), new Set(), out);
    }
    strings(await get(`/enterprises/${ent.id}/colour`), SERVER_TEXT, out);
  }
  const hz = hazardToOpen(hazards?.items ?? []);
  if (hz) {
    const zh = await get(`/hazards/${hz.id}`);
    const en = await get(`/hazards/${hz.id}`, 'en');
    strings(zh, new Set(['events', 'timeline']), out);
    const zhText = JSON.stringify(zh);
    for (const ev of [...(en?.events ?? []), ...(en?.timeline ?? [])] as { comment?: string | null }[]) {
      for (const run of ev.comment?.match(/[^\s,.;:()，。；：（）]+/g) ?? [])
        if (CJK.test(run) && zhText.includes(run)) out.add(run);
    }
  }
  // Longest first: a value that contains another is removed whole.
  return [...out].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
}

function hazardToOpen(items: { id: string; status: string }[]) {
  return items.find((h) => h.status === 'closed') ?? items.find((h) => h.status === 'rectifying') ?? items[0];
}

interface Finding {
  text: string;
  where: string;
}

/** Visible text of the page (text nodes, and the wording attributes of visible elements), with where it sits. */
async function visibleTexts(page: Page): Promise<Finding[]> {
  return page.evaluate(() => {
    const out: { text: string; where: string }[] = [];
    const describe = (el: Element): string => {
      const parts: string[] = [];
      for (let e: Element | null = el; e && parts.length < 4 && e !== document.body; e = e.parentElement) {
        const id = e.getAttribute('data-testid');
        const cls = Array.from(e.classList).filter(
          (c) => c.startsWith('ant-') && !/-(?:sm|lg|md|css|variant|outlined|filled)/.test(c),
        )[0];
        parts.unshift(id ? `[data-testid=${id}]` : cls ? `.${cls}` : e.tagName.toLowerCase());
      }
      return parts.join(' > ');
    };
    const visible = (el: Element) =>
      (el as HTMLElement).checkVisibility?.({ checkOpacity: true, checkVisibilityCSS: true }) ?? true;
    const userText = (el: Element | null) => !!el?.closest('[data-user-text]');
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent?.trim();
      const el = n.parentElement;
      if (!text || !el || userText(el) || el.closest('script,style,noscript') || !visible(el)) continue;
      out.push({ text, where: describe(el) });
    }
    for (const el of Array.from(document.querySelectorAll('[placeholder],[title],[aria-label],img[alt]'))) {
      if (userText(el) || !visible(el)) continue;
      for (const a of ['placeholder', 'title', 'aria-label', 'alt']) {
        const v = el.getAttribute(a)?.trim();
        if (v) out.push({ text: v, where: `${describe(el)} @${a}` });
      }
    }
    return out;
  });
}

/**
 * What the English page draws wrong whatever its words: a typographic apostrophe as wide as a Chinese character
 * (the font stack puts a Chinese font first), and on FIT_PAGES a table that scrolls sideways.
 */
async function layoutFaults(page: Page, routeKey: string): Promise<Finding[]> {
  return page.evaluate(
    ({ fit }) => {
      const out: { text: string; where: string }[] = [];
      const host = document.querySelector('.ant-app') ?? document.body;
      const probe = (text: string) => {
        const s = document.createElement('span');
        s.textContent = text;
        s.style.cssText = 'position:absolute;visibility:hidden;white-space:pre;font-size:20px';
        host.appendChild(s);
        const w = s.getBoundingClientRect().width;
        s.remove();
        return w;
      };
      // "zone’s" minus "zones": the apostrophe's own width; a Chinese font draws it one em (20 px) wide.
      const apostrophe = probe('zone’s') - probe('zones');
      if (apostrophe > 10) out.push({ text: `’ drawn ${Math.round(apostrophe)} px wide at 20 px`, where: 'font' });
      if (fit) {
        for (const el of Array.from(document.querySelectorAll('.ant-table-content, .ant-table-body'))) {
          const e = el as HTMLElement;
          if (e.scrollWidth > e.clientWidth + 1)
            out.push({ text: `table scrolls sideways (${e.scrollWidth} > ${e.clientWidth} px)`, where: 'layout' });
        }
      }
      return out;
    },
    { fit: FIT_PAGES.has(routeKey) },
  );
}

/**
 * Waits until the frame shows the page of the address: a navigation is a React transition, so the old page stays on
 * screen (no spinner) while the next page's code loads — reading it then reads the old page, whose elements are
 * about to be detached. The frame's content carries the path it was drawn for (`data-route-path`, also after a
 * redirect: compared with the address as it is then); the command hall draws outside the frame.
 */
async function drawn(page: Page): Promise<void> {
  await page
    .waitForFunction(
      () => {
        if (document.querySelector('[data-testid=hall], [data-testid=hall-forbidden]')) return true;
        const content = document.querySelector<HTMLElement>('.app-content[data-route-path]');
        return content?.dataset.routePath === location.pathname;
      },
      undefined,
      { timeout: 20_000, polling: 100 },
    )
    .catch(() => {
      throw new Error(`admin-language: ${page.url()} was not drawn within 20 s (the frame still shows another page)`);
    });
}

/** Waits until the page has drawn its data: no spinner or skeleton for a moment. */
async function settle(page: Page): Promise<void> {
  const until = Date.now() + 8_000;
  let quiet = 0;
  await page.waitForTimeout(300);
  while (Date.now() < until && quiet < 2) {
    const busy = await page
      .locator('.ant-spin-spinning:visible, .ant-skeleton:visible, [data-testid=page-skeleton]:visible')
      .count();
    quiet = busy ? 0 : quiet + 1;
    await page.waitForTimeout(200);
  }
}

interface Walk {
  who: string;
  zone: string;
  username: string;
  /** The pages this user's console offers (pages.tsx `scope`); 'any' pages are walked by everyone. */
  scope: 'zone' | 'platform' | 'bureau';
}

/** Opens each route (and each tab of it) and hands its texts to `check`. */
async function walk(
  context: BrowserContext,
  w: Walk,
  lang: 'en' | 'zh-CN',
  ids: Record<string, string | undefined>,
  check: (page: string, texts: Finding[], faults: Finding[]) => void,
): Promise<string[]> {
  const page = await context.newPage();
  const walked: string[] = [];
  await signInAdmin(page, stack.adminUrl, w.zone, w.username, stack.password);
  // The user's own pages and the shared ones; of the pages meant for others, one is enough to see the console's
  // answer to them (the same refusal on each). Walking every page for every user took six minutes of the suite.
  const all = routes();
  const others = all.filter((r) => r.scope !== w.scope && r.scope !== 'any' && !r.path.includes(':'));
  const mine = all.filter((r) => r.scope === w.scope || r.scope === 'any');
  for (const r of [...mine, ...others.slice(0, 1)]) {
    let path = r.path;
    const params = [...path.matchAll(/:(\w+)/g)];
    if (params.length) {
      const id = ids[r.key];
      if (!id) {
        console.warn(`admin-language: no id for ${r.path} (${r.key}); not walked`);
        continue;
      }
      path = path.replace(/:\w+/, id);
    }
    // Client-side navigation (as a menu click does): the console is not reloaded for every page.
    await page.evaluate((p) => {
      history.pushState({}, '', p);
      dispatchEvent(new PopStateEvent('popstate'));
    }, path);
    // A page that left the frame (a drawer or dialog still open, a redirect) is opened afresh. The command hall's
    // wall screen is a menu page outside the console frame: its own root stands for the frame.
    const frame = page.locator('[data-testid=side-menu], [data-testid=hall], [data-testid=hall-forbidden]').first();
    await frame.waitFor({ timeout: 5_000 }).catch(async () => {
      await page.goto(`${stack.adminUrl}${path}`);
      await frame.waitFor();
    });
    await drawn(page);
    await settle(page);
    const name = `${w.who}-${lang}-${r.key}`;
    const faults = lang === 'en' ? await layoutFaults(page, r.key) : [];
    check(`${r.path} (${w.who})`, await visibleTexts(page), faults);
    if (lang === 'en') await shot(page, `admin-lang-${name}`);
    walked.push(r.path);
    // Each tab of the page (the enterprise file's records, the hazard's panels) by its key: a tab re-rendered after a
    // click is found again, never a stale handle; a tab that left
    // with another's panel (nested tabs) is skipped.
    const keys = await page
      .locator('.ant-tabs-tab:visible')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-node-key') ?? ''));
    for (const [i, key] of keys.entries()) {
      if (i === 0 || !key) continue;
      const tab = page.locator(`.ant-tabs-tab[data-node-key="${key}"]:visible`).first();
      if (!(await tab.count())) continue;
      const label = ((await tab.textContent()) ?? key).trim();
      await tab.click();
      await settle(page);
      check(`${r.path} › ${label} (${w.who})`, await visibleTexts(page), []);
      if (lang === 'en') await shot(page, `admin-lang-${name}-tab${i}`);
    }
  }
  await page.close();
  return walked;
}

async function ids(): Promise<Record<string, string | undefined>> {
  const login = await stack.env.req('POST', '/api/v1/auth/login', {
    body: { tenant: 'siqi', username: 'admin', password: stack.password },
  });
  const token = login.body.accessToken as string;
  const e = await stack.env.req('GET', '/api/v1/enterprises?pageSize=1', { token });
  const h = await stack.env.req('GET', '/api/v1/hazards?pageSize=200', { token });
  const u = await stack.env.req('GET', '/api/v1/equipment/units?pageSize=1', { token });
  // A platform library text: both walkers (the zone's admin and the operator) can read it.
  const l = await stack.env.req('GET', '/api/v1/laws/documents?scope=platform&pageSize=50', { token });
  const me = await stack.env.req('GET', '/api/v1/me', { token });
  return {
    // The zone summary of a bureau's city views: siqi (the demo bureau yiwu is granted it).
    cityZone: me.body.tenant?.id,
    enterprise: e.body.items?.[0]?.id,
    hazard: hazardToOpen(h.body.items ?? [])?.id,
    equipmentUnit: u.body.items?.[0]?.id,
    lawReader:
      (l.body.items as Array<{ versionId: string | null }> | undefined)?.find((d) => d.versionId)?.versionId ?? undefined,
  };
}

const WALKS: Walk[] = [
  { who: 'zone-admin', zone: 'siqi', username: 'admin', scope: 'zone' },
  { who: 'operator', zone: 'platform', username: 'operator', scope: 'platform' },
  // The supervisor of the demo bureau 义乌市应急管理局 (granted siqi and suxi): the city views.
  { who: 'bureau', zone: 'yiwu', username: 'city', scope: 'bureau' },
];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(FINDINGS, '');
  stack = await startStack();
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

test('the walk knows the console’s pages', () => {
  const r = routes();
  expect(r.length).toBeGreaterThanOrEqual(20);
  expect(r.map((x) => x.path)).toEqual(
    expect.arrayContaining(['/', '/enterprises/:id', '/hazards/:id', '/audit', '/platform/zones', '/city/overview']),
  );
});

test('in English, no page shows Chinese or Chinese punctuation outside user data', async () => {
  // User data as each walker's api gives it (the operator's own name is not in the zone's lists).
  const corpus = new Set<string>();
  for (const w of WALKS) {
    const login = await stack.env.req('POST', '/api/v1/auth/login', {
      body: { tenant: w.zone, username: w.username, password: stack.password },
    });
    expect(login.status).toBe(200);
    for (const u of await userData(login.body.accessToken)) corpus.add(u);
  }
  const values = [...corpus].sort((a, b) => b.length - a.length);
  const known = await ids();
  const found = new Map<string, Set<string>>();
  for (const w of WALKS) {
    const context = await desktop(browser.browser);
    context.setDefaultTimeout(20_000);
    await context.addInitScript(() => localStorage.setItem('yuanan:admin:lang', 'en'));
    const walked = await walk(context, w, 'en', known, (where, texts, faults) => {
      const note = (t: Finding) => {
        const k = `${where}: ${t.where}`;
        if (!found.has(k)) appendFileSync(FINDINGS, `en ${k} → ${t.text.slice(0, 80)}\n`);
        found.set(k, (found.get(k) ?? new Set()).add(t.text.slice(0, 80)));
      };
      for (const t of texts) {
        let rest = t.text;
        if (!CJK.test(rest) && !FULL_WIDTH.test(rest)) continue;
        for (const u of values) if (rest.includes(u)) rest = rest.split(u).join(USER);
        if (CJK.test(rest) || FULL_WIDTH.test(userPunctuationRemoved(rest))) note(t);
      }
      for (const f of faults) note(f);
    });
    // every page of the user's scope and the shared ones, and one of another scope's
    const expected =
      routes().filter((r) => (r.scope === w.scope || r.scope === 'any') && (!r.path.includes(':') || known[r.key])).length + 1;
    expect({ who: w.who, walked: walked.length }).toEqual({ who: w.who, walked: expected });
    await context.close();
  }
  const report = [...found].map(([k, v]) => `${k} → ${[...v].join(' | ')}`);
  if (report.length) console.log(`admin-language (en) found ${report.length}:\n${report.join('\n')}`);
  expect(report).toEqual([]);
}, 900_000);

test('in Chinese, no page shows an untranslated message key', async () => {
  const keys = messageKeys();
  const known = await ids();
  const found: string[] = [];
  for (const w of WALKS) {
    const context = await desktop(browser.browser);
    context.setDefaultTimeout(20_000);
    await context.addInitScript(() => localStorage.setItem('yuanan:admin:lang', 'zh-CN'));
    await walk(context, w, 'zh-CN', known, (where, texts) => {
      for (const t of texts) {
        if (!looksLikeKey(t.text, keys)) continue;
        found.push(`${where}: ${t.where} → ${t.text}`);
        appendFileSync(FINDINGS, `zh ${found.at(-1)}\n`);
      }
    });
    await context.close();
  }
  if (found.length) console.log(`admin-language (zh) found ${found.length}:\n${found.join('\n')}`);
  expect([...new Set(found)]).toEqual([]);
}, 900_000);
