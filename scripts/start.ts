/**
 * `npm start`: the whole product on this machine — migrates and seeds the demo zones on first run, builds the
 * admin console and the mini-program's H5 build when missing, then runs the api, the worker and both front-ends.
 * Options: --rebuild (build the front-ends again), --no-seed. One line per step; a step's own output (build
 * progress) is shown only when it fails, or always with STARTUP_VERBOSE=1.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createConnection } from 'mysql2/promise';
import { serveStatic, type StaticServer } from './lib/static-server.ts';
import { brokerReachable, missingServices, DEFAULT_DATABASE_URL, MOSQUITTO_START } from './lib/services.ts';
import { elapsed, startPrefixed } from './lib/run.ts';
import { WORKER_NODE_FLAGS } from '../api/src/worker-flags.ts';

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

// The MQTT broker (IoT ingest): started here when this machine's Mosquitto is installed and 1883 is closed, as
// .ci/run does (a remote MQTT_URL is left alone).
const localBroker = /^mqtt:\/\/(127\.0\.0\.1|localhost)(:1883)?\/?$/.test(env.MQTT_URL ?? 'mqtt://127.0.0.1:1883');
if (localBroker && !(await brokerReachable(env)) && existsSync('/usr/sbin/mosquitto')) {
  const r = spawnSync(MOSQUITTO_START[0], MOSQUITTO_START.slice(1), { stdio: 'ignore' });
  for (let i = 0; i < 25 && r.status === 0 && !(await brokerReachable(env)); i++)
    await new Promise((res) => setTimeout(res, 200));
  if (await brokerReachable(env)) console.log('  ✓ MQTT broker started (Mosquitto, 127.0.0.1:1883)');
}
const missing = await missingServices(env);
if (missing.length) {
  console.error(`园安 cannot start:\n  - ${missing.join('\n  - ')}`);
  process.exit(1);
}

/**
 * One step of the start-up, as one line: `✓ what (1.2 s)`. Its output (build progress, migration lists) is kept
 * back and shown, its last 80 lines, only when the step fails; STARTUP_VERBOSE=1 shows everything as it comes.
 */
async function step(label: string, args: string[], stepEnv: NodeJS.ProcessEnv = env): Promise<void> {
  const t = performance.now();
  const verbose = !!process.env.STARTUP_VERBOSE;
  // On a terminal the "…" line becomes the "✓" line; in a log file only the outcome is written.
  const tty = process.stdout.isTTY && !verbose;
  if (tty) process.stdout.write(`  … ${label}`);
  else if (verbose) console.log(`${label} …`);
  const out: string[] = [];
  const code = await new Promise<number>((resolve) => {
    const child = spawn('npm', args, { cwd: ROOT, env: stepEnv, stdio: verbose ? 'inherit' : ['ignore', 'pipe', 'pipe'] });
    const keep = (d: Buffer) => {
      out.push(d.toString());
      if (out.length > 4000) out.splice(0, 1000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
    child.on('error', () => resolve(127));
  });
  const line = `${label} (${elapsed(t)})`;
  if (code === 0) {
    process.stdout.write(tty ? `\r\x1b[K  ✓ ${line}\n` : `  ✓ ${line}\n`);
    return;
  }
  if (tty) process.stdout.write('\n');
  const tail = out.join('').split('\n').slice(-80).join('\n');
  console.error(`${tail}\n  ✘ ${label} failed (exit ${code}); its last output is above.`);
  process.exit(1);
}
// Front-end builds are production builds whatever the running mode (a development Taro build needs its dev server).
const buildEnv = { ...env, NODE_ENV: 'production' };
console.log("园安 Yuan'an: starting");
await step('Database migrated', ['run', 'db:migrate', '--silent']);

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
  await step('Demo zones seeded (first run)', ['run', 'demo:seed', '--silent']);
}

const adminDist = join(ROOT, 'admin', 'dist');
const h5Dist = join(ROOT, 'miniapp', 'dist', 'h5');
if (args.has('--rebuild') || !existsSync(join(adminDist, 'index.html'))) {
  await step('Admin console built', ['run', 'build', '-w', '@yuanan/admin', '--silent'], buildEnv);
}
if (args.has('--rebuild') || !existsSync(join(h5Dist, 'index.html'))) {
  await step('Mini-program H5 built', ['run', 'build:h5', '-w', '@yuanan/miniapp', '--silent'], buildEnv);
}

const tStart = performance.now();
// Node itself, not `npm run`: a signal to npm did not always reach the node process behind its shell, which
// then kept running after Ctrl-C (the same commands as the api's "start" and "worker" scripts).
const apiDir = join(ROOT, 'api');
const children: ChildProcess[] = [
  startPrefixed('api', process.execPath, ['src/main.ts'], { cwd: apiDir, env }),
  startPrefixed('worker', process.execPath, [...WORKER_NODE_FLAGS, 'src/worker.ts'], { cwd: apiDir, env }),
  // IoT: the MQTT ingest process (api's "ingest" script).
  startPrefixed('ingest', process.execPath, ['src/ingest.ts'], { cwd: apiDir, env }),
];
const apiUrl = `http://127.0.0.1:${apiPort}`;
// A loaded machine can take a minute or more to start the api; give up after READY_TIMEOUT_S (default 180).
const readyBy = Date.now() + Number(env.READY_TIMEOUT_S ?? 180) * 1000;
for (;;) {
  const ok = await fetch(`${apiUrl}/api/v1/health/ready`)
    .then((r) => r.ok)
    .catch(() => false);
  if (ok) break;
  if (Date.now() > readyBy) {
    console.error('  ✘ The api did not become ready; see the [api] lines above (if any).');
    // Do not leave the api and the worker running behind us.
    for (const c of children) c.kill('SIGTERM');
    process.exit(1);
  }
  await new Promise((r) => setTimeout(r, 300));
}
console.log(`  ✓ API, worker and IoT ingest running (${elapsed(tStart)})`);
// The simulator (root "iot:simulate"): signed readings for the demo zones' devices over MQTT, a gas leak now and
// then, so the monitoring page lives. IOT_SIMULATE=0 leaves it off.
if (env.IOT_SIMULATE !== '0' && env.IOT_SIMULATE !== 'false') {
  children.push(startPrefixed('simulator', process.execPath, ['src/demo/iot-simulator.ts'], { cwd: apiDir, env }));
  console.log('  ✓ IoT simulator publishing (IOT_SIMULATE=0 disables it)');
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
  other roles in each zone: safety, safety2, grid1–grid3, inspector, rescue-lead, rescue1–rescue7, keeper, ent-admin, ent-staff
  义乌市应急管理局 city bureau  zone code: yiwu       username: city     (reads siqi and suxi)
  金华市应急管理局 city bureau  zone code: jinhua     username: jhcity   (its grant ended: no zone to read)
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
