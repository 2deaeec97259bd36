import { buildCreditCode } from '@yuanan/domain';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cluster, Redis } from 'ioredis';
import { io as connect, type Socket } from 'socket.io-client';
import type { Config } from '../config/config.ts';
import { createOrm } from '../db/orm.ts';
import { dropDatabase, ensureDatabase, migrateUp } from '../db/migrate.ts';
import { startApi, type RunningApi } from '../../main.ts';
import { migrations } from '../../migrations/index.ts';
import { entities } from '../../modules/entities.ts';
import { request, testConfig, zoneWithAdmin, type TestEnv } from '../../testing/test-env.ts';
import { startWorker, type RunningWorker } from '../../worker.ts';
import { bullPrefix, keySlot } from './key-layout.ts';

/**
 * The api and the worker on a real three-master Redis Cluster (local redis-server processes): BullMQ job
 * schedulers and an event job, sign-in keys, and socket.io through the sharded adapter from the worker.
 */
function which(bin: string): string | null {
  try {
    return execFileSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}
const server = which('redis-server');
const cli = which('redis-cli');
if (!server || !cli) {
  console.warn('redis-cluster.test.ts skipped: redis-server / redis-cli not on PATH (install Redis ≥ 7 to run it)');
}
const maybe = server && cli ? describe : describe.skip;

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, ms = 15000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => null);
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await wait(100);
  }
}

maybe('on a Redis Cluster', () => {
  const procs: ChildProcess[] = [];
  let dir = '';
  let ports: number[] = [];
  let config: Config;
  let dbName = '';
  let api: RunningApi;
  let worker: RunningWorker;
  let cluster: Cluster;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'yuanan-cluster-'));
    // Ports below 55535 so the cluster bus (port + 10000) is a valid port too.
    const base = 20000 + Math.floor(Math.random() * 30000);
    ports = [base, base + 1, base + 2];
    for (const p of ports) {
      const child = spawn(
        server!,
        [
          '--port',
          String(p),
          '--bind',
          '127.0.0.1',
          '--cluster-enabled',
          'yes',
          '--cluster-config-file',
          `nodes-${p}.conf`,
          '--dir',
          dir,
          '--save',
          '',
          '--appendonly',
          'no',
          '--protected-mode',
          'no',
        ],
        { stdio: 'ignore' },
      );
      procs.push(child);
    }
    for (const p of ports) {
      await until(`redis on ${p}`, async () => {
        const r = new Redis(p, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
        try {
          await r.connect();
          return (await r.ping()) === 'PONG';
        } finally {
          r.disconnect();
        }
      });
    }
    execFileSync(
      cli!,
      ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes'],
      {
        stdio: 'ignore',
        timeout: 20000,
      },
    );
    for (const p of ports) {
      await until(`cluster state on ${p}`, async () => {
        const out = execFileSync(cli!, ['-p', String(p), 'cluster', 'info'], { encoding: 'utf8' });
        return out.includes('cluster_state:ok');
      });
    }
    config = testConfig({
      REDIS_URL: ports.map((p) => `redis://127.0.0.1:${p}`).join(','),
      REDIS_CLUSTER: 'true',
      REALTIME_ADAPTER: 'sharded',
      FILE_DIR: dir,
    });
    dbName = `yuanan_t_${randomBytes(6).toString('hex')}`;
    await ensureDatabase(config, dbName);
    const orm = await createOrm(config, { entities, migrations, dbName });
    await migrateUp(orm);
    await orm.close(true);
    api = await startApi(config, { dbName });
    worker = await startWorker(config, { dbName });
    cluster = new Cluster(ports.map((port) => ({ host: '127.0.0.1', port })));
  }, 90_000);

  afterAll(async () => {
    cluster?.disconnect();
    await worker?.close().catch(() => undefined);
    await api?.close().catch(() => undefined);
    if (dbName) await dropDatabase(config, dbName).catch(() => undefined);
    for (const p of procs) p.kill('SIGKILL');
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('our slot function agrees with the cluster', async () => {
    for (const k of [
      `${bullPrefix(config)}:events:wait`,
      'yuanan:t:{0b0e1c9a-1111-4222-8333-444455556666}:login-lock:x',
      'plain',
      '中文{键}',
    ]) {
      expect(keySlot(k)).toBe(await cluster.cluster('KEYSLOT', k));
    }
  });

  test('schedulers, an event job, sign-in keys and realtime from the worker all work across three masters', async () => {
    const env = {
      api,
      req: (m: string, p: string, o?: Parameters<typeof request>[3]) => request(api.url, m, p, o),
    } as unknown as TestEnv;
    const zone = await zoneWithAdmin(env, 'clu');
    // Schedulers were upserted at worker start (multi-key Lua scripts: CROSSSLOT without the hash tag).
    expect((await worker.c.queues.queue('maintenance').getJobSchedulers()).length).toBeGreaterThan(0);
    // An enterprise created → outbox → events queue → its subscriber jobs complete.
    const created = await env.req('POST', '/api/v1/enterprises', {
      token: zone.token,
      body: { creditCode: buildCreditCode('91', '330782', 'MA2H9000'), name: '集群测试企业', principalName: '张三' },
    });
    expect(created.status).toBe(201);
    await until(
      'a completed event job',
      async () => ((await worker.c.queues.queue('events').getJobCounts('completed')).completed ?? 0) > 0,
    );
    // Failed sign-in: the counter lives in the tenant's slot.
    await env.req('POST', '/api/v1/auth/login', { body: { tenant: 'clu', username: 'ghost', password: 'wrong-pass-1' } });
    const failKey = `${config.REDIS_PREFIX}:t:{${zone.tenant.id}}:login-fail:ghost`;
    expect(await cluster.get(failKey)).toBe('1');
    // socket.io: the worker emits through the sharded adapter to a client of the api.
    const s: Socket = await new Promise((resolve, reject) => {
      const c = connect(api.url, {
        path: '/socket.io',
        auth: { token: zone.token },
        transports: ['websocket'],
        reconnection: false,
      });
      c.on('ready', () => resolve(c));
      c.on('connect_error', reject);
    });
    const got: unknown[] = [];
    s.on('ping', (d: unknown) => got.push(d));
    await wait(200);
    worker.c.realtime.toTenant(zone.tenant.id, 'ping', { from: 'worker' });
    api.c.realtime.toUser(zone.tenant.id, zone.user.id, 'ping', { from: 'api' });
    await until('two pings', async () => got.length >= 2, 5000);
    expect(got).toEqual(expect.arrayContaining([{ from: 'worker' }, { from: 'api' }]));
    s.disconnect();
  }, 60_000);
});
