import type { Config } from './config/config.ts';
import type { Logger } from './log/logger.ts';
import { createRedis, type Redis } from './redis/redis.ts';

export type BusMessage = { kind: 'tenant'; id: string } | { kind: 'session'; id: string } | { kind: 'outbox' };

/**
 * Process-to-process notices over Redis pub/sub: cache invalidations and "the outbox has rows". Best effort:
 * caches also expire on their own and the relay also polls.
 */
export class InvalidationBus {
  readonly #pub: Redis;
  readonly #sub: Redis;
  readonly #channel: string;
  readonly #listeners: Array<(m: BusMessage) => void> = [];
  readonly #log: Logger;
  constructor(config: Config, pub: Redis, log: Logger) {
    this.#pub = pub;
    this.#log = log;
    this.#channel = `${config.REDIS_PREFIX}:bus`;
    this.#sub = createRedis(config, 'subscriber');
    this.#sub.subscribe(this.#channel).catch((e: unknown) => log.warn({ err: e }, 'bus subscribe failed'));
    this.#sub.on('message', (_ch: string, raw: string) => {
      try {
        const m = JSON.parse(raw) as BusMessage;
        for (const l of this.#listeners) l(m);
      } catch {
        // ignore foreign messages
      }
    });
  }
  on(listener: (m: BusMessage) => void): void {
    this.#listeners.push(listener);
  }
  publish(m: BusMessage): void {
    // The command client's key prefix does not apply to channels; the channel carries the prefix itself.
    for (const l of this.#listeners) l(m);
    this.#pub.publish(this.#channel, JSON.stringify(m)).catch((e: unknown) => this.#log.debug({ err: e }, 'bus publish failed'));
  }
  close(): void {
    this.#sub.disconnect();
  }
}
