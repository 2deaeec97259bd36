import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cloneDemoTemplate, settleJobs } from '../../api/src/testing/template-db.ts';
import { createTestEnv, type TestEnv } from '../../api/src/testing/test-env.ts';
import { serveStatic, type StaticServer } from '../../scripts/lib/static-server.ts';

export const ROOT = join(import.meta.dirname, '..', '..');
/** The built apps the tests serve; TEST_ADMIN_DIST / TEST_H5_DIST point at a copy (a build elsewhere can't wipe it). */
export const ADMIN_DIST = process.env.TEST_ADMIN_DIST ?? join(ROOT, 'admin', 'dist');
export const H5_DIST = process.env.TEST_H5_DIST ?? join(ROOT, 'miniapp', 'dist', 'h5');

export interface Stack {
  env: TestEnv;
  adminUrl: string;
  h5Url: string;
  password: string;
  /** An access token of a demo user (`zone` siqi by default), signed in once per stack and kept. */
  token(username: string, zone?: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * The whole product for a browser test: a fresh database with the demo zones, the api and the worker, and the
 * built admin console and mini-program H5 served with /api proxied. Builds must exist (npm test builds them).
 * The database, files and the seed's Redis keys are a clone of the seeded demo template (api/src/testing/template-db.ts:
 * the first stack of a run seeds it, with a worker); the worker's start-up reconciliation puts the timed jobs in Redis,
 * and the stack is handed over once the jobs that came due since the template was seeded have run.
 */
export async function startStack(): Promise<Stack> {
  for (const dir of [ADMIN_DIST, H5_DIST]) {
    if (!existsSync(join(dir, 'index.html'))) throw new Error(`${dir} is not built: run npm run build first`);
  }
  const password = 'Demo@Yuanan2026';
  const t0 = performance.now();
  const redisPrefix = `t-${randomBytes(5).toString('hex')}`;
  const clone = await cloneDemoTemplate(password, { redisPrefix });
  const t1 = performance.now();
  const env = await createTestEnv({
    worker: true,
    // The browser tests' webhook receiver runs on this host (loopback, never allowed in production).
    env: { DEMO_PASSWORD: password, REDIS_PREFIX: redisPrefix, WEBHOOK_ALLOW_LOOPBACK_TARGETS: 'true' },
    use: clone,
  });
  const t2 = performance.now();
  if (!(await settleJobs(env.worker!.c, 60_000))) console.warn('stack: jobs still running 60 s after start; the test goes ahead');
  // TEST_STACK_TIMING=1: where a stack's start-up went (ms).
  if (process.env.TEST_STACK_TIMING)
    console.log(`stack ready in ${Math.round(performance.now() - t0)} ms${clone.built ? ' (seeded the template)' : ''}`, {
      ...clone.ms,
      start: Math.round(t2 - t1),
      settle: Math.round(performance.now() - t2),
    });
  const servers: StaticServer[] = [
    await serveStatic({ root: ADMIN_DIST, apiUrl: env.url }),
    await serveStatic({ root: H5_DIST, apiUrl: env.url }),
  ];
  const tokens = new Map<string, string>();
  return {
    env,
    adminUrl: servers[0]!.url,
    h5Url: servers[1]!.url,
    password,
    async token(username, zone = 'siqi') {
      const key = `${zone}/${username}`;
      if (!tokens.has(key)) {
        const r = await env.req('POST', '/api/v1/auth/login', { body: { tenant: zone, username, password } });
        if (r.status !== 200) throw new Error(`demo sign-in of ${key} failed: ${r.status} ${JSON.stringify(r.body)}`);
        tokens.set(key, r.body.accessToken as string);
      }
      return tokens.get(key)!;
    },
    async close() {
      for (const s of servers) await s.close();
      await env.close();
    },
  };
}
