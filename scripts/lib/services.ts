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
export const DEFAULT_MQTT_URL = 'mqtt://127.0.0.1:1883';
/** How this machine starts its broker (STACK.md); `npm start` and .ci/run do it when 1883 is closed. */
export const MOSQUITTO_START = ['mosquitto', '-d', '-c', '/etc/mosquitto/mosquitto.conf'] as const;

/** Whether the MQTT broker of MQTT_URL answers (TCP). */
export function brokerReachable(env = process.env): Promise<boolean> {
  const url = env.MQTT_URL || DEFAULT_MQTT_URL;
  return reachable(url, url.startsWith('mqtts:') ? 8883 : 1883);
}

/** Checks MySQL/MariaDB, Redis and the MQTT broker; returns a readable explanation per missing service (empty when all good). */
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
  if (!(await brokerReachable(env))) {
    const mqtt = env.MQTT_URL || DEFAULT_MQTT_URL;
    out.push(
      `The MQTT broker (Mosquitto) is not reachable at ${mqtt.replace(/:[^:@/]*@/, ':***@')}.\n` +
        `    Start it locally:   ${MOSQUITTO_START.join(' ')}\n` +
        '    or with Docker:     docker compose -f docker/compose.yml up -d mosquitto   (then set MQTT_URL)\n' +
        '    or point MQTT_URL (in .env) at your broker.',
    );
  }
  return out;
}
