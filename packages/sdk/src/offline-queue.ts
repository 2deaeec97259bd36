import type { ApiClient } from './client.ts';
import { ApiError } from './errors.ts';
import type { KeyValueStore } from './storage.ts';

export interface QueuedCall {
  id: string;
  method: 'POST' | 'PUT' | 'PATCH';
  path: string;
  body: unknown;
  /** Fixed when queued: every replay sends the same key, so the server creates once. */
  idempotencyKey: string;
  queuedAt: string;
  /** What the user sees in the outbox ("上报隐患：配电箱无盖板"). */
  label: string;
  attempts: number;
  lastError: string | null;
}

export interface FlushResult {
  sent: string[];
  failed: Array<{ id: string; error: string }>;
  remaining: number;
}

/**
 * Calls made while offline are kept (persisted) and replayed in order when the network returns. A call the
 * server rejects for good (4xx other than 408/429) is kept aside with its error instead of being retried.
 */
export class OfflineQueue {
  readonly #store: KeyValueStore;
  readonly #key: string;
  #flushing: Promise<FlushResult> | null = null;
  constructor(store: KeyValueStore, key = 'offline-queue') {
    this.#store = store;
    this.#key = key;
  }

  items(): QueuedCall[] {
    try {
      return JSON.parse(this.#store.get(this.#key) ?? '[]') as QueuedCall[];
    } catch {
      return [];
    }
  }
  #save(items: QueuedCall[]): void {
    this.#store.set(this.#key, JSON.stringify(items));
  }

  enqueue(call: Omit<QueuedCall, 'id' | 'queuedAt' | 'attempts' | 'lastError'>): QueuedCall {
    const item: QueuedCall = {
      ...call,
      id: call.idempotencyKey,
      queuedAt: new Date().toISOString(),
      attempts: 0,
      lastError: null,
    };
    this.#save([...this.items().filter((i) => i.id !== item.id), item]);
    return item;
  }

  remove(id: string): void {
    this.#save(this.items().filter((i) => i.id !== id));
  }

  /**
   * Sends a create now, or queues it when the network is down. Resolves with the server's answer, or with
   * `{ queued }` when it waits for the network.
   */
  async sendOrQueue<T>(
    client: ApiClient,
    call: Omit<QueuedCall, 'id' | 'queuedAt' | 'attempts' | 'lastError'>,
  ): Promise<{ result: T } | { queued: QueuedCall }> {
    try {
      const result = await client.request<T>(call.method, call.path, { body: call.body, idempotencyKey: call.idempotencyKey });
      return { result };
    } catch (e) {
      if (e instanceof ApiError && e.retryable) return { queued: this.enqueue(call) };
      throw e;
    }
  }

  flush(client: ApiClient): Promise<FlushResult> {
    this.#flushing ??= (async () => {
      const sent: string[] = [];
      const failed: FlushResult['failed'] = [];
      for (const item of this.items()) {
        try {
          await client.request(item.method, item.path, { body: item.body, idempotencyKey: item.idempotencyKey });
          this.remove(item.id);
          sent.push(item.id);
        } catch (e) {
          const err = e instanceof ApiError ? e : null;
          const keep = this.items().map((i) =>
            i.id === item.id ? { ...i, attempts: i.attempts + 1, lastError: err?.message ?? String(e) } : i,
          );
          this.#save(keep);
          failed.push({ id: item.id, error: err?.message ?? String(e) });
          if (!err || err.retryable) break; // still offline: keep order, try later
        }
      }
      return { sent, failed, remaining: this.items().length };
    })().finally(() => {
      this.#flushing = null;
    });
    return this.#flushing;
  }
}
