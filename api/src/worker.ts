import type { Server } from 'node:http';
import type { Worker } from 'bullmq';
import { healthServer, runProcess } from './core/boot.ts';
import type { Config } from './core/config/config.ts';
import { createContainer, type Container } from './core/container.ts';
import { OutboxRelay } from './core/queue/outbox-relay.ts';
import { startWorkers } from './core/queue/worker-runtime.ts';
import type { JobRegistry, QueueName } from './core/queue/job-registry.ts';
import { checkRealtimeAdapter } from './core/realtime/realtime.ts';
import { WORKER_EPOCH_KEY } from './core/redis/key-layout.ts';
import { waitReady } from './core/redis/redis.ts';
import { migrations } from './migrations/index.ts';
import { buildJobRegistry, buildServices, entities, jobCatalog, type Services } from './modules/index.ts';
import { reconcileAll } from './modules/maintenance/maintenance.jobs.ts';

export interface RunningWorker {
  c: Container;
  services: Services;
  registry: JobRegistry;
  relay: OutboxRelay;
  workers: Worker[];
  close: () => Promise<void>;
}

/**
 * The worker process: BullMQ workers for every queue, the job schedulers, the outbox relay and a first
 * reconciliation (re-creating timed jobs from the database, in case Redis lost them).
 */
export async function startWorker(
  config: Config,
  opts: { dbName?: string; queues?: QueueName[]; reconcileAtStart?: boolean } = {},
): Promise<RunningWorker> {
  const c = await createContainer(config, { name: 'worker', entities, migrations, jobCatalog, dbName: opts.dbName });
  await waitReady(c.redis, 5000);
  await checkRealtimeAdapter(config, c.redis);
  const services = buildServices(c);
  const registry = buildJobRegistry(c, services);
  const upsertSchedules = async () => {
    for (const s of registry.schedules) {
      await c.queues
        .queue(registry.queueOf(s.job))
        .upsertJobScheduler(s.id, s.every ? { every: s.every } : { pattern: s.pattern!, tz: s.tz }, {
          name: s.job,
          data: { tenantId: null },
        });
    }
  };
  await upsertSchedules();
  const { workers, close: closeWorkers } = startWorkers(c, registry, opts.queues);
  const relay = new OutboxRelay(c, registry);
  c.bus.on((m) => {
    if (m.kind === 'outbox') relay.wake();
  });
  relay.start();
  const health = c.config.WORKER_HEALTH_PORT ? workerHealth(c.config.WORKER_HEALTH_PORT, workers, relay) : null;
  if (opts.reconcileAtStart !== false) {
    const done = await reconcileAll(c, services.reconcilers);
    c.logger.info({ reconciled: done }, 'reconciled timed jobs at start');
  }
  const watcher = watchRedisLoss(c, async () => {
    await upsertSchedules();
    const done = await reconcileAll(c, services.reconcilers);
    c.logger.warn({ reconciled: done }, 'Redis lost its data: schedulers and timed jobs re-created from the database');
  });
  return {
    c,
    services,
    registry,
    relay,
    workers,
    close: async () => {
      health?.close();
      watcher.stop();
      await relay.stop();
      await closeWorkers();
      await c.close();
    },
  };
}

/**
 * Redis can come back empty (restart without persistence, failover, FLUSHALL). A sentinel key marks "this Redis
 * has our schedulers"; when it is gone the worker re-creates them and reconciles every timed job.
 */
export function watchRedisLoss(c: Container, recover: () => Promise<void>): { stop: () => void; check: () => Promise<boolean> } {
  // Same hash tag as the queues: on a cluster the sentinel vanishes with the node that held them.
  const key = WORKER_EPOCH_KEY;
  let busy = false;
  const check = async (): Promise<boolean> => {
    if (busy) return false;
    busy = true;
    try {
      const set = await c.redis.set(key, String(Date.now()), 'NX');
      if (set === 'OK') {
        await recover();
        return true;
      }
      return false;
    } catch (e) {
      c.logger.debug({ err: e }, 'redis watch failed (will retry)');
      return false;
    } finally {
      busy = false;
    }
  };
  // The first check after start only plants the sentinel (start-up already reconciled).
  void c.redis.set(key, String(Date.now())).catch(() => undefined);
  const timer = setInterval(() => void check(), c.config.REDIS_WATCH_MS);
  timer.unref();
  return { stop: () => clearInterval(timer), check };
}

/** GET /health: 200 while every queue worker runs and the outbox relay passed recently (docker health check). */
function workerHealth(port: number, workers: Worker[], relay: OutboxRelay): Server {
  return healthServer(port, () => {
    const running = workers.every((w) => w.isRunning());
    const relayAgeMs = Date.now() - relay.lastPassAt;
    return {
      ok: running && relayAgeMs < 60_000,
      queues: workers.map((w) => ({ name: w.name, running: w.isRunning() })),
      relayAgeMs,
    };
  });
}

if (import.meta.main)
  await runProcess(
    (config) => startWorker(config),
    (w) => `园安 worker running: ${w.workers.length} queues, ${w.registry.schedules.length} schedules`,
    30_000, // close drains: waits for running jobs to finish
  );
