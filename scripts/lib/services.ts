import { connect } from 'node:net';

/** Whether something answers on host:port within the timeout (TCP). */
export function reachable(url: string, defaultPort: number, timeoutMs = 1500): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const s = connect({ host: u.hostname, port: Number(u.port || defaultPort) });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

export const DEFAULT_DATABASE_URL = 'mysql://root@127.0.0.1:3306/yuanan';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379/0';

/** Checks MySQL/MariaDB and Redis; returns a readable explanation per missing service (empty when all good). */
export async function missingServices(env = process.env): Promise<string[]> {
  const db = env.DATABASE_URL || DEFAULT_DATABASE_URL;
  const redis = env.REDIS_URL || DEFAULT_REDIS_URL;
  const out: string[] = [];
  if (!(await reachable(db, 3306))) {
    out.push(
      `MySQL/MariaDB is not reachable at ${db.replace(/:[^:@/]*@/, ':***@')}.\n` +
        '    Start it locally:   start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd\n' +
        '    or with Docker:     docker compose -f docker/compose.yml up -d db   (then set DATABASE_URL)\n' +
        '    or point DATABASE_URL (in .env) at your server.',
    );
  }
  if (!(await reachable(redis, 6379))) {
    out.push(
      `Redis is not reachable at ${redis}.\n` +
        '    Start it locally:   redis-server --daemonize yes --save "" --appendonly no\n' +
        '    or with Docker:     docker compose -f docker/compose.yml up -d redis   (then set REDIS_URL)\n' +
        '    or point REDIS_URL (in .env) at your server.',
    );
  }
  return out;
}
