/**
 * Issue 12 benchmark (incidents): the time from an SOS to the incident on the command hall's big screen.
 * A zone of BENCH_INC_ENTERPRISES (500) enterprises (lat/lng and site-plan points) gets BENCH_INC_SOS (300) SOS, one
 * after another, from an enterprise user (`POST /incidents/sos`, the mini-program's call; the zone's sosMergeSeconds
 * set to 0 so each is a new incident), while a socket.io client signed in as the safety office (what the wall screen
 * runs) listens. Per SOS:
 *  - `incidents.sos_to_push` — from sending the request to `incident.changed` for that incident at the client
 *    (the screen shows the event's summary at once): p50 / p99 / max. Goal p99 ≤ 1 s.
 *  - `incidents.sos_to_snapshot` — the same plus the screen's `GET /command-hall` that then shows the incident in full
 *    (its type, clock, place): p50 / p99. The page waits 300 ms after a burst before fetching (a UI choice, not in
 *    this figure); the open incidents pile up during the run (the snapshot lists up to 200), so the later fetches
 *    are the heavy case.
 *  - `incidents.sos.http` — the SOS request itself (the phone's wait): p50 / p99.
 * A burst (BENCH_INC_BURST, 20 people press SOS at once, each their own account) gives `incidents.sos_to_push.burst`
 * p50 / p99 and how many answered within 30 s (a request that hangs is counted as failed, not waited for).
 * No worker: the measure is the request path (the push is sent from the request, not through the outbox).
 * Knobs: BENCH_INC_ENTERPRISES, BENCH_INC_SOS, BENCH_INC_BURST.
 */
import { randomUUID } from 'node:crypto';
import { io as connectSocket } from 'socket.io-client';
import { createTestEnv, userWithRole, zoneWithAdmin } from '../../api/src/testing/test-env.ts';
import { figure, percentile } from './lib.ts';
import { seedEnterprises } from './seed.ts';

const ENTERPRISES = Number(process.env.BENCH_INC_ENTERPRISES ?? 500);
const SOS = Number(process.env.BENCH_INC_SOS ?? 300);
const BURST = Number(process.env.BENCH_INC_BURST ?? 20);

const env = await createTestEnv({ env: { LOG_LEVEL: 'warn' } });
const conn = () => env.api.c.orm.em.getConnection();
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p99: percentile(s, 99), max: s[s.length - 1] ?? NaN, n: s.length };
};

try {
  const zone = await zoneWithAdmin(env, 'incbench');
  const token = zone.token;
  const g = await env.req('POST', '/api/v1/catalog', { token, body: { kind: 'grid', code: 'g1', name: '第一网格' } });
  if (g.status >= 300) throw new Error(`grid: ${JSON.stringify(g.body)}`);
  const ents = await seedEnterprises(conn(), zone.tenant.id, {
    from: 0,
    n: ENTERPRISES,
    grids: [g.body.id],
    tags: ['hazchem_use'],
  });
  const reporter = await userWithRole(env, zone, 'enterprise_admin', { enterpriseId: ents[0]!.id });
  // Every SOS a new incident (the merge window would fold a person's second SOS within a minute into the first).
  const s = await env.req('GET', '/api/v1/tenant', { token });
  const policy = { ...s.body.settings.incidentPolicy, sosMergeSeconds: 0 };
  const p = await env.req('PATCH', '/api/v1/tenant/settings', { token, body: { incidentPolicy: policy } });
  if (p.status !== 200) throw new Error(`settings: ${JSON.stringify(p.body)}`);
  env.api.c.tenants.invalidate();

  const probe = await env.req('POST', '/api/v1/incidents/sos', {
    token: reporter.token,
    body: { clientKey: randomUUID(), type: 'fire', description: 'probe' },
  });
  if (probe.status === 404) {
    figure('incidents.sos_to_push.p99', NaN, 'ms', { skipped: true, reason: 'POST /incidents/sos not built yet (404)' });
  } else {
    if (probe.status !== 201) throw new Error(`sos: ${probe.status} ${JSON.stringify(probe.body)}`);
    const socket = connectSocket(env.url, { path: '/socket.io', auth: { token }, transports: ['websocket'] });
    await new Promise<void>((resolve, reject) => {
      socket.once('ready', () => resolve());
      socket.once('connect_error', reject);
    });
    // Arrival time of the first `incident.changed` of each incident (it may come before the SOS's answer).
    const arrived = new Map<string, number>();
    const waiting = new Map<string, (t: number) => void>();
    socket.on('incident.changed', (e: { id: string }) => {
      const t = performance.now();
      if (arrived.has(e.id)) return;
      arrived.set(e.id, t);
      waiting.get(e.id)?.(t);
    });
    const pushOf = (id: string) =>
      arrived.has(id)
        ? Promise.resolve(arrived.get(id)!)
        : Promise.race([
            new Promise<number>((r) => waiting.set(id, r)),
            new Promise<number>((_, reject) =>
              setTimeout(() => reject(new Error(`no incident.changed for ${id} in 10 s`)), 10_000),
            ),
          ]);
    /** One SOS (given up after 30 s: a request that hangs is reported, not waited for). */
    const send = async (i: number, from = reporter.token) => {
      const t0 = performance.now();
      const res = await fetch(`${env.url}/api/v1/incidents/sos`, {
        method: 'POST',
        headers: { authorization: `Bearer ${from}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          clientKey: randomUUID(),
          type: i % 3 ? 'fire' : 'leak_poisoning',
          description: `求救 ${i}`,
          isDrill: i % 10 === 0,
        }),
        signal: AbortSignal.timeout(30_000),
      });
      const body = (await res.json()) as { incident: { id: string } };
      const t1 = performance.now();
      if (res.status !== 201) throw new Error(`sos ${i}: ${res.status} ${JSON.stringify(body)}`);
      return { t0, http: t1 - t0, id: body.incident.id };
    };

    const push: number[] = [];
    const snapshot: number[] = [];
    const http: number[] = [];
    for (let i = 0; i < SOS; i++) {
      const { t0, http: h, id } = await send(i);
      http.push(h);
      push.push((await pushOf(id)) - t0);
      const hall = await env.req('GET', '/api/v1/command-hall', { token });
      if (hall.status !== 200) throw new Error(`command hall: ${hall.status} ${JSON.stringify(hall.body)}`);
      const shown = (hall.body.incidents as Array<{ id: string }>).some((x) => x.id === id);
      // Past 200 open incidents the snapshot lists the most severe and newest 200: a new SOS is always among them.
      if (!shown) throw new Error(`the snapshot after SOS ${i} does not list it`);
      snapshot.push(performance.now() - t0);
    }
    const a = stats(push);
    figure('incidents.sos_to_push', a.p99, 'ms', { p50: a.p50, p99: a.p99, max: a.max, sos: a.n, goalP99: 1000 });
    const b = stats(snapshot);
    figure('incidents.sos_to_snapshot', b.p99, 'ms', { p50: b.p50, p99: b.p99, max: b.max, sos: b.n, enterprises: ENTERPRISES });
    const c = stats(http);
    figure('incidents.sos.http', c.p99, 'ms', { p50: c.p50, p99: c.p99, max: c.max });

    // A burst: BURST people press SOS at once (a gas cloud over several workshops), each from their own account.
    const people: Array<{ token: string }> = [];
    for (let k = 0; k < BURST; k++)
      people.push(await userWithRole(env, zone, 'enterprise_staff', { enterpriseId: ents[(k + 1) % ents.length]!.id }));
    const burst = await Promise.allSettled(
      people.map(async (u, k) => {
        const { t0, id } = await send(SOS + k, u.token);
        return (await pushOf(id)) - t0;
      }),
    );
    const done = burst.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const failed = burst.flatMap((r) => (r.status === 'rejected' ? [String((r.reason as Error)?.message ?? r.reason)] : []));
    const d = stats(done);
    figure('incidents.sos_to_push.burst', d.p99, 'ms', {
      p50: d.p50,
      p99: d.p99,
      max: d.max,
      concurrent: BURST,
      answered: done.length,
      ...(failed.length ? { failed: failed.length, firstError: failed[0] } : {}),
    });
    socket.disconnect();
  }
} finally {
  await env.close();
}
