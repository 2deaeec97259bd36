import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig, type Config } from './config/config.ts';

export const VERSION: string = (() => {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
})();

/** Reads the repository's .env when there is one (variables already set in the environment win). */
export function loadDotEnv(): void {
  const file = fileURLToPath(new URL('../../../.env', import.meta.url));
  if (!existsSync(file)) return;
  const before = { ...process.env };
  process.loadEnvFile(file);
  Object.assign(process.env, before);
}

/** Loads the configuration or exits with one line per bad variable. */
export function configOrExit(): Config {
  loadDotEnv();
  try {
    return loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      console.error('See .env.example for every variable and its default.');
      process.exit(78);
    }
    throw e;
  }
}

/** Explains an unreachable backing service in words a newcomer can act on. */
export function explainStartupError(e: unknown, config: Config): string {
  const msg = String((e as Error)?.message ?? e);
  const code = String((e as { code?: string })?.code ?? '');
  if (
    /ECONNREFUSED.*3306|connect.*3306|ER_ACCESS_DENIED|Unknown database|ER_BAD_DB_ERROR/i.test(msg + code) ||
    (code === 'ECONNREFUSED' && /mysql|maria/i.test(msg))
  ) {
    return [
      `Cannot reach MySQL/MariaDB at ${config.DATABASE_URL.replace(/:[^:@/]*@/, ':***@')} (${msg}).`,
      'Start a local MariaDB (e.g. `start-stop-daemon --start --background --exec /usr/sbin/mariadbd`),',
      'or `docker compose -f docker/compose.yml up -d db redis`, or set DATABASE_URL. Then `npm run db:migrate`.',
    ].join('\n');
  }
  if (/redis|6379/i.test(msg)) {
    return [
      `Cannot reach Redis at ${config.REDIS_URL} (${msg}).`,
      'Start a local Redis (`redis-server --daemonize yes`), or `docker compose -f docker/compose.yml up -d redis`, or set REDIS_URL.',
    ].join('\n');
  }
  return msg;
}

/**
 * A process's health endpoint for the docker health check: any GET on 0.0.0.0:`port` answers `probe()` as JSON, 200
 * when its `ok` is true, else 503.
 */
export function healthServer(port: number, probe: () => { ok: boolean } & Record<string, unknown>): Server {
  const server = createServer((_req, res) => {
    const body = probe();
    res.writeHead(body.ok ? 200 : 503, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  server.listen(port, '0.0.0.0');
  return server;
}

/**
 * The `main` of a long-running process (worker, ingest): loads the configuration, starts the process and prints
 * `banner` of it; SIGTERM or SIGINT closes it (exit 0; exit 1 when closing takes longer than `graceMs`). A start-up
 * failure prints {@link explainStartupError} and exits 1.
 */
export async function runProcess<T extends { close: () => Promise<void> }>(
  start: (config: Config) => Promise<T>,
  banner: (running: T, config: Config) => string,
  graceMs: number,
): Promise<void> {
  const config = configOrExit();
  try {
    const running = await start(config);
    process.stdout.write(`${banner(running, config)}\n`);
    const stop = async () => {
      const force = setTimeout(() => process.exit(1), graceMs);
      force.unref();
      await running.close();
      process.exit(0);
    };
    process.once('SIGTERM', () => void stop());
    process.once('SIGINT', () => void stop());
  } catch (e) {
    console.error(explainStartupError(e, config));
    process.exit(1);
  }
}
