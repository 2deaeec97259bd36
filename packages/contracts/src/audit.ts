import { z } from 'zod';
import { isoDateTime, zId } from './common.ts';

export const auditEntry = z.object({
  id: z.string(),
  seq: z.number().int().nullable(),
  at: isoDateTime,
  actorId: zId.nullable(),
  actorName: z.string().nullable(),
  role: z.string().nullable(),
  action: z.string(),
  /** The action in words, in the caller's language (Accept-Language): 隐患上报 / Report hazard. */
  actionLabel: z.string(),
  entityType: z.string(),
  /** The entity type in words, in the caller's language: 企业档案 / Enterprise file. */
  entityTypeLabel: z.string(),
  entityId: z.string().nullable(),
  /** What the entity is called, when the trail knows: a hazard's code, an enterprise's or a person's name… */
  entityName: z.string().nullable(),
  op: z.enum(['create', 'update', 'delete', 'event']),
  diff: z.record(z.string(), z.unknown()),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  requestId: z.string().nullable(),
  hash: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof auditEntry>;
export const auditQuery = z.strictObject({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  entityType: z.string().max(60).optional(),
  entityId: z.string().max(60).optional(),
  actorId: z.uuid().optional(),
  action: z.string().max(100).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
export const auditVerifyResult = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  headSeq: z.number().int().nullable(),
  firstBroken: z
    .object({ seq: z.number().int(), id: z.string(), reason: z.enum(['hash_mismatch', 'prev_mismatch', 'gap']) })
    .nullable(),
});
