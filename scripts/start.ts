/**
 * `npm start`: the whole product on this machine — migrates and seeds the demo zones on first run, builds the
 * admin console and the mini-program's H5 build when missing, then runs the api, the worker and both front-ends.
 * Options: --rebuild (build the front-ends again), --no-seed.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { createConnection } from 'mysql2/promise';
import { serveStatic, type StaticServer } from './lib/static-server.ts';
import { missingServices, DEFAULT_DATABASE_URL } from './lib/services.ts';
import { elapsed, run, startPrefixed } from './lib/run.ts';

const ROOT = join(import.meta.dirname, '..');
if (existsSync(join(ROOT, '.env'))) process.loadEnvFile(join(ROOT, '.env'));
const args = new Set(process.argv.slice(2));
// Development defaults; a quieter log so the terminal stays readable (set LOG_LEVEL=info for request logs).
const env = {
  ...process.env,
  NODE_ENV: process.env.NODE_ENV ?? 'development',
  DEV_LOGIN: process.env.DEV_LOGIN ?? 'true',
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
};
const apiPort = Number(env.PORT ?? 3000);
const adminPort = Number(env.ADMIN_PORT ?? 8080);
const h5Port = Number(env.H5_PORT ?? 8081);
const password = env.DEMO_PASSWORD ?? 'Demo@Yuanan2026';
const t0 = performance.now();

const missing = await missingServices(env);
if (missing.length) {
  console.error(`园安 cannot start:\n  - ${missing.join('\n  - ')}`);
  process.exit(1);
}

const npm = (a: string[]) => run('npm', a, { cwd: ROOT, env });
// Front-end builds are production builds whatever the running mode (a development Taro build needs its dev server).
const build = (a: string[]) => run('npm', a, { cwd: ROOT, env: { ...env, NODE_ENV: 'production' } });
if ((await npm(['run', 'db:migrate', '--silent'])) !== 0) process.exit(1);

async function demoSeeded(): Promise<boolean> {
  const url = new URL(env.DATABASE_URL ?? DEFAULT_DATABASE_URL);
  const conn = await createConnection({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username || 'root'),
    password: decodeURIComponent(url.password),
    database: url.pathname.slice(1),
  });
  try {
    const [rows] = await conn.query("SELECT COUNT(*) AS n FROM tenants WHERE code IN ('siqi', 'suxi')");
    return Number((rows as Array<{ n: number }>)[0]?.n) === 2;
  } finally {
    await conn.end();
  }
}
if (!args.has('--no-seed') && !(await demoSeeded())) {
  console.log('First run: seeding the demo zones …');
  if ((await npm(['run', 'demo:seed', '--silent'])) !== 0) process.exit(1);
}

const adminDist = join(ROOT, 'admin', 'dist');
const h5Dist = join(ROOT, 'miniapp', 'dist', 'h5');
if (args.has('--rebuild') || !existsSync(join(adminDist, 'index.html'))) {
  const t = performance.now();
  console.log('Building the admin console …');
  if ((await build(['run', 'build', '-w', '@yuanan/admin', '--silent'])) !== 0) process.exit(1);
  console.log(`Admin console built in ${elapsed(t)}`);
}
if (args.has('--rebuild') || !existsSync(join(h5Dist, 'index.html'))) {
  const t = performance.now();
  console.log('Building the mini-program H5 …');
  if ((await build(['run', 'build:h5', '-w', '@yuanan/miniapp', '--silent'])) !== 0) process.exit(1);
  console.log(`Mini-program H5 built in ${elapsed(t)}`);
}

const children: ChildProcess[] = [
  startPrefixed('api', 'npm', ['run', 'start', '-w', '@yuanan/api', '--silent'], { cwd: ROOT, env }),
  startPrefixed('worker', 'npm', ['run', 'worker', '-w', '@yuanan/api', '--silent'], { cwd: ROOT, env }),
];
const apiUrl = `http://127.0.0.1:${apiPort}`;
for (let i = 0; i < 100; i++) {
  const ok = await fetch(`${apiUrl}/api/v1/health/ready`)
    .then((r) => r.ok)
    .catch(() => false);
  if (ok) break;
  if (i === 99) {
    console.error('The api did not become ready; see the [api] lines above.');
    process.exit(1);
  }
  await new Promise((r) => setTimeout(r, 300));
}
const servers: StaticServer[] = [
  await serveStatic({ root: adminDist, apiUrl, port: adminPort, host: '0.0.0.0' }),
  await serveStatic({ root: h5Dist, apiUrl, port: h5Port, host: '0.0.0.0' }),
];

console.log(`
园安 Yuan'an is running (ready in ${elapsed(t0)}):
  管理后台 Admin console      http://localhost:${adminPort}
  小程序 H5 Mini-program H5   http://localhost:${h5Port}   (development login, no WeChat needed)
  API docs                    http://localhost:${apiPort}/api/docs
  Health                      http://localhost:${apiPort}/api/v1/health

Logins (password ${env.DEMO_PASSWORD ? 'from DEMO_PASSWORD' : password}):
  平台运营 platform operator   zone code: platform   username: operator
  开发区四期 zone admin         zone code: siqi       username: admin
  苏溪工业功能区 zone admin     zone code: suxi       username: admin
  other roles in each zone: safety, grid1, inspector, rescue-lead, rescue1, keeper, city, ent-admin, ent-staff
Press Ctrl-C to stop.
`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  for (const s of servers) await s.close();
  for (const c of children) c.kill('SIGTERM');
  await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))));
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
for (const c of children)
  c.on('exit', (code) => !stopping && (console.error(`A process stopped (exit ${code}); stopping everything.`), void stop()));
