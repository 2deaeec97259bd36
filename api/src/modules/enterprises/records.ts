import type { EntityClass } from '@mikro-orm/core';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { z } from 'zod';
import { ref, type Permission } from '@yuanan/contracts';
import { localDate } from '@yuanan/domain';
import type { Container } from '../../core/container.ts';
import type { Actor } from '../../core/context/request-scope.ts';
import type { Em } from '../../core/db/orm.ts';
import { compareAndSet } from '../../core/db/compare-and-set.ts';
import { callerOf } from '../../core/http/client-info.ts';
import { AppError, notFound } from '../../core/http/problem.ts';
import { defineRoute, type AnyRoute } from '../../core/http/route.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import { Enterprise } from './enterprise.entity.ts';
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
  /**
   * The same record already exists when this says so of a row of the enterprise (e.g. a contact with the same name
   * and phone, whose phone is sealed so no unique index can see it). Checked on create and change; 409 `duplicate`.
   */
  sameAs?: (input: Record<string, unknown>, row: R, ctx: RecordContext) => boolean;
}

async function context(c: Container, em: Em, actor: Actor, tenant: TenantInfo, enterprise: Enterprise): Promise<RecordContext> {
  return { c, em, actor, tenant, today: localDate(new Date(), tenant.timeZone), enterprise };
}

/** 409 `duplicate` for a record that already exists. */
const duplicateProblem = (spec: RecordSpec) =>
  new AppError(409, 'duplicate', `${spec.label} already exists`, {
    errors: [{ path: '', code: 'duplicate', message: spec.duplicateMessage ?? `已存在相同的${spec.label}` }],
  });

function duplicate(spec: RecordSpec, e: unknown): never {
  if (e instanceof UniqueConstraintViolationException) throw duplicateProblem(spec);
  throw e;
}

/** Refuses with 409 when `spec.sameAs` finds the input among the enterprise's other rows. */
async function refuseSame(spec: RecordSpec, em: Em, input: Record<string, unknown>, rc: RecordContext, selfId?: string) {
  if (!spec.sameAs) return;
  const rows = (await em.find(spec.entity, { enterpriseId: rc.enterprise.id } as never)) as Row[];
  if (rows.some((r) => r.id !== selfId && spec.sameAs!(input, r, rc))) throw duplicateProblem(spec);
}

/**
 * A create or replace (`write`, given the transaction's em and context). A kind that refuses duplicates
 * (`sameAs`) checks and writes under the enterprise's row lock (compare-and-set.ts: the parent first), so two
 * identical requests at once make one row and a 409; `selfId` is the row being replaced. Errors: 409 `duplicate`.
 */
async function writeRecord(
  spec: RecordSpec,
  rc: RecordContext,
  input: Record<string, unknown>,
  selfId: string | undefined,
  write: (em: Em, rc: RecordContext) => Promise<Row>,
): Promise<Row> {
  const { em } = rc;
  if (!spec.sameAs) {
    const row = await write(em, rc);
    await em.flush().catch((err: unknown) => duplicate(spec, err));
    return row;
  }
  return compareAndSet(em, {
    entity: Enterprise,
    where: { id: rc.enterprise.id },
    what: 'enterprise',
    set: async (_locked, tx) => {
      const inTx = { ...rc, em: tx };
      await refuseSame(spec, tx, input, inTx, selfId);
      return write(tx, inTx);
    },
  }).catch((err: unknown) => duplicate(spec, err));
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
        const input = body as Record<string, unknown>;
        const row = await writeRecord(spec, rc, input, undefined, async (tx, trc) => {
          const created = tx.create(spec.entity, { ...(await spec.toRow(input, trc, null)), enterpriseId: e.id } as never) as Row;
          await spec.afterChange?.(created, 'create', trc);
          return created;
        });
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
        const seen = await load(em, e.id, params.recordId);
        const input = body as Record<string, unknown>;
        const row = await writeRecord(spec, rc, input, seen.id, async (tx, trc) => {
          const current = tx === em ? seen : await load(tx, e.id, seen.id);
          tx.assign(current, await spec.toRow(input, trc, current));
          await spec.afterChange?.(current, 'update', trc);
          return current;
        });
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
