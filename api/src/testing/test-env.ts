import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { loadConfig, type Config } from '../core/config/config.ts';
import { runInScope } from '../core/context/request-scope.ts';
import { createOrm } from '../core/db/orm.ts';
import { dropDatabase, ensureDatabase, migrateUp } from '../core/db/migrate.ts';
import { startApi, type RunningApi } from '../main.ts';
import { migrations } from '../migrations/index.ts';
import { entities } from '../modules/entities.ts';
import { startWorker, type RunningWorker } from '../worker.ts';

export interface HttpResult<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  raw?: RequestInit['body'];
  headers?: Record<string, string>;
}

export interface TestEnv {
  config: Config;
  dbName: string;
  api: RunningApi;
  worker: RunningWorker | null;
  url: string;
  req<T = any>(method: string, path: string, opts?: RequestOptions): Promise<HttpResult<T>>;
  /** A second api instance on the same database and Redis (realtime across instances). */
  startSecondApi(): Promise<RunningApi>;
  startWorker(): Promise<RunningWorker>;
  close(): Promise<void>;
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    PORT: '0',
    HOST: '127.0.0.1',
    REDIS_PREFIX: `t-${randomBytes(5).toString('hex')}`,
    DEV_LOGIN: 'true',
    OUTBOX_POLL_MS: '200',
    LOGIN_IP_PER_MINUTE: '100000',
    WORKER_HEALTH_PORT: '0',
    REDIS_WATCH_MS: '500',
    ...overrides,
  });
}

export async function request<T = any>(
  base: string,
  method: string,
  path: string,
  opts: RequestOptions = {},
): Promise<HttpResult<T>> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: RequestInit['body'] | undefined = opts.raw;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(base + path, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  if ((res.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
  return { status: res.status, body: parsed as T, headers: res.headers };
}

/**
 * A fresh database built by the real migrations, a private Redis prefix, and the api (and worker) in-process.
 * With `use`, the env starts on that database (already migrated, e.g. a clone of the demo template: template-db.ts)
 * and file directory instead; the worker's start-up reconciliation then rebuilds its timed jobs in Redis. Either
 * way `close()` drops the database and removes the directory.
 */
export async function createTestEnv(
  opts: {
    worker?: boolean;
    env?: Record<string, string>;
    extraRoutes?: NonNullable<Parameters<typeof startApi>[1]>['extraRoutes'];
    use?: { dbName: string; fileDir: string };
  } = {},
): Promise<TestEnv> {
  const fileDir = opts.use?.fileDir ?? (await mkdtemp(join(tmpdir(), 'yuanan-files-')));
  const config = testConfig({ FILE_DIR: fileDir, ...(opts.env ?? {}) });
  const dbName = opts.use?.dbName ?? `yuanan_t_${randomBytes(6).toString('hex')}`;
  if (!opts.use) {
    await ensureDatabase(config, dbName);
    const orm = await createOrm(config, { entities, migrations, dbName });
    await migrateUp(orm);
    await orm.close(true);
  }
  const api = await startApi(config, { dbName, extraRoutes: opts.extraRoutes });
  const extra: RunningApi[] = [];
  let worker: RunningWorker | null = opts.worker ? await startWorker(config, { dbName }) : null;
  const env: TestEnv = {
    config,
    dbName,
    api,
    get worker() {
      return worker;
    },
    url: api.url,
    req: (method, path, o) => request(api.url, method, path, o),
    async startSecondApi() {
      const a = await startApi(config, { dbName });
      extra.push(a);
      return a;
    },
    async startWorker() {
      worker = await startWorker(config, { dbName });
      return worker;
    },
    async close() {
      await worker?.close();
      for (const a of extra) await a.close();
      await api.close();
      await dropDatabase(config, dbName);
      await rm(fileDir, { recursive: true, force: true });
      const r = new Redis(config.REDIS_URL);
      const keys = await r.keys(`${config.REDIS_PREFIX}*`);
      for (let i = 0; i < keys.length; i += 500) await r.del(...keys.slice(i, i + 500));
      r.disconnect();
    },
  } as TestEnv;
  return env;
}

export const DEMO_PW = 'Test#Passw0rd-2026';

/** Provisions a zone through the service (as the CLI does) and signs its admin in. */
export async function zoneWithAdmin(env: TestEnv, code: string, name = `测试园区${code}`) {
  const r = await runInScope(
    {
      requestId: `test:${code}`,
      tenantId: null,
      em: null,
      actor: null,
      ip: null,
      userAgent: 'test',
      action: 'tenants.provision',
    },
    () =>
      env.api.services.tenants.provision({
        code,
        name,
        region: '浙江省',
        admin: { username: 'admin', name: `${name}管理员`, password: DEMO_PW },
      }),
  );
  const login = await env.req('POST', '/api/v1/auth/login', { body: { tenant: code, username: 'admin', password: DEMO_PW } });
  if (login.status !== 200) throw new Error(`login failed: ${JSON.stringify(login.body)}`);
  return {
    tenant: r.tenant,
    token: login.body.accessToken as string,
    refreshToken: login.body.refreshToken as string,
    user: login.body.user,
  };
}

/** Clears `must_change_password` of a user, as if they had changed their initial password already. */
export async function markPasswordChanged(env: TestEnv, userId: string): Promise<void> {
  await env.api.c.orm.em.getConnection().execute('UPDATE users SET must_change_password = 0 WHERE id = ?', [userId]);
}

/** Creates a user with a role through the api and signs them in. */
export async function userWithRole(
  env: TestEnv,
  zone: { tenant: { code: string }; token: string },
  role: string,
  extra: Record<string, unknown> = {},
) {
  const username = `${role.replace(/_/g, '')}${randomBytes(3).toString('hex')}`;
  const created = await env.req('POST', '/api/v1/users', {
    token: zone.token,
    body: { username, name: `测试${role}`, role, password: DEMO_PW, ...extra },
  });
  if (created.status !== 201) throw new Error(`create user failed: ${JSON.stringify(created.body)}`);
  // A user made by an admin must change the password before anything else (403 password_change_required): the
  // fixture stands for one who already did, keeping DEMO_PW so tests can sign in again.
  await markPasswordChanged(env, created.body.id as string);
  const login = await env.req('POST', '/api/v1/auth/login', { body: { tenant: zone.tenant.code, username, password: DEMO_PW } });
  if (login.status !== 200) throw new Error(`login failed: ${JSON.stringify(login.body)}`);
  return {
    id: created.body.id as string,
    username,
    token: login.body.accessToken as string,
    refreshToken: login.body.refreshToken as string,
  };
}

/** The platform operator's pseudo-zone and its operator, signed in. */
export async function platformOperator(env: TestEnv) {
  await runInScope(
    {
      requestId: 'test:platform',
      tenantId: null,
      em: null,
      actor: null,
      ip: null,
      userAgent: 'test',
      action: 'tenants.provision',
    },
    () =>
      env.api.services.tenants.provision({
        code: 'platform',
        name: '平台运营',
        region: '全国',
        admin: { username: 'operator', name: '平台运营员', password: DEMO_PW },
      }),
  );
  const login = await env.req('POST', '/api/v1/auth/login', {
    body: { tenant: 'platform', username: 'operator', password: DEMO_PW },
  });
  if (login.status !== 200) throw new Error(`operator login failed: ${JSON.stringify(login.body)}`);
  return {
    token: login.body.accessToken as string,
    tenantId: login.body.user.tenant.id as string,
    userId: login.body.user.id as string,
  };
}
