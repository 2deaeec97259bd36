import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { isEnterpriseRole } from '@yuanan/contracts';
import type { Actor } from '../../core/context/request-scope.ts';
import type { Em } from '../../core/db/orm.ts';
import { alreadyDecided, compareAndSet } from '../../core/db/compare-and-set.ts';
import { retryOnLockConflict } from '../../core/db/retry.ts';
import { iso, isoReq } from '../../core/http/serialize.ts';
import type { TextLang } from '../../core/i18n/stored-text.ts';
import { emitEvent } from '../../core/queue/outbox.ts';
import { Task } from './task.entity.ts';
import { TASK_RAISED } from './task.notify.ts';
import { taskText } from './task-text.ts';

export interface RaiseTask {
  kind: string;
  subjectType: string;
  subjectId: string;
  enterpriseId: string | null;
  title: string;
  detail?: string | null;
  dueAt?: Date | null;
  /** What makes this occurrence distinct (e.g. the expiry date): a new cause is a new task. */
  cause?: string;
}

/** A task for the api; title and detail in `lang` (stored Chinese, rendered on read: task-text.ts). */
export function taskDto(t: Task, lang: TextLang = 'zh-CN') {
  return {
    id: t.id,
    enterpriseId: t.enterpriseId ?? null,
    kind: t.kind,
    ...taskText(t, lang),
    status: t.status,
    dueAt: iso(t.dueAt),
    createdAt: isoReq(t.createdAt),
    resolvedAt: iso(t.resolvedAt),
  };
}

/** System to-dos: raising is idempotent (one task per kind, subject and cause); fixing the cause closes it. */
export class TaskService {
  /**
   * Raises a task once. Two raisers of the same tasks at once (the nightly job and a zone refresh) can deadlock on
   * the unique key's gap locks: the loser's insert was rolled back, so it is raised again (and finds the winner's).
   * Inside a caller's transaction the whole transaction was rolled back: that caller redoes it, not this.
   */
  raise(em: Em, t: RaiseTask): Promise<Task | null> {
    if (em.isInTransaction()) return this.#raiseOnce(em, t);
    return retryOnLockConflict(() => this.#raiseOnce(em, t));
  }

  async #raiseOnce(em: Em, t: RaiseTask): Promise<Task | null> {
    const dedupeKey = `${t.kind}:${t.subjectId}:${t.cause ?? ''}`.slice(0, 150);
    const existing = await em.findOne(Task, { dedupeKey });
    if (existing) return existing.status === 'open' ? existing : null;
    const fork = em.fork();
    const task = fork.create(Task, {
      kind: t.kind,
      subjectType: t.subjectType,
      subjectId: t.subjectId,
      enterpriseId: t.enterpriseId,
      title: t.title.slice(0, 120),
      detail: t.detail?.slice(0, 500) ?? null,
      status: 'open',
      dueAt: t.dueAt ?? null,
      dedupeKey,
      resolvedAt: null,
      resolvedBy: null,
    });
    // Committed with the task: the enterprise hears of it (task.notify.ts).
    emitEvent(fork, TASK_RAISED, { taskId: task.id, kind: t.kind });
    try {
      await fork.flush();
      return task;
    } catch (e) {
      if (e instanceof UniqueConstraintViolationException) return null; // raised concurrently
      throw e;
    }
  }

  /** Closes the open tasks of a kind for a subject (the cause went away). */
  async close(em: Em, kind: string, subjectId: string): Promise<number> {
    const open = await em.find(Task, { kind, subjectId, status: 'open' });
    for (const t of open) {
      t.status = 'done';
      t.resolvedAt = new Date();
    }
    return open.length;
  }

  async list(
    em: Em,
    actor: Actor,
    q: { page: number; pageSize: number; status?: string; enterpriseId?: string; kind?: string },
    lang: TextLang = 'zh-CN',
  ) {
    const where: Record<string, unknown> = {};
    if (q.status) where.status = q.status;
    if (q.kind) where.kind = q.kind;
    if (q.enterpriseId) where.enterpriseId = q.enterpriseId;
    if (isEnterpriseRole(actor.role)) where.enterpriseId = actor.enterpriseId;
    const [rows, total] = await em.findAndCount(Task, where, {
      orderBy: { createdAt: 'desc' },
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    });
    return { items: rows.map((t) => taskDto(t, lang)), total, page: q.page, pageSize: q.pageSize };
  }

  /**
   * Marks an open to-do done or dismissed: a compare-and-set (core/db/compare-and-set.ts) from `open`, so of two
   * people resolving it at once one wins and the other gets 409 `already_decided` with what happened.
   */
  async resolve(em: Em, actor: Actor, id: string, status: 'done' | 'dismissed', lang: TextLang = 'zh-CN') {
    return compareAndSet(em, {
      entity: Task,
      where: isEnterpriseRole(actor.role) ? { id, enterpriseId: actor.enterpriseId } : { id },
      what: 'task',
      expect: (t) =>
        t.status === 'open'
          ? null
          : alreadyDecided(
              t.status === 'done'
                ? { zh: '该待办已经办结', en: 'the to-do was already marked done' }
                : { zh: '该待办已经忽略', en: 'the to-do was already dismissed' },
            ),
      lost: () => alreadyDecided(),
      set: (t) => {
        t.status = status;
        t.resolvedAt = new Date();
        t.resolvedBy = actor.userId;
        return taskDto(t, lang);
      },
    });
  }
}
