import type { EntityClass } from '@mikro-orm/core';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { z } from 'zod';
import { ref, type Permission } from '@yuanan/contracts';
import { localDate } from '@yuanan/domain';
import type { Container } from '../../core/container.ts';
import type { Actor } from '../../core/context/request-scope.ts';
import type { Em } from '../../core/db/orm.ts';
import { callerOf } from '../../core/http/client-info.ts';
import { AppError, notFound } from '../../core/http/problem.ts';
import { defineRoute, type AnyRoute } from '../../core/http/route.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import type { Enterprise } from './enterprise.entity.ts';
import { visibleEnterprise, writableEnterprise } from './enterprise-scope.ts';

/** What a record spec's hooks get: the zone, today's date there, and the caller. */
export interface RecordContext {
  c: Container;
  em: Em;
  actor: Actor;
  tenant: TenantInfo;
  /** Today in the zone's time zone (YYYY-MM-DD). */
  today: string;
  enterprise: Enterprise;
}

type Row = { id: string; enterpriseId: string } & Record<string, unknown>;

/**
 * One kind of enterprise sub-record (contacts, certificates, …): its schemas, how input becomes a row and a row
 * becomes output, and what else must happen after a change (events, tasks).
 */
export interface RecordSpec<R extends Row = Row> {
  /** URL segment under /enterprises/:id/ */
  path: string;
  /** Kind name for ids (`x-ref`) and operation ids. */
  ref: string;
  label: string;
  entity: EntityClass<R>;
  input: z.ZodType;
  output: z.ZodType;
  orderBy: Record<string, 'asc' | 'desc'>;
  /** Zone roles also need this to write (enterprise users write their own enterprise's records). */
  zonePermission?: Permission;
  toRow: (
    input: Record<string, unknown>,
    ctx: RecordContext,
    existing: R | null,
  ) => Promise<Record<string, unknown>> | Record<string, unknown>;
  toDtos: (rows: R[], ctx: RecordContext) => Promise<unknown[]> | unknown[];
  afterChange?: (row: R, op: 'create' | 'update' | 'delete', ctx: RecordContext) => Promise<void> | void;
  duplicateMessage?: string;
}

async function context(c: Container, em: Em, actor: Actor, tenant: TenantInfo, enterprise: Enterprise): Promise<RecordContext> {
  return { c, em, actor, tenant, today: localDate(new Date(), tenant.timeZone), enterprise };
}

function duplicate(spec: RecordSpec, e: unknown): never {
  if (e instanceof UniqueConstraintViolationException) {
    throw new AppError(409, 'duplicate', `${spec.label} already exists`, {
      errors: [{ path: '', code: 'duplicate', message: spec.duplicateMessage ?? `已存在相同的${spec.label}` }],
    });
  }
  throw e;
}

/** The five routes of a sub-record kind: list, create (idempotent), replace, delete. */
export function recordRoutes(c: Container, spec: RecordSpec): AnyRoute[] {
  const tags = ['企业档案 Enterprise file'];
  const parent = z.strictObject({ id: ref('enterprise') });
  const one = z.strictObject({ id: ref('enterprise'), recordId: ref(spec.ref) });
  const zonePermission = spec.zonePermission ?? 'enterprises.manage';
  const load = async (em: Em, enterpriseId: string, recordId: string) => {
    const row = (await em.findOne(spec.entity, { id: recordId, enterpriseId } as never)) as Row | null;
    if (!row) throw notFound(spec.label);
    return row;
  };
  return [
    defineRoute({
      method: 'get',
      path: `/enterprises/:id/${spec.path}`,
      operationId: `enterprises.${spec.path}.list`,
      summary: `${spec.label} of an enterprise`,
      tags,
      auth: 'enterprises.read',
      params: parent,
      response: z.array(spec.output),
      handler: async ({ ctx, params }) => {
        const { em, actor, tenant } = callerOf(ctx);
        const e = await visibleEnterprise(em, actor, params.id);
        const rows = (await em.find(spec.entity, { enterpriseId: e.id } as never, {
          orderBy: spec.orderBy as never,
          limit: 2000,
        })) as Row[];
        return spec.toDtos(rows, await context(c, em, actor, tenant, e));
      },
    }),
    defineRoute({
      method: 'post',
      path: `/enterprises/:id/${spec.path}`,
      operationId: `enterprises.${spec.path}.create`,
      summary: `Add ${spec.label}`,
      tags,
      auth: 'enterprises.records.write',
      params: parent,
      body: spec.input,
      response: spec.output,
      idempotent: true,
      handler: async ({ ctx, params, body }) => {
        const { em, actor, tenant } = callerOf(ctx);
        const e = await writableEnterprise(em, actor, params.id, zonePermission);
        const rc = await context(c, em, actor, tenant, e);
        const row = em.create(spec.entity, {
          ...(await spec.toRow(body as Record<string, unknown>, rc, null)),
          enterpriseId: e.id,
        } as never) as Row;
        await spec.afterChange?.(row, 'create', rc);
        await em.flush().catch((err: unknown) => duplicate(spec, err));
        return (await spec.toDtos([row], rc))[0];
      },
    }),
    defineRoute({
      method: 'put',
      path: `/enterprises/:id/${spec.path}/:recordId`,
      operationId: `enterprises.${spec.path}.replace`,
      summary: `Change ${spec.label}`,
      tags,
      auth: 'enterprises.records.write',
      params: one,
      body: spec.input,
      response: spec.output,
      handler: async ({ ctx, params, body }) => {
        const { em, actor, tenant } = callerOf(ctx);
        const e = await writableEnterprise(em, actor, params.id, zonePermission);
        const rc = await context(c, em, actor, tenant, e);
        const row = await load(em, e.id, params.recordId);
        em.assign(row, await spec.toRow(body as Record<string, unknown>, rc, row));
        await spec.afterChange?.(row, 'update', rc);
        await em.flush().catch((err: unknown) => duplicate(spec, err));
        return (await spec.toDtos([row], rc))[0];
      },
    }),
    defineRoute({
      method: 'delete',
      path: `/enterprises/:id/${spec.path}/:recordId`,
      operationId: `enterprises.${spec.path}.delete`,
      summary: `Remove ${spec.label}`,
      tags,
      auth: 'enterprises.records.write',
      params: one,
      responseType: 'empty',
      handler: async ({ ctx, params }) => {
        const { em, actor, tenant } = callerOf(ctx);
        const e = await writableEnterprise(em, actor, params.id, zonePermission);
        const rc = await context(c, em, actor, tenant, e);
        const row = await load(em, e.id, params.recordId);
        em.remove(row);
        await spec.afterChange?.(row, 'delete', rc);
        await em.flush();
      },
    }),
  ];
}
