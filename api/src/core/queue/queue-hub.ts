import { Queue, type JobsOptions } from 'bullmq';
import type { Config } from '../config/config.ts';
import { bullPrefix } from '../redis/key-layout.ts';
import type { Redis } from '../redis/redis.ts';
import { QUEUE_NAMES, type JobPayload, type QueueName } from './job-registry.ts';

/** Producers for every queue, sharing one fail-fast connection. */
export class QueueHub {
  /** BullMQ prefix `P:{bull}`: the hash tag keeps every queue's keys in one Redis Cluster slot. */
  readonly prefix: string;
  readonly #queues = new Map<QueueName, Queue>();
  readonly #catalog: Readonly<Record<string, QueueName>>;
  constructor(config: Config, connection: Redis, catalog: Readonly<Record<string, QueueName>>) {
    this.prefix = bullPrefix(config);
    this.#catalog = catalog;
    for (const name of QUEUE_NAMES) {
      this.#queues.set(
        name,
        new Queue(name, {
          connection,
          prefix: this.prefix,
          defaultJobOptions: {
            attempts: 5,
            backoff: { type: 'exponential', delay: 2000 },
            removeOnComplete: { age: 24 * 3600, count: 2000 },
            removeOnFail: { age: 14 * 24 * 3600 },
          },
        }),
      );
    }
  }

  queue(name: QueueName): Queue {
    return this.#queues.get(name)!;
  }
  all(): Queue[] {
    return [...this.#queues.values()];
  }

  /** Adds a catalogued job. A fixed `jobId` makes the add idempotent (BullMQ ignores a duplicate id). */
  async add(name: string, payload: JobPayload, opts: JobsOptions = {}): Promise<void> {
    const q = this.#catalog[name];
    if (!q) throw new Error(`Job ${name} is not in the catalogue`);
    if (!('tenantId' in payload)) throw new Error(`Job ${name} payload lacks tenantId`);
    await this.queue(q).add(name, payload, opts);
  }

  /** Removes a delayed/waiting job by its deterministic id (a moved deadline, a closed hazard). */
  async remove(name: string, jobId: string): Promise<void> {
    const q = this.#catalog[name];
    if (!q) return;
    const job = await this.queue(q).getJob(jobId);
    if (job && !(await job.isActive())) await job.remove().catch(() => undefined);
  }

  async close(): Promise<void> {
    await Promise.all(this.all().map((q) => q.close()));
  }
}
