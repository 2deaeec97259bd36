import { hostname } from 'node:os';
import { connect, type MqttClient } from 'mqtt';
import type { Container } from '../../core/container.ts';
import type { IngestPipeline } from './ingest-pipeline.ts';
import { INGEST_HEARTBEAT_EVERY_MS, INGEST_HEARTBEAT_KEY, readIngestHeartbeat, writeIngestHeartbeat } from './telemetry-store.ts';

/** The subscription of the ingest: every zone's and device's telemetry topic (`yuanan/{zoneCode}/{deviceCode}/up`). */
export const IOT_UP_TOPIC = 'yuanan/+/+/up';

export interface MqttIngestOptions {
  /** Broker URL (default config MQTT_URL). */
  url?: string;
  /** Topic filters to subscribe (default `yuanan/+/+/up`; tests subscribe to their own zones only). */
  topics?: string[];
  /**
   * Client id. Default `${REDIS_PREFIX}-ingest` with a persistent session (clean false, QoS 1): while the ingest
   * restarts the broker queues QoS 1 readings for it. Run one ingest process per client id.
   */
  clientId?: string;
  /** Clean session (default false with the default client id, true with a given one). */
  clean?: boolean;
  /** Subscription QoS (default 1). */
  qos?: 0 | 1;
  username?: string;
  password?: string;
  /**
   * Heartbeat period (ms; default 10 s, 0 = none): while subscribed, `{ startedAt, beatAt }` goes to the Redis key
   * `iot:ingest:heartbeat` (telemetry-store.ts) for the offline sweep. `startedAt` is when this listening began (the
   * last subscription after a connect). Tests that drive the sweep themselves pass a long period.
   */
  heartbeatEveryMs?: number;
}

/**
 * The MQTT side of the ingest (design §4): one mqtt.js client subscribed to the telemetry topics, handing every
 * message to the pipeline (which parses the topic, verifies the signature and counts whatever it rejects — a
 * malformed payload never throws out of here). mqtt.js reconnects on its own (every second) and, for a clean
 * session, subscribes again on each connect.
 */
export class MqttIngest {
  readonly #c: Container;
  readonly #pipeline: IngestPipeline;
  readonly #opts: MqttIngestOptions;
  #client: MqttClient | null = null;
  #heartbeat: NodeJS.Timeout | null = null;
  /** Since when the ingest has been subscribed without a break (epoch ms), or null while not listening. */
  #listeningSince: number | null = null;
  readonly counters = { messages: 0, connects: 0, errors: 0, beats: 0 };

  constructor(c: Container, pipeline: IngestPipeline, opts: MqttIngestOptions = {}) {
    this.#c = c;
    this.#pipeline = pipeline;
    this.#opts = opts;
  }

  /** Whether the client is connected to the broker now. */
  get connected(): boolean {
    return this.#client?.connected ?? false;
  }

  /**
   * Connects and subscribes. Resolves once subscribed, or after `waitMs` if the broker is not reachable yet (the
   * client keeps trying; readings flow once it connects).
   */
  async start(waitMs = 5000): Promise<void> {
    const cfg = this.#c.config;
    const clientId = this.#opts.clientId ?? `${cfg.REDIS_PREFIX}-ingest`;
    const clean = this.#opts.clean ?? this.#opts.clientId !== undefined;
    const topics = this.#opts.topics ?? [IOT_UP_TOPIC];
    const qos = this.#opts.qos ?? 1;
    const client = connect(this.#opts.url ?? cfg.MQTT_URL, {
      clientId,
      clean,
      reconnectPeriod: 1000,
      connectTimeout: 5000,
      keepalive: 30,
      username: this.#opts.username ?? cfg.MQTT_USERNAME,
      password: this.#opts.password ?? cfg.MQTT_PASSWORD,
      resubscribe: true,
      properties: undefined,
    });
    this.#client = client;
    const log = this.#c.logger;
    let subscribed: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => (subscribed = resolve));
    client.on('connect', (ack) => {
      this.counters.connects++;
      log.info(
        { url: this.#opts.url ?? cfg.MQTT_URL, clientId, sessionPresent: ack.sessionPresent },
        'iot ingest: connected to the broker',
      );
      client.subscribe(topics, { qos }, (err) => {
        if (err) log.error({ err }, 'iot ingest: subscribe failed');
        else {
          this.#listeningSince ??= Date.now();
          void this.#beat();
          subscribed();
        }
      });
    });
    // Not listening while disconnected: the next subscription starts a new listening period.
    client.on('close', () => (this.#listeningSince = null));
    client.on('message', (topic, payload) => {
      this.counters.messages++;
      this.#pipeline.handleMessage(topic, payload);
    });
    client.on('error', (e) => {
      this.counters.errors++;
      log.warn({ err: e.message }, 'iot ingest: broker error');
    });
    client.on('offline', () => log.warn('iot ingest: broker offline, reconnecting'));
    const every = this.#opts.heartbeatEveryMs ?? INGEST_HEARTBEAT_EVERY_MS;
    if (every > 0) {
      this.#heartbeat = setInterval(() => void this.#beat(), every);
      this.#heartbeat.unref();
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([ready, new Promise<void>((r) => (timer = setTimeout(r, waitMs)))]);
    clearTimeout(timer);
    if (!client.connected)
      log.warn({ url: this.#opts.url ?? cfg.MQTT_URL }, 'iot ingest: broker not reachable yet, still trying');
  }

  /** Writes the heartbeat while subscribed (a Redis error is logged at debug level; the next beat tries again). */
  async #beat(): Promise<void> {
    const since = this.#listeningSince;
    if (since === null || !this.#client?.connected) return;
    try {
      await writeIngestHeartbeat(this.#c.redis, { startedAt: since, beatAt: Date.now() });
      this.counters.beats++;
    } catch (e) {
      this.#c.logger.debug({ err: e }, 'iot ingest: heartbeat write failed');
    }
  }

  /**
   * Disconnects (pending acknowledgements are sent first) and removes its heartbeat, so the offline sweep stops
   * judging devices at once (nothing listens any more).
   */
  async stop(): Promise<void> {
    const client = this.#client;
    this.#client = null;
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    this.#heartbeat = null;
    const since = this.#listeningSince;
    this.#listeningSince = null;
    if (!client) return;
    await client.endAsync(false).catch(() => client.end(true));
    if (since !== null) {
      const hb = await readIngestHeartbeat(this.#c.redis);
      if (hb?.startedAt === since) await this.#c.redis.del(INGEST_HEARTBEAT_KEY).catch(() => undefined);
    }
  }
}

/** A client id unique to this host and process (for a second ingest process beside the default one). */
export function processClientId(prefix: string): string {
  return `${prefix}-ingest-${hostname()}-${process.pid}`;
}
