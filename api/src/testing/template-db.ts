import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Redis } from 'ioredis';
import { createConnection, type Connection, type RowDataPacket } from 'mysql2/promise';
import { localDate } from '@yuanan/domain';
import { seedDemo } from '../cli/demo/demo-seed.ts';
import type { Config } from '../core/config/config.ts';
import { runInScope } from '../core/context/request-scope.ts';
import { createOrm } from '../core/db/orm.ts';
import { dropDatabase, ensureDatabase, migrateUp } from '../core/db/migrate.ts';
import type { Container } from '../core/container.ts';
import { startApi } from '../main.ts';
import { migrations } from '../migrations/index.ts';
import { entities } from '../modules/entities.ts';
import { startWorker } from '../worker.ts';
import { testConfig } from './test-env.ts';

/**
 * The seeded demo as a template for browser tests: `npm test` seeds both demo zones ONCE into a template database
 * (`yuanan_tpl_<hash>`) and its file directory, and every stack starts on a clone of it, copied inside the server.
 *
 * - The name's hash covers the migration list and files, the demo seed's sources (api/src/cli/demo, api/src/demo),
 *   the demo password and today's date in Asia/Shanghai.
 * - A template older than TEST_TEMPLATE_MAX_AGE_MIN minutes (default 30) is seeded again: the seed places things
 *   relative to its own moment (loans due in hours, escalation stages fired so far), so a clone must not be hours
 *   behind the clock. One `npm test` run (under 15 minutes) therefore seeds once.
 * - Building, re-building, dropping and cloning a template happen under a MariaDB `GET_LOCK` named after it
 *   (server-wide), so jest workers and concurrent `npm test` runs never build a template twice nor read one while it
 *   is rebuilt or dropped; templates of different hashes are built in parallel, as fresh seeds were.
 * - Templates of other hashes are dropped once nobody has cloned them for TEMPLATE_IDLE_DROP_MS and their lock is
 *   free (a concurrent run of a checkout with other sources may still use its own).
 * - The template is seeded with the worker running, as a fresh stack was, and kept once the jobs the seed made due
 *   have run (outbox relayed, escalations and reminders that were due fired): their effects are in the copy.
 * - Redis: the template is seeded with a private prefix that is deleted afterwards. The seed's BullMQ jobs (timers:
 *   escalations, reminders, expiries) are rebuilt on the clone by the worker's start-up reconciliation (worker.ts
 *   reconcileAll, every module's reconciler — checked to give the same 180 timers as a fresh seed). Every other key the seed wrote (e.g. IoT latest values, which live only
 *   in Redis) is kept with DUMP in the template's directory and RESTOREd under the clone's prefix.
 */

/** Bumped when the template's layout changes, so code of another layout never touches it. */
const LAYOUT = 'v3: meta table, files/, redis.json; seeded with the worker running';
/** How long a stack waits for another worker's build (a seed takes ~30–90 s under load). */
const LOCK_WAIT_S = 900;
/** A template of another hash unused for this long is dropped. */
const TEMPLATE_IDLE_DROP_MS = 10 * 60_000;
/** The template's own bookkeeping table (not cloned). */
const META = '_template_meta';
const PREFIX = 'yuanan_tpl_';

/** A clone of the demo template, ready for createTestEnv's `use` option. */
export interface DemoClone {
  /** The new database (migrated and seeded); the caller drops it. */
  dbName: string;
  /** A new directory with a copy of the template's files (seeded photos); the caller removes it. */
  fileDir: string;
  /** Whether this call seeded the template (else it was reused). */
  built: boolean;
  /** Milliseconds spent waiting for the lock, seeding the template, dropping old ones and cloning. */
  ms: { lock: number; build: number; drop: number; clone: number };
}

const maxAgeMs = () => Number(process.env.TEST_TEMPLATE_MAX_AGE_MIN ?? 30) * 60_000;

/** Non-test TypeScript files under `dir`, recursively, in a stable order. */
function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name)) out.push(p);
  }
  return out;
}

/**
 * Hash of what the template's content follows from: the migration list and files, and the demo seed's sources.
 * Other code the seed calls (services, reconcilers) is not in it — other work in the checkout would re-seed on every
 * run — so after changing what the seed writes through a service, force a fresh template (TEST_TEMPLATE_MAX_AGE_MIN=0).
 */
function codeHash(): string {
  const root = join(import.meta.dirname, '..', '..', '..');
  const h = createHash('sha256');
  h.update(migrations.map((m) => m.name).join('\n'));
  for (const dir of ['api/src/migrations', 'api/src/cli/demo', 'api/src/demo'])
    for (const f of sourceFiles(join(root, dir))) {
      h.update(`\0${relative(root, f)}\0`);
      h.update(readFileSync(f));
    }
  return h.digest('hex');
}

/** The template database's name for this code, this demo password and today's date in Asia/Shanghai. */
export function demoTemplateName(password: string): string {
  const h = createHash('sha256')
    .update(`${LAYOUT}\0${codeHash()}\0${password}\0${localDate(new Date(), 'Asia/Shanghai')}`)
    .digest('hex');
  return `${PREFIX}${h.slice(0, 16)}`;
}

/** The template's file directory (seeded photos); shared by every process on this machine. */
const templateFiles = (name: string) => join(tmpdir(), name, 'files');
/** The template's Redis keys other than the queues': `[key without prefix, PTTL (0: none), DUMP base64][]`. */
const templateRedis = (name: string) => join(tmpdir(), name, 'redis.json');
type RedisDump = Array<[string, number, string]>;

/** Keeps every key under `prefix` but the BullMQ ones (the worker's reconciliation re-creates those). */
async function dumpRedis(url: string, prefix: string, file: string): Promise<void> {
  const r = new Redis(url);
  try {
    const out: RedisDump = [];
    for (const key of await r.keys(`${prefix}*`)) {
      if (key.startsWith(`${prefix}:{bull}`)) continue;
      const [value, ttl] = await Promise.all([r.dumpBuffer(key), r.pttl(key)]);
      if (value) out.push([key.slice(prefix.length), ttl > 0 ? ttl : 0, value.toString('base64')]);
    }
    await writeFile(file, JSON.stringify(out));
  } finally {
    r.disconnect();
  }
}

/** Restores the template's kept keys under `prefix`. */
async function restoreRedis(url: string, prefix: string, file: string): Promise<void> {
  const keys = JSON.parse(await readFile(file, 'utf8')) as RedisDump;
  if (!keys.length) return;
  const r = new Redis(url);
  try {
    for (const [key, ttl, value] of keys) await r.restore(`${prefix}${key}`, ttl, Buffer.from(value, 'base64'), 'REPLACE');
  } finally {
    r.disconnect();
  }
}

async function serverConnection(config: Config): Promise<Connection> {
  const url = new URL(config.DATABASE_URL);
  return createConnection({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username || 'root'),
    password: decodeURIComponent(url.password || ''),
    dateStrings: true,
  });
}

const q = (id: string) => `\`${id.replace(/`/g, '``')}\``;

/** When the template was seeded and last cloned; null when it is absent or unfinished (no meta row). */
async function templateMeta(conn: Connection, name: string): Promise<{ builtAt: number; usedAt: number } | null> {
  try {
    const [rows] = await conn.query<RowDataPacket[]>(
      `SELECT UNIX_TIMESTAMP(built_at) * 1000 AS b, UNIX_TIMESTAMP(used_at) * 1000 AS u FROM ${q(name)}.${META}`,
    );
    return rows[0] ? { builtAt: Number(rows[0].b), usedAt: Number(rows[0].u) } : null;
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ER_BAD_DB_ERROR' || code === 'ER_NO_SUCH_TABLE') return null;
    throw e;
  }
}

/**
 * Seeds the template from scratch: migrations, then both demo zones with the worker running (as a fresh stack did),
 * until the jobs the seed made due have run; the meta row goes in last.
 */
async function buildTemplate(conn: Connection, name: string, password: string): Promise<void> {
  const files = templateFiles(name);
  await conn.query(`DROP DATABASE IF EXISTS ${q(name)}`);
  await rm(join(tmpdir(), name), { recursive: true, force: true });
  await mkdir(files, { recursive: true });
  const config = testConfig({ FILE_DIR: files, DEMO_PASSWORD: password });
  await ensureDatabase(config, name);
  const orm = await createOrm(config, { entities, migrations, dbName: name });
  await migrateUp(orm);
  await orm.close(true);
  const api = await startApi(config, { dbName: name });
  const worker = await startWorker(config, { dbName: name }).catch(async (e: unknown) => {
    await api.close();
    throw e;
  });
  let running = true;
  const stop = async () => {
    if (!running) return;
    running = false;
    await worker.close(); // drains: waits for running jobs
    await api.close();
  };
  try {
    await runInScope(
      { requestId: 'seed', tenantId: null, em: null, actor: null, ip: null, userAgent: 'seed', action: 'demo.seed' },
      () => seedDemo(api.c, api.services, password),
    );
    if (!(await settleJobs(worker.c, 180_000))) throw new Error(`${name}: the seed's jobs did not finish in 180 s`);
    await stop();
    await dumpRedis(config.REDIS_URL, config.REDIS_PREFIX, templateRedis(name));
  } finally {
    await stop();
    const r = new Redis(config.REDIS_URL);
    const keys = await r.keys(`${config.REDIS_PREFIX}*`);
    for (let i = 0; i < keys.length; i += 500) await r.del(...keys.slice(i, i + 500));
    r.disconnect();
  }
  await conn.query(`CREATE TABLE ${q(name)}.${META} (built_at DATETIME(3) NOT NULL, used_at DATETIME(3) NOT NULL)`);
  await conn.query(`INSERT INTO ${q(name)}.${META} VALUES (NOW(3), NOW(3))`);
}

/**
 * Waits (up to `timeoutMs`) until the outbox is relayed and no queue of `c` (a worker's container) has a job waiting,
 * running or delayed into the past, two looks 200 ms apart; false on timeout.
 */
export async function settleJobs(c: Container, timeoutMs: number): Promise<boolean> {
  const conn = c.orm.em.getConnection();
  const until = Date.now() + timeoutMs;
  let quiet = 0;
  while (Date.now() < until) {
    const [{ n }] = (await conn.execute('SELECT COUNT(*) AS n FROM outbox_events WHERE dispatched_at IS NULL', [], 'all')) as [
      { n: number | string },
    ];
    let busy = Number(n);
    for (const queue of c.queues.all()) {
      const counts = await queue.getJobCounts('waiting', 'active', 'prioritized', 'waiting-children');
      busy += Object.values(counts).reduce((a, b) => a + b, 0);
      busy += (await queue.getDelayed(0, 200)).filter((j) => j.timestamp + (j.delay ?? 0) <= Date.now()).length;
    }
    quiet = busy === 0 ? quiet + 1 : 0;
    if (quiet >= 2) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

/** Takes the server-wide lock of template `name`, waiting up to `seconds`; true when granted. */
async function lockTemplate(conn: Connection, name: string, seconds: number): Promise<boolean> {
  const [[{ got }]] = (await conn.query('SELECT GET_LOCK(?, ?) AS got', [name, seconds])) as unknown as [
    [{ got: number | null }],
  ];
  return Number(got) === 1;
}

/** Drops the templates of other hashes (or unfinished) that nobody cloned lately and nobody holds the lock of. */
async function dropOldTemplates(conn: Connection, keep: string): Promise<void> {
  const [dbs] = await conn.query<RowDataPacket[]>(
    `SELECT SCHEMA_NAME AS n FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'yuanan\\_tpl\\_%'`,
  );
  for (const { n } of dbs as Array<{ n: string }>) {
    if (n === keep || !(await lockTemplate(conn, n, 0))) continue;
    try {
      const meta = await templateMeta(conn, n);
      if (meta && Date.now() - meta.usedAt < TEMPLATE_IDLE_DROP_MS) continue;
      await conn.query(`DROP DATABASE IF EXISTS ${q(n)}`);
      await rm(join(tmpdir(), n), { recursive: true, force: true });
    } finally {
      await conn.query('SELECT RELEASE_LOCK(?)', [n]);
    }
  }
}

/** Runs `fn` over `items` on every connection at once (each takes the next item when done). */
async function onEach<T>(conns: Connection[], items: T[], fn: (c: Connection, item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    conns.map(async (c) => {
      while (next < items.length) await fn(c, items[next++]!);
    }),
  );
}

/**
 * Copies database `from` into the new database `to` inside the server: each table's definition (`CREATE TABLE … LIKE`
 * keeps indexes and partitioning) and rows, then the triggers (after the rows, so the audit log's append-only
 * triggers do not see the copy) and views. The rows were checked when written: foreign-key, unique and CHECK
 * constraint checks are off for the copy. `conns` (each fresh, at least one) share the tables: creating a table
 * waits on the disk, so a few connections in parallel take a third of the time. Routines and events are refused
 * (none exist).
 */
export async function cloneDatabase(conns: Connection[], from: string, to: string): Promise<void> {
  const conn = conns[0]!;
  const [others] = await conn.query<RowDataPacket[]>(
    `SELECT (SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?) +
            (SELECT COUNT(*) FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ?) AS n`,
    [from, from],
  );
  if (Number(others[0]!.n)) throw new Error(`${from} has stored routines or events: cloneDatabase does not copy them`);
  const [tables] = await conn.query<RowDataPacket[]>(
    `SELECT TABLE_NAME AS t, TABLE_TYPE AS type FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?
      ORDER BY DATA_LENGTH + INDEX_LENGTH DESC, TABLE_NAME`,
    [from],
  );
  const unknown = tables.filter((r) => r.type !== 'BASE TABLE' && r.type !== 'VIEW');
  if (unknown.length) throw new Error(`cloneDatabase: cannot copy ${unknown.map((r) => `${r.t} (${r.type})`).join(', ')}`);
  const base = tables.filter((r) => r.type === 'BASE TABLE' && r.t !== META).map((r) => r.t as string);
  // Generated columns cannot be inserted into: those tables copy their other columns by name.
  const [cols] = await conn.query<RowDataPacket[]>(
    `SELECT TABLE_NAME AS t, COLUMN_NAME AS c, EXTRA AS extra FROM information_schema.COLUMNS
      WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, ORDINAL_POSITION`,
    [from],
  );
  const generated = new Set(cols.filter((r) => /GENERATED/i.test(String(r.extra))).map((r) => r.t as string));
  const copyRows = (t: string) => {
    if (!generated.has(t)) return `INSERT INTO ${q(to)}.${q(t)} SELECT * FROM ${q(from)}.${q(t)}`;
    const list = cols
      .filter((r) => r.t === t && !/GENERATED/i.test(String(r.extra)))
      .map((r) => q(r.c as string))
      .join(', ');
    return `INSERT INTO ${q(to)}.${q(t)} (${list}) SELECT ${list} FROM ${q(from)}.${q(t)}`;
  };
  for (const c of conns) await c.query('SET SESSION foreign_key_checks = 0, unique_checks = 0, check_constraint_checks = 0');
  try {
    await onEach(conns, base, (c, t) => c.query(`CREATE TABLE ${q(to)}.${q(t)} LIKE ${q(from)}.${q(t)}`).then(() => undefined));
    await Promise.all(conns.map((c) => c.beginTransaction()));
    await onEach(conns, base, (c, t) => c.query(copyRows(t)).then(() => undefined));
    await Promise.all(conns.map((c) => c.commit()));
  } finally {
    for (const c of conns) await c.query('SET SESSION foreign_key_checks = 1, unique_checks = 1, check_constraint_checks = 1');
  }
  const [triggers] = await conn.query<RowDataPacket[]>(
    `SELECT TRIGGER_NAME AS name, ACTION_TIMING AS timing, EVENT_MANIPULATION AS event, EVENT_OBJECT_TABLE AS t,
            ACTION_STATEMENT AS body, SQL_MODE AS mode
       FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ? ORDER BY EVENT_OBJECT_TABLE, ACTION_ORDER`,
    [from],
  );
  const [[{ mode }]] = (await conn.query('SELECT @@SESSION.sql_mode AS mode')) as unknown as [[{ mode: string }]];
  try {
    for (const tr of triggers) {
      await conn.query('SET SESSION sql_mode = ?', [tr.mode]);
      await conn.query(
        `CREATE TRIGGER ${q(to)}.${q(tr.name as string)} ${tr.timing as string} ${tr.event as string} ON ${q(to)}.${q(tr.t as string)} FOR EACH ROW ${tr.body as string}`,
      );
    }
  } finally {
    await conn.query('SET SESSION sql_mode = ?', [mode]);
  }
  // Views (none today): their stored definitions name the template's database; retry while one needs another.
  const [views] = await conn.query<RowDataPacket[]>(
    'SELECT TABLE_NAME AS t, VIEW_DEFINITION AS def FROM information_schema.VIEWS WHERE TABLE_SCHEMA = ?',
    [from],
  );
  let pending = views.map((v) => ({
    t: v.t as string,
    def: String(v.def)
      .split(`${q(from)}.`)
      .join(`${q(to)}.`),
  }));
  while (pending.length) {
    const failed: typeof pending = [];
    let lastError: unknown = null;
    for (const v of pending)
      await conn.query(`CREATE VIEW ${q(to)}.${q(v.t)} AS ${v.def}`).catch((e: unknown) => {
        failed.push(v);
        lastError = e;
      });
    if (failed.length === pending.length) throw lastError;
    pending = failed;
  }
}

/**
 * A fresh database and file directory holding the seeded demo (both zones, password `password`), and the seed's
 * non-queue Redis keys under `opts.redisPrefix` (the env's REDIS_PREFIX), cloned from the template — which the
 * first call of the day (or after TEST_TEMPLATE_MAX_AGE_MIN, or after a change of the hashed sources) seeds.
 * Throws when another process holds the template's lock for LOCK_WAIT_S.
 */
export async function cloneDemoTemplate(password: string, opts: { redisPrefix?: string } = {}): Promise<DemoClone> {
  const config = testConfig();
  const conn = await serverConnection(config);
  const t0 = performance.now();
  const ms = { lock: 0, build: 0, drop: 0, clone: 0 };
  let built = false;
  try {
    const name = demoTemplateName(password);
    if (!(await lockTemplate(conn, name, LOCK_WAIT_S)))
      throw new Error(`the demo template lock ${name} was not granted in ${LOCK_WAIT_S} s`);
    ms.lock = Math.round(performance.now() - t0);
    try {
      const meta = await templateMeta(conn, name);
      const complete = existsSync(templateFiles(name)) && existsSync(templateRedis(name));
      if (!meta || Date.now() - meta.builtAt > maxAgeMs() || !complete) {
        const tb = performance.now();
        await buildTemplate(conn, name, password);
        ms.build = Math.round(performance.now() - tb);
        built = true;
      } else await conn.query(`UPDATE ${q(name)}.${META} SET used_at = NOW(3)`);
      const td = performance.now();
      await dropOldTemplates(conn, name);
      const tc = performance.now();
      ms.drop = Math.round(tc - td);
      const dbName = `yuanan_t_${randomBytes(6).toString('hex')}`;
      const fileDir = await mkdtemp(join(tmpdir(), 'yuanan-files-'));
      const pool = [conn, await serverConnection(config), await serverConnection(config)];
      try {
        await ensureDatabase(config, dbName);
        await cloneDatabase(pool, name, dbName);
        await cp(templateFiles(name), fileDir, { recursive: true });
        if (opts.redisPrefix) await restoreRedis(config.REDIS_URL, opts.redisPrefix, templateRedis(name));
      } catch (e) {
        await dropDatabase(config, dbName);
        await rm(fileDir, { recursive: true, force: true });
        throw e;
      } finally {
        for (const c of pool.slice(1)) await c.end();
      }
      ms.clone = Math.round(performance.now() - tc);
      return { dbName, fileDir, built, ms };
    } finally {
      await conn.query('SELECT RELEASE_LOCK(?)', [name]);
    }
  } finally {
    await conn.end();
  }
}
