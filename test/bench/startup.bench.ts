/**
 * Issue 2 figures: cold start (process spawned → ready) and idle resident memory of the api and the worker, run
 * as the real entry points (api/src/main.ts, api/src/worker.ts) on Node 24 against a database with the demo
 * zones. Idle = after IDLE_SECONDS with no requests (the worker's schedulers and relay still tick).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { seedDemo } from '../../api/src/cli/demo/demo-seed.ts';
import { runInScope } from '../../api/src/core/context/request-scope.ts';
import { createTestEnv } from '../../api/src/testing/test-env.ts';
import { figure } from './lib.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 20);
const RUNS = Number(process.env.BENCH_STARTS ?? 3);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

/** Spawns an entry point and returns how long until `ready` answers 200. */
async function start(entry: string, env: NodeJS.ProcessEnv, ready: string): Promise<{ child: ChildProcess; ms: number }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [join(ROOT, entry)], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${entry} exited with ${child.exitCode}`);
    const ok = await fetch(ready)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return { child, ms: performance.now() - t0 };
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

const env = await createTestEnv({ env: { DEMO_PASSWORD: 'Demo@Yuanan2026' } });
try {
  await runInScope(
    { requestId: 'seed', tenantId: null, em: null, actor: null, ip: null, userAgent: 'seed', action: 'demo.seed' },
    () => seedDemo(env.api.c, env.api.services, 'Demo@Yuanan2026'),
  );
  const url = new URL(env.config.DATABASE_URL);
  url.pathname = `/${env.dbName}`;
  const base = {
    ...process.env,
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    DATABASE_URL: url.toString(),
    REDIS_PREFIX: env.config.REDIS_PREFIX,
    HOST: '127.0.0.1',
  };

  const apiStarts: number[] = [];
  const workerStarts: number[] = [];
  let apiRss = 0;
  let workerRss = 0;
  for (let i = 0; i < RUNS; i++) {
    const apiPort = await freePort();
    const workerPort = await freePort();
    const api = await start(
      'api/src/main.ts',
      { ...base, PORT: String(apiPort) },
      `http://127.0.0.1:${apiPort}/api/v1/health/ready`,
    );
    const worker = await start(
      'api/src/worker.ts',
      { ...base, WORKER_HEALTH_PORT: String(workerPort) },
      `http://127.0.0.1:${workerPort}/health`,
    );
    apiStarts.push(api.ms);
    workerStarts.push(worker.ms);
    if (i === RUNS - 1) {
      await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000));
      apiRss = await rssMb(api.child.pid!);
      workerRss = await rssMb(worker.child.pid!);
    }
    await stop(worker.child);
    await stop(api.child);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  figure('api.cold_start', median(apiStarts), 'ms', { runs: apiStarts.map(Math.round), until: 'GET /api/v1/health/ready = 200' });
  figure('worker.cold_start', median(workerStarts), 'ms', { runs: workerStarts.map(Math.round), until: 'GET /health = 200' });
  figure('api.idle_rss', apiRss, 'MB', { idleSeconds: IDLE_SECONDS });
  figure('worker.idle_rss', workerRss, 'MB', { idleSeconds: IDLE_SECONDS });
} finally {
  await env.close();
}
