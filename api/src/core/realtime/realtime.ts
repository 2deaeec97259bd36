import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { createAdapter, createShardedAdapter } from '@socket.io/redis-adapter';
import { Emitter } from '@socket.io/redis-emitter';
import type { Role } from '@yuanan/contracts';
import type { Container } from '../container.ts';
import type { Config } from '../config/config.ts';
import { authenticateToken } from '../auth/authenticate.ts';
import { AppError } from '../http/problem.ts';
import { Cluster } from 'ioredis';
import { createRedis, type Redis } from '../redis/redis.ts';
import type { Actor } from '../context/request-scope.ts';
import { GRANT_CACHE_MS, grantStillInForce } from '../../modules/supervision/supervision-scope.ts';

/** Rooms are always under the tenant: `t:{tenantId}`, then role, user, enterprise, session. */
export const rooms = {
  tenant: (tid: string) => `t:${tid}`,
  role: (tid: string, role: Role) => `t:${tid}:role:${role}`,
  user: (tid: string, uid: string) => `t:${tid}:user:${uid}`,
  enterprise: (tid: string, eid: string) => `t:${tid}:ent:${eid}`,
  session: (tid: string, sid: string) => `t:${tid}:session:${sid}`,
};

function channelKey(c: Pick<Container, 'config'>): string {
  return `${c.config.REDIS_PREFIX}-socket.io`;
}

/**
 * The socket.io adapter for REALTIME_ADAPTER. `sharded` uses Redis 7 sharded pub/sub (SSUBSCRIBE/SPUBLISH): one
 * channel per room ("dynamic" mode), each living on the shard that owns its slot, so a Redis Cluster spreads the
 * realtime traffic instead of broadcasting every message to every node as classic PUBLISH does.
 */
function adapterFor(
  config: Config,
  pub: Redis,
  sub: Redis,
): ReturnType<typeof createAdapter> | ReturnType<typeof createShardedAdapter> {
  if (config.REALTIME_ADAPTER === 'sharded') {
    return createShardedAdapter(pub, sub, { channelPrefix: `${config.REDIS_PREFIX}-socket.io`, subscriptionMode: 'dynamic' });
  }
  return createAdapter(pub, sub, { key: `${config.REDIS_PREFIX}-socket.io` });
}

/** Refuses to start on a Redis older than 7 with the sharded adapter (SSUBSCRIBE would fail silently later). */
export async function checkRealtimeAdapter(config: Config, redis: Redis): Promise<void> {
  if (config.REALTIME_ADAPTER !== 'sharded') return;
  const info = await (redis instanceof Cluster ? redis.nodes('master')[0]!.info('server') : redis.info('server'));
  const major = Number(/redis_version:(\d+)/.exec(info)?.[1] ?? 0);
  if (major < 7)
    throw new Error(
      `REALTIME_ADAPTER=sharded needs Redis >= 7 (sharded pub/sub); this Redis is ${major}. Set REALTIME_ADAPTER=pubsub.`,
    );
}

/** Where an emit goes: the classic emitter, or a headless socket.io server with the sharded adapter. */
type Target = Pick<Emitter, 'to' | 'in'>;

/**
 * Emits to socket.io rooms through Redis, from any api instance or worker. Every method takes the tenant
 * first: there is no way to emit to a room outside a tenant. With the sharded adapter there is no standalone
 * emitter package (@socket.io/redis-emitter speaks only the classic protocol), so the emitter is a socket.io
 * server without HTTP whose adapter publishes the same messages the api instances' adapters do.
 */
export class RealtimeEmitter {
  readonly #target: Target;
  readonly #redis: Redis[];
  readonly #server: Server | null = null;
  constructor(c: Pick<Container, 'config'>) {
    const config = c.config as Config;
    if (config.REALTIME_ADAPTER === 'sharded') {
      const pub = createRedis(config, 'subscriber');
      const sub = createRedis(config, 'subscriber');
      this.#redis = [pub, sub];
      this.#server = new Server({ serveClient: false });
      this.#server.adapter(adapterFor(config, pub, sub));
      this.#target = this.#server as unknown as Target;
    } else {
      const r = createRedis(config, 'subscriber');
      this.#redis = [r];
      this.#target = new Emitter(r, { key: channelKey(c) });
    }
  }
  toTenant(tid: string, event: string, data: unknown): void {
    this.#target.to(rooms.tenant(tid)).emit(event, data);
  }
  toRole(tid: string, role: Role, event: string, data: unknown): void {
    this.#target.to(rooms.role(tid, role)).emit(event, data);
  }
  toUser(tid: string, uid: string, event: string, data: unknown): void {
    this.#target.to(rooms.user(tid, uid)).emit(event, data);
  }
  toEnterprise(tid: string, eid: string, event: string, data: unknown): void {
    this.#target.to(rooms.enterprise(tid, eid)).emit(event, data);
  }
  disconnectTenant(tid: string): void {
    this.#target.in(rooms.tenant(tid)).disconnectSockets(true);
  }
  disconnectSession(tid: string, sid: string): void {
    this.#target.in(rooms.session(tid, sid)).disconnectSockets(true);
  }
  async close(): Promise<void> {
    // A headless server has no engine to close (Server.close would throw): close its adapter's subscriptions.
    if (this.#server) await Promise.resolve(this.#server.of('/').adapter.close()).catch(() => undefined);
    for (const r of this.#redis) r.disconnect();
  }
}

/** socket.io on the api's HTTP server; the handshake is authenticated with the access token. */
export function attachRealtime(c: Container, http: HttpServer): { io: Server; close: () => Promise<void> } {
  const origins = c.config.CORS_ORIGINS === '*' ? true : c.config.CORS_ORIGINS.split(',').map((s) => s.trim());
  const io = new Server(http, { path: '/socket.io', serveClient: false, cors: { origin: origins, credentials: false } });
  const pub = createRedis(c.config, 'subscriber');
  const sub = createRedis(c.config, 'subscriber');
  io.adapter(adapterFor(c.config, pub, sub));
  io.use((socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    if (typeof token !== 'string' || !token) {
      next(Object.assign(new Error('unauthenticated'), { data: { code: 'unauthenticated' } }));
      return;
    }
    authenticateToken(c, token)
      .then((a) => {
        socket.data.tenantId = a.tenant.id;
        socket.data.actor = a.actor;
        next();
      })
      .catch((e: unknown) => {
        const code = e instanceof AppError ? e.code : 'token_invalid';
        next(Object.assign(new Error(code), { data: { code } }));
      });
  });
  io.on('connection', (socket) => {
    const tid = socket.data.tenantId as string;
    const a = socket.data.actor as { userId: string; role: Role; enterpriseId: string | null; sessionId: string | null };
    const list = [rooms.tenant(tid), rooms.role(tid, a.role), rooms.user(tid, a.userId)];
    if (a.enterpriseId) list.push(rooms.enterprise(tid, a.enterpriseId));
    if (a.sessionId) list.push(rooms.session(tid, a.sessionId));
    void socket.join(list);
    socket.emit('ready', { rooms: list.length });
    // A supervisor's live feed lasts only while the grant does (issue 14): re-checked as often as a request would be.
    const sup = (socket.data.actor as Actor).supervising;
    if (sup) {
      const timer = setInterval(() => {
        grantStillInForce(c, sup.grantId, sup.bureauId, tid)
          .then((ok) => {
            if (!ok) socket.disconnect(true);
          })
          .catch(() => socket.disconnect(true));
      }, GRANT_CACHE_MS);
      timer.unref();
      socket.on('disconnect', () => clearInterval(timer));
    }
  });
  return {
    io,
    close: async () => {
      io.disconnectSockets(true);
      await new Promise<void>((r) => io.close(() => r()));
      pub.disconnect();
      sub.disconnect();
    },
  };
}
