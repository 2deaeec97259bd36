import type { Container } from '../container.ts';
import { EVENT_JOB, type JobRegistry } from './job-registry.ts';

interface OutboxRow {
  id: string;
  tenant_id: string;
  type: string;
  payload: unknown;
}

/**
 * Moves committed domain events from the outbox table to BullMQ: one job per (event, subscriber), with the
 * deterministic id `{eventId}.{subscriber}` (BullMQ refuses ":" in custom ids). Rows are claimed with SKIP LOCKED so several workers can relay;
 * if adding to Redis fails the transaction rolls back and the rows are relayed later (at least once).
 */
export class OutboxRelay {
  readonly #c: Container;
  readonly #registry: JobRegistry;
  #timer: NodeJS.Timeout | null = null;
  #running = false;
  #stopped = false;
  #wake: (() => void) | null = null;
  /** When the relay last finished a pass (worker health). */
  lastPassAt = 0;
  constructor(c: Container, registry: JobRegistry) {
    this.#c = c;
    this.#registry = registry;
  }

  async relayOnce(limit = 200): Promise<number> {
    const conn = this.#c.orm.em.getConnection();
    return conn.transactional(async (trx) => {
      const rows = (await conn.execute(
        `SELECT id, tenant_id, type, payload FROM outbox_events
          WHERE dispatched_at IS NULL AND available_at <= ? ORDER BY id LIMIT ${Number(limit)} FOR UPDATE SKIP LOCKED`,
        [new Date()],
        'all',
        trx,
      )) as OutboxRow[];
      if (rows.length === 0) return 0;
      const events = this.#c.queues.queue('events');
      const jobs = rows.flatMap((r) => {
        const payload = typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload;
        return this.#registry.subscribersOf(r.type).map((s) => ({
          name: EVENT_JOB,
          data: { tenantId: r.tenant_id, eventId: r.id, type: r.type, subscriber: s.name, ...payload },
          opts: { jobId: `${r.id}.${s.name}` },
        }));
      });
      if (jobs.length) await events.addBulk(jobs);
      await conn.execute(
        `UPDATE outbox_events SET dispatched_at = ?, attempts = attempts + 1 WHERE id IN (${rows.map(() => '?').join(',')})`,
        [new Date(), ...rows.map((r) => r.id)],
        'run',
        trx,
      );
      return rows.length;
    });
  }

  /** Relays until stopped: immediately when woken (an api committed events), else every poll interval. */
  start(): void {
    const loop = async () => {
      if (this.#stopped) return;
      this.#running = true;
      try {
        while (!this.#stopped && (await this.relayOnce()) > 0);
      } catch (e) {
        this.#c.logger.warn({ err: e }, 'outbox relay failed; will retry');
      } finally {
        this.#running = false;
        this.lastPassAt = Date.now();
      }
      if (this.#stopped) return;
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
        this.#timer = setTimeout(resolve, this.#c.config.OUTBOX_POLL_MS);
      });
      this.#wake = null;
      if (this.#timer) clearTimeout(this.#timer);
      void loop();
    };
    void loop();
  }

  wake(): void {
    this.#wake?.();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.wake();
    while (this.#running) await new Promise((r) => setTimeout(r, 20));
  }
}
