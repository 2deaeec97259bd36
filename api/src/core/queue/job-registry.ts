import type { Job } from 'bullmq';
import type { Container } from '../container.ts';

export const QUEUE_NAMES = ['events', 'timers', 'notify', 'maintenance', 'imports'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/** Every job payload carries its tenant (null only for platform-wide maintenance). */
export interface JobPayload {
  tenantId: string | null;
  [k: string]: unknown;
}

export interface JobContext {
  c: Container;
  job: Job<JobPayload>;
}

export interface JobHandler<P extends JobPayload = JobPayload> {
  name: string;
  handle: (payload: P, ctx: JobContext) => Promise<unknown>;
}

/** A recurring job (BullMQ job scheduler with a stable id). */
export interface ScheduleDef {
  id: string;
  job: string;
  every?: number;
  pattern?: string;
  tz?: string;
}

/** Subscribers of a domain event: each runs as its own job, so one failing does not re-run the others. */
export interface EventSubscriberDef {
  event: string;
  name: string;
  handle: (payload: JobPayload & { eventId: string }, ctx: JobContext) => Promise<unknown>;
}

/**
 * The job catalogue names every job and its queue; modules provide handlers. The registry refuses to start
 * when a catalogued job has no handler, two handlers, or a handler has no catalogue entry.
 */
export class JobRegistry {
  readonly #handlers = new Map<string, JobHandler>();
  readonly #subscribers = new Map<string, EventSubscriberDef[]>();
  readonly catalog: Readonly<Record<string, QueueName>>;
  readonly schedules: ScheduleDef[];

  constructor(
    catalog: Readonly<Record<string, QueueName>>,
    handlers: JobHandler[],
    subscribers: EventSubscriberDef[],
    schedules: ScheduleDef[],
  ) {
    this.catalog = catalog;
    this.schedules = schedules;
    const problems: string[] = [];
    const count = new Map<string, number>();
    for (const h of handlers) count.set(h.name, (count.get(h.name) ?? 0) + 1);
    for (const name of Object.keys(catalog)) {
      const n = count.get(name) ?? 0;
      if (name === EVENT_JOB) continue;
      if (n === 0) problems.push(`job "${name}" has no handler`);
      if (n > 1) problems.push(`job "${name}" has ${n} handlers`);
    }
    for (const name of count.keys()) if (!(name in catalog)) problems.push(`handler "${name}" is not in the job catalogue`);
    const subNames = new Set<string>();
    for (const s of subscribers) {
      if (subNames.has(s.name)) problems.push(`event subscriber "${s.name}" is registered twice`);
      subNames.add(s.name);
      this.#subscribers.set(s.event, [...(this.#subscribers.get(s.event) ?? []), s]);
    }
    for (const s of schedules) if (!(s.job in catalog)) problems.push(`schedule "${s.id}" runs unknown job "${s.job}"`);
    if (problems.length) throw new Error(`Job registry refused to start:\n  - ${problems.join('\n  - ')}`);
    for (const h of handlers) this.#handlers.set(h.name, h);
  }

  handler(name: string): JobHandler | undefined {
    return this.#handlers.get(name);
  }
  subscribersOf(event: string): EventSubscriberDef[] {
    return this.#subscribers.get(event) ?? [];
  }
  subscriber(name: string): EventSubscriberDef | undefined {
    for (const list of this.#subscribers.values()) for (const s of list) if (s.name === name) return s;
    return undefined;
  }
  /** Every subscriber's name (the audit trail records their work as `event:<name>`). */
  subscriberNames(): string[] {
    return [...this.#subscribers.values()].flatMap((list) => list.map((s) => s.name));
  }
  queueOf(name: string): QueueName {
    const q = this.catalog[name];
    if (!q) throw new Error(`Unknown job ${name}`);
    return q;
  }
}

/** The job that runs one subscriber of one domain event (fan-out from the outbox relay). */
export const EVENT_JOB = 'event.deliver';
