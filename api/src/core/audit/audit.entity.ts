import { defineEntity, p } from '@mikro-orm/core';

/**
 * The append-only trail (留痕). Rows are inserted in the same transaction as the change they describe, with an
 * auto-increment id; the chainer then gives each tenant's rows a gap-free `seq` and a hash over the previous
 * row's hash and this row's content. Database triggers refuse updates of a chained row and all deletes.
 */
export const AuditLogSchema = defineEntity({
  name: 'AuditLog',
  tableName: 'audit_log',
  // The trail is append-only in the database itself: a chained row cannot change, an unchained row only gets its
  // chain fields, and nothing is deleted. (The tamper test drops these to play the attacker.)
  triggers: [
    {
      name: 'audit_log_append_only',
      timing: 'before',
      events: ['update'],
      body: `IF OLD.hash IS NOT NULL OR NOT (OLD.tenant_id <=> NEW.tenant_id AND OLD.at <=> NEW.at AND OLD.actor_id <=> NEW.actor_id AND OLD.actor_name <=> NEW.actor_name AND OLD.role <=> NEW.role AND OLD.action <=> NEW.action AND OLD.entity_type <=> NEW.entity_type AND OLD.entity_id <=> NEW.entity_id AND OLD.scope_id <=> NEW.scope_id AND OLD.op <=> NEW.op AND OLD.diff <=> NEW.diff AND OLD.ip <=> NEW.ip AND OLD.user_agent <=> NEW.user_agent AND OLD.request_id <=> NEW.request_id) THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_log is append-only'; END IF;`,
    },
    {
      name: 'audit_log_no_delete',
      timing: 'before',
      events: ['delete'],
      body: `SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_log is append-only';`,
    },
  ],
  uniques: [{ properties: ['tenantId', 'seq'] }],
  indexes: [
    { properties: ['tenantId', 'entityType', 'entityId'] },
    { properties: ['tenantId', 'at'] },
    { properties: ['tenantId', 'hash'] },
    { properties: ['tenantId', 'scopeId'] },
  ],
  properties: {
    id: p.bigint('string').primary().autoincrement(),
    tenantId: p.string().length(36),
    seq: p.bigint('number').nullable(),
    at: p.datetime(3),
    actorId: p.string().length(36).nullable(),
    actorName: p.string().length(64).nullable(),
    role: p.string().length(32).nullable(),
    action: p.string().length(100),
    entityType: p.string().length(60),
    entityId: p.string().length(64).nullable(),
    /** The enterprise a change belongs to (its own row or a sub-record), for per-enterprise history. */
    scopeId: p.string().length(36).nullable(),
    op: p.enum(['create', 'update', 'delete', 'event'] as const),
    diff: p.json<Record<string, unknown>>(),
    ip: p.string().length(64).nullable(),
    userAgent: p.string().length(300).nullable(),
    requestId: p.string().length(64).nullable(),
    prevHash: p.string().length(64).nullable(),
    hash: p.string().length(64).nullable(),
  },
});
export class AuditLog extends AuditLogSchema.class {}
AuditLogSchema.setClass(AuditLog);

/** Per-tenant head of the chain: the row lock here serialises chaining, not the business writes. */
export const AuditHeadSchema = defineEntity({
  name: 'AuditHead',
  tableName: 'audit_heads',
  properties: {
    tenantId: p.string().length(36).primary(),
    lastSeq: p.bigint('number'),
    lastHash: p.string().length(64),
    lastId: p.bigint('string'),
  },
});
export class AuditHead extends AuditHeadSchema.class {}
AuditHeadSchema.setClass(AuditHead);
