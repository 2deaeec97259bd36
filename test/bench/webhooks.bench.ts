/**
 * Issue 14 §4 benchmark (webhooks): events committed in the database → signed POSTs received by a local receiver
 * (http.createServer on 127.0.0.1, answering 200 at once), through the real outbox relay, fan-out subscriber and
 * `webhook.deliver` jobs of an in-process worker (MariaDB, Redis).
 *  - `webhooks.latency` — BENCH_WH_LATENCY (200) hazards reported one after another through the api (grid worker,
 *    `POST /hazards`), one subscription to `hazard.created`: from the report's answer (its transaction committed) to
 *    the receiver reading the matching POST. p50 / p99 / max.
 *  - `webhooks.throughput` — BENCH_WH_EVENTS (1000) `hazard.changed` report events committed in ONE transaction,
 *    fanned out to BENCH_WH_SUBS (2) subscriptions: deliveries received per second, from the commit to the last
 *    receipt (every delivery once: duplicates are counted and must be 0).
 *  - `webhooks.ceiling` — the same number of raw HTTP POSTs (same body size, keep-alive, as many at once as the
 *    notify queue's concurrency) from this one process to the same receiver; `webhooks.ratio` = throughput ÷ ceiling.
 * Knobs: BENCH_WH_LATENCY, BENCH_WH_EVENTS, BENCH_WH_SUBS.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { uuidv7 } from '../../api/src/core/db/ids.ts';
import { CONCURRENCY } from '../../api/src/core/queue/worker-runtime.ts';
import { createTestEnv, userWithRole, zoneWithAdmin } from '../../api/src/testing/test-env.ts';
import { figure, percentile } from './lib.ts';
import { seedEnterprises } from './seed.ts';

const LATENCY_N = Number(process.env.BENCH_WH_LATENCY ?? 200);
const EVENTS = Number(process.env.BENCH_WH_EVENTS ?? 1000);
const SUBS = Number(process.env.BENCH_WH_SUBS ?? 2);

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p99: percentile(s, 99), max: s[s.length - 1] ?? NaN, n: s.length };
};

/** Receipt times by (path, hazard id), and every event id seen per path (duplicates counted). */
const receivedAt = new Map<string, number>();
const seen = new Map<string, Set<string>>();
let duplicates = 0;
let rawCount = 0;
const server = http.createServer({ keepAlive: true }, (req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const now = performance.now();
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    if (req.url === '/raw') return void rawCount++;
    const eventId = String(req.headers['yuanan-event-id']);
    const set = seen.get(req.url!) ?? seen.set(req.url!, new Set()).get(req.url!)!;
    if (set.has(eventId)) duplicates++;
    set.add(eventId);
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      receivedAt.set(`${req.url}|${body.data.hazardId}`, now);
    } catch {
      /* counted by event id */
    }
  });
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const env = await createTestEnv({
  worker: true,
  env: { LOG_LEVEL: 'warn', WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', WEBHOOK_ALLOW_LOOPBACK_TARGETS: 'true' },
});
const waitFor = async (ok: () => boolean, ms: number) => {
  const until = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > until) throw new Error('timed out waiting for deliveries');
    await new Promise((r) => setTimeout(r, 5));
  }
};

try {
  const zone = await zoneWithAdmin(env, 'whbench');
  const token = zone.token;
  const g = await env.req('POST', '/api/v1/catalog', { token, body: { kind: 'grid', code: 'g1', name: '第一网格' } });
  if (g.status >= 300) throw new Error(`grid: ${JSON.stringify(g.body)}`);
  const ents = await seedEnterprises(env.api.c.orm.em.getConnection(), zone.tenant.id, {
    from: 0,
    n: 20,
    grids: [g.body.id],
    tags: [],
  });
  const grid = await userWithRole(env, zone, 'grid_worker', { gridIds: [g.body.id] });
  const subscribe = async (path: string) => {
    const r = await env.req('POST', '/api/v1/webhooks', {
      token,
      body: { name: `bench ${path}`, url: `${base}${path}`, events: ['hazard.created'] },
    });
    if (r.status !== 201) throw new Error(`subscribe: ${JSON.stringify(r.body)}`);
    return r.body.id as string;
  };

  // 1. Latency: commit (the report's answer) → receipt.
  const latencySub = await subscribe('/latency');
  const lat: number[] = [];
  const hazardIds: string[] = [];
  for (let i = 0; i < LATENCY_N; i++) {
    const r = await env.req('POST', '/api/v1/hazards', {
      token: grid.token,
      body: {
        enterpriseId: ents[i % ents.length]!.id,
        source: 'grid_patrol',
        categoryCode: 'fire',
        description: `基准隐患 ${i}`,
      },
    });
    const committed = performance.now();
    if (r.status !== 201) throw new Error(`report: ${r.status} ${JSON.stringify(r.body)}`);
    hazardIds.push(r.body.id);
    const key = `/latency|${r.body.id}`;
    await waitFor(() => receivedAt.has(key), 30_000);
    lat.push(receivedAt.get(key)! - committed);
  }
  const l = stats(lat);
  figure('webhooks.latency.p50', l.p50, 'ms', { n: l.n });
  figure('webhooks.latency.p99', l.p99, 'ms', { n: l.n });
  figure('webhooks.latency.max', l.max, 'ms', { n: l.n });
  await env.req('PATCH', `/api/v1/webhooks/${latencySub}`, { token, body: { status: 'disabled' } });

  // 2. Throughput: EVENTS outbox events committed at once, fanned out to SUBS subscriptions.
  const paths = Array.from({ length: SUBS }, (_, i) => `/tp${i}`);
  for (const p of paths) await subscribe(p);
  const conn = env.api.c.orm.em.getConnection();
  const now = new Date();
  const rows: unknown[] = [];
  for (let i = 0; i < EVENTS; i++)
    rows.push(
      uuidv7(),
      zone.tenant.id,
      'hazard.changed',
      JSON.stringify({ hazardId: hazardIds[i % hazardIds.length], action: 'report', created: true }),
      now,
      now,
    );
  const startBytes = JSON.stringify({ id: uuidv7(), type: 'hazard.created', data: {} }).length;
  const t0 = performance.now();
  await conn.transactional(async (trx) => {
    for (let i = 0; i < EVENTS; i += 500) {
      const n = Math.min(500, EVENTS - i);
      await conn.execute(
        `INSERT INTO outbox_events (id, tenant_id, type, payload, created_at, available_at, dispatched_at, attempts, last_error)
         VALUES ${Array.from({ length: n }, () => '(?, ?, ?, ?, ?, ?, NULL, 0, NULL)').join(', ')}`,
        rows.slice(i * 6, (i + n) * 6),
        'run',
        trx,
      );
    }
  });
  env.worker!.relay.wake();
  const expected = EVENTS * SUBS;
  const count = () => paths.reduce((a, p) => a + (seen.get(p)?.size ?? 0), 0);
  await waitFor(() => count() >= expected, 600_000);
  const secs = (performance.now() - t0) / 1000;
  const throughput = expected / secs;
  figure('webhooks.throughput', throughput, 'deliveries/s', {
    deliveries: expected,
    events: EVENTS,
    subscriptions: SUBS,
    seconds: secs,
  });
  figure('webhooks.duplicates', duplicates, 'deliveries');

  // 3. Ceiling: the same number of raw POSTs from one process, as many at once as the notify queue runs.
  const sample = await env.api.c.orm.em
    .getConnection()
    .execute(`SELECT payload FROM webhook_deliveries WHERE tenant_id = ? LIMIT 1`, [zone.tenant.id]);
  const body = JSON.stringify((sample as Array<{ payload: unknown }>)[0]?.payload ?? { pad: 'x'.repeat(startBytes) });
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY.notify });
  const post = () =>
    new Promise<void>((resolve, reject) => {
      const req = http.request(
        `${base}/raw`,
        { method: 'POST', agent, headers: { 'content-type': 'application/json' } },
        (res) => {
          res.resume();
          res.on('end', resolve);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const c0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY.notify }, async () => {
      while (next < expected) {
        next++;
        await post();
      }
    }),
  );
  const ceiling = expected / ((performance.now() - c0) / 1000);
  agent.destroy();
  figure('webhooks.ceiling', ceiling, 'posts/s', { posts: rawCount, concurrency: CONCURRENCY.notify });
  figure('webhooks.ratio', throughput / ceiling, 'ratio');
} finally {
  server.closeAllConnections();
  server.close();
  await env.close();
}
