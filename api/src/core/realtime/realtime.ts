import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { Emitter } from '@socket.io/redis-emitter';
import type { Role } from '@yuanan/contracts';
import type { Container } from '../container.ts';
import { authenticateToken } from '../auth/authenticate.ts';
import { AppError } from '../http/problem.ts';
import { createRedis, type Redis } from '../redis/redis.ts';

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
 * Emits to socket.io rooms through Redis, from any api instance or worker. Every method takes the tenant
 * first: there is no way to emit to a room outside a tenant.
 */
export class RealtimeEmitter {
  readonly #emitter: Emitter;
  readonly #redis: Redis;
  constructor(c: Pick<Container, 'config'>) {
    this.#redis = createRedis(c.config as Container['config'], 'subscriber');
    this.#emitter = new Emitter(this.#redis, { key: channelKey(c) });
  }
  toTenant(tid: string, event: string, data: unknown): void {
    this.#emitter.to(rooms.tenant(tid)).emit(event, data);
  }
  toRole(tid: string, role: Role, event: string, data: unknown): void {
    this.#emitter.to(rooms.role(tid, role)).emit(event, data);
  }
  toUser(tid: string, uid: string, event: string, data: unknown): void {
    this.#emitter.to(rooms.user(tid, uid)).emit(event, data);
  }
  toEnterprise(tid: string, eid: string, event: string, data: unknown): void {
    this.#emitter.to(rooms.enterprise(tid, eid)).emit(event, data);
  }
  disconnectTenant(tid: string): void {
    this.#emitter.in(rooms.tenant(tid)).disconnectSockets(true);
  }
  disconnectSession(tid: string, sid: string): void {
    this.#emitter.in(rooms.session(tid, sid)).disconnectSockets(true);
  }
  async close(): Promise<void> {
    this.#redis.disconnect();
  }
}

/** socket.io on the api's HTTP server; the handshake is authenticated with the access token. */
export function attachRealtime(c: Container, http: HttpServer): { io: Server; close: () => Promise<void> } {
  const origins = c.config.CORS_ORIGINS === '*' ? true : c.config.CORS_ORIGINS.split(',').map((s) => s.trim());
  const io = new Server(http, { path: '/socket.io', serveClient: false, cors: { origin: origins, credentials: false } });
  const pub = createRedis(c.config, 'subscriber');
  const sub = pub.duplicate();
  io.adapter(createAdapter(pub, sub, { key: channelKey(c) }));
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
