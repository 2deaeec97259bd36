import {
  auditActionLabel,
  auditEntityLabel,
  auditEntry,
  auditQuery,
  auditVerifyResult,
  page,
  type MessageLang,
} from '@yuanan/contracts';
import { recordEvent } from '../../core/audit/audit-recorder.ts';
import { AuditLog } from '../../core/audit/audit.entity.ts';
import type { Container } from '../../core/container.ts';
import { callerOf } from '../../core/http/client-info.ts';
import { defineRoute, type AnyRoute } from '../../core/http/route.ts';
import { isoReq } from '../../core/http/serialize.ts';
import { auditEntityName, auditEntityNames } from './audit-names.ts';

/**
 * One audit row for the api. `actionLabel` and `entityTypeLabel` are the catalogue's words
 * (`@yuanan/contracts` audit-labels.ts) in `lang`, the caller's language (Accept-Language; Chinese by default);
 * `entityName` what the entity is called (audit-names.ts), when known.
 */
export function auditDto(a: AuditLog, lang: MessageLang = 'zh-CN', entityName: string | null = null) {
  return {
    id: String(a.id),
    seq: a.seq ?? null,
    at: isoReq(a.at),
    actorId: a.actorId ?? null,
    actorName: a.actorName ?? null,
    role: a.role ?? null,
    action: a.action,
    actionLabel: auditActionLabel(a.action, lang),
    entityType: a.entityType,
    entityTypeLabel: auditEntityLabel(a.entityType, lang),
    entityId: a.entityId ?? null,
    entityName,
    op: a.op,
    diff: (typeof a.diff === 'string' ? JSON.parse(a.diff) : a.diff) as Record<string, unknown>,
    ip: a.ip ?? null,
    userAgent: a.userAgent ?? null,
    requestId: a.requestId ?? null,
    hash: a.hash ?? null,
  };
}

export function auditRoutes(c: Container): AnyRoute[] {
  const tags = ['留痕 Audit'];
  return [
    defineRoute({
      method: 'get',
      path: '/audit',
      operationId: 'audit.list',
      summary: 'The audit trail (newest first)',
      tags,
      auth: 'audit.read',
      tenant: 'any',
      query: auditQuery,
      response: page(auditEntry),
      handler: async ({ ctx, query, lang }) => {
        const { em } = callerOf(ctx);
        const where: Record<string, unknown> = {};
        if (query.entityType) where.entityType = query.entityType;
        if (query.entityId) where.entityId = query.entityId;
        if (query.actorId) where.actorId = query.actorId;
        if (query.action) where.action = { $like: `${query.action}%` };
        if (query.from || query.to)
          where.at = { ...(query.from ? { $gte: new Date(query.from) } : {}), ...(query.to ? { $lt: new Date(query.to) } : {}) };
        const [items, total] = await em.findAndCount(AuditLog, where, {
          orderBy: { id: 'desc' },
          limit: query.pageSize,
          offset: (query.page - 1) * query.pageSize,
        });
        // Named through the same tenant-filtered EntityManager: only this zone's entities.
        const names = await auditEntityNames(em, items);
        return {
          items: items.map((a) => auditDto(a, lang, auditEntityName(names, a))),
          total,
          page: query.page,
          pageSize: query.pageSize,
        };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/audit/verify',
      operationId: 'audit.verify',
      summary: 'Verify the hash chain; names the first broken link',
      tags,
      auth: 'audit.verify',
      tenant: 'any',
      response: auditVerifyResult,
      status: 200,
      handler: async ({ ctx }) => {
        const { em, tenant } = callerOf(ctx);
        const result = await c.audit.verify(tenant.id);
        recordEvent(em, {
          entityType: 'AuditChain',
          entityId: tenant.id,
          details: { ok: result.ok, checked: result.checked, firstBroken: result.firstBroken },
        });
        await em.flush();
        return result;
      },
    }),
  ];
}
