import { defineEntity, p } from '@mikro-orm/core';
import { tenantProperties } from '../../core/db/base-entity.ts';

/**
 * A to-do raised by the system (an expired supply, stock below minimum, a certificate expiring, an overdue drill).
 * `dedupeKey` makes raising idempotent; fixing the cause closes it.
 */
export const TaskSchema = defineEntity({
  name: 'Task',
  tableName: 'tasks',
  uniques: [{ properties: ['tenantId', 'dedupeKey'] }],
  indexes: [{ properties: ['tenantId', 'enterpriseId', 'status'] }, { properties: ['tenantId', 'status', 'kind'] }],
  properties: {
    ...tenantProperties,
    enterpriseId: p.string().length(36).nullable(),
    kind: p.string().length(40),
    subjectType: p.string().length(40),
    subjectId: p.string().length(36),
    title: p.string().length(120),
    detail: p.string().length(500).nullable(),
    status: p.enum(['open', 'done', 'dismissed'] as const).default('open'),
    dueAt: p.datetime(3).nullable(),
    dedupeKey: p.string().length(150),
    resolvedAt: p.datetime(3).nullable(),
    resolvedBy: p.string().length(36).nullable(),
  },
});
export class Task extends TaskSchema.class {}
TaskSchema.setClass(Task);
