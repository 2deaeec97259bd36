import type { EntitySchema, MigrationObject } from '@mikro-orm/core';
import { AuditChain } from './audit/audit-chain.ts';
import { AuditRecorder, OUTBOX_MARK } from './audit/audit-recorder.ts';
import { SessionGuard } from './auth/session-guard.ts';
import { TokenService } from './auth/tokens.ts';
import { InvalidationBus } from './bus.ts';
import type { Config } from './config/config.ts';
import { FieldCipher } from './crypto/pii.ts';
import { createOrm, type Orm } from './db/orm.ts';
import { createStorage, type FileStorage } from './files/storage.ts';
import { createLogger, type Logger } from './log/logger.ts';
import { Metrics } from './metrics/metrics.ts';
import type { QueueName } from './queue/job-registry.ts';
import { QueueHub } from './queue/queue-hub.ts';
import { RealtimeEmitter } from './realtime/realtime.ts';
import { createRedis, type Redis } from './redis/redis.ts';
import { TenantDirectory } from './tenancy/tenant-directory.ts';

/** The process's shared services, passed explicitly (two api instances can live in one test process). */
export interface Container {
  name: string;
  config: Config;
  logger: Logger;
  orm: Orm;
  redis: Redis;
  tokens: TokenService;
  cipher: FieldCipher;
  tenants: TenantDirectory;
  sessions: SessionGuard;
  queues: QueueHub;
  realtime: RealtimeEmitter;
  storage: FileStorage;
  metrics: Metrics;
  audit: AuditChain;
  bus: InvalidationBus;
  close(): Promise<void>;
}

export interface ContainerOptions {
  name: 'api' | 'worker' | 'cli' | 'test';
  entities: EntitySchema[];
  migrations: MigrationObject[];
  jobCatalog: Readonly<Record<string, QueueName>>;
  dbName?: string;
  logger?: Logger;
}

export async function createContainer(config: Config, opts: ContainerOptions): Promise<Container> {
  const logger = opts.logger ?? createLogger(config, opts.name);
  let chain: AuditChain | null = null;
  let bus: InvalidationBus | null = null;
  const recorder = new AuditRecorder((tenantIds) => {
    for (const t of tenantIds) {
      if (t === OUTBOX_MARK) bus?.publish({ kind: 'outbox' });
      else chain?.schedule(t);
    }
  });
  const orm = await createOrm(config, {
    entities: opts.entities,
    migrations: opts.migrations,
    dbName: opts.dbName,
    logger,
    extraSubscribers: [recorder],
  });
  chain = new AuditChain(orm, logger);
  const redis = createRedis(config, 'command');
  redis.on('error', (e: Error) => logger.debug({ err: e.message }, 'redis error'));
  bus = new InvalidationBus(config, redis, logger);
  const tenants = new TenantDirectory(orm);
  const sessions = new SessionGuard(orm);
  bus.on((m) => {
    if (m.kind === 'tenant') tenants.invalidate(m.id);
    if (m.kind === 'session') sessions.invalidate(m.id);
  });
  const queueConnection = createRedis(config, 'command', { keyPrefix: undefined });
  queueConnection.on('error', (e: Error) => logger.debug({ err: e.message }, 'redis error (queues)'));
  const queues = new QueueHub(config, queueConnection, opts.jobCatalog);
  const realtime = new RealtimeEmitter({ config });
  const c: Container = {
    name: opts.name,
    config,
    logger,
    orm,
    redis,
    tokens: new TokenService(config.JWT_SECRET, config.ACCESS_TOKEN_TTL_SECONDS),
    cipher: new FieldCipher(config.FIELD_ENCRYPTION_KEY),
    tenants,
    sessions,
    queues,
    realtime,
    storage: createStorage(config),
    metrics: new Metrics(opts.name),
    audit: chain,
    bus,
    async close() {
      await chain?.idle().catch(() => undefined);
      await queues.close().catch(() => undefined);
      queueConnection.disconnect();
      await realtime.close();
      bus?.close();
      redis.disconnect();
      await orm.close(true);
    },
  };
  return c;
}
