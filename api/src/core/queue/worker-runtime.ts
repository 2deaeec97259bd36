import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Container } from '../container.ts';
import { runInScope } from '../context/request-scope.ts';
import { tenantEm } from '../db/orm.ts';
import { createRedis } from '../redis/redis.ts';
import { EVENT_JOB, QUEUE_NAMES, type JobPayload, type JobRegistry, type QueueName } from './job-registry.ts';

/**
 * Jobs each worker process runs at once, per queue. Each handler holds a database connection while it runs; an
 * escalation alarm is one job per zone and instant that sweeps all its due hazards in set-based pages
 * (hazards/escalation/sweep.ts), so the timers queue needs no more than the others.
 */
export const CONCURRENCY: Record<QueueName, number> = { events: 8, timers: 16, notify: 8, maintenance: 2, imports: 1 };

/**
 * One BullMQ worker per queue. Each job runs inside its tenant's scope (filtered EntityManager, tenant in the
 * logs), after re-checking that the tenant is still active: a disabled zone's jobs do nothing.
 */
export function startWorkers(
  c: Container,
  registry: JobRegistry,
  queues: readonly QueueName[] = QUEUE_NAMES,
): { workers: Worker[]; close: () => Promise<void> } {
  const connection = createRedis(c.config, 'worker');
  const workers = queues.map((name) => {
    const w = new Worker<JobPayload>(name, (job) => processJob(c, registry, job), {
      connection,
      prefix: c.queues.prefix,
      concurrency: CONCURRENCY[name],
      autorun: true,
    });
    w.on('failed', (job, err) =>
      c.logger.warn({ job: job?.name, jobId: job?.id, attempts: job?.attemptsMade, err: err.message }, 'job failed'),
    );
    w.on('error', (err) => c.logger.error({ err, queue: name }, 'worker error'));
    return w;
  });
  return {
    workers,
    // Drains: each worker waits for its running jobs; then the shared connection goes.
    close: async () => {
      await Promise.all(workers.map((w) => w.close()));
      connection.disconnect();
    },
  };
}

export async function processJob(c: Container, registry: JobRegistry, job: Job<JobPayload>): Promise<unknown> {
  const payload = job.data;
  const run =
    job.name === EVENT_JOB ? registry.subscriber(String(payload.subscriber))?.handle : registry.handler(job.name)?.handle;
  if (!run) throw new UnrecoverableError(`No handler for ${job.name}/${String(payload.subscriber ?? '')}`);
  const tenantId = payload.tenantId;
  if (tenantId) {
    const t = await c.tenants.byId(tenantId);
    if (!t || t.status !== 'active') {
      c.logger.info({ job: job.name, jobId: job.id, tenantId }, 'tenant not active: job skipped');
      return { skipped: 'tenant_inactive' };
    }
  }
  const em = tenantId ? tenantEm(c.orm, tenantId) : null;
  const started = Date.now();
  const result = await runInScope(
    {
      requestId: `job:${job.id}`,
      tenantId,
      em,
      actor: null,
      ip: null,
      userAgent: null,
      action: job.name === EVENT_JOB ? `event:${String(payload.subscriber)}` : job.name,
    },
    () => run(payload as never, { c, job }),
  );
  c.metrics.jobDuration.observe(
    { job: job.name === EVENT_JOB ? String(payload.subscriber) : job.name },
    (Date.now() - started) / 1000,
  );
  return result ?? null;
}
