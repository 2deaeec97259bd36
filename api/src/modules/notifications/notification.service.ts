import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { REALTIME_EVENTS, type Notification as NotificationDto } from '@yuanan/contracts';
import type { Container } from '../../core/container.ts';
import type { Em } from '../../core/db/orm.ts';
import { notFound } from '../../core/http/problem.ts';
import { iso, isoReq } from '../../core/http/serialize.ts';
import { uuidv7 } from '../../core/db/ids.ts';
import { emTenantId } from '../../core/db/tenant-guard.ts';
import { auditCreates, insertRows } from '../../core/db/bulk-write.ts';
import { Notification } from './notification.entity.ts';
import type { TextLang } from '../../core/i18n/stored-text.ts';
import { notificationText } from './notification-text.ts';

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

/** What live pushes and channel hooks need of a notification (an entity, or a row written set-based). */
export type NotificationRow = Pick<
  Notification,
  'id' | 'tenantId' | 'userId' | 'kind' | 'title' | 'body' | 'link' | 'severity' | 'dedupeKey' | 'readAt' | 'createdAt'
>;

/** A notification for the api; title and body in `lang` (notification-text.ts). Live pushes: `livePush`. */
export function notificationDto(n: NotificationRow, lang: TextLang = 'zh-CN'): NotificationDto {
  return {
    id: n.id,
    kind: n.kind,
    ...notificationText(n, lang),
    link: n.link ?? null,
    severity: n.severity,
    readAt: iso(n.readAt),
    createdAt: isoReq(n.createdAt),
  };
}

/**
 * A notification as pushed live: Chinese, with the English alongside (`en`) for windows showing English. The
 * external channels (WeChat subscribe messages, SMS) stay Chinese: their templates are the Chinese ones the zone
 * registered with WeChat and the SMS gateway.
 */
export function livePush(n: NotificationRow): NotificationDto {
  return { ...notificationDto(n), en: notificationText(n, 'en') };
}

/** One entry per (dedupe key, user): a user repeated within one input, or across inputs with one key, once. */
function byDedupeKey(inputs: NotifyInput[]): Map<string, { userId: string; input: NotifyInput }> {
  const wanted = new Map<string, { userId: string; input: NotifyInput }>();
  for (const input of inputs)
    for (const userId of new Set(input.userIds)) {
      const key = `${input.dedupeKey}:${userId}`.slice(0, 200);
      if (!wanted.has(key)) wanted.set(key, { userId, input });
    }
  return wanted;
}

/** In-app notifications: stored, pushed live over socket.io, read in the notification centre. */
export class NotificationService {
  readonly #c: Container;
  /** Called with the notifications just created (external channels hook in here). */
  readonly #afterCreate: Array<(em: Em, created: NotificationRow[]) => Promise<void>> = [];
  constructor(c: Container) {
    this.#c = c;
  }

  onCreated(hook: (em: Em, created: NotificationRow[]) => Promise<void>): void {
    this.#afterCreate.push(hook);
  }

  /** One notification to several users (see `notifyMany`). */
  async notify(em: Em, input: NotifyInput): Promise<Notification[]> {
    return this.notifyMany(em, [input]);
  }

  /**
   * Many notifications at once, committed on their own: one read of the dedupe keys that exist, one multi-row
   * insert, then live pushes and the external channels. Returns only what it created (a retry creates nothing).
   */
  async notifyMany(em: Em, inputs: NotifyInput[]): Promise<Notification[]> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const fork = em.fork({ clear: true });
      const created = await this.stageMany(fork, inputs);
      if (!created.length) return [];
      try {
        await fork.flush();
      } catch (e) {
        if (e instanceof UniqueConstraintViolationException) continue;
        throw e;
      }
      await this.published(fork, created);
      return created;
    }
    return [];
  }

  /**
   * Adds the notifications not created yet (by dedupe key) to `em`'s unit of work, for a caller that commits them
   * with other writes in one transaction; call `published` after that commit. Reads existing keys in chunks of
   * 1,000; users repeated within one input are notified once.
   */
  async stageMany(em: Em, inputs: NotifyInput[]): Promise<Notification[]> {
    const wanted = byDedupeKey(inputs);
    if (!wanted.size) return [];
    const keys = [...wanted.keys()];
    const existing = new Set<string>();
    for (let i = 0; i < keys.length; i += 1000)
      for (const n of await em.find(Notification, { dedupeKey: { $in: keys.slice(i, i + 1000) } }, { fields: ['dedupeKey'] }))
        existing.add(n.dedupeKey);
    const created: Notification[] = [];
    for (const [key, { userId, input }] of wanted) {
      if (existing.has(key)) continue;
      created.push(
        em.create(Notification, {
          userId,
          kind: input.kind,
          title: input.title.slice(0, 120),
          body: input.body.slice(0, 1000),
          link: input.link ?? null,
          severity: input.severity ?? 'info',
          dedupeKey: key,
          readAt: null,
        }),
      );
    }
    return created;
  }

  /**
   * Set-based and without the unit of work, in the caller's transaction: one read of the dedupe keys that exist
   * (chunks of 1,000), one multi-row insert of the rest and of their audit rows. Returns the rows written; call
   * `published` after the commit (and schedule the audit chain). For jobs that notify thousands at once.
   * `fresh`: every dedupe key derives from an effect claimed in this same transaction (`claimEffects`), so none
   * can exist yet and the read is skipped; the unique index on (tenant, dedupe key) still refuses a duplicate,
   * which rolls the caller's transaction back.
   */
  async insertMany(em: Em, inputs: NotifyInput[], opts: { fresh?: boolean } = {}): Promise<NotificationRow[]> {
    const tenantId = emTenantId(em);
    if (!tenantId) throw new Error('insertMany needs a tenant');
    const wanted = byDedupeKey(inputs);
    if (!wanted.size) return [];
    const keys = [...wanted.keys()];
    const existing = new Set<string>();
    for (let i = 0; !opts.fresh && i < keys.length; i += 1000) {
      const part = keys.slice(i, i + 1000);
      const rows = (await em
        .getConnection()
        .execute(
          `SELECT dedupe_key FROM notifications WHERE tenant_id = ? AND dedupe_key IN (${part.map(() => '?').join(', ')})`,
          [tenantId, ...part],
          'all',
          em.getTransactionContext(),
        )) as Array<{ dedupe_key: string }>;
      for (const r of rows) existing.add(r.dedupe_key);
    }
    const now = new Date();
    const created: NotificationRow[] = [];
    for (const [key, { userId, input }] of wanted) {
      if (existing.has(key)) continue;
      created.push({
        id: uuidv7(),
        tenantId,
        userId,
        kind: input.kind,
        title: input.title.slice(0, 120),
        body: input.body.slice(0, 1000),
        link: input.link ?? null,
        severity: input.severity ?? 'info',
        dedupeKey: key,
        readAt: null,
        createdAt: now,
      });
    }
    await insertRows(
      em,
      'notifications',
      created.map((n) => ({
        id: n.id,
        created_at: now,
        updated_at: now,
        tenant_id: tenantId,
        user_id: n.userId,
        kind: n.kind,
        title: n.title,
        body: n.body,
        link: n.link ?? null,
        severity: n.severity,
        dedupe_key: n.dedupeKey,
        read_at: null,
      })),
    );
    await auditCreates(
      em,
      'Notification',
      created.map((n) => ({
        id: n.id,
        scopeId: null,
        diff: { ...n, createdAt: now.toISOString(), updatedAt: now.toISOString() },
      })),
    );
    return created;
  }

  /** After the notifications are committed: live pushes, then the external channels (WeChat, SMS) hooked in. */
  async published(em: Em, created: NotificationRow[]): Promise<void> {
    if (!created.length) return;
    for (const n of created) this.#c.realtime.toUser(n.tenantId, n.userId, REALTIME_EVENTS.notification, livePush(n));
    for (const hook of this.#afterCreate) await hook(em, created);
  }

  async list(em: Em, userId: string, q: { page: number; pageSize: number; unread?: 'true' | 'false' }, lang: TextLang = 'zh-CN') {
    const where: Record<string, unknown> = { userId };
    if (q.unread === 'true') where.readAt = null;
    const [items, total] = await em.findAndCount(Notification, where, {
      orderBy: { createdAt: 'desc' },
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    });
    const unread = await em.count(Notification, { userId, readAt: null });
    return { items: items.map((n) => notificationDto(n, lang)), total, page: q.page, pageSize: q.pageSize, unread };
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
