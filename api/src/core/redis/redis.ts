import { Cluster, Redis as IORedis, type ClusterOptions, type RedisOptions } from 'ioredis';
import type { Config } from '../config/config.ts';

/** A connection to a standalone Redis or to a Redis Cluster (REDIS_CLUSTER); both speak the same commands. */
export type Redis = IORedis | Cluster;

/** The seed nodes of REDIS_URL: one URL, or several separated by commas (cluster seeds). */
export function redisSeeds(url: string): Array<{ host: string; port: number }> {
  return url
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean)
    .map((u) => {
      const p = new URL(u);
      return { host: p.hostname, port: Number(p.port || 6379) };
    });
}

/**
 * Redis connections by role. Commands from request handlers fail fast (no offline queue) so a Redis outage
 * becomes a clear 503 instead of hung requests; BullMQ workers wait forever for Redis to come back.
 * With REDIS_CLUSTER=true the same roles are ioredis Cluster clients seeded from REDIS_URL (comma-separated
 * URLs allowed); sharded pub/sub (the socket.io sharded adapter) then subscribes on the shard owning a channel.
 * Key layout and the groups that must share a slot: ./key-layout.ts.
 */
export function createRedis(config: Config, role: 'command' | 'worker' | 'subscriber', extra: RedisOptions = {}): Redis {
  const base: RedisOptions = {
    lazyConnect: false,
    connectionName: `yuanan-${role}`,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  };
  const opts: RedisOptions =
    role === 'worker' || role === 'subscriber'
      ? { ...base, maxRetriesPerRequest: null, enableReadyCheck: true, ...extra }
      : {
          ...base,
          keyPrefix: `${config.REDIS_PREFIX}:`,
          maxRetriesPerRequest: 1,
          enableOfflineQueue: false,
          connectTimeout: 2000,
          ...extra,
        };
  if (!config.REDIS_CLUSTER) return new IORedis(config.REDIS_URL.split(',')[0]!.trim(), opts);
  const first = new URL(config.REDIS_URL.split(',')[0]!.trim());
  const { keyPrefix, enableOfflineQueue, retryStrategy, ...nodeOpts } = opts;
  const clusterOpts: ClusterOptions = {
    keyPrefix,
    enableOfflineQueue: enableOfflineQueue ?? true,
    enableReadyCheck: true,
    clusterRetryStrategy: (times) => (retryStrategy ? (retryStrategy(times) ?? null) : Math.min(times * 200, 2000)),
    shardedSubscribers: role === 'subscriber',
    redisOptions: {
      ...nodeOpts,
      username: first.username ? decodeURIComponent(first.username) : undefined,
      password: first.password ? decodeURIComponent(first.password) : undefined,
      tls: first.protocol === 'rediss:' ? {} : undefined,
    },
  };
  return new Cluster(redisSeeds(config.REDIS_URL), clusterOpts);
}

/** Key of tenant-owned data in Redis: always under the tenant, whose id is the hash tag (one slot per tenant). */
export function tenantKey(tenantId: string, ...parts: string[]): string {
  if (!tenantId) throw new Error('tenantKey needs a tenant');
  return [`t:{${tenantId}}`, ...parts].join(':');
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
