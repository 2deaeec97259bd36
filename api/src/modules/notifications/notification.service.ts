import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { REALTIME_EVENTS, type Notification as NotificationDto } from '@yuanan/contracts';
import type { Container } from '../../core/container.ts';
import type { Em } from '../../core/db/orm.ts';
import { notFound } from '../../core/http/problem.ts';
import { iso, isoReq } from '../../core/http/serialize.ts';
import { Notification } from './notification.entity.ts';

export interface NotifyInput {
  userIds: string[];
  kind: string;
  title: string;
  body: string;
  link?: string | null;
  severity?: 'info' | 'warning' | 'critical';
  /** Same key, same user: one notification, however often a job retries. */
  dedupeKey: string;
}

export function notificationDto(n: Notification): NotificationDto {
  return {
    id: n.id,
    kind: n.kind,
    title: n.title,
    body: n.body,
    link: n.link ?? null,
    severity: n.severity,
    readAt: iso(n.readAt),
    createdAt: isoReq(n.createdAt),
  };
}

/** In-app notifications: stored, pushed live over socket.io, read in the notification centre. */
export class NotificationService {
  readonly #c: Container;
  /** Called with the notifications just created (external channels hook in here). */
  readonly #afterCreate: Array<(em: Em, created: Notification[]) => Promise<void>> = [];
  constructor(c: Container) {
    this.#c = c;
  }

  onCreated(hook: (em: Em, created: Notification[]) => Promise<void>): void {
    this.#afterCreate.push(hook);
  }

  async notify(em: Em, input: NotifyInput): Promise<Notification[]> {
    const userIds = [...new Set(input.userIds)];
    if (!userIds.length) return [];
    const keys = userIds.map((u) => `${input.dedupeKey}:${u}`.slice(0, 200));
    for (let attempt = 0; attempt < 3; attempt++) {
      const fork = em.fork({ clear: true });
      const existing = new Set(
        (await fork.find(Notification, { dedupeKey: { $in: keys } }, { fields: ['dedupeKey'] })).map((n) => n.dedupeKey),
      );
      const created = userIds
        .map((userId, i) => ({ userId, key: keys[i]! }))
        .filter((x) => !existing.has(x.key))
        .map((x) =>
          fork.create(Notification, {
            userId: x.userId,
            kind: input.kind,
            title: input.title.slice(0, 120),
            body: input.body.slice(0, 1000),
            link: input.link ?? null,
            severity: input.severity ?? 'info',
            dedupeKey: x.key,
            readAt: null,
          }),
        );
      if (!created.length) return [];
      try {
        await fork.flush();
      } catch (e) {
        if (e instanceof UniqueConstraintViolationException) continue;
        throw e;
      }
      for (const n of created) this.#c.realtime.toUser(n.tenantId, n.userId, REALTIME_EVENTS.notification, notificationDto(n));
      for (const hook of this.#afterCreate) await hook(fork, created);
      return created;
    }
    return [];
  }

  async list(em: Em, userId: string, q: { page: number; pageSize: number; unread?: 'true' | 'false' }) {
    const where: Record<string, unknown> = { userId };
    if (q.unread === 'true') where.readAt = null;
    const [items, total] = await em.findAndCount(Notification, where, {
      orderBy: { createdAt: 'desc' },
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    });
    const unread = await em.count(Notification, { userId, readAt: null });
    return { items: items.map(notificationDto), total, page: q.page, pageSize: q.pageSize, unread };
  }

  async markRead(em: Em, userId: string, id: string): Promise<Notification> {
    const n = await em.findOne(Notification, { id, userId });
    if (!n) throw notFound('notification');
    n.readAt ??= new Date();
    await em.flush();
    return n;
  }

  async markAllRead(em: Em, userId: string): Promise<number> {
    const rows = await em.find(Notification, { userId, readAt: null }, { limit: 1000 });
    const now = new Date();
    rows.forEach((n) => (n.readAt = now));
    await em.flush();
    return rows.length;
  }
}
