import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildCreditCode } from '@yuanan/domain';
import { verifyWebhookSignature } from '@yuanan/sdk';
import { reconcileAll } from '../maintenance/maintenance.jobs.ts';
import { until, sleep } from '../../testing/poll.ts';
import { createTestEnv, platformOperator, userWithRole, zoneWithAdmin, type TestEnv } from '../../testing/test-env.ts';
import { deliverAttempt } from './webhook-delivery.ts';

/**
 * Webhooks end to end (issue 14 §4): a receiver this test starts on 127.0.0.1 (allowed for zone A by the platform
 * switch), the real api, worker, outbox relay, MariaDB and Redis. Retry delays are scaled down (×0.00005: the whole
 * 8-attempt schedule takes ≈ 3.7 s) and the timeout is 1.5 s: a shorter one made a loaded CI machine time out
 * answers that were on their way, which then counted as a failed attempt.
 */
interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

let env: TestEnv;
let server: http.Server;
let base: string;
const received: Received[] = [];
const flakyCount = new Map<string, number>();
let zoneA: Awaited<ReturnType<typeof zoneWithAdmin>>;
let zoneB: Awaited<ReturnType<typeof zoneWithAdmin>>;
let operator: Awaited<ReturnType<typeof platformOperator>>;

const got = (path: string) => received.filter((r) => r.path === path);

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (path.startsWith('/hang')) return; // never answers
      if (path.startsWith('/fail')) return res.writeHead(500).end('always broken');
      if (path.startsWith('/flaky')) {
        const n = (flakyCount.get(path) ?? 0) + 1;
        flakyCount.set(path, n);
        if (n === 1) return res.writeHead(500).end('try again');
      }
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  env = await createTestEnv({
    worker: true,
    // The receiver runs on this host: loopback counts as the zone's intranet here (never in production).
    env: {
      WEBHOOK_BACKOFF_SCALE: '0.00005',
      WEBHOOK_TIMEOUT_MS: '1500',
      WEBHOOK_DISABLE_AFTER_FAILURES: '2',
      WEBHOOK_ALLOW_LOOPBACK_TARGETS: 'true',
    },
  });
  zoneA = await zoneWithAdmin(env, 'wha');
  zoneB = await zoneWithAdmin(env, 'whb');
  operator = await platformOperator(env);
  const allow = await env.req('PUT', `/api/v1/platform/zones/${zoneA.tenant.id}/integration`, {
    token: operator.token,
    body: { allowPrivateWebhookTargets: true },
  });
  expect(allow.status).toBe(200);
  expect(allow.body).toEqual({ allowPrivateWebhookTargets: true });
});

afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await env?.close();
});

async function subscribe(zone: { token: string }, path: string, events: string[] = ['hazard.created']) {
  const r = await env.req('POST', '/api/v1/webhooks', {
    token: zone.token,
    body: { name: `接收 ${path}`, url: `${base}${path}`, events },
  });
  expect(r.status).toBe(201);
  return r.body as { id: string; secret: string };
}
const delivery = async (zone: { token: string }, id: string) =>
  (await env.req('GET', `/api/v1/webhooks/deliveries/${id}`, { token: zone.token })).body;

test('refuses private, loopback and local-name targets at subscribe time unless the platform allows the zone', async () => {
  for (const url of [
    'http://127.0.0.1:9/x',
    'http://10.1.2.3/x',
    'http://[::1]:9/x',
    'http://localhost:9/x',
    'http://169.254.169.254/latest',
  ]) {
    const r = await env.req('POST', '/api/v1/webhooks', {
      token: zoneB.token,
      body: { name: 'x', url, events: ['hazard.created'] },
    });
    expect({ url, status: r.status, code: r.body.code, field: r.body.errors?.[0]?.path }).toEqual({
      url,
      status: 422,
      code: 'webhook_url_refused',
      field: 'url',
    });
  }
  // Each refusal says what to do about it, in the reader's language.
  const why = async (url: string, lang = 'zh-CN') =>
    (
      await env.req('POST', '/api/v1/webhooks', {
        token: zoneB.token,
        body: { name: 'x', url, events: ['hazard.created'] },
        headers: { 'accept-language': lang },
      })
    ).body.errors?.[0]?.message as string;
  expect(await why('http://10.1.2.3/x')).toMatch(/内网.*平台运营方/);
  expect(await why('http://169.254.169.254/latest')).toMatch(/链路本地/);
  expect(await why('http://nowhere.invalid/x')).toMatch(/无法解析/);
  expect(await why('http://u:p@93.184.215.14/x')).toMatch(/用户名或密码/);
  expect(await why('http://93.184.215.14:0/x')).toMatch(/端口/);
  expect(await why('http://10.1.2.3/x', 'en')).toMatch(/^The address is on a private network/);
  // A public address passes (an IP literal: nothing is resolved or sent).
  const pub = await env.req('POST', '/api/v1/webhooks', {
    token: zoneB.token,
    body: { name: '公网', url: 'https://93.184.215.14/hook', events: ['hazard.created'] },
  });
  expect(pub.status).toBe(201);
  expect(pub.body.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
  // ftp is not a webhook
  const ftp = await env.req('POST', '/api/v1/webhooks', {
    token: zoneB.token,
    body: { name: 'f', url: 'ftp://example.com/x', events: ['hazard.created'] },
  });
  expect(ftp.status).toBe(400);
  // The zone cannot set the switch itself through its settings.
  const self = await env.req('PATCH', '/api/v1/tenant/settings', {
    token: zoneB.token,
    body: { allowPrivateWebhookTargets: true },
  });
  expect(self.status).toBe(400);
  // Zone A (allowed by the platform) may.
  await subscribe(zoneA, '/ok-subscribe');
});

test('a ping is signed: the receiver verifies it with the sdk function; the secret is never shown again', async () => {
  const sub = await subscribe(zoneA, '/ok-ping');
  const ping = await env.req('POST', `/api/v1/webhooks/${sub.id}/ping`, { token: zoneA.token });
  expect(ping.status).toBe(201);
  await until(
    async () => got('/ok-ping').length,
    (n) => n === 1,
    10_000,
    50,
  );
  const r = got('/ok-ping')[0]!;
  expect(r.headers['yuanan-event']).toBe('ping');
  expect(r.headers['user-agent']).toBe('Yuanan-Webhooks/1');
  expect(r.headers['yuanan-delivery-id']).toBe(ping.body.id);
  expect(r.headers['content-type']).toBe('application/json');
  const check = await verifyWebhookSignature(sub.secret, String(r.headers['yuanan-signature']), r.body, Date.now());
  expect(check.ok).toBe(true);
  expect((await verifyWebhookSignature('whsec_wrong', String(r.headers['yuanan-signature']), r.body)).ok).toBe(false);
  const body = JSON.parse(r.body);
  expect(body).toMatchObject({
    id: r.headers['yuanan-event-id'],
    type: 'ping',
    tenant: { code: 'wha' },
    data: { subscriptionId: sub.id },
  });
  const d = await until(
    () => delivery(zoneA, ping.body.id),
    (x) => x.status === 'succeeded',
    5000,
    50,
  );
  expect(d).toMatchObject({ attempts: 1, lastStatusCode: 200 });
  const shown = await env.req('GET', `/api/v1/webhooks/${sub.id}`, { token: zoneA.token });
  expect(JSON.stringify(shown.body)).not.toContain(sub.secret);
});

test('rotating the secret: both secrets sign during the grace period; with no grace the old one stops at once', async () => {
  const sub = await subscribe(zoneA, '/ok-rotate');
  const pingAndGet = async (n: number) => {
    await env.req('POST', `/api/v1/webhooks/${sub.id}/ping`, { token: zoneA.token });
    await until(
      async () => got('/ok-rotate').length,
      (k) => k === n,
      10_000,
      50,
    );
    const r = got('/ok-rotate')[n - 1]!;
    return (secret: string) => verifyWebhookSignature(secret, String(r.headers['yuanan-signature']), r.body);
  };
  const rotated = await env.req('POST', `/api/v1/webhooks/${sub.id}/rotate-secret`, { token: zoneA.token, body: {} });
  expect(rotated.status).toBe(200);
  expect(rotated.body.secret).not.toBe(sub.secret);
  expect(Date.parse(rotated.body.previousSecretUntil) - Date.now()).toBeGreaterThan(23 * 3_600_000);
  const during = await pingAndGet(1);
  expect((await during(rotated.body.secret)).ok).toBe(true);
  expect((await during(sub.secret)).ok).toBe(true);
  // A leaked secret: rotate with no grace, and only the newest signs.
  const leaked = await env.req('POST', `/api/v1/webhooks/${sub.id}/rotate-secret`, {
    token: zoneA.token,
    body: { graceHours: 0 },
  });
  expect(leaked.body.previousSecretUntil).toBeNull();
  const after = await pingAndGet(2);
  expect((await after(leaked.body.secret)).ok).toBe(true);
  expect((await after(rotated.body.secret)).ok).toBe(false);
  expect((await after(sub.secret)).ok).toBe(false);
  const bad = await env.req('POST', `/api/v1/webhooks/${sub.id}/rotate-secret`, {
    token: zoneA.token,
    body: { graceHours: 1000 },
  });
  expect(bad.status).toBe(400);
  // the trail says a secret changed, never its ciphertext
  const trail = await env.req('GET', `/api/v1/audit?entityType=WebhookSubscription&entityId=${sub.id}&pageSize=50`, {
    token: zoneA.token,
  });
  const diffs = trail.body.items.map((a: { diff: Record<string, unknown> }) => a.diff ?? {});
  expect(diffs.some((d: Record<string, unknown>) => 'secretEnc' in d)).toBe(true);
  for (const d of diffs)
    for (const k of ['secretEnc', 'previousSecretEnc'])
      if (k in d) expect(JSON.stringify(d[k])).toMatch(/^("\[secret\]"|\["\[secret\]","\[secret\]"\])$/);
});

test('rotations that race: one wins, the others 409; a grace is never cut short; graceHours 0 (a leak) always works', async () => {
  const sub = await subscribe(zoneA, '/ok-rotate-race');
  const rotate = (body: Record<string, unknown>) =>
    env.req('POST', `/api/v1/webhooks/${sub.id}/rotate-secret`, { token: zoneA.token, body });
  const pingAndGet = async (n: number) => {
    await env.req('POST', `/api/v1/webhooks/${sub.id}/ping`, { token: zoneA.token });
    await until(
      async () => got('/ok-rotate-race').length,
      (k) => k === n,
      10_000,
      50,
    );
    const r = got('/ok-rotate-race')[n - 1]!;
    const header = String(r.headers['yuanan-signature']);
    return {
      v1: [...header.matchAll(/v1=/g)].length,
      ok: async (secret: string) => (await verifyWebhookSignature(secret, header, r.body)).ok,
    };
  };
  // Three at once: exactly one 200, the others 409; the winner's secret is the one that signs, beside the first.
  const race = await Promise.all([rotate({ graceHours: 24 }), rotate({ graceHours: 24 }), rotate({ graceHours: 24 })]);
  expect(race.map((r) => r.status).sort()).toEqual([200, 409, 409]);
  const won = race.find((r) => r.status === 200)!.body;
  for (const r of race.filter((x) => x.status === 409)) {
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.body.detail).toContain('graceHours 0');
  }
  const promised = won.previousSecretUntil as string;
  const first = await pingAndGet(1);
  expect(first.v1).toBe(2);
  expect(await first.ok(won.secret)).toBe(true);
  expect(await first.ok(sub.secret)).toBe(true);

  // Again with a grace while S0's grace runs: 409 naming when it ends (Beijing time), and S0 keeps its promise.
  const again = await rotate({ graceHours: 24 });
  expect([again.status, again.body.code]).toEqual([409, 'conflict']);
  const ends = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' }).format(
    new Date(promised),
  );
  expect(again.body.detail).toContain(`${ends}（北京时间）`);
  expect(again.body.detail).toContain('泄露');
  const en = await env.req('POST', `/api/v1/webhooks/${sub.id}/rotate-secret`, {
    token: zoneA.token,
    body: {},
    headers: { 'accept-language': 'en' },
  });
  expect([en.status, en.body.detail]).toEqual([409, expect.stringContaining('graceHours 0')]);
  const shown = await env.req('GET', `/api/v1/webhooks/${sub.id}`, { token: zoneA.token });
  expect(shown.body.previousSecretUntil).toBe(promised);
  const still = await pingAndGet(2);
  expect([await still.ok(won.secret), await still.ok(sub.secret)]).toEqual([true, true]);

  // A leak: graceHours 0 works during the grace and ends every old secret at once; only the new one signs.
  const leak = await rotate({ graceHours: 0 });
  expect([leak.status, leak.body.previousSecretUntil]).toEqual([200, null]);
  const after = await pingAndGet(3);
  expect(after.v1).toBe(1);
  expect(await after.ok(leak.body.secret)).toBe(true);
  expect(await after.ok(won.secret)).toBe(false);
  expect(await after.ok(sub.secret)).toBe(false);
  // No grace runs now: a rotation with a grace works again.
  expect((await rotate({ graceHours: 1 })).status).toBe(200);
});

test('a 500 then a 200: retried, then succeeded (2 attempts); after the 2xx nothing is sent again', async () => {
  const sub = await subscribe(zoneA, '/flaky-1');
  const ping = await env.req('POST', `/api/v1/webhooks/${sub.id}/ping`, { token: zoneA.token });
  const d = await until(
    () => delivery(zoneA, ping.body.id),
    (x) => x.status === 'succeeded',
    10_000,
    50,
  );
  expect(d).toMatchObject({ attempts: 2, lastStatusCode: 200, lastError: null });
  expect(got('/flaky-1')).toHaveLength(2);
  expect(new Set(got('/flaky-1').map((r) => r.headers['yuanan-event-id'])).size).toBe(1);
  // A stale or duplicated job, and the reconciler, send nothing more.
  const t = (await env.worker!.c.tenants.byId(zoneA.tenant.id))!;
  const w = env.worker!;
  expect(await deliverAttempt(w.c, w.services.webhooks, w.services.notifications, t, ping.body.id, 3)).toEqual({
    status: 'not_claimed',
  });
  expect(await deliverAttempt(w.c, w.services.webhooks, w.services.notifications, t, ping.body.id, 1)).toEqual({
    status: 'not_claimed',
  });
  await reconcileAll(w.c, w.services.webhookJobSet.reconcilers);
  await sleep(500);
  expect(got('/flaky-1')).toHaveLength(2);
  expect((await delivery(zoneA, ping.body.id)).attempts).toBe(2);
});

test('a receiver that never answers: the timeout is recorded as a failed attempt and retried', async () => {
  const sub = await subscribe(zoneA, '/hang-1');
  const ping = await env.req('POST', `/api/v1/webhooks/${sub.id}/ping`, { token: zoneA.token });
  // attempt 2 is counted when it starts, a moment before the receiver sees it: wait for both
  const d = await until(
    () => delivery(zoneA, ping.body.id),
    (x) => x.attempts >= 2 && got('/hang-1').length >= 2,
    20_000,
    50,
  );
  expect(d.lastError).toMatch(/timeout/);
  expect(d.lastStatusCode).toBeNull();
  expect(d.lastDurationMs).toBeGreaterThanOrEqual(1_400);
  expect(['pending', 'sending', 'failed']).toContain(d.status);
  expect(got('/hang-1').length).toBeGreaterThanOrEqual(2);
  await env.req('PATCH', `/api/v1/webhooks/${sub.id}`, { token: zoneA.token, body: { status: 'disabled' } });
});

test('a hazard report fans out hazard.created once, even when the outbox event is relayed twice', async () => {
  const sub = await subscribe(zoneA, '/ok-hazard', ['hazard.created', 'hazard.closed']);
  const ent = (
    await env.req('POST', '/api/v1/enterprises', {
      token: zoneA.token,
      body: { creditCode: buildCreditCode('91', '330782', 'MA2W0001'), name: '推送测试企业', principalName: '张三' },
    })
  ).body as { id: string };
  const grid = await userWithRole(env, zoneA, 'grid_worker');
  const h = await env.req('POST', '/api/v1/hazards', {
    token: grid.token,
    body: { enterpriseId: ent.id, source: 'grid_patrol', categoryCode: 'fire', description: '消防通道堵塞' },
  });
  expect(h.status).toBe(201);
  await until(
    async () => got('/ok-hazard').length,
    (n) => n === 1,
    15_000,
    50,
  );
  const first = got('/ok-hazard')[0]!;
  const payload = JSON.parse(first.body);
  expect(payload).toMatchObject({
    type: 'hazard.created',
    tenant: { code: 'wha' },
    data: { hazardId: h.body.id, code: h.body.code, enterpriseId: ent.id, enterpriseName: '推送测试企业', status: 'reported' },
  });
  expect((await verifyWebhookSignature(sub.secret, String(first.headers['yuanan-signature']), first.body)).ok).toBe(true);
  // The relay is at least once: run the same outbox event's fan-out again (as a second relay would).
  const [row] = (await env
    .worker!.c.orm.em.getConnection()
    .execute(`SELECT id, payload FROM outbox_events WHERE tenant_id = ? AND type = 'hazard.changed' ORDER BY id DESC LIMIT 1`, [
      zoneA.tenant.id,
    ])) as Array<{ id: string; payload: string | object }>;
  const p = typeof row!.payload === 'string' ? JSON.parse(row!.payload) : row!.payload;
  const fanout = env.worker!.registry.subscriber('webhooks.fanout.hazard')!;
  const again = await fanout.handle(
    { tenantId: zoneA.tenant.id, eventId: row!.id, ...p },
    { c: env.worker!.c, job: {} as never },
  );
  expect(again).toEqual({ queued: 0 });
  await sleep(800);
  expect(got('/ok-hazard')).toHaveLength(1);
  const list = await env.req('GET', `/api/v1/webhooks/deliveries?subscriptionId=${sub.id}`, { token: zoneA.token });
  expect(list.body.total).toBe(1);
  expect(list.body.items[0]).toMatchObject({ eventType: 'hazard.created', eventId: payload.id, status: 'succeeded' });
});

test('replay sends the same event id as a new delivery', async () => {
  const sub = await subscribe(zoneA, '/ok-replay');
  const ping = await env.req('POST', `/api/v1/webhooks/${sub.id}/ping`, { token: zoneA.token });
  await until(
    () => delivery(zoneA, ping.body.id),
    (x) => x.status === 'succeeded',
    5000,
    50,
  );
  const replay = await env.req('POST', `/api/v1/webhooks/deliveries/${ping.body.id}/replay`, { token: zoneA.token });
  expect(replay.status).toBe(201);
  expect(replay.body).toMatchObject({ replayOf: ping.body.id, eventId: ping.body.eventId });
  await until(
    async () => got('/ok-replay').length,
    (n) => n === 2,
    5000,
    50,
  );
  const [a, b] = got('/ok-replay');
  expect(b!.headers['yuanan-event-id']).toBe(a!.headers['yuanan-event-id']);
  expect(b!.headers['yuanan-delivery-id']).toBe(replay.body.id);
  expect(b!.body).toBe(a!.body);
});

test('after N deliveries failed for good the subscription is disabled, audited, and the admins told', async () => {
  const sub = await subscribe(zoneA, '/fail-1');
  const p1 = await env.req('POST', `/api/v1/webhooks/${sub.id}/ping`, { token: zoneA.token });
  await env.req('POST', `/api/v1/webhooks/${sub.id}/ping`, { token: zoneA.token });
  const s = await until(
    async () => (await env.req('GET', `/api/v1/webhooks/${sub.id}`, { token: zoneA.token })).body,
    (x) => x.status === 'disabled',
    20_000,
    100,
  );
  expect(s).toMatchObject({ disabledReason: 'failures', consecutiveFailures: 2 });
  const d1 = await delivery(zoneA, p1.body.id);
  expect(d1).toMatchObject({ status: 'failed', attempts: 8, lastStatusCode: 500 });
  expect(got('/fail-1')).toHaveLength(16);
  const notes = await until(
    async () =>
      (await env.req('GET', '/api/v1/notifications', { token: zoneA.token })).body.items as Array<{
        kind: string;
        title: string;
        link: string | null;
      }>,
    (items) => items.some((n) => n.kind === 'webhook.disabled'),
    5000,
  );
  const disabledNote = notes.find((n) => n.kind === 'webhook.disabled')!;
  expect(disabledNote.title).toBe('Webhook 订阅已自动停用：接收 /fail-1');
  // it opens the console's webhooks page on this subscription (a /integration/webhooks/<id> page does not exist)
  expect(disabledNote.link).toBe(`/integration/webhooks?id=${sub.id}`);
  const [audit] = (await env.api.c.orm.em
    .getConnection()
    .execute(`SELECT COUNT(*) AS n FROM audit_log WHERE tenant_id = ? AND action = 'webhooks.autoDisable' AND entity_id = ?`, [
      zoneA.tenant.id,
      sub.id,
    ])) as Array<{ n: number }>;
  expect(Number(audit!.n)).toBe(1);
  // Disabled: no ping; re-enabled: the counter starts again.
  expect((await env.req('POST', `/api/v1/webhooks/${sub.id}/ping`, { token: zoneA.token })).body.code).toBe('webhook_disabled');
  const en = await env.req('POST', `/api/v1/webhooks/${sub.id}/enable`, { token: zoneA.token });
  expect(en.body).toMatchObject({ status: 'active', consecutiveFailures: 0, disabledReason: null });
});

test('SSRF at delivery time: the platform withdraws the switch, the next delivery is refused and recorded', async () => {
  const sub = await subscribe(zoneA, '/ok-ssrf');
  const off = await env.req('PUT', `/api/v1/platform/zones/${zoneA.tenant.id}/integration`, {
    token: operator.token,
    body: { allowPrivateWebhookTargets: false },
  });
  expect(off.status).toBe(200);
  // The worker's tenant cache (≤ 5 s) learns of it through the bus.
  await sleep(300);
  const ping = await env.req('POST', `/api/v1/webhooks/${sub.id}/ping`, { token: zoneA.token });
  const d = await until(
    () => delivery(zoneA, ping.body.id),
    (x) => x.status === 'failed',
    10_000,
    50,
  );
  expect(d.lastError).toMatch(/refused/);
  expect(d.attempts).toBe(1);
  expect(got('/ok-ssrf')).toHaveLength(0);
  await env.req('PUT', `/api/v1/platform/zones/${zoneA.tenant.id}/integration`, {
    token: operator.token,
    body: { allowPrivateWebhookTargets: true },
  });
});

test("zone B cannot see or touch zone A's subscriptions and deliveries (404)", async () => {
  const sub = await subscribe(zoneA, '/ok-tenancy');
  const ping = await env.req('POST', `/api/v1/webhooks/${sub.id}/ping`, { token: zoneA.token });
  for (const [m, path] of [
    ['GET', `/api/v1/webhooks/${sub.id}`],
    ['PATCH', `/api/v1/webhooks/${sub.id}`],
    ['DELETE', `/api/v1/webhooks/${sub.id}`],
    ['POST', `/api/v1/webhooks/${sub.id}/ping`],
    ['POST', `/api/v1/webhooks/${sub.id}/rotate-secret`],
    ['GET', `/api/v1/webhooks/deliveries/${ping.body.id}`],
    ['POST', `/api/v1/webhooks/deliveries/${ping.body.id}/replay`],
  ] as const) {
    const r = await env.req(m, path, { token: zoneB.token, body: m === 'PATCH' ? { name: 'x' } : undefined });
    expect({ m, path, status: r.status }).toEqual({ m, path, status: 404 });
  }
  const list = await env.req('GET', '/api/v1/webhooks', { token: zoneB.token });
  expect(list.body.map((s: { id: string }) => s.id)).not.toContain(sub.id);
  const dl = await env.req('GET', `/api/v1/webhooks/deliveries?subscriptionId=${sub.id}`, { token: zoneB.token });
  expect(dl.body.total).toBe(0);
  // A safety officer reads, but may not manage.
  const officer = await userWithRole(env, zoneA, 'safety_officer');
  expect((await env.req('GET', '/api/v1/webhooks', { token: officer.token })).status).toBe(200);
  expect((await env.req('POST', `/api/v1/webhooks/${sub.id}/ping`, { token: officer.token })).status).toBe(403);
});
