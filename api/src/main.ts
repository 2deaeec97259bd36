import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, type AppState } from './app.ts';
import { configOrExit, explainStartupError, VERSION } from './core/boot.ts';
import type { Config } from './core/config/config.ts';
import { handleClientErrors, serverOptions } from './core/http/client-error.ts';
import { createContainer, type Container } from './core/container.ts';
import type { AnyRoute } from './core/http/route.ts';
import { attachRealtime, checkRealtimeAdapter } from './core/realtime/realtime.ts';
import { waitReady } from './core/redis/redis.ts';
import { migrations } from './migrations/index.ts';
import { buildRoutes, buildServices, entities, jobCatalog, type Services } from './modules/index.ts';

export interface RunningApi {
  c: Container;
  services: Services;
  server: Server;
  url: string;
  state: AppState;
  close: () => Promise<void>;
}

/** Starts the HTTP API and the socket.io gateway. Several can run in one process (tests). */
export async function startApi(
  config: Config,
  opts: { dbName?: string; extraRoutes?: (c: Container, s: Services) => AnyRoute[] } = {},
): Promise<RunningApi> {
  const started = performance.now();
  const c = await createContainer(config, { name: 'api', entities, migrations, jobCatalog, dbName: opts.dbName });
  await waitReady(c.redis, 5000);
  await checkRealtimeAdapter(config, c.redis);
  const state: AppState = { shuttingDown: false, version: VERSION };
  const services = buildServices(c);
  const routes = [...buildRoutes(c, services, state), ...(opts.extraRoutes?.(c, services) ?? [])];
  const app = createApp(c, routes, state);
  // A long URL (a search of thousands of characters) reaches the route's own check; what Node still cannot parse
  // gets a problem+json instead of a bare status line.
  const server = createServer(serverOptions, app.callback());
  handleClientErrors(server);
  server.keepAliveTimeout = 65_000;
  const realtime = attachRealtime(c, server);
  await new Promise<void>((resolve) => server.listen(config.PORT, config.HOST, resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  c.logger.info({ port, ms: Math.round(performance.now() - started) }, 'api listening');
  // The platform's law library from ../shared/regulations when it is empty, then this process's search index
  // (background; never fails the boot).
  void services.laws.bootImport().then(() => services.laws.search.warm());
  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      state.shuttingDown = true;
      server.closeIdleConnections();
      await realtime.close(); // closes the HTTP server too, after in-flight requests end
      await c.close();
    })());
  return { c, services, server, url, state, close };
}

if (import.meta.main) {
  const config = configOrExit();
  const t0 = performance.now();
  try {
    const api = await startApi(config);
    console.log(`园安 api ready on ${api.url} in ${Math.round(performance.now() - t0)} ms — docs ${api.url}/api/docs`);
    const stop = async (signal: string) => {
      api.c.logger.info({ signal }, 'draining');
      const force = setTimeout(() => process.exit(1), 15_000);
      force.unref();
      await api.close();
      process.exit(0);
    };
    process.once('SIGTERM', () => void stop('SIGTERM'));
    process.once('SIGINT', () => void stop('SIGINT'));
  } catch (e) {
    console.error(explainStartupError(e, config));
    process.exit(1);
  }
}
