import { auditEntry, auditQuery, auditVerifyResult, page } from '@yuanan/contracts';
import { recordEvent } from '../../core/audit/audit-recorder.ts';
import { AuditLog } from '../../core/audit/audit.entity.ts';
import type { Container } from '../../core/container.ts';
import { callerOf } from '../../core/http/client-info.ts';
import { defineRoute, type AnyRoute } from '../../core/http/route.ts';
import { isoReq } from '../../core/http/serialize.ts';

export function auditDto(a: AuditLog) {
  return {
    id: String(a.id),
    seq: a.seq ?? null,
    at: isoReq(a.at),
    actorId: a.actorId ?? null,
    actorName: a.actorName ?? null,
    role: a.role ?? null,
    action: a.action,
    entityType: a.entityType,
    entityId: a.entityId ?? null,
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
      handler: async ({ ctx, query }) => {
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
        return { items: items.map(auditDto), total, page: query.page, pageSize: query.pageSize };
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
