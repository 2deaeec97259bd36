import { z } from 'zod';
import type { Container } from '../../core/container.ts';
import { defineRoute, type AnyRoute } from '../../core/http/route.ts';

export interface Probe {
  ok: boolean;
  latencyMs: number;
  error?: string;
}

async function timed(fn: () => Promise<unknown>): Promise<Probe> {
  const t = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([fn(), new Promise((_, rej) => (timer = setTimeout(() => rej(new Error('timeout')), 2000)))]);
    return { ok: true, latencyMs: Math.round((performance.now() - t) * 10) / 10 };
  } catch (e) {
    return { ok: false, latencyMs: Math.round(performance.now() - t), error: (e as Error).message.slice(0, 100) };
  } finally {
    clearTimeout(timer);
  }
}

const probe = z.object({ ok: z.boolean(), latencyMs: z.number(), error: z.string().optional() });
const health = z.object({
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  uptimeSeconds: z.number(),
  db: probe,
  redis: probe,
});

export function systemRoutes(c: Container, state: { shuttingDown: boolean; version: string }): AnyRoute[] {
  const tags = ['系统 System'];
  const check = async () => {
    const [db, redis] = await Promise.all([
      timed(() => c.orm.em.getConnection().execute('SELECT 1')),
      timed(() => c.redis.ping()),
    ]);
    return {
      status: db.ok && redis.ok ? ('ok' as const) : ('degraded' as const),
      version: state.version,
      uptimeSeconds: Math.round(process.uptime()),
      db,
      redis,
    };
  };
  return [
    defineRoute({
      method: 'get',
      path: '/health',
      operationId: 'system.health',
      summary: 'Database and Redis status (503 when degraded)',
      tags,
      auth: 'public',
      response: health,
      handler: async ({ ctx }) => {
        const h = await check();
        ctx.status = h.status === 'ok' ? 200 : 503;
        return h;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/health/ready',
      operationId: 'system.ready',
      summary: 'Readiness: 503 while starting, draining or degraded',
      tags,
      auth: 'public',
      response: z.object({ ready: z.boolean() }),
      handler: async ({ ctx }) => {
        const h = await check();
        const ready = !state.shuttingDown && h.status === 'ok';
        ctx.status = ready ? 200 : 503;
        return { ready };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/public/config',
      operationId: 'public.config',
      summary: 'What a client needs before sign-in (is development login on?)',
      tags,
      auth: 'public',
      response: z.object({ devLogin: z.boolean(), version: z.string() }),
      handler: () => ({ devLogin: c.config.DEV_LOGIN && c.config.NODE_ENV !== 'production', version: state.version }),
    }),
    defineRoute({
      method: 'get',
      path: '/health/live',
      operationId: 'system.live',
      summary: 'Liveness',
      tags,
      auth: 'public',
      response: z.object({ live: z.literal(true) }),
      handler: () => ({ live: true as const }),
    }),
  ];
}
