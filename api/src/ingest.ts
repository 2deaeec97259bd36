import type { Server } from 'node:http';
import { healthServer, runProcess } from './core/boot.ts';
import type { Config } from './core/config/config.ts';
import { createContainer, type Container } from './core/container.ts';
import { createLogger } from './core/log/logger.ts';
import { waitReady } from './core/redis/redis.ts';
import { migrations } from './migrations/index.ts';
import { buildServices, entities, jobCatalog, type Services } from './modules/index.ts';
import { IngestPipeline, type AlarmSink, type IngestPipelineOptions } from './modules/iot/ingest-pipeline.ts';
import { MqttIngest, type MqttIngestOptions } from './modules/iot/mqtt-ingest.ts';

export interface RunningIngest {
  c: Container;
  services: Services;
  pipeline: IngestPipeline;
  mqtt: MqttIngest;
  close: () => Promise<void>;
}

/**
 * The IoT ingest process (design §4; `npm run ingest -w @yuanan/api`, run by `npm start`): an MQTT subscriber of
 * `yuanan/+/+/up` feeding the ingest pipeline — readings batched into iot_readings, rules evaluated in process,
 * rule events handed to the AlarmService, latest values in Redis — and, while subscribed, a heartbeat in Redis
 * (`iot:ingest:heartbeat`, every 10 s) that the worker's offline sweep needs before it judges any device offline.
 * Runs beside the api and the worker; the api runs its own pipeline for `POST /iot/ingest`. Tests start it
 * in-process with their own topics, client id and sink.
 */
export async function startIngest(
  config: Config,
  opts: {
    dbName?: string;
    mqtt?: MqttIngestOptions;
    pipeline?: IngestPipelineOptions;
    sink?: AlarmSink;
    healthPort?: number;
  } = {},
): Promise<RunningIngest> {
  const c = await createContainer(config, {
    name: 'worker',
    entities,
    migrations,
    jobCatalog,
    dbName: opts.dbName,
    logger: createLogger(config, 'ingest'),
  });
  await waitReady(c.redis, 5000);
  const services = buildServices(c);
  const sink: AlarmSink = opts.sink ?? services.iot.services.alarms;
  const pipeline = new IngestPipeline(c, { ...opts.pipeline, sink });
  await pipeline.start();
  const mqtt = new MqttIngest(c, pipeline, opts.mqtt);
  await mqtt.start();
  const port = opts.healthPort ?? config.INGEST_HEALTH_PORT;
  const health = port ? ingestHealth(port, mqtt, pipeline) : null;
  let closing: Promise<void> | null = null;
  return {
    c,
    services,
    pipeline,
    mqtt,
    close: () =>
      (closing ??= (async () => {
        health?.close();
        await mqtt.stop();
        await pipeline.stop();
        await c.close();
      })()),
  };
}

/** GET /health: 200 while connected to the broker and storing works (docker health check). */
function ingestHealth(port: number, mqtt: MqttIngest, pipeline: IngestPipeline): Server {
  return healthServer(port, () => ({
    ok: mqtt.connected && pipeline.pendingRows < 100_000,
    broker: mqtt.connected,
    messages: mqtt.counters.messages,
    heartbeats: mqtt.counters.beats,
    accepted: pipeline.counters.accepted,
    rejected: Object.fromEntries(pipeline.counters.byReason),
    pendingRows: pipeline.pendingRows,
    flushErrors: pipeline.counters.flushErrors,
  })).on('error', () => undefined);
}

if (import.meta.main)
  await runProcess(
    (config) => startIngest(config),
    (_ing, config) => `园安 ingest running: subscribed to yuanan/+/+/up on ${config.MQTT_URL}`,
    15_000,
  );
