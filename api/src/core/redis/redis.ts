import { Redis, type RedisOptions } from 'ioredis';
import type { Config } from '../config/config.ts';

export type { Redis };

/**
 * Redis connections by role. Commands from request handlers fail fast (no offline queue) so a Redis outage
 * becomes a clear 503 instead of hung requests; BullMQ workers wait forever for Redis to come back.
 */
export function createRedis(config: Config, role: 'command' | 'worker' | 'subscriber', extra: RedisOptions = {}): Redis {
  const base: RedisOptions = {
    lazyConnect: false,
    connectionName: `yuanan-${role}`,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  };
  if (role === 'worker' || role === 'subscriber') {
    return new Redis(config.REDIS_URL, { ...base, maxRetriesPerRequest: null, enableReadyCheck: true, ...extra });
  }
  return new Redis(config.REDIS_URL, {
    ...base,
    keyPrefix: `${config.REDIS_PREFIX}:`,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 2000,
    ...extra,
  });
}

/** Key of tenant-owned data in Redis: always under the tenant. */
export function tenantKey(tenantId: string, ...parts: string[]): string {
  if (!tenantId) throw new Error('tenantKey needs a tenant');
  return ['t', tenantId, ...parts].join(':');
}

/** Waits until a fail-fast client is ready (it has no offline queue). */
export async function waitReady(redis: Redis, timeoutMs = 5000): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`Redis not ready after ${timeoutMs} ms`)), timeoutMs);
    redis.once('ready', () => {
      clearTimeout(t);
      resolve();
    });
  });
}
